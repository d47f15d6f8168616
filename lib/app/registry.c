/* registry.c — designations: the steps (rules from lib/domain/designation.c,
 * rows from the store, inside a transaction the caller owns; registry.h) and
 * the use cases built from them, each owning its transaction
 * (wvlv/app_designations.h). */
#include "registry.h"

#include <stdio.h>
#include <string.h>

#include "app_internal.h"
#include "wvlv/app_designations.h"
#include "wvlv/etag.h"
#include "wvlv/store_audit.h"

/* Load a row for change: lock the municipality (place-cap writes are
 * serialised per municipality), then the row itself, then check If-Match;
 * *before is its audited state. */
static wvlv_status load_for_change(wvlv_db *db, wvlv_arena *arena, const wvlv_caller *caller,
				   const char *id, const char *if_match, wvlv_designation *row,
				   const char **before, wvlv_error *err)
{
	wvlv_status st = wvlv_store_designation_get(db, arena, app_scope(caller), id,
						    WVLV_CRS_CRS84, false, row, err);
	if (st != WVLV_OK)
		return st;
	st = wvlv_store_designation_lock_municipality(db, row->municipality_code, err);
	if (st != WVLV_OK)
		return st;
	st = wvlv_store_designation_get(db, arena, row->municipality_code, id, WVLV_CRS_CRS84, true,
					row, err);
	if (st != WVLV_OK)
		return st;
	if (!wvlv_etag_if_match(if_match, row->version))
		return wvlv_error_set(err, WVLV_EPRECOND, "stale-version",
				      "The designation is at version %d; If-Match does not match it.",
				      row->version);
	return wvlv_store_designation_snapshot(db, arena, id, before, err);
}

/* Append the audit row of a change (`before` was taken before it, NULL for a
 * create), then read the changed designation into out. */
static wvlv_status audit_and_get(wvlv_db *db, wvlv_arena *arena, const wvlv_caller *caller,
				 const char *municipality, const char *id, const char *action,
				 const char *before, wvlv_crs out_crs, wvlv_designation *out,
				 wvlv_error *err)
{
	const char *after;
	wvlv_status st = wvlv_store_designation_snapshot(db, arena, id, &after, err);
	if (st == WVLV_OK)
		st = wvlv_store_audit_append(db, caller, municipality, "designation", id, action,
					     before, after, err);
	if (st != WVLV_OK)
		return st;
	return wvlv_store_designation_get(db, arena, municipality, id, out_crs, false, out, err);
}

/* The place cap over the designations overlapping in area either the given
 * geometry or the stored one of of_id, other than exclude_id.  On conflict
 * the detail names every overlapping designation. */
static wvlv_status check_place_cap(wvlv_db *db, wvlv_arena *arena, const char *municipality,
				   const char *geojson, wvlv_crs crs, const char *of_id,
				   const char *exclude_id, wvlv_day_range self, wvlv_error *err)
{
	wvlv_overlap *ov = NULL;
	size_t n = 0;
	wvlv_status st = wvlv_store_designation_overlaps(db, arena, municipality, geojson, crs, of_id,
							 exclude_id, &ov, &n, err);
	if (st != WVLV_OK)
		return st;
	wvlv_day_range *ranges = wvlv_arena_alloc(arena, (n ? n : 1) * sizeof(*ranges));
	for (size_t i = 0; i < n; i++)
		ranges[i] = ov[i].range;
	long days = 0;
	st = wvlv_place_cap_check(self, ranges, n, &days, err);
	if (st != WVLV_ECONFLICT)
		return st;
	size_t len = strlen(err->detail);
	const char *sep = " Overlapping designations: ";
	for (size_t i = 0; i < n && len < sizeof(err->detail); i++) {
		int w = snprintf(err->detail + len, sizeof(err->detail) - len, "%s%s (%s)", sep,
				 ov[i].name, ov[i].id);
		if (w < 0)
			break;
		len += (size_t)w;
		sep = ", ";
		wvlv_error_add_param(err, "overlappingDesignations", "overlapping-designation",
				     "%s %s", ov[i].id, ov[i].name);
	}
	if (len + 1 < sizeof(err->detail))
		strcat(err->detail, ".");
	return st;
}

