/* status.h — the one status type and structured error of libwvlv.
 *
 * Every fallible function returns wvlv_status and, where it can say more,
 * fills a caller-owned wvlv_error.  The server maps a wvlv_error to an HTTP
 * status and an application/problem+json body in exactly one place
 * (server/problem.c); nothing else decides HTTP statuses.
 */
#ifndef WVLV_STATUS_H
#define WVLV_STATUS_H

#include <stddef.h>

#define WVLV_MUST_CHECK __attribute__((warn_unused_result))
#define WVLV_PRINTF(f, a) __attribute__((format(printf, f, a)))
/* The number of elements of an array (not a pointer). */
#define WVLV_COUNTOF(a) (sizeof(a) / sizeof((a)[0]))

typedef enum wvlv_status {
	WVLV_OK = 0,
	WVLV_EINVAL,      /* input breaks a rule (HTTP 422; 400 for query/syntax) */
	WVLV_EBADREQ,     /* malformed request: bad JSON, bad query parameter (400) */
	WVLV_ENOTFOUND,   /* no such row for this caller (404) */
	WVLV_EUNAUTHORIZED, /* no valid credentials (401) */
	WVLV_EFORBIDDEN,  /* the caller may not do this (403) */
	WVLV_ECONFLICT,   /* state conflict: cap exceeded, wrong transition (409) */
	WVLV_EPRECOND,    /* stale If-Match (412) */
	WVLV_EDB,         /* database error that is not the client's fault (500) */
	WVLV_EUNAVAIL,    /* database unreachable or pool exhausted (503) */
	WVLV_ENOMEM,      /* allocation failed */
	WVLV_EINTERNAL    /* a bug (500) */
} wvlv_status;

/* The code of an error that is a bug (WVLV_EINTERNAL) and says no more. */
#define WVLV_CODE_INTERNAL "internal-error"

#define WVLV_ERROR_MAX_PARAMS 16

/* One entry of RFC 9457 invalidParams: which input, a machine code, and why. */
typedef struct wvlv_invalid_param {
	char name[64];
	char code[48];
	char reason[256];
} wvlv_invalid_param;

typedef struct wvlv_error {
	wvlv_status status;
	char        code[48];     /* machine-readable, kebab-case, e.g. "cap-exceeded" */
	char        detail[512];  /* one sentence for humans, PostgreSQL style */
	int         nparams;
	wvlv_invalid_param params[WVLV_ERROR_MAX_PARAMS];
} wvlv_error;

/* Reset to WVLV_OK with no message. */
void wvlv_error_clear(wvlv_error *err);

/* Set status, code and a printf-formatted detail; returns status so callers
 * can write `return wvlv_error_set(err, WVLV_EINVAL, "bad-date", "...")`.
 * err may be NULL. */
wvlv_status wvlv_error_set(wvlv_error *err, wvlv_status status, const char *code,
			   const char *fmt, ...) WVLV_PRINTF(4, 5);

/* Append one invalidParams entry (silently dropped past the maximum).
 * Does not change err->status. */
void wvlv_error_add_param(wvlv_error *err, const char *name, const char *code,
			  const char *fmt, ...) WVLV_PRINTF(4, 5);

/* Short stable name of a status, for logs ("EINVAL"). */
const char *wvlv_status_name(wvlv_status status);

#endif /* WVLV_STATUS_H */
