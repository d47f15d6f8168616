/* limits.h — connection limits that answer with a problem response.
 *
 * libmicrohttpd's own limits refuse a connection silently.  wvlv counts open
 * connections (in total and per client address) itself and answers a request
 * on a connection over the limit with 503 (server full) or 429 (this client
 * has too many connections), then closes it.  MHD's hard limits are set a
 * little higher, as a backstop. */
#ifndef WVLV_SERVER_LIMITS_H
#define WVLV_SERVER_LIMITS_H

#include <microhttpd.h>

#define LIMITS_HARD_MARGIN 32

/* timeout_s: how long a connection may take to deliver a request's headers
 * (or wait idle for the next request); its body gets 4 × as long.  A client
 * that trickles bytes keeps MHD's own idle timer fresh, so a watchdog thread
 * shuts such connections down.  limits_stop() ends the watchdog. */
void limits_init(int max_connections, int max_per_ip, int timeout_s);
void limits_stop(void);

/* Request phases, for the watchdog: the access handler saw the headers
 * (the body follows); the request was dispatched to its handler; it is done. */
void limits_request_started(struct MHD_Connection *conn);
void limits_request_dispatched(struct MHD_Connection *conn);
void limits_request_done(struct MHD_Connection *conn);

/* MHD_OPTION_NOTIFY_CONNECTION callback. */
void limits_on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
			  enum MHD_ConnectionNotificationCode toe);

/* 0 when the connection is within the limits, else 503 or 429. */
int limits_check(struct MHD_Connection *conn);

#endif
