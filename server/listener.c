/* listener.c — the libmicrohttpd daemon: accepting connections, receiving
 * requests and their bodies, handing each to dispatch, and cleaning up after
 * it (see listener.h). */
#include "listener.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <unistd.h>

#include "wvlv/clock.h"
#include "dispatch.h"
#include "framing.h"
#include "gate.h"
#include "limits.h"
#include "metrics.h"
#include "proxy.h"
#include "wvlv/log.h"

static atomic_int active_requests;

static void new_request_id(char out[40])
{
	unsigned char b[12];
	if (getrandom(b, sizeof(b), 0) != (ssize_t)sizeof(b))
		memset(b, 0, sizeof(b));
	for (size_t i = 0; i < sizeof(b); i++)
		snprintf(out + 2 * i, 3, "%02x", b[i]);
}

typedef struct joined {
	char   text[1024];
	size_t len;
	bool   overflow;
} joined;

static enum MHD_Result join_xff(void *cls, enum MHD_ValueKind kind, const char *key,
				const char *value)
{
	(void)kind;
	joined *j = cls;
	if (strcasecmp(key, "X-Forwarded-For") != 0 || !value)
		return MHD_YES;
	int w = snprintf(j->text + j->len, sizeof(j->text) - j->len, "%s%s", j->len ? ", " : "",
			 value);
	if (w < 0 || (size_t)w >= sizeof(j->text) - j->len)
		j->overflow = true;
	else
		j->len += (size_t)w;
	return j->overflow ? MHD_NO : MHD_YES;
}

/* Who asks (proxy.h) and the trace context it sent. */
static void request_origin(http_req *req)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(req->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	proxy_addr peer, client;
	proxy_addr_of(ci ? ci->client_addr : NULL, &peer);
	req->via_proxy = proxy_is_trusted(&peer);
	client = peer;
	if (req->via_proxy) {
		joined j = { .len = 0 };
		MHD_get_connection_values(req->conn, MHD_HEADER_KIND, join_xff, &j);
		client = proxy_client(&peer, j.len && !j.overflow ? j.text : NULL);
	}
	proxy_addr_format(&client, req->client);
	const char *tp = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "traceparent");
	if (proxy_traceparent_valid(tp))
		req->traceparent = wvlv_arena_strdup(req->arena, tp);
}

static enum MHD_Result access_handler(void *cls, struct MHD_Connection *conn, const char *url,
				      const char *method, const char *version,
				      const char *upload_data, size_t *upload_data_size,
				      void **req_cls)
{
	http_server *srv = cls;
	http_req *req = *req_cls;
	bool too_many_params = req == FRAMING_TOO_MANY_PARAMS; /* framing_uri_log */
	if (too_many_params)
		req = NULL;
	if (!req) {
		wvlv_arena *arena = wvlv_arena_create();
		req = wvlv_arena_alloc(arena, sizeof(*req));
		req->arena = arena;
		req->srv = srv;
		req->conn = conn;
		req->method = wvlv_arena_strdup(arena, method);
		req->path = wvlv_arena_strdup(arena, url);
		req->started_ms = wvlv_clock_ms();
		new_request_id(req->request_id); /* always the server's own */
		const char *rid = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Request-Id");
		if (wvlv_client_request_id_valid(rid)) /* kept beside it, never instead */
			strcpy(req->caller.client_request_id, rid);
		request_origin(req);
		dispatch_route(req); /* matched once, here: the body limit depends on the route */
		atomic_fetch_add(&active_requests, 1);
		metrics_request_begin();
		*req_cls = req;
		limits_request_started(conn);
		int over = limits_check(conn);
		if (over) {
			metrics_refused(over);
			http_add_header(req, "Retry-After", "1");
			http_add_header(req, "Connection", "close");
			http_reply_problem(req, over, over == 503 ? "too-many-connections"
								  : "too-many-connections-from-client",
					   over == 503 ? "The server has reached its connection limit; try again shortly."
						       : "This client has too many open connections; close some and try again.");
			http_send(req);
			return MHD_YES;
		}
		if (framing_refused(req, version, too_many_params))
			return MHD_YES;
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
							     MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl && strtoull(cl, NULL, 10) > req->max_body) {
			req->body_too_large = true;
			dispatch_body_too_large(req);
			http_send(req);
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

/* The access log line of a request (wvlv/log.h) and its metrics. */
static void log_request(http_req *req, double ms)
{
	const wvlv_caller *c = &req->caller;
	wvlv_log_access(&(wvlv_access_entry){
		.request_id = req->request_id, .client_request_id = c->client_request_id,
		.client = req->client, .method = req->method,
		.route = req->route ? req->route->pattern : NULL, .path = req->path,
		.status = req->status, .bytes = req->status ? req->reply_bytes : 0, .ms = ms,
		.token = c->label, .municipality = c->national ? "national" : c->municipality_code,
		.user_agent = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND,
							  MHD_HTTP_HEADER_USER_AGENT),
		.traceparent = req->traceparent });
	metrics_request_end(req->route, req->method, req->status, ms / 1000.0);
}

static void request_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
			      enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)toe;
	http_req *req = *req_cls;
	if (!req || req == FRAMING_TOO_MANY_PARAMS) {
		*req_cls = NULL; /* closed before the request was whole */
		return;
	}
	limits_request_done(conn);
	if (req->response)
		MHD_destroy_response(req->response); /* made, never sent */
	log_request(req, wvlv_clock_ms() - req->started_ms);
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

