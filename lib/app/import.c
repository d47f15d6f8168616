/* import.c — what the two imports share (the caller, the refusals, the
 * record's savepoint, the end of the transaction; import.h), and the export
 * of designations (app_import.h).  The designation import itself is in
 * import_designations.c, the offer import in import_offers.c. */
#include "import.h"

#include <stdio.h>
#include <string.h>

#include "job.h"
#include "registry.h"

#define RECORD_SAVEPOINT "wvlv_import_record"

wvlv_caller import_caller(const wvlv_import_options *o)
{
	wvlv_caller c = { .role = WVLV_ROLE_ADMIN };
	snprintf(c.municipality_code, sizeof(c.municipality_code), "%s", o->municipality_code);
	snprintf(c.label, sizeof(c.label), "%s", WVLV_IMPORT_ACTOR);
	/* the file's name (without its folders) as the client's request id:
	 * the characters an X-Request-Id may hold, others as '_' */
	const char *base = o->source ? strrchr(o->source, '/') : NULL;
	base = base ? base + 1 : o->source ? o->source : "";
	size_t n = 0;
	for (; base[n] && n < WVLV_CLIENT_REQUEST_ID_MAX; n++) {
		char ch = base[n];
		bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
			  (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == ':' || ch == '-';
		c.client_request_id[n] = ok ? ch : '_';
	}
	c.client_request_id[n] = '\0';
	return c;
}

/* One more refusal in the report (the array grows in the arena). */
static void refusal_push(wvlv_arena *arena, wvlv_import_report *rep, const wvlv_import_origin *origin, const char *field, const char *code,
			 const char *reason)
{
	if (rep->nrefusals == rep->refusals_room) {
		size_t ncap = rep->refusals_room ? 2 * rep->refusals_room : 64;
		wvlv_import_refusal *a = wvlv_arena_alloc(arena, ncap * sizeof(*a));
		if (rep->nrefusals)
			memcpy(a, rep->refusals, rep->nrefusals * sizeof(*a));
		rep->refusals = a;
		rep->refusals_room = ncap;
	}
	rep->refusals[rep->nrefusals++] = (wvlv_import_refusal){
		.origin = *origin,
		.field = wvlv_arena_strdup(arena, field ? field : ""),
		.code = wvlv_arena_strdup(arena, code ? code : ""),
		.reason = wvlv_arena_strdup(arena, reason ? reason : ""),
	};
	rep->refusals[rep->nrefusals - 1].origin.feature_id =
		origin->feature_id ? wvlv_arena_strdup(arena, origin->feature_id) : NULL;
}

void wvlv_import_refuse(wvlv_arena *arena, wvlv_import_report *rep,
			const wvlv_import_origin *origin, const wvlv_error *why)
{
	if (why->nparams == 0) {
		refusal_push(arena, rep, origin, "", why->code, why->detail);
		return;
	}
	/* a conflict says most in its detail (the place cap names the overlapping
	 * designations there); an invalid field in its entries */
	if (why->status == WVLV_ECONFLICT) {
		refusal_push(arena, rep, origin, why->params[0].name, why->code, why->detail);
		return;
	}
	for (int i = 0; i < why->nparams; i++)
		refusal_push(arena, rep, origin, why->params[i].name, why->params[i].code,
			     why->params[i].reason);
}

wvlv_status import_record(wvlv_db *db, wvlv_arena *arena, wvlv_import_report *rep,
			  const wvlv_import_origin *origin, import_step step,
			  void *cls, bool *refused, wvlv_error *err)
{
	*refused = false;
	wvlv_status st = wvlv_db_savepoint(db, RECORD_SAVEPOINT, err);
	if (st != WVLV_OK)
		return st;
	wvlv_error why;
	wvlv_error_clear(&why);
	wvlv_arena *scratch = wvlv_arena_create();
	st = scratch ? step(db, scratch, cls, &why)
		     : wvlv_error_set(&why, WVLV_EINTERNAL, "out-of-memory", "out of memory");
	wvlv_arena_destroy(scratch);
	if (st == WVLV_EUNAVAIL || st == WVLV_EINTERNAL) {
		*err = why;
		return st;
	}
	if (st != WVLV_OK) {
		*refused = true;
		wvlv_import_refuse(arena, rep, origin, &why);
		if ((st = wvlv_db_rollback_to(db, RECORD_SAVEPOINT, err)) != WVLV_OK)
			return st;
	}
	return wvlv_db_release(db, RECORD_SAVEPOINT, err);
}

wvlv_status import_finish(wvlv_db *db, const wvlv_import_options *o, wvlv_import_report *rep,
			  wvlv_status st, wvlv_error *err)
{
	if (st == WVLV_OK && rep->nrefusals)
		st = wvlv_error_set(err, WVLV_EINVAL, "import-refused",
				    "%zu refusal%s; nothing was written", rep->nrefusals,
				    rep->nrefusals == 1 ? "" : "s");
	if (st == WVLV_OK && o->dry_run) {
		wvlv_db_rollback(db);
		return WVLV_OK;
	}
	return app_end(db, st, err);
}

/* ---- export ---------------------------------------------------------------------- */

wvlv_status wvlv_app_export_designations(const wvlv_app_config *cfg, wvlv_arena *arena,
					 const char *municipality_code, wvlv_crs crs,
					 wvlv_designation **items, size_t *n, wvlv_error *err)
{
	wvlv_caller caller = app_national_caller("export");
	wvlv_db *db = NULL;
	*items = NULL;
	*n = 0;
	wvlv_status st = app_connect(cfg, WVLV_SERVER_ROLE, false, &db, err);
	if (st == WVLV_OK && (st = app_begin(db, &caller, true, err)) == WVLV_OK) {
		size_t cap = 0;
		for (long offset = 0; st == WVLV_OK; ) {
			wvlv_designation_filter f = { .municipality_code = municipality_code,
						      .active_on = WVLV_DATE_NONE,
						      .today = WVLV_DATE_NONE, .limit = 1000,
						      .offset = offset };
			wvlv_designation *page;
			size_t got = 0;
			long matched = 0;
			st = wvlv_registry_list(db, arena, &caller, &f, crs, &page, &got, &matched,
						err);
			if (st != WVLV_OK || got == 0)
				break;
			if (*n + got > cap) {
				cap = (size_t)matched > *n + got ? (size_t)matched : *n + got;
				wvlv_designation *a = wvlv_arena_alloc(arena, cap * sizeof(*a));
				if (*n)
					memcpy(a, *items, *n * sizeof(*a));
				*items = a;
			}
			memcpy(*items + *n, page, got * sizeof(*page));
			*n += got;
			offset += (long)got;
		}
		st = app_end(db, st, err);
	}
	wvlv_db_close(db);
	return st;
}
