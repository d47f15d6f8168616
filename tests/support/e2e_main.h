/* e2e_main.h — the start and the end of the main of an end-to-end program
 * that runs its tests against one `wvlv serve` (as unit.h is for unit
 * programs): a database of its own and the server on it; the suite run and
 * the server stopped, which must stop cleanly. */
#ifndef WVLV_TEST_E2E_MAIN_H
#define WVLV_TEST_E2E_MAIN_H

#include <check.h>

#include "server_proc.h"

/* curl_global_init (before any thread uses libcurl), testdb_create(prefix),
 * eh_init on it and tserver_start(srv) without extra environment.  Returns
 * the database's conninfo. */
const char *e2e_start(tserver *srv, const char *prefix);

/* A TCase called name added to s, with a timeout of `seconds` (0: Check's
 * default); tests may be added to it afterwards. */
TCase *e2e_case(Suite *s, const char *name, int seconds);

/* Runs every test of s (CK_NORMAL) and frees it, then stops srv: EXIT_SUCCESS
 * when no test failed and the server stopped with status 0, else
 * EXIT_FAILURE (the value for main to return). */
int e2e_run(Suite *s, tserver *srv);

#endif
