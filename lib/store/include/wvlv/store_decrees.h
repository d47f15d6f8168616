/* store_decrees.h — the years a loaded Royal Decree covers (Atw art. 3(3);
 * table equated_decree_years, migration 0008), and the open deadlines that
 * fall in a year none covers (docs/law.md §3.5).  The days themselves are in
 * store_deadlines.h (equated holidays).  National data: no row-level security.
 */
#ifndef WVLV_STORE_DECREES_H
#define WVLV_STORE_DECREES_H

#include <stdbool.h>
#include <stddef.h>

#include "wvlv/arena.h"
#include "wvlv/date.h"
#include "wvlv/db.h"
#include "wvlv/status.h"

/* The covered years, ascending. */
wvlv_status wvlv_store_decree_years(wvlv_db *db, wvlv_arena *arena, int **years, size_t *n,
				    wvlv_error *err) WVLV_MUST_CHECK;

/* Mark a year covered by the decree `reference`; *added false when it was
 * covered already (its row is kept). */
wvlv_status wvlv_store_decree_year_add(wvlv_db *db, int year, const char *reference,
				       bool *added, wvlv_error *err) WVLV_MUST_CHECK;

/* Per municipality and year that no decree covers: the open deadlines
 * (response deadlines of offers in received, filing deadlines of offers in
 * court-requested) in that year that the transaction's caller sees. */
typedef struct wvlv_uncovered_year {
	const char *municipality_code;
	int         year;
	int         deadlines;   /* how many open deadlines fall in it */
	wvlv_date   first;       /* the earliest of them */
} wvlv_uncovered_year;

/* Sorted by year, then municipality. */
wvlv_status wvlv_store_uncovered_years(wvlv_db *db, wvlv_arena *arena,
				       wvlv_uncovered_year **rows, size_t *n,
				       wvlv_error *err) WVLV_MUST_CHECK;

#endif /* WVLV_STORE_DECREES_H */
