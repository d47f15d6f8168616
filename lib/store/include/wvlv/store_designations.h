/* store_designations.h — designations in PostgreSQL + PostGIS.
 *
 * Loads and saves; decides no legal rule (lib/domain/designation.c does, and
 * lib/app/registry.c puts the two together in one transaction).  Geometry is stored
 * as MultiPolygon in EPSG:28992; all geometry work is PostGIS's.  Strings in
 * results are allocated from the given arena.  Every function runs inside the
 * caller's transaction on `db`.
 */
#ifndef WVLV_STORE_DESIGNATIONS_H
#define WVLV_STORE_DESIGNATIONS_H

#include <stdbool.h>
#include <stddef.h>
#include "wvlv/arena.h"
#include "wvlv/crs.h"
#include "wvlv/db.h"
#include "wvlv/designation.h"
#include "wvlv/status.h"

/* Serialise designation writes of one municipality (the place cap is checked
 * against the others): pg_advisory_xact_lock on the municipality. */
wvlv_status wvlv_store_designation_lock_municipality(wvlv_db *db, const char *municipality_code,
						     wvlv_error *err) WVLV_MUST_CHECK;

/* Designations of `municipality_code`, other than exclude_id (may be NULL),
 * whose area overlaps the given geometry (interiors intersect; touching does
 * not count). Either geojson (with crs) or of_id (use that row's geometry). */
wvlv_status wvlv_store_designation_overlaps(wvlv_db *db, wvlv_arena *arena,
					    const char *municipality_code, const char *geojson,
					    wvlv_crs crs, const char *of_id, const char *exclude_id,
					    wvlv_overlap **out, size_t *n_out,
					    wvlv_error *err) WVLV_MUST_CHECK;

/* Insert; writes the new id.  designated_from/until are stored for queries. */
wvlv_status wvlv_store_designation_insert(wvlv_db *db, const wvlv_designation_new *d,
					  char id_out[WVLV_UUID_STRLEN],
					  wvlv_error *err) WVLV_MUST_CHECK;

/* One row with its periods.  municipality_code NULL: any.  for_update locks
 * the row.  WVLV_ENOTFOUND when absent (or another municipality's). */
wvlv_status wvlv_store_designation_get(wvlv_db *db, wvlv_arena *arena,
				       const char *municipality_code, const char *id,
				       wvlv_crs out_crs, bool for_update, wvlv_designation *out,
				       wvlv_error *err) WVLV_MUST_CHECK;

/* The audited representation of a designation (its fields and periods) as
 * JSON text, for the before/after of an audit row.  WVLV_ENOTFOUND when there
 * is no such designation. */
wvlv_status wvlv_store_designation_snapshot(wvlv_db *db, wvlv_arena *arena, const char *id,
					    const char **json_out, wvlv_error *err) WVLV_MUST_CHECK;

/* A page of rows (periods included) ordered by created_at, id (after f->after
 * when set), and the total number that match (-1 past WVLV_DB_MATCHED_MAX or on a page
 * asked by cursor). */
wvlv_status wvlv_store_designation_list(wvlv_db *db, wvlv_arena *arena,
					const wvlv_designation_filter *f, wvlv_crs out_crs,
					wvlv_designation **items, size_t *n_items,
					long *number_matched, wvlv_error *err) WVLV_MUST_CHECK;

/* Apply a patch and bump version (the row is locked by the caller). */
wvlv_status wvlv_store_designation_update(wvlv_db *db, const char *id,
					  const wvlv_designation_patch *p,
					  wvlv_error *err) WVLV_MUST_CHECK;

/* Append a period, store the new designated_until, bump version. */
wvlv_status wvlv_store_designation_add_period(wvlv_db *db, const char *id, const wvlv_period *p,
					      wvlv_error *err) WVLV_MUST_CHECK;

/* Record a withdrawal, store designated_until (WVLV_DATE_NONE → NULL), bump version. */
wvlv_status wvlv_store_designation_withdraw(wvlv_db *db, const char *id, wvlv_date on,
					    const char *reason, wvlv_date new_until,
					    wvlv_error *err) WVLV_MUST_CHECK;

#endif /* WVLV_STORE_DESIGNATIONS_H */
