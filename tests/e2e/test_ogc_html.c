/* test_ogc_html.c — the HTML pages of /ogc/v1 (issue 14 points 1 and 5)
 * against the real `wvlv serve`, looked at by a real browser: Debian's
 * headless Chromium.
 *
 * The map test seeds four designations of GM0505 at known places (squares of
 * 0.008°, in an L that is not symmetric), screenshots the items page at
 * 1000 × 800 and reads the PNG (tests/support/png.c).  Where the page puts
 * its map is not assumed: the pixels of the features' fill colour are found,
 * their bounding box is the bounding box of the four squares (map.js fits the
 * map to them), and from it, by Web Mercator, where each square must be.
 * Then: inside each square the pixels are the fill colour, the gaps between
 * them are the background, and the scales along x and y agree (Mercator, not
 * plain degrees).  The base map comes from a stand-in tile server of this
 * program (one colour, WVLV_TILE_URL pointing at it): its colour must show
 * between the features, which proves the tile template is used and the
 * page's Content-Security-Policy lets the tiles in.  A second server whose
 * tiles cannot load (nothing listens) must still draw the features.  The
 * browser's console must stay empty (Chromium logs every console message,
 * errors and CSP refusals included, as "CONSOLE" on stderr; a self-test shows
 * the check sees one).  A third server without Leaflet serves the table and a
 * note.  Without `chromium` on PATH the program fails with a message
 * (scripts/deps.sh --test installs it).  WVLV_TEST_SCREENSHOTS=DIR keeps the screenshots
 * there. */
#include <arpa/inet.h>
#include <check.h>
#include <curl/curl.h>
#include <math.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "e2e_helpers.h"
#include "http_client.h"
#include "png.h"
#include "server_proc.h"
#include "testdb.h"

#define MUNI "GM0505"
#define ITEMS "/ogc/v1/collections/designations/items"
#define BROWSER_ACCEPT "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
#define SIZE 0.008
/* the stand-in base map: one colour */
#define TILE_R 170
#define TILE_G 211
#define TILE_B 223

static tserver srv;            /* tiles from the stand-in tile server */
static const char *conninfo;
static int tile_port;
static pid_t tile_pid;
static char tmpdir[64];

/* The four squares: south-west corners. */
static const struct {
	const char *name;
	double lon, lat;
} squares[] = {
	{ "Zuidwest", 4.640, 51.800 },
	{ "Zuidoost", 4.700, 51.800 },
	{ "Noordwest", 4.640, 51.830 },
	{ "Midden", 4.680, 51.822 },
};
#define NSQ 4

static char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
/* kept reachable until the end (for LeakSanitizer) */
static char *kept[256];
static size_t nkept;

static char *fmt(const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	char *s = NULL;
	if (vasprintf(&s, f, ap) < 0)
		abort();
	va_end(ap);
	if (nkept < 256)
		kept[nkept++] = s;
	return s;
}

static tresp *get(const char *base, const char *path, const char *accept)
{
	const char *h[] = { accept ? fmt("Accept: %s", accept) : NULL, NULL };
	return t_request(base, "GET", path, NULL, accept ? h : NULL);
}

static void assert_html(tresp *r, const char *what)
{
	ck_assert_msg(r->status == 200, "%s: %ld %s", what, r->status, r->body);
	const char *ct = t_header(r, "Content-Type");
	ck_assert_msg(ct && !strncmp(ct, "text/html", 9), "%s: Content-Type %s", what, ct);
	ck_assert_msg(strstr(r->body, "<!DOCTYPE html>"), "%s: not a page", what);
	const char *csp = t_header(r, "Content-Security-Policy");
	ck_assert_msg(csp && strstr(csp, "script-src 'self'") && strstr(csp, "style-src 'self'") &&
			      !strstr(csp, "unsafe-inline"),
		      "%s: CSP %s", what, csp);
}

/* ================================ the stand-in tile server ================================ */

