/* test_date.c — unit tests of lib/domain/date.c: day numbers, strict parsing,
 * formatting, weekdays, the year arithmetic of docs/law.md §4 and the
 * Europe/Amsterdam date at the summer-time switches. */
#include "wvlv/date.h"

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tdate.h"
#include "unit.h"

/* --- helpers ------------------------------------------------------------------- */

#define D t_date
#define F t_fmt

/* Unix time of date s at hh:mm:ss UTC. */
static int64_t utc(const char *s, int hh, int mm, int ss)
{
	return (int64_t)D(s) * 86400 + hh * 3600 + mm * 60 + ss;
}

/* An assertion for hot loops: unlike ck_assert it records no mark point
 * (a write to Check's pipe) when it passes. */
#define require(cond) do { \
		if (!(cond)) \
			ck_abort_msg("Assertion '%s' failed", #cond); \
	} while (0)

static void assert_parse_fails(const char *s)
{
	wvlv_error err;
	wvlv_error_clear(&err);
	wvlv_date out = 12345;
	ck_assert_int_eq(wvlv_date_parse(s, &out, &err), WVLV_EINVAL);
	ck_assert_int_eq(err.status, WVLV_EINVAL);
	ck_assert_str_eq(err.code, "invalid-date");
	ck_assert_int_eq(out, 12345);
}

/* --- day numbers ---------------------------------------------------------------- */

START_TEST(test_day_numbers)
{
	ck_assert_int_eq(wvlv_date_from_ymd(1970, 1, 1), 0);
	ck_assert_int_eq(wvlv_date_from_ymd(1969, 12, 31), -1);
	ck_assert_int_eq(wvlv_date_from_ymd(2000, 1, 1), 10957);
	ck_assert_int_eq(wvlv_date_from_ymd(2026, 5, 11), 20584);
	ck_assert_int_eq(wvlv_date_from_ymd(1, 1, 1), -719162);
	ck_assert_int_eq(wvlv_date_from_ymd(9999, 12, 31), 2932896);
	ck_assert_int_eq(wvlv_date_from_ymd(2024, 3, 1) - wvlv_date_from_ymd(2024, 2, 28), 2);
	ck_assert_int_eq(wvlv_date_from_ymd(2026, 3, 1) - wvlv_date_from_ymd(2026, 2, 28), 1);
	int y, m, d;
	wvlv_date_to_ymd(-1, &y, &m, &d);
	ck_assert_int_eq(y, 1969);
	ck_assert_int_eq(m, 12);
	ck_assert_int_eq(d, 31);
	wvlv_date_to_ymd(wvlv_date_from_ymd(2024, 2, 29), &y, &m, &d);
	ck_assert_int_eq(y, 2024);
	ck_assert_int_eq(m, 2);
	ck_assert_int_eq(d, 29);
}
END_TEST

START_TEST(test_leap_years_and_month_lengths)
{
	ck_assert(wvlv_is_leap_year(2024));
	ck_assert(wvlv_is_leap_year(2000));
	ck_assert(wvlv_is_leap_year(2028));
	ck_assert(!wvlv_is_leap_year(2026));
	ck_assert(!wvlv_is_leap_year(1900));
	ck_assert(!wvlv_is_leap_year(2100));
	ck_assert_int_eq(wvlv_days_in_month(2024, 2), 29);
	ck_assert_int_eq(wvlv_days_in_month(2026, 2), 28);
	ck_assert_int_eq(wvlv_days_in_month(2100, 2), 28);
	ck_assert_int_eq(wvlv_days_in_month(2026, 4), 30);
	ck_assert_int_eq(wvlv_days_in_month(2026, 12), 31);
	ck_assert_int_eq(wvlv_days_in_month(2026, 0), 0);
	ck_assert_int_eq(wvlv_days_in_month(2026, 13), 0);
	ck_assert(wvlv_date_valid_ymd(2024, 2, 29));
	ck_assert(!wvlv_date_valid_ymd(2026, 2, 29));
	ck_assert(!wvlv_date_valid_ymd(2026, 4, 31));
	ck_assert(!wvlv_date_valid_ymd(2026, 1, 0));
	ck_assert(!wvlv_date_valid_ymd(2026, 13, 1));
	ck_assert(!wvlv_date_valid_ymd(0, 1, 1));
	ck_assert(!wvlv_date_valid_ymd(10000, 1, 1));
	ck_assert(wvlv_date_valid_ymd(1, 1, 1));
	ck_assert(wvlv_date_valid_ymd(9999, 12, 31));
}
END_TEST

