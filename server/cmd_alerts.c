/* cmd_alerts.c — `wvlv alerts`: the nightly deadline job (DESIGN.md "The
 * nightly job", issue 5).
 *
 * One run, on night `today`:
 *   1. reads the deadline overview (wvlv_store_deadlines, the query behind
 *      GET /api/v1/deadlines) as a national caller;
 *   2. asks lib/domain/alerts.c which deadline is an alert tonight, and at which
 *      threshold;
 *   3. for an offer past its deadline records `lapse` (response) or `release`
 *      (court filing) through wvlv_offers_post_event — the state machine the
 *      API uses — as the system, scoped to the offer's municipality, with its
 *      event and audit row;
 *   4. records the alert in the ledger and prints it (stdout), and POSTs it to
 *      the webhook, marking it delivered there only after a 2xx answer.
 * Each alert is one transaction (the lapse, if any, and its ledger rows);
 * the line is printed after it committed, and the webhook called after that.
 * Webhook deliveries that failed on an earlier run are tried again first:
 * missed deadlines from the ledger's stored body (their offer has left the
 * overview), the others when they come up again while still due.
 * --dry-run runs in one read-only transaction that is rolled back: no lapse,
 * no release, no ledger row, no webhook call.
 */
#include <curl/curl.h>
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "clock.h"
#include "config.h"
#include "webhook.h"
#include "wvlv/alerts.h"
#include "wvlv/db.h"
#include "offers.h"
#include "wvlv/store_alerts.h"
#include "wvlv/store_offers.h"

#define ALERTS_MAX_SECONDS_DEFAULT 300
#define ALERTS_GIVE_UP_AFTER       3     /* alerts in a row the webhook did not take */
#define ALERTS_RETRY_LIMIT         1000  /* stored deliveries tried again per run */

static const char alerts_usage[] =
	"Usage: wvlv alerts [--today YYYY-MM-DD] [--within-days N] [--format text|json]\n"
	"                   [--webhook URL] [--dry-run] [--max-seconds N] [--database-url URL]\n"
	"\n"
	"The nightly deadline job.  Reports, once per threshold:\n"
	"  response-approaching, filing-approaching   open offers whose response or court-filing\n"
	"        deadline is 0..N days ahead (at N, 5, 2, 1 and 0 days left);\n"
	"  response-missed, filing-missed   offers past that deadline without a decision or\n"
	"        filing: recorded as lapsed / released (an event by the system, an audit row);\n"
	"  designation-ending   designations (not withdrawn) whose last period ends within 180\n"
	"        days (at 180, 90, 30, 7 and 0 days left), saying whether an extension is still\n"
	"        possible under the 20-year cap.\n"
	"A ledger in the database makes a re-run (the same night or later) report nothing it\n"
	"reported before, on stdout or to the webhook.  Output: one alert per line, then one\n"
	"summary line; with --format json one JSON object per line, the last {\"summary\": {...}}.\n"
	"\n"
	"  --today DATE         the night to run for (default: today in Europe/Amsterdam); a later\n"
	"                       day only with --dry-run\n"
	"  --within-days N      days ahead for offer deadlines, 0 to 365 (default 10)\n"
	"  --format FORMAT      text (default) or json\n"
	"  --webhook URL        also POST each alert as a JSON object to this http(s) URL\n"
	"                       (WVLV_ALERT_WEBHOOK); 5 s to connect, 10 s per attempt, three\n"
	"                       attempts; delivered only on a 2xx answer, else tried next run\n"
	"  --dry-run            change nothing (no lapse, no release, no ledger, no webhook call);\n"
	"                       print what would be done\n"
	"  --max-seconds N      stop after N seconds in all, 1 to 86400 (default 300)\n"
	"  --database-url URL   PostgreSQL URL (WVLV_DATABASE_URL); run as the database owner or a\n"
	"                       role that may SET ROLE " WVLV_SERVER_ROLE "\n"
	"  -h, --help           this text\n"
	"\n"
	"Exit status: 0 done, 1 failure (database unreachable, a webhook delivery failed after\n"
	"its retries, an offer could not be updated, time limit), 2 usage.\n";

