/* ogc_params.c — the query parameters of the OGC API – Features requests
 * (see ogc.h): limit, offset, bbox and bbox-crs, crs, datetime and the
 * designation filters (any other name is refused before, by the route's list
 * in routes.c: params.h). */
#include <microhttpd.h>
#include <stdio.h>
#include <string.h>

#include "input.h"
#include "ogc.h"
#include "paging.h"
#include "wvlv/designation.h"

#define LIMIT_DEFAULT 100
#define LIMIT_MAX 10000

bool ogc_is_features(const ogc_query *q)
{
	return q->what == OGC_ITEMS || q->what == OGC_ITEM;
}

typedef struct query_walk {
	wvlv_strbuf *b;
	wvlv_arena *arena;
	bool        skip_paging;  /* leave limit, offset and cursor out */
} query_walk;

static enum MHD_Result query_each(void *cls, enum MHD_ValueKind kind, const char *key,
				  const char *value)
{
	(void)kind;
	query_walk *w = cls;
	if (w->skip_paging &&
	    (!strcmp(key, "limit") || !strcmp(key, "offset") || !strcmp(key, "cursor")))
		return MHD_YES;
	if (wvlv_strbuf_len(w->b))
		wvlv_strbuf_append_str(w->b, "&");
	wvlv_strbuf_append_str(w->b, page_percent_encode(w->arena, key));
	if (value) {
		wvlv_strbuf_append_str(w->b, "=");
		wvlv_strbuf_append_str(w->b, page_percent_encode(w->arena, value));
	}
	return MHD_YES;
}

/* The query as received (decoded by MHD, percent-encoded again), "" when none. */
const char *ogc_query_string(http_req *req, bool skip_paging)
{
	query_walk w = { .b = wvlv_strbuf_new(req->arena), .arena = req->arena,
			 .skip_paging = skip_paging };
	MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, query_each, &w);
	return wvlv_strbuf_failed(w.b) ? "" : wvlv_strbuf_text(w.b);
}

