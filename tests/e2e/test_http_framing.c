/* test_http_framing.c — what is refused before any route sees a request
 * (server/framing.h), HEAD, and what an Idempotency-Key is tied to (issue 12
 * points 4-7): the Host header validated and never stored in a replayed
 * Location; the query in the request hash; query and Idempotency-Key bytes
 * checked as UTF-8; numbers out of the 64-bit range named; one
 * Content-Length; a Host on HTTP/1.1; too many query parameters answered;
 * HEAD on every GET route and 405 with Allow for other methods.
 *
 * Raw-socket tests read the whole answer until the server closes and check
 * that exactly one status line came, with the problem body after it. */
#include <check.h>
#include <curl/curl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "e2e_helpers.h"
#include "framing.h"
#include "gate.h"
#include "http.h"
#include "http_client.h"
#include "raw_http.h"
#include "server_proc.h"
#include "testdb.h"

static tserver srv;
static const char *conninfo;

#define BASE srv.base

/* ---- raw requests -------------------------------------------------------------- */

/* Send req (which asks Connection: close) and read all the server sends
 * until it closes (at most 10 s); malloc'd, NUL-terminated. */
static char *raw_all(const char *req, size_t req_len)
{
	int fd = rh_connect(srv.port, NULL);
	ck_assert_int_ge(fd, 0);
	ck_assert(rh_send(fd, req, req_len));
	size_t cap = 1 << 16, len = 0;
	char *out = malloc(cap + 1);
	double until = rh_now_ms() + 10000;
	while (rh_now_ms() < until && len < cap) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		if (poll(&p, 1, 200) <= 0)
			continue;
		ssize_t n = read(fd, out + len, cap - len);
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	out[len] = '\0';
	return out;
}

static char *raw_str(const char *req)
{
	return raw_all(req, strlen(req));
}

/* Status lines: "HTTP/1." at the start or after a CRLF. */
static int status_lines(const char *all)
{
	int n = strncmp(all, "HTTP/1.", 7) == 0;
	for (const char *p = all; (p = strstr(p, "\r\nHTTP/1.")); p += 2)
		n++;
	return n;
}

/* Exactly one status line, the one expected, and a problem with code. */
static void assert_one_problem(const char *all, const char *status_line, const char *code)
{
	ck_assert_msg(status_lines(all) == 1, "not one status line:\n%s", all);
	ck_assert_msg(strncmp(all, status_line, strlen(status_line)) == 0, "expected %s:\n%s",
		      status_line, all);
	ck_assert_msg(strstr(all, "Content-Type: application/problem+json"), "%s", all);
	char c[96];
	snprintf(c, sizeof(c), "\"code\":\"%s\"", code);
	ck_assert_msg(strstr(all, c), "no %s in:\n%s", c, all);
}

/* ---- point 4: Host -------------------------------------------------------------- */

START_TEST(a_host_with_userinfo_path_or_space_is_400_invalid_host)
{
	static const char *const bad[] = { "a@evil.example", "evil.example/x", "a b",
					   "evil.example:80/x", ":80", "evil.example:port",
					   "[::1", "x\"y", "a%40b" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char req[256];
		snprintf(req, sizeof(req),
			 "GET /healthz HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", bad[i]);
		char *all = raw_str(req);
		assert_one_problem(all, "HTTP/1.1 400", "invalid-host");
		ck_assert_msg(strstr(all, "\"name\":\"Host\""), "%s", all);
		free(all);
	}
}
END_TEST

START_TEST(a_host_name_ipv4_or_ipv6_literal_with_a_port_is_accepted)
{
	static const char *const good[] = { "wvlv.example.nl", "127.0.0.1:8080", "[::1]:8080",
					    "[2001:db8::1]", "localhost" };
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		char req[256];
		snprintf(req, sizeof(req),
			 "GET /healthz HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", good[i]);
		char *all = raw_str(req);
		ck_assert_msg(strncmp(all, "HTTP/1.1 200", 12) == 0, "%s: %s", good[i], all);
		free(all);
	}
}
END_TEST

/* The first request of a key came with Host: evil.example; an honest retry
 * must get its own base in the Location, and the stored answer has none. */
