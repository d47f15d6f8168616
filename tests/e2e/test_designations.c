/* test_designations.c — the designation registry over HTTP, against the real
 * `wvlv serve` and a real PostgreSQL + PostGIS: create (CRS84 and RD), get,
 * list with every filter and paging, PATCH with If-Match, extensions,
 * withdrawal, the place cap and Idempotency-Key (docs/law.md §1,
 * openapi/openapi.yaml).
 *
 * Tests share one database and run one after another; each uses its own
 * municipality code (or its own place) so that the rows of one test never
 * show up in another's assertions. */
#include <check.h>
#include <curl/curl.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "e2e_helpers.h"
#include "http_client.h"
#include "server_proc.h"
#include "testdb.h"

static tserver srv;
static const char *conninfo;

#define BASE srv.base
#define CRS84_HEADER "<" EH_CRS84_URI ">"
#define RD_HEADER    "<" EH_RD_URI ">"

/* A small square in CRS84 at lon/lat (0.002° ≈ 140 m × 220 m). */
static char *sq(double lon, double lat)
{
	return eh_square(lon, lat, 0.002);
}

static char *path_of(const char *id, const char *suffix)
{
	char *p = NULL;
	if (asprintf(&p, "/api/v1/designations/%s%s", id, suffix ? suffix : "") < 0)
		abort();
	return p;
}

/* The exterior ring of the first polygon of a designation's MultiPolygon. */
static json_t *first_ring(json_t *designation)
{
	json_t *g = json_object_get(designation, "geometry");
	ck_assert_str_eq(t_str(g, "type"), "MultiPolygon");
	json_t *ring = json_array_get(json_array_get(json_object_get(g, "coordinates"), 0), 0);
	ck_assert_msg(json_is_array(ring) && json_array_size(ring) >= 4, "no ring");
	return ring;
}

static double coord(json_t *ring, size_t i, size_t axis)
{
	return json_number_value(json_array_get(json_array_get(ring, i), axis));
}

/* A create body with every member chosen. */
static char *full_body(const char *muni, const char *kind, const char *name, const char *measures,
		       const char *geometry, const char *start, const char *end)
{
	char *s = NULL;
	if (asprintf(&s,
		     "{\"municipalityCode\":\"%s\",\"kind\":\"%s\",\"name\":\"%s\",\"measures\":%s,"
		     "\"geometry\":%s,\"firstPeriod\":{\"start\":\"%s\",\"end\":\"%s\","
		     "\"decisionReference\":\"Stcrt. 2024, 18342\"}}",
		     muni, kind, name, measures, geometry, start, end) < 0)
		abort();
	return s;
}

static char *create_full(const char *muni, const char *kind, const char *name,
			 const char *measures, double lon, double lat)
{
	char *g = sq(lon, lat);
	char *b = full_body(muni, kind, name, measures, g, "2020-01-01", "2020-12-31");
	tresp *r = eh_request(BASE, "POST", "/api/v1/designations", b, NULL);
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	char *id = strdup(t_str(r->json, "id"));
	t_free(r);
	free(b);
	free(g);
	return id;
}

static char *create_at(const char *muni, const char *name, double lon, double lat,
		       const char *start, const char *end)
{
	char *g = sq(lon, lat);
	char *id = eh_create(BASE, muni, name, g, start, end);
	free(g);
	return id;
}

static tresp *list(const char *query)
{
	char path[1024];
	snprintf(path, sizeof(path), "/api/v1/designations?%s", query);
	tresp *r = eh_request(BASE, "GET", path, NULL, NULL);
	ck_assert_msg(r->status == 200, "GET %s: %ld %s", path, r->status, r->body);
	return r;
}

/* "a,b,c" from ids. */
static const char *ids_of(const char *const *ids)
{
	static char buf[4096];
	buf[0] = '\0';
	for (const char *const *p = ids; *p; p++) {
		size_t n = strlen(buf);
		snprintf(buf + n, sizeof(buf) - n, "%s%s", n ? "," : "", *p);
	}
	return buf;
}

/* The list for query has exactly these items (in order) and numberMatched. */
static void assert_list(const char *query, const char *const *ids)
{
	tresp *r = list(query);
	long n = 0;
	while (ids[n])
		n++;
	ck_assert_msg(t_int(r->json, "numberMatched") == n, "%s: numberMatched %lld, want %ld",
		      query, t_int(r->json, "numberMatched"), n);
	char want[4096];
	snprintf(want, sizeof(want), "%s", ids_of(ids));
	ck_assert_msg(strcmp(eh_item_ids(r), want) == 0, "%s: items %s, want %s", query,
		      eh_item_ids(r), want);
	t_free(r);
}

/* ============================ create ============================ */

START_TEST(create_answers_201_with_location_etag_and_content_crs)
{
	char *g = sq(4.660, 51.800);
	char *b = eh_create_body("GM0505", "Create headers", g, "2025-01-01", "2028-12-31");
	tresp *r = eh_request(BASE, "POST", "/api/v1/designations", b, NULL);
	ck_assert_int_eq(r->status, 201);
	ck_assert_str_eq(t_header(r, "Content-Type"), "application/json");
	ck_assert_str_eq(t_header(r, "ETag"), "\"1\"");
	ck_assert_str_eq(t_header(r, "Content-Crs"), CRS84_HEADER);
	const char *id = t_str(r->json, "id");
	ck_assert_ptr_nonnull(id);
	ck_assert_int_eq(strlen(id), 36);
	char want[256];
	snprintf(want, sizeof(want), "%s/api/v1/designations/%s", BASE, id);
	ck_assert_str_eq(t_header(r, "Location"), want);
	/* the Location answers */
	tresp *g2 = eh_request("", "GET", t_header(r, "Location"), NULL, NULL);
	ck_assert_int_eq(g2->status, 200);
	ck_assert_str_eq(t_str(g2->json, "id"), id);
	t_free(g2);
	t_free(r);
	free(b);
	free(g);
}
END_TEST

START_TEST(create_body_has_fields_periods_and_derived_dates)
{
	char *g = sq(4.664, 51.800);
	char *b = eh_create_body("GM0505", "Create fields", g, "2025-01-01", "2028-12-31");
	tresp *r = eh_request(BASE, "POST", "/api/v1/designations", b, NULL);
	ck_assert_int_eq(r->status, 201);
	json_t *d = r->json;
	ck_assert_str_eq(t_str(d, "municipalityCode"), "GM0505");
	ck_assert_str_eq(t_str(d, "kind"), "area");
	ck_assert_str_eq(t_str(d, "name"), "Create fields");
	ck_assert_int_eq(json_array_size(json_object_get(d, "measures")), 1);
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(d, "measures"), 0)), "art8");
	json_t *periods = json_object_get(d, "periods");
	ck_assert_int_eq(json_array_size(periods), 1);
	json_t *p = json_array_get(periods, 0);
	ck_assert_int_eq(t_int(p, "sequence"), 1);
	ck_assert_str_eq(t_str(p, "start"), "2025-01-01");
	ck_assert_str_eq(t_str(p, "end"), "2028-12-31");
	ck_assert_str_eq(t_str(p, "kind"), "initial");
	ck_assert_str_eq(t_str(p, "decisionReference"), "Stcrt. test");
	ck_assert_str_eq(t_str(d, "designatedFrom"), "2025-01-01");
	ck_assert_str_eq(t_str(d, "designatedUntil"), "2028-12-31");
	ck_assert_str_eq(t_str(d, "capDate"), "2044-12-31");
	ck_assert(json_is_null(json_object_get(d, "withdrawnOn")));
	ck_assert(json_is_null(json_object_get(d, "withdrawalReason")));
	ck_assert_int_eq(t_int(d, "version"), 1);
	ck_assert_int_eq(json_array_size(json_object_get(d, "bagIds")), 0);
	const char *created = t_str(d, "createdAt");
	ck_assert_ptr_nonnull(created);
	ck_assert_int_eq(strlen(created), 24); /* 2026-01-01T10:00:00.000Z */
	ck_assert_int_eq(created[10], 'T');
	ck_assert_int_eq(created[23], 'Z');
	ck_assert_str_eq(t_str(d, "updatedAt"), created);
	/* status on today's Amsterdam date */
	const char *today = eh_today_plus(0);
	const char *want = strcmp(today, "2025-01-01") < 0   ? "planned"
			   : strcmp(today, "2028-12-31") <= 0 ? "active"
							      : "expired";
	ck_assert_str_eq(t_str(d, "status"), want);
	/* the row is in the database with its period */
	const char *params[] = { t_str(d, "id"), NULL };
	ck_assert_int_eq(eh_pg_long(eh_db(), "SELECT count(*) FROM designation_periods"
					  " WHERE designation_id = $1::uuid", params), 1);
	char *geomtype = eh_pg_value(eh_db(), "SELECT GeometryType(geom) || ':' || ST_SRID(geom)"
				     " FROM designations WHERE id = $1::uuid", params);
	ck_assert_str_eq(geomtype, "MULTIPOLYGON:28992");
	free(geomtype);
	t_free(r);
	free(b);
	free(g);
}
END_TEST

START_TEST(create_orders_measures_and_keeps_bag_ids)
{
	char *g = sq(4.668, 51.800);
	char *b = NULL;
	if (asprintf(&b,
		     "{\"municipalityCode\":\"GM0505\",\"kind\":\"complex\",\"name\":\"Measures\","
		     "\"measures\":[\"voorkeursrecht\",\"art10\",\"art8\"],\"geometry\":%s,"
		     "\"bagIds\":[\"0505100000012345\",\"0505010000054321\"],"
		     "\"firstPeriod\":{\"start\":\"2025-01-01\",\"end\":\"2025-12-31\","
		     "\"decisionReference\":\"R\"}}",
		     g) < 0)
		abort();
	tresp *r = eh_request(BASE, "POST", "/api/v1/designations", b, NULL);
	ck_assert_int_eq(r->status, 201);
	json_t *m = json_object_get(r->json, "measures");
	ck_assert_int_eq(json_array_size(m), 3);
	ck_assert_str_eq(json_string_value(json_array_get(m, 0)), "art8");
	ck_assert_str_eq(json_string_value(json_array_get(m, 1)), "art10");
	ck_assert_str_eq(json_string_value(json_array_get(m, 2)), "voorkeursrecht");
	json_t *bag = json_object_get(r->json, "bagIds");
	ck_assert_int_eq(json_array_size(bag), 2);
	ck_assert_str_eq(json_string_value(json_array_get(bag, 0)), "0505100000012345");
	ck_assert_str_eq(json_string_value(json_array_get(bag, 1)), "0505010000054321");
	ck_assert_str_eq(t_str(r->json, "kind"), "complex");
	t_free(r);
	free(b);
	free(g);
}
END_TEST

