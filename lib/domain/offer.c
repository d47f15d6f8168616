/* offer.c — sale offers under the preference right (see offer.h,
 * docs/law.md §2 and §7): names, the one state-machine function, the events a client may
 * post in each state, cadastral designations and prices.  Pure functions.
 *
 * Every transition lives in wvlv_offer_apply(); the table of allowed events
 * below is the one place that says which event a state takes, and both the
 * state machine and the "transition-not-allowed" answer read it.
 */
#include "wvlv/offer.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>


/* The end of the free period after a refusal, a lapse or a release on day x
 * (Ow 9.14, 9.17): its length is the term table's (deadline.c). */
static wvlv_date free_until(wvlv_date x)
{
	return wvlv_date_years_after(x, wvlv_term_get(WVLV_TERM_FREE_PERIOD)->length);
}

/* --- names ------------------------------------------------------------------------ */

static const char *const status_names[] = {
	"received", "negotiating", "court-requested", "in-court", "purchased",
	"released", "declined", "lapsed", "withdrawn", "exempt"
};
static const char *const event_names[] = {
	"decision", "agreement", "court-requested", "court-filed", "court-withdrawn",
	"withdrawal", "lapse", "release", "deadline-moved"
};
static const char *const exemption_names[] = {
	"family", "marital-or-estate-division", "will", "public-body", "forced-sale",
	"registered-prior-contract"
};
static const char *const decision_names[] = { "willing", "not-willing" };

_Static_assert(WVLV_COUNTOF(status_names) == WVLV_OFFER_EXEMPT - WVLV_OFFER_RECEIVED + 1,
	       "one name per offer status");
_Static_assert(WVLV_COUNTOF(event_names) == WVLV_EVENT_DEADLINE_MOVED - WVLV_EVENT_DECISION + 1,
	       "one name per event type");
_Static_assert(WVLV_COUNTOF(exemption_names) ==
		       WVLV_EXEMPT_REGISTERED_PRIOR_CONTRACT - WVLV_EXEMPT_FAMILY + 1,
	       "one name per exemption ground");
_Static_assert(WVLV_COUNTOF(decision_names) ==
		       WVLV_DECISION_NOT_WILLING - WVLV_DECISION_WILLING + 1,
	       "one name per answer");

const wvlv_enum wvlv_offer_status_enum = WVLV_ENUM_TABLE(status_names, WVLV_OFFER_RECEIVED);
const wvlv_enum wvlv_offer_event_enum = WVLV_ENUM_TABLE(event_names, WVLV_EVENT_DECISION);
const wvlv_enum wvlv_exemption_enum = WVLV_ENUM_TABLE(exemption_names, WVLV_EXEMPT_FAMILY);
const wvlv_enum wvlv_offer_decision_enum = WVLV_ENUM_TABLE(decision_names, WVLV_DECISION_WILLING);

WVLV_ENUM_FUNCTIONS(wvlv_offer_status, wvlv_offer_status_name, wvlv_offer_status_parse,
		    wvlv_offer_status_enum)
WVLV_ENUM_FUNCTIONS(wvlv_offer_event_type, wvlv_offer_event_name, wvlv_offer_event_parse,
		    wvlv_offer_event_enum)
/* NONE has no name: it is not in the table. */
WVLV_ENUM_FUNCTIONS(wvlv_exemption, wvlv_exemption_name, wvlv_exemption_parse,
		    wvlv_exemption_enum)

bool wvlv_offer_event_is_system(wvlv_offer_event_type t)
{
	return t == WVLV_EVENT_LAPSE || t == WVLV_EVENT_RELEASE || t == WVLV_EVENT_DEADLINE_MOVED;
}

wvlv_event_member wvlv_offer_event_member(wvlv_offer_event_type t)
{
	return t == WVLV_EVENT_DECISION    ? WVLV_MEMBER_DECISION
	       : t == WVLV_EVENT_AGREEMENT ? WVLV_MEMBER_PRICE
					   : WVLV_MEMBER_NONE;
}

/* Open: the offer is still running and a deadline may be pending.  Lapsed is
 * terminal although a late-recorded decision may still supersede it. */
