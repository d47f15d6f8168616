/* handlers.h — route handlers: parse, call, render (dispatch and auth.h have
 * authenticated and authorised the caller before a handler runs). */
#ifndef WVLV_SERVER_HANDLERS_H
#define WVLV_SERVER_HANDLERS_H

#include "http.h"
#include "wvlv/app_deadlines.h"
#include "wvlv/app_offers.h"
#include "wvlv/audit.h"
#include "wvlv/designation.h"

wvlv_status handle_healthz(http_req *req, wvlv_error *err);
wvlv_status handle_readyz(http_req *req, wvlv_error *err);
wvlv_status handle_openapi(http_req *req, wvlv_error *err);

wvlv_status handle_designations_create(http_req *req, wvlv_error *err);
wvlv_status handle_designations_list(http_req *req, wvlv_error *err);
wvlv_status handle_designation_get(http_req *req, wvlv_error *err);
wvlv_status handle_designation_patch(http_req *req, wvlv_error *err);
wvlv_status handle_designation_extend(http_req *req, wvlv_error *err);
wvlv_status handle_designation_withdraw(http_req *req, wvlv_error *err);

wvlv_status handle_audit_log(http_req *req, wvlv_error *err);

wvlv_status handle_offers_create(http_req *req, wvlv_error *err);
wvlv_status handle_offers_list(http_req *req, wvlv_error *err);
wvlv_status handle_offer_get(http_req *req, wvlv_error *err);
wvlv_status handle_offer_event(http_req *req, wvlv_error *err);

wvlv_status handle_deadlines(http_req *req, wvlv_error *err);
wvlv_status handle_deadline_calculator(http_req *req, wvlv_error *err);
wvlv_status handle_designation_statistics(http_req *req, wvlv_error *err);
wvlv_status handle_equated_list(http_req *req, wvlv_error *err);
wvlv_status handle_equated_create(http_req *req, wvlv_error *err);
wvlv_status handle_equated_delete(http_req *req, wvlv_error *err);

/* OGC API – Features at /ogc/v1 (handlers_ogc.c) */
wvlv_status handle_ogc_landing(http_req *req, wvlv_error *err);
wvlv_status handle_ogc_conformance(http_req *req, wvlv_error *err);
wvlv_status handle_ogc_api(http_req *req, wvlv_error *err);
wvlv_status handle_ogc_collections(http_req *req, wvlv_error *err);
wvlv_status handle_ogc_collection(http_req *req, wvlv_error *err);
wvlv_status handle_ogc_items(http_req *req, wvlv_error *err);
wvlv_status handle_ogc_item(http_req *req, wvlv_error *err);
/* /ogc/v1/static/{file}: map.js, ogc.css, Leaflet (ogc_static.c) */
wvlv_status handle_ogc_static(http_req *req, wvlv_error *err);
wvlv_status handle_ogc_queryables(http_req *req, wvlv_error *err);
wvlv_status handle_ogc_schema(http_req *req, wvlv_error *err);

/* The parse steps of the handlers above: a request's body or query into the
 * struct its use case takes, every fault into err (false: answer err).  No
 * database; the fuzz harnesses (fuzz/) call them too. */
bool designation_parse_new(http_req *req, json_t *body, wvlv_designation_new *d,
			   wvlv_error *err);
bool designation_parse_patch(http_req *req, json_t *body, wvlv_designation_patch *p,
			     wvlv_error *err);
/* The body of an extension ({end, decisionReference}) or, withdrawal true, of
 * a withdrawal ({on, reason}), as POST …/extensions and …/withdrawal take it
 * (`wvlv import designations` too); faults are added to err. */
void designation_parse_dated(json_t *body, bool withdrawal, wvlv_date *date, const char **text,
			     wvlv_error *err);
bool designation_list_filter(http_req *req, wvlv_designation_filter *f, wvlv_error *err);
/* These two add faults to err only: input_ok(err) decides. */
void offer_parse_new(http_req *req, json_t *body, wvlv_offer_create *c, wvlv_error *err);
void offer_parse_event(http_req *req, json_t *body, wvlv_offer_event *ev, const char **data_json,
		       wvlv_error *err);
bool offer_list_filter(http_req *req, wvlv_offer_filter *f, wvlv_crs *crs, wvlv_error *err);
bool audit_list_filter(http_req *req, wvlv_audit_filter *f, wvlv_error *err);
bool deadlines_parse_within(http_req *req, long *within, wvlv_error *err);
bool calculator_parse(http_req *req, const wvlv_term **term, wvlv_date *from, wvlv_error *err);
bool equated_parse_day(json_t *body, wvlv_date *date, const char **reference, wvlv_error *err);

#endif
