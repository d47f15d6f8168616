/* log.h — one JSON object per line on stderr. */
#ifndef WVLV_SERVER_LOG_H
#define WVLV_SERVER_LOG_H

#include "wvlv/status.h"

typedef enum log_level { LOG_DEBUG = 0, LOG_INFO, LOG_WARN, LOG_ERROR } log_level;

/* {"time":…,"level":…,"msg":…} */
void log_msg(log_level level, const char *fmt, ...) WVLV_PRINTF(2, 3);
/* A request line: {"time","level","requestId","method","path","status","ms"}. */
void log_request(const char *request_id, const char *method, const char *path, int status,
		 double ms);

#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...)  log_msg(LOG_INFO, __VA_ARGS__)

#endif
