/* gdal_read.c — reading a GIS file with GDAL's C API (gdal_read.h). */
#include "gdal_read.h"

#include <errno.h>
#include <math.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "wvlv/strbuf.h"

struct gdal_file {
	GDALDatasetH                 ds;
	OGRLayerH                    layer;
	OGRFeatureDefnH              defn;
	OGRSpatialReferenceH         src, dst;
	OGRCoordinateTransformationH ct;     /* NULL: the file is in dst already */
	wvlv_crs                     crs;    /* dst */
	OGRFeatureH                  current;
};

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

static OGRLayerH pick_layer(GDALDatasetH ds, const char *layer, char *why, size_t whylen)
{
	if (layer) {
		OGRLayerH l = GDALDatasetGetLayerByName(ds, layer);
		if (!l)
			snprintf(why, whylen, "the file has no layer \"%s\"", layer);
		return l;
	}
	if (GDALDatasetGetLayerCount(ds) < 1) {
		snprintf(why, whylen, "the file has no layer");
		return NULL;
	}
	return GDALDatasetGetLayer(ds, 0);
}

/* The file's CRS (or srs), the CRS it is read in, and the transformation. */
static bool setup_crs(gdal_file *f, const char *srs, char *why, size_t whylen)
{
	if (srs) {
		f->src = OSRNewSpatialReference(NULL);
		if (OSRSetFromUserInput(f->src, srs) != OGRERR_NONE) {
			snprintf(why, whylen, "--crs \"%s\" is not a CRS GDAL knows", srs);
			return false;
		}
	} else {
		OGRSpatialReferenceH s = OGR_L_GetSpatialRef(f->layer);
		if (!s) {
			snprintf(why, whylen,
				 "the layer names no CRS: give it with --crs (e.g. EPSG:28992 for RD "
				 "New, EPSG:4326 for WGS84)");
			return false;
		}
		f->src = OSRClone(s);
	}
	OSRSetAxisMappingStrategy(f->src, OAMS_TRADITIONAL_GIS_ORDER);
	bool geographic = OSRIsGeographic(f->src);
	f->crs = geographic ? WVLV_CRS_CRS84 : WVLV_CRS_RD;
	f->dst = OSRNewSpatialReference(NULL);
	OSRImportFromEPSG(f->dst, geographic ? 4326 : 28992);
	OSRSetAxisMappingStrategy(f->dst, OAMS_TRADITIONAL_GIS_ORDER);
	if (OSRIsSame(f->src, f->dst))
		return true;
	f->ct = OCTNewCoordinateTransformation(f->src, f->dst);
	if (!f->ct)
		snprintf(why, whylen, "the file's CRS cannot be transformed to %s: %s",
			 geographic ? "WGS84" : "RD New", CPLGetLastErrorMsg());
	return f->ct != NULL;
}

gdal_file *gdal_open(const char *path, const char *layer, const char *srs, char *why,
		     size_t whylen)
{
	static bool registered;
	if (!registered) {
		GDALAllRegister();
		CPLSetErrorHandler(CPLQuietErrorHandler);
		registered = true;
	}
	static const char *const csv_options[] = {
		"GEOM_POSSIBLE_NAMES=WKT,geometry,geom,the_geom,location", "KEEP_GEOM_COLUMNS=NO",
		NULL
	};
	if (access(path, R_OK) != 0 && strncmp(path, "/vsi", 4) != 0) {
		snprintf(why, whylen, "cannot read %s: %s", path, strerror(errno));
		return NULL;
	}
	gdal_file *f = calloc(1, sizeof(*f));
	if (!f) {
		snprintf(why, whylen, "out of memory");
		return NULL;
	}
	f->ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL,
			   ends_with(path, ".csv") ? csv_options : NULL, NULL);
	if (!f->ds) {
		snprintf(why, whylen, "cannot read %s as a GIS file: %s", path,
			 *CPLGetLastErrorMsg() ? CPLGetLastErrorMsg() : "not a vector format GDAL reads");
		gdal_close(f);
		return NULL;
	}
	f->layer = pick_layer(f->ds, layer, why, whylen);
	if (!f->layer || !setup_crs(f, srs, why, whylen)) {
		gdal_close(f);
		return NULL;
	}
	f->defn = OGR_L_GetLayerDefn(f->layer);
	OGR_L_ResetReading(f->layer);
	return f;
}

