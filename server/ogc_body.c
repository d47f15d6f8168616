/* ogc_body.c — the bodies of the OGC API – Features (see ogc.h): the
 * collections, the collection with its extent, a page of features and one
 * feature.
 *
 * Geometry and properties are the text stored when the designation was
 * written (geojson_crs84 / geojson_rd, ogc_properties); a body is built by
 * concatenating around them, never by parsing and re-serialising.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "input.h"
#include "ogc.h"
#include "wvlv/designation.h"

/* A JSON value (stolen), compact, keys in insertion order. */
static void buf_json(wvlv_strbuf *b, json_t *v)
{
	wvlv_strbuf_append_json(b, v, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY |
					      JSON_REAL_PRECISION(17));
	json_decref(v);
}

json_t *ogc_link(const char *href, const char *rel, const char *type, const char *title)
{
	json_t *l = json_pack("{s:s, s:s, s:s}", "href", href, "rel", rel, "type", type);
	if (title)
		json_object_set_new(l, "title", json_string(title));
	return l;
}

const char *ogc_url(http_req *req, const char *path)
{
	return wvlv_arena_printf(req->arena, "%s" OGC_PREFIX "%s", http_base_url(req), path);
}

static const char *stamp(http_req *req)
{
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	char s[32];
	strftime(s, sizeof(s), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return wvlv_arena_strdup(req->arena, s);
}

/* ,"name":"YYYY-MM-DD" or ,"name":null (a date: nothing to escape) */
static void buf_date(wvlv_strbuf *b, const char *name, const char *date)
{
	if (date)
		wvlv_strbuf_appendf(b, ",\"%s\":\"%s\"", name, date);
	else
		wvlv_strbuf_appendf(b, ",\"%s\":null", name);
}

/* {"type":"Feature","id":…,"geometry":<stored>,"properties":{<stored>,"capDate":…,"status":…,
 * "currentPeriodStart":…,"currentPeriodEnd":…}
 * without the closing brace (the item adds its links). */
/* The properties object of f: the stored ones, then capDate, status and the
 * period in force. */
static void properties_json(wvlv_strbuf *b, const wvlv_ogc_feature *f)
{
	wvlv_date from = WVLV_DATE_NONE;
	wvlv_error e;
	wvlv_error_clear(&e);
	char cap[WVLV_DATE_STRLEN + 2] = "null";
	if (wvlv_date_parse(f->designated_from, &from, &e) == WVLV_OK) {
		char d[WVLV_DATE_STRLEN];
		snprintf(cap, sizeof(cap), "\"%s\"",
			 wvlv_date_format(wvlv_designation_cap_date(from), d));
	}
	/* the stored object without its closing brace */
	wvlv_strbuf_append(b, f->properties, f->properties_len ? f->properties_len - 1 : 0);
	wvlv_strbuf_append_str(b, ",\"capDate\":");
	wvlv_strbuf_append_str(b, cap);
	wvlv_strbuf_append_str(b, ",\"status\":\"");
	wvlv_strbuf_append_str(b, f->status);
	wvlv_strbuf_append_str(b, "\"");
	buf_date(b, "currentPeriodStart", f->current_start);
	buf_date(b, "currentPeriodEnd", f->current_end);
	wvlv_strbuf_append_str(b, "}");
}

/* Only the properties q->props names (properties=…), in that order. */
static void chosen_properties(http_req *req, const ogc_query *q, wvlv_strbuf *b,
			      const wvlv_ogc_feature *f)
{
	wvlv_strbuf *all = wvlv_strbuf_new(req->arena);
	properties_json(all, f);
	json_t *o = json_loads(wvlv_strbuf_text(all), 0, NULL);
	json_t *out = json_object();
	for (int i = 0; o && i < q->nprops; i++) {
		json_t *v = json_object_get(o, q->props[i]);
		if (v)
			json_object_set(out, q->props[i], v);
	}
	json_decref(o);
	buf_json(b, out);
}

static void feature_json(http_req *req, const ogc_query *q, wvlv_strbuf *b,
			 const wvlv_ogc_feature *f)
{
	wvlv_strbuf_append_str(b, "{\"type\":\"Feature\",\"id\":\"");
	wvlv_strbuf_append_str(b, f->id); /* a uuid: nothing to escape */
	wvlv_strbuf_append_str(b, "\",\"geometry\":");
	wvlv_strbuf_append(b, f->geometry, f->geometry_len);
	wvlv_strbuf_append_str(b, ",\"properties\":");
	if (q->nprops)
		chosen_properties(req, q, b, f);
	else
		properties_json(b, f);
}

static json_t *collection_json(http_req *req, const wvlv_ogc_extent *x)
{
	json_t *links = json_array();
	json_array_append_new(links, ogc_link(ogc_url(req, "/collections/" COLLECTION), "self", JSON,
					  "This collection"));
	json_array_append_new(links, ogc_link(ogc_url(req, "/collections/" COLLECTION "/items"), "items",
					  GEOJSON, "The designated areas"));
	/* each twice: the registered relation, and the spelling GDAL 3.6 (Debian
	 * 12) looks for ("describedBy", "queryables") */
	const char *schema = ogc_url(req, "/collections/" COLLECTION "/schema");
	const char *queryables = ogc_url(req, "/collections/" COLLECTION "/queryables");
	json_array_append_new(links, ogc_link(schema, "describedby", SCHEMA_JSON,
					  "The schema of the features"));
	json_array_append_new(links, ogc_link(schema, "describedBy", SCHEMA_JSON,
					  "The schema of the features"));
	json_array_append_new(links, ogc_link(queryables,
					  "http://www.opengis.net/def/rel/ogc/1.0/queryables", SCHEMA_JSON,
					  "What a filter and sortby may name"));
	json_array_append_new(links, ogc_link(queryables, "queryables", SCHEMA_JSON,
					  "What a filter and sortby may name"));
	json_t *c = json_pack("{s:s, s:s, s:s, s:o}", "id", COLLECTION, "title",
			      "Designated areas (Wbmgp as amended by the Wvlv)",
			      "description",
			      "Complexes, streets and areas designated by Dutch municipalities, with "
			      "their measures and designation periods. Public data only.",
			      "links", links);
	json_t *extent = json_object();
	if (x->has_bbox)
		json_object_set_new(extent, "spatial",
				    json_pack("{s:[[f,f,f,f]], s:s}", "bbox", x->bbox[0],
					      x->bbox[1], x->bbox[2], x->bbox[3], "crs",
					      WVLV_CRS84_URI));
	if (x->first_day || x->last_day) {
		json_t *iv = json_array();
		json_array_append_new(iv, x->first_day ? json_string(wvlv_arena_printf(
								 req->arena, "%sT00:00:00Z",
								 x->first_day))
						       : json_null());
		json_array_append_new(iv, x->last_day ? json_string(wvlv_arena_printf(
								req->arena, "%sT23:59:59Z",
								x->last_day))
						      : json_null());
		json_object_set_new(extent, "temporal",
				    json_pack("{s:[o], s:s}", "interval", iv, "trs",
					      "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"));
	}
	json_object_set_new(c, "extent", extent);
	json_object_set_new(c, "itemType", json_string("feature"));
	json_t *crs = json_array(); /* CRS84 first */
	for (int i = 0; i < WVLV_OGC_CRS_COUNT; i++)
		json_array_append_new(crs, json_string(wvlv_ogc_crs_def_of((wvlv_ogc_crs)i)->uri));
	json_object_set_new(c, "crs", crs);
	json_object_set_new(c, "storageCrs", json_string(WVLV_OGC_RD_URI));
	return c;
}

/* This items URL without limit, offset and cursor, ready for them: "…/items?…&". */
static const char *items_base(http_req *req)
{
	const char *rest = ogc_query_string(req, true);
	return wvlv_arena_printf(req->arena, "%s%s?%s%s", http_base_url(req), req->path, rest,
				 *rest ? "&" : "");
}

/* cursor NULL: by offset */
static const char *items_href(http_req *req, const char *base, long offset, long limit,
			      const char *cursor)
{
	if (cursor)
		return wvlv_arena_printf(req->arena, "%slimit=%ld&cursor=%s", base, limit, cursor);
	return wvlv_arena_printf(req->arena, "%slimit=%ld&offset=%ld", base, limit, offset);
}

/* self, next (when more follow: by cursor without sortby; by offset with
 * it, up to QUERY_OFFSET_MAX),
 * prev (only after the first page of an offset list), collection. */
static json_t *items_links(http_req *req, const ogc_query *q, const char *next_cursor,
			   bool more)
{
	long off = q->f.offset, lim = q->f.limit;
	const char *base = items_base(req), *self_cursor = http_query(req, "cursor");
	json_t *links = json_array();
	json_array_append_new(links, ogc_link(items_href(req, base, off, lim, self_cursor), "self",
					      GEOJSON, "This page"));
	if (more && (next_cursor || (q->f.nsort && off + lim <= QUERY_OFFSET_MAX)))
		json_array_append_new(links, ogc_link(items_href(req, base, off + lim, lim,
								 next_cursor),
						      "next", GEOJSON, "The next page"));
	if (!self_cursor && off > 0)
		json_array_append_new(links, ogc_link(items_href(req, base, off > lim ? off - lim : 0,
								 lim, NULL),
						      "prev", GEOJSON, "The previous page"));
	json_array_append_new(links, ogc_link(ogc_url(req, "/collections/" COLLECTION),
					      "collection", JSON, "The collection"));
	return links;
}

/* The response body for q, built in b, and the change counter of the snapshot
 * it was read in; false with err when it cannot be made. */
bool ogc_make_body(http_req *req, ogc_query *q, wvlv_strbuf *b, long long *counter, wvlv_error *err)
{
	if (q->what == OGC_COLLECTIONS || q->what == OGC_COLLECTION) {
		wvlv_ogc_extent x;
		if (wvlv_app_features_extent(&req->app, &x, err) != WVLV_OK)
			return false;
		*counter = x.counter;
		json_t *c = collection_json(req, &x);
		if (q->what == OGC_COLLECTION) {
			buf_json(b, c);
			return true;
		}
		json_t *links = json_array();
		json_array_append_new(links, ogc_link(ogc_url(req, "/collections"), "self", JSON,
						  "The collections"));
		buf_json(b, json_pack("{s:o, s:[o]}", "links", links, "collections", c));
		return true;
	}
	if (q->what == OGC_ITEM) {
		wvlv_ogc_feature f;
		if (wvlv_app_feature_get(&req->app, q->id, q->today, q->crs, &f, counter, err) !=
		    WVLV_OK)
			return false;
		feature_json(req, q, b, &f);
		json_t *links = json_array();
		json_array_append_new(links, ogc_link(ogc_url(req, wvlv_arena_printf(
							      req->arena, "/collections/" COLLECTION
									  "/items/%s", f.id)),
						  "self", GEOJSON, "This feature"));
		json_array_append_new(links, ogc_link(ogc_url(req, "/collections/" COLLECTION),
						  "collection", JSON, "The collection"));
		wvlv_strbuf_append_str(b, ",\"links\":");
		buf_json(b, links);
		wvlv_strbuf_append_str(b, "}");
		return true;
	}
	wvlv_ogc_feature *items = NULL;
	size_t n = 0;
	long matched = 0;
	q->f.limit++; /* one more: is there a next page? */
	if (wvlv_app_features_page(&req->app, &q->f, q->crs, &items, &n, &matched, counter,
				   err) != WVLV_OK)
		return false;
	q->f.limit--;
	bool more = n > (size_t)q->f.limit;
	const char *next_cursor = NULL;
	if (more) {
		n = (size_t)q->f.limit;
		if (!q->f.nsort)
			next_cursor = page_cursor_of(
				req, &OGC_ORDER,
				(const char *const[]){ items[n - 1].created_us, items[n - 1].id });
	}
	wvlv_strbuf_append_str(b, "{\"type\":\"FeatureCollection\",\"timeStamp\":\"");
	wvlv_strbuf_append_str(b, stamp(req));
	char counts[96]; /* no numberMatched on a page asked by cursor (matched < 0) */
	if (matched >= 0)
		snprintf(counts, sizeof(counts), "\",\"numberMatched\":%ld,\"numberReturned\":%zu",
			 matched, n);
	else
		snprintf(counts, sizeof(counts), "\",\"numberReturned\":%zu", n);
	wvlv_strbuf_append_str(b, counts);
	wvlv_strbuf_append_str(b, ",\"features\":[");
	for (size_t i = 0; i < n; i++) {
		if (i)
			wvlv_strbuf_append_str(b, ",");
		feature_json(req, q, b, &items[i]);
		wvlv_strbuf_append_str(b, "}");
	}
	wvlv_strbuf_append_str(b, "],\"links\":");
	buf_json(b, items_links(req, q, next_cursor, more));
	wvlv_strbuf_append_str(b, "}");
	return true;
}

