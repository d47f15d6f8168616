/* test_upgrade.c — an upgrade as an operator makes it (issue 13 point 8): each
 * tests/fixtures/upgrade-NNNN.sql (a database a released wvlv made at schema
 * NNNN, filled by tests/fixtures/make-upgrade-fixture.sh) is loaded into a
 * fresh database, `wvlv migrate` brings it to this binary's schema, and
 * `wvlv serve` must serve the same data: designations with their periods,
 * extensions and withdrawal, offers with their deadlines and events, the
 * audit trail, the tokens (they still authenticate), the equated days.  A
 * release that adds a migration is tested the same way (docs/architecture.md
 * "Upgrade fixtures"). */
#include <check.h>
#include <curl/curl.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_client.h"
#include "server_proc.h"
#include "testdb.h"

static glob_t fixtures;

/* "admin", "clerk", "reader", "national": "Authorization: Bearer …" from the .tokens file. */
static void token_header(const char *sql_path, const char *who, char *out, size_t size)
{
	char path[4096];
	snprintf(path, sizeof(path), "%.*s.tokens", (int)(strlen(sql_path) - 4), sql_path);
	FILE *f = fopen(path, "r");
	ck_assert_msg(f != NULL, "cannot read %s", path);
	char line[256];
	*out = '\0';
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		size_t n = strlen(who);
		if (strncmp(line, who, n) == 0 && line[n] == ' ')
			snprintf(out, size, "Authorization: Bearer %s", line + n + 1);
	}
	fclose(f);
	ck_assert_msg(*out, "no %s token in %s", who, path);
}

static tresp *get(const tserver *s, const char *auth, const char *path)
{
	const char *h[] = { auth, NULL };
	tresp *r = t_request(s->base, "GET", path, NULL, h);
	ck_assert_msg(r->status == 200, "GET %s: %ld %s", path, r->status, r->body);
	return r;
}

/* The item of list r whose member key is value. */
static json_t *item(tresp *r, const char *key, const char *value)
{
	json_t *items = json_object_get(r->json, "items"), *it;
	size_t i;
	json_array_foreach(items, i, it)
		if (!strcmp(t_str(it, key), value))
			return it;
	ck_abort_msg("no item with %s %s", key, value);
	return NULL;
}

static const char *period_str(json_t *d, size_t i, const char *key)
{
	return t_str(json_array_get(json_object_get(d, "periods"), i), key);
}

static void assert_designations(const tserver *s, const char *admin)
{
	tresp *r = get(s, admin, "/api/v1/designations?municipalityCode=GM0505");
	ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), 3);
	json_t *w = item(r, "name", "Wielwijk");
	ck_assert_int_eq(json_array_size(json_object_get(w, "periods")), 3);
	ck_assert_str_eq(period_str(w, 0, "start"), "2024-01-01");
	ck_assert_str_eq(period_str(w, 0, "kind"), "initial");
	ck_assert_str_eq(period_str(w, 1, "start"), "2028-01-01");
	ck_assert_str_eq(period_str(w, 1, "kind"), "extension");
	ck_assert_str_eq(period_str(w, 2, "end"), "2035-12-31");
	ck_assert_str_eq(period_str(w, 2, "decisionReference"), "Gmb. 2031, 12345");
	ck_assert_str_eq(t_str(w, "capDate"), "2043-12-31"); /* 20 years from the first start */
	ck_assert_int_eq(t_int(w, "version"), 3);
	json_t *k = item(r, "name", "Oud-Krispijn");
	ck_assert_str_eq(t_str(k, "status"), "withdrawn");
	ck_assert_str_eq(t_str(k, "withdrawnOn"), "2025-06-30");
	ck_assert_str_eq(t_str(k, "withdrawalReason"), "Raadsbesluit 2025-017");
	ck_assert_str_eq(t_str(k, "designatedUntil"), "2025-06-29");
	json_t *v = item(r, "name", "Voorstraat");
	ck_assert_str_eq(t_str(v, "kind"), "street");
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(v, "measures"), 0)), "art8");
	t_free(r);
	/* the geometry is still there: a point in Wielwijk finds it */
	r = get(s, admin, "/api/v1/designations?point=4.665,51.805");
	ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), 1);
	ck_assert_str_eq(t_str(json_array_get(json_object_get(r->json, "items"), 0), "name"), "Wielwijk");
	t_free(r);
}

static void assert_offer(json_t *o, const char *status, const char *deadline, size_t events,
			 const char *last_event)
{
	ck_assert_str_eq(t_str(o, "status"), status);
	ck_assert_str_eq(t_str(o, "responseDeadline"), deadline);
	ck_assert_str_eq(t_str(o, "designationName"), "Wielwijk");
	ck_assert_str_eq(t_str(o, "askingPrice"), "350000.00");
	json_t *ev = json_object_get(o, "events");
	ck_assert_msg(json_array_size(ev) == events, "%s: %zu events", t_str(o, "receivedOn"),
		      json_array_size(ev));
	if (last_event)
		ck_assert_str_eq(t_str(json_array_get(ev, events - 1), "type"), last_event);
}

