/* test_ogc_crs.c — unit tests of lib/domain/ogc_crs.c: the table of the five
 * OGC CRSs, reading their URIs, a bbox in each CRS's axis order and its clip
 * to where designations can lie; and that the REST API's wvlv_crs still
 * reads exactly two. */
#include "wvlv/crs.h"
#include "wvlv/ogc_crs.h"
#include "unit.h"

#include <check.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

START_TEST(the_table_has_five_crss_crs84_first)
{
	static const struct { const char *uri; int srid; bool lat_first; } want[] = {
		{ "http://www.opengis.net/def/crs/OGC/1.3/CRS84", 4326, false },
		{ "http://www.opengis.net/def/crs/EPSG/0/28992", 28992, false },
		{ "http://www.opengis.net/def/crs/EPSG/0/4258", 4258, true },
		{ "http://www.opengis.net/def/crs/EPSG/0/4326", 4326, true },
		{ "http://www.opengis.net/def/crs/EPSG/0/3857", 3857, false },
	};
	ck_assert_int_eq(WVLV_OGC_CRS_COUNT, 5);
	char list[512] = "";
	for (int i = 0; i < WVLV_OGC_CRS_COUNT; i++) {
		const wvlv_ogc_crs_def *d = wvlv_ogc_crs_def_of((wvlv_ogc_crs)i);
		ck_assert_str_eq(d->uri, want[i].uri);
		ck_assert_int_eq(d->srid, want[i].srid);
		ck_assert_int_eq(d->lat_first, want[i].lat_first);
		char h[128];
		snprintf(h, sizeof(h), "<%s>", d->uri);
		ck_assert_str_eq(d->header, h);
		/* about 1 mm: 8 decimals of a degree, 2 or 3 of a metre */
		ck_assert_int_eq(d->decimals, d->degrees ? 8 : i == WVLV_OGC_RD ? 3 : 2);
		strcat(list, i ? ", " : "");
		strcat(list, d->uri);
	}
	ck_assert_str_eq(wvlv_ogc_crs_uris(), list);
	/* out of range: CRS84, never beyond the table */
	ck_assert_ptr_eq(wvlv_ogc_crs_def_of((wvlv_ogc_crs)99), wvlv_ogc_crs_def_of(WVLV_OGC_CRS84));
}
END_TEST

START_TEST(each_uri_is_read_bare_or_angled_and_nothing_else)
{
	for (int i = 0; i < WVLV_OGC_CRS_COUNT; i++) {
		const wvlv_ogc_crs_def *d = wvlv_ogc_crs_def_of((wvlv_ogc_crs)i);
		wvlv_ogc_crs c = WVLV_OGC_CRS_COUNT;
		ck_assert(wvlv_ogc_crs_parse(d->uri, &c));
		ck_assert_int_eq(c, i);
		c = WVLV_OGC_CRS_COUNT;
		ck_assert(wvlv_ogc_crs_parse(d->header, &c));
		ck_assert_int_eq(c, i);
	}
	static const char *const bad[] = {
		"", "<>", "<", "EPSG:4326", "http://www.opengis.net/def/crs/EPSG/0/4326/",
		"http://www.opengis.net/def/crs/EPSG/0/432", "http://www.opengis.net/def/crs/EPSG/0/25831",
		"<http://www.opengis.net/def/crs/EPSG/0/4326", "http://www.opengis.net/def/crs/EPSG/0/4326>",
		"HTTP://www.opengis.net/def/crs/EPSG/0/4326", "http://www.opengis.net/def/crs/OGC/1.3/CRS84 ",
		"<<http://www.opengis.net/def/crs/EPSG/0/3857>>",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		wvlv_ogc_crs c = WVLV_OGC_RD;
		ck_assert_msg(!wvlv_ogc_crs_parse(bad[i], &c), "%s", bad[i]);
		ck_assert_int_eq(c, WVLV_OGC_RD); /* untouched */
	}
	wvlv_ogc_crs c;
	ck_assert(!wvlv_ogc_crs_parse(NULL, &c));
}
END_TEST

