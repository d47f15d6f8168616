/* test_limits.c — the limits against abuse (issue 3, point 5; openapi.yaml
 * "Limits"): each answers with a problem response, or for a slow client a
 * closed connection, and changes nothing.
 *
 * Four servers on one database, each with small limits so the tests stay
 * fast:
 *   small  WVLV_MAX_BODY=1024, WVLV_MAX_GEOMETRY_BODY=4096,
 *          WVLV_MAX_JSON_DEPTH=6 (a MultiPolygon create nests exactly 6 deep),
 *          WVLV_MAX_VERTICES=10
 *   conns  WVLV_MAX_CONNECTIONS=3 (per address: off)
 *   perip  WVLV_MAX_CONNECTIONS_PER_IP=2 (connections: 100)
 *   slow   WVLV_CONNECTION_TIMEOUT=1, WVLV_MAX_CONNECTIONS=3 (per address: off) */
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
#include "tokens.h"

static tserver small, conns, perip, slow;
static const char *conninfo;
static char admin[128]; /* Authorization header of an admin of GM0505 */

#define OWN "GM0505"
#define MAX_BODY 1024
#define MAX_GEOMETRY_BODY 4096
#define MAX_DEPTH 6
#define MAX_VERTICES 10

/* ---- helpers ------------------------------------------------------------------ */

/* A place no other designation of this program uses (a sequence in the
 * test database numbers them), so the place cap never interferes. */
static void fresh_place(double *x, double *y)
{
	PGresult *res = PQexec(eh_db(), "SELECT nextval('e2e_squares')");
	ck_assert_msg(PQresultStatus(res) == PGRES_TUPLES_OK, "%s", PQerrorMessage(eh_db()));
	int k = atoi(PQgetvalue(res, 0, 0));
	PQclear(res);
	*x = 4.30 + (double)(k % 60) * 0.004;
	*y = 51.60 + (double)(k / 60) * 0.004;
}

/* A closed ring of exactly npos positions as JSON: npos - 1 points on the
 * parabola y = x² (x from 0 to 1, scaled by size, from x0,y0), closed by the
 * chord back to the first: a convex, simple, counter-clockwise ring. */
static char *ring(double x0, double y0, double size, int npos)
{
	int m = npos - 1;
	size_t cap = 64 + (size_t)npos * 48;
	char *s = malloc(cap);
	strcpy(s, "[");
	for (int i = 0; i < npos; i++) {
		double t = (double)(i % m) / (double)(m - 1);
		snprintf(s + strlen(s), cap - strlen(s), "%s[%.8f,%.8f]", i ? "," : "",
			 x0 + size * t, y0 + size * t * t);
	}
	strcat(s, "]");
	return s;
}

/* A Polygon of npos positions at a fresh place (malloc'd). */
static char *polygon(int npos)
{
	double x, y;
	fresh_place(&x, &y);
	char *r = ring(x, y, 0.003, npos);
	/* malloc + snprintf, not asprintf(&g, …): GCC 12 at -O3 then takes a pointer into the
	 * result for one into the local g itself (-Wdangling-pointer) */
	size_t n = strlen(r) + 40;
	char *g = malloc(n);
	if (!g)
		abort();
	snprintf(g, n, "{\"type\":\"Polygon\",\"coordinates\":[%s]}", r);
	free(r);
	return g;
}

/* A Polygon with an outer ring of `outer` and a hole of `hole` positions
 * (the hole lies well inside: around x = 0.5 the outer ring spans
 * y 0.25..0.5 of its size, the hole 0.33..0.43). */
static char *polygon_with_hole(int outer, int hole)
{
	double x, y;
	fresh_place(&x, &y);
	char *o = ring(x, y, 0.003, outer);
	char *h = ring(x + 0.45 * 0.003, y + 0.33 * 0.003, 0.1 * 0.003, hole);
	char *g = NULL;
	if (asprintf(&g, "{\"type\":\"Polygon\",\"coordinates\":[%s,%s]}", o, h) < 0)
		abort();
	free(o);
	free(h);
	return g;
}

/* A MultiPolygon of two parts with a and b positions, side by side. */
static char *multipolygon(int a, int b)
{
	double x, y;
	fresh_place(&x, &y);
	char *r1 = ring(x, y, 0.0014, a);
	char *r2 = ring(x + 0.0016, y, 0.0014, b);
	char *g = NULL;
	if (asprintf(&g, "{\"type\":\"MultiPolygon\",\"coordinates\":[[%s],[%s]]}", r1, r2) < 0)
		abort();
	free(r1);
	free(r2);
	return g;
}

static char *create_body(const char *name, const char *geometry)
{
	return eh_create_body(OWN, name, geometry, eh_today_plus(-30), eh_today_plus(365));
}

