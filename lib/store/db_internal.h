/* db_internal.h — what the store files share about a connection (private).
 *
 * Only the files in lib/store/ include this header (and through it libpq-fe.h).  Every
 * statement goes through wvlv_db_query()/wvlv_db_exec(): PQexecParams with
 * text parameters and text results, types cast in the SQL ($1::uuid).  A
 * failure is logged with the libpq text to stderr as one JSON line and mapped
 * to a wvlv_error whose detail never contains libpq text:
 *
 *   57014 (statement timeout)                      → WVLV_EUNAVAIL
 *   08xxx, 57P01–57P03, 53300, connection lost     → WVLV_EUNAVAIL
 *   40001, 40P01 (serialization failure, deadlock) → WVLV_EUNAVAIL, retryable
 *   23505 (unique violation)                       → WVLV_ECONFLICT
 *   23503, 23514, 22xxx                            → WVLV_EINVAL
 *   42501 (no grant, or row-level security)        → WVLV_EDB "permission-denied"
 *   WV001 (a designation changed without audit row) → WVLV_EINTERNAL "audit-missing"
 *   anything else                                  → WVLV_EDB "database error"
 *
 * The SQLSTATE of the last failed statement stays readable through
 * wvlv_db_sqlstate(), for the few callers that give one a meaning of their
 * own.  An id that is not a uuid is not sent at all: a store function checks
 * it first (wvlv_uuid_shaped) and answers "not found" (see WVLV_DB_NIL_UUID).
 */
#ifndef WVLV_STORE_DB_INTERNAL_H
#define WVLV_STORE_DB_INTERNAL_H

#include <stdbool.h>
#include <libpq-fe.h>

#include "wvlv/arena.h"
#include "wvlv/crs.h"
#include "wvlv/date.h"
#include "wvlv/db.h"
#include "wvlv/log.h"
#include "wvlv/status.h"
#include "wvlv/uuid.h"

/* A date column as 'YYYY-MM-DD', a timestamp column as RFC 3339 UTC with
 * milliseconds. */
#define SQL_DATE(col) "to_char(" col ", 'YYYY-MM-DD')"
#define SQL_TIMESTAMP(col) \
	"to_char(" col " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"

/* A setting of the transaction's caller (wvlv_db_set_caller: wvlv.municipality,
 * wvlv.token_id, wvlv.token_label, …), NULL when it is unset or empty. */
#define SQL_SETTING(name) "nullif(current_setting('" name "', true), '')"

/* The nil uuid, passed in place of an id that is not uuid-shaped
 * (wvlv_uuid_shaped, wvlv/uuid.h): a filter on it matches no row.  An id is
 * checked so before a statement, so that text that is no uuid never aborts
 * the caller's transaction. */
#define WVLV_DB_NIL_UUID "00000000-0000-0000-0000-000000000000"

/* Run one parameterised statement.  Returns the result (the caller PQclears
 * it) when its status is `expect`; otherwise NULL with err filled in.  A
 * NULL entry of params is SQL NULL. */
PGresult *wvlv_db_query(wvlv_db *db, const char *sql, int n, const char *const *params,
			ExecStatusType expect, wvlv_error *err) WVLV_MUST_CHECK;

/* The same, for a statement whose failure is expected to be the client's
 * input (GeoJSON that PostGIS cannot parse): the failure is logged at level
 * "info" instead of "error". */
PGresult *wvlv_db_query_input(wvlv_db *db, const char *sql, int n, const char *const *params,
			      ExecStatusType expect, wvlv_error *err) WVLV_MUST_CHECK;

/* The same, with the failure logged at level "debug" (not written): for a
 * statement whose failure the caller says all about itself. */
PGresult *wvlv_db_query_quiet(wvlv_db *db, const char *sql, int n, const char *const *params,
			      ExecStatusType expect, wvlv_error *err) WVLV_MUST_CHECK;

