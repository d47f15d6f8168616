/* framing.c — requests refused before routing (see framing.h). */
#include "framing.h"

#include <microhttpd.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "host.h"
#include "problem.h"
#include "wvlv/utf8.h"

char framing_too_many_params_mark;

void *framing_uri_log(void *cls, const char *uri, struct MHD_Connection *conn)
{
	(void)cls;
	(void)conn;
	char *q = strchr(uri, '?');
	if (!q)
		return NULL;
	int n = 1;
	for (const char *p = q + 1; *p; p++)
		n += *p == '&';
	if (n <= FRAMING_MAX_QUERY_PARAMS)
		return NULL;
	/* The URI lies in libmicrohttpd's read buffer, which it cuts itself at
	 * the '?' next: an empty query leaves no parameter to store. */
	q[1] = '\0';
	return FRAMING_TOO_MANY_PARAMS;
}

/* ---- the checks ------------------------------------------------------------ */

typedef struct header_count {
	const char *name;
	int         n;
} header_count;

static enum MHD_Result count_header(void *cls, enum MHD_ValueKind kind, const char *key,
				    const char *value)
{
	(void)kind;
	(void)value;
	header_count *c = cls;
	if (strcasecmp(key, c->name) == 0)
		c->n++;
	return MHD_YES;
}

static int header_times(http_req *req, const char *name)
{
	header_count c = { name, 0 };
	MHD_get_connection_values(req->conn, MHD_HEADER_KIND, count_header, &c);
	return c.n;
}

typedef struct bad_arg {
	const char *name;
} bad_arg;

static enum MHD_Result find_bad_arg(void *cls, enum MHD_ValueKind kind, const char *key,
				    size_t key_size, const char *value, size_t value_size)
{
	(void)kind;
	bad_arg *b = cls;
	if (wvlv_utf8_valid(key, key_size) && (!value || wvlv_utf8_valid(value, value_size)))
		return MHD_YES;
	b->name = key;
	return MHD_NO;
}

static void refuse(http_req *req, const char *code, const char *param, const char *detail)
{
	wvlv_error err;
	wvlv_error_clear(&err);
	wvlv_error_set(&err, WVLV_EBADREQ, code, "%s", detail);
	if (param)
		wvlv_error_add_param(&err, param, code, "%s", detail);
	http_add_header(req, "Connection", "close");
	http_reply_error(req, &err);
	http_send(req);
}

/* The query parameter or header whose bytes are not UTF-8 (its name made
 * readable), or NULL. */
static const char *bad_encoding(http_req *req)
{
	bad_arg b = { NULL };
	MHD_get_connection_values_n(req->conn, MHD_GET_ARGUMENT_KIND, find_bad_arg, &b);
	if (b.name)
		return b.name; /* shown with U+FFFD for its bad bytes (problem.c) */
	const char *key = http_header(req, "Idempotency-Key");
	if (key && !wvlv_utf8_valid(key, strlen(key)))
		return "Idempotency-Key";
	return NULL;
}

bool framing_refused(http_req *req, const char *version, bool too_many_params)
{
	const char *host = http_header(req, "Host");
	const char *bad;
	char d[160];
	if (header_times(req, MHD_HTTP_HEADER_CONTENT_LENGTH) > 1 ||
	    (header_times(req, MHD_HTTP_HEADER_CONTENT_LENGTH) &&
	     header_times(req, MHD_HTTP_HEADER_TRANSFER_ENCODING)))
		refuse(req, "invalid-content-length", NULL,
		       "Send one Content-Length header, or Transfer-Encoding alone.");
	else if (!host && version && strcmp(version, MHD_HTTP_VERSION_1_1) == 0)
		refuse(req, "missing-host", NULL, "An HTTP/1.1 request must have a Host header.");
	else if (host && (header_times(req, MHD_HTTP_HEADER_HOST) > 1 || !host_valid(host)))
		refuse(req, "invalid-host", "Host",
		       "Host must be one host name or IP address with an optional :port.");
	else if (too_many_params) {
		snprintf(d, sizeof(d), "A request may have at most %d query parameters.",
			 FRAMING_MAX_QUERY_PARAMS);
		refuse(req, "too-many-parameters", NULL, d);
	} else if ((bad = bad_encoding(req))) {
		snprintf(d, sizeof(d), "%s is not UTF-8 text (a byte that is not UTF-8, or a NUL).", bad);
		refuse(req, "invalid-encoding", bad, d);
	} else {
		return false;
	}
	return true;
}
