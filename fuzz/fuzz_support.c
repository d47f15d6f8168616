/* fuzz_support.c — the fake request of the harnesses (see fuzz.h). */
#include "fuzz.h"
#include "input.h"

#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "problem.h"

typedef struct fake_conn {
	int         n;
	int         kind[FUZZ_MAX_VALUES];
	const char *key[FUZZ_MAX_VALUES];
	const char *value[FUZZ_MAX_VALUES];
} fake_conn;

static wvlv_config fuzz_cfg;
static http_server fuzz_srv;
static int fuzz_ready;

http_req *fuzz_req_new(void)
{
	if (!fuzz_ready) {
		if (!wvlv_config_from_env(&fuzz_cfg))
			abort();
		fuzz_srv.cfg = &fuzz_cfg;
		fuzz_ready = 1;
	}
	wvlv_arena *arena = wvlv_arena_create();
	http_req *req = wvlv_arena_alloc(arena, sizeof(*req));
	req->srv = &fuzz_srv;
	req->arena = arena;
	req->conn = wvlv_arena_alloc(arena, sizeof(fake_conn));
	req->method = "POST";
	req->path = "/api/v1/fuzz";
	req->max_body = fuzz_cfg.max_geometry_body;
	strcpy(req->request_id, "fuzz");
	req->app.arena = arena;
	req->app.caller = &req->caller;
	req->app.today = wvlv_date_from_ymd(2026, 3, 2);
	return req;
}

void fuzz_req_free(http_req *req)
{
	if (req->response)
		MHD_destroy_response(req->response);
	wvlv_arena_destroy(req->arena);
}

void fuzz_req_body(http_req *req, const uint8_t *data, size_t n)
{
	req->body = wvlv_arena_alloc(req->arena, n + 1);
	if (n)
		memcpy(req->body, data, n);
	req->body_len = n;
}

char *fuzz_cstr(http_req *req, const uint8_t *data, size_t n)
{
	const uint8_t *nul = memchr(data, 0, n);
	return wvlv_arena_strndup(req->arena, (const char *)data,
				  nul ? (size_t)(nul - data) : n);
}

static void add_value(http_req *req, int kind, const char *key, const char *value)
{
	fake_conn *c = (fake_conn *)req->conn;
	if (c->n >= FUZZ_MAX_VALUES)
		return;
	c->kind[c->n] = kind;
	c->key[c->n] = key;
	c->value[c->n] = value;
	c->n++;
}

void fuzz_req_param(http_req *req, const char *name, const char *value)
{
	add_value(req, MHD_GET_ARGUMENT_KIND, name, wvlv_arena_strdup(req->arena, value));
}

void fuzz_req_header(http_req *req, const char *name, const uint8_t *value, size_t n)
{
	add_value(req, MHD_HEADER_KIND, name, fuzz_cstr(req, value, n));
}

static int hex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decode the n bytes at s (a NUL decoded ends the text, as it ends a
 * C string for the server too). */
static char *decode(http_req *req, const char *s, size_t n)
{
	char *out = wvlv_arena_alloc(req->arena, n + 1), *o = out;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
			*o++ = (char)(hex(s[i + 1]) * 16 + hex(s[i + 2]));
			i += 2;
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	return out;
}

void fuzz_req_query(http_req *req, const uint8_t *data, size_t n)
{
	const char *s = fuzz_cstr(req, data, n);
	while (*s) {
		size_t len = strcspn(s, "&");
		const char *eq = memchr(s, '=', len);
		size_t klen = eq ? (size_t)(eq - s) : len;
		const char *value = eq ? decode(req, eq + 1, len - klen - 1) : NULL;
		add_value(req, MHD_GET_ARGUMENT_KIND, decode(req, s, klen), value);
		s += len;
		if (*s == '&')
			s++;
	}
}

void fuzz_render_problem(http_req *req, const wvlv_error *err)
{
	int status = problem_http_status(err->status);
	json_t *p = problem_json(status, err->code[0] ? err->code : "error", err->detail, req->path,
				 err);
	char *text = p ? json_dumps(p, JSON_COMPACT) : NULL;
	if (!text)
		abort(); /* the problem of a refusal must always be writable */
	free(text);
	json_decref(p);
}

/* ---- libmicrohttpd's request accessors, over the fake connection ---- */

/* The index of the first value of `kind` named key (key_size bytes; header
 * names compared without case, as MHD does), or -1. */
static int find_value(const fake_conn *c, enum MHD_ValueKind kind, const char *key,
		      size_t key_size)
{
	for (int i = 0; i < c->n; i++) {
		if (!(c->kind[i] & (int)kind) || strlen(c->key[i]) != key_size)
			continue;
		if (kind == MHD_HEADER_KIND ? !strncasecmp(c->key[i], key, key_size)
					    : !strncmp(c->key[i], key, key_size))
			return i;
	}
	return -1;
}

const char *MHD_lookup_connection_value(struct MHD_Connection *connection,
					enum MHD_ValueKind kind, const char *key)
{
	const fake_conn *c = (const fake_conn *)connection;
	int i = key ? find_value(c, kind, key, strlen(key)) : -1;
	return i < 0 ? NULL : c->value[i];
}

/* Call it (or itn, with sizes) on each value of kind; how many there are. */
static int each_value(const fake_conn *c, enum MHD_ValueKind kind, MHD_KeyValueIterator it,
		      MHD_KeyValueIteratorN itn, void *cls)
{
	int n = 0;
	for (int i = 0; i < c->n; i++) {
		if (!(c->kind[i] & (int)kind))
			continue;
		n++;
		enum MHD_ValueKind k = (enum MHD_ValueKind)c->kind[i];
		const char *v = c->value[i];
		if ((it && it(cls, k, c->key[i], v) != MHD_YES) ||
		    (itn && itn(cls, k, c->key[i], strlen(c->key[i]), v, v ? strlen(v) : 0) != MHD_YES))
			break;
	}
	return n;
}

int MHD_get_connection_values(struct MHD_Connection *connection, enum MHD_ValueKind kind,
			      MHD_KeyValueIterator iterator, void *iterator_cls)
{
	return each_value((const fake_conn *)connection, kind, iterator, NULL, iterator_cls);
}

/* The same with sizes (values here end at their first NUL, as decoded). */
enum MHD_Result MHD_lookup_connection_value_n(struct MHD_Connection *connection,
					      enum MHD_ValueKind kind, const char *key,
					      size_t key_size, const char **value_ptr,
					      size_t *value_size_ptr)
{
	const fake_conn *c = (const fake_conn *)connection;
	int i = find_value(c, kind, key, key_size);
	if (i < 0)
		return MHD_NO;
	if (value_ptr)
		*value_ptr = c->value[i];
	if (value_size_ptr)
		*value_size_ptr = c->value[i] ? strlen(c->value[i]) : 0;
	return MHD_YES;
}

int MHD_get_connection_values_n(struct MHD_Connection *connection, enum MHD_ValueKind kind,
				MHD_KeyValueIteratorN iterator, void *iterator_cls)
{
	return each_value((const fake_conn *)connection, kind, NULL, iterator, iterator_cls);
}

json_t *fuzz_body(const uint8_t *data, size_t n, http_req **req, wvlv_error *err)
{
	*req = fuzz_req_new();
	wvlv_error_clear(err);
	fuzz_req_body(*req, data, n);
	return input_body_object(*req, err);
}

void fuzz_done(http_req *req, const wvlv_error *err)
{
	if (err->status != WVLV_OK)
		fuzz_render_problem(req, err);
	fuzz_req_free(req);
}
