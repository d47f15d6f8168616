/* deadlines.c — the deadlines of sale offers in PostgreSQL (see
 * store_deadlines.h): the days equated with a holiday by Royal Decree (Atw art.
 * 3(3), docs/law.md §3.5), national data that admins enter; the open offers
 * whose deadline a new equated day may move (docs/law.md §2.10); and the
 * deadline overview (the open response and filing deadlines and the ends of
 * designations, in one list sorted by date, for GET /deadlines and the nightly
 * alert job).  No deadline is computed here.
 */
#include "wvlv/store_deadlines.h"

#include <stdlib.h>

#include "offer_ground.h"

/* ---- SQL ------------------------------------------------------------------- */

const char wvlv_sql_equated_list[] =
	"SELECT " SQL_DATE("date") ", reference FROM equated_holidays ORDER BY date";
static const char SQL_EQUATED_ADD[] =
	"INSERT INTO equated_holidays (date, reference) VALUES ($1::date, $2::text)"
	" ON CONFLICT (date) DO NOTHING RETURNING date";
static const char SQL_EQUATED_DELETE[] =
	"DELETE FROM equated_holidays WHERE date = $1::date RETURNING date";

/* Open offers of the scoped municipality with a deadline in [$1, $2]. */
static const char SQL_IDS_WITH_DEADLINE[] =
	"SELECT s.id::text FROM sale_notifications s"
	" WHERE s.municipality_code = " SQL_SETTING("wvlv.municipality")
	" AND ((s.status = 'received' AND s.response_deadline BETWEEN $1::date AND $2::date)"
	" OR (s.status = 'court-requested'"
	" AND s.court_filing_deadline BETWEEN $1::date AND $2::date))"
	" ORDER BY s.id";

/* Closed offers of the scoped municipality that a deadline in [$1, $2] closed:
 * lapsed (response deadline) or released by the system (filing deadline). */
static const char SQL_CLOSED_IDS_WITH_DEADLINE[] =
	"SELECT s.id::text FROM sale_notifications s"
	" WHERE s.municipality_code = " SQL_SETTING("wvlv.municipality")
	" AND ((s.status = 'lapsed' AND s.response_deadline BETWEEN $1::date AND $2::date)"
	" OR (s.status = 'released'"
	" AND s.court_filing_deadline BETWEEN $1::date AND $2::date))"
	" ORDER BY s.id";

static const char SQL_MUNICIPALITIES_CLOSED_WITH_DEADLINE[] =
	"SELECT m FROM wvlv_offer_municipalities_closed_with_deadline_between($1::date, $2::date)"
	" AS m ORDER BY m";

static const char SQL_MUNICIPALITIES_WITH_DEADLINE[] =
	"SELECT m FROM wvlv_offer_municipalities_with_deadline_between($1::date, $2::date) AS m"
	" ORDER BY m";

/* The deadline overview: $1 today, $2 offers until, $3 designations until,
 * $4 the municipality (NULL: every one the caller sees; row-level security
 * decides all the same).  Kinds as wvlv_deadline_kind; sorted by date, kind,
 * id.  Each part is planned for its values (plan_cache_mode, pool.c): with $4
 * it reads the municipality's open offers (the index on municipality_code,
 * status …) — row-level security's OR with the national setting cannot use
 * an index, so without it a clerk read every open offer of the country; with
 * $4 NULL (a national reader, the alert job) a range of the open-deadline
 * index up to $2 (migration 0019), so the night's run reads what is due, not
 * every open offer of the register.  The designation's name is looked up
 * per offer (its key; the foreign key makes it exist), not joined: the
 * planner, expecting every open offer of the country to be due (the
 * deadline's statistics are the whole table's), drove the join from all
 * 50 000 designations, 2.8 s at 10^6 offers. */
