/* test_store.c — lib/store against a real PostgreSQL + PostGIS: migrations,
 * the pool, error mapping, designations, idempotency keys, the server role.
 *
 * One database for the program (testdb_create); every test writes into its
 * own municipality code, so tests stay independent in any order.
 *
 * Most tests connect as the cluster's superuser, which row-level security
 * does not apply to; the audit check does (migration 0002): every change of
 * a designation commits together with an audit row, as in the registry.
 * tests/integration/test_access.c tests access control itself.
 */
#include <check.h>
#include <jansson.h>
#include <libpq-fe.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db_internal.h" /* wvlv_db_pgconn: the libpq options used */
#include "tdate.h"
#include "testdb.h"
#include "tstore.h"
#include "wvlv/arena.h"
#include "wvlv/caller.h"
#include "wvlv/date.h"
#include "wvlv/db.h"
#include "wvlv/designation.h"
#include "wvlv/migrate.h"
#include "wvlv/store_audit.h"
#include "wvlv/store_designations.h"
#include "wvlv/store_geometry.h"
#include "wvlv/store_idempotency.h"

static const char *conninfo;

/* ---- helpers ------------------------------------------------------------------ */

#define ok(st, err)      ts_ok(st, err)
#define connect_as(role) ts_connect(role)
#define day              t_date

static PGconn *adm;        /* a plain libpq connection for checks, per test */
static wvlv_arena *arena;  /* per test */

static void setup(void)
{
	adm = PQconnectdb(conninfo);
	ck_assert_int_eq(PQstatus(adm), CONNECTION_OK);
	arena = wvlv_arena_create();
}

static void teardown(void)
{
	PQfinish(adm);
	wvlv_arena_destroy(arena);
}

/* First value of a one-row query on the admin connection (arena copy; NULL for SQL NULL). */
static const char *adm_value(const char *sql, int n, const char *const *params)
{
	PGresult *r = PQexecParams(adm, sql, n, NULL, params, NULL, NULL, 0);
	ck_assert_msg(PQresultStatus(r) == PGRES_TUPLES_OK, "%s: %s", sql, PQerrorMessage(adm));
	ck_assert_int_eq(PQntuples(r), 1);
	const char *v = PQgetisnull(r, 0, 0) ? NULL : wvlv_arena_strdup(arena, PQgetvalue(r, 0, 0));
	PQclear(r);
	return v;
}

static void adm_exec(const char *sql, int n, const char *const *params)
{
	PGresult *r = PQexecParams(adm, sql, n, NULL, params, NULL, NULL, 0);
	ck_assert_msg(PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK,
		      "%s: %s", sql, PQerrorMessage(adm));
	PQclear(r);
}

static wvlv_db *connect_with_timeout(int ms)
{
	wvlv_db_options o = { .conninfo = conninfo, .statement_timeout_ms = ms };
	wvlv_db *db = NULL;
	wvlv_error err;
	wvlv_error_clear(&err);
	ck_assert_int_eq(wvlv_db_connect(&o, &db, &err), WVLV_OK);
	return db;
}

/* A CRS84 rectangle as a GeoJSON Polygon (arena). */
static const char *box(double x0, double y0, double x1, double y1)
{
	return wvlv_arena_printf(arena,
				 "{\"type\":\"Polygon\",\"coordinates\":[[[%.6f,%.6f],[%.6f,%.6f],"
				 "[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f]]]}",
				 x0, y0, x1, y0, x1, y1, x0, y1, x0, y0);
}

typedef struct spec {
	const char *gm;
	const char *name;
	wvlv_kind   kind;
	unsigned    measures;
	const char *geojson;
	wvlv_crs    crs;
	const char *start;
	const char *end;
} spec;

/* An administrator of municipality gm. */
static wvlv_caller caller_of(const char *gm)
{
	wvlv_caller c = { .role = WVLV_ROLE_ADMIN };
	snprintf(c.municipality_code, sizeof(c.municipality_code), "%s", gm);
	snprintf(c.label, sizeof(c.label), "test_store");
	return c;
}

/* BEGIN, scoped to municipality gm. */
static void begin_as(wvlv_db *db, const char *gm)
{
	wvlv_caller c = caller_of(gm);
	ts_begin_as(db, &c);
}

/* The audit row of a change of designation id (the test's changes carry no
 * before/after: the store tests are about the store, not the trail). */
static void audit(wvlv_db *db, const char *gm, const char *id, const char *action)
{
	wvlv_caller c = caller_of(gm);
	wvlv_error err;
	wvlv_error_clear(&err);
	ok(wvlv_store_audit_append(db, &c, gm, "designation", id, action, NULL, NULL, &err), &err);
}

/* End a change begun with begin_as(): when st is WVLV_OK, append its audit
 * row and COMMIT (returning COMMIT's status), else ROLLBACK and return st. */
static wvlv_status audited(wvlv_db *db, const char *gm, const char *id, const char *action,
			   wvlv_status st, wvlv_error *err)
{
	if (st != WVLV_OK) {
		wvlv_db_rollback(db);
		return st;
	}
	audit(db, gm, id, action);
	return wvlv_db_commit(db, err);
}

/* Insert with its audit row inside the open transaction; returns the id (arena). */
static const char *make_in(wvlv_db *db, const spec *s)
{
	const char *bag[] = { "0599010000000001", "0599100000000002" };
	wvlv_designation_new d = {
		.municipality_code = s->gm,
		.kind = s->kind ? s->kind : WVLV_KIND_AREA,
		.name = s->name,
		.measures = s->measures ? s->measures : WVLV_MEASURE_ART8,
		.geometry_json = s->geojson,
		.geometry_crs = s->crs,
		.bag_ids = bag,
		.n_bag_ids = 2,
		.first = { .sequence = 1, .start = day(s->start ? s->start : "2025-01-01"),
			   .end = day(s->end ? s->end : "2028-12-31"),
			   .decision_reference = "Stcrt. 2025, 1234" },
	};
	char id[WVLV_UUID_STRLEN];
	wvlv_error err;
	wvlv_error_clear(&err);
	ok(wvlv_store_designation_insert(db, &d, id, &err), &err);
	audit(db, s->gm, id, "create");
	return wvlv_arena_strdup(arena, id);
}

/* Insert in a transaction of its own; returns the id (arena). */
static const char *make(wvlv_db *db, const spec *s)
{
	begin_as(db, s->gm);
	const char *id = make_in(db, s);
	wvlv_error err;
	wvlv_error_clear(&err);
	ok(wvlv_db_commit(db, &err), &err);
	return id;
}

static wvlv_designation get(wvlv_db *db, const char *id, wvlv_crs crs)
{
	wvlv_designation d;
	wvlv_error err;
	wvlv_error_clear(&err);
	ok(wvlv_store_designation_get(db, arena, NULL, id, crs, false, &d, &err), &err);
	return d;
}

static double coord(json_t *geom, int i)
{
	json_t *c = json_array_get(json_array_get(json_array_get(json_array_get(
					       json_object_get(geom, "coordinates"), 0), 0), 0),
				   (size_t)i);
	ck_assert(json_is_number(c));
	return json_number_value(c);
}

/* ---- migrations ------------------------------------------------------------------ */

START_TEST(test_migrate_again_is_noop)
{
	wvlv_db *db = connect_as(NULL);
	size_t count = 0;
	const wvlv_migration *list = wvlv_migrations(&count);
	ck_assert_uint_ge(count, 1);
	ck_assert_str_eq(list[0].name, "0001_init");
	int applied = -1;
	wvlv_error err;
	wvlv_error_clear(&err);
	ok(wvlv_migrate(db, list, count, NULL, &applied, &err), &err);
	ck_assert_int_eq(applied, 0);
	const char *params[] = { "0001_init" };
	const char *sum = adm_value("SELECT checksum FROM schema_migrations WHERE name = $1", 1,
				    params);
	ck_assert_uint_eq(strlen(sum), 64);
	ck_assert_uint_eq(strspn(sum, "0123456789abcdef"), 64);
	const char *sha = adm_value("SELECT encode(sha256(convert_to($1, 'UTF8')), 'hex')", 1,
				    (const char *[]){ list[0].sql });
	ck_assert_str_eq(sum, sha);
	wvlv_db_close(db);
}
END_TEST

