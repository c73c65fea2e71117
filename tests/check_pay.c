/* check_pay.c: the exactly-once protocol (src/pay.c) driven through a
 * transport double, for the failures a real bank on loopback cannot be made
 * to show on cue: an answer dropped before or after the bank acted, a 401, a
 * step-up, a refusal, a 503, a malformed answer, a lying status route.  Each
 * test asserts what the person is told and which intents are kept. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check_suites.h"
#include "intent.h"
#include "pay.h"
#include "secret.h"
#include "xalloc.h"

/* --- the double: a script of answers, and what it was sent ------------------------------ */

struct answer {
	enum http_err e; /* HTTP_OK: status and body below */
	long status;
	const char *body;
};

struct seen {
	char method[8], path[160], key[UUID_STR_LEN], challenge[48], code[16];
};

static struct {
	struct answer script[8];
	int nscript, next;
	struct seen seen[8];
	int nseen;
} dbl;

static enum http_err fake_send(void *ctx, const struct http_request *rq, struct http_response *rs, char *msg,
			       size_t msglen)
{
	struct answer a;
	struct seen *s;

	(void)ctx;
	ck_assert_msg(dbl.next < dbl.nscript, "an unexpected request: %s %s", rq->method, rq->path);
	a = dbl.script[dbl.next++];
	s = &dbl.seen[dbl.nseen++];
	snprintf(s->method, sizeof s->method, "%s", rq->method);
	snprintf(s->path, sizeof s->path, "%s", rq->path);
	snprintf(s->key, sizeof s->key, "%s", rq->idempotency_key ? rq->idempotency_key : "");
	snprintf(s->challenge, sizeof s->challenge, "%s", rq->step_up_challenge ? rq->step_up_challenge : "");
	snprintf(s->code, sizeof s->code, "%s", rq->step_up_code ? rq->step_up_code : "");
	memset(rs, 0, sizeof *rs);
	if (a.e != HTTP_OK) {
		snprintf(msg, msglen, "the connection dropped");
		return a.e;
	}
	rs->status = a.status;
	rs->body = xstrdup(a.body);
	rs->len = strlen(a.body);
	snprintf(rs->content_type, sizeof rs->content_type, "%s",
		 a.status >= 400 ? "application/problem+json" : "application/json");
	return HTTP_OK;
}

static const struct session_transport fake = { fake_send, NULL };
static struct session s;
static char state[64];

static void script(int n, ...)
{
	va_list ap;

	va_start(ap, n);
	for (int i = 0; i < n; i++)
		dbl.script[dbl.nscript++] = va_arg(ap, struct answer);
	va_end(ap);
}

#define DROPPED ((struct answer){ HTTP_ERR_NETWORK, 0, NULL })
#define ANSWER(st, b) ((struct answer){ HTTP_OK, st, b })
#define DONE_201 ANSWER(201, "{\"id\":\"trf_1\",\"status\":\"completed\"}")
#define UNKNOWN_KEY ANSWER(404, "{\"code\":\"idempotency_key_unknown\",\"status\":404}")
#define UNAUTHORIZED ANSWER(401, "{\"code\":\"unauthorized\",\"status\":401}")

