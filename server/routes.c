/* routes.c — the route table: every path the server answers.
 * tests/e2e/test_openapi.c checks each /api/v1 route against openapi.yaml. */
#include "handlers.h"
#include "http.h"
#include "metrics.h"

/* The query parameters each route takes (params.h): anything else is a 400. */
static const char *const NONE[] = { NULL };
static const char *const CRS[] = { "crs", NULL };
static const char *const DESIGNATIONS[] = { "municipalityCode", "kind", "measure", "status",
					    "activeOn", "bbox", "point", "limit", "offset", "cursor",
					    "crs", NULL };
static const char *const OFFERS[] = { "status", "designationId", "municipalityCode",
				      "deadlineBefore", "limit", "offset", "cursor", "crs", NULL };
static const char *const AUDIT[] = { "entity", "entityId", "since", "limit", "offset", "cursor",
				     NULL };
static const char *const DEADLINES[] = { "within", NULL };
static const char *const CALCULATOR[] = { "term", "from", NULL };
/* OGC API – Features: the same on every resource, though only items and
 * item read them — GDAL's OAPIF driver repeats the query of its dataset URL
 * ("OAPIF:…/ogc/v1?crs=…&bbox=…") on the landing page, conformance and
 * collections it reads first (tests/e2e/test_ogc_gdal.c). */
static const char *const OGC[] = { "limit", "offset", "cursor", "bbox", "bbox-crs", "crs",
				   "datetime", "municipalityCode", "measure", "kind", "status", "f",
				   "filter", "filter-lang", "filter-crs", "sortby", "properties", NULL };

const http_route http_routes[] = {
	{ "GET", "/healthz", handle_healthz, ROUTE_PUBLIC, 0, NULL },
	{ "GET", "/readyz", handle_readyz, ROUTE_PUBLIC, 0, NULL },
	/* 404 when WVLV_METRICS_LISTEN serves it elsewhere (metrics.h) */
	{ "GET", "/metrics", handle_metrics, ROUTE_PUBLIC, 0, NULL },
	{ "GET", "/api/v1/openapi.json", handle_openapi, ROUTE_PUBLIC, 0, NONE },
	{ "GET", "/api/v1/designations", handle_designations_list, 0, WVLV_ROLE_READER, DESIGNATIONS },
	{ "POST", "/api/v1/designations", handle_designations_create, ROUTE_BODY | ROUTE_GEOMETRY,
	  WVLV_ROLE_ADMIN, CRS },
	{ "GET", "/api/v1/designations/{id}", handle_designation_get, 0, WVLV_ROLE_READER, CRS },
	{ "PATCH", "/api/v1/designations/{id}", handle_designation_patch,
	  ROUTE_BODY | ROUTE_GEOMETRY | ROUTE_MERGEPATCH, WVLV_ROLE_ADMIN, CRS },
	{ "POST", "/api/v1/designations/{id}/extensions", handle_designation_extend, ROUTE_BODY,
	  WVLV_ROLE_ADMIN, CRS },
	{ "POST", "/api/v1/designations/{id}/withdrawal", handle_designation_withdraw, ROUTE_BODY,
	  WVLV_ROLE_ADMIN, CRS },
	{ "GET", "/api/v1/designations/{id}/statistics", handle_designation_statistics, 0,
	  WVLV_ROLE_READER, NONE },
	{ "GET", "/api/v1/audit-log", handle_audit_log, 0, WVLV_ROLE_ADMIN, AUDIT },
	{ "GET", "/api/v1/sale-notifications", handle_offers_list, 0, WVLV_ROLE_READER, OFFERS },
	{ "POST", "/api/v1/sale-notifications", handle_offers_create, ROUTE_BODY, WVLV_ROLE_CLERK, CRS },
	{ "GET", "/api/v1/sale-notifications/{id}", handle_offer_get, 0, WVLV_ROLE_READER, CRS },
	{ "POST", "/api/v1/sale-notifications/{id}/events", handle_offer_event, ROUTE_BODY,
	  WVLV_ROLE_CLERK, CRS },
	{ "GET", "/api/v1/deadlines", handle_deadlines, 0, WVLV_ROLE_READER, DEADLINES },
	{ "GET", "/api/v1/deadline-calculator", handle_deadline_calculator, ROUTE_PUBLIC, 0, CALCULATOR },
	{ "GET", "/api/v1/equated-holidays", handle_equated_list, 0, WVLV_ROLE_READER, NONE },
	/* national data: a national admin token changes it, nobody else */
	{ "POST", "/api/v1/equated-holidays", handle_equated_create, ROUTE_BODY | ROUTE_NATIONAL,
	  WVLV_ROLE_ADMIN, NONE },
	{ "DELETE", "/api/v1/equated-holidays/{date}", handle_equated_delete, ROUTE_NATIONAL,
	  WVLV_ROLE_ADMIN, NONE },
	/* OGC API – Features: public while WVLV_PUBLIC_GIS is on, else any reader */
	{ "GET", "/ogc/v1", handle_ogc_landing, ROUTE_GIS, WVLV_ROLE_READER, OGC },
	{ "GET", "/ogc/v1/conformance", handle_ogc_conformance, ROUTE_GIS, WVLV_ROLE_READER, OGC },
	{ "GET", "/ogc/v1/api", handle_ogc_api, ROUTE_GIS, WVLV_ROLE_READER, OGC },
	{ "GET", "/ogc/v1/collections", handle_ogc_collections, ROUTE_GIS, WVLV_ROLE_READER, OGC },
	{ "GET", "/ogc/v1/collections/designations", handle_ogc_collection, ROUTE_GIS,
	  WVLV_ROLE_READER, OGC },
	{ "GET", "/ogc/v1/collections/designations/queryables", handle_ogc_queryables, ROUTE_GIS,
	  WVLV_ROLE_READER, OGC },
	{ "GET", "/ogc/v1/collections/designations/schema", handle_ogc_schema, ROUTE_GIS,
	  WVLV_ROLE_READER, OGC },
	{ "GET", "/ogc/v1/collections/designations/items", handle_ogc_items, ROUTE_GIS,
	  WVLV_ROLE_READER, OGC },
	{ "GET", "/ogc/v1/collections/designations/items/{id}", handle_ogc_item, ROUTE_GIS,
	  WVLV_ROLE_READER, OGC },
	/* the scripts and styles of its HTML pages: no data, always public */
	{ "GET", "/ogc/v1/static/{file}", handle_ogc_static, ROUTE_PUBLIC, 0, NULL },
};

const size_t http_nroutes = sizeof(http_routes) / sizeof(http_routes[0]);
