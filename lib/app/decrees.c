/* decrees.c — loading a Royal Decree of equated days, and listing what is
 * loaded (see app_decrees.h). */
#include "wvlv/app_decrees.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "job.h"
#include "offers.h"
#include "wvlv/store_decrees.h"
#include "wvlv/store_deadlines.h"

#define OPERATOR "wvlv equated-days import"

/* The faults found so far; room for every fault a line can have. */
typedef struct faults {
	wvlv_arena             *arena;
	wvlv_app_decree_report *rep;
	size_t                  cap;
} faults;

static void fault(faults *f, int line, const char *fmt, ...) WVLV_PRINTF(3, 4);
static void fault(faults *f, int line, const char *fmt, ...)
{
	if (f->rep->nfaults >= f->cap)
		return;
	char reason[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	f->rep->faults[f->rep->nfaults++] =
		(wvlv_app_decree_fault){ .line = line, .reason = wvlv_arena_strdup(f->arena, reason) };
}

static const wvlv_equated_day *find_day(const wvlv_equated_day *eq, size_t neq, wvlv_date d)
{
	for (size_t i = 0; i < neq; i++)
		if (eq[i].date == d)
			return &eq[i];
	return NULL;
}

static void check_reference(faults *f, const wvlv_app_decree_day *d)
{
	size_t len = d->reference ? strlen(d->reference) : 0;
	if (len == 0)
		fault(f, d->line, "the reference is empty: name the decree and its publication");
	else if (len > WVLV_DECREE_REFERENCE_MAX)
		fault(f, d->line, "the reference is %zu bytes long; at most %d", len,
		      WVLV_DECREE_REFERENCE_MAX);
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)d->reference[i] < 0x20 || d->reference[i] == 0x7f) {
			fault(f, d->line, "the reference contains a control character");
			break;
		}
}

/* Every reason day i of the file cannot be taken. */
static void check_day(faults *f, const wvlv_app_decree_file *in, size_t i,
		      const wvlv_equated_day *eq, size_t neq)
{
	const wvlv_app_decree_day *d = &in->days[i];
	char day[WVLV_DATE_STRLEN];
	int y, m, dd;
	wvlv_date_format(d->date, day);
	wvlv_date_to_ymd(d->date, &y, &m, &dd);
	wvlv_error why;
	wvlv_error_clear(&why);
	if (y < WVLV_YEAR_MIN || y > WVLV_YEAR_MAX)
		fault(f, d->line, "%s lies outside the years %d to %d", day, WVLV_YEAR_MIN,
		      WVLV_YEAR_MAX);
	else if (wvlv_equated_day_check(d->date, &why) != WVLV_OK)
		fault(f, d->line, "%s", why.nparams ? why.params[0].reason : why.detail);
	if (in->covers_from && (y < in->covers_from || y > in->covers_to))
		fault(f, d->line, "%s lies outside the years the decree covers (%d-%d)", day,
		      in->covers_from, in->covers_to);
	check_reference(f, d);
	for (size_t j = 0; j < i; j++)
		if (in->days[j].date == d->date) {
			fault(f, d->line, "%s is on line %d already", day, in->days[j].line);
			break;
		}
	const wvlv_equated_day *there = find_day(eq, neq, d->date);
	if (there && d->reference && strcmp(there->reference, d->reference) != 0)
		fault(f, d->line, "%s is equated already, with the reference \"%s\"", day,
		      there->reference);
}

/* Record the years the decree covers: --covers, or the years of its days. */
static wvlv_status record_years(wvlv_db *db, wvlv_arena *arena, const wvlv_app_decree_file *in,
				wvlv_app_decree_report *rep, wvlv_error *err)
{
	bool seen[WVLV_YEAR_MAX - WVLV_YEAR_MIN + 1] = { false };
	for (size_t i = 0; i < in->n; i++) {
		int y, m, d;
		wvlv_date_to_ymd(in->days[i].date, &y, &m, &d);
		seen[y - WVLV_YEAR_MIN] = true;
	}
	if (in->covers_from)
		for (int y = in->covers_from; y <= in->covers_to; y++)
			seen[y - WVLV_YEAR_MIN] = true;
	rep->years = wvlv_arena_alloc(arena, sizeof(seen) / sizeof(seen[0]) * sizeof(int));
	rep->nyears = 0;
	for (int y = WVLV_YEAR_MIN; y <= WVLV_YEAR_MAX; y++) {
		if (!seen[y - WVLV_YEAR_MIN])
			continue;
		bool added;
		wvlv_status st = wvlv_store_decree_year_add(db, y, in->days[0].reference, &added, err);
		if (st != WVLV_OK)
			return st;
		added ? rep->years_added++ : rep->years_present++;
		rep->years[rep->nyears++] = y;
	}
	return WVLV_OK;
}