START_TEST(cap_date_is_the_last_day_of_twenty_years)
{
	static const char *const cases[][3] = {
		{ "2025-01-01", "2025-06-30", "2044-12-31" },
		{ "2024-03-01", "2024-06-30", "2044-02-29" },
		{ "2028-02-29", "2028-06-30", "2048-02-28" },
		{ "2025-03-01", "2025-06-30", "2045-02-28" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *g = sq(4.672 + 0.004 * (double)i, 51.800);
		char name[32];
		snprintf(name, sizeof(name), "Cap date %zu", i);
		char *b = eh_create_body("GM0505", name, g, cases[i][0], cases[i][1]);
		tresp *r = eh_request(BASE, "POST", "/api/v1/designations", b, NULL);
		ck_assert_int_eq(r->status, 201);
		ck_assert_str_eq(t_str(r->json, "capDate"), cases[i][2]);
		t_free(r);
		free(b);
		free(g);
	}
}
END_TEST

START_TEST(create_status_is_computed_for_today)
{
	static const struct {
		int from, to;
		const char *status;
	} cases[] = {
		{ 1, 30, "planned" },
		{ 0, 30, "active" },
		{ -30, 0, "active" },
		{ -60, -1, "expired" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *g = sq(4.700 + 0.004 * (double)i, 51.800);
		char name[32], start[11], end[11];
		snprintf(name, sizeof(name), "Status %zu", i);
		snprintf(start, sizeof(start), "%s", eh_today_plus(cases[i].from));
		snprintf(end, sizeof(end), "%s", eh_today_plus(cases[i].to));
		char *b = eh_create_body("GM0505", name, g, start, end);
		tresp *r = eh_request(BASE, "POST", "/api/v1/designations", b, NULL);
		ck_assert_int_eq(r->status, 201);
		ck_assert_msg(strcmp(t_str(r->json, "status"), cases[i].status) == 0,
			      "%s..%s: %s, want %s", start, end, t_str(r->json, "status"),
			      cases[i].status);
		t_free(r);
		free(b);
		free(g);
	}
}
END_TEST

START_TEST(create_accepts_a_first_period_of_exactly_four_years)
{
	char *id = create_at("GM0505", "Four years", 4.720, 51.800, "2027-01-01", "2030-12-31");
	tresp *r = eh_get(BASE, id);
	ck_assert_str_eq(t_str(r->json, "designatedUntil"), "2030-12-31");
	t_free(r);
	/* leap-day edge: 2024-03-01 may run until 2028-02-29 */
	char *id2 = create_at("GM0505", "Four years leap", 4.724, 51.800, "2024-03-01",
			      "2028-02-29");
	free(id2);
	free(id);
}
END_TEST

START_TEST(create_accepts_a_multipolygon_and_returns_every_part)
{
	static const char g[] =
		"{\"type\":\"MultiPolygon\",\"coordinates\":["
		"[[[4.760,51.800],[4.762,51.800],[4.762,51.802],[4.760,51.802],[4.760,51.800]]],"
		"[[[4.770,51.800],[4.772,51.800],[4.772,51.802],[4.770,51.802],[4.770,51.800]]]]}";
	char *b = eh_create_body("GM0505", "Two parts", g, "2025-01-01", "2025-12-31");
	tresp *r = eh_request(BASE, "POST", "/api/v1/designations", b, NULL);
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	json_t *parts = json_object_get(json_object_get(r->json, "geometry"), "coordinates");
	ck_assert_int_eq(json_array_size(parts), 2);
	json_t *second = json_array_get(json_array_get(parts, 1), 0);
	ck_assert_double_eq_tol(coord(second, 0, 0), 4.770, 1e-7);
	/* a point in the second part finds it */
	char q[160];
	snprintf(q, sizeof(q), "point=4.771,51.801&municipalityCode=GM0505");
	tresp *l = list(q);
	ck_assert_ptr_nonnull(strstr(eh_item_ids(l), t_str(r->json, "id")));
	t_free(l);
	t_free(r);
	free(b);
}
END_TEST

START_TEST(create_keeps_a_utf8_name_of_200_characters)
{
	char name[512] = "";
	for (int i = 0; i < 200; i++)
		strcat(name, "\xC3\xA9"); /* é: 200 characters, 400 bytes */
	char *g = sq(4.780, 51.800);
	char *b = eh_create_body("GM0505", name, g, "2025-01-01", "2025-12-31");
	tresp *r = eh_request(BASE, "POST", "/api/v1/designations", b, NULL);
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	ck_assert_str_eq(t_str(r->json, "name"), name);
	tresp *g2 = eh_get(BASE, t_str(r->json, "id"));
	ck_assert_str_eq(t_str(g2->json, "name"), name);
	t_free(g2);
	t_free(r);
	free(b);
	free(g);
}
END_TEST

/* capDate is a date (format: date) on every designation the API accepts: a
 * first start whose 20-year cap lies past 9999-12-31 is either refused or
 * answered with a real date, never with "". */
START_TEST(create_never_answers_an_empty_cap_date)
{
	char *g = sq(4.790, 51.800);
	char *b = eh_create_body("GM0505", "Far future", g, "9990-01-01", "9990-12-31");
	eh_snapshot before;
	eh_snapshot_take(eh_db(), &before);
	tresp *r = eh_request(BASE, "POST", "/api/v1/designations", b, NULL);
	if (r->status == 201) {
		const char *cap = t_str(r->json, "capDate");
		ck_assert_msg(cap && strlen(cap) == 10, "capDate is \"%s\": %s", cap ? cap : "(null)",
			      r->body);
	} else {
		ck_assert_msg(r->status == 422, "%ld %s", r->status, r->body);
		eh_assert_unchanged(eh_db(), &before);
	}
	t_free(r);
	free(b);
	free(g);
}
END_TEST

/* RD input (Content-Crs with <…>), answered in CRS84 by default. */
START_TEST(create_accepts_rd_input_with_angled_content_crs)
{
	char *g = eh_square(105000, 425000, 100);
	char *b = eh_create_body("GM0505", "RD angled", g, "2025-01-01", "2028-12-31");
	const char *h[] = { "Content-Crs: <" EH_RD_URI ">", NULL };
	tresp *r = eh_request(BASE, "POST", "/api/v1/designations", b, h);
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	ck_assert_str_eq(t_header(r, "Content-Crs"), CRS84_HEADER);
	json_t *ring = first_ring(r->json);
	/* (105000, 425000) in RD is (4.66214, 51.81138) in CRS84: longitude first */
	ck_assert_double_eq_tol(coord(ring, 0, 0), 4.662143717511645, 1e-6);
	ck_assert_double_eq_tol(coord(ring, 0, 1), 51.811382781585884, 1e-6);
	t_free(r);
	free(b);
	free(g);
}
END_TEST

START_TEST(create_accepts_rd_input_with_bare_content_crs)
{
	char *g = eh_square(105200, 425000, 100);
	char *b = eh_create_body("GM0505", "RD bare", g, "2025-01-01", "2028-12-31");
	const char *h[] = { "Content-Crs: " EH_RD_URI, NULL };
	tresp *r = eh_request(BASE, "POST", "/api/v1/designations?" EH_Q_RD, b, h);
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	ck_assert_str_eq(t_header(r, "Content-Crs"), RD_HEADER);
	json_t *ring = first_ring(r->json);
	ck_assert_double_eq_tol(coord(ring, 0, 0), 105200, 1e-3);
	ck_assert_double_eq_tol(coord(ring, 0, 1), 425000, 1e-3);
	ck_assert_double_eq_tol(coord(ring, 2, 0), 105300, 1e-3);
	ck_assert_double_eq_tol(coord(ring, 2, 1), 425100, 1e-3);
	t_free(r);
	free(b);
	free(g);
}
END_TEST

/* CRS84 input, ?crs=EPSG:28992 output: RD metres around Dordrecht. */
START_TEST(create_answers_in_rd_when_the_crs_query_asks)
{
	char *g = eh_square(4.670, 51.810, 0.001);
	char *b = eh_create_body("GM0505", "CRS84 in RD out", g, "2025-01-01", "2028-12-31");
	tresp *r = eh_request(BASE, "POST", "/api/v1/designations?" EH_Q_RD_ANGLED, b, NULL);
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	ck_assert_str_eq(t_header(r, "Content-Crs"), RD_HEADER);
	json_t *ring = first_ring(r->json);
	/* (4.67, 51.81) is (105540.24, 424840.79) in RD */
	ck_assert_double_eq_tol(coord(ring, 0, 0), 105540.240, 0.01);
	ck_assert_double_eq_tol(coord(ring, 0, 1), 424840.794, 0.01);
	for (size_t i = 0; i < json_array_size(ring); i++) {
		ck_assert(coord(ring, i, 0) > 100000 && coord(ring, i, 0) < 110000);
		ck_assert(coord(ring, i, 1) > 420000 && coord(ring, i, 1) < 430000);
	}
	t_free(r);
	free(b);
	free(g);
}
END_TEST

START_TEST(rd_input_is_returned_exactly_in_rd)
{
	char *g = eh_square(105400, 425000, 150);
	char *id = eh_create_rd(BASE, "GM0505", "RD exact", g, "2025-01-01", "2028-12-31");
	char *p = path_of(id, "?" EH_Q_RD);
	tresp *r = eh_request(BASE, "GET", p, NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert_str_eq(t_header(r, "Content-Crs"), RD_HEADER);
	ck_assert_str_eq(t_header(r, "ETag"), "\"1\"");
	json_t *ring = first_ring(r->json);
	static const double want[5][2] = {
		{ 105400, 425000 }, { 105550, 425000 }, { 105550, 425150 },
		{ 105400, 425150 }, { 105400, 425000 },
	};
	ck_assert_int_eq(json_array_size(ring), 5);
	for (size_t i = 0; i < 5; i++) {
		ck_assert_double_eq_tol(coord(ring, i, 0), want[i][0], 1e-3);
		ck_assert_double_eq_tol(coord(ring, i, 1), want[i][1], 1e-3);
	}
	t_free(r);
	free(p);
	free(id);
	free(g);
}
END_TEST

START_TEST(crs84_round_trip_agrees_within_1e7_degrees)
{
	static const double in[5][2] = {
		{ 4.6612345, 51.8123456 }, { 4.6634567, 51.8123456 }, { 4.6634567, 51.8145678 },
		{ 4.6612345, 51.8145678 }, { 4.6612345, 51.8123456 },
	};
	char g[512];
	snprintf(g, sizeof(g),
		 "{\"type\":\"Polygon\",\"coordinates\":[[[%.7f,%.7f],[%.7f,%.7f],[%.7f,%.7f],"
		 "[%.7f,%.7f],[%.7f,%.7f]]]}",
		 in[0][0], in[0][1], in[1][0], in[1][1], in[2][0], in[2][1], in[3][0], in[3][1],
		 in[4][0], in[4][1]);
	char *id = eh_create(BASE, "GM0505", "Round trip", g, "2025-01-01", "2028-12-31");
	char *p = path_of(id, "?" EH_Q_CRS84);
	tresp *r = eh_request(BASE, "GET", p, NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert_str_eq(t_header(r, "Content-Crs"), CRS84_HEADER);
	json_t *ring = first_ring(r->json);
	ck_assert_int_eq(json_array_size(ring), 5);
	for (size_t i = 0; i < 5; i++) {
		ck_assert_double_eq_tol(coord(ring, i, 0), in[i][0], 1e-7);
		ck_assert_double_eq_tol(coord(ring, i, 1), in[i][1], 1e-7);
	}
	t_free(r);
	free(p);
	free(id);
}
END_TEST

/* ============================ get and list ============================ */

START_TEST(get_returns_the_designation_with_etag)
{
	char *g = sq(4.740, 51.800);
	char *b = eh_create_body("GM0505", "Get me", g, "2025-01-01", "2028-12-31");
	tresp *c = eh_request(BASE, "POST", "/api/v1/designations", b, NULL);
	ck_assert_int_eq(c->status, 201);
	tresp *r = eh_get(BASE, t_str(c->json, "id"));
	ck_assert_str_eq(t_header(r, "ETag"), "\"1\"");
	ck_assert_str_eq(t_header(r, "Content-Crs"), CRS84_HEADER);
	ck_assert_str_eq(t_header(r, "Content-Type"), "application/json");
	/* the same representation as the 201 */
	ck_assert_msg(json_equal(r->json, c->json), "GET %s\n!= POST %s", r->body, c->body);
	t_free(r);
	t_free(c);
	free(b);
	free(g);
}
END_TEST

START_TEST(list_filters_by_municipality_code)
{
	char *a = create_at("GM1101", "Muni A", 4.80, 51.90, "2020-01-01", "2020-12-31");
	char *b = create_at("GM1101", "Muni B", 4.81, 51.90, "2020-01-01", "2020-12-31");
	char *c = create_at("GM1199", "Muni C", 4.82, 51.90, "2020-01-01", "2020-12-31");
	assert_list("municipalityCode=GM1101", (const char *[]){ a, b, NULL });
	assert_list("municipalityCode=GM1199", (const char *[]){ c, NULL });
	assert_list("municipalityCode=GM1198", (const char *[]){ NULL });
	free(a);
	free(b);
	free(c);
}
END_TEST

START_TEST(list_filters_by_kind)
{
	char *a = create_full("GM1102", "complex", "Kind complex", "[\"art8\"]", 4.80, 51.91);
	char *b = create_full("GM1102", "street", "Kind street", "[\"art8\"]", 4.81, 51.91);
	char *c = create_full("GM1102", "area", "Kind area", "[\"art8\"]", 4.82, 51.91);
	char *d = create_full("GM1102", "street", "Kind street 2", "[\"art8\"]", 4.83, 51.91);
	assert_list("municipalityCode=GM1102&kind=complex", (const char *[]){ a, NULL });
	assert_list("municipalityCode=GM1102&kind=street", (const char *[]){ b, d, NULL });
	assert_list("municipalityCode=GM1102&kind=area", (const char *[]){ c, NULL });
	free(a);
	free(b);
	free(c);
	free(d);
}
END_TEST

START_TEST(list_filters_by_measure)
{
	char *a = create_full("GM1103", "area", "Measure a", "[\"art8\"]", 4.80, 51.92);
	char *b = create_full("GM1103", "area", "Measure b", "[\"art9\",\"voorkeursrecht\"]", 4.81,
			      51.92);
	char *c = create_full("GM1103", "area", "Measure c", "[\"art10\",\"art8\"]", 4.82, 51.92);
	assert_list("municipalityCode=GM1103&measure=art8", (const char *[]){ a, c, NULL });
	assert_list("municipalityCode=GM1103&measure=art9", (const char *[]){ b, NULL });
	assert_list("municipalityCode=GM1103&measure=art10", (const char *[]){ c, NULL });
	assert_list("municipalityCode=GM1103&measure=voorkeursrecht", (const char *[]){ b, NULL });
	free(a);
	free(b);
	free(c);
}
END_TEST

START_TEST(list_filters_by_active_on)
{
	char *a = create_at("GM1104", "Active A", 4.80, 51.93, "2020-01-01", "2020-12-31");
	char *b = create_at("GM1104", "Active B", 4.81, 51.93, "2021-01-01", "2021-12-31");
	char *c = create_at("GM1104", "Active C", 4.82, 51.93, "2020-06-01", "2021-05-31");
	eh_withdraw(BASE, c, "2020-09-01"); /* designated until 2020-08-31 */
	char *d = create_at("GM1104", "Active D", 4.83, 51.93, "2018-01-01", "2018-12-31");
	eh_extend(BASE, d, "2019-06-30");
	assert_list("municipalityCode=GM1104&activeOn=2020-06-15", (const char *[]){ a, c, NULL });
	assert_list("municipalityCode=GM1104&activeOn=2020-08-31", (const char *[]){ a, c, NULL });
	assert_list("municipalityCode=GM1104&activeOn=2020-09-01", (const char *[]){ a, NULL });
	assert_list("municipalityCode=GM1104&activeOn=2020-12-31", (const char *[]){ a, NULL });
	assert_list("municipalityCode=GM1104&activeOn=2021-01-01", (const char *[]){ b, NULL });
	assert_list("municipalityCode=GM1104&activeOn=2021-03-01", (const char *[]){ b, NULL });
	assert_list("municipalityCode=GM1104&activeOn=2019-03-01", (const char *[]){ d, NULL });
	assert_list("municipalityCode=GM1104&activeOn=2019-12-31", (const char *[]){ NULL });
	free(a);
	free(b);
	free(c);
	free(d);
}
END_TEST

START_TEST(list_filters_by_status_on_today)
{
	char s[6][11];
	snprintf(s[0], 11, "%s", eh_today_plus(30));
	snprintf(s[1], 11, "%s", eh_today_plus(60));
	snprintf(s[2], 11, "%s", eh_today_plus(-30));
	snprintf(s[3], 11, "%s", eh_today_plus(30));
	snprintf(s[4], 11, "%s", eh_today_plus(-400));
	snprintf(s[5], 11, "%s", eh_today_plus(-31));
	char *planned = create_at("GM1106", "Planned", 4.80, 51.94, s[0], s[1]);
	char *active = create_at("GM1106", "Active", 4.81, 51.94, s[2], s[3]);
	char *expired = create_at("GM1106", "Expired", 4.82, 51.94, s[4], s[5]);
	char *withdrawn = create_at("GM1106", "Withdrawn", 4.83, 51.94, s[2], s[3]);
	eh_withdraw(BASE, withdrawn, eh_today_plus(-5));
	char *later = create_at("GM1106", "Withdrawn later", 4.84, 51.94, s[2], s[3]);
	eh_withdraw(BASE, later, eh_today_plus(5)); /* still active today */
	char *today = create_at("GM1106", "Withdrawn today", 4.85, 51.94, s[2], s[3]);
	eh_withdraw(BASE, today, eh_today_plus(0)); /* withdrawn from today on */
	assert_list("municipalityCode=GM1106&status=planned", (const char *[]){ planned, NULL });
	assert_list("municipalityCode=GM1106&status=active",
		    (const char *[]){ active, later, NULL });
	assert_list("municipalityCode=GM1106&status=expired", (const char *[]){ expired, NULL });
	assert_list("municipalityCode=GM1106&status=withdrawn",
		    (const char *[]){ withdrawn, today, NULL });
	/* the listed status agrees with the filter */
	tresp *r = list("municipalityCode=GM1106");
	ck_assert_int_eq(t_int(r->json, "numberMatched"), 6);
	static const char *const want[] = { "planned", "active", "expired", "withdrawn", "active",
					    "withdrawn" };
	for (size_t i = 0; i < 6; i++)
		ck_assert_str_eq(t_str(json_array_get(json_object_get(r->json, "items"), i),
				       "status"), want[i]);
	t_free(r);
	free(planned);
	free(active);
	free(expired);
	free(withdrawn);
	free(later);
	free(today);
}
END_TEST

/* Places 5.00–5.20 E, 52.00–52.10 N are used by the bbox and point tests only. */
START_TEST(list_filters_by_bbox)
{
	char *p = create_at("GM1105", "Bbox P", 5.000, 52.000, "2020-01-01", "2020-12-31");
	char *q = create_at("GM1105", "Bbox Q", 5.100, 52.000, "2020-01-01", "2020-12-31");
	assert_list("bbox=4.999,51.999,5.010,52.010", (const char *[]){ p, NULL });
	assert_list("bbox=5.099,51.999,5.110,52.010", (const char *[]){ q, NULL });
	assert_list("bbox=4.99,51.99,5.2,52.1", (const char *[]){ p, q, NULL });
	/* a box that only partly covers P still intersects it */
	assert_list("bbox=5.001,52.001,5.050,52.050", (const char *[]){ p, NULL });
	assert_list("bbox=5.03,52.03,5.06,52.06", (const char *[]){ NULL });
	assert_list("bbox=4.99,51.99,5.2,52.1&municipalityCode=GM1105&status=expired",
		    (const char *[]){ p, q, NULL });
	/* bbox is longitude/latitude whatever crs asks for the answer */
	assert_list("bbox=4.999,51.999,5.010,52.010&" EH_Q_RD, (const char *[]){ p, NULL });
	free(p);
	free(q);
}
END_TEST

/* QGIS and GDAL ask for large extents; a box around the whole world holds
 * every designation. */
START_TEST(list_bbox_covering_the_whole_world_finds_the_designation)
{
	char *p = create_at("GM1107", "World bbox", 5.150, 52.050, "2020-01-01", "2020-12-31");
	assert_list("municipalityCode=GM1107&bbox=-10,35,30,70", (const char *[]){ p, NULL });
	assert_list("municipalityCode=GM1107&bbox=-180,-90,180,90", (const char *[]){ p, NULL });
	free(p);
}
END_TEST

START_TEST(list_filters_by_point)
{
	char *p = create_at("GM1108", "Point P", 5.000, 52.080, "2020-01-01", "2020-12-31");
	char *q = create_at("GM1108", "Point Q", 5.001, 52.081, "2020-01-01", "2020-12-31");
	assert_list("point=5.0005,52.0805", (const char *[]){ p, NULL });
	assert_list("point=5.0015,52.0815", (const char *[]){ p, q, NULL });
	assert_list("point=5.0025,52.0825", (const char *[]){ q, NULL });
	assert_list("point=5.05,52.09", (const char *[]){ NULL });
	assert_list("point=5.0015,52.0815&municipalityCode=GM1108&kind=area",
		    (const char *[]){ p, q, NULL });
	free(p);
	free(q);
}
END_TEST

static char *page_ids[5];

/* Five designations of muni, created in order (the list order). */
static void make_page_rows(const char *muni)
{
	for (int i = 0; i < 5; i++) {
		char name[32];
		snprintf(name, sizeof(name), "Page %s %d", muni, i);
		page_ids[i] = create_at(muni, name, 4.90 + 0.004 * i, 52.20, "2020-01-01",
					"2020-12-31");
	}
}

static void free_page_rows(void)
{
	for (int i = 0; i < 5; i++)
		free(page_ids[i]);
}

START_TEST(list_pages_with_limit_and_offset)
{
	make_page_rows("GM1201");
	tresp *r = list("municipalityCode=GM1201&limit=2");
	ck_assert_int_eq(t_int(r->json, "numberMatched"), 5);
	ck_assert_str_eq(eh_item_ids(r), ids_of((const char *[]){ page_ids[0], page_ids[1], NULL }));
	ck_assert_ptr_nonnull(eh_link(r, "self"));
	ck_assert_ptr_nonnull(eh_link(r, "next"));
	ck_assert_ptr_null(eh_link(r, "prev"));
	t_free(r);

	r = list("municipalityCode=GM1201&limit=2&offset=2");
	ck_assert_int_eq(t_int(r->json, "numberMatched"), 5);
	ck_assert_str_eq(eh_item_ids(r), ids_of((const char *[]){ page_ids[2], page_ids[3], NULL }));
	ck_assert_ptr_nonnull(eh_link(r, "next"));
	ck_assert_ptr_nonnull(eh_link(r, "prev"));
	t_free(r);

	r = list("municipalityCode=GM1201&limit=2&offset=4");
	ck_assert_int_eq(t_int(r->json, "numberMatched"), 5);
	ck_assert_str_eq(eh_item_ids(r), ids_of((const char *[]){ page_ids[4], NULL }));
	ck_assert_ptr_null(eh_link(r, "next"));
	ck_assert_ptr_nonnull(eh_link(r, "prev"));
	t_free(r);

	/* exactly one full page: no next */
	r = list("municipalityCode=GM1201&limit=5");
	ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), 5);
	ck_assert_ptr_null(eh_link(r, "next"));
	ck_assert_ptr_null(eh_link(r, "prev"));
	t_free(r);

	/* the default page holds all five, in CRS84 */
	r = list("municipalityCode=GM1201");
	ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), 5);
	ck_assert_str_eq(t_header(r, "Content-Crs"), CRS84_HEADER);
	ck_assert_str_eq(t_header(r, "Content-Type"), "application/json");
	ck_assert_str_eq(eh_link(r, "self"),
			 strcat(strcpy((char[256]){ 0 }, BASE),
				"/api/v1/designations?limit=100&offset=0&municipalityCode=GM1201"));
	t_free(r);
	free_page_rows();
}
END_TEST

