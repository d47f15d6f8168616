/* cmd_equated.c — `wvlv equated-days import|list`: the days equated with
 * holidays by Royal Decree (Atw art. 3(3), docs/law.md §3.5).
 *
 * Reads the file (lines date,reference), calls one use case of
 * lib/app/decrees.c (which runs as the database owner, like `wvlv keys`) and
 * prints what it returned. */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "wvlv/app_decrees.h"

#define LINE_MAX_BYTES 1024
#define DAYS_MAX       1000

static const char equated_usage[] =
	"Usage: wvlv equated-days import FILE.csv [--covers FROM-TO] [--database-url URL]\n"
	"       wvlv equated-days list [--database-url URL]\n"
	"\n"
	"The days equated with a generally recognised holiday by Royal Decree (Atw art. 3(3)),\n"
	"published in the Staatscourant, usually three years at a time.  The decrees for\n"
	"2017-2019, 2023-2025 and 2026-2028 ship with the schema (migration 0008).\n"
	"\n"
	"import loads the next decree from FILE.csv: one day per line, date,reference\n"
	"(YYYY-MM-DD, a comma, the decree and its publication, at most 200 bytes; the\n"
	"reference may be in double quotes, \"\" for a quote inside).  A first line\n"
	"date,reference is a header and skipped, as are empty lines and lines starting with #.\n"
	"All or nothing, in one transaction: a line that is not a weekday, is a holiday by law\n"
	"already, is in the file twice or is equated already with another reference refuses\n"
	"the whole file (every reason is printed with its line).  Each new day moves the open\n"
	"deadlines it pushes later, in every municipality, as POST /api/v1/equated-holidays\n"
	"does (an event deadline-moved, an audit row); a day that is there already with the\n"
	"same reference is not an error (a re-import changes nothing), and the open deadlines\n"
	"it pushes later are moved as well.  The years the decree covers are recorded, so\n"
	"`wvlv alerts` no longer reports them (decree-missing): the years of the file's days,\n"
	"or with --covers every year FROM to TO (needed when a year of the decree has no day).\n"
	"list prints every equated day with its reference, and the years covered.\n"
	"Run as the database owner.\n"
	"\n"
	"  --covers FROM-TO     the years the decree covers, e.g. 2029-2031; every day of the\n"
	"                       file must lie in them\n"
	"  --database-url URL   PostgreSQL URL (WVLV_DATABASE_URL)\n"
	"  -h, --help           this text\n"
	"\n"
	"Exit status: 0 done, 1 failure (the file refused or unreadable, the database\n"
	"unreachable), 2 usage, 3 the database's schema is not this wvlv's (run `wvlv migrate`,\n"
	"or upgrade wvlv).\n";

static int usage_error(const char *fmt, const char *arg)
{
	return cli_usage_error("equated-days", fmt, arg);
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

/* A reference in double quotes loses them ("" is one quote); false when a
 * quote is not closed. */
static bool unquote(char *s)
{
	size_t n = strlen(s);
	if (n == 0 || s[0] != '"')
		return true;
	if (n < 2 || s[n - 1] != '"')
		return false;
	char *w = s;
	for (size_t i = 1; i < n - 1; i++) {
		if (s[i] == '"' && s[i + 1] == '"' && i + 1 < n - 1)
			i++;
		*w++ = s[i];
	}
	*w = '\0';
	return true;
}

typedef struct parsed {
	wvlv_app_decree_day days[DAYS_MAX];
	size_t              n;
	int                 bad;   /* lines refused by the reading */
} parsed;

/* One line (trimmed, not empty, not a comment, not the header) into p. */
static void parse_line(const char *file, int no, char *s, parsed *p, wvlv_arena *arena)
{
	char *comma = strchr(s, ',');
	if (!comma) {
		fprintf(stderr, "%s:%d: expected date,reference\n", file, no);
		p->bad++;
		return;
	}
	*comma = '\0';
	char *date = trim(s), *ref = trim(comma + 1);
	wvlv_date d;
	wvlv_error err;
	wvlv_error_clear(&err);
	if (wvlv_date_parse(date, &d, &err) != WVLV_OK) {
		fprintf(stderr, "%s:%d: \"%s\" is not a date YYYY-MM-DD\n", file, no, date);
		p->bad++;
	} else if (!unquote(ref)) {
		fprintf(stderr, "%s:%d: the reference's double quote is not closed\n", file, no);
		p->bad++;
	} else if (p->n == DAYS_MAX) {
		fprintf(stderr, "%s:%d: more than %d days in one file\n", file, no, DAYS_MAX);
		p->bad++;
	} else {
		p->days[p->n++] = (wvlv_app_decree_day){ .date = d, .line = no,
							 .reference = wvlv_arena_strdup(arena, ref) };
	}
}

/* Read the file; false when it cannot be read (said on stderr). */
static bool read_file(const char *file, parsed *p, wvlv_arena *arena)
{
	FILE *f = fopen(file, "r");
	if (!f) {
		fprintf(stderr, "wvlv equated-days: cannot read %s\n", file);
		return false;
	}
	char buf[LINE_MAX_BYTES + 2];
	int no = 0;
	bool first = true;
	while (fgets(buf, sizeof(buf), f)) {
		no++;
		size_t len = strlen(buf);
		if (len == sizeof(buf) - 1 && buf[len - 1] != '\n') {
			fprintf(stderr, "%s:%d: longer than %d bytes\n", file, no, LINE_MAX_BYTES);
			p->bad++;
			int c;
			while ((c = fgetc(f)) != EOF && c != '\n')
				;
			continue;
		}
		char *s = trim(buf);
		if (!*s || *s == '#')
			continue;
		bool header = first && !strcasecmp(s, "date,reference");
		first = false;
		if (!header)
			parse_line(file, no, s, p, arena);
	}
	bool ok = !ferror(f);
	fclose(f);
	if (!ok)
		fprintf(stderr, "wvlv equated-days: cannot read %s\n", file);
	return ok;
}

/* "2017-2019, 2023-2028" */
static void print_years(const int *years, size_t n)
{
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j + 1 < n && years[j + 1] == years[j] + 1)
			j++;
		printf(i ? ", " : " ");
		if (j > i)
			printf("%d-%d", years[i], years[j]);
		else
			printf("%d", years[i]);
		i = j + 1;
	}
	printf(n ? "" : " none");
}

