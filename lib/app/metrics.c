/* metrics.c — the pools and the nightly jobs' last runs, for /metrics (see
 * app_metrics.h). */
#include "wvlv/app_metrics.h"

#include <string.h>

#include "app_internal.h"
#include "wvlv/store_jobs.h"

void wvlv_app_pool_counts_of(wvlv_app *app, bool gis, wvlv_app_pool_counts *out)
{
	wvlv_db_pool_counts c;
	wvlv_db_pool_stats(gis ? app->gis_pool : app->pool, &c);
	*out = (wvlv_app_pool_counts){ .size = c.size, .in_use = c.in_use, .open = c.open,
				       .waits = c.waits, .timeouts = c.timeouts,
				       .round_trips = c.round_trips };
}

wvlv_status wvlv_app_job_runs(wvlv_app *app, int wait_ms, wvlv_app_job_run out[WVLV_APP_JOBS],
			      size_t *n, wvlv_error *err)
{
	*n = 0;
	wvlv_db *db;
	wvlv_status st = wvlv_db_pool_acquire(app->pool, wait_ms, &db, err);
	if (st != WVLV_OK)
		return st;
	wvlv_job_run runs[WVLV_APP_JOBS];
	st = wvlv_store_job_last_runs(db, runs, WVLV_APP_JOBS, n, err);
	wvlv_db_pool_release(app->pool, db);
	for (size_t i = 0; st == WVLV_OK && i < *n; i++) {
		const wvlv_job_run *r = &runs[i];
		out[i] = (wvlv_app_job_run){ .started_at = r->started_at,
					     .finished_at = r->finished_at,
					     .succeeded = r->succeeded, .items = r->items,
					     .failures = r->failures,
					     .last_success_at = r->last_success_at, .runs = r->runs };
		memcpy(out[i].job, r->job, sizeof(out[i].job));
	}
	return st;
}
