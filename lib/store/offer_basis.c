/* offer_basis.c — what keeps an open offer's legal basis (store_offers.h;
 * docs/law.md §2.12): the open offers a designation change would leave
 * without one, the open offers that hold a cadastral parcel, the lock an
 * offer registration takes on its designation, and the decisions recorded
 * late that the alert job has still to report (store_alerts.h).
 *
 * Which statuses are open is the domain's (wvlv_offer_status_is_open): it
 * comes in as a text[] parameter built from the status table.  Migration 0010
 * keeps the parcels of open offers unique per municipality as the backstop. */
#include "wvlv/store_alerts.h"
#include "wvlv/store_offers.h"

#include <stdio.h>
#include <string.h>

#include "offer_ground.h"

/* The parcels of offer s, comma-separated, in the order stored. */
#define SQL_PARCELS                                                                      \
	"COALESCE((SELECT string_agg(p.parcel, ', ' ORDER BY p.i)"                        \
	" FROM jsonb_array_elements_text(COALESCE(s.property -> 'cadastralParcels',"      \
	" '[]'::jsonb)) WITH ORDINALITY AS p(parcel, i)), '')"

/* The open offers ($2) resting on designation $1 that its stored state no
 * longer carries: the measure voorkeursrecht gone, the location outside the
 * geometry, or a withdrawal dated on or before the receipt. */
static const char SQL_WITHOUT_BASIS[] =
	"SELECT s.id::text, " SQL_DATE("s.received_on") ", " SQL_PARCELS
	" FROM sale_notifications s JOIN designations d ON d.id = s.designation_id"
	" WHERE s.designation_id = $1::uuid AND s.status = ANY ($2::text[])"
	" AND (NOT ('voorkeursrecht' = ANY (d.measures))"
	" OR NOT ST_Covers(d.geom, s.location)"
	" OR (d.withdrawn_on IS NOT NULL AND d.withdrawn_on <= s.received_on))"
	" ORDER BY s.received_on, s.created_at, s.id";

/* The open offers ($2) of municipality $1 naming a parcel of the property
 * $3 (JSON object text), with the parcels they share. */
static const char SQL_ON_PARCELS[] =
	"SELECT s.id::text, " SQL_DATE("s.received_on") ","
	" string_agg(p.parcel, ', ' ORDER BY p.i)"
	" FROM sale_notifications s,"
	" jsonb_array_elements_text(COALESCE(s.property -> 'cadastralParcels', '[]'::jsonb))"
	" WITH ORDINALITY AS p(parcel, i)"
	" WHERE s.municipality_code = $1::text AND s.status = ANY ($2::text[])"
	" AND p.parcel IN (SELECT jsonb_array_elements_text($3::jsonb -> 'cadastralParcels'))"
	" GROUP BY s.id, s.received_on, s.created_at"
	" ORDER BY s.received_on, s.created_at, s.id";

static const char SQL_LOCK_SHARE[] =
	"SELECT 1 FROM designations WHERE id = $1::uuid FOR SHARE";

/* Decisions whose data says recordedLate that the ledger has not had as
 * delivered on stdout (or, with a webhook, there). */
#define SQL_DELIVERED(channel)                                                       \
	"EXISTS (SELECT FROM alert_ledger l WHERE l.kind = $1::text"                  \
	" AND l.entity_id = s.id AND l.due_date = s.response_deadline"                \
	" AND l.threshold = 0 AND l.channel = '" channel "' AND l.delivered_at IS NOT NULL)"
static const char SQL_LATE_DECISIONS[] =
	"SELECT s.id::text, s.municipality_code, s.designation_id::text, d.name,"
	" " SQL_DATE("s.response_deadline") ", " SQL_DATE("e.on_date") ","
	" " SQL_DATE("(e.recorded_at AT TIME ZONE 'Europe/Amsterdam')::date")
	" FROM sale_notification_events e"
	" JOIN sale_notifications s ON s.id = e.sale_notification_id"
	" LEFT JOIN designations d ON d.id = s.designation_id"
	" WHERE e.type = 'decision' AND e.data @> '{\"recordedLate\": true}'"
	" AND s.response_deadline IS NOT NULL"
	" AND (NOT " SQL_DELIVERED("stdout") " OR ($2::boolean AND NOT " SQL_DELIVERED("webhook") "))"
	" ORDER BY e.recorded_at, s.id";

