/* test_cli_help.c — the numbers that `wvlv alerts --help` and `wvlv purge
 * --help` state but cannot take from a constant the server sees (the alert
 * thresholds and retention limits of lib/domain, the webhook limits private to
 * lib/app) are those of the code.  The numbers the server does see are written
 * from their constants (CLI_DIGITS); they are checked here too. */
#include "unit.h"
#include "webhook.h"
#include "wvlv/alerts.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The standard output of `wvlv <cmd> --help` (malloc'd). */
static char *help_of(const char *cmd)
{
	char line[256];
	snprintf(line, sizeof(line), "'%s' %s --help", WVLV_BINARY, cmd);
	FILE *p = popen(line, "r");
	ck_assert_ptr_nonnull(p);
	size_t cap = 16384, n = 0;
	char *text = malloc(cap);
	ck_assert_ptr_nonnull(text);
	size_t got;
	while ((got = fread(text + n, 1, cap - 1 - n, p)) > 0)
		n += got;
	text[n] = '\0';
	ck_assert_int_eq(pclose(p), 0);
	ck_assert_msg(n < cap - 1, "the help of %s is longer than the buffer", cmd);
	return text;
}

static void assert_says(const char *help, const char *text)
{
	ck_assert_msg(strstr(help, text), "the help does not say \"%s\":\n%s", text, help);
}

/* "(at 180, 90, 30, 7 and 0 days left)" from the thresholds of kind; the
 * first one written as "N" for the approaching kinds. */
static void thresholds_text(wvlv_alert_kind kind, int within, const char *first, char *out,
			    size_t len)
{
	int t[WVLV_ALERT_MAX_THRESHOLDS];
	size_t n = wvlv_alert_thresholds(kind, within, t);
	ck_assert_uint_ge(n, 2);
	size_t w = (size_t)snprintf(out, len, "(at ");
	for (size_t i = 0; i < n; i++) {
		const char *sep = i == 0 ? "" : i + 1 == n ? " and " : ", ";
		if (i == 0 && first)
			w += (size_t)snprintf(out + w, len - w, "%s%s", sep, first);
		else
			w += (size_t)snprintf(out + w, len - w, "%s%d", sep, t[i]);
	}
	snprintf(out + w, len - w, " days left)");
}

START_TEST(alerts_help_states_the_thresholds_and_limits)
{
	char *help = help_of("alerts");
	char want[160];
	/* a large N: every fixed threshold of the approaching kinds lies below it */
	thresholds_text(WVLV_ALERT_RESPONSE_APPROACHING, WVLV_ALERT_WITHIN_MAX, "N", want,
			sizeof(want));
	assert_says(help, want);
	thresholds_text(WVLV_ALERT_FILING_APPROACHING, WVLV_ALERT_WITHIN_MAX, "N", want,
			sizeof(want));
	assert_says(help, want);
	thresholds_text(WVLV_ALERT_DESIGNATION_ENDING, 0, NULL, want, sizeof(want));
	assert_says(help, want);
	snprintf(want, sizeof(want), "ends within %d\n", WVLV_ALERT_DESIGNATION_WINDOW);
	assert_says(help, want);
	snprintf(want, sizeof(want), "0 to %d (default %d)", WVLV_ALERT_WITHIN_MAX,
		 WVLV_ALERT_WITHIN_DEFAULT);
	assert_says(help, want);
	static const char *const count[] = { "no", "one", "two", "three", "four", "five" };
	ck_assert_int_lt(WEBHOOK_ATTEMPTS, 6);
	snprintf(want, sizeof(want), "%d s to connect, %d s per attempt, %s\n",
		 WEBHOOK_CONNECT_TIMEOUT_MS / 1000, WEBHOOK_TIMEOUT_MS / 1000,
		 count[WEBHOOK_ATTEMPTS]);
	assert_says(help, want);
	ck_assert_int_eq(WEBHOOK_CONNECT_TIMEOUT_MS % 1000, 0);
	ck_assert_int_eq(WEBHOOK_TIMEOUT_MS % 1000, 0);
	free(help);
}
END_TEST

START_TEST(purge_help_states_the_retention_limits)
{
	char *help = help_of("purge");
	char want[160];
	snprintf(want, sizeof(want), "DURATION   %s (the default)", WVLV_RETENTION_DEFAULT);
	assert_says(help, want);
	/* "at least 1 (at most 100y, 1200m, 36500d)": each bound accepted, one more not */
	static const struct { char unit; int max; } limit[] = { { 'y', 100 }, { 'm', 1200 },
								{ 'd', 36500 } };
	wvlv_retention r;
	for (size_t i = 0; i < sizeof(limit) / sizeof(limit[0]); i++) {
		char s[16];
		snprintf(s, sizeof(s), "1%c", limit[i].unit);
		ck_assert_msg(wvlv_retention_parse(s, &r), "%s", s);
		snprintf(s, sizeof(s), "0%c", limit[i].unit);
		ck_assert_msg(!wvlv_retention_parse(s, &r), "%s", s);
		snprintf(s, sizeof(s), "%d%c", limit[i].max, limit[i].unit);
		ck_assert_msg(wvlv_retention_parse(s, &r), "%s", s);
		snprintf(s, sizeof(s), "%d%c", limit[i].max + 1, limit[i].unit);
		ck_assert_msg(!wvlv_retention_parse(s, &r), "%s", s);
	}
	snprintf(want, sizeof(want), "at least 1 (at most %d%c, %d%c, %d%c)", limit[0].max,
		 limit[0].unit, limit[1].max, limit[1].unit, limit[2].max, limit[2].unit);
	assert_says(help, want);
	free(help);
}
END_TEST

static Suite *cli_help_suite(void)
{
	Suite *s = suite_create("cli help");
	unit_add(s, "alerts_help_states_the_thresholds_and_limits",
		 alerts_help_states_the_thresholds_and_limits);
	unit_add(s, "purge_help_states_the_retention_limits", purge_help_states_the_retention_limits);
	return s;
}

int main(void)
{
	return unit_run(cli_help_suite());
}
