/* proxy.c — trusted proxies, forwarded headers, traceparent (see proxy.h). */
#include "proxy.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct proxy_net {
	proxy_addr addr;
	int        bits;   /* prefix length over the 16 bytes */
} proxy_net;

static proxy_net trusted[PROXY_MAX_TRUSTED];
static int ntrusted;

static void map_v4(const struct in_addr *in, proxy_addr *out)
{
	memset(out->b, 0, 16);
	out->b[10] = out->b[11] = 0xff;
	memcpy(out->b + 12, in, 4);
}

static bool is_v4_mapped(const proxy_addr *a)
{
	static const unsigned char prefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	return memcmp(a->b, prefix, 12) == 0;
}

/* A bare address (no brackets, no port) of s[0..n); *v4 says which kind. */
static bool parse_bare(const char *s, size_t n, proxy_addr *out, bool *v4)
{
	char buf[PROXY_ADDR_TEXT];
	if (n == 0 || n >= sizeof(buf))
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	struct in_addr in;
	struct in6_addr in6;
	if (inet_pton(AF_INET, buf, &in) == 1) {
		map_v4(&in, out);
		*v4 = true;
		return true;
	}
	if (inet_pton(AF_INET6, buf, &in6) == 1) {
		memcpy(out->b, &in6, 16);
		*v4 = false;
		return true;
	}
	return false;
}