START_TEST(list_next_link_followed_verbatim_gives_the_next_page)
{
	make_page_rows("GM1202");
	tresp *r = list("municipalityCode=GM1202&limit=2&offset=1");
	const char *next = eh_link(r, "next");
	ck_assert_ptr_nonnull(next);
	ck_assert_msg(strncmp(next, BASE, strlen(BASE)) == 0, "next is not absolute: %s", next);
	tresp *n = eh_request("", "GET", next, NULL, NULL);
	ck_assert_msg(n->status == 200, "%s: %ld %s", next, n->status, n->body);
	ck_assert_ptr_null(json_object_get(n->json, "numberMatched")); /* by cursor: not counted */
	ck_assert_str_eq(eh_item_ids(n), ids_of((const char *[]){ page_ids[3], page_ids[4], NULL }));
	ck_assert_ptr_null(eh_link(n, "next"));
	/* the next link carries a cursor, not an offset; its page has no prev
	 * link (keyset paging goes forward); the offset page's prev leads back */
	ck_assert_msg(strstr(next, "cursor=") && !strstr(next, "offset="), "next: %s", next);
	ck_assert_ptr_null(eh_link(n, "prev"));
	const char *prev = eh_link(r, "prev");
	ck_assert_ptr_nonnull(prev);
	tresp *p = eh_request("", "GET", prev, NULL, NULL);
	ck_assert_int_eq(p->status, 200);
	ck_assert_str_eq(eh_item_ids(p), ids_of((const char *[]){ page_ids[0], page_ids[1], NULL }));
	t_free(p);
	t_free(n);
	t_free(r);
	free_page_rows();
}
END_TEST

