/* offers.c — sale offers and their events in PostgreSQL + PostGIS (see
 * store_offers.h and migration 0003; the legal basis of open offers, also
 * declared there, is offer_basis.c; the check of a location is geometry.c).
 *
 * The location arrives as a GeoJSON Point in CRS84 or RD and is stored once,
 * in EPSG:28992; both GeoJSON encodings served to clients are generated
 * columns.  Dates cross the boundary as 'YYYY-MM-DD' text, timestamps as
 * RFC 3339 UTC; statuses, event types and exemption grounds by the names of
 * lib/domain/offer.c.  Rows read are backed by their PGresult, which is tied to the
 * caller's arena and cleared with it.  No legal rule is decided here: the
 * state an event leads to comes in computed, and is stored as it is.
 */
#include "wvlv/store_offers.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "offer_ground.h"
#include "offer_rows.h"

/* ---- SQL ------------------------------------------------------------------- */

/* GeoJSON Point text + SRID parameters → the stored point (RD New). */
#define SQL_POINT_IN(json, srid) \
	"ST_Force2D(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(" json "), " srid "::int), 28992))"

/* The events of offer s, oldest first, as a JSON array (NULL when none). */
#define SQL_EVENTS                                                                          \
	"(SELECT json_agg(json_build_object('sequence', e.sequence, 'type', e.type,"        \
	" 'on', " SQL_DATE("e.on_date") ", 'actor', e.actor,"                              \
	" 'actorTokenId', e.actor_token_id::text, 'recordedAt', " SQL_TIMESTAMP("e.recorded_at") "," \
	" 'data', e.data::text) ORDER BY e.sequence)"                                       \
	" FROM sale_notification_events e WHERE e.sale_notification_id = s.id)::text"

/* The columns of an offer, in the order of the COL_* indexes below. */
#define SQL_COLUMNS(loccol)                                                                   \
	"SELECT s.id::text, s.municipality_code, " SQL_DATE("s.received_on") ","              \
	" s.property::text, s." loccol ", s.owner::text, s.asking_price::text, s.exemption,"  \
	" s.designation_id::text,"                                                            \
	" (SELECT d.name FROM designations d WHERE d.id = s.designation_id), s.status,"       \
	" " SQL_DATE("s.response_deadline") ", " SQL_DATE("s.court_filing_deadline") ","      \
	" " SQL_DATE("s.free_to_sell_until") ", " SQL_DATE("s.last_event_on") ","             \
	" s.version, " SQL_TIMESTAMP("s.created_at") ", " SQL_TIMESTAMP("s.updated_at") ","   \
	" " SQL_EVENTS

enum {
	COL_ID = 0,
	COL_MUNICIPALITY,
	COL_RECEIVED_ON,
	COL_PROPERTY,
	COL_LOCATION,
	COL_OWNER,
	COL_ASKING_PRICE,
	COL_EXEMPTION,
	COL_DESIGNATION_ID,
	COL_DESIGNATION_NAME,
	COL_STATUS,
	COL_RESPONSE_DEADLINE,
	COL_FILING_DEADLINE,
	COL_FREE_UNTIL,
	COL_LAST_EVENT_ON,
	COL_VERSION,
	COL_CREATED_AT,
	COL_UPDATED_AT,
	COL_EVENTS,
	COL_NUMBER_MATCHED,  /* lists only */
	COL_CREATED_US       /* lists only */
};

#define SQL_GET_FROM(loccol, lock)                                                  \
	SQL_COLUMNS(loccol) " FROM sale_notifications s WHERE s.id = $1::uuid"      \
			    " AND ($2::text IS NULL OR s.municipality_code = $2::text)" lock

/* [crs][for_update] */
static const char *const SQL_GET[2][2] = {
	{ SQL_GET_FROM("location_crs84", ""), SQL_GET_FROM("location_crs84", " FOR UPDATE OF s") },
	{ SQL_GET_FROM("location_rd", ""), SQL_GET_FROM("location_rd", " FOR UPDATE OF s") },
};

const char *wvlv_sql_offer_get(wvlv_crs crs, bool for_update)
{
	return SQL_GET[crs == WVLV_CRS_RD][for_update ? 1 : 0];
}

/* Filters $1..$4 (see list_params_fill()); NULL parameters switch a filter off.
 * deadlineBefore: the open deadline of the offer's state. */
