/* test_access.c — access control against a real PostgreSQL + PostGIS:
 * row-level security under the server role, the append-only audit trail and
 * its deferred check, API tokens in the database, token generation.
 *
 * One database for the program (testdb_create).  "As the server" means a
 * connection that switched to WVLV_SERVER_ROLE, as `wvlv serve` does; "as
 * the owner" means the test cluster's superuser, which row-level security
 * does not apply to (the audit check and the append-only guard do).  Every
 * test uses municipality codes of its own.
 */
#include <check.h>
#include <jansson.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tdate.h"
#include "testdb.h"
#include "tstore.h"
#include "wvlv/arena.h"
#include "wvlv/caller.h"
#include "wvlv/date.h"
#include "wvlv/db.h"
#include "wvlv/designation.h"
#include "wvlv/store_audit.h"
#include "wvlv/store_designations.h"
#include "wvlv/store_idempotency.h"
#include "wvlv/store_tokens.h"
#include "wvlv/token.h"

static const char *conninfo;
static wvlv_arena *arena; /* per test */

static void setup(void)
{
	arena = wvlv_arena_create();
}

static void teardown(void)
{
	wvlv_arena_destroy(arena);
}

/* ---- helpers ------------------------------------------------------------------ */

#define ok(st, err)        ts_ok(st, err)
#define begin_as(db, c)    ts_begin_as(db, c)
#define commit(db)         ts_commit(db)
#define expect_sql(db, c)  ts_expect_sql(db, c)
#define as_server()        ts_connect(WVLV_SERVER_ROLE)
#define as_owner()         ts_connect(NULL)
#define day                t_date

static wvlv_caller municipal(const char *gm, wvlv_role role)
{
	wvlv_caller c = { .role = role };
	snprintf(c.municipality_code, sizeof(c.municipality_code), "%s", gm);
	snprintf(c.label, sizeof(c.label), "test %s", gm);
	return c;
}

static wvlv_caller national(void)
{
	wvlv_caller c = { .national = true, .role = WVLV_ROLE_READER };
	snprintf(c.label, sizeof(c.label), "test national");
	return c;
}

/* A designation of gm (a small square near Rotterdam) for
 * wvlv_store_designation_insert(). */
static wvlv_designation_new new_designation(const char *gm, const char *name)
{
	return (wvlv_designation_new){
		.municipality_code = gm,
		.kind = WVLV_KIND_AREA,
		.name = name,
		.measures = WVLV_MEASURE_ART8,
		.geometry_json = "{\"type\":\"Polygon\",\"coordinates\":[[[4.47,51.92],[4.48,51.92],"
				 "[4.48,51.93],[4.47,51.93],[4.47,51.92]]]}",
		.geometry_crs = WVLV_CRS_CRS84,
		.first = { .sequence = 1, .start = day("2025-01-01"), .end = day("2028-12-31"),
			   .decision_reference = "Stcrt. 2025, 1" },
	};
}

/* Create a designation of gm the way the registry does: scoped to gm, the
 * insert, its audit row with the snapshot as "after", COMMIT.  Returns the
 * id (arena). */
static const char *create_audited(wvlv_db *db, const char *gm, const char *name)
{
	wvlv_caller c = municipal(gm, WVLV_ROLE_ADMIN);
	begin_as(db, &c);
	wvlv_designation_new d = new_designation(gm, name);
	char id[WVLV_UUID_STRLEN];
	const char *after = NULL;
	wvlv_error err;
	wvlv_error_clear(&err);
	ok(wvlv_store_designation_insert(db, &d, id, &err), &err);
	ok(wvlv_store_designation_snapshot(db, arena, id, &after, &err), &err);
	ok(wvlv_store_audit_append(db, &c, gm, "designation", id, "create", NULL, after, &err),
	   &err);
	commit(db);
	return wvlv_arena_strdup(arena, id);
}

static const char *count_is(const char *table, const char *where, long n)
{
	return wvlv_arena_printf(arena, "(SELECT count(*) FROM %s%s%s) = %ld", table,
				 where ? " WHERE " : "", where ? where : "", n);
}

/* ---- row-level security: the proof the issue asks for ---------------------------- */

START_TEST(test_rls_isolates_municipalities)
{
	wvlv_db *owner = as_owner();
	const char *a1 = create_audited(owner, "GM0001", "A of GM0001");
	create_audited(owner, "GM0001", "B of GM0001");
	const char *a2 = create_audited(owner, "GM0002", "A of GM0002");
	wvlv_db_close(owner);

	wvlv_db *srv = as_server();
	wvlv_error err;
	wvlv_error_clear(&err);

	/* GM0001: a query without any WHERE municipality_code sees its own rows only */
	wvlv_caller gm1 = municipal("GM0001", WVLV_ROLE_ADMIN);
	begin_as(srv, &gm1);
	expect_sql(srv, count_is("designations", NULL, 2));
	expect_sql(srv, count_is("designation_periods", NULL, 2));
	expect_sql(srv, count_is("designations", "municipality_code <> 'GM0001'", 0));
	expect_sql(srv, count_is("audit_log", "municipality_code <> 'GM0001'", 0));
	/* through the store too: an unfiltered list, a get of the other's row */
	wvlv_designation_filter f = { .active_on = WVLV_DATE_NONE, .today = WVLV_DATE_NONE,
				      .limit = 100 };
	wvlv_designation *items;
	size_t n;
	long nm;
	ok(wvlv_store_designation_list(srv, arena, &f, WVLV_CRS_CRS84, &items, &n, &nm, &err), &err);
	ck_assert_int_eq(nm, 2);
	ck_assert_str_eq(items[0].municipality_code, "GM0001");
	ck_assert_str_eq(items[1].municipality_code, "GM0001");
	wvlv_designation d;
	ck_assert_int_eq(wvlv_store_designation_get(srv, arena, NULL, a2, WVLV_CRS_CRS84, false, &d,
						    &err),
			 WVLV_ENOTFOUND);
	ok(wvlv_store_designation_get(srv, arena, NULL, a1, WVLV_CRS_CRS84, false, &d, &err), &err);

	/* an UPDATE of GM0002's rows changes nothing, bare or through the store */
	ck_assert_int_eq(wvlv_db_exec_script(srv,
					     "DO $$ DECLARE n bigint; BEGIN "
					     "UPDATE designations SET name = 'taken'"
					     " WHERE municipality_code = 'GM0002';"
					     " GET DIAGNOSTICS n = ROW_COUNT;"
					     " IF n <> 0 THEN RAISE 'updated % rows', n; END IF; "
					     "END $$",
					     &err),
			 WVLV_OK);
	wvlv_designation_patch patch = { .name = "taken" };
	ck_assert_int_eq(wvlv_store_designation_update(srv, a2, &patch, &err), WVLV_ENOTFOUND);
	ck_assert_int_eq(wvlv_store_designation_withdraw(srv, a2, day("2025-06-01"), "taken",
							 day("2025-05-31"), &err),
			 WVLV_ENOTFOUND);
	ck_assert_int_eq(wvlv_store_designation_get(srv, arena, "GM0002", a2, WVLV_CRS_CRS84, true,
						    &d, &err),
			 WVLV_ENOTFOUND);

	/* an INSERT for GM0002 fails: 42501, "permission-denied" (WVLV_EDB, HTTP 500: the
	 * handlers should never have let it through) */
	char id[WVLV_UUID_STRLEN];
	wvlv_designation_new other = new_designation("GM0002", "smuggled");
	ck_assert_int_eq(wvlv_store_designation_insert(srv, &other, id, &err), WVLV_EDB);
	ck_assert_str_eq(err.code, "permission-denied");
	ck_assert_str_eq(err.detail, "permission denied");
	wvlv_db_rollback(srv);

	/* GM0002 as seen by its own caller: untouched */
	wvlv_caller gm2 = municipal("GM0002", WVLV_ROLE_ADMIN);
	begin_as(srv, &gm2);
	expect_sql(srv, count_is("designations", NULL, 1));
	ok(wvlv_store_designation_get(srv, arena, NULL, a2, WVLV_CRS_CRS84, false, &d, &err), &err);
	ck_assert_str_eq(d.name, "A of GM0002");
	ck_assert_int_eq(d.version, 1);
	wvlv_db_rollback(srv);

	/* national: sees every municipality, writes nothing */
	wvlv_caller nat = national();
	begin_as(srv, &nat);
	expect_sql(srv, count_is("designations", "municipality_code IN ('GM0001', 'GM0002')", 3));
	ok(wvlv_store_designation_get(srv, arena, NULL, a2, WVLV_CRS_CRS84, false, &d, &err), &err);
	ck_assert_int_eq(wvlv_store_designation_update(srv, a1, &patch, &err), WVLV_ENOTFOUND);
	wvlv_designation_new mine = new_designation("GM0001", "national write");
	ck_assert_int_eq(wvlv_store_designation_insert(srv, &mine, id, &err), WVLV_EDB);
	ck_assert_str_eq(err.code, "permission-denied");
	wvlv_db_rollback(srv);

	/* no caller at all: nothing is visible and nothing can be written */
	ok(wvlv_db_begin(srv, &err), &err);
	expect_sql(srv, count_is("designations", NULL, 0));
	expect_sql(srv, count_is("designation_periods", NULL, 0));
	expect_sql(srv, count_is("audit_log", NULL, 0));
	ck_assert_int_eq(wvlv_store_designation_insert(srv, &mine, id, &err), WVLV_EDB);
	wvlv_db_rollback(srv);
	/* and the caller's scope ends with its transaction */
	begin_as(srv, &gm1);
	commit(srv);
	ok(wvlv_db_begin(srv, &err), &err);
	expect_sql(srv, count_is("designations", NULL, 0));
	wvlv_db_rollback(srv);
	/* set_caller outside a transaction would scope nothing: refused */
	ck_assert_int_eq(wvlv_db_set_caller(srv, &gm1, &err), WVLV_EINTERNAL);
	wvlv_db_close(srv);
}
END_TEST

