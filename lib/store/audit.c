/* audit.c — the append-only audit trail (see store_audit.h).
 *
 * The diff of an audit row is computed by PostgreSQL from the two JSON
 * snapshots: for every key of before || after whose values differ,
 * {key: {"before": …, "after": …}}, a missing key counting as null.  The
 * database fills in the time and the transaction id (migration 0002), and
 * the deferred check there refuses a transaction that changed a designation
 * without an audit row of it.  Row-level security limits reads to the
 * caller's municipality; lists filter on it explicitly as well when asked.
 */
#include "wvlv/store_audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wvlv/date.h"
#include "audit_sql.h"
#include "db_internal.h"

static const char SQL_APPEND[] =
	"INSERT INTO audit_log (token_id, token_label, municipality_code, entity, entity_id,"
	" action, changes, request_id, client_request_id)"
	" SELECT $1::uuid, $2, $3, $4, $5, $6,"
	" " SQL_AUDIT_CHANGES("v.b", "v.a") ", $9, $10"
	" FROM (SELECT COALESCE($7::jsonb, '{}'::jsonb) AS b, COALESCE($8::jsonb, '{}'::jsonb) AS a) v";

/* Filters $1..$5: municipality, entity, entity id, since (a date, midnight in
 * Europe/Amsterdam), since (a timestamp); NULL switches a filter off. */
#define SQL_LIST_WHERE                                                                    \
	" FROM audit_log a"                                                               \
	" WHERE ($1::text IS NULL OR a.municipality_code = $1::text)"                     \
	" AND ($2::text IS NULL OR a.entity = $2::text)"                                  \
	" AND ($3::text IS NULL OR a.entity_id = $3::text)"                               \
	" AND ($4::date IS NULL OR a.at >= ($4::date)::timestamp AT TIME ZONE 'Europe/Amsterdam')" \
	" AND ($5::timestamptz IS NULL OR a.at >= $5::timestamptz)"

/* From the start ($7: offset) or after the id of a cursor ($8), by the
 * primary key; numberMatched is a separate count of the same filter (one
 * InitPlan, same snapshot), not a window over every matching row, and only on
 * a page asked without a cursor (a deep page would pay what the first paid). */
static const char SQL_LIST[] =
	"SELECT a.id, " SQL_TIMESTAMP("a.at") ", a.token_id::text, a.token_label,"
	" a.municipality_code, a.entity, a.entity_id, a.action, a.changes::text, a.request_id,"
	" a.client_request_id, CASE WHEN $8::bigint IS NULL THEN " SQL_COUNT_UPTO(SQL_LIST_WHERE)
	" END" SQL_LIST_WHERE
	" AND ($8::bigint IS NULL OR a.id > $8::bigint)"
	" ORDER BY a.id LIMIT $6::bigint OFFSET $7::bigint";
static const char SQL_COUNT[] = "SELECT " SQL_COUNT_UPTO(SQL_LIST_WHERE);
#define LIST_NPARAMS 8
#define COUNT_NPARAMS 5

enum {
	COL_ID = 0,
	COL_AT,
	COL_TOKEN_ID,
	COL_TOKEN_LABEL,
	COL_MUNICIPALITY,
	COL_ENTITY,
	COL_ENTITY_ID,
	COL_ACTION,
	COL_CHANGES,
	COL_REQUEST_ID,
	COL_CLIENT_REQUEST_ID,
	COL_NUMBER_MATCHED
};

/* ---- helpers ------------------------------------------------------------------ */

static const char *empty_to_null(const char *s)
{
	return s && *s ? s : NULL;
}

/* NULL, or text that starts like a JSON object. */
static bool json_object_text(const char *s)
{
	if (!s)
		return true;
	s += strspn(s, " \t\r\n");
	return *s == '{';
}

/* ---- append ---------------------------------------------------------------------- */

