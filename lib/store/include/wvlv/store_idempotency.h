/* store_idempotency.h — remembered responses for Idempotency-Key. */
#ifndef WVLV_STORE_IDEMPOTENCY_H
#define WVLV_STORE_IDEMPOTENCY_H

#include <stdbool.h>
#include "wvlv/arena.h"
#include "wvlv/db.h"
#include "wvlv/status.h"

typedef struct wvlv_idem_response {
	bool        found;
	bool        same_request;  /* request hash matched */
	int         status;
	const char *body;          /* exact bytes of the first response */
	const char *headers;       /* JSON object {name: value} of the headers to replay */
} wvlv_idem_response;

/* Lock the key for this transaction (advisory lock) and look it up.
 * scope is the municipality (or "" for national); request_hash identifies
 * method + path + body. */
wvlv_status wvlv_store_idem_begin(wvlv_db *db, wvlv_arena *arena, const char *scope,
				  const char *key, const char *request_hash,
				  wvlv_idem_response *out, wvlv_error *err) WVLV_MUST_CHECK;

/* Save the response in the same transaction as the change it describes;
 * headers_json is a JSON object of header names and values (NULL: none). */
wvlv_status wvlv_store_idem_save(wvlv_db *db, const char *scope, const char *key,
				 const char *request_hash, int status, const char *body,
				 const char *headers_json, wvlv_error *err) WVLV_MUST_CHECK;
/* The same, sent with the transaction's next statement (its COMMIT). */
wvlv_status wvlv_store_idem_save_later(wvlv_db *db, const char *scope, const char *key,
				       const char *request_hash, int status, const char *body,
				       const char *headers_json, wvlv_error *err) WVLV_MUST_CHECK;

#endif /* WVLV_STORE_IDEMPOTENCY_H */
