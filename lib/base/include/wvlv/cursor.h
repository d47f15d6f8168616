/* cursor.h — the opaque `cursor` of a list's next link (keyset paging).
 *
 * A cursor names the last item of a page by its sort keys, so the next page
 * starts right after it whatever was inserted before it meanwhile, and costs
 * what the first page costs.  Its text is base64url (no padding) of
 * "tag|key1|…|keyN": the tag says which list (and sort) it belongs to; the
 * keys are text the store gave and takes back (dates, whole numbers, UUIDs),
 * never holding '|'.  Opaque to clients: only the server reads it, and it
 * checks every key's shape before a key reaches a statement. */
#ifndef WVLV_CURSOR_H
#define WVLV_CURSOR_H

#include <stdbool.h>

#include "wvlv/arena.h"

#define WVLV_CURSOR_MAX_KEYS 8
#define WVLV_CURSOR_MAX_LEN  512   /* characters of a cursor's text */

/* The cursor of tag and keys[0..n-1]; NULL when a key is empty or holds '|',
 * or the text would be longer than WVLV_CURSOR_MAX_LEN. */
const char *wvlv_cursor_make(wvlv_arena *arena, const char *tag, const char *const *keys,
			     int n);

/* The keys of cursor into keys[0..n-1] (text in the arena): true when the
 * cursor is base64url of tag and exactly n non-empty keys, false for any
 * other text. */
bool wvlv_cursor_read(wvlv_arena *arena, const char *cursor, const char *tag,
		      const char **keys, int n);

#endif
