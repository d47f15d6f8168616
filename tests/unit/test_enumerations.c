/* test_enumerations.c — the enumeration tables of the domain against what
 * clients see: the allowed names in error messages (the texts the server
 * and the CLI send, written out here as they must read), and the enums of
 * the OpenAPI documents (openapi/openapi.yaml, openapi/ogcapi.yaml, as
 * embedded in the server), each found by its place in the document and
 * compared name for name, in order, with its table. */
#include "wvlv/alerts.h"
#include "wvlv/caller.h"
#include "wvlv/deadline.h"
#include "wvlv/designation.h"
#include "wvlv/enum.h"
#include "wvlv/offer.h"
#include "wvlv/strbuf.h"
#include "unit.h"

#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const char wvlv_openapi_json[];
extern const size_t wvlv_openapi_json_len;
extern const char wvlv_ogcapi_json[];
extern const size_t wvlv_ogcapi_json_len;

static const char *text(const wvlv_enum *e, unsigned set, wvlv_enum_style style)
{
	static char buf[WVLV_ENUM_TEXT_MAX];
	return wvlv_enum_text(e, set, style, buf, sizeof(buf));
}

static const char *msg(const char *fmt, const char *names)
{
	static char buf[512];
	snprintf(buf, sizeof(buf), fmt, names);
	return buf;
}

/* --- messages ----------------------------------------------------------------- */

/* Every list of allowed names a message gives, as clients read it today. */
START_TEST(test_message_texts)
{
	const unsigned all = WVLV_ENUM_ALL;
	ck_assert_str_eq(msg("kind must be %s.", text(&wvlv_kind_enum, all, WVLV_ENUM_OR)),
			 "kind must be complex, street or area.");
	ck_assert_str_eq(msg("measure must be %s.", text(&wvlv_measure_enum, all, WVLV_ENUM_OR)),
			 "measure must be art8, art9, art10 or voorkeursrecht.");
	ck_assert_str_eq(msg("measures must name at least one of %s.",
			     text(&wvlv_measure_enum, all, WVLV_ENUM_COMMAS)),
			 "measures must name at least one of art8, art9, art10, voorkeursrecht.");
	ck_assert_str_eq(msg("status must be %s.",
			     text(&wvlv_designation_status_enum, all, WVLV_ENUM_OR)),
			 "status must be planned, active, expired or withdrawn.");
	ck_assert_str_eq(msg("status must be one of %s.",
			     text(&wvlv_offer_status_enum, all, WVLV_ENUM_COMMAS)),
			 "status must be one of received, negotiating, court-requested, in-court, "
			 "purchased, released, declined, lapsed, withdrawn, exempt.");
	ck_assert_str_eq(msg("type must be one of %s.",
			     text(&wvlv_offer_event_enum, WVLV_OFFER_CLIENT_EVENTS, WVLV_ENUM_COMMAS)),
			 "type must be one of decision, agreement, court-requested, court-filed, "
			 "court-withdrawn, withdrawal.");
	ck_assert_str_eq(msg("exemption must be null or one of %s.",
			     text(&wvlv_exemption_enum, all, WVLV_ENUM_COMMAS)),
			 "exemption must be null or one of family, marital-or-estate-division, will, "
			 "public-body, forced-sale, registered-prior-contract.");
	ck_assert_str_eq(msg("decision must be %s.",
			     text(&wvlv_offer_decision_enum, all, WVLV_ENUM_OR)),
			 "decision must be willing or not-willing.");
	ck_assert_str_eq(msg("term must be %s.", text(&wvlv_term_enum, all, WVLV_ENUM_OR)),
			 "term must be response, court-filing or free-period.");
	ck_assert_str_eq(msg("--role must be %s", text(&wvlv_role_enum, all, WVLV_ENUM_OR)),
			 "--role must be reader, clerk or admin");
}
END_TEST

/* The client events are the leading part of the event table; the rest are
 * the system's own. */
START_TEST(test_client_events)
{
	for (int t = WVLV_EVENT_DECISION; t <= WVLV_EVENT_DEADLINE_MOVED; t++) {
		bool client = (wvlv_enum_bit(&wvlv_offer_event_enum, t) & WVLV_OFFER_CLIENT_EVENTS) != 0;
		ck_assert_msg(client == !wvlv_offer_event_is_system((wvlv_offer_event_type)t),
			      "event %s", wvlv_offer_event_name((wvlv_offer_event_type)t));
	}
}
END_TEST

