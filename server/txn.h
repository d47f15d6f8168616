/* txn.h — a request's database transaction, with Idempotency-Key replay.
 *
 * txn_begin checks a connection out and opens a transaction scoped to the
 * caller, and ties it to the request: whatever way the handler leaves,
 * dispatch rolls back a transaction that is still open (txn_abort), so a
 * handler that fails simply returns its error.  For POSTs, txn_idempotent()
 * replays the first response of a repeated Idempotency-Key; txn_finish()
 * saves the response in the same transaction as the change, commits and
 * replies.
 */
#ifndef WVLV_SERVER_TXN_H
#define WVLV_SERVER_TXN_H

#include <jansson.h>
#include <stdbool.h>

#include "http.h"
#include "wvlv/db.h"

typedef struct txn {
	http_req   *req;
	wvlv_db    *db;
	const char *idem_key;      /* NULL: no Idempotency-Key */
	char        idem_hash[65];
} txn;

/* *t lives in the request's arena, so dispatch can still roll it back after
 * the handler returned. */
wvlv_status txn_begin(http_req *req, txn **t, wvlv_error *err) WVLV_MUST_CHECK;
/* Roll back and release (nothing when it is closed already). */
void txn_abort(txn *t);
/* Commit and release without replying (reads). */
wvlv_status txn_commit(txn *t, wvlv_error *err) WVLV_MUST_CHECK;

/* For POSTs: reads Idempotency-Key.  *replayed: the first response of the key
 * was queued again (the transaction is closed; the handler is done). */
wvlv_status txn_idempotent(txn *t, bool *replayed, wvlv_error *err) WVLV_MUST_CHECK;

/* Save (when keyed), commit, release and reply `status` with the body and
 * headers already added with http_add_header; `location` may be NULL. */
wvlv_status txn_finish(txn *t, int status, json_t *body_steal, const char *location,
		       wvlv_error *err) WVLV_MUST_CHECK;

#endif
