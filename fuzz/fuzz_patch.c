/* fuzz_patch.c — the body of PATCH /api/v1/designations/{id} (JSON or
 * merge-patch): every field into a wvlv_designation_patch, and the problem of
 * a refusal. */
#include "fuzz.h"
#include "handlers.h"
#include "input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	http_req *req;
	wvlv_error err;
	json_t *body = fuzz_body(data, size, &req, &err);
	wvlv_designation_patch p = { .geometry_crs = WVLV_CRS_RD };
	if (body)
		(void)designation_parse_patch(req, body, &p, &err);
	fuzz_done(req, &err);
	return 0;
}
