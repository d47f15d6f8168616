/* http.h — a request as a handler sees it: the route it matched, its
 * headers, query and body, the caller, and the replies queued on it.
 *
 * listener.h receives requests, dispatch.h routes them and writes problems;
 * handlers (handlers.h) read the request and queue their success reply here.
 */
#ifndef WVLV_SERVER_HTTP_H
#define WVLV_SERVER_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "wvlv/arena.h"
#include "wvlv/caller.h"
#include "wvlv/app.h"
#include "wvlv/status.h"

struct MHD_Connection;
typedef struct http_req http_req;
/* A handler parses, calls one use case and renders: on success it has made
 * its reply (http_reply_*, or the answer of a write, http_answer) and returns
 * WVLV_OK; on failure it returns the status of err.  Dispatch then sends the
 * reply, or writes the problem (the one error path). */
typedef wvlv_status (*http_handler)(http_req *req, wvlv_error *err);

enum {
	ROUTE_BODY       = 1u << 0, /* takes a JSON body */
	ROUTE_GEOMETRY   = 1u << 1, /* body may hold a geometry: the larger limit */
	ROUTE_MERGEPATCH = 1u << 2, /* application/merge-patch+json accepted too */
	ROUTE_PUBLIC     = 1u << 3, /* no token needed */
	ROUTE_GIS        = 1u << 4, /* no token needed while WVLV_PUBLIC_GIS is on */
	ROUTE_NATIONAL   = 1u << 5  /* writes national data: a national admin's only */
};

typedef struct http_route {
	const char  *method;
	const char  *pattern;   /* "/api/v1/designations/{id}" */
	http_handler handler;
	unsigned     flags;
	wvlv_role    min_role;  /* least role that may call it (public routes: unused) */
	const char *const *params; /* the query parameters it takes, NULL-terminated (any
				    * other → 400 unknown-parameter, params.h); NULL: unchecked */
} http_route;

#define HTTP_MAX_PATH_PARAMS 4
#define HTTP_MAX_HEADERS 8

typedef struct http_server {
	const wvlv_config *cfg;
	wvlv_app          *app;       /* the use cases' pools (wvlv/app.h) */
	struct MHD_Daemon *daemon;
} http_server;

struct http_req {
	http_server           *srv;
	struct MHD_Connection *conn;
	wvlv_arena            *arena;
	const char            *method;
	const char            *path;
	const http_route      *route;         /* matched when the request arrives */
	const char            *allow;         /* the path's methods, "GET, PATCH", when the path
					       * exists but not for this method (405); else NULL */
	const char            *path_params[HTTP_MAX_PATH_PARAMS];
	char                   request_id[40];
	wvlv_caller            caller;
	char                  *body;
	size_t                 body_len;
	size_t                 max_body;
	bool                   body_too_large;
	wvlv_request           app;           /* what the use case works for (wvlv/app.h) */
	int                    status;        /* 0 until a reply is made */
	struct MHD_Response   *response;      /* the reply, until http_send() queues it */
	double                 started_ms;
	char                   client[46];    /* address (proxy.h: forwarded from a trusted proxy) */
	bool                   via_proxy;     /* the peer is a trusted proxy (proxy.h) */
	const char            *traceparent;   /* a well-formed traceparent sent, else NULL */
	size_t                 reply_bytes;   /* body bytes of the reply made */
	int                    nheaders;
	const char            *header_names[HTTP_MAX_HEADERS];
	const char            *header_values[HTTP_MAX_HEADERS];
};

/* The route table (server/routes.c) and its size. */
extern const http_route http_routes[];
extern const size_t http_nroutes;

/* Request accessors (strings borrowed from MHD or the arena). */
const char *http_header(http_req *req, const char *name);
const char *http_query(http_req *req, const char *name);
/* The base URL for absolute links: WVLV_PUBLIC_URL; else from a trusted
 * proxy (proxy.h) X-Forwarded-Proto, -Host and -Prefix, each when sent and
 * well-formed, in place of http, Host and ""; else http://<Host> (a Host
 * checked by framing.h); never stored with an Idempotency-Key (a Location is
 * kept as its path and rebuilt from the replaying request). */
const char *http_base_url(http_req *req);

/* Add a response header (copied into the arena) for the next reply. */
void http_add_header(http_req *req, const char *name, const char *value);

/* Replies: each makes the one reply of the request (a later one replaces an
 * earlier one: dispatch's problem replaces what a failed handler made);
 * http_send() queues it. */
void http_reply_json(http_req *req, int status, json_t *body_steal);
void http_reply_bytes(http_req *req, int status, const char *content_type, const char *bytes,
		      size_t len);
/* The same without copying: bytes stay valid until release(cls), which is
 * called once, when MHD is done with them (or at once when no reply is made). */
void http_reply_shared(http_req *req, int status, const char *content_type, const char *bytes,
		       size_t len, void (*release)(void *), void *cls);
/* application/problem+json from a wvlv_error (status mapped in problem.c);
 * for dispatch and the listener only: a handler returns its error instead. */
void http_reply_error(http_req *req, const wvlv_error *err);
/* application/problem+json with an explicit HTTP status (transport-level
 * answers of dispatch and the listener: 404, 405, 413, 415, 429, 503). */
void http_reply_problem(http_req *req, int status, const char *code, const char *detail);
/* The answer of a write (wvlv_answer_fn, called inside its transaction): the
 * reply `status` with the body and the headers added so far, and in *out the
 * same, for an Idempotency-Key to remember. */
wvlv_status http_answer(http_req *req, int status, json_t *body_steal, wvlv_answer *out,
			wvlv_error *err) WVLV_MUST_CHECK;
/* OPTIONS on a path that exists (req->allow): 204 with Allow, and for a CORS
 * preflight from an allowed origin the headers of headers_preflight_of(). */
void http_reply_options(http_req *req);
/* The first answer of a repeated Idempotency-Key, with Idempotent-Replayed. */
void http_reply_replayed(http_req *req, const wvlv_answer *first);
/* Queue the reply made (nothing when none was made or it was queued). */
void http_send(http_req *req);

/* How many problems with this HTTP status were answered since the start. */
long http_problems_answered(int status);

#endif
