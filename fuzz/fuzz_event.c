/* fuzz_event.c — the body of POST /sale-notifications/{id}/events: type,
 * day and the event's own member, then the state machine from every state
 * of an offer received on 2026-01-05. */
#include "fuzz.h"
#include "handlers.h"
#include "input.h"
#include "wvlv/offer.h"

static void apply_everywhere(const wvlv_offer_event *ev)
{
	wvlv_date received = wvlv_date_from_ymd(2026, 1, 5);
	for (int s = WVLV_OFFER_RECEIVED; s <= WVLV_OFFER_WITHDRAWN; s++) {
		wvlv_offer_state cur = {
			.status = (wvlv_offer_status)s,
			.received_on = received,
			.response_deadline = received + 42,
			.court_filing_deadline = s == WVLV_OFFER_COURT_REQUESTED ? received + 60
										 : WVLV_DATE_NONE,
			.free_to_sell_until = WVLV_DATE_NONE,
			.last_event_on = s == WVLV_OFFER_RECEIVED ? WVLV_DATE_NONE : received + 10,
		};
		wvlv_offer_state next;
		wvlv_error err;
		wvlv_error_clear(&err);
		(void)wvlv_offer_apply(&cur, ev, NULL, 0, &next, &err);
		(void)wvlv_offer_recorded_late(&cur, ev, received + 50);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	http_req *req;
	wvlv_error err;
	json_t *body = fuzz_body(data, size, &req, &err);
	if (body) {
		wvlv_offer_event ev = { .on = WVLV_DATE_NONE, .moved_to = WVLV_DATE_NONE };
		const char *data_json;
		offer_parse_event(req, body, &ev, &data_json, &err);
		if (input_ok(&err))
			apply_everywhere(&ev);
	}
	fuzz_done(req, &err);
	return 0;
}
