/* deadline.c — the client side's deadline for a statement (see
 * db_connection.h).
 *
 * PostgreSQL's statement_timeout bounds what the server does, but not a
 * server that stops answering (a stopped process, a network that drops
 * packets): a blocking libpq call would wait for it as long as TCP does.  So
 * a statement is sent without blocking and its results awaited with poll()
 * until the connection's deadline (the statement timeout plus
 * DB_DEADLINE_MARGIN_MS).  Past it the statement is cancelled (PQcancel, on a
 * thread of its own: it blocks while the server does not answer either) and
 * awaited DB_CANCEL_WAIT_MS more; then the connection is given up: its
 * socket is shut down, libpq sees it closed, and the pool opens a new one
 * for the next user.
 */
#include "db_internal.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/socket.h>
#include <time.h>

#include "db_connection.h"

/* cancel threads at once: more (a database that answers nobody) only give up */
#define DB_CANCELS_MAX 8

static atomic_int cancels_running;

static double db_now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1000.0 + (double)t.tv_nsec / 1e6;
}

/* Wait until the socket is readable (or writable, when want_write) or
 * deadline_ms passes (0: no deadline).  1 ready, 0 deadline, -1 error. */
static int db_wait(PGconn *conn, bool want_write, double deadline_ms)
{
	struct pollfd p = { .fd = PQsocket(conn), .events = POLLIN };
	if (want_write)
		p.events |= POLLOUT;
	if (p.fd < 0)
		return -1;
	for (;;) {
		int wait = -1;
		if (deadline_ms > 0) {
			double left = deadline_ms - db_now_ms();
			if (left <= 0)
				return 0;
			wait = (int)left + 1;
		}
		int r = poll(&p, 1, wait);
		if (r > 0)
			return 1;
		if (r < 0 && errno != EINTR)
			return -1;
	}
}

/* Send what is pending and read until a result (or the end of them) is
 * ready.  false when the deadline passed first; true also when the
 * connection failed (PQgetResult then says so). */
static bool db_ready(PGconn *conn, double deadline_ms)
{
	for (;;) {
		int flushed = PQflush(conn); /* 0 all sent, 1 more to send, -1 failed */
		if (flushed < 0 || !PQconsumeInput(conn))
			return true;
		if (flushed == 0 && !PQisBusy(conn))
			return true;
		int w = db_wait(conn, flushed == 1, deadline_ms);
		if (w == 0)
			return false;
		if (w < 0)
			return true;
	}
}

static void *db_cancel_main(void *arg)
{
	PGcancel *cancel = arg;
	char msg[256];
	if (!PQcancel(cancel, msg, sizeof(msg)))
		wvlv_db_log(WVLV_LOG_WARN, msg, NULL);
	PQfreeCancel(cancel);
	atomic_fetch_sub(&cancels_running, 1);
	return NULL;
}

/* Ask the server to cancel the statement, without waiting for it to listen. */
static void db_cancel(wvlv_db *db)
{
	wvlv_db_log(WVLV_LOG_WARN, "a statement ran past its deadline; cancelling it", NULL);
	if (atomic_fetch_add(&cancels_running, 1) >= DB_CANCELS_MAX) {
		atomic_fetch_sub(&cancels_running, 1);
		return;
	}
	PGcancel *cancel = PQgetCancel(db->conn);
	pthread_attr_t attr;
	pthread_t t;
	bool started = false;
	if (cancel && pthread_attr_init(&attr) == 0) {
		pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
		started = pthread_create(&t, &attr, db_cancel_main, cancel) == 0;
		pthread_attr_destroy(&attr);
	}
	if (!started) {
		PQfreeCancel(cancel);
		atomic_fetch_sub(&cancels_running, 1);
	}
}

/* The server answers neither the statement nor its cancel: close our end.
 * libpq sees the connection closed (CONNECTION_BAD) and drops its socket;
 * the pool closes the connection when it is given back. */
static void db_give_up(wvlv_db *db)
{
	wvlv_db_log(WVLV_LOG_ERROR,
		    "the database answers neither a statement nor its cancel; closing the connection",
		    NULL);
	int fd = PQsocket(db->conn);
	if (fd >= 0)
		shutdown(fd, SHUT_RDWR);
	PQconsumeInput(db->conn);
}

static bool db_is_error(const PGresult *res)
{
	ExecStatusType st = PQresultStatus(res);
	return st == PGRES_FATAL_ERROR || st == PGRES_BAD_RESPONSE;
}

/* one: the next result, NULLs between the results of a pipeline skipped */
static PGresult *db_await(wvlv_db *db, bool one, bool *gave_up)
{
	*gave_up = false;
	int nulls = 0;
	double deadline = db->deadline_ms > 0 ? db_now_ms() + db->deadline_ms : 0;
	bool cancelled = false;
	PGresult *keep = NULL; /* the last result, or the first error */
	for (;;) {
		if (!db_ready(db->conn, deadline)) {
			if (!cancelled) {
				db_cancel(db);
				cancelled = true;
				deadline = db_now_ms() + DB_CANCEL_WAIT_MS;
				continue;
			}
			db_give_up(db);
			PQclear(keep);
			*gave_up = true;
			return NULL;
		}
		PGresult *res = PQgetResult(db->conn);
		if (one && res)
			return res;
		if (one && ++nulls < 3)
			continue;
		if (!res)
			return keep;
		if (keep && db_is_error(keep)) {
			PQclear(res);
		} else {
			PQclear(keep);
			keep = res;
		}
	}
}

PGresult *wvlv_db_await(wvlv_db *db, bool *gave_up)
{
	return db_await(db, false, gave_up);
}

PGresult *wvlv_db_await_next(wvlv_db *db, bool *gave_up)
{
	return db_await(db, true, gave_up);
}
