/* app_deadlines.h — deadlines: the overview of what is due, the calculator of
 * a term, and the days equated with holidays that every term counts with
 * (docs/law.md §3).
 *
 * Each owns its transaction, scoped to r->caller, as described in
 * app_designations.h.
 */
#ifndef WVLV_APP_DEADLINES_H
#define WVLV_APP_DEADLINES_H

#include <stddef.h>

#include "wvlv/app.h"
#include "wvlv/deadline.h"

/* The open response and court-filing deadlines of the offers the caller sees
 * up to `within` days ahead (overdue ones included), and the last period ends
 * of designations that are not withdrawn within the designation window of
 * the alerts (WVLV_ALERT_DESIGNATION_WINDOW days); soonest first — the same
 * overview the nightly alert job reads. */
wvlv_status wvlv_app_deadlines(wvlv_request *r, int within, wvlv_deadline_row **rows, size_t *n,
			       wvlv_error *err) WVLV_MUST_CHECK;

/* What a term for an event on `from` ends on, explained, with the equated
 * days of the database; WVLV_EBADREQ when `from` is outside the years terms
 * are computed for, WVLV_ECONFLICT "deadline-moved-too-far" when the equated
 * days make a run of closed days too long to count past. */
wvlv_status wvlv_app_deadline_calculate(wvlv_request *r, const wvlv_term *term, wvlv_date from,
					wvlv_deadline *out, wvlv_error *err) WVLV_MUST_CHECK;

/* The days equated with holidays by Royal Decree (national data), in date order. */
wvlv_status wvlv_app_equated_list(wvlv_request *r, wvlv_equated_day **days, size_t *n,
				  wvlv_error *err) WVLV_MUST_CHECK;

/* A closed offer (lapsed, released) whose deadline a new equated day would
 * have moved, had it been entered in time (docs/law.md §2.10). */
typedef struct wvlv_equated_closed {
	const char *id;
	const char *municipality_code;
	const char *status;         /* "lapsed" or "released" */
	wvlv_date   deadline;       /* the deadline it was closed against */
	wvlv_date   deadline_now;   /* the deadline with the new day */
} wvlv_equated_closed;

typedef struct wvlv_equated_closed_list {
	wvlv_equated_closed *items; /* in the arena */
	size_t               n;
} wvlv_equated_closed_list;

/* Add one (a national admin only: WVLV_EFORBIDDEN otherwise): every open
 * deadline it affects, in every municipality, moves to the later date with a
 * deadline-moved event and an audit row in that municipality, naming the
 * day, its reference and the caller; *moved counts them.  WVLV_EINVAL for a
 * Saturday, Sunday or holiday; WVLV_ECONFLICT "already-equated" when the date
 * is there, "equated-day-not-applicable" (nothing changed) when some open
 * offer's deadline cannot be computed with it.  closed: the lapsed and
 * released offers it comes too late for (reported, not reopened). */
wvlv_status wvlv_app_equated_add(wvlv_request *r, wvlv_date date, const char *reference,
				 int *moved, wvlv_equated_closed_list *closed,
				 wvlv_error *err) WVLV_MUST_CHECK;

/* Remove one (a national admin only); open deadlines stay where they are.
 * WVLV_ENOTFOUND when absent. */
wvlv_status wvlv_app_equated_delete(wvlv_request *r, wvlv_date date,
				    wvlv_error *err) WVLV_MUST_CHECK;

#endif /* WVLV_APP_DEADLINES_H */
