/* test_offers.c — sale notifications (offers under the preference right) over
 * HTTP, against the real `wvlv serve` and a real PostgreSQL + PostGIS
 * (issue 4; docs/law.md §2, §3 and §7, openapi/openapi.yaml):
 *
 *   create (designation resolved from the location, deadline computed and
 *   explained, parcels and prices normalised, exemptions, RD input, explicit
 *   designationId), who sees what, the state machine with every client
 *   event, refused events changing nothing, If-Match and Idempotency-Key,
 *   two clerks deciding at the same moment, list filters and paging,
 *   /deadlines, /deadline-calculator, equated holidays moving deadlines, and
 *   per-designation statistics.
 *
 * Every expected date below was derived by hand from a calendar:
 * Easter 2026 is 5 April (Goede Vrijdag 3 April, Tweede Paasdag 6 April,
 * Hemelvaartsdag 14 May, Tweede Pinksterdag 25 May), Koningsdag 2026 is
 * Monday 27 April, 5 May 2026 is a Tuesday; Easter 2025 is 20 April
 * (Hemelvaartsdag 29 May, Tweede Pinksterdag 9 June); Easter 2024 is 31 March.
 *
 * The fixtures (tokens and designations) are made once in main(); the tests
 * run one after another (forked) on one database, each in its own
 * municipality or with its own offers, so that one test's rows never show up
 * in another's assertions.  Fixed dates lie in the past, so the tests do not
 * depend on the day they run — except /deadlines, which is about today and
 * uses dates relative to it. */
#include <check.h>
#include <curl/curl.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "e2e_helpers.h"
#include "http_client.h"
#include "keys_cli.h"
#include "offer_helpers.h"
#include "server_proc.h"
#include "testdb.h"
#include "wvlv/date.h"

static tserver srv;
static const char *conninfo;

#define BASE srv.base
#define CRS84_HEADER "<" EH_CRS84_URI ">"
#define RD_HEADER    "<" EH_RD_URI ">"
#define OFFERS       "/api/v1/sale-notifications"
#define UNKNOWN_ID   "0b7c3f4e-5d21-4a8e-9c6f-2e1d7a9b4c30"

/* ---- fixtures, made in main() ------------------------------------------------------- */

/* Tokens: clerks with the labels that must show up as event actors. */
static tkey clerk505, clerk505b, reader505, clerk599, clerk363, reader363, clerk344, reader344,
	clerk200, reader200, clerk014, reader014;
static const char *admin505, *admin200, *national, *natadmin;

/* GM0505: BIG covers P_BIG, SMALL (inside BIG) covers P_SMALL, ART8 (inside
 * BIG, measure art8 only) covers P_ART8. */
static char BIG[40], SMALL[40], ART8[40];
#define P_BIG   4.665, 51.805
#define P_SMALL 4.671, 51.811
#define P_ART8  4.676, 51.816
/* GM0599: another municipality. */
static char OTHER[40];
#define P_OTHER 4.475, 51.925
/* GM0363: the list tests. */
static char LA[40], LB[40];
#define P_LA 5.105, 52.095
#define P_LB 5.125, 52.095
/* GM0344: /deadlines — D1 ends in 100 days (and holds the offers), D2 is
 * withdrawn, D3 ends in 200 days, D4 in exactly 180, D5 was extended past
 * 180 days. */
static char D1[40], D2[40], D3[40], D4[40], D5[40];
#define P_D1 4.355, 52.005
/* GM0200: equated holidays. */
static char EQ[40];
#define P_EQ 4.305, 51.705
/* GM0014: statistics; ST_EMPTY has no offers. */
static char ST[40], ST_EMPTY[40];
#define P_ST 6.005, 52.205

/* ---- small helpers ------------------------------------------------------------------- */

static char *offer_body(const char *muni, const char *received, double lon, double lat)
{
	return oh_offer_body(muni, received, lon, lat);
}

/* body with a cadastral parcel no other offer names (an open offer holds its
 * parcels, law.md §2.12): for posting the same offer again.  Malloc'd. */
static char *fresh_parcel(const char *body)
{
	char parcels[64];
	snprintf(parcels, sizeof(parcels), "[\"%s\"]", oh_unique_parcel());
	return oh_with(body, "property.cadastralParcels", parcels);
}

/* Create an offer; returns its id (malloc'd). */
static char *offer(const tkey *k, const char *muni, const char *received, double lon, double lat)
{
	char *b = offer_body(muni, received, lon, lat);
	char *id = oh_create_id(BASE, k->header, b);
	free(b);
	return id;
}

/* Create an exempt offer on this ground. */
static char *exempt_offer(const tkey *k, const char *muni, const char *received, double lon,
			  double lat, const char *ground)
{
	char *b = offer_body(muni, received, lon, lat);
	char g[64];
	snprintf(g, sizeof(g), "\"%s\"", ground);
	char *b2 = oh_with(b, "exemption", g);
	char *id = oh_create_id(BASE, k->header, b2);
	free(b2);
	free(b);
	return id;
}

#define WILLING     "\"decision\":\"willing\""
#define NOT_WILLING "\"decision\":\"not-willing\""

/* A request that must be refused with this status and code, and change
 * nothing in the database. */
static tresp *refused(const char *auth, const char *method, const char *path, const char *body,
		      const char *const *headers, long status, const char *code)
{
	oh_snapshot before;
	oh_snapshot_take(eh_db(), &before);
	tresp *r = oh_req(BASE, auth, method, path, body, headers);
	eh_assert_problem(r, status, code, path);
	oh_assert_unchanged(eh_db(), &before);
	return r;
}

/* An event that must be refused (status, code) and change nothing. */
static tresp *refused_event(const tkey *k, const char *id, const char *type, const char *on,
			    const char *members, const char *const *headers, long status,
			    const char *code)
{
	oh_snapshot before;
	oh_snapshot_take(eh_db(), &before);
	tresp *r = oh_event(BASE, k->header, id, type, on, members, headers);
	eh_assert_problem(r, status, code, oh_path(id, "/events"));
	oh_assert_unchanged(eh_db(), &before);
	return r;
}

static const char *get_status(const tkey *k, const char *id)
{
	static char buf[32];
	tresp *r = oh_get(BASE, k->header, id);
	snprintf(buf, sizeof(buf), "%s", oh_s(r->json, "status"));
	t_free(r);
	return buf;
}

/* A date member: the string, or "null" for JSON null / absent. */
static const char *date_of(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return "null";
	return json_string_value(v) ? json_string_value(v) : "(not a string)";
}

/* The reference of the 2026-2028 decree as migration 0008 ships it. */
#define DECREE_2026 "Koninklijk Besluit gelijkgestelde dagen 2026–2028 (Atw art. 3(3))"

/* responseDeadlineExplained (or a calculator answer) is exactly this:
 * moved is "date=reason;date=reason" ("" for none). */
static void assert_explained(json_t *e, const char *term, const char *from, const char *raw,
			     const char *deadline, const char *moved)
{
	ck_assert_msg(json_is_object(e), "no explanation");
	ck_assert_str_eq(oh_s(e, "term"), term);
	ck_assert_str_eq(oh_s(e, "from"), from);
	ck_assert_str_eq(oh_s(e, "rawEnd"), raw);
	ck_assert_str_eq(oh_s(e, "deadline"), deadline);
	char got[1024] = "";
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(e, "movedPast"), i, m) {
		size_t n = strlen(got);
		snprintf(got + n, sizeof(got) - n, "%s%s=%s", n ? ";" : "", oh_s(m, "date"),
			 oh_s(m, "reason"));
	}
	ck_assert_msg(json_is_array(json_object_get(e, "movedPast")), "movedPast is not an array");
	ck_assert_str_eq(got, moved);
}

/* "YYYY-MM-DDTHH:MM:SS.mmmZ" or without milliseconds: RFC 3339 UTC. */
static bool rfc3339_utc(const char *s)
{
	if (!s)
		return false;
	size_t n = strlen(s);
	if (n < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
	    s[16] != ':' || s[n - 1] != 'Z')
		return false;
	return true;
}

static long days_between(const char *from, const char *to)
{
	wvlv_date a, b;
	wvlv_error err;
	wvlv_error_clear(&err);
	ck_assert(wvlv_date_parse(from, &a, &err) == WVLV_OK);
	ck_assert(wvlv_date_parse(to, &b, &err) == WVLV_OK);
	return (long)(b - a);
}

/* Record a lapse the way the alert job will (there is no API for it yet):
 * as the database owner, with the audit row the deferred check requires. */
static void insert_lapse(const char *id, const char *muni, const char *on, const char *free_until)
{
	char sql[2048];
	snprintf(sql, sizeof(sql),
		 "BEGIN;"
		 "INSERT INTO audit_log (token_label, municipality_code, entity, entity_id, action,"
		 " changes) VALUES ('system', '%s', 'sale-notification', '%s', 'lapse', '{}');"
		 "UPDATE sale_notifications SET status = 'lapsed', free_to_sell_until = '%s',"
		 " version = version + 1, updated_at = now() WHERE id = '%s';"
		 "INSERT INTO sale_notification_events (sale_notification_id, municipality_code,"
		 " sequence, type, on_date, actor) SELECT '%s', '%s',"
		 " coalesce(max(sequence), 0) + 1, 'lapse', '%s', 'system'"
		 " FROM sale_notification_events WHERE sale_notification_id = '%s';"
		 "COMMIT;",
		 muni, id, free_until, id, id, muni, on, id);
	PGresult *r = PQexec(eh_db(), sql);
	ck_assert_msg(PQresultStatus(r) == PGRES_COMMAND_OK, "lapse: %s", PQerrorMessage(eh_db()));
	PQclear(r);
}

/* ============================ 1. create ============================ */

START_TEST(create_answers_201_with_location_etag_content_crs_and_the_computed_deadline)
{
	char *b = offer_body("GM0505", "2026-04-02", P_BIG);
	char *b2 = oh_with(b, "property.cadastralParcels", "[\"ddt01k4550a13\"]");
	oh_snapshot before;
	oh_snapshot_take(eh_db(), &before);
	tresp *r = oh_create(BASE, clerk505.header, b2);
	const char *id = t_str(r->json, "id");
	char want_loc[256];
	snprintf(want_loc, sizeof(want_loc), "%s" OFFERS "/%s", BASE, id);
	ck_assert_str_eq(t_header(r, "Location"), want_loc);
	ck_assert_str_eq(t_header(r, "ETag"), "\"1\"");
	ck_assert_str_eq(t_header(r, "Content-Crs"), CRS84_HEADER);
	ck_assert_str_eq(t_header(r, "API-Version"), WVLV_API_VERSION);
	ck_assert_int_eq(strlen(id), 36);
	ck_assert_str_eq(oh_s(r->json, "municipalityCode"), "GM0505");
	ck_assert_str_eq(oh_s(r->json, "receivedOn"), "2026-04-02");
	ck_assert_str_eq(oh_s(r->json, "designationId"), BIG);
	ck_assert_str_eq(oh_s(r->json, "designationName"), "VKR Dordrecht");
	ck_assert_str_eq(oh_s(r->json, "status"), "received");
	/* Thu 2 April 2026 + 6 weeks = Thu 14 May 2026, Hemelvaartsdag; Fri 15 May equated by
	 * the 2026-2028 decree (shipped, migration 0008); Sat 16, Sun 17 → Mon 18 May */
	ck_assert_str_eq(date_of(r->json, "responseDeadline"), "2026-05-18");
	assert_explained(json_object_get(r->json, "responseDeadlineExplained"), "response",
			 "2026-04-02", "2026-05-14", "2026-05-18",
			 "2026-05-14=Hemelvaartsdag;2026-05-15=gelijkgestelde dag (" DECREE_2026 ");"
			 "2026-05-16=Saturday;2026-05-17=Sunday");
	ck_assert_str_eq(date_of(r->json, "courtFilingDeadline"), "null");
	ck_assert_str_eq(date_of(r->json, "freeToSellUntil"), "null");
	ck_assert(json_is_null(json_object_get(r->json, "exemption")));
	ck_assert_int_eq(json_array_size(json_object_get(r->json, "events")), 0);
	ck_assert_int_eq(t_int(r->json, "version"), 1);
	ck_assert_msg(rfc3339_utc(t_str(r->json, "createdAt")), "createdAt %s",
		      oh_s(r->json, "createdAt"));
	ck_assert_msg(rfc3339_utc(t_str(r->json, "updatedAt")), "updatedAt");
	json_t *p = json_object_get(r->json, "property");
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(p, "cadastralParcels"), 0)),
			 "DDT01 K 4550 A 13");
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(p, "bagIds"), 0)),
			 "0505010000012345");
	ck_assert_str_eq(oh_s(json_object_get(p, "address"), "street"), "Voorstraat");
	json_t *loc = json_object_get(p, "location");
	ck_assert_str_eq(oh_s(loc, "type"), "Point");
	ck_assert(fabs(json_number_value(json_array_get(json_object_get(loc, "coordinates"), 0)) -
		       4.665) < 1e-7);
	ck_assert(fabs(json_number_value(json_array_get(json_object_get(loc, "coordinates"), 1)) -
		       51.805) < 1e-7);
	ck_assert_str_eq(oh_s(json_object_get(r->json, "owner"), "name"), "J. de Vries");
	ck_assert_str_eq(oh_s(r->json, "askingPrice"), "350000.00");
	/* one row, no event, one audit row */
	oh_snapshot after;
	oh_snapshot_take(eh_db(), &after);
	ck_assert_int_eq(after.offers, before.offers + 1);
	ck_assert_int_eq(after.events, before.events);
	ck_assert_int_eq(oh_audit_rows(eh_db(), id), 1);
	const char *params[] = { id, NULL };
	char *action = eh_pg_value(eh_db(), "SELECT action FROM audit_log WHERE entity_id = $1",
				   params);
	ck_assert_str_eq(action, "create");
	free(action);
	/* the audit trail records the state, never the owner's personal data */
	char *changes = eh_pg_value(eh_db(), "SELECT changes::text FROM audit_log WHERE entity_id = $1",
				    params);
	ck_assert_msg(strstr(changes, "2026-05-18") != NULL, "audit row without the deadline: %s",
		      changes);
	ck_assert_msg(strstr(changes, "de Vries") == NULL && strstr(changes, "devries") == NULL,
		      "owner data in the audit log: %s", changes);
	free(changes);
	/* GET answers the same offer */
	tresp *g = oh_get(BASE, clerk505.header, id);
	ck_assert_str_eq(t_header(g, "ETag"), "\"1\"");
	ck_assert_str_eq(t_header(g, "Content-Crs"), CRS84_HEADER);
	ck_assert_str_eq(date_of(g->json, "responseDeadline"), "2026-05-18");
	ck_assert(json_equal(g->json, r->json));
	t_free(g);
	t_free(r);
	free(b2);
	free(b);
}
END_TEST

/* Deadlines of offers received on days whose six weeks end on a weekend or
 * a holiday — each derived by hand. */
