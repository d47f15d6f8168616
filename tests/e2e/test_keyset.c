/* test_keyset.c — keyset paging over HTTP (issue 16): the next links of
 * GET /api/v1/designations, /api/v1/sale-notifications, /api/v1/audit-log
 * and /ogc/v1/collections/designations/items carry a `cursor` (the keys of
 * the page's last item), so that following them goes through a whole list
 * seeing every item once and in order — also while rows are inserted, before
 * and after the page being read, which an offset cannot survive (an insert
 * before the offset shows the last item of a page again on the next).  A
 * cursor that is not one of the list's own is a 400 problem naming it.
 *
 * Against the real `wvlv serve` and PostgreSQL; each test in its own
 * municipality. */
#include <check.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "e2e_helpers.h"
#include "http_client.h"
#include "keys_cli.h"
#include "offer_helpers.h"
#include "server_proc.h"
#include "testdb.h"

static tserver srv;
static const char *conninfo;
static tkey clerk;   /* GM0505 clerk: the offers */

#define BASE srv.base
#define MAXSEEN 256

/* The items' ids (and their `key` member, when asked) of the pages of a
 * list followed through its next links. */
typedef struct walk {
	char ids[MAXSEEN][40];
	char keys[MAXSEEN][40];
	int  n, pages;
} walk;

/* One page: its items into w (member key of each: "" when NULL), its next
 * link (malloc'd, NULL on the last page).  items: the array's member name. */
static char *take_page(walk *w, tresp *r, const char *items, const char *key)
{
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	json_t *arr = json_object_get(r->json, items), *it;
	size_t i;
	json_array_foreach(arr, i, it) {
		ck_assert_int_lt(w->n, MAXSEEN);
		json_t *id = json_object_get(it, "id");
		if (json_is_integer(id))
			snprintf(w->ids[w->n], 40, "%lld", (long long)json_integer_value(id));
		else
			snprintf(w->ids[w->n], 40, "%s", json_string_value(id));
		const char *k = key ? json_string_value(json_object_get(it, key)) : NULL;
		if (!k && key) /* a feature: its properties */
			k = json_string_value(
				json_object_get(json_object_get(it, "properties"), key));
		snprintf(w->keys[w->n], 40, "%s", k ? k : "");
		w->n++;
	}
	w->pages++;
	const char *next = NULL;
	json_t *links = json_object_get(r->json, "links"), *l;
	json_array_foreach(links, i, l)
		if (!strcmp(json_string_value(json_object_get(l, "rel")), "next"))
			next = json_string_value(json_object_get(l, "href"));
	if (next) {
		ck_assert_msg(strstr(next, "cursor=") && !strstr(next, "offset="), "next: %s", next);
		ck_assert_msg(!strncmp(next, BASE, strlen(BASE)), "next not absolute: %s", next);
	}
	return next ? strdup(next) : NULL;
}

static int seen(const walk *w, const char *id)
{
	int c = 0;
	for (int i = 0; i < w->n; i++)
		c += !strcmp(w->ids[i], id);
	return c;
}

/* Every id of the walk once. */
static void assert_each_once(const walk *w)
{
	for (int i = 0; i < w->n; i++)
		ck_assert_msg(seen(w, w->ids[i]) == 1, "%s seen %d times", w->ids[i],
			      seen(w, w->ids[i]));
}

/* The walk's ids equal the one-page list's (same order). */
static void assert_same_as_one_page(const walk *w, tresp *all, const char *items)
{
	json_t *arr = json_object_get(all->json, items);
	ck_assert_int_eq((int)json_array_size(arr), w->n);
	for (int i = 0; i < w->n; i++) {
		json_t *id = json_object_get(json_array_get(arr, (size_t)i), "id");
		char s[40];
		if (json_is_integer(id))
			snprintf(s, sizeof(s), "%lld", (long long)json_integer_value(id));
		else
			snprintf(s, sizeof(s), "%s", json_string_value(id));
		ck_assert_str_eq(w->ids[i], s);
	}
}

static char *designation(const char *muni, int i)
{
	char name[64];
	snprintf(name, sizeof(name), "Keyset %s %d", muni, i);
	char *g = eh_square(4.60 + 0.001 * i, 51.70, 0.0005);
	char *id = eh_create(BASE, muni, name, g, "2024-01-01", "2027-12-31");
	free(g);
	return id;
}