/* Answers every request on port with the same PNG, until killed. */
static void tile_server_run(int fd)
{
	size_t png_len;
	unsigned char *png = tpng_solid(256, 256, TILE_R, TILE_G, TILE_B, &png_len);
	signal(SIGPIPE, SIG_IGN);
	for (;;) {
		int c = accept(fd, NULL, NULL);
		if (c < 0)
			continue;
		char req[4096];
		ssize_t n = recv(c, req, sizeof(req) - 1, 0); /* one request per connection */
		if (n > 0) {
			char head[256];
			int hl = snprintf(head, sizeof(head),
					  "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n"
					  "Content-Length: %zu\r\nConnection: close\r\n\r\n",
					  png_len);
			if (write(c, head, (size_t)hl) == hl && write(c, png, png_len) < 0)
				n = 0;
		}
		close(c);
	}
}

static void tile_server_start(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t al = sizeof(a);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) || listen(fd, 64) ||
	    getsockname(fd, (struct sockaddr *)&a, &al)) {
		perror("tile server");
		exit(1);
	}
	tile_port = ntohs(a.sin_port);
	tile_pid = fork();
	if (tile_pid == 0)
		tile_server_run(fd);
	close(fd);
}

/* ================================ the browser ================================ */

typedef struct shot {
	tpng  png;
	char *console;   /* the CONSOLE lines Chromium logged ("" when none; malloc'd) */
} shot;

static char *read_text(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *s = calloc(1, 1 << 20);
	if (f && s) {
		size_t n = fread(s, 1, (1 << 20) - 1, f);
		s[n] = '\0';
	}
	if (f)
		fclose(f);
	return s;
}

/* Only the lines of log that hold "CONSOLE" (malloc'd). */
static char *console_lines(const char *log)
{
	char *out = calloc(1, strlen(log) + 1);
	for (const char *l = log; l && *l;) {
		const char *e = strchr(l, '\n');
		size_t n = e ? (size_t)(e - l + 1) : strlen(l);
		if (memmem(l, n, "CONSOLE", 7))
			strncat(out, l, n);
		l += n;
	}
	return out;
}

/* Chromium's screenshot of url at 1000 × 800, and its console. */
static shot screenshot(const char *url, const char *name)
{
	char *png = fmt("%s/%s.png", tmpdir, name), *log = fmt("%s/%s.log", tmpdir, name);
	char *cmd = fmt("timeout 120 chromium --headless=new --no-sandbox --disable-gpu "
			"--no-first-run --disable-background-networking --disable-component-update "
			"--disable-sync --hide-scrollbars --user-data-dir=%s/profile-%s "
			"--window-size=1000,800 --virtual-time-budget=5000 --enable-logging=stderr "
			"--v=0 --screenshot=%s '%s' >%s 2>&1",
			tmpdir, name, png, url, log);
	int rc = system(cmd);
	char *text = read_text(log);
	ck_assert_msg(rc == 0, "chromium failed (%d): %s\n%s", rc, cmd, text);
	shot s = { .console = console_lines(text) };
	char why[256];
	ck_assert_msg(tpng_read(png, &s.png, why, sizeof(why)), "%s", why);
	free(text);
	printf("screenshot %s: %s, %d x %d\n", name, png, s.png.width, s.png.height);
	const char *keep = getenv("WVLV_TEST_SCREENSHOTS"); /* a directory to keep them in */
	if (keep && *keep && system(fmt("cp '%s' '%s/%s.png'", png, keep, name)) != 0)
		fprintf(stderr, "could not copy %s to %s\n", png, keep);
	return s;
}

/* ================================ reading the map ================================ */

static bool is_fill(const unsigned char *p)
{
	return p[0] - p[1] > 50 && p[0] - p[2] > 30; /* #e4002b at 0.45, red over any base */
}

static double merc_y(double lat)
{
	return log(tan(M_PI / 4 + lat * M_PI / 360)) * 180 / M_PI;
}

typedef struct mapfit {
	int    x0, y0, x1, y1;  /* the features' pixel box */
	double lon0, my1;       /* its west edge (degrees) and north edge (Mercator degrees) */
	double sx, sy;          /* pixels per degree of lon / of Mercator y */
} mapfit;

