/* test_proxy.c — behind a reverse proxy (issue 13, points 3 and 4;
 * server/proxy.h): with WVLV_TRUSTED_PROXIES=127.0.0.1, a request from
 * 127.0.0.1 has its links built from X-Forwarded-Proto/Host/Prefix and its
 * client taken from X-Forwarded-For (the access log line, the per-address
 * connection limit); the same headers from another peer (127.0.0.3) are
 * ignored.  The server's log is captured to assert the JSON access line. */
#include <check.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "e2e_helpers.h"
#include "http_client.h"
#include "raw_http.h"
#include "server_proc.h"
#include "testdb.h"

static tserver srv;
static char log_path[64];

#define TRACEPARENT "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

/* One request on a new connection from src (NULL: 127.0.0.1) with the
 * extra header lines `extra` ("Name: value\r\n"…); the response (fd kept
 * open in *keep when not NULL). */
static rh_resp *raw_get(const char *src, const char *path, const char *extra, int *keep)
{
	int fd = rh_connect(srv.port, src);
	ck_assert_int_ge(fd, 0);
	char req[2048];
	snprintf(req, sizeof(req), "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n%s\r\n", path, srv.port,
		 extra ? extra : "");
	ck_assert(rh_send_str(fd, req));
	rh_resp *r = rh_read_response(fd, 5000);
	ck_assert_msg(r != NULL, "no response to GET %s", path);
	if (keep)
		*keep = fd;
	else
		close(fd);
	return r;
}

static char *self_link(const char *body)
{
	json_t *j = json_loads(body, 0, NULL);
	ck_assert_ptr_nonnull(j);
	json_t *links = json_object_get(j, "links");
	char *href = NULL;
	for (size_t i = 0; i < json_array_size(links) && !href; i++)
		if (!strcmp(t_str(json_array_get(links, i), "rel"), "self"))
			href = strdup(t_str(json_array_get(links, i), "href"));
	json_decref(j);
	ck_assert_ptr_nonnull(href);
	return href;
}

START_TEST(links_use_the_trusted_proxys_forwarded_proto_host_and_prefix)
{
	rh_resp *r = raw_get(NULL, "/ogc/v1", "X-Forwarded-Proto: https\r\n"
					      "X-Forwarded-Host: wvlv.example.nl\r\n"
					      "X-Forwarded-Prefix: /wvlv/\r\n", NULL);
	ck_assert_int_eq(r->status, 200);
	char *self = self_link(r->body);
	ck_assert_str_eq(self, "https://wvlv.example.nl/wvlv/ogc/v1");
	free(self);
	rh_free(r);
	/* malformed values are not used: each falls back on its own */
	r = raw_get(NULL, "/ogc/v1", "X-Forwarded-Proto: ftp\r\n"
				     "X-Forwarded-Host: evil.example/x\r\n"
				     "X-Forwarded-Prefix: //evil.example\r\n", NULL);
	self = self_link(r->body);
	char want[96];
	snprintf(want, sizeof(want), "http://127.0.0.1:%d/ogc/v1", srv.port);
	ck_assert_str_eq(self, want);
	free(self);
	rh_free(r);
}
END_TEST

static json_t *log_line(const char *rid);

START_TEST(an_untrusted_peers_forwarded_headers_are_ignored)
{
	rh_resp *r = raw_get("127.0.0.3", "/ogc/v1", "X-Forwarded-Proto: https\r\n"
						     "X-Forwarded-Host: wvlv.example.nl\r\n"
						     "X-Forwarded-Prefix: /wvlv\r\n"
						     "X-Forwarded-For: 198.51.100.77\r\n", NULL);
	ck_assert_int_eq(r->status, 200);
	char *self = self_link(r->body);
	char want[96];
	snprintf(want, sizeof(want), "http://127.0.0.1:%d/ogc/v1", srv.port);
	ck_assert_str_eq(self, want);
	free(self);
	char rid[64];
	snprintf(rid, sizeof(rid), "%s", rh_header(r, "X-Request-Id"));
	rh_free(r);
	/* its log line names the peer, not the forged client */
	json_t *l = log_line(rid);
	ck_assert_str_eq(t_str(l, "client"), "127.0.0.3");
	json_decref(l);
}
END_TEST

/* The access line of request id rid in the captured log, parsed; it is
 * written when libmicrohttpd reports the request complete, just after the
 * answer went out, so it is looked for up to 3 s. */
static json_t *find_line(const char *rid)
{
	FILE *f = fopen(log_path, "r");
	ck_assert_ptr_nonnull(f);
	char line[8192];
	json_t *found = NULL;
	while (!found && fgets(line, sizeof(line), f)) {
		json_t *j = json_loads(line, 0, NULL);
		ck_assert_msg(j != NULL, "a log line that is not JSON: %s", line);
		if (t_str(j, "requestId") && !strcmp(t_str(j, "requestId"), rid))
			found = j;
		else
			json_decref(j);
	}
	fclose(f);
	return found;
}

static json_t *log_line(const char *rid)
{
	json_t *found = find_line(rid);
	for (int i = 0; i < 60 && !found; i++) {
		usleep(50 * 1000);
		found = find_line(rid);
	}
	ck_assert_msg(found != NULL, "no log line for request %s", rid);
	return found;
}

