/* http_client.h — a small libcurl client for end-to-end tests. */
#ifndef WVLV_TEST_HTTP_CLIENT_H
#define WVLV_TEST_HTTP_CLIENT_H

#include <jansson.h>
#include <stddef.h>

typedef struct tresp {
	long    status;
	char   *body;
	size_t  len;
	json_t *json;      /* parsed body, NULL when it is not JSON */
	char   *headers;   /* raw header block */
} tresp;

/* METHOD base+path with optional body and extra headers ("Name: value",
 * NULL-terminated list, may be NULL).  A JSON body gets
 * Content-Type: application/json unless a Content-Type is in headers. */
tresp *t_request(const char *base, const char *method, const char *path, const char *body,
		 const char *const *headers);
/* A response header's value (case-insensitive name), or NULL.  Borrowed from resp. */
const char *t_header(tresp *resp, const char *name);
void t_free(tresp *resp);

/* json_object_get chain helpers */
const char *t_str(json_t *obj, const char *key);
long long t_int(json_t *obj, const char *key);

#endif