START_TEST(list_links_keep_the_filters_and_the_crs)
{
	make_page_rows("GM1203");
	tresp *r = list("municipalityCode=GM1203&kind=area&activeOn=2020-05-05&limit=1&" EH_Q_RD);
	ck_assert_str_eq(t_header(r, "Content-Crs"), RD_HEADER);
	ck_assert_int_eq(t_int(r->json, "numberMatched"), 5);
	const char *next = eh_link(r, "next");
	ck_assert_ptr_nonnull(next);
	tresp *n = eh_request("", "GET", next, NULL, NULL);
	ck_assert_int_eq(n->status, 200);
	ck_assert_str_eq(t_header(n, "Content-Crs"), RD_HEADER);
	ck_assert_ptr_null(json_object_get(n->json, "numberMatched")); /* by cursor: not counted */
	ck_assert_str_eq(eh_item_ids(n), page_ids[1]);
	json_t *ring = first_ring(json_array_get(json_object_get(n->json, "items"), 0));
	ck_assert(coord(ring, 0, 0) > 1000); /* metres, not degrees */
	t_free(n);
	t_free(r);
	free_page_rows();
}
END_TEST

START_TEST(list_offset_past_the_end_keeps_number_matched)
{
	make_page_rows("GM1204");
	tresp *r = list("municipalityCode=GM1204&limit=2&offset=100");
	ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), 0);
	ck_assert_int_eq(t_int(r->json, "numberMatched"), 5);
	ck_assert_ptr_null(eh_link(r, "next"));
	ck_assert_ptr_nonnull(eh_link(r, "prev"));
	t_free(r);
	free_page_rows();
}
END_TEST

START_TEST(list_accepts_limit_1000)
{
	tresp *r = list("limit=1000&municipalityCode=GM1198");
	ck_assert_int_eq(t_int(r->json, "numberMatched"), 0);
	t_free(r);
}
END_TEST

static void assert_bad_query(const char *query, const char *param)
{
	char path[512];
	snprintf(path, sizeof(path), "/api/v1/designations?%s", query);
	tresp *r = eh_request(BASE, "GET", path, NULL, NULL);
	eh_assert_problem(r, 400, "invalid-query-parameter", path);
	eh_assert_param(r, param, NULL);
	t_free(r);
}

START_TEST(list_limit_1001_is_400)
{
	assert_bad_query("limit=1001", "limit");
}
END_TEST

START_TEST(list_limit_0_is_400)
{
	assert_bad_query("limit=0", "limit");
}
END_TEST

START_TEST(list_limit_not_a_number_is_400)
{
	assert_bad_query("limit=ten", "limit");
	assert_bad_query("limit=-5", "limit");
}
END_TEST

START_TEST(list_offset_minus_one_is_400)
{
	assert_bad_query("offset=-1", "offset");
}
END_TEST

/* Offsets stop at 10 000 (deeper pages by the cursor of a next link: issue 16) */
#define OFFSET_RANGE                                                                       \
	"offset must be a whole number from 0 to 10000; deeper pages are reached by the cursor " \
	"of the next link."

/* Offsets and limits past their range are refused, saying the range; none
 * is clamped or wrapped (issue 12 point 9). */
START_TEST(list_offset_or_limit_out_of_range_is_400_naming_the_range)
{
	static const struct { const char *query, *param, *reason; } cases[] = {
		{ "offset=10001", "offset", OFFSET_RANGE },
		{ "offset=99999999999999999999", "offset", OFFSET_RANGE },
		{ "offset=18446744073709551616", "offset", OFFSET_RANGE },
		{ "limit=99999999999999999999", "limit", "limit must be a whole number from 1 to 1000." },
	};
	/* the audit log reads its paging with the same query_paging */
	const char *lists[] = { "/api/v1/designations", "/api/v1/sale-notifications" };
	for (size_t l = 0; l < sizeof(lists) / sizeof(lists[0]); l++)
		for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			char path[256];
			snprintf(path, sizeof(path), "%s?%s", lists[l], cases[i].query);
			tresp *r = eh_request(BASE, "GET", path, NULL, NULL);
			eh_assert_problem(r, 400, "invalid-query-parameter", path);
			ck_assert_msg(eh_param(r, cases[i].param, "out-of-range"), "%s: %s", path,
				      r->body);
			ck_assert_str_eq(t_str(eh_param(r, cases[i].param, NULL), "reason"),
					 cases[i].reason);
			t_free(r);
		}
	tresp *r = list("offset=10000");
	ck_assert_int_eq(r->status, 200);
	ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), 0);
	t_free(r);
}
END_TEST

START_TEST(list_bad_bbox_is_400)
{
	assert_bad_query("bbox=4.6,51.7,4.7", "bbox");
	assert_bad_query("bbox=4.6,51.7,4.7,51.9,1", "bbox");
	assert_bad_query("bbox=a,b,c,d", "bbox");
	assert_bad_query("bbox=4.7,51.7,4.6,51.9", "bbox"); /* minLon > maxLon */
	assert_bad_query("bbox=4.6,51.9,4.7,51.7", "bbox"); /* minLat > maxLat */
	/* the parser the OGC items share: 6 numbers (heights) only there */
	tresp *r = eh_request(BASE, "GET", "/api/v1/designations?bbox=4.6,51.7,0,4.7,51.9,9",
			      NULL, NULL);
	eh_assert_problem(r, 400, "invalid-query-parameter", NULL);
	eh_assert_param(r, "bbox", "invalid-bbox");
	t_free(r);
}
END_TEST

/* Coordinates that are not longitude/latitude are the client's mistake: 400,
 * not a 500 from PostGIS. */
START_TEST(list_bbox_outside_longitude_latitude_range_is_400)
{
	assert_bad_query("bbox=4,51,5,95", "bbox");
}
END_TEST

START_TEST(list_bad_point_is_400)
{
	assert_bad_query("point=4.6", "point");
	assert_bad_query("point=4.6,x", "point");
}
END_TEST

START_TEST(list_point_outside_longitude_latitude_range_is_400)
{
	assert_bad_query("point=4.6,95", "point");
	tresp *r = eh_request(BASE, "GET", "/api/v1/designations?point=181,52", NULL, NULL);
	eh_assert_param(r, "point", "out-of-range");
	t_free(r);
	r = eh_request(BASE, "GET", "/api/v1/designations?point=4.6,52,1", NULL, NULL);
	eh_assert_param(r, "point", "invalid-coordinates");
	t_free(r);
}
END_TEST

START_TEST(list_unknown_filter_values_are_400)
{
	assert_bad_query("status=pending", "status");
	assert_bad_query("kind=building", "kind");
	assert_bad_query("measure=art11", "measure");
	assert_bad_query("municipalityCode=GM505", "municipalityCode");
	assert_bad_query("activeOn=2026-02-29", "activeOn");
	assert_bad_query("crs=EPSG%3A28992", "crs");
}
END_TEST

/* ============================ PATCH ============================ */

static char *patch_target(const char *name, double lon)
{
	return create_at("GM1301", name, lon, 52.30, "2020-01-01", "2020-12-31");
}

START_TEST(patch_with_current_if_match_answers_200_version_2_and_new_etag)
{
	char *id = patch_target("Patch me", 4.90);
	char *p = path_of(id, NULL);
	const char *h[] = { "If-Match: \"1\"", NULL };
	tresp *r = eh_request(BASE, "PATCH", p, "{\"name\":\"Patched\"}", h);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	ck_assert_str_eq(t_header(r, "ETag"), "\"2\"");
	ck_assert_str_eq(t_header(r, "Content-Crs"), CRS84_HEADER);
	ck_assert_int_eq(t_int(r->json, "version"), 2);
	ck_assert_str_eq(t_str(r->json, "name"), "Patched");
	ck_assert_str_eq(t_str(r->json, "kind"), "area"); /* untouched */
	ck_assert(strcmp(t_str(r->json, "updatedAt"), t_str(r->json, "createdAt")) >= 0);
	tresp *g = eh_get(BASE, id);
	ck_assert_str_eq(t_header(g, "ETag"), "\"2\"");
	ck_assert_str_eq(t_str(g->json, "name"), "Patched");
	t_free(g);
	t_free(r);
	free(p);
	free(id);
}
END_TEST

START_TEST(patch_with_stale_if_match_is_412_and_changes_nothing)
{
	char *id = patch_target("Stale", 4.91);
	char *p = path_of(id, NULL);
	tresp *r = eh_request(BASE, "PATCH", p, "{\"name\":\"Second\"}",
			     (const char *[]){ "If-Match: \"1\"", NULL });
	ck_assert_int_eq(r->status, 200);
	t_free(r);
	eh_snapshot before;
	eh_snapshot_take(eh_db(), &before);
	r = eh_request(BASE, "PATCH", p, "{\"name\":\"Third\"}",
		      (const char *[]){ "If-Match: \"1\"", NULL });
	eh_assert_problem(r, 412, "stale-version", p);
	t_free(r);
	eh_assert_unchanged(eh_db(), &before);
	tresp *g = eh_get(BASE, id);
	ck_assert_str_eq(t_str(g->json, "name"), "Second");
	ck_assert_int_eq(t_int(g->json, "version"), 2);
	t_free(g);
	free(p);
	free(id);
}
END_TEST

START_TEST(patch_if_match_accepts_a_list_and_a_star)
{
	char *id = patch_target("If-Match forms", 4.92);
	char *p = path_of(id, NULL);
	tresp *r = eh_request(BASE, "PATCH", p, "{\"name\":\"List\"}",
			     (const char *[]){ "If-Match: \"7\", \"1\"", NULL });
	ck_assert_int_eq(r->status, 200);
	t_free(r);
	r = eh_request(BASE, "PATCH", p, "{\"name\":\"Star\"}", (const char *[]){ "If-Match: *", NULL });
	ck_assert_int_eq(r->status, 200);
	ck_assert_int_eq(t_int(r->json, "version"), 3);
	t_free(r);
	/* a weak tag never matches */
	r = eh_request(BASE, "PATCH", p, "{\"name\":\"Weak\"}",
		      (const char *[]){ "If-Match: W/\"3\"", NULL });
	eh_assert_problem(r, 412, "stale-version", p);
	t_free(r);
	free(p);
	free(id);
}
END_TEST

START_TEST(patch_accepts_merge_patch_json)
{
	char *id = patch_target("Merge patch", 4.93);
	char *p = path_of(id, NULL);
	const char *h[] = { "Content-Type: application/merge-patch+json", "If-Match: \"1\"", NULL };
	tresp *r = eh_request(BASE, "PATCH", p,
			     "{\"kind\":\"street\",\"measures\":[\"art9\",\"art8\"]}", h);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	ck_assert_str_eq(t_str(r->json, "kind"), "street");
	ck_assert_int_eq(json_array_size(json_object_get(r->json, "measures")), 2);
	ck_assert_str_eq(t_str(r->json, "name"), "Merge patch");
	ck_assert_int_eq(t_int(r->json, "version"), 2);
	t_free(r);
	free(p);
	free(id);
}
END_TEST

