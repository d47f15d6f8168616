/* transaction.c — transactions and the caller's scope on a connection (see
 * db.h).  BEGIN, SET TRANSACTION READ ONLY and the caller's settings are
 * deferred (pipeline.c): they go out with the transaction's first statement,
 * in one round trip. */
#include "db_internal.h"

#include "db_connection.h"
#include "wvlv/caller.h"

/* ---- transactions ----------------------------------------------------------- */

bool wvlv_db_in_transaction(wvlv_db *db)
{
	return db->pending_begin || PQtransactionStatus(db->conn) != PQTRANS_IDLE;
}

wvlv_status wvlv_db_begin(wvlv_db *db, wvlv_error *err)
{
	if (wvlv_db_in_transaction(db))
		return wvlv_error_set(err, WVLV_EINTERNAL, WVLV_CODE_INTERNAL,
				      "a transaction is already open on this connection");
	/* sent with the transaction's first statement (pipeline.c) */
	wvlv_status st = wvlv_db_defer(db, "BEGIN ISOLATION LEVEL READ COMMITTED", 0, NULL, err);
	db->pending_begin = st == WVLV_OK;
	return st;
}

wvlv_status wvlv_db_commit(wvlv_db *db, wvlv_error *err)
{
	if (PQtransactionStatus(db->conn) == PQTRANS_INERROR) {
		/* COMMIT would silently roll back; say so instead */
		wvlv_db_rollback(db);
		return wvlv_error_set(err, WVLV_EDB, "database-error",
				      "the transaction was rolled back after an earlier error");
	}
	return wvlv_db_exec(db, "COMMIT", 0, NULL, err);
}

wvlv_status wvlv_db_read_only(wvlv_db *db, wvlv_error *err)
{
	return wvlv_db_defer(db, "SET TRANSACTION READ ONLY", 0, NULL, err);
}

void wvlv_db_rollback(wvlv_db *db)
{
	if (db)
		wvlv_db_drop_deferred(db); /* never sent: nothing to undo */
	if (!db || PQstatus(db->conn) != CONNECTION_OK ||
	    PQtransactionStatus(db->conn) == PQTRANS_IDLE)
		return;
	wvlv_error ignored;
	wvlv_error_clear(&ignored);
	if (wvlv_db_exec(db, "ROLLBACK", 0, NULL, &ignored) != WVLV_OK)
		return; /* logged; db_clean() closes a connection left in a transaction */
}

/* ---- the caller ------------------------------------------------------------ */

wvlv_status wvlv_db_set_caller(wvlv_db *db, const struct wvlv_caller *caller,
			       wvlv_error *err)
{
	if (!db->pending_begin && PQtransactionStatus(db->conn) != PQTRANS_INTRANS)
		return wvlv_error_set(err, WVLV_EINTERNAL, WVLV_CODE_INTERNAL,
				      "the caller is set inside an open transaction; none is open");
	/* a national caller has no municipality of its own, so it writes nothing */
	const char *params[] = {
		caller->national ? "" : caller->municipality_code,
		caller->national ? "on" : "off",
		caller->token_id,
		caller->label,
		caller->request_id,
	};
	return wvlv_db_defer(db,
			    "SELECT set_config('wvlv.municipality', $1, true),"
			    " set_config('wvlv.national', $2, true),"
			    " set_config('wvlv.token_id', $3, true),"
			    " set_config('wvlv.token_label', $4, true),"
			    " set_config('wvlv.request_id', $5, true)",
			    5, params, err);
}