bool wvlv_offer_status_is_open(wvlv_offer_status s)
{
	switch (s) {
	case WVLV_OFFER_RECEIVED:
	case WVLV_OFFER_NEGOTIATING:
	case WVLV_OFFER_COURT_REQUESTED:
	case WVLV_OFFER_IN_COURT:
		return true;
	case WVLV_OFFER_PURCHASED:
	case WVLV_OFFER_RELEASED:
	case WVLV_OFFER_DECLINED:
	case WVLV_OFFER_LAPSED:
	case WVLV_OFFER_WITHDRAWN:
	case WVLV_OFFER_EXEMPT:
		return false;
	}
	return false;
}

/* --- the events each state takes --------------------------------------------------- */

/* Bit of an event type in an event set. */
#define EV(t) (1u << (t))

/* Every event a state takes: client events and the system's own. */
static unsigned events_taken(wvlv_offer_status s)
{
	switch (s) {
	case WVLV_OFFER_RECEIVED:
		return EV(WVLV_EVENT_DECISION) | EV(WVLV_EVENT_WITHDRAWAL) | EV(WVLV_EVENT_LAPSE) |
		       EV(WVLV_EVENT_DEADLINE_MOVED);
	case WVLV_OFFER_LAPSED:
		return EV(WVLV_EVENT_DECISION);
	case WVLV_OFFER_NEGOTIATING:
		return EV(WVLV_EVENT_AGREEMENT) | EV(WVLV_EVENT_COURT_REQUESTED) |
		       EV(WVLV_EVENT_WITHDRAWAL);
	case WVLV_OFFER_COURT_REQUESTED:
		return EV(WVLV_EVENT_COURT_FILED) | EV(WVLV_EVENT_COURT_WITHDRAWN) |
		       EV(WVLV_EVENT_RELEASE) | EV(WVLV_EVENT_DEADLINE_MOVED);
	case WVLV_OFFER_IN_COURT:
		return EV(WVLV_EVENT_AGREEMENT) | EV(WVLV_EVENT_COURT_WITHDRAWN);
	case WVLV_OFFER_PURCHASED:
	case WVLV_OFFER_RELEASED:
	case WVLV_OFFER_DECLINED:
	case WVLV_OFFER_WITHDRAWN:
	case WVLV_OFFER_EXEMPT:
		return 0;
	}
	return 0;
}

size_t wvlv_offer_allowed_events(wvlv_offer_status s, wvlv_offer_event_type out[8])
{
	unsigned taken = events_taken(s);
	size_t n = 0;
	for (int t = WVLV_EVENT_DECISION; t <= WVLV_EVENT_DEADLINE_MOVED && n < 8; t++)
		if ((taken & EV(t)) && !wvlv_offer_event_is_system((wvlv_offer_event_type)t))
			out[n++] = (wvlv_offer_event_type)t;
	return n;
}

/* --- the state machine -------------------------------------------------------------- */

/* ECONFLICT "transition-not-allowed", naming the client events the state takes. */
static wvlv_status not_allowed(wvlv_offer_status s, wvlv_error *err)
{
	wvlv_offer_event_type allowed[8];
	size_t n = wvlv_offer_allowed_events(s, allowed);
	const char *state = wvlv_offer_status_name(s);

	if (n == 0)
		return wvlv_error_set(err, WVLV_ECONFLICT, "transition-not-allowed",
				      "In state %s an offer takes no further events.", state);

	unsigned set = 0;
	for (size_t i = 0; i < n; i++)
		set |= wvlv_enum_bit(&wvlv_offer_event_enum, (int)allowed[i]);
	char list[WVLV_ENUM_TEXT_MAX];
	wvlv_enum_text(&wvlv_offer_event_enum, set, WVLV_ENUM_COMMAS, list, sizeof(list));
	wvlv_status st = wvlv_error_set(err, WVLV_ECONFLICT, "transition-not-allowed",
					"In state %s an offer takes: %s.", state, list);
	for (size_t i = 0; i < n; i++)
		wvlv_error_add_param(err, "type", "allowed", "%s",
				     event_names[allowed[i] - WVLV_EVENT_DECISION]);
	return st;
}

/* The state after a decision dated ev->on, in received or lapsed: the caller
 * checked that the state takes it and that ev->on is not before receipt. */
