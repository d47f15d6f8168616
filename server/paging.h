/* paging.h — the links of a page of a list (self, next, prev). */
#ifndef WVLV_SERVER_PAGING_H
#define WVLV_SERVER_PAGING_H

#include <jansson.h>
#include "http.h"

/* v percent-encoded for a query: RFC 3986 unreserved characters stay,
 * everything else is %XX. */
const char *page_percent_encode(wvlv_arena *arena, const char *v);

/* 200 {items, numberMatched, links} for the page at offset/limit holding
 * `returned` of `matched` items.  links: self, next (only when more follow),
 * prev (only after the first page), absolute, keeping the query parameters
 * named in keep (NULL-terminated), percent-encoded. */
void page_reply(http_req *req, json_t *items_steal, const char *const *keep, long offset,
		long limit, long returned, long matched);

#endif
