/* unit.h — the runner of a unit-test program: one TCase per test, so that a
 * failure names its test and CK_RUN_CASE=name runs that one alone. */
#ifndef WVLV_TEST_UNIT_H
#define WVLV_TEST_UNIT_H

#include <check.h>

/* Adds test to s in a TCase of its own called name; returns the TCase (for a
 * longer timeout). */
TCase *unit_add(Suite *s, const char *name, const TTest *test);

/* The same, with the checked fixture setup/teardown (either may be NULL). */
TCase *unit_add_fixed(Suite *s, const char *name, const TTest *test, SFun setup, SFun teardown);

/* Runs every test of s and frees it: EXIT_SUCCESS when none failed, else
 * EXIT_FAILURE (the value for main to return). */
int unit_run(Suite *s);

#endif
