/* fuzz_money.c: any text as an amount typed by the user, in the C and a
 * German-like convention.  Property: an amount that parses formats and
 * parses back to itself, and never holds more than its currency's digits. */
#include "config.h"

#include "fuzz.h"

#include "money.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct numfmt nf;
	struct money m, back;
	char *text, out[MONEY_FMT_MAX];

	if (!size)
		return 0;
	numfmt_c(&nf);
	if (data[0] & 1) {
		/* 1.234,56 */
		snprintf(nf.decimal, sizeof nf.decimal, ",");
		snprintf(nf.group, sizeof nf.group, ".");
	}
	text = fuzz_string(data + 1, size - 1);
	if (money_parse(text, "USD", &nf, &m) == MONEY_OK) {
		FUZZ_REQUIRE(money_format(&m, &nf, MONEY_FMT_CODE, out, sizeof out) == MONEY_OK);
		FUZZ_REQUIRE(money_parse(out, "USD", &nf, &back) == MONEY_OK);
		FUZZ_REQUIRE(back.minor == m.minor && !strcmp(back.currency, m.currency));
		FUZZ_REQUIRE(money_format_plain(&m, out, sizeof out) == MONEY_OK);
	}
	free(text);
	return 0;
}