START_TEST(test_rls_idempotency_keys)
{
	wvlv_db *srv = as_server();
	wvlv_error err;
	wvlv_error_clear(&err);
	wvlv_idem_response r;
	wvlv_caller gm = municipal("GM0003", WVLV_ROLE_CLERK);
	begin_as(srv, &gm);
	ok(wvlv_store_idem_begin(srv, arena, "GM0003", "k", "h", &r, &err), &err);
	ok(wvlv_store_idem_save(srv, "GM0003", "k", "h", 201, "{}", NULL, &err), &err);
	commit(srv);
	/* another municipality does not see the key, nor can it write one for GM0003 */
	wvlv_caller other = municipal("GM0004", WVLV_ROLE_CLERK);
	begin_as(srv, &other);
	ok(wvlv_store_idem_begin(srv, arena, "GM0003", "k", "h", &r, &err), &err);
	ck_assert(!r.found);
	ck_assert_int_eq(wvlv_store_idem_save(srv, "GM0003", "k2", "h", 201, "{}", NULL, &err),
			 WVLV_EDB);
	ck_assert_str_eq(err.code, "permission-denied");
	wvlv_db_rollback(srv);
	/* a national caller saves keys of its own scope '' only (a national admin's
	 * writes, 0009), none of a municipality */
	wvlv_caller nat = national();
	begin_as(srv, &nat);
	ok(wvlv_store_idem_save(srv, "", "k", "h", 200, "{}", NULL, &err), &err);
	wvlv_db_rollback(srv);
	begin_as(srv, &nat);
	ck_assert_int_eq(wvlv_store_idem_save(srv, "GM0003", "k3", "h", 200, "{}", NULL, &err),
			 WVLV_EDB);
	wvlv_db_rollback(srv);
	begin_as(srv, &gm);
	ck_assert_int_eq(wvlv_store_idem_save(srv, "", "k4", "h", 200, "{}", NULL, &err),
			 WVLV_EDB);
	wvlv_db_rollback(srv);
	begin_as(srv, &gm);
	ok(wvlv_store_idem_begin(srv, arena, "GM0003", "k", "h", &r, &err), &err);
	ck_assert(r.found && r.same_request);
	wvlv_db_rollback(srv);
	wvlv_db_close(srv);
}
END_TEST

START_TEST(test_rls_forced_on_every_tenant_table)
{
	/* FORCE: the tables' owner is held to the policies too (only a superuser,
	 * like this test cluster's login, is not) */
	wvlv_db *owner = as_owner();
	expect_sql(owner, "(SELECT count(*) FROM pg_class WHERE relname IN ('designations',"
			  " 'designation_periods', 'idempotency_keys', 'audit_log',"
			  " 'sale_notifications', 'sale_notification_events')"
			  " AND relrowsecurity AND relforcerowsecurity) = 6");
	/* every table that carries municipality_code is a tenant table: forced
	 * row-level security with policies, whatever later migrations add —
	 * except api_tokens, which the server role cannot touch at all */
	expect_sql(owner, "NOT EXISTS (SELECT FROM information_schema.columns c"
			  " JOIN pg_class r ON r.relname = c.table_name AND r.relkind = 'r'"
			  " WHERE c.table_schema = 'public' AND c.column_name = 'municipality_code'"
			  " AND c.table_name <> 'api_tokens'"
			  " AND NOT (r.relrowsecurity AND r.relforcerowsecurity"
			  " AND EXISTS (SELECT FROM pg_policies p WHERE p.tablename = r.relname)))");
	/* every policy applies to every role (PUBLIC), but for the one read
	 * policy of the GIS role on designations */
	expect_sql(owner, "NOT EXISTS (SELECT FROM pg_policies WHERE roles <> '{public}'"
			  " AND NOT (policyname = 'designations_public_read'"
			  " AND roles = '{wvlv_gis}' AND cmd = 'SELECT'))");
	/* every policy reads the caller's scope once per statement (migration
	 * 0022): current_setting() and pg_has_role() only inside a sub-select,
	 * never as a call made again for each row a scan passes */
	expect_sql(owner, "NOT EXISTS (SELECT FROM pg_policies WHERE regexp_replace("
			  "coalesce(qual, '') || ' ' || coalesce(with_check, ''),"
			  " '\\( SELECT (NULLIF\\(|\\()?(current_setting|pg_has_role)\\(', '', 'g')"
			  " ~ '(current_setting|pg_has_role)\\(')");
	wvlv_db_close(owner);
}
END_TEST

static void expect_denied(wvlv_db *db, const char *sql)
{
	wvlv_error err;
	wvlv_error_clear(&err);
	ck_assert_msg(wvlv_db_exec_script(db, sql, &err) == WVLV_EDB &&
			      !strcmp(err.code, "permission-denied"),
		      "not refused: %s (%s)", sql, err.code);
}

/* /ogc/v1 reads as wvlv_gis (migration 0007): every municipality's
 * designations, their public columns, and nothing else at all. */