static void setup(void)
{
	memset(&dbl, 0, sizeof dbl);
	snprintf(state, sizeof state, "/tmp/check_pay.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(state));
	setenv("XDG_STATE_HOME", state, 1);
	memset(&s, 0, sizeof s);
	snprintf(s.server, sizeof s.server, "http://127.0.0.1:1/v1");
	snprintf(s.user, sizeof s.user, "alex");
	s.store = &secret_nowhere;
	s.transport = &fake;
	s.access = xstrdup("access-token");
}

static void teardown(void)
{
	char cmd[128];

	session_close(&s);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", state);
	ck_assert_int_eq(system(cmd), 0);
}

static size_t kept(void)
{
	size_t n = 0;
	struct intent *list = intent_pending(s.server, s.user, &n);

	intent_list_free(list, n);
	return n;
}

/* The one pending intent (the test frees its body). */
static struct intent only_intent(void)
{
	size_t n = 0;
	struct intent *list = intent_pending(s.server, s.user, &n), in;

	ck_assert_uint_eq(n, 1);
	in = list[0];
	free(list);
	return in;
}

static enum pay_outcome send_transfer(struct api_error *err, json_object **out)
{
	struct pay_request rq = { "POST", "/transfers", "{\"amount\":{\"minor\":2500,\"currency\":\"USD\"}}",
				  "Send 25.00 USD from Everyday to Savings", NULL, NULL, "" };

	memset(err, 0, sizeof *err);
	return pay_send(&s, NULL, &rq, out, err);
}

/* --- classification --------------------------------------------------------------------- */

START_TEST(classify_every_kind)
{
	struct api_error e = { 0 };

	ck_assert_int_eq(pay_classify(true, &e), PAY_DONE);
	e.status = API_ERR_TRANSPORT;
	ck_assert_int_eq(pay_classify(false, &e), PAY_UNKNOWN);
	e.status = API_ERR_DECODE;
	e.http_status = 201;
	ck_assert_int_eq(pay_classify(false, &e), PAY_UNKNOWN);
	e.status = API_ERR_PROBLEM;
	for (long st = 400; st < 500; st++) {
		e.http_status = st;
		ck_assert_int_eq(pay_classify(false, &e), st == 408 ? PAY_UNKNOWN : PAY_REFUSED);
	}
	for (long st = 500; st < 600; st++) {
		e.http_status = st;
		ck_assert_int_eq(pay_classify(false, &e), PAY_UNKNOWN);
	}
}
END_TEST

/* --- sending ---------------------------------------------------------------------------- */

START_TEST(done_forgets_the_intent)
{
	struct api_error err;
	json_object *out = NULL;

	script(1, DONE_201);
	ck_assert_int_eq(send_transfer(&err, &out), PAY_DONE);
	ck_assert_ptr_nonnull(out);
	ck_assert_int_eq(dbl.nseen, 1);
	ck_assert_uint_eq(strlen(dbl.seen[0].key), UUID_STR_LEN - 1);
	ck_assert_uint_eq(kept(), 0);
	json_object_put(out);
}
END_TEST

START_TEST(dropped_before_arrival)
{
	struct api_error err;
	struct intent in;
	char msg[1024];

	script(1, DROPPED);
	ck_assert_int_eq(send_transfer(&err, NULL), PAY_UNKNOWN);
	ck_assert_uint_eq(kept(), 1);
	in = only_intent();
	ck_assert_str_eq(in.key, dbl.seen[0].key);
	/* Settling asks the bank, sending nothing; it never arrived: kept, to be asked about. */
	script(1, UNKNOWN_KEY);
	ck_assert_int_eq(pay_check(&s, &in, in.created_at + 3 * 3600, msg, sizeof msg), PAY_NEVER_RECEIVED);
	ck_assert_str_eq(dbl.seen[1].method, "GET");
	ck_assert_int_eq(strncmp(dbl.seen[1].path, "/idempotency-keys/", 18), 0);
	ck_assert_str_eq(dbl.seen[1].path + 18, in.key);
	ck_assert_msg(strstr(msg, "from 3 hours ago never reached the bank"), "%s", msg);
	ck_assert_msg(strstr(msg, "Send 25.00 USD"), "%s", msg);
	ck_assert_uint_eq(kept(), 1);
	/* The person said yes: the same key again, and then it is gone. */
	script(1, DONE_201);
	ck_assert_int_eq(pay_resend(&s, NULL, &in, NULL, &err), PAY_DONE);
	ck_assert_str_eq(dbl.seen[2].key, in.key);
	ck_assert_uint_eq(kept(), 0);
	free(in.body);
}
END_TEST

START_TEST(dropped_before_then_no)
{
	struct api_error err;
	struct intent in;
	char msg[1024];

	script(2, DROPPED, UNKNOWN_KEY);
	send_transfer(&err, NULL);
	in = only_intent();
	ck_assert_int_eq(pay_check(&s, &in, in.created_at + 60, msg, sizeof msg), PAY_NEVER_RECEIVED);
	pay_drop(&in);
	ck_assert_uint_eq(kept(), 0);
	ck_assert_int_eq(dbl.nseen, 2); /* nothing more was sent */
	free(in.body);
}
END_TEST

START_TEST(dropped_after_the_bank_acted)
{
	struct api_error err;
	struct intent in;
	char msg[1024];

	script(2, DROPPED,
	       ANSWER(200, "{\"key\":\"k\",\"status\":201,\"received_at\":\"2026-11-30T10:00:00Z\","
			   "\"response\":{\"id\":\"trf_1\"}}"));
	ck_assert_int_eq(send_transfer(&err, NULL), PAY_UNKNOWN);
	ck_assert_int_eq(err.status, API_ERR_TRANSPORT);
	in = only_intent();
	ck_assert_int_eq(pay_check(&s, &in, in.created_at + 5, msg, sizeof msg), PAY_WENT_THROUGH);
	ck_assert_msg(strstr(msg, "went through: Send 25.00 USD"), "%s", msg);
	ck_assert_uint_eq(kept(), 0);
	ck_assert_int_eq(dbl.nseen, 2);
	free(in.body);
}
END_TEST

START_TEST(kept_refusal_is_not_made)
{
	struct api_error err;
	struct intent in;
	char msg[1024];

	script(2, DROPPED,
	       ANSWER(200, "{\"key\":\"k\",\"status\":422,\"received_at\":\"2026-11-30T10:00:00Z\","
			   "\"response\":{\"code\":\"insufficient_funds\",\"status\":422}}"));
	send_transfer(&err, NULL);
	in = only_intent();
	ck_assert_int_eq(pay_check(&s, &in, in.created_at + 5, msg, sizeof msg), PAY_NOT_MADE);
	ck_assert_msg(strstr(msg, "was not made") && strstr(msg, "not enough money"), "%s", msg);
	ck_assert_uint_eq(kept(), 0);
	free(in.body);
}
END_TEST

START_TEST(unauthorized_is_refused_and_keeps_nothing)
{
	struct api_error err;

	/* No refresh token: the 401 stands.  The bank checks the token before anything else. */
	script(1, UNAUTHORIZED);
	ck_assert_int_eq(send_transfer(&err, NULL), PAY_REFUSED);
	ck_assert_msg(strstr(err.message, "not signed in"), "%s", err.message);
	ck_assert_uint_eq(kept(), 0);
}
END_TEST

START_TEST(unauthorized_while_settling_keeps_it)
{
	struct api_error err;
	struct intent in;
	char msg[1024];

	script(2, DROPPED, UNAUTHORIZED);
	send_transfer(&err, NULL);
	in = only_intent();
	ck_assert_int_eq(pay_check(&s, &in, in.created_at + 5, msg, sizeof msg), PAY_STILL_UNKNOWN);
	ck_assert_msg(strstr(msg, "still unknown") && strstr(msg, "sign in again"), "%s", msg);
	ck_assert_uint_eq(kept(), 1);
	free(in.body);
}
END_TEST

static char *give_code(void *ctx, const char *why)
{
	(void)ctx;
	(void)why;
	return xstrdup("123456");
}

START_TEST(step_up_in_place)
{
	struct session_prompt p = { NULL, give_code, NULL };
	struct pay_request rq = { "POST", "/transfers", "{}", "Send 9000.00 USD", NULL, NULL, "" };
	struct api_error err = { 0 };

	script(2, ANSWER(403, "{\"code\":\"step_up_required\",\"challenge\":\"chl_1\",\"status\":403}"), DONE_201);
	ck_assert_int_eq(pay_send(&s, &p, &rq, NULL, &err), PAY_DONE);
	ck_assert_str_eq(dbl.seen[1].challenge, "chl_1");
	ck_assert_str_eq(dbl.seen[1].code, "123456");
	/* The confirmed request is the same request: the same key. */
	ck_assert_str_eq(dbl.seen[1].key, dbl.seen[0].key);
	ck_assert_uint_eq(kept(), 0);
}
END_TEST

START_TEST(step_up_asked_by_the_caller)
{
	struct pay_request rq = { "POST", "/transfers", "{}", "Send 9000.00 USD", NULL, NULL, "" };
	struct api_error err = { 0 };
	char key[UUID_STR_LEN];

	script(2, ANSWER(403, "{\"code\":\"step_up_required\",\"challenge\":\"chl_1\",\"status\":403}"), DONE_201);
	ck_assert_int_eq(pay_send(&s, NULL, &rq, NULL, &err), PAY_REFUSED);
	ck_assert_str_eq(err.challenge, "chl_1");
	ck_assert_uint_eq(kept(), 0);
	snprintf(key, sizeof key, "%s", rq.key);
	rq.challenge = "chl_1";
	rq.code = "654321";
	ck_assert_int_eq(pay_send(&s, NULL, &rq, NULL, &err), PAY_DONE);
	ck_assert_str_eq(dbl.seen[1].key, key);
	ck_assert_str_eq(dbl.seen[1].code, "654321");
}
END_TEST

START_TEST(refusal_in_words)
{
	struct api_error err;

	script(1, ANSWER(422, "{\"code\":\"insufficient_funds\",\"status\":422}"));
	ck_assert_int_eq(send_transfer(&err, NULL), PAY_REFUSED);
	ck_assert_str_eq(err.message, "there is not enough money in the account");
	ck_assert_uint_eq(kept(), 0);
}
END_TEST

START_TEST(busy_is_unknown)
{
	struct api_error err;

	script(1, ANSWER(503, "{\"code\":\"unavailable\",\"status\":503}"));
	ck_assert_int_eq(send_transfer(&err, NULL), PAY_UNKNOWN);
	ck_assert_uint_eq(kept(), 1);
}
END_TEST

START_TEST(malformed_answer_is_unknown)
{
	struct api_error err;
	json_object *out = NULL;

	script(1, ANSWER(201, "{\"id\":\"trf_1\", oops"));
	ck_assert_int_eq(send_transfer(&err, &out), PAY_UNKNOWN);
	ck_assert_int_eq(err.status, API_ERR_DECODE);
	ck_assert_int_eq(err.http_status, 201);
	ck_assert_ptr_null(out);
	ck_assert_uint_eq(kept(), 1);
}
END_TEST

START_TEST(lying_status_route_keeps_it)
{
	static const char *lies[] = {
		"{\"key\":\"k\",\"status\":\"201\",\"response\":{}}",
		"{\"key\":\"k\",\"status\":99,\"response\":{}}",
		"{\"key\":\"k\",\"status\":201}",
		"{\"key\":\"k\",\"status\":201,\"response\":[]}",
		"[]",
		"not json",
	};
	struct api_error err;
	struct intent in;
	char msg[1024];

	script(1, DROPPED);
	send_transfer(&err, NULL);
	in = only_intent();
	for (size_t i = 0; i < sizeof lies / sizeof lies[0]; i++) {
		script(1, ANSWER(200, lies[i]));
		ck_assert_int_eq(pay_check(&s, &in, in.created_at + 5, msg, sizeof msg), PAY_STILL_UNKNOWN);
		ck_assert_msg(strstr(msg, "cannot be read"), "%s", msg);
		ck_assert_uint_eq(kept(), 1);
	}
	/* A bank without the route cannot say either: kept, not resent. */
	script(1, ANSWER(404, "{\"code\":\"not_found\",\"status\":404}"));
	ck_assert_int_eq(pay_check(&s, &in, in.created_at + 5, msg, sizeof msg), PAY_STILL_UNKNOWN);
	ck_assert_uint_eq(kept(), 1);
	free(in.body);
}
END_TEST

START_TEST(too_old_is_never_sent)
{
	struct api_error err;
	struct intent in;
	char msg[1024];
	int before;

	script(1, DROPPED);
	send_transfer(&err, NULL);
	in = only_intent();
	before = dbl.nseen;
	ck_assert_int_eq(pay_check(&s, &in, in.created_at + (PAY_KEY_DAYS + 1) * 86400LL, msg, sizeof msg),
			 PAY_TOO_OLD);
	ck_assert_int_eq(dbl.nseen, before); /* not even asked: the bank may have forgotten the key */
	ck_assert_msg(strstr(msg, "8 days ago") && strstr(msg, "can no longer be checked"), "%s", msg);
	ck_assert_uint_eq(kept(), 0);
	free(in.body);
}
END_TEST

START_TEST(ages_in_words)
{
	char t[64];

	pay_age_text(-5, t, sizeof t);
	ck_assert_str_eq(t, "1 minute ago");
	pay_age_text(59 * 60, t, sizeof t);
	ck_assert_str_eq(t, "59 minutes ago");
	pay_age_text(3600, t, sizeof t);
	ck_assert_str_eq(t, "1 hour ago");
	pay_age_text(47 * 3600, t, sizeof t);
	ck_assert_str_eq(t, "47 hours ago");
	pay_age_text(9 * 86400, t, sizeof t);
	ck_assert_str_eq(t, "9 days ago");
}
END_TEST

Suite *pay_suite(void)
{
	Suite *su = suite_create("pay");
	TCase *tc = tcase_create("protocol");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, classify_every_kind);
	tcase_add_test(tc, done_forgets_the_intent);
	tcase_add_test(tc, dropped_before_arrival);
	tcase_add_test(tc, dropped_before_then_no);
	tcase_add_test(tc, dropped_after_the_bank_acted);
	tcase_add_test(tc, kept_refusal_is_not_made);
	tcase_add_test(tc, unauthorized_is_refused_and_keeps_nothing);
	tcase_add_test(tc, unauthorized_while_settling_keeps_it);
	tcase_add_test(tc, step_up_in_place);
	tcase_add_test(tc, step_up_asked_by_the_caller);
	tcase_add_test(tc, refusal_in_words);
	tcase_add_test(tc, busy_is_unknown);
	tcase_add_test(tc, malformed_answer_is_unknown);
	tcase_add_test(tc, lying_status_route_keeps_it);
	tcase_add_test(tc, too_old_is_never_sent);
	tcase_add_test(tc, ages_in_words);
	suite_add_tcase(su, tc);
	return su;
}
