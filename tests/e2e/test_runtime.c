/* test_runtime.c — `wvlv serve` as an operator sees it: liveness and
 * readiness, headers on every response, a database connection that breaks,
 * a database that goes away and comes back, and a graceful stop
 * (/healthz and /readyz in openapi/openapi.yaml, the README's "Production";
 * issue 2 point 4). */
#include <check.h>
#include <curl/curl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "e2e_helpers.h"
#include "http_client.h"
#include "server_proc.h"
#include "testdb.h"

static tserver srv;
static const char *conninfo;
static char dbname[64];

#define BASE srv.base

static const char VALID_CREATE[] =
	"{\"municipalityCode\":\"GM0505\",\"kind\":\"area\",\"name\":\"Runtime\","
	"\"measures\":[\"art8\"],"
	"\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[4.66,51.80],[4.67,51.80],"
	"[4.67,51.81],[4.66,51.81],[4.66,51.80]]]},"
	"\"firstPeriod\":{\"start\":\"2025-01-01\",\"end\":\"2025-12-31\","
	"\"decisionReference\":\"Stcrt. 2024, 18342\"}}";

/* A superuser connection to the cluster's maintenance database (not the
 * test database, which these tests close and reopen). */
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

static void admin_exec(const char *sql)
{
	PGresult *r = PQexec(admin(), sql);
	ck_assert_msg(PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK,
		      "%s: %s", sql, PQerrorMessage(admin()));
	PQclear(r);
}

static void allow_connections(bool allow)
{
	char sql[160];
	snprintf(sql, sizeof(sql), "ALTER DATABASE \"%s\" ALLOW_CONNECTIONS %s", dbname,
		 allow ? "true" : "false");
	admin_exec(sql);
}

static long server_backends(void)
{
	const char *p[] = { dbname, NULL };
	return eh_pg_long(admin(), "SELECT count(*) FROM pg_stat_activity WHERE datname = $1"
				   " AND application_name = 'wvlv serve'", p);
}

/* Terminate every backend of the server (waiting until each is gone);
 * returns how many there were. */
static long kill_server_backends(void)
{
	const char *p[] = { dbname, NULL };
	return eh_pg_long(admin(),
			  "SELECT count(pg_terminate_backend(pid, 5000)) FROM pg_stat_activity"
			  " WHERE datname = $1 AND application_name = 'wvlv serve'", p);
}

static void assert_headers(tresp *r, const char *what)
{
	const char *v = t_header(r, "API-Version");
	ck_assert_msg(v != NULL, "%s: no API-Version", what);
	ck_assert_str_eq(v, WVLV_API_VERSION);
	const char *id = t_header(r, "X-Request-Id");
	ck_assert_msg(id != NULL && *id, "%s: no X-Request-Id", what);
}

/* explicit tokens: nothing is looked up in the database while it is away */
static void assert_503(const char *method, const char *path, const char *body)
{
	const char *h[] = { eh_admin("GM0505"), NULL };
	tresp *r = eh_request(BASE, method, path, body, h);
	eh_assert_problem(r, 503, "database-unavailable", path);
	assert_headers(r, path);
	t_free(r);
}

/* ============================ probes ============================ */

