/* test_cursor.c — unit tests of lib/base/cursor.c: the opaque cursor of a
 * list's next link reads back as the keys it was made of, and any other
 * text (another list's cursor, a changed character, other key counts) is
 * refused. */
#include "wvlv/cursor.h"
#include "unit.h"

#include <check.h>
#include <string.h>

static const char *const KEYS[] = { "2026-11-28", "1764320000123456",
				    "3f2b8c1e-5d4a-4e7b-9c1d-2a6f8e0b7c31" };

START_TEST(a_cursor_reads_back_as_its_keys)
{
	wvlv_arena *a = wvlv_arena_create();
	const char *c = wvlv_cursor_make(a, "o1", KEYS, 3);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(strspn(c, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
				    "0123456789-_"), strlen(c));
	const char *k[3] = { 0 };
	ck_assert(wvlv_cursor_read(a, c, "o1", k, 3));
	for (int i = 0; i < 3; i++)
		ck_assert_str_eq(k[i], KEYS[i]);
	/* every length of plain text (padding cases) */
	for (size_t len = 1; len < 8; len++) {
		char key[9] = "abcdefgh";
		key[len] = '\0';
		const char *one[] = { key };
		c = wvlv_cursor_make(a, "t", one, 1);
		ck_assert(wvlv_cursor_read(a, c, "t", k, 1));
		ck_assert_str_eq(k[0], key);
	}
	wvlv_arena_destroy(a);
}
END_TEST

START_TEST(other_text_is_refused)
{
	wvlv_arena *a = wvlv_arena_create();
	const char *c = wvlv_cursor_make(a, "o1", KEYS, 3);
	const char *k[3];
	ck_assert(!wvlv_cursor_read(a, c, "d1", k, 3));   /* another list's */
	ck_assert(!wvlv_cursor_read(a, c, "o", k, 3));    /* a prefix of the tag */
	ck_assert(!wvlv_cursor_read(a, c, "o1", k, 2));   /* more keys than asked */
	const char *two = wvlv_cursor_make(a, "o1", KEYS, 2);
	ck_assert(!wvlv_cursor_read(a, two, "o1", k, 3)); /* fewer */
	static const char *const bad[] = { "", "x", "a+b/", "YQ==", "!!!!", "bzF8fHw",
					   "bzE", "bzF8YQB8Yg" /* a NUL byte */ };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(!wvlv_cursor_read(a, bad[i], "o1", k, 1), "%s", bad[i]);
	ck_assert(!wvlv_cursor_read(a, NULL, "o1", k, 1));
	/* "t|ab" is "dHxhYg": a last character with its low bits set is text no
	 * encoder writes */
	char *t = wvlv_arena_strdup(a, wvlv_cursor_make(a, "t", (const char *const[]){ "ab" }, 1));
	ck_assert_str_eq(t, "dHxhYg");
	ck_assert(wvlv_cursor_read(a, t, "t", k, 1));
	t[strlen(t) - 1] = 'h';
	ck_assert(!wvlv_cursor_read(a, t, "t", k, 1));
	char *long_text = wvlv_arena_alloc(a, WVLV_CURSOR_MAX_LEN + 2);
	memset(long_text, 'A', WVLV_CURSOR_MAX_LEN + 1);
	long_text[WVLV_CURSOR_MAX_LEN + 1] = '\0';
	ck_assert(!wvlv_cursor_read(a, long_text, "o1", k, 1));
	wvlv_arena_destroy(a);
}
END_TEST

START_TEST(keys_that_cannot_be_told_apart_make_no_cursor)
{
	wvlv_arena *a = wvlv_arena_create();
	ck_assert_ptr_null(wvlv_cursor_make(a, "t", (const char *const[]){ "a|b" }, 1));
	ck_assert_ptr_null(wvlv_cursor_make(a, "t", (const char *const[]){ "" }, 1));
	ck_assert_ptr_null(wvlv_cursor_make(a, "t", (const char *const[]){ NULL }, 1));
	char *big = wvlv_arena_alloc(a, WVLV_CURSOR_MAX_LEN + 1);
	memset(big, '1', WVLV_CURSOR_MAX_LEN);
	big[WVLV_CURSOR_MAX_LEN] = '\0';
	ck_assert_ptr_null(wvlv_cursor_make(a, "t", (const char *const[]){ big }, 1));
	wvlv_arena_destroy(a);
}
END_TEST

static Suite *cursor_suite(void)
{
	Suite *s = suite_create("cursor");
	unit_add(s, "a_cursor_reads_back_as_its_keys", a_cursor_reads_back_as_its_keys);
	unit_add(s, "other_text_is_refused", other_text_is_refused);
	unit_add(s, "keys_that_cannot_be_told_apart_make_no_cursor",
		 keys_that_cannot_be_told_apart_make_no_cursor);
	return s;
}

int main(void)
{
	return unit_run(cursor_suite());
}
