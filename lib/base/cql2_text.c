/* cql2_text.c — the cql2-text reader: a small lexer and a recursive descent
 * over the subset of cql2.h, into the tree cql2_tree.c builds. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cql2_internal.h"

/* ---- the lexer -------------------------------------------------------------- */

typedef enum tok_kind {
	T_END, T_IDENT, T_QUOTED_IDENT, T_STRING, T_NUMBER, T_LPAREN, T_RPAREN, T_COMMA,
	T_OP, T_ARITH, T_OTHER
} tok_kind;

typedef struct parser {
	cql2_build  b;
	const char *s;
	size_t      pos;       /* of the current token */
	size_t      next;      /* after it */
	tok_kind    kind;
	const char *text;      /* the token: identifier, string value, number, op */
	int         depth;
} parser;

static void lex_string(parser *p, size_t i, char quote)
{
	wvlv_strbuf *sb = wvlv_strbuf_new(p->b.arena);
	for (i++;; i++) {
		if (p->s[i] == '\0') {
			p->kind = T_OTHER; /* unterminated */
			p->text = "unterminated";
			p->next = i;
			return;
		}
		if (p->s[i] == quote) {
			if (p->s[i + 1] != quote)
				break;
			i++; /* a doubled quote stands for one */
		}
		wvlv_strbuf_append(sb, p->s + i, 1);
	}
	p->kind = quote == '\'' ? T_STRING : T_QUOTED_IDENT;
	p->text = wvlv_arena_strdup(p->b.arena, wvlv_strbuf_text(sb));
	p->next = i + 1;
}

static void lex_op(parser *p, size_t i)
{
	static const char *const ops[] = { "<>", "<=", ">=", "=", "<", ">" };
	for (size_t k = 0; k < WVLV_COUNTOF(ops); k++) {
		size_t n = strlen(ops[k]);
		if (strncmp(p->s + i, ops[k], n) == 0) {
			p->kind = T_OP;
			p->text = ops[k];
			p->next = i + n;
			return;
		}
	}
	p->kind = T_OTHER;
	p->text = wvlv_arena_strndup(p->b.arena, p->s + i, 1);
	p->next = i + 1;
}

static void lex(parser *p)
{
	size_t i = p->next;
	while (p->s[i] == ' ' || p->s[i] == '\t' || p->s[i] == '\n' || p->s[i] == '\r')
		i++;
	p->pos = i;
	unsigned char c = (unsigned char)p->s[i];
	if (c == '\0') {
		p->kind = T_END;
		p->text = "the end";
		p->next = i;
	} else if (c == '\'' || c == '"') {
		lex_string(p, i, (char)c);
	} else if (isdigit(c) || (c == '-' && (isdigit((unsigned char)p->s[i + 1]) ||
					    p->s[i + 1] == '.')) || (c == '.' && isdigit((unsigned char)p->s[i + 1]))) {
		size_t j = i + 1;
		while (isalnum((unsigned char)p->s[j]) || p->s[j] == '.' ||
		       ((p->s[j] == '-' || p->s[j] == '+') && (p->s[j - 1] == 'e' || p->s[j - 1] == 'E')))
			j++;
		p->kind = T_NUMBER;
		p->text = wvlv_arena_strndup(p->b.arena, p->s + i, j - i);
		p->next = j;
	} else if (isalpha(c) || c == '_') {
		size_t j = i + 1;
		while (isalnum((unsigned char)p->s[j]) || p->s[j] == '_' || p->s[j] == '.' || p->s[j] == ':')
			j++;
		p->kind = T_IDENT;
		p->text = wvlv_arena_strndup(p->b.arena, p->s + i, j - i);
		p->next = j;
	} else if (c == '(' || c == ')' || c == ',') {
		p->kind = c == '(' ? T_LPAREN : c == ')' ? T_RPAREN : T_COMMA;
		p->text = c == '(' ? "(" : c == ')' ? ")" : ",";
		p->next = i + 1;
	} else if (c == '+' || c == '-' || c == '*' || c == '/' || c == '%' || c == '^') {
		p->kind = T_ARITH;
		p->text = wvlv_arena_strndup(p->b.arena, p->s + i, 1);
		p->next = i + 1;
	} else {
		lex_op(p, i);
	}
}

static int is_kw(const parser *p, const char *kw)
{
	return p->kind == T_IDENT && strcasecmp(p->text, kw) == 0;
}

