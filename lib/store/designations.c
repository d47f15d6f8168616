/* designations.c — designations in PostgreSQL + PostGIS, as they are
 * read (see store_designations.h): one designation by id, a page of a
 * filtered list, and the snapshot an audit row compares, with the decoding
 * of a row into a wvlv_designation.  Nothing here changes a row; the writes, with the lock
 * and the overlap query they make first, are in designation_writes.c; whether
 * client GeoJSON may be a designation's geometry is geometry.c's.
 *
 * Geometry is stored once, as a MultiPolygon in EPSG:28992; the two GeoJSON
 * encodings served to clients are made by the table's trigger (migration
 * 0021), read here as text.
 * Arrays (measures, BAG ids) cross the boundary as JSON text, dates as
 * 'YYYY-MM-DD', timestamps as RFC 3339 UTC.  Rows read are backed by their
 * PGresult, which is tied to the caller's arena and cleared with it.  No
 * legal rule is decided here.
 */
#include "wvlv/store_designations.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "designation_internal.h"
#include "designation_sql.h"

/* ---- SQL ------------------------------------------------------------------- */

/* The columns of a row, in the order of the COL_* indexes below. */
#define SQL_COLUMNS(geocol)                                                                  \
	"SELECT d.id::text, d.municipality_code, d.kind, d.name, to_json(d.measures)::text, " \
	"d." geocol ", to_json(d.bag_ids)::text, " SQL_DATE("d.withdrawn_on") ", "         \
	"d.withdrawal_reason, d.version, " SQL_TIMESTAMP("d.created_at") ", "              \
	SQL_TIMESTAMP("d.updated_at") ", "                                                  \
	"(SELECT json_agg(json_build_object('sequence', p.sequence, "                       \
	"'start', " SQL_DATE("p.start_date") ", 'end', " SQL_DATE("p.end_date") ", "      \
	"'kind', p.kind, 'decisionReference', p.decision_reference) ORDER BY p.sequence) "  \
	"FROM designation_periods p WHERE p.designation_id = d.id)::text"

enum {
	COL_ID = 0,
	COL_MUNICIPALITY,
	COL_KIND,
	COL_NAME,
	COL_MEASURES,
	COL_GEOMETRY,
	COL_BAG_IDS,
	COL_WITHDRAWN_ON,
	COL_WITHDRAWAL_REASON,
	COL_VERSION,
	COL_CREATED_AT,
	COL_UPDATED_AT,
	COL_PERIODS,
	COL_NUMBER_MATCHED,  /* lists only */
	COL_CREATED_US       /* lists only */
};

#define SQL_GET_FROM(geocol, lock)                                                  \
	SQL_COLUMNS(geocol) " FROM designations d WHERE d.id = $1::uuid"            \
			    " AND ($2::text IS NULL OR d.municipality_code = $2::text)" lock

/* [crs][for_update] */
static const char *const SQL_GET[2][2] = {
	{ SQL_GET_FROM("geojson_crs84", ""), SQL_GET_FROM("geojson_crs84", " FOR UPDATE OF d") },
	{ SQL_GET_FROM("geojson_rd", ""), SQL_GET_FROM("geojson_rd", " FOR UPDATE OF d") },
};

/* The box is first clipped to the area where designations can lie (the
 * Netherlands, with a margin): a box spanning the world has no shape in RD. */
#define SQL_BBOX                                                                          \
	"ST_Transform(ST_Segmentize(ST_MakeEnvelope(greatest($7::float8, 2.0), "           \
	"greatest($8::float8, 50.0), least($9::float8, 8.5), least($10::float8, 54.5), "    \
	"4326), 0.01), 28992)"
/* Clamped like the box, so the transformation never sees an impossible
 * coordinate; a point outside the area is excluded by the WHERE clause. */
#define SQL_POINT                                                                        \
	"ST_Transform(ST_SetSRID(ST_MakePoint(least(greatest($11::float8, 2.0), 8.5), "   \
	"least(greatest($12::float8, 50.0), 54.5)), 4326), 28992)"

