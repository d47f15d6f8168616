/* test_deadline.c — unit tests of lib/domain/deadline.c: the table of terms, Atw
 * art. 4, Easter, the holidays of docs/law.md §3.4, and deadlines under Atw
 * art. 1 and 2 with their explanations.
 *
 * The expected dates of the case table were derived by hand from a calendar
 * (the derivation is the comment on each row).  The property tests compare
 * with an independent reference written here from docs/law.md §3: Easter by
 * Gauss's algorithm (with its two corrections), weekdays by Sakamoto's
 * method, and the deadline as its definition — the first working day on or
 * after the raw end such that the term contains at least 2 working days.
 */
#include "wvlv/deadline.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tdate.h"
#include "unit.h"

/* --- helpers ------------------------------------------------------------------- */

#define D t_date
#define F t_fmt

/* An assertion for hot loops: unlike ck_assert it records no mark point
 * (a write to Check's pipe) when it passes. */
#define require(cond) do { \
		if (!(cond)) \
			ck_abort_msg("Assertion '%s' failed", #cond); \
	} while (0)
#define require_msg(cond, ...) do { \
		if (!(cond)) \
			ck_abort_msg(__VA_ARGS__); \
	} while (0)

#define ART2 "minimum 2 werkdagen (Atw art. 2)"

static const wvlv_term *RESPONSE, *COURT, *FREE;

static void setup_terms(void)
{
	RESPONSE = wvlv_term_get(WVLV_TERM_RESPONSE);
	COURT = wvlv_term_get(WVLV_TERM_COURT_FILING);
	FREE = wvlv_term_get(WVLV_TERM_FREE_PERIOD);
}

static wvlv_deadline compute(const wvlv_term *term, wvlv_date from,
			     const wvlv_equated_day *eq, size_t n_eq)
{
	wvlv_deadline dl;
	wvlv_error err;
	wvlv_error_clear(&err);
	memset(&dl, 0, sizeof(dl));
	wvlv_status st = wvlv_deadline_compute(term, from, eq, n_eq, &dl, &err);
	require_msg(st == WVLV_OK, "compute %s from %s: %s %s", term->name, F(from),
		    wvlv_status_name(st), err.detail);
	return dl;
}

/* --- the independent reference (docs/law.md §3) ---------------------------------- */

/* Sakamoto: ISO weekday, 1 = Monday … 7 = Sunday. */
static int ref_weekday(int y, int m, int d)
{
	static const int t[12] = { 0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4 };
	if (m < 3)
		y -= 1;
	int w = (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7; /* 0 = Sunday */
	return w == 0 ? 7 : w;
}

/* Gauss's Easter algorithm for the Gregorian calendar, with its two
 * exceptions (26 April → 19 April; 25 April → 18 April in the stated case). */
static void gauss_easter(int y, int *month, int *day)
{
	int a = y % 19, b = y % 4, c = y % 7;
	int k = y / 100, p = (13 + 8 * k) / 25, q = k / 4;
	int M = (15 - p + k - q) % 30, N = (4 + k - q) % 7;
	int d = (19 * a + M) % 30;
	int e = (2 * b + 4 * c + 6 * d + N) % 7;
	if (d == 29 && e == 6) {
		*month = 4, *day = 19;
		return;
	}
	if (d == 28 && e == 6 && (11 * M + 11) % 30 < 19) {
		*month = 4, *day = 18;
		return;
	}
	int n = 22 + d + e;   /* day of March */
	if (n > 31)
		*month = 4, *day = n - 31;
	else
		*month = 3, *day = n;
}

static wvlv_date ref_easter(int y)
{
	int m, d;
	gauss_easter(y, &m, &d);
	return wvlv_date_from_ymd(y, m, d);
}

/* The name of the holiday(s) on d by docs/law.md §3.4, joined with " en " in the
 * order deadline.h lists them, or NULL.  Static buffer. */
static const char *ref_holiday(wvlv_date d)
{
	static char buf[160];
	int y, m, day;
	wvlv_date_to_ymd(d, &y, &m, &day);
	wvlv_date easter = ref_easter(y);
	int king = y >= 2014 ? (ref_weekday(y, 4, 27) == 7 ? 26 : 27)
			     : (ref_weekday(y, 4, 30) == 7 ? 29 : 30);
	const char *names[] = {
		m == 1 && day == 1 ? "Nieuwjaarsdag" : NULL,
		d == easter - 2 ? "Goede Vrijdag" : NULL,
		d == easter + 1 ? "Tweede Paasdag" : NULL,
		y >= 2014 && m == 4 && day == king ? "Koningsdag" : NULL,
		y < 2014 && m == 4 && day == king ? "Koninginnedag" : NULL,
		m == 5 && day == 5 ? "Bevrijdingsdag" : NULL,
		d == easter + 39 ? "Hemelvaartsdag" : NULL,
		d == easter + 50 ? "Tweede Pinksterdag" : NULL,
		m == 12 && day == 25 ? "Eerste Kerstdag" : NULL,
		m == 12 && day == 26 ? "Tweede Kerstdag" : NULL,
	};
	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!names[i])
			continue;
		if (buf[0])
			strcat(buf, " en ");
		strcat(buf, names[i]);
	}
	return buf[0] ? buf : NULL;
}

/* Equated days for the reference: a flag per day of 1999–2102. */
static wvlv_date ref_eq_base;
static bool ref_eq_flag[105 * 366];
static const char *ref_eq_reference;

static void ref_set_equated(const wvlv_equated_day *eq, size_t n)
{
	ref_eq_base = wvlv_date_from_ymd(1999, 1, 1);
	memset(ref_eq_flag, 0, sizeof(ref_eq_flag));
	for (size_t i = 0; i < n; i++) {
		ck_assert(eq[i].date >= ref_eq_base);
		ck_assert((size_t)(eq[i].date - ref_eq_base) < sizeof(ref_eq_flag));
		ref_eq_flag[eq[i].date - ref_eq_base] = true;
		ref_eq_reference = eq[i].reference;
	}
}

static bool ref_is_equated(wvlv_date d)
{
	if (d < ref_eq_base || (size_t)(d - ref_eq_base) >= sizeof(ref_eq_flag))
		return false;
	return ref_eq_flag[d - ref_eq_base];
}

static bool ref_working(wvlv_date d)
{
	int y, m, day;
	wvlv_date_to_ymd(d, &y, &m, &day);
	return ref_weekday(y, m, day) <= 5 && !ref_holiday(d) && !ref_is_equated(d);
}

/* Working days in (from, to], counting no further than `enough`. */
static int ref_working_days(wvlv_date from, wvlv_date to, int enough)
{
	int n = 0;
	for (wvlv_date x = from + 1; x <= to && n < enough; x++)
		n += ref_working(x);
	return n;
}

/* The definition: the first working day on or after raw that leaves at least
 * 2 working days in the term (art. 2, for terms of 3 days or more). */
static wvlv_date ref_deadline(wvlv_date from, wvlv_date raw)
{
	wvlv_date d = raw;
	while (!ref_working(d) || (raw - from >= 3 && ref_working_days(from, d, 2) < 2))
		d++;
	return d;
}

/* The reason the lib must give for moving past d (equated days in these
 * tests never fall on a holiday). */
static const char *ref_reason(wvlv_date d)
{
	static char buf[128];
	int y, m, day;
	wvlv_date_to_ymd(d, &y, &m, &day);
	const char *h = ref_holiday(d);
	if (ref_is_equated(d))
		snprintf(buf, sizeof(buf), "gelijkgestelde dag (%s)", ref_eq_reference);
	else if (h)
		snprintf(buf, sizeof(buf), "%s", h);
	else if (ref_weekday(y, m, day) == 6)
		snprintf(buf, sizeof(buf), "Saturday");
	else if (ref_weekday(y, m, day) == 7)
		snprintf(buf, sizeof(buf), "Sunday");
	else
		snprintf(buf, sizeof(buf), ART2);
	return buf;
}

/* --- the table of terms and Atw art. 4 -------------------------------------------- */

