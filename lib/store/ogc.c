/* ogc.c — designations for the OGC API – Features (see store_ogc.h).
 *
 * Reads only: the public columns, and the GeoJSON and properties text stored
 * when the row was written (the geometry in EPSG:4258, 4326 and 3857 is made
 * in the statement: qb_geometry).  The status expression is the rule of
 * wvlv_designation_status_on() over the stored derived dates
 * (designation_sql.h).  Rows are backed by their PGresult, tied to the arena.
 */
#include "wvlv/store_ogc.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "designation_sql.h"
#include "ogc_filter.h"
#include "ogc_query.h"
#include "wvlv/strbuf.h"

#define SQL_COUNTER "(SELECT counter FROM designations_change_counter WHERE id)"

/* The first and the last day of the period in force on TODAY, as text. */
#define SQL_PERIOD_ON(TODAY) \
	SQL_DATE(SQL_PERIOD_START(TODAY)) ", " SQL_DATE(SQL_PERIOD_END(TODAY))

/* The columns of a feature, in the order of the COL_* indexes below: the
 * stored GeoJSON and properties (migrations/0006_ogc_stored_features.sql), what
 * the day decides, and the change counter in the statement's snapshot. */
#define SQL_FEATURE(geocol)                                                              \
	"SELECT d.id::text, d." geocol ", d.ogc_properties, " SQL_DATE("d.designated_from") \
	", " SQL_STATUS("$1") ", " SQL_PERIOD_ON("$1") ", " SQL_COUNTER

enum {
	COL_ID = 0,
	COL_GEOMETRY,
	COL_PROPERTIES,
	COL_FROM,
	COL_STATUS,
	COL_PERIOD_START,
	COL_PERIOD_END,
	COL_COUNTER,
	COL_NUMBER_MATCHED, /* lists only */
	COL_CREATED_US      /* lists only */
};

/* ---- a statement with only the filters asked for ---------------------------------- */

/* SQL_STATUS on the day's parameter. */
static void qb_status(qb *q, const char *today)
{
	qb_on_day(q, SQL_STATUS("$T"), today);
}

/* RD box: ST_MakeEnvelope of the four numbers.  CRS84 box: clipped to the area
 * where designations can lie (the Netherlands with a margin) and densified so
 * that its transformed edges stay faithful; a box in EPSG:4258, 4326 or 3857
 * likewise, in its own CRS (wvlv_ogc_crs_clip gave clip). */
static void qb_box(qb *q, const wvlv_ogc_filter *f, const double clip[4])
{
	const wvlv_ogc_crs_def *c = wvlv_ogc_crs_def_of(f->bbox_crs);
	bool rd = f->bbox_crs == WVLV_OGC_RD;
	qb_add(q, rd ? "ST_MakeEnvelope(" : "ST_Transform(ST_Segmentize(ST_MakeEnvelope(");
	for (int i = 0; i < 4; i++) {
		if (!q->box[i][0])
			snprintf(q->box[i], sizeof(q->box[i]), "%.17g", clip[i]);
		qb_param(q, q->box[i]);
		qb_add(q, "::float8, ");
	}
	if (rd)
		qb_add(q, "28992)");
	else
		wvlv_strbuf_appendf(q->sql, "%d), %.17g), 28992)", c->srid, c->segment);
}

/* The feature's GeoJSON geometry in crs (wvlv/ogc_crs.h): for CRS84 and RD
 * the text stored when the row was written; for the others made by PostGIS
 * from the stored RD geometry, latitude-first ones with their axes swapped.
 * The SRID and the decimals are fixed text from the table. */
static void qb_geometry(qb *q, wvlv_ogc_crs crs)
{
	if (crs == WVLV_OGC_CRS84 || crs == WVLV_OGC_RD) {
		qb_add(q, crs == WVLV_OGC_RD ? "d.geojson_rd" : "d.geojson_crs84");
		return;
	}
	const wvlv_ogc_crs_def *c = wvlv_ogc_crs_def_of(crs);
	wvlv_strbuf_appendf(q->sql, "ST_AsGeoJSON(%sST_Transform(d.geom, %d)%s, %d, 0)",
			    c->lat_first ? "ST_FlipCoordinates(" : "", c->srid,
			    c->lat_first ? ")" : "", c->decimals);
}

