/* check_api.c: the API decoders fed what a broken or hostile bank might send:
 * malformed, truncated, mistyped, oversized and lying documents.  Each must
 * end in a clear error that names the field, never a crash or a zero. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "check_suites.h"
#include "json.h"
#include "namecheck.h"
#include "xalloc.h"

static struct http_response response(long status, const char *body)
{
	struct http_response rs = { status, xstrdup(body), strlen(body), "application/json" };
	return rs;
}

/* Decodes body as an accounts list; returns the error message ("" if it decoded). */
static const char *accounts_error(const char *body, struct api_error *err)
{
	struct http_response rs = response(200, body);
	json_object *o = NULL;
	struct api_account *list = NULL;
	size_t n = 0;

	memset(err, 0, sizeof *err);
	if (api_parse(&rs, &o, err) && api_decode_accounts(o, &list, &n, err))
		err->message[0] = '\0';
	else
		ck_assert_int_eq(err->status, API_ERR_DECODE);
	json_object_put(o);
	free(list);
	http_response_clear(&rs);
	return err->message;
}

#define ACCOUNT(extra)                                                                            \
	"{\"id\":\"acc_1\",\"kind\":\"current\",\"name\":\"Everyday\",\"currency\":\"USD\","        \
	"\"iban\":null,\"booked_balance\":{\"minor\":100,\"currency\":\"USD\"},"                  \
	"\"available_balance\":{\"minor\":150,\"currency\":\"USD\"}" extra "}"

START_TEST(malformed_and_truncated)
{
	static const char *const bad[] = { "", "{", "{\"items\":[", "[]", "null", "\"items\"",
					   "{\"items\":[" ACCOUNT("") "", "{\"items\":[]} trailing",
					   "\xff\xfe{}" };
	struct api_error err;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(*accounts_error(bad[i], &err), "case %zu decoded", i);
}
END_TEST

START_TEST(missing_and_mistyped_fields_are_named)
{
	static const struct {
		const char *body, *names;
	} cases[] = {
		{ "{}", "items" },
		{ "{\"items\":{}}", "items" },
		{ "{\"items\":[1]}", "items[0]" },
		{ "{\"items\":[" ACCOUNT("") ",{\"id\":\"acc_2\"}]}", "items[1].kind" },
		{ "{\"items\":[{\"id\":5}]}", "items[0].id" },
		{ "{\"items\":[{\"id\":\"a\",\"kind\":\"current\",\"name\":\"n\",\"currency\":\"USD\","
		  "\"booked_balance\":{\"minor\":\"100\",\"currency\":\"USD\"}}]}",
		  "items[0].booked_balance.minor" },
		{ "{\"items\":[{\"id\":\"a\",\"kind\":\"current\",\"name\":\"n\",\"currency\":\"USD\","
		  "\"booked_balance\":{\"minor\":1.5,\"currency\":\"USD\"}}]}",
		  "items[0].booked_balance.minor" },
		{ "{\"items\":[{\"id\":\"a\",\"kind\":\"current\",\"name\":\"n\",\"currency\":\"USD\","
		  "\"booked_balance\":{\"minor\":1,\"currency\":\"XYZ\"}}]}",
		  "items[0].booked_balance.currency" },
		{ "{\"items\":[{\"id\":\"a\",\"kind\":\"current\",\"name\":\"n\",\"currency\":\"USD\","
		  "\"booked_balance\":{\"minor\":99999999999999999999,\"currency\":\"USD\"}}]}",
		  "items[0].booked_balance.minor" },
	};
	struct api_error err;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *msg = accounts_error(cases[i].body, &err);
		ck_assert_msg(strstr(msg, cases[i].names), "case %zu: '%s' does not name %s", i, msg,
			      cases[i].names);
	}
}
END_TEST

