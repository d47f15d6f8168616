/* designation_import.c — the designation import in bulk (see
 * store_designation_import.h): a handful of statements per file instead of
 * the API's dozen per record.
 *
 * The rows go up by COPY (text format, one buffer) into a temporary
 * table; the geometry check is geometry.c's statement over that table,
 * judged row by row by geometry.c's own verdict; the stored geometry is
 * designation_sql.h's SQL_GEOM_IN of the same GeoJSON; the writes insert the
 * periods, then the designations in their final state (their foreign key
 * deferred meanwhile, so each designation row is made once with its
 * ogc_properties from its periods: what the API's period writes bring it to), then one
 * audit row per write the API would have made — create, each extension,
 * the withdrawal — with designation_sql.h's snapshot of the states in
 * between and audit_sql.h's diff, in the file's order.
 */
#include "wvlv/store_designation_import.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_sql.h"
#include "db_internal.h"
#include "designation_sql.h"
#include "wvlv/store_geometry.h"
#include "wvlv/strbuf.h"
#include "geometry_internal.h"

/* ---- SQL ------------------------------------------------------------------------- */

static const char SQL_CREATE_STAGING[] =
	"CREATE TEMPORARY TABLE wvlv_import_staging (rec int PRIMARY KEY,"
	" id uuid NOT NULL DEFAULT gen_random_uuid(), geojson text, srid int, kind text,"
	" name text, measures text[], bag_ids text[], designated_from date,"
	" designated_until date, withdrawn_on date, withdrawal_reason text, version int,"
	" n_periods int, periods jsonb, geom geometry(MultiPolygon, 28992), geojson_rd text,"
	" geojson_crs84 text) ON COMMIT DROP";

/* For the import's transaction: no JIT compilation (its statements are few, each costed
 * high by the planner, and compiling them took 0.8 s of a 10 000-record import on two cores,
 * more than it saved), and room to sort the audit rows' states in memory. */
static const char SQL_IMPORT_SETTINGS[] =
	"SELECT set_config('jit', 'off', true), set_config('work_mem', '64MB', true)";

static const char SQL_STAGE[] =
	"COPY wvlv_import_staging (rec, geojson, srid, kind, name, measures, bag_ids,"
	" designated_from, designated_until, withdrawn_on, withdrawal_reason, version, n_periods,"
	" periods) FROM STDIN";

/* The checked rows' stored geometry: for RD, the check's rd as a MultiPolygon with the
 * encodings the check made of it (what designation_sql.h's SQL_GEOM_IN and migration 0021's
 * trigger would make: ST_Transform to the geometry's own SRID changes nothing); for the other
 * CRS, SQL_GEOM_IN of the GeoJSON, the trigger making its encodings. */
static const char SQL_SET_GEOMETRY_CHECKED[] =
	"UPDATE wvlv_import_staging s SET geom = CASE WHEN s.srid = 28992 THEN ST_Multi(c.rd)"
	" ELSE " SQL_GEOM_IN("s.geojson", "s.srid") " END,"
	" geojson_rd = CASE WHEN s.srid = 28992 THEN c.rd_text END,"
	" geojson_crs84 = CASE WHEN s.srid = 28992 THEN c.crs84_text END"
	" FROM wvlv_import_checked c WHERE c.rec = s.rec AND s.rec = ANY ($1::int[])";
/* The same when the check could not read a geometry (checked one by one). */
static const char SQL_SET_GEOMETRY[] =
	"UPDATE wvlv_import_staging SET geom = " SQL_GEOM_IN("geojson", "srid")
	" WHERE rec = ANY ($1::int[])";
static const char SQL_CHECKED[] =
	"SELECT rec, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13"
	" FROM wvlv_import_checked ORDER BY rec";
static const char SQL_INDEX_STAGING[] =
	"CREATE INDEX ON wvlv_import_staging USING gist (geom)";

