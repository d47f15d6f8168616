/* arena.h — a region allocator: many allocations, one free.
 *
 * A request gets one arena; everything parsed, queried and rendered for it is
 * allocated from the arena and released at once when the request completes.
 * Foreign objects (PGresult, json_t) are tied to the arena with a cleanup
 * callback.  Out of memory aborts (the OOM policy of small fixed objects);
 * sizes that clients control are capped before they reach the arena.
 */
#ifndef WVLV_ARENA_H
#define WVLV_ARENA_H

#include <stddef.h>
#include "wvlv/status.h"

typedef struct wvlv_arena wvlv_arena;

wvlv_arena *wvlv_arena_create(void);
void        wvlv_arena_destroy(wvlv_arena *arena);

/* Zeroed memory, aligned for any type, owned by the arena. */
void *wvlv_arena_alloc(wvlv_arena *arena, size_t size);
char *wvlv_arena_strdup(wvlv_arena *arena, const char *s);
char *wvlv_arena_strndup(wvlv_arena *arena, const char *s, size_t n);
char *wvlv_arena_printf(wvlv_arena *arena, const char *fmt, ...) WVLV_PRINTF(2, 3);

/* Run fn(ptr) when the arena is destroyed (last registered runs first). */
void wvlv_arena_on_destroy(wvlv_arena *arena, void (*fn)(void *), void *ptr);

#endif /* WVLV_ARENA_H */
