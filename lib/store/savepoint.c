/* savepoint.c — savepoints inside the open transaction (db.h). */
#include <stdio.h>

#include "db_internal.h"

static wvlv_status savepoint_exec(wvlv_db *db, const char *verb, const char *name,
				  wvlv_error *err)
{
	char sql[128];
	int n = snprintf(sql, sizeof(sql), "%s %s", verb, name);
	if (n < 0 || (size_t)n >= sizeof(sql))
		return wvlv_db_internal(err, "savepoint name too long");
	return wvlv_db_exec(db, sql, 0, NULL, err);
}

wvlv_status wvlv_db_savepoint(wvlv_db *db, const char *name, wvlv_error *err)
{
	return savepoint_exec(db, "SAVEPOINT", name, err);
}

wvlv_status wvlv_db_rollback_to(wvlv_db *db, const char *name, wvlv_error *err)
{
	return savepoint_exec(db, "ROLLBACK TO SAVEPOINT", name, err);
}

wvlv_status wvlv_db_release(wvlv_db *db, const char *name, wvlv_error *err)
{
	return savepoint_exec(db, "RELEASE SAVEPOINT", name, err);
}