static const char SQL_OVERLAPS_STAGED[] =
	"SELECT a.rec, b.rec, b.id::text, b.name, NULL, NULL, now() AS created_at, b.id"
	" FROM wvlv_import_staging a JOIN wvlv_import_staging b ON b.rec < a.rec"
	" AND " SQL_OVERLAPS("b.geom", "a.geom")
	" UNION ALL"
	" SELECT a.rec, NULL, d.id::text, d.name, " SQL_DATE("d.designated_from") ", "
	SQL_DATE("d.designated_until") ", d.created_at, d.id"
	" FROM wvlv_import_staging a JOIN designations d ON d.municipality_code = $1"
	" AND " SQL_OVERLAPS("d.geom", "a.geom")
	" ORDER BY 1, 7, 8";

static const char SQL_WRITE_DESIGNATIONS[] =
	"INSERT INTO designations (id, municipality_code, kind, name, measures, geom, bag_ids,"
	" designated_from, designated_until, withdrawn_on, withdrawal_reason, version,"
	" geojson_rd, geojson_crs84)"
	" SELECT id, $1, kind, name, measures, geom, bag_ids, designated_from, designated_until,"
	" withdrawn_on, withdrawal_reason, version, geojson_rd, geojson_crs84"
	" FROM wvlv_import_staging ORDER BY rec";

/* Around that INSERT: the designations' trigger keeps the encodings given (migration 0021). */
static const char SQL_GEOJSON_GIVEN[] =
	"SELECT set_config('wvlv.designation_geojson_given', 'on', true)";
static const char SQL_GEOJSON_MADE[] =
	"SELECT set_config('wvlv.designation_geojson_given', '', true)";

static const char SQL_WRITE_PERIODS[] =
	"INSERT INTO designation_periods (designation_id, municipality_code, sequence,"
	" start_date, end_date, kind, decision_reference)"
	" SELECT s.id, $1, p.sequence, p.start, p.\"end\", p.kind, p.\"decisionReference\""
	" FROM wvlv_import_staging s, jsonb_to_recordset(s.periods)"
	" AS p(sequence int, start date, \"end\" date, kind text, \"decisionReference\" text)"
	" ORDER BY s.rec, p.sequence";

/* The periods go in before their designations (their foreign key deferred for the
 * while, migration 0020), so that each designation row is made once, its ogc_properties
 * and ogc_periods (the BEFORE trigger of 0006/0013) from its periods, instead of made and
 * then rewritten by the periods' refresh; the key is checked when it is made IMMEDIATE
 * again, inside the bulk savepoint. */
static const char SQL_PERIODS_KEY_DEFERRED[] =
	"SET CONSTRAINTS designation_periods_designation_id_municipality_code_fkey DEFERRED";
static const char SQL_PERIODS_KEY_IMMEDIATE[] =
	"SET CONSTRAINTS designation_periods_designation_id_municipality_code_fkey IMMEDIATE";

/* The changing part of state v of a staged designation s (d its row): after its
 * create (1), its extensions (2 … n_periods) and its withdrawal (n_periods + 1), as
 * designations.c's snapshot of the row would have read it then.  Its periods are
 * the first v of the staged ones (s.periods: the objects the snapshot makes of the
 * rows SQL_WRITE_PERIODS writes from them, key for key). */
#define SQL_STATE(V)                                                                      \
	SQL_SNAPSHOT_CHANGING("CASE WHEN " V " > s.n_periods THEN d.designated_until ELSE"   \
			      " (s.periods -> (" V " - 1) ->> 'end')::date END",              \
			      "CASE WHEN " V " > s.n_periods THEN d.withdrawn_on END",        \
			      "CASE WHEN " V " > s.n_periods THEN d.withdrawal_reason END",   \
			      "(" V ")",                                                      \
			      "(SELECT jsonb_agg(q.e ORDER BY q.o) FROM jsonb_array_elements("  \
			      "s.periods) WITH ORDINALITY AS q(e, o) WHERE q.o <= " V ")")

/* $1 token id, $2 label, $3 municipality, $4 request id, $5 client request id.
 * Each state is made once (OFFSET 0 keeps it from being made again for each
 * place the diff names it).  A write's "before" is the state of the write before
 * it; that of the create is '{}', its "after" the whole snapshot: the fixed part,
 * the changing one and the geometry (the stored CRS84 encoding, read as jsonb
 * once a designation).  An extension or a withdrawal changes neither the fixed
 * part nor the geometry (the same row's same columns), so its diff is that of the
 * changing parts: the same rows as the diff of whole snapshots, for less. */
