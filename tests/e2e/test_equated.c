/* test_equated.c — the days equated with holidays as national data, over HTTP
 * against the real server (docs/law.md §2.10, §3.5; issue 11 points 2 and 3):
 * the national admin's change seen from the municipalities it moves
 * deadlines in (events and audit entries naming the decree and the token),
 * removal never moving a deadline back, the lapsed offers it comes too late
 * for, the days that cannot be equated (422), and equated days entered
 * carelessly in the database never making registration, events or the
 * calculator answer 500, and a change they make uncountable refused whole. */
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
static tkey clerk701, clerk702;
static const char *natadmin;
static char D701[40], D702[40];

#define BASE srv.base
#define EQ   "/api/v1/equated-holidays"
#define P701 4.805, 51.605
#define P702 4.905, 51.605

/* An offer received on `received` at lon/lat, with its own parcel (k). */
static char *offer(const tkey *k, const char *muni, const char *received, double lon, double lat,
		   int parcel)
{
	char *b = oh_offer_body(muni, received, lon, lat);
	char p[48];
	snprintf(p, sizeof(p), "[\"DDT01 K %d\"]", 7000 + parcel);
	char *b2 = oh_with(b, "property.cadastralParcels", p);
	char *id = oh_create_id(BASE, k->header, b2);
	free(b2);
	free(b);
	return id;
}

static void fixture(char out[40], const char *muni, double lon, double lat)
{
	char *id = oh_designation(BASE, muni, "VKR equated", OH_VOORKEURSRECHT, lon, lat, 0.02,
				  "2024-01-01", "2027-12-31");
	snprintf(out, 40, "%s", id);
	free(id);
}

/* The designations the offers lie in, made by the first test that runs. */
static void ensure_fixtures(void)
{
	if (D701[0])
		return;
	fixture(D701, "GM0701", 4.80, 51.60);
	fixture(D702, "GM0702", 4.90, 51.60);
}

static const char *deadline_of(const tkey *k, const char *id, const char *field)
{
	static char out[4][16];
	static int slot;
	tresp *r = oh_get(BASE, k->header, id);
	ck_assert_int_eq(r->status, 200);
	char *o = out[slot++ % 4];
	snprintf(o, 16, "%s", t_str(r->json, field) ? t_str(r->json, field) : "(none)");
	t_free(r);
	return o;
}

/* The audit entries of one offer as its municipality's admin reads them:
 * the first with this action, or NULL. */
static json_t *audit_entry(const char *muni, const char *id, const char *action, tresp **keep)
{
	char path[160];
	snprintf(path, sizeof(path), "/api/v1/audit-log?entityId=%s", id);
	*keep = oh_req(BASE, eh_admin(muni), "GET", path, NULL, NULL);
	ck_assert_msg((*keep)->status == 200, "%ld %s", (*keep)->status, (*keep)->body);
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get((*keep)->json, "items"), i, it)
		if (t_str(it, "action") && strcmp(t_str(it, "action"), action) == 0)
			return it;
	return NULL;
}

/* Close an offer as the nightly job would (status lapsed), with the audit
 * row the database requires, as the owner. */
static void mark_lapsed(const char *id, const char *muni)
{
	char sql[512];
	snprintf(sql, sizeof(sql),
		 "UPDATE sale_notifications SET status = 'lapsed', version = version + 1"
		 " WHERE id = '%s';"
		 " INSERT INTO audit_log (municipality_code, entity, entity_id, action, changes)"
		 " VALUES ('%s', 'sale-notification', '%s', 'lapse', '{}')",
		 id, muni, id);
	PGresult *r = PQexec(eh_db(), sql);
	ck_assert_msg(PQresultStatus(r) == PGRES_COMMAND_OK, "%s", PQerrorMessage(eh_db()));
	PQclear(r);
}