START_TEST(test_migrate_changed_checksum_refused)
{
	const char *name[] = { "0001_init" };
	const char *saved = adm_value("SELECT checksum FROM schema_migrations WHERE name = $1", 1,
				      name);
	adm_exec("UPDATE schema_migrations SET checksum = repeat('0', 64) WHERE name = $1", 1, name);
	wvlv_db *db = connect_as(NULL);
	size_t count = 0;
	const wvlv_migration *list = wvlv_migrations(&count);
	int applied = -1;
	wvlv_error err;
	wvlv_error_clear(&err);
	ck_assert_int_eq(wvlv_migrate(db, list, count, NULL, &applied, &err), WVLV_ECONFLICT);
	ck_assert_str_eq(err.code, "migration-changed");
	ck_assert_ptr_nonnull(strstr(err.detail, "migration 0001_init was changed after it was "
						 "applied (checksum 0000"));
	ck_assert_ptr_nonnull(strstr(err.detail, "; migrations are forward-only: add a new file "
						 "instead"));
	ck_assert_int_eq(applied, 0);
	adm_exec("UPDATE schema_migrations SET checksum = $2 WHERE name = $1", 2,
		 (const char *[]){ "0001_init", saved });
	/* the failed run released its advisory lock: another session migrates at once */
	wvlv_db *other = connect_with_timeout(3000);
	ok(wvlv_migrate(other, list, count, NULL, &applied, &err), &err);
	ck_assert_int_eq(applied, 0);
	wvlv_db_close(other);
	wvlv_db_close(db);
}
END_TEST

START_TEST(test_migrate_pending_and_failing)
{
	size_t count = 0;
	const wvlv_migration *embedded = wvlv_migrations(&count);
	wvlv_migration list[] = {
		embedded[0],
		{ "9001_probe", "CREATE TABLE migrate_probe (x int);\n"
				"INSERT INTO migrate_probe VALUES (1), (2);\n" },
	};
	wvlv_db *db = connect_as(NULL);
	char *out = NULL;
	size_t outlen = 0;
	FILE *log = open_memstream(&out, &outlen);
	int applied = -1;
	wvlv_error err;
	wvlv_error_clear(&err);
	ok(wvlv_migrate(db, list, 2, log, &applied, &err), &err);
	fclose(log);
	ck_assert_int_eq(applied, 1);
	ck_assert_str_eq(out, "applied 9001_probe\n");
	free(out);
	ck_assert_str_eq(adm_value("SELECT count(*) FROM migrate_probe", 0, NULL), "2");
	ok(wvlv_migrate(db, list, 2, NULL, &applied, &err), &err);
	ck_assert_int_eq(applied, 0);

	/* a failing file: nothing of it stays, nothing is recorded, the run stops */
	wvlv_migration bad[] = {
		{ "9002_bad", "CREATE TABLE migrate_bad (x int);\nCREATE TABLE (;\n" },
		{ "9003_after", "CREATE TABLE migrate_after (x int);\n" },
	};
	ck_assert_int_eq(wvlv_migrate(db, bad, 2, NULL, &applied, &err), WVLV_EDB);
	ck_assert_int_eq(applied, 0);
	ck_assert_str_eq(err.detail, "migration 9002_bad failed: database error");
	ck_assert_str_eq(adm_value("SELECT count(*) FROM schema_migrations WHERE name LIKE '900%'",
				   0, NULL),
			 "1");
	ck_assert_ptr_null(adm_value("SELECT to_regclass('migrate_bad')::text", 0, NULL));
	ck_assert_ptr_null(adm_value("SELECT to_regclass('migrate_after')::text", 0, NULL));
	/* a list the build got wrong */
	wvlv_migration nameless[] = { { "", "SELECT 1" } };
	ck_assert_int_eq(wvlv_migrate(db, nameless, 1, NULL, &applied, &err), WVLV_EINTERNAL);
	wvlv_migration twice[] = { embedded[0], embedded[0] };
	ck_assert_int_eq(wvlv_migrate(db, twice, 2, NULL, &applied, &err), WVLV_EINTERNAL);
	/* and the connection is fine afterwards */
	ok(wvlv_db_begin(db, &err), &err);
	ok(wvlv_db_commit(db, &err), &err);
	wvlv_db_close(db);
}
END_TEST

/* ---- connections, pool, error mapping ------------------------------------------------ */

static long ms_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

START_TEST(test_pool_acquire_release_timeout)
{
	wvlv_db_options o = { .conninfo = conninfo };
	wvlv_db_pool *pool = wvlv_db_pool_create(&o, 1);
	ck_assert_ptr_nonnull(pool);
	wvlv_db *a = NULL, *b = NULL;
	wvlv_error err;
	wvlv_error_clear(&err);
	ok(wvlv_db_pool_acquire(pool, 1000, &a, &err), &err);
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ck_assert_int_eq(wvlv_db_pool_acquire(pool, 100, &b, &err), WVLV_EUNAVAIL);
	ck_assert_int_ge(ms_since(&t0), 95);
	ck_assert_ptr_null(b);
	ck_assert_str_eq(err.detail, "no database connection became free within 100 ms");
	wvlv_db_pool_release(pool, a);
	ok(wvlv_db_pool_acquire(pool, 100, &b, &err), &err);
	ck_assert_ptr_eq(a, b); /* the same connection, reused */
	/* released inside a transaction: rolled back, the connection is kept */
	ok(wvlv_db_begin(b, &err), &err);
	const char *id = make_in(b, &(spec){ .gm = "GM0101", .name = "rolled back",
					  .geojson = box(4.40, 51.90, 4.41, 51.91) });
	wvlv_db_pool_release(pool, b);
	ok(wvlv_db_pool_acquire(pool, 100, &a, &err), &err);
	ck_assert_ptr_eq(a, b);
	wvlv_designation d;
	ck_assert_int_eq(wvlv_store_designation_get(a, arena, NULL, id, WVLV_CRS_CRS84, false, &d,
						    &err),
			 WVLV_ENOTFOUND);
	wvlv_db_pool_release(pool, a);
	ok(wvlv_db_pool_check(pool, 100, &err), &err);
	wvlv_db_pool_destroy(pool);
}
END_TEST

START_TEST(test_pool_resets_terminated_connection)
{
	char app[64];
	snprintf(app, sizeof(app), "wvlv-test-kill-%ld", (long)getpid());
	wvlv_db_options o = { .conninfo = conninfo, .set_role = WVLV_SERVER_ROLE,
			      .application_name = app };
	wvlv_db_pool *pool = wvlv_db_pool_create(&o, 1);
	wvlv_db *db = NULL;
	wvlv_error err;
	wvlv_error_clear(&err);
	ok(wvlv_db_pool_acquire(pool, 1000, &db, &err), &err);
	wvlv_db_pool_release(pool, db);
	const char *q = "SELECT pid::text FROM pg_stat_activity WHERE application_name = $1";
	const char *pid = adm_value(q, 1, (const char *[]){ app });
	ck_assert_str_eq(adm_value("SELECT pg_terminate_backend($1::int, 5000)::text", 1,
				   (const char *[]){ pid }),
			 "true");
	ok(wvlv_db_pool_acquire(pool, 1000, &db, &err), &err);
	/* usable at once, as the server role again */
	ok(wvlv_db_exec_script(db, "DO $$ BEGIN IF current_user <> 'wvlv_server' THEN "
				   "RAISE 'wrong role %', current_user; END IF; END $$",
			       &err),
	   &err);
	ok(wvlv_db_begin(db, &err), &err);
	ok(wvlv_db_commit(db, &err), &err);
	const char *pid2 = adm_value(q, 1, (const char *[]){ app });
	ck_assert_str_ne(pid, pid2);
	wvlv_db_pool_release(pool, db);
	wvlv_db_pool_destroy(pool);
}
END_TEST

static const char *backend_pid(wvlv_db *db)
{
	wvlv_error err;
	wvlv_error_clear(&err);
	PGresult *res = wvlv_db_query(db, "SELECT pg_backend_pid()::text", 0, NULL, PGRES_TUPLES_OK,
				      &err);
	ck_assert_msg(res != NULL, "%s", err.detail);
	const char *pid = wvlv_arena_strdup(arena, PQgetvalue(res, 0, 0));
	PQclear(res);
	return pid;
}

/* A write refused because the server is no longer the primary (25006, as
 * on a standby after a failover; here a read-only transaction gives the same
 * SQLSTATE) is 503 database-unavailable, and the pool does not hand the
 * connection out again: the next one is new (with a multi-host conninfo, to
 * the primary of the moment).  An ordinary failure keeps the connection. */
START_TEST(test_pool_drops_connection_of_a_server_that_left)
{
	wvlv_db_options o = { .conninfo = conninfo };
	wvlv_db_pool *pool = wvlv_db_pool_create(&o, 1);
	wvlv_db *db = NULL;
	wvlv_error err;
	wvlv_error_clear(&err);
	ok(wvlv_db_pool_acquire(pool, 1000, &db, &err), &err);
	const char *first = backend_pid(db);
	/* an ordinary failure (division by zero, 22012): the connection stays */
	ck_assert_int_eq(wvlv_db_exec(db, "SELECT 1/0", 0, NULL, &err), WVLV_EINVAL);
	wvlv_db_pool_release(pool, db);
	ok(wvlv_db_pool_acquire(pool, 1000, &db, &err), &err);
	ck_assert_str_eq(backend_pid(db), first);
	/* a write the server refuses as read-only */
	ok(wvlv_db_begin(db, &err), &err);
	ok(wvlv_db_read_only(db, &err), &err);
	ck_assert_int_eq(wvlv_db_exec(db, "CREATE TEMP TABLE t_left (i int)", 0, NULL, &err),
			 WVLV_EUNAVAIL);
	ck_assert_str_eq(err.code, "database-unavailable");
	ck_assert_str_eq(wvlv_db_sqlstate(db), "25006");
	wvlv_db_pool_release(pool, db);
	wvlv_db_pool_counts c;
	wvlv_db_pool_stats(pool, &c);
	ck_assert_int_eq(c.open, 0); /* closed, not kept */
	ok(wvlv_db_pool_acquire(pool, 1000, &db, &err), &err);
	ck_assert_str_ne(backend_pid(db), first);
	wvlv_db_pool_release(pool, db);
	wvlv_db_pool_destroy(pool);
}
END_TEST