START_TEST(test_term_table)
{
	const wvlv_term *r = wvlv_term_get(WVLV_TERM_RESPONSE);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->id, WVLV_TERM_RESPONSE);
	ck_assert_str_eq(r->name, "response");
	ck_assert_int_eq(r->length, 6);
	ck_assert_int_eq(r->unit, WVLV_UNIT_WEEKS);
	ck_assert(r->atw);
	ck_assert_str_eq(r->source, "Ow 9.13 (Wvg art. 12(1))");
	ck_assert_ptr_eq(wvlv_term_by_name("response"), r);

	const wvlv_term *c = wvlv_term_get(WVLV_TERM_COURT_FILING);
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(c->id, WVLV_TERM_COURT_FILING);
	ck_assert_str_eq(c->name, "court-filing");
	ck_assert_int_eq(c->length, 4);
	ck_assert_int_eq(c->unit, WVLV_UNIT_WEEKS);
	ck_assert(c->atw);
	ck_assert_str_eq(c->source, "Ow 9.16(1) (Wvg art. 13(1))");
	ck_assert_ptr_eq(wvlv_term_by_name("court-filing"), c);

	const wvlv_term *f = wvlv_term_get(WVLV_TERM_FREE_PERIOD);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(f->id, WVLV_TERM_FREE_PERIOD);
	ck_assert_str_eq(f->name, "free-period");
	ck_assert_int_eq(f->length, 3);
	ck_assert_int_eq(f->unit, WVLV_UNIT_YEARS);
	ck_assert(!f->atw);
	ck_assert_str_eq(f->source, "Ow 9.14(1), 9.17(1)");
	ck_assert_ptr_eq(wvlv_term_by_name("free-period"), f);

	/* Every row agrees with Atw art. 4. */
	for (int i = 0; i < WVLV_TERM_COUNT; i++) {
		const wvlv_term *t = wvlv_term_get((wvlv_term_id)i);
		ck_assert_int_eq(t->atw, wvlv_atw_applies(t->length, t->unit));
	}

	ck_assert_ptr_null(wvlv_term_by_name("unknown"));
	ck_assert_ptr_null(wvlv_term_by_name(""));
	ck_assert_ptr_null(wvlv_term_by_name("Response"));
	ck_assert_ptr_null(wvlv_term_by_name("response "));
	ck_assert_ptr_null(wvlv_term_by_name(NULL));
	ck_assert_ptr_null(wvlv_term_get(WVLV_TERM_COUNT));
	ck_assert_ptr_null(wvlv_term_get((wvlv_term_id)99));
	ck_assert_ptr_null(wvlv_term_get((wvlv_term_id)-1));
}
END_TEST

START_TEST(test_atw_applies)
{
	ck_assert(wvlv_atw_applies(12, WVLV_UNIT_WEEKS));
	ck_assert(!wvlv_atw_applies(13, WVLV_UNIT_WEEKS));
	ck_assert(wvlv_atw_applies(6, WVLV_UNIT_WEEKS));
	ck_assert(wvlv_atw_applies(4, WVLV_UNIT_WEEKS));
	ck_assert(wvlv_atw_applies(3, WVLV_UNIT_MONTHS));
	ck_assert(!wvlv_atw_applies(4, WVLV_UNIT_MONTHS));
	ck_assert(wvlv_atw_applies(1, WVLV_UNIT_MONTHS));
	ck_assert(!wvlv_atw_applies(1, WVLV_UNIT_YEARS));
	ck_assert(!wvlv_atw_applies(3, WVLV_UNIT_YEARS));
	ck_assert(wvlv_atw_applies(84, WVLV_UNIT_DAYS));
	ck_assert(!wvlv_atw_applies(85, WVLV_UNIT_DAYS));
	ck_assert(wvlv_atw_applies(3, WVLV_UNIT_DAYS));
	ck_assert(wvlv_atw_applies(1, WVLV_UNIT_DAYS));
}
END_TEST

/* --- Easter ------------------------------------------------------------------------ */

START_TEST(test_easter_known_dates)
{
	ck_assert_date(wvlv_easter(2024), "2024-03-31");
	ck_assert_date(wvlv_easter(2025), "2025-04-20");
	ck_assert_date(wvlv_easter(2026), "2026-04-05");
	ck_assert_date(wvlv_easter(2027), "2027-03-28");
	ck_assert_date(wvlv_easter(2028), "2028-04-16");
	ck_assert_date(wvlv_easter(2029), "2029-04-01");
	ck_assert_date(wvlv_easter(2030), "2030-04-21");
	ck_assert_date(wvlv_easter(2031), "2031-04-13");
	ck_assert_date(wvlv_easter(2032), "2032-03-28");
	ck_assert_date(wvlv_easter(2000), "2000-04-23");
	ck_assert_date(wvlv_easter(2038), "2038-04-25");   /* latest possible */
	ck_assert_date(wvlv_easter(1900), "1900-04-15");
	ck_assert_date(wvlv_easter(1913), "1913-03-23");   /* earliest in 1900–2199 */
	ck_assert_date(wvlv_easter(1943), "1943-04-25");
	ck_assert_date(wvlv_easter(1981), "1981-04-19");   /* Gauss exception d=29, e=6 */
	ck_assert_date(wvlv_easter(1954), "1954-04-18");   /* Gauss exception d=28, e=6 */
	ck_assert_date(wvlv_easter(2016), "2016-03-27");
	ck_assert_date(wvlv_easter(2199), "2199-04-14");
	ck_assert_date(wvlv_easter(2285), "2285-03-22");   /* earliest possible */
	ck_assert_date(wvlv_easter(1818), "1818-03-22");
	ck_assert_int_eq(wvlv_easter(0), WVLV_DATE_NONE);
	ck_assert_int_eq(wvlv_easter(10000), WVLV_DATE_NONE);
}
END_TEST

/* Anonymous algorithm (lib) against Gauss (here) for every year; every Easter
 * a Sunday between 22 March and 25 April. */
START_TEST(test_easter_two_methods)
{
	for (int y = 1900; y <= 2199; y++) {
		wvlv_date e = wvlv_easter(y);
		require_msg(e == ref_easter(y), "Easter %d: %s vs %s", y, F(e), F(ref_easter(y)));
		require(wvlv_date_weekday(e) == 7);
		require(e >= wvlv_date_from_ymd(y, 3, 22) && e <= wvlv_date_from_ymd(y, 4, 25));
	}
	/* The methods agree for all Gregorian years too. */
	for (int y = 1583; y <= 9999; y++)
		require_msg(wvlv_easter(y) == ref_easter(y), "Easter %d", y);
}
END_TEST

/* --- holidays --------------------------------------------------------------------- */

static void assert_holiday(const char *date, const char *name)
{
	const char *got = wvlv_holiday_name(D(date), NULL, 0);
	if (!name) {
		ck_assert_msg(got == NULL, "%s: expected no holiday, got %s", date, got);
		ck_assert(wvlv_is_working_day(D(date), NULL, 0) == (wvlv_date_weekday(D(date)) <= 5));
		return;
	}
	ck_assert_msg(got != NULL, "%s: expected %s, got none", date, name);
	ck_assert_str_eq(got, name);
	ck_assert(!wvlv_is_working_day(D(date), NULL, 0));
}

START_TEST(test_holidays_2026)
{
	assert_holiday("2026-01-01", "Nieuwjaarsdag");
	assert_holiday("2026-01-02", NULL);
	assert_holiday("2026-04-02", NULL);             /* Maundy Thursday */
	assert_holiday("2026-04-03", "Goede Vrijdag");
	assert_holiday("2026-04-05", NULL);             /* Easter Sunday: a Sunday, no name */
	assert_holiday("2026-04-06", "Tweede Paasdag");
	assert_holiday("2026-04-27", "Koningsdag");
	assert_holiday("2026-04-26", NULL);
	assert_holiday("2026-05-04", NULL);             /* Remembrance: not a holiday */
	assert_holiday("2026-05-05", "Bevrijdingsdag");
	assert_holiday("2026-05-14", "Hemelvaartsdag");
	assert_holiday("2026-05-15", NULL);
	assert_holiday("2026-05-24", NULL);             /* Whit Sunday */
	assert_holiday("2026-05-25", "Tweede Pinksterdag");
	assert_holiday("2026-12-24", NULL);
	assert_holiday("2026-12-25", "Eerste Kerstdag");
	assert_holiday("2026-12-26", "Tweede Kerstdag");
	assert_holiday("2026-12-31", NULL);
	assert_holiday("2026-06-10", NULL);
}
END_TEST

