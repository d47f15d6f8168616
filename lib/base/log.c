/* log.c — JSON log lines on stderr (see wvlv/log.h). */
#include "wvlv/log.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wvlv/utf8.h"

static const wvlv_log_level min_level = WVLV_LOG_INFO;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static const char *const level_names[] = { "debug", "info", "warn", "error" };

static void log_now_rfc3339(char buf[32])
{
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	size_t n = strftime(buf, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, 32 - n, ".%03ldZ", ts.tv_nsec / 1000000);
}

/* The line with its newline, written in one call: stderr is unbuffered, and
 * one fwrite is one write, so lines of other writers cannot land inside. */
static void log_write(const json_t *obj)
{
	char *line = json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
	if (!line)
		return;
	size_t len = strlen(line);
	char *with_newline = realloc(line, len + 2);
	if (!with_newline) {
		free(line);
		return;
	}
	with_newline[len] = '\n';
	with_newline[len + 1] = '\0';
	pthread_mutex_lock(&log_lock);
	fwrite(with_newline, 1, len + 1, stderr);
	fflush(stderr);
	pthread_mutex_unlock(&log_lock);
	free(with_newline);
}

void wvlv_log_fields(wvlv_log_level level, json_t *fields)
{
	if (!fields)
		return;
	if (level < min_level) {
		json_decref(fields);
		return;
	}
	char ts[32];
	log_now_rfc3339(ts);
	json_t *obj = json_pack("{s:s, s:s}", "time", ts, "level", level_names[level]);
	if (obj && json_object_update(obj, fields) == 0)
		log_write(obj);
	json_decref(obj);
	json_decref(fields);
}

void wvlv_log(wvlv_log_level level, const char *fmt, ...)
{
	if (level < min_level)
		return;
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	wvlv_log_fields(level, json_pack("{s:o}", "msg", wvlv_json_text(msg)));
}

void wvlv_log_request(const char *request_id, const char *client_request_id, const char *method,
		      const char *path, int status, double ms)
{
	json_t *f = json_pack("{s:o, s:o, s:o, s:i, s:f}", "requestId", wvlv_json_text(request_id),
			      "method", wvlv_json_text(method), "path", wvlv_json_text(path),
			      "status", status, "ms", ms);
	if (f && client_request_id && *client_request_id)
		json_object_set_new(f, "clientRequestId", wvlv_json_text(client_request_id));
	wvlv_log_fields(status >= 500 ? WVLV_LOG_ERROR : WVLV_LOG_INFO, f);
}