/* body with spaces inserted before its last '}' so it is exactly n bytes. */
static char *pad_to(const char *body, size_t n)
{
	size_t len = strlen(body);
	ck_assert_msg(len <= n, "body of %zu bytes is already over %zu", len, n);
	char *s = malloc(n + 1);
	const char *close = strrchr(body, '}');
	size_t head = (size_t)(close - body);
	memcpy(s, body, head);
	memset(s + head, ' ', n - len);
	memcpy(s + head + (n - len), close, len - head);
	s[n] = '\0';
	ck_assert_uint_eq(strlen(s), n);
	return s;
}

static tresp *req(const tserver *s, const char *method, const char *path, const char *body,
		  const char *auth)
{
	const char *h[] = { auth, NULL };
	return t_request(s->base, method, path, body, h);
}

/* A designation of GM0505 made through the small server; its id (malloc'd). */
static char *create_ok(const char *name)
{
	char *g = polygon(5);
	char *b = create_body(name, g);
	tresp *r = req(&small, "POST", "/api/v1/designations", b, admin);
	ck_assert_msg(r->status == 201, "create: %ld %s", r->status, r->body);
	char *id = strdup(t_str(r->json, "id"));
	t_free(r);
	free(b);
	free(g);
	return id;
}

static const char *dpath(const char *id, const char *suffix)
{
	static char ring_[4][160];
	static int slot;
	char *p = ring_[slot++ % 4];
	snprintf(p, 160, "/api/v1/designations/%s%s", id, suffix);
	return p;
}

/* method path body on server s → a problem with status and code, and the
 * database unchanged. */
static void expect_problem(const tserver *s, const char *method, const char *path,
			   const char *body, const char *auth, long status, const char *code)
{
	eh_snapshot before;
	eh_snapshot_take(eh_db(), &before);
	tresp *r = req(s, method, path, body, auth);
	eh_assert_problem(r, status, code, path);
	t_free(r);
	eh_assert_unchanged(eh_db(), &before);
}

static char *extension_body(void)
{
	char *b = NULL;
	if (asprintf(&b, "{\"end\":\"%s\",\"decisionReference\":\"Stcrt. limits\"}",
		     eh_today_plus(365 + 200)) < 0)
		abort();
	return b;
}

/* ============================ request body size ============================ */

START_TEST(extension_body_over_max_body_is_413_and_exactly_max_body_is_accepted)
{
	char *id = create_ok("body limit extension");
	char *b = extension_body();
	char *over = pad_to(b, MAX_BODY + 1);
	expect_problem(&small, "POST", dpath(id, "/extensions"), over, admin, 413, "body-too-large");
	/* the detail names the limit of this route: the ordinary one */
	tresp *r = req(&small, "POST", dpath(id, "/extensions"), over, admin);
	ck_assert_msg(strstr(t_str(r->json, "detail"), "1024") != NULL, "%s", r->body);
	t_free(r);
	/* 413 comes before the token is looked at */
	expect_problem(&small, "POST", dpath(id, "/extensions"), over, NULL, 413, "body-too-large");

	char *exact = pad_to(b, MAX_BODY);
	r = req(&small, "POST", dpath(id, "/extensions"), exact, admin);
	ck_assert_msg(r->status == 201, "a body of exactly %d bytes: %ld %s", MAX_BODY, r->status,
		      r->body);
	t_free(r);
	free(exact);
	free(over);
	free(b);
	free(id);
}
END_TEST

START_TEST(withdrawal_body_over_max_body_is_413)
{
	char *id = create_ok("body limit withdrawal");
	char b[160];
	snprintf(b, sizeof(b), "{\"on\":\"%s\",\"reason\":\"limits\"}", eh_today_plus(0));
	char *over = pad_to(b, MAX_BODY + 1);
	expect_problem(&small, "POST", dpath(id, "/withdrawal"), over, admin, 413, "body-too-large");
	free(over);
	free(id);
}
END_TEST

START_TEST(create_body_over_max_geometry_body_is_413_and_exactly_it_is_accepted)
{
	char *g = polygon(5);
	char *b = create_body("geometry body limit", g);
	char *over = pad_to(b, MAX_GEOMETRY_BODY + 1);
	expect_problem(&small, "POST", "/api/v1/designations", over, admin, 413, "body-too-large");
	tresp *r = req(&small, "POST", "/api/v1/designations", over, admin);
	ck_assert_msg(strstr(t_str(r->json, "detail"), "4096") != NULL, "%s", r->body);
	t_free(r);
	expect_problem(&small, "POST", "/api/v1/designations", over, NULL, 413, "body-too-large");

	/* over the ordinary limit but within the geometry limit: accepted */
	char *mid = pad_to(b, 2 * MAX_BODY);
	r = req(&small, "POST", "/api/v1/designations", mid, admin);
	ck_assert_msg(r->status == 201, "a create of %d bytes: %ld %s", 2 * MAX_BODY, r->status,
		      r->body);
	t_free(r);
	free(mid);
	free(b);
	free(g);

	g = polygon(5);
	b = create_body("geometry body limit, exact", g);
	char *exact = pad_to(b, MAX_GEOMETRY_BODY);
	r = req(&small, "POST", "/api/v1/designations", exact, admin);
	ck_assert_msg(r->status == 201, "a create of exactly %d bytes: %ld %s", MAX_GEOMETRY_BODY,
		      r->status, r->body);
	t_free(r);
	free(exact);
	free(over);
	free(b);
	free(g);
}
END_TEST

