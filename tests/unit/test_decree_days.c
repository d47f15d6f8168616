/* test_decree_days.c — every day equated with a holiday by the Royal Decrees
 * that migration 0008 ships (docs/law.md §3.5), through the calculator
 * (lib/domain/deadline.c) and an offer's state machine (lib/domain/offer.c).
 *
 * The expected dates are derived by hand from the calendar, one comment per
 * row: the term is 6 weeks (response) or 4 weeks (court filing), so an event
 * on the same weekday 42 or 28 days before a decree day has its raw end on
 * that day; the decree day, the weekend and any holiday right after it are
 * passed (Atw art. 1).  Every decree day but two is a Friday (after
 * Ascension Day, after Koningsdag, after Christmas or New Year), so the
 * deadline is the Monday after; Mon 24 and Mon 31 Dec 2018 are followed by
 * the Christmas days and New Year's Day.  Without the decree the same terms
 * end on the decree day itself: the test can fail.
 */
#include "wvlv/deadline.h"
#include "wvlv/offer.h"

#include <check.h>
#include <string.h>

#include "tdate.h"
#include "unit.h"

#define D t_date
#define F t_fmt

typedef struct decree_case {
	const char *day;        /* the decree day (the raw end of both terms below) */
	const char *response;   /* an offer received then: day − 42 */
	const char *court;      /* a court request then: day − 28 */
	const char *deadline;   /* the deadline of both */
} decree_case;

static const decree_case cases[] = {
	/* 2017–2019, Stcrt. 2016, 58653 */
	{ "2017-04-28", "2017-03-17", "2017-03-31", "2017-05-01" }, /* Fri after Koningsdag Thu 27 Apr → Mon 1 May */
	{ "2017-05-26", "2017-04-14", "2017-04-28", "2017-05-29" }, /* Fri after Ascension Thu 25 May → Mon 29 May */
	{ "2018-05-11", "2018-03-30", "2018-04-13", "2018-05-14" }, /* Fri after Ascension Thu 10 May → Mon 14 May */
	{ "2018-12-24", "2018-11-12", "2018-11-26", "2018-12-27" }, /* Mon 24; Tue 25, Wed 26 Christmas → Thu 27 Dec */
	{ "2018-12-31", "2018-11-19", "2018-12-03", "2019-01-02" }, /* Mon 31; Tue 1 Jan New Year → Wed 2 Jan 2019 */
	{ "2019-05-31", "2019-04-19", "2019-05-03", "2019-06-03" }, /* Fri after Ascension Thu 30 May → Mon 3 Jun */
	{ "2019-12-27", "2019-11-15", "2019-11-29", "2019-12-30" }, /* Fri after Boxing Day Thu 26 Dec → Mon 30 Dec */
	/* 2023–2025 */
	{ "2023-04-28", "2023-03-17", "2023-03-31", "2023-05-01" }, /* Fri after Koningsdag Thu 27 Apr → Mon 1 May */
	{ "2023-05-19", "2023-04-07", "2023-04-21", "2023-05-22" }, /* Fri after Ascension Thu 18 May → Mon 22 May */
	{ "2024-05-10", "2024-03-29", "2024-04-12", "2024-05-13" }, /* Fri after Ascension Thu 9 May → Mon 13 May */
	{ "2024-12-27", "2024-11-15", "2024-11-29", "2024-12-30" }, /* Fri after Boxing Day Thu 26 Dec → Mon 30 Dec */
	{ "2025-05-30", "2025-04-18", "2025-05-02", "2025-06-02" }, /* Fri after Ascension Thu 29 May → Mon 2 Jun */
	/* 2026–2028 */
	{ "2026-01-02", "2025-11-21", "2025-12-05", "2026-01-05" }, /* Fri after New Year Thu 1 Jan → Mon 5 Jan */
	{ "2026-05-15", "2026-04-03", "2026-04-17", "2026-05-18" }, /* Fri after Ascension Thu 14 May → Mon 18 May */
	{ "2027-05-07", "2027-03-26", "2027-04-09", "2027-05-10" }, /* Fri after Ascension Thu 6 May → Mon 10 May */
	{ "2028-04-28", "2028-03-17", "2028-03-31", "2028-05-01" }, /* Fri after Koningsdag Thu 27 Apr → Mon 1 May */
	{ "2028-05-26", "2028-04-14", "2028-04-28", "2028-05-29" }, /* Fri after Ascension Thu 25 May → Mon 29 May */
};
#define N_CASES ((int)(sizeof(cases) / sizeof(cases[0])))

