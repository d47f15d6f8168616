/* ogc_filter.h — a CQL2 filter as SQL for the OGC reads (private to
 * lib/store/; ogc_filter.c). */
#ifndef WVLV_STORE_OGC_FILTER_H
#define WVLV_STORE_OGC_FILTER_H

#include "ogc_query.h"
#include "wvlv/features.h"

/* " AND <condition>" for f->cql2 (checked by wvlv_ogc_filter_check), in
 * f->filter_crs for its geometries and f->today for the day's queryables;
 * nothing when there is no filter. */
void ogc_filter_where(qb *q, const wvlv_ogc_filter *f);

/* The SQL expression of a queryable ("$T": the day); NULL for another name. */
const char *ogc_filter_column(const char *name);

#endif
