/* test_offer.c — unit tests of lib/domain/offer.c: names, the state machine of
 * docs/law.md §2.11 (every allowed transition with its dates, every disallowed
 * (state, event) pair, the deadlines at their edges, a late decision
 * superseding a lapse, leap days, moved deadlines, event order), a property
 * test over random event sequences, and the cadastral designation and price
 * formats of docs/law.md §7.  Expected dates were worked out by hand from a
 * calendar. */
#include "wvlv/offer.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tdate.h"
#include "unit.h"

/* --- helpers ------------------------------------------------------------------- */

#define D t_date
#define fresh_error t_fresh_error

/* t_fmt, but "none" for WVLV_DATE_NONE. */
static const char *F(wvlv_date d)
{
	return d == WVLV_DATE_NONE ? "none" : t_fmt(d);
}

/* An offer received 2026-04-02 (Thu): six weeks on is Thu 2026-05-14,
 * Ascension Day, so the response deadline is Fri 2026-05-15 (docs/law.md §3.7,
 * no equated day). */
static wvlv_offer_state offer_received(void)
{
	return (wvlv_offer_state){
		.status = WVLV_OFFER_RECEIVED,
		.received_on = D("2026-04-02"),
		.response_deadline = D("2026-05-15"),
		.court_filing_deadline = WVLV_DATE_NONE,
		.free_to_sell_until = WVLV_DATE_NONE,
		.last_event_on = WVLV_DATE_NONE,
	};
}

static wvlv_offer_state with_status(wvlv_offer_state s, wvlv_offer_status st, const char *last)
{
	s.status = st;
	s.last_event_on = last ? D(last) : WVLV_DATE_NONE;
	return s;
}

/* The same offer after "willing" on 2026-05-11. */
static wvlv_offer_state offer_negotiating(void)
{
	return with_status(offer_received(), WVLV_OFFER_NEGOTIATING, "2026-05-11");
}

/* ... after the owner's court request on Mon 2026-06-01: filing deadline Mon 2026-06-29. */
static wvlv_offer_state offer_court_requested(void)
{
	wvlv_offer_state s = with_status(offer_received(), WVLV_OFFER_COURT_REQUESTED, "2026-06-01");
	s.court_filing_deadline = D("2026-06-29");
	return s;
}

/* ... filed 2026-06-15. */
static wvlv_offer_state offer_in_court(void)
{
	wvlv_offer_state s = offer_court_requested();
	s.status = WVLV_OFFER_IN_COURT;
	s.last_event_on = D("2026-06-15");
	return s;
}

/* ... lapsed on 2026-05-16: free until 2029-05-15. */
static wvlv_offer_state offer_lapsed(void)
{
	wvlv_offer_state s = with_status(offer_received(), WVLV_OFFER_LAPSED, "2026-05-16");
	s.free_to_sell_until = D("2029-05-15");
	return s;
}

/* A plausible state for each status. */
static wvlv_offer_state offer_in(wvlv_offer_status st)
{
	wvlv_offer_state s;
	switch (st) {
	case WVLV_OFFER_RECEIVED: return offer_received();
	case WVLV_OFFER_NEGOTIATING: return offer_negotiating();
	case WVLV_OFFER_COURT_REQUESTED: return offer_court_requested();
	case WVLV_OFFER_IN_COURT: return offer_in_court();
	case WVLV_OFFER_LAPSED: return offer_lapsed();
	case WVLV_OFFER_PURCHASED: return with_status(offer_negotiating(), st, "2026-05-20");
	case WVLV_OFFER_WITHDRAWN: return with_status(offer_received(), st, "2026-04-20");
	case WVLV_OFFER_DECLINED:
		s = with_status(offer_received(), st, "2026-05-11");
		s.free_to_sell_until = D("2029-05-11");
		return s;
	case WVLV_OFFER_RELEASED:
		s = offer_court_requested();
		s.status = st;
		s.last_event_on = D("2026-06-30");
		s.free_to_sell_until = D("2029-06-29");
		return s;
	case WVLV_OFFER_EXEMPT:
		s = offer_received();
		s.status = st;
		s.response_deadline = WVLV_DATE_NONE;
		return s;
	}
	ck_abort_msg("no such status %d", (int)st);
	return offer_received();
}

static wvlv_offer_event E(wvlv_offer_event_type t, const char *on)
{
	return (wvlv_offer_event){ .type = t, .on = D(on), .willing = false,
				   .moved_to = WVLV_DATE_NONE };
}

static wvlv_offer_event decision(const char *on, bool willing)
{
	wvlv_offer_event ev = E(WVLV_EVENT_DECISION, on);
	ev.willing = willing;
	return ev;
}

static wvlv_offer_event moved(const char *on, const char *to)
{
	wvlv_offer_event ev = E(WVLV_EVENT_DEADLINE_MOVED, on);
	ev.moved_to = to ? D(to) : WVLV_DATE_NONE;
	return ev;
}

/* A sentinel that no successful or failed call may leave behind by accident. */
static wvlv_offer_state poison(void)
{
	wvlv_offer_state s;
	memset(&s, 0x5a, sizeof(s));
	return s;
}

/* Applies ev and expects success. */
static wvlv_offer_state apply_ok_eq(wvlv_offer_state cur, wvlv_offer_event ev,
				    const wvlv_equated_day *eq, size_t n_eq)
{
	wvlv_offer_state next = poison();
	wvlv_error err = fresh_error();
	wvlv_status st = wvlv_offer_apply(&cur, &ev, eq, n_eq, &next, &err);
	ck_assert_msg(st == WVLV_OK, "%s in %s on %s: %s %s: %s", wvlv_offer_event_name(ev.type),
		      wvlv_offer_status_name(cur.status), F(ev.on), wvlv_status_name(st), err.code,
		      err.detail);
	/* received_on and the response deadline never change but by deadline-moved. */
	ck_assert_int_eq(next.received_on, cur.received_on);
	return next;
}

static wvlv_offer_state apply_ok(wvlv_offer_state cur, wvlv_offer_event ev)
{
	return apply_ok_eq(cur, ev, NULL, 0);
}

/* Applies ev, expects the status and code, and that next was not written. */
static wvlv_error apply_fail(wvlv_offer_state cur, wvlv_offer_event ev, wvlv_status want,
			     const char *code)
{
	wvlv_offer_state next = poison(), untouched = poison();
	wvlv_error err = fresh_error();
	wvlv_status st = wvlv_offer_apply(&cur, &ev, NULL, 0, &next, &err);
	ck_assert_msg(st == want, "%s in %s on %s: got %s (%s), want %s %s",
		      wvlv_offer_event_name(ev.type), wvlv_offer_status_name(cur.status), F(ev.on),
		      wvlv_status_name(st), err.code, wvlv_status_name(want), code);
	ck_assert_int_eq(err.status, want);
	ck_assert_str_eq(err.code, code);
	ck_assert_str_ne(err.detail, "");
	ck_assert_int_eq(memcmp(&next, &untouched, sizeof(next)), 0);
	return err;
}

static void assert_param(const wvlv_error *err, int i, const char *name, const char *code)
{
	ck_assert_int_gt(err->nparams, i);
	ck_assert_str_eq(err->params[i].name, name);
	ck_assert_str_eq(err->params[i].code, code);
	ck_assert_str_ne(err->params[i].reason, "");
}

