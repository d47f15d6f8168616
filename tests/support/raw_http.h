/* raw_http.h — plain TCP sockets for end-to-end tests that need what libcurl
 * hides: idle connections that send nothing, half a request line, a chosen
 * source address, several requests on one kept-alive connection, and
 * noticing when the server closes a connection. */
#ifndef WVLV_TEST_RAW_HTTP_H
#define WVLV_TEST_RAW_HTTP_H

#include <stdbool.h>
#include <stddef.h>

/* A TCP connection to 127.0.0.1:port, from source address src (e.g.
 * "127.0.0.2"; NULL: the kernel's choice, 127.0.0.1).  -1 when it fails. */
int rh_connect(int port, const char *src);

/* Write all n bytes; false on an error. */
bool rh_send(int fd, const char *data, size_t n);
bool rh_send_str(int fd, const char *s);

typedef struct rh_resp {
	int    status;     /* 0 when no status line arrived */
	char  *head;       /* status line and headers, NUL-terminated */
	char  *body;       /* NUL-terminated */
	size_t body_len;
} rh_resp;

/* Read one response (status line, headers, Content-Length bytes of body)
 * within timeout_ms.  NULL when the connection closed or timed out before
 * a complete head arrived. */
rh_resp *rh_read_response(int fd, int timeout_ms);
/* A header's value (case-insensitive name), or NULL; static ring storage. */
const char *rh_header(const rh_resp *r, const char *name);
void rh_free(rh_resp *r);

/* Wait until the server closes fd (read() returns 0 or fails), discarding
 * anything it sends meanwhile (counted into *bytes when not NULL).  Returns
 * the milliseconds waited, or -1 when it stayed open for timeout_ms. */
long rh_wait_closed(int fd, int timeout_ms, size_t *bytes);

/* Milliseconds on the monotonic clock. */
double rh_now_ms(void);

#endif
