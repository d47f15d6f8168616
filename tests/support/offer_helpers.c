/* offer_helpers.c — see offer_helpers.h. */
#include "offer_helpers.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "e2e_helpers.h"

/* ---- designations ------------------------------------------------------------ */

char *oh_designation(const char *base, const char *muni, const char *name, const char *measures,
		     double lon, double lat, double size, const char *start, const char *end)
{
	char *g = eh_square(lon, lat, size);
	char *b = NULL;
	if (asprintf(&b,
		     "{\"municipalityCode\":\"%s\",\"kind\":\"area\",\"name\":\"%s\",\"measures\":%s,"
		     "\"geometry\":%s,\"firstPeriod\":{\"start\":\"%s\",\"end\":\"%s\","
		     "\"decisionReference\":\"Stcrt. offers\"}}",
		     muni, name, measures, g, start, end) < 0)
		abort();
	tresp *r = eh_request(base, "POST", "/api/v1/designations", b, NULL);
	ck_assert_msg(r->status == 201, "designation %s: %ld %s", name, r->status, r->body);
	char *id = strdup(t_str(r->json, "id"));
	t_free(r);
	free(b);
	free(g);
	return id;
}

/* ---- bodies -------------------------------------------------------------------- */

const char *oh_unique_parcel(void)
{
	static char ring[8][32];
	static unsigned n;
	char *buf = ring[n % 8];
	unsigned section = n++ % 676;
	snprintf(buf, sizeof(ring[0]), "DDT01 %c%c %ld", 'A' + (int)(section / 26),
		 'A' + (int)(section % 26), (long)getpid() % 99999 + 1);
	return buf;
}

char *oh_offer_body(const char *muni, const char *received_on, double lon, double lat)
{
	char *s = NULL;
	if (asprintf(&s,
		     "{\"municipalityCode\":\"%s\",\"receivedOn\":\"%s\","
		     "\"property\":{\"cadastralParcels\":[\"%s\"],"
		     "\"bagIds\":[\"0505010000012345\"],"
		     "\"address\":{\"street\":\"Voorstraat\",\"houseNumber\":\"12\","
		     "\"postalCode\":\"3311AA\",\"city\":\"Dordrecht\"},"
		     "\"location\":{\"type\":\"Point\",\"coordinates\":[%.10g,%.10g]}},"
		     "\"owner\":{\"name\":\"J. de Vries\",\"email\":\"devries@example.nl\","
		     "\"phone\":\"+31 78 123 4567\"},"
		     "\"askingPrice\":\"350000.00\"}",
		     muni, received_on, oh_unique_parcel(), lon, lat) < 0)
		abort();
	return s;
}

