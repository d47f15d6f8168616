/* designation_writes.c — writing designations to PostgreSQL + PostGIS (see
 * store_designations.h): the insert, a patch, a new period and the
 * withdrawal, and the two statements a write makes first for the place cap:
 * the lock on the municipality's designation writes and the query of the
 * designations a geometry overlaps.  Checking and reading them is in
 * designations.c.
 *
 * Geometry arrives as GeoJSON text in CRS84 or RD and is stored once, as a
 * MultiPolygon in EPSG:28992; the two GeoJSON encodings served to clients
 * are made by the table's trigger when a row is written (migration 0021).
 * Arrays (measures, BAG ids) go in as JSON text, dates as 'YYYY-MM-DD'.  No
 * legal rule is decided here.
 */
#include "wvlv/store_designations.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "db_internal.h"
#include "designation_internal.h"
#include "designation_sql.h"

/* ---- SQL ------------------------------------------------------------------- */

/* A JSON array of strings → text[], in order. */
#define SQL_TEXT_ARRAY(json)                                                   \
	"ARRAY(SELECT e FROM json_array_elements_text(" json "::json)"         \
	" WITH ORDINALITY AS t(e, i) ORDER BY i)"

/* Lock space of designation writes: ("wvl" 1, hashtext(municipality)). */
static const char SQL_LOCK_MUNICIPALITY[] =
	"SELECT pg_advisory_xact_lock(2004249601, hashtext($1))";

#define SQL_OVERLAP_COLUMNS \
	"SELECT d.id::text, d.name, " SQL_DATE("d.designated_from") ", " SQL_DATE("d.designated_until")

static const char SQL_OVERLAPS_GEOJSON[] =
	SQL_OVERLAP_COLUMNS
	" FROM designations d, (SELECT " SQL_GEOM_IN("$2", "$3") " AS g) q"
	" WHERE d.municipality_code = $1 AND ($4::uuid IS NULL OR d.id <> $4::uuid)"
	" AND " SQL_OVERLAPS("d.geom", "q.g")
	" ORDER BY d.created_at, d.id";

/* No row: of_id does not exist; one row of NULLs: no overlaps. */
static const char SQL_OVERLAPS_OF_ID[] =
	SQL_OVERLAP_COLUMNS
	" FROM (SELECT geom AS g FROM designations WHERE id = $2::uuid"
	" AND municipality_code = $1) q"
	" LEFT JOIN designations d ON d.municipality_code = $1 AND d.id <> $2::uuid"
	" AND ($3::uuid IS NULL OR d.id <> $3::uuid) AND " SQL_OVERLAPS("d.geom", "q.g")
	" ORDER BY d.created_at, d.id";

static const char SQL_INSERT[] =
	"WITH d AS (INSERT INTO designations (municipality_code, kind, name, measures, geom,"
	" bag_ids, designated_from, designated_until)"
	" VALUES ($1, $2, $3, " SQL_TEXT_ARRAY("$4") ", " SQL_GEOM_IN("$5", "$6") ", "
	SQL_TEXT_ARRAY("$7") ", $8::date, $9::date)"
	" RETURNING id, municipality_code),"
	" p AS (INSERT INTO designation_periods (designation_id, municipality_code, sequence,"
	" start_date, end_date, kind, decision_reference)"
	" SELECT id, municipality_code, 1, $8::date, $9::date, 'initial', $10 FROM d)"
	" SELECT id::text FROM d";

static const char SQL_UPDATE[] =
	"UPDATE designations SET"
	" name = COALESCE($2::text, name),"
	" kind = COALESCE($3::text, kind),"
	" measures = CASE WHEN $4::text IS NULL THEN measures ELSE " SQL_TEXT_ARRAY("$4") " END,"
	" geom = COALESCE(" SQL_GEOM_IN("$5", "$6") ", geom),"
	" bag_ids = CASE WHEN $7::text IS NULL THEN bag_ids ELSE " SQL_TEXT_ARRAY("$7") " END,"
	" version = version + 1, updated_at = now()"
	" WHERE id = $1::uuid RETURNING version";

