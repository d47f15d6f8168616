/* token.h — API bearer tokens: generation, hashing, constant-time comparison.
 *
 * A token is 32 random bytes from the OS (getrandom), written base64url
 * without padding (43 characters).  Only its SHA-256 is stored. */
#ifndef WVLV_TOKEN_H
#define WVLV_TOKEN_H

#include <stdbool.h>
#include <stddef.h>
#include "wvlv/hash.h"
#include "wvlv/status.h"

#define WVLV_TOKEN_BYTES   32
#define WVLV_TOKEN_STRLEN  44   /* 43 base64url characters + NUL */
#define WVLV_TOKEN_HEXLEN  WVLV_SHA256_HEXLEN   /* hex of the hash + NUL */

/* A new random token.  WVLV_EINTERNAL when the OS has no randomness. */
wvlv_status wvlv_token_generate(char out[WVLV_TOKEN_STRLEN], wvlv_error *err) WVLV_MUST_CHECK;

/* Is s shaped like a token (43 base64url characters)? */
bool wvlv_token_well_formed(const char *s);

/* SHA-256 of the token text, as lowercase hex. */
void wvlv_token_hash_hex(const char *token, char out[WVLV_TOKEN_HEXLEN]);

/* Constant-time equality of two equally long strings (false when lengths differ). */
bool wvlv_token_equal(const char *a, const char *b);

#endif /* WVLV_TOKEN_H */
