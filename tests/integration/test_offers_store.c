/* test_offers_store.c — lib/store/offers.c against a real PostgreSQL +
 * PostGIS: sale notifications and their events, the designation of a
 * location, the point check, lists, row-level security, equated holidays,
 * the municipalities function across row-level security, the deadline
 * overview and the statistics of a designation.
 *
 * One database for the program (testdb_create).  Everything runs as the
 * server (a connection that switched to WVLV_SERVER_ROLE, as `wvlv serve`
 * does), scoped to a caller with wvlv_db_set_caller; every change commits
 * together with its audit row, as the deferred check of migrations 0002 and
 * 0003 requires.  The store decides no legal rule, so the states given to it
 * here are written by hand.  Every test uses municipality codes of its own.
 */
#include <check.h>
#include <jansson.h>
#include <libpq-fe.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tdate.h"
#include "tstore.h"
#include "wvlv/arena.h"
#include "wvlv/caller.h"
#include "wvlv/date.h"
#include "wvlv/db.h"
#include "wvlv/designation.h"
#include "wvlv/store_audit.h"
#include "wvlv/store_deadlines.h"
#include "wvlv/store_designations.h"
#include "wvlv/store_geometry.h"
#include "wvlv/store_offers.h"
#include "wvlv/store_statistics.h"

static const char *conninfo;
static wvlv_arena *arena; /* per test */
static PGconn *adm;       /* the cluster's superuser, for checks; per test */

static void setup(void)
{
	arena = wvlv_arena_create();
	adm = PQconnectdb(conninfo);
	ck_assert_int_eq(PQstatus(adm), CONNECTION_OK);
}

static void teardown(void)
{
	PQfinish(adm);
	wvlv_arena_destroy(arena);
}

/* ---- helpers ------------------------------------------------------------------ */

#define ok(st, err)        ts_ok(st, err)
#define begin_as(db, c)    ts_begin_as(db, c)
#define commit(db)         ts_commit(db)
#define expect_sql(db, c)  ts_expect_sql(db, c)
#define as_server()        ts_connect(WVLV_SERVER_ROLE)

#define TOKEN_ID "5b1f4c1e-0000-4000-8000-00000000c1e4"

/* A clerk of gm with a token. */
static wvlv_caller clerk(const char *gm)
{
	wvlv_caller c = { .role = WVLV_ROLE_CLERK };
	snprintf(c.municipality_code, sizeof(c.municipality_code), "%s", gm);
	snprintf(c.token_id, sizeof(c.token_id), "%s", TOKEN_ID);
	snprintf(c.label, sizeof(c.label), "clerk %s", gm);
	snprintf(c.request_id, sizeof(c.request_id), "req-offers");
	return c;
}

static wvlv_caller national(void)
{
	wvlv_caller c = { .national = true, .role = WVLV_ROLE_READER };
	snprintf(c.label, sizeof(c.label), "national");
	return c;
}

static void begin_gm(wvlv_db *db, const char *gm)
{
	wvlv_caller c = clerk(gm);
	begin_as(db, &c);
}

/* First value of a one-row query as the superuser (arena copy; NULL for SQL NULL). */
static const char *adm_value(const char *sql, int n, const char *const *params)
{
	PGresult *r = PQexecParams(adm, sql, n, NULL, params, NULL, NULL, 0);
	ck_assert_msg(PQresultStatus(r) == PGRES_TUPLES_OK, "%s: %s", sql, PQerrorMessage(adm));
	ck_assert_int_eq(PQntuples(r), 1);
	const char *v = PQgetisnull(r, 0, 0) ? NULL : wvlv_arena_strdup(arena, PQgetvalue(r, 0, 0));
	PQclear(r);
	return v;
}

static void adm_exec(const char *sql)
{
	PGresult *r = PQexecParams(adm, sql, 0, NULL, NULL, NULL, NULL, 0);
	ck_assert_msg(PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK,
		      "%s: %s", sql, PQerrorMessage(adm));
	PQclear(r);
}

/* t_date, but WVLV_DATE_NONE for NULL. */
static wvlv_date day(const char *s)
{
	return s ? t_date(s) : WVLV_DATE_NONE;
}

static const char *fmt(wvlv_date d)
{
	if (d == WVLV_DATE_NONE)
		return "none";
	char buf[WVLV_DATE_STRLEN];
	return wvlv_arena_strdup(arena, wvlv_date_format(d, buf));
}

#define ck_date(d, s) ck_assert_str_eq(fmt(d), (s) ? (s) : "none")

static json_t *parse(const char *text)
{
	json_error_t jerr;
	json_t *j = json_loads(text, JSON_DECODE_ANY, &jerr);
	ck_assert_msg(j != NULL, "not JSON (%s): %s", jerr.text, text);
	return j;
}

/* A CRS84 rectangle as a GeoJSON Polygon (arena). */
static const char *box(double x0, double y0, double x1, double y1)
{
	return wvlv_arena_printf(arena,
				 "{\"type\":\"Polygon\",\"coordinates\":[[[%.6f,%.6f],[%.6f,%.6f],"
				 "[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f]]]}",
				 x0, y0, x1, y0, x1, y1, x0, y1, x0, y0);
}

static const char *pt(double x, double y)
{
	return wvlv_arena_printf(arena, "{\"type\":\"Point\",\"coordinates\":[%.9f,%.9f]}", x, y);
}

/* The places of the tests: A near Rotterdam, B inside A, C and E apart. */
#define BOX_A box(4.40, 51.90, 4.50, 51.95)
#define BOX_B box(4.44, 51.92, 4.46, 51.93)
#define BOX_C box(4.60, 51.95, 4.62, 51.96)
#define BOX_E box(4.70, 51.95, 4.72, 51.96)
#define PT_P pt(4.45, 51.925)   /* in B (and A) */
#define PT_Q pt(4.41, 51.91)    /* in A only */
#define PT_C pt(4.61, 51.955)
#define PT_E pt(4.71, 51.955)
#define PT_NOWHERE pt(5.5, 52.5)

static void audit(wvlv_db *db, const char *gm, const char *entity, const char *id,
		  const char *action)
{
	wvlv_caller c = clerk(gm);
	wvlv_error err;
	wvlv_error_clear(&err);
	ok(wvlv_store_audit_append(db, &c, gm, entity, id, action, NULL, NULL, &err), &err);
}

typedef struct dspec {
	const char *gm;
	const char *name;
	unsigned    measures;   /* 0: voorkeursrecht */
	const char *geojson;    /* NULL: BOX_A */
	const char *start;      /* NULL: 2025-01-01 */
	const char *end;        /* NULL: 2028-12-31 */
} dspec;

/* A designation, audited and committed; returns its id (arena). */
static const char *make_designation(wvlv_db *db, const dspec *s)
{
	begin_gm(db, s->gm);
	wvlv_designation_new d = {
		.municipality_code = s->gm,
		.kind = WVLV_KIND_AREA,
		.name = s->name,
		.measures = s->measures ? s->measures : WVLV_MEASURE_VOORKEURSRECHT,
		.geometry_json = s->geojson ? s->geojson : BOX_A,
		.geometry_crs = WVLV_CRS_CRS84,
		.first = { .sequence = 1, .start = day(s->start ? s->start : "2025-01-01"),
			   .end = day(s->end ? s->end : "2028-12-31"),
			   .decision_reference = "Stcrt. 2025, 1" },
	};
	char id[WVLV_UUID_STRLEN];
	wvlv_error err;
	wvlv_error_clear(&err);
	ok(wvlv_store_designation_insert(db, &d, id, &err), &err);
	audit(db, s->gm, "designation", id, "create");
	commit(db);
	return wvlv_arena_strdup(arena, id);
}

typedef struct ospec {
	const char       *gm;
	const char       *designation_id;
	const char       *received;          /* NULL: 2026-04-02 */
	const char       *location;          /* NULL: PT_P */
	wvlv_crs          crs;
	wvlv_offer_status status;            /* 0: received */
	const char       *response;          /* NULL: none */
	const char       *filing;
	const char       *free_until;
	wvlv_exemption    exemption;
	const char       *price;
	const char       *owner;             /* NULL: a default owner */
} ospec;

/* The property of an offer: parcel RTD01 K <n>, n counting up (an open offer
 * holds its parcels: migration 0010's index refuses a second one). */
static const char *property_json(void)
{
	static char ring[8][160];
	static unsigned n;
	char *b = ring[n % 8];
	snprintf(b, sizeof(ring[0]),
		 "{\"cadastralParcels\":[\"RTD01 K %u\"],"
		 "\"bagIds\":[\"0599010000000001\"],\"address\":\"Coolsingel 40\"}",
		 4550 + (unsigned)(getpid() % 1000) * 40 + n % 40);
	n++;
	return b;
}

static wvlv_offer_new new_offer(const ospec *s)
{
	return (wvlv_offer_new){
		.municipality_code = s->gm,
		.received_on = day(s->received ? s->received : "2026-04-02"),
		.property_json = property_json(),
		.location_json = s->location ? s->location : PT_P,
		.location_crs = s->crs,
		.owner_json = s->owner ? s->owner : "{\"name\":\"J. de Vries\",\"email\":\"jdv@example.nl\"}",
		.asking_price = s->price,
		.exemption = s->exemption,
		.designation_id = s->designation_id,
		.state = {
			.status = s->status ? s->status : WVLV_OFFER_RECEIVED,
			.received_on = day(s->received ? s->received : "2026-04-02"),
			.response_deadline = day(s->response),
			.court_filing_deadline = day(s->filing),
			.free_to_sell_until = day(s->free_until),
			.last_event_on = WVLV_DATE_NONE,
		},
	};
}

/* An offer, audited and committed; returns its id (arena). */
static const char *make_offer(wvlv_db *db, const ospec *s)
{
	begin_gm(db, s->gm);
	wvlv_offer_new o = new_offer(s);
	char id[37];
	wvlv_error err;
	wvlv_error_clear(&err);
	ok(wvlv_store_offer_insert(db, &o, id, &err), &err);
	audit(db, s->gm, "sale-notification", id, "create");
	commit(db);
	return wvlv_arena_strdup(arena, id);
}

typedef struct estep {
	wvlv_offer_event_type type;
	const char           *on;
	wvlv_offer_status     status;      /* the state after the event */
	const char           *filing;      /* NULL: unchanged */
	const char           *free_until;  /* NULL: unchanged */
	const char           *data;
	bool                  system;
} estep;

/* One event the way the service records it: lock, new state, event, audit
 * row, COMMIT. */