static int import_report(const char *file, const wvlv_app_decree_report *r)
{
	printf("Imported %s: %d day%s added, %d already present, %d open deadline%s moved; "
	       "years covered:",
	       file, r->added, r->added == 1 ? "" : "s", r->present, r->moved,
	       r->moved == 1 ? "" : "s");
	print_years(r->years, r->nyears);
	printf(" (%d new).\n", r->years_added);
	return 0;
}

static int import_file(const wvlv_config *cfg, const char *file, int covers_from, int covers_to)
{
	wvlv_arena *arena = wvlv_arena_create();
	parsed *p = calloc(1, sizeof(*p));
	int rc = 1;
	if (!p || !read_file(file, p, arena)) {
		rc = 1;
	} else if (p->bad) {
		fprintf(stderr, "wvlv equated-days: %s refused (%d line%s); nothing was changed\n",
			file, p->bad, p->bad == 1 ? "" : "s");
	} else {
		wvlv_app_config ac = cli_app_config(cfg, "wvlv equated-days");
		wvlv_app_decree_file in = { .days = p->days, .n = p->n, .covers_from = covers_from,
					    .covers_to = covers_to };
		wvlv_app_decree_report r;
		wvlv_error err;
		wvlv_error_clear(&err);
		if (wvlv_app_decree_import(&ac, arena, &in, &r, &err) == WVLV_OK)
			rc = import_report(file, &r);
		else if (err.status == WVLV_EUNAVAIL)
			rc = cli_connect_failed("equated-days", cfg, &err);
		else {
			for (size_t i = 0; i < r.nfaults; i++)
				fprintf(stderr, "%s:%d: %s\n", file, r.faults[i].line,
					r.faults[i].reason);
			fprintf(stderr, "wvlv equated-days: %s refused: %s\n", file, err.detail);
		}
	}
	free(p);
	wvlv_arena_destroy(arena);
	return rc;
}

static int list_days(const wvlv_config *cfg)
{
	wvlv_arena *arena = wvlv_arena_create();
	wvlv_app_config ac = cli_app_config(cfg, "wvlv equated-days");
	wvlv_equated_day *days = NULL;
	int *years = NULL;
	size_t ndays = 0, nyears = 0;
	wvlv_error err;
	wvlv_error_clear(&err);
	int rc = 0;
	if (wvlv_app_decree_list(&ac, arena, &days, &ndays, &years, &nyears, &err) != WVLV_OK) {
		rc = cli_connect_failed("equated-days", cfg, &err);
	} else {
		printf("%-10s  %-3s  %s\n", "DATE", "DAY", "REFERENCE");
		static const char *const wd[] = { "", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
		for (size_t i = 0; i < ndays; i++) {
			char day[WVLV_DATE_STRLEN];
			printf("%-10s  %-3s  %s\n", wvlv_date_format(days[i].date, day),
			       wd[wvlv_date_weekday(days[i].date)], days[i].reference);
		}
		printf("Years covered by a loaded decree:");
		print_years(years, nyears);
		printf("\n");
	}
	wvlv_arena_destroy(arena);
	return rc;
}

/* --covers FROM-TO into *from and *to; false when it is not that. */
static bool parse_covers(const char *s, int *from, int *to)
{
	char tail;
	return sscanf(s, "%4d-%4d%c", from, to, &tail) == 2 && *from >= 1900 && *to <= 2199 &&
	       *from <= *to;
}

int cmd_equated_days(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "covers", required_argument, NULL, 'c' },
		{ "database-url", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *covers = NULL;
	int c, from = 0, to = 0;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'c': covers = optarg; break;
		case 'd': cli_database_url(optarg); break;
		case 'h': fputs(equated_usage, stdout); return 0;
		default: return cli_bad_option("equated-days", argv, c);
		}
	}
	if (optind >= argc)
		return usage_error("%s", "give a subcommand: import or list");
	const char *sub = argv[optind++];
	if (covers && !parse_covers(covers, &from, &to))
		return usage_error("--covers must be FROM-TO, years within 1900-2199 (e.g. "
				   "2029-2031), not \"%s\"", covers);
	if (!strcmp(sub, "list") && covers)
		return usage_error("%s", "--covers belongs to import");
	wvlv_config cfg;
	if (!wvlv_config_from_env(&cfg))
		return 2;
	bool run_import = !strcmp(sub, "import") && optind + 1 == argc;
	bool run_list = !strcmp(sub, "list") && optind == argc;
	int rc = run_import || run_list ? cli_schema_refused("equated-days", &cfg) : -1;
	if (rc >= 0)
		return rc;
	if (run_import)
		return import_file(&cfg, argv[optind], from, to);
	if (run_list)
		return list_days(&cfg);
	if (!strcmp(sub, "import"))
		return usage_error("%s", "import takes exactly one FILE.csv");
	if (!strcmp(sub, "list"))
		return usage_error("unexpected argument \"%s\"", argv[optind]);
	return usage_error("unknown subcommand \"%s\"", sub);
}
