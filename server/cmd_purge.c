/* cmd_purge.c — `wvlv purge`: remove owner personal data from offers that
 * closed longer ago than the retention period (AVG/GDPR; issue 5).
 *
 * Reads as a national caller, then writes one transaction per municipality,
 * scoped to it as the system: owner NULL and owner_purged_at set on each
 * offer, one audit row per offer that names the field but never its value,
 * and the remembered Idempotency-Key responses that repeat the owner removed.
 * The rest of the record (property, price, deadlines, events, audit trail)
 * stays.  Which offers qualify is decided by lib/domain/alerts.c
 * (wvlv_retention_cutoff, wvlv_retention_closing_day) and lib/domain/offer.c
 * (wvlv_offer_status_is_open).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "wvlv/alerts.h"
#include "wvlv/arena.h"
#include "wvlv/db.h"
#include "wvlv/store_alerts.h"
#include "wvlv/store_audit.h"

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
	"  --personal-data-older-than DURATION   7y (the default), 18m, 400d: years, months or\n"
	"                       days, at least 1 (at most 100y, 1200m, 36500d)\n"
	"  --dry-run            change nothing; print what would be purged\n"
	"  --verbose            also list every offer (id, closing day, status)\n"
	"  --today DATE         count back from this day (default: today in Europe/Amsterdam;\n"
	"                       not later than today)\n"
	"  --database-url URL   PostgreSQL URL (WVLV_DATABASE_URL); run as the database owner or a\n"
	"                       role that may SET ROLE " WVLV_SERVER_ROLE "\n"
	"  -h, --help           this text\n"
	"\n"
	"Exit status: 0 done, 1 failure (database unreachable, a municipality could not be\n"
	"purged), 2 usage.\n";

typedef struct purge_args {
	wvlv_retention retention;
	const char    *retention_text;
	wvlv_date      today;
	bool           dry_run;
	bool           verbose;
} purge_args;

static int usage_error(const char *fmt, const char *arg)
{
	return cli_usage_error("purge", purge_usage, fmt, arg);
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
	*a = (purge_args){ .retention_text = WVLV_RETENTION_DEFAULT, .today = WVLV_DATE_NONE };
	int c;
	optind = 1;
	opterr = 1;
	while ((c = getopt_long(argc, argv, "hv", opts, NULL)) != -1) {
		wvlv_error err;
		wvlv_error_clear(&err);
		switch (c) {
		case 'o': a->retention_text = optarg; break;
		case 'n': a->dry_run = true; break;
		case 'v': a->verbose = true; break;
		case 't':
			if (wvlv_date_parse(optarg, &a->today, &err) != WVLV_OK)
				return usage_error("--today must be a date YYYY-MM-DD, not \"%s\"",
						   optarg);
			break;
		case 'd': setenv("WVLV_DATABASE_URL", optarg, 1); break;
		case 'h': fputs(purge_usage, stdout); return 0;
		default: fputs("\n", stderr); fputs(purge_usage, stderr); return 2;
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument \"%s\"", argv[optind]);
	if (!wvlv_retention_parse(a->retention_text, &a->retention))
		return usage_error("--personal-data-older-than must be a duration such as 7y, 18m or "
				   "400d (at least 1; at most 100y, 1200m, 36500d), not \"%s\"",
				   a->retention_text);
	wvlv_date real_today = wvlv_date_today_amsterdam();
	if (a->today == WVLV_DATE_NONE)
		a->today = real_today;
	if (a->today > real_today) {
		char day[WVLV_DATE_STRLEN];
		return usage_error("--today may not lie after today (%s, Europe/Amsterdam)",
				   wvlv_date_format(real_today, day));
	}
	return -1;
}

typedef struct purge_run {
	const purge_args *a;
	wvlv_db   *db;
	wvlv_date  cutoff;
	long       purged;
	long       replays;
	int        municipalities;
	int        errors;
} purge_run;

static const char *status_name(wvlv_offer_status s)
{
	const char *n = wvlv_offer_status_name(s);
	return n ? n : "?";
}

/* The offers of one municipality, rows[0..n), in one transaction. */
static void purge_municipality(purge_run *run, const wvlv_purge_candidate *rows, size_t n)
{
	const purge_args *a = run->a;
	const char *muni = rows[0].municipality_code;
	char day[WVLV_DATE_STRLEN], cut[WVLV_DATE_STRLEN];
	wvlv_date_format(run->cutoff, cut);
	wvlv_caller sys = { .role = WVLV_ROLE_ADMIN };
	snprintf(sys.municipality_code, sizeof(sys.municipality_code), "%s", muni);
	snprintf(sys.label, sizeof(sys.label), "system");
	snprintf(sys.request_id, sizeof(sys.request_id), "wvlv purge %s %s",
		 wvlv_date_format(a->today, day), a->retention_text);

	wvlv_error err;
	wvlv_error_clear(&err);
	long done = 0, replays = 0;
	bool *was_purged = calloc(n, sizeof(*was_purged));
	wvlv_status st = was_purged ? WVLV_OK
				    : wvlv_error_set(&err, WVLV_ENOMEM, "out-of-memory", "out of memory");
	if (st == WVLV_OK && !a->dry_run) {
		st = wvlv_db_begin(run->db, &err);
		if (st == WVLV_OK)
			st = wvlv_db_set_caller(run->db, &sys, &err);
	}
	for (size_t i = 0; st == WVLV_OK && i < n; i++) {
		bool purged = true;
		long removed = 0;
		if (!a->dry_run) {
			st = wvlv_store_purge_owner(run->db, rows[i].id, &purged, &err);
			if (st == WVLV_OK && purged)
				st = wvlv_store_audit_append(run->db, &sys, muni, "sale-notification",
							     rows[i].id, "purge-personal-data",
							     "{\"owner\": \"(personal data)\"}",
							     "{\"owner\": null}", &err);
		}
		if (st == WVLV_OK && purged)
			st = wvlv_store_purge_replays(run->db, muni, rows[i].id, a->dry_run, &removed,
						      &err);
		if (st == WVLV_OK && purged) {
			was_purged[i] = true;
			done++;
			replays += removed;
		}
	}
	if (!a->dry_run) {
		if (st == WVLV_OK)
			st = wvlv_db_commit(run->db, &err);
		else
			wvlv_db_rollback(run->db);
	}
	if (st != WVLV_OK) {
		run->errors++;
		fprintf(stderr,
			"wvlv purge: %s: nothing purged, the transaction was rolled back: %s\n", muni,
			err.detail);
		free(was_purged);
		return;
	}
	for (size_t i = 0; a->verbose && i < n; i++)
		if (was_purged[i])
			printf("  %s %s closed %s (%s)\n", muni, rows[i].id,
			       wvlv_date_format(wvlv_retention_closing_day(rows[i].received_on,
									   rows[i].last_event_on),
						day),
			       status_name(rows[i].status));
	free(was_purged);
	if (done == 0)
		return;
	run->purged += done;
	run->replays += replays;
	run->municipalities++;
	printf("%s: personal data of %ld offer%s %s (closed before %s)", muni, done,
	       done == 1 ? "" : "s", a->dry_run ? "would be purged" : "purged", cut);
	if (replays)
		printf("; %ld remembered API response%s removed", replays, replays == 1 ? "" : "s");
	printf("\n");
	fflush(stdout);
}

