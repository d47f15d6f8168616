/* geometry.c — the checks of client GeoJSON (see store_geometry.h): a
 * designation's area and an offer's location.  What they share — the problem
 * they report, PostGIS type names, the bounds of the Netherlands in either
 * CRS (docs/law.md §7), and running a check inside a savepoint — is private
 * to this file. */
#include "wvlv/store_geometry.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geometry_internal.h"
#include "offer_ground.h"

/* A check of client GeoJSON: sql takes $1 the GeoJSON text and $2 the SRID
 * and returns one row, which judge turns into WVLV_OK or a problem for param. */
typedef struct geom_check {
	const char *sql;
	const char *savepoint; /* its name, so that a failing check leaves the
				* caller's transaction usable */
	const char *no_row;    /* logged when sql returns no row */
	wvlv_status (*judge)(const PGresult *res, wvlv_crs crs, const char *param,
			     wvlv_error *err);
} geom_check;

/* The client's geometry g (JSON in SRID SRID: "$1" and "$2", or a table's
 * columns), and o: g in the other CRS of the two (RD for CRS84, CRS84 for
 * RD), transformed only when g's envelope lies in a generous region around
 * the Netherlands where the transformation is well defined (o NULL
 * otherwise: outside anyway).  KEEP: columns of FROM carried through ("" or
 * "rec, "); OFFSET 0 keeps each level computed once per row. */
#define SQL_GEOM_O_OF(JSON, SRID, KEEP, FROM)                                            \
	" (SELECT " KEEP "g, srid, CASE WHEN NOT ST_IsEmpty(g) AND CASE WHEN srid = 28992"    \
	" THEN ST_XMin(g) > -700000 AND ST_XMax(g) < 1000000 AND ST_YMin(g) > -300000"        \
	" AND ST_YMax(g) < 1300000"                                                           \
	" ELSE ST_XMin(g) > -10 AND ST_XMax(g) < 20 AND ST_YMin(g) > 40 AND ST_YMax(g) < 65" \
	" END THEN ST_Transform(g, CASE WHEN srid = 28992 THEN 4326 ELSE 28992 END) END"     \
	" AS o FROM (SELECT " KEEP "ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON(" JSON "), "     \
	SRID "::int)) AS g, " SRID "::int AS srid" FROM " OFFSET 0) q1 OFFSET 0) q2"

/* g and o as above, rd: g in RD, g_reason: GEOS's reason for g ('Valid
 * Geometry' when valid) and, when rd is known and g valid, the two encodings
 * the geometry is served and stored in (migration 0001: the MultiPolygon in
 * RD to 3 decimals, in CRS84 to 8): rd_text and crs84_text.  A transformation
 * to CRS84 is the costliest step of the check, so it is made once: for g sent
 * in RD, rd is g and its CRS84 is o. */
#define SQL_GEOM_BOTH_OF(JSON, SRID, KEEP, FROM)                                         \
	" FROM (SELECT " KEEP "g, o, rd, g_reason, CASE WHEN rd IS NOT NULL AND"              \
	" g_reason = 'Valid Geometry' THEN ST_AsGeoJSON(ST_Multi(rd), 3, 0) END AS rd_text,"  \
	" CASE WHEN rd IS NOT NULL AND g_reason = 'Valid Geometry' THEN"                      \
	" ST_AsGeoJSON(ST_Multi(CASE WHEN srid = 28992 THEN o ELSE ST_Transform(rd, 4326)"    \
	" END), 8, 0) END AS crs84_text FROM"                                                 \
	" (SELECT " KEEP "g, o, srid, CASE WHEN srid = 28992 THEN g ELSE o END AS rd,"        \
	" ST_IsValidReason(g) AS g_reason FROM" SQL_GEOM_O_OF(JSON, SRID, KEEP, FROM)         \
	" OFFSET 0) q3 OFFSET 0) q4"
