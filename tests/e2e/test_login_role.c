/* test_login_role.c — `wvlv migrate --login-role NAME` (issue 13, point 6): the
 * role it makes is no superuser and a member of the server's two roles only;
 * `wvlv serve`, `wvlv alerts` and `wvlv purge` work logged in as it; as it, a
 * municipality's token still sees only its own municipality, and the role
 * itself cannot SET ROLE to the owner, read the token table, disable
 * row-level security or rewrite the audit trail.  Its password is stored as a
 * SCRAM verifier, kept by a run without WVLV_LOGIN_PASSWORD; names that are
 * the owner, a superuser or a server role are refused. */
#include <check.h>
#include <curl/curl.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "e2e_helpers.h"
#include "http_client.h"
#include "server_proc.h"
#include "testdb.h"

static tserver srv;
static const char *conninfo;   /* the owner's (the test cluster's superuser) */
static char role[64];          /* the login role, unique per run (roles are cluster-wide) */
static char login[1024];       /* conninfo as the login role */

#define BASE srv.base
#define PASSWORD "correct horse battery staple"

/* One statement as the login role: its SQLSTATE ("" when it worked). */
static const char *as_login(const char *sql)
{
	static char state[8];
	PGconn *c = PQconnectdb(login);
	ck_assert_msg(PQstatus(c) == CONNECTION_OK, "login as %s: %s", role, PQerrorMessage(c));
	PGresult *r = PQexec(c, sql);
	const char *s = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	snprintf(state, sizeof(state), "%s", s ? s : "");
	PQclear(r);
	PQfinish(c);
	return state;
}

static long as_login_count(const char *sql)
{
	PGconn *c = PQconnectdb(login);
	ck_assert_int_eq(PQstatus(c), CONNECTION_OK);
	PGresult *r = PQexec(c, sql);
	ck_assert_msg(PQresultStatus(r) == PGRES_TUPLES_OK, "%s: %s", sql, PQerrorMessage(c));
	long n = atol(PQgetvalue(r, 0, 0));
	PQclear(r);
	PQfinish(c);
	return n;
}

START_TEST(test_role_attributes)
{
	const char *p[] = { role, NULL };
	char *attrs = eh_pg_value(eh_db(),
				  "SELECT concat_ws(',', rolsuper, rolcreatedb, rolcreaterole, "
				  "rolreplication, rolbypassrls, rolcanlogin) FROM pg_roles "
				  "WHERE rolname = $1", p);
	ck_assert_str_eq(attrs, "f,f,f,f,f,t");
	free(attrs);
	char *members = eh_pg_value(eh_db(),
				    "SELECT string_agg(m.roleid::regrole::text, ',' ORDER BY "
				    "m.roleid::regrole::text) FROM pg_auth_members m "
				    "WHERE m.member = $1::regrole", p);
	ck_assert_str_eq(members, "wvlv_gis,wvlv_server");
	free(members);
	/* the password is a SCRAM verifier, never the password itself */
	char *pw = eh_pg_value(eh_db(), "SELECT rolpassword FROM pg_authid WHERE rolname = $1", p);
	ck_assert_ptr_nonnull(pw);
	ck_assert_msg(strncmp(pw, "SCRAM-SHA-256$", 14) == 0, "stored password: %.20s", pw);
	ck_assert_ptr_null(strstr(pw, PASSWORD));
	free(pw);
}
END_TEST

START_TEST(test_role_cannot_escalate)
{
	ck_assert_int_eq(as_login_count("SELECT count(*) FROM pg_roles "
					"WHERE rolname = current_user AND NOT rolsuper"),
			 1);
	char sql[256];
	char *owner = eh_pg_value(eh_db(), "SELECT quote_ident(current_user)", NULL);
	snprintf(sql, sizeof(sql), "SET ROLE %s", owner);
	free(owner);
	ck_assert_str_eq(as_login(sql), "42501");              /* not the owner */
	ck_assert_str_eq(as_login("RESET ROLE; SET ROLE wvlv_server; SELECT * FROM api_tokens"),
			 "42501");                              /* no token hashes */
	ck_assert_str_eq(as_login("ALTER TABLE designations DISABLE ROW LEVEL SECURITY"), "42501");
	ck_assert_str_eq(as_login("SET ROLE wvlv_server; DELETE FROM audit_log"), "42501");
	ck_assert_str_eq(as_login("SET ROLE wvlv_server; UPDATE audit_log SET action = 'x'"),
			 "42501");
	ck_assert_str_eq(as_login("CREATE TABLE sneaky (x int)"), "42501");
	ck_assert_str_eq(as_login("ALTER ROLE CURRENT_USER SUPERUSER"), "42501");
	/* without a caller's scope, row-level security shows it no row (wvlv_gis reads the
	 * public columns of every designation, as /ogc/v1 does, but not their periods) */
	ck_assert_int_gt(eh_pg_long(eh_db(), "SELECT count(*) FROM designation_periods", NULL), 0);
	ck_assert_int_gt(eh_pg_long(eh_db(), "SELECT count(*) FROM audit_log", NULL), 0);
	ck_assert_int_eq(as_login_count("SELECT count(*) FROM designation_periods"), 0);
	ck_assert_int_eq(as_login_count("SELECT count(*) FROM audit_log"), 0);
}
END_TEST

