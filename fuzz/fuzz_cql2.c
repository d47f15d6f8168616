/* fuzz_cql2.c — the CQL2 filter readers (lib/base/cql2_*.c), the check
 * against the queryables (lib/domain/features_filter.c) and the SQL the store
 * writes for an accepted filter (lib/store/ogc_filter.c).  The first byte
 * chooses cql2-text or cql2-json and the filter-crs; the rest is the filter.
 * A filter that is read must give a canonical text that reads back to the
 * same text; every refusal says what is wrong; the SQL of an accepted filter
 * must be parameterised: no byte of the filter reaches its text (no quote
 * but those of the store's fixed fragments), and every "$k" names one of its
 * parameters. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "ogc_filter.h"
#include "wvlv/cql2.h"
#include "wvlv/features.h"

/* the quoted literals the store itself writes (SQL_STATUS's names too) */
static const char *const FIXED[] = { "'voorkeursrecht'", "'Europe/Amsterdam'", "','",
				     "'withdrawn'", "'planned'", "'active'", "'expired'" };

static void check_round_trip(wvlv_arena *a, const cql2_node *n)
{
	wvlv_error err;
	const char *once = cql2_to_text(a, n);
	cql2_node *again = NULL;
	if (!once || cql2_parse_text(a, once, &again, &err) != WVLV_OK)
		abort();
	const char *twice = cql2_to_text(a, again);
	if (!twice || strcmp(once, twice) != 0)
		abort();
}

static void check_parameterised(const qb *q)
{
	char *sql = strdup(wvlv_strbuf_text(q->sql));
	for (size_t i = 0; i < sizeof(FIXED) / sizeof(FIXED[0]); i++)
		for (char *p; (p = strstr(sql, FIXED[i]));)
			memset(p, ' ', strlen(FIXED[i]));
	if (strchr(sql, '\'') || strstr(sql, "--") || strstr(sql, "/*") || strchr(sql, ';'))
		fprintf(stderr, "not parameterised: %s\n", sql), abort();
	for (const char *p = sql; (p = strchr(p, '$'));) {
		long k = strtol(++p, NULL, 10);
		if (k < 1 || k > q->n || !q->v[k - 1])
			abort();
	}
	free(sql);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	wvlv_arena *a = wvlv_arena_create();
	wvlv_error err;
	wvlv_error_clear(&err);
	cql2_node *n = NULL;
	wvlv_status st;
	if (data[0] & 1) {
		st = cql2_parse_json(a, (const char *)data + 1, size - 1, &n, &err);
	} else {
		char *text = wvlv_arena_strndup(a, (const char *)data + 1, size - 1);
		st = cql2_parse_text(a, text, &n, &err);
	}
	if (st == WVLV_OK) {
		check_round_trip(a, n);
		st = wvlv_ogc_filter_check(n, &err);
	}
	if (st == WVLV_OK) {
		wvlv_ogc_filter f = { .today = "2026-12-07", .cql2 = n,
				      .filter_crs = (wvlv_ogc_crs)((data[0] >> 1) % WVLV_OGC_CRS_COUNT) };
		qb *q = qb_new(a);
		ogc_filter_where(q, &f);
		check_parameterised(q);
	} else if (err.code[0] == '\0' || err.detail[0] == '\0') {
		abort(); /* every refusal says what is wrong */
	}
	wvlv_arena_destroy(a);
	return 0;
}
