/* test_uuid.c — unit tests of lib/base/uuid.c: the one check of a UUID's
 * text form, used by the server (ids in paths and bodies) and the store. */
#include "wvlv/uuid.h"
#include "unit.h"

#include <check.h>
#include <string.h>

START_TEST(canonical_forms_are_uuids)
{
	ck_assert(wvlv_uuid_shaped("3f2b8c1e-5d4a-4e7b-9c1d-2a6f8e0b7c31"));
	ck_assert(wvlv_uuid_shaped("3F2B8C1E-5D4A-4E7B-9C1D-2A6F8E0B7C31"));
	ck_assert(wvlv_uuid_shaped("00000000-0000-0000-0000-000000000000"));
	ck_assert_int_eq(strlen("3f2b8c1e-5d4a-4e7b-9c1d-2a6f8e0b7c31") + 1, WVLV_UUID_STRLEN);
}
END_TEST

START_TEST(other_text_is_not)
{
	static const char *const bad[] = {
		"", "42", "not-a-uuid",
		"3f2b8c1e5d4a4e7b9c1d2a6f8e0b7c31",        /* no dashes */
		"3f2b8c1e-5d4a-4e7b-9c1d-2a6f8e0b7c3",     /* one short */
		"3f2b8c1e-5d4a-4e7b-9c1d-2a6f8e0b7c31a",   /* one long */
		"3f2b8c1e-5d4a-4e7b-9c1d-2a6f8e0b7c3g",    /* not hex */
		"3f2b8c1e5-d4a-4e7b-9c1d-2a6f8e0b7c31",    /* a dash out of place */
		"{3f2b8c1e-5d4a-4e7b-9c1d-2a6f8e0b7c31}",
		"3f2b8c1e-5d4a-4e7b-9c1d-2a6f8e0b7c3\xFF",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(!wvlv_uuid_shaped(bad[i]), "%s", bad[i]);
	ck_assert(!wvlv_uuid_shaped(NULL));
}
END_TEST

static Suite *uuid_suite(void)
{
	Suite *s = suite_create("uuid");
	unit_add(s, "canonical_forms_are_uuids", canonical_forms_are_uuids);
	unit_add(s, "other_text_is_not", other_text_is_not);
	return s;
}

int main(void)
{
	return unit_run(uuid_suite());
}