#define SQL_LIST_WHERE                                                                    \
	" FROM sale_notifications s"                                                      \
	" WHERE ($1::text IS NULL OR s.municipality_code = $1::text)"                     \
	" AND ($2::text IS NULL OR s.status = $2::text)"                                  \
	" AND ($3::date IS NULL"                                                          \
	" OR (s.status = 'received' AND s.response_deadline < $3::date)"                  \
	" OR (s.status = 'court-requested' AND s.court_filing_deadline < $3::date))"      \
	" AND ($4::uuid IS NULL OR s.designation_id = $4::uuid)"

/* deadlineBefore ($3) as one open status with its deadline, the other
 * filters as above. */
#define SQL_ARM_WHERE(status, col)                                                        \
	" FROM sale_notifications s WHERE s.status = '" status "' AND s." col " < $3::date"  \
	" AND ($2::text IS NULL OR $2::text = '" status "')"                              \
	" AND ($1::text IS NULL OR s.municipality_code = $1::text)"                       \
	" AND ($4::uuid IS NULL OR s.designation_id = $4::uuid)"

#define SQL_CREATED_US(col) "(extract(epoch FROM " col ") * 1000000)::bigint"

/* numberMatched (up to WVLV_DB_MATCHED_MAX each) with deadlineBefore: the
 * open offers of each open status whose deadline is before it, counted apart
 * — each a range of its partial index (migration 0019), read from the index
 * alone: the index carries
 * municipality_code, which row-level security reads, and designation_id.
 * (The OR of the two in one scan reads every row.)  An arm that status ($2)
 * rules out is not planned at all: its CASE is decided when the statement
 * is planned for its values (a scan under a false filter still started
 * parallel workers for nothing). */
#define SQL_COUNT_ARM(status, col)                                                        \
	"CASE WHEN $2::text IS NULL OR $2::text = '" status "' THEN "                    \
	SQL_COUNT_UPTO(SQL_ARM_WHERE(status, col)) " ELSE 0 END"
#define SQL_COUNT_EXPR                                                                    \
	"CASE WHEN $3::date IS NULL THEN " SQL_COUNT_UPTO(SQL_LIST_WHERE)                 \
	" ELSE " SQL_COUNT_ARM("received", "response_deadline") " + "                     \
	SQL_COUNT_ARM("court-requested", "court_filing_deadline") " END"

/* The keys of the page in the list's order: from the start ($6: offset) or
 * after the keys of a cursor ($7..$9). */
#define SQL_KEYS_AFTER                                                                    \
	" AND ($9::uuid IS NULL OR (s.received_on, s.created_at, s.id) > ($7::date,"      \
	" 'epoch'::timestamptz + $8::bigint * interval '1 microsecond', $9::uuid))"       \
	" ORDER BY s.received_on, s.created_at, s.id"
#define SQL_KEYS                                                                          \
	"SELECT s.id, s.received_on, s.created_at" SQL_LIST_WHERE SQL_KEYS_AFTER          \
	" LIMIT $5::bigint OFFSET $6::bigint"
/* With deadlineBefore: the page of an open status in the list's order, an
 * index range of sale_notifications_[municipality_]status_order_idx (0017)
 * that stops at the page's end; without status, the page of each open status,
 * merged.  One scan of the register's order with the OR as a filter would
 * walk past every closed offer (the open ones are the newest); a bitmap of
 * the OR reads and sorts every match (21 000 at 10^6 offers, 0.3–0.5 s).
 * The arms are chosen by the caller (list_sql), not by a filter on $2 that
 * is false: a plan under a false filter still started parallel workers. */
#define SQL_KEYS_ONE(status, col)                                                         \
	"SELECT s.id, s.received_on, s.created_at" SQL_ARM_WHERE(status, col)             \
	SQL_KEYS_AFTER " LIMIT $5::bigint OFFSET $6::bigint"
#define SQL_KEYS_ARM(status, col)                                                         \
	"(SELECT s.id, s.received_on, s.created_at" SQL_ARM_WHERE(status, col)            \
	SQL_KEYS_AFTER " LIMIT $5::bigint + $6::bigint)"