START_TEST(create_computes_and_explains_the_response_deadline_per_the_atw)
{
	static const struct {
		const char *received, *raw, *deadline, *moved;
	} cases[] = {
		/* Mon 2 Mar → Mon 13 Apr: a working day, nothing moved */
		{ "2026-03-02", "2026-04-13", "2026-04-13", "" },
		/* Sat 10 Jan → Sat 21 Feb → Mon 23 Feb */
		{ "2026-01-10", "2026-02-21", "2026-02-23",
		  "2026-02-21=Saturday;2026-02-22=Sunday" },
		/* Mon 16 Mar → Mon 27 Apr, Koningsdag → Tue 28 Apr */
		{ "2026-03-16", "2026-04-27", "2026-04-28", "2026-04-27=Koningsdag" },
		/* Tue 24 Mar → Tue 5 May, Bevrijdingsdag → Wed 6 May */
		{ "2026-03-24", "2026-05-05", "2026-05-06", "2026-05-05=Bevrijdingsdag" },
		/* Mon 13 Apr → Mon 25 May, Tweede Pinksterdag → Tue 26 May */
		{ "2026-04-13", "2026-05-25", "2026-05-26", "2026-05-25=Tweede Pinksterdag" },
		/* Mon 23 Feb → Mon 6 Apr, Tweede Paasdag → Tue 7 Apr */
		{ "2026-02-23", "2026-04-06", "2026-04-07", "2026-04-06=Tweede Paasdag" },
		/* Fri 20 Feb → Fri 3 Apr Goede Vrijdag, Sat, Easter Sunday, Easter Monday
		 * → Tue 7 Apr */
		{ "2026-02-20", "2026-04-03", "2026-04-07",
		  "2026-04-03=Goede Vrijdag;2026-04-04=Saturday;2026-04-05=Sunday;"
		  "2026-04-06=Tweede Paasdag" },
		/* Thu 1 Feb 2024 → Thu 14 Mar 2024 */
		{ "2024-02-01", "2024-03-14", "2024-03-14", "" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *b = offer_body("GM0505", cases[i].received, P_BIG);
		tresp *r = oh_create(BASE, clerk505.header, b);
		ck_assert_msg(strcmp(date_of(r->json, "responseDeadline"), cases[i].deadline) == 0,
			      "received %s: deadline %s, want %s", cases[i].received,
			      date_of(r->json, "responseDeadline"), cases[i].deadline);
		assert_explained(json_object_get(r->json, "responseDeadlineExplained"), "response",
				 cases[i].received, cases[i].raw, cases[i].deadline,
				 cases[i].moved);
		/* the calculator gives the same answer */
		char path[128];
		snprintf(path, sizeof(path), "/api/v1/deadline-calculator?term=response&from=%s",
			 cases[i].received);
		tresp *c = t_request(BASE, "GET", path, NULL, NULL);
		ck_assert_int_eq(c->status, 200);
		ck_assert(json_equal(c->json, json_object_get(r->json, "responseDeadlineExplained")));
		t_free(c);
		t_free(r);
		free(b);
	}
}
END_TEST

START_TEST(create_normalises_cadastral_parcels)
{
	char *b = offer_body("GM0505", "2026-04-02", P_BIG);
	char *b2 = oh_with(b, "property.cadastralParcels",
			   "[\"ddt01k4550a12\",\"DDT01 K 4550\",\"rtd00 ab 12345 a 1\","
			   "\"Abc12Z7\"]");
	tresp *r = oh_create(BASE, clerk505.header, b2);
	json_t *pp = json_object_get(json_object_get(r->json, "property"), "cadastralParcels");
	ck_assert_int_eq(json_array_size(pp), 4);
	ck_assert_str_eq(json_string_value(json_array_get(pp, 0)), "DDT01 K 4550 A 12");
	ck_assert_str_eq(json_string_value(json_array_get(pp, 1)), "DDT01 K 4550");
	ck_assert_str_eq(json_string_value(json_array_get(pp, 2)), "RTD00 AB 12345 A 1");
	ck_assert_str_eq(json_string_value(json_array_get(pp, 3)), "ABC12 Z 7");
	/* stored normalised, not only answered so */
	const char *params[] = { t_str(r->json, "id"), NULL };
	char *stored = eh_pg_value(eh_db(),
				   "SELECT property->'cadastralParcels'->>0 FROM sale_notifications"
				   " WHERE id::text = $1", params);
	ck_assert_str_eq(stored, "DDT01 K 4550 A 12");
	free(stored);
	t_free(r);
	free(b2);
	free(b);
}
END_TEST

START_TEST(create_normalises_the_asking_price_to_two_decimals)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "\"350000\"", "350000.00" },
		{ "\"350000.5\"", "350000.50" },
		{ "\"350000.25\"", "350000.25" },
		{ "\"0\"", "0.00" },
		{ "\"999999999999.99\"", "999999999999.99" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *b = offer_body("GM0505", "2026-04-02", P_BIG);
		char *b2 = oh_with(b, "askingPrice", cases[i].in);
		tresp *r = oh_create(BASE, clerk505.header, b2);
		ck_assert_msg(strcmp(oh_s(r->json, "askingPrice"), cases[i].out) == 0,
			      "%s → %s, want %s", cases[i].in, oh_s(r->json, "askingPrice"),
			      cases[i].out);
		t_free(r);
		free(b2);
		free(b);
	}
	/* no price, or null: null */
	char *b = offer_body("GM0505", "2026-04-02", P_BIG);
	char *b2 = oh_with(b, "askingPrice", NULL);
	tresp *r = oh_create(BASE, clerk505.header, b2);
	ck_assert(json_is_null(json_object_get(r->json, "askingPrice")));
	t_free(r);
	free(b2);
	free(b);
}
END_TEST

START_TEST(exemption_ground_records_an_exempt_offer_without_deadline)
{
	static const char *const grounds[] = { "family", "marital-or-estate-division", "will",
					       "public-body", "forced-sale",
					       "registered-prior-contract" };
	for (size_t i = 0; i < sizeof(grounds) / sizeof(grounds[0]); i++) {
		char *b = offer_body("GM0505", "2026-04-02", P_BIG);
		char g[64];
		snprintf(g, sizeof(g), "\"%s\"", grounds[i]);
		char *b2 = oh_with(b, "exemption", g);
		tresp *r = oh_create(BASE, clerk505.header, b2);
		ck_assert_str_eq(oh_s(r->json, "status"), "exempt");
		ck_assert_str_eq(oh_s(r->json, "exemption"), grounds[i]);
		ck_assert_str_eq(date_of(r->json, "responseDeadline"), "null");
		ck_assert(json_is_null(json_object_get(r->json, "responseDeadlineExplained")));
		ck_assert_str_eq(date_of(r->json, "courtFilingDeadline"), "null");
		ck_assert_str_eq(date_of(r->json, "freeToSellUntil"), "null");
		ck_assert_str_eq(oh_s(r->json, "designationId"), BIG);
		t_free(r);
		free(b2);
		free(b);
	}
	/* exemption: null is an ordinary offer */
	char *b = offer_body("GM0505", "2026-04-02", P_BIG);
	char *b2 = oh_with(b, "exemption", "null");
	tresp *r = oh_create(BASE, clerk505.header, b2);
	ck_assert_str_eq(oh_s(r->json, "status"), "received");
	ck_assert_str_eq(date_of(r->json, "responseDeadline"), "2026-05-18");
	t_free(r);
	free(b2);
	free(b);
}
END_TEST

START_TEST(location_in_rd_via_content_crs_resolves_the_same_designation)
{
	/* RD New coordinates of lon 4.666, lat 51.806, as PostGIS computes them */
	char *x = eh_pg_value(eh_db(), "SELECT round(ST_X(ST_Transform(ST_SetSRID("
				    "ST_MakePoint(4.666, 51.806), 4326), 28992))::numeric, 3)", NULL);
	char *y = eh_pg_value(eh_db(), "SELECT round(ST_Y(ST_Transform(ST_SetSRID("
				    "ST_MakePoint(4.666, 51.806), 4326), 28992))::numeric, 3)", NULL);
	char point[128];
	snprintf(point, sizeof(point), "{\"type\":\"Point\",\"coordinates\":[%s,%s]}", x, y);
	char *b = offer_body("GM0505", "2026-04-02", P_BIG);
	char *b2 = oh_with(b, "property.location", point);
	static const char *const rd_angled[] = { "Content-Crs: " RD_HEADER, NULL };
	static const char *const rd_bare[] = { "Content-Crs: " EH_RD_URI, NULL };
	tresp *r = oh_req(BASE, clerk505.header, "POST", OFFERS, b2, rd_angled);
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	ck_assert_str_eq(oh_s(r->json, "designationId"), BIG);
	ck_assert_str_eq(t_header(r, "Content-Crs"), CRS84_HEADER);
	json_t *c = json_object_get(json_object_get(json_object_get(r->json, "property"),
						    "location"), "coordinates");
	ck_assert_msg(fabs(json_number_value(json_array_get(c, 0)) - 4.666) < 1e-6 &&
			      fabs(json_number_value(json_array_get(c, 1)) - 51.806) < 1e-6,
		      "CRS84 %s", r->body);
	/* the same offer in RD: the coordinates sent */
	char path[160];
	snprintf(path, sizeof(path), "%s?%s", oh_path(t_str(r->json, "id"), NULL), EH_Q_RD);
	tresp *g = oh_req(BASE, clerk505.header, "GET", path, NULL, NULL);
	ck_assert_int_eq(g->status, 200);
	ck_assert_str_eq(t_header(g, "Content-Crs"), RD_HEADER);
	json_t *rc = json_object_get(json_object_get(json_object_get(g->json, "property"),
						     "location"), "coordinates");
	ck_assert(fabs(json_number_value(json_array_get(rc, 0)) - strtod(x, NULL)) < 0.002);
	ck_assert(fabs(json_number_value(json_array_get(rc, 1)) - strtod(y, NULL)) < 0.002);
	t_free(g);
	t_free(r);
	/* bare URI, and the answer in RD when ?crs asks for it */
	char create_rd[160];
	snprintf(create_rd, sizeof(create_rd), "%s?%s", OFFERS, EH_Q_RD);
	char *b3 = fresh_parcel(b2);
	r = oh_req(BASE, clerk505.header, "POST", create_rd, b3, rd_bare);
	free(b3);
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	ck_assert_str_eq(t_header(r, "Content-Crs"), RD_HEADER);
	rc = json_object_get(json_object_get(json_object_get(r->json, "property"), "location"),
			     "coordinates");
	ck_assert(fabs(json_number_value(json_array_get(rc, 0)) - strtod(x, NULL)) < 0.002);
	t_free(r);
	free(b2);
	free(b);
	free(x);
	free(y);
}
END_TEST

START_TEST(the_smallest_covering_designation_is_chosen_and_an_explicit_one_is_checked)
{
	/* P_SMALL lies in SMALL and BIG: the smaller one */
	char *b = offer_body("GM0505", "2026-04-02", P_SMALL);
	tresp *r = oh_create(BASE, clerk505.header, b);
	ck_assert_str_eq(oh_s(r->json, "designationId"), SMALL);
	ck_assert_str_eq(oh_s(r->json, "designationName"), "VKR Dordrecht klein");
	t_free(r);
	/* explicitly BIG, which also covers it: accepted */
	char id[64];
	snprintf(id, sizeof(id), "\"%s\"", BIG);
	char *b1 = fresh_parcel(b);
	char *b2 = oh_with(b1, "designationId", id);
	free(b1);
	r = oh_create(BASE, clerk505.header, b2);
	ck_assert_str_eq(oh_s(r->json, "designationId"), BIG);
	t_free(r);
	free(b2);
	free(b);
	/* P_ART8 lies in ART8 (no voorkeursrecht) and BIG: BIG */
	b = offer_body("GM0505", "2026-04-02", P_ART8);
	r = oh_create(BASE, clerk505.header, b);
	ck_assert_str_eq(oh_s(r->json, "designationId"), BIG);
	t_free(r);
	free(b);
	/* an explicit designation that does not apply → 422, nothing stored:
	 * SMALL does not cover P_BIG; ART8 covers P_ART8 without the preference
	 * right; OTHER is of another municipality; the uuid of nothing */
	struct { double lon, lat; const char *id; } bad[] = {
		{ P_BIG, SMALL }, { P_ART8, ART8 }, { P_BIG, OTHER }, { P_BIG, UNKNOWN_ID },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		b = offer_body("GM0505", "2026-04-02", bad[i].lon, bad[i].lat);
		snprintf(id, sizeof(id), "\"%s\"", bad[i].id);
		b2 = oh_with(b, "designationId", id);
		r = refused(clerk505.header, "POST", OFFERS, b2, NULL, 422, "no-designation");
		eh_assert_param(r, "designationId", NULL);
		ck_assert_int_eq(oh_nparams(r), 1);
		t_free(r);
		free(b2);
		free(b);
	}
}
END_TEST

START_TEST(received_today_is_accepted)
{
	char *b = offer_body("GM0505", eh_today_plus(0), P_BIG);
	tresp *r = oh_create(BASE, clerk505.header, b);
	const char *dl = date_of(r->json, "responseDeadline");
	long d = days_between(eh_today_plus(0), dl);
	ck_assert_msg(d >= 42 && d <= 46, "deadline %s", dl);
	ck_assert_str_eq(oh_s(json_object_get(r->json, "responseDeadlineExplained"), "rawEnd"),
			 eh_today_plus(42));
	t_free(r);
	free(b);
}
END_TEST

/* ============================ 2. who sees what ============================ */

START_TEST(owner_is_shown_to_clerks_and_admins_only)
{
	char *id = offer(&clerk505, "GM0505", "2026-04-02", P_BIG);
	const char *with_owner[] = { clerk505.header, admin505 };
	for (int i = 0; i < 2; i++) {
		tresp *r = oh_get(BASE, with_owner[i], id);
		json_t *o = json_object_get(r->json, "owner");
		ck_assert_msg(json_is_object(o), "owner missing for %d: %s", i, r->body);
		ck_assert_str_eq(oh_s(o, "name"), "J. de Vries");
		ck_assert_str_eq(oh_s(o, "email"), "devries@example.nl");
		t_free(r);
	}
	const char *without[] = { reader505.header, national };
	for (int i = 0; i < 2; i++) {
		tresp *r = oh_get(BASE, without[i], id);
		ck_assert_msg(json_object_get(r->json, "owner") == NULL, "owner shown to %d: %s",
			      i, r->body);
		ck_assert_msg(strstr(r->body, "de Vries") == NULL && strstr(r->body, "devries") == NULL,
			      "personal data in %s", r->body);
		ck_assert_str_eq(date_of(r->json, "responseDeadline"), "2026-05-18");
		t_free(r);
		/* nor in a list */
		tresp *l = oh_req(BASE, without[i], "GET",
				  OFFERS "?municipalityCode=GM0505&limit=1000", NULL, NULL);
		ck_assert_int_eq(l->status, 200);
		ck_assert_msg(json_array_size(json_object_get(l->json, "items")) > 0, "empty list");
		ck_assert_msg(strstr(l->body, "\"owner\"") == NULL && strstr(l->body, "devries") == NULL,
			      "owner in a list for %d", i);
		t_free(l);
	}
	tresp *l = oh_req(BASE, clerk505.header, "GET", OFFERS "?limit=1000", NULL, NULL);
	ck_assert_int_eq(l->status, 200);
	ck_assert(json_is_object(json_object_get(json_array_get(json_object_get(l->json, "items"),
								 0), "owner")));
	t_free(l);
	free(id);
}
END_TEST

