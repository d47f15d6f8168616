/* cmd_alerts.c — `wvlv alerts`: the nightly deadline job.
 *
 * Parses the arguments, runs the use case wvlv_app_alerts_run
 * (lib/app/alerts.c: the overview, the lapses and releases, the ledger, the
 * webhook, a transaction per alert) and prints what it reports: each alert
 * the moment its transaction committed, problems on stderr as they happen,
 * then one summary line.
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "wvlv/alerts.h"
#include "wvlv/app_alerts.h"
#include "wvlv/caller.h"

#define ALERTS_MAX_SECONDS_DEFAULT 300
#define ALERTS_MAX_SECONDS_MAX     86400

static const char alerts_usage[] =
	"Usage: wvlv alerts [--today YYYY-MM-DD] [--within-days N] [--format text|json]\n"
	"                   [--webhook URL] [--dry-run] [--max-seconds N] [--database-url URL]\n"
	"\n"
	"The nightly deadline job.  Reports, once per threshold:\n"
	"  response-approaching, filing-approaching   open offers whose response or court-filing\n"
	"        deadline is 0..N days ahead (at N, 5, 2, 1 and 0 days left);\n"
	"  response-missed, filing-missed   offers past that deadline without a decision or\n"
	"        filing: recorded as lapsed / released (an event by the system, an audit row);\n"
	"  designation-ending   designations (not withdrawn) whose last period ends within "
	CLI_DIGITS(WVLV_ALERT_DESIGNATION_WINDOW) "\n"
	"        days (at 180, 90, 30, 7 and 0 days left), saying whether an extension is still\n"
	"        possible under the 20-year cap;\n"
	"  decree-missing   once per year and municipality: open deadlines in a year that no\n"
	"        loaded Royal Decree of equated days covers (\"no decree loaded for 2029: check\n"
	"        the Staatscourant\"; load it with `wvlv equated-days import`).\n"
	"  decision-recorded-late   decisions dated within the response term but recorded\n"
	"        after the deadline (their event says recordedLate), once each.\n"
	"A ledger in the database makes a re-run (the same night or later) report nothing it\n"
	"reported before, on stdout or to the webhook.  Output: one alert per line, then one\n"
	"summary line; with --format json one JSON object per line, the last {\"summary\": {...}}.\n"
	"\n"
	"  --today DATE         the night to run for (default: today in Europe/Amsterdam); a later\n"
	"                       day only with --dry-run\n"
	"  --within-days N      days ahead for offer deadlines, 0 to " CLI_DIGITS(WVLV_ALERT_WITHIN_MAX)
	" (default " CLI_DIGITS(WVLV_ALERT_WITHIN_DEFAULT) ")\n"
	"  --format FORMAT      text (default) or json\n"
	"  --webhook URL        also POST each alert as a JSON object to this http(s) URL\n"
	"                       (WVLV_ALERT_WEBHOOK); 5 s to connect, 10 s per attempt, three\n"
	"                       attempts; delivered only on a 2xx answer, else tried next run\n"
	"  --dry-run            change nothing (no lapse, no release, no ledger, no webhook call);\n"
	"                       print what would be done\n"
	"  --max-seconds N      stop after N seconds in all, 1 to " CLI_DIGITS(ALERTS_MAX_SECONDS_MAX)
	" (default " CLI_DIGITS(ALERTS_MAX_SECONDS_DEFAULT) ")\n"
	"  --database-url URL   PostgreSQL URL (WVLV_DATABASE_URL); run as the database owner or a\n"
	"                       role that may SET ROLE " WVLV_SERVER_ROLE "\n"
	"  -h, --help           this text\n"
	"\n"
	"Exit status: 0 done, 1 failure (database unreachable, a webhook delivery failed after\n"
	"its retries, an offer could not be updated, time limit), 2 usage, 3 the database's\n"
	"schema is not this wvlv's (run `wvlv migrate`, or upgrade wvlv).\n";

typedef struct alerts_args {
	cli_job                 job;  /* first: the sink's cls (cli_print_problem) */
	wvlv_app_alerts_options o;   /* what the job is asked to do */
	bool                    json;
} alerts_args;

static int usage_error(const char *fmt, const char *arg)
{
	return cli_usage_error("alerts", fmt, arg);
}

static bool parse_int(const char *s, long min, long max, int *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (!*s || *end || errno || v < min || v > max)
		return false;
	*out = (int)v;
	return true;
}

/* What the options say together: the webhook is usable, the night has come
 * (unless nothing is recorded); today by default.  -1: go on; else the exit
 * code. */
