/* test_import.c — `wvlv import designations|offers` and `wvlv export
 * designations` (issue 17) with real files made in the test by GDAL's own
 * ogr2ogr (gdal-bin) from CSV text: GeoPackage, Shapefile, GeoJSON, CSV with
 * WKT and FlatGeobuf, in RD New and in WGS84, against a migrated database of this
 * program's own and `wvlv serve` on it (the OGC map shows what was imported).
 *
 *  - the rows the import writes are those the API writes for the same
 *    designation (the designation, its periods, its audit rows);
 *  - a clean import of each format and CRS: the designations, their periods,
 *    extension and withdrawal are in the database, the areas as drawn (within
 *    0.5% after WGS84 → RD), audited with the actor "import" and the file's
 *    name; they are on /ogc/v1; --dry-run writes nothing;
 *  - one bad record refuses the whole file: exit 1, nothing written, the
 *    table and the --report CSV name the record, the field (the file's column
 *    where --map renamed it) and the API's reason;
 *  - the place cap across two records of one file;
 *  - an offer history replayed into the right states, lapses and releases
 *    on the way recorded by the system, deadlines computed;
 *  - the round trip import → export (gpkg, geojson, csv) → import into other
 *    municipalities → export: the same designations.
 * The wvlv and ogr2ogr processes that do not depend on each other run side by
 * side (most of each one's time is GDAL's start). */
#include <check.h>
#include <libpq-fe.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "e2e_helpers.h"
#include "e2e_main.h"
#include "http_client.h"
#include "server_proc.h"
#include "testdb.h"

static tserver srv;
static const char *conninfo;
static char tmpdir[64];

static char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static char *fmt(const char *f, ...)
{
	static char bufs[16][1024];
	static int next;
	char *b = bufs[next++ % 16];
	va_list ap;
	va_start(ap, f);
	vsnprintf(b, sizeof(bufs[0]), f, ap);
	va_end(ap);
	return b;
}

/* A square of 500 m in RD New with its south-west corner at (x, y). */
static const char *square(int x, int y)
{
	return fmt("\"POLYGON((%d %d,%d %d,%d %d,%d %d,%d %d))\"", x, y, x + 500, y, x + 500,
		   y + 500, x, y + 500, x, y);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	ck_assert_msg(f != NULL, "cannot write %s", path);
	fputs(text, f);
	fclose(f);
}

/* The ogr2ogr command that turns the RD CSV src into dst with the driver, in
 * the CRS to (EPSG:4326, or EPSG:28992), with extra options. */
static const char *ogr2ogr_cmd(const char *dst, const char *driver, const char *src,
			       const char *to, const char *extra)
{
	return fmt("ogr2ogr -f '%s' '%s' '%s' -oo GEOM_POSSIBLE_NAMES=WKT "
		   "-oo KEEP_GEOM_COLUMNS=NO -oo AUTODETECT_TYPE=YES -s_srs EPSG:28992 "
		   "-t_srs %s -nln designations %s 2>&1", driver, dst, src, to, extra);
}

static void ogr2ogr(const char *dst, const char *driver, const char *src, const char *to,
		    const char *extra)
{
	const char *cmd = ogr2ogr_cmd(dst, driver, src, to, extra);
	ck_assert_msg(system(cmd) == 0, "failed: %s", cmd);
}

static const char *path(const char *name)
{
	return fmt("%s/%s", tmpdir, name);
}

#define HEADER "WKT,name,kind,measures,start,end,decisionReference,extensions,withdrawnOn," \
	       "withdrawalReason\n"

/* Three designations: one extended, one withdrawn. */
static const char *three(int x)
{
	static char text[2048];
	snprintf(text, sizeof(text),
		 HEADER "%s,Centrum,area,\"art8,voorkeursrecht\",2024-01-01,2027-12-31,REF-1,"
		 "2031-12-31 REF-2,,\n"
		 "%s,Noord,street,art10,2025-01-01,2026-06-30,REF-3,,2026-01-01,opgeheven\n"
		 "%s,Haven,complex,art9,2026-03-01,2030-02-28,REF-4,,,\n",
		 square(x, 430000), fmt("%s", square(x + 1000, 430000)),
		 fmt("%s", square(x + 2000, 430000)));
	return text;
}

