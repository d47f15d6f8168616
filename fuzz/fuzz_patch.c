/* fuzz_patch.c — the body of PATCH /api/v1/designations/{id} (JSON or
 * merge-patch): every field into a wvlv_designation_patch, and the problem of
 * a refusal. */
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
	wvlv_designation_patch p = { .geometry_crs = WVLV_CRS_RD };
	if (body)
		(void)designation_parse_patch(req, body, &p, &err);
	if (err.status != WVLV_OK)
		fuzz_render_problem(req, &err);
	fuzz_req_free(req);
	return 0;
}
