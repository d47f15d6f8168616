/* test_geojson.c — unit tests of server/geojson.c: the shape of GeoJSON
 * coordinates checked before PostGIS, and the count toward the vertex limit
 * (issue 12 point 2: numbers written as strings counted nothing). */
#include "geojson.h"
#include "unit.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static geojson_verdict check(const char *coords, int levels, long max, long *n, char *why)
{
	json_error_t je;
	json_t *c = json_loads(coords, JSON_DECODE_ANY, &je);
	ck_assert_msg(c, "%s: %s", coords, je.text);
	geojson_verdict v = geojson_positions(c, levels, max, "geometry.coordinates", n, why, 256);
	json_decref(c);
	return v;
}

START_TEST(every_position_counts_over_rings_and_parts)
{
	long n;
	char why[256];
	ck_assert_int_eq(check("[[[4,51],[5,51],[5,52],[4,51]],[[4.1,51.1],[4.2,51.1],[4.1,51.2],"
			       "[4.1,51.1]]]", GEOJSON_LEVELS_POLYGON, 100, &n, why),
			 GEOJSON_OK);
	ck_assert_int_eq(n, 8);
	ck_assert_int_eq(check("[[[[4,51],[5,51],[5,52],[4,51]]],[[[6,51,0],[7,51,0],[7,52,0],"
			       "[6,51,0]]]]", GEOJSON_LEVELS_MULTIPOLYGON, 8, &n, why),
			 GEOJSON_OK);
	ck_assert_int_eq(n, 8);
	ck_assert_int_eq(check("[[[[4,51],[5,51],[5,52],[4,51]]],[[[6,51],[7,51],[7,52],"
			       "[6,51]]]]", GEOJSON_LEVELS_MULTIPOLYGON, 7, &n, why),
			 GEOJSON_TOO_MANY);
	ck_assert_int_eq(check("[4.6,51.8]", GEOJSON_LEVELS_POINT, 1, &n, why), GEOJSON_OK);
	ck_assert_int_eq(n, 1);
	/* empty arrays above the positions are PostGIS's to judge (empty geometry) */
	ck_assert_int_eq(check("[]", GEOJSON_LEVELS_POLYGON, 10, &n, why), GEOJSON_OK);
	ck_assert_int_eq(n, 0);
}
END_TEST

START_TEST(numbers_written_as_strings_are_not_positions)
{
	long n;
	char why[256];
	ck_assert_int_eq(check("[[[\"4.66\",\"51.80\"],[\"4.67\",\"51.80\"],[\"4.67\",\"51.81\"],"
			       "[\"4.66\",\"51.80\"]]]", GEOJSON_LEVELS_POLYGON, 100, &n, why),
			 GEOJSON_INVALID);
	ck_assert_str_eq(why, "geometry.coordinates[0][0][0] must be a number, not a string.");
	ck_assert_int_eq(check("[4.6,\"51.8\"]", GEOJSON_LEVELS_POINT, 1, &n, why),
			 GEOJSON_INVALID);
	ck_assert_str_eq(why, "geometry.coordinates[1] must be a number, not a string.");
}
END_TEST

START_TEST(wrong_levels_and_sizes_are_named)
{
	static const struct { const char *coords; int levels; const char *why; } cases[] = {
		{ "[[1,2]]", GEOJSON_LEVELS_POLYGON,
		  "geometry.coordinates[0][0] must be a position: an array of 2 or 3 numbers, not a "
		  "number." },
		{ "[[[1]]]", GEOJSON_LEVELS_POLYGON,
		  "geometry.coordinates[0][0] must be a position: an array of 2 or 3 numbers, not of "
		  "1." },
		{ "[[[1,2,3,4]]]", GEOJSON_LEVELS_POLYGON,
		  "geometry.coordinates[0][0] must be a position: an array of 2 or 3 numbers, not of "
		  "4." },
		{ "[[[[1,2],3]]]", GEOJSON_LEVELS_POLYGON,
		  "geometry.coordinates[0][0][0] must be a number, not an array." },
		{ "[[true]]", GEOJSON_LEVELS_MULTIPOLYGON,
		  "geometry.coordinates[0][0] must be an array, not a boolean." },
		{ "\"x\"", GEOJSON_LEVELS_POLYGON,
		  "geometry.coordinates must be an array, not a string." },
		{ "[[[1,null]]]", GEOJSON_LEVELS_POLYGON,
		  "geometry.coordinates[0][0][1] must be a number, not null." },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		long n;
		char why[256];
		ck_assert_int_eq(check(cases[i].coords, cases[i].levels, 100, &n, why),
				 GEOJSON_INVALID);
		ck_assert_str_eq(why, cases[i].why);
	}
}
END_TEST

START_TEST(counting_stops_past_the_limit)
{
	/* 10 000 positions, limit 3: too many, found at the 4th */
	size_t cap = 10000 * 8 + 8;
	char *s = malloc(cap), *p = s;
	p += sprintf(p, "[[");
	for (int i = 0; i < 10000; i++)
		p += sprintf(p, "%s[1,2]", i ? "," : "");
	sprintf(p, "]]");
	long n;
	char why[256];
	ck_assert_int_eq(check(s, GEOJSON_LEVELS_POLYGON, 3, &n, why), GEOJSON_TOO_MANY);
	ck_assert_int_eq(n, 4);
	free(s);
}
END_TEST

static Suite *geojson_suite(void)
{
	Suite *s = suite_create("geojson");
	unit_add(s, "every_position_counts_over_rings_and_parts",
		 every_position_counts_over_rings_and_parts);
	unit_add(s, "numbers_written_as_strings_are_not_positions",
		 numbers_written_as_strings_are_not_positions);
	unit_add(s, "wrong_levels_and_sizes_are_named", wrong_levels_and_sizes_are_named);
	unit_add(s, "counting_stops_past_the_limit", counting_stops_past_the_limit);
	return s;
}

int main(void)
{
	return unit_run(geojson_suite());
}
