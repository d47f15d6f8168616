/* test_designation.c — unit tests of lib/domain/designation.c: names,
 * municipality codes, the 4-year period limit, extensions (count, cap date),
 * withdrawal, the derived dates and status, the union of day ranges and the
 * place cap (docs/law.md §1), each at its edges. */
#include "wvlv/designation.h"

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tdate.h"
#include "unit.h"

/* --- helpers ------------------------------------------------------------------- */

#define D t_date
#define F t_fmt
#define fresh_error t_fresh_error

/* n contiguous periods from `first_start`, each `years` long (4 = the maximum). */
static size_t make_periods(wvlv_period *p, size_t n, const char *first_start, int years)
{
	wvlv_date start = D(first_start);
	for (size_t i = 0; i < n; i++) {
		p[i] = (wvlv_period){ .sequence = (int)i + 1, .start = start,
				      .end = wvlv_date_years_last_day(start, years),
				      .extension = i > 0, .decision_reference = "ref" };
		start = p[i].end + 1;
	}
	return n;
}

static void assert_one_param(const wvlv_error *err, const char *name, const char *code)
{
	ck_assert_int_eq(err->nparams, 1);
	ck_assert_str_eq(err->params[0].name, name);
	ck_assert_str_eq(err->params[0].code, code);
	ck_assert_str_ne(err->params[0].reason, "");
}

static wvlv_day_range R(const char *from, const char *until)
{
	return (wvlv_day_range){ D(from), D(until) };
}

static wvlv_day_range N(int from, int until)
{
	return (wvlv_day_range){ from, until };
}

/* --- names and codes ------------------------------------------------------------------- */

START_TEST(test_kind_names)
{
	static const char *const names[] = { "complex", "street", "area" };
	for (int k = WVLV_KIND_COMPLEX; k <= WVLV_KIND_AREA; k++) {
		wvlv_kind parsed = 0;
		ck_assert_str_eq(wvlv_kind_name((wvlv_kind)k), names[k - 1]);
		ck_assert(wvlv_kind_parse(names[k - 1], &parsed));
		ck_assert_int_eq(parsed, k);
	}
	wvlv_kind out = WVLV_KIND_STREET;
	ck_assert(!wvlv_kind_parse("Complex", &out));
	ck_assert(!wvlv_kind_parse("areas", &out));
	ck_assert(!wvlv_kind_parse("", &out));
	ck_assert(!wvlv_kind_parse(NULL, &out));
	ck_assert_int_eq(out, WVLV_KIND_STREET);
	ck_assert_ptr_null(wvlv_kind_name((wvlv_kind)0));
	ck_assert_ptr_null(wvlv_kind_name((wvlv_kind)4));
}
END_TEST

START_TEST(test_measure_names)
{
	static const char *const names[] = { "art8", "art9", "art10", "voorkeursrecht" };
	static const unsigned bits[] = { WVLV_MEASURE_ART8, WVLV_MEASURE_ART9, WVLV_MEASURE_ART10,
					 WVLV_MEASURE_VOORKEURSRECHT };
	unsigned all = 0;
	for (int i = 0; i < 4; i++) {
		unsigned bit = 0;
		ck_assert_str_eq(wvlv_measure_name(bits[i]), names[i]);
		ck_assert(wvlv_measure_parse(names[i], &bit));
		ck_assert_uint_eq(bit, bits[i]);
		all |= bit;
	}
	ck_assert_uint_eq(all, WVLV_MEASURE_ALL);
	unsigned out = 99;
	ck_assert(!wvlv_measure_parse("ART8", &out));
	ck_assert(!wvlv_measure_parse("art11", &out));
	ck_assert(!wvlv_measure_parse("art", &out));
	ck_assert(!wvlv_measure_parse(NULL, &out));
	ck_assert_uint_eq(out, 99);
	ck_assert_ptr_null(wvlv_measure_name(0));
	ck_assert_ptr_null(wvlv_measure_name(WVLV_MEASURE_ART8 | WVLV_MEASURE_ART9));
	ck_assert_ptr_null(wvlv_measure_name(1u << 4));
}
END_TEST

START_TEST(test_status_names)
{
	static const char *const names[] = { "planned", "active", "expired", "withdrawn" };
	for (int st = WVLV_DSTATUS_PLANNED; st <= WVLV_DSTATUS_WITHDRAWN; st++) {
		wvlv_designation_status parsed = 0;
		ck_assert_str_eq(wvlv_designation_status_name((wvlv_designation_status)st),
				 names[st - 1]);
		ck_assert(wvlv_designation_status_parse(names[st - 1], &parsed));
		ck_assert_int_eq(parsed, st);
	}
	wvlv_designation_status out = WVLV_DSTATUS_ACTIVE;
	ck_assert(!wvlv_designation_status_parse("Active", &out));
	ck_assert(!wvlv_designation_status_parse("lapsed", &out));
	ck_assert(!wvlv_designation_status_parse(NULL, &out));
	ck_assert_int_eq(out, WVLV_DSTATUS_ACTIVE);
	ck_assert_ptr_null(wvlv_designation_status_name((wvlv_designation_status)0));
	ck_assert_ptr_null(wvlv_designation_status_name((wvlv_designation_status)5));
}
END_TEST