typedef struct alerts_args {
	wvlv_date   today;
	int         within;
	bool        json;
	const char *webhook_url;
	bool        dry_run;
	int         max_seconds;
} alerts_args;

typedef struct alerts_run {
	const alerts_args *a;
	wvlv_db   *db;
	webhook   *wh;
	char       wh_name[160];     /* scheme://host:port, for messages */
	int64_t    deadline_ms;
	wvlv_equated_day *eq;        /* dry run: the lapse is computed, not recorded */
	size_t     neq;
	/* what this run reported */
	int approaching, lapsed, released, ending;
	int webhook_delivered, webhook_failed, webhook_not_sent;
	int skipped;                 /* offers that changed while the job ran */
	int errors;
	int webhook_failures_in_a_row;
	bool webhook_given_up;
	bool out_of_time;
	bool db_lost;                /* the database went away: stop */
	int not_processed;
} alerts_run;

static int usage_error(const char *fmt, const char *arg)
{
	return cli_usage_error("alerts", alerts_usage, fmt, arg);
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
	*a = (alerts_args){ .today = WVLV_DATE_NONE, .within = WVLV_ALERT_WITHIN_DEFAULT,
			    .max_seconds = ALERTS_MAX_SECONDS_DEFAULT };
	const char *env_hook = getenv("WVLV_ALERT_WEBHOOK");
	if (env_hook && *env_hook)
		a->webhook_url = env_hook;
	int c;
	optind = 1;
	opterr = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		wvlv_error err;
		wvlv_error_clear(&err);
		switch (c) {
		case 't':
			if (wvlv_date_parse(optarg, &a->today, &err) != WVLV_OK)
				return usage_error("--today must be a date YYYY-MM-DD, not \"%s\"",
						   optarg);
			break;
		case 'w':
			if (!parse_int(optarg, 0, WVLV_ALERT_WITHIN_MAX, &a->within))
				return usage_error("--within-days must be a whole number from 0 to 365, "
						   "not \"%s\"", optarg);
			break;
		case 'f':
			if (!strcmp(optarg, "json"))
				a->json = true;
			else if (!strcmp(optarg, "text"))
				a->json = false;
			else
				return usage_error("--format must be text or json, not \"%s\"", optarg);
			break;
		case 'k': a->webhook_url = optarg; break;
		case 'n': a->dry_run = true; break;
		case 'm':
			if (!parse_int(optarg, 1, 86400, &a->max_seconds))
				return usage_error("--max-seconds must be a whole number from 1 to 86400, "
						   "not \"%s\"", optarg);
			break;
		case 'd': setenv("WVLV_DATABASE_URL", optarg, 1); break;
		case 'h': fputs(alerts_usage, stdout); return 0;
		default: fputs("\n", stderr); fputs(alerts_usage, stderr); return 2;
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument \"%s\"", argv[optind]);
	if (a->webhook_url) {
		char why[128];
		if (!webhook_url_ok(a->webhook_url, why, sizeof(why))) {
			fprintf(stderr, "wvlv alerts: --webhook%s: %s.\n\n",
				a->webhook_url == getenv("WVLV_ALERT_WEBHOOK") ? " (WVLV_ALERT_WEBHOOK)" : "",
				why);
			fputs(alerts_usage, stderr);
			return 2;
		}
	}
	wvlv_date real_today = wvlv_date_today_amsterdam();
	if (a->today == WVLV_DATE_NONE)
		a->today = real_today;
	if (a->today > real_today && !a->dry_run) {
		char day[WVLV_DATE_STRLEN];
		return usage_error("--today may lie after today (%s, Europe/Amsterdam) only with "
				   "--dry-run: nothing is recorded for a night that has not come",
				   wvlv_date_format(real_today, day));
	}
	return -1;
}

