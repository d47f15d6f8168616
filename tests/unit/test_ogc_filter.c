/* test_ogc_filter.c — a CQL2 filter checked against the queryables
 * (lib/domain/features_filter.c), and every queryable read by the store
 * (lib/store/ogc_filter.c). */
#include "wvlv/cql2.h"
#include "wvlv/features.h"
#include "ogc_filter.h"
#include "unit.h"

#include <check.h>
#include <string.h>

static wvlv_arena *A;
static wvlv_error E;

static void setup(void)
{
	A = wvlv_arena_create();
}

static void teardown(void)
{
	wvlv_arena_destroy(A);
}

/* parse the cql2-text and check it; the status */
static wvlv_status check(const char *text)
{
	cql2_node *n = NULL;
	wvlv_error_clear(&E);
	ck_assert_msg(cql2_parse_text(A, text, &n, &E) == WVLV_OK, "%s: %s", text, E.detail);
	return wvlv_ogc_filter_check(n, &E);
}

static void refused(const char *text, const char *code, const char *needle)
{
	ck_assert_int_eq(check(text), WVLV_EBADREQ);
	ck_assert_str_eq(E.code, code);
	ck_assert_msg(strstr(E.detail, needle), "%s: \"%s\" lacks \"%s\"", text, E.detail, needle);
	ck_assert_str_eq(E.params[0].name, "filter");
}

START_TEST(test_accepted)
{
	const char *ok[] = {
		"kind = 'area'",
		"'area' = kind",
		"name LIKE 'Wiel%' AND NOT status = 'expired'",
		"kind IN ('area', 'street') OR hasVoorkeursrecht = TRUE",
		"withdrawnOn IS NULL",
		"designatedFrom BETWEEN DATE('2020-01-01') AND DATE('2030-12-31')",
		"currentPeriodEnd < TIMESTAMP('2027-01-01T00:00:00Z')",
		"designatedFrom <= designatedUntil",
		"S_INTERSECTS(geometry, POINT(4.68 51.8))",
		"TRUE",
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		ck_assert_msg(check(ok[i]) == WVLV_OK, "%s: %s", ok[i], E.detail);
}
END_TEST

START_TEST(test_refused)
{
	refused("nmae = 'x'", "unknown-queryable", "\"nmae\" is not a queryable");
	refused("kind = 'lane'", "invalid-filter", "kind is one of complex, street, area");
	refused("status IN ('active', 'gone')", "invalid-filter", "status is one of");
	refused("name = 3", "invalid-filter", "name is a text");
	refused("designatedFrom = '2027-01-01'", "invalid-filter", "designatedFrom is a date");
	refused("designatedFrom = DATE('2027-02-30')", "invalid-filter", "is not a date");
	refused("designatedFrom = TIMESTAMP('2027-01-01')", "invalid-filter", "RFC 3339");
	refused("hasVoorkeursrecht = 'yes'", "invalid-filter", "a boolean");
	refused("geometry = 'x'", "invalid-filter", "only used in S_INTERSECTS");
	refused("S_INTERSECTS(name, POINT(1 2))", "invalid-filter", "needs the geometry");
	refused("designatedFrom LIKE 'x%'", "invalid-filter", "LIKE needs a text queryable");
	refused("name = designatedFrom", "invalid-filter", "cannot be compared");
	refused("1 = 1", "invalid-filter", "needs a queryable");
}
END_TEST

/* one home per fact: every queryable of the domain has its SQL in the store */
START_TEST(test_every_queryable_has_a_column)
{
	for (size_t i = 0; i < wvlv_nqueryables; i++)
		ck_assert_msg(ogc_filter_column(wvlv_queryables[i].name), "no SQL for %s",
			      wvlv_queryables[i].name);
}
END_TEST

static Suite *ogc_filter_suite(void)
{
	Suite *s = suite_create("ogc_filter");
	unit_add_fixed(s, "accepted", test_accepted, setup, teardown);
	unit_add_fixed(s, "refused", test_refused, setup, teardown);
	unit_add_fixed(s, "every_queryable_has_a_column", test_every_queryable_has_a_column, setup,
		       teardown);
	return s;
}

int main(void)
{
	return unit_run(ogc_filter_suite());
}
