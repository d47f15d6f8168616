/* app_seed.h — a database of the test's own, filled through the steps the
 * lib/app use cases are made of (lib/app/registry.h, lib/app/offers.h) as a
 * municipality's admin, so that designations and offers can be dated in the
 * past; and the values of SQL queries on it.  For end-to-end tests that run
 * the binary (the nightly job, the equated-days import) on data they made.
 *
 * Every function asserts with Check's ck_assert and so must be called from
 * inside a test. */
#ifndef WVLV_TEST_APP_SEED_H
#define WVLV_TEST_APP_SEED_H

#include <libpq-fe.h>
#include <stdbool.h>

#include "wvlv/arena.h"
#include "wvlv/caller.h"
#include "wvlv/db.h"
#include "wvlv/offer.h"
#include "wvlv/status.h"

/* testdb_create(prefix), a wvlv_db connection to it as the server role and a
 * libpq one as the cluster's superuser; returns its conninfo.  Call at the
 * start of a test (each runs in a process of its own). */
const char *seed_open(const char *prefix);
/* The connections of the last seed_open. */
wvlv_db *seed_db(void);
PGconn *seed_pg(void);

/* One step of a use case on seed_db() as muni's admin (label "test clerk"):
 * its caller, an arena and a cleared error. */
typedef struct seed_step {
	wvlv_caller caller;
	wvlv_arena *arena;
	wvlv_error  err;
} seed_step;
/* Fills s and begins the transaction, scoped to s->caller (both must succeed). */
void seed_step_begin(seed_step *s, const char *muni);
/* COMMIT when st is WVLV_OK, else ROLLBACK; fails the test (naming what and
 * s->err's detail) unless st and the commit are WVLV_OK; frees the arena. */
void seed_step_end(seed_step *s, wvlv_status st, const char *what);

/* A designation of muni (art8, and voorkeursrecht when vkr) from start to end
 * ("YYYY-MM-DD"), in a CRS84 square 0.005 wide of its own (the n-th of the
 * process at lon 4.50 + 0.01 n, lat 51.80); ext: the ends of its extensions,
 * NULL-terminated (may be NULL).  Returns the id (malloc'd) and, when lon is
 * not NULL, the square's centre in *lon, *lat. */
char *seed_designation(const char *muni, const char *name, bool vkr, const char *start,
		       const char *end, const char *const *ext, double *lon, double *lat);

/* An offer of muni received (and registered) on `received` at lon/lat: one
 * parcel of its own (oh_unique_parcel), an address in Dordrecht, owner
 * "J. de Vries" <devries@example.nl>, asking price 350000.00.  Its id
 * (malloc'd). */
char *seed_offer(const char *muni, double lon, double lat, const char *received,
		 wvlv_exemption exemption);

/* The first value of sql on seed_pg() with one text parameter p1 (NULL: none)
 * (malloc'd; NULL for SQL NULL), or as a whole number. */
char *seed_q(const char *sql, const char *p1);
long seed_qn(const char *sql, const char *p1);
/* Fails the test unless that value is the string want. */
void seed_ck_q(const char *sql, const char *p1, const char *want);

#endif
