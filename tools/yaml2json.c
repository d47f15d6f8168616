/* yaml2json.c — convert one YAML document to compact JSON.
 *
 *   yaml2json IN.yaml OUT.json
 *
 * The OpenAPI documents are written in YAML and served as JSON; this is the
 * build step between the two (libyaml parses, jansson writes).
 *
 * Scalars follow the YAML 1.2 core schema, but only when they are plain
 * (unquoted) and untagged: null|Null|NULL|~|(empty) → null,
 * true|True|TRUE|false|False|FALSE → booleans, [-+]?[0-9]+ / 0o[0-7]+ /
 * 0x[0-9a-fA-F]+ → integers, decimal floats → reals.  Quoted scalars and
 * literal/folded blocks are always strings, and so are mapping keys.  The
 * explicit tags !!str, !!null, !!bool, !!int and !!float are honoured; any
 * other tag, a non-scalar key, a duplicate key, .inf/.nan (not representable
 * in JSON) and a stream with more than one document are errors.  Anchors and
 * aliases are supported (an alias repeats the completed node it names).
 *
 * Key order is preserved.  The output is written to a temporary file next to
 * OUT and renamed over it, so a failed run never leaves a partial OUT.
 * Exit status: 0 ok, 1 error (the message names file, line and column), 2
 * usage.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <yaml.h>

#define MAX_DEPTH 512

#define TAG_STR   "tag:yaml.org,2002:str"
#define TAG_NULL  "tag:yaml.org,2002:null"
#define TAG_BOOL  "tag:yaml.org,2002:bool"
#define TAG_INT   "tag:yaml.org,2002:int"
#define TAG_FLOAT "tag:yaml.org,2002:float"

typedef struct anchor {
	char *name;
	json_t *value;    /* owned reference */
} anchor;

typedef struct conv {
	const char *path;
	yaml_parser_t parser;
	anchor *anchors;
	size_t nanchors;
	size_t capanchors;
	int real_precision;  /* shortest precision that round-trips every real */
	bool failed;
} conv;

