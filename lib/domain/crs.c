/* crs.c — CRS URIs (see crs.h). */
#include "wvlv/crs.h"

#include <string.h>

#include "wvlv/ogc_crs.h"

bool wvlv_crs_parse(const char *uri, wvlv_crs *out)
{
	/* the REST API's two of the OGC API's table */
	wvlv_ogc_crs c;
	if (!wvlv_ogc_crs_parse(uri, &c) || (c != WVLV_OGC_CRS84 && c != WVLV_OGC_RD))
		return false;
	*out = c == WVLV_OGC_RD ? WVLV_CRS_RD : WVLV_CRS_CRS84;
	return true;
}

const char *wvlv_crs_header(wvlv_crs crs)
{
	return crs == WVLV_CRS_RD ? "<" WVLV_RD_URI ">" : "<" WVLV_CRS84_URI ">";
}

const char *wvlv_crs_uri(wvlv_crs crs)
{
	return crs == WVLV_CRS_RD ? WVLV_RD_URI : WVLV_CRS84_URI;
}

int wvlv_crs_srid(wvlv_crs crs)
{
	return crs == WVLV_CRS_RD ? 28992 : 4326;
}