START_TEST(lies_are_refused)
{
	struct api_error err;
	char name[400];

	/* A balance in another currency than its account. */
	ck_assert_str_ne(accounts_error("{\"items\":[{\"id\":\"a\",\"kind\":\"current\",\"name\":\"n\","
					"\"currency\":\"EUR\",\"booked_balance\":{\"minor\":1,\"currency\":\"USD\"},"
					"\"available_balance\":{\"minor\":1,\"currency\":\"USD\"}}]}",
					&err),
			 "");
	/* A name longer than any screen would show is refused, not cut silently. */
	memset(name, 'x', sizeof name - 1);
	name[sizeof name - 1] = '\0';
	{
		char *body = xmalloc(1024);
		snprintf(body, 1024, "{\"items\":[{\"id\":\"a\",\"kind\":\"current\",\"name\":\"%s\"}]}", name);
		ck_assert_ptr_nonnull(strstr(accounts_error(body, &err), "items[0].name"));
		free(body);
	}
	ck_assert_str_eq(accounts_error("{\"items\":[" ACCOUNT("") "]}", &err), "");
}
END_TEST

START_TEST(huge_documents)
{
	/* Past JSON_MAX_BYTES: refused whole, not parsed. */
	size_t n = JSON_MAX_BYTES + 16;
	char *big = xmalloc(n + 1);
	struct http_response rs;
	json_object *o = NULL;
	struct api_error err = { 0 };

	memset(big, ' ', n);
	memcpy(big, "{\"items\":[", 10);
	memcpy(big + n - 2, "]}", 2);
	big[n] = '\0';
	rs.status = 200;
	rs.body = big;
	rs.len = n;
	ck_assert(!api_parse(&rs, &o, &err));
	ck_assert_ptr_null(o);
	ck_assert_int_eq(err.status, API_ERR_DECODE);
	free(big);

	/* Deep nesting does not blow the stack. */
	{
		size_t depth = 100000;
		char *deep = xmalloc(2 * depth + 1);
		memset(deep, '[', depth);
		memset(deep + depth, ']', depth);
		deep[2 * depth] = '\0';
		rs.body = deep;
		rs.len = 2 * depth;
		ck_assert(!api_parse(&rs, &o, &err));
		free(deep);
	}
}
END_TEST

