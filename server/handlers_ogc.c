/* handlers_ogc.c — OGC API – Features at /ogc/v1: the handlers, and serving
 * a body with its ETag and from the cache.
 *
 * Public designation data only, read through the OGC pool
 * (wvlv/app_features.h); the parameters are read in ogc_params.c, the bodies
 * made in ogc_body.c.
 *
 * Repeat pulls: every write of designations or their periods bumps
 * designations_change_counter and notifies every server process
 * (migrations 0005, 0006; lib/app/counter.c keeps it in memory, ogc_cache.h
 * the bodies).  The strong ETag is the counter and a hash of the counter, the
 * absolute request URI with its query, the output CRS and the day.  If-None-Match
 * that matches → 304 without touching the database; otherwise a body made
 * for the same key under the same counter is served from memory without
 * copying.  A body is filed under the counter read in the same snapshot as
 * its data, so it is never older than its counter.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"
#include "input.h"
#include "ogc.h"
#include "ogc_cache.h"
#include "wvlv/hash.h"
#include "wvlv/uuid.h"

extern const char wvlv_ogcapi_json[];
extern const size_t wvlv_ogcapi_json_len;

/* "\"<counter>-<32 hex>\"": the counter, and sha256 of the counter and the
 * cache key.  The same on every server for the same data and request (the
 * counter is a database row, the key holds the base URL clients see); the
 * counter in clear lets a server behind on it (reading a standby) see that a
 * client holds a newer version (newer_tag). */
static const char *make_etag(http_req *req, long long counter, const char *key)
{
	char c[32], hex[WVLV_SHA256_HEXLEN];
	int cn = snprintf(c, sizeof(c), "%lld\n", counter);
	wvlv_sha256_parts_hex((const wvlv_hash_part[]){ { c, (size_t)cn }, { key, strlen(key) } }, 2,
			      hex);
	return wvlv_arena_printf(req->arena, "\"%lld-%.32s\"", counter, hex);
}

/* A tag of If-None-Match that this key had under a counter newer than ours:
 * the client got it from a server that reads a fresher copy (the primary, or
 * a standby further on).  It is answered 304 with that tag, so an ETag never
 * goes backwards for a client moving between servers.  NULL when none.  At
 * most NEWER_TAGS_MAX candidates are hashed, however long the header. */
#define NEWER_TAGS_MAX 8
static const char *newer_tag(http_req *req, const char *key, long long counter)
{
	const char *h = http_header(req, "If-None-Match");
	long long newer[NEWER_TAGS_MAX];
	size_t n = ogc_none_match_newer(h, counter, newer, NEWER_TAGS_MAX);
	for (size_t i = 0; i < n; i++) {
		const char *tag = make_etag(req, newer[i], key);
		if (ogc_none_match(h, tag))
			return tag;
	}
	return NULL;
}

static void release_body(void *cls)
{
	ogc_body_release(cls);
}

/* The strong ETag of q's body under counter (made once per counter). */
static const char *etag_for(http_req *req, ogc_query *q, long long counter)
{
	if (!q->etag || q->etag_counter != counter) {
		q->etag = make_etag(req, counter, q->key);
		q->etag_counter = counter;
	}
	return q->etag;
}

static void tag_headers(http_req *req, const ogc_query *q, const char *etag)
{
	http_add_header(req, "ETag", etag);
	if (q->fmt == OGC_FMT_HTML) {
		ogc_html_headers(req);
		return;
	}
	http_add_header(req, "Vary", "Accept"); /* f absent: Accept chooses JSON or HTML */
	if (ogc_is_features(q))
		http_add_header(req, "Content-Crs", wvlv_ogc_crs_def_of(q->crs)->header);
}

static const ogc_page page_of[] = { [OGC_COLLECTIONS] = OGC_PAGE_COLLECTIONS,
				    [OGC_COLLECTION] = OGC_PAGE_COLLECTION,
				    [OGC_ITEMS] = OGC_PAGE_ITEMS,
				    [OGC_ITEM] = OGC_PAGE_ITEM };

/* The HTML page of the JSON body made in b, in its place. */
static bool html_of(http_req *req, const ogc_query *q, wvlv_strbuf *b, wvlv_error *err)
{
	json_t *doc = json_loadb(wvlv_strbuf_text(b), wvlv_strbuf_len(b), 0, NULL);
	if (!doc) {
		wvlv_error_set(err, WVLV_ENOMEM, "out-of-memory", "out of memory");
		return false;
	}
	char *json = wvlv_strbuf_take(b, NULL);
	free(json);
	ogc_html_page(req, page_of[q->what], doc, b, q->f.after[0] ? -1 : q->f.offset);
	json_decref(doc);
	return true;
}

