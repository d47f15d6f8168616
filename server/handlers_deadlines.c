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

wvlv_status handle_deadlines(http_req *req, wvlv_error *err)
{
	long within = 10;
	const char *v = http_query(req, "within");
	if (v) {
		char *end;
		within = strtol(v, &end, 10);
		if (!*v || *end || within < 0 || within > 3660) {
			query_invalid(err, "within", "out-of-range",
				      "within must be a whole number of days from 0 to 3660.");
			return err->status;
		}
	}
	txn *t;
	wvlv_status st = txn_begin(req, &t, err);
	if (st != WVLV_OK)
		return st;
	wvlv_date today = wvlv_date_today_amsterdam();
	wvlv_deadline_row *rows = NULL;
	size_t n = 0;
	if (wvlv_store_deadlines(t->db, req->arena, today, today + (wvlv_date)within,
				 today + DESIGNATION_END_WINDOW_DAYS, &rows, &n, err) != WVLV_OK)
		return err->status;
	if ((st = txn_commit(t, err)) != WVLV_OK)
		return st;
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
	return WVLV_OK;
}

/* The equated days, read in a transaction of their own. */
static wvlv_status load_equated(http_req *req, wvlv_equated_day **eq, size_t *n, wvlv_error *err)
{
	txn *t;
	wvlv_status st;
	if ((st = txn_begin(req, &t, err)) != WVLV_OK ||
	    (st = wvlv_offers_equated(t->db, req->arena, eq, n, err)) != WVLV_OK)
		return st;
	return txn_commit(t, err);
}

wvlv_status handle_deadline_calculator(http_req *req, wvlv_error *err)
{
	const char *term_name = http_query(req, "term");
	const wvlv_term *term = term_name ? wvlv_term_by_name(term_name) : NULL;
	if (!term)
		return query_invalid(err, "term", term_name ? "unknown-term" : "required",
				     "term must be response, court-filing or free-period."),
		       err->status;
	wvlv_date from;
	if (!query_date(req, "from", &from, err))
		return err->status;
	if (from == WVLV_DATE_NONE)
		return query_invalid(err, "from", "required",
				     "from is required: the day of the event (YYYY-MM-DD); the term runs from the next day."),
		       err->status;
	wvlv_equated_day *eq = NULL;
	size_t neq = 0;
	wvlv_status st = load_equated(req, &eq, &neq, err);
	if (st != WVLV_OK)
		return st;
	wvlv_deadline dl;
	if (wvlv_deadline_compute(term, from, eq, neq, &dl, err) != WVLV_OK)
		return err->status = WVLV_EBADREQ;
	http_add_header(req, "Cache-Control", "no-cache");
	http_reply_json(req, 200, render_deadline(&dl));
	return WVLV_OK;
}

wvlv_status handle_designation_statistics(http_req *req, wvlv_error *err)
{
	const char *id = input_path_uuid(req, "designation", err);
	if (!id)
		return err->status;
	txn *t;
	wvlv_status st = txn_begin(req, &t, err);
	if (st != WVLV_OK)
		return st;
	wvlv_offer_stats *rows = NULL;
	size_t n = 0;
	if (wvlv_offers_statistics(t->db, req->arena, &req->caller, id, &rows, &n, err) !=
	    WVLV_OK)
		return err->status;
	if ((st = txn_commit(t, err)) != WVLV_OK)
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
	wvlv_status st = load_equated(req, &eq, &n, err);
	if (st != WVLV_OK)
		return st;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:o, s:s}", "date", render_date(eq[i].date),
						       "reference", eq[i].reference));
	http_reply_json(req, 200, json_pack("{s:o}", "items", items));
	return WVLV_OK;
}

wvlv_status handle_equated_create(http_req *req, wvlv_error *err)
{
	json_t *body = input_body_object(req, err);
	if (!body)
		return err->status;
	static const char *const fields[] = { "date", "reference", NULL };
	input_no_unknown_fields(body, "", fields, err);
	wvlv_date date = WVLV_DATE_NONE;
	const char *reference = NULL;
	input_date(body, "date", "date", true, &date, err);
	input_string(body, "reference", "reference", true, 200, &reference, err);
	int y, m, d;
	if (date != WVLV_DATE_NONE) {
		wvlv_date_to_ymd(date, &y, &m, &d);
		if (y < 1900 || y > 2199)
			wvlv_error_add_param(err, "date", "date-out-of-range",
					     "date must lie in the years 1900 to 2199.");
	}
	if (!input_ok(err))
		return err->status;
	txn *t;
	bool replayed;
	wvlv_status st;
	if ((st = txn_begin(req, &t, err)) != WVLV_OK ||
	    (st = txn_idempotent(t, &replayed, err)) != WVLV_OK || replayed)
		return st;
	int moved = 0;
	if (wvlv_offers_equated_add(t->db, req->arena, &req->caller, date, reference, &moved, err) !=
	    WVLV_OK)
		return err->status;
	char day[WVLV_DATE_STRLEN];
	wvlv_date_format(date, day);
	return txn_finish(t, 201,
		   json_pack("{s:s, s:s, s:i}", "date", day, "reference", reference,
			     "deadlinesMoved", moved),
		   wvlv_arena_printf(req->arena, "%s/api/v1/equated-holidays/%s",
				     http_base_url(req), day), err);
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
	txn *t;
	wvlv_status st = txn_begin(req, &t, err);
	if (st != WVLV_OK)
		return st;
	if (wvlv_offers_equated_delete(t->db, &req->caller, date, err) != WVLV_OK)
		return err->status;
	if ((st = txn_commit(t, err)) != WVLV_OK)
		return st;
	http_reply_bytes(req, 204, NULL, "", 0);
	return WVLV_OK;
}
