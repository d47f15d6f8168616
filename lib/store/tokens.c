/* tokens.c — API tokens in PostgreSQL (see store_tokens.h).
 *
 * Create, list and revoke are what `wvlv keys` does as the database owner;
 * creating and revoking each append their audit row in the same statement
 * (entity "api-token", the token's municipality or '' for a national one; no
 * hash ever reaches the audit trail).  The server role cannot read
 * api_tokens: it authenticates through the SECURITY DEFINER function
 * wvlv_authenticate(hash) of migration 0002, and the hash that comes back is
 * compared once more here in constant time.
 */
#include "wvlv/store_tokens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wvlv/designation.h"
#include "wvlv/token.h"
#include "db_internal.h"

/* The audit changes of a new token: every field, before null. */
#define SQL_CREATED_CHANGES                                                               \
	"jsonb_build_object("                                                             \
	"'municipalityCode', jsonb_build_object('before', NULL, 'after', t.municipality_code)," \
	" 'national', jsonb_build_object('before', NULL, 'after', t.national),"           \
	" 'role', jsonb_build_object('before', NULL, 'after', t.role),"                   \
	" 'label', jsonb_build_object('before', NULL, 'after', t.label))"

static const char SQL_CREATE[] =
	"WITH t AS (INSERT INTO api_tokens (municipality_code, national, role, label, token_hash)"
	" VALUES ($1::text, $1::text IS NULL, $2, $3, $4)"
	" RETURNING id, municipality_code, national, role, label),"
	" a AS (INSERT INTO audit_log (municipality_code, entity, entity_id, action, changes)"
	" SELECT COALESCE(t.municipality_code, ''), 'api-token', t.id::text, 'create', "
	SQL_CREATED_CHANGES " FROM t)"
	" SELECT id::text FROM t";

static const char SQL_LIST[] =
	"SELECT id::text, COALESCE(municipality_code, ''), national, role, label, "
	SQL_TIMESTAMP("created_at") ", " SQL_TIMESTAMP("revoked_at") ", "
	SQL_TIMESTAMP("last_used_at")
	" FROM api_tokens ORDER BY created_at, id";

static const char SQL_REVOKE[] =
	"WITH t AS (UPDATE api_tokens SET revoked_at = now()"
	" WHERE id = $1::uuid AND revoked_at IS NULL"
	" RETURNING id, municipality_code, revoked_at),"
	" a AS (INSERT INTO audit_log (municipality_code, entity, entity_id, action, changes)"
	" SELECT COALESCE(t.municipality_code, ''), 'api-token', t.id::text, 'revoke',"
	" jsonb_build_object('revokedAt', jsonb_build_object('before', NULL, 'after', "
	SQL_TIMESTAMP("t.revoked_at") ")) FROM t)"
	" SELECT id::text FROM t";

static const char SQL_EXISTS[] = "SELECT revoked_at IS NOT NULL FROM api_tokens WHERE id = $1::uuid";

static const char SQL_AUTHENTICATE[] =
	"SELECT id::text, COALESCE(municipality_code, ''), national, role, label, token_hash"
	" FROM wvlv_authenticate($1)";

/* The same, and the transaction's caller set from the token as
 * wvlv_db_set_caller sets it ($2: the request id), in one statement. */
static const char SQL_AUTHENTICATE_SCOPED[] =
	"SELECT a.id::text, COALESCE(a.municipality_code, ''), a.national, a.role, a.label,"
	" a.token_hash,"
	" set_config('wvlv.municipality', CASE WHEN a.national THEN '' ELSE a.municipality_code END,"
	" true),"
	" set_config('wvlv.national', CASE WHEN a.national THEN 'on' ELSE 'off' END, true),"
	" set_config('wvlv.token_id', a.id::text, true),"
	" set_config('wvlv.token_label', a.label, true),"
	" set_config('wvlv.request_id', $2, true)"
	" FROM wvlv_authenticate($1) a";

/* ---- helpers ------------------------------------------------------------------ */

/* 64 lowercase hex digits, as wvlv_token_hash_hex() writes them. */
static bool hash_valid(const char *s)
{
	return s && strlen(s) == WVLV_TOKEN_HEXLEN - 1 &&
	       strspn(s, "0123456789abcdef") == WVLV_TOKEN_HEXLEN - 1;
}

static wvlv_status token_invalid(wvlv_error *err, const char *param, const char *code,
				 const char *reason)
{
	wvlv_error_set(err, WVLV_EINVAL, "invalid-token-request", "%s %s", param, reason);
	wvlv_error_add_param(err, param, code, "%s", reason);
	return WVLV_EINVAL;
}

static wvlv_status token_not_found(wvlv_error *err)
{
	return wvlv_error_set(err, WVLV_ENOTFOUND, "not-found", "the token does not exist");
}

/* ---- create, list, revoke --------------------------------------------------------- */