START_TEST(test_holidays_king_and_queen)
{
	/* Since 2014: 27 April, or 26 April when 27 April is a Sunday. */
	assert_holiday("2014-04-26", "Koningsdag");     /* 27 April 2014 was a Sunday */
	assert_holiday("2014-04-27", NULL);
	assert_holiday("2025-04-26", "Koningsdag");     /* 27 April 2025 is a Sunday */
	assert_holiday("2025-04-27", NULL);
	assert_holiday("2031-04-26", "Koningsdag");     /* 27 April 2031 is a Sunday */
	assert_holiday("2031-04-27", NULL);
	assert_holiday("2024-04-27", "Koningsdag");     /* a Saturday: stays */
	assert_holiday("2024-04-26", NULL);
	assert_holiday("2030-04-27", "Koningsdag");     /* a Saturday */
	assert_holiday("2026-04-27", "Koningsdag");
	assert_holiday("2027-04-27", "Koningsdag");
	assert_holiday("2015-04-27", "Koningsdag");
	assert_holiday("2014-04-30", NULL);             /* no Koninginnedag any more */
	/* Before 2014: 30 April, or 29 April when 30 April is a Sunday. */
	assert_holiday("2013-04-30", "Koninginnedag");
	assert_holiday("2013-04-27", NULL);
	assert_holiday("2006-04-29", "Koninginnedag");  /* 30 April 2006 was a Sunday */
	assert_holiday("2006-04-30", NULL);
	assert_holiday("2000-04-29", "Koninginnedag");  /* 30 April 2000 was a Sunday */
	assert_holiday("2012-04-30", "Koninginnedag");
	/* 5 May every year (docs/law.md §3.4), not only every fifth. */
	assert_holiday("2024-05-05", "Bevrijdingsdag");
	assert_holiday("2026-05-05", "Bevrijdingsdag");
	assert_holiday("2027-05-05", "Bevrijdingsdag");
	assert_holiday("1950-05-05", "Bevrijdingsdag");
}
END_TEST

static const int coincidence_years[] = { 1910, 1921, 1932, 2005, 2016, 2157, 2168 };

/* Every day of 1900–2199 against the reference; exactly nine holiday days a
 * year (Koningsdag and Koninginnedag never both), eight when two coincide —
 * which happens only when Ascension Day is 5 May. */
START_TEST(test_holidays_every_day)
{
	int found[16], n_found = 0;
	for (int y = 1900; y <= 2199; y++) {
		int n = 0;
		bool coincide = false;
		wvlv_date last = wvlv_date_from_ymd(y, 12, 31);
		for (wvlv_date d = wvlv_date_from_ymd(y, 1, 1); d <= last; d++) {
			const char *got = wvlv_holiday_name(d, NULL, 0);
			const char *want = ref_holiday(d);
			require_msg((got == NULL) == (want == NULL) && (!got || strcmp(got, want) == 0),
				    "%s: %s vs %s", F(d), got ? got : "-", want ? want : "-");
			require(wvlv_is_working_day(d, NULL, 0) ==
				(!got && wvlv_date_weekday(d) <= 5));
			if (got) {
				n++;
				if (strstr(got, " en ")) {
					require_msg(strcmp(got, "Bevrijdingsdag en Hemelvaartsdag") == 0,
						    "%s: %s", F(d), got);
					coincide = true;
					require(n_found < 16);
					found[n_found++] = y;
				}
			}
		}
		require_msg(n == (coincide ? 8 : 9), "%d: %d holidays", y, n);
	}
	ck_assert_int_eq(n_found, (int)(sizeof(coincidence_years) / sizeof(coincidence_years[0])));
	for (int i = 0; i < n_found; i++)
		ck_assert_int_eq(found[i], coincidence_years[i]);
}
END_TEST

START_TEST(test_holiday_coincidences)
{
	assert_holiday("2005-05-05", "Bevrijdingsdag en Hemelvaartsdag");
	assert_holiday("2016-05-05", "Bevrijdingsdag en Hemelvaartsdag");
	assert_holiday("1910-05-05", "Bevrijdingsdag en Hemelvaartsdag");
	assert_holiday("2157-05-05", "Bevrijdingsdag en Hemelvaartsdag");
	assert_holiday("2168-05-05", "Bevrijdingsdag en Hemelvaartsdag");
	/* Outside 1900–2199 the rule is applied all the same: Easter 1818 was
	 * 22 March, so Ascension Day fell on 30 April (Koninginnedag by the rule). */
	assert_holiday("1818-04-30", "Koninginnedag en Hemelvaartsdag");
	assert_holiday("2285-04-30", "Hemelvaartsdag");
}
END_TEST

START_TEST(test_equated_days_named)
{
	const wvlv_equated_day eq[] = {
		{ D("2026-05-15"), "KB 2025" },
		{ D("2026-05-14"), "KB 2025" },    /* on Ascension Day itself */
		{ D("2016-05-05"), "Stcrt. test" },
		{ D("2026-05-16"), NULL },         /* a Saturday */
	};
	ck_assert_str_eq(wvlv_holiday_name(D("2026-05-15"), eq, 4), "gelijkgestelde dag");
	ck_assert_str_eq(wvlv_holiday_name(D("2026-05-14"), eq, 4),
			 "Hemelvaartsdag en gelijkgestelde dag");
	ck_assert_str_eq(wvlv_holiday_name(D("2016-05-05"), eq, 4),
			 "Bevrijdingsdag en Hemelvaartsdag en gelijkgestelde dag");
	ck_assert_str_eq(wvlv_holiday_name(D("2026-05-16"), eq, 4), "gelijkgestelde dag");
	ck_assert_ptr_null(wvlv_holiday_name(D("2026-05-18"), eq, 4));
	ck_assert(!wvlv_is_working_day(D("2026-05-15"), eq, 4));
	ck_assert(wvlv_is_working_day(D("2026-05-15"), eq, 0));   /* only n_equated count */
	ck_assert(wvlv_is_working_day(D("2026-05-15"), NULL, 0));
	ck_assert(wvlv_is_working_day(D("2026-05-18"), eq, 4));
	ck_assert_ptr_null(wvlv_holiday_name(D("2026-05-15"), NULL, 0));
	ck_assert_ptr_null(wvlv_holiday_name(D("2026-05-15"), eq, 0));
	ck_assert_ptr_null(wvlv_holiday_name(D("2026-05-15"), NULL, 3));  /* NULL list: none */
	ck_assert_ptr_null(wvlv_holiday_name(WVLV_DATE_NONE, NULL, 0));
}
END_TEST

/* --- the case table ------------------------------------------------------------------ */

typedef struct moved_case {
	const char *date;
	const char *reason;
} moved_case;

typedef struct dl_case {
	wvlv_term_id term;
	const char  *from, *raw, *deadline;
	moved_case   moved[6];   /* ends at the first { NULL } */
} dl_case;

#define R WVLV_TERM_RESPONSE        /* 6 weeks = 42 days */
#define C WVLV_TERM_COURT_FILING    /* 4 weeks = 28 days */
#define Y WVLV_TERM_FREE_PERIOD     /* 3 years, no Atw */

/* Easter: 2024-03-31, 2025-04-20, 2026-04-05, 2027-03-28, 2028-04-16,
 * 2029-04-01, 2030-04-21, 2031-04-13, 2032-03-28.  Good Friday = Easter − 2,
 * Tweede Paasdag + 1, Hemelvaartsdag + 39 (a Thursday), Tweede Pinksterdag
 * + 50 (a Monday). */
