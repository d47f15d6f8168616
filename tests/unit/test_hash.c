/* test_hash.c — unit tests of lib/base/hash.c: the FIPS 180-2 test vectors
 * of SHA-256, a message in parts equal to the message whole, and the shapes
 * the server hashes (an Idempotency-Key's request, an OGC entity tag), with
 * digests worked out by another implementation (Python's hashlib). */
#include "wvlv/hash.h"
#include "wvlv/token.h"
#include "unit.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

static const char *hex_of(const char *s)
{
	static char out[WVLV_SHA256_HEXLEN];
	wvlv_sha256_hex(s, strlen(s), out);
	return out;
}

START_TEST(test_vectors)
{
	ck_assert_str_eq(hex_of(""),
			 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	ck_assert_str_eq(hex_of("abc"),
			 "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	ck_assert_str_eq(hex_of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
			 "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	char *million = malloc(1000000);
	ck_assert_ptr_nonnull(million);
	memset(million, 'a', 1000000);
	char out[WVLV_SHA256_HEXLEN];
	wvlv_sha256_hex(million, 1000000, out);
	free(million);
	ck_assert_str_eq(out, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}
END_TEST

/* NULL with length 0 is the empty message. */
START_TEST(test_empty_null)
{
	char out[WVLV_SHA256_HEXLEN];
	wvlv_sha256_hex(NULL, 0, out);
	ck_assert_str_eq(out, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	wvlv_sha256_parts_hex(NULL, 0, out);
	ck_assert_str_eq(out, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}
END_TEST

START_TEST(test_parts_are_the_whole)
{
	const wvlv_hash_part abc[] = { { "a", 1 }, { NULL, 0 }, { "bcX", 2 } };
	char out[WVLV_SHA256_HEXLEN];
	wvlv_sha256_parts_hex(abc, 3, out);
	ck_assert_str_eq(out, hex_of("abc"));
}
END_TEST

/* The request hash of an Idempotency-Key: method, " ", path, "\n", body. */
START_TEST(test_request_shape)
{
	const char *body = "{\"a\":1}";
	const wvlv_hash_part parts[] = {
		{ "POST", 4 }, { " ", 1 }, { "/api/v1/offers", 14 }, { "\n", 1 }, { body, strlen(body) },
	};
	char out[WVLV_SHA256_HEXLEN];
	wvlv_sha256_parts_hex(parts, 5, out);
	ck_assert_str_eq(out, "698e1d7939ca7a01af6c57d7d8113091bd6f125dfaa382d3bd1404cb9cc2bf55");
}
END_TEST

/* An OGC entity tag: the counter line and the cache key; the first 16 bytes
 * of the digest are its first 32 hex digits. */
START_TEST(test_etag_shape)
{
	const char *key = "/collections/designations/items?limit=10|crs84|2026-01-01";
	const wvlv_hash_part parts[] = { { "42\n", 3 }, { key, strlen(key) } };
	char out[WVLV_SHA256_HEXLEN];
	wvlv_sha256_parts_hex(parts, 2, out);
	ck_assert_int_eq(strncmp(out, "8697a61a729fc62ec9b781c07a5937a8", 32), 0);
}
END_TEST

/* A token's hash is the SHA-256 of its text; no token, no hash. */
START_TEST(test_token_hash)
{
	char hex[WVLV_TOKEN_HEXLEN];
	wvlv_token_hash_hex("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA-", hex);
	ck_assert_str_eq(hex, hex_of("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA-"));
	wvlv_token_hash_hex(NULL, hex);
	ck_assert_str_eq(hex, "");
}
END_TEST

static Suite *hash_suite(void)
{
	Suite *s = suite_create("hash");
	unit_add(s, "vectors", test_vectors);
	unit_add(s, "empty_null", test_empty_null);
	unit_add(s, "parts_are_the_whole", test_parts_are_the_whole);
	unit_add(s, "request_shape", test_request_shape);
	unit_add(s, "etag_shape", test_etag_shape);
	unit_add(s, "token_hash", test_token_hash);
	return s;
}

int main(void)
{
	return unit_run(hash_suite());
}
