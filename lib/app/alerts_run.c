/* alerts_run.c — what the files of the alert job share (alerts_run.h): when
 * to stop, how to name a ledger key, the system caller of a night. */
#include "alerts_run.h"

#include <stdio.h>
#include <unistd.h>

#include "wvlv/clock.h"
#include "wvlv/store_jobs.h"

bool alerts_reconnect(alerts_run *run)
{
	for (int i = 0; i < ALERTS_RECONNECT_S && wvlv_clock_ms_whole() < run->deadline_ms; i++) {
		wvlv_db *db = NULL;
		wvlv_error err;
		wvlv_error_clear(&err);
		bool got = false;
		if (app_connect(run->cfg, WVLV_SERVER_ROLE, true, &db, &err) == WVLV_OK) {
			wvlv_status st = wvlv_store_job_try_lock(db, "alerts", &got, &err);
			if (st == WVLV_OK && got) {
				wvlv_db_close(run->db);
				run->db = db;
				alerts_tell(run, "the database connection was lost; connected again "
						 "(to the primary of now) and going on");
				return true;
			}
			wvlv_db_close(db);
			if (st == WVLV_OK) {
				alerts_tell(run, "the database connection was lost, and another run "
						 "holds the job's lock now; stopping");
				return false;
			}
		}
		sleep(1);
	}
	return false;
}

bool alerts_must_stop(alerts_run *run, size_t left)
{
	if (!run->report->db_lost && wvlv_clock_ms_whole() <= run->deadline_ms)
		return false;
	run->report->out_of_time = !run->report->db_lost;
	run->report->not_processed += (int)left;
	return true;
}

void alerts_note_db_error(alerts_run *run, const wvlv_error *err)
{
	if (err->status != WVLV_EUNAVAIL || run->report->db_lost)
		return;
	run->report->db_lost = true;
	alerts_tell(run,
		    "the database became unavailable (%s); stopping: the rest is done on the next run",
		    err->detail);
}

void alerts_describe_key(const wvlv_ledger_key *key, char *buf, size_t size)
{
	char due[WVLV_DATE_STRLEN];
	snprintf(buf, size, "%s of %s (due %s, threshold %d)", key->kind, key->entity_id,
		 wvlv_date_format(key->due_date, due), key->threshold);
}

wvlv_caller alerts_system_caller(const alerts_run *run, const char *municipality_code)
{
	char day[WVLV_DATE_STRLEN], request_id[64];
	snprintf(request_id, sizeof(request_id), "wvlv alerts %s",
		 wvlv_date_format(run->o->today, day));
	return app_system_caller(municipality_code, request_id);
}
