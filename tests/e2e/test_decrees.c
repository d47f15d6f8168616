/* test_decrees.c — the Royal Decree days on a freshly migrated database
 * (migration 0008), `wvlv equated-days import|list`, and the nightly job's
 * decree-missing alert (docs/law.md §3.5 and §6), through the real binary.
 *
 * Expected dates are derived by hand: Fri 3 Apr 2026 + 6 weeks = Fri 15 May
 * 2026 (a decree day), Sat 16, Sun 17 → Mon 18 May; Fri 27 Nov 2026 + 6
 * weeks = Fri 8 Jan 2027, a working day unless equated.
 */
#include <check.h>
#include <jansson.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app_seed.h"
#include "http_client.h"
#include "server_proc.h"
#include "unit.h"

#define ck_q seed_ck_q

static const char *conninfo;

static void world(void)
{
	conninfo = seed_open("wvlv_e2e_decrees");
}

/* A voorkeursrecht designation from 1 Jan of `year` for four years, in a
 * square of its own; *lon, *lat inside. */
static void designation(const char *muni, int year, double *lon, double *lat)
{
	char start[32], end[32];
	snprintf(start, sizeof(start), "%d-01-01", year);
	snprintf(end, sizeof(end), "%d-12-31", year + 3);
	free(seed_designation(muni, "Decreewijk", true, start, end, NULL, lon, lat));
}

static char *offer(const char *muni, double lon, double lat, const char *received)
{
	return seed_offer(muni, lon, lat, received, WVLV_EXEMPT_NONE);
}

static const char *file_with(const char *text)
{
	static char path[64];
	snprintf(path, sizeof(path), "/tmp/wvlv_decrees_%d.csv", (int)getpid());
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	return path;
}

/* ---- a fresh install ---------------------------------------------------------------------- */

START_TEST(fresh_database_answers_the_decree_deadline)
{
	world();
	tserver s;
	tserver_start(&s, conninfo, NULL);
	tresp *r = t_request(s.base, "GET",
			     "/api/v1/deadline-calculator?term=response&from=2026-04-03", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert_str_eq(t_str(r->json, "deadline"), "2026-05-18");
	t_free(r);
	/* the worked example: Thu 2 Apr 2026 → Thu 14 May (Ascension), Fri 15 May (decree) → Mon 18 */
	r = t_request(s.base, "GET", "/api/v1/deadline-calculator?term=response&from=2026-04-02",
		      NULL, NULL);
	ck_assert_str_eq(t_str(r->json, "deadline"), "2026-05-18");
	t_free(r);
	/* Fri 9 Apr 2027 + 4 weeks = Fri 7 May (decree) → Mon 10 May 2027 */
	r = t_request(s.base, "GET",
		      "/api/v1/deadline-calculator?term=court-filing&from=2027-04-09", NULL, NULL);
	ck_assert_str_eq(t_str(r->json, "deadline"), "2027-05-10");
	t_free(r);
	ck_assert_int_eq(tserver_stop(&s), 0);
	ck_q("SELECT count(*) || ' ' || min(date) || ' ' || max(date) FROM equated_holidays", NULL,
	     "17 2017-04-28 2028-05-26");
	ck_q("SELECT string_agg(year::text, ',' ORDER BY year) FROM equated_decree_years", NULL,
	     "2017,2018,2019,2023,2024,2025,2026,2027,2028");
}
END_TEST

/* ---- wvlv equated-days import ------------------------------------------------------------ */

START_TEST(import_is_all_or_nothing_and_moves_open_deadlines)
{
	world();
	double x, y;
	designation("GM0505", 2024, &x, &y);
	char *a = offer("GM0505", x, y, "2026-11-27");
	ck_q("SELECT response_deadline::text FROM sale_notifications WHERE id = $1", a,
	     "2027-01-08");
	/* refused whole: a Saturday, a holiday, a shipped day with another reference */
	trun_out r = trun("equated-days", "import", "--database-url", conninfo,
			file_with("date,reference\n2027-01-08,KB test\n2029-05-12,KB test\n"
				  "2029-12-25,KB test\n2026-05-15,another\n"),
			NULL);
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.out, "");
	ck_assert_ptr_nonnull(strstr(r.err, ":3: 2029-05-12 is a Saturday"));
	ck_assert_ptr_nonnull(strstr(r.err, ":4: 2029-12-25 is Eerste Kerstdag, a holiday under Atw art. 3 already"));
	ck_assert_ptr_nonnull(strstr(r.err, ":5: 2026-05-15 is equated already"));
	ck_assert_ptr_null(strstr(r.err, ":2:"));
	trun_free(&r);
	ck_q("SELECT count(*)::text FROM equated_holidays", NULL, "17");
	ck_q("SELECT response_deadline::text FROM sale_notifications WHERE id = $1", a,
	     "2027-01-08");
	/* taken: Fri 8 Jan 2027 equated → the open deadline moves to Mon 11 Jan */
	const char *good = "2027-01-08,\"KB test, Stcrt. 2026, 1\"\n"
			   "2026-05-15,Koninklijk Besluit gelijkgestelde dagen 2026–2028 (Atw art. "
			   "3(3))\n";
	r = trun("equated-days", "import", "--database-url", conninfo, file_with(good), NULL);
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_ptr_nonnull(strstr(r.out, "1 day added, 1 already present, 1 open deadline moved; "
					    "years covered: 2026-2027 (0 new)."));
	trun_free(&r);
	ck_q("SELECT response_deadline::text FROM sale_notifications WHERE id = $1", a,
	     "2027-01-11");
	ck_q("SELECT string_agg(type || ' ' || actor || ' ' || (data->>'deadline'), ',')"
	     " FROM sale_notification_events WHERE sale_notification_id = $1::uuid", a,
	     "deadline-moved wvlv equated-days import 2027-01-11");
	ck_q("SELECT token_label || ' ' || action || ' ' || (changes->'reference'->>'after')"
	     " FROM audit_log WHERE entity = 'equated-holiday' AND entity_id = '2027-01-08'",
	     NULL, "wvlv equated-days import create KB test, Stcrt. 2026, 1");
	/* again: nothing changes */
	r = trun("equated-days", "import", "--database-url", conninfo, file_with(good), NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "0 days added, 2 already present, 0 open deadlines moved"));
	trun_free(&r);
	ck_q("SELECT count(*)::text FROM audit_log WHERE entity = 'equated-holiday'", NULL, "1");
	/* list, and usage */
	r = trun("equated-days", "list", "--database-url", conninfo, NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "2027-01-08  Fri  KB test, Stcrt. 2026, 1\n"));
	ck_assert_ptr_nonnull(strstr(r.out, "Years covered by a loaded decree: 2017-2019, 2023-2028\n"));
	trun_free(&r);
	r = trun("equated-days", "import", "--covers", "2031", "x.csv", NULL);
	ck_assert_int_eq(r.status, 2);
	trun_free(&r);
	r = trun("equated-days", "import", NULL);
	ck_assert_int_eq(r.status, 2);
	trun_free(&r);
	free(a);
}
END_TEST

