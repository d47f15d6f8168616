/* db.c — PostgreSQL connections: connect, a bounded pool, transactions, and
 * the one place that maps libpq failures to wvlv errors (see db.h and
 * db_internal.h).
 *
 * Statements are PQexecParams with text parameters and results; the single
 * PQexec in the tree is wvlv_db_exec_script() (migration scripts only).
 * A pooled connection is opened on first use, switched to the configured role
 * with SET ROLE, checked when it is checked out (socket closed by the server,
 * or idle for more than DB_IDLE_CHECK_MS and failing SELECT 1 → PQreset and
 * SET ROLE again), and drained and rolled back when it is given back.
 */
#include "db_internal.h"

#include <errno.h>
#include <jansson.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wvlv/caller.h"

#define DB_CONNECT_TIMEOUT_S "5"
#define DB_DEFAULT_APP_NAME  "wvlv"
#define DB_IDLE_CHECK_MS     30000
#define DB_DRAIN_MAX         16

struct wvlv_db {
	PGconn         *conn;
	char           *set_role;    /* owned copy; NULL: stay the login user */
	int             slot;        /* index in the pool; -1 when not pooled */
	struct timespec last_used;   /* CLOCK_MONOTONIC, set on release */
	char            sqlstate[6]; /* of the last failed statement */
};

typedef enum db_slot_state {
	DB_SLOT_EMPTY = 0,  /* no connection yet (or it was closed) */
	DB_SLOT_IDLE,       /* connected, free */
	DB_SLOT_BUSY        /* checked out (or being connected) */
} db_slot_state;

typedef struct db_slot {
	db_slot_state state;
	wvlv_db      *db;
} db_slot;

struct wvlv_db_pool {
	pthread_mutex_t lock;
	pthread_cond_t  freed;
	wvlv_db_options opts;        /* strings below are owned copies */
	char           *conninfo;
	char           *set_role;
	char           *application_name;
	int             size;
	db_slot        *slots;
};

/* ---- logging ---------------------------------------------------------------- */

/* A JSON string of msg without trailing newlines; bytes that are not valid
 * UTF-8 become '?' (libpq text is in the client encoding). */
static json_t *db_log_string(const char *msg)
{
	size_t n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
		n--;
	json_t *s = json_stringn(msg, n);
	if (s)
		return s;
	char *copy = malloc(n + 1);
	if (!copy)
		return NULL;
	for (size_t i = 0; i < n; i++)
		copy[i] = (unsigned char)msg[i] < 0x80 ? msg[i] : '?';
	s = json_stringn(copy, n);
	free(copy);
	return s;
}

void wvlv_db_log(wvlv_log_level level, const char *msg, const char *sqlstate)
{
	json_t *fields = json_pack("{s:o*}", "msg", db_log_string(msg ? msg : ""));
	if (fields && sqlstate && *sqlstate)
		json_object_set_new(fields, "sqlstate", json_string(sqlstate));
	wvlv_log_fields(level, fields);
}

/* Server notices: NOTICE and below are chatter ("… already exists, skipping");
 * WARNING and the FATAL a server sends before it closes an idle connection
 * are logged. */
static void db_notice_receiver(void *arg, const PGresult *res)
{
	(void)arg;
	const char *sev = PQresultErrorField(res, PG_DIAG_SEVERITY_NONLOCALIZED);
	if (sev && (strcmp(sev, "NOTICE") == 0 || strcmp(sev, "INFO") == 0 ||
		    strcmp(sev, "LOG") == 0 || strcmp(sev, "DEBUG") == 0))
		return;
	wvlv_db_log(WVLV_LOG_WARN, PQresultErrorMessage(res), PQresultErrorField(res, PG_DIAG_SQLSTATE));
}

/* ---- error mapping ---------------------------------------------------------- */

static bool db_state_is(const char *state, const char *want)
{
	return state && strcmp(state, want) == 0;
}

static bool db_state_class(const char *state, const char *cls)
{
	return state && strncmp(state, cls, 2) == 0;
}