START_TEST(patch_empty_object_is_422_and_changes_nothing)
{
	char *id = patch_target("Empty patch", 4.94);
	char *p = path_of(id, NULL);
	eh_snapshot before;
	eh_snapshot_take(eh_db(), &before);
	tresp *r = eh_request(BASE, "PATCH", p, "{}", NULL);
	eh_assert_problem(r, 422, "invalid-input", p);
	eh_assert_param(r, "body", "empty-patch");
	t_free(r);
	eh_assert_unchanged(eh_db(), &before);
	free(p);
	free(id);
}
END_TEST

START_TEST(patch_bag_ids_empty_list_clears_them)
{
	char *g = sq(4.95, 52.30);
	char *b = NULL;
	if (asprintf(&b,
		     "{\"municipalityCode\":\"GM1301\",\"kind\":\"area\",\"name\":\"Bag\","
		     "\"measures\":[\"art8\"],\"geometry\":%s,\"bagIds\":[\"0505100000012345\"],"
		     "\"firstPeriod\":{\"start\":\"2020-01-01\",\"end\":\"2020-12-31\","
		     "\"decisionReference\":\"R\"}}",
		     g) < 0)
		abort();
	tresp *c = eh_request(BASE, "POST", "/api/v1/designations", b, NULL);
	ck_assert_int_eq(c->status, 201);
	char *p = path_of(t_str(c->json, "id"), NULL);
	tresp *r = eh_request(BASE, "PATCH", p, "{\"bagIds\":[]}", NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert_int_eq(json_array_size(json_object_get(r->json, "bagIds")), 0);
	ck_assert_str_eq(t_str(r->json, "name"), "Bag");
	t_free(r);
	t_free(c);
	free(p);
	free(b);
	free(g);
}
END_TEST

START_TEST(patch_geometry_is_stored_and_returned)
{
	char *id = patch_target("Patch geometry", 4.96);
	char *p = path_of(id, "?" EH_Q_RD);
	char *g = eh_square(106000, 426000, 50);
	char *body = NULL;
	if (asprintf(&body, "{\"geometry\":%s}", g) < 0)
		abort();
	const char *h[] = { "Content-Crs: " EH_RD_URI, NULL };
	tresp *r = eh_request(BASE, "PATCH", p, body, h);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	ck_assert_str_eq(t_header(r, "Content-Crs"), RD_HEADER);
	json_t *ring = first_ring(r->json);
	ck_assert_double_eq_tol(coord(ring, 0, 0), 106000, 1e-3);
	ck_assert_double_eq_tol(coord(ring, 2, 1), 426050, 1e-3);
	t_free(r);
	tresp *get = eh_request(BASE, "GET", p, NULL, NULL);
	ck_assert_double_eq_tol(coord(first_ring(get->json), 0, 0), 106000, 1e-3);
	t_free(get);
	free(body);
	free(g);
	free(p);
	free(id);
}
END_TEST

START_TEST(patch_self_intersecting_geometry_is_422_and_changes_nothing)
{
	char *id = patch_target("Patch bow-tie", 4.97);
	char *p = path_of(id, NULL);
	eh_snapshot before;
	eh_snapshot_take(eh_db(), &before);
	tresp *r = eh_request(BASE, "PATCH", p,
			     "{\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[4.97,52.30],"
			     "[4.98,52.31],[4.98,52.30],[4.97,52.31],[4.97,52.30]]]}}",
			     NULL);
	ck_assert_int_eq(r->status, 422);
	json_t *param = eh_param(r, "geometry", NULL);
	ck_assert_ptr_nonnull(param);
	ck_assert_msg(strstr(t_str(param, "reason"), "Self-intersection"), "%s", r->body);
	t_free(r);
	eh_assert_unchanged(eh_db(), &before);
	free(p);
	free(id);
}
END_TEST

START_TEST(patch_geometry_outside_the_netherlands_is_422_and_changes_nothing)
{
	char *id = patch_target("Patch Paris", 4.98);
	char *p = path_of(id, NULL);
	eh_snapshot before;
	eh_snapshot_take(eh_db(), &before);
	char *g = eh_square(2.35, 48.85, 0.01);
	char *body = NULL;
	if (asprintf(&body, "{\"geometry\":%s}", g) < 0)
		abort();
	tresp *r = eh_request(BASE, "PATCH", p, body, NULL);
	ck_assert_int_eq(r->status, 422);
	eh_assert_param(r, "geometry", "outside-netherlands");
	t_free(r);
	eh_assert_unchanged(eh_db(), &before);
	free(body);
	free(g);
	free(p);
	free(id);
}
END_TEST

/* ============================ extensions ============================ */

static tresp *extend(const char *id, const char *end, const char *const *headers)
{
	char *p = path_of(id, "/extensions");
	char body[128];
	snprintf(body, sizeof(body), "{\"end\":\"%s\",\"decisionReference\":\"Stcrt. ext\"}", end);
	tresp *r = eh_request(BASE, "POST", p, body, headers);
	free(p);
	return r;
}

START_TEST(extension_starts_the_day_after_the_last_end)
{
	char *id = create_at("GM1401", "Extend", 5.30, 52.40, "2025-01-01", "2026-06-30");
	tresp *r = extend(id, "2028-12-31", NULL);
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	ck_assert_str_eq(t_header(r, "ETag"), "\"2\"");
	ck_assert_str_eq(t_header(r, "Content-Crs"), CRS84_HEADER);
	char loc[256];
	snprintf(loc, sizeof(loc), "%s/api/v1/designations/%s", BASE, id);
	ck_assert_str_eq(t_header(r, "Location"), loc);
	json_t *periods = json_object_get(r->json, "periods");
	ck_assert_int_eq(json_array_size(periods), 2);
	json_t *p2 = json_array_get(periods, 1);
	ck_assert_int_eq(t_int(p2, "sequence"), 2);
	ck_assert_str_eq(t_str(p2, "start"), "2026-07-01");
	ck_assert_str_eq(t_str(p2, "end"), "2028-12-31");
	ck_assert_str_eq(t_str(p2, "kind"), "extension");
	ck_assert_str_eq(t_str(p2, "decisionReference"), "Stcrt. ext");
	ck_assert_str_eq(t_str(r->json, "designatedFrom"), "2025-01-01");
	ck_assert_str_eq(t_str(r->json, "designatedUntil"), "2028-12-31");
	ck_assert_str_eq(t_str(r->json, "capDate"), "2044-12-31");
	ck_assert_int_eq(t_int(r->json, "version"), 2);
	t_free(r);
	free(id);
}
END_TEST

START_TEST(extension_of_exactly_four_years_is_accepted)
{
	char *id = create_at("GM1401", "Extend 4y", 5.31, 52.40, "2023-01-01", "2026-12-31");
	tresp *r = extend(id, "2030-12-31", NULL);
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	json_t *p2 = json_array_get(json_object_get(r->json, "periods"), 1);
	ck_assert_str_eq(t_str(p2, "start"), "2027-01-01");
	ck_assert_str_eq(t_str(p2, "end"), "2030-12-31");
	t_free(r);
	free(id);
}
END_TEST

START_TEST(extension_one_day_longer_than_four_years_is_422_and_changes_nothing)
{
	char *id = create_at("GM1401", "Extend 4y+1", 5.32, 52.40, "2023-01-01", "2026-12-31");
	eh_snapshot before;
	eh_snapshot_take(eh_db(), &before);
	tresp *r = extend(id, "2031-01-01", NULL);
	char *p = path_of(id, "/extensions");
	eh_assert_problem(r, 422, "period-too-long", p);
	eh_assert_param(r, "end", "period-too-long");
	t_free(r);
	eh_assert_unchanged(eh_db(), &before);
	free(p);
	free(id);
}
END_TEST

START_TEST(extension_ending_before_its_start_is_422)
{
	char *id = create_at("GM1401", "Extend backwards", 5.33, 52.40, "2023-01-01", "2026-12-31");
	eh_snapshot before;
	eh_snapshot_take(eh_db(), &before);
	tresp *r = extend(id, "2026-12-31", NULL); /* the new period would start 2027-01-01 */
	eh_assert_problem(r, 422, "end-before-start", NULL);
	eh_assert_param(r, "end", "end-before-start");
	t_free(r);
	eh_assert_unchanged(eh_db(), &before);
	free(id);
}
END_TEST

START_TEST(fifth_extension_is_409_extensions_exhausted)
{
	char *id = create_at("GM1401", "Extend 5x", 5.34, 52.40, "2000-01-01", "2000-12-31");
	eh_extend(BASE, id, "2001-12-31");
	eh_extend(BASE, id, "2002-12-31");
	eh_extend(BASE, id, "2003-12-31");
	eh_extend(BASE, id, "2004-12-31");
	tresp *g = eh_get(BASE, id);
	ck_assert_int_eq(json_array_size(json_object_get(g->json, "periods")), 5);
	ck_assert_int_eq(t_int(json_array_get(json_object_get(g->json, "periods"), 4), "sequence"),
			 5);
	ck_assert_int_eq(t_int(g->json, "version"), 5);
	t_free(g);
	eh_snapshot before;
	eh_snapshot_take(eh_db(), &before);
	tresp *r = extend(id, "2005-12-31", NULL);
	char *p = path_of(id, "/extensions");
	eh_assert_problem(r, 409, "extensions-exhausted", p);
	t_free(r);
	eh_assert_unchanged(eh_db(), &before);
	free(p);
	free(id);
}
END_TEST

START_TEST(extension_of_a_withdrawn_designation_is_409)
{
	char *id = create_at("GM1401", "Extend withdrawn", 5.35, 52.40, "2020-01-01", "2020-12-31");
	eh_withdraw(BASE, id, "2020-06-01");
	eh_snapshot before;
	eh_snapshot_take(eh_db(), &before);
	tresp *r = extend(id, "2021-12-31", NULL);
	eh_assert_problem(r, 409, "designation-withdrawn", NULL);
	t_free(r);
	eh_assert_unchanged(eh_db(), &before);
	free(id);
}
END_TEST

START_TEST(extension_with_stale_if_match_is_412)
{
	char *id = create_at("GM1401", "Extend stale", 5.36, 52.40, "2020-01-01", "2020-12-31");
	eh_extend(BASE, id, "2021-12-31");
	eh_snapshot before;
	eh_snapshot_take(eh_db(), &before);
	tresp *r = extend(id, "2022-12-31", (const char *[]){ "If-Match: \"1\"", NULL });
	eh_assert_problem(r, 412, "stale-version", NULL);
	t_free(r);
	eh_assert_unchanged(eh_db(), &before);
	r = extend(id, "2022-12-31", (const char *[]){ "If-Match: \"2\"", NULL });
	ck_assert_int_eq(r->status, 201);
	ck_assert_str_eq(t_header(r, "ETag"), "\"3\"");
	t_free(r);
	free(id);
}
END_TEST

START_TEST(extension_of_an_unknown_designation_is_404)
{
	tresp *r = extend("0b7c3f4e-5d21-4a8e-9c6f-2e1d7a9b4c30", "2030-12-31", NULL);
	eh_assert_problem(r, 404, "not-found",
			  "/api/v1/designations/0b7c3f4e-5d21-4a8e-9c6f-2e1d7a9b4c30/extensions");
	t_free(r);
}
END_TEST

/* ============================ withdrawal ============================ */

static tresp *withdraw(const char *id, const char *on, const char *const *headers)
{
	char *p = path_of(id, "/withdrawal");
	char body[160];
	snprintf(body, sizeof(body), "{\"on\":\"%s\",\"reason\":\"Raadsbesluit 2026-041\"}", on);
	tresp *r = eh_request(BASE, "POST", p, body, headers);
	free(p);
	return r;
}

START_TEST(withdrawal_on_the_first_start_leaves_no_designated_day)
{
	char start[11];
	snprintf(start, sizeof(start), "%s", eh_today_plus(-5));
	char *id = create_at("GM1501", "Withdraw first", 5.40, 52.50, start, eh_today_plus(100));
	tresp *r = withdraw(id, start, NULL);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	ck_assert(json_is_null(json_object_get(r->json, "designatedUntil")));
	ck_assert_str_eq(t_str(r->json, "withdrawnOn"), start);
	ck_assert_str_eq(t_str(r->json, "withdrawalReason"), "Raadsbesluit 2026-041");
	ck_assert_str_eq(t_str(r->json, "status"), "withdrawn");
	ck_assert_str_eq(t_str(r->json, "designatedFrom"), start);
	ck_assert_int_eq(t_int(r->json, "version"), 2);
	ck_assert_str_eq(t_header(r, "ETag"), "\"2\"");
	ck_assert_str_eq(t_header(r, "Content-Crs"), CRS84_HEADER);
	t_free(r);
	free(id);
}
END_TEST

START_TEST(withdrawal_on_a_middle_day_ends_the_day_before)
{
	char end[11];
	snprintf(end, sizeof(end), "%s", eh_today_plus(100));
	char *id = create_at("GM1501", "Withdraw middle", 5.41, 52.50, eh_today_plus(-100), end);
	char on[11], until[11];
	snprintf(on, sizeof(on), "%s", eh_today_plus(-10));
	snprintf(until, sizeof(until), "%s", eh_today_plus(-11));
	tresp *r = withdraw(id, on, NULL);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	ck_assert_str_eq(t_str(r->json, "designatedUntil"), until);
	ck_assert_str_eq(t_str(r->json, "withdrawnOn"), on);
	ck_assert_str_eq(t_str(r->json, "status"), "withdrawn");
	/* the periods themselves stay as decided */
	ck_assert_str_eq(t_str(json_array_get(json_object_get(r->json, "periods"), 0), "end"), end);
	t_free(r);
	free(id);
}
END_TEST

START_TEST(withdrawal_on_the_last_day_is_accepted)
{
	char *id = create_at("GM1501", "Withdraw last", 5.42, 52.50, "2020-01-01", "2020-12-31");
	tresp *r = withdraw(id, "2020-12-31", NULL);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	ck_assert_str_eq(t_str(r->json, "designatedUntil"), "2020-12-30");
	ck_assert_str_eq(t_str(r->json, "status"), "withdrawn");
	t_free(r);
	free(id);
}
END_TEST

START_TEST(withdrawal_in_the_future_keeps_the_status_active)
{
	char *id = create_at("GM1501", "Withdraw later", 5.43, 52.50, eh_today_plus(-10),
			     eh_today_plus(100));
	char on[11];
	snprintf(on, sizeof(on), "%s", eh_today_plus(10));
	tresp *r = withdraw(id, on, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert_str_eq(t_str(r->json, "status"), "active");
	ck_assert_str_eq(t_str(r->json, "withdrawnOn"), on);
	ck_assert_str_eq(t_str(r->json, "designatedUntil"), eh_today_plus(9));
	t_free(r);
	free(id);
}
END_TEST

START_TEST(withdrawal_in_an_extension_period_is_accepted)
{
	char *id = create_at("GM1501", "Withdraw extended", 5.44, 52.50, "2018-01-01", "2018-12-31");
	eh_extend(BASE, id, "2020-12-31");
	tresp *r = withdraw(id, "2020-01-01", NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert_str_eq(t_str(r->json, "designatedUntil"), "2019-12-31");
	t_free(r);
	free(id);
}
END_TEST

START_TEST(withdrawal_outside_the_designated_days_is_422)
{
	char *id = create_at("GM1501", "Withdraw outside", 5.45, 52.50, "2020-01-01", "2020-12-31");
	char *p = path_of(id, "/withdrawal");
	eh_snapshot before;
	eh_snapshot_take(eh_db(), &before);
	tresp *r = withdraw(id, "2019-12-31", NULL);
	eh_assert_problem(r, 422, "withdrawal-out-of-range", p);
	eh_assert_param(r, "on", "withdrawal-out-of-range");
	t_free(r);
	r = withdraw(id, "2021-01-01", NULL);
	eh_assert_problem(r, 422, "withdrawal-out-of-range", p);
	eh_assert_param(r, "on", "withdrawal-out-of-range");
	t_free(r);
	eh_assert_unchanged(eh_db(), &before);
	free(p);
	free(id);
}
END_TEST

START_TEST(second_withdrawal_is_409_already_withdrawn)
{
	char *id = create_at("GM1501", "Withdraw twice", 5.46, 52.50, "2020-01-01", "2020-12-31");
	eh_withdraw(BASE, id, "2020-06-01");
	eh_snapshot before;
	eh_snapshot_take(eh_db(), &before);
	tresp *r = withdraw(id, "2020-03-01", NULL);
	char *p = path_of(id, "/withdrawal");
	eh_assert_problem(r, 409, "already-withdrawn", p);
	t_free(r);
	eh_assert_unchanged(eh_db(), &before);
	free(p);
	free(id);
}
END_TEST

START_TEST(withdrawal_with_stale_if_match_is_412)
{
	char *id = create_at("GM1501", "Withdraw stale", 5.47, 52.50, "2020-01-01", "2020-12-31");
	char *p = path_of(id, NULL);
	tresp *r = eh_request(BASE, "PATCH", p, "{\"name\":\"Withdraw stale 2\"}", NULL);
	ck_assert_int_eq(r->status, 200);
	t_free(r);
	free(p);
	eh_snapshot before;
	eh_snapshot_take(eh_db(), &before);
	r = withdraw(id, "2020-06-01", (const char *[]){ "If-Match: \"1\"", NULL });
	eh_assert_problem(r, 412, "stale-version", NULL);
	t_free(r);
	eh_assert_unchanged(eh_db(), &before);
	free(id);
}
END_TEST

/* ============================ the place cap ============================ */

/* A designation designated 2000-01-01 … 2019-12-31: 7 305 days, the whole cap. */
static char *twenty_years(const char *muni, const char *name, const char *geometry, bool rd)
{
	char *id = rd ? eh_create_rd(BASE, muni, name, geometry, "2000-01-01", "2003-12-31")
		      : eh_create(BASE, muni, name, geometry, "2000-01-01", "2003-12-31");
	eh_extend(BASE, id, "2007-12-31");
	eh_extend(BASE, id, "2011-12-31");
	eh_extend(BASE, id, "2015-12-31");
	eh_extend(BASE, id, "2019-12-31");
	return id;
}

static tresp *post_rd(const char *muni, const char *name, const char *geometry,
		      const char *start, const char *end)
{
	char *b = eh_create_body(muni, name, geometry, start, end);
	tresp *r = eh_request(BASE, "POST", "/api/v1/designations", b,
			     (const char *[]){ "Content-Crs: " EH_RD_URI, NULL });
	free(b);
	return r;
}

START_TEST(place_cap_of_exactly_7305_days_is_accepted)
{
	char *ga = eh_square(110000, 430000, 100), *gb = eh_square(110050, 430050, 100);
	char *a = eh_create_rd(BASE, "GM1601", "Cap16 A", ga, "2000-01-01", "2003-12-31");
	eh_extend(BASE, a, "2007-12-31");
	eh_extend(BASE, a, "2011-12-31");
	eh_extend(BASE, a, "2015-12-31"); /* 5 844 days */
	tresp *r = post_rd("GM1601", "Cap16 B", gb, "2016-01-01", "2019-12-31"); /* + 1 461 */
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	t_free(r);
	free(a);
	free(ga);
	free(gb);
}
END_TEST

START_TEST(place_cap_exceeded_on_create_is_409_naming_the_other)
{
	char *ga = eh_square(110000, 430000, 100), *gb = eh_square(110050, 430050, 100);
	char *a = twenty_years("GM1602", "Oude Haven", ga, true);
	eh_snapshot before;
	eh_snapshot_take(eh_db(), &before);
	tresp *r = post_rd("GM1602", "Nieuwe Haven", gb, "2020-01-01", "2020-01-01");
	eh_assert_problem(r, 409, "place-cap-exceeded", "/api/v1/designations");
	ck_assert_msg(strstr(t_str(r->json, "detail"), "Oude Haven"), "%s", r->body);
	ck_assert_msg(strstr(t_str(r->json, "detail"), a), "%s", r->body);
	ck_assert_msg(strstr(t_str(r->json, "detail"), "7306"), "day count: %s", r->body);
	json_t *p = eh_param(r, "overlappingDesignations", NULL);
	ck_assert_ptr_nonnull(p);
	ck_assert_msg(strstr(t_str(p, "reason"), a), "%s", r->body);
	ck_assert_int_eq(json_array_size(json_object_get(r->json, "invalidParams")), 1);
	t_free(r);
	eh_assert_unchanged(eh_db(), &before);
	free(a);
	free(ga);
	free(gb);
}
END_TEST

START_TEST(place_cap_ignores_a_designation_that_only_touches)
{
	char *ga = eh_square(110000, 430000, 100);
	char *a = twenty_years("GM1603", "Touch A", ga, true);
	/* shares the edge x = 110100 with A, no area in common */
	char *gb = eh_square(110100, 430000, 100);
	tresp *r = post_rd("GM1603", "Touch B", gb, "2020-01-01", "2023-12-31");
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	t_free(r);
	/* one metre further in, it overlaps and counts */
	char *gc = eh_square(110099, 430000, 100);
	r = post_rd("GM1603", "Touch C", gc, "2024-01-01", "2024-12-31");
	eh_assert_problem(r, 409, "place-cap-exceeded", NULL);
	ck_assert_msg(strstr(t_str(r->json, "detail"), "Touch A"), "%s", r->body);
	t_free(r);
	free(a);
	free(ga);
	free(gb);
	free(gc);
}
END_TEST

START_TEST(place_cap_ignores_another_municipality)
{
	char *g = eh_square(110000, 430000, 100);
	char *a = twenty_years("GM1604", "Other muni A", g, true);
	tresp *r = post_rd("GM1605", "Other muni B", g, "2020-01-01", "2023-12-31");
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	t_free(r);
	free(a);
	free(g);
}
END_TEST

START_TEST(place_cap_does_not_count_gaps)
{
	char *ga = eh_square(110000, 430000, 100), *gb = eh_square(110050, 430050, 100);
	char *a = eh_create_rd(BASE, "GM1606", "Gap A", ga, "2000-01-01", "2003-12-31");
	eh_extend(BASE, a, "2007-12-31");
	eh_extend(BASE, a, "2011-12-31");
	eh_extend(BASE, a, "2015-12-31"); /* 5 844 days */
	/* 2016–2019 is a gap; 2020–2023 adds 1 461: 7 305 in all */
	tresp *r = post_rd("GM1606", "Gap B", gb, "2020-01-01", "2023-12-31");
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	t_free(r);
	free(a);
	free(ga);
	free(gb);
}
END_TEST

START_TEST(place_cap_exceeded_by_an_extension_is_409_naming_the_other)
{
	char *ga = eh_square(110000, 430000, 100), *gb = eh_square(110050, 430050, 100);
	char *a = eh_create_rd(BASE, "GM1607", "Ext cap A", ga, "2000-01-01", "2003-12-31");
	eh_extend(BASE, a, "2007-12-31");
	eh_extend(BASE, a, "2011-12-31");
	eh_extend(BASE, a, "2015-12-31");
	char *b = eh_create_rd(BASE, "GM1607", "Ext cap B", gb, "2020-01-01", "2023-12-31");
	eh_snapshot before;
	eh_snapshot_take(eh_db(), &before);
	tresp *r = extend(b, "2024-01-01", NULL); /* one day more: 7 306 */
	eh_assert_problem(r, 409, "place-cap-exceeded", NULL);
	ck_assert_msg(strstr(t_str(r->json, "detail"), "Ext cap A"), "%s", r->body);
	ck_assert_msg(strstr(t_str(r->json, "detail"), a), "%s", r->body);
	ck_assert_msg(!strstr(t_str(r->json, "detail"), b), "names itself: %s", r->body);
	ck_assert_int_eq(json_array_size(json_object_get(r->json, "invalidParams")), 1);
	t_free(r);
	eh_assert_unchanged(eh_db(), &before);
	free(a);
	free(b);
	free(ga);
	free(gb);
}
END_TEST

START_TEST(place_cap_counts_a_withdrawn_designation_until_its_withdrawal)
{
	char *ga = eh_square(110000, 430000, 100), *gb = eh_square(110050, 430050, 100);
	char *a = twenty_years("GM1608", "Withdrawn A", ga, true);
	eh_withdraw(BASE, a, "2019-01-01"); /* counts 2000-01-01 … 2018-12-31: 6 940 days */
	tresp *r = post_rd("GM1608", "After withdrawn B", gb, "2020-01-01", "2020-12-30");
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body); /* + 365 = 7 305 */
	t_free(r);
	free(a);
	free(ga);
	free(gb);
}
END_TEST

START_TEST(place_cap_counts_only_designations_overlapping_the_new_one)
{
	char *ga = eh_square(110000, 430000, 100);
	char *a = twenty_years("GM1609", "Chain A", ga, true);
	/* B overlaps A, within A's days */
	char *gb = eh_square(110080, 430000, 100);
	char *b = eh_create_rd(BASE, "GM1609", "Chain B", gb, "2000-01-01", "2003-12-31");
	/* C overlaps B but not A: only B's 1 461 days count */
	char *gc = eh_square(110150, 430000, 100);
	tresp *r = post_rd("GM1609", "Chain C", gc, "2020-01-01", "2023-12-31");
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	t_free(r);
	free(a);
	free(b);
	free(ga);
	free(gb);
	free(gc);
}
END_TEST

/* X (20 years) is moved onto Y: the place cap is checked again. */
START_TEST(place_cap_exceeded_by_a_patched_geometry_is_409_naming_the_other)
{
	char *gx = eh_square(110000, 430000, 100), *gy = eh_square(110500, 430000, 100);
	char *x = twenty_years("GM1610", "Patch cap X", gx, true);
	char *y = eh_create_rd(BASE, "GM1610", "Patch cap Y", gy, "2020-01-01", "2020-12-31");
	eh_snapshot before;
	eh_snapshot_take(eh_db(), &before);
	char *moved = eh_square(110550, 430000, 100), *body = NULL;
	if (asprintf(&body, "{\"geometry\":%s}", moved) < 0)
		abort();
	char *p = path_of(x, NULL);
	tresp *r = eh_request(BASE, "PATCH", p, body,
			     (const char *[]){ "Content-Crs: " EH_RD_URI, NULL });
	eh_assert_problem(r, 409, "place-cap-exceeded", p);
	ck_assert_msg(strstr(t_str(r->json, "detail"), "Patch cap Y"), "%s", r->body);
	json_t *param = eh_param(r, "overlappingDesignations", NULL);
	ck_assert_ptr_nonnull(param);
	ck_assert_msg(strstr(t_str(param, "reason"), y), "%s", r->body);
	t_free(r);
	eh_assert_unchanged(eh_db(), &before);
	free(p);
	free(body);
	free(moved);
	free(x);
	free(y);
	free(gx);
	free(gy);
}
END_TEST

/* X grows to cover Y as well: the 409 names Y, the other designation —
 * not X itself. */
START_TEST(place_cap_conflict_on_patch_names_only_the_other_designations)
{
	char *gx = eh_square(110000, 430000, 100), *gy = eh_square(110500, 430000, 100);
	char *x = twenty_years("GM1611", "Grow X", gx, true);
	char *y = eh_create_rd(BASE, "GM1611", "Grow Y", gy, "2020-01-01", "2020-12-31");
	char *grown = eh_square(110000, 430000, 700), *body = NULL;
	if (asprintf(&body, "{\"geometry\":%s}", grown) < 0)
		abort();
	char *p = path_of(x, NULL);
	tresp *r = eh_request(BASE, "PATCH", p, body,
			     (const char *[]){ "Content-Crs: " EH_RD_URI, NULL });
	eh_assert_problem(r, 409, "place-cap-exceeded", p);
	ck_assert_msg(strstr(t_str(r->json, "detail"), y), "%s", r->body);
	ck_assert_msg(!strstr(t_str(r->json, "detail"), x),
		      "the 409 names the patched designation itself: %s", r->body);
	t_free(r);
	free(p);
	free(body);
	free(grown);
	free(x);
	free(y);
	free(gx);
	free(gy);
}
END_TEST

/* ============================ Idempotency-Key ============================ */

static long count_named(const char *name)
{
	const char *params[] = { name, NULL };
	return eh_pg_long(eh_db(), "SELECT count(*) FROM designations WHERE name = $1", params);
}

START_TEST(same_key_and_body_replay_the_identical_response_and_create_one_row)
{
	char *g = sq(5.60, 52.60);
	char *b = eh_create_body("GM1701", "Idem same", g, "2020-01-01", "2020-12-31");
	const char *h[] = { "Idempotency-Key: 5c9e2a8a-0f0e-4d8b-8c51-7a6a3f1b2d90", NULL };
	tresp *r1 = eh_request(BASE, "POST", "/api/v1/designations", b, h);
	ck_assert_int_eq(r1->status, 201);
	ck_assert_ptr_null(t_header(r1, "Idempotent-Replayed"));
	tresp *r2 = eh_request(BASE, "POST", "/api/v1/designations", b, h);
	ck_assert_int_eq(r2->status, 201);
	ck_assert_uint_eq(r2->len, r1->len);
	ck_assert_msg(memcmp(r1->body, r2->body, r1->len) == 0, "%s\n!=\n%s", r1->body, r2->body);
	ck_assert_str_eq(t_header(r2, "Location"), t_header(r1, "Location"));
	ck_assert_str_eq(t_header(r2, "Idempotent-Replayed"), "true");
	ck_assert_str_eq(t_header(r2, "Content-Type"), "application/json");
	ck_assert_int_eq(count_named("Idem same"), 1);
	t_free(r1);
	t_free(r2);
	free(b);
	free(g);
}
END_TEST

/* A replay is "the first response again": its ETag and Content-Crs too. */
START_TEST(idempotent_replay_repeats_etag_and_content_crs)
{
	char *g = sq(5.61, 52.60);
	char *b = eh_create_body("GM1701", "Idem headers", g, "2020-01-01", "2020-12-31");
	const char *h[] = { "Idempotency-Key: idem-headers-1", NULL };
	tresp *r1 = eh_request(BASE, "POST", "/api/v1/designations", b, h);
	ck_assert_int_eq(r1->status, 201);
	tresp *r2 = eh_request(BASE, "POST", "/api/v1/designations", b, h);
	ck_assert_int_eq(r2->status, 201);
	ck_assert_msg(t_header(r2, "ETag") != NULL, "replay has no ETag");
	ck_assert_str_eq(t_header(r2, "ETag"), "\"1\"");
	ck_assert_msg(t_header(r2, "Content-Crs") != NULL, "replay has no Content-Crs");
	ck_assert_str_eq(t_header(r2, "Content-Crs"), CRS84_HEADER);
	t_free(r1);
	t_free(r2);
	free(b);
	free(g);
}
END_TEST

START_TEST(same_key_with_another_body_is_422_and_creates_nothing)
{
	char *g = sq(5.62, 52.60);
	char *b1 = eh_create_body("GM1701", "Idem first", g, "2020-01-01", "2020-12-31");
	char *b2 = eh_create_body("GM1701", "Idem second", g, "2020-01-01", "2020-12-31");
	const char *h[] = { "Idempotency-Key: idem-reused-1", NULL };
	tresp *r1 = eh_request(BASE, "POST", "/api/v1/designations", b1, h);
	ck_assert_int_eq(r1->status, 201);
	eh_snapshot before;
	eh_snapshot_take(eh_db(), &before);
	tresp *r2 = eh_request(BASE, "POST", "/api/v1/designations", b2, h);
	eh_assert_problem(r2, 422, "idempotency-key-reused", "/api/v1/designations");
	eh_assert_param(r2, "Idempotency-Key", NULL);
	eh_assert_unchanged(eh_db(), &before);
	ck_assert_int_eq(count_named("Idem second"), 0);
	t_free(r1);
	t_free(r2);
	free(b1);
	free(b2);
	free(g);
}
END_TEST

START_TEST(different_keys_create_two_rows)
{
	char *g = sq(5.63, 52.60);
	char *b = eh_create_body("GM1701", "Idem two keys", g, "2020-01-01", "2020-12-31");
	tresp *r1 = eh_request(BASE, "POST", "/api/v1/designations", b,
			      (const char *[]){ "Idempotency-Key: idem-two-a", NULL });
	tresp *r2 = eh_request(BASE, "POST", "/api/v1/designations", b,
			      (const char *[]){ "Idempotency-Key: idem-two-b", NULL });
	ck_assert_int_eq(r1->status, 201);
	ck_assert_int_eq(r2->status, 201);
	ck_assert_str_ne(t_str(r1->json, "id"), t_str(r2->json, "id"));
	ck_assert_ptr_null(t_header(r2, "Idempotent-Replayed"));
	ck_assert_int_eq(count_named("Idem two keys"), 2);
	t_free(r1);
	t_free(r2);
	free(b);
	free(g);
}
END_TEST

START_TEST(idempotent_extension_replay_adds_one_period)
{
	char *id = create_at("GM1701", "Idem extend", 5.64, 52.60, "2020-01-01", "2020-12-31");
	const char *h[] = { "Idempotency-Key: idem-extend-1", NULL };
	tresp *r1 = extend(id, "2021-12-31", h);
	tresp *r2 = extend(id, "2021-12-31", h);
	ck_assert_int_eq(r1->status, 201);
	ck_assert_int_eq(r2->status, 201);
	ck_assert_str_eq(r2->body, r1->body);
	ck_assert_str_eq(t_header(r2, "Idempotent-Replayed"), "true");
	const char *params[] = { id, NULL };
	ck_assert_int_eq(eh_pg_long(eh_db(), "SELECT count(*) FROM designation_periods"
					  " WHERE designation_id = $1::uuid", params), 2);
	ck_assert_int_eq(eh_pg_long(eh_db(), "SELECT version FROM designations WHERE id = $1::uuid",
				    params), 2);
	t_free(r1);
	t_free(r2);
	free(id);
}
END_TEST

START_TEST(idempotent_withdrawal_replay_answers_200_again)
{
	char *id = create_at("GM1701", "Idem withdraw", 5.65, 52.60, "2020-01-01", "2020-12-31");
	const char *h[] = { "Idempotency-Key: idem-withdraw-1", NULL };
	tresp *r1 = withdraw(id, "2020-06-01", h);
	tresp *r2 = withdraw(id, "2020-06-01", h);
	ck_assert_int_eq(r1->status, 200);
	ck_assert_int_eq(r2->status, 200); /* not 409 already-withdrawn */
	ck_assert_str_eq(r2->body, r1->body);
	t_free(r1);
	t_free(r2);
	free(id);
}
END_TEST

/* Keys are kept per municipality: two municipalities may use the same one. */
START_TEST(the_same_key_in_two_municipalities_is_two_keys)
{
	char *g = sq(5.67, 52.60);
	char *b1 = eh_create_body("GM1703", "Idem muni 1", g, "2020-01-01", "2020-12-31");
	char *b2 = eh_create_body("GM1704", "Idem muni 2", g, "2020-01-01", "2020-12-31");
	const char *h[] = { "Idempotency-Key: shared-key-1", NULL };
	tresp *r1 = eh_request(BASE, "POST", "/api/v1/designations", b1, h);
	tresp *r2 = eh_request(BASE, "POST", "/api/v1/designations", b2, h);
	ck_assert_msg(r1->status == 201, "%ld %s", r1->status, r1->body);
	ck_assert_msg(r2->status == 201, "%ld %s", r2->status, r2->body);
	ck_assert_ptr_null(t_header(r2, "Idempotent-Replayed"));
	ck_assert_str_eq(t_str(r2->json, "municipalityCode"), "GM1704");
	t_free(r1);
	t_free(r2);
	free(b1);
	free(b2);
	free(g);
}
END_TEST

/* ============================ concurrency ============================ */

typedef struct post_job {
	const char *path;
	const char *body;
	const char *const *headers;
	tresp *resp;
} post_job;

static void *post_thread(void *arg)
{
	post_job *j = arg;
	j->resp = eh_request(BASE, "POST", j->path, j->body, j->headers);
	return NULL;
}

/* Run every job at the same time; responses land in jobs[i].resp.  The
 * tokens are made first: eh_request's token cache is not for threads. */
static void post_together(post_job *jobs, int n)
{
	for (int i = 0; i < n; i++)
		(void)eh_auth_for("POST", jobs[i].path, jobs[i].body);
	pthread_t t[16];
	ck_assert_int_le(n, 16);
	for (int i = 0; i < n; i++)
		ck_assert_int_eq(pthread_create(&t[i], NULL, post_thread, &jobs[i]), 0);
	for (int i = 0; i < n; i++)
		pthread_join(t[i], NULL);
}

START_TEST(concurrent_requests_with_the_same_idempotency_key_create_one_row)
{
	char *g = sq(5.66, 52.60);
	char *b = eh_create_body("GM1702", "Idem concurrent", g, "2020-01-01", "2020-12-31");
	const char *h[] = { "Idempotency-Key: idem-concurrent-1", NULL };
	post_job jobs[8];
	for (int i = 0; i < 8; i++)
		jobs[i] = (post_job){ "/api/v1/designations", b, h, NULL };
	post_together(jobs, 8);
	int replayed = 0;
	for (int i = 0; i < 8; i++) {
		ck_assert_msg(jobs[i].resp->status == 201, "%ld %s", jobs[i].resp->status,
			      jobs[i].resp->body);
		ck_assert_str_eq(jobs[i].resp->body, jobs[0].resp->body);
		replayed += t_header(jobs[i].resp, "Idempotent-Replayed") != NULL;
	}
	ck_assert_int_eq(replayed, 7);
	ck_assert_int_eq(count_named("Idem concurrent"), 1);
	for (int i = 0; i < 8; i++)
		t_free(jobs[i].resp);
	free(b);
	free(g);
}
END_TEST

/* B and C each fit under the place cap next to A, but not both: creating
 * them at the same moment must not let both in. */
START_TEST(concurrent_creates_cannot_together_exceed_the_place_cap)
{
	char *ga = eh_square(110000, 430000, 100), *gbc = eh_square(110050, 430050, 100);
	char *a = eh_create_rd(BASE, "GM1612", "Race A", ga, "2000-01-01", "2003-12-31");
	eh_extend(BASE, a, "2007-12-31");
	eh_extend(BASE, a, "2011-12-31");
	eh_extend(BASE, a, "2015-12-31");
	eh_extend(BASE, a, "2018-12-31"); /* 6 940 days */
	char *bb = eh_create_body("GM1612", "Race B", gbc, "2019-01-01", "2019-12-31"); /* +365 */
	char *bc = eh_create_body("GM1612", "Race C", gbc, "2020-01-01", "2020-12-30"); /* +365 */
	const char *h[] = { "Content-Crs: " EH_RD_URI, NULL };
	post_job jobs[2] = { { "/api/v1/designations", bb, h, NULL },
			     { "/api/v1/designations", bc, h, NULL } };
	post_together(jobs, 2);
	long s0 = jobs[0].resp->status, s1 = jobs[1].resp->status;
	ck_assert_msg((s0 == 201 && s1 == 409) || (s0 == 409 && s1 == 201), "%ld %s / %ld %s", s0,
		      jobs[0].resp->body, s1, jobs[1].resp->body);
	tresp *refused = s0 == 409 ? jobs[0].resp : jobs[1].resp;
	ck_assert_str_eq(t_str(refused->json, "code"), "place-cap-exceeded");
	const char *params[] = { "GM1612", NULL };
	ck_assert_int_eq(eh_pg_long(eh_db(), "SELECT count(*) FROM designations"
					  " WHERE municipality_code = $1", params), 2);
	t_free(jobs[0].resp);
	t_free(jobs[1].resp);
	free(bb);
	free(bc);
	free(a);
	free(ga);
	free(gbc);
}
END_TEST

/* ================================================================ */

int main(void)
{
	curl_global_init(CURL_GLOBAL_ALL); /* before any thread uses libcurl */
	conninfo = testdb_create("wvlv_e2e_designations");
	eh_init(conninfo);
	tserver_start(&srv, conninfo, NULL);
	Suite *s = suite_create("designations");

	TCase *tc = tcase_create("create");
	tcase_add_test(tc, create_answers_201_with_location_etag_and_content_crs);
	tcase_add_test(tc, create_body_has_fields_periods_and_derived_dates);
	tcase_add_test(tc, create_orders_measures_and_keeps_bag_ids);
	tcase_add_test(tc, cap_date_is_the_last_day_of_twenty_years);
	tcase_add_test(tc, create_status_is_computed_for_today);
	tcase_add_test(tc, create_accepts_a_first_period_of_exactly_four_years);
	tcase_add_test(tc, create_accepts_a_multipolygon_and_returns_every_part);
	tcase_add_test(tc, create_keeps_a_utf8_name_of_200_characters);
	tcase_add_test(tc, create_never_answers_an_empty_cap_date);
	tcase_add_test(tc, create_accepts_rd_input_with_angled_content_crs);
	tcase_add_test(tc, create_accepts_rd_input_with_bare_content_crs);
	tcase_add_test(tc, create_answers_in_rd_when_the_crs_query_asks);
	tcase_add_test(tc, rd_input_is_returned_exactly_in_rd);
	tcase_add_test(tc, crs84_round_trip_agrees_within_1e7_degrees);
	suite_add_tcase(s, tc);

	tc = tcase_create("read");
	tcase_add_test(tc, get_returns_the_designation_with_etag);
	tcase_add_test(tc, list_filters_by_municipality_code);
	tcase_add_test(tc, list_filters_by_kind);
	tcase_add_test(tc, list_filters_by_measure);
	tcase_add_test(tc, list_filters_by_active_on);
	tcase_add_test(tc, list_filters_by_status_on_today);
	tcase_add_test(tc, list_filters_by_bbox);
	tcase_add_test(tc, list_bbox_covering_the_whole_world_finds_the_designation);
	tcase_add_test(tc, list_filters_by_point);
	suite_add_tcase(s, tc);

	tc = tcase_create("paging");
	tcase_add_test(tc, list_pages_with_limit_and_offset);
	tcase_add_test(tc, list_next_link_followed_verbatim_gives_the_next_page);
	tcase_add_test(tc, list_links_keep_the_filters_and_the_crs);
	tcase_add_test(tc, list_offset_past_the_end_keeps_number_matched);
	suite_add_tcase(s, tc);

	tc = tcase_create("list-queries");
	tcase_add_test(tc, list_accepts_limit_1000);
	tcase_add_test(tc, list_limit_1001_is_400);
	tcase_add_test(tc, list_limit_0_is_400);
	tcase_add_test(tc, list_limit_not_a_number_is_400);
	tcase_add_test(tc, list_offset_minus_one_is_400);
	tcase_add_test(tc, list_offset_or_limit_out_of_range_is_400_naming_the_range);
	tcase_add_test(tc, list_bad_bbox_is_400);
	tcase_add_test(tc, list_bbox_outside_longitude_latitude_range_is_400);
	tcase_add_test(tc, list_bad_point_is_400);
	tcase_add_test(tc, list_point_outside_longitude_latitude_range_is_400);
	tcase_add_test(tc, list_unknown_filter_values_are_400);
	suite_add_tcase(s, tc);

	tc = tcase_create("patch");
	tcase_add_test(tc, patch_with_current_if_match_answers_200_version_2_and_new_etag);
	tcase_add_test(tc, patch_with_stale_if_match_is_412_and_changes_nothing);
	tcase_add_test(tc, patch_if_match_accepts_a_list_and_a_star);
	tcase_add_test(tc, patch_accepts_merge_patch_json);
	tcase_add_test(tc, patch_empty_object_is_422_and_changes_nothing);
	tcase_add_test(tc, patch_bag_ids_empty_list_clears_them);
	tcase_add_test(tc, patch_geometry_is_stored_and_returned);
	tcase_add_test(tc, patch_self_intersecting_geometry_is_422_and_changes_nothing);
	tcase_add_test(tc, patch_geometry_outside_the_netherlands_is_422_and_changes_nothing);
	suite_add_tcase(s, tc);

	tc = tcase_create("extensions");
	tcase_add_test(tc, extension_starts_the_day_after_the_last_end);
	tcase_add_test(tc, extension_of_exactly_four_years_is_accepted);
	tcase_add_test(tc, extension_one_day_longer_than_four_years_is_422_and_changes_nothing);
	tcase_add_test(tc, extension_ending_before_its_start_is_422);
	tcase_add_test(tc, fifth_extension_is_409_extensions_exhausted);
	tcase_add_test(tc, extension_of_a_withdrawn_designation_is_409);
	tcase_add_test(tc, extension_with_stale_if_match_is_412);
	tcase_add_test(tc, extension_of_an_unknown_designation_is_404);
	suite_add_tcase(s, tc);

	tc = tcase_create("withdrawal");
	tcase_add_test(tc, withdrawal_on_the_first_start_leaves_no_designated_day);
	tcase_add_test(tc, withdrawal_on_a_middle_day_ends_the_day_before);
	tcase_add_test(tc, withdrawal_on_the_last_day_is_accepted);
	tcase_add_test(tc, withdrawal_in_the_future_keeps_the_status_active);
	tcase_add_test(tc, withdrawal_in_an_extension_period_is_accepted);
	tcase_add_test(tc, withdrawal_outside_the_designated_days_is_422);
	tcase_add_test(tc, second_withdrawal_is_409_already_withdrawn);
	tcase_add_test(tc, withdrawal_with_stale_if_match_is_412);
	suite_add_tcase(s, tc);

	tc = tcase_create("place-cap");
	tcase_add_test(tc, place_cap_of_exactly_7305_days_is_accepted);
	tcase_add_test(tc, place_cap_exceeded_on_create_is_409_naming_the_other);
	tcase_add_test(tc, place_cap_ignores_a_designation_that_only_touches);
	tcase_add_test(tc, place_cap_ignores_another_municipality);
	tcase_add_test(tc, place_cap_does_not_count_gaps);
	tcase_add_test(tc, place_cap_exceeded_by_an_extension_is_409_naming_the_other);
	tcase_add_test(tc, place_cap_counts_a_withdrawn_designation_until_its_withdrawal);
	tcase_add_test(tc, place_cap_counts_only_designations_overlapping_the_new_one);
	tcase_add_test(tc, place_cap_exceeded_by_a_patched_geometry_is_409_naming_the_other);
	tcase_add_test(tc, place_cap_conflict_on_patch_names_only_the_other_designations);
	suite_add_tcase(s, tc);

	tc = tcase_create("idempotency");
	tcase_add_test(tc, same_key_and_body_replay_the_identical_response_and_create_one_row);
	tcase_add_test(tc, idempotent_replay_repeats_etag_and_content_crs);
	tcase_add_test(tc, same_key_with_another_body_is_422_and_creates_nothing);
	tcase_add_test(tc, different_keys_create_two_rows);
	tcase_add_test(tc, idempotent_extension_replay_adds_one_period);
	tcase_add_test(tc, idempotent_withdrawal_replay_answers_200_again);
	tcase_add_test(tc, the_same_key_in_two_municipalities_is_two_keys);
	suite_add_tcase(s, tc);

	tc = tcase_create("concurrency");
	tcase_add_test(tc, concurrent_requests_with_the_same_idempotency_key_create_one_row);
	tcase_add_test(tc, concurrent_creates_cannot_together_exceed_the_place_cap);
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
