/* keys_cli.h — `wvlv keys` for end-to-end tests that need more than
 * tokens.h gives: a chosen label, the token itself, the CLI's output and
 * exit status. */
#ifndef WVLV_TEST_KEYS_CLI_H
#define WVLV_TEST_KEYS_CLI_H

typedef struct tkey {
	char id[40];        /* the token's uuid, from "Created token <id>: …" */
	char token[64];     /* the token text (the last line of stdout) */
	char header[128];   /* "Authorization: Bearer <token>" */
} tkey;

/* `wvlv keys create --municipality M --role R --label L` (municipality NULL:
 * --national, role ignored).  Exits the program when the CLI fails. */
void tkey_create(const char *conninfo, const char *municipality, const char *role,
		 const char *label, tkey *out);

/* `wvlv keys ARGS…` against conninfo; returns the exit status and, when out
 * is not NULL, stdout+stderr (malloc'd). */
int tkey_run(const char *conninfo, const char *const *args, char **out);

/* `wvlv keys revoke ID`; returns the exit status. */
int tkey_revoke(const char *conninfo, const char *id);

#endif
