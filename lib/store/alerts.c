/* alerts.c — the alert job's ledger and the purge of owner personal data in
 * PostgreSQL (see store_alerts.h and migration 0004).
 *
 * Dates cross the boundary as 'YYYY-MM-DD' text.  No rule is decided here:
 * which alert is due, and which offers are old enough to purge, is decided by
 * lib/domain/alerts.c; these functions only read and write what they are
 * told.
 */
#include "wvlv/store_alerts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"

/* The scoped municipality of the transaction (wvlv_db_set_caller). */
#define SQL_SCOPE SQL_SETTING("wvlv.municipality")

#define SQL_KEY_WHERE \
	" kind = $1::text AND entity_id = $2::uuid AND due_date = $3::date AND threshold = $4::int"

static const char SQL_LEDGER_STATE[] =
	"SELECT channel, delivered_at IS NOT NULL FROM alert_ledger WHERE" SQL_KEY_WHERE;

/* (xmax = 0): the row was inserted, not updated.  A delivered row is left
 * alone (no row returned). */
static const char SQL_LEDGER_RECORD[] =
	"INSERT INTO alert_ledger (kind, entity_id, due_date, threshold, channel,"
	" municipality_code, first_day, delivered_at, payload)"
	" VALUES ($1::text, $2::uuid, $3::date, $4::int, $5::text, $6::text, $7::date,"
	" CASE WHEN $8::boolean THEN now() END, COALESCE($9::jsonb, '{}'::jsonb))"
	" ON CONFLICT (kind, entity_id, due_date, threshold, channel) DO UPDATE"
	" SET payload = EXCLUDED.payload,"
	" delivered_at = COALESCE(alert_ledger.delivered_at, EXCLUDED.delivered_at)"
	" WHERE alert_ledger.delivered_at IS NULL"
	" RETURNING (xmax = 0)";

static const char SQL_LEDGER_ATTEMPTED[] =
	"UPDATE alert_ledger SET attempts = attempts + $6::int, last_attempt_at = now(),"
	" delivered_at = CASE WHEN $7::boolean THEN COALESCE(delivered_at, now()) ELSE delivered_at END,"
	" last_error = CASE WHEN $7::boolean THEN NULL ELSE $8::text END"
	" WHERE" SQL_KEY_WHERE " AND channel = $5::text";

static const char SQL_LEDGER_PENDING[] =
	"SELECT kind, entity_id::text, " SQL_DATE("due_date") ", threshold, municipality_code,"
	" " SQL_DATE("first_day") ", attempts, payload::text"
	" FROM alert_ledger"
	" WHERE channel = $1::text AND delivered_at IS NULL"
	" AND ($2::text[] IS NULL OR kind = ANY ($2::text[]))"
	" ORDER BY created_at, kind, entity_id, due_date, threshold"
	" LIMIT $3::bigint";

static const char SQL_PURGE_CANDIDATES[] =
	"SELECT s.id::text, s.municipality_code, s.status, " SQL_DATE("s.received_on") ","
	" " SQL_DATE("s.last_event_on")
	" FROM sale_notifications s"
	" WHERE s.owner IS NOT NULL AND s.status = ANY ($1::text[]) AND s.received_on < $2::date"
	" ORDER BY s.municipality_code, s.received_on, s.id";

static const char SQL_PURGE_OWNER[] =
	"UPDATE sale_notifications SET owner = NULL, owner_purged_at = now(),"
	" version = version + 1, updated_at = now()"
	" WHERE id = $1::uuid AND owner IS NOT NULL AND municipality_code = " SQL_SCOPE
	" RETURNING id";

static const char SQL_PURGE_REPLAYS[] =
	"WITH d AS (DELETE FROM idempotency_keys"
	" WHERE municipality_code = $1::text AND strpos(body, $2::text) > 0 RETURNING 1)"
	" SELECT count(*) FROM d";
static const char SQL_COUNT_REPLAYS[] =
	"SELECT count(*) FROM idempotency_keys"
	" WHERE municipality_code = $1::text AND strpos(body, $2::text) > 0";

/* ---- helpers -------------------------------------------------------------------------- */

/* 'YYYY-MM-DD', NULL for WVLV_DATE_NONE.  Unlike wvlv_db_date_param(), a
 * date outside years 1..9999 is passed as '' (which PostgreSQL refuses), not
 * as SQL NULL. */
static const char *date_param(wvlv_date d, char buf[WVLV_DATE_STRLEN])
{
	if (d == WVLV_DATE_NONE)
		return NULL;
	return wvlv_date_format(d, buf);
}

