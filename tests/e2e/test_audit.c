/* test_audit.c — the audit trail as the server writes it (issue 3, point 4):
 * every write endpoint appends exactly one row, in the write's transaction,
 * with who (token id and label), what (entity, id, action, the changed
 * fields before/after), where (municipality) and which request; a refused
 * write appends none; GET /api/v1/audit-log filters and pages; another
 * municipality sees none of it; and the server's database role can neither
 * update nor delete a row. */
#include <check.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "e2e_helpers.h"
#include "http_client.h"
#include "keys_cli.h"
#include "server_proc.h"
#include "testdb.h"
#include "tokens.h"
#include "wvlv/caller.h"
#include "wvlv/db.h"

static tserver srv;
static const char *conninfo;
static tkey admin;  /* admin of GM0505, label LABEL */
static tkey other;  /* admin of GM0599 */
static tkey reader; /* reader of GM0505 */

#define BASE  srv.base
#define OWN   "GM0505"
#define LABEL "Team Wonen \xE2\x80\x94 beheer"

/* ---- helpers ------------------------------------------------------------------ */

static long audit_total(void)
{
	return eh_pg_long(eh_db(), "SELECT count(*) FROM audit_log", NULL);
}

/* A well-formed client request id (kept beside the server's own), new on
 * every call. */
static const char *new_request_id(void)
{
	static char ring[8][40];
	static int slot, n;
	char *s = ring[slot++ % 8];
	snprintf(s, 40, "a0d1e2f3-%04x-4000-8000-%012x", (unsigned)(getpid() & 0xffff), ++n);
	return s;
}

/* Every designation of this program gets its own square, numbered by a
 * sequence in the test database (the forked tests share it), so none
 * overlap and the place cap never interferes. */
static char *fresh_square(void)
{
	PGresult *res = PQexec(eh_db(), "SELECT nextval('e2e_squares')");
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		fprintf(stderr, "e2e_squares: %s", PQerrorMessage(eh_db()));
		exit(1);
	}
	int k = atoi(PQgetvalue(res, 0, 0));
	PQclear(res);
	return eh_square(4.30 + (double)(k % 60) * 0.004, 51.60 + (double)(k / 60) * 0.004, 0.003);
}

static const char *start_date(void)
{
	static char s[16];
	snprintf(s, sizeof(s), "%s", eh_today_plus(-30));
	return s;
}

static const char *end_date(void)
{
	static char s[16];
	snprintf(s, sizeof(s), "%s", eh_today_plus(365));
	return s;
}

/* The server's request ids answered to the client ids sent (as_admin). */
static struct { char client[72], server[72]; } sent[64];
static int nsent;

/* The X-Request-Id the server answered to the request sent with client id
 * rid: its own, never rid. */
static const char *served(const char *rid)
{
	for (int i = nsent - 1; i >= 0 && i >= nsent - 64; i--)
		if (!strcmp(sent[i % 64].client, rid))
			return sent[i % 64].server;
	ck_abort_msg("no request was sent with X-Request-Id %s", rid);
	return NULL;
}

static tresp *as_admin_raw(const char *method, const char *path, const char *body,
			   const char *rid, const char *extra);

/* method path body as the admin with X-Request-Id rid (NULL: none) and an
 * optional extra header; the id the server answered is remembered. */
static tresp *as_admin(const char *method, const char *path, const char *body, const char *rid,
		       const char *extra)
{
	tresp *r = as_admin_raw(method, path, body, rid, extra);
	const char *server = t_header(r, "X-Request-Id");
	ck_assert_ptr_nonnull(server);
	if (rid) {
		ck_assert_str_ne(server, rid);
		snprintf(sent[nsent % 64].client, sizeof(sent[0].client), "%s", rid);
		snprintf(sent[nsent % 64].server, sizeof(sent[0].server), "%s", server);
		nsent++;
	}
	return r;
}

static tresp *as_admin_raw(const char *method, const char *path, const char *body,
			   const char *rid, const char *extra)
{
	char h_rid[96];
	const char *h[4] = { admin.header };
	int n = 1;
	if (rid) {
		snprintf(h_rid, sizeof(h_rid), "X-Request-Id: %s", rid);
		h[n++] = h_rid;
	}
	if (extra)
		h[n++] = extra;
	h[n] = NULL;
	return t_request(BASE, method, path, body, h);
}

/* A new designation of GM0505 (one audit row); its id, malloc'd. */
static char *create(const char *name, const char *rid)
{
	char *sq = fresh_square();
	char *b = eh_create_body(OWN, name, sq, start_date(), end_date());
	tresp *r = as_admin("POST", "/api/v1/designations", b, rid, NULL);
	ck_assert_msg(r->status == 201, "create %s: %ld %s", name, r->status, r->body);
	char *id = strdup(t_str(r->json, "id"));
	t_free(r);
	free(b);
	free(sq);
	return id;
}

static const char *dpath(const char *id, const char *suffix)
{
	static char ring[4][160];
	static int slot;
	char *p = ring[slot++ % 4];
	snprintf(p, 160, "/api/v1/designations/%s%s", id, suffix);
	return p;
}

/* GET /api/v1/audit-log?<query> as tok; asserts 200. */
static tresp *audit_get(const tkey *tok, const char *query)
{
	char path[512];
	snprintf(path, sizeof(path), "/api/v1/audit-log%s%s", query && *query ? "?" : "",
		 query ? query : "");
	const char *h[] = { tok->header, NULL };
	tresp *r = t_request(BASE, "GET", path, NULL, h);
	ck_assert_msg(r->status == 200, "GET %s: %ld %s", path, r->status, r->body);
	ck_assert_ptr_nonnull(json_object_get(r->json, "items"));
	return r;
}

/* The audit rows of one designation, through the API (all of them). */
static tresp *history(const char *id)
{
	char q[128];
	snprintf(q, sizeof(q), "entity=designation&entityId=%s&limit=1000", id);
	return audit_get(&admin, q);
}

static json_t *item(tresp *r, size_t i)
{
	return json_array_get(json_object_get(r->json, "items"), i);
}

static size_t nitems(tresp *r)
{
	return json_array_size(json_object_get(r->json, "items"));
}