#define SQL_KEYS_BOTH                                                                     \
	"SELECT s.id, s.received_on, s.created_at FROM ("                                 \
	SQL_KEYS_ARM("received", "response_deadline") " UNION ALL "                       \
	SQL_KEYS_ARM("court-requested", "court_filing_deadline") ") s"                    \
	" ORDER BY s.received_on, s.created_at, s.id LIMIT $5::bigint OFFSET $6::bigint"

/* The page is chosen first over the narrow keys of the matching rows (the
 * index sale_notifications_*_order_idx of migration 0017); only its rows
 * are joined back for the wide columns.  numberMatched is a separate count
 * of the same filter (an InitPlan, same snapshot), not a window over the
 * page, and only on a page asked without a cursor: a deep page would pay for
 * it what the first one paid. */
#define SQL_LIST_FROM(loccol, keys)                                                       \
	SQL_COLUMNS(loccol) ", CASE WHEN $9::uuid IS NULL THEN " SQL_COUNT_EXPR " END, "  \
	SQL_CREATED_US("s.created_at")                                                    \
	" FROM (" keys ") k JOIN sale_notifications s ON s.id = k.id"                     \
	" ORDER BY k.received_on, k.created_at, k.id"
#define SQL_LIST_KEYS(loccol)                                                             \
	{ SQL_LIST_FROM(loccol, SQL_KEYS), SQL_LIST_FROM(loccol, SQL_KEYS_BOTH),          \
	  SQL_LIST_FROM(loccol, SQL_KEYS_ONE("received", "response_deadline")),           \
	  SQL_LIST_FROM(loccol, SQL_KEYS_ONE("court-requested", "court_filing_deadline")) }

/* [crs][list_sql's choice] */
static const char *const SQL_LIST[2][4] = { SQL_LIST_KEYS("location_crs84"),
					    SQL_LIST_KEYS("location_rd") };
static const char SQL_COUNT[] = "SELECT " SQL_COUNT_EXPR;
#define LIST_NPARAMS 9
#define COUNT_NPARAMS 4

/* The designation of $1 with an active voorkeursrecht on $4 covering the
 * point ($2 in SRID $3), optionally only $5; the smallest first. */
#define SQL_FIND_DESIGNATION_BODY                                                         \
	"SELECT d.id::text, d.name"                                                       \
	" FROM designations d, (SELECT " SQL_POINT_IN("$2", "$3") " AS g) p"              \
	" WHERE d.municipality_code = $1::text"                                           \
	" AND ($5::uuid IS NULL OR d.id = $5::uuid)"                                      \
	" AND 'voorkeursrecht' = ANY (d.measures)"                                        \
	" AND d.designated_from <= $4::date AND d.designated_until >= $4::date"           \
	" AND d.geom && p.g AND ST_Covers(d.geom, p.g)"                                   \
	" ORDER BY ST_Area(d.geom), d.created_at, d.id"
static const char SQL_FIND_DESIGNATION[] = SQL_FIND_DESIGNATION_BODY " LIMIT 1";
/* The same, locked FOR SHARE until the transaction ends: a row changed by a
 * transaction that committed meanwhile is checked again in its new version
 * (READ COMMITTED), and one that no longer fits is passed over for the next
 * (offer_basis.c, wvlv_store_offer_ground). */
const char wvlv_sql_find_designation_share[] =
	SQL_FIND_DESIGNATION_BODY " LIMIT 1 FOR SHARE OF d";

/* What an audit row of an offer compares: its state, never the owner (of the
 * row s). */
#define SQL_SNAPSHOT_OF_S                                                                 \
	"jsonb_build_object('status', s.status,"                                          \
	" 'receivedOn', " SQL_DATE("s.received_on") ","                                   \
	" 'designationId', s.designation_id::text,"                                       \
	" 'responseDeadline', " SQL_DATE("s.response_deadline") ","                       \
	" 'courtFilingDeadline', " SQL_DATE("s.court_filing_deadline") ","                \
	" 'freeToSellUntil', " SQL_DATE("s.free_to_sell_until") ","                       \
	" 'exemption', s.exemption, 'askingPrice', s.asking_price::text, 'version', s.version," \
	" 'lastEvent', (SELECT jsonb_build_object('sequence', e.sequence, 'type', e.type,"  \
	" 'on', " SQL_DATE("e.on_date") ", 'data', e.data)"                               \
	" FROM sale_notification_events e WHERE e.sale_notification_id = s.id"            \
	" ORDER BY e.sequence DESC LIMIT 1))::text"