wvlv_status wvlv_registry_create(wvlv_db *db, wvlv_arena *arena, const wvlv_caller *caller,
				 const wvlv_designation_new *d, wvlv_crs out_crs,
				 wvlv_designation *out, wvlv_error *err)
{
	wvlv_status st = wvlv_period_check_first(d->first.start, d->first.end, "firstPeriod", err);
	if (st != WVLV_OK)
		return st;
	st = wvlv_store_geometry_check(db, d->geometry_json, d->geometry_crs, "geometry", err);
	if (st != WVLV_OK)
		return st;
	st = wvlv_store_designation_lock_municipality(db, d->municipality_code, err);
	if (st != WVLV_OK)
		return st;
	wvlv_day_range self = { d->first.start, d->first.end };
	st = check_place_cap(db, arena, d->municipality_code, d->geometry_json, d->geometry_crs,
			     NULL, NULL, self, err);
	if (st != WVLV_OK)
		return st;
	char id[WVLV_UUID_STRLEN];
	st = wvlv_store_designation_insert(db, d, id, err);
	if (st != WVLV_OK)
		return st;
	return audit_and_get(db, arena, caller, d->municipality_code, id, "create", NULL, out_crs,
			     out, err);
}

wvlv_status wvlv_registry_get(wvlv_db *db, wvlv_arena *arena, const wvlv_caller *caller,
			      const char *id, wvlv_crs out_crs, wvlv_designation *out,
			      wvlv_error *err)
{
	return wvlv_store_designation_get(db, arena, app_scope(caller), id, out_crs, false,
					  out, err);
}

wvlv_status wvlv_registry_list(wvlv_db *db, wvlv_arena *arena, const wvlv_caller *caller,
			       wvlv_designation_filter *f, wvlv_crs out_crs,
			       wvlv_designation **items, size_t *n_items, long *number_matched,
			       wvlv_error *err)
{
	if (!app_scope_filter(caller, &f->municipality_code)) {
		*items = NULL;
		*n_items = 0;
		*number_matched = 0;
		return WVLV_OK;
	}
	return wvlv_store_designation_list(db, arena, f, out_crs, items, n_items, number_matched,
					   err);
}

wvlv_status wvlv_registry_patch(wvlv_db *db, wvlv_arena *arena, const wvlv_caller *caller,
				const char *id, const char *if_match,
				const wvlv_designation_patch *p, wvlv_crs out_crs,
				wvlv_designation *out, wvlv_error *err)
{
	wvlv_designation row;
	const char *before;
	wvlv_status st = load_for_change(db, arena, caller, id, if_match, &row, &before, err);
	if (st != WVLV_OK)
		return st;
	if (p->geometry_json) {
		st = wvlv_store_geometry_check(db, p->geometry_json, p->geometry_crs, "geometry", err);
		if (st != WVLV_OK)
			return st;
		wvlv_day_range self = {
			wvlv_designated_from(row.periods, row.n_periods),
			wvlv_designated_until(row.periods, row.n_periods, row.withdrawn_on)
		};
		st = check_place_cap(db, arena, row.municipality_code, p->geometry_json,
				     p->geometry_crs, NULL, id, self, err);
		if (st != WVLV_OK)
			return st;
	}
	st = wvlv_store_designation_update(db, id, p, err);
	if (st != WVLV_OK)
		return st;
	return audit_and_get(db, arena, caller, row.municipality_code, id, "update", before,
			     out_crs, out, err);
}

wvlv_status wvlv_registry_extend(wvlv_db *db, wvlv_arena *arena, const wvlv_caller *caller,
				 const char *id, const char *if_match, wvlv_date end,
				 const char *decision_reference, wvlv_crs out_crs,
				 wvlv_designation *out, wvlv_error *err)
{
	wvlv_designation row;
	const char *before;
	wvlv_status st = load_for_change(db, arena, caller, id, if_match, &row, &before, err);
	if (st != WVLV_OK)
		return st;
	wvlv_date start;
	st = wvlv_extension_check(row.periods, row.n_periods, row.withdrawn_on, end, &start, err);
	if (st != WVLV_OK)
		return st;
	wvlv_day_range self = { wvlv_designated_from(row.periods, row.n_periods), end };
	st = check_place_cap(db, arena, row.municipality_code, NULL, WVLV_CRS_CRS84, id, id, self,
			     err);
	if (st != WVLV_OK)
		return st;
	wvlv_period p = {
		.sequence = (int)row.n_periods + 1,
		.start = start,
		.end = end,
		.extension = true,
		.decision_reference = decision_reference,
	};
	st = wvlv_store_designation_add_period(db, id, &p, err);
	if (st != WVLV_OK)
		return st;
	return audit_and_get(db, arena, caller, row.municipality_code, id, "extend", before,
			     out_crs, out, err);
}

