/* app.c — the process's pools, a request's transaction and its
 * Idempotency-Key, and the policies every use case shares (see app.h and
 * app_internal.h). */
#include "app_internal.h"
#include "job.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wvlv/store_idempotency.h"
#include "wvlv/store_tokens.h"
#include "wvlv/token.h"

#define IDEMPOTENCY_KEY_MAX 200

void wvlv_app_describe_database(const char *database_url, char *buf, size_t size)
{
	wvlv_db_describe_conninfo(database_url, buf, size);
}

/* ---- the process ---------------------------------------------------------------- */

wvlv_app *wvlv_app_open(const wvlv_app_config *cfg)
{
	wvlv_app *app = calloc(1, sizeof(*app));
	if (!app)
		return NULL;
	wvlv_db_options api = {
		.conninfo = cfg->database_url,
		.set_role = WVLV_SERVER_ROLE,
		.statement_timeout_ms = cfg->statement_timeout_ms,
		.application_name = cfg->application_name,
	};
	app->gis_opts = api;
	/* /ogc/v1 may read a moment-stale copy: a standby when WVLV_DATABASE_READ_URL says so
	 * (its change counter is then polled, counter.c: no LISTEN on a standby) */
	if (cfg->read_database_url)
		app->gis_opts.conninfo = cfg->read_database_url;
	app->gis_opts.set_role = WVLV_GIS_ROLE;
	app->gis_opts.application_name = "wvlv serve (ogc)";
	app->pool_wait_ms = cfg->pool_wait_ms;
	app->pool = wvlv_db_pool_create(&api, cfg->threads);
	app->gis_pool = wvlv_db_pool_create(&app->gis_opts, cfg->threads);
	app->counter = app_counter_start(&app->gis_opts);
	if (!app->pool || !app->gis_pool || !app->counter) {
		wvlv_app_close(app);
		return NULL;
	}
	return app;
}

void wvlv_app_close(wvlv_app *app)
{
	if (!app)
		return;
	app_counter_stop(app->counter);
	wvlv_db_pool_destroy(app->pool);
	wvlv_db_pool_destroy(app->gis_pool);
	free(app);
}

wvlv_status wvlv_app_authenticate(wvlv_app *app, const char *token, wvlv_caller *caller,
				  wvlv_error *err)
{
	char hash[WVLV_TOKEN_HEXLEN];
	wvlv_token_hash_hex(token, hash);
	wvlv_db *db;
	wvlv_status st = wvlv_db_pool_acquire(app->pool, app->pool_wait_ms, &db, err);
	if (st != WVLV_OK)
		return st;
	st = wvlv_store_token_authenticate(db, hash, caller, err);
	wvlv_db_pool_release(app->pool, db);
	return st;
}

/* ---- a request's transaction ------------------------------------------------------ */

static wvlv_db_pool *pool_of(const wvlv_request *r)
{
	return r->gis ? r->app->gis_pool : r->app->pool;
}

void wvlv_request_end(wvlv_request *r)
{
	r->scoped = false;
	if (!r->db)
		return;
	wvlv_db_pool_release(pool_of(r), r->db); /* rolls back what is open */
	r->db = NULL;
}

static wvlv_status acquire(wvlv_request *r, bool gis, wvlv_error *err)
{
	if (r->db && r->scoped)
		wvlv_request_end(r); /* the authentication's transaction, not wanted here */
	if (r->db)
		return wvlv_error_set(err, WVLV_EINTERNAL, WVLV_CODE_INTERNAL,
				      "a request's use case began a second transaction");
	r->gis = gis;
	return wvlv_db_pool_acquire(pool_of(r), r->app->pool_wait_ms, &r->db, err);
}

wvlv_status wvlv_app_authenticate_request(wvlv_request *r, const char *token, wvlv_caller *caller,
					  wvlv_error *err)
{
	char hash[WVLV_TOKEN_HEXLEN];
	wvlv_token_hash_hex(token, hash);
	wvlv_status st = acquire(r, false, err);
	if (st == WVLV_OK)
		st = wvlv_db_begin(r->db, err); /* sent with the check (pipeline.c) */
	if (st == WVLV_OK)
		st = wvlv_store_token_authenticate_scoped(r->db, hash, caller->request_id, caller,
							  err);
	r->scoped = st == WVLV_OK;
	return st;
}

