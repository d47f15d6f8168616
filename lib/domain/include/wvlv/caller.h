/* caller.h — who is asking: the scope every store call is made in, and the
 * API tokens callers authenticate with as they are listed. */
#ifndef WVLV_CALLER_H
#define WVLV_CALLER_H

#include <stdbool.h>
#include "wvlv/enum.h"
#include "wvlv/uuid.h"

typedef enum wvlv_role { WVLV_ROLE_READER = 1, WVLV_ROLE_CLERK, WVLV_ROLE_ADMIN } wvlv_role;

/* The names of the roles (wvlv/enum.h), caller.c. */
extern const wvlv_enum wvlv_role_enum;

/* "reader", "clerk", "admin"; NULL for a value that is not a role. */
const char *wvlv_role_name(wvlv_role role);
/* The role of a name; false for anything else (NULL too). */
bool wvlv_role_parse(const char *name, wvlv_role *out);

/* The database roles a caller's work is done as (created by the migrations):
 * every request and job switches to WVLV_SERVER_ROLE, under row-level security
 * scoped to the caller; /ogc/v1 reads as WVLV_GIS_ROLE, which sees the public
 * designation columns only (migration 0007). */
#define WVLV_SERVER_ROLE "wvlv_server"
#define WVLV_GIS_ROLE "wvlv_gis"

#define WVLV_CLIENT_REQUEST_ID_MAX 64

typedef struct wvlv_caller {
	char      municipality_code[8]; /* "GM0599"; empty for a national token */
	bool      national;             /* read-only, all municipalities */
	wvlv_role role;
	char      token_id[40];         /* empty for the development caller */
	char      label[128];
	char      request_id[40];       /* the server's own, never the client's */
	char      client_request_id[WVLV_CLIENT_REQUEST_ID_MAX + 1]; /* the client's
					 * X-Request-Id when well-formed, else empty */
} wvlv_caller;

/* Is s a request id a client may give (X-Request-Id), kept beside the
 * server's own: 1 to WVLV_CLIENT_REQUEST_ID_MAX characters of A-Z a-z 0-9
 * . _ : -?  NULL is not. */
bool wvlv_client_request_id_valid(const char *s);

/* ---- an API token as it is listed (wvlv keys list) ----------------------------
 * Only a hash of a token is stored, so the token itself is never part of it. */

typedef struct wvlv_token_info {
	char        id[WVLV_UUID_STRLEN];
	char        municipality_code[8];   /* "" for national */
	bool        national;
	wvlv_role   role;
	const char *label;
	const char *created_at;             /* RFC 3339 UTC */
	const char *revoked_at;             /* NULL while valid */
	const char *last_used_at;           /* NULL: never used */
} wvlv_token_info;

#endif /* WVLV_CALLER_H */
