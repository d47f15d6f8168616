/* handlers_deadlines.c — /deadlines, /deadline-calculator, designation
 * statistics and /equated-holidays: parse, call one use case
 * (wvlv/app_deadlines.h, wvlv/app_offers.h), render. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"
#include "input.h"
#include "render.h"
#include "wvlv/app_deadlines.h"
#include "wvlv/app_offers.h"

bool deadlines_parse_within(http_req *req, long *within, wvlv_error *err)
{
	const char *v = http_query(req, "within");
	*within = 10;
	if (!v)
		return true;
	char *end;
	*within = strtol(v, &end, 10);
	if (!*v || *end || *within < 0 || *within > 3660)
		return query_invalid(err, "within", "out-of-range",
				     "within must be a whole number of days from 0 to 3660.");
	return true;
}

wvlv_status handle_deadlines(http_req *req, wvlv_error *err)
{
	long within;
	if (!deadlines_parse_within(req, &within, err))
		return err->status;
	wvlv_date today = req->app.today;
	wvlv_deadline_row *rows = NULL;
	size_t n = 0;
	wvlv_status st = wvlv_app_deadlines(&req->app, (int)within, &rows, &n, err);
	if (st != WVLV_OK)
		return st;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		const wvlv_deadline_row *r = &rows[i];
		json_array_append_new(items, json_pack(
			"{s:s, s:o, s:i, s:o, s:s, s:s, s:s}", "kind",
			wvlv_enum_name(&wvlv_deadline_kind_enum, (int)r->kind), "date",
			render_date(r->date), "daysLeft", (int)(r->date - today),
			"saleNotificationId",
			r->sale_notification_id ? json_string(r->sale_notification_id) : json_null(),
			"designationId", r->designation_id ? r->designation_id : "",
			"designationName", r->designation_name ? r->designation_name : "",
			"municipalityCode", r->municipality_code ? r->municipality_code : ""));
	}
	http_reply_json(req, 200, json_pack("{s:o, s:o, s:I}", "items", items, "today",
					    render_date(today), "within", (json_int_t)within));
	return WVLV_OK;
}

bool calculator_parse(http_req *req, const wvlv_term **term, wvlv_date *from, wvlv_error *err)
{
	const char *term_name = http_query(req, "term");
	*term = term_name ? wvlv_term_by_name(term_name) : NULL;
	if (!*term) {
		char names[WVLV_ENUM_TEXT_MAX], reason[WVLV_ENUM_TEXT_MAX + 16];
		snprintf(reason, sizeof(reason), "term must be %s.",
			 wvlv_enum_text(&wvlv_term_enum, WVLV_ENUM_ALL, WVLV_ENUM_OR, names,
					sizeof(names)));
		return query_invalid(err, "term", term_name ? "unknown-term" : "required", reason);
	}
	if (!query_date(req, "from", from, err))
		return false;
	if (*from == WVLV_DATE_NONE)
		return query_invalid(err, "from", "required",
				     "from is required: the day of the event (YYYY-MM-DD); the term runs from the next day.");
	return true;
}

wvlv_status handle_deadline_calculator(http_req *req, wvlv_error *err)
{
	const wvlv_term *term;
	wvlv_date from;
	if (!calculator_parse(req, &term, &from, err))
		return err->status;
	wvlv_deadline dl;
	wvlv_status st = wvlv_app_deadline_calculate(&req->app, term, from, &dl, err);
	if (st != WVLV_OK)
		return st;
	http_add_header(req, "Cache-Control", "no-cache");
	http_reply_json(req, 200, render_deadline(&dl));
	return WVLV_OK;
}

wvlv_status handle_designation_statistics(http_req *req, wvlv_error *err)
{
	const char *id = input_path_uuid(req, "designation", err);
	if (!id)
		return err->status;
	wvlv_offer_stats *rows = NULL;
	size_t n = 0;
	wvlv_status st = wvlv_app_designation_statistics(&req->app, id, &rows, &n, err);
	if (st != WVLV_OK)
		return st;
	json_t *years = json_array(), *total = NULL;
	for (size_t i = 0; i < n; i++) {
		const wvlv_offer_stats *s = &rows[i];
		json_t *o = s->year ? json_pack("{s:i}", "year", s->year) : json_object();
		json_object_set_new(o, "received", json_integer(s->received));
		json_object_set_new(o, "decidedInTime", json_integer(s->decided_in_time));
		json_object_set_new(o, "lapsed", json_integer(s->lapsed));
		json_object_set_new(o, "purchased", json_integer(s->purchased));
		json_object_set_new(o, "exempt", json_integer(s->exempt));
		json_object_set_new(o, "medianDaysToDecision",
				    s->median_days_to_decision < 0
					    ? json_null()
					    : json_real(s->median_days_to_decision));
		if (s->year == 0)
			total = o;
		else
			json_array_append_new(years, o);
	}
	if (!total)
		total = json_pack("{s:i, s:i, s:i, s:i, s:i, s:n}", "received", 0, "decidedInTime",
				  0, "lapsed", 0, "purchased", 0, "exempt", 0,
				  "medianDaysToDecision");
	http_reply_json(req, 200, json_pack("{s:s, s:o, s:o}", "designationId", id, "years", years,
					    "total", total));
	return WVLV_OK;
}

wvlv_status handle_equated_list(http_req *req, wvlv_error *err)
{
	wvlv_equated_day *eq = NULL;
	size_t n = 0;
	wvlv_status st = wvlv_app_equated_list(&req->app, &eq, &n, err);
	if (st != WVLV_OK)
		return st;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:o, s:s}", "date", render_date(eq[i].date),
						       "reference", eq[i].reference));
	http_reply_json(req, 200, json_pack("{s:o}", "items", items));
	return WVLV_OK;
}

/* The answer to an added equated day: 201 with the day, how many open
 * deadlines it moved, the closed offers it came too late for, and its
 * Location. */
