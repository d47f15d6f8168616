/* gate.c — accepting connections and checking the head of their first
 * request before libmicrohttpd sees it (see gate.h). */
#include "gate.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include "headers.h"
#include "http.h"
#include "limits.h"
#include "proxy.h"
#include "problem.h"
#include "wvlv/log.h"

/* ---- the head ------------------------------------------------------------ */

/* A Content-Length value as libmicrohttpd 0.9.75 reads it: every byte after
 * the colon and leading blanks up to the line end must be a digit. */
static gate_verdict length_verdict(const char *v, size_t n)
{
	while (n && (*v == ' ' || *v == '\t')) {
		v++;
		n--;
	}
	if (!n)
		return GATE_BAD_LENGTH;
	uint64_t x = 0;
	bool over = false;
	for (size_t i = 0; i < n; i++) {
		if (v[i] < '0' || v[i] > '9')
			return GATE_BAD_LENGTH;
		unsigned d = (unsigned)(v[i] - '0');
		if (x > (UINT64_MAX - d) / 10)
			over = true;
		else
			x = x * 10 + d;
	}
	return over ? GATE_LENGTH_TOO_LARGE : GATE_PASS;
}

static bool name_is(const char *line, size_t len, const char *name)
{
	size_t k = strlen(name);
	return len > k && line[k] == ':' && strncasecmp(line, name, k) == 0;
}

static size_t cookies_in(const char *v, size_t n)
{
	size_t c = 1;
	for (size_t i = 0; i < n; i++)
		c += v[i] == ';' || v[i] == ',';
	return c;
}

gate_verdict gate_head_check(const char *b, size_t n)
{
	bool full = n >= GATE_HEAD_MAX;
	size_t pos = 0;
	while (pos < n && (b[pos] == '\r' || b[pos] == '\n'))
		pos++; /* empty lines before the request line are skipped */
	const char *lf = memchr(b + pos, '\n', n - pos);
	if (!lf)
		return full ? GATE_URI_TOO_LONG : GATE_INCOMPLETE;
	pos = (size_t)(lf - b) + 1;
	gate_verdict worst = GATE_PASS;
	bool prev_length = false;
	size_t lines = 0, cookies = 0;
	for (;;) {
		const char *e = memchr(b + pos, '\n', n - pos);
		if (!e)
			return full ? GATE_HEAD_TOO_LARGE : GATE_INCOMPLETE;
		const char *line = b + pos;
		size_t len = (size_t)(e - line);
		if (len && line[len - 1] == '\r')
			len--;
		pos = (size_t)(e - b) + 1;
		if (len == 0)
			return worst; /* the blank line: the head is whole */
		if (++lines > GATE_MAX_LINES)
			return GATE_HEAD_TOO_LARGE;
		if ((line[0] == ' ' || line[0] == '\t') && prev_length)
			worst = GATE_BAD_LENGTH; /* a folded Content-Length */
		prev_length = name_is(line, len, "Content-Length");
		if (prev_length) {
			gate_verdict v = length_verdict(line + 15, len - 15);
			if (v != GATE_PASS && worst != GATE_BAD_LENGTH)
				worst = v;
		} else if (name_is(line, len, "Cookie")) {
			cookies += cookies_in(line + 7, len - 7);
			if (cookies > GATE_MAX_COOKIES)
				return GATE_HEAD_TOO_LARGE;
		}
	}
}

/* ---- the answer ------------------------------------------------------------ */

typedef struct refusal {
	int         status;
	const char *reason;
	const char *code;
	const char *detail;
} refusal;

static refusal refusal_of(gate_verdict v)
{
	switch (v) {
	case GATE_BAD_LENGTH:
		return (refusal){ 400, "Bad Request", "invalid-content-length",
				  "Content-Length must be a decimal number of bytes." };
	case GATE_LENGTH_TOO_LARGE:
		return (refusal){ 413, "Content Too Large", "body-too-large",
				  "The Content-Length is larger than any body the server takes." };
	case GATE_URI_TOO_LONG:
		return (refusal){ 414, "URI Too Long", "uri-too-long",
				  "The request line is longer than the server reads." };
	default:
		return (refusal){ 431, "Request Header Fields Too Large", "headers-too-large",
				  "The request's header fields are larger, or more, than the server reads." };
	}
}

/* The method and target of the request line, for the log and the problem's
 * instance (the path without its query); empty when there is none. */
