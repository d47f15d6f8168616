/* tstore.h — shared helpers of the integration tests of lib/store
 * (tests/integration/): the program's database, connections to it,
 * transactions as a caller, SQL conditions, and the runner of a suite made of
 * named groups of tests.
 *
 * Every function that asserts uses Check's ck_assert and so must be called
 * from inside a test. */
#ifndef WVLV_TEST_TSTORE_H
#define WVLV_TEST_TSTORE_H

#include <check.h>
#include <stddef.h>

#include "wvlv/caller.h"
#include "wvlv/db.h"
#include "wvlv/status.h"

/* testdb_create(prefix): call once in main() before anything below.  Returns
 * the new database's conninfo (ts_connect connects to it). */
const char *ts_init(const char *prefix);

/* Fails the test unless st is WVLV_OK, naming the status and err's code and
 * detail. */
void ts_ok(wvlv_status st, const wvlv_error *err);

/* testdb_connect() to the ts_init database as role (NULL: as the cluster's
 * superuser); asserts it connected. */
wvlv_db *ts_connect(const char *role);

/* BEGIN, then wvlv_db_set_caller(c); COMMIT.  Both assert success. */
void ts_begin_as(wvlv_db *db, const wvlv_caller *c);
void ts_commit(wvlv_db *db);

/* Raise (and fail the test) unless the SQL condition holds on db, in db's
 * transaction and as db's role: the way to run a bare query through the
 * opaque wvlv_db handle. */
void ts_expect_sql(wvlv_db *db, const char *cond);

/* A named group of tests: one TCase. */
typedef struct ts_group {
	const char *name;
	const TTest *const *tests; /* NULL-terminated */
} ts_group;

/* Runs suite `name`, one TCase per group, each with the checked fixture
 * setup/teardown and a 60 s timeout (CK_NORMAL output).  Returns the exit
 * status of the program: EXIT_FAILURE when a test failed. */
int ts_run(const char *name, const ts_group *groups, size_t ngroups, SFun setup, SFun teardown);

#endif
