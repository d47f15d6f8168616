/* ogc.h — what the files of the OGC API – Features share (private to
 * server/: ogc_params.c reads a request, ogc_body.c writes a body,
 * handlers_ogc.c serves them with ETags from the cache).
 *
 * Public designation data only (name, kind, municipality, measures, periods,
 * derived dates, status): no offers, no owners, no audit
 * (wvlv/app_features.h).
 */
#ifndef WVLV_SERVER_OGC_H
#define WVLV_SERVER_OGC_H

#include <jansson.h>
#include <stdbool.h>

#include "http.h"
#include "paging.h"
#include "wvlv/strbuf.h"
#include "wvlv/app_features.h"
#include "wvlv/date.h"

#define OGC_PREFIX "/ogc/v1"
#define COLLECTION "designations"
#define GEOJSON "application/geo+json"
#define JSON "application/json"

typedef enum ogc_what { OGC_COLLECTIONS, OGC_COLLECTION, OGC_ITEMS, OGC_ITEM } ogc_what;

/* What a response is written as: JSON (GeoJSON for features) or an HTML page
 * (ogc_html.c). */
typedef enum ogc_format { OGC_FMT_JSON, OGC_FMT_HTML } ogc_format;

typedef struct ogc_query {
	ogc_what        what;
	ogc_format      fmt;
	wvlv_ogc_crs    crs;
	wvlv_ogc_filter f;
	const char     *id;
	char            today[WVLV_DATE_STRLEN];
	char            dt_start[WVLV_DATE_STRLEN];
	char            dt_end[WVLV_DATE_STRLEN];
	const char     *props[32];    /* properties=: the chosen ones, in order */
	int             nprops;       /*   0: all */
	const char     *key;          /* what the body depends on (see ogc_serve) */
	const char     *etag;         /* made for etag_counter, NULL: none yet */
	long long       etag_counter;
} ogc_query;

bool ogc_is_features(const ogc_query *q);

/* ---- the request (ogc_params.c) ---- */

/* The keyset order of the items without sortby (created_at, id): its cursors. */
extern const page_order OGC_ORDER;

/* The query as received (decoded by MHD, percent-encoded again), "" when none;
 * without limit, offset and cursor when skip_paging. */
const char *ogc_query_string(http_req *req, bool skip_paging);
/* The parameters of /collections/designations/items into q; false (400). */
bool ogc_items_query(http_req *req, ogc_query *q, wvlv_error *err);
/* The CQL2 filter of the items (filter, filter-lang, filter-crs) into f;
 * false (400 naming what is wrong). */
bool ogc_filter_query(http_req *req, wvlv_ogc_filter *f, wvlv_error *err);
/* sortby into f; false (400). */
bool ogc_sortby_query(http_req *req, wvlv_ogc_filter *f, wvlv_error *err);
/* properties= (the names of a feature's properties) into q; false (400). */
bool ogc_properties_query(http_req *req, ogc_query *q, wvlv_error *err);
/* The query parameter `name` (crs, bbox-crs): one of the five OGC CRS URIs
 * (wvlv/ogc_crs.h), CRS84 when absent; false (400 listing them) otherwise. */
bool ogc_crs_query(http_req *req, const char *name, wvlv_ogc_crs *out, wvlv_error *err);
/* bbox (4 numbers, or 6 with heights, which are dropped) in the axis order of
 * f->bbox_crs — lower corner, upper corner, coordinate axis 1 first:
 * minLat,minLon,maxLat,maxLon in EPSG:4326 and 4258 — into f->bbox in
 * east/north order; false (400) when malformed or outside the CRS. */
bool ogc_bbox_query(http_req *req, wvlv_ogc_filter *f, wvlv_error *err);

/* ---- the body (ogc_body.c) ---- */

/* {href, rel, type[, title]} */
json_t *ogc_link(const char *href, const char *rel, const char *type, const char *title);
/* The absolute URL of a path below /ogc/v1. */
const char *ogc_url(http_req *req, const char *path);
/* The body for q, built in b, and the change counter of the snapshot it was
 * read in; false with err when it cannot be made. */
bool ogc_make_body(http_req *req, ogc_query *q, wvlv_strbuf *b, long long *counter, wvlv_error *err);

/* ---- the format (ogc_format.c) ---- */

/* The one wording of every 404 under /ogc/v1. */
#define OGC_NOT_FOUND "There is no resource at this path."

/* f=json|html (and geojson when features), else Accept: HTML when text/html
 * is preferred over JSON; false (400 naming the accepted values). */
bool ogc_format_of(http_req *req, bool features, ogc_format *out, wvlv_error *err);
/* If-None-Match (weak comparison) names etag. */
bool ogc_none_match(const char *header, const char *etag);
/* The counters of the tags in If-None-Match that have the form of this
 * server's ETags ("<counter>-…") and are above `above`, in the order they
 * come, at most max of them; how many (handlers_ogc.c: a newer tag). */
size_t ogc_none_match_newer(const char *header, long long above, long long *out, size_t max);

/* ---- HTML (ogc_html.c, ogc_static.c) ---- */

#define HTML "text/html; charset=utf-8"

typedef enum ogc_page {
	OGC_PAGE_LANDING, OGC_PAGE_CONFORMANCE, OGC_PAGE_API, OGC_PAGE_COLLECTIONS,
	OGC_PAGE_COLLECTION, OGC_PAGE_ITEMS, OGC_PAGE_ITEM
} ogc_page;

/* The HTML page of a JSON document (borrowed) of this kind, in b (offset: of
 * the first feature of an items page, -1 for a page asked by cursor). */
void ogc_html_page(http_req *req, ogc_page page, json_t *doc, wvlv_strbuf *b, long offset);
/* The headers of an HTML page: its Content-Security-Policy and Vary. */
void ogc_html_headers(http_req *req);
/* Load Leaflet from dir (WVLV_LEAFLET_DIR) for /ogc/v1/static/; false (logged)
 * when it is not there: pages are then served without a map. */
bool ogc_static_start(const char *dir);
bool ogc_static_have_leaflet(void);

/* ---- the schemas (ogc_schema.c) ---- */

#define SCHEMA_JSON "application/schema+json"
/* The queryables (Part 3) and the features' schema (Part 5), as JSON Schema. */
json_t *ogc_queryables_json(http_req *req);
json_t *ogc_schema_json(http_req *req);

#endif
