/* test_ogc_gdal.c — a real GIS client against /ogc/v1: GDAL's OAPIF driver,
 * through the command-line tools ogrinfo and ogr2ogr of Debian's gdal-bin,
 * against the real `wvlv serve` and PostgreSQL + PostGIS (issue 6 point 4
 * "Real clients").
 *
 * The data: 25 designations of GM0505 around Dordrecht, a 5 × 5 grid of
 * 0.004° squares 0.01° apart (never touching, so the place cap never
 * interferes), the only rows in this program's own database.
 *
 * What GDAL has to manage unaided, and what is asserted:
 *  - ogrinfo lists the layer `designations` and reports "Feature Count: 25"
 *    from numberMatched of one items request (it does not page to count);
 *  - ogr2ogr downloads every feature in pages of 7 (PAGE_SIZE=7), each page
 *    request being exactly the rel=next link of the page before, and writes
 *    25 features with the database's ids, coordinates within 1e-7° of
 *    PostGIS's ST_Transform(geom, 4326), public properties only;
 *  - ogr2ogr -spat (CRS84) sends bbox to the server and gets a strict,
 *    non-empty subset equal to what GET …/items?bbox= returns and to what
 *    PostGIS itself says intersects the box;
 *  - RD New (EPSG:28992): with GDAL ≥ 3.7 through its own CRS support
 *    (-oo CRS=EPSG:28992, -spat in RD sends bbox-crs); GDAL 3.6 (Debian 12)
 *    has no CRS support in this driver (layers are always WGS 84), so there
 *    the OAPIF driver is given crs (and bbox-crs + bbox) as query parameters
 *    of the connection URL, which it adds to every request, and the layer's
 *    SRS is assigned with -a_srs: that proves the server's RD output, RD
 *    paging links and RD bbox through GDAL's reader, but not GDAL's own CRS
 *    negotiation, which a note on stdout says.
 *
 * ogrinfo must be on PATH (the test command installs gdal-bin through
 * scripts/deps.sh --test); without it this program fails with a message. */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "e2e_helpers.h"
#include "e2e_main.h"
#include "http_client.h"
#include "server_proc.h"

#define MUNI "GM0505"
#define GRID 5
#define N_FEATURES (GRID * GRID)
/* square (k, j) = designation "D j k": [LON0 + k·STEP, + SIZE] × [LAT0 + j·STEP, + SIZE] */
#define LON0 4.64
#define LAT0 51.79
#define STEP 0.01
#define SIZE 0.004
#define ITEMS "/ogc/v1/collections/designations/items"
#define RD_CRS_URI_ENC "http%3A%2F%2Fwww.opengis.net%2Fdef%2Fcrs%2FEPSG%2F0%2F28992"
#define CRS84_TOL 1e-7 /* degrees */
#define RD_TOL 1e-3    /* metres */
#define GDAL_TIMEOUT_S 20

/* The CRS84 box of -spat: edges in the middle of the gaps between squares;
 * it holds columns k = 2..4 of rows j = 2..3. */
#define SPAT_MINX "4.657"
#define SPAT_MINY "51.807"
#define SPAT_MAXX "4.687"
#define SPAT_MAXY "51.827"
#define SPAT_COUNT 6
/* The RD box: the RD envelope of this CRS84 box, which holds columns k = 0..1
 * of rows j = 0..2 (the margins of 0.003° are far wider than the RD grid's
 * rotation against the meridians moves an edge here). */
#define RDBOX_CRS84 "4.637, 51.787, 4.657, 51.817"
#define RDBOX_COUNT 6

static tserver srv;
static const char *conninfo;
static char tmpdir[64];      /* GDAL's output files and stderr captures */
static pid_t tmpdir_owner;   /* only the process that made it removes it */
static char gdal_version[128];
static int gdal_major, gdal_minor;
static bool gdal_has_crs; /* the OAPIF driver's CRS open option: GDAL >= 3.7 */

/* What a feature GDAL wrote may carry: the id (a property in GDAL's output)
 * and the public designation fields. */
static const char *const PUBLIC_PROPERTIES[] = {
	"id",     "name",          "kind",           "municipalityCode",
	"measures", "measuresText", "hasVoorkeursrecht", "periods",
	"designatedFrom", "designatedUntil", "capDate", "status",
	"withdrawnOn", "currentPeriodStart", "currentPeriodEnd", NULL
};

/* Each field GDAL makes of the layer, with the type ogrinfo names, as the
 * collection's JSON Schema (describedby) gives them. */
static const char *const FIELD_TYPES[][2] = {
	{ "name", "String" },                 { "kind", "String" },
	{ "municipalityCode", "String" },     { "measuresText", "String" },
	{ "hasVoorkeursrecht", "Integer(Boolean)" }, { "status", "String" },
	{ "designatedFrom", "Date" },         { "designatedUntil", "Date" },
	{ "currentPeriodStart", "Date" },     { "currentPeriodEnd", "Date" },
	{ "withdrawnOn", "Date" },            { "capDate", "Date" },
	{ "measures", "StringList" },         { "periods", "String" },
};