static void reply_body(http_req *req, ogc_query *q, ogc_body *body)
{
	tag_headers(req, q, body->etag);
	http_reply_shared(req, 200, body->content_type, body->bytes, body->len, release_body, body);
}

/* 304 when If-None-Match names etag. */
static bool not_modified(http_req *req, ogc_query *q, const char *etag)
{
	if (!ogc_none_match(http_header(req, "If-None-Match"), etag))
		return false;
	tag_headers(req, q, etag);
	http_reply_bytes(req, 304, NULL, "", 0);
	return true;
}

/* Answered from the counter alone: 304, or a body made under it. */
static bool answer_known(http_req *req, ogc_query *q, long long counter)
{
	const char *newer = newer_tag(req, q->key, counter);
	if (newer && not_modified(req, q, newer))
		return true;
	ogc_body *hit = ogc_cache_get(q->key, counter);
	if (hit) {
		if (not_modified(req, q, hit->etag))
			ogc_body_release(hit);
		else
			reply_body(req, q, hit);
		return true;
	}
	return not_modified(req, q, etag_for(req, q, counter));
}

static wvlv_status ogc_serve(http_req *req, ogc_query *q, wvlv_error *err)
{
	wvlv_date_format(req->app.today, q->today);
	q->f.today = q->today;
	/* The body depends on the base URL (absolute links), the path, the query
	 * and, for status, the day. */
	q->key = wvlv_arena_printf(req->arena, "%s%s?%s\n%s\n%s%s", http_base_url(req), req->path,
				   ogc_query_string(req, false), wvlv_ogc_crs_def_of(q->crs)->uri,
				   q->today, q->fmt == OGC_FMT_HTML ? "\nhtml" : "");
	long long counter = 0;
	wvlv_status st = wvlv_app_features_counter(&req->app, &counter, err);
	if (st != WVLV_OK || answer_known(req, q, counter))
		return st;
	wvlv_strbuf *b = wvlv_strbuf_new(req->arena);
	if (!ogc_make_body(req, q, b, &counter, err)) {
		if (err->status == WVLV_ENOTFOUND) /* the one wording of /ogc/v1 */
			wvlv_error_set(err, WVLV_ENOTFOUND, "not-found", OGC_NOT_FOUND);
		return err->status;
	}
	if (q->fmt == OGC_FMT_HTML && !html_of(req, q, b, err))
		return err->status;
	size_t len;
	char *bytes = wvlv_strbuf_take(b, &len);
	if (!bytes)
		return wvlv_error_set(err, WVLV_ENOMEM, "out-of-memory", "out of memory");
	/* Filed under the counter of the data's own snapshot, which may be newer
	 * than the one this request began with. */
	ogc_body *body = ogc_body_make(q->key, counter, bytes, len, q->fmt == OGC_FMT_HTML ? HTML : ogc_is_features(q) ? GEOJSON : JSON,
				       etag_for(req, q, counter));
	if (!body)
		return wvlv_error_set(err, WVLV_ENOMEM, "out-of-memory", "out of memory");
	reply_body(req, q, body);
	return WVLV_OK;
}

/* ---- handlers ------------------------------------------------------------------------------- */


/* A document made here (stolen) as JSON or as its HTML page. */
static wvlv_status reply_doc(http_req *req, ogc_format fmt, ogc_page page, json_t *doc,
			     wvlv_error *err)
{
	if (fmt == OGC_FMT_JSON) {
		http_add_header(req, "Vary", "Accept");
		http_reply_json(req, 200, doc);
		return WVLV_OK;
	}
	wvlv_strbuf *b = wvlv_strbuf_new(req->arena);
	ogc_html_page(req, page, doc, b, 0);
	json_decref(doc);
	if (wvlv_strbuf_failed(b))
		return wvlv_error_set(err, WVLV_ENOMEM, "out-of-memory", "out of memory");
	ogc_html_headers(req);
	http_reply_bytes(req, 200, HTML, wvlv_strbuf_text(b), wvlv_strbuf_len(b));
	return WVLV_OK;
}

