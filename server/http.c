/* http.c — a request as handlers see it: its headers and query, and the
 * replies queued on it (see http.h). */
#include "http.h"

#include <microhttpd.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "wvlv/log.h"
#include "headers.h"
#include "host.h"
#include "problem.h"
#include "proxy.h"

const char *http_header(http_req *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

const char *http_query(http_req *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *http_base_url(http_req *req)
{
	if (req->srv->cfg->public_url) {
		const char *u = req->srv->cfg->public_url;
		size_t n = strlen(u);
		while (n > 0 && u[n - 1] == '/')
			n--;
		return wvlv_arena_strndup(req->arena, u, n);
	}
	const char *proto = "http", *host = http_header(req, "Host"), *prefix = "";
	if (req->via_proxy) { /* proxy.h */
		const char *fp = http_header(req, "X-Forwarded-Proto");
		const char *fh = http_header(req, "X-Forwarded-Host");
		const char *fx = http_header(req, "X-Forwarded-Prefix");
		proto = proxy_proto_valid(fp) ? (strcasecmp(fp, "https") ? "http" : "https") : proto;
		host = fh && host_valid(fh) ? fh : host;
		prefix = proxy_prefix_valid(fx) ? fx : prefix;
	}
	if (!host || !*host) /* checked by framing_refused: HTTP/1.0 may omit it */
		host = req->srv->cfg->listen;
	size_t np = strlen(prefix);
	while (np > 0 && prefix[np - 1] == '/')
		np--;
	return wvlv_arena_printf(req->arena, "%s://%s%.*s", proto, host, (int)np, prefix);
}

void http_add_header(http_req *req, const char *name, const char *value)
{
	if (req->nheaders >= HTTP_MAX_HEADERS)
		return;
	req->header_names[req->nheaders] = name;
	req->header_values[req->nheaders] = wvlv_arena_strdup(req->arena, value);
	req->nheaders++;
}

static void headers_request_of(http_req *req, headers_request *out)
{
	*out = (headers_request){
		.path = req->path,
		.method = req->method,
		.origin = http_header(req, "Origin"),
		.preflight = http_header(req, "Access-Control-Request-Method") != NULL,
		.cors_origins = req->srv->cfg->cors_origins,
		.public_gis = req->srv->cfg->public_gis,
		.set = req->header_names,
		.nset = req->nheaders,
	};
}

void http_reply_options(http_req *req)
{
	http_add_header(req, "Allow", req->allow);
	headers_request hr;
	headers_request_of(req, &hr);
	headers_preflight p;
	if (headers_preflight_of(&hr, req->allow, &p)) {
		http_add_header(req, "Access-Control-Allow-Methods", p.methods);
		http_add_header(req, "Access-Control-Allow-Headers", p.headers);
		http_add_header(req, "Access-Control-Max-Age", p.max_age);
	}
	http_reply_bytes(req, 204, NULL, "", 0);
}

/* Make the reply: the headers every response carries and those added for it. */
static void reply(http_req *req, int status, const char *content_type,
		  struct MHD_Response *resp, size_t len)
{
	if (!resp)
		return;
	MHD_add_response_header(resp, "API-Version", WVLV_API_VERSION);
	MHD_add_response_header(resp, "X-Request-Id", req->request_id);
	if (content_type)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, content_type);
	for (int i = 0; i < req->nheaders; i++)
		MHD_add_response_header(resp, req->header_names[i], req->header_values[i]);
	headers_request hr;
	headers_request_of(req, &hr);
	headers_add(&hr, resp, status); /* security, Cache-Control, CORS */
	if (req->response)
		MHD_destroy_response(req->response);
	req->response = resp;
	req->status = status;
	req->reply_bytes = len;
}

void http_send(http_req *req)
{
	if (!req->response)
		return;
	if (MHD_queue_response(req->conn, (unsigned)req->status, req->response) != MHD_YES)
		req->status = 0;
	MHD_destroy_response(req->response);
	req->response = NULL;
}

void http_reply_bytes(http_req *req, int status, const char *content_type, const char *bytes,
		      size_t len)
{
	reply(req, status, content_type,
	      MHD_create_response_from_buffer(len, (void *)(uintptr_t)bytes, MHD_RESPMEM_MUST_COPY),
	      len);
}

void http_reply_shared(http_req *req, int status, const char *content_type, const char *bytes,
		       size_t len, void (*release)(void *), void *cls)
{
	struct MHD_Response *resp = MHD_create_response_from_buffer_with_free_callback_cls(
		len, (void *)(uintptr_t)bytes, release, cls);
	if (!resp)
		release(cls);
	reply(req, status, content_type, resp, len);
}

static void http_reply_json_ct(http_req *req, int status, const char *content_type,
			       json_t *body)
{
	char *text = json_dumps(body, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12));
	json_decref(body);
	if (!text) {
		http_reply_bytes(req, 503, "text/plain", "out of memory\n", 14);
		return;
	}
	http_reply_bytes(req, status, content_type, text, strlen(text));
	free(text);
}

