/* fuzz_date.c — dates and intervals: the strict YYYY-MM-DD of every date
 * field and parameter (formatted back, it must read the same), RFC 3339
 * date-times (audit-log since), and the OGC datetime instant or interval. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "input.h"
#include "ogc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	http_req *req = fuzz_req_new();
	const char *s = fuzz_cstr(req, data, size);
	wvlv_error err;
	wvlv_error_clear(&err);
	wvlv_date d;
	if (wvlv_date_parse(s, &d, &err) == WVLV_OK) {
		char back[WVLV_DATE_STRLEN];
		if (strcmp(wvlv_date_format(d, back), s) != 0)
			abort(); /* a date read is written back as it was */
		(void)wvlv_date_weekday(d);
		(void)wvlv_date_years_last_day(d, 5);
		(void)wvlv_date_months_after(d, 6);
	}
	(void)wvlv_timestamp_or_date_valid(s);
	fuzz_req_param(req, "datetime", s);
	ogc_query oq = { .what = OGC_ITEMS };
	wvlv_error_clear(&err);
	if (!ogc_items_query(req, &oq, &err))
		fuzz_render_problem(req, &err);
	fuzz_req_free(req);
	return 0;
}
