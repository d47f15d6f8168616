/* auth.c — caller identification.
 *
 * Until bearer tokens arrive (issue 3) every request is made by one
 * development caller: a national administrator. */
#include "auth.h"

#include <stdio.h>

bool auth_authenticate(http_req *req)
{
	req->caller.national = true;
	req->caller.role = WVLV_ROLE_ADMIN;
	snprintf(req->caller.label, sizeof(req->caller.label), "development");
	snprintf(req->caller.request_id, sizeof(req->caller.request_id), "%s", req->request_id);
	return true;
}