static const dl_case cases[] = {
	/* Easter Monday and Good Friday */
	{ R, "2024-02-19", "2024-04-01", "2024-04-02",   /* Mon + 42 = Mon 1 Apr, Tweede Paasdag → Tue */
	  { { "2024-04-01", "Tweede Paasdag" } } },
	{ C, "2025-03-24", "2025-04-21", "2025-04-22",   /* Mon + 28 = Mon 21 Apr, Tweede Paasdag → Tue */
	  { { "2025-04-21", "Tweede Paasdag" } } },
	{ R, "2025-03-07", "2025-04-18", "2025-04-22",   /* Fri + 42 = Good Friday; Sat; Easter Sunday; Easter Monday → Tue */
	  { { "2025-04-18", "Goede Vrijdag" }, { "2025-04-19", "Saturday" },
	    { "2025-04-20", "Sunday" }, { "2025-04-21", "Tweede Paasdag" } } },
	{ C, "2026-03-06", "2026-04-03", "2026-04-07",   /* Fri + 28 = Good Friday 3 Apr … → Tue 7 Apr */
	  { { "2026-04-03", "Goede Vrijdag" }, { "2026-04-04", "Saturday" },
	    { "2026-04-05", "Sunday" }, { "2026-04-06", "Tweede Paasdag" } } },
	{ R, "2027-02-12", "2027-03-26", "2027-03-30",   /* Fri + 42 = Good Friday 26 Mar … → Tue 30 Mar */
	  { { "2027-03-26", "Goede Vrijdag" }, { "2027-03-27", "Saturday" },
	    { "2027-03-28", "Sunday" }, { "2027-03-29", "Tweede Paasdag" } } },
	{ R, "2028-03-06", "2028-04-17", "2028-04-18",   /* Mon + 42 = Mon 17 Apr, Tweede Paasdag → Tue */
	  { { "2028-04-17", "Tweede Paasdag" } } },
	{ C, "2029-03-02", "2029-03-30", "2029-04-03",   /* Fri + 28 = Good Friday 30 Mar … over month end → Tue 3 Apr */
	  { { "2029-03-30", "Goede Vrijdag" }, { "2029-03-31", "Saturday" },
	    { "2029-04-01", "Sunday" }, { "2029-04-02", "Tweede Paasdag" } } },
	{ C, "2030-03-25", "2030-04-22", "2030-04-23",   /* Mon + 28 = Mon 22 Apr, Tweede Paasdag → Tue */
	  { { "2030-04-22", "Tweede Paasdag" } } },
	{ R, "2031-02-28", "2031-04-11", "2031-04-15",   /* Fri + 42 = Good Friday 11 Apr … → Tue 15 Apr */
	  { { "2031-04-11", "Goede Vrijdag" }, { "2031-04-12", "Saturday" },
	    { "2031-04-13", "Sunday" }, { "2031-04-14", "Tweede Paasdag" } } },
	{ R, "2032-02-16", "2032-03-29", "2032-03-30",   /* Mon + 42 (via 29 Feb 2032) = Mon 29 Mar, Tweede Paasdag → Tue */
	  { { "2032-03-29", "Tweede Paasdag" } } },

	/* Koningsdag, both ways */
	{ R, "2026-03-16", "2026-04-27", "2026-04-28",   /* Mon + 42 = Mon 27 Apr, Koningsdag → Tue */
	  { { "2026-04-27", "Koningsdag" } } },
	{ C, "2025-03-29", "2025-04-26", "2025-04-28",   /* Sat + 28 = Sat 26 Apr: Koningsdag (27 Apr is a Sunday); Sun → Mon */
	  { { "2025-04-26", "Koningsdag" }, { "2025-04-27", "Sunday" } } },
	{ R, "2025-03-17", "2025-04-28", "2025-04-28",   /* Mon + 42 = Mon 28 Apr: a working day (Koningsdag was Sat 26) */
	  { { NULL, NULL } } },
	{ C, "2025-03-30", "2025-04-27", "2025-04-28",   /* Sun + 28 = Sun 27 Apr: only a Sunday in 2025 → Mon */
	  { { "2025-04-27", "Sunday" } } },
	{ R, "2031-03-15", "2031-04-26", "2031-04-28",   /* Sat + 42 = Sat 26 Apr: Koningsdag (27 Apr 2031 is a Sunday); Sun → Mon */
	  { { "2031-04-26", "Koningsdag" }, { "2031-04-27", "Sunday" } } },
	{ C, "2027-03-30", "2027-04-27", "2027-04-28",   /* Tue + 28 = Tue 27 Apr, Koningsdag → Wed */
	  { { "2027-04-27", "Koningsdag" } } },
	{ R, "2028-03-16", "2028-04-27", "2028-04-28",   /* Thu + 42 = Thu 27 Apr, Koningsdag → Fri */
	  { { "2028-04-27", "Koningsdag" } } },
	{ C, "2029-03-30", "2029-04-27", "2029-04-30",   /* from Good Friday; Fri + 28 = Fri 27 Apr, Koningsdag; Sat; Sun → Mon */
	  { { "2029-04-27", "Koningsdag" }, { "2029-04-28", "Saturday" },
	    { "2029-04-29", "Sunday" } } },
	{ R, "2030-03-16", "2030-04-27", "2030-04-29",   /* Sat + 42 = Sat 27 Apr: Koningsdag stays on a Saturday; Sun → Mon */
	  { { "2030-04-27", "Koningsdag" }, { "2030-04-28", "Sunday" } } },
	{ C, "2024-03-30", "2024-04-27", "2024-04-29",   /* Sat + 28 = Sat 27 Apr, Koningsdag; Sun → Mon */
	  { { "2024-04-27", "Koningsdag" }, { "2024-04-28", "Sunday" } } },

	/* 5 May, every year */
	{ R, "2026-03-24", "2026-05-05", "2026-05-06",   /* Tue + 42 = Tue 5 May, Bevrijdingsdag → Wed */
	  { { "2026-05-05", "Bevrijdingsdag" } } },
	{ C, "2027-04-07", "2027-05-05", "2027-05-07",   /* Wed + 28 = Wed 5 May; Thu 6 May is Ascension (28 Mar + 39) → Fri */
	  { { "2027-05-05", "Bevrijdingsdag" }, { "2027-05-06", "Hemelvaartsdag" } } },
	{ R, "2028-03-24", "2028-05-05", "2028-05-08",   /* Fri + 42 = Fri 5 May; Sat; Sun → Mon */
	  { { "2028-05-05", "Bevrijdingsdag" }, { "2028-05-06", "Saturday" },
	    { "2028-05-07", "Sunday" } } },
	{ C, "2029-04-07", "2029-05-05", "2029-05-07",   /* Sat + 28 = Sat 5 May (named as the holiday); Sun → Mon */
	  { { "2029-05-05", "Bevrijdingsdag" }, { "2029-05-06", "Sunday" } } },
	{ R, "2030-03-24", "2030-05-05", "2030-05-06",   /* Sun + 42 = Sun 5 May → Mon */
	  { { "2030-05-05", "Bevrijdingsdag" } } },
	{ C, "2025-04-07", "2025-05-05", "2025-05-06",   /* Mon + 28 = Mon 5 May → Tue */
	  { { "2025-05-05", "Bevrijdingsdag" } } },
	{ R, "2031-03-24", "2031-05-05", "2031-05-06",   /* Mon + 42 = Mon 5 May → Tue */
	  { { "2031-05-05", "Bevrijdingsdag" } } },
	{ C, "2032-04-07", "2032-05-05", "2032-05-07",   /* Wed + 28 = Wed 5 May; Thu 6 May Ascension (28 Mar + 39) → Fri */
	  { { "2032-05-05", "Bevrijdingsdag" }, { "2032-05-06", "Hemelvaartsdag" } } },

	/* Ascension Day: always a Thursday → Friday */
	{ R, "2024-03-28", "2024-05-09", "2024-05-10",   /* Thu + 42 = Thu 9 May (31 Mar + 39) → Fri */
	  { { "2024-05-09", "Hemelvaartsdag" } } },
	{ C, "2025-05-01", "2025-05-29", "2025-05-30",   /* Thu + 28 = Thu 29 May (20 Apr + 39) → Fri */
	  { { "2025-05-29", "Hemelvaartsdag" } } },
	{ R, "2026-04-02", "2026-05-14", "2026-05-15",   /* docs/law.md §3.7, no equated day: Thu 14 May (5 Apr + 39) → Fri */
	  { { "2026-05-14", "Hemelvaartsdag" } } },
	{ R, "2028-04-13", "2028-05-25", "2028-05-26",   /* Thu + 42 = Thu 25 May (16 Apr + 39) → Fri */
	  { { "2028-05-25", "Hemelvaartsdag" } } },
	{ C, "2030-05-02", "2030-05-30", "2030-05-31",   /* Thu + 28 = Thu 30 May (21 Apr + 39) → Fri */
	  { { "2030-05-30", "Hemelvaartsdag" } } },

	/* Whit Monday */
	{ R, "2024-04-08", "2024-05-20", "2024-05-21",   /* Mon + 42 = Mon 20 May (31 Mar + 50) → Tue */
	  { { "2024-05-20", "Tweede Pinksterdag" } } },
	{ C, "2026-04-27", "2026-05-25", "2026-05-26",   /* from Koningsdag; Mon + 28 = Mon 25 May (5 Apr + 50) → Tue */
	  { { "2026-05-25", "Tweede Pinksterdag" } } },
	{ R, "2029-04-09", "2029-05-21", "2029-05-22",   /* Mon + 42 = Mon 21 May (1 Apr + 50) → Tue */
	  { { "2029-05-21", "Tweede Pinksterdag" } } },
	{ C, "2031-05-05", "2031-06-02", "2031-06-03",   /* from Bevrijdingsdag; Mon + 28 = Mon 2 Jun (13 Apr + 50) → Tue */
	  { { "2031-06-02", "Tweede Pinksterdag" } } },

	/* Christmas */
	{ R, "2027-11-13", "2027-12-25", "2027-12-27",   /* Sat + 42 = Sat 25 Dec; Sun 26 Dec Tweede Kerstdag → Mon 27 */
	  { { "2027-12-25", "Eerste Kerstdag" }, { "2027-12-26", "Tweede Kerstdag" } } },
	{ C, "2027-11-28", "2027-12-26", "2027-12-27",   /* Sun + 28 = Sun 26 Dec, Tweede Kerstdag → Mon 27 */
	  { { "2027-12-26", "Tweede Kerstdag" } } },
	{ R, "2026-11-13", "2026-12-25", "2026-12-28",   /* Fri + 42 = Fri 25 Dec; Sat 26 Tweede Kerstdag; Sun 27 → Mon 28 */
	  { { "2026-12-25", "Eerste Kerstdag" }, { "2026-12-26", "Tweede Kerstdag" },
	    { "2026-12-27", "Sunday" } } },
	{ C, "2032-11-27", "2032-12-25", "2032-12-27",   /* Sat + 28 = Sat 25 Dec; Sun 26 → Mon 27 */
	  { { "2032-12-25", "Eerste Kerstdag" }, { "2032-12-26", "Tweede Kerstdag" } } },
	{ R, "2028-11-13", "2028-12-25", "2028-12-27",   /* Mon + 42 = Mon 25 Dec; Tue 26 → Wed 27 */
	  { { "2028-12-25", "Eerste Kerstdag" }, { "2028-12-26", "Tweede Kerstdag" } } },
	{ C, "2024-11-28", "2024-12-26", "2024-12-27",   /* Thu + 28 = Thu 26 Dec, Tweede Kerstdag → Fri 27 */
	  { { "2024-12-26", "Tweede Kerstdag" } } },
	{ R, "2032-11-19", "2032-12-31", "2032-12-31",   /* Fri + 42 = Fri 31 Dec: not a holiday, not moved */
	  { { NULL, NULL } } },

	/* New Year */
	{ R, "2027-11-20", "2028-01-01", "2028-01-03",   /* Sat + 42 = Sat 1 Jan 2028, Nieuwjaarsdag; Sun → Mon 3 Jan */
	  { { "2028-01-01", "Nieuwjaarsdag" }, { "2028-01-02", "Sunday" } } },
	{ C, "2026-12-04", "2027-01-01", "2027-01-04",   /* Fri + 28 = Fri 1 Jan 2027; Sat; Sun → Mon 4 Jan */
	  { { "2027-01-01", "Nieuwjaarsdag" }, { "2027-01-02", "Saturday" },
	    { "2027-01-03", "Sunday" } } },
	{ R, "2029-11-20", "2030-01-01", "2030-01-02",   /* Tue + 42 = Tue 1 Jan 2030 → Wed 2 Jan */
	  { { "2030-01-01", "Nieuwjaarsdag" } } },

	/* Leap days */
	{ R, "2028-01-18", "2028-02-29", "2028-02-29",   /* Tue + 42 = Tue 29 Feb 2028: a working day */
	  { { NULL, NULL } } },
	{ C, "2032-02-01", "2032-02-29", "2032-03-01",   /* Sun + 28 = Sun 29 Feb 2032 → Mon 1 Mar */
	  { { "2032-02-29", "Sunday" } } },
	{ R, "2024-01-18", "2024-02-29", "2024-02-29",   /* Thu + 42 = Thu 29 Feb 2024 */
	  { { NULL, NULL } } },
	{ R, "2028-02-29", "2028-04-11", "2028-04-11",   /* from 29 Feb: Tue + 42 = Tue 11 Apr (Easter is 16 Apr) */
	  { { NULL, NULL } } },

	/* Plain weekdays, Saturdays and Sundays */
	{ R, "2026-04-29", "2026-06-10", "2026-06-10",   /* Wed + 42 = Wed 10 Jun */
	  { { NULL, NULL } } },
	{ C, "2029-08-17", "2029-09-14", "2029-09-14",   /* Fri + 28 = Fri 14 Sep */
	  { { NULL, NULL } } },
	{ R, "2026-05-02", "2026-06-13", "2026-06-15",   /* Sat + 42 = Sat 13 Jun; Sun → Mon 15 */
	  { { "2026-06-13", "Saturday" }, { "2026-06-14", "Sunday" } } },
	{ C, "2030-07-21", "2030-08-18", "2030-08-19",   /* Sun + 28 = Sun 18 Aug → Mon 19 */
	  { { "2030-08-18", "Sunday" } } },

	/* The free period: 3 years, never extended (Atw art. 4) */
	{ Y, "2026-05-11", "2029-05-11", "2029-05-11",   /* docs/law.md §2.5: refusal 2026-05-11 → 2029-05-11 */
	  { { NULL, NULL } } },
	{ Y, "2028-02-29", "2031-02-28", "2031-02-28",   /* docs/law.md §2.5: 29 Feb → 28 Feb in a common year */
	  { { NULL, NULL } } },
	{ Y, "2027-05-05", "2030-05-05", "2030-05-05",   /* ends Sun 5 May 2030 (Bevrijdingsdag too): not moved */
	  { { NULL, NULL } } },
	{ Y, "2026-12-25", "2029-12-25", "2029-12-25",   /* ends Tue 25 Dec 2029, Eerste Kerstdag: not moved */
	  { { NULL, NULL } } },
	{ Y, "2027-01-04", "2030-01-04", "2030-01-04",   /* lapse the day after Mon 4 Jan 2027 → Fri 4 Jan 2030 */
	  { { NULL, NULL } } },
};

