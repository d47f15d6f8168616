/* handlers_ogc.c — OGC API – Features at /ogc/v1 (DESIGN.md "GIS").
 *
 * Public designation data only (name, kind, municipality, measures, periods,
 * derived dates, status): no offers, no owners, no audit.  Reads go through
 * the server's GIS pool, whose connections are the role wvlv_gis: it sees
 * every municipality's designations and has no grant on anything else.
 *
 * Geometry and properties are the text stored when the designation was
 * written (geojson_crs84 / geojson_rd, ogc_properties); a response body is
 * built by concatenating around them, never by parsing and re-serialising.
 *
 * Repeat pulls: every write of designations or their periods bumps
 * designations_change_counter and notifies every server process
 * (migrations 0005, 0006; ogc_cache.h keeps it in memory).  The strong ETag is
 * a hash of the counter, the absolute request URI with its query, the output
 * CRS and the day.  If-None-Match that matches → 304 without touching the
 * database; otherwise a body made for the same key under the same counter is
 * served from memory without copying.  A body is filed under the counter read
 * in the same snapshot as its data, so it is never older than its counter.
 */
#include <errno.h>
#include <math.h>
#include <microhttpd.h>
#include <openssl/evp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "handlers.h"
#include "input.h"
#include "ogc_cache.h"
#include "paging.h"
#include "wvlv/designation.h"
#include "wvlv/app_features.h"

extern const char wvlv_ogcapi_json[];
extern const size_t wvlv_ogcapi_json_len;

#define OGC_PREFIX "/ogc/v1"
#define COLLECTION "designations"
#define LIMIT_DEFAULT 100
#define LIMIT_MAX 10000
#define GEOJSON "application/geo+json"
#define JSON "application/json"

/* ---- a growable byte buffer ------------------------------------------------------ */

typedef struct buf {
	char  *p;
	size_t len, cap;
	bool   oom;
} buf;

static void buf_add(buf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p) {
			b->oom = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void buf_str(buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

/* A JSON value (stolen), compact, keys in insertion order. */
static void buf_json(buf *b, json_t *v)
{
	char *text = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY |
					   JSON_REAL_PRECISION(17));
	json_decref(v);
	if (!text) {
		b->oom = true;
		return;
	}
	buf_str(b, text);
	free(text);
}

/* ---- URIs, links, tags ------------------------------------------------------------- */

typedef struct query_walk {
	buf        *b;
	wvlv_arena *arena;
	bool        skip_paging;  /* leave limit and offset out */
	const char *bad;          /* first parameter not in allowed */
	const char *const *allowed;
} query_walk;

static enum MHD_Result query_each(void *cls, enum MHD_ValueKind kind, const char *key,
				  const char *value)
{
	(void)kind;
	query_walk *w = cls;
	if (w->allowed) {
		bool ok = false;
		for (const char *const *a = w->allowed; *a; a++)
			ok = ok || strcmp(*a, key) == 0;
		if (!ok && !w->bad)
			w->bad = key;
	}
	if (!w->b)
		return MHD_YES;
	if (w->skip_paging && (!strcmp(key, "limit") || !strcmp(key, "offset")))
		return MHD_YES;
	if (w->b->len)
		buf_str(w->b, "&");
	buf_str(w->b, page_percent_encode(w->arena, key));
	if (value) {
		buf_str(w->b, "=");
		buf_str(w->b, page_percent_encode(w->arena, value));
	}
	return MHD_YES;
}

/* The query as received (decoded by MHD, percent-encoded again), "" when none. */
static const char *query_string(http_req *req, bool skip_paging)
{
	buf b = { 0 };
	query_walk w = { .b = &b, .arena = req->arena, .skip_paging = skip_paging };
	MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, query_each, &w);
	const char *q = wvlv_arena_strdup(req->arena, b.p && !b.oom ? b.p : "");
	free(b.p);
	return q;
}

/* The first query parameter not in allowed, or NULL. */
static const char *unknown_parameter(http_req *req, const char *const *allowed)
{
	query_walk w = { .allowed = allowed };
	MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, query_each, &w);
	return w.bad;
}

