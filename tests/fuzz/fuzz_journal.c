/* fuzz_journal.c: any bytes as the journal an export is added to (both
 * formats), and, when they are a page of the bank's transactions, as the
 * rows written into a journal: never a crash, a leak or a write out of
 * bounds, and a transaction's key always on a line of its own. */
#include "config.h"

#include "fuzz.h"

#include "api.h"
#include "http.h"
#include "journal.h"

static const struct api_account accounts[] = {
	{ "acc_1", "current", "Everyday", "USD", "", { 10000, "USD" }, { 10000, "USD" } },
	{ "acc_2", "credit", "人民币 ; card", "CNY", "", { -500, "CNY" }, { -500, "CNY" } },
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size);
	struct http_response rs = { 200, text, strlen(text), "application/json" };
	json_object *o = NULL;
	struct api_error err;
	struct api_txn_page page = { 0 };
	bool rows = false;

	if (api_parse(&rs, &o, &err)) {
		rows = api_decode_txn_page(o, &page, &err);
		json_object_put(o);
	}
	for (int bean = 0; bean < 2; bean++) {
		struct journal *j = journal_new(bean, accounts, 2);
		FILE *existing = fmemopen((void *)data, size ? size : 1, "r");
		FILE *out = tmpfile();
		if (!j || !existing || !out)
			abort();
		if (size)
			(void)journal_known(j, existing);
		for (size_t a = 0; a < 2; a++) {
			journal_account(j, &accounts[a]);
			for (size_t i = 0; rows && i < page.n; i++)
				journal_row(j, &page.items[i]);
			journal_account_end(j, true);
		}
		FUZZ_REQUIRE(journal_write(j, out, true) == 0);
		/* Each key is a line's only content after its marker: the bank's id
		 * cannot end a line early or start another one. */
		rewind(out);
		{
			char line[8192];
			while (fgets(line, sizeof line, out))
				FUZZ_REQUIRE(!strchr(line, '\r'));
		}
		journal_free(&j);
		fclose(existing);
		fclose(out);
	}
	if (rows)
		api_txn_page_clear(&page);
	free(text);
	return 0;
}