/* A text[] literal of simple names ({"a","b"}); NULL when a name would need
 * escaping or there is no room.  Caller frees. */
static char *names_array(const char *const *names, size_t n)
{
	size_t len = 3;
	for (size_t i = 0; i < n; i++) {
		if (!names[i] || strpbrk(names[i], "\"\\{},"))
			return NULL;
		len += strlen(names[i]) + 3;
	}
	char *out = malloc(len);
	if (!out)
		return NULL;
	size_t at = 0;
	out[at++] = '{';
	for (size_t i = 0; i < n; i++)
		at += (size_t)snprintf(out + at, len - at, "%s\"%s\"", i ? "," : "", names[i]);
	out[at++] = '}';
	out[at] = '\0';
	return out;
}

/* The key's four parameters into params[0..3]. */
static bool key_params(const wvlv_ledger_key *key, const char *params[4],
		       char due[WVLV_DATE_STRLEN], char threshold[16])
{
	if (!key || !key->kind || !wvlv_uuid_shaped(key->entity_id) ||
	    key->due_date == WVLV_DATE_NONE)
		return false;
	snprintf(threshold, 16, "%d", key->threshold);
	params[0] = key->kind;
	params[1] = key->entity_id;
	params[2] = date_param(key->due_date, due);
	params[3] = threshold;
	return true;
}

/* ---- the ledger --------------------------------------------------------------------------- */

wvlv_status wvlv_store_ledger_state(wvlv_db *db, const wvlv_ledger_key *key,
				    wvlv_ledger_state *out, wvlv_error *err)
{
	memset(out, 0, sizeof(*out));
	const char *params[4];
	char due[WVLV_DATE_STRLEN], threshold[16];
	if (!key_params(key, params, due, threshold))
		return wvlv_db_internal(err, "alert ledger: incomplete key");
	PGresult *res = wvlv_db_query(db, SQL_LEDGER_STATE, 4, params, PGRES_TUPLES_OK, err);
	if (!res)
		return err->status;
	for (int r = 0; r < PQntuples(res); r++) {
		bool delivered = strcmp(PQgetvalue(res, r, 1), "t") == 0;
		if (strcmp(PQgetvalue(res, r, 0), WVLV_CHANNEL_STDOUT) == 0) {
			out->stdout_delivered = delivered;
		} else if (strcmp(PQgetvalue(res, r, 0), WVLV_CHANNEL_WEBHOOK) == 0) {
			out->webhook_delivered = delivered;
		}
	}
	PQclear(res);
	return WVLV_OK;
}

wvlv_status wvlv_store_ledger_record(wvlv_db *db, const wvlv_ledger_key *key,
				     const char *municipality_code, const char *channel,
				     wvlv_date first_day, bool delivered, const char *payload,
				     bool *inserted, wvlv_error *err)
{
	if (inserted)
		*inserted = false;
	const char *params[9];
	char due[WVLV_DATE_STRLEN], threshold[16], first[WVLV_DATE_STRLEN];
	if (!key_params(key, params, due, threshold) || !channel || !municipality_code)
		return wvlv_db_internal(err, "alert ledger: incomplete row");
	params[4] = channel;
	params[5] = municipality_code;
	params[6] = date_param(first_day, first);
	params[7] = delivered ? "true" : "false";
	params[8] = payload;
	bool was_inserted;
	wvlv_status st = wvlv_db_bool(db, SQL_LEDGER_RECORD, 9, params, &was_inserted, err);
	if (st == WVLV_OK && inserted)
		*inserted = was_inserted;
	return st;
}

wvlv_status wvlv_store_ledger_attempted(wvlv_db *db, const wvlv_ledger_key *key,
					const char *channel, int attempts, bool delivered,
					const char *error, wvlv_error *err)
{
	const char *params[8];
	char due[WVLV_DATE_STRLEN], threshold[16], n[16];
	if (!key_params(key, params, due, threshold) || !channel)
		return wvlv_db_internal(err, "alert ledger: incomplete key");
	snprintf(n, sizeof(n), "%d", attempts < 0 ? 0 : attempts);
	params[4] = channel;
	params[5] = n;
	params[6] = delivered ? "true" : "false";
	params[7] = error;
	return wvlv_db_exec(db, SQL_LEDGER_ATTEMPTED, 8, params, err);
}

