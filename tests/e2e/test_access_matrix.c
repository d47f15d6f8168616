/* test_access_matrix.c — who may do what, against the real server (issue 3,
 * points 2 and 6; the README's "Tokens and roles" and "Authentication and
 * roles" in openapi/openapi.yaml).
 *
 * The matrix below is the specification: one row per caller × endpoint, with
 * the status (and problem code) the server must answer.  Every endpoint acts
 * on a designation of GM0505, "own" municipality of the municipal tokens;
 * admin-other holds a token of GM0599.  Each write row gets a fresh
 * designation (its own, non-overlapping square) so rows do not depend on one
 * another, and a write that is refused must change nothing in the database.
 * On failure the whole matrix is printed as a grid, then every failing cell.
 * Sale notifications work alike: each write row gets its own voorkeursrecht
 * designation (and, for an event, its own offer); equated days are national
 * data, so the admin of any municipality adds and removes them, each row its
 * own day in 2150–2199 (no real deadline moves).  Who sees an offer's owner
 * (personal data) is a small table of its own.
 *
 * Then: no other path to another municipality's designation (its 404 is
 * that of an unknown id, If-Match or not; idempotency keys and the place cap
 * stay within a municipality); malformed Authorization headers and the
 * accepted spellings of the scheme; revoking a token (effective on the next
 * request, even on a kept-alive connection); and the `wvlv keys` command
 * line (usage errors exit 2, list never shows a token). */
#include <check.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "e2e_helpers.h"
#include "offer_helpers.h"
#include "http.h"
#include "http_client.h"
#include "keys_cli.h"
#include "raw_http.h"
#include "server_proc.h"
#include "testdb.h"
#include "tokens.h"
#include "wvlv/deadline.h"
#include "wvlv/token.h"

static tserver srv;
static const char *conninfo;
static char fixture[40];       /* a designation of GM0505 that read rows look at (with the
				* measure voorkeursrecht) */
static char fixture_offer[40]; /* an offer of GM0505 under it, received OFFER_FIXTURE_AGE
				* days ago: its response deadline is overdue, so always in
				* GET /deadlines while it stays "received" */
#define OFFER_FIXTURE_OWNER "Matrix Fixture Eigenaar"

#define BASE srv.base
#define OWN  "GM0505"
#define OTHER_MUNI "GM0599"

/* ============================ callers ============================ */

typedef enum caller {
	NONE,      /* no Authorization header */
	MALFORMED, /* "Bearer not-a-token" */
	REVOKED,   /* an admin token of GM0505, revoked with `wvlv keys revoke` */
	READER,    /* reader of GM0505 */
	CLERK,     /* clerk of GM0505 */
	ADMIN,     /* admin of GM0505 */
	OTHER,     /* admin of GM0599 */
	NATIONAL,  /* national reader token */
	NATADMIN,  /* national admin token: the equated days, nothing of a municipality */
	NCALLERS
} caller;

static const char *const caller_name[NCALLERS] = {
	"none", "malformed", "revoked", "reader-own", "clerk-own", "admin-own", "admin-other",
	"national", "nat-admin",
};

static const char *auth[NCALLERS]; /* the Authorization header of each; NULL for none */

/* ============================ the matrix ============================ */

typedef enum body_kind {
	NOBODY,
	CREATE,   /* a valid GM0505 create body with a fresh square */
	PATCH,    /* {"name": …} */
	EXTEND,   /* {"end": a year after the first period, "decisionReference": …} */
	WITHDRAW, /* {"on": today, "reason": …} */
	OFFER,    /* a valid GM0505 offer, received OFFER_AGE days ago, inside a fresh
		   * voorkeursrecht designation that the row's setup makes */
	EVENT,    /* {"type": "decision", "decision": "willing", "on": after receipt} */
	EQUATED,  /* {"date": a fresh day of 2150–2199, "reference": …} */
} body_kind;

static const char *const body_name[] = { "-",     "create", "patch",  "extend",
					 "withdraw", "offer", "event", "equated" };

/* What a successful read must show of GM0505. */
typedef enum sight {
	ANY,   /* not checked */
	SEES,  /* the GM0505 fixture (designation, its audit rows, its offer, the offer's
		* deadline, its statistics) is in the response */
	BLIND, /* nothing of GM0505 is in the response */
} sight;

typedef struct row {
	caller      who;
	const char *method;
	const char *path;   /* {id}: a designation of GM0505, or under /sale-notifications an
			     * offer of GM0505; {date}: an equated day (added first) */
	body_kind   body;
	long        status;
	const char *code;   /* the problem's code; NULL for a success */
	sight       sees;
} row;

#define LIST  "/api/v1/designations"
#define LIST5 "/api/v1/designations?municipalityCode=GM0505"
#define ONE   "/api/v1/designations/{id}"
#define EXT   "/api/v1/designations/{id}/extensions"
#define WDR   "/api/v1/designations/{id}/withdrawal"
#define AUDIT "/api/v1/audit-log"
#define AUDIT1 "/api/v1/audit-log?entityId={id}"
#define STATS "/api/v1/designations/{id}/statistics"
#define SN    "/api/v1/sale-notifications"
#define SN5   "/api/v1/sale-notifications?municipalityCode=GM0505"
#define SN1   "/api/v1/sale-notifications/{id}"
#define SNEV  "/api/v1/sale-notifications/{id}/events"
#define DL    "/api/v1/deadlines"
#define CALC  "/api/v1/deadline-calculator?term=response&from=2026-04-02"
#define EQ    "/api/v1/equated-holidays"
#define EQ1   "/api/v1/equated-holidays/{date}"

#define NO_TOKEN  "missing-token"
#define BAD_TOKEN "malformed-token"
#define INVALID   "invalid-token"
#define ROLE      "insufficient-role"
#define READONLY  "read-only-token"
#define NOTFOUND  "not-found"
#define OTHERMUNI "other-municipality"
#define NATDATA   "national-data"

