/* test_ogc_etag.c — unit tests of If-None-Match as /ogc/v1 reads it
 * (server/ogc_format.c): the tags it names, and the counters of those that
 * are newer than what a server has seen ("<counter>-<hash>"), by which a
 * server reading a standby that is behind recognises a client's newer copy. */
#include "ogc.h"
#include "unit.h"

#include <check.h>

START_TEST(none_match_names_a_tag_in_a_list)
{
	const char *tag = "\"12-0123456789abcdef0123456789abcdef\"";
	ck_assert(ogc_none_match(tag, tag));
	ck_assert(ogc_none_match("\"x\", W/\"12-0123456789abcdef0123456789abcdef\"", tag));
	ck_assert(ogc_none_match("*", tag));
	ck_assert(!ogc_none_match("\"12-0123456789abcdef0123456789abcdee\"", tag));
	ck_assert(!ogc_none_match(NULL, tag));
}
END_TEST

START_TEST(newer_counters_in_order_above_the_servers)
{
	long long out[8];
	size_t n = ogc_none_match_newer("\"5-aa\", \"12-bb\", W/\"9-cc\", \"x-dd\", \"13\"", 8, out, 8);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(out[0], 12);
	ck_assert_int_eq(out[1], 9);
	ck_assert_uint_eq(ogc_none_match_newer("\"5-aa\"", 5, out, 8), 0); /* not newer */
	ck_assert_uint_eq(ogc_none_match_newer("\"-7-aa\", \"99999999999999999999-a\"", 0, out, 8), 0);
	ck_assert_uint_eq(ogc_none_match_newer(NULL, 0, out, 8), 0);
	/* at most max, however many the header names */
	ck_assert_uint_eq(ogc_none_match_newer("\"1-a\",\"2-a\",\"3-a\",\"4-a\"", 0, out, 3), 3);
	ck_assert_int_eq(out[2], 3);
}
END_TEST

static Suite *ogc_etag_suite(void)
{
	Suite *s = suite_create("ogc_etag");
	unit_add(s, "none_match_names_a_tag_in_a_list", none_match_names_a_tag_in_a_list);
	unit_add(s, "newer_counters_in_order_above_the_servers",
		 newer_counters_in_order_above_the_servers);
	return s;
}

int main(void)
{
	return unit_run(ogc_etag_suite());
}
