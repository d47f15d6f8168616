/* ogc.c — designations for the OGC API – Features (see store_ogc.h).
 *
 * Reads only: the public columns and the GeoJSON text generated when the row
 * was written.  The status expression is the rule of
 * wvlv_designation_status_on() over the stored derived dates, as in
 * designations.c.  Rows are backed by their PGresult, tied to the arena.
 */
#include "wvlv/store_ogc.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"

#define SQL_DATE(col) "to_char(" col ", 'YYYY-MM-DD')"

#define SQL_STATUS                                                            \
	"CASE WHEN d.withdrawn_on IS NOT NULL AND d.withdrawn_on <= $1::date" \
	" THEN 'withdrawn'"                                                    \
	" WHEN $1::date < d.designated_from THEN 'planned'"                    \
	" WHEN d.designated_until >= $1::date THEN 'active'"                   \
	" ELSE 'expired' END"

/* The columns of a feature, in the order of the COL_* indexes below: the
 * stored GeoJSON and properties (migrations/0006_ogc_stored_features.sql), what
 * the day decides, and the change counter in the statement's snapshot. */
#define SQL_FEATURE(geocol)                                                              \
	"SELECT d.id::text, d." geocol ", d.ogc_properties, " SQL_DATE("d.designated_from") \
	", " SQL_STATUS ", " SQL_COUNTER

#define SQL_COUNTER "(SELECT counter FROM designations_change_counter WHERE id)"

enum {
	COL_ID = 0,
	COL_GEOMETRY,
	COL_PROPERTIES,
	COL_FROM,
	COL_STATUS,
	COL_COUNTER,
	COL_NUMBER_MATCHED /* lists only */
};

/* The box in RD: as given, or a CRS84 box clipped to the area where
 * designations can lie (the Netherlands with a margin) and densified so that
 * its transformed edges stay faithful. */
#define SQL_BOX                                                                                  \
	"(CASE WHEN $13::int = 28992 THEN ST_MakeEnvelope($9::float8, $10::float8, $11::float8," \
	" $12::float8, 28992) ELSE ST_Transform(ST_Segmentize(ST_MakeEnvelope("                 \
	"greatest($9::float8, 2.0), greatest($10::float8, 50.0), least($11::float8, 8.5),"       \
	" least($12::float8, 54.5), 4326), 0.01), 28992) END)"

/* Filters $1..$13 (see feature_params()). */
#define SQL_WHERE                                                                              \
	" FROM designations d"                                                                 \
	" WHERE ($2::text IS NULL OR d.municipality_code = $2::text)"                          \
	" AND ($3::text IS NULL OR d.kind = $3::text)"                                         \
	" AND ($4::text IS NULL OR $4::text = ANY (d.measures))"                               \
	" AND ($5::text IS NULL OR " SQL_STATUS " = $5::text)"                                 \
	" AND ($6::boolean IS NULL OR (d.designated_until IS NOT NULL"                         \
	" AND ($7::date IS NULL OR d.designated_until >= $7::date)"                            \
	" AND ($8::date IS NULL OR d.designated_from <= $8::date)))"                           \
	" AND ($9::float8 IS NULL OR (($13::int = 28992 OR ($9::float8 < 8.5"                 \
	" AND $11::float8 > 2.0 AND $10::float8 < 54.5 AND $12::float8 > 50.0))"               \
	" AND d.geom && " SQL_BOX " AND ST_Intersects(d.geom, " SQL_BOX ")))"

/* The page is chosen first over the narrow (id, created_at) of the matching
 * rows; only its rows are joined back for the wide columns and their periods.
 * numberMatched is a separate count of the same filter in the same statement
 * (one InitPlan, same snapshot), not a window over the wide rows. */
#define SQL_LIST_FROM(geocol)                                                                  \
	SQL_FEATURE(geocol) ", (SELECT count(*)" SQL_WHERE ")"                                 \
			    " FROM (SELECT d.id, d.created_at" SQL_WHERE                       \
			    " ORDER BY d.created_at, d.id LIMIT $14::bigint OFFSET $15::bigint) k" \
			    " JOIN designations d ON d.id = k.id ORDER BY k.created_at, k.id"

static const char *const SQL_LIST[2] = { SQL_LIST_FROM("geojson_crs84"),
					 SQL_LIST_FROM("geojson_rd") };
static const char SQL_COUNT[] = "SELECT count(*), " SQL_COUNTER SQL_WHERE;
#define LIST_NPARAMS 15
#define COUNT_NPARAMS 13

#define SQL_ONE_FROM(geocol) SQL_FEATURE(geocol) " FROM designations d WHERE d.id = $2::uuid"
static const char *const SQL_ONE[2] = { SQL_ONE_FROM("geojson_crs84"),
					SQL_ONE_FROM("geojson_rd") };

static const char SQL_COUNTER_ONLY[] = "SELECT " SQL_COUNTER;

/* The RD extent, densified and transformed, so the CRS84 box covers every
 * geometry; the temporal extent from the stored derived dates. */
