/* limits.h — connection limits that answer with a problem response.
 *
 * libmicrohttpd at its own connection limit stops accepting: new clients then
 * wait in the kernel's listen backlog, unanswered, until some connection
 * ends.  So wvlv counts open connections (in total and per client address)
 * itself and never lets MHD reach its limit:
 *
 *   - up to the limit (WVLV_MAX_CONNECTIONS, WVLV_MAX_CONNECTIONS_PER_IP) a
 *     connection is served;
 *   - over it, up to a margin (a quarter of the limit, at least
 *     LIMITS_MIN_MARGIN), it is accepted and its request answered 503 (server
 *     full) or 429 (this client has too many connections) with Retry-After,
 *     then closed; one that asks nothing within LIMITS_EXCESS_GRACE_MS is
 *     closed;
 *   - beyond the margin the accept policy (limits_accept) refuses it: closed
 *     at once.  MHD's own limits are higher still, as a backstop.
 *
 * When three quarters of WVLV_MAX_CONNECTIONS are open the server is busy: a
 * connection waiting for (the headers of) a request is closed after
 * LIMITS_BUSY_TIMEOUT_MS instead of WVLV_CONNECTION_TIMEOUT, and a body gets
 * 4 × that, so idle connections cannot hold the server full. */
#ifndef WVLV_SERVER_LIMITS_H
#define WVLV_SERVER_LIMITS_H

#include <microhttpd.h>
#include <stdbool.h>
#include <sys/socket.h>

#define LIMITS_MIN_MARGIN       32
#define LIMITS_EXCESS_GRACE_MS  1000.0
#define LIMITS_BUSY_TIMEOUT_MS  2000.0
#define LIMITS_TICK_MS          100L
/* MHD's own limits lie this far beyond wvlv's refusal caps */
#define LIMITS_BACKSTOP         16
/* a socket the gate gave to MHD and MHD never took is forgotten after this */
#define LIMITS_HANDOVER_MS      5000.0

/* The margin above a limit (total or per address) within which connections
 * are still accepted, to be answered with a problem. */
int limits_margin(int limit);

/* timeout_s: how long a connection may take to deliver a request's headers
 * (or wait idle for the next request); its body gets 4 × as long (when busy:
 * LIMITS_BUSY_TIMEOUT_MS, if that is shorter).  A client
 * that trickles bytes keeps MHD's own idle timer fresh, so a watchdog thread
 * shuts such connections down.  limits_stop() ends the watchdog. */
void limits_init(int max_connections, int max_per_ip, int timeout_s);
void limits_stop(void);

/* Request phases, for the watchdog: the access handler saw the headers
 * (the body follows); the request was dispatched to its handler; it is done. */
void limits_request_started(struct MHD_Connection *conn);
void limits_request_dispatched(struct MHD_Connection *conn);
void limits_request_done(struct MHD_Connection *conn);

/* MHD_AcceptPolicyCallback: MHD_NO (MHD closes the socket at once) when the
 * connections open, in total or from this address, reach limit + margin. */
enum MHD_Result limits_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen);
/* Connections refused so since start. */
long limits_refused(void);
/* Connections open now (for /metrics). */
int limits_open(void);

/* A connection from a trusted proxy (proxy.h) counts for no address until
 * its first request head names the client (X-Forwarded-For): the gate then
 * gives it that client, which the per-address limit and its 429 verdict
 * apply to.  Later requests on a kept-alive connection do not move it. */
void limits_pending_client(void *pending, const unsigned char client[16]);

/* A socket the gate (gate.c) holds while it reads the request head counts
 * like a connection: the same limits, verdict and watchdog (which shuts it
 * down when it waits too long).  A handle, or NULL when memory ran out. */
void *limits_pending_open(int fd, const struct sockaddr *addr);
void limits_pending_close(void *pending);
/* Around MHD_add_connection: MHD's accept policy lets it through (it was
 * admitted at accept) and its MHD_CONNECTION_NOTIFY_STARTED adopts the
 * gate's state (by socket) instead of counting the connection again.
 * taken: MHD_add_connection said yes (else the state is dropped). */
void limits_handover_begin(void *pending);
void limits_handover_end(void *pending, bool taken);

/* MHD_OPTION_NOTIFY_CONNECTION callback. */
void limits_on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
			  enum MHD_ConnectionNotificationCode toe);

/* 0 when the connection is within the limits, else 503 or 429. */
int limits_check(struct MHD_Connection *conn);

#endif
