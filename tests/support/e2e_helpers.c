/* e2e_helpers.c — see e2e_helpers.h. */
#include "e2e_helpers.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "tokens.h"
#include "wvlv/date.h"

/* ---- requests with a token -------------------------------------------------------- */

static const char *eh_conninfo;

void eh_init(const char *conninfo)
{
	eh_conninfo = conninfo;
}

/* The tokens this process has made. */
typedef struct eh_token {
	char muni[8];     /* "" for the national token, "*" for the national admin */
	char header[128];
} eh_token;

static eh_token eh_tokens[128];
static int eh_ntokens;

static const char *token_of(const char *muni)
{
	for (int i = 0; i < eh_ntokens; i++)
		if (strcmp(eh_tokens[i].muni, muni ? muni : "") == 0)
			return eh_tokens[i].header;
	if (!eh_conninfo) {
		fprintf(stderr, "e2e: eh_init() was not called\n");
		exit(1);
	}
	if (eh_ntokens == (int)(sizeof(eh_tokens) / sizeof(eh_tokens[0]))) {
		fprintf(stderr, "e2e: too many tokens\n");
		exit(1);
	}
	eh_token *t = &eh_tokens[eh_ntokens++];
	snprintf(t->muni, sizeof(t->muni), "%s", muni ? muni : "");
	bool nat_admin = muni && strcmp(muni, "*") == 0;
	snprintf(t->header, sizeof(t->header), "%s",
		 ttoken_header(eh_conninfo, nat_admin ? NULL : muni,
			       muni ? "admin" : NULL));
	return t->header;
}

const char *eh_national_admin(void)
{
	return token_of("*");
}

const char *eh_admin(const char *municipality)
{
	return token_of(municipality);
}

const char *eh_national(void)
{
	return token_of(NULL);
}

static bool muni_valid(const char *s)
{
	if (!s || strlen(s) != 6 || s[0] != 'G' || s[1] != 'M')
		return false;
	return strspn(s + 2, "0123456789") == 4;
}

/* The municipality of the designation whose id follows /designations/ in
 * path ("" when there is none, "GM0505" when it is unknown). */
static void path_municipality(const char *path, char out[8])
{
	out[0] = '\0';
	const char *p = strstr(path, "/designations/");
	if (!p)
		return;
	p += strlen("/designations/");
	size_t n = strcspn(p, "/?");
	if (n != 36)
		return;
	char id[37];
	memcpy(id, p, 36);
	id[36] = '\0';
	for (int i = 0; i < 36; i++)
		id[i] = (char)(id[i] >= 'A' && id[i] <= 'F' ? id[i] - 'A' + 'a' : id[i]);
	const char *params[] = { id };
	PGresult *r = PQexecParams(eh_db(),
				   "SELECT municipality_code FROM designations WHERE id::text = $1", 1,
				   NULL, params, NULL, NULL, 0);
	snprintf(out, 8, "%s",
		 PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 ? PQgetvalue(r, 0, 0)
									   : "GM0505");
	PQclear(r);
}

const char *eh_auth_for(const char *method, const char *path, const char *body)
{
	char muni[8];
	path_municipality(path, muni);
	if (muni[0])
		return eh_admin(muni);
	json_t *j = body ? json_loads(body, 0, NULL) : NULL;
	const char *m = json_string_value(json_object_get(j, "municipalityCode"));
	if (muni_valid(m))
		snprintf(muni, sizeof(muni), "%s", m);
	json_decref(j);
	if (muni[0])
		return eh_admin(muni);
	if (strncmp(path, "/api/v1/equated-holidays", 24) == 0 && strcmp(method, "GET") != 0)
		return eh_national_admin(); /* national data */
	return strcmp(method, "GET") == 0 ? eh_national() : eh_admin("GM0505");
}

tresp *eh_request(const char *base, const char *method, const char *path, const char *body,
		  const char *const *headers)
{
	const char *h[32];
	int n = 0;
	bool has_auth = false;
	for (const char *const *p = headers; p && *p && n < 30; p++) {
		if (strncasecmp(*p, "Authorization", 13) == 0)
			has_auth = true;
		h[n++] = *p;
	}
	if (!has_auth)
		h[n++] = eh_auth_for(method, path, body);
	h[n] = NULL;
	return t_request(base, method, path, body, h);
}

/* ---- the database ------------------------------------------------------------ */

PGconn *eh_pg(const char *conninfo)
{
	PGconn *c = PQconnectdb(conninfo);
	if (!c || PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "e2e: cannot connect to %s: %s\n", conninfo,
			c ? PQerrorMessage(c) : "out of memory");
		exit(1);
	}
	return c;
}

PGconn *eh_db(void)
{
	static PGconn *c;
	static PGconn *volatile parents; /* volatile: the store must survive -O2 */
	static pid_t owner;
	if (!eh_conninfo) {
		fprintf(stderr, "e2e: eh_init() was not called\n");
		exit(1);
	}
	if (!c || owner != getpid()) {
		if (c)
			parents = c;
		c = eh_pg(eh_conninfo);
		owner = getpid();
	}
	(void)parents;
	return c;
}