#define SQL_GEOM_BOTH SQL_GEOM_BOTH_OF("$1", "$2", "", "")

/* The reason GEOS gives for the geometry as it is served, parsed back from
 * the stored encodings, when that is not valid; else 'Valid Geometry'. */
#define SQL_SERVED_REASON                                                                \
	"COALESCE(NULLIF(ST_IsValidReason(ST_GeomFromGeoJSON(rd_text)), 'Valid Geometry'),"   \
	" ST_IsValidReason(ST_GeomFromGeoJSON(crs84_text)))"

/* The smallest part's area of rd (a polygon is its own one part). */
#define SQL_SMALLEST_AREA                                                                \
	"CASE WHEN GeometryType(rd) = 'POLYGON' THEN ST_Area(rd)"                             \
	" ELSE (SELECT min(ST_Area((d).geom)) FROM ST_Dump(rd) d) END"

#define SQL_GEOM_CHECK_COLUMNS                                                    \
	"GeometryType(g) AS c1, ST_IsEmpty(g) AS c2, g_reason AS c3,"                      \
	" ST_XMin(g) AS c4, ST_YMin(g) AS c5, ST_XMax(g) AS c6, ST_YMax(g) AS c7,"         \
	" ST_XMin(o) AS c8, ST_YMin(o) AS c9, ST_XMax(o) AS c10, ST_YMax(o) AS c11,"       \
	" CASE WHEN rd_text IS NOT NULL THEN " SQL_SMALLEST_AREA " END AS c12,"            \
	" CASE WHEN rd_text IS NOT NULL THEN " SQL_SERVED_REASON " END AS c13"

static const char SQL_GEOM_CHECK[] = "SELECT " SQL_GEOM_CHECK_COLUMNS SQL_GEOM_BOTH;

/* The same check of every row of the import's staging table (designation_import.c),
 * kept in a table of its own: its record number, the check's columns (c1 … c13), then
 * rd, rd_text and crs84_text. */
const char wvlv_sql_geometry_check_staged[] =
	"CREATE TEMPORARY TABLE wvlv_import_checked ON COMMIT DROP AS SELECT rec, "
	SQL_GEOM_CHECK_COLUMNS ", rd, rd_text, crs84_text"
	SQL_GEOM_BOTH_OF("geojson", "srid", "rec, ", " FROM wvlv_import_staging");

const char wvlv_sql_point_check[] =
	"SELECT GeometryType(g), ST_IsEmpty(g),"
	" CASE WHEN GeometryType(g) = 'POINT' AND NOT ST_IsEmpty(g) THEN ST_X(g) END,"
	" CASE WHEN GeometryType(g) = 'POINT' AND NOT ST_IsEmpty(g) THEN ST_Y(g) END,"
	" CASE WHEN GeometryType(o) = 'POINT' THEN ST_X(o) END,"
	" CASE WHEN GeometryType(o) = 'POINT' THEN ST_Y(o) END"
	" FROM" SQL_GEOM_O_OF("$1", "$2", "", "");

/* ---- what the checks share ------------------------------------------------------ */

/* EINVAL "invalid-geometry" with one invalidParams entry {param, code, reason}. */
static wvlv_status geom_invalid(wvlv_error *err, const char *param, const char *code,
				const char *reason)
{
	wvlv_error_set(err, WVLV_EINVAL, "invalid-geometry", "%s %s", param, reason);
	wvlv_error_add_param(err, param, code, "%s", reason);
	return WVLV_EINVAL;
}

/* GeometryType() ("MULTIPOLYGON") → the GeoJSON name ("MultiPolygon"). */
static const char *geom_type_name(const char *postgis_type)
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

/* The one home of the bounds of the Netherlands (docs/law.md §7): a
 * geometry lies inside when its envelope does in both CRSs, whichever it was
 * sent in — CRS84 longitude 3.2 to 7.3 and latitude 50.7 to 53.7 (edges
 * included), and RD 0 < x < 300000 and 300000 < y < 630000. */
