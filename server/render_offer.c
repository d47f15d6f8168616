/* render_offer.c — sale offers and deadline explanations to JSON. */
#include <string.h>

#include "render.h"

json_t *render_deadline(const wvlv_deadline *d)
{
	json_t *moved = json_array();
	for (int i = 0; i < d->n_moved; i++)
		json_array_append_new(moved, json_pack("{s:o, s:s}", "date",
						       render_date(d->moved[i].date), "reason",
						       d->moved[i].reason));
	return json_pack("{s:s, s:o, s:o, s:o, s:o}", "term", d->term->name, "from",
			 render_date(d->from), "rawEnd", render_date(d->raw_end), "deadline",
			 render_date(d->deadline), "movedPast", moved);
}

static json_t *render_events(const wvlv_offer *o)
{
	json_t *a = json_array();
	for (size_t i = 0; i < o->n_events; i++) {
		const wvlv_offer_event_row *e = &o->events[i];
		json_t *ev = json_pack("{s:s, s:o, s:s, s:s}", "type", wvlv_offer_event_name(e->type),
				       "on", render_date(e->on), "actor", e->actor ? e->actor : "",
				       "recordedAt", e->recorded_at ? e->recorded_at : "");
		json_t *data = e->data ? json_loads(e->data, 0, NULL) : NULL;
		const char *key;
		json_t *v;
		json_object_foreach(data, key, v)
			if (!json_object_get(ev, key))
				json_object_set(ev, key, v);
		json_decref(data);
		json_array_append_new(a, ev);
	}
	return a;
}

/* The response deadline explained with the equated days it was computed
 * with; false for an exempt offer (none), or one the days cannot explain. */
static bool explain_response(const wvlv_offer *o, const wvlv_offer_context *ctx,
			     wvlv_deadline *out)
{
	if (o->state.response_deadline == WVLV_DATE_NONE)
		return false;
	wvlv_error err;
	wvlv_error_clear(&err);
	return wvlv_deadline_explain_stored(wvlv_term_get(WVLV_TERM_RESPONSE), o->received_on,
					    o->state.response_deadline, ctx->equated,
					    ctx->n_equated, out, &err) == WVLV_OK;
}

json_t *render_offer(const wvlv_offer *o, const wvlv_offer_context *ctx)
{
	wvlv_deadline dl;
	const wvlv_deadline *explained = explain_response(o, ctx, &dl) ? &dl : NULL;
	json_t *property = o->property ? json_loads(o->property, 0, NULL) : NULL;
	if (!property)
		property = json_object();
	json_t *location = o->location ? json_loads(o->location, 0, NULL) : NULL;
	json_object_set_new(property, "location", location ? location : json_null());
	json_t *r = json_pack("{s:s, s:s, s:o, s:o}", "id", o->id, "municipalityCode",
			      o->municipality_code, "receivedOn", render_date(o->received_on),
			      "property", property);
	if (ctx->personal_data) {
		json_t *owner = o->owner ? json_loads(o->owner, 0, NULL) : NULL;
		json_object_set_new(r, "owner", owner ? owner : json_null());
	}
	json_object_set_new(r, "askingPrice",
			    o->asking_price ? json_string(o->asking_price) : json_null());
	json_object_set_new(r, "exemption",
			    o->exemption ? json_string(wvlv_exemption_name(o->exemption))
					 : json_null());
	json_object_set_new(r, "designationId", json_string(o->designation_id));
	json_object_set_new(r, "designationName",
			    o->designation_name ? json_string(o->designation_name) : json_null());
	json_object_set_new(r, "responseDeadline", render_date(o->state.response_deadline));
	json_object_set_new(r, "responseDeadlineExplained",
			    explained ? render_deadline(explained) : json_null());
	json_object_set_new(r, "courtFilingDeadline", render_date(o->state.court_filing_deadline));
	json_object_set_new(r, "status", json_string(wvlv_offer_status_name(o->state.status)));
	json_object_set_new(r, "freeToSellUntil", render_date(o->state.free_to_sell_until));
	json_object_set_new(r, "events", render_events(o));
	json_object_set_new(r, "version", json_integer(o->version));
	json_object_set_new(r, "createdAt", json_string(o->created_at ? o->created_at : ""));
	json_object_set_new(r, "updatedAt", json_string(o->updated_at ? o->updated_at : ""));
	return r;
}
