/* utf8.c — text from outside as a JSON string (see utf8.h). */
#include "wvlv/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */

/* The length of the valid UTF-8 sequence that starts s (n bytes left), or 0
 * when s[0] does not start one. */
static size_t sequence_length(const unsigned char *s, size_t n)
{
	size_t len;
	uint32_t cp;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		len = 2;
		cp = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		len = 3;
		cp = s[0] & 0x0F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		len = 4;
		cp = s[0] & 0x07;
	} else {
		return 0; /* a continuation byte, an overlong lead (C0, C1), or F5 and up */
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

bool wvlv_utf8_valid(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		size_t k = u[i] ? sequence_length(u + i, n - i) : 0;
		if (!k)
			return false;
		i += k;
	}
	return true;
}

json_t *wvlv_json_textn(const char *s, size_t n)
{
	json_t *j = json_stringn(s, n);
	if (j || n > (SIZE_MAX - 1) / 3)
		return j;
	const unsigned char *u = (const unsigned char *)s;
	char *clean = malloc(3 * n + 1);
	if (!clean)
		return NULL;
	size_t len = 0;
	for (size_t i = 0; i < n;) {
		size_t k = sequence_length(u + i, n - i);
		if (k) {
			memcpy(clean + len, u + i, k);
			len += k;
			i += k;
		} else {
			memcpy(clean + len, replacement, 3);
			len += 3;
			i++;
		}
	}
	j = json_stringn(clean, len);
	free(clean);
	return j;
}

json_t *wvlv_json_text(const char *s)
{
	return s ? wvlv_json_textn(s, strlen(s)) : json_string("");
}
