/* deadlines.c — the deadline overview, the term calculator and the equated
 * days (see app_deadlines.h); moving deadlines when a day is added is a step
 * of the offers (offers.c). */
#include "app_internal.h"

#include "offers.h"
#include "wvlv/alerts.h"
#include "wvlv/app_deadlines.h"
#include "wvlv/store_offers.h"

wvlv_status wvlv_app_deadlines(wvlv_request *r, int within, wvlv_deadline_row **rows, size_t *n,
			       wvlv_error *err)
{
	wvlv_status st = app_read_begin(r, err);
	if (st == WVLV_OK)
		st = wvlv_store_deadlines(r->db, r->arena, app_scope(r->caller), r->today,
					  r->today + (wvlv_date)within,
					  r->today + WVLV_ALERT_DESIGNATION_WINDOW, rows, n, err);
	return st == WVLV_OK ? app_commit(r, err) : st;
}

wvlv_status wvlv_app_deadline_calculate(wvlv_request *r, const wvlv_term *term, wvlv_date from,
					wvlv_deadline *out, wvlv_error *err)
{
	wvlv_equated_day *eq = NULL;
	size_t n = 0;
	wvlv_status st = wvlv_app_equated_list(r, &eq, &n, err);
	if (st == WVLV_OK && (st = wvlv_deadline_compute(term, from, eq, n, out, err)) == WVLV_EINVAL)
		st = err->status = WVLV_EBADREQ; /* a day the calculator was asked about */
	return st; /* ECONFLICT: the equated days make the term uncountable */
}

wvlv_status wvlv_app_equated_list(wvlv_request *r, wvlv_equated_day **days, size_t *n,
				  wvlv_error *err)
{
	wvlv_status st = app_read_begin(r, err);
	if (st == WVLV_OK)
		st = wvlv_store_equated_list(r->db, r->arena, days, n, err);
	return st == WVLV_OK ? app_commit(r, err) : st;
}

/* The equated days are national data: a national admin keeps them (the
 * server refuses anyone else before this; the database, migration 0009, too). */
static wvlv_status national_admin(const wvlv_caller *caller, wvlv_error *err)
{
	if (caller->national && caller->role >= WVLV_ROLE_ADMIN)
		return WVLV_OK;
	return wvlv_error_set(err, WVLV_EFORBIDDEN, "national-data",
			      "The equated days are national data: only a national admin token "
			      "changes them.");
}

wvlv_status wvlv_app_equated_add(wvlv_request *r, wvlv_date date, const char *reference,
				 int *moved, wvlv_equated_closed_list *closed, wvlv_error *err)
{
	*moved = 0;
	*closed = (wvlv_equated_closed_list){ 0 };
	wvlv_status st = national_admin(r->caller, err);
	if (st == WVLV_OK)
		st = app_write_begin(r, err);
	if (st != WVLV_OK || r->replayed)
		return st;
	st = wvlv_offers_equated_add(r->db, r->arena, r->caller, date, reference, r->today, moved,
				     closed, err);
	return st == WVLV_OK ? app_write_commit(r, err) : st;
}

wvlv_status wvlv_app_equated_delete(wvlv_request *r, wvlv_date date, wvlv_error *err)
{
	wvlv_status st = national_admin(r->caller, err);
	if (st == WVLV_OK)
		st = app_write_begin(r, err);
	if (st == WVLV_OK)
		st = wvlv_offers_equated_delete(r->db, r->caller, date, err);
	return st == WVLV_OK ? app_write_commit(r, err) : st;
}
