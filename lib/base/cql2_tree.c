/* cql2_tree.c — what both CQL2 readers share (the node builder with its
 * size cap, the two problems, the number rule, the BBOX polygon), and the
 * canonical cql2-text of a tree. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cql2_internal.h"

wvlv_status cql2_unsupported(wvlv_error *err, const char *what)
{
	wvlv_error_set(err, WVLV_EBADREQ, "unsupported-filter",
		       "The filter uses %s, which this server does not support.", what);
	wvlv_error_add_param(err, "filter", "unsupported-filter",
			     "%s is not supported; supported are comparisons, AND, OR, NOT, IN, "
			     "LIKE, BETWEEN, IS NULL, DATE, TIMESTAMP and S_INTERSECTS with a "
			     "point, polygon or BBOX", what);
	return WVLV_EBADREQ;
}

wvlv_status cql2_invalid(wvlv_error *err, const char *fmt, const char *a, size_t pos)
{
	char why[200];
	snprintf(why, sizeof(why), fmt, a);
	if (pos != (size_t)-1)
		wvlv_error_set(err, WVLV_EBADREQ, "invalid-filter",
			       "The filter is not valid CQL2: %s (at character %zu).", why, pos + 1);
	else
		wvlv_error_set(err, WVLV_EBADREQ, "invalid-filter",
			       "The filter is not valid CQL2: %s.", why);
	wvlv_error_add_param(err, "filter", "invalid-filter", "%s", why);
	return WVLV_EBADREQ;
}

cql2_node *cql2_node_new(cql2_build *b, cql2_node_kind kind, size_t nargs)
{
	if (++b->nodes > CQL2_MAX_NODES)
		return NULL;
	cql2_node *n = wvlv_arena_alloc(b->arena, sizeof(*n));
	n->kind = kind;
	n->nargs = nargs;
	if (nargs)
		n->args = wvlv_arena_alloc(b->arena, nargs * sizeof(*n->args));
	return n;
}

wvlv_status cql2_too_big(cql2_build *b)
{
	char what[64];
	snprintf(what, sizeof(what), "more than %d terms", CQL2_MAX_NODES);
	(void)b;
	return cql2_invalid(b->err, "%s", what, (size_t)-1);
}

int cql2_is_value(const cql2_node *n)
{
	return n->kind >= CQL2_PROPERTY;
}

/* (cql2_internal.h) */
int cql2_number_text(const char *s, double *v)
{
	const char *p = s;
	if (*p == '-' || *p == '+')
		p++;
	if (!isdigit((unsigned char)*p) && !(*p == '.' && isdigit((unsigned char)p[1])))
		return 0;
	char *end;
	double d = strtod(s, &end);
	if (*end || !isfinite(d) || strpbrk(s, "xXnN"))
		return 0; /* no hex, no inf/nan */
	*v = d;
	return 1;
}


void cql2_bbox_wkt(wvlv_strbuf *sb, const char *const c[4])
{
	wvlv_strbuf_appendf(sb, "POLYGON((%s %s,%s %s,%s %s,%s %s,%s %s))", c[0], c[1], c[2], c[1],
			    c[2], c[3], c[0], c[3], c[0], c[1]);
}

/* ---- the canonical text ------------------------------------------------------- */

static void put_quoted(wvlv_strbuf *sb, const char *s, char q)
{
	wvlv_strbuf_append(sb, &q, 1);
	for (; *s; s++) {
		wvlv_strbuf_append(sb, s, 1);
		if (*s == q)
			wvlv_strbuf_append(sb, &q, 1);
	}
	wvlv_strbuf_append(sb, &q, 1);
}

static void put_node(wvlv_strbuf *sb, const cql2_node *n);

/* "(a KW b KW c)" */
static void put_joined(wvlv_strbuf *sb, const cql2_node *n, size_t from, const char *kw)
{
	for (size_t i = from; i < n->nargs; i++) {
		if (i > from)
			wvlv_strbuf_append_str(sb, kw);
		put_node(sb, n->args[i]);
	}
}

static void put_predicate(wvlv_strbuf *sb, const cql2_node *n)
{
	static const char *const ops[] = { " = ", " <> ", " < ", " <= ", " > ", " >= " };
	const char *neg = n->negated ? " NOT" : "";
	wvlv_strbuf_append_str(sb, "(");
	put_node(sb, n->args[0]);
	switch (n->kind) {
	case CQL2_COMPARE:
		wvlv_strbuf_append_str(sb, ops[n->op]);
		put_node(sb, n->args[1]);
		break;
	case CQL2_LIKE:
		wvlv_strbuf_appendf(sb, "%s LIKE ", neg);
		put_node(sb, n->args[1]);
		break;
	case CQL2_BETWEEN:
		wvlv_strbuf_appendf(sb, "%s BETWEEN ", neg);
		put_joined(sb, n, 1, " AND ");
		break;
	case CQL2_IN:
		wvlv_strbuf_appendf(sb, "%s IN (", neg);
		put_joined(sb, n, 1, ", ");
		wvlv_strbuf_append_str(sb, ")");
		break;
	default: /* CQL2_IS_NULL */
		wvlv_strbuf_appendf(sb, " IS%s NULL", neg);
		break;
	}
	wvlv_strbuf_append_str(sb, ")");
}

static void put_node(wvlv_strbuf *sb, const cql2_node *n)
{
	switch (n->kind) {
	case CQL2_AND:
	case CQL2_OR:
		wvlv_strbuf_append_str(sb, "(");
		put_joined(sb, n, 0, n->kind == CQL2_AND ? " AND " : " OR ");
		wvlv_strbuf_append_str(sb, ")");
		break;
	case CQL2_NOT:
		wvlv_strbuf_append_str(sb, "NOT ");
		put_node(sb, n->args[0]);
		break;
	case CQL2_INTERSECTS:
		wvlv_strbuf_append_str(sb, "S_INTERSECTS(");
		put_joined(sb, n, 0, ", ");
		wvlv_strbuf_append_str(sb, ")");
		break;
	case CQL2_PROPERTY:
		put_quoted(sb, n->text, '"');
		break;
	case CQL2_STRING:
		put_quoted(sb, n->text, '\'');
		break;
	case CQL2_DATE:
	case CQL2_TIMESTAMP:
		wvlv_strbuf_append_str(sb, n->kind == CQL2_DATE ? "DATE(" : "TIMESTAMP(");
		put_quoted(sb, n->text, '\'');
		wvlv_strbuf_append_str(sb, ")");
		break;
	case CQL2_BOOLEAN:
		wvlv_strbuf_append_str(sb, n->boolean ? "TRUE" : "FALSE");
		break;
	case CQL2_NUMBER:
	case CQL2_GEOMETRY:
		wvlv_strbuf_append_str(sb, n->text);
		break;
	default:
		put_predicate(sb, n);
		break;
	}
}

char *cql2_to_text(wvlv_arena *arena, const cql2_node *n)
{
	wvlv_strbuf *sb = wvlv_strbuf_new(arena);
	put_node(sb, n);
	return wvlv_strbuf_failed(sb) ? NULL : wvlv_arena_strdup(arena, wvlv_strbuf_text(sb));
}
