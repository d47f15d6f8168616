/* alerts.c — the rules of the nightly alert job: which alert a deadline gives
 * on a night, its threshold, its text and JSON; and the cut-off day of the
 * retention of personal data (see alerts.h).  Pure functions, no I/O. */
#include "wvlv/alerts.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "wvlv/designation.h"


static const char *const kind_names[] = {
	"response-approaching", "filing-approaching", "response-missed", "filing-missed",
	"designation-ending", "decree-missing", "decision-recorded-late",
};
_Static_assert(WVLV_COUNTOF(kind_names) ==
		       WVLV_ALERT_DECISION_RECORDED_LATE - WVLV_ALERT_RESPONSE_APPROACHING + 1,
	       "one name per alert kind");

const wvlv_enum wvlv_alert_kind_enum = WVLV_ENUM_TABLE(kind_names, WVLV_ALERT_RESPONSE_APPROACHING);

WVLV_ENUM_FUNCTIONS(wvlv_alert_kind, wvlv_alert_kind_name, wvlv_alert_kind_parse,
		    wvlv_alert_kind_enum)

/* The fixed thresholds, largest first; the approaching kinds add N. */
static const int approaching_thresholds[] = { 5, 2, 1, 0 };
static const int designation_thresholds[] = { WVLV_ALERT_DESIGNATION_WINDOW, 90, 30, 7, 0 };

bool wvlv_alert_kind_is_missed(wvlv_alert_kind kind)
{
	return kind == WVLV_ALERT_RESPONSE_MISSED || kind == WVLV_ALERT_FILING_MISSED;
}

static bool is_approaching(wvlv_alert_kind kind)
{
	return kind == WVLV_ALERT_RESPONSE_APPROACHING || kind == WVLV_ALERT_FILING_APPROACHING;
}

size_t wvlv_alert_thresholds(wvlv_alert_kind kind, int within_days,
			     int out[WVLV_ALERT_MAX_THRESHOLDS])
{
	size_t n = 0;
	if (is_approaching(kind)) {
		if (within_days < 0 || within_days > WVLV_ALERT_WITHIN_MAX)
			return 0;
		out[n++] = within_days;
		for (size_t i = 0; i < WVLV_COUNTOF(approaching_thresholds); i++)
			if (approaching_thresholds[i] < within_days)
				out[n++] = approaching_thresholds[i];
	} else if (wvlv_alert_kind_is_missed(kind) || kind == WVLV_ALERT_DECREE_MISSING ||
		   kind == WVLV_ALERT_DECISION_RECORDED_LATE) {
		out[n++] = 0;
	} else if (kind == WVLV_ALERT_DESIGNATION_ENDING) {
		for (size_t i = 0; i < WVLV_COUNTOF(designation_thresholds); i++)
			out[n++] = designation_thresholds[i];
	}
	return n;
}

int wvlv_alert_threshold(wvlv_alert_kind kind, int days_left, int within_days)
{
	if (wvlv_alert_kind_is_missed(kind))
		return days_left < 0 ? 0 : -1;
	int t[WVLV_ALERT_MAX_THRESHOLDS];
	size_t n = wvlv_alert_thresholds(kind, within_days, t);
	if (n == 0 || days_left < 0 || days_left > t[0])
		return -1;
	/* largest first: the last one that is still >= days_left */
	int best = t[0];
	for (size_t i = 1; i < n && t[i] >= days_left; i++)
		best = t[i];
	return best;
}

bool wvlv_alert_due(wvlv_deadline_kind deadline, wvlv_date date, wvlv_date today,
		    int within_days, wvlv_alert_kind *kind, int *threshold)
{
	if (date == WVLV_DATE_NONE || today == WVLV_DATE_NONE)
		return false;
	long left = (long)date - (long)today;
	if (left < -100000 || left > 100000)
		return false;
	int d = (int)left;
	wvlv_alert_kind k;
	switch (deadline) {
	case WVLV_DL_RESPONSE:
		k = d < 0 ? WVLV_ALERT_RESPONSE_MISSED : WVLV_ALERT_RESPONSE_APPROACHING;
		break;
	case WVLV_DL_COURT_FILING:
		k = d < 0 ? WVLV_ALERT_FILING_MISSED : WVLV_ALERT_FILING_APPROACHING;
		break;
	case WVLV_DL_DESIGNATION_END:
		k = WVLV_ALERT_DESIGNATION_ENDING;
		break;
	default:
		return false;
	}
	int t = wvlv_alert_threshold(k, d, within_days);
	if (t < 0)
		return false;
	*kind = k;
	*threshold = t;
	return true;
}

