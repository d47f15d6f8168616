/* pipeline.c — how statements travel to PostgreSQL (see db_connection.h).
 *
 * Every statement with parameters is prepared once per connection: the
 * first use sends Parse under a name of the connection's own (wvlv_N) in
 * the same round trip as its Bind/Execute, later uses only Bind/Execute.  A
 * statement whose Parse failed is parsed again next time; a connection that
 * is reset forgets its names (wvlv_db_forget_prepared).  At most
 * DB_PREPARED_MAX texts are kept per connection; beyond that a statement
 * goes unnamed, as before.
 *
 * Statements whose result nobody reads (BEGIN, set_config, a lock, an audit
 * row) may be deferred (wvlv_db_defer): they wait in the connection's queue
 * and go out in front of the next statement, in one pipeline (libpq pipeline
 * mode) with one Sync — one round trip for all of them.  The first failure
 * among them is the next statement's failure; the rest of the pipeline is
 * skipped by the server, as a transaction block that failed would.  Several
 * statements whose results are read may go together too (wvlv_db_steps).
 *
 * Round trips are counted per connection: one per Sync awaited.
 */
#include "db_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_connection.h"

#define DB_PREPARED_SLOTS 1024 /* a power of two, twice DB_PREPARED_MAX */
#define DB_PREPARED_MAX   512
#define DB_PIPELINE_MAX   32   /* statements in one round trip */

struct db_prepared {
	uint64_t hash;
	char    *sql;   /* NULL: a free slot */
	bool     ready; /* Parse succeeded on this connection */
};

struct db_deferred {
	char  *sql;
	int    n;
	char **params;
};

/* ---- the names of prepared statements -------------------------------------- */

static uint64_t db_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* The slot of sql: its own (found) or the free one it would take; -1 when
 * the table is full or out of memory. */
static int db_prepared_slot(wvlv_db *db, const char *sql, uint64_t h, bool *found)
{
	*found = false;
	if (!db->prepared && !(db->prepared = calloc(DB_PREPARED_SLOTS, sizeof(*db->prepared))))
		return -1;
	for (unsigned i = 0; i < DB_PREPARED_SLOTS; i++) {
		unsigned k = (unsigned)(h + i) & (DB_PREPARED_SLOTS - 1);
		struct db_prepared *p = &db->prepared[k];
		if (!p->sql)
			return db->n_prepared < DB_PREPARED_MAX ? (int)k : -1;
		if (p->hash == h && strcmp(p->sql, sql) == 0) {
			*found = true;
			return (int)k;
		}
	}
	return -1;
}

void wvlv_db_forget_prepared(wvlv_db *db)
{
	if (!db->prepared)
		return;
	for (int i = 0; i < DB_PREPARED_SLOTS; i++)
		free(db->prepared[i].sql);
	free(db->prepared);
	db->prepared = NULL;
	db->n_prepared = 0;
}

/* ---- the deferred queue ------------------------------------------------------ */

static void db_deferred_free(struct db_deferred *d)
{
	for (int i = 0; i < d->n; i++)
		free(d->params[i]);
	free(d->params);
	free(d->sql);
}

void wvlv_db_drop_deferred(wvlv_db *db)
{
	for (int i = 0; i < db->n_deferred; i++)
		db_deferred_free(&db->deferred[i]);
	db->n_deferred = 0;
	db->pending_begin = false;
}

void wvlv_db_deferred_destroy(wvlv_db *db)
{
	wvlv_db_drop_deferred(db);
	free(db->deferred);
	db->deferred = NULL;
	db->cap_deferred = 0;
}