START_TEST(a_replayed_location_is_built_from_the_replaying_request_not_the_first_host)
{
	char *g = eh_square(5.70, 52.70, 0.001);
	char *b = eh_create_body("GM0505", "Host replay", g, "2020-01-01", "2020-12-31");
	const char *h1[] = { "Idempotency-Key: host-replay-1", "Host: evil.example", NULL };
	const char *h2[] = { "Idempotency-Key: host-replay-1", NULL };
	tresp *r1 = eh_request(BASE, "POST", "/api/v1/designations", b, h1);
	ck_assert_int_eq(r1->status, 201);
	const char *id = t_str(r1->json, "id");
	char want[160];
	snprintf(want, sizeof(want), "http://evil.example/api/v1/designations/%s", id);
	ck_assert_str_eq(t_header(r1, "Location"), want); /* its own answer: its own Host */
	tresp *r2 = eh_request(BASE, "POST", "/api/v1/designations", b, h2);
	ck_assert_int_eq(r2->status, 201);
	ck_assert_str_eq(t_header(r2, "Idempotent-Replayed"), "true");
	snprintf(want, sizeof(want), "%s/api/v1/designations/%s", BASE, id);
	ck_assert_str_eq(t_header(r2, "Location"), want);
	const char *params[] = { "host-replay-1", NULL };
	char *stored = eh_pg_value(eh_db(),
				   "SELECT headers::text FROM idempotency_keys WHERE key = $1", params);
	ck_assert_msg(!strstr(stored, "evil"), "stored: %s", stored);
	snprintf(want, sizeof(want), "\"/api/v1/designations/%s\"", id);
	ck_assert_msg(strstr(stored, want), "stored: %s", stored);
	free(stored);
	t_free(r1);
	t_free(r2);
	free(b);
	free(g);
}
END_TEST

/* ---- point 5: the query in the request hash ----------------------------------- */

START_TEST(the_same_key_with_another_query_is_422_idempotency_key_reused)
{
	char *g = eh_square(5.71, 52.70, 0.001);
	char *b = eh_create_body("GM0505", "Query replay", g, "2020-01-01", "2020-12-31");
	const char *h[] = { "Idempotency-Key: query-replay-1", NULL };
	tresp *r1 = eh_request(BASE, "POST", "/api/v1/designations?" EH_Q_CRS84, b, h);
	ck_assert_int_eq(r1->status, 201);
	tresp *r2 = eh_request(BASE, "POST", "/api/v1/designations?" EH_Q_CRS84, b, h);
	ck_assert_int_eq(r2->status, 201);
	ck_assert_str_eq(t_header(r2, "Idempotent-Replayed"), "true");
	eh_snapshot before;
	eh_snapshot_take(eh_db(), &before);
	tresp *r3 = eh_request(BASE, "POST", "/api/v1/designations?" EH_Q_RD, b, h);
	eh_assert_problem(r3, 422, "idempotency-key-reused", "/api/v1/designations");
	tresp *r4 = eh_request(BASE, "POST", "/api/v1/designations", b, h);
	eh_assert_problem(r4, 422, "idempotency-key-reused", "/api/v1/designations");
	eh_assert_unchanged(eh_db(), &before);
	t_free(r1);
	t_free(r2);
	t_free(r3);
	t_free(r4);
	free(b);
	free(g);
}
END_TEST

/* ---- point 6: bytes and numbers ------------------------------------------------ */

START_TEST(a_query_parameter_that_is_not_utf8_is_400_invalid_encoding_naming_it)
{
	tresp *r = eh_request(BASE, "GET", "/api/v1/designations?municipality=GM%FF05", NULL, NULL);
	eh_assert_problem(r, 400, "invalid-encoding", "/api/v1/designations");
	eh_assert_param(r, "municipality", "invalid-encoding");
	t_free(r);
	r = eh_request(BASE, "GET", "/ogc/v1/collections/designations/items?bbox=%C0%AF", NULL,
		       NULL);
	eh_assert_problem(r, 400, "invalid-encoding", "/ogc/v1/collections/designations/items");
	eh_assert_param(r, "bbox", "invalid-encoding");
	t_free(r);
	r = eh_request(BASE, "GET", "/api/v1/designations?municipality=GM%0005", NULL, NULL);
	eh_assert_problem(r, 400, "invalid-encoding", "/api/v1/designations");
	eh_assert_param(r, "municipality", "invalid-encoding"); /* a NUL byte: no text */
	t_free(r);
}
END_TEST

