/* date.h — civil calendar dates and the year arithmetic of the law.
 *
 * A wvlv_date is a day number: days since 1970-01-01 in the proleptic
 * Gregorian calendar (1970-01-01 is 0).  Dates have no time zone; "today" is
 * the calendar date in Europe/Amsterdam.  Pure functions, no I/O except
 * wvlv_date_today_amsterdam(), which reads the clock.
 */
#ifndef WVLV_DATE_H
#define WVLV_DATE_H

#include <stdbool.h>
#include <stdint.h>
#include "wvlv/status.h"

typedef int32_t wvlv_date;

#define WVLV_DATE_NONE INT32_MIN   /* "no date" (null) */
#define WVLV_DATE_STRLEN 11        /* "YYYY-MM-DD" + NUL */

/* The years the law's dates are worked out for: a first period starts in
 * them (designation.h), a deadline's event lies in them (deadline.h). */
#define WVLV_YEAR_MIN 1900
#define WVLV_YEAR_MAX 2199

/* Supported range: years 1 .. 9999. */
bool      wvlv_date_valid_ymd(int year, int month, int day);
wvlv_date wvlv_date_from_ymd(int year, int month, int day); /* caller checked validity */
void      wvlv_date_to_ymd(wvlv_date d, int *year, int *month, int *day);
bool      wvlv_is_leap_year(int year);
int       wvlv_days_in_month(int year, int month);

/* ISO weekday: 1 = Monday … 7 = Sunday. */
int wvlv_date_weekday(wvlv_date d);

/* Strict "YYYY-MM-DD" (exactly 10 characters, a day that exists).
 * WVLV_EBADREQ/WVLV_EINVAL with a detail on failure, *out untouched. */
wvlv_status wvlv_date_parse(const char *s, wvlv_date *out, wvlv_error *err) WVLV_MUST_CHECK;

/* An RFC 3339 date-time (with Z or an offset) or a YYYY-MM-DD date? */
bool wvlv_timestamp_or_date_valid(const char *s);

/* Writes "YYYY-MM-DD" into buf (at least WVLV_DATE_STRLEN bytes); returns buf. */
char *wvlv_date_format(wvlv_date d, char buf[WVLV_DATE_STRLEN]);

/* The last day of a term of n years that starts on day `start` (start counted):
 * the day with the month and day number of start − 1, n years later; when that
 * day does not exist (29 February in a common year), 28 February.
 * docs/law.md §4: 2025-03-01 → 2029-02-28; 2024-03-01 → 2028-02-29;
 * 2028-02-29 → 2032-02-28; 2024-01-01 → 2027-12-31. */
wvlv_date wvlv_date_years_last_day(wvlv_date start, int years);

/* A term of n years "after day x" (x not counted): ends on x's month and day,
 * n years on (28 February when that is 29 February in a common year). */
wvlv_date wvlv_date_years_after(wvlv_date x, int years);

/* x's day of the month, `months` months on (negative: back), or the last day
 * of that month when it is shorter (31 January + 1 month → 28/29 February). */
wvlv_date wvlv_date_months_after(wvlv_date x, int months);

/* Today's calendar date in Europe/Amsterdam. */
wvlv_date wvlv_date_today_amsterdam(void);

/* The calendar date in Europe/Amsterdam at a Unix time: CET (UTC+1), and CEST
 * (UTC+2) from 01:00 UTC on the last Sunday of March until 01:00 UTC on the
 * last Sunday of October (the EU rule, in force since 1996).  No tzdata. */
wvlv_date wvlv_date_amsterdam_from_unix(int64_t unix_seconds);

#endif /* WVLV_DATE_H */
