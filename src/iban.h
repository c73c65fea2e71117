/* iban.h: International Bank Account Numbers (ISO 13616): check, group, mask. */
#ifndef BANKTERM_IBAN_H
#define BANKTERM_IBAN_H

#include <stddef.h>

/* An IBAN is at most 34 characters; printed in groups of four it needs 42 + NUL. */
#define IBAN_MAX 34
#define IBAN_PRINT_MAX 43

enum iban_err {
	IBAN_OK = 0,
	IBAN_ERR_EMPTY,
	IBAN_ERR_CHARS,    /* something other than letters, digits and blanks */
	IBAN_ERR_COUNTRY,  /* the first two letters are no IBAN country */
	IBAN_ERR_LENGTH,   /* wrong length for that country */
	IBAN_ERR_CHECKSUM, /* the two check digits do not match (a typo) */
};

/**
 * Validates an IBAN as typed ("gb82 west 1234 5698 7654 32" is fine) and writes
 * its electronic form ("GB82WEST12345698765432") to out, which holds IBAN_MAX + 1.
 * @param out may be NULL when only the verdict is wanted
 */
enum iban_err iban_normalize(const char *text, char out[IBAN_MAX + 1]);
/* Builds an IBAN from a country code and a BBAN, computing the check digits.
 * @return IBAN_OK, or the error iban_normalize() would give the result */
enum iban_err iban_make(const char *cc, const char *bban, char out[IBAN_MAX + 1]);
/* The length IBANs of this country have, or 0 if it issues none. */
int iban_country_length(const char *cc);
/* Groups of four for reading: "GB82 WEST 1234 5698 7654 32". */
void iban_format(const char *iban, char out[IBAN_PRINT_MAX]);
/* Hides all but the last four characters: "•••• 5432", or "**** 5432" when ascii. */
void iban_mask(const char *account, int ascii, char *out, size_t len);
const char *iban_strerror(enum iban_err err);

#endif
