/* jobs.c — the schema check and the advisory lock of the jobs (see store_jobs.h). */
#include "wvlv/store_jobs.h"

#include "db_internal.h"

/* Advisory locks of the jobs: class 'wvlv' (0x77766c76), object the job name. */
static const char SQL_TRY_LOCK[] = "SELECT pg_try_advisory_lock(2004249718, hashtext($1::text))";
static const char SQL_UNLOCK[] = "SELECT pg_advisory_unlock(2004249718, hashtext($1::text))";

static const char SQL_SCHEMA_READY[] = "SELECT to_regclass('alert_ledger') IS NOT NULL";

wvlv_status wvlv_store_job_schema_ready(wvlv_db *db, bool *ready, wvlv_error *err)
{
	return wvlv_db_bool(db, SQL_SCHEMA_READY, 0, NULL, ready, err);
}

wvlv_status wvlv_store_job_try_lock(wvlv_db *db, const char *name, bool *got, wvlv_error *err)
{
	const char *params[] = { name };
	return wvlv_db_bool(db, SQL_TRY_LOCK, 1, params, got, err);
}

void wvlv_store_job_unlock(wvlv_db *db, const char *name)
{
	wvlv_error ignored;
	wvlv_error_clear(&ignored);
	const char *params[] = { name };
	if (wvlv_db_exec(db, SQL_UNLOCK, 1, params, &ignored) != WVLV_OK)
		return; /* logged; the lock goes with the connection anyway */
}