/* The conninfo of a formation: several hosts, target_session_attrs=read-write;
 * a host that does not answer is passed over. */
START_TEST(test_multi_host_conninfo)
{
	PQconninfoOption *opts = PQconninfoParse(conninfo, NULL);
	const char *host = NULL, *port = NULL, *dbname = NULL, *user = NULL;
	for (PQconninfoOption *p = opts; p && p->keyword; p++) {
		if (!p->val)
			continue;
		if (!strcmp(p->keyword, "host"))
			host = p->val;
		else if (!strcmp(p->keyword, "port"))
			port = p->val;
		else if (!strcmp(p->keyword, "dbname"))
			dbname = p->val;
		else if (!strcmp(p->keyword, "user"))
			user = p->val;
	}
	ck_assert_ptr_nonnull(host);
	char multi[1024];
	snprintf(multi, sizeof(multi),
		 "host=/nonexistent/wvlv-socket-dir,%s port=1,%s dbname=%s%s%s "
		 "target_session_attrs=read-write",
		 host, port ? port : "5432", dbname, user ? " user=" : "", user ? user : "");
	host = wvlv_arena_strdup(arena, host);
	PQconninfoFree(opts);
	wvlv_db_options o = { .conninfo = multi, .set_role = WVLV_SERVER_ROLE };
	wvlv_db_pool *pool = wvlv_db_pool_create(&o, 1);
	wvlv_db *db = NULL;
	wvlv_error err;
	wvlv_error_clear(&err);
	ok(wvlv_db_pool_acquire(pool, 1000, &db, &err), &err);
	ok(wvlv_db_exec(db, "SELECT 1", 0, NULL, &err), &err);
	ck_assert_str_eq(PQhost(wvlv_db_pgconn(db)), host);
	wvlv_db_pool_release(pool, db);
	wvlv_db_pool_destroy(pool);
}
END_TEST

START_TEST(test_unreachable_database)
{
	wvlv_db_options o = { .conninfo = "host=/nonexistent/wvlv-socket-dir port=1 dbname=nowhere" };
	wvlv_db *db = NULL;
	wvlv_error err;
	wvlv_error_clear(&err);
	ck_assert_int_eq(wvlv_db_connect(&o, &db, &err), WVLV_EUNAVAIL);
	ck_assert_ptr_null(db);
	ck_assert_str_eq(err.code, "database-unavailable");
	ck_assert_str_eq(err.detail, "could not connect to database \"nowhere\" on "
				     "/nonexistent/wvlv-socket-dir port 1");
	wvlv_db_pool *pool = wvlv_db_pool_create(&o, 2);
	ck_assert_int_eq(wvlv_db_pool_acquire(pool, 100, &db, &err), WVLV_EUNAVAIL);
	ck_assert_str_eq(err.code, "database-unavailable");
	ck_assert_str_eq(err.detail, "the database is unreachable"); /* no host names for clients */
	/* the slot was given back: the next attempt tries again instead of waiting */
	ck_assert_int_eq(wvlv_db_pool_check(pool, 0, &err), WVLV_EUNAVAIL);
	ck_assert_str_eq(err.code, "database-unavailable");
	wvlv_db_pool_destroy(pool);
}
END_TEST

/* A DO block that raises unless `cond` holds on the connection. */
static wvlv_status assert_sql(wvlv_db *db, const char *cond, wvlv_error *err)
{
	char *sql = wvlv_arena_printf(arena, "DO $$ BEGIN IF NOT (%s) THEN RAISE 'failed: %%', "
					     "%s; END IF; END $$",
				      cond, "current_setting('application_name')");
	return wvlv_db_exec_script(db, sql, err);
}

/* The value of a libpq connection option of db (static storage). */
static const char *conn_option(wvlv_db *db, const char *keyword)
{
	static char value[64];
	value[0] = '\0';
	PQconninfoOption *opts = PQconninfo(wvlv_db_pgconn(db));
	for (PQconninfoOption *o = opts; o && o->keyword; o++)
		if (strcmp(o->keyword, keyword) == 0 && o->val)
			snprintf(value, sizeof(value), "%s", o->val);
	PQconninfoFree(opts);
	return value;
}

START_TEST(test_connection_settings)
{
	wvlv_error err;
	wvlv_error_clear(&err);
	/* key=value conninfo with options of its own: the timeout is added to them */
	wvlv_db_options o = {
		.conninfo = wvlv_arena_printf(arena, "%s options='-c work_mem=5MB'", conninfo),
		.statement_timeout_ms = 1500,
	};
	wvlv_db *db = NULL;
	ok(wvlv_db_connect(&o, &db, &err), &err);
	ok(assert_sql(db, "current_setting('work_mem') = '5MB'", &err), &err);
	ok(assert_sql(db, "current_setting('statement_timeout') = '1500ms'", &err), &err);
	ok(assert_sql(db, "current_setting('plan_cache_mode') = 'force_custom_plan'", &err), &err);
	ok(assert_sql(db, "current_setting('application_name') = 'wvlv'", &err), &err);
	ok(assert_sql(db, "current_setting('client_encoding') = 'UTF8'", &err), &err);
	ok(assert_sql(db, "current_user = session_user", &err), &err);
	/* TCP keepalives and tcp_user_timeout (issue 12 point 8) */
	ck_assert_str_eq(conn_option(db, "keepalives"), "1");
	ck_assert_str_eq(conn_option(db, "keepalives_idle"), "10");
	ck_assert_str_eq(conn_option(db, "keepalives_interval"), "5");
	ck_assert_str_eq(conn_option(db, "keepalives_count"), "3");
	ck_assert_str_eq(conn_option(db, "tcp_user_timeout"), "30000");
	wvlv_db_close(db);
	/* ... unless the conninfo sets them */
	o.conninfo = wvlv_arena_printf(arena, "%s keepalives_idle=60 tcp_user_timeout=0", conninfo);
	ok(wvlv_db_connect(&o, &db, &err), &err);
	ck_assert_str_eq(conn_option(db, "keepalives_idle"), "60");
	ck_assert_str_eq(conn_option(db, "tcp_user_timeout"), "0");
	ck_assert_str_eq(conn_option(db, "keepalives_count"), "3");
	wvlv_db_close(db);
	/* the admin URL (usually a URL, may be key=value) with an application
	 * name of its own; an explicit application name wins over it */
	const char *url = getenv("WVLV_TEST_DATABASE_URL");
	const char *sep = !strstr(url, "://") ? " " : strchr(url, '?') ? "&" : "?";
	o = (wvlv_db_options){
		.conninfo = wvlv_arena_printf(arena, "%s%sapplication_name=from-url", url, sep),
		.application_name = "wvlv-explicit",
		.set_role = WVLV_SERVER_ROLE,
	};
	ok(wvlv_db_connect(&o, &db, &err), &err);
	ok(assert_sql(db, "current_setting('application_name') = 'wvlv-explicit'", &err), &err);
	ok(assert_sql(db, "current_user = 'wvlv_server'", &err), &err);
	ok(assert_sql(db, "current_setting('statement_timeout') = '0'", &err), &err);
	ok(assert_sql(db, "current_setting('plan_cache_mode') = 'force_custom_plan'", &err), &err);
	wvlv_db_close(db);
	/* a URL's own application name stays when none is configured */
	o.application_name = NULL;
	ok(wvlv_db_connect(&o, &db, &err), &err);
	ok(assert_sql(db, "current_setting('application_name') = 'from-url'", &err), &err);
	wvlv_db_close(db);
}
END_TEST

typedef struct pool_worker {
	wvlv_db_pool *pool;
	int           failures;
} pool_worker;

static void *pool_work(void *arg)
{
	pool_worker *w = arg;
	for (int i = 0; i < 25; i++) {
		wvlv_db *db = NULL;
		wvlv_error err;
		wvlv_error_clear(&err);
		if (wvlv_db_pool_acquire(w->pool, 10000, &db, &err) != WVLV_OK) {
			w->failures++;
			continue;
		}
		if (wvlv_db_begin(db, &err) != WVLV_OK ||
		    wvlv_store_designation_lock_municipality(db, "GM0105", &err) != WVLV_OK)
			w->failures++;
		if (i % 2 == 0 && wvlv_db_commit(db, &err) != WVLV_OK)
			w->failures++;
		wvlv_db_pool_release(w->pool, db); /* odd rounds: rolled back here */
	}
	return NULL;
}

