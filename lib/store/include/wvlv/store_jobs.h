/* store_jobs.h — what the jobs that run on a connection of their own (the
 * nightly alert run, the purge) need of the database before they start: the
 * schema they work on, and a lock that keeps two runs of one job apart.
 *
 * Both run outside any transaction, on the job's own connection.
 */
#ifndef WVLV_STORE_JOBS_H
#define WVLV_STORE_JOBS_H

#include <stdbool.h>
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

#endif /* WVLV_STORE_JOBS_H */
