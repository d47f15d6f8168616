/* store_tokens.h — API tokens in PostgreSQL (only hashes are stored).
 *
 * Create/list/revoke run as the database owner (the `wvlv keys` CLI).  The
 * server authenticates through a SECURITY DEFINER function, so its role can
 * look up one token by hash but cannot read the token table. */
#ifndef WVLV_STORE_TOKENS_H
#define WVLV_STORE_TOKENS_H

#include <stdbool.h>
#include <stddef.h>
#include "wvlv/arena.h"
#include "wvlv/caller.h"
#include "wvlv/db.h"
#include "wvlv/status.h"

/* municipality_code NULL: a national token (role reader or admin: EINVAL otherwise). */
wvlv_status wvlv_store_token_create(wvlv_db *db, const char *municipality_code, wvlv_role role,
				    const char *label, const char *hash_hex, char id_out[WVLV_UUID_STRLEN],
				    wvlv_error *err) WVLV_MUST_CHECK;
wvlv_status wvlv_store_token_list(wvlv_db *db, wvlv_arena *arena, wvlv_token_info **out,
				  size_t *n, wvlv_error *err) WVLV_MUST_CHECK;
/* ENOTFOUND for an unknown id; revoking twice is ECONFLICT "already-revoked". */
wvlv_status wvlv_store_token_revoke(wvlv_db *db, const char *id, wvlv_error *err) WVLV_MUST_CHECK;

/* Look the hash up (valid tokens only) and fill caller's municipality,
 * national, role, token_id and label; the stored hash is compared with
 * wvlv_token_equal.  ENOTFOUND when unknown or revoked.  Records last use. */
wvlv_status wvlv_store_token_authenticate(wvlv_db *db, const char *hash_hex, wvlv_caller *caller,
					  wvlv_error *err) WVLV_MUST_CHECK;
/* The same inside the transaction open on db (begun, perhaps not yet sent),
 * which it scopes to the token's caller as wvlv_db_set_caller does
 * (request_id: wvlv.request_id), in the same statement. */
wvlv_status wvlv_store_token_authenticate_scoped(wvlv_db *db, const char *hash_hex,
						 const char *request_id, wvlv_caller *caller,
						 wvlv_error *err) WVLV_MUST_CHECK;

#endif /* WVLV_STORE_TOKENS_H */