START_TEST(designations_next_links_see_every_item_once_in_order_while_rows_are_inserted)
{
	for (int i = 0; i < 11; i++)
		free(designation("GM1701", i));
	walk w = { 0 };
	tresp *r = eh_request(BASE, "GET", "/api/v1/designations?municipalityCode=GM1701&limit=4",
			      NULL, NULL);
	ck_assert_int_eq(t_int(r->json, "numberMatched"), 11);
	char *next = take_page(&w, r, "items", NULL);
	t_free(r);
	int added = 0;
	while (next) {
		if (added < 3) /* a new one goes last: it is seen at the end */
			free(designation("GM1701", 100 + added++));
		r = t_request("", "GET", next, NULL,
			      (const char *[]){ eh_auth_for("GET", "/api/v1/designations", NULL),
						NULL });
		ck_assert_ptr_null(eh_link(r, "prev"));
		free(next);
		next = take_page(&w, r, "items", NULL);
		t_free(r);
	}
	ck_assert_int_eq(w.n, 14);
	assert_each_once(&w);
	tresp *all = eh_request(BASE, "GET",
				"/api/v1/designations?municipalityCode=GM1701&limit=1000", NULL, NULL);
	assert_same_as_one_page(&w, all, "items");
	t_free(all);
}
END_TEST

/* Offers are listed by receivedOn: one received before the page being read
 * stays out of the walk (it lies behind the cursor), one received after it
 * shows up once, and every other offer is seen once. */
START_TEST(offer_next_links_survive_inserts_before_and_after_the_cursor)
{
	char *d = oh_designation(BASE, "GM0505", "Keyset VKR", OH_VOORKEURSRECHT, 4.66, 51.80, 0.02,
				 "2024-01-01", "2027-12-31");
	char day[16];
	for (int i = 0; i < 9; i++) {
		snprintf(day, sizeof(day), "2025-03-%02d", 10 + i);
		char *b = oh_offer_body("GM0505", day, 4.665 + 0.0001 * i, 51.805);
		free(oh_create_id(BASE, clerk.header, b));
		free(b);
	}
	const char *h[] = { clerk.header, NULL };
	walk w = { 0 };
	tresp *r = oh_req(BASE, clerk.header, "GET", "/api/v1/sale-notifications?limit=3", NULL,
			  NULL);
	ck_assert_int_eq(t_int(r->json, "numberMatched"), 9);
	char *next = take_page(&w, r, "items", "receivedOn");
	t_free(r);
	char *early = NULL, *late = NULL;
	while (next) {
		if (!early) {
			char *b = oh_offer_body("GM0505", "2025-03-01", 4.6651, 51.8051);
			early = oh_create_id(BASE, clerk.header, b);
			free(b);
			b = oh_offer_body("GM0505", "2025-04-01", 4.6652, 51.8052);
			late = oh_create_id(BASE, clerk.header, b);
			free(b);
		}
		r = t_request("", "GET", next, NULL, h);
		free(next);
		next = take_page(&w, r, "items", "receivedOn");
		t_free(r);
	}
	ck_assert_int_eq(w.n, 10);
	assert_each_once(&w);
	ck_assert_int_eq(seen(&w, early), 0);
	ck_assert_int_eq(seen(&w, late), 1);
	for (int i = 1; i < w.n; i++)
		ck_assert_msg(strcmp(w.keys[i - 1], w.keys[i]) <= 0, "%s before %s", w.keys[i - 1],
			      w.keys[i]);
	/* by offset, the early one would have pushed the third item onto page 2 */
	tresp *p = oh_req(BASE, clerk.header, "GET", "/api/v1/sale-notifications?limit=3&offset=3",
			  NULL, NULL);
	ck_assert_str_eq(t_str(json_array_get(json_object_get(p->json, "items"), 0), "id"),
			 w.ids[2]);
	t_free(p);
	free(early);
	free(late);
	free(d);
}
END_TEST

