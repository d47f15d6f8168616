/* ogc_crs_params.c — the CRS parameters of the OGC API – Features (see ogc.h):
 * crs and bbox-crs, one of the five of wvlv/ogc_crs.h, and bbox read in the
 * axis order of bbox-crs. */
#include <stdio.h>

#include "input.h"
#include "ogc.h"

bool ogc_crs_query(http_req *req, const char *name, wvlv_ogc_crs *out, wvlv_error *err)
{
	const char *v = http_query(req, name);
	*out = WVLV_OGC_CRS84;
	if (!v || wvlv_ogc_crs_parse(v, out))
		return true;
	return query_invalid(err, name, "unsupported-crs",
			     wvlv_arena_printf(req->arena, "%s must be one of %s.", name,
					       wvlv_ogc_crs_uris()));
}

bool ogc_bbox_query(http_req *req, wvlv_ogc_filter *f, wvlv_error *err)
{
	wvlv_ogc_crs c = f->bbox_crs;
	double raw[4];
	if (!query_bbox(req, true, c == WVLV_OGC_CRS84, raw, &f->has_bbox, err))
		return false;
	if (!f->has_bbox || wvlv_ogc_crs_bbox(c, raw, f->bbox))
		return true;
	const wvlv_ogc_crs_def *d = wvlv_ogc_crs_def_of(c);
	return query_invalid(
		err, "bbox", "out-of-range",
		d->lat_first
			? wvlv_arena_printf(req->arena,
					    "bbox in %s is minLat,minLon,maxLat,maxLon (latitude "
					    "first): latitudes -90 to 90, longitudes -180 to 180.",
					    d->label)
			: wvlv_arena_printf(req->arena,
					    "bbox in %s is minx,miny,maxx,maxy, each from %.0f to "
					    "%.0f.",
					    d->label, d->domain[0], d->domain[2]));
}
