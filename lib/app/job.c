/* job.c — the frame of the use cases that run on a connection of their own (see job.h). */
#include "job.h"

#include <stdarg.h>
#include <stdio.h>

#include "wvlv/store_jobs.h"

/* Long enough for any sentence app_tell is given (see job.h). */
#define APP_SENTENCE_MAX 2048

wvlv_status app_connect(const wvlv_app_config *cfg, const char *role, bool with_timeout,
			wvlv_db **out, wvlv_error *err)
{
	wvlv_db_options o = { .conninfo = cfg->database_url, .set_role = role,
			      .statement_timeout_ms = with_timeout ? cfg->statement_timeout_ms : 0,
			      .application_name = cfg->application_name };
	return wvlv_db_connect(&o, out, err);
}

wvlv_status app_begin(wvlv_db *db, const wvlv_caller *caller, bool read_only, wvlv_error *err)
{
	wvlv_status st = wvlv_db_begin(db, err);
	if (st != WVLV_OK)
		return st;
	if (read_only)
		st = wvlv_db_read_only(db, err);
	if (st == WVLV_OK)
		st = wvlv_db_set_caller(db, caller, err);
	if (st != WVLV_OK)
		wvlv_db_rollback(db);
	return st;
}

wvlv_status app_end(wvlv_db *db, wvlv_status st, wvlv_error *err)
{
	if (st == WVLV_OK)
		return wvlv_db_commit(db, err);
	wvlv_db_rollback(db);
	return st;
}

wvlv_status app_job_start(const wvlv_app_config *cfg, const char *name, wvlv_db **db,
			  wvlv_app_job_outcome *outcome, wvlv_error *err)
{
	bool ready = false, locked = false;
	*db = NULL;
	*outcome = WVLV_APP_JOB_UNREACHABLE;
	wvlv_status st = app_connect(cfg, WVLV_SERVER_ROLE, true, db, err);
	if (st == WVLV_OK) {
		*outcome = WVLV_APP_JOB_CHECK_FAILED;
		st = wvlv_store_job_schema_ready(*db, &ready, err);
	}
	if (st == WVLV_OK && ready)
		st = wvlv_store_job_try_lock(*db, name, &locked, err);
	if (st == WVLV_OK && !ready) {
		*outcome = WVLV_APP_JOB_NOT_MIGRATED;
		st = wvlv_error_set(err, WVLV_ECONFLICT, "not-migrated",
				    "the database has no alert ledger (migration 0004) yet");
	} else if (st == WVLV_OK && !locked) {
		*outcome = WVLV_APP_JOB_BUSY;
		st = wvlv_error_set(err, WVLV_ECONFLICT, "job-running",
				    "another run of the %s job holds its lock", name);
	}
	if (st == WVLV_OK)
		*outcome = WVLV_APP_JOB_RAN;
	else {
		wvlv_db_close(*db);
		*db = NULL;
	}
	return st;
}

void app_job_record(wvlv_db *db, const char *name, double started_at, bool succeeded,
		    long long items, long long failures)
{
	wvlv_job_run run = { .started_at = started_at, .succeeded = succeeded, .items = items,
			     .failures = failures };
	snprintf(run.job, sizeof(run.job), "%s", name);
	wvlv_error ignored;
	wvlv_error_clear(&ignored);
	if (wvlv_store_job_record(db, &run, &ignored) != WVLV_OK)
		return; /* logged by the store; before migration 0012 there is no table */
}

void app_job_finish(wvlv_db *db, const char *name)
{
	wvlv_store_job_unlock(db, name);
	wvlv_db_close(db);
}

wvlv_caller app_system_caller(const char *municipality_code, const char *request_id)
{
	wvlv_caller c = { .role = WVLV_ROLE_ADMIN };
	snprintf(c.municipality_code, sizeof(c.municipality_code), "%s", municipality_code);
	snprintf(c.label, sizeof(c.label), "system");
	snprintf(c.request_id, sizeof(c.request_id), "%s", request_id);
	return c;
}

wvlv_caller app_national_caller(const char *label)
{
	wvlv_caller c = { .national = true, .role = WVLV_ROLE_READER };
	snprintf(c.label, sizeof(c.label), "%s", label);
	return c;
}

void app_tell(void (*tell)(void *cls, const char *sentence), void *cls, const char *fmt, ...)
{
	if (!tell)
		return;
	char sentence[APP_SENTENCE_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(sentence, sizeof(sentence), fmt, ap);
	va_end(ap);
	tell(cls, sentence);
}

