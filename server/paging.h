/* paging.h — the pages of a list: its cursor and its links (self, next, prev).
 *
 * A list is paged by `limit` and either `offset` (0 to QUERY_OFFSET_MAX, for
 * the first pages) or `cursor` (keyset paging): the next link carries the
 * cursor of the last item of the page (wvlv/cursor.h), so that the next
 * page starts right after that item — no item seen twice or skipped while
 * rows are inserted — and a page deep in the list costs what the first one
 * costs.  The handler asks the use case for limit + 1 items: the extra one
 * only says that a next page exists. */
#ifndef WVLV_SERVER_PAGING_H
#define WVLV_SERVER_PAGING_H

#include <stdbool.h>
#include <jansson.h>
#include "http.h"

/* One list's keyset order: the tag of its cursors and the shape of each key
 * ('d' a date, 't' microseconds since 1970, 'u' a UUID, 'n' a row number). */
typedef struct page_order {
	const char *tag;
	const char *shapes;
} page_order;

#define PAGE_MAX_KEYS 4

/* The cursor query parameter, when given, into keys[0..strlen(shapes)-1]
 * (keys[0] NULL when none): 400 invalid-cursor when it is not a cursor of
 * this list's next links, 400 cursor-with-offset when offset is given too. */
bool page_cursor_query(http_req *req, const page_order *o, const char **keys,
		       wvlv_error *err);

/* The cursor of a next page that starts after the item with these keys
 * (as many as o's shapes); NULL when they make none. */
const char *page_cursor_of(http_req *req, const page_order *o, const char *const *keys);

/* Where a page stands: offset and limit as asked, by_cursor when a cursor
 * asked for it, next the cursor of the next page (NULL on the last page). */
typedef struct page_pos {
	long        offset, limit;
	bool        by_cursor;
	const char *next;
} page_pos;

/* v percent-encoded for a query: RFC 3986 unreserved characters stay,
 * everything else is %XX. */
const char *page_percent_encode(wvlv_arena *arena, const char *v);

/* The query of a page's link: limit and cursor (or offset) first, then the
 * parameters named in keep (NULL-terminated) as the request has them,
 * percent-encoded; cursor NULL for an offset link. */
const char *page_link_query(http_req *req, const char *const *keep, long limit,
			    const char *cursor, long offset);

/* 200 {items, numberMatched (left out when matched < 0: a page asked by
 * cursor, which does not count), links}: links self, next (only when p->next),
 * prev (only after the first page of an offset list: a cursor page has no
 * prev), absolute, keeping the query parameters named in keep. */
void page_reply(http_req *req, json_t *items_steal, const char *const *keep,
		const page_pos *p, long matched);

#endif