START_TEST(test_municipality_code)
{
	ck_assert(wvlv_municipality_code_valid("GM0599"));
	ck_assert(wvlv_municipality_code_valid("GM0505"));
	ck_assert(wvlv_municipality_code_valid("GM0000"));
	ck_assert(wvlv_municipality_code_valid("GM9999"));
	ck_assert(!wvlv_municipality_code_valid("gm0599"));
	ck_assert(!wvlv_municipality_code_valid("Gm0599"));
	ck_assert(!wvlv_municipality_code_valid("GM599"));
	ck_assert(!wvlv_municipality_code_valid("GM05999"));
	ck_assert(!wvlv_municipality_code_valid("GM05a9"));
	ck_assert(!wvlv_municipality_code_valid("GM 599"));
	ck_assert(!wvlv_municipality_code_valid("XGM0599"));
	ck_assert(!wvlv_municipality_code_valid("GM0599 "));
	ck_assert(!wvlv_municipality_code_valid("0599"));
	ck_assert(!wvlv_municipality_code_valid("GM"));
	ck_assert(!wvlv_municipality_code_valid(""));
	ck_assert(!wvlv_municipality_code_valid(NULL));
}
END_TEST

/* --- the first period -------------------------------------------------------------------- */

START_TEST(test_last_allowed_end_and_cap_date)
{
	ck_assert_date(wvlv_period_last_allowed_end(D("2026-01-01")), "2029-12-31");
	ck_assert_date(wvlv_period_last_allowed_end(D("2025-03-01")), "2029-02-28");
	ck_assert_date(wvlv_period_last_allowed_end(D("2024-03-01")), "2028-02-29");
	ck_assert_date(wvlv_period_last_allowed_end(D("2028-02-29")), "2032-02-28");
	ck_assert_date(wvlv_period_last_allowed_end(D("2024-01-01")), "2027-12-31");
	ck_assert_date(wvlv_designation_cap_date(D("2026-01-01")), "2045-12-31");
	ck_assert_date(wvlv_designation_cap_date(D("2026-07-15")), "2046-07-14");
	ck_assert_date(wvlv_designation_cap_date(D("2024-03-01")), "2044-02-29");
	ck_assert_date(wvlv_designation_cap_date(D("2025-03-01")), "2045-02-28");
	ck_assert_date(wvlv_designation_cap_date(D("2028-02-29")), "2048-02-28");
	ck_assert_date(wvlv_designation_cap_date(D("2096-02-29")), "2116-02-28");
}
END_TEST

START_TEST(test_first_period_accepted)
{
	wvlv_error err = fresh_error();
	/* 4 years to the day, one day, and the leap-day examples of docs/law.md §1.2 and §4. */
	ck_assert_int_eq(wvlv_period_check_first(D("2026-01-01"), D("2029-12-31"), "firstPeriod",
						 &err), WVLV_OK);
	ck_assert_int_eq(wvlv_period_check_first(D("2026-01-01"), D("2026-01-01"), "firstPeriod",
						 &err), WVLV_OK);
	ck_assert_int_eq(wvlv_period_check_first(D("2024-03-01"), D("2028-02-29"), "firstPeriod",
						 &err), WVLV_OK);
	ck_assert_int_eq(wvlv_period_check_first(D("2025-03-01"), D("2029-02-28"), "firstPeriod",
						 &err), WVLV_OK);
	ck_assert_int_eq(wvlv_period_check_first(D("2028-02-29"), D("2032-02-28"), "firstPeriod",
						 &err), WVLV_OK);
	ck_assert_int_eq(wvlv_period_check_first(D("2024-01-01"), D("2027-12-31"), NULL, NULL),
			 WVLV_OK);
	ck_assert_int_eq(err.status, WVLV_OK);
	ck_assert_int_eq(err.nparams, 0);
}
END_TEST

START_TEST(test_first_period_one_day_too_long)
{
	wvlv_error err = fresh_error();
	ck_assert_int_eq(wvlv_period_check_first(D("2026-01-01"), D("2030-01-01"), "firstPeriod",
						 &err), WVLV_EINVAL);
	ck_assert_int_eq(err.status, WVLV_EINVAL);
	ck_assert_str_eq(err.code, "period-too-long");
	ck_assert_str_eq(err.detail, "A period starting 2026-01-01 may end on 2029-12-31 at the "
				     "latest; 2030-01-01 was asked.");
	assert_one_param(&err, "firstPeriod.end", "period-too-long");
}
END_TEST

START_TEST(test_first_period_leap_day_edges_refused)
{
	static const char *const cases[][2] = {
		{ "2024-03-01", "2028-03-01" },  /* last allowed 2028-02-29 */
		{ "2025-03-01", "2029-03-01" },  /* last allowed 2029-02-28 */
		{ "2028-02-29", "2032-02-29" },  /* last allowed 2032-02-28 */
		{ "2024-01-01", "2028-01-01" },  /* last allowed 2027-12-31 */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		wvlv_error err = fresh_error();
		ck_assert_int_eq(wvlv_period_check_first(D(cases[i][0]), D(cases[i][1]),
							 "firstPeriod", &err), WVLV_EINVAL);
		ck_assert_str_eq(err.code, "period-too-long");
		assert_one_param(&err, "firstPeriod.end", "period-too-long");
	}
	ck_assert_int_eq(wvlv_period_check_first(D("2024-03-01"), D("2028-03-01"), NULL, NULL),
			 WVLV_EINVAL);
}
END_TEST

