/* cmd_export.c — `wvlv export designations --format gpkg|geojson|csv FILE`:
 * the designations as a GIS file, written with GDAL's C API, with the OGC
 * API's flat properties (lib/domain/features.c) and what `wvlv import
 * designations` needs besides to make them again (periods, withdrawalReason,
 * bagIds): import → export → import gives the same register. */
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>
#include <getopt.h>
#include <jansson.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"
#include "wvlv/app_import.h"
#include "wvlv/designation.h"

static const char export_usage[] =
	"Usage: wvlv export designations --format gpkg|geojson|csv FILE\n"
	"                  [--municipality GM####] [--crs EPSG:28992|CRS84] [--database-url URL]\n"
	"\n"
	"Write the designations to FILE (replaced when it exists) with GDAL: a GeoPackage, a\n"
	"GeoJSON file or a CSV file with the geometry as WKT (column WKT).  One feature per\n"
	"designation, with the OGC API's flat properties: id, name, kind, municipalityCode,\n"
	"measuresText, hasVoorkeursrecht, status, designatedFrom, designatedUntil,\n"
	"currentPeriodStart, currentPeriodEnd, withdrawnOn, capDate (status and the current\n"
	"period as of today, Europe/Amsterdam), and what `wvlv import designations` reads to\n"
	"make them again: periods (a JSON array of {start, end, kind, decisionReference}),\n"
	"withdrawalReason and bagIds.  So import -> export -> import gives the same register.\n"
	"Run as the database owner.\n"
	"\n"
	"  --format F           gpkg, geojson or csv (required)\n"
	"  --municipality GM####  only this municipality's (default: every municipality)\n"
	"  --crs CRS            EPSG:28992 (RD New, as stored; the default for gpkg and csv) or\n"
	"                       CRS84 (WGS84 longitude, latitude; the default for geojson,\n"
	"                       RFC 7946)\n"
	"  --database-url URL   PostgreSQL URL (WVLV_DATABASE_URL)\n"
	"  -h, --help           this text\n"
	"\n"
	"Exit status: 0 written, 1 failure (the file could not be written, the database\n"
	"unreachable), 2 usage, 3 the database's schema is not this wvlv's.\n";

typedef struct export_args {
	const char *format, *file, *municipality, *crs_text;
	wvlv_crs    crs;
} export_args;

static int usage_error(const char *fmt, const char *arg)
{
	return cli_usage_error("export", fmt, arg);
}

static int parse_args(int argc, char **argv, export_args *a)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "municipality", required_argument, NULL, 'm' },
		{ "crs", required_argument, NULL, 'c' },
		{ "database-url", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	*a = (export_args){ 0 };
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'f': a->format = optarg; break;
		case 'm': a->municipality = optarg; break;
		case 'c': a->crs_text = optarg; break;
		case 'd': cli_database_url(optarg); break;
		case 'h': fputs(export_usage, stdout); return 0;
		default: return cli_bad_option("export", argv, c);
		}
	}
	if (optind >= argc || strcmp(argv[optind], "designations") != 0)
		return usage_error("give what to export: designations%s", "");
	if (++optind >= argc)
		return usage_error("give the file to write%s", "");
	a->file = argv[optind++];
	if (optind < argc)
		return usage_error("unexpected argument \"%s\"", argv[optind]);
	if (!a->format)
		return usage_error("--format gpkg, geojson or csv is required%s", "");
	if (strcmp(a->format, "gpkg") && strcmp(a->format, "geojson") && strcmp(a->format, "csv"))
		return usage_error("--format must be gpkg, geojson or csv, not \"%s\"", a->format);
	if (a->municipality && !wvlv_municipality_code_valid(a->municipality))
		return usage_error("--municipality must be GM and 4 digits, not \"%s\"",
				   a->municipality);
	a->crs = strcmp(a->format, "geojson") == 0 ? WVLV_CRS_CRS84 : WVLV_CRS_RD;
	if (a->crs_text && !strcmp(a->crs_text, "EPSG:28992"))
		a->crs = WVLV_CRS_RD;
	else if (a->crs_text && !strcmp(a->crs_text, "CRS84"))
		a->crs = WVLV_CRS_CRS84;
	else if (a->crs_text)
		return usage_error("--crs must be EPSG:28992 or CRS84, not \"%s\"", a->crs_text);
	return -1;
}

typedef enum { F_STRING, F_DATE, F_BOOL } field_type;
static const struct export_field {
	const char *name;
	field_type  type;
} export_fields[] = {
	{ "id", F_STRING },           { "name", F_STRING },          { "kind", F_STRING },
	{ "municipalityCode", F_STRING }, { "measuresText", F_STRING },
	{ "hasVoorkeursrecht", F_BOOL }, { "status", F_STRING },     { "designatedFrom", F_DATE },
	{ "designatedUntil", F_DATE }, { "currentPeriodStart", F_DATE },
	{ "currentPeriodEnd", F_DATE }, { "withdrawnOn", F_DATE },   { "capDate", F_DATE },
	{ "periods", F_STRING },      { "withdrawalReason", F_STRING }, { "bagIds", F_STRING },
};
#define NFIELDS (sizeof(export_fields) / sizeof(export_fields[0]))
enum { X_ID, X_NAME, X_KIND, X_MUNI, X_MEASURES, X_VKR, X_STATUS, X_FROM, X_UNTIL, X_CUR_START,
       X_CUR_END, X_WITHDRAWN, X_CAP, X_PERIODS, X_REASON, X_BAG };

