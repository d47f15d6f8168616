/* log.h — the one logger: a JSON object per line on stderr.
 *
 * Every line starts with "time" (RFC 3339 UTC, milliseconds) and "level"
 * ("debug", "info", "warn", "error"); what follows depends on the line:
 *   {"time","level","msg"}                                   wvlv_log, log_*
 *   {"time","level","msg"[,"sqlstate"]}                      the store (wvlv_db_log)
 *   {"time","level","msg":"request","requestId"[,"clientRequestId"],"client","method",
 *    "route","path","status","bytes","durationMs"[,"token","municipality","userAgent",
 *    "traceparent"]}                                          one per HTTP request
 * Lines below "info" are not written.  A line is written with one call under
 * one lock, so lines of concurrent threads never interleave.  Text that is
 * not UTF-8 (a request path with "%FF", a message cut inside a character)
 * is written with U+FFFD for the bad bytes (wvlv/utf8.h), not dropped.
 */
#ifndef WVLV_LOG_H
#define WVLV_LOG_H

#include <jansson.h>
#include "wvlv/status.h"

typedef enum wvlv_log_level {
	WVLV_LOG_DEBUG = 0,
	WVLV_LOG_INFO,
	WVLV_LOG_WARN,
	WVLV_LOG_ERROR
} wvlv_log_level;

/* {"time","level","msg"}, msg printf-formatted (at most 1023 bytes). */
void wvlv_log(wvlv_log_level level, const char *fmt, ...) WVLV_PRINTF(2, 3);

/* {"time","level", …fields}: the members of the JSON object `fields`, in
 * their order, after time and level.  Takes the reference; NULL writes
 * nothing (a json_pack that failed). */
void wvlv_log_fields(wvlv_log_level level, json_t *fields);

/* What the line of one HTTP request says.  NULL or "" optional members are
 * left out of the line; route is null when no route matched. */
typedef struct wvlv_access_entry {
	const char *request_id;         /* the server's own */
	const char *client_request_id;  /* a well-formed X-Request-Id the client sent */
	const char *client;             /* the client's address (a trusted proxy's
					   X-Forwarded-For, see server/proxy.h) */
	const char *method;
	const char *route;              /* the route's template, "/api/v1/designations/{id}" */
	const char *path;               /* the path as sent (without the query) */
	int         status;             /* 0: no answer was sent */
	size_t      bytes;              /* of the body */
	double      ms;                 /* from the request head to the end */
	const char *token;              /* the token's label (never the token) */
	const char *municipality;       /* the caller's, or "national" */
	const char *user_agent;
	const char *traceparent;        /* a well-formed W3C traceparent */
} wvlv_access_entry;

/* The line of one HTTP request: level "error" for a status of 500 and up,
 * else "info". */
void wvlv_log_access(const wvlv_access_entry *e);

/* From now on write "wvlv CMD: message" lines (warnings and errors with
 * "warning: "/"error: " before the message) instead of JSON: for a CLI
 * command whose stderr is a terminal (server/main.c).  `wvlv serve` and
 * every command whose stderr is a file or a pipe keep the JSON lines. */
void wvlv_log_plain(const char *command);

#define log_error(...) wvlv_log(WVLV_LOG_ERROR, __VA_ARGS__)
#define log_warn(...)  wvlv_log(WVLV_LOG_WARN, __VA_ARGS__)
#define log_info(...)  wvlv_log(WVLV_LOG_INFO, __VA_ARGS__)

#endif /* WVLV_LOG_H */