/* Filters $1..$12 (see list_params()); NULL parameters switch a filter off. */
#define SQL_LIST_WHERE                                                                      \
	" FROM designations d"                                                              \
	" WHERE ($1::text IS NULL OR d.municipality_code = $1::text)"                       \
	" AND ($2::text IS NULL OR d.kind = $2::text)"                                      \
	" AND ($3::text IS NULL OR $3::text = ANY (d.measures))"                            \
	" AND ($4::date IS NULL OR (d.designated_from <= $4::date"                          \
	" AND d.designated_until >= $4::date))"                                             \
	" AND ($5::text IS NULL OR " SQL_STATUS("$6") " = $5::text)"                        \
	" AND ($7::float8 IS NULL OR ($7::float8 < 8.5 AND $9::float8 > 2.0"               \
	" AND $8::float8 < 54.5 AND $10::float8 > 50.0 AND d.geom && " SQL_BBOX             \
	" AND ST_Intersects(d.geom, " SQL_BBOX ")))"                                        \
	" AND ($11::float8 IS NULL OR ($11::float8 BETWEEN 2.0 AND 8.5"                     \
	" AND $12::float8 BETWEEN 50.0 AND 54.5 AND d.geom && " SQL_POINT                   \
	" AND ST_Intersects(d.geom, " SQL_POINT ")))"

/* The page is chosen first over the narrow keys (created_at, id) of the
 * matching rows (designations_created_idx, designations_municipality_idx),
 * from the start ($14: offset) or after the keys of a cursor ($15, $16);
 * only its rows are joined back for the wide columns.  numberMatched is a
 * separate count of the same filter (one InitPlan, same snapshot), only on a
 * page asked without a cursor (a deep page would pay what the first paid). */
#define SQL_LIST_FROM(geocol)                                                              \
	SQL_COLUMNS(geocol) ", CASE WHEN $16::uuid IS NULL THEN "                              \
	SQL_COUNT_UPTO(SQL_LIST_WHERE) " END,"                                             \
	" (extract(epoch FROM d.created_at) * 1000000)::bigint"                            \
	" FROM (SELECT d.id, d.created_at" SQL_LIST_WHERE                                  \
	" AND ($16::uuid IS NULL OR (d.created_at, d.id) > ('epoch'::timestamptz"          \
	" + $15::bigint * interval '1 microsecond', $16::uuid))"                           \
	" ORDER BY d.created_at, d.id LIMIT $13::bigint OFFSET $14::bigint) k"             \
	" JOIN designations d ON d.id = k.id ORDER BY k.created_at, k.id"

static const char *const SQL_LIST[2] = { SQL_LIST_FROM("geojson_crs84"),
					 SQL_LIST_FROM("geojson_rd") };
static const char SQL_COUNT[] = "SELECT " SQL_COUNT_UPTO(SQL_LIST_WHERE);
#define LIST_NPARAMS 16
#define COUNT_NPARAMS 12

/* What an audit row of a designation compares: the fields a client sees
 * that a write can change (not createdAt/updatedAt), with the geometry in
 * CRS84 and the periods by sequence. */
static const char SQL_SNAPSHOT[] =
	"SELECT " SQL_SNAPSHOT_OF("d.designated_until", "d.withdrawn_on", "d.withdrawal_reason",
				  "d.version", "true") "::text"
	" FROM designations d WHERE d.id = $1::uuid";

/* ---- reading rows ------------------------------------------------------------------ */

static json_t *row_json(const PGresult *res, int row, int col)
{
	if (PQgetisnull(res, row, col))
		return NULL;
	return json_loads(PQgetvalue(res, row, col), JSON_DECODE_ANY, NULL);
}

static wvlv_status row_measures(const PGresult *res, int row, wvlv_designation *out,
				wvlv_error *err)
{
	json_t *a = row_json(res, row, COL_MEASURES);
	if (!json_is_array(a)) {
		json_decref(a);
		return wvlv_db_internal(err, "unreadable measures from the database");
	}
	size_t i;
	json_t *v;
	out->measures = 0;
	wvlv_status st = WVLV_OK;
	json_array_foreach(a, i, v) {
		unsigned bit;
		if (!wvlv_measure_parse(json_string_value(v), &bit)) {
			st = wvlv_db_internal(err, "unknown measure in the database");
			break;
		}
		out->measures |= bit;
	}
	json_decref(a);
	return st;
}

static wvlv_status row_bag_ids(const PGresult *res, int row, wvlv_arena *arena,
			       wvlv_designation *out, wvlv_error *err)
{
	json_t *a = row_json(res, row, COL_BAG_IDS);
	if (!json_is_array(a)) {
		json_decref(a);
		return wvlv_db_internal(err, "unreadable BAG ids from the database");
	}
	size_t n = json_array_size(a);
	const char **ids = wvlv_arena_alloc(arena, (n ? n : 1) * sizeof(*ids));
	for (size_t i = 0; i < n; i++) {
		const char *s = json_string_value(json_array_get(a, i));
		ids[i] = wvlv_arena_strdup(arena, s ? s : "");
	}
	json_decref(a);
	out->bag_ids = ids;
	out->n_bag_ids = n;
	return WVLV_OK;
}

