/* test_offers_bad_input.c — every bad POST /api/v1/sale-notifications gets an
 * application/problem+json answer with the right status, `code` and
 * invalidParams, and changes nothing (issue 4 point 6, openapi/openapi.yaml,
 * docs/law.md §2 and §7).  Each refused request is checked against
 * the database before and after it: rows of sale_notifications and
 * sale_notification_events, sum(version), audit rows, idempotency keys,
 * equated days, designations, and a digest of every offer and event row.
 *
 * Also: duplicate submissions, with and without an Idempotency-Key. */
#include <check.h>
#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "e2e_helpers.h"
#include "http_client.h"
#include "keys_cli.h"
#include "offer_helpers.h"
#include "server_proc.h"
#include "testdb.h"

static tserver srv;
static const char *conninfo;

#define BASE   srv.base
#define OFFERS "/api/v1/sale-notifications"

static tkey clerk, reader;
/* VKR covers P_VKR from 2024-01-01 to 2027-12-31; ART8 (art8 only) covers
 * P_ART8; OTHER is GM0599's and covers P_OTHER; WITHDRAWN covers P_WD and
 * was withdrawn on 2025-01-01; LATE covers P_LATE from 2026-01-01 on. */
static char VKR[40], ART8[40], OTHER[40], WITHDRAWN[40], LATE[40];
#define P_VKR   4.665, 51.805
#define P_ART8  4.705, 51.805
#define P_OTHER 4.475, 51.925
#define P_WD    4.755, 51.805
#define P_LATE  4.805, 51.805
#define P_NONE  5.500, 52.300   /* in the Netherlands, in no designation */

/* The valid body every test breaks in one place (malloc'd). */
static char *valid(void)
{
	return oh_offer_body("GM0505", "2026-04-02", P_VKR);
}

/* valid() with the member at path set to value (JSON text) or removed. */
static char *with(const char *path, const char *value)
{
	char *b = valid();
	char *w = oh_with(b, path, value);
	free(b);
	return w;
}

/* POST body (with extra headers) as the clerk: this status and code, the
 * invalidParams entry {param, pcode} when param is given, and nothing
 * changed in the database.  Returns the response. */
static tresp *expect(const char *body, const char *const *headers, long status, const char *code,
		     const char *param, const char *pcode)
{
	oh_snapshot before;
	oh_snapshot_take(eh_db(), &before);
	tresp *r = oh_req(BASE, clerk.header, "POST", OFFERS, body, headers);
	eh_assert_problem(r, status, code, OFFERS);
	if (param)
		eh_assert_param(r, param, pcode);
	oh_assert_unchanged(eh_db(), &before);
	return r;
}

static void expect_free(const char *body, const char *const *headers, long status,
			const char *code, const char *param, const char *pcode)
{
	t_free(expect(body, headers, status, code, param, pcode));
}

/* valid() with one member changed: 422 invalid-input naming it. */
static void invalid_with(const char *path, const char *value, const char *param,
			 const char *pcode)
{
	char *b = with(path, value);
	tresp *r = expect(b, NULL, 422, "invalid-input", param, pcode);
	ck_assert_msg(oh_nparams(r) == 1, "%s = %s: %zu invalidParams: %s", path,
		      value ? value : "(removed)", oh_nparams(r), r->body);
	t_free(r);
	free(b);
}

static char *point(double lon, double lat)
{
	char *s = NULL;
	if (asprintf(&s, "{\"type\":\"Point\",\"coordinates\":[%.10g,%.10g]}", lon, lat) < 0)
		abort();
	return s;
}

/* valid() at lon/lat received on `on`. */
static char *at(double lon, double lat, const char *on)
{
	return oh_offer_body("GM0505", on, lon, lat);
}

/* ============================ 400 / 413 / 415 ============================ */

