/* totp.h: time-based one-time passwords (RFC 6238) and the base32 secrets
 * (RFC 4648) that authenticator apps exchange them in. */
#ifndef BANKTERM_TOTP_H
#define BANKTERM_TOTP_H

#include <stddef.h>
#include <stdint.h>

enum totp_alg { TOTP_SHA1, TOTP_SHA256, TOTP_SHA512 };

enum totp_err {
	TOTP_OK = 0,
	TOTP_ERR_ARGS,   /* digits outside 6..8, step 0, empty key, time before the epoch start */
	TOTP_ERR_CRYPTO, /* libcrypto failed to compute the HMAC */
};

#define TOTP_DIGITS_MAX 8

/**
 * The code for Unix time t: T = (t - t0) / step, HMAC over T big-endian,
 * dynamic truncation, modulo 10^digits, zero-padded into out.
 * @param out at least digits + 1 bytes
 */
enum totp_err totp_code(const unsigned char *key, size_t keylen, enum totp_alg alg,
			uint64_t t, uint64_t t0, unsigned step, unsigned digits, char *out);

/**
 * True when code matches at time t or within window steps either side (for
 * clock drift), compared in constant time.  The matching step is written to
 * *matched_step (may be NULL) so a server can refuse its reuse.
 */
int totp_verify(const unsigned char *key, size_t keylen, enum totp_alg alg, uint64_t t,
		unsigned step, unsigned digits, const char *code, unsigned window,
		uint64_t *matched_step);

/* Decodes RFC 4648 base32 (any case, blanks and trailing '=' ignored).
 * @return the number of bytes written, or -1 on a bad character or a full out */
long base32_decode(const char *in, unsigned char *out, size_t outlen);
/* Encodes without padding; out needs (len * 8 + 4) / 5 + 1 bytes. */
void base32_encode(const unsigned char *in, size_t len, char *out);

#endif
