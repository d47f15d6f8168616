/* config.c — environment configuration (see config.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "headers.h"
#include "proxy.h"

const char wvlv_config_env_help[] =
	"Environment (flags override):\n"
	"  WVLV_DATABASE_URL          PostgreSQL connection URL or key=value string\n"
	"                             (default: postgresql:///wvlv, the local socket)\n"
	"  WVLV_DATABASE_READ_URL     wvlv serve: where /ogc/v1 reads, which may be a moment\n"
	"                             stale, e.g. a standby: host1:port,host2:port and\n"
	"                             target_session_attrs=prefer-standby (default: none, the\n"
	"                             OGC API reads from WVLV_DATABASE_URL)\n"
	"  WVLV_LISTEN                address:port to listen on (default 127.0.0.1:8080);\n"
	"                             IPv6 in brackets: [::1]:8080, [::]:8080\n"
	"  WVLV_THREADS               database connections of the server (default 8), and as\n"
	"                             many for /ogc/v1 (role wvlv_gis), plus one LISTEN connection\n"
	"  WVLV_PUBLIC_GIS            1: OGC API readable without a token; 0: token needed (default 1)\n"
	"  WVLV_PUBLIC_URL            base URL clients see behind a proxy, e.g. https://wvlv.example.nl\n"
	"                             (default: from a trusted proxy's X-Forwarded-Proto/Host/Prefix,\n"
	"                             else http://<Host header>)\n"
	"  WVLV_CORS_ORIGINS          browser origins that may call /api/v1, comma-separated, each\n"
	"                             exactly scheme://host[:port] (default: none; /ogc/v1: any)\n"
	"  WVLV_TRUSTED_PROXIES       addresses/CIDR blocks of reverse proxies whose X-Forwarded-*\n"
	"                             headers count, e.g. 127.0.0.1,10.0.0.0/8 (default: none)\n"
	"  WVLV_METRICS_LISTEN        address:port of a listener for /metrics alone (default: none;\n"
	"                             /metrics is then served on WVLV_LISTEN); when set, WVLV_LISTEN\n"
	"                             has no /metrics\n"
	"  WVLV_MAX_CONNECTIONS       concurrent HTTP connections (default 256)\n"
	"  WVLV_MAX_CONNECTIONS_PER_IP  concurrent connections per client address (default 64)\n"
	"  WVLV_CONNECTION_TIMEOUT    seconds an idle or slow connection is kept (default 30;\n"
	"                             2 once three quarters of WVLV_MAX_CONNECTIONS are open)\n"
	"  WVLV_MAX_BODY              bytes of an ordinary JSON request body (default 65536)\n"
	"  WVLV_MAX_GEOMETRY_BODY     bytes of a request body with a geometry (default 2097152)\n"
	"  WVLV_MAX_JSON_DEPTH        nesting depth of a JSON request body (default 32)\n"
	"  WVLV_MAX_VERTICES          positions in one request geometry (default 50000)\n"
	"  WVLV_OGC_CACHE_MB          memory for cached OGC API responses (default 64; 0: off)\n"
	"  WVLV_STATEMENT_TIMEOUT_MS  PostgreSQL statement_timeout (default 5000); 2 s later the\n"
	"                             statement is cancelled, 1 s after that its connection closed\n"
	"  WVLV_POOL_WAIT_MS          wait for a free database connection before 503 (default 2000)\n"
	"  WVLV_TILE_URL              base map of the HTML pages of /ogc/v1: an XYZ tile template\n"
	"                             {z}/{x}/{y} in EPSG:3857; \"\" (set but empty): no base map\n"
	"                             (default:\n"
	"                             " WVLV_TILE_URL_DEFAULT ")\n"
	"  WVLV_TILE_ATTRIBUTION      its attribution (default \"" WVLV_TILE_ATTRIBUTION_DEFAULT "\")\n"
	"  WVLV_LEAFLET_DIR           Leaflet for the maps, read at the start (default\n"
	"                             /usr/share/javascript/leaflet, Debian's libjs-leaflet)\n";

static bool env_long(const char *name, long min, long max, long *out)
{
	const char *v = getenv(name);
	if (!v || !*v)
		return true;
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (errno || *end || n < min || n > max) {
		fprintf(stderr, "wvlv: %s must be a whole number from %ld to %ld, not \"%s\"\n", name,
			min, max, v);
		return false;
	}
	*out = n;
	return true;
}

static bool env_bool(const char *name, bool *out)
{
	const char *v = getenv(name);
	if (!v || !*v)
		return true;
	if (!strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "on") || !strcmp(v, "yes")) {
		*out = true;
		return true;
	}
	if (!strcmp(v, "0") || !strcmp(v, "false") || !strcmp(v, "off") || !strcmp(v, "no")) {
		*out = false;
		return true;
	}
	fprintf(stderr, "wvlv: %s must be 1 or 0, not \"%s\"\n", name, v);
	return false;
}

static const char *env_str(const char *name, const char *dflt)
{
	const char *v = getenv(name);
	return v && *v ? v : dflt;
}

/* WVLV_TILE_URL: unset → the default, "" → none, else an http(s) template with
 * {z}, {x} and {y} and nothing that could break out of the page's
 * Content-Security-Policy (blanks, quotes, ; or ,). */
