/* fuzz_query.c — the query string of every list endpoint, the same bytes
 * to each parser: GET /designations, /sale-notifications, /audit-log,
 * /deadlines (within), /deadline-calculator (term, from) and the OGC items
 * (/ogc/v1/collections/designations/items, and the query string its links
 * repeat); and before them, for every route, the check of unknown parameter
 * names against the route's list (server/params.c). */
#include "fuzz.h"
#include "handlers.h"
#include "input.h"
#include "ogc.h"
#include "params.h"

typedef bool (*parse_fn)(http_req *req, wvlv_error *err);

static bool designations(http_req *req, wvlv_error *err)
{
	wvlv_designation_filter f;
	wvlv_crs crs;
	return designation_list_filter(req, &f, err) && query_crs(req, "crs", &crs, err);
}

static bool offers(http_req *req, wvlv_error *err)
{
	wvlv_offer_filter f;
	wvlv_crs crs;
	return offer_list_filter(req, &f, &crs, err);
}

static bool audit(http_req *req, wvlv_error *err)
{
	wvlv_audit_filter f;
	return audit_list_filter(req, &f, err);
}

static bool deadlines(http_req *req, wvlv_error *err)
{
	long within;
	return deadlines_parse_within(req, &within, err);
}

static bool calculator(http_req *req, wvlv_error *err)
{
	const wvlv_term *term;
	wvlv_date from;
	return calculator_parse(req, &term, &from, err);
}

static bool ogc_items(http_req *req, wvlv_error *err)
{
	ogc_query q = { .what = OGC_ITEMS };
	bool ok = ogc_items_query(req, &q, err);
	(void)ogc_query_string(req, true);
	(void)ogc_query_string(req, false);
	return ok;
}

/* Every route's list of accepted names, as dispatch checks it. */
static void unknown_names(const uint8_t *data, size_t size)
{
	for (size_t i = 0; i < http_nroutes; i++) {
		http_req *req = fuzz_req_new();
		req->method = "GET";
		req->route = &http_routes[i];
		fuzz_req_query(req, data, size);
		wvlv_error err;
		wvlv_error_clear(&err);
		if (params_check(req, &err) != WVLV_OK)
			fuzz_render_problem(req, &err);
		fuzz_req_free(req);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unknown_names(data, size);
	static const parse_fn parsers[] = { designations, offers, audit, deadlines, calculator,
					    ogc_items };
	for (size_t i = 0; i < sizeof(parsers) / sizeof(parsers[0]); i++) {
		http_req *req = fuzz_req_new();
		req->method = "GET";
		fuzz_req_query(req, data, size);
		wvlv_error err;
		wvlv_error_clear(&err);
		if (!parsers[i](req, &err))
			fuzz_render_problem(req, &err);
		fuzz_req_free(req);
	}
	return 0;
}