static void step(wvlv_db *db, const char *gm, const char *id, const estep *e)
{
	begin_gm(db, gm);
	wvlv_offer o;
	wvlv_error err;
	wvlv_error_clear(&err);
	ok(wvlv_store_offer_get(db, arena, gm, id, WVLV_CRS_CRS84, true, &o, &err), &err);
	wvlv_offer_state next = o.state;
	next.status = e->status;
	if (e->filing)
		next.court_filing_deadline = day(e->filing);
	if (e->free_until)
		next.free_to_sell_until = day(e->free_until);
	next.last_event_on = day(e->on);
	wvlv_offer_event ev = { .type = e->type, .on = day(e->on), .moved_to = WVLV_DATE_NONE };
	ok(wvlv_store_offer_record_event(db, id, &next, &ev, e->data, e->system, &err), &err);
	audit(db, gm, "sale-notification", id, "event");
	commit(db);
}

static wvlv_offer get_offer(wvlv_db *db, const char *gm, const char *id, wvlv_crs crs)
{
	wvlv_offer o;
	wvlv_error err;
	wvlv_error_clear(&err);
	begin_gm(db, gm);
	ok(wvlv_store_offer_get(db, arena, NULL, id, crs, false, &o, &err), &err);
	wvlv_db_rollback(db);
	return o;
}

/* The coordinates of a GeoJSON Point. */
static void point_xy(const char *geojson, double *x, double *y)
{
	json_t *j = parse(geojson);
	ck_assert_str_eq(json_string_value(json_object_get(j, "type")), "Point");
	json_t *c = json_object_get(j, "coordinates");
	ck_assert_uint_eq(json_array_size(c), 2);
	*x = json_number_value(json_array_get(c, 0));
	*y = json_number_value(json_array_get(c, 1));
	json_decref(j);
}

static bool contains(const char *haystack, const char *needle)
{
	return haystack && needle && strstr(haystack, needle) != NULL;
}

/* ---- insert and get ------------------------------------------------------------ */

START_TEST(test_insert_get_round_trip)
{
	wvlv_db *srv = as_server();
	wvlv_error err;
	wvlv_error_clear(&err);
	const char *gm = "GM0401";
	const char *d = make_designation(srv, &(dspec){ .gm = gm, .name = "Centrum" });

	ospec s = { .gm = gm, .designation_id = d, .response = "2026-05-15",
		    .price = "350000.50" };
	const char *id = make_offer(srv, &s);
	ck_assert_uint_eq(strlen(id), 36);

	/* CRS84 out: the point as it came in (stored in RD, 8 decimals out) */
	wvlv_offer o = get_offer(srv, gm, id, WVLV_CRS_CRS84);
	ck_assert_str_eq(o.id, id);
	ck_assert_str_eq(o.municipality_code, gm);
	ck_date(o.received_on, "2026-04-02");
	double x, y;
	point_xy(o.location, &x, &y);
	ck_assert_msg(fabs(x - 4.45) < 1e-7 && fabs(y - 51.925) < 1e-7, "%s", o.location);
	json_t *prop = parse(o.property);
	ck_assert_str_eq(json_string_value(json_object_get(prop, "address")), "Coolsingel 40");
	ck_assert_msg(strncmp(json_string_value(json_array_get(json_object_get(prop,
									       "cadastralParcels"),
							       0)),
			      "RTD01 K ", 8) == 0,
		      "%s", o.property);
	ck_assert_ptr_null(json_object_get(prop, "location"));
	json_decref(prop);
	json_t *owner = parse(o.owner);
	ck_assert_str_eq(json_string_value(json_object_get(owner, "name")), "J. de Vries");
	json_decref(owner);
	ck_assert_str_eq(o.asking_price, "350000.50");
	ck_assert_int_eq(o.exemption, WVLV_EXEMPT_NONE);
	ck_assert_str_eq(o.designation_id, d);
	ck_assert_str_eq(o.designation_name, "Centrum");
	ck_assert_int_eq(o.state.status, WVLV_OFFER_RECEIVED);
	ck_date(o.state.received_on, "2026-04-02");
	ck_date(o.state.response_deadline, "2026-05-15");
	ck_date(o.state.court_filing_deadline, NULL);
	ck_date(o.state.free_to_sell_until, NULL);
	ck_date(o.state.last_event_on, NULL);
	ck_assert_int_eq(o.version, 1);
	ck_assert_uint_eq(strlen(o.created_at), 24);
	ck_assert_int_eq(o.created_at[23], 'Z');
	ck_assert_str_eq(o.created_at, o.updated_at);
	ck_assert_uint_eq(o.n_events, 0);
	ck_assert_ptr_null(o.events);

	/* RD out: what PostGIS makes of the point, 3 decimals */
	o = get_offer(srv, gm, id, WVLV_CRS_RD);
	point_xy(o.location, &x, &y);
	const char *rx = adm_value("SELECT ST_X(ST_Transform(ST_SetSRID(ST_MakePoint(4.45, 51.925),"
				   " 4326), 28992))", 0, NULL);
	const char *ry = adm_value("SELECT ST_Y(ST_Transform(ST_SetSRID(ST_MakePoint(4.45, 51.925),"
				   " 4326), 28992))", 0, NULL);
	ck_assert_msg(fabs(x - atof(rx)) < 0.001 && fabs(y - atof(ry)) < 0.001, "%s", o.location);
	ck_assert(x > 90000 && x < 91000 && y > 437000 && y < 438000);

	/* an RD point in, CRS84 and RD out */
	ospec rd = s;
	rd.location = "{\"type\":\"Point\",\"coordinates\":[92000.125,437500.5]}";
	rd.crs = WVLV_CRS_RD;
	rd.price = NULL;
	const char *id_rd = make_offer(srv, &rd);
	o = get_offer(srv, gm, id_rd, WVLV_CRS_RD);
	point_xy(o.location, &x, &y);
	ck_assert(fabs(x - 92000.125) < 1e-6 && fabs(y - 437500.5) < 1e-6);
	ck_assert_ptr_null(o.asking_price);
	o = get_offer(srv, gm, id_rd, WVLV_CRS_CRS84);
	point_xy(o.location, &x, &y);
	const char *lon = adm_value("SELECT ST_X(ST_Transform(ST_SetSRID(ST_MakePoint(92000.125,"
				    " 437500.5), 28992), 4326))", 0, NULL);
	const char *lat = adm_value("SELECT ST_Y(ST_Transform(ST_SetSRID(ST_MakePoint(92000.125,"
				    " 437500.5), 28992), 4326))", 0, NULL);
	ck_assert_msg(fabs(x - atof(lon)) < 1e-7 && fabs(y - atof(lat)) < 1e-7, "%s", o.location);

	/* an exempt offer: its ground, no deadline; a 3D point loses its height */
	ospec ex = { .gm = gm, .designation_id = d, .status = WVLV_OFFER_EXEMPT,
		     .exemption = WVLV_EXEMPT_MARITAL_OR_ESTATE_DIVISION,
		     .location = "{\"type\":\"Point\",\"coordinates\":[4.45,51.925,3.5]}" };
	const char *id_ex = make_offer(srv, &ex);
	o = get_offer(srv, gm, id_ex, WVLV_CRS_CRS84);
	ck_assert_int_eq(o.state.status, WVLV_OFFER_EXEMPT);
	ck_assert_int_eq(o.exemption, WVLV_EXEMPT_MARITAL_OR_ESTATE_DIVISION);
	ck_date(o.state.response_deadline, NULL);
	point_xy(o.location, &x, &y);

	/* get: scoped by municipality, for update, unknown and malformed ids */
	begin_gm(srv, gm);
	ok(wvlv_store_offer_get(srv, arena, gm, id, WVLV_CRS_CRS84, true, &o, &err), &err);
	ck_assert_int_eq(wvlv_store_offer_get(srv, arena, "GM0402", id, WVLV_CRS_CRS84, false, &o,
					      &err),
			 WVLV_ENOTFOUND);
	ck_assert_str_eq(err.code, "not-found");
	ck_assert_int_eq(wvlv_store_offer_get(srv, arena, NULL,
					      "00000000-0000-4000-8000-000000000000",
					      WVLV_CRS_CRS84, false, &o, &err),
			 WVLV_ENOTFOUND);
	ck_assert_int_eq(wvlv_store_offer_get(srv, arena, NULL, "not-a-uuid", WVLV_CRS_CRS84, false,
					      &o, &err),
			 WVLV_ENOTFOUND);
	ck_assert_int_eq(wvlv_store_offer_get(srv, arena, NULL, NULL, WVLV_CRS_CRS84, false, &o,
					      &err),
			 WVLV_ENOTFOUND);
	/* none of that spoilt the transaction */
	ok(wvlv_store_offer_get(srv, arena, NULL, id, WVLV_CRS_RD, false, &o, &err), &err);
	commit(srv);

	/* rows the database refuses: a state the law does not know, a bad price,
	 * a location that is not a point, a designation of nobody */
	struct {
		const char *what;
		ospec       s;
	} bad[] = {
		{ "exempt without a ground", { .gm = gm, .designation_id = d,
					       .status = WVLV_OFFER_EXEMPT } },
		{ "a ground but not exempt", { .gm = gm, .designation_id = d,
					       .response = "2026-05-15",
					       .exemption = WVLV_EXEMPT_WILL } },
		{ "no response deadline", { .gm = gm, .designation_id = d } },
		{ "court-requested without a filing deadline",
		  { .gm = gm, .designation_id = d, .response = "2026-05-15",
		    .status = WVLV_OFFER_COURT_REQUESTED } },
		{ "negative price", { .gm = gm, .designation_id = d, .response = "2026-05-15",
				      .price = "-1" } },
		{ "non-numeric price", { .gm = gm, .designation_id = d, .response = "2026-05-15",
					 .price = "lots" } },
		{ "a polygon", { .gm = gm, .designation_id = d, .response = "2026-05-15",
				 .location = BOX_B } },
		{ "an unknown designation", { .gm = gm, .response = "2026-05-15",
					      .designation_id =
						      "00000000-0000-4000-8000-000000000000" } },
		{ "an owner that is no object", { .gm = gm, .designation_id = d,
						  .response = "2026-05-15", .owner = "[1]" } },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		begin_gm(srv, gm);
		wvlv_offer_new n = new_offer(&bad[i].s);
		char nid[37];
		wvlv_status st = wvlv_store_offer_insert(srv, &n, nid, &err);
		ck_assert_msg(st == WVLV_EINVAL, "%s: %s %s", bad[i].what, wvlv_status_name(st),
			      err.code);
		wvlv_db_rollback(srv);
	}

	/* an offer without its audit row is refused at COMMIT */
	begin_gm(srv, gm);
	wvlv_offer_new n = new_offer(&s);
	char nid[37];
	ok(wvlv_store_offer_insert(srv, &n, nid, &err), &err);
	ck_assert_int_eq(wvlv_db_commit(srv, &err), WVLV_EINTERNAL);
	ck_assert_str_eq(err.code, "audit-missing");
	begin_gm(srv, gm);
	expect_sql(srv, "(SELECT count(*) FROM sale_notifications) = 3");
	wvlv_db_rollback(srv);
	wvlv_db_close(srv);
}
END_TEST

