/* designation.c — the legal rules of Wbmgp designations (see designation.h,
 * docs/law.md §1): names, period and extension limits, the 20-year cap date,
 * withdrawal, the derived status and the place cap.  Pure functions.
 *
 * periods[0..n) are in sequence order without gaps, as the header says:
 * periods[0].start is the first start and periods[n - 1].end the last end.
 */
#include "wvlv/designation.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* --- names ------------------------------------------------------------------------ */


static const char *const kind_names[] = { "complex", "street", "area" };
static const char *const measure_names[] = { "art8", "art9", "art10", "voorkeursrecht" };
static const char *const status_names[] = { "planned", "active", "expired", "withdrawn" };
static const char *const period_kind_names[] = { "initial", "extension" };

_Static_assert(WVLV_COUNTOF(kind_names) == WVLV_KIND_AREA - WVLV_KIND_COMPLEX + 1,
	       "one name per kind");
_Static_assert(1u << WVLV_COUNTOF(measure_names) == WVLV_MEASURE_ALL + 1,
	       "one name per measure bit");
_Static_assert(WVLV_COUNTOF(status_names) == WVLV_DSTATUS_WITHDRAWN - WVLV_DSTATUS_PLANNED + 1,
	       "one name per designation status");

const wvlv_enum wvlv_kind_enum = WVLV_ENUM_TABLE(kind_names, WVLV_KIND_COMPLEX);
const wvlv_enum wvlv_measure_enum = WVLV_ENUM_TABLE(measure_names, 0);
const wvlv_enum wvlv_designation_status_enum = WVLV_ENUM_TABLE(status_names, WVLV_DSTATUS_PLANNED);
const wvlv_enum wvlv_period_kind_enum = WVLV_ENUM_TABLE(period_kind_names, 0);

WVLV_ENUM_FUNCTIONS(wvlv_kind, wvlv_kind_name, wvlv_kind_parse, wvlv_kind_enum)
WVLV_ENUM_FUNCTIONS(wvlv_designation_status, wvlv_designation_status_name,
		    wvlv_designation_status_parse, wvlv_designation_status_enum)

/* NULL unless measure_bit is exactly one of the four measure bits. */
const char *wvlv_measure_name(unsigned measure_bit)
{
	for (size_t i = 0; i < wvlv_measure_enum.count; i++)
		if (measure_bit == 1u << i)
			return wvlv_enum_name(&wvlv_measure_enum, (int)i);
	return NULL;
}

bool wvlv_measure_parse(const char *name, unsigned *bit_out)
{
	int i;
	if (!wvlv_enum_parse(&wvlv_measure_enum, name, &i))
		return false;
	*bit_out = 1u << i;
	return true;
}

bool wvlv_municipality_code_valid(const char *code)
{
	if (!code || code[0] != 'G' || code[1] != 'M')
		return false;
	for (int i = 2; i < 6; i++)
		if (code[i] < '0' || code[i] > '9')
			return false;
	return code[6] == '\0';
}

/* --- periods and the cap date -------------------------------------------------------- */

wvlv_date wvlv_period_last_allowed_end(wvlv_date start)
{
	return wvlv_date_years_last_day(start, WVLV_PERIOD_MAX_YEARS);
}

wvlv_date wvlv_designation_cap_date(wvlv_date first_start)
{
	return wvlv_date_years_last_day(first_start, WVLV_CAP_YEARS);
}

/* "prefix.field", or just "field" when there is no prefix. */
static void param_name(char *buf, size_t size, const char *prefix, const char *field)
{
	if (prefix && prefix[0])
		snprintf(buf, size, "%s.%s", prefix, field);
	else
		snprintf(buf, size, "%s", field);
}

static wvlv_status missing_date(const char *param, wvlv_error *err)
{
	wvlv_status st = wvlv_error_set(err, WVLV_EINVAL, "required",
					"The date %s is required.", param);
	wvlv_error_add_param(err, param, "required", "A date in YYYY-MM-DD form is required.");
	return st;
}

/* end must lie within [start, start + 4 years − 1 day]; errors name `param`. */
static wvlv_status check_period_end(wvlv_date start, wvlv_date end, const char *param,
				    wvlv_error *err)
{
	char s[WVLV_DATE_STRLEN], e[WVLV_DATE_STRLEN], l[WVLV_DATE_STRLEN];
	wvlv_date_format(start, s);
	wvlv_date_format(end, e);
	if (end < start) {
		wvlv_error_set(err, WVLV_EINVAL, "end-before-start",
			       "A period starting %s cannot end on %s, before it starts.", s, e);
		wvlv_error_add_param(err, param, "end-before-start",
				     "The end %s is before the start %s.", e, s);
		return WVLV_EINVAL;
	}
	wvlv_date last = wvlv_period_last_allowed_end(start);
	if (end <= last)
		return WVLV_OK;
	wvlv_date_format(last, l);
	wvlv_error_set(err, WVLV_EINVAL, "period-too-long",
		       "A period starting %s may end on %s at the latest; %s was asked.", s, l, e);
	wvlv_error_add_param(err, param, "period-too-long",
			     "A period runs at most 4 years: %s at the latest.", l);
	return WVLV_EINVAL;
}