/* The open statuses as a text[] literal: "{received,negotiating,…}". */
static const char *open_statuses(char *buf, size_t size)
{
	size_t len = 0;
	buf[len++] = '{';
	for (int s = WVLV_OFFER_RECEIVED; s <= WVLV_OFFER_EXEMPT; s++) {
		const char *name = wvlv_offer_status_name((wvlv_offer_status)s);
		if (!name || !wvlv_offer_status_is_open((wvlv_offer_status)s))
			continue;
		int w = snprintf(buf + len, size - len, "%s%s", len > 1 ? "," : "", name);
		if (w < 0 || (size_t)w >= size - len - 1)
			break;
		len += (size_t)w;
	}
	buf[len++] = '}';
	buf[len] = '\0';
	return buf;
}

static wvlv_status open_offer_row(const PGresult *res, int r, wvlv_arena *arena, void *item,
				  wvlv_error *err)
{
	(void)arena;
	wvlv_open_offer *o = item;
	snprintf(o->id, sizeof(o->id), "%s", PQgetvalue(res, r, 0));
	o->parcels = PQgetvalue(res, r, 2);
	return wvlv_db_date_value(res, r, 1, &o->received_on, err);
}

wvlv_status wvlv_store_offers_without_basis(wvlv_db *db, wvlv_arena *arena,
					    const char *designation_id, wvlv_open_offer **rows,
					    size_t *n, wvlv_error *err)
{
	*rows = NULL;
	*n = 0;
	if (!wvlv_uuid_shaped(designation_id))
		return WVLV_OK;
	char statuses[160];
	const char *params[] = { designation_id, open_statuses(statuses, sizeof(statuses)) };
	*rows = wvlv_db_read_rows(db, arena, SQL_WITHOUT_BASIS, 2, params, sizeof(**rows),
				  open_offer_row, n, err);
	return *rows ? WVLV_OK : err->status;
}

wvlv_status wvlv_store_offers_open_on_parcels(wvlv_db *db, wvlv_arena *arena,
					      const char *municipality_code,
					      const char *property_json, wvlv_open_offer **rows,
					      size_t *n, wvlv_error *err)
{
	*rows = NULL;
	*n = 0;
	char statuses[160];
	const char *params[] = { municipality_code, open_statuses(statuses, sizeof(statuses)),
				 property_json };
	*rows = wvlv_db_read_rows(db, arena, SQL_ON_PARCELS, 3, params, sizeof(**rows),
				  open_offer_row, n, err);
	return *rows ? WVLV_OK : err->status;
}

wvlv_status wvlv_store_designation_lock_share(wvlv_db *db, const char *id, wvlv_error *err)
{
	if (!wvlv_uuid_shaped(id))
		return wvlv_error_set(err, WVLV_ENOTFOUND, "not-found",
				      "the designation does not exist");
	const char *params[] = { id };
	PGresult *res = wvlv_db_query(db, SQL_LOCK_SHARE, 1, params, PGRES_TUPLES_OK, err);
	if (!res)
		return err->status;
	int rows = PQntuples(res);
	PQclear(res);
	return rows == 1 ? WVLV_OK
			 : wvlv_error_set(err, WVLV_ENOTFOUND, "not-found",
					  "the designation does not exist");
}

static wvlv_status late_row(const PGresult *res, int r, wvlv_arena *arena, void *item,
			    wvlv_error *err)
{
	(void)arena;
	wvlv_late_decision *d = item;
	snprintf(d->sale_notification_id, sizeof(d->sale_notification_id), "%s",
		 PQgetvalue(res, r, 0));
	snprintf(d->municipality_code, sizeof(d->municipality_code), "%s", PQgetvalue(res, r, 1));
	snprintf(d->designation_id, sizeof(d->designation_id), "%s", PQgetvalue(res, r, 2));
	d->designation_name = wvlv_db_value_or_null(res, r, 3);
	wvlv_status st = wvlv_db_date_value(res, r, 4, &d->response_deadline, err);
	if (st == WVLV_OK)
		st = wvlv_db_date_value(res, r, 5, &d->decided_on, err);
	return st == WVLV_OK ? wvlv_db_date_value(res, r, 6, &d->recorded_on, err) : st;
}

wvlv_status wvlv_store_late_decisions(wvlv_db *db, wvlv_arena *arena, const char *kind,
				      bool webhook, wvlv_late_decision **rows, size_t *n,
				      wvlv_error *err)
{
	const char *params[] = { kind, webhook ? "true" : "false" };
	*rows = wvlv_db_read_rows(db, arena, SQL_LATE_DECISIONS, 2, params, sizeof(**rows),
				  late_row, n, err);
	return *rows ? WVLV_OK : err->status;
}