/* ---- the designation of a location ------------------------------------------------ */

static void expect_found(wvlv_db *db, const char *gm, const char *point, wvlv_crs crs,
			 const char *on, const char *explicit_id, const char *want_id,
			 const char *want_name)
{
	char id[37] = "x";
	const char *name = NULL;
	wvlv_error err;
	wvlv_error_clear(&err);
	wvlv_status st = wvlv_store_offer_find_designation(db, arena, gm, point, crs, day(on),
							   explicit_id, id, &name, &err);
	if (!want_id) {
		ck_assert_msg(st == WVLV_ENOTFOUND, "%s on %s: %s found %s", point, on,
			      wvlv_status_name(st), id);
		ck_assert_str_eq(err.code, explicit_id ? "designation-not-applicable"
						       : "no-designation");
		ck_assert(contains(err.detail, on));
		ck_assert_str_eq(id, "");
		return;
	}
	ck_assert_msg(st == WVLV_OK, "%s on %s: %s %s", point, on, wvlv_status_name(st), err.detail);
	ck_assert_str_eq(id, want_id);
	ck_assert_str_eq(name, want_name);
}

START_TEST(test_find_designation)
{
	wvlv_db *srv = as_server();
	wvlv_error err;
	wvlv_error_clear(&err);
	const char *gm = "GM0402";
	const char *big = make_designation(srv, &(dspec){ .gm = gm, .name = "big",
		.measures = WVLV_MEASURE_ART8 | WVLV_MEASURE_VOORKEURSRECHT });
	const char *small = make_designation(srv, &(dspec){ .gm = gm, .name = "small",
							     .geojson = BOX_B });
	make_designation(srv, &(dspec){ .gm = gm, .name = "no right",
					.measures = WVLV_MEASURE_ART8 | WVLV_MEASURE_ART10,
					.geojson = BOX_C });
	const char *future = make_designation(srv, &(dspec){ .gm = gm, .name = "future",
		.geojson = BOX_E, .start = "2027-01-01", .end = "2030-12-31" });
	const char *other = make_designation(srv, &(dspec){ .gm = "GM0403", .name = "elsewhere" });

	begin_gm(srv, gm);
	/* the smallest of two that cover the point; the other where only it covers */
	expect_found(srv, gm, PT_P, WVLV_CRS_CRS84, "2026-04-02", NULL, small, "small");
	expect_found(srv, gm, PT_Q, WVLV_CRS_CRS84, "2026-04-02", NULL, big, "big");
	/* the same point given in RD */
	const char *p_rd = adm_value(
		"SELECT ST_AsGeoJSON(ST_Transform(ST_SetSRID(ST_MakePoint(4.45, 51.925), 4326),"
		" 28992), 6)", 0, NULL);
	expect_found(srv, gm, p_rd, WVLV_CRS_RD, "2026-04-02", NULL, small, "small");
	/* an explicit id: that one, if it covers the point on the day */
	expect_found(srv, gm, PT_P, WVLV_CRS_CRS84, "2026-04-02", big, big, "big");
	expect_found(srv, gm, PT_Q, WVLV_CRS_CRS84, "2026-04-02", small, NULL, NULL);
	expect_found(srv, gm, PT_P, WVLV_CRS_CRS84, "2026-04-02", "not-a-uuid", NULL, NULL);
	/* outside every designation; in one without the voorkeursrecht */
	expect_found(srv, gm, PT_NOWHERE, WVLV_CRS_CRS84, "2026-04-02", NULL, NULL, NULL);
	expect_found(srv, gm, PT_C, WVLV_CRS_CRS84, "2026-04-02", NULL, NULL, NULL);
	/* not (yet, or any longer) in force on the day; the first and last day count */
	expect_found(srv, gm, PT_E, WVLV_CRS_CRS84, "2026-12-31", NULL, NULL, NULL);
	expect_found(srv, gm, PT_E, WVLV_CRS_CRS84, "2027-01-01", NULL, future, "future");
	expect_found(srv, gm, PT_E, WVLV_CRS_CRS84, "2030-12-31", NULL, future, "future");
	expect_found(srv, gm, PT_E, WVLV_CRS_CRS84, "2031-01-01", NULL, NULL, NULL);
	expect_found(srv, gm, PT_E, WVLV_CRS_CRS84, "2027-06-01", future, future, "future");
	expect_found(srv, gm, PT_E, WVLV_CRS_CRS84, "2026-06-01", future, NULL, NULL);
	expect_found(srv, gm, PT_Q, WVLV_CRS_CRS84, "2024-12-31", NULL, NULL, NULL);
	expect_found(srv, gm, PT_Q, WVLV_CRS_CRS84, "2025-01-01", NULL, big, "big");
	/* another municipality's designation: not for this one, not even by id */
	expect_found(srv, gm, PT_P, WVLV_CRS_CRS84, "2026-04-02", other, NULL, NULL);
	wvlv_db_rollback(srv);
	begin_gm(srv, "GM0403");
	expect_found(srv, "GM0403", PT_P, WVLV_CRS_CRS84, "2026-04-02", NULL, other, "elsewhere");
	/* … nor by naming the other municipality in the call: RLS hides it */
	expect_found(srv, gm, PT_P, WVLV_CRS_CRS84, "2026-04-02", NULL, NULL, NULL);
	wvlv_db_rollback(srv);

	/* withdrawn from 2026-01-01: the small one applies up to 2025-12-31 */
	begin_gm(srv, gm);
	ok(wvlv_store_designation_withdraw(srv, small, day("2026-01-01"), "test",
					   day("2025-12-31"), &err),
	   &err);
	audit(srv, gm, "designation", small, "withdraw");
	commit(srv);
	begin_gm(srv, gm);
	expect_found(srv, gm, PT_P, WVLV_CRS_CRS84, "2025-12-31", NULL, small, "small");
	expect_found(srv, gm, PT_P, WVLV_CRS_CRS84, "2026-01-01", NULL, big, "big");
	expect_found(srv, gm, PT_P, WVLV_CRS_CRS84, "2026-01-01", small, NULL, NULL);
	/* no name wanted */
	char id[37];
	ok(wvlv_store_offer_find_designation(srv, arena, gm, PT_Q, WVLV_CRS_CRS84, day("2026-01-01"),
					     NULL, id, NULL, &err),
	   &err);
	ck_assert_str_eq(id, big);
	commit(srv);
	wvlv_db_close(srv);
}
END_TEST

/* ---- the point check --------------------------------------------------------------- */

static void expect_point_bad(wvlv_db *db, const char *json, wvlv_crs crs, const char *param,
			     const char *code)
{
	wvlv_error err;
	wvlv_error_clear(&err);
	wvlv_status st = wvlv_store_point_check(db, json, crs, param, &err);
	ck_assert_msg(st == WVLV_EINVAL, "%s: %s", json ? json : "NULL", wvlv_status_name(st));
	ck_assert_str_eq(err.code, "invalid-geometry");
	ck_assert_int_eq(err.nparams, 1);
	ck_assert_str_eq(err.params[0].name, param ? param : "location");
	ck_assert_msg(strcmp(err.params[0].code, code) == 0, "%s: %s, not %s", json,
		      err.params[0].code, code);
	ck_assert(strncmp(err.detail, param ? param : "location", strlen(param ? param : "location")) == 0);
}