static wvlv_status unexpected(parser *p, const char *wanted)
{
	char what[160];
	if (p->kind == T_OTHER && strcmp(p->text, "unterminated") == 0)
		return cql2_invalid(p->b.err, "%s", "a quoted string or name is not closed", p->pos);
	snprintf(what, sizeof(what), "expected %s, found '%.40s'", wanted,
		 p->kind == T_END ? "the end" : p->text);
	return cql2_invalid(p->b.err, "%s", what, p->pos);
}

static wvlv_status expect(parser *p, tok_kind k, const char *wanted)
{
	if (p->kind != k)
		return unexpected(p, wanted);
	lex(p);
	return WVLV_OK;
}

/* ---- values ------------------------------------------------------------------ */

static const char *const keywords[] = { "AND", "OR", "NOT", "LIKE", "BETWEEN", "IN", "IS",
					"NULL", "TRUE", "FALSE" };

static int is_keyword(const char *s)
{
	for (size_t i = 0; i < WVLV_COUNTOF(keywords); i++)
		if (strcasecmp(s, keywords[i]) == 0)
			return 1;
	return 0;
}

static wvlv_status parse_function(parser *p, const char *name, cql2_node **out);

/* A property, a literal, or a function standing for a value. */
static wvlv_status parse_scalar(parser *p, cql2_node **out)
{
	cql2_node *n = NULL;
	if (p->kind == T_STRING || p->kind == T_NUMBER || p->kind == T_QUOTED_IDENT) {
		double v = 0;
		if (p->kind == T_NUMBER && !cql2_number_text(p->text, &v))
			return unexpected(p, "a number");
		n = cql2_node_new(&p->b, p->kind == T_STRING ? CQL2_STRING :
				  p->kind == T_NUMBER ? CQL2_NUMBER : CQL2_PROPERTY, 0);
		if (!n)
			return cql2_too_big(&p->b);
		n->text = p->text;
		n->number = v;
		lex(p);
	} else if (is_kw(p, "TRUE") || is_kw(p, "FALSE")) {
		if (!(n = cql2_node_new(&p->b, CQL2_BOOLEAN, 0)))
			return cql2_too_big(&p->b);
		n->boolean = is_kw(p, "TRUE");
		lex(p);
	} else if (p->kind == T_IDENT && !is_keyword(p->text)) {
		const char *name = p->text;
		lex(p);
		if (p->kind == T_LPAREN)
			return parse_function(p, name, out);
		if (!(n = cql2_node_new(&p->b, CQL2_PROPERTY, 0)))
			return cql2_too_big(&p->b);
		n->text = name;
	} else {
		return unexpected(p, "a property name or a literal");
	}
	if (p->kind == T_ARITH)
		return cql2_unsupported(p->b.err, "arithmetic");
	*out = n;
	return WVLV_OK;
}

/* DATE('…') and TIMESTAMP('…'): the quoted text; the caller checks it. */
static wvlv_status parse_instant(parser *p, cql2_node_kind kind, cql2_node **out)
{
	wvlv_status st = expect(p, T_LPAREN, "'('");
	if (st != WVLV_OK)
		return st;
	if (p->kind != T_STRING)
		return unexpected(p, "a quoted date or timestamp");
	cql2_node *n = cql2_node_new(&p->b, kind, 0);
	if (!n)
		return cql2_too_big(&p->b);
	n->text = p->text;
	lex(p);
	if ((st = expect(p, T_RPAREN, "')'")) != WVLV_OK)
		return st;
	*out = n;
	return WVLV_OK;
}

/* ---- geometry literals --------------------------------------------------- */

/* "x y" (two numbers, as written) appended to sb; *count counts positions. */
static wvlv_status parse_position(parser *p, wvlv_strbuf *sb, size_t *count)
{
	for (int k = 0; k < 2; k++) {
		double v;
		if (p->kind != T_NUMBER || !cql2_number_text(p->text, &v))
			return unexpected(p, "a coordinate");
		wvlv_strbuf_appendf(sb, k ? " %s" : "%s", p->text);
		lex(p);
	}
	if (p->kind == T_NUMBER)
		return cql2_unsupported(p->b.err, "a position with more than two coordinates");
	if (++*count > CQL2_MAX_POSITIONS)
		return cql2_invalid(p->b.err, "%s", "the geometry has too many positions", p->pos);
	return WVLV_OK;
}