/* Every day of years 1..9999: ymd round trip, consecutive days, and
 * format → parse round trip. */
START_TEST(test_every_day_round_trips)
{
	wvlv_date first = wvlv_date_from_ymd(1, 1, 1), last = wvlv_date_from_ymd(9999, 12, 31);
	int py = 0, pm = 12, pd = 31;
	for (wvlv_date x = first; x <= last; x++) {
		int y, m, d;
		wvlv_date_to_ymd(x, &y, &m, &d);
		require(wvlv_date_valid_ymd(y, m, d));
		require(wvlv_date_from_ymd(y, m, d) == x);
		bool next_day = y == py && m == pm && d == pd + 1;
		bool next_month = y == py && m == pm + 1 && d == 1 &&
				  pd == wvlv_days_in_month(py, pm);
		bool next_year = y == py + 1 && m == 1 && d == 1 && pm == 12 && pd == 31;
		require(next_day || next_month || next_year);
		py = y, pm = m, pd = d;
		char buf[WVLV_DATE_STRLEN];
		wvlv_date back = WVLV_DATE_NONE;
		require(wvlv_date_parse(wvlv_date_format(x, buf), &back, NULL) == WVLV_OK);
		require(back == x);
	}
}
END_TEST

/* --- parsing and formatting -------------------------------------------------------- */

START_TEST(test_parse_valid)
{
	wvlv_error err;
	wvlv_error_clear(&err);
	wvlv_date out = WVLV_DATE_NONE;
	ck_assert_int_eq(wvlv_date_parse("2024-02-29", &out, &err), WVLV_OK);
	ck_assert_int_eq(out, wvlv_date_from_ymd(2024, 2, 29));
	ck_assert_int_eq(err.status, WVLV_OK);
	ck_assert_int_eq(wvlv_date_parse("1970-01-01", &out, NULL), WVLV_OK);
	ck_assert_int_eq(out, 0);
	ck_assert_int_eq(wvlv_date_parse("0001-01-01", &out, NULL), WVLV_OK);
	ck_assert_int_eq(out, -719162);
	ck_assert_int_eq(wvlv_date_parse("9999-12-31", &out, NULL), WVLV_OK);
	ck_assert_int_eq(out, 2932896);
	ck_assert_int_eq(wvlv_date_parse("2000-02-29", &out, NULL), WVLV_OK);
	ck_assert_int_eq(out, wvlv_date_from_ymd(2000, 2, 29));
}
END_TEST

START_TEST(test_parse_rejects_feb_29_in_common_year)
{
	wvlv_error err;
	wvlv_error_clear(&err);
	wvlv_date out = 7;
	ck_assert_int_eq(wvlv_date_parse("2026-02-29", &out, &err), WVLV_EINVAL);
	ck_assert_int_eq(out, 7);
	ck_assert_int_eq(err.status, WVLV_EINVAL);
	ck_assert_str_eq(err.code, "invalid-date");
	ck_assert_str_eq(err.detail, "\"2026-02-29\" is not a calendar date in YYYY-MM-DD form.");
	assert_parse_fails("2100-02-29");
	assert_parse_fails("1900-02-29");
	ck_assert_int_eq(wvlv_date_parse("2026-02-29", &out, NULL), WVLV_EINVAL);
}
END_TEST