const char wvlv_sql_offer_snapshot[] =
	"SELECT " SQL_SNAPSHOT_OF_S " FROM sale_notifications s WHERE s.id = $1::uuid";

/* The new offer's id and its audit snapshot (SQL_SNAPSHOT_OF, below). */
static const char SQL_INSERT[] =
	"INSERT INTO sale_notifications AS s (municipality_code, received_on, property, location,"
	" owner, asking_price, exemption, designation_id, status, response_deadline,"
	" court_filing_deadline, free_to_sell_until, last_event_on)"
	" VALUES ($1::text, $2::date, $3::jsonb, " SQL_POINT_IN("$4", "$5") ", $6::jsonb,"
	" $7::numeric, $8::text, $9::uuid, $10::text, $11::date, $12::date, $13::date, $14::date)"
	" RETURNING s.id::text, " SQL_SNAPSHOT_OF_S;

/* ---- small helpers ------------------------------------------------------------ */

wvlv_status wvlv_offer_not_found(wvlv_error *err)
{
	return wvlv_error_set(err, WVLV_ENOTFOUND, "not-found",
			      "the sale notification does not exist");
}

/* ---- the designation of a location ------------------------------------------------- */

static wvlv_status no_designation(wvlv_error *err, const char *designation_id, wvlv_date on)
{
	char day[WVLV_DATE_STRLEN];
	wvlv_date_format(on, day);
	if (designation_id)
		return wvlv_error_set(err, WVLV_ENOTFOUND, "designation-not-applicable",
				      "designation %.36s has no voorkeursrecht in force on %s at the "
				      "property's location",
				      designation_id, day);
	return wvlv_error_set(err, WVLV_ENOTFOUND, "no-designation",
			      "no designation with a voorkeursrecht in force on %s covers the "
			      "property's location",
			      day);
}

wvlv_status wvlv_store_offer_find_designation(wvlv_db *db, wvlv_arena *arena,
					      const char *municipality_code,
					      const char *point_json, wvlv_crs crs, wvlv_date on,
					      const char *designation_id, char id_out[WVLV_UUID_STRLEN],
					      const char **name_out, wvlv_error *err)
{
	id_out[0] = '\0';
	if (name_out)
		*name_out = NULL;
	if (designation_id && !wvlv_uuid_shaped(designation_id))
		return no_designation(err, designation_id, on);
	char srid[16], day[WVLV_DATE_STRLEN];
	const char *params[] = { municipality_code, point_json, wvlv_db_srid_param(crs, srid),
				 wvlv_db_date_param(on, day), designation_id };
	PGresult *res = wvlv_db_query(db, SQL_FIND_DESIGNATION, 5, params, PGRES_TUPLES_OK, err);
	if (!res)
		return err->status;
	wvlv_status st = WVLV_OK;
	if (PQntuples(res) == 1) {
		snprintf(id_out, 37, "%s", PQgetvalue(res, 0, 0));
		if (name_out)
			*name_out = wvlv_arena_strdup(arena, PQgetvalue(res, 0, 1));
	} else {
		st = no_designation(err, designation_id, on);
	}
	PQclear(res);
	return st;
}

/* ---- insert ------------------------------------------------------------------------ */

const char *wvlv_offer_status_param(wvlv_offer_status s, wvlv_error *err, wvlv_status *st)
{
	const char *name = wvlv_offer_status_name(s);
	if (!name)
		*st = wvlv_db_internal(err, "offer store: unknown status");
	return name;
}

wvlv_status wvlv_store_offer_insert(wvlv_db *db, const wvlv_offer_new *o, char id_out[WVLV_UUID_STRLEN],
				    wvlv_error *err)
{
	return wvlv_store_offer_insert_snapshot(db, NULL, o, id_out, NULL, err);
}

