/* ogc_cache.h — what makes a repeated /ogc/v1 pull cheap.
 *
 * 1. The designations change counter, known in memory.  Every write of
 *    designations or their periods bumps it and sends NOTIFY
 *    wvlv_designations_changed at commit (migrations 0005, 0006).  A watch
 *    thread LISTENs on its own connection and keeps the newest value; while it
 *    is connected, and this process has committed nothing since it last read
 *    the counter from the database, ogc_counter_current() answers without a
 *    query.  Otherwise the caller reads the counter in the database and
 *    reports it with ogc_counter_learned().  Several server processes sharing
 *    one database each get every notification.
 * 2. Response bodies by key (URL, CRS, day) and counter, shared read-only
 *    between threads and handed to MHD without copying (reference counted).
 *    A body made under an older counter is dropped when looked up.
 */
#ifndef WVLV_OGC_CACHE_H
#define WVLV_OGC_CACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "wvlv/db.h"

/* Start / stop the watch thread (it reconnects by itself when the database
 * goes away; without it every request reads the counter from the database),
 * and file bodies in up to cache_bytes (0: none). */
void ogc_cache_start(const wvlv_db_options *opts, size_t cache_bytes);
void ogc_cache_stop(void);

/* The counter when memory may be trusted; false (and *epoch to pass to
 * ogc_counter_learned) when the caller must read it from the database. */
bool ogc_counter_current(long long *counter, unsigned long *epoch);
/* A counter read from the database by a request that began at epoch. */
void ogc_counter_learned(long long counter, unsigned long epoch);
/* This process committed a write: read the counter from the database until
 * it has been read again (its notification may still be on its way). */
void ogc_counter_forget(void);

typedef struct ogc_body {
	const char *bytes;
	size_t      len;
	const char *content_type;
	long long   counter;
	char        etag[35];   /* "\"<32 hex>\"" */
} ogc_body;

/* The body filed under key made at counter or later, held; NULL when none. */
ogc_body *ogc_cache_get(const char *key, long long counter);
/* A held body made of bytes (ownership taken; they are freed with the body)
 * and filed under key when the cache is on and has room.  NULL when out of
 * memory (bytes are freed). */
ogc_body *ogc_body_make(const char *key, long long counter, char *bytes, size_t len,
			 const char *content_type, const char *etag);
/* Let go of a held body (safe from any thread; NULL is ignored). */
void ogc_body_release(ogc_body *b);

#endif /* WVLV_OGC_CACHE_H */
