/* http_client.c — libcurl client for end-to-end tests (see http_client.h). */
#include "http_client.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct buf {
	char *p;
	size_t n;
} buf;

static size_t on_data(char *ptr, size_t size, size_t nmemb, void *ud)
{
	buf *b = ud;
	size_t n = size * nmemb;
	char *np = realloc(b->p, b->n + n + 1);
	if (!np)
		return 0;
	memcpy(np + b->n, ptr, n);
	b->p = np;
	b->n += n;
	b->p[b->n] = '\0';
	return n;
}

tresp *t_request(const char *base, const char *method, const char *path, const char *body,
		 const char *const *headers)
{
	CURL *c = curl_easy_init();
	if (!c)
		abort();
	size_t ulen = strlen(base) + strlen(path) + 1;
	char *url = malloc(ulen);
	snprintf(url, ulen, "%s%s", base, path);
	buf b = { 0 }, h = { 0 };
	struct curl_slist *hl = NULL;
	int have_ct = 0;
	for (const char *const *p = headers; p && *p; p++) {
		hl = curl_slist_append(hl, *p);
		if (strncasecmp(*p, "Content-Type:", 13) == 0)
			have_ct = 1;
	}
	if (body && !have_ct)
		hl = curl_slist_append(hl, "Content-Type: application/json");
	hl = curl_slist_append(hl, "Expect:");
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &h);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	if (body) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	}
	tresp *r = calloc(1, sizeof(*r));
	CURLcode rc = curl_easy_perform(c);
	if (rc == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	else
		r->status = -1;
	r->body = b.p ? b.p : strdup("");
	r->len = b.n;
	r->headers = h.p ? h.p : strdup("");
	r->json = json_loadb(r->body, r->len, 0, NULL);
	curl_slist_free_all(hl);
	curl_easy_cleanup(c);
	free(url);
	return r;
}

const char *t_header(tresp *r, const char *name)
{
	/* The header block is rewritten in place into NUL-terminated values on
	 * first use is avoided: search it each time and copy into a small ring. */
	static _Thread_local char ring[4][2048];
	static _Thread_local int slot;
	size_t nl = strlen(name);
	const char *p = r->headers;
	const char *found = NULL;
	while (p && *p) {
		const char *eol = strstr(p, "\r\n");
		if (!eol)
			eol = p + strlen(p);
		if ((size_t)(eol - p) > nl && strncasecmp(p, name, nl) == 0 && p[nl] == ':')
			found = p; /* keep the last (after redirects/100) */
		p = *eol ? eol + 2 : eol;
	}
	if (!found)
		return NULL;
	const char *v = found + nl + 1;
	while (*v == ' ')
		v++;
	const char *e = strstr(v, "\r\n");
	size_t n = e ? (size_t)(e - v) : strlen(v);
	char *out = ring[slot++ % 4];
	if (n >= sizeof(ring[0]))
		n = sizeof(ring[0]) - 1;
	memcpy(out, v, n);
	out[n] = '\0';
	return out;
}

void t_free(tresp *r)
{
	if (!r)
		return;
	json_decref(r->json);
	free(r->body);
	free(r->headers);
	free(r);
}

const char *t_str(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

long long t_int(json_t *obj, const char *key)
{
	return json_integer_value(json_object_get(obj, key));
}
