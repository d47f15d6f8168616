/* job.h — what the use cases that run on a connection of their own share
 * (private to lib/app/).
 *
 * A request of `wvlv serve` borrows a pooled connection; the commands of the
 * CLI (keys, migrate, seed-demo, purge, the alert job) are jobs: each opens
 * one connection for itself and closes it before it returns.
 */
#ifndef WVLV_APP_JOB_H
#define WVLV_APP_JOB_H

#include <stdbool.h>

#include "wvlv/app.h"
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

#endif /* WVLV_APP_JOB_H */