/* The features' box on the screenshot and the scales it gives. */
static mapfit fit(const tpng *p)
{
	mapfit m = { .x0 = p->width, .y0 = p->height, .x1 = -1, .y1 = -1 };
	long n = 0;
	for (int y = 0; y < p->height; y++)
		for (int x = 0; x < p->width; x++)
			if (is_fill(tpng_at(p, x, y))) {
				n++;
				m.x0 = x < m.x0 ? x : m.x0;
				m.x1 = x > m.x1 ? x : m.x1;
				m.y0 = y < m.y0 ? y : m.y0;
				m.y1 = y > m.y1 ? y : m.y1;
			}
	ck_assert_msg(n > 400, "only %ld pixels of the features' colour on the screenshot", n);
	double lon0 = 1e9, lon1 = -1e9, lat0 = 1e9, lat1 = -1e9;
	for (int i = 0; i < NSQ; i++) {
		lon0 = fmin(lon0, squares[i].lon);
		lon1 = fmax(lon1, squares[i].lon + SIZE);
		lat0 = fmin(lat0, squares[i].lat);
		lat1 = fmax(lat1, squares[i].lat + SIZE);
	}
	/* the stroke (2 px) lies on the edges: its outer pixel is half a pixel out */
	m.lon0 = lon0;
	m.my1 = merc_y(lat1);
	m.sx = (m.x1 - m.x0) / (lon1 - lon0);
	m.sy = (m.y1 - m.y0) / (merc_y(lat1) - merc_y(lat0));
	printf("features' box: x %d..%d, y %d..%d (%ld pixels); %.0f px/° along x, %.0f along "
	       "Mercator y\n",
	       m.x0, m.x1, m.y0, m.y1, n, m.sx, m.sy);
	ck_assert_msg(fabs(m.sx - m.sy) / m.sx < 0.03,
		      "the scales differ: %.1f px/° along x, %.1f along Mercator y", m.sx, m.sy);
	ck_assert_msg(m.x1 - m.x0 > 150, "the features are drawn too small: %d px", m.x1 - m.x0);
	return m;
}

static int px(const mapfit *m, double lon)
{
	return m->x0 + (int)lround((lon - m->lon0) * m->sx);
}

static int py(const mapfit *m, double lat)
{
	return m->y0 + (int)lround((m->my1 - merc_y(lat)) * m->sy);
}

/* Every square drawn where it belongs, the gaps between them background
 * (bg, when given, exactly that colour ± 3).  Returns the pixels checked. */
static long check_features(const tpng *p, const mapfit *m, const unsigned char *bg)
{
	long checked = 0;
	for (int i = 0; i < NSQ; i++) {
		int x0 = px(m, squares[i].lon), x1 = px(m, squares[i].lon + SIZE);
		int y0 = py(m, squares[i].lat + SIZE), y1 = py(m, squares[i].lat);
		int inset = 4, in = 0, all = 0;
		for (int y = y0 + inset; y <= y1 - inset; y++)
			for (int x = x0 + inset; x <= x1 - inset; x++, all++)
				in += is_fill(tpng_at(p, x, y));
		printf("%-9s expected at x %d..%d, y %d..%d: %d of %d inner pixels filled\n",
		       squares[i].name, x0, x1, y0, y1, in, all);
		ck_assert_msg(all > 200 && in == all, "%s: %d of %d pixels at x %d..%d y %d..%d filled",
			      squares[i].name, in, all, x0, x1, y0, y1);
		checked += all;
	}
	/* gaps: between the south squares, north of Zuidoost, west of Midden, and a
	 * box's width outside the features */
	static const double gaps[][2] = { { 4.674, 51.804 }, { 4.704, 51.826 }, { 4.664, 51.826 },
					  { 4.660, 51.812 } };
	for (size_t g = 0; g < sizeof(gaps) / sizeof(gaps[0]); g++) {
		for (int dy = -3; dy <= 3; dy++)
			for (int dx = -3; dx <= 3; dx++) {
				const unsigned char *c =
					tpng_at(p, px(m, gaps[g][0]) + dx, py(m, gaps[g][1]) + dy);
				ck_assert_msg(!is_fill(c), "gap %zu (%.3f, %.3f) is filled", g,
					      gaps[g][0], gaps[g][1]);
				if (bg)
					ck_assert_msg(abs(c[0] - bg[0]) <= 3 && abs(c[1] - bg[1]) <= 3 &&
							      abs(c[2] - bg[2]) <= 3,
						      "gap %zu: %d,%d,%d, not the base map %d,%d,%d", g,
						      c[0], c[1], c[2], bg[0], bg[1], bg[2]);
				checked++;
			}
	}
	return checked;
}