static const char SQL_ADD_PERIOD[] =
	"WITH d AS (UPDATE designations SET designated_until = $4::date,"
	" version = version + 1, updated_at = now()"
	" WHERE id = $1::uuid RETURNING id, municipality_code)"
	" INSERT INTO designation_periods (designation_id, municipality_code, sequence,"
	" start_date, end_date, kind, decision_reference)"
	" SELECT id, municipality_code, $2::int, $3::date, $4::date, $5, $6 FROM d"
	" RETURNING sequence";

static const char SQL_WITHDRAW[] =
	"UPDATE designations SET withdrawn_on = $2::date, withdrawal_reason = $3,"
	" designated_until = $4::date, version = version + 1, updated_at = now()"
	" WHERE id = $1::uuid RETURNING version";

/* ---- small helpers ------------------------------------------------------------ */

/* A JSON array of strings (malloc'd text; NULL when out of memory). */
static char *store_json_strings(const char *const *items, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < n; i++)
		if (json_array_append_new(a, json_string(items[i] ? items[i] : "")) != 0) {
			json_decref(a);
			return NULL;
		}
	char *text = a ? json_dumps(a, JSON_COMPACT) : NULL;
	json_decref(a);
	return text;
}

/* The measure bits as a JSON array of names, in bit order. */
static char *store_json_measures(unsigned measures)
{
	const char *names[4];
	size_t n = 0;
	for (unsigned bit = 1; bit <= WVLV_MEASURE_VOORKEURSRECHT; bit <<= 1)
		if ((measures & bit) && wvlv_measure_name(bit))
			names[n++] = wvlv_measure_name(bit);
	return store_json_strings(names, n);
}

/* ---- locking and overlaps ------------------------------------------------------------ */

wvlv_status wvlv_store_designation_lock_municipality(wvlv_db *db, const char *municipality_code,
						     wvlv_error *err)
{
	const char *params[] = { municipality_code };
	return wvlv_db_exec(db, SQL_LOCK_MUNICIPALITY, 1, params, err);
}

static wvlv_status overlap_row(const PGresult *res, int row, wvlv_arena *arena,
			       wvlv_overlap *o, wvlv_error *err)
{
	snprintf(o->id, sizeof(o->id), "%s", PQgetvalue(res, row, 0));
	o->name = wvlv_arena_strdup(arena, PQgetvalue(res, row, 1));
	wvlv_status st = wvlv_db_date_value(res, row, 2, &o->range.from, err);
	if (st == WVLV_OK)
		st = wvlv_db_date_value(res, row, 3, &o->range.until, err);
	/* designated_until NULL (withdrawn on the first day): the empty range */
	return st;
}

wvlv_status wvlv_store_designation_overlaps(wvlv_db *db, wvlv_arena *arena,
					    const char *municipality_code, const char *geojson,
					    wvlv_crs crs, const char *of_id, const char *exclude_id,
					    wvlv_overlap **out, size_t *n_out, wvlv_error *err)
{
	*out = NULL;
	*n_out = 0;
	if ((of_id && !wvlv_uuid_shaped(of_id)) || (exclude_id && !wvlv_uuid_shaped(exclude_id)))
		return store_not_found(err);
	char srid[16];
	PGresult *res;
	if (of_id) {
		const char *params[] = { municipality_code, of_id, exclude_id };
		res = wvlv_db_query(db, SQL_OVERLAPS_OF_ID, 3, params, PGRES_TUPLES_OK, err);
		if (!res)
			return err->status;
		if (PQntuples(res) == 0) {
			PQclear(res);
			return store_not_found(err);
		}
	} else {
		const char *params[] = { municipality_code, geojson, wvlv_db_srid_param(crs, srid),
					 exclude_id };
		res = wvlv_db_query(db, SQL_OVERLAPS_GEOJSON, 4, params, PGRES_TUPLES_OK, err);
		if (!res)
			return err->status;
	}
	int rows;
	wvlv_overlap *items = wvlv_db_rows_alloc(arena, res, sizeof(*items), &rows);
	size_t n = 0;
	wvlv_status st = WVLV_OK;
	for (int r = 0; r < rows && st == WVLV_OK; r++) {
		if (PQgetisnull(res, r, 0))
			continue; /* the LEFT JOIN's "no overlaps" row */
		st = overlap_row(res, r, arena, &items[n], err);
		if (st == WVLV_OK)
			n++;
	}
	PQclear(res);
	if (st != WVLV_OK)
		return st;
	*out = items;
	*n_out = n;
	return WVLV_OK;
}

