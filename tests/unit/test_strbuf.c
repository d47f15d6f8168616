/* test_strbuf.c — unit tests of lib/base/strbuf.c: appending bytes,
 * strings, formatted text and JSON values, growth to several megabytes,
 * handing the text over, and the sticky failure.  Leaks show under the
 * sanitizer build: every buffer here is freed by its arena or by the test
 * after a take. */
#include "wvlv/strbuf.h"
#include "unit.h"

#include <check.h>
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

START_TEST(test_empty)
{
	wvlv_arena *a = wvlv_arena_create();
	wvlv_strbuf *sb = wvlv_strbuf_new(a);
	ck_assert_str_eq(wvlv_strbuf_text(sb), "");
	ck_assert_uint_eq(wvlv_strbuf_len(sb), 0);
	ck_assert(!wvlv_strbuf_failed(sb));
	wvlv_strbuf_append(sb, NULL, 0);
	wvlv_strbuf_append_str(sb, "");
	ck_assert_str_eq(wvlv_strbuf_text(sb), "");
	ck_assert_uint_eq(wvlv_strbuf_len(sb), 0);
	wvlv_arena_destroy(a);
}
END_TEST

START_TEST(test_append)
{
	wvlv_arena *a = wvlv_arena_create();
	wvlv_strbuf *sb = wvlv_strbuf_new(a);
	wvlv_strbuf_append_str(sb, "SELECT ");
	wvlv_strbuf_append(sb, "count(*)xyz", 8);
	wvlv_strbuf_appendf(sb, " FROM t WHERE a = $%d AND b = '%s'", 1, "x");
	ck_assert_str_eq(wvlv_strbuf_text(sb), "SELECT count(*) FROM t WHERE a = $1 AND b = 'x'");
	ck_assert_uint_eq(wvlv_strbuf_len(sb), strlen(wvlv_strbuf_text(sb)));
	ck_assert(!wvlv_strbuf_failed(sb));
	wvlv_arena_destroy(a);
}
END_TEST

/* Bytes are bytes: a NUL in the middle is kept and counted. */
START_TEST(test_embedded_nul)
{
	wvlv_arena *a = wvlv_arena_create();
	wvlv_strbuf *sb = wvlv_strbuf_new(a);
	wvlv_strbuf_append(sb, "a\0b", 3);
	ck_assert_uint_eq(wvlv_strbuf_len(sb), 3);
	ck_assert_int_eq(memcmp(wvlv_strbuf_text(sb), "a\0b", 4), 0);
	wvlv_arena_destroy(a);
}
END_TEST

/* A formatted append longer than the room left: formatted again after the
 * buffer grew, never cut. */
START_TEST(test_appendf_grows)
{
	wvlv_arena *a = wvlv_arena_create();
	wvlv_strbuf *sb = wvlv_strbuf_new(a);
	char big[5000];
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	wvlv_strbuf_append_str(sb, "<");
	wvlv_strbuf_appendf(sb, "%s|%d", big, 42);
	wvlv_strbuf_appendf(sb, ">");
	ck_assert_uint_eq(wvlv_strbuf_len(sb), 1 + 4999 + 3 + 1);
	const char *t = wvlv_strbuf_text(sb);
	ck_assert_int_eq(t[0], '<');
	ck_assert_int_eq(memcmp(t + 1, big, 4999), 0);
	ck_assert_str_eq(t + 5000, "|42>");
	wvlv_arena_destroy(a);
}
END_TEST

/* A body of several megabytes, appended in pieces as a response body is. */
START_TEST(test_large)
{
	wvlv_arena *a = wvlv_arena_create();
	wvlv_strbuf *sb = wvlv_strbuf_new(a);
	char piece[1000];
	size_t total = 0;
	for (int i = 0; i < 8000; i++) {
		memset(piece, 'a' + i % 26, sizeof(piece));
		wvlv_strbuf_append(sb, piece, sizeof(piece));
		total += sizeof(piece);
	}
	ck_assert_uint_eq(wvlv_strbuf_len(sb), total);
	const char *t = wvlv_strbuf_text(sb);
	for (int i = 0; i < 8000; i++)
		if (t[(size_t)i * 1000] != 'a' + i % 26 || t[(size_t)i * 1000 + 999] != 'a' + i % 26)
			ck_abort_msg("piece %d is wrong", i);
	ck_assert_int_eq(t[total], '\0');
	wvlv_arena_destroy(a);
}
END_TEST

/* The taken block is the caller's (freed here with free()), outlives the
 * arena, and leaves the buffer empty and usable. */
START_TEST(test_take)
{
	wvlv_arena *a = wvlv_arena_create();
	wvlv_strbuf *sb = wvlv_strbuf_new(a);
	wvlv_strbuf_append_str(sb, "{\"type\":\"FeatureCollection\"}");
	size_t len = 0;
	char *body = wvlv_strbuf_take(sb, &len);
	ck_assert_ptr_nonnull(body);
	ck_assert_uint_eq(len, 28);
	ck_assert_str_eq(wvlv_strbuf_text(sb), "");
	ck_assert_uint_eq(wvlv_strbuf_len(sb), 0);
	wvlv_strbuf_append_str(sb, "again");
	ck_assert_str_eq(wvlv_strbuf_text(sb), "again");
	wvlv_arena_destroy(a);
	ck_assert_str_eq(body, "{\"type\":\"FeatureCollection\"}");
	free(body);
}
END_TEST

