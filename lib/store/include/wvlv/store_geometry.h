/* store_geometry.h — the checks of client GeoJSON, by PostGIS (geometry.c):
 * a designation's area and a sale offer's location.
 *
 * Each check runs inside a savepoint when a transaction is open, so that
 * GeoJSON PostGIS cannot read leaves the caller's transaction usable; a
 * problem is WVLV_EINVAL "invalid-geometry" with one invalidParams entry for
 * `param`: "required" (geojson NULL), "not-geojson", "wrong-geometry-type",
 * "empty-geometry", "invalid-geometry", "outside-netherlands" (one set of
 * bounds, whatever the CRS it is sent in: the envelope inside CRS84
 * longitude 3.2 to 7.3, latitude 50.7 to 53.7 and inside RD 0<x<300000,
 * 300000<y<630000, the geometry transformed to the other CRS: docs/law.md
 * §7), and for a designation's area "geometry-too-small" (a polygon under
 * WVLV_GEOMETRY_MIN_AREA_M2 in RD) or "degenerate-geometry" (not valid once
 * rounded as it is served).
 */
#ifndef WVLV_STORE_GEOMETRY_H
#define WVLV_STORE_GEOMETRY_H

#include "wvlv/crs.h"
#include "wvlv/db.h"
#include "wvlv/status.h"

/* The smallest polygon (each part of a MultiPolygon) a designation may have,
 * in square metres in RD New (EPSG:28992). */
#define WVLV_GEOMETRY_MIN_AREA_M2 1.0

/* Is this GeoJSON a valid Polygon/MultiPolygon inside the Netherlands?
 * `param` NULL: "geometry".  Invalid: PostGIS's ST_IsValidReason as the
 * reason. */
wvlv_status wvlv_store_geometry_check(wvlv_db *db, const char *geojson, wvlv_crs crs,
				      const char *param, wvlv_error *err) WVLV_MUST_CHECK;

/* Is this GeoJSON a Point inside the Netherlands?  `param` NULL: "location". */
wvlv_status wvlv_store_point_check(wvlv_db *db, const char *point_json, wvlv_crs crs,
				   const char *param, wvlv_error *err) WVLV_MUST_CHECK;

#endif /* WVLV_STORE_GEOMETRY_H */
