/* cmd_db.c — `wvlv migrate` and `wvlv seed-demo`: one-shot database commands. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "wvlv/db.h"
#include "wvlv/migrate.h"
#include "registry.h"

/* --database-url and --help for the one-shot commands; returns -1 to go on,
 * else an exit code. */
static int parse_db_options(int argc, char **argv, const char *usage_text, wvlv_config *cfg)
{
	static const struct option opts[] = {
		{ "database-url", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': setenv("WVLV_DATABASE_URL", optarg, 1); break;
		case 'h': fputs(usage_text, stdout); return 0;
		default: fputs(usage_text, stderr); return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "wvlv: unexpected argument \"%s\"\n", argv[optind]);
		return 2;
	}
	return wvlv_config_from_env(cfg) ? -1 : 2;
}

static const char migrate_usage[] =
	"Usage: wvlv migrate [--database-url URL]\n"
	"\n"
	"Apply the pending migrations (embedded in this binary) to the database, each in\n"
	"its own transaction, recorded with its SHA-256 in schema_migrations.  Re-running\n"
	"is a no-op; a migration that was changed after it was applied is refused.\n"
	"Run it as the database owner; it creates the role " WVLV_SERVER_ROLE " that `wvlv serve`\n"
	"switches to, and grants it to the migrating user.\n"
	"\n"
	"  --database-url URL   PostgreSQL URL (WVLV_DATABASE_URL)\n"
	"  -h, --help           this text\n"
	"\n"
	"Exit status: 0 done, 1 failure, 2 usage.\n";

int cmd_migrate(int argc, char **argv)
{
	wvlv_config cfg;
	int rc = parse_db_options(argc, argv, migrate_usage, &cfg);
	if (rc >= 0)
		return rc;
	wvlv_error err;
	wvlv_error_clear(&err);
	wvlv_db_options o = { .conninfo = cfg.database_url, .application_name = "wvlv migrate" };
	wvlv_db *db;
	if (wvlv_db_connect(&o, &db, &err) != WVLV_OK) {
		fprintf(stderr, "wvlv migrate: %s\n", err.detail);
		return 1;
	}
	size_t n;
	const wvlv_migration *list = wvlv_migrations(&n);
	int applied = 0;
	wvlv_status st = wvlv_migrate(db, list, n, stdout, &applied, &err);
	wvlv_db_close(db);
	if (st != WVLV_OK) {
		fprintf(stderr, "wvlv migrate: %s\n", err.detail);
		return 1;
	}
	printf("%d migration(s) applied, %zu known.\n", applied, n);
	return 0;
}

static const char seed_usage[] =
	"Usage: wvlv seed-demo [--database-url URL]\n"
	"\n"
	"Load a small demo municipality (GM0505 Dordrecht: three designations) when the\n"
	"registry is empty; do nothing otherwise.  The rules apply as for the API.\n"
	"\n"
	"  --database-url URL   PostgreSQL URL (WVLV_DATABASE_URL)\n"
	"  -h, --help           this text\n";

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

int cmd_seed_demo(int argc, char **argv)
{
	wvlv_config cfg;
	int rc = parse_db_options(argc, argv, seed_usage, &cfg);
	if (rc >= 0)
		return rc;
	wvlv_error err;
	wvlv_error_clear(&err);
	wvlv_db_options o = { .conninfo = cfg.database_url, .set_role = WVLV_SERVER_ROLE,
			      .application_name = "wvlv seed-demo" };
	wvlv_db *db;
	if (wvlv_db_connect(&o, &db, &err) != WVLV_OK) {
		fprintf(stderr, "wvlv seed-demo: %s\n", err.detail);
		return 1;
	}
	wvlv_caller caller = { .municipality_code = "GM0505", .role = WVLV_ROLE_ADMIN,
			       .label = "seed-demo" };
	wvlv_arena *arena = wvlv_arena_create();
	wvlv_designation_filter f = { .active_on = WVLV_DATE_NONE, .today = WVLV_DATE_NONE,
				      .limit = 1 };
	wvlv_designation *items;
	size_t n = 0;
	long matched = 0;
	wvlv_status st = wvlv_db_begin(db, &err);
	if (st == WVLV_OK)
		st = wvlv_db_set_caller(db, &caller, &err);
	if (st == WVLV_OK)
		st = wvlv_registry_list(db, arena, &caller, &f, WVLV_CRS_CRS84, &items, &n, &matched,
					&err);
	for (size_t i = 0; st == WVLV_OK && matched == 0 && i < sizeof(demo) / sizeof(demo[0]); i++)
		st = seed_one(db, arena, &caller, &demo[i], &err);
	if (st == WVLV_OK)
		st = wvlv_db_commit(db, &err);
	else
		wvlv_db_rollback(db);
	wvlv_arena_destroy(arena);
	wvlv_db_close(db);
	if (st != WVLV_OK) {
		fprintf(stderr, "wvlv seed-demo: %s\n", err.detail);
		return 1;
	}
	if (matched)
		printf("The registry already holds designations; nothing seeded.\n");
	else
		printf("Seeded %zu demo designations of GM0505 Dordrecht.\n",
		       sizeof(demo) / sizeof(demo[0]));
	return 0;
}