static char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static char *fmt(const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	char *s = NULL;
	if (vasprintf(&s, f, ap) < 0)
		abort();
	va_end(ap);
	return s;
}

/* ================================ running GDAL ================================ */

typedef struct gout {
	int   rc;   /* exit status, 128 + signal when killed, 127 when not found */
	char *cmd;  /* the command line, for messages */
	char *out;  /* stdout */
	char *err;  /* stderr (with --debug on: GDAL's HTTP log) */
} gout;

static char *read_all(int fd)
{
	size_t cap = 8192, n = 0;
	char *b = malloc(cap);
	ssize_t r;
	while (b && (r = read(fd, b + n, cap - n - 1)) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		n += (size_t)r;
		if (cap - n < 2) {
			cap *= 2;
			char *nb = realloc(b, cap);
			if (!nb) {
				free(b);
				return NULL;
			}
			b = nb;
		}
	}
	if (!b)
		abort();
	b[n] = '\0';
	return b;
}

/* Run argv (argv[0] looked up on PATH; "" arguments left out) with stdout and
 * stderr captured apart; killed by SIGALRM after GDAL_TIMEOUT_S.  Loopback is
 * never proxied. */
static gout *gdal_run(const char *const *argv)
{
	static int seq;
	gout *g = calloc(1, sizeof(*g));
	if (!g)
		abort();
	const char *av[64];
	size_t n = 0;
	for (const char *const *a = argv; *a && n < 63; a++)
		if (**a)
			av[n++] = *a;
	av[n] = NULL;
	g->cmd = strdup("");
	for (size_t i = 0; i < n; i++) {
		char *c = fmt("%s%s'%s'", g->cmd, i ? " " : "", av[i]);
		free(g->cmd);
		g->cmd = c;
	}
	char *errpath = fmt("%s/stderr-%d-%d", tmpdir, (int)getpid(), seq++);
	int efd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	int p[2];
	if (efd < 0 || pipe(p) != 0) {
		perror("gdal_run");
		abort();
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		abort();
	}
	if (pid == 0) {
		close(p[0]);
		dup2(p[1], 1);
		dup2(efd, 2);
		close(p[1]);
		close(efd);
		setenv("no_proxy", "127.0.0.1,localhost", 1);
		setenv("NO_PROXY", "127.0.0.1,localhost", 1);
		setenv("GDAL_HTTP_TIMEOUT", "10", 1);
		alarm(GDAL_TIMEOUT_S); /* survives exec: a hung GDAL dies of SIGALRM */
		execvp(av[0], (char *const *)(uintptr_t)av);
		fprintf(stderr, "exec %s: %s\n", av[0], strerror(errno));
		_exit(127);
	}
	close(p[1]);
	close(efd);
	g->out = read_all(p[0]);
	close(p[0]);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	g->rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	int rfd = open(errpath, O_RDONLY);
	g->err = rfd >= 0 ? read_all(rfd) : strdup("");
	if (rfd >= 0)
		close(rfd);
	unlink(errpath);
	free(errpath);
	return g;
}

static void gout_free(gout *g)
{
	if (!g)
		return;
	free(g->cmd);
	free(g->out);
	free(g->err);
	free(g);
}

/* Exit 0, and no "ERROR n:" or "Warning n:" line from GDAL. */
static void assert_clean(const gout *g)
{
	ck_assert_msg(g->rc == 0, "%s: exit %d\nstderr: %.1500s\nstdout: %.1500s", g->cmd, g->rc,
		      g->err, g->out);
	const char *l = g->err;
	while (l && *l) {
		size_t n = strcspn(l, "\n");
		ck_assert_msg(strncmp(l, "ERROR", 5) != 0 && strncmp(l, "Warning", 7) != 0,
			      "%s: %.*s", g->cmd, (int)n, l);
		l += n + (l[n] == '\n');
	}
}

/* "OAPIF:<base>/ogc/v1" with an optional query (NULL for none). */
static char *oapif(const char *query)
{
	return fmt("OAPIF:%s/ogc/v1%s%s", srv.base, query ? "?" : "", query ? query : "");
}

/* With GDAL >= 3.7 the driver's default is the collection's storageCrs (RD
 * here), so CRS84 has to be asked for with -oo CRS=OGC:CRS84; 3.6 knows only
 * CRS84 and has no such option.  CRS84_OO is two arguments, both "" (left
 * out by gdal_run) on 3.6. */
static const char *crs84_flag(void)
{
	return gdal_has_crs ? "-oo" : "";
}

static const char *crs84_value(void)
{
	return gdal_has_crs ? "CRS=OGC:CRS84" : "";
}

#define CRS84_OO crs84_flag(), crs84_value()

/* ================================ GDAL's requests ================================ */

typedef struct urls {
	char  *v[64];
	size_t n;
} urls;

/* The items requests GDAL made, in order, from its --debug log
 * ("HTTP: Fetch(<url>)"). */
static void item_fetches(const char *err, urls *u)
{
	memset(u, 0, sizeof(*u));
	const char *needle = "HTTP: Fetch(";
	for (const char *p = strstr(err, needle); p; p = strstr(p, needle)) {
		p += strlen(needle);
		size_t n = strcspn(p, ")\n");
		char *url = strndup(p, n);
		if (strstr(url, ITEMS) && u->n < sizeof(u->v) / sizeof(u->v[0]))
			u->v[u->n++] = url;
		else
			free(url);
	}
}