START_TEST(an_idempotency_key_that_is_not_utf8_is_400_and_changes_nothing)
{
	char *g = eh_square(5.72, 52.70, 0.001);
	char *b = eh_create_body("GM0505", "Key bytes", g, "2020-01-01", "2020-12-31");
	const char *h[] = { "Idempotency-Key: key-\xff\xfe", NULL };
	eh_snapshot before;
	eh_snapshot_take(eh_db(), &before);
	tresp *r = eh_request(BASE, "POST", "/api/v1/designations", b, h);
	eh_assert_problem(r, 400, "invalid-encoding", "/api/v1/designations");
	eh_assert_param(r, "Idempotency-Key", "invalid-encoding");
	eh_assert_unchanged(eh_db(), &before);
	t_free(r);
	free(b);
	free(g);
}
END_TEST

/* body with its first `from` replaced by `to` (jansson cannot write such
 * numbers, so the text is edited); malloc'd. */
static char *replaced(const char *body, const char *from, const char *to)
{
	const char *at = strstr(body, from);
	ck_assert_ptr_nonnull(at);
	char *out = malloc(strlen(body) + strlen(to) + 1);
	sprintf(out, "%.*s%s%s", (int)(at - body), body, to, at + strlen(from));
	return out;
}

START_TEST(an_integer_past_2_63_is_422_naming_the_member)
{
	char *g = eh_square(5.73, 52.70, 0.001);
	char *b = eh_create_body("GM0505", "Big number", g, "2020-01-01", "2020-12-31");
	char *b1 = replaced(b, "\"Big number\"", "9223372036854775808");
	char *b2 = replaced(b, "\"2020-01-01\"", "-99999999999999999999999");
	eh_snapshot before;
	eh_snapshot_take(eh_db(), &before);
	tresp *r = eh_request(BASE, "POST", "/api/v1/designations", b1, NULL);
	eh_assert_problem(r, 422, "invalid-input", "/api/v1/designations");
	eh_assert_param(r, "name", "out-of-range");
	t_free(r);
	r = eh_request(BASE, "POST", "/api/v1/designations", b2, NULL);
	eh_assert_problem(r, 422, "invalid-input", "/api/v1/designations");
	eh_assert_param(r, "firstPeriod.start", "out-of-range");
	t_free(r);
	eh_assert_unchanged(eh_db(), &before);
	/* the largest 64-bit integer parses: the member is then only the wrong type */
	char *b3 = replaced(b, "\"Big number\"", "9223372036854775807");
	r = eh_request(BASE, "POST", "/api/v1/designations", b3, NULL);
	ck_assert_int_eq(r->status, 422);
	ck_assert_ptr_null(eh_param(r, "name", "out-of-range"));
	t_free(r);
	free(b1);
	free(b2);
	free(b3);
	free(b);
	free(g);
}
END_TEST

/* ---- point 7: framing ------------------------------------------------------------ */

START_TEST(two_content_length_headers_are_400_and_nothing_is_written)
{
	eh_snapshot before;
	eh_snapshot_take(eh_db(), &before);
	char req[512];
	snprintf(req, sizeof(req),
		 "POST /api/v1/designations HTTP/1.1\r\nHost: 127.0.0.1\r\n%s\r\n"
		 "Content-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 40\r\n"
		 "Connection: close\r\n\r\n{}",
		 eh_admin("GM0505"));
	char *all = raw_str(req);
	assert_one_problem(all, "HTTP/1.1 400", "invalid-content-length");
	free(all);
	snprintf(req, sizeof(req),
		 "POST /api/v1/designations HTTP/1.1\r\nHost: 127.0.0.1\r\n%s\r\n"
		 "Content-Type: application/json\r\nContent-Length: 2\r\n"
		 "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
		 eh_admin("GM0505"));
	all = raw_str(req);
	assert_one_problem(all, "HTTP/1.1 400", "invalid-content-length");
	free(all);
	eh_assert_unchanged(eh_db(), &before);
}
END_TEST

/* A negative, malformed or overflowing Content-Length: libmicrohttpd 0.9.75
 * would refuse it itself (its own HTML, status line and headers written
 * twice); the gate (server/gate.c) reads the head first and answers one
 * problem.  Nothing is written. */