/* A ring "(x y, x y, …)" appended to sb: closed, at least 4 positions. */
static wvlv_status parse_ring(parser *p, wvlv_strbuf *sb, size_t *count)
{
	wvlv_status st = expect(p, T_LPAREN, "'('");
	if (st != WVLV_OK)
		return st;
	size_t n = 0, first_at = wvlv_strbuf_len(sb) + 1, first_len = 0, last_at = 0;
	wvlv_strbuf_append_str(sb, "(");
	for (;;) {
		if (n++)
			wvlv_strbuf_append_str(sb, ",");
		last_at = wvlv_strbuf_len(sb);
		if ((st = parse_position(p, sb, count)) != WVLV_OK)
			return st;
		if (n == 1)
			first_len = wvlv_strbuf_len(sb) - first_at;
		if (p->kind != T_COMMA)
			break;
		lex(p);
	}
	if ((st = expect(p, T_RPAREN, "',' or ')'")) != WVLV_OK)
		return st;
	const char *t = wvlv_strbuf_text(sb);
	if (n < 4 || wvlv_strbuf_len(sb) - last_at != first_len ||
	    memcmp(t + first_at, t + last_at, first_len) != 0)
		return cql2_invalid(p->b.err, "%s",
				    "a polygon ring must be closed and have at least 4 positions", p->pos);
	wvlv_strbuf_append_str(sb, ")");
	return WVLV_OK;
}

/* POLYGON after its keyword: "((…),(…))" appended to sb. */
static wvlv_status parse_polygon(parser *p, wvlv_strbuf *sb, size_t *count)
{
	wvlv_status st = expect(p, T_LPAREN, "'('");
	wvlv_strbuf_append_str(sb, "POLYGON(");
	for (int ring = 0; st == WVLV_OK; ring++) {
		if (ring)
			wvlv_strbuf_append_str(sb, ",");
		if ((st = parse_ring(p, sb, count)) != WVLV_OK || p->kind != T_COMMA)
			break;
		lex(p);
	}
	if (st == WVLV_OK)
		st = expect(p, T_RPAREN, "',' or ')'");
	wvlv_strbuf_append_str(sb, ")");
	return st;
}

/* BBOX after its keyword: "(x1, y1, x2, y2)", its POLYGON appended to sb. */
static wvlv_status parse_bbox(parser *p, wvlv_strbuf *sb)
{
	const char *c[4];
	wvlv_status st = expect(p, T_LPAREN, "'('");
	for (int k = 0; k < 4 && st == WVLV_OK; k++) {
		double v;
		if (k && (st = expect(p, T_COMMA, "','")) != WVLV_OK)
			break;
		if (p->kind != T_NUMBER || !cql2_number_text(p->text, &v))
			return unexpected(p, "a number of the BBOX");
		c[k] = p->text;
		lex(p);
	}
	if (st == WVLV_OK && p->kind == T_COMMA)
		return cql2_unsupported(p->b.err, "a BBOX with six numbers (3D)");
	if (st == WVLV_OK && (st = expect(p, T_RPAREN, "')'")) == WVLV_OK)
		cql2_bbox_wkt(sb, c);
	return st;
}

/* POINT(x y), POLYGON((…),(…)) or BBOX(x1,y1,x2,y2) as WKT. */
static wvlv_status parse_geometry(parser *p, cql2_node **out)
{
	wvlv_strbuf *sb = wvlv_strbuf_new(p->b.arena);
	size_t count = 0;
	wvlv_status st;
	if (is_kw(p, "POINT")) {
		lex(p);
		wvlv_strbuf_append_str(sb, "POINT(");
		if ((st = expect(p, T_LPAREN, "'('")) == WVLV_OK &&
		    (st = parse_position(p, sb, &count)) == WVLV_OK)
			st = expect(p, T_RPAREN, "')'");
		wvlv_strbuf_append_str(sb, ")");
	} else if (is_kw(p, "POLYGON")) {
		lex(p);
		st = parse_polygon(p, sb, &count);
	} else if (is_kw(p, "BBOX")) {
		lex(p);
		st = parse_bbox(p, sb);
	} else if (p->kind == T_IDENT) {
		char what[80];
		snprintf(what, sizeof(what), "the geometry %.40s", p->text);
		return cql2_unsupported(p->b.err, what);
	} else {
		return unexpected(p, "POINT, POLYGON or BBOX");
	}
	if (st != WVLV_OK)
		return st;
	if (wvlv_strbuf_failed(sb))
		return wvlv_error_set(p->b.err, WVLV_ENOMEM, "out-of-memory", "No memory for the filter.");
	cql2_node *n = cql2_node_new(&p->b, CQL2_GEOMETRY, 0);
	if (!n)
		return cql2_too_big(&p->b);
	n->text = wvlv_arena_strdup(p->b.arena, wvlv_strbuf_text(sb));
	*out = n;
	return WVLV_OK;
}

