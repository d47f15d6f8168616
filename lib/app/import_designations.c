/* import_designations.c — designations from a municipality's own file, all
 * or nothing (app_import.h).
 *
 * The API checks and writes a designation in about fourteen statements
 * (lib/app/registry.c); a file of ten thousand would take minutes.  Here
 * every record gets the same rules in the same order, but the database's
 * part is set-based (lib/store/designation_import.c): the pure rules of
 * lib/domain first (first period, extensions, withdrawal), to know each
 * record's final state; the records staged in one statement; the geometry
 * check of the API over all of them in one statement, each row judged by the
 * API's verdict; the overlaps of each record with the register and with the
 * file's earlier records in one query; then, record by record in the file's
 * order and in C, the API's sequence — first period, geometry, place cap,
 * each extension with its place cap, withdrawal — where a refused record, as
 * in the API's path, does not count for the place cap of later ones.  With
 * no refusal the designations, their periods and the audit rows of every
 * write the API would have made are written in three statements.  Should one
 * of those fail, the transaction goes back to before them and the records
 * run the API's own path, one by one, so the failure is told for its record.
 */
#include "import.h"

#include <stdio.h>
#include <string.h>

#include "job.h"
#include "registry.h"
#include "wvlv/store_designation_import.h"

#define BULK_SAVEPOINT "wvlv_import_bulk"

typedef struct designation_step {
	const wvlv_caller             *caller;
	const wvlv_import_designation *rec;
	wvlv_import_report            *rep;
} designation_step;

/* The fields of a refused extension or withdrawal as the file names them:
 * "extensions" with the extension's number ("extensions[2].end"), or
 * "withdrawnOn" for a withdrawal's day. */
static void name_params(wvlv_error *err, const char *field, size_t number)
{
	if (err->nparams == 0) {
		wvlv_error_add_param(err, field, err->code, "%s", err->detail);
		return;
	}
	for (int i = 0; i < err->nparams; i++) {
		char was[sizeof(err->params[i].name)];
		memcpy(was, err->params[i].name, sizeof(was));
		if (number)
			snprintf(err->params[i].name, sizeof(err->params[i].name), "%s[%zu].%.32s",
				 field, number, was);
		else if (strcmp(was, "on") == 0)
			snprintf(err->params[i].name, sizeof(err->params[i].name), "%s", field);
	}
}

/* One designation: created, extended, withdrawn, as the API's use cases do. */
static wvlv_status import_designation(wvlv_db *db, wvlv_arena *scratch, void *cls,
				      wvlv_error *err)
{
	const designation_step *s = cls;
	const wvlv_import_designation *rec = s->rec;
	wvlv_designation out;
	wvlv_status st = wvlv_registry_create(db, scratch, s->caller, &rec->d, WVLV_CRS_RD, &out,
					      err);
	for (size_t i = 0; st == WVLV_OK && i < rec->n_extensions; i++) {
		char id[WVLV_UUID_STRLEN];
		memcpy(id, out.id, sizeof(id));
		st = wvlv_registry_extend(db, scratch, s->caller, id, NULL, rec->extensions[i].end,
					  rec->extensions[i].decision_reference, WVLV_CRS_RD, &out,
					  err);
		if (st != WVLV_OK)
			name_params(err, "extensions", i + 1);
	}
	if (st == WVLV_OK && rec->withdrawn_on != WVLV_DATE_NONE) {
		char id[WVLV_UUID_STRLEN];
		memcpy(id, out.id, sizeof(id));
		st = wvlv_registry_withdraw(db, scratch, s->caller, id, NULL, rec->withdrawn_on,
					    rec->withdrawal_reason, WVLV_CRS_RD, &out, err);
		if (st != WVLV_OK)
			name_params(err, "withdrawnOn", 0);
	}
	return st;
}

/* The API's path, record by record (each in a savepoint): what the bulk path
 * falls back on when one of its writes fails, so that the failure is told
 * for the record it belongs to. */
static wvlv_status designations_in(wvlv_db *db, wvlv_arena *arena, const wvlv_caller *caller,
				   const wvlv_import_options *o, wvlv_import_designation *recs,
				   size_t n, wvlv_import_report *rep,
				   wvlv_error *err)
{
	for (size_t i = 0; i < n; i++) {
		recs[i].d.municipality_code = o->municipality_code;
		designation_step s = { caller, &recs[i], rep };
		bool refused;
		wvlv_status st = import_record(db, arena, rep, &recs[i].origin,
					       import_designation, &s, &refused, err);
		if (st != WVLV_OK)
			return st;
		if (!refused) {
			rep->imported++;
			rep->extensions += (long)recs[i].n_extensions;
			rep->withdrawn += recs[i].withdrawn_on != WVLV_DATE_NONE;
		}
		if (o->progress)
			o->progress(o->progress_cls, i + 1, n);
	}
	return WVLV_OK;
}


/* ---- the bulk path ------------------------------------------------------------------ */

