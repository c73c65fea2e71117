/* pay.c: the exactly-once protocol (see pay.h): intents written before
 * sending, one classification of every answer, and settling a lost answer
 * by asking the bank, never by sending again unasked. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "json.h"
#include "pay.h"
#include "text.h"
#include "xalloc.h"

enum pay_outcome pay_classify(bool ok, const struct api_error *err)
{
	if (ok)
		return PAY_DONE;
	switch (err->status) {
	case API_ERR_TRANSPORT:
		/* Even a failed connect may follow an attempt that arrived: http retries. */
		return PAY_UNKNOWN;
	case API_ERR_DECODE:
		/* A 2xx was carried out even if its body cannot be read; anything
		 * else unreadable says nothing sure either. */
		return PAY_UNKNOWN;
	case API_ERR_PROBLEM:
	default:
		/* 5xx (and 408) are not final: the bank may have done it, or may not.
		 * Every other problem is the bank's refusal, before any effect. */
		if (err->http_status >= 500 || err->http_status == 408 || !strcmp(err->code, "unavailable") ||
		    !strcmp(err->code, "server_error"))
			return PAY_UNKNOWN;
		return PAY_REFUSED;
	}
}

static bool write_down(struct session *s, const struct pay_request *rq, struct intent *in, struct api_error *err)
{
	char msg[512];

	memset(in, 0, sizeof *in);
	snprintf(in->key, sizeof in->key, "%s", rq->key);
	snprintf(in->server, sizeof in->server, "%s", s->server);
	snprintf(in->user, sizeof in->user, "%s", s->user);
	snprintf(in->method, sizeof in->method, "%s", rq->method);
	snprintf(in->path, sizeof in->path, "%s", rq->path);
	snprintf(in->summary, sizeof in->summary, "%s", rq->summary ? rq->summary : "");
	in->body = (char *)(rq->body ? rq->body : "{}");
	if (strlen(rq->path) >= sizeof in->path) {
		/* A path cut short would be another request when it is settled. */
		snprintf(msg, sizeof msg, "%s", _("the request is too long to be written down safely"));
	} else if (intent_save(in, msg, sizeof msg)) {
		return true;
	}
	memset(err, 0, sizeof *err);
	err->status = API_ERR_PROBLEM;
	snprintf(err->message, sizeof err->message, "%s", msg);
	return false;
}

enum pay_outcome pay_send(struct session *s, const struct session_prompt *p, struct pay_request *rq,
			  json_object **out, struct api_error *err)
{
	struct intent in;
	struct http_request hr = { rq->method, rq->path, rq->body, NULL, NULL, rq->challenge, rq->code, 0 };
	enum pay_outcome o;

	if (out)
		*out = NULL;
	/* Nothing leaves before it is written down: a crash then leaves an intent, never a mystery. */
	if (!write_down(s, rq, &in, err))
		return PAY_REFUSED;
	snprintf(rq->key, sizeof rq->key, "%s", in.key);
	hr.idempotency_key = in.key;
	o = pay_classify(session_call(s, &hr, p, out, err), err);
	if (o != PAY_UNKNOWN)
		intent_forget(&in);
	return o;
}

void pay_age_text(long long seconds, char *out, size_t len)
{
	long long n;

	if (seconds < 0)
		seconds = 0;
	if (seconds < 3600) {
		n = seconds < 60 ? 1 : seconds / 60;
		/* L10N: how long ago a payment was confirmed. */
		snprintf(out, len, ngettext("%lld minute ago", "%lld minutes ago", (unsigned long)n), n);
	} else if (seconds < 2 * 86400) {
		n = seconds / 3600;
		snprintf(out, len, ngettext("%lld hour ago", "%lld hours ago", (unsigned long)n), n);
	} else {
		n = seconds / 86400;
		snprintf(out, len, ngettext("%lld day ago", "%lld days ago", (unsigned long)n), n);
	}
}

