/* tokens.c — API tokens for end-to-end tests (see tokens.h). */
#include "tokens.h"

#include <stdio.h>

#include "keys_cli.h"

static char headers[16][128];
static int next_slot;
static char last_id[40];

const char *ttoken_header(const char *conninfo, const char *municipality, const char *role)
{
	tkey k;
	tkey_create(conninfo, municipality, role, municipality ? "e2e" : "e2e national", &k);
	snprintf(last_id, sizeof(last_id), "%s", k.id);
	char *h = headers[next_slot++ % 16];
	snprintf(h, sizeof(headers[0]), "%s", k.header);
	return h;
}

const char *ttoken_last_id(void)
{
	return last_id;
}
