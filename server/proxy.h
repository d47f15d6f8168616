/* proxy.h — requests that come through a trusted reverse proxy, and the
 * trace context a client sends.
 *
 * WVLV_TRUSTED_PROXIES lists the proxies' addresses and CIDR blocks (IPv4 or
 * IPv6, separated by commas or spaces).  Only when the connection's peer is
 * in that list:
 *   - X-Forwarded-For names the client: read from the right, the first
 *     address that is not itself a trusted proxy (an entry that is not an
 *     address stops the walk: the client is the last good one); the access
 *     log and the per-address connection limit (limits.h) use it;
 *   - X-Forwarded-Proto (http or https), X-Forwarded-Host (a host[:port] as
 *     Host, framing.h) and X-Forwarded-Prefix (a path such as /wvlv) build
 *     the links (http.h), unless WVLV_PUBLIC_URL is set.
 * From any other peer these headers are ignored.  Addresses are kept as 16
 * bytes, IPv4 as IPv4-mapped IPv6 (::ffff:a.b.c.d).
 */
#ifndef WVLV_SERVER_PROXY_H
#define WVLV_SERVER_PROXY_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

#define PROXY_ADDR_TEXT 46   /* INET6_ADDRSTRLEN */
#define PROXY_MAX_TRUSTED 64

typedef struct proxy_addr {
	unsigned char b[16];
} proxy_addr;

/* Trust the proxies of list (NULL or "": none).  false, with why, when an
 * entry is not an address or CIDR block (nothing is changed then). */
bool proxy_trust(const char *list, char *why, size_t why_size);
/* Any proxy trusted? */
bool proxy_any(void);
bool proxy_is_trusted(const proxy_addr *a);

/* The address of s[0..n) ("192.0.2.1", "2001:db8::1", "[2001:db8::1]", with an
 * optional :port after IPv4 or ]); spaces around are ignored. */
bool proxy_addr_parse(const char *s, size_t n, proxy_addr *out);
/* A socket address (zeros when NULL or not IP). */
void proxy_addr_of(const struct sockaddr *sa, proxy_addr *out);
/* As text: IPv4 dotted for a mapped address, else IPv6. */
void proxy_addr_format(const proxy_addr *a, char out[PROXY_ADDR_TEXT]);

/* The client of a request from peer with X-Forwarded-For xff (NULL: none):
 * the peer itself unless it is a trusted proxy (see above). */
proxy_addr proxy_client(const proxy_addr *peer, const char *xff);

/* The values of every header field `name` in a raw request head b[0..n),
 * joined with ", " into out (""), as a proxy that sends it twice means it;
 * false when none, or when they do not fit. */
bool proxy_head_values(const char *b, size_t n, const char *name, char *out, size_t out_size);

/* X-Forwarded-Proto: "http" or "https" (any case); X-Forwarded-Prefix: empty
 * or "/" and path characters (RFC 3986 unreserved, sub-delims, ':', '@', '/'),
 * at most 200, no "//", "/./", "/../", no '%'. */
bool proxy_proto_valid(const char *s);
bool proxy_prefix_valid(const char *s);

/* A W3C Trace Context traceparent: version-traceid-parentid-flags in lower
 * hex (2-32-16-2), version not ff, trace and parent ids not all zeros;
 * version 00 exactly that, a later version may add "-…" after it. */
bool proxy_traceparent_valid(const char *s);

#endif