START_TEST(malformed_json_is_400)
{
	char *b = valid();
	size_t n = strlen(b);
	char *truncated = strndup(b, n - 3);
	char *garbage = NULL, *dup = NULL;
	if (asprintf(&garbage, "%s {}", b) < 0 || asprintf(&dup, "{\"receivedOn\":\"2026-04-01\",%s",
							     b + 1) < 0)
		abort();
	const char *bodies[] = { truncated, garbage, dup, "", "[]", "\"offer\"", "42", "null",
				 "{'receivedOn': '2026-04-02'}", NULL };
	for (const char *const *p = bodies; *p; p++)
		expect_free(*p, NULL, 400, "malformed-json", NULL, NULL);
	/* invalid UTF-8 inside a string */
	char *bad = with("owner.name", "\"Jansen\"");
	char *j = strstr(bad, "Jansen");
	j[2] = (char)0xC3;
	j[3] = ' ';
	expect_free(bad, NULL, 400, "malformed-json", NULL, NULL);
	free(bad);
	free(dup);
	free(garbage);
	free(truncated);
	free(b);
}
END_TEST

START_TEST(a_body_that_is_not_json_by_content_type_is_415)
{
	char *b = valid();
	static const char *const types[] = { "Content-Type: text/plain",
					     "Content-Type: application/x-www-form-urlencoded",
					     "Content-Type: application/merge-patch+json",
					     "Content-Type: text/json",
					     "Content-Type: application/geo+json" };
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		const char *h[] = { types[i], NULL };
		expect_free(b, h, 415, "unsupported-media-type", NULL, NULL);
	}
	/* parameters after the type are fine */
	const char *h[] = { "Content-Type: application/json; charset=utf-8",
			    "Idempotency-Key: charset-ok", NULL };
	tresp *r = oh_req(BASE, clerk.header, "POST", OFFERS, b, h);
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	t_free(r);
	free(b);
}
END_TEST

START_TEST(an_unsupported_content_crs_is_400)
{
	char *b = valid();
	const char *h[] = { "Content-Crs: http://www.opengis.net/def/crs/EPSG/0/4326", NULL };
	expect_free(b, h, 400, "unsupported-crs", "Content-Crs", NULL);
	/* nor may the answer be asked for in another CRS */
	oh_snapshot before;
	oh_snapshot_take(eh_db(), &before);
	tresp *r = oh_req(BASE, clerk.header, "POST", OFFERS "?crs=EPSG%3A4326", b, NULL);
	eh_assert_problem(r, 400, "invalid-query-parameter", OFFERS);
	eh_assert_param(r, "crs", NULL);
	oh_assert_unchanged(eh_db(), &before);
	t_free(r);
	free(b);
}
END_TEST

START_TEST(a_body_over_the_limit_is_413)
{
	char *name = malloc(70001);
	memset(name, 'x', 70000);
	name[70000] = '\0';
	char *v = NULL;
	if (asprintf(&v, "\"%s\"", name) < 0)
		abort();
	char *b = with("owner.address", v);
	expect_free(b, NULL, 413, "body-too-large", NULL, NULL);
	free(b);
	free(v);
	free(name);
}
END_TEST

/* ============================ the location ============================ */

START_TEST(a_location_outside_every_designation_is_422_no_designation)
{
	/* in no designation; in one without the preference right; in another
	 * municipality's */
	double pts[][2] = { { P_NONE }, { P_ART8 }, { P_OTHER } };
	for (size_t i = 0; i < 3; i++) {
		char *b = at(pts[i][0], pts[i][1], "2026-04-02");
		tresp *r = expect(b, NULL, 422, "no-designation", "property.location", NULL);
		ck_assert_msg(strstr(t_str(r->json, "detail"), "voorkeursrecht") != NULL,
			      "unclear reason: %s", r->body);
		t_free(r);
		free(b);
	}
}
END_TEST

START_TEST(received_on_in_the_future_is_422)
{
	const char *days[] = { eh_today_plus(1), eh_today_plus(365), "2199-12-31" };
	for (int i = 0; i < 3; i++) {
		char v[32];
		snprintf(v, sizeof(v), "\"%s\"", days[i]);
		char *b = with("receivedOn", v);
		t_free(expect(b, NULL, 422, "received-in-future", "receivedOn", "in-future"));
		free(b);
	}
}
END_TEST

