/* offers.h — sale offers under the preference right: the use cases.
 *
 * Each function runs inside the transaction the caller opened (scoped with
 * wvlv_db_set_caller), lets lib/domain/offer.c and lib/domain/deadline.c decide, saves
 * through lib/store/, and appends the audit row.  No SQL, no HTTP.  The server
 * and the nightly alert job call these.
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
#include "wvlv/store_offers.h"

typedef struct wvlv_offer_create {
	const char     *municipality_code;
	wvlv_date       received_on;
	const char     *property_json;   /* cadastralParcels (normalised), bagIds, address */
	const char     *location_json;   /* GeoJSON Point */
	wvlv_crs        location_crs;
	const char     *owner_json;
	const char     *asking_price;    /* NULL: not given */
	wvlv_exemption  exemption;
	const char     *designation_id;  /* NULL: resolve from the location */
} wvlv_offer_create;

/* The equated days every computation uses (from the store). */
wvlv_status wvlv_offers_equated(wvlv_db *db, wvlv_arena *arena, wvlv_equated_day **days,
				size_t *n, wvlv_error *err) WVLV_MUST_CHECK;

/* Register an offer received on c->received_on (not after today): resolves the
 * designation, computes the response deadline (none when exempt). */
wvlv_status wvlv_offers_create(wvlv_db *db, wvlv_arena *arena, const wvlv_caller *caller,
			       const wvlv_offer_create *c, wvlv_date today, wvlv_crs out_crs,
			       wvlv_offer *out, wvlv_error *err) WVLV_MUST_CHECK;

wvlv_status wvlv_offers_get(wvlv_db *db, wvlv_arena *arena, const wvlv_caller *caller,
			    const char *id, wvlv_crs out_crs, wvlv_offer *out,
			    wvlv_error *err) WVLV_MUST_CHECK;

wvlv_status wvlv_offers_list(wvlv_db *db, wvlv_arena *arena, const wvlv_caller *caller,
			     wvlv_offer_filter *f, wvlv_crs out_crs, wvlv_offer **items, size_t *n,
			     long *number_matched, wvlv_error *err) WVLV_MUST_CHECK;

/* Drive the state machine with one event (dated on or before today) and record
 * it.  system: the event is the system's own (lapse, release, deadline-moved),
 * recorded with actor "system".  if_match may be NULL. */
wvlv_status wvlv_offers_post_event(wvlv_db *db, wvlv_arena *arena, const wvlv_caller *caller,
				   const char *id, const char *if_match,
				   const wvlv_offer_event *ev, const char *data_json, bool system,
				   wvlv_date today, wvlv_crs out_crs, wvlv_offer *out,
				   wvlv_error *err) WVLV_MUST_CHECK;

/* The response deadline of an offer with its explanation, consistent with the
 * stored deadline (a deadline is never moved earlier). */
wvlv_status wvlv_offers_explain_response(const wvlv_offer *o, const wvlv_equated_day *equated,
					 size_t n_equated, wvlv_deadline *out,
					 wvlv_error *err) WVLV_MUST_CHECK;

/* Add a day equated with a holiday and move every open deadline it affects,
 * in every municipality, to the later date with a deadline-moved event by the
 * system.  *moved receives how many deadlines moved.  The caller's scope is
 * restored afterwards. */
wvlv_status wvlv_offers_equated_add(wvlv_db *db, wvlv_arena *arena, const wvlv_caller *caller,
				    wvlv_date date, const char *reference, int *moved,
				    wvlv_error *err) WVLV_MUST_CHECK;

/* Remove one; open deadlines stay where they are. */
wvlv_status wvlv_offers_equated_delete(wvlv_db *db, const wvlv_caller *caller, wvlv_date date,
				       wvlv_error *err) WVLV_MUST_CHECK;

/* Statistics of one designation the caller sees (ENOTFOUND otherwise). */
wvlv_status wvlv_offers_statistics(wvlv_db *db, wvlv_arena *arena, const wvlv_caller *caller,
				   const char *designation_id, wvlv_offer_stats **rows, size_t *n,
				   wvlv_error *err) WVLV_MUST_CHECK;

#endif /* WVLV_OFFERS_H */