wvlv_status wvlv_store_offer_insert_snapshot(wvlv_db *db, wvlv_arena *arena, const wvlv_offer_new *o,
					     char id_out[WVLV_UUID_STRLEN], const char **snapshot,
					     wvlv_error *err)
{
	id_out[0] = '\0';
	wvlv_status st = WVLV_OK;
	const char *status = wvlv_offer_status_param(o->state.status, err, &st);
	if (st != WVLV_OK)
		return st;
	const char *exemption = NULL;
	if (o->exemption != WVLV_EXEMPT_NONE && !(exemption = wvlv_exemption_name(o->exemption)))
		return wvlv_db_internal(err, "offer store: unknown exemption ground");
	char srid[16], received[WVLV_DATE_STRLEN], response[WVLV_DATE_STRLEN],
		filing[WVLV_DATE_STRLEN], free_until[WVLV_DATE_STRLEN], last[WVLV_DATE_STRLEN];
	const char *params[] = {
		o->municipality_code,
		wvlv_db_date_param(o->received_on, received),
		o->property_json,
		o->location_json,
		wvlv_db_srid_param(o->location_crs, srid),
		o->owner_json,
		o->asking_price,
		exemption,
		o->designation_id,
		status,
		wvlv_db_date_param(o->state.response_deadline, response),
		wvlv_db_date_param(o->state.court_filing_deadline, filing),
		wvlv_db_date_param(o->state.free_to_sell_until, free_until),
		wvlv_db_date_param(o->state.last_event_on, last),
	};
	/* a parcel with an open offer already (WV002, the unique index of migration
	 * 0010) leaves the transaction usable, so that the caller can name that
	 * offer: the savepoint and its release travel with their neighbours */
	wvlv_status st0 = wvlv_db_defer(db, "SAVEPOINT wvlv_offer_insert", 0, NULL, err);
	if (st0 != WVLV_OK)
		return st0;
	/* a refusal there is the client's (logged as "info") */
	PGresult *res = wvlv_db_query_input(db, SQL_INSERT, 14, params, PGRES_TUPLES_OK, err);
	if (!res) {
		wvlv_error ignored;
		wvlv_error_clear(&ignored);
		if (strcmp(wvlv_db_sqlstate(db), "WV002") == 0 &&
		    wvlv_db_exec(db, "ROLLBACK TO SAVEPOINT wvlv_offer_insert", 0, NULL, &ignored) != WVLV_OK)
			return ignored.status;
		return err->status;
	}
	if ((st0 = wvlv_db_defer(db, "RELEASE SAVEPOINT wvlv_offer_insert", 0, NULL, err)) != WVLV_OK) {
		PQclear(res);
		return st0;
	}
	if (snapshot && PQntuples(res) == 1)
		*snapshot = wvlv_arena_strdup(arena, PQgetvalue(res, 0, 1));
	return wvlv_db_returned_id(res, id_out, 37, "sale notification insert", err);
}

/* ---- reading rows ------------------------------------------------------------------- */

static wvlv_status event_from_json(json_t *o, wvlv_arena *arena, wvlv_offer_event_row *ev,
				   wvlv_error *err)
{
	const char *type = json_string_value(json_object_get(o, "type"));
	const char *on = json_string_value(json_object_get(o, "on"));
	const char *actor = json_string_value(json_object_get(o, "actor"));
	const char *token = json_string_value(json_object_get(o, "actorTokenId"));
	const char *recorded = json_string_value(json_object_get(o, "recordedAt"));
	const char *data = json_string_value(json_object_get(o, "data"));
	if (!json_is_integer(json_object_get(o, "sequence")) || !type || !on || !actor ||
	    !recorded || !data || !wvlv_offer_event_parse(type, &ev->type))
		return wvlv_db_internal(err, "unreadable sale notification event from the database");
	wvlv_error parse_err;
	wvlv_error_clear(&parse_err);
	if (wvlv_date_parse(on, &ev->on, &parse_err) != WVLV_OK)
		return wvlv_db_internal(err, "unreadable date from the database");
	ev->sequence = (int)json_integer_value(json_object_get(o, "sequence"));
	ev->actor = wvlv_arena_strdup(arena, actor);
	ev->actor_token_id = token ? wvlv_arena_strdup(arena, token) : NULL;
	ev->recorded_at = wvlv_arena_strdup(arena, recorded);
	ev->data = wvlv_arena_strdup(arena, data);
	return WVLV_OK;
}

