/* store_statistics.h — the statistics of the sale offers of one designation
 * in PostgreSQL (statistics.c).  Runs inside the caller's transaction, scoped
 * by wvlv_db_set_caller (row-level security: the offers the caller sees).
 */
#ifndef WVLV_STORE_STATISTICS_H
#define WVLV_STORE_STATISTICS_H

#include <stddef.h>
#include "wvlv/arena.h"
#include "wvlv/db.h"
#include "wvlv/offer.h"
#include "wvlv/status.h"

/* Per year of receipt (ascending) and the total last: how many were received,
 * decided, lapsed, purchased and exempt, and the median days to a decision. */
wvlv_status wvlv_store_offer_statistics(wvlv_db *db, wvlv_arena *arena,
					const char *designation_id, wvlv_offer_stats **rows,
					size_t *n, wvlv_error *err) WVLV_MUST_CHECK;

#endif /* WVLV_STORE_STATISTICS_H */
