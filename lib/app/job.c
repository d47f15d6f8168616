/* job.c — the frame of the use cases that run on a connection of their own (see job.h). */
#include "job.h"

#include "wvlv/store_alerts.h"

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
		st = wvlv_store_transaction_read_only(db, err);
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