START_TEST(patch_takes_the_geometry_limit)
{
	char *id = create_ok("patch body limit");
	char *over = pad_to("{\"name\":\"too big\"}", MAX_GEOMETRY_BODY + 1);
	expect_problem(&small, "PATCH", dpath(id, ""), over, admin, 413, "body-too-large");
	char *mid = pad_to("{\"name\":\"big but allowed\"}", 2 * MAX_BODY);
	tresp *r = req(&small, "PATCH", dpath(id, ""), mid, admin);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	t_free(r);
	free(mid);
	free(over);
	free(id);
}
END_TEST

/* A chunked body (no Content-Length) is counted as it arrives. */
START_TEST(chunked_extension_body_over_max_body_is_413)
{
	char *id = create_ok("chunked limit");
	eh_snapshot before;
	eh_snapshot_take(eh_db(), &before);
	int fd = rh_connect(small.port, NULL);
	ck_assert_int_ge(fd, 0);
	char head[512];
	snprintf(head, sizeof(head),
		 "POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s\r\nContent-Type: application/json\r\n"
		 "Transfer-Encoding: chunked\r\n\r\n",
		 dpath(id, "/extensions"), admin);
	ck_assert(rh_send_str(fd, head));
	char *b = extension_body();
	char *over = pad_to(b, 3 * MAX_BODY);
	/* in chunks of 500 bytes */
	for (size_t off = 0; off < strlen(over); off += 500) {
		size_t n = strlen(over) - off < 500 ? strlen(over) - off : 500;
		char sz[16];
		snprintf(sz, sizeof(sz), "%zx\r\n", n);
		if (!rh_send_str(fd, sz) || !rh_send(fd, over + off, n) || !rh_send_str(fd, "\r\n"))
			break; /* the server may answer and close early */
	}
	rh_send_str(fd, "0\r\n\r\n");
	rh_resp *r = rh_read_response(fd, 5000);
	ck_assert_msg(r != NULL, "no response");
	ck_assert_int_eq(r->status, 413);
	ck_assert_str_eq(rh_header(r, "Content-Type"), "application/problem+json");
	ck_assert_ptr_nonnull(strstr(r->body, "\"body-too-large\""));
	rh_free(r);
	close(fd);
	eh_assert_unchanged(eh_db(), &before);
	free(over);
	free(b);
	free(id);
}
END_TEST

/* A declared Content-Length over the limit is answered at once: the server
 * does not wait for (or read) a body it will refuse. */
START_TEST(a_huge_declared_content_length_is_413_without_waiting_for_the_body)
{
	int fd = rh_connect(small.port, NULL);
	ck_assert_int_ge(fd, 0);
	char head[512];
	snprintf(head, sizeof(head),
		 "POST /api/v1/designations HTTP/1.1\r\nHost: 127.0.0.1\r\n%s\r\n"
		 "Content-Type: application/json\r\nContent-Length: 1000000000000\r\n\r\n{",
		 admin);
	double t0 = rh_now_ms();
	ck_assert(rh_send_str(fd, head));
	rh_resp *r = rh_read_response(fd, 3000);
	ck_assert_msg(r != NULL, "no response within 3 s to a 1 TB Content-Length");
	ck_assert_int_eq(r->status, 413);
	ck_assert_ptr_nonnull(strstr(r->body, "\"body-too-large\""));
	ck_assert_msg(rh_now_ms() - t0 < 2000, "took %.0f ms", rh_now_ms() - t0);
	rh_free(r);
	close(fd);
}
END_TEST

/* ============================ JSON nesting depth ============================ */

/* {"end":…,"decisionReference":…,"x":<levels-1 nested arrays around 1>} */
static char *nested_extension(int levels)
{
	char *b = NULL;
	int inner = levels - 1;
	char *open = malloc((size_t)inner + 1), *close = malloc((size_t)inner + 1);
	memset(open, '[', (size_t)inner);
	memset(close, ']', (size_t)inner);
	open[inner] = close[inner] = '\0';
	if (asprintf(&b, "{\"end\":\"%s\",\"decisionReference\":\"x\",\"x\":%s1%s}",
		     eh_today_plus(365 + 200), open, close) < 0)
		abort();
	free(open);
	free(close);
	return b;
}