#undef R
#undef C
#undef Y

#define N_CASES ((int)(sizeof(cases) / sizeof(cases[0])))

static void check_explanation(const wvlv_deadline *dl, const char *raw, const char *deadline,
			      const moved_case *moved, int max_moved)
{
	ck_assert_date(dl->raw_end, raw);
	ck_assert_date(dl->deadline, deadline);
	int n = 0;
	while (n < max_moved && moved[n].date)
		n++;
	ck_assert_int_eq(dl->n_moved, n);
	for (int i = 0; i < n; i++) {
		ck_assert_date(dl->moved[i].date, moved[i].date);
		ck_assert_str_eq(dl->moved[i].reason, moved[i].reason);
	}
}

START_TEST(test_case_table)
{
	const dl_case *c = &cases[_i];
	const wvlv_term *term = wvlv_term_get(c->term);
	wvlv_deadline dl = compute(term, D(c->from), NULL, 0);
	ck_assert_ptr_eq(dl.term, term);
	ck_assert_int_eq(dl.from, D(c->from));
	check_explanation(&dl, c->raw, c->deadline, c->moved, 6);
	/* The raw end is the same weekday (weeks) or the same day (years). */
	if (term->unit == WVLV_UNIT_WEEKS) {
		ck_assert_int_eq(dl.raw_end - dl.from, 7 * term->length);
		ref_set_equated(NULL, 0);
		ck_assert_date(ref_deadline(dl.from, dl.raw_end), c->deadline);
	}
}
END_TEST

START_TEST(test_case_table_size)
{
	ck_assert_int_ge(N_CASES, 40);
	int y24_32 = 0;
	for (int i = 0; i < N_CASES; i++) {
		int y, m, d;
		wvlv_date_to_ymd(D(cases[i].raw), &y, &m, &d);
		y24_32 += y >= 2024 && y <= 2032 && cases[i].term != WVLV_TERM_FREE_PERIOD;
	}
	ck_assert_int_ge(y24_32, 40);
}
END_TEST

/* --- explanations with equated days ----------------------------------------------------- */

START_TEST(test_worked_example)
{
	/* docs/law.md §3.7: received Thu 2 April 2026 → Thu 14 May (Ascension) → Fri 15 May. */
	wvlv_deadline dl = compute(RESPONSE, D("2026-04-02"), NULL, 0);
	const moved_case plain[] = { { "2026-05-14", "Hemelvaartsdag" }, { NULL, NULL } };
	check_explanation(&dl, "2026-05-14", "2026-05-15", plain, 2);

	/* … or Mon 18 May when 15 May 2026 has been equated. */
	const wvlv_equated_day eq[] = { { D("2026-05-15"), "KB 2025" } };
	dl = compute(RESPONSE, D("2026-04-02"), eq, 1);
	const moved_case equated[] = {
		{ "2026-05-14", "Hemelvaartsdag" },
		{ "2026-05-15", "gelijkgestelde dag (KB 2025)" },
		{ "2026-05-16", "Saturday" },
		{ "2026-05-17", "Sunday" },
		{ NULL, NULL },
	};
	check_explanation(&dl, "2026-05-14", "2026-05-18", equated, 5);

	/* An equated day the deadline never reaches changes nothing. */
	const wvlv_equated_day other[] = { { D("2026-05-13"), "KB 2025" } };
	dl = compute(RESPONSE, D("2026-04-02"), other, 1);
	check_explanation(&dl, "2026-05-14", "2026-05-15", plain, 2);
}
END_TEST

/* Equated days of 2017–2019 (docs/law.md §3.5); the cases are 24 and 31 Dec 2018,
 * Mondays before a holiday. */