START_TEST(test_gis_role_reads_public_designation_columns_only)
{
	PGconn *su = PQconnectdb(conninfo);
	ck_assert_int_eq(PQstatus(su), CONNECTION_OK);
	PGresult *r = PQexec(su, "SELECT count(*), count(DISTINCT municipality_code) FROM designations");
	ck_assert_int_eq(PQresultStatus(r), PGRES_TUPLES_OK);
	long rows = strtol(PQgetvalue(r, 0, 0), NULL, 10);
	ck_assert_int_ge(strtol(PQgetvalue(r, 0, 1), NULL, 10), 2);
	PQclear(r);
	PQfinish(su);
	wvlv_db *gis = testdb_connect(conninfo, WVLV_GIS_ROLE);
	ck_assert_ptr_nonnull(gis);
	/* no caller scope needed: it sees every row the superuser sees, through
	 * the public columns */
	expect_sql(gis, wvlv_arena_printf(arena, "(SELECT count(*) FROM designations) = %ld", rows));
	expect_sql(gis, wvlv_arena_printf(arena,
					  "(SELECT count(*) FROM (SELECT id, municipality_code, kind,"
					  " name, measures, geom, geojson_crs84, geojson_rd,"
					  " ogc_properties, designated_from, designated_until,"
					  " withdrawn_on, created_at FROM designations) x) = %ld",
					  rows));
	/* not the other columns, not the other tables, no writes */
	expect_denied(gis, "SELECT withdrawal_reason FROM designations");
	expect_denied(gis, "SELECT bag_ids FROM designations");
	expect_denied(gis, "SELECT * FROM designations");
	const char *tables[] = { "designation_periods", "sale_notifications",
				 "sale_notification_events", "audit_log", "api_tokens",
				 "idempotency_keys", "alert_ledger", "equated_holidays" };
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
		expect_denied(gis, wvlv_arena_printf(arena, "SELECT count(*) FROM %s", tables[i]));
	expect_denied(gis, "UPDATE designations SET name = 'x'");
	expect_denied(gis, "DELETE FROM designations");
	expect_denied(gis, "UPDATE designations_change_counter SET counter = 0");
	wvlv_db_close(gis);
}
END_TEST

/* The two stored encodings of a designation (migration 0021) are its geometry's, whatever a
 * writer names for them; only an INSERT made while the transaction-local setting the import
 * uses is on keeps the ones it gives. */
START_TEST(test_stored_encodings_are_the_geometrys)
{
	wvlv_db *srv = as_server();
	wvlv_error err;
	wvlv_error_clear(&err);
	wvlv_caller gm = municipal("GM0320", WVLV_ROLE_ADMIN);
	static const char insert[] =
		"INSERT INTO designations (municipality_code, kind, name, measures, geom,"
		" designated_from, designated_until, geojson_rd, geojson_crs84) VALUES ('GM0320',"
		" 'area', '%s', '{art8}', ST_Multi(ST_MakeEnvelope(120000, 440000, 120100, 440100,"
		" 28992)), '2025-01-01', '2028-12-31', 'rd?', 'crs84?')";
	const char *made =
		"(SELECT geojson_rd = ST_AsGeoJSON(geom, 3, 0) AND geojson_crs84 ="
		" ST_AsGeoJSON(ST_Transform(geom, 4326), 8, 0) AND geojson_rd LIKE"
		" '{\"type\":\"MultiPolygon\",\"coordinates\":[[[[120000,440000]%%'"
		" FROM designations WHERE name = '%s')";

	begin_as(srv, &gm);
	ok(wvlv_db_exec_script(srv, wvlv_arena_printf(arena, insert, "named"), &err), &err);
	expect_sql(srv, wvlv_arena_printf(arena, made, "named"));
	/* an update naming them, or moving the geometry, makes them again */
	ok(wvlv_db_exec_script(srv, "UPDATE designations SET geojson_rd = 'x' WHERE name = 'named'",
			       &err),
	   &err);
	expect_sql(srv, wvlv_arena_printf(arena, made, "named"));
	ok(wvlv_db_exec_script(srv,
			       "UPDATE designations SET geom = ST_Multi(ST_MakeEnvelope(120000,"
			       " 440000, 120200, 440200, 28992)) WHERE name = 'named'",
			       &err),
	   &err);
	expect_sql(srv, wvlv_arena_printf(arena, made, "named"));
	expect_sql(srv, "(SELECT geojson_rd LIKE '%120200,440200%' FROM designations"
			" WHERE name = 'named')");
	/* the setting on: the INSERT keeps what it gives (the import gives what the check
	 * made of the very geometry) */
	ok(wvlv_db_exec_script(srv,
			       "SELECT set_config('wvlv.designation_geojson_given', 'on', true)",
			       &err),
	   &err);
	ok(wvlv_db_exec_script(srv, wvlv_arena_printf(arena, insert, "given"), &err), &err);
	expect_sql(srv, "(SELECT geojson_rd = 'rd?' AND geojson_crs84 = 'crs84?'"
			" FROM designations WHERE name = 'given')");
	/* but not an UPDATE's */
	ok(wvlv_db_exec_script(srv, "UPDATE designations SET geojson_rd = 'y' WHERE name = 'named'",
			       &err),
	   &err);
	expect_sql(srv, wvlv_arena_printf(arena, made, "named"));
	wvlv_db_rollback(srv);
	wvlv_db_close(srv);
}
END_TEST

/* ---- the audit trail: grants and guards -------------------------------------------- */

START_TEST(test_audit_append_only)
{
	wvlv_db *srv = as_server();
	wvlv_error err;
	wvlv_error_clear(&err);
	wvlv_caller gm = municipal("GM0310", WVLV_ROLE_ADMIN);
	begin_as(srv, &gm);
	ok(wvlv_store_audit_append(srv, &gm, "GM0310", "designation", "d-1", "test", NULL,
				   "{\"a\": 1}", &err),
	   &err);
	wvlv_audit_filter f = { .entity_id = "d-1", .limit = 10 };
	wvlv_audit_entry *items;
	size_t n;
	long nm;
	ok(wvlv_store_audit_list(srv, arena, &f, &items, &n, &nm, &err), &err);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(items[0].action, "test");
	commit(srv);

	/* the server role may not update, delete or truncate */
	static const char *const forbidden[] = {
		"UPDATE audit_log SET action = 'rewritten'",
		"DELETE FROM audit_log",
		"TRUNCATE audit_log",
		/* nor choose the time or the transaction of a row */
		"INSERT INTO audit_log (municipality_code, entity, entity_id, action, changes, at)"
		" VALUES ('GM0310', 'designation', 'd-1', 'test', '{}', '2000-01-01')",
		"INSERT INTO audit_log (municipality_code, entity, entity_id, action, changes, txid)"
		" VALUES ('GM0310', 'designation', 'd-1', 'test', '{}', 1)",
	};
	for (size_t i = 0; i < sizeof(forbidden) / sizeof(forbidden[0]); i++) {
		begin_as(srv, &gm);
		ck_assert_msg(wvlv_db_exec_script(srv, forbidden[i], &err) == WVLV_EDB, "%s",
			      forbidden[i]);
		ck_assert_str_eq(err.code, "permission-denied");
		wvlv_db_rollback(srv);
	}
	/* nor append rows of another municipality, nor as a national caller */
	begin_as(srv, &gm);
	ck_assert_int_eq(wvlv_store_audit_append(srv, &gm, "GM0311", "designation", "d-2", "test",
						 NULL, NULL, &err),
			 WVLV_EDB);
	ck_assert_str_eq(err.code, "permission-denied");
	wvlv_db_rollback(srv);
	wvlv_caller nat = national();
	begin_as(srv, &nat);
	ck_assert_int_eq(wvlv_store_audit_append(srv, &nat, "GM0311", "designation", "d-2", "test",
						 NULL, NULL, &err),
			 WVLV_EDB);
	wvlv_db_rollback(srv);
	/* a national caller appends the rows of national data ('', 0009); a municipal one not */
	begin_as(srv, &nat);
	ok(wvlv_store_audit_append(srv, &nat, "", "equated-holiday", "2026-05-15", "test", NULL,
				   NULL, &err),
	   &err);
	wvlv_db_rollback(srv);
	begin_as(srv, &gm);
	ck_assert_int_eq(wvlv_store_audit_append(srv, &gm, "", "equated-holiday", "2026-05-15",
						 "test", NULL, NULL, &err),
			 WVLV_EDB);
	wvlv_db_rollback(srv);
	wvlv_db_close(srv);

	/* even the owner (here a superuser) cannot rewrite history */
	wvlv_db *owner = as_owner();
	static const char *const guarded[] = {
		"UPDATE audit_log SET action = 'rewritten'",
		"DELETE FROM audit_log",
		"TRUNCATE audit_log",
	};
	for (size_t i = 0; i < sizeof(guarded) / sizeof(guarded[0]); i++) {
		ck_assert_msg(wvlv_db_exec_script(owner, guarded[i], &err) == WVLV_EDB, "%s",
			      guarded[i]);
		ck_assert_str_eq(err.code, "permission-denied");
	}
	/* and the database, not the writer, sets the time and the transaction */
	ok(wvlv_db_exec_script(owner,
			       "INSERT INTO audit_log (municipality_code, entity, entity_id, action,"
			       " changes, at, txid) VALUES ('GM0310', 'designation', 'd-3', 'test',"
			       " '{}', '2000-01-01', 1)",
			       &err),
	   &err);
	expect_sql(owner, "(SELECT at > now() - interval '1 hour' AND txid > 1"
			  " FROM audit_log WHERE entity_id = 'd-3')");
	expect_sql(owner, count_is("audit_log", "entity_id = 'd-1' AND action = 'test'", 1));
	wvlv_db_close(owner);
}
END_TEST

