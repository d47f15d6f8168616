/* paging.c — list cursors and page links (see paging.h). */
#include "paging.h"

#include <stdio.h>
#include <string.h>

#include "input.h"
#include "wvlv/cursor.h"
#include "wvlv/date.h"
#include "wvlv/uuid.h"

/* Microseconds since 1970 of a created_at: 1970 to 2200 (a larger number
 * would overflow the statement's timestamp arithmetic). */
#define PAGE_MICROS_MAX 7258118400000000L

static bool key_shaped(char shape, const char *k)
{
	long v;
	wvlv_date d;
	wvlv_error e;
	switch (shape) {
	case 'd':
		wvlv_error_clear(&e);
		return strlen(k) == 10 && wvlv_date_parse(k, &d, &e) == WVLV_OK;
	case 't':
		return strlen(k) <= 16 && query_whole_number(k, &v) && v <= PAGE_MICROS_MAX;
	case 'n':
		return strlen(k) <= 18 && query_whole_number(k, &v) && v > 0;
	case 'u':
		return wvlv_uuid_shaped(k);
	default:
		return false;
	}
}

bool page_cursor_query(http_req *req, const page_order *o, const char **keys,
		       wvlv_error *err)
{
	int n = (int)strlen(o->shapes);
	const char *c = http_query(req, "cursor");
	keys[0] = NULL;
	if (!c)
		return true;
	if (http_query(req, "offset"))
		return query_invalid(err, "cursor", "cursor-with-offset",
				     "cursor and offset cannot be combined: a cursor says where "
				     "its page starts.");
	bool ok = wvlv_cursor_read(req->arena, c, o->tag, keys, n);
	for (int i = 0; ok && i < n; i++)
		ok = key_shaped(o->shapes[i], keys[i]);
	if (!ok) {
		keys[0] = NULL;
		return query_invalid(err, "cursor", "invalid-cursor",
				     "cursor must be the cursor of a next link of this list, "
				     "unchanged.");
	}
	return true;
}

const char *page_cursor_of(http_req *req, const page_order *o, const char *const *keys)
{
	return wvlv_cursor_make(req->arena, o->tag, keys, (int)strlen(o->shapes));
}

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

const char *page_link_query(http_req *req, const char *const *keep, long limit,
			    const char *cursor, long offset)
{
	char *q = cursor ? wvlv_arena_printf(req->arena, "limit=%ld&cursor=%s", limit, cursor)
			 : wvlv_arena_printf(req->arena, "limit=%ld&offset=%ld", limit, offset);
	for (const char *const *k = keep; k && *k; k++) {
		const char *v = http_query(req, *k);
		if (v)
			q = wvlv_arena_printf(req->arena, "%s&%s=%s", q, *k,
					      page_percent_encode(req->arena, v));
	}
	return q;
}

static json_t *link(http_req *req, const char *const *keep, const char *rel, long limit,
		    const char *cursor, long offset)
{
	char *href = wvlv_arena_printf(req->arena, "%s%s?%s", http_base_url(req), req->path,
				       page_link_query(req, keep, limit, cursor, offset));
	return json_pack("{s:s, s:s, s:s}", "rel", rel, "href", href, "type", "application/json");
}

void page_reply(http_req *req, json_t *items, const char *const *keep, const page_pos *p,
		long matched)
{
	json_t *links = json_array();
	json_array_append_new(links, link(req, keep, "self", p->limit,
					  p->by_cursor ? http_query(req, "cursor") : NULL,
					  p->offset));
	if (p->next)
		json_array_append_new(links, link(req, keep, "next", p->limit, p->next, 0));
	if (!p->by_cursor && p->offset > 0)
		json_array_append_new(links, link(req, keep, "prev", p->limit, NULL,
						  p->offset > p->limit ? p->offset - p->limit : 0));
	json_t *body = json_pack("{s:o}", "items", items);
	if (matched >= 0)
		json_object_set_new(body, "numberMatched", json_integer((json_int_t)matched));
	json_object_set_new(body, "links", links);
	http_reply_json(req, 200, body);
}