static void assert_state(const wvlv_offer_state *s, wvlv_offer_status status,
			 const char *free_until, const char *filing, const char *last)
{
	ck_assert_str_eq(wvlv_offer_status_name(s->status), wvlv_offer_status_name(status));
	ck_assert_date(s->free_to_sell_until, free_until);
	ck_assert_date(s->court_filing_deadline, filing);
	ck_assert_date(s->last_event_on, last);
}

/* --- names ------------------------------------------------------------------------- */

static const char *const STATUS_NAMES[] = {
	"received", "negotiating", "court-requested", "in-court", "purchased",
	"released", "declined", "lapsed", "withdrawn", "exempt"
};
static const char *const EVENT_NAMES[] = {
	"decision", "agreement", "court-requested", "court-filed", "court-withdrawn",
	"withdrawal", "lapse", "release", "deadline-moved"
};
static const char *const EXEMPTION_NAMES[] = {
	"family", "marital-or-estate-division", "will", "public-body", "forced-sale",
	"registered-prior-contract"
};

START_TEST(test_status_names)
{
	for (int s = WVLV_OFFER_RECEIVED; s <= WVLV_OFFER_EXEMPT; s++) {
		wvlv_offer_status parsed = 0;
		ck_assert_str_eq(wvlv_offer_status_name((wvlv_offer_status)s), STATUS_NAMES[s - 1]);
		ck_assert(wvlv_offer_status_parse(STATUS_NAMES[s - 1], &parsed));
		ck_assert_int_eq(parsed, s);
	}
	wvlv_offer_status out = WVLV_OFFER_LAPSED;
	ck_assert(!wvlv_offer_status_parse("Received", &out));
	ck_assert(!wvlv_offer_status_parse("in_court", &out));
	ck_assert(!wvlv_offer_status_parse("received ", &out));
	ck_assert(!wvlv_offer_status_parse("", &out));
	ck_assert(!wvlv_offer_status_parse(NULL, &out));
	ck_assert_int_eq(out, WVLV_OFFER_LAPSED);
	ck_assert_ptr_null(wvlv_offer_status_name((wvlv_offer_status)0));
	ck_assert_ptr_null(wvlv_offer_status_name((wvlv_offer_status)11));
}
END_TEST

START_TEST(test_event_names)
{
	for (int t = WVLV_EVENT_DECISION; t <= WVLV_EVENT_DEADLINE_MOVED; t++) {
		wvlv_offer_event_type parsed = 0;
		ck_assert_str_eq(wvlv_offer_event_name((wvlv_offer_event_type)t), EVENT_NAMES[t - 1]);
		ck_assert(wvlv_offer_event_parse(EVENT_NAMES[t - 1], &parsed));
		ck_assert_int_eq(parsed, t);
		bool system = t == WVLV_EVENT_LAPSE || t == WVLV_EVENT_RELEASE ||
			      t == WVLV_EVENT_DEADLINE_MOVED;
		ck_assert_int_eq(wvlv_offer_event_is_system((wvlv_offer_event_type)t), system);
	}
	wvlv_offer_event_type out = WVLV_EVENT_AGREEMENT;
	ck_assert(!wvlv_offer_event_parse("Decision", &out));
	ck_assert(!wvlv_offer_event_parse("court_filed", &out));
	ck_assert(!wvlv_offer_event_parse("ruling", &out));
	ck_assert(!wvlv_offer_event_parse("", &out));
	ck_assert(!wvlv_offer_event_parse(NULL, &out));
	ck_assert_int_eq(out, WVLV_EVENT_AGREEMENT);
	ck_assert_ptr_null(wvlv_offer_event_name((wvlv_offer_event_type)0));
	ck_assert_ptr_null(wvlv_offer_event_name((wvlv_offer_event_type)10));
	ck_assert(!wvlv_offer_event_is_system((wvlv_offer_event_type)0));
}
END_TEST

START_TEST(test_exemption_names)
{
	for (int e = WVLV_EXEMPT_FAMILY; e <= WVLV_EXEMPT_REGISTERED_PRIOR_CONTRACT; e++) {
		wvlv_exemption parsed = WVLV_EXEMPT_NONE;
		ck_assert_str_eq(wvlv_exemption_name((wvlv_exemption)e), EXEMPTION_NAMES[e - 1]);
		ck_assert(wvlv_exemption_parse(EXEMPTION_NAMES[e - 1], &parsed));
		ck_assert_int_eq(parsed, e);
	}
	wvlv_exemption out = WVLV_EXEMPT_WILL;
	ck_assert(!wvlv_exemption_parse("none", &out));
	ck_assert(!wvlv_exemption_parse("Family", &out));
	ck_assert(!wvlv_exemption_parse("gift", &out));
	ck_assert(!wvlv_exemption_parse("", &out));
	ck_assert(!wvlv_exemption_parse(NULL, &out));
	ck_assert_int_eq(out, WVLV_EXEMPT_WILL);
	ck_assert_ptr_null(wvlv_exemption_name(WVLV_EXEMPT_NONE));
	ck_assert_ptr_null(wvlv_exemption_name((wvlv_exemption)7));
}
END_TEST

START_TEST(test_status_open)
{
	static const bool open[] = { true, true, true, true, false, false, false, false, false, false };
	for (int s = WVLV_OFFER_RECEIVED; s <= WVLV_OFFER_EXEMPT; s++)
		ck_assert_msg(wvlv_offer_status_is_open((wvlv_offer_status)s) == open[s - 1], "%s",
			      STATUS_NAMES[s - 1]);
}
END_TEST

/* --- the allowed events, by hand ----------------------------------------------------- */

/* Client events per state, in the order they are listed. */
static const char *const ALLOWED[11] = {
	[WVLV_OFFER_RECEIVED] = "decision, withdrawal",
	[WVLV_OFFER_NEGOTIATING] = "agreement, court-requested, withdrawal",
	[WVLV_OFFER_COURT_REQUESTED] = "court-filed, court-withdrawn",
	[WVLV_OFFER_IN_COURT] = "agreement, court-withdrawn",
	[WVLV_OFFER_PURCHASED] = "",
	[WVLV_OFFER_RELEASED] = "",
	[WVLV_OFFER_DECLINED] = "",
	[WVLV_OFFER_LAPSED] = "decision",
	[WVLV_OFFER_WITHDRAWN] = "",
	[WVLV_OFFER_EXEMPT] = "",
};

/* Every (state, event) pair the state machine takes, system events included. */
static bool takes(wvlv_offer_status s, wvlv_offer_event_type t)
{
	switch (s) {
	case WVLV_OFFER_RECEIVED:
		return t == WVLV_EVENT_DECISION || t == WVLV_EVENT_WITHDRAWAL ||
		       t == WVLV_EVENT_LAPSE || t == WVLV_EVENT_DEADLINE_MOVED;
	case WVLV_OFFER_LAPSED:
		return t == WVLV_EVENT_DECISION;
	case WVLV_OFFER_NEGOTIATING:
		return t == WVLV_EVENT_AGREEMENT || t == WVLV_EVENT_COURT_REQUESTED ||
		       t == WVLV_EVENT_WITHDRAWAL;
	case WVLV_OFFER_COURT_REQUESTED:
		return t == WVLV_EVENT_COURT_FILED || t == WVLV_EVENT_COURT_WITHDRAWN ||
		       t == WVLV_EVENT_RELEASE || t == WVLV_EVENT_DEADLINE_MOVED;
	case WVLV_OFFER_IN_COURT:
		return t == WVLV_EVENT_AGREEMENT || t == WVLV_EVENT_COURT_WITHDRAWN;
	default:
		return false;
	}
}