wvlv_status handle_ogc_landing(http_req *req, wvlv_error *err)
{
	ogc_format fmt;
	if (!ogc_format_of(req, false, &fmt, err))
		return err->status;
	json_t *links = json_array();
	json_array_append_new(links, ogc_link(ogc_url(req, ""), "self", JSON, "This document"));
	json_array_append_new(links, ogc_link(ogc_url(req, "/api"), "service-desc",
					  "application/vnd.oai.openapi+json;version=3.0",
					  "The API definition"));
	json_array_append_new(links, ogc_link(ogc_url(req, "/conformance"), "conformance", JSON,
					  "The conformance classes"));
	json_array_append_new(links, ogc_link(ogc_url(req, "/collections"), "data", JSON,
					  "The collections"));
	json_array_append_new(links, ogc_link(ogc_url(req, "?f=html"), "alternate", HTML,
					  "This document as HTML"));
	return reply_doc(req, fmt, OGC_PAGE_LANDING,
			 json_pack("{s:s, s:s, s:o}", "title",
				   "wvlv — designated areas (OGC API – Features)", "description",
				   "Designations under the Wbmgp as amended by the Wvlv (Wet "
				   "versterking leefbaarheid en veiligheid), as GeoJSON in CRS84, "
				   "RD New (EPSG:28992), ETRS89 (EPSG:4258), WGS 84 (EPSG:4326) or "
				   "Web Mercator (EPSG:3857).",
				   "links", links),
			 err);
}

wvlv_status handle_ogc_conformance(http_req *req, wvlv_error *err)
{
	ogc_format fmt;
	if (!ogc_format_of(req, false, &fmt, err))
		return err->status;
	return reply_doc(req, fmt, OGC_PAGE_CONFORMANCE,
			 json_pack("{s:[s,s,s,s,s,s,s,s,s,s,s,s,s]}", "conformsTo",
				   "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
				   "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
				   "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
				   "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
				   "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
				   "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
				   "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
				   "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
				   "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
				   "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
				   "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
				   "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
				   "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json"),
			 err);
}

wvlv_status handle_ogc_api(http_req *req, wvlv_error *err)
{
	ogc_format fmt;
	if (!ogc_format_of(req, false, &fmt, err))
		return err->status;
	if (fmt == OGC_FMT_HTML)
		return reply_doc(req, fmt, OGC_PAGE_API,
				 json_loadb(wvlv_ogcapi_json, wvlv_ogcapi_json_len, 0, NULL), err);
	http_add_header(req, "Vary", "Accept");
	http_reply_bytes(req, 200, "application/vnd.oai.openapi+json;version=3.0",
			 wvlv_ogcapi_json, wvlv_ogcapi_json_len);
	return WVLV_OK;
}

wvlv_status handle_ogc_collections(http_req *req, wvlv_error *err)
{
	ogc_query q = { .what = OGC_COLLECTIONS };
	if (!ogc_format_of(req, false, &q.fmt, err))
		return err->status;
	return ogc_serve(req, &q, err);
}

wvlv_status handle_ogc_collection(http_req *req, wvlv_error *err)
{
	ogc_query q = { .what = OGC_COLLECTION };
	if (!ogc_format_of(req, false, &q.fmt, err))
		return err->status;
	return ogc_serve(req, &q, err);
}

wvlv_status handle_ogc_items(http_req *req, wvlv_error *err)
{
	ogc_query q = { .what = OGC_ITEMS };
	if (!ogc_items_query(req, &q, err) || !ogc_format_of(req, true, &q.fmt, err))
		return err->status;
	if (q.fmt == OGC_FMT_HTML)
		q.crs = WVLV_OGC_CRS84; /* the map draws CRS84 */
	return ogc_serve(req, &q, err);
}

wvlv_status handle_ogc_item(http_req *req, wvlv_error *err)
{
	ogc_query q = { .what = OGC_ITEM, .id = req->path_params[0] };
	if (!ogc_crs_query(req, "crs", &q.crs, err) || !ogc_format_of(req, true, &q.fmt, err) ||
	    !ogc_properties_query(req, &q, err))
		return err->status;
	if (q.fmt == OGC_FMT_HTML)
		q.crs = WVLV_OGC_CRS84;
	if (!wvlv_uuid_shaped(q.id))
		return wvlv_error_set(err, WVLV_ENOTFOUND, "not-found", OGC_NOT_FOUND);
	return ogc_serve(req, &q, err);
}

static wvlv_status reply_schema(http_req *req, json_t *schema)
{
	char *text = json_dumps(schema, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(schema);
	if (!text)
		return WVLV_ENOMEM;
	http_reply_bytes(req, 200, SCHEMA_JSON, text, strlen(text));
	free(text);
	return WVLV_OK;
}

wvlv_status handle_ogc_queryables(http_req *req, wvlv_error *err)
{
	(void)err;
	return reply_schema(req, ogc_queryables_json(req));
}

wvlv_status handle_ogc_schema(http_req *req, wvlv_error *err)
{
	(void)err;
	return reply_schema(req, ogc_schema_json(req));
}
