/* strbuf.c — a growable string buffer, freed with an arena (see strbuf.h).
 *
 * The struct lives in the arena; the bytes are one malloc'ed block, so that
 * growing is a realloc (for a large block the C library moves pages, not
 * bytes) and the finished block can be handed over.  The arena frees the
 * block through a cleanup callback unless wvlv_strbuf_take() took it. */
#include "wvlv/strbuf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STRBUF_FIRST_CAP 256

struct wvlv_strbuf {
	char  *p;       /* NULL until the first append */
	size_t len;     /* bytes of text, the NUL not counted */
	size_t cap;     /* bytes allocated at p */
	bool   failed;
};

static void strbuf_free(void *ptr)
{
	wvlv_strbuf *sb = ptr;
	free(sb->p);
	sb->p = NULL;
}

wvlv_strbuf *wvlv_strbuf_new(wvlv_arena *arena)
{
	wvlv_strbuf *sb = wvlv_arena_alloc(arena, sizeof(*sb));
	wvlv_arena_on_destroy(arena, strbuf_free, sb);
	return sb;
}

/* Room for n more bytes and the NUL; false (and failed) when there is none. */
static bool strbuf_reserve(wvlv_strbuf *sb, size_t n)
{
	if (sb->failed)
		return false;
	if (n >= SIZE_MAX - sb->len) {
		sb->failed = true;
		return false;
	}
	size_t need = sb->len + n + 1;
	if (need <= sb->cap)
		return true;
	size_t cap = sb->cap ? sb->cap : STRBUF_FIRST_CAP;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	char *p = realloc(sb->p, cap);
	if (!p) {
		sb->failed = true;
		return false;
	}
	sb->p = p;
	sb->cap = cap;
	return true;
}

void wvlv_strbuf_append(wvlv_strbuf *sb, const void *bytes, size_t n)
{
	if (!strbuf_reserve(sb, n))
		return;
	if (n)
		memcpy(sb->p + sb->len, bytes, n);
	sb->len += n;
	sb->p[sb->len] = '\0';
}

void wvlv_strbuf_append_str(wvlv_strbuf *sb, const char *s)
{
	wvlv_strbuf_append(sb, s, strlen(s));
}

void wvlv_strbuf_appendf(wvlv_strbuf *sb, const char *fmt, ...)
{
	if (sb->failed)
		return;
	/* First into the room there is; only when that is too small, grow and
	 * format again. */
	size_t room = sb->p ? sb->cap - sb->len : 0;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(sb->p ? sb->p + sb->len : NULL, room, fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n >= room && strbuf_reserve(sb, (size_t)n)) {
		va_start(ap, fmt);
		n = vsnprintf(sb->p + sb->len, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	if (n < 0)
		sb->failed = true;
	if (sb->failed) {
		if (sb->p)
			sb->p[sb->len] = '\0'; /* the text before this append */
		return;
	}
	sb->len += (size_t)n;
}

/* json_dump_callback's writer: -1 stops the dump once the buffer failed. */
static int strbuf_json_part(const char *bytes, size_t n, void *data)
{
	wvlv_strbuf *sb = data;
	wvlv_strbuf_append(sb, bytes, n);
	return sb->failed ? -1 : 0;
}

void wvlv_strbuf_append_json(wvlv_strbuf *sb, const json_t *v, size_t flags)
{
	if (sb->failed)
		return;
	size_t before = sb->len;
	if (!v || json_dump_callback(v, strbuf_json_part, sb, flags) != 0) {
		sb->failed = true;
		sb->len = before;
		if (sb->p)
			sb->p[before] = '\0';
	}
}

const char *wvlv_strbuf_text(const wvlv_strbuf *sb)
{
	return sb->p ? sb->p : "";
}

size_t wvlv_strbuf_len(const wvlv_strbuf *sb)
{
	return sb->len;
}

bool wvlv_strbuf_failed(const wvlv_strbuf *sb)
{
	return sb->failed;
}

char *wvlv_strbuf_take(wvlv_strbuf *sb, size_t *len)
{
	char *p = sb->p;
	size_t n = sb->len;
	if (sb->failed) {
		free(p);
		p = NULL;
		n = 0;
	} else if (!p) {
		p = malloc(1);
		if (p)
			p[0] = '\0';
	}
	sb->p = NULL;
	sb->len = 0;
	sb->cap = 0;
	sb->failed = false;
	if (len)
		*len = p ? n : 0;
	return p;
}
