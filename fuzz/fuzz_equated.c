/* fuzz_equated.c — the body of POST /api/v1/equated-holidays ({date,
 * reference}) and the date of DELETE /equated-holidays/{date}; an accepted
 * day is then asked for its holiday name. */
#include "fuzz.h"
#include "handlers.h"
#include "input.h"
#include "wvlv/deadline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	http_req *req = fuzz_req_new();
	wvlv_error err;
	wvlv_error_clear(&err);
	fuzz_req_body(req, data, size);
	json_t *body = input_body_object(req, &err);
	wvlv_date date;
	const char *reference;
	if (body && equated_parse_day(body, &date, &reference, &err)) {
		wvlv_equated_day eq = { .date = date, .reference = reference };
		(void)wvlv_holiday_name(date, &eq, 1);
	}
	if (err.status != WVLV_OK)
		fuzz_render_problem(req, &err);
	wvlv_error_clear(&err);
	(void)wvlv_date_parse(fuzz_cstr(req, data, size), &date, &err);
	fuzz_req_free(req);
	return 0;
}
