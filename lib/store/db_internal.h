/* db_internal.h — what the store files share about a connection (private).
 *
 * Only the files in lib/store/ include this header (and through it libpq-fe.h).  Every
 * statement goes through wvlv_db_query()/wvlv_db_exec(): PQexecParams with
 * text parameters and text results, types cast in the SQL ($1::uuid).  A
 * failure is logged with the libpq text to stderr as one JSON line and mapped
 * to a wvlv_error whose detail never contains libpq text:
 *
 *   57014 (statement timeout)                      → WVLV_EUNAVAIL
 *   08xxx, 57P01–57P03, 53300, connection lost     → WVLV_EUNAVAIL
 *   40001, 40P01 (serialization failure, deadlock) → WVLV_EUNAVAIL, retryable
 *   23505 (unique violation)                       → WVLV_ECONFLICT
 *   23503, 23514, 22xxx                            → WVLV_EINVAL
 *   42501 (no grant, or row-level security)        → WVLV_EDB "permission-denied"
 *   WV001 (a designation changed without audit row) → WVLV_EINTERNAL "audit-missing"
 *   anything else                                  → WVLV_EDB "database error"
 *
 * The SQLSTATE of the last failed statement stays readable through
 * wvlv_db_sqlstate(), for the few callers that give one a meaning of their
 * own (22P02 on an id that is not a uuid → "not found").
 */
#ifndef WVLV_STORE_DB_INTERNAL_H
#define WVLV_STORE_DB_INTERNAL_H

#include <stdbool.h>
#include <libpq-fe.h>

#include "wvlv/crs.h"
#include "wvlv/db.h"
#include "wvlv/status.h"

/* Run one parameterised statement.  Returns the result (the caller PQclears
 * it) when its status is `expect`; otherwise NULL with err filled in.  A
 * NULL entry of params is SQL NULL. */
PGresult *wvlv_db_query(wvlv_db *db, const char *sql, int n, const char *const *params,
			ExecStatusType expect, wvlv_error *err) WVLV_MUST_CHECK;

/* The same, for a statement whose failure is expected to be the client's
 * input (GeoJSON that PostGIS cannot parse): the failure is logged at level
 * "info" instead of "error". */
PGresult *wvlv_db_query_input(wvlv_db *db, const char *sql, int n, const char *const *params,
			      ExecStatusType expect, wvlv_error *err) WVLV_MUST_CHECK;

/* Run one statement for its effect (rows, if any, are discarded). */
wvlv_status wvlv_db_exec(wvlv_db *db, const char *sql, int n, const char *const *params,
			 wvlv_error *err) WVLV_MUST_CHECK;

/* Log a failed result (res may be NULL: the connection's message is used)
 * and map it to err as in the table above.  Returns err's status. */
wvlv_status wvlv_db_fail(wvlv_db *db, const PGresult *res, wvlv_error *err);

/* SQLSTATE of the last failed statement on db, "" when the last one worked. */
const char *wvlv_db_sqlstate(const wvlv_db *db);

/* The libpq connection (for the LISTEN watch, which waits on its socket). */
PGconn *wvlv_db_pgconn(wvlv_db *db);

/* Inside a transaction block (idle, active or failed)? */
bool wvlv_db_in_transaction(wvlv_db *db);

/* One JSON log line on stderr: {"time","level","msg"[,"sqlstate"]}.
 * sqlstate may be NULL.  Invalid UTF-8 in msg is replaced by '?'. */
void wvlv_db_log(const char *level, const char *msg, const char *sqlstate);

/* The error-mapping table alone (for code that has a SQLSTATE but no result). */
wvlv_status wvlv_db_map_sqlstate(const char *sqlstate, bool connection_lost, wvlv_error *err);

/* ---- geometry checks (geometry.c) ---- */

/* EINVAL "invalid-geometry" with one invalidParams entry {param, code, reason}. */
wvlv_status wvlv_geom_invalid(wvlv_error *err, const char *param, const char *code,
			      const char *reason);
/* GeometryType() ("MULTIPOLYGON") → the GeoJSON name ("MultiPolygon"). */
const char *wvlv_geom_type_name(const char *postgis_type);
/* An envelope, in its own CRS, inside the Netherlands (DOMAIN.md §4)? */
bool wvlv_geom_box_in_netherlands(double xmin, double ymin, double xmax, double ymax,
				  wvlv_crs crs);
/* The "outside-netherlands" problem for param, naming the bounds of crs. */
wvlv_status wvlv_geom_outside(wvlv_error *err, const char *param, wvlv_crs crs);
/* Run a SAVEPOINT / ROLLBACK TO / RELEASE statement when `use` (inside a
 * transaction), so a failing check leaves the caller's transaction usable. */
wvlv_status wvlv_db_savepoint(wvlv_db *db, bool use, const char *sql, wvlv_error *err);

#endif /* WVLV_STORE_DB_INTERNAL_H */