static const char SQL_WRITE_AUDIT[] =
	"INSERT INTO audit_log (token_id, token_label, municipality_code, entity, entity_id,"
	" action, changes, request_id, client_request_id)"
	" SELECT $1::uuid, $2, $3, 'designation', x.id::text, x.action,"
	" CASE WHEN x.step = 0 THEN " SQL_AUDIT_CHANGES("'{}'::jsonb", "x.whole")
	" ELSE " SQL_AUDIT_CHANGES("x.b", "x.a") " END, $4, $5"
	" FROM (SELECT y.rec, y.step, y.id, y.action, y.a, CASE WHEN y.step = 0 THEN"
	" y.fixed || jsonb_build_object('geometry', y.geometry::jsonb) || y.a END AS whole,"
	" lag(y.a) OVER (PARTITION BY y.rec ORDER BY y.step) AS b"
	" FROM (SELECT s.rec, t.step, s.id, d.geojson_crs84 AS geometry,"
	" CASE WHEN t.step = 0 THEN " SQL_SNAPSHOT_FIXED " END AS fixed,"
	" CASE WHEN t.step = 0 THEN 'create' WHEN t.step < s.n_periods THEN 'extend'"
	" ELSE 'withdraw' END AS action, " SQL_STATE("t.step + 1") " AS a"
	" FROM wvlv_import_staging s JOIN designations d ON d.id = s.id,"
	" generate_series(0, s.version - 1) AS t(step) OFFSET 0) y OFFSET 0) x"
	" ORDER BY x.rec, x.step";

/* ---- staging ------------------------------------------------------------------------ */

static json_t *date_json(wvlv_date d)
{
	char buf[WVLV_DATE_STRLEN];
	const char *s = wvlv_db_date_param(d, buf);
	return s ? json_string(s) : json_null();
}

static json_t *periods_json(const wvlv_store_import_row *r)
{
	json_t *a = json_array();
	for (size_t k = 0; k < r->n_periods; k++) {
		const wvlv_period *p = &r->periods[k];
		json_array_append_new(a, json_pack("{s:I, s:o, s:o, s:s, s:o}", "sequence",
						   (json_int_t)(k + 1), "start", date_json(p->start),
						   "end", date_json(p->end),
						   "kind", k ? "extension" : "initial",
						   "decisionReference",
						   p->decision_reference
							   ? json_string(p->decision_reference)
							   : json_null()));
	}
	return a;
}

/* One field of a COPY text row: s with COPY's escapes, or \N for NULL. */
static void copy_field(wvlv_strbuf *b, const char *s, char sep)
{
	if (!s) {
		wvlv_strbuf_append(b, "\\N", 2);
	} else {
		while (*s) {
			size_t n = strcspn(s, "\\\t\n\r");
			wvlv_strbuf_append(b, s, n);
			s += n;
			if (!*s)
				break;
			char esc[2] = { '\\', *s == '\t' ? 't' : *s == '\n' ? 'n' : *s == '\r' ? 'r' : '\\' };
			wvlv_strbuf_append(b, esc, 2);
			s++;
		}
	}
	wvlv_strbuf_append(b, &sep, 1);
}

/* A text[] literal {"a","b"} of items (NULL items as ""), as one COPY field. */
static void copy_array(wvlv_strbuf *b, wvlv_arena *arena, const char *const *items, size_t n)
{
	wvlv_strbuf *a = wvlv_strbuf_new(arena);
	wvlv_strbuf_append(a, "{", 1);
	for (size_t i = 0; i < n; i++) {
		const char *s = items[i] ? items[i] : "";
		wvlv_strbuf_append(a, i ? ",\"" : "\"", i ? 2 : 1);
		for (; *s; s++) {
			if (*s == '"' || *s == '\\')
				wvlv_strbuf_append(a, "\\", 1);
			wvlv_strbuf_append(a, s, 1);
		}
		wvlv_strbuf_append(a, "\"", 1);
	}
	wvlv_strbuf_append(a, "}", 1);
	copy_field(b, wvlv_strbuf_failed(a) ? "{}" : wvlv_strbuf_text(a), '\t');
}

