/* check_json.c: the strict JSON reader, fed hostile documents first. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "check_suites.h"
#include "json.h"
#include "view.h"

static json_object *parse_ok(const char *s)
{
	json_object *o = NULL;
	struct json_error e = { 0 };
	ck_assert_msg(json_parse(s, strlen(s), 0, &o, &e) == JSON_OK, "did not parse: %s", s);
	return o;
}

static enum json_err parse_err(const char *s, size_t len)
{
	json_object *o = (json_object *)0x1;
	struct json_error e = { 0 };
	enum json_err rc = json_parse(s, len, 0, &o, &e);
	ck_assert_ptr_null(o);
	ck_assert_int_eq(rc, e.code);
	return rc;
}

START_TEST(malformed_documents)
{
	static const char *const bad[] = {
		"", "{", "{\"a\":", "{\"a\":1", "[1,2", "{'a':1}", "{\"a\":1,}", "nul",
		"{\"a\":1}}", "{\"a\":1} x", "{\"a\":01}", "{\"a\":\"\\x41\"}", "{\"a\":NaN}",
		"{'a':1}", "{\"a\":'b'}",
		"{\"a\":\"\xff\"}", "{\"a\":\"\xc0\xaf\"}", "{\"a\":Infinity}", "{\"a\":nan}",
		"{\"a\":tru}", "{\"a\":truex}", "{\"a\":\"\xed\xa0\x80\"}", "\x00{}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(parse_err(bad[i], strlen(bad[i]) + (bad[i][0] == '\0')) == JSON_ERR_SYNTAX,
			      "case %zu was accepted", i);
}
END_TEST

START_TEST(scalars_are_not_documents)
{
	/* json-c cannot tell a bare number has ended: refused as incomplete */
	ck_assert_int_ne(parse_err("42", 2), JSON_OK);
	ck_assert_int_eq(parse_err("\"s\"", 3), JSON_ERR_TYPE);
	ck_assert_int_ne(parse_err("null", 4), JSON_OK); /* json-c's null is a NULL object */
}
END_TEST

START_TEST(nesting_bomb_is_refused)
{
	char doc[2 * 5000 + 1];
	memset(doc, '[', 5000);
	memset(doc + 5000, ']', 5000);
	doc[10000] = '\0';
	ck_assert_int_eq(parse_err(doc, 10000), JSON_ERR_SYNTAX);
}
END_TEST

START_TEST(oversized_documents_are_refused)
{
	json_object *o = NULL;
	struct json_error e = { 0 };
	ck_assert_int_eq(json_parse("{\"a\":1}", 7, 6, &o, &e), JSON_ERR_SIZE);
	ck_assert_ptr_null(o);
	ck_assert_int_eq(json_parse("{}", (size_t)JSON_MAX_BYTES + 1, JSON_MAX_BYTES + 10u, &o, &e),
			 JSON_ERR_SIZE);
}
END_TEST

START_TEST(missing_and_null_fields_are_named)
{
	json_object *o = parse_ok("{\"name\":null,\"n\":1}");
	struct json_error e = { 0 };
	const char *s = "untouched";
	int64_t n = 7;
	char msg[256];
	ck_assert_int_eq(json_get_string(o, "payee", "name", 0, 0, &s, &e), JSON_ERR_MISSING);
	ck_assert_str_eq(e.field, "payee.name");
	ck_assert_str_eq(s, "untouched");
	ck_assert_int_eq(json_get_int64(o, NULL, "absent", 0, 0, 10, &n, &e), JSON_ERR_MISSING);
	ck_assert_str_eq(e.field, "absent");
	json_error_message(&e, msg, sizeof msg);
	ck_assert_ptr_nonnull(strstr(msg, "'absent'"));
	/* optional: absent is fine and leaves the output alone */
	ck_assert_int_eq(json_get_int64(o, NULL, "absent", JSON_OPTIONAL, 0, 10, &n, &e), JSON_OK);
	ck_assert_int_eq(n, 7);
	json_object_put(o);
}
END_TEST

START_TEST(mistyped_fields_are_errors_not_zeroes)
{
	json_object *o = parse_ok("{\"s\":5,\"n\":\"5\",\"f\":5.0,\"b\":1,\"o\":[],\"a\":{}}");
	struct json_error e = { 0 };
	const char *s;
	int64_t n;
	int b;
	json_object *x;
	ck_assert_int_eq(json_get_string(o, NULL, "s", 0, 0, &s, &e), JSON_ERR_TYPE);
	ck_assert_int_eq(json_get_int64(o, NULL, "n", 0, INT64_MIN, INT64_MAX, &n, &e), JSON_ERR_TYPE);
	ck_assert_int_eq(json_get_int64(o, NULL, "f", 0, INT64_MIN, INT64_MAX, &n, &e), JSON_ERR_TYPE);
	ck_assert_int_eq(json_get_bool(o, NULL, "b", 0, &b, &e), JSON_ERR_TYPE);
	ck_assert_int_eq(json_get_object(o, NULL, "o", 0, &x, &e), JSON_ERR_TYPE);
	ck_assert_int_eq(json_get_array(o, NULL, "a", 0, &x, &e), JSON_ERR_TYPE);
	ck_assert_int_eq(json_get_string(NULL, NULL, "s", 0, 0, &s, &e), JSON_ERR_TYPE);
	json_object_put(o);
}
END_TEST

