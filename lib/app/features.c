/* features.c — OGC API – Features reads through the OGC pool, with the
 * designations' change counter from memory when it may be trusted (see
 * app_features.h; the counter itself is counter.c). */
#include "app_internal.h"

#include "wvlv/app_features.h"
#include "wvlv/store_ogc.h"

/* The OGC connection of the request, taken when it has none yet. */
static wvlv_status gis_connection(wvlv_request *r, wvlv_error *err)
{
	return r->db ? WVLV_OK : app_gis_acquire(r, err);
}

wvlv_status wvlv_app_features_counter(wvlv_request *r, long long *counter, wvlv_error *err)
{
	unsigned long epoch = 0;
	if (app_counter_current(r->app->counter, counter, &epoch))
		return WVLV_OK;
	/* the connection stays with the request for the page that may follow */
	wvlv_status st = gis_connection(r, err);
	if (st == WVLV_OK)
		st = wvlv_store_ogc_change_counter(r->db, counter, err);
	if (st == WVLV_OK)
		app_counter_learned(r->app->counter, *counter, epoch);
	return st;
}

wvlv_status wvlv_app_features_extent(wvlv_request *r, wvlv_ogc_extent *out, wvlv_error *err)
{
	wvlv_status st = gis_connection(r, err);
	if (st == WVLV_OK)
		st = wvlv_store_ogc_extent_get(r->db, r->arena, out, err);
	wvlv_request_end(r);
	return st;
}

wvlv_status wvlv_app_features_page(wvlv_request *r, const wvlv_ogc_filter *f,
				   wvlv_ogc_crs crs, wvlv_ogc_feature **out, size_t *n, long *matched,
				   long long *counter, wvlv_error *err)
{
	wvlv_status st = gis_connection(r, err);
	if (st == WVLV_OK)
		st = wvlv_store_ogc_features(r->db, r->arena, f, crs, out, n, matched, counter, err);
	wvlv_request_end(r);
	return st;
}

wvlv_status wvlv_app_feature_get(wvlv_request *r, const char *id, const char *today,
				 wvlv_ogc_crs crs, wvlv_ogc_feature *out, long long *counter,
				 wvlv_error *err)
{
	wvlv_status st = gis_connection(r, err);
	if (st == WVLV_OK)
		st = wvlv_store_ogc_feature_get(r->db, r->arena, id, today, crs, out, counter, err);
	wvlv_request_end(r);
	return st;
}