/* ---- predicates ------------------------------------------------------------- */

static wvlv_status parse_or(parser *p, cql2_node **out);

static wvlv_status parse_intersects(parser *p, cql2_node **out)
{
	cql2_node *n = cql2_node_new(&p->b, CQL2_INTERSECTS, 2);
	if (!n)
		return cql2_too_big(&p->b);
	wvlv_status st = expect(p, T_LPAREN, "'('");
	if (st == WVLV_OK)
		st = parse_scalar(p, &n->args[0]);
	if (st == WVLV_OK && n->args[0]->kind != CQL2_PROPERTY)
		return cql2_invalid(p->b.err, "%s", "S_INTERSECTS takes a property first", p->pos);
	if (st == WVLV_OK)
		st = expect(p, T_COMMA, "','");
	if (st == WVLV_OK)
		st = parse_geometry(p, &n->args[1]);
	if (st == WVLV_OK)
		st = expect(p, T_RPAREN, "')'");
	*out = n;
	return st;
}

/* name(…): S_INTERSECTS, DATE, TIMESTAMP; any other function is refused by
 * name. */
static wvlv_status parse_function(parser *p, const char *name, cql2_node **out)
{
	if (strcasecmp(name, "S_INTERSECTS") == 0)
		return parse_intersects(p, out);
	if (strcasecmp(name, "DATE") == 0)
		return parse_instant(p, CQL2_DATE, out);
	if (strcasecmp(name, "TIMESTAMP") == 0)
		return parse_instant(p, CQL2_TIMESTAMP, out);
	char what[96], up[64];
	size_t i = 0;
	for (; name[i] && i < sizeof(up) - 1; i++)
		up[i] = (char)toupper((unsigned char)name[i]);
	up[i] = '\0';
	snprintf(what, sizeof(what), "the function %s", up);
	return cql2_unsupported(p->b.err, what);
}

/* A growing list of nodes in the arena. */
typedef struct node_list {
	cql2_node **v;
	size_t      n, cap;
} node_list;

static void list_push(wvlv_arena *a, node_list *l, cql2_node *x)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 4;
		cql2_node **v = wvlv_arena_alloc(a, cap * sizeof(*v));
		if (l->n)
			memcpy(v, l->v, l->n * sizeof(*v));
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = x;
}

/* A node of kind with the listed arguments. */
static wvlv_status node_of_list(parser *p, cql2_node_kind kind, const node_list *l,
				cql2_node **out)
{
	cql2_node *n = cql2_node_new(&p->b, kind, 0);
	if (!n)
		return cql2_too_big(&p->b);
	n->args = l->v;
	n->nargs = l->n;
	*out = n;
	return WVLV_OK;
}

/* [NOT] LIKE x, [NOT] BETWEEN x AND y, [NOT] IN (x, …) after lhs. */
static wvlv_status parse_negatable(parser *p, cql2_node *lhs, cql2_node **out)
{
	int neg = is_kw(p, "NOT");
	if (neg)
		lex(p);
	cql2_node_kind kind = is_kw(p, "LIKE") ? CQL2_LIKE : is_kw(p, "BETWEEN") ? CQL2_BETWEEN :
			      is_kw(p, "IN") ? CQL2_IN : CQL2_AND;
	if (kind == CQL2_AND)
		return unexpected(p, neg ? "LIKE, BETWEEN or IN" :
				  "a comparison, LIKE, BETWEEN, IN or IS NULL");
	lex(p);
	node_list l = { 0 };
	list_push(p->b.arena, &l, lhs);
	wvlv_status st = kind == CQL2_IN ? expect(p, T_LPAREN, "'('") : WVLV_OK;
	while (st == WVLV_OK) {
		cql2_node *v;
		if ((st = parse_scalar(p, &v)) != WVLV_OK)
			return st;
		list_push(p->b.arena, &l, v);
		if (kind == CQL2_BETWEEN && l.n == 2) {
			if (!is_kw(p, "AND"))
				return unexpected(p, "AND");
			lex(p);
		} else if (kind == CQL2_IN && p->kind == T_COMMA) {
			lex(p);
		} else {
			break;
		}
	}
	if (st == WVLV_OK && kind == CQL2_IN)
		st = expect(p, T_RPAREN, "',' or ')'");
	if (st == WVLV_OK && kind == CQL2_LIKE && l.v[1]->kind != CQL2_STRING)
		return cql2_invalid(p->b.err, "%s", "the pattern of LIKE must be a string", p->pos);
	if (st == WVLV_OK && (st = node_of_list(p, kind, &l, out)) == WVLV_OK)
		(*out)->negated = neg;
	return st;
}