START_TEST(test_allowed_events)
{
	for (int s = WVLV_OFFER_RECEIVED; s <= WVLV_OFFER_EXEMPT; s++) {
		wvlv_offer_event_type out[8];
		size_t n = wvlv_offer_allowed_events((wvlv_offer_status)s, out);
		char list[256] = "";
		for (size_t i = 0; i < n; i++) {
			if (i)
				strcat(list, ", ");
			strcat(list, wvlv_offer_event_name(out[i]));
			ck_assert(!wvlv_offer_event_is_system(out[i]));
		}
		ck_assert_msg(strcmp(list, ALLOWED[s]) == 0, "%s: %s", STATUS_NAMES[s - 1], list);
	}
	wvlv_offer_event_type out[8];
	ck_assert_uint_eq(wvlv_offer_allowed_events((wvlv_offer_status)0, out), 0);
	ck_assert_uint_eq(wvlv_offer_allowed_events((wvlv_offer_status)11, out), 0);
}
END_TEST

/* Every pair the state machine does not take, over the full cross product:
 * 409 transition-not-allowed listing the client events of that state. */
START_TEST(test_disallowed_cross_product)
{
	int refused = 0;
	for (int s = WVLV_OFFER_RECEIVED; s <= WVLV_OFFER_EXEMPT; s++) {
		for (int t = WVLV_EVENT_DECISION; t <= WVLV_EVENT_DEADLINE_MOVED; t++) {
			if (takes((wvlv_offer_status)s, (wvlv_offer_event_type)t))
				continue;
			/* A date after everything, so only the transition is wrong. */
			wvlv_offer_event ev = E((wvlv_offer_event_type)t, "2027-01-04");
			ev.willing = true;
			ev.moved_to = D("2027-12-31");
			wvlv_error err = apply_fail(offer_in((wvlv_offer_status)s), ev,
						    WVLV_ECONFLICT, "transition-not-allowed");
			char want[256];
			if (ALLOWED[s][0])
				snprintf(want, sizeof(want), "In state %s an offer takes: %s.",
					 STATUS_NAMES[s - 1], ALLOWED[s]);
			else
				snprintf(want, sizeof(want),
					 "In state %s an offer takes no further events.",
					 STATUS_NAMES[s - 1]);
			ck_assert_str_eq(err.detail, want);

			/* One invalidParams entry per allowed event, in the same order. */
			char list[256] = "";
			for (int i = 0; i < err.nparams; i++) {
				ck_assert_str_eq(err.params[i].name, "type");
				ck_assert_str_eq(err.params[i].code, "allowed");
				if (i)
					strcat(list, ", ");
				strcat(list, err.params[i].reason);
			}
			ck_assert_str_eq(list, ALLOWED[s]);
			refused++;
		}
	}
	/* 90 pairs, 14 of them taken. */
	ck_assert_int_eq(refused, 90 - 14);
}
END_TEST

/* A disallowed transition is reported before the date is looked at. */
START_TEST(test_disallowed_before_date_checks)
{
	apply_fail(offer_in(WVLV_OFFER_PURCHASED), E(WVLV_EVENT_AGREEMENT, "2026-01-01"),
		   WVLV_ECONFLICT, "transition-not-allowed");
	apply_fail(offer_negotiating(), decision("2026-04-01", true), WVLV_ECONFLICT,
		   "transition-not-allowed");
}
END_TEST

/* --- received ---------------------------------------------------------------------- */

START_TEST(test_received_willing)
{
	wvlv_offer_state s = apply_ok(offer_received(), decision("2026-05-11", true));
	assert_state(&s, WVLV_OFFER_NEGOTIATING, "none", "none", "2026-05-11");
	ck_assert_date(s.response_deadline, "2026-05-15");
}
END_TEST

START_TEST(test_received_not_willing)
{
	wvlv_offer_state s = apply_ok(offer_received(), decision("2026-05-11", false));
	assert_state(&s, WVLV_OFFER_DECLINED, "2029-05-11", "none", "2026-05-11");
}
END_TEST

START_TEST(test_decision_on_receipt_day)
{
	wvlv_offer_state s = apply_ok(offer_received(), decision("2026-04-02", false));
	assert_state(&s, WVLV_OFFER_DECLINED, "2029-04-02", "none", "2026-04-02");
}
END_TEST

START_TEST(test_decision_on_deadline_accepted)
{
	wvlv_offer_state s = apply_ok(offer_received(), decision("2026-05-15", false));
	assert_state(&s, WVLV_OFFER_DECLINED, "2029-05-15", "none", "2026-05-15");
	s = apply_ok(offer_received(), decision("2026-05-15", true));
	assert_state(&s, WVLV_OFFER_NEGOTIATING, "none", "none", "2026-05-15");
}
END_TEST

START_TEST(test_decision_day_after_deadline_refused)
{
	for (int willing = 0; willing <= 1; willing++) {
		wvlv_error err = apply_fail(offer_received(), decision("2026-05-16", willing),
					    WVLV_ECONFLICT, "deadline-passed");
		ck_assert_ptr_nonnull(strstr(err.detail, "2026-05-15"));
		ck_assert_ptr_nonnull(strstr(err.detail, "free to sell"));
		assert_param(&err, 0, "on", "deadline-passed");
	}
	apply_fail(offer_received(), decision("2026-09-01", false), WVLV_ECONFLICT,
		   "deadline-passed");
}
END_TEST

START_TEST(test_received_withdrawal)
{
	wvlv_offer_state s = apply_ok(offer_received(), E(WVLV_EVENT_WITHDRAWAL, "2026-04-20"));
	assert_state(&s, WVLV_OFFER_WITHDRAWN, "none", "none", "2026-04-20");
	/* The owner may withdraw after the deadline too, as long as it has not lapsed. */
	s = apply_ok(offer_received(), E(WVLV_EVENT_WITHDRAWAL, "2026-05-20"));
	assert_state(&s, WVLV_OFFER_WITHDRAWN, "none", "none", "2026-05-20");
}
END_TEST

START_TEST(test_lapse_on_deadline_refused)
{
	wvlv_error err = apply_fail(offer_received(), E(WVLV_EVENT_LAPSE, "2026-05-15"),
				    WVLV_ECONFLICT, "deadline-not-passed");
	ck_assert_ptr_nonnull(strstr(err.detail, "2026-05-15"));
	apply_fail(offer_received(), E(WVLV_EVENT_LAPSE, "2026-04-10"), WVLV_ECONFLICT,
		   "deadline-not-passed");
}
END_TEST

START_TEST(test_lapse_day_after_deadline)
{
	wvlv_offer_state s = apply_ok(offer_received(), E(WVLV_EVENT_LAPSE, "2026-05-16"));
	assert_state(&s, WVLV_OFFER_LAPSED, "2029-05-15", "none", "2026-05-16");
	/* A later lapse still counts from the deadline, not from the day it is recorded. */
	s = apply_ok(offer_received(), E(WVLV_EVENT_LAPSE, "2026-07-01"));
	assert_state(&s, WVLV_OFFER_LAPSED, "2029-05-15", "none", "2026-07-01");
}
END_TEST