static const row matrix[] = {
	/* caller     method   path                    body      status  code       sees */
	/* ---- public routes: 200 whatever is (or is not) sent ---- */
	{ NONE,      "GET",   "/healthz",             NOBODY,   200, NULL,      ANY },
	{ MALFORMED, "GET",   "/healthz",             NOBODY,   200, NULL,      ANY },
	{ REVOKED,   "GET",   "/healthz",             NOBODY,   200, NULL,      ANY },
	{ READER,    "GET",   "/healthz",             NOBODY,   200, NULL,      ANY },
	{ CLERK,     "GET",   "/healthz",             NOBODY,   200, NULL,      ANY },
	{ ADMIN,     "GET",   "/healthz",             NOBODY,   200, NULL,      ANY },
	{ OTHER,     "GET",   "/healthz",             NOBODY,   200, NULL,      ANY },
	{ NATIONAL,  "GET",   "/healthz",             NOBODY,   200, NULL,      ANY },
	{ NATADMIN,  "GET",   "/healthz",             NOBODY,   200, NULL,      ANY },

	{ NONE,      "GET",   "/readyz",              NOBODY,   200, NULL,      ANY },
	{ MALFORMED, "GET",   "/readyz",              NOBODY,   200, NULL,      ANY },
	{ REVOKED,   "GET",   "/readyz",              NOBODY,   200, NULL,      ANY },
	{ READER,    "GET",   "/readyz",              NOBODY,   200, NULL,      ANY },
	{ CLERK,     "GET",   "/readyz",              NOBODY,   200, NULL,      ANY },
	{ ADMIN,     "GET",   "/readyz",              NOBODY,   200, NULL,      ANY },
	{ OTHER,     "GET",   "/readyz",              NOBODY,   200, NULL,      ANY },
	{ NATIONAL,  "GET",   "/readyz",              NOBODY,   200, NULL,      ANY },
	{ NATADMIN,  "GET",   "/readyz",              NOBODY,   200, NULL,      ANY },
	/* /metrics: public (no personal data); a separate address with WVLV_METRICS_LISTEN */
	{ NONE,      "GET",   "/metrics",             NOBODY,   200, NULL,      ANY },
	{ MALFORMED, "GET",   "/metrics",             NOBODY,   200, NULL,      ANY },
	{ REVOKED,   "GET",   "/metrics",             NOBODY,   200, NULL,      ANY },
	{ READER,    "GET",   "/metrics",             NOBODY,   200, NULL,      ANY },
	{ CLERK,     "GET",   "/metrics",             NOBODY,   200, NULL,      ANY },
	{ ADMIN,     "GET",   "/metrics",             NOBODY,   200, NULL,      ANY },
	{ OTHER,     "GET",   "/metrics",             NOBODY,   200, NULL,      ANY },
	{ NATIONAL,  "GET",   "/metrics",             NOBODY,   200, NULL,      ANY },
	{ NATADMIN,  "GET",   "/metrics",             NOBODY,   200, NULL,      ANY },

	{ NONE,      "GET",   "/api/v1/openapi.json", NOBODY,   200, NULL,      ANY },
	{ MALFORMED, "GET",   "/api/v1/openapi.json", NOBODY,   200, NULL,      ANY },
	{ REVOKED,   "GET",   "/api/v1/openapi.json", NOBODY,   200, NULL,      ANY },
	{ READER,    "GET",   "/api/v1/openapi.json", NOBODY,   200, NULL,      ANY },
	{ CLERK,     "GET",   "/api/v1/openapi.json", NOBODY,   200, NULL,      ANY },
	{ ADMIN,     "GET",   "/api/v1/openapi.json", NOBODY,   200, NULL,      ANY },
	{ OTHER,     "GET",   "/api/v1/openapi.json", NOBODY,   200, NULL,      ANY },
	{ NATIONAL,  "GET",   "/api/v1/openapi.json", NOBODY,   200, NULL,      ANY },
	{ NATADMIN,  "GET",   "/api/v1/openapi.json", NOBODY,   200, NULL,      ANY },

	/* ---- OGC API – Features: public while WVLV_PUBLIC_GIS is on (the default) ---- */
	{ NONE,      "GET",   "/ogc/v1", NOBODY, 200, NULL, ANY },
	{ MALFORMED, "GET",   "/ogc/v1", NOBODY, 200, NULL, ANY },
	{ REVOKED,   "GET",   "/ogc/v1", NOBODY, 200, NULL, ANY },
	{ READER,    "GET",   "/ogc/v1", NOBODY, 200, NULL, ANY },
	{ CLERK,     "GET",   "/ogc/v1", NOBODY, 200, NULL, ANY },
	{ ADMIN,     "GET",   "/ogc/v1", NOBODY, 200, NULL, ANY },
	{ OTHER,     "GET",   "/ogc/v1", NOBODY, 200, NULL, ANY },
	{ NATIONAL,  "GET",   "/ogc/v1", NOBODY, 200, NULL, ANY },
	{ NATADMIN,  "GET",   "/ogc/v1", NOBODY, 200, NULL, ANY },
	{ NONE,      "GET",   "/ogc/v1/conformance", NOBODY, 200, NULL, ANY },
	{ MALFORMED, "GET",   "/ogc/v1/conformance", NOBODY, 200, NULL, ANY },
	{ REVOKED,   "GET",   "/ogc/v1/conformance", NOBODY, 200, NULL, ANY },
	{ READER,    "GET",   "/ogc/v1/conformance", NOBODY, 200, NULL, ANY },
	{ CLERK,     "GET",   "/ogc/v1/conformance", NOBODY, 200, NULL, ANY },
	{ ADMIN,     "GET",   "/ogc/v1/conformance", NOBODY, 200, NULL, ANY },
	{ OTHER,     "GET",   "/ogc/v1/conformance", NOBODY, 200, NULL, ANY },
	{ NATIONAL,  "GET",   "/ogc/v1/conformance", NOBODY, 200, NULL, ANY },
	{ NATADMIN,  "GET",   "/ogc/v1/conformance", NOBODY, 200, NULL, ANY },
	{ NONE,      "GET",   "/ogc/v1/api", NOBODY, 200, NULL, ANY },
	{ MALFORMED, "GET",   "/ogc/v1/api", NOBODY, 200, NULL, ANY },
	{ REVOKED,   "GET",   "/ogc/v1/api", NOBODY, 200, NULL, ANY },
	{ READER,    "GET",   "/ogc/v1/api", NOBODY, 200, NULL, ANY },
	{ CLERK,     "GET",   "/ogc/v1/api", NOBODY, 200, NULL, ANY },
	{ ADMIN,     "GET",   "/ogc/v1/api", NOBODY, 200, NULL, ANY },
	{ OTHER,     "GET",   "/ogc/v1/api", NOBODY, 200, NULL, ANY },
	{ NATIONAL,  "GET",   "/ogc/v1/api", NOBODY, 200, NULL, ANY },
	{ NATADMIN,  "GET",   "/ogc/v1/api", NOBODY, 200, NULL, ANY },
	{ NONE,      "GET",   "/ogc/v1/collections", NOBODY, 200, NULL, ANY },
	{ MALFORMED, "GET",   "/ogc/v1/collections", NOBODY, 200, NULL, ANY },
	{ REVOKED,   "GET",   "/ogc/v1/collections", NOBODY, 200, NULL, ANY },
	{ READER,    "GET",   "/ogc/v1/collections", NOBODY, 200, NULL, ANY },
	{ CLERK,     "GET",   "/ogc/v1/collections", NOBODY, 200, NULL, ANY },
	{ ADMIN,     "GET",   "/ogc/v1/collections", NOBODY, 200, NULL, ANY },
	{ OTHER,     "GET",   "/ogc/v1/collections", NOBODY, 200, NULL, ANY },
	{ NATIONAL,  "GET",   "/ogc/v1/collections", NOBODY, 200, NULL, ANY },
	{ NATADMIN,  "GET",   "/ogc/v1/collections", NOBODY, 200, NULL, ANY },
	{ NONE,      "GET",   "/ogc/v1/collections/designations", NOBODY, 200, NULL, ANY },
	{ MALFORMED, "GET",   "/ogc/v1/collections/designations", NOBODY, 200, NULL, ANY },
	{ REVOKED,   "GET",   "/ogc/v1/collections/designations", NOBODY, 200, NULL, ANY },
	{ READER,    "GET",   "/ogc/v1/collections/designations", NOBODY, 200, NULL, ANY },
	{ CLERK,     "GET",   "/ogc/v1/collections/designations", NOBODY, 200, NULL, ANY },
	{ ADMIN,     "GET",   "/ogc/v1/collections/designations", NOBODY, 200, NULL, ANY },
	{ OTHER,     "GET",   "/ogc/v1/collections/designations", NOBODY, 200, NULL, ANY },
	{ NATIONAL,  "GET",   "/ogc/v1/collections/designations", NOBODY, 200, NULL, ANY },
	{ NATADMIN,  "GET",   "/ogc/v1/collections/designations", NOBODY, 200, NULL, ANY },
	{ NONE,      "GET",   "/ogc/v1/collections/designations/queryables", NOBODY, 200, NULL, ANY },
	{ MALFORMED, "GET",   "/ogc/v1/collections/designations/queryables", NOBODY, 200, NULL, ANY },
	{ REVOKED,   "GET",   "/ogc/v1/collections/designations/queryables", NOBODY, 200, NULL, ANY },
	{ READER,    "GET",   "/ogc/v1/collections/designations/queryables", NOBODY, 200, NULL, ANY },
	{ CLERK,     "GET",   "/ogc/v1/collections/designations/queryables", NOBODY, 200, NULL, ANY },
	{ ADMIN,     "GET",   "/ogc/v1/collections/designations/queryables", NOBODY, 200, NULL, ANY },
	{ OTHER,     "GET",   "/ogc/v1/collections/designations/queryables", NOBODY, 200, NULL, ANY },
	{ NATIONAL,  "GET",   "/ogc/v1/collections/designations/queryables", NOBODY, 200, NULL, ANY },
	{ NATADMIN,  "GET",   "/ogc/v1/collections/designations/queryables", NOBODY, 200, NULL, ANY },
	{ NONE,      "GET",   "/ogc/v1/collections/designations/schema", NOBODY, 200, NULL, ANY },
	{ MALFORMED, "GET",   "/ogc/v1/collections/designations/schema", NOBODY, 200, NULL, ANY },
	{ REVOKED,   "GET",   "/ogc/v1/collections/designations/schema", NOBODY, 200, NULL, ANY },
	{ READER,    "GET",   "/ogc/v1/collections/designations/schema", NOBODY, 200, NULL, ANY },
	{ CLERK,     "GET",   "/ogc/v1/collections/designations/schema", NOBODY, 200, NULL, ANY },
	{ ADMIN,     "GET",   "/ogc/v1/collections/designations/schema", NOBODY, 200, NULL, ANY },
	{ OTHER,     "GET",   "/ogc/v1/collections/designations/schema", NOBODY, 200, NULL, ANY },
	{ NATIONAL,  "GET",   "/ogc/v1/collections/designations/schema", NOBODY, 200, NULL, ANY },
	{ NATADMIN,  "GET",   "/ogc/v1/collections/designations/schema", NOBODY, 200, NULL, ANY },
	{ NONE,      "GET",   "/ogc/v1/collections/designations/items", NOBODY, 200, NULL, ANY },
	{ MALFORMED, "GET",   "/ogc/v1/collections/designations/items", NOBODY, 200, NULL, ANY },
	{ REVOKED,   "GET",   "/ogc/v1/collections/designations/items", NOBODY, 200, NULL, ANY },
	{ READER,    "GET",   "/ogc/v1/collections/designations/items", NOBODY, 200, NULL, ANY },
	{ CLERK,     "GET",   "/ogc/v1/collections/designations/items", NOBODY, 200, NULL, ANY },
	{ ADMIN,     "GET",   "/ogc/v1/collections/designations/items", NOBODY, 200, NULL, ANY },
	{ OTHER,     "GET",   "/ogc/v1/collections/designations/items", NOBODY, 200, NULL, ANY },
	{ NATIONAL,  "GET",   "/ogc/v1/collections/designations/items", NOBODY, 200, NULL, ANY },
	{ NATADMIN,  "GET",   "/ogc/v1/collections/designations/items", NOBODY, 200, NULL, ANY },
	{ NONE,      "GET",   "/ogc/v1/collections/designations/items/{id}", NOBODY, 200, NULL, ANY },
	{ MALFORMED, "GET",   "/ogc/v1/collections/designations/items/{id}", NOBODY, 200, NULL, ANY },
	{ REVOKED,   "GET",   "/ogc/v1/collections/designations/items/{id}", NOBODY, 200, NULL, ANY },
	{ READER,    "GET",   "/ogc/v1/collections/designations/items/{id}", NOBODY, 200, NULL, ANY },
	{ CLERK,     "GET",   "/ogc/v1/collections/designations/items/{id}", NOBODY, 200, NULL, ANY },
	{ ADMIN,     "GET",   "/ogc/v1/collections/designations/items/{id}", NOBODY, 200, NULL, ANY },
	{ OTHER,     "GET",   "/ogc/v1/collections/designations/items/{id}", NOBODY, 200, NULL, ANY },
	{ NATIONAL,  "GET",   "/ogc/v1/collections/designations/items/{id}", NOBODY, 200, NULL, ANY },
	{ NATADMIN,  "GET",   "/ogc/v1/collections/designations/items/{id}", NOBODY, 200, NULL, ANY },
	/* the scripts and styles of the HTML pages: public whatever WVLV_PUBLIC_GIS says */
	{ NONE,      "GET",   "/ogc/v1/static/{file}", NOBODY, 200, NULL, ANY },
	{ MALFORMED, "GET",   "/ogc/v1/static/{file}", NOBODY, 200, NULL, ANY },
	{ REVOKED,   "GET",   "/ogc/v1/static/{file}", NOBODY, 200, NULL, ANY },
	{ READER,    "GET",   "/ogc/v1/static/{file}", NOBODY, 200, NULL, ANY },
	{ CLERK,     "GET",   "/ogc/v1/static/{file}", NOBODY, 200, NULL, ANY },
	{ ADMIN,     "GET",   "/ogc/v1/static/{file}", NOBODY, 200, NULL, ANY },
	{ OTHER,     "GET",   "/ogc/v1/static/{file}", NOBODY, 200, NULL, ANY },
	{ NATIONAL,  "GET",   "/ogc/v1/static/{file}", NOBODY, 200, NULL, ANY },
	{ NATADMIN,  "GET",   "/ogc/v1/static/{file}", NOBODY, 200, NULL, ANY },

	/* ---- list: every reader sees its own municipality, national sees all ---- */
	{ NONE,      "GET",   LIST,                   NOBODY,   401, NO_TOKEN,  ANY },
	{ MALFORMED, "GET",   LIST,                   NOBODY,   401, BAD_TOKEN, ANY },
	{ REVOKED,   "GET",   LIST,                   NOBODY,   401, INVALID,   ANY },
	{ READER,    "GET",   LIST,                   NOBODY,   200, NULL,      SEES },
	{ CLERK,     "GET",   LIST,                   NOBODY,   200, NULL,      SEES },
	{ ADMIN,     "GET",   LIST,                   NOBODY,   200, NULL,      SEES },
	{ OTHER,     "GET",   LIST,                   NOBODY,   200, NULL,      BLIND },
	{ NATIONAL,  "GET",   LIST,                   NOBODY,   200, NULL,      SEES },
	{ NATADMIN,  "GET",   LIST,                   NOBODY,   200, NULL,      SEES },

	{ NONE,      "GET",   LIST5,                  NOBODY,   401, NO_TOKEN,  ANY },
	{ MALFORMED, "GET",   LIST5,                  NOBODY,   401, BAD_TOKEN, ANY },
	{ REVOKED,   "GET",   LIST5,                  NOBODY,   401, INVALID,   ANY },
	{ READER,    "GET",   LIST5,                  NOBODY,   200, NULL,      SEES },
	{ CLERK,     "GET",   LIST5,                  NOBODY,   200, NULL,      SEES },
	{ ADMIN,     "GET",   LIST5,                  NOBODY,   200, NULL,      SEES },
	{ OTHER,     "GET",   LIST5,                  NOBODY,   200, NULL,      BLIND },
	{ NATIONAL,  "GET",   LIST5,                  NOBODY,   200, NULL,      SEES },
	{ NATADMIN,  "GET",   LIST5,                  NOBODY,   200, NULL,      SEES },

	/* ---- create (admin only; GM0599 may not register GM0505's designations) ---- */
	{ NONE,      "POST",  LIST,                   CREATE,   401, NO_TOKEN,  ANY },
	{ MALFORMED, "POST",  LIST,                   CREATE,   401, BAD_TOKEN, ANY },
	{ REVOKED,   "POST",  LIST,                   CREATE,   401, INVALID,   ANY },
	{ READER,    "POST",  LIST,                   CREATE,   403, ROLE,      ANY },
	{ CLERK,     "POST",  LIST,                   CREATE,   403, ROLE,      ANY },
	{ ADMIN,     "POST",  LIST,                   CREATE,   201, NULL,      ANY },
	{ OTHER,     "POST",  LIST,                   CREATE,   422, OTHERMUNI, ANY },
	{ NATIONAL,  "POST",  LIST,                   CREATE,   403, READONLY,  ANY },
	{ NATADMIN,  "POST",  LIST,                   CREATE,   403, READONLY,  ANY },

	/* ---- one designation: another municipality's does not exist (404) ---- */
	{ NONE,      "GET",   ONE,                    NOBODY,   401, NO_TOKEN,  ANY },
	{ MALFORMED, "GET",   ONE,                    NOBODY,   401, BAD_TOKEN, ANY },
	{ REVOKED,   "GET",   ONE,                    NOBODY,   401, INVALID,   ANY },
	{ READER,    "GET",   ONE,                    NOBODY,   200, NULL,      SEES },
	{ CLERK,     "GET",   ONE,                    NOBODY,   200, NULL,      SEES },
	{ ADMIN,     "GET",   ONE,                    NOBODY,   200, NULL,      SEES },
	{ OTHER,     "GET",   ONE,                    NOBODY,   404, NOTFOUND,  ANY },
	{ NATIONAL,  "GET",   ONE,                    NOBODY,   200, NULL,      SEES },
	{ NATADMIN,  "GET",   ONE,                    NOBODY,   200, NULL,      SEES },

	{ NONE,      "PATCH", ONE,                    PATCH,    401, NO_TOKEN,  ANY },
	{ MALFORMED, "PATCH", ONE,                    PATCH,    401, BAD_TOKEN, ANY },
	{ REVOKED,   "PATCH", ONE,                    PATCH,    401, INVALID,   ANY },
	{ READER,    "PATCH", ONE,                    PATCH,    403, ROLE,      ANY },
	{ CLERK,     "PATCH", ONE,                    PATCH,    403, ROLE,      ANY },
	{ ADMIN,     "PATCH", ONE,                    PATCH,    200, NULL,      ANY },
	{ OTHER,     "PATCH", ONE,                    PATCH,    404, NOTFOUND,  ANY },
	{ NATIONAL,  "PATCH", ONE,                    PATCH,    403, READONLY,  ANY },
	{ NATADMIN,  "PATCH", ONE,                    PATCH,    403, READONLY,  ANY },

	{ NONE,      "POST",  EXT,                    EXTEND,   401, NO_TOKEN,  ANY },
	{ MALFORMED, "POST",  EXT,                    EXTEND,   401, BAD_TOKEN, ANY },
	{ REVOKED,   "POST",  EXT,                    EXTEND,   401, INVALID,   ANY },
	{ READER,    "POST",  EXT,                    EXTEND,   403, ROLE,      ANY },
	{ CLERK,     "POST",  EXT,                    EXTEND,   403, ROLE,      ANY },
	{ ADMIN,     "POST",  EXT,                    EXTEND,   201, NULL,      ANY },
	{ OTHER,     "POST",  EXT,                    EXTEND,   404, NOTFOUND,  ANY },
	{ NATIONAL,  "POST",  EXT,                    EXTEND,   403, READONLY,  ANY },
	{ NATADMIN,  "POST",  EXT,                    EXTEND,   403, READONLY,  ANY },

	{ NONE,      "POST",  WDR,                    WITHDRAW, 401, NO_TOKEN,  ANY },
	{ MALFORMED, "POST",  WDR,                    WITHDRAW, 401, BAD_TOKEN, ANY },
	{ REVOKED,   "POST",  WDR,                    WITHDRAW, 401, INVALID,   ANY },
	{ READER,    "POST",  WDR,                    WITHDRAW, 403, ROLE,      ANY },
	{ CLERK,     "POST",  WDR,                    WITHDRAW, 403, ROLE,      ANY },
	{ ADMIN,     "POST",  WDR,                    WITHDRAW, 200, NULL,      ANY },
	{ OTHER,     "POST",  WDR,                    WITHDRAW, 404, NOTFOUND,  ANY },
	{ NATIONAL,  "POST",  WDR,                    WITHDRAW, 403, READONLY,  ANY },
	{ NATADMIN,  "POST",  WDR,                    WITHDRAW, 403, READONLY,  ANY },

	/* ---- the audit trail: admins, each of their own municipality ---- */
	{ NONE,      "GET",   AUDIT,                  NOBODY,   401, NO_TOKEN,  ANY },
	{ MALFORMED, "GET",   AUDIT,                  NOBODY,   401, BAD_TOKEN, ANY },
	{ REVOKED,   "GET",   AUDIT,                  NOBODY,   401, INVALID,   ANY },
	{ READER,    "GET",   AUDIT,                  NOBODY,   403, ROLE,      ANY },
	{ CLERK,     "GET",   AUDIT,                  NOBODY,   403, ROLE,      ANY },
	{ ADMIN,     "GET",   AUDIT,                  NOBODY,   200, NULL,      SEES },
	{ OTHER,     "GET",   AUDIT,                  NOBODY,   200, NULL,      BLIND },
	{ NATIONAL,  "GET",   AUDIT,                  NOBODY,   403, ROLE,      ANY },
	{ NATADMIN,  "GET",   AUDIT,                  NOBODY,   200, NULL,      ANY },

	{ NONE,      "GET",   AUDIT1,                 NOBODY,   401, NO_TOKEN,  ANY },
	{ MALFORMED, "GET",   AUDIT1,                 NOBODY,   401, BAD_TOKEN, ANY },
	{ REVOKED,   "GET",   AUDIT1,                 NOBODY,   401, INVALID,   ANY },
	{ READER,    "GET",   AUDIT1,                 NOBODY,   403, ROLE,      ANY },
	{ CLERK,     "GET",   AUDIT1,                 NOBODY,   403, ROLE,      ANY },
	{ ADMIN,     "GET",   AUDIT1,                 NOBODY,   200, NULL,      SEES },
	{ OTHER,     "GET",   AUDIT1,                 NOBODY,   200, NULL,      BLIND },
	{ NATIONAL,  "GET",   AUDIT1,                 NOBODY,   403, ROLE,      ANY },
	{ NATADMIN,  "GET",   AUDIT1,                 NOBODY,   200, NULL,      SEES },

	/* ---- statistics of a designation: any role; another municipality's is 404 ---- */
	{ NONE,      "GET",   STATS,                  NOBODY,   401, NO_TOKEN,  ANY },
	{ MALFORMED, "GET",   STATS,                  NOBODY,   401, BAD_TOKEN, ANY },
	{ REVOKED,   "GET",   STATS,                  NOBODY,   401, INVALID,   ANY },
	{ READER,    "GET",   STATS,                  NOBODY,   200, NULL,      SEES },
	{ CLERK,     "GET",   STATS,                  NOBODY,   200, NULL,      SEES },
	{ ADMIN,     "GET",   STATS,                  NOBODY,   200, NULL,      SEES },
	{ OTHER,     "GET",   STATS,                  NOBODY,   404, NOTFOUND,  ANY },
	{ NATIONAL,  "GET",   STATS,                  NOBODY,   200, NULL,      SEES },
	{ NATADMIN,  "GET",   STATS,                  NOBODY,   200, NULL,      SEES },

	/* ---- sale notifications: any role reads its own (owner data: see
	 * only_clerks_and_admins_of_the_municipality_see_the_owner) ---- */
	{ NONE,      "GET",   SN,                     NOBODY,   401, NO_TOKEN,  ANY },
	{ MALFORMED, "GET",   SN,                     NOBODY,   401, BAD_TOKEN, ANY },
	{ REVOKED,   "GET",   SN,                     NOBODY,   401, INVALID,   ANY },
	{ READER,    "GET",   SN,                     NOBODY,   200, NULL,      SEES },
	{ CLERK,     "GET",   SN,                     NOBODY,   200, NULL,      SEES },
	{ ADMIN,     "GET",   SN,                     NOBODY,   200, NULL,      SEES },
	{ OTHER,     "GET",   SN,                     NOBODY,   200, NULL,      BLIND },
	{ NATIONAL,  "GET",   SN,                     NOBODY,   200, NULL,      SEES },
	{ NATADMIN,  "GET",   SN,                     NOBODY,   200, NULL,      SEES },

	{ NONE,      "GET",   SN5,                    NOBODY,   401, NO_TOKEN,  ANY },
	{ MALFORMED, "GET",   SN5,                    NOBODY,   401, BAD_TOKEN, ANY },
	{ REVOKED,   "GET",   SN5,                    NOBODY,   401, INVALID,   ANY },
	{ READER,    "GET",   SN5,                    NOBODY,   200, NULL,      SEES },
	{ CLERK,     "GET",   SN5,                    NOBODY,   200, NULL,      SEES },
	{ ADMIN,     "GET",   SN5,                    NOBODY,   200, NULL,      SEES },
	{ OTHER,     "GET",   SN5,                    NOBODY,   200, NULL,      BLIND },
	{ NATIONAL,  "GET",   SN5,                    NOBODY,   200, NULL,      SEES },
	{ NATADMIN,  "GET",   SN5,                    NOBODY,   200, NULL,      SEES },

	/* register an offer: clerk or admin; GM0599 may not register GM0505's */
	{ NONE,      "POST",  SN,                     OFFER,    401, NO_TOKEN,  ANY },
	{ MALFORMED, "POST",  SN,                     OFFER,    401, BAD_TOKEN, ANY },
	{ REVOKED,   "POST",  SN,                     OFFER,    401, INVALID,   ANY },
	{ READER,    "POST",  SN,                     OFFER,    403, ROLE,      ANY },
	{ CLERK,     "POST",  SN,                     OFFER,    201, NULL,      ANY },
	{ ADMIN,     "POST",  SN,                     OFFER,    201, NULL,      ANY },
	{ OTHER,     "POST",  SN,                     OFFER,    422, OTHERMUNI, ANY },
	{ NATIONAL,  "POST",  SN,                     OFFER,    403, READONLY,  ANY },
	{ NATADMIN,  "POST",  SN,                     OFFER,    403, READONLY,  ANY },

	{ NONE,      "GET",   SN1,                    NOBODY,   401, NO_TOKEN,  ANY },
	{ MALFORMED, "GET",   SN1,                    NOBODY,   401, BAD_TOKEN, ANY },
	{ REVOKED,   "GET",   SN1,                    NOBODY,   401, INVALID,   ANY },
	{ READER,    "GET",   SN1,                    NOBODY,   200, NULL,      SEES },
	{ CLERK,     "GET",   SN1,                    NOBODY,   200, NULL,      SEES },
	{ ADMIN,     "GET",   SN1,                    NOBODY,   200, NULL,      SEES },
	{ OTHER,     "GET",   SN1,                    NOBODY,   404, NOTFOUND,  ANY },
	{ NATIONAL,  "GET",   SN1,                    NOBODY,   200, NULL,      SEES },
	{ NATADMIN,  "GET",   SN1,                    NOBODY,   200, NULL,      SEES },

	{ NONE,      "POST",  SNEV,                   EVENT,    401, NO_TOKEN,  ANY },
	{ MALFORMED, "POST",  SNEV,                   EVENT,    401, BAD_TOKEN, ANY },
	{ REVOKED,   "POST",  SNEV,                   EVENT,    401, INVALID,   ANY },
	{ READER,    "POST",  SNEV,                   EVENT,    403, ROLE,      ANY },
	{ CLERK,     "POST",  SNEV,                   EVENT,    201, NULL,      ANY },
	{ ADMIN,     "POST",  SNEV,                   EVENT,    201, NULL,      ANY },
	{ OTHER,     "POST",  SNEV,                   EVENT,    404, NOTFOUND,  ANY },
	{ NATIONAL,  "POST",  SNEV,                   EVENT,    403, READONLY,  ANY },
	{ NATADMIN,  "POST",  SNEV,                   EVENT,    403, READONLY,  ANY },

	/* ---- deadlines: any role, its own municipality (national: all) ---- */
	{ NONE,      "GET",   DL,                     NOBODY,   401, NO_TOKEN,  ANY },
	{ MALFORMED, "GET",   DL,                     NOBODY,   401, BAD_TOKEN, ANY },
	{ REVOKED,   "GET",   DL,                     NOBODY,   401, INVALID,   ANY },
	{ READER,    "GET",   DL,                     NOBODY,   200, NULL,      SEES },
	{ CLERK,     "GET",   DL,                     NOBODY,   200, NULL,      SEES },
	{ ADMIN,     "GET",   DL,                     NOBODY,   200, NULL,      SEES },
	{ OTHER,     "GET",   DL,                     NOBODY,   200, NULL,      BLIND },
	{ NATIONAL,  "GET",   DL,                     NOBODY,   200, NULL,      SEES },
	{ NATADMIN,  "GET",   DL,                     NOBODY,   200, NULL,      SEES },

	/* the calculator is public: 200 whatever is (or is not) sent */
	{ NONE,      "GET",   CALC,                   NOBODY,   200, NULL,      ANY },
	{ MALFORMED, "GET",   CALC,                   NOBODY,   200, NULL,      ANY },
	{ REVOKED,   "GET",   CALC,                   NOBODY,   200, NULL,      ANY },
	{ READER,    "GET",   CALC,                   NOBODY,   200, NULL,      ANY },
	{ CLERK,     "GET",   CALC,                   NOBODY,   200, NULL,      ANY },
	{ ADMIN,     "GET",   CALC,                   NOBODY,   200, NULL,      ANY },
	{ OTHER,     "GET",   CALC,                   NOBODY,   200, NULL,      ANY },
	{ NATIONAL,  "GET",   CALC,                   NOBODY,   200, NULL,      ANY },
	{ NATADMIN,  "GET",   CALC,                   NOBODY,   200, NULL,      ANY },

	/* ---- equated days: national data; any role reads them, only a national
	 * admin changes them (a municipality's token, whatever its role: 403) ---- */
	{ NONE,      "GET",   EQ,                     NOBODY,   401, NO_TOKEN,  ANY },
	{ MALFORMED, "GET",   EQ,                     NOBODY,   401, BAD_TOKEN, ANY },
	{ REVOKED,   "GET",   EQ,                     NOBODY,   401, INVALID,   ANY },
	{ READER,    "GET",   EQ,                     NOBODY,   200, NULL,      ANY },
	{ CLERK,     "GET",   EQ,                     NOBODY,   200, NULL,      ANY },
	{ ADMIN,     "GET",   EQ,                     NOBODY,   200, NULL,      ANY },
	{ OTHER,     "GET",   EQ,                     NOBODY,   200, NULL,      ANY },
	{ NATIONAL,  "GET",   EQ,                     NOBODY,   200, NULL,      ANY },
	{ NATADMIN,  "GET",   EQ,                     NOBODY,   200, NULL,      ANY },

	{ NONE,      "POST",  EQ,                     EQUATED,  401, NO_TOKEN,  ANY },
	{ MALFORMED, "POST",  EQ,                     EQUATED,  401, BAD_TOKEN, ANY },
	{ REVOKED,   "POST",  EQ,                     EQUATED,  401, INVALID,   ANY },
	{ READER,    "POST",  EQ,                     EQUATED,  403, NATDATA,   ANY },
	{ CLERK,     "POST",  EQ,                     EQUATED,  403, NATDATA,   ANY },
	{ ADMIN,     "POST",  EQ,                     EQUATED,  403, NATDATA,   ANY },
	{ OTHER,     "POST",  EQ,                     EQUATED,  403, NATDATA,   ANY },
	{ NATIONAL,  "POST",  EQ,                     EQUATED,  403, ROLE,      ANY },
	{ NATADMIN,  "POST",  EQ,                     EQUATED,  201, NULL,      ANY },

	{ NONE,      "DELETE", EQ1,                   NOBODY,   401, NO_TOKEN,  ANY },
	{ MALFORMED, "DELETE", EQ1,                   NOBODY,   401, BAD_TOKEN, ANY },
	{ REVOKED,   "DELETE", EQ1,                   NOBODY,   401, INVALID,   ANY },
	{ READER,    "DELETE", EQ1,                   NOBODY,   403, NATDATA,   ANY },
	{ CLERK,     "DELETE", EQ1,                   NOBODY,   403, NATDATA,   ANY },
	{ ADMIN,     "DELETE", EQ1,                   NOBODY,   403, NATDATA,   ANY },
	{ OTHER,     "DELETE", EQ1,                   NOBODY,   403, NATDATA,   ANY },
	{ NATIONAL,  "DELETE", EQ1,                   NOBODY,   403, ROLE,      ANY },
	{ NATADMIN,  "DELETE", EQ1,                   NOBODY,   204, NULL,      ANY },
};

