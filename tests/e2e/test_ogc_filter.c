/* test_ogc_filter.c — filtering, sorting and choosing properties on
 * /ogc/v1/collections/designations/items (OGC API – Features Part 3): CQL2
 * in text and JSON selects exactly the designations it describes, sortby
 * orders them (and pages in that order), properties keeps only the named
 * ones, and every bad filter is a 400 naming what is wrong. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "e2e_helpers.h"
#include "e2e_main.h"
#include "http_client.h"
#include "offer_helpers.h"
#include "server_proc.h"

static tserver srv;
#define ITEMS "/ogc/v1/collections/designations/items"
#define MUNI "GM0420"


/* GET ITEMS?municipalityCode=MUNI&<query>; the names of the features, in
 * order, joined by ",", or "<status> <code>" for a problem (the code of its
 * first invalidParams entry, which names the fault). */
static const char *names(const char *query)
{
	static char out[512];
	char path[1024];
	snprintf(path, sizeof(path), ITEMS "?municipalityCode=" MUNI "&%s", query);
	tresp *r = t_request(srv.base, "GET", path, NULL, NULL);
	if (r->status != 200) {
		json_t *p = json_array_get(json_object_get(r->json, "invalidParams"), 0);
		snprintf(out, sizeof(out), "%ld %s", r->status, t_str(p ? p : r->json, "code"));
	} else {
		out[0] = '\0';
		json_t *fs = json_object_get(r->json, "features");
		for (size_t i = 0; i < json_array_size(fs); i++) {
			json_t *p = json_object_get(json_array_get(fs, i), "properties");
			snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s%s", i ? "," : "",
				 t_str(p, "name"));
		}
	}
	t_free(r);
	return out;
}

/* Four designations of MUNI: A (area, art8, active), B (voorkeursrecht,
 * active), C (planned), D (withdrawn yesterday). A test of its own (the first
 * case), because a check assertion outside a test ends the program. */
START_TEST(seed_the_designations)
{
	free(oh_designation(srv.base, MUNI, "A", "[\"art8\"]", 4.50, 52.00, 0.002,
			    eh_today_plus(-10), eh_today_plus(300)));
	free(oh_designation(srv.base, MUNI, "B", OH_VOORKEURSRECHT, 4.51, 52.00, 0.002,
			    eh_today_plus(-20), eh_today_plus(200)));
	free(oh_designation(srv.base, MUNI, "C", "[\"art8\",\"art10\"]", 4.52, 52.00, 0.002,
			    eh_today_plus(30), eh_today_plus(400)));
	char *d = oh_designation(srv.base, MUNI, "D", "[\"art8\"]", 4.53, 52.00, 0.002,
				 eh_today_plus(-40), eh_today_plus(100));
	eh_withdraw(srv.base, d, eh_today_plus(-1));
	free(d);
}
END_TEST

/* URL-encoded enough for these filters: spaces, quotes, %, and brackets. */
static const char *enc(const char *s)
{
	static char out[1024];
	size_t n = 0;
	for (; *s && n < sizeof(out) - 4; s++) {
		if (strchr(" '%\"{}[]:,()<>=", *s))
			n += (size_t)snprintf(out + n, sizeof(out) - n, "%%%02X", (unsigned char)*s);
		else
			out[n++] = *s;
	}
	out[n] = '\0';
	return out;
}

static const char *filtered(const char *cql2_text)
{
	char q[1200];
	snprintf(q, sizeof(q), "sortby=name&filter=%s", enc(cql2_text));
	return names(q);
}

START_TEST(cql2_text_selects_what_it_says)
{
	ck_assert_str_eq(filtered("status = 'active'"), "A,B");
	ck_assert_str_eq(filtered("hasVoorkeursrecht = TRUE"), "B");
	ck_assert_str_eq(filtered("measuresText LIKE '%art10%'"), "C");
	ck_assert_str_eq(filtered("name IN ('A', 'C') OR withdrawnOn IS NOT NULL"), "A,C,D");
	ck_assert_str_eq(filtered("NOT status = 'active' AND name <> 'C'"), "D");
	ck_assert_str_eq(filtered("currentPeriodStart IS NULL"), "C,D");
	char f[200];
	snprintf(f, sizeof(f), "designatedFrom BETWEEN DATE('%s') AND DATE('%s')",
		 eh_today_plus(-25), eh_today_plus(0));
	ck_assert_str_eq(filtered(f), "A,B");
	snprintf(f, sizeof(f), "designatedFrom < TIMESTAMP('%sT00:00:00Z')", eh_today_plus(-15));
	ck_assert_str_eq(filtered(f), "B,D");
	/* geometry: a point inside B, a box over A and B, a polygon around C */
	ck_assert_str_eq(filtered("S_INTERSECTS(geometry, POINT(4.511 52.001))"), "B");
	ck_assert_str_eq(filtered("S_INTERSECTS(geometry, BBOX(4.499, 51.999, 4.5115, 52.0015))"),
			 "A,B");
	ck_assert_str_eq(filtered("S_INTERSECTS(geometry, POLYGON((4.5205 52.0005, 4.5215 52.0005, "
				  "4.5215 52.0015, 4.5205 52.0015, 4.5205 52.0005)))"),
			 "C");
	/* filter-crs EPSG:4326 is latitude first */
	ck_assert_str_eq(names("filter-crs=http://www.opengis.net/def/crs/EPSG/0/4326&filter=" "S_INTERSECTS%28geometry%2CPOINT%2852.001%204.511%29%29"),
			 "B");
}
END_TEST

