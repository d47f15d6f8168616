/* fuzz_cadastral.c — the short texts of an offer: a cadastral designation
 * ("DDT01 K 4550 A 12"; normalised, it must normalise to itself), an amount
 * in euros, a municipality code, a UUID. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "wvlv/designation.h"
#include "wvlv/offer.h"
#include "wvlv/uuid.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	http_req *req = fuzz_req_new();
	const char *s = fuzz_cstr(req, data, size);
	char n[32], again[32];
	if (wvlv_cadastral_normalise(s, n)) {
		if (strlen(n) >= sizeof(n) || !wvlv_cadastral_normalise(n, again) || strcmp(n, again))
			abort(); /* normalising is idempotent */
	}
	(void)wvlv_price_valid(s);
	(void)wvlv_municipality_code_valid(s);
	(void)wvlv_uuid_shaped(s);
	fuzz_req_free(req);
	return 0;
}
