/* api.c: decoding the bank's answers into typed structs, and its errors into
 * sentences.  Every decoder is strict (see json.h) and names the field that
 * was wrong; nothing here trusts the server's text for display: callers
 * sanitize strings before they reach a terminal. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "i18n.h"
#include "json.h"
#include "text.h"
#include "xalloc.h"

/* The bank's stable codes, in the words the customer reads. */
static const struct {
	const char *code;
	const char *text;
} problems[] = {
	{ "invalid_request", N_("the bank did not accept the request") },
	{ "unauthorized", N_("you are not signed in, or your session has ended: sign in again") },
	{ "mfa_required", N_("a one-time code from your authenticator app is needed") },
	{ "forbidden", N_("the bank does not allow this") },
	{ "not_found", N_("the bank has no such thing for you") },
	{ "method_not_allowed", N_("the bank does not offer this here") },
	{ "insufficient_funds", N_("there is not enough money in the account") },
	{ "limit_exceeded", N_("this is above your daily limit") },
	{ "step_up_required", N_("please confirm this with a one-time code from your authenticator app") },
	{ "step_up_failed", N_("the one-time code is not valid") },
	{ "code_used", N_("that code was used already: wait for the next one in your authenticator app") },
	{ "idempotency_conflict", N_("this request clashes with an earlier one under the same key") },
	{ "idempotency_key_required", N_("the request lacked its idempotency key") },
	{ "rate_limited", N_("too many attempts: please wait a few minutes and try again") },
	{ "payload_too_large", N_("the request is too large") },
	{ "currency_mismatch", N_("the currencies do not match: a conversion quote is needed") },
	{ "not_cancellable", N_("this transfer can no longer be cancelled") },
	{ "already_exists", N_("this exists already") },
	{ "payee_in_use", N_("transfers to this payee are still scheduled: cancel them first") },
	{ "name_mismatch", N_("the payee's name does not match the account's holder: the bank goes on only after you are warned") },
	{ "quote_expired", N_("the exchange quote has expired or was used: get a new one") },
	{ "insufficient_points", N_("you do not have enough points for this") },
	{ "already_paid", N_("this bill is paid already") },
	{ "thread_closed", N_("this conversation is closed: start a new one with 'support new'") },
	{ "customers_only", N_("this login is the bank's support staff: it has no banking of its own (use 'bankterm staff')") },
	{ "idempotency_key_unknown", N_("the bank never received this request") },
	{ "server_error", N_("the bank had an internal error") },
	{ "unavailable", N_("the bank is busy: nothing was changed, please try again") },
};

const char *api_problem_text(const char *code)
{
	for (size_t i = 0; i < sizeof problems / sizeof problems[0]; i++)
		if (!strcmp(problems[i].code, code))
			return _(problems[i].text);
	return _("the bank refused the request");
}

void api_error_decode(struct api_error *err, const char *what, const char *detail)
{
	err->status = API_ERR_DECODE;
	/* L10N: the first %s is what was being read ("the accounts"), the second what was wrong. */
	snprintf(err->message, sizeof err->message, _("the bank's answer about %s cannot be read: %s"), what,
		 detail);
}