static void copy_date(wvlv_strbuf *b, wvlv_date d)
{
	char buf[WVLV_DATE_STRLEN];
	copy_field(b, wvlv_db_date_param(d, buf), '\t');
}

/* Row rec of the staging table as a COPY text line. */
static void copy_row(wvlv_strbuf *b, wvlv_arena *arena, const wvlv_store_import_row *r,
		     size_t rec)
{
	const wvlv_designation_new *d = r->d;
	char num[32];
	snprintf(num, sizeof(num), "%zu", rec);
	copy_field(b, num, '\t');
	copy_field(b, d->geometry_json, '\t');
	copy_field(b, wvlv_db_srid_param(d->geometry_crs, num), '\t');
	copy_field(b, wvlv_kind_name(d->kind) ? wvlv_kind_name(d->kind) : "", '\t');
	copy_field(b, d->name ? d->name : "", '\t');
	const char *measures[8];
	size_t nm = 0;
	for (unsigned bit = 1; bit <= WVLV_MEASURE_VOORKEURSRECHT && nm < 8; bit <<= 1)
		if ((d->measures & bit) && wvlv_measure_name(bit))
			measures[nm++] = wvlv_measure_name(bit);
	copy_array(b, arena, measures, nm);
	copy_array(b, arena, d->bag_ids, d->n_bag_ids);
	copy_date(b, r->periods[0].start);
	copy_date(b, r->designated_until);
	copy_date(b, r->withdrawn_on);
	copy_field(b, r->withdrawal_reason, '\t');
	size_t version = r->n_periods + (r->withdrawn_on != WVLV_DATE_NONE ? 1 : 0);
	snprintf(num, sizeof(num), "%zu", version);
	copy_field(b, num, '\t');
	snprintf(num, sizeof(num), "%zu", r->n_periods);
	copy_field(b, num, '\t');
	json_t *p = periods_json(r);
	char *text = p ? json_dumps(p, JSON_COMPACT) : NULL;
	json_decref(p);
	copy_field(b, text ? text : "[]", '\n');
	free(text);
}

/* The rows' COPY text sent on the connection (its COPY already started). */
static wvlv_status copy_send(wvlv_db *db, const char *text, size_t len, wvlv_error *err)
{
	PGconn *c = wvlv_db_pgconn(db);
	bool sent = true;
	for (size_t off = 0; sent && off < len; off += 1 << 20) {
		size_t n = len - off < (1u << 20) ? len - off : (1u << 20);
		sent = PQputCopyData(c, text + off, (int)n) == 1;
	}
	sent = PQputCopyEnd(c, sent ? NULL : "the client could not send the rows") == 1 && sent;
	PGresult *res = PQgetResult(c);
	wvlv_status st = WVLV_OK;
	if (!sent || PQresultStatus(res) != PGRES_COMMAND_OK)
		st = wvlv_db_fail(db, res, err);
	PQclear(res);
	while ((res = PQgetResult(c)) != NULL)
		PQclear(res);
	return st;
}

wvlv_status wvlv_store_import_stage(wvlv_db *db, const wvlv_store_import_row *rows, size_t n,
				    wvlv_error *err)
{
	wvlv_status st = wvlv_db_exec(db, SQL_IMPORT_SETTINGS, 0, NULL, err);
	if (st == WVLV_OK)
		st = wvlv_db_exec(db, SQL_CREATE_STAGING, 0, NULL, err);
	if (st != WVLV_OK)
		return st;
	wvlv_arena *arena = wvlv_arena_create();
	wvlv_strbuf *b = arena ? wvlv_strbuf_new(arena) : NULL;
	for (size_t i = 0; b && i < n; i++)
		copy_row(b, arena, &rows[i], i);
	if (!b || wvlv_strbuf_failed(b)) {
		wvlv_arena_destroy(arena);
		return wvlv_error_set(err, WVLV_ENOMEM, "out-of-memory", "out of memory");
	}
	PGresult *res = PQexec(wvlv_db_pgconn(db), SQL_STAGE);
	if (PQresultStatus(res) != PGRES_COPY_IN) {
		st = wvlv_db_fail(db, res, err);
		PQclear(res);
	} else {
		PQclear(res);
		st = copy_send(db, wvlv_strbuf_text(b), wvlv_strbuf_len(b), err);
	}
	wvlv_arena_destroy(arena);
	return st;
}

