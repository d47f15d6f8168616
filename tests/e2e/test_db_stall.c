/* test_db_stall.c — a database that stops answering (issue 12, point 8): the
 * backends of the server's connections are stopped (SIGSTOP), as a database
 * host that hangs or a network that drops every packet would look.  A
 * request on a pooled connection must get 503 with Retry-After within the
 * statement timeout plus a margin (lib/store/deadline.c), not hang for the
 * whole stall; the connection given up is replaced, so the server serves
 * again — even before the stopped backends resume.
 *
 * Only this test database's backends of `wvlv serve` are stopped (never the
 * postmaster: the cluster is shared by the test programs), and every one is
 * continued again before any assertion. */
#include <check.h>
#include <curl/curl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "e2e_helpers.h"
#include "http_client.h"
#include "raw_http.h"
#include "server_proc.h"
#include "testdb.h"

#define STATEMENT_TIMEOUT_MS 1000
/* deadline.c: timeout + 2 s, then 1 s for the cancel; generous for a busy machine */
#define ANSWER_WITHIN_MS     8000

static tserver srv;
static const char *conninfo;
static char dbname[64];

static PGconn *admin(void)
{
	static PGconn *c;
	static pid_t owner;
	if (!c || owner != getpid()) {
		c = eh_pg(getenv("WVLV_TEST_DATABASE_URL"));
		owner = getpid();
	}
	return c;
}

/* Stop (or continue) every backend of the server in this test database;
 * how many. */
static int signal_backends(int sig, int *pids, int max)
{
	const char *p[] = { dbname, NULL };
	PGresult *r = PQexecParams(admin(),
				   "SELECT pid FROM pg_stat_activity WHERE datname = $1"
				   " AND application_name LIKE 'wvlv serve%'",
				   1, NULL, p, NULL, NULL, 0);
	ck_assert_msg(PQresultStatus(r) == PGRES_TUPLES_OK, "%s", PQerrorMessage(admin()));
	int n = 0;
	for (int i = 0; i < PQntuples(r) && n < max; i++) {
		pids[n] = atoi(PQgetvalue(r, i, 0));
		kill(pids[n], sig);
		n++;
	}
	PQclear(r);
	return n;
}

static void continue_all(const int *pids, int n)
{
	for (int i = 0; i < n; i++)
		kill(pids[i], SIGCONT);
}

/* One request with a bounded wait: its response (NULL when none came within
 * timeout_ms), *ms how long it took. */
static rh_resp *timed_request(const char *method, const char *path, const char *body, double *ms,
			      int timeout_ms)
{
	double t0 = rh_now_ms();
	int fd = rh_connect(srv.port, NULL);
	ck_assert_int_ge(fd, 0);
	char *req = NULL;
	if (asprintf(&req,
		     "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s\r\nContent-Type: application/json\r\n"
		     "Content-Length: %zu\r\nConnection: close\r\n\r\n%s",
		     method, path, eh_admin("GM0505"), body ? strlen(body) : 0,
		     body ? body : "") < 0)
		abort();
	ck_assert(rh_send_str(fd, req));
	free(req);
	rh_resp *r = rh_read_response(fd, timeout_ms);
	*ms = rh_now_ms() - t0;
	close(fd);
	return r;
}

static void assert_unavailable(rh_resp *r, double ms, const char *what)
{
	ck_assert_msg(r != NULL, "%s: no answer within %.0f ms", what, ms);
	ck_assert_msg(r->status == 503, "%s: status %d %s", what, r->status, r->body);
	ck_assert_str_eq(rh_header(r, "Content-Type"), "application/problem+json");
	ck_assert_str_eq(rh_header(r, "Retry-After"), "1");
	json_t *j = json_loads(r->body, 0, NULL);
	ck_assert_msg(j != NULL, "not JSON: %s", r->body);
	const char *code = json_string_value(json_object_get(j, "code"));
	ck_assert_msg(code && (!strcmp(code, "database-unavailable") ||
			       !strcmp(code, "statement-timeout")),
		      "%s: code %s", what, code ? code : "(none)");
	json_decref(j);
	ck_assert_msg(ms < ANSWER_WITHIN_MS, "%s: the 503 took %.0f ms", what, ms);
}

static void serves_again(const char *what)
{
	double ms;
	rh_resp *r = timed_request("GET", "/api/v1/designations?limit=1", NULL, &ms, 10000);
	ck_assert_msg(r && r->status == 200, "%s: status %d after %.0f ms", what, r ? r->status : 0,
		      ms);
	rh_free(r);
}

