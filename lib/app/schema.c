/* schema.c — apply the embedded migrations, make the login role, and compare
 * a database's schema with the migrations (see app_schema.h); /readyz's
 * verdict (app.h). */
#include "wvlv/app_schema.h"

#include <stdio.h>
#include <string.h>

#include "app_internal.h"
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

/* ---- the schema version ------------------------------------------------------ */

/* The verdict on what the store read. */
static void schema_judge(const wvlv_schema_state *s, wvlv_app_schema *out)
{
	out->version = s->version;
	out->expected = s->expected;
	if (!s->readable)
		out->verdict = WVLV_APP_SCHEMA_UNREADABLE;
	else if (s->version == 0)
		out->verdict = WVLV_APP_SCHEMA_NONE;
	else if (s->version > s->expected)
		out->verdict = WVLV_APP_SCHEMA_NEWER;
	else if (s->version < s->expected || s->pending > 0)
		out->verdict = WVLV_APP_SCHEMA_OLDER;
	else
		out->verdict = WVLV_APP_SCHEMA_CURRENT;
}

/* Read the schema on db; a missing server role (the connection failed with
 * "role-missing") is judged NONE by the callers. */
static wvlv_status schema_read(wvlv_db *db, wvlv_app_schema *out, wvlv_error *err)
{
	size_t count = 0;
	const wvlv_migration *list = wvlv_migrations(&count);
	wvlv_schema_state s;
	wvlv_status st = wvlv_schema_read(db, list, count, &s, err);
	if (st == WVLV_OK)
		schema_judge(&s, out);
	return st;
}

/* No server role: never migrated. */
static wvlv_status schema_no_role(wvlv_app_schema *out, wvlv_error *err)
{
	size_t count = 0;
	const wvlv_migration *list = wvlv_migrations(&count);
	*out = (wvlv_app_schema){ .verdict = WVLV_APP_SCHEMA_NONE,
				  .expected = count ? wvlv_migration_number(list[count - 1].name) : 0 };
	wvlv_error_clear(err);
	return WVLV_OK;
}

const char *wvlv_app_schema_advice(const wvlv_app_schema *s, char *buf, size_t size)
{
	switch (s->verdict) {
	case WVLV_APP_SCHEMA_NONE:
		snprintf(buf, size, "the database has no wvlv schema yet, this wvlv expects "
			 "schema %d: run `wvlv migrate`", s->expected);
		break;
	case WVLV_APP_SCHEMA_OLDER:
		snprintf(buf, size, "the database has schema %d, this wvlv expects %d: "
			 "run `wvlv migrate`", s->version, s->expected);
		break;
	case WVLV_APP_SCHEMA_NEWER:
		snprintf(buf, size, "the database has schema %d, this wvlv expects %d: "
			 "upgrade wvlv", s->version, s->expected);
		break;
	case WVLV_APP_SCHEMA_UNREADABLE:
		snprintf(buf, size, "the database's schema version cannot be read by role "
			 WVLV_SERVER_ROLE " (migrated by an older wvlv), this wvlv expects "
			 "schema %d: run `wvlv migrate`", s->expected);
		break;
	default:
		snprintf(buf, size, "the database has schema %d, as this wvlv expects", s->version);
	}
	return buf;
}

wvlv_status wvlv_app_schema_check(const wvlv_app_config *cfg, wvlv_app_schema *out,
				  wvlv_error *err)
{
	wvlv_db *db = NULL;
	wvlv_status st = app_connect(cfg, WVLV_SERVER_ROLE, true, &db, err);
	if (st == WVLV_EDB && strcmp(err->code, "role-missing") == 0)
		return schema_no_role(out, err);
	if (st == WVLV_OK)
		st = schema_read(db, out, err);
	wvlv_db_close(db);
	return st;
}

wvlv_status wvlv_app_schema_serving(wvlv_app *app, wvlv_app_schema *out, wvlv_error *err)
{
	wvlv_db *db;
	wvlv_status st = wvlv_db_pool_acquire(app->pool, app->pool_wait_ms, &db, err);
	if (st == WVLV_EDB && strcmp(err->code, "role-missing") == 0)
		return schema_no_role(out, err);
	if (st != WVLV_OK)
		return st;
	st = schema_read(db, out, err);
	wvlv_db_pool_release(app->pool, db);
	return st;
}

/* ---- /readyz ------------------------------------------------------------------- */

/* The verdict: WVLV_OK, or WVLV_EUNAVAIL with what to do. */
static wvlv_status ready_check(wvlv_app *app, wvlv_error *err)
{
	wvlv_app_schema s;
	wvlv_status st = wvlv_app_schema_serving(app, &s, err);
	if (st != WVLV_OK && st != WVLV_EUNAVAIL && st != WVLV_ENOMEM) {
		char why[sizeof(err->detail)];
		snprintf(why, sizeof(why), "%s", err->detail);
		return wvlv_error_set(err, WVLV_EUNAVAIL, "database-unavailable",
				      "the database cannot be used: %s", why);
	}
	if (st != WVLV_OK)
		return st;
	if (s.verdict == WVLV_APP_SCHEMA_CURRENT)
		return WVLV_OK;
	char advice[256];
	wvlv_app_schema_advice(&s, advice, sizeof(advice));
	return wvlv_error_set(err, WVLV_EUNAVAIL,
			      s.verdict == WVLV_APP_SCHEMA_NEWER   ? "schema-too-new"
			      : s.verdict == WVLV_APP_SCHEMA_OLDER ? "schema-too-old"
								   : "not-migrated",
			      "%s", advice);
}

wvlv_status wvlv_app_ready(wvlv_app *app, wvlv_error *err)
{
	return ready_check(app, err);
}