void gdal_close(gdal_file *f)
{
	if (!f)
		return;
	if (f->current)
		OGR_F_Destroy(f->current);
	if (f->ct)
		OCTDestroyCoordinateTransformation(f->ct);
	if (f->src)
		OSRDestroySpatialReference(f->src);
	if (f->dst)
		OSRDestroySpatialReference(f->dst);
	if (f->ds)
		GDALClose(f->ds);
	free(f);
}

long gdal_count(gdal_file *f)
{
	return (long)OGR_L_GetFeatureCount(f->layer, 1);
}

const char *gdal_layer_name(gdal_file *f)
{
	return OGR_L_GetName(f->layer);
}

int gdal_column(gdal_file *f, const char *name)
{
	int n = OGR_FD_GetFieldCount(f->defn);
	for (int i = 0; i < n; i++)
		if (strcasecmp(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(f->defn, i)), name) == 0)
			return i;
	return -1;
}

const char *gdal_column_name(gdal_file *f, int i)
{
	return OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(f->defn, i));
}

const char *gdal_columns_text(gdal_file *f, wvlv_arena *arena)
{
	wvlv_strbuf *b = wvlv_strbuf_new(arena);
	int n = OGR_FD_GetFieldCount(f->defn);
	for (int i = 0; i < n; i++)
		wvlv_strbuf_appendf(b, "%s%s", i ? ", " : "", gdal_column_name(f, i));
	return wvlv_strbuf_failed(b) ? "" : wvlv_strbuf_text(b);
}

gdal_feature *gdal_next(gdal_file *f)
{
	if (f->current)
		OGR_F_Destroy(f->current);
	f->current = OGR_L_GetNextFeature(f->layer);
	return (gdal_feature *)f->current;
}

void gdal_rewind(gdal_file *f)
{
	OGR_L_ResetReading(f->layer);
}

const char *gdal_fid(gdal_file *f, gdal_feature *ft, wvlv_arena *arena)
{
	(void)f;
	GIntBig fid = OGR_F_GetFID((OGRFeatureH)ft);
	return fid == OGRNullFID ? NULL : wvlv_arena_printf(arena, "%lld", (long long)fid);
}

const char *gdal_value(gdal_file *f, gdal_feature *ft, int i, wvlv_arena *arena)
{
	OGRFeatureH h = (OGRFeatureH)ft;
	if (i < 0 || !OGR_F_IsFieldSetAndNotNull(h, i))
		return NULL;
	OGRFieldType t = OGR_Fld_GetType(OGR_FD_GetFieldDefn(f->defn, i));
	if (t == OFTDate || t == OFTDateTime) {
		int y, m, d, hh, mm, tz;
		float ss;
		if (!OGR_F_GetFieldAsDateTimeEx(h, i, &y, &m, &d, &hh, &mm, &ss, &tz))
			return NULL;
		return wvlv_arena_printf(arena, "%04d-%02d-%02d", y, m, d);
	}
	const char *s = OGR_F_GetFieldAsString(h, i);
	if (!s || !*s)
		return NULL;
	char *v = wvlv_arena_strdup(arena, s);
	/* a date as GDAL writes one into a CSV file, YYYY/MM/DD: YYYY-MM-DD */
	if (strlen(v) == 10 && v[4] == '/' && v[7] == '/' &&
	    strspn(v, "0123456789/") == 10)
		v[4] = v[7] = '-';
	return v;
}

/* The feature's geometry as GDAL hands it: a copy, linear, in *crs (NULL when
 * there is none, or it cannot be reprojected: *why says so). */