static wvlv_status audit_append(wvlv_db *db, const wvlv_caller *caller,
				const char *municipality_code, const char *entity,
				const char *entity_id, const char *action, const char *before_json,
				const char *after_json, bool later, wvlv_error *err)
{
	if (!municipality_code || !entity || !*entity || !entity_id || !action || !*action)
		return wvlv_db_internal(err, "audit append: municipality, entity, entity id and "
					   "action are required");
	if (!json_object_text(before_json) || !json_object_text(after_json))
		return wvlv_db_internal(err, "audit append: before and after must be JSON objects");
	const char *params[] = {
		caller ? empty_to_null(caller->token_id) : NULL,
		caller ? empty_to_null(caller->label) : NULL,
		municipality_code,
		entity,
		entity_id,
		action,
		before_json,
		after_json,
		caller ? empty_to_null(caller->request_id) : NULL,
		caller ? empty_to_null(caller->client_request_id) : NULL,
	};
	return later ? wvlv_db_defer(db, SQL_APPEND, 10, params, err)
		     : wvlv_db_exec(db, SQL_APPEND, 10, params, err);
}

wvlv_status wvlv_store_audit_append(wvlv_db *db, const wvlv_caller *caller,
				    const char *municipality_code, const char *entity,
				    const char *entity_id, const char *action,
				    const char *before_json, const char *after_json,
				    wvlv_error *err)
{
	return audit_append(db, caller, municipality_code, entity, entity_id, action, before_json,
			    after_json, false, err);
}

wvlv_status wvlv_store_audit_append_later(wvlv_db *db, const wvlv_caller *caller,
					  const char *municipality_code, const char *entity,
					  const char *entity_id, const char *action,
					  const char *before_json, const char *after_json,
					  wvlv_error *err)
{
	return audit_append(db, caller, municipality_code, entity, entity_id, action, before_json,
			    after_json, true, err);
}

/* ---- since: an RFC 3339 timestamp or a date --------------------------------------- */

