/* caller.c — the names of roles (caller.h). */
#include "wvlv/caller.h"

#include <string.h>

#include "wvlv/status.h"

static const char *const role_names[] = { "reader", "clerk", "admin" };

_Static_assert(WVLV_COUNTOF(role_names) == WVLV_ROLE_ADMIN - WVLV_ROLE_READER + 1,
	       "one name per role");

const wvlv_enum wvlv_role_enum = WVLV_ENUM_TABLE(role_names, WVLV_ROLE_READER);

WVLV_ENUM_FUNCTIONS(wvlv_role, wvlv_role_name, wvlv_role_parse, wvlv_role_enum)

bool wvlv_client_request_id_valid(const char *s)
{
	static const char allowed[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
				      "0123456789._:-";
	if (!s)
		return false;
	size_t n = strlen(s);
	return n >= 1 && n <= WVLV_CLIENT_REQUEST_ID_MAX && strspn(s, allowed) == n;
}