/* The REST API reads exactly CRS84 and RD New: the new URIs are not wvlv_crs. */
START_TEST(the_rest_api_crs_stays_two)
{
	wvlv_crs c;
	ck_assert(wvlv_crs_parse(WVLV_OGC_CRS84_URI, &c) && c == WVLV_CRS_CRS84);
	ck_assert(wvlv_crs_parse(WVLV_OGC_RD_URI, &c) && c == WVLV_CRS_RD);
	ck_assert(!wvlv_crs_parse(WVLV_OGC_ETRS89_URI, &c));
	ck_assert(!wvlv_crs_parse(WVLV_OGC_WGS84_URI, &c));
	ck_assert(!wvlv_crs_parse(WVLV_OGC_WEBMERC_URI, &c));
}
END_TEST

START_TEST(a_bbox_is_read_in_its_crs_axis_order)
{
	double out[4];
	/* CRS84 and 3857 east first; 4326 and 4258 latitude first */
	ck_assert(wvlv_ogc_crs_bbox(WVLV_OGC_CRS84, (double[]){ 4.1, 51.2, 4.3, 51.4 }, out));
	ck_assert(out[0] == 4.1 && out[1] == 51.2 && out[2] == 4.3 && out[3] == 51.4);
	ck_assert(wvlv_ogc_crs_bbox(WVLV_OGC_WGS84, (double[]){ 51.2, 4.1, 51.4, 4.3 }, out));
	ck_assert(out[0] == 4.1 && out[1] == 51.2 && out[2] == 4.3 && out[3] == 51.4);
	ck_assert(wvlv_ogc_crs_bbox(WVLV_OGC_ETRS89, (double[]){ 51.2, 4.1, 51.4, 4.3 }, out));
	ck_assert(out[0] == 4.1 && out[1] == 51.2 && out[2] == 4.3 && out[3] == 51.4);
	ck_assert(wvlv_ogc_crs_bbox(WVLV_OGC_WEBMERCATOR,
				    (double[]){ 456000, 6690000, 480000, 6720000 }, out));
	ck_assert(out[0] == 456000 && out[3] == 6720000);
	/* RD: as given, whatever the numbers */
	ck_assert(wvlv_ogc_crs_bbox(WVLV_OGC_RD, (double[]){ -1e9, 0, 1e9, 1 }, out));
	ck_assert(out[0] == -1e9 && out[2] == 1e9);
	/* outside the CRS: latitude beyond 90 in the first place of 4326, not in CRS84's */
	ck_assert(!wvlv_ogc_crs_bbox(WVLV_OGC_WGS84, (double[]){ 51, 100, 91, 101 }, out));
	ck_assert(wvlv_ogc_crs_bbox(WVLV_OGC_WGS84, (double[]){ 51, 100, 52, 101 }, out));
	ck_assert(!wvlv_ogc_crs_bbox(WVLV_OGC_CRS84, (double[]){ 51, 100, 52, 101 }, out));
	ck_assert(!wvlv_ogc_crs_bbox(WVLV_OGC_ETRS89, (double[]){ 51, -181, 52, 5 }, out));
	ck_assert(!wvlv_ogc_crs_bbox(WVLV_OGC_WEBMERCATOR, (double[]){ 0, 0, 2.1e7, 1 }, out));
	ck_assert(wvlv_ogc_crs_bbox(WVLV_OGC_WEBMERCATOR,
				    (double[]){ -20037508.34, -20037508.34, 20037508.34,
						20037508.34 },
				    out));
	ck_assert(!wvlv_ogc_crs_bbox(WVLV_OGC_WGS84, (double[]){ NAN, 4, 52, 5 }, out));
}
END_TEST

