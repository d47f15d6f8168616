/* store_jobs.h — what the jobs that run on a connection of their own (the
 * nightly alert run, the purge) need of the database before they start: the
 * schema they work on, and a lock that keeps two runs of one job apart.
 *
 * Both run outside any transaction, on the job's own connection.
 */
#ifndef WVLV_STORE_JOBS_H
#define WVLV_STORE_JOBS_H

#include <stdbool.h>
#include <stddef.h>
#include "wvlv/db.h"
#include "wvlv/status.h"

/* Is migration 0004 applied (the alert ledger table exists)? */
wvlv_status wvlv_store_job_schema_ready(wvlv_db *db, bool *ready,
					wvlv_error *err) WVLV_MUST_CHECK;

/* A session-level advisory lock that keeps two runs of a job (`name`:
 * "alerts" or "purge") from overlapping.  *got is false when another run
 * holds it.  Released by wvlv_store_job_unlock or when the connection closes. */
wvlv_status wvlv_store_job_try_lock(wvlv_db *db, const char *name, bool *got,
				    wvlv_error *err) WVLV_MUST_CHECK;
void        wvlv_store_job_unlock(wvlv_db *db, const char *name);

/* The last run of a job (migration 0012's job_run); times in seconds since
 * the epoch. */
typedef struct wvlv_job_run {
	char      job[16];          /* "alerts", "purge" */
	double    started_at;
	double    finished_at;      /* read only: the database's clock at the record */
	bool      succeeded;        /* ran to its end without a failure */
	long long items;            /* alerts reported; offers purged */
	long long failures;
	double    last_success_at;  /* read only; 0: never */
	long long runs;             /* read only: runs recorded */
} wvlv_job_run;

/* Record the run that ends now (outside any transaction). */
wvlv_status wvlv_store_job_record(wvlv_db *db, const wvlv_job_run *run,
				  wvlv_error *err) WVLV_MUST_CHECK;
/* The last run of each job that has run, by name, at most max; none before
 * migration 0012. */
wvlv_status wvlv_store_job_last_runs(wvlv_db *db, wvlv_job_run *out, size_t max, size_t *n,
				     wvlv_error *err) WVLV_MUST_CHECK;

#endif /* WVLV_STORE_JOBS_H */
