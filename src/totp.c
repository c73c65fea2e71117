/* totp.c: RFC 6238 TOTP over RFC 4226 HOTP, with libcrypto's HMAC.
 * No hand-rolled hashing: only the truncation and the base32 alphabet are here. */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "totp.h"

static const EVP_MD *totp_md(enum totp_alg alg)
{
	switch (alg) {
	case TOTP_SHA1:
		return EVP_sha1();
	case TOTP_SHA256:
		return EVP_sha256();
	case TOTP_SHA512:
		return EVP_sha512();
	}
	return NULL;
}

static enum totp_err hotp(const unsigned char *key, size_t keylen, enum totp_alg alg,
			  uint64_t counter, unsigned digits, char *out)
{
	unsigned char msg[8], md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	const EVP_MD *evp = totp_md(alg);
	uint32_t bin, mod = 1;
	unsigned off;

	if (!evp || !key || keylen == 0 || keylen > 1024)
		return TOTP_ERR_ARGS;
	for (int i = 7; i >= 0; i--) {
		msg[i] = (unsigned char)(counter & 0xff);
		counter >>= 8;
	}
	if (!HMAC(evp, key, (int)keylen, msg, sizeof msg, md, &mdlen) || mdlen < 20)
		return TOTP_ERR_CRYPTO;
	/* RFC 4226 5.3 dynamic truncation. */
	off = md[mdlen - 1] & 0x0f;
	bin = ((uint32_t)(md[off] & 0x7f) << 24) | ((uint32_t)md[off + 1] << 16) |
	      ((uint32_t)md[off + 2] << 8) | md[off + 3];
	for (unsigned i = 0; i < digits; i++)
		mod *= 10;
	bin %= mod;
	for (int i = (int)digits - 1; i >= 0; i--) {
		out[i] = (char)('0' + bin % 10);
		bin /= 10;
	}
	out[digits] = '\0';
	OPENSSL_cleanse(md, sizeof md);
	return TOTP_OK;
}

enum totp_err totp_code(const unsigned char *key, size_t keylen, enum totp_alg alg,
			uint64_t t, uint64_t t0, unsigned step, unsigned digits, char *out)
{
	if (!out || step == 0 || digits < 6 ||
	    digits > TOTP_DIGITS_MAX || t < t0)
		return TOTP_ERR_ARGS;
	return hotp(key, keylen, alg, (t - t0) / step, digits, out);
}

int totp_verify(const unsigned char *key, size_t keylen, enum totp_alg alg, uint64_t t,
		unsigned step, unsigned digits, const char *code, unsigned window,
		uint64_t *matched_step)
{
	char want[TOTP_DIGITS_MAX + 1];
	uint64_t now;
	int ok = 0;

	if (!code || strlen(code) != digits || step == 0 || digits < 6 || digits > TOTP_DIGITS_MAX)
		return 0;
	now = t / step;
	/* Every candidate is computed and compared, so timing says nothing of which matched. */
	for (uint64_t s = now >= window ? now - window : 0; s <= now + window; s++) {
		if (hotp(key, keylen, alg, s, digits, want) != TOTP_OK)
			continue;
		if (CRYPTO_memcmp(want, code, digits) == 0 && !ok) {
			ok = 1;
			if (matched_step)
				*matched_step = s;
		}
	}
	OPENSSL_cleanse(want, sizeof want);
	return ok;
}

static const char b32_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

long base32_decode(const char *in, unsigned char *out, size_t outlen)
{
	uint32_t acc = 0;
	int bits = 0;
	size_t n = 0;
	int padding = 0;

	if (!in)
		return -1;
	for (; *in; in++) {
		int c = toupper((unsigned char)*in);
		const char *pos;
		if (c == ' ' || c == '-')
			continue;
		if (c == '=') {
			padding = 1;
			continue;
		}
		pos = c ? strchr(b32_alphabet, c) : NULL;
		if (!pos || padding)
			return -1;
		acc = (acc << 5) | (uint32_t)(pos - b32_alphabet);
		bits += 5;
		if (bits >= 8) {
			if (n == outlen)
				return -1;
			out[n++] = (unsigned char)(acc >> (bits - 8));
			bits -= 8;
		}
	}
	return (long)n;
}

void base32_encode(const unsigned char *in, size_t len, char *out)
{
	uint32_t acc = 0;
	int bits = 0;
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		acc = (acc << 8) | in[i];
		bits += 8;
		while (bits >= 5) {
			out[o++] = b32_alphabet[(acc >> (bits - 5)) & 0x1f];
			bits -= 5;
		}
	}
	if (bits > 0)
		out[o++] = b32_alphabet[(acc << (5 - bits)) & 0x1f];
	out[o] = '\0';
}