static json_t *ogc_link(const char *href, const char *rel, const char *type, const char *title)
{
	json_t *l = json_pack("{s:s, s:s, s:s}", "href", href, "rel", rel, "type", type);
	if (title)
		json_object_set_new(l, "title", json_string(title));
	return l;
}

static const char *url(http_req *req, const char *path)
{
	return wvlv_arena_printf(req->arena, "%s" OGC_PREFIX "%s", http_base_url(req), path);
}

/* "\"<32 hex>\"": sha256 of the counter and the cache key. */
static const char *make_etag(http_req *req, long long counter, const char *key)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	char c[32];
	int cn = snprintf(c, sizeof(c), "%lld\n", counter);
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
	EVP_DigestUpdate(ctx, c, (size_t)cn);
	EVP_DigestUpdate(ctx, key, strlen(key));
	EVP_DigestFinal_ex(ctx, md, &mdlen);
	EVP_MD_CTX_free(ctx);
	char *tag = wvlv_arena_alloc(req->arena, 35);
	tag[0] = '"';
	for (unsigned i = 0; i < 16; i++)
		snprintf(tag + 1 + 2 * i, 3, "%02x", md[i]);
	tag[33] = '"';
	tag[34] = '\0';
	return tag;
}

/* If-None-Match (weak comparison, RFC 9110 §13.1.2): "*" or a list of tags. */
static bool none_match_hits(const char *header, const char *etag)
{
	if (!header)
		return false;
	size_t tl = strlen(etag);
	const char *s = header;
	while (*s) {
		while (*s == ' ' || *s == '\t' || *s == ',')
			s++;
		if (!*s)
			break;
		if (*s == '*')
			return true;
		if (!strncmp(s, "W/", 2))
			s += 2;
		size_t n = strcspn(s, ",");
		while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		if (n == tl && !strncmp(s, etag, n))
			return true;
		s += strcspn(s, ",");
	}
	return false;
}

/* ---- parameters ---------------------------------------------------------------------- */

typedef enum ogc_what { OGC_COLLECTIONS, OGC_COLLECTION, OGC_ITEMS, OGC_ITEM } ogc_what;

typedef struct ogc_query {
	ogc_what        what;
	wvlv_crs        crs;
	wvlv_ogc_filter f;
	const char     *id;
	char            today[WVLV_DATE_STRLEN];
	char            dt_start[WVLV_DATE_STRLEN];
	char            dt_end[WVLV_DATE_STRLEN];
	const char     *key;          /* what the body depends on (see ogc_serve) */
	const char     *etag;         /* made for etag_counter, NULL: none yet */
	long long       etag_counter;
} ogc_query;

static bool is_features(const ogc_query *q)
{
	return q->what == OGC_ITEMS || q->what == OGC_ITEM;
}

static bool parse_count(const char *s, long *out)
{
	if (!s || !*s || s[0] < '0' || s[0] > '9')
		return false;
	char *end;
	errno = 0;
	long n = strtol(s, &end, 10);
	if (errno == ERANGE) {
		n = LIMIT_MAX; /* a huge limit is clamped like any other */
		errno = 0;
	}
	if (errno || *end)
		return false;
	*out = n;
	return true;
}

/* A date or an RFC 3339 date-time: its calendar date. */
static bool parse_day(const char *s, char out[WVLV_DATE_STRLEN])
{
	if (!input_is_timestamp_or_date(s))
		return false;
	snprintf(out, WVLV_DATE_STRLEN, "%.10s", s);
	return true;
}

