/* handlers_deadlines.c — /deadlines, /deadline-calculator, designation
 * statistics and /equated-holidays. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"
#include "input.h"
#include "render.h"
#include "txn.h"
#include "wvlv/offers.h"

#define DESIGNATION_END_WINDOW_DAYS 180

static const char *kind_name(wvlv_deadline_kind k)
{
	return k == WVLV_DL_RESPONSE ? "response"
	       : k == WVLV_DL_COURT_FILING ? "court-filing" : "designation-end";
}

/* Answer 400 for one bad query parameter. */
static void reply_bad_query(http_req *req, const char *name, const char *code, const char *reason)
{
	wvlv_error err;
	wvlv_error_clear(&err);
	query_invalid(&err, name, code, reason);
	http_reply_error(req, &err);
}

void handle_deadlines(http_req *req)
{
	long within = 10;
	const char *v = http_query(req, "within");
	if (v) {
		char *end;
		within = strtol(v, &end, 10);
		if (!*v || *end || within < 0 || within > 3660) {
			reply_bad_query(req, "within", "out-of-range",
				  "within must be a whole number of days from 0 to 3660.");
			return;
		}
	}
	wvlv_error err;
	wvlv_error_clear(&err);
	txn t;
	if (!txn_begin(req, &t))
		return;
	wvlv_date today = wvlv_date_today_amsterdam();
	wvlv_deadline_row *rows = NULL;
	size_t n = 0;
	if (wvlv_store_deadlines(t.db, req->arena, today, today + (wvlv_date)within,
				 today + DESIGNATION_END_WINDOW_DAYS, &rows, &n, &err) != WVLV_OK) {
		txn_fail(&t, &err);
		return;
	}
	if (!txn_commit(&t))
		return;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		const wvlv_deadline_row *r = &rows[i];
		json_array_append_new(items, json_pack(
			"{s:s, s:o, s:i, s:o, s:s, s:s, s:s}", "kind", kind_name(r->kind), "date",
			render_date(r->date), "daysLeft", (int)(r->date - today),
			"saleNotificationId",
			r->sale_notification_id ? json_string(r->sale_notification_id) : json_null(),
			"designationId", r->designation_id ? r->designation_id : "",
			"designationName", r->designation_name ? r->designation_name : "",
			"municipalityCode", r->municipality_code ? r->municipality_code : ""));
	}
	http_reply_json(req, 200, json_pack("{s:o, s:o, s:I}", "items", items, "today",
					    render_date(today), "within", (json_int_t)within));
}

/* The equated days, read in a transaction of their own; false: answered already. */
static bool load_equated(http_req *req, wvlv_equated_day **eq, size_t *n)
{
	wvlv_error err;
	wvlv_error_clear(&err);
	txn t;
	if (!txn_begin(req, &t))
		return false;
	if (wvlv_offers_equated(t.db, req->arena, eq, n, &err) != WVLV_OK) {
		txn_fail(&t, &err);
		return false;
	}
	return txn_commit(&t);
}

void handle_deadline_calculator(http_req *req)
{
	const char *term_name = http_query(req, "term");
	const wvlv_term *term = term_name ? wvlv_term_by_name(term_name) : NULL;
	if (!term) {
		reply_bad_query(req, "term", term_name ? "unknown-term" : "required",
			  "term must be response, court-filing or free-period.");
		return;
	}
	wvlv_error err;
	wvlv_error_clear(&err);
	wvlv_date from;
	if (!query_date(req, "from", &from, &err)) {
		http_reply_error(req, &err);
		return;
	}
	if (from == WVLV_DATE_NONE) {
		reply_bad_query(req, "from", "required",
			  "from is required: the day of the event (YYYY-MM-DD); the term runs from the next day.");
		return;
	}
	wvlv_equated_day *eq = NULL;
	size_t neq = 0;
	if (!load_equated(req, &eq, &neq))
		return;
	wvlv_deadline dl;
	if (wvlv_deadline_compute(term, from, eq, neq, &dl, &err) != WVLV_OK) {
		err.status = WVLV_EBADREQ;
		http_reply_error(req, &err);
		return;
	}
	http_add_header(req, "Cache-Control", "no-cache");
	http_reply_json(req, 200, render_deadline(&dl));
}