static wvlv_status apply_decision(const wvlv_offer_state *cur, const wvlv_offer_event *ev,
				  wvlv_offer_state *n, wvlv_error *err)
{
	char b1[WVLV_DATE_STRLEN], b2[WVLV_DATE_STRLEN], b3[WVLV_DATE_STRLEN];

	if (ev->on > cur->response_deadline) {
		wvlv_date free_to = free_until(cur->response_deadline);
		wvlv_status st = wvlv_error_set(
			err, WVLV_ECONFLICT, "deadline-passed",
			"The response deadline was %s; a decision dated %s comes too late, and the owner is free to sell until %s.",
			wvlv_date_format(cur->response_deadline, b1), wvlv_date_format(ev->on, b2),
			wvlv_date_format(free_to, b3));
		wvlv_error_add_param(err, "on", "deadline-passed", "after the response deadline %s",
				     b1);
		return st;
	}
	if (ev->willing) {
		n->status = WVLV_OFFER_NEGOTIATING;
		n->free_to_sell_until = WVLV_DATE_NONE;
	} else {
		n->status = WVLV_OFFER_DECLINED;
		n->free_to_sell_until = free_until(ev->on);
	}
	return WVLV_OK;
}

/* deadline-moved: *deadline becomes ev->moved_to, which must be later. */
static wvlv_status move_deadline(wvlv_date *deadline, const char *what,
				 const wvlv_offer_event *ev, wvlv_error *err)
{
	char b1[WVLV_DATE_STRLEN], b2[WVLV_DATE_STRLEN];

	if (ev->moved_to == WVLV_DATE_NONE) {
		wvlv_status st = wvlv_error_set(err, WVLV_EINVAL, "required",
						"A deadline-moved event needs the new deadline.");
		wvlv_error_add_param(err, "movedTo", "required", "the new %s deadline", what);
		return st;
	}
	if (ev->moved_to <= *deadline) {
		wvlv_status st = wvlv_error_set(
			err, WVLV_EINVAL, "not-later",
			"The %s deadline is %s; a deadline is never moved to %s, which is not later.",
			what, wvlv_date_format(*deadline, b1), wvlv_date_format(ev->moved_to, b2));
		wvlv_error_add_param(err, "movedTo", "not-later", "must be after %s", b1);
		return st;
	}
	*deadline = ev->moved_to;
	return WVLV_OK;
}