static OGRGeometryH geometry_in_crs(gdal_file *f, gdal_feature *ft, wvlv_crs *crs,
				    const char **why)
{
	*why = NULL;
	*crs = f->crs;
	OGRGeometryH g = OGR_F_GetGeometryRef((OGRFeatureH)ft);
	if (!g)
		return NULL;
	OGRGeometryH c = OGR_G_HasCurveGeometry(g, 1) ? OGR_G_GetLinearGeometry(g, 0, NULL)
						      : OGR_G_Clone(g);
	if (f->ct && OGR_G_Transform(c, f->ct) != OGRERR_NONE) {
		OGR_G_DestroyGeometry(c);
		*why = "cannot be transformed from the file's CRS";
		return NULL;
	}
	return c;
}

const char *gdal_geometry(gdal_file *f, gdal_feature *ft, wvlv_arena *arena, wvlv_crs *crs,
			  const char **why)
{
	OGRGeometryH c = geometry_in_crs(f, ft, crs, why);
	if (!c)
		return NULL;
	char *json = OGR_G_ExportToJson(c);
	OGR_G_DestroyGeometry(c);
	const char *out = json ? wvlv_arena_strdup(arena, json) : NULL;
	CPLFree(json);
	return out;
}

/* Ring r's positions [[x, y], …] ([x, y, z] when 3D); NULL when a coordinate
 * is not a finite number or the ring is empty. */
static json_t *ring_json(OGRGeometryH r, bool z)
{
	int n = OGR_G_GetPointCount(r);
	json_t *a = n > 0 ? json_array() : NULL;
	for (int i = 0; a && i < n; i++) {
		double x, y, h;
		OGR_G_GetPoint(r, i, &x, &y, &h);
		if (!isfinite(x) || !isfinite(y) || (z && !isfinite(h))) {
			json_decref(a);
			return NULL;
		}
		json_t *pos = z ? json_pack("[fff]", x, y, h) : json_pack("[ff]", x, y);
		if (!pos || json_array_append_new(a, pos) != 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

/* Polygon p's rings; NULL as ring_json. */
static json_t *polygon_json(OGRGeometryH p, bool z)
{
	int n = OGR_G_GetGeometryCount(p);
	json_t *a = n > 0 ? json_array() : NULL;
	for (int i = 0; a && i < n; i++) {
		json_t *ring = ring_json(OGR_G_GetGeometryRef(p, i), z);
		if (!ring || json_array_append_new(a, ring) != 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

/* A Polygon's or a MultiPolygon's GeoJSON object made from its coordinates;
 * NULL for any other geometry, an empty one or one with a coordinate that is
 * not a finite number. */
static json_t *polygons_json(OGRGeometryH c)
{
	OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(c));
	bool z = OGR_G_Is3D(c);
	json_t *coords = NULL;
	if (t == wkbPolygon) {
		coords = polygon_json(c, z);
	} else if (t == wkbMultiPolygon) {
		int n = OGR_G_GetGeometryCount(c);
		coords = n > 0 ? json_array() : NULL;
		for (int i = 0; coords && i < n; i++) {
			json_t *p = polygon_json(OGR_G_GetGeometryRef(c, i), z);
			if (!p || json_array_append_new(coords, p) != 0) {
				json_decref(coords);
				coords = NULL;
			}
		}
	}
	return coords ? json_pack("{s:s, s:o}", "type",
				  t == wkbPolygon ? "Polygon" : "MultiPolygon", "coordinates",
				  coords)
		      : NULL;
}

json_t *gdal_geometry_json(gdal_file *f, gdal_feature *ft, wvlv_crs *crs, const char **why)
{
	OGRGeometryH c = geometry_in_crs(f, ft, crs, why);
	if (!c)
		return NULL;
	json_t *g = polygons_json(c);
	if (!g) { /* anything else as GDAL writes it, for the API's parse to judge */
		char *json = OGR_G_ExportToJson(c);
		g = json ? json_loads(json, 0, NULL) : NULL;
		CPLFree(json);
	}
	OGR_G_DestroyGeometry(c);
	return g;
}
