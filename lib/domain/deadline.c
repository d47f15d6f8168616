/* deadline.c — statutory terms and the Algemene termijnenwet (see deadline.h,
 * docs/law.md §2–3).
 *
 * The one table of terms is wvlv_terms below.  Holidays follow docs/law.md
 * §3.4: those of Atw art. 3(1), and Good Friday, which art. 3(2) equates with
 * them; Easter is the anonymous Gregorian computus (Meeus/Jones/Butcher).
 * Days equated with a holiday by Royal Decree (art. 3(3)) are data passed in
 * by the caller.
 */
#include "wvlv/deadline.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* --- the names of the terms ------------------------------------------------------- */

/* Each written once: the name table (wvlv_term_enum) and the rows of the term
 * table point to the same text. */
static const char response_name[] = "response";
static const char court_filing_name[] = "court-filing";
static const char free_period_name[] = "free-period";

static const char *const term_names[WVLV_TERM_COUNT] = {
	[WVLV_TERM_RESPONSE] = response_name,
	[WVLV_TERM_COURT_FILING] = court_filing_name,
	[WVLV_TERM_FREE_PERIOD] = free_period_name,
};

const wvlv_enum wvlv_term_enum = WVLV_ENUM_TABLE(term_names, WVLV_TERM_RESPONSE);

static const char *const deadline_kind_names[] = { response_name, court_filing_name,
						   "designation-end" };
_Static_assert(WVLV_COUNTOF(deadline_kind_names) ==
		       WVLV_DL_DESIGNATION_END - WVLV_DL_RESPONSE + 1,
	       "one name per deadline kind");
const wvlv_enum wvlv_deadline_kind_enum = WVLV_ENUM_TABLE(deadline_kind_names, WVLV_DL_RESPONSE);

/* --- the table of terms (docs/law.md §2) ----------------------------------------- */

static const wvlv_term wvlv_terms[WVLV_TERM_COUNT] = {
	[WVLV_TERM_RESPONSE] = {
		.id = WVLV_TERM_RESPONSE, .name = response_name,
		.length = 6, .unit = WVLV_UNIT_WEEKS, .atw = true,
		.source = "Ow 9.13 (Wvg art. 12(1))",
	},
	[WVLV_TERM_COURT_FILING] = {
		.id = WVLV_TERM_COURT_FILING, .name = court_filing_name,
		.length = 4, .unit = WVLV_UNIT_WEEKS, .atw = true,
		.source = "Ow 9.16(1) (Wvg art. 13(1))",
	},
	[WVLV_TERM_FREE_PERIOD] = {
		/* Atw art. 4: a term in years is never extended. */
		.id = WVLV_TERM_FREE_PERIOD, .name = free_period_name,
		.length = 3, .unit = WVLV_UNIT_YEARS, .atw = false,
		.source = "Ow 9.14(1), 9.17(1)",
	},
};

const wvlv_term *wvlv_term_get(wvlv_term_id id)
{
	if ((int)id < 0 || id >= WVLV_TERM_COUNT)
		return NULL;
	return &wvlv_terms[id];
}

const wvlv_term *wvlv_term_by_name(const char *name)
{
	int id;
	if (!wvlv_enum_parse(&wvlv_term_enum, name, &id))
		return NULL;
	return &wvlv_terms[id];
}

/* Atw art. 4: not for more than 12 weeks (84 days), more than 3 months, or
 * any term in years. */
bool wvlv_atw_applies(int length, wvlv_term_unit unit)
{
	switch (unit) {
	case WVLV_UNIT_DAYS:   return length <= 84;
	case WVLV_UNIT_WEEKS:  return length <= 12;
	case WVLV_UNIT_MONTHS: return length <= 3;
	case WVLV_UNIT_YEARS:  return false;
	}
	return false;
}

/* --- Easter and the holidays (docs/law.md §3.4) ------------------------------------ */

#define DATE_MIN_YEAR 1
#define DATE_MAX_YEAR 9999

/* Anonymous Gregorian algorithm (Meeus, Astronomical Algorithms, ch. 8).
 * Defined for the years wvlv_date supports (1..9999); WVLV_DATE_NONE otherwise. */