static wvlv_status ledger_row(const PGresult *res, int r, wvlv_arena *arena, void *item,
			      wvlv_error *err)
{
	(void)arena;
	wvlv_ledger_row *row = item;
	snprintf(row->kind, sizeof(row->kind), "%s", PQgetvalue(res, r, 0));
	snprintf(row->entity_id, sizeof(row->entity_id), "%s", PQgetvalue(res, r, 1));
	row->threshold = atoi(PQgetvalue(res, r, 3));
	row->municipality_code = PQgetvalue(res, r, 4);
	row->attempts = atoi(PQgetvalue(res, r, 6));
	row->payload = PQgetvalue(res, r, 7);
	wvlv_status st = wvlv_db_date_value(res, r, 2, &row->due_date, err);
	return st == WVLV_OK ? wvlv_db_date_value(res, r, 5, &row->first_day, err) : st;
}

wvlv_status wvlv_store_ledger_pending(wvlv_db *db, wvlv_arena *arena, const char *channel,
				      const char *const *kinds, size_t n_kinds, long limit,
				      wvlv_ledger_row **rows, size_t *n, wvlv_error *err)
{
	*rows = NULL;
	*n = 0;
	char *kinds_array = NULL;
	if (n_kinds > 0 && !(kinds_array = names_array(kinds, n_kinds)))
		return wvlv_db_internal(err, "alert ledger: unusable kind names");
	char lim[24];
	snprintf(lim, sizeof(lim), "%ld", limit > 0 ? limit : 1000);
	const char *params[] = { channel, kinds_array, lim };
	*rows = wvlv_db_read_rows(db, arena, SQL_LEDGER_PENDING, 3, params, sizeof(**rows),
				  ledger_row, n, err);
	free(kinds_array);
	return *rows ? WVLV_OK : err->status;
}

/* ---- purging owner personal data ------------------------------------------------------------ */

static wvlv_status purge_candidate(const PGresult *res, int r, wvlv_arena *arena, void *item,
				   wvlv_error *err)
{
	(void)arena;
	wvlv_purge_candidate *c = item;
	snprintf(c->id, sizeof(c->id), "%s", PQgetvalue(res, r, 0));
	snprintf(c->municipality_code, sizeof(c->municipality_code), "%s", PQgetvalue(res, r, 1));
	wvlv_status st = WVLV_OK;
	if (!wvlv_offer_status_parse(PQgetvalue(res, r, 2), &c->status))
		st = wvlv_db_internal(err, "purge: unknown status in the database");
	if (st == WVLV_OK)
		st = wvlv_db_date_value(res, r, 3, &c->received_on, err);
	return st == WVLV_OK ? wvlv_db_date_value(res, r, 4, &c->last_event_on, err) : st;
}

wvlv_status wvlv_store_purge_candidates(wvlv_db *db, wvlv_arena *arena,
					const wvlv_offer_status *statuses, size_t n_statuses,
					wvlv_date received_before, wvlv_purge_candidate **rows,
					size_t *n, wvlv_error *err)
{
	*rows = NULL;
	*n = 0;
	if (n_statuses == 0)
		return WVLV_OK;
	const char *names[16];
	if (n_statuses > 16)
		return wvlv_db_internal(err, "purge: too many statuses");
	for (size_t i = 0; i < n_statuses; i++)
		if (!(names[i] = wvlv_offer_status_name(statuses[i])))
			return wvlv_db_internal(err, "purge: unknown status");
	char *array = names_array(names, n_statuses);
	if (!array)
		return wvlv_db_internal(err, "purge: unusable status names");
	char before[WVLV_DATE_STRLEN];
	const char *params[] = { array, date_param(received_before, before) };
	*rows = wvlv_db_read_rows(db, arena, SQL_PURGE_CANDIDATES, 2, params, sizeof(**rows),
				  purge_candidate, n, err);
	free(array);
	return *rows ? WVLV_OK : err->status;
}

wvlv_status wvlv_store_purge_owner(wvlv_db *db, const char *id, bool *purged, wvlv_error *err)
{
	*purged = false;
	if (!wvlv_uuid_shaped(id))
		return WVLV_OK;
	const char *params[] = { id };
	PGresult *res = wvlv_db_query(db, SQL_PURGE_OWNER, 1, params, PGRES_TUPLES_OK, err);
	if (!res)
		return err->status;
	*purged = PQntuples(res) == 1;
	PQclear(res);
	return WVLV_OK;
}

wvlv_status wvlv_store_purge_replays(wvlv_db *db, const char *municipality_code, const char *id,
				     bool count_only, long *removed, wvlv_error *err)
{
	*removed = 0;
	if (!wvlv_uuid_shaped(id) || !municipality_code)
		return WVLV_OK;
	const char *params[] = { municipality_code, id };
	return wvlv_db_count(db, count_only ? SQL_COUNT_REPLAYS : SQL_PURGE_REPLAYS, 2, params,
			     removed, err);
}
