/* offer_ground.h — what offer_basis.c borrows from the other store files to
 * read the ground of a new offer in one round trip (private to lib/store/). */
#ifndef WVLV_STORE_OFFER_GROUND_H
#define WVLV_STORE_OFFER_GROUND_H

#include "db_internal.h"

/* geometry.c: the point check ($1 GeoJSON, $2 SRID) and its verdict */
extern const char wvlv_sql_point_check[];
wvlv_status wvlv_point_judge(const PGresult *res, wvlv_crs crs, const char *param,
			     wvlv_error *err);
/* offers.c: the designation of a point (as wvlv_store_offer_find_designation),
 * locked FOR SHARE */
extern const char wvlv_sql_find_designation_share[];
/* deadlines.c: the equated days and a row of them */
extern const char wvlv_sql_equated_list[];
wvlv_status wvlv_equated_row(const PGresult *res, int r, wvlv_arena *arena, void *item,
			     wvlv_error *err);

#endif /* WVLV_STORE_OFFER_GROUND_H */