wvlv_date wvlv_easter(int year)
{
	if (year < DATE_MIN_YEAR || year > DATE_MAX_YEAR)
		return WVLV_DATE_NONE;
	int a = year % 19;
	int b = year / 100, c = year % 100;
	int d = b / 4, e = b % 4;
	int f = (b + 8) / 25;
	int g = (b - f + 1) / 3;
	int h = (19 * a + b - d - g + 15) % 30;
	int i = c / 4, k = c % 4;
	int l = (32 + 2 * e + 2 * i - h - k) % 7;
	int m = (a + 11 * h + 22 * l) / 451;
	int month = (h + l - 7 * m + 114) / 31;
	int day = (h + l - 7 * m + 114) % 31 + 1;
	return wvlv_date_from_ymd(year, month, day);
}

/* The holidays, in the order in which coinciding ones are named (the order
 * of deadline.h). */
enum holiday {
	H_NIEUWJAARSDAG,
	H_GOEDE_VRIJDAG,
	H_TWEEDE_PAASDAG,
	H_KONINGSDAG,
	H_KONINGINNEDAG,
	H_BEVRIJDINGSDAG,
	H_HEMELVAARTSDAG,
	H_TWEEDE_PINKSTERDAG,
	H_EERSTE_KERSTDAG,
	H_TWEEDE_KERSTDAG,
	H_COUNT
};

#define BIT(h) (1u << (h))

static const char *const holiday_names[H_COUNT] = {
	[H_NIEUWJAARSDAG] = "Nieuwjaarsdag",
	[H_GOEDE_VRIJDAG] = "Goede Vrijdag",
	[H_TWEEDE_PAASDAG] = "Tweede Paasdag",
	[H_KONINGSDAG] = "Koningsdag",
	[H_KONINGINNEDAG] = "Koninginnedag",
	[H_BEVRIJDINGSDAG] = "Bevrijdingsdag",
	[H_HEMELVAARTSDAG] = "Hemelvaartsdag",
	[H_TWEEDE_PINKSTERDAG] = "Tweede Pinksterdag",
	[H_EERSTE_KERSTDAG] = "Eerste Kerstdag",
	[H_TWEEDE_KERSTDAG] = "Tweede Kerstdag",
};

#define EQUATED_NAME "gelijkgestelde dag"
#define EN " en "

/* The holidays that can fall on one day.  Easter lies in 22 March–25 April,
 * so Good Friday (20 March–23 April) and Easter Monday (a Monday, 23 March–
 * 26 April) meet no fixed holiday — 26 April is Koningsdag only on a
 * Saturday —, Whit Monday (11 May–14 June) none either, and Ascension Day
 * (30 April–3 June) can meet 5 May (Easter on 27 March: 1910, 2005, 2016, …)
 * and, before 2014, Koninginnedag on 30 April (Easter on 22 March: 1818, not
 * in 1900–2199).  Each combination has a fixed name, so that
 * wvlv_holiday_name can return a string literal (no buffer, thread-safe). */
static const struct { unsigned mask; const char *name; const char *with_equated; } combined[] = {
	{ BIT(H_BEVRIJDINGSDAG) | BIT(H_HEMELVAARTSDAG),
	  "Bevrijdingsdag" EN "Hemelvaartsdag",
	  "Bevrijdingsdag" EN "Hemelvaartsdag" EN EQUATED_NAME },
	{ BIT(H_KONINGINNEDAG) | BIT(H_HEMELVAARTSDAG),
	  "Koninginnedag" EN "Hemelvaartsdag",
	  "Koninginnedag" EN "Hemelvaartsdag" EN EQUATED_NAME },
};

static const char *const holiday_names_with_equated[H_COUNT] = {
	[H_NIEUWJAARSDAG] = "Nieuwjaarsdag" EN EQUATED_NAME,
	[H_GOEDE_VRIJDAG] = "Goede Vrijdag" EN EQUATED_NAME,
	[H_TWEEDE_PAASDAG] = "Tweede Paasdag" EN EQUATED_NAME,
	[H_KONINGSDAG] = "Koningsdag" EN EQUATED_NAME,
	[H_KONINGINNEDAG] = "Koninginnedag" EN EQUATED_NAME,
	[H_BEVRIJDINGSDAG] = "Bevrijdingsdag" EN EQUATED_NAME,
	[H_HEMELVAARTSDAG] = "Hemelvaartsdag" EN EQUATED_NAME,
	[H_TWEEDE_PINKSTERDAG] = "Tweede Pinksterdag" EN EQUATED_NAME,
	[H_EERSTE_KERSTDAG] = "Eerste Kerstdag" EN EQUATED_NAME,
	[H_TWEEDE_KERSTDAG] = "Tweede Kerstdag" EN EQUATED_NAME,
};