/* Dates as Date fields, but in a CSV file as text YYYY-MM-DD (GDAL would
 * write YYYY/MM/DD there, which is no date of the API). */
static bool dates_as_text;

static OGRLayerH create_layer(GDALDatasetH ds, wvlv_crs crs, const char *format)
{
	dates_as_text = strcmp(format, "csv") == 0;
	OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
	OSRImportFromEPSG(srs, crs == WVLV_CRS_RD ? 28992 : 4326);
	OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
	char **lco = NULL;
	if (strcmp(format, "csv") == 0)
		lco = CSLSetNameValue(lco, "GEOMETRY", "AS_WKT");
	if (strcmp(format, "geojson") == 0 && crs == WVLV_CRS_CRS84)
		lco = CSLSetNameValue(lco, "RFC7946", "YES");
	/* as the API serves them: CRS84 to 8 decimals, RD to the millimetre */
	if (strcmp(format, "geojson") == 0)
		lco = CSLSetNameValue(lco, "COORDINATE_PRECISION", crs == WVLV_CRS_CRS84 ? "8" : "3");
	OGRLayerH l = GDALDatasetCreateLayer(ds, "designations", srs, wkbMultiPolygon, lco);
	CSLDestroy(lco);
	OSRDestroySpatialReference(srs);
	for (size_t i = 0; l && i < NFIELDS; i++) {
		OGRFieldDefnH fd = OGR_Fld_Create(export_fields[i].name,
						  export_fields[i].type == F_DATE && !dates_as_text
							  ? OFTDate
						  : export_fields[i].type == F_BOOL ? OFTInteger
										  : OFTString);
		if (export_fields[i].type == F_BOOL)
			OGR_Fld_SetSubType(fd, OFSTBoolean);
		if (OGR_L_CreateField(l, fd, 1) != OGRERR_NONE)
			l = NULL;
		OGR_Fld_Destroy(fd);
	}
	return l;
}

static void set_date(OGRFeatureH f, int i, wvlv_date d)
{
	if (d == WVLV_DATE_NONE) {
		OGR_F_SetFieldNull(f, i);
		return;
	}
	if (dates_as_text) {
		char s[WVLV_DATE_STRLEN];
		OGR_F_SetFieldString(f, i, wvlv_date_format(d, s));
		return;
	}
	int y, m, day;
	wvlv_date_to_ymd(d, &y, &m, &day);
	OGR_F_SetFieldDateTime(f, i, y, m, day, 0, 0, 0, 0);
}