START_TEST(test_first_period_year_range)
{
	/* the first and last start years are accepted, one outside is refused */
	ck_assert_int_eq(wvlv_period_check_first(D("1900-01-01"), D("1903-12-31"), NULL, NULL),
			 WVLV_OK);
	ck_assert_int_eq(wvlv_period_check_first(D("2199-12-31"), D("2203-12-30"), NULL, NULL),
			 WVLV_OK);
	wvlv_error err = fresh_error();
	ck_assert_int_eq(wvlv_period_check_first(D("1899-12-31"), D("1900-01-01"), "firstPeriod",
						 &err), WVLV_EINVAL);
	ck_assert_str_eq(err.code, "date-out-of-range");
	assert_one_param(&err, "firstPeriod.start", "date-out-of-range");
	err = fresh_error();
	ck_assert_int_eq(wvlv_period_check_first(D("9990-01-01"), D("9993-12-31"), "firstPeriod",
						 &err), WVLV_EINVAL);
	ck_assert_str_eq(err.code, "date-out-of-range");
}
END_TEST

START_TEST(test_first_period_end_before_start)
{
	wvlv_error err = fresh_error();
	ck_assert_int_eq(wvlv_period_check_first(D("2026-01-01"), D("2025-12-31"), "firstPeriod",
						 &err), WVLV_EINVAL);
	ck_assert_str_eq(err.code, "end-before-start");
	ck_assert_str_eq(err.detail, "A period starting 2026-01-01 cannot end on 2025-12-31, "
				     "before it starts.");
	assert_one_param(&err, "firstPeriod.end", "end-before-start");

	err = fresh_error();
	ck_assert_int_eq(wvlv_period_check_first(D("2026-01-01"), D("2025-12-31"), NULL, &err),
			 WVLV_EINVAL);
	assert_one_param(&err, "end", "end-before-start");
}
END_TEST

START_TEST(test_first_period_missing_dates)
{
	wvlv_error err = fresh_error();
	ck_assert_int_eq(wvlv_period_check_first(WVLV_DATE_NONE, D("2026-01-01"), "firstPeriod",
						 &err), WVLV_EINVAL);
	ck_assert_str_eq(err.code, "required");
	assert_one_param(&err, "firstPeriod.start", "required");

	err = fresh_error();
	ck_assert_int_eq(wvlv_period_check_first(D("2026-01-01"), WVLV_DATE_NONE, "firstPeriod",
						 &err), WVLV_EINVAL);
	assert_one_param(&err, "firstPeriod.end", "required");
}
END_TEST

/* --- extensions ------------------------------------------------------------------------- */

START_TEST(test_extension_accepted)
{
	wvlv_period p[WVLV_MAX_PERIODS];
	size_t n = make_periods(p, 1, "2026-01-01", 4);
	wvlv_error err = fresh_error();
	wvlv_date start = WVLV_DATE_NONE;
	/* 4 years to the day from the day after the last end. */
	ck_assert_int_eq(wvlv_extension_check(p, n, WVLV_DATE_NONE, D("2033-12-31"), &start, &err),
			 WVLV_OK);
	ck_assert_date(start, "2030-01-01");
	/* One day. */
	start = WVLV_DATE_NONE;
	ck_assert_int_eq(wvlv_extension_check(p, n, WVLV_DATE_NONE, D("2030-01-01"), &start, &err),
			 WVLV_OK);
	ck_assert_date(start, "2030-01-01");
	ck_assert_int_eq(err.status, WVLV_OK);
	/* A shorter first period: the extension starts the day after it. */
	p[0].end = D("2026-06-30");
	ck_assert_int_eq(wvlv_extension_check(p, n, WVLV_DATE_NONE, D("2030-06-30"), &start, NULL),
			 WVLV_OK);
	ck_assert_date(start, "2026-07-01");
}
END_TEST

START_TEST(test_extension_one_day_too_long)
{
	wvlv_period p[WVLV_MAX_PERIODS];
	size_t n = make_periods(p, 1, "2026-01-01", 4);
	wvlv_error err = fresh_error();
	wvlv_date start = WVLV_DATE_NONE;
	ck_assert_int_eq(wvlv_extension_check(p, n, WVLV_DATE_NONE, D("2034-01-01"), &start, &err),
			 WVLV_EINVAL);
	ck_assert_str_eq(err.code, "period-too-long");
	ck_assert_str_eq(err.detail, "A period starting 2030-01-01 may end on 2033-12-31 at the "
				     "latest; 2034-01-01 was asked.");
	assert_one_param(&err, "end", "period-too-long");
	ck_assert_date(start, "2030-01-01");
}
END_TEST

