/* metrics.h — the Prometheus text exposition of `wvlv serve` (docs/metrics.md
 * lists every metric with its type and labels).
 *
 * Requests are counted when they end (listener.c) by route TEMPLATE (never
 * the raw path: the label values are the route table's, plus "(unmatched)"),
 * method and status, with a latency histogram per route and method; the
 * counters are atomics, so counting costs no lock.  A scrape adds what is
 * read when it happens: connections (limits.h), the database pools and the
 * nightly jobs' last runs (wvlv/app_metrics.h), the OGC cache
 * (ogc_cache.h), the process (/proc/self) and the build.
 *
 * Served at GET /metrics on WVLV_LISTEN, or, when WVLV_METRICS_LISTEN is set,
 * only on that address (a small listener of its own; /metrics on WVLV_LISTEN
 * is then 404), so that it can stay on an internal interface.
 */
#ifndef WVLV_SERVER_METRICS_H
#define WVLV_SERVER_METRICS_H

#include <stdbool.h>
#include <stddef.h>

#include "http.h"
#include "wvlv/strbuf.h"

#define METRICS_CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"

/* Make room for the counters of the route table (before the listener starts). */
bool metrics_init(void);
void metrics_free(void);

/* A request arrived (in flight until metrics_request_end). */
void metrics_request_begin(void);
/* It ended: route NULL when none matched; status 0 when no answer was sent. */
void metrics_request_end(const http_route *route, const char *method, int status,
			 double seconds);
/* A connection over the limits was answered 503 or 429 (limits.h). */
void metrics_refused(int status);

/* The whole exposition, with srv's pools and jobs. */
void metrics_render(wvlv_strbuf *out, http_server *srv);

/* GET /metrics on WVLV_LISTEN (404 when WVLV_METRICS_LISTEN is set). */
wvlv_status handle_metrics(http_req *req, wvlv_error *err);

/* The listener of WVLV_METRICS_LISTEN ("host:port", "[v6]:port"); true when
 * it is not set.  false with a message when it cannot listen. */
bool metrics_listen_start(http_server *srv);
void metrics_listen_stop(void);

/* The process figures (RSS, CPU, open files; metrics_process.c) appended to o. */
void metrics_process(wvlv_strbuf *o);

#endif