START_TEST(test_equated_2018)
{
	const wvlv_equated_day eq[] = {
		{ D("2017-04-28"), "Stcrt. 2016" }, { D("2017-05-26"), "Stcrt. 2016" },
		{ D("2018-05-11"), "Stcrt. 2016" }, { D("2018-12-24"), "Stcrt. 2016" },
		{ D("2018-12-31"), "Stcrt. 2016" }, { D("2019-05-31"), "Stcrt. 2016" },
		{ D("2019-12-27"), "Stcrt. 2016" },
	};
	/* Mon 12 Nov 2018 + 42 = Mon 24 Dec (equated); 25, 26 Dec → Thu 27 Dec. */
	wvlv_deadline dl = compute(RESPONSE, D("2018-11-12"), eq, 7);
	const moved_case xmas[] = {
		{ "2018-12-24", "gelijkgestelde dag (Stcrt. 2016)" },
		{ "2018-12-25", "Eerste Kerstdag" },
		{ "2018-12-26", "Tweede Kerstdag" },
		{ NULL, NULL },
	};
	check_explanation(&dl, "2018-12-24", "2018-12-27", xmas, 4);
	/* Mon 3 Dec 2018 + 28 = Mon 31 Dec (equated); Tue 1 Jan 2019 → Wed 2 Jan. */
	dl = compute(COURT, D("2018-12-03"), eq, 7);
	const moved_case newyear[] = {
		{ "2018-12-31", "gelijkgestelde dag (Stcrt. 2016)" },
		{ "2019-01-01", "Nieuwjaarsdag" },
		{ NULL, NULL },
	};
	check_explanation(&dl, "2018-12-31", "2019-01-02", newyear, 3);
	/* Thu 27 Apr 2017 was Koningsdag, Fri 28 Apr equated: Thu 16 Mar + 42 → Mon 1 May. */
	dl = compute(RESPONSE, D("2017-03-16"), eq, 7);
	const moved_case king[] = {
		{ "2017-04-27", "Koningsdag" },
		{ "2017-04-28", "gelijkgestelde dag (Stcrt. 2016)" },
		{ "2017-04-29", "Saturday" },
		{ "2017-04-30", "Sunday" },
		{ NULL, NULL },
	};
	check_explanation(&dl, "2017-04-27", "2017-05-01", king, 5);
	/* Without the list, the same term ends on Fri 28 Apr 2017. */
	dl = compute(RESPONSE, D("2017-03-16"), NULL, 0);
	check_explanation(&dl, "2017-04-27", "2017-04-28", king, 1);
}
END_TEST

/* A coincidence: Thu 5 May 2016 was both Bevrijdingsdag and Ascension Day. */
START_TEST(test_coincidence_explained)
{
	/* The longest move of 2000–2100: Easter on 25 April 2038 puts Easter
	 * Monday (26) next to Koningsdag (Tue 27).  Fri 12 Mar + 42 = Good Friday. */
	wvlv_deadline dl2038 = compute(RESPONSE, D("2038-03-12"), NULL, 0);
	const moved_case long2038[] = {
		{ "2038-04-23", "Goede Vrijdag" }, { "2038-04-24", "Saturday" },
		{ "2038-04-25", "Sunday" }, { "2038-04-26", "Tweede Paasdag" },
		{ "2038-04-27", "Koningsdag" }, { NULL, NULL },
	};
	check_explanation(&dl2038, "2038-04-23", "2038-04-28", long2038, 6);

	wvlv_deadline dl = compute(COURT, D("2016-04-07"), NULL, 0);
	const moved_case both[] = { { "2016-05-05", "Bevrijdingsdag en Hemelvaartsdag" }, { NULL, NULL } };
	check_explanation(&dl, "2016-05-05", "2016-05-06", both, 2);
	dl = compute(RESPONSE, D("2005-03-24"), NULL, 0);
	const moved_case both05[] = { { "2005-05-05", "Bevrijdingsdag en Hemelvaartsdag" }, { NULL, NULL } };
	check_explanation(&dl, "2005-05-05", "2005-05-06", both05, 2);
	/* An equated day on a holiday names both. */
	const wvlv_equated_day eq[] = { { D("2016-05-05"), "KB x" } };
	dl = compute(COURT, D("2016-04-07"), eq, 1);
	const moved_case three[] = {
		{ "2016-05-05", "Bevrijdingsdag en Hemelvaartsdag en gelijkgestelde dag (KB x)" },
		{ NULL, NULL },
	};
	check_explanation(&dl, "2016-05-05", "2016-05-06", three, 2);
	/* An equated day without a reference. */
	const wvlv_equated_day noref[] = { { D("2016-05-06"), NULL } };
	dl = compute(COURT, D("2016-04-07"), noref, 1);
	const moved_case nr[] = {
		{ "2016-05-05", "Bevrijdingsdag en Hemelvaartsdag" },
		{ "2016-05-06", "gelijkgestelde dag" },
		{ "2016-05-07", "Saturday" },
		{ "2016-05-08", "Sunday" },
		{ NULL, NULL },
	};
	check_explanation(&dl, "2016-05-05", "2016-05-09", nr, 5);
}
END_TEST

/* --- Atw art. 2 and custom terms ----------------------------------------------------------- */

static wvlv_term custom(int length, wvlv_term_unit unit, bool atw)
{
	wvlv_term t = { .id = WVLV_TERM_COUNT, .name = "custom", .length = length,
			.unit = unit, .atw = atw, .source = "test" };
	return t;
}

START_TEST(test_art2_minimum_working_days)
{
	wvlv_term three = custom(3, WVLV_UNIT_DAYS, true);

	/* From Thu 2 Apr 2026: Fri 3 Good Friday, Sat 4, Sun 5 = raw end (Easter).
	 * Art. 1: past Sun 5 and Mon 6 (Tweede Paasdag) to Tue 7 — but 3–7 April
	 * hold one working day (Tue 7).  Art. 2: on to Wed 8. */
	wvlv_deadline dl = compute(&three, D("2026-04-02"), NULL, 0);
	const moved_case easter[] = {
		{ "2026-04-05", "Sunday" },
		{ "2026-04-06", "Tweede Paasdag" },
		{ "2026-04-07", ART2 },
		{ NULL, NULL },
	};
	check_explanation(&dl, "2026-04-05", "2026-04-08", easter, 4);

	/* From Sat 4 Apr 2026: raw end Tue 7 is a working day (art. 1 does
	 * nothing), but Sun 5, Mon 6, Tue 7 hold one working day → Wed 8. */
	dl = compute(&three, D("2026-04-04"), NULL, 0);
	const moved_case art2only[] = { { "2026-04-07", ART2 }, { NULL, NULL } };
	check_explanation(&dl, "2026-04-07", "2026-04-08", art2only, 2);

	/* From Thu 24 Dec 2026: Fri 25, Sat 26 (Christmas), Sun 27 = raw end
	 * → Mon 28 (one working day) → Tue 29. */
	dl = compute(&three, D("2026-12-24"), NULL, 0);
	const moved_case xmas[] = { { "2026-12-27", "Sunday" }, { "2026-12-28", ART2 }, { NULL, NULL } };
	check_explanation(&dl, "2026-12-27", "2026-12-29", xmas, 3);

	/* From Wed 23 Dec 2026: Thu 24 is a working day; Fri 25, Sat 26, raw end
	 * Sat 26 → Sun 27 → Mon 28: two working days (24, 28). */
	dl = compute(&three, D("2026-12-23"), NULL, 0);
	const moved_case xmas2[] = {
		{ "2026-12-26", "Tweede Kerstdag" }, { "2026-12-27", "Sunday" }, { NULL, NULL },
	};
	check_explanation(&dl, "2026-12-26", "2026-12-28", xmas2, 3);

	/* With 15 May 2026 equated, from Wed 13 May: Thu 14 Ascension, Fri 15
	 * equated, raw end Sat 16 → Sun 17 → Mon 18 (one working day) → Tue 19. */
	const wvlv_equated_day eq[] = { { D("2026-05-15"), "KB 2025" } };
	dl = compute(&three, D("2026-05-13"), eq, 1);
	const moved_case asc[] = {
		{ "2026-05-16", "Saturday" }, { "2026-05-17", "Sunday" }, { "2026-05-18", ART2 },
		{ NULL, NULL },
	};
	check_explanation(&dl, "2026-05-16", "2026-05-19", asc, 4);

	/* A 2-day term is not subject to art. 2: from Thu 2 Apr 2026, raw end
	 * Sat 4 → Sun 5 → Mon 6 → Tue 7, with one working day in it. */
	wvlv_term two = custom(2, WVLV_UNIT_DAYS, true);
	dl = compute(&two, D("2026-04-02"), NULL, 0);
	const moved_case short_term[] = {
		{ "2026-04-04", "Saturday" }, { "2026-04-05", "Sunday" },
		{ "2026-04-06", "Tweede Paasdag" }, { NULL, NULL },
	};
	check_explanation(&dl, "2026-04-04", "2026-04-07", short_term, 4);

	/* Without the Atw, nothing moves. */
	wvlv_term no_atw = custom(3, WVLV_UNIT_DAYS, false);
	dl = compute(&no_atw, D("2026-04-02"), NULL, 0);
	check_explanation(&dl, "2026-04-05", "2026-04-05", easter, 0);
}
END_TEST

