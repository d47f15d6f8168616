/* app_offers.h — the sale-offer use cases: register an offer, read and list
 * offers, record an event, and the statistics of a designation
 * (docs/law.md §2).
 *
 * Each owns its transaction, scoped to r->caller, as described in
 * app_designations.h.  An offer comes with the context the front needs to
 * show it: the days equated with holidays its deadlines were computed with (to
 * explain its response deadline, lib/domain/deadline.c), and whether the
 * caller may see the owner's personal data.
 */
#ifndef WVLV_APP_OFFERS_H
#define WVLV_APP_OFFERS_H

#include <stdbool.h>
#include <stddef.h>

#include "wvlv/app.h"
#include "wvlv/crs.h"
#include "wvlv/deadline.h"
#include "wvlv/offer.h"

/* An offer as it is received. */
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

/* What showing offers needs besides the offers themselves. */
typedef struct wvlv_offer_context {
	const wvlv_equated_day *equated;
	size_t                  n_equated;
	bool                    personal_data; /* clerks and admins of the municipality */
} wvlv_offer_context;

/* Register an offer received on c->received_on (not after today) for the
 * caller's own municipality: the designation is resolved from the location,
 * the response deadline computed (none when exempt). */
wvlv_status wvlv_app_offer_create(wvlv_request *r, const wvlv_offer_create *c, wvlv_crs crs,
				  wvlv_offer *out, wvlv_offer_context *ctx,
				  wvlv_error *err) WVLV_MUST_CHECK;

wvlv_status wvlv_app_offer_get(wvlv_request *r, const char *id, wvlv_crs crs, wvlv_offer *out,
			       wvlv_offer_context *ctx, wvlv_error *err) WVLV_MUST_CHECK;

wvlv_status wvlv_app_offer_list(wvlv_request *r, wvlv_offer_filter *f, wvlv_crs crs,
				wvlv_offer **items, size_t *n, long *matched,
				wvlv_offer_context *ctx, wvlv_error *err) WVLV_MUST_CHECK;

/* Drive the state machine with an event a client posts (dated on or before
 * today); data_json holds the event's own members ({"decision": …}). */
wvlv_status wvlv_app_offer_event(wvlv_request *r, const char *id, const char *if_match,
				 const wvlv_offer_event *ev, const char *data_json, wvlv_crs crs,
				 wvlv_offer *out, wvlv_offer_context *ctx,
				 wvlv_error *err) WVLV_MUST_CHECK;

/* Per year of receipt and in total, the offers of one designation the caller
 * sees (WVLV_ENOTFOUND otherwise). */
wvlv_status wvlv_app_designation_statistics(wvlv_request *r, const char *designation_id,
					    wvlv_offer_stats **rows, size_t *n,
					    wvlv_error *err) WVLV_MUST_CHECK;

#endif /* WVLV_APP_OFFERS_H */
