/* test_cql2.c — unit tests of the CQL2 readers (lib/base/cql2_*.c): the
 * text and the JSON encoding of the same filter give the same tree (compared
 * through its canonical text), every construct outside the subset is refused
 * by name, malformed filters say where, and the size caps hold. */
#include "wvlv/cql2.h"
#include "unit.h"

#include <check.h>
#include <string.h>

static wvlv_arena *A;
static wvlv_error E;

static void setup(void)
{
	A = wvlv_arena_create();
	wvlv_error_clear(&E);
}

static void teardown(void)
{
	wvlv_arena_destroy(A);
}

/* the canonical text of a cql2-text filter; NULL when refused */
static const char *text_of(const char *filter)
{
	cql2_node *n = NULL;
	wvlv_error_clear(&E);
	if (cql2_parse_text(A, filter, &n, &E) != WVLV_OK)
		return NULL;
	return cql2_to_text(A, n);
}

static const char *json_of(const char *filter)
{
	cql2_node *n = NULL;
	wvlv_error_clear(&E);
	if (cql2_parse_json(A, filter, strlen(filter), &n, &E) != WVLV_OK)
		return NULL;
	return cql2_to_text(A, n);
}

/* the filter is refused with code and a detail that contains needle */
static void refused(const char *got, const char *code, const char *needle)
{
	ck_assert_ptr_null(got);
	ck_assert_int_eq(E.status, WVLV_EBADREQ);
	ck_assert_str_eq(E.code, code);
	ck_assert_msg(strstr(E.detail, needle), "detail \"%s\" lacks \"%s\"", E.detail, needle);
	ck_assert_int_eq(E.nparams, 1);
	ck_assert_str_eq(E.params[0].name, "filter");
}

START_TEST(test_comparisons)
{
	ck_assert_str_eq(text_of("kind = 'area'"), "(\"kind\" = 'area')");
	ck_assert_str_eq(text_of("name<>'O''Brien'"), "(\"name\" <> 'O''Brien')");
	ck_assert_str_eq(text_of("version >= 2 and version<10"),
			 "((\"version\" >= 2) AND (\"version\" < 10))");
	ck_assert_str_eq(text_of("\"current period end\" <= DATE('2030-12-31')"),
			 "(\"current period end\" <= DATE('2030-12-31'))");
	ck_assert_str_eq(text_of("updated > timestamp('2026-01-01T00:00:00Z')"),
			 "(\"updated\" > TIMESTAMP('2026-01-01T00:00:00Z'))");
	ck_assert_str_eq(text_of("hasVoorkeursrecht = TRUE"), "(\"hasVoorkeursrecht\" = TRUE)");
	ck_assert_str_eq(text_of("area > -1.5e3"), "(\"area\" > -1.5e3)");
}
END_TEST

START_TEST(test_precedence)
{
	/* AND binds closer than OR; NOT closer than AND; parentheses win */
	ck_assert_str_eq(text_of("a = 1 OR b = 2 AND c = 3"),
			 "((\"a\" = 1) OR ((\"b\" = 2) AND (\"c\" = 3)))");
	ck_assert_str_eq(text_of("(a = 1 OR b = 2) AND NOT c = 3"),
			 "(((\"a\" = 1) OR (\"b\" = 2)) AND NOT (\"c\" = 3))");
	ck_assert_str_eq(text_of("a=1 and b=2 and c=3"),
			 "((\"a\" = 1) AND (\"b\" = 2) AND (\"c\" = 3))");
	ck_assert_str_eq(text_of("TRUE"), "TRUE");
	ck_assert_str_eq(text_of("not not a is null"), "NOT NOT (\"a\" IS NULL)");
}
END_TEST

START_TEST(test_predicates)
{
	ck_assert_str_eq(text_of("name LIKE 'Wiel%'"), "(\"name\" LIKE 'Wiel%')");
	ck_assert_str_eq(text_of("name NOT LIKE '_x'"), "(\"name\" NOT LIKE '_x')");
	ck_assert_str_eq(text_of("kind IN ('area', 'street')"), "(\"kind\" IN ('area', 'street'))");
	ck_assert_str_eq(text_of("kind NOT IN ('complex')"), "(\"kind\" NOT IN ('complex'))");
	ck_assert_str_eq(text_of("withdrawnOn IS NULL"), "(\"withdrawnOn\" IS NULL)");
	ck_assert_str_eq(text_of("withdrawnOn IS NOT NULL"), "(\"withdrawnOn\" IS NOT NULL)");
	ck_assert_str_eq(text_of("v BETWEEN 1 AND 3"), "(\"v\" BETWEEN 1 AND 3)");
	ck_assert_str_eq(text_of("v NOT BETWEEN 1 AND 3 AND w = 2"),
			 "((\"v\" NOT BETWEEN 1 AND 3) AND (\"w\" = 2))");
}
END_TEST

