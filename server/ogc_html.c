/* ogc_html.c — the HTML pages of /ogc/v1 (see ogc.h), for people who open
 * the API in a browser: made from the same JSON document a client gets, so
 * that the two never say different things.
 *
 * Every value is escaped (names come from users: a designation called
 * "<script>" is shown as that text).  The features of a map are embedded as
 * GeoJSON (CRS84) in <script type="application/json"> with every <, > and &
 * written as \u003c, \u003e, \u0026, so nothing in them can end the element;
 * /ogc/v1/static/map.js draws them with Leaflet (ogc_static.c).  No inline
 * script or style: the page's Content-Security-Policy allows scripts and
 * styles of this server only and images of the tile server of
 * WVLV_TILE_URL.  Tables and links work without JavaScript. */
#include <microhttpd.h>
#include <stdio.h>
#include <string.h>

#include "ogc.h"
#include "paging.h"

/* ---- writing ------------------------------------------------------------------------------ */

static void esc(wvlv_strbuf *b, const char *s)
{
	for (const char *run = s;; s++) {
		const char *rep = NULL;
		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		case '\0': rep = ""; break;
		default: continue;
		}
		wvlv_strbuf_append(b, run, (size_t)(s - run));
		wvlv_strbuf_append_str(b, rep);
		if (!*s)
			return;
		run = s + 1;
	}
}

/* <tag>escaped text</tag> */
static void tag_text(wvlv_strbuf *b, const char *tag, const char *text)
{
	wvlv_strbuf_appendf(b, "<%s>", tag);
	esc(b, text ? text : "");
	wvlv_strbuf_appendf(b, "</%s>\n", tag);
}

/* <a href="href">text</a>, both escaped */
static void anchor(wvlv_strbuf *b, const char *href, const char *text)
{
	wvlv_strbuf_append_str(b, "<a href=\"");
	esc(b, href);
	wvlv_strbuf_append_str(b, "\">");
	esc(b, text);
	wvlv_strbuf_append_str(b, "</a>");
}

/* A JSON value as the text of a <script type="application/json">. */
static void json_script(wvlv_strbuf *b, json_t *v)
{
	char *s = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY |
					JSON_REAL_PRECISION(15)); /* 4.66, not 4.6600000000000001 */
	if (!s) {
		wvlv_strbuf_append_str(b, "null");
		return;
	}
	for (const char *run = s, *p = s;; p++) {
		const char *rep = *p == '<' ? "\\u003c" : *p == '>' ? "\\u003e" : *p == '&' ? "\\u0026"
									       : NULL;
		if (!rep && *p)
			continue;
		wvlv_strbuf_append(b, run, (size_t)(p - run));
		if (!*p)
			break;
		wvlv_strbuf_append_str(b, rep);
		run = p + 1;
	}
	free(s);
}

/* A property value as table text: strings as they are, lists of scalars
 * joined by ", ", anything else compact JSON. */
static void value_text(wvlv_strbuf *b, json_t *v)
{
	if (json_is_string(v)) {
		esc(b, json_string_value(v));
		return;
	}
	if (json_is_null(v) || !v)
		return;
	bool scalars = json_is_array(v);
	size_t i;
	json_t *e;
	json_array_foreach(v, i, e) scalars = scalars && !json_is_object(e) && !json_is_array(e);
	if (scalars) {
		json_array_foreach(v, i, e) {
			if (i)
				wvlv_strbuf_append_str(b, ", ");
			value_text(b, e);
		}
		return;
	}
	char *s = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
	esc(b, s ? s : "");
	free(s);
}

/* ---- URLs --------------------------------------------------------------------------------- */

/* An /ogc/v1 path as an HTML page: "<base>/ogc/v1<path>?f=html". */
static const char *page_url(http_req *req, const char *path)
{
	return wvlv_arena_printf(req->arena, "%s?f=html", ogc_url(req, path));
}

typedef struct qwalk {
	wvlv_strbuf *b;
	wvlv_arena  *arena;
} qwalk;

static enum MHD_Result add_param(void *cls, enum MHD_ValueKind kind, const char *key,
				 const char *value)
{
	(void)kind;
	qwalk *w = cls;
	if (!strcmp(key, "f"))
		return MHD_YES;
	wvlv_strbuf_append_str(w->b, page_percent_encode(w->arena, key));
	if (value) {
		wvlv_strbuf_append_str(w->b, "=");
		wvlv_strbuf_append_str(w->b, page_percent_encode(w->arena, value));
	}
	wvlv_strbuf_append_str(w->b, "&");
	return MHD_YES;
}

