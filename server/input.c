/* input.c — request parsing (see input.h). */
#include "input.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "wvlv/designation.h"
#include "wvlv/uuid.h"

static void json_release(void *p)
{
	json_decref(p);
}

/* The deepest nesting of arrays and objects in JSON text (strings skipped),
 * counted before parsing so a hostile body never reaches the parser. */
static int json_depth(const char *p, size_t n)
{
	int depth = 0, max = 0;
	bool in_string = false;
	for (size_t i = 0; i < n; i++) {
		char c = p[i];
		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = false;
		} else if (c == '"') {
			in_string = true;
		} else if (c == '[' || c == '{') {
			if (++depth > max)
				max = depth;
		} else if (c == ']' || c == '}') {
			depth--;
		}
	}
	return max;
}

json_t *input_body_object(http_req *req, wvlv_error *err)
{
	if (!req->body || req->body_len == 0) {
		wvlv_error_set(err, WVLV_EBADREQ, "malformed-json", "The request has no body.");
		return NULL;
	}
	int max_depth = req->srv->cfg->max_json_depth;
	if (json_depth(req->body, req->body_len) > max_depth) {
		wvlv_error_set(err, WVLV_EBADREQ, "too-deep",
			       "The body nests arrays and objects more than %d levels deep.",
			       max_depth);
		return NULL;
	}
	json_error_t je;
	json_t *v = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &je);
	if (!v) {
		input_json_error(req, &je, err); /* input_json.c */
		return NULL;
	}
	wvlv_arena_on_destroy(req->arena, json_release, v);
	if (!json_is_object(v)) {
		wvlv_error_set(err, WVLV_EBADREQ, "malformed-json", "The body must be a JSON object.");
		return NULL;
	}
	return v;
}

void input_no_unknown_fields(json_t *obj, const char *prefix, const char *const *allowed,
			     wvlv_error *err)
{
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v) {
		bool ok = false;
		for (const char *const *a = allowed; *a; a++)
			if (!strcmp(*a, key))
				ok = true;
		if (!ok)
		{
			char name[64];
			snprintf(name, sizeof(name), "%s%s", prefix, key);
			wvlv_error_add_param(err, name, "unknown-field", "%s is not a known field.",
					     name);
		}
	}
}

/* Characters (code points) of a UTF-8 string, as JSON Schema maxLength counts. */
static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* Is s (UTF-8) nothing but white space: ASCII space, tab, line ends, and the
 * Unicode spaces U+0085, U+00A0, U+1680, U+2000-U+200B, U+2028, U+2029,
 * U+202F, U+205F, U+3000, U+FEFF? */
bool input_blank(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		if (strchr(" \t\n\r\v\f", *p)) {
			p++;
		} else if (p[0] == 0xC2 && (p[1] == 0x85 || p[1] == 0xA0)) {
			p += 2;
		} else if (p[0] == 0xE1 && p[1] == 0x9A && p[2] == 0x80) {
			p += 3;
		} else if (p[0] == 0xE2 && p[1] == 0x80 &&
			   ((p[2] >= 0x80 && p[2] <= 0x8B) || p[2] == 0xA8 || p[2] == 0xA9 ||
			    p[2] == 0xAF)) {
			p += 3;
		} else if ((p[0] == 0xE2 && p[1] == 0x81 && p[2] == 0x9F) ||
			   (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) ||
			   (p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)) {
			p += 3;
		} else {
			return false;
		}
	}
	return true;
}

static bool missing(json_t *obj, const char *key, const char *pname, bool required,
		    wvlv_error *err, json_t **v)
{
	*v = json_object_get(obj, key);
	if (*v)
		return false;
	if (required)
		wvlv_error_add_param(err, pname, "required", "%s is required.", pname);
	return true;
}

bool input_string(json_t *obj, const char *key, const char *pname, bool required, size_t maxlen,
		  const char **out, wvlv_error *err)
{
	json_t *v;
	if (missing(obj, key, pname, required, err, &v))
		return !required;
	if (!json_is_string(v)) {
		wvlv_error_add_param(err, pname, "wrong-type", "%s must be a string.", pname);
		return false;
	}
	const char *s = json_string_value(v);
	size_t n = json_string_length(v);
	if (n == 0 || strlen(s) != n) {
		wvlv_error_add_param(err, pname, "empty", "%s must not be empty.", pname);
		return false;
	}
	if (input_blank(s)) {
		wvlv_error_add_param(err, pname, "blank", "%s must not be only white space.", pname);
		return false;
	}
	if (utf8_chars(s) > maxlen) {
		wvlv_error_add_param(err, pname, "too-long", "%s may be %zu characters at most.",
				     pname, maxlen);
		return false;
	}
	*out = s;
	return true;
}