static bool parse_datetime(const char *v, ogc_query *q, wvlv_error *err)
{
	const char *slash = strchr(v, '/');
	q->f.has_datetime = true;
	if (!slash) {
		if (!parse_day(v, q->dt_start))
			goto bad;
		memcpy(q->dt_end, q->dt_start, sizeof(q->dt_end));
		q->f.dt_start = q->dt_start;
		q->f.dt_end = q->dt_end;
		return true;
	}
	if (strchr(slash + 1, '/'))
		goto bad;
	char a[64];
	size_t an = (size_t)(slash - v);
	if (an >= sizeof(a))
		goto bad;
	memcpy(a, v, an);
	a[an] = '\0';
	const char *b = slash + 1;
	bool a_open = !*a || !strcmp(a, ".."), b_open = !*b || !strcmp(b, "..");
	if (!a_open && !parse_day(a, q->dt_start))
		goto bad;
	if (!b_open && !parse_day(b, q->dt_end))
		goto bad;
	q->f.dt_start = a_open ? NULL : q->dt_start;
	q->f.dt_end = b_open ? NULL : q->dt_end;
	if (q->f.dt_start && q->f.dt_end && strcmp(q->f.dt_start, q->f.dt_end) > 0)
		goto bad;
	if (a_open && b_open)
		q->f.has_datetime = false; /* "../..": any time */
	return true;
bad:
	return query_invalid(err, "datetime", "invalid-datetime",
			     "datetime is a date or RFC 3339 date-time, or an interval start/end "
			     "whose ends may be open (..), start not after end.");
}

static bool parse_bbox(const char *v, ogc_query *q, wvlv_error *err)
{
	double n[6];
	int count = 0;
	const char *s = v;
	while (count < 6) {
		char *end;
		errno = 0;
		n[count] = strtod(s, &end);
		if (end == s || errno || !isfinite(n[count]) || (*end && *end != ','))
			goto bad;
		count++;
		if (!*end)
			break;
		s = end + 1;
	}
	if (*s && count == 6 && strchr(s, ','))
		goto bad;
	if (count != 4 && count != 6)
		goto bad;
	double *b = q->f.bbox;
	if (count == 4) {
		b[0] = n[0]; b[1] = n[1]; b[2] = n[2]; b[3] = n[3];
	} else {
		b[0] = n[0]; b[1] = n[1]; b[2] = n[3]; b[3] = n[4];
	}
	if (b[0] > b[2] || b[1] > b[3])
		goto bad;
	q->f.has_bbox = true;
	return true;
bad:
	return query_invalid(err, "bbox", "invalid-bbox",
			     "bbox is minx,miny,maxx,maxy (4 or 6 numbers) with min <= max.");
}

static bool ogc_crs(http_req *req, const char *name, wvlv_crs *out, wvlv_error *err)
{
	const char *v = http_query(req, name);
	*out = WVLV_CRS_CRS84;
	if (!v || wvlv_crs_parse(v, out))
		return true;
	return query_invalid(err, name, "unsupported-crs",
			     "Supported: " WVLV_CRS84_URI " and " WVLV_RD_URI ".");
}