/* --- lapsed: a late-recorded decision ----------------------------------------------- */

START_TEST(test_late_decision_supersedes_lapse)
{
	wvlv_offer_state lapsed = apply_ok(offer_received(), E(WVLV_EVENT_LAPSE, "2026-05-16"));

	/* Refused on 2026-05-12, recorded after the lapse of 2026-05-16. */
	wvlv_offer_state s = apply_ok(lapsed, decision("2026-05-12", false));
	assert_state(&s, WVLV_OFFER_DECLINED, "2029-05-12", "none", "2026-05-12");

	/* Willing on the deadline itself: negotiating, and the owner is not free. */
	s = apply_ok(lapsed, decision("2026-05-15", true));
	assert_state(&s, WVLV_OFFER_NEGOTIATING, "none", "none", "2026-05-15");
	ck_assert(!wvlv_offer_status_is_open(lapsed.status));
	ck_assert(wvlv_offer_status_is_open(s.status));

	/* ... and the offer then runs on as usual. */
	s = apply_ok(s, E(WVLV_EVENT_COURT_REQUESTED, "2026-06-01"));
	assert_state(&s, WVLV_OFFER_COURT_REQUESTED, "none", "2026-06-29", "2026-06-01");

	/* Decided on the day of receipt. */
	s = apply_ok(lapsed, decision("2026-04-02", false));
	assert_state(&s, WVLV_OFFER_DECLINED, "2029-04-02", "none", "2026-04-02");
}
END_TEST

START_TEST(test_late_decision_after_deadline_refused)
{
	wvlv_error err = apply_fail(offer_lapsed(), decision("2026-05-16", false), WVLV_ECONFLICT,
				    "deadline-passed");
	ck_assert_ptr_nonnull(strstr(err.detail, "2026-05-15"));
	ck_assert_ptr_nonnull(strstr(err.detail, "free to sell"));
	apply_fail(offer_lapsed(), decision("2026-06-30", true), WVLV_ECONFLICT, "deadline-passed");
}
END_TEST

START_TEST(test_late_decision_before_receipt)
{
	wvlv_error err = apply_fail(offer_lapsed(), decision("2026-04-01", false), WVLV_EINVAL,
				    "before-receipt");
	assert_param(&err, 0, "on", "before-receipt");
}
END_TEST

/* --- negotiating ------------------------------------------------------------------- */

START_TEST(test_negotiating_agreement)
{
	wvlv_offer_state s = apply_ok(offer_negotiating(), E(WVLV_EVENT_AGREEMENT, "2026-05-20"));
	assert_state(&s, WVLV_OFFER_PURCHASED, "none", "none", "2026-05-20");
	/* Long after the response deadline: no deadline binds negotiation. */
	s = apply_ok(offer_negotiating(), E(WVLV_EVENT_AGREEMENT, "2027-03-01"));
	assert_state(&s, WVLV_OFFER_PURCHASED, "none", "none", "2027-03-01");
}
END_TEST

START_TEST(test_negotiating_withdrawal)
{
	wvlv_offer_state s = apply_ok(offer_negotiating(), E(WVLV_EVENT_WITHDRAWAL, "2026-05-11"));
	assert_state(&s, WVLV_OFFER_WITHDRAWN, "none", "none", "2026-05-11");
}
END_TEST

START_TEST(test_court_requested_filing_deadline)
{
	/* Mon 2026-06-01 + 4 weeks = Mon 2026-06-29, a working day. */
	wvlv_offer_state s =
		apply_ok(offer_negotiating(), E(WVLV_EVENT_COURT_REQUESTED, "2026-06-01"));
	assert_state(&s, WVLV_OFFER_COURT_REQUESTED, "none", "2026-06-29", "2026-06-01");
	ck_assert_date(s.response_deadline, "2026-05-15");
}
END_TEST