static wvlv_status row_period(json_t *o, wvlv_arena *arena, wvlv_period *p, wvlv_error *err)
{
	const char *start = json_string_value(json_object_get(o, "start"));
	const char *end = json_string_value(json_object_get(o, "end"));
	const char *kind = json_string_value(json_object_get(o, "kind"));
	const char *ref = json_string_value(json_object_get(o, "decisionReference"));
	wvlv_error parse_err;
	wvlv_error_clear(&parse_err);
	if (!json_is_integer(json_object_get(o, "sequence")) || !kind ||
	    wvlv_date_parse(start, &p->start, &parse_err) != WVLV_OK ||
	    wvlv_date_parse(end, &p->end, &parse_err) != WVLV_OK)
		return wvlv_db_internal(err, "unreadable period from the database");
	p->sequence = (int)json_integer_value(json_object_get(o, "sequence"));
	p->extension = strcmp(kind, "extension") == 0;
	p->decision_reference = ref ? wvlv_arena_strdup(arena, ref) : NULL;
	return WVLV_OK;
}

static wvlv_status row_periods(const PGresult *res, int row, wvlv_arena *arena,
			       wvlv_designation *out, wvlv_error *err)
{
	out->n_periods = 0;
	json_t *a = row_json(res, row, COL_PERIODS);
	if (!a)
		return WVLV_OK; /* json_agg of no rows */
	if (!json_is_array(a) || json_array_size(a) > WVLV_MAX_PERIODS) {
		json_decref(a);
		return wvlv_db_internal(err, "unreadable periods from the database");
	}
	size_t i;
	json_t *v;
	wvlv_status st = WVLV_OK;
	json_array_foreach(a, i, v) {
		st = row_period(v, arena, &out->periods[i], err);
		if (st != WVLV_OK)
			break;
		out->n_periods = i + 1;
	}
	json_decref(a);
	return st;
}

/* Strings point into res, which lives as long as the arena. */
static wvlv_status row_to_designation(const PGresult *res, int row, wvlv_arena *arena,
				      wvlv_designation *out, wvlv_error *err)
{
	memset(out, 0, sizeof(*out));
	snprintf(out->id, sizeof(out->id), "%s", PQgetvalue(res, row, COL_ID));
	snprintf(out->municipality_code, sizeof(out->municipality_code), "%s",
		 PQgetvalue(res, row, COL_MUNICIPALITY));
	if (!wvlv_kind_parse(PQgetvalue(res, row, COL_KIND), &out->kind))
		return wvlv_db_internal(err, "unknown designation kind in the database");
	out->name = PQgetvalue(res, row, COL_NAME);
	out->geometry = PQgetvalue(res, row, COL_GEOMETRY);
	out->withdrawal_reason = wvlv_db_value_or_null(res, row, COL_WITHDRAWAL_REASON);
	out->version = atoi(PQgetvalue(res, row, COL_VERSION));
	out->created_at = PQgetvalue(res, row, COL_CREATED_AT);
	out->updated_at = PQgetvalue(res, row, COL_UPDATED_AT);
	wvlv_status st = wvlv_db_date_value(res, row, COL_WITHDRAWN_ON, &out->withdrawn_on, err);
	if (st == WVLV_OK)
		st = row_measures(res, row, out, err);
	if (st == WVLV_OK)
		st = row_bag_ids(res, row, arena, out, err);
	if (st == WVLV_OK)
		st = row_periods(res, row, arena, out, err);
	return st;
}

wvlv_status wvlv_store_designation_get(wvlv_db *db, wvlv_arena *arena,
				       const char *municipality_code, const char *id,
				       wvlv_crs out_crs, bool for_update, wvlv_designation *out,
				       wvlv_error *err)
{
	if (!wvlv_uuid_shaped(id))
		return store_not_found(err);
	const char *params[] = { id, municipality_code };
	const char *sql = SQL_GET[out_crs == WVLV_CRS_RD][for_update ? 1 : 0];
	PGresult *res = wvlv_db_query(db, sql, 2, params, PGRES_TUPLES_OK, err);
	if (!res)
		return err->status;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return store_not_found(err);
	}
	wvlv_arena_on_destroy(arena, wvlv_db_clear_result, res);
	return row_to_designation(res, 0, arena, out, err);
}