/* A designation starts in the years wvlv computes terms for. */
static wvlv_status check_year_range(wvlv_date start, const char *pname, wvlv_error *err)
{
	int y, m, d;
	wvlv_date_to_ymd(start, &y, &m, &d);
	if (y >= WVLV_YEAR_MIN && y <= WVLV_YEAR_MAX)
		return WVLV_OK;
	wvlv_error_add_param(err, pname, "date-out-of-range", "%s must lie in the years %d to %d.",
			     pname, WVLV_YEAR_MIN, WVLV_YEAR_MAX);
	return wvlv_error_set(err, WVLV_EINVAL, "date-out-of-range",
			      "A designation must start in the years %d to %d.", WVLV_YEAR_MIN,
			      WVLV_YEAR_MAX);
}

wvlv_status wvlv_period_check_first(wvlv_date start, wvlv_date end, const char *param_prefix,
				    wvlv_error *err)
{
	char pstart[64], pend[64];
	param_name(pstart, sizeof(pstart), param_prefix, "start");
	param_name(pend, sizeof(pend), param_prefix, "end");
	if (start == WVLV_DATE_NONE)
		return missing_date(pstart, err);
	if (end == WVLV_DATE_NONE)
		return missing_date(pend, err);
	wvlv_status st = check_year_range(start, pstart, err);
	if (st != WVLV_OK)
		return st;
	return check_period_end(start, end, pend, err);
}

/* --- extension ------------------------------------------------------------------------ */

static wvlv_status no_periods(wvlv_error *err)
{
	return wvlv_error_set(err, WVLV_EINTERNAL, "no-periods",
			      "The designation has no periods.");
}

static wvlv_status extension_conflict(size_t n, wvlv_date withdrawn_on, wvlv_error *err)
{
	char w[WVLV_DATE_STRLEN];
	if (withdrawn_on != WVLV_DATE_NONE)
		return wvlv_error_set(err, WVLV_ECONFLICT, "designation-withdrawn",
				      "The designation was withdrawn on %s and cannot be extended.",
				      wvlv_date_format(withdrawn_on, w));
	if (n >= WVLV_MAX_PERIODS)
		return wvlv_error_set(err, WVLV_ECONFLICT, "extensions-exhausted",
				      "The designation has been extended %d times already, "
				      "the most the law allows.", WVLV_MAX_EXTENSIONS);
	return WVLV_OK;
}

static wvlv_status check_cap_date(wvlv_date first_start, wvlv_date end, wvlv_error *err)
{
	wvlv_date cap = wvlv_designation_cap_date(first_start);
	if (end <= cap)
		return WVLV_OK;
	char c[WVLV_DATE_STRLEN], f[WVLV_DATE_STRLEN], e[WVLV_DATE_STRLEN];
	return wvlv_error_set(err, WVLV_ECONFLICT, "cap-date-exceeded",
			      "The designation may run until its cap date %s, 20 years from its "
			      "first start %s; an extension to %s was asked.",
			      wvlv_date_format(cap, c), wvlv_date_format(first_start, f),
			      wvlv_date_format(end, e));
}

wvlv_status wvlv_extension_check(const wvlv_period *periods, size_t n, wvlv_date withdrawn_on,
				 wvlv_date end, wvlv_date *out_start, wvlv_error *err)
{
	if (n == 0)
		return no_periods(err);
	wvlv_status st = extension_conflict(n, withdrawn_on, err);
	if (st != WVLV_OK)
		return st;
	wvlv_date start = periods[n - 1].end + 1;
	if (out_start)
		*out_start = start;
	if (end == WVLV_DATE_NONE)
		return missing_date("end", err);
	st = check_period_end(start, end, "end", err);
	if (st != WVLV_OK)
		return st;
	return check_cap_date(periods[0].start, end, err);
}

/* --- withdrawal and derived dates -------------------------------------------------------- */

wvlv_date wvlv_designated_from(const wvlv_period *periods, size_t n)
{
	return n == 0 ? WVLV_DATE_NONE : periods[0].start;
}

wvlv_date wvlv_designated_until(const wvlv_period *periods, size_t n, wvlv_date withdrawn_on)
{
	if (n == 0)
		return WVLV_DATE_NONE;
	wvlv_date last_end = periods[n - 1].end;
	if (withdrawn_on == WVLV_DATE_NONE || withdrawn_on > last_end)
		return last_end;
	if (withdrawn_on <= periods[0].start)
		return WVLV_DATE_NONE;
	return withdrawn_on - 1;
}