START_TEST(test_extension_leap_day_edges)
{
	/* First period ends 2028-02-28; the extension starts 2028-02-29. */
	wvlv_period p[WVLV_MAX_PERIODS];
	size_t n = make_periods(p, 1, "2024-02-29", 4);
	ck_assert_date(p[0].end, "2028-02-28");
	wvlv_date start = WVLV_DATE_NONE;
	ck_assert_int_eq(wvlv_extension_check(p, n, WVLV_DATE_NONE, D("2032-02-28"), &start, NULL),
			 WVLV_OK);
	ck_assert_date(start, "2028-02-29");
	wvlv_error err = fresh_error();
	ck_assert_int_eq(wvlv_extension_check(p, n, WVLV_DATE_NONE, D("2032-02-29"), &start, &err),
			 WVLV_EINVAL);
	ck_assert_str_eq(err.code, "period-too-long");

	/* First period ends 2028-02-29; the extension starts 2028-03-01. */
	n = make_periods(p, 1, "2024-03-01", 4);
	ck_assert_date(p[0].end, "2028-02-29");
	ck_assert_int_eq(wvlv_extension_check(p, n, WVLV_DATE_NONE, D("2032-02-29"), &start, NULL),
			 WVLV_OK);
	ck_assert_date(start, "2028-03-01");
	ck_assert_int_eq(wvlv_extension_check(p, n, WVLV_DATE_NONE, D("2032-03-01"), &start, NULL),
			 WVLV_EINVAL);
}
END_TEST

START_TEST(test_extension_end_before_start)
{
	wvlv_period p[WVLV_MAX_PERIODS];
	size_t n = make_periods(p, 1, "2026-01-01", 4);
	wvlv_error err = fresh_error();
	wvlv_date start = WVLV_DATE_NONE;
	ck_assert_int_eq(wvlv_extension_check(p, n, WVLV_DATE_NONE, D("2029-12-31"), &start, &err),
			 WVLV_EINVAL);
	ck_assert_str_eq(err.code, "end-before-start");
	assert_one_param(&err, "end", "end-before-start");

	err = fresh_error();
	ck_assert_int_eq(wvlv_extension_check(p, n, WVLV_DATE_NONE, WVLV_DATE_NONE, &start, &err),
			 WVLV_EINVAL);
	assert_one_param(&err, "end", "required");
}
END_TEST

START_TEST(test_extension_fourth_accepted_fifth_refused)
{
	wvlv_period p[WVLV_MAX_PERIODS];
	/* Four one-year periods (3 extensions): a fourth extension is fine. */
	size_t n = make_periods(p, 4, "2026-01-01", 1);
	wvlv_date start = WVLV_DATE_NONE;
	ck_assert_int_eq(wvlv_extension_check(p, n, WVLV_DATE_NONE, D("2030-12-31"), &start, NULL),
			 WVLV_OK);
	ck_assert_date(start, "2030-01-01");
	/* Five periods (4 extensions): a fifth extension is refused, even though
	 * it would stay far within the cap date. */
	n = make_periods(p, 5, "2026-01-01", 1);
	wvlv_error err = fresh_error();
	ck_assert_int_eq(wvlv_extension_check(p, n, WVLV_DATE_NONE, D("2031-12-31"), &start, &err),
			 WVLV_ECONFLICT);
	ck_assert_int_eq(err.status, WVLV_ECONFLICT);
	ck_assert_str_eq(err.code, "extensions-exhausted");
	ck_assert_int_eq(err.nparams, 0);
}
END_TEST

START_TEST(test_extension_ending_on_cap_date)
{
	/* Four 4-year periods from 2026-01-01; the fifth may end on the cap date. */
	wvlv_period p[WVLV_MAX_PERIODS];
	size_t n = make_periods(p, 4, "2026-01-01", 4);
	ck_assert_date(p[3].end, "2041-12-31");
	wvlv_date start = WVLV_DATE_NONE;
	ck_assert_int_eq(wvlv_extension_check(p, n, WVLV_DATE_NONE, D("2045-12-31"), &start, NULL),
			 WVLV_OK);
	ck_assert_date(start, "2042-01-01");
	ck_assert_date(wvlv_designation_cap_date(p[0].start), "2045-12-31");
	/* One day more breaks the 4-year rule first (422 before 409). */
	wvlv_error err = fresh_error();
	ck_assert_int_eq(wvlv_extension_check(p, n, WVLV_DATE_NONE, D("2046-01-01"), &start, &err),
			 WVLV_EINVAL);
	ck_assert_str_eq(err.code, "period-too-long");
}
END_TEST

/* With contiguous periods of at most 4 years, five periods never pass the cap
 * date (the year arithmetic is monotone); the check guards stored periods that
 * break that rule, e.g. a fourth period imported from before wvlv that ran
 * 4½ years. */