static const struct {
	const char *name;
	const wvlv_enum *e;
} tables[] = {
	{ "wvlv_kind_enum", &wvlv_kind_enum },
	{ "wvlv_measure_enum", &wvlv_measure_enum },
	{ "wvlv_designation_status_enum", &wvlv_designation_status_enum },
	{ "wvlv_period_kind_enum", &wvlv_period_kind_enum },
	{ "wvlv_offer_status_enum", &wvlv_offer_status_enum },
	{ "wvlv_offer_event_enum", &wvlv_offer_event_enum },
	{ "wvlv_exemption_enum", &wvlv_exemption_enum },
	{ "wvlv_offer_decision_enum", &wvlv_offer_decision_enum },
	{ "wvlv_alert_kind_enum", &wvlv_alert_kind_enum },
	{ "wvlv_role_enum", &wvlv_role_enum },
	{ "wvlv_term_enum", &wvlv_term_enum },
};

/* Every table's text fits the buffer messages use, and every name parses
 * back to its value. */
START_TEST(test_tables_fit)
{
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		const wvlv_enum *e = tables[i].e;
		size_t need = 0;
		for (size_t k = 0; k < e->count; k++)
			need += strlen(e->names[k]) + 4; /* ", " or " or " */
		ck_assert_msg(need < WVLV_ENUM_TEXT_MAX, "%s is too long for its text", tables[i].name);
		ck_assert_msg(e->count <= WVLV_ENUM_MAX_NAMES, "%s has too many names", tables[i].name);
		for (size_t k = 0; k < e->count; k++) {
			int v = -1;
			ck_assert(wvlv_enum_parse(e, e->names[k], &v));
			ck_assert_int_eq(v, e->first + (int)k);
		}
	}
}
END_TEST

/* --- the OpenAPI documents ------------------------------------------------------ */

static json_t *load(const char *text_, size_t len)
{
	json_error_t jerr;
	json_t *doc = json_loadb(text_, len, 0, &jerr);
	ck_assert_msg(doc != NULL, "the embedded document is not JSON: %s", jerr.text);
	return doc;
}

/* The value at a JSON pointer ("/components/schemas/Kind"; "~1" is "/"). */
static json_t *pointer(json_t *doc, const char *ptr)
{
	json_t *v = doc;
	while (v && *ptr == '/') {
		char key[128];
		size_t n = 0;
		for (ptr++; *ptr && *ptr != '/' && n + 1 < sizeof(key); ptr++) {
			if (ptr[0] == '~' && (ptr[1] == '0' || ptr[1] == '1')) {
				key[n++] = ptr[1] == '1' ? '/' : '~';
				ptr++;
			} else {
				key[n++] = *ptr;
			}
		}
		key[n] = '\0';
		v = json_is_array(v) ? json_array_get(v, (size_t)atoi(key)) : json_object_get(v, key);
	}
	return v;
}

/* v, or what its "$ref" ("#/…") names. */
static json_t *resolve(json_t *doc, json_t *v)
{
	const char *ref = json_string_value(json_object_get(v, "$ref"));
	return ref && ref[0] == '#' ? pointer(doc, ref + 1) : v;
}

/* The schema of query parameter name of GET path. */
static json_t *query_schema(json_t *doc, const char *path, const char *name)
{
	json_t *params = json_object_get(json_object_get(json_object_get(json_object_get(doc,
					 "paths"), path), "get"), "parameters");
	size_t i;
	json_t *p;
	json_array_foreach(params, i, p) {
		p = resolve(doc, p);
		if (json_is_string(json_object_get(p, "name")) &&
		    strcmp(json_string_value(json_object_get(p, "name")), name) == 0)
			return resolve(doc, json_object_get(p, "schema"));
	}
	return NULL;
}

/* What differs, one line each; the test fails at the end naming them all. */
static wvlv_arena *diff_arena;
static wvlv_strbuf *diffs;

static void setup(void)
{
	diff_arena = wvlv_arena_create();
	diffs = wvlv_strbuf_new(diff_arena);
}

static void teardown(void)
{
	wvlv_arena_destroy(diff_arena);
}

/* The enum of schema (its strings; a null is allowed only when nullable)
 * must be the names of set in table e, in order. */