static void request_line(const char *b, size_t n, char method[16], char path[256])
{
	method[0] = path[0] = '\0';
	const char *end = memchr(b, '\n', n);
	size_t len = end ? (size_t)(end - b) : n;
	const char *sp = memchr(b, ' ', len);
	if (!sp || (size_t)(sp - b) >= 16)
		return;
	memcpy(method, b, (size_t)(sp - b));
	method[sp - b] = '\0';
	const char *p = sp + 1;
	size_t k = 0;
	while (p + k < b + len && p[k] != ' ' && p[k] != '?' && k < 255)
		k++;
	memcpy(path, p, k);
	path[k] = '\0';
}

static void refuse(int fd, const char *head, size_t n, gate_verdict v, const char *client)
{
	refusal r = refusal_of(v);
	char method[16], path[256], rid[40];
	request_line(head, n, method, path);
	unsigned char rb[12];
	if (getrandom(rb, sizeof(rb), 0) != (ssize_t)sizeof(rb))
		memset(rb, 0, sizeof(rb));
	for (size_t i = 0; i < sizeof(rb); i++)
		snprintf(rid + 2 * i, 3, "%02x", rb[i]);
	json_t *p = problem_json(r.status, r.code, r.detail, path, NULL);
	char *body = p ? json_dumps(p, JSON_COMPACT) : NULL;
	json_decref(p);
	char sec[512] = "Cache-Control: no-store\r\n"; /* the headers of every answer (headers.h) */
	for (const headers_pair *h = headers_security; h->name; h++)
		snprintf(sec + strlen(sec), sizeof(sec) - strlen(sec), "%s: %s\r\n", h->name,
			 h->value);
	char out[2048];
	int len = snprintf(out, sizeof(out),
			   "HTTP/1.1 %d %s\r\nConnection: close\r\nAPI-Version: %s\r\n"
			   "X-Request-Id: %s\r\n%sContent-Type: application/problem+json\r\n"
			   "Content-Length: %zu\r\n\r\n%s",
			   r.status, r.reason, WVLV_API_VERSION, rid, sec, body ? strlen(body) : 0,
			   body ? body : "");
	if (len > 0 && (size_t)len < sizeof(out) &&
	    send(fd, out, (size_t)len, MSG_NOSIGNAL | MSG_DONTWAIT) < 0)
		len = -1;
	/* Read what the client sent, so that closing does not reset the
	 * connection before it has read the answer. */
	char sink[4096];
	for (int i = 0; i < 64 && recv(fd, sink, sizeof(sink), MSG_DONTWAIT) > 0; i++)
		;
	shutdown(fd, SHUT_WR);
	wvlv_log_access(&(wvlv_access_entry){ .request_id = rid, .client = client, .method = method,
					      .path = path, .status = r.status,
					      .bytes = body ? strlen(body) : 0 });
	free(body);
}

/* ---- the thread ------------------------------------------------------------ */

typedef struct pending {
	int fd;
	struct sockaddr_storage addr;
	socklen_t addrlen;
	void *limits;
} pending;

static struct {
	int listen_fd;
	int wake[2];
	pthread_t thread;
	bool running;
	struct MHD_Daemon *daemon;
	pending *p;
	size_t n, cap;
} g = { .listen_fd = -1, .wake = { -1, -1 } };

static void drop(size_t i, bool close_it)
{
	if (close_it) {
		limits_pending_close(g.p[i].limits);
		close(g.p[i].fd);
	}
	g.p[i] = g.p[--g.n];
}

static void hand_over(size_t i)
{
	int one = 1;
	setsockopt(g.p[i].fd, SOL_SOCKET, SO_RCVLOWAT, &one, sizeof(one));
	limits_handover_begin(g.p[i].limits);
	bool taken = MHD_add_connection(g.daemon, g.p[i].fd, (struct sockaddr *)&g.p[i].addr,
					g.p[i].addrlen) == MHD_YES;
	limits_handover_end(g.p[i].limits, taken); /* MHD closed it when not taken */
	drop(i, false);
}

/* The client of a connection whose head is in: from a trusted proxy, the one
 * its X-Forwarded-For names (proxy.h), which the per-address limit then counts. */
static void client_of(size_t i, const char *head, size_t n, char text[PROXY_ADDR_TEXT])
{
	proxy_addr peer, client;
	char xff[1024];
	proxy_addr_of((struct sockaddr *)&g.p[i].addr, &peer);
	client = peer;
	if (proxy_is_trusted(&peer)) {
		bool sent = proxy_head_values(head, n, "X-Forwarded-For", xff, sizeof(xff));
		client = proxy_client(&peer, sent ? xff : NULL);
		limits_pending_client(g.p[i].limits, client.b);
	}
	proxy_addr_format(&client, text);
}