START_TEST(test_extension_past_cap_date)
{
	wvlv_period p[WVLV_MAX_PERIODS];
	size_t n = make_periods(p, 4, "2026-01-01", 4);
	p[3].end = D("2042-06-30");
	wvlv_date start = WVLV_DATE_NONE;
	ck_assert_int_eq(wvlv_extension_check(p, n, WVLV_DATE_NONE, D("2045-12-31"), &start, NULL),
			 WVLV_OK);
	ck_assert_date(start, "2042-07-01");
	wvlv_error err = fresh_error();
	ck_assert_int_eq(wvlv_extension_check(p, n, WVLV_DATE_NONE, D("2046-01-01"), &start, &err),
			 WVLV_ECONFLICT);
	ck_assert_int_eq(err.status, WVLV_ECONFLICT);
	ck_assert_str_eq(err.code, "cap-date-exceeded");
	ck_assert_str_eq(err.detail, "The designation may run until its cap date 2045-12-31, "
				     "20 years from its first start 2026-01-01; an extension to "
				     "2046-01-01 was asked.");
	ck_assert_int_eq(err.nparams, 0);
	/* Still within 4 years of its start, the last day it could have had. */
	ck_assert_int_eq(wvlv_extension_check(p, n, WVLV_DATE_NONE, D("2046-06-30"), &start, NULL),
			 WVLV_ECONFLICT);
	ck_assert_int_eq(wvlv_extension_check(p, n, WVLV_DATE_NONE, D("2046-07-01"), &start, NULL),
			 WVLV_EINVAL);
}
END_TEST

START_TEST(test_extension_of_withdrawn_designation)
{
	wvlv_period p[WVLV_MAX_PERIODS];
	size_t n = make_periods(p, 1, "2026-01-01", 4);
	wvlv_error err = fresh_error();
	wvlv_date start = WVLV_DATE_NONE;
	ck_assert_int_eq(wvlv_extension_check(p, n, D("2027-06-01"), D("2033-12-31"), &start, &err),
			 WVLV_ECONFLICT);
	ck_assert_str_eq(err.code, "designation-withdrawn");
	ck_assert_str_eq(err.detail, "The designation was withdrawn on 2027-06-01 and cannot be "
				     "extended.");
	/* Withdrawn is reported before exhausted. */
	n = make_periods(p, 5, "2026-01-01", 1);
	err = fresh_error();
	ck_assert_int_eq(wvlv_extension_check(p, n, D("2027-06-01"), D("2031-12-31"), &start, &err),
			 WVLV_ECONFLICT);
	ck_assert_str_eq(err.code, "designation-withdrawn");
	/* No periods at all is a bug of the caller. */
	ck_assert_int_eq(wvlv_extension_check(p, 0, WVLV_DATE_NONE, D("2031-12-31"), &start, NULL),
			 WVLV_EINTERNAL);
}
END_TEST

/* --- withdrawal -------------------------------------------------------------------------- */

START_TEST(test_withdrawal_within_range)
{
	wvlv_period p[WVLV_MAX_PERIODS];
	size_t n = make_periods(p, 2, "2026-01-01", 4);   /* 2026-01-01 .. 2033-12-31 */
	wvlv_date until = 0;
	ck_assert_int_eq(wvlv_withdrawal_check(p, n, WVLV_DATE_NONE, D("2026-01-01"), &until, NULL),
			 WVLV_OK);
	ck_assert_int_eq(until, WVLV_DATE_NONE);
	ck_assert_int_eq(wvlv_withdrawal_check(p, n, WVLV_DATE_NONE, D("2026-01-02"), &until, NULL),
			 WVLV_OK);
	ck_assert_date(until, "2026-01-01");
	ck_assert_int_eq(wvlv_withdrawal_check(p, n, WVLV_DATE_NONE, D("2030-01-01"), &until, NULL),
			 WVLV_OK);
	ck_assert_date(until, "2029-12-31");
	ck_assert_int_eq(wvlv_withdrawal_check(p, n, WVLV_DATE_NONE, D("2033-12-31"), &until, NULL),
			 WVLV_OK);
	ck_assert_date(until, "2033-12-30");
}
END_TEST

START_TEST(test_withdrawal_out_of_range)
{
	wvlv_period p[WVLV_MAX_PERIODS];
	size_t n = make_periods(p, 2, "2026-01-01", 4);
	wvlv_error err = fresh_error();
	wvlv_date until = 42;
	ck_assert_int_eq(wvlv_withdrawal_check(p, n, WVLV_DATE_NONE, D("2034-01-01"), &until, &err),
			 WVLV_EINVAL);
	ck_assert_str_eq(err.code, "withdrawal-out-of-range");
	ck_assert_str_eq(err.detail, "A withdrawal must take effect between 2026-01-01 and "
				     "2033-12-31, the designated days; 2034-01-01 was asked.");
	assert_one_param(&err, "on", "withdrawal-out-of-range");
	ck_assert_int_eq(until, 42);

	err = fresh_error();
	ck_assert_int_eq(wvlv_withdrawal_check(p, n, WVLV_DATE_NONE, D("2025-12-31"), &until, &err),
			 WVLV_EINVAL);
	assert_one_param(&err, "on", "withdrawal-out-of-range");

	err = fresh_error();
	ck_assert_int_eq(wvlv_withdrawal_check(p, n, WVLV_DATE_NONE, WVLV_DATE_NONE, &until, &err),
			 WVLV_EINVAL);
	assert_one_param(&err, "on", "required");
	ck_assert_int_eq(until, 42);
}
END_TEST