START_TEST(test_spatial)
{
	ck_assert_str_eq(text_of("S_INTERSECTS(geometry, POINT(4.68 51.8))"),
			 "S_INTERSECTS(\"geometry\", POINT(4.68 51.8))");
	ck_assert_str_eq(text_of("s_intersects(geometry,bbox(4.6,51.7,4.7,51.9))"),
			 "S_INTERSECTS(\"geometry\", POLYGON((4.6 51.7,4.7 51.7,4.7 51.9,4.6 51.9,4.6 51.7)))");
	ck_assert_str_eq(text_of("S_INTERSECTS(geometry, POLYGON((0 0, 1 0, 1 1, 0 0), (0.1 0.1, 0.2 0.1, 0.2 0.2, 0.1 0.1)))"),
			 "S_INTERSECTS(\"geometry\", POLYGON((0 0,1 0,1 1,0 0),(0.1 0.1,0.2 0.1,0.2 0.2,0.1 0.1)))");
	refused(text_of("S_INTERSECTS(geometry, POLYGON((0 0, 1 0, 1 1, 0 1)))"), "invalid-filter",
		"closed");
	refused(text_of("S_INTERSECTS(geometry, LINESTRING(0 0, 1 1))"), "unsupported-filter",
		"LINESTRING");
	refused(text_of("S_INTERSECTS(geometry, POINT(1 2 3))"), "unsupported-filter",
		"more than two coordinates");
	refused(text_of("S_INTERSECTS('x', POINT(1 2))"), "invalid-filter", "property first");
}
END_TEST

START_TEST(test_unsupported_named)
{
	refused(text_of("S_WITHIN(geometry, POINT(1 2))"), "unsupported-filter", "S_WITHIN");
	refused(text_of("T_AFTER(updated, TIMESTAMP('2026-01-01T00:00:00Z'))"), "unsupported-filter",
		"T_AFTER");
	refused(text_of("CASEI(name) = casei('x')"), "unsupported-filter", "CASEI");
	refused(text_of("A_CONTAINS(measures, ('art8'))"), "unsupported-filter", "A_CONTAINS");
	refused(text_of("version + 1 = 3"), "unsupported-filter", "arithmetic");
	refused(text_of("version = 1 * 3"), "unsupported-filter", "arithmetic");
}
END_TEST

START_TEST(test_invalid_says_where)
{
	refused(text_of(""), "invalid-filter", "empty");
	refused(text_of("kind = "), "invalid-filter", "at character 8");
	refused(text_of("kind 'area'"), "invalid-filter", "expected a comparison");
	refused(text_of("kind = 'area"), "invalid-filter", "not closed");
	refused(text_of("(kind = 'a'"), "invalid-filter", "expected ')'");
	refused(text_of("kind = 'a' kind = 'b'"), "invalid-filter", "AND, OR or the end");
	refused(text_of("kind"), "invalid-filter", "expected a comparison");
	refused(text_of("v = 0x10"), "invalid-filter", "a number");
	refused(text_of("v BETWEEN 1 OR 2"), "invalid-filter", "expected AND");
	refused(text_of("kind IN ()"), "invalid-filter", "property name or a literal");
	refused(text_of("kind IS 'x'"), "invalid-filter", "expected NULL");
	refused(text_of("name LIKE 3"), "invalid-filter", "pattern of LIKE");
}
END_TEST

START_TEST(test_caps)
{
	char deep[200] = "";
	for (int i = 0; i < CQL2_MAX_DEPTH + 1; i++)
		strcat(deep, "(");
	strcat(deep, "a=1");
	for (int i = 0; i < CQL2_MAX_DEPTH + 1; i++)
		strcat(deep, ")");
	refused(text_of(deep), "invalid-filter", "nested too deeply");
	deep[0] = ' ';
	deep[strlen(deep) - 1] = ' ';
	ck_assert_ptr_nonnull(text_of(deep)); /* exactly the maximum */

	static char many[20000];
	strcpy(many, "a IN (1");
	for (int i = 0; i < CQL2_MAX_NODES; i++)
		strcat(many, ",1");
	strcat(many, ")");
	refused(text_of(many), "invalid-filter", "more than 1000 terms");
}
END_TEST

