/* store_alerts.h — the ledger of the nightly alert job and the purge of
 * owner personal data, in PostgreSQL (migration 0004).
 *
 * Loads and saves; decides no rule (lib/domain/alerts.c decides which alert is
 * due and what retention means; the nightly job and the purge put them
 * together: docs/architecture.md, "One nightly run").  Every function runs
 * inside the caller's transaction; the ledger, like the offers, is under
 * row-level security, so reads need a national caller or the row's
 * municipality, and writes the row's (or the offer's) municipality, set with
 * wvlv_db_set_caller.  Strings in results are allocated from the arena.
 */
#ifndef WVLV_STORE_ALERTS_H
#define WVLV_STORE_ALERTS_H

#include <stdbool.h>
#include <stddef.h>
#include "wvlv/arena.h"
#include "wvlv/date.h"
#include "wvlv/db.h"
#include "wvlv/offer.h"
#include "wvlv/status.h"

/* ---- the ledger --------------------------------------------------------------------- */

#define WVLV_CHANNEL_STDOUT  "stdout"
#define WVLV_CHANNEL_WEBHOOK "webhook"

typedef struct wvlv_ledger_key {
	const char *kind;        /* wvlv_alert_kind_name() */
	const char *entity_id;   /* the offer or the designation (uuid) */
	wvlv_date   due_date;    /* the deadline or last designated day */
	int         threshold;
} wvlv_ledger_key;

/* What the ledger holds of one alert. */
typedef struct wvlv_ledger_state {
	bool stdout_delivered;
	bool webhook_delivered;
} wvlv_ledger_state;

wvlv_status wvlv_store_ledger_state(wvlv_db *db, const wvlv_ledger_key *key,
				    wvlv_ledger_state *out, wvlv_error *err) WVLV_MUST_CHECK;

/* Record an alert on a channel for night `first_day`: delivered now
 * (delivered true), or pending with the JSON body to send (payload).  A row
 * that exists already keeps its first_day and delivered_at; a pending one
 * gets the new payload.  *inserted (may be NULL): whether the row is new. */
wvlv_status wvlv_store_ledger_record(wvlv_db *db, const wvlv_ledger_key *key,
				     const char *municipality_code, const char *channel,
				     wvlv_date first_day, bool delivered, const char *payload,
				     bool *inserted, wvlv_error *err) WVLV_MUST_CHECK;

/* A decision recorded after the response deadline (its event's data has
 * recordedLate: true) that the ledger of `kind` (keyed by the offer, its
 * response deadline and threshold 0) has not had as delivered on stdout, or
 * — when webhook is true — on the webhook; oldest recorded first, across
 * every municipality (read as a national caller).  offer_basis.c. */
typedef struct wvlv_late_decision {
	char        sale_notification_id[WVLV_UUID_STRLEN];
	char        municipality_code[8];
	char        designation_id[WVLV_UUID_STRLEN];
	const char *designation_name;    /* NULL when unknown */
	wvlv_date   response_deadline;
	wvlv_date   decided_on;          /* the event's day */
	wvlv_date   recorded_on;         /* the day it was recorded (Europe/Amsterdam) */
} wvlv_late_decision;

wvlv_status wvlv_store_late_decisions(wvlv_db *db, wvlv_arena *arena, const char *kind,
				      bool webhook, wvlv_late_decision **rows, size_t *n,
				      wvlv_error *err) WVLV_MUST_CHECK;

/* The outcome of delivery attempts on a channel: `attempts` more were made;
 * delivered, or not with the reason (error, may be NULL). */
wvlv_status wvlv_store_ledger_attempted(wvlv_db *db, const wvlv_ledger_key *key,
					const char *channel, int attempts, bool delivered,
					const char *error, wvlv_error *err) WVLV_MUST_CHECK;

typedef struct wvlv_ledger_row {
	char        kind[32];
	char        entity_id[WVLV_UUID_STRLEN];
	wvlv_date   due_date;
	int         threshold;
	const char *municipality_code;
	wvlv_date   first_day;
	int         attempts;
	const char *payload;     /* JSON object text */
} wvlv_ledger_row;

/* Rows of `channel` not delivered yet, of the given kinds (names; all kinds
 * when n_kinds is 0), oldest first, at most `limit`. */
wvlv_status wvlv_store_ledger_pending(wvlv_db *db, wvlv_arena *arena, const char *channel,
				      const char *const *kinds, size_t n_kinds, long limit,
				      wvlv_ledger_row **rows, size_t *n,
				      wvlv_error *err) WVLV_MUST_CHECK;

/* ---- purging owner personal data ------------------------------------------------------- */

typedef struct wvlv_purge_candidate {
	char              id[WVLV_UUID_STRLEN];
	char              municipality_code[8];
	wvlv_offer_status status;
	wvlv_date         received_on;
	wvlv_date         last_event_on;   /* WVLV_DATE_NONE when no event */
} wvlv_purge_candidate;

/* Offers the caller sees that still hold owner data, are in one of the
 * statuses given, and were received before `received_before` (a closed offer
 * cannot have closed before its receipt, so this only narrows the search; the
 * caller decides with wvlv_retention_closing_day).  Ordered by municipality,
 * receipt, id. */
wvlv_status wvlv_store_purge_candidates(wvlv_db *db, wvlv_arena *arena,
					const wvlv_offer_status *statuses, size_t n_statuses,
					wvlv_date received_before, wvlv_purge_candidate **rows,
					size_t *n, wvlv_error *err) WVLV_MUST_CHECK;

/* Remove the owner of one offer of the scoped municipality: owner NULL,
 * owner_purged_at now, version + 1.  *purged false when it held no owner
 * data (any more).  The caller appends the audit row. */
wvlv_status wvlv_store_purge_owner(wvlv_db *db, const char *id, bool *purged,
				   wvlv_error *err) WVLV_MUST_CHECK;

/* Remove the remembered Idempotency-Key responses of the municipality
 * that contain the offer (they repeat its owner); count_only: count them,
 * remove nothing (a dry run, in any scope that reads them).  *removed: how
 * many. */
wvlv_status wvlv_store_purge_replays(wvlv_db *db, const char *municipality_code, const char *id,
				     bool count_only, long *removed,
				     wvlv_error *err) WVLV_MUST_CHECK;

#endif /* WVLV_STORE_ALERTS_H */