START_TEST(test_point_check)
{
	wvlv_db *srv = as_server();
	wvlv_error err;
	wvlv_error_clear(&err);
	begin_gm(srv, "GM0404");
	const char *param = "property.location";
	ok(wvlv_store_point_check(srv, PT_P, WVLV_CRS_CRS84, param, &err), &err);
	ok(wvlv_store_point_check(srv, "{\"type\":\"Point\",\"coordinates\":[4.45,51.925,2]}",
				  WVLV_CRS_CRS84, param, &err),
	   &err);
	ok(wvlv_store_point_check(srv, "{\"type\":\"Point\",\"coordinates\":[92000,437500]}",
				  WVLV_CRS_RD, param, &err),
	   &err);
	/* the edges of the Netherlands: CRS84 inclusive, RD exclusive; one set of
	 * bounds whatever the CRS: inside the CRS84 box and the RD box both */
	ok(wvlv_store_point_check(srv, pt(3.2, 50.7), WVLV_CRS_CRS84, param, &err), &err);
	ok(wvlv_store_point_check(srv, pt(7.3, 53.0), WVLV_CRS_CRS84, param, &err), &err);
	/* (7.3, 53.7) is RD y 636 594, (5, 53.68) y 633 900: beyond 630 000 */
	expect_point_bad(srv, pt(7.3, 53.7), WVLV_CRS_CRS84, param, "outside-netherlands");
	expect_point_bad(srv, pt(5, 53.68), WVLV_CRS_CRS84, param, "outside-netherlands");
	/* RD (290000, 450000) is longitude 7.43: beyond 7.3 */
	expect_point_bad(srv, "{\"type\":\"Point\",\"coordinates\":[290000,450000]}", WVLV_CRS_RD,
			 param, "outside-netherlands");
	expect_point_bad(srv, pt(3.19, 52), WVLV_CRS_CRS84, param, "outside-netherlands");
	expect_point_bad(srv, pt(7.31, 52), WVLV_CRS_CRS84, param, "outside-netherlands");
	expect_point_bad(srv, pt(5, 50.69), WVLV_CRS_CRS84, param, "outside-netherlands");
	expect_point_bad(srv, pt(5, 53.71), WVLV_CRS_CRS84, param, "outside-netherlands");
	expect_point_bad(srv, pt(-74.0, 40.7), WVLV_CRS_CRS84, param, "outside-netherlands");
	expect_point_bad(srv, "{\"type\":\"Point\",\"coordinates\":[0,437500]}", WVLV_CRS_RD, param,
			 "outside-netherlands");
	expect_point_bad(srv, "{\"type\":\"Point\",\"coordinates\":[300000,437500]}", WVLV_CRS_RD,
			 param, "outside-netherlands");
	expect_point_bad(srv, "{\"type\":\"Point\",\"coordinates\":[92000,300000]}", WVLV_CRS_RD,
			 param, "outside-netherlands");
	expect_point_bad(srv, "{\"type\":\"Point\",\"coordinates\":[92000,630000]}", WVLV_CRS_RD,
			 param, "outside-netherlands");
	/* CRS84 coordinates sent as RD */
	expect_point_bad(srv, PT_P, WVLV_CRS_RD, param, "outside-netherlands");
	/* not a point */
	expect_point_bad(srv, BOX_B, WVLV_CRS_CRS84, param, "wrong-geometry-type");
	expect_point_bad(srv, "{\"type\":\"LineString\",\"coordinates\":[[4.4,51.9],[4.5,51.95]]}",
			 WVLV_CRS_CRS84, param, "wrong-geometry-type");
	expect_point_bad(srv, "{\"type\":\"MultiPoint\",\"coordinates\":[[4.4,51.9]]}",
			 WVLV_CRS_CRS84, param, "wrong-geometry-type");
	ck_assert_int_eq(wvlv_store_point_check(srv,
						"{\"type\":\"Polygon\",\"coordinates\":[[[4.4,51.9],"
						"[4.5,51.9],[4.5,52],[4.4,51.9]]]}",
						WVLV_CRS_CRS84, param, &err),
			 WVLV_EINVAL);
	ck_assert_str_eq(err.params[0].reason, "must be a Point, not a Polygon");
	expect_point_bad(srv, "{\"type\":\"Point\",\"coordinates\":[]}", WVLV_CRS_CRS84, param,
			 "empty-geometry");
	/* not GeoJSON at all: refused, and the transaction goes on */
	expect_point_bad(srv, "{", WVLV_CRS_CRS84, param, "not-geojson");
	expect_point_bad(srv, "null", WVLV_CRS_CRS84, param, "not-geojson");
	expect_point_bad(srv, "{\"type\":\"Feature\",\"geometry\":null}", WVLV_CRS_CRS84, param,
			 "not-geojson");
	/* PostGIS reads coordinates that are no numbers as 0: outside, all the same */
	expect_point_bad(srv, "{\"type\":\"Point\",\"coordinates\":[\"a\",\"b\"]}", WVLV_CRS_CRS84,
			 param, "outside-netherlands");
	expect_point_bad(srv, NULL, WVLV_CRS_CRS84, param, "required");
	expect_point_bad(srv, "{", WVLV_CRS_CRS84, NULL, "not-geojson");
	ok(wvlv_store_point_check(srv, PT_Q, WVLV_CRS_CRS84, param, &err), &err);
	expect_sql(srv, "true");
	commit(srv);
	/* outside a transaction too */
	ok(wvlv_store_point_check(srv, PT_Q, WVLV_CRS_CRS84, param, &err), &err);
	expect_point_bad(srv, "{", WVLV_CRS_CRS84, param, "not-geojson");
	wvlv_db_close(srv);
}
END_TEST

/* ---- events ------------------------------------------------------------------------- */

START_TEST(test_record_event)
{
	wvlv_db *srv = as_server();
	wvlv_error err;
	wvlv_error_clear(&err);
	const char *gm = "GM0405";
	const char *d = make_designation(srv, &(dspec){ .gm = gm, .name = "D" });
	const char *id = make_offer(srv, &(ospec){ .gm = gm, .designation_id = d,
						   .response = "2026-05-15",
						   .owner = "{\"name\":\"Secret Owner\"}",
						   .price = "410000" });

	step(srv, gm, id, &(estep){ .type = WVLV_EVENT_DECISION, .on = "2026-04-20",
				    .status = WVLV_OFFER_NEGOTIATING,
				    .data = "{\"decision\":\"willing\"}" });
	step(srv, gm, id, &(estep){ .type = WVLV_EVENT_COURT_REQUESTED, .on = "2026-05-04",
				    .status = WVLV_OFFER_COURT_REQUESTED, .filing = "2026-06-01" });
	step(srv, gm, id, &(estep){ .type = WVLV_EVENT_DEADLINE_MOVED, .on = "2026-05-10",
				    .status = WVLV_OFFER_COURT_REQUESTED, .filing = "2026-06-02",
				    .data = "{\"from\":\"2026-06-01\",\"to\":\"2026-06-02\"}",
				    .system = true });

	wvlv_offer o = get_offer(srv, gm, id, WVLV_CRS_CRS84);
	ck_assert_int_eq(o.state.status, WVLV_OFFER_COURT_REQUESTED);
	ck_date(o.state.response_deadline, "2026-05-15");
	ck_date(o.state.court_filing_deadline, "2026-06-02");
	ck_date(o.state.last_event_on, "2026-05-10");
	ck_assert_int_eq(o.version, 4);
	ck_assert_str_ne(o.created_at, o.updated_at);
	ck_assert_uint_eq(o.n_events, 3);
	static const wvlv_offer_event_type types[] = { WVLV_EVENT_DECISION,
						       WVLV_EVENT_COURT_REQUESTED,
						       WVLV_EVENT_DEADLINE_MOVED };
	static const char *const ons[] = { "2026-04-20", "2026-05-04", "2026-05-10" };
	for (size_t i = 0; i < 3; i++) {
		ck_assert_int_eq(o.events[i].sequence, (int)i + 1);
		ck_assert_int_eq(o.events[i].type, types[i]);
		ck_date(o.events[i].on, ons[i]);
		ck_assert_uint_eq(strlen(o.events[i].recorded_at), 24);
		ck_assert_int_eq(o.events[i].recorded_at[23], 'Z');
		if (i > 0)
			ck_assert_str_le(o.events[i - 1].recorded_at, o.events[i].recorded_at);
	}
	/* the actor: the token's label and id, or the system */
	ck_assert_str_eq(o.events[0].actor, "clerk GM0405");
	ck_assert_str_eq(o.events[0].actor_token_id, TOKEN_ID);
	ck_assert_str_eq(o.events[1].actor, "clerk GM0405");
	ck_assert_str_eq(o.events[2].actor, "system");
	ck_assert_ptr_null(o.events[2].actor_token_id);
	/* the event's own members */
	json_t *data = parse(o.events[0].data);
	ck_assert_str_eq(json_string_value(json_object_get(data, "decision")), "willing");
	json_decref(data);
	ck_assert_str_eq(o.events[1].data, "{}");
	data = parse(o.events[2].data);
	ck_assert_str_eq(json_string_value(json_object_get(data, "to")), "2026-06-02");
	json_decref(data);

	/* the snapshot: the audited state and the last event, never the owner */
	begin_gm(srv, gm);
	const char *snap = NULL;
	ok(wvlv_store_offer_snapshot(srv, arena, id, &snap, &err), &err);
	json_t *s = parse(snap);
	static const char *const keys[] = { "status", "receivedOn", "designationId",
					    "responseDeadline", "courtFilingDeadline",
					    "freeToSellUntil", "exemption", "askingPrice",
					    "version", "lastEvent" };
	ck_assert_uint_eq(json_object_size(s), sizeof(keys) / sizeof(keys[0]));
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		ck_assert_msg(json_object_get(s, keys[i]) != NULL, "%s missing: %s", keys[i], snap);
	ck_assert_str_eq(json_string_value(json_object_get(s, "status")), "court-requested");
	ck_assert_str_eq(json_string_value(json_object_get(s, "receivedOn")), "2026-04-02");
	ck_assert_str_eq(json_string_value(json_object_get(s, "designationId")), d);
	ck_assert_str_eq(json_string_value(json_object_get(s, "responseDeadline")), "2026-05-15");
	ck_assert_str_eq(json_string_value(json_object_get(s, "courtFilingDeadline")), "2026-06-02");
	ck_assert(json_is_null(json_object_get(s, "freeToSellUntil")));
	ck_assert(json_is_null(json_object_get(s, "exemption")));
	ck_assert_str_eq(json_string_value(json_object_get(s, "askingPrice")), "410000.00");
	ck_assert_int_eq(json_integer_value(json_object_get(s, "version")), 4);
	json_t *last = json_object_get(s, "lastEvent");
	ck_assert_int_eq(json_integer_value(json_object_get(last, "sequence")), 3);
	ck_assert_str_eq(json_string_value(json_object_get(last, "type")), "deadline-moved");
	ck_assert_str_eq(json_string_value(json_object_get(last, "on")), "2026-05-10");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(last, "data"), "to")),
			 "2026-06-02");
	json_decref(s);
	ck_assert(!contains(snap, "Secret Owner"));
	ck_assert(!contains(snap, "owner"));
	/* unknown, malformed */
	ck_assert_int_eq(wvlv_store_offer_snapshot(srv, arena, "00000000-0000-4000-8000-000000000000",
						   &snap, &err),
			 WVLV_ENOTFOUND);
	ck_assert_int_eq(wvlv_store_offer_snapshot(srv, arena, "x", &snap, &err), WVLV_ENOTFOUND);
	ck_assert_ptr_null(snap);
	wvlv_offer_state next = o.state;
	wvlv_offer_event ev = { .type = WVLV_EVENT_COURT_FILED, .on = day("2026-05-20") };
	ck_assert_int_eq(wvlv_store_offer_record_event(srv, "00000000-0000-4000-8000-000000000000",
						       &next, &ev, NULL, false, &err),
			 WVLV_ENOTFOUND);
	ck_assert_int_eq(wvlv_store_offer_record_event(srv, "nope", &next, &ev, NULL, false, &err),
			 WVLV_ENOTFOUND);
	wvlv_db_rollback(srv);

	/* the snapshot of an offer without events: lastEvent null */
	const char *fresh = make_offer(srv, &(ospec){ .gm = gm, .designation_id = d,
						      .response = "2026-05-15" });
	begin_gm(srv, gm);
	ok(wvlv_store_offer_snapshot(srv, arena, fresh, &snap, &err), &err);
	s = parse(snap);
	ck_assert(json_is_null(json_object_get(s, "lastEvent")));
	ck_assert(json_is_null(json_object_get(s, "askingPrice")));
	ck_assert_int_eq(json_integer_value(json_object_get(s, "version")), 1);
	json_decref(s);
	wvlv_db_rollback(srv);

	/* a caller whose token has no label: the token id is the actor */
	wvlv_caller nolabel = clerk(gm);
	nolabel.label[0] = '\0';
	begin_as(srv, &nolabel);
	next = o.state;
	next.status = WVLV_OFFER_IN_COURT;
	next.last_event_on = day("2026-05-20");
	ok(wvlv_store_offer_record_event(srv, id, &next, &ev, NULL, false, &err), &err);
	audit(srv, gm, "sale-notification", id, "event");
	commit(srv);
	o = get_offer(srv, gm, id, WVLV_CRS_CRS84);
	ck_assert_uint_eq(o.n_events, 4);
	ck_assert_int_eq(o.events[3].sequence, 4);
	ck_assert_str_eq(o.events[3].actor, TOKEN_ID);
	ck_assert_int_eq(o.state.status, WVLV_OFFER_IN_COURT);
	ck_assert_int_eq(o.version, 5);

	/* an event without its audit row is refused at COMMIT: nothing stays */
	begin_gm(srv, gm);
	next.status = WVLV_OFFER_PURCHASED;
	ev = (wvlv_offer_event){ .type = WVLV_EVENT_AGREEMENT, .on = day("2026-06-10") };
	ok(wvlv_store_offer_record_event(srv, id, &next, &ev, "{\"price\":\"400000.00\"}", false,
					 &err),
	   &err);
	ck_assert_int_eq(wvlv_db_commit(srv, &err), WVLV_EINTERNAL);
	ck_assert_str_eq(err.code, "audit-missing");
	o = get_offer(srv, gm, id, WVLV_CRS_CRS84);
	ck_assert_uint_eq(o.n_events, 4);
	ck_assert_int_eq(o.state.status, WVLV_OFFER_IN_COURT);

	/* the history is append-only for the server; offers are never deleted */
	static const char *const forbidden[] = {
		"UPDATE sale_notification_events SET actor = 'someone else'",
		"DELETE FROM sale_notification_events",
		"DELETE FROM sale_notifications",
	};
	for (size_t i = 0; i < sizeof(forbidden) / sizeof(forbidden[0]); i++) {
		begin_gm(srv, gm);
		ck_assert_msg(wvlv_db_exec_script(srv, forbidden[i], &err) == WVLV_EDB, "%s",
			      forbidden[i]);
		ck_assert_str_eq(err.code, "permission-denied");
		wvlv_db_rollback(srv);
	}
	wvlv_db_close(srv);
}
END_TEST

