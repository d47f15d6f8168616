/* alerts.c — the nightly alert job: the deadline overview, then one
 * transaction per alert (see app_alerts.h; the webhook is alerts_webhook.c). */
#include "wvlv/app_alerts.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alerts_run.h"
#include "wvlv/clock.h"
#include "wvlv/designation.h"
#include "offers.h"
#include "wvlv/store_decrees.h"

/* How far the work on one alert got; where it failed says how to name it. */
typedef enum alert_step {
	ALERT_BEGIN,    /* its transaction did not open */
	ALERT_LEDGER,   /* the ledger could not be read */
	ALERT_MARK,     /* the lapse or release was not recorded (dry run: not computed) */
	ALERT_RECORD    /* its ledger rows or the commit failed */
} alert_step;

/* What the transaction of one alert did. */
typedef struct alert_work {
	alert_step step;
	bool       skip;      /* reported everywhere already: nothing to do */
	bool       print;     /* its stdout row is new: hand it to the sink */
	bool       deliver;   /* POST it to the webhook */
	char      *payload;   /* the alert as JSON (malloc'd) */
	bool       print_wanted; /* its stdout row was not in the ledger when it began */
} alert_work;

/* ---- one alert ------------------------------------------------------------------------------ */

static void report_alert(alerts_run *run, const wvlv_alert *a, const char *payload)
{
	if (run->sink->alert)
		run->sink->alert(run->sink->cls, a, payload);
	switch (a->kind) {
	case WVLV_ALERT_RESPONSE_APPROACHING:
	case WVLV_ALERT_FILING_APPROACHING: run->report->approaching++; break;
	case WVLV_ALERT_RESPONSE_MISSED: run->report->lapsed++; break;
	case WVLV_ALERT_FILING_MISSED: run->report->released++; break;
	case WVLV_ALERT_DESIGNATION_ENDING: run->report->ending++; break;
	case WVLV_ALERT_DECREE_MISSING: run->report->decree_missing++; break;
	case WVLV_ALERT_DECISION_RECORDED_LATE: run->report->recorded_late++; break;
	}
}

static char *alert_payload(const wvlv_alert *a)
{
	json_t *o = wvlv_alert_json(a);
	char *s = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(o);
	return s;
}

static wvlv_offer_event missed_event(const wvlv_alert *a)
{
	return (wvlv_offer_event){ .type = a->kind == WVLV_ALERT_RESPONSE_MISSED
						   ? WVLV_EVENT_LAPSE
						   : WVLV_EVENT_RELEASE,
				   .on = a->today,
				   .moved_to = WVLV_DATE_NONE };
}

/* Name the failure of one alert.  An offer that a clerk decided (or that
 * moved) since the overview was read is no longer overdue: skipped, not an
 * error of the job. */
static void name_failure(alerts_run *run, const wvlv_alert *a, const wvlv_ledger_key *key,
			 alert_step step, const wvlv_error *err)
{
	const char *what = a->kind == WVLV_ALERT_RESPONSE_MISSED ? "lapse" : "release";
	char alert[160];
	if (step == ALERT_MARK &&
	    (err->status == WVLV_ECONFLICT || err->status == WVLV_ENOTFOUND)) {
		run->report->skipped++;
		alerts_tell(run, "offer %s was not marked (%s): %s", a->sale_notification_id, what,
			    err->detail);
		return;
	}
	run->report->errors++;
	switch (step) {
	case ALERT_BEGIN: alerts_tell(run, "%s", err->detail); break;
	case ALERT_LEDGER: alerts_tell(run, "could not read the ledger: %s", err->detail); break;
	case ALERT_MARK:
		alerts_tell(run, "could not record the %s of offer %s (%s): %s", what,
			    a->sale_notification_id, a->municipality_code, err->detail);
		break;
	case ALERT_RECORD:
		alerts_describe_key(key, alert, sizeof(alert));
		alerts_tell(run, "could not record alert %s: %s", alert, err->detail);
		break;
	}
	alerts_note_db_error(run, err);
}

/* --dry-run: what the lapse / release would lead to, computed by the same
 * state machine without recording anything. */
