/* app_schema.h — bring the database schema up to date (`wvlv migrate`).
 *
 * The migrations are the files migrations/NNNN_name.sql, embedded in the
 * binary: forward-only, each applied in its own transaction and recorded with
 * its SHA-256; an applied one that was changed since is refused.
 */
#ifndef WVLV_APP_SCHEMA_H
#define WVLV_APP_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "wvlv/app.h"
#include "wvlv/status.h"

typedef struct wvlv_app_migrate_report {
	int    applied;   /* migrations this run applied */
	size_t known;     /* migrations embedded in this binary */
} wvlv_app_migrate_report;

/* Apply the pending migrations on a connection of its own as the login user,
 * who must be the database owner (they create the server's role and grant it
 * to that user), without a statement timeout.  progress: where each is named
 * the moment it is applied ("applied 0004_alerts"); NULL for nowhere.
 * WVLV_ECONFLICT "migration-changed" when an applied file was edited. */
wvlv_status wvlv_app_migrate(const wvlv_app_config *cfg, FILE *progress,
			     wvlv_app_migrate_report *out, wvlv_error *err) WVLV_MUST_CHECK;

/* Create or update the login role `name` that `wvlv serve` and the jobs log in as
 * instead of the owner (`wvlv migrate --login-role NAME`): LOGIN, NOSUPERUSER,
 * NOCREATEDB, NOCREATEROLE, NOREPLICATION, NOBYPASSRLS, a member of
 * WVLV_SERVER_ROLE and WVLV_GIS_ROLE only (other memberships revoked), on a
 * connection of its own as the migrating user, after the migrations.
 * password: NULL keeps an existing role's password (a new role gets none);
 * it is sent as a SCRAM verifier only.  *created: the role was new.
 * WVLV_EINVAL "bad-login-role" for a name that is not 1–63 of [a-z0-9_]
 * starting with a letter or _ (or starts with pg_); "login-role-refused" for a
 * superuser, the migrating user, a server role, a member of the owner, or a
 * role that owns tables. */
wvlv_status wvlv_app_login_role(const wvlv_app_config *cfg, const char *name,
				const char *password, bool *created,
				wvlv_error *err) WVLV_MUST_CHECK;

/* ---- the schema version: /readyz, `wvlv serve`'s start, every command ---------- */

/* A database's schema against the migrations embedded in this binary.  The
 * version is the number of the newest migration recorded in
 * schema_migrations ("0011_client_request_id" is 11). */
typedef enum wvlv_app_schema_verdict {
	WVLV_APP_SCHEMA_CURRENT = 0,  /* exactly what this wvlv expects */
	WVLV_APP_SCHEMA_NONE,         /* never migrated (no role, no table, no row) */
	WVLV_APP_SCHEMA_OLDER,        /* migrations pending: run `wvlv migrate` */
	WVLV_APP_SCHEMA_NEWER,        /* migrated by a newer wvlv: upgrade wvlv */
	WVLV_APP_SCHEMA_UNREADABLE    /* migrated before the server's role could read the
				       * version (older wvlv): run `wvlv migrate` */
} wvlv_app_schema_verdict;

typedef struct wvlv_app_schema {
	wvlv_app_schema_verdict verdict;
	int version;    /* the database's; 0 when none */
	int expected;   /* this binary's: the number of its newest migration */
} wvlv_app_schema;

/* The one-line advice for a verdict other than CURRENT, e.g. "the database has
 * schema 9, this wvlv expects 11: run `wvlv migrate`"; returns buf. */
const char *wvlv_app_schema_advice(const wvlv_app_schema *s, char *buf, size_t size);

/* The schema of cfg's database, read on a connection of its own as the
 * server's role (as a command's use case would run).  A role that does not
 * exist is verdict NONE, not an error; errors: the database unreachable
 * (WVLV_EUNAVAIL), the login user may not switch to the role (WVLV_EDB). */
wvlv_status wvlv_app_schema_check(const wvlv_app_config *cfg, wvlv_app_schema *out,
				  wvlv_error *err) WVLV_MUST_CHECK;

struct wvlv_app;
/* The same through the serving process's API pool. */
wvlv_status wvlv_app_schema_serving(struct wvlv_app *app, wvlv_app_schema *out,
				    wvlv_error *err) WVLV_MUST_CHECK;

#endif /* WVLV_APP_SCHEMA_H */
