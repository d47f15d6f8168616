/* crs.c — CRS URIs (see crs.h). */
#include "wvlv/crs.h"

#include <string.h>

bool wvlv_crs_parse(const char *uri, wvlv_crs *out)
{
	if (!uri)
		return false;
	size_t n = strlen(uri);
	if (n >= 2 && uri[0] == '<' && uri[n - 1] == '>') {
		uri++;
		n -= 2;
	}
	if (n == strlen(WVLV_CRS84_URI) && strncmp(uri, WVLV_CRS84_URI, n) == 0) {
		*out = WVLV_CRS_CRS84;
		return true;
	}
	if (n == strlen(WVLV_RD_URI) && strncmp(uri, WVLV_RD_URI, n) == 0) {
		*out = WVLV_CRS_RD;
		return true;
	}
	return false;
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