/* What the bank kept of a request: the status it answered, and its body. */
static bool decode_status(json_object *o, long *status, json_object **response, struct api_error *err)
{
	struct json_error jerr = { 0 };
	int64_t st = 0;
	char msg[256];

	if (json_get_int64(o, NULL, "status", 0, 100, 599, &st, &jerr) == JSON_OK &&
	    json_get_object(o, NULL, "response", 0, response, &jerr) == JSON_OK) {
		*status = (long)st;
		return true;
	}
	json_error_message(&jerr, msg, sizeof msg);
	memset(err, 0, sizeof *err);
	/* L10N: what was being read, in "the bank's answer about %s cannot be read". */
	api_error_decode(err, _("an earlier request"), msg);
	return false;
}

/* The reason a kept 4xx answer gives, in words. */
static void refusal_text(json_object *response, long status, char *out, size_t len)
{
	struct http_response rs = { 0 };
	struct api_error e;
	const char *text = json_object_to_json_string_ext(response, JSON_C_TO_STRING_PLAIN);

	rs.status = status;
	rs.body = (char *)text;
	rs.len = strlen(text);
	api_error_from_response(&rs, &e);
	snprintf(out, len, "%s", e.message);
}

enum pay_verdict pay_check(struct session *s, const struct intent *in, long long now, char *msg, size_t msglen)
{
	char path[128], age[64], why[512];
	char *summary = text_sanitize(in->summary, strlen(in->summary), 0);
	struct http_request hr = { "GET", path, NULL, NULL, NULL, NULL, NULL, 0 };
	struct api_error err = { 0 };
	json_object *o = NULL, *response = NULL;
	enum pay_verdict v;
	long status = 0;

	pay_age_text(now - in->created_at, age, sizeof age);
	if (now - in->created_at > (long long)PAY_KEY_DAYS * 86400) {
		/* The bank may have forgotten the key: sending it again could pay twice. */
		snprintf(msg, msglen,
			 /* L10N: the first %s is how long ago ("8 days ago"), the second the payment as confirmed. */
			 _("a payment from %s whose outcome was lost can no longer be checked: %s. It will not be "
			   "sent again; look for it in the account's history"),
			 age, summary);
		intent_forget(in);
		v = PAY_TOO_OLD;
		goto out;
	}
	/* The key is a UUID (intent.c checks it on load), so it is a safe path segment. */
	snprintf(path, sizeof path, "/idempotency-keys/%s", in->key);
	if (session_call(s, &hr, NULL, &o, &err) && decode_status(o, &status, &response, &err)) {
		if (status >= 200 && status <= 299) {
			/* L10N: %s is the payment as it was confirmed ("Send 25.00 USD from ..."). */
			snprintf(msg, msglen, _("a payment whose outcome was unknown went through: %s"), summary);
			v = PAY_WENT_THROUGH;
		} else {
			refusal_text(response, status, why, sizeof why);
			/* L10N: the first %s is the payment, the second why it was not made. */
			snprintf(msg, msglen, _("a payment whose outcome was unknown was not made: %s (%s)"), summary,
				 why);
			v = PAY_NOT_MADE;
		}
		intent_forget(in);
	} else if (err.status == API_ERR_PROBLEM && !strcmp(err.code, "idempotency_key_unknown")) {
		/* L10N: the first %s is how long ago ("3 hours ago"), the second the payment as confirmed. */
		snprintf(msg, msglen, _("a payment from %s never reached the bank, so it was not made: %s"), age,
			 summary);
		v = PAY_NEVER_RECEIVED;
	} else {
		/* Signed out, offline, or a bank that cannot say: keep it and ask again later. */
		snprintf(msg, msglen,
			 /* L10N: the first %s is the payment, the second why the bank could not be asked. */
			 _("the outcome of a payment is still unknown: %s (%s); it will be checked again"), summary,
			 err.message);
		v = PAY_STILL_UNKNOWN;
	}
out:
	json_object_put(o);
	free(summary);
	return v;
}

enum pay_outcome pay_resend(struct session *s, const struct session_prompt *p, const struct intent *in,
			    json_object **out, struct api_error *err)
{
	struct http_request hr = { in->method, in->path, in->body, NULL, in->key, NULL, NULL, 0 };
	enum pay_outcome o = pay_classify(session_call(s, &hr, p, out, err), err);

	if (o != PAY_UNKNOWN)
		intent_forget(in);
	return o;
}

void pay_drop(const struct intent *in)
{
	intent_forget(in);
}