static wvlv_status withdrawal_out_of_range(wvlv_date from, wvlv_date until, wvlv_date on,
					   wvlv_error *err)
{
	char f[WVLV_DATE_STRLEN], u[WVLV_DATE_STRLEN], o[WVLV_DATE_STRLEN];
	wvlv_date_format(from, f);
	wvlv_date_format(until, u);
	wvlv_date_format(on, o);
	wvlv_error_set(err, WVLV_EINVAL, "withdrawal-out-of-range",
		       "A withdrawal must take effect between %s and %s, the designated days; "
		       "%s was asked.", f, u, o);
	wvlv_error_add_param(err, "on", "withdrawal-out-of-range",
			     "The date must lie between %s and %s.", f, u);
	return WVLV_EINVAL;
}

wvlv_status wvlv_withdrawal_check(const wvlv_period *periods, size_t n, wvlv_date withdrawn_on,
				  wvlv_date on, wvlv_date *out_until, wvlv_error *err)
{
	if (n == 0)
		return no_periods(err);
	if (withdrawn_on != WVLV_DATE_NONE) {
		char w[WVLV_DATE_STRLEN];
		return wvlv_error_set(err, WVLV_ECONFLICT, "already-withdrawn",
				      "The designation was already withdrawn on %s.",
				      wvlv_date_format(withdrawn_on, w));
	}
	if (on == WVLV_DATE_NONE)
		return missing_date("on", err);
	wvlv_date from = periods[0].start, until = periods[n - 1].end;
	if (on < from || on > until)
		return withdrawal_out_of_range(from, until, on, err);
	if (out_until)
		*out_until = wvlv_designated_until(periods, n, on);
	return WVLV_OK;
}

wvlv_designation_status wvlv_designation_status_on(const wvlv_period *periods, size_t n,
						   wvlv_date withdrawn_on, wvlv_date on)
{
	if (withdrawn_on != WVLV_DATE_NONE && on >= withdrawn_on)
		return WVLV_DSTATUS_WITHDRAWN;
	if (n == 0 || on < periods[0].start)
		return WVLV_DSTATUS_PLANNED;
	if (on <= periods[n - 1].end)
		return WVLV_DSTATUS_ACTIVE;
	return WVLV_DSTATUS_EXPIRED;
}

/* --- the place cap ------------------------------------------------------------------------- */

/* Two lists of ranges, read as one, never modified. */
typedef struct range_lists {
	const wvlv_day_range *a;
	size_t na;
	const wvlv_day_range *b;
	size_t nb;
} range_lists;

static const wvlv_day_range *range_at(const range_lists *l, size_t i)
{
	return i < l->na ? &l->a[i] : &l->b[i - l->na];
}

static bool range_empty(const wvlv_day_range *r)
{
	return r->from == WVLV_DATE_NONE || r->until == WVLV_DATE_NONE || r->until < r->from;
}

/* The first day after `pos` that some range covers; *until_out is the end of
 * the longest such range starting there.  False when no day after pos is covered. */
static bool next_covered(const range_lists *l, int64_t pos, int64_t *from_out,
			 int64_t *until_out)
{
	bool found = false;
	for (size_t i = 0; i < l->na + l->nb; i++) {
		const wvlv_day_range *r = range_at(l, i);
		if (range_empty(r) || r->until <= pos)
			continue;
		int64_t from = r->from > pos ? r->from : pos + 1;
		if (!found || from < *from_out || (from == *from_out && r->until > *until_out)) {
			*from_out = from;
			*until_out = r->until;
			found = true;
		}
	}
	return found;
}

/* Sweep from left to right: each step counts the uncovered days of one range
 * past the last counted day.  O(n²) without allocation; n is the handful of
 * designations that overlap one place. */
static long union_days(const range_lists *l)
{
	int64_t pos = INT64_MIN, from = 0, until = 0, total = 0;
	while (next_covered(l, pos, &from, &until)) {
		total += until - from + 1;
		pos = until;
	}
	return (long)total;
}

long wvlv_day_ranges_union_days(const wvlv_day_range *ranges, size_t n)
{
	range_lists l = { ranges, n, NULL, 0 };
	return union_days(&l);
}

wvlv_status wvlv_place_cap_check(wvlv_day_range self, const wvlv_day_range *others, size_t n,
				 long *out_days, wvlv_error *err)
{
	range_lists l = { &self, 1, others, n };
	long days = union_days(&l);
	if (out_days)
		*out_days = days;
	if (days <= WVLV_PLACE_CAP_DAYS)
		return WVLV_OK;
	return wvlv_error_set(err, WVLV_ECONFLICT, "place-cap-exceeded",
			      "This place would be designated on %ld days in all, more than the "
			      "%d days (20 years) the law allows.", days, WVLV_PLACE_CAP_DAYS);
}
