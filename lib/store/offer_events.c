/* offer_events.c — the events of a sale offer (see store_offers.h): a step of
 * its state machine stored with its event, and the two round trips a POST of
 * an event makes around it.
 *
 * The state an event leads to comes in computed (lib/domain/offer.c); no
 * legal rule is decided here.  Before the step, one round trip reads the
 * equated days, locks the offer FOR UPDATE and reads its audit snapshot
 * (three statements in one pipeline, in that order: the snapshot is read
 * after the lock is held).  The step itself goes with the snapshot after it
 * and the offer as it is served, again in one pipeline.
 */
#include "wvlv/store_offers.h"

#include <stdio.h>
#include <string.h>

#include "offer_ground.h"
#include "offer_rows.h"

/* The caller of the transaction (wvlv_db_set_caller), as the actor of an
 * event: its token label (its token id when the label is empty). */
#define SQL_UUID_SETTING(name)                                                              \
	"CASE WHEN " SQL_SETTING(name) " ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-" \
	"[0-9a-f]{12}$' THEN " SQL_SETTING(name) "::uuid END"

/* One step: the new state and the event with the next sequence number. */
static const char SQL_RECORD_EVENT[] =
	"WITH s AS (UPDATE sale_notifications SET status = $2::text,"
	" response_deadline = $3::date, court_filing_deadline = $4::date,"
	" free_to_sell_until = $5::date, last_event_on = $6::date,"
	" version = version + 1, updated_at = now()"
	" WHERE id = $1::uuid RETURNING id, municipality_code)"
	" INSERT INTO sale_notification_events (sale_notification_id, municipality_code, sequence,"
	" type, on_date, actor, actor_token_id, data)"
	" SELECT s.id, s.municipality_code,"
	" COALESCE((SELECT max(e.sequence) FROM sale_notification_events e"
	" WHERE e.sale_notification_id = s.id), 0) + 1,"
	" $7::text, $8::date,"
	" CASE WHEN $10::boolean THEN 'system' ELSE COALESCE(" SQL_SETTING("wvlv.token_label") ","
	" " SQL_SETTING("wvlv.token_id") ", 'unknown') END,"
	" CASE WHEN $10::boolean THEN NULL ELSE " SQL_UUID_SETTING("wvlv.token_id") " END,"
	" COALESCE($9::jsonb, '{}'::jsonb)"
	" FROM s RETURNING sequence";

#define EVENT_NPARAMS 10

typedef struct event_params {
	const char *v[EVENT_NPARAMS];
	char        response[WVLV_DATE_STRLEN], filing[WVLV_DATE_STRLEN],
		free_until[WVLV_DATE_STRLEN], last[WVLV_DATE_STRLEN], on[WVLV_DATE_STRLEN];
} event_params;

static wvlv_status event_params_fill(event_params *p, const char *id,
				     const wvlv_offer_state *next, const wvlv_offer_event *ev,
				     const char *data_json, bool system, wvlv_error *err)
{
	if (!wvlv_uuid_shaped(id))
		return wvlv_offer_not_found(err);
	wvlv_status st = WVLV_OK;
	const char *status = wvlv_offer_status_param(next->status, err, &st);
	if (st != WVLV_OK)
		return st;
	const char *type = wvlv_offer_event_name(ev->type);
	if (!type)
		return wvlv_db_internal(err, "offer store: unknown event type");
	const char *v[EVENT_NPARAMS] = {
		id,
		status,
		wvlv_db_date_param(next->response_deadline, p->response),
		wvlv_db_date_param(next->court_filing_deadline, p->filing),
		wvlv_db_date_param(next->free_to_sell_until, p->free_until),
		wvlv_db_date_param(next->last_event_on, p->last),
		type,
		wvlv_db_date_param(ev->on, p->on),
		data_json,
		system ? "true" : "false",
	};
	memcpy(p->v, v, sizeof(v));
	return WVLV_OK;
}

wvlv_status wvlv_store_offer_record_event(wvlv_db *db, const char *id,
					  const wvlv_offer_state *next,
					  const wvlv_offer_event *ev, const char *data_json,
					  bool system, wvlv_error *err)
{
	event_params p;
	wvlv_status st = event_params_fill(&p, id, next, ev, data_json, system, err);
	if (st != WVLV_OK)
		return st;
	PGresult *res = wvlv_db_query(db, SQL_RECORD_EVENT, EVENT_NPARAMS, p.v, PGRES_TUPLES_OK,
				      err);
	if (!res)
		return err->status;
	int rows = PQntuples(res);
	PQclear(res);
	return rows == 1 ? WVLV_OK : wvlv_offer_not_found(err);
}

