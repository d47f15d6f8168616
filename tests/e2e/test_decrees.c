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
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "e2e_helpers.h"
#include "http_client.h"
#include "offers.h"
#include "registry.h"
#include "server_proc.h"
#include "tdate.h"
#include "testdb.h"

#define D t_date

static const char *conninfo;
static wvlv_db *db;
static PGconn *pg;
static int squares;

typedef struct run_out {
	int   status;
	char *out;
	char *err;
} run_out;

static char *slurp(FILE *f)
{
	fflush(f);
	long n = ftell(f);
	char *b = malloc((size_t)(n > 0 ? n : 0) + 1);
	ck_assert_ptr_nonnull(b);
	rewind(f);
	size_t got = n > 0 ? fread(b, 1, (size_t)n, f) : 0;
	b[got] = '\0';
	fclose(f);
	return b;
}

/* wvlv ARGS… (NULL-terminated), stdout and stderr apart. */
static run_out run(const char *first, ...)
{
	const char *argv[32] = { WVLV_BINARY };
	int n = 1;
	va_list ap;
	va_start(ap, first);
	for (const char *a = first; a && n < 31; a = va_arg(ap, const char *))
		argv[n++] = a;
	va_end(ap);
	argv[n] = NULL;
	FILE *o = tmpfile(), *e = tmpfile();
	ck_assert(o && e);
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(fileno(o), 1);
		dup2(fileno(e), 2);
		unsetenv("WVLV_ALERT_WEBHOOK");
		execv(WVLV_BINARY, (char *const *)(uintptr_t)argv);
		_exit(127);
	}
	int st = 0;
	waitpid(pid, &st, 0);
	fseek(o, 0, SEEK_END);
	fseek(e, 0, SEEK_END);
	run_out r = { .status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 };
	r.out = slurp(o);
	r.err = slurp(e);
	return r;
}

static void run_free(run_out *r)
{
	free(r->out);
	free(r->err);
}

static void world(void)
{
	conninfo = testdb_create("wvlv_e2e_decrees");
	db = testdb_connect(conninfo, WVLV_SERVER_ROLE);
	ck_assert_ptr_nonnull(db);
	pg = eh_pg(conninfo);
}

static wvlv_caller admin(const char *muni)
{
	wvlv_caller c = { .role = WVLV_ROLE_ADMIN };
	snprintf(c.municipality_code, sizeof(c.municipality_code), "%s", muni);
	snprintf(c.label, sizeof(c.label), "test clerk");
	return c;
}

static void txn(const wvlv_caller *c)
{
	wvlv_error err;
	wvlv_error_clear(&err);
	ck_assert(wvlv_db_begin(db, &err) == WVLV_OK);
	ck_assert(wvlv_db_set_caller(db, c, &err) == WVLV_OK);
}

static void txn_end(wvlv_status st, const wvlv_error *err)
{
	wvlv_error cerr;
	wvlv_error_clear(&cerr);
	if (st == WVLV_OK)
		st = wvlv_db_commit(db, &cerr);
	else
		wvlv_db_rollback(db);
	ck_assert_msg(st == WVLV_OK, "%s %s", err->detail, cerr.detail);
}

/* A voorkeursrecht designation from 1 Jan of `year` for four years, in a
 * square of its own; *lon, *lat inside. */
static void designation(const char *muni, int year, double *lon, double *lat)
{
	double x = 4.50 + 0.01 * squares++, y = 51.80, s = 0.005;
	char geom[320];
	snprintf(geom, sizeof(geom),
		 "{\"type\":\"Polygon\",\"coordinates\":[[[%.4f,%.4f],[%.4f,%.4f],[%.4f,%.4f],"
		 "[%.4f,%.4f],[%.4f,%.4f]]]}",
		 x, y, x + s, y, x + s, y + s, x, y + s, x, y);
	*lon = x + s / 2;
	*lat = y + s / 2;
	char start[32], end[32];
	snprintf(start, sizeof(start), "%d-01-01", year);
	snprintf(end, sizeof(end), "%d-12-31", year + 3);
	wvlv_designation_new d = {
		.municipality_code = muni, .kind = WVLV_KIND_AREA, .name = "Decreewijk",
		.measures = WVLV_MEASURE_ART8 | WVLV_MEASURE_VOORKEURSRECHT,
		.geometry_json = geom, .geometry_crs = WVLV_CRS_CRS84,
		.first = { .sequence = 1, .start = D(start), .end = D(end),
			   .decision_reference = "Stcrt. decrees test" },
	};
	wvlv_caller c = admin(muni);
	wvlv_arena *arena = wvlv_arena_create();
	wvlv_error err;
	wvlv_error_clear(&err);
	wvlv_designation out;
	txn(&c);
	txn_end(wvlv_registry_create(db, arena, &c, &d, WVLV_CRS_CRS84, &out, &err), &err);
	wvlv_arena_destroy(arena);
}

