/* ogc_schema.c — the JSON Schemas of the designations collection: its
 * queryables (OGC API – Features Part 3) and the schema of its features,
 * both made from the one table of queryables (wvlv/features.h).
 *
 * The features' schema describes a GeoJSON Feature as /items gives it, its
 * properties under "properties": that is the shape GDAL's OAPIF driver
 * (and so QGIS) reads through the collection's describedby link to give
 * each field its type, where a first page alone would make a date that is
 * null on that page a string. */
#include <stdio.h>

#include "ogc.h"
#include "wvlv/designation.h"

/* {"type": …, "format": …, "enum": […], "title": …, "description": …} */
static json_t *queryable_json(const wvlv_queryable *q)
{
	json_t *p = json_object();
	static const char *const types[] = { "string", "string", "boolean" };
	if (q->type == WVLV_QT_GEOMETRY) {
		json_object_set_new(p, "format", json_string("geometry-multipolygon"));
		json_object_set_new(p, "x-ogc-role", json_string("primary-geometry"));
	} else {
		/* one type, not ["string", "null"]: GDAL 3.6 types a field only
		 * from a single type; a nullable value says so in its description */
		json_object_set_new(p, "type", json_string(types[q->type]));
	}
	if (q->type == WVLV_QT_DATE)
		json_object_set_new(p, "format", json_string("date"));
	if (q->values) {
		json_t *e = json_array();
		for (size_t i = 0; i < q->values->count; i++)
			json_array_append_new(e, json_string(q->values->names[i]));
		json_object_set_new(p, "enum", e);
	}
	json_object_set_new(p, "title", json_string(q->title));
	json_object_set_new(p, "description", json_string(q->description));
	return p;
}

static json_t *schema_head(http_req *req, const char *path, const char *title)
{
	return json_pack("{s:s, s:s, s:s, s:s}", "$schema", "https://json-schema.org/draft/2020-12/schema",
			 "$id", ogc_url(req, path), "type", "object", "title", title);
}

json_t *ogc_queryables_json(http_req *req)
{
	json_t *s = schema_head(req, "/collections/" COLLECTION "/queryables",
				"Designated areas: what a filter and sortby may name");
	json_t *props = json_object();
	for (size_t i = 0; i < wvlv_nqueryables; i++)
		json_object_set_new(props, wvlv_queryables[i].name, queryable_json(&wvlv_queryables[i]));
	json_object_set_new(s, "properties", props);
	json_object_set_new(s, "additionalProperties", json_false());
	return s;
}

/* the nested members of a feature that are not queryables */
static void nested_members(json_t *props)
{
	json_t *measure = json_object();
	json_t *names = json_array();
	for (size_t i = 0; i < wvlv_measure_enum.count; i++)
		json_array_append_new(names, json_string(wvlv_measure_enum.names[i]));
	json_object_set_new(measure, "type", json_string("string"));
	json_object_set_new(measure, "enum", names);
	json_object_set_new(props, "measures",
			    json_pack("{s:s, s:o, s:s}", "type", "array", "items", measure,
				      "description", "The measures (as a list; measuresText has them as text)."));
	json_t *kinds = json_array();
	for (size_t i = 0; i < wvlv_period_kind_enum.count; i++)
		json_array_append_new(kinds, json_string(wvlv_period_kind_enum.names[i]));
	json_t *period = json_pack(
		"{s:s, s:{s:{s:s}, s:{s:s, s:s}, s:{s:s, s:s}, s:{s:s, s:o}, s:{s:s}}}", "type",
		"object", "properties", "sequence", "type", "integer", "start", "type", "string",
		"format", "date", "end", "type", "string", "format", "date", "kind", "type", "string",
		"enum", kinds, "decisionReference", "type", "string");
	json_object_set_new(props, "periods",
			    json_pack("{s:s, s:o, s:s}", "type", "array", "items", period,
				      "description", "The designation periods, first to last."));
	json_object_set_new(props, "capDate",
			    json_pack("{s:s, s:s, s:s}", "type", "string", "format", "date",
				      "description",
				      "The last day the place may be designated (20 years from the first start)."));
}

json_t *ogc_schema_json(http_req *req)
{
	json_t *s = schema_head(req, "/collections/" COLLECTION "/schema",
				"Designated areas: a feature as /items gives it (GeoJSON)");
	json_t *props = json_object();
	for (size_t i = 0; i < wvlv_nqueryables; i++)
		if (wvlv_queryables[i].type != WVLV_QT_GEOMETRY)
			json_object_set_new(props, wvlv_queryables[i].name,
					    queryable_json(&wvlv_queryables[i]));
	nested_members(props);
	json_t *geometry = queryable_json(wvlv_queryable_find("geometry"));
	json_object_set_new(geometry, "type", json_string("object"));
	json_object_set_new(s, "required", json_pack("[s,s,s,s]", "type", "id", "geometry", "properties"));
	json_object_set_new(
		s, "properties",
		json_pack("{s:{s:s, s:[s]}, s:{s:s, s:s, s:s}, s:o, s:{s:s, s:o}}", "type", "type",
			  "string", "enum", "Feature", "id", "type", "string", "format", "uuid",
			  "x-ogc-role", "id", "geometry", geometry, "properties", "type", "object",
			  "properties", props));
	return s;
}
