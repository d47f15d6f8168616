/* features.c — OGC API – Features reads and the designations' change counter
 * kept in memory (see app_features.h).
 *
 * known only grows.  trusted: memory is current (the watch is live and no
 * local commit happened since the counter was last read).  epoch counts local
 * commits and watch reconnects; a database read that began in an older epoch
 * may not restore trust.
 */
#include "app_internal.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#include "wvlv/app_features.h"
#include "wvlv/log.h"
#include "wvlv/store_ogc.h"

#define WATCH_TICK_MS 100       /* how often the thread looks at `stop` */
#define WATCH_RECHECK_MS 2000   /* how often it reads the counter besides the notifications */
#define WATCH_RETRY_MAX_MS 5000 /* back-off ceiling while the database is away */

struct wvlv_app_counter {
	pthread_mutex_t mu;
	atomic_llong    known;
	atomic_bool     trusted;
	atomic_bool     live;       /* the watch is listening */
	unsigned long   epoch;      /* under mu */
	pthread_t       thread;
	bool            started;
	atomic_bool     stop;
	wvlv_db_options opts;
};

static void known_raise(struct wvlv_app_counter *c, long long v)
{
	long long cur = atomic_load(&c->known);
	while (v > cur && !atomic_compare_exchange_weak(&c->known, &cur, v))
		;
}

/* Memory when it may be trusted (true); else the epoch to learn under. */
static bool counter_current(struct wvlv_app_counter *c, long long *counter, unsigned long *epoch)
{
	if (atomic_load(&c->live) && atomic_load(&c->trusted)) {
		*counter = atomic_load(&c->known);
		return true;
	}
	pthread_mutex_lock(&c->mu);
	*epoch = c->epoch;
	pthread_mutex_unlock(&c->mu);
	return false;
}

/* A counter read from the database by a request that began at epoch. */
static void counter_learned(struct wvlv_app_counter *c, long long counter, unsigned long epoch)
{
	pthread_mutex_lock(&c->mu);
	known_raise(c, counter);
	if (epoch == c->epoch && atomic_load(&c->live))
		atomic_store(&c->trusted, true);
	pthread_mutex_unlock(&c->mu);
}

void app_counter_forget(wvlv_app *app)
{
	struct wvlv_app_counter *c = app->counter;
	pthread_mutex_lock(&c->mu);
	c->epoch++;
	atomic_store(&c->trusted, false);
	pthread_mutex_unlock(&c->mu);
}

/* Live or not: a change of state starts a new epoch. */
static void counter_set_live(struct wvlv_app_counter *c, bool live, long long counter)
{
	pthread_mutex_lock(&c->mu);
	known_raise(c, counter);
	c->epoch++;
	atomic_store(&c->live, live);
	if (!live)
		atomic_store(&c->trusted, false);
	pthread_mutex_unlock(&c->mu);
}

static void watch_sleep(struct wvlv_app_counter *c, int ms)
{
	for (int slept = 0; slept < ms && !atomic_load(&c->stop); slept += 50)
		usleep(50 * 1000);
}

/* Listen until the connection is lost or the watch is stopped. */
static void watch_listen(struct wvlv_app_counter *c, wvlv_ogc_watch *w, wvlv_error *err)
{
	for (int idle_ms = 0; !atomic_load(&c->stop); idle_ms += WATCH_TICK_MS) {
		long long now = atomic_load(&c->known);
		if (wvlv_ogc_watch_wait(w, WATCH_TICK_MS, &now, err) != WVLV_OK)
			return;
		if (idle_ms >= WATCH_RECHECK_MS) {
			idle_ms = 0;
			if (wvlv_ogc_watch_recheck(w, &now, err) != WVLV_OK)
				return;
		}
		known_raise(c, now);
	}
}

