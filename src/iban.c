/* iban.c: IBAN validation by the country length table and the ISO 7064
 * mod-97-10 check, and the two display forms (grouped and masked). */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "iban.h"

/* SWIFT IBAN registry: country code and total length, sorted for bsearch. */
struct iban_country {
	char cc[3];
	unsigned char len;
};

static const struct iban_country iban_lengths[] = {
	{ "AD", 24 }, { "AE", 23 }, { "AL", 28 }, { "AT", 20 }, { "AZ", 28 }, { "BA", 20 },
	{ "BE", 16 }, { "BG", 22 }, { "BH", 22 }, { "BI", 27 }, { "BR", 29 }, { "BY", 28 },
	{ "CH", 21 }, { "CR", 22 }, { "CY", 28 }, { "CZ", 24 }, { "DE", 22 }, { "DJ", 27 },
	{ "DK", 18 }, { "DO", 28 }, { "EE", 20 }, { "EG", 29 }, { "ES", 24 }, { "FI", 18 },
	{ "FK", 18 }, { "FO", 18 }, { "FR", 27 }, { "GB", 22 }, { "GE", 22 }, { "GI", 23 },
	{ "GL", 18 }, { "GR", 27 }, { "GT", 28 }, { "HN", 28 }, { "HR", 21 }, { "HU", 28 },
	{ "IE", 22 }, { "IL", 23 }, { "IQ", 23 }, { "IS", 26 }, { "IT", 27 }, { "JO", 30 },
	{ "KW", 30 }, { "KZ", 20 }, { "LB", 28 }, { "LC", 32 }, { "LI", 21 }, { "LT", 20 },
	{ "LU", 20 }, { "LV", 21 }, { "LY", 25 }, { "MC", 27 }, { "MD", 24 }, { "ME", 22 },
	{ "MK", 19 }, { "MN", 20 }, { "MR", 27 }, { "MT", 31 }, { "MU", 30 }, { "NI", 28 },
	{ "NL", 18 }, { "NO", 15 }, { "OM", 23 }, { "PK", 24 }, { "PL", 28 }, { "PS", 29 },
	{ "PT", 25 }, { "QA", 29 }, { "RO", 24 }, { "RS", 22 }, { "RU", 33 }, { "SA", 24 },
	{ "SC", 31 }, { "SD", 18 }, { "SE", 24 }, { "SI", 19 }, { "SK", 24 }, { "SM", 27 },
	{ "SO", 23 }, { "ST", 25 }, { "SV", 28 }, { "TL", 23 }, { "TN", 24 }, { "TR", 26 },
	{ "UA", 29 }, { "VA", 22 }, { "VG", 24 }, { "XK", 20 }, { "YE", 30 },
};

static int cc_cmp(const void *key, const void *elem)
{
	return strncmp(key, elem, 2);
}

int iban_country_length(const char *cc)
{
	char key[3];
	const struct iban_country *hit;

	if (!cc || !isupper((unsigned char)cc[0]) || !isupper((unsigned char)cc[1]))
		return 0;
	key[0] = cc[0];
	key[1] = cc[1];
	key[2] = '\0';
	hit = bsearch(key, iban_lengths, sizeof iban_lengths / sizeof iban_lengths[0],
		      sizeof iban_lengths[0], cc_cmp);
	return hit ? hit->len : 0;
}

/* ISO 7064 mod 97-10 over the rearranged IBAN, letters as 10..35. */
static int mod97(const char *iban, size_t len)
{
	unsigned rem = 0;

	for (size_t k = 0; k < len; k++) {
		char c = iban[(k + 4) % len];
		if (isdigit((unsigned char)c))
			rem = (rem * 10 + (unsigned)(c - '0')) % 97;
		else
			rem = (rem * 100 + (unsigned)(c - 'A' + 10)) % 97;
	}
	return (int)rem;
}

enum iban_err iban_normalize(const char *text, char out[IBAN_MAX + 1])
{
	char buf[IBAN_MAX + 1];
	size_t n = 0;
	int want;

	if (!text)
		return IBAN_ERR_EMPTY;
	for (const char *p = text; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == ' ' || c == '\t' || c == '-')
			continue;
		if (!isalnum(c) || c > 0x7f)
			return IBAN_ERR_CHARS;
		if (n == IBAN_MAX)
			return IBAN_ERR_LENGTH;
		buf[n++] = (char)toupper(c);
	}
	buf[n] = '\0';
	if (n == 0)
		return IBAN_ERR_EMPTY;
	if (n < 2 || !isalpha((unsigned char)buf[0]) || !isalpha((unsigned char)buf[1]))
		return IBAN_ERR_COUNTRY;
	want = iban_country_length(buf);
	if (!want)
		return IBAN_ERR_COUNTRY;
	if (n != (size_t)want)
		return IBAN_ERR_LENGTH;
	if (!isdigit((unsigned char)buf[2]) || !isdigit((unsigned char)buf[3]) || mod97(buf, n) != 1)
		return IBAN_ERR_CHECKSUM;
	if (out)
		memcpy(out, buf, n + 1);
	return IBAN_OK;
}

enum iban_err iban_make(const char *cc, const char *bban, char out[IBAN_MAX + 1])
{
	char buf[IBAN_MAX + 1];
	int check, n;

	if (!cc || !bban || strlen(cc) != 2 || strlen(bban) > IBAN_MAX - 4)
		return IBAN_ERR_LENGTH;
	n = snprintf(buf, sizeof buf, "%s00%s", cc, bban);
	for (int i = 0; i < n; i++)
		if (!isupper((unsigned char)buf[i]) && !isdigit((unsigned char)buf[i]))
			return IBAN_ERR_CHARS;
	/* ISO 13616: check digits = 98 - (number with "00" as check digits mod 97). */
	check = 98 - mod97(buf, (size_t)n);
	buf[2] = (char)('0' + check / 10);
	buf[3] = (char)('0' + check % 10);
	return iban_normalize(buf, out);
}

void iban_format(const char *iban, char out[IBAN_PRINT_MAX])
{
	size_t o = 0;

	for (size_t i = 0; iban[i] && i < IBAN_MAX; i++) {
		if (i && i % 4 == 0)
			out[o++] = ' ';
		out[o++] = iban[i];
	}
	out[o] = '\0';
}

void iban_mask(const char *account, int ascii, char *out, size_t len)
{
	/* Only the last four letters or digits are shown, whatever the blanks. */
	char tail[5];
	size_t n = 0;
	const char *dots = ascii ? "****" : "\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2";

	if (!len)
		return;
	if (!account)
		account = "";
	for (const char *p = account + strlen(account); p > account && n < 4;) {
		p--;
		if (isalnum((unsigned char)*p))
			tail[n++] = *p;
	}
	for (size_t i = 0; i < n / 2; i++) {
		char t = tail[i];
		tail[i] = tail[n - 1 - i];
		tail[n - 1 - i] = t;
	}
	tail[n] = '\0';
	snprintf(out, len, "%s %s", dots, tail);
}

const char *iban_strerror(enum iban_err err)
{
	switch (err) {
	case IBAN_OK:
		return _("no error");
	case IBAN_ERR_EMPTY:
		return _("no IBAN was given");
	case IBAN_ERR_CHARS:
		return _("an IBAN holds only letters and digits");
	case IBAN_ERR_COUNTRY:
		return _("an IBAN starts with a country code that issues IBANs, such as DE or GB");
	case IBAN_ERR_LENGTH:
		return _("the IBAN has the wrong length for its country");
	case IBAN_ERR_CHECKSUM:
		return _("the IBAN's check digits do not match: please check for a typo");
	}
	return _("unknown error");
}