START_TEST(test_withdrawal_already_withdrawn)
{
	wvlv_period p[WVLV_MAX_PERIODS];
	size_t n = make_periods(p, 1, "2026-01-01", 4);
	wvlv_error err = fresh_error();
	wvlv_date until = 42;
	ck_assert_int_eq(wvlv_withdrawal_check(p, n, D("2027-01-01"), D("2026-06-01"), &until, &err),
			 WVLV_ECONFLICT);
	ck_assert_str_eq(err.code, "already-withdrawn");
	ck_assert_str_eq(err.detail, "The designation was already withdrawn on 2027-01-01.");
	ck_assert_int_eq(until, 42);
	ck_assert_int_eq(wvlv_withdrawal_check(p, 0, WVLV_DATE_NONE, D("2026-06-01"), &until, NULL),
			 WVLV_EINTERNAL);
}
END_TEST

START_TEST(test_designated_from_until)
{
	wvlv_period p[WVLV_MAX_PERIODS];
	size_t n = make_periods(p, 3, "2026-01-01", 4);
	ck_assert_date(wvlv_designated_from(p, n), "2026-01-01");
	ck_assert_date(wvlv_designated_until(p, n, WVLV_DATE_NONE), "2037-12-31");
	ck_assert_date(wvlv_designated_until(p, n, D("2030-01-01")), "2029-12-31");
	ck_assert_date(wvlv_designated_until(p, n, D("2026-01-02")), "2026-01-01");
	ck_assert_int_eq(wvlv_designated_until(p, n, D("2026-01-01")), WVLV_DATE_NONE);
	ck_assert_int_eq(wvlv_designated_from(p, 0), WVLV_DATE_NONE);
	ck_assert_int_eq(wvlv_designated_until(p, 0, WVLV_DATE_NONE), WVLV_DATE_NONE);
}
END_TEST

/* --- status ------------------------------------------------------------------------------ */

START_TEST(test_status_boundaries)
{
	wvlv_period p[WVLV_MAX_PERIODS];
	size_t n = make_periods(p, 2, "2026-01-01", 4);   /* 2026-01-01 .. 2033-12-31 */
	const wvlv_date none = WVLV_DATE_NONE;
	ck_assert_int_eq(wvlv_designation_status_on(p, n, none, D("2025-12-31")),
			 WVLV_DSTATUS_PLANNED);
	ck_assert_int_eq(wvlv_designation_status_on(p, n, none, D("2026-01-01")),
			 WVLV_DSTATUS_ACTIVE);
	ck_assert_int_eq(wvlv_designation_status_on(p, n, none, D("2029-12-31")),
			 WVLV_DSTATUS_ACTIVE);
	ck_assert_int_eq(wvlv_designation_status_on(p, n, none, D("2030-01-01")),
			 WVLV_DSTATUS_ACTIVE);
	ck_assert_int_eq(wvlv_designation_status_on(p, n, none, D("2033-12-31")),
			 WVLV_DSTATUS_ACTIVE);
	ck_assert_int_eq(wvlv_designation_status_on(p, n, none, D("2034-01-01")),
			 WVLV_DSTATUS_EXPIRED);
}
END_TEST

START_TEST(test_status_withdrawn)
{
	wvlv_period p[WVLV_MAX_PERIODS];
	size_t n = make_periods(p, 2, "2026-01-01", 4);
	wvlv_date w = D("2028-06-15");
	ck_assert_int_eq(wvlv_designation_status_on(p, n, w, D("2025-12-31")), WVLV_DSTATUS_PLANNED);
	ck_assert_int_eq(wvlv_designation_status_on(p, n, w, D("2028-06-14")), WVLV_DSTATUS_ACTIVE);
	ck_assert_int_eq(wvlv_designation_status_on(p, n, w, D("2028-06-15")),
			 WVLV_DSTATUS_WITHDRAWN);
	ck_assert_int_eq(wvlv_designation_status_on(p, n, w, D("2033-12-31")),
			 WVLV_DSTATUS_WITHDRAWN);
	ck_assert_int_eq(wvlv_designation_status_on(p, n, w, D("2040-01-01")),
			 WVLV_DSTATUS_WITHDRAWN);
	/* Withdrawn on its first start: planned before it, withdrawn from it. */
	w = D("2026-01-01");
	ck_assert_int_eq(wvlv_designation_status_on(p, n, w, D("2025-12-31")), WVLV_DSTATUS_PLANNED);
	ck_assert_int_eq(wvlv_designation_status_on(p, n, w, D("2026-01-01")),
			 WVLV_DSTATUS_WITHDRAWN);
	/* Withdrawn on its last day. */
	w = D("2033-12-31");
	ck_assert_int_eq(wvlv_designation_status_on(p, n, w, D("2033-12-30")), WVLV_DSTATUS_ACTIVE);
	ck_assert_int_eq(wvlv_designation_status_on(p, n, w, D("2033-12-31")),
			 WVLV_DSTATUS_WITHDRAWN);
	ck_assert_int_eq(wvlv_designation_status_on(p, n, w, D("2034-01-01")),
			 WVLV_DSTATUS_WITHDRAWN);
}
END_TEST

/* --- union of day ranges ---------------------------------------------------------------- */

