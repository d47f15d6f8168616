/* txn.c — request transactions and idempotent POSTs (see txn.h). */
#include "txn.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogc_cache.h"
#include "wvlv/store_idempotency.h"

wvlv_status txn_begin(http_req *req, txn **out, wvlv_error *err)
{
	txn *t = *out = wvlv_arena_alloc(req->arena, sizeof(*t));
	t->req = req;
	wvlv_status st = wvlv_db_pool_acquire(req->srv->pool, req->srv->cfg->pool_wait_ms, &t->db,
					      err);
	if (st != WVLV_OK)
		return st;
	req->open_txn = t;
	if ((st = wvlv_db_begin(t->db, err)) != WVLV_OK ||
	    (st = wvlv_db_set_caller(t->db, &req->caller, err)) != WVLV_OK)
		return st;
	return WVLV_OK;
}

void txn_abort(txn *t)
{
	if (!t->db)
		return;
	wvlv_db_rollback(t->db);
	wvlv_db_pool_release(t->req->srv->pool, t->db);
	t->db = NULL;
	t->req->open_txn = NULL;
}

wvlv_status txn_commit(txn *t, wvlv_error *err)
{
	wvlv_status st = wvlv_db_commit(t->db, err);
	wvlv_db_pool_release(t->req->srv->pool, t->db);
	t->db = NULL;
	t->req->open_txn = NULL;
	if (st == WVLV_OK && strcmp(t->req->method, "GET") != 0)
		ogc_counter_forget(); /* designations may have changed: /ogc/v1 asks the database */
	return st;
}

static void request_hash(http_req *req, char out[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
	EVP_DigestUpdate(ctx, req->method, strlen(req->method));
	EVP_DigestUpdate(ctx, " ", 1);
	EVP_DigestUpdate(ctx, req->path, strlen(req->path));
	EVP_DigestUpdate(ctx, "\n", 1);
	if (req->body_len)
		EVP_DigestUpdate(ctx, req->body, req->body_len);
	EVP_DigestFinal_ex(ctx, md, &mdlen);
	EVP_MD_CTX_free(ctx);
	for (unsigned i = 0; i < mdlen && i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

static const char *idem_scope(http_req *req)
{
	return req->caller.national ? "" : req->caller.municipality_code;
}

wvlv_status txn_idempotent(txn *t, bool *replayed, wvlv_error *err)
{
	http_req *req = t->req;
	*replayed = false;
	const char *key = http_header(req, "Idempotency-Key");
	if (!key)
		return WVLV_OK;
	size_t n = strlen(key);
	if (n == 0 || n > 200) {
		wvlv_error_add_param(err, "Idempotency-Key", "invalid",
				     "Idempotency-Key must be 1 to 200 characters.");
		return wvlv_error_set(err, WVLV_EBADREQ, "invalid-idempotency-key",
				      "The Idempotency-Key header is not valid.");
	}
	t->idem_key = key;
	request_hash(req, t->idem_hash);
	wvlv_idem_response prev;
	wvlv_status st = wvlv_store_idem_begin(t->db, req->arena, idem_scope(req), key,
					       t->idem_hash, &prev, err);
	if (st != WVLV_OK || !prev.found)
		return st;
	txn_abort(t);
	if (!prev.same_request) {
		wvlv_error_add_param(err, "Idempotency-Key", "key-reused",
				     "This key was used for a different request.");
		return wvlv_error_set(err, WVLV_EINVAL, "idempotency-key-reused",
				      "The Idempotency-Key was already used with a different request body.");
	}
	json_t *headers = json_loads(prev.headers, 0, NULL);
	const char *name;
	json_t *value;
	json_object_foreach(headers, name, value)
		http_add_header(req, wvlv_arena_strdup(req->arena, name), json_string_value(value));
	json_decref(headers);
	http_add_header(req, "Idempotent-Replayed", "true");
	http_reply_bytes(req, prev.status, "application/json", prev.body, strlen(prev.body));
	*replayed = true;
	return WVLV_OK;
}

/* Remember the response of a keyed request, with every header added for it. */
static wvlv_status save_response(txn *t, int status, const char *body, wvlv_error *err)
{
	http_req *req = t->req;
	json_t *h = json_object();
	for (int i = 0; i < req->nheaders; i++)
		json_object_set_new(h, req->header_names[i], json_string(req->header_values[i]));
	char *headers = json_dumps(h, JSON_COMPACT);
	json_decref(h);
	if (!headers)
		return wvlv_error_set(err, WVLV_ENOMEM, "out-of-memory", "The server is out of memory.");
	wvlv_status st = wvlv_store_idem_save(t->db, idem_scope(req), t->idem_key, t->idem_hash,
					      status, body, headers, err);
	free(headers);
	return st;
}

wvlv_status txn_finish(txn *t, int status, json_t *body, const char *location, wvlv_error *err)
{
	http_req *req = t->req;
	char *text = json_dumps(body, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12));
	json_decref(body);
	if (!text)
		return wvlv_error_set(err, WVLV_ENOMEM, "out-of-memory", "The server is out of memory.");
	wvlv_arena_on_destroy(req->arena, free, text);
	if (location)
		http_add_header(req, "Location", location);
	wvlv_status st = WVLV_OK;
	if (t->idem_key && (st = save_response(t, status, text, err)) != WVLV_OK)
		return st;
	if ((st = txn_commit(t, err)) != WVLV_OK)
		return st;
	http_reply_bytes(req, status, "application/json", text, strlen(text));
	return WVLV_OK;
}