START_TEST(readers_and_national_tokens_cannot_create_or_post_events)
{
	char *id = offer(&clerk505, "GM0505", "2026-04-02", P_BIG);
	char *b = offer_body("GM0505", "2026-04-02", P_BIG);
	t_free(refused(reader505.header, "POST", OFFERS, b, NULL, 403, "insufficient-role"));
	t_free(refused(national, "POST", OFFERS, b, NULL, 403, "read-only-token"));
	t_free(refused(NULL, "POST", OFFERS, b, NULL, 401, "missing-token"));
	t_free(refused_event(&reader505, id, "decision", "2026-04-10", WILLING, NULL, 403,
			     "insufficient-role"));
	tresp *r = refused(national, "POST", oh_path(id, "/events"),
			   "{\"type\":\"decision\",\"on\":\"2026-04-10\",\"decision\":\"willing\"}",
			   NULL, 403, "read-only-token");
	t_free(r);
	ck_assert_str_eq(get_status(&clerk505, id), "received");
	free(b);
	free(id);
}
END_TEST

START_TEST(another_municipalitys_offer_does_not_exist)
{
	char *id = offer(&clerk505, "GM0505", "2026-04-02", P_BIG);
	char *theirs = offer(&clerk599, "GM0599", "2026-04-02", P_OTHER);
	t_free(refused(clerk599.header, "GET", oh_path(id, NULL), NULL, NULL, 404, "not-found"));
	t_free(refused(clerk505.header, "GET", oh_path(theirs, NULL), NULL, NULL, 404,
		       "not-found"));
	t_free(refused_event(&clerk599, id, "decision", "2026-04-10", WILLING, NULL, 404,
			     "not-found"));
	/* not in their list either, even when asked for by municipality */
	tresp *l = oh_req(BASE, clerk599.header, "GET", OFFERS "?municipalityCode=GM0505", NULL,
			  NULL);
	ck_assert_int_eq(l->status, 200);
	ck_assert_int_eq(t_int(l->json, "numberMatched"), 0);
	t_free(l);
	l = oh_req(BASE, clerk599.header, "GET", OFFERS "?limit=1000", NULL, NULL);
	ck_assert_msg(strstr(l->body, id) == NULL, "GM0505's offer in GM0599's list");
	ck_assert_msg(strstr(l->body, theirs) != NULL, "own offer missing");
	t_free(l);
	/* a national token reads both, without the owner */
	tresp *g = oh_get(BASE, national, theirs);
	ck_assert_str_eq(oh_s(g->json, "municipalityCode"), "GM0599");
	t_free(g);
	/* unknown and malformed ids */
	t_free(refused(clerk505.header, "GET", oh_path(UNKNOWN_ID, NULL), NULL, NULL, 404,
		       "not-found"));
	tresp *bad = refused(clerk505.header, "GET", OFFERS "/not-a-uuid", NULL, NULL, 400,
			     "invalid-path-parameter");
	eh_assert_param(bad, "id", NULL);
	t_free(bad);
	free(theirs);
	free(id);
}
END_TEST

/* ============================ 3. the state machine ============================ */

START_TEST(willing_then_agreement_ends_in_purchased_with_every_event_recorded)
{
	char *id = offer(&clerk505, "GM0505", "2026-04-02", P_BIG);
	tresp *r = oh_event(BASE, clerk505.header, id, "decision", "2026-04-10", WILLING, NULL);
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	char want_loc[256];
	snprintf(want_loc, sizeof(want_loc), "%s%s", BASE, oh_path(id, NULL));
	ck_assert_str_eq(t_header(r, "Location"), want_loc);
	ck_assert_str_eq(t_header(r, "ETag"), "\"2\"");
	ck_assert_str_eq(t_header(r, "Content-Crs"), CRS84_HEADER);
	ck_assert_str_eq(oh_s(r->json, "status"), "negotiating");
	ck_assert_int_eq(t_int(r->json, "version"), 2);
	ck_assert_str_eq(date_of(r->json, "freeToSellUntil"), "null");
	ck_assert_str_eq(date_of(r->json, "responseDeadline"), "2026-05-18");
	json_t *e = oh_ev(r->json, 0);
	ck_assert_str_eq(oh_s(e, "type"), "decision");
	ck_assert_str_eq(oh_s(e, "decision"), "willing");
	ck_assert_str_eq(oh_s(e, "on"), "2026-04-10");
	ck_assert_str_eq(oh_s(e, "actor"), "Carl Clerk");
	ck_assert_msg(rfc3339_utc(t_str(e, "recordedAt")), "recordedAt %s", oh_s(e, "recordedAt"));
	t_free(r);
	/* the other clerk records the agreement */
	r = oh_event(BASE, clerk505b.header, id, "agreement", "2026-06-01",
		     "\"price\":\"340000.00\"", NULL);
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	ck_assert_str_eq(oh_s(r->json, "status"), "purchased");
	ck_assert_str_eq(t_header(r, "ETag"), "\"3\"");
	ck_assert_int_eq(json_array_size(json_object_get(r->json, "events")), 2);
	e = oh_ev(r->json, 1);
	ck_assert_str_eq(oh_s(e, "type"), "agreement");
	ck_assert_str_eq(oh_s(e, "price"), "340000.00");
	ck_assert_str_eq(oh_s(e, "on"), "2026-06-01");
	ck_assert_str_eq(oh_s(e, "actor"), "Claire Clerk");
	ck_assert_str_eq(oh_s(oh_ev(r->json, 0), "actor"), "Carl Clerk");
	t_free(r);
	/* GET shows the same history; the database holds 2 events and 3 audit rows */
	r = oh_get(BASE, reader505.header, id);
	ck_assert_str_eq(oh_s(r->json, "status"), "purchased");
	ck_assert_int_eq(json_array_size(json_object_get(r->json, "events")), 2);
	ck_assert_str_eq(oh_s(oh_ev(r->json, 1), "actor"), "Claire Clerk");
	t_free(r);
	ck_assert_int_eq(oh_event_rows(eh_db(), id, NULL), 2);
	ck_assert_int_eq(oh_audit_rows(eh_db(), id), 3);
	const char *params[] = { id, NULL };
	char *actions = eh_pg_value(eh_db(), "SELECT string_agg(action, ',' ORDER BY id) FROM audit_log"
					  " WHERE entity_id = $1", params);
	ck_assert_str_eq(actions, "create,decision,agreement");
	free(actions);
	char *label = eh_pg_value(eh_db(), "SELECT token_label FROM audit_log WHERE entity_id = $1"
					" AND action = 'agreement'", params);
	ck_assert_str_eq(label, "Claire Clerk");
	free(label);
	free(id);
}
END_TEST

START_TEST(not_willing_declines_and_frees_the_owner_for_three_years)
{
	/* docs/law.md §2.3: refusal 2026-05-11 → free until 2029-05-11 */
	char *id = offer(&clerk505, "GM0505", "2026-04-02", P_BIG);
	tresp *r = oh_event(BASE, clerk505.header, id, "decision", "2026-05-11", NOT_WILLING, NULL);
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	ck_assert_str_eq(oh_s(r->json, "status"), "declined");
	ck_assert_str_eq(date_of(r->json, "freeToSellUntil"), "2029-05-11");
	ck_assert_str_eq(oh_s(oh_ev(r->json, 0), "decision"), "not-willing");
	t_free(r);
	free(id);
	/* a refusal on a leap day: 2024-02-29 → 2027-02-28 (a Sunday: years are
	 * never extended) */
	id = offer(&clerk505, "GM0505", "2024-02-01", P_BIG);
	r = oh_event(BASE, clerk505.header, id, "decision", "2024-02-29", NOT_WILLING, NULL);
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	ck_assert_str_eq(date_of(r->json, "freeToSellUntil"), "2027-02-28");
	t_free(r);
	free(id);
	/* a decision on the deadline itself is in time */
	id = offer(&clerk505, "GM0505", "2026-04-02", P_BIG);
	oh_event_ok(BASE, clerk505.header, id, "decision", "2026-05-15", NOT_WILLING, "declined");
	r = oh_get(BASE, clerk505.header, id);
	ck_assert_str_eq(date_of(r->json, "freeToSellUntil"), "2029-05-15");
	t_free(r);
	free(id);
}
END_TEST

START_TEST(court_request_starts_the_four_week_filing_term)
{
	/* received Mon 2 Mar 2026 (deadline Mon 13 Apr); court request Tue 7 Apr:
	 * four weeks is Tue 5 May, Bevrijdingsdag → Wed 6 May */
	char *id = offer(&clerk505, "GM0505", "2026-03-02", P_BIG);
	oh_event_ok(BASE, clerk505.header, id, "decision", "2026-03-20", WILLING, "negotiating");
	tresp *r = oh_event(BASE, clerk505.header, id, "court-requested", "2026-04-07", NULL, NULL);
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	ck_assert_str_eq(oh_s(r->json, "status"), "court-requested");
	ck_assert_str_eq(date_of(r->json, "courtFilingDeadline"), "2026-05-06");
	ck_assert_str_eq(date_of(r->json, "freeToSellUntil"), "null");
	t_free(r);
	/* filed on the last day: in court; then the parties agree */
	oh_event_ok(BASE, clerk505.header, id, "court-filed", "2026-05-06", NULL, "in-court");
	r = oh_event(BASE, clerk505.header, id, "agreement", "2026-09-01", "\"price\":\"361000.00\"",
		     NULL);
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	ck_assert_str_eq(oh_s(r->json, "status"), "purchased");
	ck_assert_str_eq(date_of(r->json, "courtFilingDeadline"), "2026-05-06");
	json_t *ev = json_object_get(r->json, "events");
	ck_assert_int_eq(json_array_size(ev), 4);
	const char *types[] = { "decision", "court-requested", "court-filed", "agreement" };
	const char *ons[] = { "2026-03-20", "2026-04-07", "2026-05-06", "2026-09-01" };
	for (size_t i = 0; i < 4; i++) {
		ck_assert_str_eq(oh_s(oh_ev(r->json, i), "type"), types[i]);
		ck_assert_str_eq(oh_s(oh_ev(r->json, i), "on"), ons[i]);
		ck_assert_str_eq(oh_s(oh_ev(r->json, i), "actor"), "Carl Clerk");
	}
	ck_assert_int_eq(t_int(r->json, "version"), 5);
	t_free(r);
	ck_assert_int_eq(oh_audit_rows(eh_db(), id), 5);
	free(id);
}
END_TEST

START_TEST(court_withdrawn_releases_the_owner_for_three_years)
{
	/* from court-requested */
	char *id = offer(&clerk505, "GM0505", "2026-03-02", P_BIG);
	oh_event_ok(BASE, clerk505.header, id, "decision", "2026-03-20", WILLING, "negotiating");
	oh_event_ok(BASE, clerk505.header, id, "court-requested", "2026-04-07", NULL,
		    "court-requested");
	tresp *r = oh_event(BASE, clerk505.header, id, "court-withdrawn", "2026-04-20", NULL, NULL);
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	ck_assert_str_eq(oh_s(r->json, "status"), "released");
	ck_assert_str_eq(date_of(r->json, "freeToSellUntil"), "2029-04-20");
	t_free(r);
	free(id);
	/* from in-court; 30 June 2029 is a Saturday and stays the last day */
	id = offer(&clerk505, "GM0505", "2026-03-02", P_BIG);
	oh_event_ok(BASE, clerk505.header, id, "decision", "2026-03-20", WILLING, "negotiating");
	oh_event_ok(BASE, clerk505.header, id, "court-requested", "2026-04-07", NULL,
		    "court-requested");
	oh_event_ok(BASE, clerk505.header, id, "court-filed", "2026-04-20", NULL, "in-court");
	r = oh_event(BASE, clerk505.header, id, "court-withdrawn", "2026-06-30", NULL, NULL);
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	ck_assert_str_eq(oh_s(r->json, "status"), "released");
	ck_assert_str_eq(date_of(r->json, "freeToSellUntil"), "2029-06-30");
	t_free(r);
	free(id);
}
END_TEST

START_TEST(owner_withdrawal_from_received_and_from_negotiating)
{
	char *id = offer(&clerk505, "GM0505", "2026-04-02", P_BIG);
	oh_event_ok(BASE, clerk505.header, id, "withdrawal", "2026-04-03", NULL, "withdrawn");
	tresp *r = oh_get(BASE, clerk505.header, id);
	ck_assert_str_eq(date_of(r->json, "freeToSellUntil"), "null");
	ck_assert_str_eq(oh_s(oh_ev(r->json, 0), "type"), "withdrawal");
	t_free(r);
	free(id);
	id = offer(&clerk505, "GM0505", "2026-04-02", P_BIG);
	oh_event_ok(BASE, clerk505.header, id, "decision", "2026-04-10", WILLING, "negotiating");
	oh_event_ok(BASE, clerk505.header, id, "withdrawal", "2026-04-20", NULL, "withdrawn");
	free(id);
}
END_TEST

START_TEST(filing_after_the_filing_deadline_is_409)
{
	char *id = offer(&clerk505, "GM0505", "2026-03-02", P_BIG);
	oh_event_ok(BASE, clerk505.header, id, "decision", "2026-03-20", WILLING, "negotiating");
	oh_event_ok(BASE, clerk505.header, id, "court-requested", "2026-04-07", NULL,
		    "court-requested");
	tresp *r = refused_event(&clerk505, id, "court-filed", "2026-05-07", NULL, NULL, 409,
				 "filing-deadline-passed");
	t_free(r);
	ck_assert_str_eq(get_status(&clerk505, id), "court-requested");
	free(id);
}
END_TEST

/* Posts `type` to an offer in state `state` and expects 409
 * transition-not-allowed naming exactly `allowed` ("a,b", "" for none). */
static void assert_not_allowed(const char *id, const char *state, const char *type,
			       const char *members, const char *allowed)
{
	ck_assert_str_eq(get_status(&clerk505, id), state);
	tresp *r = refused_event(&clerk505, id, type, "2026-06-02", members, NULL, 409,
				 "transition-not-allowed");
	const char *got = oh_param_reasons(r, "type");
	ck_assert_msg(strcmp(got, allowed) == 0, "%s in %s: allowed \"%s\", want \"%s\": %s", type,
		      state, got, allowed, r->body);
	size_t names = *allowed ? 1 : 0;
	for (const char *c = allowed; *c; c++)
		names += *c == ',';
	ck_assert_msg(oh_nparams(r) == names, "%zu invalidParams, want %zu: %s", oh_nparams(r),
		      names, r->body);
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(r->json, "invalidParams"), i, p) {
		ck_assert_str_eq(oh_s(p, "name"), "type");
		ck_assert_str_eq(oh_s(p, "code"), "allowed");
	}
	t_free(r);
}

