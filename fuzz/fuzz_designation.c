/* fuzz_designation.c — the body of POST /api/v1/designations: JSON text
 * (depth pre-check, jansson), every field into a wvlv_designation_new, the
 * first period's legal checks, and the problem of a refusal. */
#include "fuzz.h"
#include "handlers.h"
#include "input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	http_req *req;
	wvlv_error err;
	json_t *body = fuzz_body(data, size, &req, &err);
	wvlv_designation_new d = { .geometry_crs = WVLV_CRS_CRS84 };
	if (body && designation_parse_new(req, body, &d, &err))
		(void)wvlv_period_check_first(d.first.start, d.first.end, "firstPeriod.", &err);
	fuzz_done(req, &err);
	return 0;
}