/* A date or an RFC 3339 date-time: its calendar date. */
static bool parse_day(const char *s, char out[WVLV_DATE_STRLEN])
{
	if (!wvlv_timestamp_or_date_valid(s))
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

const page_order OGC_ORDER = { "f1", "tu" };

/* cursor: after sortby, which a cursor cannot carry — a sortby list is paged
 * by offset (its next links say so). */
static bool ogc_cursor_query(http_req *req, wvlv_ogc_filter *f, wvlv_error *err)
{
	if (f->nsort && http_query(req, "cursor"))
		return query_invalid(err, "cursor", "invalid-cursor",
				     "a list with sortby is paged by offset, not by cursor.");
	return page_cursor_query(req, &OGC_ORDER, f->after, err);
}

bool ogc_items_query(http_req *req, ogc_query *q, wvlv_error *err)
{
	/* unknown parameters were refused by dispatch (the route's list, routes.c) */
	const char *v;
	q->f.limit = LIMIT_DEFAULT;
	if ((v = http_query(req, "limit"))) {
		if (!query_whole_number(v, &q->f.limit) || q->f.limit < 1) {
			char r[96];
			snprintf(r, sizeof(r),
				 "limit is a whole number of at least 1 (at most %d are returned).",
				 LIMIT_MAX);
			return query_invalid(err, "limit", "invalid-limit", r);
		}
		if (q->f.limit > LIMIT_MAX)
			q->f.limit = LIMIT_MAX;
	}
	if ((v = http_query(req, "offset")) &&
	    (!query_whole_number(v, &q->f.offset) || q->f.offset > QUERY_OFFSET_MAX))
		return query_invalid(err, "offset", "invalid-offset", QUERY_OFFSET_RANGE);
	if (!ogc_crs_query(req, "crs", &q->crs, err) ||
	    !ogc_crs_query(req, "bbox-crs", &q->f.bbox_crs, err) || !ogc_bbox_query(req, &q->f, err))
		return false;
	if ((v = http_query(req, "datetime")) && !parse_datetime(v, q, err))
		return false;
	int kind, measure, status;
	if (!query_designation_filters(req, &q->f.municipality_code, &kind, &measure, &status, err))
		return false;
	/* the store filters by the names themselves */
	q->f.kind = http_query(req, "kind");
	q->f.measure = http_query(req, "measure");
	q->f.status = http_query(req, "status");
	return ogc_sortby_query(req, &q->f, err) && ogc_cursor_query(req, &q->f, err) &&
	       ogc_filter_query(req, &q->f, err) && ogc_properties_query(req, q, err);
}

/* The names of a feature's properties: the queryables but the geometry, and
 * the nested ones. */
static bool feature_property(const char *name)
{
	const wvlv_queryable *qy = wvlv_queryable_find(name);
	return (qy && qy->type != WVLV_QT_GEOMETRY) || !strcmp(name, "measures") ||
	       !strcmp(name, "periods") || !strcmp(name, "capDate");
}

bool ogc_properties_query(http_req *req, ogc_query *q, wvlv_error *err)
{
	const char *v = http_query(req, "properties");
	q->nprops = 0;
	for (const char *s = v; s && *s;) {
		size_t n = strcspn(s, ",");
		char *name = wvlv_arena_strndup(req->arena, s, n);
		if (!feature_property(name) || q->nprops == (int)(sizeof(q->props) / sizeof(q->props[0])))
			return query_invalid(err, "properties", "invalid-properties",
					     "properties is a comma-separated list of the features' "
					     "property names (see the collection's schema).");
		q->props[q->nprops++] = name;
		s += n + (s[n] == ',');
	}
	return true;
}

/* sortby: up to WVLV_OGC_SORT_MAX queryables (not the geometry), each with
 * + (or nothing: ascending; a + may arrive as a space) or - (descending). */
bool ogc_sortby_query(http_req *req, wvlv_ogc_filter *f, wvlv_error *err)
{
	const char *v = http_query(req, "sortby");
	static const char why[] = "sortby is a comma-separated list of queryables (not geometry), "
				  "each with + or - in front for ascending or descending.";
	f->nsort = 0;
	for (const char *s = v; s && *s;) {
		size_t n = strcspn(s, ",");
		bool desc = *s == '-';
		const char *name = s + (*s == '-' || *s == '+' || *s == ' ');
		size_t len = n - (size_t)(name - s);
		char key[64];
		if (len == 0 || len >= sizeof(key) || f->nsort == WVLV_OGC_SORT_MAX)
			return query_invalid(err, "sortby", "invalid-sortby", why);
		memcpy(key, name, len);
		key[len] = '\0';
		const wvlv_queryable *qy = wvlv_queryable_find(key);
		if (!qy || qy->type == WVLV_QT_GEOMETRY)
			return query_invalid(err, "sortby", "invalid-sortby", why);
		f->sort[f->nsort].name = qy->name;
		f->sort[f->nsort++].desc = desc;
		s += n + (s[n] == ',');
	}
	return true;
}

/* filter (CQL2, OGC API – Features Part 3) in filter-lang (cql2-text, the
 * default, or cql2-json), its geometries in filter-crs (default CRS84):
 * read, and checked against the queryables. */
bool ogc_filter_query(http_req *req, wvlv_ogc_filter *f, wvlv_error *err)
{
	const char *text = http_query(req, "filter"), *lang = http_query(req, "filter-lang");
	f->filter_crs = WVLV_OGC_CRS84;
	if (!text) {
		if (lang || http_query(req, "filter-crs"))
			return query_invalid(err, lang ? "filter-lang" : "filter-crs", "filter-missing",
					     "filter-lang and filter-crs go with a filter.");
		return true;
	}
	if (lang && strcmp(lang, "cql2-text") && strcmp(lang, "cql2-json"))
		return query_invalid(err, "filter-lang", "unsupported-filter-lang",
				     "filter-lang is cql2-text or cql2-json.");
	if (!ogc_crs_query(req, "filter-crs", &f->filter_crs, err))
		return false;
	cql2_node *n = NULL;
	wvlv_status st = lang && !strcmp(lang, "cql2-json")
				 ? cql2_parse_json(req->arena, text, strlen(text), &n, err)
				 : cql2_parse_text(req->arena, text, &n, err);
	if (st != WVLV_OK || wvlv_ogc_filter_check(n, err) != WVLV_OK)
		return false;
	f->cql2 = n;
	return true;
}