/* Add each day (or move the deadlines of one that is there), then the years. */
static wvlv_status apply_days(wvlv_db *db, wvlv_arena *arena, const wvlv_caller *op,
			      const wvlv_app_decree_file *in, const wvlv_equated_day *eq,
			      size_t neq, wvlv_app_decree_report *rep, wvlv_error *err)
{
	wvlv_date today = wvlv_date_today_amsterdam();
	for (size_t i = 0; i < in->n; i++) {
		const wvlv_app_decree_day *d = &in->days[i];
		int moved = 0;
		bool there = find_day(eq, neq, d->date) != NULL;
		wvlv_status st =
			there ? wvlv_offers_equated_move(db, arena, op, d->date, d->reference, today,
							 &moved, NULL, err)
			      : wvlv_offers_equated_add(db, arena, op, d->date, d->reference, today,
							&moved, NULL, err);
		if (st != WVLV_OK) {
			char day[WVLV_DATE_STRLEN], detail[sizeof(err->detail)];
			memcpy(detail, err->detail, sizeof(detail));
			int k = snprintf(err->detail, sizeof(err->detail), "line %d (%s): ", d->line,
					 wvlv_date_format(d->date, day));
			if (k > 0 && (size_t)k < sizeof(err->detail))
				memcpy(err->detail + k, detail, sizeof(err->detail) - (size_t)k - 1);
			err->detail[sizeof(err->detail) - 1] = '\0';
			return st;
		}
		there ? rep->present++ : rep->added++;
		rep->moved += moved;
	}
	return record_years(db, arena, in, rep, err);
}

static wvlv_caller operator_caller(void)
{
	wvlv_caller c = { .national = true, .role = WVLV_ROLE_ADMIN };
	snprintf(c.label, sizeof(c.label), "%s", OPERATOR);
	snprintf(c.request_id, sizeof(c.request_id), "%s", OPERATOR);
	return c;
}

/* Inside the import's transaction: check every line, then apply. */
static wvlv_status import_in(wvlv_db *db, wvlv_arena *arena, const wvlv_caller *op,
			     const wvlv_app_decree_file *in, wvlv_app_decree_report *rep,
			     wvlv_error *err)
{
	wvlv_equated_day *eq;
	size_t neq;
	wvlv_status st = wvlv_store_equated_list(db, arena, &eq, &neq, err);
	if (st != WVLV_OK)
		return st;
	faults f = { .arena = arena, .rep = rep, .cap = 8 * in->n };
	rep->faults = wvlv_arena_alloc(arena, f.cap * sizeof(*rep->faults));
	for (size_t i = 0; i < in->n; i++)
		check_day(&f, in, i, eq, neq);
	if (rep->nfaults)
		return wvlv_error_set(err, WVLV_EINVAL, "decree-refused",
				      "%zu line%s refused; nothing was changed", rep->nfaults,
				      rep->nfaults == 1 ? "" : "s");
	return apply_days(db, arena, op, in, eq, neq, rep, err);
}

wvlv_status wvlv_app_decree_import(const wvlv_app_config *cfg, wvlv_arena *arena,
				   const wvlv_app_decree_file *in,
				   wvlv_app_decree_report *report, wvlv_error *err)
{
	*report = (wvlv_app_decree_report){ 0 };
	if (in->n == 0)
		return wvlv_error_set(err, WVLV_EINVAL, "decree-empty",
				      "the file holds no day (lines date,reference)");
	if (in->covers_from && (in->covers_from < WVLV_YEAR_MIN || in->covers_to > WVLV_YEAR_MAX ||
				in->covers_from > in->covers_to))
		return wvlv_error_set(err, WVLV_EINVAL, "decree-years",
				      "the years covered must be FROM-TO within 1900-2199");
	wvlv_caller op = operator_caller();
	wvlv_db *db = NULL;
	wvlv_status st = app_connect(cfg, NULL, false, &db, err);
	if (st == WVLV_OK && (st = app_begin(db, &op, false, err)) == WVLV_OK)
		st = app_end(db, import_in(db, arena, &op, in, report, err), err);
	if (st != WVLV_OK) {
		report->added = report->present = report->moved = 0;
		report->years_added = report->years_present = 0;
	}
	wvlv_db_close(db);
	return st;
}

wvlv_status wvlv_app_decree_list(const wvlv_app_config *cfg, wvlv_arena *arena,
				 wvlv_equated_day **days, size_t *ndays, int **years,
				 size_t *nyears, wvlv_error *err)
{
	wvlv_caller op = operator_caller();
	wvlv_db *db = NULL;
	wvlv_status st = app_connect(cfg, NULL, false, &db, err);
	if (st == WVLV_OK && (st = app_begin(db, &op, true, err)) == WVLV_OK) {
		st = wvlv_store_equated_list(db, arena, days, ndays, err);
		if (st == WVLV_OK)
			st = wvlv_store_decree_years(db, arena, years, nyears, err);
		st = app_end(db, st, err);
	}
	wvlv_db_close(db);
	return st;
}