static wvlv_status preview_missed(alerts_run *run, wvlv_arena *arena, wvlv_alert *a,
				  wvlv_error *err)
{
	wvlv_caller national = app_national_caller("wvlv alerts");
	wvlv_offer cur;
	wvlv_offer_event ev = missed_event(a);
	wvlv_offer_state next;
	wvlv_status st = wvlv_offers_get(run->db, arena, &national, a->sale_notification_id,
					 WVLV_CRS_CRS84, &cur, err);
	if (st == WVLV_OK)
		st = wvlv_offer_apply(&cur.state, &ev, run->eq, run->neq, &next, err);
	if (st == WVLV_OK)
		a->free_to_sell_until = next.free_to_sell_until;
	return st;
}

/* --dry-run: what would be reported, read in the run's read-only national
 * transaction. */
static void process_dry(alerts_run *run, wvlv_arena *arena, wvlv_alert *a,
			const wvlv_ledger_key *key)
{
	bool missed = wvlv_alert_kind_is_missed(a->kind);
	alert_step step = ALERT_LEDGER;
	wvlv_ledger_state ls;
	char *payload = NULL;
	wvlv_error err;
	wvlv_error_clear(&err);
	wvlv_status st = wvlv_store_ledger_state(run->db, key, &ls, &err);
	a->dry_run = true;
	if (st == WVLV_OK && missed) {
		step = ALERT_MARK;
		st = preview_missed(run, arena, a, &err);
	}
	if (st != WVLV_OK) {
		name_failure(run, a, key, step, &err);
	} else if (!(payload = alert_payload(a))) {
		run->report->errors++;
		alerts_tell(run, "out of memory");
	} else {
		if (!ls.stdout_delivered || missed)
			report_alert(run, a, payload);
		if (run->o->webhook_url && !ls.webhook_delivered)
			run->report->webhook_not_sent++;
	}
	free(payload);
}

/* Inside the alert's open transaction: the lapse or release (a missed
 * deadline is recorded whatever the ledger says), then its ledger rows. */
static wvlv_status record_alert(alerts_run *run, wvlv_arena *arena, const wvlv_caller *sys,
				wvlv_alert *a, const wvlv_ledger_key *key, alert_work *w,
				wvlv_error *err)
{
	bool missed = wvlv_alert_kind_is_missed(a->kind);
	wvlv_ledger_state ls;
	w->step = ALERT_LEDGER;
	wvlv_status st = wvlv_store_ledger_state(run->db, key, &ls, err);
	if (st != WVLV_OK)
		return st;
	bool need_stdout = !ls.stdout_delivered;
	w->print_wanted = need_stdout;
	w->deliver = run->o->webhook_url && !ls.webhook_delivered;
	w->skip = !missed && !need_stdout && !w->deliver;
	if (w->skip)
		return WVLV_OK;
	if (missed) {
		wvlv_offer_event ev = missed_event(a);
		wvlv_offer out;
		w->step = ALERT_MARK;
		st = wvlv_offers_post_event(run->db, arena, sys, a->sale_notification_id, NULL, &ev,
					    NULL, true, a->today, WVLV_CRS_CRS84, &out, err);
		if (st != WVLV_OK)
			return st;
		a->free_to_sell_until = out.state.free_to_sell_until;
	}
	w->step = ALERT_RECORD;
	if (!(w->payload = alert_payload(a)))
		return wvlv_error_set(err, WVLV_ENOMEM, "out-of-memory", "out of memory");
	if (need_stdout)
		st = wvlv_store_ledger_record(run->db, key, a->municipality_code,
					      WVLV_CHANNEL_STDOUT, a->today, true, w->payload,
					      &w->print, err);
	if (st == WVLV_OK && w->deliver)
		st = wvlv_store_ledger_record(run->db, key, a->municipality_code,
					      WVLV_CHANNEL_WEBHOOK, a->today, false, w->payload, NULL,
					      err);
	return st;
}

/* The connection was lost while the alert's rows were written or committed,
 * and the run is connected again: whether the commit went through (the
 * answer to COMMIT can be lost with the connection).  The ledger says: a
 * stdout row that was new to this run and is there now was written by it. */
