/* cursor.c — opaque list cursors (see cursor.h). */
#include "wvlv/cursor.h"

#include <string.h>

static const char b64url[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static int b64_value(char c)
{
	const char *p = c ? strchr(b64url, c) : NULL;
	return p ? (int)(p - b64url) : -1;
}

static char *encode(wvlv_arena *arena, const unsigned char *in, size_t n)
{
	char *out = wvlv_arena_alloc(arena, (n + 2) / 3 * 4 + 1), *o = out;
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)in[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)in[i + 1] << 8;
		if (i + 2 < n)
			v |= in[i + 2];
		*o++ = b64url[(v >> 18) & 63];
		*o++ = b64url[(v >> 12) & 63];
		if (i + 1 < n)
			*o++ = b64url[(v >> 6) & 63];
		if (i + 2 < n)
			*o++ = b64url[v & 63];
	}
	*o = '\0';
	return out;
}

/* The bytes of base64url text s (no padding) as a C string; NULL when s is
 * not that, or decodes to a NUL byte, or has bits left over. */
static char *decode(wvlv_arena *arena, const char *s)
{
	size_t len = strlen(s);
	if (len % 4 == 1)
		return NULL;
	char *out = wvlv_arena_alloc(arena, len / 4 * 3 + 3), *o = out;
	unsigned acc = 0;
	int bits = 0;
	for (size_t i = 0; i < len; i++) {
		int v = b64_value(s[i]);
		if (v < 0)
			return NULL;
		acc = (acc << 6 | (unsigned)v) & 0xFFFFFF;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			char c = (char)((acc >> bits) & 0xFF);
			if (!c)
				return NULL;
			*o++ = c;
		}
	}
	if (bits && (acc & ((1u << bits) - 1)))
		return NULL; /* not the canonical text of these bytes */
	*o = '\0';
	return out;
}

const char *wvlv_cursor_make(wvlv_arena *arena, const char *tag, const char *const *keys,
			     int n)
{
	size_t len = strlen(tag);
	for (int i = 0; i < n; i++) {
		if (!keys[i] || !*keys[i] || strchr(keys[i], '|'))
			return NULL;
		len += 1 + strlen(keys[i]);
	}
	if ((len + 2) / 3 * 4 > WVLV_CURSOR_MAX_LEN)
		return NULL;
	char *plain = wvlv_arena_alloc(arena, len + 1), *p = plain;
	size_t tl = strlen(tag);
	memcpy(p, tag, tl);
	p += tl;
	for (int i = 0; i < n; i++) {
		size_t kl = strlen(keys[i]);
		*p++ = '|';
		memcpy(p, keys[i], kl);
		p += kl;
	}
	*p = '\0';
	return encode(arena, (const unsigned char *)plain, len);
}

bool wvlv_cursor_read(wvlv_arena *arena, const char *cursor, const char *tag,
		      const char **keys, int n)
{
	if (!cursor || !*cursor || strlen(cursor) > WVLV_CURSOR_MAX_LEN)
		return false;
	char *plain = decode(arena, cursor);
	size_t tl = strlen(tag);
	if (!plain || strncmp(plain, tag, tl) != 0 || plain[tl] != '|')
		return false;
	char *p = plain + tl;
	for (int i = 0; i < n; i++) {
		if (*p != '|')
			return false;
		*p++ = '\0'; /* ends the key before */
		keys[i] = p;
		p += strcspn(p, "|");
		if (p == keys[i])
			return false;
	}
	return *p == '\0';
}
