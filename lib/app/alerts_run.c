/* alerts_run.c — what the files of the alert job share (alerts_run.h): when
 * to stop, how to name a ledger key, the system caller of a night. */
#include "alerts_run.h"

#include <stdio.h>

#include "wvlv/clock.h"

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
