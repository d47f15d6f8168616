/* crs.h — the two coordinate reference systems wvlv speaks, by URI. */
#ifndef WVLV_CRS_H
#define WVLV_CRS_H

#include <stdbool.h>

typedef enum wvlv_crs {
	WVLV_CRS_CRS84 = 0,  /* http://www.opengis.net/def/crs/OGC/1.3/CRS84, lon/lat, SRID 4326 */
	WVLV_CRS_RD    = 1   /* http://www.opengis.net/def/crs/EPSG/0/28992, RD New */
} wvlv_crs;

#define WVLV_CRS84_URI "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
#define WVLV_RD_URI    "http://www.opengis.net/def/crs/EPSG/0/28992"

/* Accepts either URI, with or without surrounding <…>.  false when unknown. */
bool wvlv_crs_parse(const char *uri, wvlv_crs *out);

/* The URI in angle brackets, as Content-Crs writes it: "<http://…>". */
const char *wvlv_crs_header(wvlv_crs crs);
/* The bare URI. */
const char *wvlv_crs_uri(wvlv_crs crs);
/* PostGIS SRID: 4326 or 28992. */
int wvlv_crs_srid(wvlv_crs crs);

#endif /* WVLV_CRS_H */
