/* test_ogc_crs.c — the five CRSs of /ogc/v1 (lib/domain/ogc_crs.c) against
 * the real `wvlv serve` and PostgreSQL + PostGIS: output in CRS84, RD New,
 * EPSG:4258, EPSG:4326 and EPSG:3857 within 1 cm of what PostGIS/PROJ give
 * for the same RD geometry (asked directly over libpq), latitude first in
 * 4258 and 4326, Content-Crs, bbox-crs in each CRS selecting the same
 * features, and 400 naming the accepted URIs for any other CRS.  The REST
 * API keeps its two CRSs. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "e2e_helpers.h"
#include "e2e_main.h"
#include "http_client.h"
#include "server_proc.h"

static tserver srv;

#define BASE srv.base
#define ITEMS "/ogc/v1/collections/designations/items"

typedef struct crs_case {
	const char *uri;
	const char *q;       /* the URI percent-encoded, as a client sends it */
	int         srid;
	bool        lat_first;
	bool        degrees;
} crs_case;

#define ENC "http%3A%2F%2Fwww.opengis.net%2Fdef%2Fcrs%2F"
static const crs_case CRSS[] = {
	{ EH_CRS84_URI, ENC "OGC%2F1.3%2FCRS84", 4326, false, true },
	{ EH_RD_URI, ENC "EPSG%2F0%2F28992", 28992, false, false },
	{ "http://www.opengis.net/def/crs/EPSG/0/4258", ENC "EPSG%2F0%2F4258", 4258, true, true },
	{ "http://www.opengis.net/def/crs/EPSG/0/4326", ENC "EPSG%2F0%2F4326", 4326, true, true },
	{ "http://www.opengis.net/def/crs/EPSG/0/3857", ENC "EPSG%2F0%2F3857", 3857, false, false },
};
#define NCRS (sizeof(CRSS) / sizeof(CRSS[0]))

/* A 400 m × 300 m rectangle near Alkmaar, with decimals, in RD New. */
#define RD_WKT                                                                             \
	"POLYGON((112000.5 517000.25, 112400.75 517000.25, 112400.75 517300.5, 112000.5 "   \
	"517300.5, 112000.5 517000.25))"
#define RD_GEOJSON                                                                         \
	"{\"type\":\"Polygon\",\"coordinates\":[[[112000.5,517000.25],[112400.75,517000.25]," \
	"[112400.75,517300.5],[112000.5,517300.5],[112000.5,517000.25]]]}"

static char *path_of(const char *f, const char *a, const char *b)
{
	char *s = NULL;
	if (asprintf(&s, f, a, b) < 0)
		abort();
	return s;
}

static tresp *get_ok(const char *path)
{
	tresp *r = t_request(BASE, "GET", path, NULL, NULL);
	ck_assert_msg(r->status == 200, "GET %s: %ld %s", path, r->status, r->body);
	ck_assert_ptr_nonnull(r->json);
	return r;
}

/* The exterior ring of a (Multi)Polygon geometry. */
static json_t *ring_of(json_t *geometry)
{
	json_t *c = json_object_get(geometry, "coordinates");
	if (!strcmp(json_string_value(json_object_get(geometry, "type")), "MultiPolygon"))
		c = json_array_get(c, 0);
	return json_array_get(c, 0);
}

/* PostGIS's east and north of vertex i (1-based) of RD_WKT transformed to srid. */
static void postgis_vertex(int srid, int i, double *east, double *north)
{
	char s[16], n[16];
	snprintf(s, sizeof(s), "%d", srid);
	snprintf(n, sizeof(n), "%d", i);
	const char *p[] = { s, n, NULL };
	char *v = eh_pg_value(eh_db(),
			      "SELECT ST_X(p)::numeric::text || ' ' || ST_Y(p)::numeric::text FROM"
			      " (SELECT ST_PointN(ST_ExteriorRing(ST_Transform(ST_GeomFromText('"
			      RD_WKT "', 28992), $1::int)), $2::int) AS p) q",
			      p);
	ck_assert_int_eq(sscanf(v, "%lf %lf", east, north), 2);
	free(v);
}

/* Ground distance in metres of a difference (d_east, d_north) at latitude
 * lat: degrees by the sphere's metres per degree, Pseudo-Mercator scaled
 * down by cos(lat), metres as they are. */
