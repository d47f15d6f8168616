/* offers.c — sale offers: the steps (rules from lib/domain/offer.c and
 * deadline.c, rows from the store, inside a transaction the caller owns;
 * offers.h) and the use cases built from them, each owning its transaction
 * (wvlv/app_offers.h). */
#include "offers.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wvlv/etag.h"
#include "app_internal.h"
#include "registry.h"
#include "wvlv/store_audit.h"

/* The designation the offer rests on, locked FOR SHARE until the
 * transaction ends (a change of it locks it FOR UPDATE and then checks the
 * open offers on it, law.md §2.12; a change committed meanwhile is seen: the
 * lock checks the row again) and the equated days: read together by the
 * store in one round trip, the location's own problems first. */
static wvlv_status offer_ground(wvlv_db *db, wvlv_arena *arena, const wvlv_offer_create *c,
				wvlv_offer_ground *g, wvlv_error *err)
{
	wvlv_status st = wvlv_store_offer_ground(
		db, arena, c->municipality_code, c->location_json, c->location_crs,
		"property.location", c->received_on, c->designation_id, g, err);
	if (st != WVLV_ENOTFOUND)
		return st;
	char day[WVLV_DATE_STRLEN];
	wvlv_date_format(c->received_on, day);
	wvlv_error_clear(err);
	const char *param = c->designation_id ? "designationId" : "property.location";
	wvlv_error_add_param(err, param, "no-designation",
			     "No designation of %s with the preference right (voorkeursrecht) "
			     "in force on %s covers this location.",
			     c->municipality_code, day);
	return wvlv_error_set(err, WVLV_EINVAL, "no-designation",
			      "The preference right does not apply to this property on %s: "
			      "no designation with the measure voorkeursrecht covers its "
			      "location on that day.", day);
}

/* One open offer per cadastral parcel in a municipality (law.md §2.12): a
 * parcel with an open offer cannot be offered again until that one closed.
 * Migration 0010's unique index decides (the INSERT fails on it, found in a
 * few index probes however many offers are open); then the open offers on
 * the parcels are read to be named (none found: the first refusal stands). */
static wvlv_status check_duplicate(wvlv_db *db, wvlv_arena *arena, const wvlv_offer_create *c,
				   wvlv_status st, wvlv_error *err)
{
	if (st != WVLV_ECONFLICT || strcmp(err->code, "duplicate-offer") != 0)
		return st;
	wvlv_open_offer *o;
	size_t n;
	wvlv_error first = *err;
	wvlv_error_clear(err);
	if (wvlv_store_offers_open_on_parcels(db, arena, c->municipality_code, c->property_json, &o,
					      &n, err) != WVLV_OK || n == 0) {
		*err = first;
		return first.status;
	}
	char day[WVLV_DATE_STRLEN];
	for (size_t i = 0; i < n; i++)
		wvlv_error_add_param(err, "property.cadastralParcels", "duplicate-offer",
				     "%s: open offer %s received %s, /api/v1/sale-notifications/%s",
				     o[i].parcels, o[i].id, wvlv_date_format(o[i].received_on, day),
				     o[i].id);
	return wvlv_error_set(err, WVLV_ECONFLICT, "duplicate-offer",
			      "The parcel %s has an open offer already: %s "
			      "(/api/v1/sale-notifications/%s, received %s).  A parcel can be "
			      "offered again once that offer is closed.",
			      o[0].parcels, o[0].id, o[0].id,
			      wvlv_date_format(o[0].received_on, day));
}

/* wvlv_offers_create; *g receives the ground it rests on (the equated days
 * among it). */
