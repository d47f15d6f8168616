/* offer.h — sale offers under the preference right: states, events and the
 * one state-machine function (docs/law.md §2).  Pure functions, no I/O.
 *
 * The server (events posted by clerks) and the alert job (lapse, release) both
 * move an offer through wvlv_offer_apply(); nothing else changes a status.
 */
#ifndef WVLV_OFFER_H
#define WVLV_OFFER_H

#include <stdbool.h>
#include <stddef.h>
#include "wvlv/crs.h"
#include "wvlv/date.h"
#include "wvlv/deadline.h"
#include "wvlv/enum.h"
#include "wvlv/status.h"
#include "wvlv/uuid.h"

typedef enum wvlv_offer_status {
	WVLV_OFFER_RECEIVED = 1,
	WVLV_OFFER_NEGOTIATING,
	WVLV_OFFER_COURT_REQUESTED,
	WVLV_OFFER_IN_COURT,
	WVLV_OFFER_PURCHASED,
	WVLV_OFFER_RELEASED,
	WVLV_OFFER_DECLINED,
	WVLV_OFFER_LAPSED,
	WVLV_OFFER_WITHDRAWN,
	WVLV_OFFER_EXEMPT
} wvlv_offer_status;

typedef enum wvlv_offer_event_type {
	WVLV_EVENT_DECISION = 1,     /* member decision: willing | not-willing */
	WVLV_EVENT_AGREEMENT,        /* optional price */
	WVLV_EVENT_COURT_REQUESTED,  /* the owner asks for a court price ruling */
	WVLV_EVENT_COURT_FILED,
	WVLV_EVENT_COURT_WITHDRAWN,
	WVLV_EVENT_WITHDRAWAL,       /* the owner withdraws the offer */
	WVLV_EVENT_LAPSE,            /* system: the response deadline passed undecided */
	WVLV_EVENT_RELEASE,          /* system: the filing deadline passed unfiled */
	WVLV_EVENT_DEADLINE_MOVED    /* system: an equated day moved a deadline */
} wvlv_offer_event_type;

typedef enum wvlv_exemption {
	WVLV_EXEMPT_NONE = 0,
	WVLV_EXEMPT_FAMILY,
	WVLV_EXEMPT_MARITAL_OR_ESTATE_DIVISION,
	WVLV_EXEMPT_WILL,
	WVLV_EXEMPT_PUBLIC_BODY,
	WVLV_EXEMPT_FORCED_SALE,
	WVLV_EXEMPT_REGISTERED_PRIOR_CONTRACT
} wvlv_exemption;

/* The answer of a decision event (wvlv_offer_event.willing). */
typedef enum wvlv_offer_decision {
	WVLV_DECISION_WILLING = 1,
	WVLV_DECISION_NOT_WILLING
} wvlv_offer_decision;

/* The names of each enumeration (wvlv/enum.h). */
extern const wvlv_enum wvlv_offer_status_enum;
extern const wvlv_enum wvlv_offer_event_enum;
extern const wvlv_enum wvlv_exemption_enum;
extern const wvlv_enum wvlv_offer_decision_enum;

/* The events a client may post, as a set of wvlv_offer_event_enum: the
 * leading ones, decision … withdrawal; the system's own follow them. */
#define WVLV_OFFER_CLIENT_EVENTS WVLV_ENUM_FIRST(WVLV_EVENT_WITHDRAWAL - WVLV_EVENT_DECISION + 1)

const char *wvlv_offer_status_name(wvlv_offer_status s);
bool        wvlv_offer_status_parse(const char *name, wvlv_offer_status *out);
const char *wvlv_offer_event_name(wvlv_offer_event_type t);     /* "decision", "court-requested", … */
bool        wvlv_offer_event_parse(const char *name, wvlv_offer_event_type *out);
bool        wvlv_offer_event_is_system(wvlv_offer_event_type t); /* lapse, release, deadline-moved */