static bool committed_before_loss(alerts_run *run, const wvlv_ledger_key *key,
				  const alert_work *w)
{
	wvlv_ledger_state ls;
	wvlv_error err;
	wvlv_error_clear(&err);
	wvlv_caller national = app_national_caller("wvlv alerts");
	bool done = w->step == ALERT_RECORD && w->print_wanted &&
		    app_begin(run->db, &national, true, &err) == WVLV_OK &&
		    wvlv_store_ledger_state(run->db, key, &ls, &err) == WVLV_OK &&
		    ls.stdout_delivered;
	wvlv_db_rollback(run->db);
	return done;
}

/* The alert's transaction: begin, record, commit (or only read). */
static wvlv_status attempt_alert(alerts_run *run, wvlv_arena *arena, const wvlv_caller *sys,
				 wvlv_alert *a, const wvlv_ledger_key *key, alert_work *w,
				 wvlv_error *err)
{
	wvlv_status st = app_begin(run->db, sys, false, err);
	if (st == WVLV_OK)
		st = record_alert(run, arena, sys, a, key, w, err);
	if (st == WVLV_OK && w->skip)
		wvlv_db_rollback(run->db);   /* it only read */
	else if (w->step != ALERT_BEGIN)
		st = app_end(run->db, st, err);
	return st;
}

/* One transaction, scoped to the alert's municipality; after it committed,
 * the alert goes to the sink, then to the webhook.  When the connection is
 * lost (a failover), the run connects again and the alert is done there —
 * or, if its commit went through before the loss, only handed on. */
static void process_live(alerts_run *run, wvlv_arena *arena, wvlv_alert *a,
			 const wvlv_ledger_key *key)
{
	alert_work w = { .step = ALERT_BEGIN };
	wvlv_error err;
	wvlv_error_clear(&err);
	wvlv_caller sys = alerts_system_caller(run, a->municipality_code);
	wvlv_status st = attempt_alert(run, arena, &sys, a, key, &w, &err);
	if (st == WVLV_EUNAVAIL && !strcmp(err.code, "database-unavailable") &&
	    alerts_reconnect(run)) {
		if (committed_before_loss(run, key, &w)) {
			w.print = true;
			st = WVLV_OK;
		} else {
			free(w.payload);
			w = (alert_work){ .step = ALERT_BEGIN };
			wvlv_error_clear(&err);
			st = attempt_alert(run, arena, &sys, a, key, &w, &err);
		}
	}
	if (st != WVLV_OK) {
		name_failure(run, a, key, w.step, &err);
	} else if (!w.skip) {
		if (w.print)
			report_alert(run, a, w.payload);
		if (w.deliver)
			alerts_deliver(run, key, a->municipality_code, w.payload);
	}
	free(w.payload);
}

static void process_alert(alerts_run *run, wvlv_alert *a, const wvlv_ledger_key *key)
{
	wvlv_arena *arena = wvlv_arena_create();
	if (run->o->dry_run)
		process_dry(run, arena, a, key);
	else
		process_live(run, arena, a, key);
	wvlv_arena_destroy(arena);
}

/* ---- the run ----------------------------------------------------------------------------- */

/* The alert a row of the overview is tonight, if it is one (the domain
 * decides); its ledger key points into the row and the alert. */
static bool alert_of_row(const alerts_run *run, const wvlv_deadline_row *r, wvlv_alert *al,
			 wvlv_ledger_key *key)
{
	const wvlv_app_alerts_options *o = run->o;
	*al = (wvlv_alert){ .today = o->today, .date = r->date,
			    .municipality_code = r->municipality_code,
			    .designation_id = r->designation_id,
			    .designation_name = r->designation_name,
			    .sale_notification_id = r->sale_notification_id,
			    .free_to_sell_until = WVLV_DATE_NONE,
			    .cap_date = WVLV_DATE_NONE };
	if (!wvlv_alert_due(r->kind, r->date, o->today, o->within_days, &al->kind, &al->threshold))
		return false;
	al->days_left = (int)(r->date - o->today);
	if (al->kind == WVLV_ALERT_DESIGNATION_ENDING)
		al->outlook = wvlv_alert_extension_outlook(r->designated_from, r->date,
							   r->n_periods, &al->cap_date,
							   &al->extensions_left);
	else if (!r->sale_notification_id)
		return false;
	*key = (wvlv_ledger_key){
		.kind = wvlv_alert_kind_name(al->kind),
		.entity_id = al->kind == WVLV_ALERT_DESIGNATION_ENDING ? r->designation_id
								       : r->sale_notification_id,
		.due_date = r->date,
		.threshold = al->threshold,
	};
	return true;
}

