/* geometry.c — what the store's geometry checks share (see db_internal.h):
 * the problem they report, PostGIS type names, the bounds of the Netherlands
 * in either CRS (docs/law.md §7), and running a check inside a savepoint. */
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

/* "<verb> <name>" when `use` (inside a transaction); nothing otherwise. */
static wvlv_status geom_savepoint(wvlv_db *db, bool use, const char *verb, const char *name,
				  wvlv_error *err)
{
	if (!use)
		return WVLV_OK;
	char sql[128];
	snprintf(sql, sizeof(sql), "%s %s", verb, name);
	return wvlv_db_exec(db, sql, 0, NULL, err);
}

wvlv_status wvlv_geom_run_check(wvlv_db *db, const wvlv_geom_check *check, const char *geojson,
				wvlv_crs crs, const char *param, wvlv_error *err)
{
	if (!geojson)
		return wvlv_geom_invalid(err, param, "required", "is required");
	/* ST_GeomFromGeoJSON raises on garbage; a savepoint keeps the caller's
	 * transaction usable (outside a transaction there is nothing to keep) */
	bool sp = wvlv_db_in_transaction(db);
	wvlv_status st = geom_savepoint(db, sp, "SAVEPOINT", check->savepoint, err);
	if (st != WVLV_OK)
		return st;
	char srid[16];
	const char *params[] = { geojson, wvlv_db_srid_param(crs, srid) };
	wvlv_error qerr;
	wvlv_error_clear(&qerr);
	PGresult *res = wvlv_db_query_input(db, check->sql, 2, params, PGRES_TUPLES_OK, &qerr);
	if (!res) {
		if (qerr.status == WVLV_EUNAVAIL || qerr.status == WVLV_EINTERNAL) {
			*err = qerr;
			return qerr.status;
		}
		st = geom_savepoint(db, sp, "ROLLBACK TO SAVEPOINT", check->savepoint, err);
		if (st == WVLV_OK)
			st = geom_savepoint(db, sp, "RELEASE SAVEPOINT", check->savepoint, err);
		if (st != WVLV_OK)
			return st;
		return wvlv_geom_invalid(err, param, "not-geojson", "is not a GeoJSON geometry");
	}
	wvlv_status verdict = PQntuples(res) == 1 ? check->judge(res, crs, param, err)
						  : wvlv_db_internal(err, check->no_row);
	PQclear(res);
	st = geom_savepoint(db, sp, "RELEASE SAVEPOINT", check->savepoint,
			    verdict == WVLV_OK ? err : &qerr);
	return verdict != WVLV_OK ? verdict : st;
}