static wvlv_equated_day decree[N_CASES];

/* The shipped days, as the database hands them to every computation. */
static void setup(void)
{
	for (int i = 0; i < N_CASES; i++)
		decree[i] = (wvlv_equated_day){ D(cases[i].day), "KB" };
}

static wvlv_date deadline_of(wvlv_term_id id, const char *from, const wvlv_equated_day *eq,
			     size_t n)
{
	wvlv_deadline dl;
	wvlv_error err;
	wvlv_error_clear(&err);
	ck_assert_msg(wvlv_deadline_compute(wvlv_term_get(id), D(from), eq, n, &dl, &err) ==
			      WVLV_OK, "compute from %s: %s", from, err.detail);
	return dl.deadline;
}

/* The calculator: both terms, with the shipped days and without them; an
 * event one day earlier (raw end on the holiday or weekend day before the
 * decree day) ends on the same day. */
START_TEST(test_calculator_around_each_decree_day)
{
	const decree_case *c = &cases[_i];
	ck_assert_str_eq(F(deadline_of(WVLV_TERM_RESPONSE, c->response, decree, N_CASES)),
			 c->deadline);
	ck_assert_str_eq(F(deadline_of(WVLV_TERM_COURT_FILING, c->court, decree, N_CASES)),
			 c->deadline);
	char earlier[WVLV_DATE_STRLEN];
	wvlv_date_format(D(c->response) - 1, earlier);
	ck_assert_str_eq(F(deadline_of(WVLV_TERM_RESPONSE, earlier, decree, N_CASES)),
			 c->deadline);
	/* without the decree the term ends on the decree day, a working day then */
	ck_assert_str_eq(F(deadline_of(WVLV_TERM_RESPONSE, c->response, NULL, 0)), c->day);
	ck_assert_str_eq(F(deadline_of(WVLV_TERM_COURT_FILING, c->court, NULL, 0)), c->day);
}
END_TEST

static wvlv_offer_state apply(const wvlv_offer_state *s, wvlv_offer_event ev, wvlv_status want,
			      const char *code)
{
	wvlv_offer_state next;
	wvlv_error err;
	wvlv_error_clear(&err);
	wvlv_status st = wvlv_offer_apply(s, &ev, decree, N_CASES, &next, &err);
	ck_assert_msg(st == want, "%s on %s: %s %s", wvlv_offer_event_name(ev.type),
		      F(ev.on), wvlv_status_name(st), err.detail);
	if (code)
		ck_assert_str_eq(err.code, code);
	return st == WVLV_OK ? next : *s;
}

/* An offer received on the response day: not lapsed the day after the decree
 * day, in time with a decision on the deadline.  A court request on the court
 * day gets its filing deadline from the state machine, and is not released
 * before it has passed. */
