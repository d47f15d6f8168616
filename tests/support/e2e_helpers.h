/* e2e_helpers.h — shared helpers of the designation end-to-end tests:
 * request bodies, dates relative to today, problem+json assertions, and a
 * direct libpq view of the database for "this request changed nothing".
 *
 * Every function that asserts uses Check's ck_assert and so must be called
 * from inside a test. */
#ifndef WVLV_TEST_E2E_HELPERS_H
#define WVLV_TEST_E2E_HELPERS_H

#include <jansson.h>
#include <libpq-fe.h>
#include <stdbool.h>

#include "http_client.h"

#define EH_CRS84_URI "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
#define EH_RD_URI    "http://www.opengis.net/def/crs/EPSG/0/28992"
/* ?crs= values, percent-encoded as a client sends them */
#define EH_Q_RD        "crs=http%3A%2F%2Fwww.opengis.net%2Fdef%2Fcrs%2FEPSG%2F0%2F28992"
#define EH_Q_RD_ANGLED "crs=%3Chttp%3A%2F%2Fwww.opengis.net%2Fdef%2Fcrs%2FEPSG%2F0%2F28992%3E"
#define EH_Q_CRS84     "crs=http%3A%2F%2Fwww.opengis.net%2Fdef%2Fcrs%2FOGC%2F1.3%2FCRS84"

/* ---- requests with a token ------------------------------------------------------ */

/* Call once in main() before anything below: tokens are made (with the real
 * `wvlv keys create`) in this database, and designation ids are looked up
 * in it. */
void eh_init(const char *conninfo);
/* "Authorization: Bearer …" of an admin token of municipality / of a
 * national (read-only) token; made once per process. */
const char *eh_admin(const char *municipality);
const char *eh_national(void);
/* A national admin token (keeps the equated days); made once per process. */
const char *eh_national_admin(void);
/* t_request with the Authorization header a user of that resource would
 * send, unless headers carry one already: for a path with a designation id,
 * an admin token of that designation's municipality (GM0505 when the id is
 * unknown); for a body with a valid municipalityCode, an admin token of it;
 * for any other GET a national token; otherwise an admin token of GM0505. */
tresp *eh_request(const char *base, const char *method, const char *path, const char *body,
		  const char *const *headers);
/* The Authorization header eh_request would add (making the token now). */
const char *eh_auth_for(const char *method, const char *path, const char *body);

/* ---- the database, directly ------------------------------------------------ */

/* A libpq connection (as the test cluster's superuser) to conninfo; exits
 * the program with a message when it fails. */
PGconn *eh_pg(const char *conninfo);
/* eh_pg(conninfo of eh_init) made once per process: a forked test makes its
 * own and keeps the parent's, unused, reachable (for LeakSanitizer). */
PGconn *eh_db(void);
/* The first column of the first row of sql with text params (NULL-terminated,
 * may be NULL), as a malloc'd string; NULL for SQL NULL.  Fails the test on
 * an error. */
char *eh_pg_value(PGconn *c, const char *sql, const char *const *params);
/* ... as a whole number. */
long eh_pg_long(PGconn *c, const char *sql, const char *const *params);

/* Everything a bad request might have changed. */
typedef struct eh_snapshot {
	long designations;
	long periods;
	long version_sum;
	long idempotency_keys;
	long audit_rows;   /* audit_log rows about designations */
	char digest[33];   /* md5 of every row of designations and designation_periods */
} eh_snapshot;

void eh_snapshot_take(PGconn *c, eh_snapshot *s);
/* Fails the test when anything differs from `before`. */
void eh_assert_unchanged(PGconn *c, const eh_snapshot *before);

/* ---- dates ----------------------------------------------------------------- */

/* Today (Europe/Amsterdam) + days, as "YYYY-MM-DD" (one of a ring of static
 * buffers: copy it when more than 16 are needed at once). */
const char *eh_today_plus(int days);
/* ymd + days. */
const char *eh_date_plus(const char *ymd, int days);

/* ---- request bodies ---------------------------------------------------------- */

/* A GeoJSON Polygon: the square [x, x+size] × [y, y+size], counter-clockwise.
 * The caller frees it. */
char *eh_square(double x, double y, double size);
/* A create body: kind "area", measures ["art8"], decision reference "Stcrt. test".
 * The caller frees it. */
char *eh_create_body(const char *municipality, const char *name, const char *geometry,
		     const char *start, const char *end);

/* ---- requests that must succeed ------------------------------------------------ */

/* All of these go through eh_request. */
/* POST /api/v1/designations; asserts 201 and returns the new id (malloc'd). */
char *eh_create(const char *base, const char *municipality, const char *name,
		const char *geometry, const char *start, const char *end);
/* Same with RD coordinates (Content-Crs EPSG:28992). */
char *eh_create_rd(const char *base, const char *municipality, const char *name,
		   const char *geometry, const char *start, const char *end);
/* POST …/extensions {end}; asserts 201. */
void eh_extend(const char *base, const char *id, const char *end);
/* POST …/withdrawal {on}; asserts 200. */
void eh_withdraw(const char *base, const char *id, const char *on);
/* GET /api/v1/designations/{id}; asserts 200 and returns the response. */
tresp *eh_get(const char *base, const char *id);

/* ---- assertions --------------------------------------------------------------- */

/* A problem+json response with this HTTP status and `code`: content type,
 * type "urn:wvlv:problem:<code>", title, status, detail, instance (the path
 * without the query), API-Version and X-Request-Id headers. */
void eh_assert_problem(tresp *r, long status, const char *code, const char *path);
/* The invalidParams entry with this name (and code, unless NULL), or NULL. */
json_t *eh_param(tresp *r, const char *name, const char *code);
/* Asserts there is such an entry. */
void eh_assert_param(tresp *r, const char *name, const char *code);

/* The ids of a list response's items, comma-separated (static buffer). */
const char *eh_item_ids(tresp *r);
/* The href of links[rel=rel], or NULL. */
const char *eh_link(tresp *r, const char *rel);

#endif
