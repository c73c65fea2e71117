/* check_money.c: the money module, hostile input first. */
#include "config.h"

#include <limits.h>
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check_suites.h"
#include "money.h"

static struct numfmt fmt_c, fmt_de, fmt_fr, fmt_in;

static void setup_formats(void)
{
	numfmt_c(&fmt_c);
	memset(&fmt_de, 0, sizeof fmt_de);
	strcpy(fmt_de.decimal, ",");
	strcpy(fmt_de.group, ".");
	fmt_de.grouping[0] = 3;
	memset(&fmt_fr, 0, sizeof fmt_fr);
	strcpy(fmt_fr.decimal, ",");
	strcpy(fmt_fr.group, "\xe2\x80\xaf"); /* U+202F narrow no-break space */
	fmt_fr.grouping[0] = 3;
	memset(&fmt_in, 0, sizeof fmt_in);
	strcpy(fmt_in.decimal, ".");
	strcpy(fmt_in.group, ",");
	fmt_in.grouping[0] = 3;
	fmt_in.grouping[1] = 2;
}

static enum money_err parse(const char *text, const char *cur, const struct numfmt *nf,
			    struct money *m)
{
	memset(m, 0x55, sizeof *m);
	return money_parse(text, cur, nf, m);
}

/* --- parse: bad input --------------------------------------------------- */

START_TEST(parse_null_and_blank_are_empty)
{
	struct money m;
	ck_assert_int_eq(parse(NULL, "USD", NULL, &m), MONEY_ERR_EMPTY);
	ck_assert_int_eq(parse("", "USD", NULL, &m), MONEY_ERR_EMPTY);
	ck_assert_int_eq(parse("  \t ", "USD", NULL, &m), MONEY_ERR_EMPTY);
}
END_TEST

static const char *const not_amounts[] = {
	"12..5", "12.5.3", "1 2", "-", "+", ".", "USD", "1e5", "0x10", "12 USD EUR",
	"--5", "5-", "\xd9\xa1\xd9\xa2" /* Arabic-Indic digits */, ("\xff" "12"), "12\xff",
	"1 2 3 USD", "$12", "12%", "NaN", "inf", "twelve dollars", "1/2",
};

START_TEST(parse_rejects_non_amounts)
{
	struct money m;
	const char *s = not_amounts[_i];
	enum money_err err = parse(s, "USD", NULL, &m);
	ck_assert_msg(err == MONEY_ERR_SYNTAX || err == MONEY_ERR_CURRENCY,
		      "\"%s\" gave %d, want a syntax or currency error", s, err);
}
END_TEST

