/* check_op.c: operations as data (src/op.c): path segments escaped whatever
 * they hold, and names found, or refused, as a person would expect.  Bad
 * input first. */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "check_suites.h"
#include "op.h"

START_TEST(escape_hostile_segments)
{
	char out[64];

	ck_assert(op_escape("", out, sizeof out));
	ck_assert_str_eq(out, "");
	ck_assert(op_escape("../accounts?x=1#y", out, sizeof out));
	ck_assert_str_eq(out, "..%2Faccounts%3Fx%3D1%23y");
	ck_assert(op_escape("Verizon Wireless", out, sizeof out));
	ck_assert_str_eq(out, "Verizon%20Wireless");
	ck_assert(op_escape("a\r\nb%00\x01", out, sizeof out));
	ck_assert_str_eq(out, "a%0D%0Ab%2500%01");
	ck_assert(op_escape("\xe8\xb4\xa6", out, sizeof out));
	ck_assert_str_eq(out, "%E8%B4%A6");
	ck_assert(op_escape("bill_3f9a-X.~", out, sizeof out));
	ck_assert_str_eq(out, "bill_3f9a-X.~");
	/* Too long is refused, never cut short into another path. */
	ck_assert(!op_escape("abcd", out, 4));
	ck_assert(!op_escape("a b", out, 5));
	ck_assert(op_escape("a b", out, 6));
}
END_TEST

START_TEST(path_escapes_each_segment)
{
	char out[48];

	ck_assert(op_path(out, sizeof out, "/accounts/%s/transactions", "acc_1"));
	ck_assert_str_eq(out, "/accounts/acc_1/transactions");
	ck_assert(op_path(out, sizeof out, "/accounts/%s/transactions", "../payees?x"));
	ck_assert_str_eq(out, "/accounts/..%2Fpayees%3Fx/transactions");
	ck_assert(!op_path(out, 10, "/accounts/%s/transactions", "acc_1"));
	ck_assert_str_eq(out, "");
}
END_TEST

START_TEST(set_builds_whole_paths_only)
{
	struct op op = { 0 };
	char big[400];

	ck_assert(op_set(&op, "POST", "/bills/%s/payments", "a/b"));
	ck_assert_str_eq(op.method, "POST");
	ck_assert_str_eq(op.path, "/bills/a%2Fb/payments");
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	ck_assert(!op_set(&op, "PUT", "/bills/%s/autopay", big));
	ck_assert_str_eq(op.path, "");
	op_body(&op, NULL);
	ck_assert_ptr_null(op.body);
	op_body(&op, json_object_new_object());
	ck_assert_str_eq(op.body, "{}");
	op_clear(&op);
	ck_assert_ptr_null(op.body);
}
END_TEST

static const struct op_named bills[] = {
	{ "bill_1", "Verizon Wireless", false }, /* paid */
	{ "bill_2", "Verizon Wireless", true },  /* due */
	{ "bill_3", "Con Edison", true },
	{ "bill_4", "Con Edison", true },
	{ "bill_5", "\xc3\x89lectricit\xc3\xa9 de France", true },
	{ "bill_6", "\x1b]52;c;evil\x07Mallory", true },
	{ "bill_7", "\x1b]52;c;evil\x07Mallory", true },
	{ NULL, NULL, false },
};
#define NB (sizeof bills / sizeof bills[0])

START_TEST(find_refuses_what_it_cannot_be_sure_of)
{
	size_t i = 99;
	char msg[256];

	ck_assert_int_eq(op_find("", bills, NB, &i, msg, sizeof msg), OP_NONE);
	ck_assert_int_eq(op_find("Verizon", bills, NB, &i, msg, sizeof msg), OP_NONE);
	ck_assert_int_eq(op_find("bill_", bills, NB, &i, msg, sizeof msg), OP_NONE);
	ck_assert_int_eq(op_find("\xff\xfe", bills, NB, &i, msg, sizeof msg), OP_NONE);
	ck_assert_uint_eq(i, 99);
	ck_assert_int_eq(op_find("con edison", bills, NB, &i, msg, sizeof msg), OP_AMBIGUOUS);
	ck_assert_str_eq(msg, "Con Edison (bill_3), Con Edison (bill_4)");
	/* Names from the bank reach the message made safe. */
	ck_assert_int_eq(op_find("\x1b]52;c;evil\x07mallory", bills, NB, &i, msg, sizeof msg), OP_AMBIGUOUS);
	ck_assert_ptr_null(strchr(msg, '\x1b'));
	ck_assert_ptr_null(strchr(msg, '\x07'));
	/* A list too long for the message ends in "...". */
	ck_assert_int_eq(op_find("con edison", bills, NB, &i, msg, 16), OP_AMBIGUOUS);
	ck_assert_str_eq(msg + strlen(msg) - 3, "...");
}
END_TEST

START_TEST(find_by_id_or_name_in_any_case)
{
	size_t i = 99;
	char msg[256];

	ck_assert_int_eq(op_find("bill_4", bills, NB, &i, msg, sizeof msg), OP_FOUND);
	ck_assert_uint_eq(i, 3);
	/* Of two Verizon bills, the one still to pay. */
	ck_assert_int_eq(op_find("VERIZON wireless", bills, NB, &i, msg, sizeof msg), OP_FOUND);
	ck_assert_uint_eq(i, 1);
	/* Letters beyond ASCII fold too. */
	ck_assert_ptr_nonnull(setlocale(LC_CTYPE, "C.UTF-8"));
	ck_assert_int_eq(op_find("\xc3\xa9lectricit\xc3\x89 DE france", bills, NB, &i, msg, sizeof msg), OP_FOUND);
	ck_assert_uint_eq(i, 4);
	setlocale(LC_CTYPE, "C");
}
END_TEST

Suite *op_suite(void)
{
	Suite *s = suite_create("op");
	TCase *tc = tcase_create("op");

	tcase_add_test(tc, escape_hostile_segments);
	tcase_add_test(tc, path_escapes_each_segment);
	tcase_add_test(tc, set_builds_whole_paths_only);
	tcase_add_test(tc, find_refuses_what_it_cannot_be_sure_of);
	tcase_add_test(tc, find_by_id_or_name_in_any_case);
	suite_add_tcase(s, tc);
	return s;
}
