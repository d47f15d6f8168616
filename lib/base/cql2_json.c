/* cql2_json.c — the cql2-json reader: {"op": …, "args": […]} objects,
 * {"property": …}, literals, {"date": …}, {"timestamp": …}, GeoJSON Point
 * and Polygon, {"bbox": […]}, into the tree of cql2.h. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cql2_internal.h"

typedef struct reader {
	cql2_build b;
	int        depth;
} reader;

static wvlv_status read_node(reader *r, json_t *j, cql2_node **out);

static wvlv_status bad(reader *r, const char *why, const char *a)
{
	return cql2_invalid(r->b.err, why, a, (size_t)-1);
}

/* a JSON number as text that the cql2-text reader takes back */
static const char *number_text(reader *r, json_t *j, double *v)
{
	*v = json_number_value(j);
	if (json_is_integer(j))
		return wvlv_arena_printf(r->b.arena, "%" JSON_INTEGER_FORMAT, json_integer_value(j));
	return wvlv_arena_printf(r->b.arena, "%.17g", *v);
}

static wvlv_status leaf(reader *r, cql2_node_kind kind, const char *text, cql2_node **out)
{
	cql2_node *n = cql2_node_new(&r->b, kind, 0);
	if (!n)
		return cql2_too_big(&r->b);
	n->text = text;
	*out = n;
	return WVLV_OK;
}

/* "[x, y]" appended as "x y" */
static wvlv_status read_position(reader *r, json_t *pos, wvlv_strbuf *sb, size_t *count)
{
	if (!json_is_array(pos) || json_array_size(pos) < 2)
		return bad(r, "%s", "a position must be an array of two numbers");
	if (json_array_size(pos) > 2)
		return cql2_unsupported(r->b.err, "a position with more than two coordinates");
	for (size_t k = 0; k < 2; k++) {
		json_t *c = json_array_get(pos, k);
		double v;
		if (!json_is_number(c))
			return bad(r, "%s", "a coordinate must be a number");
		wvlv_strbuf_appendf(sb, k ? " %s" : "%s", number_text(r, c, &v));
	}
	if (++*count > CQL2_MAX_POSITIONS)
		return bad(r, "%s", "the geometry has too many positions");
	return WVLV_OK;
}

static wvlv_status read_ring(reader *r, json_t *ring, wvlv_strbuf *sb, size_t *count)
{
	size_t n = json_is_array(ring) ? json_array_size(ring) : 0;
	if (n < 4 || !json_equal(json_array_get(ring, 0), json_array_get(ring, n - 1)))
		return bad(r, "%s", "a polygon ring must be closed and have at least 4 positions");
	wvlv_strbuf_append_str(sb, "(");
	for (size_t i = 0; i < n; i++) {
		if (i)
			wvlv_strbuf_append_str(sb, ",");
		wvlv_status st = read_position(r, json_array_get(ring, i), sb, count);
		if (st != WVLV_OK)
			return st;
	}
	wvlv_strbuf_append_str(sb, ")");
	return WVLV_OK;
}

/* {"bbox": [x1, y1, x2, y2]} */
static wvlv_status read_bbox(reader *r, json_t *box, wvlv_strbuf *sb)
{
	if (json_is_array(box) && json_array_size(box) == 6)
		return cql2_unsupported(r->b.err, "a BBOX with six numbers (3D)");
	if (!json_is_array(box) || json_array_size(box) != 4)
		return bad(r, "%s", "a bbox must be an array of four numbers");
	const char *c[4];
	for (size_t k = 0; k < 4; k++) {
		double v;
		if (!json_is_number(json_array_get(box, k)))
			return bad(r, "%s", "a bbox must be an array of four numbers");
		c[k] = number_text(r, json_array_get(box, k), &v);
	}
	cql2_bbox_wkt(sb, c);
	return WVLV_OK;
}

