/* etag.c — strong entity tags from row versions (see etag.h). */
#include "wvlv/etag.h"

#include <stdio.h>
#include <string.h>

char *wvlv_etag_format(int version, char buf[WVLV_ETAG_STRLEN])
{
	snprintf(buf, WVLV_ETAG_STRLEN, "\"%d\"", version);
	return buf;
}

bool wvlv_etag_if_match(const char *header, int version)
{
	if (!header)
		return true;
	char want[WVLV_ETAG_STRLEN];
	wvlv_etag_format(version, want);
	size_t wn = strlen(want);
	const char *p = header;
	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		const char *start = p;
		while (*p && *p != ',')
			p++;
		const char *end = p;
		while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		size_t n = (size_t)(end - start);
		if (n == 1 && *start == '*')
			return true;
		if (n == wn && memcmp(start, want, wn) == 0)
			return true;
	}
	return false;
}