wvlv_extension_outlook wvlv_alert_extension_outlook(wvlv_date designated_from, wvlv_date last_end,
						    int n_periods, wvlv_date *cap_date,
						    int *extensions_left)
{
	wvlv_date cap = wvlv_designation_cap_date(designated_from);
	int left = WVLV_MAX_PERIODS - (n_periods < 1 ? 1 : n_periods);
	*cap_date = cap;
	*extensions_left = left < 0 ? 0 : left;
	if (last_end >= cap)
		return WVLV_EXTENSION_CAP_REACHED;
	if (left <= 0)
		return WVLV_EXTENSION_EXHAUSTED;
	return WVLV_EXTENSION_POSSIBLE;
}

/* ---- text ---------------------------------------------------------------------------- */

typedef struct line {
	char  *buf;
	size_t size;
	size_t len;
} line;

static void put(line *l, const char *fmt, ...) WVLV_PRINTF(2, 3);

static void put(line *l, const char *fmt, ...)
{
	if (l->len + 1 >= l->size)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(l->buf + l->len, l->size - l->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	l->len += (size_t)n;
	if (l->len >= l->size)
		l->len = l->size - 1;
}

/* A name in double quotes, on one line whatever it holds. */
static void put_quoted(line *l, const char *s)
{
	put(l, "\"");
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		if (*p == '"' || *p == '\\')
			put(l, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			put(l, "\\u%04x", *p);
		else
			put(l, "%c", *p);
	}
	put(l, "\"");
}

static void put_days_left(line *l, int d)
{
	if (d == 0)
		put(l, " (today is the last day)");
	else
		put(l, " (%d day%s left)", d, d == 1 ? "" : "s");
}

char *wvlv_alert_text(const wvlv_alert *a, char *buf, size_t size)
{
	if (!buf || size == 0)
		return buf;
	buf[0] = '\0';
	line l = { .buf = buf, .size = size, .len = 0 };
	char today[WVLV_DATE_STRLEN], date[WVLV_DATE_STRLEN], other[WVLV_DATE_STRLEN];
	const char *kind = wvlv_alert_kind_name(a->kind);
	put(&l, "%s %s %s", wvlv_date_format(a->today, today), kind ? kind : "alert",
	    a->municipality_code ? a->municipality_code : "");
	if (a->kind != WVLV_ALERT_DECREE_MISSING) {
		put(&l, " ");
		put_quoted(&l, a->designation_name);
	}
	wvlv_date_format(a->date, date);
	bool has_free = a->free_to_sell_until != WVLV_DATE_NONE;
	if (has_free)
		wvlv_date_format(a->free_to_sell_until, other);
	switch (a->kind) {
	case WVLV_ALERT_RESPONSE_APPROACHING:
	case WVLV_ALERT_FILING_APPROACHING:
		put(&l, " offer %s %s deadline %s", a->sale_notification_id ? a->sale_notification_id : "",
		    a->kind == WVLV_ALERT_RESPONSE_APPROACHING ? "response" : "court filing", date);
		put_days_left(&l, a->days_left);
		break;
	case WVLV_ALERT_RESPONSE_MISSED:
	case WVLV_ALERT_FILING_MISSED: {
		bool response = a->kind == WVLV_ALERT_RESPONSE_MISSED;
		const char *state = response ? "lapsed" : "released";
		put(&l, " offer %s %s deadline %s passed %s: ",
		    a->sale_notification_id ? a->sale_notification_id : "",
		    response ? "response" : "court filing", date,
		    response ? "without a decision" : "unfiled");
		if (a->dry_run)
			put(&l, "would be marked %s (dry run)", state);
		else
			put(&l, "%s", state);
		if (has_free)
			put(&l, ", the owner %s free to sell until %s", a->dry_run ? "would be" : "is",
			    other);
		break;
	}
	case WVLV_ALERT_DECISION_RECORDED_LATE:
		wvlv_date_format(a->decided_on, other);
		put(&l, " offer %s decision dated %s, within the response deadline %s, was recorded "
		    "on ", a->sale_notification_id ? a->sale_notification_id : "", other, date);
		put(&l, "%s, after the deadline: check that it was sent in time",
		    wvlv_date_format(a->recorded_on, other));
		break;
	case WVLV_ALERT_DESIGNATION_ENDING:
		put(&l, " designation %s ends %s", a->designation_id ? a->designation_id : "", date);
		put_days_left(&l, a->days_left);
		wvlv_date_format(a->cap_date, other);
		if (a->outlook == WVLV_EXTENSION_POSSIBLE)
			put(&l, "; an extension is possible (%d of %d extensions left, up to the cap date %s)",
			    a->extensions_left, WVLV_MAX_EXTENSIONS, other);
		else if (a->outlook == WVLV_EXTENSION_EXHAUSTED)
			put(&l, "; no extension possible: all %d extensions are used (cap date %s)",
			    WVLV_MAX_EXTENSIONS, other);
		else
			put(&l, "; no extension possible: the 20-year cap date %s is reached", other);
		break;
	case WVLV_ALERT_DECREE_MISSING:
		put(&l, " no decree loaded for %d: check the Staatscourant (%d open deadline%s in %d,"
		    " the first %s)", a->year, a->deadlines, a->deadlines == 1 ? "" : "s", a->year,
		    date);
		break;
	}
	return buf;
}

/* ---- JSON ---------------------------------------------------------------------------- */

static json_t *date_or_null(wvlv_date d)
{
	char buf[WVLV_DATE_STRLEN];
	return d == WVLV_DATE_NONE ? json_null() : json_string(wvlv_date_format(d, buf));
}

static json_t *string_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *wvlv_alert_json(const wvlv_alert *a)
{
	char text[WVLV_ALERT_TEXT_MAX];
	const char *kind = wvlv_alert_kind_name(a->kind);
	json_t *o = json_object();
	if (!o)
		return NULL;
	json_object_set_new(o, "kind", string_or_null(kind));
	json_object_set_new(o, "municipalityCode", string_or_null(a->municipality_code));
	json_object_set_new(o, "designationId", string_or_null(a->designation_id));
	json_object_set_new(o, "designationName", string_or_null(a->designation_name));
	json_object_set_new(o, "saleNotificationId", string_or_null(a->sale_notification_id));
	json_object_set_new(o, "date", date_or_null(a->date));
	json_object_set_new(o, "daysLeft", json_integer(a->days_left));
	json_object_set_new(o, "threshold", json_integer(a->threshold));
	if (wvlv_alert_kind_is_missed(a->kind)) {
		json_object_set_new(o, "status", json_string(a->kind == WVLV_ALERT_RESPONSE_MISSED
								     ? "lapsed"
								     : "released"));
		json_object_set_new(o, "freeToSellUntil", date_or_null(a->free_to_sell_until));
	}
	if (a->kind == WVLV_ALERT_DESIGNATION_ENDING) {
		json_object_set_new(o, "extensionPossible",
				    json_boolean(a->outlook == WVLV_EXTENSION_POSSIBLE));
		json_object_set_new(o, "reason",
				    a->outlook == WVLV_EXTENSION_CAP_REACHED
					    ? json_string("cap-date-reached")
				    : a->outlook == WVLV_EXTENSION_EXHAUSTED
					    ? json_string("extensions-exhausted")
					    : json_null());
		json_object_set_new(o, "capDate", date_or_null(a->cap_date));
		json_object_set_new(o, "extensionsLeft", json_integer(a->extensions_left));
	}
	if (a->kind == WVLV_ALERT_DECREE_MISSING) {
		json_object_set_new(o, "year", json_integer(a->year));
		json_object_set_new(o, "openDeadlines", json_integer(a->deadlines));
	}
	if (a->kind == WVLV_ALERT_DECISION_RECORDED_LATE) {
		json_object_set_new(o, "decidedOn", date_or_null(a->decided_on));
		json_object_set_new(o, "recordedOn", date_or_null(a->recorded_on));
	}
	json_object_set_new(o, "today", date_or_null(a->today));
	if (a->dry_run)
		json_object_set_new(o, "dryRun", json_true());
	json_object_set_new(o, "text", json_string(wvlv_alert_text(a, text, sizeof(text))));
	return o;
}

/* ---- retention ------------------------------------------------------------------------ */

bool wvlv_retention_parse(const char *s, wvlv_retention *out)
{
	if (!s || !*s)
		return false;
	long n = 0;
	const char *p = s;
	if (*p < '1' || *p > '9')
		return false;
	for (; *p >= '0' && *p <= '9'; p++) {
		n = n * 10 + (*p - '0');
		if (n > 36500)
			return false;
	}
	if (p[0] == '\0' || p[1] != '\0')
		return false;
	long max;
	switch (*p) {
	case 'y': max = 100; break;
	case 'm': max = 1200; break;
	case 'd': max = 36500; break;
	default: return false;
	}
	if (n > max)
		return false;
	out->n = (int)n;
	out->unit = (wvlv_retention_unit)*p;
	return true;
}

/* year/month/day back by `months`, the day clamped to the month's length */
wvlv_date wvlv_retention_cutoff(wvlv_date today, const wvlv_retention *r)
{
	switch (r->unit) {
	case WVLV_RETENTION_YEARS:
		return wvlv_date_months_after(today, -r->n * 12);
	case WVLV_RETENTION_MONTHS:
		return wvlv_date_months_after(today, -r->n);
	case WVLV_RETENTION_DAYS:
		return today - r->n;
	}
	return today;
}

wvlv_date wvlv_retention_closing_day(wvlv_date received_on, wvlv_date last_event_on)
{
	return last_event_on != WVLV_DATE_NONE ? last_event_on : received_on;
}
