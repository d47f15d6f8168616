/* handlers_offers.c — /api/v1/sale-notifications and their events: parse,
 * call one use case (wvlv/app_offers.h), render. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geojson.h"
#include "handlers.h"
#include "input.h"
#include "paging.h"
#include "render.h"
#include "wvlv/app_offers.h"
#include "wvlv/etag.h"
#include "wvlv/uuid.h"

#define TEXT_MAX 200

static const char *offer_url(http_req *req, const char *id)
{
	return wvlv_arena_printf(req->arena, "%s/api/v1/sale-notifications/%s", http_base_url(req),
				 id);
}

static void offer_headers(http_req *req, const wvlv_offer *o, wvlv_crs crs)
{
	char etag[WVLV_ETAG_STRLEN];
	http_add_header(req, "ETag", wvlv_etag_format(o->version, etag));
	http_add_header(req, "Content-Crs", wvlv_crs_header(crs));
}

/* The answer to a write: 201 with the whole offer the use case wrote into o,
 * its ETag and Location. */
typedef struct offer_answer {
	http_req          *req;
	wvlv_crs           crs;
	wvlv_offer         o;
	wvlv_offer_context ctx;
} offer_answer;

static wvlv_status answer_offer(void *cls, wvlv_answer *out, wvlv_error *err)
{
	offer_answer *a = cls;
	offer_headers(a->req, &a->o, a->crs);
	http_add_header(a->req, "Location", offer_url(a->req, a->o.id));
	return http_answer(a->req, 201, render_offer(&a->o, &a->ctx), out, err);
}

static wvlv_request *write_answered(http_req *req, offer_answer *a, wvlv_crs crs)
{
	*a = (offer_answer){ .req = req, .crs = crs };
	req->app.answer = answer_offer;
	req->app.answer_cls = a;
	return &req->app;
}

static void parse_property(http_req *req, json_t *body, const char **property_json,
			   const char **location_json, wvlv_error *err)
{
	json_t *p = NULL;
	if (!input_object(body, "property", "property", true, &p, err) || !p)
		return;
	static const char *const fields[] = { "cadastralParcels", "bagIds", "address", "location",
					      NULL };
	input_no_unknown_fields(p, "property.", fields, err);
	json_t *out = json_object();
	wvlv_arena_on_destroy(req->arena, (void (*)(void *))json_decref, out);
	json_t *parcels = json_object_get(p, "cadastralParcels");
	if (!json_is_array(parcels) || json_array_size(parcels) == 0 ||
	    json_array_size(parcels) > 100) {
		wvlv_error_add_param(err, "property.cadastralParcels", "required",
				     "property.cadastralParcels must list 1 to 100 cadastral designations, e.g. \"DDT01 K 4550\".");
	} else {
		json_t *norm = json_array();
		size_t i;
		json_t *e;
		json_array_foreach(parcels, i, e) {
			char n[32];
			if (!json_is_string(e) || !wvlv_cadastral_normalise(json_string_value(e), n)) {
				wvlv_error_add_param(err, "property.cadastralParcels",
						     "invalid-cadastral-designation",
						     "property.cadastralParcels[%zu] is not a cadastral designation (AKR code, section, parcel number, optionally A and an apartment index: \"DDT01 K 4550 A 12\").",
						     i);
				break;
			}
			json_array_append_new(norm, json_string(n));
		}
		json_object_set_new(out, "cadastralParcels", norm);
	}
	const char **bag = NULL;
	size_t nbag = 0;
	if (input_bag_ids(req, p, "bagIds", "property.bagIds", &bag, &nbag, err)) {
		json_t *b = json_array();
		for (size_t i = 0; i < nbag; i++)
			json_array_append_new(b, json_string(bag[i]));
		json_object_set_new(out, "bagIds", b);
	}
	json_t *addr = NULL;
	if (input_object(p, "address", "property.address", false, &addr, err) && addr) {
		static const char *const afields[] = { "street", "houseNumber", "houseLetter",
						       "houseNumberAddition", "postalCode", "city",
						       NULL };
		input_no_unknown_fields(addr, "property.address.", afields, err);
		for (const char *const *f = afields; *f; f++) {
			const char *v = NULL;
			char pname[64];
			snprintf(pname, sizeof(pname), "property.address.%s", *f);
			(void)input_string(addr, *f, pname, false, TEXT_MAX, &v, err);
		}
		json_object_set(out, "address", addr);
	}
	json_t *loc = NULL;
	if (input_object(p, "location", "property.location", true, &loc, err) && loc) {
		json_t *type = json_object_get(loc, "type");
		long n;
		char why[160];
		if (!json_is_string(type) || strcmp(json_string_value(type), "Point") != 0 ||
		    geojson_positions(json_object_get(loc, "coordinates"), GEOJSON_LEVELS_POINT, 1,
				      "coordinates", &n, why, sizeof(why)) != GEOJSON_OK) {
			wvlv_error_add_param(err, "property.location", "invalid-geometry",
					     "property.location must be a GeoJSON Point with numeric coordinates.");
		} else {
			char *t = json_dumps(loc, JSON_COMPACT);
			*location_json = wvlv_arena_strdup(req->arena, t ? t : "");
			free(t);
		}
	}
	char *t = json_dumps(out, JSON_COMPACT | JSON_PRESERVE_ORDER);
	*property_json = wvlv_arena_strdup(req->arena, t ? t : "{}");
	free(t);
}