static const char SQL_EXTENT[] =
	"WITH b AS (SELECT ST_Extent(geom) AS bx, min(designated_from) AS f,"
	" max(designated_until) AS u FROM designations),"
	" t AS (SELECT ST_Transform(ST_Segmentize(ST_SetSRID(bx::geometry, 28992), 100.0), 4326)"
	" AS g, f, u FROM b)"
	" SELECT ST_XMin(g), ST_YMin(g), ST_XMax(g), ST_YMax(g), " SQL_DATE("f") ", "
	SQL_DATE("u") ", " SQL_COUNTER " FROM t";

static void clear_result(void *res)
{
	PQclear(res);
}

static void row_to_feature(const PGresult *res, int row, wvlv_ogc_feature *f)
{
	f->id = PQgetvalue(res, row, COL_ID);
	f->geometry = PQgetvalue(res, row, COL_GEOMETRY);
	f->geometry_len = (size_t)PQgetlength(res, row, COL_GEOMETRY);
	f->properties = PQgetvalue(res, row, COL_PROPERTIES);
	f->properties_len = (size_t)PQgetlength(res, row, COL_PROPERTIES);
	f->designated_from = PQgetvalue(res, row, COL_FROM);
	f->status = PQgetvalue(res, row, COL_STATUS);
}

wvlv_status wvlv_ogc_change_counter(wvlv_db *db, long long *out, wvlv_error *err)
{
	PGresult *res = wvlv_db_query(db, SQL_COUNTER_ONLY, 0, NULL, PGRES_TUPLES_OK, err);
	if (!res)
		return err->status;
	if (PQntuples(res) != 1) {
		PQclear(res);
		wvlv_db_log("error", "designations_change_counter has no row", NULL);
		return wvlv_error_set(err, WVLV_EINTERNAL, "internal-error", "internal error");
	}
	*out = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return WVLV_OK;
}

wvlv_status wvlv_ogc_extent_get(wvlv_db *db, wvlv_arena *arena, wvlv_ogc_extent *out,
				wvlv_error *err)
{
	memset(out, 0, sizeof(*out));
	PGresult *res = wvlv_db_query(db, SQL_EXTENT, 0, NULL, PGRES_TUPLES_OK, err);
	if (!res)
		return err->status;
	if (PQntuples(res) == 1) {
		if (!PQgetisnull(res, 0, 0)) {
			out->has_bbox = true;
			for (int i = 0; i < 4; i++)
				out->bbox[i] = strtod(PQgetvalue(res, 0, i), NULL);
		}
		if (!PQgetisnull(res, 0, 4))
			out->first_day = wvlv_arena_strdup(arena, PQgetvalue(res, 0, 4));
		if (!PQgetisnull(res, 0, 5))
			out->last_day = wvlv_arena_strdup(arena, PQgetvalue(res, 0, 5));
		out->counter = strtoll(PQgetvalue(res, 0, 6), NULL, 10);
	}
	PQclear(res);
	return WVLV_OK;
}

typedef struct feature_params {
	char        bbox[4][32];
	char        srid[8];
	char        limit[24];
	char        offset[24];
	const char *v[LIST_NPARAMS];
} feature_params;

static void feature_params_fill(const wvlv_ogc_filter *f, feature_params *p)
{
	memset(p, 0, sizeof(*p));
	p->v[0] = f->today;
	p->v[1] = f->municipality_code;
	p->v[2] = f->kind;
	p->v[3] = f->measure;
	p->v[4] = f->status;
	p->v[5] = f->has_datetime ? "true" : NULL;
	p->v[6] = f->has_datetime ? f->dt_start : NULL;
	p->v[7] = f->has_datetime ? f->dt_end : NULL;
	for (int i = 0; i < 4; i++) {
		snprintf(p->bbox[i], sizeof(p->bbox[i]), "%.17g", f->bbox[i]);
		p->v[8 + i] = f->has_bbox ? p->bbox[i] : NULL;
	}
	snprintf(p->srid, sizeof(p->srid), "%d", wvlv_crs_srid(f->bbox_crs));
	p->v[12] = p->srid;
	snprintf(p->limit, sizeof(p->limit), "%ld", f->limit);
	snprintf(p->offset, sizeof(p->offset), "%ld", f->offset);
	p->v[13] = p->limit;
	p->v[14] = p->offset;
}

