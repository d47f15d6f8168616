/* uuid.h — the text form of a UUID, as PostgreSQL writes a uuid: 8-4-4-4-12
 * hexadecimal digits.  The one check of that shape, for the server (an id in
 * a path or a body) and the store (an id that is no row's is not sent). */
#ifndef WVLV_UUID_H
#define WVLV_UUID_H

#include <stdbool.h>

#define WVLV_UUID_STRLEN 37   /* 36 characters + NUL */

/* Is s a UUID in its canonical text form (8-4-4-4-12 hex digits, either
 * case)?  NULL is not. */
bool wvlv_uuid_shaped(const char *s);

#endif /* WVLV_UUID_H */
