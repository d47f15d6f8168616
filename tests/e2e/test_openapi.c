/* test_openapi.c — the served OpenAPI document and the route table agree:
 * every /api/v1 route the server answers is documented, every documented
 * operation is routed, each takes the query parameters it documents and no
 * others, and API-Version equals info.version. */
#include <check.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "http_client.h"
#include "server_proc.h"
#include "testdb.h"

static tserver srv;

static json_t *fetch_doc(void)
{
	tresp *r = t_request(srv.base, "GET", "/api/v1/openapi.json", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert_ptr_nonnull(r->json);
	json_t *doc = json_incref(r->json);
	t_free(r);
	return doc;
}

/* The full server path of a documented path: /api/v1 + path, or the path
 * itself where the path item overrides servers with "/" (health endpoints). */
static void full_path(json_t *item, const char *path, char *out, size_t n)
{
	json_t *servers = json_object_get(item, "servers");
	const char *url = t_str(json_array_get(servers, 0), "url");
	snprintf(out, n, "%s%s", url && strcmp(url, "/") == 0 ? "" : "/api/v1", path);
}

static void lower(const char *in, char *out, size_t n)
{
	size_t i = 0;
	for (; in[i] && i + 1 < n; i++)
		out[i] = (char)tolower((unsigned char)in[i]);
	out[i] = '\0';
}

START_TEST(every_route_is_documented)
{
	json_t *doc = fetch_doc();
	json_t *paths = json_object_get(doc, "paths");
	ck_assert_ptr_nonnull(paths);
	int checked = 0;
	for (size_t i = 0; i < http_nroutes; i++) {
		const http_route *r = &http_routes[i];
		/* /ogc/v1 has its own document (openapi/ogcapi.yaml, at /ogc/v1/api;
		 * tests/e2e/test_ogc.c) */
		if (strncmp(r->pattern, "/ogc/", 5) == 0) {
			checked++;
			continue;
		}
		char m[16];
		lower(r->method, m, sizeof(m));
		json_t *op = NULL;
		const char *path;
		json_t *item;
		json_object_foreach(paths, path, item) {
			char full[256];
			full_path(item, path, full, sizeof(full));
			if (strcmp(full, r->pattern) == 0)
				op = json_object_get(item, m);
		}
		ck_assert_msg(op != NULL, "%s %s is routed but not in openapi.yaml", r->method,
			      r->pattern);
		checked++;
	}
	ck_assert_int_eq(checked, (int)http_nroutes);
	json_decref(doc);
}
END_TEST

START_TEST(every_documented_operation_is_routed)
{
	json_t *doc = fetch_doc();
	const char *path;
	json_t *item;
	json_object_foreach(json_object_get(doc, "paths"), path, item) {
		const char *method;
		json_t *op;
		json_object_foreach(item, method, op) {
			if (strcmp(method, "parameters") == 0 || strcmp(method, "servers") == 0 ||
			    strcmp(method, "summary") == 0 || strcmp(method, "description") == 0)
				continue;
			char full[256];
			full_path(item, path, full, sizeof(full));
			bool found = false;
			for (size_t i = 0; i < http_nroutes && !found; i++) {
				char m[16];
				lower(http_routes[i].method, m, sizeof(m));
				found = strcmp(m, method) == 0 && strcmp(http_routes[i].pattern, full) == 0;
			}
			ck_assert_msg(found, "%s %s is documented but not routed", method, path);
		}
	}
	json_decref(doc);
}
END_TEST

/* The query parameters an operation documents (its own and its path's,
 * $refs to components/parameters followed) as ",a,b,c," in document order. */
static void documented_query(json_t *doc, json_t *item, json_t *op, char *out, size_t n)
{
	json_t *lists[] = { json_object_get(item, "parameters"), json_object_get(op, "parameters") };
	snprintf(out, n, ",");
	for (int l = 0; l < 2; l++) {
		size_t i;
		json_t *p;
		json_array_foreach(lists[l], i, p) {
			const char *ref = t_str(p, "$ref");
			if (ref && strncmp(ref, "#/components/parameters/", 24) == 0)
				p = json_object_get(json_object_get(json_object_get(doc, "components"),
								    "parameters"), ref + 24);
			const char *in = t_str(p, "in"), *name = t_str(p, "name");
			if (in && name && strcmp(in, "query") == 0)
				snprintf(out + strlen(out), n - strlen(out), "%s,", name);
		}
	}
}

/* The list a route takes (routes.c, refused otherwise by server/params.c)
 * is the list openapi.yaml documents for it: the same names, as a set. */
START_TEST(every_route_takes_the_query_parameters_it_documents)
{
	json_t *doc = fetch_doc();
	int checked = 0;
	for (size_t i = 0; i < http_nroutes; i++) {
		const http_route *r = &http_routes[i];
		if (strncmp(r->pattern, "/api/v1/", 8) != 0)
			continue;
		ck_assert_msg(r->params != NULL, "%s %s: no parameter list", r->method, r->pattern);
		char m[16];
		lower(r->method, m, sizeof(m));
		const char *path;
		json_t *item, *op = NULL, *op_item = NULL;
		json_object_foreach(json_object_get(doc, "paths"), path, item) {
			char full[256];
			full_path(item, path, full, sizeof(full));
			if (strcmp(full, r->pattern) == 0 && json_object_get(item, m)) {
				op = json_object_get(item, m);
				op_item = item;
			}
		}
		ck_assert_ptr_nonnull(op);
		char doc_names[512], route_names[512] = ",";
		documented_query(doc, op_item, op, doc_names, sizeof(doc_names));
		size_t ndoc = 0;
		for (const char *c = doc_names + 1; *c; c++)
			ndoc += *c == ',';
		size_t nroute = 0;
		for (const char *const *p = r->params; *p; p++, nroute++) {
			char needle[80];
			snprintf(needle, sizeof(needle), ",%s,", *p);
			ck_assert_msg(strstr(doc_names, needle), "%s %s takes %s, not documented (%s)",
				      r->method, r->pattern, *p, doc_names);
			snprintf(route_names + strlen(route_names),
				 sizeof(route_names) - strlen(route_names), "%s,", *p);
		}
		ck_assert_msg(ndoc == nroute, "%s %s documents %s, takes %s", r->method, r->pattern,
			      doc_names, route_names);
		checked++;
	}
	ck_assert_int_ge(checked, 18); /* every /api/v1 route today */
	json_decref(doc);
}
END_TEST

START_TEST(api_version_header_matches_document)
{
	json_t *doc = fetch_doc();
	const char *version = t_str(json_object_get(doc, "info"), "version");
	ck_assert_str_eq(version, WVLV_API_VERSION);
	static const char *const paths[] = { "/api/v1/openapi.json", "/api/v1/designations",
					     "/healthz", "/readyz", "/nowhere", NULL };
	for (const char *const *p = paths; *p; p++) {
		tresp *r = t_request(srv.base, "GET", *p, NULL, NULL);
		ck_assert_ptr_nonnull(t_header(r, "API-Version"));
		ck_assert_str_eq(t_header(r, "API-Version"), version);
		t_free(r);
	}
	json_decref(doc);
}
END_TEST

int main(void)
{
	const char *conninfo = testdb_create("wvlv_e2e_openapi");
	tserver_start(&srv, conninfo, NULL);
	Suite *s = suite_create("openapi");
	TCase *tc = tcase_create("contract");
	tcase_add_test(tc, every_route_is_documented);
	tcase_add_test(tc, every_documented_operation_is_routed);
	tcase_add_test(tc, every_route_takes_the_query_parameters_it_documents);
	tcase_add_test(tc, api_version_header_matches_document);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	int stop = tserver_stop(&srv);
	if (stop != 0) {
		fprintf(stderr, "wvlv serve did not stop cleanly on SIGTERM (status %d)\n", stop);
		failed++;
	}
	return failed ? 1 : 0;
}