wvlv_status wvlv_db_defer(wvlv_db *db, const char *sql, int n, const char *const *params,
			  wvlv_error *err)
{
	if (db->n_deferred >= DB_PIPELINE_MAX - 1)
		return wvlv_db_internal(err, "too many deferred statements on one connection");
	if (db->n_deferred == db->cap_deferred) {
		int cap = db->cap_deferred ? db->cap_deferred * 2 : 8;
		struct db_deferred *q = realloc(db->deferred, (size_t)cap * sizeof(*q));
		if (!q)
			return wvlv_error_set(err, WVLV_ENOMEM, "out-of-memory", "out of memory");
		db->deferred = q;
		db->cap_deferred = cap;
	}
	struct db_deferred d = { .sql = strdup(sql), .n = n,
				 .params = n > 0 ? calloc((size_t)n, sizeof(char *)) : NULL };
	bool oom = !d.sql || (n > 0 && !d.params);
	for (int i = 0; !oom && i < n; i++)
		if (params[i] && !(d.params[i] = strdup(params[i])))
			oom = true;
	if (oom) {
		db_deferred_free(&d);
		return wvlv_error_set(err, WVLV_ENOMEM, "out-of-memory", "out of memory");
	}
	db->deferred[db->n_deferred++] = d;
	return WVLV_OK;
}

/* ---- one round trip ------------------------------------------------------------- */

typedef struct db_item {
	const char        *sql;
	int                n;
	const char *const *params;
	int                prepare;  /* slot whose Parse goes with it, or -1 */
	PGresult          *prep_res; /* Parse's result */
	PGresult          *res;
} db_item;

static bool db_item_send(wvlv_db *db, db_item *it)
{
	it->prepare = -1;
	if (it->n <= 0)
		return PQsendQueryParams(db->conn, it->sql, it->n, NULL, it->params, NULL, NULL, 0);
	bool found;
	uint64_t h = db_hash(it->sql);
	int k = db_prepared_slot(db, it->sql, h, &found);
	if (k < 0)
		return PQsendQueryParams(db->conn, it->sql, it->n, NULL, it->params, NULL, NULL, 0);
	char name[24];
	snprintf(name, sizeof(name), "wvlv_%d", k);
	struct db_prepared *p = &db->prepared[k];
	if (!found) {
		if (!(p->sql = strdup(it->sql)))
			return PQsendQueryParams(db->conn, it->sql, it->n, NULL, it->params, NULL,
						 NULL, 0);
		p->hash = h;
		p->ready = false;
		db->n_prepared++;
	}
	if (!p->ready) {
		if (!PQsendPrepare(db->conn, name, it->sql, it->n, NULL))
			return false;
		it->prepare = k;
	}
	return PQsendQueryPrepared(db->conn, name, it->n, it->params, NULL, NULL, 0);
}

static bool db_is_failure(const PGresult *res)
{
	ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	return st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK;
}

/* Leave pipeline mode after the Sync; a connection that cannot is lost. */
static void db_pipeline_end(wvlv_db *db, bool *gave_up)
{
	if (!*gave_up) {
		PGresult *sync = wvlv_db_await_next(db, gave_up);
		if (!sync || PQresultStatus(sync) != PGRES_PIPELINE_SYNC)
			db->lost = true;
		PQclear(sync);
	}
	if (*gave_up || !PQexitPipelineMode(db->conn))
		db->lost = true;
}

/* Send items[0..n) in one pipeline and collect their results.  false when
 * nothing could be sent or awaited (gave_up: past the deadline). */
static bool db_pipeline(wvlv_db *db, db_item *items, int n, bool *gave_up)
{
	*gave_up = false;
	PQsetnonblocking(db->conn, 1);
	if (!PQenterPipelineMode(db->conn))
		return false;
	bool sent = true;
	for (int i = 0; sent && i < n; i++)
		sent = db_item_send(db, &items[i]);
	if (!sent || !PQpipelineSync(db->conn)) {
		db->lost = true; /* half a pipeline went out: never reuse it */
		PQexitPipelineMode(db->conn);
		return false;
	}
	db->round_trips++;
	for (int i = 0; i < n && !*gave_up; i++) {
		if (items[i].prepare >= 0) {
			items[i].prep_res = wvlv_db_await_next(db, gave_up);
			if (!*gave_up && !db_is_failure(items[i].prep_res))
				db->prepared[items[i].prepare].ready = true;
		}
		if (!*gave_up)
			items[i].res = wvlv_db_await_next(db, gave_up);
	}
	db_pipeline_end(db, gave_up);
	/* results read from a connection that died under them (a kill -9 of the
	 * server) may be cut short — a step with no row that has one — so none
	 * of them counts: the caller sees the connection lost (503) */
	if (db->lost || PQstatus(db->conn) != CONNECTION_OK) {
		db->lost = true;
		return false;
	}
	return !*gave_up;
}