START_TEST(test_pool_threads)
{
	char app[64];
	snprintf(app, sizeof(app), "wvlv-test-threads-%ld", (long)getpid());
	wvlv_db_options o = { .conninfo = conninfo, .application_name = app };
	wvlv_db_pool *pool = wvlv_db_pool_create(&o, 3);
	pthread_t th[8];
	pool_worker w[8];
	for (int i = 0; i < 8; i++) {
		w[i] = (pool_worker){ .pool = pool };
		ck_assert_int_eq(pthread_create(&th[i], NULL, pool_work, &w[i]), 0);
	}
	for (int i = 0; i < 8; i++) {
		pthread_join(th[i], NULL);
		ck_assert_int_eq(w[i].failures, 0);
	}
	ck_assert_str_eq(adm_value("SELECT count(*)::text FROM pg_stat_activity "
				   "WHERE application_name = $1",
				   1, (const char *[]){ app }),
			 "3");
	wvlv_db_pool_destroy(pool);
}
END_TEST

START_TEST(test_error_mapping)
{
	wvlv_db *db = connect_with_timeout(100);
	wvlv_error err;
	wvlv_error_clear(&err);
	ck_assert_int_eq(wvlv_db_exec_script(db, "SELECT pg_sleep(2)", &err), WVLV_EUNAVAIL);
	ck_assert_str_eq(err.code, "statement-timeout");
	ck_assert_int_eq(wvlv_db_exec_script(db, "SELECT 1/0", &err), WVLV_EINVAL);
	ck_assert_str_eq(err.detail, "a value is malformed or out of range");
	ck_assert_int_eq(wvlv_db_exec_script(db, "SELECT * FROM no_such_table", &err), WVLV_EDB);
	ck_assert_str_eq(err.detail, "database error");
	ck_assert_int_eq(wvlv_db_exec_script(db, "INSERT INTO idempotency_keys (municipality_code, key, "
						 "request_hash, status, body) VALUES "
						 "('GM0102', 'k', 'h', 201, '{}'), "
						 "('GM0102', 'k', 'h', 201, '{}')",
					     &err),
			 WVLV_ECONFLICT);
	/* commit of a failed transaction is refused, and the connection stays usable */
	ok(wvlv_db_begin(db, &err), &err);
	ck_assert_int_eq(wvlv_db_begin(db, &err), WVLV_EINTERNAL);
	ck_assert_int_eq(wvlv_db_exec_script(db, "SELECT 1/0", &err), WVLV_EINVAL);
	ck_assert_int_eq(wvlv_db_commit(db, &err), WVLV_EDB);
	ok(wvlv_db_begin(db, &err), &err);
	ok(wvlv_db_commit(db, &err), &err);
	wvlv_db_close(db);
}
END_TEST

/* ---- designations ---------------------------------------------------------------- */

START_TEST(test_insert_get_round_trip)
{
	wvlv_db *db = connect_as(NULL);
	const char *id = make(db, &(spec){ .gm = "GM0110", .name = "Tarwewijk",
					   .kind = WVLV_KIND_STREET,
					   .measures = WVLV_MEASURE_ART8 | WVLV_MEASURE_VOORKEURSRECHT,
					   .geojson = box(4.47, 51.92, 4.48, 51.93),
					   .start = "2025-03-01", .end = "2029-02-28" });
	wvlv_designation d = get(db, id, WVLV_CRS_CRS84);
	ck_assert_str_eq(d.id, id);
	ck_assert_str_eq(d.municipality_code, "GM0110");
	ck_assert_int_eq(d.kind, WVLV_KIND_STREET);
	ck_assert_str_eq(d.name, "Tarwewijk");
	ck_assert_uint_eq(d.measures, WVLV_MEASURE_ART8 | WVLV_MEASURE_VOORKEURSRECHT);
	ck_assert_uint_eq(d.n_bag_ids, 2);
	ck_assert_str_eq(d.bag_ids[0], "0599010000000001");
	ck_assert_str_eq(d.bag_ids[1], "0599100000000002");
	ck_assert_uint_eq(d.n_periods, 1);
	ck_assert_int_eq(d.periods[0].sequence, 1);
	ck_assert_int_eq(d.periods[0].start, day("2025-03-01"));
	ck_assert_int_eq(d.periods[0].end, day("2029-02-28"));
	ck_assert(!d.periods[0].extension);
	ck_assert_str_eq(d.periods[0].decision_reference, "Stcrt. 2025, 1234");
	ck_assert_int_eq(d.withdrawn_on, WVLV_DATE_NONE);
	ck_assert_ptr_null(d.withdrawal_reason);
	ck_assert_int_eq(d.version, 1);
	ck_assert_uint_eq(strlen(d.created_at), 24); /* 2025-06-01T12:34:56.789Z */
	ck_assert_int_eq(d.created_at[10], 'T');
	ck_assert_int_eq(d.created_at[23], 'Z');
	ck_assert_str_eq(d.created_at, d.updated_at);

	json_t *g = json_loads(d.geometry, 0, NULL);
	ck_assert_ptr_nonnull(g);
	ck_assert_str_eq(json_string_value(json_object_get(g, "type")), "MultiPolygon");
	ck_assert_ptr_null(json_object_get(g, "crs"));
	ck_assert_double_eq_tol(coord(g, 0), 4.47, 1e-7);
	ck_assert_double_eq_tol(coord(g, 1), 51.92, 1e-7);
	json_decref(g);

	wvlv_designation rd = get(db, id, WVLV_CRS_RD);
	g = json_loads(rd.geometry, 0, NULL);
	ck_assert_ptr_nonnull(g);
	ck_assert_str_eq(json_string_value(json_object_get(g, "type")), "MultiPolygon");
	ck_assert_ptr_null(json_object_get(g, "crs"));
	ck_assert_double_eq_tol(coord(g, 0), 91902.651, 0.01);
	ck_assert_double_eq_tol(coord(g, 1), 437233.185, 0.01);
	json_decref(g);

	/* RD in, CRS84 out */
	const char *rd_box = "{\"type\":\"MultiPolygon\",\"coordinates\":[[[[92000,437300],"
			     "[92500,437300],[92500,437800],[92000,437800],[92000,437300]]]]}";
	const char *id2 = make(db, &(spec){ .gm = "GM0110", .name = "RD", .geojson = rd_box,
					    .crs = WVLV_CRS_RD });
	g = json_loads(get(db, id2, WVLV_CRS_RD).geometry, 0, NULL);
	ck_assert_double_eq_tol(coord(g, 0), 92000, 1e-3);
	ck_assert_double_eq_tol(coord(g, 1), 437300, 1e-3);
	json_decref(g);
	g = json_loads(get(db, id2, WVLV_CRS_CRS84).geometry, 0, NULL);
	ck_assert_double_eq_tol(coord(g, 0), 4.4714, 0.001);
	ck_assert_double_eq_tol(coord(g, 1), 51.9206, 0.001);
	json_decref(g);

	/* scoped to a municipality: another one's row does not exist */
	wvlv_error err;
	wvlv_error_clear(&err);
	ck_assert_int_eq(wvlv_store_designation_get(db, arena, "GM0111", id, WVLV_CRS_CRS84, false,
						    &d, &err),
			 WVLV_ENOTFOUND);
	ok(wvlv_store_designation_get(db, arena, "GM0110", id, WVLV_CRS_CRS84, true, &d, &err),
	   &err);
	wvlv_db_close(db);
}
END_TEST

static void expect_geometry_error(wvlv_db *db, const char *geojson, wvlv_crs crs,
				  const char *code, const char *reason_part)
{
	wvlv_error err;
	wvlv_error_clear(&err);
	ck_assert_int_eq(wvlv_store_geometry_check(db, geojson, crs, "geometry", &err),
			 WVLV_EINVAL);
	ck_assert_str_eq(err.code, "invalid-geometry");
	ck_assert_int_eq(err.nparams, 1);
	ck_assert_str_eq(err.params[0].name, "geometry");
	ck_assert_str_eq(err.params[0].code, code);
	ck_assert_msg(strstr(err.params[0].reason, reason_part), "reason \"%s\" lacks \"%s\"",
		      err.params[0].reason, reason_part);
	ck_assert_msg(strstr(err.detail, reason_part), "detail \"%s\"", err.detail);
}