/* The error-mapping table of db_internal.h. */
static wvlv_status db_map_sqlstate(const char *state, bool connection_lost, wvlv_error *err)
{
	if (db_state_is(state, "57014"))
		return wvlv_error_set(err, WVLV_EUNAVAIL, "statement-timeout",
				      "the database did not finish the statement in time");
	if (connection_lost || db_state_class(state, "08") || db_state_is(state, "57P01") ||
	    db_state_is(state, "57P02") || db_state_is(state, "57P03") ||
	    db_state_is(state, "53300"))
		return wvlv_error_set(err, WVLV_EUNAVAIL, "database-unavailable",
				      "the database is unreachable");
	if (db_state_is(state, "40001") || db_state_is(state, "40P01"))
		return wvlv_error_set(err, WVLV_EUNAVAIL, "transaction-conflict",
				      "the transaction conflicted with a concurrent one; try again");
	if (db_state_is(state, "42501"))
		/* a missing grant, or a row outside the caller's municipality
		 * (row-level security): a handler let through what it should
		 * not have */
		return wvlv_error_set(err, WVLV_EDB, "permission-denied", "permission denied");
	if (db_state_is(state, "WV001"))
		/* the deferred audit check (migration 0002) at COMMIT */
		return wvlv_error_set(err, WVLV_EINTERNAL, "audit-missing",
				      "the change has no audit record and was not made");
	if (db_state_is(state, "23505"))
		return wvlv_error_set(err, WVLV_ECONFLICT, "conflict",
				      "the data conflicts with a row that already exists");
	if (db_state_is(state, "23503"))
		return wvlv_error_set(err, WVLV_EINVAL, "constraint-violation",
				      "the data refers to a row that does not exist");
	if (db_state_is(state, "23514"))
		return wvlv_error_set(err, WVLV_EINVAL, "constraint-violation",
				      "the data breaks a rule of the database");
	if (db_state_class(state, "22"))
		return wvlv_error_set(err, WVLV_EINVAL, "invalid-value",
				      "a value is malformed or out of range");
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
	return db_map_sqlstate(state, PQstatus(db->conn) != CONNECTION_OK, err);
}

wvlv_status wvlv_db_fail(wvlv_db *db, const PGresult *res, wvlv_error *err)
{
	return db_fail_at(db, res, WVLV_LOG_ERROR, err);
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
	return wvlv_error_set(err, WVLV_EINTERNAL, "internal-error", "internal error");
}

/* ---- statements -------------------------------------------------------------- */

