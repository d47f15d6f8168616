/* fuzz_authorization.c — the Authorization header: "Bearer <token>" read
 * into a token (43 base64url characters), and its hash. */
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	http_req *req = fuzz_req_new();
	const char *h = fuzz_cstr(req, data, size);
	char token[WVLV_TOKEN_STRLEN];
	if (auth_bearer_token(h, token)) {
		if (strlen(token) != WVLV_TOKEN_STRLEN - 1 || !wvlv_token_well_formed(token))
			abort(); /* only a well-formed token is taken */
		char hex[WVLV_TOKEN_HEXLEN];
		wvlv_token_hash_hex(token, hex);
		if (!wvlv_token_equal(token, token))
			abort();
	}
	(void)wvlv_token_well_formed(h);
	fuzz_req_free(req);
	return 0;
}
