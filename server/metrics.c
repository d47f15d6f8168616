/* metrics.c — request counters and the exposition (see metrics.h). */
#include "metrics.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "ogc_cache.h"
#include "wvlv/app_metrics.h"

#ifndef WVLV_GIT_COMMIT
#define WVLV_GIT_COMMIT "unknown"
#endif

/* Upper bounds of the latency buckets, in seconds (+Inf follows). */
static const double bucket_le[] = { 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10 };
#define NBUCKETS (sizeof(bucket_le) / sizeof(bucket_le[0]))
#define NSTATUS 600 /* 0 (no answer) and 100..599 */

/* The methods of requests that matched no route; anything else is "other". */
static const char *const unmatched_methods[] = { "GET", "HEAD", "POST", "PUT", "PATCH",
						 "DELETE", "OPTIONS", "other" };
#define NUNMATCHED (sizeof(unmatched_methods) / sizeof(unmatched_methods[0]))

typedef struct series {
	atomic_long by_status[NSTATUS];
	atomic_long bucket[NBUCKETS + 1];   /* not cumulative; the last is +Inf */
	atomic_llong sum_us;
} series;

/* Per route: [0] its method, [1] HEAD (GET routes); then the unmatched. */
static series *table;
static size_t nseries;
static atomic_long in_flight;
static atomic_long refused_full, refused_client;

bool metrics_init(void)
{
	nseries = http_nroutes * 2 + NUNMATCHED;
	table = calloc(nseries, sizeof(*table));
	return table != NULL;
}

void metrics_free(void)
{
	free(table);
	table = NULL;
}

void metrics_request_begin(void)
{
	atomic_fetch_add(&in_flight, 1);
}

static size_t series_of(const http_route *route, const char *method)
{
	bool head = method && strcmp(method, "HEAD") == 0;
	if (route)
		return (size_t)(route - http_routes) * 2 + (head ? 1 : 0);
	size_t m = 0;
	while (m + 1 < NUNMATCHED && (!method || strcmp(method, unmatched_methods[m]) != 0))
		m++;
	return http_nroutes * 2 + m;
}

void metrics_request_end(const http_route *route, const char *method, int status,
			 double seconds)
{
	atomic_fetch_sub(&in_flight, 1);
	if (!table)
		return;
	series *s = &table[series_of(route, method)];
	atomic_fetch_add(&s->by_status[status >= 100 && status < NSTATUS ? status : 0], 1);
	size_t b = 0;
	while (b < NBUCKETS && seconds > bucket_le[b])
		b++;
	atomic_fetch_add(&s->bucket[b], 1);
	atomic_fetch_add(&s->sum_us, (long long)(seconds * 1e6));
}

void metrics_refused(int status)
{
	atomic_fetch_add(status == 503 ? &refused_full : &refused_client, 1);
}

/* ---- the exposition ------------------------------------------------------------- */