/* Run one statement for its effect (rows, if any, are discarded). */
wvlv_status wvlv_db_exec(wvlv_db *db, const char *sql, int n, const char *const *params,
			 wvlv_error *err) WVLV_MUST_CHECK;

/* Queue a statement whose result nobody reads (BEGIN, set_config, a lock, an
 * audit row): it goes out in front of the next statement on db, in the same
 * round trip (pipeline.c), and its failure is that statement's failure.
 * sql and params are copied. */
wvlv_status wvlv_db_defer(wvlv_db *db, const char *sql, int n, const char *const *params,
			  wvlv_error *err) WVLV_MUST_CHECK;

/* Several statements whose results are read, in one round trip (after the
 * deferred queue).  On success every step's res holds its result (status
 * expect); on failure err tells the first failure, *failed its step (-1: a
 * deferred statement), the steps before it keep their results and the rest
 * were skipped.  The caller PQclears every res.  input: a failure of the
 * step is the client's input (logged at level "info"). */
typedef struct wvlv_db_step {
	const char        *sql;
	int                n;
	const char *const *params;
	ExecStatusType     expect;
	bool               input;
	PGresult          *res;
} wvlv_db_step;
wvlv_status wvlv_db_steps(wvlv_db *db, wvlv_db_step *steps, int n, int *failed,
			  wvlv_error *err) WVLV_MUST_CHECK;

/* Round trips made on db since it was opened (one per Sync awaited). */
long wvlv_db_round_trips(const wvlv_db *db);

/* wvlv_db_fail, logged at level "info" when input (the client's input). */
wvlv_status wvlv_db_fail_quietly(wvlv_db *db, const PGresult *res, bool input, wvlv_error *err);

/* Log a failed result (res may be NULL: the connection's message is used)
 * and map it to err as in the table above.  Returns err's status. */
wvlv_status wvlv_db_fail(wvlv_db *db, const PGresult *res, wvlv_error *err);

/* SQLSTATE of the last failed statement on db, "" when the last one worked. */
const char *wvlv_db_sqlstate(const wvlv_db *db);

/* Did the last statement fail on text that is not a uuid (22P02)?  For an
 * id, that means no such row.  Only tokens.c still reads it after the fact;
 * every other store function checks an id before its statement. */
bool wvlv_db_bad_uuid(const wvlv_db *db);

/* Run a statement whose one row holds a count in its first column. */
wvlv_status wvlv_db_count(wvlv_db *db, const char *sql, int n, const char *const *params,
			  long *out, wvlv_error *err) WVLV_MUST_CHECK;

/* The count of a list's matches up to WVLV_DB_MATCHED_MAX (wvlv/db.h):
 * SQL_COUNT_UPTO(from and where) stops one row past it, so its cost is
 * bounded whatever the size of the register. */
#define SQL_COUNT_UPTO(from_where)                                                        \
	"(SELECT count(*) FROM (SELECT 1" from_where " LIMIT "                            \
	WVLV_DB_STR(WVLV_DB_MATCHED_MAX) " + 1) upto)"
#define WVLV_DB_STR(x) WVLV_DB_STR_(x)
#define WVLV_DB_STR_(x) #x

/* numberMatched from column col of row 0 of a list page: -1 when NULL (a
 * page asked by cursor) or past WVLV_DB_MATCHED_MAX. */
long wvlv_db_matched(const PGresult *res, int col);

/* The same from a statement whose one row is a SQL_COUNT_UPTO count. */
wvlv_status wvlv_db_count_matched(wvlv_db *db, const char *sql, int n,
				  const char *const *params, long *out,
				  wvlv_error *err) WVLV_MUST_CHECK;

/* Run a statement that returns (at most) one boolean: *out is true when it
 * returned one row whose first column is true. */
wvlv_status wvlv_db_bool(wvlv_db *db, const char *sql, int n, const char *const *params,
			 bool *out, wvlv_error *err) WVLV_MUST_CHECK;

