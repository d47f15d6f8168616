/* jobs.c — the schema check and the advisory lock of the jobs (see store_jobs.h). */
#include "wvlv/store_jobs.h"

#include "db_internal.h"

#include <stdio.h>
#include <stdlib.h>

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

/* One row per job, replaced by each run (migration 0012). */
static const char SQL_RECORD[] =
	"INSERT INTO job_run (job, started_at, finished_at, succeeded, items, failures,"
	"                     last_success_at, runs)"
	" VALUES ($1, to_timestamp($2::double precision), clock_timestamp(), $3::boolean,"
	"         $4::bigint, $5::bigint, CASE WHEN $3::boolean THEN clock_timestamp() END, 1)"
	" ON CONFLICT (job) DO UPDATE SET started_at = EXCLUDED.started_at,"
	"   finished_at = EXCLUDED.finished_at, succeeded = EXCLUDED.succeeded,"
	"   items = EXCLUDED.items, failures = EXCLUDED.failures,"
	"   last_success_at = coalesce(EXCLUDED.last_success_at, job_run.last_success_at),"
	"   runs = job_run.runs + 1";

wvlv_status wvlv_store_job_record(wvlv_db *db, const wvlv_job_run *run, wvlv_error *err)
{
	char started[32], items[24], failures[24];
	snprintf(started, sizeof(started), "%.3f", run->started_at);
	snprintf(items, sizeof(items), "%lld", run->items);
	snprintf(failures, sizeof(failures), "%lld", run->failures);
	const char *params[] = { run->job, started, run->succeeded ? "true" : "false", items,
				 failures };
	return wvlv_db_exec(db, SQL_RECORD, 5, params, err);
}

/* Nothing (no rows) before migration 0012. */
static const char SQL_LAST_RUNS[] =
	"SELECT job, extract(epoch FROM started_at), extract(epoch FROM finished_at),"
	"       succeeded, items, failures, coalesce(extract(epoch FROM last_success_at), 0), runs"
	" FROM job_run ORDER BY job";

wvlv_status wvlv_store_job_last_runs(wvlv_db *db, wvlv_job_run *out, size_t max, size_t *n,
				     wvlv_error *err)
{
	*n = 0;
	bool exists = false;
	wvlv_status st = wvlv_db_bool(db, "SELECT to_regclass('job_run') IS NOT NULL", 0, NULL,
				      &exists, err);
	if (st != WVLV_OK || !exists)
		return st;
	PGresult *res = wvlv_db_query(db, SQL_LAST_RUNS, 0, NULL, PGRES_TUPLES_OK, err);
	if (!res)
		return err->status;
	for (int i = 0; i < PQntuples(res) && *n < max; i++) {
		wvlv_job_run *r = &out[(*n)++];
		snprintf(r->job, sizeof(r->job), "%s", PQgetvalue(res, i, 0));
		r->started_at = strtod(PQgetvalue(res, i, 1), NULL);
		r->finished_at = strtod(PQgetvalue(res, i, 2), NULL);
		r->succeeded = PQgetvalue(res, i, 3)[0] == 't';
		r->items = strtoll(PQgetvalue(res, i, 4), NULL, 10);
		r->failures = strtoll(PQgetvalue(res, i, 5), NULL, 10);
		r->last_success_at = strtod(PQgetvalue(res, i, 6), NULL);
		r->runs = strtoll(PQgetvalue(res, i, 7), NULL, 10);
	}
	PQclear(res);
	return WVLV_OK;
}