START_TEST(test_geometry_check)
{
	wvlv_db *db = connect_as(NULL);
	wvlv_error err;
	wvlv_error_clear(&err);
	ok(wvlv_store_geometry_check(db, box(4.47, 51.92, 4.48, 51.93), WVLV_CRS_CRS84, "geometry",
				     &err),
	   &err);
	ok(wvlv_store_geometry_check(db, "{\"type\":\"Polygon\",\"coordinates\":[[[92000,437300],"
					 "[92500,437300],[92500,437800],[92000,437300]]]}",
				     WVLV_CRS_RD, "geometry", &err),
	   &err);

	/* inside a transaction: every failure leaves it usable */
	ok(wvlv_db_begin(db, &err), &err);
	expect_geometry_error(db, "{not json", WVLV_CRS_CRS84, "not-geojson",
			      "is not a GeoJSON geometry");
	expect_geometry_error(db, "{\"type\":\"Feature\",\"geometry\":null}", WVLV_CRS_CRS84,
			      "not-geojson", "is not a GeoJSON geometry");
	expect_geometry_error(db,
			      "{\"type\":\"Polygon\",\"coordinates\":[[[4.47,51.92],[4.48,51.93],"
			      "[4.48,51.92],[4.47,51.93],[4.47,51.92]]]}",
			      WVLV_CRS_CRS84, "invalid-geometry", "Self-intersection");
	expect_geometry_error(db, "{\"type\":\"Point\",\"coordinates\":[4.47,51.92]}",
			      WVLV_CRS_CRS84, "wrong-geometry-type",
			      "must be a Polygon or MultiPolygon, not a Point");
	expect_geometry_error(db, "{\"type\":\"LineString\",\"coordinates\":[[4.47,51.92],[4.48,51.93]]}",
			      WVLV_CRS_CRS84, "wrong-geometry-type", "not a LineString");
	expect_geometry_error(db, "{\"type\":\"Polygon\",\"coordinates\":[]}", WVLV_CRS_CRS84,
			      "empty-geometry", "is empty");
	expect_geometry_error(db, box(2.30, 48.80, 2.40, 48.90), WVLV_CRS_CRS84,
			      "outside-netherlands", "outside the Netherlands");
	/* straddling the border counts as outside */
	expect_geometry_error(db, box(7.20, 52.00, 7.40, 52.10), WVLV_CRS_CRS84,
			      "outside-netherlands", "outside the Netherlands");
	/* CRS84 coordinates sent as RD */
	expect_geometry_error(db, box(4.47, 51.92, 4.48, 51.93), WVLV_CRS_RD,
			      "outside-netherlands", "EPSG:28992");
	ck_assert_int_eq(wvlv_store_geometry_check(db, NULL, WVLV_CRS_CRS84, "geometry", &err),
			 WVLV_EINVAL);
	const char *id = make_in(db, &(spec){ .gm = "GM0120", .name = "after errors",
					   .geojson = box(4.47, 51.92, 4.48, 51.93) });
	ok(wvlv_db_commit(db, &err), &err);
	get(db, id, WVLV_CRS_CRS84);

	/* outside a transaction too */
	expect_geometry_error(db, "[1,2", WVLV_CRS_CRS84, "not-geojson", "GeoJSON");
	ok(wvlv_db_begin(db, &err), &err);
	ok(wvlv_db_commit(db, &err), &err);
	wvlv_db_close(db);
}
END_TEST

static void expect_overlaps(wvlv_db *db, const char *gm, const char *geojson, const char *of_id,
			    const char *exclude_id, const char *const *ids, size_t n)
{
	wvlv_overlap *ov = NULL;
	size_t got = 99;
	wvlv_error err;
	wvlv_error_clear(&err);
	ok(wvlv_store_designation_overlaps(db, arena, gm, geojson, WVLV_CRS_CRS84, of_id,
					   exclude_id, &ov, &got, &err),
	   &err);
	ck_assert_uint_eq(got, n);
	for (size_t i = 0; i < n; i++)
		ck_assert_str_eq(ov[i].id, ids[i]);
}

START_TEST(test_overlaps)
{
	wvlv_db *db = connect_as(NULL);
	const char *gm = "GM0130";
	const char *a_geo = box(4.40, 51.90, 4.41, 51.91);
	const char *a = make(db, &(spec){ .gm = gm, .name = "A", .geojson = a_geo,
					  .start = "2020-01-01", .end = "2023-12-31" });
	const char *b = make(db, &(spec){ .gm = gm, .name = "B touches A along an edge",
					  .geojson = box(4.41, 51.90, 4.42, 51.91) });
	const char *c = make(db, &(spec){ .gm = gm, .name = "C overlaps A and B",
					  .geojson = box(4.405, 51.905, 4.415, 51.915),
					  .start = "2024-01-01", .end = "2027-12-31" });
	make(db, &(spec){ .gm = "GM0131", .name = "D elsewhere, same place as A",
			  .geojson = a_geo });
	const char *e_geo = box(4.39, 51.89, 4.40, 51.90);
	const char *e = make(db, &(spec){ .gm = gm, .name = "E touches A at a corner",
					  .geojson = e_geo });
	const char *f = make(db, &(spec){ .gm = gm, .name = "F inside A, withdrawn on day one",
					  .geojson = box(4.402, 51.902, 4.403, 51.903),
					  .start = "2025-01-01", .end = "2025-12-31" });
	wvlv_error err;
	wvlv_error_clear(&err);
	begin_as(db, gm);
	ok(audited(db, gm, f, "withdraw",
		   wvlv_store_designation_withdraw(db, f, day("2025-01-01"), "withdrawn",
						   WVLV_DATE_NONE, &err),
		   &err),
	   &err);

	expect_overlaps(db, gm, a_geo, NULL, NULL, (const char *[]){ a, c, f }, 3);
	expect_overlaps(db, gm, a_geo, NULL, a, (const char *[]){ c, f }, 2);
	expect_overlaps(db, gm, NULL, a, a, (const char *[]){ c, f }, 2);
	expect_overlaps(db, gm, NULL, a, NULL, (const char *[]){ c, f }, 2);
	expect_overlaps(db, gm, NULL, b, b, (const char *[]){ c }, 1);
	expect_overlaps(db, gm, e_geo, NULL, NULL, (const char *[]){ e }, 1); /* itself only */
	expect_overlaps(db, gm, NULL, f, f, (const char *[]){ a }, 1); /* F is clear of C */
	expect_overlaps(db, "GM0139", a_geo, NULL, NULL, NULL, 0);

	/* the day ranges: [from, until]; withdrawn on its first day → empty */
	wvlv_overlap *ov;
	size_t n;
	ok(wvlv_store_designation_overlaps(db, arena, gm, a_geo, WVLV_CRS_CRS84, NULL, a, &ov, &n,
					   &err),
	   &err);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(ov[0].name, "C overlaps A and B");
	ck_assert_int_eq(ov[0].range.from, day("2024-01-01"));
	ck_assert_int_eq(ov[0].range.until, day("2027-12-31"));
	ck_assert_int_eq(ov[1].range.from, day("2025-01-01"));
	ck_assert_int_eq(ov[1].range.until, WVLV_DATE_NONE);
	ck_assert_int_eq(wvlv_day_ranges_union_days(&ov[1].range, 1), 0);

	/* of_id that is not there (or another municipality's) */
	ck_assert_int_eq(wvlv_store_designation_overlaps(db, arena, gm, NULL, WVLV_CRS_CRS84,
							 "6f1c5f1e-0000-4000-8000-000000000000",
							 NULL, &ov, &n, &err),
			 WVLV_ENOTFOUND);
	ck_assert_int_eq(wvlv_store_designation_overlaps(db, arena, "GM0131", NULL, WVLV_CRS_CRS84,
							 a, NULL, &ov, &n, &err),
			 WVLV_ENOTFOUND);
	wvlv_db_close(db);
}
END_TEST

START_TEST(test_lock_municipality)
{
	wvlv_db *a = connect_as(NULL);
	wvlv_db *b = connect_with_timeout(200);
	wvlv_error err;
	wvlv_error_clear(&err);
	ok(wvlv_db_begin(a, &err), &err);
	ok(wvlv_store_designation_lock_municipality(a, "GM0140", &err), &err);
	ok(wvlv_db_begin(b, &err), &err);
	ck_assert_int_eq(wvlv_store_designation_lock_municipality(b, "GM0140", &err),
			 WVLV_EUNAVAIL);
	ck_assert_str_eq(err.code, "statement-timeout");
	wvlv_db_rollback(b);
	ok(wvlv_db_begin(b, &err), &err);
	ok(wvlv_store_designation_lock_municipality(b, "GM0141", &err), &err);
	wvlv_db_rollback(b);
	ok(wvlv_db_commit(a, &err), &err); /* released with the transaction */
	ok(wvlv_db_begin(b, &err), &err);
	ok(wvlv_store_designation_lock_municipality(b, "GM0140", &err), &err);
	ok(wvlv_db_commit(b, &err), &err);
	wvlv_db_close(a);
	wvlv_db_close(b);
}
END_TEST

/* ---- lists ---------------------------------------------------------------------------- */

typedef struct list_fixture {
	const char *gm;
	const char *l1, *l2, *l3, *l4;
} list_fixture;

/*  L1 area    art8                2020-01-01..2023-12-31  box near (4.40, 51.90)
 *  L2 street  art9+voorkeursrecht 2024-01-01..2027-12-31  box near (4.66, 51.80)
 *  L3 complex art10               2026-01-01..2029-12-31  box near (4.50, 51.90)
 *  L4 area    art8                2024-01-01..2027-12-31, withdrawn on 2025-01-01
 *                                                         box near (4.60, 51.95)
 *  plus one row of municipality gm+1 in the same place as L1. */
