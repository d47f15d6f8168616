/* auth.h — who is calling: fills req->caller before the handler runs. */
#ifndef WVLV_SERVER_AUTH_H
#define WVLV_SERVER_AUTH_H

#include <stdbool.h>
#include "http.h"

/* Fill req->caller.  WVLV_EUNAUTHORIZED (401, with WWW-Authenticate added to
 * the reply) or WVLV_EFORBIDDEN (403) with err set; dispatch answers. */
wvlv_status auth_authenticate(http_req *req, wvlv_error *err) WVLV_MUST_CHECK;

#endif
