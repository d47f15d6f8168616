/* log.h — the one logger: a JSON object per line on stderr.
 *
 * Every line starts with "time" (RFC 3339 UTC, milliseconds) and "level"
 * ("debug", "info", "warn", "error"); what follows depends on the line:
 *   {"time","level","msg"}                                   wvlv_log, log_*
 *   {"time","level","msg"[,"sqlstate"]}                      the store (wvlv_db_log)
 *   {"time","level","requestId","method","path","status","ms"[,"clientRequestId"]}
 *                                                             one per HTTP request
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

/* The line of one HTTP request: level "error" for a status of 500 and up,
 * else "info"; method and path may be NULL ("").  requestId is the server's
 * own; a client's X-Request-Id (client_request_id, NULL or "" when none or
 * not well-formed) follows "ms" as "clientRequestId". */
void wvlv_log_request(const char *request_id, const char *client_request_id, const char *method,
		      const char *path, int status, double ms);

#define log_error(...) wvlv_log(WVLV_LOG_ERROR, __VA_ARGS__)
#define log_warn(...)  wvlv_log(WVLV_LOG_WARN, __VA_ARGS__)
#define log_info(...)  wvlv_log(WVLV_LOG_INFO, __VA_ARGS__)

#endif /* WVLV_LOG_H */
