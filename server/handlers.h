/* handlers.h — route handlers: parse, call, render (dispatch and auth.h have
 * authenticated and authorised the caller before a handler runs). */
#ifndef WVLV_SERVER_HANDLERS_H
#define WVLV_SERVER_HANDLERS_H

#include "http.h"

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

#endif