/* The text of row 0, column 0 of res in arena, or NULL. */
static const char *first_value(wvlv_arena *arena, const PGresult *res)
{
	return PQntuples(res) == 1 ? wvlv_arena_strdup(arena, PQgetvalue(res, 0, 0)) : NULL;
}

/* res (kept with the arena) as the offer *out; ENOTFOUND without a row. */
static wvlv_status offer_of(wvlv_arena *arena, PGresult **res, wvlv_offer *out, wvlv_error *err)
{
	PGresult *kept = *res;
	*res = NULL;
	wvlv_arena_on_destroy(arena, wvlv_db_clear_result, kept);
	if (PQntuples(kept) != 1)
		return wvlv_offer_not_found(err);
	return wvlv_offer_row(kept, 0, arena, out, err);
}

static wvlv_status equated_of(wvlv_arena *arena, PGresult **res, wvlv_equated_day **eq,
			      size_t *neq, wvlv_error *err)
{
	PGresult *kept = *res;
	*res = NULL;
	int rows;
	char *items = wvlv_db_rows_alloc(arena, kept, sizeof(**eq), &rows);
	wvlv_arena_on_destroy(arena, wvlv_db_clear_result, kept);
	for (int r = 0; r < rows; r++) {
		wvlv_status st = wvlv_equated_row(kept, r, arena, items + (size_t)r * sizeof(**eq),
						  err);
		if (st != WVLV_OK)
			return st;
	}
	*eq = (wvlv_equated_day *)(void *)items;
	*neq = (size_t)rows;
	return WVLV_OK;
}

wvlv_status wvlv_store_offer_lock_for_event(wvlv_db *db, wvlv_arena *arena,
					    const char *municipality_code, const char *id,
					    wvlv_offer *cur, const char **snapshot,
					    wvlv_equated_day **eq, size_t *neq, wvlv_error *err)
{
	*snapshot = NULL;
	*eq = NULL;
	*neq = 0;
	if (!wvlv_uuid_shaped(id))
		return wvlv_offer_not_found(err);
	const char *get[] = { id, municipality_code };
	const char *one[] = { id };
	wvlv_db_step s[3] = {
		{ wvlv_sql_equated_list, 0, NULL, PGRES_TUPLES_OK, false, NULL },
		{ wvlv_sql_offer_get(WVLV_CRS_CRS84, true), 2, get, PGRES_TUPLES_OK, false, NULL },
		{ wvlv_sql_offer_snapshot, 1, one, PGRES_TUPLES_OK, false, NULL },
	};
	int failed;
	wvlv_status st = wvlv_db_steps(db, s, 3, &failed, err);
	if (st == WVLV_OK)
		st = equated_of(arena, &s[0].res, eq, neq, err);
	if (st == WVLV_OK)
		st = offer_of(arena, &s[1].res, cur, err);
	if (st == WVLV_OK && !(*snapshot = first_value(arena, s[2].res)))
		st = wvlv_offer_not_found(err);
	for (int i = 0; i < 3; i++)
		PQclear(s[i].res);
	return st;
}

wvlv_status wvlv_store_offer_record_event_read(wvlv_db *db, wvlv_arena *arena, const char *id,
					       const wvlv_offer_state *next,
					       const wvlv_offer_event *ev, const char *data_json,
					       bool system, wvlv_crs crs, wvlv_offer *out,
					       const char **snapshot, wvlv_error *err)
{
	*snapshot = NULL;
	event_params p;
	wvlv_status st = event_params_fill(&p, id, next, ev, data_json, system, err);
	if (st != WVLV_OK)
		return st;
	const char *get[] = { id, NULL };
	const char *one[] = { id };
	wvlv_db_step s[3] = {
		{ SQL_RECORD_EVENT, EVENT_NPARAMS, p.v, PGRES_TUPLES_OK, false, NULL },
		{ wvlv_sql_offer_snapshot, 1, one, PGRES_TUPLES_OK, false, NULL },
		{ wvlv_sql_offer_get(crs, false), 2, get, PGRES_TUPLES_OK, false, NULL },
	};
	int failed;
	st = wvlv_db_steps(db, s, 3, &failed, err);
	if (st == WVLV_OK && PQntuples(s[0].res) != 1)
		st = wvlv_offer_not_found(err);
	if (st == WVLV_OK && !(*snapshot = first_value(arena, s[1].res)))
		st = wvlv_offer_not_found(err);
	if (st == WVLV_OK)
		st = offer_of(arena, &s[2].res, out, err);
	for (int i = 0; i < 3; i++)
		PQclear(s[i].res);
	return st;
}
