/* gdal_read.h — reading a GIS file with GDAL's C API for `wvlv import`:
 * any vector format GDAL reads (GeoPackage, Shapefile, GeoJSON, FlatGeobuf,
 * CSV with a WKT column, …), one layer, its columns by name, and each
 * feature's geometry as GeoJSON in a CRS the API takes (CRS84 for a
 * geographic CRS, RD New for any other; reprojected by GDAL/PROJ). */
#ifndef WVLV_SERVER_GDAL_READ_H
#define WVLV_SERVER_GDAL_READ_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "wvlv/arena.h"
#include "wvlv/crs.h"

typedef struct gdal_file gdal_file;
typedef struct gdal_feature gdal_feature;

/* Open path's layer `layer` (NULL: the only one, or the first) read-only.
 * srs: the CRS of a file that names none ("EPSG:28992", "EPSG:4326",
 * "OGC:CRS84", anything GDAL's SetFromUserInput reads), and it overrides the
 * file's; NULL: the file's own.  NULL with a sentence in why on failure (no
 * such file, not a format GDAL reads, no such layer, no CRS). */
gdal_file *gdal_open(const char *path, const char *layer, const char *srs, char *why,
		     size_t whylen);
void gdal_close(gdal_file *f);

/* The number of features (counted by GDAL), and the layer's name. */
long gdal_count(gdal_file *f);
const char *gdal_layer_name(gdal_file *f);
/* The index of the column called name (case-insensitive), -1 when none. */
int gdal_column(gdal_file *f, const char *name);
/* The name of column i. */
const char *gdal_column_name(gdal_file *f, int i);
/* The columns' names, comma-separated (for a message). */
const char *gdal_columns_text(gdal_file *f, wvlv_arena *arena);

/* The next feature, NULL at the end; valid until the next call. */
gdal_feature *gdal_next(gdal_file *f);
/* Read from the first feature again. */
void gdal_rewind(gdal_file *f);
/* Its id as text ("17"), NULL when the format has none. */
const char *gdal_fid(gdal_file *f, gdal_feature *ft, wvlv_arena *arena);
/* Column i's value as text (a date as YYYY-MM-DD, also a text YYYY/MM/DD, as
 * GDAL writes dates into CSV), NULL when null, unset,
 * empty or i < 0; copied into arena. */
const char *gdal_value(gdal_file *f, gdal_feature *ft, int i, wvlv_arena *arena);
/* The geometry as GeoJSON text in *crs (CRS84 or RD), NULL when there is
 * none or it cannot be reprojected (*why says so). */
const char *gdal_geometry(gdal_file *f, gdal_feature *ft, wvlv_arena *arena, wvlv_crs *crs,
			  const char **why);
/* The same geometry as a GeoJSON object (the caller's to json_decref): a
 * Polygon or MultiPolygon made from GDAL's coordinates as they are (no text
 * in between), anything else as GDAL writes it; NULL as gdal_geometry. */
json_t *gdal_geometry_json(gdal_file *f, gdal_feature *ft, wvlv_crs *crs, const char **why);

#endif
