/* test_alerts.c — unit tests of lib/domain/alerts.c: kinds, thresholds at every
 * edge, which deadline is an alert on a night, a month of nights against a
 * simulated ledger (each threshold once, on the right night, caught up after
 * a missed night), what the 20-year cap leaves of a designation, the text
 * and JSON of every kind, and the retention period of personal data. */
#include "wvlv/alerts.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "tdate.h"
#include "wvlv/designation.h"
#include "unit.h"

#define D t_date
#define F t_fmt

#define OFFER "3bd3c0de-0000-4000-8000-000000000001"
#define DESIG "5e5e0000-0000-4000-8000-0000000000d1"

/* --- kinds ------------------------------------------------------------------------ */

START_TEST(test_kind_names_round_trip)
{
	static const char *const names[] = { "response-approaching", "filing-approaching",
					      "response-missed", "filing-missed",
					      "designation-ending", "decree-missing",
					      "decision-recorded-late" };
	for (int i = 0; i < 7; i++) {
		wvlv_alert_kind k = 0;
		ck_assert(wvlv_alert_kind_parse(names[i], &k));
		ck_assert_int_eq(k, WVLV_ALERT_RESPONSE_APPROACHING + i);
		ck_assert_str_eq(wvlv_alert_kind_name(k), names[i]);
	}
	wvlv_alert_kind k = 0;
	ck_assert(!wvlv_alert_kind_parse("Response-Missed", &k));
	ck_assert(!wvlv_alert_kind_parse("", &k));
	ck_assert(!wvlv_alert_kind_parse(NULL, &k));
	ck_assert_ptr_null(wvlv_alert_kind_name(0));
	ck_assert_ptr_null(wvlv_alert_kind_name(8));
	ck_assert(wvlv_alert_kind_is_missed(WVLV_ALERT_RESPONSE_MISSED));
	ck_assert(wvlv_alert_kind_is_missed(WVLV_ALERT_FILING_MISSED));
	ck_assert(!wvlv_alert_kind_is_missed(WVLV_ALERT_RESPONSE_APPROACHING));
	ck_assert(!wvlv_alert_kind_is_missed(WVLV_ALERT_DESIGNATION_ENDING));
}
END_TEST

/* --- thresholds ---------------------------------------------------------------------- */

/* "10,5,2,1,0" */
static const char *thresholds_text(wvlv_alert_kind kind, int within)
{
	static char buf[64];
	int t[WVLV_ALERT_MAX_THRESHOLDS];
	size_t n = wvlv_alert_thresholds(kind, within, t);
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%d", i ? "," : "", t[i]);
	return buf;
}

START_TEST(test_threshold_sets)
{
	ck_assert_str_eq(thresholds_text(WVLV_ALERT_RESPONSE_APPROACHING, 10), "10,5,2,1,0");
	ck_assert_str_eq(thresholds_text(WVLV_ALERT_FILING_APPROACHING, 10), "10,5,2,1,0");
	ck_assert_str_eq(thresholds_text(WVLV_ALERT_RESPONSE_APPROACHING, 6), "6,5,2,1,0");
	ck_assert_str_eq(thresholds_text(WVLV_ALERT_RESPONSE_APPROACHING, 5), "5,2,1,0");
	ck_assert_str_eq(thresholds_text(WVLV_ALERT_RESPONSE_APPROACHING, 4), "4,2,1,0");
	ck_assert_str_eq(thresholds_text(WVLV_ALERT_RESPONSE_APPROACHING, 3), "3,2,1,0");
	ck_assert_str_eq(thresholds_text(WVLV_ALERT_RESPONSE_APPROACHING, 2), "2,1,0");
	ck_assert_str_eq(thresholds_text(WVLV_ALERT_RESPONSE_APPROACHING, 1), "1,0");
	ck_assert_str_eq(thresholds_text(WVLV_ALERT_RESPONSE_APPROACHING, 0), "0");
	ck_assert_str_eq(thresholds_text(WVLV_ALERT_RESPONSE_APPROACHING, 365), "365,5,2,1,0");
	ck_assert_str_eq(thresholds_text(WVLV_ALERT_RESPONSE_APPROACHING, 366), "");
	ck_assert_str_eq(thresholds_text(WVLV_ALERT_RESPONSE_APPROACHING, -1), "");
	ck_assert_str_eq(thresholds_text(WVLV_ALERT_RESPONSE_MISSED, 10), "0");
	ck_assert_str_eq(thresholds_text(WVLV_ALERT_FILING_MISSED, 0), "0");
	ck_assert_str_eq(thresholds_text(WVLV_ALERT_DESIGNATION_ENDING, 10), "180,90,30,7,0");
	ck_assert_str_eq(thresholds_text(WVLV_ALERT_DESIGNATION_ENDING, 0), "180,90,30,7,0");
	ck_assert_str_eq(thresholds_text(0, 10), "");
}
END_TEST

