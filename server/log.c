/* log.c — JSON log lines on stderr (see log.h). */
#include "log.h"

#include <jansson.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static const log_level min_level = LOG_INFO;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static const char *level_names[] = { "debug", "info", "warn", "error" };

static void now_rfc3339(char buf[32])
{
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	size_t n = strftime(buf, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, 32 - n, ".%03ldZ", ts.tv_nsec / 1000000);
}

static void emit(json_t *obj)
{
	char *line = json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
	json_decref(obj);
	if (!line)
		return;
	pthread_mutex_lock(&log_lock);
	fprintf(stderr, "%s\n", line); /* one call: lines of other writers cannot land inside */
	fflush(stderr);
	pthread_mutex_unlock(&log_lock);
	free(line);
}

void log_msg(log_level level, const char *fmt, ...)
{
	if (level < min_level)
		return;
	char msg[1024], ts[32];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	now_rfc3339(ts);
	emit(json_pack("{s:s, s:s, s:s}", "time", ts, "level", level_names[level], "msg", msg));
}

void log_request(const char *request_id, const char *method, const char *path, int status,
		 double ms)
{
	if (LOG_INFO < min_level)
		return;
	char ts[32];
	now_rfc3339(ts);
	emit(json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:f}", "time", ts, "level",
		       status >= 500 ? "error" : "info", "requestId", request_id, "method",
		       method ? method : "", "path", path ? path : "", "status", status, "ms", ms));
}