START_TEST(audit_log_next_links_see_every_row_once_while_rows_are_written)
{
	for (int i = 0; i < 5; i++)
		free(designation("GM1702", i));
	const char *h[] = { eh_admin("GM1702"), NULL };
	walk w = { 0 };
	tresp *r = t_request(BASE, "GET", "/api/v1/audit-log?entity=designation&limit=2", NULL, h);
	ck_assert_int_eq(t_int(r->json, "numberMatched"), 5);
	char *next = take_page(&w, r, "items", NULL);
	t_free(r);
	int added = 0;
	while (next) {
		if (added < 2)
			free(designation("GM1702", 100 + added++));
		r = t_request("", "GET", next, NULL, h);
		free(next);
		next = take_page(&w, r, "items", NULL);
		t_free(r);
	}
	ck_assert_int_eq(w.n, 7);
	assert_each_once(&w);
	for (int i = 1; i < w.n; i++)
		ck_assert_int_lt(atoll(w.ids[i - 1]), atoll(w.ids[i]));
}
END_TEST

START_TEST(ogc_items_next_links_see_every_feature_once_and_sortby_pages_by_offset)
{
	for (int i = 0; i < 7; i++)
		free(designation("GM1703", i));
	walk w = { 0 };
	const char *first = "/ogc/v1/collections/designations/items?municipalityCode=GM1703&limit=3";
	tresp *r = t_request(BASE, "GET", first, NULL, NULL);
	char *next = take_page(&w, r, "features", NULL);
	t_free(r);
	int added = 0;
	while (next) {
		if (added < 1)
			free(designation("GM1703", 100 + added++));
		r = t_request("", "GET", next, NULL, NULL);
		ck_assert_ptr_null(eh_link(r, "prev"));
		ck_assert_ptr_null(json_object_get(r->json, "numberMatched")); /* not counted again */
		free(next);
		next = take_page(&w, r, "features", NULL);
		t_free(r);
	}
	ck_assert_int_eq(w.n, 8);
	assert_each_once(&w);
	/* the same walk as an HTML page: its next link carries the cursor too */
	r = t_request(BASE, "GET", "/ogc/v1/collections/designations/items?municipalityCode=GM1703"
				   "&limit=3&f=html", NULL, NULL);
	ck_assert_ptr_nonnull(strstr(r->body, "rel=\"next\""));
	ck_assert_ptr_nonnull(strstr(strstr(r->body, "rel=\"next\""), "cursor="));
	t_free(r);
	/* sortby: paged by offset (a cursor does not carry the sort keys) */
	r = t_request(BASE, "GET", "/ogc/v1/collections/designations/items?municipalityCode=GM1703"
				   "&limit=3&sortby=-name", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	const char *n = eh_link(r, "next");
	ck_assert_msg(n && strstr(n, "offset=3") && !strstr(n, "cursor="), "next: %s", n);
	t_free(r);
}
END_TEST

/* A cursor for `list` made by the server: the next link of its first page. */
static char *a_cursor(const char *path, const char *const *h)
{
	tresp *r = t_request(BASE, "GET", path, NULL, h);
	const char *next = eh_link(r, "next");
	ck_assert_msg(next && strstr(next, "cursor="), "%s: %s", path, r->body);
	const char *c = strstr(next, "cursor=") + strlen("cursor=");
	char *out = strndup(c, strcspn(c, "&"));
	t_free(r);
	return out;
}

static void assert_bad_cursor(const char *path, const char *const *h, const char *code)
{
	tresp *r = t_request(BASE, "GET", path, NULL, h);
	ck_assert_msg(r->status == 400, "%s: %ld %s", path, r->status, r->body);
	ck_assert_str_eq(t_header(r, "Content-Type"), "application/problem+json");
	ck_assert_msg(eh_param(r, "cursor", code), "%s: %s", path, r->body);
	t_free(r);
}

START_TEST(a_cursor_that_is_not_the_lists_own_is_400_naming_it)
{
	for (int i = 0; i < 3; i++)
		free(designation("GM1704", i));
	const char *nat[] = { eh_national(), NULL }, *adm[] = { eh_admin("GM1704"), NULL };
	const char *cl[] = { clerk.header, NULL };
	char *dc = a_cursor("/api/v1/designations?municipalityCode=GM1704&limit=1", nat);
	char *fc = a_cursor("/ogc/v1/collections/designations/items?municipalityCode=GM1704"
			    "&limit=1", NULL);
	char p[512];
	/* a designations cursor works where it was made … */
	snprintf(p, sizeof(p), "/api/v1/designations?municipalityCode=GM1704&limit=1&cursor=%s",
		 dc);
	tresp *r = t_request(BASE, "GET", p, NULL, nat);
	ck_assert_int_eq(r->status, 200);
	t_free(r);
	/* … and nowhere else */
	snprintf(p, sizeof(p), "/api/v1/sale-notifications?cursor=%s", dc);
	assert_bad_cursor(p, cl, "invalid-cursor");
	snprintf(p, sizeof(p), "/api/v1/audit-log?cursor=%s", dc);
	assert_bad_cursor(p, adm, "invalid-cursor");
	snprintf(p, sizeof(p), "/ogc/v1/collections/designations/items?cursor=%s", dc);
	assert_bad_cursor(p, NULL, "invalid-cursor");
	snprintf(p, sizeof(p), "/api/v1/designations?cursor=%s", fc);
	assert_bad_cursor(p, nat, "invalid-cursor");
	/* changed, cut short, with an offset, with sortby */
	snprintf(p, sizeof(p), "/api/v1/designations?cursor=%.*s", (int)strlen(dc) - 2, dc);
	assert_bad_cursor(p, nat, "invalid-cursor");
	snprintf(p, sizeof(p), "/api/v1/designations?cursor=%s&offset=1", dc);
	assert_bad_cursor(p, nat, "cursor-with-offset");
	snprintf(p, sizeof(p), "/ogc/v1/collections/designations/items?cursor=%s&sortby=name", fc);
	assert_bad_cursor(p, NULL, "invalid-cursor");
	static const char *const junk[] = {
		"x", "%21%21%21%21", "bzF8",
		/* "o1|2026-13-01|1|3f2b8c1e-5d4a-4e7b-9c1d-2a6f8e0b7c31": no such day */
		"bzF8MjAyNi0xMy0wMXwxfDNmMmI4YzFlLTVkNGEtNGU3Yi05YzFkLTJhNmY4ZTBiN2MzMQ",
		/* "o1|2026-01-01|99999999999999999|…": past any created_at */
		"bzF8MjAyNi0wMS0wMXw5OTk5OTk5OTk5OTk5OTk5OXwzZjJiOGMxZS01ZDRhLTRlN2ItOWMxZC0yYTZmOGUwYjdjMzE",
		/* "o1|2026-01-01|1|not-a-uuid" */
		"bzF8MjAyNi0wMS0wMXwxfG5vdC1hLXV1aWQ",
	};
	for (size_t i = 0; i < sizeof(junk) / sizeof(junk[0]); i++) {
		snprintf(p, sizeof(p), "/api/v1/sale-notifications?cursor=%s", junk[i]);
		assert_bad_cursor(p, cl, "invalid-cursor");
	}
	/* a well-made offers cursor is taken */
	r = t_request(BASE, "GET",
		      "/api/v1/sale-notifications?cursor="
		      "bzF8MjAyNi0wMS0wMXwxfDNmMmI4YzFlLTVkNGEtNGU3Yi05YzFkLTJhNmY4ZTBiN2MzMQ",
		      NULL, cl);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	t_free(r);
	free(dc);
	free(fc);
}
END_TEST

int main(void)
{
	curl_global_init(CURL_GLOBAL_ALL);
	conninfo = testdb_create("wvlv_e2e_keyset");
	eh_init(conninfo);
	tserver_start(&srv, conninfo, NULL);
	tkey_create(conninfo, "GM0505", "clerk", "Keyset clerk", &clerk);
	(void)eh_admin("GM0505");
	(void)eh_national();

	Suite *s = suite_create("keyset");
	TCase *tc = tcase_create("next links");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, designations_next_links_see_every_item_once_in_order_while_rows_are_inserted);
	tcase_add_test(tc, offer_next_links_survive_inserts_before_and_after_the_cursor);
	tcase_add_test(tc, audit_log_next_links_see_every_row_once_while_rows_are_written);
	tcase_add_test(tc, ogc_items_next_links_see_every_feature_once_and_sortby_pages_by_offset);
	tcase_add_test(tc, a_cursor_that_is_not_the_lists_own_is_400_naming_it);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	tserver_stop(&srv);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
