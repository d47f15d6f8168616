/* token.c — API bearer tokens: generation, hashing, constant-time comparison
 * (see token.h).
 *
 * The bytes come from getrandom(2) (the kernel's CSPRNG, blocking only until
 * it is seeded at boot); the text is base64url without padding; only the
 * SHA-256 of that text is ever stored. */
#include "wvlv/token.h"
#include "wvlv/hash.h"

#include <errno.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#define TOKEN_CHARS (WVLV_TOKEN_STRLEN - 1)

static const char b64url[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* Fill buf with n bytes from the OS; false when it has none to give. */
static bool token_random(unsigned char *buf, size_t n)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = getrandom(buf + got, n - got, 0);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		got += (size_t)r;
	}
	return true;
}

/* base64url of n bytes, no padding; out holds 4 * ceil(n / 3) + 1 bytes. */
static void token_encode(const unsigned char *in, size_t n, char *out)
{
	size_t o = 0;
	size_t i = 0;
	for (; i + 3 <= n; i += 3) {
		unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8 | in[i + 2];
		out[o++] = b64url[(v >> 18) & 63];
		out[o++] = b64url[(v >> 12) & 63];
		out[o++] = b64url[(v >> 6) & 63];
		out[o++] = b64url[v & 63];
	}
	if (n - i == 1) {
		unsigned v = (unsigned)in[i] << 16;
		out[o++] = b64url[(v >> 18) & 63];
		out[o++] = b64url[(v >> 12) & 63];
	} else if (n - i == 2) {
		unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8;
		out[o++] = b64url[(v >> 18) & 63];
		out[o++] = b64url[(v >> 12) & 63];
		out[o++] = b64url[(v >> 6) & 63];
	}
	out[o] = '\0';
}

wvlv_status wvlv_token_generate(char out[WVLV_TOKEN_STRLEN], wvlv_error *err)
{
	unsigned char bytes[WVLV_TOKEN_BYTES];
	out[0] = '\0';
	if (!token_random(bytes, sizeof(bytes)))
		return wvlv_error_set(err, WVLV_EINTERNAL, "no-randomness",
				      "the operating system provided no random bytes");
	char text[4 * ((WVLV_TOKEN_BYTES + 2) / 3) + 1];
	token_encode(bytes, sizeof(bytes), text);
	OPENSSL_cleanse(bytes, sizeof(bytes));
	_Static_assert(sizeof(text) >= WVLV_TOKEN_STRLEN, "token buffer");
	memcpy(out, text, TOKEN_CHARS);
	out[TOKEN_CHARS] = '\0';
	OPENSSL_cleanse(text, sizeof(text));
	return WVLV_OK;
}

bool wvlv_token_well_formed(const char *s)
{
	if (!s)
		return false;
	size_t n = strspn(s, b64url);
	return n == TOKEN_CHARS && s[n] == '\0';
}

void wvlv_token_hash_hex(const char *token, char out[WVLV_TOKEN_HEXLEN])
{
	if (!token) {
		out[0] = '\0'; /* "" matches no stored hash */
		return;
	}
	wvlv_sha256_hex(token, strlen(token), out);
}

bool wvlv_token_equal(const char *a, const char *b)
{
	if (!a || !b)
		return false;
	size_t n = strlen(a);
	if (strlen(b) != n)
		return false;
	return CRYPTO_memcmp(a, b, n) == 0;
}
