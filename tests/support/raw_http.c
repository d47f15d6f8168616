/* raw_http.c — plain TCP sockets for end-to-end tests (see raw_http.h). */
#include "raw_http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

double rh_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

int rh_connect(int port, const char *src)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (src) {
		struct sockaddr_in s = { .sin_family = AF_INET };
		if (inet_pton(AF_INET, src, &s.sin_addr) != 1 ||
		    bind(fd, (struct sockaddr *)&s, sizeof(s)) != 0) {
			close(fd);
			return -1;
		}
	}
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

bool rh_send(int fd, const char *data, size_t n)
{
	while (n > 0) {
		ssize_t w = send(fd, data, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		data += w;
		n -= (size_t)w;
	}
	return true;
}

bool rh_send_str(int fd, const char *s)
{
	return rh_send(fd, s, strlen(s));
}

/* Read what is available within the time left; 0 closed, -1 error or
 * timeout, else bytes read. */
static ssize_t read_some(int fd, char *buf, size_t n, double deadline)
{
	for (;;) {
		int left = (int)(deadline - rh_now_ms());
		if (left <= 0)
			return -2;
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int pr = poll(&p, 1, left);
		if (pr < 0 && errno == EINTR)
			continue;
		if (pr == 0)
			return -2;
		if (pr < 0)
			return -1;
		ssize_t r = read(fd, buf, n);
		if (r < 0 && errno == EINTR)
			continue;
		return r;
	}
}

rh_resp *rh_read_response(int fd, int timeout_ms)
{
	double deadline = rh_now_ms() + timeout_ms;
	size_t cap = 8192, n = 0;
	char *b = malloc(cap);
	char *end = NULL;
	/* one byte at a time up to the blank line, so a following response
	 * on the same connection stays in the socket */
	while (!end) {
		if (n + 2 >= cap) {
			cap *= 2;
			b = realloc(b, cap);
		}
		ssize_t r = read_some(fd, b + n, 1, deadline);
		if (r <= 0) {
			free(b);
			return NULL;
		}
		n += (size_t)r;
		b[n] = '\0';
		if (n >= 4 && memcmp(b + n - 4, "\r\n\r\n", 4) == 0)
			end = b + n;
	}
	rh_resp *resp = calloc(1, sizeof(*resp));
	resp->head = b;
	if (strncmp(b, "HTTP/1.", 7) == 0 && strlen(b) > 12)
		resp->status = atoi(b + 9);
	const char *cl = rh_header(resp, "Content-Length");
	size_t len = cl ? (size_t)strtoul(cl, NULL, 10) : 0;
	resp->body = malloc(len + 1);
	size_t got = 0;
	while (got < len) {
		ssize_t r = read_some(fd, resp->body + got, len - got, deadline);
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	resp->body[got] = '\0';
	resp->body_len = got;
	return resp;
}

const char *rh_header(const rh_resp *r, const char *name)
{
	static _Thread_local char ring[4][1024];
	static _Thread_local int slot;
	size_t nl = strlen(name);
	const char *p = r && r->head ? strstr(r->head, "\r\n") : NULL;
	while (p && p[0] == '\r' && p[1] == '\n' && p[2] != '\r') {
		p += 2;
		const char *eol = strstr(p, "\r\n");
		if (!eol)
			break;
		if ((size_t)(eol - p) > nl && strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
			const char *v = p + nl + 1;
			while (*v == ' ' || *v == '\t')
				v++;
			size_t n = (size_t)(eol - v);
			char *out = ring[slot++ % 4];
			if (n >= sizeof(ring[0]))
				n = sizeof(ring[0]) - 1;
			memcpy(out, v, n);
			out[n] = '\0';
			return out;
		}
		p = eol;
	}
	return NULL;
}

void rh_free(rh_resp *r)
{
	if (!r)
		return;
	free(r->head);
	free(r->body);
	free(r);
}

long rh_wait_closed(int fd, int timeout_ms, size_t *bytes)
{
	double start = rh_now_ms(), deadline = start + timeout_ms;
	char buf[4096];
	for (;;) {
		ssize_t r = read_some(fd, buf, sizeof(buf), deadline);
		if (r == -2)
			return -1;
		if (r <= 0)
			return (long)(rh_now_ms() - start);
		if (bytes)
			*bytes += (size_t)r;
	}
}