void api_error_from_response(const struct http_response *rs, struct api_error *err)
{
	json_object *o = NULL;
	struct json_error jerr = { 0 };
	const char *code = NULL, *field = NULL, *challenge = NULL;

	memset(err, 0, sizeof *err);
	err->status = API_ERR_PROBLEM;
	err->http_status = rs->status;
	if (json_parse(rs->body, rs->len, 64 * 1024, &o, &jerr) == JSON_OK &&
	    json_object_is_type(o, json_type_object) &&
	    json_get_string(o, NULL, "code", 0, sizeof err->code - 1, &code, &jerr) == JSON_OK) {
		snprintf(err->code, sizeof err->code, "%s", code);
		if (json_get_string(o, NULL, "field", JSON_OPTIONAL, sizeof err->field - 1, &field, &jerr) == JSON_OK && field)
			snprintf(err->field, sizeof err->field, "%s", field);
		if (json_get_string(o, NULL, "challenge", JSON_OPTIONAL, sizeof err->challenge - 1, &challenge,
				    &jerr) == JSON_OK && challenge)
			snprintf(err->challenge, sizeof err->challenge, "%s", challenge);
	}
	json_object_put(o);
	if (!*err->code) {
		/* Not a problem document: say what the status means. */
		snprintf(err->code, sizeof err->code, "%s",
			 rs->status == 401 ? "unauthorized" : rs->status == 404 ? "not_found"
			 : rs->status == 429 ? "rate_limited" : rs->status >= 500 ? "server_error" : "");
	}
	if (*err->field)
		/* L10N: %s is a sentence such as "the bank did not accept the request"; the second %s the field name. */
		snprintf(err->message, sizeof err->message, _("%s (the field '%s')"), api_problem_text(err->code),
			 err->field);
	else
		snprintf(err->message, sizeof err->message, "%s", api_problem_text(err->code));
}

bool api_parse(const struct http_response *rs, json_object **out, struct api_error *err)
{
	struct json_error jerr = { 0 };
	char msg[256];

	*out = NULL;
	if (json_parse(rs->body, rs->len, JSON_MAX_BYTES, out, &jerr) != JSON_OK ||
	    !json_object_is_type(*out, json_type_object)) {
		json_object_put(*out);
		*out = NULL;
		if (jerr.code == JSON_OK)
			jerr.code = JSON_ERR_TYPE;
		json_error_message(&jerr, msg, sizeof msg);
		memset(err, 0, sizeof *err);
		api_error_decode(err, _("the request"), msg);
		return false;
	}
	return true;
}

/* Copies a string field into a fixed buffer, failing when it does not fit. */
static enum json_err copy_string(json_object *o, const char *prefix, const char *name, unsigned flags,
				 char *out, size_t outlen, struct json_error *jerr)
{
	const char *s = NULL;
	enum json_err rc = json_get_string(o, prefix, name, flags, outlen - 1, &s, jerr);

	if (rc == JSON_OK && s)
		snprintf(out, outlen, "%s", s);
	return rc;
}

static bool fail(struct api_error *err, const char *what, const struct json_error *jerr)
{
	char msg[256];

	json_error_message(jerr, msg, sizeof msg);
	memset(err, 0, sizeof *err);
	api_error_decode(err, what, msg);
	return false;
}

bool api_decode_tokens(json_object *o, struct api_tokens *out, struct api_error *err)
{
	struct json_error jerr = { 0 };
	const char *access = NULL, *refresh = NULL;

	memset(out, 0, sizeof *out);
	if (json_get_string(o, NULL, "access_token", 0, 512, &access, &jerr) ||
	    json_get_string(o, NULL, "refresh_token", 0, 512, &refresh, &jerr) ||
	    json_get_int64(o, NULL, "expires_in", 0, 1, INT32_MAX, &out->expires_in, &jerr))
		return fail(err, _("the sign-in"), &jerr);
	out->access = xstrdup(access);
	out->refresh = xstrdup(refresh);
	return true;
}

void api_tokens_clear(struct api_tokens *t)
{
	if (t->access)
		xfree_secret(t->access, strlen(t->access));
	if (t->refresh)
		xfree_secret(t->refresh, strlen(t->refresh));
	t->access = t->refresh = NULL;
}