START_TEST(a_transition_that_is_not_allowed_is_409_listing_the_allowed_events)
{
	/* received */
	char *rec = offer(&clerk505, "GM0505", "2026-04-02", P_BIG);
	assert_not_allowed(rec, "received", "agreement", NULL, "decision,withdrawal");
	assert_not_allowed(rec, "received", "court-requested", NULL, "decision,withdrawal");
	assert_not_allowed(rec, "received", "court-filed", NULL, "decision,withdrawal");
	assert_not_allowed(rec, "received", "court-withdrawn", NULL, "decision,withdrawal");
	/* negotiating */
	char *neg = offer(&clerk505, "GM0505", "2026-04-02", P_BIG);
	oh_event_ok(BASE, clerk505.header, neg, "decision", "2026-04-10", WILLING, "negotiating");
	assert_not_allowed(neg, "negotiating", "decision", WILLING,
			   "agreement,court-requested,withdrawal");
	assert_not_allowed(neg, "negotiating", "court-filed", NULL,
			   "agreement,court-requested,withdrawal");
	assert_not_allowed(neg, "negotiating", "court-withdrawn", NULL,
			   "agreement,court-requested,withdrawal");
	/* court-requested */
	char *cr = offer(&clerk505, "GM0505", "2026-04-02", P_BIG);
	oh_event_ok(BASE, clerk505.header, cr, "decision", "2026-04-10", WILLING, "negotiating");
	oh_event_ok(BASE, clerk505.header, cr, "court-requested", "2026-05-20", NULL,
		    "court-requested");
	assert_not_allowed(cr, "court-requested", "decision", NOT_WILLING,
			   "court-filed,court-withdrawn");
	assert_not_allowed(cr, "court-requested", "agreement", NULL, "court-filed,court-withdrawn");
	assert_not_allowed(cr, "court-requested", "withdrawal", NULL, "court-filed,court-withdrawn");
	assert_not_allowed(cr, "court-requested", "court-requested", NULL,
			   "court-filed,court-withdrawn");
	/* in-court */
	oh_event_ok(BASE, clerk505.header, cr, "court-filed", "2026-05-22", NULL, "in-court");
	assert_not_allowed(cr, "in-court", "decision", WILLING, "agreement,court-withdrawn");
	assert_not_allowed(cr, "in-court", "court-filed", NULL, "agreement,court-withdrawn");
	assert_not_allowed(cr, "in-court", "withdrawal", NULL, "agreement,court-withdrawn");
	/* the terminal states take nothing */
	oh_event_ok(BASE, clerk505.header, cr, "agreement", "2026-06-01", NULL, "purchased");
	assert_not_allowed(cr, "purchased", "withdrawal", NULL, "");
	assert_not_allowed(cr, "purchased", "agreement", NULL, "");
	oh_event_ok(BASE, clerk505.header, rec, "decision", "2026-04-10", NOT_WILLING, "declined");
	assert_not_allowed(rec, "declined", "decision", WILLING, "");
	assert_not_allowed(rec, "declined", "withdrawal", NULL, "");
	oh_event_ok(BASE, clerk505.header, neg, "withdrawal", "2026-04-20", NULL, "withdrawn");
	assert_not_allowed(neg, "withdrawn", "agreement", NULL, "");
	char *rel = offer(&clerk505, "GM0505", "2026-04-02", P_BIG);
	oh_event_ok(BASE, clerk505.header, rel, "decision", "2026-04-10", WILLING, "negotiating");
	oh_event_ok(BASE, clerk505.header, rel, "court-requested", "2026-04-20", NULL,
		    "court-requested");
	oh_event_ok(BASE, clerk505.header, rel, "court-withdrawn", "2026-04-21", NULL, "released");
	assert_not_allowed(rel, "released", "court-filed", NULL, "");
	char *ex = exempt_offer(&clerk505, "GM0505", "2026-04-02", P_BIG, "will");
	assert_not_allowed(ex, "exempt", "decision", WILLING, "");
	assert_not_allowed(ex, "exempt", "withdrawal", NULL, "");
	free(rel);
	free(ex);
	free(cr);
	free(neg);
	free(rec);
}
END_TEST

START_TEST(a_decision_after_the_response_deadline_is_409_deadline_passed)
{
	char *id = offer(&clerk505, "GM0505", "2026-04-02", P_BIG); /* deadline 2026-05-18 */
	tresp *r = refused_event(&clerk505, id, "decision", "2026-05-19", WILLING, NULL, 409,
				 "deadline-passed");
	eh_assert_param(r, "on", NULL);
	t_free(r);
	t_free(refused_event(&clerk505, id, "decision", "2026-09-01", NOT_WILLING, NULL, 409,
			     "deadline-passed"));
	ck_assert_str_eq(get_status(&clerk505, id), "received");
	free(id);
}
END_TEST

START_TEST(system_events_cannot_be_posted)
{
	char *id = offer(&clerk505, "GM0505", "2026-04-02", P_BIG);
	static const char *const sys[] = { "lapse", "release", "deadline-moved" };
	for (int i = 0; i < 3; i++) {
		tresp *r = refused_event(&clerk505, id, sys[i], "2026-05-20", NULL, NULL, 422,
					 "invalid-input");
		eh_assert_param(r, "type", "system-event");
		t_free(r);
	}
	/* also not with the members they would carry */
	tresp *r = refused_event(&clerk505, id, "deadline-moved", "2026-05-20",
				 "\"deadline\":\"2026-06-30\"", NULL, 422, "invalid-input");
	eh_assert_param(r, "type", "system-event");
	t_free(r);
	/* an admin cannot either */
	oh_snapshot before;
	oh_snapshot_take(eh_db(), &before);
	r = oh_req(BASE, admin505, "POST", oh_path(id, "/events"),
		   "{\"type\":\"lapse\",\"on\":\"2026-05-20\"}", NULL);
	eh_assert_problem(r, 422, "invalid-input", oh_path(id, "/events"));
	eh_assert_param(r, "type", "system-event");
	oh_assert_unchanged(eh_db(), &before);
	t_free(r);
	free(id);
}
END_TEST

START_TEST(events_dated_in_the_future_or_before_receipt_are_422)
{
	char *id = offer(&clerk505, "GM0505", "2026-04-02", P_BIG);
	tresp *r = refused_event(&clerk505, id, "withdrawal", eh_today_plus(1), NULL, NULL, 422,
				 "event-in-future");
	eh_assert_param(r, "on", "in-future");
	t_free(r);
	r = refused_event(&clerk505, id, "decision", eh_today_plus(400), WILLING, NULL, 422,
			  "event-in-future");
	eh_assert_param(r, "on", "in-future");
	t_free(r);
	r = refused_event(&clerk505, id, "decision", "2026-04-01", WILLING, NULL, 422,
			  "before-receipt");
	eh_assert_param(r, "on", "before-receipt");
	t_free(r);
	r = refused_event(&clerk505, id, "withdrawal", "2020-01-01", NULL, NULL, 422,
			  "before-receipt");
	t_free(r);
	/* dated before the previous event */
	oh_event_ok(BASE, clerk505.header, id, "decision", "2026-04-10", WILLING, "negotiating");
	r = refused_event(&clerk505, id, "agreement", "2026-04-05", NULL, NULL, 422,
			  "before-previous-event");
	eh_assert_param(r, "on", "before-previous-event");
	t_free(r);
	/* the same day as the previous event is fine */
	oh_event_ok(BASE, clerk505.header, id, "agreement", "2026-04-10", NULL, "purchased");
	free(id);
}
END_TEST

START_TEST(if_match_stale_is_412_and_current_is_accepted)
{
	char *id = offer(&clerk505, "GM0505", "2026-04-02", P_BIG);
	static const char *const stale[] = { "If-Match: \"2\"", NULL };
	tresp *r = refused_event(&clerk505, id, "decision", "2026-04-10", WILLING, stale, 412,
				 "stale-version");
	t_free(r);
	static const char *const current[] = { "If-Match: \"1\"", NULL };
	r = oh_event(BASE, clerk505.header, id, "decision", "2026-04-10", WILLING, current);
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	ck_assert_str_eq(t_header(r, "ETag"), "\"2\"");
	t_free(r);
	/* the old version is stale now */
	r = refused_event(&clerk505, id, "withdrawal", "2026-04-11", NULL, current, 412,
			  "stale-version");
	t_free(r);
	static const char *const now[] = { "If-Match: \"2\"", NULL };
	r = oh_event(BASE, clerk505.header, id, "withdrawal", "2026-04-11", NULL, now);
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	ck_assert_str_eq(oh_s(r->json, "status"), "withdrawn");
	t_free(r);
	free(id);
	/* If-Match: * and a list holding the current version (RFC 9110 §13.1.1) */
	id = offer(&clerk505, "GM0505", "2026-04-02", P_BIG);
	static const char *const star[] = { "If-Match: *", NULL };
	r = oh_event(BASE, clerk505.header, id, "decision", "2026-04-10", WILLING, star);
	ck_assert_msg(r->status == 201, "If-Match *: %ld %s", r->status, r->body);
	t_free(r);
	static const char *const list[] = { "If-Match: \"7\", \"2\"", NULL };
	r = oh_event(BASE, clerk505.header, id, "withdrawal", "2026-04-11", NULL, list);
	ck_assert_msg(r->status == 201, "If-Match list: %ld %s", r->status, r->body);
	t_free(r);
	free(id);
}
END_TEST

START_TEST(idempotency_key_replays_an_event_and_records_it_once)
{
	char *id = offer(&clerk505, "GM0505", "2026-04-02", P_BIG);
	static const char *const key[] = { "Idempotency-Key: offer-event-1", NULL };
	tresp *a = oh_event(BASE, clerk505.header, id, "decision", "2026-04-10", WILLING, key);
	ck_assert_msg(a->status == 201, "%ld %s", a->status, a->body);
	ck_assert_ptr_null(t_header(a, "Idempotent-Replayed"));
	oh_snapshot before;
	oh_snapshot_take(eh_db(), &before);
	tresp *b = oh_event(BASE, clerk505.header, id, "decision", "2026-04-10", WILLING, key);
	ck_assert_int_eq(b->status, 201);
	ck_assert_str_eq(b->body, a->body);
	ck_assert_str_eq(t_header(b, "Idempotent-Replayed"), "true");
	ck_assert_str_eq(t_header(b, "ETag"), t_header(a, "ETag"));
	ck_assert_str_eq(t_header(b, "Location"), t_header(a, "Location"));
	oh_assert_unchanged(eh_db(), &before);
	ck_assert_int_eq(oh_event_rows(eh_db(), id, "decision"), 1);
	/* the same key with another body: 422, nothing recorded */
	tresp *c = refused_event(&clerk505, id, "withdrawal", "2026-04-11", NULL, key, 422,
				 "idempotency-key-reused");
	t_free(c);
	ck_assert_int_eq(oh_event_rows(eh_db(), id, NULL), 1);
	t_free(b);
	t_free(a);
	free(id);
}
END_TEST

START_TEST(a_decision_recorded_after_a_lapse_supersedes_it_when_dated_in_time)
{
	/* received Mon 2 Mar 2026, deadline Mon 13 Apr; the job lapses it on 14 Apr */
	char *id = offer(&clerk505, "GM0505", "2026-03-02", P_BIG);
	insert_lapse(id, "GM0505", "2026-04-14", "2029-04-13");
	tresp *r = oh_get(BASE, clerk505.header, id);
	ck_assert_str_eq(oh_s(r->json, "status"), "lapsed");
	ck_assert_str_eq(date_of(r->json, "freeToSellUntil"), "2029-04-13");
	ck_assert_str_eq(oh_s(oh_ev(r->json, 0), "type"), "lapse");
	ck_assert_str_eq(oh_s(oh_ev(r->json, 0), "actor"), "system");
	t_free(r);
	/* only a decision is allowed, and only one dated on or before the deadline */
	r = refused_event(&clerk505, id, "withdrawal", "2026-04-20", NULL, NULL, 409,
			  "transition-not-allowed");
	ck_assert_str_eq(oh_param_reasons(r, "type"), "decision");
	t_free(r);
	t_free(refused_event(&clerk505, id, "decision", "2026-04-14", WILLING, NULL, 409,
			     "deadline-passed"));
	/* dated 10 April (before the lapse was recorded): accepted */
	r = oh_event(BASE, clerk505.header, id, "decision", "2026-04-10", NOT_WILLING, NULL);
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	ck_assert_str_eq(oh_s(r->json, "status"), "declined");
	ck_assert_str_eq(date_of(r->json, "freeToSellUntil"), "2029-04-10");
	ck_assert_int_eq(json_array_size(json_object_get(r->json, "events")), 2);
	ck_assert_str_eq(oh_s(oh_ev(r->json, 0), "type"), "lapse");
	ck_assert_str_eq(oh_s(oh_ev(r->json, 1), "type"), "decision");
	t_free(r);
	free(id);
}
END_TEST

START_TEST(event_bodies_breaking_a_rule_are_refused)
{
	char *id = offer(&clerk505, "GM0505", "2026-04-02", P_BIG);
	const char *path = oh_path(id, "/events");
	char p[160];
	snprintf(p, sizeof(p), "%s", path);
	static const struct { const char *body; long status; const char *code, *param, *pcode; }
	cases[] = {
		{ "{\"type\":\"decision\",\"on\":\"2026-04-10\"}", 422, "invalid-input",
		  "decision", "required" },
		{ "{\"type\":\"decision\",\"on\":\"2026-04-10\",\"decision\":\"maybe\"}", 422,
		  "invalid-input", "decision", "unknown-decision" },
		{ "{\"type\":\"sale\",\"on\":\"2026-04-10\"}", 422, "invalid-input", "type",
		  "unknown-event" },
		{ "{\"on\":\"2026-04-10\"}", 422, "invalid-input", "type", "required" },
		{ "{\"type\":\"withdrawal\"}", 422, "invalid-input", "on", "required" },
		{ "{\"type\":\"withdrawal\",\"on\":\"2026-02-30\"}", 422, "invalid-input", "on",
		  "invalid-date" },
		{ "{\"type\":\"withdrawal\",\"on\":\"2026-04-10\",\"reason\":\"x\"}", 422,
		  "invalid-input", "reason", "unknown-field" },
		{ "{\"type\":\"decision\",\"on\":\"2026-04-10\",\"decision\":\"willing\","
		  "\"price\":\"1.00\"}", 422, "invalid-input", "price", "unknown-field" },
		{ "{\"type\":\"decision\",\"on\":\"2026-04-10\"", 400, "malformed-json", NULL, NULL },
		{ "[]", 400, "malformed-json", NULL, NULL },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		tresp *r = refused(clerk505.header, "POST", p, cases[i].body, NULL, cases[i].status,
				   cases[i].code);
		if (cases[i].param)
			eh_assert_param(r, cases[i].param, cases[i].pcode);
		t_free(r);
	}
	/* agreement with a bad price (the offer must be negotiating first) */
	oh_event_ok(BASE, clerk505.header, id, "decision", "2026-04-10", WILLING, "negotiating");
	static const char *const prices[] = { "\"-1.00\"", "\"abc\"", "\"1.234\"", "\"1e5\"", "12" };
	for (size_t i = 0; i < 5; i++) {
		char b[128];
		snprintf(b, sizeof(b), "{\"type\":\"agreement\",\"on\":\"2026-04-20\",\"price\":%s}",
			 prices[i]);
		tresp *r = refused(clerk505.header, "POST", p, b, NULL, 422, "invalid-input");
		eh_assert_param(r, "price", NULL);
		t_free(r);
	}
	/* not JSON as content type */
	static const char *const text[] = { "Content-Type: text/plain", NULL };
	t_free(refused(clerk505.header, "POST", p,
		       "{\"type\":\"withdrawal\",\"on\":\"2026-04-20\"}", text, 415,
		       "unsupported-media-type"));
	free(id);
}
END_TEST

