/* host.c — a Host header value checked (see host.h). */
#include "host.h"

#include <string.h>

/* The unreserved characters of RFC 3986: a reg-name made of them is a DNS
 * name or an IPv4 address; percent-encodings and sub-delims are refused. */
static bool is_unreserved(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_' || c == '~';
}

static bool port_valid(const char *p)
{
	if (!*p)
		return true;
	if (*p != ':')
		return false;
	size_t n = strspn(p + 1, "0123456789");
	return n >= 1 && n <= 5 && p[1 + n] == '\0';
}

bool host_valid(const char *host)
{
	if (!host || !*host || strlen(host) > 255)
		return false;
	const char *p = host;
	if (*p == '[') { /* IP-literal: hex digits, colons and dots (IPv4 tail) */
		size_t n = strspn(p + 1, "0123456789abcdefABCDEF:.");
		if (n < 2 || p[1 + n] != ']')
			return false;
		return port_valid(p + 2 + n);
	}
	while (*p && is_unreserved((unsigned char)*p))
		p++;
	return p > host && port_valid(p);
}
