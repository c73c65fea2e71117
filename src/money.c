/* money.c: parse, add and format amounts held as int64 minor units.
 *
 * Parsing refuses rather than guesses: "1,23" in a locale that groups with ","
 * is a grouping error, not 123; more decimals than the currency has is a
 * precision error, not rounding.  A wrong guess here would move wrong money. */
#include "config.h"

#include <ctype.h>
#include <limits.h>
#include <locale.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "money_private.h"

/* Longest text money_parse looks at; no real amount comes near it. */
#define MONEY_INPUT_MAX 128

static int currency_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct currency *)elem)->code);
}

const struct currency *currency_find(const char *code)
{
	if (!code || strlen(code) != 3)
		return NULL;
	return bsearch(code, currency_table, currency_table_len, sizeof currency_table[0],
		       currency_cmp);
}

size_t currency_count(void)
{
	return currency_table_len;
}

const struct currency *currency_at(size_t i)
{
	return i < currency_table_len ? &currency_table[i] : NULL;
}

static void copy_sep(char *dst, size_t size, const char *src, const char *fallback)
{
	if (!src || !*src || strlen(src) >= size)
		src = fallback;
	memcpy(dst, src, strlen(src) + 1);
}

void numfmt_c(struct numfmt *nf)
{
	memset(nf, 0, sizeof *nf);
	strcpy(nf->decimal, ".");
	strcpy(nf->group, ",");
	nf->grouping[0] = 3;
}

void numfmt_from_locale(struct numfmt *nf)
{
	const struct lconv *lc = localeconv();
	const char *grouping;

	memset(nf, 0, sizeof *nf);
	/* Monetary separators where the locale has them, numeric ones otherwise. */
	copy_sep(nf->decimal, sizeof nf->decimal,
		 *lc->mon_decimal_point ? lc->mon_decimal_point : lc->decimal_point, ".");
	copy_sep(nf->group, sizeof nf->group,
		 *lc->mon_thousands_sep ? lc->mon_thousands_sep : lc->thousands_sep, "");
	grouping = *lc->mon_grouping ? lc->mon_grouping : lc->grouping;
	if (strlen(grouping) < sizeof nf->grouping)
		strcpy(nf->grouping, grouping);
	if (!*nf->group)
		nf->grouping[0] = '\0';
}

/* Size of the group at index i counted from the right, or 0 for "no more groups". */
static int group_size(const char *grouping, size_t i)
{
	size_t n = strlen(grouping);
	char g;

	if (n == 0)
		return 3;
	g = grouping[i < n ? i : n - 1];
	if (g == CHAR_MAX || g <= 0)
		return 0;
	return g;
}

static bool is_space_sep(const char *s)
{
	return !strcmp(s, " ") || !strcmp(s, "\xc2\xa0") || !strcmp(s, "\xe2\x80\xaf");
}

/* Length of the separator at s if it is one of seps, else 0. */
static size_t match_sep(const char *s, const char *sep)
{
	size_t n = strlen(sep);

	if (n && !strncmp(s, sep, n))
		return n;
	if (is_space_sep(sep)) {
		static const char *const spaces[] = { " ", "\xc2\xa0", "\xe2\x80\xaf" };
		for (size_t i = 0; i < sizeof spaces / sizeof spaces[0]; i++) {
			n = strlen(spaces[i]);
			if (!strncmp(s, spaces[i], n))
				return n;
		}
	}
	return 0;
}

static bool is_blank_at(const char *s, size_t *len)
{
	if (*s == ' ' || *s == '\t') {
		*len = 1;
		return true;
	}
	*len = match_sep(s, "\xc2\xa0");
	return *len > 0;
}

/* Strips a 3-letter code from the front or the back of [*b, *e); writes it uppercased. */
static enum money_err take_code(const char **b, const char **e, char code[4])
{
	const char *s = *b, *t = *e;
	size_t blank;

	code[0] = '\0';
	if (t - s >= 3 && isalpha((unsigned char)s[0]) && isalpha((unsigned char)s[1]) &&
	    isalpha((unsigned char)s[2]) && (t - s == 3 || !isalpha((unsigned char)s[3]))) {
		for (int i = 0; i < 3; i++)
			code[i] = (char)toupper((unsigned char)s[i]);
		s += 3;
	} else if (t - s >= 3 && isalpha((unsigned char)t[-1]) && isalpha((unsigned char)t[-2]) &&
		   isalpha((unsigned char)t[-3]) && (t - s == 3 || !isalpha((unsigned char)t[-4]))) {
		for (int i = 0; i < 3; i++)
			code[i] = (char)toupper((unsigned char)t[i - 3]);
		t -= 3;
	}
	code[3] = '\0';
	while (s < t && is_blank_at(s, &blank))
		s += blank;
	while (t > s && (t[-1] == ' ' || t[-1] == '\t'))
		t--;
	while (t - s >= 2 && !strncmp(t - 2, "\xc2\xa0", 2))
		t -= 2;
	*b = s;
	*e = t;
	return MONEY_OK;
}

