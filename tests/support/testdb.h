/* testdb.h — a fresh, migrated database per test program.
 *
 * WVLV_TEST_DATABASE_URL names a superuser connection to an existing database
 * of a running PostgreSQL + PostGIS test cluster (the test command starts
 * one).  testdb_create() makes a new database next to it, applies every
 * migration, and drops it again (WITH (FORCE)) when the process that created
 * it exits — forked Check children that inherit it do not drop it.
 */
#ifndef WVLV_TEST_TESTDB_H
#define WVLV_TEST_TESTDB_H

#include "wvlv/db.h"

/* Create and migrate database "<prefix>_<pid>" (lowercased; a second call in
 * the same process appends "_2", "_3", …) and return a libpq conninfo string
 * for it, valid until exit.  Exits the program (status 1) with a message when
 * WVLV_TEST_DATABASE_URL is unset or anything fails. */
const char *testdb_create(const char *prefix);

/* The conninfo of a database "<prefix>_<pid>[_n]" that does not exist yet
 * (dropped at exit once it does): the database an upgrade or readiness test
 * fills itself. */
const char *testdb_reserve(const char *prefix);
/* Create the reserved database, empty (PostGIS not installed, nothing
 * migrated); conninfo must be testdb_reserve()'s pointer. */
void testdb_make_empty(const char *conninfo);

/* wvlv_db_connect() to conninfo, as set_role (may be NULL); NULL with a
 * message on stderr when it fails. */
wvlv_db *testdb_connect(const char *conninfo, const char *set_role);

#endif
