/* log.c — JSON log lines on stderr (see wvlv/log.h). */
#include "wvlv/log.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wvlv/utf8.h"

static const wvlv_log_level min_level = WVLV_LOG_INFO;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static const char *const level_names[] = { "debug", "info", "warn", "error" };
static char plain_command[32]; /* "": JSON lines */

void wvlv_log_plain(const char *command)
{
	snprintf(plain_command, sizeof(plain_command), "%s", command ? command : "");
}

/* "wvlv CMD: [warning: |error: ]msg" and any other members as name=value. */
static void log_write_plain(wvlv_log_level level, const json_t *fields)
{
	const char *msg = json_string_value(json_object_get(fields, "msg"));
	pthread_mutex_lock(&log_lock);
	fprintf(stderr, "wvlv %s: %s%s", plain_command,
		level == WVLV_LOG_ERROR ? "error: " : level == WVLV_LOG_WARN ? "warning: " : "",
		msg ? msg : "");
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)(uintptr_t)fields, key, v) {
		if (strcmp(key, "msg") == 0)
			continue;
		char *text = json_is_string(v) ? NULL : json_dumps(v, JSON_ENCODE_ANY);
		fprintf(stderr, " (%s %s)", key, text ? text : json_string_value(v));
		free(text);
	}
	fputc('\n', stderr);
	fflush(stderr);
	pthread_mutex_unlock(&log_lock);
}

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
	if (plain_command[0]) {
		log_write_plain(level, fields);
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

static void set_text(json_t *f, const char *key, const char *v)
{
	if (v && *v)
		json_object_set_new(f, key, wvlv_json_text(v));
}

void wvlv_log_access(const wvlv_access_entry *e)
{
	json_t *f = json_pack("{s:s, s:o}", "msg", "request", "requestId",
			      wvlv_json_text(e->request_id ? e->request_id : ""));
	if (!f)
		return;
	set_text(f, "clientRequestId", e->client_request_id);
	json_object_set_new(f, "client", wvlv_json_text(e->client ? e->client : ""));
	json_object_set_new(f, "method", wvlv_json_text(e->method ? e->method : ""));
	json_object_set_new(f, "route", e->route ? wvlv_json_text(e->route) : json_null());
	json_object_set_new(f, "path", wvlv_json_text(e->path ? e->path : ""));
	json_object_set_new(f, "status", json_integer(e->status));
	json_object_set_new(f, "bytes", json_integer((json_int_t)e->bytes));
	json_object_set_new(f, "durationMs", json_real((double)(long long)(e->ms * 1000) / 1000));
	set_text(f, "token", e->token);
	set_text(f, "municipality", e->municipality);
	set_text(f, "userAgent", e->user_agent);
	set_text(f, "traceparent", e->traceparent);
	wvlv_log_fields(e->status >= 500 ? WVLV_LOG_ERROR : WVLV_LOG_INFO, f);
}
