/* metrics_process.c — the process's own figures, read from /proc/self for
 * each scrape (see metrics.h). */
#include "metrics.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

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
