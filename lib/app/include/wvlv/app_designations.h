/* app_designations.h — the designation use cases: register, read, list,
 * change, extend and withdraw (docs/law.md §1).
 *
 * Each owns its transaction, scoped to r->caller (row-level security: rows of
 * another municipality do not exist for it, WVLV_ENOTFOUND).  The writes
 * append the audit row in the same transaction and ask r->answer for the
 * answer before they commit (app.h); with r->replayed the key's first answer
 * is in r->first and nothing was done.  if_match is the raw If-Match header
 * or NULL; a stale one is WVLV_EPRECOND.  crs is the CRS the geometry is
 * returned in.
 */
#ifndef WVLV_APP_DESIGNATIONS_H
#define WVLV_APP_DESIGNATIONS_H

#include <stddef.h>

#include "wvlv/app.h"
#include "wvlv/crs.h"
#include "wvlv/designation.h"

/* A caller registers designations of its own municipality only (WVLV_EINVAL
 * "other-municipality"); the first period, the geometry and the place cap
 * are checked. */
wvlv_status wvlv_app_designation_create(wvlv_request *r, const wvlv_designation_new *d,
					wvlv_crs crs, wvlv_designation *out,
					wvlv_error *err) WVLV_MUST_CHECK;

wvlv_status wvlv_app_designation_get(wvlv_request *r, const char *id, wvlv_crs crs,
				     wvlv_designation *out, wvlv_error *err) WVLV_MUST_CHECK;

/* A page of the designations the caller sees; f's municipality is limited to
 * the caller's. */
wvlv_status wvlv_app_designation_list(wvlv_request *r, wvlv_designation_filter *f, wvlv_crs crs,
				      wvlv_designation **items, size_t *n, long *matched,
				      wvlv_error *err) WVLV_MUST_CHECK;

wvlv_status wvlv_app_designation_patch(wvlv_request *r, const char *id, const char *if_match,
				       const wvlv_designation_patch *p, wvlv_crs crs,
				       wvlv_designation *out, wvlv_error *err) WVLV_MUST_CHECK;

wvlv_status wvlv_app_designation_extend(wvlv_request *r, const char *id, const char *if_match,
					wvlv_date end, const char *decision_reference,
					wvlv_crs crs, wvlv_designation *out,
					wvlv_error *err) WVLV_MUST_CHECK;

wvlv_status wvlv_app_designation_withdraw(wvlv_request *r, const char *id, const char *if_match,
					  wvlv_date on, const char *reason, wvlv_crs crs,
					  wvlv_designation *out, wvlv_error *err) WVLV_MUST_CHECK;

#endif /* WVLV_APP_DESIGNATIONS_H */
