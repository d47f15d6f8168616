/* cmd_db.c — `wvlv migrate` and `wvlv seed-demo`: one-shot database commands.
 * Each parses its options, calls its use case (lib/app/schema.c,
 * lib/app/demo.c) and prints what it returned. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "wvlv/app_demo.h"
#include "wvlv/app_schema.h"
#include "wvlv/caller.h"

/* --database-url and --help for the one-shot commands (and --login-role when
 * login_role is not NULL); returns -1 to go on, else an exit code. */
static int parse_db_options(const char *cmd, int argc, char **argv, const char *usage_text,
			    wvlv_config *cfg, const char **login_role)
{
	static const struct option opts[] = {
		{ "database-url", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "login-role", required_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (c == 'l' && login_role) {
			*login_role = optarg;
			continue;
		}
		switch (c) {
		case 'd': cli_database_url(optarg); break;
		case 'h': fputs(usage_text, stdout); return 0;
		default: return cli_bad_option(cmd, argv, c);
		}
	}
	if (optind < argc)
		return cli_usage_error(cmd, "unexpected argument \"%s\"", argv[optind]);
	return wvlv_config_from_env(cfg) ? -1 : 2;
}

static const char migrate_usage[] =
	"Usage: wvlv migrate [--login-role NAME] [--database-url URL]\n"
	"\n"
	"Apply the pending migrations (embedded in this binary) to the database, each in\n"
	"its own transaction, recorded with its SHA-256 in schema_migrations.  Re-running\n"
	"is a no-op; a migration that was changed after it was applied is refused.\n"
	"Run it as the database owner; it creates the role " WVLV_SERVER_ROLE " that `wvlv serve`\n"
	"switches to, and grants it to the migrating user.\n"
	"\n"
	"  --login-role NAME    then create or update the role NAME for `wvlv serve`, alerts\n"
	"                       and purge to log in as instead of the owner: LOGIN,\n"
	"                       NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS,\n"
	"                       a member of " WVLV_SERVER_ROLE " and " WVLV_GIS_ROLE " only; its password\n"
	"                       from WVLV_LOGIN_PASSWORD (unset: a new role gets none, an\n"
	"                       existing one keeps its own); needs CREATEROLE or superuser\n"
	"  --database-url URL   PostgreSQL URL (WVLV_DATABASE_URL)\n"
	"  -h, --help           this text\n"
	"\n"
	"Exit status: 0 done, 1 failure, 2 usage.\n";

int cmd_migrate(int argc, char **argv)
{
	wvlv_config cfg;
	const char *login_role = NULL;
	int rc = parse_db_options("migrate", argc, argv, migrate_usage, &cfg, &login_role);
	if (rc >= 0)
		return rc;
	wvlv_error err;
	wvlv_error_clear(&err);
	wvlv_app_config ac = cli_app_config(&cfg, "wvlv migrate");
	wvlv_app_migrate_report report;
	if (wvlv_app_migrate(&ac, stdout, &report, &err) != WVLV_OK) {
		fprintf(stderr, "wvlv migrate: %s\n", err.detail);
		return 1;
	}
	printf("%d migration(s) applied, %zu known.\n", report.applied, report.known);
	bool created = false;
	if (login_role && wvlv_app_login_role(&ac, login_role, getenv("WVLV_LOGIN_PASSWORD"),
					      &created, &err) != WVLV_OK) {
		fprintf(stderr, "wvlv migrate: login role: %s\n", err.detail);
		return 1;
	}
	if (login_role)
		printf("Login role %s %s (member of " WVLV_SERVER_ROLE " and " WVLV_GIS_ROLE
		       " only).\n", login_role, created ? "created" : "updated");
	return 0;
}

static const char seed_usage[] =
	"Usage: wvlv seed-demo [--database-url URL]\n"
	"\n"
	"Load a small demo municipality (GM0505 Dordrecht: three designations) when the\n"
	"registry is empty; do nothing otherwise.  The rules apply as for the API.\n"
	"\n"
	"  --database-url URL   PostgreSQL URL (WVLV_DATABASE_URL)\n"
	"  -h, --help           this text\n"
	"\n"
	"Exit status: 0 done, 1 failure, 2 usage, 3 the database's schema is not this wvlv's\n"
	"(run `wvlv migrate`, or upgrade wvlv).\n";

int cmd_seed_demo(int argc, char **argv)
{
	wvlv_config cfg;
	int rc = parse_db_options("seed-demo", argc, argv, seed_usage, &cfg, NULL);
	if (rc >= 0 || (rc = cli_schema_refused("seed-demo", &cfg)) >= 0)
		return rc;
	wvlv_error err;
	wvlv_error_clear(&err);
	wvlv_app_config ac = cli_app_config(&cfg, "wvlv seed-demo");
	wvlv_app_demo_report report;
	if (wvlv_app_demo_seed(&ac, &report, &err) != WVLV_OK) {
		fprintf(stderr, "wvlv seed-demo: %s\n", err.detail);
		return 1;
	}
	if (!report.seeded)
		printf("The registry already holds designations; nothing seeded.\n");
	else
		printf("Seeded %zu demo designations of GM0505 Dordrecht.\n", report.designations);
	return 0;
}