/* owner: {name (required), address?, email?, phone?} — personal data. */
static const char *parse_owner(http_req *req, json_t *body, wvlv_error *err)
{
	json_t *o = NULL;
	if (!input_object(body, "owner", "owner", true, &o, err) || !o)
		return NULL;
	static const char *const fields[] = { "name", "address", "email", "phone", NULL };
	input_no_unknown_fields(o, "owner.", fields, err);
	const char *v = NULL;
	input_string(o, "name", "owner.name", true, TEXT_MAX, &v, err);
	input_string(o, "address", "owner.address", false, TEXT_MAX, &v, err);
	input_string(o, "email", "owner.email", false, TEXT_MAX, &v, err);
	input_string(o, "phone", "owner.phone", false, 40, &v, err);
	char *t = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	const char *r = wvlv_arena_strdup(req->arena, t ? t : "{}");
	free(t);
	return r;
}

/* The body of a new offer into c; every fault is added to err. */
void offer_parse_new(http_req *req, json_t *body, wvlv_offer_create *c, wvlv_error *err)
{
	char names[WVLV_ENUM_TEXT_MAX];
	static const char *const fields[] = { "municipalityCode", "receivedOn", "property", "owner",
					      "askingPrice", "exemption", "designationId", NULL };
	input_no_unknown_fields(body, "", fields, err);
	input_municipality(body, "municipalityCode", true, &c->municipality_code, err);
	input_date(body, "receivedOn", "receivedOn", true, &c->received_on, err);
	parse_property(req, body, &c->property_json, &c->location_json, err);
	c->owner_json = parse_owner(req, body, err);
	if (input_string(body, "askingPrice", "askingPrice", false, 20, &c->asking_price, err) &&
	    c->asking_price && !wvlv_price_valid(c->asking_price))
		wvlv_error_add_param(err, "askingPrice", "invalid-price",
				     "askingPrice must be a non-negative amount in euros as a decimal string, e.g. \"350000.00\".");
	json_t *ex = json_object_get(body, "exemption");
	if (ex && !json_is_null(ex) &&
	    (!json_is_string(ex) || !wvlv_exemption_parse(json_string_value(ex), &c->exemption)))
		wvlv_error_add_param(err, "exemption", "unknown-exemption",
				     "exemption must be null or one of %s.",
				     wvlv_enum_text(&wvlv_exemption_enum, WVLV_ENUM_ALL,
						    WVLV_ENUM_COMMAS, names, sizeof(names)));
	if (input_string(body, "designationId", "designationId", false, WVLV_UUID_STRLEN - 1,
			 &c->designation_id, err) &&
	    c->designation_id && !wvlv_uuid_shaped(c->designation_id))
		wvlv_error_add_param(err, "designationId", "invalid-uuid",
				     "designationId must be a UUID.");
}