START_TEST(received_on_outside_the_designated_days_is_422)
{
	/* LATE begins on 2026-01-01: the day before is refused, the day itself taken */
	char *b = at(P_LATE, "2025-12-31");
	t_free(expect(b, NULL, 422, "no-designation", "property.location", NULL));
	free(b);
	/* long before any designation */
	b = at(P_VKR, "2023-12-31");
	t_free(expect(b, NULL, 422, "no-designation", "property.location", NULL));
	free(b);
	/* WITHDRAWN was withdrawn on 2025-01-01: its last day was 2024-12-31 */
	b = at(P_WD, "2025-01-01");
	t_free(expect(b, NULL, 422, "no-designation", "property.location", NULL));
	free(b);
	b = at(P_WD, "2024-12-31");
	tresp *r = oh_create(BASE, clerk.header, b);
	ck_assert_str_eq(oh_s(r->json, "designationId"), WITHDRAWN);
	t_free(r);
	free(b);
	b = at(P_LATE, "2026-01-01");
	r = oh_create(BASE, clerk.header, b);
	ck_assert_str_eq(oh_s(r->json, "designationId"), LATE);
	t_free(r);
	free(b);
}
END_TEST

START_TEST(received_on_that_is_not_a_date_is_422)
{
	invalid_with("receivedOn", "\"2026-02-30\"", "receivedOn", "invalid-date");
	invalid_with("receivedOn", "\"02-04-2026\"", "receivedOn", "invalid-date");
	invalid_with("receivedOn", "\"2026-04-02T10:00:00Z\"", "receivedOn", NULL);
	invalid_with("receivedOn", "20260402", "receivedOn", NULL);
	invalid_with("receivedOn", "null", "receivedOn", NULL);
	invalid_with("receivedOn", NULL, "receivedOn", "required");
}
END_TEST

START_TEST(a_location_that_is_not_a_point_is_422)
{
	static const char *const geoms[] = {
		"{\"type\":\"LineString\",\"coordinates\":[[4.665,51.805],[4.666,51.806]]}",
		"{\"type\":\"Polygon\",\"coordinates\":[[[4.665,51.805],[4.666,51.805],"
		"[4.666,51.806],[4.665,51.805]]]}",
		"{\"type\":\"MultiPoint\",\"coordinates\":[[4.665,51.805]]}",
		"{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[4.665,51.805]}}",
		"{\"type\":\"Point\",\"coordinates\":[]}",
		"{\"type\":\"Point\",\"coordinates\":[4.665]}",
		"{\"type\":\"Point\"}",
		"{\"coordinates\":[4.665,51.805]}",
		"{}",
		"\"POINT(4.665 51.805)\"",
		"[4.665,51.805]",
		"null",
	};
	for (size_t i = 0; i < sizeof(geoms) / sizeof(geoms[0]); i++) {
		char *b = with("property.location", geoms[i]);
		oh_snapshot before;
		oh_snapshot_take(eh_db(), &before);
		tresp *r = oh_req(BASE, clerk.header, "POST", OFFERS, b, NULL);
		ck_assert_msg(r->status == 422, "%s: %ld %s", geoms[i], r->status, r->body);
		eh_assert_problem(r, 422, t_str(r->json, "code") ? t_str(r->json, "code") : "?",
				  OFFERS);
		eh_assert_param(r, "property.location", NULL);
		oh_assert_unchanged(eh_db(), &before);
		t_free(r);
		free(b);
	}
	invalid_with("property.location", NULL, "property.location", "required");
}
END_TEST

/* RFC 7946 §3.1.1: a position is an array of numbers. */
START_TEST(a_location_with_string_coordinates_is_422)
{
	char *b = with("property.location",
		       "{\"type\":\"Point\",\"coordinates\":[\"4.665\",\"51.805\"]}");
	oh_snapshot before;
	oh_snapshot_take(eh_db(), &before);
	tresp *r = oh_req(BASE, clerk.header, "POST", OFFERS, b, NULL);
	ck_assert_msg(r->status == 422, "string coordinates: %ld %s", r->status, r->body);
	eh_assert_param(r, "property.location", NULL);
	oh_assert_unchanged(eh_db(), &before);
	t_free(r);
	free(b);
}
END_TEST