static PGresult *db_query_at(wvlv_db *db, const char *sql, int n, const char *const *params,
			     ExecStatusType expect, wvlv_log_level level, wvlv_error *err)
{
	db->sqlstate[0] = '\0';
	PGresult *res = PQexecParams(db->conn, sql, n, NULL, params, NULL, NULL, 0);
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
	db_fail_at(db, res, level, err);
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

wvlv_status wvlv_db_exec(wvlv_db *db, const char *sql, int n, const char *const *params,
			 wvlv_error *err)
{
	db->sqlstate[0] = '\0';
	PGresult *res = PQexecParams(db->conn, sql, n, NULL, params, NULL, NULL, 0);
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

/* Migration scripts hold many statements (CREATE TABLE …; CREATE INDEX …; DO
 * blocks) and PQexecParams runs exactly one, so this is the one place that
 * uses PQexec.  It takes no parameters and runs only the SQL embedded in the
 * binary from the migrations directory, never anything built from input. */
wvlv_status wvlv_db_exec_script(wvlv_db *db, const char *sql, wvlv_error *err)
{
	db->sqlstate[0] = '\0';
	PGresult *res = PQexec(db->conn, sql);
	ExecStatusType got = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	wvlv_status st = WVLV_OK;
	if (got != PGRES_COMMAND_OK && got != PGRES_TUPLES_OK && got != PGRES_EMPTY_QUERY)
		st = wvlv_db_fail(db, res, err);
	PQclear(res);
	return st;
}

bool wvlv_db_in_transaction(wvlv_db *db)
{
	return PQtransactionStatus(db->conn) != PQTRANS_IDLE;
}

/* ---- parameters and values ------------------------------------------------------- */

void wvlv_db_clear_result(void *res)
{
	PQclear(res);
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

static bool db_is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool wvlv_db_uuid_shaped(const char *s)
{
	if (!s || strlen(s) != 36)
		return false;
	for (int i = 0; i < 36; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;
		if (dash ? s[i] != '-' : !db_is_hex(s[i]))
			return false;
	}
	return true;
}

/* ---- transactions ----------------------------------------------------------- */

wvlv_status wvlv_db_begin(wvlv_db *db, wvlv_error *err)
{
	if (PQtransactionStatus(db->conn) != PQTRANS_IDLE)
		return wvlv_error_set(err, WVLV_EINTERNAL, "internal-error",
				      "a transaction is already open on this connection");
	return wvlv_db_exec(db, "BEGIN ISOLATION LEVEL READ COMMITTED", 0, NULL, err);
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

void wvlv_db_rollback(wvlv_db *db)
{
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
	if (PQtransactionStatus(db->conn) != PQTRANS_INTRANS)
		return wvlv_error_set(err, WVLV_EINTERNAL, "internal-error",
				      "the caller is set inside an open transaction; none is open");
	/* a national caller has no municipality of its own, so it writes nothing */
	const char *params[] = {
		caller->national ? "" : caller->municipality_code,
		caller->national ? "on" : "off",
		caller->token_id,
		caller->label,
		caller->request_id,
	};
	return wvlv_db_exec(db,
			    "SELECT set_config('wvlv.municipality', $1, true),"
			    " set_config('wvlv.national', $2, true),"
			    " set_config('wvlv.token_id', $3, true),"
			    " set_config('wvlv.token_label', $4, true),"
			    " set_config('wvlv.request_id', $5, true)",
			    5, params, err);
}

/* ---- connecting --------------------------------------------------------------- */

/* libpq `options`: those of the conninfo (or PGOPTIONS) plus the statement
 * timeout.  NULL when there is nothing to add.  Caller frees. */
static char *db_options_value(const char *conninfo, int statement_timeout_ms)
{
	if (statement_timeout_ms <= 0)
		return NULL;
	char *existing = NULL;
	PQconninfoOption *parsed = conninfo ? PQconninfoParse(conninfo, NULL) : NULL;
	for (PQconninfoOption *o = parsed; o && o->keyword; o++)
		if (strcmp(o->keyword, "options") == 0 && o->val && *o->val)
			existing = strdup(o->val);
	PQconninfoFree(parsed);
	if (!existing && getenv("PGOPTIONS"))
		existing = strdup(getenv("PGOPTIONS"));
	size_t len = (existing ? strlen(existing) : 0) + 48;
	char *out = malloc(len);
	if (out)
		snprintf(out, len, "%s%s-c statement_timeout=%d", existing ? existing : "",
			 existing ? " " : "", statement_timeout_ms);
	free(existing);
	return out;
}

typedef struct db_params {
	const char *kw[10];
	const char *val[10];
	int         n;
} db_params;

static void db_param(db_params *p, const char *keyword, const char *value)
{
	p->kw[p->n] = keyword;
	p->val[p->n] = value;
	p->n++;
	p->kw[p->n] = NULL;
	p->val[p->n] = NULL;
}

/* Keyword order matters with expand_dbname: the conninfo is expanded where
 * dbname stands, so what comes before it (our defaults) can be overridden by
 * the conninfo, and what comes after it (encoding, an explicit application
 * name, the statement timeout) cannot. */
static PGconn *db_open_conn(const wvlv_db_options *opts)
{
	db_params p = { .n = 0 };
	db_param(&p, "connect_timeout", DB_CONNECT_TIMEOUT_S);
	db_param(&p, "keepalives", "1");
	db_param(&p, "application_name", DB_DEFAULT_APP_NAME);
	if (opts->conninfo)
		db_param(&p, "dbname", opts->conninfo);
	db_param(&p, "client_encoding", "UTF8");
	if (opts->application_name)
		db_param(&p, "application_name", opts->application_name);
	char *options = db_options_value(opts->conninfo, opts->statement_timeout_ms);
	if (options)
		db_param(&p, "options", options);
	PGconn *conn = PQconnectdbParams(p.kw, p.val, 1);
	free(options);
	return conn;
}

static const char *db_or(const char *s, const char *fallback)
{
	return s && *s ? s : fallback;
}

static wvlv_status db_connect_failed(PGconn *conn, wvlv_error *err)
{
	wvlv_db_log(WVLV_LOG_ERROR, PQerrorMessage(conn), NULL);
	const char *host = db_or(PQhost(conn), "the default host");
	return wvlv_error_set(err, WVLV_EUNAVAIL, "database-unavailable",
			      "could not connect to database \"%s\" on %s port %s",
			      db_or(PQdb(conn), "?"), host, db_or(PQport(conn), "5432"));
}

static wvlv_status db_set_role(wvlv_db *db, wvlv_error *err)
{
	if (!db->set_role)
		return WVLV_OK;
	char *ident = PQescapeIdentifier(db->conn, db->set_role, strlen(db->set_role));
	if (!ident)
		return wvlv_db_fail(db, NULL, err);
	size_t len = strlen(ident) + sizeof("SET ROLE ");
	char *sql = malloc(len);
	wvlv_status st = WVLV_ENOMEM;
	if (sql) {
		snprintf(sql, len, "SET ROLE %s", ident);
		st = wvlv_db_exec(db, sql, 0, NULL, err);
		free(sql);
	} else {
		wvlv_error_set(err, WVLV_ENOMEM, "out-of-memory", "out of memory");
	}
	PQfreemem(ident);
	if (st != WVLV_OK && st != WVLV_EUNAVAIL && st != WVLV_ENOMEM)
		st = wvlv_error_set(err, WVLV_EDB, "set-role-failed",
				    "could not switch to database role \"%s\"", db->set_role);
	return st;
}

static void db_touch(wvlv_db *db)
{
	clock_gettime(CLOCK_MONOTONIC, &db->last_used);
}

static void db_free(wvlv_db *db)
{
	if (!db)
		return;
	if (db->conn)
		PQfinish(db->conn);
	free(db->set_role);
	free(db);
}

static wvlv_status db_open(const wvlv_db_options *opts, int slot, wvlv_db **out,
			   wvlv_error *err)
{
	*out = NULL;
	wvlv_db *db = calloc(1, sizeof(*db));
	if (!db || (opts->set_role && !(db->set_role = strdup(opts->set_role)))) {
		free(db);
		return wvlv_error_set(err, WVLV_ENOMEM, "out-of-memory", "out of memory");
	}
	db->slot = slot;
	db->conn = db_open_conn(opts);
	if (!db->conn) {
		db_free(db);
		return wvlv_error_set(err, WVLV_ENOMEM, "out-of-memory", "out of memory");
	}
	PQsetNoticeReceiver(db->conn, db_notice_receiver, NULL);
	wvlv_status st = PQstatus(db->conn) == CONNECTION_OK ? db_set_role(db, err)
							     : db_connect_failed(db->conn, err);
	if (st != WVLV_OK) {
		db_free(db);
		return st;
	}
	db_touch(db);
	*out = db;
	return WVLV_OK;
}

PGconn *wvlv_db_pgconn(wvlv_db *db)
{
	return db->conn;
}

wvlv_status wvlv_db_connect(const wvlv_db_options *opts, wvlv_db **out, wvlv_error *err)
{
	return db_open(opts, -1, out, err);
}

void wvlv_db_close(wvlv_db *db)
{
	db_free(db);
}

/* ---- health ------------------------------------------------------------------- */

static long db_idle_ms(const wvlv_db *db)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)(now.tv_sec - db->last_used.tv_sec) * 1000 +
	       (now.tv_nsec - db->last_used.tv_nsec) / 1000000;
}

/* An idle connection has nothing to read.  If its socket is readable the
 * server has said something — usually a FATAL and EOF after the backend was
 * terminated — so consume it and let libpq notice the closed connection.
 * No round trip. */
static bool db_socket_quiet(PGconn *conn)
{
	for (int i = 0; i < DB_DRAIN_MAX; i++) {
		struct pollfd p = { .fd = PQsocket(conn), .events = POLLIN };
		if (p.fd < 0)
			return false;
		int r = poll(&p, 1, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return false;
		if (r == 0)
			return true;
		if (!PQconsumeInput(conn) || PQstatus(conn) != CONNECTION_OK)
			return false;
		PGnotify *n;
		while ((n = PQnotifies(conn)))
			PQfreemem(n);
	}
	return PQstatus(conn) == CONNECTION_OK;
}

static bool db_ping(wvlv_db *db)
{
	wvlv_error ignored;
	wvlv_error_clear(&ignored);
	return wvlv_db_exec(db, "SELECT 1", 0, NULL, &ignored) == WVLV_OK;
}

static bool db_healthy(wvlv_db *db)
{
	if (PQstatus(db->conn) != CONNECTION_OK || !db_socket_quiet(db->conn))
		return false;
	return db_idle_ms(db) <= DB_IDLE_CHECK_MS || db_ping(db);
}

/* Check a connection that comes out of the pool; reset it when broken. */
static wvlv_status db_revive(wvlv_db *db, wvlv_error *err)
{
	if (db_healthy(db))
		return WVLV_OK;
	wvlv_db_log(WVLV_LOG_WARN, "resetting a broken database connection", NULL);
	PQreset(db->conn);
	if (PQstatus(db->conn) != CONNECTION_OK) {
		wvlv_db_log(WVLV_LOG_ERROR, PQerrorMessage(db->conn), NULL);
		return wvlv_error_set(err, WVLV_EUNAVAIL, "database-unavailable",
				      "the database is unreachable");
	}
	wvlv_error role_err;
	wvlv_error_clear(&role_err);
	if (db_set_role(db, &role_err) != WVLV_OK)
		return wvlv_error_set(err, WVLV_EUNAVAIL, "database-unavailable",
				      "the database is unreachable");
	return WVLV_OK;
}

/* Make a connection fit for the next user: no pending results, no open
 * transaction.  false when it should be closed instead. */
static bool db_clean(wvlv_db *db)
{
	PGresult *res;
	for (int i = 0; (res = PQgetResult(db->conn)); i++) {
		PQclear(res);
		if (i >= DB_DRAIN_MAX)
			return false;
	}
	if (PQstatus(db->conn) != CONNECTION_OK)
		return false;
	switch (PQtransactionStatus(db->conn)) {
	case PQTRANS_IDLE:
		return true;
	case PQTRANS_INTRANS:
	case PQTRANS_INERROR:
		wvlv_db_rollback(db);
		return PQstatus(db->conn) == CONNECTION_OK &&
		       PQtransactionStatus(db->conn) == PQTRANS_IDLE;
	case PQTRANS_ACTIVE:
	case PQTRANS_UNKNOWN:
		break;
	}
	return false;
}

/* ---- the pool ------------------------------------------------------------------ */

static char *db_strdup_or_null(const char *s, bool *oom)
{
	if (!s)
		return NULL;
	char *copy = strdup(s);
	if (!copy)
		*oom = true;
	return copy;
}

wvlv_db_pool *wvlv_db_pool_create(const wvlv_db_options *opts, int size)
{
	if (size < 1)
		size = 1;
	wvlv_db_pool *pool = calloc(1, sizeof(*pool));
	if (!pool)
		return NULL;
	bool oom = false;
	pool->conninfo = db_strdup_or_null(opts->conninfo, &oom);
	pool->set_role = db_strdup_or_null(opts->set_role, &oom);
	pool->application_name = db_strdup_or_null(opts->application_name, &oom);
	pool->slots = calloc((size_t)size, sizeof(*pool->slots));
	pthread_condattr_t ca;
	if (oom || !pool->slots || pthread_condattr_init(&ca) != 0) {
		free(pool->conninfo);
		free(pool->set_role);
		free(pool->application_name);
		free(pool->slots);
		free(pool);
		return NULL;
	}
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&pool->freed, &ca);
	pthread_condattr_destroy(&ca);
	pthread_mutex_init(&pool->lock, NULL);
	pool->opts = (wvlv_db_options){
		.conninfo = pool->conninfo,
		.set_role = pool->set_role,
		.statement_timeout_ms = opts->statement_timeout_ms,
		.application_name = pool->application_name,
	};
	pool->size = size;
	return pool;
}

void wvlv_db_pool_destroy(wvlv_db_pool *pool)
{
	if (!pool)
		return;
	for (int i = 0; i < pool->size; i++)
		db_free(pool->slots[i].db);
	pthread_cond_destroy(&pool->freed);
	pthread_mutex_destroy(&pool->lock);
	free(pool->conninfo);
	free(pool->set_role);
	free(pool->application_name);
	free(pool->slots);
	free(pool);
}

/* A free slot: a connected one if any, else an empty one; -1 if none. */
static int pool_pick(const wvlv_db_pool *pool)
{
	int empty = -1;
	for (int i = 0; i < pool->size; i++) {
		if (pool->slots[i].state == DB_SLOT_IDLE)
			return i;
		if (pool->slots[i].state == DB_SLOT_EMPTY && empty < 0)
			empty = i;
	}
	return empty;
}

static struct timespec pool_deadline(int timeout_ms)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	if (timeout_ms < 0)
		timeout_ms = 0;
	t.tv_sec += timeout_ms / 1000;
	t.tv_nsec += (long)(timeout_ms % 1000) * 1000000;
	if (t.tv_nsec >= 1000000000) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000;
	}
	return t;
}

