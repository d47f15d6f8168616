/* webhook.h — the alert job's one outward HTTP call: POST a JSON object to a
 * webhook with libcurl (timeouts, three attempts with back-off).  Private to
 * lib/app/ (the alert job, alerts_webhook.c).
 *
 * Only http and https URLs are accepted.  A URL often carries a secret (a
 * token in the path or query), so messages name it by webhook_describe():
 * scheme, host and port only.  Call curl_global_init() once before
 * webhook_create(). */
#ifndef WVLV_APP_WEBHOOK_H
#define WVLV_APP_WEBHOOK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WEBHOOK_ATTEMPTS            3
#define WEBHOOK_CONNECT_TIMEOUT_MS  5000
#define WEBHOOK_TIMEOUT_MS          10000

typedef struct webhook webhook;

typedef struct webhook_options {
	int      connect_timeout_ms;   /* 0: WEBHOOK_CONNECT_TIMEOUT_MS */
	int      timeout_ms;           /* one attempt, in all; 0: WEBHOOK_TIMEOUT_MS */
	int      attempts;             /* 0: WEBHOOK_ATTEMPTS */
	int      backoff_ms[WEBHOOK_ATTEMPTS - 1];  /* before the 2nd, 3rd attempt;
						       0s: 500, 1000 */
	int64_t  deadline_ms;          /* CLOCK_MONOTONIC ms no attempt may run past; 0: none */
	const char *user_agent;        /* NULL: "wvlv" */
} webhook_options;

typedef struct webhook_result {
	bool delivered;       /* some attempt got a 2xx answer */
	int  attempts;        /* made */
	long http_status;     /* of the last attempt; 0 when no answer */
	char error[256];      /* why the last attempt failed ("" when delivered) */
} webhook_result;

/* Is url an absolute http:// or https:// URL with a host?  false with the
 * reason in why. */
bool webhook_url_ok(const char *url, char *why, size_t why_size);

/* "https://hooks.example.nl" (scheme, host, port: no user, path or query). */
void webhook_describe(const char *url, char *buf, size_t size);

/* NULL when out of memory or the URL is not acceptable. */
webhook *webhook_create(const char *url, const webhook_options *opts);
void     webhook_destroy(webhook *w);

/* POST body (a JSON object, Content-Type application/json) until an attempt
 * answers 2xx, at most opts->attempts times, waiting the back-off between
 * attempts; never past opts->deadline_ms. */
void webhook_post(webhook *w, const char *body, webhook_result *out);

#endif /* WVLV_APP_WEBHOOK_H */