bool api_decode_profile(json_object *o, struct api_profile *out, struct api_error *err)
{
	struct json_error jerr = { 0 };
	json_object *prefs = NULL;
	int mfa = 0;

	memset(out, 0, sizeof *out);
	if (copy_string(o, NULL, "id", 0, out->id, sizeof out->id, &jerr) ||
	    copy_string(o, NULL, "username", 0, out->username, sizeof out->username, &jerr) ||
	    copy_string(o, NULL, "display_name", 0, out->display_name, sizeof out->display_name, &jerr) ||
	    copy_string(o, NULL, "email", 0, out->email, sizeof out->email, &jerr) ||
	    copy_string(o, NULL, "tier", 0, out->tier, sizeof out->tier, &jerr) ||
	    json_get_bool(o, NULL, "mfa_enrolled", 0, &mfa, &jerr) ||
	    json_get_object(o, NULL, "preferences", 0, &prefs, &jerr) ||
	    copy_string(prefs, "preferences", "locale", 0, out->locale, sizeof out->locale, &jerr))
		return fail(err, _("your profile"), &jerr);
	out->mfa_enrolled = mfa;
	return true;
}

bool api_decode_account(json_object *o, const char *prefix, struct api_account *out, struct api_error *err)
{
	struct json_error jerr = { 0 };

	memset(out, 0, sizeof *out);
	if (copy_string(o, prefix, "id", 0, out->id, sizeof out->id, &jerr) ||
	    copy_string(o, prefix, "kind", 0, out->kind, sizeof out->kind, &jerr) ||
	    copy_string(o, prefix, "name", 0, out->name, sizeof out->name, &jerr) ||
	    copy_string(o, prefix, "currency", 0, out->currency, sizeof out->currency, &jerr) ||
	    copy_string(o, prefix, "iban", JSON_OPTIONAL, out->iban, sizeof out->iban, &jerr) ||
	    json_get_money(o, prefix, "booked_balance", 0, &out->booked, &jerr) ||
	    json_get_money(o, prefix, "available_balance", 0, &out->available, &jerr))
		return fail(err, _("the accounts"), &jerr);
	if (strcmp(out->booked.currency, out->currency) || strcmp(out->available.currency, out->currency)) {
		memset(err, 0, sizeof *err);
		api_error_decode(err, _("the accounts"), _("a balance is in another currency than its account"));
		return false;
	}
	return true;
}

bool api_decode_accounts(json_object *o, struct api_account **out, size_t *n, struct api_error *err)
{
	struct json_error jerr = { 0 };
	json_object *items = NULL;
	size_t len;

	*out = NULL;
	*n = 0;
	if (json_get_array(o, NULL, "items", 0, &items, &jerr))
		return fail(err, _("the accounts"), &jerr);
	len = json_object_array_length(items);
	*out = xcalloc(len ? len : 1, sizeof **out);
	for (size_t i = 0; i < len; i++) {
		json_object *a = json_object_array_get_idx(items, i);
		char prefix[32];
		snprintf(prefix, sizeof prefix, "items[%zu]", i);
		if (!json_object_is_type(a, json_type_object)) {
			jerr.code = JSON_ERR_TYPE;
			snprintf(jerr.field, sizeof jerr.field, "%s", prefix);
			free(*out);
			*out = NULL;
			return fail(err, _("the accounts"), &jerr);
		}
		if (!api_decode_account(a, prefix, &(*out)[i], err)) {
			free(*out);
			*out = NULL;
			return false;
		}
	}
	*n = len;
	return true;
}

bool api_decode_payee(json_object *o, const char *prefix, struct api_payee *out, struct api_error *err)
{
	struct json_error jerr = { 0 };
	const char *check = NULL;
	int warned = 0;

	memset(out, 0, sizeof *out);
	if (!json_object_is_type(o, json_type_object)) {
		jerr.code = JSON_ERR_TYPE;
		snprintf(jerr.field, sizeof jerr.field, "%s", prefix ? prefix : "");
		return fail(err, _("the payees"), &jerr);
	}
	if (copy_string(o, prefix, "id", 0, out->id, sizeof out->id, &jerr) ||
	    copy_string(o, prefix, "name", 0, out->name, sizeof out->name, &jerr) ||
	    copy_string(o, prefix, "iban", 0, out->iban, sizeof out->iban, &jerr) ||
	    copy_string(o, prefix, "currency", 0, out->currency, sizeof out->currency, &jerr) ||
	    json_get_string(o, prefix, "vop_outcome", JSON_OPTIONAL, 16, &check, &jerr) ||
	    json_get_bool(o, prefix, "vop_warned", JSON_OPTIONAL, &warned, &jerr))
		return fail(err, _("the payees"), &jerr);
	if (check && !api_payee_check_parse(check, &out->check)) {
		jerr.code = JSON_ERR_RANGE;
		snprintf(jerr.field, sizeof jerr.field, "%s%svop_outcome", prefix ? prefix : "", prefix ? "." : "");
		return fail(err, _("the payees"), &jerr);
	}
	out->warned = warned;
	return true;
}