static void urls_free(urls *u)
{
	for (size_t i = 0; i < u->n; i++)
		free(u->v[i]);
	u->n = 0;
}

/* GDAL read the layer by following rel=next verbatim: from its last items
 * request without an offset or a cursor (the first page; an identical earlier
 * one is its schema probe), every following request is exactly the next link that this
 * server gives for the page before, and the last page has none.  Returns the
 * number of pages read. */
static int assert_followed_next_links(const urls *u)
{
	size_t first = u->n;
	for (size_t i = 0; i < u->n; i++)
		if (!strstr(u->v[i], "offset=") && !strstr(u->v[i], "cursor="))
			first = i;
	ck_assert_msg(first < u->n, "no first-page request among GDAL's %zu items requests", u->n);
	size_t blen = strlen(srv.base);
	int pages = 0;
	for (size_t i = first; i < u->n; i++) {
		ck_assert_msg(!strncmp(u->v[i], srv.base, blen), "not this server: %s", u->v[i]);
		tresp *r = t_request(srv.base, "GET", u->v[i] + blen, NULL, NULL);
		ck_assert_msg(r->status == 200 && r->json, "GET %s: %ld %s", u->v[i], r->status,
			      r->body);
		const char *next = eh_link(r, "next");
		if (i + 1 < u->n) {
			ck_assert_msg(next, "GDAL asked for %s after the last page %s", u->v[i + 1],
				      u->v[i]);
			ck_assert_str_eq(u->v[i + 1], next);
		} else {
			ck_assert_msg(!next, "GDAL stopped at %s, whose next is %s", u->v[i], next);
		}
		t_free(r);
		pages++;
	}
	return pages;
}

