/* app_metrics.h — what `wvlv serve` shows on /metrics from below the server:
 * its database pools, and the last run of the nightly jobs (which run as
 * processes of their own and record each run in the database, migration
 * 0012).
 */
#ifndef WVLV_APP_METRICS_H
#define WVLV_APP_METRICS_H

#include <stdbool.h>
#include <stddef.h>

#include "wvlv/app.h"
#include "wvlv/status.h"

typedef struct wvlv_app_pool_counts {
	int  size;       /* connections it may hold (WVLV_THREADS) */
	int  in_use;     /* checked out now */
	int  open;       /* connected now (idle or in use) */
	long waits;      /* checkouts since the start that found no free connection */
	long timeouts;   /* of those, the ones that got none within WVLV_POOL_WAIT_MS */
	long round_trips; /* to PostgreSQL, by connections given back */
} wvlv_app_pool_counts;

/* The API pool (gis false) or the OGC API's pool (gis true). */
void wvlv_app_pool_counts_of(wvlv_app *app, bool gis, wvlv_app_pool_counts *out);

typedef struct wvlv_app_job_run {
	char      job[16];          /* "alerts", "purge" */
	double    started_at;       /* seconds since the epoch */
	double    finished_at;
	bool      succeeded;        /* ran to its end without a failure */
	long long items;            /* alerts reported; offers purged */
	long long failures;         /* alert errors and failed webhook deliveries;
				       municipalities rolled back */
	double    last_success_at;  /* 0: never */
	long long runs;             /* runs recorded */
} wvlv_app_job_run;

#define WVLV_APP_JOBS 2

/* The last recorded run of each job that has run (*n of them, by name),
 * read through the API pool waiting at most wait_ms for a connection; none
 * before migration 0012. */
wvlv_status wvlv_app_job_runs(wvlv_app *app, int wait_ms, wvlv_app_job_run out[WVLV_APP_JOBS],
			      size_t *n, wvlv_error *err) WVLV_MUST_CHECK;

#endif /* WVLV_APP_METRICS_H */
