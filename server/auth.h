/* auth.h — who is calling: fills req->caller before the handler runs. */
#ifndef WVLV_SERVER_AUTH_H
#define WVLV_SERVER_AUTH_H

#include <stdbool.h>
#include "http.h"
#include "wvlv/token.h"

/* Fill req->caller.  WVLV_EUNAUTHORIZED (401, with WWW-Authenticate added to
 * the reply) or WVLV_EFORBIDDEN (403) with err set; dispatch answers. */
wvlv_status auth_authenticate(http_req *req, wvlv_error *err) WVLV_MUST_CHECK;

/* The token of an Authorization header value "Bearer <token>" into out
 * (whitespace around it is not part of it, RFC 9110 §5.5); false when the
 * value is not that. */
bool auth_bearer_token(const char *header, char out[WVLV_TOKEN_STRLEN]);

#endif