START_TEST(a_negative_or_overflowing_content_length_is_one_problem_and_writes_nothing)
{
	eh_snapshot before;
	eh_snapshot_take(eh_db(), &before);
	static const char *const cl[] = { "-1", "-5", "2 ", "+2", "0x2",
					  "99999999999999999999999", "18446744073709551616" };
	for (int i = 0; i < 7; i++) {
		char req[512];
		snprintf(req, sizeof(req),
			 "POST /api/v1/designations HTTP/1.1\r\nHost: 127.0.0.1\r\n%s\r\n"
			 "Content-Type: application/json\r\nContent-Length: %s\r\n\r\n{}",
			 eh_admin("GM0505"), cl[i]);
		char *all = raw_str(req); /* returns when the server closes */
		if (i < 5)
			assert_one_problem(all, "HTTP/1.1 400", "invalid-content-length");
		else
			assert_one_problem(all, "HTTP/1.1 413", "body-too-large");
		ck_assert_msg(strstr(all, "\"instance\":\"/api/v1/designations\""), "%s", all);
		free(all);
	}
	eh_assert_unchanged(eh_db(), &before);
}
END_TEST

/* A request line or header block too long for libmicrohttpd's memory used to
 * get its HTML 414/431; now one problem each, and a head just under the limit
 * is served. */
