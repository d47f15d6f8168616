/* geometry.c — what the store's geometry checks share (see db_internal.h):
 * the problem they report, PostGIS type names, and the bounds of the
 * Netherlands in either CRS (DOMAIN.md §4). */
#include <stdio.h>
#include <string.h>

#include "db_internal.h"

wvlv_status wvlv_geom_invalid(wvlv_error *err, const char *param, const char *code,
			      const char *reason)
{
	wvlv_error_set(err, WVLV_EINVAL, "invalid-geometry", "%s %s", param, reason);
	wvlv_error_add_param(err, param, code, "%s", reason);
	return WVLV_EINVAL;
}

const char *wvlv_geom_type_name(const char *postgis_type)
{
	static const char *const names[][2] = {
		{ "POINT", "Point" },
		{ "MULTIPOINT", "MultiPoint" },
		{ "LINESTRING", "LineString" },
		{ "MULTILINESTRING", "MultiLineString" },
		{ "POLYGON", "Polygon" },
		{ "MULTIPOLYGON", "MultiPolygon" },
		{ "GEOMETRYCOLLECTION", "GeometryCollection" },
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(postgis_type, names[i][0]) == 0)
			return names[i][1];
	return postgis_type;
}

bool wvlv_geom_box_in_netherlands(double xmin, double ymin, double xmax, double ymax,
				  wvlv_crs crs)
{
	if (crs == WVLV_CRS_RD)
		return xmin > 0 && xmax < 300000 && ymin > 300000 && ymax < 630000;
	return xmin >= 3.2 && xmax <= 7.3 && ymin >= 50.7 && ymax <= 53.7;
}

wvlv_status wvlv_geom_outside(wvlv_error *err, const char *param, wvlv_crs crs)
{
	return wvlv_geom_invalid(err, param, "outside-netherlands",
				 crs == WVLV_CRS_RD
					 ? "lies outside the Netherlands (EPSG:28992 0 < x < 300000, "
					   "300000 < y < 630000)"
					 : "lies outside the Netherlands (CRS84 longitude 3.2 to 7.3, "
					   "latitude 50.7 to 53.7)");
}

wvlv_status wvlv_db_savepoint(wvlv_db *db, bool use, const char *sql, wvlv_error *err)
{
	return use ? wvlv_db_exec(db, sql, 0, NULL, err) : WVLV_OK;
}
