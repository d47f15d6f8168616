/* query.c — statements on a connection: prepared and sent in a pipeline with
 * what was deferred (pipeline.c), text parameters and results, awaited within
 * a deadline (deadline.c), a failure mapped by db_error.c, and the small
 * value helpers every store file uses.
 *
 * The single PQsendQuery in the tree is wvlv_db_exec_script() (migration
 * scripts only).  Connections, transactions and the pool are pool.c's.
 */
#include "db_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_connection.h"

/* ---- statements -------------------------------------------------------------- */

/* Send one statement (params: PQsendQueryParams; n < 0: a script of several
 * through PQsendQuery) and collect its result within the connection's
 * deadline (deadline.c).  NULL when nothing came back: the connection is
 * broken, or was given up (then err is filled in, else the caller reports
 * the connection's error). */
static PGresult *db_run(wvlv_db *db, const char *sql, int n, const char *const *params,
			bool *gave_up, wvlv_error *err)
{
	db->sqlstate[0] = '\0';
	*gave_up = false;
	PGresult *res;
	if (n >= 0) {
		res = wvlv_db_run_one(db, sql, n, params, gave_up);
	} else {
		if (db->n_deferred > 0) { /* a BEGIN before the script goes first */
			res = wvlv_db_run_one(db, NULL, 0, NULL, gave_up);
			if (!res || *gave_up || (PQresultStatus(res) != PGRES_COMMAND_OK &&
						 PQresultStatus(res) != PGRES_TUPLES_OK))
				return res;
			PQclear(res);
		}
		PQsetnonblocking(db->conn, 1);
		if (!PQsendQuery(db->conn, sql))
			return NULL;
		db->round_trips++;
		res = wvlv_db_await(db, gave_up);
		if (res && PQstatus(db->conn) != CONNECTION_OK) { /* cut short: see pipeline.c */
			PQclear(res);
			res = NULL;
		}
	}
	if (*gave_up)
		wvlv_error_set(err, WVLV_EUNAVAIL, "database-unavailable",
			       "the database did not answer in time");
	return res;
}

static PGresult *db_query_at(wvlv_db *db, const char *sql, int n, const char *const *params,
			     ExecStatusType expect, wvlv_log_level level, wvlv_error *err)
{
	bool gave_up;
	PGresult *res = db_run(db, sql, n, params, &gave_up, err);
	if (gave_up)
		return NULL;
	ExecStatusType got = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	if (got == expect)
		return res;
	if (got == PGRES_COMMAND_OK || got == PGRES_TUPLES_OK) {
		char msg[160];
		snprintf(msg, sizeof(msg), "statement returned %s where %s was expected",
			 PQresStatus(got), PQresStatus(expect));
		PQclear(res);
		wvlv_db_internal(err, msg);
		return NULL;
	}
	wvlv_db_fail_quietly(db, res, level == WVLV_LOG_INFO, err);
	PQclear(res);
	return NULL;
}

PGresult *wvlv_db_query(wvlv_db *db, const char *sql, int n, const char *const *params,
			ExecStatusType expect, wvlv_error *err)
{
	return db_query_at(db, sql, n, params, expect, WVLV_LOG_ERROR, err);
}

PGresult *wvlv_db_query_input(wvlv_db *db, const char *sql, int n, const char *const *params,
			      ExecStatusType expect, wvlv_error *err)
{
	return db_query_at(db, sql, n, params, expect, WVLV_LOG_INFO, err);
}

PGresult *wvlv_db_query_quiet(wvlv_db *db, const char *sql, int n, const char *const *params,
			      ExecStatusType expect, wvlv_error *err)
{
	return db_query_at(db, sql, n, params, expect, WVLV_LOG_DEBUG, err);
}

wvlv_status wvlv_db_role_failed(wvlv_db *db, wvlv_status st, wvlv_error *err)
{
	/* 22023: the role does not exist, i.e. `wvlv migrate` has not made it; the
	 * callers say so (not migrated), so it is not logged */
	bool missing = strcmp(db->sqlstate, "22023") == 0;
	if (!missing)
		wvlv_db_log(WVLV_LOG_ERROR, PQerrorMessage(db->conn), db->sqlstate);
	if (st == WVLV_EUNAVAIL || st == WVLV_ENOMEM)
		return st;
	return missing ? wvlv_error_set(err, WVLV_EDB, "role-missing",
					"the database role \"%s\" does not exist", db->set_role)
		       : wvlv_error_set(err, WVLV_EDB, "set-role-failed",
					"could not switch to database role \"%s\"", db->set_role);
}

wvlv_status wvlv_db_exec(wvlv_db *db, const char *sql, int n, const char *const *params,
			 wvlv_error *err)
{
	bool gave_up;
	PGresult *res = db_run(db, sql, n, params, &gave_up, err);
	if (gave_up)
		return err->status;
	ExecStatusType got = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	wvlv_status st = WVLV_OK;
	if (got != PGRES_COMMAND_OK && got != PGRES_TUPLES_OK)
		st = wvlv_db_fail(db, res, err);
	PQclear(res);
	return st;
}