static wvlv_status offer_create(wvlv_db *db, wvlv_arena *arena, const wvlv_caller *caller,
				const wvlv_offer_create *c, wvlv_date today, wvlv_crs out_crs,
				wvlv_offer *out, wvlv_offer_ground *g, wvlv_error *err)
{
	char day[WVLV_DATE_STRLEN];
	memset(g, 0, sizeof(*g));
	if (c->received_on > today) {
		wvlv_error_add_param(err, "receivedOn", "in-future",
				     "receivedOn may not lie after today (%s).",
				     wvlv_date_format(today, day));
		return wvlv_error_set(err, WVLV_EINVAL, "received-in-future",
				      "An offer cannot have been received after today.");
	}
	wvlv_status st = offer_ground(db, arena, c, g, err);
	if (st != WVLV_OK)
		return st;

	wvlv_offer_new o = {
		.municipality_code = c->municipality_code,
		.received_on = c->received_on,
		.property_json = c->property_json,
		.location_json = c->location_json,
		.location_crs = c->location_crs,
		.owner_json = c->owner_json,
		.asking_price = c->asking_price,
		.exemption = c->exemption,
		.designation_id = g->designation_id,
		.state = {
			.status = WVLV_OFFER_RECEIVED,
			.received_on = c->received_on,
			.response_deadline = WVLV_DATE_NONE,
			.court_filing_deadline = WVLV_DATE_NONE,
			.free_to_sell_until = WVLV_DATE_NONE,
			.last_event_on = WVLV_DATE_NONE,
		},
	};
	if (c->exemption != WVLV_EXEMPT_NONE) {
		o.state.status = WVLV_OFFER_EXEMPT;
	} else {
		wvlv_deadline dl;
		if ((st = wvlv_deadline_compute(wvlv_term_get(WVLV_TERM_RESPONSE), c->received_on,
						g->equated, g->n_equated, &dl, err)) != WVLV_OK)
			return st;
		o.state.response_deadline = dl.deadline;
	}
	/* the row and its audit snapshot in one statement; the audit row goes
	 * with the read that follows */
	char id[WVLV_UUID_STRLEN];
	const char *after = NULL;
	st = wvlv_store_offer_insert_snapshot(db, arena, &o, id, &after, err);
	if ((st = check_duplicate(db, arena, c, st, err)) != WVLV_OK ||
	    (st = wvlv_store_audit_append_later(db, caller, c->municipality_code,
						"sale-notification", id, "create", NULL, after,
						err)) != WVLV_OK)
		return st;
	return wvlv_store_offer_get(db, arena, c->municipality_code, id, out_crs, false, out, err);
}

wvlv_status wvlv_offers_create(wvlv_db *db, wvlv_arena *arena, const wvlv_caller *caller,
			       const wvlv_offer_create *c, wvlv_date today, wvlv_crs out_crs,
			       wvlv_offer *out, wvlv_error *err)
{
	wvlv_offer_ground g;
	return offer_create(db, arena, caller, c, today, out_crs, out, &g, err);
}

wvlv_status wvlv_offers_get(wvlv_db *db, wvlv_arena *arena, const wvlv_caller *caller,
			    const char *id, wvlv_crs out_crs, wvlv_offer *out, wvlv_error *err)
{
	return wvlv_store_offer_get(db, arena, app_scope(caller), id, out_crs, false, out, err);
}

/* Apply ev to the offer cur (locked; before: its audit snapshot), record it
 * and read it back in out_crs (one round trip), and append its audit row:
 * sent with the transaction's next statement (its COMMIT, for a request). */
static wvlv_status record_event(wvlv_db *db, wvlv_arena *arena, const wvlv_caller *caller,
				const wvlv_offer *cur, const char *before,
				const wvlv_offer_event *ev, const char *data_json, bool system,
				const wvlv_equated_day *eq, size_t neq, wvlv_crs out_crs,
				wvlv_offer *out, wvlv_error *err)
{
	wvlv_offer_state next;
	const char *after;
	wvlv_status st;
	if ((st = wvlv_offer_apply(&cur->state, ev, eq, neq, &next, err)) != WVLV_OK ||
	    (st = wvlv_store_offer_record_event_read(db, arena, cur->id, &next, ev, data_json,
						     system, out_crs, out, &after, err)) != WVLV_OK)
		return st;
	return wvlv_store_audit_append_later(db, caller, cur->municipality_code,
					     "sale-notification", cur->id,
					     wvlv_offer_event_name(ev->type), before, after, err);
}

