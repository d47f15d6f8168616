/* db_error.c — the one place that logs a failed statement and maps it to a
 * wvlv error: its SQLSTATE, or a connection lost under it (db_internal.h).
 * Used by query.c and pipeline.c alike. */
#include "db_internal.h"

#include <stdio.h>
#include <string.h>

#include "db_connection.h"

/* ---- error mapping ---------------------------------------------------------- */

/* The error-mapping table of db_internal.h: the SQLSTATEs (or classes of
 * them, two characters) of one meaning for the caller; the first that fits. */
static const struct sqlstate_meaning {
	const char *states[6];
	bool        connection_lost; /* also when libpq saw the connection close */
	wvlv_status status;
	const char *code;
	const char *detail;
} sqlstate_meanings[] = {
	{ { "57014" }, false, WVLV_EUNAVAIL, "statement-timeout",
	  "the database did not finish the statement in time" },
	/* 25006: a write on a server that is no longer the primary (a switchover
	 * or failover turned it into a standby under a pooled connection) */
	{ { "08", "57P01", "57P02", "57P03", "53300", "25006" }, true, WVLV_EUNAVAIL,
	  "database-unavailable", "the database is unreachable" },
	{ { "40001", "40P01" }, false, WVLV_EUNAVAIL, "transaction-conflict",
	  "the transaction conflicted with a concurrent one; try again" },
	/* a missing grant, or a row outside the caller's municipality (row-level
	 * security): a handler let through what it should not have */
	{ { "42501" }, false, WVLV_EDB, "permission-denied", "permission denied" },
	/* the deferred audit check (migration 0002) at COMMIT */
	{ { "WV001" }, false, WVLV_EINTERNAL, "audit-missing",
	  "the change has no audit record and was not made" },
	/* the one-open-offer-per-parcel index (migration 0010), raised by its trigger */
	{ { "WV002" }, false, WVLV_ECONFLICT, "duplicate-offer",
	  "a cadastral parcel of the offer has an open offer in this municipality already" },
	{ { "23505" }, false, WVLV_ECONFLICT, "conflict",
	  "the data conflicts with a row that already exists" },
	{ { "23503" }, false, WVLV_EINVAL, "constraint-violation",
	  "the data refers to a row that does not exist" },
	{ { "23514" }, false, WVLV_EINVAL, "constraint-violation",
	  "the data breaks a rule of the database" },
	{ { "22" }, false, WVLV_EINVAL, "invalid-value", "a value is malformed or out of range" },
};

static bool db_meaning_fits(const struct sqlstate_meaning *m, const char *state,
			    bool connection_lost)
{
	if (connection_lost && m->connection_lost)
		return true;
	for (size_t i = 0; state && i < 6 && m->states[i]; i++) {
		size_t n = strlen(m->states[i]);
		if (strncmp(state, m->states[i], n) == 0 && (n == 2 || state[n] == '\0'))
			return true;
	}
	return false;
}

static wvlv_status db_map_sqlstate(const char *state, bool connection_lost, wvlv_error *err)
{
	for (size_t i = 0; i < sizeof(sqlstate_meanings) / sizeof(sqlstate_meanings[0]); i++) {
		const struct sqlstate_meaning *m = &sqlstate_meanings[i];
		if (db_meaning_fits(m, state, connection_lost))
			return wvlv_error_set(err, m->status, m->code, "%s", m->detail);
	}
	return wvlv_error_set(err, WVLV_EDB, "database-error", "database error");
}

static wvlv_status db_fail_at(wvlv_db *db, const PGresult *res, wvlv_log_level level,
			      wvlv_error *err)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorMessage(res) : NULL;
	if (!msg || !*msg)
		msg = PQerrorMessage(db->conn);
	wvlv_db_log(level, msg, state);
	snprintf(db->sqlstate, sizeof(db->sqlstate), "%s", state ? state : "");
	/* db->lost: a pipeline already found the connection unusable (pipeline.c),
	 * e.g. a FATAL 57P01 of a switchover read before libpq saw the socket
	 * close — PQstatus still says CONNECTION_OK then */
	bool lost = db->lost || PQstatus(db->conn) != CONNECTION_OK;
	wvlv_status st = db_map_sqlstate(state, lost, err);
	/* the connection no longer leads to a primary that serves: the pool
	 * closes it when it comes back and the slot connects anew, which with a
	 * multi-host conninfo and target_session_attrs=read-write finds the
	 * primary of the moment */
	if (lost || (st == WVLV_EUNAVAIL && strcmp(err->code, "database-unavailable") == 0))
		db->lost = true;
	/* 0A000 "cached plan must not change result type": a migration changed a
	 * table under a statement prepared on this connection (pipeline.c); a new
	 * connection prepares it afresh */
	if (state && strcmp(state, "0A000") == 0)
		db->lost = true;
	return st;
}

wvlv_status wvlv_db_fail(wvlv_db *db, const PGresult *res, wvlv_error *err)
{
	return db_fail_at(db, res, WVLV_LOG_ERROR, err);
}

wvlv_status wvlv_db_fail_quietly(wvlv_db *db, const PGresult *res, bool input, wvlv_error *err)
{
	return db_fail_at(db, res, input ? WVLV_LOG_INFO : WVLV_LOG_ERROR, err);
}

const char *wvlv_db_sqlstate(const wvlv_db *db)
{
	return db->sqlstate;
}

bool wvlv_db_bad_uuid(const wvlv_db *db)
{
	return strcmp(db->sqlstate, "22P02") == 0;
}

wvlv_status wvlv_db_internal(wvlv_error *err, const char *what)
{
	wvlv_db_log(WVLV_LOG_ERROR, what, NULL);
	return wvlv_error_set(err, WVLV_EINTERNAL, WVLV_CODE_INTERNAL, "internal error");
}
