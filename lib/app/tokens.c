/* tokens.c — API tokens: create, list, revoke (see app_tokens.h). */
#include "wvlv/app_tokens.h"

#include "job.h"
#include "wvlv/store_tokens.h"

/* The database owner's connection: no SET ROLE, no statement timeout. */
static wvlv_status connect_owner(const wvlv_app_config *cfg, wvlv_db **db, wvlv_error *err)
{
	return app_connect(cfg, NULL, false, db, err);
}

wvlv_status wvlv_app_tokens_create(const wvlv_app_config *cfg, const char *municipality_code,
				   wvlv_role role, const char *label, wvlv_app_token_created *out,
				   wvlv_error *err)
{
	char hash[WVLV_TOKEN_HEXLEN];
	wvlv_db *db = NULL;
	wvlv_status st = wvlv_token_generate(out->token, err);
	if (st == WVLV_OK) {
		wvlv_token_hash_hex(out->token, hash);
		st = connect_owner(cfg, &db, err);
	}
	if (st == WVLV_OK)
		st = wvlv_store_token_create(db, municipality_code, role, label, hash, out->id, err);
	wvlv_db_close(db);
	return st;
}

wvlv_status wvlv_app_tokens_list(const wvlv_app_config *cfg, wvlv_arena *arena,
				 wvlv_token_info **items, size_t *n, wvlv_error *err)
{
	wvlv_db *db = NULL;
	*items = NULL;
	*n = 0;
	wvlv_status st = connect_owner(cfg, &db, err);
	if (st == WVLV_OK)
		st = wvlv_store_token_list(db, arena, items, n, err);
	wvlv_db_close(db);
	return st;
}

wvlv_status wvlv_app_tokens_revoke(const wvlv_app_config *cfg, const char *id, wvlv_error *err)
{
	wvlv_db *db = NULL;
	wvlv_status st = connect_owner(cfg, &db, err);
	if (st == WVLV_OK)
		st = wvlv_store_token_revoke(db, id, err);
	wvlv_db_close(db);
	return st;
}