/* This resource with its query as JSON: "…?<query without f>&f=json". */
static const char *json_url(http_req *req)
{
	wvlv_strbuf *b = wvlv_strbuf_new(req->arena);
	wvlv_strbuf_appendf(b, "%s%s?", http_base_url(req), req->path);
	qwalk w = { b, req->arena };
	MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, add_param, &w);
	wvlv_strbuf_append_str(b, "f=json");
	return wvlv_strbuf_failed(b) ? ogc_url(req, "?f=json") : wvlv_strbuf_text(b);
}

/* The origin (scheme://host[:port]) of an absolute URL, "" when it has none. */
static const char *origin_of(wvlv_arena *a, const char *url)
{
	const char *host = strstr(url, "://");
	if (!host)
		return "";
	host += 3;
	return wvlv_arena_strndup(a, url, (size_t)(host - url) + strcspn(host, "/?#"));
}

/* The CSP source of the tile template's server: its origin, with a leading
 * "{s}." subdomain as "*."; only the scheme when the host holds another
 * placeholder. */
static const char *tile_source(wvlv_arena *a, const char *tiles)
{
	if (!tiles || !*tiles)
		return "";
	const char *o = origin_of(a, tiles);
	const char *host = strstr(o, "://");
	if (!host)
		return "";
	host += 3;
	if (!strncmp(host, "{s}.", 4))
		return wvlv_arena_printf(a, "%.*s*.%s", (int)(host - o), o, host + 4);
	if (strchr(host, '{'))
		return wvlv_arena_strndup(a, o, (size_t)(host - o) - 2);
	return o;
}

void ogc_html_headers(http_req *req)
{
	const char *self = origin_of(req->arena, http_base_url(req));
	const char *tiles = tile_source(req->arena, req->srv->cfg->tile_url);
	http_add_header(req, "Content-Security-Policy",
			wvlv_arena_printf(req->arena,
					  "default-src 'none'; script-src 'self' %s; style-src 'self' %s; "
					  "img-src 'self' %s %s; connect-src 'self'; base-uri 'none'; "
					  "form-action 'self'; frame-ancestors 'none'",
					  self, self, self, tiles));
	http_add_header(req, "Vary", "Accept");
}

/* ---- the page ----------------------------------------------------------------------------- */

typedef struct crumb {
	const char *label;
	const char *path;   /* below /ogc/v1; NULL: this page */
} crumb;