/* The filing term is subject to the Atw, with equated days passed in. */
START_TEST(test_court_filing_deadline_atw)
{
	static const struct {
		const char *requested, *deadline;
	} cases[] = {
		/* Thu + 4 weeks = Thu 2026-05-14, Ascension Day → Fri 2026-05-15. */
		{ "2026-04-16", "2026-05-15" },
		/* Mon + 4 weeks = Mon 2026-04-27, Koningsdag → Tue 2026-04-28. */
		{ "2026-03-30", "2026-04-28" },
		/* Tue + 4 weeks = Tue 2026-05-05, Bevrijdingsdag → Wed 2026-05-06. */
		{ "2026-04-07", "2026-05-06" },
		/* Fri + 4 weeks = Fri 2026-12-25, then 26 Dec (Sat), Sun → Mon 2026-12-28. */
		{ "2026-11-27", "2026-12-28" },
		/* Tue 2028-02-01 + 4 weeks = Tue 2028-02-29, a working leap day. */
		{ "2028-02-01", "2028-02-29" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		wvlv_offer_state neg = offer_negotiating();
		neg.received_on = D("2026-01-05");
		neg.last_event_on = D("2026-02-01");
		wvlv_offer_state s = apply_ok(neg, E(WVLV_EVENT_COURT_REQUESTED, cases[i].requested));
		ck_assert_msg(strcmp(F(s.court_filing_deadline), cases[i].deadline) == 0,
			      "requested %s: %s, want %s", cases[i].requested,
			      F(s.court_filing_deadline), cases[i].deadline);
	}

	/* Fri 2026-05-15 equated with a holiday → Mon 2026-05-18. */
	wvlv_equated_day eq[] = { { D("2026-05-15"), "Stcrt. test" } };
	wvlv_offer_state neg = offer_negotiating();
	neg.received_on = D("2026-01-05");
	neg.last_event_on = D("2026-02-01");
	wvlv_offer_state s = apply_ok_eq(neg, E(WVLV_EVENT_COURT_REQUESTED, "2026-04-16"), eq, 1);
	ck_assert_date(s.court_filing_deadline, "2026-05-18");
}
END_TEST

/* --- court-requested and in-court ---------------------------------------------------- */

START_TEST(test_court_filed_on_deadline)
{
	wvlv_offer_state s = apply_ok(offer_court_requested(), E(WVLV_EVENT_COURT_FILED, "2026-06-29"));
	assert_state(&s, WVLV_OFFER_IN_COURT, "none", "2026-06-29", "2026-06-29");
	s = apply_ok(offer_court_requested(), E(WVLV_EVENT_COURT_FILED, "2026-06-01"));
	assert_state(&s, WVLV_OFFER_IN_COURT, "none", "2026-06-29", "2026-06-01");
}
END_TEST

START_TEST(test_court_filed_after_deadline_refused)
{
	wvlv_error err = apply_fail(offer_court_requested(), E(WVLV_EVENT_COURT_FILED, "2026-06-30"),
				    WVLV_ECONFLICT, "filing-deadline-passed");
	ck_assert_ptr_nonnull(strstr(err.detail, "2026-06-29"));
}
END_TEST

START_TEST(test_court_withdrawn_from_requested)
{
	wvlv_offer_state s =
		apply_ok(offer_court_requested(), E(WVLV_EVENT_COURT_WITHDRAWN, "2026-06-10"));
	assert_state(&s, WVLV_OFFER_RELEASED, "2029-06-10", "2026-06-29", "2026-06-10");
	/* Withdrawn after the filing deadline (the release not yet recorded): the
	 * owner was free from the day after the unfiled term ended (Ow 9.17(1)). */
	s = apply_ok(offer_court_requested(), E(WVLV_EVENT_COURT_WITHDRAWN, "2026-07-02"));
	assert_state(&s, WVLV_OFFER_RELEASED, "2029-06-29", "2026-06-29", "2026-07-02");
}
END_TEST

START_TEST(test_release_on_deadline_refused)
{
	apply_fail(offer_court_requested(), E(WVLV_EVENT_RELEASE, "2026-06-29"), WVLV_ECONFLICT,
		   "deadline-not-passed");
	apply_fail(offer_court_requested(), E(WVLV_EVENT_RELEASE, "2026-06-02"), WVLV_ECONFLICT,
		   "deadline-not-passed");
}
END_TEST

START_TEST(test_release_day_after_deadline)
{
	wvlv_offer_state s = apply_ok(offer_court_requested(), E(WVLV_EVENT_RELEASE, "2026-06-30"));
	assert_state(&s, WVLV_OFFER_RELEASED, "2029-06-29", "2026-06-29", "2026-06-30");
	s = apply_ok(offer_court_requested(), E(WVLV_EVENT_RELEASE, "2026-08-15"));
	assert_state(&s, WVLV_OFFER_RELEASED, "2029-06-29", "2026-06-29", "2026-08-15");
}
END_TEST

START_TEST(test_in_court_agreement)
{
	wvlv_offer_state s = apply_ok(offer_in_court(), E(WVLV_EVENT_AGREEMENT, "2026-09-01"));
	assert_state(&s, WVLV_OFFER_PURCHASED, "none", "2026-06-29", "2026-09-01");
}
END_TEST

START_TEST(test_in_court_withdrawn)
{
	wvlv_offer_state s = apply_ok(offer_in_court(), E(WVLV_EVENT_COURT_WITHDRAWN, "2026-09-01"));
	assert_state(&s, WVLV_OFFER_RELEASED, "2029-09-01", "2026-06-29", "2026-09-01");
}
END_TEST

/* The brief's walk: received → negotiating → court-requested → released. */
START_TEST(test_full_path_to_release)
{
	wvlv_offer_state s = offer_received();
	s = apply_ok(s, decision("2026-05-11", true));
	s = apply_ok(s, E(WVLV_EVENT_COURT_REQUESTED, "2026-06-01"));
	assert_state(&s, WVLV_OFFER_COURT_REQUESTED, "none", "2026-06-29", "2026-06-01");
	s = apply_ok(s, E(WVLV_EVENT_RELEASE, "2026-06-30"));
	assert_state(&s, WVLV_OFFER_RELEASED, "2029-06-29", "2026-06-29", "2026-06-30");
	apply_fail(s, E(WVLV_EVENT_AGREEMENT, "2026-07-01"), WVLV_ECONFLICT,
		   "transition-not-allowed");
}
END_TEST

/* --- leap days --------------------------------------------------------------------- */

START_TEST(test_leap_day_free_periods)
{
	/* Received Thu 2028-01-20, deadline Thu 2028-03-02. */
	wvlv_offer_state rec = offer_received();
	rec.received_on = D("2028-01-20");
	rec.response_deadline = D("2028-03-02");
	wvlv_offer_state s = apply_ok(rec, decision("2028-02-29", false));
	assert_state(&s, WVLV_OFFER_DECLINED, "2031-02-28", "none", "2028-02-29");
	s = apply_ok(rec, decision("2028-02-28", false));
	ck_assert_date(s.free_to_sell_until, "2031-02-28");
	s = apply_ok(rec, decision("2028-03-01", false));
	ck_assert_date(s.free_to_sell_until, "2031-03-01");

	/* A response deadline on a leap day (moved there), lapsing the next day. */
	rec.response_deadline = D("2028-02-29");
	s = apply_ok(rec, E(WVLV_EVENT_LAPSE, "2028-03-01"));
	assert_state(&s, WVLV_OFFER_LAPSED, "2031-02-28", "none", "2028-03-01");

	/* A filing deadline on a leap day, released the next day. */
	wvlv_offer_state neg = with_status(rec, WVLV_OFFER_NEGOTIATING, "2028-01-25");
	s = apply_ok(neg, E(WVLV_EVENT_COURT_REQUESTED, "2028-02-01"));
	ck_assert_date(s.court_filing_deadline, "2028-02-29");
	wvlv_offer_state rel = apply_ok(s, E(WVLV_EVENT_RELEASE, "2028-03-01"));
	assert_state(&rel, WVLV_OFFER_RELEASED, "2031-02-28", "2028-02-29", "2028-03-01");

	/* The court request withdrawn on a leap day. */
	rel = apply_ok(s, E(WVLV_EVENT_COURT_WITHDRAWN, "2028-02-29"));
	assert_state(&rel, WVLV_OFFER_RELEASED, "2031-02-28", "2028-02-29", "2028-02-29");
}
END_TEST

/* --- deadline-moved ---------------------------------------------------------------- */

START_TEST(test_response_deadline_moved_later)
{
	/* 2026-05-15 equated with a holiday: the deadline moves to Mon 2026-05-18. */
	wvlv_offer_state s = apply_ok(offer_received(), moved("2026-04-10", "2026-05-18"));
	ck_assert_int_eq(s.status, WVLV_OFFER_RECEIVED);
	ck_assert_date(s.response_deadline, "2026-05-18");
	ck_assert_date(s.last_event_on, "none");
	ck_assert_date(s.free_to_sell_until, "none");

	/* A decision on the new deadline is in time, a lapse on it is not yet due. */
	wvlv_offer_state d = apply_ok(s, decision("2026-05-18", false));
	assert_state(&d, WVLV_OFFER_DECLINED, "2029-05-18", "none", "2026-05-18");
	apply_fail(s, E(WVLV_EVENT_LAPSE, "2026-05-18"), WVLV_ECONFLICT, "deadline-not-passed");
	wvlv_offer_state l = apply_ok(s, E(WVLV_EVENT_LAPSE, "2026-05-19"));
	assert_state(&l, WVLV_OFFER_LAPSED, "2029-05-18", "none", "2026-05-19");

	/* The move leaves last_event_on alone also when there was an event. */
	wvlv_offer_state cr = apply_ok(offer_court_requested(), moved("2026-06-20", "2026-06-30"));
	assert_state(&cr, WVLV_OFFER_COURT_REQUESTED, "none", "2026-06-30", "2026-06-01");
	ck_assert_date(cr.response_deadline, "2026-05-15");
	wvlv_offer_state f = apply_ok(cr, E(WVLV_EVENT_COURT_FILED, "2026-06-30"));
	assert_state(&f, WVLV_OFFER_IN_COURT, "none", "2026-06-30", "2026-06-30");
	apply_fail(cr, E(WVLV_EVENT_RELEASE, "2026-06-30"), WVLV_ECONFLICT, "deadline-not-passed");
	wvlv_offer_state r = apply_ok(cr, E(WVLV_EVENT_RELEASE, "2026-07-01"));
	assert_state(&r, WVLV_OFFER_RELEASED, "2029-06-30", "2026-06-30", "2026-07-01");
}
END_TEST

START_TEST(test_deadline_moved_not_later)
{
	wvlv_error err = apply_fail(offer_received(), moved("2026-04-10", "2026-05-15"),
				    WVLV_EINVAL, "not-later");
	assert_param(&err, 0, "movedTo", "not-later");
	apply_fail(offer_received(), moved("2026-04-10", "2026-05-14"), WVLV_EINVAL, "not-later");
	apply_fail(offer_court_requested(), moved("2026-06-10", "2026-06-29"), WVLV_EINVAL,
		   "not-later");
	apply_fail(offer_court_requested(), moved("2026-06-10", "2026-06-26"), WVLV_EINVAL,
		   "not-later");
	err = apply_fail(offer_received(), moved("2026-04-10", NULL), WVLV_EINVAL, "required");
	assert_param(&err, 0, "movedTo", "required");
}
END_TEST

START_TEST(test_deadline_moved_wrong_state)
{
	wvlv_error err = apply_fail(offer_negotiating(), moved("2026-05-20", "2026-05-18"),
				    WVLV_ECONFLICT, "transition-not-allowed");
	ck_assert_str_eq(err.detail,
			 "In state negotiating an offer takes: agreement, court-requested, withdrawal.");
	ck_assert_int_eq(err.nparams, 3);
	err = apply_fail(offer_lapsed(), moved("2026-05-20", "2026-05-18"), WVLV_ECONFLICT,
			 "transition-not-allowed");
	ck_assert_str_eq(err.detail, "In state lapsed an offer takes: decision.");
	err = apply_fail(offer_in_court(), moved("2026-06-20", "2026-06-30"), WVLV_ECONFLICT,
			 "transition-not-allowed");
	ck_assert_str_eq(err.detail, "In state in-court an offer takes: agreement, court-withdrawn.");
	err = apply_fail(offer_in(WVLV_OFFER_EXEMPT), moved("2026-06-20", "2026-06-30"),
			 WVLV_ECONFLICT, "transition-not-allowed");
	ck_assert_str_eq(err.detail, "In state exempt an offer takes no further events.");
	ck_assert_int_eq(err.nparams, 0);
}
END_TEST

/* --- event dates ------------------------------------------------------------------- */

START_TEST(test_events_before_receipt)
{
	wvlv_error err = apply_fail(offer_received(), decision("2026-04-01", false), WVLV_EINVAL,
				    "before-receipt");
	assert_param(&err, 0, "on", "before-receipt");
	ck_assert_ptr_nonnull(strstr(err.detail, "2026-04-02"));
	apply_fail(offer_received(), E(WVLV_EVENT_WITHDRAWAL, "2025-12-31"), WVLV_EINVAL,
		   "before-receipt");
	apply_fail(offer_received(), moved("2026-03-01", "2026-05-18"), WVLV_EINVAL,
		   "before-receipt");
	apply_fail(offer_negotiating(), E(WVLV_EVENT_COURT_REQUESTED, "2026-04-01"), WVLV_EINVAL,
		   "before-receipt");
}
END_TEST

START_TEST(test_events_before_previous)
{
	wvlv_error err = apply_fail(offer_negotiating(), E(WVLV_EVENT_AGREEMENT, "2026-05-10"),
				    WVLV_EINVAL, "before-previous-event");
	assert_param(&err, 0, "on", "before-previous-event");
	ck_assert_ptr_nonnull(strstr(err.detail, "2026-05-11"));
	apply_fail(offer_court_requested(), E(WVLV_EVENT_COURT_FILED, "2026-05-31"), WVLV_EINVAL,
		   "before-previous-event");
	apply_fail(offer_court_requested(), moved("2026-05-31", "2026-07-01"), WVLV_EINVAL,
		   "before-previous-event");
	apply_fail(offer_in_court(), E(WVLV_EVENT_COURT_WITHDRAWN, "2026-06-14"), WVLV_EINVAL,
		   "before-previous-event");
	/* The same day as the previous event is fine. */
	wvlv_offer_state s = apply_ok(offer_in_court(), E(WVLV_EVENT_AGREEMENT, "2026-06-15"));
	ck_assert_int_eq(s.status, WVLV_OFFER_PURCHASED);
}
END_TEST

START_TEST(test_bad_arguments)
{
	wvlv_offer_state cur = offer_received(), next;
	wvlv_offer_event ev = decision("2026-05-11", true);
	wvlv_error err = fresh_error();

	ev.type = (wvlv_offer_event_type)0;
	ck_assert_int_eq(wvlv_offer_apply(&cur, &ev, NULL, 0, &next, &err), WVLV_EINVAL);
	ck_assert_str_eq(err.code, "unknown-event");
	ev.type = (wvlv_offer_event_type)10;
	ck_assert_int_eq(wvlv_offer_apply(&cur, &ev, NULL, 0, &next, &err), WVLV_EINVAL);

	ev = decision("2026-05-11", true);
	ev.on = WVLV_DATE_NONE;
	err = fresh_error();
	ck_assert_int_eq(wvlv_offer_apply(&cur, &ev, NULL, 0, &next, &err), WVLV_EINVAL);
	ck_assert_str_eq(err.code, "required");
	assert_param(&err, 0, "on", "required");

	ev = decision("2026-05-11", true);
	cur.status = (wvlv_offer_status)0;
	ck_assert_int_eq(wvlv_offer_apply(&cur, &ev, NULL, 0, &next, &err), WVLV_EINTERNAL);
	cur = offer_received();
	cur.response_deadline = WVLV_DATE_NONE;
	ck_assert_int_eq(wvlv_offer_apply(&cur, &ev, NULL, 0, &next, &err), WVLV_EINTERNAL);
	cur = offer_received();
	ck_assert_int_eq(wvlv_offer_apply(NULL, &ev, NULL, 0, &next, &err), WVLV_EINTERNAL);
	ck_assert_int_eq(wvlv_offer_apply(&cur, NULL, NULL, 0, &next, &err), WVLV_EINTERNAL);
	ck_assert_int_eq(wvlv_offer_apply(&cur, &ev, NULL, 0, NULL, &err), WVLV_EINTERNAL);
	ck_assert_int_eq(wvlv_offer_apply(&cur, &ev, NULL, 1, &next, &err), WVLV_EINTERNAL);

	/* err may be NULL, and next may alias cur. */
	ck_assert_int_eq(wvlv_offer_apply(&cur, &ev, NULL, 0, &cur, NULL), WVLV_OK);
	ck_assert_int_eq(cur.status, WVLV_OFFER_NEGOTIATING);
	ck_assert_int_eq(wvlv_offer_apply(&cur, &ev, NULL, 0, &next, NULL), WVLV_ECONFLICT);
}
END_TEST

/* --- property test ------------------------------------------------------------------ */

static uint64_t rng_state;

static uint64_t rng(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ULL;
}

static int rnd(int n)
{
	return (int)(rng() % (uint64_t)n);
}

/* The status an allowed event leads to, by docs/law.md §2.11 (willing for decisions). */
static wvlv_offer_status expected_next(wvlv_offer_status s, const wvlv_offer_event *ev)
{
	switch (ev->type) {
	case WVLV_EVENT_DECISION:
		return ev->willing ? WVLV_OFFER_NEGOTIATING : WVLV_OFFER_DECLINED;
	case WVLV_EVENT_AGREEMENT: return WVLV_OFFER_PURCHASED;
	case WVLV_EVENT_COURT_REQUESTED: return WVLV_OFFER_COURT_REQUESTED;
	case WVLV_EVENT_COURT_FILED: return WVLV_OFFER_IN_COURT;
	case WVLV_EVENT_COURT_WITHDRAWN: return WVLV_OFFER_RELEASED;
	case WVLV_EVENT_WITHDRAWAL: return WVLV_OFFER_WITHDRAWN;
	case WVLV_EVENT_LAPSE: return WVLV_OFFER_LAPSED;
	case WVLV_EVENT_RELEASE: return WVLV_OFFER_RELEASED;
	case WVLV_EVENT_DEADLINE_MOVED: return s;
	}
	return s;
}

START_TEST(test_property_random_sequences)
{
	rng_state = 0x9e3779b97f4a7c15ULL;
	int reached[11] = { 0 };
	long applied = 0, refused = 0;
	const wvlv_equated_day eq[] = { { D("2026-05-15"), "a" }, { D("2027-05-07"), "b" },
					{ D("2028-05-26"), "c" } };

	for (int run = 0; run < 10000; run++) {
		wvlv_offer_state s = offer_received();
		s.received_on = D("2024-01-01") + rnd(365 * 6);
		s.response_deadline = s.received_on + 42 + rnd(4);
		if (rnd(20) == 0) {
			s.status = WVLV_OFFER_EXEMPT;
			s.response_deadline = WVLV_DATE_NONE;
		}
		wvlv_date day = s.received_on;
		reached[s.status]++;

		for (int step = 0, steps = 1 + rnd(10); step < steps; step++) {
			wvlv_offer_event ev = { .moved_to = WVLV_DATE_NONE };
			/* Mostly an event the state takes; now and then any event. */
			if (rnd(10) < 8) {
				int pick = 0, n = 0;
				for (int t = 1; t <= 9; t++)
					if (takes(s.status, (wvlv_offer_event_type)t) && rnd(++n) == 0)
						pick = t;
				ev.type = (wvlv_offer_event_type)(pick ? pick : 1 + rnd(9));
			} else {
				ev.type = (wvlv_offer_event_type)(1 + rnd(9));
			}
			day += rnd(4) == 0 ? 0 : rnd(30);
			ev.on = rnd(25) == 0 ? s.received_on - 1 - rnd(5) : day;
			ev.willing = rnd(2);
			wvlv_date open_deadline = s.status == WVLV_OFFER_COURT_REQUESTED
							  ? s.court_filing_deadline
							  : s.response_deadline;
			if (ev.type == WVLV_EVENT_DEADLINE_MOVED && open_deadline != WVLV_DATE_NONE)
				ev.moved_to = open_deadline - 2 + rnd(6);

			wvlv_offer_state next = poison(), untouched = poison();
			wvlv_error err = fresh_error();
			wvlv_status st = wvlv_offer_apply(&s, &ev, eq, 3, &next, &err);
			if (st != WVLV_OK) {
				ck_assert_msg(st == WVLV_EINVAL || st == WVLV_ECONFLICT,
					      "run %d: %s", run, wvlv_status_name(st));
				ck_assert_int_eq(memcmp(&next, &untouched, sizeof(next)), 0);
				if (!takes(s.status, ev.type))
					ck_assert_str_eq(err.code, "transition-not-allowed");
				refused++;
				continue;
			}
			applied++;

			/* Only a pair the law knows, leading where the law says. */
			ck_assert(takes(s.status, ev.type));
			ck_assert_int_eq(next.status, expected_next(s.status, &ev));
			ck_assert_ptr_nonnull(wvlv_offer_status_name(next.status));

			/* Never an open state with a free period; a closing one always has it. */
			if (wvlv_offer_status_is_open(next.status))
				ck_assert_int_eq(next.free_to_sell_until, WVLV_DATE_NONE);
			if (next.status == WVLV_OFFER_DECLINED || next.status == WVLV_OFFER_LAPSED ||
			    next.status == WVLV_OFFER_RELEASED) {
				ck_assert_int_ne(next.free_to_sell_until, WVLV_DATE_NONE);
				/* Three years: between 1095 and 1097 days after its start. */
				ck_assert_int_ge(next.free_to_sell_until - next.received_on, 1095);
			} else {
				ck_assert_int_eq(next.free_to_sell_until, WVLV_DATE_NONE);
			}
			if (next.status == WVLV_OFFER_COURT_REQUESTED ||
			    next.status == WVLV_OFFER_IN_COURT)
				ck_assert_int_ne(next.court_filing_deadline, WVLV_DATE_NONE);
			if (next.status != WVLV_OFFER_EXEMPT)
				ck_assert_int_ne(next.response_deadline, WVLV_DATE_NONE);
			/* Deadlines only move later. */
			if (s.response_deadline != WVLV_DATE_NONE)
				ck_assert_int_ge(next.response_deadline, s.response_deadline);
			if (s.court_filing_deadline != WVLV_DATE_NONE)
				ck_assert_int_ge(next.court_filing_deadline, s.court_filing_deadline);
			ck_assert_int_ge(next.last_event_on == WVLV_DATE_NONE ? next.received_on
									      : next.last_event_on,
					 next.received_on);
			if (ev.type == WVLV_EVENT_DEADLINE_MOVED)
				ck_assert_int_eq(next.last_event_on, s.last_event_on);
			else
				ck_assert_int_eq(next.last_event_on, ev.on);

			s = next;
			reached[s.status]++;
		}
	}
	/* Every status was reached, and both outcomes occur often. */
	for (int st = WVLV_OFFER_RECEIVED; st <= WVLV_OFFER_EXEMPT; st++)
		ck_assert_msg(reached[st] > 0, "%s never reached", STATUS_NAMES[st - 1]);
	ck_assert_int_gt(applied, 10000);
	ck_assert_int_gt(refused, 1000);
}
END_TEST

/* --- cadastral designations ---------------------------------------------------------- */

START_TEST(test_cadastral_valid)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "DDT01 K 4550 A 12", "DDT01 K 4550 A 12" },
		{ "ddt01k4550a12", "DDT01 K 4550 A 12" },
		{ "DDT01K4550", "DDT01 K 4550" },
		{ "ddt01 k 4550", "DDT01 K 4550" },
		{ "DdT01kA7", "DDT01 KA 7" },
		{ "ASD02  AB   00123", "ASD02 AB 123" },
		{ "DDT01 K 04550 A 0012", "DDT01 K 4550 A 12" },
		{ "DDT01 K 00001", "DDT01 K 1" },
		{ "RTD00 A 1", "RTD00 A 1" },
		{ "DDT01 A 4550 A 1", "DDT01 A 4550 A 1" },
		{ "DDT01AA1A1", "DDT01 AA 1 A 1" },
		{ "DDT01 KA 99999 A 9999", "DDT01 KA 99999 A 9999" },
		{ "DDT01 K 1 a 1", "DDT01 K 1 A 1" },
		{ "DDT01 K 4550A12", "DDT01 K 4550 A 12" },
		{ "DDT01 K 4550 A12", "DDT01 K 4550 A 12" },
		{ "DDT01 K 4550A 12", "DDT01 K 4550 A 12" },
		{ "grn00 x 12345", "GRN00 X 12345" },
		{ "ZWD07 z 10", "ZWD07 Z 10" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char out[32];
		memset(out, 'x', sizeof(out));
		ck_assert_msg(wvlv_cadastral_normalise(cases[i].in, out), "refused \"%s\"", cases[i].in);
		ck_assert_str_eq(out, cases[i].want);
		/* The normal form is a fixed point. */
		char again[32];
		ck_assert(wvlv_cadastral_normalise(out, again));
		ck_assert_str_eq(again, out);
	}
}
END_TEST

