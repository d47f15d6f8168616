/* input_json.c — why a request body did not parse (see input.h): a number
 * outside the 64-bit range is a 422 naming the member, the rest a 400. */
#include "input.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* The first number in v outside the signed 64-bit range (integers were read
 * as reals), its member path written into path ("a.b[2]"). */
static bool find_out_of_range(json_t *v, char *path, size_t cap)
{
	size_t len = strlen(path);
	if (json_is_real(v)) {
		double d = json_real_value(v);
		return !(d >= -9223372036854775808.0 && d < 9223372036854775808.0);
	}
	if (json_is_object(v)) {
		const char *key;
		json_t *m;
		json_object_foreach(v, key, m) {
			snprintf(path + len, cap - len, "%s%s", len ? "." : "", key);
			if (find_out_of_range(m, path, cap))
				return true;
		}
	} else if (json_is_array(v)) {
		size_t i;
		json_t *m;
		json_array_foreach(v, i, m) {
			snprintf(path + len, cap - len, "[%zu]", i);
			if (find_out_of_range(m, path, cap))
				return true;
		}
	}
	path[len] = '\0';
	return false;
}

void input_json_error(http_req *req, const json_error_t *je, wvlv_error *err)
{
	if (json_error_code(je) == json_error_numeric_overflow) {
		char path[64] = "";
		json_t *v = json_loadb(req->body, req->body_len,
				       JSON_REJECT_DUPLICATES | JSON_DECODE_INT_AS_REAL, NULL);
		bool found = v && find_out_of_range(v, path, sizeof(path)) && path[0];
		json_decref(v);
		char reason[160];
		snprintf(reason, sizeof(reason),
			 "The number at line %d, column %d is outside the range this API takes "
			 "(whole numbers from -2^63 to 2^63-1, reals of double precision).",
			 je->line, je->column);
		wvlv_error_add_param(err, found ? path : "body", "out-of-range", "%s", reason);
		wvlv_error_set(err, WVLV_EINVAL, "invalid-input",
			       "The request body has a number out of range.");
		return;
	}
	wvlv_error_set(err, WVLV_EBADREQ, "malformed-json",
		       "The body is not valid JSON: %s (line %d, column %d).", je->text, je->line,
		       je->column);
}
