/* fuzz_dated_change.c — the bodies of POST /designations/{id}/extensions
 * ({end, decisionReference}) and /withdrawal ({on, reason}), each then
 * through its legal check against a designation of three periods. */
#include "fuzz.h"
#include "handlers.h"
#include "input.h"

static void one(const uint8_t *data, size_t size, bool extend)
{
	http_req *req;
	wvlv_error err;
	json_t *body = fuzz_body(data, size, &req, &err);
	wvlv_period periods[3] = {
		{ .sequence = 1, .start = wvlv_date_from_ymd(2020, 1, 1),
		  .end = wvlv_date_from_ymd(2022, 12, 31) },
		{ .sequence = 2, .start = wvlv_date_from_ymd(2023, 1, 1),
		  .end = wvlv_date_from_ymd(2024, 12, 31) },
		{ .sequence = 3, .start = wvlv_date_from_ymd(2025, 1, 1),
		  .end = wvlv_date_from_ymd(2026, 6, 30) },
	};
	if (body) {
		wvlv_date date, out;
		const char *text;
		input_date_and_text(body, extend ? "end" : "on", &date,
				    extend ? "decisionReference" : "reason", extend ? 200 : 1000,
				    &text, &err);
		if (input_ok(&err) && extend)
			(void)wvlv_extension_check(periods, 3, WVLV_DATE_NONE, date, &out, &err);
		else if (err.status == WVLV_OK)
			(void)wvlv_withdrawal_check(periods, 3, WVLV_DATE_NONE, date, &out, &err);
	}
	fuzz_done(req, &err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	one(data, size, true);
	one(data, size, false);
	return 0;
}
