/* alerts.h — the rules of the nightly alert job and of the retention of
 * personal data (docs/law.md §6 and §5; the job and the purge that use them:
 * docs/architecture.md, "One nightly run"; issue 5).  Pure functions, no
 * I/O: which alert a deadline gives on a night, its threshold, its one-line
 * text and JSON object, what the 20-year cap leaves of a designation, and
 * the cut-off day of a retention period.
 *
 * Thresholds make a month of nights give each alert once per threshold, not
 * every night.  On a night with d days left (the deadline minus today), the
 * alert's threshold is the smallest threshold >= d; the job sends it when its
 * ledger has no (kind, entity, due date, threshold) yet:
 *   response-approaching, filing-approaching   {N, 5, 2, 1, 0}, those <= N
 *       (N = --within-days): an open offer whose deadline is 0..N days ahead;
 *   response-missed, filing-missed             {0}: the deadline has passed
 *       (d < 0), from the day after it; the job records lapse / release;
 *   designation-ending                         {180, 90, 30, 7, 0}: the last
 *       period of a designation that is not withdrawn ends 0..180 days ahead;
 *   decree-missing                             {0}: a municipality has an open
 *       deadline in a year that no loaded Royal Decree covers (Atw art. 3(3),
 *       docs/law.md §3.5): once per year and municipality.
 *   decision-recorded-late                     {0}: a decision recorded after
 *       the response deadline it is dated within (not from the overview).
 * A night the job does not run is caught up on the next: the alert of the
 * threshold the deadline has reached by then is sent, once.
 */
#ifndef WVLV_ALERTS_H
#define WVLV_ALERTS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include "wvlv/date.h"
#include "wvlv/deadline.h"
#include "wvlv/enum.h"
#include "wvlv/status.h"

#define WVLV_ALERT_WITHIN_DEFAULT      10
#define WVLV_ALERT_WITHIN_MAX          365
#define WVLV_ALERT_DESIGNATION_WINDOW  180   /* days ahead a designation end is reported */
#define WVLV_ALERT_MAX_THRESHOLDS      8
#define WVLV_ALERT_TEXT_MAX            640   /* bytes of a text line, NUL included */

typedef enum wvlv_alert_kind {
	WVLV_ALERT_RESPONSE_APPROACHING = 1,
	WVLV_ALERT_FILING_APPROACHING,
	WVLV_ALERT_RESPONSE_MISSED,
	WVLV_ALERT_FILING_MISSED,
	WVLV_ALERT_DESIGNATION_ENDING,
	WVLV_ALERT_DECREE_MISSING,
	/* not a deadline of the overview: a decision dated within the response
	 * term and recorded after it (its event says recordedLate), reported
	 * once (threshold 0), so that backdating cannot pass unseen (law.md §6) */
	WVLV_ALERT_DECISION_RECORDED_LATE
} wvlv_alert_kind;

/* The names of the alert kinds (wvlv/enum.h). */
extern const wvlv_enum wvlv_alert_kind_enum;

/* "response-approaching", …; NULL for an unknown kind. */
const char *wvlv_alert_kind_name(wvlv_alert_kind kind);
bool        wvlv_alert_kind_parse(const char *name, wvlv_alert_kind *out);
bool        wvlv_alert_kind_is_missed(wvlv_alert_kind kind);

/* The thresholds of a kind, largest first, without duplicates (at most
 * WVLV_ALERT_MAX_THRESHOLDS); within_days is N for the approaching kinds.
 * Returns the count. */
size_t wvlv_alert_thresholds(wvlv_alert_kind kind, int within_days,
			     int out[WVLV_ALERT_MAX_THRESHOLDS]);

/* The threshold of an alert of `kind` with days_left on the night: the
 * smallest threshold >= days_left, 0 for the missed kinds when days_left < 0;
 * -1 when the alert is not due that night. */
int wvlv_alert_threshold(wvlv_alert_kind kind, int days_left, int within_days);

/* Is a deadline of the overview of `kind` (wvlv/deadline.h: an offer's
 * response or court-filing deadline, or the last designated day of a
 * designation) on `date` an alert on night `today`?  true with the alert's
 * kind and threshold: approaching when 0 <= days left <= within_days, missed
 * when it has passed (offers only), designation-ending when 0 <= days left
 * <= 180. */
bool wvlv_alert_due(wvlv_deadline_kind deadline, wvlv_date date, wvlv_date today,
		    int within_days, wvlv_alert_kind *kind, int *threshold);

