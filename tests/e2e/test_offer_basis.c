/* test_offer_basis.c — what keeps an offer's legal basis, over HTTP against
 * the real `wvlv serve` and PostgreSQL + PostGIS (issue 11, points 4–6;
 * docs/law.md §2.12 and §6):
 *
 *   a withdrawal dated on or before an open offer's receipt, a PATCH that
 *   drops voorkeursrecht or uncovers an open offer's location → 409
 *   open-offers listing them, and nothing changed; closed offers do not
 *   block; one open offer per cadastral parcel and municipality → 409
 *   duplicate-offer naming it, the parcel free again once it closed, an
 *   idempotent replay still replayed; recordedLate on decisions, and the
 *   nightly job reporting a late-recorded decision once.
 *
 * Each test has its own designation (squares that do not overlap) and its
 * own parcels (oh_unique_parcel). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "e2e_helpers.h"
#include "e2e_main.h"
#include "http_client.h"
#include "keys_cli.h"
#include "offer_helpers.h"
#include "server_proc.h"

static tserver srv;
static const char *conninfo;
static tkey clerk505, clerk599;

#define BASE   srv.base
#define OFFERS "/api/v1/sale-notifications"

/* A voorkeursrecht designation of GM0505: the square at lon 4.70 + 0.01 i,
 * lat 51.70, 0.005 wide, in force 2024-01-01 .. 2027-12-31. */
static char *designation(int i, const char *measures)
{
	char name[32];
	snprintf(name, sizeof(name), "Basis %d", i);
	return oh_designation(BASE, "GM0505", name, measures, 4.70 + 0.01 * i, 51.70, 0.005,
			      "2024-01-01", "2027-12-31");
}
#define LON(i) (4.70 + 0.01 * (i) + 0.0025)
#define LAT    51.7025

/* An offer of GM0505 at the centre of square i naming a parcel of its own
 * (oh_unique_parcel), copied to parcel when that is not NULL; its id. */
static char *offer_at(int i, const char *received, char parcel[32])
{
	char *b = oh_offer_body("GM0505", received, LON(i), LAT);
	const char *own = oh_unique_parcel();
	char parcels[64];
	snprintf(parcels, sizeof(parcels), "[\"%s\"]", own);
	if (parcel)
		snprintf(parcel, 32, "%s", own);
	char *b2 = oh_with(b, "property.cadastralParcels", parcels);
	char *id = oh_create_id(BASE, clerk505.header, b2);
	free(b2);
	free(b);
	return id;
}

static const char *dpath(const char *id, const char *suffix)
{
	static char buf[4][160];
	static int n;
	char *p = buf[n++ % 4];
	snprintf(p, sizeof(buf[0]), "/api/v1/designations/%s%s", id, suffix ? suffix : "");
	return p;
}

/* The invalidParams entries named `name`, their reasons joined by " | ". */
static const char *reasons(tresp *r, const char *name)
{
	static char out[4096];
	out[0] = '\0';
	json_t *a = json_object_get(r->json, "invalidParams");
	size_t i;
	json_t *p;
	json_array_foreach(a, i, p) {
		if (strcmp(json_string_value(json_object_get(p, "name")), name) != 0)
			continue;
		if (out[0])
			strncat(out, " | ", sizeof(out) - strlen(out) - 1);
		strncat(out, json_string_value(json_object_get(p, "reason")),
			sizeof(out) - strlen(out) - 1);
	}
	return out;
}

/* Everything a refused designation change might have changed, and the
 * designation as GET shows it. */
typedef struct state {
	eh_snapshot d;
	oh_snapshot o;
	char etag[32];
	char *body;
} state;

static void state_take(const char *id, state *s)
{
	eh_snapshot_take(eh_db(), &s->d);
	oh_snapshot_take(eh_db(), &s->o);
	tresp *r = eh_get(BASE, id);
	snprintf(s->etag, sizeof(s->etag), "%s", t_header(r, "ETag"));
	s->body = strdup(r->body);
	t_free(r);
}

static void state_assert_same(const char *id, state *s)
{
	eh_assert_unchanged(eh_db(), &s->d);
	oh_assert_unchanged(eh_db(), &s->o);
	tresp *r = eh_get(BASE, id);
	ck_assert_str_eq(t_header(r, "ETag"), s->etag);
	ck_assert_str_eq(r->body, s->body);
	t_free(r);
	free(s->body);
}