/* ---- the audit snapshot ----------------------------------------------------------------- */

wvlv_status wvlv_store_designation_snapshot(wvlv_db *db, wvlv_arena *arena, const char *id,
					    const char **json_out, wvlv_error *err)
{
	*json_out = NULL;
	if (!wvlv_uuid_shaped(id))
		return store_not_found(err);
	const char *params[] = { id };
	PGresult *res = wvlv_db_query(db, SQL_SNAPSHOT, 1, params, PGRES_TUPLES_OK, err);
	if (!res)
		return err->status;
	wvlv_status st = WVLV_OK;
	if (PQntuples(res) == 1)
		*json_out = wvlv_arena_strdup(arena, PQgetvalue(res, 0, 0));
	else
		st = store_not_found(err);
	PQclear(res);
	return st;
}

/* ---- lists -------------------------------------------------------------------------- */

typedef struct list_params {
	const char *v[LIST_NPARAMS];
	char        active_on[WVLV_DATE_STRLEN];
	char        today[WVLV_DATE_STRLEN];
	char        num[6][32];
	wvlv_db_page page;
} list_params;

static const char *list_number(char buf[32], double x)
{
	snprintf(buf, 32, "%.17g", x);
	return buf;
}

static void list_params_fill(list_params *lp, const wvlv_designation_filter *f)
{
	memset(lp, 0, sizeof(*lp));
	lp->v[0] = f->municipality_code;
	lp->v[1] = f->kind ? wvlv_kind_name(f->kind) : NULL;
	lp->v[2] = f->measure ? wvlv_measure_name(f->measure) : NULL;
	lp->v[3] = wvlv_db_date_param(f->active_on, lp->active_on);
	lp->v[4] = f->status ? wvlv_designation_status_name(f->status) : NULL;
	wvlv_date today = f->today == WVLV_DATE_NONE ? wvlv_date_today_amsterdam() : f->today;
	lp->v[5] = wvlv_db_date_param(today, lp->today);
	if (f->has_bbox)
		for (int i = 0; i < 4; i++)
			lp->v[6 + i] = list_number(lp->num[i], f->bbox[i]);
	if (f->has_point)
		for (int i = 0; i < 2; i++)
			lp->v[10 + i] = list_number(lp->num[4 + i], f->point[i]);
	wvlv_db_page_params(&lp->page, f->limit, f->offset, &lp->v[12], &lp->v[13]);
	if (f->after[0]) {
		lp->v[14] = f->after[0];
		lp->v[15] = f->after[1];
	}
}

wvlv_status wvlv_store_designation_list(wvlv_db *db, wvlv_arena *arena,
					const wvlv_designation_filter *f, wvlv_crs out_crs,
					wvlv_designation **items, size_t *n_items,
					long *number_matched, wvlv_error *err)
{
	*items = NULL;
	*n_items = 0;
	*number_matched = 0;
	list_params lp;
	list_params_fill(&lp, f);
	PGresult *res = wvlv_db_query(db, SQL_LIST[out_crs == WVLV_CRS_RD], LIST_NPARAMS, lp.v,
				      PGRES_TUPLES_OK, err);
	if (!res)
		return err->status;
	wvlv_arena_on_destroy(arena, wvlv_db_clear_result, res);
	int rows = PQntuples(res);
	if (rows == 0 && f->after[0]) {
		*number_matched = -1; /* no count on a page asked by cursor */
		return WVLV_OK;
	}
	if (rows == 0) /* no row to carry the count: count separately */
		return f->offset > 0 || f->limit == 0
			       ? wvlv_db_count_matched(db, SQL_COUNT, COUNT_NPARAMS, lp.v,
						       number_matched, err)
			       : WVLV_OK;
	wvlv_designation *out = wvlv_arena_alloc(arena, (size_t)rows * sizeof(*out));
	for (int r = 0; r < rows; r++) {
		wvlv_status st = row_to_designation(res, r, arena, &out[r], err);
		if (st != WVLV_OK)
			return st;
		out[r].created_us = PQgetvalue(res, r, COL_CREATED_US);
	}
	*items = out;
	*n_items = (size_t)rows;
	*number_matched = wvlv_db_matched(res, COL_NUMBER_MATCHED);
	return WVLV_OK;
}
