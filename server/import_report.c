/* import_report.c — the progress bar and the report of `wvlv import`
 * (import_report.h). */
#include "import_report.h"

#include <string.h>
#include <time.h>

#include "wvlv/offer.h"

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void import_progress_init(import_progress *p, bool tty)
{
	*p = (import_progress){ .tty = tty };
}

void import_progress_start(import_progress *p, const char *what, size_t total)
{
	p->what = what;
	p->total = total;
	p->started = now_seconds();
	p->drawn = 0;
}

void import_progress_show(void *cls, size_t done, size_t total)
{
	import_progress *p = cls;
	if (!p->tty)
		return;
	double t = now_seconds();
	if (done < total && t - p->drawn < 0.1)
		return;
	p->drawn = t;
	double elapsed = t - p->started, rate = elapsed > 0 ? (double)done / elapsed : 0;
	long left = rate > 0 ? (long)((double)(total - done) / rate + 0.5) : 0;
	int width = 30, filled = total ? (int)((double)width * (double)done / (double)total) : width;
	char bar[64];
	for (int i = 0; i < width; i++)
		bar[i] = i < filled ? '#' : '.';
	bar[width] = '\0';
	fprintf(stderr, "\r%s [%s] %zu/%zu  %.0f/s  %ld:%02ld left ", p->what, bar, done, total,
		rate, left / 60, left % 60);
	fflush(stderr);
}

void import_progress_end(import_progress *p)
{
	if (p->tty && p->what)
		fputs("\n", stderr);
}

static const char *field_label(import_reader *r, bool offers, const char *param)
{
	return import_field_label(r, param, offers ? import_offer_field
						   : import_designation_field);
}

static void print_counts(FILE *out, bool offers, const wvlv_import_report *rep)
{
	if (!offers) {
		fprintf(out, "%ld designation%s, %ld extension%s, %ld withdrawn\n", rep->imported,
			rep->imported == 1 ? "" : "s", rep->extensions,
			rep->extensions == 1 ? "" : "s", rep->withdrawn);
		return;
	}
	fprintf(out, "%ld offer%s with %ld event%s; lapsed on the way %ld, released on the way "
		"%ld; open now %ld\n", rep->imported, rep->imported == 1 ? "" : "s", rep->events,
		rep->events == 1 ? "" : "s", rep->lapsed, rep->released, rep->open);
	fputs("by status:", out);
	for (int s = WVLV_OFFER_RECEIVED; s <= WVLV_OFFER_EXEMPT; s++)
		if (rep->by_status[s])
			fprintf(out, " %s %ld", wvlv_offer_status_name((wvlv_offer_status)s),
				rep->by_status[s]);
	fputs("\n", out);
}

void import_report_print(FILE *out, bool offers, bool dry_run, const char *file, size_t records,
			 const wvlv_import_report *rep, import_reader *r)
{
	const char *what = offers ? "offers" : "designations";
	if (rep->nrefusals == 0) {
		fprintf(out, "%s: %s %s: ", file, dry_run ? "would import (dry run, nothing written)"
							  : "imported", what);
		print_counts(out, offers, rep);
		return;
	}
	fprintf(out, "%s: refused, nothing written: %zu refusal%s in %zu record%s\n", file,
		rep->nrefusals, rep->nrefusals == 1 ? "" : "s", records, records == 1 ? "" : "s");
	int wf = 5, wi = 7;
	for (size_t i = 0; i < rep->nrefusals; i++) {
		const wvlv_import_refusal *x = &rep->refusals[i];
		int n = (int)strlen(field_label(r, offers, x->field));
		wf = n > wf ? (n < 40 ? n : 40) : wf;
		n = x->origin.feature_id ? (int)strlen(x->origin.feature_id) : 1;
		wi = n > wi ? (n < 20 ? n : 20) : wi;
	}
	fprintf(out, "%6s  %-*s  %-*s  %s\n", "record", wi, "feature", wf, "field", "reason");
	for (size_t i = 0; i < rep->nrefusals; i++) {
		const wvlv_import_refusal *x = &rep->refusals[i];
		fprintf(out, "%6ld  %-*s  %-*s  %s\n", x->origin.record, wi,
			x->origin.feature_id ? x->origin.feature_id : "-", wf,
			*x->field ? field_label(r, offers, x->field) : "-", x->reason);
	}
}

/* A CSV field: quoted when it holds a comma, a quote or a line break. */
static void csv_field(FILE *f, const char *s, bool last)
{
	if (strpbrk(s, ",\"\r\n")) {
		fputc('"', f);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', f);
			fputc(*s, f);
		}
		fputc('"', f);
	} else {
		fputs(s, f);
	}
	fputc(last ? '\n' : ',', f);
}

bool import_report_csv(const char *path, const wvlv_import_report *rep, import_reader *r)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "wvlv import: cannot write the report %s\n", path);
		return false;
	}
	bool offers = r->fields.names == import_offer_fields;
	fputs("record,featureId,field,code,reason\n", f);
	for (size_t i = 0; i < rep->nrefusals; i++) {
		const wvlv_import_refusal *x = &rep->refusals[i];
		char no[24];
		snprintf(no, sizeof(no), "%ld", x->origin.record);
		csv_field(f, no, false);
		csv_field(f, x->origin.feature_id ? x->origin.feature_id : "", false);
		csv_field(f, *x->field ? field_label(r, offers, x->field) : "", false);
		csv_field(f, x->code, false);
		csv_field(f, x->reason, true);
	}
	if (fclose(f) != 0) {
		fprintf(stderr, "wvlv import: cannot write the report %s\n", path);
		return false;
	}
	return true;
}
