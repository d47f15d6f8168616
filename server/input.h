/* input.h — strict parsing of request bodies and query parameters.
 *
 * Body fields: every problem is collected into err->params (one entry per
 * field), so a client learns everything that is wrong at once; the caller
 * then answers 422.  Malformed JSON is 400.  Query parameters are 400.
 */
#ifndef WVLV_SERVER_INPUT_H
#define WVLV_SERVER_INPUT_H

#include <jansson.h>
#include <stdbool.h>

#include "http.h"
#include "wvlv/crs.h"
#include "wvlv/date.h"
#include "wvlv/enum.h"
#include "wvlv/status.h"

/* Parse the body as a JSON object.  NULL with err (EBADREQ) on failure; the
 * returned object is released with the request's arena. */
json_t *input_body_object(http_req *req, wvlv_error *err);
/* The error for a body jansson did not parse (input_json.c): a number outside
 * the 64-bit range is EINVAL invalid-input naming its member (code
 * out-of-range), anything else EBADREQ malformed-json. */
void input_json_error(http_req *req, const json_error_t *je, wvlv_error *err);

/* Unknown members of obj (not in the NULL-terminated allowed list) each get
 * an invalidParams entry "<prefix><name>" code "unknown-field". */
void input_no_unknown_fields(json_t *obj, const char *prefix, const char *const *allowed,
			     wvlv_error *err);

/* Each getter: absent & !required → true with *out unchanged; otherwise checks
 * the type and range, records a param on failure and returns false.  A
 * string is refused "empty" when it is "" (or holds U+0000) and "blank" when
 * it is only white space (input_blank), whatever the field. */
bool input_string(json_t *obj, const char *key, const char *pname, bool required, size_t maxlen,
		  const char **out, wvlv_error *err);
bool input_date(json_t *obj, const char *key, const char *pname, bool required, wvlv_date *out,
		wvlv_error *err);
bool input_object(json_t *obj, const char *key, const char *pname, bool required, json_t **out,
		  wvlv_error *err);
bool input_measures(json_t *obj, const char *key, bool required, unsigned *out, wvlv_error *err);
bool input_kind(json_t *obj, const char *key, bool required, int *out, wvlv_error *err);
bool input_municipality(json_t *obj, const char *key, bool required, const char **out,
			wvlv_error *err);
/* GeoJSON text of a Polygon/MultiPolygon member (input_geometry.c): the
 * type, then every position an array of 2 or 3 JSON numbers ("<key>.coordinates"
 * invalid-coordinates, naming the first one that is not) and at most
 * WVLV_MAX_VERTICES positions counted over all rings and parts (<key>
 * too-many-vertices).  PostGIS validates the geometry itself. */
bool input_geometry(http_req *req, json_t *obj, const char *key, bool required, const char **out,
		    wvlv_error *err);
bool input_bag_ids(http_req *req, json_t *obj, const char *key, const char *pname,
		   const char ***out, size_t *n,
		   wvlv_error *err);

/* A body of exactly a required date and a required text, such as {"on",
 * "reason"}: unknown members, then the date, then the text (at most text_max
 * characters) are checked, each fault added to err. */
void input_date_and_text(json_t *body, const char *date_key, wvlv_date *date,
			 const char *text_key, size_t text_max, const char **text, wvlv_error *err);

/* Is the UTF-8 text s only white space (ASCII and Unicode spaces; "" too)? */
bool input_blank(const char *s);

/* Finish body validation: when params were recorded, set EINVAL and return false. */
bool input_ok(wvlv_error *err);

/* The CRS of the body from Content-Crs (CRS84 when absent).  false → EBADREQ. */
bool input_content_crs(http_req *req, wvlv_crs *out, wvlv_error *err);

/* Query parameters (400 on error). */
/* The CRS named by the query parameter `name` (crs, bbox-crs; CRS84 when
 * absent); 400 unsupported-crs when this API does not serve it. */
bool query_crs(http_req *req, const char *name, wvlv_crs *out, wvlv_error *err);
/* A whole number written in digits (no sign) into *out, LONG_MAX when it is
 * too large for a long; false when s is not that. */
bool query_whole_number(const char *s, long *out);
/* The largest offset of any list (REST and OGC: an offset costs the rows it
 * skips; deeper pages by the keyset cursor of the next link, paging.h), and the reason given when
 * an offset is not a whole number from 0 to it (400, naming offset). */
#define QUERY_OFFSET_MAX 10000L
#define QUERY_OFFSET_RANGE                                                               \
	"offset must be a whole number from 0 to 10000; deeper pages are reached by the "  \
	"cursor of the next link."
/* limit (1 to max_limit, default 100) and offset (0 to QUERY_OFFSET_MAX,
 * default 0) of a REST list: 400 out-of-range otherwise. */
bool query_paging(http_req *req, long max_limit, long *limit, long *offset, wvlv_error *err);
bool query_date(http_req *req, const char *name, wvlv_date *out, wvlv_error *err);
/* The bbox query parameter into out as minx,miny,maxx,maxy: 4 numbers, or
 * with heights also 6 (minx,miny,minz,maxx,maxy,maxz; the heights are
 * dropped), min <= max (else 400 invalid-bbox); when crs84, longitudes -180
 * to 180 and latitudes -90 to 90 (else 400 out-of-range).  Absent: *present
 * = false and true. */
bool query_bbox(http_req *req, bool heights, bool crs84, double out[4], bool *present,
		wvlv_error *err);
/* A point lon,lat in CRS84 (400 invalid-coordinates, out-of-range).  Absent:
 * *present = false and true. */
bool query_point(http_req *req, const char *name, double out[2], bool *present,
		 wvlv_error *err);

/* Record a bad query parameter (400 invalid-query-parameter with one
 * invalidParams entry); returns false. */
bool query_invalid(wvlv_error *err, const char *name, const char *code, const char *reason);

/* The filters of a list of designations, as the REST list and the OGC items
 * take them: municipalityCode, and the values of kind, measure (its index in
 * wvlv_measure_enum) and status; each optional (untouched when absent). */
bool query_designation_filters(http_req *req, const char **municipality, int *kind,
			       int *measure, int *status, wvlv_error *err);

/* An optional municipalityCode query parameter: GM and 4 digits (else 400). */
bool query_municipality(http_req *req, const char **out, wvlv_error *err);

/* An optional query parameter naming a value of the enumeration e: absent →
 * true, *value untouched; one of its names → true with its value; anything
 * else → false, 400 `code` with the reason "<name> must be a, b or c."
 * (WVLV_ENUM_OR) or "<name> must be one of a, b, c." (WVLV_ENUM_COMMAS). */
bool query_enum(http_req *req, const char *name, const char *code, const wvlv_enum *e,
		wvlv_enum_style style, int *value, wvlv_error *err);

/* The {id} path parameter when it is a UUID; otherwise NULL with err set
 * (400 invalid-path-parameter, naming `what`). */
const char *input_path_uuid(http_req *req, const char *what, wvlv_error *err);


#endif