START_TEST(test_take_empty)
{
	wvlv_arena *a = wvlv_arena_create();
	wvlv_strbuf *sb = wvlv_strbuf_new(a);
	size_t len = 7;
	char *body = wvlv_strbuf_take(sb, &len);
	ck_assert_ptr_nonnull(body);
	ck_assert_str_eq(body, "");
	ck_assert_uint_eq(len, 0);
	free(body);
	body = wvlv_strbuf_take(sb, NULL);
	ck_assert_ptr_nonnull(body);
	free(body);
	wvlv_arena_destroy(a);
}
END_TEST

/* An append that cannot be had (here: more bytes than size_t counts) fails
 * the buffer for good: later appends do nothing, the text is what came
 * before, and take gives NULL and starts afresh. */
START_TEST(test_failure_is_sticky)
{
	wvlv_arena *a = wvlv_arena_create();
	wvlv_strbuf *sb = wvlv_strbuf_new(a);
	wvlv_strbuf_append_str(sb, "before");
	wvlv_strbuf_append(sb, "x", SIZE_MAX - 2);
	ck_assert(wvlv_strbuf_failed(sb));
	wvlv_strbuf_append_str(sb, " after");
	wvlv_strbuf_appendf(sb, " %d", 1);
	ck_assert(wvlv_strbuf_failed(sb));
	ck_assert_str_eq(wvlv_strbuf_text(sb), "before");
	ck_assert_uint_eq(wvlv_strbuf_len(sb), 6);
	size_t len = 7;
	ck_assert_ptr_null(wvlv_strbuf_take(sb, &len));
	ck_assert_uint_eq(len, 0);
	ck_assert(!wvlv_strbuf_failed(sb));
	wvlv_strbuf_append_str(sb, "fresh");
	ck_assert_str_eq(wvlv_strbuf_text(sb), "fresh");
	wvlv_arena_destroy(a);
}
END_TEST

/* Several buffers on one arena, each freed with it. */
START_TEST(test_many_on_one_arena)
{
	wvlv_arena *a = wvlv_arena_create();
	wvlv_strbuf *b[20];
	for (int i = 0; i < 20; i++) {
		b[i] = wvlv_strbuf_new(a);
		for (int j = 0; j <= i * 50; j++)
			wvlv_strbuf_appendf(b[i], "%d,", j);
	}
	ck_assert(strncmp(wvlv_strbuf_text(b[19]), "0,1,2,", 6) == 0);
	ck_assert_str_eq(wvlv_strbuf_text(b[0]), "0,");
	wvlv_arena_destroy(a);
}
END_TEST

/* A JSON value is written as json_dumps writes it, with the same flags. */
START_TEST(test_json)
{
	const size_t flags = JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY |
			     JSON_REAL_PRECISION(17);
	json_t *v = json_pack("{s:s, s:[i, f, b, n], s:{s:s}}", "zeta", "Grote Markt \"1\" é",
			      "list", 1, 0.1, 1, "nested", "href", "http://localhost/a?b=c&d");
	ck_assert_ptr_nonnull(v);
	json_t *s = json_string("scalar");
	wvlv_arena *a = wvlv_arena_create();
	wvlv_strbuf *sb = wvlv_strbuf_new(a);
	wvlv_strbuf_append_str(sb, "[");
	wvlv_strbuf_append_json(sb, v, flags);
	wvlv_strbuf_append_str(sb, ",");
	wvlv_strbuf_append_json(sb, s, flags);
	wvlv_strbuf_append_str(sb, "]");
	char *dv = json_dumps(v, flags), *ds = json_dumps(s, flags);
	char want[512];
	snprintf(want, sizeof(want), "[%s,%s]", dv, ds);
	ck_assert_str_eq(wvlv_strbuf_text(sb), want);
	ck_assert(!wvlv_strbuf_failed(sb));
	free(dv);
	free(ds);
	json_decref(v);
	json_decref(s);
	wvlv_arena_destroy(a);
}
END_TEST

/* No value (a json_pack that failed) fails the buffer. */
START_TEST(test_json_null_fails)
{
	wvlv_arena *a = wvlv_arena_create();
	wvlv_strbuf *sb = wvlv_strbuf_new(a);
	wvlv_strbuf_append_str(sb, "{\"links\":");
	wvlv_strbuf_append_json(sb, NULL, JSON_COMPACT);
	ck_assert(wvlv_strbuf_failed(sb));
	ck_assert_str_eq(wvlv_strbuf_text(sb), "{\"links\":");
	wvlv_arena_destroy(a);
}
END_TEST

static Suite *strbuf_suite(void)
{
	Suite *s = suite_create("strbuf");
	unit_add(s, "empty", test_empty);
	unit_add(s, "append", test_append);
	unit_add(s, "embedded_nul", test_embedded_nul);
	unit_add(s, "appendf_grows", test_appendf_grows);
	unit_add(s, "large", test_large);
	unit_add(s, "take", test_take);
	unit_add(s, "take_empty", test_take_empty);
	unit_add(s, "failure_is_sticky", test_failure_is_sticky);
	unit_add(s, "many_on_one_arena", test_many_on_one_arena);
	unit_add(s, "json", test_json);
	unit_add(s, "json_null_fails", test_json_null_fails);
	return s;
}

int main(void)
{
	return unit_run(strbuf_suite());
}