START_TEST(transaction_pages)
{
	struct http_response rs = response(200, "{\"items\":[{\"id\":\"t1\",\"booked_at\":\"2026-11-01T06:00:00Z\","
						"\"amount\":{\"minor\":-550,\"currency\":\"USD\"},\"description\":\"Coffee\","
						"\"counterparty\":\"Blue Bottle\",\"category\":\"dining\"}],"
						"\"next_cursor\":null}");
	json_object *o = NULL;
	struct api_error err = { 0 };
	struct api_txn_page page;

	ck_assert(api_parse(&rs, &o, &err));
	ck_assert(api_decode_txn_page(o, &page, &err));
	ck_assert_uint_eq(page.n, 1);
	ck_assert_int_eq(page.items[0].amount.minor, -550);
	ck_assert_str_eq(page.next_cursor, "");
	ck_assert_int_eq(page.total, -1);
	api_txn_page_clear(&page);
	json_object_put(o);
	http_response_clear(&rs);

	/* A count, when the bank gives one; a hostile one is refused in words. */
	rs = response(200, "{\"items\":[],\"next_cursor\":null,\"total\":1000000}");
	ck_assert(api_parse(&rs, &o, &err));
	ck_assert(api_decode_txn_page(o, &page, &err));
	ck_assert_int_eq(page.total, 1000000);
	api_txn_page_clear(&page);
	json_object_put(o);
	http_response_clear(&rs);
	static const char *const bad_totals[] = { "-1", "\"12\"", "1e3", "9223372036854775807", "true" };
	for (size_t i = 0; i < sizeof bad_totals / sizeof bad_totals[0]; i++) {
		char body[128];
		snprintf(body, sizeof body, "{\"items\":[],\"next_cursor\":null,\"total\":%s}", bad_totals[i]);
		rs = response(200, body);
		ck_assert(api_parse(&rs, &o, &err));
		ck_assert_msg(!api_decode_txn_page(o, &page, &err), "total %s was taken", bad_totals[i]);
		ck_assert_ptr_nonnull(strstr(err.message, "total"));
		json_object_put(o);
		http_response_clear(&rs);
	}

	/* A time that is not a day that exists would become a journal's date, or a new line in one. */
	static const char *const bad_times[] = { "x", "2026-02-30T00:00:00Z", "2026\\n2026-01-01", "2026-01-01\\n; x",
						 "2026-01-01 x" };
	for (size_t i = 0; i < sizeof bad_times / sizeof bad_times[0]; i++) {
		char body[512];
		snprintf(body, sizeof body,
			 "{\"items\":[{\"id\":\"t1\",\"booked_at\":\"%s\",\"amount\":{\"minor\":-550,\"currency\":\"USD\"},"
			 "\"description\":\"d\",\"counterparty\":\"c\",\"category\":\"dining\"}],\"next_cursor\":null}",
			 bad_times[i]);
		rs = response(200, body);
		ck_assert(api_parse(&rs, &o, &err));
		ck_assert_msg(!api_decode_txn_page(o, &page, &err), "booked_at %s was taken", bad_times[i]);
		ck_assert_ptr_nonnull(strstr(err.message, "items[0].booked_at"));
		json_object_put(o);
		http_response_clear(&rs);
	}

	/* Money between two of one's own accounts: the other side, decoded; a
	 * malformed one refused, named by its field. */
	static const struct {
		const char *transfer, *field;
	} transfers[] = {
		{ "{\"id\":\"mov_1\",\"account_id\":\"acc_2\",\"amount\":{\"minor\":9168,\"currency\":\"EUR\"}}", NULL },
		{ "null", NULL },
		{ "\"mov_1\"", "items[0].transfer" },
		{ "{\"id\":\"mov_1\",\"account_id\":\"acc_2\",\"amount\":9168}", "items[0].transfer.amount" },
		{ "{\"id\":7,\"account_id\":\"acc_2\",\"amount\":{\"minor\":1,\"currency\":\"EUR\"}}", "items[0].transfer.id" },
		{ "{\"id\":\"mov_1\",\"amount\":{\"minor\":1,\"currency\":\"EUR\"}}", "items[0].transfer.account_id" },
		/* An empty id would make every such row one key in a journal. */
		{ "{\"id\":\"\",\"account_id\":\"acc_2\",\"amount\":{\"minor\":1,\"currency\":\"EUR\"}}", "items[0].transfer.id" },
	};
	for (size_t i = 0; i < sizeof transfers / sizeof transfers[0]; i++) {
		char body[640];
		snprintf(body, sizeof body,
			 "{\"items\":[{\"id\":\"t1\",\"booked_at\":\"2026-11-01T06:00:00Z\",\"amount\":{\"minor\":-10000,"
			 "\"currency\":\"USD\"},\"description\":\"d\",\"counterparty\":\"c\",\"category\":\"transfer\","
			 "\"transfer\":%s}],\"next_cursor\":null}",
			 transfers[i].transfer);
		rs = response(200, body);
		ck_assert(api_parse(&rs, &o, &err));
		if (!transfers[i].field) {
			ck_assert_msg(api_decode_txn_page(o, &page, &err), "transfer %zu refused: %s", i, err.message);
			if (i == 0) {
				ck_assert_str_eq(page.items[0].transfer_id, "mov_1");
				ck_assert_str_eq(page.items[0].transfer_account, "acc_2");
				ck_assert_int_eq(page.items[0].transfer_amount.minor, 9168);
				ck_assert_str_eq(page.items[0].transfer_amount.currency, "EUR");
			} else {
				ck_assert_ptr_null(page.items[0].transfer_id);
			}
			api_txn_page_clear(&page);
		} else {
			ck_assert_msg(!api_decode_txn_page(o, &page, &err), "transfer %zu was taken", i);
			ck_assert_msg(strstr(err.message, transfers[i].field), "'%s' lacks %s", err.message, transfers[i].field);
		}
		json_object_put(o);
		http_response_clear(&rs);
	}

	rs = response(200, "{\"items\":[{\"id\":\"t1\",\"booked_at\":\"x\",\"amount\":-550}],\"next_cursor\":null}");
	ck_assert(api_parse(&rs, &o, &err));
	ck_assert(!api_decode_txn_page(o, &page, &err));
	ck_assert_ptr_nonnull(strstr(err.message, "items[0].amount"));
	json_object_put(o);
	http_response_clear(&rs);
}
END_TEST