START_TEST(a_location_outside_the_netherlands_is_422)
{
	double crs84[][2] = { { 1.0, 51.8 }, { 4.6, 49.0 }, { 8.0, 52.0 }, { 4.6, 54.0 },
			      { -4.665, 51.805 } };
	for (size_t i = 0; i < sizeof(crs84) / sizeof(crs84[0]); i++) {
		char *p = point(crs84[i][0], crs84[i][1]);
		char *b = with("property.location", p);
		t_free(expect(b, NULL, 422, "invalid-geometry", "property.location",
			      "outside-netherlands"));
		free(b);
		free(p);
	}
	/* RD: 0 < x < 300 000, 300 000 < y < 630 000 */
	const char *h[] = { "Content-Crs: <" EH_RD_URI ">", NULL };
	double rd[][2] = { { -5, 400000 }, { 100000, 700000 }, { 310000, 400000 },
			   { 100000, 290000 }, { 4.665, 51.805 } /* CRS84 sent as RD */ };
	for (size_t i = 0; i < sizeof(rd) / sizeof(rd[0]); i++) {
		char *p = point(rd[i][0], rd[i][1]);
		char *b = with("property.location", p);
		t_free(expect(b, h, 422, "invalid-geometry", "property.location",
			      "outside-netherlands"));
		free(b);
		free(p);
	}
}
END_TEST

/* ============================ the members ============================ */