#define NROWS (sizeof(matrix) / sizeof(matrix[0]))

/* ============================ helpers ============================ */

/* The next value of a sequence of the test database (the forked tests
 * share it). */
static long next_of(const char *sequence)
{
	char sql[96];
	snprintf(sql, sizeof(sql), "SELECT nextval('%s')", sequence);
	PGresult *res = PQexec(eh_db(), sql);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		fprintf(stderr, "%s: %s", sequence, PQerrorMessage(eh_db()));
		exit(1);
	}
	long k = atol(PQgetvalue(res, 0, 0));
	PQclear(res);
	return k;
}

/* Every designation of this program gets its own square, numbered by a
 * sequence in the test database, so none overlap and the place cap never
 * interferes; the square's centre into cx, cy when not NULL. */
static char *fresh_square_at(double *cx, double *cy)
{
	long k = next_of("e2e_squares");
	double x = 4.30 + (double)(k % 60) * 0.004, y = 51.60 + (double)(k / 60) * 0.004;
	if (cx)
		*cx = x + 0.0015;
	if (cy)
		*cy = y + 0.0015;
	return eh_square(x, y, 0.003);
}

static char *fresh_square(void)
{
	return fresh_square_at(NULL, NULL);
}

static const char *period_start(void)
{
	static char s[16];
	snprintf(s, sizeof(s), "%s", eh_today_plus(-30));
	return s;
}

