/* check_totp.c: RFC 6238 Appendix B in full, verification and base32. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "check_suites.h"
#include "demo.h"
#include "totp.h"

static const char seed20[] = "12345678901234567890";
static const char seed32[] = "12345678901234567890123456789012";
static const char seed64[] =
	"1234567890123456789012345678901234567890123456789012345678901234";

/* RFC 6238 Appendix B: every row, 8 digits, 30 s step, T0 = 0. */
static const struct {
	unsigned long long t;
	enum totp_alg alg;
	const char *code;
} rfc6238[] = {
	{ 59ULL, TOTP_SHA1, "94287082" },         { 59ULL, TOTP_SHA256, "46119246" },
	{ 59ULL, TOTP_SHA512, "90693936" },       { 1111111109ULL, TOTP_SHA1, "07081804" },
	{ 1111111109ULL, TOTP_SHA256, "68084774" }, { 1111111109ULL, TOTP_SHA512, "25091201" },
	{ 1111111111ULL, TOTP_SHA1, "14050471" }, { 1111111111ULL, TOTP_SHA256, "67062674" },
	{ 1111111111ULL, TOTP_SHA512, "99943326" }, { 1234567890ULL, TOTP_SHA1, "89005924" },
	{ 1234567890ULL, TOTP_SHA256, "91819424" }, { 1234567890ULL, TOTP_SHA512, "93441116" },
	{ 2000000000ULL, TOTP_SHA1, "69279037" }, { 2000000000ULL, TOTP_SHA256, "90698825" },
	{ 2000000000ULL, TOTP_SHA512, "38618901" }, { 20000000000ULL, TOTP_SHA1, "65353130" },
	{ 20000000000ULL, TOTP_SHA256, "77737706" }, { 20000000000ULL, TOTP_SHA512, "47863826" },
};

static const unsigned char *seed_for(enum totp_alg alg, size_t *len)
{
	const char *s = alg == TOTP_SHA1 ? seed20 : alg == TOTP_SHA256 ? seed32 : seed64;
	*len = strlen(s);
	return (const unsigned char *)s;
}

START_TEST(bad_arguments)
{
	char out[16];
	const unsigned char *k = (const unsigned char *)seed20;
	ck_assert_int_eq(totp_code(NULL, 20, TOTP_SHA1, 59, 0, 30, 6, out), TOTP_ERR_ARGS);
	ck_assert_int_eq(totp_code(k, 0, TOTP_SHA1, 59, 0, 30, 6, out), TOTP_ERR_ARGS);
	ck_assert_int_eq(totp_code(k, 20, TOTP_SHA1, 59, 0, 0, 6, out), TOTP_ERR_ARGS);
	ck_assert_int_eq(totp_code(k, 20, TOTP_SHA1, 59, 0, 30, 5, out), TOTP_ERR_ARGS);
	ck_assert_int_eq(totp_code(k, 20, TOTP_SHA1, 59, 0, 30, 9, out), TOTP_ERR_ARGS);
	ck_assert_int_eq(totp_code(k, 20, TOTP_SHA1, 59, 100, 30, 6, out), TOTP_ERR_ARGS);
	ck_assert_int_eq(totp_code(k, 20, (enum totp_alg)42, 59, 0, 30, 6, out), TOTP_ERR_ARGS);
	ck_assert_int_eq(totp_code(k, 20, TOTP_SHA1, 59, 0, 30, 6, NULL), TOTP_ERR_ARGS);
}
END_TEST

START_TEST(rfc6238_appendix_b)
{
	char out[TOTP_DIGITS_MAX + 1];
	size_t len;
	const unsigned char *key = seed_for(rfc6238[_i].alg, &len);
	ck_assert_int_eq(totp_code(key, len, rfc6238[_i].alg, rfc6238[_i].t, 0, 30, 8, out),
			 TOTP_OK);
	ck_assert_str_eq(out, rfc6238[_i].code);
}
END_TEST

START_TEST(six_digits_are_the_low_digits)
{
	/* RFC 4226 Appendix D, counter 1 = t 30..59 at a 30 s step: 287082. */
	char out[TOTP_DIGITS_MAX + 1];
	ck_assert_int_eq(totp_code((const unsigned char *)seed20, 20, TOTP_SHA1, 59, 0, 30, 6, out),
			 TOTP_OK);
	ck_assert_str_eq(out, "287082");
}
END_TEST

START_TEST(verify_refuses_wrong_codes)
{
	const unsigned char *k = (const unsigned char *)seed20;
	ck_assert(!totp_verify(k, 20, TOTP_SHA1, 59, 30, 8, NULL, 1, NULL));
	ck_assert(!totp_verify(k, 20, TOTP_SHA1, 59, 30, 8, "", 1, NULL));
	ck_assert(!totp_verify(k, 20, TOTP_SHA1, 59, 30, 8, "9428708", 1, NULL));
	ck_assert(!totp_verify(k, 20, TOTP_SHA1, 59, 30, 8, "94287083", 1, NULL));
	ck_assert(!totp_verify(k, 20, TOTP_SHA1, 59, 30, 8, "942870820", 1, NULL));
	/* right code, three steps late, window of one */
	ck_assert(!totp_verify(k, 20, TOTP_SHA1, 59 + 90, 30, 8, "94287082", 1, NULL));
}
END_TEST