/* ---- lists --------------------------------------------------------------------------- */

static void expect_list(wvlv_db *db, const wvlv_offer_filter *f, long matched,
			const char *const *ids, size_t count)
{
	wvlv_offer *items = NULL;
	size_t n = 99;
	long nm = -1;
	wvlv_error err;
	wvlv_error_clear(&err);
	ok(wvlv_store_offer_list(db, arena, f, WVLV_CRS_CRS84, &items, &n, &nm, &err), &err);
	ck_assert_int_eq(nm, matched);
	ck_assert_uint_eq(n, count);
	for (size_t i = 0; i < count; i++)
		ck_assert_msg(strcmp(items[i].id, ids[i]) == 0, "item %zu: %s, not %s", i,
			      items[i].id, ids[i]);
}

#define IDS(...) (const char *[]){ __VA_ARGS__ }, \
	sizeof((const char *[]){ __VA_ARGS__ }) / sizeof(const char *)
#define NO_IDS NULL, 0

static wvlv_offer_filter filter(void)
{
	return (wvlv_offer_filter){ .deadline_before = WVLV_DATE_NONE, .limit = 100 };
}

START_TEST(test_list_filters)
{
	wvlv_db *srv = as_server();
	wvlv_error err;
	wvlv_error_clear(&err);
	const char *gm = "GM0406";
	const char *x = make_designation(srv, &(dspec){ .gm = gm, .name = "X" });
	const char *y = make_designation(srv, &(dspec){ .gm = gm, .name = "Y" });
	/* inserted out of order: the list is by receipt */
	const char *o3 = make_offer(srv, &(ospec){ .gm = gm, .designation_id = y,
		.received = "2026-02-10", .status = WVLV_OFFER_COURT_REQUESTED,
		.response = "2026-03-24", .filing = "2026-03-10" });
	const char *o1 = make_offer(srv, &(ospec){ .gm = gm, .designation_id = x,
		.received = "2026-01-05", .response = "2026-02-16" });
	const char *o2 = make_offer(srv, &(ospec){ .gm = gm, .designation_id = x,
		.received = "2026-02-01", .response = "2026-03-16" });
	const char *o4 = make_offer(srv, &(ospec){ .gm = gm, .designation_id = y,
		.received = "2026-03-01", .status = WVLV_OFFER_DECLINED, .response = "2026-04-13",
		.free_until = "2029-03-20" });
	const char *o5 = make_offer(srv, &(ospec){ .gm = gm, .designation_id = x,
		.received = "2026-03-02", .status = WVLV_OFFER_EXEMPT,
		.exemption = WVLV_EXEMPT_FAMILY });

	begin_gm(srv, gm);
	wvlv_offer_filter f = filter();
	expect_list(srv, &f, 5, IDS(o1, o2, o3, o4, o5));
	f.status = WVLV_OFFER_RECEIVED;
	expect_list(srv, &f, 2, IDS(o1, o2));
	f.status = WVLV_OFFER_EXEMPT;
	expect_list(srv, &f, 1, IDS(o5));
	f.status = WVLV_OFFER_LAPSED;
	expect_list(srv, &f, 0, NO_IDS);

	/* deadlineBefore: the open deadline of the state, strictly before */
	f = filter();
	f.deadline_before = day("2026-03-15");
	expect_list(srv, &f, 2, IDS(o1, o3));
	f.deadline_before = day("2026-03-16");
	expect_list(srv, &f, 2, IDS(o1, o3));
	f.deadline_before = day("2026-03-17");
	expect_list(srv, &f, 3, IDS(o1, o2, o3));
	f.deadline_before = day("2026-03-10");
	expect_list(srv, &f, 1, IDS(o1));
	f.deadline_before = day("2027-01-01"); /* declined and exempt offers have none open */
	expect_list(srv, &f, 3, IDS(o1, o2, o3));

	f = filter();
	f.designation_id = y;
	expect_list(srv, &f, 2, IDS(o3, o4));
	f.designation_id = "not-a-uuid";
	expect_list(srv, &f, 0, NO_IDS);
	f.designation_id = "00000000-0000-4000-8000-000000000000";
	expect_list(srv, &f, 0, NO_IDS);

	f = filter();
	f.municipality_code = gm;
	expect_list(srv, &f, 5, IDS(o1, o2, o3, o4, o5));
	f.municipality_code = "GM0407";
	expect_list(srv, &f, 0, NO_IDS);

	/* together */
	f = filter();
	f.status = WVLV_OFFER_RECEIVED;
	f.designation_id = x;
	f.deadline_before = day("2026-03-01");
	f.municipality_code = gm;
	expect_list(srv, &f, 1, IDS(o1));

	/* paging: numberMatched counts every match, on an empty page too */
	f = filter();
	f.limit = 2;
	f.offset = 1;
	expect_list(srv, &f, 5, IDS(o2, o3));
	f.offset = 4;
	expect_list(srv, &f, 5, IDS(o5));
	f.offset = 5;
	expect_list(srv, &f, 5, NO_IDS);
	f.offset = 500;
	expect_list(srv, &f, 5, NO_IDS);
	f.status = WVLV_OFFER_RECEIVED;
	expect_list(srv, &f, 2, NO_IDS);
	f = filter();
	f.limit = 0;
	expect_list(srv, &f, 5, NO_IDS);
	f.limit = -1; /* no limit */
	expect_list(srv, &f, 5, IDS(o1, o2, o3, o4, o5));

	/* items are whole offers: events, designation name, location in the CRS asked */
	wvlv_offer *items;
	size_t n;
	long nm;
	f = filter();
	f.designation_id = y;
	ok(wvlv_store_offer_list(srv, arena, &f, WVLV_CRS_RD, &items, &n, &nm, &err), &err);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(items[0].designation_name, "Y");
	ck_assert_int_eq(items[0].state.status, WVLV_OFFER_COURT_REQUESTED);
	ck_date(items[0].state.court_filing_deadline, "2026-03-10");
	ck_date(items[1].state.free_to_sell_until, "2029-03-20");
	double px, py;
	point_xy(items[0].location, &px, &py);
	ck_assert(px > 90000 && px < 91000);
	wvlv_db_rollback(srv);

	step(srv, gm, o1, &(estep){ .type = WVLV_EVENT_DECISION, .on = "2026-01-20",
				    .status = WVLV_OFFER_DECLINED, .free_until = "2029-01-20",
				    .data = "{\"decision\":\"not-willing\"}" });
	begin_gm(srv, gm);
	f = filter();
	ok(wvlv_store_offer_list(srv, arena, &f, WVLV_CRS_CRS84, &items, &n, &nm, &err), &err);
	ck_assert_uint_eq(n, 5);
	ck_assert_uint_eq(items[0].n_events, 1);
	ck_assert_int_eq(items[0].events[0].type, WVLV_EVENT_DECISION);
	ck_assert_uint_eq(items[1].n_events, 0);
	f.status = WVLV_OFFER_RECEIVED;
	expect_list(srv, &f, 1, IDS(o2));
	wvlv_db_rollback(srv);
	wvlv_db_close(srv);
}
END_TEST

/* ---- row-level security ------------------------------------------------------------------ */