/* Offers: the first period of a voorkeursrecht designation starts
 * VKR_START days ago, so both offer ages below lie inside it. */
#define VKR_START          (-90)
#define OFFER_FIXTURE_AGE  60 /* the read fixture: deadline ~18 days overdue */
#define OFFER_AGE          10 /* offers of write rows: deadline ~a month ahead */
#define EVENT_AGE          8  /* a decision two days after receipt */

/* A GM0505 create body for a designation with the measure voorkeursrecht
 * on a fresh square, from VKR_START days ago to period_end(); the square's
 * centre into cx, cy. */
static char *vkr_designation_body(const char *name, double *cx, double *cy)
{
	char *sq = fresh_square_at(cx, cy);
	char *b = NULL;
	if (asprintf(&b,
		     "{\"municipalityCode\":\"%s\",\"kind\":\"area\",\"name\":\"%s\","
		     "\"measures\":[\"voorkeursrecht\"],\"geometry\":%s,\"firstPeriod\":{"
		     "\"start\":\"%s\",\"end\":\"%s\",\"decisionReference\":\"Stcrt. matrix\"}}",
		     OWN, name, sq, eh_today_plus(VKR_START), eh_today_plus(365)) < 0)
		abort();
	free(sq);
	return b;
}

/* A GM0505 offer body: received `age` days ago at (x, y). */
static char *offer_body(double x, double y, int age, const char *owner)
{
	char *b = NULL;
	if (asprintf(&b,
		     "{\"municipalityCode\":\"%s\",\"receivedOn\":\"%s\","
		     "\"property\":{\"cadastralParcels\":[\"%s\"],"
		     "\"location\":{\"type\":\"Point\",\"coordinates\":[%.10g,%.10g]}},"
		     "\"owner\":{\"name\":\"%s\",\"email\":\"eigenaar@example.nl\"},"
		     "\"askingPrice\":\"350000.00\"}",
		     OWN, eh_today_plus(-age), oh_unique_parcel(), x, y, owner) < 0)
		abort();
	return b;
}

/* The next equated day of this program: unique (a sequence), in 2150–2199
 * so that no real deadline moves, and one that may be equated (a weekday
 * that is no holiday). */
static void fresh_equated_day(char out[16])
{
	for (;;) {
		long k = next_of("e2e_equated");
		snprintf(out, 16, "%s", eh_date_plus("2150-01-01", (int)(k % 18000)));
		wvlv_date d;
		wvlv_error err;
		wvlv_error_clear(&err);
		if (wvlv_date_parse(out, &d, &err) == WVLV_OK &&
		    wvlv_equated_day_check(d, &err) == WVLV_OK)
			return;
	}
}

static const char *period_end(void)
{
	static char s[16];
	snprintf(s, sizeof(s), "%s", eh_today_plus(365));
	return s;
}

/* What a row's setup made for its body: the centre of a fresh voorkeursrecht
 * designation (OFFER). */
typedef struct setup {
	char   designation[40];
	double x, y;
} setup;

static char *body_for_row(body_kind k, const char *name, const setup *su);

static char *body_for(body_kind k, const char *name)
{
	return body_for_row(k, name, NULL);
}

static char *body_for_row(body_kind k, const char *name, const setup *su)
{
	char *b = NULL;
	char *sq;
	char day[16];
	switch (k) {
	case NOBODY:
		return NULL;
	case OFFER:
		return offer_body(su ? su->x : 0, su ? su->y : 0, OFFER_AGE, name);
	case EVENT:
		if (asprintf(&b, "{\"type\":\"decision\",\"on\":\"%s\",\"decision\":\"willing\"}",
			     eh_today_plus(-EVENT_AGE)) < 0)
			abort();
		return b;
	case EQUATED:
		fresh_equated_day(day);
		if (asprintf(&b, "{\"date\":\"%s\",\"reference\":\"Stcrt. matrix %s\"}", day,
			     name) < 0)
			abort();
		return b;
	case CREATE:
		sq = fresh_square();
		b = eh_create_body(OWN, name, sq, period_start(), period_end());
		free(sq);
		return b;
	case PATCH:
		if (asprintf(&b, "{\"name\":\"%s\"}", name) < 0)
			abort();
		return b;
	case EXTEND:
		if (asprintf(&b, "{\"end\":\"%s\",\"decisionReference\":\"Stcrt. matrix\"}",
			     eh_today_plus(365 + 365)) < 0)
			abort();
		return b;
	case WITHDRAW:
		if (asprintf(&b, "{\"on\":\"%s\",\"reason\":\"matrix %s\"}", eh_today_plus(0),
			     name) < 0)
			abort();
		return b;
	}
	return NULL;
}

/* A new designation of GM0505, made by its admin; its id into out (NULL
 * with a message into why when the server refused). */
static bool create_own(const char *name, char out[40], char *why, size_t whylen)
{
	char *b = body_for(CREATE, name);
	const char *h[] = { auth[ADMIN], NULL };
	tresp *r = t_request(BASE, "POST", "/api/v1/designations", b, h);
	bool ok = r->status == 201 && t_str(r->json, "id");
	if (ok)
		snprintf(out, 40, "%s", t_str(r->json, "id"));
	else
		snprintf(why, whylen, "could not create a fresh designation: %ld %.200s", r->status,
			 r->body);
	t_free(r);
	free(b);
	return ok;
}

/* A new voorkeursrecht designation of GM0505, made by its admin: its id and
 * centre into su. */
static bool create_vkr(const char *name, setup *su, char *why, size_t whylen)
{
	char *b = vkr_designation_body(name, &su->x, &su->y);
	const char *h[] = { auth[ADMIN], NULL };
	tresp *r = t_request(BASE, "POST", "/api/v1/designations", b, h);
	bool ok = r->status == 201 && t_str(r->json, "id");
	if (ok)
		snprintf(su->designation, sizeof(su->designation), "%s", t_str(r->json, "id"));
	else
		snprintf(why, whylen, "could not create a fresh voorkeursrecht designation: %ld %.200s",
			 r->status, r->body);
	t_free(r);
	free(b);
	return ok;
}

/* A new offer of GM0505 (received OFFER_AGE days ago) in a new designation,
 * registered by its clerk; its id into out. */
static bool create_offer(const char *name, char out[40], char *why, size_t whylen)
{
	setup su;
	if (!create_vkr(name, &su, why, whylen))
		return false;
	char *b = offer_body(su.x, su.y, OFFER_AGE, name);
	const char *h[] = { auth[CLERK], NULL };
	tresp *r = t_request(BASE, "POST", "/api/v1/sale-notifications", b, h);
	bool ok = r->status == 201 && t_str(r->json, "id");
	if (ok)
		snprintf(out, 40, "%s", t_str(r->json, "id"));
	else
		snprintf(why, whylen, "could not register a fresh offer: %ld %.200s", r->status,
			 r->body);
	t_free(r);
	free(b);
	return ok;
}

