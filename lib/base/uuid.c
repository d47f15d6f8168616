/* uuid.c — the text form of a UUID (see uuid.h). */
#include "wvlv/uuid.h"

#include <string.h>

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool wvlv_uuid_shaped(const char *s)
{
	if (!s || strlen(s) != WVLV_UUID_STRLEN - 1)
		return false;
	for (int i = 0; i < WVLV_UUID_STRLEN - 1; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;
		if (dash ? s[i] != '-' : !is_hex(s[i]))
			return false;
	}
	return true;
}
