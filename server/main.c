/* main.c — the wvlv command line: dispatch to subcommands. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "wvlv/log.h"
#include "config.h"

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: wvlv COMMAND [OPTIONS]\n"
		"\n"
		"The registry of Wvlv designations and the tracker of preference-right offers.\n"
		"\n"
		"Commands:\n"
		"  serve       run the HTTP API (REST at /api/v1, OGC API - Features at /ogc/v1,\n"
		"              health at /healthz and /readyz)\n"
		"  migrate     apply pending database migrations (run as the database owner)\n"
		"  seed-demo   load a small demo municipality (GM0505 Dordrecht) into an empty registry\n"
		"  keys        create, list and revoke API tokens (run as the database owner)\n"
		"  alerts      the nightly job: approaching and missed deadlines (records lapse and\n"
		"              release), ending designations; stdout and an optional webhook\n"
		"  purge       remove owner personal data from offers closed longer ago than a period\n"
		"  equated-days  import a Royal Decree's equated days from a CSV file, list them\n"
		"              (run as the database owner)\n"
		"  import      bring designations (any GIS file GDAL reads) or offers (CSV) in, all or\n"
		"              nothing, every record through the API's rules (run as the database owner)\n"
		"  export      write the designations to a GeoPackage, GeoJSON or CSV file\n"
		"  version     print the version\n"
		"\n"
		"Run `wvlv COMMAND --help` for the options of a command.  A usage error is one line\n"
		"and \"see `wvlv COMMAND --help`\" on stderr, exit status 2.  Every command that uses\n"
		"the database first checks that its schema is exactly the one this wvlv expects and\n"
		"otherwise says what to run (`wvlv migrate`, or upgrade wvlv), exit status 3.\n"
		"\n%s",
		wvlv_config_env_help);
}

static const struct command {
	const char *name;
	int (*run)(int argc, char **argv);
} commands[] = {
	{ "serve", cmd_serve },   { "migrate", cmd_migrate }, { "keys", cmd_keys },
	{ "alerts", cmd_alerts }, { "purge", cmd_purge },     { "seed-demo", cmd_seed_demo },
	{ "equated-days", cmd_equated_days }, { "import", cmd_gis },
	{ "export", cmd_gis },
};

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs("wvlv: give a command\nsee `wvlv --help`\n", stderr);
		return 2;
	}
	const char *cmd = argv[1];
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
		printf("wvlv %s (API %s)\n", WVLV_API_VERSION, WVLV_API_VERSION);
		return 0;
	}
	/* a command's log lines to a person at a terminal are plain text (wvlv/log.h) */
	if (strcmp(cmd, "serve") != 0 && isatty(STDERR_FILENO))
		wvlv_log_plain(cmd);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(cmd, commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "wvlv: unknown command \"%s\"\nsee `wvlv --help`\n", cmd);
	return 2;
}
