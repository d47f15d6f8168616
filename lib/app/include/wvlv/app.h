/* app.h — what every use case of lib/app/ shares: the process's database
 * pools, and the request a use case works for.
 *
 * lib/app/ is the layer of use cases: each public function (named
 * wvlv_app_*) is one thing a user or a job does, owns its one transaction
 * (or, for a nightly job, one transaction per item it handles), lets the
 * domain decide and the store load and save, and returns a result or a
 * wvlv_error.  The server and the CLI call these and nothing below them:
 * they never see a store header, a connection or SQL.
 *
 * A request's use case runs in a wvlv_request the front sets up: who asks,
 * the arena its results live in, today's date.  The use case begins and
 * commits its transaction itself; when it fails it just returns, and the
 * front's wvlv_request_end() rolls back what it left open — one cleanup path.
 */
#ifndef WVLV_APP_H
#define WVLV_APP_H

#include <stdbool.h>
#include <stddef.h>

#include "wvlv/arena.h"
#include "wvlv/caller.h"
#include "wvlv/date.h"
#include "wvlv/status.h"

/* The database settings, from the configuration (WVLV_DATABASE_URL,
 * WVLV_STATEMENT_TIMEOUT_MS, …). */
typedef struct wvlv_app_config {
	const char *database_url;         /* libpq URL or key=value string */
	const char *read_database_url;    /* wvlv serve: the OGC API's reads (a standby), NULL:
					     database_url */
	int         statement_timeout_ms; /* 0: the server's default */
	const char *application_name;     /* shown in pg_stat_activity, e.g. "wvlv alerts" */
	int         threads;              /* wvlv serve: connections per pool */
	int         pool_wait_ms;         /* wvlv serve: wait for a free connection before 503 */
} wvlv_app_config;

/* "host:port/dbname (user name)" of a database URL, without the password, for
 * messages; "(unparsable connection string)" when it cannot be read. */
void wvlv_app_describe_database(const char *database_url, char *buf, size_t size);

/* ---- a serving process -------------------------------------------------------- */

typedef struct wvlv_app wvlv_app;

/* The pools of `wvlv serve`: cfg->threads connections as WVLV_SERVER_ROLE for
 * the API, as many as WVLV_GIS_ROLE for the OGC API, made on demand; and the
 * watch that keeps the designations' change counter in memory
 * (app_features.h).  NULL when out of memory. */
wvlv_app *wvlv_app_open(const wvlv_app_config *cfg);
void      wvlv_app_close(wvlv_app *app);

/* For /readyz: the database answers through the API pool and its schema is
 * exactly the version this binary expects (app_schema.h); else WVLV_EUNAVAIL
 * with code "not-migrated", "schema-too-old", "schema-too-new" or the pool's
 * ("database-unavailable", "pool-exhausted") and a detail that says what to
 * run.  Not cached (a lost database shows at the next probe): two catalog-cheap
 * statements on one pooled connection, bounded by the pool like any request. */
wvlv_status wvlv_app_ready(wvlv_app *app, wvlv_error *err) WVLV_MUST_CHECK;

/* The caller a token stands for (its SHA-256 is looked up; the token itself is
 * never stored).  WVLV_ENOTFOUND when it is unknown or revoked. */
wvlv_status wvlv_app_authenticate(wvlv_app *app, const char *token, wvlv_caller *caller,
				  wvlv_error *err) WVLV_MUST_CHECK;

/* ---- one request -------------------------------------------------------------- */

/* An answer as the client got it: what an Idempotency-Key remembers. */
typedef struct wvlv_answer {
	int         status;
	const char *body;     /* the exact bytes */
	const char *headers;  /* JSON object {name: value} of the headers to repeat */
} wvlv_answer;

/* The front's answer to a write, asked for inside the write's transaction,
 * after the change and before the commit: with an Idempotency-Key the answer
 * is saved with the change it describes, so a repeat of the request gets the
 * same answer and never a second change. */
typedef wvlv_status (*wvlv_answer_fn)(void *cls, wvlv_answer *out, wvlv_error *err);

struct wvlv_db;

typedef struct wvlv_request {
	wvlv_app          *app;
	wvlv_arena        *arena;       /* results live as long as it */
	const wvlv_caller *caller;
	wvlv_date          today;       /* Europe/Amsterdam, when the request arrived */
	/* writes (POST, PATCH, DELETE) */
	const char        *idempotency_key;  /* NULL: none sent */
	const char        *request_hash;     /* identifies method, path and body */
	wvlv_answer_fn     answer;
	void              *answer_cls;
	bool               replayed;    /* out: the key was used before; `first` is the answer */
	wvlv_answer        first;
	/* the connection of the transaction the use case has open (private) */
	struct wvlv_db    *db;
	bool               gis;         /* db is from the OGC pool */
	bool               scoped;      /* db has the authentication's transaction open,
					   scoped to the caller: the use case goes on in it */
} wvlv_request;

/* Give back what the request holds: a transaction its use case left open
 * (because it failed) is rolled back, the connection returned to its pool. */
void wvlv_request_end(wvlv_request *r);

/* wvlv_app_authenticate inside the request's own transaction: takes r's
 * connection of the API pool, begins the transaction and checks the token in
 * the statement that scopes it to the caller (caller->request_id, set
 * before) — one round trip.  The request's use case goes on in that
 * transaction (r->scoped); wvlv_request_end gives it back, also when the
 * check failed. */
wvlv_status wvlv_app_authenticate_request(wvlv_request *r, const char *token, wvlv_caller *caller,
					  wvlv_error *err) WVLV_MUST_CHECK;

#endif /* WVLV_APP_H */