/* What docs/law.md §1.3–1.4 leave of a designation whose last period ends on
 * last_end: another extension is possible while it has fewer than five
 * periods and the last end lies before the cap date (20 years from the first
 * start, wvlv_designation_cap_date). */
typedef enum wvlv_extension_outlook {
	WVLV_EXTENSION_POSSIBLE = 1,
	WVLV_EXTENSION_CAP_REACHED,       /* the last period ends on (or after) the cap date */
	WVLV_EXTENSION_EXHAUSTED          /* five periods: all four extensions used */
} wvlv_extension_outlook;

wvlv_extension_outlook wvlv_alert_extension_outlook(wvlv_date designated_from, wvlv_date last_end,
						    int n_periods, wvlv_date *cap_date,
						    int *extensions_left);

/* One alert.  Strings are borrowed (the caller keeps them alive). */
typedef struct wvlv_alert {
	wvlv_alert_kind kind;
	wvlv_date       today;               /* the night */
	wvlv_date       date;                /* the deadline, or the last designated day */
	int             days_left;           /* date − today; negative when missed */
	int             threshold;
	const char     *municipality_code;
	const char     *designation_id;
	const char     *designation_name;
	const char     *sale_notification_id;  /* NULL for designation-ending */
	/* missed: the state the lapse / release led to */
	wvlv_date       free_to_sell_until;  /* WVLV_DATE_NONE when unknown */
	/* designation-ending */
	wvlv_extension_outlook outlook;
	wvlv_date       cap_date;
	int             extensions_left;
	/* decree-missing: the year no decree covers and how many open deadlines
	 * of the municipality fall in it (date: the first of them) */
	int             year;
	int             deadlines;
	/* decision-recorded-late: the day the decision is dated and the day it
	 * was recorded (date is the response deadline it was recorded after) */
	wvlv_date       decided_on;
	wvlv_date       recorded_on;
	/* true: nothing was changed (--dry-run); the text says what would be done */
	bool            dry_run;
} wvlv_alert;

/* The alert as one line of text, without a newline, e.g.
 *   2026-11-28 response-approaching GM0505 "Oud-Krispijn" offer 3bd3…
 *   response deadline 2026-12-15 (17 days left)
 * The designation name is quoted; '"' and '\' in it are escaped and control
 * characters written as \uXXXX, so the line is always one line.  Truncated to
 * size − 1 bytes; returns buf. */
char *wvlv_alert_text(const wvlv_alert *a, char *buf, size_t size);

/* The alert as a JSON object: kind, municipalityCode, designationId,
 * designationName, saleNotificationId (null for designations), date,
 * daysLeft, threshold, text, today; for the missed kinds also status
 * (lapsed / released) and freeToSellUntil; for designation-ending
 * extensionPossible, reason (null, "cap-date-reached", "extensions-exhausted"),
 * capDate and extensionsLeft; for decree-missing year and openDeadlines; for
 * decision-recorded-late decidedOn and recordedOn.  A new reference (NULL when
 * out of memory). */
json_t *wvlv_alert_json(const wvlv_alert *a);

/* ---- retention of personal data (AVG/GDPR) ------------------------------------ */

typedef enum wvlv_retention_unit {
	WVLV_RETENTION_DAYS = 'd',
	WVLV_RETENTION_MONTHS = 'm',
	WVLV_RETENTION_YEARS = 'y'
} wvlv_retention_unit;

typedef struct wvlv_retention {
	int                 n;
	wvlv_retention_unit unit;
} wvlv_retention;

#define WVLV_RETENTION_DEFAULT "7y"

/* "7y", "18m", "400d": a whole number from 1 followed by y, m or d; at most
 * 100 years, 1200 months or 36500 days.  false otherwise. */
bool wvlv_retention_parse(const char *s, wvlv_retention *out);

/* The first day that is kept: personal data of an offer closed on day C is
 * purged on night `today` when C lies more than the period before today,
 * i.e. C < cut-off.  The cut-off is today minus the period: the same day
 * number n years or months earlier (the last day of the month when that day
 * does not exist: 29 February → 28 February), or n days earlier. */
wvlv_date wvlv_retention_cutoff(wvlv_date today, const wvlv_retention *r);

/* The day an offer closed: the day of its last event, or its receipt when it
 * has none (an exempt offer). */
wvlv_date wvlv_retention_closing_day(wvlv_date received_on, wvlv_date last_event_on);

#endif /* WVLV_ALERTS_H */