static void fail(conv *c, const yaml_mark_t *mark, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void fail(conv *c, const yaml_mark_t *mark, const char *fmt, ...)
{
	va_list ap;

	if (c->failed)
		return;
	c->failed = true;
	if (mark)
		fprintf(stderr, "yaml2json: %s:%zu:%zu: ", c->path, mark->line + 1, mark->column + 1);
	else
		fprintf(stderr, "yaml2json: %s: ", c->path);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static bool next_event(conv *c, yaml_event_t *ev)
{
	if (yaml_parser_parse(&c->parser, ev))
		return true;

	const yaml_parser_t *p = &c->parser;
	const char *problem = p->problem ? p->problem : "unknown problem";

	if (p->context)
		fail(c, &p->problem_mark, "%s (%s that started on line %zu)", problem, p->context,
		     p->context_mark.line + 1);
	else
		fail(c, &p->problem_mark, "%s", problem);
	return false;
}

/* --- anchors ------------------------------------------------------------------ */

static bool anchor_put(conv *c, const char *name, json_t *value, const yaml_mark_t *mark)
{
	for (size_t i = 0; i < c->nanchors; i++) {
		if (strcmp(c->anchors[i].name, name) == 0) {
			/* YAML allows redefinition: the latest one wins. */
			json_decref(c->anchors[i].value);
			c->anchors[i].value = json_incref(value);
			return true;
		}
	}
	if (c->nanchors == c->capanchors) {
		size_t cap = c->capanchors ? c->capanchors * 2 : 16;
		anchor *a = realloc(c->anchors, cap * sizeof *a);
		if (!a) {
			fail(c, mark, "out of memory");
			return false;
		}
		c->anchors = a;
		c->capanchors = cap;
	}
	char *copy = strdup(name);
	if (!copy) {
		fail(c, mark, "out of memory");
		return false;
	}
	c->anchors[c->nanchors].name = copy;
	c->anchors[c->nanchors].value = json_incref(value);
	c->nanchors++;
	return true;
}

static json_t *anchor_get(conv *c, const char *name)
{
	for (size_t i = c->nanchors; i-- > 0;)
		if (strcmp(c->anchors[i].name, name) == 0)
			return c->anchors[i].value;
	return NULL;
}

/* --- scalar resolution (YAML 1.2 core schema) ----------------------------------- */

static bool is_null(const char *s, size_t n)
{
	return n == 0 || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
	       strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0;
}

static int parse_bool(const char *s)
{
	if (strcmp(s, "true") == 0 || strcmp(s, "True") == 0 || strcmp(s, "TRUE") == 0)
		return 1;
	if (strcmp(s, "false") == 0 || strcmp(s, "False") == 0 || strcmp(s, "FALSE") == 0)
		return 0;
	return -1;
}

static bool all_in(const char *s, const char *set)
{
	if (*s == '\0')
		return false;
	return strspn(s, set) == strlen(s);
}

/* [-+]?[0-9]+ | 0o[0-7]+ | 0x[0-9a-fA-F]+ → base and start of the digits. */
static bool int_syntax(const char *s, int *base, const char **digits)
{
	if (s[0] == '0' && s[1] == 'o' && all_in(s + 2, "01234567")) {
		*base = 8;
		*digits = s + 2;
		return true;
	}
	if (s[0] == '0' && s[1] == 'x' && all_in(s + 2, "0123456789abcdefABCDEF")) {
		*base = 16;
		*digits = s + 2;
		return true;
	}
	const char *d = (s[0] == '-' || s[0] == '+') ? s + 1 : s;
	if (all_in(d, "0123456789")) {
		*base = 10;
		*digits = s;
		return true;
	}
	return false;
}

/* [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? */
static bool float_syntax(const char *s)
{
	const char *p = s;
	size_t intd, fracd = 0;

	if (*p == '-' || *p == '+')
		p++;
	intd = strspn(p, "0123456789");
	p += intd;
	if (*p == '.') {
		p++;
		fracd = strspn(p, "0123456789");
		p += fracd;
	}
	if (intd == 0 && fracd == 0)
		return false;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '-' || *p == '+')
			p++;
		size_t expd = strspn(p, "0123456789");
		if (expd == 0)
			return false;
		p += expd;
	}
	return *p == '\0';
}

static bool special_float(const char *s)
{
	const char *p = (s[0] == '-' || s[0] == '+') ? s + 1 : s;
	return strcmp(p, ".inf") == 0 || strcmp(p, ".Inf") == 0 || strcmp(p, ".INF") == 0 ||
	       strcmp(s, ".nan") == 0 || strcmp(s, ".NaN") == 0 || strcmp(s, ".NAN") == 0;
}

static void note_real(conv *c, double v)
{
	char buf[40];

	for (int prec = 1; prec <= 17; prec++) {
		snprintf(buf, sizeof buf, "%.*g", prec, v);
		if (strtod(buf, NULL) == v) {
			if (prec > c->real_precision)
				c->real_precision = prec;
			return;
		}
	}
	c->real_precision = 17;
}

static json_t *make_real(conv *c, const char *s, const yaml_mark_t *mark)
{
	errno = 0;
	double v = strtod(s, NULL);
	if (errno == ERANGE && (v == HUGE_VAL || v == -HUGE_VAL)) {
		fail(c, mark, "number '%s' is out of range", s);
		return NULL;
	}
	note_real(c, v);
	return json_real(v);
}

static json_t *make_int(conv *c, const char *s, int base, const char *digits,
			const yaml_mark_t *mark)
{
	errno = 0;
	char *end;
	long long v = strtoll(digits, &end, base);
	if (errno == ERANGE) {
		if (base != 10) {
			fail(c, mark, "integer '%s' is out of range", s);
			return NULL;
		}
		return make_real(c, s, mark);  /* too big for an integer: keep it a number */
	}
	return json_integer((json_int_t)v);
}