START_TEST(test_rls)
{
	wvlv_db *srv = as_server();
	wvlv_error err;
	wvlv_error_clear(&err);
	const char *d7 = make_designation(srv, &(dspec){ .gm = "GM0407", .name = "seven" });
	const char *d8 = make_designation(srv, &(dspec){ .gm = "GM0408", .name = "eight" });
	const char *mine = make_offer(srv, &(ospec){ .gm = "GM0407", .designation_id = d7,
						     .response = "2026-05-15" });
	const char *theirs = make_offer(srv, &(ospec){ .gm = "GM0408", .designation_id = d8,
						       .response = "2026-05-15" });
	step(srv, "GM0408", theirs, &(estep){ .type = WVLV_EVENT_WITHDRAWAL, .on = "2026-04-10",
					      .status = WVLV_OFFER_WITHDRAWN });

	begin_gm(srv, "GM0407");
	/* bare queries see only the caller's rows */
	expect_sql(srv, "(SELECT count(*) FROM sale_notifications) = 1");
	expect_sql(srv, "(SELECT count(*) FROM sale_notification_events) = 0");
	wvlv_offer_filter f = filter();
	expect_list(srv, &f, 1, IDS(mine));
	f.municipality_code = "GM0408";
	expect_list(srv, &f, 0, NO_IDS);
	wvlv_offer o;
	ck_assert_int_eq(wvlv_store_offer_get(srv, arena, NULL, theirs, WVLV_CRS_CRS84, false, &o,
					      &err),
			 WVLV_ENOTFOUND);
	ck_assert_int_eq(wvlv_store_offer_get(srv, arena, "GM0408", theirs, WVLV_CRS_CRS84, true,
					      &o, &err),
			 WVLV_ENOTFOUND);
	const char *snap;
	ck_assert_int_eq(wvlv_store_offer_snapshot(srv, arena, theirs, &snap, &err), WVLV_ENOTFOUND);
	wvlv_offer_state next = { .status = WVLV_OFFER_DECLINED,
				  .received_on = day("2026-04-02"),
				  .response_deadline = day("2026-05-15"),
				  .court_filing_deadline = WVLV_DATE_NONE,
				  .free_to_sell_until = day("2029-04-20"),
				  .last_event_on = day("2026-04-20") };
	wvlv_offer_event ev = { .type = WVLV_EVENT_DECISION, .on = day("2026-04-20") };
	ck_assert_int_eq(wvlv_store_offer_record_event(srv, theirs, &next, &ev, NULL, false, &err),
			 WVLV_ENOTFOUND);
	/* writing for another municipality fails outright: 42501 */
	char id[37];
	wvlv_offer_new n = new_offer(&(ospec){ .gm = "GM0408", .designation_id = d8,
					       .response = "2026-05-15" });
	ck_assert_int_eq(wvlv_store_offer_insert(srv, &n, id, &err), WVLV_EDB);
	ck_assert_str_eq(err.code, "permission-denied");
	wvlv_db_rollback(srv);
	/* nor an event row for it, bare */
	begin_gm(srv, "GM0407");
	ck_assert_int_eq(wvlv_db_exec_script(srv,
					     wvlv_arena_printf(arena,
							       "INSERT INTO sale_notification_events"
							       " (sale_notification_id, municipality_code,"
							       " sequence, type, on_date, actor)"
							       " VALUES ('%s', 'GM0408', 9, 'lapse',"
							       " '2026-06-01', 'me')",
							       theirs),
					     &err),
			 WVLV_EDB);
	ck_assert_str_eq(err.code, "permission-denied");
	wvlv_db_rollback(srv);
	/* an offer of my municipality on another's designation: the foreign key */
	begin_gm(srv, "GM0407");
	n = new_offer(&(ospec){ .gm = "GM0407", .designation_id = d8, .response = "2026-05-15" });
	ck_assert_int_eq(wvlv_store_offer_insert(srv, &n, id, &err), WVLV_EINVAL);
	wvlv_db_rollback(srv);

	/* the other municipality, untouched */
	begin_gm(srv, "GM0408");
	ok(wvlv_store_offer_get(srv, arena, NULL, theirs, WVLV_CRS_CRS84, false, &o, &err), &err);
	ck_assert_int_eq(o.state.status, WVLV_OFFER_WITHDRAWN);
	ck_assert_uint_eq(o.n_events, 1);
	ck_assert_int_eq(o.version, 2);
	wvlv_db_rollback(srv);

	/* national: reads every municipality, writes nothing */
	wvlv_caller nat = national();
	begin_as(srv, &nat);
	f = filter();
	f.municipality_code = "GM0407";
	expect_list(srv, &f, 1, IDS(mine));
	f.municipality_code = "GM0408";
	expect_list(srv, &f, 1, IDS(theirs));
	ok(wvlv_store_offer_get(srv, arena, NULL, theirs, WVLV_CRS_CRS84, false, &o, &err), &err);
	ck_assert_uint_eq(o.n_events, 1);
	n = new_offer(&(ospec){ .gm = "GM0407", .designation_id = d7, .response = "2026-05-15" });
	ck_assert_int_eq(wvlv_store_offer_insert(srv, &n, id, &err), WVLV_EDB);
	ck_assert_str_eq(err.code, "permission-denied");
	wvlv_db_rollback(srv);
	wvlv_db_close(srv);
}
END_TEST

START_TEST(test_schema)
{
	wvlv_db *srv = as_server();
	begin_gm(srv, "GM0409");
	/* FORCE on both tenant tables; every policy for PUBLIC; equated days are national */
	expect_sql(srv, "(SELECT count(*) FROM pg_class WHERE relname IN ('sale_notifications',"
			" 'sale_notification_events') AND relrowsecurity AND relforcerowsecurity) = 2");
	expect_sql(srv, "(SELECT relrowsecurity AND NOT relforcerowsecurity FROM pg_class"
			" WHERE relname = 'equated_holidays')");
	expect_sql(srv, "NOT EXISTS (SELECT FROM pg_policies WHERE roles <> '{public}'"
			" AND policyname <> 'designations_public_read')");
	/* the grants */
	static const char *const grants[][3] = {
		{ "sale_notifications", "SELECT", "t" },
		{ "sale_notifications", "INSERT", "t" },
		{ "sale_notifications", "UPDATE", "t" },
		{ "sale_notifications", "DELETE", "f" },
		{ "sale_notification_events", "SELECT", "t" },
		{ "sale_notification_events", "INSERT", "t" },
		{ "sale_notification_events", "UPDATE", "f" },
		{ "sale_notification_events", "DELETE", "f" },
		{ "equated_holidays", "SELECT", "t" },
		{ "equated_holidays", "INSERT", "t" },
		{ "equated_holidays", "DELETE", "t" },
		{ "equated_holidays", "UPDATE", "f" },
	};
	for (size_t i = 0; i < sizeof(grants) / sizeof(grants[0]); i++)
		expect_sql(srv, wvlv_arena_printf(arena, "has_table_privilege('%s', '%s') = '%s'",
						  grants[i][0], grants[i][1], grants[i][2]));
	/* read, insert, update, delete on both; the owner's read of offers */
	expect_sql(srv, "(SELECT count(*) FROM pg_policies WHERE tablename IN"
			" ('sale_notifications', 'sale_notification_events')) = 9");
	/* the function: the server may run it, nobody else; definer with a pinned path */
	expect_sql(srv, "has_function_privilege("
			"'wvlv_offer_municipalities_with_deadline_between(date, date)', 'EXECUTE')");
	expect_sql(srv, "NOT has_function_privilege('public',"
			" 'wvlv_offer_municipalities_with_deadline_between(date, date)', 'EXECUTE')");
	expect_sql(srv, "(SELECT prosecdef AND proconfig @> ARRAY['search_path=pg_catalog, public']"
			" FROM pg_proc WHERE proname ="
			" 'wvlv_offer_municipalities_with_deadline_between')");
	wvlv_db_rollback(srv);
	wvlv_db_close(srv);
}
END_TEST

/* ---- equated holidays ------------------------------------------------------------------- */

START_TEST(test_equated)
{
	wvlv_db *srv = as_server();
	wvlv_error err;
	wvlv_error_clear(&err);
	wvlv_caller nat = national();
	begin_gm(srv, "GM0410");
	wvlv_equated_day *days = NULL;
	size_t n = 99;
	ok(wvlv_store_equated_list(srv, arena, &days, &n, &err), &err);
	/* migration 0008 ships the 17 days of the decrees for 2017-2019, 2023-2025, 2026-2028 */
	ck_assert_uint_eq(n, 17);
	ck_date(days[0].date, "2017-04-28");
	ck_assert(contains(days[0].reference, "Stcrt. 2016, 58653"));
	ck_date(days[13].date, "2026-05-15");
	ck_assert_str_eq(days[13].reference,
			 "Koninklijk Besluit gelijkgestelde dagen 2026–2028 (Atw art. 3(3))");
	ck_date(days[16].date, "2028-05-26");
	/* national data: a municipality's caller adds none (0009) */
	ck_assert_int_eq(wvlv_store_equated_add(srv, day("2030-05-31"), "Stcrt. 2029, 111", &err),
			 WVLV_EDB);
	ck_assert_str_eq(err.code, "permission-denied");
	wvlv_db_rollback(srv);
	begin_as(srv, &nat);
	ok(wvlv_store_equated_add(srv, day("2030-05-31"), "Stcrt. 2029, 111", &err), &err);
	ok(wvlv_store_equated_add(srv, day("2030-01-02"), "Stcrt. 2029, 222", &err), &err);
	/* twice: a conflict, and the transaction goes on */
	ck_assert_int_eq(wvlv_store_equated_add(srv, day("2030-05-31"), "again", &err),
			 WVLV_ECONFLICT);
	ck_assert_str_eq(err.code, "already-equated");
	ck_assert(contains(err.detail, "2030-05-31"));
	commit(srv);
	/* refused by the database: outside the calendar, no reference */
	begin_as(srv, &nat);
	ck_assert_int_eq(wvlv_store_equated_add(srv, day("2250-01-01"), "far", &err), WVLV_EINVAL);
	wvlv_db_rollback(srv);
	begin_as(srv, &nat);
	ck_assert_int_eq(wvlv_store_equated_add(srv, day("2031-01-02"), "", &err), WVLV_EINVAL);
	wvlv_db_rollback(srv);

	/* read by anyone, in date order */
	begin_gm(srv, "GM0411");
	ok(wvlv_store_equated_list(srv, arena, &days, &n, &err), &err);
	ck_assert_uint_eq(n, 19);
	ck_date(days[17].date, "2030-01-02");
	ck_assert_str_eq(days[17].reference, "Stcrt. 2029, 222");
	ck_date(days[18].date, "2030-05-31");
	ck_assert_str_eq(days[18].reference, "Stcrt. 2029, 111");
	wvlv_db_rollback(srv);

	/* nor removes one: it sees none to remove */
	begin_gm(srv, "GM0410");
	ck_assert_int_eq(wvlv_store_equated_delete(srv, day("2030-01-02"), &err), WVLV_ENOTFOUND);
	wvlv_db_rollback(srv);
	begin_as(srv, &nat);
	ok(wvlv_store_equated_delete(srv, day("2030-01-02"), &err), &err);
	ck_assert_int_eq(wvlv_store_equated_delete(srv, day("2030-01-02"), &err), WVLV_ENOTFOUND);
	ck_assert_str_eq(err.code, "not-found");
	ck_assert_int_eq(wvlv_store_equated_delete(srv, day("2030-01-03"), &err), WVLV_ENOTFOUND);
	commit(srv);
	begin_gm(srv, "GM0410");
	ok(wvlv_store_equated_list(srv, arena, &days, &n, &err), &err);
	ck_assert_uint_eq(n, 18);
	ck_date(days[17].date, "2030-05-31");
	ck_assert_int_eq(wvlv_db_exec_script(srv, "UPDATE equated_holidays SET reference = 'x'",
					     &err),
			 WVLV_EDB);
	ck_assert_str_eq(err.code, "permission-denied");
	wvlv_db_rollback(srv);
	/* clean up for the other tests of this program */
	begin_as(srv, &nat);
	ok(wvlv_store_equated_delete(srv, day("2030-05-31"), &err), &err);
	commit(srv);
	wvlv_db_close(srv);
}
END_TEST

