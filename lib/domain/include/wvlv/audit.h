/* audit.h — the records of the audit trail: one entry as it is read back, and
 * the filter of a listing.  Plain data: the store appends and reads the rows
 * (wvlv/store_audit.h), the use cases and the server read and render them. */
#ifndef WVLV_AUDIT_H
#define WVLV_AUDIT_H

typedef struct wvlv_audit_entry {
	long long   id;
	const char *at;                  /* RFC 3339 UTC */
	const char *token_id;            /* NULL for CLI and system actions */
	const char *token_label;
	const char *municipality_code;
	const char *entity;              /* "designation", "api-token", … */
	const char *entity_id;
	const char *action;              /* "create", "update", "extend", "withdraw", … */
	const char *changes;             /* JSON text {field: {before, after}} */
	const char *request_id;          /* the server's; NULL outside HTTP */
	const char *client_request_id;   /* the client's X-Request-Id when it sent a
					  * well-formed one; else NULL */
} wvlv_audit_entry;

typedef struct wvlv_audit_filter {
	const char *municipality_code;   /* NULL: all the caller may see */
	const char *entity;              /* NULL: any */
	const char *entity_id;           /* NULL: any */
	const char *since;               /* RFC 3339 timestamp or YYYY-MM-DD; NULL: any */
	long        limit;
	long        offset;
	const char *after[1];            /* keyset: the id the page starts after (a
					    cursor's key, shape checked); NULL: none */
} wvlv_audit_filter;

#endif /* WVLV_AUDIT_H */
