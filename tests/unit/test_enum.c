/* test_enum.c — unit tests of lib/base/enum.c: names and values of a table,
 * sets of values, the texts of allowed names in both styles, and the
 * name/parse functions WVLV_ENUM_FUNCTIONS defines. */
#include "wvlv/enum.h"
#include "unit.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

typedef enum fruit { FRUIT_APPLE = 3, FRUIT_PEAR, FRUIT_PLUM, FRUIT_QUINCE } fruit;

static const char *const fruit_names[] = { "apple", "pear", "plum", "quince" };
static const wvlv_enum fruit_enum = WVLV_ENUM_TABLE(fruit_names, FRUIT_APPLE);

static const char *const one_name[] = { "only" };
static const wvlv_enum one_enum = WVLV_ENUM_TABLE(one_name, 0);

const char *fruit_name(fruit f);
bool fruit_parse(const char *name, fruit *out);
WVLV_ENUM_FUNCTIONS(fruit, fruit_name, fruit_parse, fruit_enum)

START_TEST(test_table)
{
	ck_assert_uint_eq(fruit_enum.count, 4);
	ck_assert_int_eq(fruit_enum.first, 3);
}
END_TEST

START_TEST(test_name)
{
	ck_assert_str_eq(wvlv_enum_name(&fruit_enum, FRUIT_APPLE), "apple");
	ck_assert_str_eq(wvlv_enum_name(&fruit_enum, FRUIT_QUINCE), "quince");
	ck_assert_ptr_null(wvlv_enum_name(&fruit_enum, 2));
	ck_assert_ptr_null(wvlv_enum_name(&fruit_enum, 7));
	ck_assert_ptr_null(wvlv_enum_name(&fruit_enum, -1));
	ck_assert_str_eq(wvlv_enum_name(&one_enum, 0), "only");
}
END_TEST

START_TEST(test_parse)
{
	int v = 99;
	ck_assert(wvlv_enum_parse(&fruit_enum, "plum", &v));
	ck_assert_int_eq(v, FRUIT_PLUM);
	ck_assert(wvlv_enum_parse(&fruit_enum, "apple", &v));
	ck_assert_int_eq(v, FRUIT_APPLE);
	v = 99;
	ck_assert(!wvlv_enum_parse(&fruit_enum, "Plum", &v));
	ck_assert(!wvlv_enum_parse(&fruit_enum, "plu", &v));
	ck_assert(!wvlv_enum_parse(&fruit_enum, "plums", &v));
	ck_assert(!wvlv_enum_parse(&fruit_enum, "", &v));
	ck_assert(!wvlv_enum_parse(&fruit_enum, NULL, &v));
	ck_assert_int_eq(v, 99);
}
END_TEST

START_TEST(test_functions)
{
	ck_assert_str_eq(fruit_name(FRUIT_PEAR), "pear");
	ck_assert_ptr_null(fruit_name((fruit)0));
	fruit f = FRUIT_APPLE;
	ck_assert(fruit_parse("quince", &f));
	ck_assert_int_eq(f, FRUIT_QUINCE);
	ck_assert(!fruit_parse("banana", &f));
	ck_assert(!fruit_parse(NULL, &f));
	ck_assert_int_eq(f, FRUIT_QUINCE);
}
END_TEST

START_TEST(test_bit)
{
	ck_assert_uint_eq(wvlv_enum_bit(&fruit_enum, FRUIT_APPLE), 1u);
	ck_assert_uint_eq(wvlv_enum_bit(&fruit_enum, FRUIT_PLUM), 4u);
	ck_assert_uint_eq(wvlv_enum_bit(&fruit_enum, 0), 0u);
	ck_assert_uint_eq(wvlv_enum_bit(&fruit_enum, 9), 0u);
	ck_assert_uint_eq(WVLV_ENUM_FIRST(2), 3u);
}
END_TEST

static const char *text(const wvlv_enum *e, unsigned set, wvlv_enum_style style)
{
	static char buf[WVLV_ENUM_TEXT_MAX];
	return wvlv_enum_text(e, set, style, buf, sizeof(buf));
}

START_TEST(test_text_or)
{
	ck_assert_str_eq(text(&fruit_enum, WVLV_ENUM_ALL, WVLV_ENUM_OR),
			 "apple, pear, plum or quince");
	ck_assert_str_eq(text(&fruit_enum, WVLV_ENUM_FIRST(3), WVLV_ENUM_OR), "apple, pear or plum");
	ck_assert_str_eq(text(&fruit_enum, WVLV_ENUM_FIRST(2), WVLV_ENUM_OR), "apple or pear");
	ck_assert_str_eq(text(&fruit_enum, WVLV_ENUM_FIRST(1), WVLV_ENUM_OR), "apple");
	ck_assert_str_eq(text(&one_enum, WVLV_ENUM_ALL, WVLV_ENUM_OR), "only");
}
END_TEST

START_TEST(test_text_commas)
{
	ck_assert_str_eq(text(&fruit_enum, WVLV_ENUM_ALL, WVLV_ENUM_COMMAS),
			 "apple, pear, plum, quince");
	ck_assert_str_eq(text(&fruit_enum, WVLV_ENUM_FIRST(2), WVLV_ENUM_COMMAS), "apple, pear");
	ck_assert_str_eq(text(&one_enum, WVLV_ENUM_ALL, WVLV_ENUM_COMMAS), "only");
}
END_TEST

/* A set need not be a leading part: its names in the table's order. */
START_TEST(test_text_subset)
{
	unsigned set = wvlv_enum_bit(&fruit_enum, FRUIT_QUINCE) |
		       wvlv_enum_bit(&fruit_enum, FRUIT_PEAR);
	ck_assert_str_eq(text(&fruit_enum, set, WVLV_ENUM_COMMAS), "pear, quince");
	ck_assert_str_eq(text(&fruit_enum, set, WVLV_ENUM_OR), "pear or quince");
	ck_assert_str_eq(text(&fruit_enum, 0, WVLV_ENUM_OR), "");
	/* bits past the table name nothing */
	ck_assert_str_eq(text(&fruit_enum, 1u << 7 | 1u, WVLV_ENUM_OR), "apple");
}
END_TEST

START_TEST(test_text_cut)
{
	char small[10];
	const char *t = wvlv_enum_text(&fruit_enum, WVLV_ENUM_ALL, WVLV_ENUM_OR, small,
				       sizeof(small));
	ck_assert_ptr_eq(t, small);
	ck_assert_str_eq(small, "apple, pe");
	char one[1];
	wvlv_enum_text(&fruit_enum, WVLV_ENUM_ALL, WVLV_ENUM_OR, one, sizeof(one));
	ck_assert_str_eq(one, "");
}
END_TEST

static Suite *enum_suite(void)
{
	Suite *s = suite_create("enum");
	unit_add(s, "table", test_table);
	unit_add(s, "name", test_name);
	unit_add(s, "parse", test_parse);
	unit_add(s, "functions", test_functions);
	unit_add(s, "bit", test_bit);
	unit_add(s, "text_or", test_text_or);
	unit_add(s, "text_commas", test_text_commas);
	unit_add(s, "text_subset", test_text_subset);
	unit_add(s, "text_cut", test_text_cut);
	return s;
}

int main(void)
{
	return unit_run(enum_suite());
}