void http_reply_json(http_req *req, int status, json_t *body)
{
	http_reply_json_ct(req, status, "application/json", body);
}

wvlv_status http_answer(http_req *req, int status, json_t *body, wvlv_answer *out,
			wvlv_error *err)
{
	char *text = json_dumps(body, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12));
	json_decref(body);
	json_t *h = json_object();
	const char *base = http_base_url(req);
	size_t nbase = strlen(base);
	for (int i = 0; h && i < req->nheaders; i++) {
		const char *v = req->header_values[i];
		/* kept without the base URL, which comes from this request's Host:
		 * a replay puts its own in front (http_reply_replayed) */
		if (strcasecmp(req->header_names[i], "Location") == 0 &&
		    strncmp(v, base, nbase) == 0 && v[nbase] == '/')
			v += nbase;
		json_object_set_new(h, req->header_names[i], json_string(v));
	}
	char *headers = h ? json_dumps(h, JSON_COMPACT) : NULL;
	json_decref(h);
	if (text)
		wvlv_arena_on_destroy(req->arena, free, text);
	if (headers)
		wvlv_arena_on_destroy(req->arena, free, headers);
	if (!text || !headers)
		return wvlv_error_set(err, WVLV_ENOMEM, "out-of-memory", "The server is out of memory.");
	*out = (wvlv_answer){ .status = status, .body = text, .headers = headers };
	http_reply_bytes(req, status, "application/json", text, strlen(text));
	return WVLV_OK;
}

void http_reply_replayed(http_req *req, const wvlv_answer *first)
{
	json_t *headers = json_loads(first->headers, 0, NULL);
	const char *name;
	json_t *value;
	json_object_foreach(headers, name, value) {
		const char *v = json_string_value(value);
		if (v && v[0] == '/' && strcasecmp(name, "Location") == 0)
			v = wvlv_arena_printf(req->arena, "%s%s", http_base_url(req), v);
		http_add_header(req, wvlv_arena_strdup(req->arena, name), v);
	}
	json_decref(headers);
	http_add_header(req, "Idempotent-Replayed", "true");
	http_reply_bytes(req, first->status, "application/json", first->body, strlen(first->body));
}

/* Problems answered since start, by HTTP status (400..599). */
static atomic_long problems_answered[600];

long http_problems_answered(int status)
{
	return status >= 400 && status < 600 ? atomic_load(&problems_answered[status]) : 0;
}

static void count_problem(int status)
{
	if (status >= 400 && status < 600)
		atomic_fetch_add(&problems_answered[status], 1);
}

void http_reply_problem(http_req *req, int status, const char *code, const char *detail)
{
	count_problem(status);
	http_reply_json_ct(req, status, "application/problem+json",
			   problem_json(status, code, detail, req->path, NULL));
}

void http_reply_error(http_req *req, const wvlv_error *err)
{
	int status = problem_http_status(err->status);
	const char *detail = err->detail;
	count_problem(status);
	if (status == 503) /* the database or the pool: a passing state */
		http_add_header(req, "Retry-After", "1");
	if (status == 500) {
		log_error("request %s failed: %s %s", req->request_id,
			  wvlv_status_name(err->status), err->detail);
		detail = "The server could not complete the request; it has been logged.";
	}
	http_reply_json_ct(req, status, "application/problem+json",
			   problem_json(status, err->code[0] ? err->code : "error", detail,
					req->path, status == 500 ? NULL : err));
}
