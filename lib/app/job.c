/* job.c — the frame of the use cases that run on a connection of their own (see job.h). */
#include "job.h"

wvlv_status app_connect(const wvlv_app_config *cfg, const char *role, bool with_timeout,
			wvlv_db **out, wvlv_error *err)
{
	wvlv_db_options o = { .conninfo = cfg->database_url, .set_role = role,
			      .statement_timeout_ms = with_timeout ? cfg->statement_timeout_ms : 0,
			      .application_name = cfg->application_name };
	return wvlv_db_connect(&o, out, err);
}
