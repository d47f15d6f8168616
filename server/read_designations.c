/* read_designations.c — the designations of a GIS file for `wvlv import
 * designations` (import_read.h): each feature into the body of POST
 * /api/v1/designations, read by the API's own parse step
 * (designation_parse_new), its extensions and withdrawal by the parse step of
 * theirs (designation_parse_dated). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"
#include "import_read.h"
#include "input.h"

const char *const import_designation_fields[] = {
	"name", "kind", "measures", "bagIds", "start", "end", "decisionReference", "periods",
	"extensions", "withdrawnOn", "withdrawalReason", NULL
};

const char *import_designation_field(const char *param)
{
	static const char *const map[][2] = {
		{ "firstPeriod.start", "start" }, { "firstPeriod.end", "end" },
		{ "firstPeriod.decisionReference", "decisionReference" },
		{ "extensions", "extensions" }, { "measures", "measures" }, { "bagIds", "bagIds" },
		{ "withdrawnOn", "withdrawnOn" }, { "withdrawalReason", "withdrawalReason" },
		{ "name", "name" }, { "kind", "kind" }, { "periods", "periods" },
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strncmp(param, map[i][0], strlen(map[i][0])) == 0)
			return map[i][1];
	return NULL;
}

/* A period object {start?, end, decisionReference} of the periods column. */
static json_t *period_body(json_t *p, bool first)
{
	json_t *b = json_object();
	if (first)
		json_object_set(b, "start", json_object_get(p, "start"));
	json_object_set(b, "end", json_object_get(p, "end"));
	json_object_set(b, "decisionReference", json_object_get(p, "decisionReference"));
	return b;
}

/* The periods: the column periods (a JSON array as `wvlv export` writes it),
 * else start, end, decisionReference and extensions ("END REFERENCE; …").
 * The first into body.firstPeriod, the others appended to exts. */
static void read_periods(import_reader *r, gdal_feature *ft, json_t *body, json_t *exts,
			 wvlv_error *err)
{
	const char *periods = import_value(r, ft, "periods");
	if (periods) {
		json_t *a = json_loads(periods, 0, NULL);
		size_t i;
		json_t *p;
		if (!json_is_array(a) || json_array_size(a) == 0)
			wvlv_error_add_param(err, "periods", "invalid-periods",
					     "periods must be a JSON array of periods {start, end, "
					     "decisionReference}, as `wvlv export` writes it.");
		json_array_foreach(a, i, p)
			if (i == 0)
				json_object_set_new(body, "firstPeriod", period_body(p, true));
			else
				json_array_append_new(exts, period_body(p, false));
		json_decref(a);
		return;
	}
	json_t *fp = json_object();
	import_set(fp, "start", import_value(r, ft, "start"));
	import_set(fp, "end", import_value(r, ft, "end"));
	import_set(fp, "decisionReference", import_value(r, ft, "decisionReference"));
	json_object_set_new(body, "firstPeriod", fp);
	json_t *list = import_list(import_value(r, ft, "extensions"));
	size_t i;
	json_t *e;
	json_array_foreach(list, i, e) {
		const char *s = json_string_value(e);
		size_t n = strcspn(s, " \t");
		json_t *b = json_object();
		json_object_set_new(b, "end", json_stringn(s, n));
		s += n + strspn(s + n, " \t");
		if (*s)
			json_object_set_new(b, "decisionReference", json_string(s));
		json_array_append_new(exts, b);
	}
	json_decref(list);
}

