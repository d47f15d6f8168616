/* store_offers.h — sale offers, their events, equated holidays, the deadline
 * overview and per-designation statistics in PostgreSQL + PostGIS.
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
					      const char *designation_id, char id_out[37],
					      const char **name_out, wvlv_error *err) WVLV_MUST_CHECK;

/* A valid GeoJSON Point inside the Netherlands? (EINVAL, param `param`) */
wvlv_status wvlv_store_point_check(wvlv_db *db, const char *point_json, wvlv_crs crs,
				   const char *param, wvlv_error *err) WVLV_MUST_CHECK;

wvlv_status wvlv_store_offer_insert(wvlv_db *db, const wvlv_offer_new *o, char id_out[37],
				    wvlv_error *err) WVLV_MUST_CHECK;

/* One offer with its events (in sequence order).  municipality_code NULL: any
 * the caller sees.  ENOTFOUND when absent. */
wvlv_status wvlv_store_offer_get(wvlv_db *db, wvlv_arena *arena, const char *municipality_code,
				 const char *id, wvlv_crs crs, bool for_update, wvlv_offer *out,
				 wvlv_error *err) WVLV_MUST_CHECK;

/* A page ordered by received_on, created_at, id; events included. */
wvlv_status wvlv_store_offer_list(wvlv_db *db, wvlv_arena *arena, const wvlv_offer_filter *f,
				  wvlv_crs crs, wvlv_offer **items, size_t *n, long *number_matched,
				  wvlv_error *err) WVLV_MUST_CHECK;

/* Store the new state and append the event (actor from the transaction's
 * caller, or "system" when system is true); bumps version. */
wvlv_status wvlv_store_offer_record_event(wvlv_db *db, const char *id,
					  const wvlv_offer_state *next,
					  const wvlv_offer_event *ev, const char *data_json,
					  bool system, wvlv_error *err) WVLV_MUST_CHECK;

/* The audited state of an offer (without owner personal data) as JSON text. */
wvlv_status wvlv_store_offer_snapshot(wvlv_db *db, wvlv_arena *arena, const char *id,
				      const char **json_out, wvlv_error *err) WVLV_MUST_CHECK;

/* Open offers (of the scoped municipality) whose response or filing deadline
 * lies in [from, until]; for deadline-moved.  Ids only. */
wvlv_status wvlv_store_offer_ids_with_deadline_between(wvlv_db *db, wvlv_arena *arena,
						       wvlv_date from, wvlv_date until,
						       const char ***ids, size_t *n,
						       wvlv_error *err) WVLV_MUST_CHECK;

/* Municipalities that have open offers with a deadline in [from, until] — across
 * row-level security (a SECURITY DEFINER function), for moving deadlines when
 * an equated day is added. */
wvlv_status wvlv_store_offer_municipalities_with_deadline_between(
	wvlv_db *db, wvlv_arena *arena, wvlv_date from, wvlv_date until, const char ***codes,
	size_t *n, wvlv_error *err) WVLV_MUST_CHECK;

/* The same for closed offers that such a deadline closed: lapsed (response
 * deadline in range) or released (filing deadline in range); migration 0009.
 * For reporting the offers a new equated day comes too late for. */
wvlv_status wvlv_store_offer_closed_ids_with_deadline_between(wvlv_db *db, wvlv_arena *arena,
							      wvlv_date from, wvlv_date until,
							      const char ***ids, size_t *n,
							      wvlv_error *err) WVLV_MUST_CHECK;
wvlv_status wvlv_store_offer_municipalities_closed_with_deadline_between(
	wvlv_db *db, wvlv_arena *arena, wvlv_date from, wvlv_date until, const char ***codes,
	size_t *n, wvlv_error *err) WVLV_MUST_CHECK;

/* ---- equated holidays (national data; a national admin changes them) ---- */

wvlv_status wvlv_store_equated_list(wvlv_db *db, wvlv_arena *arena, wvlv_equated_day **out,
				    size_t *n, wvlv_error *err) WVLV_MUST_CHECK;
/* ECONFLICT "already-equated" when the date is there already. */
wvlv_status wvlv_store_equated_add(wvlv_db *db, wvlv_date date, const char *reference,
				   wvlv_error *err) WVLV_MUST_CHECK;
/* ENOTFOUND when the date is not there. */
wvlv_status wvlv_store_equated_delete(wvlv_db *db, wvlv_date date, wvlv_error *err) WVLV_MUST_CHECK;

/* ---- the deadline overview (GET /deadlines, the alert job) ---- */

/* Open response deadlines (status received) and filing deadlines (status
 * court-requested) up to offers_until (overdue ones included), and the last
 * period end of designations that are not withdrawn ending in [today,
 * designations_until]; sorted by date, then kind, then id. */
wvlv_status wvlv_store_deadlines(wvlv_db *db, wvlv_arena *arena, wvlv_date today,
				 wvlv_date offers_until, wvlv_date designations_until,
				 wvlv_deadline_row **rows, size_t *n,
				 wvlv_error *err) WVLV_MUST_CHECK;

/* ---- statistics of one designation ---- */

/* Per year of receipt (ascending) and the total last. */
wvlv_status wvlv_store_offer_statistics(wvlv_db *db, wvlv_arena *arena,
					const char *designation_id, wvlv_offer_stats **rows,
					size_t *n, wvlv_error *err) WVLV_MUST_CHECK;

#endif /* WVLV_STORE_OFFERS_H */