static void page_begin(http_req *req, wvlv_strbuf *b, const char *title, const crumb *crumbs,
		       bool map)
{
	wvlv_strbuf_append_str(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
				  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
	tag_text(b, "title", title);
	if (map && ogc_static_have_leaflet()) {
		wvlv_strbuf_append_str(b, "<link rel=\"stylesheet\" href=\"");
		esc(b, ogc_url(req, "/static/leaflet.css"));
		wvlv_strbuf_append_str(b, "\">\n");
	}
	wvlv_strbuf_append_str(b, "<link rel=\"stylesheet\" href=\"");
	esc(b, ogc_url(req, "/static/ogc.css"));
	wvlv_strbuf_append_str(b, "\">\n<link rel=\"alternate\" type=\"application/json\" href=\"");
	esc(b, json_url(req));
	wvlv_strbuf_append_str(b, "\">\n</head>\n<body>\n<header><nav>");
	anchor(b, page_url(req, ""), "wvlv OGC API");
	for (const crumb *c = crumbs; c && c->label; c++) {
		wvlv_strbuf_append_str(b, " › ");
		if (c->path)
			anchor(b, page_url(req, c->path), c->label);
		else
			esc(b, c->label);
	}
	wvlv_strbuf_append_str(b, "</nav> <span class=\"formats\">");
	anchor(b, json_url(req), "JSON");
	wvlv_strbuf_append_str(b, "</span></header>\n<main>\n");
	tag_text(b, "h1", title);
}

static void page_end(wvlv_strbuf *b)
{
	wvlv_strbuf_append_str(b, "</main>\n</body>\n</html>\n");
}

/* The map of data (GeoJSON, borrowed), or a note when Leaflet is missing. */
static void map_block(http_req *req, wvlv_strbuf *b, json_t *data)
{
	if (!ogc_static_have_leaflet()) {
		wvlv_strbuf_append_str(b, "<p class=\"note\">No map: Leaflet (the Debian package "
					  "libjs-leaflet) is not installed on this server.</p>\n");
		return;
	}
	const wvlv_config *cfg = req->srv->cfg;
	wvlv_strbuf_append_str(b, "<div id=\"map\" class=\"map\" data-tiles=\"");
	esc(b, cfg->tile_url ? cfg->tile_url : "");
	wvlv_strbuf_append_str(b, "\" data-attribution=\"");
	esc(b, cfg->tile_attribution ? cfg->tile_attribution : "");
	wvlv_strbuf_append_str(b, "\" data-items=\"");
	esc(b, ogc_url(req, "/collections/" COLLECTION "/items/"));
	wvlv_strbuf_append_str(b, "\"></div>\n<script id=\"features\" type=\"application/json\">");
	json_script(b, data);
	wvlv_strbuf_append_str(b, "</script>\n<script src=\"");
	esc(b, ogc_url(req, "/static/leaflet.js"));
	wvlv_strbuf_append_str(b, "\"></script>\n<script src=\"");
	esc(b, ogc_url(req, "/static/map.js"));
	wvlv_strbuf_append_str(b, "\"></script>\n");
}

/* A two-column table of an object's members. */
static void object_table(wvlv_strbuf *b, json_t *obj)
{
	const char *k;
	json_t *v;
	wvlv_strbuf_append_str(b, "<table class=\"properties\">\n");
	json_object_foreach(obj, k, v) {
		wvlv_strbuf_append_str(b, "<tr><th>");
		esc(b, k);
		wvlv_strbuf_append_str(b, "</th><td>");
		value_text(b, v);
		wvlv_strbuf_append_str(b, "</td></tr>\n");
	}
	wvlv_strbuf_append_str(b, "</table>\n");
}

/* The href of links[rel] of doc, or NULL. */
static const char *link_of(json_t *doc, const char *rel)
{
	size_t i;
	json_t *l;
	json_array_foreach(json_object_get(doc, "links"), i, l)
		if (!strcmp(json_string_value(json_object_get(l, "rel")) ?: "", rel))
			return json_string_value(json_object_get(l, "href"));
	return NULL;
}

/* ---- the pages ---------------------------------------------------------------------------- */

static const char *str_of(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

static void landing(http_req *req, wvlv_strbuf *b, json_t *doc)
{
	page_begin(req, b, str_of(doc, "title") ?: "OGC API", NULL, false);
	tag_text(b, "p", str_of(doc, "description"));
	wvlv_strbuf_append_str(b, "<p>");
	anchor(b, page_url(req, "/collections/" COLLECTION "/items"),
	       "The designated areas on a map and in a table");
	wvlv_strbuf_append_str(b, "</p>\n<ul>\n");
	size_t i;
	json_t *l;
	json_array_foreach(json_object_get(doc, "links"), i, l) {
		const char *href = str_of(l, "href"), *rel = str_of(l, "rel");
		if (!href || !rel || !strcmp(rel, "self"))
			continue;
		wvlv_strbuf_append_str(b, "<li>");
		anchor(b, wvlv_arena_printf(req->arena, "%s?f=html", href), str_of(l, "title") ?: href);
		wvlv_strbuf_append_str(b, " (<code>");
		esc(b, rel);
		wvlv_strbuf_append_str(b, "</code>)</li>\n");
	}
	wvlv_strbuf_append_str(b, "</ul>\n");
	page_end(b);
}

static void conformance(http_req *req, wvlv_strbuf *b, json_t *doc)
{
	page_begin(req, b, "Conformance classes", (const crumb[]){ { "Conformance", NULL }, { 0 } },
		   false);
	wvlv_strbuf_append_str(b, "<ul>\n");
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(doc, "conformsTo"), i, c) {
		wvlv_strbuf_append_str(b, "<li><code>");
		esc(b, json_string_value(c) ?: "");
		wvlv_strbuf_append_str(b, "</code></li>\n");
	}
	wvlv_strbuf_append_str(b, "</ul>\n");
	page_end(b);
}

static void api(http_req *req, wvlv_strbuf *b, json_t *doc)
{
	json_t *info = json_object_get(doc, "info");
	page_begin(req, b, str_of(info, "title") ?: "The API definition",
		   (const crumb[]){ { "API definition", NULL }, { 0 } }, false);
	tag_text(b, "p", str_of(info, "description"));
	wvlv_strbuf_append_str(b, "<table>\n<tr><th>path</th><th>method</th><th>what it does</th></tr>\n");
	const char *path, *method;
	json_t *ops, *op;
	json_object_foreach(json_object_get(doc, "paths"), path, ops) {
		json_object_foreach(ops, method, op) {
			if (!json_is_object(op) || !str_of(op, "summary"))
				continue;
			wvlv_strbuf_append_str(b, "<tr><td><code>");
			esc(b, path);
			wvlv_strbuf_append_str(b, "</code></td><td>");
			esc(b, method);
			wvlv_strbuf_append_str(b, "</td><td>");
			esc(b, str_of(op, "summary"));
			wvlv_strbuf_append_str(b, "</td></tr>\n");
		}
	}
	wvlv_strbuf_append_str(b, "</table>\n");
	page_end(b);
}

static void collections(http_req *req, wvlv_strbuf *b, json_t *doc)
{
	page_begin(req, b, "Collections", (const crumb[]){ { "Collections", NULL }, { 0 } }, false);
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(doc, "collections"), i, c) {
		const char *id = str_of(c, "id") ?: "";
		const char *path = wvlv_arena_printf(req->arena, "/collections/%s", id);
		wvlv_strbuf_append_str(b, "<h2>");
		anchor(b, page_url(req, path), str_of(c, "title") ?: id);
		wvlv_strbuf_append_str(b, "</h2>\n");
		tag_text(b, "p", str_of(c, "description"));
		wvlv_strbuf_append_str(b, "<p>");
		anchor(b, page_url(req, wvlv_arena_printf(req->arena, "%s/items", path)),
		       "Its features on a map and in a table");
		wvlv_strbuf_append_str(b, "</p>\n");
	}
	page_end(b);
}

