/* equated.c — the days equated with holidays by Royal Decree (Atw art. 3(3)):
 * national data.  Adding one moves the open deadlines it pushes later, in
 * every municipality, each in the offer's own municipality's records (event
 * and audit row by the caller, naming the day and its reference); a day that
 * some open deadline cannot be counted with is refused whole; the lapsed and
 * released offers it comes too late for are reported (docs/law.md §2.10).
 * Steps inside the caller's transaction (offers.h). */
#include "offers.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_internal.h"
#include "wvlv/store_audit.h"

/* A deadline the new day can move lies within a few weeks around it: a run of
 * closed days is at most WVLV_MAX_MOVED long, or counting refuses it. */
#define EQUATED_WINDOW 31

/* One addition of an equated day, as it goes through the municipalities. */
typedef struct equated_run {
	wvlv_db                  *db;
	wvlv_arena               *arena;
	const wvlv_caller        *actor;
	wvlv_caller               here;      /* the actor, scoped to one municipality */
	wvlv_date                 date;
	const char               *reference;
	const wvlv_equated_day   *eq;
	size_t                    neq;
	wvlv_date                 today;
	int                       moved;
	int                       refused;   /* open offers it cannot be applied to */
	char                      refused_ids[400];
	wvlv_equated_closed_list *closed;
	wvlv_error               *err;
} equated_run;

/* The day the term of a deadline started: receipt for the response deadline
 * (received, lapsed), the owner's court request for the filing deadline
 * (court-requested, released). */
static wvlv_date term_start(const wvlv_offer *o, const wvlv_term **term, wvlv_date *current)
{
	if (o->state.status == WVLV_OFFER_COURT_REQUESTED ||
	    o->state.status == WVLV_OFFER_RELEASED) {
		*term = wvlv_term_get(WVLV_TERM_COURT_FILING);
		*current = o->state.court_filing_deadline;
		for (size_t i = o->n_events; i > 0; i--)
			if (o->events[i - 1].type == WVLV_EVENT_COURT_REQUESTED)
				return o->events[i - 1].on;
		return WVLV_DATE_NONE;
	}
	*term = wvlv_term_get(WVLV_TERM_RESPONSE);
	*current = o->state.response_deadline;
	return o->received_on;
}

/* {"date": …, "reference": …} of the new day, with extra members. */
static const char *day_json(const equated_run *run, const char *key, wvlv_date value)
{
	char day[WVLV_DATE_STRLEN], v[WVLV_DATE_STRLEN];
	json_t *o = json_pack("{s:s, s:s}", "equatedDay", wvlv_date_format(run->date, day),
			      "reference", run->reference);
	if (key)
		json_object_set_new(o, key, json_string(wvlv_date_format(value, v)));
	char *text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	const char *out = wvlv_arena_strdup(run->arena, text ? text : "{}");
	free(text);
	return out;
}

/* Note an open offer the day cannot be applied to: its id as an invalidParams
 * entry with the reason, and in the list of ids for the detail. */
static void refuse(equated_run *run, const char *id, const wvlv_error *why)
{
	run->refused++;
	wvlv_error_add_param(run->err, id, why->code[0] ? why->code : "not-computable", "%s",
			     why->detail);
	size_t n = strlen(run->refused_ids);
	if (n + 40 < sizeof(run->refused_ids))
		snprintf(run->refused_ids + n, sizeof(run->refused_ids) - n, "%s%s",
			 n ? ", " : "", id);
	else if (!strstr(run->refused_ids, "…"))
		snprintf(run->refused_ids + n, sizeof(run->refused_ids) - n, ", …");
}

/* The snapshot of an offer (store) with the day and its reference added, so
 * that its audit row names them. */
static wvlv_status snapshot_with_day(equated_run *run, const char *id, const char **out)
{
	const char *snap;
	wvlv_status st = wvlv_store_offer_snapshot(run->db, run->arena, id, &snap, run->err);
	if (st != WVLV_OK)
		return st;
	json_t *o = json_loads(snap, 0, NULL);
	json_t *d = json_loads(day_json(run, NULL, WVLV_DATE_NONE), 0, NULL);
	if (json_is_object(o) && json_is_object(d))
		json_object_update(o, d);
	char *text = o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	*out = wvlv_arena_strdup(run->arena, text ? text : snap);
	free(text);
	json_decref(o);
	json_decref(d);
	return WVLV_OK;
}

/* Record the deadline-moved event ev on o (read for update) as the actor in
 * the offer's municipality, with its audit row naming the day. */