/* What a client states with an event besides its type and day (the event's
 * own member): a decision its "decision" (required, a name of
 * wvlv_offer_decision_enum), an agreement optionally its "price"
 * (wvlv_price_valid), every other event nothing. */
typedef enum wvlv_event_member {
	WVLV_MEMBER_NONE = 0,
	WVLV_MEMBER_DECISION,
	WVLV_MEMBER_PRICE
} wvlv_event_member;
wvlv_event_member wvlv_offer_event_member(wvlv_offer_event_type t);
const char *wvlv_exemption_name(wvlv_exemption e);               /* "family", … ; NULL for NONE */
bool        wvlv_exemption_parse(const char *name, wvlv_exemption *out);

/* Terminal states take no further events (a late decision on a lapsed offer
 * excepted: see wvlv_offer_apply). */
bool wvlv_offer_status_is_open(wvlv_offer_status s);

/* What the state machine needs to know of an offer. */
typedef struct wvlv_offer_state {
	wvlv_offer_status status;
	wvlv_date received_on;
	wvlv_date response_deadline;      /* NONE for exempt offers */
	wvlv_date court_filing_deadline;  /* NONE until the owner asked for a court ruling */
	wvlv_date free_to_sell_until;     /* NONE unless declined, lapsed or released */
	wvlv_date last_event_on;          /* NONE when no event yet */
} wvlv_offer_state;

typedef struct wvlv_offer_event {
	wvlv_offer_event_type type;
	wvlv_date             on;         /* the day it happened */
	bool                  willing;    /* decision only */
	wvlv_date             moved_to;   /* deadline-moved only: the new deadline */
} wvlv_offer_event;

/* The state after an event, by docs/law.md §2.11:
 *   received      decision willing (on ≤ deadline) → negotiating
 *                 decision not-willing (on ≤ deadline) → declined, free = on + 3 years
 *                 withdrawal → withdrawn
 *                 lapse (system, on > deadline) → lapsed, free = deadline + 3 years
 *   lapsed        a decision dated on or before the deadline supersedes the lapse
 *   negotiating   agreement → purchased; court-requested → court-requested (filing
 *                 deadline: 4 weeks, Atw); withdrawal → withdrawn
 *   court-requested  court-filed (on ≤ filing deadline) → in-court;
 *                 court-withdrawn → released, free = on + 3 years (from the filing
 *                 deadline instead when that had already passed unfiled);
 *                 release (system, on > filing deadline) → released, free = filing deadline + 3 years
 *   in-court      agreement → purchased; court-withdrawn → released, free = on + 3 years
 *   deadline-moved (system) changes the open deadline only, never to an earlier day.
 * Errors: a decision after the response deadline → ECONFLICT "deadline-passed";
 * an event not allowed in the state → ECONFLICT "transition-not-allowed" with
 * the allowed event names in the detail and one invalidParams entry per allowed
 * event (name "type", code "allowed"); an event dated before receipt or before
 * the last event → EINVAL (param "on").  equated days are needed for the
 * filing deadline. */
wvlv_status wvlv_offer_apply(const wvlv_offer_state *cur, const wvlv_offer_event *ev,
			     const wvlv_equated_day *equated, size_t n_equated,
			     wvlv_offer_state *next, wvlv_error *err) WVLV_MUST_CHECK;

/* Was the decision ev, taken in state cur, recorded late: on recorded_on (the
 * day the request came in, Europe/Amsterdam), after the response deadline?
 * A decision dated within the term stays valid however late it is recorded
 * (the law looks at the day it was sent, law.md §2.4), but the event says so
 * (recordedLate) and the alert job reports it once (§6).  false for every
 * other event. */
bool wvlv_offer_recorded_late(const wvlv_offer_state *cur, const wvlv_offer_event *ev,
			      wvlv_date recorded_on);

/* The event types a client may post in a state (system events excluded),
 * written into out (at most 8); returns the count. */
