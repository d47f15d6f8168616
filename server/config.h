/* config.h — settings from the environment, overridable by flags. */
#ifndef WVLV_SERVER_CONFIG_H
#define WVLV_SERVER_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

typedef struct wvlv_config {
	const char *database_url;       /* WVLV_DATABASE_URL */
	const char *read_database_url;  /* WVLV_DATABASE_READ_URL, NULL: reads go to database_url */
	const char *listen;             /* WVLV_LISTEN, "127.0.0.1:8080" */
	int         threads;            /* WVLV_THREADS: database connections of the server */
	bool        public_gis;         /* WVLV_PUBLIC_GIS, default on */
	size_t      ogc_cache_bytes;    /* WVLV_OGC_CACHE_MB in bytes, default 64 MiB; 0: off */
	const char *public_url;         /* WVLV_PUBLIC_URL, NULL: from the Host header */
	const char *cors_origins;       /* WVLV_CORS_ORIGINS: origins that may call /api/v1 */
	int         max_connections;    /* WVLV_MAX_CONNECTIONS */
	int         max_per_ip;         /* WVLV_MAX_CONNECTIONS_PER_IP */
	int         connection_timeout; /* WVLV_CONNECTION_TIMEOUT, seconds */
	size_t      max_body;           /* WVLV_MAX_BODY: ordinary JSON bodies */
	size_t      max_geometry_body;  /* WVLV_MAX_GEOMETRY_BODY: bodies with geometry */
	int         max_json_depth;     /* WVLV_MAX_JSON_DEPTH: nesting of request bodies */
	long        max_vertices;       /* WVLV_MAX_VERTICES: positions in one geometry */
	int         statement_timeout_ms; /* WVLV_STATEMENT_TIMEOUT_MS */
	int         pool_wait_ms;       /* WVLV_POOL_WAIT_MS */
	const char *trusted_proxies;    /* WVLV_TRUSTED_PROXIES (proxy.h), NULL: none */
	const char *metrics_listen;     /* WVLV_METRICS_LISTEN, NULL: /metrics on WVLV_LISTEN */
	const char *tile_url;           /* WVLV_TILE_URL: base map of the HTML pages, "": none */
	const char *tile_attribution;   /* WVLV_TILE_ATTRIBUTION */
	const char *leaflet_dir;        /* WVLV_LEAFLET_DIR: where leaflet.js and leaflet.css are */
} wvlv_config;

/* The base map of the HTML pages: PDOK's BRT-Achtergrondkaart (WMTS as XYZ, Web Mercator). */
#define WVLV_TILE_URL_DEFAULT \
	"https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png"
#define WVLV_TILE_ATTRIBUTION_DEFAULT "Kadaster / PDOK"

/* Defaults, then the environment.  Returns false (message on stderr) when a
 * variable has an invalid value. */
bool wvlv_config_from_env(wvlv_config *cfg);

/* The help text block describing the variables (for --help). */
extern const char wvlv_config_env_help[];

#endif
