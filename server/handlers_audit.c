/* handlers_audit.c — GET /api/v1/audit-log (admin): parse, call
 * (wvlv/app_audit.h), render. */
#include <string.h>

#include "handlers.h"
#include "input.h"
#include "paging.h"
#include "wvlv/app_audit.h"

static json_t *render_entry(const wvlv_audit_entry *e)
{
	json_t *changes = e->changes ? json_loads(e->changes, 0, NULL) : NULL;
	return json_pack("{s:I, s:s, s:o, s:o, s:s, s:s, s:s, s:s, s:o, s:o, s:o}",
			 "id", (json_int_t)e->id,
			 "at", e->at,
			 "tokenId", e->token_id ? json_string(e->token_id) : json_null(),
			 "tokenLabel", e->token_label ? json_string(e->token_label) : json_null(),
			 "municipalityCode", e->municipality_code ? e->municipality_code : "",
			 "entity", e->entity ? e->entity : "",
			 "entityId", e->entity_id ? e->entity_id : "",
			 "action", e->action ? e->action : "",
			 "changes", changes ? changes : json_object(),
			 "requestId", e->request_id ? json_string(e->request_id) : json_null(),
			 "clientRequestId",
			 e->client_request_id ? json_string(e->client_request_id) : json_null());
}

/* The order of the log (its ids): its cursor's key. */
static const page_order AUDIT_ORDER = { "a1", "n" };

bool audit_list_filter(http_req *req, wvlv_audit_filter *f, wvlv_error *err)
{
	memset(f, 0, sizeof(*f));
	f->entity = http_query(req, "entity");
	f->entity_id = http_query(req, "entityId");
	f->since = http_query(req, "since");
	static const char *const nonempty[] = { "entity", "entityId", NULL };
	for (const char *const *k = nonempty; *k; k++) {
		const char *v = http_query(req, *k);
		if (v && !*v)
			return query_invalid(err, *k, "empty", "This parameter must not be empty.");
	}
	if (f->since && !wvlv_timestamp_or_date_valid(f->since))
		return query_invalid(err, "since", "invalid-timestamp",
				     "since must be an RFC 3339 timestamp (2026-11-28T09:00:00Z) or a date (2026-11-28).");
	return query_paging(req, 1000, &f->limit, &f->offset, err) &&
	       page_cursor_query(req, &AUDIT_ORDER, f->after, err);
}

wvlv_status handle_audit_log(http_req *req, wvlv_error *err)
{
	wvlv_audit_filter f;
	if (!audit_list_filter(req, &f, err))
		return err->status;
	wvlv_audit_entry *items = NULL;
	size_t n = 0;
	long matched = 0;
	page_pos p = { .offset = f.offset, .limit = f.limit, .by_cursor = f.after[0] != NULL };
	f.limit++; /* one more: is there a next page? */
	wvlv_status st = wvlv_app_audit_list(&req->app, &f, &items, &n, &matched, err);
	if (st != WVLV_OK)
		return st;
	if (n > (size_t)p.limit) {
		n = (size_t)p.limit;
		const char *keys[] = { wvlv_arena_printf(req->arena, "%lld", items[n - 1].id) };
		p.next = page_cursor_of(req, &AUDIT_ORDER, keys);
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, render_entry(&items[i]));
	static const char *const keep[] = { "entity", "entityId", "since", NULL };
	page_reply(req, arr, keep, &p, matched);
	return WVLV_OK;
}
