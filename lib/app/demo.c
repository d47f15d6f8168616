/* demo.c — the demo municipality GM0505 Dordrecht (see app_demo.h). */
#include "wvlv/app_demo.h"

#include "job.h"
#include "registry.h"

typedef struct demo_designation {
	const char *name;
	wvlv_kind kind;
	unsigned measures;
	const char *geometry;
	const char *start, *end, *reference;
	const char *extension_end, *extension_reference;
} demo_designation;

static const demo_designation demo[] = {
	{ "Oud-Krispijn", WVLV_KIND_AREA,
	  WVLV_MEASURE_ART8 | WVLV_MEASURE_ART10 | WVLV_MEASURE_VOORKEURSRECHT,
	  "{\"type\":\"Polygon\",\"coordinates\":[[[4.675,51.795],[4.690,51.795],[4.690,51.803],[4.675,51.803],[4.675,51.795]]]}",
	  "2024-07-01", "2028-06-30", "BZK-2024-0412", NULL, NULL },
	{ "Vogelbuurt, complex Merelstraat", WVLV_KIND_COMPLEX, WVLV_MEASURE_ART9,
	  "{\"type\":\"Polygon\",\"coordinates\":[[[4.655,51.806],[4.662,51.806],[4.662,51.810],[4.655,51.810],[4.655,51.806]]]}",
	  "2025-01-01", "2028-12-31", "BZK-2024-1187", NULL, NULL },
	{ "Reeweg-Oost", WVLV_KIND_STREET, WVLV_MEASURE_ART10 | WVLV_MEASURE_VOORKEURSRECHT,
	  "{\"type\":\"Polygon\",\"coordinates\":[[[4.695,51.800],[4.700,51.800],[4.700,51.802],[4.695,51.802],[4.695,51.800]]]}",
	  "2022-01-01", "2025-12-31", "BZK-2021-0933", "2029-12-31", "BZK-2025-0871" },
};

#define DEMO_COUNT (sizeof(demo) / sizeof(demo[0]))

static wvlv_status seed_one(wvlv_db *db, wvlv_arena *arena, const wvlv_caller *caller,
			    const demo_designation *s, wvlv_error *err)
{
	wvlv_designation_new d = {
		.municipality_code = "GM0505", .kind = s->kind, .name = s->name,
		.measures = s->measures, .geometry_json = s->geometry,
		.geometry_crs = WVLV_CRS_CRS84,
		.first = { .sequence = 1, .decision_reference = s->reference },
	};
	wvlv_status st;
	if ((st = wvlv_date_parse(s->start, &d.first.start, err)) != WVLV_OK ||
	    (st = wvlv_date_parse(s->end, &d.first.end, err)) != WVLV_OK)
		return st;
	wvlv_designation out;
	if ((st = wvlv_registry_create(db, arena, caller, &d, WVLV_CRS_CRS84, &out, err)) != WVLV_OK)
		return st;
	if (!s->extension_end)
		return WVLV_OK;
	wvlv_date end;
	if ((st = wvlv_date_parse(s->extension_end, &end, err)) != WVLV_OK)
		return st;
	return wvlv_registry_extend(db, arena, caller, out.id, NULL, end, s->extension_reference,
				    WVLV_CRS_CRS84, &out, err);
}

/* Does the registry hold no designation the caller sees? */
static wvlv_status registry_empty(wvlv_db *db, wvlv_arena *arena, const wvlv_caller *caller,
				  bool *empty, wvlv_error *err)
{
	wvlv_designation_filter f = { .active_on = WVLV_DATE_NONE, .today = WVLV_DATE_NONE,
				      .limit = 1 };
	wvlv_designation *items;
	size_t n = 0;
	long matched = 0;
	wvlv_status st = wvlv_registry_list(db, arena, caller, &f, WVLV_CRS_CRS84, &items, &n,
					    &matched, err);
	*empty = matched == 0;
	return st;
}

wvlv_status wvlv_app_demo_seed(const wvlv_app_config *cfg, wvlv_app_demo_report *out,
			       wvlv_error *err)
{
	wvlv_caller caller = { .municipality_code = "GM0505", .role = WVLV_ROLE_ADMIN,
			       .label = "seed-demo" };
	wvlv_arena *arena = wvlv_arena_create();
	wvlv_db *db = NULL;
	*out = (wvlv_app_demo_report){ 0 };
	bool empty = false;
	/* no statement timeout, like migrate and keys */
	wvlv_status st = app_connect(cfg, WVLV_SERVER_ROLE, false, &db, err);
	if (st == WVLV_OK && (st = app_begin(db, &caller, false, err)) == WVLV_OK) {
		st = registry_empty(db, arena, &caller, &empty, err);
		for (size_t i = 0; st == WVLV_OK && empty && i < DEMO_COUNT; i++)
			st = seed_one(db, arena, &caller, &demo[i], err);
		st = app_end(db, st, err);
	}
	if (st == WVLV_OK && empty)
		*out = (wvlv_app_demo_report){ .seeded = true, .designations = DEMO_COUNT };
	wvlv_arena_destroy(arena);
	wvlv_db_close(db);
	return st;
}
