/* registry.h — the steps the designation use cases are made of (private to
 * lib/app; the use cases are in wvlv/app_designations.h).
 *
 * Each function runs inside the transaction its caller opened on `db`, loads
 * what the rules need through the store, lets lib/domain/designation.c decide,
 * and saves the outcome with its audit row.  It decides nothing itself and
 * contains no SQL.  A use case that does several (the demo seed) runs them in
 * one transaction.
 */
#ifndef WVLV_REGISTRY_H
#define WVLV_REGISTRY_H

#include "wvlv/arena.h"
#include "wvlv/caller.h"
#include "wvlv/crs.h"
#include "wvlv/db.h"
#include "wvlv/designation.h"
#include "wvlv/status.h"
#include "wvlv/store_designations.h"

/* Create a designation with its first period.  Checks the period, the
 * geometry (PostGIS), and the place cap against overlapping designations of
 * the same municipality. */
wvlv_status wvlv_registry_create(wvlv_db *db, wvlv_arena *arena, const wvlv_caller *caller,
				 const wvlv_designation_new *d, wvlv_crs out_crs,
				 wvlv_designation *out, wvlv_error *err) WVLV_MUST_CHECK;

wvlv_status wvlv_registry_get(wvlv_db *db, wvlv_arena *arena, const wvlv_caller *caller,
			      const char *id, wvlv_crs out_crs, wvlv_designation *out,
			      wvlv_error *err) WVLV_MUST_CHECK;

wvlv_status wvlv_registry_list(wvlv_db *db, wvlv_arena *arena, const wvlv_caller *caller,
			       wvlv_designation_filter *f, wvlv_crs out_crs,
			       wvlv_designation **items, size_t *n_items, long *number_matched,
			       wvlv_error *err) WVLV_MUST_CHECK;

/* if_match: the raw If-Match header or NULL; a stale one → WVLV_EPRECOND. */
wvlv_status wvlv_registry_patch(wvlv_db *db, wvlv_arena *arena, const wvlv_caller *caller,
				const char *id, const char *if_match,
				const wvlv_designation_patch *p, wvlv_crs out_crs,
				wvlv_designation *out, wvlv_error *err) WVLV_MUST_CHECK;

wvlv_status wvlv_registry_extend(wvlv_db *db, wvlv_arena *arena, const wvlv_caller *caller,
				 const char *id, const char *if_match, wvlv_date end,
				 const char *decision_reference, wvlv_crs out_crs,
				 wvlv_designation *out, wvlv_error *err) WVLV_MUST_CHECK;

wvlv_status wvlv_registry_withdraw(wvlv_db *db, wvlv_arena *arena, const wvlv_caller *caller,
				   const char *id, const char *if_match, wvlv_date on,
				   const char *reason, wvlv_crs out_crs, wvlv_designation *out,
				   wvlv_error *err) WVLV_MUST_CHECK;

/* The place cap for a designation designated on `self`, given the
 * designations its area overlaps (ov, in the order of their creation): on
 * conflict the detail and invalidParams name every one of them. */
wvlv_status wvlv_registry_place_cap_verdict(wvlv_arena *arena, wvlv_day_range self,
					    const wvlv_overlap *ov, size_t n,
					    wvlv_error *err) WVLV_MUST_CHECK;

#endif /* WVLV_REGISTRY_H */