typedef struct bulk {
	wvlv_arena                *arena;
	wvlv_import_designation   *recs;
	size_t                     n;
	wvlv_store_import_row     *rows;      /* each record's state after its writes */
	wvlv_period              (*periods)[1 + WVLV_MAX_EXTENSIONS];
	wvlv_error               **geometry;  /* the geometry's refusal, NULL: valid */
	bool                      *valid;
	bool                      *refused;
	wvlv_store_import_overlap *ov;        /* by rec */
	size_t                    *ov_start;  /* rec i's are ov[ov_start[i] .. ov_start[i + 1]) */
} bulk;

static void geometry_refused(void *cls, size_t rec, const wvlv_error *why)
{
	bulk *b = cls;
	b->geometry[rec] = wvlv_arena_alloc(b->arena, sizeof(wvlv_error));
	if (b->geometry[rec])
		*b->geometry[rec] = *why;
}

/* The place cap of record i designated on self, as wvlv_registry_create and
 * wvlv_registry_extend check it: over the register's designations and the
 * file's earlier records that were not refused, which its area overlaps. */
static wvlv_status bulk_place_cap(const bulk *b, size_t i, wvlv_day_range self, wvlv_error *err)
{
	size_t from = b->ov_start[i], to = b->ov_start[i + 1], m = 0;
	wvlv_overlap *list = wvlv_arena_alloc(b->arena, (to - from + 1) * sizeof(*list));
	if (!list)
		return wvlv_error_set(err, WVLV_ENOMEM, "out-of-memory", "out of memory");
	for (size_t k = from; k < to; k++) {
		const wvlv_store_import_overlap *o = &b->ov[k];
		if (o->other >= 0 && ((size_t)o->other >= i || b->refused[o->other]))
			continue;
		list[m] = o->ov;
		if (o->other >= 0)
			list[m].range = (wvlv_day_range){ b->rows[o->other].periods[0].start,
							  b->rows[o->other].designated_until };
		m++;
	}
	return wvlv_registry_place_cap_verdict(b->arena, self, list, m, err);
}

/* Record i through the API's steps in their order (with_db: the geometry's
 * verdict and the place cap too, known by then), leaving its state after the
 * writes in b->rows[i]. */
static wvlv_status bulk_record(bulk *b, size_t i, bool with_db, wvlv_error *err)
{
	const wvlv_import_designation *rec = &b->recs[i];
	wvlv_store_import_row *row = &b->rows[i];
	wvlv_period *p = b->periods[i];
	*row = (wvlv_store_import_row){ .d = &rec->d, .periods = p, .n_periods = 1,
					.designated_until = rec->d.first.end,
					.withdrawn_on = WVLV_DATE_NONE };
	p[0] = rec->d.first;
	p[0].sequence = 1;
	p[0].extension = false;
	wvlv_status st = wvlv_period_check_first(rec->d.first.start, rec->d.first.end, "firstPeriod",
						 err);
	if (st == WVLV_OK && with_db && b->geometry[i]) {
		*err = *b->geometry[i];
		st = err->status;
	}
	if (st == WVLV_OK && with_db)
		st = bulk_place_cap(b, i, (wvlv_day_range){ p[0].start, p[0].end }, err);
	for (size_t k = 0; st == WVLV_OK && k < rec->n_extensions; k++) {
		wvlv_date start, end = rec->extensions[k].end;
		st = wvlv_extension_check(p, row->n_periods, WVLV_DATE_NONE, end, &start, err);
		if (st == WVLV_OK && with_db)
			st = bulk_place_cap(b, i, (wvlv_day_range){ p[0].start, end }, err);
		if (st != WVLV_OK) {
			name_params(err, "extensions", k + 1);
			break;
		}
		p[row->n_periods] = (wvlv_period){ (int)row->n_periods + 1, start, end, true,
						   rec->extensions[k].decision_reference };
		row->n_periods++;
		row->designated_until = end;
	}
	if (st == WVLV_OK && rec->withdrawn_on != WVLV_DATE_NONE) {
		wvlv_date until;
		st = wvlv_withdrawal_check(p, row->n_periods, WVLV_DATE_NONE, rec->withdrawn_on,
					   &until, err);
		if (st != WVLV_OK)
			name_params(err, "withdrawnOn", 0);
		else {
			row->withdrawn_on = rec->withdrawn_on;
			row->withdrawal_reason = rec->withdrawal_reason;
			row->designated_until = until;
		}
	}
	return st;
}

/* Room for the bulk path's arrays in arena; false when out of memory. */
static bool bulk_alloc(bulk *b)
{
	size_t n = b->n ? b->n : 1;
	b->rows = wvlv_arena_alloc(b->arena, n * sizeof(*b->rows));
	b->periods = wvlv_arena_alloc(b->arena, n * sizeof(*b->periods));
	b->geometry = wvlv_arena_alloc(b->arena, n * sizeof(*b->geometry));
	b->valid = wvlv_arena_alloc(b->arena, n * sizeof(*b->valid));
	b->refused = wvlv_arena_alloc(b->arena, n * sizeof(*b->refused));
	b->ov_start = wvlv_arena_alloc(b->arena, (n + 1) * sizeof(*b->ov_start));
	if (!b->rows || !b->periods || !b->geometry || !b->valid || !b->refused || !b->ov_start)
		return false;
	memset(b->geometry, 0, n * sizeof(*b->geometry));
	memset(b->refused, 0, n * sizeof(*b->refused));
	return true;
}