wvlv_status wvlv_ogc_features(wvlv_db *db, wvlv_arena *arena, const wvlv_ogc_filter *f,
			      wvlv_crs crs, wvlv_ogc_feature **out, size_t *n, long *matched,
			      long long *counter, wvlv_error *err)
{
	*out = NULL;
	*n = 0;
	*matched = 0;
	*counter = 0;
	feature_params p;
	feature_params_fill(f, &p);
	PGresult *res = wvlv_db_query(db, SQL_LIST[crs == WVLV_CRS_RD], LIST_NPARAMS, p.v,
				      PGRES_TUPLES_OK, err);
	if (!res)
		return err->status;
	int rows = PQntuples(res);
	wvlv_arena_on_destroy(arena, clear_result, res);
	wvlv_ogc_feature *items = wvlv_arena_alloc(arena, (size_t)(rows ? rows : 1) * sizeof(*items));
	for (int r = 0; r < rows; r++)
		row_to_feature(res, r, &items[r]);
	*out = items;
	*n = (size_t)rows;
	if (rows > 0) {
		*matched = strtol(PQgetvalue(res, 0, COL_NUMBER_MATCHED), NULL, 10);
		*counter = strtoll(PQgetvalue(res, 0, COL_COUNTER), NULL, 10);
		return WVLV_OK;
	}
	/* No row carries the count and the counter (past the end, or nothing
	 * matches): read them on their own. */
	PGresult *c = wvlv_db_query(db, SQL_COUNT, COUNT_NPARAMS, p.v, PGRES_TUPLES_OK, err);
	if (!c)
		return err->status;
	*matched = strtol(PQgetvalue(c, 0, 0), NULL, 10);
	*counter = strtoll(PQgetvalue(c, 0, 1), NULL, 10);
	PQclear(c);
	return WVLV_OK;
}

wvlv_status wvlv_ogc_feature_get(wvlv_db *db, wvlv_arena *arena, const char *id, const char *today,
				 wvlv_crs crs, wvlv_ogc_feature *out, long long *counter,
				 wvlv_error *err)
{
	memset(out, 0, sizeof(*out));
	*counter = 0;
	const char *params[] = { today, id };
	PGresult *res = wvlv_db_query(db, SQL_ONE[crs == WVLV_CRS_RD], 2, params, PGRES_TUPLES_OK,
				      err);
	if (!res) {
		if (strcmp(wvlv_db_sqlstate(db), "22P02") == 0)
			return wvlv_error_set(err, WVLV_ENOTFOUND, "not-found",
					      "the designation does not exist");
		return err->status;
	}
	if (PQntuples(res) != 1) {
		PQclear(res);
		return wvlv_error_set(err, WVLV_ENOTFOUND, "not-found",
				      "the designation does not exist");
	}
	wvlv_arena_on_destroy(arena, clear_result, res);
	row_to_feature(res, 0, out);
	*counter = strtoll(PQgetvalue(res, 0, COL_COUNTER), NULL, 10);
	return WVLV_OK;
}

/* ---- the LISTEN watch --------------------------------------------------------- */

struct wvlv_ogc_watch {
	wvlv_db *db;
};

static const char SQL_LISTEN[] = "LISTEN wvlv_designations_changed";

wvlv_status wvlv_ogc_watch_open(const wvlv_db_options *opts, wvlv_ogc_watch **out,
				long long *counter, wvlv_error *err)
{
	*out = NULL;
	wvlv_ogc_watch *w = calloc(1, sizeof(*w));
	if (!w)
		return wvlv_error_set(err, WVLV_ENOMEM, "out-of-memory", "out of memory");
	if (wvlv_db_connect(opts, &w->db, err) != WVLV_OK ||
	    wvlv_db_exec(w->db, SQL_LISTEN, 0, NULL, err) != WVLV_OK ||
	    wvlv_ogc_change_counter(w->db, counter, err) != WVLV_OK) {
		wvlv_ogc_watch_close(w);
		return err->status;
	}
	*out = w;
	return WVLV_OK;
}

wvlv_status wvlv_ogc_watch_wait(wvlv_ogc_watch *w, int timeout_ms, long long *counter,
				wvlv_error *err)
{
	PGconn *conn = wvlv_db_pgconn(w->db);
	struct pollfd p = { .fd = PQsocket(conn), .events = POLLIN };
	if (p.fd < 0)
		return wvlv_db_fail(w->db, NULL, err);
	int r = poll(&p, 1, timeout_ms);
	if (r < 0 && errno != EINTR)
		return wvlv_error_set(err, WVLV_EUNAVAIL, "database-unavailable", "poll failed");
	if (r <= 0)
		return WVLV_OK;
	if (!PQconsumeInput(conn))
		return wvlv_db_fail(w->db, NULL, err);
	PGnotify *n;
	while ((n = PQnotifies(conn)) != NULL) {
		long long v = strtoll(n->extra, NULL, 10);
		if (v > *counter)
			*counter = v;
		PQfreemem(n);
	}
	return WVLV_OK;
}

wvlv_status wvlv_ogc_watch_recheck(wvlv_ogc_watch *w, long long *counter, wvlv_error *err)
{
	long long now = 0;
	if (wvlv_ogc_change_counter(w->db, &now, err) != WVLV_OK)
		return err->status;
	if (now > *counter)
		*counter = now;
	return WVLV_OK;
}

void wvlv_ogc_watch_close(wvlv_ogc_watch *w)
{
	if (!w)
		return;
	wvlv_db_close(w->db);
	free(w);
}