START_TEST(parse_rejects_overlong_input)
{
	struct money m;
	char big[300];
	memset(big, '1', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	ck_assert_int_eq(parse(big, "USD", NULL, &m), MONEY_ERR_SYNTAX);
}
END_TEST

START_TEST(parse_rejects_bad_grouping)
{
	struct money m;
	ck_assert_int_eq(parse("1,23", "USD", NULL, &m), MONEY_ERR_GROUPING);
	ck_assert_int_eq(parse("1,2345", "USD", NULL, &m), MONEY_ERR_GROUPING);
	ck_assert_int_eq(parse("1,,234", "USD", NULL, &m), MONEY_ERR_GROUPING);
	ck_assert_int_eq(parse("1234,567.00", "USD", NULL, &m), MONEY_ERR_GROUPING);
	ck_assert_int_eq(parse("12,50", "USD", NULL, &m), MONEY_ERR_GROUPING);
	ck_assert_int_eq(parse("1.234,50", "USD", NULL, &m), MONEY_ERR_GROUPING);
	ck_assert_int_eq(parse(",123", "USD", NULL, &m), MONEY_ERR_SYNTAX);
}
END_TEST

START_TEST(parse_refuses_to_guess_a_dot_where_dot_groups)
{
	/* In a "1.234,50" locale "12.50" could mean 1250 or 12.50: refuse it. */
	struct money m;
	ck_assert_int_eq(parse("12.50", "EUR", &fmt_de, &m), MONEY_ERR_GROUPING);
}
END_TEST

START_TEST(parse_precision_is_its_own_error)
{
	struct money m;
	ck_assert_int_eq(parse("1.005 USD", NULL, NULL, &m), MONEY_ERR_PRECISION);
	ck_assert_int_eq(parse("1.5 JPY", NULL, NULL, &m), MONEY_ERR_PRECISION);
	ck_assert_int_eq(parse("1.0001 KWD", NULL, NULL, &m), MONEY_ERR_PRECISION);
	ck_assert_int_eq(parse("0.00001 CLF", NULL, NULL, &m), MONEY_ERR_PRECISION);
}
END_TEST

START_TEST(parse_overflow_is_its_own_error)
{
	struct money m;
	ck_assert_int_eq(parse("92233720368547758.08", "USD", NULL, &m), MONEY_ERR_OVERFLOW);
	ck_assert_int_eq(parse("9223372036854775808 JPY", NULL, NULL, &m), MONEY_ERR_OVERFLOW);
	ck_assert_int_eq(parse("-92233720368547758.08", "USD", NULL, &m), MONEY_ERR_OVERFLOW);
	ck_assert_int_eq(parse("123456789012345678901234567890", "USD", NULL, &m),
			 MONEY_ERR_OVERFLOW);
	ck_assert_int_ne(MONEY_ERR_OVERFLOW, MONEY_ERR_PRECISION);
}
END_TEST

START_TEST(parse_currency_errors)
{
	struct money m;
	ck_assert_int_eq(parse("12 XYZ", NULL, NULL, &m), MONEY_ERR_CURRENCY);
	ck_assert_int_eq(parse("12", NULL, NULL, &m), MONEY_ERR_NO_CURRENCY);
	ck_assert_int_eq(parse("12", "ZZZ", NULL, &m), MONEY_ERR_CURRENCY);
	ck_assert_int_eq(parse("12", "US", NULL, &m), MONEY_ERR_CURRENCY);
}
END_TEST

/* --- parse: amounts ------------------------------------------------------ */

static const struct {
	const char *text;
	const char *dflt;
	int64_t minor;
	const char *cur;
} good[] = {
	{ "1234.5", "USD", 123450, "USD" },
	{ "1,234.50", "USD", 123450, "USD" },
	{ "1,234,567.89", "USD", 123456789, "USD" },
	{ "USD 12", NULL, 1200, "USD" },
	{ "12 usd", NULL, 1200, "USD" },
	{ "eur12.3", NULL, 1230, "EUR" },
	{ "  7.00 GBP  ", NULL, 700, "GBP" },
	{ "-3", "USD", -300, "USD" },
	{ "+3", "USD", 300, "USD" },
	{ "-0", "USD", 0, "USD" },
	{ ".5", "USD", 50, "USD" },
	{ "12.", "USD", 1200, "USD" },
	{ "0.01", "USD", 1, "USD" },
	{ "000012.30", "USD", 1230, "USD" },
	{ "1000 JPY", NULL, 1000, "JPY" },
	{ "1,000,000 KRW", NULL, 1000000, "KRW" },
	{ "1.234 KWD", NULL, 1234, "KWD" },
	{ "1,234.567 BHD", NULL, 1234567, "BHD" },
	{ "1.2345 CLF", NULL, 12345, "CLF" },
	{ "92233720368547758.07", "USD", INT64_MAX, "USD" },
	{ "9223372036854775807 JPY", NULL, INT64_MAX, "JPY" },
	{ "-92233720368547758.07", "USD", -INT64_MAX, "USD" },
	{ "12 EUR", "USD", 1200, "EUR" },
};

START_TEST(parse_amounts)
{
	struct money m;
	ck_assert_msg(parse(good[_i].text, good[_i].dflt, NULL, &m) == MONEY_OK, "\"%s\"",
		      good[_i].text);
	ck_assert_msg(m.minor == good[_i].minor, "\"%s\" gave %lld", good[_i].text,
		      (long long)m.minor);
	ck_assert_str_eq(m.currency, good[_i].cur);
}
END_TEST

START_TEST(parse_with_locale_conventions)
{
	struct money m;
	ck_assert_int_eq(parse("1.234,50 EUR", NULL, &fmt_de, &m), MONEY_OK);
	ck_assert_int_eq(m.minor, 123450);
	ck_assert_int_eq(parse("12,5", "EUR", &fmt_de, &m), MONEY_OK);
	ck_assert_int_eq(m.minor, 1250);
	ck_assert_int_eq(parse("1\xe2\x80\xaf" "234,50", "EUR", &fmt_fr, &m), MONEY_OK);
	ck_assert_int_eq(m.minor, 123450);
	ck_assert_int_eq(parse("1\xc2\xa0" "234,50", "EUR", &fmt_fr, &m), MONEY_OK);
	ck_assert_int_eq(m.minor, 123450);
	ck_assert_int_eq(parse("1 234,50 EUR", NULL, &fmt_fr, &m), MONEY_OK);
	ck_assert_int_eq(m.minor, 123450);
	/* "." cannot group in French, so it is read as the machine decimal point. */
	ck_assert_int_eq(parse("12.50", "EUR", &fmt_fr, &m), MONEY_OK);
	ck_assert_int_eq(m.minor, 1250);
	ck_assert_int_eq(parse("12,34,567.00 INR", NULL, &fmt_in, &m), MONEY_OK);
	ck_assert_int_eq(m.minor, 123456700);
	ck_assert_int_eq(parse("1,234,567 INR", NULL, &fmt_in, &m), MONEY_ERR_GROUPING);
}
END_TEST

START_TEST(parse_with_the_real_german_locale)
{
	struct numfmt nf;
	struct money m;
	/* make check builds the locale in the build tree (BANKTERM_TEST_LOCPATH). */
	const char *locpath = getenv("BANKTERM_TEST_LOCPATH");
	if (locpath)
		setenv("LOCPATH", locpath, 1);
	ck_assert_msg(setlocale(LC_ALL, "de_DE.UTF-8") != NULL,
		      "locale de_DE.UTF-8 is missing (make check builds it in tests/locale)");
	numfmt_from_locale(&nf);
	ck_assert_str_eq(nf.decimal, ",");
	ck_assert_str_eq(nf.group, ".");
	ck_assert_int_eq(parse("1.234,56", "EUR", &nf, &m), MONEY_OK);
	ck_assert_int_eq(m.minor, 123456);
	setlocale(LC_ALL, "C");
	unsetenv("LOCPATH");
}
END_TEST

/* --- the ISO 4217 table --------------------------------------------------- */

static const struct {
	const char *code;
	int exponent;
	int numeric;
} exponents[] = {
	{ "JPY", 0, 392 }, { "KRW", 0, 410 }, { "ISK", 0, 352 }, { "CLP", 0, 152 },
	{ "VND", 0, 704 }, { "XAF", 0, 950 }, { "KWD", 3, 414 }, { "BHD", 3, 48 },
	{ "JOD", 3, 400 }, { "OMR", 3, 512 }, { "TND", 3, 788 }, { "IQD", 3, 368 },
	{ "LYD", 3, 434 }, { "USD", 2, 840 }, { "EUR", 2, 978 }, { "GBP", 2, 826 },
	{ "CNY", 2, 156 }, { "TWD", 2, 901 }, { "CLF", 4, 990 }, { "UYW", 4, 927 },
};

START_TEST(iso4217_exponents)
{
	const struct currency *c = currency_find(exponents[_i].code);
	ck_assert_msg(c != NULL, "%s missing", exponents[_i].code);
	ck_assert_int_eq(c->exponent, exponents[_i].exponent);
	ck_assert_int_eq(c->numeric, exponents[_i].numeric);
}
END_TEST

START_TEST(iso4217_table_is_sorted_and_sane)
{
	ck_assert_int_ge(currency_count(), 170);
	for (size_t i = 0; i < currency_count(); i++) {
		const struct currency *c = currency_at(i);
		ck_assert_int_eq(strlen(c->code), 3);
		for (int k = 0; k < 3; k++)
			ck_assert(c->code[k] >= 'A' && c->code[k] <= 'Z');
		ck_assert(c->exponent >= 0 && c->exponent <= 4);
		ck_assert(c->numeric > 0 && c->numeric < 1000);
		if (i > 0)
			ck_assert_int_lt(strcmp(currency_at(i - 1)->code, c->code), 0);
		ck_assert_ptr_eq(currency_find(c->code), c);
	}
	ck_assert_ptr_null(currency_at(currency_count()));
}
END_TEST

START_TEST(iso4217_lookup_rejects_junk)
{
	ck_assert_ptr_null(currency_find(NULL));
	ck_assert_ptr_null(currency_find(""));
	ck_assert_ptr_null(currency_find("US"));
	ck_assert_ptr_null(currency_find("USDX"));
	ck_assert_ptr_null(currency_find("usd"));
	ck_assert_ptr_null(currency_find("HRK")); /* withdrawn 2023 */
	ck_assert(currency_find("XAU")->no_minor);
	ck_assert(!currency_find("USD")->no_minor);
}
END_TEST

/* --- arithmetic ------------------------------------------------------------ */

START_TEST(arithmetic_detects_overflow)
{
	struct money a = { INT64_MAX, "USD" }, one = { 1, "USD" }, lo = { INT64_MIN, "USD" }, r;
	ck_assert_int_eq(money_add(&r, &a, &one), MONEY_ERR_OVERFLOW);
	ck_assert_int_eq(money_sub(&r, &lo, &one), MONEY_ERR_OVERFLOW);
	ck_assert_int_eq(money_sub(&r, &one, &lo), MONEY_ERR_OVERFLOW);
	ck_assert_int_eq(money_negate(&r, &lo), MONEY_ERR_OVERFLOW);
}
END_TEST

START_TEST(arithmetic_refuses_mixed_currencies)
{
	struct money usd = { 100, "USD" }, eur = { 100, "EUR" }, bad = { 1, "QQQ" }, r;
	ck_assert_int_eq(money_add(&r, &usd, &eur), MONEY_ERR_MISMATCH);
	ck_assert_int_eq(money_sub(&r, &usd, &eur), MONEY_ERR_MISMATCH);
	ck_assert_int_eq(money_add(&r, &bad, &bad), MONEY_ERR_CURRENCY);
}
END_TEST

START_TEST(arithmetic_happy_path)
{
	struct money a = { 1050, "EUR" }, b = { 275, "EUR" }, r;
	ck_assert_int_eq(money_add(&r, &a, &b), MONEY_OK);
	ck_assert_int_eq(r.minor, 1325);
	ck_assert_str_eq(r.currency, "EUR");
	ck_assert_int_eq(money_sub(&r, &b, &a), MONEY_OK);
	ck_assert_int_eq(r.minor, -775);
	ck_assert_int_eq(money_negate(&r, &r), MONEY_OK);
	ck_assert_int_eq(r.minor, 775);
}
END_TEST

/* --- formatting -------------------------------------------------------------- */

START_TEST(format_refuses_small_buffers_and_unknown_codes)
{
	struct money m = { 123456, "USD" }, bad = { 1, "QQQ" };
	char buf[8] = "xxxxxxx";
	ck_assert_int_eq(money_format(&m, NULL, MONEY_FMT_CODE, buf, sizeof buf), MONEY_ERR_BUFFER);
	ck_assert_int_eq(money_format(&m, NULL, 0, buf, 0), MONEY_ERR_BUFFER);
	ck_assert_int_eq(money_format(&m, NULL, 0, NULL, 10), MONEY_ERR_BUFFER);
	ck_assert_int_eq(money_format(&bad, NULL, 0, buf, sizeof buf), MONEY_ERR_CURRENCY);
	ck_assert_str_eq(buf, "");
}
END_TEST

static const struct {
	int64_t minor;
	const char *cur;
	unsigned flags;
	const char *want;
} formats[] = {
	{ 123450, "USD", 0, "1,234.50" },
	{ 123450, "USD", MONEY_FMT_CODE, "1,234.50 USD" },
	{ -5, "USD", MONEY_FMT_CODE, "-0.05 USD" },
	{ 0, "USD", 0, "0.00" },
	{ 100, "USD", MONEY_FMT_PLUS, "+1.00" },
	{ 99999, "USD", 0, "999.99" },
	{ 100000, "USD", 0, "1,000.00" },
	{ 1234567, "JPY", MONEY_FMT_CODE, "1,234,567 JPY" },
	{ 1234, "KWD", 0, "1.234" },
	{ 5, "KWD", 0, "0.005" },
	{ 12345, "CLF", 0, "1.2345" },
	{ INT64_MIN, "USD", 0, "-92,233,720,368,547,758.08" },
	{ INT64_MAX, "JPY", 0, "9,223,372,036,854,775,807" },
};

START_TEST(format_display)
{
	struct money m = { formats[_i].minor, "" };
	char buf[MONEY_FMT_MAX];
	strcpy(m.currency, formats[_i].cur);
	ck_assert_int_eq(money_format(&m, NULL, formats[_i].flags, buf, sizeof buf), MONEY_OK);
	ck_assert_str_eq(buf, formats[_i].want);
}
END_TEST

START_TEST(format_plain_machine_form)
{
	struct money m = { -123450, "USD" }, mx = { INT64_MAX, "USD" }, k = { 7, "BHD" };
	char buf[MONEY_FMT_MAX];
	ck_assert_int_eq(money_format_plain(&m, buf, sizeof buf), MONEY_OK);
	ck_assert_str_eq(buf, "-1234.50");
	ck_assert_int_eq(money_format_plain(&mx, buf, sizeof buf), MONEY_OK);
	ck_assert_str_eq(buf, "92233720368547758.07");
	ck_assert_int_eq(money_format_plain(&k, buf, sizeof buf), MONEY_OK);
	ck_assert_str_eq(buf, "0.007");
}
END_TEST

START_TEST(format_with_locale_conventions)
{
	struct money m = { 123456700, "EUR" };
	char buf[MONEY_FMT_MAX];
	ck_assert_int_eq(money_format(&m, &fmt_de, MONEY_FMT_CODE, buf, sizeof buf), MONEY_OK);
	ck_assert_str_eq(buf, "1.234.567,00 EUR");
	ck_assert_int_eq(money_format(&m, &fmt_fr, 0, buf, sizeof buf), MONEY_OK);
	ck_assert_str_eq(buf, "1\xe2\x80\xaf" "234\xe2\x80\xaf" "567,00");
	strcpy(m.currency, "INR");
	ck_assert_int_eq(money_format(&m, &fmt_in, 0, buf, sizeof buf), MONEY_OK);
	ck_assert_str_eq(buf, "12,34,567.00");
}
END_TEST

START_TEST(format_then_parse_round_trips)
{
	/* A fixed-seed walk over magnitudes, currencies and conventions. */
	static const char *const curs[] = { "USD", "JPY", "KWD", "CLF", "EUR" };
	const struct numfmt *fmts[] = { &fmt_c, &fmt_de, &fmt_fr, &fmt_in };
	unsigned long long x = 88172645463325252ULL;
	for (int i = 0; i < 5000; i++) {
		struct money m, back;
		char buf[MONEY_FMT_MAX];
		const struct numfmt *nf = fmts[i % 4];
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		m.minor = (int64_t)(x >> (i % 63 + 1)); /* below 2^63: negation is safe */
		if (i % 3 == 0)
			m.minor = -m.minor;
		strcpy(m.currency, curs[i % 5]);
		ck_assert_int_eq(money_format(&m, nf, MONEY_FMT_CODE, buf, sizeof buf), MONEY_OK);
		ck_assert_msg(money_parse(buf, NULL, nf, &back) == MONEY_OK, "\"%s\"", buf);
		ck_assert_msg(back.minor == m.minor, "\"%s\"", buf);
		ck_assert_str_eq(back.currency, m.currency);
	}
}
END_TEST

START_TEST(every_error_has_its_own_message)
{
	for (int a = MONEY_OK; a <= MONEY_ERR_BUFFER; a++)
		for (int b = a + 1; b <= MONEY_ERR_BUFFER; b++)
			ck_assert_str_ne(money_strerror(a), money_strerror(b));
}
END_TEST

Suite *money_suite(void)
{
	Suite *s = suite_create("money");
	TCase *bad = tcase_create("bad input");
	TCase *ok = tcase_create("amounts");
	TCase *table = tcase_create("iso4217");
	TCase *arith = tcase_create("arithmetic");
	TCase *fmt = tcase_create("format");

	tcase_add_checked_fixture(bad, setup_formats, NULL);
	tcase_add_checked_fixture(ok, setup_formats, NULL);
	tcase_add_checked_fixture(fmt, setup_formats, NULL);

	tcase_add_test(bad, parse_null_and_blank_are_empty);
	tcase_add_loop_test(bad, parse_rejects_non_amounts, 0,
			    sizeof not_amounts / sizeof not_amounts[0]);
	tcase_add_test(bad, parse_rejects_overlong_input);
	tcase_add_test(bad, parse_rejects_bad_grouping);
	tcase_add_test(bad, parse_refuses_to_guess_a_dot_where_dot_groups);
	tcase_add_test(bad, parse_precision_is_its_own_error);
	tcase_add_test(bad, parse_overflow_is_its_own_error);
	tcase_add_test(bad, parse_currency_errors);
	tcase_add_loop_test(ok, parse_amounts, 0, sizeof good / sizeof good[0]);
	tcase_add_test(ok, parse_with_locale_conventions);
	tcase_add_test(ok, parse_with_the_real_german_locale);
	tcase_add_loop_test(table, iso4217_exponents, 0, sizeof exponents / sizeof exponents[0]);
	tcase_add_test(table, iso4217_table_is_sorted_and_sane);
	tcase_add_test(table, iso4217_lookup_rejects_junk);
	tcase_add_test(arith, arithmetic_detects_overflow);
	tcase_add_test(arith, arithmetic_refuses_mixed_currencies);
	tcase_add_test(arith, arithmetic_happy_path);
	tcase_add_test(fmt, format_refuses_small_buffers_and_unknown_codes);
	tcase_add_loop_test(fmt, format_display, 0, sizeof formats / sizeof formats[0]);
	tcase_add_test(fmt, format_plain_machine_form);
	tcase_add_test(fmt, format_with_locale_conventions);
	tcase_add_test(fmt, format_then_parse_round_trips);
	tcase_add_test(fmt, every_error_has_its_own_message);
	suite_add_tcase(s, bad);
	suite_add_tcase(s, ok);
	suite_add_tcase(s, table);
	suite_add_tcase(s, arith);
	suite_add_tcase(s, fmt);
	return s;
}
