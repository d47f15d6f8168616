/* cql2_internal.h — what the two CQL2 readers (cql2.c: text, cql2_json.c:
 * JSON) share: the node builder with its size cap, the two problems, the
 * number rule and the BBOX polygon. */
#ifndef WVLV_CQL2_INTERNAL_H
#define WVLV_CQL2_INTERNAL_H

#include "wvlv/cql2.h"
#include "wvlv/strbuf.h"

typedef struct cql2_build {
	wvlv_arena *arena;
	wvlv_error *err;
	size_t      nodes;   /* made so far (CQL2_MAX_NODES) */
} cql2_build;

/* A zeroed node with room for nargs arguments; NULL past CQL2_MAX_NODES. */
cql2_node *cql2_node_new(cql2_build *b, cql2_node_kind kind, size_t nargs);
/* The problem for a filter past CQL2_MAX_NODES. */
wvlv_status cql2_too_big(cql2_build *b);
/* 400 unsupported-filter naming what ("the function CASEI"). */
wvlv_status cql2_unsupported(wvlv_error *err, const char *what);
/* 400 invalid-filter: fmt with one %s argument a; pos the character
 * (0-based) or (size_t)-1 for none. */
wvlv_status cql2_invalid(wvlv_error *err, const char *fmt, const char *a, size_t pos);
/* s a whole, finite decimal number (no hex, inf, nan)?  Its value in *v. */
int cql2_number_text(const char *s, double *v);
/* The WKT POLYGON of BBOX(c[0], c[1], c[2], c[3]) appended to sb. */
void cql2_bbox_wkt(wvlv_strbuf *sb, const char *const c[4]);

#endif