static bool env_tile_url(const char **out)
{
	const char *v = getenv("WVLV_TILE_URL");
	*out = v ? v : WVLV_TILE_URL_DEFAULT;
	if (!v || !*v)
		return true;
	if ((strncmp(v, "https://", 8) && strncmp(v, "http://", 7)) || v[strcspn(v, " \t\"';,\\<>")] ||
	    !strstr(v, "{z}") || !strstr(v, "{x}") || !strstr(v, "{y}")) {
		fprintf(stderr,
			"wvlv: WVLV_TILE_URL must be an http(s) URL template with {z}, {x} and {y} "
			"and without blanks, quotes, ; or , (or empty for no base map), not \"%s\"\n",
			v);
		return false;
	}
	return true;
}

bool wvlv_config_from_env(wvlv_config *cfg)
{
	long threads = 8, maxc = 256, perip = 64, ctimeout = 30, body = 65536, gbody = 2097152;
	long stmt = 5000, wait = 2000, depth = 32, vertices = 50000;
	bool ok = env_long("WVLV_THREADS", 1, 256, &threads) &&
		  env_long("WVLV_MAX_CONNECTIONS", 1, 10000, &maxc) &&
		  env_long("WVLV_MAX_CONNECTIONS_PER_IP", 0, 10000, &perip) &&
		  env_long("WVLV_CONNECTION_TIMEOUT", 1, 3600, &ctimeout) &&
		  env_long("WVLV_MAX_BODY", 1024, 1L << 30, &body) &&
		  env_long("WVLV_MAX_GEOMETRY_BODY", 1024, 1L << 30, &gbody) &&
		  env_long("WVLV_STATEMENT_TIMEOUT_MS", 0, 3600000, &stmt) &&
		  env_long("WVLV_POOL_WAIT_MS", 0, 600000, &wait) &&
		  env_long("WVLV_MAX_JSON_DEPTH", 2, 1000, &depth) &&
		  env_long("WVLV_MAX_VERTICES", 4, 10000000, &vertices);
	cfg->public_gis = true;
	ok = ok && env_bool("WVLV_PUBLIC_GIS", &cfg->public_gis);
	cfg->database_url = env_str("WVLV_DATABASE_URL", "postgresql:///wvlv");
	cfg->read_database_url = env_str("WVLV_DATABASE_READ_URL", NULL);
	if (cfg->read_database_url && !*cfg->read_database_url)
		cfg->read_database_url = NULL;
	cfg->listen = env_str("WVLV_LISTEN", "127.0.0.1:8080");
	cfg->public_url = env_str("WVLV_PUBLIC_URL", NULL);
	cfg->cors_origins = env_str("WVLV_CORS_ORIGINS", "");
	cfg->trusted_proxies = env_str("WVLV_TRUSTED_PROXIES", NULL);
	cfg->metrics_listen = env_str("WVLV_METRICS_LISTEN", NULL);
	char why[320];
	if (ok && !headers_origins_valid(cfg->cors_origins, why, sizeof(why))) {
		fprintf(stderr, "wvlv: WVLV_CORS_ORIGINS: %s\n", why);
		ok = false;
	}
	if (ok && !proxy_trust(cfg->trusted_proxies, why, sizeof(why))) {
		fprintf(stderr, "wvlv: WVLV_TRUSTED_PROXIES: %s\n", why);
		ok = false;
	}
	ok = ok && env_tile_url(&cfg->tile_url);
	cfg->tile_attribution = env_str("WVLV_TILE_ATTRIBUTION", WVLV_TILE_ATTRIBUTION_DEFAULT);
	cfg->leaflet_dir = env_str("WVLV_LEAFLET_DIR", "/usr/share/javascript/leaflet");
	/* lenient, as it has always been: anything but a positive number is off */
	long cache_mb = strtol(env_str("WVLV_OGC_CACHE_MB", "64"), NULL, 10);
	cfg->ogc_cache_bytes = cache_mb > 0 ? (size_t)cache_mb << 20 : 0;
	cfg->threads = (int)threads;
	cfg->max_connections = (int)maxc;
	cfg->max_per_ip = (int)perip;
	cfg->connection_timeout = (int)ctimeout;
	cfg->max_body = (size_t)body;
	cfg->max_geometry_body = (size_t)gbody;
	cfg->statement_timeout_ms = (int)stmt;
	cfg->pool_wait_ms = (int)wait;
	cfg->max_json_depth = (int)depth;
	cfg->max_vertices = vertices;
	return ok;
}
