/* app.h — what every use case of lib/app/ shares: where the database is.
 *
 * lib/app/ is the layer of use cases: each public function (named
 * wvlv_app_*) is one thing a user or a job does, owns its one transaction
 * (or, for a nightly job, one transaction per item it handles), lets the
 * domain decide and the store load and save, and returns a result or a
 * wvlv_error.  The server and the CLI call these and nothing below them:
 * they never see a store header, a connection or SQL.
 */
#ifndef WVLV_APP_H
#define WVLV_APP_H

#include <stddef.h>

/* The database settings, from the configuration (WVLV_DATABASE_URL,
 * WVLV_STATEMENT_TIMEOUT_MS, …). */
typedef struct wvlv_app_config {
	const char *database_url;         /* libpq URL or key=value string */
	int         statement_timeout_ms; /* 0: the server's default */
	const char *application_name;     /* shown in pg_stat_activity, e.g. "wvlv alerts" */
	int         threads;              /* wvlv serve: connections per pool */
	int         pool_wait_ms;         /* wvlv serve: wait for a free connection before 503 */
} wvlv_app_config;

/* "host:port/dbname (user name)" of a database URL, without the password, for
 * messages; "(unparsable connection string)" when it cannot be read. */
void wvlv_app_describe_database(const char *database_url, char *buf, size_t size);

#endif /* WVLV_APP_H */