/* The bbox [w, s, e, n] as a GeoJSON Feature (new reference), or NULL. */
static json_t *bbox_feature(json_t *bbox)
{
	double v[4];
	for (size_t i = 0; i < 4; i++) {
		json_t *n = json_array_get(bbox, i);
		if (!json_is_number(n))
			return NULL;
		v[i] = json_number_value(n);
	}
	return json_pack("{s:s, s:{s:s, s:[[[f,f],[f,f],[f,f],[f,f],[f,f]]]}, s:{}}", "type",
			 "Feature", "geometry", "type", "Polygon", "coordinates", v[0], v[1], v[2],
			 v[1], v[2], v[3], v[0], v[3], v[0], v[1], "properties");
}

static void collection(http_req *req, wvlv_strbuf *b, json_t *doc)
{
	const char *title = str_of(doc, "title") ?: COLLECTION;
	page_begin(req, b, title,
		   (const crumb[]){ { "Collections", "/collections" }, { title, NULL }, { 0 } }, true);
	tag_text(b, "p", str_of(doc, "description"));
	wvlv_strbuf_append_str(b, "<p>");
	anchor(b, page_url(req, "/collections/" COLLECTION "/items"),
	       "Its features on a map and in a table");
	wvlv_strbuf_append_str(b, "</p>\n");
	json_t *extent = json_object_get(doc, "extent");
	json_t *bbox = json_array_get(json_object_get(json_object_get(extent, "spatial"), "bbox"), 0);
	json_t *f = bbox_feature(bbox);
	tag_text(b, "h2", "Extent");
	if (f)
		map_block(req, b, f);
	json_decref(f);
	json_t *facts = json_pack("{s:O?, s:O?, s:O?, s:O?}", "bbox (CRS84)", bbox, "interval",
				  json_array_get(json_object_get(json_object_get(extent, "temporal"),
								 "interval"), 0),
				  "crs", json_object_get(doc, "crs"), "storageCrs",
				  json_object_get(doc, "storageCrs"));
	object_table(b, facts);
	json_decref(facts);
	page_end(b);
}

/* The table of a page of features: id, then every property name in the
 * order first met. */
