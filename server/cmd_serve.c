/* cmd_serve.c — `wvlv serve`: the HTTP server until SIGINT/SIGTERM. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "listener.h"
#include "metrics.h"
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
		"  --listen ADDR:PORT     listen address (WVLV_LISTEN, default 127.0.0.1:8080);\n"
		"                         IPv6 in brackets: [::1]:8080, [::]:8080 (also IPv4)\n"
		"  --database-url URL     PostgreSQL URL (WVLV_DATABASE_URL)\n"
		"  --threads N            database connections (WVLV_THREADS, default 8)\n"
		"  --public-url URL       base URL of absolute links (WVLV_PUBLIC_URL)\n"
		"  --public-gis 0|1       OGC API without a token (WVLV_PUBLIC_GIS, default 1)\n"
		"  -h, --help             this text\n"
		"\n"
		"Before it listens it checks that the database's schema is exactly the one this\n"
		"wvlv expects (its newest migration), and refuses to start with one line saying\n"
		"what to run (`wvlv migrate`, or upgrade wvlv) when it is not.  A database that\n"
		"does not answer yet does not stop it: /readyz answers 503 until the database\n"
		"answers with that schema.\n"
		"\n"
		"Exit status: 0 stopped by a signal, 1 failure (cannot listen, the database role\n"
		"cannot be used), 2 usage, 3 the database's schema is not this wvlv's.\n"
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

/* The database's schema is this wvlv's (or the database does not answer yet:
 * /readyz says so until it does); else said on stderr, and the exit code. */
static int serve_schema_refused(const wvlv_config *cfg, const wvlv_app_config *ac)
{
	wvlv_app_schema s;
	wvlv_error err;
	wvlv_error_clear(&err);
	wvlv_status st = wvlv_app_schema_check(ac, &s, &err);
	if (st == WVLV_EUNAVAIL) {
		char where[256];
		wvlv_app_describe_database(cfg->database_url, where, sizeof(where));
		log_warn("the database at %s does not answer: starting; /readyz answers 503 until "
			 "it does", where);
		return -1;
	}
	if (st != WVLV_OK)
		return cli_connect_failed("serve", cfg, &err);
	if (s.verdict == WVLV_APP_SCHEMA_CURRENT)
		return -1;
	char advice[256];
	fprintf(stderr, "wvlv serve: %s\n", wvlv_app_schema_advice(&s, advice, sizeof(advice)));
	return CLI_EXIT_SCHEMA;
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
	int refused = serve_schema_refused(cfg, &ac);
	if (refused >= 0)
		return refused;
	http_server srv = { .cfg = cfg, .app = wvlv_app_open(&ac) };
	ogc_cache_start(cfg->ogc_cache_bytes);
	ogc_static_start(cfg->leaflet_dir); /* without Leaflet: pages without a map */
	if (!srv.app || !metrics_init() || !http_server_start(&srv)) {
		wvlv_app_close(srv.app);
		return 1;
	}
	if (!metrics_listen_start(&srv)) {
		http_server_stop(&srv, 0);
		wvlv_app_close(srv.app);
		return 1;
	}
	log_info("wvlv %s listening on %s with %d database connections (and %d for /ogc/v1)",
		 WVLV_API_VERSION, cfg->listen, cfg->threads, cfg->threads);
	int sig = 0;
	sigwait(&set, &sig);
	log_info("received %s: stopping", sig == SIGINT ? "SIGINT" : "SIGTERM");
	metrics_listen_stop();
	http_server_stop(&srv, 10000);
	log_problems_answered();
	wvlv_app_close(srv.app);
	metrics_free();
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
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'l': setenv("WVLV_LISTEN", optarg, 1); break;
		case 'd': setenv("WVLV_DATABASE_URL", optarg, 1); break;
		case 't': setenv("WVLV_THREADS", optarg, 1); break;
		case 'u': setenv("WVLV_PUBLIC_URL", optarg, 1); break;
		case 'g': setenv("WVLV_PUBLIC_GIS", optarg, 1); break;
		case 'h': serve_usage(stdout); return 0;
		default: return cli_bad_option("serve", argv, c);
		}
	}
	if (optind < argc)
		return cli_usage_error("serve", "unexpected argument \"%s\"", argv[optind]);
	wvlv_config cfg;
	if (!wvlv_config_from_env(&cfg))
		return 2;
	struct sockaddr_storage sa;
	socklen_t salen;
	if (!http_listen_parse(cfg.listen, &sa, &salen))
		return cli_usage_error("serve", "--listen (WVLV_LISTEN) must be " HTTP_LISTEN_FORMS
					     ", not \"%s\"", cfg.listen);
	return serve(&cfg);
}