bool api_payee_check_parse(const char *code, enum payee_check *out)
{
	static const char *const codes[] = { "match", "close_match", "no_match", "not_possible" };

	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
		if (code && !strcmp(code, codes[i])) {
			*out = (enum payee_check)(PAYEE_MATCH + i);
			return true;
		}
	return false;
}

bool api_decode_payees(json_object *o, struct api_payee **out, size_t *n, struct api_error *err)
{
	struct json_error jerr = { 0 };
	json_object *items = NULL;
	size_t len;

	*out = NULL;
	*n = 0;
	if (json_get_array(o, NULL, "items", 0, &items, &jerr))
		return fail(err, _("the payees"), &jerr);
	len = json_object_array_length(items);
	*out = xcalloc(len ? len : 1, sizeof **out);
	for (size_t i = 0; i < len; i++) {
		char prefix[32];
		snprintf(prefix, sizeof prefix, "items[%zu]", i);
		if (!api_decode_payee(json_object_array_get_idx(items, i), prefix, &(*out)[i], err)) {
			free(*out);
			*out = NULL;
			return false;
		}
	}
	*n = len;
	return true;
}

bool api_decode_quote(json_object *o, struct api_quote *out, struct api_error *err)
{
	struct json_error jerr = { 0 };

	memset(out, 0, sizeof *out);
	if (copy_string(o, NULL, "id", 0, out->id, sizeof out->id, &jerr) ||
	    json_get_money(o, NULL, "sell", 0, &out->sell, &jerr) ||
	    json_get_money(o, NULL, "buy", 0, &out->buy, &jerr) ||
	    json_get_money(o, NULL, "fee", 0, &out->fee, &jerr) ||
	    copy_string(o, NULL, "rate", 0, out->rate, sizeof out->rate, &jerr) ||
	    copy_string(o, NULL, "expires_at", 0, out->expires_at, sizeof out->expires_at, &jerr))
		return fail(err, _("the exchange quote"), &jerr);
	if (strcmp(out->fee.currency, out->sell.currency) || out->buy.minor <= 0 || out->sell.minor <= 0) {
		memset(err, 0, sizeof *err);
		api_error_decode(err, _("the exchange quote"), _("its amounts do not add up"));
		return false;
	}
	return true;
}

bool api_decode_transfer(json_object *o, struct api_transfer *out, struct api_error *err)
{
	struct json_error jerr = { 0 };

	memset(out, 0, sizeof *out);
	if (copy_string(o, NULL, "id", 0, out->id, sizeof out->id, &jerr) ||
	    copy_string(o, NULL, "status", 0, out->status, sizeof out->status, &jerr) ||
	    json_get_money(o, NULL, "amount", 0, &out->amount, &jerr) ||
	    copy_string(o, NULL, "next_run", JSON_OPTIONAL, out->next_run, sizeof out->next_run, &jerr) ||
	    copy_string(o, NULL, "recurrence", JSON_OPTIONAL, out->recurrence, sizeof out->recurrence, &jerr))
		return fail(err, _("the transfer"), &jerr);
	out->credit = out->amount;
	if (json_get_money(o, NULL, "credit_amount", JSON_OPTIONAL, &out->credit, &jerr))
		return fail(err, _("the transfer"), &jerr);
	return true;
}