typedef struct equated_answer {
	http_req                *req;
	wvlv_date                date;
	const char              *reference;
	int                      moved;
	wvlv_equated_closed_list closed;
} equated_answer;

static json_t *render_closed(const wvlv_equated_closed_list *c)
{
	json_t *a = json_array();
	for (size_t i = 0; i < c->n; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:o, s:o}", "id", c->items[i].id,
						   "municipalityCode",
						   c->items[i].municipality_code, "status",
						   c->items[i].status, "deadline",
						   render_date(c->items[i].deadline),
						   "deadlineWithThisDay",
						   render_date(c->items[i].deadline_now)));
	return a;
}

static wvlv_status answer_equated(void *cls, wvlv_answer *out, wvlv_error *err)
{
	equated_answer *a = cls;
	char day[WVLV_DATE_STRLEN];
	wvlv_date_format(a->date, day);
	http_add_header(a->req, "Location",
			wvlv_arena_printf(a->req->arena, "%s/api/v1/equated-holidays/%s",
					  http_base_url(a->req), day));
	return http_answer(a->req, 201,
			   json_pack("{s:s, s:s, s:i, s:o}", "date", day, "reference", a->reference,
				     "deadlinesMoved", a->moved, "closedTooEarly",
				     render_closed(&a->closed)),
			   out, err);
}

bool equated_parse_day(json_t *body, wvlv_date *date, const char **reference, wvlv_error *err)
{
	input_date_and_text(body, "date", date, "reference", 200, reference, err);
	int y, m, d;
	if (*date != WVLV_DATE_NONE) {
		wvlv_date_to_ymd(*date, &y, &m, &d);
		if (y < 1900 || y > 2199)
			wvlv_error_add_param(err, "date", "date-out-of-range",
					     "date must lie in the years 1900 to 2199.");
	}
	return input_ok(err);
}

wvlv_status handle_equated_create(http_req *req, wvlv_error *err)
{
	json_t *body = input_body_object(req, err);
	if (!body)
		return err->status;
	wvlv_date date;
	const char *reference;
	if (!equated_parse_day(body, &date, &reference, err))
		return err->status;
	equated_answer a = { .req = req, .date = date, .reference = reference };
	req->app.answer = answer_equated;
	req->app.answer_cls = &a;
	return wvlv_app_equated_add(&req->app, date, reference, &a.moved, &a.closed, err);
}

wvlv_status handle_equated_delete(http_req *req, wvlv_error *err)
{
	wvlv_date date;
	if (wvlv_date_parse(req->path_params[0], &date, err) != WVLV_OK) {
		wvlv_error_clear(err);
		wvlv_error_add_param(err, "date", "invalid-date",
				     "The date in the path must be YYYY-MM-DD.");
		return wvlv_error_set(err, WVLV_EBADREQ, "invalid-path-parameter",
				      "The date in the path is not a calendar date.");
	}
	wvlv_status st = wvlv_app_equated_delete(&req->app, date, err);
	if (st != WVLV_OK)
		return st;
	http_reply_bytes(req, 204, NULL, "", 0);
	return WVLV_OK;
}