START_TEST(a_request_on_a_stalled_connection_gets_503_within_the_deadline_and_the_server_recovers)
{
	serves_again("before the stall"); /* the pooled connection exists */
	int pids[32];
	int n = signal_backends(SIGSTOP, pids, 32);
	double ms;
	rh_resp *r = timed_request("GET", "/api/v1/designations?limit=1", NULL, &ms, 15000);
	/* while the backends are still stopped: a new connection replaces the one given up */
	double ms2;
	rh_resp *r2 = r ? timed_request("GET", "/api/v1/designations?limit=1", NULL, &ms2, 15000)
			: NULL;
	continue_all(pids, n);
	fprintf(stderr, "stall: %d backends stopped; first request: %d after %.0f ms; "
			"next: %d after %.0f ms\n", n, r ? r->status : 0, ms, r2 ? r2->status : 0,
		r2 ? ms2 : 0);
	ck_assert_int_ge(n, 1);
	assert_unavailable(r, ms, "on the stalled connection");
	ck_assert_msg(ms >= STATEMENT_TIMEOUT_MS, "503 after %.0f ms: before the deadline", ms);
	ck_assert_msg(r2 && r2->status == 200, "the next request: %d after %.0f ms",
		      r2 ? r2->status : 0, ms2);
	rh_free(r);
	rh_free(r2);
	serves_again("after the stall");
}
END_TEST

/* A write on a stalled connection: 503, and nothing was written. */
START_TEST(a_write_during_a_stall_gets_503_and_changes_nothing)
{
	serves_again("before the stall");
	eh_snapshot before;
	eh_snapshot_take(eh_db(), &before);
	static const char body[] =
		"{\"municipalityCode\":\"GM0505\",\"kind\":\"area\",\"name\":\"During a stall\","
		"\"measures\":[\"art8\"],"
		"\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[4.76,51.80],[4.77,51.80],"
		"[4.77,51.81],[4.76,51.81],[4.76,51.80]]]},"
		"\"firstPeriod\":{\"start\":\"2025-01-01\",\"end\":\"2025-12-31\","
		"\"decisionReference\":\"R\"}}";
	int pids[32];
	int n = signal_backends(SIGSTOP, pids, 32);
	double ms;
	rh_resp *r = timed_request("POST", "/api/v1/designations", body, &ms, 15000);
	continue_all(pids, n);
	assert_unavailable(r, ms, "a POST");
	rh_free(r);
	usleep(300 * 1000);
	eh_assert_unchanged(eh_db(), &before);
	serves_again("after the stall");
}
END_TEST

int main(void)
{
	curl_global_init(CURL_GLOBAL_ALL);
	conninfo = testdb_create("wvlv_e2e_db_stall");
	eh_init(conninfo);
	eh_admin("GM0505"); /* made while the database answers */
	PQconninfoOption *opts = PQconninfoParse(conninfo, NULL);
	for (PQconninfoOption *o = opts; o && o->keyword; o++)
		if (strcmp(o->keyword, "dbname") == 0 && o->val)
			snprintf(dbname, sizeof(dbname), "%s", o->val);
	PQconninfoFree(opts);
	static const char *const env[] = { "WVLV_STATEMENT_TIMEOUT_MS=1000", "WVLV_THREADS=1",
					   NULL };
	tserver_start(&srv, conninfo, env);

	Suite *s = suite_create("db stall");
	TCase *tc = tcase_create("stall");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc,
		       a_request_on_a_stalled_connection_gets_503_within_the_deadline_and_the_server_recovers);
	tcase_add_test(tc, a_write_during_a_stall_gets_503_and_changes_nothing);
	suite_add_tcase(s, tc);

	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);

	/* a test that failed half-way must not leave a backend stopped */
	int pids[32];
	PGconn *a = PQconnectdb(getenv("WVLV_TEST_DATABASE_URL"));
	const char *p[] = { dbname, NULL };
	PGresult *r = PQexecParams(a, "SELECT pid FROM pg_stat_activity WHERE datname = $1", 1,
				   NULL, p, NULL, NULL, 0);
	for (int i = 0; PQresultStatus(r) == PGRES_TUPLES_OK && i < PQntuples(r) && i < 32; i++)
		kill(pids[i] = atoi(PQgetvalue(r, i, 0)), SIGCONT);
	PQclear(r);
	PQfinish(a);

	int st = tserver_stop(&srv);
	if (st != 0) {
		fprintf(stderr, "wvlv serve did not stop cleanly (status %d)\n", st);
		failed++;
	}
	return failed ? 1 : 0;
}