/* The extensions and the withdrawal of rec, by the API's parse step. */
static void read_changes(import_reader *r, gdal_feature *ft, json_t *exts,
			 wvlv_import_designation *rec, wvlv_error *err)
{
	size_t i;
	json_t *b;
	json_array_foreach(exts, i, b) {
		if (i >= WVLV_MAX_EXTENSIONS) {
			wvlv_error_add_param(err, "extensions", "extensions-exhausted",
					     "A designation has at most %d extensions.",
					     WVLV_MAX_EXTENSIONS);
			break;
		}
		wvlv_error e;
		wvlv_error_clear(&e);
		wvlv_period *p = &rec->extensions[rec->n_extensions++];
		designation_parse_dated(b, false, &p->end, &p->decision_reference, &e);
		for (int k = 0; k < e.nparams; k++)
			wvlv_error_add_param(err, wvlv_arena_printf(r->arena, "extensions[%zu].%s",
								    i + 1, e.params[k].name),
					     e.params[k].code, "%s", e.params[k].reason);
	}
	const char *on = import_value(r, ft, "withdrawnOn");
	const char *why = import_value(r, ft, "withdrawalReason");
	if (!on && !why)
		return;
	json_t *w = json_object();
	wvlv_arena_on_destroy(r->arena, (void (*)(void *))json_decref, w);
	import_set(w, "on", on);
	import_set(w, "reason", why);
	wvlv_error e;
	wvlv_error_clear(&e);
	designation_parse_dated(w, true, &rec->withdrawn_on, &rec->withdrawal_reason, &e);
	for (int k = 0; k < e.nparams; k++)
		wvlv_error_add_param(err, strcmp(e.params[k].name, "on") ? "withdrawalReason"
									 : "withdrawnOn",
				     e.params[k].code, "%s", e.params[k].reason);
}

/* One feature into rec; false with err's entries when the API would refuse it. */
static bool read_one(import_reader *r, gdal_feature *ft, wvlv_import_designation *rec,
		     wvlv_error *err)
{
	json_t *body = json_object();
	json_t *exts = json_array();
	wvlv_arena_on_destroy(r->arena, (void (*)(void *))json_decref, body);
	wvlv_arena_on_destroy(r->arena, (void (*)(void *))json_decref, exts);
	json_object_set_new(body, "municipalityCode", json_string(r->municipality_code));
	import_set(body, "name", import_value(r, ft, "name"));
	import_set(body, "kind", import_value(r, ft, "kind"));
	const char *measures = import_value(r, ft, "measures");
	if (measures)
		json_object_set_new(body, "measures", import_list(measures));
	const char *bag = import_value(r, ft, "bagIds");
	if (bag)
		json_object_set_new(body, "bagIds", import_list(bag));
	const char *why = NULL;
	wvlv_crs crs;
	json_t *g = gdal_geometry_json(r->file, ft, &crs, &why);
	if (g)
		json_object_set_new(body, "geometry", g);
	read_periods(r, ft, body, exts, err);
	*rec = (wvlv_import_designation){ .withdrawn_on = WVLV_DATE_NONE };
	rec->d.geometry_crs = crs;
	if (!designation_parse_new(&r->req, body, &rec->d, err) && why)
		wvlv_error_add_param(err, "geometry", "not-transformable", "geometry %s", why);
	read_changes(r, ft, exts, rec, err);
	return err->nparams == 0;
}

bool import_designations_read(import_reader *r, wvlv_import_designation **out, size_t *n)
{
	int m = 2; /* measures: the export's measuresText when there is no column measures */
	if (r->fields.index[m] < 0 && !r->fields.column[m])
		r->fields.index[m] = gdal_column(r->file, "measuresText");
	size_t cap = r->total ? r->total : 16;
	wvlv_import_designation *recs = wvlv_arena_alloc(r->arena, cap * sizeof(*recs));
	*n = 0;
	gdal_feature *ft;
	for (long no = 1; (ft = gdal_next(r->file)) != NULL; no++) {
		if (*n == cap) {
			wvlv_import_designation *a = wvlv_arena_alloc(r->arena, 2 * cap * sizeof(*a));
			memcpy(a, recs, cap * sizeof(*a));
			recs = a;
			cap *= 2;
		}
		wvlv_import_origin origin = { no, gdal_fid(r->file, ft, r->arena) };
		wvlv_error err;
		wvlv_error_clear(&err);
		if (read_one(r, ft, &recs[*n], &err)) {
			recs[*n].origin = origin;
			(*n)++;
		} else {
			input_ok(&err);
			wvlv_import_refuse(r->arena, r->report, &origin, &err);
		}
	}
	*out = recs;
	return true;
}
