/* fuzz_geometry.c — the geometry pre-checks of a designation: the bytes as
 * the geometry member of a body ({"geometry": …}) through the depth
 * pre-check, jansson, the Polygon/MultiPolygon shape and the vertex count
 * (WVLV_MAX_VERTICES). */
#include <string.h>

#include "fuzz.h"
#include "input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	http_req *req = fuzz_req_new();
	static const char head[] = "{\"geometry\":";
	uint8_t *body = wvlv_arena_alloc(req->arena, size + sizeof(head) + 1);
	memcpy(body, head, sizeof(head) - 1);
	if (size)
		memcpy(body + sizeof(head) - 1, data, size);
	body[sizeof(head) - 1 + size] = '}';
	fuzz_req_body(req, body, size + sizeof(head));
	wvlv_error err;
	wvlv_error_clear(&err);
	json_t *obj = input_body_object(req, &err);
	const char *text = NULL;
	if (obj && !input_geometry(req, obj, "geometry", true, &text, &err))
		(void)input_ok(&err);
	fuzz_done(req, &err);
	return 0;
}
