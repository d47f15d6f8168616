/* cmd_purge.c — `wvlv purge`: remove owner personal data from offers that
 * closed longer ago than the retention period (AVG/GDPR).
 *
 * Parses the arguments, runs the use case wvlv_app_purge (lib/app/purge.c,
 * where the job and its transactions are) and prints what it reports: each
 * municipality as soon as its transaction committed, then the summary.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "wvlv/alerts.h"
#include "wvlv/app_purge.h"
#include "wvlv/caller.h"

/* What wvlv_retention_parse accepts at most (lib/domain/alerts.c; the unit
 * test test_cli_help compares them). */
#define RETENTION_MAX "100y, 1200m, 36500d"

static const char purge_usage[] =
	"Usage: wvlv purge [--personal-data-older-than DURATION] [--dry-run] [--verbose]\n"
	"                  [--today YYYY-MM-DD] [--database-url URL]\n"
	"\n"
	"Remove the owner's personal data from sale offers that closed (purchased, released,\n"
	"declined, lapsed, withdrawn or exempt) more than DURATION before today: the day of\n"
	"their last event, or their receipt for an exempt offer.  The rest of each record stays;\n"
	"each purge appends an audit row (action purge-personal-data) that names the field,\n"
	"never its value.  Remembered Idempotency-Key responses that repeat the owner are\n"
	"removed as well.  Prints what it did per municipality.\n"
	"\n"
	"  --personal-data-older-than DURATION   " WVLV_RETENTION_DEFAULT " (the default), 18m, 400d: "
	"years, months or\n"
	"                       days, at least 1 (at most " RETENTION_MAX ")\n"
	"  --dry-run            change nothing; print what would be purged\n"
	"  --verbose            also list every offer (id, closing day, status)\n"
	"  --today DATE         count back from this day (default: today in Europe/Amsterdam;\n"
	"                       not later than today)\n"
	"  --database-url URL   PostgreSQL URL (WVLV_DATABASE_URL); run as the database owner or a\n"
	"                       role that may SET ROLE " WVLV_SERVER_ROLE "\n"
	"  -h, --help           this text\n"
	"\n"
	"Exit status: 0 done, 1 failure (database unreachable, a municipality could not be\n"
	"purged), 2 usage, 3 the database's schema is not this wvlv's (run `wvlv migrate`,\n"
	"or upgrade wvlv).\n";

typedef struct purge_args {
	cli_job                job;  /* first: the sink's cls (cli_print_problem) */
	wvlv_app_purge_options o;   /* what the job is asked to do */
	bool                   verbose;
} purge_args;

static int usage_error(const char *fmt, const char *arg)
{
	return cli_usage_error("purge", fmt, arg);
}

static int parse_args(int argc, char **argv, purge_args *a)
{
	static const struct option opts[] = {
		{ "personal-data-older-than", required_argument, NULL, 'o' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "today", required_argument, NULL, 't' },
		{ "database-url", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	wvlv_app_purge_options *o = &a->o;
	*a = (purge_args){ .job = { "purge" },
			   .o = { .retention_text = WVLV_RETENTION_DEFAULT, .today = WVLV_DATE_NONE } };
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":hv", opts, NULL)) != -1) {
		switch (c) {
		case 'o': o->retention_text = optarg; break;
		case 'n': o->dry_run = true; break;
		case 'v': a->verbose = true; break;
		case 't':
			if (!cli_parse_today("purge", optarg, &o->today))
				return 2;
			break;
		case 'd': cli_database_url(optarg); break;
		case 'h': fputs(purge_usage, stdout); return 0;
		default: return cli_bad_option("purge", argv, c);
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument \"%s\"", argv[optind]);
	if (!wvlv_retention_parse(o->retention_text, &o->retention))
		return usage_error("--personal-data-older-than must be a duration such as 7y, 18m or "
				   "400d (at least 1; at most " RETENTION_MAX "), not \"%s\"",
				   o->retention_text);
	wvlv_date real_today = wvlv_date_today_amsterdam();
	if (o->today == WVLV_DATE_NONE)
		o->today = real_today;
	if (o->today > real_today) {
		char day[WVLV_DATE_STRLEN];
		return usage_error("--today may not lie after today (%s, Europe/Amsterdam)",
				   wvlv_date_format(real_today, day));
	}
	return -1;
}

/* The sink of the job: a municipality's lines the moment it committed. */
static void print_municipality(void *cls, const wvlv_app_purged_municipality *m)
{
	const purge_args *a = cls;
	char day[WVLV_DATE_STRLEN], cut[WVLV_DATE_STRLEN];
	long n = (long)m->n_offers;
	for (size_t i = 0; a->verbose && i < m->n_offers; i++) {
		const char *status = wvlv_offer_status_name(m->offers[i].status);
		printf("  %s %s closed %s (%s)\n", m->municipality_code, m->offers[i].id,
		       wvlv_date_format(m->offers[i].closed_on, day), status ? status : "?");
	}
	printf("%s: personal data of %ld offer%s %s (closed before %s)", m->municipality_code, n,
	       n == 1 ? "" : "s", a->o.dry_run ? "would be purged" : "purged",
	       wvlv_date_format(m->closed_before, cut));
	if (m->replays)
		printf("; %ld remembered API response%s removed", m->replays,
		       m->replays == 1 ? "" : "s");
	printf("\n");
	fflush(stdout);
}

static void print_summary(const purge_args *a, const wvlv_app_purge_report *r)
{
	char cut[WVLV_DATE_STRLEN];
	printf("summary%s: %ld offer%s %s in %d municipalit%s (owner data of offers closed "
	       "before %s, older than %s)",
	       a->o.dry_run ? " (dry run, nothing changed)" : "", r->purged,
	       r->purged == 1 ? "" : "s", a->o.dry_run ? "would be purged" : "purged",
	       r->municipalities, r->municipalities == 1 ? "y" : "ies",
	       wvlv_date_format(r->cutoff, cut), a->o.retention_text);
	if (r->failed)
		printf("; %d municipalit%s failed (see stderr)", r->failed,
		       r->failed == 1 ? "y" : "ies");
	printf("\n");
}

int cmd_purge(int argc, char **argv)
{
	purge_args a;
	int rc = parse_args(argc, argv, &a);
	if (rc >= 0)
		return rc;
	wvlv_config cfg;
	if (!wvlv_config_from_env(&cfg))
		return 2;
	if ((rc = cli_schema_refused("purge", &cfg)) >= 0)
		return rc;
	wvlv_app_config ac = cli_app_config(&cfg, "wvlv purge");
	wvlv_app_purge_sink sink = { .municipality = print_municipality,
				     .problem = cli_print_problem, .cls = &a };
	wvlv_app_purge_report report;
	wvlv_error err;
	wvlv_error_clear(&err);
	int status = 0;
	if (wvlv_app_purge(&ac, &a.o, &sink, &report, &err) == WVLV_OK) {
		print_summary(&a, &report);
		status = report.failed ? 1 : 0;
	} else if (report.outcome == WVLV_APP_JOB_READ_FAILED) {
		fprintf(stderr, "wvlv purge: could not read the offers: %s\n", err.detail);
		status = 1;
	} else {
		return cli_job_refused("purge", &cfg, report.outcome, &err,
				       "the database is not up to date: run `wvlv migrate` first",
				       "another `wvlv purge` run is in progress on this database; "
				       "nothing done");
	}
	return cli_report_written("purge", status);
}
