/* gis_main.c — wvlv-gis, the part of the wvlv command line that links GDAL:
 * `wvlv import` and `wvlv export` run here (cmd_gis.c), so that `wvlv serve`
 * and the other commands do not load GDAL and the libraries it brings. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "wvlv/log.h"

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";
	int (*run)(int, char **) = !strcmp(cmd, "import") ? cmd_import
				   : !strcmp(cmd, "export") ? cmd_export
							     : NULL;
	if (!run) {
		fputs(CLI_GIS_PROGRAM ": run through `wvlv import` or `wvlv export`\n"
		      "see `wvlv --help`\n", stderr);
		return 2;
	}
	if (isatty(STDERR_FILENO))
		wvlv_log_plain(cmd);
	return run(argc - 1, argv + 1);
}
