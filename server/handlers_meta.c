/* handlers_meta.c — health, readiness and the OpenAPI document. */
#include <stddef.h>

#include "handlers.h"

extern const char wvlv_openapi_json[];
extern const size_t wvlv_openapi_json_len;

wvlv_status handle_healthz(http_req *req, wvlv_error *err)
{
	(void)err;
	http_reply_json(req, 200, json_pack("{s:s}", "status", "ok"));
	return WVLV_OK;
}

wvlv_status handle_readyz(http_req *req, wvlv_error *err)
{
	wvlv_status st = wvlv_app_ready(req->srv->app, err);
	if (st != WVLV_OK)
		return st;
	http_reply_json(req, 200, json_pack("{s:s, s:s}", "status", "ready", "database", "ok"));
	return WVLV_OK;
}

wvlv_status handle_openapi(http_req *req, wvlv_error *err)
{
	(void)err;
	http_add_header(req, "Cache-Control", "public, max-age=300");
	http_reply_bytes(req, 200, "application/vnd.oai.openapi+json;version=3.0",
			 wvlv_openapi_json, wvlv_openapi_json_len);
	return WVLV_OK;
}
