/* db_connection.h — what one connection is (private to pool.c and query.c).
 *
 * pool.c opens, checks, resets and pools it; query.c runs statements on it and
 * keeps the SQLSTATE of the last failure.  The other store files see a
 * wvlv_db only through db_internal.h.
 */
#ifndef WVLV_STORE_DB_CONNECTION_H
#define WVLV_STORE_DB_CONNECTION_H

#include <time.h>
#include <libpq-fe.h>

struct wvlv_db {
	PGconn         *conn;
	char           *set_role;    /* owned copy; NULL: stay the login user */
	int             slot;        /* index in the pool; -1 when not pooled */
	struct timespec last_used;   /* CLOCK_MONOTONIC, set on release */
	char            sqlstate[6]; /* of the last failed statement */
};

#endif /* WVLV_STORE_DB_CONNECTION_H */
