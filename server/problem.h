/* problem.h — RFC 9457 problem details: the one place errors become HTTP. */
#ifndef WVLV_SERVER_PROBLEM_H
#define WVLV_SERVER_PROBLEM_H

#include <jansson.h>
#include "wvlv/status.h"

/* HTTP status for a library status. */
int problem_http_status(wvlv_status status);

/* {type, title, status, detail, instance, code[, invalidParams]}.
 * err may be NULL (then no invalidParams).  Bytes of the detail, the instance
 * (a request path) or a parameter's name and reason that are not UTF-8 are
 * written as U+FFFD (wvlv/utf8.h); NULL only when memory ran out. */
json_t *problem_json(int http_status, const char *code, const char *detail, const char *instance,
		     const wvlv_error *err);

#endif
