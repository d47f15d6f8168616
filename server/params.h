/* params.h — query parameters a route does not take are refused.
 *
 * Each route of the table (server/routes.c) lists the query parameters it
 * takes; that list is the one place that says so (tests/e2e/test_openapi.c
 * compares it with the parameters openapi.yaml documents).  Any other name →
 * 400 `unknown-parameter`, naming each unknown one in invalidParams and
 * listing the accepted ones, before the handler runs: `?statuss=expired`
 * no longer returns the whole list.  A route with params NULL is not checked
 * (/healthz, /readyz: probes may add a cache-buster). */
#ifndef WVLV_SERVER_PARAMS_H
#define WVLV_SERVER_PARAMS_H

#include "http.h"

/* WVLV_OK, or WVLV_EBADREQ with err set when the query names a parameter
 * req->route does not take. */
wvlv_status params_check(http_req *req, wvlv_error *err);

#endif