char *eh_pg_value(PGconn *c, const char *sql, const char *const *params)
{
	int n = 0;
	while (params && params[n])
		n++;
	PGresult *res = PQexecParams(c, sql, n, NULL, params, NULL, NULL, 0);
	ExecStatusType st = PQresultStatus(res);
	ck_assert_msg(st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK, "%s: %s", sql,
		      PQerrorMessage(c));
	char *v = NULL;
	if (st == PGRES_TUPLES_OK && PQntuples(res) > 0 && !PQgetisnull(res, 0, 0))
		v = strdup(PQgetvalue(res, 0, 0));
	PQclear(res);
	return v;
}

long eh_pg_long(PGconn *c, const char *sql, const char *const *params)
{
	char *v = eh_pg_value(c, sql, params);
	ck_assert_msg(v != NULL, "%s returned no value", sql);
	long n = strtol(v, NULL, 10);
	free(v);
	return n;
}

static const char SNAPSHOT_SQL[] =
	"SELECT (SELECT count(*) FROM designations),"
	" (SELECT count(*) FROM designation_periods),"
	" (SELECT coalesce(sum(version), 0) FROM designations),"
	" (SELECT count(*) FROM idempotency_keys),"
	" (SELECT count(*) FROM audit_log WHERE entity = 'designation'),"
	" md5(coalesce((SELECT string_agg(d::text, '|' ORDER BY d.id) FROM designations d), '')"
	" || '#' || coalesce((SELECT string_agg(p::text, '|' ORDER BY p.designation_id, p.sequence)"
	" FROM designation_periods p), ''))";

void eh_snapshot_take(PGconn *c, eh_snapshot *s)
{
	PGresult *res = PQexec(c, SNAPSHOT_SQL);
	ck_assert_msg(PQresultStatus(res) == PGRES_TUPLES_OK, "snapshot: %s", PQerrorMessage(c));
	s->designations = strtol(PQgetvalue(res, 0, 0), NULL, 10);
	s->periods = strtol(PQgetvalue(res, 0, 1), NULL, 10);
	s->version_sum = strtol(PQgetvalue(res, 0, 2), NULL, 10);
	s->idempotency_keys = strtol(PQgetvalue(res, 0, 3), NULL, 10);
	s->audit_rows = strtol(PQgetvalue(res, 0, 4), NULL, 10);
	snprintf(s->digest, sizeof(s->digest), "%s", PQgetvalue(res, 0, 5));
	PQclear(res);
}

void eh_assert_unchanged(PGconn *c, const eh_snapshot *before)
{
	eh_snapshot now;
	eh_snapshot_take(c, &now);
	ck_assert_int_eq(now.designations, before->designations);
	ck_assert_int_eq(now.periods, before->periods);
	ck_assert_int_eq(now.version_sum, before->version_sum);
	ck_assert_int_eq(now.idempotency_keys, before->idempotency_keys);
	ck_assert_int_eq(now.audit_rows, before->audit_rows);
	ck_assert_str_eq(now.digest, before->digest);
}

/* ---- dates ---------------------------------------------------------------------- */

static char *date_slot(void)
{
	static char ring[16][WVLV_DATE_STRLEN];
	static int slot;
	return ring[slot++ % 16];
}

const char *eh_today_plus(int days)
{
	return wvlv_date_format(wvlv_date_today_amsterdam() + days, date_slot());
}

const char *eh_date_plus(const char *ymd, int days)
{
	wvlv_date d;
	wvlv_error err;
	wvlv_error_clear(&err);
	ck_assert_msg(wvlv_date_parse(ymd, &d, &err) == WVLV_OK, "not a date: %s", ymd);
	return wvlv_date_format(d + days, date_slot());
}

/* ---- bodies ----------------------------------------------------------------------- */

char *eh_square(double x, double y, double size)
{
	char *s = NULL;
	if (asprintf(&s,
		     "{\"type\":\"Polygon\",\"coordinates\":[[[%.10g,%.10g],[%.10g,%.10g],"
		     "[%.10g,%.10g],[%.10g,%.10g],[%.10g,%.10g]]]}",
		     x, y, x + size, y, x + size, y + size, x, y + size, x, y) < 0)
		abort();
	return s;
}

char *eh_create_body(const char *municipality, const char *name, const char *geometry,
		     const char *start, const char *end)
{
	char *s = NULL;
	if (asprintf(&s,
		     "{\"municipalityCode\":\"%s\",\"kind\":\"area\",\"name\":\"%s\","
		     "\"measures\":[\"art8\"],\"geometry\":%s,\"firstPeriod\":{\"start\":\"%s\","
		     "\"end\":\"%s\",\"decisionReference\":\"Stcrt. test\"}}",
		     municipality, name, geometry, start, end) < 0)
		abort();
	return s;
}

/* ---- requests that must succeed ------------------------------------------------------ */