START_TEST(a_bbox_is_clipped_to_where_designations_lie)
{
	double c[4];
	ck_assert(wvlv_ogc_crs_clip(WVLV_OGC_CRS84, (double[]){ -180, -90, 180, 90 }, c));
	ck_assert(c[0] == 2.0 && c[1] == 50.0 && c[2] == 8.5 && c[3] == 54.5);
	ck_assert(wvlv_ogc_crs_clip(WVLV_OGC_WGS84, (double[]){ 4, 51, 5, 52 }, c));
	ck_assert(c[0] == 4 && c[1] == 51 && c[2] == 5 && c[3] == 52);
	ck_assert(!wvlv_ogc_crs_clip(WVLV_OGC_ETRS89, (double[]){ 51, 4, 52, 5 }, c));
	ck_assert(!wvlv_ogc_crs_clip(WVLV_OGC_CRS84, (double[]){ -74, 40, -73, 41 }, c));
	/* 3857: the same area projected */
	ck_assert(wvlv_ogc_crs_clip(WVLV_OGC_WEBMERCATOR, (double[]){ -2e7, -2e7, 2e7, 2e7 }, c));
	double R = 6378137.0;
	ck_assert(fabs(c[0] - R * 2.0 * M_PI / 180) < 1 && fabs(c[2] - R * 8.5 * M_PI / 180) < 1);
	ck_assert(fabs(c[1] - R * log(tan(M_PI / 4 + 50.0 * M_PI / 360))) < 1);
	ck_assert(fabs(c[3] - R * log(tan(M_PI / 4 + 54.5 * M_PI / 360))) < 1);
	ck_assert(c[0] <= R * 2.0 * M_PI / 180 && c[3] >= R * log(tan(M_PI / 4 + 54.5 * M_PI / 360)));
	ck_assert(!wvlv_ogc_crs_clip(WVLV_OGC_WEBMERCATOR, (double[]){ 0, 0, 1e5, 1e5 }, c));
	/* RD: as given */
	ck_assert(wvlv_ogc_crs_clip(WVLV_OGC_RD, (double[]){ -5, -6, 7, 8 }, c));
	ck_assert(c[0] == -5 && c[1] == -6 && c[2] == 7 && c[3] == 8);
}
END_TEST

extern const char wvlv_ogcapi_json[];
extern const size_t wvlv_ogcapi_json_len;

/* openapi/ogcapi.yaml's crsUri enum is the table: the bare URIs, then angled. */
START_TEST(the_api_description_lists_the_same_five)
{
	json_error_t je;
	json_t *doc = json_loadb(wvlv_ogcapi_json, wvlv_ogcapi_json_len, 0, &je);
	ck_assert_msg(doc, "%s", je.text);
	json_t *en = json_object_get(
		json_object_get(json_object_get(json_object_get(doc, "components"), "schemas"),
				"crsUri"),
		"enum");
	ck_assert_uint_eq(json_array_size(en), 2 * WVLV_OGC_CRS_COUNT);
	for (int i = 0; i < WVLV_OGC_CRS_COUNT; i++) {
		const wvlv_ogc_crs_def *d = wvlv_ogc_crs_def_of((wvlv_ogc_crs)i);
		ck_assert_str_eq(json_string_value(json_array_get(en, (size_t)i)), d->uri);
		ck_assert_str_eq(json_string_value(json_array_get(en, (size_t)(WVLV_OGC_CRS_COUNT + i))),
				 d->header);
	}
	json_decref(doc);
}
END_TEST

static Suite *ogc_crs_suite(void)
{
	Suite *s = suite_create("ogc_crs");
	unit_add(s, "the_table_has_five_crss_crs84_first", the_table_has_five_crss_crs84_first);
	unit_add(s, "each_uri_is_read_bare_or_angled_and_nothing_else",
		 each_uri_is_read_bare_or_angled_and_nothing_else);
	unit_add(s, "the_rest_api_crs_stays_two", the_rest_api_crs_stays_two);
	unit_add(s, "a_bbox_is_read_in_its_crs_axis_order", a_bbox_is_read_in_its_crs_axis_order);
	unit_add(s, "a_bbox_is_clipped_to_where_designations_lie",
		 a_bbox_is_clipped_to_where_designations_lie);
	unit_add(s, "the_api_description_lists_the_same_five", the_api_description_lists_the_same_five);
	return s;
}

int main(void)
{
	return unit_run(ogc_crs_suite());
}
