/* pool.c — PostgreSQL connections: connect, health, transactions scoped to a
 * caller (transaction.c), and a bounded pool (see db.h).
 *
 * A pooled connection is opened on first use, switched to the configured role
 * with SET ROLE, checked when it is checked out (socket closed by the server,
 * or idle for more than DB_IDLE_CHECK_MS and failing SELECT 1 → PQreset and
 * SET ROLE again), and drained and rolled back when it is given back.
 * Transactions live here with the connection's life cycle: giving a
 * connection back rolls back what its user left open.  Statements are query.c's,
 * the mapping of their failures db_error.c's, their deadline deadline.c's (a
 * connection given up there is closed when it comes back, and its slot
 * connects anew for the next user).  TCP keepalives and tcp_user_timeout are
 * on unless the conninfo sets them.
 */
#include "db_internal.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db_connection.h"
#include "wvlv/caller.h"

#define DB_CONNECT_TIMEOUT_S 5
#define DB_DEFAULT_APP_NAME  "wvlv"
#define DB_IDLE_CHECK_MS     30000
#define DB_DRAIN_MAX         16

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
	long            waits;       /* acquires that found no free slot at first */
	long            timeouts;    /* of them, those that found none in time */
	long            round_trips; /* of connections given back */
};

/* ---- connecting --------------------------------------------------------------- */

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

/* libpq `options`: those of the conninfo (or PGOPTIONS), then a custom plan
 * for every execution of a prepared statement (the lists' optional filters,
 * "$n IS NULL OR column = $n", can only use their indexes in a plan made for
 * the values at hand; a generic plan, which PostgreSQL may switch to after
 * five executions, would scan), then the statement timeout when there is one.
 * Caller frees. */
static char *db_options_value(const char *conninfo, int statement_timeout_ms)
{
	char *existing = NULL;
	PQconninfoOption *parsed = conninfo ? PQconninfoParse(conninfo, NULL) : NULL;
	for (PQconninfoOption *o = parsed; o && o->keyword; o++)
		if (strcmp(o->keyword, "options") == 0 && o->val && *o->val)
			existing = strdup(o->val);
	PQconninfoFree(parsed);
	if (!existing && getenv("PGOPTIONS"))
		existing = strdup(getenv("PGOPTIONS"));
	size_t len = (existing ? strlen(existing) : 0) + 96;
	char *out = malloc(len);
	if (out) {
		int n = snprintf(out, len, "%s%s-c plan_cache_mode=force_custom_plan",
				 existing ? existing : "", existing ? " " : "");
		if (statement_timeout_ms > 0)
			snprintf(out + n, len - (size_t)n, " -c statement_timeout=%d",
				 statement_timeout_ms);
	}
	free(existing);
	return out;
}

typedef struct db_params {
	const char *kw[16];
	const char *val[16];
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
	/* a connect waits no longer than a statement would (its deadline and
	 * the cancel's wait), and at most DB_CONNECT_TIMEOUT_S; libpq's least is 2 */
	int secs = DB_CONNECT_TIMEOUT_S;
	if (opts->statement_timeout_ms > 0) {
		int st = (opts->statement_timeout_ms + DB_DEADLINE_MARGIN_MS + DB_CANCEL_WAIT_MS + 999) / 1000;
		secs = st < 2 ? 2 : st < secs ? st : secs;
	}
	char connect_timeout[12];
	snprintf(connect_timeout, sizeof(connect_timeout), "%d", secs);
	db_param(&p, "connect_timeout", connect_timeout);
	/* a peer that vanishes is noticed in about 25 s (TCP only) */
	db_param(&p, "keepalives", "1");
	db_param(&p, "keepalives_idle", "10");
	db_param(&p, "keepalives_interval", "5");
	db_param(&p, "keepalives_count", "3");
	db_param(&p, "tcp_user_timeout", "30000");
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
		/* logged below, except a missing role: the callers say it (not migrated) */
		PGresult *res = wvlv_db_query_quiet(db, sql, 0, NULL, PGRES_COMMAND_OK, err);
		st = res ? WVLV_OK : err->status;
		PQclear(res);
		free(sql);
	} else {
		wvlv_error_set(err, WVLV_ENOMEM, "out-of-memory", "out of memory");
	}
	PQfreemem(ident);
	return st == WVLV_OK ? st : wvlv_db_role_failed(db, st, err);
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
	wvlv_db_forget_prepared(db);
	wvlv_db_deferred_destroy(db);
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
	db->deadline_ms = opts->statement_timeout_ms > 0
			  ? opts->statement_timeout_ms + DB_DEADLINE_MARGIN_MS : 0;
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
	/* PQreset tries every host of a multi-host conninfo again, honouring
	 * target_session_attrs: after a failover it finds the new primary */
	PQreset(db->conn);
	db->lost = false;
	wvlv_db_forget_prepared(db); /* a new session: its names are gone */
	wvlv_db_drop_deferred(db);
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
	wvlv_db_drop_deferred(db); /* never sent: nothing to undo */
	if (db->lost)
		return false;
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
	int i = pool_pick(pool);
	if (i < 0)
		pool->waits++;
	while (i < 0 && (i = pool_pick(pool)) < 0) {
		if (pthread_cond_timedwait(&pool->freed, &pool->lock, &deadline) != 0) {
			/* ETIMEDOUT: one last look */
			i = pool_pick(pool);
			break;
		}
	}
	if (i >= 0)
		pool->slots[i].state = DB_SLOT_BUSY;
	else
		pool->timeouts++;
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
	bool clean = db_clean(db); /* a ROLLBACK is a round trip too */
	long trips = db->round_trips - db->round_trips_counted;
	db->round_trips_counted = db->round_trips;
	pthread_mutex_lock(&pool->lock);
	pool->round_trips += trips;
	pthread_mutex_unlock(&pool->lock);
	if (!clean) {
		db_free(db);
		db = NULL;
	} else {
		db_touch(db);
	}
	pool_put_slot(pool, i, db);
}

void wvlv_db_pool_stats(wvlv_db_pool *pool, wvlv_db_pool_counts *out)
{
	*out = (wvlv_db_pool_counts){ .size = pool->size };
	pthread_mutex_lock(&pool->lock);
	for (int i = 0; i < pool->size; i++) {
		out->in_use += pool->slots[i].state == DB_SLOT_BUSY;
		out->open += pool->slots[i].db != NULL;
	}
	out->waits = pool->waits;
	out->timeouts = pool->timeouts;
	out->round_trips = pool->round_trips;
	pthread_mutex_unlock(&pool->lock);
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

