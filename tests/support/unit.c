/* unit.c — see unit.h. */
#include "unit.h"

#include <stdlib.h>

TCase *unit_add_fixed(Suite *s, const char *name, const TTest *test, SFun setup, SFun teardown)
{
	TCase *tc = tcase_create(name);
	if (setup || teardown)
		tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test);
	suite_add_tcase(s, tc);
	return tc;
}

TCase *unit_add(Suite *s, const char *name, const TTest *test)
{
	return unit_add_fixed(s, name, test, NULL, NULL);
}

int unit_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