static double metres(const crs_case *c, double d_east, double d_north, double lat)
{
	double k = M_PI / 180.0 * 6378137.0;
	if (c->degrees)
		return hypot(d_east * k * cos(lat * M_PI / 180.0), d_north * k);
	if (c->srid == 3857)
		return hypot(d_east, d_north) * cos(lat * M_PI / 180.0);
	return hypot(d_east, d_north);
}

/* RD_GEOJSON as a designation of muni (each test forks: its own municipality
 * keeps the counts exact); the caller frees the id. */
static char *the_polygon(const char *muni)
{
	return eh_create_rd(BASE, muni, "Five CRSs", RD_GEOJSON, eh_today_plus(-1),
			    eh_today_plus(100));
}

/* Every vertex of geometry against PostGIS within 1 cm; returns the largest error. */
static double check_ring(const crs_case *c, json_t *geometry, const char *what)
{
	json_t *ring = ring_of(geometry);
	ck_assert_msg(json_array_size(ring) == 5, "%s: %zu vertices", what, json_array_size(ring));
	double worst = 0;
	for (size_t i = 0; i < 5; i++) {
		json_t *pt = json_array_get(ring, i);
		double a = json_number_value(json_array_get(pt, 0));
		double b = json_number_value(json_array_get(pt, 1));
		double east = c->lat_first ? b : a, north = c->lat_first ? a : b;
		double pe, pn, lon, lat;
		postgis_vertex(c->srid, (int)i + 1, &pe, &pn);
		postgis_vertex(4326, (int)i + 1, &lon, &lat);
		double m = metres(c, east - pe, north - pn, lat);
		ck_assert_msg(m < 0.01, "%s vertex %zu: (%.10f, %.10f) is %.4f m from PostGIS "
			      "(%.10f, %.10f)", what, i, a, b, m, pe, pn);
		if (c->degrees) /* the order: a point in the Netherlands has lat ~52 > lon ~5 */
			ck_assert_msg(c->lat_first ? a > 50 && b < 8 : a < 8 && b > 50,
				      "%s: axis order of (%f, %f)", what, a, b);
		if (m > worst)
			worst = m;
	}
	return worst;
}

START_TEST(each_crs_agrees_with_postgis_within_1_cm_with_its_axis_order_and_content_crs)
{
	char *id = the_polygon("GM0410");
	for (size_t k = 0; k < NCRS; k++) {
		const crs_case *c = &CRSS[k];
		char *one = path_of(ITEMS "/%s?crs=%s", id, c->q);
		char *list = path_of(ITEMS "?municipalityCode=GM0410&crs=%s%s", c->q, "");
		tresp *r = get_ok(one);
		char header[128];
		snprintf(header, sizeof(header), "<%s>", c->uri);
		ck_assert_str_eq(t_header(r, "Content-Crs"), header);
		double w1 = check_ring(c, json_object_get(r->json, "geometry"), one);
		t_free(r);
		r = get_ok(list);
		ck_assert_str_eq(t_header(r, "Content-Crs"), header);
		json_t *features = json_object_get(r->json, "features");
		ck_assert_uint_eq(json_array_size(features), 1);
		double w2 = check_ring(c, json_object_get(json_array_get(features, 0), "geometry"),
				       list);
		fprintf(stderr, "test_ogc_crs: %s largest difference from PostGIS %.2g m (item), "
			"%.2g m (items)\n", c->uri, w1, w2);
		t_free(r);
		free(one);
		free(list);
	}
	free(id);
}
END_TEST

/* EPSG:4326 is CRS84 with the axes swapped, to the last digit; EPSG:3857 is
 * the spherical Mercator formula of the CRS84 coordinates (within 1 cm on the
 * ground), an answer that does not come from PostGIS. */
