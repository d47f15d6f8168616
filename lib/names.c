/* names.c — name-table lookups (see names.h). */
#include "wvlv/names.h"

#include <string.h>

int wvlv_name_index(const char *const *names, size_t n, const char *name)
{
	if (!name)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return (int)i;
	return -1;
}
