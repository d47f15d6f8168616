/* counter.c — the designations' change counter kept in memory, for the OGC
 * API – Features reads (app_features.h, features.c).
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

bool app_counter_current(struct wvlv_app_counter *c, long long *counter, unsigned long *epoch)
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

void app_counter_learned(struct wvlv_app_counter *c, long long counter, unsigned long epoch)
{
	pthread_mutex_lock(&c->mu);
	known_raise(c, counter);
	if (epoch == c->epoch && atomic_load(&c->live))
		atomic_store(&c->trusted, true);
	pthread_mutex_unlock(&c->mu);
}

void app_counter_forget(struct wvlv_app_counter *c)
{
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
static void watch_listen(struct wvlv_app_counter *c, wvlv_store_ogc_watch *w, wvlv_error *err)
{
	for (int idle_ms = 0; !atomic_load(&c->stop); idle_ms += WATCH_TICK_MS) {
		long long now = atomic_load(&c->known);
		if (wvlv_store_ogc_watch_wait(w, WATCH_TICK_MS, &now, err) != WVLV_OK)
			return;
		if (idle_ms >= WATCH_RECHECK_MS) {
			idle_ms = 0;
			if (wvlv_store_ogc_watch_recheck(w, &now, err) != WVLV_OK)
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
		wvlv_store_ogc_watch *w = NULL;
		long long now = 0;
		if (wvlv_store_ogc_watch_open(&c->opts, &w, &now, &err) != WVLV_OK) {
			watch_sleep(c, retry_ms);
			retry_ms = retry_ms * 2 > WATCH_RETRY_MAX_MS ? WATCH_RETRY_MAX_MS : retry_ms * 2;
			continue;
		}
		retry_ms = 100;
		counter_set_live(c, true, now); /* what was missed while away is in now */
		if (wvlv_store_ogc_watch_polling(w))
			log_info("ogc: on a standby: reading the designations' change counter every "
				 "%d ms (counter %lld)", WATCH_TICK_MS, now);
		else
			log_info("ogc: listening for designation changes (counter %lld)", now);
		watch_listen(c, w, &err);
		counter_set_live(c, false, 0);
		wvlv_store_ogc_watch_close(w);
		if (!atomic_load(&c->stop))
			log_warn("ogc: lost the change notifications (%s); reading the counter per "
				 "request until reconnected", err.detail);
	}
	return NULL;
}

struct wvlv_app_counter *app_counter_start(const wvlv_db_options *gis)
{
	struct wvlv_app_counter *c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	pthread_mutex_init(&c->mu, NULL);
	c->opts = *gis;
	c->opts.application_name = "wvlv serve (ogc watch)";
	c->started = pthread_create(&c->thread, NULL, watch_main, c) == 0;
	if (!c->started)
		log_warn("ogc: no watch thread; reading the counter per request");
	return c;
}

void app_counter_stop(struct wvlv_app_counter *c)
{
	if (!c)
		return;
	if (c->started) {
		atomic_store(&c->stop, true);
		pthread_join(c->thread, NULL);
	}
	pthread_mutex_destroy(&c->mu);
	free(c);
}