START_TEST(epsg_4326_is_crs84_swapped_and_3857_follows_the_mercator_formula)
{
	char *id = the_polygon("GM0412");
	char *p84 = path_of(ITEMS "/%s?crs=%s", id, CRSS[0].q);
	char *p4326 = path_of(ITEMS "/%s?crs=%s", id, CRSS[3].q);
	char *p3857 = path_of(ITEMS "/%s?crs=%s", id, CRSS[4].q);
	tresp *a = get_ok(p84), *b = get_ok(p4326), *m = get_ok(p3857);
	json_t *ra = ring_of(json_object_get(a->json, "geometry"));
	json_t *rb = ring_of(json_object_get(b->json, "geometry"));
	json_t *rm = ring_of(json_object_get(m->json, "geometry"));
	for (size_t i = 0; i < 5; i++) {
		double lon = json_number_value(json_array_get(json_array_get(ra, i), 0));
		double lat = json_number_value(json_array_get(json_array_get(ra, i), 1));
		ck_assert_double_eq(json_number_value(json_array_get(json_array_get(rb, i), 0)), lat);
		ck_assert_double_eq(json_number_value(json_array_get(json_array_get(rb, i), 1)), lon);
		double R = 6378137.0, phi = lat * M_PI / 180.0;
		double x = R * lon * M_PI / 180.0, y = R * log(tan(M_PI / 4 + phi / 2));
		double mx = json_number_value(json_array_get(json_array_get(rm, i), 0));
		double my = json_number_value(json_array_get(json_array_get(rm, i), 1));
		ck_assert_msg(hypot(mx - x, my - y) * cos(phi) < 0.01, "vertex %zu: (%.3f, %.3f) vs "
			      "(%.3f, %.3f)", i, mx, my, x, y);
	}
	t_free(a);
	t_free(b);
	t_free(m);
	free(p84);
	free(p4326);
	free(p3857);
	free(id);
}
END_TEST

static char *rd_square(double x, double y, double size)
{
	char *s = NULL;
	if (asprintf(&s,
		     "{\"type\":\"Polygon\",\"coordinates\":[[[%.2f,%.2f],[%.2f,%.2f],[%.2f,%.2f],"
		     "[%.2f,%.2f],[%.2f,%.2f]]]}",
		     x, y, x + size, y, x + size, y + size, x, y + size, x, y) < 0)
		abort();
	return s;
}

/* "a,b,c,d": the RD box 150000–152000 × 450000–452000 transformed to srid by
 * PostGIS (its extent), in the CRS's axis order. */
static char *box_in(const crs_case *c)
{
	char s[16];
	snprintf(s, sizeof(s), "%d", c->srid);
	const char *p[] = { s, c->lat_first ? "1" : "0", NULL };
	return eh_pg_value(eh_db(),
			   "SELECT CASE WHEN $2 = '1' THEN concat_ws(',', ST_YMin(b), ST_XMin(b),"
			   " ST_YMax(b), ST_XMax(b)) ELSE concat_ws(',', ST_XMin(b), ST_YMin(b),"
			   " ST_XMax(b), ST_YMax(b)) END FROM (SELECT ST_Transform(ST_MakeEnvelope("
			   "150000, 450000, 152000, 452000, 28992), $1::int)::box2d AS b) q",
			   p);
}

static const char *ids_of(tresp *r)
{
	static char buf[512];
	buf[0] = '\0';
	json_t *f;
	size_t i;
	json_array_foreach(json_object_get(r->json, "features"), i, f)
	{
		strcat(buf, i ? "," : "");
		strcat(buf, t_str(f, "id"));
	}
	return buf;
}

START_TEST(bbox_crs_in_each_crs_selects_the_same_features)
{
	char *g;
	/* inside; straddling the east edge (200 m inside); 1 km east of the box */
	char *in = eh_create_rd(BASE, "GM0411", "Inside", g = rd_square(150500, 450500, 200),
				eh_today_plus(-1), eh_today_plus(100));
	free(g);
	char *edge = eh_create_rd(BASE, "GM0411", "Edge", g = rd_square(151800, 451000, 500),
				  eh_today_plus(-1), eh_today_plus(100));
	free(g);
	char *out = eh_create_rd(BASE, "GM0411", "Outside", g = rd_square(153000, 451000, 200),
				 eh_today_plus(-1), eh_today_plus(100));
	free(g);
	char want[128];
	snprintf(want, sizeof(want), "%s,%s", in, edge);
	for (size_t k = 0; k < NCRS; k++) {
		char *box = box_in(&CRSS[k]);
		char *path = path_of(ITEMS "?municipalityCode=GM0411&bbox-crs=%s&bbox=%s", CRSS[k].q,
				     box);
		tresp *r = get_ok(path);
		ck_assert_msg(!strcmp(ids_of(r), want), "%s: %s, want %s", path, ids_of(r), want);
		/* the output stays CRS84 */
		ck_assert_str_eq(t_header(r, "Content-Crs"), "<" EH_CRS84_URI ">");
		t_free(r);
		free(path);
		free(box);
	}
	/* lat-first: the same box sent lon first is another place (no features) */
	char *swapped = box_in(&CRSS[0]);
	char *path = path_of(ITEMS "?municipalityCode=GM0411&bbox-crs=%s&bbox=%s", CRSS[3].q,
			     swapped);
	tresp *r = get_ok(path);
	ck_assert_uint_eq(json_array_size(json_object_get(r->json, "features")), 0);
	t_free(r);
	free(path);
	free(swapped);
	free(in);
	free(edge);
	free(out);
}
END_TEST

