/* ogc_format.c — what an /ogc/v1 answer is written as (see ogc.h): the f
 * parameter when given, else the Accept header.
 *
 * f=json or f=html on every resource (f=geojson too on the features, as
 * before); any other value is a 400 naming the accepted ones.  Without f, a
 * page is HTML only when the Accept header prefers text/html over JSON: a
 * browser's "text/html,…;q=0.8" (html first, any type at q=0.8) does; curl's any
 * type, and no Accept header at all (GDAL, QGIS) do not; on a tie JSON wins.
 * And whether the client has the answer already (If-None-Match). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "input.h"
#include "ogc.h"

/* How specific a media range is for one of the types: 3 exact, 2 "type/" and
 * a star, 1 two stars, 0 no match. */
static int range_match(const char *range, size_t n, const char *const *types)
{
	if (n == 3 && !strncmp(range, "*/*", 3))
		return 1;
	for (const char *const *t = types; *t; t++) {
		size_t tl = strlen(*t), major = strcspn(*t, "/") + 1;
		if (n == tl && !strncasecmp(range, *t, n))
			return 3;
		if (n == major + 1 && !strncasecmp(range, *t, major) && range[major] == '*')
			return 2;
	}
	return 0;
}

/* The q of the most specific range of Accept that matches one of types (0
 * when none does), in thousandths. */
static int accept_q(const char *accept, const char *const *types)
{
	int best_spec = 0, q = 0;
	for (const char *s = accept; *s;) {
		s += strspn(s, " \t,");
		size_t len = strcspn(s, ",");
		size_t n = strcspn(s, ";, \t");
		int spec = n <= len ? range_match(s, n, types) : 0;
		int this_q = 1000;
		const char *qp = s + n;
		while (qp < s + len) {
			qp += strspn(qp, "; \t");
			if ((qp[0] == 'q' || qp[0] == 'Q') && qp[1] == '=') {
				this_q = (int)(strtod(qp + 2, NULL) * 1000 + 0.5);
				break;
			}
			qp += strcspn(qp, ";,");
		}
		if (spec > best_spec || (spec == best_spec && spec && this_q > q)) {
			best_spec = spec;
			q = this_q;
		}
		s += len;
	}
	return best_spec ? q : 0;
}

bool ogc_format_of(http_req *req, bool features, ogc_format *out, wvlv_error *err)
{
	const char *f = http_query(req, "f");
	*out = OGC_FMT_JSON;
	if (f) {
		if (!strcmp(f, "html"))
			*out = OGC_FMT_HTML;
		else if (strcmp(f, "json") && !(features && !strcmp(f, "geojson")))
			return query_invalid(err, "f", "unsupported-format",
					     features ? "f is json, geojson or html."
						      : "f is json or html.");
		return true;
	}
	const char *accept = http_header(req, "Accept");
	if (!accept)
		return true;
	static const char *const html[] = { "text/html", NULL };
	static const char *const json[] = { "application/json", "application/geo+json", NULL };
	int qh = accept_q(accept, html), qj = accept_q(accept, json);
	if (qh > qj)
		*out = OGC_FMT_HTML;
	return true;
}

/* If-None-Match (weak comparison, RFC 9110 §13.1.2): "*" or a list of tags. */
bool ogc_none_match(const char *header, const char *etag)
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

size_t ogc_none_match_newer(const char *header, long long above, long long *out, size_t max)
{
	size_t n = 0;
	for (const char *s = header ? strchr(header, '"') : NULL; s && n < max;
	     s = strchr(s + 1, '"')) {
		char *end;
		errno = 0;
		long long c = strtoll(s + 1, &end, 10);
		if (end != s + 1 && *end == '-' && !errno && c > above && c >= 0)
			out[n++] = c;
	}
	return n;
}