/* Data (or the end) arrived on a waiting socket. */
static void examine(size_t i)
{
	static char buf[GATE_HEAD_MAX];
	ssize_t n = recv(g.p[i].fd, buf, sizeof(buf), MSG_PEEK | MSG_DONTWAIT);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		drop(i, true); /* closed, or shut down by the watchdog */
		return;
	}
	gate_verdict v = gate_head_check(buf, (size_t)n);
	char client[PROXY_ADDR_TEXT];
	if (v != GATE_INCOMPLETE)
		client_of(i, buf, (size_t)n, client);
	if (v == GATE_INCOMPLETE) {
		int low = (int)n + 1; /* poll again when more than this has come */
		setsockopt(g.p[i].fd, SOL_SOCKET, SO_RCVLOWAT, &low, sizeof(low));
	} else if (v == GATE_PASS) {
		hand_over(i);
	} else {
		refuse(g.p[i].fd, buf, (size_t)n, v, client);
		drop(i, true);
	}
}

static void accept_all(void)
{
	for (;;) {
		struct sockaddr_storage a;
		socklen_t alen = sizeof(a);
		int fd = accept4(g.listen_fd, (struct sockaddr *)&a, &alen,
				 SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0)
			return;
		if (limits_accept(NULL, (struct sockaddr *)&a, alen) != MHD_YES) {
			close(fd); /* over the caps: refused at once */
			continue;
		}
		if (g.n == g.cap) {
			size_t cap = g.cap ? 2 * g.cap : 64;
			pending *np = realloc(g.p, cap * sizeof(*np));
			if (!np) {
				close(fd);
				continue;
			}
			g.p = np;
			g.cap = cap;
		}
		void *lim = limits_pending_open(fd, (struct sockaddr *)&a);
		g.p[g.n++] = (pending){ .fd = fd, .addr = a, .addrlen = alen, .limits = lim };
	}
}

static void *gate_main(void *arg)
{
	(void)arg;
	struct pollfd *pf = NULL;
	size_t pfcap = 0;
	for (;;) {
		if (g.n + 2 > pfcap) {
			size_t cap = (g.n + 2) * 2;
			struct pollfd *np = realloc(pf, cap * sizeof(*np));
			if (!np) {
				usleep(10 * 1000);
				continue;
			}
			pf = np;
			pfcap = cap;
		}
		pf[0] = (struct pollfd){ .fd = g.wake[0], .events = POLLIN };
		pf[1] = (struct pollfd){ .fd = g.listen_fd, .events = POLLIN };
		size_t n = g.n;
		for (size_t i = 0; i < n; i++)
			pf[2 + i] = (struct pollfd){ .fd = g.p[i].fd, .events = POLLIN };
		if (poll(pf, (nfds_t)(n + 2), 1000) < 0 && errno != EINTR)
			usleep(10 * 1000);
		if (pf[0].revents)
			break;
		for (size_t i = n; i-- > 0;) /* downwards: drop() moves the last to i */
			if (pf[2 + i].revents)
				examine(i);
		if (pf[1].revents & POLLIN)
			accept_all();
	}
	free(pf);
	return NULL;
}

bool gate_listen(const struct sockaddr *sa, socklen_t len)
{
	int fd = socket(sa->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int one = 1, zero = 0;
	if (fd < 0)
		return false;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (sa->sa_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
	if (bind(fd, sa, len) != 0 || listen(fd, 256) != 0) {
		close(fd);
		return false;
	}
	g.listen_fd = fd;
	return true;
}

bool gate_start(struct MHD_Daemon *d)
{
	g.daemon = d;
	if (pipe2(g.wake, O_CLOEXEC) != 0)
		return false;
	g.running = pthread_create(&g.thread, NULL, gate_main, NULL) == 0;
	return g.running;
}

void gate_stop(void)
{
	if (g.running) {
		ssize_t w = write(g.wake[1], "x", 1);
		(void)w;
		pthread_join(g.thread, NULL);
		g.running = false;
	}
	while (g.n)
		drop(g.n - 1, true);
	free(g.p);
	g.p = NULL;
	g.cap = 0;
	for (int i = 0; i < 2; i++)
		if (g.wake[i] >= 0)
			close(g.wake[i]);
	g.wake[0] = g.wake[1] = -1;
	if (g.listen_fd >= 0)
		close(g.listen_fd);
	g.listen_fd = -1;
}