/* The entry's changes has exactly these keys (NULL-terminated). */
static void assert_changed_keys(json_t *entry, const char *const *keys)
{
	json_t *ch = json_object_get(entry, "changes");
	ck_assert_msg(json_is_object(ch), "changes is not an object");
	size_t n = 0;
	for (const char *const *k = keys; *k; k++, n++)
		ck_assert_msg(json_object_get(ch, *k) != NULL, "changes lacks %s: %s", *k,
			      json_dumps(ch, JSON_COMPACT));
	ck_assert_msg(json_object_size(ch) == n, "changes has %zu keys, expected %zu: %s",
		      json_object_size(ch), n, json_dumps(ch, JSON_COMPACT));
}

/* changes.<key>.before / .after as compact JSON text (static ring). */
static const char *change(json_t *entry, const char *key, const char *side)
{
	static char ring[8][512];
	static int slot;
	char *out = ring[slot++ % 8];
	json_t *v = json_object_get(json_object_get(json_object_get(entry, "changes"), key), side);
	char *t = v ? json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
	snprintf(out, 512, "%s", t ? t : "(missing)");
	free(t);
	return out;
}

/* The who/where/which of an entry written by the admin. */
static void assert_entry(json_t *e, const char *id, const char *action, const char *rid)
{
	ck_assert_msg(e != NULL, "no audit entry");
	ck_assert_str_eq(t_str(e, "action"), action);
	ck_assert_str_eq(t_str(e, "entity"), "designation");
	ck_assert_str_eq(t_str(e, "entityId"), id);
	ck_assert_str_eq(t_str(e, "municipalityCode"), OWN);
	ck_assert_msg(t_str(e, "tokenId") && !strcmp(t_str(e, "tokenId"), admin.id),
		      "tokenId %s, expected %s", t_str(e, "tokenId"), admin.id);
	ck_assert_str_eq(t_str(e, "tokenLabel"), LABEL);
	/* the server's own id, and the client's beside it */
	ck_assert_msg(t_str(e, "requestId") && !strcmp(t_str(e, "requestId"), served(rid)),
		      "requestId %s, expected %s", t_str(e, "requestId"), served(rid));
	ck_assert_msg(t_str(e, "clientRequestId") && !strcmp(t_str(e, "clientRequestId"), rid),
		      "clientRequestId %s, expected %s", t_str(e, "clientRequestId"), rid);
	const char *at = t_str(e, "at");
	ck_assert_msg(at && strlen(at) == 24 && at[10] == 'T' && at[23] == 'Z', "at %s", at);
	ck_assert_int_gt(t_int(e, "id"), 0);
}

/* The row in the database, as the superuser: exactly one for this
 * designation and request, with the token id. */
static void assert_one_db_row(const char *id, const char *rid, const char *action)
{
	const char *p2[] = { id, served(rid), rid, NULL };
	ck_assert_int_eq(eh_pg_long(eh_db(),
				    "SELECT count(*) FROM audit_log WHERE entity_id = $1"
				    " AND request_id = $2 AND client_request_id = $3",
				    p2),
			 1);
	const char *p[] = { id, served(rid), action, admin.id, LABEL, NULL };
	ck_assert_int_eq(eh_pg_long(eh_db(),
				    "SELECT count(*) FROM audit_log WHERE entity_id = $1"
				    " AND request_id = $2 AND action = $3 AND token_id = $4::uuid"
				    " AND token_label = $5 AND municipality_code = 'GM0505'"
				    " AND entity = 'designation'",
				    p),
			 1);
}

/* ---- one row per write ------------------------------------------------------------ */

START_TEST(create_appends_one_row_with_every_field)
{
	const char *rid = new_request_id();
	long before = audit_total();
	char *sq = fresh_square();
	char *b = eh_create_body(OWN, "Audit A", sq, start_date(), end_date());
	tresp *r = as_admin("POST", "/api/v1/designations", b, rid, NULL);
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	ck_assert_str_ne(t_header(r, "X-Request-Id"), rid);
	char *id = strdup(t_str(r->json, "id"));
	t_free(r);
	ck_assert_int_eq(audit_total(), before + 1);
	assert_one_db_row(id, rid, "create");

	tresp *h = history(id);
	ck_assert_int_eq(t_int(h->json, "numberMatched"), 1);
	ck_assert_uint_eq(nitems(h), 1);
	json_t *e = item(h, 0);
	assert_entry(e, id, "create", rid);
	/* every field is new: before null, after its value */
	ck_assert_str_eq(change(e, "name", "before"), "null");
	ck_assert_str_eq(change(e, "name", "after"), "\"Audit A\"");
	ck_assert_str_eq(change(e, "municipalityCode", "after"), "\"GM0505\"");
	ck_assert_str_eq(change(e, "kind", "after"), "\"area\"");
	ck_assert_str_eq(change(e, "measures", "after"), "[\"art8\"]");
	ck_assert_str_eq(change(e, "version", "before"), "null");
	ck_assert_str_eq(change(e, "version", "after"), "1");
	char want[64];
	snprintf(want, sizeof(want), "\"%s\"", start_date());
	ck_assert_str_eq(change(e, "designatedFrom", "after"), want);
	snprintf(want, sizeof(want), "\"%s\"", end_date());
	ck_assert_str_eq(change(e, "designatedUntil", "after"), want);
	json_t *g = json_object_get(json_object_get(json_object_get(e, "changes"), "geometry"),
				    "after");
	ck_assert_str_eq(t_str(g, "type"), "MultiPolygon");
	json_t *periods = json_object_get(json_object_get(json_object_get(e, "changes"), "periods"),
					  "after");
	ck_assert_uint_eq(json_array_size(periods), 1);
	ck_assert_str_eq(t_str(json_array_get(periods, 0), "decisionReference"), "Stcrt. test");
	ck_assert_str_eq(t_str(json_array_get(periods, 0), "kind"), "initial");
	t_free(h);
	free(id);
	free(b);
	free(sq);
}
END_TEST