/* After a value: = <> < <= > >=, IS [NOT] NULL, or parse_negatable's. */
static wvlv_status parse_predicate_tail(parser *p, cql2_node *lhs, cql2_node **out)
{
	static const char *const ops[] = { "=", "<>", "<", "<=", ">", ">=" };
	cql2_node *n;
	if (p->kind == T_OP) {
		size_t k = 0;
		while (strcmp(ops[k], p->text) != 0)
			k++;
		lex(p);
		if (!(n = cql2_node_new(&p->b, CQL2_COMPARE, 2)))
			return cql2_too_big(&p->b);
		n->op = (cql2_compare_op)k;
		n->args[0] = lhs;
		*out = n;
		return parse_scalar(p, &n->args[1]);
	}
	if (!is_kw(p, "IS"))
		return parse_negatable(p, lhs, out);
	lex(p);
	int neg = is_kw(p, "NOT");
	if (neg)
		lex(p);
	if (!is_kw(p, "NULL"))
		return unexpected(p, "NULL");
	lex(p);
	if (!(n = cql2_node_new(&p->b, CQL2_IS_NULL, 1)))
		return cql2_too_big(&p->b);
	n->negated = neg;
	n->args[0] = lhs;
	*out = n;
	return WVLV_OK;
}

static wvlv_status too_deep(parser *p)
{
	return cql2_invalid(p->b.err, "%s", "the filter is nested too deeply", p->pos);
}

static wvlv_status parse_primary(parser *p, cql2_node **out)
{
	wvlv_status st;
	if (p->kind == T_LPAREN) {
		if (++p->depth > CQL2_MAX_DEPTH)
			return too_deep(p);
		lex(p);
		if ((st = parse_or(p, out)) == WVLV_OK)
			st = expect(p, T_RPAREN, "')'");
		p->depth--;
		return st;
	}
	cql2_node *lhs;
	if ((st = parse_scalar(p, &lhs)) != WVLV_OK)
		return st;
	int alone = p->kind == T_END || p->kind == T_RPAREN || is_kw(p, "AND") || is_kw(p, "OR");
	if (lhs->kind == CQL2_INTERSECTS || (lhs->kind == CQL2_BOOLEAN && alone)) {
		*out = lhs; /* a spatial predicate, or TRUE/FALSE on its own */
		return WVLV_OK;
	}
	return parse_predicate_tail(p, lhs, out);
}

static wvlv_status parse_not(parser *p, cql2_node **out)
{
	if (!is_kw(p, "NOT"))
		return parse_primary(p, out);
	if (++p->depth > CQL2_MAX_DEPTH)
		return too_deep(p);
	lex(p);
	cql2_node *n = cql2_node_new(&p->b, CQL2_NOT, 1);
	if (!n)
		return cql2_too_big(&p->b);
	*out = n;
	wvlv_status st = parse_not(p, &n->args[0]);
	p->depth--;
	return st;
}

/* One AND or OR level: operand (KW operand)*. */
static wvlv_status parse_level(parser *p, const char *kw, cql2_node_kind kind,
			       wvlv_status (*operand)(parser *, cql2_node **), cql2_node **out)
{
	node_list l = { 0 };
	for (;;) {
		cql2_node *x;
		wvlv_status st = operand(p, &x);
		if (st != WVLV_OK)
			return st;
		list_push(p->b.arena, &l, x);
		if (!is_kw(p, kw))
			break;
		lex(p);
	}
	if (l.n == 1) {
		*out = l.v[0];
		return WVLV_OK;
	}
	return node_of_list(p, kind, &l, out);
}

static wvlv_status parse_and(parser *p, cql2_node **out)
{
	return parse_level(p, "AND", CQL2_AND, parse_not, out);
}

static wvlv_status parse_or(parser *p, cql2_node **out)
{
	return parse_level(p, "OR", CQL2_OR, parse_and, out);
}

wvlv_status cql2_parse_text(wvlv_arena *arena, const char *text, cql2_node **out,
			    wvlv_error *err)
{
	parser p = { .b = { .arena = arena, .err = err }, .s = text };
	lex(&p);
	if (p.kind == T_END)
		return cql2_invalid(err, "%s", "the filter is empty", (size_t)-1);
	wvlv_status st = parse_or(&p, out);
	if (st == WVLV_OK && p.kind != T_END)
		st = p.kind == T_ARITH ? cql2_unsupported(err, "arithmetic")
				       : unexpected(&p, "AND, OR or the end");
	return st;
}