START_TEST(healthz_answers_200_ok)
{
	tresp *r = eh_request(BASE, "GET", "/healthz", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert_str_eq(t_header(r, "Content-Type"), "application/json");
	ck_assert_str_eq(t_str(r->json, "status"), "ok");
	assert_headers(r, "/healthz");
	t_free(r);
}
END_TEST

START_TEST(readyz_answers_200_with_the_database_up)
{
	tresp *r = eh_request(BASE, "GET", "/readyz", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert_str_eq(t_str(r->json, "status"), "ready");
	ck_assert_str_eq(t_str(r->json, "database"), "ok");
	assert_headers(r, "/readyz");
	t_free(r);
}
END_TEST

/* ============================ headers ============================ */

START_TEST(every_response_carries_api_version_and_a_request_id)
{
	static const struct {
		const char *method, *path, *body, *header;
		long status;
	} reqs[] = {
		{ "GET", "/healthz", NULL, NULL, 200 },
		{ "GET", "/readyz", NULL, NULL, 200 },
		{ "GET", "/api/v1/openapi.json", NULL, NULL, 200 },
		{ "GET", "/api/v1/designations", NULL, NULL, 200 },
		{ "GET", "/api/v1/designations", NULL, "Authorization:", 401 },
		{ "POST", "/api/v1/designations", VALID_CREATE, "Authorization: Bearer x", 401 },
		{ "POST", "/api/v1/designations", VALID_CREATE, NULL, 201 },
		{ "GET", "/api/v1/designations?limit=0", NULL, NULL, 400 },
		{ "GET", "/api/v1/designations/42", NULL, NULL, 400 },
		{ "POST", "/api/v1/designations", "{", NULL, 400 },
		{ "GET", "/api/v1/designations/0b7c3f4e-5d21-4a8e-9c6f-2e1d7a9b4c30", NULL, NULL, 404 },
		{ "GET", "/nowhere", NULL, NULL, 404 },
		{ "DELETE", "/api/v1/designations", NULL, NULL, 405 },
		{ "POST", "/api/v1/designations", "{}", "Content-Type: text/plain", 415 },
		{ "POST", "/api/v1/designations", "{}", NULL, 422 },
	};
	char ids[sizeof(reqs) / sizeof(reqs[0])][48];
	for (size_t i = 0; i < sizeof(reqs) / sizeof(reqs[0]); i++) {
		const char *h[] = { reqs[i].header, NULL };
		tresp *r = eh_request(BASE, reqs[i].method, reqs[i].path, reqs[i].body, h);
		char what[128];
		snprintf(what, sizeof(what), "%s %s", reqs[i].method, reqs[i].path);
		ck_assert_msg(r->status == reqs[i].status, "%s: %ld", what, r->status);
		assert_headers(r, what);
		snprintf(ids[i], sizeof(ids[i]), "%s", t_header(r, "X-Request-Id"));
		ck_assert_msg(strspn(ids[i], "0123456789abcdef") == strlen(ids[i]), "%s: %s", what,
			      ids[i]);
		for (size_t j = 0; j < i; j++)
			ck_assert_str_ne(ids[i], ids[j]);
		t_free(r);
	}
	/* 413 too */
	size_t big = 70000;
	char *b = malloc(big + 1);
	memset(b, ' ', big);
	b[0] = '{';
	b[big - 1] = '}';
	b[big] = '\0';
	tresp *r = eh_request(BASE, "POST",
			     "/api/v1/designations/0b7c3f4e-5d21-4a8e-9c6f-2e1d7a9b4c30/withdrawal", b,
			     NULL);
	ck_assert_int_eq(r->status, 413);
	assert_headers(r, "413");
	t_free(r);
	free(b);
}
END_TEST

/* The server answers its own request id, never the client's (which is only
 * logged, as clientRequestId, when well-formed: issue 12 point 10). */
START_TEST(a_client_request_id_is_not_the_servers)
{
	tresp *r = eh_request(BASE, "GET", "/healthz", NULL,
			     (const char *[]){ "X-Request-Id: 6f1c0a9e-2b4d-8e7f", NULL });
	ck_assert_str_ne(t_header(r, "X-Request-Id"), "6f1c0a9e-2b4d-8e7f");
	ck_assert_uint_eq(strlen(t_header(r, "X-Request-Id")), 24);
	t_free(r);
	r = eh_request(BASE, "GET", "/healthz", NULL,
		      (const char *[]){ "X-Request-Id: <script>alert(1)</script>", NULL });
	ck_assert_str_ne(t_header(r, "X-Request-Id"), "<script>alert(1)</script>");
	ck_assert_int_gt(strlen(t_header(r, "X-Request-Id")), 0);
	t_free(r);
}
END_TEST

START_TEST(public_url_is_the_base_of_locations_and_links)
{
	tserver s;
	static const char *const env[] = { "WVLV_PUBLIC_URL=https://wvlv.example.nl/", NULL };
	tserver_start(&s, conninfo, env);
	tresp *r = eh_request(s.base, "POST", "/api/v1/designations", VALID_CREATE, NULL);
	ck_assert_int_eq(r->status, 201);
	char want[160];
	snprintf(want, sizeof(want), "https://wvlv.example.nl/api/v1/designations/%s",
		 t_str(r->json, "id"));
	ck_assert_str_eq(t_header(r, "Location"), want);
	t_free(r);
	r = eh_request(s.base, "GET", "/api/v1/designations?limit=1", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert_str_eq(eh_link(r, "self"),
			 "https://wvlv.example.nl/api/v1/designations?limit=1&offset=0");
	t_free(r);
	ck_assert_int_eq(tserver_stop(&s), 0);
}
END_TEST

/* ============================ the database ============================ */

START_TEST(a_killed_database_connection_is_reset_and_the_next_request_succeeds)
{
	tresp *r = eh_request(BASE, "GET", "/api/v1/designations", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	t_free(r);
	ck_assert_int_ge(server_backends(), 1);
	ck_assert_int_ge(kill_server_backends(), 1);
	ck_assert_int_eq(server_backends(), 0);

	r = eh_request(BASE, "GET", "/api/v1/designations", NULL, NULL);
	ck_assert_msg(r->status == 200, "after the kill: %ld %s", r->status, r->body);
	t_free(r);
	ck_assert_int_ge(server_backends(), 1);

	/* writes work on the new connection as well */
	kill_server_backends();
	r = eh_request(BASE, "POST", "/api/v1/designations", VALID_CREATE, NULL);
	ck_assert_msg(r->status == 201, "after the kill: %ld %s", r->status, r->body);
	t_free(r);
	kill_server_backends();
	r = eh_request(BASE, "GET", "/readyz", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	t_free(r);
}
END_TEST

START_TEST(while_the_database_is_unavailable_requests_get_503_and_then_recover)
{
	tresp *c = eh_request(BASE, "POST", "/api/v1/designations", VALID_CREATE, NULL);
	ck_assert_int_eq(c->status, 201);
	char path[96];
	snprintf(path, sizeof(path), "/api/v1/designations/%s", t_str(c->json, "id"));
	t_free(c);

	allow_connections(false);
	kill_server_backends();
	assert_503("GET", "/readyz", NULL);
	assert_503("GET", "/api/v1/designations", NULL);
	assert_503("GET", path, NULL);
	assert_503("POST", "/api/v1/designations", VALID_CREATE);
	/* liveness does not depend on the database */
	tresp *r = eh_request(BASE, "GET", "/healthz", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	t_free(r);

	allow_connections(true);
	r = eh_request(BASE, "GET", "/readyz", NULL, NULL);
	ck_assert_msg(r->status == 200, "readyz after recovery: %ld %s", r->status, r->body);
	t_free(r);
	r = eh_request(BASE, "GET", "/api/v1/designations", NULL, NULL);
	ck_assert_msg(r->status == 200, "list after recovery: %ld %s", r->status, r->body);
	t_free(r);
	r = eh_request(BASE, "GET", path, NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	t_free(r);
}
END_TEST

START_TEST(nothing_is_written_while_the_database_is_unavailable)
{
	PGconn *d = eh_pg(conninfo);
	eh_snapshot before;
	eh_snapshot_take(d, &before);
	PQfinish(d);
	allow_connections(false);
	kill_server_backends();
	static const char body[] =
		"{\"municipalityCode\":\"GM0505\",\"kind\":\"area\",\"name\":\"While down\","
		"\"measures\":[\"art8\"],"
		"\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[4.76,51.80],[4.77,51.80],"
		"[4.77,51.81],[4.76,51.81],[4.76,51.80]]]},"
		"\"firstPeriod\":{\"start\":\"2025-01-01\",\"end\":\"2025-12-31\","
		"\"decisionReference\":\"R\"}}";
	tresp *r = eh_request(BASE, "POST", "/api/v1/designations", body,
			     (const char *[]){ "Idempotency-Key: while-down-1", NULL });
	eh_assert_problem(r, 503, "database-unavailable", "/api/v1/designations");
	t_free(r);
	allow_connections(true);
	d = eh_pg(conninfo);
	eh_assert_unchanged(d, &before);
	PQfinish(d);
	/* the same key after recovery creates the row: nothing was remembered */
	r = eh_request(BASE, "POST", "/api/v1/designations", body,
		      (const char *[]){ "Idempotency-Key: while-down-1", NULL });
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	ck_assert_ptr_null(t_header(r, "Idempotent-Replayed"));
	t_free(r);
}
END_TEST

/* ============================ stopping ============================ */

START_TEST(sigterm_stops_the_server_with_status_0)
{
	tserver s;
	tserver_start(&s, conninfo, NULL);
	tresp *r = eh_request(s.base, "GET", "/api/v1/designations", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	t_free(r);
	ck_assert_int_eq(tserver_stop(&s), 0);
	/* and it no longer answers */
	r = eh_request(s.base, "GET", "/healthz", NULL, NULL);
	ck_assert_int_eq(r->status, -1);
	t_free(r);
}
END_TEST

START_TEST(sigint_stops_the_server_with_status_0)
{
	tserver s;
	tserver_start(&s, conninfo, NULL);
	tresp *r = eh_request(s.base, "GET", "/readyz", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	t_free(r);
	kill(s.pid, SIGINT);
	int status = 0;
	ck_assert_int_eq(waitpid(s.pid, &status, 0), s.pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %d", status);
}
END_TEST

/* A request that is being uploaded when SIGTERM arrives is finished. */
typedef struct slow_upload {
	const char *base;
	const char *auth;
	const char *p;
	size_t left;
	long status;
	int started;
} slow_upload;

static size_t slow_read(char *buf, size_t size, size_t nmemb, void *ud)
{
	slow_upload *u = ud;
	__atomic_store_n(&u->started, 1, __ATOMIC_SEQ_CST);
	usleep(100 * 1000);
	size_t n = size * nmemb < u->left ? size * nmemb : u->left;
	if (n > 60)
		n = 60;
	memcpy(buf, u->p, n);
	u->p += n;
	u->left -= n;
	return n;
}

static size_t discard(char *p, size_t s, size_t n, void *ud)
{
	(void)p;
	(void)ud;
	return s * n;
}

static void *slow_post(void *arg)
{
	slow_upload *u = arg;
	CURL *c = curl_easy_init();
	char url[128];
	snprintf(url, sizeof(url), "%s/api/v1/designations", u->base);
	struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
	h = curl_slist_append(h, u->auth);
	h = curl_slist_append(h, "Expect:");
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_POST, 1L);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)u->left);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, slow_read);
	curl_easy_setopt(c, CURLOPT_READDATA, u);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &u->status);
	else
		u->status = -1;
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	return NULL;
}

START_TEST(sigterm_finishes_the_request_in_flight)
{
	tserver s;
	tserver_start(&s, conninfo, NULL);
	static const char body[] =
		"{\"municipalityCode\":\"GM0505\",\"kind\":\"area\",\"name\":\"In flight\","
		"\"measures\":[\"art8\"],"
		"\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[4.86,51.80],[4.87,51.80],"
		"[4.87,51.81],[4.86,51.81],[4.86,51.80]]]},"
		"\"firstPeriod\":{\"start\":\"2025-01-01\",\"end\":\"2025-12-31\","
		"\"decisionReference\":\"R\"}}";
	slow_upload u = { .base = s.base, .auth = eh_admin("GM0505"), .p = body,
			  .left = strlen(body) };
	pthread_t t;
	ck_assert_int_eq(pthread_create(&t, NULL, slow_post, &u), 0);
	while (!__atomic_load_n(&u.started, __ATOMIC_SEQ_CST))
		usleep(10 * 1000);
	usleep(300 * 1000); /* the body is partly sent */
	ck_assert_int_eq(tserver_stop(&s), 0);
	pthread_join(t, NULL);
	ck_assert_int_eq(u.status, 201);
	PGconn *d = eh_pg(conninfo);
	ck_assert_int_eq(eh_pg_long(d, "SELECT count(*) FROM designations WHERE name = 'In flight'",
				    NULL), 1);
	PQfinish(d);
}
END_TEST

/* ================================================================ */

int main(void)
{
	curl_global_init(CURL_GLOBAL_ALL); /* before any thread uses libcurl */
	conninfo = testdb_create("wvlv_e2e_runtime");
	eh_init(conninfo);
	/* the tokens every test uses, made while the database is up */
	eh_admin("GM0505");
	eh_national();
	PQconninfoOption *opts = PQconninfoParse(conninfo, NULL);
	for (PQconninfoOption *o = opts; o && o->keyword; o++)
		if (strcmp(o->keyword, "dbname") == 0 && o->val)
			snprintf(dbname, sizeof(dbname), "%s", o->val);
	PQconninfoFree(opts);
	tserver_start(&srv, conninfo, NULL);

	Suite *s = suite_create("runtime");
	TCase *tc = tcase_create("probes");
	tcase_add_test(tc, healthz_answers_200_ok);
	tcase_add_test(tc, readyz_answers_200_with_the_database_up);
	suite_add_tcase(s, tc);

	tc = tcase_create("headers");
	tcase_add_test(tc, every_response_carries_api_version_and_a_request_id);
	tcase_add_test(tc, a_client_request_id_is_not_the_servers);
	tcase_add_test(tc, public_url_is_the_base_of_locations_and_links);
	suite_add_tcase(s, tc);

	tc = tcase_create("database");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, a_killed_database_connection_is_reset_and_the_next_request_succeeds);
	tcase_add_test(tc, while_the_database_is_unavailable_requests_get_503_and_then_recover);
	tcase_add_test(tc, nothing_is_written_while_the_database_is_unavailable);
	suite_add_tcase(s, tc);

	tc = tcase_create("stopping");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, sigterm_stops_the_server_with_status_0);
	tcase_add_test(tc, sigint_stops_the_server_with_status_0);
	tcase_add_test(tc, sigterm_finishes_the_request_in_flight);
	suite_add_tcase(s, tc);

	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);

	/* a test that failed half-way must not leave the database closed */
	PGconn *a = PQconnectdb(getenv("WVLV_TEST_DATABASE_URL"));
	char sql[160];
	snprintf(sql, sizeof(sql), "ALTER DATABASE \"%s\" ALLOW_CONNECTIONS true", dbname);
	PQclear(PQexec(a, sql));
	PQfinish(a);

	int stop = tserver_stop(&srv);
	if (stop != 0) {
		fprintf(stderr, "wvlv serve did not stop cleanly on SIGTERM (status %d)\n", stop);
		failed++;
	}
	return failed ? 1 : 0;
}
