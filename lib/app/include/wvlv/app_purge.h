/* app_purge.h — remove owner personal data from offers that closed longer
 * ago than the retention period (AVG/GDPR, docs/law.md §5; `wvlv purge`).
 *
 * The job reads as a national caller which offers still hold owner data and
 * closed before the cut-off (lib/domain/alerts.c decides: the retention
 * period, the closing day; lib/domain/offer.c: which statuses are closed),
 * then writes one transaction per municipality, scoped to it as the system:
 * owner NULL and owner_purged_at set on each offer, one audit row per offer
 * that names the field but never its value, and the remembered
 * Idempotency-Key responses that repeat the owner removed.  The rest of the
 * record (property, price, deadlines, events, audit trail) stays.  A dry run
 * reads in one read-only transaction and changes nothing.
 */
#ifndef WVLV_APP_PURGE_H
#define WVLV_APP_PURGE_H

#include <stdbool.h>
#include <stddef.h>

#include "wvlv/alerts.h"
#include "wvlv/app.h"
#include "wvlv/app_job.h"
#include "wvlv/date.h"
#include "wvlv/offer.h"
#include "wvlv/status.h"

typedef struct wvlv_app_purge_options {
	wvlv_date      today;            /* count back from this day */
	wvlv_retention retention;        /* the period */
	const char    *retention_text;   /* the period as given ("7y"), for the audit trail */
	bool           dry_run;          /* change nothing; say what would be purged */
} wvlv_app_purge_options;

/* One offer whose owner data was (or, in a dry run, would be) removed. */
typedef struct wvlv_app_purged_offer {
	const char       *id;
	wvlv_date         closed_on;     /* its closing day */
	wvlv_offer_status status;
} wvlv_app_purged_offer;

/* What was done in one municipality. */
typedef struct wvlv_app_purged_municipality {
	const char                  *municipality_code;
	wvlv_date                    closed_before;   /* the cut-off day */
	const wvlv_app_purged_offer *offers;
	size_t                       n_offers;
	long                         replays;         /* remembered API responses removed */
} wvlv_app_purged_municipality;

/* How the job reports as it goes; the caller prints.  Either callback may be
 * NULL. */
typedef struct wvlv_app_purge_sink {
	/* A municipality with at least one offer purged, right after its
	 * transaction committed (in a dry run: right after it was counted).
	 * The pointers are valid during the call only. */
	void (*municipality)(void *cls, const wvlv_app_purged_municipality *m);
	/* A municipality could not be purged (its transaction was rolled back),
	 * as one sentence without a newline; the job goes on with the next. */
	void (*problem)(void *cls, const char *sentence);
	void *cls;
} wvlv_app_purge_sink;

typedef struct wvlv_app_purge_report {
	wvlv_app_job_outcome outcome;     /* how far it got (err says why it stopped) */
	wvlv_date            cutoff;      /* offers closed before this day qualify */
	long                 purged;      /* offers purged (would be, in a dry run) */
	int                  municipalities;   /* with at least one offer purged */
	int                  failed;      /* municipalities rolled back */
} wvlv_app_purge_report;

/* Run the purge.  WVLV_OK when it ran (some municipalities may have failed:
 * report->failed), else the error and report->outcome. */
wvlv_status wvlv_app_purge(const wvlv_app_config *cfg, const wvlv_app_purge_options *o,
			   const wvlv_app_purge_sink *sink, wvlv_app_purge_report *report,
			   wvlv_error *err) WVLV_MUST_CHECK;

#endif /* WVLV_APP_PURGE_H */
