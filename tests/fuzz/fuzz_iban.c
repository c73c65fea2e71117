/* fuzz_iban.c: any text as an IBAN typed by the user.  Property: a
 * normalized IBAN is normalized again to itself. */
#include "config.h"

#include "fuzz.h"

#include "iban.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size), out[IBAN_MAX + 1], again[IBAN_MAX + 1];

	if (iban_normalize(text, out) == IBAN_OK) {
		FUZZ_REQUIRE(iban_normalize(out, again) == IBAN_OK);
		FUZZ_REQUIRE(!strcmp(out, again));
	}
	free(text);
	return 0;
}