/* A new equated day, added by the national admin; the day into out. */
static bool create_equated(char out[16], char *why, size_t whylen)
{
	fresh_equated_day(out);
	char b[128];
	snprintf(b, sizeof(b), "{\"date\":\"%s\",\"reference\":\"Stcrt. matrix setup\"}", out);
	const char *h[] = { auth[NATADMIN], NULL };
	tresp *r = t_request(BASE, "POST", "/api/v1/equated-holidays", b, h);
	bool ok = r->status == 201;
	if (!ok)
		snprintf(why, whylen, "could not add an equated day %s: %ld %.200s", out, r->status,
			 r->body);
	t_free(r);
	return ok;
}

/* tmpl with its {id} or {date} replaced by value ({file}: by map.js, a file of
 * /ogc/v1/static). */
static void substitute(const char *tmpl, const char *value, char *out, size_t n)
{
	if (strstr(tmpl, "{file}"))
		value = "map.js";
	const char *p = strstr(tmpl, "{id}");
	size_t len = 4;
	if (!p && (p = strstr(tmpl, "{file}")))
		len = 6;
	if (!p) {
		p = strstr(tmpl, "{date}");
		len = 6;
	}
	if (!p) {
		snprintf(out, n, "%s", tmpl);
		return;
	}
	snprintf(out, n, "%.*s%s%s", (int)(p - tmpl), tmpl, value, p + len);
}

static bool is_offer_path(const char *path)
{
	return strncmp(path, SN, strlen(SN)) == 0;
}

/* Everything a refused write might have changed: the designations' snapshot
 * of e2e_helpers, and the offers, their events, the equated days and every
 * audit row. */
typedef struct mx_snapshot {
	eh_snapshot d;
	long        all_audit_rows;
	char        digest[33]; /* md5 of every offer, event and equated day */
} mx_snapshot;

static void mx_snapshot_take(mx_snapshot *s)
{
	eh_snapshot_take(eh_db(), &s->d);
	s->all_audit_rows = eh_pg_long(eh_db(), "SELECT count(*) FROM audit_log", NULL);
	char *dg = eh_pg_value(
		eh_db(),
		"SELECT md5(coalesce((SELECT string_agg(s::text, '|' ORDER BY s.id)"
		" FROM sale_notifications s), '')"
		" || '#' || coalesce((SELECT string_agg(e::text, '|' ORDER BY e.sale_notification_id,"
		" e.sequence) FROM sale_notification_events e), '')"
		" || '#' || coalesce((SELECT string_agg(q::text, '|' ORDER BY q.date)"
		" FROM equated_holidays q), ''))",
		NULL);
	snprintf(s->digest, sizeof(s->digest), "%s", dg ? dg : "");
	free(dg);
}

static bool mx_snapshot_same(const mx_snapshot *a, const mx_snapshot *b)
{
	return a->d.designations == b->d.designations && a->d.periods == b->d.periods &&
	       a->d.version_sum == b->d.version_sum &&
	       a->d.idempotency_keys == b->d.idempotency_keys &&
	       a->d.audit_rows == b->d.audit_rows && !strcmp(a->d.digest, b->d.digest) &&
	       a->all_audit_rows == b->all_audit_rows && !strcmp(a->digest, b->digest);
}

static bool is_write(const char *method)
{
	return strcmp(method, "GET") != 0;
}

static bool is_fixture(const char *id)
{
	return id && (strcmp(id, fixture) == 0 || strcmp(id, fixture_offer) == 0);
}

/* Does the response show anything of GM0505: the fixture designation or
 * offer, an item, audit entry or deadline of GM0505?  *fixture_seen: a
 * fixture itself (for statistics: the fixture designation's, counting its
 * offer). */
static bool shows_own(json_t *j, bool *fixture_seen)
{
	bool any = false;
	*fixture_seen = false;
	const char *id = t_str(j, "id");
	if (is_fixture(id))
		*fixture_seen = any = true;
	if (t_str(j, "municipalityCode") && strcmp(t_str(j, "municipalityCode"), OWN) == 0)
		any = true;
	const char *did = t_str(j, "designationId");
	json_t *total = json_object_get(j, "total");
	if (did && strcmp(did, fixture) == 0) {
		any = true;
		if (!total || t_int(total, "received") >= 1)
			*fixture_seen = true;
	}
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(j, "items"), i, it) {
		const char *iid = t_str(it, "id");
		const char *eid = t_str(it, "entityId");
		const char *sid = t_str(it, "saleNotificationId");
		const char *m = t_str(it, "municipalityCode");
		if (is_fixture(iid) || is_fixture(eid) || is_fixture(sid))
			*fixture_seen = any = true;
		if (is_fixture(t_str(it, "designationId")))
			any = true;
		if (m && strcmp(m, OWN) == 0)
			any = true;
	}
	return any;
}

/* The result of one row. */
typedef struct outcome {
	long got;
	char code[48];
	char why[400]; /* empty: the row passed */
} outcome;

static void cell_fail(outcome *o, const char *fmt, const char *a, const char *b)
{
	size_t n = strlen(o->why);
	snprintf(o->why + n, sizeof(o->why) - n, "%s", n ? "; " : "");
	n = strlen(o->why);
	snprintf(o->why + n, sizeof(o->why) - n, fmt, a, b);
}

static void run_row(const row *rw, int index, outcome *o)
{
	memset(o, 0, sizeof(*o));
	char id[40] = "";
	char name[64];
	snprintf(name, sizeof(name), "matrix row %d %s", index, caller_name[rw->who]);
	/* setup: what the path and body name, fresh for every write row */
	if (strstr(rw->path, "{id}")) {
		bool offer = is_offer_path(rw->path);
		if (is_write(rw->method)) {
			if (!(offer ? create_offer(name, id, o->why, sizeof(o->why))
				    : create_own(name, id, o->why, sizeof(o->why))))
				return;
		} else {
			snprintf(id, sizeof(id), "%s", offer ? fixture_offer : fixture);
		}
	} else if (strstr(rw->path, "{date}")) {
		if (!create_equated(id, o->why, sizeof(o->why)))
			return;
	}
	setup su = { .designation = "" };
	if (rw->body == OFFER && !create_vkr(name, &su, o->why, sizeof(o->why)))
		return;
	char path[256];
	substitute(rw->path, id, path, sizeof(path));
	char *body = body_for_row(rw->body, name, &su);
	const char *h[] = { auth[rw->who], NULL };
	mx_snapshot before;
	bool refused_write = is_write(rw->method) && rw->status >= 300;
	if (refused_write)
		mx_snapshot_take(&before);
	tresp *r = t_request(BASE, rw->method, path, body, h);
	o->got = r->status;
	snprintf(o->code, sizeof(o->code), "%s", t_str(r->json, "code") ? t_str(r->json, "code") : "");
	char buf[64];
	if (r->status != rw->status) {
		snprintf(buf, sizeof(buf), "%ld", r->status);
		cell_fail(o, "status %s%s", buf, "");
	}
	if (rw->code && strcmp(o->code, rw->code) != 0)
		cell_fail(o, "code \"%s\" instead of \"%s\"", o->code, rw->code);
	if (rw->status >= 400) {
		const char *ct = t_header(r, "Content-Type");
		if (!ct || strncmp(ct, "application/problem+json", 24) != 0)
			cell_fail(o, "Content-Type %s%s", ct ? ct : "(none)", "");
	}
	if (rw->status == 401) {
		const char *want = rw->who == NONE ? "Bearer realm=\"wvlv\""
				   : rw->who == MALFORMED
					   ? "Bearer realm=\"wvlv\", error=\"invalid_request\""
					   : "Bearer realm=\"wvlv\", error=\"invalid_token\"";
		const char *www = t_header(r, "WWW-Authenticate");
		if (!www || strcmp(www, want) != 0)
			cell_fail(o, "WWW-Authenticate %s instead of %s", www ? www : "(none)", want);
	}
	if (rw->status == 422 && rw->code && strcmp(rw->code, OTHERMUNI) == 0) {
		if (!eh_param(r, "municipalityCode", OTHERMUNI))
			cell_fail(o, "no invalidParams municipalityCode/%s%s", OTHERMUNI, "");
	}
	if (r->status == 200 && rw->sees != ANY) {
		bool fixture_seen = false;
		bool any = shows_own(r->json, &fixture_seen);
		if (rw->sees == SEES && !fixture_seen)
			cell_fail(o, "the GM0505 fixture (designation %s, offer %s) is not in the response",
				  fixture, fixture_offer);
		if (rw->sees == BLIND && any)
			cell_fail(o, "GM0505 data is in the response: %.120s%s", r->body, "");
		if ((strstr(rw->path, "/designations") || is_offer_path(rw->path)) &&
		    !strstr(rw->path, "{id}") && rw->sees == BLIND &&
		    t_int(r->json, "numberMatched") != 0)
			cell_fail(o, "numberMatched is not 0 for another municipality%s%s", "", "");
	}
	/* a registered offer is GM0505's, under the designation of the setup */
	if (r->status == 201 && rw->body == OFFER) {
		const char *m = t_str(r->json, "municipalityCode");
		const char *d = t_str(r->json, "designationId");
		if (!m || strcmp(m, OWN) != 0)
			cell_fail(o, "the offer's municipalityCode is %s, not %s", m ? m : "(none)", OWN);
		if (!d || strcmp(d, su.designation) != 0)
			cell_fail(o, "the offer's designationId is %s, not %s", d ? d : "(none)",
				  su.designation);
	}
	/* a recorded decision moved the offer on */
	if (r->status == 201 && rw->body == EVENT) {
		const char *st = t_str(r->json, "status");
		if (!st || strcmp(st, "negotiating") != 0)
			cell_fail(o, "status %s after a willing decision, not %s", st ? st : "(none)",
				  "negotiating");
	}
	/* an equated day removed is gone */
	if (r->status == 204 && strstr(rw->path, "{date}")) {
		const char *pd[] = { id, NULL };
		if (eh_pg_long(eh_db(), "SELECT count(*) FROM equated_holidays WHERE date = $1::date",
			       pd) != 0)
			cell_fail(o, "the equated day %s is still there%s", id, "");
	}
	if (refused_write) {
		mx_snapshot after;
		mx_snapshot_take(&after);
		if (!mx_snapshot_same(&before, &after))
			cell_fail(o, "a refused write changed the database%s%s", "", "");
	}
	if (o->why[0] && r->status != rw->status) {
		size_t n = strlen(o->why);
		snprintf(o->why + n, sizeof(o->why) - n, " [%.150s]", r->body);
	}
	t_free(r);
	free(body);
}

/* The grid: one line per endpoint, one column per caller; a cell is the
 * expected status, or "exp>got!" where the row failed. */