/* The alert of a year without a decree for one municipality (docs/law.md
 * §3.5): once per year and municipality, so its ledger key is made of the
 * two (entity 0000YYYY-0000-4000-8000-00000000NNNN, due the first day of
 * the year, threshold 0); id holds the entity. */
static void decree_alert(const alerts_run *run, const wvlv_uncovered_year *u, wvlv_alert *al,
			 wvlv_ledger_key *key, char id[WVLV_UUID_STRLEN])
{
	const char *code = u->municipality_code;
	snprintf(id, WVLV_UUID_STRLEN, "%08d-0000-4000-8000-%012d", u->year,
		 atoi(code[0] && code[1] ? code + 2 : "0"));
	*al = (wvlv_alert){ .kind = WVLV_ALERT_DECREE_MISSING, .today = run->o->today,
			    .date = u->first, .days_left = (int)(u->first - run->o->today),
			    .municipality_code = code, .free_to_sell_until = WVLV_DATE_NONE,
			    .cap_date = WVLV_DATE_NONE, .year = u->year,
			    .deadlines = u->deadlines };
	*key = (wvlv_ledger_key){ .kind = wvlv_alert_kind_name(al->kind), .entity_id = id,
				  .due_date = wvlv_date_from_ymd(u->year, 1, 1), .threshold = 0 };
}

/* The overview as a national caller, the years without a decree (and, for a
 * dry run, the equated days).  A dry run keeps its read-only transaction open
 * to the end. */
static wvlv_status read_overview(alerts_run *run, wvlv_arena *arena, wvlv_deadline_row **rows,
				 size_t *n, wvlv_error *err)
{
	const wvlv_app_alerts_options *o = run->o;
	wvlv_caller national = app_national_caller("wvlv alerts");
	wvlv_status st = app_begin(run->db, &national, o->dry_run, err);
	if (st != WVLV_OK)
		return st;
	st = wvlv_store_deadlines(run->db, arena, NULL, o->today, o->today + o->within_days,
				  o->today + WVLV_ALERT_DESIGNATION_WINDOW, rows, n, err);
	if (st == WVLV_OK)
		st = wvlv_store_uncovered_years(run->db, arena, &run->uncovered, &run->nuncovered,
						err);
	if (st == WVLV_OK && o->dry_run)
		st = wvlv_store_equated_list(run->db, arena, &run->eq, &run->neq, err);
	if (st != WVLV_OK || !o->dry_run)
		st = app_end(run->db, st, err);
	return st;
}

/* Decisions recorded after their response deadline (law.md §6), each
 * reported once like any alert: read as a national caller (in a dry run, in
 * the run's open read-only transaction), then one transaction each. */
