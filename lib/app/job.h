/* job.h — what the use cases that run on a connection of their own share
 * (private to lib/app/).
 *
 * A request of `wvlv serve` borrows a pooled connection; the commands of the
 * CLI (keys, migrate, seed-demo, purge, the alert job) are jobs: each opens
 * one connection for itself and closes it before it returns.
 */
#ifndef WVLV_APP_JOB_INTERNAL_H
#define WVLV_APP_JOB_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "wvlv/app.h"
#include "wvlv/app_job.h"
#include "wvlv/caller.h"
#include "wvlv/db.h"
#include "wvlv/status.h"

/* One connection to cfg's database under cfg's application name, switched to
 * `role` (NULL: stay the login user, e.g. the database owner);
 * with_timeout: cfg's statement timeout applies (else the server's default). */
wvlv_status app_connect(const wvlv_app_config *cfg, const char *role, bool with_timeout,
			wvlv_db **out, wvlv_error *err) WVLV_MUST_CHECK;

/* Open a transaction scoped to caller (row-level security sees what the
 * caller may); read_only: any write in it fails.  Nothing is left open when
 * it fails. */
wvlv_status app_begin(wvlv_db *db, const wvlv_caller *caller, bool read_only,
		      wvlv_error *err) WVLV_MUST_CHECK;

/* End the open transaction: commit it when st is WVLV_OK, else roll it back
 * and return st. */
wvlv_status app_end(wvlv_db *db, wvlv_status st, wvlv_error *err) WVLV_MUST_CHECK;

/* Start the nightly job `name` ("alerts", "purge"): connect as the server's
 * role with cfg's statement timeout, check migration 0004, take the job's
 * lock.  On failure *outcome says which step failed and nothing is left
 * open. */
wvlv_status app_job_start(const wvlv_app_config *cfg, const char *name, wvlv_db **db,
			  wvlv_app_job_outcome *outcome, wvlv_error *err) WVLV_MUST_CHECK;
/* Record the run of job `name` that started at started_at (seconds since the
 * epoch) and ends now (migration 0012; a failure is logged and otherwise
 * ignored: it never fails the job). */
void app_job_record(wvlv_db *db, const char *name, double started_at, bool succeeded,
		    long long items, long long failures);
/* Release the job's lock and close its connection. */
void app_job_finish(wvlv_db *db, const char *name);

/* The callers a job acts as: the system, as an admin of one municipality
 * (row-level security lets it write there only; request_id names the run in
 * the audit trail), and a national reader of every municipality. */
wvlv_caller app_system_caller(const char *municipality_code, const char *request_id);
wvlv_caller app_national_caller(const char *label);

/* Name a problem of a job the moment it happens: the formatted sentence goes
 * to tell(cls, sentence) (nowhere when tell is NULL).  Sentences are never cut:
 * the buffer holds a wvlv_error's detail with a few ids around it. */
void app_tell(void (*tell)(void *cls, const char *sentence), void *cls, const char *fmt, ...)
	WVLV_PRINTF(3, 4);

#endif /* WVLV_APP_JOB_INTERNAL_H */