/* ============================ 4. concurrency ============================ */

typedef struct decide_job {
	pthread_barrier_t *barrier;
	const char *auth;
	const char *path;
	const char *body;
	const char *const *headers;
	tresp *resp;
} decide_job;

static void *decide_thread(void *arg)
{
	decide_job *j = arg;
	const char *h[4] = { j->auth, NULL, NULL, NULL };
	if (j->headers && j->headers[0])
		h[1] = j->headers[0];
	pthread_barrier_wait(j->barrier);
	j->resp = t_request(BASE, "POST", j->path, j->body, h);
	return NULL;
}

START_TEST(two_clerks_deciding_at_the_same_moment_exactly_one_wins)
{
	static const char willing[] =
		"{\"type\":\"decision\",\"on\":\"2026-04-10\",\"decision\":\"willing\"}";
	static const char not_willing[] =
		"{\"type\":\"decision\",\"on\":\"2026-04-10\",\"decision\":\"not-willing\"}";
	static const char *const if_match[] = { "If-Match: \"1\"", NULL };
	int wins[2] = { 0, 0 }, codes409 = 0, codes412 = 0;
	for (int round = 0; round < 20; round++) {
		char *id = offer(&clerk505, "GM0505", "2026-04-02", P_BIG);
		char path[160];
		snprintf(path, sizeof(path), "%s", oh_path(id, "/events"));
		pthread_barrier_t barrier;
		pthread_barrier_init(&barrier, NULL, 2);
		const char *const *h = round % 2 ? if_match : NULL;
		decide_job jobs[2] = {
			{ &barrier, clerk505.header, path, willing, h, NULL },
			{ &barrier, clerk505b.header, path, not_willing, h, NULL },
		};
		pthread_t t[2];
		for (int i = 0; i < 2; i++)
			ck_assert_int_eq(pthread_create(&t[i], NULL, decide_thread, &jobs[i]), 0);
		for (int i = 0; i < 2; i++)
			pthread_join(t[i], NULL);
		pthread_barrier_destroy(&barrier);
		long s0 = jobs[0].resp->status, s1 = jobs[1].resp->status;
		ck_assert_msg((s0 == 201) != (s1 == 201), "round %d: %ld %s / %ld %s", round, s0,
			      jobs[0].resp->body, s1, jobs[1].resp->body);
		int winner = s0 == 201 ? 0 : 1;
		tresp *loser = jobs[1 - winner].resp;
		ck_assert_msg(loser->status == 409 || loser->status == 412, "round %d: loser %ld %s",
			      round, loser->status, loser->body);
		ck_assert_str_eq(t_header(loser, "Content-Type"), "application/problem+json");
		if (loser->status == 409) {
			ck_assert_str_eq(t_str(loser->json, "code"), "transition-not-allowed");
			codes409++;
		} else {
			ck_assert_str_eq(t_str(loser->json, "code"), "stale-version");
			codes412++;
		}
		wins[winner]++;
		/* exactly one decision, and the state is the winner's */
		ck_assert_int_eq(oh_event_rows(eh_db(), id, "decision"), 1);
		ck_assert_int_eq(oh_event_rows(eh_db(), id, NULL), 1);
		ck_assert_int_eq(oh_audit_rows(eh_db(), id), 2);
		tresp *g = oh_get(BASE, clerk505.header, id);
		ck_assert_str_eq(oh_s(g->json, "status"), winner == 0 ? "negotiating" : "declined");
		ck_assert_int_eq(t_int(g->json, "version"), 2);
		ck_assert_str_eq(oh_s(oh_ev(g->json, 0), "actor"),
				 winner == 0 ? "Carl Clerk" : "Claire Clerk");
		t_free(g);
		t_free(jobs[0].resp);
		t_free(jobs[1].resp);
		free(id);
	}
	fprintf(stderr, "concurrent decisions: willing won %d, not-willing won %d; loser 409 %d, 412 %d\n",
		wins[0], wins[1], codes409, codes412);
}
END_TEST

typedef struct replay_job {
	pthread_barrier_t *barrier;
	const char *path;
	tresp *resp;
} replay_job;

static void *replay_thread(void *arg)
{
	replay_job *j = arg;
	const char *h[] = { clerk505.header, "Idempotency-Key: concurrent-event-1", NULL };
	pthread_barrier_wait(j->barrier);
	j->resp = t_request(BASE, "POST", j->path,
			    "{\"type\":\"decision\",\"on\":\"2026-04-10\",\"decision\":\"willing\"}", h);
	return NULL;
}

START_TEST(concurrent_replays_of_one_keyed_event_record_it_once)
{
	char *id = offer(&clerk505, "GM0505", "2026-04-02", P_BIG);
	char path[160];
	snprintf(path, sizeof(path), "%s", oh_path(id, "/events"));
	enum { N = 8 };
	pthread_barrier_t barrier;
	pthread_barrier_init(&barrier, NULL, N);
	replay_job jobs[N];
	pthread_t t[N];
	for (int i = 0; i < N; i++) {
		jobs[i] = (replay_job){ &barrier, path, NULL };
		ck_assert_int_eq(pthread_create(&t[i], NULL, replay_thread, &jobs[i]), 0);
	}
	for (int i = 0; i < N; i++)
		pthread_join(t[i], NULL);
	pthread_barrier_destroy(&barrier);
	int replayed = 0;
	for (int i = 0; i < N; i++) {
		ck_assert_msg(jobs[i].resp->status == 201, "%ld %s", jobs[i].resp->status,
			      jobs[i].resp->body);
		ck_assert_str_eq(jobs[i].resp->body, jobs[0].resp->body);
		replayed += t_header(jobs[i].resp, "Idempotent-Replayed") != NULL;
	}
	for (int i = 0; i < N; i++)
		t_free(jobs[i].resp);
	ck_assert_int_eq(replayed, N - 1);
	ck_assert_int_eq(oh_event_rows(eh_db(), id, NULL), 1);
	ck_assert_int_eq(oh_audit_rows(eh_db(), id), 2);
	free(id);
}
END_TEST

/* ============================ 5. lists ============================ */

/* The GM0363 offers of the list tests, made by the first of them. */
typedef struct list_fixture {
	char l1[40], l2[40], l3[40], l4[40], l5[40];
} list_fixture;

/* Made once per test process (the fixtures live in the database; the ids
 * are looked up again by their receipt date and designation). */
static void list_offers(list_fixture *f)
{
	long n = eh_pg_long(eh_db(), "SELECT count(*) FROM sale_notifications"
				  " WHERE municipality_code = 'GM0363'", NULL);
	if (n == 0) {
		/* L3 received Sat 10 Jan (deadline 23 Feb), decided willing */
		char *l3 = offer(&clerk363, "GM0363", "2026-01-10", P_LA);
		oh_event_ok(BASE, clerk363.header, l3, "decision", "2026-01-20", WILLING,
			    "negotiating");
		free(l3);
		free(exempt_offer(&clerk363, "GM0363", "2026-02-02", P_LA, "family"));  /* L4 */
		free(offer(&clerk363, "GM0363", "2026-02-02", P_LB)); /* L5: deadline 16 Mar */
		free(offer(&clerk363, "GM0363", "2026-03-02", P_LA)); /* L1: deadline 13 Apr */
		free(offer(&clerk363, "GM0363", "2026-04-02", P_LA)); /* L2: deadline 18 May (15 May equated) */
	}
	PGresult *r = PQexec(eh_db(), "SELECT id::text FROM sale_notifications"
				   " WHERE municipality_code = 'GM0363'"
				   " ORDER BY received_on, created_at, id");
	ck_assert_int_eq(PQntuples(r), 5);
	/* in list order: L3, L4, L5, L1, L2 */
	snprintf(f->l3, sizeof(f->l3), "%s", PQgetvalue(r, 0, 0));
	snprintf(f->l4, sizeof(f->l4), "%s", PQgetvalue(r, 1, 0));
	snprintf(f->l5, sizeof(f->l5), "%s", PQgetvalue(r, 2, 0));
	snprintf(f->l1, sizeof(f->l1), "%s", PQgetvalue(r, 3, 0));
	snprintf(f->l2, sizeof(f->l2), "%s", PQgetvalue(r, 4, 0));
	PQclear(r);
}

/* GET the list with query as auth; asserts 200, the ids in order and numberMatched. */
static tresp *assert_list(const char *auth, const char *query, long matched, const char *ids)
{
	char path[512];
	snprintf(path, sizeof(path), OFFERS "%s%s", *query ? "?" : "", query);
	tresp *r = oh_req(BASE, auth, "GET", path, NULL, NULL);
	ck_assert_msg(r->status == 200, "GET %s: %ld %s", path, r->status, r->body);
	ck_assert_msg(t_int(r->json, "numberMatched") == matched, "%s: numberMatched %lld, want %ld",
		      query, t_int(r->json, "numberMatched"), matched);
	ck_assert_msg(strcmp(eh_item_ids(r), ids) == 0, "%s:\n got  %s\n want %s", query,
		      eh_item_ids(r), ids);
	ck_assert_str_eq(t_header(r, "Content-Crs"),
			 strstr(query, "28992") ? RD_HEADER : CRS84_HEADER);
	return r;
}

static const char *join(const char *a, const char *b, const char *c, const char *d, const char *e)
{
	static char buf[512];
	buf[0] = '\0';
	const char *v[] = { a, b, c, d, e };
	for (int i = 0; i < 5; i++) {
		if (!v[i])
			break;
		size_t n = strlen(buf);
		snprintf(buf + n, sizeof(buf) - n, "%s%s", n ? "," : "", v[i]);
	}
	return buf;
}

START_TEST(list_filters_by_status_deadline_designation_and_municipality)
{
	list_fixture f;
	list_offers(&f);
	const char *A = reader363.header;
	t_free(assert_list(A, "", 5, join(f.l3, f.l4, f.l5, f.l1, f.l2)));
	t_free(assert_list(A, "status=received", 3, join(f.l5, f.l1, f.l2, NULL, NULL)));
	t_free(assert_list(A, "status=negotiating", 1, join(f.l3, NULL, NULL, NULL, NULL)));
	t_free(assert_list(A, "status=exempt", 1, join(f.l4, NULL, NULL, NULL, NULL)));
	t_free(assert_list(A, "status=purchased", 0, ""));
	/* deadlineBefore: an open deadline strictly before the day */
	t_free(assert_list(A, "deadlineBefore=2026-04-14", 2, join(f.l5, f.l1, NULL, NULL, NULL)));
	t_free(assert_list(A, "deadlineBefore=2026-04-13", 1, join(f.l5, NULL, NULL, NULL, NULL)));
	t_free(assert_list(A, "deadlineBefore=2026-03-16", 0, ""));
	t_free(assert_list(A, "deadlineBefore=2026-05-18", 2, join(f.l5, f.l1, NULL, NULL, NULL)));
	t_free(assert_list(A, "deadlineBefore=2026-05-19", 3, join(f.l5, f.l1, f.l2, NULL, NULL)));
	char q[256];
	snprintf(q, sizeof(q), "designationId=%s", LB);
	t_free(assert_list(A, q, 1, join(f.l5, NULL, NULL, NULL, NULL)));
	snprintf(q, sizeof(q), "designationId=%s", LA);
	t_free(assert_list(A, q, 4, join(f.l3, f.l4, f.l1, f.l2, NULL)));
	snprintf(q, sizeof(q), "designationId=%s&status=received", LA);
	t_free(assert_list(A, q, 2, join(f.l1, f.l2, NULL, NULL, NULL)));
	snprintf(q, sizeof(q), "designationId=%s", UNKNOWN_ID);
	t_free(assert_list(A, q, 0, ""));
	t_free(assert_list(A, "municipalityCode=GM0363", 5, join(f.l3, f.l4, f.l5, f.l1, f.l2)));
	/* another municipality's code: nothing, for a municipal token */
	t_free(assert_list(A, "municipalityCode=GM0505", 0, ""));
	/* a national token sees GM0363's when asking for it */
	t_free(assert_list(national, "municipalityCode=GM0363&status=received", 3,
			   join(f.l5, f.l1, f.l2, NULL, NULL)));
	/* RD answers */
	t_free(assert_list(A, "status=exempt&" EH_Q_RD, 1, join(f.l4, NULL, NULL, NULL, NULL)));
}
END_TEST

START_TEST(list_paging_follows_next_links_verbatim)
{
	list_fixture f;
	list_offers(&f);
	const char *A = reader363.header;
	tresp *r = assert_list(A, "limit=2", 5, join(f.l3, f.l4, NULL, NULL, NULL));
	ck_assert_ptr_null(eh_link(r, "prev"));
	const char *next = eh_link(r, "next");
	ck_assert_ptr_nonnull(next);
	ck_assert_msg(strncmp(next, BASE, strlen(BASE)) == 0, "next is not absolute: %s", next);
	const char *h[] = { A, NULL };
	tresp *p2 = t_request("", "GET", next, NULL, h);
	ck_assert_msg(p2->status == 200, "%s: %ld %s", next, p2->status, p2->body);
	ck_assert_str_eq(eh_item_ids(p2), join(f.l5, f.l1, NULL, NULL, NULL));
	/* a page asked by cursor is not counted again: no numberMatched */
	ck_assert_ptr_null(json_object_get(p2->json, "numberMatched"));
	/* reached by the cursor of the next link: no prev (keyset paging goes forward) */
	ck_assert_msg(strstr(next, "cursor=") && !strstr(next, "offset="), "next: %s", next);
	ck_assert_ptr_null(eh_link(p2, "prev"));
	tresp *p3 = t_request("", "GET", eh_link(p2, "next"), NULL, h);
	ck_assert_int_eq(p3->status, 200);
	ck_assert_str_eq(eh_item_ids(p3), f.l2);
	ck_assert_ptr_null(eh_link(p3, "next"));
	t_free(p3);
	t_free(p2);
	t_free(r);
	/* the next link keeps the filters */
	r = assert_list(A, "status=received&limit=2", 3, join(f.l5, f.l1, NULL, NULL, NULL));
	next = eh_link(r, "next");
	ck_assert_ptr_nonnull(next);
	ck_assert_msg(strstr(next, "status=received") != NULL, "filter lost: %s", next);
	p2 = t_request("", "GET", next, NULL, h);
	ck_assert_int_eq(p2->status, 200);
	ck_assert_str_eq(eh_item_ids(p2), f.l2);
	ck_assert_ptr_null(eh_link(p2, "next"));
	t_free(p2);
	t_free(r);
	/* past the end: an empty page that still counts every match */
	t_free(assert_list(A, "offset=10", 5, ""));
	t_free(assert_list(A, "limit=1000&offset=4", 5, f.l2));
}
END_TEST