#define NL_BOUNDS_TEXT                                                               \
	"lies outside the Netherlands (CRS84 longitude 3.2 to 7.3, latitude 50.7 to 53.7, " \
	"and EPSG:28992 0 < x < 300000, 300000 < y < 630000, in whichever CRS it is sent)"

/* An envelope, in its own CRS, inside the Netherlands's box in that CRS? */
static bool geom_box_in_netherlands(double xmin, double ymin, double xmax, double ymax,
				    wvlv_crs crs)
{
	if (crs == WVLV_CRS_RD)
		return xmin > 0 && xmax < 300000 && ymin > 300000 && ymax < 630000;
	return xmin >= 3.2 && xmax <= 7.3 && ymin >= 50.7 && ymax <= 53.7;
}

/* The envelope at columns col..col+3 of res (its CRS crs, NULL when it was
 * not computed) inside the Netherlands? */
static bool geom_res_in_netherlands(const PGresult *res, int row, int col, wvlv_crs crs)
{
	for (int i = 0; i < 4; i++)
		if (PQgetisnull(res, row, col + i))
			return false;
	return geom_box_in_netherlands(strtod(PQgetvalue(res, row, col), NULL),
				       strtod(PQgetvalue(res, row, col + 1), NULL),
				       strtod(PQgetvalue(res, row, col + 2), NULL),
				       strtod(PQgetvalue(res, row, col + 3), NULL), crs);
}

/* The envelope as sent (columns col) and in the other CRS (columns other)
 * both inside the Netherlands? */
static bool geom_in_netherlands(const PGresult *res, int row, int col, int other, wvlv_crs crs)
{
	wvlv_crs other_crs = crs == WVLV_CRS_RD ? WVLV_CRS_CRS84 : WVLV_CRS_RD;
	return geom_res_in_netherlands(res, row, col, crs) &&
	       geom_res_in_netherlands(res, row, other, other_crs);
}

/* The "outside-netherlands" problem for param. */
static wvlv_status geom_outside(wvlv_error *err, const char *param)
{
	return geom_invalid(err, param, "outside-netherlands", NL_BOUNDS_TEXT);
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

/* Run check on geojson in crs: "required" when geojson is NULL,
 * "not-geojson" when PostGIS cannot read it, else judge's verdict. */
static wvlv_status geom_run_check(wvlv_db *db, const geom_check *check, const char *geojson,
				  wvlv_crs crs, const char *param, wvlv_error *err)
{
	if (!geojson)
		return geom_invalid(err, param, "required", "is required");
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
		return geom_invalid(err, param, "not-geojson", "is not a GeoJSON geometry");
	}
	wvlv_status verdict = PQntuples(res) == 1 ? check->judge(res, crs, param, err)
						  : wvlv_db_internal(err, check->no_row);
	PQclear(res);
	st = geom_savepoint(db, sp, "RELEASE SAVEPOINT", check->savepoint,
			    verdict == WVLV_OK ? err : &qerr);
	return verdict != WVLV_OK ? verdict : st;
}

/* ---- the checks ----------------------------------------------------------------- */

