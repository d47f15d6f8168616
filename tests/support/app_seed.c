/* app_seed.c — see app_seed.h. */
#include "app_seed.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "e2e_helpers.h"
#include "offer_helpers.h"
#include "tdate.h"
#include "testdb.h"
#include "wvlv/arena.h"
/* the private steps of lib/app, as the test programs reach them */
#include "offers.h"
#include "registry.h"

static wvlv_db *db;
static PGconn *pg;
static int squares;

const char *seed_open(const char *prefix)
{
	const char *conninfo = testdb_create(prefix);
	db = testdb_connect(conninfo, WVLV_SERVER_ROLE);
	ck_assert_ptr_nonnull(db);
	pg = eh_pg(conninfo);
	return conninfo;
}

wvlv_db *seed_db(void)
{
	return db;
}

PGconn *seed_pg(void)
{
	return pg;
}

void seed_step_begin(seed_step *s, const char *muni)
{
	s->caller = (wvlv_caller){ .role = WVLV_ROLE_ADMIN };
	snprintf(s->caller.municipality_code, sizeof(s->caller.municipality_code), "%s", muni);
	snprintf(s->caller.label, sizeof(s->caller.label), "test clerk");
	s->arena = wvlv_arena_create();
	wvlv_error_clear(&s->err);
	wvlv_error err;
	wvlv_error_clear(&err);
	ck_assert(wvlv_db_begin(db, &err) == WVLV_OK);
	ck_assert(wvlv_db_set_caller(db, &s->caller, &err) == WVLV_OK);
}

void seed_step_end(seed_step *s, wvlv_status st, const char *what)
{
	wvlv_error cerr;
	wvlv_error_clear(&cerr);
	if (st == WVLV_OK)
		st = wvlv_db_commit(db, &cerr);
	else
		wvlv_db_rollback(db);
	ck_assert_msg(st == WVLV_OK, "%s: %s %s", what, s->err.detail, cerr.detail);
	wvlv_arena_destroy(s->arena);
}

char *seed_designation(const char *muni, const char *name, bool vkr, const char *start,
		       const char *end, const char *const *ext, double *lon, double *lat)
{
	double x = 4.50 + 0.01 * squares++, y = 51.80, s = 0.005;
	char geom[320];
	snprintf(geom, sizeof(geom),
		 "{\"type\":\"Polygon\",\"coordinates\":[[[%.4f,%.4f],[%.4f,%.4f],[%.4f,%.4f],"
		 "[%.4f,%.4f],[%.4f,%.4f]]]}",
		 x, y, x + s, y, x + s, y + s, x, y + s, x, y);
	if (lon) {
		*lon = x + s / 2;
		*lat = y + s / 2;
	}
	wvlv_designation_new d = {
		.municipality_code = muni, .kind = WVLV_KIND_AREA, .name = name,
		.measures = WVLV_MEASURE_ART8 | (vkr ? WVLV_MEASURE_VOORKEURSRECHT : 0),
		.geometry_json = geom, .geometry_crs = WVLV_CRS_CRS84,
		.first = { .sequence = 1, .start = t_date(start), .end = t_date(end),
			   .decision_reference = "Stcrt. seeded test" },
	};
	seed_step t;
	wvlv_designation out;
	seed_step_begin(&t, muni);
	wvlv_status st = wvlv_registry_create(db, t.arena, &t.caller, &d, WVLV_CRS_CRS84, &out,
					      &t.err);
	for (const char *const *e = ext; st == WVLV_OK && e && *e; e++)
		st = wvlv_registry_extend(db, t.arena, &t.caller, out.id, NULL, t_date(*e),
					  "Stcrt. extension", WVLV_CRS_CRS84, &out, &t.err);
	seed_step_end(&t, st, name);
	return strdup(out.id);
}

char *seed_offer(const char *muni, double lon, double lat, const char *received,
		 wvlv_exemption exemption)
{
	char loc[128], property[256];
	snprintf(loc, sizeof(loc), "{\"type\":\"Point\",\"coordinates\":[%.6f,%.6f]}", lon, lat);
	/* one parcel per offer: an open offer holds its parcels (law.md §2.12) */
	snprintf(property, sizeof(property),
		 "{\"cadastralParcels\":[\"%s\"],\"bagIds\":[],"
		 "\"address\":{\"street\":\"Voorstraat\",\"houseNumber\":\"12\","
		 "\"postalCode\":\"3311AA\",\"city\":\"Dordrecht\"}}", oh_unique_parcel());
	wvlv_offer_create c = {
		.municipality_code = muni, .received_on = t_date(received),
		.property_json = property,
		.location_json = loc, .location_crs = WVLV_CRS_CRS84,
		.owner_json = "{\"name\":\"J. de Vries\",\"email\":\"devries@example.nl\"}",
		.asking_price = "350000.00", .exemption = exemption,
	};
	seed_step t;
	wvlv_offer out;
	seed_step_begin(&t, muni);
	wvlv_status st = wvlv_offers_create(db, t.arena, &t.caller, &c, t_date(received),
					    WVLV_CRS_CRS84, &out, &t.err);
	seed_step_end(&t, st, "offer");
	return strdup(out.id);
}

char *seed_q(const char *sql, const char *p1)
{
	const char *params[] = { p1, NULL };
	return eh_pg_value(pg, sql, p1 ? params : NULL);
}

long seed_qn(const char *sql, const char *p1)
{
	const char *params[] = { p1, NULL };
	return eh_pg_long(pg, sql, p1 ? params : NULL);
}

void seed_ck_q(const char *sql, const char *p1, const char *want)
{
	char *v = seed_q(sql, p1);
	ck_assert_msg(v && !strcmp(v, want), "%s [%s]: \"%s\", want \"%s\"", sql, p1 ? p1 : "",
		      v ? v : "(null)", want);
	free(v);
}