/* The periods as a JSON array, as the OGC API has them. */
static char *periods_json(const wvlv_designation *d)
{
	json_t *a = json_array();
	for (size_t i = 0; i < d->n_periods; i++) {
		char s[WVLV_DATE_STRLEN], e[WVLV_DATE_STRLEN];
		const wvlv_period *p = &d->periods[i];
		json_array_append_new(a, json_pack("{s:i, s:s, s:s, s:s, s:s?}", "sequence",
						   p->sequence, "start", wvlv_date_format(p->start, s),
						   "end", wvlv_date_format(p->end, e), "kind",
						   p->extension ? "extension" : "initial",
						   "decisionReference", p->decision_reference));
	}
	char *text = json_dumps(a, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(a);
	return text;
}

static void set_texts(OGRFeatureH f, const wvlv_designation *d, wvlv_arena *arena)
{
	OGR_F_SetFieldString(f, X_ID, d->id);
	OGR_F_SetFieldString(f, X_NAME, d->name);
	OGR_F_SetFieldString(f, X_KIND, wvlv_kind_name(d->kind));
	OGR_F_SetFieldString(f, X_MUNI, d->municipality_code);
	char *measures = wvlv_arena_alloc(arena, 64);
	measures[0] = '\0';
	for (unsigned b = 0; b < 4; b++)
		if (d->measures & (1u << b)) {
			if (measures[0])
				strcat(measures, ",");
			strcat(measures, wvlv_measure_name(1u << b));
		}
	OGR_F_SetFieldString(f, X_MEASURES, measures);
	OGR_F_SetFieldInteger(f, X_VKR, (d->measures & WVLV_MEASURE_VOORKEURSRECHT) != 0);
	char *periods = periods_json(d);
	OGR_F_SetFieldString(f, X_PERIODS, periods ? periods : "[]");
	free(periods);
	if (d->withdrawal_reason)
		OGR_F_SetFieldString(f, X_REASON, d->withdrawal_reason);
	else
		OGR_F_SetFieldNull(f, X_REASON);
	if (d->n_bag_ids) {
		size_t len = 1;
		for (size_t i = 0; i < d->n_bag_ids; i++)
			len += strlen(d->bag_ids[i]) + 1;
		char *bag = wvlv_arena_alloc(arena, len);
		bag[0] = '\0';
		for (size_t i = 0; i < d->n_bag_ids; i++)
			strcat(strcat(bag, i ? "," : ""), d->bag_ids[i]);
		OGR_F_SetFieldString(f, X_BAG, bag);
	} else {
		OGR_F_SetFieldNull(f, X_BAG);
	}
}

static void set_dates(OGRFeatureH f, const wvlv_designation *d, wvlv_date today)
{
	wvlv_date from = wvlv_designated_from(d->periods, d->n_periods);
	OGR_F_SetFieldString(f, X_STATUS, wvlv_designation_status_name(wvlv_designation_status_on(
						  d->periods, d->n_periods, d->withdrawn_on, today)));
	set_date(f, X_FROM, from);
	set_date(f, X_UNTIL, wvlv_designated_until(d->periods, d->n_periods, d->withdrawn_on));
	/* the period in force today, as the OGC API has it (the latest start) */
	const wvlv_period *cur = NULL;
	for (size_t i = 0; i < d->n_periods; i++)
		if (d->periods[i].start <= today && today <= d->periods[i].end)
			cur = &d->periods[i];
	set_date(f, X_CUR_START, cur ? cur->start : WVLV_DATE_NONE);
	set_date(f, X_CUR_END, cur ? cur->end : WVLV_DATE_NONE);
	set_date(f, X_WITHDRAWN, d->withdrawn_on);
	set_date(f, X_CAP, from == WVLV_DATE_NONE ? from : wvlv_designation_cap_date(from));
}

static bool write_one(OGRLayerH l, const wvlv_designation *d, wvlv_date today,
		      wvlv_arena *arena)
{
	OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
	set_texts(f, d, arena);
	set_dates(f, d, today);
	OGRGeometryH g = d->geometry ? OGR_G_CreateGeometryFromJson(d->geometry) : NULL;
	if (g && OGR_G_GetGeometryType(g) == wkbPolygon)
		g = OGR_G_ForceToMultiPolygon(g);
	if (g)
		OGR_F_SetGeometryDirectly(f, g);
	bool ok = OGR_L_CreateFeature(l, f) == OGRERR_NONE;
	OGR_F_Destroy(f);
	return ok;
}

static int write_file(const export_args *a, const wvlv_designation *items, size_t n,
		      wvlv_arena *arena)
{
	GDALAllRegister();
	CPLSetErrorHandler(CPLQuietErrorHandler);
	const char *driver_name = strcmp(a->format, "gpkg") == 0      ? "GPKG"
				  : strcmp(a->format, "geojson") == 0 ? "GeoJSON"
								      : "CSV";
	GDALDriverH drv = GDALGetDriverByName(driver_name);
	unlink(a->file);
	GDALDatasetH ds = drv ? GDALCreate(drv, a->file, 0, 0, 0, GDT_Unknown, NULL) : NULL;
	OGRLayerH l = ds ? create_layer(ds, a->crs, a->format) : NULL;
	bool ok = l != NULL;
	if (ok && strcmp(a->format, "gpkg") == 0)
		GDALDatasetStartTransaction(ds, 0);
	wvlv_date today = wvlv_date_today_amsterdam();
	for (size_t i = 0; ok && i < n; i++)
		ok = write_one(l, &items[i], today, arena);
	if (ok && strcmp(a->format, "gpkg") == 0)
		ok = GDALDatasetCommitTransaction(ds) == OGRERR_NONE;
	if (ds)
		GDALClose(ds);
	if (!ok) {
		fprintf(stderr, "wvlv export: cannot write %s: %s\n", a->file, CPLGetLastErrorMsg());
		return 1;
	}
	printf("%s: %zu designation%s written (%s, %s)\n", a->file, n, n == 1 ? "" : "s",
	       a->format, a->crs == WVLV_CRS_RD ? "EPSG:28992" : "CRS84");
	return cli_report_written("export", 0);
}

int cmd_export(int argc, char **argv)
{
	export_args a;
	int rc = parse_args(argc, argv, &a);
	if (rc >= 0)
		return rc;
	wvlv_config cfg;
	if (!wvlv_config_from_env(&cfg))
		return 2;
	if ((rc = cli_schema_refused("export", &cfg)) >= 0)
		return rc;
	wvlv_app_config ac = cli_app_config(&cfg, "wvlv export");
	wvlv_arena *arena = wvlv_arena_create();
	wvlv_designation *items = NULL;
	size_t n = 0;
	wvlv_error err;
	wvlv_error_clear(&err);
	if (wvlv_app_export_designations(&ac, arena, a.municipality, a.crs, &items, &n, &err) !=
	    WVLV_OK)
		rc = cli_connect_failed("export", &cfg, &err);
	else
		rc = write_file(&a, items, n, arena);
	wvlv_arena_destroy(arena);
	return rc;
}