START_TEST(the_collection_lists_five_crss_crs84_first_and_storage_stays_rd)
{
	tresp *r = get_ok("/ogc/v1/collections/designations");
	json_t *crs = json_object_get(r->json, "crs");
	ck_assert_uint_eq(json_array_size(crs), NCRS);
	for (size_t k = 0; k < NCRS; k++)
		ck_assert_str_eq(json_string_value(json_array_get(crs, k)), CRSS[k].uri);
	ck_assert_str_eq(t_str(r->json, "storageCrs"), EH_RD_URI);
	t_free(r);
}
END_TEST

/* A 400 whose parameter `name` has `code` and a reason containing each of want. */
static void expect_bad(const char *path, const char *name, const char *code,
		       const char *const *want)
{
	tresp *r = t_request(BASE, "GET", path, NULL, NULL);
	eh_assert_problem(r, 400, "invalid-query-parameter", NULL);
	json_t *p = eh_param(r, name, code);
	ck_assert_msg(p, "%s: %s", path, r->body);
	const char *reason = json_string_value(json_object_get(p, "reason"));
	for (; *want; want++)
		ck_assert_msg(reason && strstr(reason, *want), "%s: %s lacks %s", path, r->body,
			      *want);
	t_free(r);
}

START_TEST(other_crss_are_400_naming_the_five_and_bboxes_outside_their_crs_too)
{
	const char *all[NCRS + 1] = { 0 };
	for (size_t k = 0; k < NCRS; k++)
		all[k] = CRSS[k].uri;
	const char *utm = ENC "EPSG%2F0%2F25831";
	char *p = path_of(ITEMS "?crs=%s%s", utm, "");
	expect_bad(p, "crs", "unsupported-crs", all);
	free(p);
	p = path_of(ITEMS "?bbox-crs=%s&bbox=%s", utm, "4,51,5,52");
	expect_bad(p, "bbox-crs", "unsupported-crs", all);
	free(p);
	char *id = the_polygon("GM0413");
	p = path_of(ITEMS "/%s?crs=%s", id, "EPSG%3A4326");
	expect_bad(p, "crs", "unsupported-crs", all);
	free(p);
	free(id);
	/* lat-first: the longitude may be 100, the latitude not */
	const char *lat_first[] = { "minLat,minLon,maxLat,maxLon", "EPSG:4326", NULL };
	p = path_of(ITEMS "?bbox-crs=%s&bbox=%s", CRSS[3].q, "51,100,91,101");
	expect_bad(p, "bbox", "out-of-range", lat_first);
	free(p);
	p = path_of(ITEMS "?bbox-crs=%s&bbox=%s", CRSS[3].q, "-10,100,10,120");
	tresp *r = get_ok(p);
	ck_assert_uint_eq(json_array_size(json_object_get(r->json, "features")), 0);
	t_free(r);
	free(p);
	const char *merc[] = { "EPSG:3857", NULL };
	p = path_of(ITEMS "?bbox-crs=%s&bbox=%s", CRSS[4].q, "0,0,30000000,1");
	expect_bad(p, "bbox", "out-of-range", merc);
	free(p);
	/* the REST API keeps CRS84 and RD New only */
	const char *auth[] = { eh_national(), NULL };
	r = t_request(BASE, "GET", "/api/v1/designations?crs=" ENC "EPSG%2F0%2F4326", NULL, auth);
	ck_assert_int_eq(r->status, 400);
	t_free(r);
}
END_TEST

int main(void)
{
	e2e_start(&srv, "wvlv_e2e_ogc_crs");
	Suite *s = suite_create("ogc_crs");
	TCase *tc = e2e_case(s, "crs", 60);
	tcase_add_test(tc, each_crs_agrees_with_postgis_within_1_cm_with_its_axis_order_and_content_crs);
	tcase_add_test(tc, epsg_4326_is_crs84_swapped_and_3857_follows_the_mercator_formula);
	tcase_add_test(tc, bbox_crs_in_each_crs_selects_the_same_features);
	tcase_add_test(tc, the_collection_lists_five_crss_crs84_first_and_storage_stays_rd);
	tcase_add_test(tc, other_crss_are_400_naming_the_five_and_bboxes_outside_their_crs_too);
	return e2e_run(s, &srv);
}
