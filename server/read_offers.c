/* read_offers.c — the offers of a CSV file for `wvlv import offers`
 * (import_read.h): a row without an event registers an offer (the body of
 * POST /api/v1/sale-notifications, read by offer_parse_new), a row with one is
 * an event of the offer its column offer names (the body of POST
 * …/events, read by offer_parse_event).  The location is the row's geometry
 * (a WKT column). */
#include <stdio.h>
#include <string.h>

#include "handlers.h"
#include "import_read.h"
#include "input.h"

const char *const import_offer_fields[] = {
	"offer", "receivedOn", "parcels", "bagIds", "street", "houseNumber", "houseLetter",
	"houseNumberAddition", "postalCode", "city", "ownerName", "ownerAddress", "ownerEmail",
	"ownerPhone", "askingPrice", "exemption", "designationId", "event", "on", "decision",
	"price", NULL
};

const char *import_offer_field(const char *param)
{
	static const char *const map[][2] = {
		{ "property.cadastralParcels", "parcels" }, { "property.bagIds", "bagIds" },
		{ "property.address.street", "street" },
		{ "property.address.houseNumberAddition", "houseNumberAddition" },
		{ "property.address.houseNumber", "houseNumber" },
		{ "property.address.houseLetter", "houseLetter" },
		{ "property.address.postalCode", "postalCode" }, { "property.address.city", "city" },
		{ "owner.name", "ownerName" }, { "owner.address", "ownerAddress" },
		{ "owner.email", "ownerEmail" }, { "owner.phone", "ownerPhone" },
		{ "askingPrice", "askingPrice" }, { "exemption", "exemption" },
		{ "designationId", "designationId" }, { "receivedOn", "receivedOn" },
		{ "type", "event" }, { "on", "on" }, { "decision", "decision" }, { "price", "price" },
		{ "offer", "offer" },
	};
	const char *at = strchr(param, '.');
	if (strncmp(param, "event@", 6) == 0 && at) /* the use case's "event@RECORD.field" */
		param = at + 1;
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strncmp(param, map[i][0], strlen(map[i][0])) == 0)
			return map[i][1];
	return NULL;
}

static const char *const address_fields[] = { "street", "houseNumber", "houseLetter",
					      "houseNumberAddition", "postalCode", "city", NULL };

/* A registration row into the body of POST /sale-notifications. */
static json_t *offer_body(import_reader *r, gdal_feature *ft)
{
	json_t *body = json_object(), *property = json_object(), *owner = json_object();
	json_t *address = json_object();
	wvlv_arena_on_destroy(r->arena, (void (*)(void *))json_decref, body);
	json_object_set_new(body, "municipalityCode", json_string(r->municipality_code));
	import_set(body, "receivedOn", import_value(r, ft, "receivedOn"));
	const char *parcels = import_value(r, ft, "parcels");
	if (parcels)
		json_object_set_new(property, "cadastralParcels", import_list(parcels));
	const char *bag = import_value(r, ft, "bagIds");
	if (bag)
		json_object_set_new(property, "bagIds", import_list(bag));
	for (const char *const *a = address_fields; *a; a++)
		import_set(address, *a, import_value(r, ft, *a));
	if (json_object_size(address))
		json_object_set(property, "address", address);
	json_decref(address);
	const char *why = NULL;
	wvlv_crs crs;
	const char *location = gdal_geometry(r->file, ft, r->arena, &crs, &why);
	json_t *g = location ? json_loads(location, 0, NULL) : NULL;
	if (g)
		json_object_set_new(property, "location", g);
	json_object_set_new(body, "property", property);
	import_set(owner, "name", import_value(r, ft, "ownerName"));
	import_set(owner, "address", import_value(r, ft, "ownerAddress"));
	import_set(owner, "email", import_value(r, ft, "ownerEmail"));
	import_set(owner, "phone", import_value(r, ft, "ownerPhone"));
	json_object_set_new(body, "owner", owner);
	import_set(body, "askingPrice", import_value(r, ft, "askingPrice"));
	import_set(body, "exemption", import_value(r, ft, "exemption"));
	import_set(body, "designationId", import_value(r, ft, "designationId"));
	return body;
}

typedef struct offers {
	wvlv_import_offer *a;
	const char       **keys;
	bool              *bad;   /* refused: its events are not looked at */
	size_t             n, cap;
} offers;

