/* store_offers.h — sale offers and their events in PostgreSQL + PostGIS
 * (offers.c, offer_events.c), and the legal basis of open offers (offer_basis.c).  Equated
 * holidays and the deadline overview are in store_deadlines.h, the statistics
 * of a designation in store_statistics.h, the check of a location in
 * store_geometry.h.
 *
 * Loads and saves; decides no legal rule (lib/domain/offer.c and
 * lib/domain/deadline.c do; lib/app/offers.c puts them together).  Every
 * function runs inside the caller's transaction, scoped by wvlv_db_set_caller
 * (row-level security).  Strings in results are allocated from the arena.
 */
#ifndef WVLV_STORE_OFFERS_H
#define WVLV_STORE_OFFERS_H

#include <stdbool.h>
#include <stddef.h>
#include "wvlv/arena.h"
#include "wvlv/crs.h"
#include "wvlv/db.h"
#include "wvlv/deadline.h"
#include "wvlv/offer.h"
#include "wvlv/status.h"

/* The designation of `municipality_code` with an active voorkeursrecht measure
 * on `on` whose geometry covers the point (or, when designation_id is given,
 * that one, checked the same way).  ENOTFOUND when none; id_out/name_out
 * filled otherwise (the smallest-area match when several cover the point). */
wvlv_status wvlv_store_offer_find_designation(wvlv_db *db, wvlv_arena *arena,
					      const char *municipality_code,
					      const char *point_json, wvlv_crs crs, wvlv_date on,
					      const char *designation_id, char id_out[WVLV_UUID_STRLEN],
					      const char **name_out, wvlv_error *err) WVLV_MUST_CHECK;

wvlv_status wvlv_store_offer_insert(wvlv_db *db, const wvlv_offer_new *o, char id_out[WVLV_UUID_STRLEN],
				    wvlv_error *err) WVLV_MUST_CHECK;
/* The same, and *snapshot (in arena): what wvlv_store_offer_snapshot reads of
 * the new row, from the same statement. */
wvlv_status wvlv_store_offer_insert_snapshot(wvlv_db *db, wvlv_arena *arena, const wvlv_offer_new *o,
					     char id_out[WVLV_UUID_STRLEN], const char **snapshot,
					     wvlv_error *err) WVLV_MUST_CHECK;

/* One offer with its events (in sequence order).  municipality_code NULL: any
 * the caller sees.  ENOTFOUND when absent. */
wvlv_status wvlv_store_offer_get(wvlv_db *db, wvlv_arena *arena, const char *municipality_code,
				 const char *id, wvlv_crs crs, bool for_update, wvlv_offer *out,
				 wvlv_error *err) WVLV_MUST_CHECK;

/* A page ordered by received_on, created_at, id (after f->after when set);
 * events included; number_matched over every page (-1 past WVLV_DB_MATCHED_MAX
 * or on a page asked by cursor). */
wvlv_status wvlv_store_offer_list(wvlv_db *db, wvlv_arena *arena, const wvlv_offer_filter *f,
				  wvlv_crs crs, wvlv_offer **items, size_t *n, long *number_matched,
				  wvlv_error *err) WVLV_MUST_CHECK;

/* Store the new state and append the event (actor from the transaction's
 * caller, or "system" when system is true); bumps version. */
wvlv_status wvlv_store_offer_record_event(wvlv_db *db, const char *id,
					  const wvlv_offer_state *next,
					  const wvlv_offer_event *ev, const char *data_json,
					  bool system, wvlv_error *err) WVLV_MUST_CHECK;

/* One round trip before an event: the equated days (*eq, *neq), the offer id
 * of municipality_code (NULL: any the caller sees) locked FOR UPDATE, in
 * CRS84 (*cur), and its audit snapshot after the lock (*snapshot, as
 * wvlv_store_offer_snapshot).  ENOTFOUND when absent. */