START_TEST(a_national_admins_day_moves_deadlines_in_each_municipalitys_own_records)
{
	ensure_fixtures();
	/* Fri 2 May 2025 + 6 weeks = Fri 13 Jun 2025 */
	char *a = offer(&clerk701, "GM0701", "2025-05-02", P701, 1);
	char *l = offer(&clerk702, "GM0702", "2025-05-02", P702, 2);
	mark_lapsed(l, "GM0702");
	ck_assert_str_eq(deadline_of(&clerk701, a, "responseDeadline"), "2025-06-13");

	tresp *r = oh_req(BASE, natadmin, "POST", EQ,
			  "{\"date\":\"2025-06-13\",\"reference\":\"Stcrt. 2025, 4711\"}", NULL);
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	ck_assert_int_eq(t_int(r->json, "deadlinesMoved"), 1);
	/* the lapsed offer: named, not reopened */
	json_t *closed = json_object_get(r->json, "closedTooEarly");
	ck_assert_uint_eq(json_array_size(closed), 1);
	json_t *c0 = json_array_get(closed, 0);
	ck_assert_str_eq(oh_s(c0, "id"), l);
	ck_assert_str_eq(oh_s(c0, "municipalityCode"), "GM0702");
	ck_assert_str_eq(oh_s(c0, "status"), "lapsed");
	ck_assert_str_eq(oh_s(c0, "deadline"), "2025-06-13");
	ck_assert_str_eq(oh_s(c0, "deadlineWithThisDay"), "2025-06-16");
	t_free(r);

	/* GM0701 sees the move in its own records: the event and the audit entry,
	 * both by the national admin's token, naming the day and the decree */
	r = oh_get(BASE, clerk701.header, a);
	ck_assert_str_eq(oh_s(r->json, "responseDeadline"), "2025-06-16");
	json_t *ev = oh_ev(r->json, 0);
	ck_assert_str_eq(oh_s(ev, "type"), "deadline-moved");
	ck_assert_str_eq(oh_s(ev, "actor"), "e2e national");
	ck_assert_str_eq(oh_s(ev, "equatedDay"), "2025-06-13");
	ck_assert_str_eq(oh_s(ev, "reference"), "Stcrt. 2025, 4711");
	t_free(r);
	tresp *keep;
	json_t *au = audit_entry("GM0701", a, "deadline-moved", &keep);
	ck_assert_msg(au != NULL, "%s", keep->body);
	ck_assert_str_eq(oh_s(au, "tokenLabel"), "e2e national");
	ck_assert_str_eq(oh_s(au, "municipalityCode"), "GM0701");
	json_t *ch = json_object_get(au, "changes");
	ck_assert_str_eq(oh_s(json_object_get(ch, "responseDeadline"), "after"), "2025-06-16");
	ck_assert_str_eq(oh_s(json_object_get(ch, "reference"), "after"), "Stcrt. 2025, 4711");
	ck_assert_str_eq(oh_s(json_object_get(ch, "equatedDay"), "after"), "2025-06-13");
	t_free(keep);
	/* GM0702 learns of its lapsed offer from its own audit log */
	au = audit_entry("GM0702", l, "deadline-not-moved", &keep);
	ck_assert_msg(au != NULL, "%s", keep->body);
	ck_assert_str_eq(oh_s(au, "tokenLabel"), "e2e national");
	ch = json_object_get(au, "changes");
	ck_assert_str_eq(oh_s(json_object_get(ch, "deadline"), "before"), "2025-06-13");
	ck_assert_str_eq(oh_s(json_object_get(ch, "deadline"), "after"), "2025-06-16");
	ck_assert_str_eq(oh_s(json_object_get(ch, "reference"), "after"), "Stcrt. 2025, 4711");
	t_free(keep);
	ck_assert_str_eq(deadline_of(&clerk702, l, "status"), "lapsed");
	ck_assert_str_eq(deadline_of(&clerk702, l, "responseDeadline"), "2025-06-13");

	/* removing the day never moves a deadline earlier */
	r = oh_req(BASE, natadmin, "DELETE", EQ "/2025-06-13", NULL, NULL);
	ck_assert_msg(r->status == 204, "%ld %s", r->status, r->body);
	t_free(r);
	ck_assert_str_eq(deadline_of(&clerk701, a, "responseDeadline"), "2025-06-16");
	ck_assert_int_eq(oh_event_rows(eh_db(), a, NULL), 1);
	free(l);
	free(a);
}
END_TEST

START_TEST(only_a_weekday_that_is_no_holiday_can_be_equated)
{
	static const struct { const char *day, *code; } cases[] = {
		{ "2150-05-16", "not-a-weekday" },     /* Saturday */
		{ "2150-05-17", "not-a-weekday" },     /* Sunday */
		{ "2026-05-14", "already-a-holiday" }, /* Hemelvaartsdag */
		{ "2026-04-03", "already-a-holiday" }, /* Goede Vrijdag */
		{ "2026-12-25", "already-a-holiday" }, /* Eerste Kerstdag */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char body[128];
		snprintf(body, sizeof(body), "{\"date\":\"%s\",\"reference\":\"x\"}", cases[i].day);
		oh_snapshot before;
		oh_snapshot_take(eh_db(), &before);
		tresp *r = oh_req(BASE, natadmin, "POST", EQ, body, NULL);
		eh_assert_problem(r, 422, cases[i].code, EQ);
		eh_assert_param(r, "date", cases[i].code);
		oh_assert_unchanged(eh_db(), &before);
		t_free(r);
	}
}
END_TEST

/* The weekdays Mon 13 Oct … Fri 31 Oct 2025 (15), as a careless operator
 * might put them straight into the table. */
