/* test_ogc.c — OGC API – Features at /ogc/v1 against the real `wvlv serve`
 * and PostgreSQL + PostGIS: every endpoint and parameter, paging links
 * followed verbatim, RD output and its accuracy against PostGIS, ETag / 304
 * and the change counter, the public switch (WVLV_PUBLIC_GIS) and that no
 * personal data comes out (the README's "GIS (OGC API – Features)",
 * openapi/ogcapi.yaml).
 *
 * Each test uses its own municipality code, so counts stay exact. */
#include <check.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "e2e_helpers.h"
#include "e2e_main.h"
#include "http_client.h"
#include "offer_helpers.h"
#include "server_proc.h"

static tserver srv;
static const char *conninfo;

#define BASE srv.base
#define ITEMS "/ogc/v1/collections/designations/items"
#define GEOJSON_CT "application/geo+json"

/* A GET without any token. */
static tresp *get(const char *path)
{
	return t_request(BASE, "GET", path, NULL, NULL);
}

static tresp *get_ok(const char *path)
{
	tresp *r = get(path);
	ck_assert_msg(r->status == 200, "GET %s: %ld %s", path, r->status, r->body);
	ck_assert_ptr_nonnull(r->json);
	return r;
}

static char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
/* A formatted string that lives until the program ends: kept in a list so
 * that assertions can take it inline (and LeakSanitizer sees it reachable). */
static char *fmt(const char *f, ...)
{
	static char *kept[4096];
	static size_t nkept;
	va_list ap;
	va_start(ap, f);
	char *s = NULL;
	if (vasprintf(&s, f, ap) < 0)
		abort();
	va_end(ap);
	if (nkept < sizeof(kept) / sizeof(kept[0]))
		kept[nkept++] = s;
	return s;
}

/* A designation of muni: a 0.002° square at lon/lat, active from today - 10 days. */
static char *make(const char *muni, const char *name, double lon, double lat)
{
	char *g = eh_square(lon, lat, 0.002);
	char *id = eh_create(BASE, muni, name, g, eh_today_plus(-10), eh_today_plus(300));
	free(g);
	return id;
}

/* The path+query of an absolute href of this server. */
static const char *local(const char *href)
{
	ck_assert_msg(href && !strncmp(href, BASE, strlen(BASE)), "not absolute: %s", href);
	return href + strlen(BASE);
}

/* ================================ capabilities ================================ */

START_TEST(landing_page_links_api_conformance_and_data)
{
	tresp *r = get_ok("/ogc/v1");
	ck_assert_str_eq(t_header(r, "Content-Type"), "application/json");
	ck_assert_str_eq(eh_link(r, "self"), fmt("%s/ogc/v1", BASE));
	ck_assert_str_eq(eh_link(r, "service-desc"), fmt("%s/ogc/v1/api", BASE));
	ck_assert_str_eq(eh_link(r, "conformance"), fmt("%s/ogc/v1/conformance", BASE));
	ck_assert_str_eq(eh_link(r, "data"), fmt("%s/ogc/v1/collections", BASE));
	json_t *links = json_object_get(r->json, "links"), *l;
	size_t i;
	json_array_foreach(links, i, l)
		if (!strcmp(t_str(l, "rel"), "service-desc"))
			ck_assert_str_eq(t_str(l, "type"),
					 "application/vnd.oai.openapi+json;version=3.0");
	t_free(r);

	r = get_ok("/ogc/v1/api");
	ck_assert_str_eq(t_header(r, "Content-Type"), "application/vnd.oai.openapi+json;version=3.0");
	ck_assert_str_eq(t_str(r->json, "openapi"), "3.0.3");
	ck_assert_ptr_nonnull(json_object_get(json_object_get(r->json, "paths"),
					      "/collections/designations/items"));
	t_free(r);
}
END_TEST

START_TEST(conformance_lists_core_geojson_oas30_crs_and_filter)
{
	tresp *r = get_ok("/ogc/v1/conformance");
	const char *want[] = { "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
			       "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
			       "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
			       "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
			       "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
			       "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
			       "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
			       "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
			       "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
			       "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
			       "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
			       "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json" };
	json_t *c = json_object_get(r->json, "conformsTo");
	for (size_t w = 0; w < sizeof(want) / sizeof(want[0]); w++) {
		bool found = false;
		for (size_t i = 0; i < json_array_size(c); i++)
			found = found || !strcmp(json_string_value(json_array_get(c, i)), want[w]);
		ck_assert_msg(found, "missing %s", want[w]);
	}
	t_free(r);
}
END_TEST

/* The queryables and the schema: typed, linked from the collection, and
 * naming exactly the properties a feature has. */