void handle_designation_statistics(http_req *req)
{
	const char *id = input_path_uuid(req, "designation");
	if (!id)
		return;
	wvlv_error err;
	wvlv_error_clear(&err);
	txn t;
	if (!txn_begin(req, &t))
		return;
	wvlv_offer_stats *rows = NULL;
	size_t n = 0;
	if (wvlv_offers_statistics(t.db, req->arena, &req->caller, id, &rows, &n, &err) !=
	    WVLV_OK) {
		txn_fail(&t, &err);
		return;
	}
	if (!txn_commit(&t))
		return;
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
}

void handle_equated_list(http_req *req)
{
	wvlv_equated_day *eq = NULL;
	size_t n = 0;
	if (!load_equated(req, &eq, &n))
		return;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:o, s:s}", "date", render_date(eq[i].date),
						       "reference", eq[i].reference));
	http_reply_json(req, 200, json_pack("{s:o}", "items", items));
}

void handle_equated_create(http_req *req)
{
	wvlv_error err;
	wvlv_error_clear(&err);
	json_t *body = input_body_object(req, &err);
	if (!body) {
		http_reply_error(req, &err);
		return;
	}
	static const char *const fields[] = { "date", "reference", NULL };
	input_no_unknown_fields(body, "", fields, &err);
	wvlv_date date = WVLV_DATE_NONE;
	const char *reference = NULL;
	input_date(body, "date", "date", true, &date, &err);
	input_string(body, "reference", "reference", true, 200, &reference, &err);
	int y, m, d;
	if (date != WVLV_DATE_NONE) {
		wvlv_date_to_ymd(date, &y, &m, &d);
		if (y < 1900 || y > 2199)
			wvlv_error_add_param(&err, "date", "date-out-of-range",
					     "date must lie in the years 1900 to 2199.");
	}
	if (!input_ok(&err)) {
		http_reply_error(req, &err);
		return;
	}
	txn t;
	if (!txn_begin(req, &t) || txn_idempotent(&t))
		return;
	int moved = 0;
	if (wvlv_offers_equated_add(t.db, req->arena, &req->caller, date, reference, &moved, &err) !=
	    WVLV_OK) {
		txn_fail(&t, &err);
		return;
	}
	char day[WVLV_DATE_STRLEN];
	wvlv_date_format(date, day);
	txn_finish(&t, 201,
		   json_pack("{s:s, s:s, s:i}", "date", day, "reference", reference,
			     "deadlinesMoved", moved),
		   wvlv_arena_printf(req->arena, "%s/api/v1/equated-holidays/%s",
				     http_base_url(req), day));
}

void handle_equated_delete(http_req *req)
{
	wvlv_error err;
	wvlv_error_clear(&err);
	wvlv_date date;
	if (wvlv_date_parse(req->path_params[0], &date, &err) != WVLV_OK) {
		wvlv_error_clear(&err);
		wvlv_error_add_param(&err, "date", "invalid-date",
				     "The date in the path must be YYYY-MM-DD.");
		wvlv_error_set(&err, WVLV_EBADREQ, "invalid-path-parameter",
			       "The date in the path is not a calendar date.");
		http_reply_error(req, &err);
		return;
	}
	txn t;
	if (!txn_begin(req, &t))
		return;
	if (wvlv_offers_equated_delete(t.db, &req->caller, date, &err) != WVLV_OK) {
		txn_fail(&t, &err);
		return;
	}
	if (!txn_commit(&t))
		return;
	http_reply_bytes(req, 204, NULL, "", 0);
}
