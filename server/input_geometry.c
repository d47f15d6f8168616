/* input_geometry.c — the GeoJSON geometry member of a designation body (see
 * input.h): its type, then the shape of its coordinates and the vertex limit
 * (geojson.c); PostGIS judges the geometry itself later
 * (wvlv_store_geometry_check). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geojson.h"
#include "input.h"

bool input_geometry(http_req *req, json_t *obj, const char *key, bool required, const char **out,
		    wvlv_error *err)
{
	json_t *g = NULL;
	if (!input_object(obj, key, key, required, &g, err))
		return false;
	if (!g)
		return true;
	json_t *type = json_object_get(g, "type");
	const char *t = json_is_string(type) ? json_string_value(type) : "";
	if (strcmp(t, "Polygon") && strcmp(t, "MultiPolygon")) {
		wvlv_error_add_param(err, key, "invalid-geometry",
				     "%s must be a GeoJSON Polygon or MultiPolygon, not %s.", key,
				     *t ? t : "an object without a type");
		return false;
	}
	json_t *coords = json_object_get(g, "coordinates");
	if (!json_is_array(coords)) {
		wvlv_error_add_param(err, key, "invalid-geometry",
				     "%s.coordinates must be an array.", key);
		return false;
	}
	char name[64], why[256];
	snprintf(name, sizeof(name), "%s.coordinates", key);
	long max = req->srv->cfg->max_vertices, positions;
	switch (geojson_positions(coords, strcmp(t, "Polygon") ? GEOJSON_LEVELS_MULTIPOLYGON
							      : GEOJSON_LEVELS_POLYGON,
				  max, name, &positions, why, sizeof(why))) {
	case GEOJSON_OK:
		break;
	case GEOJSON_INVALID:
		wvlv_error_add_param(err, name, "invalid-coordinates", "%s", why);
		return false;
	case GEOJSON_TOO_MANY:
		wvlv_error_add_param(err, key, "too-many-vertices",
				     "%s has more than %ld positions (all rings together); at most "
				     "%ld are accepted.",
				     key, max, max);
		return false;
	}
	char *text = json_dumps(g, JSON_COMPACT);
	if (!text) {
		wvlv_error_add_param(err, key, "invalid-geometry", "%s could not be read.", key);
		return false;
	}
	*out = wvlv_arena_strdup(req->arena, text);
	free(text);
	return true;
}
