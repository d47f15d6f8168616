/* webhook.c — POST alerts to a webhook with libcurl (see webhook.h). */
#include "webhook.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "wvlv/clock.h"

struct webhook {
	CURL              *curl;
	struct curl_slist *headers;
	char              *url;
	webhook_options    opts;
	char               user_agent[64];
	char               errbuf[CURL_ERROR_SIZE];
};

static void sleep_ms(int64_t ms)
{
	if (ms <= 0)
		return;
	struct timespec ts = { .tv_sec = (time_t)(ms / 1000), .tv_nsec = (long)(ms % 1000) * 1000000 };
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* The parts of a URL, parsed by libcurl; false when it cannot. */
static bool url_parts(const char *url, char **scheme, char **host, char **port)
{
	*scheme = *host = *port = NULL;
	CURLU *u = curl_url();
	if (!u)
		return false;
	bool ok = curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
		  curl_url_get(u, CURLUPART_SCHEME, scheme, 0) == CURLUE_OK &&
		  curl_url_get(u, CURLUPART_HOST, host, 0) == CURLUE_OK;
	if (ok && curl_url_get(u, CURLUPART_PORT, port, 0) != CURLUE_OK)
		*port = NULL;
	curl_url_cleanup(u);
	if (!ok) {
		curl_free(*scheme);
		curl_free(*host);
		*scheme = *host = NULL;
	}
	return ok;
}

bool webhook_url_ok(const char *url, char *why, size_t why_size)
{
	if (!url || !*url) {
		snprintf(why, why_size, "an empty URL");
		return false;
	}
	for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
		if (*p <= 0x20 || *p == 0x7f) {
			snprintf(why, why_size, "the URL contains spaces or control characters");
			return false;
		}
	}
	/* the scheme must be written: libcurl would guess one for "example.nl" */
	if (strncasecmp(url, "http://", 7) != 0 && strncasecmp(url, "https://", 8) != 0) {
		snprintf(why, why_size, "only http:// and https:// URLs are supported");
		return false;
	}
	char *scheme, *host, *port;
	if (!url_parts(url, &scheme, &host, &port)) {
		snprintf(why, why_size, "not a URL libcurl can parse");
		return false;
	}
	bool ok = host && *host &&
		  (strcasecmp(scheme, "http") == 0 || strcasecmp(scheme, "https") == 0);
	if (!ok)
		snprintf(why, why_size, "only http:// and https:// URLs with a host are supported");
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	return ok;
}

void webhook_describe(const char *url, char *buf, size_t size)
{
	char *scheme, *host, *port;
	if (!url_parts(url ? url : "", &scheme, &host, &port)) {
		snprintf(buf, size, "(the webhook)");
		return;
	}
	snprintf(buf, size, "%s://%s%s%s", scheme, host, port ? ":" : "", port ? port : "");
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
}

/* The answer's body is not needed; read and drop it. */
static size_t discard(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	(void)ptr;
	(void)userdata;
	return size * nmemb;
}

webhook *webhook_create(const char *url, const webhook_options *opts)
{
	char why[128];
	if (!webhook_url_ok(url, why, sizeof(why)))
		return NULL;
	webhook *w = calloc(1, sizeof(*w));
	if (!w)
		return NULL;
	if (opts)
		w->opts = *opts;
	if (w->opts.connect_timeout_ms <= 0)
		w->opts.connect_timeout_ms = WEBHOOK_CONNECT_TIMEOUT_MS;
	if (w->opts.timeout_ms <= 0)
		w->opts.timeout_ms = WEBHOOK_TIMEOUT_MS;
	if (w->opts.attempts <= 0)
		w->opts.attempts = WEBHOOK_ATTEMPTS;
	if (w->opts.backoff_ms[0] <= 0)
		w->opts.backoff_ms[0] = 500;
	if (w->opts.backoff_ms[1] <= 0)
		w->opts.backoff_ms[1] = 1000;
	snprintf(w->user_agent, sizeof(w->user_agent), "%s",
		 w->opts.user_agent ? w->opts.user_agent : "wvlv");
	w->url = strdup(url);
	w->curl = curl_easy_init();
	w->headers = curl_slist_append(NULL, "Content-Type: application/json");
	struct curl_slist *h = w->headers ? curl_slist_append(w->headers, "Expect:") : NULL;
	if (h)
		w->headers = h;
	if (!w->url || !w->curl || !h) {
		webhook_destroy(w);
		return NULL;
	}
	CURL *c = w->curl;
	curl_easy_setopt(c, CURLOPT_URL, w->url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_POST, 1L);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, w->headers);
	curl_easy_setopt(c, CURLOPT_USERAGENT, w->user_agent);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, w->errbuf);
	return w;
}

void webhook_destroy(webhook *w)
{
	if (!w)
		return;
	if (w->curl)
		curl_easy_cleanup(w->curl);
	curl_slist_free_all(w->headers);
	free(w->url);
	free(w);
}

/* One attempt with at most timeout_ms in all. */
static bool attempt(webhook *w, const char *body, long timeout_ms, webhook_result *out)
{
	CURL *c = w->curl;
	w->errbuf[0] = '\0';
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(body));
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
			 timeout_ms < w->opts.connect_timeout_ms ? timeout_ms
								 : (long)w->opts.connect_timeout_ms);
	CURLcode rc = curl_easy_perform(c);
	out->attempts++;
	out->http_status = 0;
	if (rc != CURLE_OK) {
		const char *why = w->errbuf[0] ? w->errbuf : curl_easy_strerror(rc);
		if (rc == CURLE_OPERATION_TIMEDOUT)
			snprintf(out->error, sizeof(out->error), "no answer within %ld ms (%.200s)",
				 timeout_ms, why);
		else
			snprintf(out->error, sizeof(out->error), "%s", why);
		return false;
	}
	long status = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	out->http_status = status;
	if (status >= 200 && status <= 299) {
		out->error[0] = '\0';
		return true;
	}
	snprintf(out->error, sizeof(out->error), "answered HTTP %ld", status);
	return false;
}

void webhook_post(webhook *w, const char *body, webhook_result *out)
{
	memset(out, 0, sizeof(*out));
	for (int i = 0; i < w->opts.attempts; i++) {
		if (i > 0) {
			int k = i - 1 < WEBHOOK_ATTEMPTS - 2 ? i - 1 : WEBHOOK_ATTEMPTS - 2;
			sleep_ms(w->opts.backoff_ms[k]);
		}
		long timeout = w->opts.timeout_ms;
		if (w->opts.deadline_ms > 0) {
			int64_t left = w->opts.deadline_ms - wvlv_clock_ms_whole();
			if (left < 100) {
				if (out->attempts == 0 || !out->error[0])
					snprintf(out->error, sizeof(out->error),
						 "not attempted: the run's time limit was reached");
				return;
			}
			if (left < timeout)
				timeout = (long)left;
		}
		if (attempt(w, body, timeout, out)) {
			out->delivered = true;
			return;
		}
	}
}