START_TEST(test_parse_rejects_malformed)
{
	static const char *const bad[] = {
		"2026-1-01", "2026-01-01x", "", "abcd-ef-gh", "2026-13-01", "2026-00-10",
		"2026-01-00", "2026-01-32", "2026-04-31", "0000-01-01", "2026/01/01",
		" 2026-01-01", "2026-01-01 ", "2026-01-1", "+026-01-01", "-026-01-01",
		"2026-01-0a", "20260101", "2026-01-01T00:00:00Z", "2026-0x-01", "2026--1-01",
		"12026-01-01", "2026x01-01", "2026-01x01", "2026-01/01", "2026 01 01",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_parse_fails(bad[i]);
	assert_parse_fails(NULL);
}
END_TEST

START_TEST(test_parse_detail_truncates_long_input)
{
	char longs[200];
	memset(longs, '9', sizeof(longs) - 1);
	longs[sizeof(longs) - 1] = '\0';
	wvlv_error err;
	wvlv_error_clear(&err);
	wvlv_date out;
	ck_assert_int_eq(wvlv_date_parse(longs, &out, &err), WVLV_EINVAL);
	ck_assert_str_eq(err.code, "invalid-date");
	ck_assert_ptr_nonnull(strstr(err.detail, "is not a calendar date"));
	ck_assert_uint_lt(strlen(err.detail), 120);
}
END_TEST

START_TEST(test_format)
{
	char buf[WVLV_DATE_STRLEN];
	ck_assert_ptr_eq(wvlv_date_format(0, buf), buf);
	ck_assert_str_eq(buf, "1970-01-01");
	ck_assert_date(-1, "1969-12-31");
	ck_assert_date(wvlv_date_from_ymd(1, 1, 1), "0001-01-01");
	ck_assert_date(wvlv_date_from_ymd(9999, 12, 31), "9999-12-31");
	ck_assert_date(wvlv_date_from_ymd(2024, 2, 29), "2024-02-29");
	ck_assert_date(WVLV_DATE_NONE, "");
	ck_assert_date(wvlv_date_from_ymd(1, 1, 1) - 1, "");
	ck_assert_date(wvlv_date_from_ymd(9999, 12, 31) + 1, "");
	ck_assert_date(INT32_MAX, "");
}
END_TEST

START_TEST(test_weekday)
{
	ck_assert_int_eq(wvlv_date_weekday(D("1970-01-01")), 4);  /* Thursday */
	ck_assert_int_eq(wvlv_date_weekday(D("1969-12-31")), 3);  /* Wednesday */
	ck_assert_int_eq(wvlv_date_weekday(D("2000-01-01")), 6);  /* Saturday */
	ck_assert_int_eq(wvlv_date_weekday(D("2024-02-29")), 4);
	ck_assert_int_eq(wvlv_date_weekday(D("2026-04-02")), 4);  /* docs/law.md §3.7 */
	ck_assert_int_eq(wvlv_date_weekday(D("2026-05-14")), 4);  /* Ascension 2026 */
	ck_assert_int_eq(wvlv_date_weekday(D("2026-05-15")), 5);
	ck_assert_int_eq(wvlv_date_weekday(D("2026-04-26")), 7);  /* Sunday */
	ck_assert_int_eq(wvlv_date_weekday(D("2026-04-27")), 1);  /* Monday */
	ck_assert_int_eq(wvlv_date_weekday(D("2100-03-01")), 1);
	ck_assert_int_eq(wvlv_date_weekday(D("0001-01-01")), 1);
	ck_assert_int_eq(wvlv_date_weekday(D("9999-12-31")), 5);
	for (wvlv_date x = D("2026-01-01"); x < D("2027-01-01"); x++)
		ck_assert_int_eq(wvlv_date_weekday(x + 7), wvlv_date_weekday(x));
}
END_TEST

/* --- year arithmetic ---------------------------------------------------------------- */

START_TEST(test_years_domain_examples)
{
	ck_assert_date(wvlv_date_years_last_day(D("2025-03-01"), 4), "2029-02-28");
	ck_assert_date(wvlv_date_years_last_day(D("2024-03-01"), 4), "2028-02-29");
	ck_assert_date(wvlv_date_years_last_day(D("2028-02-29"), 4), "2032-02-28");
	ck_assert_date(wvlv_date_years_last_day(D("2024-01-01"), 4), "2027-12-31");
}
END_TEST

START_TEST(test_years_leap_days)
{
	/* start − 1 is 29 February: kept in a leap year, 28 February otherwise. */
	ck_assert_date(wvlv_date_years_last_day(D("2024-03-01"), 1), "2025-02-28");
	ck_assert_date(wvlv_date_years_last_day(D("2024-03-01"), 8), "2032-02-29");
	ck_assert_date(wvlv_date_years_last_day(D("2096-03-01"), 4), "2100-02-28");
	ck_assert_date(wvlv_date_years_last_day(D("2000-03-01"), 4), "2004-02-29");
	ck_assert_date(wvlv_date_years_last_day(D("2024-03-01"), 20), "2044-02-29");
	/* start − 1 is 28 February: stays 28 February, also in a leap year. */
	ck_assert_date(wvlv_date_years_last_day(D("2027-03-01"), 1), "2028-02-28");
	ck_assert_date(wvlv_date_years_last_day(D("2028-02-29"), 20), "2048-02-28");
	ck_assert_date(wvlv_date_years_last_day(D("2096-02-29"), 20), "2116-02-28");
	/* The literal rule: 2100-02-28 four years on is 2104-02-28, though 2104
	 * has a 29 February (so the next period would start on it). */
	ck_assert_date(wvlv_date_years_last_day(D("2100-03-01"), 4), "2104-02-28");
	ck_assert_date(wvlv_date_years_after(D("2100-02-28"), 4), "2104-02-28");
	/* Other days. */
	ck_assert_date(wvlv_date_years_last_day(D("2026-01-01"), 4), "2029-12-31");
	ck_assert_date(wvlv_date_years_last_day(D("2026-01-01"), 20), "2045-12-31");
	ck_assert_date(wvlv_date_years_last_day(D("2026-07-15"), 4), "2030-07-14");
	ck_assert_date(wvlv_date_years_last_day(D("2026-07-15"), 0), "2026-07-14");
	ck_assert_int_eq(wvlv_date_years_last_day(WVLV_DATE_NONE, 4), WVLV_DATE_NONE);
}
END_TEST

START_TEST(test_years_after_free_to_sell)
{
	/* docs/law.md §2.5: freeToSellUntil = refusal + 3 years. */
	ck_assert_date(wvlv_date_years_after(D("2026-05-11"), 3), "2029-05-11");
	ck_assert_date(wvlv_date_years_after(D("2028-02-29"), 3), "2031-02-28");
	ck_assert_date(wvlv_date_years_after(D("2028-02-29"), 4), "2032-02-29");
	ck_assert_date(wvlv_date_years_after(D("2026-12-31"), 3), "2029-12-31");
	ck_assert_date(wvlv_date_years_after(D("2027-02-28"), 1), "2028-02-28");
	ck_assert_int_eq(wvlv_date_years_after(D("2026-05-11"), 3),
			 wvlv_date_years_last_day(D("2026-05-12"), 3));
	ck_assert_int_eq(wvlv_date_years_after(WVLV_DATE_NONE, 3), WVLV_DATE_NONE);
}
END_TEST

/* For every start day 1990..2100: the 4-year last day is not before the start,
 * and the day after it has the start's month and day.  Exceptions, both from
 * the literal rule of docs/law.md §4 (the month and day of start − 1):
 * - a start on 29 February: the day after is 29 February in a leap year,
 *   else 1 March;
 * - a start on 1 March of a common year whose day before (28 February) lands
 *   in a leap year — in this range only 2100-03-01 → 2104-02-28, so the day
 *   after is 2104-02-29. */
START_TEST(test_years_property)
{
	for (wvlv_date s = D("1990-01-01"); s <= D("2100-12-31"); s++) {
		wvlv_date last = wvlv_date_years_last_day(s, 4);
		require(last >= s);
		int sy, sm, sd, ny, nm, nd;
		wvlv_date_to_ymd(s, &sy, &sm, &sd);
		wvlv_date_to_ymd(last + 1, &ny, &nm, &nd);
		require(ny == sy + 4);
		if (sm == 2 && sd == 29) {
			require(nm == (wvlv_is_leap_year(ny) ? 2 : 3));
			require(nd == (wvlv_is_leap_year(ny) ? 29 : 1));
		} else if (sm == 3 && sd == 1 && !wvlv_is_leap_year(sy) && wvlv_is_leap_year(ny)) {
			require(sy == 2100 && nm == 2 && nd == 29);
		} else {
			require(nm == sm && nd == sd);
		}
		require(wvlv_date_years_after(s - 1, 4) == last);
	}
}
END_TEST

/* --- Europe/Amsterdam ------------------------------------------------------------------ */

START_TEST(test_amsterdam_spring_forward)
{
	/* 2026: summer time from 01:00 UTC on Sunday 29 March. */
	ck_assert_date(wvlv_date_amsterdam_from_unix(1774740600), "2026-03-29");
	ck_assert_date(wvlv_date_amsterdam_from_unix(utc("2026-03-28", 23, 30, 0)), "2026-03-29");
	ck_assert_date(wvlv_date_amsterdam_from_unix(utc("2026-03-28", 22, 59, 59)), "2026-03-28");
	ck_assert_date(wvlv_date_amsterdam_from_unix(utc("2026-03-28", 23, 0, 0)), "2026-03-29");
	ck_assert_date(wvlv_date_amsterdam_from_unix(utc("2026-03-29", 0, 59, 59)), "2026-03-29");
	ck_assert_date(wvlv_date_amsterdam_from_unix(utc("2026-03-29", 1, 0, 0)), "2026-03-29");
	/* Summer time (UTC+2) begins on the day: 22:00 UTC is midnight. */
	ck_assert_date(wvlv_date_amsterdam_from_unix(utc("2026-03-29", 21, 59, 59)), "2026-03-29");
	ck_assert_date(wvlv_date_amsterdam_from_unix(utc("2026-03-29", 22, 0, 0)), "2026-03-30");
	/* 2024: the last Sunday of March is the 31st. */
	ck_assert_date(wvlv_date_amsterdam_from_unix(utc("2024-03-30", 22, 59, 59)), "2024-03-30");
	ck_assert_date(wvlv_date_amsterdam_from_unix(utc("2024-03-30", 23, 0, 0)), "2024-03-31");
	ck_assert_date(wvlv_date_amsterdam_from_unix(utc("2024-03-31", 21, 59, 59)), "2024-03-31");
	ck_assert_date(wvlv_date_amsterdam_from_unix(utc("2024-03-31", 22, 0, 0)), "2024-04-01");
	/* One week earlier is still winter time. */
	ck_assert_date(wvlv_date_amsterdam_from_unix(utc("2024-03-24", 22, 30, 0)), "2024-03-24");
}
END_TEST

START_TEST(test_amsterdam_fall_back)
{
	/* 2026: winter time from 01:00 UTC on Sunday 25 October. */
	ck_assert_date(wvlv_date_amsterdam_from_unix(1792881000), "2026-10-25");
	ck_assert_date(wvlv_date_amsterdam_from_unix(1792967400), "2026-10-25");
	ck_assert_date(wvlv_date_amsterdam_from_unix(utc("2026-10-24", 22, 30, 0)), "2026-10-25");
	ck_assert_date(wvlv_date_amsterdam_from_unix(utc("2026-10-24", 21, 59, 59)), "2026-10-24");
	ck_assert_date(wvlv_date_amsterdam_from_unix(utc("2026-10-25", 22, 30, 0)), "2026-10-25");
	ck_assert_date(wvlv_date_amsterdam_from_unix(utc("2026-10-25", 0, 59, 59)), "2026-10-25");
	ck_assert_date(wvlv_date_amsterdam_from_unix(utc("2026-10-25", 1, 0, 0)), "2026-10-25");
	ck_assert_date(wvlv_date_amsterdam_from_unix(utc("2026-10-25", 22, 59, 59)), "2026-10-25");
	ck_assert_date(wvlv_date_amsterdam_from_unix(utc("2026-10-25", 23, 0, 0)), "2026-10-26");
	/* 2024: the last Sunday of October is the 27th. */
	ck_assert_date(wvlv_date_amsterdam_from_unix(utc("2024-10-20", 22, 30, 0)), "2024-10-21");
	ck_assert_date(wvlv_date_amsterdam_from_unix(utc("2024-10-27", 22, 30, 0)), "2024-10-27");
}
END_TEST

START_TEST(test_amsterdam_ordinary_days)
{
	ck_assert_date(wvlv_date_amsterdam_from_unix(0), "1970-01-01");
	ck_assert_date(wvlv_date_amsterdam_from_unix(-3601), "1969-12-31");
	ck_assert_date(wvlv_date_amsterdam_from_unix(-3600), "1970-01-01");
	ck_assert_date(wvlv_date_amsterdam_from_unix(utc("2026-12-31", 22, 59, 59)), "2026-12-31");
	ck_assert_date(wvlv_date_amsterdam_from_unix(utc("2026-12-31", 23, 0, 0)), "2027-01-01");
	ck_assert_date(wvlv_date_amsterdam_from_unix(utc("2026-07-01", 21, 59, 59)), "2026-07-01");
	ck_assert_date(wvlv_date_amsterdam_from_unix(utc("2026-07-01", 22, 0, 0)), "2026-07-02");
	ck_assert_date(wvlv_date_amsterdam_from_unix(utc("2028-02-28", 23, 0, 0)), "2028-02-29");
	/* Far outside years 1..9999: clamped, no overflow. */
	ck_assert_date(wvlv_date_amsterdam_from_unix(INT64_MAX), "9999-12-31");
	ck_assert_date(wvlv_date_amsterdam_from_unix(INT64_MIN), "0001-01-01");
}
END_TEST

START_TEST(test_today_amsterdam)
{
	int64_t before = (int64_t)time(NULL);
	wvlv_date today = wvlv_date_today_amsterdam();
	int64_t after = (int64_t)time(NULL);
	ck_assert_int_ge(today, wvlv_date_amsterdam_from_unix(before));
	ck_assert_int_le(today, wvlv_date_amsterdam_from_unix(after));
	ck_assert_int_ge(today, D("2025-01-01"));
}
END_TEST

/* --- runner ------------------------------------------------------------------------ */

static Suite *date_suite(void)
{
	Suite *s = suite_create("date");
	unit_add(s, "day_numbers", test_day_numbers);
	unit_add(s, "leap_years_and_month_lengths", test_leap_years_and_month_lengths);
	unit_add(s, "every_day_round_trips", test_every_day_round_trips);
	unit_add(s, "parse_valid", test_parse_valid);
	unit_add(s, "parse_rejects_feb_29_in_common_year", test_parse_rejects_feb_29_in_common_year);
	unit_add(s, "parse_rejects_malformed", test_parse_rejects_malformed);
	unit_add(s, "parse_detail_truncates_long_input", test_parse_detail_truncates_long_input);
	unit_add(s, "format", test_format);
	unit_add(s, "weekday", test_weekday);
	unit_add(s, "years_domain_examples", test_years_domain_examples);
	unit_add(s, "years_leap_days", test_years_leap_days);
	unit_add(s, "years_after_free_to_sell", test_years_after_free_to_sell);
	unit_add(s, "years_property", test_years_property);
	unit_add(s, "amsterdam_spring_forward", test_amsterdam_spring_forward);
	unit_add(s, "amsterdam_fall_back", test_amsterdam_fall_back);
	unit_add(s, "amsterdam_ordinary_days", test_amsterdam_ordinary_days);
	unit_add(s, "today_amsterdam", test_today_amsterdam);
	return s;
}

int main(void)
{
	return unit_run(date_suite());
}