static bool digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int two(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/* YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM), 'T'/'t'/' ' and 'Z'/'z' alike
 * (RFC 3339 §5.6), normalised into out with 'T' and 'Z'. */
static bool since_timestamp(const char *s, char *out, size_t outsize)
{
	size_t n = strlen(s);
	if (n < 20 || n >= outsize)
		return false;
	char date[WVLV_DATE_STRLEN];
	memcpy(date, s, 10);
	date[10] = '\0';
	wvlv_date d;
	wvlv_error ignored;
	wvlv_error_clear(&ignored);
	if (wvlv_date_parse(date, &d, &ignored) != WVLV_OK)
		return false;
	const char *t = s + 10;
	if ((*t != 'T' && *t != 't' && *t != ' ') || !digits(t + 1, 2) || t[3] != ':' ||
	    !digits(t + 4, 2) || t[6] != ':' || !digits(t + 7, 2))
		return false;
	if (two(t + 1) > 23 || two(t + 4) > 59 || two(t + 7) > 60)
		return false;
	const char *z = t + 9;
	if (*z == '.') {
		size_t frac = strspn(z + 1, "0123456789");
		if (frac == 0 || frac > 9)
			return false;
		z += 1 + frac;
	}
	if (!((z[0] == 'Z' || z[0] == 'z') && z[1] == '\0')) {
		if ((z[0] != '+' && z[0] != '-') || !digits(z + 1, 2) || z[3] != ':' ||
		    !digits(z + 4, 2) || z[6] != '\0')
			return false;
		/* PostgreSQL takes offsets up to ±15:59; real ones end at ±14:00 */
		if (two(z + 1) > 15 || two(z + 4) > 59)
			return false;
	}
	memcpy(out, s, n + 1);
	out[10] = 'T';
	if (out[n - 1] == 'z')
		out[n - 1] = 'Z';
	return true;
}

static wvlv_status since_invalid(wvlv_error *err)
{
	wvlv_error_add_param(err, "since", "invalid-timestamp",
			     "since must be an RFC 3339 timestamp such as 2025-06-01T12:00:00Z, "
			     "or a date such as 2025-06-01.");
	return wvlv_error_set(err, WVLV_EBADREQ, "invalid-query-parameter",
			      "The query parameter since is not valid.");
}

/* ---- list --------------------------------------------------------------------------- */

typedef struct list_params {
	const char *v[LIST_NPARAMS];
	char        since[48];
	wvlv_db_page page;
} list_params;

static wvlv_status list_params_fill(list_params *lp, const wvlv_audit_filter *f, wvlv_error *err)
{
	memset(lp, 0, sizeof(*lp));
	lp->v[0] = f->municipality_code;
	lp->v[1] = f->entity;
	lp->v[2] = f->entity_id;
	if (f->since) {
		wvlv_date d;
		wvlv_error ignored;
		wvlv_error_clear(&ignored);
		if (strlen(f->since) == 10 && wvlv_date_parse(f->since, &d, &ignored) == WVLV_OK) {
			snprintf(lp->since, sizeof(lp->since), "%s", f->since);
			lp->v[3] = lp->since;
		} else if (since_timestamp(f->since, lp->since, sizeof(lp->since))) {
			lp->v[4] = lp->since;
		} else {
			return since_invalid(err);
		}
	}
	wvlv_db_page_params(&lp->page, f->limit, f->offset, &lp->v[5], &lp->v[6]);
	lp->v[7] = f->after[0];
	return WVLV_OK;
}

/* A failed list statement: a since value PostgreSQL would not take (the
 * check above should have caught it) is still the client's. */
static wvlv_status list_failed(wvlv_db *db, wvlv_error *err)
{
	const char *state = wvlv_db_sqlstate(db);
	if (strcmp(state, "22007") == 0 || strcmp(state, "22008") == 0) {
		wvlv_error_clear(err);
		return since_invalid(err);
	}
	return err->status;
}

wvlv_status wvlv_store_audit_list(wvlv_db *db, wvlv_arena *arena, const wvlv_audit_filter *f,
				  wvlv_audit_entry **items, size_t *n, long *number_matched,
				  wvlv_error *err)
{
	*items = NULL;
	*n = 0;
	*number_matched = 0;
	list_params lp;
	wvlv_status st = list_params_fill(&lp, f, err);
	if (st != WVLV_OK)
		return st;
	PGresult *res = wvlv_db_query(db, SQL_LIST, LIST_NPARAMS, lp.v, PGRES_TUPLES_OK, err);
	if (!res)
		return list_failed(db, err);
	wvlv_arena_on_destroy(arena, wvlv_db_clear_result, res);
	int rows = PQntuples(res);
	if (rows == 0) {
		/* no row to carry the count: count separately (not by cursor) */
		if (f->after[0])
			*number_matched = -1;
		if (f->after[0] || (f->offset <= 0 && f->limit != 0))
			return WVLV_OK;
		if (wvlv_db_count_matched(db, SQL_COUNT, COUNT_NPARAMS, lp.v, number_matched, err) !=
		    WVLV_OK)
			return list_failed(db, err);
		return WVLV_OK;
	}
	wvlv_audit_entry *out = wvlv_arena_alloc(arena, (size_t)rows * sizeof(*out));
	for (int r = 0; r < rows; r++) {
		out[r] = (wvlv_audit_entry){
			.id = strtoll(PQgetvalue(res, r, COL_ID), NULL, 10),
			.at = PQgetvalue(res, r, COL_AT),
			.token_id = wvlv_db_value_or_null(res, r, COL_TOKEN_ID),
			.token_label = wvlv_db_value_or_null(res, r, COL_TOKEN_LABEL),
			.municipality_code = PQgetvalue(res, r, COL_MUNICIPALITY),
			.entity = PQgetvalue(res, r, COL_ENTITY),
			.entity_id = PQgetvalue(res, r, COL_ENTITY_ID),
			.action = PQgetvalue(res, r, COL_ACTION),
			.changes = PQgetvalue(res, r, COL_CHANGES),
			.request_id = wvlv_db_value_or_null(res, r, COL_REQUEST_ID),
			.client_request_id = wvlv_db_value_or_null(res, r, COL_CLIENT_REQUEST_ID),
		};
	}
	*items = out;
	*n = (size_t)rows;
	*number_matched = wvlv_db_matched(res, COL_NUMBER_MATCHED);
	return WVLV_OK;
}
