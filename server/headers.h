/* headers.h — the headers every response carries whatever made it: the
 * security headers of the API Design Rules (/core/transport/security-headers),
 * Cache-Control, and CORS (/core/transport/cors), decided from a
 * headers_request alone; and the CORS part of the answer to OPTIONS.
 *
 * Security headers, on every response (gate.c writes the same list into its
 * own raw refusals):
 *   Content-Security-Policy: default-src 'none'; frame-ancestors 'none'
 *   Strict-Transport-Security: max-age=31536000  (always: a browser ignores it
 *                              over plain http, RFC 6797 §8.1, and behind a
 *                              TLS proxy the server cannot always tell)
 *   X-Content-Type-Options: nosniff
 *   X-Frame-Options: DENY
 *   Referrer-Policy: no-referrer
 * A route that serves something else (an HTML page) adds its own
 * Content-Security-Policy with http_add_header; the one it adds is kept.
 *
 * Cache-Control, unless the handler set one: "no-store" on everything but
 * the successful /ogc/v1 answers, which are public data with ETags: "public,
 * no-cache" (stored, revalidated with If-None-Match: 304) or "private,
 * no-cache" while WVLV_PUBLIC_GIS is off.  So every /api/v1 answer — offers,
 * their events, deadlines, the audit log, all that carries owner data — and
 * every problem is no-store.
 *
 * CORS: /ogc/v1 is read by any origin (Access-Control-Allow-Origin: *);
 * /api/v1 by the origins of WVLV_CORS_ORIGINS only (the request's Origin
 * echoed, Vary: Origin).  No credentials mode: tokens are bearer headers. */
#ifndef WVLV_SERVER_HEADERS_H
#define WVLV_SERVER_HEADERS_H

#include <stdbool.h>
#include <stddef.h>

struct MHD_Response;

typedef struct headers_pair {
	const char *name;
	const char *value;
} headers_pair;

/* The security headers (without Cache-Control), NULL-name terminated. */
extern const headers_pair headers_security[];

/* What of a request and the configuration the headers depend on (http.c
 * fills it in from the request). */
typedef struct headers_request {
	const char        *path;
	const char        *method;
	const char        *origin;       /* the Origin header; NULL without one */
	bool               preflight;    /* an Access-Control-Request-Method header came */
	const char        *cors_origins; /* WVLV_CORS_ORIGINS */
	bool               public_gis;   /* WVLV_PUBLIC_GIS */
	const char *const *set;          /* the names of the headers the handler added */
	int                nset;
} headers_request;

/* Add the security, Cache-Control and CORS headers to resp, the reply to r
 * with this status. */
void headers_add(const headers_request *r, struct MHD_Response *resp, int status);

/* The CORS headers of the answer to OPTIONS on a path with the methods
 * `allow`: for a preflight from an allowed origin, true with the values of
 * Access-Control-Allow-Methods, -Headers and -Max-Age; false for any other
 * OPTIONS (a preflight from another origin gets none of them: the browser
 * then refuses the request itself). */
typedef struct headers_preflight {
	const char *methods;
	const char *headers;
	const char *max_age;
} headers_preflight;
bool headers_preflight_of(const headers_request *r, const char *allow, headers_preflight *out);

/* WVLV_CORS_ORIGINS well-formed: comma-separated origins, each
 * http(s)://host[:port] without a path; false with a message in why. */
bool headers_origins_valid(const char *list, char *why, size_t why_len);

#endif
