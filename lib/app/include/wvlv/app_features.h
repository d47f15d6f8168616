/* app_features.h — the designations as OGC API – Features reads them.
 *
 * Public designation data only, read through the OGC pool, whose connections
 * are the role WVLV_GIS_ROLE: it sees the public columns of every
 * municipality's designations and nothing else, so these need no caller scope
 * and no transaction (each read is one statement, one snapshot).
 *
 * Every write of designations or their periods bumps a change counter and
 * notifies every server process at commit.  A watch thread LISTENs on a
 * connection of its own and keeps the newest value in memory; while it is
 * connected, and this process has committed no write since it last read the
 * counter, wvlv_app_features_counter() answers without a query.  Otherwise it
 * reads the counter (and keeps the connection for the page that follows).
 */
#ifndef WVLV_APP_FEATURES_H
#define WVLV_APP_FEATURES_H

#include "wvlv/app.h"
#include "wvlv/ogc_crs.h"
#include "wvlv/features.h"

/* The change counter now. */
wvlv_status wvlv_app_features_counter(wvlv_request *r, long long *counter,
				      wvlv_error *err) WVLV_MUST_CHECK;

/* The collection's extent, computed from the data, and the counter it was read under. */
wvlv_status wvlv_app_features_extent(wvlv_request *r, wvlv_ogc_extent *out,
				     wvlv_error *err) WVLV_MUST_CHECK;

/* A page of features (ordered by creation, or sortby; after f->after when
 * set), how many match in all (-1 on a page asked by cursor), and the change
 * counter read in the same snapshot. */
wvlv_status wvlv_app_features_page(wvlv_request *r, const wvlv_ogc_filter *f,
				   wvlv_ogc_crs crs, wvlv_ogc_feature **out, size_t *n, long *matched,
				   long long *counter, wvlv_error *err) WVLV_MUST_CHECK;

/* One feature (its status on `today`, "YYYY-MM-DD") and the counter of its
 * snapshot; WVLV_ENOTFOUND when there is none with this id. */
wvlv_status wvlv_app_feature_get(wvlv_request *r, const char *id, const char *today,
				 wvlv_ogc_crs crs, wvlv_ogc_feature *out, long long *counter,
				 wvlv_error *err) WVLV_MUST_CHECK;

#endif /* WVLV_APP_FEATURES_H */
