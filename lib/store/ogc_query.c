/* ogc_query.c — the statement builder of the OGC reads (see ogc_query.h). */
#include "ogc_query.h"

#include <stdio.h>
#include <string.h>

qb *qb_new(wvlv_arena *arena)
{
	qb *q = wvlv_arena_alloc(arena, sizeof(*q));
	q->arena = arena;
	q->sql = wvlv_strbuf_new(arena);
	return q;
}

void qb_add(qb *q, const char *s)
{
	wvlv_strbuf_append_str(q->sql, s);
}

void qb_param(qb *q, const char *v)
{
	for (int k = 0; k < q->n; k++)
		if (q->v[k] == v) {
			wvlv_strbuf_appendf(q->sql, "$%d", k + 1);
			return;
		}
	if (q->n == q->cap) {
		int cap = q->cap ? 2 * q->cap : 16;
		const char **nv = wvlv_arena_alloc(q->arena, (size_t)cap * sizeof(*nv));
		if (q->n)
			memcpy(nv, q->v, (size_t)q->n * sizeof(*nv));
		q->v = nv;
		q->cap = cap;
	}
	q->v[q->n++] = v;
	wvlv_strbuf_appendf(q->sql, "$%d", q->n);
}

void qb_filter(qb *q, const char *before, const char *v, const char *after)
{
	if (!v)
		return;
	qb_add(q, before);
	qb_param(q, v);
	qb_add(q, after);
}

void qb_long(qb *q, long v)
{
	qb_param(q, wvlv_arena_printf(q->arena, "%ld", v));
}

void qb_on_day(qb *q, const char *tmpl, const char *today)
{
	const char *s = tmpl, *t;
	while ((t = strstr(s, "$T")) != NULL) {
		wvlv_strbuf_append(q->sql, s, (size_t)(t - s));
		qb_param(q, today);
		s = t + 2;
	}
	qb_add(q, s);
}
