/* fuzz_api.c: any bytes as the bank's answer, through every decoder of the
 * API client: never a crash, a leak or an out-of-bounds read; a decoded
 * transaction's time always starts with a day that exists; a payee's name
 * check is one of its five states, and the holder's name a name check
 * offers is safe for a terminal, and there only for a close match. */
#include "config.h"

#include "fuzz.h"

#include "api.h"
#include "http.h"
#include "namecheck.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct http_response rs = { 200, fuzz_string(data, size), size, "application/json" };
	json_object *o = NULL;
	struct api_error err;

	rs.len = strlen(rs.body);
	if (api_parse(&rs, &o, &err)) {
		struct api_tokens tok = { 0 };
		struct api_profile prof;
		struct api_account *accs = NULL, acc;
		struct api_payee *payees = NULL, payee;
		struct api_quote quote;
		struct api_transfer tr;
		struct api_txn_page page;
		size_t n = 0;

		if (api_decode_tokens(o, &tok, &err))
			api_tokens_clear(&tok);
		api_decode_profile(o, &prof, &err);
		if (api_decode_accounts(o, &accs, &n, &err))
			free(accs);
		api_decode_account(o, NULL, &acc, &err);
		struct namecheck nc;
		if (api_decode_payees(o, &payees, &n, &err)) {
			for (size_t i = 0; i < n; i++)
				FUZZ_REQUIRE(payees[i].check >= PAYEE_UNCHECKED && payees[i].check <= PAYEE_NOT_POSSIBLE);
			free(payees);
		}
		api_decode_payee(o, NULL, &payee, &err);
		if (namecheck_decode(o, &nc, &err)) {
			char said[1200];
			FUZZ_REQUIRE(nc.outcome != PAYEE_UNCHECKED && (nc.outcome == PAYEE_CLOSE_MATCH) == (nc.holder[0] != '\0'));
			for (const unsigned char *p = (const unsigned char *)nc.holder; *p; p++)
				FUZZ_REQUIRE(*p >= 0x20 && *p != 0x7f);
			namecheck_explain(&nc, "typed", said, sizeof said);
		}
		api_decode_quote(o, &quote, &err);
		api_decode_transfer(o, &tr, &err);
		if (api_decode_txn_page(o, &page, &err)) {
			for (size_t i = 0; i < page.n; i++) {
				char day[11];
				snprintf(day, sizeof day, "%.10s", page.items[i].booked_at);
				FUZZ_REQUIRE(text_is_day(day));
			}
			api_txn_page_clear(&page);
		}
		json_object_put(o);
	}
	free(rs.body);
	return 0;
}
