/* check_journal.c: the journal writer's keys and names (journal.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "check_suites.h"
#include "journal.h"

static const struct api_account accounts[] = {
	{ "acc_11111111", "current", "Café", "USD", "", { 1000, "USD" }, { 1000, "USD" } },
	{ "acc_22222222", "savings", "Cafe", "USD", "", { 0, "USD" }, { 0, "USD" } },
	{ "acc_33333333", "savings", "人民币", "CNY", "", { 0, "CNY" }, { 0, "CNY" } },
};

/* The journal of rows t[0..n) of accounts[0], as text (allocated). */
static char *journal_of(bool bean, const struct api_transaction *t, size_t n, const char *existing, size_t *skipped)
{
	struct journal *j = journal_new(bean, accounts, 3);
	FILE *out = tmpfile();
	char *text;
	long len;

	ck_assert_ptr_nonnull(j);
	if (existing) {
		FILE *in = fmemopen((void *)existing, strlen(existing), "r");
		ck_assert_int_ge(journal_known(j, in), 1);
		fclose(in);
	}
	journal_account(j, &accounts[0]);
	for (size_t i = 0; i < n; i++)
		journal_row(j, &t[i]);
	journal_account_end(j, true);
	ck_assert_int_eq(journal_write(j, out, !existing), 0);
	journal_count(j, skipped);
	journal_free(&j);
	len = ftell(out);
	rewind(out);
	text = calloc(1, (size_t)len + 1);
	ck_assert_int_eq(fread(text, 1, (size_t)len, out), (size_t)len);
	fclose(out);
	return text;
}

START_TEST(names_kept_apart)
{
	struct api_transaction t[] = {
		{ "txn 1", "Moved", "Cafe", "transfer", "2026-11-01T10:00:00Z", { -500, "USD" },
		  "mov\"1", "acc_22222222", { 500, "USD" } },
		{ "txn_2", "Moved", "x", "transfer", "2026-11-02T10:00:00Z", { -100, "USD" },
		  "mov_2", "acc_33333333", { 700, "CNY" } },
	};
	char *bean = journal_of(true, t, 2, NULL, NULL), *ledger = journal_of(false, t, 2, NULL, NULL);

	/* "Café" and "Cafe" are one name in beancount's letters: told apart by their ids. */
	ck_assert_msg(strstr(bean, "open Assets:Bank:Cafe-11111111\n") && strstr(bean, "open Assets:Bank:Cafe-22222222\n"),
		      "%s", bean);
	/* A name of no ASCII letters: its id's. */
	ck_assert_msg(strstr(bean, "open Assets:Bank:Account-33333333\n"), "%s", bean);
	ck_assert_msg(strstr(bean, "-1.00 USD @@ 7.00 CNY"), "%s", bean);
	ck_assert_msg(strstr(ledger, "    ; transfer:mov_1\n"), "%s", ledger);
	free(bean);
	free(ledger);
}
END_TEST

START_TEST(keys_read_back)
{
	struct api_transaction t[] = {
		{ "txn 1", "Coffee", "Blue Bottle", "dining", "2026-11-01T10:00:00Z", { -450, "USD" }, NULL, NULL,
		  { 0, "" } },
	};
	size_t skipped = 99;
	char *first = journal_of(false, t, 1, NULL, NULL), *again = journal_of(false, t, 1, first, &skipped);

	/* An id with a space is written, and read back, as the same key: not added twice. */
	ck_assert_msg(strstr(first, "; id:txn_1\n"), "%s", first);
	ck_assert_msg(!strstr(again, "Coffee"), "added again: %s", again);
	ck_assert_int_eq(skipped, 1);
	free(first);
	free(again);
}
END_TEST

START_TEST(other_files_refused)
{
	static const char *const refused[] = {
		"date,amount\n2026-01-01,1\n",
		/* an earlier bankterm's journal: keys, but no tag declarations */
		"; exported by bankterm 0.1.0\n\n2026-01-01 X\n    ; id:txn_1\n    Assets:Bank:E  1.00 USD\n    Income:x\n",
		/* beancount, for a ledger export */
		"2026-01-01 * \"X\"\n  id: \"txn_1\"\n",
	};
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		struct journal *j = journal_new(false, accounts, 3);
		FILE *in = fmemopen((void *)refused[i], strlen(refused[i]), "r");
		ck_assert_msg(journal_known(j, in) < 0, "case %zu taken", i);
		fclose(in);
		journal_free(&j);
	}
}
END_TEST

Suite *journal_suite(void)
{
	Suite *s = suite_create("journal");
	TCase *tc = tcase_create("journal");

	tcase_add_test(tc, names_kept_apart);
	tcase_add_test(tc, keys_read_back);
	tcase_add_test(tc, other_files_refused);
	suite_add_tcase(s, tc);
	return s;
}
