/* tstore.c — see tstore.h. */
#include "tstore.h"
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>

#include "testdb.h"

static const char *ts_conninfo;

const char *ts_init(const char *prefix)
{
	ts_conninfo = testdb_create(prefix);
	return ts_conninfo;
}

void ts_ok(wvlv_status st, const wvlv_error *err)
{
	ck_assert_msg(st == WVLV_OK, "%s %s: %s", wvlv_status_name(st), err->code, err->detail);
}

wvlv_db *ts_connect(const char *role)
{
	wvlv_db *db = testdb_connect(ts_conninfo, role);
	ck_assert_ptr_nonnull(db);
	return db;
}

void ts_begin_as(wvlv_db *db, const wvlv_caller *c)
{
	wvlv_error err;
	wvlv_error_clear(&err);
	ts_ok(wvlv_db_begin(db, &err), &err);
	ts_ok(wvlv_db_set_caller(db, c, &err), &err);
}

void ts_commit(wvlv_db *db)
{
	wvlv_error err;
	wvlv_error_clear(&err);
	ts_ok(wvlv_db_commit(db, &err), &err);
}

void ts_expect_sql(wvlv_db *db, const char *cond)
{
	char *sql = NULL;
	if (asprintf(&sql, "DO $$ BEGIN IF NOT (%s) THEN RAISE 'condition failed'; END IF; END $$",
		     cond) < 0)
		abort();
	wvlv_error err;
	wvlv_error_clear(&err);
	wvlv_status st = wvlv_db_exec_script(db, sql, &err);
	free(sql);
	ck_assert_msg(st == WVLV_OK, "not true: %s (%s %s)", cond, wvlv_status_name(st), err.code);
}

int ts_run(const char *name, const ts_group *groups, size_t ngroups, SFun setup, SFun teardown)
{
	Suite *s = suite_create(name);
	for (size_t g = 0; g < ngroups; g++) {
		TCase *tc = tcase_create(groups[g].name);
		tcase_add_checked_fixture(tc, setup, teardown);
		tcase_set_timeout(tc, 60);
		for (const TTest *const *t = groups[g].tests; *t; t++)
			tcase_add_test(tc, *t);
		suite_add_tcase(s, tc);
	}
	return unit_run(s);
}