/* ---- output -------------------------------------------------------------------------- */

static void print_alert(const alerts_run *run, const wvlv_alert *a, const char *payload)
{
	if (run->a->json) {
		printf("%s\n", payload);
	} else {
		char text[WVLV_ALERT_TEXT_MAX];
		printf("%s\n", wvlv_alert_text(a, text, sizeof(text)));
	}
	fflush(stdout);
}

static void count_alert(alerts_run *run, wvlv_alert_kind kind)
{
	switch (kind) {
	case WVLV_ALERT_RESPONSE_APPROACHING:
	case WVLV_ALERT_FILING_APPROACHING: run->approaching++; break;
	case WVLV_ALERT_RESPONSE_MISSED: run->lapsed++; break;
	case WVLV_ALERT_FILING_MISSED: run->released++; break;
	case WVLV_ALERT_DESIGNATION_ENDING: run->ending++; break;
	}
}

static void print_summary(const alerts_run *run)
{
	const alerts_args *a = run->a;
	char day[WVLV_DATE_STRLEN];
	wvlv_date_format(a->today, day);
	if (a->json) {
		json_t *s = json_pack("{s:s, s:i, s:i, s:i, s:i, s:i, s:b}", "today", day,
				      "withinDays", a->within, "approaching", run->approaching,
				      "lapsed", run->lapsed, "released", run->released,
				      "designationsEnding", run->ending, "dryRun", a->dry_run);
		if (!s)
			return;
		if (run->wh || a->webhook_url) {
			json_object_set_new(s, "webhook", json_string(run->wh_name));
			json_object_set_new(s, "webhookDelivered", json_integer(run->webhook_delivered));
			json_object_set_new(s, a->dry_run ? "webhookNotSent" : "webhookFailures",
					    json_integer(a->dry_run ? run->webhook_not_sent
								    : run->webhook_failed));
		} else {
			json_object_set_new(s, "webhookFailures", json_integer(0));
		}
		json_object_set_new(s, "skipped", json_integer(run->skipped));
		json_object_set_new(s, "errors", json_integer(run->errors));
		json_object_set_new(s, "notProcessed", json_integer(run->not_processed));
		json_t *o = json_pack("{s:o}", "summary", s);
		char *line = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
		if (line)
			printf("%s\n", line);
		free(line);
		json_decref(o);
	} else if (a->dry_run) {
		printf("summary (dry run, nothing changed): %d approaching, %d missed (would lapse), "
		       "%d would be released, %d designation%s ending",
		       run->approaching, run->lapsed, run->released, run->ending,
		       run->ending == 1 ? "" : "s");
		if (a->webhook_url)
			printf("; webhook %s: %d not sent (dry run)", run->wh_name,
			       run->webhook_not_sent);
		printf("\n");
	} else {
		printf("summary: %d approaching, %d missed (lapsed), %d released, %d designation%s "
		       "ending, %d webhook failure%s",
		       run->approaching, run->lapsed, run->released, run->ending,
		       run->ending == 1 ? "" : "s", run->webhook_failed,
		       run->webhook_failed == 1 ? "" : "s");
		if (run->wh)
			printf("; webhook %s: %d delivered", run->wh_name, run->webhook_delivered);
		if (run->skipped)
			printf("; %d skipped (changed meanwhile)", run->skipped);
		if (run->errors)
			printf("; %d errors (see stderr)", run->errors);
		if (run->not_processed)
			printf("; %d not processed (%s)", run->not_processed,
			       run->db_lost ? "database unavailable" : "time limit");
		printf("\n");
	}
	fflush(stdout);
}

/* "response-missed of offer <id> (due 2026-11-27, threshold 0)" */
static void describe_key(const wvlv_ledger_key *key, char *buf, size_t size)
{
	char due[WVLV_DATE_STRLEN];
	snprintf(buf, size, "%s of %s (due %s, threshold %d)", key->kind, key->entity_id,
		 wvlv_date_format(key->due_date, due), key->threshold);
}