#define SQL_DEADLINE_OFFERS(kind, col, status)                                             \
	" SELECT " kind " AS kind, s." col " AS at, s.id::text AS offer_id,"                 \
	" s.designation_id::text AS designation_id,"                                         \
	" (SELECT d.name FROM designations d WHERE d.id = s.designation_id"                  \
	" AND d.municipality_code = s.municipality_code) AS name, s.municipality_code,"      \
	" NULL::date AS designated_from, NULL::bigint AS n_periods, s.id::text AS sort_id"   \
	" FROM sale_notifications s"                                                         \
	" WHERE s.status = '" status "' AND s." col " <= $2::date"                           \
	" AND ($4::text IS NULL OR s.municipality_code = $4::text)"

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
	" AND ($4::text IS NULL OR d.municipality_code = $4::text)"
	") u ORDER BY u.at, u.kind, u.sort_id";

/* ---- equated holidays ------------------------------------------------------------------------ */

wvlv_status wvlv_equated_row(const PGresult *res, int r, wvlv_arena *arena, void *item,
			       wvlv_error *err)
{
	(void)arena;
	wvlv_equated_day *day = item;
	day->reference = PQgetvalue(res, r, 1);
	return wvlv_db_date_value(res, r, 0, &day->date, err);
}

wvlv_status wvlv_store_equated_list(wvlv_db *db, wvlv_arena *arena, wvlv_equated_day **out,
				    size_t *n, wvlv_error *err)
{
	*out = NULL;
	*n = 0;
	*out = wvlv_db_read_rows(db, arena, wvlv_sql_equated_list, 0, NULL, sizeof(**out), wvlv_equated_row,
				 n, err);
	return *out ? WVLV_OK : err->status;
}

/* Run a change of one equated day (params[0] is the day) that returns the
 * rows it touched; none touched is `none` (status and code) with the detail
 * "<day> <none_detail>". */
static wvlv_status equated_change(wvlv_db *db, const char *sql, int nparams,
				  const char *const *params, wvlv_status none, const char *code,
				  const char *none_detail, wvlv_error *err)
{
	PGresult *res = wvlv_db_query(db, sql, nparams, params, PGRES_TUPLES_OK, err);
	if (!res)
		return err->status;
	int rows = PQntuples(res);
	PQclear(res);
	return rows ? WVLV_OK
		    : wvlv_error_set(err, none, code, "%s %s", params[0] ? params[0] : "", none_detail);
}

wvlv_status wvlv_store_equated_add(wvlv_db *db, wvlv_date date, const char *reference,
				   wvlv_error *err)
{
	char day[WVLV_DATE_STRLEN];
	const char *params[] = { wvlv_db_date_param(date, day), reference };
	return equated_change(db, SQL_EQUATED_ADD, 2, params, WVLV_ECONFLICT, "already-equated",
			      "is already equated with a holiday", err);
}

wvlv_status wvlv_store_equated_delete(wvlv_db *db, wvlv_date date, wvlv_error *err)
{
	char day[WVLV_DATE_STRLEN];
	const char *params[] = { wvlv_db_date_param(date, day) };
	return equated_change(db, SQL_EQUATED_DELETE, 1, params, WVLV_ENOTFOUND, "not-found",
			      "is not an equated holiday", err);
}

/* ---- deadlines moved by an equated day ---------------------------------------------------- */

/* The first column of every row, as arena strings. */
static wvlv_status text_column(wvlv_db *db, wvlv_arena *arena, const char *sql, wvlv_date from,
			       wvlv_date until, const char ***out, size_t *n, wvlv_error *err)
{
	*out = NULL;
	*n = 0;
	char a[WVLV_DATE_STRLEN], b[WVLV_DATE_STRLEN];
	const char *params[] = { wvlv_db_date_param(from, a), wvlv_db_date_param(until, b) };
	PGresult *res = wvlv_db_query(db, sql, 2, params, PGRES_TUPLES_OK, err);
	if (!res)
		return err->status;
	int rows = PQntuples(res);
	const char **list = wvlv_arena_alloc(arena, (size_t)(rows ? rows : 1) * sizeof(*list));
	for (int r = 0; r < rows; r++)
		list[r] = wvlv_arena_strdup(arena, PQgetvalue(res, r, 0));
	PQclear(res);
	*out = list;
	*n = (size_t)rows;
	return WVLV_OK;
}

