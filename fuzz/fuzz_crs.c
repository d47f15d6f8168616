/* fuzz_crs.c — CRS URIs as the crs and bbox-crs parameters and the
 * Content-Crs header name them: the REST API's two (wvlv/crs.h) and the
 * OGC API's five (wvlv/ogc_crs.h); and the same bytes as an OGC bbox in
 * each of the five CRSs, read in that CRS's axis order. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "input.h"
#include "ogc.h"

/* What is written is read back. */
static void round_trips(const char *s)
{
	wvlv_crs crs;
	if (wvlv_crs_parse(s, &crs)) {
		wvlv_crs again;
		if (!wvlv_crs_parse(wvlv_crs_uri(crs), &again) || again != crs ||
		    !wvlv_crs_parse(wvlv_crs_header(crs), &again) || again != crs)
			abort();
	}
	wvlv_ogc_crs oc;
	if (wvlv_ogc_crs_parse(s, &oc)) {
		wvlv_ogc_crs again;
		const wvlv_ogc_crs_def *d = wvlv_ogc_crs_def_of(oc);
		if ((unsigned)oc >= WVLV_OGC_CRS_COUNT || !wvlv_ogc_crs_parse(d->uri, &again) ||
		    again != oc || !wvlv_ogc_crs_parse(d->header, &again) || again != oc)
			abort();
		/* the REST API reads only its two of them */
		if (wvlv_crs_parse(s, &crs) != (oc == WVLV_OGC_CRS84 || oc == WVLV_OGC_RD))
			abort();
	}
}

/* s as the bbox of an items request in bbox-crs k: an accepted box is east/north,
 * min <= max, and inside the CRS; its clip lies inside the box. */
static void bbox_in(const char *s, int k)
{
	http_req *req = fuzz_req_new();
	const wvlv_ogc_crs_def *d = wvlv_ogc_crs_def_of((wvlv_ogc_crs)k);
	fuzz_req_param(req, "bbox", s);
	fuzz_req_param(req, "bbox-crs", d->uri);
	ogc_query q = { .what = OGC_ITEMS };
	wvlv_error err;
	wvlv_error_clear(&err);
	if (!ogc_items_query(req, &q, &err)) {
		fuzz_render_problem(req, &err);
	} else if (q.f.has_bbox) {
		const double *b = q.f.bbox;
		if (q.f.bbox_crs != (wvlv_ogc_crs)k || b[0] > b[2] || b[1] > b[3])
			abort();
		if (k != WVLV_OGC_RD && (b[0] < d->domain[0] || b[2] > d->domain[2] ||
					 b[1] < d->domain[1] || b[3] > d->domain[3]))
			abort();
		double c[4];
		if (wvlv_ogc_crs_clip(q.f.bbox_crs, b, c) &&
		    (c[0] < b[0] || c[1] < b[1] || c[2] > b[2] || c[3] > b[3] || c[0] > c[2] ||
		     c[1] > c[3]))
			abort();
	}
	fuzz_req_free(req);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	http_req *req = fuzz_req_new();
	const char *s = fuzz_cstr(req, data, size);
	round_trips(s);
	fuzz_req_header(req, "Content-Crs", data, size);
	fuzz_req_param(req, "crs", s);
	fuzz_req_param(req, "bbox-crs", s);
	wvlv_error err;
	wvlv_error_clear(&err);
	wvlv_crs crs;
	if (!input_content_crs(req, &crs, &err))
		fuzz_render_problem(req, &err);
	wvlv_error_clear(&err);
	if (!query_crs(req, "crs", &crs, &err) || !query_crs(req, "bbox-crs", &crs, &err))
		fuzz_render_problem(req, &err);
	wvlv_ogc_crs oc;
	wvlv_error_clear(&err);
	if (!ogc_crs_query(req, "crs", &oc, &err) || !ogc_crs_query(req, "bbox-crs", &oc, &err))
		fuzz_render_problem(req, &err);
	for (int k = 0; k < WVLV_OGC_CRS_COUNT; k++)
		bbox_in(s, k); /* s lives in req's arena */
	fuzz_req_free(req);
	return 0;
}
