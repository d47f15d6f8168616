/* paging.c — list page links (see paging.h). */
#include "paging.h"

#include <stdio.h>
#include <string.h>

const char *page_percent_encode(wvlv_arena *arena, const char *v)
{
	char *enc = wvlv_arena_alloc(arena, strlen(v) * 3 + 1), *e = enc;
	for (const unsigned char *s = (const unsigned char *)v; *s; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || strchr("-._~", *s))
			*e++ = (char)*s;
		else
			e += sprintf(e, "%%%02X", *s);
	}
	*e = '\0';
	return enc;
}

static json_t *link(http_req *req, const char *const *keep, const char *rel, long offset,
		    long limit)
{
	char *q = wvlv_arena_printf(req->arena, "limit=%ld&offset=%ld", limit, offset);
	for (const char *const *k = keep; k && *k; k++) {
		const char *v = http_query(req, *k);
		if (v)
			q = wvlv_arena_printf(req->arena, "%s&%s=%s", q, *k,
					      page_percent_encode(req->arena, v));
	}
	char *href = wvlv_arena_printf(req->arena, "%s%s?%s", http_base_url(req), req->path, q);
	return json_pack("{s:s, s:s, s:s}", "rel", rel, "href", href, "type", "application/json");
}

static json_t *page_links(http_req *req, const char *const *keep, long offset, long limit,
		   long returned, long matched)
{
	json_t *links = json_array();
	json_array_append_new(links, link(req, keep, "self", offset, limit));
	if (offset + returned < matched)
		json_array_append_new(links, link(req, keep, "next", offset + limit, limit));
	if (offset > 0)
		json_array_append_new(links, link(req, keep, "prev",
						  offset > limit ? offset - limit : 0, limit));
	return links;
}

void page_reply(http_req *req, json_t *items, const char *const *keep, long offset, long limit,
		long returned, long matched)
{
	http_reply_json(req, 200, json_pack("{s:o, s:I, s:o}", "items", items, "numberMatched",
					    (json_int_t)matched, "links",
					    page_links(req, keep, offset, limit, returned, matched)));
}