static wvlv_status record_move(equated_run *run, const wvlv_offer *o, const wvlv_offer_event *ev)
{
	const char *before, *after;
	wvlv_offer_state next;
	wvlv_status st;
	if ((st = wvlv_store_offer_snapshot(run->db, run->arena, o->id, &before, run->err)) !=
		    WVLV_OK ||
	    (st = wvlv_offer_apply(&o->state, ev, run->eq, run->neq, &next, run->err)) != WVLV_OK ||
	    (st = wvlv_store_offer_record_event(run->db, o->id, &next, ev,
						day_json(run, "deadline", ev->moved_to), false,
						run->err)) != WVLV_OK ||
	    (st = snapshot_with_day(run, o->id, &after)) != WVLV_OK)
		return st;
	return wvlv_store_audit_append(run->db, &run->here, o->municipality_code,
				       "sale-notification", o->id, "deadline-moved", before, after,
				       run->err);
}

/* Offer id of the scoped municipality (read for update when lock), and its
 * deadline counted again with the days as they are now: *counted when it was
 * (*current: the stored deadline, *dl: the new one); not counted with why set
 * when the days make it uncountable, or with why clear when the offer has no
 * term to count. */
static wvlv_status recount(equated_run *run, const char *id, bool lock, wvlv_offer *o,
			   wvlv_date *current, wvlv_deadline *dl, bool *counted, wvlv_error *why)
{
	wvlv_error_clear(why);
	*counted = false;
	wvlv_status st = wvlv_store_offer_get(run->db, run->arena, run->here.municipality_code, id,
					      WVLV_CRS_CRS84, lock, o, run->err);
	if (st != WVLV_OK)
		return st;
	const wvlv_term *term;
	wvlv_date start = term_start(o, &term, current);
	if (start != WVLV_DATE_NONE && *current != WVLV_DATE_NONE)
		*counted = wvlv_deadline_compute(term, start, run->eq, run->neq, dl, why) == WVLV_OK;
	return WVLV_OK;
}

/* Move the open deadlines of the scoped municipality that the equated days
 * now push later; note those that cannot be counted. */
static wvlv_status move_open_here(equated_run *run, wvlv_date from, wvlv_date until)
{
	const char **ids;
	size_t n;
	wvlv_status st = wvlv_store_offer_ids_with_deadline_between(run->db, run->arena, from,
								    until, &ids, &n, run->err);
	for (size_t i = 0; st == WVLV_OK && i < n; i++) {
		wvlv_offer o;
		wvlv_date current;
		wvlv_deadline dl;
		wvlv_error why;
		bool counted;
		if ((st = recount(run, ids[i], true, &o, &current, &dl, &counted, &why)) != WVLV_OK)
			break;
		if (!counted) {
			if (why.status != WVLV_OK)
				refuse(run, o.id, &why);
			continue;
		}
		if (dl.deadline <= current || run->refused)
			continue; /* once refused, nothing is recorded: it is rolled back anyway */
		wvlv_offer_event ev = { .type = WVLV_EVENT_DEADLINE_MOVED,
					.on = run->today < o.state.received_on ? o.state.received_on
									       : run->today,
					.moved_to = dl.deadline };
		/* o is read for update already, eq are the days just changed */
		st = record_move(run, &o, &ev);
		if (st == WVLV_OK)
			run->moved++;
	}
	return st;
}

/* Note the closed offers of the scoped municipality whose deadline the day
 * would have moved, each with an audit row "deadline-not-moved". */
static wvlv_status note_closed_here(equated_run *run, wvlv_date from, wvlv_date until)
{
	const char **ids;
	size_t n;
	wvlv_status st = wvlv_store_offer_closed_ids_with_deadline_between(run->db, run->arena,
									   from, until, &ids, &n,
									   run->err);
	for (size_t i = 0; st == WVLV_OK && i < n; i++) {
		wvlv_offer o;
		wvlv_date current;
		wvlv_deadline dl;
		wvlv_error why;
		bool counted;
		if ((st = recount(run, ids[i], false, &o, &current, &dl, &counted, &why)) != WVLV_OK)
			break;
		if (!counted || dl.deadline <= current)
			continue;
		wvlv_equated_closed_list *c = run->closed;
		wvlv_equated_closed *items = wvlv_arena_alloc(run->arena, (c->n + 1) * sizeof(*items));
		if (c->n)
			memcpy(items, c->items, c->n * sizeof(*items));
		items[c->n] = (wvlv_equated_closed){
			.id = o.id, .municipality_code = o.municipality_code,
			.status = o.state.status == WVLV_OFFER_LAPSED ? "lapsed" : "released",
			.deadline = current, .deadline_now = dl.deadline,
		};
		c->items = items;
		c->n++;
		char was[WVLV_DATE_STRLEN], before[64];
		snprintf(before, sizeof(before), "{\"deadline\":\"%s\"}",
			 wvlv_date_format(current, was));
		st = wvlv_store_audit_append(run->db, &run->here, o.municipality_code,
					     "sale-notification", o.id, "deadline-not-moved", before,
					     day_json(run, "deadline", dl.deadline), run->err);
	}
	return st;
}