START_TEST(numbers_out_of_range)
{
	json_object *o = parse_ok("{\"big\":9223372036854775808,\"huge\":1e400,"
				  "\"max\":9223372036854775807,\"neg\":-5,\"u\":18446744073709551615}");
	struct json_error e = { 0 };
	int64_t n;
	ck_assert_int_ne(json_get_int64(o, NULL, "big", 0, INT64_MIN, INT64_MAX, &n, &e), JSON_OK);
	ck_assert_int_ne(json_get_int64(o, NULL, "u", 0, INT64_MIN, INT64_MAX, &n, &e), JSON_OK);
	ck_assert_int_eq(json_get_int64(o, NULL, "huge", 0, INT64_MIN, INT64_MAX, &n, &e), JSON_ERR_TYPE);
	ck_assert_int_eq(json_get_int64(o, NULL, "max", 0, INT64_MIN, INT64_MAX, &n, &e), JSON_OK);
	ck_assert(n == INT64_MAX);
	ck_assert_int_eq(json_get_int64(o, NULL, "neg", 0, 0, 100, &n, &e), JSON_ERR_RANGE);
	json_object_put(o);
}
END_TEST

START_TEST(strings_with_nul_or_too_long)
{
	json_object *o = parse_ok("{\"nul\":\"a\\u0000b\",\"long\":\"abcdefghij\"}");
	struct json_error e = { 0 };
	const char *s;
	ck_assert_int_eq(json_get_string(o, NULL, "nul", 0, 0, &s, &e), JSON_ERR_RANGE);
	ck_assert_int_eq(json_get_string(o, NULL, "long", 0, 5, &s, &e), JSON_ERR_RANGE);
	ck_assert_int_eq(json_get_string(o, NULL, "long", 0, 10, &s, &e), JSON_OK);
	ck_assert_str_eq(s, "abcdefghij");
	json_object_put(o);
}
END_TEST

START_TEST(money_fields)
{
	json_object *o = parse_ok("{\"ok\":{\"minor\":-12345,\"currency\":\"EUR\"},"
				  "\"badcur\":{\"minor\":1,\"currency\":\"EURO\"},"
				  "\"unknown\":{\"minor\":1,\"currency\":\"QQQ\"},"
				  "\"float\":{\"minor\":1.5,\"currency\":\"EUR\"},"
				  "\"nocur\":{\"minor\":1}, \"flat\":12}");
	struct json_error e = { 0 };
	struct money m;
	ck_assert_int_eq(json_get_money(o, NULL, "ok", 0, &m, &e), JSON_OK);
	ck_assert(m.minor == -12345);
	ck_assert_str_eq(m.currency, "EUR");
	ck_assert_int_eq(json_get_money(o, NULL, "badcur", 0, &m, &e), JSON_ERR_RANGE);
	ck_assert_str_eq(e.field, "badcur.currency");
	ck_assert_int_eq(json_get_money(o, NULL, "unknown", 0, &m, &e), JSON_ERR_RANGE);
	ck_assert_int_eq(json_get_money(o, "t", "float", 0, &m, &e), JSON_ERR_TYPE);
	ck_assert_str_eq(e.field, "t.float.minor");
	ck_assert_int_eq(json_get_money(o, NULL, "nocur", 0, &m, &e), JSON_ERR_MISSING);
	ck_assert_int_eq(json_get_money(o, NULL, "flat", 0, &m, &e), JSON_ERR_TYPE);
	json_object_put(o);
}
END_TEST

START_TEST(money_round_trips_through_json)
{
	struct money in = { INT64_MIN, "JPY" }, out;
	json_object *wrap = json_object_new_object();
	struct json_error e = { 0 };
	json_object_object_add(wrap, "m", json_new_money(&in));
	ck_assert_int_eq(json_get_money(wrap, NULL, "m", 0, &out, &e), JSON_OK);
	ck_assert(out.minor == INT64_MIN);
	ck_assert_str_eq(out.currency, "JPY");
	json_object_put(wrap);
}
END_TEST