static wvlv_import_offer *offer_add(import_reader *r, offers *o, const char *key)
{
	if (o->n == o->cap) {
		size_t cap = o->cap ? 2 * o->cap : 64;
		wvlv_import_offer *a = wvlv_arena_alloc(r->arena, cap * sizeof(*a));
		const char **k = wvlv_arena_alloc(r->arena, cap * sizeof(*k));
		bool *bad = wvlv_arena_alloc(r->arena, cap * sizeof(*bad));
		if (o->n) {
			memcpy(a, o->a, o->n * sizeof(*a));
			memcpy(k, o->keys, o->n * sizeof(*k));
			memcpy(bad, o->bad, o->n * sizeof(*bad));
		}
		o->a = a;
		o->keys = k;
		o->bad = bad;
		o->cap = cap;
	}
	o->keys[o->n] = key;
	o->bad[o->n] = false;
	o->a[o->n] = (wvlv_import_offer){ 0 };
	return &o->a[o->n++];
}

static wvlv_import_offer *offer_find(offers *o, const char *key)
{
	for (size_t i = o->n; key && i-- > 0;)
		if (o->keys[i] && strcmp(o->keys[i], key) == 0)
			return &o->a[i];
	return NULL;
}

static void refuse(import_reader *r, const wvlv_import_origin *origin, wvlv_error *err)
{
	input_ok(err);
	wvlv_import_refuse(r->arena, r->report, origin, err);
}

/* First pass: the registrations. */
static void read_registrations(import_reader *r, offers *o)
{
	gdal_feature *ft;
	for (long no = 1; (ft = gdal_next(r->file)) != NULL; no++) {
		if (import_value(r, ft, "event"))
			continue;
		const char *key = import_value(r, ft, "offer");
		wvlv_import_origin origin = { no, key ? key : gdal_fid(r->file, ft, r->arena) };
		wvlv_error err;
		wvlv_error_clear(&err);
		if (key && offer_find(o, key))
			wvlv_error_add_param(&err, "offer", "duplicate-offer",
					     "offer %s is registered on an earlier row already.", key);
		wvlv_import_offer rec = { .origin = origin };
		wvlv_crs crs;
		const char *why;
		(void)gdal_geometry(r->file, ft, r->arena, &crs, &why);
		rec.c.location_crs = crs;
		offer_parse_new(&r->req, offer_body(r, ft), &rec.c, &err);
		wvlv_import_offer *slot = offer_add(r, o, key);
		*slot = rec;
		if (err.nparams) {
			o->bad[slot - o->a] = true;
			refuse(r, &origin, &err);
		}
	}
}

/* An event row into the events of its offer. */
static void add_event(import_reader *r, offers *o, wvlv_import_offer *rec, long no,
		      gdal_feature *ft, wvlv_error *err)
{
	json_t *body = json_object();
	wvlv_arena_on_destroy(r->arena, (void (*)(void *))json_decref, body);
	import_set(body, "type", import_value(r, ft, "event"));
	import_set(body, "on", import_value(r, ft, "on"));
	import_set(body, "decision", import_value(r, ft, "decision"));
	import_set(body, "price", import_value(r, ft, "price"));
	wvlv_import_event e = { .record = no, .ev = { .moved_to = WVLV_DATE_NONE } };
	offer_parse_event(&r->req, body, &e.ev, &e.data_json, err);
	if (err->nparams)
		return;
	(void)o;
	wvlv_import_event *a = wvlv_arena_alloc(r->arena, (rec->n_events + 1) * sizeof(*a));
	if (rec->n_events)
		memcpy(a, rec->events, rec->n_events * sizeof(*a));
	a[rec->n_events++] = e;
	rec->events = a;
}

/* Second pass: the events. */
static void read_events(import_reader *r, offers *o)
{
	gdal_rewind(r->file);
	gdal_feature *ft;
	for (long no = 1; (ft = gdal_next(r->file)) != NULL; no++) {
		if (!import_value(r, ft, "event"))
			continue;
		const char *key = import_value(r, ft, "offer");
		wvlv_import_origin origin = { no, key };
		wvlv_error err;
		wvlv_error_clear(&err);
		wvlv_import_offer *rec = offer_find(o, key);
		if (!rec)
			wvlv_error_add_param(&err, "offer", key ? "unknown-offer" : "required",
					     key ? "offer %s is not registered on any row of the file."
						 : "offer must name the offer the event belongs to%s.",
					     key ? key : "");
		else if (o->bad[rec - o->a])
			continue;
		else
			add_event(r, o, rec, no, ft, &err);
		if (err.nparams)
			refuse(r, &origin, &err);
	}
}

bool import_offers_read(import_reader *r, wvlv_import_offer **out, size_t *n)
{
	offers o = { 0 };
	read_registrations(r, &o);
	read_events(r, &o);
	size_t k = 0;
	for (size_t i = 0; i < o.n; i++)
		if (!o.bad[i])
			o.a[k++] = o.a[i];
	*out = o.a;
	*n = k;
	return true;
}