static void expect_enum(const char *where, json_t *schema, const wvlv_enum *e, const char *ename,
			unsigned set, bool nullable)
{
	json_t *en = json_object_get(schema, "enum");
	char want[WVLV_ENUM_TEXT_MAX];
	wvlv_enum_text(e, set, WVLV_ENUM_COMMAS, want, sizeof(want));
	if (!json_is_array(en)) {
		wvlv_strbuf_appendf(diffs, "\n  %s: no enum in the document (%s: %s)", where, ename,
				    want);
		return;
	}
	wvlv_arena *a = wvlv_arena_create();
	wvlv_strbuf *got = wvlv_strbuf_new(a);
	bool has_null = false;
	size_t i;
	json_t *v;
	json_array_foreach(en, i, v) {
		if (json_is_null(v)) {
			has_null = true;
			continue;
		}
		if (wvlv_strbuf_len(got))
			wvlv_strbuf_append_str(got, ", ");
		wvlv_strbuf_append_str(got,
				       json_is_string(v) ? json_string_value(v) : "(not a string)");
	}
	if (strcmp(wvlv_strbuf_text(got), want) != 0)
		wvlv_strbuf_appendf(diffs, "\n  %s: the document lists %s; %s lists %s", where,
				    wvlv_strbuf_text(got), ename, want);
	if (has_null != nullable)
		wvlv_strbuf_appendf(diffs, "\n  %s: null %s in the document's enum", where,
				    has_null ? "unexpected" : "missing");
	wvlv_arena_destroy(a);
}

