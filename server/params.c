/* params.c — unknown query parameters (see params.h). */
#include "params.h"

#include <microhttpd.h>
#include <string.h>

#include "wvlv/strbuf.h"

typedef struct params_walk {
	const char *const *accepted;
	const char *unknown[WVLV_ERROR_MAX_PARAMS];
	int n;
	int more; /* unknown ones beyond those kept */
} params_walk;

static bool listed(const char *const *list, int n, const char *name)
{
	for (int i = 0; n < 0 ? list[i] != NULL : i < n; i++)
		if (strcmp(list[i], name) == 0)
			return true;
	return false;
}

static enum MHD_Result each(void *cls, enum MHD_ValueKind kind, const char *key,
			    const char *value)
{
	(void)kind;
	(void)value;
	params_walk *w = cls;
	if (!key || !*key || listed(w->accepted, -1, key) || listed(w->unknown, w->n, key))
		return MHD_YES;
	if (w->n < WVLV_ERROR_MAX_PARAMS)
		w->unknown[w->n++] = key;
	else
		w->more++;
	return MHD_YES;
}

/* "Accepted: a, b, c." or that it takes none. */
static const char *accepted_text(http_req *req)
{
	const char *const *a = req->route->params;
	if (!a[0])
		return "This resource takes no query parameters.";
	wvlv_strbuf *b = wvlv_strbuf_new(req->arena);
	wvlv_strbuf_append_str(b, "Accepted: ");
	for (; *a; a++) {
		wvlv_strbuf_append_str(b, *a);
		wvlv_strbuf_append_str(b, a[1] ? ", " : ".");
	}
	return wvlv_strbuf_failed(b) ? "See the API description." : wvlv_strbuf_text(b);
}

wvlv_status params_check(http_req *req, wvlv_error *err)
{
	if (!req->route || !req->route->params)
		return WVLV_OK;
	params_walk w = { .accepted = req->route->params };
	MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, each, &w);
	if (!w.n)
		return WVLV_OK;
	const char *accepted = accepted_text(req);
	wvlv_strbuf *names = wvlv_strbuf_new(req->arena);
	for (int i = 0; i < w.n; i++) {
		wvlv_error_add_param(err, w.unknown[i], "unknown-parameter", "%s", accepted);
		wvlv_strbuf_append_str(names, i ? ", " : "");
		wvlv_strbuf_append_str(names, w.unknown[i]);
	}
	if (w.more)
		wvlv_strbuf_appendf(names, " and %d more", w.more);
	return wvlv_error_set(err, WVLV_EBADREQ, "unknown-parameter",
			      "Unknown query parameter%s: %s. %s", w.n + w.more > 1 ? "s" : "",
			      wvlv_strbuf_failed(names) ? "?" : wvlv_strbuf_text(names), accepted);
}