wvlv_status wvlv_store_offer_lock_for_event(wvlv_db *db, wvlv_arena *arena,
					    const char *municipality_code, const char *id,
					    wvlv_offer *cur, const char **snapshot,
					    wvlv_equated_day **eq, size_t *neq,
					    wvlv_error *err) WVLV_MUST_CHECK;

/* One round trip: wvlv_store_offer_record_event, then the audit snapshot
 * after it (*snapshot) and the offer as it is now, in crs (*out). */
wvlv_status wvlv_store_offer_record_event_read(wvlv_db *db, wvlv_arena *arena, const char *id,
					       const wvlv_offer_state *next,
					       const wvlv_offer_event *ev, const char *data_json,
					       bool system, wvlv_crs crs, wvlv_offer *out,
					       const char **snapshot, wvlv_error *err) WVLV_MUST_CHECK;

/* The audited state of an offer (without owner personal data) as JSON text. */
wvlv_status wvlv_store_offer_snapshot(wvlv_db *db, wvlv_arena *arena, const char *id,
				      const char **json_out, wvlv_error *err) WVLV_MUST_CHECK;

/* ---- the legal basis of open offers (offer_basis.c; law.md §2.12) ---- */

/* An open offer, with its cadastral parcels (or the ones it shares with a new
 * offer) comma-separated. */
typedef struct wvlv_open_offer {
	char        id[WVLV_UUID_STRLEN];
	wvlv_date   received_on;
	const char *parcels;
} wvlv_open_offer;

/* The ground a new offer rests on, read in one round trip. */
typedef struct wvlv_offer_ground {
	char              designation_id[WVLV_UUID_STRLEN];
	wvlv_equated_day *equated;   /* the equated days */
	size_t            n_equated;
} wvlv_offer_ground;

/* The point check of point_json (as wvlv_store_point_check, for param,
 * without a savepoint: a failure here fails the transaction), the
 * designation of municipality_code with a voorkeursrecht in force on `on`
 * covering it (only designation_id when given; the smallest), locked FOR
 * SHARE, and the equated days.  (The open offers on its parcels are not read
 * here: an INSERT of an offer whose parcel has one fails on the unique index
 * of migration 0010 — WVLV_ECONFLICT "duplicate-offer", the transaction
 * still usable — and only then are they read, to be named.)  WVLV_EINVAL: the point's problem;
 * WVLV_ENOTFOUND "no-designation": none covers it. */
wvlv_status wvlv_store_offer_ground(wvlv_db *db, wvlv_arena *arena, const char *municipality_code,
				   const char *point_json, wvlv_crs crs, const char *param,
				   wvlv_date on, const char *designation_id,
				   wvlv_offer_ground *out, wvlv_error *err) WVLV_MUST_CHECK;

/* The open offers resting on designation_id that its stored state (read
 * after a change, in the same transaction) no longer carries: voorkeursrecht
 * no longer among its measures, the offer's location no longer covered, or a
 * withdrawal dated on or before the offer's receipt.  Oldest first. */
wvlv_status wvlv_store_offers_without_basis(wvlv_db *db, wvlv_arena *arena,
					    const char *designation_id, wvlv_open_offer **rows,
					    size_t *n, wvlv_error *err) WVLV_MUST_CHECK;

/* The open offers of municipality_code naming a cadastral parcel of
 * property_json (its cadastralParcels, normalised), each with the parcels it
 * shares.  Oldest first. */
wvlv_status wvlv_store_offers_open_on_parcels(wvlv_db *db, wvlv_arena *arena,
					      const char *municipality_code,
					      const char *property_json, wvlv_open_offer **rows,
					      size_t *n, wvlv_error *err) WVLV_MUST_CHECK;

/* Lock designation id FOR SHARE until the transaction ends: an offer
 * registered on it and a change of it (which locks it FOR UPDATE) take turns.
 * ENOTFOUND when it is not there. */
wvlv_status wvlv_store_designation_lock_share(wvlv_db *db, const char *id,
					      wvlv_error *err) WVLV_MUST_CHECK;

#endif /* WVLV_STORE_OFFERS_H */
