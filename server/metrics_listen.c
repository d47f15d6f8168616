/* metrics_listen.c — the listener of WVLV_METRICS_LISTEN (see metrics.h). */
#include "metrics.h"

#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "listener.h"
#include "wvlv/log.h"

/* ---- the listener of WVLV_METRICS_LISTEN ------------------------------------------ */

static struct MHD_Daemon *daemon_;

static enum MHD_Result answer(void *cls, struct MHD_Connection *conn, const char *url,
			      const char *method, const char *version, const char *upload_data,
			      size_t *upload_data_size, void **req_cls)
{
	(void)version;
	(void)upload_data;
	(void)upload_data_size;
	(void)req_cls;
	http_server *srv = cls;
	bool get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
	int status = !strcmp(url, "/metrics") ? (get ? 200 : 405) : 404;
	wvlv_arena *arena = wvlv_arena_create();
	wvlv_strbuf *o = wvlv_strbuf_new(arena);
	if (status == 200)
		metrics_render(o, srv);
	else
		wvlv_strbuf_append_str(o, status == 404 ? "Only /metrics is served here.\n"
							: "Use GET.\n");
	struct MHD_Response *r = MHD_create_response_from_buffer(
		wvlv_strbuf_len(o), (void *)(uintptr_t)wvlv_strbuf_text(o), MHD_RESPMEM_MUST_COPY);
	wvlv_arena_destroy(arena);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
				status == 200 ? METRICS_CONTENT_TYPE : "text/plain; charset=utf-8");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	if (status == 405)
		MHD_add_response_header(r, "Allow", "GET, HEAD");
	enum MHD_Result ret = MHD_queue_response(conn, (unsigned)status, r);
	MHD_destroy_response(r);
	return ret;
}

bool metrics_listen_start(http_server *srv)
{
	const char *listen = srv->cfg->metrics_listen;
	if (!listen)
		return true;
	struct sockaddr_storage sa;
	socklen_t salen;
	if (!http_listen_parse(listen, &sa, &salen)) {
		log_error("WVLV_METRICS_LISTEN must be " HTTP_LISTEN_FORMS ", not \"%s\"", listen);
		return false;
	}
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG |
			 (sa.ss_family == AF_INET6 ? MHD_USE_IPv6 : 0);
	daemon_ = MHD_start_daemon(flags, 0, NULL, NULL, answer, srv, MHD_OPTION_SOCK_ADDR,
				   (struct sockaddr *)&sa, MHD_OPTION_CONNECTION_LIMIT, 16u,
				   MHD_OPTION_CONNECTION_TIMEOUT, 10u, MHD_OPTION_END);
	if (!daemon_)
		log_error("cannot listen on %s for /metrics (address in use or not permitted)",
			  listen);
	return daemon_ != NULL;
}

void metrics_listen_stop(void)
{
	if (daemon_)
		MHD_stop_daemon(daemon_);
	daemon_ = NULL;
}