/* Each municipality that has such offers, scoped to it in turn. */
static wvlv_status each_municipality(equated_run *run, bool closed)
{
	wvlv_date from = run->date - EQUATED_WINDOW, until = run->date + EQUATED_WINDOW;
	const char **codes;
	size_t ncodes;
	wvlv_status st =
		closed ? wvlv_store_offer_municipalities_closed_with_deadline_between(
				 run->db, run->arena, from, until, &codes, &ncodes, run->err)
		       : wvlv_store_offer_municipalities_with_deadline_between(
				 run->db, run->arena, from, until, &codes, &ncodes, run->err);
	for (size_t i = 0; st == WVLV_OK && i < ncodes; i++) {
		snprintf(run->here.municipality_code, sizeof(run->here.municipality_code), "%s",
			 codes[i]);
		if ((st = wvlv_db_set_caller(run->db, &run->here, run->err)) == WVLV_OK)
			st = closed ? note_closed_here(run, from, until)
				    : move_open_here(run, from, until);
	}
	return st;
}

/* The change of national data itself: the row and its audit row ('' when the
 * caller is national, as it is through the API). */
static wvlv_status add_day(wvlv_db *db, const wvlv_caller *caller, wvlv_date date,
			   const char *reference, wvlv_error *err)
{
	char day[WVLV_DATE_STRLEN];
	wvlv_date_format(date, day);
	wvlv_status st = wvlv_equated_day_check(date, err);
	if (st == WVLV_OK)
		st = wvlv_store_equated_add(db, date, reference, err);
	if (st != WVLV_OK)
		return st;
	json_t *a = json_pack("{s:s, s:s}", "date", day, "reference", reference);
	char *after = a ? json_dumps(a, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(a);
	if (!after)
		return wvlv_error_set(err, WVLV_ENOMEM, "out-of-memory",
				      "The audit row of the equated day could not be made.");
	st = wvlv_store_audit_append(db, caller, caller->national ? "" : caller->municipality_code,
				     "equated-holiday", day, "create", NULL, after, err);
	free(after);
	return st;
}

wvlv_status wvlv_offers_equated_add(wvlv_db *db, wvlv_arena *arena, const wvlv_caller *caller,
				    wvlv_date date, const char *reference, wvlv_date today,
				    int *moved, wvlv_equated_closed_list *closed, wvlv_error *err)
{
	*moved = 0;
	wvlv_status st = add_day(db, caller, date, reference, err);
	return st == WVLV_OK
		       ? wvlv_offers_equated_move(db, arena, caller, date, reference, today, moved,
						  closed, err)
		       : st;
}

wvlv_status wvlv_offers_equated_move(wvlv_db *db, wvlv_arena *arena, const wvlv_caller *caller,
				     wvlv_date date, const char *reference, wvlv_date today,
				     int *moved, wvlv_equated_closed_list *closed, wvlv_error *err)
{
	*moved = 0;
	wvlv_equated_closed_list ignored = { 0 };
	equated_run run = { .db = db, .arena = arena, .actor = caller, .here = *caller,
			    .date = date, .reference = reference, .today = today,
			    .closed = closed ? closed : &ignored, .err = err };
	*run.closed = (wvlv_equated_closed_list){ 0 };
	/* the deadlines are the municipality's: moved as its admin, by this caller */
	run.here.national = false;
	run.here.role = WVLV_ROLE_ADMIN;
	wvlv_equated_day *eq;
	wvlv_status st = wvlv_store_equated_list(db, arena, &eq, &run.neq, err);
	if (st != WVLV_OK)
		return st;
	run.eq = eq;
	st = each_municipality(&run, false);
	if (st == WVLV_OK && run.refused) {
		char day[WVLV_DATE_STRLEN];
		return wvlv_error_set(err, WVLV_ECONFLICT, "equated-day-not-applicable",
				      "With %s equated, the deadline of %d open offer%s cannot be "
				      "counted (see invalidParams: %s); nothing was changed. Check the "
				      "equated days around it.",
				      wvlv_date_format(date, day), run.refused,
				      run.refused == 1 ? "" : "s", run.refused_ids);
	}
	if (st == WVLV_OK)
		st = each_municipality(&run, true);
	*moved = run.moved;
	wvlv_status restore = wvlv_db_set_caller(db, caller, err);
	return st != WVLV_OK ? st : restore;
}

wvlv_status wvlv_offers_equated_delete(wvlv_db *db, const wvlv_caller *caller, wvlv_date date,
				       wvlv_error *err)
{
	char day[WVLV_DATE_STRLEN];
	wvlv_date_format(date, day);
	wvlv_status st = wvlv_store_equated_delete(db, date, err);
	if (st != WVLV_OK)
		return st;
	char before[64];
	snprintf(before, sizeof(before), "{\"date\":\"%s\"}", day);
	return wvlv_store_audit_append(db, caller, caller->national ? "" : caller->municipality_code,
				       "equated-holiday", day, "delete", before, "{}", err);
}
