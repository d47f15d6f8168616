/* dblog.c — the store's log line: a message of libpq or of the store, with
 * the SQLSTATE when there is one (see db_internal.h). */
#include "db_internal.h"

#include <jansson.h>
#include <string.h>

#include "wvlv/utf8.h"

/* A JSON string of msg without trailing newlines; bytes that are not valid
 * UTF-8 become U+FFFD (libpq text is in the client encoding). */
static json_t *db_log_string(const char *msg)
{
	size_t n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
		n--;
	return wvlv_json_textn(msg, n);
}

void wvlv_db_log(wvlv_log_level level, const char *msg, const char *sqlstate)
{
	json_t *fields = json_pack("{s:o*}", "msg", db_log_string(msg ? msg : ""));
	if (fields && sqlstate && *sqlstate)
		json_object_set_new(fields, "sqlstate", json_string(sqlstate));
	wvlv_log_fields(level, fields);
}