/* An error of the database itself (not of one offer): after it, stop. */
static void note_db_error(alerts_run *run, const wvlv_error *err)
{
	if (err->status == WVLV_EUNAVAIL && !run->db_lost) {
		run->db_lost = true;
		fprintf(stderr, "wvlv alerts: the database became unavailable (%s); stopping: the "
				"rest is done on the next run\n",
			err->detail);
	}
}

static wvlv_caller system_caller(const char *municipality, wvlv_date today)
{
	wvlv_caller c = { .role = WVLV_ROLE_ADMIN };
	char day[WVLV_DATE_STRLEN];
	snprintf(c.municipality_code, sizeof(c.municipality_code), "%s", municipality);
	snprintf(c.label, sizeof(c.label), "system");
	snprintf(c.request_id, sizeof(c.request_id), "wvlv alerts %s",
		 wvlv_date_format(today, day));
	return c;
}

static wvlv_caller national_caller(void)
{
	wvlv_caller c = { .national = true, .role = WVLV_ROLE_READER };
	snprintf(c.label, sizeof(c.label), "wvlv alerts");
	return c;
}

/* A transaction scoped to caller (row-level security: the ledger and the offers
 * of that municipality, or reading all of them for the national caller). */
static wvlv_status begin_as(alerts_run *run, const wvlv_caller *caller, wvlv_error *err)
{
	wvlv_status st = wvlv_db_begin(run->db, err);
	if (st == WVLV_OK && (st = wvlv_db_set_caller(run->db, caller, err)) != WVLV_OK)
		wvlv_db_rollback(run->db);
	return st;
}

static wvlv_status commit_or_rollback(alerts_run *run, wvlv_status st, wvlv_error *err)
{
	if (st == WVLV_OK)
		return wvlv_db_commit(run->db, err);
	wvlv_db_rollback(run->db);
	return st;
}

/* ---- the webhook --------------------------------------------------------------------- */

static void deliver(alerts_run *run, const wvlv_ledger_key *key, const char *municipality,
		    const char *payload)
{
	char what[160];
	describe_key(key, what, sizeof(what));
	webhook_result res = { 0 };
	if (run->webhook_given_up) {
		snprintf(res.error, sizeof(res.error),
			 "not attempted: the webhook failed %d alerts in a row on this run",
			 ALERTS_GIVE_UP_AFTER);
	} else {
		webhook_post(run->wh, payload, &res);
	}
	wvlv_error err;
	wvlv_error_clear(&err);
	wvlv_caller sys = system_caller(municipality, run->a->today);
	wvlv_status st = begin_as(run, &sys, &err);
	if (st == WVLV_OK) {
		st = wvlv_store_ledger_attempted(run->db, key, WVLV_CHANNEL_WEBHOOK, res.attempts,
						 res.delivered, res.delivered ? NULL : res.error,
						 &err);
		st = commit_or_rollback(run, st, &err);
	}
	if (st != WVLV_OK) {
		run->errors++;
		fprintf(stderr, "wvlv alerts: could not record the webhook delivery of %s: %s%s\n",
			what, err.detail,
			res.delivered ? " (it was delivered and may be sent again on the next run)" : "");
		note_db_error(run, &err);
	}
	if (res.delivered) {
		run->webhook_delivered++;
		run->webhook_failures_in_a_row = 0;
		return;
	}
	run->webhook_failed++;
	if (res.attempts > 0)
		fprintf(stderr,
			"wvlv alerts: webhook %s: alert %s not delivered after %d attempt%s: %s; it is "
			"tried again on the next run\n",
			run->wh_name, what, res.attempts, res.attempts == 1 ? "" : "s", res.error);
	else
		fprintf(stderr,
			"wvlv alerts: webhook %s: alert %s not delivered (%s); it is tried again on "
			"the next run\n",
			run->wh_name, what, res.error);
	if (res.attempts > 0 && ++run->webhook_failures_in_a_row >= ALERTS_GIVE_UP_AFTER &&
	    !run->webhook_given_up) {
		run->webhook_given_up = true;
		fprintf(stderr,
			"wvlv alerts: webhook %s failed %d alerts in a row; no further attempts on "
			"this run (the alerts are recorded and tried again on the next run)\n",
			run->wh_name, ALERTS_GIVE_UP_AFTER);
	}
}

