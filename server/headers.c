/* headers.c — security headers, Cache-Control, CORS and OPTIONS (see
 * headers.h). */
#include "headers.h"

#include <microhttpd.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

const headers_pair headers_security[] = {
	{ "Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'" },
	{ "Strict-Transport-Security", "max-age=31536000" },
	{ "X-Content-Type-Options", "nosniff" },
	{ "X-Frame-Options", "DENY" },
	{ "Referrer-Policy", "no-referrer" },
	{ NULL, NULL },
};

/* What a browser script may read of an answer besides the safelisted ones. */
#define EXPOSE_OGC "ETag, Link, Content-Crs, API-Version, X-Request-Id, Retry-After"
#define EXPOSE_API EXPOSE_OGC ", Location, Idempotent-Replayed"
/* What it may send. */
#define ALLOW_HEADERS_OGC "Authorization, If-None-Match, X-Request-Id, traceparent"
#define ALLOW_HEADERS_API \
	ALLOW_HEADERS_OGC ", Content-Type, Content-Crs, Idempotency-Key, If-Match"
#define PREFLIGHT_MAX_AGE "600"

static bool under(const char *path, const char *prefix)
{
	size_t n = strlen(prefix);
	return strncmp(path, prefix, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

static bool added(const headers_request *r, const char *name)
{
	for (int i = 0; i < r->nset; i++)
		if (strcasecmp(r->set[i], name) == 0)
			return true;
	return false;
}

/* The next entry of a comma-separated list at *s, blanks around it left out:
 * its start, its length in *len (0 for an empty entry); NULL at the end. */
static const char *list_next(const char **s, size_t *len)
{
	if (!*s)
		return NULL;
	*s += strspn(*s, " \t,");
	if (!**s)
		return NULL;
	const char *e = *s;
	size_t n = strcspn(e, ",");
	size_t k = n;
	while (k > 0 && (e[k - 1] == ' ' || e[k - 1] == '\t'))
		k--;
	*s += n;
	*len = k;
	return e;
}

/* origin is one of the comma-separated list, exactly. */
static bool origin_listed(const char *list, const char *origin)
{
	size_t on = strlen(origin), k;
	for (const char *e; (e = list_next(&list, &k));)
		if (k == on && strncmp(e, origin, k) == 0)
			return true;
	return false;
}

typedef enum { CORS_NONE, CORS_ANY, CORS_LISTED } cors_kind;

/* Whether the request's Origin may read the answer, and how. */
static cors_kind cors_of(const headers_request *r)
{
	if (under(r->path, "/ogc/v1"))
		return CORS_ANY;
	if (under(r->path, "/api/v1") && r->origin && origin_listed(r->cors_origins, r->origin))
		return CORS_LISTED;
	return CORS_NONE;
}

static const char *cache_control(const headers_request *r, int status)
{
	if (under(r->path, "/ogc/v1") && status < 400 && strcmp(r->method, "OPTIONS") != 0)
		return r->public_gis ? "public, no-cache" : "private, no-cache";
	return "no-store";
}

void headers_add(const headers_request *r, struct MHD_Response *resp, int status)
{
	for (const headers_pair *h = headers_security; h->name; h++)
		if (!added(r, h->name))
			MHD_add_response_header(resp, h->name, h->value);
	if (!added(r, "Cache-Control"))
		MHD_add_response_header(resp, "Cache-Control", cache_control(r, status));
	cors_kind k = cors_of(r);
	if (under(r->path, "/api/v1"))
		MHD_add_response_header(resp, "Vary", "Origin");
	if (k == CORS_ANY) {
		MHD_add_response_header(resp, "Access-Control-Allow-Origin", "*");
		MHD_add_response_header(resp, "Access-Control-Expose-Headers", EXPOSE_OGC);
	} else if (k == CORS_LISTED) {
		MHD_add_response_header(resp, "Access-Control-Allow-Origin", r->origin);
		MHD_add_response_header(resp, "Access-Control-Expose-Headers", EXPOSE_API);
	}
}

bool headers_preflight_of(const headers_request *r, const char *allow, headers_preflight *out)
{
	cors_kind k = cors_of(r);
	if (!r->origin || !r->preflight || k == CORS_NONE)
		return false;
	out->methods = k == CORS_ANY ? "GET, HEAD, OPTIONS" : allow;
	out->headers = k == CORS_ANY ? ALLOW_HEADERS_OGC : ALLOW_HEADERS_API;
	out->max_age = PREFLIGHT_MAX_AGE;
	return true;
}

/* One origin: scheme://host[:port], nothing after it. */
static bool origin_valid(const char *s, size_t n)
{
	size_t skip = n > 8 && strncmp(s, "https://", 8) == 0	 ? 8
		      : n > 7 && strncmp(s, "http://", 7) == 0 ? 7
							       : 0;
	if (!skip)
		return false;
	for (size_t i = skip; i < n; i++)
		if (strchr("/?#@* \t\"", s[i]))
			return false;
	return true;
}

bool headers_origins_valid(const char *list, char *why, size_t why_len)
{
	size_t k;
	for (const char *e; (e = list_next(&list, &k));)
		if (k && !origin_valid(e, k)) {
			snprintf(why, why_len,
				 "\"%.*s\" is not an origin (http[s]://host[:port], no path, no *)",
				 (int)(k > 200 ? 200 : k), e);
			return false;
		}
	return true;
}