static void print_grid(const outcome *out)
{
	fprintf(stderr, "\naccess matrix (expected status; \"exp>got!\" marks a failing cell)\n");
	fprintf(stderr, "%-64s", "endpoint");
	for (int c = 0; c < NCALLERS; c++)
		fprintf(stderr, " %-11s", caller_name[c]);
	fputc('\n', stderr);
	for (size_t i = 0; i < NROWS; i++) {
		bool first = true;
		for (size_t j = 0; j < i; j++)
			if (!strcmp(matrix[j].method, matrix[i].method) &&
			    !strcmp(matrix[j].path, matrix[i].path) && matrix[j].body == matrix[i].body)
				first = false;
		if (!first)
			continue;
		char ep[80];
		snprintf(ep, sizeof(ep), "%s %s", matrix[i].method, matrix[i].path);
		fprintf(stderr, "%-64s", ep);
		for (int c = 0; c < NCALLERS; c++) {
			char cell[24] = "(none)";
			for (size_t j = i; j < NROWS; j++) {
				if (matrix[j].who != (caller)c || strcmp(matrix[j].method, matrix[i].method) ||
				    strcmp(matrix[j].path, matrix[i].path) || matrix[j].body != matrix[i].body)
					continue;
				if (out[j].why[0])
					snprintf(cell, sizeof(cell), "%ld>%ld!", matrix[j].status, out[j].got);
				else
					snprintf(cell, sizeof(cell), "%ld", matrix[j].status);
				break;
			}
			fprintf(stderr, " %-11s", cell);
		}
		fputc('\n', stderr);
	}
	fprintf(stderr, "\nfailing cells:\n");
	for (size_t i = 0; i < NROWS; i++) {
		if (!out[i].why[0])
			continue;
		fprintf(stderr, "  row %zu: %-11s %-6s %-40s body %-8s expected %ld %s, got %ld %s: %s\n",
			i, caller_name[matrix[i].who], matrix[i].method, matrix[i].path,
			body_name[matrix[i].body], matrix[i].status,
			matrix[i].code ? matrix[i].code : "", out[i].got, out[i].code, out[i].why);
	}
	fputc('\n', stderr);
}

/* ============================ the matrix test ============================ */

START_TEST(every_caller_gets_the_status_of_the_matrix_on_every_endpoint)
{
	outcome *out = calloc(NROWS, sizeof(*out));
	int failed = 0;
	for (size_t i = 0; i < NROWS; i++) {
		run_row(&matrix[i], (int)i, &out[i]);
		if (out[i].why[0])
			failed++;
	}
	if (failed)
		print_grid(out);
	free(out);
	ck_assert_msg(failed == 0, "%d of %zu cells of the access matrix failed (table above)", failed,
		      NROWS);
}
END_TEST

/* Every caller appears in the matrix on every route of server/routes.c: a
 * route added there without its rows here makes this fail. */
START_TEST(the_matrix_covers_every_caller_on_every_route)
{
	ck_assert_uint_ge(http_nroutes, 10);
	for (size_t r = 0; r < http_nroutes; r++) {
		for (int c = 0; c < NCALLERS; c++) {
			bool found = false;
			for (size_t i = 0; i < NROWS; i++) {
				size_t pl = strcspn(matrix[i].path, "?");
				if (matrix[i].who == (caller)c &&
				    !strcmp(matrix[i].method, http_routes[r].method) &&
				    strlen(http_routes[r].pattern) == pl &&
				    !strncmp(matrix[i].path, http_routes[r].pattern, pl))
					found = true;
			}
			ck_assert_msg(found, "no matrix row for %s on %s %s", caller_name[c],
				      http_routes[r].method, http_routes[r].pattern);
		}
	}
}
END_TEST

/* ============================ owner personal data ============================ */

/* The owner of an offer (name, address, e-mail, phone) is personal data:
 * clerks and admins of the municipality see it, on one offer and in the
 * list; a reader and a national token get the offer without the member
 * "owner" (not null: absent), and nothing of it appears anywhere in the
 * response — nor in the deadline overview, for anyone. */
START_TEST(only_clerks_and_admins_of_the_municipality_see_the_owner)
{
	static const struct {
		caller who;
		long   one;   /* status of GET one offer */
		bool   owner; /* sees the owner */
	} cases[] = {
		{ READER, 200, false }, { CLERK, 200, true },     { ADMIN, 200, true },
		{ OTHER, 404, false },  { NATIONAL, 200, false }, { NATADMIN, 200, false },
	};
	char one[128];
	snprintf(one, sizeof(one), "%s/%s", SN, fixture_offer);
	const char *const lists[] = { SN, SN5 };
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		const char *who = caller_name[cases[c].who];
		const char *h[] = { auth[cases[c].who], NULL };
		bool want = cases[c].owner;

		tresp *r = t_request(BASE, "GET", one, NULL, h);
		ck_assert_msg(r->status == cases[c].one, "%s: GET one offer → %ld %s", who, r->status,
			      r->body);
		if (r->status == 200) {
			json_t *ow = json_object_get(r->json, "owner");
			ck_assert_msg((ow != NULL) == want, "%s: GET one offer %s \"owner\": %s", who,
				      want ? "lacks" : "has", r->body);
			if (want)
				ck_assert_msg(t_str(ow, "name") &&
						      !strcmp(t_str(ow, "name"), OFFER_FIXTURE_OWNER),
					      "%s: owner %s", who, r->body);
		}
		if (!want)
			ck_assert_msg(!strstr(r->body, OFFER_FIXTURE_OWNER) &&
					      !strstr(r->body, "eigenaar@example.nl"),
				      "%s: GET one offer shows the owner: %s", who, r->body);
		t_free(r);

		for (size_t l = 0; l < 2; l++) {
			r = t_request(BASE, "GET", lists[l], NULL, h);
			ck_assert_msg(r->status == 200, "%s: GET %s → %ld %s", who, lists[l], r->status,
				      r->body);
			size_t i, nitems = 0;
			bool fixture_listed = false;
			json_t *it;
			json_array_foreach(json_object_get(r->json, "items"), i, it) {
				nitems++;
				ck_assert_msg((json_object_get(it, "owner") != NULL) == want,
					      "%s: GET %s: item %s %s \"owner\"", who, lists[l],
					      t_str(it, "id"), want ? "lacks" : "has");
				if (is_fixture(t_str(it, "id"))) {
					fixture_listed = true;
					if (want)
						ck_assert_str_eq(t_str(json_object_get(it, "owner"),
								       "name"),
								 OFFER_FIXTURE_OWNER);
				}
			}
			ck_assert_msg(fixture_listed == (cases[c].who != OTHER),
				      "%s: GET %s: the fixture offer is %slisted", who, lists[l],
				      fixture_listed ? "" : "not ");
			if (!want)
				ck_assert_msg(!strstr(r->body, OFFER_FIXTURE_OWNER) &&
						      !strstr(r->body, "eigenaar@example.nl"),
					      "%s: GET %s shows an owner", who, lists[l]);
			t_free(r);
		}

		r = t_request(BASE, "GET", DL, NULL, h);
		ck_assert_msg(r->status == 200, "%s: GET %s → %ld", who, DL, r->status);
		ck_assert_msg(!strstr(r->body, OFFER_FIXTURE_OWNER), "%s: deadlines show the owner", who);
		t_free(r);
	}
}
END_TEST

/* ============================ no path to another municipality ============================ */

/* A designation of another municipality answers exactly as an id that does
 * not exist: same status, type, title and detail (only `instance`, the
 * path, differs), for a read and for every write. */
START_TEST(another_municipalitys_designation_answers_like_an_unknown_id)
{
	static const char *const unknown = "0b7c3f4e-5d21-4a8e-9c6f-2e1d7a9b4c30";
	static const struct {
		const char *method, *suffix;
		body_kind body;
	} calls[] = {
		{ "GET", "", NOBODY },
		{ "PATCH", "", PATCH },
		{ "POST", "/extensions", EXTEND },
		{ "POST", "/withdrawal", WITHDRAW },
	};
	/* with and without a (stale) If-Match: 412 would reveal that it exists */
	const char *h[] = { auth[OTHER], NULL, NULL };
	const size_t ncalls = sizeof(calls) / sizeof(calls[0]);
	for (size_t n = 0; n < 2 * ncalls; n++) {
		size_t i = n % ncalls;
		h[1] = n >= ncalls ? "If-Match: \"99\"" : NULL;
		char theirs[160], none[160];
		snprintf(theirs, sizeof(theirs), "/api/v1/designations/%s%s", fixture, calls[i].suffix);
		snprintf(none, sizeof(none), "/api/v1/designations/%s%s", unknown, calls[i].suffix);
		char *b = body_for(calls[i].body, "probe");
		eh_snapshot before;
		eh_snapshot_take(eh_db(), &before);
		tresp *a = t_request(BASE, calls[i].method, theirs, b, h);
		tresp *u = t_request(BASE, calls[i].method, none, b, h);
		eh_assert_unchanged(eh_db(), &before);
		eh_assert_problem(a, 404, NOTFOUND, theirs);
		eh_assert_problem(u, 404, NOTFOUND, none);
		static const char *const keys[] = { "type", "title", "detail" };
		for (size_t k = 0; k < 3; k++)
			ck_assert_msg(!strcmp(t_str(a->json, keys[k]), t_str(u->json, keys[k])),
				      "%s %s: %s differs: \"%s\" vs \"%s\"", calls[i].method,
				      calls[i].suffix, keys[k], t_str(a->json, keys[k]),
				      t_str(u->json, keys[k]));
		ck_assert_int_eq(t_int(a->json, "status"), t_int(u->json, "status"));
		ck_assert_ptr_null(json_object_get(a->json, "invalidParams"));
		ck_assert_ptr_null(t_header(a, "ETag"));
		t_free(a);
		t_free(u);
		free(b);
	}
}
END_TEST

/* Idempotency keys belong to a municipality: another municipality's admin
 * sending the same key, path and body gets no replay of GM0505's response. */
START_TEST(an_idempotency_key_of_another_municipality_is_not_replayed)
{
	char id[40], why[300];
	ck_assert_msg(create_own("idempotency scope", id, why, sizeof(why)), "%s", why);
	char path[160];
	snprintf(path, sizeof(path), "/api/v1/designations/%s/extensions", id);
	char *b = body_for(EXTEND, "idem");
	const char *own[] = { auth[ADMIN], "Idempotency-Key: matrix-shared-key", NULL };
	tresp *r = t_request(BASE, "POST", path, b, own);
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	t_free(r);
	const char *other[] = { auth[OTHER], "Idempotency-Key: matrix-shared-key", NULL };
	eh_snapshot before;
	eh_snapshot_take(eh_db(), &before);
	r = t_request(BASE, "POST", path, b, other);
	eh_assert_problem(r, 404, NOTFOUND, path);
	ck_assert_ptr_null(t_header(r, "Idempotent-Replayed"));
	ck_assert_ptr_null(strstr(r->body, "Stcrt. matrix"));
	t_free(r);
	eh_assert_unchanged(eh_db(), &before);
	free(b);
}
END_TEST

/* ============================ Authorization headers ============================ */

static char valid_token[64];   /* the token of auth[ADMIN] */