/* The generally recognised holidays on d, as a mask of BIT(enum holiday). */
static unsigned holiday_mask(wvlv_date d)
{
	if (d < wvlv_date_from_ymd(DATE_MIN_YEAR, 1, 1) ||
	    d > wvlv_date_from_ymd(DATE_MAX_YEAR, 12, 31))
		return 0;
	int y, m, day;
	wvlv_date_to_ymd(d, &y, &m, &day);
	unsigned mask = 0;

	if (m == 1 && day == 1)
		mask |= BIT(H_NIEUWJAARSDAG);
	if (m == 12 && day == 25)
		mask |= BIT(H_EERSTE_KERSTDAG);
	if (m == 12 && day == 26)
		mask |= BIT(H_TWEEDE_KERSTDAG);
	if (m == 5 && day == 5)
		mask |= BIT(H_BEVRIJDINGSDAG);
	if (y >= 2014) {
		/* Koningsdag: 27 April, or 26 April when 27 April is a Sunday. */
		int kd = wvlv_date_weekday(wvlv_date_from_ymd(y, 4, 27)) == 7 ? 26 : 27;
		if (m == 4 && day == kd)
			mask |= BIT(H_KONINGSDAG);
	} else {
		/* Koninginnedag: 30 April, or 29 April when 30 April is a Sunday. */
		int qd = wvlv_date_weekday(wvlv_date_from_ymd(y, 4, 30)) == 7 ? 29 : 30;
		if (m == 4 && day == qd)
			mask |= BIT(H_KONINGINNEDAG);
	}
	/* Easter-dependent holidays lie between 20 March and 14 June. */
	if (m >= 3 && m <= 6) {
		int32_t off = d - wvlv_easter(y);
		if (off == -2)
			mask |= BIT(H_GOEDE_VRIJDAG);
		else if (off == 1)
			mask |= BIT(H_TWEEDE_PAASDAG);
		else if (off == 39)
			mask |= BIT(H_HEMELVAARTSDAG);
		else if (off == 50)
			mask |= BIT(H_TWEEDE_PINKSTERDAG);
	}
	return mask;
}

/* The name of a non-empty holiday mask, optionally followed by
 * " en gelijkgestelde dag". */
static const char *mask_name(unsigned mask, bool equated)
{
	for (int h = 0; h < H_COUNT; h++)
		if (mask == BIT(h))
			return equated ? holiday_names_with_equated[h] : holiday_names[h];
	for (size_t i = 0; i < WVLV_COUNTOF(combined); i++)
		if (mask == combined[i].mask)
			return equated ? combined[i].with_equated : combined[i].name;
	/* Unreachable for the Gregorian calendar (see `combined`); name the
	 * first holiday rather than none. */
	for (int h = 0; h < H_COUNT; h++)
		if (mask & BIT(h))
			return equated ? holiday_names_with_equated[h] : holiday_names[h];
	return NULL;
}

static const wvlv_equated_day *find_equated(wvlv_date d, const wvlv_equated_day *equated,
					    size_t n_equated)
{
	if (!equated)
		return NULL;
	for (size_t i = 0; i < n_equated; i++)
		if (equated[i].date == d)
			return &equated[i];
	return NULL;
}

const char *wvlv_holiday_name(wvlv_date d, const wvlv_equated_day *equated, size_t n_equated)
{
	unsigned mask = holiday_mask(d);
	bool eq = find_equated(d, equated, n_equated) != NULL;
	if (mask)
		return mask_name(mask, eq);
	return eq ? EQUATED_NAME : NULL;
}

bool wvlv_is_working_day(wvlv_date d, const wvlv_equated_day *equated, size_t n_equated)
{
	int wd = wvlv_date_weekday(d);
	if (wd == 6 || wd == 7)
		return false;
	return holiday_mask(d) == 0 && find_equated(d, equated, n_equated) == NULL;
}