START_TEST(patch_appends_one_row_with_the_changed_fields_before_and_after)
{
	char *id = create("Name A", new_request_id());
	const char *rid = new_request_id();
	long before = audit_total();
	tresp *r = as_admin("PATCH", dpath(id, ""), "{\"name\":\"Name B\"}", rid, NULL);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	t_free(r);
	ck_assert_int_eq(audit_total(), before + 1);
	assert_one_db_row(id, rid, "update");
	tresp *h = history(id);
	ck_assert_int_eq(t_int(h->json, "numberMatched"), 2);
	json_t *e = item(h, 1);
	assert_entry(e, id, "update", rid);
	static const char *const keys[] = { "name", "version", NULL };
	assert_changed_keys(e, keys);
	ck_assert_str_eq(change(e, "name", "before"), "\"Name A\"");
	ck_assert_str_eq(change(e, "name", "after"), "\"Name B\"");
	ck_assert_str_eq(change(e, "version", "before"), "1");
	ck_assert_str_eq(change(e, "version", "after"), "2");
	t_free(h);

	/* a merge patch of measures and kind: those two (and the version) */
	rid = new_request_id();
	r = as_admin("PATCH", dpath(id, ""), "{\"measures\":[\"art8\",\"art10\"],\"kind\":\"street\"}",
		     rid, "Content-Type: application/merge-patch+json");
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	t_free(r);
	h = history(id);
	ck_assert_uint_eq(nitems(h), 3);
	e = item(h, 2);
	assert_entry(e, id, "update", rid);
	static const char *const keys2[] = { "measures", "kind", "version", NULL };
	assert_changed_keys(e, keys2);
	ck_assert_str_eq(change(e, "kind", "before"), "\"area\"");
	ck_assert_str_eq(change(e, "kind", "after"), "\"street\"");
	ck_assert_str_eq(change(e, "measures", "before"), "[\"art8\"]");
	ck_assert_str_eq(change(e, "measures", "after"), "[\"art8\",\"art10\"]");
	t_free(h);
	free(id);
}
END_TEST

START_TEST(extension_appends_one_row_with_the_new_period)
{
	char *id = create("Extended", new_request_id());
	const char *rid = new_request_id();
	long before = audit_total();
	char body[160];
	const char *new_end = eh_today_plus(365 + 700);
	snprintf(body, sizeof(body), "{\"end\":\"%s\",\"decisionReference\":\"Stcrt. ext 1\"}",
		 new_end);
	tresp *r = as_admin("POST", dpath(id, "/extensions"), body, rid, NULL);
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	t_free(r);
	ck_assert_int_eq(audit_total(), before + 1);
	assert_one_db_row(id, rid, "extend");
	tresp *h = history(id);
	ck_assert_uint_eq(nitems(h), 2);
	json_t *e = item(h, 1);
	assert_entry(e, id, "extend", rid);
	static const char *const keys[] = { "periods", "designatedUntil", "version", NULL };
	assert_changed_keys(e, keys);
	char want[64];
	snprintf(want, sizeof(want), "\"%s\"", end_date());
	ck_assert_str_eq(change(e, "designatedUntil", "before"), want);
	snprintf(want, sizeof(want), "\"%s\"", new_end);
	ck_assert_str_eq(change(e, "designatedUntil", "after"), want);
	json_t *ch = json_object_get(json_object_get(e, "changes"), "periods");
	ck_assert_uint_eq(json_array_size(json_object_get(ch, "before")), 1);
	json_t *after = json_object_get(ch, "after");
	ck_assert_uint_eq(json_array_size(after), 2);
	json_t *p2 = json_array_get(after, 1);
	ck_assert_int_eq(t_int(p2, "sequence"), 2);
	ck_assert_str_eq(t_str(p2, "kind"), "extension");
	ck_assert_str_eq(t_str(p2, "end"), new_end);
	ck_assert_str_eq(t_str(p2, "decisionReference"), "Stcrt. ext 1");
	t_free(h);
	free(id);
}
END_TEST

START_TEST(withdrawal_appends_one_row_with_the_withdrawal)
{
	char *id = create("Withdrawn", new_request_id());
	const char *rid = new_request_id();
	long before = audit_total();
	char body[160];
	snprintf(body, sizeof(body), "{\"on\":\"%s\",\"reason\":\"Audit reason\"}", eh_today_plus(0));
	tresp *r = as_admin("POST", dpath(id, "/withdrawal"), body, rid, NULL);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	t_free(r);
	ck_assert_int_eq(audit_total(), before + 1);
	assert_one_db_row(id, rid, "withdraw");
	tresp *h = history(id);
	ck_assert_uint_eq(nitems(h), 2);
	json_t *e = item(h, 1);
	assert_entry(e, id, "withdraw", rid);
	static const char *const keys[] = { "withdrawnOn", "withdrawalReason", "designatedUntil",
					    "version", NULL };
	assert_changed_keys(e, keys);
	char want[64];
	ck_assert_str_eq(change(e, "withdrawnOn", "before"), "null");
	snprintf(want, sizeof(want), "\"%s\"", eh_today_plus(0));
	ck_assert_str_eq(change(e, "withdrawnOn", "after"), want);
	ck_assert_str_eq(change(e, "withdrawalReason", "before"), "null");
	ck_assert_str_eq(change(e, "withdrawalReason", "after"), "\"Audit reason\"");
	snprintf(want, sizeof(want), "\"%s\"", end_date());
	ck_assert_str_eq(change(e, "designatedUntil", "before"), want);
	snprintf(want, sizeof(want), "\"%s\"", eh_today_plus(-1));
	ck_assert_str_eq(change(e, "designatedUntil", "after"), want);
	ck_assert_str_eq(change(e, "version", "after"), "2");
	t_free(h);
	free(id);
}
END_TEST

/* Without X-Request-Id (or with one the server does not keep) the row
 * carries the id the server generated and sent back. */
