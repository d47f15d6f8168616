/* deadline.h — statutory terms and the Algemene termijnenwet (docs/law.md §2–3).
 *
 * Every term the law gives lives in one table (wvlv_terms): its name, length,
 * unit, whether the Atw extends it, and its source article — a change in the
 * law is a change of one row.  Generally recognised holidays are computed
 * for any year 1900–2199; days equated with holidays by Royal Decree are data,
 * passed in by the caller.  Every computed deadline explains itself.
 * Pure functions, no I/O.
 */
#ifndef WVLV_DEADLINE_H
#define WVLV_DEADLINE_H

#include <stdbool.h>
#include <stddef.h>
#include "wvlv/date.h"
#include "wvlv/enum.h"
#include "wvlv/status.h"

typedef enum wvlv_term_id {
	WVLV_TERM_RESPONSE = 0,     /* 6 weeks: is the municipality willing to buy? (Ow 9.13) */
	WVLV_TERM_COURT_FILING,     /* 4 weeks: file the price request with the court (Ow 9.16) */
	WVLV_TERM_FREE_PERIOD,      /* 3 years: owner free to sell (Ow 9.14, 9.17) */
	WVLV_TERM_COUNT
} wvlv_term_id;

typedef enum wvlv_term_unit { WVLV_UNIT_DAYS, WVLV_UNIT_WEEKS, WVLV_UNIT_MONTHS, WVLV_UNIT_YEARS } wvlv_term_unit;

typedef struct wvlv_term {
	wvlv_term_id   id;
	const char    *name;        /* "response", "court-filing", "free-period" */
	int            length;
	wvlv_term_unit unit;
	bool           atw;         /* does the Algemene termijnenwet extend it? */
	const char    *source;      /* "Ow 9.13 (Wvg art. 12(1))" */
} wvlv_term;

/* The names of the terms, by wvlv_term_id (wvlv/enum.h). */
extern const wvlv_enum wvlv_term_enum;

/* The table, and lookups.  NULL for an unknown name. */
const wvlv_term *wvlv_term_get(wvlv_term_id id);
const wvlv_term *wvlv_term_by_name(const char *name);

/* Does the Atw apply to a term of this length and unit?  Art. 4: not to
 * terms of more than 12 weeks, more than 3 months, or in years. */
bool wvlv_atw_applies(int length, wvlv_term_unit unit);

/* Western (Gregorian) Easter Sunday. */
wvlv_date wvlv_easter(int year);

/* A day equated with a holiday by Royal Decree (Atw art. 3(3)). */
typedef struct wvlv_equated_day {
	wvlv_date   date;
	const char *reference;   /* e.g. "Stcrt. 2016, 12345" */
} wvlv_equated_day;

/* The name of the generally recognised holiday on d (Dutch: "Nieuwjaarsdag",
 * "Goede Vrijdag", "Tweede Paasdag", "Koningsdag", "Koninginnedag",
 * "Bevrijdingsdag", "Hemelvaartsdag", "Tweede Pinksterdag", "Eerste Kerstdag",
 * "Tweede Kerstdag"), or of an equated day ("gelijkgestelde dag"), or NULL.
 * equated may be NULL when n_equated is 0. */
const char *wvlv_holiday_name(wvlv_date d, const wvlv_equated_day *equated, size_t n_equated);

/* Not a Saturday, Sunday, holiday or equated day. */
bool wvlv_is_working_day(wvlv_date d, const wvlv_equated_day *equated, size_t n_equated);

/* May d be equated with a holiday?  Only a weekday that is not a generally
 * recognised holiday already: WVLV_EINVAL "not-a-weekday" (a Saturday or
 * Sunday) or "already-a-holiday" (named in the detail), with the param
 * "date".  The years outside 1900–2199 know no holidays. */
wvlv_status wvlv_equated_day_check(wvlv_date d, wvlv_error *err) WVLV_MUST_CHECK;

#define WVLV_MAX_MOVED 16

/* One day a deadline was moved past, and why ("Saturday", "Sunday", a holiday
 * name, or "gelijkgestelde dag (<reference>)"; for the Atw art. 2 rule:
 * "minimum 2 werkdagen (Atw art. 2)"). */
typedef struct wvlv_moved_past {
	wvlv_date date;
	char      reason[96];
} wvlv_moved_past;

typedef struct wvlv_deadline {
	const wvlv_term *term;
	wvlv_date        from;       /* the day of the event; the term runs from the next day */
	wvlv_date        raw_end;    /* the end before the Atw */
	wvlv_date        deadline;   /* the last day, after the Atw */
	int              n_moved;
	wvlv_moved_past  moved[WVLV_MAX_MOVED];
} wvlv_deadline;

/* The deadline of `term` for an event on `from`.  Weeks: the same weekday N
 * weeks later; years: wvlv_date_years_after.  Then, when the term is subject
 * to the Atw: art. 1 (a last day on a Saturday, Sunday, holiday or equated day
 * moves to the next day that is none of these) and art. 2 (a term of at least
 * 3 days contains at least 2 working days).  WVLV_EINVAL when `from` is
 * outside 1900–2199; WVLV_ECONFLICT "deadline-moved-too-far" when the last day
 * would move past more than WVLV_MAX_MOVED days (only equated days entered
 * carelessly make such a run: the data, not the request, is at fault). */
wvlv_status wvlv_deadline_compute(const wvlv_term *term, wvlv_date from,
				  const wvlv_equated_day *equated, size_t n_equated,
				  wvlv_deadline *out, wvlv_error *err) WVLV_MUST_CHECK;

/* The same, explained against a deadline stored for it earlier (WVLV_DATE_NONE:
 * none), which may lie later: a deadline that an equated day moved is never
 * moved back when that day is removed.  The days from the computed deadline
 * up to the stored one are added to moved, with their reason, and the stored
 * deadline is the deadline. */
wvlv_status wvlv_deadline_explain_stored(const wvlv_term *term, wvlv_date from, wvlv_date stored,
					 const wvlv_equated_day *equated, size_t n_equated,
					 wvlv_deadline *out, wvlv_error *err) WVLV_MUST_CHECK;

/* ---- the deadline overview (GET /deadlines, the alert job) ------------------
 * One row per open deadline: an offer's response or court-filing deadline, or
 * the last designated day of a designation.  Plain data, filled by the store. */

typedef enum wvlv_deadline_kind {
	WVLV_DL_RESPONSE = 1,
	WVLV_DL_COURT_FILING,
	WVLV_DL_DESIGNATION_END
} wvlv_deadline_kind;

/* The names of the kinds: response, court-filing, designation-end. */
extern const wvlv_enum wvlv_deadline_kind_enum;

typedef struct wvlv_deadline_row {
	wvlv_deadline_kind kind;
	wvlv_date          date;
	const char        *sale_notification_id;  /* NULL for designation-end */
	const char        *designation_id;
	const char        *designation_name;
	const char        *municipality_code;
	wvlv_date          designated_from;       /* designation-end: for the cap date */
	int                n_periods;             /* designation-end: extensions left */
} wvlv_deadline_row;

#endif /* WVLV_DEADLINE_H */