static char *create_with(const char *base, const char *const *headers, const char *municipality,
			 const char *name, const char *geometry, const char *start, const char *end)
{
	char *body = eh_create_body(municipality, name, geometry, start, end);
	tresp *r = eh_request(base, "POST", "/api/v1/designations", body, headers);
	ck_assert_msg(r->status == 201, "create %s: %ld %s", name, r->status, r->body);
	const char *id = t_str(r->json, "id");
	ck_assert_ptr_nonnull(id);
	char *out = strdup(id);
	t_free(r);
	free(body);
	return out;
}

char *eh_create(const char *base, const char *municipality, const char *name,
		const char *geometry, const char *start, const char *end)
{
	return create_with(base, NULL, municipality, name, geometry, start, end);
}

char *eh_create_rd(const char *base, const char *municipality, const char *name,
		   const char *geometry, const char *start, const char *end)
{
	static const char *const h[] = { "Content-Crs: <" EH_RD_URI ">", NULL };
	return create_with(base, h, municipality, name, geometry, start, end);
}

void eh_extend(const char *base, const char *id, const char *end)
{
	char path[128], body[128];
	snprintf(path, sizeof(path), "/api/v1/designations/%s/extensions", id);
	snprintf(body, sizeof(body), "{\"end\":\"%s\",\"decisionReference\":\"Stcrt. ext\"}", end);
	tresp *r = eh_request(base, "POST", path, body, NULL);
	ck_assert_msg(r->status == 201, "extend %s to %s: %ld %s", id, end, r->status, r->body);
	t_free(r);
}

void eh_withdraw(const char *base, const char *id, const char *on)
{
	char path[128], body[128];
	snprintf(path, sizeof(path), "/api/v1/designations/%s/withdrawal", id);
	snprintf(body, sizeof(body), "{\"on\":\"%s\",\"reason\":\"test withdrawal\"}", on);
	tresp *r = eh_request(base, "POST", path, body, NULL);
	ck_assert_msg(r->status == 200, "withdraw %s on %s: %ld %s", id, on, r->status, r->body);
	t_free(r);
}

tresp *eh_get(const char *base, const char *id)
{
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/designations/%s", id);
	tresp *r = eh_request(base, "GET", path, NULL, NULL);
	ck_assert_msg(r->status == 200, "GET %s: %ld %s", id, r->status, r->body);
	return r;
}

/* ---- assertions ------------------------------------------------------------------------ */

void eh_assert_problem(tresp *r, long status, const char *code, const char *path)
{
	ck_assert_msg(r->status == status, "expected %ld %s, got %ld: %s", status, code,
		      r->status, r->body);
	const char *ct = t_header(r, "Content-Type");
	ck_assert_msg(ct && strncmp(ct, "application/problem+json", 24) == 0,
		      "Content-Type %s for %s", ct ? ct : "(none)", r->body);
	ck_assert_msg(r->json != NULL, "problem body is not JSON: %s", r->body);
	ck_assert_msg(t_str(r->json, "code") && strcmp(t_str(r->json, "code"), code) == 0,
		      "expected code %s: %s", code, r->body);
	char type[128];
	snprintf(type, sizeof(type), "urn:wvlv:problem:%s", code);
	ck_assert_str_eq(t_str(r->json, "type"), type);
	ck_assert_int_eq(t_int(r->json, "status"), status);
	ck_assert_ptr_nonnull(t_str(r->json, "title"));
	ck_assert_msg(t_str(r->json, "detail") && *t_str(r->json, "detail"), "no detail");
	if (path) {
		char p[512];
		snprintf(p, sizeof(p), "%s", path);
		p[strcspn(p, "?")] = '\0';
		ck_assert_str_eq(t_str(r->json, "instance"), p);
	}
	ck_assert_ptr_nonnull(t_header(r, "API-Version"));
	ck_assert_ptr_nonnull(t_header(r, "X-Request-Id"));
}

json_t *eh_param(tresp *r, const char *name, const char *code)
{
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(r->json, "invalidParams"), i, p) {
		if (t_str(p, "name") && strcmp(t_str(p, "name"), name) == 0 &&
		    (!code || (t_str(p, "code") && strcmp(t_str(p, "code"), code) == 0)))
			return p;
	}
	return NULL;
}

void eh_assert_param(tresp *r, const char *name, const char *code)
{
	ck_assert_msg(eh_param(r, name, code) != NULL, "no invalidParams {name: %s, code: %s} in %s",
		      name, code ? code : "*", r->body);
}

const char *eh_item_ids(tresp *r)
{
	static char buf[8192];
	buf[0] = '\0';
	size_t i;
	json_t *item;
	json_array_foreach(json_object_get(r->json, "items"), i, item) {
		size_t n = strlen(buf);
		snprintf(buf + n, sizeof(buf) - n, "%s%s", n ? "," : "",
			 t_str(item, "id") ? t_str(item, "id") : "?");
	}
	return buf;
}

const char *eh_link(tresp *r, const char *rel)
{
	size_t i;
	json_t *l;
	json_array_foreach(json_object_get(r->json, "links"), i, l) {
		if (t_str(l, "rel") && strcmp(t_str(l, "rel"), rel) == 0)
			return t_str(l, "href");
	}
	return NULL;
}