START_TEST(test_approaching_threshold_edges)
{
	static const int want[][2] = {
		/* days left, threshold (N = 10) */
		{ 11, -1 }, { 10, 10 }, { 9, 10 }, { 6, 10 }, { 5, 5 }, { 4, 5 }, { 3, 5 },
		{ 2, 2 },  { 1, 1 },   { 0, 0 },  { -1, -1 }, { -30, -1 },
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		ck_assert_msg(wvlv_alert_threshold(WVLV_ALERT_RESPONSE_APPROACHING, want[i][0], 10) ==
				      want[i][1],
			      "%d days left", want[i][0]);
		ck_assert_int_eq(wvlv_alert_threshold(WVLV_ALERT_FILING_APPROACHING, want[i][0], 10),
				 want[i][1]);
	}
	/* N = 0: only the last day; N = 3: 3, 2, 1, 0 */
	ck_assert_int_eq(wvlv_alert_threshold(WVLV_ALERT_RESPONSE_APPROACHING, 0, 0), 0);
	ck_assert_int_eq(wvlv_alert_threshold(WVLV_ALERT_RESPONSE_APPROACHING, 1, 0), -1);
	ck_assert_int_eq(wvlv_alert_threshold(WVLV_ALERT_RESPONSE_APPROACHING, 3, 3), 3);
	ck_assert_int_eq(wvlv_alert_threshold(WVLV_ALERT_RESPONSE_APPROACHING, 4, 3), -1);
	ck_assert_int_eq(wvlv_alert_threshold(WVLV_ALERT_RESPONSE_APPROACHING, 2, 3), 2);
	/* N = 5 is both N and the fixed 5 */
	ck_assert_int_eq(wvlv_alert_threshold(WVLV_ALERT_RESPONSE_APPROACHING, 5, 5), 5);
	ck_assert_int_eq(wvlv_alert_threshold(WVLV_ALERT_RESPONSE_APPROACHING, 3, 5), 5);
	ck_assert_int_eq(wvlv_alert_threshold(WVLV_ALERT_RESPONSE_APPROACHING, 6, 5), -1);
	/* N = 365 */
	ck_assert_int_eq(wvlv_alert_threshold(WVLV_ALERT_RESPONSE_APPROACHING, 365, 365), 365);
	ck_assert_int_eq(wvlv_alert_threshold(WVLV_ALERT_RESPONSE_APPROACHING, 6, 365), 365);
	ck_assert_int_eq(wvlv_alert_threshold(WVLV_ALERT_RESPONSE_APPROACHING, 366, 365), -1);
	/* an invalid N gives nothing */
	ck_assert_int_eq(wvlv_alert_threshold(WVLV_ALERT_RESPONSE_APPROACHING, 0, -1), -1);
}
END_TEST

