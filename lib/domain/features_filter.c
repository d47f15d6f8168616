/* features_filter.c — a CQL2 filter checked against the queryables
 * (features.h): every name a queryable, every literal of its type and, for a
 * queryable with fixed values, one of them.  What passes, the store can turn
 * into SQL without another question. */
#include "wvlv/features.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "wvlv/date.h"

static const char *const TYPE_NAMES[] = { "a text", "a date", "a boolean", "the geometry" };

static wvlv_status bad(wvlv_error *err, const char *code, const char *fmt, ...)
	WVLV_PRINTF(3, 4);
static wvlv_status bad(wvlv_error *err, const char *code, const char *fmt, ...)
{
	char why[300];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	wvlv_error_set(err, WVLV_EBADREQ, code, "The filter cannot be used: %s.", why);
	wvlv_error_add_param(err, "filter", code, "%s", why);
	return WVLV_EBADREQ;
}

/* The queryable a property node names; NULL (and the problem) when none. */
static const wvlv_queryable *queryable_of(const cql2_node *p, wvlv_error *err)
{
	const wvlv_queryable *q = wvlv_queryable_find(p->text);
	if (!q) {
		char names[400] = "";
		for (size_t i = 0; i < wvlv_nqueryables; i++)
			snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s",
				 i ? ", " : "", wvlv_queryables[i].name);
		bad(err, "unknown-queryable", "\"%.60s\" is not a queryable (the queryables: %s)",
		    p->text, names);
	}
	return q;
}

/* Is the literal v of the queryable q's type, and one of its values? */
static wvlv_status literal_fits(const wvlv_queryable *q, const cql2_node *v, wvlv_error *err)
{
	bool ok = false;
	switch (q->type) {
	case WVLV_QT_STRING:
		ok = v->kind == CQL2_STRING;
		break;
	case WVLV_QT_DATE:
		ok = v->kind == CQL2_DATE || v->kind == CQL2_TIMESTAMP;
		break;
	case WVLV_QT_BOOLEAN:
		ok = v->kind == CQL2_BOOLEAN;
		break;
	case WVLV_QT_GEOMETRY:
		return bad(err, "invalid-filter", "%s is only used in S_INTERSECTS", q->name);
	}
	if (!ok)
		return bad(err, "invalid-filter", "%s is %s: compare it with one", q->name,
			   TYPE_NAMES[q->type]);
	if (v->kind == CQL2_DATE) {
		wvlv_date d;
		if (strlen(v->text) != 10 || wvlv_date_parse(v->text, &d, NULL) != WVLV_OK)
			return bad(err, "invalid-filter", "DATE('%.40s') is not a date (YYYY-MM-DD)", v->text);
	}
	if (v->kind == CQL2_TIMESTAMP && (strlen(v->text) <= 10 ||
					  !wvlv_timestamp_or_date_valid(v->text)))
		return bad(err, "invalid-filter",
			   "TIMESTAMP('%.40s') is not an RFC 3339 date-time", v->text);
	int value;
	if (q->values && !wvlv_enum_parse(q->values, v->text, &value)) {
		char names[WVLV_ENUM_TEXT_MAX];
		return bad(err, "invalid-filter", "%s is one of %s", q->name,
			   wvlv_enum_text(q->values, WVLV_ENUM_ALL, WVLV_ENUM_COMMAS, names,
					  sizeof(names)));
	}
	return WVLV_OK;
}

/* A predicate's arguments: the first a queryable (not the geometry), the
 * others literals of its type — or, for a comparison, two queryables of one
 * type, or a literal first and the queryable second. */
static wvlv_status check_predicate(const cql2_node *n, wvlv_error *err)
{
	const cql2_node *prop = n->args[0];
	size_t from = 1;
	if (n->kind == CQL2_COMPARE && prop->kind != CQL2_PROPERTY) {
		prop = n->args[1]; /* 'x' = name */
		from = 0;
	}
	if (prop->kind != CQL2_PROPERTY)
		return bad(err, "invalid-filter", "a %s needs a queryable",
			   n->kind == CQL2_COMPARE ? "comparison" : "predicate");
	const wvlv_queryable *q = queryable_of(prop, err);
	if (!q)
		return err->status;
	if (q->type == WVLV_QT_GEOMETRY)
		return bad(err, "invalid-filter", "%s is only used in S_INTERSECTS", q->name);
	if (n->kind == CQL2_LIKE && q->type != WVLV_QT_STRING)
		return bad(err, "invalid-filter", "LIKE needs a text queryable, and %s is %s",
			   q->name, TYPE_NAMES[q->type]);
	for (size_t i = from; i < n->nargs; i++) {
		const cql2_node *v = n->args[i];
		if (v == prop)
			continue;
		if (v->kind == CQL2_PROPERTY) {
			const wvlv_queryable *o = queryable_of(v, err);
			if (!o)
				return err->status;
			if (n->kind != CQL2_COMPARE || o->type != q->type)
				return bad(err, "invalid-filter", "%s and %s cannot be compared",
					   q->name, o->name);
			continue;
		}
		if (n->kind == CQL2_LIKE)
			continue; /* the pattern: a text, as the reader checked */
		wvlv_status st = literal_fits(q, v, err);
		if (st != WVLV_OK)
			return st;
	}
	return WVLV_OK;
}

wvlv_status wvlv_ogc_filter_check(const cql2_node *n, wvlv_error *err)
{
	switch (n->kind) {
	case CQL2_AND:
	case CQL2_OR:
	case CQL2_NOT:
		for (size_t i = 0; i < n->nargs; i++) {
			wvlv_status st = wvlv_ogc_filter_check(n->args[i], err);
			if (st != WVLV_OK)
				return st;
		}
		return WVLV_OK;
	case CQL2_BOOLEAN:
		return WVLV_OK;
	case CQL2_INTERSECTS: {
		const wvlv_queryable *q = queryable_of(n->args[0], err);
		if (!q)
			return err->status;
		if (q->type != WVLV_QT_GEOMETRY)
			return bad(err, "invalid-filter", "S_INTERSECTS needs the geometry, not %s",
				   q->name);
		return WVLV_OK;
	}
	case CQL2_IS_NULL:
		if (n->args[0]->kind != CQL2_PROPERTY)
			return bad(err, "invalid-filter", "IS NULL needs a queryable");
		return queryable_of(n->args[0], err) ? WVLV_OK : err->status;
	default:
		return check_predicate(n, err);
	}
}
