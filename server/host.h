/* host.h — the one check of a host[:port] the server is named by: the Host
 * header (framing.c) and a trusted proxy's X-Forwarded-Host (http.c). */
#ifndef WVLV_SERVER_HOST_H
#define WVLV_SERVER_HOST_H

#include <stdbool.h>

/* A Host header value: a host name or IPv4 address (an RFC 3986 reg-name of
 * unreserved characters only) or an [IPv6] literal, then an optional :port;
 * no userinfo, path, percent-encoding, spaces or other characters. */
bool host_valid(const char *host);

#endif
