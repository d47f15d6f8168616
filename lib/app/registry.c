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
#include "wvlv/store_geometry.h"
#include "wvlv/store_offers.h"
#include "wvlv/strbuf.h"

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

wvlv_status wvlv_registry_place_cap_verdict(wvlv_arena *arena, wvlv_day_range self,
					    const wvlv_overlap *ov, size_t n, wvlv_error *err)
{
	wvlv_day_range *ranges = wvlv_arena_alloc(arena, (n ? n : 1) * sizeof(*ranges));
	for (size_t i = 0; i < n; i++)
		ranges[i] = ov[i].range;
	long days = 0;
	wvlv_status st = wvlv_place_cap_check(self, ranges, n, &days, err);
	if (st != WVLV_ECONFLICT)
		return st;
	wvlv_strbuf *detail = wvlv_strbuf_new(arena);
	wvlv_strbuf_append_str(detail, err->detail);
	for (size_t i = 0; i < n; i++) {
		wvlv_strbuf_appendf(detail, "%s%s (%s)", i ? ", " : " Overlapping designations: ",
				    ov[i].name, ov[i].id);
		wvlv_error_add_param(err, "overlappingDesignations", "overlapping-designation",
				     "%s %s", ov[i].id, ov[i].name);
	}
	wvlv_strbuf_append_str(detail, ".");
	if (!wvlv_strbuf_failed(detail))
		snprintf(err->detail, sizeof(err->detail), "%s", wvlv_strbuf_text(detail));
	return st;
}

/* The place cap over the designations overlapping in area either the given
 * geometry or the stored one of of_id, other than exclude_id. */