static wvlv_status row_events(const PGresult *res, int row, wvlv_arena *arena, wvlv_offer *out,
			      wvlv_error *err)
{
	out->events = NULL;
	out->n_events = 0;
	if (PQgetisnull(res, row, COL_EVENTS))
		return WVLV_OK; /* json_agg of no rows */
	json_t *a = json_loads(PQgetvalue(res, row, COL_EVENTS), 0, NULL);
	if (!json_is_array(a)) {
		json_decref(a);
		return wvlv_db_internal(err, "unreadable sale notification events from the database");
	}
	size_t n = json_array_size(a);
	wvlv_offer_event_row *events = wvlv_arena_alloc(arena, (n ? n : 1) * sizeof(*events));
	wvlv_status st = WVLV_OK;
	for (size_t i = 0; i < n && st == WVLV_OK; i++)
		st = event_from_json(json_array_get(a, i), arena, &events[i], err);
	json_decref(a);
	if (st != WVLV_OK)
		return st;
	out->events = events;
	out->n_events = n;
	return WVLV_OK;
}

static wvlv_status row_state(const PGresult *res, int row, wvlv_offer *out, wvlv_error *err)
{
	if (!wvlv_offer_status_parse(PQgetvalue(res, row, COL_STATUS), &out->state.status))
		return wvlv_db_internal(err, "unknown sale notification status in the database");
	const char *exemption = wvlv_db_value_or_null(res, row, COL_EXEMPTION);
	out->exemption = WVLV_EXEMPT_NONE;
	if (exemption && !wvlv_exemption_parse(exemption, &out->exemption))
		return wvlv_db_internal(err, "unknown exemption ground in the database");
	static const int cols[] = { COL_RECEIVED_ON, COL_RESPONSE_DEADLINE, COL_FILING_DEADLINE,
				    COL_FREE_UNTIL, COL_LAST_EVENT_ON };
	wvlv_date *dates[] = { &out->received_on, &out->state.response_deadline,
			       &out->state.court_filing_deadline, &out->state.free_to_sell_until,
			       &out->state.last_event_on };
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		wvlv_status st = wvlv_db_date_value(res, row, cols[i], dates[i], err);
		if (st != WVLV_OK)
			return st;
	}
	out->state.received_on = out->received_on;
	return WVLV_OK;
}

/* Strings point into res, which lives as long as the arena. */
wvlv_status wvlv_offer_row(const PGresult *res, int row, wvlv_arena *arena, wvlv_offer *out,
				wvlv_error *err)
{
	memset(out, 0, sizeof(*out));
	snprintf(out->id, sizeof(out->id), "%s", PQgetvalue(res, row, COL_ID));
	snprintf(out->municipality_code, sizeof(out->municipality_code), "%s",
		 PQgetvalue(res, row, COL_MUNICIPALITY));
	snprintf(out->designation_id, sizeof(out->designation_id), "%s",
		 PQgetvalue(res, row, COL_DESIGNATION_ID));
	out->property = PQgetvalue(res, row, COL_PROPERTY);
	out->location = PQgetvalue(res, row, COL_LOCATION);
	out->owner = wvlv_db_value_or_null(res, row, COL_OWNER);
	out->asking_price = wvlv_db_value_or_null(res, row, COL_ASKING_PRICE);
	out->designation_name = wvlv_db_value_or_null(res, row, COL_DESIGNATION_NAME);
	out->version = atoi(PQgetvalue(res, row, COL_VERSION));
	out->created_at = PQgetvalue(res, row, COL_CREATED_AT);
	out->updated_at = PQgetvalue(res, row, COL_UPDATED_AT);
	wvlv_status st = row_state(res, row, out, err);
	if (st == WVLV_OK)
		st = row_events(res, row, arena, out, err);
	return st;
}

wvlv_status wvlv_store_offer_get(wvlv_db *db, wvlv_arena *arena, const char *municipality_code,
				 const char *id, wvlv_crs crs, bool for_update, wvlv_offer *out,
				 wvlv_error *err)
{
	if (!wvlv_uuid_shaped(id))
		return wvlv_offer_not_found(err);
	const char *params[] = { id, municipality_code };
	const char *sql = wvlv_sql_offer_get(crs, for_update);
	PGresult *res = wvlv_db_query(db, sql, 2, params, PGRES_TUPLES_OK, err);
	if (!res)
		return err->status;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return wvlv_offer_not_found(err);
	}
	wvlv_arena_on_destroy(arena, wvlv_db_clear_result, res);
	return wvlv_offer_row(res, 0, arena, out, err);
}

/* ---- lists ---------------------------------------------------------------------------- */

typedef struct list_params {
	const char *v[LIST_NPARAMS];
	char        before[WVLV_DATE_STRLEN];
	wvlv_db_page page;
} list_params;