wvlv_status wvlv_registry_withdraw(wvlv_db *db, wvlv_arena *arena, const wvlv_caller *caller,
				   const char *id, const char *if_match, wvlv_date on,
				   const char *reason, wvlv_crs out_crs, wvlv_designation *out,
				   wvlv_error *err)
{
	wvlv_designation row;
	const char *before;
	wvlv_status st = load_for_change(db, arena, caller, id, if_match, &row, &before, err);
	if (st != WVLV_OK)
		return st;
	wvlv_date until;
	st = wvlv_withdrawal_check(row.periods, row.n_periods, row.withdrawn_on, on, &until, err);
	if (st != WVLV_OK)
		return st;
	st = wvlv_store_designation_withdraw(db, id, on, reason, until, err);
	if (st != WVLV_OK)
		return st;
	return audit_and_get(db, arena, caller, row.municipality_code, id, "withdraw", before,
			     out_crs, out, err);
}

/* ---- the use cases ------------------------------------------------------------------ */

wvlv_status wvlv_app_designation_create(wvlv_request *r, const wvlv_designation_new *d,
					wvlv_crs crs, wvlv_designation *out, wvlv_error *err)
{
	wvlv_status st = app_own_municipality(r->caller, d->municipality_code, "designations",
					      "designation", err);
	if (st == WVLV_OK)
		st = app_write_begin(r, err);
	if (st != WVLV_OK || r->replayed)
		return st;
	st = wvlv_registry_create(r->db, r->arena, r->caller, d, crs, out, err);
	return st == WVLV_OK ? app_write_commit(r, err) : st;
}

wvlv_status wvlv_app_designation_get(wvlv_request *r, const char *id, wvlv_crs crs,
				     wvlv_designation *out, wvlv_error *err)
{
	wvlv_status st = app_read_begin(r, err);
	if (st == WVLV_OK)
		st = wvlv_registry_get(r->db, r->arena, r->caller, id, crs, out, err);
	return st == WVLV_OK ? app_commit(r, err) : st;
}

wvlv_status wvlv_app_designation_list(wvlv_request *r, wvlv_designation_filter *f, wvlv_crs crs,
				      wvlv_designation **items, size_t *n, long *matched,
				      wvlv_error *err)
{
	wvlv_status st = app_read_begin(r, err);
	if (st == WVLV_OK)
		st = wvlv_registry_list(r->db, r->arena, r->caller, f, crs, items, n, matched, err);
	return st == WVLV_OK ? app_commit(r, err) : st;
}

wvlv_status wvlv_app_designation_patch(wvlv_request *r, const char *id, const char *if_match,
				       const wvlv_designation_patch *p, wvlv_crs crs,
				       wvlv_designation *out, wvlv_error *err)
{
	wvlv_status st = app_write_begin(r, err);
	if (st != WVLV_OK || r->replayed)
		return st;
	st = wvlv_registry_patch(r->db, r->arena, r->caller, id, if_match, p, crs, out, err);
	return st == WVLV_OK ? app_write_commit(r, err) : st;
}

wvlv_status wvlv_app_designation_extend(wvlv_request *r, const char *id, const char *if_match,
					wvlv_date end, const char *decision_reference,
					wvlv_crs crs, wvlv_designation *out, wvlv_error *err)
{
	wvlv_status st = app_write_begin(r, err);
	if (st != WVLV_OK || r->replayed)
		return st;
	st = wvlv_registry_extend(r->db, r->arena, r->caller, id, if_match, end,
				  decision_reference, crs, out, err);
	return st == WVLV_OK ? app_write_commit(r, err) : st;
}

wvlv_status wvlv_app_designation_withdraw(wvlv_request *r, const char *id, const char *if_match,
					  wvlv_date on, const char *reason, wvlv_crs crs,
					  wvlv_designation *out, wvlv_error *err)
{
	wvlv_status st = app_write_begin(r, err);
	if (st != WVLV_OK || r->replayed)
		return st;
	st = wvlv_registry_withdraw(r->db, r->arena, r->caller, id, if_match, on, reason, crs, out,
				    err);
	return st == WVLV_OK ? app_write_commit(r, err) : st;
}