START_TEST(test_union_basic)
{
	ck_assert_int_eq(wvlv_day_ranges_union_days(NULL, 0), 0);
	wvlv_day_range one[] = { N(5, 5) };
	ck_assert_int_eq(wvlv_day_ranges_union_days(one, 1), 1);
	wvlv_day_range overlap[] = { N(1, 10), N(5, 15) };
	ck_assert_int_eq(wvlv_day_ranges_union_days(overlap, 2), 15);
	wvlv_day_range gap[] = { N(1, 10), N(21, 30) };
	ck_assert_int_eq(wvlv_day_ranges_union_days(gap, 2), 20);
	wvlv_day_range contained[] = { N(1, 100), N(10, 20) };
	ck_assert_int_eq(wvlv_day_ranges_union_days(contained, 2), 100);
	wvlv_day_range contained_rev[] = { N(10, 20), N(1, 100) };
	ck_assert_int_eq(wvlv_day_ranges_union_days(contained_rev, 2), 100);
	wvlv_day_range adjacent[] = { N(1, 10), N(11, 20) };
	ck_assert_int_eq(wvlv_day_ranges_union_days(adjacent, 2), 20);
	wvlv_day_range same[] = { N(1, 10), N(1, 10), N(1, 10) };
	ck_assert_int_eq(wvlv_day_ranges_union_days(same, 3), 10);
	wvlv_day_range unsorted[] = { N(50, 60), N(1, 10), N(55, 70), N(8, 12) };
	ck_assert_int_eq(wvlv_day_ranges_union_days(unsorted, 4), 12 + 21);
	wvlv_day_range negative[] = { N(-10, -1), N(-5, 4) };
	ck_assert_int_eq(wvlv_day_ranges_union_days(negative, 2), 15);
	wvlv_day_range chain[] = { N(1, 10), N(10, 20), N(20, 30), N(100, 100) };
	ck_assert_int_eq(wvlv_day_ranges_union_days(chain, 4), 31);
}
END_TEST

START_TEST(test_union_ignores_empty_and_keeps_input)
{
	wvlv_day_range r[] = {
		N(1, 10), N(20, 19), N(WVLV_DATE_NONE, 5), N(3, WVLV_DATE_NONE),
		N(WVLV_DATE_NONE, WVLV_DATE_NONE), N(8, 12),
	};
	wvlv_day_range copy[sizeof(r) / sizeof(r[0])];
	memcpy(copy, r, sizeof(r));
	ck_assert_int_eq(wvlv_day_ranges_union_days(r, 6), 12);
	ck_assert_int_eq(memcmp(copy, r, sizeof(r)), 0);
	wvlv_day_range only_empty[] = { N(2, 1), N(WVLV_DATE_NONE, 3) };
	ck_assert_int_eq(wvlv_day_ranges_union_days(only_empty, 2), 0);
	/* Whole 20-year span: 7305 days. */
	wvlv_day_range span[] = { R("2026-01-01", "2045-12-31") };
	ck_assert_int_eq(wvlv_day_ranges_union_days(span, 1), 7305);
}
END_TEST

/* Many ranges (no fixed bound) against a day-by-day count. */
START_TEST(test_union_matches_brute_force)
{
	enum { DAYS = 3000, ROUNDS = 50, MAXN = 400 };
	unsigned seed = 12345;
	for (int round = 0; round < ROUNDS; round++) {
		size_t n = (size_t)(rand_r(&seed) % MAXN);
		wvlv_day_range *r = malloc((n ? n : 1) * sizeof(*r));
		ck_assert_ptr_nonnull(r);
		static bool covered[DAYS];
		memset(covered, 0, sizeof(covered));
		for (size_t i = 0; i < n; i++) {
			int from = rand_r(&seed) % DAYS;
			int len = rand_r(&seed) % 200 - 10;   /* some empty */
			int until = from + len < DAYS ? from + len : DAYS - 1;
			r[i] = N(from, until);
			for (int day = from; day <= until; day++)
				covered[day] = true;
		}
		long want = 0;
		for (int day = 0; day < DAYS; day++)
			want += covered[day];
		ck_assert_int_eq(wvlv_day_ranges_union_days(r, n), want);
		free(r);
	}
}
END_TEST

/* --- the place cap ----------------------------------------------------------------------- */

START_TEST(test_place_cap_exactly_7305_accepted)
{
	wvlv_day_range self = R("2026-01-01", "2035-12-31");
	wvlv_day_range others[] = {
		R("2030-01-01", "2045-12-31"),   /* overlaps self */
		R("2040-01-01", "2041-12-31"),   /* contained */
	};
	wvlv_error err = fresh_error();
	long days = -1;
	ck_assert_int_eq(wvlv_place_cap_check(self, others, 2, &days, &err), WVLV_OK);
	ck_assert_int_eq(days, 7305);
	ck_assert_int_eq(err.status, WVLV_OK);
	/* Nothing else: self alone. */
	ck_assert_int_eq(wvlv_place_cap_check(self, NULL, 0, &days, NULL), WVLV_OK);
	ck_assert_int_eq(days, 3652);
}
END_TEST