/* a GeoJSON Point or Polygon, or {"bbox": …}, as WKT */
static wvlv_status read_geometry(reader *r, json_t *j, cql2_node **out)
{
	wvlv_strbuf *sb = wvlv_strbuf_new(r->b.arena);
	size_t count = 0;
	wvlv_status st = WVLV_OK;
	const char *type = json_string_value(json_object_get(j, "type"));
	json_t *coords = json_object_get(j, "coordinates");
	if (json_object_get(j, "bbox") && !type) {
		st = read_bbox(r, json_object_get(j, "bbox"), sb);
	} else if (type && strcmp(type, "Point") == 0) {
		wvlv_strbuf_append_str(sb, "POINT(");
		st = read_position(r, coords, sb, &count);
		wvlv_strbuf_append_str(sb, ")");
	} else if (type && strcmp(type, "Polygon") == 0) {
		size_t n = json_is_array(coords) ? json_array_size(coords) : 0;
		if (n == 0)
			return bad(r, "%s", "a Polygon needs an array of rings");
		wvlv_strbuf_append_str(sb, "POLYGON(");
		for (size_t i = 0; i < n && st == WVLV_OK; i++) {
			if (i)
				wvlv_strbuf_append_str(sb, ",");
			st = read_ring(r, json_array_get(coords, i), sb, &count);
		}
		wvlv_strbuf_append_str(sb, ")");
	} else if (type) {
		char what[80];
		snprintf(what, sizeof(what), "the geometry %.40s", type);
		return cql2_unsupported(r->b.err, what);
	} else {
		return bad(r, "%s", "S_INTERSECTS needs a GeoJSON Point or Polygon, or a bbox");
	}
	if (st != WVLV_OK)
		return st;
	return leaf(r, CQL2_GEOMETRY, wvlv_arena_strdup(r->b.arena, wvlv_strbuf_text(sb)), out);
}

typedef struct op_def {
	const char    *name;
	cql2_node_kind kind;
	int            op;       /* CQL2_COMPARE */
	size_t         nargs;    /* 0: two or more */
} op_def;

static const op_def ops[] = {
	{ "and", CQL2_AND, 0, 0 },        { "or", CQL2_OR, 0, 0 },
	{ "not", CQL2_NOT, 0, 1 },        { "=", CQL2_COMPARE, CQL2_EQ, 2 },
	{ "<>", CQL2_COMPARE, CQL2_NE, 2 }, { "<", CQL2_COMPARE, CQL2_LT, 2 },
	{ "<=", CQL2_COMPARE, CQL2_LE, 2 }, { ">", CQL2_COMPARE, CQL2_GT, 2 },
	{ ">=", CQL2_COMPARE, CQL2_GE, 2 }, { "like", CQL2_LIKE, 0, 2 },
	{ "between", CQL2_BETWEEN, 0, 3 }, { "in", CQL2_IN, 0, 2 },
	{ "isNull", CQL2_IS_NULL, 0, 1 },  { "s_intersects", CQL2_INTERSECTS, 0, 2 },
};

/* Are the arguments of n what its kind takes: booleans for AND/OR/NOT,
 * values for the predicates, a property and a geometry for S_INTERSECTS? */
static wvlv_status check_args(reader *r, const cql2_node *n, const char *name)
{
	int want_values = n->kind != CQL2_AND && n->kind != CQL2_OR && n->kind != CQL2_NOT;
	for (size_t i = 0; i < n->nargs; i++) {
		const cql2_node *a = n->args[i];
		int value = cql2_is_value(a) && a->kind != CQL2_BOOLEAN;
		int ok = want_values ? cql2_is_value(a) && a->kind != CQL2_GEOMETRY
				     : !value || a->kind == CQL2_BOOLEAN;
		if (n->kind == CQL2_INTERSECTS)
			ok = i == 0 ? a->kind == CQL2_PROPERTY : a->kind == CQL2_GEOMETRY;
		if (!ok)
			return bad(r, want_values ? "the arguments of \"%s\" must be values"
						  : "the arguments of \"%s\" must be conditions", name);
	}
	if (n->kind == CQL2_LIKE && n->args[1]->kind != CQL2_STRING)
		return bad(r, "%s", "the pattern of \"like\" must be a string");
	return WVLV_OK;
}