wvlv_status wvlv_equated_day_check(wvlv_date d, wvlv_error *err)
{
	char day[WVLV_DATE_STRLEN];
	wvlv_date_format(d, day);
	int wd = wvlv_date_weekday(d);
	if (wd == 6 || wd == 7) {
		wvlv_error_add_param(err, "date", "not-a-weekday",
				     "%s is a %s: the Atw closes it already (art. 1).", day,
				     wd == 6 ? "Saturday" : "Sunday");
		return wvlv_error_set(err, WVLV_EINVAL, "not-a-weekday",
				      "Only a weekday (Monday to Friday) can be equated with a "
				      "holiday; %s is a %s.", day, wd == 6 ? "Saturday" : "Sunday");
	}
	unsigned mask = holiday_mask(d);
	if (mask) {
		const char *name = mask_name(mask, false);
		wvlv_error_add_param(err, "date", "already-a-holiday",
				     "%s is %s, a holiday under Atw art. 3 already.", day, name);
		return wvlv_error_set(err, WVLV_EINVAL, "already-a-holiday",
				      "%s is %s, a generally recognised holiday under the Atw "
				      "already; it need not be equated.", day, name);
	}
	return WVLV_OK;
}

/* --- deadlines (Atw art. 1, 2, 4) ---------------------------------------------------- */

#define ART2_REASON "minimum 2 werkdagen (Atw art. 2)"

/* Why d is not a working day, into buf; false when it is one.  A named day
 * (holiday, equated day) is given by its name even on a weekend. */
static bool non_working_reason(wvlv_date d, const wvlv_equated_day *equated, size_t n_equated,
			       char *buf, size_t size)
{
	unsigned mask = holiday_mask(d);
	const wvlv_equated_day *eq = find_equated(d, equated, n_equated);
	int wd = wvlv_date_weekday(d);
	if (eq) {
		const char *ref = eq->reference && eq->reference[0] ? eq->reference : NULL;
		const char *prefix = mask ? mask_name(mask, false) : "";
		snprintf(buf, size, "%s%s" EQUATED_NAME "%s%s%s", prefix, mask ? EN : "",
			 ref ? " (" : "", ref ? ref : "", ref ? ")" : "");
		return true;
	}
	if (mask) {
		snprintf(buf, size, "%s", mask_name(mask, false));
		return true;
	}
	if (wd == 6 || wd == 7) {
		snprintf(buf, size, "%s", wd == 6 ? "Saturday" : "Sunday");
		return true;
	}
	return false;
}

/* Limits on a term's length that keep every date within years 1..9999. */
static bool term_length_ok(const wvlv_term *term)
{
	if (term->length < 1)
		return false;
	switch (term->unit) {
	case WVLV_UNIT_DAYS:   return term->length <= 36525;
	case WVLV_UNIT_WEEKS:  return term->length <= 5218;
	case WVLV_UNIT_MONTHS: return term->length <= 1200;
	case WVLV_UNIT_YEARS:  return term->length <= 100;
	}
	return false;
}

/* The raw end of a term after day `from` (not counted); months end on the same
 * day number, or the month's last day when it is shorter (as the year rule
 * does for 29 February). */
static wvlv_date raw_end_of(const wvlv_term *term, wvlv_date from)
{
	switch (term->unit) {
	case WVLV_UNIT_DAYS:   return from + term->length;
	case WVLV_UNIT_WEEKS:  return from + 7 * term->length;
	case WVLV_UNIT_MONTHS: return wvlv_date_months_after(from, term->length);
	case WVLV_UNIT_YEARS:  return wvlv_date_years_after(from, term->length);
	}
	return WVLV_DATE_NONE;
}

static bool push_moved(wvlv_deadline *dl, wvlv_date d, const char *reason)
{
	if (dl->n_moved >= WVLV_MAX_MOVED)
		return false;
	wvlv_moved_past *mp = &dl->moved[dl->n_moved++];
	mp->date = d;
	snprintf(mp->reason, sizeof(mp->reason), "%s", reason);
	return true;
}

static wvlv_status too_far(wvlv_deadline *dl, wvlv_error *err)
{
	char buf[WVLV_DATE_STRLEN];
	return wvlv_error_set(err, WVLV_ECONFLICT, "deadline-moved-too-far",
			      "The deadline after %s would move past more than %d consecutive days "
			      "that are not working days; check the equated days.",
			      wvlv_date_format(dl->raw_end, buf), WVLV_MAX_MOVED);
}

