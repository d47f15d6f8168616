/* txn.h — a request's database transaction, with Idempotency-Key replay.
 *
 * txn_begin checks a connection out and opens a transaction (503 problem when
 * the database is unavailable).  For POSTs, txn_idempotent() replays the first
 * response of a repeated Idempotency-Key; txn_finish() saves the response in
 * the same transaction as the change, commits and replies.
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

/* false: a problem response was queued. */
bool txn_begin(http_req *req, txn *t);
/* Roll back and release. */
void txn_abort(txn *t);
/* Roll back, release and answer with the error. */
void txn_fail(txn *t, const wvlv_error *err);
/* Commit and release without replying (reads). false: replied with the error. */
bool txn_commit(txn *t);

/* For POSTs: reads Idempotency-Key.  Returns true when the request was
 * answered already (a replay, or a reused key with another body → 422; the
 * transaction is then closed). */
bool txn_idempotent(txn *t);

/* Save (when keyed), commit, release and reply `status` with the body and
 * headers already added with http_add_header; `location` may be NULL. */
void txn_finish(txn *t, int status, json_t *body_steal, const char *location);

#endif
