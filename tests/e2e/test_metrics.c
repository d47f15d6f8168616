/* test_metrics.c — GET /metrics (issue 13, point 2; docs/metrics.md): real
 * requests, then a scrape whose values are asserted, and `promtool check
 * metrics` on it.  Two servers on one database: `plain` serves /metrics on
 * its own port; `apart` has WVLV_METRICS_LISTEN, so /metrics is only there. */
#include <arpa/inet.h>
#include <check.h>
#include <curl/curl.h>
#include <math.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "e2e_helpers.h"
#include "http_client.h"
#include "server_proc.h"
#include "testdb.h"

static tserver plain, apart;
static const char *conninfo;
static char metrics_base[64]; /* http://127.0.0.1:PORT of apart's WVLV_METRICS_LISTEN */

#define ITEM_ROUTE "/ogc/v1/collections/designations/items/{id}"

static char *scrape(const char *base)
{
	tresp *r = t_request(base, "GET", "/metrics", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert_ptr_nonnull(t_header(r, "Content-Type"));
	ck_assert_ptr_nonnull(strstr(t_header(r, "Content-Type"), "text/plain; version=0.0.4"));
	char *text = strdup(r->body);
	t_free(r);
	return text;
}

/* The value of the sample `series` (name with its labels, exactly as
 * exposed); 0 when it is not there (a counter not yet counted). */
static double sample(const char *text, const char *series)
{
	size_t n = strlen(series);
	for (const char *p = text; (p = strstr(p, series)); p += n)
		if ((p == text || p[-1] == '\n') && p[n] == ' ')
			return strtod(p + n + 1, NULL);
	return 0;
}

static bool has_series(const char *text, const char *series)
{
	size_t n = strlen(series);
	for (const char *p = text; (p = strstr(p, series)); p += n)
		if ((p == text || p[-1] == '\n') && p[n] == ' ')
			return true;
	return false;
}

/* A scrape in which series has reached at least want: a request is counted
 * when libmicrohttpd reports it complete, just after its answer went out, so
 * a scrape right after the answer may come first.  Up to 3 s. */
static char *scrape_until(const char *base, const char *series, double want)
{
	char *text = scrape(base);
	for (int i = 0; i < 60 && sample(text, series) < want; i++) {
		usleep(50 * 1000);
		free(text);
		text = scrape(base);
	}
	return text;
}

static double item_sample(const char *text, const char *suffix_labels)
{
	char s[256];
	snprintf(s, sizeof(s), "%s", suffix_labels);
	return sample(text, s);
}

START_TEST(requests_are_counted_by_route_template)
{
	char *before = scrape(plain.base);
	enum { N = 5 };
	char ids[N][64];
	long status = 0;
	for (int i = 0; i < N; i++) {
		snprintf(ids[i], sizeof(ids[i]), "7d1c9a40-0000-4000-8000-00000000%04d", 1000 + i);
		char path[128];
		snprintf(path, sizeof(path), "/ogc/v1/collections/designations/items/%s", ids[i]);
		tresp *r = t_request(plain.base, "GET", path, NULL, NULL);
		ck_assert(i == 0 || r->status == status);
		status = r->status;
		t_free(r);
	}
	ck_assert_int_eq(status, 404);
	const char *req = "wvlv_http_requests_total{route=\"" ITEM_ROUTE "\",method=\"GET\",status=\"404\"}";
	char *after = scrape_until(plain.base, req, sample(before, req) + N);
	ck_assert_int_eq((long)(sample(after, req) - sample(before, req)), N);
	const char *cnt = "wvlv_http_request_duration_seconds_count{route=\"" ITEM_ROUTE "\",method=\"GET\"}";
	ck_assert_int_eq((long)(sample(after, cnt) - sample(before, cnt)), N);
	/* the buckets never fall, and +Inf is the count */
	static const char *const le[] = { "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5",
					  "1", "2.5", "5", "10", "+Inf" };
	double prev = 0;
	for (size_t i = 0; i < sizeof(le) / sizeof(le[0]); i++) {
		char b[256];
		snprintf(b, sizeof(b), "wvlv_http_request_duration_seconds_bucket{route=\"%s\","
				       "method=\"GET\",le=\"%s\"}", ITEM_ROUTE, le[i]);
		ck_assert_msg(has_series(after, b), "no %s", b);
		double v = item_sample(after, b);
		ck_assert_msg(v >= prev, "%s is %g, below the bucket before (%g)", b, v, prev);
		prev = v;
	}
	ck_assert_double_eq(prev, sample(after, cnt));
	/* bounded labels: never a raw path */
	for (int i = 0; i < N; i++)
		ck_assert_msg(!strstr(after, ids[i]), "raw path %s in a label", ids[i]);
	/* the scrape itself was counted by the time of the next one */
	ck_assert_int_ge((long)sample(after, "wvlv_http_requests_total{route=\"/metrics\","
					    "method=\"GET\",status=\"200\"}"), 1);
	ck_assert_int_ge((long)sample(after, "wvlv_http_requests_in_flight"), 1);
	free(before);
	free(after);
}
END_TEST

START_TEST(unmatched_paths_share_one_label)
{
	char *before = scrape(plain.base);
	for (int i = 0; i < 3; i++) {
		char path[64];
		snprintf(path, sizeof(path), "/no/such/path/%d", i);
		tresp *r = t_request(plain.base, "GET", path, NULL, NULL);
		ck_assert_int_eq(r->status, 404);
		t_free(r);
	}
	tresp *r = t_request(plain.base, "BREW", "/coffee", NULL, NULL);
	t_free(r);
	const char *s = "wvlv_http_requests_total{route=\"(unmatched)\",method=\"GET\",status=\"404\"}";
	char *after = scrape_until(plain.base, s, sample(before, s) + 3);
	ck_assert_int_eq((long)(sample(after, s) - sample(before, s)), 3);
	free(after);
	/* the BREW is counted after its answer: wait for it too */
	const char *other = "wvlv_http_request_duration_seconds_count{route=\"(unmatched)\","
			    "method=\"other\"}";
	after = scrape_until(plain.base, other, sample(before, other) + 1);
	ck_assert(!strstr(after, "/no/such/path") && !strstr(after, "BREW"));
	ck_assert(has_series(after, other));
	free(before);
	free(after);
}
END_TEST

START_TEST(pools_cache_process_and_build_are_shown)
{
	tresp *r = t_request(plain.base, "GET", "/ogc/v1/collections/designations/items?limit=1",
			     NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	t_free(r);
	char *before = scrape(plain.base);
	r = t_request(plain.base, "GET", "/ogc/v1/collections/designations/items?limit=1", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	t_free(r);
	char *text = scrape_until(plain.base, "wvlv_ogc_cache_hits_total",
				  sample(before, "wvlv_ogc_cache_hits_total") + 1);
	ck_assert_int_eq((long)(sample(text, "wvlv_ogc_cache_hits_total") -
				sample(before, "wvlv_ogc_cache_hits_total")), 1);
	ck_assert_int_ge((long)sample(text, "wvlv_ogc_cache_misses_total"), 1);
	ck_assert_double_gt(sample(text, "wvlv_ogc_cache_bytes"), 0);
	ck_assert_double_eq(sample(text, "wvlv_ogc_cache_limit_bytes"), 64.0 * 1024 * 1024);
	/* tserver_start's WVLV_THREADS=4 */
	ck_assert_double_eq(sample(text, "wvlv_db_pool_size{pool=\"api\"}"), 4);
	ck_assert_double_eq(sample(text, "wvlv_db_pool_size{pool=\"ogc\"}"), 4);
	ck_assert_double_ge(sample(text, "wvlv_db_pool_open{pool=\"ogc\"}"), 1);
	ck_assert_double_eq(sample(text, "wvlv_db_pool_in_use{pool=\"ogc\"}"), 0);
	ck_assert(has_series(text, "wvlv_db_pool_waits_total{pool=\"api\"}"));
	double rss = sample(text, "process_resident_memory_bytes");
	ck_assert_msg(rss > 1e6 && rss < 4e9, "RSS %g", rss);
	ck_assert_double_gt(sample(text, "process_open_fds"), 3);
	ck_assert(has_series(text, "process_cpu_seconds_total"));
	double start = sample(text, "process_start_time_seconds");
	ck_assert_msg(fabs(start - (double)time(NULL)) < 600, "start time %f", start);
	ck_assert_ptr_nonnull(strstr(text, "\nwvlv_build_info{version=\"" WVLV_API_VERSION "\",commit=\""));
	ck_assert(has_series(text, "wvlv_http_connections_refused_total{reason=\"client_limit\"}"));
	free(before);
	free(text);
}
END_TEST

START_TEST(promtool_accepts_the_scrape)
{
	if (system("command -v promtool >/dev/null 2>&1") != 0) {
		fprintf(stderr, "SKIPPED promtool_accepts_the_scrape: promtool is not installed "
				"(Debian package prometheus; bash scripts/deps.sh --test installs it)\n");
		return;
	}
	tresp *r = t_request(plain.base, "GET", "/healthz", NULL, NULL);
	t_free(r);
	char *text = scrape(plain.base);
	char path[] = "/tmp/wvlv-metrics-XXXXXX";
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "promtool check metrics < %s 2>&1", path);
	FILE *p = popen(cmd, "r");
	char out[4096] = "";
	size_t n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = '\0';
	int st = pclose(p);
	unlink(path);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "promtool: %s", out);
	ck_assert_msg(n == 0, "promtool found problems: %s", out);
	free(text);
}
END_TEST

START_TEST(the_nightly_jobs_last_runs_come_from_the_database)
{
	char *before = scrape(plain.base);
	ck_assert_double_eq(sample(before, "wvlv_job_metrics_up"), 1);
	double runs0 = sample(before, "wvlv_job_runs_total{task=\"purge\"}");
	trun_out r = trun("purge", "--database-url", conninfo, NULL);
	ck_assert_msg(r.status == 0, "purge: %s", r.err);
	trun_free(&r);
	r = trun("purge", "--database-url", conninfo, "--dry-run", NULL); /* not recorded */
	ck_assert_int_eq(r.status, 0);
	trun_free(&r);
	r = trun("alerts", "--database-url", conninfo, NULL);
	ck_assert_msg(r.status == 0, "alerts: %s", r.err);
	trun_free(&r);
	char *text = scrape(plain.base);
	double now = (double)time(NULL);
	ck_assert_double_eq(sample(text, "wvlv_job_runs_total{task=\"purge\"}"), runs0 + 1);
	ck_assert_double_ge(sample(text, "wvlv_job_runs_total{task=\"alerts\"}"), 1);
	const char *const jobs[] = { "alerts", "purge" };
	for (int i = 0; i < 2; i++) {
		char s[128];
		snprintf(s, sizeof(s), "wvlv_job_last_run_success{task=\"%s\"}", jobs[i]);
		ck_assert_double_eq(sample(text, s), 1);
		snprintf(s, sizeof(s), "wvlv_job_last_run_failures{task=\"%s\"}", jobs[i]);
		ck_assert(has_series(text, s));
		ck_assert_double_eq(sample(text, s), 0);
		snprintf(s, sizeof(s), "wvlv_job_last_run_end_timestamp_seconds{task=\"%s\"}", jobs[i]);
		ck_assert_msg(fabs(sample(text, s) - now) < 120, "%s %f, now %f", s, sample(text, s), now);
		snprintf(s, sizeof(s), "wvlv_job_last_success_timestamp_seconds{task=\"%s\"}", jobs[i]);
		ck_assert_msg(fabs(sample(text, s) - now) < 120, "%s", s);
	}
	/* the database's row, as the jobs wrote it */
	ck_assert_int_eq(eh_pg_long(eh_db(), "SELECT count(*) FROM job_run", NULL), 2);
	free(before);
	free(text);
}
END_TEST

START_TEST(metrics_listen_serves_metrics_apart_and_only_there)
{
	tresp *r = t_request(apart.base, "GET", "/metrics", NULL, NULL);
	ck_assert_int_eq(r->status, 404);
	t_free(r);
	r = t_request(apart.base, "GET", "/healthz", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	t_free(r);
	char *text = scrape_until(metrics_base, "wvlv_http_requests_total{route=\"/healthz\","
						"method=\"GET\",status=\"200\"}", 2);
	ck_assert_ptr_nonnull(strstr(text, "wvlv_build_info{"));
	ck_assert_int_eq((long)sample(text, "wvlv_http_requests_total{route=\"/healthz\","
					   "method=\"GET\",status=\"200\"}"), 2); /* start, then ours */
	ck_assert_int_eq((long)sample(text, "wvlv_http_requests_total{route=\"/metrics\","
					   "method=\"GET\",status=\"404\"}"), 1);
	free(text);
	r = t_request(metrics_base, "GET", "/api/v1/openapi.json", NULL, NULL);
	ck_assert_int_eq(r->status, 404);
	t_free(r);
}
END_TEST

int main(void)
{
	curl_global_init(CURL_GLOBAL_ALL);
	conninfo = testdb_create("metrics");
	eh_init(conninfo);
	tserver_start(&plain, conninfo, NULL);
	int port = tserver_free_port();
	static char env[64];
	snprintf(env, sizeof(env), "WVLV_METRICS_LISTEN=127.0.0.1:%d", port);
	snprintf(metrics_base, sizeof(metrics_base), "http://127.0.0.1:%d", port);
	const char *const apart_env[] = { env, NULL };
	tserver_start(&apart, conninfo, apart_env);

	Suite *s = suite_create("metrics");
	TCase *tc = tcase_create("metrics");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, requests_are_counted_by_route_template);
	tcase_add_test(tc, unmatched_paths_share_one_label);
	tcase_add_test(tc, pools_cache_process_and_build_are_shown);
	tcase_add_test(tc, promtool_accepts_the_scrape);
	tcase_add_test(tc, the_nightly_jobs_last_runs_come_from_the_database);
	tcase_add_test(tc, metrics_listen_serves_metrics_apart_and_only_there);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	failed += tserver_stop(&apart) != 0;
	failed += tserver_stop(&plain) != 0;
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
