/* app_schema.h — bring the database schema up to date (`wvlv migrate`).
 *
 * The migrations are the files migrations/NNNN_name.sql, embedded in the
 * binary: forward-only, each applied in its own transaction and recorded with
 * its SHA-256; an applied one that was changed since is refused.
 */
#ifndef WVLV_APP_SCHEMA_H
#define WVLV_APP_SCHEMA_H

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

#endif /* WVLV_APP_SCHEMA_H */
