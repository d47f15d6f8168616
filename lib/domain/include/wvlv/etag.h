/* etag.h — strong entity tags from row versions. */
#ifndef WVLV_ETAG_H
#define WVLV_ETAG_H

#include <stdbool.h>

#define WVLV_ETAG_STRLEN 16

/* "\"<version>\"" into buf; returns buf. */
char *wvlv_etag_format(int version, char buf[WVLV_ETAG_STRLEN]);

/* Does an If-Match header (RFC 9110: "*" or a comma-separated list of entity
 * tags) match the current version?  Weak tags never match (strong
 * comparison).  NULL header matches. */
bool wvlv_etag_if_match(const char *header, int version);

#endif /* WVLV_ETAG_H */
