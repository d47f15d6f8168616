/* app_audit.h — the audit trail as admins read it. */
#ifndef WVLV_APP_AUDIT_H
#define WVLV_APP_AUDIT_H

#include <stddef.h>

#include "wvlv/app.h"
#include "wvlv/audit.h"

/* A page of the audit rows of the caller's municipality (every municipality
 * for a national caller), oldest first; f's municipality is set to it. */
wvlv_status wvlv_app_audit_list(wvlv_request *r, wvlv_audit_filter *f, wvlv_audit_entry **items,
				size_t *n, long *matched, wvlv_error *err) WVLV_MUST_CHECK;

#endif /* WVLV_APP_AUDIT_H */
