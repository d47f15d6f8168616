/* ogc_cache.c — the change counter in memory and the response cache (see ogc_cache.h). */
#include "ogc_cache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wvlv/log.h"
#include "wvlv/store_ogc.h"

static size_t cache_limit; /* set by ogc_cache_start(); 0: nothing is filed */

/* ---- the counter ------------------------------------------------------------------ */

/* known only grows.  trusted: memory is current (the watch is live and no
 * local commit happened since the counter was last read).  epoch counts local
 * commits and watch reconnects; a database read that began in an older epoch
 * may not restore trust. */
static pthread_mutex_t counter_mu = PTHREAD_MUTEX_INITIALIZER;
static atomic_llong known;
static atomic_bool trusted;
static atomic_bool watch_live;
static unsigned long epoch; /* under counter_mu */

static void known_raise(long long c)
{
	long long cur = atomic_load(&known);
	while (c > cur && !atomic_compare_exchange_weak(&known, &cur, c))
		;
}

bool ogc_counter_current(long long *counter, unsigned long *ep)
{
	if (atomic_load(&watch_live) && atomic_load(&trusted)) {
		*counter = atomic_load(&known);
		return true;
	}
	pthread_mutex_lock(&counter_mu);
	*ep = epoch;
	pthread_mutex_unlock(&counter_mu);
	return false;
}

void ogc_counter_learned(long long counter, unsigned long ep)
{
	pthread_mutex_lock(&counter_mu);
	known_raise(counter);
	if (ep == epoch && atomic_load(&watch_live))
		atomic_store(&trusted, true);
	pthread_mutex_unlock(&counter_mu);
}

void ogc_counter_forget(void)
{
	pthread_mutex_lock(&counter_mu);
	epoch++;
	atomic_store(&trusted, false);
	pthread_mutex_unlock(&counter_mu);
}

/* ---- the watch thread --------------------------------------------------------------- */

#define WATCH_TICK_MS 100       /* how often the thread looks at watch_stop */
#define WATCH_RECHECK_MS 2000   /* how often it reads the counter besides the notifications */
#define WATCH_RETRY_MAX_MS 5000 /* back-off ceiling while the database is away */

static pthread_t watch_thread;
static bool watch_started;
static atomic_bool watch_stop;
static wvlv_db_options watch_opts;

static void watch_sleep(int ms)
{
	for (int slept = 0; slept < ms && !atomic_load(&watch_stop); slept += 50)
		usleep(50 * 1000);
}

static void *watch_main(void *arg)
{
	(void)arg;
	int retry_ms = 100;
	while (!atomic_load(&watch_stop)) {
		wvlv_error err;
		wvlv_error_clear(&err);
		wvlv_ogc_watch *w = NULL;
		long long c = 0;
		if (wvlv_ogc_watch_open(&watch_opts, &w, &c, &err) != WVLV_OK) {
			watch_sleep(retry_ms);
			retry_ms = retry_ms * 2 > WATCH_RETRY_MAX_MS ? WATCH_RETRY_MAX_MS : retry_ms * 2;
			continue;
		}
		retry_ms = 100;
		/* Listening again: what was missed while away is in c. */
		pthread_mutex_lock(&counter_mu);
		known_raise(c);
		epoch++;
		atomic_store(&watch_live, true);
		pthread_mutex_unlock(&counter_mu);
		log_info("ogc: listening for designation changes (counter %lld)", c);
		for (int idle_ms = 0; !atomic_load(&watch_stop); idle_ms += WATCH_TICK_MS) {
			long long now = atomic_load(&known);
			if (wvlv_ogc_watch_wait(w, WATCH_TICK_MS, &now, &err) != WVLV_OK)
				break;
			if (idle_ms >= WATCH_RECHECK_MS) {
				idle_ms = 0;
				if (wvlv_ogc_watch_recheck(w, &now, &err) != WVLV_OK)
					break;
			}
			known_raise(now);
		}
		pthread_mutex_lock(&counter_mu);
		atomic_store(&watch_live, false);
		atomic_store(&trusted, false);
		epoch++;
		pthread_mutex_unlock(&counter_mu);
		wvlv_ogc_watch_close(w);
		if (!atomic_load(&watch_stop))
			log_warn("ogc: lost the change notifications (%s); reading the counter per "
				 "request until reconnected", err.detail);
	}
	return NULL;
}

void ogc_cache_start(const wvlv_db_options *opts, size_t cache_bytes)
{
	cache_limit = cache_bytes;
	watch_opts = *opts;
	watch_opts.application_name = "wvlv serve (ogc watch)";
	atomic_store(&watch_stop, false);
	watch_started = pthread_create(&watch_thread, NULL, watch_main, NULL) == 0;
	if (!watch_started)
		log_warn("ogc: no watch thread; reading the counter per request");
}

void ogc_cache_stop(void)
{
	if (!watch_started)
		return;
	atomic_store(&watch_stop, true);
	pthread_join(watch_thread, NULL);
	watch_started = false;
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
