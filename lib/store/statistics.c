/* statistics.c — the statistics of the sale offers of one designation in
 * PostgreSQL (see store_statistics.h): per year of receipt and in total, how many
 * were received, decided, lapsed, purchased and exempt, and the median days
 * to a decision.
 */
#include "wvlv/store_statistics.h"

#include <stdlib.h>
#include <string.h>

#include "db_internal.h"

/* ---- SQL ------------------------------------------------------------------- */

/* Per year of receipt, then the total (GROUPING 1).  A decision is the
 * first decision event; an offer without one has no days to decision. */
static const char SQL_STATISTICS[] =
	"WITH o AS (SELECT extract(year FROM s.received_on)::int AS year, s.received_on,"
	" s.status, s.exemption,"
	" (SELECT e.on_date FROM sale_notification_events e"
	" WHERE e.sale_notification_id = s.id AND e.type = 'decision'"
	" ORDER BY e.sequence LIMIT 1) AS decided_on"
	" FROM sale_notifications s WHERE s.designation_id = $1::uuid)"
	" SELECT GROUPING(o.year), o.year, count(*), count(o.decided_on),"
	" count(*) FILTER (WHERE o.status = 'lapsed'),"
	" count(*) FILTER (WHERE o.status = 'purchased'),"
	" count(*) FILTER (WHERE o.exemption IS NOT NULL),"
	" percentile_cont(0.5) WITHIN GROUP (ORDER BY o.decided_on - o.received_on)"
	" FROM o GROUP BY ROLLUP (o.year) ORDER BY GROUPING(o.year), o.year";

/* ---- statistics ------------------------------------------------------------------------------------ */

/* A year (GROUPING 0) or the total (GROUPING 1). */
static wvlv_status stats_row(const PGresult *res, int r, wvlv_arena *arena, void *item,
			     wvlv_error *err)
{
	(void)arena;
	(void)err;
	bool total = strcmp(PQgetvalue(res, r, 0), "1") == 0;
	*(wvlv_offer_stats *)item = (wvlv_offer_stats){
		.year = total ? 0 : atoi(PQgetvalue(res, r, 1)),
		.received = strtol(PQgetvalue(res, r, 2), NULL, 10),
		.decided_in_time = strtol(PQgetvalue(res, r, 3), NULL, 10),
		.lapsed = strtol(PQgetvalue(res, r, 4), NULL, 10),
		.purchased = strtol(PQgetvalue(res, r, 5), NULL, 10),
		.exempt = strtol(PQgetvalue(res, r, 6), NULL, 10),
		.median_days_to_decision =
			PQgetisnull(res, r, 7) ? -1.0 : strtod(PQgetvalue(res, r, 7), NULL),
	};
	return WVLV_OK;
}

wvlv_status wvlv_store_offer_statistics(wvlv_db *db, wvlv_arena *arena,
					const char *designation_id, wvlv_offer_stats **rows,
					size_t *n, wvlv_error *err)
{
	*rows = NULL;
	*n = 0;
	/* an id that is no uuid has no offers: the total of nothing */
	const char *params[] = { wvlv_uuid_shaped(designation_id) ? designation_id : WVLV_DB_NIL_UUID };
	size_t count;
	wvlv_offer_stats *out = wvlv_db_read_rows(db, arena, SQL_STATISTICS, 1, params,
						  sizeof(*out), stats_row, &count, err);
	if (!out)
		return err->status;
	if (count == 0 || out[count - 1].year != 0)
		return wvlv_db_internal(err, "offer statistics: no total row");
	*rows = out;
	*n = count;
	return WVLV_OK;
}
