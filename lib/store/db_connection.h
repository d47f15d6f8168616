/* db_connection.h — what one connection is (private to pool.c, query.c,
 * pipeline.c, db_error.c and deadline.c).
 *
 * pool.c opens, checks, resets and pools it; query.c and pipeline.c run statements on
 * it, db_error.c keeps the SQLSTATE of the last failure; deadline.c awaits their results
 * within the connection's deadline.  The other store files see a wvlv_db
 * only through db_internal.h.
 */
#ifndef WVLV_STORE_DB_CONNECTION_H
#define WVLV_STORE_DB_CONNECTION_H

#include <stdbool.h>
#include <time.h>
#include <libpq-fe.h>

#include "wvlv/status.h"

/* The client's deadline for a statement: the statement timeout plus this
 * (the server's own timeout answers first while the server answers at all);
 * then a cancel gets DB_CANCEL_WAIT_MS more. */
#define DB_DEADLINE_MARGIN_MS 2000
#define DB_CANCEL_WAIT_MS     1000

struct wvlv_db {
	PGconn         *conn;
	char           *set_role;    /* owned copy; NULL: stay the login user */
	int             slot;        /* index in the pool; -1 when not pooled */
	int             deadline_ms; /* per statement; 0: none (no statement timeout) */
	struct timespec last_used;   /* CLOCK_MONOTONIC, set on release */
	char            sqlstate[6]; /* of the last failed statement */
	bool            lost;        /* a statement failed as the server went away, shut
					down or stopped being the primary (08xxx, 57P0x,
					25006): closed when given back, never reused */
	bool            pending_begin; /* BEGIN waits in the deferred queue */
	long            round_trips; /* Syncs awaited since it was opened */
	long            round_trips_counted; /* of them, those the pool has counted */
	struct db_prepared *prepared; /* pipeline.c: names of prepared statements */
	int             n_prepared;
	struct db_deferred *deferred; /* pipeline.c: statements sent with the next one */
	int             n_deferred, cap_deferred;
};

/* Await the results of the statement just sent (non-blocking) on db: the
 * last result, or the first error; NULL when there was none (the connection
 * failed: PQerrorMessage says why).  Past db's deadline the statement is
 * cancelled; when that brings no answer either, the connection is given up
 * (*gave_up; it is broken from then on and the pool replaces it). */
PGresult *wvlv_db_await(struct wvlv_db *db, bool *gave_up);

/* Send the deferred queue and then sql (n parameters) in one round trip and
 * await them: the first failure among them, else the statement's result
 * (sql NULL: the queue alone, and its last result);
 * NULL when nothing came back (as wvlv_db_await). */
PGresult *wvlv_db_run_one(struct wvlv_db *db, const char *sql, int n, const char *const *params,
			  bool *gave_up);
/* Empty the deferred queue without sending it (a transaction given up). */
void wvlv_db_drop_deferred(struct wvlv_db *db);
void wvlv_db_deferred_destroy(struct wvlv_db *db);
/* Forget the prepared statements (the session is new: PQreset). */
void wvlv_db_forget_prepared(struct wvlv_db *db);

/* The next result of a pipeline (the NULL after each statement's results
 * skipped); NULL when none came (a broken connection), or gave_up as above. */
PGresult *wvlv_db_await_next(struct wvlv_db *db, bool *gave_up);

/* SET ROLE db->set_role failed with st: the error to return, "role-missing"
 * (not logged: the role does not exist before `wvlv migrate`) or
 * "set-role-failed" (logged); st itself when the connection is lost. */
wvlv_status wvlv_db_role_failed(struct wvlv_db *db, wvlv_status st, wvlv_error *err);

#endif /* WVLV_STORE_DB_CONNECTION_H */