START_TEST(test_missed_and_designation_threshold_edges)
{
	ck_assert_int_eq(wvlv_alert_threshold(WVLV_ALERT_RESPONSE_MISSED, -1, 10), 0);
	ck_assert_int_eq(wvlv_alert_threshold(WVLV_ALERT_RESPONSE_MISSED, -400, 10), 0);
	ck_assert_int_eq(wvlv_alert_threshold(WVLV_ALERT_RESPONSE_MISSED, 0, 10), -1);
	ck_assert_int_eq(wvlv_alert_threshold(WVLV_ALERT_FILING_MISSED, -1, 0), 0);
	ck_assert_int_eq(wvlv_alert_threshold(WVLV_ALERT_FILING_MISSED, 1, 0), -1);
	static const int want[][2] = {
		{ 181, -1 }, { 180, 180 }, { 91, 180 }, { 90, 90 }, { 31, 90 }, { 30, 30 },
		{ 8, 30 },   { 7, 7 },     { 1, 7 },    { 0, 0 },   { -1, -1 },
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		ck_assert_msg(wvlv_alert_threshold(WVLV_ALERT_DESIGNATION_ENDING, want[i][0], 10) ==
				      want[i][1],
			      "%d days left", want[i][0]);
}
END_TEST

START_TEST(test_due_by_deadline_kind)
{
	wvlv_alert_kind k;
	int t;
	wvlv_date today = D("2026-11-28");
	/* response: the deadline day itself is approaching; the day after is missed */
	ck_assert(wvlv_alert_due(WVLV_DL_RESPONSE, D("2026-11-28"), today, 10, &k, &t));
	ck_assert_int_eq(k, WVLV_ALERT_RESPONSE_APPROACHING);
	ck_assert_int_eq(t, 0);
	ck_assert(wvlv_alert_due(WVLV_DL_RESPONSE, D("2026-11-27"), today, 10, &k, &t));
	ck_assert_int_eq(k, WVLV_ALERT_RESPONSE_MISSED);
	ck_assert_int_eq(t, 0);
	ck_assert(wvlv_alert_due(WVLV_DL_RESPONSE, D("2026-12-08"), today, 10, &k, &t));
	ck_assert_int_eq(k, WVLV_ALERT_RESPONSE_APPROACHING);
	ck_assert_int_eq(t, 10);
	ck_assert(!wvlv_alert_due(WVLV_DL_RESPONSE, D("2026-12-09"), today, 10, &k, &t));
	/* a deadline missed long ago is still missed */
	ck_assert(wvlv_alert_due(WVLV_DL_RESPONSE, D("2025-01-01"), today, 10, &k, &t));
	ck_assert_int_eq(k, WVLV_ALERT_RESPONSE_MISSED);
	/* court filing */
	ck_assert(wvlv_alert_due(WVLV_DL_COURT_FILING, D("2026-11-30"), today, 10, &k, &t));
	ck_assert_int_eq(k, WVLV_ALERT_FILING_APPROACHING);
	ck_assert_int_eq(t, 2);
	ck_assert(wvlv_alert_due(WVLV_DL_COURT_FILING, D("2026-11-27"), today, 0, &k, &t));
	ck_assert_int_eq(k, WVLV_ALERT_FILING_MISSED);
	/* designations: 180 days ahead, never "missed" */
	ck_assert(wvlv_alert_due(WVLV_DL_DESIGNATION_END, today + 180, today, 0, &k, &t));
	ck_assert_int_eq(k, WVLV_ALERT_DESIGNATION_ENDING);
	ck_assert_int_eq(t, 180);
	ck_assert(!wvlv_alert_due(WVLV_DL_DESIGNATION_END, today + 181, today, 0, &k, &t));
	ck_assert(!wvlv_alert_due(WVLV_DL_DESIGNATION_END, today - 1, today, 0, &k, &t));
	ck_assert(wvlv_alert_due(WVLV_DL_DESIGNATION_END, today, today, 0, &k, &t));
	ck_assert_int_eq(t, 0);
	/* no date, unknown deadline kind */
	ck_assert(!wvlv_alert_due(WVLV_DL_RESPONSE, WVLV_DATE_NONE, today, 10, &k, &t));
	ck_assert(!wvlv_alert_due(0, today, today, 10, &k, &t));
}
END_TEST

/* --- a month of nights against a simulated ledger --------------------------------------- */

typedef struct sent {
	int night;       /* 0.. */
	int threshold;
	int days_left;
} sent;

/* Run `nights` consecutive nights (skipping the nights in skip[]) for one
 * deadline of kind `what`, `first_left` days ahead of night 0; the ledger
 * holds (kind, threshold).  Returns the alerts sent, in order. */
static size_t simulate(wvlv_deadline_kind what, int first_left, int within, int nights,
		       const int *skip, size_t nskip, sent *out, size_t max,
		       wvlv_alert_kind *kinds)
{
	struct { wvlv_alert_kind kind; int threshold; } ledger[64];
	size_t nledger = 0, n = 0;
	wvlv_date night0 = D("2026-03-02"), deadline = night0 + first_left;
	for (int night = 0; night < nights; night++) {
		bool skipped = false;
		for (size_t i = 0; i < nskip; i++)
			skipped = skipped || skip[i] == night;
		if (skipped)
			continue;
		wvlv_alert_kind k;
		int t;
		if (!wvlv_alert_due(what, deadline, night0 + night, within, &k, &t))
			continue;
		bool known = false;
		for (size_t i = 0; i < nledger; i++)
			known = known || (ledger[i].kind == k && ledger[i].threshold == t);
		if (known)
			continue;
		ledger[nledger].kind = k;
		ledger[nledger].threshold = t;
		nledger++;
		if (n < max) {
			out[n] = (sent){ night, t, first_left - night };
			kinds[n] = k;
			n++;
		}
	}
	return n;
}

START_TEST(test_month_of_nights_each_threshold_once)
{
	sent s[32];
	wvlv_alert_kind k[32];
	/* a response deadline 12 days after night 0, N = 10: 10, 5, 2, 1, 0 days left,
	 * then missed on the day after the deadline, and nothing more */
	size_t n = simulate(WVLV_DL_RESPONSE, 12, 10, 30, NULL, 0, s, 32, k);
	ck_assert_uint_eq(n, 6);
	static const int nights[] = { 2, 7, 10, 11, 12, 13 };
	static const int thresholds[] = { 10, 5, 2, 1, 0, 0 };
	for (size_t i = 0; i < n; i++) {
		ck_assert_int_eq(s[i].night, nights[i]);
		ck_assert_int_eq(s[i].threshold, thresholds[i]);
		ck_assert_int_eq(k[i], i < 5 ? WVLV_ALERT_RESPONSE_APPROACHING
					     : WVLV_ALERT_RESPONSE_MISSED);
	}
	/* first seen with 7 days left: the 10-day alert (7 left) once, then 5, 2, 1, 0 */
	n = simulate(WVLV_DL_RESPONSE, 7, 10, 30, NULL, 0, s, 32, k);
	ck_assert_uint_eq(n, 6);
	ck_assert_int_eq(s[0].night, 0);
	ck_assert_int_eq(s[0].threshold, 10);
	ck_assert_int_eq(s[0].days_left, 7);
	ck_assert_int_eq(s[1].night, 2);
	ck_assert_int_eq(s[1].threshold, 5);
	/* already overdue on night 0: missed once, on night 0 */
	n = simulate(WVLV_DL_RESPONSE, -3, 10, 30, NULL, 0, s, 32, k);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(s[0].night, 0);
	ck_assert_int_eq(k[0], WVLV_ALERT_RESPONSE_MISSED);
	/* every start from 0 to 40 days ahead: each threshold at most once, never
	 * twice the same night, and the days left never above the threshold */
	for (int first = 0; first <= 40; first++) {
		n = simulate(WVLV_DL_COURT_FILING, first, 10, 60, NULL, 0, s, 32, k);
		for (size_t i = 0; i < n; i++) {
			for (size_t j = i + 1; j < n; j++) {
				ck_assert(s[i].night != s[j].night);
				ck_assert(!(k[i] == k[j] && s[i].threshold == s[j].threshold));
			}
			if (k[i] == WVLV_ALERT_FILING_APPROACHING)
				ck_assert_int_le(s[i].days_left, s[i].threshold);
		}
		/* the thresholds not yet passed on night 0, plus the one then current, plus missed */
		size_t want = first > 10 ? 5 : first > 5 ? 5 : first > 2 ? 4 : first > 1 ? 3
			      : first > 0 ? 2 : 1;
		ck_assert_msg(n == want + 1, "first %d: %zu alerts", first, n);
		ck_assert_int_eq(k[n - 1], WVLV_ALERT_FILING_MISSED);
		ck_assert_int_eq(s[n - 1].days_left, -1);
	}
}
END_TEST

START_TEST(test_missed_nights_are_caught_up)
{
	sent s[32];
	wvlv_alert_kind k[32];
	/* deadline 12 days ahead; the job does not run on nights 7 (5 left) and 11 (1 left):
	 * night 8 sends the 5-day alert with 4 left, night 12 the 0-day one, nothing twice */
	static const int skip[] = { 7, 11 };
	size_t n = simulate(WVLV_DL_RESPONSE, 12, 10, 30, skip, 2, s, 32, k);
	ck_assert_uint_eq(n, 5);
	ck_assert_int_eq(s[0].night, 2);
	ck_assert_int_eq(s[1].night, 8);
	ck_assert_int_eq(s[1].threshold, 5);
	ck_assert_int_eq(s[1].days_left, 4);
	ck_assert_int_eq(s[2].night, 10);
	ck_assert_int_eq(s[3].night, 12);
	ck_assert_int_eq(s[3].threshold, 0);
	ck_assert_int_eq(s[4].night, 13);
	ck_assert_int_eq(k[4], WVLV_ALERT_RESPONSE_MISSED);
	/* a designation ending 95 days after night 0, over 120 nights: 180 (95 left),
	 * 90, 30, 7, 0 */
	n = simulate(WVLV_DL_DESIGNATION_END, 95, 10, 120, NULL, 0, s, 32, k);
	ck_assert_uint_eq(n, 5);
	static const int nights[] = { 0, 5, 65, 88, 95 };
	static const int thresholds[] = { 180, 90, 30, 7, 0 };
	for (size_t i = 0; i < n; i++) {
		ck_assert_int_eq(s[i].night, nights[i]);
		ck_assert_int_eq(s[i].threshold, thresholds[i]);
	}
}
END_TEST

/* --- the 20-year cap ------------------------------------------------------------------ */

START_TEST(test_extension_outlook)
{
	wvlv_date cap;
	int left;
	/* one period: four extensions left up to the cap date */
	ck_assert_int_eq(wvlv_alert_extension_outlook(D("2024-07-01"), D("2028-06-30"), 1, &cap,
						      &left),
			 WVLV_EXTENSION_POSSIBLE);
	ck_assert_str_eq(F(cap), "2044-06-30");
	ck_assert_int_eq(left, 4);
	/* the cap date by the year rule, from a leap-day edge */
	ck_assert_int_eq(wvlv_alert_extension_outlook(D("2024-03-01"), D("2028-02-29"), 1, &cap,
						      &left),
			 WVLV_EXTENSION_POSSIBLE);
	ck_assert_str_eq(F(cap), "2044-02-29");
	ck_assert_str_eq(F(cap), F(wvlv_designation_cap_date(D("2024-03-01"))));
	/* four periods: one left; the last end one day before the cap */
	ck_assert_int_eq(wvlv_alert_extension_outlook(D("2010-01-01"), D("2029-12-30"), 4, &cap,
						      &left),
			 WVLV_EXTENSION_POSSIBLE);
	ck_assert_int_eq(left, 1);
	/* five periods ending before the cap: all extensions used */
	ck_assert_int_eq(wvlv_alert_extension_outlook(D("2010-01-01"), D("2027-12-31"), 5, &cap,
						      &left),
			 WVLV_EXTENSION_EXHAUSTED);
	ck_assert_int_eq(left, 0);
	ck_assert_str_eq(F(cap), "2029-12-31");
	/* ending on the cap date: the cap is reached, with or without five periods */
	ck_assert_int_eq(wvlv_alert_extension_outlook(D("2010-01-01"), D("2029-12-31"), 5, &cap,
						      &left),
			 WVLV_EXTENSION_CAP_REACHED);
	ck_assert_int_eq(wvlv_alert_extension_outlook(D("2010-01-01"), D("2029-12-31"), 3, &cap,
						      &left),
			 WVLV_EXTENSION_CAP_REACHED);
	ck_assert_int_eq(left, 2);
}
END_TEST

/* --- text and JSON ----------------------------------------------------------------------- */

static wvlv_alert base(wvlv_alert_kind kind, const char *date, int threshold)
{
	wvlv_date today = D("2026-11-28");
	wvlv_alert a = { .kind = kind, .today = today, .date = D(date),
			 .threshold = threshold, .municipality_code = "GM0505",
			 .designation_id = DESIG, .designation_name = "Oud-Krispijn",
			 .sale_notification_id = OFFER, .free_to_sell_until = WVLV_DATE_NONE,
			 .cap_date = WVLV_DATE_NONE };
	a.days_left = (int)(a.date - today);
	return a;
}

static const char *text(const wvlv_alert *a)
{
	static char buf[WVLV_ALERT_TEXT_MAX];
	return wvlv_alert_text(a, buf, sizeof(buf));
}

START_TEST(test_text_of_every_kind)
{
	wvlv_alert a = base(WVLV_ALERT_RESPONSE_APPROACHING, "2026-12-15", 10);
	ck_assert_str_eq(text(&a), "2026-11-28 response-approaching GM0505 \"Oud-Krispijn\" offer " OFFER
				   " response deadline 2026-12-15 (17 days left)");
	a = base(WVLV_ALERT_FILING_APPROACHING, "2026-11-29", 1);
	ck_assert_str_eq(text(&a), "2026-11-28 filing-approaching GM0505 \"Oud-Krispijn\" offer " OFFER
				   " court filing deadline 2026-11-29 (1 day left)");
	a = base(WVLV_ALERT_RESPONSE_APPROACHING, "2026-11-28", 0);
	ck_assert_str_eq(text(&a), "2026-11-28 response-approaching GM0505 \"Oud-Krispijn\" offer " OFFER
				   " response deadline 2026-11-28 (today is the last day)");
	a = base(WVLV_ALERT_RESPONSE_MISSED, "2026-11-27", 0);
	a.free_to_sell_until = D("2029-11-27");
	ck_assert_str_eq(text(&a), "2026-11-28 response-missed GM0505 \"Oud-Krispijn\" offer " OFFER
				   " response deadline 2026-11-27 passed without a decision: lapsed,"
				   " the owner is free to sell until 2029-11-27");
	a.dry_run = true;
	ck_assert_str_eq(text(&a), "2026-11-28 response-missed GM0505 \"Oud-Krispijn\" offer " OFFER
				   " response deadline 2026-11-27 passed without a decision: would be"
				   " marked lapsed (dry run), the owner would be free to sell until"
				   " 2029-11-27");
	a = base(WVLV_ALERT_FILING_MISSED, "2026-11-20", 0);
	a.free_to_sell_until = D("2029-11-20");
	ck_assert_str_eq(text(&a), "2026-11-28 filing-missed GM0505 \"Oud-Krispijn\" offer " OFFER
				   " court filing deadline 2026-11-20 passed unfiled: released,"
				   " the owner is free to sell until 2029-11-20");
	a = base(WVLV_ALERT_DESIGNATION_ENDING, "2027-05-27", 180);
	a.sale_notification_id = NULL;
	a.outlook = wvlv_alert_extension_outlook(D("2023-05-28"), a.date, 1, &a.cap_date,
						 &a.extensions_left);
	ck_assert_str_eq(text(&a), "2026-11-28 designation-ending GM0505 \"Oud-Krispijn\" designation "
				   DESIG " ends 2027-05-27 (180 days left); an extension is possible"
				   " (4 of 4 extensions left, up to the cap date 2043-05-27)");
	a.outlook = wvlv_alert_extension_outlook(D("2007-05-28"), a.date, 5, &a.cap_date,
						 &a.extensions_left);
	ck_assert_str_eq(text(&a), "2026-11-28 designation-ending GM0505 \"Oud-Krispijn\" designation "
				   DESIG " ends 2027-05-27 (180 days left); no extension possible:"
				   " the 20-year cap date 2027-05-27 is reached");
	a.outlook = wvlv_alert_extension_outlook(D("2008-01-01"), a.date, 5, &a.cap_date,
						 &a.extensions_left);
	ck_assert_str_eq(text(&a), "2026-11-28 designation-ending GM0505 \"Oud-Krispijn\" designation "
				   DESIG " ends 2027-05-27 (180 days left); no extension possible:"
				   " all 4 extensions are used (cap date 2027-12-31)");
}
END_TEST

START_TEST(test_text_is_one_line_and_bounded)
{
	wvlv_alert a = base(WVLV_ALERT_RESPONSE_APPROACHING, "2026-12-01", 5);
	a.designation_name = "Wijk \"De Staart\"\nregel 2\t\\x";
	const char *t = text(&a);
	ck_assert_ptr_null(strchr(t, '\n'));
	ck_assert_ptr_null(strchr(t, '\t'));
	ck_assert_ptr_nonnull(strstr(t, "\"Wijk \\\"De Staart\\\"\\u000aregel 2\\u0009\\\\x\""));
	/* UTF-8 passes through */
	a.designation_name = "Zuidwijk – ’t Hof";
	ck_assert_ptr_nonnull(strstr(text(&a), "\"Zuidwijk – ’t Hof\""));
	/* a short buffer: truncated and terminated */
	char small[24];
	memset(small, 'x', sizeof(small));
	wvlv_alert_text(&a, small, sizeof(small));
	ck_assert_uint_eq(strlen(small), sizeof(small) - 1);
	ck_assert_str_eq(small, "2026-11-28 response-app");
	char one[1] = { 'x' };
	wvlv_alert_text(&a, one, 1);
	ck_assert_int_eq(one[0], '\0');
	/* a very long name still fits in the maximum, cut off */
	char name[2000];
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	a.designation_name = name;
	ck_assert_uint_eq(strlen(text(&a)), WVLV_ALERT_TEXT_MAX - 1);
}
END_TEST

START_TEST(test_json_of_an_offer_alert)
{
	wvlv_alert a = base(WVLV_ALERT_RESPONSE_MISSED, "2026-11-27", 0);
	a.free_to_sell_until = D("2029-11-27");
	json_t *o = wvlv_alert_json(&a);
	ck_assert_ptr_nonnull(o);
	ck_assert_str_eq(json_string_value(json_object_get(o, "kind")), "response-missed");
	ck_assert_str_eq(json_string_value(json_object_get(o, "municipalityCode")), "GM0505");
	ck_assert_str_eq(json_string_value(json_object_get(o, "designationId")), DESIG);
	ck_assert_str_eq(json_string_value(json_object_get(o, "designationName")), "Oud-Krispijn");
	ck_assert_str_eq(json_string_value(json_object_get(o, "saleNotificationId")), OFFER);
	ck_assert_str_eq(json_string_value(json_object_get(o, "date")), "2026-11-27");
	ck_assert_int_eq(json_integer_value(json_object_get(o, "daysLeft")), -1);
	ck_assert_int_eq(json_integer_value(json_object_get(o, "threshold")), 0);
	ck_assert_str_eq(json_string_value(json_object_get(o, "status")), "lapsed");
	ck_assert_str_eq(json_string_value(json_object_get(o, "freeToSellUntil")), "2029-11-27");
	ck_assert_str_eq(json_string_value(json_object_get(o, "today")), "2026-11-28");
	ck_assert_str_eq(json_string_value(json_object_get(o, "text")), text(&a));
	ck_assert_ptr_null(json_object_get(o, "dryRun"));
	ck_assert_ptr_null(json_object_get(o, "capDate"));
	json_decref(o);

	a = base(WVLV_ALERT_FILING_APPROACHING, "2026-12-01", 5);
	a.dry_run = true;
	o = wvlv_alert_json(&a);
	ck_assert_ptr_null(json_object_get(o, "status"));
	ck_assert_ptr_null(json_object_get(o, "freeToSellUntil"));
	ck_assert(json_is_true(json_object_get(o, "dryRun")));
	ck_assert_int_eq(json_integer_value(json_object_get(o, "daysLeft")), 3);
	json_decref(o);
}
END_TEST

START_TEST(test_json_of_a_designation_alert)
{
	wvlv_alert a = base(WVLV_ALERT_DESIGNATION_ENDING, "2027-05-27", 180);
	a.sale_notification_id = NULL;
	a.outlook = wvlv_alert_extension_outlook(D("2007-05-28"), a.date, 5, &a.cap_date,
						 &a.extensions_left);
	json_t *o = wvlv_alert_json(&a);
	ck_assert(json_is_null(json_object_get(o, "saleNotificationId")));
	ck_assert(json_is_false(json_object_get(o, "extensionPossible")));
	ck_assert_str_eq(json_string_value(json_object_get(o, "reason")), "cap-date-reached");
	ck_assert_str_eq(json_string_value(json_object_get(o, "capDate")), "2027-05-27");
	ck_assert_int_eq(json_integer_value(json_object_get(o, "extensionsLeft")), 0);
	json_decref(o);
	a.outlook = wvlv_alert_extension_outlook(D("2023-05-28"), a.date, 2, &a.cap_date,
						 &a.extensions_left);
	o = wvlv_alert_json(&a);
	ck_assert(json_is_true(json_object_get(o, "extensionPossible")));
	ck_assert(json_is_null(json_object_get(o, "reason")));
	ck_assert_int_eq(json_integer_value(json_object_get(o, "extensionsLeft")), 3);
	json_decref(o);
	a.outlook = wvlv_alert_extension_outlook(D("2008-01-01"), a.date, 5, &a.cap_date,
						 &a.extensions_left);
	o = wvlv_alert_json(&a);
	ck_assert_str_eq(json_string_value(json_object_get(o, "reason")), "extensions-exhausted");
	json_decref(o);
}
END_TEST

/* A year without a decree: no designation in the line, the year, the count and
 * the first deadline; threshold 0 only. */
START_TEST(test_decree_missing_alert)
{
	int t[WVLV_ALERT_MAX_THRESHOLDS];
	ck_assert_uint_eq(wvlv_alert_thresholds(WVLV_ALERT_DECREE_MISSING, 10, t), 1);
	ck_assert_int_eq(t[0], 0);
	ck_assert(!wvlv_alert_kind_is_missed(WVLV_ALERT_DECREE_MISSING));
	wvlv_alert a = { .kind = WVLV_ALERT_DECREE_MISSING, .today = D("2028-11-20"),
			 .date = D("2029-01-08"), .days_left = 49, .municipality_code = "GM0505",
			 .free_to_sell_until = WVLV_DATE_NONE, .year = 2029, .deadlines = 2 };
	char buf[WVLV_ALERT_TEXT_MAX];
	ck_assert_str_eq(wvlv_alert_text(&a, buf, sizeof(buf)),
			 "2028-11-20 decree-missing GM0505 no decree loaded for 2029: check the "
			 "Staatscourant (2 open deadlines in 2029, the first 2029-01-08)");
	a.deadlines = 1;
	ck_assert_str_eq(wvlv_alert_text(&a, buf, sizeof(buf)),
			 "2028-11-20 decree-missing GM0505 no decree loaded for 2029: check the "
			 "Staatscourant (1 open deadline in 2029, the first 2029-01-08)");
	json_t *o = wvlv_alert_json(&a);
	ck_assert_str_eq(json_string_value(json_object_get(o, "kind")), "decree-missing");
	ck_assert_int_eq(json_integer_value(json_object_get(o, "year")), 2029);
	ck_assert_int_eq(json_integer_value(json_object_get(o, "openDeadlines")), 1);
	ck_assert_str_eq(json_string_value(json_object_get(o, "date")), "2029-01-08");
	ck_assert(json_is_null(json_object_get(o, "saleNotificationId")));
	ck_assert_ptr_null(json_object_get(o, "status"));
	json_decref(o);
}
END_TEST

/* --- retention ---------------------------------------------------------------------------- */

START_TEST(test_retention_parse)
{
	wvlv_retention r;
	ck_assert(wvlv_retention_parse("7y", &r));
	ck_assert_int_eq(r.n, 7);
	ck_assert_int_eq(r.unit, WVLV_RETENTION_YEARS);
	ck_assert(wvlv_retention_parse("18m", &r));
	ck_assert_int_eq(r.n, 18);
	ck_assert_int_eq(r.unit, WVLV_RETENTION_MONTHS);
	ck_assert(wvlv_retention_parse("400d", &r));
	ck_assert_int_eq(r.n, 400);
	ck_assert_int_eq(r.unit, WVLV_RETENTION_DAYS);
	ck_assert(wvlv_retention_parse("1d", &r));
	ck_assert(wvlv_retention_parse("100y", &r));
	ck_assert(wvlv_retention_parse("1200m", &r));
	ck_assert(wvlv_retention_parse("36500d", &r));
	ck_assert(wvlv_retention_parse(WVLV_RETENTION_DEFAULT, &r));
	ck_assert_int_eq(r.n, 7);
	static const char *const bad[] = {
		"", "y", "7", "0y", "0d", "07y", "-1y", "+1y", "7Y", "7x", "7 y", " 7y", "7y ",
		"7yy", "1.5y", "101y", "1201m", "36501d", "99999999999999999999d",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(!wvlv_retention_parse(bad[i], &r), "\"%s\" accepted", bad[i]);
	ck_assert(!wvlv_retention_parse(NULL, &r));
}
END_TEST

static const char *cutoff(const char *today, const char *duration)
{
	wvlv_retention r;
	ck_assert(wvlv_retention_parse(duration, &r));
	return F(wvlv_retention_cutoff(D(today), &r));
}

START_TEST(test_retention_cutoff)
{
	ck_assert_str_eq(cutoff("2026-11-28", "7y"), "2019-11-28");
	ck_assert_str_eq(cutoff("2028-02-29", "1y"), "2027-02-28");
	ck_assert_str_eq(cutoff("2028-02-29", "4y"), "2024-02-29");
	ck_assert_str_eq(cutoff("2026-08-31", "18m"), "2025-02-28");
	ck_assert_str_eq(cutoff("2024-03-31", "1m"), "2024-02-29");
	ck_assert_str_eq(cutoff("2026-03-31", "1m"), "2026-02-28");
	ck_assert_str_eq(cutoff("2026-01-15", "1m"), "2025-12-15");
	ck_assert_str_eq(cutoff("2026-01-15", "12m"), "2025-01-15");
	ck_assert_str_eq(cutoff("2026-01-15", "13m"), "2024-12-15");
	ck_assert_str_eq(cutoff("2026-11-28", "400d"), "2025-10-24");
	ck_assert_str_eq(cutoff("2026-03-01", "1d"), "2026-02-28");
	/* an offer closed on the cut-off day is exactly the period old: kept */
	wvlv_retention r;
	ck_assert(wvlv_retention_parse("7y", &r));
	wvlv_date cut = wvlv_retention_cutoff(D("2026-11-28"), &r);
	ck_assert(!(D("2019-11-28") < cut));
	ck_assert(D("2019-11-27") < cut);
}
END_TEST

START_TEST(test_retention_closing_day)
{
	ck_assert_str_eq(F(wvlv_retention_closing_day(D("2017-01-05"), D("2017-02-10"))),
			 "2017-02-10");
	ck_assert_str_eq(F(wvlv_retention_closing_day(D("2017-01-05"), WVLV_DATE_NONE)),
			 "2017-01-05");
}
END_TEST

static Suite *alerts_suite(void)
{
	Suite *s = suite_create("alerts");
	TCase *tc = tcase_create("rules");
	tcase_add_test(tc, test_kind_names_round_trip);
	tcase_add_test(tc, test_threshold_sets);
	tcase_add_test(tc, test_approaching_threshold_edges);
	tcase_add_test(tc, test_missed_and_designation_threshold_edges);
	tcase_add_test(tc, test_due_by_deadline_kind);
	tcase_add_test(tc, test_month_of_nights_each_threshold_once);
	tcase_add_test(tc, test_missed_nights_are_caught_up);
	tcase_add_test(tc, test_extension_outlook);
	tcase_add_test(tc, test_text_of_every_kind);
	tcase_add_test(tc, test_text_is_one_line_and_bounded);
	tcase_add_test(tc, test_json_of_an_offer_alert);
	tcase_add_test(tc, test_json_of_a_designation_alert);
	tcase_add_test(tc, test_decree_missing_alert);
	tcase_add_test(tc, test_retention_parse);
	tcase_add_test(tc, test_retention_cutoff);
	tcase_add_test(tc, test_retention_closing_day);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(alerts_suite());
}
