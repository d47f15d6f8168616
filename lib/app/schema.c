/* schema.c — apply the embedded migrations (see app_schema.h). */
#include "wvlv/app_schema.h"

#include "job.h"
#include "wvlv/migrate.h"

wvlv_status wvlv_app_migrate(const wvlv_app_config *cfg, FILE *progress,
			     wvlv_app_migrate_report *out, wvlv_error *err)
{
	wvlv_db *db = NULL;
	const wvlv_migration *list = wvlv_migrations(&out->known);
	out->applied = 0;
	wvlv_status st = app_connect(cfg, NULL, false, &db, err);
	if (st == WVLV_OK)
		st = wvlv_migrate(db, list, out->known, progress, &out->applied, err);
	wvlv_db_close(db);
	return st;
}
