/* fuzz_bbox.c — the bbox parameter (REST: 4 numbers in CRS84; OGC: 4 or 6,
 * in CRS84 or RD) and the point parameter. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	http_req *req = fuzz_req_new();
	const char *s = fuzz_cstr(req, data, size);
	fuzz_req_param(req, "bbox", s);
	fuzz_req_param(req, "point", s);
	for (int i = 0; i < 4; i++) {
		double box[4];
		bool present;
		wvlv_error err;
		wvlv_error_clear(&err);
		if (query_bbox(req, i & 1, i & 2, box, &present, &err)) {
			if (present && (box[0] > box[2] || box[1] > box[3]))
				abort(); /* an accepted box has min <= max */
		} else {
			fuzz_render_problem(req, &err);
		}
	}
	double point[2];
	bool present;
	wvlv_error err;
	wvlv_error_clear(&err);
	if (!query_point(req, "point", point, &present, &err))
		fuzz_render_problem(req, &err);
	fuzz_req_free(req);
	return 0;
}