/* ================================ ids and geometry ================================ */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The ids sorted and comma-joined (malloc'd); asserts there is no duplicate. */
static char *id_list(const char **ids, size_t n)
{
	qsort(ids, n, sizeof(*ids), cmp_str);
	char *s = strdup("");
	for (size_t i = 0; i < n; i++) {
		if (i)
			ck_assert_msg(strcmp(ids[i - 1], ids[i]) != 0, "id %s twice", ids[i]);
		char *t = fmt("%s%s%s", s, i ? "," : "", ids[i]);
		free(s);
		s = t;
	}
	return s;
}

/* The id of a feature GDAL wrote: its string id member becomes property "id". */
static const char *gdal_feature_id(json_t *f)
{
	const char *id = json_string_value(json_object_get(json_object_get(f, "properties"), "id"));
	return id ? id : json_string_value(json_object_get(f, "id"));
}

/* The GeoJSON file ogr2ogr wrote; its features in *features (borrowed). */
static json_t *load_output(const char *path, json_t **features)
{
	json_error_t e;
	json_t *doc = json_load_file(path, 0, &e);
	ck_assert_msg(doc, "%s: %s (line %d)", path, e.text, e.line);
	*features = json_object_get(doc, "features");
	ck_assert_msg(json_is_array(*features), "%s has no features array", path);
	return doc;
}

static char *ids_of_features(json_t *features, bool written_by_gdal)
{
	size_t n = json_array_size(features);
	const char **ids = calloc(n ? n : 1, sizeof(*ids));
	for (size_t i = 0; i < n; i++) {
		json_t *f = json_array_get(features, i);
		ids[i] = written_by_gdal ? gdal_feature_id(f)
					 : json_string_value(json_object_get(f, "id"));
		ck_assert_msg(ids[i], "feature %zu has no id", i);
	}
	char *s = id_list(ids, n);
	free(ids);
	return s;
}

/* The ids (sorted, comma-joined, malloc'd) of GET path. */
static char *api_ids(const char *path, long *matched)
{
	tresp *r = t_request(srv.base, "GET", path, NULL, NULL);
	ck_assert_msg(r->status == 200 && r->json, "GET %s: %ld %s", path, r->status, r->body);
	ck_assert_msg(!eh_link(r, "next"), "GET %s is more than one page", path);
	if (matched)
		*matched = (long)t_int(r->json, "numberMatched");
	char *s = ids_of_features(json_object_get(r->json, "features"), false);
	t_free(r);
	return s;
}

/* The ids (sorted, comma-joined, malloc'd) of the designations PostGIS says
 * intersect the box in srid (a CRS84 box is compared in 4326). */
static char *postgis_ids(int srid, const char *minx, const char *miny, const char *maxx,
			 const char *maxy)
{
	const char *p[] = { minx, miny, maxx, maxy, NULL };
	char *v = eh_pg_value(
		eh_db(),
		srid == 28992
			? "SELECT coalesce(string_agg(id::text, ',' ORDER BY id::text COLLATE \"C\"), '')"
			  " FROM designations WHERE ST_Intersects(geom, ST_MakeEnvelope($1::float8,"
			  " $2::float8, $3::float8, $4::float8, 28992))"
			: "SELECT coalesce(string_agg(id::text, ',' ORDER BY id::text COLLATE \"C\"), '')"
			  " FROM designations WHERE ST_Intersects(ST_Transform(geom, 4326),"
			  " ST_MakeEnvelope($1::float8, $2::float8, $3::float8, $4::float8, 4326))",
		p);
	return v ? v : strdup("");
}

static char *all_db_ids(void)
{
	char *v = eh_pg_value(eh_db(),
			      "SELECT string_agg(id::text, ',' ORDER BY id::text COLLATE \"C\")"
			      " FROM designations",
			      NULL);
	ck_assert_ptr_nonnull(v);
	return v;
}

static size_t count_ids(const char *list)
{
	if (!*list)
		return 0;
	size_t n = 1;
	for (const char *s = list; *s; s++)
		n += *s == ',';
	return n;
}

/* The largest coordinate difference between two GeoJSON coordinate arrays of
 * the same shape; asserts the shapes agree. */
static double coord_diff(json_t *a, json_t *b, const char *id)
{
	if (json_is_number(a) || json_is_number(b)) {
		ck_assert_msg(json_is_number(a) && json_is_number(b), "%s: shape differs", id);
		return fabs(json_number_value(a) - json_number_value(b));
	}
	ck_assert_msg(json_is_array(a) && json_is_array(b), "%s: not coordinates", id);
	ck_assert_msg(json_array_size(a) == json_array_size(b), "%s: %zu vs %zu elements", id,
		      json_array_size(a), json_array_size(b));
	double d = 0;
	for (size_t i = 0; i < json_array_size(a); i++) {
		double e = coord_diff(json_array_get(a, i), json_array_get(b, i), id);
		if (e > d)
			d = e;
	}
	return d;
}

/* Every feature's geometry within tol of PostGIS's (rd: geom as stored in
 * RD; otherwise ST_Transform(geom, 4326)); returns the largest difference. */
static double assert_geometries_match(json_t *features, bool rd, double tol)
{
	double worst = 0;
	for (size_t i = 0; i < json_array_size(features); i++) {
		json_t *f = json_array_get(features, i);
		const char *id = gdal_feature_id(f);
		const char *p[] = { id, NULL };
		char *ref = eh_pg_value(eh_db(),
					rd ? "SELECT ST_AsGeoJSON(geom, 15, 0) FROM designations"
					     " WHERE id = $1::uuid"
					   : "SELECT ST_AsGeoJSON(ST_Transform(geom, 4326), 15, 0)"
					     " FROM designations WHERE id = $1::uuid",
					p);
		ck_assert_msg(ref, "%s is not in the database", id);
		json_t *rj = json_loads(ref, 0, NULL);
		json_t *g = json_object_get(f, "geometry");
		ck_assert_str_eq(t_str(g, "type"), t_str(rj, "type"));
		double d = coord_diff(json_object_get(g, "coordinates"),
				      json_object_get(rj, "coordinates"), id);
		ck_assert_msg(d <= tol, "%s: GDAL's coordinates are %.3g off PostGIS's (%s)", id, d,
			      rd ? "RD, metres" : "CRS84, degrees");
		if (d > worst)
			worst = d;
		json_decref(rj);
		free(ref);
	}
	return worst;
}

/* Public designation fields only, of GM0505, active. */
static void assert_public_properties(json_t *features)
{
	for (size_t i = 0; i < json_array_size(features); i++) {
		json_t *p = json_object_get(json_array_get(features, i), "properties");
		const char *k;
		json_t *v;
		json_object_foreach(p, k, v) {
			(void)v;
			bool known = false;
			for (const char *const *a = PUBLIC_PROPERTIES; *a; a++)
				known = known || !strcmp(*a, k);
			ck_assert_msg(known, "property %s is not a public designation field", k);
		}
		ck_assert_str_eq(t_str(p, "municipalityCode"), MUNI);
		ck_assert_str_eq(t_str(p, "status"), "active");
		ck_assert_msg(!strncmp(t_str(p, "name"), "D ", 2), "name %s", t_str(p, "name"));
	}
}

/* The name of the CRS in the crs member of a GeoJSON file GDAL wrote. */
static const char *output_crs(json_t *doc)
{
	json_t *props = json_object_get(json_object_get(doc, "crs"), "properties");
	const char *name = json_string_value(json_object_get(props, "name"));
	return name ? name : "(none)";
}

/* ogr2ogr -f GeoJSON <dir>/<name>.geojson <src> designations <args…> --debug on */
static gout *ogr2ogr(const char *name, const char *src, const char *const *args, char **path)
{
	*path = fmt("%s/%s.geojson", tmpdir, name);
	unlink(*path);
	const char *argv[40] = { "ogr2ogr", "--debug", "on", "-f", "GeoJSON", *path, src,
				 "designations" };
	int n = 8;
	for (const char *const *a = args; a && *a && n < 39; a++)
		argv[n++] = *a;
	argv[n] = NULL;
	return gdal_run(argv);
}

/* ================================ the tests ================================ */

/* Every field of FIELD_TYPES in ogrinfo's summary out with its type, but
 * measures as list_type (a GeoPackage has no list type). */
static void assert_field_types(const char *out, const char *list_type)
{
	for (size_t i = 0; i < sizeof(FIELD_TYPES) / sizeof(FIELD_TYPES[0]); i++) {
		const char *type = strcmp(FIELD_TYPES[i][0], "measures") ? FIELD_TYPES[i][1] : list_type;
		char *line = fmt("\n%s: %s (", FIELD_TYPES[i][0], type);
		ck_assert_msg(strstr(out, line), "no \"%s: %s\" in:\n%s", FIELD_TYPES[i][0], type,
			      out);
		free(line);
	}
}

START_TEST(ogrinfo_lists_the_collection_and_trusts_number_matched)
{
	char *src = oapif(NULL);
	const char *list[] = { "ogrinfo", "-ro", "-so", src, NULL };
	gout *g = gdal_run(list);
	assert_clean(g);
	ck_assert_msg(strstr(g->out, "\n1: designations ") || !strncmp(g->out, "1: designations ", 16),
		      "no layer designations in:\n%s", g->out);
	ck_assert_msg(!strstr(g->out, "\n2: "), "more than one layer:\n%s", g->out);
	gout_free(g);

	/* the layer's summary; the count comes from numberMatched of one request */
	const char *summary[] = { "ogrinfo", "--debug", "on", "-ro", "-so", "-al", CRS84_OO,
				  src, "designations", NULL };
	g = gdal_run(summary);
	assert_clean(g);
	ck_assert_msg(strstr(g->out, "Layer name: designations\n"), "%s", g->out);
	ck_assert_msg(strstr(g->out, "Geometry: Multi Polygon\n"), "%s", g->out);
	ck_assert_msg(strstr(g->out, "\nFeature Count: 25\n"), "no \"Feature Count: 25\" in:\n%s",
		      g->out);
	urls u;
	item_fetches(g->err, &u);
	ck_assert_msg(u.n == 1 && !strstr(u.v[0], "offset="),
		      "GDAL made %zu items requests to count (first %s)", u.n, u.n ? u.v[0] : "-");
	urls_free(&u);
	/* the extent is the collection's, computed from the data */
	const char *e = strstr(g->out, "\nExtent: (");
	ck_assert_msg(e, "no extent in:\n%s", g->out);
	double x0, y0, x1, y1;
	ck_assert_int_eq(sscanf(e, "\nExtent: (%lf, %lf) - (%lf, %lf)", &x0, &y0, &x1, &y1), 4);
	double gx0 = LON0, gy0 = LAT0, gx1 = LON0 + (GRID - 1) * STEP + SIZE,
	       gy1 = LAT0 + (GRID - 1) * STEP + SIZE;
	ck_assert_msg(x0 <= gx0 && y0 <= gy0 && x1 >= gx1 && y1 >= gy1 && x0 > gx0 - 0.01 &&
			      y0 > gy0 - 0.01 && x1 < gx1 + 0.01 && y1 < gy1 + 0.01,
		      "extent (%f, %f) - (%f, %f) is not the data's", x0, y0, x1, y1);
	gout_free(g);

	/* an attribute filter GDAL finds in /ogc/v1/api and hands to the server */
	const char *where[] = { "ogrinfo", "--debug", "on", "-ro", "-al", "-q", CRS84_OO,
				src, "designations", "-where", "status = 'active'", NULL };
	g = gdal_run(where);
	assert_clean(g);
	item_fetches(g->err, &u);
	bool pushed = false;
	for (size_t i = 0; i < u.n; i++)
		pushed = pushed || strstr(u.v[i], "status=active");
	ck_assert_msg(pushed, "GDAL filtered status itself:\n%.1500s", g->err);
	urls_free(&u);
	size_t n = 0;
	for (const char *p = strstr(g->out, "OGRFeature(designations)"); p;
	     p = strstr(p + 1, "OGRFeature(designations)"))
		n++;
	ck_assert_uint_eq(n, N_FEATURES);
	gout_free(g);

	/* the collection's own URL opens just that layer */
	char *one = fmt("OAPIF:%s/ogc/v1/collections/designations", srv.base);
	const char *coll[] = { "ogrinfo", "-ro", "-so", one, NULL };
	g = gdal_run(coll);
	assert_clean(g);
	ck_assert_msg(strstr(g->out, "1: designations "), "%s", g->out);
	gout_free(g);
	free(one);
	free(src);
}
END_TEST

/* GDAL types the fields from the collection's schema (a date that is null
 * on every feature of the first page is still a Date), and a GeoPackage
 * made by ogr2ogr keeps the types. */
START_TEST(gdal_types_the_fields_from_the_schema_and_a_geopackage_keeps_them)
{
	char *src = oapif(NULL);
	const char *summary[] = { "ogrinfo", "--debug", "on", "-ro", "-so", "-al", CRS84_OO, src,
				  "designations", NULL };
	gout *g = gdal_run(summary);
	assert_clean(g);
	ck_assert_msg(strstr(g->err, "/ogc/v1/collections/designations/schema"),
		      "GDAL did not read the schema:\n%.1500s", g->err);
	assert_field_types(g->out, "StringList");
	gout_free(g);

	char *gpkg = fmt("%s/designations.gpkg", tmpdir);
	unlink(gpkg);
	const char *export[] = { "ogr2ogr", "-f", "GPKG", gpkg, src, "designations", CRS84_OO, NULL };
	g = gdal_run(export);
	ck_assert_msg(g->rc == 0, "ogr2ogr -f GPKG: %d %s", g->rc, g->err);
	gout_free(g);
	const char *info[] = { "ogrinfo", "-ro", "-so", gpkg, "designations", NULL };
	g = gdal_run(info);
	assert_clean(g);
	assert_field_types(g->out, "String");
	gout_free(g);
	/* the values: every feature has its measures as one text and no withdrawal */
	const char *sql[] = { "ogrinfo", "-ro", "-q", gpkg, "-sql",
			      "SELECT count(*) AS n FROM designations WHERE measuresText = "
			      "'art8' AND withdrawnOn IS NULL AND hasVoorkeursrecht = 0",
			      NULL };
	g = gdal_run(sql);
	assert_clean(g);
	char *want = fmt("n (Integer) = %d", N_FEATURES);
	ck_assert_msg(strstr(g->out, want), "not %s in:\n%s", want, g->out);
	gout_free(g);
	free(want);
	free(gpkg);
	free(src);
}
END_TEST

START_TEST(ogr2ogr_pages_through_every_feature_in_crs84)
{
	char *src = oapif(NULL), *path;
	const char *args[] = { "-oo", "PAGE_SIZE=7", CRS84_OO, NULL };
	gout *g = ogr2ogr("all_crs84", src, args, &path);
	assert_clean(g);
	urls u;
	item_fetches(g->err, &u);
	int pages = assert_followed_next_links(&u);
	ck_assert_int_eq(pages, (N_FEATURES + 6) / 7); /* 7 + 7 + 7 + 4 */
	for (size_t i = 0; i < u.n; i++)
		ck_assert_msg(strstr(u.v[i], "limit=7"), "page size not 7: %s", u.v[i]);
	urls_free(&u);

	json_t *features;
	json_t *doc = load_output(path, &features);
	ck_assert_uint_eq(json_array_size(features), N_FEATURES);
	char *got = ids_of_features(features, true), *want = all_db_ids();
	ck_assert_str_eq(got, want);
	const char *crs = output_crs(doc);
	ck_assert_msg(!strcmp(crs, "(none)") || strstr(crs, "CRS84") || strstr(crs, "4326"),
		      "output CRS %s", crs);
	double worst = assert_geometries_match(features, false, CRS84_TOL);
	assert_public_properties(features);
	printf("ogr2ogr CRS84: %d pages, %zu features, largest difference from PostGIS %.2g°\n",
	       pages, json_array_size(features), worst);
	json_decref(doc);
	free(got);
	free(want);
	gout_free(g);
	free(path);
	free(src);
}
END_TEST

START_TEST(ogr2ogr_bbox_in_crs84_is_the_servers_strict_subset)
{
	char *src = oapif(NULL), *path;
	const char *args[] = { "-oo", "PAGE_SIZE=4", CRS84_OO, "-spat", SPAT_MINX, SPAT_MINY,
			       SPAT_MAXX, SPAT_MAXY, NULL };
	gout *g = ogr2ogr("bbox_crs84", src, args, &path);
	assert_clean(g);
	urls u;
	item_fetches(g->err, &u);
	int pages = assert_followed_next_links(&u);
	ck_assert_int_eq(pages, 2); /* 4 + 2 */
	/* the server filtered: every page GDAL read asked for the box */
	for (size_t i = u.n - (size_t)pages; i < u.n; i++)
		ck_assert_msg(strstr(u.v[i], "bbox="), "no bbox in %s", u.v[i]);
	urls_free(&u);

	json_t *features;
	json_t *doc = load_output(path, &features);
	char *got = ids_of_features(features, true);
	long matched = -1;
	char *api = api_ids(ITEMS "?limit=1000&bbox=" SPAT_MINX "," SPAT_MINY "," SPAT_MAXX
				  "," SPAT_MAXY,
			    &matched);
	char *pg = postgis_ids(4326, SPAT_MINX, SPAT_MINY, SPAT_MAXX, SPAT_MAXY);
	ck_assert_uint_eq(count_ids(got), SPAT_COUNT); /* non-empty, fewer than 25 */
	ck_assert_str_eq(got, api);
	ck_assert_str_eq(got, pg);
	ck_assert_int_eq(matched, SPAT_COUNT);
	assert_geometries_match(features, false, CRS84_TOL);
	printf("ogr2ogr -spat (CRS84): %zu of %d features, the server's and PostGIS's\n",
	       count_ids(got), N_FEATURES);
	json_decref(doc);
	free(got);
	free(api);
	free(pg);
	gout_free(g);
	free(path);
	free(src);
}
END_TEST

/* The RD envelope of RDBOX_CRS84, whole metres outward. */
static void rd_box(long box[4])
{
	char *v = eh_pg_value(
		eh_db(),
		"SELECT concat_ws(' ', floor(ST_XMin(b))::bigint, floor(ST_YMin(b))::bigint,"
		" ceil(ST_XMax(b))::bigint, ceil(ST_YMax(b))::bigint) FROM (SELECT"
		" ST_Transform(ST_MakeEnvelope(" RDBOX_CRS84 ", 4326), 28992) AS b) q",
		NULL);
	ck_assert_ptr_nonnull(v);
	ck_assert_int_eq(sscanf(v, "%ld %ld %ld %ld", &box[0], &box[1], &box[2], &box[3]), 4);
	free(v);
}

START_TEST(rd_new_through_gdal)
{
	/* ---- every feature, RD coordinates, in pages of 7 ---- */
	char *src, *path;
	gout *g;
	if (gdal_has_crs) {
		src = oapif(NULL);
		const char *args[] = { "-oo", "PAGE_SIZE=7", "-oo", "CRS=EPSG:28992", NULL };
		g = ogr2ogr("all_rd", src, args, &path);
	} else {
		/* the driver adds the URL's query to every request it makes */
		src = oapif("crs=" RD_CRS_URI_ENC);
		const char *args[] = { "-oo", "PAGE_SIZE=7", "-a_srs", "EPSG:28992", NULL };
		g = ogr2ogr("all_rd", src, args, &path);
	}
	assert_clean(g);
	urls u;
	item_fetches(g->err, &u);
	int pages = assert_followed_next_links(&u);
	ck_assert_int_eq(pages, (N_FEATURES + 6) / 7);
	for (size_t i = u.n - (size_t)pages; i < u.n; i++)
		ck_assert_msg(strstr(u.v[i], "crs=") && strstr(u.v[i], "28992"), "not RD: %s",
			      u.v[i]);
	urls_free(&u);
	json_t *features;
	json_t *doc = load_output(path, &features);
	ck_assert_uint_eq(json_array_size(features), N_FEATURES);
	char *got = ids_of_features(features, true), *want = all_db_ids();
	ck_assert_str_eq(got, want);
	ck_assert_msg(strstr(output_crs(doc), "28992"), "output CRS %s", output_crs(doc));
	double worst = assert_geometries_match(features, true, RD_TOL);
	assert_public_properties(features);
	printf("ogr2ogr RD: %d pages, %zu features, largest difference from PostGIS %.2g m\n", pages,
	       json_array_size(features), worst);
	json_decref(doc);
	free(got);
	free(want);
	gout_free(g);
	free(path);
	free(src);

	/* ---- the count in RD ---- */
	if (gdal_has_crs) {
		src = oapif(NULL);
		const char *info[] = { "ogrinfo", "-ro", "-so", "-al", "-oo", "CRS=EPSG:28992",
				       src, "designations", NULL };
		g = gdal_run(info);
		assert_clean(g);
		ck_assert_msg(strstr(g->out, "28992"), "layer SRS is not RD:\n%s", g->out);
	} else {
		src = oapif("crs=" RD_CRS_URI_ENC);
		const char *info[] = { "ogrinfo", "-ro", "-so", "-al", src, "designations", NULL };
		g = gdal_run(info);
		assert_clean(g);
	}
	ck_assert_msg(strstr(g->out, "\nFeature Count: 25\n"), "%s", g->out);
	gout_free(g);
	free(src);

	/* ---- a box in RD ---- */
	long b[4];
	rd_box(b);
	char sx0[24], sy0[24], sx1[24], sy1[24];
	snprintf(sx0, sizeof(sx0), "%ld", b[0]);
	snprintf(sy0, sizeof(sy0), "%ld", b[1]);
	snprintf(sx1, sizeof(sx1), "%ld", b[2]);
	snprintf(sy1, sizeof(sy1), "%ld", b[3]);
	if (gdal_has_crs) {
		src = oapif(NULL);
		const char *args[] = { "-oo", "PAGE_SIZE=4", "-oo", "CRS=EPSG:28992", "-spat", sx0, sy0,
				       sx1, sy1, NULL };
		g = ogr2ogr("bbox_rd", src, args, &path);
	} else {
		/* in the server's own encoding of its next links, so the driver
		 * recognises them as carrying the query already */
		char *q = fmt("crs=%s&bbox-crs=%s&bbox=%ld%%2C%ld%%2C%ld%%2C%ld", RD_CRS_URI_ENC,
			      RD_CRS_URI_ENC, b[0], b[1], b[2], b[3]);
		src = oapif(q);
		free(q);
		const char *args[] = { "-oo", "PAGE_SIZE=4", "-a_srs", "EPSG:28992", NULL };
		g = ogr2ogr("bbox_rd", src, args, &path);
	}
	assert_clean(g);
	item_fetches(g->err, &u);
	pages = assert_followed_next_links(&u);
	ck_assert_int_eq(pages, 2); /* 4 + 2 */
	for (size_t i = u.n - (size_t)pages; i < u.n; i++)
		ck_assert_msg(strstr(u.v[i], "bbox=") && strstr(u.v[i], "bbox-crs="),
			      "no RD bbox in %s", u.v[i]);
	urls_free(&u);
	doc = load_output(path, &features);
	got = ids_of_features(features, true);
	char *apipath = fmt(ITEMS "?limit=1000&bbox-crs=%s&bbox=%ld,%ld,%ld,%ld", RD_CRS_URI_ENC,
			    b[0], b[1], b[2], b[3]);
	long matched = -1;
	char *api = api_ids(apipath, &matched);
	char *pg = postgis_ids(28992, sx0, sy0, sx1, sy1);
	ck_assert_uint_eq(count_ids(got), RDBOX_COUNT);
	ck_assert_str_eq(got, api);
	ck_assert_str_eq(got, pg);
	ck_assert_int_eq(matched, RDBOX_COUNT);
	assert_geometries_match(features, true, RD_TOL);
	printf("ogr2ogr bbox in RD (%ld,%ld,%ld,%ld): %zu of %d features, the server's and "
	       "PostGIS's\n",
	       b[0], b[1], b[2], b[3], count_ids(got), N_FEATURES);
	json_decref(doc);
	free(apipath);
	free(got);
	free(api);
	free(pg);
	gout_free(g);
	free(path);
	free(src);
}
END_TEST

/* ================================ setup ================================ */

/* GDAL's version from `ogrinfo --version` ("GDAL 3.6.2, released …");
 * false when ogrinfo cannot be run. */
static bool detect_gdal(void)
{
	const char *argv[] = { "ogrinfo", "--version", NULL };
	gout *g = gdal_run(argv);
	bool ok = g->rc == 0 && sscanf(g->out, "GDAL %d.%d", &gdal_major, &gdal_minor) == 2;
	if (ok) {
		snprintf(gdal_version, sizeof(gdal_version), "%.*s", (int)strcspn(g->out, ",\n"),
			 g->out);
		gdal_has_crs = gdal_major > 3 || (gdal_major == 3 && gdal_minor >= 7);
	} else {
		fprintf(stderr, "test_ogc_gdal: `ogrinfo --version` failed (exit %d): %s%s\n", g->rc,
			g->err, g->out);
	}
	gout_free(g);
	return ok;
}

/* The 25 squares, through the API as GM0505's admin. */
static void seed(void)
{
	const char *h[] = { eh_admin(MUNI), NULL };
	for (int j = 0; j < GRID; j++)
		for (int k = 0; k < GRID; k++) {
			char name[16];
			snprintf(name, sizeof(name), "D %d %d", j, k);
			char *g = eh_square(LON0 + k * STEP, LAT0 + j * STEP, SIZE);
			char *body = eh_create_body(MUNI, name, g, eh_today_plus(-10),
						    eh_today_plus(300));
			tresp *r = t_request(srv.base, "POST", "/api/v1/designations", body, h);
			if (r->status != 201) {
				fprintf(stderr, "test_ogc_gdal: creating %s: %ld %s\n", name,
					r->status, r->body);
				tserver_stop(&srv);
				exit(1);
			}
			t_free(r);
			free(body);
			free(g);
		}
}

static void remove_tmpdir(void)
{
	if (!tmpdir[0] || getpid() != tmpdir_owner)
		return;
	DIR *d = opendir(tmpdir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			char *p = fmt("%s/%s", tmpdir, e->d_name);
			unlink(p);
			free(p);
		}
	closedir(d);
	rmdir(tmpdir);
}

int main(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/wvlv-e2e-gdal-XXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	tmpdir_owner = getpid();
	atexit(remove_tmpdir); /* Check's forked children exit too: see the owner check */
	if (!detect_gdal()) {
		fprintf(stderr,
			"test_ogc_gdal: FAILED: GDAL's ogrinfo/ogr2ogr are not usable. They come "
			"from the Debian package gdal-bin, which the test command installs "
			"(scripts/deps.sh --test); install it with `apt-get install gdal-bin`.\n");
		return 1;
	}
	printf("test_ogc_gdal: %s\n", gdal_version);
	if (!gdal_has_crs)
		printf("test_ogc_gdal: note: RD via GDAL's own CRS support (-oo CRS=EPSG:28992) "
		       "needs GDAL >= 3.7 (this machine has %s). RD is checked instead through "
		       "the OAPIF driver with crs, bbox-crs and bbox as query parameters of the "
		       "connection URL (added by the driver to every request) and the layer SRS "
		       "assigned with -a_srs: the server's RD output, paging and RD bbox are "
		       "proven with GDAL, GDAL's own CRS negotiation is not.\n",
		       gdal_version);
	fflush(stdout);

	conninfo = e2e_start(&srv, "wvlv_e2e_ogc_gdal");
	seed();

	Suite *s = suite_create("ogc_gdal");
	TCase *tc = e2e_case(s, "gdal", 60);
	tcase_add_test(tc, ogrinfo_lists_the_collection_and_trusts_number_matched);
	tcase_add_test(tc, gdal_types_the_fields_from_the_schema_and_a_geopackage_keeps_them);
	tcase_add_test(tc, ogr2ogr_pages_through_every_feature_in_crs84);
	tcase_add_test(tc, ogr2ogr_bbox_in_crs84_is_the_servers_strict_subset);
	tcase_add_test(tc, rd_new_through_gdal);
	return e2e_run(s, &srv);
}