/* ---- the geometry check -------------------------------------------------------------- */

#define GEOMETRY_SAVEPOINT "wvlv_import_geometries"

/* One statement over the staging table keeping its verdicts and encodings in
 * wvlv_import_checked, one reading the verdicts; false in *read when PostGIS
 * could not read a geometry (the transaction is as before it). */
static wvlv_status check_all(wvlv_db *db, const wvlv_store_import_row *rows, size_t n,
			     bool *valid, wvlv_store_import_refuse_fn refuse, void *cls,
			     bool *read, wvlv_error *err)
{
	*read = false;
	wvlv_status st = wvlv_db_savepoint(db, GEOMETRY_SAVEPOINT, err);
	if (st != WVLV_OK)
		return st;
	wvlv_error qerr;
	wvlv_error_clear(&qerr);
	PGresult *res = wvlv_db_query_input(db, wvlv_sql_geometry_check_staged, 0, NULL,
					    PGRES_COMMAND_OK, &qerr);
	if (res) {
		PQclear(res);
		res = wvlv_db_query(db, SQL_CHECKED, 0, NULL, PGRES_TUPLES_OK, &qerr);
		if (!res) {
			*err = qerr;
			return qerr.status;
		}
	} else {
		if (qerr.status == WVLV_EUNAVAIL || qerr.status == WVLV_EINTERNAL) {
			*err = qerr;
			return qerr.status;
		}
		st = wvlv_db_rollback_to(db, GEOMETRY_SAVEPOINT, err);
		return st == WVLV_OK ? wvlv_db_release(db, GEOMETRY_SAVEPOINT, err) : st;
	}
	*read = true;
	if ((size_t)PQntuples(res) != n) {
		PQclear(res);
		return wvlv_db_internal(err, "import geometry check: rows lost");
	}
	for (int r = 0; r < PQntuples(res); r++) {
		size_t i = (size_t)atol(PQgetvalue(res, r, 0));
		wvlv_error why;
		wvlv_error_clear(&why);
		valid[i] = i < n && (rows[i].d->geometry_json
					     ? wvlv_geometry_judge_row(res, r, 1,
								       rows[i].d->geometry_crs,
								       "geometry", &why) == WVLV_OK
					     : wvlv_store_geometry_check(db, NULL, WVLV_CRS_RD,
									 "geometry", &why) == WVLV_OK);
		if (!valid[i] && i < n)
			refuse(cls, i, &why);
	}
	PQclear(res);
	return wvlv_db_release(db, GEOMETRY_SAVEPOINT, err);
}

/* {i, j, …} of the valid rows, as an int[] parameter (malloc'd). */
static char *valid_list(const bool *valid, size_t n)
{
	size_t cap = 3 + 12 * n, len = 1;
	char *s = malloc(cap);
	if (!s)
		return NULL;
	s[0] = '{';
	for (size_t i = 0; i < n; i++)
		if (valid[i])
			len += (size_t)snprintf(s + len, cap - len, "%s%zu", len > 1 ? "," : "", i);
	snprintf(s + len, cap - len, "}");
	return s;
}

