/* fuzz_page.c: any bytes as a page of transactions, through the reader that
 * builds no tree (api_parse_txn_page): never a crash, a leak or an
 * out-of-bounds read, and never more lenient than the tree: a page it takes,
 * json-c takes too, and every row reads the same through the tree's readers
 * (json.c), the last of a twice-named field winning in both. */
#include "config.h"

#include "fuzz.h"

#include "api.h"
#include "json.h"
#include "text.h"

/* json-c 0.16 decodes an escaped surrogate pair whose high half has
 * bits 0x36 of 0x3E set (\ud836\udc00, U+1D800, and 31 more ranges of 1,024)
 * as U+FFFD; the reader under test decodes it.  Those characters alone may
 * differ: the scanned one at t, U+FFFD at r; returns its length, or 0. */
static size_t json_c_mangled(const unsigned char *t, const unsigned char *r)
{
	uint32_t cp;

	if (t[0] < 0xF0 || t[0] > 0xF4 || (t[1] & 0xC0) != 0x80 || (t[2] & 0xC0) != 0x80 || (t[3] & 0xC0) != 0x80 ||
	    r[0] != 0xEF || r[1] != 0xBF || r[2] != 0xBD)
		return 0;
	cp = ((uint32_t)(t[0] & 0x07) << 18) | ((uint32_t)(t[1] & 0x3F) << 12) | ((uint32_t)(t[2] & 0x3F) << 6) |
	     (t[3] & 0x3F);
	return cp >= 0x10000 && (((0xD800 + ((cp - 0x10000) >> 10)) & 0x3E) == 0x36) ? 4 : 0;
}

static void same_string(json_object *o, const char *name, size_t max, const char *got)
{
	const unsigned char *r = NULL, *t = (const unsigned char *)got;

	FUZZ_REQUIRE(json_get_string(o, NULL, name, 0, max, (const char **)&r, NULL) == JSON_OK);
	FUZZ_REQUIRE(t);
	while (*r || *t) {
		size_t k = *r == *t ? 0 : json_c_mangled(t, r);
		if (k) {
			t += k;
			r += 3;
			continue;
		}
		FUZZ_REQUIRE(*r == *t);
		r++, t++;
	}
}

static void same_money(json_object *o, const char *name, const struct money *got)
{
	struct money m;

	FUZZ_REQUIRE(json_get_money(o, NULL, name, 0, &m, NULL) == JSON_OK);
	FUZZ_REQUIRE(m.minor == got->minor && !strcmp(m.currency, got->currency));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct api_txn_page page;
	struct api_error err;
	json_object *doc = NULL, *items = NULL, *tr = NULL;

	if (!api_parse_txn_page((const char *)data, size, &page, &err))
		return 0;
	FUZZ_REQUIRE(json_parse((const char *)data, size, JSON_MAX_BYTES, &doc, NULL) == JSON_OK);
	FUZZ_REQUIRE(json_get_array(doc, NULL, "items", 0, &items, NULL) == JSON_OK);
	FUZZ_REQUIRE(json_object_array_length(items) == page.n);
	for (size_t i = 0; i < page.n; i++) {
		json_object *t = json_object_array_get_idx(items, i);
		const struct api_transaction *x = &page.items[i];
		char day[11];

		same_string(t, "id", API_ID_MAX - 1, x->id);
		same_string(t, "booked_at", 31, x->booked_at);
		same_string(t, "description", API_TEXT_MAX - 1, x->description);
		same_string(t, "counterparty", API_NAME_MAX - 1, x->counterparty);
		same_string(t, "category", 47, x->category);
		same_money(t, "amount", &x->amount);
		FUZZ_REQUIRE(json_get_object(t, NULL, "transfer", JSON_OPTIONAL, &tr, NULL) == JSON_OK);
		FUZZ_REQUIRE(!tr == !x->transfer_id);
		if (tr) {
			same_string(tr, "id", API_ID_MAX - 1, x->transfer_id);
			same_string(tr, "account_id", API_ID_MAX - 1, x->transfer_account);
			same_money(tr, "amount", &x->transfer_amount);
		}
		tr = NULL;
		snprintf(day, sizeof day, "%.10s", x->booked_at);
		FUZZ_REQUIRE(text_is_day(day) && *x->id);
	}
	json_object_put(doc);
	api_txn_page_clear(&page);
	return 0;
}