START_TEST(test_custom_units_and_art4)
{
	wvlv_deadline dl;
	/* 12 weeks from Sat 10 Jan 2026 = Sat 4 Apr; Easter Sun 5, Mon 6 → Tue 7. */
	wvlv_term w12 = custom(12, WVLV_UNIT_WEEKS, true);
	dl = compute(&w12, D("2026-01-10"), NULL, 0);
	const moved_case easter[] = {
		{ "2026-04-04", "Saturday" }, { "2026-04-05", "Sunday" },
		{ "2026-04-06", "Tweede Paasdag" }, { NULL, NULL },
	};
	check_explanation(&dl, "2026-04-04", "2026-04-07", easter, 4);
	/* 84 days: the same. */
	wvlv_term d84 = custom(84, WVLV_UNIT_DAYS, true);
	dl = compute(&d84, D("2026-01-10"), NULL, 0);
	check_explanation(&dl, "2026-04-04", "2026-04-07", easter, 4);
	/* 13 weeks from Sat 3 Jan 2026 = Sat 4 Apr: art. 4, not moved even if
	 * the row says atw. */
	wvlv_term w13 = custom(13, WVLV_UNIT_WEEKS, true);
	dl = compute(&w13, D("2026-01-03"), NULL, 0);
	check_explanation(&dl, "2026-04-04", "2026-04-04", easter, 0);
	/* 85 days from Sat 10 Jan 2026 = Sun 5 Apr: not moved. */
	wvlv_term d85 = custom(85, WVLV_UNIT_DAYS, true);
	dl = compute(&d85, D("2026-01-10"), NULL, 0);
	check_explanation(&dl, "2026-04-05", "2026-04-05", easter, 0);
	/* Years with atw set: art. 4 all the same.  Sun 5 May 2030. */
	wvlv_term y3 = custom(3, WVLV_UNIT_YEARS, true);
	dl = compute(&y3, D("2027-05-05"), NULL, 0);
	check_explanation(&dl, "2030-05-05", "2030-05-05", easter, 0);
	/* Months: x's day number N months on, the month's last day when shorter.
	 * 1 month from Sat 31 Jan 2026 = Sat 28 Feb → Sun 1 Mar → Mon 2 Mar. */
	wvlv_term m1 = custom(1, WVLV_UNIT_MONTHS, true);
	dl = compute(&m1, D("2026-01-31"), NULL, 0);
	const moved_case feb[] = { { "2026-02-28", "Saturday" }, { "2026-03-01", "Sunday" }, { NULL, NULL } };
	check_explanation(&dl, "2026-02-28", "2026-03-02", feb, 3);
	/* 3 months from 30 Nov 2027 = 29 Feb 2028 (Tue). */
	wvlv_term m3 = custom(3, WVLV_UNIT_MONTHS, true);
	dl = compute(&m3, D("2027-11-30"), NULL, 0);
	check_explanation(&dl, "2028-02-29", "2028-02-29", feb, 0);
	/* 4 months from 31 Jan 2026 = Sun 31 May: art. 4, not moved. */
	wvlv_term m4 = custom(4, WVLV_UNIT_MONTHS, true);
	dl = compute(&m4, D("2026-01-31"), NULL, 0);
	check_explanation(&dl, "2026-05-31", "2026-05-31", feb, 0);
}
END_TEST

/* --- refusals ----------------------------------------------------------------------------- */

static void assert_refused(const wvlv_term *term, wvlv_date from, const char *code)
{
	wvlv_deadline dl;
	memset(&dl, 0x5a, sizeof(dl));
	wvlv_error err;
	wvlv_error_clear(&err);
	ck_assert_int_eq(wvlv_deadline_compute(term, from, NULL, 0, &dl, &err), WVLV_EINVAL);
	ck_assert_int_eq(err.status, WVLV_EINVAL);
	ck_assert_str_eq(err.code, code);
	ck_assert_int_eq(dl.n_moved, 0x5a5a5a5a);   /* out untouched */
	if (strcmp(code, "date-out-of-range") == 0) {
		ck_assert_int_eq(err.nparams, 1);
		ck_assert_str_eq(err.params[0].name, "from");
		ck_assert_str_eq(err.params[0].code, "date-out-of-range");
	}
}

START_TEST(test_refusals)
{
	assert_refused(RESPONSE, D("1899-12-31"), "date-out-of-range");
	assert_refused(RESPONSE, D("2200-01-01"), "date-out-of-range");
	assert_refused(FREE, D("0001-01-01"), "date-out-of-range");
	assert_refused(COURT, D("9999-12-31"), "date-out-of-range");
	assert_refused(COURT, WVLV_DATE_NONE, "date-out-of-range");
	assert_refused(COURT, INT32_MAX, "date-out-of-range");
	assert_refused(NULL, D("2026-01-01"), "invalid-term");
	wvlv_term zero = custom(0, WVLV_UNIT_WEEKS, true);
	assert_refused(&zero, D("2026-01-01"), "invalid-term");
	wvlv_term neg = custom(-1, WVLV_UNIT_DAYS, true);
	assert_refused(&neg, D("2026-01-01"), "invalid-term");
	wvlv_term huge = custom(1000000, WVLV_UNIT_YEARS, false);
	assert_refused(&huge, D("2026-01-01"), "invalid-term");
	/* The edges are accepted; the raw end may lie after 2199. */
	wvlv_deadline dl = compute(RESPONSE, D("1900-01-01"), NULL, 0);
	ck_assert_date(dl.deadline, "1900-02-12");   /* Mon + 42 = Mon 12 Feb 1900 */
	dl = compute(FREE, D("2199-12-31"), NULL, 0);
	ck_assert_date(dl.deadline, "2202-12-31");
	dl = compute(RESPONSE, D("2199-12-31"), NULL, 0);
	ck_assert_date(dl.raw_end, "2200-02-11");
	ck_assert_date(dl.deadline, "2200-02-11");   /* a Tuesday */
	/* A NULL error pointer is allowed. */
	ck_assert_int_eq(wvlv_deadline_compute(RESPONSE, D("1800-01-01"), NULL, 0, &dl, NULL),
			 WVLV_EINVAL);
}
END_TEST

/* More than WVLV_MAX_MOVED days to move past cannot happen with a real
 * calendar; with nonsense data (three weeks of equated days) it is an error,
 * not an overflow. */
START_TEST(test_too_many_moved)
{
	wvlv_equated_day eq[21];
	for (int i = 0; i < 21; i++)
		eq[i] = (wvlv_equated_day){ D("2026-05-14") + i, "nonsense" };
	wvlv_deadline dl;
	memset(&dl, 0, sizeof(dl));
	wvlv_error err;
	wvlv_error_clear(&err);
	ck_assert_int_eq(wvlv_deadline_compute(RESPONSE, D("2026-04-02"), eq, 21, &dl, &err),
			 WVLV_ECONFLICT);
	ck_assert_str_eq(err.code, "deadline-moved-too-far");
	ck_assert_int_eq(dl.n_moved, 0);
	/* Exactly WVLV_MAX_MOVED is still fine: Mon 27 Apr 2026 + 28 = Mon 25 May
	 * (Tweede Pinksterdag); with Tue 26 May … Tue 9 Jun equated (15 days) the
	 * deadline moves past 16 days to Wed 10 Jun.  With 10 Jun equated too,
	 * it would be 17. */
	wvlv_equated_day eq2[WVLV_MAX_MOVED];
	for (int i = 0; i < WVLV_MAX_MOVED; i++)
		eq2[i] = (wvlv_equated_day){ D("2026-05-26") + i, "many" };
	dl = compute(COURT, D("2026-04-27"), eq2, WVLV_MAX_MOVED - 1);
	ck_assert_int_eq(dl.n_moved, WVLV_MAX_MOVED);
	ck_assert_date(dl.deadline, "2026-06-10");
	ck_assert_date(dl.moved[0].date, "2026-05-25");
	ck_assert_str_eq(dl.moved[0].reason, "Tweede Pinksterdag");
	ck_assert_date(dl.moved[WVLV_MAX_MOVED - 1].date, "2026-06-09");
	ck_assert_str_eq(dl.moved[WVLV_MAX_MOVED - 1].reason, "gelijkgestelde dag (many)");
	wvlv_deadline untouched;
	memset(&untouched, 0, sizeof(untouched));
	ck_assert_int_eq(wvlv_deadline_compute(COURT, D("2026-04-27"), eq2, WVLV_MAX_MOVED,
					       &untouched, &err), WVLV_ECONFLICT);
	ck_assert_int_eq(untouched.n_moved, 0);
}
END_TEST

