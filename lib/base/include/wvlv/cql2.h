/* cql2.h — a subset of OGC CQL2 (OGC 21-065, the filter language of OGC API
 * – Features Part 3), parsed from its text and its JSON encoding into one
 * expression tree.
 *
 * The subset: comparisons (= <> < <= > >=), AND, OR, NOT, [NOT] IN (list),
 * [NOT] LIKE, [NOT] BETWEEN, IS [NOT] NULL, the literals (strings, numbers,
 * TRUE/FALSE, DATE('…'), TIMESTAMP('…')), property names, and S_INTERSECTS of
 * a property with a point, a polygon or a BBOX.  Everything else CQL2 has
 * (the other spatial and the temporal and array predicates, functions,
 * arithmetic, CASEI/ACCENTI) is refused with its name, code
 * "unsupported-filter"; text that is not CQL2 with code "invalid-filter"
 * (both WVLV_EBADREQ, invalid parameter "filter").  The tree says nothing
 * about which properties exist or what types they have: the caller checks
 * the property names against its queryables and turns the tree into
 * parameterised SQL.  Nothing here allocates outside the arena.
 */
#ifndef WVLV_CQL2_H
#define WVLV_CQL2_H

#include <stddef.h>

#include "wvlv/arena.h"
#include "wvlv/status.h"

/* at most this deep a nesting, and this many nodes, in one filter */
#define CQL2_MAX_DEPTH 32
#define CQL2_MAX_NODES 1000
/* at most this many positions in one geometry literal */
#define CQL2_MAX_POSITIONS 10000

typedef enum cql2_node_kind {
	CQL2_AND,          /* args: two or more booleans */
	CQL2_OR,
	CQL2_NOT,          /* args[0] */
	CQL2_COMPARE,      /* args[0] op args[1] */
	CQL2_LIKE,         /* args[0] LIKE args[1] (a string) */
	CQL2_BETWEEN,      /* args[0] BETWEEN args[1] AND args[2] */
	CQL2_IN,           /* args[0] IN (args[1..]) */
	CQL2_IS_NULL,      /* args[0] IS NULL */
	CQL2_INTERSECTS,   /* S_INTERSECTS(args[0], args[1]) */
	/* values */
	CQL2_PROPERTY,     /* text: the property name */
	CQL2_STRING,       /* text */
	CQL2_NUMBER,       /* text: the number as written (a JSON/CQL2 number), number */
	CQL2_BOOLEAN,      /* boolean */
	CQL2_DATE,         /* text: YYYY-MM-DD as written (the caller checks it) */
	CQL2_TIMESTAMP,    /* text: an RFC 3339 date-time as written */
	CQL2_GEOMETRY      /* text: WKT (POINT, POLYGON; a BBOX becomes its POLYGON) */
} cql2_node_kind;

typedef enum cql2_compare_op {
	CQL2_EQ, CQL2_NE, CQL2_LT, CQL2_LE, CQL2_GT, CQL2_GE
} cql2_compare_op;

typedef struct cql2_node cql2_node;
struct cql2_node {
	cql2_node_kind  kind;
	cql2_compare_op op;       /* CQL2_COMPARE */
	int             negated;  /* NOT IN, NOT LIKE, NOT BETWEEN, IS NOT NULL */
	const char     *text;
	double          number;
	int             boolean;
	size_t          nargs;
	cql2_node     **args;
};

/* Parse a cql2-text filter (NUL-terminated, already URL-decoded). */
wvlv_status cql2_parse_text(wvlv_arena *arena, const char *text, cql2_node **out,
			    wvlv_error *err);

/* Parse a cql2-json filter (the JSON text, len bytes). */
wvlv_status cql2_parse_json(wvlv_arena *arena, const char *json, size_t len,
			    cql2_node **out, wvlv_error *err);

/* Is the node a value (property or literal) rather than a boolean? */
int cql2_is_value(const cql2_node *n);

/* The tree back as cql2-text, in one canonical spelling (keywords upper
 * case, every binary predicate parenthesised): parse(text(tree)) == tree. */
char *cql2_to_text(wvlv_arena *arena, const cql2_node *n);

#endif /* WVLV_CQL2_H */