size_t wvlv_offer_allowed_events(wvlv_offer_status s, wvlv_offer_event_type out[8]);

/* Cadastral designation (docs/law.md §7): AKR code (3 letters + 2 digits),
 * section (1–2 letters), parcel number (1–5 digits), optionally "A" and an
 * apartment index (1–4 digits).  Accepts any case and spacing
 * ("ddt01k4550a12", "DDT01 K 4550 A 12"); writes the normalised form
 * "DDT01 K 4550 A 12" (upper case, single spaces, no leading zeros in the
 * numbers).  false when it is not a cadastral designation. */
bool wvlv_cadastral_normalise(const char *in, char out[32]);

/* A euro amount as a decimal string: digits, optionally '.' and 1–2 decimals,
 * not negative, at most 12 integer digits ("350000", "350000.50"). */
bool wvlv_price_valid(const char *s);

/* ---- the records: an offer as it is stored, read and shown -----------------
 * Plain data: the store fills and saves them, the use cases and the server
 * read and render them. */

typedef struct wvlv_offer_event_row {
	int                   sequence;      /* 1, 2, … in the order recorded */
	wvlv_offer_event_type type;
	wvlv_date             on;
	const char           *actor;         /* the token label, or "system" */
	const char           *actor_token_id;/* NULL for the system */
	const char           *recorded_at;   /* RFC 3339 UTC */
	const char           *data;          /* JSON object text of the event's own members,
						e.g. {"decision":"willing"} or {"price":"350000.00"} */
} wvlv_offer_event_row;

typedef struct wvlv_offer {
	char              id[WVLV_UUID_STRLEN];
	char              municipality_code[8];
	wvlv_date         received_on;
	const char       *property;         /* JSON object text: cadastralParcels, bagIds, address
					       (location is separate) */
	const char       *location;         /* GeoJSON Point text in the CRS asked for */
	const char       *owner;            /* JSON object text (personal data), NULL when purged */
	const char       *asking_price;     /* decimal string, NULL when not given */
	wvlv_exemption    exemption;
	char              designation_id[WVLV_UUID_STRLEN];
	const char       *designation_name;
	wvlv_offer_state  state;
	int               version;
	const char       *created_at;
	const char       *updated_at;
	wvlv_offer_event_row *events;
	size_t            n_events;
	const char       *created_us;       /* lists: created_at in microseconds since 1970,
					       a key of the list's order (its cursor) */
} wvlv_offer;

typedef struct wvlv_offer_new {
	const char     *municipality_code;
	wvlv_date       received_on;
	const char     *property_json;     /* without location */
	const char     *location_json;     /* GeoJSON Point */
	wvlv_crs        location_crs;
	const char     *owner_json;
	const char     *asking_price;      /* NULL when not given */
	wvlv_exemption  exemption;
	const char     *designation_id;
	wvlv_offer_state state;            /* computed by the domain */
} wvlv_offer_new;

typedef struct wvlv_offer_filter {
	const char       *municipality_code;   /* NULL: all the caller sees */
	wvlv_offer_status status;              /* 0: any */
	wvlv_date         deadline_before;     /* NONE: any; else response or filing deadline < it */
	const char       *designation_id;      /* NULL: any */
	long              limit;
	long              offset;
	/* keyset: the order keys (receivedOn, created_us, id) of the item the page
	 * starts after (a cursor's keys, shapes checked); after[0] NULL: none */
	const char       *after[3];
} wvlv_offer_filter;

/* Offers of one designation in one year of receipt (the statistics). */
typedef struct wvlv_offer_stats {
	int    year;              /* year of receipt; 0 for the total */
	long   received;          /* every offer, exempt ones included */
	long   decided_in_time;   /* with a decision event (always on or before the deadline) */
	long   lapsed;            /* status lapsed */
	long   purchased;
	long   exempt;
	double median_days_to_decision;  /* < 0 when there is no decision */
} wvlv_offer_stats;

#endif /* WVLV_OFFER_H */
