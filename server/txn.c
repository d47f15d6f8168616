/* txn.c — request transactions and idempotent POSTs (see txn.h). */
#include "txn.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogc_cache.h"
#include "wvlv/store_idempotency.h"

bool txn_begin(http_req *req, txn *t)
{
	memset(t, 0, sizeof(*t));
	t->req = req;
	wvlv_error err;
	wvlv_error_clear(&err);
	if (wvlv_db_pool_acquire(req->srv->pool, req->srv->cfg->pool_wait_ms, &t->db, &err) !=
	    WVLV_OK) {
		http_reply_error(req, &err);
		return false;
	}
	if (wvlv_db_begin(t->db, &err) != WVLV_OK ||
	    wvlv_db_set_caller(t->db, &req->caller, &err) != WVLV_OK) {
		txn_fail(t, &err);
		return false;
	}
	return true;
}

void txn_abort(txn *t)
{
	if (!t->db)
		return;
	wvlv_db_rollback(t->db);
	wvlv_db_pool_release(t->req->srv->pool, t->db);
	t->db = NULL;
}

void txn_fail(txn *t, const wvlv_error *err)
{
	txn_abort(t);
	http_reply_error(t->req, err);
}

bool txn_commit(txn *t)
{
	wvlv_error err;
	wvlv_error_clear(&err);
	wvlv_status st = wvlv_db_commit(t->db, &err);
	wvlv_db_pool_release(t->req->srv->pool, t->db);
	t->db = NULL;
	if (st != WVLV_OK) {
		http_reply_error(t->req, &err);
		return false;
	}
	if (strcmp(t->req->method, "GET") != 0)
		ogc_counter_forget(); /* designations may have changed: /ogc/v1 asks the database */
	return true;
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

bool txn_idempotent(txn *t)
{
	http_req *req = t->req;
	const char *key = http_header(req, "Idempotency-Key");
	if (!key)
		return false;
	wvlv_error err;
	wvlv_error_clear(&err);
	size_t n = strlen(key);
	if (n == 0 || n > 200) {
		wvlv_error_add_param(&err, "Idempotency-Key", "invalid",
				     "Idempotency-Key must be 1 to 200 characters.");
		wvlv_error_set(&err, WVLV_EBADREQ, "invalid-idempotency-key",
			       "The Idempotency-Key header is not valid.");
		txn_fail(t, &err);
		return true;
	}
	t->idem_key = key;
	request_hash(req, t->idem_hash);
	wvlv_idem_response prev;
	if (wvlv_store_idem_begin(t->db, req->arena, idem_scope(req), key, t->idem_hash, &prev,
				  &err) != WVLV_OK) {
		txn_fail(t, &err);
		return true;
	}
	if (!prev.found)
		return false;
	txn_abort(t);
	if (!prev.same_request) {
		wvlv_error_add_param(&err, "Idempotency-Key", "key-reused",
				     "This key was used for a different request.");
		wvlv_error_set(&err, WVLV_EINVAL, "idempotency-key-reused",
			       "The Idempotency-Key was already used with a different request body.");
		http_reply_error(req, &err);
		return true;
	}
	json_t *headers = json_loads(prev.headers, 0, NULL);
	const char *name;
	json_t *value;
	json_object_foreach(headers, name, value)
		http_add_header(req, wvlv_arena_strdup(req->arena, name), json_string_value(value));
	json_decref(headers);
	http_add_header(req, "Idempotent-Replayed", "true");
	http_reply_bytes(req, prev.status, "application/json", prev.body, strlen(prev.body));
	return true;
}

/* Remember the response of a keyed request, with every header added for it. */
static bool save_response(txn *t, int status, const char *body, wvlv_error *err)
{
	http_req *req = t->req;
	json_t *h = json_object();
	for (int i = 0; i < req->nheaders; i++)
		json_object_set_new(h, req->header_names[i], json_string(req->header_values[i]));
	char *headers = json_dumps(h, JSON_COMPACT);
	json_decref(h);
	if (!headers) {
		wvlv_error_set(err, WVLV_ENOMEM, "out-of-memory", "The server is out of memory.");
		return false;
	}
	bool ok = wvlv_store_idem_save(t->db, idem_scope(req), t->idem_key,
						   t->idem_hash, status, body, headers,
						   err) == WVLV_OK;
	free(headers);
	return ok;
}

void txn_finish(txn *t, int status, json_t *body, const char *location)
{
	http_req *req = t->req;
	wvlv_error err;
	wvlv_error_clear(&err);
	char *text = json_dumps(body, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12));
	json_decref(body);
	if (!text) {
		wvlv_error_set(&err, WVLV_ENOMEM, "out-of-memory", "The server is out of memory.");
		txn_fail(t, &err);
		return;
	}
	if (location)
		http_add_header(req, "Location", location);
	if (t->idem_key && !save_response(t, status, text, &err)) {
		free(text);
		txn_fail(t, &err);
		return;
	}
	if (!txn_commit(t)) {
		free(text);
		return;
	}
	http_reply_bytes(req, status, "application/json", text, strlen(text));
	free(text);
}
