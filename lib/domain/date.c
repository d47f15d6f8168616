/* date.c — civil calendar dates and the year arithmetic of the law (see date.h).
 *
 * Day numbers use Howard Hinnant's days_from_civil / civil_from_days
 * (http://howardhinnant.github.io/date_algorithms.html), computed in 64 bits
 * so that no int32 day number can overflow.  Europe/Amsterdam is computed
 * from the EU summer-time rule instead of tzdata, so "today" needs neither
 * the TZ environment variable nor a time-zone database.
 */
#include "wvlv/date.h"

#include <string.h>

#include <stdlib.h>

#include <ctype.h>

#include <stddef.h>
#include <time.h>

#define SECONDS_PER_DAY 86400
#define DAY_0001_01_01  (-719162)   /* days_from_civil(1, 1, 1) */
#define DAY_9999_12_31  2932896     /* days_from_civil(9999, 12, 31) */

/* Floor division and modulo for a positive divisor. */
static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && a < 0) ? q - 1 : q;
}

static int64_t floor_mod(int64_t a, int64_t b)
{
	return a - floor_div(a, b) * b;
}

static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
	y -= m <= 2;
	int64_t era = floor_div(y, 400);
	int64_t yoe = y - era * 400;                                  /* [0, 399] */
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* [0, 365] */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;          /* [0, 146096] */
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	z += 719468;
	int64_t era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

bool wvlv_is_leap_year(int year)
{
	return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

int wvlv_days_in_month(int year, int month)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (month < 1 || month > 12)
		return 0;
	if (month == 2 && wvlv_is_leap_year(year))
		return 29;
	return days[month - 1];
}

bool wvlv_date_valid_ymd(int year, int month, int day)
{
	if (year < 1 || year > 9999 || month < 1 || month > 12)
		return false;
	return day >= 1 && day <= wvlv_days_in_month(year, month);
}

wvlv_date wvlv_date_from_ymd(int year, int month, int day)
{
	return (wvlv_date)days_from_civil(year, month, day);
}

void wvlv_date_to_ymd(wvlv_date d, int *year, int *month, int *day)
{
	int64_t y;
	civil_from_days(d, &y, month, day);
	*year = (int)y;
}

int wvlv_date_weekday(wvlv_date d)
{
	/* 1970-01-01 (day 0) was a Thursday, ISO weekday 4. */
	return (int)floor_mod((int64_t)d + 3, 7) + 1;
}

/* --- parsing and formatting --------------------------------------------------- */

/* n decimal digits at s, or -1 when one of them is not a digit. */
static int parse_digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* True when s is exactly 10 characters long (reads at most 11). */
static bool has_length_10(const char *s)
{
	for (int i = 0; i < 10; i++)
		if (s[i] == '\0')
			return false;
	return s[10] == '\0';
}

static wvlv_status parse_failed(const char *s, wvlv_error *err)
{
	return wvlv_error_set(err, WVLV_EINVAL, "invalid-date",
			      "\"%.40s\" is not a calendar date in YYYY-MM-DD form.",
			      s ? s : "");
}

wvlv_status wvlv_date_parse(const char *s, wvlv_date *out, wvlv_error *err)
{
	if (!s || !has_length_10(s) || s[4] != '-' || s[7] != '-')
		return parse_failed(s, err);
	int y = parse_digits(s, 4), m = parse_digits(s + 5, 2), d = parse_digits(s + 8, 2);
	if (y < 0 || m < 0 || d < 0 || !wvlv_date_valid_ymd(y, m, d))
		return parse_failed(s, err);
	*out = wvlv_date_from_ymd(y, m, d);
	return WVLV_OK;
}

static void put_digits(char *p, int value, int n)
{
	for (int i = n - 1; i >= 0; i--) {
		p[i] = (char)('0' + value % 10);
		value /= 10;
	}
}

/* Dates outside years 1..9999, WVLV_DATE_NONE among them, format as "". */
char *wvlv_date_format(wvlv_date d, char buf[WVLV_DATE_STRLEN])
{
	if (d < DAY_0001_01_01 || d > DAY_9999_12_31) {
		buf[0] = '\0';
		return buf;
	}
	int y, m, day;
	wvlv_date_to_ymd(d, &y, &m, &day);
	put_digits(buf, y, 4);
	buf[4] = '-';
	put_digits(buf + 5, m, 2);
	buf[7] = '-';
	put_digits(buf + 8, day, 2);
	buf[10] = '\0';
	return buf;
}

