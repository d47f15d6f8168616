/* names.c — name-table lookups (see names.h), and the names of roles
 * (caller.h). */
#include "wvlv/names.h"

#include <string.h>

#include "wvlv/caller.h"

int wvlv_name_index(const char *const *names, size_t n, const char *name)
{
	if (!name)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return (int)i;
	return -1;
}

static const char *const role_names[] = { "reader", "clerk", "admin" };

const char *wvlv_role_name(wvlv_role role)
{
	if (role < WVLV_ROLE_READER || role > WVLV_ROLE_ADMIN)
		return NULL;
	return role_names[role - WVLV_ROLE_READER];
}

bool wvlv_role_parse(const char *name, wvlv_role *out)
{
	int i = wvlv_name_index(role_names, sizeof(role_names) / sizeof(role_names[0]), name);
	if (i < 0)
		return false;
	*out = (wvlv_role)(WVLV_ROLE_READER + i);
	return true;
}
