/* utf8.h — text from outside as a JSON string, whatever its bytes.
 *
 * jansson refuses a string that is not valid UTF-8, and a json_pack that
 * meets one fails whole: a log line or a problem answer would be lost for one
 * bad byte of a request path (libmicrohttpd decodes "%FF" to the byte 0xFF)
 * or of a message of libpq (in the client encoding).  These strings keep
 * every valid UTF-8 sequence and put U+FFFD for each byte that is not part
 * of one (overlong forms, surrogates and code points past U+10FFFF are not,
 * as for jansson).
 */
#ifndef WVLV_UTF8_H
#define WVLV_UTF8_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* Whether the n bytes at s are valid UTF-8 with no NUL byte (the rule above:
 * no overlong forms, surrogates or code points past U+10FFFF). */
bool wvlv_utf8_valid(const char *s, size_t n);

/* The n bytes at s as a JSON string; NULL only when memory ran out. */
json_t *wvlv_json_textn(const char *s, size_t n);

/* The same for a NUL-terminated string; NULL s is "". */
json_t *wvlv_json_text(const char *s);

#endif /* WVLV_UTF8_H */