wvlv_status handle_offers_create(http_req *req, wvlv_error *err)
{
	wvlv_crs in_crs, out_crs;
	json_t *body = input_body_object(req, err);
	if (!body || !input_content_crs(req, &in_crs, err) || !query_crs(req, "crs", &out_crs, err))
		return err->status;
	wvlv_offer_create c = { .location_crs = in_crs, .received_on = WVLV_DATE_NONE };
	offer_parse_new(req, body, &c, err);
	if (!input_ok(err))
		return err->status;
	offer_answer a;
	return wvlv_app_offer_create(write_answered(req, &a, out_crs), &c, out_crs, &a.o, &a.ctx,
				     err);
}

/* The order of the list (receivedOn, then creation): its cursor's keys. */
static const page_order OFFER_ORDER = { "o1", "dtu" };

bool offer_list_filter(http_req *req, wvlv_offer_filter *f, wvlv_crs *crs, wvlv_error *err)
{
	int status = 0;
	const char *v;
	*f = (wvlv_offer_filter){ .deadline_before = WVLV_DATE_NONE };
	if (!query_enum(req, "status", "unknown-status", &wvlv_offer_status_enum, WVLV_ENUM_COMMAS,
			&status, err))
		return false;
	f->status = (wvlv_offer_status)status;
	if ((v = http_query(req, "designationId")) && !wvlv_uuid_shaped(v))
		return query_invalid(err, "designationId", "invalid-uuid",
				     "designationId must be a UUID.");
	f->designation_id = v;
	return query_municipality(req, &f->municipality_code, err) &&
	       query_date(req, "deadlineBefore", &f->deadline_before, err) &&
	       query_paging(req, 1000, &f->limit, &f->offset, err) &&
	       page_cursor_query(req, &OFFER_ORDER, f->after, err) &&
	       query_crs(req, "crs", crs, err);
}

wvlv_status handle_offers_list(http_req *req, wvlv_error *err)
{
	wvlv_offer_filter f;
	wvlv_crs crs;
	if (!offer_list_filter(req, &f, &crs, err))
		return err->status;
	wvlv_offer *items = NULL;
	size_t n = 0;
	long matched = 0;
	wvlv_offer_context ctx;
	page_pos p = { .offset = f.offset, .limit = f.limit, .by_cursor = f.after[0] != NULL };
	f.limit++; /* one more: is there a next page? */
	wvlv_status st = wvlv_app_offer_list(&req->app, &f, crs, &items, &n, &matched, &ctx, err);
	if (st != WVLV_OK)
		return st;
	if (n > (size_t)p.limit) {
		n = (size_t)p.limit;
		char on[WVLV_DATE_STRLEN];
		const char *keys[] = { wvlv_date_format(items[n - 1].received_on, on),
				       items[n - 1].created_us, items[n - 1].id };
		p.next = page_cursor_of(req, &OFFER_ORDER, keys);
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, render_offer(&items[i], &ctx));
	static const char *const keep[] = { "status", "deadlineBefore", "designationId",
					    "municipalityCode", "crs", NULL };
	http_add_header(req, "Content-Crs", wvlv_crs_header(crs));
	page_reply(req, arr, keep, &p, matched);
	return WVLV_OK;
}

wvlv_status handle_offer_get(http_req *req, wvlv_error *err)
{
	wvlv_crs crs;
	const char *id = input_path_uuid(req, "sale notification", err);
	if (!id || !query_crs(req, "crs", &crs, err))
		return err->status;
	wvlv_offer o;
	wvlv_offer_context ctx;
	wvlv_status st = wvlv_app_offer_get(&req->app, id, crs, &o, &ctx, err);
	if (st != WVLV_OK)
		return st;
	offer_headers(req, &o, crs);
	http_reply_json(req, 200, render_offer(&o, &ctx));
	return WVLV_OK;
}