/* " FROM designations d WHERE …" for the filters of f. */
static void qb_where(qb *q, const wvlv_ogc_filter *f)
{
	qb_add(q, " FROM designations d WHERE true");
	qb_filter(q, " AND d.municipality_code = ", f->municipality_code, "");
	qb_filter(q, " AND d.kind = ", f->kind, "");
	qb_filter(q, " AND ", f->measure, "::text = ANY (d.measures)");
	ogc_filter_where(q, f);
	if (f->status) {
		qb_add(q, " AND ");
		qb_status(q, f->today);
		qb_filter(q, " = ", f->status, "");
	}
	if (f->has_datetime) {
		qb_add(q, " AND d.designated_until IS NOT NULL");
		qb_filter(q, " AND d.designated_until >= ", f->dt_start, "::date");
		qb_filter(q, " AND d.designated_from <= ", f->dt_end, "::date");
	}
	if (f->has_bbox) {
		double clip[4];
		if (!wvlv_ogc_crs_clip(f->bbox_crs, f->bbox, clip)) {
			qb_add(q, " AND false"); /* nowhere near the Netherlands */
			return;
		}
		qb_add(q, " AND d.geom && ");
		qb_box(q, f, clip);
		qb_add(q, " AND ST_Intersects(d.geom, ");
		qb_box(q, f, clip);
		qb_add(q, ")");
	}
}

/* The sortby keys (s0, s1, … of the inner query; nulls last), then creation
 * order, the columns prefixed with table ("" or "k."). */
static void qb_order(qb *q, const wvlv_ogc_filter *f, const char *table)
{
	for (int i = 0; i < f->nsort; i++)
		wvlv_strbuf_appendf(q->sql, "%ss%d %s NULLS LAST, ", table, i,
				    f->sort[i].desc ? "DESC" : "ASC");
	wvlv_strbuf_appendf(q->sql, "%screated_at, %sid", *table ? table : "d.",
			    *table ? table : "d.");
}

/* The page is chosen first over the narrow (id, created_at) of the matching
 * rows; only its rows are joined back for the wide columns.  Without sortby,
 * a page asked by a cursor starts after its feature's (created_at, id) —
 * designations_created_idx, an index range whatever the depth.  numberMatched is
 * a separate count of the same filter in the same statement (one InitPlan,
 * same snapshot), not a window over the wide rows; none (-1) on a page asked
 * by cursor, which would pay for it what the first page paid. */
static void qb_list(qb *q, const wvlv_ogc_filter *f, wvlv_ogc_crs crs)
{
	qb_add(q, "SELECT d.id::text, ");
	qb_geometry(q, crs);
	qb_add(q, ", d.ogc_properties, " SQL_DATE("d.designated_from") ", ");
	qb_status(q, f->today);
	qb_add(q, ", ");
	qb_on_day(q, SQL_PERIOD_ON("$T"), f->today);
	qb_add(q, ", " SQL_COUNTER ", ");
	if (f->after[0]) { /* no count on a page asked by cursor */
		qb_add(q, "NULL::bigint");
	} else {
		qb_add(q, "(SELECT count(*)");
		qb_where(q, f);
		qb_add(q, ")");
	}
	qb_add(q, ", (extract(epoch FROM k.created_at) * 1000000)::bigint"
		  " FROM (SELECT d.id, d.created_at");
	for (int i = 0; i < f->nsort; i++) {
		wvlv_strbuf_appendf(q->sql, ", ");
		qb_on_day(q, ogc_filter_column(f->sort[i].name), f->today);
		wvlv_strbuf_appendf(q->sql, " AS s%d", i);
	}
	qb_where(q, f);
	if (f->after[0] && f->nsort == 0) { /* keyset: after the cursor's feature */
		qb_add(q, " AND (d.created_at, d.id) > ('epoch'::timestamptz + ");
		qb_param(q, f->after[0]);
		qb_add(q, "::bigint * interval '1 microsecond', ");
		qb_param(q, f->after[1]);
		qb_add(q, "::uuid)");
	}
	qb_add(q, " ORDER BY ");
	qb_order(q, f, "");
	qb_add(q, " LIMIT ");
	qb_long(q, f->limit);
	qb_add(q, "::bigint OFFSET ");
	qb_long(q, f->offset);
	qb_add(q, "::bigint) k JOIN designations d ON d.id = k.id ORDER BY ");
	qb_order(q, f, "k.");
}

