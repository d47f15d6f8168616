/* migrate.h — forward-only schema migrations.
 *
 * The migrations are the files migrations/NNNN_name.sql, embedded in the
 * binary at build time.  Each pending one is applied in its own transaction
 * and recorded with its SHA-256 in schema_migrations; an applied file whose
 * checksum changed is refused.
 */
#ifndef WVLV_MIGRATE_H
#define WVLV_MIGRATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "wvlv/db.h"
#include "wvlv/status.h"

typedef struct wvlv_migration {
	const char *name;   /* "0001_init" */
	const char *sql;
} wvlv_migration;

/* The embedded list, in order. */
const wvlv_migration *wvlv_migrations(size_t *count);

/* Apply what is pending; report each applied name on `log` (may be NULL).
 * *applied (may be NULL) receives how many were applied.
 * WVLV_ECONFLICT "migration-changed" when an applied file was edited. */
wvlv_status wvlv_migrate(wvlv_db *db, const wvlv_migration *list, size_t count, FILE *log,
			 int *applied, wvlv_error *err) WVLV_MUST_CHECK;

/* The schema version of a migration list or a database: the number its
 * newest migration's name begins with ("0011_client_request_id" is 11). */
int wvlv_migration_number(const char *name);

/* Where a database stands against the embedded list. */
typedef struct wvlv_schema_state {
	int    version;   /* the highest migration number recorded; 0: none (or no table) */
	int    expected;  /* the highest number of the embedded list */
	size_t pending;   /* embedded migrations not recorded */
	bool   readable;  /* false: schema_migrations exists but this role may not read it */
} wvlv_schema_state;

/* Read schema_migrations (as any role: `wvlv migrate` grants SELECT on it to
 * the server's role) and compare it with list.  Two statements, no
 * transaction. */
wvlv_status wvlv_schema_read(wvlv_db *db, const wvlv_migration *list, size_t count,
			     wvlv_schema_state *out, wvlv_error *err) WVLV_MUST_CHECK;

#endif /* WVLV_MIGRATE_H */