/* {"op": name, "args": [...]}; "in" takes a value and an array of values */
static wvlv_status read_op(reader *r, const char *name, json_t *args, cql2_node **out)
{
	const op_def *d = NULL;
	for (size_t i = 0; i < WVLV_COUNTOF(ops) && !d; i++)
		if (strcmp(ops[i].name, name) == 0)
			d = &ops[i];
	if (!d) {
		char what[80];
		snprintf(what, sizeof(what), "the operator \"%.40s\"", name);
		return cql2_unsupported(r->b.err, what);
	}
	size_t n = json_is_array(args) ? json_array_size(args) : 0;
	if (!json_is_array(args) || (d->nargs ? n != d->nargs : n < 2))
		return bad(r, "\"%s\" has the wrong number of arguments", name);
	json_t *list = d->kind == CQL2_IN ? json_array_get(args, 1) : NULL;
	if (d->kind == CQL2_IN && (!json_is_array(list) || json_array_size(list) == 0))
		return bad(r, "%s", "the second argument of \"in\" must be a non-empty array");
	size_t total = list ? 1 + json_array_size(list) : n;
	cql2_node *node = cql2_node_new(&r->b, d->kind, total);
	if (!node)
		return cql2_too_big(&r->b);
	node->op = (cql2_compare_op)d->op;
	for (size_t i = 0; i < total; i++) {
		json_t *a = list && i > 0 ? json_array_get(list, i - 1) : json_array_get(args, i);
		wvlv_status st = d->kind == CQL2_INTERSECTS && i == 1 ? read_geometry(r, a, &node->args[i])
								      : read_node(r, a, &node->args[i]);
		if (st != WVLV_OK)
			return st;
	}
	wvlv_status st = check_args(r, node, name);
	*out = node;
	return st;
}

/* {"property": …}, {"date": …}, {"timestamp": …}, {"op": …} */
static wvlv_status read_object(reader *r, json_t *j, cql2_node **out)
{
	static const struct { const char *key; cql2_node_kind kind; } leaves[] = {
		{ "property", CQL2_PROPERTY }, { "date", CQL2_DATE }, { "timestamp", CQL2_TIMESTAMP },
	};
	for (size_t i = 0; i < WVLV_COUNTOF(leaves); i++) {
		json_t *v = json_object_get(j, leaves[i].key);
		if (!v)
			continue;
		if (!json_is_string(v) || json_object_size(j) != 1)
			return bad(r, "{\"%s\": …} takes one string", leaves[i].key);
		return leaf(r, leaves[i].kind, wvlv_arena_strdup(r->b.arena, json_string_value(v)), out);
	}
	json_t *op = json_object_get(j, "op");
	if (json_is_string(op))
		return read_op(r, json_string_value(op), json_object_get(j, "args"), out);
	if (json_object_get(j, "interval"))
		return cql2_unsupported(r->b.err, "intervals");
	if (json_object_get(j, "function"))
		return cql2_unsupported(r->b.err, "functions");
	if (json_object_get(j, "type") || json_object_get(j, "bbox"))
		return bad(r, "%s", "a geometry is only taken as the second argument of s_intersects");
	return bad(r, "%s", "an object must be an operation, a property or a literal");
}

static wvlv_status read_node(reader *r, json_t *j, cql2_node **out)
{
	if (++r->depth > CQL2_MAX_DEPTH)
		return bad(r, "%s", "the filter is nested too deeply");
	wvlv_status st;
	double v;
	if (json_is_object(j)) {
		st = read_object(r, j, out);
	} else if (json_is_string(j)) {
		st = leaf(r, CQL2_STRING, wvlv_arena_strdup(r->b.arena, json_string_value(j)), out);
	} else if (json_is_number(j)) {
		st = leaf(r, CQL2_NUMBER, number_text(r, j, &v), out);
		if (st == WVLV_OK)
			(*out)->number = v;
	} else if (json_is_boolean(j)) {
		if ((st = leaf(r, CQL2_BOOLEAN, NULL, out)) == WVLV_OK)
			(*out)->boolean = json_is_true(j);
	} else {
		st = bad(r, "%s", json_is_null(j) ? "null is not a CQL2 value (use isNull)"
						  : "an array is only taken by \"in\" and \"bbox\"");
	}
	r->depth--;
	return st;
}

wvlv_status cql2_parse_json(wvlv_arena *arena, const char *json, size_t len,
			    cql2_node **out, wvlv_error *err)
{
	json_error_t jerr;
	json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES,
				  &jerr);
	if (!root)
		return cql2_invalid(err, "the JSON does not parse: %s", jerr.text, (size_t)-1);
	reader r = { .b = { .arena = arena, .err = err } };
	wvlv_status st = read_node(&r, root, out);
	if (st == WVLV_OK && cql2_is_value(*out) && (*out)->kind != CQL2_BOOLEAN)
		st = bad(&r, "%s", "the filter must be a condition, not a value");
	json_decref(root);
	return st;
}