START_TEST(queryables_and_schema_are_typed_and_match_the_features)
{
	char *id = make("GM0411", "Typed", 4.52, 51.93);
	tresp *c = get_ok("/ogc/v1/collections/designations");
	ck_assert_str_eq(eh_link(c, "describedby"),
			 fmt("%s/ogc/v1/collections/designations/schema", BASE));
	ck_assert_str_eq(eh_link(c, "http://www.opengis.net/def/rel/ogc/1.0/queryables"),
			 fmt("%s/ogc/v1/collections/designations/queryables", BASE));
	t_free(c);

	tresp *q = get_ok("/ogc/v1/collections/designations/queryables");
	ck_assert_str_eq(t_header(q, "Content-Type"), "application/schema+json");
	ck_assert(json_is_false(json_object_get(q->json, "additionalProperties")));
	json_t *qp = json_object_get(q->json, "properties");
	ck_assert_str_eq(t_str(json_object_get(qp, "withdrawnOn"), "format"), "date");
	ck_assert_str_eq(t_str(json_object_get(qp, "hasVoorkeursrecht"), "type"), "boolean");
	ck_assert_str_eq(t_str(json_object_get(qp, "geometry"), "format"), "geometry-multipolygon");
	json_t *kinds = json_object_get(json_object_get(qp, "kind"), "enum");
	ck_assert_uint_eq(json_array_size(kinds), 3);
	ck_assert_str_eq(json_string_value(json_array_get(kinds, 2)), "area");

	/* every queryable but the geometry is a property of a feature, and the
	 * schema describes every property a feature has */
	tresp *f = get_ok(fmt(ITEMS "/%s", id));
	json_t *props = json_object_get(f->json, "properties");
	tresp *sc = get_ok("/ogc/v1/collections/designations/schema");
	json_t *sp = json_object_get(json_object_get(json_object_get(sc->json, "properties"),
						     "properties"),
				     "properties");
	const char *k;
	json_t *v;
	json_object_foreach(qp, k, v) {
		if (strcmp(k, "geometry"))
			ck_assert_msg(json_object_get(props, k), "queryable %s is not a property", k);
	}
	json_object_foreach(props, k, v) {
		ck_assert_msg(json_object_get(sp, k), "property %s is not in the schema", k);
	}
	ck_assert_uint_eq(json_object_size(sp), json_object_size(props));
	t_free(sc);
	t_free(f);
	t_free(q);
	free(id);
}
END_TEST

START_TEST(collection_has_extent_from_the_data_crs_list_and_storage_crs)
{
	free(make("GM0401", "Extent A", 4.40, 51.90));
	free(make("GM0401", "Extent B", 4.70, 51.80));
	tresp *r = get_ok("/ogc/v1/collections/designations");
	ck_assert_str_eq(t_str(r->json, "id"), "designations");
	ck_assert_str_eq(t_str(r->json, "itemType"), "feature");
	ck_assert_str_eq(t_str(r->json, "storageCrs"), EH_RD_URI);
	json_t *crs = json_object_get(r->json, "crs");
	ck_assert_str_eq(json_string_value(json_array_get(crs, 0)), EH_CRS84_URI);
	ck_assert_str_eq(json_string_value(json_array_get(crs, 1)), EH_RD_URI);
	ck_assert_ptr_nonnull(t_header(r, "ETag"));
	json_t *bbox = json_array_get(
		json_object_get(json_object_get(json_object_get(r->json, "extent"), "spatial"),
				"bbox"), 0);
	double minx = json_number_value(json_array_get(bbox, 0));
	double miny = json_number_value(json_array_get(bbox, 1));
	double maxx = json_number_value(json_array_get(bbox, 2));
	double maxy = json_number_value(json_array_get(bbox, 3));
	/* covers both squares and is the data's box, not the Netherlands' */
	ck_assert(minx <= 4.40 && miny <= 51.80 && maxx >= 4.702 && maxy >= 51.902);
	ck_assert(minx > 3.0 && maxx < 7.5 && miny > 50.5 && maxy < 53.8);
	json_t *iv = json_array_get(
		json_object_get(json_object_get(json_object_get(r->json, "extent"), "temporal"),
				"interval"), 0);
	ck_assert_ptr_nonnull(json_string_value(json_array_get(iv, 0)));
	ck_assert_str_eq(eh_link(r, "items"), fmt("%s" ITEMS, BASE));
	t_free(r);

	r = get_ok("/ogc/v1/collections");
	json_t *c0 = json_array_get(json_object_get(r->json, "collections"), 0);
	ck_assert_str_eq(t_str(c0, "id"), "designations");
	ck_assert_str_eq(eh_link(r, "self"), fmt("%s/ogc/v1/collections", BASE));
	t_free(r);
}
END_TEST

/* ================================ items ================================ */