/* A plain, untagged scalar: resolve by the core schema. */
static json_t *resolve_plain(conv *c, const char *s, size_t n, const yaml_mark_t *mark)
{
	int b, base;
	const char *digits;

	if (is_null(s, n))
		return json_null();
	if ((b = parse_bool(s)) >= 0)
		return json_boolean(b);
	if (int_syntax(s, &base, &digits))
		return make_int(c, s, base, digits, mark);
	if (float_syntax(s))
		return make_real(c, s, mark);
	if (special_float(s)) {
		fail(c, mark, "'%s' cannot be represented in JSON", s);
		return NULL;
	}
	return json_stringn(s, n);
}

static json_t *resolve_tagged(conv *c, const char *tag, const char *s, size_t n,
			      const yaml_mark_t *mark)
{
	int b, base;
	const char *digits;

	if (strcmp(tag, TAG_STR) == 0 || strcmp(tag, "!") == 0)
		return json_stringn(s, n);
	if (strcmp(tag, TAG_NULL) == 0 && is_null(s, n))
		return json_null();
	if (strcmp(tag, TAG_BOOL) == 0 && (b = parse_bool(s)) >= 0)
		return json_boolean(b);
	if (strcmp(tag, TAG_INT) == 0 && int_syntax(s, &base, &digits))
		return make_int(c, s, base, digits, mark);
	if (strcmp(tag, TAG_FLOAT) == 0 && (float_syntax(s) || int_syntax(s, &base, &digits)))
		return make_real(c, s, mark);
	if (strcmp(tag, TAG_NULL) == 0 || strcmp(tag, TAG_BOOL) == 0 ||
	    strcmp(tag, TAG_INT) == 0 || strcmp(tag, TAG_FLOAT) == 0)
		fail(c, mark, "'%s' is not a valid %s", s, strrchr(tag, ':') + 1);
	else
		fail(c, mark, "unsupported tag '%s'", tag);
	return NULL;
}

static json_t *scalar_value(conv *c, const yaml_event_t *ev)
{
	const char *s = (const char *)ev->data.scalar.value;
	size_t n = ev->data.scalar.length;
	const char *tag = (const char *)ev->data.scalar.tag;
	json_t *v;

	/* Only a double-quoted "\0" escape puts a NUL into a scalar; such a
	 * scalar can only be a string (json_stringn keeps the NUL). */
	bool string_only = tag ? (strcmp(tag, TAG_STR) == 0 || strcmp(tag, "!") == 0)
			       : ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
	if (!string_only && strlen(s) != n) {
		fail(c, &ev->start_mark, "NUL character in a non-string scalar");
		return NULL;
	}
	if (tag)
		v = resolve_tagged(c, tag, s, n, &ev->start_mark);
	else if (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
		v = resolve_plain(c, s, n, &ev->start_mark);
	else
		v = json_stringn(s, n);
	if (!v && !c->failed)
		fail(c, &ev->start_mark, "cannot convert scalar (invalid UTF-8 or out of memory)");
	return v;
}

/* --- the tree ---------------------------------------------------------------------- */

/* Convert the node that starts with *ev (consumed by the caller afterwards).
 * Returns a new reference or NULL after fail(). */
static json_t *node(conv *c, yaml_event_t *ev, int depth);

static json_t *sequence(conv *c, int depth)
{
	json_t *arr = json_array();
	yaml_event_t ev;

	if (!arr) {
		fail(c, NULL, "out of memory");
		return NULL;
	}
	for (;;) {
		if (!next_event(c, &ev))
			goto error;
		if (ev.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&ev);
			return arr;
		}
		json_t *item = node(c, &ev, depth + 1);
		yaml_event_delete(&ev);
		if (!item)
			goto error;
		if (json_array_append_new(arr, item) != 0) {
			fail(c, NULL, "out of memory");
			goto error;
		}
	}
error:
	json_decref(arr);
	return NULL;
}

