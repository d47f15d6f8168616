/* schema.c — apply the embedded migrations, make the login role (see app_schema.h). */
#include "wvlv/app_schema.h"

#include <string.h>

#include "job.h"
#include "wvlv/migrate.h"
#include "wvlv/store_roles.h"

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

/* 1–63 of [a-z0-9_], not starting with a digit, not pg_ (reserved): a name
 * that needs no quoting in a connection URL or an env file. */
static bool login_role_name_ok(const char *name)
{
	size_t n = strlen(name);
	if (n == 0 || n > 63 || (name[0] >= '0' && name[0] <= '9') || strncmp(name, "pg_", 3) == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9') ||
		      name[i] == '_'))
			return false;
	return true;
}

wvlv_status wvlv_app_login_role(const wvlv_app_config *cfg, const char *name,
				const char *password, bool *created, wvlv_error *err)
{
	*created = false;
	if (!login_role_name_ok(name))
		return wvlv_error_set(err, WVLV_EINVAL, "bad-login-role",
				      "login role \"%.64s\" is not 1 to 63 of a-z, 0-9 and _ starting "
				      "with a letter or _ (and not pg_)",
				      name);
	wvlv_db *db = NULL;
	wvlv_status st = app_connect(cfg, NULL, false, &db, err);
	if (st == WVLV_OK)
		st = wvlv_store_login_role_ensure(db, name, password, created, err);
	wvlv_db_close(db);
	return st;
}