wvlv_status wvlv_store_offer_ids_with_deadline_between(wvlv_db *db, wvlv_arena *arena,
						       wvlv_date from, wvlv_date until,
						       const char ***ids, size_t *n,
						       wvlv_error *err)
{
	return text_column(db, arena, SQL_IDS_WITH_DEADLINE, from, until, ids, n, err);
}

wvlv_status wvlv_store_offer_municipalities_with_deadline_between(
	wvlv_db *db, wvlv_arena *arena, wvlv_date from, wvlv_date until, const char ***codes,
	size_t *n, wvlv_error *err)
{
	return text_column(db, arena, SQL_MUNICIPALITIES_WITH_DEADLINE, from, until, codes, n,
			   err);
}

wvlv_status wvlv_store_offer_closed_ids_with_deadline_between(wvlv_db *db, wvlv_arena *arena,
							      wvlv_date from, wvlv_date until,
							      const char ***ids, size_t *n,
							      wvlv_error *err)
{
	return text_column(db, arena, SQL_CLOSED_IDS_WITH_DEADLINE, from, until, ids, n, err);
}

wvlv_status wvlv_store_offer_municipalities_closed_with_deadline_between(
	wvlv_db *db, wvlv_arena *arena, wvlv_date from, wvlv_date until, const char ***codes,
	size_t *n, wvlv_error *err)
{
	return text_column(db, arena, SQL_MUNICIPALITIES_CLOSED_WITH_DEADLINE, from, until, codes,
			   n, err);
}

/* ---- the deadline overview ---------------------------------------------------------------------- */

static wvlv_status deadline_row(const PGresult *res, int r, wvlv_arena *arena, void *item,
				wvlv_error *err)
{
	wvlv_deadline_row *row = item;
	long kind = strtol(PQgetvalue(res, r, 0), NULL, 10);
	if (kind < WVLV_DL_RESPONSE || kind > WVLV_DL_DESIGNATION_END)
		return wvlv_db_internal(err, "deadline overview: unknown kind");
	row->kind = (wvlv_deadline_kind)kind;
	const char *offer = wvlv_db_value_or_null(res, r, 2);
	(void)arena; /* the strings stay in res, which lives as long as the arena */
	row->sale_notification_id = offer;
	row->designation_id = PQgetvalue(res, r, 3);
	row->designation_name = PQgetvalue(res, r, 4);
	row->municipality_code = PQgetvalue(res, r, 5);
	row->n_periods = PQgetisnull(res, r, 7) ? 0 : atoi(PQgetvalue(res, r, 7));
	wvlv_status st = wvlv_db_date_value(res, r, 1, &row->date, err);
	if (st == WVLV_OK)
		st = wvlv_db_date_value(res, r, 6, &row->designated_from, err);
	return st;
}

wvlv_status wvlv_store_deadlines(wvlv_db *db, wvlv_arena *arena, const char *municipality_code,
				 wvlv_date today, wvlv_date offers_until,
				 wvlv_date designations_until, wvlv_deadline_row **rows, size_t *n,
				 wvlv_error *err)
{
	*rows = NULL;
	*n = 0;
	char a[WVLV_DATE_STRLEN], b[WVLV_DATE_STRLEN], c[WVLV_DATE_STRLEN];
	const char *params[] = { wvlv_db_date_param(today, a), wvlv_db_date_param(offers_until, b),
				 wvlv_db_date_param(designations_until, c), municipality_code };
	*rows = wvlv_db_read_rows(db, arena, SQL_DEADLINES, 4, params, sizeof(**rows), deadline_row,
				  n, err);
	return *rows ? WVLV_OK : err->status;
}
