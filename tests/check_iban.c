/* check_iban.c: IBAN validation, grouping and masking, hostile input first. */
#include "config.h"

#include <string.h>

#include "check_suites.h"
#include "iban.h"

START_TEST(empty_input)
{
	ck_assert_int_eq(iban_normalize(NULL, NULL), IBAN_ERR_EMPTY);
	ck_assert_int_eq(iban_normalize("", NULL), IBAN_ERR_EMPTY);
	ck_assert_int_eq(iban_normalize("   ", NULL), IBAN_ERR_EMPTY);
}
END_TEST

START_TEST(foreign_characters)
{
	ck_assert_int_eq(iban_normalize("GB82 WEST 1234 5698 7654 3!", NULL), IBAN_ERR_CHARS);
	ck_assert_int_eq(iban_normalize("GB82WEST1234569876543\xc3\x84", NULL), IBAN_ERR_CHARS);
	ck_assert_int_eq(iban_normalize("GB82\x1b[31mWEST", NULL), IBAN_ERR_CHARS);
}
END_TEST

START_TEST(unknown_country)
{
	ck_assert_int_eq(iban_normalize("1282WEST12345698765432", NULL), IBAN_ERR_COUNTRY);
	ck_assert_int_eq(iban_normalize("XX82WEST12345698765432", NULL), IBAN_ERR_COUNTRY);
	ck_assert_int_eq(iban_normalize("US12345678901234567890", NULL), IBAN_ERR_COUNTRY);
	ck_assert_int_eq(iban_normalize("G", NULL), IBAN_ERR_COUNTRY);
}
END_TEST

START_TEST(wrong_length)
{
	ck_assert_int_eq(iban_normalize("GB82WEST123456987654", NULL), IBAN_ERR_LENGTH);
	ck_assert_int_eq(iban_normalize("GB82WEST1234569876543210", NULL), IBAN_ERR_LENGTH);
	ck_assert_int_eq(iban_normalize("GB82WEST12345698765432123456789012345678", NULL),
			 IBAN_ERR_LENGTH);
}
END_TEST

START_TEST(typos_fail_the_checksum)
{
	char out[IBAN_MAX + 1] = "untouched";
	ck_assert_int_eq(iban_normalize("GB82WEST12345698765433", out), IBAN_ERR_CHECKSUM);
	ck_assert_str_eq(out, "untouched");
	/* two swapped digits */
	ck_assert_int_eq(iban_normalize("GB82WEST12345698765423", NULL), IBAN_ERR_CHECKSUM);
	ck_assert_int_eq(iban_normalize("GB28WEST12345698765432", NULL), IBAN_ERR_CHECKSUM);
	ck_assert_int_eq(iban_normalize("GBABWEST12345698765432", NULL), IBAN_ERR_CHECKSUM);
}
END_TEST

static const char *const valid[] = {
	"GB82WEST12345698765432", "DE89370400440532013000", "FR1420041010050500013M02606",
	"NL91ABNA0417164300", "BE68539007547034", "NO9386011117947", "CH9300762011623852957",
	"MT84MALT011000012345MTLCAST001S", "AT611904300234573201", "SA0380000000608010167519",
	"ES9121000418450200051332", "IT60X0542811101000000123456", "CZ6508000000192000145399",
	"PL61109010140000071219812874",
};

START_TEST(valid_ibans)
{
	char out[IBAN_MAX + 1];
	ck_assert_int_eq(iban_normalize(valid[_i], out), IBAN_OK);
	ck_assert_str_eq(out, valid[_i]);
}
END_TEST

START_TEST(typed_forms_are_normalized)
{
	char out[IBAN_MAX + 1];
	ck_assert_int_eq(iban_normalize(" gb82 west 1234 5698 7654 32 ", out), IBAN_OK);
	ck_assert_str_eq(out, "GB82WEST12345698765432");
	ck_assert_int_eq(iban_normalize("DE89-3704-0044-0532-0130-00", out), IBAN_OK);
	ck_assert_str_eq(out, "DE89370400440532013000");
}
END_TEST