/* ---- the deferred audit check -------------------------------------------------------- */

START_TEST(test_change_without_audit_row_is_refused)
{
	wvlv_db *srv = as_server();
	wvlv_error err;
	wvlv_error_clear(&err);
	wvlv_caller gm = municipal("GM0320", WVLV_ROLE_ADMIN);
	wvlv_designation_new d = new_designation("GM0320", "unaudited");
	char id[WVLV_UUID_STRLEN];

	/* an insert without an audit row: refused at COMMIT, nothing stays */
	begin_as(srv, &gm);
	ok(wvlv_store_designation_insert(srv, &d, id, &err), &err);
	ck_assert_int_eq(wvlv_db_commit(srv, &err), WVLV_EINTERNAL);
	ck_assert_str_eq(err.code, "audit-missing");
	begin_as(srv, &gm);
	expect_sql(srv, count_is("designations", NULL, 0));
	wvlv_db_rollback(srv);

	/* an audit row of some other designation does not count */
	begin_as(srv, &gm);
	ok(wvlv_store_designation_insert(srv, &d, id, &err), &err);
	ok(wvlv_store_audit_append(srv, &gm, "GM0320", "designation",
				   "00000000-0000-4000-8000-000000000000", "create", NULL, NULL, &err),
	   &err);
	ck_assert_int_eq(wvlv_db_commit(srv, &err), WVLV_EINTERNAL);

	/* with its audit row (appended after the change: the check is deferred) */
	begin_as(srv, &gm);
	ok(wvlv_store_designation_insert(srv, &d, id, &err), &err);
	ok(wvlv_store_audit_append(srv, &gm, "GM0320", "designation", id, "create", NULL, NULL,
				   &err),
	   &err);
	commit(srv);
	begin_as(srv, &gm);
	expect_sql(srv, count_is("designations", NULL, 1));
	wvlv_db_rollback(srv);

	/* a later update needs an audit row of its own transaction */
	wvlv_designation_patch patch = { .name = "renamed" };
	begin_as(srv, &gm);
	ok(wvlv_store_designation_update(srv, id, &patch, &err), &err);
	ck_assert_int_eq(wvlv_db_commit(srv, &err), WVLV_EINTERNAL);
	/* an extension too (the periods are checked as well) */
	wvlv_period p = { .sequence = 2, .start = day("2029-01-01"), .end = day("2030-12-31"),
			  .extension = true };
	begin_as(srv, &gm);
	ok(wvlv_store_designation_add_period(srv, id, &p, &err), &err);
	ck_assert_int_eq(wvlv_db_commit(srv, &err), WVLV_EINTERNAL);
	begin_as(srv, &gm);
	wvlv_designation row;
	ok(wvlv_store_designation_get(srv, arena, NULL, id, WVLV_CRS_CRS84, false, &row, &err),
	   &err);
	ck_assert_str_eq(row.name, "unaudited");
	ck_assert_int_eq(row.version, 1);
	ck_assert_uint_eq(row.n_periods, 1);
	ok(wvlv_store_designation_update(srv, id, &patch, &err), &err);
	ok(wvlv_store_audit_append(srv, &gm, "GM0320", "designation", id, "update", NULL, NULL,
				   &err),
	   &err);
	commit(srv);
	wvlv_db_close(srv);

	/* the check holds for the owner and a superuser too */
	wvlv_db *owner = as_owner();
	ok(wvlv_db_begin(owner, &err), &err);
	ok(wvlv_store_designation_insert(owner, &d, id, &err), &err);
	ck_assert_int_eq(wvlv_db_commit(owner, &err), WVLV_EINTERNAL);
	ck_assert_str_eq(err.code, "audit-missing");
	/* and for a statement outside a transaction block */
	ck_assert_int_eq(wvlv_db_exec_script(owner, "UPDATE designations SET name = 'sneaky'"
						    " WHERE municipality_code = 'GM0320'",
					     &err),
			 WVLV_EINTERNAL);
	expect_sql(owner, count_is("designations", "name = 'sneaky'", 0));
	wvlv_db_close(owner);
}
END_TEST

/* Migration 0020 checks every designation a transaction changed in one query at COMMIT:
 * each of them needs its own audit row, and a check made early does not excuse a later
 * change. */
START_TEST(test_audit_check_covers_every_changed_designation)
{
	wvlv_db *srv = as_server();
	wvlv_error err;
	wvlv_error_clear(&err);
	wvlv_caller gm = municipal("GM0320", WVLV_ROLE_ADMIN);
	wvlv_designation_new a = new_designation("GM0320", "audited");
	wvlv_designation_new b = new_designation("GM0320", "not audited");
	char ida[WVLV_UUID_STRLEN], idb[WVLV_UUID_STRLEN];

	/* two designations in one transaction, one of them audited: refused, nothing stays */
	begin_as(srv, &gm);
	ok(wvlv_store_designation_insert(srv, &a, ida, &err), &err);
	ok(wvlv_store_designation_insert(srv, &b, idb, &err), &err);
	ok(wvlv_store_audit_append(srv, &gm, "GM0320", "designation", ida, "create", NULL, NULL,
				   &err),
	   &err);
	ck_assert_int_eq(wvlv_db_commit(srv, &err), WVLV_EINTERNAL);
	ck_assert_str_eq(err.code, "audit-missing");
	begin_as(srv, &gm);
	expect_sql(srv, count_is("designations", "name IN ('audited', 'not audited')", 0));
	wvlv_db_rollback(srv);

	/* checked early (SET CONSTRAINTS ALL IMMEDIATE), then an unaudited change: refused */
	begin_as(srv, &gm);
	ok(wvlv_store_designation_insert(srv, &a, ida, &err), &err);
	ok(wvlv_store_audit_append(srv, &gm, "GM0320", "designation", ida, "create", NULL, NULL,
				   &err),
	   &err);
	ok(wvlv_db_exec_script(srv, "SET CONSTRAINTS ALL IMMEDIATE; SET CONSTRAINTS ALL DEFERRED",
			       &err),
	   &err);
	ok(wvlv_store_designation_insert(srv, &b, idb, &err), &err);
	ck_assert_int_eq(wvlv_db_commit(srv, &err), WVLV_EINTERNAL);
	ck_assert_str_eq(err.code, "audit-missing");

	/* both audited: kept, and the transaction's notes of them are gone */
	begin_as(srv, &gm);
	ok(wvlv_store_designation_insert(srv, &a, ida, &err), &err);
	ok(wvlv_store_designation_insert(srv, &b, idb, &err), &err);
	ok(wvlv_store_audit_append(srv, &gm, "GM0320", "designation", ida, "create", NULL, NULL,
				   &err),
	   &err);
	ok(wvlv_store_audit_append(srv, &gm, "GM0320", "designation", idb, "create", NULL, NULL,
				   &err),
	   &err);
	commit(srv);
	begin_as(srv, &gm);
	expect_sql(srv, count_is("designations", "name IN ('audited', 'not audited')", 2));
	wvlv_db_rollback(srv);
	wvlv_db_close(srv);
	wvlv_db *owner = as_owner();
	expect_sql(owner, "(SELECT count(*) FROM designation_audit_pending) = 0");
	wvlv_db_close(owner);
}
END_TEST

