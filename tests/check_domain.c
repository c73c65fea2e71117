/* check_domain.c: the core's banking modules (bills, offers, points,
 * alerts, wallet, transfers) fed what a broken or lying bank might send, and
 * then the happy path: each decoder ends a hostile answer in an error that
 * names what was wrong, never a crash or a silent zero, and each operation
 * builds exactly the request and the words both faces use. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "alerts.h"
#include "bills.h"
#include "check_suites.h"
#include "json.h"
#include "offers.h"
#include "points.h"
#include "transfers.h"
#include "wallet.h"

static json_object *doc(const char *text)
{
	json_object *o = NULL;
	struct json_error jerr = { 0 };

	ck_assert_int_eq(json_parse(text, strlen(text), JSON_MAX_BYTES, &o, &jerr), JSON_OK);
	return o;
}

/* Each hostile document must fail to decode, with a message for people. */
typedef bool decode_fn(json_object *d, struct api_error *err);

static bool bills_d(json_object *d, struct api_error *err)
{
	struct bill *b = NULL;
	size_t n = 0;
	bool ok = bills_decode(d, &b, &n, err);

	free(b);
	return ok;
}

static bool offers_d(json_object *d, struct api_error *err)
{
	struct offer *o = NULL;
	size_t n = 0;
	bool ok = offers_decode(d, &o, &n, err);

	free(o);
	return ok;
}

static bool points_d(json_object *d, struct api_error *err)
{
	struct catalog_item *c = NULL;
	size_t n = 0;
	bool ok = points_decode_catalog(d, &c, &n, err);

	free(c);
	return ok;
}

static bool alerts_d(json_object *d, struct api_error *err)
{
	struct alert *a = NULL;
	size_t n = 0;
	bool ok = alerts_decode(d, &a, &n, err);

	free(a);
	return ok;
}

static bool wallet_d(json_object *d, struct api_error *err)
{
	struct wallet w;

	return wallet_decode(d, &w, err);
}

static bool sched_d(json_object *d, struct api_error *err)
{
	struct scheduled *s = NULL;
	size_t n = 0;
	bool ok = transfers_decode_scheduled(d, &s, &n, err);

	free(s);
	return ok;
}

static void refused(decode_fn *fn, const char *text, const char *field)
{
	json_object *d = doc(text);
	struct api_error err = { 0 };

	ck_assert_msg(!fn(d, &err), "accepted: %s", text);
	ck_assert_int_eq(err.status, API_ERR_DECODE);
	ck_assert_msg(strstr(err.message, field), "'%s' does not name %s (for %s)", err.message, field, text);
	json_object_put(d);
}

#define LONG_ID "\"id_0123456789012345678901234567890123456789012345678901234567890123456789\""

START_TEST(hostile_answers_are_refused)
{
	refused(bills_d, "{}", "items");
	refused(bills_d, "{\"items\":{}}", "items");
	refused(bills_d, "{\"items\":[{\"id\":\"b\"}]}", "biller");
	refused(bills_d, "{\"items\":[{\"id\":" LONG_ID ",\"biller\":{\"name\":\"x\"}}]}", "id");
	refused(bills_d,
		"{\"items\":[{\"id\":\"b\",\"biller\":{\"name\":\"x\"},\"status\":\"due\",\"due_date\":\"2026-12-01\","
		"\"amount\":{\"minor\":1.5,\"currency\":\"USD\"},\"autopay\":false}]}",
		"amount");
	refused(bills_d,
		"{\"items\":[{\"id\":\"b\",\"biller\":{\"name\":\"x\"},\"status\":\"due\",\"due_date\":\"2026-12-01\","
		"\"amount\":{\"minor\":100,\"currency\":\"XXX1\"},\"autopay\":false}]}",
		"amount");
	refused(offers_d, "{\"items\":[{\"id\":1,\"title\":\"t\",\"status\":\"available\"}]}", "id");
	refused(offers_d, "{\"items\":[null]}", "offers");
	refused(points_d, "{\"items\":[{\"id\":\"c\",\"name\":\"n\",\"kind\":\"k\",\"points\":-5,\"needs_account\":false}]}",
		"points");
	refused(points_d, "{\"items\":[{\"id\":\"c\",\"name\":\"n\",\"kind\":\"k\",\"points\":5,\"needs_account\":\"yes\"}]}",
		"needs_account");
	refused(alerts_d, "{\"items\":[{\"id\":0,\"title\":\"t\",\"read\":false}]}", "id");
	refused(alerts_d, "{\"items\":[{\"id\":9223372036854775807,\"title\":\"t\"}]}", "read");
	refused(wallet_d, "{\"account_id\":\"w\",\"balance\":{\"minor\":1,\"currency\":\"USD\"}}", "cards");
	refused(wallet_d, "{\"account_id\":\"w\",\"balance\":{\"minor\":1,\"currency\":\"USD\"},\"cards\":[{\"id\":\"c\"}]}",
		"label");
	refused(sched_d, "{\"items\":[{\"id\":\"t\",\"status\":\"scheduled\",\"from_account\":\"a\",\"next_run\":\"x\","
			 "\"amount\":{\"minor\":1,\"currency\":\"USD\"}}]}",
		"to_account");
	refused(sched_d, "{\"items\":[{\"status\":7}]}", "status");
}
END_TEST

