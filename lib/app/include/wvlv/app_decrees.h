/* app_decrees.h — loading a Royal Decree of equated days (Atw art. 3(3),
 * docs/law.md §3.5): `wvlv equated-days import FILE.csv` and `wvlv
 * equated-days list`.
 *
 * The operator's use cases, like `wvlv keys`: each opens a connection of its
 * own as the login user (the database owner) and acts as the national
 * operator (audit label "wvlv equated-days import").  An import is one
 * transaction, all or nothing: every day is checked first; a new day is added
 * through the same step as POST /api/v1/equated-holidays
 * (wvlv_offers_equated_add: its audit row, and every open deadline it pushes
 * later moved with a deadline-moved event); a day already there with the
 * same reference is not an error, and the open deadlines it pushes later are
 * moved all the same (a database migrated with offers whose deadlines were
 * computed before the day was shipped); the years the decree covers are
 * recorded so the nightly job stops reporting them.
 */
#ifndef WVLV_APP_DECREES_H
#define WVLV_APP_DECREES_H

#include <stdbool.h>
#include <stddef.h>

#include "wvlv/app.h"
#include "wvlv/arena.h"
#include "wvlv/date.h"
#include "wvlv/deadline.h"
#include "wvlv/status.h"

#define WVLV_DECREE_REFERENCE_MAX 200   /* bytes, as POST /equated-holidays */

/* One day of a decree file, with the line it was on (for messages). */
typedef struct wvlv_app_decree_day {
	wvlv_date   date;
	const char *reference;
	int         line;
} wvlv_app_decree_day;

/* One reason a line is refused. */
typedef struct wvlv_app_decree_fault {
	int         line;
	const char *reason;   /* one sentence, in the arena */
} wvlv_app_decree_fault;

typedef struct wvlv_app_decree_file {
	const wvlv_app_decree_day *days;
	size_t                     n;
	/* the years the decree covers; 0 and 0: the years of its days.  Given,
	 * every day must lie in them. */
	int                        covers_from;
	int                        covers_to;
} wvlv_app_decree_file;

typedef struct wvlv_app_decree_report {
	int added;           /* days new to the table */
	int present;         /* days there already with the same reference */
	int moved;           /* open deadlines moved later */
	int years_added;     /* years newly recorded as covered */
	int years_present;   /* years that were covered already */
	int   *years;        /* the years recorded as covered, ascending (arena) */
	size_t nyears;
	/* refused (WVLV_EINVAL "decree-refused"): every reason, in line order */
	wvlv_app_decree_fault *faults;
	size_t                 nfaults;
} wvlv_app_decree_report;

/* Load the days of one decree.  WVLV_EINVAL "decree-refused" with
 * report->faults when a line cannot be taken (not a weekday, already a
 * holiday by law, equated already with another reference, twice in the file,
 * a reference empty or longer than 200 bytes, a year outside 1900–2199 or
 * outside --covers); nothing is changed then.  Another failure of the step
 * that moves deadlines also changes nothing; its error names the line in the
 * detail.  Strings live in arena. */
wvlv_status wvlv_app_decree_import(const wvlv_app_config *cfg, wvlv_arena *arena,
				   const wvlv_app_decree_file *in,
				   wvlv_app_decree_report *report, wvlv_error *err) WVLV_MUST_CHECK;

/* The equated days (date order) and the covered years (ascending). */
wvlv_status wvlv_app_decree_list(const wvlv_app_config *cfg, wvlv_arena *arena,
				 wvlv_equated_day **days, size_t *ndays, int **years,
				 size_t *nyears, wvlv_error *err) WVLV_MUST_CHECK;

#endif /* WVLV_APP_DECREES_H */