/* ---- insert ---------------------------------------------------------------------- */

wvlv_status wvlv_store_designation_insert(wvlv_db *db, const wvlv_designation_new *d,
					  char id_out[WVLV_UUID_STRLEN], wvlv_error *err)
{
	char *measures = store_json_measures(d->measures);
	char *bag_ids = store_json_strings(d->bag_ids, d->n_bag_ids);
	if (!measures || !bag_ids) {
		free(measures);
		free(bag_ids);
		return wvlv_error_set(err, WVLV_ENOMEM, "out-of-memory", "out of memory");
	}
	char srid[16], from[WVLV_DATE_STRLEN], until[WVLV_DATE_STRLEN];
	const char *params[] = {
		d->municipality_code, wvlv_kind_name(d->kind), d->name, measures, d->geometry_json,
		wvlv_db_srid_param(d->geometry_crs, srid), bag_ids,
		wvlv_db_date_param(d->first.start, from), wvlv_db_date_param(d->first.end, until),
		d->first.decision_reference,
	};
	PGresult *res = wvlv_db_query(db, SQL_INSERT, 10, params, PGRES_TUPLES_OK, err);
	free(measures);
	free(bag_ids);
	if (!res)
		return err->status;
	return wvlv_db_returned_id(res, id_out, WVLV_UUID_STRLEN, "designation insert", err);
}

/* ---- changes ------------------------------------------------------------------------ */

/* Run a change on one id ($1, params[0]) that returns a row; no row, or an
 * id that is not a uuid → not found. */
static wvlv_status store_change(wvlv_db *db, const char *sql, int n, const char *const *params,
				wvlv_error *err)
{
	if (!wvlv_uuid_shaped(params[0]))
		return store_not_found(err);
	PGresult *res = wvlv_db_query(db, sql, n, params, PGRES_TUPLES_OK, err);
	if (!res)
		return err->status;
	int rows = PQntuples(res);
	PQclear(res);
	return rows == 1 ? WVLV_OK : store_not_found(err);
}

wvlv_status wvlv_store_designation_update(wvlv_db *db, const char *id,
					  const wvlv_designation_patch *p, wvlv_error *err)
{
	char *measures = p->measures ? store_json_measures(p->measures) : NULL;
	char *bag_ids = p->set_bag_ids ? store_json_strings(p->bag_ids, p->n_bag_ids) : NULL;
	if ((p->measures && !measures) || (p->set_bag_ids && !bag_ids)) {
		free(measures);
		free(bag_ids);
		return wvlv_error_set(err, WVLV_ENOMEM, "out-of-memory", "out of memory");
	}
	char srid[16];
	const char *params[] = {
		id, p->name, p->set_kind ? wvlv_kind_name(p->kind) : NULL, measures,
		p->geometry_json, wvlv_db_srid_param(p->geometry_crs, srid), bag_ids,
	};
	wvlv_status st = store_change(db, SQL_UPDATE, 7, params, err);
	free(measures);
	free(bag_ids);
	return st;
}

wvlv_status wvlv_store_designation_add_period(wvlv_db *db, const char *id, const wvlv_period *p,
					      wvlv_error *err)
{
	char seq[16], start[WVLV_DATE_STRLEN], end[WVLV_DATE_STRLEN];
	snprintf(seq, sizeof(seq), "%d", p->sequence);
	const char *params[] = {
		id, seq, wvlv_db_date_param(p->start, start), wvlv_db_date_param(p->end, end),
		p->extension ? "extension" : "initial", p->decision_reference,
	};
	return store_change(db, SQL_ADD_PERIOD, 6, params, err);
}

wvlv_status wvlv_store_designation_withdraw(wvlv_db *db, const char *id, wvlv_date on,
					    const char *reason, wvlv_date new_until,
					    wvlv_error *err)
{
	char on_buf[WVLV_DATE_STRLEN], until_buf[WVLV_DATE_STRLEN];
	const char *params[] = {
		id, wvlv_db_date_param(on, on_buf), reason, wvlv_db_date_param(new_until, until_buf),
	};
	return store_change(db, SQL_WITHDRAW, 4, params, err);
}
