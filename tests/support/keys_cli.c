/* keys_cli.c — `wvlv keys` for end-to-end tests (see keys_cli.h). */
#include "keys_cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server_proc.h"

int tkey_run(const char *conninfo, const char *const *args, char **out)
{
	char env_url[1024];
	snprintf(env_url, sizeof(env_url), "WVLV_DATABASE_URL=%s", conninfo);
	const char *env[] = { env_url, NULL };
	const char *argv[24] = { "keys" };
	int n = 1;
	for (const char *const *a = args; a && *a && n < 23; a++)
		argv[n++] = *a;
	argv[n] = NULL;
	return trun_wvlv(argv, env, out);
}

void tkey_create(const char *conninfo, const char *municipality, const char *role,
		 const char *label, tkey *out)
{
	const char *args_m[] = { "create", "--municipality", municipality, "--role", role,
				 "--label", label, NULL };
	const char *args_n[] = { "create", "--national", "--label", label, role ? "--role" : NULL,
				 role, NULL };
	char *text = NULL;
	int rc = tkey_run(conninfo, municipality ? args_m : args_n, &text);
	if (rc != 0 || !text) {
		fprintf(stderr, "wvlv keys create failed (%d): %s\n", rc, text ? text : "");
		exit(1);
	}
	size_t n = strlen(text);
	while (n && text[n - 1] == '\n')
		text[--n] = '\0';
	const char *last = strrchr(text, '\n');
	last = last ? last + 1 : text;
	memset(out, 0, sizeof(*out));
	const char *idp = strstr(text, "Created token ");
	if (idp)
		sscanf(idp + 14, "%36s", out->id);
	snprintf(out->token, sizeof(out->token), "%s", last);
	snprintf(out->header, sizeof(out->header), "Authorization: Bearer %s", last);
	free(text);
	if (strlen(out->id) != 36 || strlen(out->token) != 43) {
		fprintf(stderr, "wvlv keys create printed no id or token\n");
		exit(1);
	}
}

int tkey_revoke(const char *conninfo, const char *id)
{
	const char *args[] = { "revoke", id, NULL };
	return tkey_run(conninfo, args, NULL);
}