/* Wait for a free slot and mark it busy; -1 when none became free in time. */
static int pool_take_slot(wvlv_db_pool *pool, int timeout_ms)
{
	struct timespec deadline = pool_deadline(timeout_ms);
	pthread_mutex_lock(&pool->lock);
	int i;
	while ((i = pool_pick(pool)) < 0) {
		if (pthread_cond_timedwait(&pool->freed, &pool->lock, &deadline) != 0) {
			/* ETIMEDOUT: one last look */
			i = pool_pick(pool);
			break;
		}
	}
	if (i >= 0)
		pool->slots[i].state = DB_SLOT_BUSY;
	pthread_mutex_unlock(&pool->lock);
	return i;
}

/* Put a slot back: idle with db, or empty (db closed) when db is NULL. */
static void pool_put_slot(wvlv_db_pool *pool, int i, wvlv_db *db)
{
	pthread_mutex_lock(&pool->lock);
	pool->slots[i].db = db;
	pool->slots[i].state = db ? DB_SLOT_IDLE : DB_SLOT_EMPTY;
	pthread_cond_signal(&pool->freed);
	pthread_mutex_unlock(&pool->lock);
}

wvlv_status wvlv_db_pool_acquire(wvlv_db_pool *pool, int timeout_ms, wvlv_db **out,
				 wvlv_error *err)
{
	*out = NULL;
	int i = pool_take_slot(pool, timeout_ms);
	if (i < 0)
		return wvlv_error_set(err, WVLV_EUNAVAIL, "pool-exhausted",
				      "no database connection became free within %d ms",
				      timeout_ms < 0 ? 0 : timeout_ms);
	/* the slot is ours: connect or check outside the lock */
	wvlv_db *db = pool->slots[i].db;
	wvlv_status st = db ? db_revive(db, err) : db_open(&pool->opts, i, &db, err);
	if (st == WVLV_EUNAVAIL)
		/* clients see this: the log says where it tried, the detail does not */
		wvlv_error_set(err, WVLV_EUNAVAIL, "database-unavailable",
			       "the database is unreachable");
	if (st != WVLV_OK) {
		if (pool->slots[i].db)
			db_free(pool->slots[i].db);
		pool_put_slot(pool, i, NULL);
		return st;
	}
	*out = db;
	return WVLV_OK;
}

void wvlv_db_pool_release(wvlv_db_pool *pool, wvlv_db *db)
{
	if (!db)
		return;
	int i = db->slot;
	if (!db_clean(db)) {
		db_free(db);
		db = NULL;
	} else {
		db_touch(db);
	}
	pool_put_slot(pool, i, db);
}

wvlv_status wvlv_db_pool_check(wvlv_db_pool *pool, int timeout_ms, wvlv_error *err)
{
	wvlv_db *db;
	wvlv_status st = wvlv_db_pool_acquire(pool, timeout_ms, &db, err);
	if (st != WVLV_OK)
		return st;
	st = wvlv_db_exec(db, "SELECT 1", 0, NULL, err);
	wvlv_db_pool_release(pool, db);
	return st;
}