START_TEST(test_cadastral_invalid)
{
	static const char *const cases[] = {
		"",
		"DDT01 K 4550 x",        /* trailing junk */
		"DDT01 K 4550 A 12 ",    /* trailing space */
		" DDT01 K 4550",         /* leading space */
		"DDT01 K 455000",        /* 6-digit parcel */
		"DDT01 K 045500",        /* 6 digits, even with a leading zero */
		"DDT01 KKK 4550",        /* 3-letter section */
		"DDT01 K 4550 A",        /* A without index */
		"DDT01 K 4550 A ",
		"DDT01 K 4550 A 12345",  /* index of 5 digits */
		"DDT01 K 4550 A 0",      /* index 0 */
		"DDT01 K 0",             /* parcel 0 */
		"DDT01 K 00000",
		"DDT1 K 4550",           /* AKR code with 1 digit */
		"DD01 K 4550",           /* AKR code with 2 letters */
		"DDT012 K 4550",         /* AKR code with 3 digits */
		"DDT 01 K 4550",         /* space inside the AKR code */
		"01DDT K 4550",
		"DDT01 4550",            /* no section */
		"DDT01 K",               /* no parcel */
		"DDT01 K 4550 B 12",     /* not the apartment marker */
		"DDT01 K 4550 A 12 A 3",
		"DDT01 K 45 50",
		"DDT01 K -4550",
		"DDT01-K-4550",
		"DDT01\tK\t4550",        /* tabs are not spaces */
		"D\xc3\x84T01 K 4550",   /* non-ASCII letter */
		"DDT01 K 4550\n",
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char out[32] = "untouched";
		ck_assert_msg(!wvlv_cadastral_normalise(cases[i], out), "accepted \"%s\" as \"%s\"",
			      cases[i], out);
		ck_assert_str_eq(out, "untouched");
	}
	char out[32] = "untouched";
	ck_assert(!wvlv_cadastral_normalise(NULL, out));
	ck_assert_str_eq(out, "untouched");
}
END_TEST