static void head(wvlv_strbuf *o, const char *name, const char *type, const char *help)
{
	wvlv_strbuf_appendf(o, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* The labels of series i: route and method. */
static void series_labels(size_t i, const char **route, const char **method)
{
	if (i < http_nroutes * 2) {
		*route = http_routes[i / 2].pattern;
		*method = i % 2 ? "HEAD" : http_routes[i / 2].method;
	} else {
		*route = "(unmatched)";
		*method = unmatched_methods[i - http_nroutes * 2];
	}
}

static void render_requests(wvlv_strbuf *o)
{
	head(o, "wvlv_http_requests_total", "counter",
	     "HTTP requests answered, by route template, method and status.");
	for (size_t i = 0; table && i < nseries; i++) {
		const char *route, *method;
		series_labels(i, &route, &method);
		for (int st = 0; st < NSTATUS; st++) {
			long n = atomic_load(&table[i].by_status[st]);
			if (n)
				wvlv_strbuf_appendf(o, "wvlv_http_requests_total{route=\"%s\",method=\"%s\","
						    "status=\"%d\"} %ld\n", route, method, st, n);
		}
	}
	head(o, "wvlv_http_request_duration_seconds", "histogram",
	     "Time from the request head to the end of the answer, by route template and method.");
	for (size_t i = 0; table && i < nseries; i++) {
		long counts[NBUCKETS + 1], total = 0;
		for (size_t b = 0; b <= NBUCKETS; b++)
			total += counts[b] = atomic_load(&table[i].bucket[b]);
		if (!total)
			continue;
		const char *route, *method;
		series_labels(i, &route, &method);
		const char *lbl = "wvlv_http_request_duration_seconds";
		long cum = 0;
		for (size_t b = 0; b <= NBUCKETS; b++) {
			cum += counts[b];
			if (b < NBUCKETS)
				wvlv_strbuf_appendf(o, "%s_bucket{route=\"%s\",method=\"%s\",le=\"%g\"} %ld\n",
						    lbl, route, method, bucket_le[b], cum);
			else
				wvlv_strbuf_appendf(o, "%s_bucket{route=\"%s\",method=\"%s\",le=\"+Inf\"} %ld\n",
						    lbl, route, method, cum);
		}
		wvlv_strbuf_appendf(o, "%s_sum{route=\"%s\",method=\"%s\"} %.6f\n", lbl, route, method,
				    (double)atomic_load(&table[i].sum_us) / 1e6);
		wvlv_strbuf_appendf(o, "%s_count{route=\"%s\",method=\"%s\"} %ld\n", lbl, route, method,
				    cum);
	}
	head(o, "wvlv_http_requests_in_flight", "gauge", "HTTP requests being received or answered.");
	wvlv_strbuf_appendf(o, "wvlv_http_requests_in_flight %ld\n", atomic_load(&in_flight));
}

static void render_connections(wvlv_strbuf *o)
{
	head(o, "wvlv_http_connections_open", "gauge", "HTTP connections open now.");
	wvlv_strbuf_appendf(o, "wvlv_http_connections_open %d\n", limits_open());
	head(o, "wvlv_http_connections_refused_total", "counter",
	     "Connections over the limits: answered 503 (server_full) or 429 (client_limit), "
	     "or closed at once beyond the margin (closed).");
	wvlv_strbuf_appendf(o, "wvlv_http_connections_refused_total{reason=\"server_full\"} %ld\n"
			       "wvlv_http_connections_refused_total{reason=\"client_limit\"} %ld\n"
			       "wvlv_http_connections_refused_total{reason=\"closed\"} %ld\n",
			    atomic_load(&refused_full), atomic_load(&refused_client),
			    limits_refused());
}

static void render_pools(wvlv_strbuf *o, wvlv_app *app)
{
	wvlv_app_pool_counts c[2];
	wvlv_app_pool_counts_of(app, false, &c[0]);
	wvlv_app_pool_counts_of(app, true, &c[1]);
	static const char *const pool[2] = { "api", "ogc" };
	static const struct {
		const char *name, *type, *help;
	} m[] = {
		{ "wvlv_db_pool_size", "gauge", "Database connections the pool may hold." },
		{ "wvlv_db_pool_in_use", "gauge", "Database connections checked out now." },
		{ "wvlv_db_pool_open", "gauge", "Database connections open now (idle or in use)." },
		{ "wvlv_db_pool_waits_total", "counter",
		  "Checkouts that found no free connection and waited." },
		{ "wvlv_db_pool_timeouts_total", "counter",
		  "Checkouts that got no connection within WVLV_POOL_WAIT_MS (answered 503)." },
		{ "wvlv_db_round_trips_total", "counter",
		  "Round trips to PostgreSQL (one per pipeline Sync awaited) of connections given back." },
	};
	for (size_t k = 0; k < sizeof(m) / sizeof(m[0]); k++) {
		head(o, m[k].name, m[k].type, m[k].help);
		for (int p = 0; p < 2; p++) {
			long v = k == 0 ? c[p].size : k == 1 ? c[p].in_use : k == 2 ? c[p].open
			       : k == 3 ? c[p].waits : k == 4 ? c[p].timeouts : c[p].round_trips;
			wvlv_strbuf_appendf(o, "%s{pool=\"%s\"} %ld\n", m[k].name, pool[p], v);
		}
	}
}

static void render_cache(wvlv_strbuf *o)
{
	ogc_cache_counts c;
	ogc_cache_stats(&c);
	head(o, "wvlv_ogc_cache_hits_total", "counter", "OGC API responses served from the cache.");
	wvlv_strbuf_appendf(o, "wvlv_ogc_cache_hits_total %ld\n", c.hits);
	head(o, "wvlv_ogc_cache_misses_total", "counter",
	     "OGC API lookups that found no current response in the cache.");
	wvlv_strbuf_appendf(o, "wvlv_ogc_cache_misses_total %ld\n", c.misses);
	head(o, "wvlv_ogc_cache_bytes", "gauge", "Bytes of the responses in the cache.");
	wvlv_strbuf_appendf(o, "wvlv_ogc_cache_bytes %zu\n", c.bytes);
	head(o, "wvlv_ogc_cache_entries", "gauge", "Responses in the cache.");
	wvlv_strbuf_appendf(o, "wvlv_ogc_cache_entries %zu\n", c.entries);
	head(o, "wvlv_ogc_cache_limit_bytes", "gauge", "The cache's budget (WVLV_OGC_CACHE_MB).");
	wvlv_strbuf_appendf(o, "wvlv_ogc_cache_limit_bytes %zu\n", c.limit);
}

/* The nightly jobs' last runs, read from the database: nothing when it
 * cannot be read (wvlv_job_metrics_up 0). */
static void render_jobs(wvlv_strbuf *o, wvlv_app *app)
{
	wvlv_app_job_run runs[WVLV_APP_JOBS];
	size_t n = 0;
	wvlv_error err;
	wvlv_error_clear(&err);
	bool ok = wvlv_app_job_runs(app, 500, runs, &n, &err) == WVLV_OK;
	head(o, "wvlv_job_metrics_up", "gauge",
	     "1 when the jobs' last runs could be read from the database for this scrape.");
	wvlv_strbuf_appendf(o, "wvlv_job_metrics_up %d\n", ok ? 1 : 0);
	static const struct {
		const char *name, *type, *help;
	} m[] = {
		{ "wvlv_job_last_run_start_timestamp_seconds", "gauge", "When the last run started." },
		{ "wvlv_job_last_run_end_timestamp_seconds", "gauge", "When the last run ended." },
		{ "wvlv_job_last_run_success", "gauge",
		  "1 when the last run ran to its end without a failure." },
		{ "wvlv_job_last_run_items", "gauge",
		  "What the last run did: alerts reported (alerts), offers purged (purge)." },
		{ "wvlv_job_last_run_failures", "gauge",
		  "Failures of the last run: alert errors and failed webhook deliveries (alerts), "
		  "municipalities rolled back (purge)." },
		{ "wvlv_job_last_success_timestamp_seconds", "gauge",
		  "When the last run that succeeded ended (0: none yet)." },
		{ "wvlv_job_runs_total", "counter", "Runs recorded (dry runs are not)." },
	};
	for (size_t k = 0; k < sizeof(m) / sizeof(m[0]); k++) {
		head(o, m[k].name, m[k].type, m[k].help);
		for (size_t i = 0; ok && i < n; i++) {
			const wvlv_app_job_run *r = &runs[i];
			double v = k == 0 ? r->started_at : k == 1 ? r->finished_at
				 : k == 2 ? (r->succeeded ? 1 : 0) : k == 3 ? (double)r->items
				 : k == 4 ? (double)r->failures : k == 5 ? r->last_success_at
				 : (double)r->runs;
			wvlv_strbuf_appendf(o, "%s{task=\"%s\"} %.3f\n", m[k].name, r->job, v);
		}
	}
}


void metrics_render(wvlv_strbuf *o, http_server *srv)
{
	head(o, "wvlv_build_info", "gauge", "The version and git commit of this binary (value 1).");
	wvlv_strbuf_appendf(o, "wvlv_build_info{version=\"%s\",commit=\"%s\"} 1\n",
			    WVLV_API_VERSION, WVLV_GIT_COMMIT);
	render_requests(o);
	render_connections(o);
	render_pools(o, srv->app);
	render_cache(o);
	render_jobs(o, srv->app);
	metrics_process(o);
}

wvlv_status handle_metrics(http_req *req, wvlv_error *err)
{
	if (req->srv->cfg->metrics_listen)
		return wvlv_error_set(err, WVLV_ENOTFOUND, "not-found",
				      "There is no resource at this path.");
	wvlv_strbuf *o = wvlv_strbuf_new(req->arena);
	metrics_render(o, req->srv);
	if (wvlv_strbuf_failed(o))
		return wvlv_error_set(err, WVLV_ENOMEM, "out-of-memory", "The server is out of memory.");
	http_add_header(req, "Cache-Control", "no-store");
	http_reply_bytes(req, 200, METRICS_CONTENT_TYPE, wvlv_strbuf_text(o), wvlv_strbuf_len(o));
	return WVLV_OK;
}