wvlv_status wvlv_offer_apply(const wvlv_offer_state *cur, const wvlv_offer_event *ev,
			     const wvlv_equated_day *equated, size_t n_equated,
			     wvlv_offer_state *next, wvlv_error *err)
{
	char b1[WVLV_DATE_STRLEN], b2[WVLV_DATE_STRLEN], b3[WVLV_DATE_STRLEN];

	if (!cur || !ev || !next || (n_equated > 0 && !equated))
		return wvlv_error_set(err, WVLV_EINTERNAL, WVLV_CODE_INTERNAL,
				      "wvlv_offer_apply called without an offer, an event or a result.");
	const char *state = wvlv_offer_status_name(cur->status);
	if (!state)
		return wvlv_error_set(err, WVLV_EINTERNAL, WVLV_CODE_INTERNAL,
				      "The offer has an unknown status %d.", (int)cur->status);
	if (cur->received_on == WVLV_DATE_NONE)
		return wvlv_error_set(err, WVLV_EINTERNAL, WVLV_CODE_INTERNAL,
				      "The offer has no date of receipt.");
	const char *event = wvlv_offer_event_name(ev->type);
	if (!event) {
		wvlv_status st = wvlv_error_set(err, WVLV_EINVAL, "unknown-event",
						"Unknown event type %d.", (int)ev->type);
		wvlv_error_add_param(err, "type", "unknown-event", "not an event type");
		return st;
	}
	if (ev->on == WVLV_DATE_NONE) {
		wvlv_status st = wvlv_error_set(err, WVLV_EINVAL, "required",
						"An event needs the date it happened on.");
		wvlv_error_add_param(err, "on", "required", "the day the event happened");
		return st;
	}

	/* Does the state take this event at all? */
	if (!(events_taken(cur->status) & EV(ev->type)))
		return not_allowed(cur->status, err);

	/* The deadline an open state runs against must be known. */
	if ((cur->status == WVLV_OFFER_RECEIVED || cur->status == WVLV_OFFER_LAPSED) &&
	    cur->response_deadline == WVLV_DATE_NONE)
		return wvlv_error_set(err, WVLV_EINTERNAL, WVLV_CODE_INTERNAL,
				      "The offer in state %s has no response deadline.", state);
	if (cur->status == WVLV_OFFER_COURT_REQUESTED && cur->court_filing_deadline == WVLV_DATE_NONE)
		return wvlv_error_set(err, WVLV_EINTERNAL, WVLV_CODE_INTERNAL,
				      "The offer in state %s has no court filing deadline.", state);

	/* Events are dated in order.  A decision on a lapsed offer is the
	 * exception: it was made before the lapse and recorded after it, so only
	 * the receipt bounds it. */
	if (ev->on < cur->received_on) {
		wvlv_status st = wvlv_error_set(
			err, WVLV_EINVAL, "before-receipt",
			"The event %s is dated %s, before the offer was received on %s.", event,
			wvlv_date_format(ev->on, b1), wvlv_date_format(cur->received_on, b2));
		wvlv_error_add_param(err, "on", "before-receipt", "the offer was received on %s", b2);
		return st;
	}
	bool late_decision = cur->status == WVLV_OFFER_LAPSED && ev->type == WVLV_EVENT_DECISION;
	if (!late_decision && cur->last_event_on != WVLV_DATE_NONE && ev->on < cur->last_event_on) {
		wvlv_status st = wvlv_error_set(
			err, WVLV_EINVAL, "before-previous-event",
			"The event %s is dated %s, before the previous event on %s.", event,
			wvlv_date_format(ev->on, b1), wvlv_date_format(cur->last_event_on, b2));
		wvlv_error_add_param(err, "on", "before-previous-event",
				     "the previous event was on %s", b2);
		return st;
	}

	wvlv_offer_state n = *cur;
	wvlv_status st = WVLV_OK;

	switch (ev->type) {
	case WVLV_EVENT_DECISION: /* received, lapsed */
		st = apply_decision(cur, ev, &n, err);
		break;

	case WVLV_EVENT_LAPSE: /* received */
		if (ev->on <= cur->response_deadline) {
			st = wvlv_error_set(
				err, WVLV_ECONFLICT, "deadline-not-passed",
				"The response deadline %s has not passed on %s; the offer can lapse from %s on.",
				wvlv_date_format(cur->response_deadline, b1), wvlv_date_format(ev->on, b2),
				wvlv_date_format(cur->response_deadline + 1, b3));
			break;
		}
		n.status = WVLV_OFFER_LAPSED;
		n.free_to_sell_until = free_until(cur->response_deadline);
		break;

	case WVLV_EVENT_WITHDRAWAL: /* received, negotiating */
		n.status = WVLV_OFFER_WITHDRAWN;
		break;

	case WVLV_EVENT_AGREEMENT: /* negotiating, in-court */
		n.status = WVLV_OFFER_PURCHASED;
		break;

	case WVLV_EVENT_COURT_REQUESTED: { /* negotiating */
		const wvlv_term *term = wvlv_term_get(WVLV_TERM_COURT_FILING);
		if (!term) {
			st = wvlv_error_set(err, WVLV_EINTERNAL, WVLV_CODE_INTERNAL,
					    "The court-filing term is missing from the term table.");
			break;
		}
		wvlv_deadline dl;
		st = wvlv_deadline_compute(term, ev->on, equated, n_equated, &dl, err);
		if (st != WVLV_OK)
			break;
		n.status = WVLV_OFFER_COURT_REQUESTED;
		n.court_filing_deadline = dl.deadline;
		break;
	}

	case WVLV_EVENT_COURT_FILED: /* court-requested */
		if (ev->on > cur->court_filing_deadline) {
			st = wvlv_error_set(
				err, WVLV_ECONFLICT, "filing-deadline-passed",
				"The court filing deadline was %s; a filing dated %s comes too late.",
				wvlv_date_format(cur->court_filing_deadline, b1), wvlv_date_format(ev->on, b2));
			wvlv_error_add_param(err, "on", "filing-deadline-passed",
					     "after the court filing deadline %s", b1);
			break;
		}
		n.status = WVLV_OFFER_IN_COURT;
		break;

	case WVLV_EVENT_COURT_WITHDRAWN: /* court-requested, in-court */
		n.status = WVLV_OFFER_RELEASED;
		/* Ow 9.17(1): free from the day after the withdrawal — or, when the
		 * filing term had already ended unfiled, from the day after it */
		n.free_to_sell_until = free_until(cur->status == WVLV_OFFER_COURT_REQUESTED &&
								  ev->on > cur->court_filing_deadline
							  ? cur->court_filing_deadline
							  : ev->on);
		break;

	case WVLV_EVENT_RELEASE: /* court-requested */
		if (ev->on <= cur->court_filing_deadline) {
			st = wvlv_error_set(
				err, WVLV_ECONFLICT, "deadline-not-passed",
				"The court filing deadline %s has not passed on %s; the offer can be released from %s on.",
				wvlv_date_format(cur->court_filing_deadline, b1), wvlv_date_format(ev->on, b2),
				wvlv_date_format(cur->court_filing_deadline + 1, b3));
			break;
		}
		n.status = WVLV_OFFER_RELEASED;
		n.free_to_sell_until = free_until(cur->court_filing_deadline);
		break;

	case WVLV_EVENT_DEADLINE_MOVED: /* received, court-requested */
		if (cur->status == WVLV_OFFER_RECEIVED)
			st = move_deadline(&n.response_deadline, "response", ev, err);
		else
			st = move_deadline(&n.court_filing_deadline, "court filing", ev, err);
		break;
	}
	if (st != WVLV_OK)
		return st;

	if (ev->type != WVLV_EVENT_DEADLINE_MOVED)
		n.last_event_on = ev->on;
	*next = n;
	return WVLV_OK;
}

