/* dispatch.c — from a request that has arrived to its answer: match the
 * route, check the body, authenticate, call the handler, and write the
 * problem when it fails (see dispatch.h). */
#include "dispatch.h"
#include "wvlv/hash.h"
#include "wvlv/strbuf.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <microhttpd.h>

#include "auth.h"
#include "params.h"

/* ---- routing ------------------------------------------------------------ */

/* Match one pattern against a path; fills path params. */
static bool route_match(const char *pattern, const char *path, const char **params,
			wvlv_arena *arena)
{
	int np = 0;
	const char *p = pattern, *s = path;
	while (*p && *s) {
		if (*p != '/' || *s != '/')
			return false;
		p++;
		s++;
		const char *pe = strchr(p, '/');
		const char *se = strchr(s, '/');
		size_t pl = pe ? (size_t)(pe - p) : strlen(p);
		size_t sl = se ? (size_t)(se - s) : strlen(s);
		if (p[0] == '{') {
			if (sl == 0 || np >= HTTP_MAX_PATH_PARAMS)
				return false;
			params[np++] = wvlv_arena_strndup(arena, s, sl);
		} else if (pl != sl || strncmp(p, s, pl) != 0) {
			return false;
		}
		p += pl;
		s += sl;
	}
	return *p == '\0' && *s == '\0';
}

static void allow_add(char *allow, size_t allow_len, const char *method)
{
	if (strlen(allow) + strlen(method) + 3 < allow_len) {
		if (allow[0])
			strcat(allow, ", ");
		strcat(allow, method);
	}
}

/* Find the route (HEAD takes the GET route: libmicrohttpd sends the same
 * headers without the body); *allow lists the methods whose pattern matches
 * the path ("" when none does). */
static const http_route *route_find(http_req *req, char *allow, size_t allow_len)
{
	const http_route *found = NULL;
	const char *method = strcmp(req->method, "HEAD") == 0 ? "GET" : req->method;
	allow[0] = '\0';
	const char *params[HTTP_MAX_PATH_PARAMS];
	for (size_t i = 0; i < http_nroutes; i++) {
		const http_route *r = &http_routes[i];
		if (!route_match(r->pattern, req->path, params, req->arena))
			continue;
		allow_add(allow, allow_len, r->method);
		if (strcmp(r->method, "GET") == 0)
			allow_add(allow, allow_len, "HEAD");
		if (!found && strcmp(r->method, method) == 0) {
			found = r;
			memcpy((void *)req->path_params, params, sizeof(params));
		}
	}
	if (allow[0])
		allow_add(allow, allow_len, "OPTIONS"); /* every path answers it (headers.h) */
	return found;
}

void dispatch_route(http_req *req)
{
	char allow[96];
	/* /ogc/v1/… with trailing slashes is the resource without them (as clients write it) */
	size_t n = strlen(req->path);
	if (n > 7 && !strncmp(req->path, "/ogc/v1/", 8)) {
		while (n > 7 && req->path[n - 1] == '/')
			n--;
		req->path = wvlv_arena_strndup(req->arena, req->path, n);
	}
	req->route = route_find(req, allow, sizeof(allow));
	req->allow = !req->route && allow[0] ? wvlv_arena_strdup(req->arena, allow) : NULL;
	req->max_body = req->route && (req->route->flags & ROUTE_GEOMETRY)
				? req->srv->cfg->max_geometry_body
				: req->srv->cfg->max_body;
}

/* ---- the answer ----------------------------------------------------------- */

static bool content_type_ok(http_req *req)
{
	const char *ct = http_header(req, MHD_HTTP_HEADER_CONTENT_TYPE);
	if (!ct)
		return false;
	size_t n = strcspn(ct, "; \t");
	if (n == 16 && strncasecmp(ct, "application/json", 16) == 0)
		return true;
	if ((req->route->flags & ROUTE_MERGEPATCH) && n == 28 &&
	    strncasecmp(ct, "application/merge-patch+json", 28) == 0)
		return true;
	return false;
}

void dispatch_body_too_large(http_req *req)
{
	char d[128];
	snprintf(d, sizeof(d), "The request body is larger than the limit of %zu bytes.",
		 req->max_body);
	http_reply_problem(req, 413, "body-too-large", d);
}

