/* store_designation_import.h — the designation import in bulk
 * (designation_import.c): a file's designations staged in a temporary table
 * (wvlv_import_staging, dropped at the end of the transaction), checked there
 * by set-based SQL, and written from it with their audit rows in the shape
 * the API's writes give them (the rows of a create, each extension and the
 * withdrawal, in the file's order).  Inside a transaction the caller owns;
 * no legal rule is decided here.
 */
#ifndef WVLV_STORE_DESIGNATION_IMPORT_H
#define WVLV_STORE_DESIGNATION_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "wvlv/arena.h"
#include "wvlv/caller.h"
#include "wvlv/db.h"
#include "wvlv/designation.h"
#include "wvlv/status.h"

/* One designation of the file in the state its writes would leave it in. */
typedef struct wvlv_store_import_row {
	const wvlv_designation_new *d;        /* name, kind, measures, geometry, BAG ids */
	const wvlv_period          *periods;  /* 1 + extensions, in sequence */
	size_t                      n_periods;
	wvlv_date                   designated_until; /* after the last write */
	wvlv_date                   withdrawn_on;     /* WVLV_DATE_NONE: not withdrawn */
	const char                 *withdrawal_reason;
} wvlv_store_import_row;

/* A designation the staged record `rec` overlaps in area: a staged one
 * (other: its index) or one of the register (other -1, range set). */
typedef struct wvlv_store_import_overlap {
	size_t       rec;
	long         other;
	wvlv_overlap ov;
} wvlv_store_import_overlap;

/* Called for each staged row whose geometry is refused, with the problem
 * wvlv_store_geometry_check gives for it. */
typedef void (*wvlv_store_import_refuse_fn)(void *cls, size_t rec, const wvlv_error *why);

/* Create the staging table and put rows[0..n) in it (rec = index), each
 * with a new designation id. */
wvlv_status wvlv_store_import_stage(wvlv_db *db, const wvlv_store_import_row *rows, size_t n,
				    wvlv_error *err) WVLV_MUST_CHECK;

/* wvlv_store_geometry_check of every staged geometry ("geometry"), in one
 * statement (or row by row when PostGIS cannot read one); valid[i] set for
 * the ones that pass, refuse called for the others.  Then the stored
 * geometry of the valid ones, indexed for the overlap query. */
wvlv_status wvlv_store_import_geometries(wvlv_db *db, const wvlv_store_import_row *rows,
					 size_t n, bool *valid, wvlv_store_import_refuse_fn refuse,
					 void *cls, wvlv_error *err) WVLV_MUST_CHECK;

/* Every pair of a staged valid geometry and a designation it overlaps in
 * area (an earlier staged one, or one of the municipality's in the
 * register), by rec and then in the order of the designations' creation (the
 * staged ones as created now). */
wvlv_status wvlv_store_import_overlaps(wvlv_db *db, wvlv_arena *arena,
				       const char *municipality_code,
				       wvlv_store_import_overlap **out, size_t *n,
				       wvlv_error *err) WVLV_MUST_CHECK;

/* Write every staged designation of municipality_code with its periods, and
 * its audit rows by caller (create, extend …, withdraw). */
wvlv_status wvlv_store_import_write(wvlv_db *db, const wvlv_caller *caller,
				    const char *municipality_code,
				    wvlv_error *err) WVLV_MUST_CHECK;

#endif /* WVLV_STORE_DESIGNATION_IMPORT_H */
