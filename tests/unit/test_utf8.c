/* test_utf8.c — unit tests of lib/base/utf8.c (text from outside as a JSON
 * string, U+FFFD for each byte that is not part of valid UTF-8) and of the
 * log lines that use it: a request path with a byte that is not UTF-8 is
 * still logged. */
#include "wvlv/log.h"
#include "wvlv/utf8.h"
#include "unit.h"

#include <check.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define FFFD "\xEF\xBF\xBD"

/* wvlv_json_textn(in) as the bytes of the JSON string. */
static void expect_text(const char *in, size_t n, const char *want)
{
	json_t *j = wvlv_json_textn(in, n);
	ck_assert_ptr_nonnull(j);
	ck_assert_uint_eq(json_string_length(j), strlen(want));
	ck_assert_mem_eq(json_string_value(j), want, strlen(want));
	json_decref(j);
}

START_TEST(valid_text_is_kept)
{
	expect_text("", 0, "");
	expect_text("/api/v1/designations", 20, "/api/v1/designations");
	expect_text("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x8F\xA0", 14,
		    "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x8F\xA0");
	expect_text("\xF4\x8F\xBF\xBF", 4, "\xF4\x8F\xBF\xBF"); /* U+10FFFF, the last */
}
END_TEST

START_TEST(each_bad_byte_is_fffd)
{
	expect_text("/\xFF", 2, "/" FFFD);
	expect_text("a\xC3", 2, "a" FFFD);                    /* cut before its end */
	expect_text("\xC3(", 2, FFFD "(");                    /* no continuation byte */
	expect_text("\x80x", 2, FFFD "x");                    /* a lone continuation byte */
	expect_text("\xC0\xAF", 2, FFFD FFFD);                /* overlong '/' */
	expect_text("\xE0\x80\xAF", 3, FFFD FFFD FFFD);       /* overlong, three bytes */
	expect_text("\xED\xA0\x80", 3, FFFD FFFD FFFD);       /* a surrogate, U+D800 */
	expect_text("\xF4\x90\x80\x80", 4, FFFD FFFD FFFD FFFD); /* past U+10FFFF */
	expect_text("\xC3\xA9\xFF\xC3\xA9", 5, "\xC3\xA9" FFFD "\xC3\xA9");
}
END_TEST

/* n bytes only: what follows them is not read. */
START_TEST(length_bounds_the_text)
{
	expect_text("ab\xFF", 2, "ab");
	expect_text("\xC3\xA9", 1, FFFD);
}
END_TEST

START_TEST(nul_terminated_and_null)
{
	json_t *j = wvlv_json_text("/%\xFF");
	ck_assert_str_eq(json_string_value(j), "/%" FFFD);
	json_decref(j);
	j = wvlv_json_text(NULL);
	ck_assert_str_eq(json_string_value(j), "");
	json_decref(j);
}
END_TEST

/* The check the server makes on query parameters and Idempotency-Key. */
START_TEST(valid_is_the_same_rule_and_refuses_nul)
{
	ck_assert(wvlv_utf8_valid("", 0));
	ck_assert(wvlv_utf8_valid("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x8F\xA0", 14));
	ck_assert(wvlv_utf8_valid("\xF4\x8F\xBF\xBF", 4));
	ck_assert(wvlv_utf8_valid("ab\xFF", 2)); /* n bytes only */
	ck_assert(!wvlv_utf8_valid("GM\xFF" "05", 5));
	ck_assert(!wvlv_utf8_valid("a\xC3", 2));
	ck_assert(!wvlv_utf8_valid("\xC0\xAF", 2));
	ck_assert(!wvlv_utf8_valid("\xED\xA0\x80", 3));
	ck_assert(!wvlv_utf8_valid("\xF4\x90\x80\x80", 4));
	ck_assert(!wvlv_utf8_valid("a\0b", 3));
}
END_TEST

