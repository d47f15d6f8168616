/* http.c — libmicrohttpd front (see http.h). */
#include "http.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "auth.h"
#include "limits.h"
#include "clock.h"
#include "wvlv/log.h"
#include "problem.h"

static atomic_int active_requests;

static void new_request_id(char out[40])
{
	unsigned char b[12];
	if (getrandom(b, sizeof(b), 0) != (ssize_t)sizeof(b))
		memset(b, 0, sizeof(b));
	for (size_t i = 0; i < sizeof(b); i++)
		snprintf(out + 2 * i, 3, "%02x", b[i]);
}

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

/* Find the route; *path_known tells whether some method matches the path. */
static const http_route *route_find(http_req *req, bool *path_known, char *allow, size_t allow_len)
{
	const http_route *found = NULL;
	*path_known = false;
	allow[0] = '\0';
	const char *params[HTTP_MAX_PATH_PARAMS];
	for (size_t i = 0; i < http_nroutes; i++) {
		const http_route *r = &http_routes[i];
		if (!route_match(r->pattern, req->path, params, req->arena))
			continue;
		*path_known = true;
		if (strlen(allow) + strlen(r->method) + 3 < allow_len) {
			if (allow[0])
				strcat(allow, ", ");
			strcat(allow, r->method);
		}
		if (!found && strcmp(r->method, req->method) == 0) {
			found = r;
			memcpy((void *)req->path_params, params, sizeof(params));
		}
	}
	return found;
}

/* ---- responses ---------------------------------------------------------- */

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
	const char *host = http_header(req, "Host");
	if (!host || !*host || strpbrk(host, " \"<>\\/"))
		host = req->srv->cfg->listen;
	return wvlv_arena_printf(req->arena, "http://%s", host);
}

void http_add_header(http_req *req, const char *name, const char *value)
{
	if (req->nheaders >= HTTP_MAX_HEADERS)
		return;
	req->header_names[req->nheaders] = name;
	req->header_values[req->nheaders] = wvlv_arena_strdup(req->arena, value);
	req->nheaders++;
}

static void reply(http_req *req, int status, const char *content_type,
		  struct MHD_Response *resp)
{
	if (!resp)
		return;
	MHD_add_response_header(resp, "API-Version", WVLV_API_VERSION);
	MHD_add_response_header(resp, "X-Request-Id", req->request_id);
	if (content_type)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, content_type);
	for (int i = 0; i < req->nheaders; i++)
		MHD_add_response_header(resp, req->header_names[i], req->header_values[i]);
	if (MHD_queue_response(req->conn, (unsigned)status, resp) == MHD_YES)
		req->status = status;
	MHD_destroy_response(resp);
}

void http_reply_bytes(http_req *req, int status, const char *content_type, const char *bytes,
		      size_t len)
{
	if (req->status)
		return; /* one response per request */
	reply(req, status, content_type,
	      MHD_create_response_from_buffer(len, (void *)(uintptr_t)bytes, MHD_RESPMEM_MUST_COPY));
}

void http_reply_shared(http_req *req, int status, const char *content_type, const char *bytes,
		       size_t len, void (*release)(void *), void *cls)
{
	if (req->status) {
		release(cls);
		return;
	}
	struct MHD_Response *resp = MHD_create_response_from_buffer_with_free_callback_cls(
		len, (void *)(uintptr_t)bytes, release, cls);
	if (!resp)
		release(cls);
	reply(req, status, content_type, resp);
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

void http_reply_problem(http_req *req, int status, const char *code, const char *detail)
{
	http_reply_json_ct(req, status, "application/problem+json",
			   problem_json(status, code, detail, req->path, NULL));
}

void http_reply_error(http_req *req, const wvlv_error *err)
{
	int status = problem_http_status(err->status);
	const char *detail = err->detail;
	if (status == 500) {
		log_error("request %s failed: %s %s", req->request_id,
			  wvlv_status_name(err->status), err->detail);
		detail = "The server could not complete the request; it has been logged.";
	}
	http_reply_json_ct(req, status, "application/problem+json",
			   problem_json(status, err->code[0] ? err->code : "error", detail,
					req->path, status == 500 ? NULL : err));
}

/* ---- the MHD callbacks ------------------------------------------------- */

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

static void reply_too_large(http_req *req)
{
	char d[128];
	snprintf(d, sizeof(d), "The request body is larger than the limit of %zu bytes.",
		 req->max_body);
	http_reply_problem(req, 413, "body-too-large", d);
}

static void dispatch(http_req *req)
{
	if (!req->route) {
		if (req->path_known) {
			char allow[96];
			bool known;
			route_find(req, &known, allow, sizeof(allow));
			http_add_header(req, "Allow", allow);
			http_reply_problem(req, 405, "method-not-allowed",
					   "This resource does not support that method.");
		} else {
			http_reply_problem(req, 404, "not-found", "There is no resource at this path.");
		}
		return;
	}
	if (req->body_too_large) {
		reply_too_large(req);
		return;
	}
	if (!auth_authenticate(req))
		return;
	if (req->route->flags & ROUTE_BODY) {
		if (!content_type_ok(req)) {
			http_reply_problem(req, 415, "unsupported-media-type",
					   (req->route->flags & ROUTE_MERGEPATCH)
						   ? "Send the body as application/json or application/merge-patch+json."
						   : "Send the body as application/json.");
			return;
		}
	}
	req->route->handler(req);
	if (!req->status) {
		log_error("handler for %s %s queued no response", req->method, req->route->pattern);
		http_reply_problem(req, 500, "internal", "The server did not produce a response.");
	}
}

static enum MHD_Result access_handler(void *cls, struct MHD_Connection *conn, const char *url,
				      const char *method, const char *version,
				      const char *upload_data, size_t *upload_data_size,
				      void **req_cls)
{
	(void)version;
	http_server *srv = cls;
	http_req *req = *req_cls;
	if (!req) {
		wvlv_arena *arena = wvlv_arena_create();
		req = wvlv_arena_alloc(arena, sizeof(*req));
		req->arena = arena;
		req->srv = srv;
		req->conn = conn;
		req->method = wvlv_arena_strdup(arena, method);
		req->path = wvlv_arena_strdup(arena, url);
		req->started_ms = clock_mono_ms();
		const char *rid = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Request-Id");
		if (rid && strlen(rid) < sizeof(req->request_id) && strspn(rid,
			"0123456789abcdefABCDEF-") == strlen(rid) && *rid)
			strcpy(req->request_id, rid);
		else
			new_request_id(req->request_id);
		/* matched once, here: the body limit depends on the route */
		char allow[96];
		req->route = route_find(req, &req->path_known, allow, sizeof(allow));
		req->max_body = req->route && (req->route->flags & ROUTE_GEOMETRY)
					? srv->cfg->max_geometry_body
					: srv->cfg->max_body;
		atomic_fetch_add(&active_requests, 1);
		*req_cls = req;
		limits_request_started(conn);
		int over = limits_check(conn);
		if (over) {
			http_add_header(req, "Retry-After", "1");
			http_add_header(req, "Connection", "close");
			http_reply_problem(req, over, over == 503 ? "too-many-connections"
								  : "too-many-connections-from-client",
					   over == 503 ? "The server has reached its connection limit; try again shortly."
						       : "This client has too many open connections; close some and try again.");
			return MHD_YES;
		}
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
							     MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl && strtoull(cl, NULL, 10) > req->max_body) {
			req->body_too_large = true;
			reply_too_large(req);
		}
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		size_t n = *upload_data_size;
		*upload_data_size = 0;
		if (req->body_too_large || req->status)
			return MHD_YES; /* answered already: discard */
		if (req->body_len + n > req->max_body) {
			req->body_too_large = true;
			return MHD_YES;
		}
		char *nb = wvlv_arena_alloc(req->arena, req->body_len + n + 1);
		if (req->body_len)
			memcpy(nb, req->body, req->body_len);
		memcpy(nb + req->body_len, upload_data, n);
		req->body = nb;
		req->body_len += n;
		return MHD_YES;
	}
	if (req->status)
		return MHD_YES; /* answered early (413) */
	limits_request_dispatched(conn);
	dispatch(req);
	return MHD_YES;
}

