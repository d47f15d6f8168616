/* store_ogc.h — the designations as OGC API – Features reads them.
 *
 * Public data only: the columns read here are the designation's public
 * fields, the GeoJSON text stored when the row was written (geojson_crs84 or
 * geojson_rd) and the properties text stored with it (ogc_properties);
 * nothing is transformed or encoded per request for CRS84 and RD New.  The
 * other output CRSs (EPSG:4258, 4326, 3857; wvlv/ogc_crs.h) are made by
 * PostGIS in the statement from the stored geometry, ST_Transform and, for
 * the latitude-first ones, ST_FlipCoordinates.  Each call is one statement
 * (one snapshot), meant for a connection in the role WVLV_GIS_ROLE, which
 * sees every municipality's designations and nothing else; no transaction
 * and no caller scope are needed.
 */
#ifndef WVLV_STORE_OGC_H
#define WVLV_STORE_OGC_H

#include <stdbool.h>
#include <stddef.h>

#include "wvlv/arena.h"
#include "wvlv/ogc_crs.h"
#include "wvlv/db.h"
#include "wvlv/features.h"
#include "wvlv/status.h"

/* The counter bumped by every write of designations or their periods. */
wvlv_status wvlv_store_ogc_change_counter(wvlv_db *db, long long *out,
					  wvlv_error *err) WVLV_MUST_CHECK;

/* A connection that LISTENs for the counter's notifications (sent at commit
 * by every write of designations or their periods) — or, on a hot standby,
 * where LISTEN is refused and nothing is notified, reads the replicated
 * counter row at every wait. */
typedef struct wvlv_store_ogc_watch wvlv_store_ogc_watch;

/* Connect, LISTEN, then read the counter (in that order, so no change
 * committed after *counter is missed).  WVLV_EUNAVAIL when the database
 * cannot be reached. */
wvlv_status wvlv_store_ogc_watch_open(const wvlv_db_options *opts, wvlv_store_ogc_watch **out,
				      long long *counter, wvlv_error *err) WVLV_MUST_CHECK;
/* Wait at most timeout_ms for notifications; raise *counter to the newest
 * value notified (on a standby: wait timeout_ms, then read the counter).  WVLV_EUNAVAIL when the connection is lost: close the
 * watch and open a new one. */
wvlv_status wvlv_store_ogc_watch_wait(wvlv_store_ogc_watch *w, int timeout_ms, long long *counter,
				      wvlv_error *err) WVLV_MUST_CHECK;
/* Read the counter again and raise *counter to it (a check that the
 * connection is alive, and a bound on how stale memory can be should a
 * notification ever be lost). */
wvlv_status wvlv_store_ogc_watch_recheck(wvlv_store_ogc_watch *w, long long *counter,
					 wvlv_error *err) WVLV_MUST_CHECK;
/* true: connected to a standby, reading the counter instead of listening */
bool        wvlv_store_ogc_watch_polling(const wvlv_store_ogc_watch *w);
void        wvlv_store_ogc_watch_close(wvlv_store_ogc_watch *w);

wvlv_status wvlv_store_ogc_extent_get(wvlv_db *db, wvlv_arena *arena, wvlv_ogc_extent *out,
				      wvlv_error *err) WVLV_MUST_CHECK;

/* A page of features (ordered by creation, or sortby; after f->after when
 * set), how many match in all (-1 on a page asked by cursor), and the change
 * counter read in the same snapshot. */
wvlv_status wvlv_store_ogc_features(wvlv_db *db, wvlv_arena *arena, const wvlv_ogc_filter *f,
				    wvlv_ogc_crs crs, wvlv_ogc_feature **out, size_t *n,
				    long *matched, long long *counter,
				    wvlv_error *err) WVLV_MUST_CHECK;

/* One feature and the change counter of its snapshot; WVLV_ENOTFOUND when
 * there is none with this id. */
wvlv_status wvlv_store_ogc_feature_get(wvlv_db *db, wvlv_arena *arena, const char *id,
				       const char *today, wvlv_ogc_crs crs, wvlv_ogc_feature *out,
				       long long *counter, wvlv_error *err) WVLV_MUST_CHECK;

#endif /* WVLV_STORE_OGC_H */
