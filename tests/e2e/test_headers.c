/* test_headers.c — the headers every answer carries (issue 13 point 5,
 * server/headers.h): the API Design Rules security headers on every class of
 * response — 200 of /api/v1 and /ogc/v1, 201, 204, 304, problems, the 503 of
 * the connection limit and the gate's own refusals; Cache-Control: no-store
 * on everything with owner data and public revalidation on OGC data; CORS
 * (any origin on /ogc/v1, WVLV_CORS_ORIGINS on /api/v1) and OPTIONS; and
 * unknown query parameters refused with 400 naming them (server/params.h). */
#include <check.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "e2e_helpers.h"
#include "e2e_main.h"
#include "http_client.h"
#include "offer_helpers.h"
#include "raw_http.h"
#include "server_proc.h"
#include "testdb.h"
#include "tokens.h"

static tserver srv, small;
static const char *conninfo;
static char clerk[256];

#define BASE srv.base
#define ALLOWED "https://kaart.gemeente.example"
#define ALLOWED2 "http://localhost:5173"
#define ITEMS "/ogc/v1/collections/designations/items"

/* ---- the security headers ------------------------------------------------------ */

static void assert_security(tresp *r, const char *what)
{
	static const struct { const char *name, *value; } want[] = {
		{ "Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'" },
		{ "Strict-Transport-Security", "max-age=31536000" },
		{ "X-Content-Type-Options", "nosniff" },
		{ "X-Frame-Options", "DENY" },
		{ "Referrer-Policy", "no-referrer" },
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const char *v = t_header(r, want[i].name);
		ck_assert_msg(v && strcmp(v, want[i].value) == 0, "%s (%ld): %s is %s", what,
			      r->status, want[i].name, v ? v : "missing");
	}
	ck_assert_msg(t_header(r, "Cache-Control"), "%s: no Cache-Control", what);
}

static void assert_no_store(tresp *r, const char *what)
{
	assert_security(r, what);
	const char *cc = t_header(r, "Cache-Control");
	ck_assert_msg(strcmp(cc, "no-store") == 0, "%s: Cache-Control %s", what, cc);
}

static tresp *with(const char *method, const char *path, const char *body, const char *h1,
		   const char *h2)
{
	const char *hs[] = { h1, h2, NULL };
	return eh_request(BASE, method, path, body, hs);
}

static tresp *expect(long status, const char *method, const char *path, const char *h1)
{
	tresp *r = with(method, path, NULL, h1, NULL);
	ck_assert_msg(r->status == status, "%s %s: %ld %s", method, path, r->status, r->body);
	return r;
}

