/* geojson.c — the shape of client GeoJSON coordinates (see geojson.h). */
#include "geojson.h"

#include <stdio.h>
#include <string.h>

typedef struct walk {
	long   max;
	long   count;
	char  *why;
	size_t why_size;
	char   path[160]; /* name[i][j]…, cut short when very deep */
} walk;

static const char *json_kind(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER:
	case JSON_REAL: return "a number";
	case JSON_TRUE:
	case JSON_FALSE: return "a boolean";
	default: return "null";
	}
}

/* path + "[i]" for the duration of a step; returns the old length. */
static size_t path_push(walk *w, size_t i)
{
	size_t len = strlen(w->path);
	if (len + 24 < sizeof(w->path))
		snprintf(w->path + len, sizeof(w->path) - len, "[%zu]", i);
	return len;
}

static geojson_verdict position(walk *w, json_t *p)
{
	size_t n = json_is_array(p) ? json_array_size(p) : 0;
	if (n < 2 || n > 3) {
		if (json_is_array(p))
			snprintf(w->why, w->why_size,
				 "%s must be a position: an array of 2 or 3 numbers, not of %zu.",
				 w->path, n);
		else
			snprintf(w->why, w->why_size,
				 "%s must be a position: an array of 2 or 3 numbers, not %s.",
				 w->path, json_kind(p));
		return GEOJSON_INVALID;
	}
	for (size_t i = 0; i < n; i++) {
		json_t *c = json_array_get(p, i);
		if (!json_is_number(c)) {
			path_push(w, i);
			snprintf(w->why, w->why_size, "%s must be a number, not %s.", w->path,
				 json_kind(c));
			return GEOJSON_INVALID;
		}
	}
	return ++w->count > w->max ? GEOJSON_TOO_MANY : GEOJSON_OK;
}

static geojson_verdict level(walk *w, json_t *a, int levels)
{
	if (levels == 0)
		return position(w, a);
	if (!json_is_array(a)) {
		snprintf(w->why, w->why_size, "%s must be an array, not %s.", w->path, json_kind(a));
		return GEOJSON_INVALID;
	}
	size_t i;
	json_t *e;
	json_array_foreach(a, i, e) {
		size_t len = path_push(w, i);
		geojson_verdict v = level(w, e, levels - 1);
		if (v != GEOJSON_OK)
			return v;
		w->path[len] = '\0';
	}
	return GEOJSON_OK;
}

geojson_verdict geojson_positions(json_t *coords, int levels, long max, const char *name,
				  long *positions, char *why, size_t why_size)
{
	walk w = { .max = max, .why = why, .why_size = why_size };
	snprintf(w.path, sizeof(w.path), "%s", name);
	if (why_size)
		why[0] = '\0';
	geojson_verdict v = coords ? level(&w, coords, levels) : GEOJSON_INVALID;
	if (!coords)
		snprintf(why, why_size, "%s is required.", name);
	*positions = w.count;
	return v;
}