static void db_items_clear(db_item *items, int n)
{
	for (int i = 0; i < n; i++) {
		PQclear(items[i].prep_res);
		PQclear(items[i].res);
		items[i].prep_res = items[i].res = NULL;
	}
}

/* The result that says how item i went: its Parse's failure, or its own. */
static PGresult *db_item_take(db_item *it)
{
	PGresult *r;
	if (it->prep_res && db_is_failure(it->prep_res)) {
		r = it->prep_res;
		it->prep_res = NULL;
	} else {
		r = it->res;
		it->res = NULL;
	}
	return r;
}

/* The deferred queue, then steps[0..n): items in order.  Returns how many. */
static int db_items_fill(wvlv_db *db, db_item *items, const wvlv_db_step *steps, int n)
{
	int k = 0;
	for (int i = 0; i < db->n_deferred; i++)
		items[k++] = (db_item){ .sql = db->deferred[i].sql, .n = db->deferred[i].n,
					.params = (const char *const *)db->deferred[i].params };
	for (int i = 0; i < n; i++)
		items[k++] = (db_item){ .sql = steps[i].sql, .n = steps[i].n,
					.params = steps[i].params };
	return k;
}

PGresult *wvlv_db_run_one(wvlv_db *db, const char *sql, int n, const char *const *params,
			  bool *gave_up)
{
	wvlv_db_step step = { .sql = sql, .n = n, .params = params };
	db_item items[DB_PIPELINE_MAX];
	int k = db_items_fill(db, items, &step, sql ? 1 : 0); /* NULL: the queue alone */
	if (k == 0)
		return NULL;
	bool ok = db_pipeline(db, items, k, gave_up);
	wvlv_db_drop_deferred(db);
	PGresult *out = NULL;
	for (int i = 0; ok && i < k && !out; i++)
		if (i == k - 1 || (items[i].prep_res && db_is_failure(items[i].prep_res)) ||
		    db_is_failure(items[i].res))
			out = db_item_take(&items[i]);
	db_items_clear(items, k);
	return out;
}

wvlv_status wvlv_db_steps(wvlv_db *db, wvlv_db_step *steps, int n, int *failed,
			  wvlv_error *err)
{
	*failed = -1;
	for (int i = 0; i < n; i++)
		steps[i].res = NULL;
	if (n < 1 || n + db->n_deferred > DB_PIPELINE_MAX)
		return wvlv_db_internal(err, "a pipeline of too many statements");
	db->sqlstate[0] = '\0';
	db_item items[DB_PIPELINE_MAX];
	int k = db_items_fill(db, items, steps, n), first = k - n;
	bool gave_up;
	bool ok = db_pipeline(db, items, k, &gave_up);
	wvlv_db_drop_deferred(db);
	wvlv_status st = WVLV_OK;
	if (gave_up)
		st = wvlv_error_set(err, WVLV_EUNAVAIL, "database-unavailable",
				    "the database did not answer in time");
	for (int i = 0; ok && st == WVLV_OK && i < k; i++) {
		PGresult *r = db_item_take(&items[i]);
		bool bad = db_is_failure(r);
		if (bad || (i >= first && PQresultStatus(r) != steps[i - first].expect)) {
			*failed = i < first ? -1 : i - first;
			bool quiet = i >= first && steps[i - first].input;
			st = bad ? wvlv_db_fail_quietly(db, r, quiet, err)
				 : wvlv_db_internal(err, "a statement returned another status than expected");
			PQclear(r);
		} else if (i >= first) {
			steps[i - first].res = r;
		} else {
			PQclear(r);
		}
	}
	if (!ok && st == WVLV_OK)
		st = wvlv_db_fail(db, NULL, err);
	db_items_clear(items, k);
	return st;
}

long wvlv_db_round_trips(const wvlv_db *db)
{
	return db->round_trips;
}