START_TEST(items_are_a_feature_collection_with_public_properties_only)
{
	char *id = oh_designation(BASE, "GM0402", "Public fields", OH_VOORKEURSRECHT, 4.50, 51.92,
				  0.002, eh_today_plus(-10), eh_today_plus(300));
	/* an offer with an owner inside it: personal data that must never show */
	char *ob = oh_offer_body("GM0402", eh_today_plus(-1), 4.501, 51.921);
	tresp *o = oh_create(BASE, eh_admin("GM0402"), ob);
	ck_assert_msg(o->status == 201, "offer: %ld %s", o->status, o->body);
	t_free(o);
	free(ob);

	tresp *r = get_ok(ITEMS "?municipalityCode=GM0402");
	ck_assert_str_eq(t_header(r, "Content-Type"), GEOJSON_CT);
	ck_assert_str_eq(t_header(r, "Content-Crs"), "<" EH_CRS84_URI ">");
	ck_assert_ptr_nonnull(t_header(r, "ETag"));
	ck_assert_str_eq(t_str(r->json, "type"), "FeatureCollection");
	ck_assert_ptr_nonnull(t_str(r->json, "timeStamp"));
	ck_assert_int_eq(t_int(r->json, "numberMatched"), 1);
	ck_assert_int_eq(t_int(r->json, "numberReturned"), 1);
	json_t *f = json_array_get(json_object_get(r->json, "features"), 0);
	ck_assert_str_eq(t_str(f, "type"), "Feature");
	ck_assert_str_eq(t_str(f, "id"), id);
	ck_assert_str_eq(t_str(json_object_get(f, "geometry"), "type"), "MultiPolygon");
	json_t *p = json_object_get(f, "properties");
	const char *keys[] = { "name", "kind", "municipalityCode", "measures", "measuresText",
			       "hasVoorkeursrecht", "periods", "designatedFrom", "designatedUntil",
			       "capDate", "status", "withdrawnOn", "currentPeriodStart",
			       "currentPeriodEnd" };
	ck_assert_uint_eq(json_object_size(p), 14);
	for (size_t i = 0; i < 14; i++)
		ck_assert_msg(json_object_get(p, keys[i]), "no %s", keys[i]);
	ck_assert_str_eq(t_str(p, "name"), "Public fields");
	ck_assert_str_eq(t_str(p, "status"), "active");
	ck_assert_str_eq(t_str(p, "designatedFrom"), eh_today_plus(-10));
	/* the flat properties: the measures as text, and the period in force today */
	ck_assert_str_eq(t_str(p, "measuresText"), "voorkeursrecht");
	ck_assert(json_is_true(json_object_get(p, "hasVoorkeursrecht")));
	ck_assert_str_eq(t_str(p, "currentPeriodStart"), eh_today_plus(-10));
	ck_assert_str_eq(t_str(p, "currentPeriodEnd"), eh_today_plus(300));
	ck_assert_ptr_null(strstr(r->body, "J. de Vries"));
	ck_assert_ptr_null(strstr(r->body, "devries@"));
	ck_assert_ptr_null(strstr(r->body, "owner"));
	ck_assert_ptr_null(strstr(r->body, "bagIds"));
	ck_assert_ptr_nonnull(eh_link(r, "self"));
	ck_assert_ptr_null(eh_link(r, "next"));
	ck_assert_ptr_null(eh_link(r, "prev"));
	t_free(r);

	char *one = fmt(ITEMS "/%s", id);
	r = get_ok(one);
	ck_assert_str_eq(t_header(r, "Content-Type"), GEOJSON_CT);
	ck_assert_str_eq(t_header(r, "Content-Crs"), "<" EH_CRS84_URI ">");
	ck_assert_str_eq(t_str(r->json, "id"), id);
	ck_assert_ptr_null(strstr(r->body, "J. de Vries"));
	ck_assert_str_eq(eh_link(r, "self"), fmt("%s%s", BASE, one));
	t_free(r);
	r = get(ITEMS "/00000000-0000-4000-8000-000000000000");
	ck_assert_int_eq(r->status, 404);
	t_free(r);
	r = get(ITEMS "/not-a-uuid");
	ck_assert_int_eq(r->status, 404);
	t_free(r);
	free(one);
	free(id);
}
END_TEST

START_TEST(paging_links_followed_verbatim_reach_every_feature_once)
{
	char *ids[7];
	for (int i = 0; i < 7; i++) {
		char name[32];
		snprintf(name, sizeof(name), "Page %d", i);
		ids[i] = make("GM0403", name, 4.30 + 0.01 * i, 52.00);
	}
	const char *path = ITEMS "?municipalityCode=GM0403&limit=3&"
			   "crs=%3Chttp%3A%2F%2Fwww.opengis.net%2Fdef%2Fcrs%2FEPSG%2F0%2F28992%3E";
	char *next = strdup(path);
	int seen = 0, pages = 0;
	while (next) {
		tresp *r = get_ok(next);
		ck_assert_str_eq(t_header(r, "Content-Crs"), "<" EH_RD_URI ">");
		if (pages == 0) /* pages asked by cursor are not counted again */
			ck_assert_int_eq(t_int(r->json, "numberMatched"), 7);
		else
			ck_assert_ptr_null(json_object_get(r->json, "numberMatched"));
		json_t *fs = json_object_get(r->json, "features");
		ck_assert_int_eq(t_int(r->json, "numberReturned"), (long long)json_array_size(fs));
		for (size_t i = 0; i < json_array_size(fs); i++, seen++)
			ck_assert_str_eq(t_str(json_array_get(fs, i), "id"), ids[seen]);
		/* pages after the first are asked by the cursor of a next link: no prev */
		if (pages > 0)
			ck_assert_ptr_null(eh_link(r, "prev"));
		if (eh_link(r, "next"))
			ck_assert_ptr_nonnull(strstr(eh_link(r, "next"), "cursor="));
		const char *n = eh_link(r, "next");
		free(next);
		next = n ? strdup(local(n)) : NULL;
		if (n)
			ck_assert_ptr_nonnull(strstr(n, "crs=%3Chttp%3A%2F%2F"));
		pages++;
		t_free(r);
	}
	ck_assert_int_eq(seen, 7);
	ck_assert_int_eq(pages, 3);
	for (int i = 0; i < 7; i++)
		free(ids[i]);
}
END_TEST