START_TEST(an_unknown_exemption_ground_is_422)
{
	static const char *const bad[] = { "\"gift\"", "\"Family\"", "\"\"", "1", "true",
					   "[\"family\"]", "{}", "\"family \"" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		invalid_with("exemption", bad[i], "exemption", "unknown-exemption");
}
END_TEST

START_TEST(a_price_that_is_not_a_decimal_amount_is_422)
{
	static const char *const bad[] = {
		"\"-1\"", "\"-0.01\"", "\"-350000.00\"", "\"abc\"", "\"1.234\"", "\"350000.001\"",
		"\"1e5\"", "\"3.5E5\"", "\" 100\"", "\"100 \"", "\"1,50\"", "\"+100\"", "\"007\"",
		"\"1.\"", "\".5\"", "\"0x10\"", "\"Infinity\"", "\"NaN\"", "\"1000000000000\"",
		"\"€ 100\"", "\"100.00 EUR\"",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		invalid_with("askingPrice", bad[i], "askingPrice", "invalid-price");
	/* not a string at all */
	invalid_with("askingPrice", "350000", "askingPrice", "wrong-type");
	invalid_with("askingPrice", "-1", "askingPrice", "wrong-type");
	invalid_with("askingPrice", "350000.5", "askingPrice", "wrong-type");
	invalid_with("askingPrice", "\"\"", "askingPrice", NULL);
}
END_TEST

START_TEST(a_cadastral_designation_in_the_wrong_format_is_422)
{
	static const char *const bad[] = {
		"DDT1 K 4550",          /* 2 digits after 3 letters */
		"DD01 K 4550",          /* 2 letters */
		"DDTT1 K 4550",
		"12345 K 4550",
		"DDT01 4550",           /* no section */
		"DDT01 KAB 4550",       /* 3-letter section */
		"DDT01 K 123456",       /* 6-digit parcel */
		"DDT01 K 0",            /* parcel 0 */
		"DDT01 K",              /* no parcel */
		"DDT01 K 4550 B 12",    /* B is no apartment right */
		"DDT01 K 4550 A",       /* no index */
		"DDT01 K 4550 A 12345", /* 5-digit index */
		"DDT01 K 4550 A 0",
		"DDT01 K 4550A12X",
		"DDT01-K-4550",
		"",
		" DDT01 K 4550",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char v[64];
		snprintf(v, sizeof(v), "[\"%s\"]", bad[i]);
		invalid_with("property.cadastralParcels", v, "property.cadastralParcels", NULL);
	}
	/* one bad among good ones */
	invalid_with("property.cadastralParcels", "[\"DDT01 K 4550\",\"DDT01 K 0\"]",
		     "property.cadastralParcels", "invalid-cadastral-designation");
	invalid_with("property.cadastralParcels", "[4550]", "property.cadastralParcels",
		     "invalid-cadastral-designation");
	invalid_with("property.cadastralParcels", "[]", "property.cadastralParcels", NULL);
	invalid_with("property.cadastralParcels", "\"DDT01 K 4550\"", "property.cadastralParcels",
		     NULL);
	invalid_with("property.cadastralParcels", NULL, "property.cadastralParcels", "required");
	/* more than 100 */
	char big[4096] = "[";
	for (int i = 1; i <= 101; i++) {
		size_t n = strlen(big);
		snprintf(big + n, sizeof(big) - n, "%s\"DDT01 K %d\"", i > 1 ? "," : "", i);
	}
	strcat(big, "]");
	invalid_with("property.cadastralParcels", big, "property.cadastralParcels", NULL);
}
END_TEST

START_TEST(a_bag_id_in_the_wrong_format_is_422)
{
	static const char *const bad[] = {
		"\"050501000001234\"",   /* 15 digits */
		"\"05050100000123456\"", /* 17 digits */
		"\"0505010000O12345\"",  /* a letter O */
		"\"0505040000012345\"",  /* type 04 does not exist */
		"\"0505000000012345\"",  /* type 00 */
		"\"0505990000012345\"",
		"\"\"",
		"505010000012345",       /* a number */
		"null",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char v[64];
		snprintf(v, sizeof(v), "[%s]", bad[i]);
		invalid_with("property.bagIds", v, "property.bagIds", "invalid-bag-id");
	}
	invalid_with("property.bagIds", "\"0505010000012345\"", "property.bagIds", "wrong-type");
	/* every valid type is accepted */
	char *b = with("property.bagIds", "[\"0505010000012345\",\"0505020000000001\","
					  "\"0505030000000001\",\"0505100000000001\","
					  "\"0505200000000001\",\"0505300000000001\"]");
	tresp *r = oh_create(BASE, clerk.header, b);
	ck_assert_int_eq(json_array_size(json_object_get(json_object_get(r->json, "property"),
							 "bagIds")), 6);
	t_free(r);
	free(b);
}
END_TEST

START_TEST(missing_required_members_are_422_each_named)
{
	invalid_with("owner", NULL, "owner", "required");
	invalid_with("owner.name", NULL, "owner.name", "required");
	invalid_with("owner.name", "\"\"", "owner.name", "empty");
	invalid_with("owner.name", "42", "owner.name", "wrong-type");
	invalid_with("owner", "\"J. de Vries\"", "owner", "wrong-type");
	invalid_with("property", NULL, "property", "required");
	invalid_with("property", "[]", "property", "wrong-type");
	invalid_with("municipalityCode", NULL, "municipalityCode", "required");
	invalid_with("municipalityCode", "\"GM505\"", "municipalityCode",
		     "invalid-municipality-code");
	invalid_with("municipalityCode", "\"gm0505\"", "municipalityCode",
		     "invalid-municipality-code");
	invalid_with("designationId", "\"not-a-uuid\"", "designationId", "invalid-uuid");
	invalid_with("designationId", "42", "designationId", "wrong-type");
	/* too long */
	char v[256];
	memset(v, 0, sizeof(v));
	v[0] = '"';
	memset(v + 1, 'n', 201);
	v[202] = '"';
	invalid_with("owner.name", v, "owner.name", "too-long");
	invalid_with("property.address.street", v, "property.address.street", "too-long");
	invalid_with("property.address", "\"Voorstraat 12\"", "property.address", "wrong-type");
	/* all at once: every one named */
	char *b = valid();
	char *b1 = oh_with(b, "owner", NULL);
	char *b2 = oh_with(b1, "receivedOn", NULL);
	char *b3 = oh_with(b2, "property.cadastralParcels", NULL);
	tresp *r = expect(b3, NULL, 422, "invalid-input", "owner", "required");
	eh_assert_param(r, "receivedOn", "required");
	eh_assert_param(r, "property.cadastralParcels", "required");
	t_free(r);
	free(b3);
	free(b2);
	free(b1);
	free(b);
}
END_TEST

START_TEST(unknown_members_are_422_named_with_their_path)
{
	/* the client never supplies what the server computes */
	invalid_with("responseDeadline", "\"2030-01-01\"", "responseDeadline", "unknown-field");
	invalid_with("status", "\"declined\"", "status", "unknown-field");
	invalid_with("freeToSellUntil", "\"2030-01-01\"", "freeToSellUntil", "unknown-field");
	invalid_with("events", "[]", "events", "unknown-field");
	invalid_with("foo", "1", "foo", "unknown-field");
	invalid_with("property.parcels", "[\"DDT01 K 4550\"]", "property.parcels", "unknown-field");
	invalid_with("owner.iban", "\"NL91ABNA0417164300\"", "owner.iban", "unknown-field");
	invalid_with("property.address.country", "\"NL\"", "property.address.country",
		     "unknown-field");
	/* several */
	char *b = valid();
	char *b1 = oh_with(b, "x", "1");
	char *b2 = oh_with(b1, "property.y", "2");
	char *b3 = oh_with(b2, "owner.z", "3");
	char *b4 = oh_with(b3, "property.address.w", "4");
	tresp *r = expect(b4, NULL, 422, "invalid-input", "x", "unknown-field");
	eh_assert_param(r, "property.y", "unknown-field");
	eh_assert_param(r, "owner.z", "unknown-field");
	eh_assert_param(r, "property.address.w", "unknown-field");
	ck_assert_int_eq(oh_nparams(r), 4);
	t_free(r);
	free(b4);
	free(b3);
	free(b2);
	free(b1);
	free(b);
}
END_TEST

START_TEST(an_offer_of_another_municipality_is_refused)
{
	char *b = oh_offer_body("GM0599", "2026-04-02", P_OTHER);
	t_free(expect(b, NULL, 422, "other-municipality", "municipalityCode", NULL));
	free(b);
	/* readers and national tokens may not register offers at all */
	b = valid();
	oh_snapshot before;
	oh_snapshot_take(eh_db(), &before);
	tresp *r = oh_req(BASE, reader.header, "POST", OFFERS, b, NULL);
	eh_assert_problem(r, 403, "insufficient-role", OFFERS);
	t_free(r);
	r = oh_req(BASE, eh_national(), "POST", OFFERS, b, NULL);
	eh_assert_problem(r, 403, "read-only-token", OFFERS);
	t_free(r);
	oh_assert_unchanged(eh_db(), &before);
	free(b);
}
END_TEST

/* ============================ duplicates ============================ */

/* Offers of GM0505 whose owner has this name. */
static long owned_by(const char *name)
{
	const char *params[] = { name, NULL };
	return eh_pg_long(eh_db(), "SELECT count(*) FROM sale_notifications"
				" WHERE owner->>'name' = $1", params);
}

START_TEST(a_duplicate_submission_without_idempotency_key_is_409_duplicate_offer)
{
	/* Without a key the server cannot tell a resubmission from a second offer
	 * of the same property; either way the parcel has an open offer already
	 * (law.md §2.12), so the second is refused and names the first. */
	char *b = with("owner.name", "\"Dubbel Zonder\"");
	tresp *a = oh_create(BASE, clerk.header, b);
	oh_snapshot before;
	oh_snapshot_take(eh_db(), &before);
	tresp *c = oh_req(BASE, clerk.header, "POST", OFFERS, b, NULL);
	eh_assert_problem(c, 409, "duplicate-offer", OFFERS);
	ck_assert_ptr_nonnull(strstr(t_str(c->json, "detail"), t_str(a->json, "id")));
	ck_assert_ptr_null(t_header(c, "Idempotent-Replayed"));
	ck_assert_int_eq(owned_by("Dubbel Zonder"), 1);
	oh_assert_unchanged(eh_db(), &before);
	t_free(c);
	t_free(a);
	free(b);
}
END_TEST

START_TEST(a_duplicate_submission_with_the_same_key_makes_one_offer)
{
	char *b = with("owner.name", "\"Dubbel Met\"");
	const char *h[] = { "Idempotency-Key: offer-dup-1", NULL };
	tresp *a = oh_req(BASE, clerk.header, "POST", OFFERS, b, h);
	ck_assert_msg(a->status == 201, "%ld %s", a->status, a->body);
	oh_snapshot before;
	oh_snapshot_take(eh_db(), &before);
	tresp *c = oh_req(BASE, clerk.header, "POST", OFFERS, b, h);
	ck_assert_int_eq(c->status, 201);
	ck_assert_str_eq(c->body, a->body);
	ck_assert_str_eq(t_header(c, "Idempotent-Replayed"), "true");
	ck_assert_str_eq(t_header(c, "Location"), t_header(a, "Location"));
	ck_assert_str_eq(t_header(c, "ETag"), t_header(a, "ETag"));
	ck_assert_str_eq(t_header(c, "Content-Crs"), t_header(a, "Content-Crs"));
	oh_assert_unchanged(eh_db(), &before);
	ck_assert_int_eq(owned_by("Dubbel Met"), 1);
	t_free(c);
	/* the same key with another body: 422, nothing stored */
	char *other = with("owner.name", "\"Dubbel Anders\"");
	tresp *r = expect(other, h, 422, "idempotency-key-reused", "Idempotency-Key", NULL);
	t_free(r);
	ck_assert_int_eq(owned_by("Dubbel Anders"), 0);
	/* a key that is too long */
	char key[256] = "Idempotency-Key: ";
	memset(key + strlen(key), 'k', 201);
	const char *hk[] = { key, NULL };
	t_free(expect(b, hk, 400, "invalid-idempotency-key", "Idempotency-Key", NULL));
	free(other);
	t_free(a);
	free(b);
}
END_TEST

typedef struct post_job {
	pthread_barrier_t *barrier;
	const char *body;
	const char *const *headers;
	tresp *resp;
} post_job;

static void *post_thread(void *arg)
{
	post_job *j = arg;
	pthread_barrier_wait(j->barrier);
	j->resp = oh_req(BASE, clerk.header, "POST", OFFERS, j->body, j->headers);
	return NULL;
}

START_TEST(concurrent_submissions_with_the_same_key_make_one_offer)
{
	char *b = with("owner.name", "\"Dubbel Tegelijk\"");
	const char *h[] = { "Idempotency-Key: offer-dup-concurrent", NULL };
	enum { N = 8 };
	pthread_barrier_t barrier;
	pthread_barrier_init(&barrier, NULL, N);
	post_job jobs[N];
	pthread_t t[N];
	for (int i = 0; i < N; i++) {
		jobs[i] = (post_job){ &barrier, b, h, NULL };
		ck_assert_int_eq(pthread_create(&t[i], NULL, post_thread, &jobs[i]), 0);
	}
	for (int i = 0; i < N; i++)
		pthread_join(t[i], NULL);
	pthread_barrier_destroy(&barrier);
	int replayed = 0;
	for (int i = 0; i < N; i++) {
		ck_assert_msg(jobs[i].resp->status == 201, "%ld %s", jobs[i].resp->status,
			      jobs[i].resp->body);
		ck_assert_str_eq(jobs[i].resp->body, jobs[0].resp->body);
		replayed += t_header(jobs[i].resp, "Idempotent-Replayed") != NULL;
	}
	ck_assert_int_eq(replayed, N - 1);
	ck_assert_int_eq(owned_by("Dubbel Tegelijk"), 1);
	for (int i = 0; i < N; i++)
		t_free(jobs[i].resp);
	free(b);
}
END_TEST

/* ============================ fixtures ============================ */

static void fixture(char out[40], const char *muni, const char *name, const char *measures,
		    double lon, double lat, const char *start, const char *end)
{
	char *g = eh_square(lon, lat, 0.01);
	char *b = NULL;
	if (asprintf(&b,
		     "{\"municipalityCode\":\"%s\",\"kind\":\"area\",\"name\":\"%s\",\"measures\":%s,"
		     "\"geometry\":%s,\"firstPeriod\":{\"start\":\"%s\",\"end\":\"%s\","
		     "\"decisionReference\":\"Stcrt. fixture\"}}",
		     muni, name, measures, g, start, end) < 0)
		abort();
	const char *h[] = { eh_admin(muni), NULL };
	tresp *r = t_request(BASE, "POST", "/api/v1/designations", b, h);
	if (r->status != 201 || !t_str(r->json, "id")) {
		fprintf(stderr, "fixture %s: %ld %s\n", name, r->status, r->body);
		tserver_stop(&srv);
		exit(1);
	}
	snprintf(out, 40, "%s", t_str(r->json, "id"));
	t_free(r);
	free(b);
	free(g);
}

static void make_fixtures(void)
{
	tkey_create(conninfo, "GM0505", "clerk", "Bad input clerk", &clerk);
	tkey_create(conninfo, "GM0505", "reader", "Bad input reader", &reader);
	(void)eh_national();
	fixture(VKR, "GM0505", "VKR", OH_VOORKEURSRECHT, 4.66, 51.80, "2024-01-01", "2027-12-31");
	fixture(ART8, "GM0505", "Art 8", "[\"art8\",\"art9\"]", 4.70, 51.80, "2024-01-01",
		"2027-12-31");
	fixture(OTHER, "GM0599", "VKR Rotterdam", OH_VOORKEURSRECHT, 4.47, 51.92, "2024-01-01",
		"2027-12-31");
	fixture(WITHDRAWN, "GM0505", "VKR withdrawn", OH_VOORKEURSRECHT, 4.75, 51.80, "2024-01-01",
		"2027-12-31");
	fixture(LATE, "GM0505", "VKR late", OH_VOORKEURSRECHT, 4.80, 51.80, "2026-01-01",
		"2027-12-31");
	char path[160];
	snprintf(path, sizeof(path), "/api/v1/designations/%s/withdrawal", WITHDRAWN);
	const char *h[] = { eh_admin("GM0505"), NULL };
	tresp *r = t_request(BASE, "POST", path, "{\"on\":\"2025-01-01\",\"reason\":\"test\"}", h);
	if (r->status != 200) {
		fprintf(stderr, "withdrawal fixture: %ld %s\n", r->status, r->body);
		tserver_stop(&srv);
		exit(1);
	}
	t_free(r);
}

int main(void)
{
	curl_global_init(CURL_GLOBAL_ALL);
	conninfo = testdb_create("wvlv_e2e_offers_bad_input");
	eh_init(conninfo);
	tserver_start(&srv, conninfo, NULL);
	make_fixtures();

	Suite *s = suite_create("offers bad input");
	TCase *tc = tcase_create("unreadable");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, malformed_json_is_400);
	tcase_add_test(tc, a_body_that_is_not_json_by_content_type_is_415);
	tcase_add_test(tc, an_unsupported_content_crs_is_400);
	tcase_add_test(tc, a_body_over_the_limit_is_413);
	suite_add_tcase(s, tc);

	tc = tcase_create("location and dates");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, a_location_outside_every_designation_is_422_no_designation);
	tcase_add_test(tc, received_on_in_the_future_is_422);
	tcase_add_test(tc, received_on_outside_the_designated_days_is_422);
	tcase_add_test(tc, received_on_that_is_not_a_date_is_422);
	tcase_add_test(tc, a_location_that_is_not_a_point_is_422);
	tcase_add_test(tc, a_location_with_string_coordinates_is_422);
	tcase_add_test(tc, a_location_outside_the_netherlands_is_422);
	suite_add_tcase(s, tc);

	tc = tcase_create("members");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, an_unknown_exemption_ground_is_422);
	tcase_add_test(tc, a_price_that_is_not_a_decimal_amount_is_422);
	tcase_add_test(tc, a_cadastral_designation_in_the_wrong_format_is_422);
	tcase_add_test(tc, a_bag_id_in_the_wrong_format_is_422);
	tcase_add_test(tc, missing_required_members_are_422_each_named);
	tcase_add_test(tc, unknown_members_are_422_named_with_their_path);
	tcase_add_test(tc, an_offer_of_another_municipality_is_refused);
	suite_add_tcase(s, tc);

	tc = tcase_create("duplicates");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, a_duplicate_submission_without_idempotency_key_is_409_duplicate_offer);
	tcase_add_test(tc, a_duplicate_submission_with_the_same_key_makes_one_offer);
	tcase_add_test(tc, concurrent_submissions_with_the_same_key_make_one_offer);
	suite_add_tcase(s, tc);

	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	int stop = tserver_stop(&srv);
	if (stop != 0) {
		fprintf(stderr, "wvlv serve did not stop cleanly on SIGTERM (status %d)\n", stop);
		failed++;
	}
	return failed ? 1 : 0;
}
