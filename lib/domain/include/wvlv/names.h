/* names.h — enums written as names: lookups in a table of names. */
#ifndef WVLV_NAMES_H
#define WVLV_NAMES_H

#include <stddef.h>

/* Index of name in names[0..n), or -1 (also for a NULL name). */
int wvlv_name_index(const char *const *names, size_t n, const char *name);

#endif /* WVLV_NAMES_H */
