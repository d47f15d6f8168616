/* import_report.h — what `wvlv import` shows: a progress bar on a terminal
 * (records done / total, rate, time left, on stderr), and at the end what was
 * imported and a table of refusals (stdout), also as CSV (--report). */
#ifndef WVLV_SERVER_IMPORT_REPORT_H
#define WVLV_SERVER_IMPORT_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "import_read.h"

typedef struct import_progress {
	bool        tty;      /* draw at all */
	const char *what;
	size_t      total;
	double      started, drawn;
} import_progress;

void import_progress_init(import_progress *p, bool tty);
void import_progress_start(import_progress *p, const char *what, size_t total);
/* The use case's progress callback (cls: an import_progress). */
void import_progress_show(void *cls, size_t done, size_t total);
void import_progress_end(import_progress *p);

/* The closing report: counts, then the refusals as a table. */
void import_report_print(FILE *out, bool offers, bool dry_run, const char *file, size_t records,
			 const wvlv_import_report *rep, import_reader *r);
/* The refusals as CSV into path (a header line first); false after saying on
 * stderr why it could not be written. */
bool import_report_csv(const char *path, const wvlv_import_report *rep, import_reader *r);

#endif
