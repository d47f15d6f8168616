/* hash.h — SHA-256, written as 64 lowercase hex digits.
 *
 * The one place that speaks to OpenSSL's digest interface: token hashes,
 * migration checksums, the request hash of an Idempotency-Key, OGC entity
 * tags.  A message may be given in parts, fed in turn as if they were one
 * buffer, so that a caller need not join them first.
 *
 * SHA-256 fails only when libcrypto cannot allocate its context; like the
 * arena's small allocations (arena.h), that aborts the process rather than
 * give a caller a hash that is not one.
 */
#ifndef WVLV_HASH_H
#define WVLV_HASH_H

#include <stddef.h>

#define WVLV_SHA256_BYTES  32
#define WVLV_SHA256_HEXLEN 65   /* 64 hex digits + NUL */

/* One part of a message: len bytes at bytes (NULL when len is 0). */
typedef struct wvlv_hash_part {
	const void *bytes;
	size_t      len;
} wvlv_hash_part;

/* The SHA-256 of len bytes, as lowercase hex. */
void wvlv_sha256_hex(const void *bytes, size_t len, char out[WVLV_SHA256_HEXLEN]);

/* The SHA-256 of parts[0..n) one after the other, as lowercase hex: the
 * same as that of their concatenation. */
void wvlv_sha256_parts_hex(const wvlv_hash_part *parts, size_t n,
			   char out[WVLV_SHA256_HEXLEN]);

#endif /* WVLV_HASH_H */