#define EXPECT(where, schema, table, set) \
	expect_enum(where, schema, &table, #table, set, false)

static void fail_on_diffs(void)
{
	ck_assert_msg(wvlv_strbuf_len(diffs) == 0, "the documents and the tables differ:%s",
		      wvlv_strbuf_text(diffs));
}

START_TEST(test_openapi_schemas)
{
	json_t *doc = load(wvlv_openapi_json, wvlv_openapi_json_len);
	const unsigned all = WVLV_ENUM_ALL;
	EXPECT("schemas/Kind", pointer(doc, "/components/schemas/Kind"), wvlv_kind_enum, all);
	EXPECT("schemas/Measure", pointer(doc, "/components/schemas/Measure"), wvlv_measure_enum,
	       all);
	EXPECT("schemas/Measures items",
	       resolve(doc, pointer(doc, "/components/schemas/Measures/items")), wvlv_measure_enum,
	       all);
	EXPECT("schemas/DesignationStatus", pointer(doc, "/components/schemas/DesignationStatus"),
	       wvlv_designation_status_enum, all);
	EXPECT("schemas/Period kind", pointer(doc, "/components/schemas/Period/properties/kind"),
	       wvlv_period_kind_enum, all);
	EXPECT("schemas/SaleNotificationStatus",
	       pointer(doc, "/components/schemas/SaleNotificationStatus"), wvlv_offer_status_enum,
	       all);
	expect_enum("schemas/Exemption", pointer(doc, "/components/schemas/Exemption"),
		    &wvlv_exemption_enum, "wvlv_exemption_enum", all, true);
	EXPECT("schemas/SaleNotificationEvent type",
	       pointer(doc, "/components/schemas/SaleNotificationEvent/properties/type"),
	       wvlv_offer_event_enum, all);
	EXPECT("schemas/SaleNotificationEvent decision",
	       pointer(doc, "/components/schemas/SaleNotificationEvent/properties/decision"),
	       wvlv_offer_decision_enum, all);
	EXPECT("schemas/DecisionEvent decision",
	       pointer(doc, "/components/schemas/DecisionEvent/properties/decision"),
	       wvlv_offer_decision_enum, all);
	EXPECT("schemas/TermName", pointer(doc, "/components/schemas/TermName"), wvlv_term_enum,
	       all);
	EXPECT("schemas/Deadline kind", pointer(doc, "/components/schemas/Deadline/properties/kind"),
	       wvlv_deadline_kind_enum, all);
	json_decref(doc);
	fail_on_diffs();
}
END_TEST

/* The events a client may post: the types of the three event schemas, in
 * turn, are the leading part of the event table. */
START_TEST(test_openapi_client_events)
{
	json_t *doc = load(wvlv_openapi_json, wvlv_openapi_json_len);
	json_t *all = json_array();
	const char *const schemas[] = { "DecisionEvent", "AgreementEvent", "PlainEvent" };
	for (size_t i = 0; i < 3; i++) {
		char ptr[96];
		snprintf(ptr, sizeof(ptr), "/components/schemas/%s/properties/type/enum", schemas[i]);
		json_array_extend(all, pointer(doc, ptr));
	}
	json_t *schema = json_pack("{s:o}", "enum", all);
	EXPECT("schemas/DecisionEvent, AgreementEvent and PlainEvent types", schema,
	       wvlv_offer_event_enum, WVLV_OFFER_CLIENT_EVENTS);
	json_t *mapping =
		pointer(doc, "/components/schemas/SaleNotificationEventCreate/discriminator/mapping");
	ck_assert_uint_eq(json_object_size(mapping), 6);
	for (int t = WVLV_EVENT_DECISION; t <= WVLV_EVENT_WITHDRAWAL; t++)
		ck_assert_msg(json_object_get(mapping, wvlv_offer_event_name((wvlv_offer_event_type)t)),
			      "the discriminator maps no %s",
			      wvlv_offer_event_name((wvlv_offer_event_type)t));
	json_decref(schema);
	json_decref(doc);
	fail_on_diffs();
}
END_TEST

START_TEST(test_openapi_query_parameters)
{
	json_t *doc = load(wvlv_openapi_json, wvlv_openapi_json_len);
	const unsigned all = WVLV_ENUM_ALL;
	EXPECT("GET /designations kind", query_schema(doc, "/designations", "kind"),
	       wvlv_kind_enum, all);
	EXPECT("GET /designations measure", query_schema(doc, "/designations", "measure"),
	       wvlv_measure_enum, all);
	EXPECT("GET /designations status", query_schema(doc, "/designations", "status"),
	       wvlv_designation_status_enum, all);
	EXPECT("GET /sale-notifications status",
	       query_schema(doc, "/sale-notifications", "status"), wvlv_offer_status_enum, all);
	EXPECT("GET /deadline-calculator term", query_schema(doc, "/deadline-calculator", "term"),
	       wvlv_term_enum, all);
	json_decref(doc);
	fail_on_diffs();
}
END_TEST

START_TEST(test_ogcapi)
{
	json_t *doc = load(wvlv_ogcapi_json, wvlv_ogcapi_json_len);
	const unsigned all = WVLV_ENUM_ALL;
	const char *items = "/collections/designations/items";
	EXPECT("OGC items kind", query_schema(doc, items, "kind"), wvlv_kind_enum, all);
	EXPECT("OGC items measure", query_schema(doc, items, "measure"), wvlv_measure_enum, all);
	EXPECT("OGC items status", query_schema(doc, items, "status"),
	       wvlv_designation_status_enum, all);
	EXPECT("OGC properties kind", pointer(doc, "/components/schemas/properties/properties/kind"),
	       wvlv_kind_enum, all);
	EXPECT("OGC properties measures",
	       pointer(doc, "/components/schemas/properties/properties/measures/items"),
	       wvlv_measure_enum, all);
	EXPECT("OGC properties status",
	       pointer(doc, "/components/schemas/properties/properties/status"),
	       wvlv_designation_status_enum, all);
	EXPECT("OGC period kind", pointer(doc, "/components/schemas/period/properties/kind"),
	       wvlv_period_kind_enum, all);
	json_decref(doc);
	fail_on_diffs();
}
END_TEST

/* Roles and alert kinds are not in the documents today; an enum that names
 * one of them must be the whole table. */
static void walk_for(json_t *v, const char *where, const wvlv_enum *e, const char *ename)
{
	json_t *en = json_object_get(v, "enum");
	if (json_is_array(en)) {
		size_t i;
		json_t *x;
		int dummy;
		json_array_foreach(en, i, x)
			if (wvlv_enum_parse(e, json_string_value(x), &dummy)) {
				expect_enum(where, v, e, ename, WVLV_ENUM_ALL, false);
				break;
			}
	}
	const char *key;
	json_t *child;
	size_t i;
	if (json_is_object(v))
		json_object_foreach(v, key, child)
			walk_for(child, where, e, ename);
	else if (json_is_array(v))
		json_array_foreach(v, i, child)
			walk_for(child, where, e, ename);
}

START_TEST(test_roles_and_alert_kinds)
{
	json_t *doc = load(wvlv_openapi_json, wvlv_openapi_json_len);
	walk_for(doc, "an enum of openapi.yaml", &wvlv_role_enum, "wvlv_role_enum");
	walk_for(doc, "an enum of openapi.yaml", &wvlv_alert_kind_enum, "wvlv_alert_kind_enum");
	json_decref(doc);
	fail_on_diffs();
}
END_TEST

static void add(Suite *s, const char *name, const TTest *test)
{
	unit_add_fixed(s, name, test, setup, teardown);
}

static Suite *enumerations_suite(void)
{
	Suite *s = suite_create("enumerations");
	add(s, "message_texts", test_message_texts);
	add(s, "client_events", test_client_events);
	add(s, "tables_fit", test_tables_fit);
	add(s, "openapi_schemas", test_openapi_schemas);
	add(s, "openapi_client_events", test_openapi_client_events);
	add(s, "openapi_query_parameters", test_openapi_query_parameters);
	add(s, "ogcapi", test_ogcapi);
	add(s, "roles_and_alert_kinds", test_roles_and_alert_kinds);
	return s;
}

int main(void)
{
	return unit_run(enumerations_suite());
}