/* --- year arithmetic (docs/law.md §4) -------------------------------------------- */

/* The day with the month and day number of `day`, n years on; 28 February
 * when that is 29 February in a common year. */
static wvlv_date same_day_years_on(int64_t day, int years)
{
	int64_t y;
	int m, d;
	civil_from_days(day, &y, &m, &d);
	y += years;
	if (m == 2 && d == 29 && !wvlv_is_leap_year((int)y))
		d = 28;
	return (wvlv_date)days_from_civil(y, m, d);
}

wvlv_date wvlv_date_years_last_day(wvlv_date start, int years)
{
	if (start == WVLV_DATE_NONE)
		return WVLV_DATE_NONE;
	return same_day_years_on((int64_t)start - 1, years);
}

wvlv_date wvlv_date_years_after(wvlv_date x, int years)
{
	if (x == WVLV_DATE_NONE)
		return WVLV_DATE_NONE;
	return same_day_years_on(x, years);
}

wvlv_date wvlv_date_months_after(wvlv_date x, int months)
{
	int y, m, d;
	wvlv_date_to_ymd(x, &y, &m, &d);
	long total = (long)y * 12 + (m - 1) + months;
	int ny = (int)(total / 12), nm = (int)(total % 12) + 1;
	int last = wvlv_days_in_month(ny, nm);
	return wvlv_date_from_ymd(ny, nm, d > last ? last : d);
}

/* --- Europe/Amsterdam ------------------------------------------------------------- */

static int64_t last_sunday(int year, int month)
{
	wvlv_date last = wvlv_date_from_ymd(year, month, wvlv_days_in_month(year, month));
	return last - wvlv_date_weekday(last) % 7;
}

/* UTC offset in seconds of Europe/Amsterdam at Unix time t. */
static int64_t amsterdam_offset(int64_t t)
{
	int year, month, day;
	wvlv_date_to_ymd((wvlv_date)floor_div(t, SECONDS_PER_DAY), &year, &month, &day);
	int64_t summer_from = last_sunday(year, 3) * SECONDS_PER_DAY + 3600;
	int64_t summer_until = last_sunday(year, 10) * SECONDS_PER_DAY + 3600;
	return (t >= summer_from && t < summer_until) ? 7200 : 3600;
}

wvlv_date wvlv_date_amsterdam_from_unix(int64_t unix_seconds)
{
	/* Clamp to years 1..9999 so that no arithmetic below can overflow. */
	const int64_t lo = (int64_t)DAY_0001_01_01 * SECONDS_PER_DAY;
	const int64_t hi = ((int64_t)DAY_9999_12_31 + 1) * SECONDS_PER_DAY - 7201;
	int64_t t = unix_seconds < lo ? lo : unix_seconds > hi ? hi : unix_seconds;
	return (wvlv_date)floor_div(t + amsterdam_offset(t), SECONDS_PER_DAY);
}

wvlv_date wvlv_date_today_amsterdam(void)
{
	return wvlv_date_amsterdam_from_unix((int64_t)time(NULL));
}

/* d digits at p */
static bool digits(const char *p, int d)
{
	for (int i = 0; i < d; i++)
		if (!isdigit((unsigned char)p[i]))
			return false;
	return true;
}

bool wvlv_timestamp_or_date_valid(const char *s)
{
	wvlv_date d;
	if (!s || strlen(s) < 10)
		return false;
	char day[11];
	memcpy(day, s, 10);
	day[10] = '\0';
	if (wvlv_date_parse(day, &d, NULL) != WVLV_OK)
		return false;
	const char *p = s + 10;
	if (*p == '\0')
		return true;
	if ((*p != 'T' && *p != 't') || !digits(p + 1, 2) || p[3] != ':' || !digits(p + 4, 2) ||
	    p[6] != ':' || !digits(p + 7, 2))
		return false;
	if (atoi(p + 1) > 23 || atoi(p + 4) > 59 || atoi(p + 7) > 60)
		return false;
	p += 9;
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return false;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if ((*p == 'Z' || *p == 'z') && p[1] == '\0')
		return true;
	return (*p == '+' || *p == '-') && digits(p + 1, 2) && p[3] == ':' && digits(p + 4, 2) &&
	       p[6] == '\0';
}