static char *offer(const char *muni, double lon, double lat, const char *received)
{
	char loc[128];
	snprintf(loc, sizeof(loc), "{\"type\":\"Point\",\"coordinates\":[%.6f,%.6f]}", lon, lat);
	wvlv_offer_create c = {
		.municipality_code = muni, .received_on = D(received),
		.property_json = "{\"cadastralParcels\":[],\"bagIds\":[],"
				 "\"address\":{\"street\":\"Voorstraat\",\"houseNumber\":\"12\","
				 "\"postalCode\":\"3311AA\",\"city\":\"Dordrecht\"}}",
		.location_json = loc, .location_crs = WVLV_CRS_CRS84,
		.owner_json = "{\"name\":\"J. de Vries\"}", .exemption = WVLV_EXEMPT_NONE,
	};
	wvlv_caller cl = admin(muni);
	wvlv_arena *arena = wvlv_arena_create();
	wvlv_error err;
	wvlv_error_clear(&err);
	wvlv_offer out;
	txn(&cl);
	txn_end(wvlv_offers_create(db, arena, &cl, &c, D(received), WVLV_CRS_CRS84, &out, &err),
		&err);
	char *id = strdup(out.id);
	wvlv_arena_destroy(arena);
	return id;
}

static char *q(const char *sql, const char *p1)
{
	const char *params[] = { p1, NULL };
	return eh_pg_value(pg, sql, p1 ? params : NULL);
}

