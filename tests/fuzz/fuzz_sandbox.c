/* fuzz_sandbox.c: what the sandbox reads of a request that is not routing:
 * the Accept-Language header (its languages and q-values), and a body as
 * its handlers read one (JSON, then fields of each type), and a template
 * rendered with any argument (marked as an amount, a day or a word, or not).
 * Property: the language picked is one the bank writes; a rendering holds
 * its template and its argument once, never more. */
#include "config.h"

#include "fuzz.h"

#include "json.h"
#include "lang.h"
#include "money.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	enum sb_lang l = lang_pick(s);
	const char *args[3] = { s, LANG_WORD "groceries", NULL };
	char *out;
	json_object *o = NULL;
	struct json_error err = { 0 };

	FUZZ_REQUIRE(l >= LANG_EN && l < LANG_COUNT);
	out = lang_render(l, "You spent {1} on {2} in the last 90 days", args);
	/* The template's words and the argument, once each: nothing runs away. */
	FUZZ_REQUIRE(strlen(out) <= 512 + strlen(s));
	free(out);
	if (json_parse((const char *)data, size, 65536, &o, &err) == JSON_OK) {
		const char *text = NULL;
		int64_t n = 0;
		struct money m;
		json_get_string(o, NULL, "from_account", JSON_OPTIONAL, 64, &text, &err);
		json_get_string(o, NULL, "execute_on", JSON_OPTIONAL, 10, &text, &err);
		json_get_int64(o, NULL, "advance_seconds", JSON_OPTIONAL, 0, 86400, &n, &err);
		json_get_money(o, NULL, "amount", JSON_OPTIONAL, &m, &err);
		json_object_put(o);
	}
	free(s);
	return 0;
}