static bool items_query(http_req *req, ogc_query *q, wvlv_error *err)
{
	static const char *const allowed[] = { "limit", "offset", "bbox", "bbox-crs", "crs",
					       "datetime", "municipalityCode", "measure", "kind",
					       "status", "f", NULL };
	const char *bad = unknown_parameter(req, allowed);
	if (bad)
		return query_invalid(err, bad, "unknown-parameter",
				     "Known: limit, offset, bbox, bbox-crs, crs, datetime, "
				     "municipalityCode, measure, kind, status, f.");
	const char *v;
	q->f.limit = LIMIT_DEFAULT;
	if ((v = http_query(req, "limit"))) {
		if (!parse_count(v, &q->f.limit) || q->f.limit < 1)
			return query_invalid(err, "limit", "invalid-limit",
					     "limit is a whole number of at least 1 (at most 10000 are returned).");
		if (q->f.limit > LIMIT_MAX)
			q->f.limit = LIMIT_MAX;
	}
	if ((v = http_query(req, "offset")) && !parse_count(v, &q->f.offset))
		return query_invalid(err, "offset", "invalid-offset",
				     "offset is a whole number of at least 0.");
	if ((v = http_query(req, "f")) && strcmp(v, "json") && strcmp(v, "geojson"))
		return query_invalid(err, "f", "unsupported-format", "f is json or geojson.");
	if (!ogc_crs(req, "crs", &q->crs, err) || !ogc_crs(req, "bbox-crs", &q->f.bbox_crs, err))
		return false;
	if ((v = http_query(req, "bbox")) && !parse_bbox(v, q, err))
		return false;
	if (q->f.has_bbox && q->f.bbox_crs == WVLV_CRS_CRS84 &&
	    !(q->f.bbox[0] >= -180 && q->f.bbox[2] <= 180 && q->f.bbox[1] >= -90 &&
	      q->f.bbox[3] <= 90))
		return query_invalid(err, "bbox", "out-of-range",
				     "A CRS84 bbox has longitudes -180 to 180 and latitudes -90 to 90.");
	if ((v = http_query(req, "datetime")) && !parse_datetime(v, q, err))
		return false;
	if ((v = http_query(req, "municipalityCode"))) {
		if (!wvlv_municipality_code_valid(v))
			return query_invalid(err, "municipalityCode", "invalid-municipality-code",
					     "municipalityCode must be GM followed by 4 digits.");
		q->f.municipality_code = v;
	}
	wvlv_kind kind;
	unsigned measure;
	wvlv_designation_status st;
	if ((v = http_query(req, "kind"))) {
		if (!wvlv_kind_parse(v, &kind))
			return query_invalid(err, "kind", "unknown-kind",
					     "kind must be complex, street or area.");
		q->f.kind = v;
	}
	if ((v = http_query(req, "measure"))) {
		if (!wvlv_measure_parse(v, &measure))
			return query_invalid(err, "measure", "unknown-measure",
					     "measure must be art8, art9, art10 or voorkeursrecht.");
		q->f.measure = v;
	}
	if ((v = http_query(req, "status"))) {
		if (!wvlv_designation_status_parse(v, &st))
			return query_invalid(err, "status", "unknown-status",
					     "status must be planned, active, expired or withdrawn.");
		q->f.status = v;
	}
	return true;
}

/* ---- bodies ------------------------------------------------------------------------------ */

static const char *stamp(http_req *req)
{
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	char s[32];
	strftime(s, sizeof(s), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return wvlv_arena_strdup(req->arena, s);
}

/* {"type":"Feature","id":…,"geometry":<stored>,"properties":{<stored>,"capDate":…,"status":…}
 * without the closing brace (the item adds its links). */
static void feature_json(buf *b, const wvlv_ogc_feature *f)
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
	buf_str(b, "{\"type\":\"Feature\",\"id\":\"");
	buf_str(b, f->id); /* a uuid: nothing to escape */
	buf_str(b, "\",\"geometry\":");
	buf_add(b, f->geometry, f->geometry_len);
	buf_str(b, ",\"properties\":");
	/* the stored object without its closing brace */
	buf_add(b, f->properties, f->properties_len ? f->properties_len - 1 : 0);
	buf_str(b, ",\"capDate\":");
	buf_str(b, cap);
	buf_str(b, ",\"status\":\"");
	buf_str(b, f->status);
	buf_str(b, "\"}");
}

