/* geometry_internal.h — what geometry.c lends the import's bulk check
 * (designation_import.c; private to lib/store/). */
#ifndef WVLV_STORE_GEOMETRY_INTERNAL_H
#define WVLV_STORE_GEOMETRY_INTERNAL_H

#include "db_internal.h"

/* The designation geometry check over every row of the temporary table
 * wvlv_import_staging (columns geojson, srid): its rec, then the check's
 * columns, by rec. */
extern const char wvlv_sql_geometry_check_staged[];

/* The verdict of wvlv_store_geometry_check on row `row` of such a result,
 * whose check columns start at c0. */
wvlv_status wvlv_geometry_judge_row(const PGresult *res, int row, int c0, wvlv_crs crs,
				    const char *param, wvlv_error *err);

#endif /* WVLV_STORE_GEOMETRY_INTERNAL_H */