/* --- cadastral designations ---------------------------------------------------------- */

static bool is_letter(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static char upper(char c)
{
	return (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
}

static void skip_spaces(const char **p)
{
	while (**p == ' ')
		(*p)++;
}

/* A number of 1..max_digits digits at *p, appended to *o without leading
 * zeros; false when there are no digits, too many, or the number is zero. */
static bool copy_number(const char **p, int max_digits, char **o)
{
	const char *start = *p;
	while (is_digit(**p))
		(*p)++;
	long n = *p - start;
	if (n == 0 || n > max_digits)
		return false;
	while (n > 1 && *start == '0') {
		start++;
		n--;
	}
	if (*start == '0')
		return false;
	memcpy(*o, start, (size_t)n);
	*o += n;
	return true;
}

/* The longest form, "ABC12 KK 12345 A 1234", is 21 characters. */
bool wvlv_cadastral_normalise(const char *in, char out[32])
{
	if (!in || !out)
		return false;
	const char *p = in;
	char buf[32];
	char *o = buf;

	/* Cadastral municipality: 3 letters + 2 digits, one token. */
	for (int i = 0; i < 5; i++) {
		if (i < 3 ? !is_letter(p[i]) : !is_digit(p[i]))
			return false;
		*o++ = upper(p[i]);
	}
	p += 5;
	skip_spaces(&p);
	*o++ = ' ';

	/* Section: 1–2 letters. */
	int ns = 0;
	while (is_letter(*p)) {
		if (++ns > 2)
			return false;
		*o++ = upper(*p++);
	}
	if (ns == 0)
		return false;
	skip_spaces(&p);
	*o++ = ' ';

	/* Parcel number: 1–5 digits, not zero. */
	if (!copy_number(&p, 5, &o))
		return false;

	/* Optionally "A" and an apartment index: 1–4 digits, not zero. */
	if (*p != '\0') {
		skip_spaces(&p);
		if (*p != 'A' && *p != 'a')
			return false;
		p++;
		skip_spaces(&p);
		memcpy(o, " A ", 3);
		o += 3;
		if (!copy_number(&p, 4, &o))
			return false;
	}
	if (*p != '\0')
		return false;
	*o = '\0';
	memcpy(out, buf, (size_t)(o - buf) + 1);
	return true;
}

/* --- prices ---------------------------------------------------------------------- */

bool wvlv_price_valid(const char *s)
{
	if (!s)
		return false;
	size_t n = 0;
	while (is_digit(s[n]))
		n++;
	if (n == 0 || n > 12)
		return false;
	if (n > 1 && s[0] == '0')       /* no leading zeros: "0" and "0.50", not "007" */
		return false;
	const char *p = s + n;
	if (*p == '\0')
		return true;
	if (*p++ != '.')
		return false;
	size_t d = 0;
	while (is_digit(p[d]))
		d++;
	return (d == 1 || d == 2) && p[d] == '\0';
}

/* --- decisions recorded late ------------------------------------------------------------ */

bool wvlv_offer_recorded_late(const wvlv_offer_state *cur, const wvlv_offer_event *ev,
			      wvlv_date recorded_on)
{
	return cur && ev && ev->type == WVLV_EVENT_DECISION &&
	       cur->response_deadline != WVLV_DATE_NONE && recorded_on != WVLV_DATE_NONE &&
	       recorded_on > cur->response_deadline;
}