/* ---- snapshots and the diff ------------------------------------------------------------ */

static json_t *parse(const char *text)
{
	json_error_t jerr;
	json_t *j = json_loads(text, JSON_DECODE_ANY, &jerr);
	ck_assert_msg(j != NULL, "not JSON (%s): %s", jerr.text, text);
	return j;
}

START_TEST(test_snapshot_and_diff)
{
	wvlv_db *srv = as_server();
	wvlv_error err;
	wvlv_error_clear(&err);
	wvlv_caller gm = municipal("GM0340", WVLV_ROLE_ADMIN);
	snprintf(gm.token_id, sizeof(gm.token_id), "5b1f4c1e-0000-4000-8000-000000000001");
	snprintf(gm.label, sizeof(gm.label), "alice");
	snprintf(gm.request_id, sizeof(gm.request_id), "req-42");

	begin_as(srv, &gm);
	wvlv_designation_new d = new_designation("GM0340", "A");
	char id[WVLV_UUID_STRLEN];
	const char *after = NULL, *before = NULL;
	ok(wvlv_store_designation_insert(srv, &d, id, &err), &err);
	ok(wvlv_store_designation_snapshot(srv, arena, id, &after, &err), &err);
	ok(wvlv_store_audit_append(srv, &gm, "GM0340", "designation", id, "create", NULL, after,
				   &err),
	   &err);
	commit(srv);

	/* the snapshot: the audited fields */
	json_t *snap = parse(after);
	ck_assert_uint_eq(json_object_size(snap), 12);
	ck_assert_str_eq(json_string_value(json_object_get(snap, "name")), "A");
	ck_assert_str_eq(json_string_value(json_object_get(snap, "kind")), "area");
	ck_assert_str_eq(json_string_value(json_object_get(snap, "municipalityCode")), "GM0340");
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(snap, "measures"), 0)),
			 "art8");
	ck_assert_uint_eq(json_array_size(json_object_get(snap, "bagIds")), 0);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(snap, "geometry"),
							   "type")),
			 "MultiPolygon");
	ck_assert_str_eq(json_string_value(json_object_get(snap, "designatedFrom")), "2025-01-01");
	ck_assert_str_eq(json_string_value(json_object_get(snap, "designatedUntil")), "2028-12-31");
	ck_assert(json_is_null(json_object_get(snap, "withdrawnOn")));
	ck_assert(json_is_null(json_object_get(snap, "withdrawalReason")));
	ck_assert_int_eq(json_integer_value(json_object_get(snap, "version")), 1);
	json_t *per = json_array_get(json_object_get(snap, "periods"), 0);
	ck_assert_int_eq(json_integer_value(json_object_get(per, "sequence")), 1);
	ck_assert_str_eq(json_string_value(json_object_get(per, "start")), "2025-01-01");
	ck_assert_str_eq(json_string_value(json_object_get(per, "end")), "2028-12-31");
	ck_assert_str_eq(json_string_value(json_object_get(per, "kind")), "initial");
	ck_assert_str_eq(json_string_value(json_object_get(per, "decisionReference")),
			 "Stcrt. 2025, 1");
	json_decref(snap);

	/* a name change */
	begin_as(srv, &gm);
	ok(wvlv_store_designation_snapshot(srv, arena, id, &before, &err), &err);
	wvlv_designation_patch patch = { .name = "B" };
	ok(wvlv_store_designation_update(srv, id, &patch, &err), &err);
	ok(wvlv_store_designation_snapshot(srv, arena, id, &after, &err), &err);
	ok(wvlv_store_audit_append(srv, &gm, "GM0340", "designation", id, "update", before, after,
				   &err),
	   &err);
	commit(srv);

	begin_as(srv, &gm);
	wvlv_audit_filter f = { .entity = "designation", .entity_id = id, .limit = 10 };
	wvlv_audit_entry *items;
	size_t n;
	long nm;
	ok(wvlv_store_audit_list(srv, arena, &f, &items, &n, &nm, &err), &err);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(nm, 2);
	ck_assert_str_eq(items[1].action, "update");
	json_t *got = parse(items[1].changes);
	json_t *want = parse("{\"name\": {\"before\": \"A\", \"after\": \"B\"},"
			     " \"version\": {\"before\": 1, \"after\": 2}}");
	ck_assert_msg(json_equal(got, want), "changes: %s", items[1].changes);
	json_decref(got);
	json_decref(want);
	ck_assert_str_eq(items[1].token_id, "5b1f4c1e-0000-4000-8000-000000000001");
	ck_assert_str_eq(items[1].token_label, "alice");
	ck_assert_str_eq(items[1].request_id, "req-42");
	ck_assert_str_eq(items[1].municipality_code, "GM0340");
	ck_assert_str_eq(items[1].entity, "designation");
	ck_assert_str_eq(items[1].entity_id, id);
	ck_assert_uint_eq(strlen(items[1].at), 24);
	ck_assert_int_eq(items[1].at[23], 'Z');
	ck_assert_int_lt(items[0].id, items[1].id);

	/* the creation: every field that has a value, before null; the nulls that
	 * stayed null (withdrawnOn, withdrawalReason) are no change */
	got = parse(items[0].changes);
	ck_assert_str_eq(items[0].action, "create");
	ck_assert_uint_eq(json_object_size(got), 10);
	ck_assert(json_is_null(json_object_get(json_object_get(got, "name"), "before")));
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(got, "name"), "after")),
			 "A");
	ck_assert_ptr_null(json_object_get(got, "withdrawnOn"));
	ck_assert_uint_eq(json_array_size(json_object_get(json_object_get(got, "periods"), "after")),
			  1);
	json_decref(got);
	wvlv_db_rollback(srv);

	/* no change at all is still an audit row, with no fields; empty caller
	 * fields (a CLI or system action) are stored as null */
	wvlv_caller quiet = municipal("GM0340", WVLV_ROLE_ADMIN);
	quiet.label[0] = '\0';
	begin_as(srv, &quiet);
	ok(wvlv_store_audit_append(srv, &quiet, "GM0340", "designation", id, "touch", after, after,
				   &err),
	   &err);
	ok(wvlv_store_audit_append(srv, NULL, "GM0340", "designation", id, "touch", "{\"x\": null}",
				   "{}", &err),
	   &err);
	f.limit = 10;
	f.offset = 2;
	ok(wvlv_store_audit_list(srv, arena, &f, &items, &n, &nm, &err), &err);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(items[0].changes, "{}");
	ck_assert_str_eq(items[1].changes, "{}");
	ck_assert_ptr_null(items[0].token_id);
	ck_assert_ptr_null(items[0].token_label);
	ck_assert_ptr_null(items[0].request_id);
	/* appending needs an object and an entity */
	ck_assert_int_eq(wvlv_store_audit_append(srv, &quiet, "GM0340", "designation", id, "touch",
						 "[1]", NULL, &err),
			 WVLV_EINTERNAL);
	ck_assert_int_eq(wvlv_store_audit_append(srv, &quiet, "GM0340", "", id, "touch", NULL,
						 NULL, &err),
			 WVLV_EINTERNAL);
	commit(srv);

	/* snapshots of what the caller cannot see do not exist */
	wvlv_db *owner = as_owner();
	const char *other = create_audited(owner, "GM0341", "elsewhere");
	wvlv_db_close(owner);
	begin_as(srv, &gm);
	const char *snapshot;
	ck_assert_int_eq(wvlv_store_designation_snapshot(srv, arena, other, &snapshot, &err),
			 WVLV_ENOTFOUND);
	ck_assert_int_eq(wvlv_store_designation_snapshot(srv, arena,
							 "00000000-0000-4000-8000-000000000000",
							 &snapshot, &err),
			 WVLV_ENOTFOUND);
	ck_assert_int_eq(wvlv_store_designation_snapshot(srv, arena, "not-a-uuid", &snapshot, &err),
			 WVLV_ENOTFOUND);
	ck_assert_ptr_null(snapshot);
	wvlv_db_rollback(srv);
	wvlv_db_close(srv);
}
END_TEST