/* ---- the ground of a new offer, in one round trip --------------------------------- */

/* Rows of a step's result as items (in the arena, which keeps the result). */
static void *ground_rows(wvlv_arena *arena, PGresult **res, size_t size, wvlv_db_row_fn decode,
			 size_t *count, wvlv_error *err)
{
	int rows;
	PGresult *res_kept = *res;
	*res = NULL;
	char *items = wvlv_db_rows_alloc(arena, res_kept, size, &rows);
	wvlv_arena_on_destroy(arena, wvlv_db_clear_result, res_kept);
	*count = 0;
	for (int r = 0; r < rows; r++)
		if (decode(res_kept, r, arena, items + (size_t)r * size, err) != WVLV_OK)
			return NULL;
	*count = (size_t)rows;
	return items;
}

/* The verdict of the steps, in their order: the point first. */
static wvlv_status ground_judge(wvlv_db_step *s, int failed, wvlv_status st, wvlv_crs crs,
				const char *param, wvlv_error *err)
{
	if (failed == 0 && st != WVLV_EUNAVAIL && st != WVLV_EINTERNAL) {
		/* PostGIS could not read it (the transaction failed with it) */
		wvlv_error_clear(err);
		wvlv_error_set(err, WVLV_EINVAL, "invalid-geometry", "%s is not a GeoJSON geometry",
			       param);
		wvlv_error_add_param(err, param, "not-geojson", "is not a GeoJSON geometry");
		return WVLV_EINVAL;
	}
	if (failed > 0 || (st != WVLV_OK && failed < 0)) {
		/* a later step failed: the point's verdict still comes first */
		if (s[0].res && PQntuples(s[0].res) == 1) {
			wvlv_error perr;
			wvlv_error_clear(&perr);
			if (wvlv_point_judge(s[0].res, crs, param, &perr) != WVLV_OK) {
				*err = perr;
				return perr.status;
			}
		}
		return st;
	}
	if (PQntuples(s[0].res) != 1)
		return wvlv_db_internal(err, "point check: no row");
	return wvlv_point_judge(s[0].res, crs, param, err);
}

wvlv_status wvlv_store_offer_ground(wvlv_db *db, wvlv_arena *arena, const char *municipality_code,
				   const char *point_json, wvlv_crs crs, const char *param,
				   wvlv_date on, const char *designation_id,
				   wvlv_offer_ground *out, wvlv_error *err)
{
	memset(out, 0, sizeof(*out));
	if (!point_json) {
		wvlv_error_set(err, WVLV_EINVAL, "invalid-geometry", "%s is required", param);
		wvlv_error_add_param(err, param, "required", "is required");
		return WVLV_EINVAL;
	}
	char srid[16], day[WVLV_DATE_STRLEN];
	const char *point[] = { point_json, wvlv_db_srid_param(crs, srid) };
	const char *find[] = { municipality_code, point_json, srid, wvlv_db_date_param(on, day),
			       !designation_id ? NULL
			       : wvlv_uuid_shaped(designation_id) ? designation_id
								   : WVLV_DB_NIL_UUID };
	wvlv_db_step s[3] = {
		{ wvlv_sql_point_check, 2, point, PGRES_TUPLES_OK, true, NULL },
		{ wvlv_sql_find_designation_share, 5, find, PGRES_TUPLES_OK, false, NULL },
		{ wvlv_sql_equated_list, 0, NULL, PGRES_TUPLES_OK, false, NULL },
	};
	int failed;
	wvlv_status st = wvlv_db_steps(db, s, 3, &failed, err);
	st = ground_judge(s, failed, st, crs, param, err);
	if (st == WVLV_OK && PQntuples(s[1].res) == 1)
		snprintf(out->designation_id, sizeof(out->designation_id), "%s",
			 PQgetvalue(s[1].res, 0, 0));
	else if (st == WVLV_OK)
		st = wvlv_error_set(err, WVLV_ENOTFOUND, "no-designation",
				    "no designation with a voorkeursrecht in force on %s covers "
				    "the property's location", day);
	if (st == WVLV_OK)
		out->equated = ground_rows(arena, &s[2].res, sizeof(*out->equated),
					   wvlv_equated_row, &out->n_equated, err);
	if (st == WVLV_OK && !out->equated)
		st = err->status;
	for (int i = 0; i < 3; i++)
		PQclear(s[i].res);
	return st;
}
