/* ogc_crs.c — the CRSs of the OGC API – Features, in one table (see ogc_crs.h). */
#include "wvlv/ogc_crs.h"

#include <string.h>

/* Longitude/latitude: the whole globe is valid; designations lie within
 * 2–8.5° E, 50–54.5° N (the Netherlands with a margin). */
#define LONLAT_DOMAIN { -180.0, -90.0, 180.0, 90.0 }
#define LONLAT_AREA   { 2.0, 50.0, 8.5, 54.5 }
/* Pseudo-Mercator: x and y within ±π·6 378 137 m; the same area as above,
 * projected (x = R·λ, y = R·ln tan(π/4 + φ/2)) and rounded outward. */
#define MERC_LIMIT 20037508.342789244
#define MERC_DOMAIN { -MERC_LIMIT, -MERC_LIMIT, MERC_LIMIT, MERC_LIMIT }
#define MERC_AREA   { 222638.0, 6446275.0, 946216.0, 7265425.0 }

#define ANGLED(u) "<" u ">"

static const wvlv_ogc_crs_def DEFS[WVLV_OGC_CRS_COUNT] = {
	[WVLV_OGC_CRS84] = { WVLV_OGC_CRS84_URI, ANGLED(WVLV_OGC_CRS84_URI), "CRS84", 4326, false,
			     true, 8, LONLAT_DOMAIN, LONLAT_AREA, 0.01 },
	[WVLV_OGC_RD] = { WVLV_OGC_RD_URI, ANGLED(WVLV_OGC_RD_URI), "EPSG:28992", 28992, false,
			  false, 3, { 0 }, { 0 }, 0 },
	[WVLV_OGC_ETRS89] = { WVLV_OGC_ETRS89_URI, ANGLED(WVLV_OGC_ETRS89_URI), "EPSG:4258", 4258,
			      true, true, 8, LONLAT_DOMAIN, LONLAT_AREA, 0.01 },
	[WVLV_OGC_WGS84] = { WVLV_OGC_WGS84_URI, ANGLED(WVLV_OGC_WGS84_URI), "EPSG:4326", 4326, true,
			     true, 8, LONLAT_DOMAIN, LONLAT_AREA, 0.01 },
	[WVLV_OGC_WEBMERCATOR] = { WVLV_OGC_WEBMERC_URI, ANGLED(WVLV_OGC_WEBMERC_URI), "EPSG:3857",
				   3857, false, false, 2, MERC_DOMAIN, MERC_AREA, 1000.0 },
};

const wvlv_ogc_crs_def *wvlv_ogc_crs_def_of(wvlv_ogc_crs crs)
{
	return &DEFS[(unsigned)crs < WVLV_OGC_CRS_COUNT ? crs : WVLV_OGC_CRS84];
}

bool wvlv_ogc_crs_parse(const char *uri, wvlv_ogc_crs *out)
{
	if (!uri)
		return false;
	size_t n = strlen(uri);
	if (n >= 2 && uri[0] == '<' && uri[n - 1] == '>') {
		uri++;
		n -= 2;
	}
	for (int i = 0; i < WVLV_OGC_CRS_COUNT; i++)
		if (strlen(DEFS[i].uri) == n && strncmp(uri, DEFS[i].uri, n) == 0) {
			*out = (wvlv_ogc_crs)i;
			return true;
		}
	return false;
}

const char *wvlv_ogc_crs_uris(void)
{
	return WVLV_OGC_CRS84_URI ", " WVLV_OGC_RD_URI ", " WVLV_OGC_ETRS89_URI ", "
		WVLV_OGC_WGS84_URI ", " WVLV_OGC_WEBMERC_URI;
}

bool wvlv_ogc_crs_bbox(wvlv_ogc_crs crs, const double in[4], double out[4])
{
	const wvlv_ogc_crs_def *c = wvlv_ogc_crs_def_of(crs);
	int x = c->lat_first ? 1 : 0, y = 1 - x;
	out[0] = in[x];
	out[1] = in[y];
	out[2] = in[2 + x];
	out[3] = in[2 + y];
	if (crs == WVLV_OGC_RD)
		return true;
	const double *d = c->domain;
	for (int i = 0; i < 4; i++)
		if (!(out[i] >= d[i % 2] && out[i] <= d[2 + i % 2]))
			return false; /* also NaN */
	return true;
}

bool wvlv_ogc_crs_clip(wvlv_ogc_crs crs, const double b[4], double clipped[4])
{
	const double *a = wvlv_ogc_crs_def_of(crs)->area;
	if (crs == WVLV_OGC_RD) {
		memcpy(clipped, b, 4 * sizeof(double));
		return true;
	}
	if (!(b[0] < a[2] && b[2] > a[0] && b[1] < a[3] && b[3] > a[1]))
		return false;
	clipped[0] = b[0] > a[0] ? b[0] : a[0];
	clipped[1] = b[1] > a[1] ? b[1] : a[1];
	clipped[2] = b[2] < a[2] ? b[2] : a[2];
	clipped[3] = b[3] < a[3] ? b[3] : a[3];
	return true;
}
