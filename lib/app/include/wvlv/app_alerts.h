/* app_alerts.h — the nightly deadline job (`wvlv alerts`; the rule it follows
 * is docs/law.md §6).
 *
 * One run, on night `today`:
 *   1. reads the deadline overview (the query behind GET /api/v1/deadlines)
 *      as a national caller;
 *   2. asks lib/domain/alerts.c which deadline is an alert tonight, and at
 *      which threshold;
 *   3. for an offer past its deadline records `lapse` (response) or `release`
 *      (court filing) through wvlv_offers_post_event — the state machine the
 *      API uses — as the system, scoped to the offer's municipality, with its
 *      event and audit row;
 *   4. records the alert in the ledger, hands it to the sink to be printed,
 *      and POSTs it to the webhook, marking it delivered there only after a
 *      2xx answer;
 *   5. reports, once per year and municipality, the open deadlines that fall
 *      in a year no loaded Royal Decree covers (decree-missing: the equated
 *      days of that year are not known, docs/law.md §3.5).
 * Each alert is one transaction (the lapse, if any, and its ledger rows).
 * The ledger makes the job exactly-once: an alert is handed to the sink only
 * when its "stdout" row was inserted by that transaction, and only after the
 * transaction committed, before the job goes on; so a line that was
 * committed as delivered is out before anything else happens, and a re-run
 * (the same night or later) reports nothing that was reported before.
 * After the deadlines, every decision recorded after its response deadline
 * (its event says recordedLate) that has not been reported is reported once,
 * in the same way (kind decision-recorded-late, no change to the offer).
 * Webhook deliveries that failed on an earlier run are tried again first:
 * missed deadlines from the ledger's stored body (their offer has left the
 * overview), the others when they come up again while still due.  After
 * three alerts in a row that the webhook did not take, the run stops calling
 * it.  A dry run reads in one read-only transaction that is rolled back: no
 * lapse, no release, no ledger row, no webhook call.
 */
#ifndef WVLV_APP_ALERTS_H
#define WVLV_APP_ALERTS_H

#include <stdbool.h>
#include <stddef.h>

#include "wvlv/alerts.h"
#include "wvlv/app.h"
#include "wvlv/app_job.h"
#include "wvlv/date.h"
#include "wvlv/status.h"

#define WVLV_APP_ALERTS_WEBHOOK_NAME_MAX 160   /* bytes of report.webhook, NUL included */

typedef struct wvlv_app_alerts_options {
	wvlv_date   today;          /* the night to run for */
	int         within_days;    /* days ahead for offer deadlines (0..WVLV_ALERT_WITHIN_MAX) */
	const char *webhook_url;    /* also POST each alert here; NULL: none */
	bool        dry_run;        /* change nothing, call nothing; say what would be done */
	int         max_seconds;    /* the time limit of the whole run */
} wvlv_app_alerts_options;

/* How the job reports as it goes; the caller prints.  Either callback may be
 * NULL.  Both are called in the order things happen. */
typedef struct wvlv_app_alerts_sink {
	/* An alert to report, right after the transaction that recorded it as
	 * reported committed (in a dry run: that would report it); print it
	 * before returning.  json: the alert as one JSON object, the body the
	 * webhook gets.  Valid during the call only. */
	void (*alert)(void *cls, const wvlv_alert *alert, const char *json);
	/* Something went wrong with one alert, one delivery or one read, as one
	 * sentence without a newline, e.g. that a webhook did not take an
	 * alert.  The run goes on, unless the database went away (report.db_lost). */
	void (*problem)(void *cls, const char *sentence);
	void *cls;
} wvlv_app_alerts_sink;

/* What a run did. */
typedef struct wvlv_app_alerts_report {
	wvlv_app_job_outcome outcome;   /* how far it got (err says why it stopped) */
	/* the webhook as scheme://host:port, without user, path or query (they may
	 * hold a secret); "" without a webhook */
	char webhook[WVLV_APP_ALERTS_WEBHOOK_NAME_MAX];
	int  approaching;           /* alerts reported, per kind */
	int  lapsed;
	int  released;
	int  ending;
	int  decree_missing;        /* years without a decree (per municipality) */
	int  recorded_late;         /* decisions recorded after their response deadline */
	int  webhook_delivered;     /* webhook deliveries that got a 2xx answer */
	int  webhook_failed;        /* deliveries that did not (tried again next run) */
	int  webhook_not_sent;      /* dry run: deliveries that would have been made */
	int  skipped;               /* offers a clerk changed while the job ran */
	int  errors;                /* failures (named through the sink, like the skipped) */
	int  not_processed;         /* alerts and deliveries left for the next run */
	bool out_of_time;           /* the run stopped at its time limit */
	bool db_lost;               /* the run stopped: the database became unavailable */
} wvlv_app_alerts_report;

/* Is url a webhook the job can call (an absolute http:// or https:// URL with
 * a host)?  false with the reason in why. */
bool wvlv_app_alerts_webhook_ok(const char *url, char *why, size_t why_size);

/* Run the job.  WVLV_OK when it ran, whatever happened to single alerts
 * (the report counts them), else the error and report->outcome. */
wvlv_status wvlv_app_alerts_run(const wvlv_app_config *cfg, const wvlv_app_alerts_options *o,
				const wvlv_app_alerts_sink *sink, wvlv_app_alerts_report *report,
				wvlv_error *err) WVLV_MUST_CHECK;

#endif /* WVLV_APP_ALERTS_H */