/* 404, 405 or 413 before anything else; false when the request may go on. */
static bool refused(http_req *req)
{
	if (!req->route && req->allow && strcmp(req->method, "OPTIONS") == 0) {
		http_reply_options(req); /* 204 with Allow, and CORS for a preflight */
	} else if (!req->route && req->allow) {
		http_add_header(req, "Allow", req->allow);
		http_reply_problem(req, 405, "method-not-allowed",
				   "This resource does not support that method.");
	} else if (!req->route) {
		http_reply_problem(req, 404, "not-found", "There is no resource at this path.");
	} else if (req->body_too_large) {
		dispatch_body_too_large(req);
	} else {
		return false;
	}
	return true;
}

/* 415 for a body that is not JSON (checked after authentication); false when
 * the request may go on. */
static bool refused_media_type(http_req *req)
{
	if (!(req->route->flags & ROUTE_BODY) || content_type_ok(req))
		return false;
	http_reply_problem(req, 415, "unsupported-media-type",
			   (req->route->flags & ROUTE_MERGEPATCH)
				   ? "Send the body as application/json or application/merge-patch+json."
				   : "Send the body as application/json.");
	return true;
}

static enum MHD_Result hash_query_arg(void *cls, enum MHD_ValueKind kind, const char *key,
				      size_t key_size, const char *value, size_t value_size)
{
	(void)kind;
	/* lengths first: "a=b&c" and "a=b%26c" must not hash alike */
	wvlv_strbuf_appendf(cls, "%zu:%zu:", key_size, value ? value_size : (size_t)-1);
	wvlv_strbuf_append(cls, key, key_size);
	if (value)
		wvlv_strbuf_append(cls, value, value_size);
	return MHD_YES;
}

/* SHA-256 of method, path, query parameters (in order) and body as hex: what
 * an Idempotency-Key is tied to. */
static const char *request_hash(http_req *req)
{
	char *out = wvlv_arena_alloc(req->arena, WVLV_SHA256_HEXLEN);
	wvlv_strbuf *q = wvlv_strbuf_new(req->arena);
	MHD_get_connection_values_n(req->conn, MHD_GET_ARGUMENT_KIND, hash_query_arg, q);
	size_t qlen = wvlv_strbuf_len(q);
	/* without a query the hash is what it was before queries counted */
	const wvlv_hash_part parts[] = { { req->method, strlen(req->method) }, { " ", 1 },
					 { req->path, strlen(req->path) }, { "?", qlen ? 1 : 0 },
					 { wvlv_strbuf_text(q), qlen }, { "\n", 1 },
					 { req->body, req->body_len } };
	wvlv_sha256_parts_hex(parts, 7, out);
	return out;
}

/* What the use case works for: the caller, today, and for a POST its
 * Idempotency-Key. */
static void request_for_app(http_req *req)
{
	req->app = (wvlv_request){ .app = req->srv->app, .arena = req->arena,
				   .caller = &req->caller, .today = wvlv_date_today_amsterdam() };
	if (strcmp(req->method, "POST") == 0 &&
	    (req->app.idempotency_key = http_header(req, "Idempotency-Key")))
		req->app.request_hash = request_hash(req);
}

/* Authenticate, run the handler, and on failure write the problem. */
static void answer(http_req *req)
{
	wvlv_error err;
	wvlv_error_clear(&err);
	request_for_app(req); /* the token is checked in the request's transaction */
	wvlv_status st = auth_authenticate(req, &err);
	if (st == WVLV_OK && refused_media_type(req)) {
		wvlv_request_end(&req->app);
		return;
	}
	if (st == WVLV_OK)
		st = params_check(req, &err); /* 400 unknown-parameter */
	if (st == WVLV_OK)
		st = req->route->handler(req, &err);
	wvlv_request_end(&req->app); /* rolls back what a failed use case left open */
	if (st == WVLV_OK && req->app.replayed)
		http_reply_replayed(req, &req->app.first);
	else if (st == WVLV_OK && !req->status)
		st = wvlv_error_set(&err, WVLV_EINTERNAL, WVLV_CODE_INTERNAL,
				    "the handler for %s %s made no reply", req->method,
				    req->route->pattern);
	if (st != WVLV_OK) {
		if (err.status == WVLV_OK)
			err.status = st;
		http_reply_error(req, &err);
	}
}

void dispatch(http_req *req)
{
	if (!refused(req))
		answer(req);
	http_send(req);
}