/* ================================ the pages ================================ */

static const char *item_id; /* of Zuidwest */

static const char *const page_paths[] = {
	"/ogc/v1", "/ogc/v1/conformance", "/ogc/v1/api", "/ogc/v1/collections",
	"/ogc/v1/collections/designations", ITEMS, NULL /* the item, set in main */
};

START_TEST(every_resource_has_a_page_for_f_html_and_for_browsers)
{
	for (int i = 0; i < 7; i++) {
		const char *path = i < 6 ? page_paths[i] : fmt(ITEMS "/%s", item_id);
		tresp *r = get(srv.base, fmt("%s?f=html", path), NULL);
		assert_html(r, fmt("%s?f=html", path));
		t_free(r);
		r = get(srv.base, path, BROWSER_ACCEPT); /* a browser, no f */
		assert_html(r, fmt("%s with a browser's Accept", path));
		ck_assert_str_eq(t_header(r, "Vary"), "Accept");
		t_free(r);
		const char *json_accepts[] = { NULL, "*/*", "application/json",
					       "text/html;q=0.5, application/json" };
		for (int a = 0; a < 4; a++) {
			r = get(srv.base, path, json_accepts[a]);
			ck_assert_msg(r->status == 200 && strstr(t_header(r, "Content-Type"), "json"),
				      "%s Accept %s: %ld %s", path, json_accepts[a], r->status,
				      t_header(r, "Content-Type"));
			t_free(r);
		}
		r = get(srv.base, fmt("%s?f=json", path), BROWSER_ACCEPT);
		ck_assert_msg(strstr(t_header(r, "Content-Type"), "json"), "%s?f=json", path);
		t_free(r);
		r = get(srv.base, fmt("%s?f=xml", path), NULL);
		eh_assert_problem(r, 400, "invalid-query-parameter", path);
		json_t *p = eh_param(r, "f", "unsupported-format");
		const char *why = json_string_value(json_object_get(p, "reason"));
		ck_assert_msg(why && strstr(why, "json") && strstr(why, "html"), "%s: %s", path, r->body);
		t_free(r);
	}
}
END_TEST

START_TEST(a_trailing_slash_is_the_same_resource)
{
	const char *pairs[][2] = { { "/ogc/v1/", "/ogc/v1" },
				   { "/ogc/v1/collections/", "/ogc/v1/collections" },
				   { "/ogc/v1/conformance//", "/ogc/v1/conformance" },
				   { ITEMS "/?municipalityCode=" MUNI, ITEMS "?municipalityCode=" MUNI } };
	for (int i = 0; i < 4; i++) {
		tresp *a = get(srv.base, pairs[i][0], NULL), *b = get(srv.base, pairs[i][1], NULL);
		ck_assert_msg(a->status == 200, "%s: %ld %s", pairs[i][0], a->status, a->body);
		const char *ea = t_header(a, "ETag"), *eb = t_header(b, "ETag");
		if (ea || eb)
			ck_assert_str_eq(ea, eb);
		else
			ck_assert_str_eq(a->body, b->body);
		t_free(a);
		t_free(b);
	}
}
END_TEST

