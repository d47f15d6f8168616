/* ogc_crs.h — the coordinate reference systems of the OGC API – Features
 * (/ogc/v1): output (`crs`, answered with Content-Crs) and `bbox-crs`.
 *
 * Five, in one table (ogc_crs.c), CRS84 first as OGC API – Features Part 2
 * lists them.  A type of its own, apart from wvlv_crs (crs.h): the REST API
 * /api/v1 speaks exactly CRS84 and RD New, and code there that reads
 * `crs == WVLV_CRS_RD ? … : CRS84` must never meet a third value.
 *
 * Axis order is the CRS's own (Part 2): EPSG:4326 and EPSG:4258 are
 * latitude first, in coordinates and in a bbox (minLat,minLon,maxLat,maxLon:
 * "lower left corner, coordinate axis 1" first, as Part 1 defines bbox);
 * CRS84, RD New and Web Mercator are east first.
 */
#ifndef WVLV_OGC_CRS_H
#define WVLV_OGC_CRS_H

#include <stdbool.h>
#include <stddef.h>

typedef enum wvlv_ogc_crs {
	WVLV_OGC_CRS84 = 0,  /* OGC/1.3/CRS84: WGS 84 lon/lat (SRID 4326), the default */
	WVLV_OGC_RD,         /* EPSG:28992 RD New, x/y metres: the storage CRS */
	WVLV_OGC_ETRS89,     /* EPSG:4258 ETRS89, lat/lon */
	WVLV_OGC_WGS84,      /* EPSG:4326 WGS 84, lat/lon */
	WVLV_OGC_WEBMERCATOR,/* EPSG:3857 WGS 84 / Pseudo-Mercator, x/y metres */
	WVLV_OGC_CRS_COUNT
} wvlv_ogc_crs;

#define WVLV_OGC_CRS84_URI   "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
#define WVLV_OGC_RD_URI      "http://www.opengis.net/def/crs/EPSG/0/28992"
#define WVLV_OGC_ETRS89_URI  "http://www.opengis.net/def/crs/EPSG/0/4258"
#define WVLV_OGC_WGS84_URI   "http://www.opengis.net/def/crs/EPSG/0/4326"
#define WVLV_OGC_WEBMERC_URI "http://www.opengis.net/def/crs/EPSG/0/3857"

typedef struct wvlv_ogc_crs_def {
	const char *uri;       /* http://www.opengis.net/def/crs/… */
	const char *header;    /* "<uri>", as Content-Crs writes it */
	const char *label;     /* "EPSG:4326", for messages */
	int         srid;      /* PostGIS SRID of the coordinates (CRS84: 4326) */
	bool        lat_first; /* first axis is latitude */
	bool        degrees;   /* geographic (degrees), else projected (metres) */
	int         decimals;  /* of the GeoJSON written: about 1 mm */
	/* A bbox in this CRS (east/north order) is valid inside `domain`; only its
	 * part inside `area` (where designations can lie, with a margin) is
	 * searched, its edges densified every `segment` before transforming to RD.
	 * Both unused for RD (bbox as given, no transformation). */
	double      domain[4];
	double      area[4];
	double      segment;
} wvlv_ogc_crs_def;

/* The definition of crs (any value below WVLV_OGC_CRS_COUNT). */
const wvlv_ogc_crs_def *wvlv_ogc_crs_def_of(wvlv_ogc_crs crs);

/* Any of the five URIs, with or without surrounding <…>.  false when unknown. */
bool wvlv_ogc_crs_parse(const char *uri, wvlv_ogc_crs *out);

/* The URIs, comma-separated in table order (CRS84 first), for messages. */
const char *wvlv_ogc_crs_uris(void);

/* A bbox as sent (4 numbers in crs's axis order: lower corner, upper corner)
 * into east/north order minx,miny,maxx,maxy (lat-first CRSs swapped).  false
 * when it lies outside the CRS's domain (RD: never). */
bool wvlv_ogc_crs_bbox(wvlv_ogc_crs crs, const double in[4], double out[4]);

/* The part of an east/north bbox inside crs's area, in *clipped; false when
 * nothing is left (no designation can lie in it).  RD: copied as is. */
bool wvlv_ogc_crs_clip(wvlv_ogc_crs crs, const double box[4], double clipped[4]);

#endif /* WVLV_OGC_CRS_H */
