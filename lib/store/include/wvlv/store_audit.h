/* store_audit.h — the append-only audit trail.
 *
 * Every write appends one row in the same transaction: when, which token
 * (id and label), municipality, entity, entity id, action, the changed fields
 * before and after, and the request id.  The server role may INSERT and
 * SELECT audit rows, never UPDATE or DELETE them; a deferred constraint
 * trigger refuses a transaction that changed a designation without an audit
 * row for it. */
#ifndef WVLV_STORE_AUDIT_H
#define WVLV_STORE_AUDIT_H

#include <stddef.h>
#include "wvlv/arena.h"
#include "wvlv/audit.h"
#include "wvlv/caller.h"
#include "wvlv/db.h"
#include "wvlv/status.h"

/* Append one row.  before/after are JSON objects (NULL = {}); only the
 * members that differ are recorded, as {name: {"before": …, "after": …}}. */
wvlv_status wvlv_store_audit_append(wvlv_db *db, const wvlv_caller *caller,
				    const char *municipality_code, const char *entity,
				    const char *entity_id, const char *action,
				    const char *before_json, const char *after_json,
				    wvlv_error *err) WVLV_MUST_CHECK;
/* The same, sent with the transaction's next statement (one round trip
 * less); its failure is that statement's. */
wvlv_status wvlv_store_audit_append_later(wvlv_db *db, const wvlv_caller *caller,
					  const char *municipality_code, const char *entity,
					  const char *entity_id, const char *action,
					  const char *before_json, const char *after_json,
					  wvlv_error *err) WVLV_MUST_CHECK;

/* Oldest first (id order), after f->after[0] when set; number_matched over
 * every page (-1 past WVLV_DB_MATCHED_MAX or on a page asked by cursor). */
wvlv_status wvlv_store_audit_list(wvlv_db *db, wvlv_arena *arena, const wvlv_audit_filter *f,
				  wvlv_audit_entry **items, size_t *n, long *number_matched,
				  wvlv_error *err) WVLV_MUST_CHECK;

#endif /* WVLV_STORE_AUDIT_H */