static list_fixture list_setup(wvlv_db *db, const char *gm, const char *other_gm)
{
	list_fixture fx = { .gm = gm };
	fx.l1 = make(db, &(spec){ .gm = gm, .name = "L1", .kind = WVLV_KIND_AREA,
				  .measures = WVLV_MEASURE_ART8,
				  .geojson = box(4.40, 51.90, 4.41, 51.91), .start = "2020-01-01",
				  .end = "2023-12-31" });
	fx.l2 = make(db, &(spec){ .gm = gm, .name = "L2", .kind = WVLV_KIND_STREET,
				  .measures = WVLV_MEASURE_ART9 | WVLV_MEASURE_VOORKEURSRECHT,
				  .geojson = box(4.66, 51.80, 4.67, 51.81), .start = "2024-01-01",
				  .end = "2027-12-31" });
	fx.l3 = make(db, &(spec){ .gm = gm, .name = "L3", .kind = WVLV_KIND_COMPLEX,
				  .measures = WVLV_MEASURE_ART10,
				  .geojson = box(4.50, 51.90, 4.51, 51.91), .start = "2026-01-01",
				  .end = "2029-12-31" });
	fx.l4 = make(db, &(spec){ .gm = gm, .name = "L4", .kind = WVLV_KIND_AREA,
				  .measures = WVLV_MEASURE_ART8,
				  .geojson = box(4.60, 51.95, 4.61, 51.96), .start = "2024-01-01",
				  .end = "2027-12-31" });
	wvlv_error err;
	wvlv_error_clear(&err);
	begin_as(db, gm);
	ok(audited(db, gm, fx.l4, "withdraw",
		   wvlv_store_designation_withdraw(db, fx.l4, day("2025-01-01"), "council request",
						   day("2024-12-31"), &err),
		   &err),
	   &err);
	make(db, &(spec){ .gm = other_gm, .name = "other municipality",
			  .geojson = box(4.40, 51.90, 4.41, 51.91), .start = "2020-01-01",
			  .end = "2023-12-31" });
	return fx;
}

static wvlv_designation_filter list_filter(const char *gm)
{
	return (wvlv_designation_filter){ .municipality_code = gm, .active_on = WVLV_DATE_NONE,
					  .today = WVLV_DATE_NONE, .limit = 100 };
}

static void expect_list(wvlv_db *db, const wvlv_designation_filter *f, long matched,
			const char *const *ids, size_t n)
{
	wvlv_designation *items = NULL;
	size_t got = 99;
	long nm = -1;
	wvlv_error err;
	wvlv_error_clear(&err);
	ok(wvlv_store_designation_list(db, arena, f, WVLV_CRS_CRS84, &items, &got, &nm, &err),
	   &err);
	ck_assert_int_eq(nm, matched);
	ck_assert_uint_eq(got, n);
	for (size_t i = 0; i < n; i++)
		ck_assert_str_eq(items[i].id, ids[i]);
}

#define IDS(...) (const char *[]){ __VA_ARGS__ }, sizeof((const char *[]){ __VA_ARGS__ }) / sizeof(const char *)
#define NO_IDS NULL, 0

START_TEST(test_list_municipality_and_paging)
{
	wvlv_db *db = connect_as(NULL);
	list_fixture fx = list_setup(db, "GM0150", "GM0151");
	wvlv_designation_filter f = list_filter(fx.gm);
	expect_list(db, &f, 4, IDS(fx.l1, fx.l2, fx.l3, fx.l4));
	f.limit = 2;
	f.offset = 1;
	expect_list(db, &f, 4, IDS(fx.l2, fx.l3));
	f.offset = 3;
	expect_list(db, &f, 4, IDS(fx.l4));
	f.offset = 4;
	expect_list(db, &f, 4, NO_IDS);
	f.offset = 1000;
	expect_list(db, &f, 4, NO_IDS);
	f.offset = 0;
	f.limit = 0;
	expect_list(db, &f, 4, NO_IDS);
	f = list_filter("GM0159");
	expect_list(db, &f, 0, NO_IDS);
	f.offset = 5;
	expect_list(db, &f, 0, NO_IDS);

	/* rows carry their periods and the withdrawal; RD output on request */
	wvlv_designation *items;
	size_t n;
	long nm;
	wvlv_error err;
	wvlv_error_clear(&err);
	f = list_filter(fx.gm);
	ok(wvlv_store_designation_list(db, arena, &f, WVLV_CRS_RD, &items, &n, &nm, &err), &err);
	ck_assert_uint_eq(n, 4);
	ck_assert_uint_eq(items[3].n_periods, 1);
	ck_assert_int_eq(items[3].withdrawn_on, day("2025-01-01"));
	ck_assert_str_eq(items[3].withdrawal_reason, "council request");
	ck_assert_int_eq(items[3].version, 2);
	ck_assert_ptr_nonnull(strstr(items[0].geometry, "\"coordinates\":[[[[8"));
	wvlv_db_close(db);
}
END_TEST

START_TEST(test_list_kind_and_measure)
{
	wvlv_db *db = connect_as(NULL);
	list_fixture fx = list_setup(db, "GM0160", "GM0161");
	wvlv_designation_filter f = list_filter(fx.gm);
	f.kind = WVLV_KIND_AREA;
	expect_list(db, &f, 2, IDS(fx.l1, fx.l4));
	f.kind = WVLV_KIND_COMPLEX;
	expect_list(db, &f, 1, IDS(fx.l3));
	f = list_filter(fx.gm);
	f.measure = WVLV_MEASURE_VOORKEURSRECHT;
	expect_list(db, &f, 1, IDS(fx.l2));
	f.measure = WVLV_MEASURE_ART8;
	expect_list(db, &f, 2, IDS(fx.l1, fx.l4));
	f.kind = WVLV_KIND_STREET;
	expect_list(db, &f, 0, NO_IDS);
	wvlv_db_close(db);
}
END_TEST

START_TEST(test_list_active_on_and_status)
{
	wvlv_db *db = connect_as(NULL);
	list_fixture fx = list_setup(db, "GM0170", "GM0171");
	wvlv_designation_filter f = list_filter(fx.gm);
	f.active_on = day("2024-06-01");
	expect_list(db, &f, 2, IDS(fx.l2, fx.l4));
	f.active_on = day("2025-06-01");
	expect_list(db, &f, 1, IDS(fx.l2));
	f.active_on = day("2023-12-31");
	expect_list(db, &f, 1, IDS(fx.l1));
	f.active_on = day("2019-12-31");
	expect_list(db, &f, 0, NO_IDS);

	f = list_filter(fx.gm);
	f.today = day("2025-06-01");
	f.status = WVLV_DSTATUS_ACTIVE;
	expect_list(db, &f, 1, IDS(fx.l2));
	f.status = WVLV_DSTATUS_PLANNED;
	expect_list(db, &f, 1, IDS(fx.l3));
	f.status = WVLV_DSTATUS_EXPIRED;
	expect_list(db, &f, 1, IDS(fx.l1));
	f.status = WVLV_DSTATUS_WITHDRAWN;
	expect_list(db, &f, 1, IDS(fx.l4));
	/* before the withdrawal date it is simply active */
	f.today = day("2024-12-31");
	expect_list(db, &f, 0, NO_IDS);
	f.status = WVLV_DSTATUS_ACTIVE;
	expect_list(db, &f, 2, IDS(fx.l2, fx.l4));
	/* edges: the last day is active, the first day too */
	f.today = day("2023-12-31");
	expect_list(db, &f, 1, IDS(fx.l1));
	f.today = day("2026-01-01");
	expect_list(db, &f, 2, IDS(fx.l2, fx.l3));
	f.kind = WVLV_KIND_COMPLEX;
	expect_list(db, &f, 1, IDS(fx.l3));
	wvlv_db_close(db);
}
END_TEST