START_TEST(a_body_deeper_than_the_limit_is_400_too_deep)
{
	char *id = create_ok("depth");
	char *deep = nested_extension(MAX_DEPTH + 1);
	expect_problem(&small, "POST", dpath(id, "/extensions"), deep, admin, 400, "too-deep");
	tresp *r = req(&small, "POST", dpath(id, "/extensions"), deep, admin);
	ck_assert_msg(strstr(t_str(r->json, "detail"), "6") != NULL, "%s", r->body);
	t_free(r);

	/* exactly the limit: read, and refused only for its unknown member */
	char *exact = nested_extension(MAX_DEPTH);
	eh_snapshot before;
	eh_snapshot_take(eh_db(), &before);
	r = req(&small, "POST", dpath(id, "/extensions"), exact, admin);
	eh_assert_problem(r, 422, "invalid-input", dpath(id, "/extensions"));
	eh_assert_param(r, "x", "unknown-field");
	t_free(r);
	eh_assert_unchanged(eh_db(), &before);

	/* far deeper, on the geometry route: still 400, never parsed */
	char *very = malloc(3000);
	memset(very, '[', 1400);
	memset(very + 1400, ']', 1400);
	very[2800] = '\0';
	expect_problem(&small, "POST", "/api/v1/designations", very, admin, 400, "too-deep");
	/* a geometry nested one level too deep: 400 too-deep, not 422 */
	double x, y;
	fresh_place(&x, &y);
	char *g = NULL;
	if (asprintf(&g, "{\"type\":\"MultiPolygon\",\"coordinates\":[[[[[%f,%f]]]]]}", x, y) < 0)
		abort();
	char *b = create_body("too deep geometry", g);
	expect_problem(&small, "POST", "/api/v1/designations", b, admin, 400, "too-deep");
	/* the token is checked before the body is read: no token → 401 */
	expect_problem(&small, "POST", dpath(id, "/extensions"), deep, NULL, 401, "missing-token");
	free(b);
	free(g);
	free(very);
	free(exact);
	free(deep);
	free(id);
}
END_TEST

START_TEST(a_multipolygon_create_exactly_at_the_depth_limit_is_accepted)
{
	/* {body {geometry {coordinates [polygon [ring [position …: 6 levels */
	char *g = multipolygon(5, 5);
	char *b = create_body("depth exactly 6", g);
	tresp *r = req(&small, "POST", "/api/v1/designations", b, admin);
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	t_free(r);
	free(b);
	free(g);
}
END_TEST

/* Brackets inside strings (escaped quotes included) are not nesting. */
START_TEST(brackets_inside_strings_do_not_count_as_nesting)
{
	char *g = polygon(5);
	/* the name's JSON text: [[[[[[[[{{{{{{{{ \" [[[[[[[[ \\ ]]] */
	char *b = create_body("[[[[[[[[{{{{{{{{ \\\" [[[[[[[[ \\\\ ]]]", g);
	tresp *r = req(&small, "POST", "/api/v1/designations", b, admin);
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	ck_assert_str_eq(t_str(r->json, "name"), "[[[[[[[[{{{{{{{{ \" [[[[[[[[ \\ ]]]");
	t_free(r);
	free(b);
	free(g);
}
END_TEST

/* ============================ geometry vertices ============================ */

static void expect_too_many_vertices(const char *method, const char *path, const char *body)
{
	eh_snapshot before;
	eh_snapshot_take(eh_db(), &before);
	tresp *r = req(&small, method, path, body, admin);
	eh_assert_problem(r, 422, "invalid-input", path);
	eh_assert_param(r, "geometry", "too-many-vertices");
	json_t *p = eh_param(r, "geometry", "too-many-vertices");
	ck_assert_msg(strstr(t_str(p, "reason"), "10") != NULL, "%s", r->body);
	t_free(r);
	eh_assert_unchanged(eh_db(), &before);
}

START_TEST(a_geometry_over_the_vertex_limit_is_422_and_exactly_it_is_accepted)
{
	/* 11 positions in one ring */
	char *g = polygon(MAX_VERTICES + 1);
	char *b = create_body("11 positions", g);
	expect_too_many_vertices("POST", "/api/v1/designations", b);
	free(b);
	free(g);
	/* 11 over two rings, and over two polygons: all rings count together */
	g = polygon_with_hole(5, 6);
	b = create_body("5 + 6 positions", g);
	expect_too_many_vertices("POST", "/api/v1/designations", b);
	free(b);
	free(g);
	g = multipolygon(5, 6);
	b = create_body("5 + 6 positions, two parts", g);
	expect_too_many_vertices("POST", "/api/v1/designations", b);
	free(b);
	free(g);

	/* exactly 10: accepted, in one ring and over two parts */
	g = polygon(MAX_VERTICES);
	b = create_body("10 positions", g);
	tresp *r = req(&small, "POST", "/api/v1/designations", b, admin);
	ck_assert_msg(r->status == 201, "10 positions: %ld %s", r->status, r->body);
	t_free(r);
	free(b);
	free(g);
	g = multipolygon(5, 5);
	b = create_body("5 + 5 positions", g);
	r = req(&small, "POST", "/api/v1/designations", b, admin);
	ck_assert_msg(r->status == 201, "5 + 5 positions: %ld %s", r->status, r->body);
	t_free(r);
	free(b);
	free(g);
}
END_TEST