START_TEST(malformed_authorization_headers_are_401)
{
	char t42[128], t44[128], spaced[128], two[256], tab[128], plus[128], padded[128], comma[256];
	snprintf(t42, sizeof(t42), "Authorization: Bearer %.42s", valid_token);
	snprintf(t44, sizeof(t44), "Authorization: Bearer %sA", valid_token);
	snprintf(spaced, sizeof(spaced), "Authorization: Bearer %.20s %s", valid_token,
		 valid_token + 20);
	snprintf(two, sizeof(two), "Authorization: Bearer %s %s", valid_token, valid_token);
	snprintf(comma, sizeof(comma), "Authorization: Bearer %s, Bearer %s", valid_token,
		 valid_token);
	snprintf(tab, sizeof(tab), "Authorization: Bearer\t%s", valid_token);
	snprintf(padded, sizeof(padded), "Authorization: Bearer %s=", valid_token);
	/* 43 characters, but standard base64 (+ and /) rather than base64url */
	snprintf(plus, sizeof(plus), "Authorization: Bearer %.41s+/", valid_token);
	char *huge = malloc(12000);
	strcpy(huge, "Authorization: Bearer ");
	memset(huge + strlen(huge), 'A', 10000);
	huge[22 + 10000] = '\0';
	char no_scheme[128];
	snprintf(no_scheme, sizeof(no_scheme), "Authorization: %s", valid_token);
	char token_scheme[128];
	snprintf(token_scheme, sizeof(token_scheme), "Authorization: Token %s", valid_token);

	const struct {
		const char *what, *header, *code;
	} cases[] = {
		{ "Basic credentials", "Authorization: Basic dXNlcjpwYXNzd29yZA==", BAD_TOKEN },
		{ "Bearer without a token", "Authorization: Bearer", BAD_TOKEN },
		{ "Bearer and a space", "Authorization: Bearer ", BAD_TOKEN },
		{ "an empty header", "Authorization;", BAD_TOKEN },
		{ "a 42-character token", t42, BAD_TOKEN },
		{ "a 44-character token", t44, BAD_TOKEN },
		{ "a token with a space in it", spaced, BAD_TOKEN },
		{ "two tokens", two, BAD_TOKEN },
		{ "two Bearer credentials", comma, BAD_TOKEN },
		{ "a tab instead of a space", tab, BAD_TOKEN },
		{ "a padded token", padded, BAD_TOKEN },
		{ "base64 (not base64url) characters", plus, BAD_TOKEN },
		{ "a 10 000-character token", huge, BAD_TOKEN },
		{ "a token without a scheme", no_scheme, BAD_TOKEN },
		{ "another scheme", token_scheme, BAD_TOKEN },
		{ "a well-formed unknown token",
		  "Authorization: Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", INVALID },
	};
	char *create = body_for(CREATE, "malformed header probe");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *h[] = { cases[i].header, NULL };
		/* a read and a write, and the write changes nothing */
		tresp *r = t_request(BASE, "GET", LIST, NULL, h);
		ck_assert_msg(r->status == 401, "%s: GET → %ld %s", cases[i].what, r->status, r->body);
		eh_assert_problem(r, 401, cases[i].code, LIST);
		const char *www = t_header(r, "WWW-Authenticate");
		ck_assert_msg(www && strncmp(www, "Bearer realm=\"wvlv\"", 19) == 0,
			      "%s: WWW-Authenticate %s", cases[i].what, www ? www : "(none)");
		t_free(r);
		eh_snapshot before;
		eh_snapshot_take(eh_db(), &before);
		r = t_request(BASE, "POST", LIST, create, h);
		ck_assert_msg(r->status == 401, "%s: POST → %ld %s", cases[i].what, r->status,
			      r->body);
		ck_assert_str_eq(t_str(r->json, "code"), cases[i].code);
		t_free(r);
		eh_assert_unchanged(eh_db(), &before);
	}
	free(create);
	free(huge);
}
END_TEST

/* RFC 9110 §11.1: the scheme is case-insensitive, and 1*SP may separate it
 * from the credentials; header names are case-insensitive (auth.c uses
 * strncasecmp and skips spaces). */
START_TEST(bearer_scheme_is_case_insensitive_and_may_have_several_spaces)
{
	char lower[128], upper[128], mixed[128], spaces[128], name_lower[128];
	snprintf(lower, sizeof(lower), "Authorization: bearer %s", valid_token);
	snprintf(upper, sizeof(upper), "Authorization: BEARER %s", valid_token);
	snprintf(mixed, sizeof(mixed), "Authorization: bEaReR %s", valid_token);
	snprintf(spaces, sizeof(spaces), "Authorization: Bearer   %s", valid_token);
	snprintf(name_lower, sizeof(name_lower), "authorization: Bearer %s", valid_token);
	const char *cases[] = { lower, upper, mixed, spaces, name_lower };
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *h[] = { cases[i], NULL };
		char path[96];
		snprintf(path, sizeof(path), "/api/v1/designations/%s", fixture);
		tresp *r = t_request(BASE, "GET", path, NULL, h);
		ck_assert_msg(r->status == 200, "%s → %ld %s", cases[i], r->status, r->body);
		ck_assert_str_eq(t_str(r->json, "id"), fixture);
		t_free(r);
	}
	/* and a write with a lowercase scheme is the admin's write */
	char id[40], why[300];
	ck_assert_msg(create_own("lowercase scheme", id, why, sizeof(why)), "%s", why);
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/designations/%s", id);
	const char *h[] = { lower, NULL };
	tresp *r = t_request(BASE, "PATCH", path, "{\"name\":\"patched with bearer\"}", h);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	ck_assert_str_eq(t_str(r->json, "name"), "patched with bearer");
	t_free(r);
}
END_TEST

/* RFC 9110 §5.5: whitespace around a field value is not part of it, so a
 * token followed by a space (sent raw: clients rarely do, proxies may) is
 * the same token. */
START_TEST(a_space_after_the_token_is_not_part_of_it)
{
	char h[128], path[96];
	snprintf(h, sizeof(h), "Authorization: Bearer %s ", valid_token);
	snprintf(path, sizeof(path), "/api/v1/designations/%s", fixture);
	int fd = rh_connect(srv.port, NULL);
	ck_assert_int_ge(fd, 0);
	char req[512];
	snprintf(req, sizeof(req), "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s\r\n\r\n", path, h);
	ck_assert(rh_send_str(fd, req));
	rh_resp *r = rh_read_response(fd, 10000);
	ck_assert_msg(r != NULL, "no response");
	ck_assert_msg(r->status == 200, "\"%s\" (trailing space) → %d %s", h, r->status, r->body);
	rh_free(r);
	close(fd);
}
END_TEST

/* Authorization is a singleton field (RFC 9110 §5.3, §11.6.2): a request
 * with two of them is ambiguous (a proxy may check one, the server use the
 * other) and is refused like any malformed header, whichever comes first. */
START_TEST(two_authorization_header_lines_are_401)
{
	char valid[128];
	snprintf(valid, sizeof(valid), "Authorization: Bearer %s", valid_token);
	const char *orders[][2] = {
		{ valid, "Authorization: Bearer not-a-token" },
		{ "Authorization: Bearer not-a-token", valid },
		{ valid, auth[OTHER] },
		{ valid, valid },
	};
	char path[96];
	snprintf(path, sizeof(path), "/api/v1/designations/%s", fixture);
	for (size_t i = 0; i < sizeof(orders) / sizeof(orders[0]); i++) {
		int fd = rh_connect(srv.port, NULL);
		ck_assert_int_ge(fd, 0);
		char req[768];
		snprintf(req, sizeof(req), "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s\r\n%s\r\n\r\n",
			 path, orders[i][0], orders[i][1]);
		ck_assert(rh_send_str(fd, req));
		rh_resp *r = rh_read_response(fd, 10000);
		ck_assert_msg(r != NULL, "no response");
		ck_assert_msg(r->status == 401, "two Authorization lines (%.40s… then %.40s…) → %d",
			      orders[i][0], orders[i][1], r->status);
		ck_assert_ptr_nonnull(rh_header(r, "WWW-Authenticate"));
		rh_free(r);
		close(fd);
	}
}
END_TEST

/* The place cap counts only the caller's municipality, and a 409 never names
 * another municipality's designation: GM0599 may register a designation on
 * the very place where GM0505 already has twenty years. */
START_TEST(the_place_cap_neither_counts_nor_names_another_municipalitys_designations)
{
	char *sq = fresh_square();
	char *b = eh_create_body(OWN, "twenty years", sq, "2000-01-01", "2003-12-31");
	const char *ha[] = { auth[ADMIN], NULL };
	tresp *r = t_request(BASE, "POST", LIST, b, ha);
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	char id[40];
	snprintf(id, sizeof(id), "%s", t_str(r->json, "id"));
	t_free(r);
	free(b);
	static const char *const ends[] = { "2007-12-31", "2011-12-31", "2015-12-31", "2019-12-31" };
	for (size_t i = 0; i < 4; i++) {
		char path[128], eb[128];
		snprintf(path, sizeof(path), "/api/v1/designations/%s/extensions", id);
		snprintf(eb, sizeof(eb), "{\"end\":\"%s\",\"decisionReference\":\"x\"}", ends[i]);
		r = t_request(BASE, "POST", path, eb, ha);
		ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
		t_free(r);
	}
	/* the same place in GM0505 once more: the cap is reached, 409 names it */
	b = eh_create_body(OWN, "one year more", sq, "2025-01-01", "2025-12-31");
	r = t_request(BASE, "POST", LIST, b, ha);
	ck_assert_msg(r->status == 409, "own municipality: %ld %s", r->status, r->body);
	ck_assert_ptr_nonnull(strstr(r->body, id));
	t_free(r);
	free(b);
	/* in GM0599: none of that counts, nothing of GM0505 is named */
	b = eh_create_body(OTHER_MUNI, "one year more", sq, "2025-01-01", "2025-12-31");
	const char *ho[] = { auth[OTHER], NULL };
	r = t_request(BASE, "POST", LIST, b, ho);
	ck_assert_msg(r->status == 201, "another municipality: %ld %s", r->status, r->body);
	ck_assert_ptr_null(strstr(r->body, id));
	ck_assert_ptr_null(strstr(r->body, "twenty years"));
	t_free(r);
	free(b);
	free(sq);
}
END_TEST

/* ============================ revoking ============================ */

static rh_resp *raw_get(int fd, const char *path, const char *auth_header)
{
	char req[512];
	snprintf(req, sizeof(req),
		 "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s\r\nConnection: keep-alive\r\n\r\n", path,
		 auth_header);
	ck_assert(rh_send_str(fd, req));
	return rh_read_response(fd, 10000);
}

START_TEST(revoke_takes_effect_on_the_next_request)
{
	tkey k;
	tkey_create(conninfo, OWN, "admin", "to be revoked", &k);
	char path[96];
	snprintf(path, sizeof(path), "/api/v1/designations/%s", fixture);

	/* one kept-alive connection: a request before and one after the revoke */
	int fd = rh_connect(srv.port, NULL);
	ck_assert_int_ge(fd, 0);
	rh_resp *r1 = raw_get(fd, path, k.header);
	ck_assert_msg(r1 && r1->status == 200, "before the revoke: %d", r1 ? r1->status : 0);
	rh_free(r1);

	ck_assert_int_eq(tkey_revoke(conninfo, k.id), 0);

	rh_resp *r2 = raw_get(fd, path, k.header);
	ck_assert_msg(r2 != NULL, "the kept-alive connection gave no second response");
	ck_assert_int_eq(r2->status, 401);
	ck_assert_str_eq(rh_header(r2, "WWW-Authenticate"), "Bearer realm=\"wvlv\", error=\"invalid_token\"");
	json_t *j = json_loads(r2->body, 0, NULL);
	ck_assert_str_eq(t_str(j, "code"), INVALID);
	json_decref(j);
	rh_free(r2);
	close(fd);

	/* a new connection, a read and a write: 401, and nothing changes */
	const char *h[] = { k.header, NULL };
	tresp *r = t_request(BASE, "GET", path, NULL, h);
	eh_assert_problem(r, 401, INVALID, path);
	t_free(r);
	eh_snapshot before;
	eh_snapshot_take(eh_db(), &before);
	r = t_request(BASE, "PATCH", path, "{\"name\":\"by a revoked token\"}", h);
	eh_assert_problem(r, 401, INVALID, path);
	t_free(r);
	eh_assert_unchanged(eh_db(), &before);

	/* other tokens still work */
	const char *ha[] = { auth[ADMIN], NULL };
	r = t_request(BASE, "GET", path, NULL, ha);
	ck_assert_int_eq(r->status, 200);
	t_free(r);

	/* keys list shows when it was revoked */
	const char *args[] = { "list", NULL };
	char *out = NULL;
	ck_assert_int_eq(tkey_run(conninfo, args, &out), 0);
	const char *line = strstr(out, k.id);
	ck_assert_msg(line != NULL, "keys list lacks %s:\n%s", k.id, out);
	char l[256];
	snprintf(l, sizeof(l), "%.*s", (int)strcspn(line, "\n"), line);
	/* ID SCOPE ROLE CREATED REVOKED LABEL: the revoked column is a timestamp */
	char id[40], scope[16], role[16], created[40], revoked[40];
	ck_assert_int_eq(sscanf(l, "%39s %15s %15s %39s %39s", id, scope, role, created, revoked), 5);
	ck_assert_msg(strcmp(revoked, "-") != 0 && strlen(revoked) >= 20, "not revoked: %s", l);
	free(out);

	/* revoking it again, or an unknown id, fails (1); what is no ID at all is a usage error (2) */
	ck_assert_int_eq(tkey_revoke(conninfo, k.id), 1);
	ck_assert_int_eq(tkey_revoke(conninfo, "0b7c3f4e-5d21-4a8e-9c6f-2e1d7a9b4c30"), 1);
	ck_assert_int_eq(tkey_revoke(conninfo, "not-a-uuid"), 2);
}
END_TEST