wvlv_status app_read_begin(wvlv_request *r, wvlv_error *err)
{
	if (r->db && r->scoped && !r->gis) {
		r->scoped = false; /* the transaction the authentication began */
		return WVLV_OK;
	}
	wvlv_status st = acquire(r, false, err);
	return st == WVLV_OK ? app_begin(r->db, r->caller, false, err) : st;
}

wvlv_status app_gis_acquire(wvlv_request *r, wvlv_error *err)
{
	return acquire(r, true, err);
}

wvlv_status app_commit(wvlv_request *r, wvlv_error *err)
{
	wvlv_status st = wvlv_db_commit(r->db, err);
	wvlv_request_end(r);
	return st;
}

/* The scope of a remembered answer: the caller's municipality ("" national). */
static const char *idempotency_scope(const wvlv_request *r)
{
	const char *scope = app_scope(r->caller);
	return scope ? scope : "";
}

wvlv_status app_write_begin(wvlv_request *r, wvlv_error *err)
{
	r->replayed = false;
	wvlv_status st = app_read_begin(r, err);
	if (st != WVLV_OK || !r->idempotency_key)
		return st;
	size_t n = strlen(r->idempotency_key);
	if (n == 0 || n > IDEMPOTENCY_KEY_MAX) {
		wvlv_error_add_param(err, "Idempotency-Key", "invalid",
				     "Idempotency-Key must be 1 to 200 characters.");
		return wvlv_error_set(err, WVLV_EBADREQ, "invalid-idempotency-key",
				      "The Idempotency-Key header is not valid.");
	}
	wvlv_idem_response prev;
	st = wvlv_store_idem_begin(r->db, r->arena, idempotency_scope(r), r->idempotency_key,
				   r->request_hash, &prev, err);
	if (st != WVLV_OK || !prev.found)
		return st;
	wvlv_request_end(r);
	if (!prev.same_request) {
		wvlv_error_add_param(err, "Idempotency-Key", "key-reused",
				     "This key was used for a different request.");
		return wvlv_error_set(err, WVLV_EINVAL, "idempotency-key-reused",
				      "The Idempotency-Key was already used with a different request body.");
	}
	r->replayed = true;
	r->first = (wvlv_answer){ .status = prev.status, .body = prev.body, .headers = prev.headers };
	return WVLV_OK;
}

wvlv_status app_write_commit(wvlv_request *r, wvlv_error *err)
{
	wvlv_answer a = { 0 };
	wvlv_status st = r->answer ? r->answer(r->answer_cls, &a, err) : WVLV_OK;
	if (st == WVLV_OK && r->idempotency_key) /* sent with the COMMIT */
		st = wvlv_store_idem_save_later(r->db, idempotency_scope(r), r->idempotency_key,
					  r->request_hash, a.status, a.body, a.headers, err);
	if (st != WVLV_OK)
		return st;
	if ((st = app_commit(r, err)) == WVLV_OK)
		app_counter_forget(r->app->counter); /* designations may have changed: /ogc/v1 asks the database */
	return st;
}

/* ---- policies ------------------------------------------------------------------------ */

const char *app_scope(const wvlv_caller *caller)
{
	return caller->national ? NULL : caller->municipality_code;
}

bool app_scope_filter(const wvlv_caller *caller, const char **municipality_code)
{
	const char *scope = app_scope(caller);
	if (!scope)
		return true;
	if (*municipality_code && strcmp(*municipality_code, scope) != 0)
		return false;
	*municipality_code = scope;
	return true;
}

wvlv_status app_own_municipality(const wvlv_caller *caller, const char *municipality_code,
				 const char *what, const char *record, wvlv_error *err)
{
	if (caller->national)
		return wvlv_error_set(err, WVLV_EFORBIDDEN, "read-only-token",
				      "A national token changes no municipality's data.");
	if (strcmp(municipality_code, caller->municipality_code) == 0)
		return WVLV_OK;
	wvlv_error_add_param(err, "municipalityCode", "other-municipality",
			     "You may only register %s of %s.", what, caller->municipality_code);
	return wvlv_error_set(err, WVLV_EINVAL, "other-municipality",
			      "The %s belongs to another municipality.", record);
}