static void *watch_main(void *arg)
{
	struct wvlv_app_counter *c = arg;
	int retry_ms = 100;
	while (!atomic_load(&c->stop)) {
		wvlv_error err;
		wvlv_error_clear(&err);
		wvlv_ogc_watch *w = NULL;
		long long now = 0;
		if (wvlv_ogc_watch_open(&c->opts, &w, &now, &err) != WVLV_OK) {
			watch_sleep(c, retry_ms);
			retry_ms = retry_ms * 2 > WATCH_RETRY_MAX_MS ? WATCH_RETRY_MAX_MS : retry_ms * 2;
			continue;
		}
		retry_ms = 100;
		counter_set_live(c, true, now); /* what was missed while away is in now */
		log_info("ogc: listening for designation changes (counter %lld)", now);
		watch_listen(c, w, &err);
		counter_set_live(c, false, 0);
		wvlv_ogc_watch_close(w);
		if (!atomic_load(&c->stop))
			log_warn("ogc: lost the change notifications (%s); reading the counter per "
				 "request until reconnected", err.detail);
	}
	return NULL;
}

wvlv_status app_counter_start(wvlv_app *app)
{
	struct wvlv_app_counter *c = calloc(1, sizeof(*c));
	if (!c)
		return WVLV_ENOMEM;
	pthread_mutex_init(&c->mu, NULL);
	c->opts = app->gis_opts;
	c->opts.application_name = "wvlv serve (ogc watch)";
	app->counter = c;
	c->started = pthread_create(&c->thread, NULL, watch_main, c) == 0;
	if (!c->started)
		log_warn("ogc: no watch thread; reading the counter per request");
	return WVLV_OK;
}

void app_counter_stop(wvlv_app *app)
{
	struct wvlv_app_counter *c = app->counter;
	if (!c)
		return;
	if (c->started) {
		atomic_store(&c->stop, true);
		pthread_join(c->thread, NULL);
	}
	pthread_mutex_destroy(&c->mu);
	free(c);
	app->counter = NULL;
}

/* ---- the use cases --------------------------------------------------------------------- */

wvlv_status wvlv_app_features_counter(wvlv_request *r, long long *counter, wvlv_error *err)
{
	unsigned long epoch = 0;
	if (counter_current(r->app->counter, counter, &epoch))
		return WVLV_OK;
	/* the connection stays with the request for the page that may follow */
	wvlv_status st = r->db ? WVLV_OK : app_gis_acquire(r, err);
	if (st == WVLV_OK)
		st = wvlv_ogc_change_counter(r->db, counter, err);
	if (st == WVLV_OK)
		counter_learned(r->app->counter, *counter, epoch);
	return st;
}

/* The OGC connection of the request, taken when it has none yet. */
static wvlv_status gis_connection(wvlv_request *r, wvlv_error *err)
{
	return r->db ? WVLV_OK : app_gis_acquire(r, err);
}

wvlv_status wvlv_app_features_extent(wvlv_request *r, wvlv_ogc_extent *out, wvlv_error *err)
{
	wvlv_status st = gis_connection(r, err);
	if (st == WVLV_OK)
		st = wvlv_ogc_extent_get(r->db, r->arena, out, err);
	wvlv_request_end(r);
	return st;
}

wvlv_status wvlv_app_features_page(wvlv_request *r, const wvlv_ogc_filter *f, wvlv_crs crs,
				   wvlv_ogc_feature **out, size_t *n, long *matched,
				   long long *counter, wvlv_error *err)
{
	wvlv_status st = gis_connection(r, err);
	if (st == WVLV_OK)
		st = wvlv_ogc_features(r->db, r->arena, f, crs, out, n, matched, counter, err);
	wvlv_request_end(r);
	return st;
}

wvlv_status wvlv_app_feature_get(wvlv_request *r, const char *id, const char *today,
				 wvlv_crs crs, wvlv_ogc_feature *out, long long *counter,
				 wvlv_error *err)
{
	wvlv_status st = gis_connection(r, err);
	if (st == WVLV_OK)
		st = wvlv_ogc_feature_get(r->db, r->arena, id, today, crs, out, counter, err);
	wvlv_request_end(r);
	return st;
}
