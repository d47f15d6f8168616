/* headers.h — the headers every response carries whatever made it: the
 * security headers of the API Design Rules (/core/transport/security-headers),
 * Cache-Control, and CORS (/core/transport/cors); and the answer to OPTIONS.
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

#include "http.h"

struct MHD_Response;

typedef struct headers_pair {
	const char *name;
	const char *value;
} headers_pair;

/* The security headers (without Cache-Control), NULL-name terminated. */
extern const headers_pair headers_security[];

/* Add the security, Cache-Control and CORS headers to resp, the reply to
 * req with this status. */
void headers_add(http_req *req, struct MHD_Response *resp, int status);

/* OPTIONS on a path that exists (req->allow): 204 with Allow; for a CORS
 * preflight from an allowed origin also Access-Control-Allow-Methods,
 * -Headers and -Max-Age (a preflight from another origin gets none of them:
 * the browser then refuses the request itself). */
void headers_options(http_req *req);

/* WVLV_CORS_ORIGINS well-formed: comma-separated origins, each
 * http(s)://host[:port] without a path; false with a message in why. */
bool headers_origins_valid(const char *list, char *why, size_t why_len);

#endif
