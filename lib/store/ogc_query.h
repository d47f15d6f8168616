/* ogc_query.h — the statement builder of the OGC reads (private to
 * lib/store/: ogc.c builds the page and count statements with it,
 * ogc_filter.c writes a CQL2 filter into it).
 *
 * The text and the parameters of one statement, built clause by clause so
 * that the planner never sees a filter that is switched off.  Values are
 * always parameters; only fixed SQL text is appended. */
#ifndef WVLV_STORE_OGC_QUERY_H
#define WVLV_STORE_OGC_QUERY_H

#include <stdbool.h>

#include "wvlv/arena.h"
#include "wvlv/strbuf.h"

typedef struct qb {
	wvlv_arena  *arena;
	wvlv_strbuf *sql;
	const char **v;           /* the parameters' values, borrowed */
	int          n, cap;
	char         box[4][32];  /* the bbox's numbers, printed once */
} qb;

qb  *qb_new(wvlv_arena *arena);
void qb_add(qb *q, const char *s);
/* Append "$k" for value v (borrowed): the parameter v already is when the
 * same pointer was passed before (the filter is written twice, for the count
 * and for the page), a new one otherwise. */
void qb_param(qb *q, const char *v);
/* When v is given: before, the parameter v, then after ("" for none). */
void qb_filter(qb *q, const char *before, const char *v, const char *after);
/* Append "$k" for a new parameter: a whole number. */
void qb_long(qb *q, long v);
/* tmpl with every "$T" the parameter today. */
void qb_on_day(qb *q, const char *tmpl, const char *today);

#endif
