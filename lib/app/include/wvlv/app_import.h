/* app_import.h — bringing a municipality's existing registers in, and taking
 * its designations out: `wvlv import designations|offers` and `wvlv export
 * designations` (docs/architecture.md, README "Import and export").
 *
 * The front (server/cmd_import.c) reads the file with GDAL and parses every
 * record with the API's own parse steps; these use cases then run every
 * record through the same steps as the API's writes (lib/app/registry.c and
 * offers.c: the domain's period, extension, withdrawal, place-cap and offer
 * rules, PostGIS's geometry checks) in ONE transaction on a connection of
 * their own, as an admin of the municipality with the label "import" (the
 * audit's actor) and the file's name as the client request id.  Designations
 * are checked in bulk (lib/app/import_designations.c: the same rules in the
 * same order, the database's part set-based, the rows and audit rows written
 * as the API writes them); each offer runs in a savepoint.  A refused record
 * does not count for the ones after it and the rest are still checked, so
 * the report lists every refusal; any refusal rolls the whole transaction
 * back (WVLV_EINVAL "import-refused"), as does a dry run.
 */
#ifndef WVLV_APP_IMPORT_H
#define WVLV_APP_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "wvlv/app.h"
#include "wvlv/arena.h"
#include "wvlv/designation.h"
#include "wvlv/offer.h"
#include "wvlv/app_offers.h"
#include "wvlv/status.h"

#define WVLV_IMPORT_ACTOR "import"

/* Where a record came from, for the report. */
typedef struct wvlv_import_origin {
	long        record;      /* 1, 2, … in the file's order */
	const char *feature_id;  /* the file's feature id or own key; NULL when none */
} wvlv_import_origin;

/* One refusal: which record, which field (the file's column when the front
 * knows it, else the API's name) and why, in the API's words. */
typedef struct wvlv_import_refusal {
	wvlv_import_origin origin;
	const char        *field;
	const char        *code;
	const char        *reason;
} wvlv_import_refusal;

/* One designation of the file: created with its first period, then
 * extended, then withdrawn, as the API would be called. */
typedef struct wvlv_import_designation {
	wvlv_import_origin   origin;
	wvlv_designation_new d;            /* municipality_code set by the use case */
	wvlv_period          extensions[WVLV_MAX_EXTENSIONS]; /* end, decision_reference */
	size_t               n_extensions;
	wvlv_date            withdrawn_on; /* WVLV_DATE_NONE: not withdrawn */
	const char          *withdrawal_reason;
} wvlv_import_designation;

/* One offer of the file with its events (any order: replayed by date, the
 * file's order within a day). */
typedef struct wvlv_import_event {
	wvlv_offer_event ev;
	const char      *data_json;        /* the event's own members */
	long             record;
} wvlv_import_event;

typedef struct wvlv_import_offer {
	wvlv_import_origin origin;
	wvlv_offer_create  c;              /* municipality_code set by the use case */
	wvlv_import_event *events;
	size_t             n_events;
} wvlv_import_offer;

typedef struct wvlv_import_options {
	const char *municipality_code;
	const char *source;       /* the file name, in the audit (client request id) */
	bool        dry_run;
	wvlv_date   today;        /* offers: WVLV_DATE_NONE: today in Europe/Amsterdam */
	/* called after each record (may be NULL) */
	void      (*progress)(void *cls, size_t done, size_t total);
	void       *progress_cls;
} wvlv_import_options;

typedef struct wvlv_import_report {
	long imported;            /* designations or offers written (or that would be) */
	long extensions;          /* designations: periods after the first */
	long withdrawn;           /* designations withdrawn */
	long events;              /* offers: events replayed */
	long lapsed;              /* offers: lapsed on the way (deadline passed undecided) */
	long released;            /* offers: released on the way (filing deadline passed) */
	long open;                /* offers: still open at the end */
	long by_status[WVLV_OFFER_EXEMPT + 1]; /* offers: final status counts */
	wvlv_import_refusal *refusals;
	size_t               nrefusals;
	size_t               refusals_room;  /* (wvlv_import_refuse) */
} wvlv_import_report;

/* Add the refusal(s) of one record to rep (strings copied into arena): one
 * per invalid field of why, or one with the detail of a conflict (the place
 * cap names the overlapping designations there).  The front adds those of
 * its own parse steps. */
void wvlv_import_refuse(wvlv_arena *arena, wvlv_import_report *rep,
			const wvlv_import_origin *origin, const wvlv_error *why);

/* Import every designation of recs (the report's refusals may already hold
 * those the front refused: then the run is a check only and changes
 * nothing).  WVLV_EINVAL "import-refused" when any record is refused. */
wvlv_status wvlv_app_import_designations(const wvlv_app_config *cfg, wvlv_arena *arena,
					 const wvlv_import_options *o,
					 wvlv_import_designation *recs, size_t n,
					 wvlv_import_report *report, wvlv_error *err) WVLV_MUST_CHECK;

/* Import every offer of recs with its events, through the state machine:
 * deadlines computed by the domain (never read from the file), a lapse or
 * release recorded by the system when a deadline passed before the next
 * event or before today. */
wvlv_status wvlv_app_import_offers(const wvlv_app_config *cfg, wvlv_arena *arena,
				   const wvlv_import_options *o, wvlv_import_offer *recs, size_t n,
				   wvlv_import_report *report, wvlv_error *err) WVLV_MUST_CHECK;

/* Every designation of municipality_code (NULL: of every municipality), in
 * crs, oldest first, with its periods. */
wvlv_status wvlv_app_export_designations(const wvlv_app_config *cfg, wvlv_arena *arena,
					 const char *municipality_code, wvlv_crs crs,
					 wvlv_designation **items, size_t *n,
					 wvlv_error *err) WVLV_MUST_CHECK;

#endif /* WVLV_APP_IMPORT_H */