/* The page read straight from the bank's bytes (api_parse_txn_page): what
 * RFC 8259 allows is read as the tree reads it; anything else is refused in
 * words, naming the field, and nothing half-read is kept. */
#define ROW(fields) "{\"id\":\"t1\",\"booked_at\":\"2026-11-01T06:00:00Z\",\"amount\":{\"minor\":-550,\"currency\":\"USD\"}," \
		    "\"description\":\"d\",\"counterparty\":\"c\",\"category\":\"k\"" fields "}"
START_TEST(pages_read_without_a_tree)
{
	static const char good[] =
		"{\"note\":{\"deep\":[[[{\"x\":[1.5e-3,true,false,null]}]]]},\"total\":2,\"items\":["
		"{\"id\":\"t\\u00e9\\ud83d\\ude00\",\"booked_at\":\"2026-11-01T06:00:00Z\","
		"\"amount\":{\"minor\":-9223372036854775808,\"currency\":\"EUR\",\"x\":\"y\"},"
		"\"description\":\"A \\\"b\\\" \\\\ \\/ \\t\",\"counterparty\":\"\xe5\x8c\x97\xe4\xba\xac\","
		"\"category\":\"k\",\"category\":\"dining\",\"transfer\":{\"id\":\"m\",\"account_id\":\"a\","
		"\"amount\":{\"minor\":5,\"currency\":\"JPY\"}},\"transfer\":null}],\"next_cursor\":\"c1\"}";
	struct api_txn_page page;
	struct api_error err = { 0 };

	ck_assert_msg(api_parse_txn_page(good, strlen(good), &page, &err), "%s", err.message);
	ck_assert_uint_eq(page.n, 1);
	ck_assert_str_eq(page.items[0].id, "t\xc3\xa9\xf0\x9f\x98\x80");
	ck_assert_int_eq(page.items[0].amount.minor, INT64_MIN);
	ck_assert_str_eq(page.items[0].amount.currency, "EUR");
	ck_assert_str_eq(page.items[0].description, "A \"b\" \\ / \t");
	ck_assert_str_eq(page.items[0].counterparty, "\xe5\x8c\x97\xe4\xba\xac");
	ck_assert_str_eq(page.items[0].category, "dining"); /* the last of a field named twice */
	ck_assert_ptr_null(page.items[0].transfer_id);      /* null after an object: absent */
	ck_assert_str_eq(page.next_cursor, "c1");
	ck_assert_int_eq(page.total, 2);
	api_txn_page_clear(&page);

	/* A second "items" replaces the first, as in the tree. */
	static const char twice[] = "{\"items\":[" ROW("") "," ROW("") "],\"items\":[" ROW("") "]}";
	ck_assert(api_parse_txn_page(twice, strlen(twice), &page, &err));
	ck_assert_uint_eq(page.n, 1);
	api_txn_page_clear(&page);

	static const struct {
		const char *body, *says;
	} bad[] = {
		{ "{\"items\":[" ROW(",\"x\":\"a\tb\"") "]}", "control character" },
		{ "{\"items\":[" ROW(",\"x\":1.") "]}", "number expected" },
		{ "{\"items\":[" ROW(",\"x\":-01") "]}", "JSON does not allow" },
		{ "{\"items\":[" ROW(",\"x\":\"\\ud800\"") "]}", "invalid string sequence" },
		{ "{\"items\":[" ROW(",\"x\":\"\\udc00\"") "]}", "invalid string sequence" },
		{ "{\"items\":[" ROW(",\"x\":\"\\x41\"") "]}", "invalid string sequence" },
		{ "{\"items\":[" ROW(",\"x\":\"\xc0\xaf\"") "]}", "invalid UTF-8" },
		{ "{\"items\":[" ROW(",\"x\":NaN") "]}", "JSON does not allow" },
		{ "{\"items\":[" ROW(",\"x\":tru") "]}", "true, false or null" },
		{ "{\"items\":[" ROW("") ",]}", "JSON does not allow" },
		{ "{\"items\":[" ROW("") "]} x", "data after the document" },
		{ "{\"items\":[" ROW("") "]}{}", "data after the document" },
		{ "{'items':[]}", "a name in quotes" },
		{ "[]", "wrong type" },
		{ "{\"items\":[" ROW(",\"description\":\"a\\u0000b\"") "]}", "items[0].description" },
		{ "{\"items\":[" ROW(",\"id\":7") "]}", "items[0].id" },
		{ "{\"items\":[" ROW(",\"id\":\"\"") "]}", "items[0].id" },
		{ "{\"items\":[" ROW(",\"amount\":{\"minor\":9223372036854775808,\"currency\":\"USD\"}") "]}",
		  "items[0].amount.minor" },
		{ "{\"items\":[" ROW(",\"amount\":{\"minor\":1.0,\"currency\":\"USD\"}") "]}", "items[0].amount.minor" },
		{ "{\"items\":[" ROW(",\"amount\":{\"minor\":1,\"currency\":\"XXXX\"}") "]}", "items[0].amount.currency" },
		{ "{\"items\":[" ROW(",\"amount\":{\"minor\":1,\"currency\":\"ZZZ\"}") "]}", "items[0].amount.currency" },
		{ "{\"items\":[" ROW(",\"amount\":null") "]}", "items[0].amount" },
		{ "{\"items\":[" ROW(",\"transfer\":{\"id\":\"m\",\"account_id\":\"a\"}") "]}", "items[0].transfer.amount" },
		{ "{\"items\":[" ROW("") ",null]}", "items[1]" },
		{ "{\"items\":{}}", "items" },
		{ "{\"items\":null}", "items" },
		{ "{\"items\":[],\"max_limit\":0}", "max_limit" },
		{ "{\"items\":[],\"next_cursor\":7}", "next_cursor" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ck_assert_msg(!api_parse_txn_page(bad[i].body, strlen(bad[i].body), &page, &err), "%zu was taken", i);
		ck_assert_msg(strstr(err.message, bad[i].says), "%zu: '%s' lacks '%s'", i, err.message, bad[i].says);
		ck_assert_ptr_null(page.items);
	}

	/* Nesting as json-c counts it: 32 levels when the deepest is empty, 31
	 * when it holds a value; one more is too deep, as for the tree. */
	for (int depth = 30; depth <= 32; depth++)
		for (int value = 0; value <= 1; value++) {
			char body[256];
			json_object *tree = NULL;
			int n = snprintf(body, sizeof body, "{\"items\":[],\"x\":");
			for (int d = 0; d < depth; d++)
				body[n++] = '[';
			if (value)
				body[n++] = '1';
			for (int d = 0; d < depth; d++)
				body[n++] = ']';
			snprintf(body + n, sizeof body - (size_t)n, "}");
			bool taken = json_parse(body, strlen(body), 0, &tree, NULL) == JSON_OK;
			json_object_put(tree);
			ck_assert_int_eq(taken, depth + 1 + value <= 32);
			ck_assert_msg(api_parse_txn_page(body, strlen(body), &page, &err) == taken,
				      "%d levels%s: the tree %s", depth + 1, value ? " and a value" : "",
				      taken ? "takes it" : "does not");
			api_txn_page_clear(&page);
		}
	/* A name with U+0000 in it is refused: json-c would read "id\u0000x" as "id". */
	static const char nul_key[] = "{\"items\":[" ROW(",\"id\\u0000x\":\"evil\"") "]}";
	ck_assert(!api_parse_txn_page(nul_key, strlen(nul_key), &page, &err));
	ck_assert_ptr_nonnull(strstr(err.message, "NUL"));

	/* Cut anywhere, a page is refused: never taken as a shorter one. */
	for (size_t cut = 0; cut < sizeof good - 1; cut++) {
		ck_assert_msg(!api_parse_txn_page(good, cut, &page, &err), "cut at %zu was taken", cut);
		ck_assert_ptr_null(page.items);
	}
}
END_TEST

START_TEST(problems_become_sentences)
{
	struct http_response rs = response(422, "{\"type\":\"/problems/insufficient_funds\",\"title\":\"x\","
						"\"status\":422,\"detail\":\"\\u001b[31mEVIL\",\"code\":\"insufficient_funds\"}");
	struct api_error err;

	api_error_from_response(&rs, &err);
	ck_assert_int_eq(err.status, API_ERR_PROBLEM);
	ck_assert_str_eq(err.code, "insufficient_funds");
	/* The sentence is ours, chosen by the code: the server's text never shows. */
	ck_assert_ptr_null(strstr(err.message, "EVIL"));
	ck_assert_ptr_nonnull(strstr(err.message, "not enough money"));
	http_response_clear(&rs);

	rs = response(403, "{\"code\":\"step_up_required\",\"challenge\":\"stp_1\"}");
	api_error_from_response(&rs, &err);
	ck_assert_str_eq(err.challenge, "stp_1");
	http_response_clear(&rs);

	rs = response(400, "{\"code\":\"invalid_request\",\"field\":\"amount.minor\"}");
	api_error_from_response(&rs, &err);
	ck_assert_ptr_nonnull(strstr(err.message, "amount.minor"));
	http_response_clear(&rs);

	/* Not a problem document at all: the status speaks. */
	rs = response(502, "<html>Bad gateway</html>");
	api_error_from_response(&rs, &err);
	ck_assert_str_eq(err.code, "server_error");
	http_response_clear(&rs);

	rs = response(418, "{\"code\":\"teapot_mode\"}");
	api_error_from_response(&rs, &err);
	ck_assert_str_eq(err.message, api_problem_text("anything unknown"));
	http_response_clear(&rs);
}
END_TEST

START_TEST(tokens)
{
	struct http_response rs = response(200, "{\"access_token\":\"a\",\"expires_in\":900}");
	json_object *o = NULL;
	struct api_error err = { 0 };
	struct api_tokens t;

	ck_assert(api_parse(&rs, &o, &err));
	ck_assert(!api_decode_tokens(o, &t, &err));
	ck_assert_ptr_nonnull(strstr(err.message, "refresh_token"));
	json_object_put(o);
	http_response_clear(&rs);
}
END_TEST

/* The bank's answer to a name check: what a face may show and cite. */
static bool namecheck_of(const char *body, struct namecheck *nc, struct api_error *err)
{
	json_object *o = json_tokener_parse(body);
	bool ok;

	ck_assert_ptr_nonnull(o);
	ok = namecheck_decode(o, nc, err);
	json_object_put(o);
	return ok;
}

START_TEST(name_checks)
{
	struct namecheck nc;
	struct api_error err;
	char said[1200];

	/* Lies and gaps: an outcome not of the four, a close match with no
	 * name (or one of control characters only), no id. */
	ck_assert(!namecheck_of("{\"id\":\"v\",\"outcome\":\"probably\"}", &nc, &err));
	ck_assert_ptr_nonnull(strstr(err.message, "outcome"));
	ck_assert(!namecheck_of("{\"id\":\"v\",\"outcome\":\"close_match\"}", &nc, &err));
	ck_assert(!namecheck_of("{\"id\":\"v\",\"outcome\":\"close_match\",\"name\":\"\\r\\u001b\"}", &nc, &err));
	ck_assert(!namecheck_of("{\"outcome\":\"match\"}", &nc, &err));
	/* The holder's name is kept for a close match only, and made safe. */
	ck_assert(namecheck_of("{\"id\":\"v\",\"outcome\":\"no_match\",\"name\":\"Jamie Chen\"}", &nc, &err));
	ck_assert_int_eq(nc.outcome, PAYEE_NO_MATCH);
	ck_assert_str_eq(nc.holder, "");
	ck_assert(namecheck_of("{\"id\":\"v\",\"outcome\":\"close_match\",\"name\":\"Jamie\\u001b[2J Chen\\u202e\"}", &nc,
			       &err));
	ck_assert_str_eq(nc.holder, "Jamie Chen");
	namecheck_explain(&nc, "Jamie Chan\x1b]52;c;x\x07", said, sizeof said);
	ck_assert_ptr_null(strchr(said, '\x1b'));
	ck_assert_ptr_nonnull(strstr(said, "Jamie Chen, not Jamie Chan"));
	/* A payee's state: null is never checked; another word is a lie. */
	{
		struct api_payee p;
		json_object *o = json_tokener_parse("{\"id\":\"p\",\"name\":\"n\",\"iban\":\"x\",\"currency\":\"USD\","
						    "\"vop_outcome\":null}");
		ck_assert(api_decode_payee(o, NULL, &p, &err));
		ck_assert_int_eq(p.check, PAYEE_UNCHECKED);
		json_object_put(o);
		o = json_tokener_parse("{\"id\":\"p\",\"name\":\"n\",\"iban\":\"x\",\"currency\":\"USD\","
				       "\"vop_outcome\":\"matchy\"}");
		ck_assert(!api_decode_payee(o, NULL, &p, &err));
		ck_assert_ptr_nonnull(strstr(err.message, "vop_outcome"));
		json_object_put(o);
	}
	/* The deliberate act: the name again, in any case and spacing; y is not it. */
	ck_assert(namecheck_retyped(" john  SMITH ", "John Smith"));
	ck_assert(namecheck_retyped("\tJOHN smith", "John Smith"));
	ck_assert(!namecheck_retyped("y", "John Smith"));
	ck_assert(!namecheck_retyped("", "John Smith"));
	ck_assert(!namecheck_retyped("John Smit", "John Smith"));
	ck_assert(!namecheck_retyped("John Smithe", "John Smith"));
	ck_assert(!namecheck_retyped(NULL, "John Smith"));
	/* Only no match takes the deliberate act; no match and not possible are warnings. */
	ck_assert(namecheck_blocks(PAYEE_NO_MATCH) && !namecheck_blocks(PAYEE_NOT_POSSIBLE) && !namecheck_blocks(PAYEE_CLOSE_MATCH));
	ck_assert(namecheck_warns(PAYEE_NO_MATCH) && namecheck_warns(PAYEE_NOT_POSSIBLE) && !namecheck_warns(PAYEE_MATCH));
}
END_TEST

Suite *api_suite(void)
{
	Suite *s = suite_create("api");
	TCase *tc = tcase_create("decode");

	tcase_add_test(tc, malformed_and_truncated);
	tcase_add_test(tc, missing_and_mistyped_fields_are_named);
	tcase_add_test(tc, lies_are_refused);
	tcase_add_test(tc, huge_documents);
	tcase_add_test(tc, transaction_pages);
	tcase_add_test(tc, pages_read_without_a_tree);
	tcase_add_test(tc, problems_become_sentences);
	tcase_add_test(tc, tokens);
	tcase_add_test(tc, name_checks);
	suite_add_tcase(s, tc);
	return s;
}