START_TEST(the_row_carries_the_generated_request_id_when_none_is_sent)
{
	char *id = create("Generated rid", NULL);
	tresp *h = history(id);
	const char *stored = t_str(item(h, 0), "requestId");
	ck_assert_msg(stored && strlen(stored) == 24, "requestId %s", stored);
	t_free(h);

	/* a request id with characters the server does not keep is replaced */
	tresp *r = as_admin("PATCH", dpath(id, ""), "{\"name\":\"rid replaced\"}",
			    "not a valid id!", NULL);
	ck_assert_int_eq(r->status, 200);
	char sent_back[64];
	snprintf(sent_back, sizeof(sent_back), "%s", t_header(r, "X-Request-Id"));
	ck_assert_str_ne(sent_back, "not a valid id!");
	t_free(r);
	h = history(id);
	ck_assert_uint_eq(nitems(h), 2);
	ck_assert_str_eq(t_str(item(h, 1), "requestId"), sent_back);
	ck_assert(json_is_null(json_object_get(item(h, 1), "clientRequestId")));
	ck_assert(json_is_null(json_object_get(item(h, 0), "clientRequestId")));
	t_free(h);
	free(id);
}
END_TEST

/* A client cannot choose the audit row's requestId, nor collide with another
 * request's (issue 12 point 10): the server's own id is stored and answered;
 * the client's is kept as clientRequestId when well-formed (1-64 characters
 * of A-Z a-z 0-9 . _ : -), dropped otherwise. */
START_TEST(a_client_cannot_choose_or_collide_the_request_id)
{
	char *id = create("Forged rid", NULL);
	tresp *h = history(id);
	char first[64];
	snprintf(first, sizeof(first), "%s", t_str(item(h, 0), "requestId"));
	t_free(h);
	char long_id[70];
	memset(long_id, 'a', 65);
	long_id[65] = '\0';
	static const struct { const char *sent; bool kept; } cases[] = {
		{ NULL, true },  /* the first write's own id, sent back as if the client's */
		{ "ext-42:retry.1_A", true },
		{ "has space", false },
		{ NULL, false }, /* 65 characters */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *rid = cases[i].sent ? cases[i].sent : i == 0 ? first : long_id;
		char body[64];
		snprintf(body, sizeof(body), "{\"name\":\"forged %zu\"}", i);
		tresp *r = as_admin_raw("PATCH", dpath(id, ""), body, rid, NULL);
		ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
		char answered[64];
		snprintf(answered, sizeof(answered), "%s", t_header(r, "X-Request-Id"));
		t_free(r);
		ck_assert_str_ne(answered, rid);
		ck_assert_uint_eq(strlen(answered), 24);
		h = history(id);
		json_t *e = item(h, i + 1);
		ck_assert_str_eq(t_str(e, "requestId"), answered);
		if (cases[i].kept)
			ck_assert_str_eq(t_str(e, "clientRequestId"), rid);
		else
			ck_assert(json_is_null(json_object_get(e, "clientRequestId")));
		t_free(h);
	}
	const char *p[] = { first, NULL };
	ck_assert_int_eq(eh_pg_long(eh_db(), "SELECT count(*) FROM audit_log WHERE request_id = $1",
				    p),
			 1);
	free(id);
}
END_TEST

/* A replayed idempotent request changes nothing, so it appends nothing. */
START_TEST(an_idempotent_replay_appends_no_row)
{
	char *id = create("Idempotent", new_request_id());
	char body[160];
	snprintf(body, sizeof(body), "{\"end\":\"%s\",\"decisionReference\":\"Stcrt. idem\"}",
		 eh_today_plus(365 + 400));
	tresp *r = as_admin("POST", dpath(id, "/extensions"), body, new_request_id(),
			    "Idempotency-Key: audit-idem-1");
	ck_assert_int_eq(r->status, 201);
	t_free(r);
	long before = audit_total();
	r = as_admin("POST", dpath(id, "/extensions"), body, new_request_id(),
		     "Idempotency-Key: audit-idem-1");
	ck_assert_int_eq(r->status, 201);
	ck_assert_str_eq(t_header(r, "Idempotent-Replayed"), "true");
	t_free(r);
	ck_assert_int_eq(audit_total(), before);
	tresp *h = history(id);
	ck_assert_uint_eq(nitems(h), 2);
	t_free(h);
	free(id);
}
END_TEST

/* ---- refused writes append nothing ---------------------------------------------------- */

