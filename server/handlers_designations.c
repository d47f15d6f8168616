/* handlers_designations.c — /api/v1/designations: parse, call one use case
 * (wvlv/app_designations.h), render. */
#include <stdio.h>
#include <string.h>

#include "handlers.h"
#include "input.h"
#include "paging.h"
#include "render.h"
#include "wvlv/app_designations.h"
#include "wvlv/etag.h"

#define NAME_MAX_LEN 200
#define REFERENCE_MAX_LEN 200
#define REASON_MAX_LEN 1000

static const char *designation_url(http_req *req, const char *id)
{
	return wvlv_arena_printf(req->arena, "%s/api/v1/designations/%s", http_base_url(req), id);
}

/* Headers every single-designation response carries. */
static void designation_headers(http_req *req, const wvlv_designation *d, wvlv_crs crs)
{
	char etag[WVLV_ETAG_STRLEN];
	http_add_header(req, "ETag", wvlv_etag_format(d->version, etag));
	http_add_header(req, "Content-Crs", wvlv_crs_header(crs));
}

/* The answer to a write: the designation the use case wrote into d, with its
 * ETag and Content-Crs, and its Location when it was created (201). */
typedef struct designation_answer {
	http_req        *req;
	int              status;
	wvlv_crs         crs;
	wvlv_designation d;
} designation_answer;

static wvlv_status answer_designation(void *cls, wvlv_answer *out, wvlv_error *err)
{
	designation_answer *a = cls;
	designation_headers(a->req, &a->d, a->crs);
	if (a->status == 201)
		http_add_header(a->req, "Location", designation_url(a->req, a->d.id));
	return http_answer(a->req, a->status, render_designation(&a->d, a->req->app.today), out,
			   err);
}

/* The request's use case is a write answered by answer_designation. */
static wvlv_request *write_answered(http_req *req, designation_answer *a, int status,
				    wvlv_crs crs)
{
	*a = (designation_answer){ .req = req, .status = status, .crs = crs };
	req->app.answer = answer_designation;
	req->app.answer_cls = a;
	return &req->app;
}

bool designation_parse_new(http_req *req, json_t *body, wvlv_designation_new *d, wvlv_error *err)
{
	static const char *const fields[] = { "municipalityCode", "kind", "name", "measures",
					      "geometry", "bagIds", "firstPeriod", NULL };
	static const char *const period_fields[] = { "start", "end", "decisionReference", NULL };
	input_no_unknown_fields(body, "", fields, err);
	int kind = 0;
	json_t *fp = NULL;
	input_municipality(body, "municipalityCode", true, &d->municipality_code, err);
	input_kind(body, "kind", true, &kind, err);
	input_string(body, "name", "name", true, NAME_MAX_LEN, &d->name, err);
	input_measures(body, "measures", true, &d->measures, err);
	input_geometry(req, body, "geometry", true, &d->geometry_json, err);
	input_bag_ids(req, body, "bagIds", "bagIds", &d->bag_ids, &d->n_bag_ids, err);
	if (input_object(body, "firstPeriod", "firstPeriod", true, &fp, err) && fp) {
		input_no_unknown_fields(fp, "firstPeriod.", period_fields, err);
		d->first.start = d->first.end = WVLV_DATE_NONE;
		input_date(fp, "start", "firstPeriod.start", true, &d->first.start, err);
		input_date(fp, "end", "firstPeriod.end", true, &d->first.end, err);
		input_string(fp, "decisionReference", "firstPeriod.decisionReference", true,
			     REFERENCE_MAX_LEN, &d->first.decision_reference, err);
	}
	if (!input_ok(err))
		return false;
	d->kind = (wvlv_kind)kind;
	d->first.sequence = 1;
	return true;
}

wvlv_status handle_designations_create(http_req *req, wvlv_error *err)
{
	wvlv_crs in_crs, out_crs;
	json_t *body = input_body_object(req, err);
	if (!body || !input_content_crs(req, &in_crs, err) || !query_crs(req, "crs", &out_crs, err))
		return err->status;
	wvlv_designation_new d = { .geometry_crs = in_crs };
	if (!designation_parse_new(req, body, &d, err))
		return err->status;
	designation_answer a;
	return wvlv_app_designation_create(write_answered(req, &a, 201, out_crs), &d, out_crs,
					   &a.d, err);
}

/* The order of the list (creation): its cursor's keys. */
static const page_order DESIGNATION_ORDER = { "d1", "tu" };

bool designation_list_filter(http_req *req, wvlv_designation_filter *f, wvlv_error *err)
{
	memset(f, 0, sizeof(*f));
	f->active_on = WVLV_DATE_NONE;
	f->today = req->app.today;
	int kind = 0, measure = -1, status = 0;
	if (!query_designation_filters(req, &f->municipality_code, &kind, &measure, &status, err))
		return false;
	f->kind = (wvlv_kind)kind;
	f->measure = measure < 0 ? 0 : 1u << measure;
	f->status = (wvlv_designation_status)status;
	/* bbox and point are CRS84 whatever crs asks for the answer */
	return query_date(req, "activeOn", &f->active_on, err) &&
	       query_bbox(req, false, true, f->bbox, &f->has_bbox, err) &&
	       query_point(req, "point", f->point, &f->has_point, err) &&
	       query_paging(req, 1000, &f->limit, &f->offset, err) &&
	       page_cursor_query(req, &DESIGNATION_ORDER, f->after, err);
}