bool input_date(json_t *obj, const char *key, const char *pname, bool required, wvlv_date *out,
		wvlv_error *err)
{
	const char *s = NULL;
	if (!input_string(obj, key, pname, required, 10, &s, err))
		return false;
	if (!s)
		return true;
	wvlv_error e;
	wvlv_error_clear(&e);
	if (wvlv_date_parse(s, out, &e) != WVLV_OK) {
		wvlv_error_add_param(err, pname, "invalid-date", "%s: %s", pname, e.detail);
		return false;
	}
	return true;
}

bool input_object(json_t *obj, const char *key, const char *pname, bool required, json_t **out,
		  wvlv_error *err)
{
	json_t *v;
	if (missing(obj, key, pname, required, err, &v))
		return !required;
	if (!json_is_object(v)) {
		wvlv_error_add_param(err, pname, "wrong-type", "%s must be an object.", pname);
		return false;
	}
	*out = v;
	return true;
}

bool input_measures(json_t *obj, const char *key, bool required, unsigned *out, wvlv_error *err)
{
	json_t *v;
	if (missing(obj, key, key, required, err, &v))
		return !required;
	if (!json_is_array(v)) {
		wvlv_error_add_param(err, key, "wrong-type", "%s must be an array of measures.", key);
		return false;
	}
	char names[WVLV_ENUM_TEXT_MAX];
	wvlv_enum_text(&wvlv_measure_enum, WVLV_ENUM_ALL, WVLV_ENUM_COMMAS, names, sizeof(names));
	if (json_array_size(v) == 0) {
		wvlv_error_add_param(err, key, "empty", "%s must name at least one of %s.", key,
				     names);
		return false;
	}
	unsigned set = 0;
	size_t i;
	json_t *m;
	json_array_foreach(v, i, m) {
		unsigned bit;
		if (!json_is_string(m) || !wvlv_measure_parse(json_string_value(m), &bit)) {
			wvlv_error_add_param(err, key, "unknown-measure",
					     "%s[%zu] must be one of %s.", key, i, names);
			return false;
		}
		if (set & bit) {
			wvlv_error_add_param(err, key, "duplicate", "%s[%zu] repeats %s.", key, i,
					     json_string_value(m));
			return false;
		}
		set |= bit;
	}
	*out = set;
	return true;
}

bool input_kind(json_t *obj, const char *key, bool required, int *out, wvlv_error *err)
{
	const char *s = NULL;
	if (!input_string(obj, key, key, required, 16, &s, err))
		return false;
	if (!s)
		return true;
	wvlv_kind k;
	if (!wvlv_kind_parse(s, &k)) {
		char names[WVLV_ENUM_TEXT_MAX];
		wvlv_error_add_param(err, key, "unknown-kind", "%s must be %s.", key,
				     wvlv_enum_text(&wvlv_kind_enum, WVLV_ENUM_ALL, WVLV_ENUM_OR, names,
						    sizeof(names)));
		return false;
	}
	*out = (int)k;
	return true;
}

bool input_municipality(json_t *obj, const char *key, bool required, const char **out,
			wvlv_error *err)
{
	const char *s = NULL;
	if (!input_string(obj, key, key, required, 16, &s, err))
		return false;
	if (!s)
		return true;
	if (!wvlv_municipality_code_valid(s)) {
		wvlv_error_add_param(err, key, "invalid-municipality-code",
				     "%s must be GM followed by 4 digits (CBS code), e.g. GM0505.",
				     key);
		return false;
	}
	*out = s;
	return true;
}

static bool bag_id_valid(const char *s)
{
	if (strlen(s) != 16 || strspn(s, "0123456789") != 16)
		return false;
	static const char *const types[] = { "01", "02", "03", "10", "20", "30" };
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (s[4] == types[i][0] && s[5] == types[i][1])
			return true;
	return false;
}