static json_t *mapping(conv *c, int depth)
{
	json_t *obj = json_object();
	yaml_event_t ev;

	if (!obj) {
		fail(c, NULL, "out of memory");
		return NULL;
	}
	for (;;) {
		if (!next_event(c, &ev))
			goto error;
		if (ev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&ev);
			return obj;
		}
		if (ev.type != YAML_SCALAR_EVENT) {
			fail(c, &ev.start_mark, ev.type == YAML_ALIAS_EVENT
				? "an alias cannot be a mapping key"
				: "mapping keys must be scalars");
			yaml_event_delete(&ev);
			goto error;
		}
		/* Keys are always strings; NUL cannot be part of a jansson key. */
		char *key = strndup((const char *)ev.data.scalar.value, ev.data.scalar.length);
		yaml_mark_t key_mark = ev.start_mark;
		bool has_nul = strlen((const char *)ev.data.scalar.value) != ev.data.scalar.length;
		if (ev.data.scalar.anchor) {
			json_t *ks = json_string(key ? key : "");
			bool ok = ks && anchor_put(c, (const char *)ev.data.scalar.anchor, ks, &key_mark);
			json_decref(ks);
			if (!ok) {
				free(key);
				yaml_event_delete(&ev);
				goto error;
			}
		}
		yaml_event_delete(&ev);
		if (!key || has_nul) {
			fail(c, &key_mark, key ? "NUL character in a mapping key" : "out of memory");
			free(key);
			goto error;
		}
		if (json_object_get(obj, key)) {
			fail(c, &key_mark, "duplicate key '%s'", key);
			free(key);
			goto error;
		}
		if (!next_event(c, &ev)) {
			free(key);
			goto error;
		}
		json_t *value = node(c, &ev, depth + 1);
		yaml_event_delete(&ev);
		if (!value) {
			free(key);
			goto error;
		}
		if (json_object_set_new(obj, key, value) != 0) {
			fail(c, &key_mark, "key '%s' is not valid UTF-8", key);
			free(key);
			goto error;
		}
		free(key);
	}
error:
	json_decref(obj);
	return NULL;
}

static json_t *node(conv *c, yaml_event_t *ev, int depth)
{
	const char *anchor_name = NULL;
	json_t *v = NULL;

	if (depth > MAX_DEPTH) {
		fail(c, &ev->start_mark, "nesting deeper than %d levels", MAX_DEPTH);
		return NULL;
	}
	switch (ev->type) {
	case YAML_ALIAS_EVENT: {
		const char *name = (const char *)ev->data.alias.anchor;
		v = anchor_get(c, name);
		if (!v) {
			fail(c, &ev->start_mark, "alias '*%s' names no completed anchor", name);
			return NULL;
		}
		return json_incref(v);
	}
	case YAML_SCALAR_EVENT:
		anchor_name = (const char *)ev->data.scalar.anchor;
		v = scalar_value(c, ev);
		break;
	case YAML_SEQUENCE_START_EVENT: {
		const char *tag = (const char *)ev->data.sequence_start.tag;
		if (tag && strcmp(tag, "tag:yaml.org,2002:seq") != 0) {
			fail(c, &ev->start_mark, "unsupported tag '%s'", tag);
			return NULL;
		}
		anchor_name = (const char *)ev->data.sequence_start.anchor;
		v = sequence(c, depth);
		break;
	}
	case YAML_MAPPING_START_EVENT: {
		const char *tag = (const char *)ev->data.mapping_start.tag;
		if (tag && strcmp(tag, "tag:yaml.org,2002:map") != 0) {
			fail(c, &ev->start_mark, "unsupported tag '%s'", tag);
			return NULL;
		}
		anchor_name = (const char *)ev->data.mapping_start.anchor;
		v = mapping(c, depth);
		break;
	}
	default:
		fail(c, &ev->start_mark, "unexpected YAML event");
		return NULL;
	}
	if (v && anchor_name && !anchor_put(c, anchor_name, v, &ev->start_mark)) {
		json_decref(v);
		return NULL;
	}
	return v;
}

