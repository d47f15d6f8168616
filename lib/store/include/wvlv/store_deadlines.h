/* store_deadlines.h — the deadlines of sale offers in PostgreSQL
 * (deadlines.c): the days equated with a holiday by Royal Decree (Atw art.
 * 3(3), docs/law.md §3.5), the open offers whose deadline a new equated day
 * may move (docs/law.md §2.10), and the deadline overview.
 *
 * Loads and saves; no deadline is computed here (lib/domain/deadline.c does).
 * Every function runs inside the caller's transaction, scoped by
 * wvlv_db_set_caller (row-level security).  Strings in results are allocated
 * from the arena.
 */
#ifndef WVLV_STORE_DEADLINES_H
#define WVLV_STORE_DEADLINES_H

#include <stddef.h>
#include "wvlv/arena.h"
#include "wvlv/date.h"
#include "wvlv/db.h"
#include "wvlv/deadline.h"
#include "wvlv/status.h"

/* ---- equated holidays (national data; a national admin changes them) ---- */

wvlv_status wvlv_store_equated_list(wvlv_db *db, wvlv_arena *arena, wvlv_equated_day **out,
				    size_t *n, wvlv_error *err) WVLV_MUST_CHECK;
/* ECONFLICT "already-equated" when the date is there already. */
wvlv_status wvlv_store_equated_add(wvlv_db *db, wvlv_date date, const char *reference,
				   wvlv_error *err) WVLV_MUST_CHECK;
/* ENOTFOUND when the date is not there. */
wvlv_status wvlv_store_equated_delete(wvlv_db *db, wvlv_date date, wvlv_error *err) WVLV_MUST_CHECK;

/* ---- the offers an equated day may move ---- */

/* Open offers (of the scoped municipality) whose response or filing deadline
 * lies in [from, until]; for deadline-moved.  Ids only. */
wvlv_status wvlv_store_offer_ids_with_deadline_between(wvlv_db *db, wvlv_arena *arena,
						       wvlv_date from, wvlv_date until,
						       const char ***ids, size_t *n,
						       wvlv_error *err) WVLV_MUST_CHECK;

/* Municipalities that have open offers with a deadline in [from, until] — across
 * row-level security (a SECURITY DEFINER function), for moving deadlines when
 * an equated day is added. */
wvlv_status wvlv_store_offer_municipalities_with_deadline_between(
	wvlv_db *db, wvlv_arena *arena, wvlv_date from, wvlv_date until, const char ***codes,
	size_t *n, wvlv_error *err) WVLV_MUST_CHECK;

/* The same for closed offers that such a deadline closed: lapsed (response
 * deadline in range) or released (filing deadline in range); migration 0009.
 * For reporting the offers a new equated day comes too late for. */
wvlv_status wvlv_store_offer_closed_ids_with_deadline_between(wvlv_db *db, wvlv_arena *arena,
							      wvlv_date from, wvlv_date until,
							      const char ***ids, size_t *n,
							      wvlv_error *err) WVLV_MUST_CHECK;
wvlv_status wvlv_store_offer_municipalities_closed_with_deadline_between(
	wvlv_db *db, wvlv_arena *arena, wvlv_date from, wvlv_date until, const char ***codes,
	size_t *n, wvlv_error *err) WVLV_MUST_CHECK;

/* ---- the deadline overview (GET /deadlines, the alert job) ---- */

/* Open response deadlines (status received) and filing deadlines (status
 * court-requested) up to offers_until (overdue ones included), and the last
 * period end of designations that are not withdrawn ending in [today,
 * designations_until]; sorted by date, then kind, then id.  Those of
 * municipality_code, or (NULL) of every municipality the caller sees. */
wvlv_status wvlv_store_deadlines(wvlv_db *db, wvlv_arena *arena, const char *municipality_code,
				 wvlv_date today, wvlv_date offers_until,
				 wvlv_date designations_until, wvlv_deadline_row **rows, size_t *n,
				 wvlv_error *err) WVLV_MUST_CHECK;

#endif /* WVLV_STORE_DEADLINES_H */