START_TEST(limit_above_10000_is_clamped_and_bad_values_are_400)
{
	tresp *r = get_ok(ITEMS "?limit=20000");
	ck_assert_ptr_nonnull(strstr(eh_link(r, "self"), "limit=10000"));
	t_free(r);
	/* the largest offset is answered: past the end, no features */
	r = get_ok(ITEMS "?offset=10000");
	ck_assert_int_eq(json_array_size(json_object_get(r->json, "features")), 0);
	t_free(r);
	const char *bad[] = { ITEMS "?limit=0", ITEMS "?limit=abc", ITEMS "?offset=-1",
			      ITEMS "?crs=http%3A%2F%2Fwww.opengis.net%2Fdef%2Fcrs%2FEPSG%2F0%2F25831",
			      ITEMS "?bbox-crs=EPSG%3A4326&bbox=4,51,5,52",
			      ITEMS "?bbox=4,51,5", ITEMS "?bbox=5,51,4,52", ITEMS "?bbox=a,b,c,d",
			      ITEMS "?bbox=4,51,5,52,6,7,8", ITEMS "?bbox=-200,51,5,52",
			      ITEMS "?datetime=yesterday", ITEMS "?datetime=2025-13-01",
			      ITEMS "?datetime=2025-02-01%2F2025-01-01",
			      ITEMS "?datetime=2025-01-01%2F2025-02-01%2F2025-03-01",
			      ITEMS "?municipalityCode=0599", ITEMS "?kind=house",
			      ITEMS "?measure=art99", ITEMS "?status=gone", ITEMS "?foo=bar",
			      ITEMS "/00000000-0000-4000-8000-000000000000?crs=EPSG%3A28992" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		r = get(bad[i]);
		ck_assert_msg(r->status == 400, "%s: %ld", bad[i], r->status);
		ck_assert_str_eq(t_header(r, "Content-Type"), "application/problem+json");
		t_free(r);
	}
}
END_TEST

/* The parameter, its code and the reason of a bad query: the bbox faults of
 * the shared parser (server/input.c) and the limit read from the constant
 * it is checked against (an unknown parameter: tests/e2e/test_headers.c). */
START_TEST(bad_parameters_name_their_fault)
{
	static const struct { const char *query, *param, *code, *reason; } cases[] = {
		{ "limit=0", "limit", "invalid-limit", "(at most 10000 are returned)" },
		{ "offset=-1", "offset", "invalid-offset", "from 0 to 10000;" },
		/* was read as 10 000, then as LONG_MAX (issue 12 point 9) */
		{ "offset=99999999999999999999", "offset", "invalid-offset",
		  "offset must be a whole number from 0 to 10000;" },
		{ "offset=100000001", "offset", "invalid-offset", "from 0 to 10000;" },
		{ "bbox=4,51,5", "bbox", "invalid-bbox", "minx,miny,minz,maxx,maxy,maxz" },
		{ "bbox=5,51,4,52", "bbox", "invalid-bbox", "with min <= max" },
		{ "bbox=4,51,5,52,6,7,8", "bbox", "invalid-bbox", "minx,miny,maxx,maxy" },
		{ "bbox=-200,51,5,52", "bbox", "out-of-range", "longitudes -180 to 180" },
		{ "bbox-crs=EPSG%3A4326&bbox=4,51,5,52", "bbox-crs", "unsupported-crs",
		  "bbox-crs must be " },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *path = fmt(ITEMS "?%s", cases[i].query);
		tresp *r = get(path);
		eh_assert_problem(r, 400, "invalid-query-parameter", NULL);
		json_t *p = eh_param(r, cases[i].param, cases[i].code);
		ck_assert_msg(p, "%s: %s", path, r->body);
		const char *reason = json_string_value(json_object_get(p, "reason"));
		ck_assert_msg(reason && strstr(reason, cases[i].reason), "%s: %s", path, r->body);
		t_free(r);
		free(path);
	}
	/* 6 numbers: the heights are dropped, the box is the same */
	tresp *a = get_ok(ITEMS "?bbox=4.0,51.6,4.3,51.8");
	tresp *b = get_ok(ITEMS "?bbox=4.0,51.6,-5,4.3,51.8,100");
	ck_assert_int_eq(json_array_size(json_object_get(a->json, "features")),
			 json_array_size(json_object_get(b->json, "features")));
	t_free(a);
	t_free(b);
}
END_TEST

