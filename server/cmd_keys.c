/* cmd_keys.c — `wvlv keys create|list|revoke`: API tokens.
 *
 * Parses the arguments, calls one use case of lib/app/tokens.c (which runs
 * as the database owner, like migrate) and prints what it returned.  A new
 * token is printed once, alone on the last line of stdout. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "wvlv/app_tokens.h"
#include "wvlv/caller.h"
#include "wvlv/designation.h"
#include "wvlv/uuid.h"

static const char keys_usage[] =
	"Usage: wvlv keys create (--municipality GM#### --role reader|clerk|admin |\n"
	"                         --national [--role reader|admin])\n"
	"                        [--label TEXT] [--database-url URL]\n"
	"       wvlv keys list [--database-url URL]\n"
	"       wvlv keys revoke ID [--database-url URL]\n"
	"\n"
	"API tokens for Authorization: Bearer <token>.  A token belongs to one municipality\n"
	"with a role: reader reads; clerk also records sale offers and their events; admin\n"
	"also manages designations and reads the audit log.\n"
	"--national makes a token for every municipality that changes none of their data:\n"
	"role reader (the default) reads everything; role admin also keeps the national\n"
	"data, the days equated with holidays (POST/DELETE /api/v1/equated-holidays),\n"
	"and reads the audit log.  Only a national admin changes the equated days.\n"
	"\n"
	"create prints the token once, alone on the last line of stdout: store it now, it\n"
	"cannot be shown again (only its SHA-256 is kept).  list never shows tokens.\n"
	"revoke takes effect on the next request; its ID is the UUID that create printed and\n"
	"list shows (an ID that is not a UUID is a usage error).  Run as the database owner.\n"
	"\n"
	"  --municipality CODE   CBS code, GM + 4 digits\n"
	"  --role ROLE           reader, clerk or admin (national: reader or admin)\n"
	"  --national            all municipalities; their data read-only\n"
	"  --label TEXT          who or what the token is for (shown in list and the audit log)\n"
	"  --database-url URL    PostgreSQL URL (WVLV_DATABASE_URL)\n"
	"  -h, --help            this text\n"
	"\n"
	"Exit status: 0 done, 1 failure (also: no such token, or revoked already), 2 usage,\n"
	"3 the database's schema is not this wvlv's (run `wvlv migrate`, or upgrade wvlv).\n";

/* A value that is not a role shows as "reader". */
static const char *role_name(wvlv_role r)
{
	const char *name = wvlv_role_name(r);
	return name ? name : "reader";
}

typedef struct keys_args {
	const char *municipality;
	const char *role;
	const char *label;
	bool national;
} keys_args;

static int usage_error(const char *fmt, const char *arg)
{
	return cli_usage_error("keys", fmt, arg);
}

/* The exit code of the schema check that failed (schema_ok). */
static int keys_rc;

/* The database has this wvlv's schema; else false, said, keys_rc set. */
static bool schema_ok(const wvlv_config *cfg)
{
	keys_rc = cli_schema_refused("keys", cfg);
	return keys_rc < 0;
}

/* The error on stderr; exit code 1. */
static int keys_failed(const wvlv_error *err)
{
	fprintf(stderr, "wvlv keys: %s\n", err->detail);
	return 1;
}