static void ck_q(const char *sql, const char *p1, const char *want)
{
	char *v = q(sql, p1);
	ck_assert_msg(v && !strcmp(v, want), "%s [%s]: \"%s\", want \"%s\"", sql, p1 ? p1 : "",
		      v ? v : "(null)", want);
	free(v);
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
	run_out r = run("equated-days", "import", "--database-url", conninfo,
			file_with("date,reference\n2027-01-08,KB test\n2029-05-12,KB test\n"
				  "2029-12-25,KB test\n2026-05-15,another\n"),
			NULL);
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.out, "");
	ck_assert_ptr_nonnull(strstr(r.err, ":3: 2029-05-12 is a Saturday"));
	ck_assert_ptr_nonnull(strstr(r.err, ":4: 2029-12-25 is Eerste Kerstdag, a holiday under Atw art. 3 already"));
	ck_assert_ptr_nonnull(strstr(r.err, ":5: 2026-05-15 is equated already"));
	ck_assert_ptr_null(strstr(r.err, ":2:"));
	run_free(&r);
	ck_q("SELECT count(*)::text FROM equated_holidays", NULL, "17");
	ck_q("SELECT response_deadline::text FROM sale_notifications WHERE id = $1", a,
	     "2027-01-08");
	/* taken: Fri 8 Jan 2027 equated → the open deadline moves to Mon 11 Jan */
	const char *good = "2027-01-08,\"KB test, Stcrt. 2026, 1\"\n"
			   "2026-05-15,Koninklijk Besluit gelijkgestelde dagen 2026–2028 (Atw art. "
			   "3(3))\n";
	r = run("equated-days", "import", "--database-url", conninfo, file_with(good), NULL);
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_ptr_nonnull(strstr(r.out, "1 day added, 1 already present, 1 open deadline moved; "
					    "years covered: 2026-2027 (0 new)."));
	run_free(&r);
	ck_q("SELECT response_deadline::text FROM sale_notifications WHERE id = $1", a,
	     "2027-01-11");
	ck_q("SELECT string_agg(type || ' ' || actor || ' ' || (data->>'deadline'), ',')"
	     " FROM sale_notification_events WHERE sale_notification_id = $1::uuid", a,
	     "deadline-moved wvlv equated-days import 2027-01-11");
	ck_q("SELECT token_label || ' ' || action || ' ' || (changes->'reference'->>'after')"
	     " FROM audit_log WHERE entity = 'equated-holiday' AND entity_id = '2027-01-08'",
	     NULL, "wvlv equated-days import create KB test, Stcrt. 2026, 1");
	/* again: nothing changes */
	r = run("equated-days", "import", "--database-url", conninfo, file_with(good), NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "0 days added, 2 already present, 0 open deadlines moved"));
	run_free(&r);
	ck_q("SELECT count(*)::text FROM audit_log WHERE entity = 'equated-holiday'", NULL, "1");
	/* list, and usage */
	r = run("equated-days", "list", "--database-url", conninfo, NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "2027-01-08  Fri  KB test, Stcrt. 2026, 1\n"));
	ck_assert_ptr_nonnull(strstr(r.out, "Years covered by a loaded decree: 2017-2019, 2023-2028\n"));
	run_free(&r);
	r = run("equated-days", "import", "--covers", "2031", "x.csv", NULL);
	ck_assert_int_eq(r.status, 2);
	run_free(&r);
	r = run("equated-days", "import", NULL);
	ck_assert_int_eq(r.status, 2);
	run_free(&r);
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
	run_out r = run("alerts", "--database-url", conninfo, "--today", "2021-03-03", NULL);
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_str_eq(r.out,
			 "2021-03-03 decree-missing GM0505 no decree loaded for 2021: check the "
			 "Staatscourant (2 open deadlines in 2021, the first 2021-04-12)\n"
			 "2021-03-03 decree-missing GM0599 no decree loaded for 2021: check the "
			 "Staatscourant (1 open deadline in 2021, the first 2021-04-09)\n"
			 "summary: 0 approaching, 0 missed (lapsed), 0 released, 0 designations "
			 "ending, 0 webhook failures, 2 decree-missing alerts\n");
	run_free(&r);
	ck_q("SELECT string_agg(kind || ' ' || entity_id || ' ' || due_date || ' ' || threshold"
	     " || ' ' || municipality_code, ',' ORDER BY municipality_code) FROM alert_ledger", NULL,
	     "decree-missing 00002021-0000-4000-8000-000000000505 2021-01-01 0 GM0505,"
	     "decree-missing 00002021-0000-4000-8000-000000000599 2021-01-01 0 GM0599");
	/* the same night and the next: once per year */
	r = run("alerts", "--database-url", conninfo, "--today", "2021-03-03", NULL);
	ck_assert_str_eq(r.out, NOTHING);
	run_free(&r);
	r = run("alerts", "--database-url", conninfo, "--today", "2021-03-04", "--format", "json",
		NULL);
	ck_assert_ptr_null(strstr(r.out, "decree-missing"));
	ck_assert_ptr_nonnull(strstr(r.out, "\"yearsWithoutDecree\":0"));
	run_free(&r);
	/* a dry run on a fresh ledger would say it again (nothing recorded) */
	PQclear(PQexec(pg, "DELETE FROM alert_ledger"));
	r = run("alerts", "--database-url", conninfo, "--today", "2021-03-04", "--dry-run",
		"--format", "json", NULL);
	ck_assert_ptr_nonnull(strstr(r.out, "\"kind\":\"decree-missing\""));
	ck_assert_ptr_nonnull(strstr(r.out, "\"year\":2021,\"openDeadlines\":2"));
	run_free(&r);
	ck_q("SELECT count(*)::text FROM alert_ledger", NULL, "0");
	/* a decree for 2020-2022 loaded (a day of this test's own) → nothing to report */
	r = run("equated-days", "import", "--database-url", conninfo, "--covers", "2020-2022",
		file_with("2021-05-14,KB test 2020-2022\n"), NULL);
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_ptr_nonnull(strstr(r.out, "years covered: 2020-2022 (3 new)"));
	run_free(&r);
	r = run("alerts", "--database-url", conninfo, "--today", "2021-03-05", NULL);
	ck_assert_str_eq(r.out, NOTHING);
	run_free(&r);
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
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