/* the JSON encoding gives the same canonical text as the text encoding */
START_TEST(test_json_same_tree)
{
	static const char *const pairs[][2] = {
		{ "kind = 'area'", "{\"op\":\"=\",\"args\":[{\"property\":\"kind\"},\"area\"]}" },
		{ "a = 1 AND (b < 2.5 OR NOT c IS NULL)",
		  "{\"op\":\"and\",\"args\":[{\"op\":\"=\",\"args\":[{\"property\":\"a\"},1]},"
		  "{\"op\":\"or\",\"args\":[{\"op\":\"<\",\"args\":[{\"property\":\"b\"},2.5]},"
		  "{\"op\":\"not\",\"args\":[{\"op\":\"isNull\",\"args\":[{\"property\":\"c\"}]}]}]}]}" },
		{ "kind IN ('area','street')",
		  "{\"op\":\"in\",\"args\":[{\"property\":\"kind\"},[\"area\",\"street\"]]}" },
		{ "name LIKE 'W%'", "{\"op\":\"like\",\"args\":[{\"property\":\"name\"},\"W%\"]}" },
		{ "v BETWEEN 1 AND 3", "{\"op\":\"between\",\"args\":[{\"property\":\"v\"},1,3]}" },
		{ "end >= DATE('2030-01-01')",
		  "{\"op\":\">=\",\"args\":[{\"property\":\"end\"},{\"date\":\"2030-01-01\"}]}" },
		{ "t < TIMESTAMP('2026-01-01T00:00:00Z')",
		  "{\"op\":\"<\",\"args\":[{\"property\":\"t\"},{\"timestamp\":\"2026-01-01T00:00:00Z\"}]}" },
		{ "S_INTERSECTS(geometry, POINT(4.5 51.5))",
		  "{\"op\":\"s_intersects\",\"args\":[{\"property\":\"geometry\"},"
		  "{\"type\":\"Point\",\"coordinates\":[4.5,51.5]}]}" },
		{ "S_INTERSECTS(geometry, BBOX(4,51,5,52))",
		  "{\"op\":\"s_intersects\",\"args\":[{\"property\":\"geometry\"},{\"bbox\":[4,51,5,52]}]}" },
		{ "S_INTERSECTS(geometry, POLYGON((4 51,5 51,5 52,4 51)))",
		  "{\"op\":\"s_intersects\",\"args\":[{\"property\":\"geometry\"},{\"type\":\"Polygon\","
		  "\"coordinates\":[[[4,51],[5,51],[5,52],[4,51]]]}]}" },
		{ "f = TRUE", "{\"op\":\"=\",\"args\":[{\"property\":\"f\"},true]}" },
	};
	for (size_t i = 0; i < WVLV_COUNTOF(pairs); i++) {
		const char *t = text_of(pairs[i][0]);
		ck_assert_msg(t, "text %zu refused: %s", i, E.detail);
		const char *j = json_of(pairs[i][1]);
		ck_assert_msg(j, "json %zu refused: %s", i, E.detail);
		ck_assert_str_eq(j, t);
		/* and the canonical text reads back to itself */
		ck_assert_str_eq(text_of(t), t);
	}
}
END_TEST

START_TEST(test_json_refusals)
{
	refused(json_of("{\"op\":\"s_within\",\"args\":[]}"), "unsupported-filter", "s_within");
	refused(json_of("{\"op\":\"t_after\",\"args\":[]}"), "unsupported-filter", "t_after");
	refused(json_of("{\"op\":\"=\",\"args\":[{\"property\":\"a\"}]}"), "invalid-filter",
		"wrong number of arguments");
	refused(json_of("{\"op\":\"and\",\"args\":[{\"property\":\"a\"},true]}"), "invalid-filter",
		"must be conditions");
	refused(json_of("{\"op\":\"=\",\"args\":[{\"op\":\"isNull\",\"args\":[{\"property\":\"a\"}]},1]}"),
		"invalid-filter", "must be values");
	refused(json_of("{\"op\":\"like\",\"args\":[{\"property\":\"a\"},1]}"), "invalid-filter",
		"pattern");
	refused(json_of("{\"op\":\"in\",\"args\":[{\"property\":\"a\"},[]]}"), "invalid-filter",
		"non-empty array");
	refused(json_of("{\"property\":\"a\"}"), "invalid-filter", "a condition, not a value");
	refused(json_of("{\"op\":\"=\",\"args\":[{\"property\":\"a\"},null]}"), "invalid-filter",
		"isNull");
	refused(json_of("{\"op\":\"s_intersects\",\"args\":[{\"property\":\"g\"},"
			"{\"type\":\"LineString\",\"coordinates\":[[0,0],[1,1]]}]}"),
		"unsupported-filter", "LineString");
	refused(json_of("{\"op\":\"=\",\"args\":[{\"function\":{\"name\":\"casei\"}},1]}"),
		"unsupported-filter", "functions");
	refused(json_of("{\"op\":"), "invalid-filter", "does not parse");
	refused(json_of("{\"op\":\"=\",\"op\":\"<\",\"args\":[1,2]}"), "invalid-filter",
		"does not parse");
}
END_TEST

static Suite *cql2_suite(void)
{
	Suite *s = suite_create("cql2");
	unit_add_fixed(s, "comparisons", test_comparisons, setup, teardown);
	unit_add_fixed(s, "precedence", test_precedence, setup, teardown);
	unit_add_fixed(s, "predicates", test_predicates, setup, teardown);
	unit_add_fixed(s, "spatial", test_spatial, setup, teardown);
	unit_add_fixed(s, "unsupported_named", test_unsupported_named, setup, teardown);
	unit_add_fixed(s, "invalid_says_where", test_invalid_says_where, setup, teardown);
	unit_add_fixed(s, "caps", test_caps, setup, teardown);
	unit_add_fixed(s, "json_same_tree", test_json_same_tree, setup, teardown);
	unit_add_fixed(s, "json_refusals", test_json_refusals, setup, teardown);
	return s;
}

int main(void)
{
	return unit_run(cql2_suite());
}