/* Stage, check the geometries, read the overlaps (ov by rec, indexed). */
static wvlv_status bulk_stage_and_check(wvlv_db *db, bulk *b, const char *municipality,
					wvlv_error *err)
{
	for (size_t i = 0; i < b->n; i++) {
		wvlv_error ignored;
		wvlv_error_clear(&ignored);
		(void)bulk_record(b, i, false, &ignored);
	}
	wvlv_status st = wvlv_store_import_stage(db, b->rows, b->n, err);
	if (st == WVLV_OK)
		st = wvlv_store_import_geometries(db, b->rows, b->n, b->valid, geometry_refused, b,
						  err);
	size_t nov = 0;
	if (st == WVLV_OK)
		st = wvlv_store_import_overlaps(db, b->arena, municipality, &b->ov, &nov, err);
	if (st != WVLV_OK)
		return st;
	for (size_t i = 0, k = 0; i <= b->n; i++) {
		while (k < nov && b->ov[k].rec < i)
			k++;
		b->ov_start[i] = k;
	}
	return WVLV_OK;
}

/* Every record through the API's steps in the file's order; the refusals in
 * the report. */
static void bulk_judge(bulk *b, const wvlv_import_options *o, wvlv_import_report *rep)
{
	for (size_t i = 0; i < b->n; i++) {
		wvlv_error why;
		wvlv_error_clear(&why);
		if (bulk_record(b, i, true, &why) != WVLV_OK) {
			b->refused[i] = true;
			wvlv_import_refuse(b->arena, rep, &b->recs[i].origin, &why);
		} else {
			rep->imported++;
			rep->extensions += (long)b->recs[i].n_extensions;
			rep->withdrawn += b->recs[i].withdrawn_on != WVLV_DATE_NONE;
		}
		if (o->progress)
			o->progress(o->progress_cls, i + 1, b->n);
	}
}

static wvlv_status designations_in_bulk(wvlv_db *db, wvlv_arena *arena,
					const wvlv_caller *caller, const wvlv_import_options *o,
					wvlv_import_designation *recs, size_t n,
					wvlv_import_report *rep, wvlv_error *err)
{
	bulk b = { .arena = arena, .recs = recs, .n = n };
	if (!bulk_alloc(&b))
		return wvlv_error_set(err, WVLV_ENOMEM, "out-of-memory", "out of memory");
	for (size_t i = 0; i < n; i++)
		recs[i].d.municipality_code = o->municipality_code;
	/* one lock for the file: the place-cap writes of the municipality wait */
	wvlv_status st = wvlv_store_designation_lock_municipality(db, o->municipality_code, err);
	if (st == WVLV_OK)
		st = bulk_stage_and_check(db, &b, o->municipality_code, err);
	if (st != WVLV_OK)
		return st;
	bulk_judge(&b, o, rep);
	if (rep->nrefusals) /* nothing will be written: no need to try */
		return WVLV_OK;
	if ((st = wvlv_db_savepoint(db, BULK_SAVEPOINT, err)) != WVLV_OK)
		return st;
	wvlv_error why;
	wvlv_error_clear(&why);
	st = wvlv_store_import_write(db, caller, o->municipality_code, &why);
	if (st == WVLV_OK)
		return wvlv_db_release(db, BULK_SAVEPOINT, err);
	if (st == WVLV_EUNAVAIL) {
		*err = why;
		return st;
	}
	/* a write failed: the API's path tells for which record and why */
	if ((st = wvlv_db_rollback_to(db, BULK_SAVEPOINT, err)) != WVLV_OK)
		return st;
	rep->imported = rep->extensions = rep->withdrawn = 0;
	return designations_in(db, arena, caller, o, recs, n, rep, err);
}

wvlv_status wvlv_app_import_designations(const wvlv_app_config *cfg, wvlv_arena *arena,
					 const wvlv_import_options *o,
					 wvlv_import_designation *recs, size_t n,
					 wvlv_import_report *report, wvlv_error *err)
{
	report->imported = report->extensions = report->withdrawn = 0;
	wvlv_caller caller = import_caller(o);
	wvlv_db *db = NULL;
	wvlv_status st = app_connect(cfg, WVLV_SERVER_ROLE, false, &db, err);
	if (st == WVLV_OK && (st = app_begin(db, &caller, false, err)) == WVLV_OK) {
		st = designations_in_bulk(db, arena, &caller, o, recs, n, report, err);
		st = import_finish(db, o, report, st, err);
	}
	wvlv_db_close(db);
	if (st != WVLV_OK)
		report->imported = report->extensions = report->withdrawn = 0;
	return st;
}
