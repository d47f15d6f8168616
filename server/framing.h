/* framing.h — what is wrong with a request before any route sees it: its
 * framing (Content-Length, Transfer-Encoding), its Host, the number of its
 * query parameters and the encoding of its query and Idempotency-Key.
 *
 * libmicrohttpd 0.9.75 takes the first of two Content-Length headers, answers
 * an HTTP/1.1 request without Host, and runs out of its connection memory on
 * a thousand query parameters (closing with no answer); these checks answer
 * each with a problem instead (docs/architecture.md, "HTTP framing").
 */
#ifndef WVLV_SERVER_FRAMING_H
#define WVLV_SERVER_FRAMING_H

#include <stdbool.h>

#include "http.h"

/* At most this many query parameters; more is 400 too-many-parameters. */
#define FRAMING_MAX_QUERY_PARAMS 64

/* libmicrohttpd's URI log callback (MHD_OPTION_URI_LOG_CALLBACK): runs on the
 * request line, before libmicrohttpd splits the query.  Over the limit, the
 * query is cut (libmicrohttpd then stores none of it) and the request's
 * context starts as FRAMING_TOO_MANY_PARAMS; else NULL. */
void *framing_uri_log(void *cls, const char *uri, struct MHD_Connection *conn);
extern char framing_too_many_params_mark;
#define FRAMING_TOO_MANY_PARAMS ((void *)&framing_too_many_params_mark)

/* Check the request when its headers are in (version: "HTTP/1.1"); when it
 * is refused, the problem is made and sent and true is returned.  400
 * invalid-content-length (two Content-Length headers, or one with
 * Transfer-Encoding), missing-host / invalid-host, too-many-parameters,
 * invalid-encoding (query or Idempotency-Key not UTF-8). */
bool framing_refused(http_req *req, const char *version, bool too_many_params);

#endif