/* Webhook deliveries of missed deadlines that failed on an earlier run: their
 * offer has left the deadline overview, so the stored body is sent again. */
static void retry_pending(alerts_run *run)
{
	static const char *const kinds[] = { "response-missed", "filing-missed" };
	wvlv_arena *arena = wvlv_arena_create();
	wvlv_ledger_row *rows = NULL;
	size_t n = 0;
	wvlv_error err;
	wvlv_error_clear(&err);
	wvlv_caller national = national_caller();
	wvlv_status st = begin_as(run, &national, &err);
	if (st == WVLV_OK) {
		st = wvlv_store_ledger_pending(run->db, arena, WVLV_CHANNEL_WEBHOOK, kinds, 2,
					       ALERTS_RETRY_LIMIT, &rows, &n, &err);
		st = commit_or_rollback(run, st, &err);
	}
	if (st != WVLV_OK) {
		run->errors++;
		fprintf(stderr, "wvlv alerts: could not read the pending webhook deliveries: %s\n",
			err.detail);
		note_db_error(run, &err);
		n = 0;
	}
	for (size_t i = 0; i < n; i++) {
		if (run->db_lost || (int64_t)clock_mono_ms() > run->deadline_ms) {
			run->out_of_time = !run->db_lost;
			run->not_processed += (int)(n - i);
			break;
		}
		wvlv_ledger_key key = { .kind = rows[i].kind, .entity_id = rows[i].entity_id,
					.due_date = rows[i].due_date,
					.threshold = rows[i].threshold };
		deliver(run, &key, rows[i].municipality_code, rows[i].payload);
	}
	wvlv_arena_destroy(arena);
}

/* ---- one alert ------------------------------------------------------------------------ */

static wvlv_offer_event missed_event(const wvlv_alert *a)
{
	return (wvlv_offer_event){ .type = a->kind == WVLV_ALERT_RESPONSE_MISSED
						   ? WVLV_EVENT_LAPSE
						   : WVLV_EVENT_RELEASE,
				   .on = a->today,
				   .moved_to = WVLV_DATE_NONE };
}

/* An offer that a clerk decided (or that moved) since the overview was read
 * is no longer overdue: not an error of the job. */
static bool changed_meanwhile(const wvlv_error *err)
{
	return err->status == WVLV_ECONFLICT || err->status == WVLV_ENOTFOUND;
}

static void skip_or_fail(alerts_run *run, const wvlv_alert *a, const wvlv_error *err)
{
	const char *what = a->kind == WVLV_ALERT_RESPONSE_MISSED ? "lapse" : "release";
	if (changed_meanwhile(err)) {
		run->skipped++;
		fprintf(stderr, "wvlv alerts: offer %s was not marked (%s): %s\n",
			a->sale_notification_id, what, err->detail);
		return;
	}
	run->errors++;
	fprintf(stderr, "wvlv alerts: could not record the %s of offer %s (%s): %s\n", what,
		a->sale_notification_id, a->municipality_code, err->detail);
	note_db_error(run, err);
}

/* --dry-run: what the lapse / release would lead to, computed by the same
 * state machine without recording anything. */
static bool preview_missed(alerts_run *run, wvlv_arena *arena, wvlv_alert *a)
{
	wvlv_error err;
	wvlv_error_clear(&err);
	wvlv_caller national = national_caller();
	wvlv_offer cur;
	wvlv_offer_event ev = missed_event(a);
	wvlv_offer_state next;
	wvlv_status st = wvlv_offers_get(run->db, arena, &national, a->sale_notification_id,
					 WVLV_CRS_CRS84, &cur, &err);
	if (st == WVLV_OK)
		st = wvlv_offer_apply(&cur.state, &ev, run->eq, run->neq, &next, &err);
	if (st != WVLV_OK) {
		skip_or_fail(run, a, &err);
		return false;
	}
	a->free_to_sell_until = next.free_to_sell_until;
	return true;
}