static bool all_digits(const char *s, size_t n)
{
	if (n == 0 || n > 5)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

bool proxy_addr_parse(const char *s, size_t n, proxy_addr *out)
{
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	bool v4;
	if (n && s[0] == '[') { /* [v6] or [v6]:port */
		const char *close = memchr(s, ']', n);
		if (!close)
			return false;
		size_t rest = n - (size_t)(close + 1 - s);
		if (rest && !(close[1] == ':' && all_digits(close + 2, rest - 1)))
			return false;
		return parse_bare(s + 1, (size_t)(close - s - 1), out, &v4) && !v4;
	}
	const char *colon = memchr(s, ':', n);
	if (colon && !memchr(colon + 1, ':', n - (size_t)(colon + 1 - s))) { /* v4:port */
		if (!all_digits(colon + 1, n - (size_t)(colon + 1 - s)))
			return false;
		return parse_bare(s, (size_t)(colon - s), out, &v4) && v4;
	}
	return parse_bare(s, n, out, &v4);
}

void proxy_addr_of(const struct sockaddr *sa, proxy_addr *out)
{
	memset(out->b, 0, 16);
	if (sa && sa->sa_family == AF_INET)
		map_v4(&((const struct sockaddr_in *)(const void *)sa)->sin_addr, out);
	else if (sa && sa->sa_family == AF_INET6)
		memcpy(out->b, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, 16);
}

void proxy_addr_format(const proxy_addr *a, char out[PROXY_ADDR_TEXT])
{
	if (is_v4_mapped(a))
		inet_ntop(AF_INET, a->b + 12, out, PROXY_ADDR_TEXT);
	else
		inet_ntop(AF_INET6, a->b, out, PROXY_ADDR_TEXT);
}

/* One entry of WVLV_TRUSTED_PROXIES: an address or address/bits. */
static bool parse_net(const char *s, size_t n, proxy_net *out)
{
	const char *slash = memchr(s, '/', n);
	size_t alen = slash ? (size_t)(slash - s) : n;
	bool v4;
	if (!parse_bare(s, alen, &out->addr, &v4))
		return false;
	int max = v4 ? 32 : 128, bits = max;
	if (slash) {
		size_t blen = n - alen - 1;
		if (!all_digits(slash + 1, blen) || blen > 3)
			return false;
		bits = atoi(slash + 1);
		if (bits > max)
			return false;
	}
	out->bits = v4 ? 96 + bits : bits;
	return true;
}

bool proxy_trust(const char *list, char *why, size_t why_size)
{
	proxy_net nets[PROXY_MAX_TRUSTED];
	int n = 0;
	for (const char *p = list ? list : ""; *p;) {
		size_t skip = strspn(p, ", \t");
		p += skip;
		size_t len = strcspn(p, ", \t");
		if (!len)
			break;
		if (n == PROXY_MAX_TRUSTED) {
			snprintf(why, why_size, "more than %d entries", PROXY_MAX_TRUSTED);
			return false;
		}
		if (!parse_net(p, len, &nets[n])) {
			snprintf(why, why_size, "\"%.*s\" is not an IP address or CIDR block",
				 (int)len, p);
			return false;
		}
		n++;
		p += len;
	}
	memcpy(trusted, nets, sizeof(nets));
	ntrusted = n;
	return true;
}

bool proxy_any(void)
{
	return ntrusted > 0;
}

static bool in_net(const proxy_addr *a, const proxy_net *net)
{
	int full = net->bits / 8, rest = net->bits % 8;
	if (memcmp(a->b, net->addr.b, (size_t)full) != 0)
		return false;
	if (!rest)
		return true;
	unsigned char mask = (unsigned char)(0xff << (8 - rest));
	return (a->b[full] & mask) == (net->addr.b[full] & mask);
}

bool proxy_is_trusted(const proxy_addr *a)
{
	for (int i = 0; i < ntrusted; i++)
		if (in_net(a, &trusted[i]))
			return true;
	return false;
}

proxy_addr proxy_client(const proxy_addr *peer, const char *xff)
{
	proxy_addr client = *peer;
	if (!xff || !proxy_is_trusted(peer))
		return client;
	size_t end = strlen(xff);
	while (end > 0) {
		size_t start = end;
		while (start > 0 && xff[start - 1] != ',')
			start--;
		proxy_addr a;
		if (!proxy_addr_parse(xff + start, end - start, &a))
			break; /* not an address: trust nothing to its left */
		client = a;
		if (!proxy_is_trusted(&a))
			break;
		end = start ? start - 1 : 0;
	}
	return client;
}

bool proxy_head_values(const char *b, size_t n, const char *name, char *out, size_t out_size)
{
	size_t nl = strlen(name), used = 0;
	bool found = false;
	out[0] = '\0';
	const char *end = b + n;
	const char *line = memchr(b, '\n', n); /* skip the request line */
	while (line && ++line < end) {
		const char *eol = memchr(line, '\n', (size_t)(end - line));
		size_t len = eol ? (size_t)(eol - line) : (size_t)(end - line);
		if (len && line[len - 1] == '\r')
			len--;
		if (len > nl && line[nl] == ':' && strncasecmp(line, name, nl) == 0) {
			const char *v = line + nl + 1;
			size_t vl = len - nl - 1;
			while (vl && (*v == ' ' || *v == '\t'))
				v++, vl--;
			if (used + vl + 3 > out_size)
				return false;
			if (found)
				memcpy(out + used, ", ", 2), used += 2;
			memcpy(out + used, v, vl);
			used += vl;
			out[used] = '\0';
			found = true;
		}
		line = eol;
	}
	return found;
}

bool proxy_proto_valid(const char *s)
{
	return s && (strcasecmp(s, "http") == 0 || strcasecmp(s, "https") == 0);
}

bool proxy_prefix_valid(const char *s)
{
	if (!s || strlen(s) > 200)
		return false;
	if (!*s)
		return true;
	if (*s != '/' || strstr(s, "//") || strstr(s, "/./") || strstr(s, "/../"))
		return false;
	size_t n = strlen(s);
	if ((n >= 2 && strcmp(s + n - 2, "/.") == 0) || (n >= 3 && strcmp(s + n - 3, "/..") == 0))
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
			 "-._~!$&'()*+,;=:@/") == n;
}

static bool lower_hex(const char *s, size_t n, bool *all_zero)
{
	*all_zero = true;
	for (size_t i = 0; i < n; i++) {
		if (!strchr("0123456789abcdef", s[i]) || !s[i])
			return false;
		*all_zero = *all_zero && s[i] == '0';
	}
	return true;
}

bool proxy_traceparent_valid(const char *s)
{
	bool zero;
	if (!s || strlen(s) < 55 || s[2] != '-' || s[35] != '-' || s[52] != '-')
		return false;
	if (!lower_hex(s, 2, &zero) || strncmp(s, "ff", 2) == 0)
		return false;
	if (!lower_hex(s + 3, 32, &zero) || zero || !lower_hex(s + 36, 16, &zero) || zero)
		return false;
	if (!lower_hex(s + 53, 2, &zero))
		return false;
	if (strncmp(s, "00", 2) == 0)
		return s[55] == '\0';
	return s[55] == '\0' || s[55] == '-';
}
