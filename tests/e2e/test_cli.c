/* test_cli.c — the command line as an operator meets it (issue 13 point 9):
 * every usage error is one line and "see `wvlv CMD --help`" on stderr, exit
 * status 2, never the whole help; every command on a database that was never
 * migrated says the same "run `wvlv migrate`" in one line, exit status 3;
 * `keys revoke` with an ID that is not one says so (README "Command line"). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server_proc.h"
#include "testdb.h"

static const char *empty_db;   /* created, never migrated */

static int lines(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* The command of argv[0], as `see` names it. */
static void assert_usage_error(const char *const *argv)
{
	char what[256] = "wvlv";
	for (const char *const *a = argv; *a; a++)
		snprintf(what + strlen(what), sizeof(what) - strlen(what), " %s", *a);
	trun_out r = trunv(argv);
	char prefix[64], see[64];
	snprintf(prefix, sizeof(prefix), "wvlv %s: ", argv[0]);
	snprintf(see, sizeof(see), "\nsee `wvlv %s --help`\n", argv[0]);
	ck_assert_msg(r.status == 2, "%s: exit %d, not 2\n%s", what, r.status, r.err);
	ck_assert_msg(lines(r.err) == 2, "%s: %d lines, not 2:\n%s", what, lines(r.err), r.err);
	ck_assert_msg(strncmp(r.err, prefix, strlen(prefix)) == 0, "%s: %s", what, r.err);
	ck_assert_msg(strstr(r.err, see) && strstr(r.err, see)[strlen(see)] == '\0', "%s: %s", what,
		      r.err);
	ck_assert_msg(*r.out == '\0', "%s wrote to stdout: %s", what, r.out);
	trun_free(&r);
}

#define NOWHERE "postgresql://nobody@127.0.0.1:1/none"

START_TEST(every_usage_error_is_one_line_and_where_the_help_is)
{
	/* no database is reached: usage is checked first */
	static const char *const bad[][8] = {
		{ "serve", "--bogus" },
		{ "serve", "--listen" },
		{ "serve", "--listen", "8080" },
		{ "serve", "--listen", "[::1]8080" },
		{ "serve", "--listen", "::1:8080" },
		{ "serve", "--listen", "[::1]:99999" },
		{ "serve", "extra" },
		{ "serve", "-x" },
		{ "migrate", "--bogus" },
		{ "migrate", "extra" },
		{ "seed-demo", "extra" },
		{ "keys" },
		{ "keys", "frobnicate" },
		{ "keys", "revoke", "nope" },
		{ "keys", "revoke", "1; DROP TABLE api_tokens" },
		{ "keys", "revoke" },
		{ "keys", "list", "extra" },
		{ "keys", "create", "--municipality", "GM05", "--role", "admin" },
		{ "keys", "create", "--role" },
		{ "alerts", "--within-days", "x" },
		{ "alerts", "--format=xml" },
		{ "alerts", "--webhook", "ftp://example.org/" },
		{ "alerts", "--today" },
		{ "purge", "--personal-data-older-than", "7w" },
		{ "purge", "--frobnicate=1" },
		{ "equated-days" },
		{ "equated-days", "import" },
		{ "equated-days", "import", "f.csv", "--covers", "2030" },
		{ "equated-days", "list", "extra" },
		{ "import" },
		{ "import", "designations" },
		{ "import", "lakes", "f.gpkg" },
		{ "import", "designations", "f.gpkg" },
		{ "import", "designations", "f.gpkg", "--municipality", "GM05" },
		{ "import", "designations", "f.gpkg", "--municipality", "GM0505", "--map", "x" },
		{ "export", "designations" },
		{ "export", "designations", "--format", "shp", "f.shp" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *argv[12];
		size_t n = 0;
		for (size_t j = 0; j < 8 && bad[i][j]; j++)
			argv[n++] = bad[i][j];
		argv[n++] = "--database-url";
		argv[n++] = NOWHERE;
		argv[n] = NULL;
		assert_usage_error(argv);
	}
	/* the words of two of them */
	trun_out r = trun("keys", "revoke", "nope", NULL);
	ck_assert_str_eq(r.err, "wvlv keys: \"nope\" is not a token ID (a UUID, as `wvlv keys list` "
				"shows)\nsee `wvlv keys --help`\n");
	trun_free(&r);
	r = trun("serve", "--bogus", NULL);
	ck_assert_str_eq(r.err, "wvlv serve: unknown option --bogus\nsee `wvlv serve --help`\n");
	trun_free(&r);
}
END_TEST

START_TEST(no_command_and_an_unknown_one_are_usage_errors_too)
{
	trun_out r = trun(NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "wvlv: give a command\nsee `wvlv --help`\n");
	trun_free(&r);
	r = trun("frobnicate", NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "wvlv: unknown command \"frobnicate\"\nsee `wvlv --help`\n");
	trun_free(&r);
	/* the help itself is still there, on stdout, exit 0 */
	r = trun("keys", "--help", NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "Usage: wvlv keys"));
	ck_assert_ptr_nonnull(strstr(r.out, "3 the database's schema is not this wvlv's"));
	trun_free(&r);
}
END_TEST

START_TEST(every_command_on_an_unmigrated_database_says_run_wvlv_migrate)
{
	static const char *const cmds[][6] = {
		{ "keys", "list" },
		{ "keys", "create", "--municipality", "GM0505", "--role", "admin" },
		{ "keys", "revoke", "6f1c2b8e-0000-4000-8000-000000000000" },
		{ "alerts" },
		{ "alerts", "--dry-run" },
		{ "purge" },
		{ "purge", "--dry-run" },
		{ "equated-days", "list" },
		{ "equated-days", "import", WVLV_SOURCE_DIR "/tests/fixtures/does-not-matter.csv" },
		{ "import", "designations", "/does-not-matter.gpkg", "--municipality", "GM0505" },
		{ "export", "designations", "--format", "gpkg", "/tmp/does-not-matter.gpkg" },
		{ "seed-demo" },
		{ "serve", "--listen", "127.0.0.1:1" },
	};
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		const char *argv[10];
		size_t n = 0;
		for (size_t j = 0; j < 6 && cmds[i][j]; j++)
			argv[n++] = cmds[i][j];
		argv[n++] = "--database-url";
		argv[n++] = empty_db;
		argv[n] = NULL;
		trun_out r = trunv(argv);
		char want[200];
		snprintf(want, sizeof(want),
			 "wvlv %s: the database has no wvlv schema yet, this wvlv expects schema ",
			 cmds[i][0]);
		ck_assert_msg(r.status == 3, "%s %s: exit %d:\n%s", cmds[i][0],
			      cmds[i][1] ? cmds[i][1] : "", r.status, r.err);
		ck_assert_msg(lines(r.err) == 1 && strncmp(r.err, want, strlen(want)) == 0 &&
				      strstr(r.err, ": run `wvlv migrate`\n"),
			      "%s %s:\n%s", cmds[i][0], cmds[i][1] ? cmds[i][1] : "", r.err);
		ck_assert_str_eq(r.out, "");
		trun_free(&r);
	}
}
END_TEST

START_TEST(a_token_id_that_is_a_uuid_but_no_token_is_a_failure_not_a_usage_error)
{
	const char *db = testdb_create("cli_keys");
	trun_out r = trun("keys", "revoke", "6f1c2b8e-0000-4000-8000-000000000000", "--database-url",
			  db, NULL);
	ck_assert_msg(r.status == 1, "exit %d: %s", r.status, r.err);
	ck_assert_int_eq(lines(r.err), 1);
	ck_assert_ptr_null(strstr(r.err, "ERROR:"));
	trun_free(&r);
}
END_TEST

int main(void)
{
	empty_db = testdb_reserve("cli_empty");
	testdb_make_empty(empty_db);
	Suite *s = suite_create("cli");
	TCase *tc = tcase_create("usage");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, every_usage_error_is_one_line_and_where_the_help_is);
	tcase_add_test(tc, no_command_and_an_unknown_one_are_usage_errors_too);
	suite_add_tcase(s, tc);
	tc = tcase_create("unmigrated");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, every_command_on_an_unmigrated_database_says_run_wvlv_migrate);
	tcase_add_test(tc, a_token_id_that_is_a_uuid_but_no_token_is_a_failure_not_a_usage_error);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
