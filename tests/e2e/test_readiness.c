/* test_readiness.c — /readyz and `wvlv serve`'s start against the schema
 * version (issue 13 point 1; openapi.yaml /readyz, README "Command line"):
 * 503 problem+json unless the database answers with exactly the schema this
 * wvlv expects; serve refuses an unmigrated, older or newer schema with one
 * line saying what to run, exit status 3; and serve on the IPv6 loopback. */
#include <arpa/inet.h>
#include <check.h>
#include <curl/curl.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "http_client.h"
#include "server_proc.h"
#include "testdb.h"
#include "wvlv/migrate.h"

static int lines(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void sql(const char *conninfo, const char *stmt)
{
	PGconn *c = PQconnectdb(conninfo);
	ck_assert_msg(PQstatus(c) == CONNECTION_OK, "%s", PQerrorMessage(c));
	PGresult *r = PQexec(c, stmt);
	ck_assert_msg(PQresultStatus(r) == PGRES_COMMAND_OK, "%s: %s", stmt, PQerrorMessage(c));
	PQclear(r);
	PQfinish(c);
}

/* GET /readyz: its status, and for a 503 its problem code and detail. */
static void assert_ready(const tserver *s, long status, const char *code, const char *detail_has)
{
	tresp *r = t_request(s->base, "GET", "/readyz", NULL, NULL);
	ck_assert_msg(r->status == status, "readyz %ld, not %ld: %s", r->status, status, r->body);
	if (code) {
		ck_assert_ptr_nonnull(strstr(t_header(r, "Content-Type"), "application/problem+json"));
		ck_assert_str_eq(t_str(r->json, "code"), code);
		ck_assert_int_eq(t_int(r->json, "status"), 503);
		ck_assert_msg(strstr(t_str(r->json, "detail"), detail_has), "detail: %s",
			      t_str(r->json, "detail"));
	} else {
		ck_assert_str_eq(t_str(r->json, "status"), "ready");
	}
	t_free(r);
}

/* `wvlv serve` on conninfo refuses to start: exit 3, one line on stderr. */
static void assert_serve_refuses(const char *conninfo, const char *line)
{
	trun_out r = trun("serve", "--listen", "127.0.0.1:1", "--database-url", conninfo, NULL);
	ck_assert_msg(r.status == 3, "serve exit %d: %s", r.status, r.err);
	ck_assert_int_eq(lines(r.err), 1);
	ck_assert_str_eq(r.err, line);
	trun_free(&r);
}

/* This binary's schema version: the number of its newest migration (back = 0), or of the
 * one before it (back = 1; the numbers may have gaps, e.g. one taken by another branch). */
static int migration(size_t back)
{
	size_t count = 0;
	const wvlv_migration *list = wvlv_migrations(&count);
	return wvlv_migration_number(list[count - 1 - back].name);
}

static int expected(void)
{
	return migration(0);
}

START_TEST(readyz_follows_the_schema_from_no_database_to_migrated_to_newer)
{
	ck_assert_int_ge(expected(), 11);
	const char *db = testdb_reserve("ready");
	/* the database does not exist yet: serve starts anyway, not ready */
	tserver s;
	tserver_start(&s, db, NULL);
	assert_ready(&s, 503, "database-unavailable", "");

	/* empty: not migrated, and a second serve refuses to start */
	testdb_make_empty(db);
	assert_ready(&s, 503, "not-migrated", "run `wvlv migrate`");
	char line[200];
	snprintf(line, sizeof(line), "wvlv serve: the database has no wvlv schema yet, this wvlv "
		 "expects schema %d: run `wvlv migrate`\n", expected());
	assert_serve_refuses(db, line);

	/* migrated: ready */
	trun_out m = trun("migrate", "--database-url", db, NULL);
	ck_assert_msg(m.status == 0, "%s", m.err);
	trun_free(&m);
	assert_ready(&s, 200, NULL, NULL);

	/* a newer wvlv migrated it further: not ready, and serve refuses */
	sql(db, "INSERT INTO schema_migrations (name, checksum) VALUES ('9000_future', 'x')");
	snprintf(line, sizeof(line), "the database has schema 9000, this wvlv expects %d: "
		 "upgrade wvlv", expected());
	assert_ready(&s, 503, "schema-too-new", line);
	sql(db, "DELETE FROM schema_migrations WHERE name = '9000_future'");
	assert_ready(&s, 200, NULL, NULL);

	/* an older schema: the newest migration missing */
	sql(db, "DELETE FROM schema_migrations WHERE name = (SELECT max(name) FROM schema_migrations)");
	assert_ready(&s, 503, "schema-too-old", "run `wvlv migrate`");
	snprintf(line, sizeof(line), "wvlv serve: the database has schema %d, this wvlv expects %d: "
		 "run `wvlv migrate`\n", migration(1), expected());
	assert_serve_refuses(db, line);
	ck_assert_int_eq(tserver_stop(&s), 0);
}
END_TEST

START_TEST(serve_refuses_a_newer_schema_with_upgrade_wvlv)
{
	const char *db = testdb_create("ready_newer");
	sql(db, "INSERT INTO schema_migrations (name, checksum) VALUES ('9000_future', 'x')");
	trun_out r = trun("serve", "--listen", "127.0.0.1:1", "--database-url", db, NULL);
	ck_assert_msg(r.status == 3, "exit %d: %s", r.status, r.err);
	ck_assert_int_eq(lines(r.err), 1);
	char line[160];
	snprintf(line, sizeof(line), "wvlv serve: the database has schema 9000, this wvlv expects %d: "
		 "upgrade wvlv\n", expected());
	ck_assert_str_eq(r.err, line);
	ck_assert_str_eq(r.out, "");
	trun_free(&r);
}
END_TEST

static bool ipv6_loopback(void)
{
	int fd = socket(AF_INET6, SOCK_STREAM, 0);
	struct sockaddr_in6 sa = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	bool ok = fd >= 0 && bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
	if (fd >= 0)
		close(fd);
	return ok;
}

START_TEST(serve_listens_on_the_ipv6_loopback)
{
	if (!ipv6_loopback()) {
		fprintf(stderr, "SKIPPED serve_listens_on_the_ipv6_loopback: this machine has no "
				"IPv6 loopback ([::1] cannot be bound)\n");
		return;
	}
	const char *db = testdb_create("ready_v6");
	tserver s;
	tserver_start_ipv6(&s, db, NULL);
	ck_assert_ptr_nonnull(strstr(s.base, "http://[::1]:"));
	assert_ready(&s, 200, NULL, NULL);
	tresp *r = t_request(s.base, "GET", "/api/v1/designations", NULL, NULL);
	ck_assert_int_eq(r->status, 401); /* it answered, as the API does without a token */
	t_free(r);
	/* not on IPv4: [::1] is the IPv6 loopback only */
	char v4[64];
	snprintf(v4, sizeof(v4), "http://127.0.0.1:%d", s.port);
	r = t_request(v4, "GET", "/healthz", NULL, NULL);
	ck_assert_int_le(r->status, 0); /* no answer: the connection was refused */
	t_free(r);
	ck_assert_int_eq(tserver_stop(&s), 0);
}
END_TEST

int main(void)
{
	curl_global_init(CURL_GLOBAL_ALL);
	Suite *s = suite_create("readiness");
	TCase *tc = tcase_create("schema");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, readyz_follows_the_schema_from_no_database_to_migrated_to_newer);
	tcase_add_test(tc, serve_refuses_a_newer_schema_with_upgrade_wvlv);
	tcase_add_test(tc, serve_listens_on_the_ipv6_loopback);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