/* the server logged in as the role: writes, reads, and keeps municipalities apart */
START_TEST(test_serve_as_login_role)
{
	char *geom = eh_square(4.70, 51.80, 0.002);
	char *id = eh_create(BASE, "GM0505", "Login role", geom, eh_today_plus(-1),
			     eh_today_plus(365));
	tresp *own = eh_get(BASE, id);
	ck_assert_str_eq(t_str(own->json, "name"), "Login role");
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/designations/%s", id);
	const char *other[] = { eh_admin("GM0599"), NULL };
	tresp *r = t_request(BASE, "GET", path, NULL, other);
	ck_assert_int_eq(r->status, 404);
	tresp *audit = t_request(BASE, "GET", "/api/v1/audit-log", NULL, other);
	ck_assert_int_eq(audit->status, 200);
	ck_assert_ptr_null(strstr(audit->body, id)); /* its own token's row only */
	tresp *ogc = t_request(BASE, "GET", "/ogc/v1/collections/designations/items", NULL, NULL);
	ck_assert_int_eq(ogc->status, 200);
	t_free(own);
	t_free(r);
	t_free(audit);
	t_free(ogc);
	free(id);
	free(geom);
}
END_TEST

START_TEST(test_jobs_as_login_role)
{
	trun_out a = trun("alerts", "--database-url", login, NULL);
	ck_assert_msg(a.status == 0, "alerts: %s", a.err);
	trun_out p = trun("purge", "--database-url", login, NULL);
	ck_assert_msg(p.status == 0, "purge: %s", p.err);
	trun_free(&a);
	trun_free(&p);
}
END_TEST

START_TEST(test_refused_names)
{
	char *owner = eh_pg_value(eh_db(), "SELECT current_user", NULL);
	const char *names[] = { owner, "wvlv_server", "wvlv_gis", "Bad\"name", "pg_x", "" };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		trun_out r = trun("migrate", "--login-role", names[i], "--database-url", conninfo,
				  NULL);
		ck_assert_msg(r.status == 1, "--login-role '%s': status %d", names[i], r.status);
		ck_assert_ptr_nonnull(strstr(r.err, "login role"));
		trun_free(&r);
	}
	/* the owner is still a superuser: a refusal changes nothing */
	const char *p[] = { owner, NULL };
	char *super = eh_pg_value(eh_db(), "SELECT rolsuper::text FROM pg_roles WHERE rolname = $1", p);
	ck_assert_str_eq(super, "true");
	free(super);
	free(owner);
}
END_TEST

/* a re-run without WVLV_LOGIN_PASSWORD keeps the password and the memberships;
 * a stray membership is revoked */
START_TEST(test_rerun_keeps_password)
{
	const char *p[] = { role, NULL };
	char *before = eh_pg_value(eh_db(), "SELECT rolpassword FROM pg_authid WHERE rolname = $1", p);
	char sql[160];
	snprintf(sql, sizeof(sql), "GRANT pg_read_all_data TO %s", role);
	free(eh_pg_value(eh_db(), sql, NULL));
	unsetenv("WVLV_LOGIN_PASSWORD");
	trun_out r = trun("migrate", "--login-role", role, "--database-url", conninfo, NULL);
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_ptr_nonnull(strstr(r.out, "updated"));
	char *after = eh_pg_value(eh_db(), "SELECT rolpassword FROM pg_authid WHERE rolname = $1", p);
	ck_assert_str_eq(after, before);
	ck_assert_int_eq(eh_pg_long(eh_db(), "SELECT count(*) FROM pg_auth_members "
					     "WHERE member = $1::regrole", p), 2);
	trun_free(&r);
	free(before);
	free(after);
}
END_TEST

static void make_login_role(void)
{
	snprintf(role, sizeof(role), "wvlv_login_%ld", (long)getpid());
	setenv("WVLV_LOGIN_PASSWORD", PASSWORD, 1);
	const char *args[] = { "migrate", "--login-role", role, "--database-url", conninfo, NULL };
	char *out = NULL;
	int st = trun_wvlv(args, NULL, &out);
	unsetenv("WVLV_LOGIN_PASSWORD");
	if (st != 0 || !out || !strstr(out, "created")) {
		fprintf(stderr, "wvlv migrate --login-role %s: status %d: %s\n", role, st,
			out ? out : "");
		exit(EXIT_FAILURE);
	}
	free(out);
	snprintf(login, sizeof(login), "%s user=%s", conninfo, role);
}

static void drop_login_role(void)
{
	PGconn *c = PQconnectdb(conninfo);
	char sql[160];
	snprintf(sql, sizeof(sql), "DROP ROLE IF EXISTS %s", role);
	PQclear(PQexec(c, sql));
	PQfinish(c);
}

int main(void)
{
	curl_global_init(CURL_GLOBAL_ALL);
	conninfo = testdb_create("e2e_login_role");
	eh_init(conninfo);
	make_login_role();
	tserver_start(&srv, login, NULL);
	Suite *s = suite_create("login_role");
	TCase *tc = tcase_create("login_role");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_role_attributes);
	tcase_add_test(tc, test_serve_as_login_role);
	tcase_add_test(tc, test_role_cannot_escalate);
	tcase_add_test(tc, test_jobs_as_login_role);
	tcase_add_test(tc, test_refused_names);
	tcase_add_test(tc, test_rerun_keeps_password);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	if (tserver_stop(&srv) != 0)
		failed++;
	drop_login_role();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