static void qb_count(qb *q, const wvlv_ogc_filter *f)
{
	qb_add(q, "SELECT count(*), " SQL_COUNTER);
	qb_where(q, f);
}

/* One feature, SQL_FEATURE with the geometry of crs: $1 the day, $2 the id. */
static void qb_one(qb *q, wvlv_ogc_crs crs)
{
	static const char tmpl[] =
		SQL_FEATURE("GEOMETRY") " FROM designations d WHERE d.id = $2::uuid";
	const char *g = strstr(tmpl, "d.GEOMETRY");
	wvlv_strbuf_append(q->sql, tmpl, (size_t)(g - tmpl));
	qb_geometry(q, crs);
	qb_add(q, g + strlen("d.GEOMETRY"));
}

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

static wvlv_status ogc_not_found(wvlv_error *err)
{
	return wvlv_error_set(err, WVLV_ENOTFOUND, "not-found", "the designation does not exist");
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
	f->current_start = PQgetisnull(res, row, COL_PERIOD_START)
				   ? NULL : PQgetvalue(res, row, COL_PERIOD_START);
	f->current_end = PQgetisnull(res, row, COL_PERIOD_END)
				 ? NULL : PQgetvalue(res, row, COL_PERIOD_END);
}

wvlv_status wvlv_store_ogc_change_counter(wvlv_db *db, long long *out, wvlv_error *err)
{
	PGresult *res = wvlv_db_query(db, SQL_COUNTER_ONLY, 0, NULL, PGRES_TUPLES_OK, err);
	if (!res)
		return err->status;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return wvlv_db_internal(err, "designations_change_counter has no row");
	}
	*out = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return WVLV_OK;
}

wvlv_status wvlv_store_ogc_extent_get(wvlv_db *db, wvlv_arena *arena, wvlv_ogc_extent *out,
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

/* WVLV_OK when q is a statement that can be run. */
static wvlv_status qb_check(const qb *q, wvlv_error *err)
{
	if (wvlv_strbuf_failed(q->sql))
		return wvlv_error_set(err, WVLV_ENOMEM, "out-of-memory", "out of memory");
	return WVLV_OK;
}

wvlv_status wvlv_store_ogc_features(wvlv_db *db, wvlv_arena *arena, const wvlv_ogc_filter *f,
				    wvlv_ogc_crs crs, wvlv_ogc_feature **out, size_t *n,
				    long *matched, long long *counter, wvlv_error *err)
{
	*out = NULL;
	*n = 0;
	*matched = 0;
	*counter = 0;
	qb *q = qb_new(arena);
	qb_list(q, f, crs);
	if (qb_check(q, err) != WVLV_OK)
		return err->status;
	PGresult *res;
	int rows;
	wvlv_ogc_feature *items = wvlv_db_query_rows(db, arena, wvlv_strbuf_text(q->sql), q->n, q->v,
						     sizeof(*items), &res, &rows, err);
	if (!items)
		return err->status;
	wvlv_arena_on_destroy(arena, wvlv_db_clear_result, res);
	for (int r = 0; r < rows; r++) {
		row_to_feature(res, r, &items[r]);
		items[r].created_us = PQgetvalue(res, r, COL_CREATED_US);
	}
	*out = items;
	*n = (size_t)rows;
	if (rows > 0) {
		*matched = PQgetisnull(res, 0, COL_NUMBER_MATCHED)
				   ? -1 : strtol(PQgetvalue(res, 0, COL_NUMBER_MATCHED), NULL, 10);
		*counter = strtoll(PQgetvalue(res, 0, COL_COUNTER), NULL, 10);
		return WVLV_OK;
	}
	/* No row carries the count and the counter (past the end, or nothing
	 * matches): read them on their own. */
	q = qb_new(arena);
	qb_count(q, f);
	if (qb_check(q, err) != WVLV_OK)
		return err->status;
	PGresult *c = wvlv_db_query(db, wvlv_strbuf_text(q->sql), q->n, q->v, PGRES_TUPLES_OK, err);
	if (!c)
		return err->status;
	*matched = f->after[0] ? -1 : strtol(PQgetvalue(c, 0, 0), NULL, 10);
	*counter = strtoll(PQgetvalue(c, 0, 1), NULL, 10);
	PQclear(c);
	return WVLV_OK;
}

wvlv_status wvlv_store_ogc_feature_get(wvlv_db *db, wvlv_arena *arena, const char *id,
				       const char *today, wvlv_ogc_crs crs, wvlv_ogc_feature *out,
				       long long *counter, wvlv_error *err)
{
	memset(out, 0, sizeof(*out));
	*counter = 0;
	if (!wvlv_uuid_shaped(id))
		return ogc_not_found(err);
	const char *params[] = { today, id };
	qb *q = qb_new(arena);
	qb_one(q, crs);
	if (qb_check(q, err) != WVLV_OK)
		return err->status;
	PGresult *res = wvlv_db_query(db, wvlv_strbuf_text(q->sql), 2, params, PGRES_TUPLES_OK,
				      err);
	if (!res)
		return err->status;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return ogc_not_found(err);
	}
	wvlv_arena_on_destroy(arena, wvlv_db_clear_result, res);
	row_to_feature(res, 0, out);
	*counter = strtoll(PQgetvalue(res, 0, COL_COUNTER), NULL, 10);
	return WVLV_OK;
}

