/* enum.c — enumerations written as names (see enum.h). */
#include "wvlv/enum.h"

#include <stdio.h>
#include <string.h>

const char *wvlv_enum_name(const wvlv_enum *e, int value)
{
	if (value < e->first || (size_t)(value - e->first) >= e->count)
		return NULL;
	return e->names[value - e->first];
}

bool wvlv_enum_parse(const wvlv_enum *e, const char *name, int *out)
{
	if (!name)
		return false;
	for (size_t i = 0; i < e->count; i++)
		if (strcmp(e->names[i], name) == 0) {
			*out = e->first + (int)i;
			return true;
		}
	return false;
}

unsigned wvlv_enum_bit(const wvlv_enum *e, int value)
{
	if (!wvlv_enum_name(e, value) || value - e->first >= WVLV_ENUM_MAX_NAMES)
		return 0;
	return 1u << (value - e->first);
}

const char *wvlv_enum_text(const wvlv_enum *e, unsigned set, wvlv_enum_style style, char *buf,
			   size_t size)
{
	size_t n = e->count < WVLV_ENUM_MAX_NAMES ? e->count : WVLV_ENUM_MAX_NAMES;
	size_t last = 0; /* the last name of the set: " or " goes before it */
	for (size_t i = 0; i < n; i++)
		if (set & 1u << i)
			last = i;
	size_t len = 0;
	bool any = false;
	buf[0] = '\0';
	for (size_t i = 0; i < n && len < size; i++) {
		if (!(set & 1u << i))
			continue;
		const char *sep = !any ? "" : style == WVLV_ENUM_OR && i == last ? " or " : ", ";
		int w = snprintf(buf + len, size - len, "%s%s", sep, e->names[i]);
		if (w < 0)
			break;
		len += (size_t)w;
		any = true;
	}
	return buf;
}