static json_t *collection_json(http_req *req, const wvlv_ogc_extent *x)
{
	json_t *links = json_array();
	json_array_append_new(links, ogc_link(url(req, "/collections/" COLLECTION), "self", JSON,
					  "This collection"));
	json_array_append_new(links, ogc_link(url(req, "/collections/" COLLECTION "/items"), "items",
					  GEOJSON, "The designated areas"));
	json_t *c = json_pack("{s:s, s:s, s:s, s:o}", "id", COLLECTION, "title",
			      "Designated areas (Wet voorkeursrecht gemeenten, Huisvestingswet)",
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
	json_object_set_new(c, "crs", json_pack("[s,s]", WVLV_CRS84_URI, WVLV_RD_URI));
	json_object_set_new(c, "storageCrs", json_string(WVLV_RD_URI));
	return c;
}

/* This items URL without limit and offset, ready for them: "…/items?…&". */
static const char *items_base(http_req *req)
{
	const char *rest = query_string(req, true);
	return wvlv_arena_printf(req->arena, "%s%s?%s%s", http_base_url(req), req->path, rest,
				 *rest ? "&" : "");
}

static const char *items_href(http_req *req, const char *base, long offset, long limit)
{
	return wvlv_arena_printf(req->arena, "%slimit=%ld&offset=%ld", base, limit, offset);
}

/* The response body for q, built in b, and the change counter of the snapshot
 * it was read in; false with err when it cannot be made. */
static bool make_body(http_req *req, ogc_query *q, buf *b, long long *counter, wvlv_error *err)
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
		json_array_append_new(links, ogc_link(url(req, "/collections"), "self", JSON,
						  "The collections"));
		buf_json(b, json_pack("{s:o, s:[o]}", "links", links, "collections", c));
		return true;
	}
	if (q->what == OGC_ITEM) {
		wvlv_ogc_feature f;
		if (wvlv_app_feature_get(&req->app, q->id, q->today, q->crs, &f, counter, err) !=
		    WVLV_OK)
			return false;
		feature_json(b, &f);
		json_t *links = json_array();
		json_array_append_new(links, ogc_link(url(req, wvlv_arena_printf(
							      req->arena, "/collections/" COLLECTION
									  "/items/%s", f.id)),
						  "self", GEOJSON, "This feature"));
		json_array_append_new(links, ogc_link(url(req, "/collections/" COLLECTION),
						  "collection", JSON, "The collection"));
		buf_str(b, ",\"links\":");
		buf_json(b, links);
		buf_str(b, "}");
		return true;
	}
	wvlv_ogc_feature *items = NULL;
	size_t n = 0;
	long matched = 0;
	if (wvlv_app_features_page(&req->app, &q->f, q->crs, &items, &n, &matched, counter,
				   err) != WVLV_OK)
		return false;
	buf_str(b, "{\"type\":\"FeatureCollection\",\"timeStamp\":\"");
	buf_str(b, stamp(req));
	char counts[96];
	snprintf(counts, sizeof(counts), "\",\"numberMatched\":%ld,\"numberReturned\":%zu", matched,
		 n);
	buf_str(b, counts);
	buf_str(b, ",\"features\":[");
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_str(b, ",");
		feature_json(b, &items[i]);
		buf_str(b, "}");
	}
	buf_str(b, "],\"links\":");
	long off = q->f.offset, lim = q->f.limit;
	const char *base = items_base(req);
	json_t *links = json_array();
	json_array_append_new(links, ogc_link(items_href(req, base, off, lim), "self", GEOJSON,
					  "This page"));
	if (off + (long)n < matched)
		json_array_append_new(links, ogc_link(items_href(req, base, off + lim, lim), "next",
						  GEOJSON, "The next page"));
	if (off > 0)
		json_array_append_new(links, ogc_link(items_href(req, base, off > lim ? off - lim : 0,
							     lim),
						  "prev", GEOJSON, "The previous page"));
	json_array_append_new(links, ogc_link(url(req, "/collections/" COLLECTION), "collection", JSON,
					  "The collection"));
	buf_json(b, links);
	buf_str(b, "}");
	return true;
}

/* ---- serving with ETag and the cache ------------------------------------------------------- */

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
	if (is_features(q))
		http_add_header(req, "Content-Crs", wvlv_crs_header(q->crs));
}

static void reply_body(http_req *req, ogc_query *q, ogc_body *body)
{
	tag_headers(req, q, body->etag);
	http_reply_shared(req, 200, body->content_type, body->bytes, body->len, release_body, body);
}

/* 304 when If-None-Match names etag. */
static bool not_modified(http_req *req, ogc_query *q, const char *etag)
{
	if (!none_match_hits(http_header(req, "If-None-Match"), etag))
		return false;
	tag_headers(req, q, etag);
	http_reply_bytes(req, 304, NULL, "", 0);
	return true;
}