/* What the log writes on stderr while fn runs, NUL-terminated. */
static void capture_stderr(void (*fn)(void), char *out, size_t size)
{
	FILE *tmp = tmpfile();
	ck_assert_ptr_nonnull(tmp);
	int saved = dup(STDERR_FILENO);
	ck_assert_int_ge(saved, 0);
	ck_assert_int_ge(dup2(fileno(tmp), STDERR_FILENO), 0);
	fn();
	ck_assert_int_ge(dup2(saved, STDERR_FILENO), 0);
	close(saved);
	rewind(tmp);
	size_t n = fread(out, 1, size - 1, tmp);
	out[n] = '\0';
	fclose(tmp);
}

static void log_bad_path(void)
{
	wvlv_log_access(&(wvlv_access_entry){ .request_id = "r1", .method = "GET",
					      .path = "/api/v1/designations/\xFF", .status = 400,
					      .ms = 1.5, .user_agent = "curl\xC3" });
}

static void log_bad_message(void)
{
	wvlv_log(WVLV_LOG_WARN, "cannot read %s", "caf\xC3");
}

/* The line is written, and is JSON with the bad byte as U+FFFD. */
static json_t *one_line(const char *text)
{
	ck_assert_msg(text[0] != '\0', "nothing was logged");
	ck_assert_ptr_nonnull(strchr(text, '\n'));
	ck_assert_ptr_null(strchr(strchr(text, '\n') + 1, '\n'));
	json_error_t e;
	json_t *line = json_loads(text, 0, &e);
	ck_assert_msg(line != NULL, "not JSON: %s (%s)", text, e.text);
	return line;
}

START_TEST(request_with_a_bad_path_is_logged)
{
	char text[1024];
	capture_stderr(log_bad_path, text, sizeof(text));
	json_t *line = one_line(text);
	ck_assert_str_eq(json_string_value(json_object_get(line, "path")),
			 "/api/v1/designations/" FFFD);
	ck_assert_int_eq(json_integer_value(json_object_get(line, "status")), 400);
	ck_assert_str_eq(json_string_value(json_object_get(line, "userAgent")), "curl" FFFD);
	ck_assert(json_is_null(json_object_get(line, "route")));
	ck_assert_ptr_null(json_object_get(line, "token")); /* not sent: left out */
	json_decref(line);
}
END_TEST

static void log_plain_warning(void)
{
	wvlv_log_plain("keys");
	wvlv_log_fields(WVLV_LOG_WARN, json_pack("{s:s, s:s}", "msg", "slow", "sqlstate", "57014"));
}

/* A CLI command at a terminal writes plain text, not JSON (server/main.c). */
START_TEST(a_command_at_a_terminal_logs_plain_text)
{
	char text[1024];
	capture_stderr(log_plain_warning, text, sizeof(text));
	ck_assert_str_eq(text, "wvlv keys: warning: slow (sqlstate 57014)\n");
}
END_TEST

START_TEST(message_with_a_bad_byte_is_logged)
{
	char text[1024];
	capture_stderr(log_bad_message, text, sizeof(text));
	json_t *line = one_line(text);
	ck_assert_str_eq(json_string_value(json_object_get(line, "msg")), "cannot read caf" FFFD);
	ck_assert_str_eq(json_string_value(json_object_get(line, "level")), "warn");
	json_decref(line);
}
END_TEST

static Suite *utf8_suite(void)
{
	Suite *s = suite_create("utf8");
	unit_add(s, "valid_text_is_kept", valid_text_is_kept);
	unit_add(s, "each_bad_byte_is_fffd", each_bad_byte_is_fffd);
	unit_add(s, "length_bounds_the_text", length_bounds_the_text);
	unit_add(s, "nul_terminated_and_null", nul_terminated_and_null);
	unit_add(s, "valid_is_the_same_rule_and_refuses_nul", valid_is_the_same_rule_and_refuses_nul);
	unit_add(s, "request_with_a_bad_path_is_logged", request_with_a_bad_path_is_logged);
	unit_add(s, "message_with_a_bad_byte_is_logged", message_with_a_bad_byte_is_logged);
	unit_add(s, "a_command_at_a_terminal_logs_plain_text", a_command_at_a_terminal_logs_plain_text);
	return s;
}

int main(void)
{
	return unit_run(utf8_suite());
}
