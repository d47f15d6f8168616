/* audit.c — reading the audit trail (see app_audit.h); writing it is part of
 * every change (registry.c, offers.c). */
#include "app_internal.h"

#include "wvlv/app_audit.h"
#include "wvlv/store_audit.h"

wvlv_status wvlv_app_audit_list(wvlv_request *r, wvlv_audit_filter *f, wvlv_audit_entry **items,
				size_t *n, long *matched, wvlv_error *err)
{
	f->municipality_code = app_scope(r->caller);
	wvlv_status st = app_read_begin(r, err);
	if (st == WVLV_OK)
		st = wvlv_store_audit_list(r->db, r->arena, f, items, n, matched, err);
	return st == WVLV_OK ? app_commit(r, err) : st;
}
