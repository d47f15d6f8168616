/* offers.h — the steps the sale-offer use cases are made of (private to
 * lib/app; the use cases are in wvlv/app_offers.h and wvlv/app_deadlines.h).
 *
 * Each function runs inside the transaction its caller opened (scoped with
 * wvlv_db_set_caller), lets lib/domain/offer.c and lib/domain/deadline.c
 * decide, saves through lib/store/, and appends the audit row.  No SQL, no
 * HTTP.  The request use cases and the nightly alert job call these.
 */
#ifndef WVLV_OFFERS_H
#define WVLV_OFFERS_H

#include <stdbool.h>
#include "wvlv/arena.h"
#include "wvlv/caller.h"
#include "wvlv/crs.h"
#include "wvlv/db.h"
#include "wvlv/deadline.h"
#include "wvlv/offer.h"
#include "wvlv/status.h"
#include "wvlv/app_deadlines.h"
#include "wvlv/app_offers.h"
#include "wvlv/store_deadlines.h"
#include "wvlv/store_geometry.h"
#include "wvlv/store_offers.h"
#include "wvlv/store_statistics.h"

/* Register an offer received on c->received_on (not after today): resolves the
 * designation, computes the response deadline (none when exempt). */
wvlv_status wvlv_offers_create(wvlv_db *db, wvlv_arena *arena, const wvlv_caller *caller,
			       const wvlv_offer_create *c, wvlv_date today, wvlv_crs out_crs,
			       wvlv_offer *out, wvlv_error *err) WVLV_MUST_CHECK;

wvlv_status wvlv_offers_get(wvlv_db *db, wvlv_arena *arena, const wvlv_caller *caller,
			    const char *id, wvlv_crs out_crs, wvlv_offer *out,
			    wvlv_error *err) WVLV_MUST_CHECK;

/* Drive the state machine with one event (dated on or before today) and record
 * it.  system: the event is the system's own (lapse, release, deadline-moved),
 * recorded with actor "system".  if_match may be NULL.  Two round trips; the
 * audit row is deferred: it goes out with the transaction's next statement. */
wvlv_status wvlv_offers_post_event(wvlv_db *db, wvlv_arena *arena, const wvlv_caller *caller,
				   const char *id, const char *if_match,
				   const wvlv_offer_event *ev, const char *data_json, bool system,
				   wvlv_date today, wvlv_crs out_crs, wvlv_offer *out,
				   wvlv_error *err) WVLV_MUST_CHECK;

/* Add a day equated with a holiday (a weekday that is no holiday yet:
 * WVLV_EINVAL "not-a-weekday" / "already-a-holiday" otherwise) and move every
 * open deadline it pushes later, in every municipality, with a deadline-moved
 * event and an audit row in the offer's own municipality, both by the caller
 * (its token and label) and naming the day and its reference.  *moved
 * receives how many deadlines moved.  When the deadline of some open offer
 * cannot be computed with the new days, nothing is moved: WVLV_ECONFLICT
 * "equated-day-not-applicable" with one invalidParams entry per offer (name:
 * its id), and the caller rolls back.  closed (may be NULL) receives the
 * lapsed and released offers whose deadline the day would have moved: they
 * stay closed, with an audit row "deadline-not-moved" each (docs/law.md
 * §2.10).  The caller's scope is restored afterwards. */
wvlv_status wvlv_offers_equated_add(wvlv_db *db, wvlv_arena *arena, const wvlv_caller *caller,
				    wvlv_date date, const char *reference, wvlv_date today,
				    int *moved, wvlv_equated_closed_list *closed,
				    wvlv_error *err) WVLV_MUST_CHECK;

/* The second half of wvlv_offers_equated_add, for a day that is in the table
 * already, with the same answers: move every open deadline it pushes later;
 * a deadline it does not push later stays.  `wvlv equated-days import` runs
 * it for a day of its file that was there already (e.g. shipped by migration
 * 0008 to a database whose open deadlines were computed before). */
wvlv_status wvlv_offers_equated_move(wvlv_db *db, wvlv_arena *arena, const wvlv_caller *caller,
				     wvlv_date date, const char *reference, wvlv_date today,
				     int *moved, wvlv_equated_closed_list *closed,
				     wvlv_error *err) WVLV_MUST_CHECK;

/* Remove one; open deadlines stay where they are. */
wvlv_status wvlv_offers_equated_delete(wvlv_db *db, const wvlv_caller *caller, wvlv_date date,
				       wvlv_error *err) WVLV_MUST_CHECK;

#endif /* WVLV_OFFERS_H */
