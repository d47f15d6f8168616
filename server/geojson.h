/* geojson.h — the shape of the coordinates of client GeoJSON, checked before
 * PostGIS sees them (geojson.c): every position an array of 2 or 3 JSON
 * numbers (a number written as a string is refused, as PostGIS would read it)
 * and every position counted toward the vertex limit.  Pure: no request, no
 * database, so the unit tests and the fuzzers call it directly.
 */
#ifndef WVLV_SERVER_GEOJSON_H
#define WVLV_SERVER_GEOJSON_H

#include <jansson.h>
#include <stddef.h>

typedef enum geojson_verdict {
	GEOJSON_OK,        /* the shape is right; *positions counted */
	GEOJSON_INVALID,   /* a member is not what its level needs: why says which */
	GEOJSON_TOO_MANY,  /* more than max positions (counting stops there) */
} geojson_verdict;

/* The levels of arrays above the positions in the coordinates of a type:
 * Point 0, Polygon 2 (rings, positions), MultiPolygon 3. */
#define GEOJSON_LEVELS_POINT 0
#define GEOJSON_LEVELS_POLYGON 2
#define GEOJSON_LEVELS_MULTIPOLYGON 3

/* Walk coords, `levels` levels of arrays above the positions; name (such as
 * "geometry.coordinates") begins the reason written into why (why_size bytes)
 * when the verdict is GEOJSON_INVALID, e.g. "geometry.coordinates[0][3][1]
 * must be a number, not a string."  Empty arrays above the positions are left
 * for PostGIS to judge (an empty geometry). */
geojson_verdict geojson_positions(json_t *coords, int levels, long max, const char *name,
				  long *positions, char *why, size_t why_size);

#endif