static wvlv_status list_params_fill(list_params *lp, const wvlv_offer_filter *f,
				    wvlv_error *err)
{
	memset(lp, 0, sizeof(*lp));
	lp->v[0] = f->municipality_code;
	if (f->status) {
		wvlv_status st = WVLV_OK;
		lp->v[1] = wvlv_offer_status_param(f->status, err, &st);
		if (st != WVLV_OK)
			return st;
	}
	lp->v[2] = wvlv_db_date_param(f->deadline_before, lp->before);
	if (f->designation_id)
		lp->v[3] = wvlv_uuid_shaped(f->designation_id) ? f->designation_id : WVLV_DB_NIL_UUID;
	wvlv_db_page_params(&lp->page, f->limit, f->offset, &lp->v[4], &lp->v[5]);
	if (f->after[0])
		for (int i = 0; i < 3; i++)
			lp->v[6 + i] = f->after[i];
	return WVLV_OK;
}

/* The statement of a list: without deadlineBefore, or with it and no
 * status, only received, or only court-requested; NULL with a closed status
 * (no offer in it has an open deadline). */
static const char *list_sql(const wvlv_offer_filter *f, wvlv_crs crs)
{
	int k = 0;
	if (f->deadline_before != WVLV_DATE_NONE)
		k = !f->status ? 1
		    : f->status == WVLV_OFFER_RECEIVED ? 2
		    : f->status == WVLV_OFFER_COURT_REQUESTED ? 3 : -1;
	return k < 0 ? NULL : SQL_LIST[crs == WVLV_CRS_RD][k];
}

wvlv_status wvlv_store_offer_list(wvlv_db *db, wvlv_arena *arena, const wvlv_offer_filter *f,
				  wvlv_crs crs, wvlv_offer **items, size_t *n, long *number_matched,
				  wvlv_error *err)
{
	*items = NULL;
	*n = 0;
	*number_matched = 0;
	list_params lp;
	wvlv_status st = list_params_fill(&lp, f, err);
	if (st != WVLV_OK)
		return st;
	const char *sql = list_sql(f, crs);
	if (!sql) { /* deadlineBefore with a closed status: nothing matches */
		*number_matched = f->after[0] ? -1 : 0;
		return WVLV_OK;
	}
	PGresult *res = wvlv_db_query(db, sql, LIST_NPARAMS, lp.v, PGRES_TUPLES_OK, err);
	if (!res)
		return err->status;
	wvlv_arena_on_destroy(arena, wvlv_db_clear_result, res);
	int rows = PQntuples(res);
	if (rows == 0) {
		/* no row to carry the count: an empty page past the end (by offset
		 * or cursor), or limit 0, still counts every match */
		if (f->after[0])
			*number_matched = -1; /* no count on a page asked by cursor */
		if (f->after[0] || (f->offset <= 0 && f->limit != 0))
			return WVLV_OK;
		return wvlv_db_count_matched(db, SQL_COUNT, COUNT_NPARAMS, lp.v, number_matched,
					     err);
	}
	wvlv_offer *out = wvlv_arena_alloc(arena, (size_t)rows * sizeof(*out));
	for (int r = 0; r < rows; r++) {
		st = wvlv_offer_row(res, r, arena, &out[r], err);
		if (st != WVLV_OK)
			return st;
		out[r].created_us = PQgetvalue(res, r, COL_CREATED_US);
	}
	*items = out;
	*n = (size_t)rows;
	*number_matched = wvlv_db_matched(res, COL_NUMBER_MATCHED);
	return WVLV_OK;
}

wvlv_status wvlv_store_offer_snapshot(wvlv_db *db, wvlv_arena *arena, const char *id,
				      const char **json_out, wvlv_error *err)
{
	*json_out = NULL;
	if (!wvlv_uuid_shaped(id))
		return wvlv_offer_not_found(err);
	const char *params[] = { id };
	PGresult *res = wvlv_db_query(db, wvlv_sql_offer_snapshot, 1, params, PGRES_TUPLES_OK, err);
	if (!res)
		return err->status;
	wvlv_status st = WVLV_OK;
	if (PQntuples(res) == 1)
		*json_out = wvlv_arena_strdup(arena, PQgetvalue(res, 0, 0));
	else
		st = wvlv_offer_not_found(err);
	PQclear(res);
	return st;
}