START_TEST(refused_writes_append_no_row)
{
	char *id = create("Refusals", new_request_id());
	char *gone = create("Refusals, withdrawn", new_request_id());
	char wbody[160];
	snprintf(wbody, sizeof(wbody), "{\"on\":\"%s\",\"reason\":\"gone\"}", eh_today_plus(0));
	tresp *r = as_admin("POST", dpath(gone, "/withdrawal"), wbody, NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	t_free(r);

	char *sq = fresh_square();
	char *bad_period = eh_create_body(OWN, "bad period", sq, end_date(), start_date());
	char *other_muni = eh_create_body("GM0599", "other municipality", sq, start_date(),
					  end_date());
	char too_long[160], out_of_range[160], ext_ok[160];
	snprintf(too_long, sizeof(too_long), "{\"end\":\"%s\",\"decisionReference\":\"x\"}",
		 eh_today_plus(365 + 5 * 366));
	snprintf(out_of_range, sizeof(out_of_range), "{\"on\":\"%s\",\"reason\":\"x\"}",
		 eh_today_plus(2000));
	snprintf(ext_ok, sizeof(ext_ok), "{\"end\":\"%s\",\"decisionReference\":\"x\"}",
		 eh_today_plus(365 + 300));
	char id_path[160], ext_path[160], wdr_path[160], gone_ext[160], gone_wdr[160];
	snprintf(id_path, sizeof(id_path), "%s", dpath(id, ""));
	snprintf(ext_path, sizeof(ext_path), "%s", dpath(id, "/extensions"));
	snprintf(wdr_path, sizeof(wdr_path), "%s", dpath(id, "/withdrawal"));
	snprintf(gone_ext, sizeof(gone_ext), "%s", dpath(gone, "/extensions"));
	snprintf(gone_wdr, sizeof(gone_wdr), "%s", dpath(gone, "/withdrawal"));

	const struct {
		const char *what, *method, *path, *body, *header;
		const tkey *tok;
		long status;
		const char *code;
	} cases[] = {
		{ "create, end before start", "POST", "/api/v1/designations", bad_period, NULL,
		  &admin, 422, "end-before-start" },
		{ "create for another municipality", "POST", "/api/v1/designations", other_muni, NULL,
		  &admin, 422, "other-municipality" },
		{ "empty patch", "PATCH", id_path, "{}", NULL, &admin, 422, "invalid-input" },
		{ "extension over four years", "POST", ext_path, too_long, NULL, &admin, 422, NULL },
		{ "withdrawal out of range", "POST", wdr_path, out_of_range, NULL, &admin, 422, NULL },
		{ "extension of a withdrawn designation", "POST", gone_ext, ext_ok, NULL, &admin, 409,
		  "designation-withdrawn" },
		{ "second withdrawal", "POST", gone_wdr, wbody, NULL, &admin, 409,
		  "already-withdrawn" },
		{ "patch with a stale If-Match", "PATCH", id_path, "{\"name\":\"stale\"}",
		  "If-Match: \"99\"", &admin, 412, "stale-version" },
		{ "extension with a stale If-Match", "POST", ext_path, ext_ok, "If-Match: \"99\"",
		  &admin, 412, "stale-version" },
		{ "withdrawal with a stale If-Match", "POST", wdr_path, wbody, "If-Match: \"99\"",
		  &admin, 412, "stale-version" },
		{ "patch by a reader", "PATCH", id_path, "{\"name\":\"reader\"}", NULL, &reader, 403,
		  "insufficient-role" },
		{ "patch by another municipality", "PATCH", id_path, "{\"name\":\"other\"}", NULL,
		  &other, 404, "not-found" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		long before = audit_total();
		eh_snapshot snap;
		eh_snapshot_take(eh_db(), &snap);
		const char *h[] = { cases[i].tok->header, cases[i].header, NULL };
		tresp *x = t_request(BASE, cases[i].method, cases[i].path, cases[i].body, h);
		ck_assert_msg(x->status == cases[i].status, "%s: %ld, expected %ld: %s",
			      cases[i].what, x->status, cases[i].status, x->body);
		if (cases[i].code)
			ck_assert_msg(t_str(x->json, "code") && !strcmp(t_str(x->json, "code"),
									 cases[i].code),
				      "%s: %s", cases[i].what, x->body);
		t_free(x);
		ck_assert_msg(audit_total() == before, "%s appended an audit row", cases[i].what);
		eh_assert_unchanged(eh_db(), &snap);
	}
	tresp *h = history(id);
	ck_assert_uint_eq(nitems(h), 1);
	t_free(h);
	free(bad_period);
	free(other_muni);
	free(sq);
	free(id);
	free(gone);
}
END_TEST

/* ---- GET /api/v1/audit-log ------------------------------------------------------------- */

/* A designation with four rows (create, update, extend, withdraw), 20 ms
 * apart so their times differ. */
static char *four_rows(const char *name)
{
	char *id = create(name, new_request_id());
	usleep(20000);
	tresp *r = as_admin("PATCH", dpath(id, ""), "{\"name\":\"four rows B\"}", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	t_free(r);
	usleep(20000);
	char body[160];
	snprintf(body, sizeof(body), "{\"end\":\"%s\",\"decisionReference\":\"x\"}",
		 eh_today_plus(365 + 100));
	r = as_admin("POST", dpath(id, "/extensions"), body, NULL, NULL);
	ck_assert_int_eq(r->status, 201);
	t_free(r);
	usleep(20000);
	snprintf(body, sizeof(body), "{\"on\":\"%s\",\"reason\":\"x\"}", eh_today_plus(0));
	r = as_admin("POST", dpath(id, "/withdrawal"), body, NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	t_free(r);
	return id;
}

static const char *actions(tresp *r)
{
	static char buf[256];
	buf[0] = '\0';
	for (size_t i = 0; i < nitems(r); i++)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s", i ? "," : "",
			 t_str(item(r, i), "action"));
	return buf;
}

START_TEST(filters_entity_and_entity_id)
{
	char *id = four_rows("filters");
	char q[160];
	snprintf(q, sizeof(q), "entityId=%s", id);
	tresp *r = audit_get(&admin, q);
	ck_assert_int_eq(t_int(r->json, "numberMatched"), 4);
	ck_assert_str_eq(actions(r), "create,update,extend,withdraw"); /* oldest first */
	for (size_t i = 1; i < 4; i++)
		ck_assert_int_gt(t_int(item(r, i), "id"), t_int(item(r, i - 1), "id"));
	t_free(r);
	snprintf(q, sizeof(q), "entity=api-token&entityId=%s", id);
	r = audit_get(&admin, q);
	ck_assert_int_eq(t_int(r->json, "numberMatched"), 0);
	ck_assert_uint_eq(nitems(r), 0);
	t_free(r);

	r = audit_get(&admin, "entity=designation&limit=1000");
	ck_assert_int_ge(t_int(r->json, "numberMatched"), 4);
	for (size_t i = 0; i < nitems(r); i++) {
		ck_assert_str_eq(t_str(item(r, i), "entity"), "designation");
		ck_assert_str_eq(t_str(item(r, i), "municipalityCode"), OWN);
	}
	t_free(r);

	/* token management is in the trail too: entity api-token, no token or
	 * request id, the label among the changes, never the token or its hash */
	r = audit_get(&admin, "entity=api-token&limit=1000");
	ck_assert_int_ge(t_int(r->json, "numberMatched"), 2);
	json_t *mine = NULL;
	for (size_t i = 0; i < nitems(r); i++) {
		json_t *e = item(r, i);
		ck_assert_str_eq(t_str(e, "entity"), "api-token");
		ck_assert_str_eq(t_str(e, "municipalityCode"), OWN);
		if (!strcmp(t_str(e, "entityId"), admin.id))
			mine = e;
	}
	ck_assert_msg(mine != NULL, "no api-token row for %s: %s", admin.id, r->body);
	ck_assert_str_eq(t_str(mine, "action"), "create");
	ck_assert(json_is_null(json_object_get(mine, "tokenId")));
	ck_assert(json_is_null(json_object_get(mine, "requestId")));
	char want[64];
	snprintf(want, sizeof(want), "\"%s\"", LABEL);
	ck_assert_str_eq(change(mine, "label", "after"), want);
	ck_assert_str_eq(change(mine, "role", "after"), "\"admin\"");
	ck_assert_ptr_null(strstr(r->body, admin.token));
	t_free(r);

	/* a revoke is recorded as well */
	tkey k;
	tkey_create(conninfo, OWN, "reader", "audit revoke", &k);
	ck_assert_int_eq(tkey_revoke(conninfo, k.id), 0);
	snprintf(q, sizeof(q), "entity=api-token&entityId=%s", k.id);
	r = audit_get(&admin, q);
	ck_assert_str_eq(actions(r), "create,revoke");
	ck_assert_str_eq(change(item(r, 1), "revokedAt", "before"), "null");
	t_free(r);
	free(id);
}
END_TEST

START_TEST(filters_since_a_timestamp_or_a_date)
{
	char *id = four_rows("since");
	char q[256];
	snprintf(q, sizeof(q), "entityId=%s", id);
	tresp *all = audit_get(&admin, q);
	ck_assert_uint_eq(nitems(all), 4);
	char at_update[40];
	snprintf(at_update, sizeof(at_update), "%s", t_str(item(all, 1), "at"));
	t_free(all);

	static const struct {
		const char *since; /* NULL: the time of the update row */
		long want;
	} cases[] = {
		{ NULL, 3 },
		{ "2000-01-01T00:00:00Z", 4 },
		{ "2000-01-01t00:00:00z", 4 },
		{ "2000-01-01T00:00:00.5%2B01:00", 4 },
		{ "2999-01-01T00:00:00-05:00", 0 },
		{ "2999-12-31T23:59:59.999999Z", 0 },
		{ "2000-01-01", 4 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(q, sizeof(q), "entityId=%s&since=%s", id,
			 cases[i].since ? cases[i].since : at_update);
		tresp *r = audit_get(&admin, q);
		ck_assert_msg(t_int(r->json, "numberMatched") == cases[i].want &&
				      (long)nitems(r) == cases[i].want,
			      "since=%s: %lld matched, %zu items, expected %ld", cases[i].since
										? cases[i].since
										: at_update,
			      t_int(r->json, "numberMatched"), nitems(r), cases[i].want);
		if (!cases[i].since)
			ck_assert_str_eq(actions(r), "update,extend,withdraw");
		t_free(r);
	}
	/* dates: today (Europe/Amsterdam) includes rows made just now, tomorrow none */
	snprintf(q, sizeof(q), "entityId=%s&since=%s", id, eh_today_plus(-1));
	tresp *r = audit_get(&admin, q);
	ck_assert_int_eq(t_int(r->json, "numberMatched"), 4);
	t_free(r);
	snprintf(q, sizeof(q), "entityId=%s&since=%s", id, eh_today_plus(1));
	r = audit_get(&admin, q);
	ck_assert_int_eq(t_int(r->json, "numberMatched"), 0);
	ck_assert_uint_eq(nitems(r), 0);
	t_free(r);
	free(id);
}
END_TEST

START_TEST(a_malformed_since_is_400_naming_since)
{
	static const char *const bad[] = {
		"yesterday", "2026-02-30", "2026-13-01", "2026-11-28T25:00:00Z",
		"2026-11-28T09:00:00", "2026-11-28T09:00Z", "28-11-2026", "2026-11-28T09:00:00%2B1",
		"2026-11-28T09:00:00Zjunk", "20261128", "",
	};
	const char *h[] = { admin.header, NULL };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char path[160];
		snprintf(path, sizeof(path), "/api/v1/audit-log?since=%s", bad[i]);
		tresp *r = t_request(BASE, "GET", path, NULL, h);
		ck_assert_msg(r->status == 400, "since=%s: %ld %s", bad[i], r->status, r->body);
		eh_assert_problem(r, 400, "invalid-query-parameter", path);
		eh_assert_param(r, "since", "invalid-timestamp");
		t_free(r);
	}
}
END_TEST

START_TEST(pages_with_number_matched_and_a_next_link)
{
	char *id = four_rows("paging");
	char q[160];
	snprintf(q, sizeof(q), "entityId=%s&limit=3", id);
	tresp *r = audit_get(&admin, q);
	ck_assert_int_eq(t_int(r->json, "numberMatched"), 4);
	ck_assert_str_eq(actions(r), "create,update,extend");
	const char *next = eh_link(r, "next");
	ck_assert_msg(next != NULL, "no next link: %s", r->body);
	ck_assert_msg(strncmp(next, BASE, strlen(BASE)) == 0, "next %s is not under %s", next, BASE);
	ck_assert_msg(strstr(next, id) != NULL, "next link %s loses the entityId filter", next);
	ck_assert_ptr_null(eh_link(r, "prev"));
	ck_assert_ptr_nonnull(eh_link(r, "self"));
	char path[512];
	snprintf(path, sizeof(path), "%s", next + strlen(BASE));
	t_free(r);

	const char *h[] = { admin.header, NULL };
	r = t_request(BASE, "GET", path, NULL, h);
	ck_assert_msg(r->status == 200, "%s: %ld %s", path, r->status, r->body);
	ck_assert_ptr_null(json_object_get(r->json, "numberMatched")); /* by cursor: not counted */
	ck_assert_str_eq(actions(r), "withdraw");
	ck_assert_ptr_null(eh_link(r, "next"));
	/* a page reached by a cursor has no prev link (keyset paging goes forward) */
	ck_assert_ptr_null(eh_link(r, "prev"));
	ck_assert_msg(strstr(path, "cursor=") && !strstr(path, "offset="), "next: %s", path);
	t_free(r);

	/* past the end: no items, still the count */
	snprintf(q, sizeof(q), "entityId=%s&limit=2&offset=10", id);
	r = audit_get(&admin, q);
	ck_assert_uint_eq(nitems(r), 0);
	ck_assert_int_eq(t_int(r->json, "numberMatched"), 4);
	t_free(r);
	free(id);
}
END_TEST

START_TEST(bad_paging_parameters_are_400_naming_them)
{
	static const struct {
		const char *query, *param;
	} bad[] = {
		{ "limit=0", "limit" },     { "limit=1001", "limit" }, { "limit=abc", "limit" },
		{ "offset=-1", "offset" }, { "offset=x", "offset" },
	};
	const char *h[] = { admin.header, NULL };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char path[160];
		snprintf(path, sizeof(path), "/api/v1/audit-log?%s", bad[i].query);
		tresp *r = t_request(BASE, "GET", path, NULL, h);
		eh_assert_problem(r, 400, "invalid-query-parameter", path);
		eh_assert_param(r, bad[i].param, NULL);
		t_free(r);
	}
}
END_TEST

/* openapi.yaml declares entity and entityId with minLength 1: an empty one
 * is an invalid query parameter (400), not a filter that matches nothing. */
START_TEST(an_empty_entity_or_entity_id_is_400)
{
	static const struct {
		const char *query, *param;
	} bad[] = { { "entity=", "entity" }, { "entityId=", "entityId" } };
	const char *h[] = { admin.header, NULL };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char path[160];
		snprintf(path, sizeof(path), "/api/v1/audit-log?%s", bad[i].query);
		tresp *r = t_request(BASE, "GET", path, NULL, h);
		ck_assert_msg(r->status == 400, "%s → %ld %s", bad[i].query, r->status, r->body);
		eh_assert_problem(r, 400, "invalid-query-parameter", path);
		eh_assert_param(r, bad[i].param, NULL);
		t_free(r);
	}
}
END_TEST

/* ---- another municipality ----------------------------------------------------------- */

START_TEST(another_municipality_sees_none_of_our_rows)
{
	char *id = four_rows("not yours");
	static const char *const queries[] = { "limit=1000", "entity=designation&limit=1000",
					       "since=2000-01-01&limit=1000", NULL };
	for (const char *const *q = queries; *q; q++) {
		tresp *r = audit_get(&other, *q);
		for (size_t i = 0; i < nitems(r); i++)
			ck_assert_msg(!strcmp(t_str(item(r, i), "municipalityCode"), "GM0599"),
				      "GM0599 sees a row of %s: %s",
				      t_str(item(r, i), "municipalityCode"), r->body);
		ck_assert_ptr_null(strstr(r->body, id));
		ck_assert_ptr_null(strstr(r->body, "\"GM0505\""));
		t_free(r);
	}
	/* it sees its own (its token's creation) */
	tresp *r = audit_get(&other, "entity=api-token");
	ck_assert_int_ge(t_int(r->json, "numberMatched"), 1);
	t_free(r);
	char q[160];
	snprintf(q, sizeof(q), "entityId=%s", id);
	r = audit_get(&other, q);
	ck_assert_int_eq(t_int(r->json, "numberMatched"), 0);
	ck_assert_uint_eq(nitems(r), 0);
	t_free(r);
	free(id);
}
END_TEST

/* ---- append-only in the database ------------------------------------------------------- */

START_TEST(the_server_role_cannot_update_or_delete_audit_rows)
{
	char *id = four_rows("append only");
	const char *p[] = { id, NULL };
	char *digest = eh_pg_value(eh_db(), "SELECT md5(string_agg(a::text, '|' ORDER BY id))"
					 " FROM audit_log a WHERE entity_id = $1", p);

	/* the grants: select, and insert of every column but id, at and txid */
	ck_assert_int_eq(eh_pg_long(eh_db(), "SELECT count(*) FROM (VALUES"
					  " (has_table_privilege('wvlv_server', 'audit_log', 'SELECT')),"
					  " (has_column_privilege('wvlv_server', 'audit_log', 'changes', 'INSERT')),"
					  " (has_column_privilege('wvlv_server', 'audit_log', 'request_id', 'INSERT')))"
					  " v(ok) WHERE ok", NULL),
			 3);
	ck_assert_int_eq(eh_pg_long(eh_db(), "SELECT count(*) FROM (VALUES"
					  " (has_column_privilege('wvlv_server', 'audit_log', 'at', 'INSERT')),"
					  " (has_column_privilege('wvlv_server', 'audit_log', 'txid', 'INSERT')),"
					  " (has_column_privilege('wvlv_server', 'audit_log', 'id', 'INSERT')),"
					  " (has_any_column_privilege('wvlv_server', 'audit_log', 'UPDATE')))"
					  " v(ok) WHERE ok", NULL),
			 0);
	ck_assert_int_eq(eh_pg_long(eh_db(), "SELECT count(*) FROM (VALUES"
					  " (has_table_privilege('wvlv_server', 'audit_log', 'UPDATE')),"
					  " (has_table_privilege('wvlv_server', 'audit_log', 'DELETE')),"
					  " (has_table_privilege('wvlv_server', 'audit_log', 'TRUNCATE')))"
					  " v(ok) WHERE ok", NULL),
			 0);

	wvlv_db *s = testdb_connect(conninfo, WVLV_SERVER_ROLE);
	ck_assert_ptr_nonnull(s);
	wvlv_caller gm = { .role = WVLV_ROLE_ADMIN };
	snprintf(gm.municipality_code, sizeof(gm.municipality_code), "%s", OWN);
	snprintf(gm.token_id, sizeof(gm.token_id), "%s", admin.id);
	snprintf(gm.label, sizeof(gm.label), "%s", LABEL);
	char sql[6][256];
	snprintf(sql[0], sizeof(sql[0]), "UPDATE audit_log SET action = 'rewritten' WHERE entity_id = '%s'", id);
	snprintf(sql[1], sizeof(sql[1]), "UPDATE audit_log SET changes = '{}' WHERE entity_id = '%s'", id);
	snprintf(sql[2], sizeof(sql[2]), "DELETE FROM audit_log WHERE entity_id = '%s'", id);
	snprintf(sql[3], sizeof(sql[3]), "DELETE FROM audit_log");
	snprintf(sql[4], sizeof(sql[4]), "DELETE FROM audit_log WHERE false");
	snprintf(sql[5], sizeof(sql[5]), "TRUNCATE audit_log");
	for (size_t i = 0; i < 6; i++) {
		wvlv_error err;
		wvlv_error_clear(&err);
		ck_assert_int_eq(wvlv_db_begin(s, &err), WVLV_OK);
		ck_assert_int_eq(wvlv_db_set_caller(s, &gm, &err), WVLV_OK);
		/* the rows are visible to the role: refusing them is not RLS hiding them */
		ck_assert_msg(wvlv_db_exec_script(s, "DO $$ BEGIN IF (SELECT count(*) FROM audit_log"
						     " WHERE municipality_code = 'GM0505') < 4 THEN"
						     " RAISE 'rows not visible'; END IF; END $$",
						  &err) == WVLV_OK,
			      "the server role cannot read its audit rows: %s", err.detail);
		wvlv_status st = wvlv_db_exec_script(s, sql[i], &err);
		ck_assert_msg(st == WVLV_EDB, "%s: %s", sql[i], wvlv_status_name(st));
		ck_assert_msg(!strcmp(err.code, "permission-denied"), "%s: %s %s", sql[i], err.code,
			      err.detail);
		wvlv_db_rollback(s);
	}
	wvlv_db_close(s);
	char *after = eh_pg_value(eh_db(), "SELECT md5(string_agg(a::text, '|' ORDER BY id))"
					"  FROM audit_log a WHERE entity_id = $1", p);
	ck_assert_str_eq(after, digest);
	ck_assert_int_eq(eh_pg_long(eh_db(), "SELECT count(*) FROM audit_log WHERE entity_id = $1", p),
			 4);
	free(after);
	free(digest);
	free(id);
}
END_TEST

/* ---- the whole database: every change has its row ------------------------------------------ */

/* Run last: over every designation this program made, the audit rows
 * account for every version (each write adds one version and one row),
 * one create each, one extend per extension period, a withdraw row for each
 * withdrawal, and the latest row was written in the transaction that last
 * changed the designation. */
START_TEST(every_designation_in_the_database_has_a_row_for_every_change)
{
	long n = eh_pg_long(eh_db(), "SELECT count(*) FROM designations", NULL);
	ck_assert_int_gt(n, 10);
	static const char *const broken[] = {
		/* rows = version */
		"SELECT count(*) FROM designations d WHERE d.version <> (SELECT count(*) FROM audit_log a"
		" WHERE a.entity = 'designation' AND a.entity_id = d.id::text)",
		/* exactly one create, first */
		"SELECT count(*) FROM designations d WHERE (SELECT count(*) FROM audit_log a"
		" WHERE a.entity_id = d.id::text AND a.action = 'create') <> 1"
		" OR (SELECT a.action FROM audit_log a WHERE a.entity_id = d.id::text ORDER BY a.id"
		" LIMIT 1) <> 'create'",
		/* one extend per extension period */
		"SELECT count(*) FROM designations d WHERE (SELECT count(*) FROM audit_log a"
		" WHERE a.entity_id = d.id::text AND a.action = 'extend') <> (SELECT count(*) - 1"
		" FROM designation_periods p WHERE p.designation_id = d.id)",
		/* a withdraw row exactly when withdrawn */
		"SELECT count(*) FROM designations d WHERE (SELECT count(*) FROM audit_log a"
		" WHERE a.entity_id = d.id::text AND a.action = 'withdraw') <>"
		" (CASE WHEN d.withdrawn_on IS NULL THEN 0 ELSE 1 END)",
		/* the municipality of every row is the designation's */
		"SELECT count(*) FROM designations d JOIN audit_log a ON a.entity_id = d.id::text"
		" WHERE a.municipality_code <> d.municipality_code",
		/* the last row and the last change share a transaction */
		"SELECT count(*) FROM designations d WHERE (SELECT a.txid % 4294967296 FROM audit_log a"
		" WHERE a.entity_id = d.id::text ORDER BY a.id DESC LIMIT 1)"
		" <> d.xmin::text::bigint",
	};
	for (size_t i = 0; i < sizeof(broken) / sizeof(broken[0]); i++)
		ck_assert_msg(eh_pg_long(eh_db(), broken[i], NULL) == 0, "violated: %s", broken[i]);
}
END_TEST

/* ================================================================ */

int main(void)
{
	curl_global_init(CURL_GLOBAL_ALL);
	conninfo = testdb_create("wvlv_e2e_audit");
	eh_init(conninfo);
	PQclear(PQexec(eh_db(), "CREATE SEQUENCE e2e_squares"));
	tkey_create(conninfo, OWN, "admin", LABEL, &admin);
	tkey_create(conninfo, "GM0599", "admin", "other municipality", &other);
	tkey_create(conninfo, OWN, "reader", "reader", &reader);
	tserver_start(&srv, conninfo, NULL);

	Suite *s = suite_create("audit");
	TCase *tc = tcase_create("one row per write");
	tcase_add_test(tc, create_appends_one_row_with_every_field);
	tcase_add_test(tc, patch_appends_one_row_with_the_changed_fields_before_and_after);
	tcase_add_test(tc, extension_appends_one_row_with_the_new_period);
	tcase_add_test(tc, withdrawal_appends_one_row_with_the_withdrawal);
	tcase_add_test(tc, the_row_carries_the_generated_request_id_when_none_is_sent);
	tcase_add_test(tc, a_client_cannot_choose_or_collide_the_request_id);
	tcase_add_test(tc, an_idempotent_replay_appends_no_row);
	tcase_add_test(tc, refused_writes_append_no_row);
	suite_add_tcase(s, tc);

	tc = tcase_create("audit-log");
	tcase_add_test(tc, filters_entity_and_entity_id);
	tcase_add_test(tc, filters_since_a_timestamp_or_a_date);
	tcase_add_test(tc, a_malformed_since_is_400_naming_since);
	tcase_add_test(tc, pages_with_number_matched_and_a_next_link);
	tcase_add_test(tc, bad_paging_parameters_are_400_naming_them);
	tcase_add_test(tc, an_empty_entity_or_entity_id_is_400);
	tcase_add_test(tc, another_municipality_sees_none_of_our_rows);
	suite_add_tcase(s, tc);

	tc = tcase_create("database");
	tcase_add_test(tc, the_server_role_cannot_update_or_delete_audit_rows);
	tcase_add_test(tc, every_designation_in_the_database_has_a_row_for_every_change);
	suite_add_tcase(s, tc);

	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	int stop = tserver_stop(&srv);
	if (stop != 0) {
		fprintf(stderr, "wvlv serve did not stop cleanly (status %d)\n", stop);
		failed++;
	}
	return failed ? 1 : 0;
}
