/* db.h — PostgreSQL connections: a bounded pool, transactions, health.
 *
 * Only lib/store/ includes libpq-fe.h; everything else sees these opaque
 * handles.  A connection is opened lazily, switched to the server role with
 * SET ROLE when one is configured, checked on checkout after it has been idle,
 * reset when broken, and rolled back and drained on release.
 */
#ifndef WVLV_DB_H
#define WVLV_DB_H

#include <stdbool.h>
#include "wvlv/caller.h"
#include "wvlv/status.h"

typedef struct wvlv_db wvlv_db;            /* one connection */
typedef struct wvlv_db_pool wvlv_db_pool;  /* a bounded set of them */

/* The lists' number_matched (designations, sale notifications, audit
 * entries) is counted up to this many matches, so that counting costs the
 * same whatever the size of the register; past it, and on a page asked by
 * cursor, number_matched is -1 (not told). */
#define WVLV_DB_MATCHED_MAX 10000

typedef struct wvlv_db_options {
	const char *conninfo;           /* libpq URL or key=value string */
	const char *set_role;           /* NULL: stay as the login user */
	int         statement_timeout_ms; /* 0: server default */
	const char *application_name;   /* NULL: "wvlv" */
} wvlv_db_options;

/* A single connection (CLI commands, tests).  WVLV_EUNAVAIL when the
 * database cannot be reached; err->detail says where it tried. */
wvlv_status wvlv_db_connect(const wvlv_db_options *opts, wvlv_db **out,
			    wvlv_error *err) WVLV_MUST_CHECK;
void        wvlv_db_close(wvlv_db *db);

/* "host:port/dbname (user name)" of a conninfo, without the password, for
 * messages; "(unparsable connection string)" when libpq cannot parse it. */
void wvlv_db_describe_conninfo(const char *conninfo, char *buf, size_t size);

/* A pool of at most `size` connections.  Never fails (connections are made on
 * demand); returns NULL only when out of memory. */
wvlv_db_pool *wvlv_db_pool_create(const wvlv_db_options *opts, int size);
void          wvlv_db_pool_destroy(wvlv_db_pool *pool);

/* Check a connection out, waiting at most timeout_ms for a free one.
 * WVLV_EUNAVAIL when none became free or the database is down. */
wvlv_status wvlv_db_pool_acquire(wvlv_db_pool *pool, int timeout_ms, wvlv_db **out,
				 wvlv_error *err) WVLV_MUST_CHECK;
/* Give it back: any open transaction is rolled back; a broken one is closed. */
void        wvlv_db_pool_release(wvlv_db_pool *pool, wvlv_db *db);

/* What a pool holds now, and how often a checkout had to wait (for
 * /metrics): size slots, in_use checked out, open connected (idle or busy);
 * waits since creation found no free slot at first, timeouts of them found
 * none within their wait. */
typedef struct wvlv_db_pool_counts {
	int  size, in_use, open;
	long waits, timeouts;
	long round_trips; /* made by connections given back (one per Sync awaited) */
} wvlv_db_pool_counts;
void wvlv_db_pool_stats(wvlv_db_pool *pool, wvlv_db_pool_counts *out);

/* SELECT 1 through the pool (for /readyz). */
wvlv_status wvlv_db_pool_check(wvlv_db_pool *pool, int timeout_ms, wvlv_error *err) WVLV_MUST_CHECK;

/* Transactions (READ COMMITTED). */
wvlv_status wvlv_db_begin(wvlv_db *db, wvlv_error *err) WVLV_MUST_CHECK;
wvlv_status wvlv_db_commit(wvlv_db *db, wvlv_error *err) WVLV_MUST_CHECK;
void        wvlv_db_rollback(wvlv_db *db);
/* Make the open transaction read-only (a dry run, a read): any write fails.
 * Call it right after wvlv_db_begin, before any statement. */
wvlv_status wvlv_db_read_only(wvlv_db *db, wvlv_error *err) WVLV_MUST_CHECK;

/* Scope the open transaction to a caller (SET LOCAL through set_config):
 * wvlv.municipality, wvlv.national ('on'/'off'), wvlv.token_id,
 * wvlv.token_label, wvlv.request_id.  Row-level security policies read
 * these; call it right after wvlv_db_begin. */
struct wvlv_caller;
wvlv_status wvlv_db_set_caller(wvlv_db *db, const struct wvlv_caller *caller,
			       wvlv_error *err) WVLV_MUST_CHECK;

/* A savepoint in the open transaction (the import: one per record, so a
 * refused record is undone and the next one is still checked).  name: a
 * plain SQL identifier. */
wvlv_status wvlv_db_savepoint(wvlv_db *db, const char *name, wvlv_error *err) WVLV_MUST_CHECK;
/* Undo everything since the savepoint (and keep it); then release it. */
wvlv_status wvlv_db_rollback_to(wvlv_db *db, const char *name, wvlv_error *err) WVLV_MUST_CHECK;
wvlv_status wvlv_db_release(wvlv_db *db, const char *name, wvlv_error *err) WVLV_MUST_CHECK;

/* Execute a script of SQL statements with no parameters (migrations only). */
wvlv_status wvlv_db_exec_script(wvlv_db *db, const char *sql, wvlv_error *err) WVLV_MUST_CHECK;

#endif /* WVLV_DB_H */