/* ============================ 4. no open offer loses its basis ============================ */

START_TEST(a_withdrawal_on_or_before_an_open_offers_receipt_is_409_and_changes_nothing)
{
	char *d = designation(0, OH_VOORKEURSRECHT);
	char p1[32], p2[32];
	char *o1 = offer_at(0, "2026-03-02", p1);
	char *o2 = offer_at(0, "2026-03-10", p2);
	state s;
	state_take(d, &s);
	tresp *r = eh_request(BASE, "POST", dpath(d, "/withdrawal"),
			      "{\"on\":\"2026-03-02\",\"reason\":\"retroactive\"}", NULL);
	eh_assert_problem(r, 409, "open-offers", dpath(d, "/withdrawal"));
	const char *why = reasons(r, "openOffers");
	ck_assert_msg(strstr(why, o1) && strstr(why, p1) && strstr(why, "2026-03-02") &&
			      strstr(why, o2) && strstr(why, p2),
		      "%s", r->body);
	ck_assert_int_eq(oh_nparams(r), 2);
	ck_assert_ptr_nonnull(strstr(t_str(r->json, "detail"), o1));
	t_free(r);
	state_assert_same(d, &s);

	/* after o1's receipt: only o2 stands in the way */
	state_take(d, &s);
	r = eh_request(BASE, "POST", dpath(d, "/withdrawal"),
		       "{\"on\":\"2026-03-05\",\"reason\":\"retroactive\"}", NULL);
	eh_assert_problem(r, 409, "open-offers", dpath(d, "/withdrawal"));
	why = reasons(r, "openOffers");
	ck_assert_msg(!strstr(why, o1) && strstr(why, o2) && strstr(why, p2), "%s", r->body);
	ck_assert_int_eq(oh_nparams(r), 1);
	t_free(r);
	state_assert_same(d, &s);

	/* o2 closed (the owner withdrew it): closed offers do not block */
	oh_event_ok(BASE, clerk505.header, o2, "withdrawal", "2026-03-11", NULL, "withdrawn");
	eh_withdraw(BASE, d, "2026-03-05");
	r = eh_get(BASE, d);
	ck_assert_str_eq(oh_s(r->json, "withdrawnOn"), "2026-03-05");
	t_free(r);
	free(o1);
	free(o2);
	free(d);
}
END_TEST

START_TEST(a_patch_dropping_voorkeursrecht_or_uncovering_an_open_offer_is_409)
{
	char *d = designation(1, "[\"voorkeursrecht\",\"art8\"]");
	char p1[32];
	char *o1 = offer_at(1, "2026-03-02", p1);
	state s;
	state_take(d, &s);
	tresp *r = eh_request(BASE, "PATCH", dpath(d, NULL), "{\"measures\":[\"art8\"]}", NULL);
	eh_assert_problem(r, 409, "open-offers", dpath(d, NULL));
	ck_assert_msg(strstr(reasons(r, "openOffers"), o1) && strstr(reasons(r, "openOffers"), p1),
		      "%s", r->body);
	t_free(r);
	state_assert_same(d, &s);

	/* a geometry beside the offer's location (square 1 moved east by half) */
	char *g = eh_square(4.7135, 51.70, 0.004);
	char body[1024];
	snprintf(body, sizeof(body), "{\"geometry\":%s}", g);
	free(g);
	state_take(d, &s);
	r = eh_request(BASE, "PATCH", dpath(d, NULL), body, NULL);
	eh_assert_problem(r, 409, "open-offers", dpath(d, NULL));
	ck_assert_msg(strstr(reasons(r, "openOffers"), o1) != NULL, "%s", r->body);
	t_free(r);
	state_assert_same(d, &s);

	/* a geometry that still covers it: accepted */
	g = eh_square(4.7105, 51.7005, 0.004);
	snprintf(body, sizeof(body), "{\"geometry\":%s}", g);
	free(g);
	r = eh_request(BASE, "PATCH", dpath(d, NULL), body, NULL);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	t_free(r);

	/* o1 closed: voorkeursrecht may go */
	oh_event_ok(BASE, clerk505.header, o1, "withdrawal", "2026-03-03", NULL, "withdrawn");
	r = eh_request(BASE, "PATCH", dpath(d, NULL), "{\"measures\":[\"art8\"]}", NULL);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	t_free(r);
	free(o1);
	free(d);
}
END_TEST