wvlv_status wvlv_db_count(wvlv_db *db, const char *sql, int n, const char *const *params,
			  long *out, wvlv_error *err)
{
	*out = 0;
	PGresult *res = wvlv_db_query(db, sql, n, params, PGRES_TUPLES_OK, err);
	if (!res)
		return err->status;
	if (PQntuples(res) == 1)
		*out = strtol(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return WVLV_OK;
}

static long matched_of(long counted)
{
	return counted > WVLV_DB_MATCHED_MAX ? -1 : counted;
}

long wvlv_db_matched(const PGresult *res, int col)
{
	return PQgetisnull(res, 0, col) ? -1
					 : matched_of(strtol(PQgetvalue(res, 0, col), NULL, 10));
}

wvlv_status wvlv_db_count_matched(wvlv_db *db, const char *sql, int n,
				  const char *const *params, long *out, wvlv_error *err)
{
	wvlv_status st = wvlv_db_count(db, sql, n, params, out, err);
	*out = matched_of(*out);
	return st;
}

wvlv_status wvlv_db_bool(wvlv_db *db, const char *sql, int n, const char *const *params,
			 bool *out, wvlv_error *err)
{
	*out = false;
	PGresult *res = wvlv_db_query(db, sql, n, params, PGRES_TUPLES_OK, err);
	if (!res)
		return err->status;
	*out = PQntuples(res) == 1 && strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	return WVLV_OK;
}

/* Migration scripts hold many statements (CREATE TABLE …; CREATE INDEX …; DO
 * blocks) and PQsendQueryParams sends exactly one, so this is the one place
 * that uses PQsendQuery.  It takes no parameters and runs only the SQL
 * embedded in the binary from the migrations directory, never anything
 * built from input. */
wvlv_status wvlv_db_exec_script(wvlv_db *db, const char *sql, wvlv_error *err)
{
	bool gave_up;
	PGresult *res = db_run(db, sql, -1, NULL, &gave_up, err);
	if (gave_up)
		return err->status;
	ExecStatusType got = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	wvlv_status st = WVLV_OK;
	if (got != PGRES_COMMAND_OK && got != PGRES_TUPLES_OK && got != PGRES_EMPTY_QUERY)
		st = wvlv_db_fail(db, res, err);
	PQclear(res);
	return st;
}

/* ---- parameters and values ------------------------------------------------------- */

void wvlv_db_clear_result(void *res)
{
	PQclear(res);
}

void *wvlv_db_rows_alloc(wvlv_arena *arena, const PGresult *res, size_t size, int *rows)
{
	*rows = PQntuples(res);
	return wvlv_arena_alloc(arena, (size_t)(*rows ? *rows : 1) * size);
}

void *wvlv_db_query_rows(wvlv_db *db, wvlv_arena *arena, const char *sql, int n,
			 const char *const *params, size_t size, PGresult **res, int *rows,
			 wvlv_error *err)
{
	*res = wvlv_db_query(db, sql, n, params, PGRES_TUPLES_OK, err);
	*rows = 0;
	return *res ? wvlv_db_rows_alloc(arena, *res, size, rows) : NULL;
}

void *wvlv_db_read_rows(wvlv_db *db, wvlv_arena *arena, const char *sql, int n,
			const char *const *params, size_t size, wvlv_db_row_fn decode,
			size_t *count, wvlv_error *err)
{
	PGresult *res;
	int rows;
	char *items = wvlv_db_query_rows(db, arena, sql, n, params, size, &res, &rows, err);
	*count = 0;
	if (!items)
		return NULL;
	wvlv_arena_on_destroy(arena, wvlv_db_clear_result, res);
	for (int r = 0; r < rows; r++)
		if (decode(res, r, arena, items + (size_t)r * size, err) != WVLV_OK)
			return NULL;
	*count = (size_t)rows;
	return items;
}

wvlv_status wvlv_db_returned_id(PGresult *res, char *out, size_t size, const char *what,
				wvlv_error *err)
{
	wvlv_status st = WVLV_OK;
	if (PQntuples(res) == 1) {
		snprintf(out, size, "%s", PQgetvalue(res, 0, 0));
	} else {
		char msg[96];
		snprintf(msg, sizeof(msg), "%s returned no id", what);
		st = wvlv_db_internal(err, msg);
	}
	PQclear(res);
	return st;
}

void wvlv_db_page_params(wvlv_db_page *page, long limit, long offset, const char **limit_param,
			 const char **offset_param)
{
	if (limit >= 0) {
		snprintf(page->limit, sizeof(page->limit), "%ld", limit);
		*limit_param = page->limit;
	}
	snprintf(page->offset, sizeof(page->offset), "%ld", offset > 0 ? offset : 0);
	*offset_param = page->offset;
}

const char *wvlv_db_value_or_null(const PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? NULL : PQgetvalue(res, row, col);
}

const char *wvlv_db_date_param(wvlv_date d, char buf[WVLV_DATE_STRLEN])
{
	if (d == WVLV_DATE_NONE)
		return NULL;
	wvlv_date_format(d, buf);
	return buf[0] ? buf : NULL;
}

wvlv_status wvlv_db_date_value(const PGresult *res, int row, int col, wvlv_date *out,
			       wvlv_error *err)
{
	if (PQgetisnull(res, row, col)) {
		*out = WVLV_DATE_NONE;
		return WVLV_OK;
	}
	wvlv_error parse_err;
	wvlv_error_clear(&parse_err);
	if (wvlv_date_parse(PQgetvalue(res, row, col), out, &parse_err) != WVLV_OK)
		return wvlv_db_internal(err, "unreadable date from the database");
	return WVLV_OK;
}

const char *wvlv_db_srid_param(wvlv_crs crs, char buf[16])
{
	snprintf(buf, 16, "%d", wvlv_crs_srid(crs));
	return buf;
}

