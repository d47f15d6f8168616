/* fuzz_offer.c — the body of POST /api/v1/sale-notifications: municipality,
 * dates, property (cadastral designations, BAG ids, address, location
 * point), owner, price, exemption, designation id; and the problem of a
 * refusal. */
#include "fuzz.h"
#include "handlers.h"
#include "input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	http_req *req = fuzz_req_new();
	wvlv_error err;
	wvlv_error_clear(&err);
	fuzz_req_body(req, data, size);
	json_t *body = input_body_object(req, &err);
	wvlv_offer_create c = { .location_crs = WVLV_CRS_CRS84, .received_on = WVLV_DATE_NONE };
	if (body) {
		offer_parse_new(req, body, &c, &err);
		(void)input_ok(&err);
	}
	if (err.status != WVLV_OK)
		fuzz_render_problem(req, &err);
	fuzz_req_free(req);
	return 0;
}