static void assert_offers(const tserver *s, const char *clerk, const char *reader)
{
	tresp *r = get(s, clerk, "/api/v1/sale-notifications?limit=100");
	ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), 4);
	json_t *o = item(r, "receivedOn", "2026-02-02");
	assert_offer(o, "purchased", "2026-03-16", 2, "agreement");
	ck_assert_str_eq(t_str(json_object_get(o, "owner"), "name"), "J. de Vries");
	assert_offer(item(r, "receivedOn", "2026-01-12"), "declined", "2026-02-23", 1, "decision");
	assert_offer(item(r, "receivedOn", "2026-03-16"), "withdrawn", "2026-04-28", 1, "withdrawal");
	/* received 2026-04-02: six weeks to 2026-05-14, past Ascension Day and the day equated
	 * with it by the shipped decree: 2026-05-18 (docs/law.md) */
	assert_offer(item(r, "receivedOn", "2026-04-02"), "received", "2026-05-18", 0, NULL);
	t_free(r);
	/* the reader token still works and still does not see the owner */
	r = get(s, reader, "/api/v1/sale-notifications?limit=100");
	ck_assert_ptr_null(json_object_get(item(r, "receivedOn", "2026-02-02"), "owner"));
	t_free(r);
}

static void assert_audit_and_equated(const tserver *s, const char *admin, const char *national)
{
	tresp *r = get(s, admin, "/api/v1/audit-log?entity=designation&limit=100");
	size_t n = json_array_size(json_object_get(r->json, "items"));
	ck_assert_int_eq(n, 6); /* 3 create, 2 extend, 1 withdraw */
	item(r, "action", "withdraw");
	item(r, "action", "extend");
	t_free(r);
	r = get(s, national, "/api/v1/equated-holidays");
	json_t *d = item(r, "date", "2029-05-11");
	ck_assert_str_eq(t_str(d, "reference"), "fixture: Besluit van 1 maart 2029, Stb. 2029, 99");
	t_free(r);
}

START_TEST(each_fixture_is_migrated_and_served_the_same)
{
	const char *sql = fixtures.gl_pathv[_i];
	const char *db = testdb_reserve("upgrade");
	testdb_make_empty(db);
	char cmd[8192];
	snprintf(cmd, sizeof(cmd), "psql -qX -v ON_ERROR_STOP=1 -o /dev/null '%s' -f '%s' 2>&1", db,
		 sql);
	ck_assert_msg(system(cmd) == 0, "loading %s failed", sql);
	trun_out m = trun("migrate", "--database-url", db, NULL);
	ck_assert_msg(m.status == 0, "wvlv migrate on %s: %s", sql, m.err);
	trun_free(&m);
	tserver s;
	tserver_start(&s, db, NULL);
	tresp *r = t_request(s.base, "GET", "/readyz", NULL, NULL);
	ck_assert_msg(r->status == 200, "readyz after the upgrade of %s: %s", sql, r->body);
	t_free(r);
	char admin[128], clerk[128], reader[128], national[128];
	token_header(sql, "admin", admin, sizeof(admin));
	token_header(sql, "clerk", clerk, sizeof(clerk));
	token_header(sql, "reader", reader, sizeof(reader));
	token_header(sql, "national", national, sizeof(national));
	assert_designations(&s, admin);
	assert_offers(&s, clerk, reader);
	assert_audit_and_equated(&s, admin, national);
	ck_assert_int_eq(tserver_stop(&s), 0);
	/* the tokens: four live, one revoked */
	trun_out k = trun("keys", "list", "--database-url", db, NULL);
	ck_assert_int_eq(k.status, 0);
	ck_assert_ptr_nonnull(strstr(k.out, "fixture revoked"));
	ck_assert_ptr_nonnull(strstr(k.out, "fixture national admin"));
	trun_free(&k);
}
END_TEST

int main(void)
{
	curl_global_init(CURL_GLOBAL_ALL);
	if (glob(WVLV_SOURCE_DIR "/tests/fixtures/upgrade-*.sql", 0, NULL, &fixtures) != 0 ||
	    fixtures.gl_pathc == 0) {
		fprintf(stderr, "test_upgrade: no tests/fixtures/upgrade-*.sql\n");
		return EXIT_FAILURE;
	}
	Suite *s = suite_create("upgrade");
	TCase *tc = tcase_create("fixtures");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, each_fixture_is_migrated_and_served_the_same, 0,
			    (int)fixtures.gl_pathc);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	globfree(&fixtures);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