START_TEST(filters_bbox_datetime_measure_kind_status)
{
	char *a = make("GM0404", "West", 4.10, 51.70);
	char *b = make("GM0404", "East", 4.90, 51.70);
	/* a planned one, starting in a year */
	char *g = eh_square(4.50, 51.70, 0.002);
	char *c = eh_create(BASE, "GM0404", "Later", g, eh_today_plus(365), eh_today_plus(700));
	free(g);
	struct {
		const char *q;
		const char *ids;
	} cases[] = {
		{ "bbox=4.0,51.6,4.3,51.8", a },
		{ "bbox=4.0,51.6,5.0,51.8", NULL }, /* all three */
		{ "bbox=6.0,53.0,7.0,53.5", "" },
		{ "bbox=-10,-10,-5,-5", "" },
		/* RD box around West: (4.10, 51.70) is about x 72 600, y 423 500 */
		{ "bbox-crs=http%3A%2F%2Fwww.opengis.net%2Fdef%2Fcrs%2FEPSG%2F0%2F28992&"
		  "bbox=60000,410000,85000,435000", a },
		{ "status=planned", c },
		{ "datetime=..%2F..", NULL },
		{ "measure=art9", "" },
		{ "kind=street", "" },
		/* every filter at once (each is written twice, for the count and the page) */
		{ "kind=area&measure=art8&status=active&datetime=2000-01-01%2F2100-01-01&"
		  "bbox=4.0,51.6,4.3,51.8", a },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *path = fmt(ITEMS "?municipalityCode=GM0404&%s", cases[i].q);
		tresp *r = get_ok(path);
		json_t *fs = json_object_get(r->json, "features");
		if (!cases[i].ids) {
			ck_assert_msg(json_array_size(fs) == 3, "%s: %zu", path, json_array_size(fs));
		} else if (!*cases[i].ids) {
			ck_assert_msg(json_array_size(fs) == 0, "%s: %zu", path, json_array_size(fs));
		} else {
			ck_assert_msg(json_array_size(fs) == 1, "%s: %zu", path, json_array_size(fs));
			ck_assert_str_eq(t_str(json_array_get(fs, 0), "id"), cases[i].ids);
		}
		t_free(r);
		free(path);
	}
	/* datetime: an instant, open intervals, a date-time */
	struct {
		char *q;
		size_t n;
	} dt[] = {
		{ fmt("datetime=%s", eh_today_plus(0)), 2 },
		{ fmt("datetime=%s", eh_today_plus(400)), 1 },
		{ fmt("datetime=%sT12:00:00Z", eh_today_plus(400)), 1 },
		{ fmt("datetime=%s%%2F..", eh_today_plus(350)), 1 },
		{ fmt("datetime=..%%2F%s", eh_today_plus(-11)), 0 },
		{ fmt("datetime=%s%%2F%s", eh_today_plus(-20), eh_today_plus(-10)), 2 },
		{ fmt("datetime=%s%%2F%s", eh_today_plus(-20), eh_today_plus(400)), 3 },
	};
	for (size_t i = 0; i < sizeof(dt) / sizeof(dt[0]); i++) {
		char *path = fmt(ITEMS "?municipalityCode=GM0404&%s", dt[i].q);
		tresp *r = get_ok(path);
		ck_assert_msg(json_array_size(json_object_get(r->json, "features")) == dt[i].n,
			      "%s: %zu", path, json_array_size(json_object_get(r->json, "features")));
		t_free(r);
		free(path);
		free(dt[i].q);
	}
	free(a);
	free(b);
	free(c);
}
END_TEST

/* An RD-stored polygon comes out in CRS84 as PostGIS's own ST_Transform says,
 * to within 1 cm; and in RD exactly as sent. */
START_TEST(crs84_output_of_an_rd_polygon_agrees_with_postgis_within_1_cm)
{
	const char *rd = "{\"type\":\"Polygon\",\"coordinates\":[[[92000.5,437000.25],"
			 "[92400,437000.25],[92400,437300],[92000.5,437300],[92000.5,437000.25]]]}";
	char *id = eh_create_rd(BASE, "GM0405", "RD polygon", rd, eh_today_plus(-1),
				eh_today_plus(100));
	char *path = fmt(ITEMS "/%s", id);
	tresp *r = get_ok(path);
	json_t *ring = json_array_get(json_array_get(json_object_get(json_object_get(r->json,
										    "geometry"),
								     "coordinates"), 0), 0);
	ck_assert_uint_eq(json_array_size(ring), 5);
	for (size_t i = 0; i < 4; i++) {
		json_t *pt = json_array_get(ring, i);
		double lon = json_number_value(json_array_get(pt, 0));
		double lat = json_number_value(json_array_get(pt, 1));
		char lons[64], lats[64];
		snprintf(lons, sizeof(lons), "%.12f", lon);
		snprintf(lats, sizeof(lats), "%.12f", lat);
		const char *params[] = { lons, lats, NULL };
		/* distance in metres, in RD, between our point and each corner */
		char *d = eh_pg_value(
			eh_db(),
			"SELECT min(ST_Distance(ST_Transform(ST_SetSRID(ST_MakePoint($1::float8,"
			" $2::float8), 4326), 28992), (dp).geom))::text FROM (SELECT ST_DumpPoints("
			"ST_GeomFromText('POLYGON((92000.5 437000.25, 92400 437000.25, 92400 437300,"
			" 92000.5 437300, 92000.5 437000.25))', 28992)) AS dp) q",
			params);
		/* and directly: PostGIS's CRS84 of the stored geometry, vertex i+1 */
		char idx[8];
		snprintf(idx, sizeof(idx), "%zu", i + 1);
		const char *p2[] = { id, idx, lons, lats, NULL };
		char *dd = eh_pg_value(
			eh_db(),
			"SELECT (ST_Distance(ST_PointN(ST_ExteriorRing(ST_GeometryN(ST_Transform(geom,"
			" 4326), 1)), $2::int)::geography, ST_SetSRID(ST_MakePoint($3::float8,"
			" $4::float8), 4326)::geography))::text FROM designations WHERE id = $1::uuid",
			p2);
		ck_assert_msg(atof(d) < 0.01, "vertex %zu is %s m off", i, d);
		ck_assert_msg(atof(dd) < 0.01, "vertex %zu is %s m from ST_Transform", i, dd);
		free(d);
		free(dd);
	}
	t_free(r);
	char *rdpath = fmt("%s?%s", path, EH_Q_RD);
	r = get_ok(rdpath);
	ck_assert_str_eq(t_header(r, "Content-Crs"), "<" EH_RD_URI ">");
	ck_assert_ptr_nonnull(strstr(r->body, "92000.5,437000.25"));
	t_free(r);
	free(rdpath);
	free(path);
	free(id);
}
END_TEST