/* ---- the nightly job: decree-missing -------------------------------------------------------- */

#define NOTHING \
	"summary: 0 approaching, 0 missed (lapsed), 0 released, 0 designations ending, 0 webhook failures\n"

START_TEST(open_deadlines_in_a_year_without_a_decree_are_reported_once)
{
	world();
	double x1, y1, x2, y2;
	designation("GM0505", 2020, &x1, &y1);
	designation("GM0599", 2020, &x2, &y2);
	/* 2021 has no decree loaded.  Mon 1 Mar 2021 + 42 = Mon 12 Apr; Tue 2 Mar → Tue 13 Apr;
	 * Fri 26 Feb → Fri 9 Apr. */
	char *a = offer("GM0505", x1, y1, "2021-03-01");
	char *b = offer("GM0505", x1, y1, "2021-03-02");
	char *c = offer("GM0599", x2, y2, "2021-02-26");
	trun_out r = trun("alerts", "--database-url", conninfo, "--today", "2021-03-03", NULL);
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_str_eq(r.out,
			 "2021-03-03 decree-missing GM0505 no decree loaded for 2021: check the "
			 "Staatscourant (2 open deadlines in 2021, the first 2021-04-12)\n"
			 "2021-03-03 decree-missing GM0599 no decree loaded for 2021: check the "
			 "Staatscourant (1 open deadline in 2021, the first 2021-04-09)\n"
			 "summary: 0 approaching, 0 missed (lapsed), 0 released, 0 designations "
			 "ending, 0 webhook failures, 2 decree-missing alerts\n");
	trun_free(&r);
	ck_q("SELECT string_agg(kind || ' ' || entity_id || ' ' || due_date || ' ' || threshold"
	     " || ' ' || municipality_code, ',' ORDER BY municipality_code) FROM alert_ledger", NULL,
	     "decree-missing 00002021-0000-4000-8000-000000000505 2021-01-01 0 GM0505,"
	     "decree-missing 00002021-0000-4000-8000-000000000599 2021-01-01 0 GM0599");
	/* the same night and the next: once per year */
	r = trun("alerts", "--database-url", conninfo, "--today", "2021-03-03", NULL);
	ck_assert_str_eq(r.out, NOTHING);
	trun_free(&r);
	r = trun("alerts", "--database-url", conninfo, "--today", "2021-03-04", "--format", "json",
		NULL);
	ck_assert_ptr_null(strstr(r.out, "decree-missing"));
	ck_assert_ptr_nonnull(strstr(r.out, "\"yearsWithoutDecree\":0"));
	trun_free(&r);
	/* a dry run on a fresh ledger would say it again (nothing recorded) */
	PQclear(PQexec(seed_pg(), "DELETE FROM alert_ledger"));
	r = trun("alerts", "--database-url", conninfo, "--today", "2021-03-04", "--dry-run",
		"--format", "json", NULL);
	ck_assert_ptr_nonnull(strstr(r.out, "\"kind\":\"decree-missing\""));
	ck_assert_ptr_nonnull(strstr(r.out, "\"year\":2021,\"openDeadlines\":2"));
	trun_free(&r);
	ck_q("SELECT count(*)::text FROM alert_ledger", NULL, "0");
	/* a decree for 2020-2022 loaded (a day of this test's own) → nothing to report */
	r = trun("equated-days", "import", "--database-url", conninfo, "--covers", "2020-2022",
		file_with("2021-05-14,KB test 2020-2022\n"), NULL);
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_ptr_nonnull(strstr(r.out, "years covered: 2020-2022 (3 new)"));
	trun_free(&r);
	r = trun("alerts", "--database-url", conninfo, "--today", "2021-03-05", NULL);
	ck_assert_str_eq(r.out, NOTHING);
	trun_free(&r);
	free(a);
	free(b);
	free(c);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("decrees");
	TCase *tc = tcase_create("decrees");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, fresh_database_answers_the_decree_deadline);
	tcase_add_test(tc, import_is_all_or_nothing_and_moves_open_deadlines);
	tcase_add_test(tc, open_deadlines_in_a_year_without_a_decree_are_reported_once);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