START_TEST(bank_text_is_kept_whole_and_found)
{
	json_object *d = doc("{\"items\":["
			     "{\"id\":\"b1\",\"biller\":{\"name\":\"Verizon Wireless\"},\"status\":\"paid\","
			     "\"due_date\":\"2026-10-16\",\"amount\":{\"minor\":8500,\"currency\":\"USD\"},\"autopay\":false},"
			     "{\"id\":\"b/2?x\",\"biller\":{\"name\":\"Verizon Wireless\"},\"status\":\"overdue\","
			     "\"due_date\":\"2026-11-16\",\"amount\":{\"minor\":8500,\"currency\":\"USD\"},\"autopay\":false}]}");
	struct bill *b = NULL;
	size_t n = 0, i = 9;
	struct api_error err = { 0 };
	struct api_account from = { .id = "acc 1", .name = "Everyday" };
	struct numfmt nf = { 0 };
	struct op op = { 0 };
	char msg[256];

	numfmt_from_locale(&nf);
	ck_assert(bills_decode(d, &b, &n, &err));
	ck_assert_uint_eq(n, 2);
	/* Two bills of one biller: the one still to pay. */
	ck_assert(bills_find(b, n, "verizon wireless", &i, msg, sizeof msg));
	ck_assert_uint_eq(i, 1);
	ck_assert(bills_pay_op(&b[i], &from, &nf, &op));
	/* The bank's id is one path segment, whatever it holds. */
	ck_assert_str_eq(op.path, "/bills/b%2F2%3Fx/payments");
	ck_assert_str_eq(op.method, "POST");
	ck_assert(op.moves_money);
	ck_assert_str_eq(op.body, "{\"account_id\":\"acc 1\"}");
	ck_assert_str_eq(op.summary, "Pay 85.00 USD to Verizon Wireless (due 2026-11-16) from Everyday");
	op_clear(&op);
	ck_assert(!bills_find(b, n, "Verizon", &i, msg, sizeof msg));
	ck_assert_str_eq(msg, "no bill has the ID or biller 'Verizon' (see 'bankterm bills')");
	free(b);
	json_object_put(d);
}
END_TEST

START_TEST(scheduled_soonest_first)
{
	json_object *d = doc("{\"items\":["
			     "{\"id\":\"t2\",\"status\":\"scheduled\",\"from_account\":\"a\",\"to_account\":\"s\","
			     "\"next_run\":\"2027-01-01T09:00:00Z\",\"recurrence\":\"monthly\",\"reference\":\"r\","
			     "\"amount\":{\"minor\":1000,\"currency\":\"USD\"}},"
			     "{\"id\":\"t0\",\"status\":\"completed\"},"
			     "{\"id\":\"t1\",\"status\":\"scheduled\",\"from_account\":\"a\",\"payee_id\":\"p\","
			     "\"next_run\":\"2026-12-24T09:00:00Z\",\"recurrence\":null,\"reference\":null,"
			     "\"amount\":{\"minor\":250,\"currency\":\"USD\"}}]}");
	struct scheduled *s = NULL;
	struct api_payee payee = { .id = "p", .name = "Omar Haddad" };
	struct api_account acc = { .id = "s", .name = "Savings" };
	size_t n = 0;
	struct api_error err = { 0 };
	char to[API_NAME_MAX];

	ck_assert(transfers_decode_scheduled(d, &s, &n, &err));
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(s[0].id, "t1");
	ck_assert_str_eq(transfers_rule(&s[0]), "once");
	ck_assert_str_eq(transfers_rule(&s[1]), "every month");
	transfers_destination(&s[0], &acc, 1, &payee, 1, to, sizeof to);
	ck_assert_str_eq(to, "Omar Haddad");
	transfers_destination(&s[1], &acc, 1, &payee, 1, to, sizeof to);
	ck_assert_str_eq(to, "Savings");
	free(s);
	json_object_put(d);
}
END_TEST

Suite *domain_suite(void)
{
	Suite *su = suite_create("domain");
	TCase *tc = tcase_create("domain");

	tcase_add_test(tc, hostile_answers_are_refused);
	tcase_add_test(tc, bank_text_is_kept_whole_and_found);
	tcase_add_test(tc, scheduled_soonest_first);
	suite_add_tcase(su, tc);
	return su;
}
