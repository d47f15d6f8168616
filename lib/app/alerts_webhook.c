/* alerts_webhook.c — the alert job's webhook: set-up, one delivery with its
 * ledger row, and the deliveries of earlier runs tried again (see
 * app_alerts.h). */
#include <curl/curl.h>
#include <stdio.h>

#include "alerts_run.h"

bool wvlv_app_alerts_webhook_ok(const char *url, char *why, size_t why_size)
{
	return webhook_url_ok(url, why, why_size);
}

wvlv_status alerts_open_webhook(alerts_run *run, wvlv_error *err)
{
	if (!run->o->webhook_url || run->o->dry_run)
		return WVLV_OK;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	run->curl_ready = true;
	webhook_options wo = { .deadline_ms = run->deadline_ms,
			       .user_agent = "wvlv/" WVLV_API_VERSION };
	run->wh = webhook_create(run->o->webhook_url, &wo);
	if (run->wh)
		return WVLV_OK;
	run->report->outcome = WVLV_APP_JOB_NO_WEBHOOK;
	return wvlv_error_set(err, WVLV_ENOMEM, "out-of-memory",
			      "cannot set up the webhook (out of memory)");
}

void alerts_close_webhook(alerts_run *run)
{
	if (!run->curl_ready)
		return;
	webhook_destroy(run->wh);
	run->wh = NULL;
	curl_global_cleanup();
	run->curl_ready = false;
}

/* The outcome of the delivery attempts, in the ledger: a transaction of its
 * own, scoped to the alert's municipality. */
static void record_attempts(alerts_run *run, const wvlv_ledger_key *key,
			    const char *municipality_code, const webhook_result *res,
			    const char *what)
{
	wvlv_error err;
	wvlv_error_clear(&err);
	wvlv_caller sys = alerts_system_caller(run, municipality_code);
	wvlv_status st = app_begin(run->db, &sys, false, &err);
	if (st == WVLV_OK) {
		st = wvlv_store_ledger_attempted(run->db, key, WVLV_CHANNEL_WEBHOOK, res->attempts,
						 res->delivered, res->delivered ? NULL : res->error,
						 &err);
		st = app_end(run->db, st, &err);
	}
	if (st != WVLV_OK) {
		run->report->errors++;
		alerts_tell(run, "could not record the webhook delivery of %s: %s%s", what, err.detail,
			    res->delivered ? " (it was delivered and may be sent again on the next run)"
					   : "");
		alerts_note_db_error(run, &err);
	}
}

/* A delivery that failed: say so, and give the webhook up for this run after
 * ALERTS_GIVE_UP_AFTER alerts in a row it did not take. */
static void not_delivered(alerts_run *run, const webhook_result *res, const char *what)
{
	const char *hook = run->report->webhook;
	run->report->webhook_failed++;
	if (res->attempts > 0)
		alerts_tell(run,
			    "webhook %s: alert %s not delivered after %d attempt%s: %s; it is tried "
			    "again on the next run",
			    hook, what, res->attempts, res->attempts == 1 ? "" : "s", res->error);
	else
		alerts_tell(run,
			    "webhook %s: alert %s not delivered (%s); it is tried again on the next run",
			    hook, what, res->error);
	if (res->attempts > 0 && ++run->webhook_failures_in_a_row >= ALERTS_GIVE_UP_AFTER &&
	    !run->webhook_given_up) {
		run->webhook_given_up = true;
		alerts_tell(run,
			    "webhook %s failed %d alerts in a row; no further attempts on this run (the "
			    "alerts are recorded and tried again on the next run)",
			    hook, ALERTS_GIVE_UP_AFTER);
	}
}

void alerts_deliver(alerts_run *run, const wvlv_ledger_key *key, const char *municipality_code,
		    const char *payload)
{
	char what[160];
	alerts_describe_key(key, what, sizeof(what));
	webhook_result res = { 0 };
	if (run->webhook_given_up)
		snprintf(res.error, sizeof(res.error),
			 "not attempted: the webhook failed %d alerts in a row on this run",
			 ALERTS_GIVE_UP_AFTER);
	else
		webhook_post(run->wh, payload, &res);
	record_attempts(run, key, municipality_code, &res, what);
	if (res.delivered) {
		run->report->webhook_delivered++;
		run->webhook_failures_in_a_row = 0;
	} else {
		not_delivered(run, &res, what);
	}
}

/* Webhook deliveries of missed deadlines that failed on an earlier run: their
 * offer has left the deadline overview, so the stored body is sent again. */
void alerts_retry_pending(alerts_run *run)
{
	const char *const kinds[] = { wvlv_alert_kind_name(WVLV_ALERT_RESPONSE_MISSED),
				      wvlv_alert_kind_name(WVLV_ALERT_FILING_MISSED) };
	wvlv_arena *arena = wvlv_arena_create();
	wvlv_ledger_row *rows = NULL;
	size_t n = 0;
	wvlv_error err;
	wvlv_error_clear(&err);
	wvlv_caller national = app_national_caller("wvlv alerts");
	wvlv_status st = app_begin(run->db, &national, false, &err);
	if (st == WVLV_OK) {
		st = wvlv_store_ledger_pending(run->db, arena, WVLV_CHANNEL_WEBHOOK, kinds, 2,
					       ALERTS_RETRY_LIMIT, &rows, &n, &err);
		st = app_end(run->db, st, &err);
	}
	if (st != WVLV_OK) {
		run->report->errors++;
		alerts_tell(run, "could not read the pending webhook deliveries: %s", err.detail);
		alerts_note_db_error(run, &err);
		n = 0;
	}
	for (size_t i = 0; i < n && !alerts_must_stop(run, n - i); i++) {
		wvlv_ledger_key key = { .kind = rows[i].kind, .entity_id = rows[i].entity_id,
					.due_date = rows[i].due_date,
					.threshold = rows[i].threshold };
		alerts_deliver(run, &key, rows[i].municipality_code, rows[i].payload);
	}
	wvlv_arena_destroy(arena);
}
