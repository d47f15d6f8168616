/* dispatch.h — the one way from a request to its answer.
 *
 * dispatch_route() matches the route when the headers are in (the body limit
 * depends on it).  dispatch() runs when the whole request is in: 404/405 for
 * an unknown path or method, 413 for a body over the limit, then
 * authentication (auth.h), then 415 for a body that is not JSON, then the
 * route's handler with the request's wvlv_request (its caller, today, a POST's
 * Idempotency-Key).  A handler that fails returns its error; dispatch rolls
 * back the transaction its use case left open (wvlv_request_end) and writes
 * the problem (problem.h) — no handler writes an error reply itself.  A
 * replayed Idempotency-Key gets its first answer again.
 */
#ifndef WVLV_SERVER_DISPATCH_H
#define WVLV_SERVER_DISPATCH_H

#include "http.h"

void dispatch_route(http_req *req);
void dispatch(http_req *req);

/* 413: the body is larger than the route's limit. */
void dispatch_body_too_large(http_req *req);

#endif