START_TEST(test_list_bbox_and_point)
{
	wvlv_db *db = connect_as(NULL);
	list_fixture fx = list_setup(db, "GM0180", "GM0181");
	wvlv_designation_filter f = list_filter(fx.gm);
	f.has_bbox = true;
	double partial[4] = { 4.395, 51.895, 4.405, 51.905 };
	memcpy(f.bbox, partial, sizeof(partial));
	expect_list(db, &f, 1, IDS(fx.l1));
	double two[4] = { 4.39, 51.89, 4.52, 51.92 };
	memcpy(f.bbox, two, sizeof(two));
	expect_list(db, &f, 2, IDS(fx.l1, fx.l3));
	double all[4] = { 3.2, 50.7, 7.3, 53.7 };
	memcpy(f.bbox, all, sizeof(all));
	expect_list(db, &f, 4, IDS(fx.l1, fx.l2, fx.l3, fx.l4));
	double none[4] = { 5.0, 52.0, 5.1, 52.1 };
	memcpy(f.bbox, none, sizeof(none));
	expect_list(db, &f, 0, NO_IDS);

	f = list_filter(fx.gm);
	f.has_point = true;
	f.point[0] = 4.665;
	f.point[1] = 51.805;
	expect_list(db, &f, 1, IDS(fx.l2));
	f.point[0] = 4.605;
	f.point[1] = 51.955;
	expect_list(db, &f, 1, IDS(fx.l4));
	f.point[0] = 4.70;
	expect_list(db, &f, 0, NO_IDS);
	/* every municipality (national caller): the other one's row is found too */
	f = list_filter(NULL);
	f.has_point = true;
	f.point[0] = 4.405;
	f.point[1] = 51.905;
	f.limit = 1000;
	wvlv_designation *items;
	size_t n;
	long nm;
	wvlv_error err;
	wvlv_error_clear(&err);
	ok(wvlv_store_designation_list(db, arena, &f, WVLV_CRS_CRS84, &items, &n, &nm, &err), &err);
	bool mine = false, other = false;
	for (size_t i = 0; i < n; i++) {
		mine |= strcmp(items[i].id, fx.l1) == 0;
		other |= strcmp(items[i].municipality_code, "GM0181") == 0;
	}
	ck_assert(mine && other);
	ck_assert_int_eq(nm, (long)n);
	wvlv_db_close(db);
}
END_TEST

/* ---- changes ----------------------------------------------------------------------------- */

START_TEST(test_update_bumps_version)
{
	wvlv_db *db = connect_as(NULL);
	const char *id = make(db, &(spec){ .gm = "GM0190", .name = "before",
					   .geojson = box(4.47, 51.92, 4.48, 51.93) });
	wvlv_designation before = get(db, id, WVLV_CRS_CRS84);
	const char *bag[] = { "0599200000000009" };
	wvlv_designation_patch p = {
		.name = "after",
		.set_kind = true,
		.kind = WVLV_KIND_COMPLEX,
		.measures = WVLV_MEASURE_ART10 | WVLV_MEASURE_ART9,
		.geometry_json = box(4.50, 51.90, 4.51, 51.91),
		.geometry_crs = WVLV_CRS_CRS84,
		.set_bag_ids = true,
		.bag_ids = bag,
		.n_bag_ids = 1,
	};
	wvlv_error err;
	wvlv_error_clear(&err);
	begin_as(db, "GM0190");
	ok(audited(db, "GM0190", id, "update", wvlv_store_designation_update(db, id, &p, &err), &err),
	   &err);
	wvlv_designation d = get(db, id, WVLV_CRS_CRS84);
	ck_assert_int_eq(d.version, 2);
	ck_assert_str_eq(d.name, "after");
	ck_assert_int_eq(d.kind, WVLV_KIND_COMPLEX);
	ck_assert_uint_eq(d.measures, WVLV_MEASURE_ART9 | WVLV_MEASURE_ART10);
	ck_assert_uint_eq(d.n_bag_ids, 1);
	ck_assert_str_eq(d.bag_ids[0], "0599200000000009");
	json_t *g = json_loads(d.geometry, 0, NULL);
	ck_assert_double_eq_tol(coord(g, 0), 4.50, 1e-7);
	json_decref(g);
	ck_assert_str_eq(d.created_at, before.created_at);
	ck_assert_str_gt(d.updated_at, before.updated_at);

	/* an empty patch changes nothing but the version; bag ids can be emptied */
	wvlv_designation_patch none = { .geometry_crs = WVLV_CRS_CRS84 };
	begin_as(db, "GM0190");
	ok(audited(db, "GM0190", id, "update", wvlv_store_designation_update(db, id, &none, &err),
		   &err),
	   &err);
	wvlv_designation_patch clear = { .set_bag_ids = true };
	begin_as(db, "GM0190");
	ok(audited(db, "GM0190", id, "update", wvlv_store_designation_update(db, id, &clear, &err),
		   &err),
	   &err);
	d = get(db, id, WVLV_CRS_CRS84);
	ck_assert_int_eq(d.version, 4);
	ck_assert_str_eq(d.name, "after");
	ck_assert_uint_eq(d.measures, WVLV_MEASURE_ART9 | WVLV_MEASURE_ART10);
	ck_assert_uint_eq(d.n_bag_ids, 0);
	wvlv_db_close(db);
}
END_TEST

START_TEST(test_add_period_and_withdraw_bump_version)
{
	wvlv_db *db = connect_as(NULL);
	const char *id = make(db, &(spec){ .gm = "GM0191", .name = "extended",
					   .geojson = box(4.47, 51.92, 4.48, 51.93),
					   .start = "2020-01-01", .end = "2023-12-31" });
	wvlv_period p = { .sequence = 2, .start = day("2024-01-01"), .end = day("2027-12-31"),
			  .extension = true, .decision_reference = "Stcrt. 2023, 999" };
	wvlv_error err;
	wvlv_error_clear(&err);
	begin_as(db, "GM0191");
	ok(audited(db, "GM0191", id, "extend", wvlv_store_designation_add_period(db, id, &p, &err),
		   &err),
	   &err);
	wvlv_designation d = get(db, id, WVLV_CRS_CRS84);
	ck_assert_int_eq(d.version, 2);
	ck_assert_uint_eq(d.n_periods, 2);
	ck_assert_int_eq(d.periods[1].sequence, 2);
	ck_assert(d.periods[1].extension);
	ck_assert_int_eq(d.periods[1].start, day("2024-01-01"));
	ck_assert_int_eq(d.periods[1].end, day("2027-12-31"));
	ck_assert_str_eq(d.periods[1].decision_reference, "Stcrt. 2023, 999");
	const char *until = adm_value("SELECT designated_until::text FROM designations WHERE id = $1",
				      1, (const char *[]){ id });
	ck_assert_str_eq(until, "2027-12-31");
	/* the same sequence twice: a conflict (two extensions raced) */
	begin_as(db, "GM0191");
	ck_assert_int_eq(audited(db, "GM0191", id, "extend",
				 wvlv_store_designation_add_period(db, id, &p, &err), &err),
			 WVLV_ECONFLICT);

	begin_as(db, "GM0191");
	ok(audited(db, "GM0191", id, "withdraw",
		   wvlv_store_designation_withdraw(db, id, day("2025-07-01"), "no longer needed",
						   day("2025-06-30"), &err),
		   &err),
	   &err);
	d = get(db, id, WVLV_CRS_CRS84);
	ck_assert_int_eq(d.version, 3);
	ck_assert_int_eq(d.withdrawn_on, day("2025-07-01"));
	ck_assert_str_eq(d.withdrawal_reason, "no longer needed");
	until = adm_value("SELECT designated_until::text FROM designations WHERE id = $1", 1,
			  (const char *[]){ id });
	ck_assert_str_eq(until, "2025-06-30");
	wvlv_db_close(db);
}
END_TEST

START_TEST(test_unknown_ids_are_not_found)
{
	wvlv_db *db = connect_as(NULL);
	const char *missing = "0b4a3e36-9a3c-4d43-9e0c-000000000000";
	const char *ids[] = { missing, "not-a-uuid", "" };
	wvlv_designation d;
	wvlv_designation_patch p = { .name = "x" };
	wvlv_period per = { .sequence = 2, .start = day("2024-01-01"), .end = day("2024-12-31"),
			    .extension = true };
	wvlv_error err;
	wvlv_error_clear(&err);
	/* in one transaction: an id that is not a uuid is checked before any
	 * statement, so it does not abort the transaction */
	ok(wvlv_db_begin(db, &err), &err);
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		ck_assert_int_eq(wvlv_store_designation_get(db, arena, NULL, ids[i], WVLV_CRS_CRS84,
							    false, &d, &err),
				 WVLV_ENOTFOUND);
		ck_assert_int_eq(wvlv_store_designation_update(db, ids[i], &p, &err), WVLV_ENOTFOUND);
		ck_assert_int_eq(wvlv_store_designation_add_period(db, ids[i], &per, &err),
				 WVLV_ENOTFOUND);
		ck_assert_int_eq(wvlv_store_designation_withdraw(db, ids[i], day("2024-06-01"), "r",
								 day("2024-05-31"), &err),
				 WVLV_ENOTFOUND);
		ck_assert_str_eq(err.code, "not-found");
		const char *snapshot;
		ck_assert_int_eq(wvlv_store_designation_snapshot(db, arena, ids[i], &snapshot, &err),
				 WVLV_ENOTFOUND);
		wvlv_overlap *ov;
		size_t n;
		ck_assert_int_eq(wvlv_store_designation_overlaps(db, arena, "GM0200", NULL,
								 WVLV_CRS_CRS84, ids[i], NULL, &ov,
								 &n, &err),
				 WVLV_ENOTFOUND);
		ck_assert_int_eq(wvlv_store_designation_overlaps(db, arena, "GM0200", NULL,
								 WVLV_CRS_CRS84, missing, ids[i],
								 &ov, &n, &err),
				 WVLV_ENOTFOUND);
		ck_assert_str_eq(err.code, "not-found");
	}
	ok(wvlv_db_commit(db, &err), &err);
	wvlv_db_close(db);
}
END_TEST