START_TEST(random_garbage_never_crashes)
{
	unsigned long long x = 0xdeadbeefcafef00dULL;
	static const char alphabet[] = "{}[]\":,0123456789.eE-+tfnul\\ \xff\xc3\xa9";
	char doc[96];
	for (int round = 0; round < 20000; round++) {
		json_object *o = NULL;
		struct json_error e = { 0 };
		size_t len = (size_t)(round % 95) + 1;
		for (size_t i = 0; i < len; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			doc[i] = alphabet[x % (sizeof alphabet - 1)];
		}
		if (json_parse(doc, len, 0, &o, &e) == JSON_OK) {
			const char *s;
			struct money m;
			json_get_string(o, NULL, "a", JSON_OPTIONAL, 0, &s, &e);
			json_get_money(o, NULL, "m", JSON_OPTIONAL, &m, &e);
			json_object_put(o);
		} else {
			ck_assert_ptr_null(o);
		}
	}
}
END_TEST

START_TEST(written_json_escapes_what_can_fool_a_reader)
{
	/* DEL, a C1 CSI, the bidi override and isolate, a line separator, a bad byte. */
	json_object *o = json_object_new_object();
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	json_object_object_add(o, "n", json_object_new_string("a\x7f\xc2\x9b" "31m\xe2\x80\xae" "b\xe2\x81\xa6\xe2\x80\xa8\xff\xe4\xb8\xad"));
	ck_assert(json_write_safe(f, o, JSON_C_TO_STRING_PLAIN));
	fclose(f);
	ck_assert_str_eq(buf, "{\"n\":\"a\\u007f\\u009b31m\\u202eb\\u2066\\u2028\\ufffd\xe4\xb8\xad\"}");
	/* What a JSON reader gets back is the text, with U+FFFD for the bad byte. */
	{
		json_object *back = json_tokener_parse(buf);
		ck_assert_ptr_nonnull(back);
		ck_assert_str_eq(json_object_get_string(json_object_object_get(back, "n")),
				 "a\x7f\xc2\x9b" "31m\xe2\x80\xae" "b\xe2\x81\xa6\xe2\x80\xa8\xef\xbf\xbd\xe4\xb8\xad");
		json_object_put(back);
	}
	free(buf);
	json_object_put(o);
}
END_TEST

/* What --json prints of a bank's answer: the declared fields only (what else
 * the bank sent stays out), an absent optional one as null, and a mistyped
 * one an error naming it, never a partial object. */
START_TEST(view_json_keeps_declared_fields_only)
{
	static const struct view_column cols[] = {
		{ "id", V_TEXT, NULL, false },
		{ "amount", V_MONEY, NULL, false },
		{ "note", V_TEXT, NULL, true },
	};
	struct api_error err = { 0 };
	json_object *doc = json_tokener_parse(
		"{\"items\":[{\"id\":\"a\",\"amount\":{\"minor\":5,\"currency\":\"USD\"},\"evil\":\"\\u001b[2J\"}]}");
	json_object *out = view_json(cols, 3, "the list", doc, "items", &err), *row, *v;

	ck_assert_ptr_nonnull(out);
	ck_assert_int_eq(json_object_array_length(out), 1);
	row = json_object_array_get_idx(out, 0);
	ck_assert(!json_object_object_get_ex(row, "evil", NULL));
	ck_assert(json_object_object_get_ex(row, "note", &v) && v == NULL);
	ck_assert_str_eq(json_object_get_string(json_object_object_get(row, "id")), "a");
	json_object_put(out);
	json_object_put(doc);

	doc = json_tokener_parse("{\"id\":7,\"amount\":{\"minor\":5,\"currency\":\"USD\"}}");
	ck_assert_ptr_null(view_json(cols, 3, "the transfer", doc, NULL, &err));
	ck_assert_ptr_nonnull(strstr(err.message, "id"));
	json_object_put(doc);
}
END_TEST

Suite *json_suite(void)
{
	Suite *s = suite_create("json");
	TCase *bad = tcase_create("hostile input");
	TCase *ok = tcase_create("fields");
	tcase_add_test(bad, malformed_documents);
	tcase_add_test(bad, scalars_are_not_documents);
	tcase_add_test(bad, nesting_bomb_is_refused);
	tcase_add_test(bad, oversized_documents_are_refused);
	tcase_add_test(bad, missing_and_null_fields_are_named);
	tcase_add_test(bad, mistyped_fields_are_errors_not_zeroes);
	tcase_add_test(bad, numbers_out_of_range);
	tcase_add_test(bad, strings_with_nul_or_too_long);
	tcase_add_test(bad, random_garbage_never_crashes);
	tcase_add_test(ok, money_fields);
	tcase_add_test(ok, money_round_trips_through_json);
	tcase_add_test(ok, view_json_keeps_declared_fields_only);
	tcase_add_test(bad, written_json_escapes_what_can_fool_a_reader);
	suite_add_tcase(s, bad);
	suite_add_tcase(s, ok);
	return s;
}