/* ================================ ETag ================================ */

START_TEST(if_none_match_is_304_until_a_designation_changes)
{
	char *id = make("GM0406", "Tagged", 4.60, 52.10);
	const char *paths[] = { ITEMS "?municipalityCode=GM0406", "/ogc/v1/collections/designations",
				NULL };
	char *one = fmt(ITEMS "/%s", id);
	paths[2] = one;
	char *tags[3];
	for (int i = 0; i < 3; i++) {
		tresp *r = get_ok(paths[i]);
		ck_assert_ptr_nonnull(t_header(r, "ETag"));
		ck_assert_msg(t_header(r, "ETag")[0] == '"', "weak or bare tag");
		tags[i] = strdup(t_header(r, "ETag"));
		char *body = strdup(r->body);
		t_free(r);
		/* the same bytes again (from the cache) and the same tag */
		r = get_ok(paths[i]);
		ck_assert_str_eq(t_header(r, "ETag"), tags[i]);
		ck_assert_str_eq(r->body, body);
		t_free(r);
		free(body);
		char *h = fmt("If-None-Match: %s", tags[i]);
		const char *hs[] = { h, NULL };
		r = t_request(BASE, "GET", paths[i], NULL, hs);
		ck_assert_int_eq(r->status, 304);
		ck_assert_uint_eq(r->len, 0);
		ck_assert_str_eq(t_header(r, "ETag"), tags[i]);
		t_free(r);
		free(h);
	}
	/* another query or crs is another tag */
	tresp *r = get_ok(ITEMS "?municipalityCode=GM0406&" EH_Q_RD);
	ck_assert_str_ne(t_header(r, "ETag"), tags[0]);
	t_free(r);

	/* a change through /api/v1 */
	char *api = fmt("/api/v1/designations/%s", id);
	const char *ph[] = { "Content-Type: application/merge-patch+json", NULL };
	r = eh_request(BASE, "PATCH", api, "{\"name\":\"Renamed\"}", ph);
	ck_assert_msg(r->status == 200, "patch: %ld %s", r->status, r->body);
	t_free(r);
	for (int i = 0; i < 3; i++) {
		char *h = fmt("If-None-Match: %s", tags[i]);
		const char *hs[] = { h, NULL };
		r = t_request(BASE, "GET", paths[i], NULL, hs);
		ck_assert_int_eq(r->status, 200);
		ck_assert_str_ne(t_header(r, "ETag"), tags[i]);
		if (i != 1)
			ck_assert_ptr_nonnull(strstr(r->body, "Renamed"));
		t_free(r);
		free(h);
		free(tags[i]);
	}
	free(api);
	free(one);
	free(id);
}
END_TEST

/* Poll server b's path until its ETag differs from tag (at most 5 s); the new tag. */
static char *await_new_tag(const char *b, const char *path, const char *tag, char **body)
{
	for (int waited = 0; waited < 5000; waited += 20) {
		tresp *r = t_request(b, "GET", path, NULL, NULL);
		ck_assert_int_eq(r->status, 200);
		if (strcmp(t_header(r, "ETag"), tag) != 0) {
			char *t = strdup(t_header(r, "ETag"));
			*body = strdup(r->body);
			t_free(r);
			return t;
		}
		t_free(r);
		usleep(20 * 1000);
	}
	ck_abort_msg("%s on the second server kept ETag %s for 5 s after a change", path, tag);
	return NULL;
}

/* Two servers on one database give the same ETag for the same request (the
 * Host a balancer passes on); the tag shows the change counter, and a tag
 * under a newer counter is 304 only when it is this request's tag there
 * (a made-up one is not). */
START_TEST(servers_agree_on_etags_and_a_newer_tag_needs_its_hash)
{
	tserver b;
	tserver_start(&b, conninfo, NULL);
	char *id = make("GM0409", "Agreed", 4.64, 52.14);
	const char *path = ITEMS "?municipalityCode=GM0409";
	const char *host[] = { "Host: wvlv.example.nl", NULL };
	tresp *r1 = t_request(BASE, "GET", path, NULL, host);
	tresp *r2 = t_request(b.base, "GET", path, NULL, host);
	ck_assert_int_eq(r1->status, 200);
	ck_assert_int_eq(r2->status, 200);
	const char *tag = t_header(r1, "ETag");
	ck_assert_str_eq(t_header(r2, "ETag"), tag);
	long long n = -1;
	char hex[40] = "";
	ck_assert_msg(sscanf(tag, "\"%lld-%39[0-9a-f]\"", &n, hex) == 2 && n > 0 &&
			      strlen(hex) == 32 && tag[strlen(tag) - 1] == '"',
		      "ETag %s is not \"<counter>-<32 hex>\"", tag);
	char *forged = fmt("If-None-Match: \"%lld-%s\"", n + 1000, hex);
	const char *h[] = { host[0], forged, NULL };
	tresp *r = t_request(b.base, "GET", path, NULL, h);
	ck_assert_int_eq(r->status, 200); /* a newer counter alone is not enough */
	t_free(r);
	char *same = fmt("If-None-Match: %s", tag);
	const char *h2[] = { host[0], same, NULL };
	r = t_request(b.base, "GET", path, NULL, h2);
	ck_assert_int_eq(r->status, 304);
	t_free(r);
	t_free(r1);
	t_free(r2);
	free(forged);
	free(same);
	free(id);
	tserver_stop(&b);
}
END_TEST