/* ---- idempotency ------------------------------------------------------------------------------ */

START_TEST(test_idempotency_save_lookup)
{
	wvlv_db *db = connect_as(NULL);
	wvlv_idem_response r;
	wvlv_error err;
	wvlv_error_clear(&err);
	ck_assert_int_eq(wvlv_store_idem_begin(db, arena, "GM0200", "k1", "h1", &r, &err),
			 WVLV_EINTERNAL); /* needs a transaction */
	ok(wvlv_db_begin(db, &err), &err);
	ok(wvlv_store_idem_begin(db, arena, "GM0200", "k1", "h1", &r, &err), &err);
	ck_assert(!r.found);
	ok(wvlv_store_idem_save(db, "GM0200", "k1", "h1", 201, "{\"id\":\"x\"}",
				"{\"Location\": \"/api/v1/designations/x\", \"ETag\": \"\\\"1\\\"\"}", &err),
	   &err);
	ok(wvlv_db_commit(db, &err), &err);

	ok(wvlv_db_begin(db, &err), &err);
	ok(wvlv_store_idem_begin(db, arena, "GM0200", "k1", "h1", &r, &err), &err);
	ck_assert(r.found && r.same_request);
	ck_assert_int_eq(r.status, 201);
	ck_assert_str_eq(r.body, "{\"id\":\"x\"}");
	ck_assert_str_eq(r.headers, "{\"ETag\": \"\\\"1\\\"\", \"Location\": \"/api/v1/designations/x\"}");
	ok(wvlv_store_idem_begin(db, arena, "GM0200", "k1", "h2", &r, &err), &err);
	ck_assert(r.found && !r.same_request);
	ok(wvlv_store_idem_begin(db, arena, "GM0201", "k1", "h1", &r, &err), &err);
	ck_assert(!r.found); /* keys are per scope */
	ok(wvlv_store_idem_save(db, "", "k1", "h1", 200, "{}", NULL, &err), &err);
	ok(wvlv_store_idem_begin(db, arena, "", "k1", "h1", &r, &err), &err);
	ck_assert(r.found);
	ck_assert_str_eq(r.headers, "{}");
	ck_assert_int_eq(wvlv_store_idem_save(db, "GM0200", "k1", "h1", 201, "{}", NULL, &err),
			 WVLV_ECONFLICT);
	wvlv_db_rollback(db);
	wvlv_db_close(db);
}
END_TEST

START_TEST(test_idempotency_key_is_locked)
{
	wvlv_db *a = connect_as(NULL);
	wvlv_db *b = connect_with_timeout(200);
	wvlv_idem_response r;
	wvlv_error err;
	wvlv_error_clear(&err);
	ok(wvlv_db_begin(a, &err), &err);
	ok(wvlv_store_idem_begin(a, arena, "GM0202", "k", "h", &r, &err), &err);
	ok(wvlv_db_begin(b, &err), &err);
	ck_assert_int_eq(wvlv_store_idem_begin(b, arena, "GM0202", "k", "h", &r, &err),
			 WVLV_EUNAVAIL);
	wvlv_db_rollback(b);
	ok(wvlv_store_idem_save(a, "GM0202", "k", "h", 201, "{}", NULL, &err), &err);
	ok(wvlv_db_commit(a, &err), &err);
	ok(wvlv_db_begin(b, &err), &err);
	ok(wvlv_store_idem_begin(b, arena, "GM0202", "k", "h", &r, &err), &err);
	ck_assert(r.found && r.same_request);
	wvlv_db_rollback(b);
	wvlv_db_close(a);
	wvlv_db_close(b);
}
END_TEST

/* ---- the server role ----------------------------------------------------------------------- */

START_TEST(test_server_role)
{
	wvlv_db *db = connect_as(WVLV_SERVER_ROLE);
	wvlv_error err;
	wvlv_error_clear(&err);
	ok(wvlv_db_exec_script(db, "DO $$ BEGIN IF current_user <> 'wvlv_server' THEN "
				   "RAISE 'wrong role %', current_user; END IF; END $$",
			       &err),
	   &err);
	/* as the server does it: the caller's scope on every transaction */
	begin_as(db, "GM0210");
	ok(wvlv_store_designation_lock_municipality(db, "GM0210", &err), &err);
	ok(wvlv_store_geometry_check(db, box(4.47, 51.92, 4.48, 51.93), WVLV_CRS_CRS84, "geometry",
				     &err),
	   &err);
	const char *id = make_in(db, &(spec){ .gm = "GM0210", .name = "as server",
					   .geojson = box(4.47, 51.92, 4.48, 51.93) });
	wvlv_overlap *ov;
	size_t n;
	ok(wvlv_store_designation_overlaps(db, arena, "GM0210", NULL, WVLV_CRS_CRS84, id, id, &ov,
					   &n, &err),
	   &err);
	wvlv_period p = { .sequence = 2, .start = day("2029-01-01"), .end = day("2029-12-31"),
			  .extension = true };
	ok(wvlv_store_designation_add_period(db, id, &p, &err), &err);
	audit(db, "GM0210", id, "extend");
	wvlv_designation_patch patch = { .name = "renamed" };
	ok(wvlv_store_designation_update(db, id, &patch, &err), &err);
	audit(db, "GM0210", id, "update");
	wvlv_idem_response r;
	ok(wvlv_store_idem_begin(db, arena, "GM0210", "k", "h", &r, &err), &err);
	ok(wvlv_store_idem_save(db, "GM0210", "k", "h", 201, "{}", NULL, &err), &err);
	ok(wvlv_db_commit(db, &err), &err);
	wvlv_designation d;
	begin_as(db, "GM0210");
	ok(wvlv_store_designation_get(db, arena, "GM0210", id, WVLV_CRS_RD, true, &d, &err), &err);
	ck_assert_int_eq(d.version, 3);
	wvlv_db_rollback(db);
	/* what the role may not do */
	ck_assert_int_eq(wvlv_db_exec_script(db, "DELETE FROM designations", &err), WVLV_EDB);
	ck_assert_str_eq(err.code, "permission-denied");
	ck_assert_str_eq(err.detail, "permission denied");
	ck_assert_int_eq(wvlv_db_exec_script(db, "SELECT * FROM schema_migrations", &err),
			 WVLV_EDB);
	ck_assert_str_eq(err.code, "permission-denied");
	/* but it reads the version, from the names (for /readyz and serve's start) */
	size_t count = 0;
	const wvlv_migration *list = wvlv_migrations(&count);
	wvlv_schema_state state;
	ok(wvlv_schema_read(db, list, count, &state, &err), &err);
	ck_assert(state.readable);
	/* (other tests here record made-up migrations after the real ones) */
	ck_assert_int_eq(state.expected, wvlv_migration_number(list[count - 1].name));
	ck_assert_int_ge(state.version, state.expected);
	ck_assert_uint_eq(state.pending, 0);
	wvlv_db_close(db);

	/* a role that does not exist (never migrated): the connection is refused */
	wvlv_db_options o = { .conninfo = conninfo, .set_role = "wvlv_no_such_role" };
	wvlv_db *bad = NULL;
	ck_assert_int_eq(wvlv_db_connect(&o, &bad, &err), WVLV_EDB);
	ck_assert_str_eq(err.code, "role-missing");
	ck_assert_ptr_null(bad);
}
END_TEST

/* ---- main ---------------------------------------------------------------------------------- */

int main(void)
{
	conninfo = ts_init("wvlv_store");
	const ts_group groups[] = {
		{ "migrate", (const TTest *const[]){ test_migrate_again_is_noop,
						     test_migrate_changed_checksum_refused,
						     test_migrate_pending_and_failing, NULL } },
		{ "db", (const TTest *const[]){ test_pool_acquire_release_timeout,
						test_pool_resets_terminated_connection,
						test_pool_drops_connection_of_a_server_that_left,
						test_multi_host_conninfo,
						test_unreachable_database, test_connection_settings,
						test_pool_threads, test_error_mapping, NULL } },
		{ "designations",
		  (const TTest *const[]){ test_insert_get_round_trip, test_geometry_check,
					  test_overlaps, test_lock_municipality,
					  test_update_bumps_version,
					  test_add_period_and_withdraw_bump_version,
					  test_unknown_ids_are_not_found, NULL } },
		{ "list", (const TTest *const[]){ test_list_municipality_and_paging,
						  test_list_kind_and_measure,
						  test_list_active_on_and_status,
						  test_list_bbox_and_point, NULL } },
		{ "idempotency", (const TTest *const[]){ test_idempotency_save_lookup,
							 test_idempotency_key_is_locked, NULL } },
		{ "role", (const TTest *const[]){ test_server_role, NULL } },
	};
	return ts_run("store", groups, sizeof(groups) / sizeof(groups[0]), setup, teardown);
}