bool input_bag_ids(http_req *req, json_t *obj, const char *key, const char *pname,
		   const char ***out, size_t *n,
		   wvlv_error *err)
{
	json_t *v = json_object_get(obj, key);
	if (!v)
		return true;
	if (!json_is_array(v)) {
		wvlv_error_add_param(err, pname, "wrong-type", "%s must be an array of strings.", pname);
		return false;
	}
	size_t count = json_array_size(v);
	if (count > 1000) {
		wvlv_error_add_param(err, pname, "too-many", "%s may hold 1000 identifiers at most.",
				     pname);
		return false;
	}
	const char **ids = wvlv_arena_alloc(req->arena, (count ? count : 1) * sizeof(*ids));
	size_t i;
	json_t *e;
	json_array_foreach(v, i, e) {
		if (!json_is_string(e) || !bag_id_valid(json_string_value(e))) {
			wvlv_error_add_param(err, pname, "invalid-bag-id",
					     "%s[%zu] must be a 16-digit BAG identifier (4-digit municipality, type 01|02|03|10|20|30, 10-digit number).",
					     pname, i);
			return false;
		}
		ids[i] = json_string_value(e);
	}
	*out = ids;
	*n = count;
	return true;
}

void input_date_and_text(json_t *body, const char *date_key, wvlv_date *date,
			 const char *text_key, size_t text_max, const char **text, wvlv_error *err)
{
	const char *const fields[] = { date_key, text_key, NULL };
	input_no_unknown_fields(body, "", fields, err);
	*date = WVLV_DATE_NONE;
	*text = NULL;
	input_date(body, date_key, date_key, true, date, err);
	input_string(body, text_key, text_key, true, text_max, text, err);
}

bool input_ok(wvlv_error *err)
{
	if (err->nparams == 0)
		return true;
	wvlv_error_set(err, WVLV_EINVAL, "invalid-input",
		       err->nparams == 1 ? "The request body has 1 invalid field."
					 : "The request body has invalid fields.");
	return false;
}

bool input_content_crs(http_req *req, wvlv_crs *out, wvlv_error *err)
{
	const char *h = http_header(req, "Content-Crs");
	*out = WVLV_CRS_CRS84;
	if (!h)
		return true;
	if (wvlv_crs_parse(h, out))
		return true;
	wvlv_error_add_param(err, "Content-Crs", "unsupported-crs",
			     "Content-Crs must be " WVLV_CRS84_URI " or " WVLV_RD_URI ".");
	wvlv_error_set(err, WVLV_EBADREQ, "unsupported-crs",
		       "The Content-Crs header names a CRS this API does not support.");
	return false;
}

bool query_invalid(wvlv_error *err, const char *name, const char *code, const char *reason)
{
	wvlv_error_add_param(err, name, code, "%s", reason);
	wvlv_error_set(err, WVLV_EBADREQ, "invalid-query-parameter",
		       "The query parameter %s is not valid.", name);
	return false;
}

bool query_municipality(http_req *req, const char **out, wvlv_error *err)
{
	const char *v = http_query(req, "municipalityCode");
	if (v && !wvlv_municipality_code_valid(v))
		return query_invalid(err, "municipalityCode", "invalid-municipality-code",
				     "municipalityCode must be GM followed by 4 digits.");
	if (v)
		*out = v;
	return true;
}

bool query_designation_filters(http_req *req, const char **municipality, int *kind,
			       int *measure, int *status, wvlv_error *err)
{
	return query_municipality(req, municipality, err) &&
	       query_enum(req, "kind", "unknown-kind", &wvlv_kind_enum, WVLV_ENUM_OR, kind, err) &&
	       query_enum(req, "measure", "unknown-measure", &wvlv_measure_enum, WVLV_ENUM_OR,
			  measure, err) &&
	       query_enum(req, "status", "unknown-status", &wvlv_designation_status_enum,
			  WVLV_ENUM_OR, status, err);
}

bool query_enum(http_req *req, const char *name, const char *code, const wvlv_enum *e,
		wvlv_enum_style style, int *value, wvlv_error *err)
{
	const char *v = http_query(req, name);
	if (!v || wvlv_enum_parse(e, v, value))
		return true;
	char names[WVLV_ENUM_TEXT_MAX], reason[WVLV_ENUM_TEXT_MAX + 80];
	snprintf(reason, sizeof(reason), "%s must be %s%s.", name,
		 style == WVLV_ENUM_COMMAS ? "one of " : "",
		 wvlv_enum_text(e, WVLV_ENUM_ALL, style, names, sizeof(names)));
	return query_invalid(err, name, code, reason);
}

const char *input_path_uuid(http_req *req, const char *what, wvlv_error *err)
{
	const char *id = req->path_params[0];
	if (wvlv_uuid_shaped(id))
		return id;
	wvlv_error_add_param(err, "id", "invalid-uuid",
			     "id must be a UUID such as 3f2b8c1e-5d4a-4e7b-9c1d-2a6f8e0b7c31.");
	wvlv_error_set(err, WVLV_EBADREQ, "invalid-path-parameter",
		       "The %s id in the path is not a UUID.", what);
	return NULL;
}

