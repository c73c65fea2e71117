/* money.h: amounts as int64 minor units plus an ISO 4217 code.
 *
 * No floating point anywhere: user input is parsed digit by digit, arithmetic
 * checks for overflow, and formatting builds the string from the integer. */
#ifndef BANKTERM_MONEY_H
#define BANKTERM_MONEY_H

#include <stddef.h>
#include <stdint.h>

/* One row of the ISO 4217 list of active codes. */
struct currency {
	const char *code;       /* "USD" */
	unsigned short numeric; /* 840 */
	signed char exponent;   /* minor-unit digits: 0 (JPY) .. 4 (CLF) */
	unsigned char no_minor; /* ISO says "N.A." (metals, funds, test codes) */
	const char *name;       /* English name as ISO publishes it (data, untranslated) */
};

struct money {
	int64_t minor;    /* in minor units: cents for USD, yen for JPY */
	char currency[4]; /* ISO 4217 alphabetic code, NUL-terminated */
};

enum money_err {
	MONEY_OK = 0,
	MONEY_ERR_EMPTY,       /* nothing but blanks */
	MONEY_ERR_SYNTAX,      /* not an amount */
	MONEY_ERR_GROUPING,    /* digit groups do not follow the separator rules */
	MONEY_ERR_PRECISION,   /* more decimal places than the currency has */
	MONEY_ERR_OVERFLOW,    /* beyond what 64 bits of minor units hold */
	MONEY_ERR_CURRENCY,    /* not an ISO 4217 code we know */
	MONEY_ERR_NO_CURRENCY, /* no code typed and no default given */
	MONEY_ERR_MISMATCH,    /* arithmetic on two different currencies */
	MONEY_ERR_BUFFER,      /* the output buffer is too small */
};

/* How numbers are written: separators in UTF-8 and the localeconv() grouping. */
struct numfmt {
	char decimal[8];
	char group[8];    /* may be empty: no grouping when formatting */
	char grouping[8]; /* sizes from the right; 0 repeats the last, CHAR_MAX stops */
};

/* Room for any formatted amount with its code and a 4-byte group separator. */
#define MONEY_FMT_MAX 96

/* Formatting flags. */
#define MONEY_FMT_CODE 0x1 /* append " USD" */
#define MONEY_FMT_PLUS 0x2 /* write "+" before positive amounts */

const struct currency *currency_find(const char *code);
size_t currency_count(void);
const struct currency *currency_at(size_t i);

/* The neutral convention: "." decimal point, "," between groups of three. */
void numfmt_c(struct numfmt *nf);
/* The current LC_MONETARY/LC_NUMERIC convention, read once with localeconv(). */
void numfmt_from_locale(struct numfmt *nf);

/**
 * Parses an amount a person typed: "1234.5", "1,234.50", "EUR 12", "12,50 eur"
 * (with a "," decimal convention), "-3".  The convention's decimal separator
 * is accepted, and "." too where it cannot be a group separator; group
 * separators must form proper groups ("1,23" is refused rather than guessed).
 * @param default_currency used when the text names none; may be NULL
 * @param nf the number convention; NULL means numfmt_c()
 */
enum money_err money_parse(const char *text, const char *default_currency,
			   const struct numfmt *nf, struct money *out);

enum money_err money_add(struct money *out, const struct money *a, const struct money *b);
enum money_err money_sub(struct money *out, const struct money *a, const struct money *b);
/* Sets out to the amount with its sign flipped; INT64_MIN overflows. */
enum money_err money_negate(struct money *out, const struct money *a);

/**
 * Formats for display: "-1,234.50 USD" with the convention's separators.
 * @param nf NULL means numfmt_c()
 * @return MONEY_OK, MONEY_ERR_CURRENCY or MONEY_ERR_BUFFER
 */
enum money_err money_format(const struct money *m, const struct numfmt *nf,
			    unsigned flags, char *buf, size_t len);
/* The machine form: "-1234.50", "." decimal point, no groups, no code. */
enum money_err money_format_plain(const struct money *m, char *buf, size_t len);

/* A translated sentence saying what went wrong, for the user. */
const char *money_strerror(enum money_err err);

#endif