START_TEST(every_404_under_ogc_says_the_same)
{
	const char *paths[] = { "/ogc/v1/nothing", "/ogc/v1/collections/other",
				ITEMS "/7f000000-0000-4000-8000-000000000001", ITEMS "/not-an-id",
				"/ogc/v1/static/nothing.js", "/ogc/v1/static/leaflet.min.js",
				"/ogc/v1/collections/designations/items/x/y" };
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		tresp *r = get(srv.base, paths[i], NULL);
		eh_assert_problem(r, 404, "not-found", paths[i]);
		ck_assert_str_eq(t_str(r->json, "title"), "Not Found");
		ck_assert_str_eq(t_str(r->json, "detail"), "There is no resource at this path.");
		t_free(r);
	}
}
END_TEST

START_TEST(names_are_text_never_markup)
{
	tresp *r = get(srv.base, ITEMS "?municipalityCode=GM0599&f=html", NULL);
	assert_html(r, "items of GM0599");
	ck_assert_msg(strstr(r->body, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; "
				      "&#39;q&#39;"),
		      "escaped name missing: %s", r->body);
	ck_assert_msg(!strstr(r->body, "<script>alert"), "raw markup in the page");
	ck_assert_msg(strstr(r->body, "\\u003cscript\\u003ealert"), "JSON block not escaped");
	int closing = 0;
	for (const char *s = r->body; (s = strstr(s, "</script>")); s++)
		closing++;
	ck_assert_int_eq(closing, 3); /* the features, leaflet.js, map.js: nothing ends early */
	t_free(r);
}
END_TEST

START_TEST(items_page_has_table_counts_and_paging_links)
{
	tresp *r = get(srv.base, ITEMS "?municipalityCode=" MUNI "&limit=3&f=html", NULL);
	assert_html(r, "page 1");
	ck_assert_ptr_nonnull(strstr(r->body, "numberMatched <span id=\"numberMatched\">4</span>"));
	ck_assert_ptr_nonnull(strstr(r->body, "numberReturned <span id=\"numberReturned\">3</span>"));
	ck_assert_ptr_nonnull(strstr(r->body, "<table class=\"features\">"));
	int rows = 0;
	for (const char *s = strstr(r->body, "<table class=\"features\">"); (s = strstr(s, "<tr><td>"));
	     s++)
		rows++;
	ck_assert_int_eq(rows, 3);
	const char *next = strstr(r->body, "<a rel=\"next\" href=\"");
	ck_assert_ptr_nonnull(next);
	next += strlen("<a rel=\"next\" href=\"");
	char href[512];
	snprintf(href, sizeof(href), "%.*s", (int)strcspn(next, "\""), next);
	ck_assert_msg(strstr(href, "f=html") && strstr(href, "cursor="), "next: %s", href);
	ck_assert_ptr_null(strstr(r->body, "rel=\"prev\""));
	t_free(r);
	/* &amp; in the attribute is & in the URL */
	char url[512];
	size_t o = 0;
	for (const char *s = href + strlen(srv.base); *s && o < sizeof(url) - 1; s++) {
		url[o++] = *s;
		if (!strncmp(s, "&amp;", 5))
			s += 4;
	}
	url[o] = '\0';
	r = get(srv.base, url, NULL);
	assert_html(r, url);
	ck_assert_ptr_nonnull(strstr(r->body, "numberReturned <span id=\"numberReturned\">1</span>"));
	/* a page asked by cursor: no prev link, and no offset to count from */
	ck_assert_ptr_null(strstr(r->body, "rel=\"prev\""));
	ck_assert_ptr_nonnull(strstr(r->body, "Features after the previous page (numberReturned"));
	ck_assert_ptr_null(strstr(r->body, "rel=\"next\""));
	t_free(r);
}
END_TEST

