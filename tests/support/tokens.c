/* tokens.c — API tokens for end-to-end tests (see tokens.h). */
#include "tokens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server_proc.h"

static char headers[16][128];
static int next_slot;
static char last_id[40];

const char *ttoken_header(const char *conninfo, const char *municipality, const char *role)
{
	char env_url[1024];
	snprintf(env_url, sizeof(env_url), "WVLV_DATABASE_URL=%s", conninfo);
	const char *env[] = { env_url, NULL };
	const char *args_m[] = { "keys", "create", "--municipality", municipality, "--role", role,
				 "--label", "e2e", NULL };
	const char *args_n[] = { "keys", "create", "--national", "--label", "e2e national", NULL };
	char *out = NULL;
	int rc = trun_wvlv(municipality ? args_m : args_n, env, &out);
	if (rc != 0 || !out) {
		fprintf(stderr, "wvlv keys create failed (%d): %s\n", rc, out ? out : "");
		exit(1);
	}
	/* the token is alone on the last line; the id follows "Created token " */
	size_t n = strlen(out);
	while (n && out[n - 1] == '\n')
		out[--n] = '\0';
	const char *last = strrchr(out, '\n');
	last = last ? last + 1 : out;
	const char *idp = strstr(out, "Created token ");
	if (idp)
		sscanf(idp + 14, "%36s", last_id);
	char *h = headers[next_slot++ % 16];
	snprintf(h, sizeof(headers[0]), "Authorization: Bearer %s", last);
	free(out);
	return h;
}

const char *ttoken_last_id(void)
{
	return last_id;
}