static void run_late_decisions(alerts_run *run)
{
	wvlv_arena *arena = wvlv_arena_create();
	const char *kind = wvlv_alert_kind_name(WVLV_ALERT_DECISION_RECORDED_LATE);
	wvlv_caller national = app_national_caller("wvlv alerts");
	wvlv_late_decision *rows = NULL;
	size_t n = 0;
	wvlv_error err;
	wvlv_error_clear(&err);
	wvlv_status st = run->o->dry_run ? WVLV_OK : app_begin(run->db, &national, true, &err);
	if (st == WVLV_OK) {
		st = wvlv_store_late_decisions(run->db, arena, kind, run->o->webhook_url != NULL,
					       &rows, &n, &err);
		if (!run->o->dry_run)
			st = app_end(run->db, st, &err);
	}
	if (st != WVLV_OK) {
		run->report->errors++;
		alerts_tell(run, "could not read the decisions recorded late: %s", err.detail);
		alerts_note_db_error(run, &err);
	}
	for (size_t i = 0; st == WVLV_OK && i < n && !alerts_must_stop(run, n - i); i++) {
		const wvlv_late_decision *d = &rows[i];
		wvlv_alert al = { .kind = WVLV_ALERT_DECISION_RECORDED_LATE, .today = run->o->today,
				  .date = d->response_deadline,
				  .days_left = (int)(d->response_deadline - run->o->today),
				  .municipality_code = d->municipality_code,
				  .designation_id = d->designation_id,
				  .designation_name = d->designation_name,
				  .sale_notification_id = d->sale_notification_id,
				  .free_to_sell_until = WVLV_DATE_NONE, .cap_date = WVLV_DATE_NONE,
				  .decided_on = d->decided_on, .recorded_on = d->recorded_on };
		wvlv_ledger_key key = { .kind = kind, .entity_id = d->sale_notification_id,
					.due_date = d->response_deadline, .threshold = 0 };
		process_alert(run, &al, &key);
	}
	wvlv_arena_destroy(arena);
}

static wvlv_status run_alerts(alerts_run *run, wvlv_error *err)
{
	wvlv_arena *arena = wvlv_arena_create();
	wvlv_deadline_row *rows = NULL;
	size_t n = 0;
	wvlv_status st = read_overview(run, arena, &rows, &n, err);
	if (st != WVLV_OK) {
		run->report->outcome = WVLV_APP_JOB_READ_FAILED;
	} else {
		if (run->wh)
			alerts_retry_pending(run);
		for (size_t i = 0; i < n && !alerts_must_stop(run, n - i); i++) {
			wvlv_alert al;
			wvlv_ledger_key key;
			if (alert_of_row(run, &rows[i], &al, &key))
				process_alert(run, &al, &key);
		}
		for (size_t i = 0; i < run->nuncovered &&
				   !alerts_must_stop(run, run->nuncovered - i); i++) {
			wvlv_alert al;
			wvlv_ledger_key key;
			char id[WVLV_UUID_STRLEN];
			decree_alert(run, &run->uncovered[i], &al, &key, id);
			process_alert(run, &al, &key);
		}
		if (!alerts_must_stop(run, 0))
			run_late_decisions(run);
		if (run->o->dry_run)
			wvlv_db_rollback(run->db);
	}
	wvlv_arena_destroy(arena);
	return st;
}

/* The run in the job's ledger (migration 0012): the alerts reported, and the
 * errors and failed deliveries as its failures. */
static void alerts_record(wvlv_db *db, double started, wvlv_status st,
			  const wvlv_app_alerts_report *r)
{
	long long items = (long long)r->approaching + r->lapsed + r->released + r->ending +
			  r->decree_missing + r->recorded_late;
	long long failures = (long long)r->errors + r->webhook_failed;
	bool ok = st == WVLV_OK && !r->out_of_time && !r->db_lost && failures == 0;
	app_job_record(db, "alerts", started, ok, items, failures);
}

wvlv_status wvlv_app_alerts_run(const wvlv_app_config *cfg, const wvlv_app_alerts_options *o,
				const wvlv_app_alerts_sink *sink, wvlv_app_alerts_report *report,
				wvlv_error *err)
{
	static const wvlv_app_alerts_sink no_sink = { 0 };
	alerts_run run = { .cfg = cfg, .o = o, .sink = sink ? sink : &no_sink, .report = report,
			   .deadline_ms = wvlv_clock_ms_whole() + (int64_t)o->max_seconds * 1000 };
	*report = (wvlv_app_alerts_report){ 0 };
	if (o->webhook_url)
		webhook_describe(o->webhook_url, report->webhook, sizeof(report->webhook));
	double started = wvlv_clock_epoch();
	wvlv_status st = app_job_start(cfg, "alerts", &run.db, &report->outcome, err);
	if (st == WVLV_OK) {
		st = alerts_open_webhook(&run, err);
		if (st == WVLV_OK)
			st = run_alerts(&run, err);
		if (!o->dry_run)
			alerts_record(run.db, started, st, report);
		app_job_finish(run.db, "alerts");
		alerts_close_webhook(&run);
	}
	return st;
}