START_TEST(html_has_its_own_etag_and_revalidates)
{
	const char *path = ITEMS "?municipalityCode=" MUNI;
	tresp *j = get(srv.base, path, NULL), *h = get(srv.base, path, BROWSER_ACCEPT);
	const char *ej = t_header(j, "ETag"), *eh = t_header(h, "ETag");
	ck_assert_ptr_nonnull(ej);
	ck_assert_ptr_nonnull(eh);
	ck_assert_str_ne(ej, eh); /* the same URL, two bodies: the format is in the key */
	ck_assert_msg(strstr(t_header(h, "Content-Type"), "text/html"), "%s", t_header(h, "Content-Type"));
	tresp *again = get(srv.base, path, BROWSER_ACCEPT);
	ck_assert_str_eq(t_header(again, "ETag"), eh);
	ck_assert_str_eq(again->body, h->body);
	const char *hdr[] = { "Accept: " BROWSER_ACCEPT, fmt("If-None-Match: %s", eh), NULL };
	tresp *nm = t_request(srv.base, "GET", path, NULL, hdr);
	ck_assert_int_eq(nm->status, 304);
	t_free(j);
	t_free(h);
	t_free(again);
	t_free(nm);
}
END_TEST

START_TEST(static_files_are_served_with_etags)
{
	const struct {
		const char *name, *type;
		size_t min;
	} files[] = { { "map.js", "text/javascript", 500 },
		      { "ogc.css", "text/css", 200 },
		      { "leaflet.js", "text/javascript", 100000 },
		      { "leaflet.css", "text/css", 5000 } };
	for (int i = 0; i < 4; i++) {
		const char *path = fmt("/ogc/v1/static/%s", files[i].name);
		tresp *r = get(srv.base, path, NULL);
		ck_assert_msg(r->status == 200 && r->len >= files[i].min, "%s: %ld, %zu bytes", path,
			      r->status, r->len);
		ck_assert_msg(!strncmp(t_header(r, "Content-Type"), files[i].type, strlen(files[i].type)),
			      "%s: %s", path, t_header(r, "Content-Type"));
		const char *hdr[] = { fmt("If-None-Match: %s", t_header(r, "ETag")), NULL };
		tresp *nm = t_request(srv.base, "GET", path, NULL, hdr);
		ck_assert_int_eq(nm->status, 304);
		t_free(r);
		t_free(nm);
	}
}
END_TEST

/* ================================ in the browser ================================ */

static const char *map_url(const tserver *s)
{
	return fmt("%s" ITEMS "?municipalityCode=" MUNI "&f=html", s->base);
}

START_TEST(the_browser_draws_the_features_where_they_are_on_the_base_map)
{
	shot s = screenshot(map_url(&srv), "tiles");
	ck_assert_int_eq(s.png.width, 1000);
	ck_assert_int_eq(s.png.height, 800);
	mapfit m = fit(&s.png);
	long n = check_features(&s.png, &m, (const unsigned char[]){ TILE_R, TILE_G, TILE_B });
	printf("%ld pixels checked; console: %s\n", n, *s.console ? s.console : "(empty)");
	ck_assert_msg(!*s.console, "the browser's console is not empty:\n%s", s.console);
	tpng_free(&s.png);
	free(s.console);
}
END_TEST

START_TEST(without_tiles_the_features_are_still_drawn)
{
	tserver dark;
	const char *env[] = { "WVLV_TILE_URL=http://127.0.0.1:9/{z}/{x}/{y}.png", NULL };
	tserver_start(&dark, conninfo, env);
	shot s = screenshot(map_url(&dark), "notiles");
	ck_assert_int_eq(tserver_stop(&dark), 0);
	mapfit m = fit(&s.png);
	long n = check_features(&s.png, &m, NULL);
	printf("%ld pixels checked; console: %s\n", n, *s.console ? s.console : "(empty)");
	ck_assert_msg(!strstr(s.console, "Uncaught") && !strstr(s.console, "Refused"),
		      "errors in the console:\n%s", s.console);
	tpng_free(&s.png);
	free(s.console);
}
END_TEST

START_TEST(without_leaflet_the_table_and_a_note)
{
	tserver bare;
	const char *env[] = { fmt("WVLV_LEAFLET_DIR=%s/no-leaflet", tmpdir), NULL };
	tserver_start(&bare, conninfo, env);
	tresp *r = get(bare.base, ITEMS "?municipalityCode=" MUNI "&f=html", NULL);
	assert_html(r, "without Leaflet");
	ck_assert_ptr_nonnull(strstr(r->body, "No map: Leaflet"));
	ck_assert_ptr_null(strstr(r->body, "<script"));
	ck_assert_ptr_nonnull(strstr(r->body, ">Midden<"));
	t_free(r);
	r = get(bare.base, "/ogc/v1/static/leaflet.js", NULL);
	ck_assert_int_eq(r->status, 404);
	t_free(r);
	ck_assert_int_eq(tserver_stop(&bare), 0);
}
END_TEST