static char *alert_payload(const wvlv_alert *a)
{
	json_t *o = wvlv_alert_json(a);
	char *s = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(o);
	return s;
}

static void process_dry(alerts_run *run, wvlv_arena *arena, wvlv_alert *a,
			const wvlv_ledger_state *ls)
{
	a->dry_run = true;
	if (wvlv_alert_kind_is_missed(a->kind) && !preview_missed(run, arena, a))
		return;
	char *payload = alert_payload(a);
	if (!payload) {
		run->errors++;
		fprintf(stderr, "wvlv alerts: out of memory\n");
		return;
	}
	if (!ls->stdout_delivered || wvlv_alert_kind_is_missed(a->kind)) {
		print_alert(run, a, payload);
		count_alert(run, a->kind);
	}
	if (run->a->webhook_url && !ls->webhook_delivered)
		run->webhook_not_sent++;
	free(payload);
}

/* What the ledger has of the alert; in a dry run within its read-only
 * national transaction, else in the transaction (scoped to the alert's
 * municipality) that is open. */
static bool ledger_state(alerts_run *run, const wvlv_ledger_key *key, wvlv_ledger_state *ls)
{
	wvlv_error err;
	wvlv_error_clear(&err);
	if (wvlv_store_ledger_state(run->db, key, ls, &err) == WVLV_OK)
		return true;
	run->errors++;
	fprintf(stderr, "wvlv alerts: could not read the ledger: %s\n", err.detail);
	note_db_error(run, &err);
	return false;
}

/* One transaction, scoped to the alert's municipality: the lapse or release
 * (if any) and the ledger rows; then the line, then the webhook. */
static void process_alert(alerts_run *run, wvlv_alert *a, const wvlv_ledger_key *key)
{
	bool missed = wvlv_alert_kind_is_missed(a->kind);
	wvlv_ledger_state ls;
	wvlv_arena *arena = wvlv_arena_create();
	if (run->a->dry_run) {
		if (ledger_state(run, key, &ls))
			process_dry(run, arena, a, &ls);
		wvlv_arena_destroy(arena);
		return;
	}

	wvlv_error err;
	wvlv_error_clear(&err);
	wvlv_caller sys = system_caller(a->municipality_code, a->today);
	wvlv_status st = begin_as(run, &sys, &err);
	if (st != WVLV_OK) {
		run->errors++;
		fprintf(stderr, "wvlv alerts: %s\n", err.detail);
		note_db_error(run, &err);
		wvlv_arena_destroy(arena);
		return;
	}
	if (!ledger_state(run, key, &ls)) {
		wvlv_db_rollback(run->db);
		wvlv_arena_destroy(arena);
		return;
	}
	bool need_stdout = !ls.stdout_delivered;
	bool need_webhook = run->a->webhook_url && !ls.webhook_delivered;
	/* a missed deadline is recorded whatever the ledger says */
	if (!missed && !need_stdout && !need_webhook) {
		wvlv_db_rollback(run->db);
		wvlv_arena_destroy(arena);
		return;
	}
	if (missed) {
		wvlv_offer_event ev = missed_event(a);
		wvlv_offer out;
		st = wvlv_offers_post_event(run->db, arena, &sys, a->sale_notification_id, NULL, &ev,
					    NULL, true, a->today, WVLV_CRS_CRS84, &out, &err);
		if (st != WVLV_OK) {
			wvlv_db_rollback(run->db);
			skip_or_fail(run, a, &err);
			wvlv_arena_destroy(arena);
			return;
		}
		a->free_to_sell_until = out.state.free_to_sell_until;
	}
	char *payload = alert_payload(a);
	if (!payload)
		st = wvlv_error_set(&err, WVLV_ENOMEM, "out-of-memory", "out of memory");
	bool print = false;
	if (st == WVLV_OK && need_stdout)
		st = wvlv_store_ledger_record(run->db, key, a->municipality_code,
					      WVLV_CHANNEL_STDOUT, a->today, true, payload, &print,
					      &err);
	if (st == WVLV_OK && need_webhook)
		st = wvlv_store_ledger_record(run->db, key, a->municipality_code,
					      WVLV_CHANNEL_WEBHOOK, a->today, false, payload, NULL,
					      &err);
	st = commit_or_rollback(run, st, &err);
	if (st != WVLV_OK) {
		run->errors++;
		char what[160];
		describe_key(key, what, sizeof(what));
		fprintf(stderr, "wvlv alerts: could not record alert %s: %s\n", what, err.detail);
		note_db_error(run, &err);
	} else {
		if (print) {
			print_alert(run, a, payload);
			count_alert(run, a->kind);
		}
		if (need_webhook)
			deliver(run, key, a->municipality_code, payload);
	}
	free(payload);
	wvlv_arena_destroy(arena);
}

