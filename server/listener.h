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

#include "http.h"

/* Start listening; false with a message when the address cannot be used. */
bool http_server_start(http_server *srv);
/* Stop accepting, let in-flight requests finish (up to grace_ms), stop. */
void http_server_stop(http_server *srv, int grace_ms);

#endif