/* ============================ wvlv keys ============================ */

static long token_rows(void)
{
	return eh_pg_long(eh_db(), "SELECT count(*) FROM api_tokens", NULL);
}

/* A line of 43 base64url characters: what a token looks like. */
static bool has_token_line(const char *out)
{
	const char *p = out;
	while (*p) {
		size_t n = strcspn(p, "\n");
		char line[128];
		if (n < sizeof(line)) {
			memcpy(line, p, n);
			line[n] = '\0';
			if (wvlv_token_well_formed(line))
				return true;
		}
		p += n;
		if (*p)
			p++;
	}
	return false;
}

START_TEST(keys_create_usage_errors_exit_2_and_create_nothing)
{
	static const char *const cases[][10] = {
		{ "create", "--national", "--role", "clerk", NULL },
		{ "create", "--national", "--role", "root", NULL },
		{ "create", "--municipality", "GM05", "--role", "admin", NULL },
		{ "create", "--municipality", "gm0505", "--role", "admin", NULL },
		{ "create", "--municipality", "GM05051", "--role", "admin", NULL },
		{ "create", "--municipality", "0505", "--role", "admin", NULL },
		{ "create", "--municipality", "GM0505", NULL },
		{ "create", "--municipality", "GM0505", "--role", "root", NULL },
		{ "create", "--municipality", "GM0505", "--national", "--role", "reader", NULL },
		{ "create", "--role", "admin", NULL },
		{ "create", "--municipality", "GM0505", "--role", "admin", "extra", NULL },
		{ "create", "--municipality", "GM0505", "--role", "admin", "--bogus", NULL },
		{ "revoke", NULL },
		{ "frobnicate", NULL },
		{ NULL },
	};
	long before = token_rows();
	long audit_before = eh_pg_long(eh_db(), "SELECT count(*) FROM audit_log", NULL);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *out = NULL;
		int rc = tkey_run(conninfo, cases[i], &out);
		char what[200] = "keys";
		for (const char *const *a = cases[i]; *a; a++)
			snprintf(what + strlen(what), sizeof(what) - strlen(what), " %s", *a);
		ck_assert_msg(rc == 2, "%s: exit %d, not 2:\n%s", what, rc, out);
		ck_assert_msg(strstr(out, "see `wvlv keys --help`") && !strstr(out, "Usage:"),
			      "%s: not one line and where the help is:\n%s", what, out);
		ck_assert_msg(!has_token_line(out), "%s printed a token:\n%s", what, out);
		free(out);
	}
	ck_assert_int_eq(token_rows(), before);
	ck_assert_int_eq(eh_pg_long(eh_db(), "SELECT count(*) FROM audit_log", NULL), audit_before);
}
END_TEST

START_TEST(keys_create_prints_the_token_alone_on_the_last_line)
{
	const char *args[] = { "create", "--municipality", OWN, "--role", "reader", "--label",
			       "last line check", NULL };
	char *out = NULL;
	ck_assert_int_eq(tkey_run(conninfo, args, &out), 0);
	size_t n = strlen(out);
	ck_assert_msg(n > 0 && out[n - 1] == '\n', "output does not end in a newline:\n%s", out);
	out[n - 1] = '\0';
	const char *last = strrchr(out, '\n');
	last = last ? last + 1 : out;
	ck_assert_msg(wvlv_token_well_formed(last), "last line is not a token: \"%s\"", last);
	/* printed once: nowhere else in the output */
	ck_assert_ptr_eq(strstr(out, last), last);
	/* it works, as a reader of GM0505 */
	char h[128];
	snprintf(h, sizeof(h), "Authorization: Bearer %s", last);
	const char *hs[] = { h, NULL };
	tresp *r = t_request(BASE, "GET", LIST, NULL, hs);
	ck_assert_int_eq(r->status, 200);
	t_free(r);
	r = t_request(BASE, "POST", LIST, "{}", hs);
	eh_assert_problem(r, 403, ROLE, LIST);
	t_free(r);
	/* only the hash is stored */
	char hash[WVLV_TOKEN_HEXLEN];
	wvlv_token_hash_hex(last, hash);
	const char *pt[] = { last, NULL };
	ck_assert_int_eq(eh_pg_long(eh_db(), "SELECT count(*) FROM api_tokens t"
					  " WHERE strpos(t::text, $1) > 0", pt), 0);
	const char *ph[] = { hash, NULL };
	ck_assert_int_eq(eh_pg_long(eh_db(), "SELECT count(*) FROM api_tokens WHERE token_hash = $1",
				    ph), 1);
	free(out);
}
END_TEST

START_TEST(keys_list_never_prints_a_token)
{
	tkey k, n;
	tkey_create(conninfo, OWN, "clerk", "list check", &k);
	tkey_create(conninfo, NULL, NULL, "list check national", &n);
	const char *args[] = { "list", NULL };
	char *out = NULL;
	ck_assert_int_eq(tkey_run(conninfo, args, &out), 0);
	ck_assert_msg(strstr(out, k.token) == NULL, "keys list shows the token:\n%s", out);
	ck_assert_msg(strstr(out, n.token) == NULL, "keys list shows the token:\n%s", out);
	/* nor a prefix of it, nor its hash */
	char prefix[16];
	snprintf(prefix, sizeof(prefix), "%.12s", k.token);
	ck_assert_msg(strstr(out, prefix) == NULL, "keys list shows part of a token:\n%s", out);
	char hash[WVLV_TOKEN_HEXLEN];
	wvlv_token_hash_hex(k.token, hash);
	ck_assert_msg(strstr(out, hash) == NULL, "keys list shows a token hash:\n%s", out);
	ck_assert_msg(!has_token_line(out), "keys list has a token-like line:\n%s", out);
	/* but it does list them */
	ck_assert_ptr_nonnull(strstr(out, k.id));
	ck_assert_ptr_nonnull(strstr(out, n.id));
	ck_assert_ptr_nonnull(strstr(out, "list check national"));
	const char *line = strstr(out, k.id);
	char l[256];
	snprintf(l, sizeof(l), "%.*s", (int)strcspn(line, "\n"), line);
	ck_assert_msg(strstr(l, OWN) && strstr(l, "clerk") && strstr(l, "list check"), "%s", l);
	line = strstr(out, n.id);
	snprintf(l, sizeof(l), "%.*s", (int)strcspn(line, "\n"), line);
	ck_assert_msg(strstr(l, "national") && strstr(l, "reader"), "%s", l);
	free(out);
}
END_TEST

/* ============================ setup ============================ */

/* The read fixtures: a voorkeursrecht designation of GM0505 and, under it,
 * an offer registered by its clerk OFFER_FIXTURE_AGE days ago (status
 * received, its response deadline passed: always in GET /deadlines). */
static void make_fixture(void)
{
	setup su;
	char why[300];
	if (!create_vkr("matrix fixture", &su, why, sizeof(why))) {
		fprintf(stderr, "cannot create the fixture: %s\n", why);
		exit(1);
	}
	snprintf(fixture, sizeof(fixture), "%s", su.designation);
	char *b = offer_body(su.x, su.y, OFFER_FIXTURE_AGE, OFFER_FIXTURE_OWNER);
	const char *h[] = { auth[CLERK], NULL };
	tresp *r = t_request(BASE, "POST", "/api/v1/sale-notifications", b, h);
	if (r->status != 201 || !t_str(r->json, "id") || !t_str(r->json, "designationId") ||
	    strcmp(t_str(r->json, "designationId"), fixture) != 0) {
		fprintf(stderr, "cannot register the fixture offer: %ld %s\n", r->status, r->body);
		exit(1);
	}
	snprintf(fixture_offer, sizeof(fixture_offer), "%s", t_str(r->json, "id"));
	t_free(r);
	free(b);
}

int main(void)
{
	curl_global_init(CURL_GLOBAL_ALL);
	conninfo = testdb_create("wvlv_e2e_access_matrix");
	eh_init(conninfo);
	PQclear(PQexec(eh_db(), "CREATE SEQUENCE e2e_squares"));
	PQclear(PQexec(eh_db(), "CREATE SEQUENCE e2e_equated"));
	auth[NONE] = NULL;
	auth[MALFORMED] = "Authorization: Bearer not-a-token";
	static char revoked[128], reader[128], clerk[128], admin[128], other[128], national[128],
		natadmin[128];
	snprintf(revoked, sizeof(revoked), "%s", ttoken_header(conninfo, OWN, "admin"));
	char revoked_id[40];
	snprintf(revoked_id, sizeof(revoked_id), "%s", ttoken_last_id());
	snprintf(reader, sizeof(reader), "%s", ttoken_header(conninfo, OWN, "reader"));
	snprintf(clerk, sizeof(clerk), "%s", ttoken_header(conninfo, OWN, "clerk"));
	snprintf(admin, sizeof(admin), "%s", ttoken_header(conninfo, OWN, "admin"));
	snprintf(other, sizeof(other), "%s", ttoken_header(conninfo, OTHER_MUNI, "admin"));
	snprintf(national, sizeof(national), "%s", ttoken_header(conninfo, NULL, NULL));
	snprintf(natadmin, sizeof(natadmin), "%s", ttoken_header(conninfo, NULL, "admin"));
	auth[REVOKED] = revoked;
	auth[READER] = reader;
	auth[CLERK] = clerk;
	auth[ADMIN] = admin;
	auth[OTHER] = other;
	auth[NATIONAL] = national;
	auth[NATADMIN] = natadmin;
	snprintf(valid_token, sizeof(valid_token), "%.63s", admin + strlen("Authorization: Bearer "));
	if (tkey_revoke(conninfo, revoked_id) != 0) {
		fprintf(stderr, "wvlv keys revoke %s failed\n", revoked_id);
		return 1;
	}
	tserver_start(&srv, conninfo, NULL);
	make_fixture();

	Suite *s = suite_create("access matrix");
	TCase *tc = tcase_create("matrix");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, the_matrix_covers_every_caller_on_every_route);
	tcase_add_test(tc, every_caller_gets_the_status_of_the_matrix_on_every_endpoint);
	tcase_add_test(tc, only_clerks_and_admins_of_the_municipality_see_the_owner);
	tcase_add_test(tc, another_municipalitys_designation_answers_like_an_unknown_id);
	tcase_add_test(tc, an_idempotency_key_of_another_municipality_is_not_replayed);
	tcase_add_test(tc, the_place_cap_neither_counts_nor_names_another_municipalitys_designations);
	suite_add_tcase(s, tc);

	tc = tcase_create("authorization header");
	tcase_add_test(tc, malformed_authorization_headers_are_401);
	tcase_add_test(tc, bearer_scheme_is_case_insensitive_and_may_have_several_spaces);
	tcase_add_test(tc, a_space_after_the_token_is_not_part_of_it);
	tcase_add_test(tc, two_authorization_header_lines_are_401);
	suite_add_tcase(s, tc);

	tc = tcase_create("keys");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, revoke_takes_effect_on_the_next_request);
	tcase_add_test(tc, keys_create_usage_errors_exit_2_and_create_nothing);
	tcase_add_test(tc, keys_create_prints_the_token_alone_on_the_last_line);
	tcase_add_test(tc, keys_list_never_prints_a_token);
	suite_add_tcase(s, tc);

	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	int stop = tserver_stop(&srv);
	if (stop != 0) {
		fprintf(stderr, "wvlv serve did not stop cleanly (status %d)\n", stop);
		failed++;
	}
	return failed ? 1 : 0;
}
