/* strbuf.h — a growable string buffer, freed with an arena.
 *
 * For text whose length is not known in advance: an SQL statement built
 * clause by clause, a query string, a response body of several megabytes.
 * The buffer belongs to an arena and is freed when the arena is destroyed;
 * its bytes are one malloc'ed block that doubles when it is full, so that
 * appending stays cheap however large the text grows, and so that the
 * finished text can be handed over to an owner that outlives the arena
 * (wvlv_strbuf_take: a body that a cache keeps, or that libmicrohttpd frees).
 *
 * Running out of memory does not abort, unlike small arena allocations: a
 * client can make a body large.  The buffer remembers the failure instead:
 * every later append does nothing, wvlv_strbuf_failed() says so, and the
 * caller checks once, when the text is finished.
 */
#ifndef WVLV_STRBUF_H
#define WVLV_STRBUF_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include "wvlv/arena.h"
#include "wvlv/status.h"

typedef struct wvlv_strbuf wvlv_strbuf;

/* An empty buffer that lives in arena; its bytes are freed with the arena
 * unless they were taken. */
wvlv_strbuf *wvlv_strbuf_new(wvlv_arena *arena);

/* Append n bytes (they may contain NUL), a NUL-terminated string, or
 * printf-formatted text.  Nothing happens once the buffer has failed. */
void wvlv_strbuf_append(wvlv_strbuf *sb, const void *bytes, size_t n);
void wvlv_strbuf_append_str(wvlv_strbuf *sb, const char *s);
void wvlv_strbuf_appendf(wvlv_strbuf *sb, const char *fmt, ...) WVLV_PRINTF(2, 3);

/* Append a JSON value (borrowed) as json_dumps(v, flags) would write it,
 * without an intermediate copy.  A NULL v (a json_pack that ran out of
 * memory) or a value jansson cannot write fails the buffer, and nothing of
 * the value is kept. */
void wvlv_strbuf_append_json(wvlv_strbuf *sb, const json_t *v, size_t flags);

/* The text so far, NUL-terminated ("" when nothing was appended), valid
 * until the next append; and its length in bytes, the NUL not counted.
 * After a failure: what was appended before it. */
const char *wvlv_strbuf_text(const wvlv_strbuf *sb);
size_t      wvlv_strbuf_len(const wvlv_strbuf *sb);

/* Did an append fail (out of memory, or text that printf could not format)?
 * Then the text is incomplete and must not be used. */
bool wvlv_strbuf_failed(const wvlv_strbuf *sb);

/* Hand the text over: a malloc'ed, NUL-terminated block of *len bytes
 * (len may be NULL) that the caller frees with free().  NULL when the
 * buffer failed (or when the block for an empty text cannot be had).
 * Afterwards the buffer is empty and usable again. */
char *wvlv_strbuf_take(wvlv_strbuf *sb, size_t *len) WVLV_MUST_CHECK;

#endif /* WVLV_STRBUF_H */