wvlv_status handle_designations_list(http_req *req, wvlv_error *err)
{
	wvlv_designation_filter f;
	wvlv_crs crs;
	if (!designation_list_filter(req, &f, err) || !query_crs(req, "crs", &crs, err))
		return err->status;
	wvlv_designation *items = NULL;
	size_t n = 0;
	long matched = 0;
	page_pos p = { .offset = f.offset, .limit = f.limit, .by_cursor = f.after[0] != NULL };
	f.limit++; /* one more: is there a next page? */
	wvlv_status st = wvlv_app_designation_list(&req->app, &f, crs, &items, &n, &matched, err);
	if (st != WVLV_OK)
		return st;
	if (n > (size_t)p.limit) {
		n = (size_t)p.limit;
		const char *keys[] = { items[n - 1].created_us, items[n - 1].id };
		p.next = page_cursor_of(req, &DESIGNATION_ORDER, keys);
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, render_designation(&items[i], f.today));
	static const char *const keep[] = { "municipalityCode", "kind", "measure", "activeOn",
					    "status", "bbox", "point", "crs", NULL };
	http_add_header(req, "Content-Crs", wvlv_crs_header(crs));
	page_reply(req, arr, keep, &p, matched);
	return WVLV_OK;
}

wvlv_status handle_designation_get(http_req *req, wvlv_error *err)
{
	wvlv_crs crs;
	const char *id = input_path_uuid(req, "designation", err);
	if (!id || !query_crs(req, "crs", &crs, err))
		return err->status;
	wvlv_designation d;
	wvlv_status st = wvlv_app_designation_get(&req->app, id, crs, &d, err);
	if (st != WVLV_OK)
		return st;
	designation_headers(req, &d, crs);
	http_reply_json(req, 200, render_designation(&d, req->app.today));
	return WVLV_OK;
}

bool designation_parse_patch(http_req *req, json_t *body, wvlv_designation_patch *p,
			     wvlv_error *err)
{
	static const char *const fields[] = { "name", "kind", "measures", "geometry", "bagIds",
					      NULL };
	input_no_unknown_fields(body, "", fields, err);
	int kind = 0;
	input_string(body, "name", "name", false, NAME_MAX_LEN, &p->name, err);
	input_kind(body, "kind", false, &kind, err);
	input_measures(body, "measures", false, &p->measures, err);
	input_geometry(req, body, "geometry", false, &p->geometry_json, err);
	if (json_object_get(body, "bagIds")) {
		p->set_bag_ids = true;
		input_bag_ids(req, body, "bagIds", "bagIds", &p->bag_ids, &p->n_bag_ids, err);
	}
	if (json_object_size(body) == 0)
		wvlv_error_add_param(err, "body", "empty-patch",
				     "Name at least one of name, kind, measures, geometry, bagIds.");
	if (!input_ok(err))
		return false;
	if (kind) {
		p->set_kind = true;
		p->kind = (wvlv_kind)kind;
	}
	return true;
}

wvlv_status handle_designation_patch(http_req *req, wvlv_error *err)
{
	wvlv_crs in_crs, out_crs;
	const char *id = input_path_uuid(req, "designation", err);
	if (!id)
		return err->status;
	json_t *body = input_body_object(req, err);
	if (!body || !input_content_crs(req, &in_crs, err) ||
	    !query_crs(req, "crs", &out_crs, err))
		return err->status;
	wvlv_designation_patch p = { .geometry_crs = in_crs };
	if (!designation_parse_patch(req, body, &p, err))
		return err->status;
	designation_answer a;
	return wvlv_app_designation_patch(write_answered(req, &a, 200, out_crs), id,
					  http_header(req, "If-Match"), &p, out_crs, &a.d, err);
}

/* A use case that changes one designation with a date and a text: an
 * extension (its end and decision reference) or a withdrawal (its day and
 * reason). */
typedef wvlv_status (*dated_change_fn)(wvlv_request *r, const char *id, const char *if_match,
				       wvlv_date date, const char *text, wvlv_crs crs,
				       wvlv_designation *out, wvlv_error *err);

/* POST /designations/{id}/<change> with the body {<date_key>, <text_key>},
 * answered `status` with the designation. */
static wvlv_status dated_change(http_req *req, const char *date_key, const char *text_key,
				size_t text_max, int status, dated_change_fn change,
				wvlv_error *err)
{
	wvlv_crs crs;
	const char *id = input_path_uuid(req, "designation", err);
	json_t *body = id ? input_body_object(req, err) : NULL;
	if (!body || !query_crs(req, "crs", &crs, err))
		return err->status;
	wvlv_date date;
	const char *text;
	input_date_and_text(body, date_key, &date, text_key, text_max, &text, err);
	if (!input_ok(err))
		return err->status;
	designation_answer a;
	return change(write_answered(req, &a, status, crs), id, http_header(req, "If-Match"), date,
		      text, crs, &a.d, err);
}

void designation_parse_dated(json_t *body, bool withdrawal, wvlv_date *date, const char **text,
			     wvlv_error *err)
{
	if (withdrawal)
		input_date_and_text(body, "on", date, "reason", REASON_MAX_LEN, text, err);
	else
		input_date_and_text(body, "end", date, "decisionReference", REFERENCE_MAX_LEN, text,
				    err);
}

wvlv_status handle_designation_extend(http_req *req, wvlv_error *err)
{
	return dated_change(req, "end", "decisionReference", REFERENCE_MAX_LEN, 201,
			    wvlv_app_designation_extend, err);
}

wvlv_status handle_designation_withdraw(http_req *req, wvlv_error *err)
{
	return dated_change(req, "on", "reason", REASON_MAX_LEN, 200, wvlv_app_designation_withdraw,
			    err);
}
