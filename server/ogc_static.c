/* ogc_static.c — the files the HTML pages of /ogc/v1 load, at
 * /ogc/v1/static/{file}: our own map.js and ogc.css (built into the binary
 * from server/static/) and Leaflet (leaflet.js, leaflet.css) from the
 * directory WVLV_LEAFLET_DIR, by default Debian's libjs-leaflet in
 * /usr/share/javascript/leaflet.
 *
 * Leaflet is read once, when `serve` starts (ogc_static_start), not at each
 * request: a page and the files it loads then always come from the same
 * copy, a request never touches the disk, and a missing Leaflet is logged
 * once at the start.  Without it the pages are served without a map (the
 * table and a note instead), and its two paths answer 404.  Only the four
 * names below are served: nothing else of that directory is reachable.
 *
 * Each file has a strong ETag (a hash of its bytes) and may be kept an hour
 * (Cache-Control: public, max-age=3600); If-None-Match → 304. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"
#include "ogc.h"
#include "wvlv/hash.h"
#include "wvlv/log.h"

extern const char wvlv_static_map_js[];
extern const size_t wvlv_static_map_js_len;
extern const char wvlv_static_ogc_css[];
extern const size_t wvlv_static_ogc_css_len;

#define JS_TYPE "text/javascript; charset=utf-8"
#define CSS_TYPE "text/css; charset=utf-8"

typedef struct static_file {
	const char *name;
	const char *content_type;
	const char *bytes;   /* NULL: not loaded */
	size_t      len;
	char        etag[35];
} static_file;

static static_file files[] = {
	{ "map.js", JS_TYPE, NULL, 0, "" },
	{ "ogc.css", CSS_TYPE, NULL, 0, "" },
	{ "leaflet.js", JS_TYPE, NULL, 0, "" },
	{ "leaflet.css", CSS_TYPE, NULL, 0, "" },
};
#define NFILES (sizeof(files) / sizeof(files[0]))

static void file_set(static_file *f, const char *bytes, size_t len)
{
	char hex[WVLV_SHA256_HEXLEN];
	wvlv_sha256_hex(bytes, len, hex);
	f->bytes = bytes;
	f->len = len;
	snprintf(f->etag, sizeof(f->etag), "\"%.32s\"", hex);
}

/* The whole file (malloc'd) and its length; NULL when it cannot be read. */
static char *read_file(const char *dir, const char *name, size_t *len)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	char *b = NULL;
	long n = -1;
	if (fseek(fp, 0, SEEK_END) == 0 && (n = ftell(fp)) >= 0 && fseek(fp, 0, SEEK_SET) == 0 &&
	    (b = malloc((size_t)n + 1)) && fread(b, 1, (size_t)n, fp) != (size_t)n) {
		free(b);
		b = NULL;
	}
	fclose(fp);
	if (b) {
		b[n] = '\0';
		*len = (size_t)n;
	}
	return b;
}

static bool leaflet_loaded;

static void keep(void *cls) /* the files live as long as the process */
{
	(void)cls;
}

bool ogc_static_start(const char *dir)
{
	file_set(&files[0], wvlv_static_map_js, wvlv_static_map_js_len);
	file_set(&files[1], wvlv_static_ogc_css, wvlv_static_ogc_css_len);
	size_t jl = 0, cl = 0;
	char *js = read_file(dir, "leaflet.min.js", &jl);
	if (!js)
		js = read_file(dir, "leaflet.js", &jl);
	char *css = read_file(dir, "leaflet.css", &cl);
	if (!js || !css) {
		free(js);
		free(css);
		log_warn("Leaflet not found in %s (leaflet.js, leaflet.css; Debian package "
			 "libjs-leaflet): the HTML pages of /ogc/v1 are served without a map",
			 dir);
		return leaflet_loaded = false;
	}
	/* kept until the process ends */
	file_set(&files[2], js, jl);
	file_set(&files[3], css, cl);
	return leaflet_loaded = true;
}

bool ogc_static_have_leaflet(void)
{
	return leaflet_loaded;
}

wvlv_status handle_ogc_static(http_req *req, wvlv_error *err)
{
	const char *name = req->path_params[0];
	for (size_t i = 0; i < NFILES; i++) {
		static_file *f = &files[i];
		if (strcmp(f->name, name) != 0 || !f->bytes)
			continue;
		http_add_header(req, "ETag", f->etag);
		http_add_header(req, "Cache-Control", "public, max-age=3600");
		if (ogc_none_match(http_header(req, "If-None-Match"), f->etag))
			http_reply_bytes(req, 304, NULL, "", 0);
		else
			http_reply_shared(req, 200, f->content_type, f->bytes, f->len, keep, NULL);
		return WVLV_OK;
	}
	return wvlv_error_set(err, WVLV_ENOTFOUND, "not-found", OGC_NOT_FOUND);
}
