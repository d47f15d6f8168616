/* fuzz_crs.c — CRS URIs as the crs and bbox-crs parameters and the
 * Content-Crs header name them. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	http_req *req = fuzz_req_new();
	const char *s = fuzz_cstr(req, data, size);
	wvlv_crs crs;
	if (wvlv_crs_parse(s, &crs)) {
		wvlv_crs again;
		if (!wvlv_crs_parse(wvlv_crs_uri(crs), &again) || again != crs ||
		    !wvlv_crs_parse(wvlv_crs_header(crs), &again) || again != crs)
			abort(); /* what is written is read back */
	}
	fuzz_req_header(req, "Content-Crs", data, size);
	fuzz_req_param(req, "crs", s);
	fuzz_req_param(req, "bbox-crs", s);
	wvlv_error err;
	wvlv_error_clear(&err);
	if (!input_content_crs(req, &crs, &err))
		fuzz_render_problem(req, &err);
	wvlv_error_clear(&err);
	if (!query_crs(req, "crs", &crs, &err) || !query_crs(req, "bbox-crs", &crs, &err))
		fuzz_render_problem(req, &err);
	fuzz_req_free(req);
	return 0;
}
