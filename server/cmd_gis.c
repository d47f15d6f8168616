/* cmd_gis.c — `wvlv import` and `wvlv export` run in wvlv-gis (see cli.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

int cmd_gis(int argc, char **argv)
{
	char path[4096];
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - sizeof(CLI_GIS_PROGRAM) - 1);
	if (n < 0) {
		fprintf(stderr, "wvlv %s: cannot find where wvlv is installed: %s\n", argv[0],
			strerror(errno));
		return 1;
	}
	path[n] = '\0';
	char *slash = strrchr(path, '/');
	strcpy(slash ? slash + 1 : path, CLI_GIS_PROGRAM);
	char **args = calloc((size_t)argc + 2, sizeof(*args));
	if (!args) {
		fprintf(stderr, "wvlv %s: out of memory\n", argv[0]);
		return 1;
	}
	args[0] = CLI_GIS_PROGRAM;
	memcpy(args + 1, argv, (size_t)argc * sizeof(*args)); /* "import" …; calloc: NULL after */
	execv(path, args);
	fprintf(stderr, "wvlv %s: cannot run %s (installed beside wvlv): %s\n", argv[0], path,
		strerror(errno));
	free(args);
	return 1;
}
