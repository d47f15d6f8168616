/* deadlines.c — the deadline overview in PostgreSQL (see store_offers.h):
 * the open response and filing deadlines of sale offers and the ends of
 * designations, in one list sorted by date, for GET /deadlines and the
 * nightly alert job.  No deadline is computed here.
 */
#include "wvlv/store_offers.h"

#include <stdlib.h>

#include "db_internal.h"

/* ---- SQL ------------------------------------------------------------------- */

/* The deadline overview: $1 today, $2 offers until, $3 designations until.
 * Kinds as wvlv_deadline_kind; sorted by date, kind, id. */
#define SQL_DEADLINE_OFFERS(kind, col, status)                                             \
	" SELECT " kind " AS kind, s." col " AS at, s.id::text AS offer_id,"                 \
	" s.designation_id::text AS designation_id, d.name, s.municipality_code,"            \
	" NULL::date AS designated_from, NULL::bigint AS n_periods, s.id::text AS sort_id"   \
	" FROM sale_notifications s JOIN designations d ON d.id = s.designation_id"          \
	" AND d.municipality_code = s.municipality_code"                                     \
	" WHERE s.status = '" status "' AND s." col " <= $2::date"

static const char SQL_DEADLINES[] =
	"SELECT u.kind, " SQL_DATE("u.at") ", u.offer_id, u.designation_id, u.name,"
	" u.municipality_code, " SQL_DATE("u.designated_from") ", u.n_periods FROM ("
	SQL_DEADLINE_OFFERS("1", "response_deadline", "received")
	" UNION ALL"
	SQL_DEADLINE_OFFERS("2", "court_filing_deadline", "court-requested")
	" UNION ALL"
	" SELECT 3, d.designated_until, NULL, d.id::text, d.name, d.municipality_code,"
	" d.designated_from,"
	" (SELECT count(*) FROM designation_periods p WHERE p.designation_id = d.id), d.id::text"
	" FROM designations d"
	" WHERE d.withdrawn_on IS NULL AND d.designated_until BETWEEN $1::date AND $3::date"
	") u ORDER BY u.at, u.kind, u.sort_id";

/* ---- the deadline overview ---------------------------------------------------------------------- */

static wvlv_status deadline_row(const PGresult *res, int r, wvlv_arena *arena,
				wvlv_deadline_row *row, wvlv_error *err)
{
	long kind = strtol(PQgetvalue(res, r, 0), NULL, 10);
	if (kind < WVLV_DL_RESPONSE || kind > WVLV_DL_DESIGNATION_END)
		return wvlv_db_internal(err, "deadline overview: unknown kind");
	row->kind = (wvlv_deadline_kind)kind;
	const char *offer = wvlv_db_value_or_null(res, r, 2);
	row->sale_notification_id = offer ? wvlv_arena_strdup(arena, offer) : NULL;
	row->designation_id = wvlv_arena_strdup(arena, PQgetvalue(res, r, 3));
	row->designation_name = wvlv_arena_strdup(arena, PQgetvalue(res, r, 4));
	row->municipality_code = wvlv_arena_strdup(arena, PQgetvalue(res, r, 5));
	row->n_periods = PQgetisnull(res, r, 7) ? 0 : atoi(PQgetvalue(res, r, 7));
	wvlv_status st = wvlv_db_date_value(res, r, 1, &row->date, err);
	if (st == WVLV_OK)
		st = wvlv_db_date_value(res, r, 6, &row->designated_from, err);
	return st;
}

wvlv_status wvlv_store_deadlines(wvlv_db *db, wvlv_arena *arena, wvlv_date today,
				 wvlv_date offers_until, wvlv_date designations_until,
				 wvlv_deadline_row **rows, size_t *n, wvlv_error *err)
{
	*rows = NULL;
	*n = 0;
	char a[WVLV_DATE_STRLEN], b[WVLV_DATE_STRLEN], c[WVLV_DATE_STRLEN];
	const char *params[] = { wvlv_db_date_param(today, a), wvlv_db_date_param(offers_until, b),
				 wvlv_db_date_param(designations_until, c) };
	PGresult *res = wvlv_db_query(db, SQL_DEADLINES, 3, params, PGRES_TUPLES_OK, err);
	if (!res)
		return err->status;
	int count = PQntuples(res);
	wvlv_deadline_row *out = wvlv_arena_alloc(arena, (size_t)(count ? count : 1) * sizeof(*out));
	wvlv_status st = WVLV_OK;
	for (int r = 0; r < count && st == WVLV_OK; r++)
		st = deadline_row(res, r, arena, &out[r], err);
	PQclear(res);
	if (st != WVLV_OK)
		return st;
	*rows = out;
	*n = (size_t)count;
	return WVLV_OK;
}