/* ---- across municipalities ----------------------------------------------------------------- */

START_TEST(test_municipalities_with_deadline)
{
	wvlv_db *srv = as_server();
	wvlv_error err;
	wvlv_error_clear(&err);
	const char *d11 = make_designation(srv, &(dspec){ .gm = "GM0411", .name = "a" });
	const char *d12 = make_designation(srv, &(dspec){ .gm = "GM0412", .name = "b" });
	const char *d13 = make_designation(srv, &(dspec){ .gm = "GM0413", .name = "c" });
	/* far-off dates: no other test has deadlines there */
	const char *a = make_offer(srv, &(ospec){ .gm = "GM0411", .designation_id = d11,
						  .received = "2031-04-08", .response = "2031-05-20" });
	make_offer(srv, &(ospec){ .gm = "GM0412", .designation_id = d12, .received = "2031-03-01",
				  .status = WVLV_OFFER_COURT_REQUESTED, .response = "2031-04-14",
				  .filing = "2031-05-22" });
	/* not open, or not in the range */
	make_offer(srv, &(ospec){ .gm = "GM0413", .designation_id = d13, .received = "2031-04-09",
				  .status = WVLV_OFFER_DECLINED, .response = "2031-05-21",
				  .free_until = "2034-04-20" });
	make_offer(srv, &(ospec){ .gm = "GM0413", .designation_id = d13, .received = "2031-05-20",
				  .response = "2031-07-01" });
	make_offer(srv, &(ospec){ .gm = "GM0413", .designation_id = d13, .received = "2031-03-02",
				  .status = WVLV_OFFER_NEGOTIATING, .response = "2031-05-21",
				  .filing = "2031-05-21" });
	const char *b = make_offer(srv, &(ospec){ .gm = "GM0411", .designation_id = d11,
						  .received = "2031-03-03",
						  .status = WVLV_OFFER_COURT_REQUESTED,
						  .response = "2031-04-14", .filing = "2031-05-23" });

	begin_gm(srv, "GM0411");
	/* the caller sees only its own offers … */
	expect_sql(srv, "(SELECT count(*) FROM sale_notifications"
			" WHERE municipality_code <> 'GM0411') = 0");
	/* … and the function looks across */
	const char **codes = NULL;
	size_t n = 99;
	ok(wvlv_store_offer_municipalities_with_deadline_between(srv, arena, day("2031-05-19"),
								 day("2031-05-23"), &codes, &n,
								 &err),
	   &err);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(codes[0], "GM0411");
	ck_assert_str_eq(codes[1], "GM0412");
	/* both ends included */
	ok(wvlv_store_offer_municipalities_with_deadline_between(srv, arena, day("2031-05-22"),
								 day("2031-05-22"), &codes, &n,
								 &err),
	   &err);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(codes[0], "GM0412");
	ok(wvlv_store_offer_municipalities_with_deadline_between(srv, arena, day("2031-05-20"),
								 day("2031-05-20"), &codes, &n,
								 &err),
	   &err);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(codes[0], "GM0411");
	ok(wvlv_store_offer_municipalities_with_deadline_between(srv, arena, day("2031-05-24"),
								 day("2031-06-30"), &codes, &n,
								 &err),
	   &err);
	ck_assert_uint_eq(n, 0);

	/* the ids, of the scoped municipality only */
	const char **ids = NULL;
	ok(wvlv_store_offer_ids_with_deadline_between(srv, arena, day("2031-05-19"),
						      day("2031-05-23"), &ids, &n, &err),
	   &err);
	ck_assert_uint_eq(n, 2);
	ck_assert(strcmp(a, b) < 0 ? strcmp(ids[0], a) == 0 && strcmp(ids[1], b) == 0
				   : strcmp(ids[0], b) == 0 && strcmp(ids[1], a) == 0);
	ok(wvlv_store_offer_ids_with_deadline_between(srv, arena, day("2031-05-23"),
						      day("2031-05-23"), &ids, &n, &err),
	   &err);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(ids[0], b);
	wvlv_db_rollback(srv);
	begin_gm(srv, "GM0413");
	ok(wvlv_store_offer_ids_with_deadline_between(srv, arena, day("2031-05-19"),
						      day("2031-05-23"), &ids, &n, &err),
	   &err);
	ck_assert_uint_eq(n, 0);
	wvlv_db_rollback(srv);
	/* a national caller moves nothing itself */
	wvlv_caller nat = national();
	begin_as(srv, &nat);
	ok(wvlv_store_offer_ids_with_deadline_between(srv, arena, day("2031-05-19"),
						      day("2031-05-23"), &ids, &n, &err),
	   &err);
	ck_assert_uint_eq(n, 0);
	ok(wvlv_store_offer_municipalities_with_deadline_between(srv, arena, day("2031-05-19"),
								 day("2031-05-23"), &codes, &n,
								 &err),
	   &err);
	ck_assert_uint_eq(n, 2);
	wvlv_db_rollback(srv);

	/* an owner that is no superuser (a managed database): FORCE holds it to
	 * the policies, and its own read policy lets the function look across */
	const char *role = wvlv_arena_printf(arena, "wvlv_offers_owner_%ld", (long)getpid());
	adm_exec(wvlv_arena_printf(arena, "CREATE ROLE %s NOLOGIN", role));
	adm_exec(wvlv_arena_printf(arena, "ALTER TABLE sale_notifications OWNER TO %s", role));
	adm_exec(wvlv_arena_printf(arena, "ALTER FUNCTION wvlv_offer_municipalities_with_deadline_"
					  "between(date, date) OWNER TO %s", role));
	ck_assert_str_eq(adm_value("SELECT rolsuper::text FROM pg_roles r JOIN pg_class c"
				   " ON c.relowner = r.oid WHERE c.relname = 'sale_notifications'",
				   0, NULL),
			 "false");
	begin_gm(srv, "GM0413");
	expect_sql(srv, "(SELECT count(*) FROM sale_notifications) = 3");
	ok(wvlv_store_offer_municipalities_with_deadline_between(srv, arena, day("2031-05-19"),
								 day("2031-05-23"), &codes, &n,
								 &err),
	   &err);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(codes[0], "GM0411");
	ck_assert_str_eq(codes[1], "GM0412");
	wvlv_db_rollback(srv);
	adm_exec(wvlv_arena_printf(arena, "REASSIGN OWNED BY %s TO CURRENT_USER", role));
	adm_exec(wvlv_arena_printf(arena, "DROP OWNED BY %s", role));
	adm_exec(wvlv_arena_printf(arena, "DROP ROLE %s", role));
	wvlv_db_close(srv);
}
END_TEST

/* ---- the deadline overview ------------------------------------------------------------------ */

START_TEST(test_deadlines)
{
	wvlv_db *srv = as_server();
	wvlv_error err;
	wvlv_error_clear(&err);
	const char *gm = "GM0414";
	/* today 2028-03-01; offers within 10 days, designations within 180 */
	wvlv_date today = day("2028-03-01");
	wvlv_date offers_until = day("2028-03-11");
	wvlv_date designations_until = day("2028-08-28");

	/* ends in 100 days (2028-06-09), after an extension */
	const char *ending = make_designation(srv, &(dspec){ .gm = gm, .name = "ending",
		.start = "2024-06-10", .end = "2026-06-09" });
	begin_gm(srv, gm);
	wvlv_period ext = { .sequence = 2, .start = day("2026-06-10"), .end = day("2028-06-09"),
			    .extension = true, .decision_reference = "Stcrt. 2026, 2" };
	ok(wvlv_store_designation_add_period(srv, ending, &ext, &err), &err);
	audit(srv, gm, "designation", ending, "extend");
	commit(srv);
	/* withdrawn: its last day (2028-03-31) is in the window, but it is not listed */
	const char *withdrawn = make_designation(srv, &(dspec){ .gm = gm, .name = "withdrawn",
		.start = "2025-01-01", .end = "2028-05-01" });
	begin_gm(srv, gm);
	ok(wvlv_store_designation_withdraw(srv, withdrawn, day("2028-04-01"), "test",
					   day("2028-03-31"), &err),
	   &err);
	audit(srv, gm, "designation", withdrawn, "withdraw");
	commit(srv);
	/* ends after the window; ended before today */
	make_designation(srv, &(dspec){ .gm = gm, .name = "later", .start = "2025-01-01",
					.end = "2028-08-29" });
	make_designation(srv, &(dspec){ .gm = gm, .name = "past", .start = "2025-01-01",
					.end = "2028-02-29" });
	/* ends today: listed (0 days left) */
	const char *today_end = make_designation(srv, &(dspec){ .gm = gm, .name = "today",
		.start = "2025-01-01", .end = "2028-03-01" });

	const char *d = ending;
	const char *a = make_offer(srv, &(ospec){ .gm = gm, .designation_id = d,
		.received = "2028-01-22", .response = "2028-03-04" });
	const char *b = make_offer(srv, &(ospec){ .gm = gm, .designation_id = d, /* overdue */
		.received = "2028-01-17", .response = "2028-02-28" });
	const char *c = make_offer(srv, &(ospec){ .gm = gm, .designation_id = d,
		.received = "2027-12-09", .status = WVLV_OFFER_COURT_REQUESTED,
		.response = "2028-01-20", .filing = "2028-03-06" });
	make_offer(srv, &(ospec){ .gm = gm, .designation_id = d, /* beyond offers_until */
		.received = "2028-02-08", .response = "2028-03-21" });
	make_offer(srv, &(ospec){ .gm = gm, .designation_id = d, /* decided: no open response */
		.received = "2028-01-20", .status = WVLV_OFFER_NEGOTIATING,
		.response = "2028-03-02" });
	make_offer(srv, &(ospec){ .gm = gm, .designation_id = d, /* in court: filed */
		.received = "2027-12-01", .status = WVLV_OFFER_IN_COURT,
		.response = "2028-01-12", .filing = "2028-03-03" });
	const char *f = make_offer(srv, &(ospec){ .gm = gm, .designation_id = d,
		.received = "2027-12-07", .status = WVLV_OFFER_COURT_REQUESTED,
		.response = "2028-01-18", .filing = "2028-03-04" });
	const char *g = make_offer(srv, &(ospec){ .gm = gm, .designation_id = d, /* due today */
		.received = "2028-01-19", .response = "2028-03-01" });

	begin_gm(srv, gm);
	wvlv_deadline_row *rows = NULL;
	size_t n = 99;
	ok(wvlv_store_deadlines(srv, arena, NULL, today, offers_until, designations_until, &rows, &n,
				&err),
	   &err);
	struct {
		wvlv_deadline_kind kind;
		const char        *date;
		const char        *offer;
		const char        *designation;
	} want[] = {
		{ WVLV_DL_RESPONSE, "2028-02-28", b, d },
		{ WVLV_DL_RESPONSE, "2028-03-01", g, d },
		{ WVLV_DL_DESIGNATION_END, "2028-03-01", NULL, today_end },
		{ WVLV_DL_RESPONSE, "2028-03-04", a, d },
		{ WVLV_DL_COURT_FILING, "2028-03-04", f, d },
		{ WVLV_DL_COURT_FILING, "2028-03-06", c, d },
		{ WVLV_DL_DESIGNATION_END, "2028-06-09", NULL, ending },
	};
	ck_assert_uint_eq(n, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < n; i++) {
		ck_assert_msg(rows[i].kind == want[i].kind, "row %zu: kind %d", i, rows[i].kind);
		ck_date(rows[i].date, want[i].date);
		if (want[i].offer)
			ck_assert_str_eq(rows[i].sale_notification_id, want[i].offer);
		else
			ck_assert_ptr_null(rows[i].sale_notification_id);
		ck_assert_str_eq(rows[i].designation_id, want[i].designation);
		ck_assert_str_eq(rows[i].municipality_code, gm);
	}
	ck_assert_str_eq(rows[0].designation_name, "ending");
	ck_date(rows[0].designated_from, NULL);
	ck_assert_int_eq(rows[0].n_periods, 0);
	ck_assert_str_eq(rows[6].designation_name, "ending");
	ck_date(rows[6].designated_from, "2024-06-10");
	ck_assert_int_eq(rows[6].n_periods, 2);
	ck_assert_str_eq(rows[2].designation_name, "today");
	ck_assert_int_eq(rows[2].n_periods, 1);
	for (size_t i = 0; i < n; i++)
		ck_assert_str_ne(rows[i].designation_id, withdrawn);

	/* two offers due the same day, same kind: by id */
	wvlv_db_rollback(srv);
	const char *h = make_offer(srv, &(ospec){ .gm = gm, .designation_id = d,
		.received = "2028-01-22", .response = "2028-03-04" });
	begin_gm(srv, gm);
	ok(wvlv_store_deadlines(srv, arena, NULL, today, offers_until, designations_until, &rows, &n,
				&err),
	   &err);
	ck_assert_uint_eq(n, 8);
	const char *first = strcmp(a, h) < 0 ? a : h;
	const char *second = strcmp(a, h) < 0 ? h : a;
	ck_assert_str_eq(rows[3].sale_notification_id, first);
	ck_assert_str_eq(rows[4].sale_notification_id, second);
	ck_assert_int_eq(rows[5].kind, WVLV_DL_COURT_FILING);
	/* another municipality sees none of it */
	wvlv_db_rollback(srv);
	begin_gm(srv, "GM0415");
	ok(wvlv_store_deadlines(srv, arena, NULL, today, offers_until, designations_until, &rows, &n,
				&err),
	   &err);
	ck_assert_uint_eq(n, 0);
	wvlv_db_rollback(srv);
	wvlv_db_close(srv);
}
END_TEST