START_TEST(a_too_long_uri_or_header_block_is_one_problem_414_or_431)
{
	size_t big = GATE_HEAD_MAX + 100;
	char *req = malloc(big + 256);
	snprintf(req, big + 256, "GET /healthz?a=%0*d HTTP/1.1\r\nHost: 127.0.0.1\r\n"
		 "Connection: close\r\n\r\n", (int)big, 0);
	char *all = raw_str(req);
	assert_one_problem(all, "HTTP/1.1 414", "uri-too-long");
	free(all);
	snprintf(req, big + 256, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: %0*d\r\n"
		 "Connection: close\r\n\r\n", (int)big, 0);
	all = raw_str(req);
	assert_one_problem(all, "HTTP/1.1 431", "headers-too-large");
	free(all);
	size_t len = (size_t)sprintf(req, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n");
	for (int i = 0; i <= GATE_MAX_LINES; i++)
		len += (size_t)sprintf(req + len, "X-A: b\r\n");
	sprintf(req + len, "\r\n");
	all = raw_str(req);
	assert_one_problem(all, "HTTP/1.1 431", "headers-too-large");
	free(all);
	snprintf(req, big + 256, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: %0*d\r\n"
		 "Connection: close\r\n\r\n", GATE_HEAD_MAX - 200, 0);
	all = raw_str(req);
	ck_assert_msg(strncmp(all, "HTTP/1.1 200", 12) == 0 && status_lines(all) == 1, "%.200s", all);
	free(all);
	free(req);
}
END_TEST

START_TEST(http_1_1_without_host_is_400_and_http_1_0_without_host_is_served)
{
	char *all = raw_str("GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n");
	assert_one_problem(all, "HTTP/1.1 400", "missing-host");
	free(all);
	all = raw_str("GET /healthz HTTP/1.0\r\n\r\n");
	ck_assert_msg(strncmp(all, "HTTP/1.1 200", 12) == 0, "%s", all);
	free(all);
}
END_TEST

static char *query_of(int n)
{
	char *q = malloc((size_t)n * 12 + 1);
	size_t len = 0;
	for (int i = 0; i < n; i++)
		len += (size_t)sprintf(q + len, "%sp%d=1", i ? "&" : "", i);
	return q;
}

START_TEST(a_thousand_query_parameters_are_answered_400_too_many_parameters)
{
	char *q = query_of(1000);
	char *req = malloc(strlen(q) + 128);
	sprintf(req, "GET /api/v1/deadline-calculator?%s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
		     "Connection: close\r\n\r\n", q);
	char *all = raw_str(req);
	assert_one_problem(all, "HTTP/1.1 400", "too-many-parameters");
	free(all);
	free(req);
	free(q);
	/* at the limit they are parsed (and the calculator names what it lacks) */
	q = query_of(FRAMING_MAX_QUERY_PARAMS);
	char path[2048];
	snprintf(path, sizeof(path), "/healthz?%s", q);
	tresp *r = t_request(BASE, "GET", path, NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	t_free(r);
	free(q);
}
END_TEST

/* Every GET route answers HEAD with the GET's headers and no body: never 405. */
START_TEST(head_is_answered_on_every_get_route_without_a_body)
{
	int n = 0;
	for (size_t i = 0; i < http_nroutes; i++) {
		if (strcmp(http_routes[i].method, "GET") != 0)
			continue;
		char path[160];
		const char *pat = http_routes[i].pattern, *brace = strchr(pat, '{');
		if (brace)
			snprintf(path, sizeof(path), "%.*s%s%s", (int)(brace - pat), pat,
				 strchr(pat, '}')[1] == '\0' ? "2024-01-01" : "x",
				 strchr(pat, '}') + 1);
		else
			snprintf(path, sizeof(path), "%s", pat);
		char req[1024];
		snprintf(req, sizeof(req),
			 "HEAD %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s\r\nConnection: close\r\n\r\n",
			 path, eh_national_admin());
		char *all = raw_str(req);
		ck_assert_msg(status_lines(all) == 1, "%s:\n%s", path, all);
		ck_assert_msg(strncmp(all, "HTTP/1.1 405", 12) != 0, "HEAD %s: %s", path, all);
		const char *end = strstr(all, "\r\n\r\n");
		ck_assert_msg(end && end[4] == '\0', "HEAD %s sent a body:\n%s", path, all);
		free(all);
		n++;
	}
	ck_assert_int_ge(n, 15);
	/* the same headers as GET */
	char *head = raw_str("HEAD /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
	ck_assert_msg(strncmp(head, "HTTP/1.1 200", 12) == 0, "%s", head);
	ck_assert_msg(strstr(head, "Content-Type: application/json\r\n"), "%s", head);
	ck_assert_msg(strstr(head, "Content-Length: 15\r\n"), "%s", head);
	free(head);
}
END_TEST

START_TEST(other_methods_are_405_with_an_allow_that_lists_head)
{
	char *all = raw_str("PUT /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
			    "Content-Length: 0\r\n\r\n");
	assert_one_problem(all, "HTTP/1.1 405", "method-not-allowed");
	ck_assert_msg(strstr(all, "Allow: GET, HEAD, OPTIONS\r\n"), "%s", all);
	free(all);
	all = raw_str("BREW /api/v1/designations HTTP/1.1\r\nHost: 127.0.0.1\r\n"
		      "Connection: close\r\n\r\n");
	assert_one_problem(all, "HTTP/1.1 405", "method-not-allowed");
	ck_assert_msg(strstr(all, "Allow: GET, HEAD, POST, OPTIONS\r\n"), "%s", all);
	free(all);
}
END_TEST

int main(void)
{
	curl_global_init(CURL_GLOBAL_ALL);
	conninfo = testdb_create("wvlv_e2e_http_framing");
	eh_init(conninfo);
	tserver_start(&srv, conninfo, NULL);

	Suite *s = suite_create("http_framing");
	TCase *tc = tcase_create("host");
	tcase_add_test(tc, a_host_with_userinfo_path_or_space_is_400_invalid_host);
	tcase_add_test(tc, a_host_name_ipv4_or_ipv6_literal_with_a_port_is_accepted);
	tcase_add_test(tc, a_replayed_location_is_built_from_the_replaying_request_not_the_first_host);
	suite_add_tcase(s, tc);
	tc = tcase_create("idempotency and encoding");
	tcase_add_test(tc, the_same_key_with_another_query_is_422_idempotency_key_reused);
	tcase_add_test(tc, a_query_parameter_that_is_not_utf8_is_400_invalid_encoding_naming_it);
	tcase_add_test(tc, an_idempotency_key_that_is_not_utf8_is_400_and_changes_nothing);
	tcase_add_test(tc, an_integer_past_2_63_is_422_naming_the_member);
	suite_add_tcase(s, tc);
	tc = tcase_create("framing");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, two_content_length_headers_are_400_and_nothing_is_written);
	tcase_add_test(tc, a_negative_or_overflowing_content_length_is_one_problem_and_writes_nothing);
	tcase_add_test(tc, a_too_long_uri_or_header_block_is_one_problem_414_or_431);
	tcase_add_test(tc, http_1_1_without_host_is_400_and_http_1_0_without_host_is_served);
	tcase_add_test(tc, a_thousand_query_parameters_are_answered_400_too_many_parameters);
	tcase_add_test(tc, head_is_answered_on_every_get_route_without_a_body);
	tcase_add_test(tc, other_methods_are_405_with_an_allow_that_lists_head);
	suite_add_tcase(s, tc);

	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	if (tserver_stop(&srv) != 0)
		failed++;
	return failed ? 1 : 0;
}