/* Checks digit-group lengths (left to right) against the convention. */
static bool grouping_ok(const int *groups, size_t ngroups, const char *grouping)
{
	for (size_t k = 0; k < ngroups; k++) {
		size_t from_right = ngroups - 1 - k;
		int want = group_size(grouping, from_right);
		if (k == 0) {
			if (groups[k] < 1 || (want && groups[k] > want))
				return false;
		} else if (want == 0 || groups[k] != want) {
			return false;
		}
	}
	return true;
}

static enum money_err accumulate(int64_t *v, int digit)
{
	if (__builtin_mul_overflow(*v, 10, v) || __builtin_add_overflow(*v, digit, v))
		return MONEY_ERR_OVERFLOW;
	return MONEY_OK;
}

enum money_err money_parse(const char *text, const char *default_currency,
			   const struct numfmt *nf, struct money *out)
{
	struct numfmt cfmt;
	const char *b, *e, *p, *dec, *alt_dec = NULL, *grp;
	char code[4];
	const struct currency *cur;
	int groups[MONEY_INPUT_MAX];
	size_t ngroups = 0, blank;
	bool negative = false, seen_grp = false, seen_dec = false;
	int64_t units = 0;
	int int_digits = 0, frac_digits = 0, run = 0;
	char frac[MONEY_INPUT_MAX];
	enum money_err err;

	if (!nf) {
		numfmt_c(&cfmt);
		nf = &cfmt;
	}
	if (!text)
		return MONEY_ERR_EMPTY;
	if (strnlen(text, MONEY_INPUT_MAX + 1) > MONEY_INPUT_MAX)
		return MONEY_ERR_SYNTAX;
	b = text;
	e = text + strlen(text);
	while (b < e && is_blank_at(b, &blank))
		b += blank;
	while (e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n'))
		e--;
	if (b == e)
		return MONEY_ERR_EMPTY;

	take_code(&b, &e, code);
	if (code[0]) {
		cur = currency_find(code);
		if (!cur)
			return MONEY_ERR_CURRENCY;
	} else if (default_currency) {
		cur = currency_find(default_currency);
		if (!cur)
			return MONEY_ERR_CURRENCY;
	} else {
		cur = NULL;
	}
	if (b == e)
		return MONEY_ERR_SYNTAX;

	dec = nf->decimal[0] ? nf->decimal : ".";
	/* Without a group separator, "," groups for "." decimals and "." for others. */
	grp = nf->group[0] ? nf->group : (strcmp(dec, ".") ? "." : ",");
	/* "." is always understood as a decimal point unless it separates groups. */
	if (strcmp(dec, ".") && strcmp(grp, "."))
		alt_dec = ".";

	p = b;
	if (*p == '-' || *p == '+') {
		negative = *p == '-';
		p++;
	}
	while (p < e) {
		size_t n;
		if (isdigit((unsigned char)*p)) {
			int d = *p - '0';
			if (seen_dec) {
				frac[frac_digits++] = (char)d;
			} else {
				if ((err = accumulate(&units, d)))
					return err;
				int_digits++;
				run++;
			}
			p++;
		} else if (!seen_dec && ((n = match_sep(p, dec)) || (alt_dec && (n = match_sep(p, alt_dec))))) {
			seen_dec = true;
			p += n;
		} else if (!seen_dec && (n = match_sep(p, grp))) {
			if (run == 0)
				return int_digits ? MONEY_ERR_GROUPING : MONEY_ERR_SYNTAX;
			groups[ngroups++] = run;
			run = 0;
			seen_grp = true;
			p += n;
		} else {
			return seen_dec && match_sep(p, grp) ? MONEY_ERR_GROUPING : MONEY_ERR_SYNTAX;
		}
	}
	if (int_digits + frac_digits == 0)
		return MONEY_ERR_SYNTAX;
	if (seen_grp) {
		groups[ngroups++] = run;
		if (!grouping_ok(groups, ngroups, nf->group[0] ? nf->grouping : ""))
			return MONEY_ERR_GROUPING;
	}
	if (!cur)
		return MONEY_ERR_NO_CURRENCY;
	if (frac_digits > cur->exponent)
		return MONEY_ERR_PRECISION;

	for (int i = 0; i < cur->exponent; i++)
		if ((err = accumulate(&units, i < frac_digits ? frac[i] : 0)))
			return err;
	out->minor = negative ? -units : units;
	memcpy(out->currency, cur->code, 4);
	return MONEY_OK;
}

static enum money_err same_currency(const struct money *a, const struct money *b)
{
	if (!currency_find(a->currency) || !currency_find(b->currency))
		return MONEY_ERR_CURRENCY;
	return strcmp(a->currency, b->currency) ? MONEY_ERR_MISMATCH : MONEY_OK;
}

enum money_err money_add(struct money *out, const struct money *a, const struct money *b)
{
	enum money_err err = same_currency(a, b);
	int64_t sum;

	if (err)
		return err;
	if (__builtin_add_overflow(a->minor, b->minor, &sum))
		return MONEY_ERR_OVERFLOW;
	out->minor = sum;
	memcpy(out->currency, a->currency, 4);
	return MONEY_OK;
}

enum money_err money_sub(struct money *out, const struct money *a, const struct money *b)
{
	enum money_err err = same_currency(a, b);
	int64_t diff;

	if (err)
		return err;
	if (__builtin_sub_overflow(a->minor, b->minor, &diff))
		return MONEY_ERR_OVERFLOW;
	out->minor = diff;
	memcpy(out->currency, a->currency, 4);
	return MONEY_OK;
}

enum money_err money_negate(struct money *out, const struct money *a)
{
	if (a->minor == INT64_MIN)
		return MONEY_ERR_OVERFLOW;
	out->minor = -a->minor;
	memcpy(out->currency, a->currency, 4);
	return MONEY_OK;
}

/* Appends src to buf at *pos; false when it does not fit with the final NUL. */
static bool put(char *buf, size_t len, size_t *pos, const char *src, size_t n)
{
	if (*pos + n >= len)
		return false;
	memcpy(buf + *pos, src, n);
	*pos += n;
	buf[*pos] = '\0';
	return true;
}

static enum money_err format(const struct money *m, const char *dec, const char *grp,
			     const char *grouping, unsigned flags, char *buf, size_t len)
{
	const struct currency *cur = currency_find(m->currency);
	char digits[24];
	size_t ndigits, nint, pos = 0;
	uint64_t mag;
	int exp;

	if (!buf || len == 0)
		return MONEY_ERR_BUFFER;
	buf[0] = '\0';
	if (!cur)
		return MONEY_ERR_CURRENCY;
	exp = cur->exponent;
	/* The magnitude in unsigned arithmetic, so INT64_MIN formats too. */
	mag = m->minor < 0 ? (uint64_t)0 - (uint64_t)m->minor : (uint64_t)m->minor;
	ndigits = 0;
	do {
		digits[ndigits++] = (char)('0' + mag % 10);
		mag /= 10;
	} while (mag);
	while (ndigits < (size_t)exp + 1)
		digits[ndigits++] = '0';
	/* digits[] is least significant first. */
	nint = ndigits - (size_t)exp;

	if (m->minor < 0 && !put(buf, len, &pos, "-", 1))
		return MONEY_ERR_BUFFER;
	if (m->minor > 0 && (flags & MONEY_FMT_PLUS) && !put(buf, len, &pos, "+", 1))
		return MONEY_ERR_BUFFER;
	{
		/* Mark where group separators go, walking from the units digit left. */
		bool sep_before[24] = { false };
		size_t at = 0, gi = 0;
		if (*grp) {
			for (;;) {
				int g = group_size(grouping, gi++);
				if (g == 0 || at + (size_t)g >= nint)
					break;
				at += (size_t)g;
				sep_before[at] = true;
			}
		}
		for (size_t i = nint; i-- > 0;) {
			if (!put(buf, len, &pos, &digits[exp + i], 1))
				return MONEY_ERR_BUFFER;
			if (i > 0 && sep_before[i] && !put(buf, len, &pos, grp, strlen(grp)))
				return MONEY_ERR_BUFFER;
		}
	}
	if (exp > 0) {
		if (!put(buf, len, &pos, dec, strlen(dec)))
			return MONEY_ERR_BUFFER;
		for (int i = exp; i-- > 0;)
			if (!put(buf, len, &pos, &digits[i], 1))
				return MONEY_ERR_BUFFER;
	}
	if ((flags & MONEY_FMT_CODE) &&
	    (!put(buf, len, &pos, " ", 1) || !put(buf, len, &pos, cur->code, 3)))
		return MONEY_ERR_BUFFER;
	return MONEY_OK;
}

enum money_err money_format(const struct money *m, const struct numfmt *nf, unsigned flags,
			    char *buf, size_t len)
{
	struct numfmt cfmt;

	if (!nf) {
		numfmt_c(&cfmt);
		nf = &cfmt;
	}
	return format(m, nf->decimal[0] ? nf->decimal : ".", nf->group, nf->grouping, flags, buf,
		      len);
}

enum money_err money_format_plain(const struct money *m, char *buf, size_t len)
{
	return format(m, ".", "", "", 0, buf, len);
}

const char *money_strerror(enum money_err err)
{
	switch (err) {
	case MONEY_OK:
		return _("no error");
	case MONEY_ERR_EMPTY:
		return _("no amount was given");
	case MONEY_ERR_SYNTAX:
		return _("this is not an amount: use digits, one decimal separator and an optional currency code");
	case MONEY_ERR_GROUPING:
		return _("the digit groups are not valid: check the thousands and decimal separators");
	case MONEY_ERR_PRECISION:
		return _("this currency does not have that many decimal places");
	case MONEY_ERR_OVERFLOW:
		return _("the amount is too large");
	case MONEY_ERR_CURRENCY:
		return _("unknown currency code: use an ISO 4217 code such as USD or EUR");
	case MONEY_ERR_NO_CURRENCY:
		return _("no currency was given: add a code such as USD or EUR");
	case MONEY_ERR_MISMATCH:
		return _("the amounts are in different currencies");
	case MONEY_ERR_BUFFER:
		return _("the amount does not fit in the space for it");
	}
	return _("unknown error");
}
