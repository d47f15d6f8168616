/* fuzz_gate.c — the head of a connection's first request as the gate reads
 * it before libmicrohttpd (server/gate.c): request line, header lines,
 * Content-Length, Cookie counts, cut anywhere. */
#include <stdlib.h>

#include "fuzz.h"
#include "gate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *b = (const char *)data;
	size_t n = size < GATE_HEAD_MAX ? size : GATE_HEAD_MAX;
	gate_verdict whole = gate_head_check(b, n);
	/* at the read limit there is always a verdict */
	if (n == GATE_HEAD_MAX && whole == GATE_INCOMPLETE)
		abort();
	/* a verdict reached on a prefix is never changed by the bytes after it */
	for (size_t k = 1; k < 4; k++) {
		gate_verdict part = gate_head_check(b, n * k / 4);
		if (part != GATE_INCOMPLETE && part != whole)
			abort();
	}
	return 0;
}
