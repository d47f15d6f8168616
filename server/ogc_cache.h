/* ogc_cache.h — response bodies of /ogc/v1 kept in memory.
 *
 * Bodies by key (URL, CRS, day) and the designations' change counter they were
 * made under (wvlv/app_features.h), shared read-only between threads and
 * handed to MHD without copying (reference counted).  A body made under an
 * older counter is dropped when looked up.
 */
#ifndef WVLV_OGC_CACHE_H
#define WVLV_OGC_CACHE_H

#include <stdbool.h>
#include <stddef.h>

/* File bodies in up to cache_bytes (0: none). */
void ogc_cache_start(size_t cache_bytes);

typedef struct ogc_body {
	const char *bytes;
	size_t      len;
	const char *content_type;
	long long   counter;
	char        etag[56];   /* "\"<counter>-<32 hex>\"": at most 2 + 19 + 1 + 32 */
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

/* Since the start: lookups answered from the cache and not (while it is on);
 * now: the bytes and entries filed, and the budget (for /metrics). */
typedef struct ogc_cache_counts {
	long   hits, misses;
	size_t bytes, entries, limit;
} ogc_cache_counts;
void ogc_cache_stats(ogc_cache_counts *out);

#endif /* WVLV_OGC_CACHE_H */
