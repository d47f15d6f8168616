/* import_offers.c — past and open sale offers with their events, replayed
 * through the state machine in one transaction (app_import.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "job.h"
#include "offers.h"

typedef struct offer_step {
	const wvlv_caller       *caller;
	const wvlv_import_offer *rec;
	wvlv_date                today;
	wvlv_import_report      *rep;
	/* what the record did, counted once it is kept */
	long events, lapsed, released;
	wvlv_offer_status final;
} offer_step;

/* The system's lapse or release when the open deadline passed before `on`
 * (the next event's day, or the day after today at the end): recorded the
 * day after the deadline, as `wvlv alerts` would have. */
static wvlv_status catch_up(wvlv_db *db, wvlv_arena *scratch, offer_step *s, wvlv_offer *cur,
			    wvlv_date on, wvlv_error *err)
{
	wvlv_offer_event ev = { .moved_to = WVLV_DATE_NONE };
	const wvlv_offer_state *state = &cur->state;
	if (state->status == WVLV_OFFER_RECEIVED && state->response_deadline != WVLV_DATE_NONE &&
	    on > state->response_deadline) {
		ev.type = WVLV_EVENT_LAPSE;
		ev.on = state->response_deadline + 1;
	} else if (state->status == WVLV_OFFER_COURT_REQUESTED &&
		   state->court_filing_deadline != WVLV_DATE_NONE &&
		   on > state->court_filing_deadline) {
		ev.type = WVLV_EVENT_RELEASE;
		ev.on = state->court_filing_deadline + 1;
	} else {
		return WVLV_OK;
	}
	char id[WVLV_UUID_STRLEN];
	memcpy(id, cur->id, sizeof(id));
	wvlv_status st = wvlv_offers_post_event(db, scratch, s->caller, id, NULL, &ev, NULL, true,
						s->today, WVLV_CRS_CRS84, cur, err);
	if (st == WVLV_OK)
		ev.type == WVLV_EVENT_LAPSE ? s->lapsed++ : s->released++;
	return st;
}

/* Name the event of a refusal: "events[N].<field>" (N its record). */
static void name_event(wvlv_error *err, long record)
{
	if (err->nparams == 0)
		wvlv_error_add_param(err, "event", err->code, "%s", err->detail);
	for (int i = 0; i < err->nparams; i++) {
		char was[sizeof(err->params[i].name)];
		memcpy(was, err->params[i].name, sizeof(was));
		snprintf(err->params[i].name, sizeof(err->params[i].name), "event@%ld.%.32s", record,
			 was);
	}
}

static wvlv_status import_offer(wvlv_db *db, wvlv_arena *scratch, void *cls, wvlv_error *err)
{
	offer_step *s = cls;
	wvlv_offer cur;
	wvlv_status st = wvlv_offers_create(db, scratch, s->caller, &s->rec->c, s->today,
					    WVLV_CRS_CRS84, &cur, err);
	for (size_t i = 0; st == WVLV_OK && i < s->rec->n_events; i++) {
		const wvlv_import_event *e = &s->rec->events[i];
		st = catch_up(db, scratch, s, &cur, e->ev.on, err);
		if (st == WVLV_OK) {
			char id[WVLV_UUID_STRLEN];
			memcpy(id, cur.id, sizeof(id));
			st = wvlv_offers_post_event(db, scratch, s->caller, id, NULL, &e->ev,
						    e->data_json, false, s->today, WVLV_CRS_CRS84,
						    &cur, err);
		}
		if (st != WVLV_OK)
			name_event(err, e->record);
		else
			s->events++;
	}
	if (st == WVLV_OK)
		st = catch_up(db, scratch, s, &cur, s->today + 1, err);
	if (st == WVLV_OK)
		s->final = cur.state.status;
	return st;
}

/* Events by day, the file's order within a day. */
static int event_order(const void *a, const void *b)
{
	const wvlv_import_event *x = a, *y = b;
	if (x->ev.on != y->ev.on)
		return x->ev.on < y->ev.on ? -1 : 1;
	return (x->record > y->record) - (x->record < y->record);
}

static wvlv_status offers_in(wvlv_db *db, wvlv_arena *arena, const wvlv_caller *caller,
			     const wvlv_import_options *o, wvlv_date today,
			     wvlv_import_offer *recs, size_t n, wvlv_import_report *rep, wvlv_error *err)
{
	for (size_t i = 0; i < n; i++) {
		recs[i].c.municipality_code = o->municipality_code;
		if (recs[i].n_events > 1)
			qsort(recs[i].events, recs[i].n_events, sizeof(*recs[i].events),
			      event_order);
		offer_step s = { .caller = caller, .rec = &recs[i], .today = today, .rep = rep };
		bool refused;
		wvlv_status st = import_record(db, arena, rep, &recs[i].origin, import_offer,
					       &s, &refused, err);
		if (st != WVLV_OK)
			return st;
		if (!refused) {
			rep->imported++;
			rep->events += s.events;
			rep->lapsed += s.lapsed;
			rep->released += s.released;
			rep->by_status[s.final]++;
			rep->open += wvlv_offer_status_is_open(s.final);
		}
		if (o->progress)
			o->progress(o->progress_cls, i + 1, n);
	}
	return WVLV_OK;
}

wvlv_status wvlv_app_import_offers(const wvlv_app_config *cfg, wvlv_arena *arena,
				   const wvlv_import_options *o, wvlv_import_offer *recs, size_t n,
				   wvlv_import_report *report, wvlv_error *err)
{
	wvlv_date today = o->today != WVLV_DATE_NONE ? o->today : wvlv_date_today_amsterdam();
	wvlv_caller caller = import_caller(o);
	wvlv_db *db = NULL;
	wvlv_status st = app_connect(cfg, WVLV_SERVER_ROLE, false, &db, err);
	if (st == WVLV_OK && (st = app_begin(db, &caller, false, err)) == WVLV_OK) {
		st = offers_in(db, arena, &caller, o, today, recs, n, report, err);
		st = import_finish(db, o, report, st, err);
	}
	wvlv_db_close(db);
	if (st != WVLV_OK) {
		wvlv_import_refusal *keep = report->refusals;
		size_t nkeep = report->nrefusals;
		*report = (wvlv_import_report){ .refusals = keep, .nrefusals = nkeep };
	}
	return st;
}
