/* listener.h — the libmicrohttpd daemon of `wvlv serve`.
 *
 * Thread-per-connection (MHD_USE_THREAD_PER_CONNECTION): a handler may block
 * on PostgreSQL without stalling other connections; the database pool bounds
 * how many do so at once.  Every request gets an arena, freed when MHD reports
 * the request complete; connection limits answer with a problem (limits.h).
 */
#ifndef WVLV_SERVER_LISTENER_H
#define WVLV_SERVER_LISTENER_H

#include <stdbool.h>
#include <sys/socket.h>

#include "http.h"

/* The forms of WVLV_LISTEN and --listen, for messages. */
#define HTTP_LISTEN_FORMS                                                                 \
	"ADDRESS:PORT with an IPv4 address (127.0.0.1:8080, 0.0.0.0:8080), localhost:PORT, " \
	"or an IPv6 address in brackets ([::1]:8080, [::]:8080)"

/* A listen address ("127.0.0.1:8080", "[::1]:8080", "[::]:8080",
 * "localhost:8080", "*:8080" or ":8080" for every IPv4 address) into sa and
 * *len; false when it is none of these. */
bool http_listen_parse(const char *listen, struct sockaddr_storage *sa, socklen_t *len);

/* Start listening; false with a message when the address cannot be used. */
bool http_server_start(http_server *srv);
/* Stop accepting, let in-flight requests finish (up to grace_ms), stop. */
void http_server_stop(http_server *srv, int grace_ms);

#endif
