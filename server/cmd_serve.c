/* cmd_serve.c — `wvlv serve`: the HTTP server until SIGINT/SIGTERM. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "listener.h"
#include "ogc_cache.h"
#include "wvlv/db.h"
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
	if (!wvlv_config_from_env(&cfg))
		return 2;

	/* Signals are taken by sigwait() in this thread only. */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	wvlv_db_options dbo = {
		.conninfo = cfg.database_url,
		.set_role = WVLV_SERVER_ROLE,
		.statement_timeout_ms = cfg.statement_timeout_ms,
		.application_name = "wvlv serve",
	};
	wvlv_db_options gis = dbo;
	gis.set_role = WVLV_GIS_ROLE;
	gis.application_name = "wvlv serve (ogc)";
	http_server srv = { .cfg = &cfg, .pool = wvlv_db_pool_create(&dbo, cfg.threads),
			    .gis_pool = wvlv_db_pool_create(&gis, cfg.threads) };
	if (!srv.pool || !srv.gis_pool) {
		wvlv_db_pool_destroy(srv.pool);
		wvlv_db_pool_destroy(srv.gis_pool);
		return 1;
	}
	ogc_cache_start(&gis, cfg.ogc_cache_bytes);
	if (!http_server_start(&srv)) {
		ogc_cache_stop();
		wvlv_db_pool_destroy(srv.pool);
		wvlv_db_pool_destroy(srv.gis_pool);
		return 1;
	}
	log_info("wvlv %s listening on %s with %d database connections (and %d for /ogc/v1)",
		 WVLV_API_VERSION, cfg.listen, cfg.threads, cfg.threads);
	int sig = 0;
	sigwait(&set, &sig);
	log_info("received %s: stopping", sig == SIGINT ? "SIGINT" : "SIGTERM");
	http_server_stop(&srv, 10000);
	log_problems_answered();
	ogc_cache_stop();
	wvlv_db_pool_destroy(srv.pool);
	wvlv_db_pool_destroy(srv.gis_pool);
	log_info("stopped");
	return 0;
}