/* The whole stream: exactly one document. */
static json_t *document(conv *c)
{
	yaml_event_t ev;
	json_t *root = NULL;

	if (!next_event(c, &ev))
		return NULL;
	if (ev.type != YAML_STREAM_START_EVENT) {
		fail(c, &ev.start_mark, "unexpected YAML event at the start");
		yaml_event_delete(&ev);
		return NULL;
	}
	yaml_event_delete(&ev);

	if (!next_event(c, &ev))
		return NULL;
	if (ev.type != YAML_DOCUMENT_START_EVENT) {
		fail(c, &ev.start_mark, "the file holds no YAML document");
		yaml_event_delete(&ev);
		return NULL;
	}
	yaml_event_delete(&ev);

	if (!next_event(c, &ev))
		return NULL;
	root = node(c, &ev, 0);
	yaml_event_delete(&ev);
	if (!root)
		return NULL;

	if (!next_event(c, &ev))
		goto error;
	yaml_event_type_t t = ev.type;  /* DOCUMENT_END */
	yaml_event_delete(&ev);
	if (t != YAML_DOCUMENT_END_EVENT) {
		fail(c, NULL, "unexpected YAML event after the document");
		goto error;
	}
	if (!next_event(c, &ev))
		goto error;
	t = ev.type;
	yaml_mark_t mark = ev.start_mark;
	yaml_event_delete(&ev);
	if (t != YAML_STREAM_END_EVENT) {
		fail(c, &mark, "more than one YAML document; expected exactly one");
		goto error;
	}
	return root;
error:
	json_decref(root);
	return NULL;
}

/* --- output --------------------------------------------------------------------- */

static int write_json(const json_t *root, const char *out_path, int real_precision)
{
	size_t len = strlen(out_path);
	char *tmp = malloc(len + sizeof ".XXXXXX");
	if (!tmp) {
		fprintf(stderr, "yaml2json: out of memory\n");
		return 1;
	}
	memcpy(tmp, out_path, len);
	memcpy(tmp + len, ".XXXXXX", sizeof ".XXXXXX");

	int fd = mkstemp(tmp);
	if (fd < 0) {
		fprintf(stderr, "yaml2json: cannot create %s: %s\n", tmp, strerror(errno));
		free(tmp);
		return 1;
	}
	/* mkstemp creates the file 0600; give it the mode a plain fopen would. */
	mode_t mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) != 0) {
		fprintf(stderr, "yaml2json: cannot chmod %s: %s\n", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		free(tmp);
		return 1;
	}
	FILE *f = fdopen(fd, "w");
	if (!f) {
		fprintf(stderr, "yaml2json: cannot open %s: %s\n", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		free(tmp);
		return 1;
	}
	size_t flags = JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY |
		       JSON_REAL_PRECISION(real_precision > 0 ? real_precision : 17);
	errno = 0;
	int rc = json_dumpf(root, f, flags);
	if (fclose(f) != 0 || rc != 0) {
		fprintf(stderr, "yaml2json: cannot write %s: %s\n", tmp,
			errno ? strerror(errno) : "JSON encoding failed");
		unlink(tmp);
		free(tmp);
		return 1;
	}
	if (rename(tmp, out_path) != 0) {
		fprintf(stderr, "yaml2json: cannot write %s: %s\n", out_path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return 1;
	}
	free(tmp);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 3 || argv[1][0] == '\0' || argv[2][0] == '\0') {
		fprintf(stderr, "usage: yaml2json IN.yaml OUT.json\n");
		return 2;
	}

	conv c;
	memset(&c, 0, sizeof c);
	c.path = argv[1];

	FILE *in = fopen(argv[1], "rb");
	if (!in) {
		fprintf(stderr, "yaml2json: cannot open %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	if (!yaml_parser_initialize(&c.parser)) {
		fprintf(stderr, "yaml2json: cannot initialise the YAML parser\n");
		fclose(in);
		return 1;
	}
	yaml_parser_set_input_file(&c.parser, in);

	json_t *root = document(&c);

	yaml_parser_delete(&c.parser);
	fclose(in);
	for (size_t i = 0; i < c.nanchors; i++) {
		free(c.anchors[i].name);
		json_decref(c.anchors[i].value);
	}
	free(c.anchors);

	if (!root)
		return 1;
	int rc = write_json(root, argv[2], c.real_precision);
	json_decref(root);
	return rc;
}
