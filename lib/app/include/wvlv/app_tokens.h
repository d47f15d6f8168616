/* app_tokens.h — API tokens: create, list and revoke them (`wvlv keys`).
 *
 * Each use case opens a connection of its own as the login user, which must
 * be the database owner: the server's role cannot read the token table (it
 * authenticates through a function that looks up one hash).  Only the
 * SHA-256 of a token is stored, so a new token can be shown once only; the
 * store appends the audit row of a create or a revoke in the same statement.
 */
#ifndef WVLV_APP_TOKENS_H
#define WVLV_APP_TOKENS_H

#include <stddef.h>

#include "wvlv/app.h"
#include "wvlv/arena.h"
#include "wvlv/caller.h"
#include "wvlv/status.h"
#include "wvlv/token.h"

/* A token just made: its id, and the token itself, which is not kept. */
typedef struct wvlv_app_token_created {
	char id[WVLV_UUID_STRLEN];
	char token[WVLV_TOKEN_STRLEN];
} wvlv_app_token_created;

/* Make a token for municipality_code with role, or a national one (NULL
 * municipality_code; role reader or admin).  label: who or what it is for
 * ("" for none). */
wvlv_status wvlv_app_tokens_create(const wvlv_app_config *cfg, const char *municipality_code,
				   wvlv_role role, const char *label, wvlv_app_token_created *out,
				   wvlv_error *err) WVLV_MUST_CHECK;


/* Every token, valid or revoked (wvlv/caller.h); never the token itself.
 * Strings are in the arena. */
wvlv_status wvlv_app_tokens_list(const wvlv_app_config *cfg, wvlv_arena *arena,
				 wvlv_token_info **items, size_t *n, wvlv_error *err) WVLV_MUST_CHECK;

/* Revoke a token; it is refused from the next request on.  WVLV_ENOTFOUND for
 * an unknown id, WVLV_ECONFLICT when it was revoked before. */
wvlv_status wvlv_app_tokens_revoke(const wvlv_app_config *cfg, const char *id,
				   wvlv_error *err) WVLV_MUST_CHECK;

#endif /* WVLV_APP_TOKENS_H */
