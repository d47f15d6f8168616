/* idempotency.c — remembered responses for Idempotency-Key (see
 * store_idempotency.h).
 *
 * wvlv_store_idem_begin() takes a transaction-scoped advisory lock on
 * (municipality, key) before it looks: a second request with the same key waits
 * until the first one's transaction ends, then finds its saved response.  The
 * lock and the lookup are separate statements, so the lookup's snapshot is
 * taken after the lock is held (READ COMMITTED).
 */
#include "wvlv/store_idempotency.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"

static const char SQL_LOCK[] = "SELECT pg_advisory_xact_lock(hashtext($1 || '/' || $2))";
static const char SQL_LOOKUP[] =
	"SELECT request_hash, status, body, headers::text FROM idempotency_keys"
	" WHERE municipality_code = $1 AND key = $2";
static const char SQL_SAVE[] =
	"INSERT INTO idempotency_keys (municipality_code, key, request_hash, status, body, headers)"
	" VALUES ($1, $2, $3, $4::int, $5, coalesce($6::jsonb, '{}'))";

wvlv_status wvlv_store_idem_begin(wvlv_db *db, wvlv_arena *arena, const char *scope,
				  const char *key, const char *request_hash,
				  wvlv_idem_response *out, wvlv_error *err)
{
	memset(out, 0, sizeof(*out));
	if (!wvlv_db_in_transaction(db))
		return wvlv_error_set(err, WVLV_EINTERNAL, WVLV_CODE_INTERNAL,
				      "an idempotency key is locked inside a transaction; none is open");
	const char *params[] = { scope ? scope : "", key };
	/* sent with the lookup, in one round trip; still two statements, so the
	 * lookup's snapshot is taken after the lock is held */
	wvlv_status st = wvlv_db_defer(db, SQL_LOCK, 2, params, err);
	if (st != WVLV_OK)
		return st;
	PGresult *res = wvlv_db_query(db, SQL_LOOKUP, 2, params, PGRES_TUPLES_OK, err);
	if (!res)
		return err->status;
	if (PQntuples(res) == 1) {
		out->found = true;
		out->same_request = request_hash && strcmp(PQgetvalue(res, 0, 0), request_hash) == 0;
		out->status = atoi(PQgetvalue(res, 0, 1));
		out->body = wvlv_arena_strdup(arena, PQgetvalue(res, 0, 2));
		out->headers = wvlv_arena_strdup(arena, PQgetvalue(res, 0, 3));
	}
	PQclear(res);
	return WVLV_OK;
}

static wvlv_status idem_save(wvlv_db *db, const char *scope, const char *key,
			     const char *request_hash, int status, const char *body,
			     const char *headers_json, bool later, wvlv_error *err)
{
	char status_buf[16];
	snprintf(status_buf, sizeof(status_buf), "%d", status);
	const char *params[] = {
		scope ? scope : "", key, request_hash, status_buf, body ? body : "", headers_json,
	};
	return later ? wvlv_db_defer(db, SQL_SAVE, 6, params, err)
		     : wvlv_db_exec(db, SQL_SAVE, 6, params, err);
}

wvlv_status wvlv_store_idem_save(wvlv_db *db, const char *scope, const char *key,
				 const char *request_hash, int status, const char *body,
				 const char *headers_json, wvlv_error *err)
{
	return idem_save(db, scope, key, request_hash, status, body, headers_json, false, err);
}

wvlv_status wvlv_store_idem_save_later(wvlv_db *db, const char *scope, const char *key,
				       const char *request_hash, int status, const char *body,
				       const char *headers_json, wvlv_error *err)
{
	return idem_save(db, scope, key, request_hash, status, body, headers_json, true, err);
}