/* ---- statistics ------------------------------------------------------------------------------ */

static void expect_stats(const wvlv_offer_stats *s, int year, long received, long decided,
			 long lapsed, long purchased, long exempt, double median)
{
	ck_assert_int_eq(s->year, year);
	ck_assert_int_eq(s->received, received);
	ck_assert_int_eq(s->decided_in_time, decided);
	ck_assert_int_eq(s->lapsed, lapsed);
	ck_assert_int_eq(s->purchased, purchased);
	ck_assert_int_eq(s->exempt, exempt);
	ck_assert_msg(fabs(s->median_days_to_decision - median) < 1e-9, "year %d: median %g, not %g",
		      year, s->median_days_to_decision, median);
}

/* An offer received on `received` and decided `days` later (willing or not). */
static const char *decided(wvlv_db *db, const char *gm, const char *d, const char *received,
			   const char *on, bool willing)
{
	const char *id = make_offer(db, &(ospec){ .gm = gm, .designation_id = d,
						  .received = received, .response = "2030-01-01" });
	step(db, gm, id, &(estep){ .type = WVLV_EVENT_DECISION, .on = on,
				   .status = willing ? WVLV_OFFER_NEGOTIATING : WVLV_OFFER_DECLINED,
				   .free_until = willing ? NULL : "2030-01-01",
				   .data = willing ? "{\"decision\":\"willing\"}"
						   : "{\"decision\":\"not-willing\"}" });
	return id;
}

START_TEST(test_statistics)
{
	wvlv_db *srv = as_server();
	wvlv_error err;
	wvlv_error_clear(&err);
	const char *gm = "GM0416";
	const char *d = make_designation(srv, &(dspec){ .gm = gm, .name = "S" });
	const char *other = make_designation(srv, &(dspec){ .gm = gm, .name = "other" });

	/* 2025: decisions after 7, 4, 10 and 13 days → median (7 + 10) / 2 = 8.5 */
	const char *s1 = decided(srv, gm, d, "2025-03-03", "2025-03-10", true);
	step(srv, gm, s1, &(estep){ .type = WVLV_EVENT_AGREEMENT, .on = "2025-04-01",
				    .status = WVLV_OFFER_PURCHASED,
				    .data = "{\"price\":\"300000.00\"}" });
	decided(srv, gm, d, "2025-04-01", "2025-04-05", false);
	decided(srv, gm, d, "2025-07-01", "2025-07-11", false);
	/* a decision superseding a lapse counts, from its first decision */
	const char *s6 = make_offer(srv, &(ospec){ .gm = gm, .designation_id = d,
						   .received = "2025-08-01", .response = "2025-09-12" });
	step(srv, gm, s6, &(estep){ .type = WVLV_EVENT_LAPSE, .on = "2025-09-13",
				    .status = WVLV_OFFER_LAPSED, .free_until = "2028-09-12",
				    .system = true });
	step(srv, gm, s6, &(estep){ .type = WVLV_EVENT_DECISION, .on = "2025-08-14",
				    .status = WVLV_OFFER_NEGOTIATING,
				    .data = "{\"decision\":\"willing\"}" });
	/* lapsed, undecided */
	const char *s3 = make_offer(srv, &(ospec){ .gm = gm, .designation_id = d,
						   .received = "2025-05-01", .response = "2025-06-12" });
	step(srv, gm, s3, &(estep){ .type = WVLV_EVENT_LAPSE, .on = "2025-06-13",
				    .status = WVLV_OFFER_LAPSED, .free_until = "2028-06-12",
				    .system = true });
	/* exempt */
	make_offer(srv, &(ospec){ .gm = gm, .designation_id = d, .received = "2025-06-01",
				  .status = WVLV_OFFER_EXEMPT, .exemption = WVLV_EXEMPT_WILL });
	/* 2026: after 2 and 1 days → 1.5; one still open */
	decided(srv, gm, d, "2026-01-05", "2026-01-07", false);
	decided(srv, gm, d, "2026-03-01", "2026-03-02", true);
	make_offer(srv, &(ospec){ .gm = gm, .designation_id = d, .received = "2026-02-02",
				  .response = "2026-03-16" });
	/* another designation's offers do not count */
	decided(srv, gm, other, "2025-03-03", "2025-03-04", true);

	begin_gm(srv, gm);
	wvlv_offer_stats *rows = NULL;
	size_t n = 99;
	ok(wvlv_store_offer_statistics(srv, arena, d, &rows, &n, &err), &err);
	ck_assert_uint_eq(n, 3);
	/* lapsed is by status: s3 is, s6 left that state with its decision */
	expect_stats(&rows[0], 2025, 6, 4, 1, 1, 1, 8.5);
	expect_stats(&rows[1], 2026, 3, 2, 0, 0, 0, 1.5);
	/* all: 1, 2, 4, 7, 10, 13 → (4 + 7) / 2 = 5.5 */
	expect_stats(&rows[2], 0, 9, 6, 1, 1, 1, 5.5);

	/* an odd count: the middle value; a designation without offers: the total of nothing */
	ok(wvlv_store_offer_statistics(srv, arena, other, &rows, &n, &err), &err);
	ck_assert_uint_eq(n, 2);
	expect_stats(&rows[0], 2025, 1, 1, 0, 0, 0, 1);
	expect_stats(&rows[1], 0, 1, 1, 0, 0, 0, 1);
	const char *empty = NULL;
	wvlv_db_rollback(srv);
	empty = make_designation(srv, &(dspec){ .gm = gm, .name = "empty" });
	begin_gm(srv, gm);
	ok(wvlv_store_offer_statistics(srv, arena, empty, &rows, &n, &err), &err);
	ck_assert_uint_eq(n, 1);
	expect_stats(&rows[0], 0, 0, 0, 0, 0, 0, -1);
	ok(wvlv_store_offer_statistics(srv, arena, "not-a-uuid", &rows, &n, &err), &err);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(rows[0].received, 0);
	/* another municipality sees none of this designation's offers */
	wvlv_db_rollback(srv);
	begin_gm(srv, "GM0417");
	ok(wvlv_store_offer_statistics(srv, arena, d, &rows, &n, &err), &err);
	ck_assert_uint_eq(n, 1);
	expect_stats(&rows[0], 0, 0, 0, 0, 0, 0, -1);
	wvlv_db_rollback(srv);
	wvlv_db_close(srv);
}
END_TEST

/* ---- main ------------------------------------------------------------------------------------ */

int main(void)
{
	conninfo = ts_init("wvlv_offers");
	const ts_group groups[] = {
		{ "offers", (const TTest *const[]){ test_insert_get_round_trip, test_find_designation,
						    test_point_check, test_record_event,
						    test_list_filters, NULL } },
		{ "access", (const TTest *const[]){ test_rls, test_schema, NULL } },
		{ "equated", (const TTest *const[]){ test_equated, test_municipalities_with_deadline,
						     NULL } },
		{ "overview", (const TTest *const[]){ test_deadlines, test_statistics, NULL } },
	};
	return ts_run("offers_store", groups, sizeof(groups) / sizeof(groups[0]), setup, teardown);
}