/* The verdict on row `row` of a check whose columns start at c0. */
wvlv_status wvlv_geometry_judge_row(const PGresult *res, int row, int c0, wvlv_crs crs,
				    const char *param, wvlv_error *err)
{
	char reason[256];
	const char *type = PQgetvalue(res, row, c0);
	if (strcmp(type, "POLYGON") != 0 && strcmp(type, "MULTIPOLYGON") != 0) {
		snprintf(reason, sizeof(reason), "must be a Polygon or MultiPolygon, not a %s",
			 geom_type_name(type));
		return geom_invalid(err, param, "wrong-geometry-type", reason);
	}
	if (strcmp(PQgetvalue(res, row, c0 + 1), "t") == 0)
		return geom_invalid(err, param, "empty-geometry", "is empty");
	const char *validity = PQgetvalue(res, row, c0 + 2);
	if (strcmp(validity, "Valid Geometry") != 0) {
		snprintf(reason, sizeof(reason), "is not valid: %s", validity);
		return geom_invalid(err, param, "invalid-geometry", reason);
	}
	if (!geom_in_netherlands(res, row, c0 + 3, c0 + 7, crs))
		return geom_outside(err, param);
	if (PQgetisnull(res, row, c0 + 11) ||
	    strtod(PQgetvalue(res, row, c0 + 11), NULL) < WVLV_GEOMETRY_MIN_AREA_M2) {
		snprintf(reason, sizeof(reason),
			 "is too small: every polygon must cover at least %g m² in EPSG:28992",
			 WVLV_GEOMETRY_MIN_AREA_M2);
		return geom_invalid(err, param, "geometry-too-small", reason);
	}
	const char *served = PQgetisnull(res, row, c0 + 12) ? "" : PQgetvalue(res, row, c0 + 12);
	if (strcmp(served, "Valid Geometry") != 0) {
		snprintf(reason, sizeof(reason),
			 "is not valid once rounded as it is served (EPSG:28992 to 1 mm, CRS84 to "
			 "8 decimals): %s",
			 served);
		return geom_invalid(err, param, "degenerate-geometry", reason);
	}
	return WVLV_OK;
}

static wvlv_status geometry_judge(const PGresult *res, wvlv_crs crs, const char *param,
				  wvlv_error *err)
{
	return wvlv_geometry_judge_row(res, 0, 0, crs, param, err);
}

wvlv_status wvlv_store_geometry_check(wvlv_db *db, const char *geojson, wvlv_crs crs,
				      const char *param, wvlv_error *err)
{
	static const geom_check check = { SQL_GEOM_CHECK, "wvlv_geometry_check",
					  "geometry check: no row", geometry_judge };
	return geom_run_check(db, &check, geojson, crs, param ? param : "geometry", err);
}

wvlv_status wvlv_point_judge(const PGresult *res, wvlv_crs crs, const char *param,
			       wvlv_error *err)
{
	if (PQgetisnull(res, 0, 0))
		return geom_invalid(err, param, "not-geojson", "is not a GeoJSON geometry");
	const char *type = PQgetvalue(res, 0, 0);
	if (strcmp(type, "POINT") != 0) {
		char reason[128];
		snprintf(reason, sizeof(reason), "must be a Point, not a %s", geom_type_name(type));
		return geom_invalid(err, param, "wrong-geometry-type", reason);
	}
	if (strcmp(PQgetvalue(res, 0, 1), "t") == 0 || PQgetisnull(res, 0, 2) ||
	    PQgetisnull(res, 0, 3))
		return geom_invalid(err, param, "empty-geometry", "is empty");
	bool in = true;
	for (int col = 2; col <= 4; col += 2) { /* as sent, then in the other CRS */
		wvlv_crs c = (col == 2) == (crs == WVLV_CRS_RD) ? WVLV_CRS_RD : WVLV_CRS_CRS84;
		if (PQgetisnull(res, 0, col) || PQgetisnull(res, 0, col + 1)) {
			in = false;
			continue;
		}
		double x = strtod(PQgetvalue(res, 0, col), NULL);
		double y = strtod(PQgetvalue(res, 0, col + 1), NULL);
		in = in && geom_box_in_netherlands(x, y, x, y, c);
	}
	return in ? WVLV_OK : geom_outside(err, param);
}

wvlv_status wvlv_store_point_check(wvlv_db *db, const char *point_json, wvlv_crs crs,
				   const char *param, wvlv_error *err)
{
	static const geom_check check = { wvlv_sql_point_check, "wvlv_point_check",
					  "point check: no row", wvlv_point_judge };
	return geom_run_check(db, &check, point_json, crs, param ? param : "location", err);
}