/* The event's own member (wvlv_offer_event_member) into ev and data. */
static void parse_event_member(json_t *body, wvlv_offer_event *ev, json_t *data, wvlv_error *err)
{
	static const char *const decision_fields[] = { "type", "on", "decision", NULL };
	static const char *const price_fields[] = { "type", "on", "price", NULL };
	static const char *const no_fields[] = { "type", "on", NULL };
	const char *v = NULL;
	int decision;
	char names[WVLV_ENUM_TEXT_MAX];
	switch (wvlv_offer_event_member(ev->type)) {
	case WVLV_MEMBER_DECISION:
		input_no_unknown_fields(body, "", decision_fields, err);
		if (!input_string(body, "decision", "decision", true, 16, &v, err) || !v)
			return;
		if (!wvlv_enum_parse(&wvlv_offer_decision_enum, v, &decision)) {
			wvlv_error_add_param(err, "decision", "unknown-decision", "decision must be %s.",
					     wvlv_enum_text(&wvlv_offer_decision_enum, WVLV_ENUM_ALL,
							    WVLV_ENUM_OR, names, sizeof(names)));
			return;
		}
		ev->willing = decision == WVLV_DECISION_WILLING;
		json_object_set_new(data, "decision", json_string(v));
		return;
	case WVLV_MEMBER_PRICE:
		input_no_unknown_fields(body, "", price_fields, err);
		if (!input_string(body, "price", "price", false, 20, &v, err) || !v)
			return;
		if (wvlv_price_valid(v))
			json_object_set_new(data, "price", json_string(v));
		else
			wvlv_error_add_param(err, "price", "invalid-price",
					     "price must be a non-negative amount in euros as a decimal string.");
		return;
	case WVLV_MEMBER_NONE:
		input_no_unknown_fields(body, "", no_fields, err);
		return;
	}
}

/* An event as a client posts it: {type, on[, its member]}; the event's own
 * members as JSON text into *data_json.  Every fault is added to err. */
void offer_parse_event(http_req *req, json_t *body, wvlv_offer_event *ev, const char **data_json,
		       wvlv_error *err)
{
	const char *type = NULL;
	char names[WVLV_ENUM_TEXT_MAX];
	input_string(body, "type", "type", true, 32, &type, err);
	input_date(body, "on", "on", true, &ev->on, err);
	json_t *data = json_object();
	wvlv_arena_on_destroy(req->arena, (void (*)(void *))json_decref, data);
	if (type && !wvlv_offer_event_parse(type, &ev->type))
		wvlv_error_add_param(err, "type", "unknown-event", "type must be one of %s.",
				     wvlv_enum_text(&wvlv_offer_event_enum, WVLV_OFFER_CLIENT_EVENTS,
						    WVLV_ENUM_COMMAS, names, sizeof(names)));
	else if (type && wvlv_offer_event_is_system(ev->type))
		wvlv_error_add_param(err, "type", "system-event",
				     "%s is recorded by the system itself and cannot be posted.", type);
	else if (type)
		parse_event_member(body, ev, data, err);
	char *text = json_dumps(data, JSON_COMPACT | JSON_PRESERVE_ORDER);
	*data_json = wvlv_arena_strdup(req->arena, text ? text : "{}");
	free(text);
}

wvlv_status handle_offer_event(http_req *req, wvlv_error *err)
{
	wvlv_crs crs;
	const char *id = input_path_uuid(req, "sale notification", err);
	if (!id)
		return err->status;
	json_t *body = input_body_object(req, err);
	if (!body || !query_crs(req, "crs", &crs, err))
		return err->status;
	wvlv_offer_event ev = { .on = WVLV_DATE_NONE, .moved_to = WVLV_DATE_NONE };
	const char *data_json;
	offer_parse_event(req, body, &ev, &data_json, err);
	if (!input_ok(err))
		return err->status;
	offer_answer a;
	return wvlv_app_offer_event(write_answered(req, &a, crs), id, http_header(req, "If-Match"),
				    &ev, data_json, crs, &a.o, &a.ctx, err);
}
