/* test_input.c — unit tests of the pure checks of request input: white-space
 * only text (server/input.c input_blank) and the client request ids kept
 * beside the server's (lib/domain/caller.c) — issue 12 point 10. */
#include "input.h"
#include "unit.h"
#include "wvlv/caller.h"

#include <check.h>
#include <string.h>

START_TEST(white_space_only_text_is_blank)
{
	static const char *const blank[] = {
		"", " ", "\t\n\r\v\f", "\xC2\xA0", "\xE3\x80\x80", "\xE2\x80\x8B",
		" \xE2\x80\xAF\xEF\xBB\xBF\xE2\x81\x9F\xE1\x9A\x80\xC2\x85\xE2\x80\xA8 ",
	};
	for (size_t i = 0; i < sizeof(blank) / sizeof(blank[0]); i++)
		ck_assert_msg(input_blank(blank[i]), "%zu", i);
	static const char *const text[] = { "a", " a ", "\xC2\xA0x", "\xE2\x80\x8C",
					    "\xE3\x80\x81", "\xC3\xA9" };
	for (size_t i = 0; i < sizeof(text) / sizeof(text[0]); i++)
		ck_assert_msg(!input_blank(text[i]), "%zu", i);
}
END_TEST

START_TEST(client_request_ids_are_1_to_64_safe_characters)
{
	ck_assert(wvlv_client_request_id_valid("a"));
	ck_assert(wvlv_client_request_id_valid("ext-42:retry.1_A"));
	char s[80];
	memset(s, 'x', sizeof(s));
	s[WVLV_CLIENT_REQUEST_ID_MAX] = '\0';
	ck_assert(wvlv_client_request_id_valid(s));
	s[WVLV_CLIENT_REQUEST_ID_MAX] = 'x';
	s[WVLV_CLIENT_REQUEST_ID_MAX + 1] = '\0';
	ck_assert(!wvlv_client_request_id_valid(s));
	static const char *const bad[] = { "", "has space", "<script>", "a/b", "a\"b", "\xC3\xA9",
					   "a\nb", "x;y" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(!wvlv_client_request_id_valid(bad[i]), "%s", bad[i]);
	ck_assert(!wvlv_client_request_id_valid(NULL));
}
END_TEST

static Suite *input_suite(void)
{
	Suite *s = suite_create("input");
	unit_add(s, "white_space_only_text_is_blank", white_space_only_text_is_blank);
	unit_add(s, "client_request_ids_are_1_to_64_safe_characters",
		 client_request_ids_are_1_to_64_safe_characters);
	return s;
}

int main(void)
{
	return unit_run(input_suite());
}
