/* test_round_trips.c — the write path's round trips to PostgreSQL (issue 16,
 * point 3): a POST of a sale notification makes at most 6, its token checked
 * in its own transaction; a repeat of it (same Idempotency-Key) 3; a POST of
 * an event at most 6 (5 without an Idempotency-Key).  Counted by
 * the server's wvlv_db_round_trips_total{pool="api"} (one per pipeline Sync
 * awaited, lib/store/pipeline.c), between two scrapes of /metrics; what a
 * scrape itself costs is measured first and taken off. */
#include <check.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "e2e_helpers.h"
#include "http_client.h"
#include "offer_helpers.h"
#include "server_proc.h"
#include "testdb.h"

#define MUNI "GM0363"
#define SERIES "wvlv_db_round_trips_total{pool=\"api\"}"

static tserver srv;
static char auth[128];

static long round_trips(void)
{
	tresp *r = t_request(srv.base, "GET", "/metrics", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	const char *p = strstr(r->body, "\n" SERIES " ");
	ck_assert_msg(p != NULL, "no %s in /metrics", SERIES);
	long v = strtol(p + strlen(SERIES) + 2, NULL, 10);
	t_free(r);
	return v;
}

/* Round trips of what ran between two scrapes, the scrape's own taken off. */
static long scrape_cost(void)
{
	long a = round_trips();
	long b = round_trips();
	return b - a;
}

static void setup_designation(void)
{
	static bool done;
	if (done)
		return;
	char *start = strdup(eh_today_plus(-30)), *end = strdup(eh_today_plus(365));
	free(oh_designation(srv.base, MUNI, "round trips", OH_VOORKEURSRECHT, 4.88, 52.35, 0.02,
			    start, end));
	free(start);
	free(end);
	done = true;
}

START_TEST(post_sale_notification_makes_at_most_six_round_trips)
{
	setup_designation();
	long scrape = scrape_cost();
	char *body = oh_offer_body(MUNI, eh_today_plus(-3), 4.885, 52.355);
	const char *const headers[] = { "Idempotency-Key: rt-create-1", NULL };
	long before = round_trips();
	tresp *r = oh_req(srv.base, auth, "POST", "/api/v1/sale-notifications", body, headers);
	ck_assert_int_eq(r->status, 201);
	t_free(r);
	long trips = round_trips() - before - scrape;
	printf("POST /api/v1/sale-notifications: %ld round trips\n", trips);
	ck_assert_int_le(trips, 6);
	ck_assert_int_ge(trips, 4); /* the counting counts: begin+token, key, ground, insert, commit */

	/* the same request again: the token, the key's answer, the rollback */
	before = round_trips();
	r = oh_req(srv.base, auth, "POST", "/api/v1/sale-notifications", body, headers);
	ck_assert_int_eq(r->status, 201);
	t_free(r);
	trips = round_trips() - before - scrape;
	printf("the same POST replayed: %ld round trips\n", trips);
	ck_assert_int_le(trips, 3);
	free(body);
}
END_TEST

START_TEST(an_event_and_a_refused_post_are_counted_too)
{
	setup_designation();
	long scrape = scrape_cost();
	char *inside = oh_offer_body(MUNI, eh_today_plus(-2), 4.886, 52.356);
	char *outside = oh_offer_body(MUNI, eh_today_plus(-2), 5.9, 52.9);
	char *id = oh_create_id(srv.base, auth, inside);
	/* with an Idempotency-Key and If-Match, as a careful client sends it:
	 * begin+token, key, lock (+ equated days, snapshot), step (+ snapshot,
	 * read), audit+commit */
	const char *const headers[] = { "Idempotency-Key: rt-event-1", "If-Match: \"1\"", NULL };
	long before = round_trips();
	tresp *r = oh_event(srv.base, auth, id, "decision", eh_today_plus(-1),
			    "\"decision\":\"willing\"", headers);
	ck_assert_int_eq(r->status, 201);
	ck_assert_ptr_nonnull(strstr(r->body, "\"negotiating\""));
	t_free(r);
	long trips = round_trips() - before - scrape;
	printf("POST …/events (Idempotency-Key, If-Match): %ld round trips\n", trips);
	ck_assert_int_le(trips, 6);
	ck_assert_int_ge(trips, 4);

	/* without them: one round trip fewer (no key) */
	before = round_trips();
	r = oh_event(srv.base, auth, id, "withdrawal", eh_today_plus(-1), NULL, NULL);
	ck_assert_int_eq(r->status, 201);
	ck_assert_ptr_nonnull(strstr(r->body, "\"withdrawn\""));
	t_free(r);
	trips = round_trips() - before - scrape;
	printf("POST …/events: %ld round trips\n", trips);
	ck_assert_int_le(trips, 5);
	ck_assert_int_ge(trips, 3);

	/* outside every designation: refused (422), nothing kept */
	before = round_trips();
	r = oh_req(srv.base, auth, "POST", "/api/v1/sale-notifications", outside, NULL);
	ck_assert_int_eq(r->status, 422);
	t_free(r);
	trips = round_trips() - before - scrape;
	printf("a POST refused for its location: %ld round trips\n", trips);
	ck_assert_int_le(trips, 3);
	free(id);
	free(inside);
	free(outside);
}
END_TEST

int main(void)
{
	curl_global_init(CURL_GLOBAL_ALL);
	const char *conninfo = testdb_create("roundtrips");
	eh_init(conninfo);
	tserver_start(&srv, conninfo, NULL);
	snprintf(auth, sizeof(auth), "%s", eh_admin(MUNI));

	Suite *s = suite_create("round_trips");
	TCase *tc = tcase_create("round_trips");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, post_sale_notification_makes_at_most_six_round_trips);
	tcase_add_test(tc, an_event_and_a_refused_post_are_counted_too);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	tserver_stop(&srv);
	curl_global_cleanup();
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