/* Only a weekday that is no holiday yet may be equated: every day of the
 * published decrees passes; a weekend day or a listed holiday is refused,
 * saying which. */
START_TEST(test_equated_day_check)
{
	static const char *decree_days[] = {
		"2017-04-28", "2017-05-26", "2018-05-11", "2018-12-24", "2018-12-31", "2019-05-31",
		"2019-12-27", "2023-04-28", "2023-05-19", "2024-05-10", "2024-12-27", "2025-05-30",
		"2026-01-02", "2026-05-15", "2027-05-07", "2028-04-28", "2028-05-26",
	};
	wvlv_error err;
	for (size_t i = 0; i < sizeof(decree_days) / sizeof(decree_days[0]); i++) {
		wvlv_error_clear(&err);
		ck_assert_msg(wvlv_equated_day_check(D(decree_days[i]), &err) == WVLV_OK, "%s: %s",
			      decree_days[i], err.detail);
	}
	static const struct { const char *day, *code, *says; } refused[] = {
		{ "2026-05-16", "not-a-weekday", "Saturday" },
		{ "2026-05-17", "not-a-weekday", "Sunday" },
		{ "2026-05-14", "already-a-holiday", "Hemelvaartsdag" },
		{ "2026-04-03", "already-a-holiday", "Goede Vrijdag" },
		{ "2026-04-27", "already-a-holiday", "Koningsdag" },
		{ "2025-05-05", "already-a-holiday", "Bevrijdingsdag" },
		{ "2026-12-25", "already-a-holiday", "Eerste Kerstdag" },
	};
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		wvlv_error_clear(&err);
		ck_assert_int_eq(wvlv_equated_day_check(D(refused[i].day), &err), WVLV_EINVAL);
		ck_assert_str_eq(err.code, refused[i].code);
		ck_assert_msg(strstr(err.detail, refused[i].says), "%s", err.detail);
		ck_assert_int_eq(err.nparams, 1);
		ck_assert_str_eq(err.params[0].name, "date");
	}
}
END_TEST

/* --- properties over every day of 2000–2100 ------------------------------------------------- */

/* expect_max: the longest move seen over the whole range. */
static void check_property(const wvlv_term *term, const wvlv_equated_day *eq, size_t n_eq,
			   int expect_max)
{
	ref_set_equated(eq, n_eq);
	wvlv_date first = wvlv_date_from_ymd(2000, 1, 1), last = wvlv_date_from_ymd(2100, 12, 31);
	int max_shift = 0, max_moved = 0;
	for (wvlv_date from = first; from <= last; from++) {
		wvlv_deadline dl = compute(term, from, eq, n_eq);
		wvlv_date d = dl.deadline;
		require(dl.term == term && dl.from == from);
		require(dl.raw_end == from + 7 * term->length);
		require(wvlv_date_weekday(dl.raw_end) == wvlv_date_weekday(from));
		/* Never a Saturday, Sunday, holiday or equated day. */
		require(wvlv_date_weekday(d) <= 5);
		require_msg(wvlv_holiday_name(d, eq, n_eq) == NULL, "%s: deadline %s is %s",
			    F(from), F(d), wvlv_holiday_name(d, eq, n_eq));
		require(wvlv_is_working_day(d, eq, n_eq));
		require(ref_working(d));
		/* Never before the raw end, at most 6 days after it. */
		require(d >= dl.raw_end && d - dl.raw_end <= 6);
		/* The moved entries are exactly the days raw_end … deadline − 1. */
		require(dl.n_moved == d - dl.raw_end);
		for (int i = 0; i < dl.n_moved; i++) {
			require(dl.moved[i].date == dl.raw_end + i);
			require_msg(strcmp(dl.moved[i].reason, ref_reason(dl.moved[i].date)) == 0,
				    "%s: moved past %s for \"%s\", expected \"%s\"", F(from),
				    F(dl.moved[i].date), dl.moved[i].reason, ref_reason(dl.moved[i].date));
		}
		/* At least 2 working days from + 1 … deadline, and the deadline the
		 * definition gives. */
		require(ref_working_days(from, d, 2) >= 2);
		require_msg(d == ref_deadline(from, dl.raw_end), "%s: %s vs %s", F(from), F(d),
			    F(ref_deadline(from, dl.raw_end)));
		if (d - dl.raw_end > max_shift)
			max_shift = d - dl.raw_end;
		if (dl.n_moved > max_moved)
			max_moved = dl.n_moved;
	}
	ck_assert_int_eq(max_shift, expect_max);
	ck_assert_int_eq(max_moved, expect_max);
}

static wvlv_equated_day prop_eq[2 * 104];
static size_t n_prop_eq;

/* Every 24 and 31 December of 1999–2101 equated. */
static void setup_prop_eq(void)
{
	n_prop_eq = 0;
	for (int y = 1999; y <= 2101; y++) {
		prop_eq[n_prop_eq++] = (wvlv_equated_day){ wvlv_date_from_ymd(y, 12, 24), "KB test" };
		prop_eq[n_prop_eq++] = (wvlv_equated_day){ wvlv_date_from_ymd(y, 12, 31), "KB test" };
	}
}

START_TEST(test_property_response)
{
	/* Good Friday 23 April 2038 → Wed 28 April (Easter Monday 26, Koningsdag
	 * 27) is the longest move without equated days. */
	check_property(RESPONSE, NULL, 0, 5);
}
END_TEST

START_TEST(test_property_court_filing)
{
	check_property(COURT, NULL, 0, 5);
}
END_TEST

START_TEST(test_property_response_equated)
{
	setup_prop_eq();
	/* Wed 24 Dec equated → Mon 29 Dec is as long as 2038. */
	check_property(RESPONSE, prop_eq, n_prop_eq, 5);
}
END_TEST

START_TEST(test_property_court_filing_equated)
{
	setup_prop_eq();
	check_property(COURT, prop_eq, n_prop_eq, 5);
}
END_TEST

/* The free period over every day of 2000–2100: exactly 3 years, never moved. */
START_TEST(test_property_free_period)
{
	wvlv_date first = wvlv_date_from_ymd(2000, 1, 1), last = wvlv_date_from_ymd(2100, 12, 31);
	for (wvlv_date from = first; from <= last; from++) {
		wvlv_deadline dl = compute(FREE, from, NULL, 0);
		require(dl.raw_end == wvlv_date_years_after(from, 3));
		require(dl.deadline == dl.raw_end && dl.n_moved == 0);
	}
}
END_TEST

/* --- runner ------------------------------------------------------------------------ */

static TCase *add(Suite *s, const char *name, const TTest *test)
{
	return unit_add_fixed(s, name, test, setup_terms, NULL);
}

static Suite *deadline_suite(void)
{
	Suite *s = suite_create("deadline");
	add(s, "term_table", test_term_table);
	add(s, "atw_applies", test_atw_applies);
	add(s, "easter_known_dates", test_easter_known_dates);
	tcase_set_timeout(add(s, "easter_two_methods", test_easter_two_methods), 60);
	add(s, "holidays_2026", test_holidays_2026);
	add(s, "holidays_king_and_queen", test_holidays_king_and_queen);
	tcase_set_timeout(add(s, "holidays_every_day", test_holidays_every_day), 120);
	add(s, "holiday_coincidences", test_holiday_coincidences);
	add(s, "equated_days_named", test_equated_days_named);

	TCase *table = tcase_create("case_table");
	tcase_add_checked_fixture(table, setup_terms, NULL);
	tcase_add_loop_test(table, test_case_table, 0, N_CASES);
	tcase_add_test(table, test_case_table_size);
	suite_add_tcase(s, table);

	add(s, "worked_example", test_worked_example);
	add(s, "equated_2018", test_equated_2018);
	add(s, "coincidence_explained", test_coincidence_explained);
	add(s, "art2_minimum_working_days", test_art2_minimum_working_days);
	add(s, "custom_units_and_art4", test_custom_units_and_art4);
	add(s, "refusals", test_refusals);
	add(s, "too_many_moved", test_too_many_moved);
	add(s, "equated_day_check", test_equated_day_check);
	tcase_set_timeout(add(s, "property_response", test_property_response), 300);
	tcase_set_timeout(add(s, "property_court_filing", test_property_court_filing), 300);
	tcase_set_timeout(add(s, "property_response_equated", test_property_response_equated), 300);
	tcase_set_timeout(add(s, "property_court_filing_equated",
			      test_property_court_filing_equated), 300);
	tcase_set_timeout(add(s, "property_free_period", test_property_free_period), 300);
	return s;
}

int main(void)
{
	return unit_run(deadline_suite());
}