wvlv_status wvlv_deadline_compute(const wvlv_term *term, wvlv_date from,
				  const wvlv_equated_day *equated, size_t n_equated,
				  wvlv_deadline *out, wvlv_error *err)
{
	if (!term || !out || !term_length_ok(term))
		return wvlv_error_set(err, WVLV_EINVAL, "invalid-term",
				      "The term is missing or its length is out of range.");
	/* deadlines are computed for an event in these years (issue 4) */
	if (from < wvlv_date_from_ymd(WVLV_YEAR_MIN, 1, 1) ||
	    from > wvlv_date_from_ymd(WVLV_YEAR_MAX, 12, 31)) {
		char buf[WVLV_DATE_STRLEN];
		wvlv_error_set(err, WVLV_EINVAL, "date-out-of-range",
			       "Deadlines are computed for dates from %d to %d.", WVLV_YEAR_MIN,
			       WVLV_YEAR_MAX);
		wvlv_error_add_param(err, "from", "date-out-of-range",
				     "\"%s\" is not between %d-01-01 and %d-12-31.",
				     wvlv_date_format(from, buf), WVLV_YEAR_MIN, WVLV_YEAR_MAX);
		return WVLV_EINVAL;
	}
	if (n_equated > 0 && !equated)
		n_equated = 0;

	wvlv_deadline dl;
	memset(&dl, 0, sizeof(dl));
	dl.term = term;
	dl.from = from;
	dl.raw_end = raw_end_of(term, from);
	dl.deadline = dl.raw_end;
	dl.n_moved = 0;

	if (term->atw && wvlv_atw_applies(term->length, term->unit)) {
		char reason[sizeof(dl.moved[0].reason)];
		/* Art. 1: a last day that is a Saturday, Sunday, holiday or equated
		 * day moves to the next day that is none of these. */
		while (non_working_reason(dl.deadline, equated, n_equated, reason, sizeof(reason))) {
			if (!push_moved(&dl, dl.deadline, reason))
				return too_far(&dl, err);
			dl.deadline++;
		}
		/* Art. 2: a term of at least 3 days contains at least 2 working
		 * days (from + 1 through the deadline, which is a working day now). */
		if (dl.raw_end - from >= 3) {
			int working = 0;
			for (wvlv_date x = from + 1; x <= dl.deadline && working < 2; x++)
				working += wvlv_is_working_day(x, equated, n_equated);
			while (working < 2) {
				if (!non_working_reason(dl.deadline, equated, n_equated, reason,
							sizeof(reason)))
					snprintf(reason, sizeof(reason), "%s", ART2_REASON);
				if (!push_moved(&dl, dl.deadline, reason))
					return too_far(&dl, err);
				dl.deadline++;
				working += wvlv_is_working_day(dl.deadline, equated, n_equated);
			}
		}
	}
	*out = dl;
	return WVLV_OK;
}

wvlv_status wvlv_deadline_explain_stored(const wvlv_term *term, wvlv_date from, wvlv_date stored,
					 const wvlv_equated_day *equated, size_t n_equated,
					 wvlv_deadline *out, wvlv_error *err)
{
	wvlv_status st = wvlv_deadline_compute(term, from, equated, n_equated, out, err);
	if (st != WVLV_OK)
		return st;
	/* An equated day removed after the deadline moved never moves it back. */
	for (wvlv_date d = out->deadline; stored != WVLV_DATE_NONE && d < stored &&
					  out->n_moved < WVLV_MAX_MOVED; d++) {
		wvlv_moved_past *m = &out->moved[out->n_moved++];
		const char *reason = "eerder verschoven; een termijn wordt nooit vervroegd";
		if (!wvlv_is_working_day(d, equated, n_equated)) {
			reason = wvlv_holiday_name(d, equated, n_equated);
			if (!reason)
				reason = wvlv_date_weekday(d) == 6 ? "Saturday" : "Sunday";
		}
		m->date = d;
		snprintf(m->reason, sizeof(m->reason), "%s", reason);
	}
	if (stored != WVLV_DATE_NONE && stored > out->deadline)
		out->deadline = stored;
	return WVLV_OK;
}