START_TEST(cql2_json_gives_the_same_answers)
{
	char q[1200];
	snprintf(q, sizeof(q), "sortby=name&filter-lang=cql2-json&filter=%s",
		 enc("{\"op\":\"and\",\"args\":[{\"op\":\"=\",\"args\":[{\"property\":\"status\"},"
		     "\"active\"]},{\"op\":\"s_intersects\",\"args\":[{\"property\":\"geometry\"},"
		     "{\"bbox\":[4.499,51.999,4.5115,52.0015]}]}]}"));
	ck_assert_str_eq(names(q), "A,B");
}
END_TEST

START_TEST(sortby_orders_and_pages_in_that_order)
{
	ck_assert_str_eq(names("sortby=-name"), "D,C,B,A");
	ck_assert_str_eq(names("sortby=designatedFrom"), "D,B,A,C");
	ck_assert_str_eq(names("sortby=%2Bstatus,-name"), "B,A,C,D"); /* active, planned, withdrawn */
	ck_assert_str_eq(names("sortby=-name&limit=2&offset=1"), "C,B");
	ck_assert_str_eq(names("sortby=geometry"), "400 invalid-sortby");
	ck_assert_str_eq(names("sortby=nope"), "400 invalid-sortby");
}
END_TEST

START_TEST(properties_keeps_only_the_named_ones)
{
	tresp *r = t_request(srv.base, "GET",
			     ITEMS "?municipalityCode=" MUNI "&sortby=name&properties=name,status,capDate",
			     NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	json_t *p = json_object_get(json_array_get(json_object_get(r->json, "features"), 0),
				    "properties");
	ck_assert_uint_eq(json_object_size(p), 3);
	ck_assert_str_eq(t_str(p, "name"), "A");
	ck_assert_str_eq(t_str(p, "status"), "active");
	ck_assert_ptr_nonnull(t_str(p, "capDate"));
	t_free(r);
	ck_assert_str_eq(names("properties=name,owner"), "400 invalid-properties");
}
END_TEST

/* the next page of a filtered, sorted page is the next page of the same
 * selection in the same order */
START_TEST(the_next_link_keeps_filter_sortby_and_properties)
{
	tresp *r = t_request(srv.base, "GET",
			     ITEMS "?municipalityCode=" MUNI "&filter=status%3D%27active%27%20OR%20"
			     "status%3D%27planned%27&sortby=-name&properties=name&limit=2",
			     NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	const char *next = NULL;
	json_t *links = json_object_get(r->json, "links");
	for (size_t i = 0; i < json_array_size(links); i++)
		if (!strcmp(t_str(json_array_get(links, i), "rel"), "next"))
			next = t_str(json_array_get(links, i), "href");
	ck_assert_ptr_nonnull(next);
	const char *path = strstr(next, "/ogc/v1/");
	ck_assert_ptr_nonnull(path);
	char *copy = strdup(path);
	t_free(r);
	r = t_request(srv.base, "GET", copy, NULL, NULL);
	free(copy);
	ck_assert_int_eq(r->status, 200);
	json_t *fs = json_object_get(r->json, "features");
	ck_assert_uint_eq(json_array_size(fs), 1); /* C, B | A */
	json_t *p = json_object_get(json_array_get(fs, 0), "properties");
	ck_assert_str_eq(t_str(p, "name"), "A");
	ck_assert_uint_eq(json_object_size(p), 1);
	t_free(r);
}
END_TEST

START_TEST(bad_filters_are_400_naming_the_fault)
{
	ck_assert_str_eq(filtered("nmae = 'x'"), "400 unknown-queryable");
	ck_assert_str_eq(filtered("kind = 'lane'"), "400 invalid-filter");
	ck_assert_str_eq(filtered("name = "), "400 invalid-filter");
	ck_assert_str_eq(filtered("S_WITHIN(geometry, POINT(4.5 52))"), "400 unsupported-filter");
	ck_assert_str_eq(filtered("designatedFrom = '2027-01-01'"), "400 invalid-filter");
	ck_assert_str_eq(names("filter-lang=cql2-xml&filter=x"), "400 unsupported-filter-lang");
	ck_assert_str_eq(names("filter-lang=cql2-text"), "400 filter-missing");
	ck_assert_str_eq(names("filter=TRUE&filter-crs=EPSG:1234"), "400 unsupported-crs");
}
END_TEST

int main(void)
{
	e2e_start(&srv, "wvlv_e2e_ogc_filter");
	Suite *s = suite_create("ogc_filter");
	tcase_add_test(e2e_case(s, "seed", 30), seed_the_designations);
	TCase *tc = e2e_case(s, "filter", 30);
	tcase_add_test(tc, cql2_text_selects_what_it_says);
	tcase_add_test(tc, cql2_json_gives_the_same_answers);
	tcase_add_test(tc, sortby_orders_and_pages_in_that_order);
	tcase_add_test(tc, properties_keeps_only_the_named_ones);
	tcase_add_test(tc, the_next_link_keeps_filter_sortby_and_properties);
	tcase_add_test(tc, bad_filters_are_400_naming_the_fault);
	return e2e_run(s, &srv);
}