START_TEST(test_offer_around_each_decree_day)
{
	const decree_case *c = &cases[_i];
	wvlv_date deadline = D(c->deadline);
	wvlv_offer_state received = {
		.status = WVLV_OFFER_RECEIVED, .received_on = D(c->response),
		.response_deadline = deadline_of(WVLV_TERM_RESPONSE, c->response, decree, N_CASES),
		.court_filing_deadline = WVLV_DATE_NONE, .free_to_sell_until = WVLV_DATE_NONE,
		.last_event_on = WVLV_DATE_NONE,
	};
	ck_assert_str_eq(F(received.response_deadline), c->deadline);
	apply(&received, (wvlv_offer_event){ .type = WVLV_EVENT_LAPSE, .on = D(c->day) + 1 },
	      WVLV_ECONFLICT, "deadline-not-passed");
	wvlv_offer_state declined = apply(&received,
					  (wvlv_offer_event){ .type = WVLV_EVENT_DECISION,
							      .on = deadline, .willing = false },
					  WVLV_OK, NULL);
	ck_assert_int_eq(declined.status, WVLV_OFFER_DECLINED);
	wvlv_offer_state lapsed = apply(&received, (wvlv_offer_event){ .type = WVLV_EVENT_LAPSE,
								      .on = deadline + 1 },
					WVLV_OK, NULL);
	ck_assert_int_eq(lapsed.status, WVLV_OFFER_LAPSED);

	wvlv_offer_state negotiating = received;
	negotiating.status = WVLV_OFFER_NEGOTIATING;
	negotiating.received_on = D(c->court) - 30;
	negotiating.last_event_on = D(c->court) - 1;
	wvlv_offer_state requested = apply(&negotiating,
					   (wvlv_offer_event){ .type = WVLV_EVENT_COURT_REQUESTED,
							       .on = D(c->court) },
					   WVLV_OK, NULL);
	ck_assert_int_eq(requested.status, WVLV_OFFER_COURT_REQUESTED);
	ck_assert_str_eq(F(requested.court_filing_deadline), c->deadline);
	apply(&requested, (wvlv_offer_event){ .type = WVLV_EVENT_RELEASE, .on = D(c->day) + 1 },
	      WVLV_ECONFLICT, "deadline-not-passed");
	wvlv_offer_state filed = apply(&requested,
				       (wvlv_offer_event){ .type = WVLV_EVENT_COURT_FILED,
							   .on = deadline },
				       WVLV_OK, NULL);
	ck_assert_int_eq(filed.status, WVLV_OFFER_IN_COURT);
}
END_TEST

/* The examples of issue 11 and docs/law.md §3.7, spelled out. */
START_TEST(test_examples_named)
{
	/* received Thu 2 Apr 2026: + 6 weeks = Thu 14 May (Ascension), Fri 15 May (decree),
	 * Sat 16, Sun 17 → Mon 18 May 2026 */
	ck_assert_str_eq(F(deadline_of(WVLV_TERM_RESPONSE, "2026-04-02", decree, N_CASES)),
			 "2026-05-18");
	/* received Fri 3 Apr 2026 (Good Friday): + 6 weeks = Fri 15 May → Mon 18 May */
	ck_assert_str_eq(F(deadline_of(WVLV_TERM_RESPONSE, "2026-04-03", decree, N_CASES)),
			 "2026-05-18");
	/* court request Fri 9 Apr 2027: + 4 weeks = Fri 7 May (decree) → Mon 10 May 2027 */
	ck_assert_str_eq(F(deadline_of(WVLV_TERM_COURT_FILING, "2027-04-09", decree, N_CASES)),
			 "2027-05-10");
	/* every decree day is a weekday that is no holiday by law */
	for (int i = 0; i < N_CASES; i++) {
		ck_assert_int_le(wvlv_date_weekday(decree[i].date), 5);
		ck_assert_ptr_null(wvlv_holiday_name(decree[i].date, NULL, 0));
		ck_assert_str_eq(wvlv_holiday_name(decree[i].date, decree, N_CASES),
				 "gelijkgestelde dag");
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("decree_days");
	TCase *calc = tcase_create("calculator");
	tcase_add_checked_fixture(calc, setup, NULL);
	tcase_add_loop_test(calc, test_calculator_around_each_decree_day, 0, N_CASES);
	suite_add_tcase(s, calc);
	TCase *offer = tcase_create("offer");
	tcase_add_checked_fixture(offer, setup, NULL);
	tcase_add_loop_test(offer, test_offer_around_each_decree_day, 0, N_CASES);
	suite_add_tcase(s, offer);
	unit_add_fixed(s, "examples_named", test_examples_named, setup, NULL);
	return unit_run(s);
}
