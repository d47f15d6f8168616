/* cli.c — what the subcommands share: the use cases' settings, common
 * options, usage errors, connection failures and the jobs' reports. */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wvlv/caller.h"

wvlv_app_config cli_app_config(const wvlv_config *cfg, const char *application_name)
{
	return (wvlv_app_config){ .database_url = cfg->database_url,
				  .read_database_url = cfg->read_database_url,
				  .statement_timeout_ms = cfg->statement_timeout_ms,
				  .application_name = application_name,
				  .threads = cfg->threads,
				  .pool_wait_ms = cfg->pool_wait_ms };
}

int cli_usage_error(const char *cmd, const char *fmt, const char *arg)
{
	fprintf(stderr, "wvlv %s: ", cmd);
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nsee `wvlv %s --help`\n", cmd);
	return 2;
}

int cli_bad_option(const char *cmd, char *const *argv, int c)
{
	const char *opt = optind > 0 ? argv[optind - 1] : "?";
	if (c == ':')
		return cli_usage_error(cmd, "option %s needs a value", opt);
	if (optopt && strncmp(opt, "--", 2) != 0) {
		char shortopt[3] = { '-', (char)optopt, '\0' };
		return cli_usage_error(cmd, "unknown option %s", shortopt);
	}
	/* "--opt=value": name the option only */
	char name[64];
	snprintf(name, sizeof(name), "%.*s", (int)strcspn(opt, "="), opt);
	return cli_usage_error(cmd, "unknown option %s", name);
}

int cli_schema_refused(const char *cmd, const wvlv_config *cfg)
{
	wvlv_app_config ac = cli_app_config(cfg, "wvlv schema check");
	wvlv_app_schema s;
	wvlv_error err;
	wvlv_error_clear(&err);
	if (wvlv_app_schema_check(&ac, &s, &err) != WVLV_OK)
		return cli_connect_failed(cmd, cfg, &err);
	if (s.verdict == WVLV_APP_SCHEMA_CURRENT)
		return -1;
	char advice[256];
	fprintf(stderr, "wvlv %s: %s\n", cmd, wvlv_app_schema_advice(&s, advice, sizeof(advice)));
	return CLI_EXIT_SCHEMA;
}

int cli_connect_failed(const char *cmd, const wvlv_config *cfg, const wvlv_error *err)
{
	if (err->status == WVLV_EUNAVAIL) {
		char where[256];
		wvlv_app_describe_database(cfg->database_url, where, sizeof(where));
		fprintf(stderr,
			"wvlv %s: cannot reach the database at %s: check WVLV_DATABASE_URL "
			"(or --database-url) and that PostgreSQL is running\n",
			cmd, where);
	} else {
		fprintf(stderr,
			"wvlv %s: %s; run it as the database owner or a role that may SET ROLE "
			WVLV_SERVER_ROLE "\n",
			cmd, err->detail);
	}
	return 1;
}

int cli_job_refused(const char *cmd, const wvlv_config *cfg, wvlv_app_job_outcome outcome,
		    const wvlv_error *err, const char *not_migrated, const char *busy)
{
	if (outcome == WVLV_APP_JOB_UNREACHABLE)
		return cli_connect_failed(cmd, cfg, err);
	fprintf(stderr, "wvlv %s: %s\n", cmd,
		outcome == WVLV_APP_JOB_NOT_MIGRATED ? not_migrated
		: outcome == WVLV_APP_JOB_BUSY       ? busy
						     : err->detail);
	return 1;
}

void cli_database_url(const char *url)
{
	setenv("WVLV_DATABASE_URL", url, 1);
}

bool cli_parse_today(const char *cmd, const char *arg, wvlv_date *out)
{
	if (wvlv_date_parse(arg, out, NULL) == WVLV_OK)
		return true;
	cli_usage_error(cmd, "--today must be a date YYYY-MM-DD, not \"%s\"", arg);
	return false;
}

void cli_print_problem(void *cls, const char *sentence)
{
	const cli_job *job = cls;
	fprintf(stderr, "wvlv %s: %s\n", job->cmd, sentence);
}

int cli_report_written(const char *cmd, int status)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return status;
	fprintf(stderr, "wvlv %s: could not write the report to stdout\n", cmd);
	return 1;
}
