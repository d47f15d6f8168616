/* gate.h — the listening socket, and the head of each connection's first
 * request read before libmicrohttpd gets the connection.
 *
 * libmicrohttpd 0.9.75 answers some bad request heads itself, before wvlv's
 * access handler is called: a negative or overflowing Content-Length (400/413,
 * its status line and headers written twice by a bug of that version), a
 * request line or header block too long for its memory (414/431); each with
 * its own HTML.  The gate accepts connections itself, peeks (MSG_PEEK, nothing
 * consumed) at the head of the first request until its blank line, refuses
 * those cases with a problem+json and Connection: close, and hands every
 * other connection to libmicrohttpd (MHD_add_connection).  A socket waiting
 * in the gate counts as a connection for server/limits.c (the same limits,
 * 503/429 verdicts and watchdog timeouts).  Later requests on a kept-alive
 * connection are read by libmicrohttpd alone. */
#ifndef WVLV_SERVER_GATE_H
#define WVLV_SERVER_GATE_H

#include <microhttpd.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>

/* A head (request line and header fields) longer than this, or with more
 * header lines, is refused (414 when the request line alone is longer). */
#define GATE_HEAD_MAX  16384
#define GATE_MAX_LINES 200
/* at most this many cookies in the Cookie headers (libmicrohttpd parses them) */
#define GATE_MAX_COOKIES 200

typedef enum gate_verdict {
	GATE_INCOMPLETE = 0,     /* no blank line yet: wait for more */
	GATE_PASS,               /* hand the connection to libmicrohttpd */
	GATE_BAD_LENGTH,         /* 400 invalid-content-length */
	GATE_LENGTH_TOO_LARGE,   /* 413 body-too-large: beyond 2^64 - 1 */
	GATE_URI_TOO_LONG,       /* 414 uri-too-long */
	GATE_HEAD_TOO_LARGE      /* 431 headers-too-large */
} gate_verdict;

/* The verdict on the first n bytes of a connection (n <= GATE_HEAD_MAX;
 * n == GATE_HEAD_MAX: no more will be looked at). */
gate_verdict gate_head_check(const char *buf, size_t n);

/* Listen on sa of len bytes, IPv4 or IPv6 (backlog 256); an IPv6 wildcard
 * [::] also takes IPv4 connections (IPV6_V6ONLY off, whatever the system's
 * default).  False when the address cannot be bound. */
bool gate_listen(const struct sockaddr *sa, socklen_t len);
/* Start the gate thread, handing connections to d (started with
 * MHD_USE_NO_LISTEN_SOCKET). */
bool gate_start(struct MHD_Daemon *d);
/* Stop accepting: close the listening socket and every socket still in the
 * gate. */
void gate_stop(void);

#endif
