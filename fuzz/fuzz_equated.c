/* fuzz_equated.c — the body of POST /api/v1/equated-holidays ({date,
 * reference}) and the date of DELETE /equated-holidays/{date}; an accepted
 * day is then asked for its holiday name. */
#include "fuzz.h"
#include "handlers.h"
#include "input.h"
#include "wvlv/deadline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	http_req *req;
	wvlv_error err;
	json_t *body = fuzz_body(data, size, &req, &err);
	wvlv_date date;
	const char *reference;
	if (body && equated_parse_day(body, &date, &reference, &err)) {
		wvlv_equated_day eq = { .date = date, .reference = reference };
		(void)wvlv_holiday_name(date, &eq, 1);
	}
	/* the same bytes as the date of DELETE /equated-holidays/{date} */
	wvlv_error path_err;
	wvlv_error_clear(&path_err);
	(void)wvlv_date_parse(fuzz_cstr(req, data, size), &date, &path_err);
	fuzz_done(req, &err);
	return 0;
}
