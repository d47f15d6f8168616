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
 * are computed for. */
wvlv_status wvlv_app_deadline_calculate(wvlv_request *r, const wvlv_term *term, wvlv_date from,
					wvlv_deadline *out, wvlv_error *err) WVLV_MUST_CHECK;

/* The days equated with holidays by Royal Decree (national data), in date order. */
wvlv_status wvlv_app_equated_list(wvlv_request *r, wvlv_equated_day **days, size_t *n,
				  wvlv_error *err) WVLV_MUST_CHECK;

/* Add one: every open deadline it affects, in every municipality, moves to
 * the later date (a deadline-moved event by the system); *moved counts them.
 * WVLV_ECONFLICT "already-equated" when the date is there. */
wvlv_status wvlv_app_equated_add(wvlv_request *r, wvlv_date date, const char *reference,
				 int *moved, wvlv_error *err) WVLV_MUST_CHECK;

/* Remove one; open deadlines stay where they are.  WVLV_ENOTFOUND when absent. */
wvlv_status wvlv_app_equated_delete(wvlv_request *r, wvlv_date date,
				    wvlv_error *err) WVLV_MUST_CHECK;

#endif /* WVLV_APP_DEADLINES_H */