static void features_table(http_req *req, wvlv_strbuf *b, json_t *features)
{
	json_t *cols = json_object();
	size_t i;
	json_t *f;
	json_array_foreach(features, i, f) {
		const char *k;
		json_t *v;
		json_object_foreach(json_object_get(f, "properties"), k, v)
			json_object_set_new(cols, k, json_true());
	}
	wvlv_strbuf_append_str(b, "<table class=\"features\">\n<tr><th>id</th>");
	const char *k;
	json_t *v;
	json_object_foreach(cols, k, v) tag_text(b, "th", k);
	wvlv_strbuf_append_str(b, "</tr>\n");
	json_array_foreach(features, i, f) {
		const char *id = str_of(f, "id") ?: "";
		wvlv_strbuf_append_str(b, "<tr><td>");
		anchor(b, page_url(req, wvlv_arena_printf(req->arena, "/collections/" COLLECTION
							  "/items/%s", id)), id);
		wvlv_strbuf_append_str(b, "</td>");
		json_t *props = json_object_get(f, "properties");
		json_object_foreach(cols, k, v) {
			wvlv_strbuf_append_str(b, "<td>");
			value_text(b, json_object_get(props, k));
			wvlv_strbuf_append_str(b, "</td>");
		}
		wvlv_strbuf_append_str(b, "</tr>\n");
	}
	wvlv_strbuf_append_str(b, "</table>\n");
	json_decref(cols);
}

static void paging(wvlv_strbuf *b, json_t *doc)
{
	const char *prev = link_of(doc, "prev"), *next = link_of(doc, "next");
	if (!prev && !next)
		return;
	wvlv_strbuf_append_str(b, "<p class=\"paging\">");
	if (prev) {
		wvlv_strbuf_append_str(b, "<a rel=\"prev\" href=\"");
		esc(b, prev);
		wvlv_strbuf_append_str(b, "\">‹ previous page</a>");
	}
	if (next) {
		wvlv_strbuf_append_str(b, "<a rel=\"next\" href=\"");
		esc(b, next);
		wvlv_strbuf_append_str(b, "\">next page ›</a>");
	}
	wvlv_strbuf_append_str(b, "</p>\n");
}

static void items(http_req *req, wvlv_strbuf *b, json_t *doc, long offset)
{
	page_begin(req, b, "Designated areas",
		   (const crumb[]){ { "Collections", "/collections" },
				    { "Designated areas", "/collections/" COLLECTION },
				    { "Features", NULL },
				    { 0 } },
		   true);
	json_int_t matched = json_integer_value(json_object_get(doc, "numberMatched"));
	json_int_t returned = json_integer_value(json_object_get(doc, "numberReturned"));
	if (offset < 0) /* a page by cursor: it starts after the cursor's feature, uncounted */
		wvlv_strbuf_appendf(b, "<p class=\"counts\">Features after the previous page "
				    "(numberReturned <span id=\"numberReturned\">%lld</span>)</p>\n",
				    (long long)returned);
	else
		wvlv_strbuf_appendf(b,
			    "<p class=\"counts\">Features %lld–%lld of %lld "
			    "(numberMatched <span id=\"numberMatched\">%lld</span>, numberReturned "
			    "<span id=\"numberReturned\">%lld</span>)</p>\n",
			    returned ? (long long)offset + 1 : 0LL, (long long)offset + (long long)returned,
			    (long long)matched, (long long)matched, (long long)returned);
	map_block(req, b, doc);
	paging(b, doc);
	features_table(req, b, json_object_get(doc, "features"));
	paging(b, doc);
	page_end(b);
}

static void item(http_req *req, wvlv_strbuf *b, json_t *doc)
{
	json_t *props = json_object_get(doc, "properties");
	const char *name = str_of(props, "name") ?: str_of(doc, "id") ?: "Feature";
	page_begin(req, b, name,
		   (const crumb[]){ { "Collections", "/collections" },
				    { "Designated areas", "/collections/" COLLECTION },
				    { "Features", "/collections/" COLLECTION "/items" },
				    { name, NULL },
				    { 0 } },
		   true);
	map_block(req, b, doc);
	json_t *t = json_pack("{s:O?}", "id", json_object_get(doc, "id"));
	json_object_update(t, props);
	object_table(b, t);
	json_decref(t);
	page_end(b);
}

void ogc_html_page(http_req *req, ogc_page page, json_t *doc, wvlv_strbuf *b, long offset)
{
	switch (page) {
	case OGC_PAGE_LANDING: landing(req, b, doc); break;
	case OGC_PAGE_CONFORMANCE: conformance(req, b, doc); break;
	case OGC_PAGE_API: api(req, b, doc); break;
	case OGC_PAGE_COLLECTIONS: collections(req, b, doc); break;
	case OGC_PAGE_COLLECTION: collection(req, b, doc); break;
	case OGC_PAGE_ITEMS: items(req, b, doc, offset); break;
	case OGC_PAGE_ITEM: item(req, b, doc); break;
	}
}
