/* metrics_listen.c — the process's own figures (/proc/self) and the listener
 * of WVLV_METRICS_LISTEN (see metrics.h). */
#include "metrics.h"

#include <dirent.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "listener.h"
#include "wvlv/log.h"

void metrics_process(wvlv_strbuf *o);

/* utime, stime and starttime (fields 14, 15, 22) of /proc/self/stat, in ticks. */
static bool proc_stat(unsigned long long *utime, unsigned long long *stime,
		      unsigned long long *start)
{
	char buf[1024];
	FILE *f = fopen("/proc/self/stat", "r");
	size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;
	if (f)
		fclose(f);
	buf[n] = '\0';
	char *p = strrchr(buf, ')'); /* the command may hold spaces */
	/* after ")": state is field 3; utime 14, stime 15, starttime 22 */
	return p && sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu %*d %*d "
				  "%*d %*d %*d %*d %llu", utime, stime, start) == 3;
}

static long long boot_time(void)
{
	char line[256];
	long long btime = 0;
	FILE *f = fopen("/proc/stat", "r");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "btime %lld", &btime) == 1)
			break;
	if (f)
		fclose(f);
	return btime;
}

static long open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	long n = 0;
	for (struct dirent *e; d && (e = readdir(d));)
		n += e->d_name[0] != '.';
	if (d)
		closedir(d);
	return d ? n - 1 : -1; /* not the directory's own descriptor */
}

void metrics_process(wvlv_strbuf *o)
{
	long page = sysconf(_SC_PAGESIZE), ticks = sysconf(_SC_CLK_TCK);
	unsigned long long vsize = 0, rss = 0, ut = 0, stt = 0, start = 0;
	FILE *f = fopen("/proc/self/statm", "r");
	if (!f || fscanf(f, "%llu %llu", &vsize, &rss) != 2)
		vsize = rss = 0;
	if (f)
		fclose(f);
	wvlv_strbuf_appendf(o, "# HELP process_resident_memory_bytes Resident memory size in bytes.\n"
			       "# TYPE process_resident_memory_bytes gauge\n"
			       "process_resident_memory_bytes %llu\n"
			       "# HELP process_virtual_memory_bytes Virtual memory size in bytes.\n"
			       "# TYPE process_virtual_memory_bytes gauge\n"
			       "process_virtual_memory_bytes %llu\n",
			    rss * (unsigned long long)page, vsize * (unsigned long long)page);
	if (proc_stat(&ut, &stt, &start) && ticks > 0)
		wvlv_strbuf_appendf(o, "# HELP process_cpu_seconds_total User and system CPU time "
				       "spent in seconds.\n# TYPE process_cpu_seconds_total counter\n"
				       "process_cpu_seconds_total %.2f\n"
				       "# HELP process_start_time_seconds Start time of the process "
				       "since the epoch in seconds.\n"
				       "# TYPE process_start_time_seconds gauge\n"
				       "process_start_time_seconds %.2f\n",
				    (double)(ut + stt) / (double)ticks,
				    (double)boot_time() + (double)start / (double)ticks);
	struct rlimit rl;
	long max = getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY
		   ? (long)rl.rlim_cur : -1;
	wvlv_strbuf_appendf(o, "# HELP process_open_fds Number of open file descriptors.\n"
			       "# TYPE process_open_fds gauge\nprocess_open_fds %ld\n"
			       "# HELP process_max_fds Maximum number of open file descriptors.\n"
			       "# TYPE process_max_fds gauge\nprocess_max_fds %ld\n",
			    open_fds(), max);
}

/* ---- the listener of WVLV_METRICS_LISTEN ------------------------------------------ */

static struct MHD_Daemon *daemon_;

static enum MHD_Result answer(void *cls, struct MHD_Connection *conn, const char *url,
			      const char *method, const char *version, const char *upload_data,
			      size_t *upload_data_size, void **req_cls)
{
	(void)version;
	(void)upload_data;
	(void)upload_data_size;
	(void)req_cls;
	http_server *srv = cls;
	bool get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
	int status = !strcmp(url, "/metrics") ? (get ? 200 : 405) : 404;
	wvlv_arena *arena = wvlv_arena_create();
	wvlv_strbuf *o = wvlv_strbuf_new(arena);
	if (status == 200)
		metrics_render(o, srv);
	else
		wvlv_strbuf_append_str(o, status == 404 ? "Only /metrics is served here.\n"
							: "Use GET.\n");
	struct MHD_Response *r = MHD_create_response_from_buffer(
		wvlv_strbuf_len(o), (void *)(uintptr_t)wvlv_strbuf_text(o), MHD_RESPMEM_MUST_COPY);
	wvlv_arena_destroy(arena);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
				status == 200 ? METRICS_CONTENT_TYPE : "text/plain; charset=utf-8");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	if (status == 405)
		MHD_add_response_header(r, "Allow", "GET, HEAD");
	enum MHD_Result ret = MHD_queue_response(conn, (unsigned)status, r);
	MHD_destroy_response(r);
	return ret;
}

bool metrics_listen_start(http_server *srv)
{
	const char *listen = srv->cfg->metrics_listen;
	if (!listen)
		return true;
	struct sockaddr_storage sa;
	socklen_t salen;
	if (!http_listen_parse(listen, &sa, &salen)) {
		log_error("WVLV_METRICS_LISTEN must be " HTTP_LISTEN_FORMS ", not \"%s\"", listen);
		return false;
	}
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG |
			 (sa.ss_family == AF_INET6 ? MHD_USE_IPv6 : 0);
	daemon_ = MHD_start_daemon(flags, 0, NULL, NULL, answer, srv, MHD_OPTION_SOCK_ADDR,
				   (struct sockaddr *)&sa, MHD_OPTION_CONNECTION_LIMIT, 16u,
				   MHD_OPTION_CONNECTION_TIMEOUT, 10u, MHD_OPTION_END);
	if (!daemon_)
		log_error("cannot listen on %s for /metrics (address in use or not permitted)",
			  listen);
	return daemon_ != NULL;
}

void metrics_listen_stop(void)
{
	if (daemon_)
		MHD_stop_daemon(daemon_);
	daemon_ = NULL;
}