/* Answered from the counter alone: 304, or a body made under it. */
static bool answer_known(http_req *req, ogc_query *q, long long counter)
{
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
	q->key = wvlv_arena_printf(req->arena, "%s%s?%s\n%s\n%s", http_base_url(req), req->path,
				   query_string(req, false), wvlv_crs_uri(q->crs), q->today);
	long long counter = 0;
	wvlv_status st = wvlv_app_features_counter(&req->app, &counter, err);
	if (st != WVLV_OK || answer_known(req, q, counter))
		return st;
	buf b = { 0 };
	bool ok = make_body(req, q, &b, &counter, err);
	if (!ok || b.oom || !b.p) {
		free(b.p);
		return ok ? wvlv_error_set(err, WVLV_ENOMEM, "out-of-memory", "out of memory")
			  : err->status;
	}
	/* Filed under the counter of the data's own snapshot, which may be newer
	 * than the one this request began with. */
	ogc_body *body = ogc_body_make(q->key, counter, b.p, b.len, is_features(q) ? GEOJSON : JSON,
				       etag_for(req, q, counter));
	if (!body)
		return wvlv_error_set(err, WVLV_ENOMEM, "out-of-memory", "out of memory");
	reply_body(req, q, body);
	return WVLV_OK;
}

/* ---- handlers ------------------------------------------------------------------------------- */

wvlv_status handle_ogc_landing(http_req *req, wvlv_error *err)
{
	(void)err;
	json_t *links = json_array();
	json_array_append_new(links, ogc_link(url(req, ""), "self", JSON, "This document"));
	json_array_append_new(links, ogc_link(url(req, "/api"), "service-desc",
					  "application/vnd.oai.openapi+json;version=3.0",
					  "The API definition"));
	json_array_append_new(links, ogc_link(url(req, "/conformance"), "conformance", JSON,
					  "The conformance classes"));
	json_array_append_new(links, ogc_link(url(req, "/collections"), "data", JSON,
					  "The collections"));
	http_reply_json(req, 200,
			json_pack("{s:s, s:s, s:o}", "title", "wvlv — designated areas (OGC API – Features)",
				  "description",
				  "Designations under the Wet voorkeursrecht gemeenten and the "
				  "Huisvestingswet, as GeoJSON in CRS84 or RD New (EPSG:28992).",
				  "links", links));
	return WVLV_OK;
}

wvlv_status handle_ogc_conformance(http_req *req, wvlv_error *err)
{
	(void)err;
	http_reply_json(
		req, 200,
		json_pack("{s:[s,s,s,s]}", "conformsTo",
			  "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
			  "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
			  "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
			  "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs"));
	return WVLV_OK;
}

wvlv_status handle_ogc_api(http_req *req, wvlv_error *err)
{
	(void)err;
	http_reply_bytes(req, 200, "application/vnd.oai.openapi+json;version=3.0",
			 wvlv_ogcapi_json, wvlv_ogcapi_json_len);
	return WVLV_OK;
}

wvlv_status handle_ogc_collections(http_req *req, wvlv_error *err)
{
	ogc_query q = { .what = OGC_COLLECTIONS };
	return ogc_serve(req, &q, err);
}

wvlv_status handle_ogc_collection(http_req *req, wvlv_error *err)
{
	ogc_query q = { .what = OGC_COLLECTION };
	return ogc_serve(req, &q, err);
}

wvlv_status handle_ogc_items(http_req *req, wvlv_error *err)
{
	ogc_query q = { .what = OGC_ITEMS };
	if (!items_query(req, &q, err))
		return err->status;
	return ogc_serve(req, &q, err);
}

wvlv_status handle_ogc_item(http_req *req, wvlv_error *err)
{
	ogc_query q = { .what = OGC_ITEM, .id = req->path_params[0] };
	if (!ogc_crs(req, "crs", &q.crs, err))
		return err->status;
	if (!input_is_uuid(q.id))
		return wvlv_error_set(err, WVLV_ENOTFOUND, "not-found",
				      "There is no feature with this id.");
	return ogc_serve(req, &q, err);
}
