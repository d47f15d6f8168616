/* cmd_import.c — `wvlv import designations|offers FILE`: a municipality's
 * existing registers brought in, all or nothing.
 *
 * Reads the file with GDAL (gdal_read.c), every record through the API's own
 * parse steps (import_read.h), then calls one use case of lib/app/import*.c,
 * which runs every record through the API's rules in one transaction.  Shows
 * progress on a terminal and prints the report: what was imported, and a
 * table of refusals (also as CSV with --report). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"
#include "import_read.h"
#include "import_report.h"
#include "wvlv/designation.h"

static const char import_usage[] =
	"Usage: wvlv import designations FILE --municipality GM#### [--layer LAYER]\n"
	"                  [--map FIELD=COLUMN]... [--crs CRS] [--dry-run] [--report FILE.csv]\n"
	"       wvlv import offers FILE.csv --municipality GM#### [--map FIELD=COLUMN]...\n"
	"                  [--crs CRS] [--today YYYY-MM-DD] [--dry-run] [--report FILE.csv]\n"
	"\n"
	"Bring a municipality's existing register in: its designations from any GIS file GDAL\n"
	"reads (GeoPackage, Shapefile, GeoJSON, FlatGeobuf, CSV with a WKT column, ...), in the\n"
	"file's own CRS (reprojected by GDAL/PROJ), or its past and open sale offers from a CSV\n"
	"file.  Every record passes exactly the rules of the API (POST /api/v1/designations and\n"
	"its extensions and withdrawal; POST /api/v1/sale-notifications and its events): period\n"
	"lengths, extensions, the 20-year cap, the place cap across the file and the register,\n"
	"geometry validity and bounds; offers through the state machine, their deadlines\n"
	"computed, never read from the file.  All or nothing, in one transaction, audited with\n"
	"the actor \"import\" and the file's name (clientRequestId).  Run as the database owner.\n"
	"\n"
	"designations: one feature per designation; the fields, each read from the column of\n"
	"the same name (any case) unless --map names another:\n"
	"  name, kind (complex|street|area), measures (art8, art9, art10, voorkeursrecht,\n"
	"  comma-separated; a column measuresText is read too), bagIds (comma-separated),\n"
	"  start, end, decisionReference (the first period), extensions (\"END REFERENCE\" per\n"
	"  extension, separated by ';'), or instead of those four periods (a JSON array of\n"
	"  {start, end, decisionReference}, as `wvlv export` writes it), withdrawnOn and\n"
	"  withdrawalReason.  The feature's geometry is the area (Polygon or MultiPolygon).\n"
	"offers: one row per offer (no event) with offer (the file's own key), receivedOn,\n"
	"  parcels (cadastral designations, ';'-separated), bagIds, street, houseNumber,\n"
	"  houseLetter, houseNumberAddition, postalCode, city, ownerName, ownerAddress,\n"
	"  ownerEmail, ownerPhone, askingPrice, exemption, designationId, and the location as a\n"
	"  WKT POINT column (WKT, geometry or location); one row per event with offer, event\n"
	"  (decision, agreement, court-requested, court-filed, court-withdrawn, withdrawal), on,\n"
	"  decision (willing|not-willing), price.  Events are replayed in date order; a deadline\n"
	"  that passed before the next event or today lapses or releases the offer as `wvlv\n"
	"  alerts` would (reported as lapsed or released on the way).\n"
	"\n"
	"  --municipality GM####  the municipality the records belong to (required)\n"
	"  --layer LAYER        the layer to read (default: the first)\n"
	"  --map FIELD=COLUMN   read FIELD from the file's COLUMN (repeatable)\n"
	"  --crs CRS            the file's CRS when it names none (a CSV file) or names it\n"
	"                       wrongly: EPSG:28992 (RD New), EPSG:4326 (WGS84), EPSG:4258, ...\n"
	"  --today DATE         offers: replay up to this day (default today, Europe/Amsterdam;\n"
	"                       not later than today)\n"
	"  --dry-run            check every record and report; change nothing\n"
	"  --report FILE.csv    write the refusals as CSV: record,featureId,field,code,reason\n"
	"  --database-url URL   PostgreSQL URL (WVLV_DATABASE_URL)\n"
	"  -h, --help           this text\n"
	"\n"
	"On a terminal a progress bar on stderr shows records done / total, rate and time left.\n"
	"Exit status: 0 all imported (or, with --dry-run, all would be), 1 refused (nothing\n"
	"written; the table lists record, feature id, field and reason) or the file or the\n"
	"database could not be used, 2 usage, 3 the database's schema is not this wvlv's.\n";

#define MAX_MAPS IMPORT_MAX_FIELDS

typedef struct import_args {
	bool        offers;
	const char *file, *municipality, *layer, *crs, *report;
	const char *maps[MAX_MAPS];
	int         nmaps;
	bool        dry_run;
	wvlv_date   today;
} import_args;

static int usage_error(const char *fmt, const char *arg)
{
	return cli_usage_error("import", fmt, arg);
}

static int parse_options(int argc, char **argv, import_args *a)
{
	static const struct option opts[] = {
		{ "municipality", required_argument, NULL, 'm' },
		{ "layer", required_argument, NULL, 'l' },
		{ "map", required_argument, NULL, 'M' },
		{ "crs", required_argument, NULL, 'c' },
		{ "today", required_argument, NULL, 't' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "report", required_argument, NULL, 'r' },
		{ "database-url", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'm': a->municipality = optarg; break;
		case 'l': a->layer = optarg; break;
		case 'M':
			if (a->nmaps == MAX_MAPS)
				return usage_error("at most %s --map options", CLI_DIGITS(MAX_MAPS));
			a->maps[a->nmaps++] = optarg;
			break;
		case 'c': a->crs = optarg; break;
		case 't':
			if (!cli_parse_today("import", optarg, &a->today))
				return 2;
			break;
		case 'n': a->dry_run = true; break;
		case 'r': a->report = optarg; break;
		case 'd': cli_database_url(optarg); break;
		case 'h': fputs(import_usage, stdout); return 0;
		default: return cli_bad_option("import", argv, c);
		}
	}
	return -1;
}

static int parse_args(int argc, char **argv, import_args *a)
{
	*a = (import_args){ .today = WVLV_DATE_NONE };
	int rc = parse_options(argc, argv, a);
	if (rc >= 0)
		return rc;
	if (optind >= argc)
		return usage_error("give what to import: designations or offers%s", "");
	const char *what = argv[optind++];
	if (strcmp(what, "offers") == 0)
		a->offers = true;
	else if (strcmp(what, "designations") != 0)
		return usage_error("import designations or offers, not \"%s\"", what);
	if (optind >= argc)
		return usage_error("give the file to import%s", "");
	a->file = argv[optind++];
	if (optind < argc)
		return usage_error("unexpected argument \"%s\"", argv[optind]);
	if (!a->municipality)
		return usage_error("--municipality GM#### is required%s", "");
	if (!wvlv_municipality_code_valid(a->municipality))
		return usage_error("--municipality must be GM and 4 digits, not \"%s\"",
				   a->municipality);
	import_fields f = { .names = a->offers ? import_offer_fields : import_designation_fields };
	char why[512];
	for (int i = 0; i < a->nmaps; i++)
		if (!import_map(&f, a->maps[i], why, sizeof(why)))
			return usage_error("%s", why);
	if (a->offers && a->layer)
		return usage_error("--layer is for designations; an offers file is CSV%s", "");
	if (!a->offers && a->today != WVLV_DATE_NONE)
		return usage_error("--today is for offers%s", "");
	char day[WVLV_DATE_STRLEN];
	if (a->today != WVLV_DATE_NONE && a->today > wvlv_date_today_amsterdam())
		return usage_error("--today may not lie after today (%s, Europe/Amsterdam)",
				   wvlv_date_format(wvlv_date_today_amsterdam(), day));
	return -1;
}

/* The file, its columns and the mapping; -1 when ready, else the exit code. */
static int open_reader(const import_args *a, const wvlv_config *cfg, import_reader *r)
{
	char why[512];
	r->fields.names = a->offers ? import_offer_fields : import_designation_fields;
	for (int i = 0; i < IMPORT_MAX_FIELDS; i++)
		r->fields.index[i] = -1;
	for (int i = 0; i < a->nmaps; i++)
		if (!import_map(&r->fields, a->maps[i], why, sizeof(why)))
			return usage_error("%s", why);
	r->file = gdal_open(a->file, a->layer, a->crs, why, sizeof(why));
	if (!r->file) {
		fprintf(stderr, "wvlv import: %s\n", why);
		return 1;
	}
	if (!import_columns(&r->fields, r->file, why, sizeof(why))) {
		fprintf(stderr, "wvlv import: %s (its columns: %s)\n", why,
			gdal_columns_text(r->file, r->arena));
		return 2;
	}
	r->municipality_code = a->municipality;
	r->srv.cfg = cfg;
	r->req.srv = &r->srv;
	r->req.arena = r->arena;
	long total = gdal_count(r->file);
	r->total = total > 0 ? (size_t)total : 0;
	return -1;
}

