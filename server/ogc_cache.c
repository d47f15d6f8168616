/* ogc_cache.c — the response cache of /ogc/v1 (see ogc_cache.h). */
#include "ogc_cache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>


static size_t cache_limit; /* set by ogc_cache_start(); 0: nothing is filed */

void ogc_cache_start(size_t cache_bytes)
{
	cache_limit = cache_bytes;
}

/* ---- the bodies ----------------------------------------------------------------------- */

typedef struct centry {
	ogc_body       body;   /* first: an ogc_body * is a centry * */
	struct centry *next;
	char          *key;
	atomic_int     refs;   /* holders, +1 while filed */
} centry;

#define CACHE_BUCKETS 1024
static pthread_mutex_t cache_mu = PTHREAD_MUTEX_INITIALIZER;
static centry *cache_table[CACHE_BUCKETS];
static size_t cache_bytes;
static size_t cache_entries;
static atomic_long cache_hits, cache_misses;
static unsigned cache_hash(const char *s)
{
	unsigned h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h % CACHE_BUCKETS;
}

void ogc_body_release(ogc_body *b)
{
	centry *e = (centry *)b;
	if (!e || atomic_fetch_sub(&e->refs, 1) != 1)
		return;
	free(e->key);
	free((void *)(uintptr_t)e->body.bytes); /* owned: ogc_body_make took it */
	free(e);
}

static void cache_unlink(centry **at) /* under cache_mu */
{
	centry *e = *at;
	*at = e->next;
	cache_bytes -= e->body.len + strlen(e->key);
	cache_entries--;
	ogc_body_release(&e->body);
}

ogc_body *ogc_cache_get(const char *key, long long counter)
{
	if (cache_limit == 0)
		return NULL;
	pthread_mutex_lock(&cache_mu);
	centry *hit = NULL;
	for (centry **at = &cache_table[cache_hash(key)]; *at; at = &(*at)->next) {
		if (strcmp((*at)->key, key) == 0) {
			if ((*at)->body.counter >= counter) {
				hit = *at;
				atomic_fetch_add(&hit->refs, 1);
			} else {
				cache_unlink(at); /* made before the data changed */
			}
			break;
		}
	}
	pthread_mutex_unlock(&cache_mu);
	atomic_fetch_add(hit ? &cache_hits : &cache_misses, 1);
	return hit ? &hit->body : NULL;
}

/* Bodies above a quarter of the budget are not filed; when the budget would be
 * exceeded, everything filed is dropped. */
static void cache_file(centry *e)
{
	size_t max = cache_limit, size = e->body.len + strlen(e->key);
	if (max == 0 || size > max / 4)
		return;
	atomic_fetch_add(&e->refs, 1);
	pthread_mutex_lock(&cache_mu);
	unsigned h = cache_hash(e->key);
	for (centry **at = &cache_table[h]; *at; at = &(*at)->next)
		if (strcmp((*at)->key, e->key) == 0) {
			cache_unlink(at);
			break;
		}
	if (cache_bytes + size > max)
		for (unsigned i = 0; i < CACHE_BUCKETS; i++)
			while (cache_table[i])
				cache_unlink(&cache_table[i]);
	e->next = cache_table[h];
	cache_table[h] = e;
	cache_bytes += size;
	cache_entries++;
	pthread_mutex_unlock(&cache_mu);
}

ogc_body *ogc_body_make(const char *key, long long counter, char *bytes, size_t len,
			const char *content_type, const char *etag)
{
	centry *e = calloc(1, sizeof(*e));
	char *k = strdup(key);
	if (!e || !k || strlen(etag) >= sizeof(e->body.etag)) {
		free(e);
		free(k);
		free(bytes);
		return NULL;
	}
	e->key = k;
	e->body = (ogc_body){ .bytes = bytes, .len = len, .content_type = content_type,
			      .counter = counter };
	strcpy(e->body.etag, etag);
	atomic_init(&e->refs, 1);
	cache_file(e);
	return &e->body;
}

void ogc_cache_stats(ogc_cache_counts *out)
{
	pthread_mutex_lock(&cache_mu);
	*out = (ogc_cache_counts){ .hits = atomic_load(&cache_hits),
				   .misses = atomic_load(&cache_misses), .bytes = cache_bytes,
				   .entries = cache_entries, .limit = cache_limit };
	pthread_mutex_unlock(&cache_mu);
}