START_TEST(test_place_cap_7306_refused)
{
	wvlv_day_range self = R("2026-01-01", "2035-12-31");
	wvlv_day_range others[] = {
		R("2030-01-01", "2045-12-31"),
		R("2046-01-01", "2046-01-01"),   /* adjacent: one more day */
	};
	wvlv_error err = fresh_error();
	long days = -1;
	ck_assert_int_eq(wvlv_place_cap_check(self, others, 2, &days, &err), WVLV_ECONFLICT);
	ck_assert_int_eq(days, 7306);
	ck_assert_int_eq(err.status, WVLV_ECONFLICT);
	ck_assert_str_eq(err.code, "place-cap-exceeded");
	ck_assert_str_eq(err.detail, "This place would be designated on 7306 days in all, more than "
				     "the 7305 days (20 years) the law allows.");
}
END_TEST

START_TEST(test_place_cap_gaps_and_withdrawn)
{
	/* Gaps do not count: 3652 + 3653 days with a 5-year gap is 7305 days. */
	wvlv_day_range self = R("2026-01-01", "2035-12-31");
	wvlv_day_range later[] = { R("2040-12-31", "2050-12-31") };
	long days = -1;
	ck_assert_int_eq(wvlv_place_cap_check(self, later, 1, &days, NULL), WVLV_OK);
	ck_assert_int_eq(days, 7305);
	later[0].from--;
	ck_assert_int_eq(wvlv_place_cap_check(self, later, 1, &days, NULL), WVLV_ECONFLICT);
	ck_assert_int_eq(days, 7306);
	/* A designation withdrawn on its first start counts no days. */
	wvlv_day_range withdrawn[] = { { D("2036-01-01"), WVLV_DATE_NONE } };
	ck_assert_int_eq(wvlv_place_cap_check(self, withdrawn, 1, &days, NULL), WVLV_OK);
	ck_assert_int_eq(days, 3652);
	/* An empty self (withdrawn on its first start) with others. */
	wvlv_day_range empty_self = { D("2026-01-01"), WVLV_DATE_NONE };
	wvlv_day_range big[] = { R("2026-01-01", "2046-01-01") };
	wvlv_error err = fresh_error();
	ck_assert_int_eq(wvlv_place_cap_check(empty_self, big, 1, &days, &err), WVLV_ECONFLICT);
	ck_assert_int_eq(days, 7306);
	ck_assert_str_eq(err.code, "place-cap-exceeded");
}
END_TEST

/* --- runner ------------------------------------------------------------------------------ */

static Suite *designation_suite(void)
{
	Suite *s = suite_create("designation");
	unit_add(s, "kind_names", test_kind_names);
	unit_add(s, "measure_names", test_measure_names);
	unit_add(s, "status_names", test_status_names);
	unit_add(s, "municipality_code", test_municipality_code);
	unit_add(s, "last_allowed_end_and_cap_date", test_last_allowed_end_and_cap_date);
	unit_add(s, "first_period_accepted", test_first_period_accepted);
	unit_add(s, "first_period_one_day_too_long", test_first_period_one_day_too_long);
	unit_add(s, "first_period_leap_day_edges_refused", test_first_period_leap_day_edges_refused);
	unit_add(s, "first_period_year_range", test_first_period_year_range);
	unit_add(s, "first_period_end_before_start", test_first_period_end_before_start);
	unit_add(s, "first_period_missing_dates", test_first_period_missing_dates);
	unit_add(s, "extension_accepted", test_extension_accepted);
	unit_add(s, "extension_one_day_too_long", test_extension_one_day_too_long);
	unit_add(s, "extension_leap_day_edges", test_extension_leap_day_edges);
	unit_add(s, "extension_end_before_start", test_extension_end_before_start);
	unit_add(s, "extension_fourth_accepted_fifth_refused",
	    test_extension_fourth_accepted_fifth_refused);
	unit_add(s, "extension_ending_on_cap_date", test_extension_ending_on_cap_date);
	unit_add(s, "extension_past_cap_date", test_extension_past_cap_date);
	unit_add(s, "extension_of_withdrawn_designation", test_extension_of_withdrawn_designation);
	unit_add(s, "withdrawal_within_range", test_withdrawal_within_range);
	unit_add(s, "withdrawal_out_of_range", test_withdrawal_out_of_range);
	unit_add(s, "withdrawal_already_withdrawn", test_withdrawal_already_withdrawn);
	unit_add(s, "designated_from_until", test_designated_from_until);
	unit_add(s, "status_boundaries", test_status_boundaries);
	unit_add(s, "status_withdrawn", test_status_withdrawn);
	unit_add(s, "union_basic", test_union_basic);
	unit_add(s, "union_ignores_empty_and_keeps_input", test_union_ignores_empty_and_keeps_input);
	unit_add(s, "union_matches_brute_force", test_union_matches_brute_force);
	unit_add(s, "place_cap_exactly_7305_accepted", test_place_cap_exactly_7305_accepted);
	unit_add(s, "place_cap_7306_refused", test_place_cap_7306_refused);
	unit_add(s, "place_cap_gaps_and_withdrawn", test_place_cap_gaps_and_withdrawn);
	return s;
}

int main(void)
{
	return unit_run(designation_suite());
}