char *oh_with(const char *body, const char *path, const char *value)
{
	json_error_t je;
	json_t *b = json_loads(body, 0, &je);
	ck_assert_msg(b != NULL, "not JSON (%s): %s", je.text, body);
	char k[128];
	snprintf(k, sizeof(k), "%s", path);
	json_t *obj = b;
	char *seg = k, *dot;
	while ((dot = strchr(seg, '.')) != NULL) {
		*dot = '\0';
		obj = json_object_get(obj, seg);
		ck_assert_msg(json_is_object(obj), "no object %s on the way to %s", seg, path);
		seg = dot + 1;
	}
	if (value) {
		json_t *v = json_loads(value, JSON_DECODE_ANY, &je);
		ck_assert_msg(v != NULL, "not JSON: %s", value);
		json_object_set_new(obj, seg, v);
	} else {
		json_object_del(obj, seg);
	}
	char *s = json_dumps(b, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(b);
	return s;
}

/* ---- requests ---------------------------------------------------------------------- */

tresp *oh_req(const char *base, const char *auth, const char *method, const char *path,
	      const char *body, const char *const *headers)
{
	const char *h[32];
	int n = 0;
	for (const char *const *p = headers; p && *p && n < 30; p++)
		h[n++] = *p;
	if (auth)
		h[n++] = auth;
	h[n] = NULL;
	return t_request(base, method, path, body, h);
}

tresp *oh_create(const char *base, const char *auth, const char *body)
{
	tresp *r = oh_req(base, auth, "POST", "/api/v1/sale-notifications", body, NULL);
	ck_assert_msg(r->status == 201, "create offer: %ld %s\nbody: %s", r->status, r->body, body);
	ck_assert_ptr_nonnull(t_str(r->json, "id"));
	return r;
}

char *oh_create_id(const char *base, const char *auth, const char *body)
{
	tresp *r = oh_create(base, auth, body);
	char *id = strdup(t_str(r->json, "id"));
	t_free(r);
	return id;
}

tresp *oh_event(const char *base, const char *auth, const char *id, const char *type,
		const char *on, const char *members, const char *const *headers)
{
	char *b = NULL;
	if (asprintf(&b, "{\"type\":\"%s\",\"on\":\"%s\"%s%s}", type, on, members ? "," : "",
		     members ? members : "") < 0)
		abort();
	tresp *r = oh_req(base, auth, "POST", oh_path(id, "/events"), b, headers);
	free(b);
	return r;
}

void oh_event_ok(const char *base, const char *auth, const char *id, const char *type,
		 const char *on, const char *members, const char *want_status)
{
	tresp *r = oh_event(base, auth, id, type, on, members, NULL);
	ck_assert_msg(r->status == 201, "%s on %s: %ld %s", type, on, r->status, r->body);
	ck_assert_msg(strcmp(oh_s(r->json, "status"), want_status) == 0,
		      "%s on %s: status %s, want %s", type, on, oh_s(r->json, "status"),
		      want_status);
	t_free(r);
}

tresp *oh_get(const char *base, const char *auth, const char *id)
{
	tresp *r = oh_req(base, auth, "GET", oh_path(id, NULL), NULL, NULL);
	ck_assert_msg(r->status == 200, "GET offer %s: %ld %s", id, r->status, r->body);
	return r;
}

const char *oh_path(const char *id, const char *suffix)
{
	static _Thread_local char ring[8][160];
	static _Thread_local int slot;
	char *p = ring[slot++ % 8];
	snprintf(p, sizeof(ring[0]), "/api/v1/sale-notifications/%s%s", id, suffix ? suffix : "");
	return p;
}

/* ---- the database -------------------------------------------------------------- */

static const char SNAPSHOT_SQL[] =
	"SELECT (SELECT count(*) FROM sale_notifications),"
	" (SELECT count(*) FROM sale_notification_events),"
	" (SELECT coalesce(sum(version), 0) FROM sale_notifications),"
	" (SELECT count(*) FROM audit_log),"
	" (SELECT count(*) FROM idempotency_keys),"
	" (SELECT count(*) FROM equated_holidays),"
	" (SELECT count(*) FROM designations),"
	" md5(coalesce((SELECT string_agg(s::text, '|' ORDER BY s.id) FROM sale_notifications s), '')"
	" || '#' || coalesce((SELECT string_agg(e::text, '|' ORDER BY e.sale_notification_id,"
	" e.sequence) FROM sale_notification_events e), ''))";

void oh_snapshot_take(PGconn *c, oh_snapshot *s)
{
	PGresult *res = PQexec(c, SNAPSHOT_SQL);
	ck_assert_msg(PQresultStatus(res) == PGRES_TUPLES_OK, "snapshot: %s", PQerrorMessage(c));
	s->offers = strtol(PQgetvalue(res, 0, 0), NULL, 10);
	s->events = strtol(PQgetvalue(res, 0, 1), NULL, 10);
	s->version_sum = strtol(PQgetvalue(res, 0, 2), NULL, 10);
	s->audit_rows = strtol(PQgetvalue(res, 0, 3), NULL, 10);
	s->idempotency_keys = strtol(PQgetvalue(res, 0, 4), NULL, 10);
	s->equated = strtol(PQgetvalue(res, 0, 5), NULL, 10);
	s->designations = strtol(PQgetvalue(res, 0, 6), NULL, 10);
	snprintf(s->digest, sizeof(s->digest), "%s", PQgetvalue(res, 0, 7));
	PQclear(res);
}

void oh_assert_unchanged(PGconn *c, const oh_snapshot *before)
{
	oh_snapshot now;
	oh_snapshot_take(c, &now);
	ck_assert_msg(now.offers == before->offers, "sale_notifications rows %ld → %ld",
		      before->offers, now.offers);
	ck_assert_msg(now.events == before->events, "sale_notification_events rows %ld → %ld",
		      before->events, now.events);
	ck_assert_msg(now.version_sum == before->version_sum, "sum(version) %ld → %ld",
		      before->version_sum, now.version_sum);
	ck_assert_msg(now.audit_rows == before->audit_rows, "audit_log rows %ld → %ld",
		      before->audit_rows, now.audit_rows);
	ck_assert_msg(now.idempotency_keys == before->idempotency_keys,
		      "idempotency_keys rows %ld → %ld", before->idempotency_keys,
		      now.idempotency_keys);
	ck_assert_msg(now.equated == before->equated, "equated_holidays rows %ld → %ld",
		      before->equated, now.equated);
	ck_assert_msg(now.designations == before->designations, "designations rows %ld → %ld",
		      before->designations, now.designations);
	ck_assert_msg(strcmp(now.digest, before->digest) == 0, "offer or event rows changed");
}

long oh_event_rows(PGconn *c, const char *id, const char *type)
{
	/* eh_pg_long counts parameters up to the first NULL: type goes first */
	const char *params[] = { id, NULL };
	if (!type)
		return eh_pg_long(c,
				  "SELECT count(*) FROM sale_notification_events"
				  " WHERE sale_notification_id::text = $1",
				  params);
	const char *typed[] = { id, type, NULL };
	return eh_pg_long(c,
			  "SELECT count(*) FROM sale_notification_events"
			  " WHERE sale_notification_id::text = $1 AND type = $2",
			  typed);
}

long oh_audit_rows(PGconn *c, const char *id)
{
	const char *params[] = { id, NULL };
	return eh_pg_long(c,
			  "SELECT count(*) FROM audit_log"
			  " WHERE entity = 'sale-notification' AND entity_id = $1",
			  params);
}

/* ---- assertions ------------------------------------------------------------------ */

const char *oh_param_reasons(tresp *r, const char *name)
{
	static char buf[1024];
	buf[0] = '\0';
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(r->json, "invalidParams"), i, p) {
		if (!t_str(p, "name") || strcmp(t_str(p, "name"), name) != 0)
			continue;
		size_t n = strlen(buf);
		snprintf(buf + n, sizeof(buf) - n, "%s%s", n ? "," : "",
			 t_str(p, "reason") ? t_str(p, "reason") : "?");
	}
	return buf;
}

size_t oh_nparams(tresp *r)
{
	return json_array_size(json_object_get(r->json, "invalidParams"));
}

json_t *oh_ev(json_t *offer, size_t i)
{
	json_t *e = json_array_get(json_object_get(offer, "events"), i);
	ck_assert_msg(e != NULL, "offer has no event %zu", i);
	return e;
}

const char *oh_s(json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));
	return s ? s : "(null)";
}
