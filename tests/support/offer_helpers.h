/* offer_helpers.h — shared helpers of the sale-notification end-to-end tests
 * (tests/e2e/test_offers.c, test_offers_bad_input.c): voorkeursrecht
 * designations to put offers in, offer and event bodies, requests with a
 * chosen token, and a direct libpq view of the offer tables for "this request
 * changed nothing".
 *
 * Every function that asserts uses Check's ck_assert and so must be called
 * from inside a test. */
#ifndef WVLV_TEST_OFFER_HELPERS_H
#define WVLV_TEST_OFFER_HELPERS_H

#include <jansson.h>
#include <libpq-fe.h>

#include "http_client.h"

#define OH_VOORKEURSRECHT "[\"voorkeursrecht\"]"

/* ---- designations ------------------------------------------------------------ */

/* POST /api/v1/designations (an admin token of muni, via eh_request) of a
 * CRS84 square [lon, lon+size] × [lat, lat+size] with these measures (JSON
 * array text) and first period; asserts 201 and returns the id (malloc'd). */
char *oh_designation(const char *base, const char *muni, const char *name, const char *measures,
		     double lon, double lat, double size, const char *start, const char *end);

/* ---- bodies -------------------------------------------------------------------- */

/* A normalised cadastral parcel no other call (in this or another test
 * process) returns: "DDT01 <two letters> <pid-based number>"; one of a ring
 * of 8 static buffers.  An open offer holds its parcels (law.md §2.12), so
 * offers that are not about the same parcel must name different ones. */
const char *oh_unique_parcel(void);

/* A complete, valid offer body: one cadastral parcel (oh_unique_parcel), a BAG id, an address,
 * a Point at lon/lat, an owner and an asking price.  Malloc'd. */
char *oh_offer_body(const char *muni, const char *received_on, double lon, double lat);

/* body (JSON object text) with the member at the dotted path ("a",
 * "a.b.c") set to the JSON text value, or removed when value is NULL; the
 * objects on the way must exist.  Malloc'd. */
char *oh_with(const char *body, const char *path, const char *value);

/* ---- requests ---------------------------------------------------------------------- */

/* t_request with the header line auth ("Authorization: Bearer …", may be
 * NULL) added to headers (NULL-terminated, may be NULL). */
tresp *oh_req(const char *base, const char *auth, const char *method, const char *path,
	      const char *body, const char *const *headers);

/* POST /api/v1/sale-notifications; asserts 201 and returns the response. */
tresp *oh_create(const char *base, const char *auth, const char *body);
/* ... and returns only the new id (malloc'd). */
char *oh_create_id(const char *base, const char *auth, const char *body);

/* POST /api/v1/sale-notifications/{id}/events with {"type", "on"} and, when
 * members is not NULL, the extra members (JSON text without braces, e.g.
 * "\"decision\":\"willing\"").  Returns the response, whatever it is. */
tresp *oh_event(const char *base, const char *auth, const char *id, const char *type,
		const char *on, const char *members, const char *const *headers);
/* The same, asserting 201 and the resulting status; frees the response. */
void oh_event_ok(const char *base, const char *auth, const char *id, const char *type,
		 const char *on, const char *members, const char *want_status);

/* GET /api/v1/sale-notifications/{id}; asserts 200. */
tresp *oh_get(const char *base, const char *auth, const char *id);

/* "/api/v1/sale-notifications/<id><suffix>" in a ring of static buffers. */
const char *oh_path(const char *id, const char *suffix);

/* ---- the database -------------------------------------------------------------- */

/* Everything a refused request might have changed. */
typedef struct oh_snapshot {
	long offers;          /* rows of sale_notifications */
	long events;          /* rows of sale_notification_events */
	long version_sum;     /* sum(version) of sale_notifications */
	long audit_rows;      /* every audit_log row */
	long idempotency_keys;
	long equated;         /* rows of equated_holidays */
	long designations;
	char digest[33];      /* md5 of every offer and event row */
} oh_snapshot;

void oh_snapshot_take(PGconn *c, oh_snapshot *s);
/* Fails the test when anything differs from `before`. */
void oh_assert_unchanged(PGconn *c, const oh_snapshot *before);

/* Rows of sale_notification_events of offer id (of this type when type is
 * not NULL); audit rows about offer id. */
long oh_event_rows(PGconn *c, const char *id, const char *type);
long oh_audit_rows(PGconn *c, const char *id);

/* ---- assertions ------------------------------------------------------------------ */

/* The invalidParams entries of a problem named `name`, their reasons joined
 * with "," in order (static buffer); "" when there is none. */
const char *oh_param_reasons(tresp *r, const char *name);
/* Number of invalidParams entries (0 when the member is absent). */
size_t oh_nparams(tresp *r);
/* The i-th element of the offer's events, asserting it exists. */
json_t *oh_ev(json_t *offer, size_t i);
/* String member key of obj, or "(null)" when absent or not a string. */
const char *oh_s(json_t *obj, const char *key);

#endif
