/* e2e_main.c — see e2e_main.h. */
#include "e2e_main.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>

#include "e2e_helpers.h"
#include "testdb.h"

const char *e2e_start(tserver *srv, const char *prefix)
{
	curl_global_init(CURL_GLOBAL_ALL);
	const char *conninfo = testdb_create(prefix);
	eh_init(conninfo);
	tserver_start(srv, conninfo, NULL);
	return conninfo;
}

TCase *e2e_case(Suite *s, const char *name, int seconds)
{
	TCase *tc = tcase_create(name);
	if (seconds > 0)
		tcase_set_timeout(tc, seconds);
	suite_add_tcase(s, tc);
	return tc;
}

int e2e_run(Suite *s, tserver *srv)
{
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	int stop = tserver_stop(srv);
	if (stop != 0) {
		fprintf(stderr, "wvlv serve did not stop cleanly on SIGTERM (status %d)\n", stop);
		failed++;
	}
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