/* The host part of a listen address into sa: an IPv4 address, "localhost",
 * "" or "*" (every IPv4 address), or an IPv6 address in brackets. */
static bool listen_host(const char *host, size_t n, struct sockaddr_storage *sa, socklen_t *len)
{
	char h[INET6_ADDRSTRLEN + 2];
	if (n >= sizeof(h))
		return false;
	memcpy(h, host, n);
	h[n] = '\0';
	struct sockaddr_in *in = (struct sockaddr_in *)(void *)sa;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)(void *)sa;
	if (n >= 2 && h[0] == '[' && h[n - 1] == ']') {
		h[n - 1] = '\0';
		in6->sin6_family = AF_INET6;
		*len = sizeof(*in6);
		return inet_pton(AF_INET6, h + 1, &in6->sin6_addr) == 1;
	}
	in->sin_family = AF_INET;
	*len = sizeof(*in);
	if (!strcmp(h, "") || !strcmp(h, "*"))
		in->sin_addr.s_addr = htonl(INADDR_ANY);
	else if (!strcmp(h, "localhost"))
		in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	else if (inet_pton(AF_INET, h, &in->sin_addr) != 1)
		return false;
	return true;
}

bool http_listen_parse(const char *listen, struct sockaddr_storage *sa, socklen_t *len)
{
	const char *colon = strrchr(listen, ':');
	if (!colon || !colon[1] || (listen[0] == '[' && colon[-1] != ']'))
		return false;
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (*end || colon[1] == '-' || colon[1] == '+' || port < 0 || port > 65535)
		return false;
	memset(sa, 0, sizeof(*sa));
	if (!listen_host(listen, (size_t)(colon - listen), sa, len))
		return false;
	if (sa->ss_family == AF_INET6)
		((struct sockaddr_in6 *)(void *)sa)->sin6_port = htons((uint16_t)port);
	else
		((struct sockaddr_in *)(void *)sa)->sin_port = htons((uint16_t)port);
	return true;
}

bool http_server_start(http_server *srv)
{
	struct sockaddr_storage sa;
	socklen_t salen;
	if (!http_listen_parse(srv->cfg->listen, &sa, &salen)) {
		log_error("WVLV_LISTEN must be " HTTP_LISTEN_FORMS ", not \"%s\"", srv->cfg->listen);
		return false;
	}
	if (!gate_listen((const struct sockaddr *)&sa, salen)) {
		log_error("cannot listen on %s (address in use or not permitted)", srv->cfg->listen);
		return false;
	}
	limits_init(srv->cfg->max_connections, srv->cfg->max_per_ip, srv->cfg->connection_timeout);
	/* The gate (gate.c) accepts and reads each first request head; MHD gets
	 * the connection from it (MHD_add_connection). */
	unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
			 MHD_USE_ITC | MHD_USE_ERROR_LOG | MHD_USE_NO_LISTEN_SOCKET;
	int maxc = srv->cfg->max_connections, perip = srv->cfg->max_per_ip;
	srv->daemon = MHD_start_daemon(
		flags, 0, limits_accept, NULL, access_handler, srv,
		MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
		MHD_OPTION_CONNECTION_LIMIT,
		(unsigned)(maxc + limits_margin(maxc) + LIMITS_BACKSTOP),
		MHD_OPTION_PER_IP_CONNECTION_LIMIT,
		/* a trusted proxy carries many clients: limits.c counts them */
		(unsigned)(perip && !proxy_any() ? perip + limits_margin(perip) + LIMITS_BACKSTOP : 0),
		MHD_OPTION_NOTIFY_CONNECTION, limits_on_connection, NULL,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)srv->cfg->connection_timeout,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
		MHD_OPTION_NOTIFY_COMPLETED, request_completed, NULL,
		MHD_OPTION_URI_LOG_CALLBACK, framing_uri_log, NULL,
		MHD_OPTION_END);
	if (!srv->daemon || !gate_start(srv->daemon)) {
		log_error("cannot start the HTTP server on %s", srv->cfg->listen);
		if (srv->daemon)
			MHD_stop_daemon(srv->daemon);
		srv->daemon = NULL;
		gate_stop();
		limits_stop();
		return false;
	}
	return true;
}

void http_server_stop(http_server *srv, int grace_ms)
{
	if (!srv->daemon)
		return;
	gate_stop(); /* no new connections */
	for (int waited = 0; atomic_load(&active_requests) > 0 && waited < grace_ms; waited += 20)
		usleep(20 * 1000);
	MHD_stop_daemon(srv->daemon);
	srv->daemon = NULL;
	limits_stop();
}
