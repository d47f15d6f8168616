/* alerts_run.h — one run of the alert job, shared by its two files (private
 * to lib/app/): alerts.c goes through the deadlines, alerts_webhook.c
 * delivers to the webhook and tries earlier failed deliveries again. */
#ifndef WVLV_APP_ALERTS_RUN_H
#define WVLV_APP_ALERTS_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "job.h"
#include "webhook.h"
#include "wvlv/app_alerts.h"
#include "wvlv/db.h"
#include "wvlv/store_alerts.h"
#include "wvlv/store_decrees.h"
#include "wvlv/store_deadlines.h"

#define ALERTS_GIVE_UP_AFTER 3     /* alerts in a row the webhook did not take */
#define ALERTS_RETRY_LIMIT   1000  /* stored deliveries tried again per run */
#define ALERTS_RECONNECT_S   30    /* how long a run looks for the database again */

typedef struct alerts_run {
	const wvlv_app_config         *cfg;
	const wvlv_app_alerts_options *o;
	const wvlv_app_alerts_sink    *sink;
	wvlv_app_alerts_report        *report;
	wvlv_db          *db;
	webhook          *wh;                /* NULL: no webhook, or a dry run */
	bool              curl_ready;        /* curl_global_init() was called */
	int64_t           deadline_ms;       /* wvlv_clock_ms_whole() the run must stop at */
	wvlv_equated_day *eq;                /* dry run: the lapse is computed, not recorded */
	size_t            neq;
	wvlv_uncovered_year *uncovered;      /* open deadlines in years no decree covers */
	size_t            nuncovered;
	int               webhook_failures_in_a_row;
	bool              webhook_given_up;
} alerts_run;

/* Name a problem through the sink (app_tell). */
#define alerts_tell(run, ...) app_tell((run)->sink->problem, (run)->sink->cls, __VA_ARGS__)

/* Stop before the next item: the time limit is reached or the database went
 * away; the `left` items are counted as not processed. */
bool alerts_must_stop(alerts_run *run, size_t left);

/* The connection was lost (a failover): connect again through the same URL
 * — a multi-host one with target_session_attrs=read-write finds the new
 * primary — for up to ALERTS_RECONNECT_S, and take the job's lock again.
 * true: run->db is the new connection; false: stop (no database, or another
 * run took the lock meanwhile). */
bool alerts_reconnect(alerts_run *run);

/* An error of the database itself (not of one alert): after it, stop. */
void alerts_note_db_error(alerts_run *run, const wvlv_error *err);

/* "response-missed of <id> (due 2026-11-27, threshold 0)" */
void alerts_describe_key(const wvlv_ledger_key *key, char *buf, size_t size);

/* The system, scoped to one municipality, as the job acts there tonight. */
wvlv_caller alerts_system_caller(const alerts_run *run, const char *municipality_code);

/* Set the webhook up (a webhook, not a dry run): WVLV_APP_JOB_NO_WEBHOOK when
 * it cannot be; and take it down again (also after a failed set-up). */
wvlv_status alerts_open_webhook(alerts_run *run, wvlv_error *err) WVLV_MUST_CHECK;
void        alerts_close_webhook(alerts_run *run);

/* POST the alert to the webhook (or not, once the run gave up on it) and
 * record the outcome in the ledger in a transaction of its own. */
void alerts_deliver(alerts_run *run, const wvlv_ledger_key *key, const char *municipality_code,
		    const char *payload);

/* Deliveries of missed deadlines that failed on an earlier run, again. */
void alerts_retry_pending(alerts_run *run);

#endif /* WVLV_APP_ALERTS_RUN_H */