/* ---- the run ----------------------------------------------------------------------------- */

static wvlv_alert_subject subject_of(wvlv_deadline_kind k)
{
	return k == WVLV_DL_RESPONSE ? WVLV_SUBJECT_RESPONSE
	       : k == WVLV_DL_COURT_FILING ? WVLV_SUBJECT_COURT_FILING
					   : WVLV_SUBJECT_DESIGNATION_END;
}

/* The overview as a national caller (and, for a dry run, the equated days). */
static wvlv_status read_overview(alerts_run *run, wvlv_arena *arena, wvlv_deadline_row **rows,
				 size_t *n, wvlv_error *err)
{
	const alerts_args *a = run->a;
	wvlv_caller national = national_caller();
	wvlv_status st = wvlv_db_begin(run->db, err);
	if (st == WVLV_OK && a->dry_run)
		st = wvlv_store_transaction_read_only(run->db, err);
	if (st == WVLV_OK)
		st = wvlv_db_set_caller(run->db, &national, err);
	if (st == WVLV_OK)
		st = wvlv_store_deadlines(run->db, arena, a->today, a->today + a->within,
					  a->today + WVLV_ALERT_DESIGNATION_WINDOW, rows, n, err);
	if (st == WVLV_OK && a->dry_run)
		st = wvlv_store_equated_list(run->db, arena, &run->eq, &run->neq, err);
	if (st != WVLV_OK)
		wvlv_db_rollback(run->db);
	else if (!a->dry_run) /* a dry run keeps its read-only transaction to the end */
		st = wvlv_db_commit(run->db, err);
	return st;
}

