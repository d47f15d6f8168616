/* fuzz.h — what the libFuzzer harnesses of fuzz/ share (fuzz_support.c).
 *
 * Each fuzz_<name>.c feeds outside bytes to one parser of the server, the
 * way a request brings them, without a database and without a socket: a
 * request (http_req) is made here with the server's default settings, its
 * body, headers and query held in a fake connection.  The server reads
 * headers and query parameters through libmicrohttpd's
 * MHD_lookup_connection_value and MHD_get_connection_values; fuzz_support.c
 * defines both, and a definition in the program comes before the shared
 * library's, so the parsers read the fake connection unchanged.
 */
#ifndef WVLV_FUZZ_H
#define WVLV_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_MAX_VALUES 64

/* A request with the server's defaults (wvlv_config_from_env), no body, no
 * headers, no query; released with fuzz_req_free. */
http_req *fuzz_req_new(void);
void fuzz_req_free(http_req *req);

/* The n bytes at data as the request's body (copied). */
void fuzz_req_body(http_req *req, const uint8_t *data, size_t n);
/* Add a header (name compared without case, as MHD does); value copied up
 * to n bytes or its first NUL. */
void fuzz_req_header(http_req *req, const char *name, const uint8_t *value, size_t n);
/* A query parameter as libmicrohttpd hands it over (decoded); value copied. */
void fuzz_req_param(http_req *req, const char *name, const char *value);
/* The n bytes at data as a query string: "k=v&k2=v2", each key and value
 * percent-decoded as libmicrohttpd decodes them; a key without '=' has no
 * value (NULL). */
void fuzz_req_query(http_req *req, const uint8_t *data, size_t n);

/* A request whose body is the n bytes at data, read as the handlers read it
 * (input_body_object): the JSON object, or NULL with err set.  *req is
 * released with fuzz_done. */
json_t *fuzz_body(const uint8_t *data, size_t n, http_req **req, wvlv_error *err);

/* The end of a body harness: the problem of err rendered when there is one,
 * then req freed. */
void fuzz_done(http_req *req, const wvlv_error *err);

/* Render err as the server would answer it (problem+json text) and drop it:
 * the problem path of every refusal, with the client's bytes in it. */
void fuzz_render_problem(http_req *req, const wvlv_error *err);

/* A NUL-terminated copy of the n bytes (up to the first NUL) in req's arena. */
char *fuzz_cstr(http_req *req, const uint8_t *data, size_t n);

#endif