/* ---- audit lists ------------------------------------------------------------------------ */

static void expect_audit(wvlv_db *db, const wvlv_audit_filter *f, long matched,
			 const char *const *actions, size_t count)
{
	wvlv_audit_entry *items = NULL;
	size_t n = 99;
	long nm = -1;
	wvlv_error err;
	wvlv_error_clear(&err);
	ok(wvlv_store_audit_list(db, arena, f, &items, &n, &nm, &err), &err);
	ck_assert_int_eq(nm, matched);
	ck_assert_uint_eq(n, count);
	for (size_t i = 0; i < count; i++)
		ck_assert_str_eq(items[i].action, actions[i]);
}

#define ACTIONS(...) (const char *[]){ __VA_ARGS__ }, \
	sizeof((const char *[]){ __VA_ARGS__ }) / sizeof(const char *)
#define NONE NULL, 0

static void append(wvlv_db *db, const wvlv_caller *c, const char *gm, const char *entity,
		   const char *entity_id, const char *action)
{
	wvlv_error err;
	wvlv_error_clear(&err);
	ok(wvlv_store_audit_append(db, c, gm, entity, entity_id, action, NULL, NULL, &err), &err);
}

START_TEST(test_audit_list_filters)
{
	wvlv_db *owner = as_owner();
	append(owner, NULL, "GM0351", "designation", "x", "elsewhere");
	wvlv_db_close(owner);

	wvlv_db *srv = as_server();
	wvlv_caller gm = municipal("GM0350", WVLV_ROLE_ADMIN);
	begin_as(srv, &gm);
	append(srv, &gm, "GM0350", "designation", "x", "create");
	append(srv, &gm, "GM0350", "designation", "x", "update");
	append(srv, &gm, "GM0350", "designation", "y", "create");
	append(srv, &gm, "GM0350", "sale-notification", "x", "create-offer");
	commit(srv);

	begin_as(srv, &gm);
	/* everything the caller may see: its own municipality only */
	wvlv_audit_filter f = { .limit = 100 };
	expect_audit(srv, &f, 4, ACTIONS("create", "update", "create", "create-offer"));
	f.municipality_code = "GM0350";
	expect_audit(srv, &f, 4, ACTIONS("create", "update", "create", "create-offer"));
	f.municipality_code = "GM0351";
	expect_audit(srv, &f, 0, NONE);
	f = (wvlv_audit_filter){ .entity = "designation", .limit = 100 };
	expect_audit(srv, &f, 3, ACTIONS("create", "update", "create"));
	f.entity_id = "x";
	expect_audit(srv, &f, 2, ACTIONS("create", "update"));
	f.entity = "sale-notification";
	expect_audit(srv, &f, 1, ACTIONS("create-offer"));
	f.entity = "nothing";
	expect_audit(srv, &f, 0, NONE);

	/* paging: numberMatched counts every match */
	f = (wvlv_audit_filter){ .limit = 2, .offset = 1 };
	expect_audit(srv, &f, 4, ACTIONS("update", "create"));
	f.offset = 3;
	expect_audit(srv, &f, 4, ACTIONS("create-offer"));
	f.offset = 4;
	expect_audit(srv, &f, 4, NONE);
	f.offset = 400;
	expect_audit(srv, &f, 4, NONE);
	f = (wvlv_audit_filter){ .limit = 0 };
	expect_audit(srv, &f, 4, NONE);
	f = (wvlv_audit_filter){ .limit = -1 }; /* no limit */
	expect_audit(srv, &f, 4, ACTIONS("create", "update", "create", "create-offer"));

	/* since: a date (from midnight in Europe/Amsterdam) or an RFC 3339 timestamp */
	char today[WVLV_DATE_STRLEN], tomorrow[WVLV_DATE_STRLEN];
	wvlv_date_format(wvlv_date_today_amsterdam(), today);
	wvlv_date_format(wvlv_date_today_amsterdam() + 1, tomorrow);
	f = (wvlv_audit_filter){ .entity_id = "x", .limit = 100, .since = today };
	expect_audit(srv, &f, 3, ACTIONS("create", "update", "create-offer"));
	f.since = tomorrow;
	expect_audit(srv, &f, 0, NONE);
	f.since = "2000-01-01T00:00:00Z";
	expect_audit(srv, &f, 3, ACTIONS("create", "update", "create-offer"));
	f.since = "2000-01-01t00:00:00.123456z";
	expect_audit(srv, &f, 3, ACTIONS("create", "update", "create-offer"));
	f.since = "2000-01-01 00:00:00+02:00";
	expect_audit(srv, &f, 3, ACTIONS("create", "update", "create-offer"));
	f.since = "2999-12-31T23:59:60-05:30";
	expect_audit(srv, &f, 0, NONE);

	static const char *const bad[] = {
		"", "yesterday", "2025-13-01", "2025-02-29", "2025-6-01", "2025-06-01T12:00:00",
		"2025-06-01T24:00:00Z", "2025-06-01T12:60:00Z", "2025-06-01T12:00Z",
		"2025-06-01T12:00:00.Z", "2025-06-01T12:00:00+16:00", "2025-06-01T12:00:00+0100",
		"2025-06-01T12:00:00Z ", "2025-06-01X12:00:00Z", "2025-06-01T12:00:00.1234567890Z",
		"1 day ago", "now", "infinity", "2025-06-01; DROP TABLE audit_log",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		f.since = bad[i];
		wvlv_audit_entry *items;
		size_t n;
		long nm;
		wvlv_error err;
		wvlv_error_clear(&err);
		ck_assert_msg(wvlv_store_audit_list(srv, arena, &f, &items, &n, &nm, &err) ==
				      WVLV_EBADREQ,
			      "since \"%s\" was accepted", bad[i]);
		ck_assert_str_eq(err.code, "invalid-query-parameter");
		ck_assert_int_eq(err.nparams, 1);
		ck_assert_str_eq(err.params[0].name, "since");
	}
	/* the transaction is still usable: nothing reached SQL */
	f.since = NULL;
	expect_audit(srv, &f, 3, ACTIONS("create", "update", "create-offer"));
	wvlv_db_rollback(srv);

	/* a national caller reads every municipality's rows */
	wvlv_caller nat = national();
	begin_as(srv, &nat);
	f = (wvlv_audit_filter){ .municipality_code = "GM0351", .limit = 100 };
	expect_audit(srv, &f, 1, ACTIONS("elsewhere"));
	wvlv_db_rollback(srv);
	wvlv_db_close(srv);
}
END_TEST

/* numberMatched is counted up to WVLV_DB_MATCHED_MAX and left out (-1) past
 * it: on a page (its InitPlan) and on an empty page past the end (the
 * separate count) alike. */