START_TEST(verify_accepts_within_the_window)
{
	const unsigned char *k = (const unsigned char *)seed20;
	uint64_t step = 0;
	ck_assert(totp_verify(k, 20, TOTP_SHA1, 59, 30, 8, "94287082", 0, &step));
	ck_assert_uint_eq(step, 1);
	ck_assert(totp_verify(k, 20, TOTP_SHA1, 59 + 30, 30, 8, "94287082", 1, &step));
	ck_assert_uint_eq(step, 1);
	ck_assert(totp_verify(k, 20, TOTP_SHA1, 10, 30, 8, "94287082", 1, &step));
}
END_TEST

START_TEST(base32_rejects_junk)
{
	unsigned char out[32];
	ck_assert_int_eq(base32_decode(NULL, out, sizeof out), -1);
	ck_assert_int_eq(base32_decode("MZXW1", out, sizeof out), -1); /* 1 is not base32 */
	ck_assert_int_eq(base32_decode("MZXW0", out, sizeof out), -1);
	ck_assert_int_eq(base32_decode("MZXW8", out, sizeof out), -1);
	ck_assert_int_eq(base32_decode("MY==MY", out, sizeof out), -1);
	ck_assert_int_eq(base32_decode("MZXW6YTBOI", out, 5), -1);
	ck_assert_int_eq(base32_decode("MZ\xc3\x84", out, sizeof out), -1);
}
END_TEST

static const struct {
	const char *plain, *b32;
} rfc4648[] = {
	{ "", "" },         { "f", "MY" },          { "fo", "MZXQ" },           { "foo", "MZXW6" },
	{ "foob", "MZXW6YQ" }, { "fooba", "MZXW6YTB" }, { "foobar", "MZXW6YTBOI" },
};

START_TEST(base32_rfc4648_vectors)
{
	char enc[32];
	unsigned char dec[32];
	long n;
	base32_encode((const unsigned char *)rfc4648[_i].plain, strlen(rfc4648[_i].plain), enc);
	ck_assert_str_eq(enc, rfc4648[_i].b32);
	n = base32_decode(rfc4648[_i].b32, dec, sizeof dec);
	ck_assert_int_eq(n, (long)strlen(rfc4648[_i].plain));
	ck_assert(!memcmp(dec, rfc4648[_i].plain, (size_t)n));
}
END_TEST

START_TEST(base32_accepts_typed_secrets)
{
	unsigned char out[32];
	/* "12345678901234567890" as an authenticator app shows it, in groups and lower case */
	ck_assert_int_eq(base32_decode("gezd gnbv gy3t qojq gezd gnbv gy3t qojq", out, sizeof out),
			 20);
	ck_assert(!memcmp(out, seed20, 20));
	ck_assert_int_eq(base32_decode("MZXW6YQ=", out, sizeof out), 4);
}
END_TEST

/* The demo's codes, shown for a person to type: the one good longest first
 * (the step after now's: 60 to 90 s), then now's, then the step before's.
 * The step before's came first, and was refused when the next step began
 * while it was typed. */
START_TEST(demo_codes_good_longest_first)
{
	const char *secret = "MFWGK6BNMRSW23ZNORXXI4BNNNSXSIJB";
	char got[4][8], want[8];
	unsigned char key[64];
	uint64_t now = 0;
	long n;

	for (int tries = 0; tries < 3; tries++) {
		struct demo d = { 0 };
		snprintf(d.totp_secret, sizeof d.totp_secret, "%s", secret);
		now = (uint64_t)time(NULL) / 30;
		for (int i = 0; i < 4; i++)
			ck_assert(demo_code(&d, got[i]));
		if ((uint64_t)time(NULL) / 30 == now)
			break; /* all four within one step */
	}
	n = base32_decode(secret, key, sizeof key);
	ck_assert_int_gt(n, 0);
	for (int i = 0; i < 3; i++) {
		ck_assert_int_eq(totp_code(key, (size_t)n, TOTP_SHA1, (now + 1 - (uint64_t)i) * 30, 0, 30, 6, want), TOTP_OK);
		ck_assert_str_eq(got[i], want);
	}
	/* A fourth in the same step: none is left unused; the latest again. */
	ck_assert_int_eq(totp_code(key, (size_t)n, TOTP_SHA1, (now + 1) * 30, 0, 30, 6, want), TOTP_OK);
	ck_assert_str_eq(got[3], want);
}
END_TEST

Suite *totp_suite(void)
{
	Suite *s = suite_create("totp");
	TCase *bad = tcase_create("bad input");
	TCase *rfc = tcase_create("rfc6238");
	TCase *b32 = tcase_create("base32");

	tcase_add_test(bad, bad_arguments);
	tcase_add_test(bad, verify_refuses_wrong_codes);
	tcase_add_loop_test(rfc, rfc6238_appendix_b, 0, sizeof rfc6238 / sizeof rfc6238[0]);
	tcase_add_test(rfc, six_digits_are_the_low_digits);
	tcase_add_test(rfc, verify_accepts_within_the_window);
	tcase_add_test(rfc, demo_codes_good_longest_first);
	tcase_add_test(b32, base32_rejects_junk);
	tcase_add_loop_test(b32, base32_rfc4648_vectors, 0, sizeof rfc4648 / sizeof rfc4648[0]);
	tcase_add_test(b32, base32_accepts_typed_secrets);
	suite_add_tcase(s, bad);
	suite_add_tcase(s, rfc);
	suite_add_tcase(s, b32);
	return s;
}