/* The event's data with recordedLate set, for a decision (law.md §2.4):
 * true when recorded after the response deadline, false otherwise; other
 * events keep their data as it is. */
static const char *decision_data(wvlv_arena *arena, const wvlv_offer *cur,
				 const wvlv_offer_event *ev, const char *data_json,
				 wvlv_date today)
{
	if (ev->type != WVLV_EVENT_DECISION)
		return data_json;
	json_t *data = data_json ? json_loads(data_json, 0, NULL) : NULL;
	if (!json_is_object(data)) {
		json_decref(data);
		data = json_object();
	}
	json_object_set_new(data, "recordedLate",
			    json_boolean(wvlv_offer_recorded_late(&cur->state, ev, today)));
	char *text = json_dumps(data, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(data);
	const char *out = text ? wvlv_arena_strdup(arena, text) : data_json;
	free(text);
	return out;
}

/* wvlv_offers_post_event; *eq and *neq receive the equated days, read in
 * the round trip that locks the offer.  Two round trips in all: the lock
 * (with the equated days and the snapshot before), the step (with the
 * snapshot after and the offer served). */
static wvlv_status offer_post_event(wvlv_db *db, wvlv_arena *arena, const wvlv_caller *caller,
				    const char *id, const char *if_match,
				    const wvlv_offer_event *ev, const char *data_json, bool system,
				    wvlv_date today, wvlv_crs out_crs, wvlv_offer *out,
				    wvlv_equated_day **eq, size_t *neq, wvlv_error *err)
{
	wvlv_offer cur;
	const char *before;
	wvlv_status st = wvlv_store_offer_lock_for_event(db, arena, app_scope(caller), id, &cur,
							 &before, eq, neq, err);
	if (st != WVLV_OK)
		return st;
	if (!wvlv_etag_if_match(if_match, cur.version))
		return wvlv_error_set(err, WVLV_EPRECOND, "stale-version",
				      "The offer is at version %d; If-Match does not match it.",
				      cur.version);
	char day[WVLV_DATE_STRLEN];
	if (ev->on > today) {
		wvlv_error_add_param(err, "on", "in-future", "on may not lie after today (%s).",
				     wvlv_date_format(today, day));
		return wvlv_error_set(err, WVLV_EINVAL, "event-in-future",
				      "An event cannot be recorded for a day after today.");
	}
	data_json = decision_data(arena, &cur, ev, data_json, today);
	return record_event(db, arena, caller, &cur, before, ev, data_json, system, *eq, *neq,
			    out_crs, out, err);
}

wvlv_status wvlv_offers_post_event(wvlv_db *db, wvlv_arena *arena, const wvlv_caller *caller,
				   const char *id, const char *if_match,
				   const wvlv_offer_event *ev, const char *data_json, bool system,
				   wvlv_date today, wvlv_crs out_crs, wvlv_offer *out,
				   wvlv_error *err)
{
	wvlv_equated_day *eq;
	size_t neq;
	return offer_post_event(db, arena, caller, id, if_match, ev, data_json, system, today,
				out_crs, out, &eq, &neq, err);
}

/* ---- the use cases ------------------------------------------------------------------ */

/* The context offers are shown in: the equated days, read once per request,
 * and whether the caller may see owner personal data. */
static wvlv_status offer_context(wvlv_request *r, wvlv_offer_context *ctx, wvlv_error *err)
{
	wvlv_equated_day *eq = NULL;
	size_t n = 0;
	wvlv_status st = wvlv_store_equated_list(r->db, r->arena, &eq, &n, err);
	*ctx = (wvlv_offer_context){
		.equated = eq,
		.n_equated = n,
		.personal_data = !r->caller->national && r->caller->role >= WVLV_ROLE_CLERK,
	};
	return st;
}

wvlv_status wvlv_app_offer_create(wvlv_request *r, const wvlv_offer_create *c, wvlv_crs crs,
				  wvlv_offer *out, wvlv_offer_context *ctx, wvlv_error *err)
{
	wvlv_status st = app_own_municipality(r->caller, c->municipality_code, "offers", "offer",
					      err);
	if (st == WVLV_OK)
		st = app_write_begin(r, err);
	if (st != WVLV_OK || r->replayed)
		return st;
	wvlv_offer_ground g;
	st = offer_create(r->db, r->arena, r->caller, c, r->today, crs, out, &g, err);
	/* the context the offer is shown in, the equated days read with its ground */
	*ctx = (wvlv_offer_context){
		.equated = g.equated,
		.n_equated = g.n_equated,
		.personal_data = !r->caller->national && r->caller->role >= WVLV_ROLE_CLERK,
	};
	return st == WVLV_OK ? app_write_commit(r, err) : st;
}

wvlv_status wvlv_app_offer_get(wvlv_request *r, const char *id, wvlv_crs crs, wvlv_offer *out,
			       wvlv_offer_context *ctx, wvlv_error *err)
{
	wvlv_status st = app_read_begin(r, err);
	if (st == WVLV_OK)
		st = wvlv_offers_get(r->db, r->arena, r->caller, id, crs, out, err);
	if (st == WVLV_OK)
		st = offer_context(r, ctx, err);
	return st == WVLV_OK ? app_commit(r, err) : st;
}

wvlv_status wvlv_app_offer_list(wvlv_request *r, wvlv_offer_filter *f, wvlv_crs crs,
				wvlv_offer **items, size_t *n, long *matched,
				wvlv_offer_context *ctx, wvlv_error *err)
{
	*items = NULL;
	*n = 0;
	*matched = 0;
	wvlv_status st = app_read_begin(r, err);
	if (st == WVLV_OK && app_scope_filter(r->caller, &f->municipality_code))
		st = wvlv_store_offer_list(r->db, r->arena, f, crs, items, n, matched, err);
	if (st == WVLV_OK)
		st = offer_context(r, ctx, err);
	return st == WVLV_OK ? app_commit(r, err) : st;
}

wvlv_status wvlv_app_offer_event(wvlv_request *r, const char *id, const char *if_match,
				 const wvlv_offer_event *ev, const char *data_json, wvlv_crs crs,
				 wvlv_offer *out, wvlv_offer_context *ctx, wvlv_error *err)
{
	wvlv_status st = app_write_begin(r, err);
	if (st != WVLV_OK || r->replayed)
		return st;
	wvlv_equated_day *eq = NULL;
	size_t neq = 0;
	st = offer_post_event(r->db, r->arena, r->caller, id, if_match, ev, data_json, false,
			      r->today, crs, out, &eq, &neq, err);
	/* the context the offer is shown in, the equated days read with its lock */
	*ctx = (wvlv_offer_context){
		.equated = eq,
		.n_equated = neq,
		.personal_data = !r->caller->national && r->caller->role >= WVLV_ROLE_CLERK,
	};
	return st == WVLV_OK ? app_write_commit(r, err) : st;
}

wvlv_status wvlv_app_designation_statistics(wvlv_request *r, const char *designation_id,
					    wvlv_offer_stats **rows, size_t *n, wvlv_error *err)
{
	wvlv_designation d;
	wvlv_status st = app_read_begin(r, err);
	if (st == WVLV_OK)
		st = wvlv_registry_get(r->db, r->arena, r->caller, designation_id, WVLV_CRS_CRS84,
				       &d, err);
	if (st == WVLV_OK)
		st = wvlv_store_offer_statistics(r->db, r->arena, designation_id, rows, n, err);
	return st == WVLV_OK ? app_commit(r, err) : st;
}