static wvlv_status read_candidates(purge_run *run, wvlv_arena *arena,
				   wvlv_purge_candidate **rows, size_t *n, wvlv_error *err)
{
	wvlv_offer_status closed[16];
	size_t nclosed = 0;
	for (int s = WVLV_OFFER_RECEIVED; s <= WVLV_OFFER_EXEMPT; s++)
		if (!wvlv_offer_status_is_open((wvlv_offer_status)s))
			closed[nclosed++] = (wvlv_offer_status)s;
	wvlv_caller national = { .national = true, .role = WVLV_ROLE_READER,
				 .label = "wvlv purge" };
	wvlv_status st = wvlv_db_begin(run->db, err);
	if (st == WVLV_OK && run->a->dry_run)
		st = wvlv_store_transaction_read_only(run->db, err);
	if (st == WVLV_OK)
		st = wvlv_db_set_caller(run->db, &national, err);
	if (st == WVLV_OK)
		st = wvlv_store_purge_candidates(run->db, arena, closed, nclosed, run->cutoff, rows,
						 n, err);
	if (st == WVLV_OK && !run->a->dry_run)
		st = wvlv_db_commit(run->db, err);
	if (st != WVLV_OK)
		wvlv_db_rollback(run->db);
	return st;
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
	purge_run run = { .a = &a, .cutoff = wvlv_retention_cutoff(a.today, &a.retention) };

	wvlv_error err;
	wvlv_error_clear(&err);
	wvlv_db_options o = { .conninfo = cfg.database_url, .set_role = WVLV_SERVER_ROLE,
			      .statement_timeout_ms = cfg.statement_timeout_ms,
			      .application_name = "wvlv purge" };
	if (wvlv_db_connect(&o, &run.db, &err) != WVLV_OK)
		return cli_connect_failed("purge", &cfg, &err);
	bool ready = false, locked = false;
	wvlv_status lst = wvlv_store_alerts_schema_ready(run.db, &ready, &err);
	if (lst == WVLV_OK && ready)
		lst = wvlv_store_job_try_lock(run.db, "purge", &locked, &err);
	if (lst != WVLV_OK || !locked) {
		fprintf(stderr, "wvlv purge: %s\n",
			lst != WVLV_OK ? err.detail
			: !ready       ? "the database is not up to date: run `wvlv migrate` first"
				       : "another `wvlv purge` run is in progress on this database; "
					 "nothing done");
		wvlv_db_close(run.db);
		return 1;
	}

	wvlv_arena *arena = wvlv_arena_create();
	wvlv_purge_candidate *rows = NULL;
	size_t n = 0;
	int status = 0;
	if (read_candidates(&run, arena, &rows, &n, &err) != WVLV_OK) {
		fprintf(stderr, "wvlv purge: could not read the offers: %s\n", err.detail);
		status = 1;
	} else {
		/* the closed offers old enough, grouped by municipality (rows are sorted by it) */
		wvlv_purge_candidate *keep = wvlv_arena_alloc(arena, (n ? n : 1) * sizeof(*keep));
		size_t k = 0;
		for (size_t i = 0; i < n; i++)
			if (wvlv_retention_closing_day(rows[i].received_on, rows[i].last_event_on) <
			    run.cutoff)
				keep[k++] = rows[i];
		for (size_t i = 0; i < k;) {
			size_t j = i + 1;
			while (j < k && !strcmp(keep[j].municipality_code, keep[i].municipality_code))
				j++;
			purge_municipality(&run, &keep[i], j - i);
			i = j;
		}
		if (a.dry_run)
			wvlv_db_rollback(run.db);
		char cut[WVLV_DATE_STRLEN];
		printf("summary%s: %ld offer%s %s in %d municipalit%s (owner data of offers closed "
		       "before %s, older than %s)",
		       a.dry_run ? " (dry run, nothing changed)" : "", run.purged,
		       run.purged == 1 ? "" : "s", a.dry_run ? "would be purged" : "purged",
		       run.municipalities, run.municipalities == 1 ? "y" : "ies",
		       wvlv_date_format(run.cutoff, cut), a.retention_text);
		if (run.errors)
			printf("; %d municipalit%s failed (see stderr)", run.errors,
			       run.errors == 1 ? "y" : "ies");
		printf("\n");
		if (run.errors)
			status = 1;
	}
	wvlv_arena_destroy(arena);
	wvlv_store_job_unlock(run.db, "purge");
	wvlv_db_close(run.db);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "wvlv purge: could not write the report to stdout\n");
		status = 1;
	}
	return status;
}
