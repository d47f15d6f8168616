/* cli.h — the subcommands of the wvlv binary. */
#ifndef WVLV_SERVER_CLI_H
#define WVLV_SERVER_CLI_H

/* Each returns the process exit code: 0 ok, 1 failure, 2 usage, 3 the
 * database's schema is not the one this wvlv expects (CLI_EXIT_SCHEMA). */
#define CLI_EXIT_SCHEMA 3
int cmd_serve(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_seed_demo(int argc, char **argv);
int cmd_keys(int argc, char **argv);
int cmd_alerts(int argc, char **argv);
int cmd_purge(int argc, char **argv);
int cmd_equated_days(int argc, char **argv);
/* In wvlv-gis (gis_main.c), the program that links GDAL. */
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);
/* `wvlv import|export …`: runs CLI_GIS_PROGRAM from wvlv's own directory with
 * the same arguments (returns only when it cannot: 1). */
#define CLI_GIS_PROGRAM "wvlv-gis"
int cmd_gis(int argc, char **argv);

/* The digits of a number macro, for a help text: CLI_DIGITS(WVLV_ALERT_WITHIN_MAX) is "365". */
#define CLI_DIGITS(n)  CLI_DIGITS_(n)
#define CLI_DIGITS_(n) #n

/* Shared by the subcommands (cli.c). */
#include <stdbool.h>

#include "config.h"
#include "wvlv/app.h"
#include "wvlv/app_job.h"
#include "wvlv/app_schema.h"
#include "wvlv/date.h"
#include "wvlv/status.h"

/* The database settings of cfg for a use case, under application_name
 * (shown in pg_stat_activity, e.g. "wvlv alerts"). */
wvlv_app_config cli_app_config(const wvlv_config *cfg, const char *application_name);

/* --database-url URL: the URL the configuration reads (WVLV_DATABASE_URL). */
void cli_database_url(const char *url);
/* --today DATE into *out; false after saying on stderr that it is not a date
 * YYYY-MM-DD (a usage error): exit with 2. */
bool cli_parse_today(const char *cmd, const char *arg, wvlv_date *out);

/* What the printers of a nightly job (alerts, purge) share: the arguments of
 * the command begin with it, and the job's sink gets them as its cls. */
typedef struct cli_job {
	const char *cmd;   /* "alerts" */
} cli_job;
/* The sink's problem callback: "wvlv <cmd>: <sentence>" on stderr; cls is a
 * cli_job (or begins with one). */
void cli_print_problem(void *cls, const char *sentence);
/* After the report: status, or 1 when stdout could not be written (said on
 * stderr). */
int cli_report_written(const char *cmd, int status);

/* A usage error: "wvlv <cmd>: <fmt with arg>" and "see `wvlv <cmd> --help`",
 * two lines on stderr; 2.  (cmd may hold a subcommand: "keys revoke".) */
int cli_usage_error(const char *cmd, const char *fmt, const char *arg);
/* The usage error of getopt_long's answer c ('?' an unknown option, ':' a
 * missing value: give it an optstring that begins with ':' and set opterr to
 * 0) after it read argv; 2. */
int cli_bad_option(const char *cmd, char *const *argv, int c);
/* Before a command's use case: -1 when cfg's database has exactly the schema
 * this wvlv expects; else the advice ("…: run `wvlv migrate`", "…: upgrade
 * wvlv") or why the database cannot be used, one line on stderr, and the exit
 * code (CLI_EXIT_SCHEMA, or 1). */
int cli_schema_refused(const char *cmd, const wvlv_config *cfg);
/* Why the database could not be used, on stderr, with what to check; 1. */
int cli_connect_failed(const char *cmd, const wvlv_config *cfg, const wvlv_error *err);
/* Why a nightly job did not start (no connection, the check or the lock
 * failed, not migrated, another run busy), on stderr; 1.  not_migrated and
 * busy: the command's own words for those two. */
int cli_job_refused(const char *cmd, const wvlv_config *cfg, wvlv_app_job_outcome outcome,
		    const wvlv_error *err, const char *not_migrated, const char *busy);
#endif
