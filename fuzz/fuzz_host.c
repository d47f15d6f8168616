/* fuzz_host.c — the bytes a client puts in the request head that the
 * framing checks read before any route: a Host header value, and the UTF-8
 * check of query values and the Idempotency-Key; and an If-None-Match of
 * /ogc/v1 (its tags, and the counters of those newer than a server's). */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "host.h"
#include "ogc.h"
#include "wvlv/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	http_req *req = fuzz_req_new();
	const char *host = fuzz_cstr(req, data, size);
	if (host_valid(host)) {
		/* a valid Host is never one a link could be bent by */
		if (strpbrk(host, "@/\\ ?#%") || host[0] == '\0')
			abort();
	}
	(void)wvlv_utf8_valid((const char *)data, size);
	(void)ogc_none_match(host, "\"7-0123456789abcdef0123456789abcdef\"");
	long long newer[8];
	size_t n = ogc_none_match_newer(host, 6, newer, 8);
	for (size_t i = 0; i < n; i++)
		if (n > 8 || newer[i] <= 6)
			abort();
	fuzz_req_free(req);
	return 0;
}
