/* hash.c — SHA-256 as lowercase hex (see hash.h), through OpenSSL's EVP
 * digest interface. */
#include "wvlv/hash.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>

static void hash_failed(void)
{
	fputs("wvlv: SHA-256 failed (libcrypto out of memory)\n", stderr);
	abort();
}

void wvlv_sha256_parts_hex(const wvlv_hash_part *parts, size_t n,
			   char out[WVLV_SHA256_HEXLEN])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1)
		hash_failed();
	for (size_t i = 0; i < n; i++)
		if (parts[i].len && EVP_DigestUpdate(ctx, parts[i].bytes, parts[i].len) != 1)
			hash_failed();
	if (EVP_DigestFinal_ex(ctx, md, &len) != 1 || len != WVLV_SHA256_BYTES)
		hash_failed();
	EVP_MD_CTX_free(ctx);
	static const char hex[] = "0123456789abcdef";
	for (unsigned int i = 0; i < len; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[2 * len] = '\0';
}

void wvlv_sha256_hex(const void *bytes, size_t len, char out[WVLV_SHA256_HEXLEN])
{
	wvlv_hash_part part = { bytes, len };
	wvlv_sha256_parts_hex(&part, 1, out);
}