/* The console check is not blind: a page that writes to it is seen. */
START_TEST(the_console_check_sees_a_console_error)
{
	shot s = screenshot("data:text/html,<p>x</p><script>console.error(1);nothing()</script>",
			    "selftest");
	ck_assert_msg(strstr(s.console, "Uncaught ReferenceError"), "not seen: [%s]", s.console);
	tpng_free(&s.png);
	free(s.console);
}
END_TEST

/* ================================ main ================================ */

START_TEST(seed_the_designations)
{
	for (int i = 0; i < NSQ; i++) {
		char *g = eh_square(squares[i].lon, squares[i].lat, SIZE);
		char *id = eh_create(srv.base, MUNI, squares[i].name, g, eh_today_plus(-10),
				     eh_today_plus(300));
		if (i == 0)
			item_id = id;
		else
			free(id);
		free(g);
	}
	char *g = eh_square(5.0, 52.0, SIZE);
	free(eh_create(srv.base, "GM0599", "<script>alert(\\\"x\\\")</script> & 'q'", g,
		       eh_today_plus(-10), eh_today_plus(300)));
	free(g);
}
END_TEST

int main(void)
{
	if (system("command -v chromium >/dev/null") != 0) {
		fprintf(stderr, "test_ogc_html: chromium is not on PATH (Debian package chromium; "
				"bash scripts/deps.sh --test installs it)\n");
		return EXIT_FAILURE;
	}
	curl_global_init(CURL_GLOBAL_ALL);
	conninfo = testdb_create("ogc_html");
	eh_init(conninfo);
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/wvlv-ogc-html-XXXXXX");
	if (!mkdtemp(tmpdir))
		return EXIT_FAILURE;
	tile_server_start();
	const char *env[] = { fmt("WVLV_TILE_URL=http://127.0.0.1:%d/{z}/{x}/{y}.png", tile_port),
			      NULL };
	tserver_start(&srv, conninfo, env);
	Suite *s = suite_create("ogc_html");
	/* the data, once (the tests run in this process: CK_NOFORK) */
	TCase *data = tcase_create("seed");
	tcase_add_test(data, seed_the_designations);
	suite_add_tcase(s, data);
	TCase *pages = tcase_create("pages");
	tcase_set_timeout(pages, 60);
	tcase_add_test(pages, every_resource_has_a_page_for_f_html_and_for_browsers);
	tcase_add_test(pages, a_trailing_slash_is_the_same_resource);
	tcase_add_test(pages, every_404_under_ogc_says_the_same);
	tcase_add_test(pages, names_are_text_never_markup);
	tcase_add_test(pages, items_page_has_table_counts_and_paging_links);
	tcase_add_test(pages, html_has_its_own_etag_and_revalidates);
	tcase_add_test(pages, static_files_are_served_with_etags);
	tcase_add_test(pages, without_leaflet_the_table_and_a_note);
	suite_add_tcase(s, pages);
	TCase *browser = tcase_create("browser");
	tcase_set_timeout(browser, 180);
	tcase_add_test(browser, the_browser_draws_the_features_where_they_are_on_the_base_map);
	tcase_add_test(browser, without_tiles_the_features_are_still_drawn);
	tcase_add_test(browser, the_console_check_sees_a_console_error);
	suite_add_tcase(s, browser);
	SRunner *sr = srunner_create(s);
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	int stopped = tserver_stop(&srv);
	kill(tile_pid, SIGKILL);
	waitpid(tile_pid, NULL, 0);
	if (system(fmt("rm -rf '%s'", tmpdir)) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
	return failed == 0 && stopped == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
