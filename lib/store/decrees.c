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
 * → filing) whose year has no row in equated_decree_years. */
static const char SQL_UNCOVERED[] =
	"SELECT u.municipality_code, u.y, count(*)::int, " SQL_DATE("min(u.at)") " FROM ("
	" SELECT s.municipality_code, s.response_deadline AS at,"
	" extract(year FROM s.response_deadline)::int AS y"
	" FROM sale_notifications s WHERE s.status = 'received'"
	" AND s.response_deadline IS NOT NULL"
	" UNION ALL"
	" SELECT s.municipality_code, s.court_filing_deadline,"
	" extract(year FROM s.court_filing_deadline)::int"
	" FROM sale_notifications s WHERE s.status = 'court-requested'"
	" AND s.court_filing_deadline IS NOT NULL"
	") u WHERE NOT EXISTS (SELECT FROM equated_decree_years c WHERE c.year = u.y)"
	" GROUP BY u.municipality_code, u.y ORDER BY u.y, u.municipality_code";

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