START_TEST(test_audit_list_counts_up_to_the_mark)
{
	wvlv_db *owner = as_owner();
	char sql[512];
	snprintf(sql, sizeof(sql),
		 "INSERT INTO audit_log (municipality_code, entity, entity_id, action, changes)"
		 " SELECT 'GM0353', 'designation', 'many', 'create', '{}'"
		 " FROM generate_series(1, %d)", WVLV_DB_MATCHED_MAX);
	wvlv_error err;
	wvlv_error_clear(&err);
	ok(wvlv_db_exec_script(owner, sql, &err), &err);
	wvlv_db_close(owner);

	wvlv_db *srv = as_server();
	wvlv_caller gm = municipal("GM0353", WVLV_ROLE_ADMIN);
	begin_as(srv, &gm);
	wvlv_audit_filter f = { .entity_id = "many", .limit = 1 };
	expect_audit(srv, &f, WVLV_DB_MATCHED_MAX, ACTIONS("create"));
	f.offset = WVLV_DB_MATCHED_MAX;
	expect_audit(srv, &f, WVLV_DB_MATCHED_MAX, NONE);
	append(srv, &gm, "GM0353", "designation", "many", "update");
	f.offset = 0;
	expect_audit(srv, &f, -1, ACTIONS("create"));
	f.offset = WVLV_DB_MATCHED_MAX + 1;
	expect_audit(srv, &f, -1, NONE);
	f.offset = WVLV_DB_MATCHED_MAX;
	expect_audit(srv, &f, -1, ACTIONS("update"));
	wvlv_db_rollback(srv);
	wvlv_db_close(srv);
}
END_TEST

/* ---- API tokens in the database ---------------------------------------------------------- */

static const wvlv_token_info *find_token(const wvlv_token_info *t, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(t[i].id, id) == 0)
			return &t[i];
	return NULL;
}

static bool contains(const char *s, const char *part)
{
	return s && strstr(s, part);
}

START_TEST(test_tokens)
{
	wvlv_db *owner = as_owner();
	wvlv_error err;
	wvlv_error_clear(&err);
	char tok[WVLV_TOKEN_STRLEN], tok_nat[WVLV_TOKEN_STRLEN], tok_unknown[WVLV_TOKEN_STRLEN];
	char hash[WVLV_TOKEN_HEXLEN], hash_nat[WVLV_TOKEN_HEXLEN], hash_unknown[WVLV_TOKEN_HEXLEN];
	ok(wvlv_token_generate(tok, &err), &err);
	ok(wvlv_token_generate(tok_nat, &err), &err);
	ok(wvlv_token_generate(tok_unknown, &err), &err);
	wvlv_token_hash_hex(tok, hash);
	wvlv_token_hash_hex(tok_nat, hash_nat);
	wvlv_token_hash_hex(tok_unknown, hash_unknown);

	/* create: municipal, national reader, national admin; a national clerk is refused */
	char id[37], id_nat[37], id_x[37], hash_adm[WVLV_TOKEN_HEXLEN];
	char tok_adm[WVLV_TOKEN_STRLEN];
	ok(wvlv_token_generate(tok_adm, &err), &err);
	wvlv_token_hash_hex(tok_adm, hash_adm);
	ok(wvlv_store_token_create(owner, "GM0330", WVLV_ROLE_CLERK, "clerk laptop", hash, id, &err),
	   &err);
	ok(wvlv_store_token_create(owner, NULL, WVLV_ROLE_READER, NULL, hash_nat, id_nat, &err),
	   &err);
	ck_assert_uint_eq(strlen(id), 36);
	ok(wvlv_store_token_create(owner, NULL, WVLV_ROLE_ADMIN, "decrees", hash_adm, id_x, &err),
	   &err);
	ck_assert_uint_eq(strlen(id_x), 36);
	ck_assert_int_eq(wvlv_store_token_create(owner, NULL, WVLV_ROLE_CLERK, "", hash_unknown,
						 id_x, &err),
			 WVLV_EINVAL);
	ck_assert_str_eq(err.params[0].name, "role");
	ck_assert_str_eq(err.params[0].code, "national-reader-or-admin");
	/* the database refuses a national clerk too (0009) */
	wvlv_error_clear(&err);
	ck_assert_int_ne(wvlv_db_exec_script(owner,
					     "INSERT INTO api_tokens (municipality_code, national,"
					     " role, token_hash) VALUES (NULL, true, 'clerk',"
					     " repeat('a', 64))",
					     &err),
			 WVLV_OK);
	ck_assert_str_eq(err.code, "constraint-violation");
	wvlv_error_clear(&err);
	ck_assert_int_eq(wvlv_store_token_create(owner, "GM33", WVLV_ROLE_CLERK, "", hash_unknown,
						 id_x, &err),
			 WVLV_EINVAL);
	ck_assert_str_eq(err.params[0].name, "municipality");
	ck_assert_int_eq(wvlv_store_token_create(owner, "GM0330", (wvlv_role)9, "", hash_unknown,
						 id_x, &err),
			 WVLV_EINVAL);
	char long_label[200];
	memset(long_label, 'x', sizeof(long_label) - 1);
	long_label[sizeof(long_label) - 1] = '\0';
	ck_assert_int_eq(wvlv_store_token_create(owner, "GM0330", WVLV_ROLE_CLERK, long_label,
						 hash_unknown, id_x, &err),
			 WVLV_EINVAL);
	ck_assert_int_eq(wvlv_store_token_create(owner, "GM0330", WVLV_ROLE_CLERK, "again", hash,
						 id_x, &err),
			 WVLV_ECONFLICT); /* the same token twice */

	/* list: the tokens, never a hash (there is no field for it; none leaks into the others) */
	wvlv_token_info *list;
	size_t n;
	ok(wvlv_store_token_list(owner, arena, &list, &n, &err), &err);
	const wvlv_token_info *t = find_token(list, n, id);
	const wvlv_token_info *tn = find_token(list, n, id_nat);
	ck_assert_ptr_nonnull(t);
	ck_assert_ptr_nonnull(tn);
	ck_assert_str_eq(t->municipality_code, "GM0330");
	ck_assert(!t->national);
	ck_assert_int_eq(t->role, WVLV_ROLE_CLERK);
	ck_assert_str_eq(t->label, "clerk laptop");
	ck_assert_uint_eq(strlen(t->created_at), 24);
	ck_assert_ptr_null(t->revoked_at);
	ck_assert_ptr_null(t->last_used_at);
	ck_assert_str_eq(tn->municipality_code, "");
	ck_assert(tn->national);
	ck_assert_int_eq(tn->role, WVLV_ROLE_READER);
	ck_assert_str_eq(tn->label, "");
	for (size_t i = 0; i < n; i++) {
		const char *fields[] = { list[i].id, list[i].label, list[i].created_at,
					 list[i].revoked_at, list[i].last_used_at };
		for (size_t k = 0; k < sizeof(fields) / sizeof(fields[0]); k++)
			ck_assert(!contains(fields[k], hash) && !contains(fields[k], hash_nat) &&
				  !contains(fields[k], tok));
	}

	/* authenticate as the server: by hash, to the caller fields */
	wvlv_db *srv = as_server();
	wvlv_caller c = { .role = 0 };
	snprintf(c.request_id, sizeof(c.request_id), "req-1");
	ok(wvlv_store_token_authenticate(srv, hash, &c, &err), &err);
	ck_assert_str_eq(c.municipality_code, "GM0330");
	ck_assert(!c.national);
	ck_assert_int_eq(c.role, WVLV_ROLE_CLERK);
	ck_assert_str_eq(c.token_id, id);
	ck_assert_str_eq(c.label, "clerk laptop");
	ck_assert_str_eq(c.request_id, "req-1"); /* not the store's business */
	wvlv_caller cn = { .role = 0 };
	ok(wvlv_store_token_authenticate(srv, hash_nat, &cn, &err), &err);
	ck_assert_str_eq(cn.municipality_code, "");
	ck_assert(cn.national);
	ck_assert_int_eq(cn.role, WVLV_ROLE_READER);
	ck_assert_str_eq(cn.token_id, id_nat);
	/* the use was recorded */
	ok(wvlv_store_token_list(owner, arena, &list, &n, &err), &err);
	const char *used = find_token(list, n, id)->last_used_at;
	ck_assert_ptr_nonnull(used);
	/* inside a request transaction too */
	begin_as(srv, &c);
	ok(wvlv_store_token_authenticate(srv, hash, &c, &err), &err);
	commit(srv);
	/* unknown, malformed */
	wvlv_caller none = { .role = 0 };
	ck_assert_int_eq(wvlv_store_token_authenticate(srv, hash_unknown, &none, &err),
			 WVLV_ENOTFOUND);
	ck_assert_str_eq(err.code, "invalid-token");
	ck_assert_int_eq(wvlv_store_token_authenticate(srv, "abc", &none, &err), WVLV_ENOTFOUND);
	ck_assert_int_eq(wvlv_store_token_authenticate(srv, tok, &none, &err), WVLV_ENOTFOUND);
	ck_assert_int_eq(wvlv_store_token_authenticate(srv, NULL, &none, &err), WVLV_ENOTFOUND);
	ck_assert_str_eq(none.token_id, "");
	ck_assert_int_eq(none.role, 0);

	/* uses within a minute of the recorded one write nothing */
	ok(wvlv_store_token_list(owner, arena, &list, &n, &err), &err);
	ck_assert_str_eq(find_token(list, n, id)->last_used_at, used);

	/* the server role cannot read or change the table itself */
	static const char *const forbidden[] = {
		"SELECT * FROM api_tokens",
		"SELECT token_hash FROM api_tokens",
		"UPDATE api_tokens SET revoked_at = NULL",
		"INSERT INTO api_tokens (national, role, token_hash) VALUES (true, 'reader', "
		"repeat('0', 64))",
	};
	for (size_t i = 0; i < sizeof(forbidden) / sizeof(forbidden[0]); i++) {
		ck_assert_msg(wvlv_db_exec_script(srv, forbidden[i], &err) == WVLV_EDB, "%s",
			      forbidden[i]);
		ck_assert_str_eq(err.code, "permission-denied");
	}

	/* revoke: authentication fails from then on; twice is a conflict */
	ok(wvlv_store_token_revoke(owner, id, &err), &err);
	ck_assert_int_eq(wvlv_store_token_authenticate(srv, hash, &none, &err), WVLV_ENOTFOUND);
	ck_assert_int_eq(wvlv_store_token_revoke(owner, id, &err), WVLV_ECONFLICT);
	ck_assert_str_eq(err.code, "already-revoked");
	ck_assert_int_eq(wvlv_store_token_revoke(owner, "00000000-0000-4000-8000-000000000000",
						 &err),
			 WVLV_ENOTFOUND);
	ck_assert_int_eq(wvlv_store_token_revoke(owner, "not-a-uuid", &err), WVLV_ENOTFOUND);
	ok(wvlv_store_token_authenticate(srv, hash_nat, &cn, &err), &err); /* the other still works */
	ok(wvlv_store_token_list(owner, arena, &list, &n, &err), &err);
	ck_assert_ptr_nonnull(find_token(list, n, id)->revoked_at);
	ck_assert_ptr_null(find_token(list, n, id_nat)->revoked_at);

	/* creating and revoking are in the audit trail (without the hash), for
	 * the token's municipality: its admins see them */
	wvlv_caller admin = municipal("GM0330", WVLV_ROLE_ADMIN);
	begin_as(srv, &admin);
	wvlv_audit_filter f = { .entity = "api-token", .entity_id = id, .limit = 10 };
	wvlv_audit_entry *items;
	long nm;
	ok(wvlv_store_audit_list(srv, arena, &f, &items, &n, &nm, &err), &err);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(items[0].action, "create");
	ck_assert_str_eq(items[1].action, "revoke");
	ck_assert_ptr_null(items[0].token_id);
	ck_assert(!contains(items[0].changes, hash));
	json_t *ch = parse(items[0].changes);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(ch, "role"), "after")),
			 "clerk");
	json_decref(ch);
	ch = parse(items[1].changes);
	ck_assert(json_is_null(json_object_get(json_object_get(ch, "revokedAt"), "before")));
	ck_assert(json_is_string(json_object_get(json_object_get(ch, "revokedAt"), "after")));
	json_decref(ch);
	wvlv_db_rollback(srv);
	wvlv_db_close(srv);
	wvlv_db_close(owner);
}
END_TEST

