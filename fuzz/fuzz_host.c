/* fuzz_host.c — the bytes a client puts in the request head that the
 * framing checks read before any route: a Host header value, and the UTF-8
 * check of query values and the Idempotency-Key. */
#include <stdlib.h>
#include <string.h>

#include "framing.h"
#include "fuzz.h"
#include "wvlv/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	http_req *req = fuzz_req_new();
	const char *host = fuzz_cstr(req, data, size);
	if (framing_host_valid(host)) {
		/* a valid Host is never one a link could be bent by */
		if (strpbrk(host, "@/\\ ?#%") || host[0] == '\0')
			abort();
	}
	(void)wvlv_utf8_valid((const char *)data, size);
	fuzz_req_free(req);
	return 0;
}
