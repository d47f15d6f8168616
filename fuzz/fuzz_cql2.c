/* fuzz_cql2.c — the CQL2 filter readers (lib/base/cql2_*.c): the first byte
 * chooses cql2-text or cql2-json, the rest is the filter.  A filter that is
 * read must give a canonical text that reads back to the same text. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "wvlv/cql2.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	wvlv_arena *a = wvlv_arena_create();
	wvlv_error err;
	cql2_node *n = NULL;
	wvlv_status st;
	if (data[0] & 1) {
		st = cql2_parse_json(a, (const char *)data + 1, size - 1, &n, &err);
	} else {
		char *text = wvlv_arena_strndup(a, (const char *)data + 1, size - 1);
		st = cql2_parse_text(a, text, &n, &err);
	}
	if (st == WVLV_OK) {
		const char *once = cql2_to_text(a, n);
		cql2_node *again = NULL;
		if (!once || cql2_parse_text(a, once, &again, &err) != WVLV_OK)
			abort();
		const char *twice = cql2_to_text(a, again);
		if (!twice || strcmp(once, twice) != 0)
			abort();
	} else if (err.code[0] == '\0' || err.detail[0] == '\0') {
		abort(); /* every refusal says what is wrong */
	}
	wvlv_arena_destroy(a);
	return 0;
}