START_TEST(the_access_line_has_the_forwarded_client_route_token_and_trace)
{
	const char *auth = eh_admin("GM0505");
	char extra[1024];
	snprintf(extra, sizeof(extra),
		 "%s\r\nX-Forwarded-For: 198.51.100.1, 203.0.113.9\r\nUser-Agent: QGIS/3.34\r\n"
		 "traceparent: " TRACEPARENT "\r\nX-Request-Id: my-call-1\r\n", auth);
	rh_resp *r = raw_get(NULL, "/api/v1/designations/00000000-0000-4000-8000-000000000001",
			     extra, NULL);
	ck_assert_int_eq(r->status, 404);
	json_t *l = log_line(rh_header(r, "X-Request-Id"));
	ck_assert_str_eq(t_str(l, "msg"), "request");
	ck_assert_str_eq(t_str(l, "client"), "203.0.113.9"); /* the rightmost untrusted */
	ck_assert_str_eq(t_str(l, "method"), "GET");
	ck_assert_str_eq(t_str(l, "route"), "/api/v1/designations/{id}");
	ck_assert_str_eq(t_str(l, "path"), "/api/v1/designations/00000000-0000-4000-8000-000000000001");
	ck_assert_int_eq(t_int(l, "status"), 404);
	ck_assert_int_eq(t_int(l, "bytes"), (long long)r->body_len);
	ck_assert(json_is_real(json_object_get(l, "durationMs")));
	ck_assert_double_ge(json_real_value(json_object_get(l, "durationMs")), 0);
	ck_assert_ptr_nonnull(t_str(l, "token"));
	ck_assert_str_eq(t_str(l, "municipality"), "GM0505");
	ck_assert_str_eq(t_str(l, "userAgent"), "QGIS/3.34");
	ck_assert_str_eq(t_str(l, "traceparent"), TRACEPARENT);
	ck_assert_str_eq(t_str(l, "clientRequestId"), "my-call-1");
	ck_assert_ptr_nonnull(t_str(l, "time"));
	json_decref(l);
	rh_free(r);
	/* the token itself is never written */
	FILE *f = fopen(log_path, "r");
	char *all = calloc(1, 1 << 20);
	size_t n = fread(all, 1, (1 << 20) - 1, f);
	all[n] = '\0';
	fclose(f);
	ck_assert_ptr_null(strstr(all, auth + strlen("Authorization: Bearer ")));
	free(all);
	/* a malformed traceparent is left out */
	r = raw_get(NULL, "/healthz", "traceparent: 00-XYZ-00f067aa0ba902b7-01\r\n", NULL);
	l = log_line(rh_header(r, "X-Request-Id"));
	ck_assert_ptr_null(json_object_get(l, "traceparent"));
	ck_assert_ptr_null(json_object_get(l, "token"));
	ck_assert_str_eq(t_str(l, "client"), "127.0.0.1"); /* no X-Forwarded-For: the proxy */
	json_decref(l);
	rh_free(r);
}
END_TEST

START_TEST(the_per_address_limit_counts_the_forwarded_client)
{
	usleep(300 * 1000);
	/* WVLV_MAX_CONNECTIONS_PER_IP=2: two kept-alive connections of client A
	 * through the proxy are served ... */
	int a[2];
	for (int i = 0; i < 2; i++) {
		rh_resp *r = raw_get(NULL, "/healthz", "X-Forwarded-For: 203.0.113.50\r\n", &a[i]);
		ck_assert_int_eq(r->status, 200);
		rh_free(r);
	}
	/* ... a third is 429, though the proxy has more connections than that ... */
	int third;
	rh_resp *r = raw_get(NULL, "/healthz", "X-Forwarded-For: 203.0.113.50\r\n", &third);
	ck_assert_int_eq(r->status, 429);
	ck_assert_ptr_nonnull(strstr(r->body, "too-many-connections-from-client"));
	rh_free(r);
	close(third);
	/* ... and another client through the same proxy is served */
	int b;
	r = raw_get(NULL, "/healthz", "X-Forwarded-For: 203.0.113.51\r\n", &b);
	ck_assert_int_eq(r->status, 200);
	rh_free(r);
	close(b);
	close(a[0]);
	close(a[1]);
}
END_TEST

int main(void)
{
	curl_global_init(CURL_GLOBAL_ALL);
	const char *conninfo = testdb_create("proxy");
	eh_init(conninfo);
	snprintf(log_path, sizeof(log_path), "/tmp/wvlv-proxy-log-%d", (int)getpid());
	static const char *const env[] = { "WVLV_TRUSTED_PROXIES=127.0.0.1",
					   "WVLV_MAX_CONNECTIONS_PER_IP=2", NULL };
	tserver_start_log(&srv, conninfo, env, log_path);

	Suite *s = suite_create("proxy");
	TCase *tc = tcase_create("proxy");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, links_use_the_trusted_proxys_forwarded_proto_host_and_prefix);
	tcase_add_test(tc, an_untrusted_peers_forwarded_headers_are_ignored);
	tcase_add_test(tc, the_access_line_has_the_forwarded_client_route_token_and_trace);
	tcase_add_test(tc, the_per_address_limit_counts_the_forwarded_client);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	failed += tserver_stop(&srv) != 0;
	if (!failed)
		unlink(log_path);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