static void equate_run_directly(bool on)
{
	PGresult *r = PQexec(eh_db(),
			     on ? "INSERT INTO equated_holidays (date, reference)"
				  " SELECT d::date, 'careless' FROM generate_series('2025-10-13'::date,"
				  " '2025-10-31'::date, '1 day') d WHERE extract(isodow FROM d) < 6"
				: "DELETE FROM equated_holidays WHERE reference = 'careless'");
	ck_assert_msg(PQresultStatus(r) == PGRES_COMMAND_OK, "%s", PQerrorMessage(eh_db()));
	ck_assert_str_eq(PQcmdTuples(r), "15");
	PQclear(r);
}

START_TEST(a_run_of_fifteen_equated_weekdays_never_yields_a_500)
{
	ensure_fixtures();
	/* Fri 5 Sep 2025 + 6 weeks = Fri 17 Oct 2025, before the run is entered */
	char *c = offer(&clerk701, "GM0701", "2025-09-05", P701, 3);
	char *b = offer(&clerk701, "GM0701", "2025-09-05", P701, 4);
	oh_event_ok(BASE, clerk701.header, b, "decision", "2025-09-10", "\"decision\":\"willing\"",
		    "negotiating");
	equate_run_directly(true);

	/* registration: a problem that says why, nothing registered */
	static const char *const received[] = { "2025-09-05", "2025-09-01", "2025-09-03" };
	for (size_t i = 0; i < 3; i++) {
		char *body = oh_offer_body("GM0701", received[i], P701);
		oh_snapshot before;
		oh_snapshot_take(eh_db(), &before);
		tresp *r = oh_req(BASE, clerk701.header, "POST", "/api/v1/sale-notifications", body,
				  NULL);
		eh_assert_problem(r, 409, "deadline-moved-too-far", "/api/v1/sale-notifications");
		oh_assert_unchanged(eh_db(), &before);
		t_free(r);
		free(body);
	}
	/* an event whose new deadline falls in the run: Fri 19 Sep + 4 weeks = 17 Oct */
	oh_snapshot before;
	oh_snapshot_take(eh_db(), &before);
	tresp *r = oh_event(BASE, clerk701.header, b, "court-requested", "2025-09-19", NULL, NULL);
	eh_assert_problem(r, 409, "deadline-moved-too-far", oh_path(b, "/events"));
	oh_assert_unchanged(eh_db(), &before);
	t_free(r);
	/* reading the offers still works */
	r = oh_get(BASE, clerk701.header, c);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	t_free(r);
	/* the calculator: a problem, for both terms */
	r = oh_req(BASE, NULL, "GET", "/api/v1/deadline-calculator?term=response&from=2025-09-05",
		   NULL, NULL);
	ck_assert_int_eq(r->status, 409);
	ck_assert_str_eq(oh_s(r->json, "code"), "deadline-moved-too-far");
	t_free(r);
	r = oh_req(BASE, NULL, "GET",
		   "/api/v1/deadline-calculator?term=court-filing&from=2025-09-19", NULL, NULL);
	ck_assert_int_eq(r->status, 409);
	t_free(r);

	/* a day next to the run: C's deadline cannot be counted with it → 409
	 * naming C, and nothing changes (offers, events, audit rows, days) */
	oh_snapshot_take(eh_db(), &before);
	long audit = eh_pg_long(eh_db(), "SELECT count(*) FROM audit_log", NULL);
	r = oh_req(BASE, natadmin, "POST", EQ,
		   "{\"date\":\"2025-11-03\",\"reference\":\"Stcrt. 2025, 9999\"}", NULL);
	eh_assert_problem(r, 409, "equated-day-not-applicable", EQ);
	ck_assert_msg(strstr(oh_s(r->json, "detail"), c) != NULL, "%s", r->body);
	ck_assert_msg(eh_param(r, c, "deadline-moved-too-far") != NULL, "%s", r->body);
	oh_assert_unchanged(eh_db(), &before);
	ck_assert_int_eq(eh_pg_long(eh_db(), "SELECT count(*) FROM audit_log", NULL), audit);
	ck_assert_str_eq(deadline_of(&clerk701, c, "responseDeadline"), "2025-10-17");
	t_free(r);

	equate_run_directly(false);
	free(b);
	free(c);
}
END_TEST


int main(void)
{
	conninfo = e2e_start(&srv, "wvlv_e2e_equated");
	tkey_create(conninfo, "GM0701", "clerk", "Clerk 701", &clerk701);
	tkey_create(conninfo, "GM0702", "clerk", "Clerk 702", &clerk702);
	natadmin = eh_national_admin();

	Suite *s = suite_create("equated days");
	TCase *tc = e2e_case(s, "national data", 60);
	tcase_add_test(tc, a_national_admins_day_moves_deadlines_in_each_municipalitys_own_records);
	tcase_add_test(tc, only_a_weekday_that_is_no_holiday_can_be_equated);
	tcase_add_test(tc, a_run_of_fifteen_equated_weekdays_never_yields_a_500);
	return e2e_run(s, &srv);
}
