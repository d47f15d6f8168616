/* app_internal.h — what the use-case files of lib/app/ share (private).
 *
 * The process's pools, the transaction helpers every request's use case is
 * written with, and the change counter of the designations (counter.c).
 */
#ifndef WVLV_APP_INTERNAL_H
#define WVLV_APP_INTERNAL_H

#include "wvlv/app.h"
#include "wvlv/db.h"

struct wvlv_app_counter; /* counter.c */

struct wvlv_app {
	int             pool_wait_ms;
	wvlv_db_pool   *pool;       /* WVLV_SERVER_ROLE: the API */
	wvlv_db_pool   *gis_pool;   /* WVLV_GIS_ROLE: the OGC API */
	wvlv_db_options gis_opts;   /* for the counter's LISTEN connection */
	struct wvlv_app_counter *counter;
};

/* A read: a connection of the API pool and a transaction scoped to the
 * caller (row-level security), then the commit.  On failure the use case
 * returns; wvlv_request_end() rolls back. */
wvlv_status app_read_begin(wvlv_request *r, wvlv_error *err) WVLV_MUST_CHECK;
wvlv_status app_commit(wvlv_request *r, wvlv_error *err) WVLV_MUST_CHECK;

/* A write: as a read, then the Idempotency-Key (a key used before: r->replayed
 * and r->first, the transaction closed, nothing more to do; the same key with
 * another request: WVLV_EINVAL "idempotency-key-reused"). */
wvlv_status app_write_begin(wvlv_request *r, wvlv_error *err) WVLV_MUST_CHECK;
/* The front's answer (r->answer), saved under the key when there is one, and
 * the commit; the OGC API reads the change counter afresh after it. */
wvlv_status app_write_commit(wvlv_request *r, wvlv_error *err) WVLV_MUST_CHECK;

/* A connection of the OGC pool, no transaction (each read is one statement). */
wvlv_status app_gis_acquire(wvlv_request *r, wvlv_error *err) WVLV_MUST_CHECK;

/* The municipality a caller's reads are limited to: NULL for national callers. */
const char *app_scope(const wvlv_caller *caller);
/* Limit a list filter's municipality to the caller's scope; false when the
 * filter asks for another municipality, whose rows do not exist for it. */
bool app_scope_filter(const wvlv_caller *caller, const char **municipality_code);

/* A caller registers only for its own municipality (a national caller writes
 * nothing: WVLV_EFORBIDDEN "read-only-token", refused before by auth too).
 * WVLV_EINVAL "other-municipality" with an
 * invalidParams entry; `what` names the records ("designations", "offers"). */
wvlv_status app_own_municipality(const wvlv_caller *caller, const char *municipality_code,
				 const char *what, const char *record, wvlv_error *err) WVLV_MUST_CHECK;

/* The designations' change counter in memory (counter.c): a watch thread
 * LISTENs on a connection of its own (gis: the OGC pool's options) and keeps
 * the newest value; NULL when out of memory. */
struct wvlv_app_counter *app_counter_start(const wvlv_db_options *gis);
void app_counter_stop(struct wvlv_app_counter *c);
/* The counter when memory may be trusted: true; else false and *epoch, the
 * moment a read from the database is learned under (app_counter_learned). */
bool app_counter_current(struct wvlv_app_counter *c, long long *counter, unsigned long *epoch);
void app_counter_learned(struct wvlv_app_counter *c, long long counter, unsigned long epoch);
/* This process committed a write: read the counter from the database until
 * it has been read again (its notification may still be on its way). */
void app_counter_forget(struct wvlv_app_counter *c);

#endif /* WVLV_APP_INTERNAL_H */
