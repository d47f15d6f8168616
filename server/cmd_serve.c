/* cmd_serve.c — `wvlv serve`: the HTTP server until SIGINT/SIGTERM. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "listener.h"
#include "ogc.h"
#include "ogc_cache.h"
#include "wvlv/app.h"
#include "wvlv/log.h"

static void serve_usage(FILE *out)
{
	fprintf(out,
		"Usage: wvlv serve [OPTIONS]\n"
		"\n"
		"Serve the REST API until SIGINT or SIGTERM; then stop accepting, finish the\n"
		"requests in flight (up to 10 s), close the database connections and exit 0.\n"
		"The server switches to the database role " WVLV_SERVER_ROLE " on every connection.\n"
		"\n"
		"Options:\n"
		"  --listen ADDR:PORT     listen address (WVLV_LISTEN, default 127.0.0.1:8080)\n"
		"  --database-url URL     PostgreSQL URL (WVLV_DATABASE_URL)\n"
		"  --threads N            database connections (WVLV_THREADS, default 8)\n"
		"  --public-url URL       base URL of absolute links (WVLV_PUBLIC_URL)\n"
		"  --public-gis 0|1       OGC API without a token (WVLV_PUBLIC_GIS, default 1)\n"
		"  -h, --help             this text\n"
		"\n%s",
		wvlv_config_env_help);
}

/* One log line with the problems answered since the start, by status. */
static void log_problems_answered(void)
{
	char line[512] = "";
	size_t used = 0;
	for (int status = 400; status < 600 && used < sizeof(line); status++) {
		long n = http_problems_answered(status);
		if (n > 0) {
			int w = snprintf(line + used, sizeof(line) - used, "%s%d: %ld",
					 used ? ", " : "", status, n);
			used += w > 0 ? (size_t)w : 0;
		}
	}
	log_info("problems answered since the start: %s", used ? line : "none");
}

/* Serve until SIGINT or SIGTERM; the exit code. */
static int serve(const wvlv_config *cfg)
{
	/* Signals are taken by sigwait() in this thread only. */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	wvlv_app_config ac = cli_app_config(cfg, "wvlv serve");
	http_server srv = { .cfg = cfg, .app = wvlv_app_open(&ac) };
	ogc_cache_start(cfg->ogc_cache_bytes);
	ogc_static_start(cfg->leaflet_dir); /* without Leaflet: pages without a map */
	if (!srv.app || !http_server_start(&srv)) {
		wvlv_app_close(srv.app);
		return 1;
	}
	log_info("wvlv %s listening on %s with %d database connections (and %d for /ogc/v1)",
		 WVLV_API_VERSION, cfg->listen, cfg->threads, cfg->threads);
	int sig = 0;
	sigwait(&set, &sig);
	log_info("received %s: stopping", sig == SIGINT ? "SIGINT" : "SIGTERM");
	http_server_stop(&srv, 10000);
	log_problems_answered();
	wvlv_app_close(srv.app);
	log_info("stopped");
	return 0;
}

int cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "database-url", required_argument, NULL, 'd' },
		{ "threads", required_argument, NULL, 't' },
		{ "public-url", required_argument, NULL, 'u' },
		{ "public-gis", required_argument, NULL, 'g' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	/* flags override the environment: put them there and read it once */
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'l': setenv("WVLV_LISTEN", optarg, 1); break;
		case 'd': setenv("WVLV_DATABASE_URL", optarg, 1); break;
		case 't': setenv("WVLV_THREADS", optarg, 1); break;
		case 'u': setenv("WVLV_PUBLIC_URL", optarg, 1); break;
		case 'g': setenv("WVLV_PUBLIC_GIS", optarg, 1); break;
		case 'h': serve_usage(stdout); return 0;
		default: serve_usage(stderr); return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "wvlv serve: unexpected argument \"%s\"\n", argv[optind]);
		return 2;
	}
	wvlv_config cfg;
	return wvlv_config_from_env(&cfg) ? serve(&cfg) : 2;
}