START_TEST(country_lengths)
{
	ck_assert_int_eq(iban_country_length("DE"), 22);
	ck_assert_int_eq(iban_country_length("NO"), 15);
	ck_assert_int_eq(iban_country_length("RU"), 33);
	ck_assert_int_eq(iban_country_length("US"), 0);
	ck_assert_int_eq(iban_country_length("de"), 0);
	ck_assert_int_eq(iban_country_length(""), 0);
	ck_assert_int_eq(iban_country_length(NULL), 0);
}
END_TEST

START_TEST(groups_of_four)
{
	char out[IBAN_PRINT_MAX];
	iban_format("GB82WEST12345698765432", out);
	ck_assert_str_eq(out, "GB82 WEST 1234 5698 7654 32");
	iban_format("NO9386011117947", out);
	ck_assert_str_eq(out, "NO93 8601 1117 947");
	iban_format("", out);
	ck_assert_str_eq(out, "");
}
END_TEST

START_TEST(masking)
{
	char out[32];
	iban_mask("GB82WEST12345698765432", 0, out, sizeof out);
	ck_assert_str_eq(out, "\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2 5432");
	iban_mask("DE89 3704 0044 0532 0130 00", 1, out, sizeof out);
	ck_assert_str_eq(out, "**** 3000");
	iban_mask("12", 1, out, sizeof out);
	ck_assert_str_eq(out, "**** 12");
	iban_mask(NULL, 1, out, sizeof out);
	ck_assert_str_eq(out, "**** ");
	/* A short buffer is cut, never overrun. */
	iban_mask("GB82WEST12345698765432", 1, out, 4);
	ck_assert_str_eq(out, "***");
}
END_TEST

START_TEST(making_ibans)
{
	char out[IBAN_MAX + 1];
	ck_assert_int_eq(iban_make("GB", "WEST12345698765432", out), IBAN_OK);
	ck_assert_str_eq(out, "GB82WEST12345698765432");
	ck_assert_int_eq(iban_make("DE", "370400440532013000", out), IBAN_OK);
	ck_assert_str_eq(out, "DE89370400440532013000");
	ck_assert_int_eq(iban_make("DE", "3704004405320130", out), IBAN_ERR_LENGTH);
	ck_assert_int_eq(iban_make("DE", "37040044053201300!", out), IBAN_ERR_CHARS);
	ck_assert_int_eq(iban_make("ZZ", "370400440532013000", out), IBAN_ERR_COUNTRY);
	ck_assert_int_eq(iban_make(NULL, "1", out), IBAN_ERR_LENGTH);
}
END_TEST

START_TEST(every_error_has_its_own_message)
{
	for (int a = IBAN_OK; a <= IBAN_ERR_CHECKSUM; a++)
		for (int b = a + 1; b <= IBAN_ERR_CHECKSUM; b++)
			ck_assert_str_ne(iban_strerror(a), iban_strerror(b));
}
END_TEST

Suite *iban_suite(void)
{
	Suite *s = suite_create("iban");
	TCase *bad = tcase_create("bad input");
	TCase *ok = tcase_create("valid");

	tcase_add_test(bad, empty_input);
	tcase_add_test(bad, foreign_characters);
	tcase_add_test(bad, unknown_country);
	tcase_add_test(bad, wrong_length);
	tcase_add_test(bad, typos_fail_the_checksum);
	tcase_add_loop_test(ok, valid_ibans, 0, sizeof valid / sizeof valid[0]);
	tcase_add_test(ok, typed_forms_are_normalized);
	tcase_add_test(ok, country_lengths);
	tcase_add_test(ok, groups_of_four);
	tcase_add_test(ok, masking);
	tcase_add_test(ok, making_ibans);
	tcase_add_test(ok, every_error_has_its_own_message);
	suite_add_tcase(s, bad);
	suite_add_tcase(s, ok);
	return s;
}
