/* paging.h — the links of a page of a list (self, next, prev). */
#ifndef WVLV_SERVER_PAGING_H
#define WVLV_SERVER_PAGING_H

#include <jansson.h>
#include "http.h"

/* [{rel, href, type}] for the page at offset/limit holding `returned` of
 * `matched` items: next only when more follow, prev only after the first page.
 * hrefs are absolute and keep the query parameters named in keep
 * (NULL-terminated), percent-encoded. */
json_t *page_links(http_req *req, const char *const *keep, long offset, long limit,
		   long returned, long matched);

#endif
