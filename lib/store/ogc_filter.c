/* ogc_filter.c — a checked CQL2 filter (wvlv_ogc_filter_check) written as a
 * WHERE condition of the OGC reads: each queryable by its SQL expression
 * (one table, below), each literal a parameter, the geometry of
 * S_INTERSECTS made by PostGIS from its WKT in the filter's CRS. */
#include "ogc_filter.h"

#include <string.h>

#include "designation_sql.h"

/* How each queryable of wvlv/features.h is read; "$T" is the day. */
static const struct {
	const char *name;
	const char *sql;
} COLUMNS[] = {
	{ "geometry", "d.geom" },
	{ "name", "d.name" },
	{ "kind", "d.kind" },
	{ "municipalityCode", "d.municipality_code" },
	{ "measuresText", "array_to_string(d.measures, ',')" },
	{ "hasVoorkeursrecht", "('voorkeursrecht' = ANY (d.measures))" },
	{ "status", "(" SQL_STATUS("$T") ")" },
	{ "designatedFrom", "d.designated_from" },
	{ "designatedUntil", "d.designated_until" },
	{ "currentPeriodStart", SQL_PERIOD_START("$T") },
	{ "currentPeriodEnd", SQL_PERIOD_END("$T") },
	{ "withdrawnOn", "d.withdrawn_on" },
};

const char *ogc_filter_column(const char *name)
{
	for (size_t i = 0; i < sizeof(COLUMNS) / sizeof(COLUMNS[0]); i++)
		if (strcmp(COLUMNS[i].name, name) == 0)
			return COLUMNS[i].sql;
	return NULL;
}

typedef struct writer {
	qb                    *q;
	const wvlv_ogc_filter *f;
	wvlv_queryable_type    type;   /* of the predicate's queryable */
} writer;

/* A queryable; a date one as a timestamp at the start of its day in
 * Europe/Amsterdam when it meets a TIMESTAMP. */
static void put_property(writer *w, const cql2_node *p, bool as_timestamp)
{
	if (as_timestamp)
		qb_add(w->q, "(");
	qb_on_day(w->q, ogc_filter_column(p->text), w->f->today);
	if (as_timestamp)
		qb_add(w->q, "::timestamp AT TIME ZONE 'Europe/Amsterdam')");
}

static void put_value(writer *w, const cql2_node *v, bool as_timestamp)
{
	static const char *const casts[] = { "::text", "::date", "::boolean", "" };
	if (v->kind == CQL2_PROPERTY) {
		put_property(w, v, as_timestamp);
		return;
	}
	qb_param(w->q, v->kind == CQL2_BOOLEAN ? (v->boolean ? "true" : "false") : v->text);
	qb_add(w->q, as_timestamp ? "::timestamptz" : casts[w->type]);
}

/* the S_INTERSECTS geometry: the WKT in the filter's CRS, in RD */
static void put_geometry(writer *w, const cql2_node *g)
{
	const wvlv_ogc_crs_def *c = wvlv_ogc_crs_def_of(w->f->filter_crs);
	qb_add(w->q, "ST_Transform(");
	qb_add(w->q, c->lat_first ? "ST_FlipCoordinates(ST_GeomFromText(" : "ST_GeomFromText(");
	qb_param(w->q, g->text);
	wvlv_strbuf_appendf(w->q->sql, "::text, %d)%s, 28992)", c->srid, c->lat_first ? ")" : "");
}

static void put_node(writer *w, const cql2_node *n);

static void put_list(writer *w, const cql2_node *n, size_t from, const char *sep, bool ts)
{
	for (size_t i = from; i < n->nargs; i++) {
		if (i > from)
			qb_add(w->q, sep);
		put_value(w, n->args[i], ts);
	}
}

/* Does any argument of the predicate n say TIMESTAMP?  Then its date
 * queryable is compared as a timestamp. */
static bool any_timestamp(const cql2_node *n)
{
	for (size_t i = 0; i < n->nargs; i++)
		if (n->args[i]->kind == CQL2_TIMESTAMP)
			return true;
	return false;
}

static void put_predicate(writer *w, const cql2_node *n)
{
	static const char *const ops[] = { " = ", " <> ", " < ", " <= ", " > ", " >= " };
	const cql2_node *prop = n->args[0]->kind == CQL2_PROPERTY ? n->args[0] : n->args[1];
	w->type = wvlv_queryable_find(prop->text)->type;
	bool ts = any_timestamp(n);
	const char *neg = n->negated ? " NOT" : "";
	qb_add(w->q, "(");
	put_value(w, n->args[0], ts);
	switch (n->kind) {
	case CQL2_COMPARE:
		qb_add(w->q, ops[n->op]);
		put_value(w, n->args[1], ts);
		break;
	case CQL2_LIKE:
		wvlv_strbuf_appendf(w->q->sql, "%s LIKE ", neg);
		put_value(w, n->args[1], false);
		break;
	case CQL2_BETWEEN:
		wvlv_strbuf_appendf(w->q->sql, "%s BETWEEN ", neg);
		put_list(w, n, 1, " AND ", ts);
		break;
	case CQL2_IN:
		wvlv_strbuf_appendf(w->q->sql, "%s IN (", neg);
		put_list(w, n, 1, ", ", ts);
		qb_add(w->q, ")");
		break;
	default: /* CQL2_IS_NULL */
		wvlv_strbuf_appendf(w->q->sql, " IS%s NULL", neg);
		break;
	}
	qb_add(w->q, ")");
}

static void put_node(writer *w, const cql2_node *n)
{
	switch (n->kind) {
	case CQL2_AND:
	case CQL2_OR:
		qb_add(w->q, "(");
		for (size_t i = 0; i < n->nargs; i++) {
			if (i)
				qb_add(w->q, n->kind == CQL2_AND ? " AND " : " OR ");
			put_node(w, n->args[i]);
		}
		qb_add(w->q, ")");
		break;
	case CQL2_NOT:
		qb_add(w->q, "(NOT ");
		put_node(w, n->args[0]);
		qb_add(w->q, ")");
		break;
	case CQL2_BOOLEAN:
		qb_add(w->q, n->boolean ? "true" : "false");
		break;
	case CQL2_INTERSECTS:
		/* the index first (&&), then the exact test */
		qb_add(w->q, "(d.geom && ");
		put_geometry(w, n->args[1]);
		qb_add(w->q, " AND ST_Intersects(d.geom, ");
		put_geometry(w, n->args[1]);
		qb_add(w->q, "))");
		break;
	default:
		put_predicate(w, n);
		break;
	}
}

void ogc_filter_where(qb *q, const wvlv_ogc_filter *f)
{
	if (!f->cql2)
		return;
	writer w = { .q = q, .f = f };
	qb_add(q, " AND ");
	put_node(&w, f->cql2);
}