static int keys_create(const wvlv_config *cfg, const keys_args *a)
{
	wvlv_role role = WVLV_ROLE_READER;
	if (a->national && a->municipality)
		return usage_error("%s", "give --municipality or --national, not both");
	if (!a->national && !a->municipality)
		return usage_error("%s", "give --municipality GM#### (or --national)");
	if (a->municipality && !wvlv_municipality_code_valid(a->municipality))
		return usage_error("--municipality must be GM followed by 4 digits, not \"%s\"",
				   a->municipality);
	if (a->role && !wvlv_role_parse(a->role, &role))
		return usage_error("--role must be reader, clerk or admin, not \"%s\"", a->role);
	if (!a->national && !a->role)
		return usage_error("%s", "give --role reader|clerk|admin");
	if (a->label && strlen(a->label) > 127)
		return usage_error("%s", "--label may be 127 bytes at most");
	for (const char *p = a->label; p && *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return usage_error("%s", "--label may not contain control characters (newlines, tabs)");
	if (a->national && role == WVLV_ROLE_CLERK)
		return usage_error("%s", "a --national token is a reader or an admin, never a clerk");

	if (!schema_ok(cfg))
		return keys_rc;
	wvlv_error err;
	wvlv_error_clear(&err);
	wvlv_app_config ac = cli_app_config(cfg, "wvlv keys");
	wvlv_app_token_created made;
	const char *label = a->label ? a->label : "";
	if (wvlv_app_tokens_create(&ac, a->national ? NULL : a->municipality, role, label, &made,
				   &err) != WVLV_OK)
		return keys_failed(&err);
	printf("Created token %s: %s, role %s%s%s.\n", made.id,
	       a->national ? "national (all municipalities)" : a->municipality, role_name(role),
	       *label ? ", label " : "", label);
	printf("Store it now; it is not shown again.\n");
	printf("%s\n", made.token);
	return 0;
}

static int keys_list(const wvlv_config *cfg)
{
	wvlv_error err;
	wvlv_error_clear(&err);
	wvlv_app_config ac = cli_app_config(cfg, "wvlv keys");
	wvlv_arena *arena = wvlv_arena_create();
	wvlv_token_info *items = NULL;
	size_t n = 0;
	wvlv_status st = wvlv_app_tokens_list(&ac, arena, &items, &n, &err);
	if (st == WVLV_OK) {
		printf("%-36s  %-8s  %-6s  %-24s  %-24s  %s\n", "ID", "SCOPE", "ROLE", "CREATED",
		       "REVOKED", "LABEL");
		for (size_t i = 0; i < n; i++)
			printf("%-36s  %-8s  %-6s  %-24s  %-24s  %s\n", items[i].id,
			       items[i].national ? "national" : items[i].municipality_code,
			       role_name(items[i].role), items[i].created_at,
			       items[i].revoked_at ? items[i].revoked_at : "-",
			       items[i].label ? items[i].label : "");
	}
	wvlv_arena_destroy(arena);
	if (st != WVLV_OK)
		return keys_failed(&err);
	return 0;
}

static int keys_revoke(const wvlv_config *cfg, const char *id)
{
	wvlv_error err;
	wvlv_error_clear(&err);
	wvlv_app_config ac = cli_app_config(cfg, "wvlv keys");
	if (wvlv_app_tokens_revoke(&ac, id, &err) != WVLV_OK)
		return keys_failed(&err);
	printf("Revoked token %s.\n", id);
	return 0;
}

int cmd_keys(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "municipality", required_argument, NULL, 'm' },
		{ "role", required_argument, NULL, 'r' },
		{ "national", no_argument, NULL, 'n' },
		{ "label", required_argument, NULL, 'l' },
		{ "database-url", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	keys_args a = { 0 };
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'm': a.municipality = optarg; break;
		case 'r': a.role = optarg; break;
		case 'n': a.national = true; break;
		case 'l': a.label = optarg; break;
		case 'd': setenv("WVLV_DATABASE_URL", optarg, 1); break;
		case 'h': fputs(keys_usage, stdout); return 0;
		default: return cli_bad_option("keys", argv, c);
		}
	}
	if (optind >= argc)
		return usage_error("%s", "give a subcommand: create, list or revoke");
	const char *sub = argv[optind++];
	wvlv_config cfg;
	if (!wvlv_config_from_env(&cfg))
		return 2;
	if (!strcmp(sub, "create") && optind == argc)
		return keys_create(&cfg, &a);
	if (!strcmp(sub, "list") && optind == argc)
		return schema_ok(&cfg) ? keys_list(&cfg) : keys_rc;
	if (!strcmp(sub, "revoke") && optind + 1 == argc && !wvlv_uuid_shaped(argv[optind]))
		return usage_error("\"%s\" is not a token ID (a UUID, as `wvlv keys list` shows)",
				   argv[optind]);
	if (!strcmp(sub, "revoke") && optind + 1 == argc)
		return schema_ok(&cfg) ? keys_revoke(&cfg, argv[optind]) : keys_rc;
	if (!strcmp(sub, "revoke"))
		return usage_error("%s", "revoke takes exactly one token ID");
	if (!strcmp(sub, "create") || !strcmp(sub, "list"))
		return usage_error("unexpected argument \"%s\"", argv[optind]);
	return usage_error("unknown subcommand \"%s\"", sub);
}