/* --- prices ------------------------------------------------------------------------- */

START_TEST(test_price_valid)
{
	static const char *const cases[] = {
		"0", "0.5", "0.50", "0.00", "1", "7", "10", "42.1", "5.05", "100.00", "350000",
		"350000.5", "350000.50", "1000000", "123456789012.3", "999999999999",
		"999999999999.99",
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ck_assert_msg(wvlv_price_valid(cases[i]), "refused \"%s\"", cases[i]);
}
END_TEST

START_TEST(test_price_invalid)
{
	static const char *const cases[] = {
		"",
		"-1", "-0", "+1",             /* no sign */
		"1e5", "1E5", "1.5e2",        /* no exponent */
		"1.", ".5", "1.234", "1..2", "1.2.3",
		"1,50", "350.000,00",
		" 1", "1 ", "1\n",
		"1000000000000",              /* 13 integer digits */
		"1000000000000.00",
		"abc", "12a", "0x10", "NaN", "inf",
		"01", "00", "007.50",         /* no leading zeros */
		"\xd9\xa1\xd9\xa2",           /* Arabic-Indic digits */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ck_assert_msg(!wvlv_price_valid(cases[i]), "accepted \"%s\"", cases[i]);
	ck_assert(!wvlv_price_valid(NULL));
}
END_TEST

/* --- runner ------------------------------------------------------------------------------ */

static Suite *offer_suite(void)
{
	Suite *s = suite_create("offer");
	unit_add(s, "status_names", test_status_names);
	unit_add(s, "event_names", test_event_names);
	unit_add(s, "exemption_names", test_exemption_names);
	unit_add(s, "status_open", test_status_open);
	unit_add(s, "allowed_events", test_allowed_events);
	unit_add(s, "disallowed_cross_product", test_disallowed_cross_product);
	unit_add(s, "disallowed_before_date_checks", test_disallowed_before_date_checks);
	unit_add(s, "received_willing", test_received_willing);
	unit_add(s, "received_not_willing", test_received_not_willing);
	unit_add(s, "decision_on_receipt_day", test_decision_on_receipt_day);
	unit_add(s, "decision_on_deadline_accepted", test_decision_on_deadline_accepted);
	unit_add(s, "decision_day_after_deadline_refused", test_decision_day_after_deadline_refused);
	unit_add(s, "received_withdrawal", test_received_withdrawal);
	unit_add(s, "lapse_on_deadline_refused", test_lapse_on_deadline_refused);
	unit_add(s, "lapse_day_after_deadline", test_lapse_day_after_deadline);
	unit_add(s, "late_decision_supersedes_lapse", test_late_decision_supersedes_lapse);
	unit_add(s, "late_decision_after_deadline_refused", test_late_decision_after_deadline_refused);
	unit_add(s, "late_decision_before_receipt", test_late_decision_before_receipt);
	unit_add(s, "negotiating_agreement", test_negotiating_agreement);
	unit_add(s, "negotiating_withdrawal", test_negotiating_withdrawal);
	unit_add(s, "court_requested_filing_deadline", test_court_requested_filing_deadline);
	unit_add(s, "court_filing_deadline_atw", test_court_filing_deadline_atw);
	unit_add(s, "court_filed_on_deadline", test_court_filed_on_deadline);
	unit_add(s, "court_filed_after_deadline_refused", test_court_filed_after_deadline_refused);
	unit_add(s, "court_withdrawn_from_requested", test_court_withdrawn_from_requested);
	unit_add(s, "release_on_deadline_refused", test_release_on_deadline_refused);
	unit_add(s, "release_day_after_deadline", test_release_day_after_deadline);
	unit_add(s, "in_court_agreement", test_in_court_agreement);
	unit_add(s, "in_court_withdrawn", test_in_court_withdrawn);
	unit_add(s, "full_path_to_release", test_full_path_to_release);
	unit_add(s, "leap_day_free_periods", test_leap_day_free_periods);
	unit_add(s, "response_deadline_moved_later", test_response_deadline_moved_later);
	unit_add(s, "deadline_moved_not_later", test_deadline_moved_not_later);
	unit_add(s, "deadline_moved_wrong_state", test_deadline_moved_wrong_state);
	unit_add(s, "events_before_receipt", test_events_before_receipt);
	unit_add(s, "events_before_previous", test_events_before_previous);
	unit_add(s, "bad_arguments", test_bad_arguments);
	unit_add(s, "property_random_sequences", test_property_random_sequences);
	unit_add(s, "cadastral_valid", test_cadastral_valid);
	unit_add(s, "cadastral_invalid", test_cadastral_invalid);
	unit_add(s, "price_valid", test_price_valid);
	unit_add(s, "price_invalid", test_price_invalid);
	return s;
}

int main(void)
{
	return unit_run(offer_suite());
}