bool query_crs(http_req *req, const char *name, wvlv_crs *out, wvlv_error *err)
{
	const char *v = http_query(req, name);
	*out = WVLV_CRS_CRS84;
	if (!v || wvlv_crs_parse(v, out))
		return true;
	char r[160];
	snprintf(r, sizeof(r), "%s must be " WVLV_CRS84_URI " or " WVLV_RD_URI ".", name);
	return query_invalid(err, name, "unsupported-crs", r);
}

bool query_whole_number(const char *s, long *out)
{
	if (!s || !*s || !isdigit((unsigned char)s[0]))
		return false;
	char *end;
	errno = 0;
	long n = strtol(s, &end, 10);
	if (*end || (errno && errno != ERANGE))
		return false;
	*out = n; /* LONG_MAX when ERANGE: only digits, so too large */
	return true;
}

bool query_paging(http_req *req, long max_limit, long *limit, long *offset, wvlv_error *err)
{
	const char *l = http_query(req, "limit");
	const char *o = http_query(req, "offset");
	*limit = 100;
	*offset = 0;
	if (l && (!query_whole_number(l, limit) || *limit < 1 || *limit > max_limit)) {
		char r[96];
		snprintf(r, sizeof(r), "limit must be a whole number from 1 to %ld.", max_limit);
		return query_invalid(err, "limit", "out-of-range", r);
	}
	if (o && (!query_whole_number(o, offset) || *offset > QUERY_OFFSET_MAX))
		return query_invalid(err, "offset", "out-of-range", QUERY_OFFSET_RANGE);
	return true;
}

bool query_date(http_req *req, const char *name, wvlv_date *out, wvlv_error *err)
{
	const char *v = http_query(req, name);
	*out = WVLV_DATE_NONE;
	if (!v)
		return true;
	wvlv_error e;
	wvlv_error_clear(&e);
	if (wvlv_date_parse(v, out, &e) == WVLV_OK)
		return true;
	return query_invalid(err, name, "invalid-date", e.detail);
}

/* Up to max numbers separated by commas (strtod's syntax, finite), the
 * whole of s: their count, or -1 when s is not that. */
static int parse_numbers(const char *s, double *out, int max)
{
	for (int n = 0; n < max; n++) {
		char *end;
		errno = 0;
		out[n] = strtod(s, &end);
		if (end == s || errno || !isfinite(out[n]) || (*end && *end != ','))
			return -1;
		if (!*end)
			return n + 1;
		s = end + 1;
	}
	return -1;
}

static bool lon_lat_ok(double lon, double lat)
{
	return lon >= -180.0 && lon <= 180.0 && lat >= -90.0 && lat <= 90.0;
}

static bool out_of_crs84(wvlv_error *err, const char *name)
{
	char r[128];
	snprintf(r, sizeof(r), "%s is in CRS84: longitudes -180 to 180, latitudes -90 to 90.",
		 name);
	return query_invalid(err, name, "out-of-range", r);
}

bool query_bbox(http_req *req, bool heights, bool crs84, double out[4], bool *present,
		wvlv_error *err)
{
	const char *v = http_query(req, "bbox");
	*present = v != NULL;
	if (!v)
		return true;
	double n[6];
	int count = parse_numbers(v, n, heights ? 6 : 4); /* 6 only with heights */
	bool ok = count == 4 || count == 6;
	if (ok) {
		int top = count / 2; /* maxx: n[2], or n[3] after minz */
		out[0] = n[0];
		out[1] = n[1];
		out[2] = n[top];
		out[3] = n[top + 1];
	}
	if (!ok || out[0] > out[2] || out[1] > out[3])
		return query_invalid(err, "bbox", "invalid-bbox",
				     heights ? "bbox is minx,miny,maxx,maxy or "
					       "minx,miny,minz,maxx,maxy,maxz, with min <= max."
					     : "bbox is minx,miny,maxx,maxy with min <= max.");
	if (crs84 && !(lon_lat_ok(out[0], out[1]) && lon_lat_ok(out[2], out[3])))
		return out_of_crs84(err, "bbox");
	return true;
}

bool query_point(http_req *req, const char *name, double out[2], bool *present,
		 wvlv_error *err)
{
	const char *v = http_query(req, name);
	*present = v != NULL;
	if (!v)
		return true;
	if (parse_numbers(v, out, 2) != 2) {
		char r[128];
		snprintf(r, sizeof(r), "%s is 2 comma-separated numbers: longitude,latitude.", name);
		return query_invalid(err, name, "invalid-coordinates", r);
	}
	return lon_lat_ok(out[0], out[1]) || out_of_crs84(err, name);
}