START_TEST(list_bad_query_values_are_400)
{
	static const struct { const char *q, *param; } bad[] = {
		{ "status=bogus", "status" },
		{ "status=Received", "status" },
		{ "designationId=not-a-uuid", "designationId" },
		{ "municipalityCode=GM12", "municipalityCode" },
		{ "municipalityCode=0505", "municipalityCode" },
		{ "deadlineBefore=2026-02-30", "deadlineBefore" },
		{ "deadlineBefore=tomorrow", "deadlineBefore" },
		{ "limit=0", "limit" },
		{ "limit=1001", "limit" },
		{ "limit=x", "limit" },
		{ "offset=-1", "offset" },
		{ "crs=EPSG:4326", "crs" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char path[256];
		snprintf(path, sizeof(path), OFFERS "?%s", bad[i].q);
		tresp *r = oh_req(BASE, reader363.header, "GET", path, NULL, NULL);
		eh_assert_problem(r, 400, "invalid-query-parameter", path);
		eh_assert_param(r, bad[i].param, NULL);
		t_free(r);
	}
}
END_TEST

/* ============================ 6. /deadlines ============================ */

typedef struct dl_item {
	const char *kind;
	char date[16];
	char offer[40];       /* "" for designation-end */
	char designation[40];
	const char *name;
} dl_item;

static int kind_rank(const char *k)
{
	return !strcmp(k, "response") ? 1 : !strcmp(k, "court-filing") ? 2 : 3;
}

static int dl_cmp(const void *a, const void *b)
{
	const dl_item *x = a, *y = b;
	int c = strcmp(x->date, y->date);
	if (c)
		return c;
	if (kind_rank(x->kind) != kind_rank(y->kind))
		return kind_rank(x->kind) - kind_rank(y->kind);
	return strcmp(x->offer[0] ? x->offer : x->designation, y->offer[0] ? y->offer : y->designation);
}

/* GET /deadlines[?within=N] as GM0344's reader equals want (sorted here). */
static void assert_deadlines(const char *query, dl_item *want, size_t n, long within)
{
	qsort(want, n, sizeof(*want), dl_cmp);
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/deadlines%s", query);
	tresp *r = oh_req(BASE, reader344.header, "GET", path, NULL, NULL);
	ck_assert_msg(r->status == 200, "%s: %ld %s", path, r->status, r->body);
	json_t *items = json_object_get(r->json, "items");
	ck_assert_msg(json_array_size(items) == n, "%s: %zu items, want %zu: %s", path,
		      json_array_size(items), n, r->body);
	ck_assert_int_eq(t_int(r->json, "within"), within);
	ck_assert_str_eq(oh_s(r->json, "today"), eh_today_plus(0));
	for (size_t i = 0; i < n; i++) {
		json_t *it = json_array_get(items, i);
		ck_assert_msg(strcmp(oh_s(it, "kind"), want[i].kind) == 0 &&
				      strcmp(oh_s(it, "date"), want[i].date) == 0,
			      "%s item %zu: %s %s, want %s %s", path, i, oh_s(it, "kind"),
			      oh_s(it, "date"), want[i].kind, want[i].date);
		ck_assert_int_eq(t_int(it, "daysLeft"), days_between(eh_today_plus(0), want[i].date));
		if (want[i].offer[0])
			ck_assert_str_eq(oh_s(it, "saleNotificationId"), want[i].offer);
		else
			ck_assert(json_is_null(json_object_get(it, "saleNotificationId")));
		ck_assert_str_eq(oh_s(it, "designationId"), want[i].designation);
		ck_assert_str_eq(oh_s(it, "designationName"), want[i].name);
		ck_assert_str_eq(oh_s(it, "municipalityCode"), "GM0344");
		if (i > 0)
			ck_assert_msg(strcmp(oh_s(json_array_get(items, i - 1), "date"),
					     oh_s(it, "date")) <= 0, "not soonest first");
	}
	t_free(r);
}

static void item(dl_item *it, const char *kind, const char *date, const char *offer_id,
		 const char *designation, const char *name)
{
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	snprintf(it->date, sizeof(it->date), "%s", date);
	snprintf(it->offer, sizeof(it->offer), "%s", offer_id ? offer_id : "");
	snprintf(it->designation, sizeof(it->designation), "%s", designation);
	it->name = name;
}

/* An offer of GM0344 received `ago` days ago; returns its id and deadline. */
static char *dl_offer(int ago, char deadline[16])
{
	char *b = offer_body("GM0344", eh_today_plus(-ago), P_D1);
	tresp *r = oh_create(BASE, clerk344.header, b);
	char *id = strdup(t_str(r->json, "id"));
	snprintf(deadline, 16, "%s", date_of(r->json, "responseDeadline"));
	/* six weeks on, moved past at most a few days that are not working days */
	long d = days_between(eh_today_plus(-ago), deadline);
	ck_assert_msg(d >= 42 && d <= 46, "deadline %s for receipt %s", deadline,
		      eh_today_plus(-ago));
	t_free(r);
	free(b);
	return id;
}

START_TEST(deadlines_lists_open_offer_deadlines_and_designation_ends_soonest_first)
{
	char d_r1[16], d_r2[16], d_r3[16], d_r4[16], d_c1[16], f_c1[16];
	char *r1 = dl_offer(40, d_r1);   /* due in 2 to 6 days */
	char *r2 = dl_offer(60, d_r2);   /* overdue: 18 to 14 days ago, not yet lapsed */
	char *r3 = dl_offer(10, d_r3);   /* due in 32 to 36 days */
	char *r4 = dl_offer(40, d_r4);   /* declined: no open deadline */
	oh_event_ok(BASE, clerk344.header, r4, "decision", eh_today_plus(-30), NOT_WILLING,
		    "declined");
	char *r5 = exempt_offer(&clerk344, "GM0344", eh_today_plus(-40), P_D1, "forced-sale");
	char *c1 = dl_offer(30, d_c1);   /* court requested 15 days ago: filing in 13 to 17 days */
	oh_event_ok(BASE, clerk344.header, c1, "decision", eh_today_plus(-20), WILLING,
		    "negotiating");
	tresp *r = oh_event(BASE, clerk344.header, c1, "court-requested", eh_today_plus(-15), NULL,
			    NULL);
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	snprintf(f_c1, sizeof(f_c1), "%s", date_of(r->json, "courtFilingDeadline"));
	long fd = days_between(eh_today_plus(0), f_c1);
	ck_assert_msg(fd >= 13 && fd <= 17, "filing deadline %s", f_c1);
	t_free(r);
	/* another municipality's open offer, due soon: never in GM0344's list */
	char *x = offer(&clerk599, "GM0599", eh_today_plus(-40), P_OTHER);

	dl_item want[8];
	size_t n = 0;
	item(&want[n++], "response", d_r1, r1, D1, "Deadline D1");
	item(&want[n++], "response", d_r2, r2, D1, "Deadline D1");
	item(&want[n++], "designation-end", eh_today_plus(100), NULL, D1, "Deadline D1");
	item(&want[n++], "designation-end", eh_today_plus(180), NULL, D4, "Deadline D4");
	assert_deadlines("?within=10", want, n, 10);
	assert_deadlines("", want, n, 10); /* the default is 10 */
	item(&want[n++], "court-filing", f_c1, c1, D1, "Deadline D1");
	assert_deadlines("?within=20", want, n, 20);
	item(&want[n++], "response", d_r3, r3, D1, "Deadline D1");
	assert_deadlines("?within=40", want, n, 40);
	/* within=0: only what is due today or overdue */
	n = 0;
	item(&want[n++], "response", d_r2, r2, D1, "Deadline D1");
	item(&want[n++], "designation-end", eh_today_plus(100), NULL, D1, "Deadline D1");
	item(&want[n++], "designation-end", eh_today_plus(180), NULL, D4, "Deadline D4");
	assert_deadlines("?within=0", want, n, 0);
	/* the list's deadlineBefore reads the open deadline of each state: the
	 * filing deadline of a court request, the response deadline otherwise */
	char q[160];
	snprintf(q, sizeof(q), OFFERS "?deadlineBefore=%s", eh_today_plus(20));
	tresp *lr = oh_req(BASE, reader344.header, "GET", q, NULL, NULL);
	ck_assert_int_eq(lr->status, 200);
	ck_assert_str_eq(eh_item_ids(lr), join(r2, r1, c1, NULL, NULL));
	t_free(lr);
	snprintf(q, sizeof(q), OFFERS "?deadlineBefore=%s", f_c1);
	lr = oh_req(BASE, reader344.header, "GET", q, NULL, NULL);
	ck_assert_int_eq(lr->status, 200);
	ck_assert_str_eq(eh_item_ids(lr), join(r2, r1, NULL, NULL, NULL));
	t_free(lr);
	/* with a status: that status's deadline only (each is its own
	 * statement, offers.c list_sql), a closed one matching nothing */
	const char *with_status[] = { "received", "court-requested", "negotiating" };
	char want_received[160];
	snprintf(want_received, sizeof(want_received), "%s", join(r2, r1, NULL, NULL, NULL));
	const char *want_ids[] = { want_received, c1, "" };
	for (int i = 0; i < 3; i++) {
		snprintf(q, sizeof(q), OFFERS "?deadlineBefore=%s&status=%s", eh_today_plus(20),
			 with_status[i]);
		lr = oh_req(BASE, reader344.header, "GET", q, NULL, NULL);
		ck_assert_int_eq(lr->status, 200);
		ck_assert_str_eq(eh_item_ids(lr), want_ids[i]);
		ck_assert_int_eq(json_integer_value(json_object_get(lr->json, "numberMatched")),
				 i == 0 ? 2 : i == 1 ? 1 : 0);
		t_free(lr);
	}
	/* a national token sees GM0344's items among everyone's */
	tresp *nr = oh_req(BASE, national, "GET", "/api/v1/deadlines?within=40", NULL, NULL);
	ck_assert_int_eq(nr->status, 200);
	ck_assert_msg(strstr(nr->body, r3) && strstr(nr->body, x), "national list incomplete");
	t_free(nr);
	free(x);
	free(c1);
	free(r5);
	free(r4);
	free(r3);
	free(r2);
	free(r1);
}
END_TEST

START_TEST(deadlines_within_that_is_not_a_whole_number_of_days_is_400)
{
	static const char *const bad[] = { "-1", "abc", "1.5", "3661", "", "10days", "1e3" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char path[96];
		snprintf(path, sizeof(path), "/api/v1/deadlines?within=%s", bad[i]);
		tresp *r = oh_req(BASE, reader344.header, "GET", path, NULL, NULL);
		eh_assert_problem(r, 400, "invalid-query-parameter", path);
		eh_assert_param(r, "within", NULL);
		t_free(r);
	}
	tresp *r = oh_req(BASE, reader344.header, "GET", "/api/v1/deadlines?within=3660", NULL,
			  NULL);
	ck_assert_int_eq(r->status, 200);
	t_free(r);
	/* a token is needed */
	r = t_request(BASE, "GET", "/api/v1/deadlines", NULL, NULL);
	ck_assert_int_eq(r->status, 401);
	t_free(r);
}
END_TEST

/* ============================ 7. /deadline-calculator ============================ */

static tresp *calc(const char *query)
{
	char path[256];
	snprintf(path, sizeof(path), "/api/v1/deadline-calculator?%s", query);
	return t_request(BASE, "GET", path, NULL, NULL); /* public: no token */
}

static void calc_is(const char *term, const char *from, const char *raw, const char *deadline,
		    const char *moved)
{
	char q[128];
	snprintf(q, sizeof(q), "term=%s&from=%s", term, from);
	tresp *r = calc(q);
	ck_assert_msg(r->status == 200, "%s: %ld %s", q, r->status, r->body);
	ck_assert_str_eq(t_header(r, "Content-Type"), "application/json");
	ck_assert_str_eq(t_header(r, "API-Version"), WVLV_API_VERSION);
	assert_explained(r->json, term, from, raw, deadline, moved);
	t_free(r);
}

START_TEST(calculator_answers_without_a_token_per_the_law)
{
	/* the worked example of docs/law.md §3.7, with the shipped decree day 15 May 2026 */
	calc_is("response", "2026-04-02", "2026-05-14", "2026-05-18",
		"2026-05-14=Hemelvaartsdag;2026-05-15=gelijkgestelde dag (" DECREE_2026 ");"
			 "2026-05-16=Saturday;2026-05-17=Sunday");
	/* Fri 20 Nov 2026 + 6 weeks = Fri 1 Jan 2027, Nieuwjaarsdag → Mon 4 Jan */
	calc_is("response", "2026-11-20", "2027-01-01", "2027-01-04",
		"2027-01-01=Nieuwjaarsdag;2027-01-02=Saturday;2027-01-03=Sunday");
	/* the court-filing term: Tue 7 Apr 2026 + 4 weeks = 5 May → Wed 6 May */
	calc_is("court-filing", "2026-04-07", "2026-05-05", "2026-05-06", "2026-05-05=Bevrijdingsdag");
	/* Fri 27 Nov 2026 + 4 weeks = Fri 25 Dec; 26 Dec (a Saturday, named as the
	 * holiday it is), Sun 27 → Mon 28 Dec */
	calc_is("court-filing", "2026-11-27", "2026-12-25", "2026-12-28",
		"2026-12-25=Eerste Kerstdag;2026-12-26=Tweede Kerstdag;2026-12-27=Sunday");
	calc_is("court-filing", "2026-04-02", "2026-04-30", "2026-04-30", "");
	/* the free period: 3 years, never extended (Atw art. 4) */
	calc_is("free-period", "2028-02-29", "2031-02-28", "2031-02-28", "");
	calc_is("free-period", "2026-05-11", "2029-05-11", "2029-05-11", "");
	calc_is("free-period", "2024-02-29", "2027-02-28", "2027-02-28", "");   /* a Sunday */
	calc_is("free-period", "2026-05-12", "2029-05-12", "2029-05-12", "");   /* a Saturday */
	calc_is("free-period", "2026-12-25", "2029-12-25", "2029-12-25", "");   /* Christmas */
	/* the ends of the supported years */
	calc_is("response", "1900-01-01", "1900-02-12", "1900-02-12", "");
	calc_is("free-period", "2199-12-31", "2202-12-31", "2202-12-31", "");
}
END_TEST

START_TEST(calculator_refuses_a_missing_or_unknown_term_and_a_bad_date)
{
	static const struct { const char *q, *code, *param, *pcode; } bad[] = {
		{ "from=2026-04-02", "invalid-query-parameter", "term", "required" },
		{ "term=&from=2026-04-02", "invalid-query-parameter", "term", NULL },
		{ "term=weeks&from=2026-04-02", "invalid-query-parameter", "term", "unknown-term" },
		{ "term=Response&from=2026-04-02", "invalid-query-parameter", "term", NULL },
		{ "term=response", "invalid-query-parameter", "from", "required" },
		{ "term=response&from=2026-02-30", "invalid-query-parameter", "from", NULL },
		{ "term=response&from=2026-4-2", "invalid-query-parameter", "from", NULL },
		{ "term=response&from=02-04-2026", "invalid-query-parameter", "from", NULL },
		{ "term=response&from=1899-12-31", NULL, "from", NULL },
		{ "term=free-period&from=2200-01-01", NULL, "from", NULL },
		{ "term=court-filing&from=0001-01-01", NULL, "from", NULL },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		tresp *r = calc(bad[i].q);
		ck_assert_msg(r->status == 400, "%s: %ld %s", bad[i].q, r->status, r->body);
		char path[256];
		snprintf(path, sizeof(path), "/api/v1/deadline-calculator?%s", bad[i].q);
		const char *code = bad[i].code ? bad[i].code : t_str(r->json, "code");
		eh_assert_problem(r, 400, code ? code : "(no code)", path);
		eh_assert_param(r, bad[i].param, bad[i].pcode);
		t_free(r);
	}
}
END_TEST

/* ============================ 8. equated holidays ============================ */

START_TEST(an_equated_day_moves_open_deadlines_and_removing_it_never_moves_them_back)
{
	/* Fri 2 May 2025 + 6 weeks = Fri 13 Jun 2025, a working day */
	char *e1 = offer(&clerk200, "GM0200", "2025-05-02", P_EQ);
	/* court request Fri 16 May 2025 + 4 weeks = Fri 13 Jun */
	char *e2 = offer(&clerk200, "GM0200", "2025-05-01", P_EQ);
	oh_event_ok(BASE, clerk200.header, e2, "decision", "2025-05-09", WILLING, "negotiating");
	tresp *r = oh_event(BASE, clerk200.header, e2, "court-requested", "2025-05-16", NULL, NULL);
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	ck_assert_str_eq(date_of(r->json, "courtFilingDeadline"), "2025-06-13");
	t_free(r);
	/* another municipality's offer with the same deadline */
	char *e3 = offer(&clerk599, "GM0599", "2025-05-02", P_OTHER);
	/* not open: declined; exempt */
	char *e4 = offer(&clerk200, "GM0200", "2025-05-02", P_EQ);
	oh_event_ok(BASE, clerk200.header, e4, "decision", "2025-05-20", NOT_WILLING, "declined");
	char *e6 = exempt_offer(&clerk200, "GM0200", "2025-05-02", P_EQ, "public-body");
	/* Mon 5 May + 6 weeks = Mon 16 Jun: not affected */
	char *e5 = offer(&clerk200, "GM0200", "2025-05-05", P_EQ);
	r = oh_get(BASE, clerk200.header, e1);
	ck_assert_str_eq(date_of(r->json, "responseDeadline"), "2025-06-13");
	t_free(r);

	oh_snapshot before;
	oh_snapshot_take(eh_db(), &before);
	tresp *a = oh_req(BASE, natadmin, "POST", "/api/v1/equated-holidays",
			  "{\"date\":\"2025-06-13\",\"reference\":\"Stcrt. 2025, 4711\"}", NULL);
	ck_assert_msg(a->status == 201, "%ld %s", a->status, a->body);
	ck_assert_str_eq(oh_s(a->json, "date"), "2025-06-13");
	ck_assert_str_eq(oh_s(a->json, "reference"), "Stcrt. 2025, 4711");
	ck_assert_int_eq(t_int(a->json, "deadlinesMoved"), 3);
	t_free(a);
	oh_snapshot after;
	oh_snapshot_take(eh_db(), &after);
	ck_assert_int_eq(after.equated, before.equated + 1);
	ck_assert_int_eq(after.events, before.events + 3);
	ck_assert_int_eq(after.version_sum, before.version_sum + 3);
	ck_assert_int_eq(after.offers, before.offers);

	/* e1: moved past the equated Friday and the weekend to Mon 16 Jun */
	r = oh_get(BASE, clerk200.header, e1);
	ck_assert_str_eq(date_of(r->json, "responseDeadline"), "2025-06-16");
	assert_explained(json_object_get(r->json, "responseDeadlineExplained"), "response",
			 "2025-05-02", "2025-06-13", "2025-06-16",
			 "2025-06-13=gelijkgestelde dag (Stcrt. 2025, 4711);2025-06-14=Saturday;"
			 "2025-06-15=Sunday");
	ck_assert_int_eq(json_array_size(json_object_get(r->json, "events")), 1);
	json_t *ev = oh_ev(r->json, 0);
	ck_assert_str_eq(oh_s(ev, "type"), "deadline-moved");
	/* by the national admin, naming the day and the decree */
	ck_assert_str_eq(oh_s(ev, "actor"), "e2e national");
	ck_assert_str_eq(oh_s(ev, "on"), eh_today_plus(0));
	ck_assert_str_eq(oh_s(ev, "deadline"), "2025-06-16");
	ck_assert_str_eq(oh_s(ev, "equatedDay"), "2025-06-13");
	ck_assert_str_eq(oh_s(ev, "reference"), "Stcrt. 2025, 4711");
	ck_assert_msg(rfc3339_utc(t_str(ev, "recordedAt")), "recordedAt");
	ck_assert_str_eq(oh_s(r->json, "status"), "received");
	ck_assert_int_eq(t_int(r->json, "version"), 2);
	t_free(r);
	ck_assert_int_eq(oh_audit_rows(eh_db(), e1), 2);
	/* e2: the filing deadline */
	r = oh_get(BASE, clerk200.header, e2);
	ck_assert_str_eq(date_of(r->json, "courtFilingDeadline"), "2025-06-16");
	ck_assert_str_eq(oh_s(r->json, "status"), "court-requested");
	ck_assert_int_eq(json_array_size(json_object_get(r->json, "events")), 3);
	ck_assert_str_eq(oh_s(oh_ev(r->json, 2), "type"), "deadline-moved");
	ck_assert_str_eq(oh_s(oh_ev(r->json, 2), "actor"), "e2e national");
	ck_assert_str_eq(oh_s(oh_ev(r->json, 2), "deadline"), "2025-06-16");
	t_free(r);
	/* e3, in GM0599 */
	r = oh_get(BASE, clerk599.header, e3);
	ck_assert_str_eq(date_of(r->json, "responseDeadline"), "2025-06-16");
	ck_assert_str_eq(oh_s(oh_ev(r->json, 0), "type"), "deadline-moved");
	t_free(r);
	/* untouched */
	ck_assert_int_eq(oh_event_rows(eh_db(), e4, NULL), 1);
	ck_assert_int_eq(oh_event_rows(eh_db(), e5, NULL), 0);
	ck_assert_int_eq(oh_event_rows(eh_db(), e6, NULL), 0);
	r = oh_get(BASE, clerk200.header, e5);
	ck_assert_str_eq(date_of(r->json, "responseDeadline"), "2025-06-16");
	t_free(r);
	/* the list and the calculator know the day */
	r = oh_req(BASE, reader200.header, "GET", "/api/v1/equated-holidays", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert_msg(strstr(r->body, "{\"date\":\"2025-06-13\",\"reference\":\"Stcrt. 2025, 4711\"}"),
		      "%s", r->body);
	t_free(r);
	calc_is("response", "2025-05-02", "2025-06-13", "2025-06-16",
		"2025-06-13=gelijkgestelde dag (Stcrt. 2025, 4711);2025-06-14=Saturday;"
		"2025-06-15=Sunday");
	/* a new offer gets the later deadline at once */
	char *e7 = offer(&clerk200, "GM0200", "2025-05-02", P_EQ);
	r = oh_get(BASE, clerk200.header, e7);
	ck_assert_str_eq(date_of(r->json, "responseDeadline"), "2025-06-16");
	t_free(r);

	/* DELETE: 204; no deadline moves back, no event is added */
	oh_snapshot_take(eh_db(), &before);
	tresp *d = oh_req(BASE, natadmin, "DELETE", "/api/v1/equated-holidays/2025-06-13", NULL,
			  NULL);
	ck_assert_msg(d->status == 204, "%ld %s", d->status, d->body);
	ck_assert_int_eq(d->len, 0);
	t_free(d);
	oh_snapshot_take(eh_db(), &after);
	ck_assert_int_eq(after.equated, before.equated - 1);
	ck_assert_int_eq(after.events, before.events);
	ck_assert_int_eq(after.version_sum, before.version_sum);
	ck_assert_str_eq(after.digest, before.digest);
	const char *ids[] = { e1, e3, e7 };
	const tkey *ks[] = { &clerk200, &clerk599, &clerk200 };
	for (int i = 0; i < 3; i++) {
		r = oh_get(BASE, ks[i]->header, ids[i]);
		ck_assert_str_eq(date_of(r->json, "responseDeadline"), "2025-06-16");
		json_t *x = json_object_get(r->json, "responseDeadlineExplained");
		ck_assert_str_eq(oh_s(x, "deadline"), "2025-06-16");
		ck_assert_str_eq(oh_s(x, "rawEnd"), "2025-06-13");
		t_free(r);
	}
	r = oh_get(BASE, clerk200.header, e2);
	ck_assert_str_eq(date_of(r->json, "courtFilingDeadline"), "2025-06-16");
	t_free(r);
	calc_is("response", "2025-05-02", "2025-06-13", "2025-06-13", "");
	r = oh_req(BASE, reader200.header, "GET", "/api/v1/equated-holidays", NULL, NULL);
	ck_assert_msg(strstr(r->body, "2025-06-13") == NULL, "%s", r->body);
	t_free(r);
	/* the moved deadlines hold: a decision on Mon 16 Jun is in time, one on
	 * Tue 17 Jun too late; a filing on 16 Jun is in time */
	r = oh_event(BASE, clerk200.header, e1, "decision", "2025-06-16", NOT_WILLING, NULL);
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	ck_assert_str_eq(date_of(r->json, "freeToSellUntil"), "2028-06-16");
	t_free(r);
	t_free(refused_event(&clerk599, e3, "decision", "2025-06-17", WILLING, NULL, 409,
			     "deadline-passed"));
	oh_event_ok(BASE, clerk200.header, e2, "court-filed", "2025-06-16", NULL, "in-court");
	free(e7);
	free(e6);
	free(e5);
	free(e4);
	free(e3);
	free(e2);
	free(e1);
}
END_TEST

START_TEST(creating_an_equated_day_answers_201_with_its_location)
{
	tresp *r = oh_req(BASE, natadmin, "POST", "/api/v1/equated-holidays",
			  "{\"date\":\"2150-06-12\",\"reference\":\"Stcrt. 2149, 2\"}", NULL);
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	ck_assert_str_eq(t_header(r, "Content-Type"), "application/json");
	ck_assert_str_eq(oh_s(r->json, "date"), "2150-06-12");
	char loc[160];
	snprintf(loc, sizeof(loc), "%s/api/v1/equated-holidays/2150-06-12", BASE);
	const char *got = t_header(r, "Location");
	t_free(oh_req(BASE, natadmin, "DELETE", "/api/v1/equated-holidays/2150-06-12", NULL, NULL));
	ck_assert_str_eq(got ? got : "(none)", loc);
	t_free(r);
}
END_TEST

START_TEST(equated_days_are_admin_only_and_unique)
{
	static const char body[] = "{\"date\":\"2150-05-15\",\"reference\":\"Stcrt. 2149, 1\"}";
	/* national data: no token of a municipality, whatever its role; no national reader */
	t_free(refused(reader200.header, "POST", "/api/v1/equated-holidays", body, NULL, 403,
		       "national-data"));
	t_free(refused(clerk200.header, "POST", "/api/v1/equated-holidays", body, NULL, 403,
		       "national-data"));
	t_free(refused(admin200, "POST", "/api/v1/equated-holidays", body, NULL, 403,
		       "national-data"));
	t_free(refused(national, "POST", "/api/v1/equated-holidays", body, NULL, 403,
		       "insufficient-role"));
	tresp *r = oh_req(BASE, natadmin, "POST", "/api/v1/equated-holidays", body, NULL);
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	ck_assert_int_eq(t_int(r->json, "deadlinesMoved"), 0);
	t_free(r);
	/* the same day again: 409, nothing changes */
	t_free(refused(natadmin, "POST", "/api/v1/equated-holidays",
		       "{\"date\":\"2150-05-15\",\"reference\":\"another\"}", NULL, 409,
		       "already-equated"));
	/* readers list it */
	r = oh_req(BASE, reader200.header, "GET", "/api/v1/equated-holidays", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert_msg(strstr(r->body, "{\"date\":\"2150-05-15\",\"reference\":\"Stcrt. 2149, 1\"}"),
		      "%s", r->body);
	t_free(r);
	/* bad bodies */
	t_free(refused(natadmin, "POST", "/api/v1/equated-holidays", "{\"date\":\"2150-02-30\","
		       "\"reference\":\"x\"}", NULL, 422, "invalid-input"));
	t_free(refused(natadmin, "POST", "/api/v1/equated-holidays", "{\"date\":\"2150-05-16\"}",
		       NULL, 422, "invalid-input"));
	t_free(refused(natadmin, "POST", "/api/v1/equated-holidays",
		       "{\"date\":\"2150-05-16\",\"reference\":\"x\",\"x\":1}", NULL, 422,
		       "invalid-input"));
	/* outside the years of the holiday calendar */
	t_free(refused(natadmin, "POST", "/api/v1/equated-holidays",
		       "{\"date\":\"1899-12-31\",\"reference\":\"x\"}", NULL, 422,
		       "invalid-input"));
	t_free(refused(natadmin, "POST", "/api/v1/equated-holidays",
		       "{\"date\":\"2200-01-01\",\"reference\":\"x\"}", NULL, 422,
		       "invalid-input"));
	/* DELETE: readers may not; unknown date 404; bad date 400 */
	t_free(refused(reader200.header, "DELETE", "/api/v1/equated-holidays/2150-05-15", NULL,
		       NULL, 403, "national-data"));
	t_free(refused(admin200, "DELETE", "/api/v1/equated-holidays/2150-05-15", NULL, NULL, 403,
		       "national-data"));
	t_free(refused(national, "DELETE", "/api/v1/equated-holidays/2150-05-15", NULL, NULL, 403,
		       "insufficient-role"));
	r = oh_req(BASE, natadmin, "DELETE", "/api/v1/equated-holidays/2150-05-15", NULL, NULL);
	ck_assert_int_eq(r->status, 204);
	t_free(r);
	t_free(refused(natadmin, "DELETE", "/api/v1/equated-holidays/2150-05-15", NULL, NULL, 404,
		       "not-found"));
	t_free(refused(natadmin, "DELETE", "/api/v1/equated-holidays/2150-13-01", NULL, NULL, 400,
		       "invalid-path-parameter"));
}
END_TEST

/* ============================ 9. statistics ============================ */

static tresp *stats(const tkey *k, const char *id)
{
	char path[160];
	snprintf(path, sizeof(path), "/api/v1/designations/%s/statistics", id);
	return oh_req(BASE, k->header, "GET", path, NULL, NULL);
}

static void assert_counts(json_t *o, long received, long decided, long lapsed, long purchased,
			  long exempt, double median)
{
	ck_assert_msg(o != NULL, "no counters");
	ck_assert_int_eq(t_int(o, "received"), received);
	ck_assert_int_eq(t_int(o, "decidedInTime"), decided);
	ck_assert_int_eq(t_int(o, "lapsed"), lapsed);
	ck_assert_int_eq(t_int(o, "purchased"), purchased);
	ck_assert_int_eq(t_int(o, "exempt"), exempt);
	json_t *m = json_object_get(o, "medianDaysToDecision");
	if (median < 0) {
		ck_assert_msg(json_is_null(m), "median should be null");
	} else {
		ck_assert_msg(json_is_number(m), "median missing");
		ck_assert_msg(fabs(json_number_value(m) - median) < 1e-9, "median %g, want %g",
			      json_number_value(m), median);
	}
}

START_TEST(statistics_count_per_year_of_receipt)
{
	/* 2024 */
	char *o1 = offer(&clerk014, "GM0014", "2024-03-01", P_ST); /* decided after 10 days */
	oh_event_ok(BASE, clerk014.header, o1, "decision", "2024-03-11", WILLING, "negotiating");
	oh_event_ok(BASE, clerk014.header, o1, "agreement", "2024-04-01", NULL, "purchased");
	char *o2 = offer(&clerk014, "GM0014", "2024-05-01", P_ST); /* 15 days */
	oh_event_ok(BASE, clerk014.header, o2, "decision", "2024-05-16", NOT_WILLING, "declined");
	char *o3 = exempt_offer(&clerk014, "GM0014", "2024-06-01", P_ST, "family");
	/* Mon 1 Jul 2024 → deadline Mon 12 Aug; lapsed the day after */
	char *o4 = offer(&clerk014, "GM0014", "2024-07-01", P_ST);
	insert_lapse(o4, "GM0014", "2024-08-13", "2027-08-12");
	/* 2025 */
	char *o5 = offer(&clerk014, "GM0014", "2025-02-03", P_ST); /* 7 days */
	oh_event_ok(BASE, clerk014.header, o5, "decision", "2025-02-10", WILLING, "negotiating");
	oh_event_ok(BASE, clerk014.header, o5, "court-requested", "2025-02-20", NULL,
		    "court-requested");
	oh_event_ok(BASE, clerk014.header, o5, "court-filed", "2025-03-01", NULL, "in-court");
	oh_event_ok(BASE, clerk014.header, o5, "agreement", "2025-04-01", NULL, "purchased");
	char *o6 = offer(&clerk014, "GM0014", "2025-03-03", P_ST); /* 21 days */
	oh_event_ok(BASE, clerk014.header, o6, "decision", "2025-03-24", NOT_WILLING, "declined");
	char *o7 = offer(&clerk014, "GM0014", "2025-03-10", P_ST); /* 4 days, then withdrawn */
	oh_event_ok(BASE, clerk014.header, o7, "decision", "2025-03-14", WILLING, "negotiating");
	oh_event_ok(BASE, clerk014.header, o7, "withdrawal", "2025-03-20", NULL, "withdrawn");

	tresp *r = stats(&reader014, ST);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	ck_assert_str_eq(oh_s(r->json, "designationId"), ST);
	json_t *years = json_object_get(r->json, "years");
	ck_assert_int_eq(json_array_size(years), 2);
	json_t *y24 = json_array_get(years, 0), *y25 = json_array_get(years, 1);
	ck_assert_int_eq(t_int(y24, "year"), 2024);
	ck_assert_int_eq(t_int(y25, "year"), 2025);
	/* 2024: four received (the exempt one included); decided after 10 and 15
	 * days: the median of an even count is their mean, 12.5 */
	assert_counts(y24, 4, 2, 1, 1, 1, 12.5);
	/* 2025: 7, 21 and 4 days → 7 */
	assert_counts(y25, 3, 3, 0, 1, 0, 7.0);
	/* total: 4, 7, 10, 15, 21 → 10 */
	assert_counts(json_object_get(r->json, "total"), 7, 5, 1, 2, 1, 10.0);
	t_free(r);

	/* a designation without offers: no years, zeros and no median */
	r = stats(&reader014, ST_EMPTY);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	ck_assert_int_eq(json_array_size(json_object_get(r->json, "years")), 0);
	assert_counts(json_object_get(r->json, "total"), 0, 0, 0, 0, 0, -1);
	t_free(r);
	free(o7);
	free(o6);
	free(o5);
	free(o4);
	free(o3);
	free(o2);
	free(o1);
}
END_TEST

START_TEST(statistics_of_another_municipalitys_designation_is_404)
{
	char path[160];
	snprintf(path, sizeof(path), "/api/v1/designations/%s/statistics", OTHER);
	t_free(refused(reader014.header, "GET", path, NULL, NULL, 404, "not-found"));
	snprintf(path, sizeof(path), "/api/v1/designations/%s/statistics", UNKNOWN_ID);
	t_free(refused(reader014.header, "GET", path, NULL, NULL, 404, "not-found"));
	t_free(refused(reader014.header, "GET", "/api/v1/designations/nope/statistics", NULL, NULL,
		       400, "invalid-path-parameter"));
	/* its own municipality and a national token may */
	tresp *r = stats(&clerk599, OTHER);
	ck_assert_int_eq(r->status, 200);
	t_free(r);
	snprintf(path, sizeof(path), "/api/v1/designations/%s/statistics", OTHER);
	r = oh_req(BASE, national, "GET", path, NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	t_free(r);
}
END_TEST

/* ============================ fixtures ============================ */

static void die(const char *what, tresp *r)
{
	fprintf(stderr, "fixture %s failed: %ld %s\n", what, r ? r->status : -1L,
		r ? r->body : "");
	tserver_stop(&srv);
	exit(1);
}

/* A voorkeursrecht (or other) designation, made before the tests run. */
static void fixture(char out[40], const char *muni, const char *name, const char *measures,
		    double lon, double lat, double size, const char *start, const char *end)
{
	char *g = eh_square(lon, lat, size);
	char *b = NULL;
	if (asprintf(&b,
		     "{\"municipalityCode\":\"%s\",\"kind\":\"area\",\"name\":\"%s\",\"measures\":%s,"
		     "\"geometry\":%s,\"firstPeriod\":{\"start\":\"%s\",\"end\":\"%s\","
		     "\"decisionReference\":\"Stcrt. fixture\"}}",
		     muni, name, measures, g, start, end) < 0)
		abort();
	const char *h[] = { eh_admin(muni), NULL };
	tresp *r = t_request(BASE, "POST", "/api/v1/designations", b, h);
	if (r->status != 201 || !t_str(r->json, "id"))
		die(name, r);
	snprintf(out, 40, "%s", t_str(r->json, "id"));
	t_free(r);
	free(b);
	free(g);
}

static void fixture_post(const char *muni, const char *path, const char *body, long want)
{
	const char *h[] = { eh_admin(muni), NULL };
	tresp *r = t_request(BASE, "POST", path, body, h);
	if (r->status != want)
		die(path, r);
	t_free(r);
}

static void make_fixtures(void)
{
	tkey_create(conninfo, "GM0505", "clerk", "Carl Clerk", &clerk505);
	tkey_create(conninfo, "GM0505", "clerk", "Claire Clerk", &clerk505b);
	tkey_create(conninfo, "GM0505", "reader", "Rita Reader", &reader505);
	tkey_create(conninfo, "GM0599", "clerk", "Rotterdam clerk", &clerk599);
	tkey_create(conninfo, "GM0363", "clerk", "Amsterdam clerk", &clerk363);
	tkey_create(conninfo, "GM0363", "reader", "Amsterdam reader", &reader363);
	tkey_create(conninfo, "GM0344", "clerk", "Utrecht clerk", &clerk344);
	tkey_create(conninfo, "GM0344", "reader", "Utrecht reader", &reader344);
	tkey_create(conninfo, "GM0200", "clerk", "Apeldoorn clerk", &clerk200);
	tkey_create(conninfo, "GM0200", "reader", "Apeldoorn reader", &reader200);
	tkey_create(conninfo, "GM0014", "clerk", "Groningen clerk", &clerk014);
	tkey_create(conninfo, "GM0014", "reader", "Groningen reader", &reader014);
	admin505 = eh_admin("GM0505");
	admin200 = eh_admin("GM0200");
	national = eh_national();
	natadmin = eh_national_admin();
	(void)eh_admin("GM0599");
	(void)eh_admin("GM0363");
	(void)eh_admin("GM0344");
	(void)eh_admin("GM0014");

	fixture(BIG, "GM0505", "VKR Dordrecht", OH_VOORKEURSRECHT, 4.66, 51.80, 0.02, "2024-01-01",
		"2027-12-31");
	fixture(SMALL, "GM0505", "VKR Dordrecht klein", OH_VOORKEURSRECHT, 4.670, 51.810, 0.002,
		"2024-01-01", "2027-12-31");
	fixture(ART8, "GM0505", "Art 8 Dordrecht", "[\"art8\"]", 4.675, 51.815, 0.002,
		"2024-01-01", "2027-12-31");
	fixture(OTHER, "GM0599", "VKR Rotterdam", OH_VOORKEURSRECHT, 4.47, 51.92, 0.01,
		"2024-01-01", "2027-12-31");
	fixture(LA, "GM0363", "List A", OH_VOORKEURSRECHT, 5.10, 52.09, 0.01, "2024-01-01",
		"2027-12-31");
	fixture(LB, "GM0363", "List B", OH_VOORKEURSRECHT, 5.12, 52.09, 0.01, "2024-01-01",
		"2027-12-31");
	char start[16];
	snprintf(start, sizeof(start), "%s", eh_today_plus(-400));
	fixture(D1, "GM0344", "Deadline D1", OH_VOORKEURSRECHT, 4.35, 52.00, 0.01, start,
		eh_today_plus(100));
	fixture(D2, "GM0344", "Deadline D2", OH_VOORKEURSRECHT, 4.37, 52.00, 0.01, start,
		eh_today_plus(120));
	fixture(D3, "GM0344", "Deadline D3", OH_VOORKEURSRECHT, 4.39, 52.00, 0.01, start,
		eh_today_plus(200));
	fixture(D4, "GM0344", "Deadline D4", OH_VOORKEURSRECHT, 4.41, 52.00, 0.01, start,
		eh_today_plus(180));
	fixture(D5, "GM0344", "Deadline D5", OH_VOORKEURSRECHT, 4.43, 52.00, 0.01, start,
		eh_today_plus(50));
	char path[160], body[160];
	snprintf(path, sizeof(path), "/api/v1/designations/%s/withdrawal", D2);
	snprintf(body, sizeof(body), "{\"on\":\"%s\",\"reason\":\"withdrawn\"}", eh_today_plus(10));
	fixture_post("GM0344", path, body, 200);
	snprintf(path, sizeof(path), "/api/v1/designations/%s/extensions", D5);
	snprintf(body, sizeof(body), "{\"end\":\"%s\",\"decisionReference\":\"Stcrt. ext\"}",
		 eh_today_plus(300));
	fixture_post("GM0344", path, body, 201);
	fixture(EQ, "GM0200", "VKR Apeldoorn", OH_VOORKEURSRECHT, 4.30, 51.70, 0.01, "2024-01-01",
		"2027-12-31");
	fixture(ST, "GM0014", "VKR Groningen", OH_VOORKEURSRECHT, 6.00, 52.20, 0.01, "2024-01-01",
		"2027-12-31");
	fixture(ST_EMPTY, "GM0014", "VKR Groningen leeg", OH_VOORKEURSRECHT, 6.02, 52.20, 0.01,
		"2024-01-01", "2027-12-31");
}

int main(void)
{
	curl_global_init(CURL_GLOBAL_ALL); /* before any thread uses libcurl */
	conninfo = testdb_create("wvlv_e2e_offers");
	eh_init(conninfo);
	tserver_start(&srv, conninfo, NULL);
	make_fixtures();

	Suite *s = suite_create("offers");
	TCase *tc = tcase_create("create");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, create_answers_201_with_location_etag_content_crs_and_the_computed_deadline);
	tcase_add_test(tc, create_computes_and_explains_the_response_deadline_per_the_atw);
	tcase_add_test(tc, create_normalises_cadastral_parcels);
	tcase_add_test(tc, create_normalises_the_asking_price_to_two_decimals);
	tcase_add_test(tc, exemption_ground_records_an_exempt_offer_without_deadline);
	tcase_add_test(tc, location_in_rd_via_content_crs_resolves_the_same_designation);
	tcase_add_test(tc, the_smallest_covering_designation_is_chosen_and_an_explicit_one_is_checked);
	tcase_add_test(tc, received_today_is_accepted);
	suite_add_tcase(s, tc);

	tc = tcase_create("access");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, owner_is_shown_to_clerks_and_admins_only);
	tcase_add_test(tc, readers_and_national_tokens_cannot_create_or_post_events);
	tcase_add_test(tc, another_municipalitys_offer_does_not_exist);
	suite_add_tcase(s, tc);

	tc = tcase_create("state machine");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, willing_then_agreement_ends_in_purchased_with_every_event_recorded);
	tcase_add_test(tc, not_willing_declines_and_frees_the_owner_for_three_years);
	tcase_add_test(tc, court_request_starts_the_four_week_filing_term);
	tcase_add_test(tc, court_withdrawn_releases_the_owner_for_three_years);
	tcase_add_test(tc, owner_withdrawal_from_received_and_from_negotiating);
	tcase_add_test(tc, filing_after_the_filing_deadline_is_409);
	tcase_add_test(tc, a_transition_that_is_not_allowed_is_409_listing_the_allowed_events);
	tcase_add_test(tc, a_decision_after_the_response_deadline_is_409_deadline_passed);
	tcase_add_test(tc, system_events_cannot_be_posted);
	tcase_add_test(tc, events_dated_in_the_future_or_before_receipt_are_422);
	tcase_add_test(tc, if_match_stale_is_412_and_current_is_accepted);
	tcase_add_test(tc, idempotency_key_replays_an_event_and_records_it_once);
	tcase_add_test(tc, a_decision_recorded_after_a_lapse_supersedes_it_when_dated_in_time);
	tcase_add_test(tc, event_bodies_breaking_a_rule_are_refused);
	suite_add_tcase(s, tc);

	tc = tcase_create("concurrency");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, two_clerks_deciding_at_the_same_moment_exactly_one_wins);
	tcase_add_test(tc, concurrent_replays_of_one_keyed_event_record_it_once);
	suite_add_tcase(s, tc);

	tc = tcase_create("lists");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, list_filters_by_status_deadline_designation_and_municipality);
	tcase_add_test(tc, list_paging_follows_next_links_verbatim);
	tcase_add_test(tc, list_bad_query_values_are_400);
	suite_add_tcase(s, tc);

	tc = tcase_create("deadlines");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, deadlines_lists_open_offer_deadlines_and_designation_ends_soonest_first);
	tcase_add_test(tc, deadlines_within_that_is_not_a_whole_number_of_days_is_400);
	tcase_add_test(tc, calculator_answers_without_a_token_per_the_law);
	tcase_add_test(tc, calculator_refuses_a_missing_or_unknown_term_and_a_bad_date);
	suite_add_tcase(s, tc);

	tc = tcase_create("statistics");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, statistics_count_per_year_of_receipt);
	tcase_add_test(tc, statistics_of_another_municipalitys_designation_is_404);
	suite_add_tcase(s, tc);

	/* last: equated days are national and move deadlines everywhere */
	tc = tcase_create("equated holidays");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, an_equated_day_moves_open_deadlines_and_removing_it_never_moves_them_back);
	tcase_add_test(tc, creating_an_equated_day_answers_201_with_its_location);
	tcase_add_test(tc, equated_days_are_admin_only_and_unique);
	suite_add_tcase(s, tc);

	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	int stop = tserver_stop(&srv);
	if (stop != 0) {
		fprintf(stderr, "wvlv serve did not stop cleanly on SIGTERM (status %d)\n", stop);
		failed++;
	}
	return failed ? 1 : 0;
}