/* ============================ 5. one open offer per parcel ============================ */

START_TEST(a_second_open_offer_for_a_parcel_is_409_until_the_first_is_closed)
{
	char *d = designation(2, OH_VOORKEURSRECHT);
	char p[32], q[32];
	char *o1 = offer_at(2, "2026-03-02", p);
	snprintf(q, sizeof(q), "%s", oh_unique_parcel());

	/* the same parcel, written differently, among others */
	char lower[64], parcels[128];
	snprintf(lower, sizeof(lower), "%s", p);
	for (char *c = lower; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	snprintf(parcels, sizeof(parcels), "[\"%s\",\"%s\"]", q, lower);
	char *b = oh_offer_body("GM0505", "2026-03-20", LON(2) + 0.001, LAT);
	char *b2 = oh_with(b, "property.cadastralParcels", parcels);
	oh_snapshot before;
	oh_snapshot_take(eh_db(), &before);
	tresp *r = oh_req(BASE, clerk505.header, "POST", OFFERS, b2, NULL);
	eh_assert_problem(r, 409, "duplicate-offer", OFFERS);
	const char *why = reasons(r, "property.cadastralParcels");
	char link[96];
	snprintf(link, sizeof(link), "/api/v1/sale-notifications/%s", o1);
	ck_assert_msg(strstr(why, p) && strstr(why, link) && !strstr(why, q), "%s", r->body);
	ck_assert_ptr_nonnull(strstr(t_str(r->json, "detail"), o1));
	t_free(r);
	oh_assert_unchanged(eh_db(), &before);

	/* the same parcel in another municipality is another parcel's matter */
	char *d599 = oh_designation(BASE, "GM0599", "Basis Rotterdam", OH_VOORKEURSRECHT, 4.47,
				    51.92, 0.01, "2024-01-01", "2027-12-31");
	char *b599 = oh_offer_body("GM0599", "2026-03-20", 4.475, 51.925);
	char one[64];
	snprintf(one, sizeof(one), "[\"%s\"]", p);
	char *b599p = oh_with(b599, "property.cadastralParcels", one);
	free(oh_create_id(BASE, clerk599.header, b599p));

	/* o1 closed: the parcel may be offered again */
	oh_event_ok(BASE, clerk505.header, o1, "withdrawal", "2026-03-21", NULL, "withdrawn");
	char *o2 = oh_create_id(BASE, clerk505.header, b2);
	ck_assert_str_ne(o2, o1);
	free(o2);
	free(b599p);
	free(b599);
	free(d599);
	free(b2);
	free(b);
	free(o1);
	free(d);
}
END_TEST

START_TEST(an_idempotent_replay_of_a_created_offer_is_still_replayed)
{
	char *d = designation(3, OH_VOORKEURSRECHT);
	char *b = oh_offer_body("GM0505", "2026-03-02", LON(3), LAT);
	static const char *const key[] = { "Idempotency-Key: basis-replay-1", NULL };
	tresp *r = oh_req(BASE, clerk505.header, "POST", OFFERS, b, key);
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	char *id = strdup(t_str(r->json, "id"));
	t_free(r);
	oh_snapshot before;
	oh_snapshot_take(eh_db(), &before);
	r = oh_req(BASE, clerk505.header, "POST", OFFERS, b, key);
	ck_assert_msg(r->status == 201, "replay: %ld %s", r->status, r->body);
	ck_assert_str_eq(t_str(r->json, "id"), id);
	t_free(r);
	oh_assert_unchanged(eh_db(), &before);
	/* without the key it is a second offer of the same parcel */
	r = oh_req(BASE, clerk505.header, "POST", OFFERS, b, NULL);
	eh_assert_problem(r, 409, "duplicate-offer", OFFERS);
	ck_assert_ptr_nonnull(strstr(reasons(r, "property.cadastralParcels"), id));
	t_free(r);
	oh_assert_unchanged(eh_db(), &before);
	free(id);
	free(b);
	free(d);
}
END_TEST

/* ============================ 6. late-recorded decisions ============================ */

static json_t *last_event(const char *id)
{
	tresp *r = oh_get(BASE, clerk505.header, id);
	json_t *ev = json_incref(oh_ev(r->json, json_array_size(json_object_get(r->json,
										  "events")) - 1));
	t_free(r);
	return ev;
}

START_TEST(a_decision_recorded_after_the_deadline_says_so_and_is_reported_once)
{
	char *d = designation(4, OH_VOORKEURSRECHT);
	/* received 1 September 2026: the response deadline lies in October, before today */
	char *late = offer_at(4, "2026-09-01", NULL);
	oh_event_ok(BASE, clerk505.header, late, "decision", "2026-09-15",
		    "\"decision\":\"willing\"", "negotiating");
	json_t *ev = last_event(late);
	ck_assert(json_is_true(json_object_get(ev, "recordedLate")));
	json_decref(ev);
	/* received two days ago, decided today: in time */
	char received[16];
	snprintf(received, sizeof(received), "%s", eh_today_plus(-2));
	char *timely = offer_at(4, received, NULL);
	oh_event_ok(BASE, clerk505.header, timely, "decision", eh_today_plus(0),
		    "\"decision\":\"not-willing\"", "declined");
	ev = last_event(timely);
	ck_assert(json_is_false(json_object_get(ev, "recordedLate")));
	json_decref(ev);
	/* other events do not carry it */
	oh_event_ok(BASE, clerk505.header, late, "agreement", eh_today_plus(0), NULL, "purchased");
	ev = last_event(late);
	ck_assert_ptr_null(json_object_get(ev, "recordedLate"));
	json_decref(ev);

	trun_out r = trun("alerts", "--database-url", conninfo, NULL);
	ck_assert_msg(r.status == 0, "status %d: %s", r.status, r.out);
	char *line = strstr(r.out, late);
	ck_assert_msg(line && strstr(r.out, "decision-recorded-late"), "%s", r.out);
	ck_assert_msg(strstr(r.out, "decision dated 2026-09-15") != NULL, "%s", r.out);
	ck_assert_ptr_null(strstr(r.out, timely));
	ck_assert_ptr_nonnull(strstr(r.out, "1 decision recorded late"));
	trun_free(&r);
	ck_assert_int_eq(eh_pg_long(eh_db(),
				    "SELECT count(*) FROM alert_ledger"
				    " WHERE kind = 'decision-recorded-late' AND entity_id = $1::uuid",
				    (const char *const[]){ late, NULL }),
			 1);
	/* the second run reports it no more */
	r = trun("alerts", "--database-url", conninfo, NULL);
	ck_assert_msg(r.status == 0, "status %d: %s", r.status, r.out);
	ck_assert_msg(strstr(r.out, late) == NULL, "%s", r.out);
	ck_assert_ptr_null(strstr(r.out, "recorded late"));
	trun_free(&r);
	free(timely);
	free(late);
	free(d);
}
END_TEST

int main(void)
{
	conninfo = e2e_start(&srv, "wvlv_e2e_offer_basis");
	tkey_create(conninfo, "GM0505", "clerk", "Basis clerk", &clerk505);
	tkey_create(conninfo, "GM0599", "clerk", "Basis clerk 599", &clerk599);
	(void)eh_admin("GM0505");
	(void)eh_admin("GM0599");

	Suite *s = suite_create("offer basis");
	TCase *tc = e2e_case(s, "basis", 60);
	tcase_add_test(tc, a_withdrawal_on_or_before_an_open_offers_receipt_is_409_and_changes_nothing);
	tcase_add_test(tc, a_patch_dropping_voorkeursrecht_or_uncovering_an_open_offer_is_409);
	tcase_add_test(tc, a_second_open_offer_for_a_parcel_is_409_until_the_first_is_closed);
	tcase_add_test(tc, an_idempotent_replay_of_a_created_offer_is_still_replayed);
	tcase_add_test(tc, a_decision_recorded_after_the_deadline_says_so_and_is_reported_once);
	return e2e_run(s, &srv);
}