wvlv_status wvlv_store_token_create(wvlv_db *db, const char *municipality_code, wvlv_role role,
				    const char *label, const char *hash_hex, char id_out[WVLV_UUID_STRLEN],
				    wvlv_error *err)
{
	id_out[0] = '\0';
	if (!label)
		label = "";
	if (!wvlv_role_name(role))
		return token_invalid(err, "role", "unknown-role", "must be reader, clerk or admin");
	if (municipality_code && !wvlv_municipality_code_valid(municipality_code))
		return token_invalid(err, "municipality", "invalid-municipality-code",
				     "must be GM followed by 4 digits");
	if (!municipality_code && role != WVLV_ROLE_READER && role != WVLV_ROLE_ADMIN)
		return token_invalid(err, "role", "national-reader-or-admin",
				     "must be reader or admin for a national token");
	if (strlen(label) >= sizeof(((wvlv_caller *)0)->label))
		return token_invalid(err, "label", "too-long", "must be at most 127 bytes");
	if (!hash_valid(hash_hex))
		return wvlv_db_internal(err, "token create: the hash is not 64 lowercase hex digits");
	const char *params[] = { municipality_code, wvlv_role_name(role), label, hash_hex };
	PGresult *res = wvlv_db_query(db, SQL_CREATE, 4, params, PGRES_TUPLES_OK, err);
	if (!res)
		return err->status;
	return wvlv_db_returned_id(res, id_out, 37, "token create", err);
}

static wvlv_status token_row(const PGresult *res, int r, wvlv_arena *arena, void *item,
			     wvlv_error *err)
{
	(void)arena;
	wvlv_token_info *t = item;
	snprintf(t->id, sizeof(t->id), "%s", PQgetvalue(res, r, 0));
	snprintf(t->municipality_code, sizeof(t->municipality_code), "%s", PQgetvalue(res, r, 1));
	t->national = strcmp(PQgetvalue(res, r, 2), "t") == 0;
	if (!wvlv_role_parse(PQgetvalue(res, r, 3), &t->role))
		return wvlv_db_internal(err, "unknown token role in the database");
	t->label = PQgetvalue(res, r, 4);
	t->created_at = PQgetvalue(res, r, 5);
	t->revoked_at = wvlv_db_value_or_null(res, r, 6);
	t->last_used_at = wvlv_db_value_or_null(res, r, 7);
	return WVLV_OK;
}

wvlv_status wvlv_store_token_list(wvlv_db *db, wvlv_arena *arena, wvlv_token_info **out,
				  size_t *n, wvlv_error *err)
{
	*out = NULL;
	*n = 0;
	*out = wvlv_db_read_rows(db, arena, SQL_LIST, 0, NULL, sizeof(**out), token_row, n, err);
	return *out ? WVLV_OK : err->status;
}

wvlv_status wvlv_store_token_revoke(wvlv_db *db, const char *id, wvlv_error *err)
{
	const char *params[] = { id };
	PGresult *res = wvlv_db_query(db, SQL_REVOKE, 1, params, PGRES_TUPLES_OK, err);
	if (!res)
		return wvlv_db_bad_uuid(db) ? token_not_found(err) : err->status;
	int rows = PQntuples(res);
	PQclear(res);
	if (rows == 1)
		return WVLV_OK;
	/* nothing revoked: unknown, or revoked already */
	res = wvlv_db_query(db, SQL_EXISTS, 1, params, PGRES_TUPLES_OK, err);
	if (!res)
		return err->status;
	wvlv_status st = PQntuples(res) == 0 ? token_not_found(err)
			 : wvlv_error_set(err, WVLV_ECONFLICT, "already-revoked",
					  "the token was revoked already");
	PQclear(res);
	return st;
}

/* ---- authentication --------------------------------------------------------------- */

static wvlv_status token_authenticate(wvlv_db *db, const char *hash_hex, const char *request_id,
				      bool scoped, wvlv_caller *caller, wvlv_error *err)
{
	if (!hash_valid(hash_hex))
		return wvlv_error_set(err, WVLV_ENOTFOUND, "invalid-token",
				      "the token is unknown or revoked");
	const char *params[] = { hash_hex, request_id };
	PGresult *res = wvlv_db_query(db, scoped ? SQL_AUTHENTICATE_SCOPED : SQL_AUTHENTICATE,
				      scoped ? 2 : 1, params, PGRES_TUPLES_OK, err);
	if (!res)
		return err->status;
	wvlv_status st = WVLV_OK;
	wvlv_role role;
	if (PQntuples(res) != 1 || !wvlv_token_equal(PQgetvalue(res, 0, 5), hash_hex)) {
		st = wvlv_error_set(err, WVLV_ENOTFOUND, "invalid-token",
				    "the token is unknown or revoked");
	} else if (!wvlv_role_parse(PQgetvalue(res, 0, 3), &role)) {
		st = wvlv_db_internal(err, "unknown token role in the database");
	} else {
		snprintf(caller->token_id, sizeof(caller->token_id), "%s", PQgetvalue(res, 0, 0));
		snprintf(caller->municipality_code, sizeof(caller->municipality_code), "%s",
			 PQgetvalue(res, 0, 1));
		caller->national = strcmp(PQgetvalue(res, 0, 2), "t") == 0;
		caller->role = role;
		snprintf(caller->label, sizeof(caller->label), "%s", PQgetvalue(res, 0, 4));
	}
	PQclear(res);
	return st;
}

wvlv_status wvlv_store_token_authenticate(wvlv_db *db, const char *hash_hex, wvlv_caller *caller,
					  wvlv_error *err)
{
	return token_authenticate(db, hash_hex, NULL, false, caller, err);
}

wvlv_status wvlv_store_token_authenticate_scoped(wvlv_db *db, const char *hash_hex,
						 const char *request_id, wvlv_caller *caller,
						 wvlv_error *err)
{
	if (!wvlv_db_in_transaction(db))
		return wvlv_error_set(err, WVLV_EINTERNAL, WVLV_CODE_INTERNAL,
				      "a token is checked in a transaction here; none is open");
	return token_authenticate(db, hash_hex, request_id ? request_id : "", true, caller, err);
}