/* ---- token generation (no database) -------------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(a, b);
}

START_TEST(test_token_generation)
{
	enum { N = 1000 };
	char (*toks)[WVLV_TOKEN_STRLEN] = calloc(N, WVLV_TOKEN_STRLEN);
	ck_assert_ptr_nonnull(toks);
	wvlv_error err;
	wvlv_error_clear(&err);
	for (int i = 0; i < N; i++) {
		ok(wvlv_token_generate(toks[i], &err), &err);
		ck_assert_uint_eq(strlen(toks[i]), 43);
		ck_assert_msg(wvlv_token_well_formed(toks[i]), "%s", toks[i]);
		char hex[WVLV_TOKEN_HEXLEN];
		wvlv_token_hash_hex(toks[i], hex);
		ck_assert_uint_eq(strlen(hex), 64);
		ck_assert_uint_eq(strspn(hex, "0123456789abcdef"), 64);
	}
	qsort(toks, N, WVLV_TOKEN_STRLEN, cmp_str);
	for (int i = 1; i < N; i++)
		ck_assert_str_ne(toks[i - 1], toks[i]);
	/* 32 random bytes use every base64url character: a thousand tokens show them all */
	bool seen[256] = { false };
	for (int i = 0; i < N; i++)
		for (const char *p = toks[i]; *p; p++)
			seen[(unsigned char)*p] = true;
	int kinds = 0;
	for (int ch = 0; ch < 256; ch++)
		kinds += seen[ch];
	ck_assert_int_eq(kinds, 64);
	ck_assert(seen['-'] && seen['_'] && !seen['+'] && !seen['/'] && !seen['=']);
	free(toks);

	/* SHA-256 in lowercase hex (FIPS 180-2 test vector) */
	char hex[WVLV_TOKEN_HEXLEN];
	wvlv_token_hash_hex("abc", hex);
	ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

	/* shapes */
	const char *good = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA-";
	ck_assert(wvlv_token_well_formed(good));
	ck_assert(!wvlv_token_well_formed("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));   /* 42 */
	ck_assert(!wvlv_token_well_formed("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")); /* 44 */
	ck_assert(!wvlv_token_well_formed("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+"));
	ck_assert(!wvlv_token_well_formed("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/"));
	ck_assert(!wvlv_token_well_formed("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="));
	ck_assert(!wvlv_token_well_formed("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA "));
	ck_assert(!wvlv_token_well_formed(""));
	ck_assert(!wvlv_token_well_formed(NULL));

	/* constant-time equality */
	ck_assert(wvlv_token_equal(good, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA-"));
	ck_assert(!wvlv_token_equal(good, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA_"));
	ck_assert(!wvlv_token_equal(good, "BAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA-"));
	ck_assert(!wvlv_token_equal(good, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
	ck_assert(!wvlv_token_equal("AAAA", good));
	ck_assert(!wvlv_token_equal(good, ""));
	ck_assert(!wvlv_token_equal(good, NULL));
	ck_assert(!wvlv_token_equal(NULL, NULL));
	ck_assert(wvlv_token_equal("", ""));
}
END_TEST

/* ---- main ------------------------------------------------------------------------------------ */

int main(void)
{
	conninfo = ts_init("wvlv_access");
	const ts_group groups[] = {
		{ "rls", (const TTest *const[]){ test_rls_isolates_municipalities,
						 test_rls_idempotency_keys,
						 test_rls_forced_on_every_tenant_table,
						 test_gis_role_reads_public_designation_columns_only,
						 test_stored_encodings_are_the_geometrys, NULL } },
		{ "audit", (const TTest *const[]){ test_audit_append_only,
						   test_change_without_audit_row_is_refused,
						   test_audit_check_covers_every_changed_designation,
						   test_snapshot_and_diff, test_audit_list_filters,
						   test_audit_list_counts_up_to_the_mark,
						   NULL } },
		{ "tokens", (const TTest *const[]){ test_tokens, test_token_generation, NULL } },
	};
	return ts_run("access", groups, sizeof(groups) / sizeof(groups[0]), setup, teardown);
}