START_TEST(a_patched_geometry_over_the_vertex_limit_is_422)
{
	char *id = create_ok("patch vertices");
	char *g = polygon(MAX_VERTICES + 1);
	char *b = NULL;
	if (asprintf(&b, "{\"geometry\":%s}", g) < 0)
		abort();
	expect_too_many_vertices("PATCH", dpath(id, ""), b);
	free(b);
	free(g);
	g = polygon(MAX_VERTICES);
	if (asprintf(&b, "{\"geometry\":%s}", g) < 0)
		abort();
	tresp *r = req(&small, "PATCH", dpath(id, ""), b, admin);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	t_free(r);
	free(b);
	free(g);
	free(id);
}
END_TEST

/* g with every coordinate written as a JSON string ("4.66" for 4.66). */
static char *quoted_coordinates(const char *g)
{
	const char *c = strstr(g, "\"coordinates\":");
	ck_assert_ptr_nonnull(c);
	size_t head = (size_t)(c - g) + strlen("\"coordinates\":");
	char *out = malloc(strlen(g) * 3 + 1), *o = out;
	memcpy(o, g, head);
	o += head;
	for (const char *p = g + head; *p;) {
		size_t n = strspn(p, "-+.0123456789eE");
		if (n) {
			*o++ = '"';
			memcpy(o, p, n);
			o += n;
			*o++ = '"';
			p += n;
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
	return out;
}

/* Numbers sent as strings counted nothing and PostGIS read them (issue 12
 * point 2): now refused as invalid-coordinates, whatever their count, and
 * nothing is written. */
START_TEST(coordinates_written_as_strings_are_422_and_not_a_way_past_the_vertex_limit)
{
	const int counts[] = { MAX_VERTICES + 1, 5 };
	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		char *plain = polygon(counts[i]);
		char *g = quoted_coordinates(plain);
		char *b = create_body("string coordinates", g);
		eh_snapshot before;
		eh_snapshot_take(eh_db(), &before);
		tresp *r = req(&small, "POST", "/api/v1/designations", b, admin);
		eh_assert_problem(r, 422, "invalid-input", "/api/v1/designations");
		json_t *p = eh_param(r, "geometry.coordinates", "invalid-coordinates");
		ck_assert_msg(p, "%d positions: %s", counts[i], r->body);
		ck_assert_str_eq(t_str(p, "reason"),
				 "geometry.coordinates[0][0][0] must be a number, not a string.");
		t_free(r);
		eh_assert_unchanged(eh_db(), &before);
		free(b);
		free(g);
		free(plain);
	}
}
END_TEST

/* ============================ connections ============================ */

/* Open n idle connections (nothing sent) to port from src. */
static void open_idle(int *fds, int n, int port, const char *src)
{
	for (int i = 0; i < n; i++) {
		fds[i] = rh_connect(port, src);
		ck_assert_msg(fds[i] >= 0, "connect %d", i);
	}
	usleep(200 * 1000); /* let the server accept them */
}

static void close_all(int *fds, int n)
{
	for (int i = 0; i < n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

/* Send a raw request on a new connection from src; the response. */
static rh_resp *raw_request(int port, const char *src, const char *method, const char *path,
			    const char *body, int *fd_out)
{
	int fd = rh_connect(port, src);
	ck_assert_int_ge(fd, 0);
	char *r = NULL;
	if (asprintf(&r,
		     "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s\r\nContent-Type: application/json\r\n"
		     "Content-Length: %zu\r\n\r\n%s",
		     method, path, admin, body ? strlen(body) : 0, body ? body : "") < 0)
		abort();
	ck_assert(rh_send_str(fd, r));
	free(r);
	rh_resp *resp = rh_read_response(fd, 5000);
	if (fd_out)
		*fd_out = fd;
	else
		close(fd);
	return resp;
}

static void assert_limit_response(rh_resp *r, int status, const char *code)
{
	ck_assert_msg(r != NULL, "no response");
	ck_assert_msg(r->status == status, "status %d, expected %d: %s", r->status, status, r->body);
	ck_assert_str_eq(rh_header(r, "Content-Type"), "application/problem+json");
	ck_assert_str_eq(rh_header(r, "Retry-After"), "1");
	json_t *j = json_loads(r->body, 0, NULL);
	ck_assert_msg(j != NULL, "not JSON: %s", r->body);
	ck_assert_str_eq(t_str(j, "code"), code);
	ck_assert_int_eq(t_int(j, "status"), status);
	char type[96];
	snprintf(type, sizeof(type), "urn:wvlv:problem:%s", code);
	ck_assert_str_eq(t_str(j, "type"), type);
	ck_assert_ptr_nonnull(t_str(j, "detail"));
	json_decref(j);
	ck_assert_ptr_nonnull(rh_header(r, "X-Request-Id"));
}

/* A request through t_request succeeds within ms (retrying while the server
 * notices closed connections); the milliseconds it took. */
static double succeeds_within(const tserver *s, int ms)
{
	double t0 = rh_now_ms();
	long last = 0;
	while (rh_now_ms() - t0 < ms) {
		tresp *r = req(s, "GET", "/api/v1/designations?limit=1", NULL, admin);
		last = r->status;
		t_free(r);
		if (last == 200)
			return rh_now_ms() - t0;
		usleep(50 * 1000);
	}
	ck_abort_msg("no 200 within %d ms (last status %ld)", ms, last);
	return -1;
}

START_TEST(over_max_connections_a_request_is_503_with_retry_after)
{
	usleep(200 * 1000); /* earlier connections of this program are gone */
	int idle[3];
	open_idle(idle, 3, conns.port, NULL);

	char *g = polygon(5);
	char *b = create_body("over the connection limit", g);
	eh_snapshot before;
	eh_snapshot_take(eh_db(), &before);
	int fd;
	rh_resp *r = raw_request(conns.port, NULL, "POST", "/api/v1/designations", b, &fd);
	assert_limit_response(r, 503, "too-many-connections");
	ck_assert_str_eq(rh_header(r, "Connection"), "close");
	rh_free(r);
	/* and the server closes that connection */
	ck_assert_msg(rh_wait_closed(fd, 3000, NULL) >= 0, "the refused connection stays open");
	close(fd);
	eh_assert_unchanged(eh_db(), &before);

	/* the connections within the limit are served */
	char get[256];
	snprintf(get, sizeof(get), "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
	ck_assert(rh_send_str(idle[0], get));
	r = rh_read_response(idle[0], 5000);
	ck_assert_msg(r && r->status == 200, "an accepted connection: %d", r ? r->status : 0);
	rh_free(r);

	close_all(idle, 3);
	double took = succeeds_within(&conns, 3000);
	ck_assert_msg(took < 3000, "took %.0f ms", took);
	free(b);
	free(g);
}
END_TEST

START_TEST(over_max_connections_per_ip_a_request_is_429)
{
	usleep(200 * 1000);
	int idle[2];
	open_idle(idle, 2, perip.port, NULL);
	eh_snapshot before;
	eh_snapshot_take(eh_db(), &before);
	int fd;
	rh_resp *r = raw_request(perip.port, NULL, "GET", "/api/v1/designations", NULL, &fd);
	assert_limit_response(r, 429, "too-many-connections-from-client");
	rh_free(r);
	ck_assert_msg(rh_wait_closed(fd, 3000, NULL) >= 0, "the refused connection stays open");
	close(fd);

	/* another client address is not affected */
	r = raw_request(perip.port, "127.0.0.2", "GET", "/api/v1/designations?limit=1", NULL, NULL);
	ck_assert_msg(r && r->status == 200, "from 127.0.0.2: %d %s", r ? r->status : 0,
		      r ? r->body : "");
	rh_free(r);
	eh_assert_unchanged(eh_db(), &before);

	close_all(idle, 2);
	double took = succeeds_within(&perip, 3000);
	ck_assert_msg(took < 3000, "took %.0f ms", took);
}
END_TEST

/* ============================ slow clients ============================ */

START_TEST(a_client_that_stops_half_way_through_the_request_line_is_disconnected)
{
	usleep(200 * 1000);
	int fd = rh_connect(slow.port, NULL);
	ck_assert_int_ge(fd, 0);
	double t0 = rh_now_ms();
	ck_assert(rh_send_str(fd, "GET /api/v1/desig"));
	/* meanwhile other clients are served, promptly */
	for (int i = 0; i < 3; i++) {
		double t = rh_now_ms();
		tresp *r = req(&slow, "GET", "/api/v1/designations?limit=1", NULL, admin);
		ck_assert_int_eq(r->status, 200);
		t_free(r);
		ck_assert_msg(rh_now_ms() - t < 500, "a request took %.0f ms", rh_now_ms() - t);
		usleep(100 * 1000);
	}
	size_t got = 0;
	long waited = rh_wait_closed(fd, 4000, &got);
	double total = rh_now_ms() - t0;
	ck_assert_msg(waited >= 0, "the connection was still open after %.0f ms", total);
	ck_assert_msg(total >= 500 && total <= 3000,
		      "closed after %.0f ms; WVLV_CONNECTION_TIMEOUT=1 wants about 1 s", total);
	close(fd);
}
END_TEST

START_TEST(an_idle_connection_is_disconnected_after_the_timeout)
{
	int fd = rh_connect(slow.port, NULL);
	ck_assert_int_ge(fd, 0);
	double t0 = rh_now_ms();
	long waited = rh_wait_closed(fd, 4000, NULL);
	ck_assert_msg(waited >= 0, "still open after 4 s");
	double total = rh_now_ms() - t0;
	ck_assert_msg(total >= 500 && total <= 3000, "closed after %.0f ms", total);
	close(fd);
}
END_TEST

/* A kept-alive connection that goes quiet after its response is closed too. */
START_TEST(a_kept_alive_connection_is_disconnected_after_the_timeout)
{
	int fd = rh_connect(slow.port, NULL);
	ck_assert_int_ge(fd, 0);
	ck_assert(rh_send_str(fd, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
	rh_resp *r = rh_read_response(fd, 5000);
	ck_assert_msg(r && r->status == 200, "%d", r ? r->status : 0);
	rh_free(r);
	double t0 = rh_now_ms();
	long waited = rh_wait_closed(fd, 4000, NULL);
	ck_assert_msg(waited >= 0, "still open 4 s after its response");
	double total = rh_now_ms() - t0;
	ck_assert_msg(total >= 500 && total <= 3000, "closed after %.0f ms", total);
	close(fd);
}
END_TEST

/* A POST whose body stops arriving: disconnected, nothing written. */
START_TEST(a_client_that_stops_sending_its_body_is_disconnected_and_nothing_is_written)
{
	char *g = polygon(5);
	char *b = create_body("half a body", g);
	eh_snapshot before;
	eh_snapshot_take(eh_db(), &before);
	int fd = rh_connect(slow.port, NULL);
	ck_assert_int_ge(fd, 0);
	char *head = NULL;
	if (asprintf(&head,
		     "POST /api/v1/designations HTTP/1.1\r\nHost: 127.0.0.1\r\n%s\r\n"
		     "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n",
		     admin, strlen(b)) < 0)
		abort();
	ck_assert(rh_send_str(fd, head));
	ck_assert(rh_send(fd, b, strlen(b) / 2));
	double t0 = rh_now_ms();
	long waited = rh_wait_closed(fd, 4000, NULL);
	ck_assert_msg(waited >= 0, "still open after 4 s");
	ck_assert_msg(rh_now_ms() - t0 <= 3000, "closed after %.0f ms", rh_now_ms() - t0);
	close(fd);
	eh_assert_unchanged(eh_db(), &before);
	free(head);
	free(b);
	free(g);
}
END_TEST

/* Idle connections that fill WVLV_MAX_CONNECTIONS are dropped after the
 * timeout, so they cannot lock other clients out for long. */
START_TEST(idle_connections_at_the_limit_are_dropped_and_new_clients_get_in)
{
	usleep(200 * 1000);
	int idle[3];
	open_idle(idle, 3, slow.port, NULL);
	rh_resp *r = raw_request(slow.port, NULL, "GET", "/api/v1/designations?limit=1", NULL, NULL);
	assert_limit_response(r, 503, "too-many-connections");
	rh_free(r);
	double t0 = rh_now_ms();
	for (int i = 0; i < 3; i++)
		ck_assert_msg(rh_wait_closed(idle[i], 4000, NULL) >= 0, "idle %d still open", i);
	ck_assert_msg(rh_now_ms() - t0 <= 3000, "closed after %.0f ms", rh_now_ms() - t0);
	double took = succeeds_within(&slow, 2000);
	ck_assert_msg(took < 2000, "took %.0f ms", took);
	close_all(idle, 3);
}
END_TEST

/* openapi.yaml: "A connection that stays idle or slow for
 * WVLV_CONNECTION_TIMEOUT seconds is closed."  A client that trickles its
 * request line one byte every 300 ms is never idle for a whole second, but
 * it is slow: it must not hold its worker much longer than the timeout. */
START_TEST(a_client_that_trickles_its_request_is_disconnected)
{
	usleep(200 * 1000);
	int fd = rh_connect(slow.port, NULL);
	ck_assert_int_ge(fd, 0);
	static const char line[] = "GET /api/v1/designations?limit=1&padding=aaaaaaaaaaaaaaaaaaaaaaa";
	double t0 = rh_now_ms();
	bool closed = false;
	for (size_t i = 0; i < sizeof(line) - 1 && rh_now_ms() - t0 < 4500; i++) {
		if (!rh_send(fd, line + i, 1)) {
			closed = true;
			break;
		}
		if (rh_wait_closed(fd, 300, NULL) >= 0) {
			closed = true;
			break;
		}
	}
	double total = rh_now_ms() - t0;
	close(fd);
	ck_assert_msg(closed && total <= 3500,
		      "a client sending a byte every 300 ms held its connection for %.0f ms%s "
		      "(WVLV_CONNECTION_TIMEOUT=1)", total, closed ? "" : " and still had it");
}
END_TEST

/* ================================================================ */

int main(void)
{
	curl_global_init(CURL_GLOBAL_ALL);
	conninfo = testdb_create("wvlv_e2e_limits");
	eh_init(conninfo);
	PQclear(PQexec(eh_db(), "CREATE SEQUENCE e2e_squares"));
	snprintf(admin, sizeof(admin), "%s", ttoken_header(conninfo, OWN, "admin"));

	static const char *const small_env[] = { "WVLV_MAX_BODY=1024", "WVLV_MAX_GEOMETRY_BODY=4096",
						 "WVLV_MAX_JSON_DEPTH=6", "WVLV_MAX_VERTICES=10",
						 NULL };
	static const char *const conns_env[] = { "WVLV_MAX_CONNECTIONS=3",
						 "WVLV_MAX_CONNECTIONS_PER_IP=0", NULL };
	static const char *const perip_env[] = { "WVLV_MAX_CONNECTIONS=100",
						 "WVLV_MAX_CONNECTIONS_PER_IP=2", NULL };
	static const char *const slow_env[] = { "WVLV_CONNECTION_TIMEOUT=1",
						"WVLV_MAX_CONNECTIONS=3",
						"WVLV_MAX_CONNECTIONS_PER_IP=0", NULL };
	tserver_start(&small, conninfo, small_env);
	tserver_start(&conns, conninfo, conns_env);
	tserver_start(&perip, conninfo, perip_env);
	tserver_start(&slow, conninfo, slow_env);

	Suite *s = suite_create("limits");
	TCase *tc = tcase_create("body size");
	tcase_add_test(tc, extension_body_over_max_body_is_413_and_exactly_max_body_is_accepted);
	tcase_add_test(tc, withdrawal_body_over_max_body_is_413);
	tcase_add_test(tc, create_body_over_max_geometry_body_is_413_and_exactly_it_is_accepted);
	tcase_add_test(tc, patch_takes_the_geometry_limit);
	tcase_add_test(tc, chunked_extension_body_over_max_body_is_413);
	tcase_add_test(tc, a_huge_declared_content_length_is_413_without_waiting_for_the_body);
	suite_add_tcase(s, tc);

	tc = tcase_create("depth");
	tcase_add_test(tc, a_body_deeper_than_the_limit_is_400_too_deep);
	tcase_add_test(tc, a_multipolygon_create_exactly_at_the_depth_limit_is_accepted);
	tcase_add_test(tc, brackets_inside_strings_do_not_count_as_nesting);
	suite_add_tcase(s, tc);

	tc = tcase_create("vertices");
	tcase_add_test(tc, a_geometry_over_the_vertex_limit_is_422_and_exactly_it_is_accepted);
	tcase_add_test(tc, a_patched_geometry_over_the_vertex_limit_is_422);
	tcase_add_test(tc, coordinates_written_as_strings_are_422_and_not_a_way_past_the_vertex_limit);
	suite_add_tcase(s, tc);

	tc = tcase_create("connections");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, over_max_connections_a_request_is_503_with_retry_after);
	tcase_add_test(tc, over_max_connections_per_ip_a_request_is_429);
	suite_add_tcase(s, tc);

	tc = tcase_create("slow clients");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, a_client_that_stops_half_way_through_the_request_line_is_disconnected);
	tcase_add_test(tc, an_idle_connection_is_disconnected_after_the_timeout);
	tcase_add_test(tc, a_kept_alive_connection_is_disconnected_after_the_timeout);
	tcase_add_test(tc, a_client_that_stops_sending_its_body_is_disconnected_and_nothing_is_written);
	tcase_add_test(tc, idle_connections_at_the_limit_are_dropped_and_new_clients_get_in);
	tcase_add_test(tc, a_client_that_trickles_its_request_is_disconnected);
	suite_add_tcase(s, tc);

	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	tserver *all[] = { &small, &conns, &perip, &slow };
	for (size_t i = 0; i < 4; i++) {
		int st = tserver_stop(all[i]);
		if (st != 0) {
			fprintf(stderr, "wvlv serve (%zu) did not stop cleanly (status %d)\n", i, st);
			failed++;
		}
	}
	return failed ? 1 : 0;
}