START_TEST(a_second_server_sees_changes_made_through_the_first)
{
	tserver b;
	tserver_start(&b, conninfo, NULL);
	char *id = make("GM0408", "Shared", 4.62, 52.12);
	const char *path = ITEMS "?municipalityCode=GM0408";
	tresp *r = t_request(b.base, "GET", path, NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	char *tag = strdup(t_header(r, "ETag"));
	ck_assert_ptr_nonnull(strstr(r->body, "\"Shared\""));
	t_free(r);

	/* a rename through the first server reaches the second's memory */
	char *api = fmt("/api/v1/designations/%s", id);
	const char *ph[] = { "Content-Type: application/merge-patch+json", NULL };
	r = eh_request(BASE, "PATCH", api, "{\"name\":\"Shared renamed\"}", ph);
	ck_assert_msg(r->status == 200, "patch: %ld %s", r->status, r->body);
	t_free(r);
	char *body = NULL;
	char *tag2 = await_new_tag(b.base, path, tag, &body);
	ck_assert_ptr_nonnull(strstr(body, "\"Shared renamed\""));
	free(body);

	/* an extension (a new period row) changes the stored properties too */
	eh_extend(BASE, id, eh_today_plus(600));
	char *tag3 = await_new_tag(b.base, path, tag2, &body);
	json_t *doc = json_loads(body, 0, NULL);
	json_t *props = json_object_get(json_array_get(json_object_get(doc, "features"), 0),
					"properties");
	json_t *periods = json_object_get(props, "periods");
	ck_assert_uint_eq(json_array_size(periods), 2);
	ck_assert_str_eq(t_str(json_array_get(periods, 1), "kind"), "extension");
	ck_assert_str_eq(t_str(json_array_get(periods, 1), "end"), eh_today_plus(600));
	ck_assert_str_eq(t_str(props, "designatedUntil"), eh_today_plus(600));
	ck_assert_str_eq(t_str(props, "status"), "active");
	json_decref(doc);
	free(body);

	/* once seen, it stays (the tags of the two servers differ: their links
	 * carry their own address) */
	r = t_request(b.base, "GET", path, NULL, NULL);
	ck_assert_str_eq(t_header(r, "ETag"), tag3);
	t_free(r);
	ck_assert_int_eq(tserver_stop(&b), 0);
	free(tag);
	free(tag2);
	free(tag3);
	free(id);
}
END_TEST

/* The LISTEN connection cut (as a database restart or a network fault would):
 * a change made meanwhile is still seen, and notifications work again after. */
START_TEST(changes_are_seen_when_the_listen_connection_is_cut)
{
	tserver b;
	tserver_start(&b, conninfo, NULL);
	char *id = make("GM0410", "Cut", 4.66, 52.16);
	const char *path = ITEMS "?municipalityCode=GM0410";
	tresp *r = t_request(b.base, "GET", path, NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	char *tag = strdup(t_header(r, "ETag"));
	t_free(r);
	long cut = eh_pg_long(eh_db(),
			      "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
			      " WHERE application_name = 'wvlv serve (ogc watch)'"
			      " AND datname = current_database()",
			      NULL);
	ck_assert_int_ge(cut, 2); /* both servers' */
	char *api = fmt("/api/v1/designations/%s", id);
	const char *ph[] = { "Content-Type: application/merge-patch+json", NULL };
	r = eh_request(BASE, "PATCH", api, "{\"name\":\"Cut once\"}", ph);
	ck_assert_int_eq(r->status, 200);
	t_free(r);
	char *body = NULL;
	char *tag2 = await_new_tag(b.base, path, tag, &body);
	ck_assert_ptr_nonnull(strstr(body, "\"Cut once\""));
	free(body);
	/* reconnected: the next change arrives by notification again */
	for (int waited = 0; waited < 5000; waited += 50) {
		if (eh_pg_long(eh_db(),
			       "SELECT count(*) FROM pg_stat_activity WHERE application_name ="
			       " 'wvlv serve (ogc watch)' AND datname = current_database()",
			       NULL) >= 2)
			break;
		usleep(50 * 1000);
	}
	r = eh_request(BASE, "PATCH", api, "{\"name\":\"Cut twice\"}", ph);
	ck_assert_int_eq(r->status, 200);
	t_free(r);
	char *tag3 = await_new_tag(b.base, path, tag2, &body);
	ck_assert_ptr_nonnull(strstr(body, "\"Cut twice\""));
	free(body);
	ck_assert_int_eq(tserver_stop(&b), 0);
	free(tag);
	free(tag2);
	free(tag3);
	free(id);
}
END_TEST

/* A repeated pull and a 304 are answered from memory: with the designations
 * table locked by another transaction, they still answer at once, while a
 * pull that must read the table waits and fails with the statement timeout. */
START_TEST(repeat_pulls_and_304_need_no_query)
{
	tserver b;
	const char *env[] = { "WVLV_STATEMENT_TIMEOUT_MS=1000", NULL };
	tserver_start(&b, conninfo, env);
	char *id = make("GM0409", "Locked out", 4.64, 52.14);
	const char *path = ITEMS "?municipalityCode=GM0409";
	tresp *first = t_request(b.base, "GET", path, NULL, NULL);
	ck_assert_int_eq(first->status, 200);
	/* the second request is the one that finds the counter learned */
	tresp *r = t_request(b.base, "GET", path, NULL, NULL);
	ck_assert_str_eq(r->body, first->body);
	t_free(r);

	PGconn *locker = eh_pg(conninfo);
	PGresult *res = PQexec(locker, "BEGIN; LOCK TABLE designations IN ACCESS EXCLUSIVE MODE");
	ck_assert_int_eq(PQresultStatus(res), PGRES_COMMAND_OK);
	PQclear(res);
	r = t_request(b.base, "GET", path, NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert_str_eq(r->body, first->body);
	ck_assert_str_eq(t_header(r, "ETag"), t_header(first, "ETag"));
	t_free(r);
	char *h = fmt("If-None-Match: %s", t_header(first, "ETag"));
	const char *hs[] = { h, NULL };
	r = t_request(b.base, "GET", path, NULL, hs);
	ck_assert_int_eq(r->status, 304);
	t_free(r);
	r = t_request(b.base, "GET", ITEMS "?municipalityCode=GM0409&limit=7", NULL, NULL);
	ck_assert_msg(r->status == 503, "a pull that reads the locked table: %ld", r->status);
	t_free(r);
	res = PQexec(locker, "ROLLBACK");
	PQclear(res);
	PQfinish(locker);
	t_free(first);
	ck_assert_int_eq(tserver_stop(&b), 0);
	free(id);
}
END_TEST

/* ================================ access ================================ */

START_TEST(public_by_default_and_token_needed_with_public_gis_off)
{
	tresp *r = get_ok(ITEMS);
	t_free(r);
	tserver closed;
	const char *env[] = { "WVLV_PUBLIC_GIS=0", NULL };
	tserver_start(&closed, conninfo, env);
	const char *paths[] = { "/ogc/v1", "/ogc/v1/conformance", "/ogc/v1/collections",
				"/ogc/v1/collections/designations", ITEMS };
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		r = t_request(closed.base, "GET", paths[i], NULL, NULL);
		ck_assert_msg(r->status == 401, "%s: %ld", paths[i], r->status);
		t_free(r);
	}
	const char *auth[] = { eh_national(), NULL };
	r = t_request(closed.base, "GET", ITEMS, NULL, auth);
	ck_assert_int_eq(r->status, 200);
	t_free(r);
	ck_assert_int_eq(tserver_stop(&closed), 0);
}
END_TEST

START_TEST(links_use_wvlv_public_url)
{
	tserver behind;
	const char *env[] = { "WVLV_PUBLIC_URL=https://gis.example.nl/", NULL };
	tserver_start(&behind, conninfo, env);
	tresp *r = t_request(behind.base, "GET", ITEMS "?limit=1&kind=area", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	const char *self = eh_link(r, "self");
	ck_assert_msg(!strncmp(self, "https://gis.example.nl/ogc/v1/collections/designations/items?",
			       61), "%s", self);
	t_free(r);
	ck_assert_int_eq(tserver_stop(&behind), 0);
}
END_TEST

int main(void)
{
	conninfo = e2e_start(&srv, "wvlv_e2e_ogc");
	Suite *s = suite_create("ogc");
	TCase *tc = e2e_case(s, "capabilities", 0);
	tcase_add_test(tc, landing_page_links_api_conformance_and_data);
	tcase_add_test(tc, conformance_lists_core_geojson_oas30_crs_and_filter);
	tcase_add_test(tc, queryables_and_schema_are_typed_and_match_the_features);
	tcase_add_test(tc, collection_has_extent_from_the_data_crs_list_and_storage_crs);
	tc = e2e_case(s, "items", 60);
	tcase_add_test(tc, items_are_a_feature_collection_with_public_properties_only);
	tcase_add_test(tc, paging_links_followed_verbatim_reach_every_feature_once);
	tcase_add_test(tc, limit_above_10000_is_clamped_and_bad_values_are_400);
	tcase_add_test(tc, bad_parameters_name_their_fault);
	tcase_add_test(tc, filters_bbox_datetime_measure_kind_status);
	tcase_add_test(tc, crs84_output_of_an_rd_polygon_agrees_with_postgis_within_1_cm);
	tc = e2e_case(s, "etag", 60);
	tcase_add_test(tc, if_none_match_is_304_until_a_designation_changes);
	tcase_add_test(tc, a_second_server_sees_changes_made_through_the_first);
	tcase_add_test(tc, servers_agree_on_etags_and_a_newer_tag_needs_its_hash);
	tcase_add_test(tc, repeat_pulls_and_304_need_no_query);
	tcase_add_test(tc, changes_are_seen_when_the_listen_connection_is_cut);
	tc = e2e_case(s, "access", 60);
	tcase_add_test(tc, public_by_default_and_token_needed_with_public_gis_off);
	tcase_add_test(tc, links_use_wvlv_public_url);
	return e2e_run(s, &srv);
}
