/* auth.h — who is calling: fills req->caller before the handler runs. */
#ifndef WVLV_SERVER_AUTH_H
#define WVLV_SERVER_AUTH_H

#include <stdbool.h>
#include "http.h"

/* false: a problem response (401/403) was queued. */
bool auth_authenticate(http_req *req);

#endif