/* One connection to the test database per test (each test runs in a fork of
 * its own); made at the first query. */
static PGconn *pg(void)
{
	static PGconn *c;
	if (!c || PQstatus(c) != CONNECTION_OK) {
		PQfinish(c);
		c = PQconnectdb(conninfo);
		ck_assert_msg(PQstatus(c) == CONNECTION_OK, "%s", PQerrorMessage(c));
	}
	return c;
}

/* One value from SQL on the test database, as text (static; NULL for NULL). */
static const char *sql_text(const char *query)
{
	static char text[16384];
	PGresult *r = PQexec(pg(), query);
	ck_assert_msg(PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1, "%s: %s", query,
		      PQerrorMessage(pg()));
	bool null = PQgetisnull(r, 0, 0);
	snprintf(text, sizeof(text), "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	return null ? NULL : text;
}

/* One number from SQL on the test database (-1 for NULL). */
static long sql_long(const char *query)
{
	const char *v = sql_text(query);
	return v ? atol(v) : -1;
}

static trun_out import(const char *what, const char *file, const char *muni, const char *a1,
		       const char *a2, const char *a3, const char *a4)
{
	const char *argv[16] = { "import", what, file, "--municipality", muni, "--database-url",
				 conninfo };
	int n = 7;
	for (const char *a[] = { a1, a2, a3, a4 }, **p = a; p < a + 4 && *p; p++)
		argv[n++] = *p;
	return trunv(argv);
}

/* Run n wvlv commands side by side (each a line of arguments, quoted for the
 * shell): their exit statuses in status[], their stdout and stderr together
 * in out[] (malloc'd).  Each is a process of its own, as a user would run it;
 * GDAL's start makes most of their time, so they overlap well. */
static void wvlv_side_by_side(size_t n, char *const *args, int *status, char **out)
{
	char cmd[8192] = "";
	for (size_t i = 0; i < n; i++)
		snprintf(cmd + strlen(cmd), sizeof(cmd) - strlen(cmd),
			 "{ '%s' %s >'%s/par%zu.out' 2>&1; echo $? >'%s/par%zu.status'; } & ",
			 WVLV_BINARY, args[i], tmpdir, i, tmpdir, i);
	snprintf(cmd + strlen(cmd), sizeof(cmd) - strlen(cmd), "wait");
	ck_assert_msg(strlen(cmd) < sizeof(cmd) - 1, "command too long");
	ck_assert_int_eq(system(cmd), 0);
	for (size_t i = 0; i < n; i++) {
		FILE *f = fopen(fmt("%s/par%zu.status", tmpdir, i), "r");
		ck_assert_ptr_nonnull(f);
		ck_assert_int_eq(fscanf(f, "%d", &status[i]), 1);
		fclose(f);
		f = fopen(fmt("%s/par%zu.out", tmpdir, i), "r");
		ck_assert_ptr_nonnull(f);
		out[i] = calloc(1, 65536);
		size_t got = fread(out[i], 1, 65535, f);
		out[i][got] = '\0';
		fclose(f);
	}
}

static void assert_three(const char *muni, const char *file, double tolerance)
{
	ck_assert_int_eq(sql_long(fmt("SELECT count(*) FROM designations WHERE municipality_code"
				      " = '%s'", muni)), 3);
	ck_assert_int_eq(sql_long(fmt("SELECT count(*) FROM designation_periods WHERE "
				      "municipality_code = '%s'", muni)), 4);
	ck_assert_int_eq(sql_long(fmt("SELECT count(*) FROM designations WHERE municipality_code"
				      " = '%s' AND withdrawn_on = '2026-01-01'", muni)), 1);
	ck_assert_int_eq(sql_long(fmt("SELECT count(*) FROM designations WHERE municipality_code"
				      " = '%s' AND designated_until = '2031-12-31'", muni)), 1);
	long area = sql_long(fmt("SELECT round(ST_Area(geom)) FROM designations WHERE "
				 "municipality_code = '%s' AND name = 'Centrum'", muni));
	ck_assert_msg(area > 250000 * (1 - tolerance) && area < 250000 * (1 + tolerance),
		      "%s: area %ld m², not 250000", muni, area);
	/* create ×3, extend, withdraw: by "import", naming the file */
	const char *base = strrchr(file, '/') + 1;
	ck_assert_int_eq(sql_long(fmt("SELECT count(*) FROM audit_log WHERE municipality_code = "
				      "'%s' AND token_label = 'import' AND client_request_id = '%s'",
				      muni, base)), 5);
}

START_TEST(clean_import_of_every_format_in_rd_and_wgs84)
{
	write_file(path("rd.csv"), three(100000));
	/* the six files side by side (one process each: GDAL's start is most of it) */
	static const char *const made[][4] = {
		{ "rd.gpkg", "GPKG", "EPSG:28992", "" },
		{ "wgs.gpkg", "GPKG", "EPSG:4326", "" },
		{ "rd.shp", "ESRI Shapefile", "EPSG:28992", "" },
		{ "wgs.geojson", "GeoJSON", "EPSG:4326", "" },
		{ "wgs.csv", "CSV", "EPSG:4326", "-lco GEOMETRY=AS_WKT" },
		{ "rd.fgb", "FlatGeobuf", "EPSG:28992", "" },
	};
	char all[8192] = "";
	for (size_t i = 0; i < sizeof(made) / sizeof(made[0]); i++)
		snprintf(all + strlen(all), sizeof(all) - strlen(all),
			 "{ %s >/dev/null || echo OGR2OGR-FAILED %s; } & ",
			 ogr2ogr_cmd(path(made[i][0]), made[i][1], path("rd.csv"), made[i][2],
				     made[i][3]), made[i][0]);
	snprintf(all + strlen(all), sizeof(all) - strlen(all), "wait");
	FILE *p = popen(all, "r");
	char made_out[512] = "";
	ck_assert_ptr_nonnull(p);
	size_t got = fread(made_out, 1, sizeof(made_out) - 1, p);
	made_out[got] = '\0';
	ck_assert_int_eq(pclose(p), 0);
	ck_assert_msg(strstr(made_out, "OGR2OGR-FAILED") == NULL, "%s", made_out);
	static const struct {
		const char *file, *muni, *extra[4];
		double tolerance;
	} cases[] = {
		{ "rd.gpkg", "GM0501", { NULL }, 1e-9 },
		{ "wgs.gpkg", "GM0502", { NULL }, 5e-3 },
		{ "rd.shp", "GM0503", { NULL }, 1e-9 }, /* columns cut to 10 characters */
		{ "wgs.geojson", "GM0504", { NULL }, 5e-3 },
		{ "wgs.csv", "GM0511", { "--crs", "EPSG:4326" }, 5e-3 },
		{ "rd.fgb", "GM0510", { NULL }, 1e-9 },
	};
	/* a dry run checks all and writes nothing */
	trun_out r = import("designations", path(cases[0].file), cases[0].muni, "--dry-run", NULL,
			    NULL, NULL);
	ck_assert_msg(r.status == 0, "dry run: %d\n%s%s", r.status, r.out, r.err);
	ck_assert_ptr_nonnull(strstr(r.out, "would import"));
	trun_free(&r);
	ck_assert_int_eq(sql_long(fmt("SELECT count(*) FROM designations WHERE "
				      "municipality_code = '%s'", cases[0].muni)), 0);
	/* the six files, each into a municipality of its own, side by side */
	enum { NCASES = sizeof(cases) / sizeof(cases[0]) };
	char *args[NCASES];
	int status[NCASES];
	char *out[NCASES];
	for (size_t i = 0; i < NCASES; i++)
		args[i] = strdup(fmt("import designations '%s' --municipality %s --database-url "
				     "'%s' %s %s", path(cases[i].file), cases[i].muni, conninfo,
				     cases[i].extra[0] ? cases[i].extra[0] : "",
				     cases[i].extra[1] ? cases[i].extra[1] : ""));
	wvlv_side_by_side(NCASES, args, status, out);
	for (size_t i = 0; i < NCASES; i++) {
		ck_assert_msg(status[i] == 0, "%s: exit %d\n%s", cases[i].file, status[i], out[i]);
		ck_assert_msg(strstr(out[i], "3 designations, 1 extension, 1 withdrawn"), "%s",
			      out[i]);
		assert_three(cases[i].muni, path(cases[i].file), cases[i].tolerance);
		free(out[i]);
		free(args[i]);
	}
	/* every one on the OGC map */
	tresp *m = t_request(srv.base, "GET", "/ogc/v1/collections/designations/items?limit=1",
			     NULL, NULL);
	ck_assert_int_eq(m->status, 200);
	ck_assert_int_eq(t_int(m->json, "numberMatched"), 18);
	t_free(m);
}
END_TEST

/* What a municipality's rows look like, without what differs between two
 * municipalities (ids, the code, the times: the API's three writes are three
 * transactions, the import's one): the designations, their periods
 * and the designation audit rows in order, with m replaced by GM0000. */
static char *rows_of(const char *m)
{
	return strdup(sql_text(fmt(
		"SELECT replace(concat_ws(E'\\n', (SELECT string_agg(concat_ws('|', kind, name,"
		" measures, ST_AsText(geom), geojson_crs84, geojson_rd, bag_ids, designated_from,"
		" designated_until, withdrawn_on, withdrawal_reason, version, ogc_properties,"
		" ogc_periods), ',') FROM designations WHERE"
		" municipality_code = '%s'), (SELECT string_agg(concat_ws('|', sequence,"
		" start_date, end_date, p.kind, decision_reference), ',' ORDER BY sequence) FROM"
		" designation_periods p WHERE municipality_code = '%s'), (SELECT"
		" string_agg(concat_ws('|', action, changes, token_label IS NOT NULL),"
		" E'\\n' ORDER BY id) FROM audit_log WHERE entity = 'designation'"
		" AND municipality_code = '%s')), '%s', 'GM0000')", m, m, m, m)));
}

START_TEST(the_import_writes_the_rows_the_api_writes)
{
	/* through the API (admin of GM0505): create, extend, withdraw */
	char *square_rd = eh_square(190000, 430000, 500);
	char *id = eh_create_rd(srv.base, "GM0505", "Gelijk", square_rd, "2024-01-01",
				"2027-12-31");
	eh_extend(srv.base, id, "2031-12-31");
	eh_withdraw(srv.base, id, "2026-01-01");
	/* the same designation imported into GM0520 */
	write_file(path("same.csv"),
		   fmt("%s%s,Gelijk,area,art8,2024-01-01,2027-12-31,Stcrt. test,"
		       "2031-12-31 Stcrt. ext,2026-01-01,test withdrawal\n", HEADER,
		       square(190000, 430000)));
	trun_out r = import("designations", path("same.csv"), "GM0520", "--crs", "EPSG:28992",
			    NULL, NULL);
	ck_assert_msg(r.status == 0, "exit %d\n%s%s", r.status, r.out, r.err);
	trun_free(&r);
	char *api = rows_of("GM0505"), *imported = rows_of("GM0520");
	ck_assert_msg(strstr(api, "create|") && strstr(api, "extend|") && strstr(api, "withdraw|"),
		      "%s", api);
	if (strcmp(api, imported) != 0) {
		write_file(path("api.txt"), api);
		write_file(path("imported.txt"), imported);
		if (system(fmt("diff %s %s | cut -c1-400 >&2", path("api.txt"),
			       path("imported.txt"))) != 0)
			fprintf(stderr, "(diff)\n");
	}
	ck_assert_msg(strcmp(api, imported) == 0, "the import wrote other rows than the API");
	free(api);
	free(imported);
	free(id);
	free(square_rd);
}
END_TEST

START_TEST(one_bad_record_refuses_the_whole_file)
{
	/* record 2 ends more than 4 years after its start; its start column is BEGIN */
	const char *text = fmt("WKT,name,kind,measures,BEGIN,end,decisionReference\n"
			       "%s,Een,area,art8,2025-01-01,2028-12-31,R1\n"
			       "%s,Twee,area,art8,2025-01-01,2030-01-01,R2\n"
			       "%s,Drie,area,art8,2025-01-01,2028-12-31,R3\n",
			       square(150000, 430000), fmt("%s", square(151000, 430000)),
			       fmt("%s", square(152000, 430000)));
	write_file(path("bad.csv"), text);
	ogr2ogr(path("bad.gpkg"), "GPKG", path("bad.csv"), "EPSG:28992", "");
	trun_out r = import("designations", path("bad.gpkg"), "GM0506", "--map", "start=BEGIN",
			    "--report", path("bad-report.csv"));
	ck_assert_msg(r.status == 1, "exit %d\n%s%s", r.status, r.out, r.err);
	ck_assert_msg(strstr(r.out, "refused, nothing written: 1 refusal in 3 records"), "%s", r.out);
	ck_assert_msg(strstr(r.out, "     2  2        end (firstPeriod.end)"), "%s", r.out);
	trun_free(&r);
	ck_assert_int_eq(sql_long("SELECT count(*) FROM designations WHERE municipality_code = "
				  "'GM0506'"), 0);
	FILE *f = fopen(path("bad-report.csv"), "r");
	char report[2048] = "";
	ck_assert_ptr_nonnull(f);
	size_t n = fread(report, 1, sizeof(report) - 1, f);
	report[n] = '\0';
	fclose(f);
	ck_assert_msg(strncmp(report, "record,featureId,field,code,reason\n2,2,end (firstPeriod.end),",
			      60) == 0, "%s", report);
	ck_assert_msg(strstr(report, "firstPeriod.end"), "%s", report);
}
END_TEST

START_TEST(the_place_cap_across_two_records_of_one_file)
{
	/* A holds the place 2010-2029 (20 years with its extensions); B, on the
	 * same square from 2030, would make it 24 */
	const char *text = fmt(HEADER "%s,A,area,voorkeursrecht,2010-01-01,2013-12-31,R1,"
			       "\"2017-12-31 R2;2021-12-31 R3;2025-12-31 R4;2029-12-31 R5\",,\n"
			       "%s,B,area,voorkeursrecht,2030-01-01,2033-12-31,R6,,,\n",
			       square(160000, 430000), fmt("%s", square(160000, 430000)));
	write_file(path("cap.csv"), text);
	ogr2ogr(path("cap.geojson"), "GeoJSON", path("cap.csv"), "EPSG:4326", "");
	trun_out r = import("designations", path("cap.geojson"), "GM0507", NULL, NULL, NULL, NULL);
	ck_assert_msg(r.status == 1, "exit %d\n%s%s", r.status, r.out, r.err);
	ck_assert_msg(strstr(r.out, "1 refusal in 2 records"), "%s", r.out);
	ck_assert_msg(strstr(r.out, "     2  "), "%s", r.out);
	ck_assert_msg(strstr(r.out, "more than the 7305 days (20 years) the law allows. "
				    "Overlapping designations: A ("), "%s", r.out);
	trun_free(&r);
	ck_assert_int_eq(sql_long("SELECT count(*) FROM designations WHERE municipality_code = "
				  "'GM0507'"), 0);
	/* A alone is fine */
	text = fmt(HEADER "%s,A,area,voorkeursrecht,2010-01-01,2013-12-31,R1,"
		   "\"2017-12-31 R2;2021-12-31 R3;2025-12-31 R4;2029-12-31 R5\",,\n",
		   square(160000, 430000));
	write_file(path("cap1.csv"), text);
	r = import("designations", path("cap1.csv"), "GM0507", "--crs", "EPSG:28992", NULL, NULL);
	ck_assert_msg(r.status == 0, "exit %d\n%s%s", r.status, r.out, r.err);
	trun_free(&r);
	ck_assert_int_eq(sql_long("SELECT count(*) FROM designation_periods WHERE "
				  "municipality_code = 'GM0507'"), 5);
}
END_TEST

/* The status and the number of events (the system's among them) of the offer
 * registered on a parcel. */
static const char *offer_status(const char *parcel, long *events, long *system_events)
{
	static char status[32];
	PGconn *c = pg();
	const char *q = fmt("SELECT s.status, (SELECT count(*) FROM sale_notification_events e "
			    "WHERE e.sale_notification_id = s.id), (SELECT count(*) FROM "
			    "sale_notification_events e WHERE e.sale_notification_id = s.id AND "
			    "e.actor = 'system') FROM sale_notifications s WHERE "
			    "s.property->'cadastralParcels'->>0 = '%s'", parcel);
	PGresult *r = PQexec(c, q);
	ck_assert_msg(PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1, "%s: %s", parcel,
		      PQerrorMessage(c));
	snprintf(status, sizeof(status), "%s", PQgetvalue(r, 0, 0));
	*events = atol(PQgetvalue(r, 0, 1));
	*system_events = atol(PQgetvalue(r, 0, 2));
	PQclear(r);
	return status;
}

START_TEST(an_offer_history_is_replayed_into_the_right_states)
{
	write_file(path("vkr.csv"), fmt(HEADER "%s,Markt,area,voorkeursrecht,2024-01-01,"
					 "2027-12-31,R1,,,\n", square(170000, 430000)));
	trun_out r = import("designations", path("vkr.csv"), "GM0508", "--crs", "EPSG:28992",
			    NULL, NULL);
	ck_assert_msg(r.status == 0, "%s%s", r.out, r.err);
	trun_free(&r);
	/* K1 bought; K2 never answered (lapses); K3 open; K4 court asked, never
	 * filed (released); K5 willing, still negotiating */
	write_file(path("offers.csv"),
		   "offer,WKT,receivedOn,parcels,ownerName,event,on,decision,price\n"
		   "K1,POINT(170100 430100),2025-03-03,DDT01 K 100,Jansen,,,,\n"
		   "K1,,,,,agreement,2025-05-01,,350000\n"
		   "K1,,,,,decision,2025-03-20,willing,\n"
		   "K2,POINT(170200 430100),2025-03-03,DDT01 K 101,Pietersen,,,,\n"
		   "K3,POINT(170300 430100),2026-11-30,DDT01 K 102,De Vries,,,,\n"
		   "K4,POINT(170400 430100),2025-06-02,DDT01 K 103,Bakker,,,,\n"
		   "K4,,,,,decision,2025-06-10,willing,\n"
		   "K4,,,,,court-requested,2025-07-01,,\n"
		   "K5,POINT(170400 430300),2026-10-01,DDT01 K 104,Visser,,,,\n"
		   "K5,,,,,decision,2026-10-10,willing,\n");
	r = import("offers", path("offers.csv"), "GM0508", "--crs", "EPSG:28992", "--today",
		   "2026-12-07");
	ck_assert_msg(r.status == 0, "exit %d\n%s%s", r.status, r.out, r.err);
	ck_assert_msg(strstr(r.out, "5 offers with 5 events; lapsed on the way 1, released on "
				    "the way 1; open now 2"), "%s", r.out);
	trun_free(&r);
	long ev, sys;
	ck_assert_str_eq(offer_status("DDT01 K 100", &ev, &sys), "purchased");
	ck_assert_int_eq(ev, 2); /* in date order: the decision, then the agreement */
	ck_assert_str_eq(offer_status("DDT01 K 101", &ev, &sys), "lapsed");
	ck_assert_int_eq(sys, 1);
	ck_assert_str_eq(offer_status("DDT01 K 102", &ev, &sys), "received");
	ck_assert_int_eq(ev, 0);
	ck_assert_str_eq(offer_status("DDT01 K 103", &ev, &sys), "released");
	ck_assert_int_eq(sys, 1);
	ck_assert_str_eq(offer_status("DDT01 K 104", &ev, &sys), "negotiating");
	/* the deadline is computed: six weeks after 2026-11-30, never from the file */
	ck_assert_int_eq(sql_long("SELECT response_deadline - '2026-11-30'::date FROM "
				  "sale_notifications WHERE property->'cadastralParcels'->>0 = "
				  "'DDT01 K 102'"), 42);
	/* a decision after the deadline is refused in the state machine's words */
	write_file(path("late.csv"),
		   "offer,WKT,receivedOn,parcels,ownerName,event,on,decision\n"
		   "L1,POINT(170100 430300),2025-06-02,DDT01 K 200,Smit,,,\n"
		   "L1,,,,,decision,2025-09-10,willing\n");
	r = import("offers", path("late.csv"), "GM0508", "--crs", "EPSG:28992", NULL, NULL);
	ck_assert_msg(r.status == 1, "exit %d\n%s%s", r.status, r.out, r.err);
	ck_assert_msg(strstr(r.out, "on (row 2)") && strstr(r.out, "comes too late"), "%s", r.out);
	trun_free(&r);
	ck_assert_int_eq(sql_long("SELECT count(*) FROM sale_notifications WHERE "
				  "property->'cadastralParcels'->>0 = 'DDT01 K 200'"), 0);
}
END_TEST

/* The designations of each export files[i] as CSV lines (WKT first), without
 * their ids, sorted, into out[i] (malloc'd); the six ogr2ogr side by side. */
static void dump_all(size_t n, char *const *files, char **out)
{
	char cmd[8192] = "";
	for (size_t i = 0; i < n; i++)
		snprintf(cmd + strlen(cmd), sizeof(cmd) - strlen(cmd),
			 "{ ogr2ogr -f CSV /vsistdout/ '%s' -lco GEOMETRY=AS_WKT -select "
			 "name,kind,municipalityCode,measuresText,hasVoorkeursrecht,status,"
			 "designatedFrom,designatedUntil,currentPeriodStart,currentPeriodEnd,"
			 "withdrawnOn,capDate,periods,withdrawalReason,bagIds | sort "
			 ">'%s/dump%zu.csv'; } & ", files[i], tmpdir, i);
	snprintf(cmd + strlen(cmd), sizeof(cmd) - strlen(cmd), "wait");
	ck_assert_msg(strlen(cmd) < sizeof(cmd) - 1, "command too long");
	ck_assert_int_eq(system(cmd), 0);
	for (size_t i = 0; i < n; i++) {
		FILE *f = fopen(fmt("%s/dump%zu.csv", tmpdir, i), "r");
		ck_assert_ptr_nonnull(f);
		out[i] = calloc(1, 16384);
		size_t got = fread(out[i], 1, 16383, f);
		out[i][got] = '\0';
		fclose(f);
	}
}

START_TEST(import_export_import_is_lossless)
{
	write_file(path("rt.csv"), fmt("%s", three(180000)));
	ogr2ogr(path("rt.gpkg"), "GPKG", path("rt.csv"), "EPSG:28992", "");
	trun_out r = import("designations", path("rt.gpkg"), "GM0509", NULL, NULL, NULL, NULL);
	ck_assert_msg(r.status == 0, "%s%s", r.out, r.err);
	trun_free(&r);
	/* each format: export GM0509, import that into a municipality of its own
	 * (GM0610, GM0611, GM0612, in the same database: a second one would cost
	 * its migrations), export that; the three formats side by side */
	static const char *const formats[] = { "gpkg", "geojson", "csv" };
	char *args[3];
	int status[3];
	char *out[3];
	for (int step = 0; step < 3; step++) {
		for (size_t i = 0; i < 3; i++) {
			const char *muni = fmt("GM06%02zu", i + 10);
			const char *one = path(fmt("one.%s", formats[i]));
			args[i] = strdup(
				step == 0 ? fmt("export designations --format %s --municipality "
						"GM0509 '%s' --database-url '%s'", formats[i], one,
						conninfo)
				: step == 1 ? fmt("import designations '%s' --municipality %s "
						  "--database-url '%s' %s", one, muni, conninfo,
						  formats[i][0] == 'c' ? "--crs EPSG:28992" : "")
					    : fmt("export designations --format %s --municipality "
						  "%s '%s' --database-url '%s'", formats[i], muni,
						  path(fmt("two.%s", formats[i])), conninfo));
		}
		wvlv_side_by_side(3, args, status, out);
		for (size_t i = 0; i < 3; i++) {
			ck_assert_msg(status[i] == 0, "%s: exit %d\n%s", args[i], status[i], out[i]);
			ck_assert_msg(step == 1 || strstr(out[i], "3 designations written"), "%s",
				      out[i]);
			free(out[i]);
			free(args[i]);
		}
	}
	char *files[6], *dumps[6];
	for (size_t i = 0; i < 3; i++) {
		files[2 * i] = strdup(path(fmt("one.%s", formats[i])));
		files[2 * i + 1] = strdup(path(fmt("two.%s", formats[i])));
	}
	dump_all(6, files, dumps);
	for (size_t i = 0; i < 3; i++) {
		const char *muni = fmt("GM06%02zu", i + 10);
		char *a = dumps[2 * i], *b = dumps[2 * i + 1];
		char *m = strstr(b, muni);
		while (m) { /* the municipality is the one imported into */
			memcpy(m, "GM0509", 6);
			m = strstr(m, muni);
		}
		ck_assert_msg(strlen(a) > 500, "%.200s", a);
		if (strcmp(a, b) != 0) {
			write_file(path("a.txt"), a);
			write_file(path("b.txt"), b);
			if (system(fmt("diff %s %s | head -20", path("a.txt"), path("b.txt"))) != 0)
				fprintf(stderr, "(diff)\n");
		}
		ck_assert_msg(strcmp(a, b) == 0, "%s: the second export differs", formats[i]);
		free(a);
		free(b);
		free(files[2 * i]);
		free(files[2 * i + 1]);
	}
}
END_TEST

int main(void)
{
	conninfo = e2e_start(&srv, "import");
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/wvlv-import-XXXXXX");
	if (!mkdtemp(tmpdir) || system("ogr2ogr --version >/dev/null 2>&1") != 0) {
		fprintf(stderr, "test_import: needs ogr2ogr (gdal-bin: bash scripts/deps.sh --test)\n");
		return EXIT_FAILURE;
	}
	Suite *s = suite_create("import");
	TCase *tc = e2e_case(s, "import", 120);
	tcase_add_test(tc, clean_import_of_every_format_in_rd_and_wgs84);
	tcase_add_test(tc, the_import_writes_the_rows_the_api_writes);
	tcase_add_test(tc, one_bad_record_refuses_the_whole_file);
	tcase_add_test(tc, the_place_cap_across_two_records_of_one_file);
	tcase_add_test(tc, an_offer_history_is_replayed_into_the_right_states);
	tcase_add_test(tc, import_export_import_is_lossless);
	int rc = e2e_run(s, &srv);
	char *rm = fmt("rm -rf '%s'", tmpdir);
	if (system(rm) != 0)
		fprintf(stderr, "test_import: could not remove %s\n", tmpdir);
	return rc;
}