static int check_args(wvlv_app_alerts_options *o)
{
	if (o->webhook_url) {
		char why[128];
		if (!wvlv_app_alerts_webhook_ok(o->webhook_url, why, sizeof(why))) {
			char what[160];
			snprintf(what, sizeof(what), "--webhook%s: %s",
				 o->webhook_url == getenv("WVLV_ALERT_WEBHOOK") ? " (WVLV_ALERT_WEBHOOK)"
										: "",
				 why);
			return usage_error("%s", what);
		}
	}
	wvlv_date real_today = wvlv_date_today_amsterdam();
	if (o->today == WVLV_DATE_NONE)
		o->today = real_today;
	if (o->today > real_today && !o->dry_run) {
		char day[WVLV_DATE_STRLEN];
		return usage_error("--today may lie after today (%s, Europe/Amsterdam) only with "
				   "--dry-run: nothing is recorded for a night that has not come",
				   wvlv_date_format(real_today, day));
	}
	return -1;
}

/* -1: go on; else the exit code. */
static int parse_args(int argc, char **argv, alerts_args *a)
{
	static const struct option opts[] = {
		{ "today", required_argument, NULL, 't' },
		{ "within-days", required_argument, NULL, 'w' },
		{ "format", required_argument, NULL, 'f' },
		{ "webhook", required_argument, NULL, 'k' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "max-seconds", required_argument, NULL, 'm' },
		{ "database-url", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	wvlv_app_alerts_options *o = &a->o;
	*a = (alerts_args){ .job = { "alerts" },
			    .o = { .today = WVLV_DATE_NONE, .within_days = WVLV_ALERT_WITHIN_DEFAULT,
				   .max_seconds = ALERTS_MAX_SECONDS_DEFAULT } };
	const char *env_hook = getenv("WVLV_ALERT_WEBHOOK");
	if (env_hook && *env_hook)
		o->webhook_url = env_hook;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			if (!cli_parse_today("alerts", optarg, &o->today))
				return 2;
			break;
		case 'w':
			if (!parse_int(optarg, 0, WVLV_ALERT_WITHIN_MAX, &o->within_days))
				return usage_error("--within-days must be a whole number from 0 to "
						   CLI_DIGITS(WVLV_ALERT_WITHIN_MAX) ", not \"%s\"",
						   optarg);
			break;
		case 'f':
			if (!strcmp(optarg, "json"))
				a->json = true;
			else if (!strcmp(optarg, "text"))
				a->json = false;
			else
				return usage_error("--format must be text or json, not \"%s\"", optarg);
			break;
		case 'k': o->webhook_url = optarg; break;
		case 'n': o->dry_run = true; break;
		case 'm':
			if (!parse_int(optarg, 1, ALERTS_MAX_SECONDS_MAX, &o->max_seconds))
				return usage_error("--max-seconds must be a whole number from 1 to "
						   CLI_DIGITS(ALERTS_MAX_SECONDS_MAX) ", not \"%s\"",
						   optarg);
			break;
		case 'd': cli_database_url(optarg); break;
		case 'h': fputs(alerts_usage, stdout); return 0;
		default: return cli_bad_option("alerts", argv, c);
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument \"%s\"", argv[optind]);
	return check_args(&a->o);
}

/* ---- output -------------------------------------------------------------------------- */

/* The sink of the job: an alert line the moment it committed. */
static void print_alert(void *cls, const wvlv_alert *a, const char *json)
{
	const alerts_args *args = cls;
	if (args->json) {
		printf("%s\n", json);
	} else {
		char text[WVLV_ALERT_TEXT_MAX];
		printf("%s\n", wvlv_alert_text(a, text, sizeof(text)));
	}
	fflush(stdout);
}

static void print_summary_json(const alerts_args *a, const wvlv_app_alerts_report *r)
{
	char day[WVLV_DATE_STRLEN];
	json_t *s = json_pack("{s:s, s:i, s:i, s:i, s:i, s:i, s:b}", "today",
			      wvlv_date_format(a->o.today, day), "withinDays", a->o.within_days,
			      "approaching", r->approaching, "lapsed", r->lapsed, "released",
			      r->released, "designationsEnding", r->ending, "dryRun", a->o.dry_run);
	if (!s)
		return;
	if (a->o.webhook_url) {
		json_object_set_new(s, "webhook", json_string(r->webhook));
		json_object_set_new(s, "webhookDelivered", json_integer(r->webhook_delivered));
		json_object_set_new(s, a->o.dry_run ? "webhookNotSent" : "webhookFailures",
				    json_integer(a->o.dry_run ? r->webhook_not_sent : r->webhook_failed));
	} else {
		json_object_set_new(s, "webhookFailures", json_integer(0));
	}
	json_object_set_new(s, "yearsWithoutDecree", json_integer(r->decree_missing));
	json_object_set_new(s, "decisionsRecordedLate", json_integer(r->recorded_late));
	json_object_set_new(s, "skipped", json_integer(r->skipped));
	json_object_set_new(s, "errors", json_integer(r->errors));
	json_object_set_new(s, "notProcessed", json_integer(r->not_processed));
	json_t *o = json_pack("{s:o}", "summary", s);
	char *line = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	if (line)
		printf("%s\n", line);
	free(line);
	json_decref(o);
}

/* The counts of the reports that are not deadlines, each only when there is one. */
static void print_reports(const wvlv_app_alerts_report *r)
{
	if (r->decree_missing)
		printf(", %d decree-missing alert%s", r->decree_missing,
		       r->decree_missing == 1 ? "" : "s");
	if (r->recorded_late)
		printf(", %d decision%s recorded late", r->recorded_late,
		       r->recorded_late == 1 ? "" : "s");
}

static void print_summary_text(const alerts_args *a, const wvlv_app_alerts_report *r)
{
	if (a->o.dry_run) {
		printf("summary (dry run, nothing changed): %d approaching, %d missed (would lapse), "
		       "%d would be released, %d designation%s ending",
		       r->approaching, r->lapsed, r->released, r->ending, r->ending == 1 ? "" : "s");
		print_reports(r);
		if (a->o.webhook_url)
			printf("; webhook %s: %d not sent (dry run)", r->webhook, r->webhook_not_sent);
		printf("\n");
		return;
	}
	printf("summary: %d approaching, %d missed (lapsed), %d released, %d designation%s "
	       "ending, %d webhook failure%s",
	       r->approaching, r->lapsed, r->released, r->ending, r->ending == 1 ? "" : "s",
	       r->webhook_failed, r->webhook_failed == 1 ? "" : "s");
	print_reports(r);
	if (a->o.webhook_url)
		printf("; webhook %s: %d delivered", r->webhook, r->webhook_delivered);
	if (r->skipped)
		printf("; %d skipped (changed meanwhile)", r->skipped);
	if (r->errors)
		printf("; %d errors (see stderr)", r->errors);
	if (r->not_processed)
		printf("; %d not processed (%s)", r->not_processed,
		       r->db_lost ? "database unavailable" : "time limit");
	printf("\n");
}

/* After a run: the time limit, the summary; the exit code. */
static int print_report(const alerts_args *a, const wvlv_app_alerts_report *r)
{
	if (r->out_of_time)
		fprintf(stderr,
			"wvlv alerts: stopped after --max-seconds %d s; %d alert(s) or deliveries not "
			"processed: they are done on the next run\n",
			a->o.max_seconds, r->not_processed);
	if (a->json)
		print_summary_json(a, r);
	else
		print_summary_text(a, r);
	fflush(stdout);
	return r->errors || r->webhook_failed || r->out_of_time || r->db_lost || ferror(stdout);
}

/* Why the job did not start; 1. */
static int not_started(const wvlv_config *cfg, wvlv_app_job_outcome outcome, const wvlv_error *err)
{
	if (outcome == WVLV_APP_JOB_NO_WEBHOOK) {
		fputs("wvlv alerts: cannot set up the webhook (out of memory)\n", stderr);
		return 1;
	}
	return cli_job_refused("alerts", cfg, outcome, err,
			       "the database has no alert ledger yet: run `wvlv migrate` first",
			       "another `wvlv alerts` run is in progress on this database; "
			       "nothing done (try again when it is done)");
}

int cmd_alerts(int argc, char **argv)
{
	alerts_args a;
	int rc = parse_args(argc, argv, &a);
	if (rc >= 0)
		return rc;
	wvlv_config cfg;
	if (!wvlv_config_from_env(&cfg))
		return 2;
	signal(SIGPIPE, SIG_IGN);
	if ((rc = cli_schema_refused("alerts", &cfg)) >= 0)
		return rc;

	wvlv_app_config ac = cli_app_config(&cfg, "wvlv alerts");
	wvlv_app_alerts_sink sink = { .alert = print_alert, .problem = cli_print_problem,
				      .cls = &a };
	wvlv_app_alerts_report report;
	wvlv_error err;
	wvlv_error_clear(&err);
	wvlv_status st = wvlv_app_alerts_run(&ac, &a.o, &sink, &report, &err);
	if (st != WVLV_OK && report.outcome != WVLV_APP_JOB_READ_FAILED)
		return not_started(&cfg, report.outcome, &err);
	int status = 1;
	if (st == WVLV_OK)
		status = print_report(&a, &report);
	else
		fprintf(stderr, "wvlv alerts: %s: %s\n",
			err.status == WVLV_EUNAVAIL ? "the database became unavailable"
						    : "could not read the deadlines",
			err.detail);
	return cli_report_written("alerts", status);
}