/* The libpq connection (for the LISTEN watch, which waits on its socket). */
PGconn *wvlv_db_pgconn(wvlv_db *db);

/* Inside a transaction block (idle, active or failed)? */
bool wvlv_db_in_transaction(wvlv_db *db);

/* One line of the logger (wvlv/log.h): {"time","level","msg"[,"sqlstate"]}
 * for libpq's text, which is in the client encoding: trailing newlines are
 * dropped and bytes that are not valid UTF-8 become '?'.  sqlstate may be
 * NULL. */
void wvlv_db_log(wvlv_log_level level, const char *msg, const char *sqlstate);

/* ---- small helpers of the store files (query.c) ---- */

/* Log what went wrong; EINTERNAL "internal-error" for the client. */
wvlv_status wvlv_db_internal(wvlv_error *err, const char *what);

/* PQclear for wvlv_arena_on_destroy() (rows that live as long as the arena). */
void wvlv_db_clear_result(void *res);

/* Room for one zeroed item of `size` bytes per row of res (at least one), in
 * the arena; *rows receives the number of rows. */
void *wvlv_db_rows_alloc(wvlv_arena *arena, const PGresult *res, size_t size, int *rows);

/* Decode row `row` of res into item (zeroed); its strings may point into
 * res, which lives as long as the arena. */
typedef wvlv_status (*wvlv_db_row_fn)(const PGresult *res, int row, wvlv_arena *arena,
				      void *item, wvlv_error *err);

/* Run a statement and decode each row (decode) into an array of items of
 * `size` bytes, in the arena with the result: the array (never NULL on
 * success) and *count; NULL with err when the statement or a row failed. */
void *wvlv_db_read_rows(wvlv_db *db, wvlv_arena *arena, const char *sql, int n,
			const char *const *params, size_t size, wvlv_db_row_fn decode,
			size_t *count, wvlv_error *err) WVLV_MUST_CHECK;

/* Run a statement whose rows become items: *res is its result (the caller
 * clears it, or ties it to the arena) and the return value room for one
 * zeroed item of `size` bytes per row (wvlv_db_rows_alloc); NULL with err
 * when the statement failed. */
void *wvlv_db_query_rows(wvlv_db *db, wvlv_arena *arena, const char *sql, int n,
			 const char *const *params, size_t size, PGresult **res, int *rows,
			 wvlv_error *err) WVLV_MUST_CHECK;

/* The one value of a statement that returns one row (an INSERT … RETURNING
 * id) into out, and res cleared; EINTERNAL "<what> returned no id" when it
 * returned none. */
wvlv_status wvlv_db_returned_id(PGresult *res, char *out, size_t size, const char *what,
				wvlv_error *err);

/* LIMIT and OFFSET of a page as statement parameters: *limit_param is set
 * only for a limit of 0 or more (else no limit); a negative offset is 0. */
typedef struct wvlv_db_page {
	char limit[24];
	char offset[24];
} wvlv_db_page;
void wvlv_db_page_params(wvlv_db_page *page, long limit, long offset, const char **limit_param,
			 const char **offset_param);

/* The value of a field, NULL when it is SQL NULL. */
const char *wvlv_db_value_or_null(const PGresult *res, int row, int col);

/* 'YYYY-MM-DD' in buf, or NULL (SQL NULL) for WVLV_DATE_NONE and a date
 * outside years 1..9999. */
const char *wvlv_db_date_param(wvlv_date d, char buf[WVLV_DATE_STRLEN]);

/* A date field: WVLV_DATE_NONE when NULL; EINTERNAL when unreadable. */
wvlv_status wvlv_db_date_value(const PGresult *res, int row, int col, wvlv_date *out,
			       wvlv_error *err);

/* The SRID of crs as a parameter ("4326", "28992"), in buf. */
const char *wvlv_db_srid_param(wvlv_crs crs, char buf[16]);

#endif /* WVLV_STORE_DB_INTERNAL_H */
