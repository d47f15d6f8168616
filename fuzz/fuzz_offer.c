/* fuzz_offer.c — the body of POST /api/v1/sale-notifications: municipality,
 * dates, property (cadastral designations, BAG ids, address, location
 * point), owner, price, exemption, designation id; and the problem of a
 * refusal. */
#include "fuzz.h"
#include "handlers.h"
#include "input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	http_req *req;
	wvlv_error err;
	json_t *body = fuzz_body(data, size, &req, &err);
	wvlv_offer_create c = { .location_crs = WVLV_CRS_CRS84, .received_on = WVLV_DATE_NONE };
	if (body) {
		offer_parse_new(req, body, &c, &err);
		(void)input_ok(&err);
	}
	fuzz_done(req, &err);
	return 0;
}
