/* app_job.h — how far a nightly job (the alert job, the purge) got.
 *
 * A job opens a connection of its own as the server's role, checks that the
 * database has the job's tables (migration 0004), takes the job's lock so
 * that two runs never overlap, and reads what it will work on; only then does
 * it run.  Its report says where it stopped, so that the caller can word each
 * case; the wvlv_error says why.
 */
#ifndef WVLV_APP_JOB_H
#define WVLV_APP_JOB_H

typedef enum wvlv_app_job_outcome {
	WVLV_APP_JOB_RAN = 0,        /* it ran: the rest of the report says what it did */
	WVLV_APP_JOB_UNREACHABLE,    /* no connection: WVLV_EUNAVAIL when the database cannot
					be reached, else the switch to the server's role failed */
	WVLV_APP_JOB_CHECK_FAILED,   /* the schema check or the lock query failed */
	WVLV_APP_JOB_NOT_MIGRATED,   /* migration 0004 is not applied: `wvlv migrate` first */
	WVLV_APP_JOB_BUSY,           /* another run of the job holds its lock: nothing done */
	WVLV_APP_JOB_NO_WEBHOOK,     /* the alert job could not set up its webhook (out of memory) */
	WVLV_APP_JOB_READ_FAILED     /* its first read (the deadlines, the offers) failed */
} wvlv_app_job_outcome;

#endif /* WVLV_APP_JOB_H */