START_TEST(every_class_of_answer_carries_the_security_headers)
{
	tresp *r = expect(200, "GET", "/api/v1/designations", NULL);
	assert_no_store(r, "200 api");
	t_free(r);
	r = expect(200, "GET", "/healthz", NULL);
	assert_no_store(r, "healthz");
	t_free(r);

	char *g = eh_square(5.60, 52.60, 0.01);
	char *body = eh_create_body("GM0505", "Headers 201", g, "2026-01-01", "2027-01-01");
	r = with("POST", "/api/v1/designations", body, NULL, NULL);
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	assert_no_store(r, "201");
	t_free(r);
	free(body);
	free(g);

	r = expect(204, "OPTIONS", "/api/v1/designations", NULL);
	assert_no_store(r, "204");
	t_free(r);

	/* problems: 404 before routing, 401 before the handler, 400, 405 */
	r = expect(404, "GET", "/api/v1/nothing-here", NULL);
	assert_no_store(r, "404");
	t_free(r);
	r = t_request(BASE, "GET", "/api/v1/designations", NULL, NULL);
	ck_assert_int_eq(r->status, 401);
	assert_no_store(r, "401");
	t_free(r);
	r = expect(405, "PUT", "/api/v1/designations", NULL);
	assert_no_store(r, "405");
	t_free(r);

	/* OGC: public data with an ETag, revalidated rather than not stored */
	r = t_request(BASE, "GET", ITEMS, NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	assert_security(r, "200 ogc");
	ck_assert_str_eq(t_header(r, "Cache-Control"), "public, no-cache");
	char inm[128];
	snprintf(inm, sizeof(inm), "If-None-Match: %s", t_header(r, "ETag"));
	t_free(r);
	const char *hs[] = { inm, NULL };
	r = t_request(BASE, "GET", ITEMS, NULL, hs);
	ck_assert_int_eq(r->status, 304);
	assert_security(r, "304 ogc");
	ck_assert_str_eq(t_header(r, "Cache-Control"), "public, no-cache");
	t_free(r);
	/* an OGC problem is not stored */
	r = t_request(BASE, "GET", ITEMS "?limit=0", NULL, NULL);
	ck_assert_int_eq(r->status, 400);
	assert_no_store(r, "400 ogc");
	t_free(r);

	/* a handler's own Cache-Control is kept: the public calculator */
	r = expect(200, "GET", "/api/v1/deadline-calculator?term=response&from=2026-04-02", NULL);
	assert_security(r, "calculator");
	ck_assert_str_eq(t_header(r, "Cache-Control"), "no-cache");
	t_free(r);
}
END_TEST

/* The 503 of the connection limit (server/limits.c, answered by the
 * listener) carries them too. */
START_TEST(the_connection_limit_503_carries_them)
{
	int idle[2];
	for (int i = 0; i < 2; i++)
		idle[i] = rh_connect(small.port, NULL);
	usleep(200 * 1000);
	int fd = rh_connect(small.port, NULL);
	ck_assert_int_ge(fd, 0);
	ck_assert(rh_send_str(fd, "GET /api/v1/designations HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
	rh_resp *r = rh_read_response(fd, 5000);
	ck_assert_msg(r && r->status == 503, "status %d", r ? r->status : 0);
	ck_assert_str_eq(rh_header(r, "Cache-Control"), "no-store");
	ck_assert_str_eq(rh_header(r, "X-Content-Type-Options"), "nosniff");
	ck_assert_str_eq(rh_header(r, "X-Frame-Options"), "DENY");
	ck_assert_str_eq(rh_header(r, "Strict-Transport-Security"), "max-age=31536000");
	ck_assert_str_eq(rh_header(r, "Content-Security-Policy"),
			 "default-src 'none'; frame-ancestors 'none'");
	ck_assert_str_eq(rh_header(r, "Referrer-Policy"), "no-referrer");
	rh_free(r);
	close(fd);
	for (int i = 0; i < 2; i++)
		close(idle[i]);
}
END_TEST

/* The gate (server/gate.c) writes its refusals itself: the same headers. */
START_TEST(a_gate_refusal_carries_them)
{
	int fd = rh_connect(srv.port, NULL);
	ck_assert_int_ge(fd, 0);
	ck_assert(rh_send_str(fd, "POST /api/v1/designations HTTP/1.1\r\nHost: 127.0.0.1\r\n"
				  "Content-Length: 12abc\r\n\r\n"));
	rh_resp *r = rh_read_response(fd, 5000);
	ck_assert_msg(r && r->status == 400, "status %d", r ? r->status : 0);
	ck_assert_ptr_nonnull(strstr(r->body, "invalid-content-length"));
	ck_assert_str_eq(rh_header(r, "Cache-Control"), "no-store");
	ck_assert_str_eq(rh_header(r, "X-Content-Type-Options"), "nosniff");
	ck_assert_str_eq(rh_header(r, "X-Frame-Options"), "DENY");
	ck_assert_str_eq(rh_header(r, "Strict-Transport-Security"), "max-age=31536000");
	ck_assert_str_eq(rh_header(r, "Content-Security-Policy"),
			 "default-src 'none'; frame-ancestors 'none'");
	ck_assert_str_eq(rh_header(r, "Referrer-Policy"), "no-referrer");
	rh_free(r);
	close(fd);
}
END_TEST

/* Owner names, addresses and prices: never stored by a browser or a proxy. */
START_TEST(answers_with_owner_data_are_no_store)
{
	char *d = oh_designation(BASE, "GM0505", "Headers VKR", OH_VOORKEURSRECHT, 5.70, 52.70,
				 0.02, "2024-01-01", "2027-12-31");
	char *b = oh_offer_body("GM0505", eh_today_plus(-3), 5.71, 52.71);
	tresp *r = oh_req(BASE, clerk, "POST", "/api/v1/sale-notifications", b, NULL);
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	ck_assert_ptr_nonnull(strstr(r->body, "\"owner\""));
	assert_no_store(r, "offer created");
	char id[64];
	snprintf(id, sizeof(id), "%s", t_str(r->json, "id"));
	t_free(r);
	const char *paths[] = { "/api/v1/sale-notifications", oh_path(id, NULL),
				"/api/v1/deadlines?within=3660", "/api/v1/audit-log" };
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		r = oh_req(BASE, i == 3 ? eh_admin("GM0505") : clerk, "GET", paths[i], NULL, NULL);
		ck_assert_msg(r->status == 200, "%s: %ld %s", paths[i], r->status, r->body);
		assert_no_store(r, paths[i]);
		t_free(r);
	}
	r = oh_event(BASE, clerk, id, "withdrawal", eh_today_plus(-1), NULL, NULL);
	ck_assert_msg(r->status == 200 || r->status == 201, "%ld %s", r->status, r->body);
	assert_no_store(r, "event");
	t_free(r);
	free(b);
	free(d);
}
END_TEST

/* ---- CORS ------------------------------------------------------------------------- */

START_TEST(ogc_is_readable_from_any_origin)
{
	const char *hs[] = { "Origin: https://some-map.example.org", NULL };
	tresp *r = t_request(BASE, "GET", ITEMS "?limit=1", NULL, hs);
	ck_assert_int_eq(r->status, 200);
	ck_assert_str_eq(t_header(r, "Access-Control-Allow-Origin"), "*");
	const char *ex = t_header(r, "Access-Control-Expose-Headers");
	ck_assert_msg(ex && strstr(ex, "ETag") && strstr(ex, "Content-Crs") && strstr(ex, "Link"),
		      "expose: %s", ex ? ex : "missing");
	t_free(r);

	const char *pre[] = { "Origin: https://some-map.example.org",
			      "Access-Control-Request-Method: GET",
			      "Access-Control-Request-Headers: if-none-match", NULL };
	r = t_request(BASE, "OPTIONS", ITEMS, NULL, pre);
	ck_assert_int_eq(r->status, 204);
	ck_assert_str_eq(t_header(r, "Access-Control-Allow-Origin"), "*");
	ck_assert_str_eq(t_header(r, "Access-Control-Allow-Methods"), "GET, HEAD, OPTIONS");
	ck_assert_ptr_nonnull(strstr(t_header(r, "Access-Control-Allow-Headers"), "If-None-Match"));
	ck_assert_str_eq(t_header(r, "Access-Control-Max-Age"), "600");
	ck_assert_str_eq(t_header(r, "Allow"), "GET, HEAD, OPTIONS");
	assert_no_store(r, "ogc preflight");
	t_free(r);
}
END_TEST

START_TEST(api_is_readable_from_the_listed_origins_only)
{
	const char *origins[] = { ALLOWED, ALLOWED2 };
	for (int i = 0; i < 2; i++) {
		char o[96];
		snprintf(o, sizeof(o), "Origin: %s", origins[i]);
		tresp *r = expect(200, "GET", "/api/v1/designations?limit=1", o);
		ck_assert_str_eq(t_header(r, "Access-Control-Allow-Origin"), origins[i]);
		ck_assert_str_eq(t_header(r, "Vary"), "Origin");
		const char *ex = t_header(r, "Access-Control-Expose-Headers");
		ck_assert_msg(ex && strstr(ex, "Location") && strstr(ex, "ETag"), "expose %s", ex);
		ck_assert_ptr_null(t_header(r, "Access-Control-Allow-Credentials"));
		t_free(r);
	}
	/* a problem is readable too, so that the page can show it */
	tresp *r = expect(404, "GET", "/api/v1/nothing-here", "Origin: " ALLOWED);
	ck_assert_str_eq(t_header(r, "Access-Control-Allow-Origin"), ALLOWED);
	t_free(r);

	const char *denied[] = { "https://evil.example", ALLOWED ".evil.example", ALLOWED "/",
				 "http://kaart.gemeente.example", "null" };
	for (size_t i = 0; i < sizeof(denied) / sizeof(denied[0]); i++) {
		char o[96];
		snprintf(o, sizeof(o), "Origin: %s", denied[i]);
		r = expect(200, "GET", "/api/v1/designations?limit=1", o);
		ck_assert_msg(!t_header(r, "Access-Control-Allow-Origin"), "%s allowed", denied[i]);
		ck_assert_ptr_null(t_header(r, "Access-Control-Expose-Headers"));
		ck_assert_str_eq(t_header(r, "Vary"), "Origin");
		t_free(r);
	}
}
END_TEST

START_TEST(api_preflight_from_a_listed_origin_and_from_another)
{
	const char *pre[] = { "Origin: " ALLOWED, "Access-Control-Request-Method: POST",
			      "Access-Control-Request-Headers: authorization, content-type, idempotency-key",
			      NULL };
	/* no token: a preflight never carries one */
	tresp *r = t_request(BASE, "OPTIONS", "/api/v1/sale-notifications", NULL, pre);
	ck_assert_int_eq(r->status, 204);
	ck_assert_str_eq(t_header(r, "Access-Control-Allow-Origin"), ALLOWED);
	ck_assert_str_eq(t_header(r, "Access-Control-Allow-Methods"), "GET, HEAD, POST, OPTIONS");
	const char *ah = t_header(r, "Access-Control-Allow-Headers");
	const char *need[] = { "Authorization", "Content-Type", "Idempotency-Key", "If-Match",
			       "Content-Crs" };
	for (size_t i = 0; i < sizeof(need) / sizeof(need[0]); i++)
		ck_assert_msg(ah && strstr(ah, need[i]), "%s not in %s", need[i], ah ? ah : "-");
	ck_assert_str_eq(t_header(r, "Vary"), "Origin");
	ck_assert_str_eq(t_header(r, "Allow"), "GET, HEAD, POST, OPTIONS");
	ck_assert_int_eq((long)r->len, 0);
	t_free(r);

	const char *other[] = { "Origin: https://evil.example",
				"Access-Control-Request-Method: POST", NULL };
	r = t_request(BASE, "OPTIONS", "/api/v1/sale-notifications", NULL, other);
	ck_assert_int_eq(r->status, 204);
	ck_assert_ptr_null(t_header(r, "Access-Control-Allow-Origin"));
	ck_assert_ptr_null(t_header(r, "Access-Control-Allow-Methods"));
	ck_assert_ptr_null(t_header(r, "Access-Control-Allow-Headers"));
	ck_assert_str_eq(t_header(r, "Allow"), "GET, HEAD, POST, OPTIONS");
	t_free(r);
}
END_TEST

START_TEST(plain_options_answers_allow_and_405_lists_options)
{
	tresp *r = t_request(BASE, "OPTIONS", "/api/v1/designations/0b7c3f4e-5d21-4a8e-9c6f-2e1d7a9b4c30",
			     NULL, NULL);
	ck_assert_int_eq(r->status, 204);
	ck_assert_str_eq(t_header(r, "Allow"), "GET, HEAD, PATCH, OPTIONS");
	ck_assert_ptr_null(t_header(r, "Access-Control-Allow-Origin"));
	t_free(r);
	r = t_request(BASE, "OPTIONS", "/healthz", NULL, NULL);
	ck_assert_int_eq(r->status, 204);
	ck_assert_str_eq(t_header(r, "Allow"), "GET, HEAD, OPTIONS");
	t_free(r);
	r = t_request(BASE, "OPTIONS", "/api/v1/nothing-here", NULL, NULL);
	eh_assert_problem(r, 404, "not-found", "/api/v1/nothing-here");
	t_free(r);
	r = expect(405, "DELETE", "/api/v1/designations", NULL);
	ck_assert_str_eq(t_header(r, "Allow"), "GET, HEAD, POST, OPTIONS");
	t_free(r);
}
END_TEST

/* ---- unknown query parameters ------------------------------------------------------ */

START_TEST(unknown_query_parameters_are_400_naming_them)
{
	static const struct { const char *method, *path, *unknown, *accepted; } cases[] = {
		{ "GET", "/api/v1/sale-notifications?statuss=expired", "statuss",
		  "Accepted: status, designationId, municipalityCode, deadlineBefore, limit, offset, "
		  "cursor, crs." },
		{ "GET", "/api/v1/designations?municipalitycode=GM0505", "municipalitycode",
		  "activeOn" },
		{ "GET", "/api/v1/deadlines?withn=3", "withn", "Accepted: within." },
		{ "GET", "/api/v1/audit-log?entiy=designation", "entiy", "entityId" },
		{ "GET", ITEMS "?foo=bar", "foo", "bbox-crs" },
		{ "GET", "/ogc/v1/collections?foo=5", "foo", "bbox-crs, crs, datetime" },
		{ "GET", "/ogc/v1/collections/designations/items/0b7c3f4e-5d21-4a8e-9c6f-2e1d7a9b4c30?format=json",
		  "format", ", sortby, properties." },
		{ "GET", "/api/v1/equated-holidays?year=2026", "year",
		  "This resource takes no query parameters." },
		{ "GET", "/api/v1/deadline-calculator?term=response&from=2026-04-02&days=3", "days",
		  "Accepted: term, from." },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		/* the audit log is an admin's; eh_request sends a national reader */
		const char *auth = strstr(cases[i].path, "audit") ? eh_admin("GM0505") : NULL;
		tresp *r = with(cases[i].method, cases[i].path, NULL, auth, NULL);
		ck_assert_msg(r->status == 400, "%s: %ld %s", cases[i].path, r->status, r->body);
		eh_assert_problem(r, 400, "unknown-parameter", NULL);
		json_t *p = eh_param(r, cases[i].unknown, "unknown-parameter");
		ck_assert_msg(p, "%s: %s", cases[i].path, r->body);
		const char *reason = t_str(p, "reason");
		ck_assert_msg(reason && strstr(reason, cases[i].accepted), "%s: %s", cases[i].path,
			      r->body);
		const char *detail = t_str(r->json, "detail");
		ck_assert_msg(strstr(detail, cases[i].unknown) && strstr(detail, cases[i].accepted),
			      "detail: %s", detail);
		t_free(r);
	}
	/* several at once: each named */
	tresp *r = expect(400, "GET", "/api/v1/designations?a=1&limit=2&b=2&a=3", NULL);
	ck_assert_ptr_nonnull(eh_param(r, "a", "unknown-parameter"));
	ck_assert_ptr_nonnull(eh_param(r, "b", "unknown-parameter"));
	ck_assert_int_eq(json_array_size(json_object_get(r->json, "invalidParams")), 2);
	t_free(r);
}
END_TEST

/* A write with an unknown parameter is refused and changes nothing. */
START_TEST(a_write_with_an_unknown_parameter_changes_nothing)
{
	eh_snapshot before;
	eh_snapshot_take(eh_db(), &before);
	char *g = eh_square(5.80, 52.80, 0.01);
	char *body = eh_create_body("GM0505", "Dry run?", g, "2026-01-01", "2027-01-01");
	tresp *r = with("POST", "/api/v1/designations?dryRun=true", body, NULL, NULL);
	eh_assert_problem(r, 400, "unknown-parameter", "/api/v1/designations");
	ck_assert_ptr_nonnull(eh_param(r, "dryRun", "unknown-parameter"));
	t_free(r);
	eh_assert_unchanged(eh_db(), &before);
	free(body);
	free(g);
}
END_TEST

START_TEST(known_parameters_are_not_refused)
{
	const char *ok[] = {
		"/api/v1/sale-notifications?status=lapsed&limit=5&offset=0",
		"/api/v1/designations?municipalityCode=GM0505&kind=area&activeOn=2026-06-01&limit=2",
		"/api/v1/deadlines?within=30",
		"/api/v1/equated-holidays",
		ITEMS "?f=json&limit=1&bbox=4,51,6,53&datetime=2026-06-01",
		ITEMS "?f=geojson",
		"/ogc/v1?f=json",
		"/ogc/v1/conformance?f=json",
		"/ogc/v1/collections?f=json",
		"/ogc/v1/collections/designations?f=json",
		/* what GDAL repeats from its dataset URL on every request */
		"/ogc/v1?" EH_Q_RD "&bbox-crs=" EH_RD_URI "&bbox=1,2,3,4",
		"/healthz?probe=1",
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		tresp *r = with("GET", ok[i], NULL, NULL, NULL);
		ck_assert_msg(r->status == 200, "%s: %ld %s", ok[i], r->status, r->body);
		t_free(r);
	}
}
END_TEST

/* An entry of WVLV_CORS_ORIGINS that is not an origin stops the start. */
START_TEST(a_bad_cors_origin_stops_serve)
{
	const char *bad[] = { "*", "https://kaart.example/", "kaart.example", "https://a.example/x" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char env[128];
		snprintf(env, sizeof(env), "WVLV_CORS_ORIGINS=https://ok.example, %s", bad[i]);
		const char *envs[] = { env, "WVLV_DATABASE_URL=postgresql:///x?host=/nonexistent",
				       "WVLV_LISTEN=127.0.0.1:1", NULL };
		const char *args[] = { "serve", NULL };
		char *out = NULL;
		int st = trun_wvlv(args, envs, &out);
		ck_assert_msg(st != 0, "%s: exit 0", bad[i]);
		ck_assert_msg(out && strstr(out, "WVLV_CORS_ORIGINS") && strstr(out, bad[i]),
			      "%s: %s", bad[i], out ? out : "");
		free(out);
	}
}
END_TEST

int main(void)
{
	static const char *const env[] = { "WVLV_CORS_ORIGINS=" ALLOWED " , " ALLOWED2, NULL };
	curl_global_init(CURL_GLOBAL_ALL);
	conninfo = testdb_create("wvlv_e2e_headers");
	eh_init(conninfo);
	tserver_start(&srv, conninfo, env);
	static const char *const small_env[] = { "WVLV_MAX_CONNECTIONS=2",
						 "WVLV_MAX_CONNECTIONS_PER_IP=0", NULL };
	tserver_start(&small, conninfo, small_env);
	snprintf(clerk, sizeof(clerk), "%s", ttoken_header(conninfo, "GM0505", "clerk"));

	Suite *s = suite_create("headers");
	TCase *tc = e2e_case(s, "security headers", 30);
	tcase_add_test(tc, every_class_of_answer_carries_the_security_headers);
	tcase_add_test(tc, the_connection_limit_503_carries_them);
	tcase_add_test(tc, a_gate_refusal_carries_them);
	tcase_add_test(tc, answers_with_owner_data_are_no_store);
	tc = e2e_case(s, "cors", 30);
	tcase_add_test(tc, ogc_is_readable_from_any_origin);
	tcase_add_test(tc, api_is_readable_from_the_listed_origins_only);
	tcase_add_test(tc, api_preflight_from_a_listed_origin_and_from_another);
	tcase_add_test(tc, plain_options_answers_allow_and_405_lists_options);
	tc = e2e_case(s, "query parameters", 30);
	tcase_add_test(tc, unknown_query_parameters_are_400_naming_them);
	tcase_add_test(tc, a_write_with_an_unknown_parameter_changes_nothing);
	tcase_add_test(tc, known_parameters_are_not_refused);
	tcase_add_test(tc, a_bad_cors_origin_stops_serve);
	int rc = e2e_run(s, &srv);
	if (tserver_stop(&small) != 0)
		rc = EXIT_FAILURE;
	return rc;
}
