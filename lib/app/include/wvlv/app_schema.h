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

#endif /* WVLV_APP_SCHEMA_H */