wvlv_status wvlv_store_import_geometries(wvlv_db *db, const wvlv_store_import_row *rows,
					 size_t n, bool *valid, wvlv_store_import_refuse_fn refuse,
					 void *cls, wvlv_error *err)
{
	bool read;
	wvlv_status st = check_all(db, rows, n, valid, refuse, cls, &read, err);
	for (size_t i = 0; st == WVLV_OK && !read && i < n; i++) {
		/* garbage somewhere: row by row, each in geometry.c's savepoint */
		wvlv_error why;
		wvlv_error_clear(&why);
		st = wvlv_store_geometry_check(db, rows[i].d->geometry_json,
					       rows[i].d->geometry_crs, "geometry", &why);
		valid[i] = st == WVLV_OK;
		if (st == WVLV_EUNAVAIL || st == WVLV_EINTERNAL) {
			*err = why;
			return st;
		}
		if (!valid[i])
			refuse(cls, i, &why);
		st = WVLV_OK;
	}
	if (st != WVLV_OK)
		return st;
	char *list = valid_list(valid, n);
	if (!list)
		return wvlv_error_set(err, WVLV_ENOMEM, "out-of-memory", "out of memory");
	const char *params[] = { list };
	st = wvlv_db_exec(db, read ? SQL_SET_GEOMETRY_CHECKED : SQL_SET_GEOMETRY, 1, params, err);
	free(list);
	/* no ANALYZE (0.1-0.2 s): CREATE INDEX counts the rows, and with that the
	 * overlap query takes the index for each record as it should */
	return st == WVLV_OK ? wvlv_db_exec(db, SQL_INDEX_STAGING, 0, NULL, err) : st;
}

/* ---- overlaps and writes ------------------------------------------------------------ */

static wvlv_status overlap_row(const PGresult *res, int row, wvlv_arena *arena, void *item,
			       wvlv_error *err)
{
	wvlv_store_import_overlap *o = item;
	o->rec = (size_t)atol(PQgetvalue(res, row, 0));
	o->other = PQgetisnull(res, row, 1) ? -1 : atol(PQgetvalue(res, row, 1));
	snprintf(o->ov.id, sizeof(o->ov.id), "%s", PQgetvalue(res, row, 2));
	o->ov.name = wvlv_arena_strdup(arena, PQgetvalue(res, row, 3));
	wvlv_status st = wvlv_db_date_value(res, row, 4, &o->ov.range.from, err);
	return st == WVLV_OK ? wvlv_db_date_value(res, row, 5, &o->ov.range.until, err) : st;
}

wvlv_status wvlv_store_import_overlaps(wvlv_db *db, wvlv_arena *arena,
				       const char *municipality_code,
				       wvlv_store_import_overlap **out, size_t *n,
				       wvlv_error *err)
{
	const char *params[] = { municipality_code };
	*out = wvlv_db_read_rows(db, arena, SQL_OVERLAPS_STAGED, 1, params, sizeof(**out),
				 overlap_row, n, err);
	return *out ? WVLV_OK : err->status;
}

static const char *empty_to_null(const char *s)
{
	return s && *s ? s : NULL;
}

wvlv_status wvlv_store_import_write(wvlv_db *db, const wvlv_caller *caller,
				    const char *municipality_code, wvlv_error *err)
{
	const char *muni[] = { municipality_code };
	const char *audit[] = {
		empty_to_null(caller->token_id), empty_to_null(caller->label), municipality_code,
		empty_to_null(caller->request_id), empty_to_null(caller->client_request_id),
	};
	wvlv_db_step steps[] = {
		{ SQL_PERIODS_KEY_DEFERRED, 0, NULL, PGRES_COMMAND_OK, false, NULL },
		{ SQL_WRITE_PERIODS, 1, muni, PGRES_COMMAND_OK, false, NULL },
		{ SQL_GEOJSON_GIVEN, 0, NULL, PGRES_TUPLES_OK, false, NULL },
		{ SQL_WRITE_DESIGNATIONS, 1, muni, PGRES_COMMAND_OK, false, NULL },
		{ SQL_GEOJSON_MADE, 0, NULL, PGRES_TUPLES_OK, false, NULL },
		{ SQL_PERIODS_KEY_IMMEDIATE, 0, NULL, PGRES_COMMAND_OK, false, NULL },
		{ SQL_WRITE_AUDIT, 5, audit, PGRES_COMMAND_OK, false, NULL },
	};
	const int nsteps = (int)(sizeof(steps) / sizeof(steps[0]));
	int failed = -1;
	wvlv_status st = wvlv_db_steps(db, steps, nsteps, &failed, err);
	for (int i = 0; i < nsteps; i++)
		PQclear(steps[i].res);
	return st;
}