/* ---- the LISTEN watch --------------------------------------------------------- */

struct wvlv_store_ogc_watch {
	wvlv_db *db;
	bool     polling; /* a standby: no LISTEN there, the counter is read every wait */
};

static const char SQL_LISTEN[] = "LISTEN wvlv_designations_changed";

/* A hot standby refuses LISTEN (and would never deliver a NOTIFY): there the
 * replicated counter row is read instead, so what is known lags the primary
 * by the replication lag plus one wait. */
static wvlv_status watch_subscribe(wvlv_store_ogc_watch *w, wvlv_error *err)
{
	PGresult *res = wvlv_db_query(w->db, "SELECT pg_is_in_recovery()", 0, NULL,
				      PGRES_TUPLES_OK, err);
	if (!res)
		return err->status;
	w->polling = PQntuples(res) == 1 && strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	return w->polling ? WVLV_OK : wvlv_db_exec(w->db, SQL_LISTEN, 0, NULL, err);
}

wvlv_status wvlv_store_ogc_watch_open(const wvlv_db_options *opts, wvlv_store_ogc_watch **out,
				      long long *counter, wvlv_error *err)
{
	*out = NULL;
	wvlv_store_ogc_watch *w = calloc(1, sizeof(*w));
	if (!w)
		return wvlv_error_set(err, WVLV_ENOMEM, "out-of-memory", "out of memory");
	if (wvlv_db_connect(opts, &w->db, err) != WVLV_OK || watch_subscribe(w, err) != WVLV_OK ||
	    wvlv_store_ogc_change_counter(w->db, counter, err) != WVLV_OK) {
		wvlv_store_ogc_watch_close(w);
		return err->status;
	}
	*out = w;
	return WVLV_OK;
}

wvlv_status wvlv_store_ogc_watch_wait(wvlv_store_ogc_watch *w, int timeout_ms, long long *counter,
				      wvlv_error *err)
{
	PGconn *conn = wvlv_db_pgconn(w->db);
	if (w->polling) {
		poll(NULL, 0, timeout_ms);
		return wvlv_store_ogc_watch_recheck(w, counter, err);
	}
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

wvlv_status wvlv_store_ogc_watch_recheck(wvlv_store_ogc_watch *w, long long *counter,
					 wvlv_error *err)
{
	long long now = 0;
	if (wvlv_store_ogc_change_counter(w->db, &now, err) != WVLV_OK)
		return err->status;
	if (now > *counter)
		*counter = now;
	return WVLV_OK;
}

bool wvlv_store_ogc_watch_polling(const wvlv_store_ogc_watch *w)
{
	return w->polling;
}

void wvlv_store_ogc_watch_close(wvlv_store_ogc_watch *w)
{
	if (!w)
		return;
	wvlv_db_close(w->db);
	free(w);
}
