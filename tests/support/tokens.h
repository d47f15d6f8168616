/* tokens.h — API tokens for end-to-end tests, made with the real CLI. */
#ifndef WVLV_TEST_TOKENS_H
#define WVLV_TEST_TOKENS_H

/* `wvlv keys create` against conninfo: municipality NULL makes a national
 * token (role NULL: the default, reader; "admin": a national admin).  Returns "Authorization: Bearer <token>" (static
 * storage, one of 16 slots); exits the test program when the CLI fails. */
const char *ttoken_header(const char *conninfo, const char *municipality, const char *role);

/* The token id of the last ttoken_header call (for revoke tests). */
const char *ttoken_last_id(void);

#endif
