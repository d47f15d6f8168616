/* purge.c — the purge of owner personal data (see app_purge.h). */
#include "wvlv/app_purge.h"

#include <stdlib.h>
#include <string.h>

#include "job.h"
#include "wvlv/arena.h"
#include "wvlv/clock.h"
#include "wvlv/store_alerts.h"
#include "wvlv/store_audit.h"

typedef struct purge_run {
	const wvlv_app_purge_options *o;
	const wvlv_app_purge_sink    *sink;
	wvlv_app_purge_report        *report;
	wvlv_db                      *db;
} purge_run;

/* Remove the owner of one offer (count them only, in a dry run) with its
 * audit row and the remembered responses that repeat it; *purged false when
 * it held no owner data any more. */
static wvlv_status purge_offer(purge_run *run, const wvlv_caller *sys,
			       const wvlv_purge_candidate *c, bool *purged, long *replays,
			       wvlv_error *err)
{
	const char *muni = c->municipality_code;
	bool dry = run->o->dry_run;
	wvlv_status st = WVLV_OK;
	long removed = 0;
	*purged = true;
	if (!dry)
		st = wvlv_store_purge_owner(run->db, c->id, purged, err);
	if (st == WVLV_OK && *purged && !dry)
		st = wvlv_store_audit_append(run->db, sys, muni, "sale-notification", c->id,
					     "purge-personal-data", "{\"owner\": \"(personal data)\"}",
					     "{\"owner\": null}", err);
	if (st == WVLV_OK && *purged)
		st = wvlv_store_purge_replays(run->db, muni, c->id, dry, &removed, err);
	if (st == WVLV_OK && *purged)
		*replays += removed;
	return st;
}

/* The offers of one municipality, rows[0..n), in one transaction (in a dry
 * run, in the read-only one of the whole run). */
static void purge_municipality(purge_run *run, const wvlv_purge_candidate *rows, size_t n)
{
	const wvlv_app_purge_options *o = run->o;
	char day[WVLV_DATE_STRLEN], request_id[64];
	snprintf(request_id, sizeof(request_id), "wvlv purge %s %s",
		 wvlv_date_format(o->today, day), o->retention_text);
	wvlv_caller sys = app_system_caller(rows[0].municipality_code, request_id);
	wvlv_app_purged_municipality done = { .municipality_code = rows[0].municipality_code,
					      .closed_before = run->report->cutoff };
	wvlv_error err;
	wvlv_error_clear(&err);
	wvlv_app_purged_offer *offers = calloc(n, sizeof(*offers));
	wvlv_status st = offers ? WVLV_OK
				: wvlv_error_set(&err, WVLV_ENOMEM, "out-of-memory", "out of memory");
	if (st == WVLV_OK && !o->dry_run)
		st = app_begin(run->db, &sys, false, &err);
	for (size_t i = 0; st == WVLV_OK && i < n; i++) {
		bool purged;
		st = purge_offer(run, &sys, &rows[i], &purged, &done.replays, &err);
		if (st == WVLV_OK && purged)
			offers[done.n_offers++] = (wvlv_app_purged_offer){
				.id = rows[i].id,
				.closed_on = wvlv_retention_closing_day(rows[i].received_on,
									rows[i].last_event_on),
				.status = rows[i].status,
			};
	}
	if (!o->dry_run)
		st = app_end(run->db, st, &err);
	if (st != WVLV_OK) {
		run->report->failed++;
		app_tell(run->sink->problem, run->sink->cls,
			 "%s: nothing purged, the transaction was rolled back: %s",
			 done.municipality_code, err.detail);
	} else if (done.n_offers > 0) {
		done.offers = offers;
		run->report->purged += (long)done.n_offers;
		run->report->municipalities++;
		if (run->sink->municipality)
			run->sink->municipality(run->sink->cls, &done);
	}
	free(offers);
}

/* The candidates as a national caller: closed offers that still hold owner
 * data, received before the cut-off.  A dry run keeps its read-only
 * transaction open to the end. */
static wvlv_status read_candidates(purge_run *run, wvlv_arena *arena,
				   wvlv_purge_candidate **rows, size_t *n, wvlv_error *err)
{
	wvlv_offer_status closed[16];
	size_t nclosed = 0;
	for (int s = WVLV_OFFER_RECEIVED; s <= WVLV_OFFER_EXEMPT; s++)
		if (!wvlv_offer_status_is_open((wvlv_offer_status)s))
			closed[nclosed++] = (wvlv_offer_status)s;
	wvlv_caller national = app_national_caller("wvlv purge");
	wvlv_status st = app_begin(run->db, &national, run->o->dry_run, err);
	if (st != WVLV_OK)
		return st;
	st = wvlv_store_purge_candidates(run->db, arena, closed, nclosed, run->report->cutoff,
					 rows, n, err);
	if (st != WVLV_OK || !run->o->dry_run)
		st = app_end(run->db, st, err);
	return st;
}

/* The closed offers old enough, municipality by municipality (the rows come
 * sorted by it). */
static wvlv_status purge_all(purge_run *run, wvlv_arena *arena, wvlv_error *err)
{
	wvlv_purge_candidate *rows = NULL;
	size_t n = 0, k = 0;
	wvlv_status st = read_candidates(run, arena, &rows, &n, err);
	if (st != WVLV_OK) {
		run->report->outcome = WVLV_APP_JOB_READ_FAILED;
		return st;
	}
	wvlv_purge_candidate *keep = wvlv_arena_alloc(arena, (n ? n : 1) * sizeof(*keep));
	for (size_t i = 0; i < n; i++)
		if (wvlv_retention_closing_day(rows[i].received_on, rows[i].last_event_on) <
		    run->report->cutoff)
			keep[k++] = rows[i];
	for (size_t i = 0; i < k;) {
		size_t j = i + 1;
		while (j < k && !strcmp(keep[j].municipality_code, keep[i].municipality_code))
			j++;
		purge_municipality(run, &keep[i], j - i);
		i = j;
	}
	if (run->o->dry_run)
		wvlv_db_rollback(run->db);
	return WVLV_OK;
}

wvlv_status wvlv_app_purge(const wvlv_app_config *cfg, const wvlv_app_purge_options *o,
			   const wvlv_app_purge_sink *sink, wvlv_app_purge_report *report,
			   wvlv_error *err)
{
	static const wvlv_app_purge_sink no_sink = { 0 };
	purge_run run = { .o = o, .sink = sink ? sink : &no_sink, .report = report };
	*report = (wvlv_app_purge_report){ .cutoff = wvlv_retention_cutoff(o->today,
									   &o->retention) };
	wvlv_arena *arena = wvlv_arena_create();
	double started = wvlv_clock_epoch();
	wvlv_status st = app_job_start(cfg, "purge", &run.db, &report->outcome, err);
	if (st == WVLV_OK) {
		st = purge_all(&run, arena, err);
		if (!o->dry_run)
			app_job_record(run.db, "purge", started, st == WVLV_OK && !report->failed,
				       report->purged, report->failed);
		app_job_finish(run.db, "purge");
	}
	wvlv_arena_destroy(arena);
	return st;
}