static wvlv_status check_place_cap(wvlv_db *db, wvlv_arena *arena, const char *municipality,
				   const char *geojson, wvlv_crs crs, const char *of_id,
				   const char *exclude_id, wvlv_day_range self, wvlv_error *err)
{
	wvlv_overlap *ov = NULL;
	size_t n = 0;
	wvlv_status st = wvlv_store_designation_overlaps(db, arena, municipality, geojson, crs, of_id,
							 exclude_id, &ov, &n, err);
	return st == WVLV_OK ? wvlv_registry_place_cap_verdict(arena, self, ov, n, err) : st;
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

/* No open offer may lose its legal basis (law.md §2.12): read after the
 * change, in its transaction, with the designation locked FOR UPDATE (an
 * offer registration locks it FOR SHARE, so none slips in between).  On
 * conflict the change is refused whole (the transaction is rolled back) and
 * the problem lists the offers. */
static wvlv_status check_open_offers(wvlv_db *db, wvlv_arena *arena, const char *id,
				     wvlv_error *err)
{
	wvlv_open_offer *o;
	size_t n;
	wvlv_status st = wvlv_store_offers_without_basis(db, arena, id, &o, &n, err);
	if (st != WVLV_OK || n == 0)
		return st;
	wvlv_strbuf *ids = wvlv_strbuf_new(arena);
	for (size_t i = 0; i < n; i++) {
		char day[WVLV_DATE_STRLEN];
		wvlv_strbuf_appendf(ids, "%s%s", i ? ", " : "", o[i].id);
		if (i + 1 < WVLV_ERROR_MAX_PARAMS || n == WVLV_ERROR_MAX_PARAMS)
			wvlv_error_add_param(err, "openOffers", "open-offer",
					     "%s received %s, parcels %s", o[i].id,
					     wvlv_date_format(o[i].received_on, day), o[i].parcels);
		else if (i + 1 == WVLV_ERROR_MAX_PARAMS)
			wvlv_error_add_param(err, "openOffers", "more-open-offers",
					     "and %zu more open offers", n - i);
	}
	return wvlv_error_set(err, WVLV_ECONFLICT, "open-offers",
			      "The change would leave %zu open offer%s without the preference "
			      "right it rests on (a designation with the measure voorkeursrecht "
			      "in force on the day of receipt, covering its location): %s.",
			      n, n == 1 ? "" : "s",
			      wvlv_strbuf_failed(ids) ? "see invalidParams" : wvlv_strbuf_text(ids));
}

/* One change of a stored designation: its rule and its store call, run
 * after load_for_change() and before audit_and_get(). */
typedef wvlv_status (*change_fn)(wvlv_db *db, wvlv_arena *arena, const wvlv_designation *row,
				 const void *args, wvlv_error *err);

static wvlv_status change(wvlv_db *db, wvlv_arena *arena, const wvlv_caller *caller,
			  const char *id, const char *if_match, const char *action,
			  change_fn apply, const void *args, wvlv_crs out_crs,
			  wvlv_designation *out, wvlv_error *err)
{
	wvlv_designation row;
	const char *before;
	wvlv_status st = load_for_change(db, arena, caller, id, if_match, &row, &before, err);
	if (st == WVLV_OK)
		st = apply(db, arena, &row, args, err);
	if (st == WVLV_OK)
		st = check_open_offers(db, arena, id, err);
	if (st != WVLV_OK)
		return st;
	return audit_and_get(db, arena, caller, row.municipality_code, id, action, before,
			     out_crs, out, err);
}

/* A new geometry is checked and must keep the place cap. */
static wvlv_status apply_patch(wvlv_db *db, wvlv_arena *arena, const wvlv_designation *row,
			       const void *args, wvlv_error *err)
{
	const wvlv_designation_patch *p = args;
	wvlv_status st = WVLV_OK;
	if (p->geometry_json) {
		wvlv_day_range self = {
			wvlv_designated_from(row->periods, row->n_periods),
			wvlv_designated_until(row->periods, row->n_periods, row->withdrawn_on)
		};
		st = wvlv_store_geometry_check(db, p->geometry_json, p->geometry_crs, "geometry",
					       err);
		if (st == WVLV_OK)
			st = check_place_cap(db, arena, row->municipality_code, p->geometry_json,
					     p->geometry_crs, NULL, row->id, self, err);
	}
	return st == WVLV_OK ? wvlv_store_designation_update(db, row->id, p, err) : st;
}

wvlv_status wvlv_registry_patch(wvlv_db *db, wvlv_arena *arena, const wvlv_caller *caller,
				const char *id, const char *if_match,
				const wvlv_designation_patch *p, wvlv_crs out_crs,
				wvlv_designation *out, wvlv_error *err)
{
	return change(db, arena, caller, id, if_match, "update", apply_patch, p, out_crs, out, err);
}

typedef struct extension_args {
	wvlv_date   end;
	const char *decision_reference;
} extension_args;

/* The next period, by the extension rules and the place cap. */
static wvlv_status apply_extension(wvlv_db *db, wvlv_arena *arena, const wvlv_designation *row,
				   const void *args, wvlv_error *err)
{
	const extension_args *a = args;
	wvlv_date start;
	wvlv_status st = wvlv_extension_check(row->periods, row->n_periods, row->withdrawn_on, a->end,
					      &start, err);
	if (st != WVLV_OK)
		return st;
	wvlv_day_range self = { wvlv_designated_from(row->periods, row->n_periods), a->end };
	st = check_place_cap(db, arena, row->municipality_code, NULL, WVLV_CRS_CRS84, row->id,
			     row->id, self, err);
	if (st != WVLV_OK)
		return st;
	wvlv_period p = {
		.sequence = (int)row->n_periods + 1,
		.start = start,
		.end = a->end,
		.extension = true,
		.decision_reference = a->decision_reference,
	};
	return wvlv_store_designation_add_period(db, row->id, &p, err);
}

wvlv_status wvlv_registry_extend(wvlv_db *db, wvlv_arena *arena, const wvlv_caller *caller,
				 const char *id, const char *if_match, wvlv_date end,
				 const char *decision_reference, wvlv_crs out_crs,
				 wvlv_designation *out, wvlv_error *err)
{
	extension_args a = { end, decision_reference };
	return change(db, arena, caller, id, if_match, "extend", apply_extension, &a, out_crs, out,
		      err);
}

typedef struct withdrawal_args {
	wvlv_date   on;
	const char *reason;
} withdrawal_args;

/* The withdrawal date by the withdrawal rule; the new last designated day. */
static wvlv_status apply_withdrawal(wvlv_db *db, wvlv_arena *arena, const wvlv_designation *row,
				    const void *args, wvlv_error *err)
{
	(void)arena;
	const withdrawal_args *a = args;
	wvlv_date until;
	wvlv_status st = wvlv_withdrawal_check(row->periods, row->n_periods, row->withdrawn_on,
					       a->on, &until, err);
	return st == WVLV_OK ? wvlv_store_designation_withdraw(db, row->id, a->on, a->reason, until,
							       err)
			     : st;
}

wvlv_status wvlv_registry_withdraw(wvlv_db *db, wvlv_arena *arena, const wvlv_caller *caller,
				   const char *id, const char *if_match, wvlv_date on,
				   const char *reason, wvlv_crs out_crs, wvlv_designation *out,
				   wvlv_error *err)
{
	withdrawal_args a = { on, reason };
	return change(db, arena, caller, id, if_match, "withdraw", apply_withdrawal, &a, out_crs,
		      out, err);
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