static void request_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
			      enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)toe;
	http_req *req = *req_cls;
	if (!req)
		return;
	limits_request_done(conn);
	wvlv_log_request(req->request_id, req->method, req->path, req->status, clock_mono_ms() - req->started_ms);
	wvlv_arena_destroy(req->arena);
	*req_cls = NULL;
	atomic_fetch_sub(&active_requests, 1);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	char msg[512];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	size_t n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
		msg[--n] = '\0';
	log_warn("libmicrohttpd: %s", msg);
}

static bool parse_listen(const char *listen, struct sockaddr_in *sa)
{
	char host[64];
	const char *colon = strrchr(listen, ':');
	if (!colon || (size_t)(colon - listen) >= sizeof(host))
		return false;
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (*end || port < 0 || port > 65535)
		return false;
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)port);
	if (!strcmp(host, "") || !strcmp(host, "*"))
		sa->sin_addr.s_addr = htonl(INADDR_ANY);
	else if (!strcmp(host, "localhost"))
		sa->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	else if (inet_pton(AF_INET, host, &sa->sin_addr) != 1)
		return false;
	return true;
}

bool http_server_start(http_server *srv)
{
	static struct sockaddr_in sa;
	if (!parse_listen(srv->cfg->listen, &sa)) {
		log_error("WVLV_LISTEN must be IPv4-address:port (e.g. 127.0.0.1:8080), not \"%s\"",
			  srv->cfg->listen);
		return false;
	}
	limits_init(srv->cfg->max_connections, srv->cfg->max_per_ip, srv->cfg->connection_timeout);
	unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
			 MHD_USE_ITC | MHD_USE_ERROR_LOG;
	srv->daemon = MHD_start_daemon(
		flags, 0, NULL, NULL, access_handler, srv,
		MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
		MHD_OPTION_CONNECTION_LIMIT,
		(unsigned)(srv->cfg->max_connections + LIMITS_HARD_MARGIN),
		MHD_OPTION_PER_IP_CONNECTION_LIMIT,
		(unsigned)(srv->cfg->max_per_ip ? srv->cfg->max_per_ip + LIMITS_HARD_MARGIN : 0),
		MHD_OPTION_NOTIFY_CONNECTION, limits_on_connection, NULL,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)srv->cfg->connection_timeout,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
		MHD_OPTION_LISTEN_BACKLOG_SIZE, 256u,
		MHD_OPTION_NOTIFY_COMPLETED, request_completed, NULL,
		MHD_OPTION_END);
	if (!srv->daemon) {
		log_error("cannot listen on %s (address in use or not permitted)", srv->cfg->listen);
		return false;
	}
	return true;
}

void http_server_stop(http_server *srv, int grace_ms)
{
	if (!srv->daemon)
		return;
	MHD_socket s = MHD_quiesce_daemon(srv->daemon);
	if (s != MHD_INVALID_SOCKET)
		close(s);
	for (int waited = 0; atomic_load(&active_requests) > 0 && waited < grace_ms; waited += 20)
		usleep(20 * 1000);
	MHD_stop_daemon(srv->daemon);
	srv->daemon = NULL;
	limits_stop();
}