static void run_alerts(alerts_run *run, const wvlv_deadline_row *rows, size_t n)
{
	const alerts_args *a = run->a;
	for (size_t i = 0; i < n; i++) {
		if (run->db_lost || (int64_t)clock_mono_ms() > run->deadline_ms) {
			run->out_of_time = !run->db_lost;
			run->not_processed += (int)(n - i);
			break;
		}
		const wvlv_deadline_row *r = &rows[i];
		wvlv_alert al = { .today = a->today, .date = r->date,
				  .municipality_code = r->municipality_code,
				  .designation_id = r->designation_id,
				  .designation_name = r->designation_name,
				  .sale_notification_id = r->sale_notification_id,
				  .free_to_sell_until = WVLV_DATE_NONE,
				  .cap_date = WVLV_DATE_NONE };
		if (!wvlv_alert_due(subject_of(r->kind), r->date, a->today, a->within, &al.kind,
				    &al.threshold))
			continue;
		al.days_left = (int)(r->date - a->today);
		if (al.kind == WVLV_ALERT_DESIGNATION_ENDING)
			al.outlook = wvlv_alert_extension_outlook(r->designated_from, r->date,
								  r->n_periods, &al.cap_date,
								  &al.extensions_left);
		else if (!r->sale_notification_id)
			continue;
		wvlv_ledger_key key = {
			.kind = wvlv_alert_kind_name(al.kind),
			.entity_id = al.kind == WVLV_ALERT_DESIGNATION_ENDING ? r->designation_id
									      : r->sale_notification_id,
			.due_date = r->date,
			.threshold = al.threshold,
		};
		process_alert(run, &al, &key);
	}
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

	alerts_run run = { .a = &a, .deadline_ms = (int64_t)clock_mono_ms() + (int64_t)a.max_seconds * 1000 };
	if (a.webhook_url)
		webhook_describe(a.webhook_url, run.wh_name, sizeof(run.wh_name));

	wvlv_error err;
	wvlv_error_clear(&err);
	wvlv_db_options o = { .conninfo = cfg.database_url, .set_role = WVLV_SERVER_ROLE,
			      .statement_timeout_ms = cfg.statement_timeout_ms,
			      .application_name = "wvlv alerts" };
	if (wvlv_db_connect(&o, &run.db, &err) != WVLV_OK)
		return cli_connect_failed("alerts", &cfg, &err);
	bool ready = false, locked = false;
	if (wvlv_store_alerts_schema_ready(run.db, &ready, &err) != WVLV_OK ||
	    (ready && wvlv_store_job_try_lock(run.db, "alerts", &locked, &err) != WVLV_OK)) {
		fprintf(stderr, "wvlv alerts: %s\n", err.detail);
		wvlv_db_close(run.db);
		return 1;
	}
	if (!ready || !locked) {
		fprintf(stderr, !ready ? "wvlv alerts: the database has no alert ledger yet: run "
					 "`wvlv migrate` first\n"
				       : "wvlv alerts: another `wvlv alerts` run is in progress on "
					 "this database; nothing done (try again when it is done)\n");
		wvlv_db_close(run.db);
		return 1;
	}

	if (a.webhook_url && !a.dry_run) {
		curl_global_init(CURL_GLOBAL_DEFAULT);
		webhook_options wo = { .deadline_ms = run.deadline_ms,
				       .user_agent = "wvlv/" WVLV_API_VERSION };
		if (!(run.wh = webhook_create(a.webhook_url, &wo))) {
			fprintf(stderr, "wvlv alerts: cannot set up the webhook (out of memory)\n");
			wvlv_store_job_unlock(run.db, "alerts");
			wvlv_db_close(run.db);
			curl_global_cleanup();
			return 1;
		}
	}

	wvlv_arena *arena = wvlv_arena_create();
	wvlv_deadline_row *rows = NULL;
	size_t n = 0;
	int status = 0;
	if (read_overview(&run, arena, &rows, &n, &err) != WVLV_OK) {
		if (err.status == WVLV_EUNAVAIL)
			fprintf(stderr, "wvlv alerts: the database became unavailable: %s\n",
				err.detail);
		else
			fprintf(stderr, "wvlv alerts: could not read the deadlines: %s\n",
				err.detail);
		status = 1;
	} else {
		if (run.wh)
			retry_pending(&run);
		run_alerts(&run, rows, n);
		if (a.dry_run)
			wvlv_db_rollback(run.db);
		if (run.out_of_time)
			fprintf(stderr,
				"wvlv alerts: stopped after --max-seconds %d s; %d alert(s) or "
				"deliveries not processed: they are done on the next run\n",
				a.max_seconds, run.not_processed);
		print_summary(&run);
		if (run.errors || run.webhook_failed || run.out_of_time || run.db_lost ||
		    ferror(stdout))
			status = 1;
	}
	wvlv_arena_destroy(arena);
	wvlv_store_job_unlock(run.db, "alerts");
	wvlv_db_close(run.db);
	if (run.wh) {
		webhook_destroy(run.wh);
		curl_global_cleanup();
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "wvlv alerts: could not write the report to stdout\n");
		status = 1;
	}
	return status;
}
