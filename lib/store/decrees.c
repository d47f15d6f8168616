/* decrees.c — the years a loaded Royal Decree covers, and the open deadlines
 * in years none covers (see store_decrees.h).  No rule is decided here. */
#include "wvlv/store_decrees.h"

#include <stdio.h>
#include <stdlib.h>

#include "db_internal.h"

static const char SQL_YEARS[] = "SELECT year FROM equated_decree_years ORDER BY year";

static const char SQL_YEAR_ADD[] =
	"INSERT INTO equated_decree_years (year, reference) VALUES ($1::int, $2::text)"
	" ON CONFLICT (year) DO NOTHING RETURNING year";

/* The open deadlines (as the overview: received → response, court-requested
 * → filing) whose year has no row in equated_decree_years.  The years are
 * found first, from the first and last open deadline (four probes of the
 * partial indexes of migration 0003); only the deadlines of a year without
 * a decree are read, a range of those indexes each.  In the common case —
 * every year with an open deadline has its decree — no offer is read at
 * all, however many are open (the alert job runs this every night). */
#define SQL_UNCOVERED_ARM(col, status)                                                      \
	" SELECT s.municipality_code, s." col " AS at, y.y FROM y"                          \
	" JOIN sale_notifications s ON s.status = '" status "'"                             \
	" AND s." col " >= make_date(y.y, 1, 1) AND s." col " < make_date(y.y + 1, 1, 1)"
static const char SQL_UNCOVERED[] =
	"WITH b AS (SELECT"
	" (SELECT min(response_deadline) FROM sale_notifications WHERE status = 'received') AS r0,"
	" (SELECT max(response_deadline) FROM sale_notifications WHERE status = 'received') AS r1,"
	" (SELECT min(court_filing_deadline) FROM sale_notifications"
	" WHERE status = 'court-requested') AS f0,"
	" (SELECT max(court_filing_deadline) FROM sale_notifications"
	" WHERE status = 'court-requested') AS f1),"
	" y AS (SELECT g::int AS y FROM b, generate_series(extract(year FROM least(b.r0, b.f0))::int,"
	" extract(year FROM greatest(b.r1, b.f1))::int) g"
	" WHERE NOT EXISTS (SELECT FROM equated_decree_years c WHERE c.year = g))"
	" SELECT u.municipality_code, u.y, count(*)::int, " SQL_DATE("min(u.at)") " FROM ("
	SQL_UNCOVERED_ARM("response_deadline", "received")
	" UNION ALL"
	SQL_UNCOVERED_ARM("court_filing_deadline", "court-requested")
	") u GROUP BY u.municipality_code, u.y ORDER BY u.y, u.municipality_code";

static wvlv_status year_row(const PGresult *res, int r, wvlv_arena *arena, void *item,
			    wvlv_error *err)
{
	(void)arena;
	(void)err;
	*(int *)item = atoi(PQgetvalue(res, r, 0));
	return WVLV_OK;
}

wvlv_status wvlv_store_decree_years(wvlv_db *db, wvlv_arena *arena, int **years, size_t *n,
				    wvlv_error *err)
{
	*n = 0;
	*years = wvlv_db_read_rows(db, arena, SQL_YEARS, 0, NULL, sizeof(**years), year_row, n,
				   err);
	return *years ? WVLV_OK : err->status;
}

wvlv_status wvlv_store_decree_year_add(wvlv_db *db, int year, const char *reference,
				       bool *added, wvlv_error *err)
{
	char y[16];
	snprintf(y, sizeof(y), "%d", year);
	const char *params[] = { y, reference };
	PGresult *res = wvlv_db_query(db, SQL_YEAR_ADD, 2, params, PGRES_TUPLES_OK, err);
	if (!res)
		return err->status;
	*added = PQntuples(res) > 0;
	PQclear(res);
	return WVLV_OK;
}

static wvlv_status uncovered_row(const PGresult *res, int r, wvlv_arena *arena, void *item,
				 wvlv_error *err)
{
	(void)arena; /* the strings stay in res, which lives as long as the arena */
	wvlv_uncovered_year *row = item;
	row->municipality_code = PQgetvalue(res, r, 0);
	row->year = atoi(PQgetvalue(res, r, 1));
	row->deadlines = atoi(PQgetvalue(res, r, 2));
	return wvlv_db_date_value(res, r, 3, &row->first, err);
}

wvlv_status wvlv_store_uncovered_years(wvlv_db *db, wvlv_arena *arena,
				       wvlv_uncovered_year **rows, size_t *n, wvlv_error *err)
{
	*n = 0;
	*rows = wvlv_db_read_rows(db, arena, SQL_UNCOVERED, 0, NULL, sizeof(**rows),
				  uncovered_row, n, err);
	return *rows ? WVLV_OK : err->status;
}
