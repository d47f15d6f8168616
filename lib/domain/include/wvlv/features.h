/* features.h — the designations as OGC API – Features shows them: the filter
 * of /collections/designations/items, one feature, and the collection's
 * extent.  Plain data: the store reads them (wvlv/store_ogc.h), the server
 * renders them. */
#ifndef WVLV_FEATURES_H
#define WVLV_FEATURES_H

#include <stdbool.h>
#include <stddef.h>
#include "wvlv/ogc_crs.h"
#include "wvlv/crs.h"
#include "wvlv/cql2.h"
#include "wvlv/enum.h"

/* at most this many sortby keys */
#define WVLV_OGC_SORT_MAX 4

/* Filters of /collections/designations/items; NULL / false switch one off. */
typedef struct wvlv_ogc_filter {
	const char *municipality_code; /* "GM0599" */
	const char *kind;              /* complex | street | area */
	const char *measure;           /* art8 | art9 | art10 | voorkeursrecht */
	const char *status;            /* planned | active | expired | withdrawn, on today */
	const char *today;             /* "YYYY-MM-DD" (Europe/Amsterdam) */
	bool        has_datetime;      /* match [designated_from, designated_until] against: */
	const char *dt_start;          /*   "YYYY-MM-DD" or NULL (open) */
	const char *dt_end;            /*   "YYYY-MM-DD" or NULL (open) */
	bool        has_bbox;
	double      bbox[4];           /* minx, miny, maxx, maxy in bbox_crs, east/north order
					  (lat-first CRSs swapped: wvlv_ogc_crs_bbox) */
	wvlv_ogc_crs bbox_crs;
	long        limit;
	long        offset;
	/* keyset, without sortby only: the (created_us, id) of the feature the
	 * page starts after (a cursor's keys, shapes checked); after[0] NULL: none */
	const char *after[2];
	const cql2_node *cql2;         /* the filter parameter, checked; NULL: none */
	struct {                       /* sortby: queryables (not the geometry), then */
		const char *name;      /*   creation order */
		bool        desc;
	} sort[WVLV_OGC_SORT_MAX];
	int         nsort;
	wvlv_ogc_crs filter_crs;      /* the CRS of its geometries (filter-crs) */
} wvlv_ogc_filter;

/* One feature: strings borrowed from the result, which lives as long as the arena. */
typedef struct wvlv_ogc_feature {
	const char *id;
	const char *geometry;          /* GeoJSON text as stored */
	size_t      geometry_len;
	const char *properties;        /* JSON object text as stored: name, kind, municipalityCode,
					  measures, measuresText, hasVoorkeursrecht, periods,
					  designatedFrom, designatedUntil, withdrawnOn (not
					  status, capDate, currentPeriodStart/End) */
	size_t      properties_len;
	const char *designated_from;   /* "YYYY-MM-DD" */
	const char *status;            /* on the filter's today */
	const char *current_start;     /* the period in force on today: "YYYY-MM-DD", */
	const char *current_end;       /*   NULL when none is */
	const char *created_us;        /* pages: created_at in microseconds since 1970 */
} wvlv_ogc_feature;

/* The collection's extent, computed from the data. */
typedef struct wvlv_ogc_extent {
	bool        has_bbox;
	double      bbox[4];           /* CRS84: minLon, minLat, maxLon, maxLat */
	const char *first_day;         /* earliest designated_from, NULL when none */
	const char *last_day;          /* latest designated_until, NULL when none */
	long long   counter;           /* the change counter this was read under */
} wvlv_ogc_extent;

/* ---- the queryables: what a filter, a sort and a property selection name ---- */

typedef enum wvlv_queryable_type {
	WVLV_QT_STRING,
	WVLV_QT_DATE,       /* "YYYY-MM-DD" */
	WVLV_QT_BOOLEAN,
	WVLV_QT_GEOMETRY    /* the feature's geometry (MultiPolygon) */
} wvlv_queryable_type;

/* One property of the features that can be filtered on (CQL2), sorted by
 * (sortby, unless the geometry) and chosen (properties).  The store holds
 * how each is read in SQL (lib/store/ogc_filter.c); the server renders
 * /queryables and the schema from this table. */
typedef struct wvlv_queryable {
	const char          *name;
	wvlv_queryable_type  type;
	const wvlv_enum     *values;      /* the allowed values, NULL: any */
	const char          *title;
	const char          *description;
} wvlv_queryable;

extern const wvlv_queryable wvlv_queryables[];
extern const size_t         wvlv_nqueryables;

/* The queryable of that name (exact, case-sensitive); NULL when none. */
const wvlv_queryable *wvlv_queryable_find(const char *name);

/* A CQL2 filter (wvlv/cql2.h) against the queryables: every property a
 * queryable, every literal of its type (a date queryable takes DATE and
 * TIMESTAMP) and of its values; the geometry in S_INTERSECTS only.
 * WVLV_EBADREQ "unknown-queryable" or "invalid-filter" (parameter "filter")
 * otherwise. */
wvlv_status wvlv_ogc_filter_check(const cql2_node *n, wvlv_error *err) WVLV_MUST_CHECK;

#endif /* WVLV_FEATURES_H */