/* The refusals in record order: the reading's (the first `front`, in record
 * order) merged with the use case's (in record order too). */
static void merge_refusals(wvlv_arena *arena, wvlv_import_report *rep, size_t front)
{
	size_t n = rep->nrefusals, i = 0, j = front, k = 0;
	if (front == 0 || front == n)
		return;
	wvlv_import_refusal *out = wvlv_arena_alloc(arena, n * sizeof(*out));
	while (i < front || j < n)
		out[k++] = j == n || (i < front && rep->refusals[i].origin.record <=
							   rep->refusals[j].origin.record)
				   ? rep->refusals[i++]
				   : rep->refusals[j++];
	rep->refusals = out;
}

static int run(const import_args *a, const wvlv_config *cfg, import_reader *r,
	       import_progress *bar)
{
	wvlv_import_report rep = { 0 };
	r->report = &rep;
	wvlv_import_options o = { .municipality_code = a->municipality, .source = a->file,
				  .dry_run = a->dry_run, .today = a->today,
				  .progress = import_progress_show, .progress_cls = bar };
	wvlv_app_config ac = cli_app_config(cfg, "wvlv import");
	wvlv_error err;
	wvlv_error_clear(&err);
	wvlv_status st;
	size_t n = 0, front;
	if (a->offers) {
		wvlv_import_offer *recs;
		import_offers_read(r, &recs, &n);
		import_progress_start(bar, "checking and writing offers", n);
		front = rep.nrefusals;
		st = wvlv_app_import_offers(&ac, r->arena, &o, recs, n, &rep, &err);
	} else {
		wvlv_import_designation *recs;
		import_designations_read(r, &recs, &n);
		import_progress_start(bar, "checking and writing designations", n);
		front = rep.nrefusals;
		st = wvlv_app_import_designations(&ac, r->arena, &o, recs, n, &rep, &err);
	}
	merge_refusals(r->arena, &rep, front);
	import_progress_end(bar);
	if (st != WVLV_OK && st != WVLV_EINVAL)
		return cli_connect_failed("import", cfg, &err);
	import_report_print(stdout, a->offers, a->dry_run, a->file, r->total > n ? r->total : n,
			    &rep, r);
	if (a->report && !import_report_csv(a->report, &rep, r))
		return 1;
	return cli_report_written("import", rep.nrefusals ? 1 : 0);
}

int cmd_import(int argc, char **argv)
{
	import_args a;
	int rc = parse_args(argc, argv, &a);
	if (rc >= 0)
		return rc;
	wvlv_config cfg;
	if (!wvlv_config_from_env(&cfg))
		return 2;
	import_reader r = { .arena = wvlv_arena_create() };
	import_progress bar;
	import_progress_init(&bar, isatty(STDERR_FILENO));
	if ((rc = cli_schema_refused("import", &cfg)) < 0 && (rc = open_reader(&a, &cfg, &r)) < 0)
		rc = run(&a, &cfg, &r, &bar);
	gdal_close(r.file);
	wvlv_arena_destroy(r.arena);
	return rc;
}
