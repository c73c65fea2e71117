/* transfers.c: scheduled transfers in the core (see transfers.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "json.h"
#include "text.h"
#include "transfers.h"
#include "xalloc.h"

/* Never a table: no headers. */
const struct view_column transfers_json_cols[TRANSFERS_JSON_NCOLS] = {
	{ "id", V_TEXT, NULL, false },
	{ "status", V_TEXT, NULL, false },
	{ "from_account", V_TEXT, NULL, false },
	{ "to_account", V_TEXT, NULL, true },
	{ "payee_id", V_TEXT, NULL, true },
	{ "amount", V_MONEY, NULL, false },
	{ "credit_amount", V_MONEY, NULL, true },
	{ "quote_id", V_TEXT, NULL, true },
	{ "reference", V_TEXT, NULL, true },
	{ "created_at", V_TIME, NULL, false },
	{ "next_run", V_TIME, NULL, true },
	{ "recurrence", V_TEXT, NULL, true },
	{ "runs", V_INT, NULL, true },
};

static bool decode_one(json_object *o, struct scheduled *t, struct json_error *jerr)
{
	const char *id, *from, *to = NULL, *payee = NULL, *next = NULL, *rule = NULL, *ref = NULL;

	memset(t, 0, sizeof *t);
	if (json_get_string(o, "transfers", "id", 0, API_ID_MAX - 1, &id, jerr) ||
	    json_get_string(o, "transfers", "from_account", 0, API_ID_MAX - 1, &from, jerr) ||
	    json_get_string(o, "transfers", "to_account", JSON_OPTIONAL, API_ID_MAX - 1, &to, jerr) ||
	    json_get_string(o, "transfers", "payee_id", JSON_OPTIONAL, API_ID_MAX - 1, &payee, jerr) ||
	    json_get_string(o, "transfers", "next_run", 0, sizeof t->next_run - 1, &next, jerr) ||
	    json_get_string(o, "transfers", "recurrence", JSON_OPTIONAL, sizeof t->recurrence - 1, &rule, jerr) ||
	    json_get_string(o, "transfers", "reference", JSON_OPTIONAL, API_TEXT_MAX - 1, &ref, jerr) ||
	    json_get_money(o, "transfers", "amount", 0, &t->amount, jerr))
		return false;
	if (!to == !payee) {
		jerr->code = JSON_ERR_MISSING;
		snprintf(jerr->field, sizeof jerr->field, "transfers.to_account");
		return false;
	}
	snprintf(t->id, sizeof t->id, "%s", id);
	snprintf(t->from_account, sizeof t->from_account, "%s", from);
	snprintf(t->to_account, sizeof t->to_account, "%s", to ? to : "");
	snprintf(t->payee_id, sizeof t->payee_id, "%s", payee ? payee : "");
	snprintf(t->next_run, sizeof t->next_run, "%s", next);
	snprintf(t->recurrence, sizeof t->recurrence, "%s", rule ? rule : "");
	snprintf(t->reference, sizeof t->reference, "%s", ref ? ref : "");
	return true;
}

static int by_next_run(const void *a, const void *b)
{
	const struct scheduled *x = a, *y = b;
	int c = strcmp(x->next_run, y->next_run);

	return c ? c : strcmp(x->id, y->id);
}

bool transfers_decode_scheduled(json_object *doc, struct scheduled **out, size_t *n, struct api_error *err)
{
	struct json_error jerr = { 0 };
	json_object *items = NULL;
	size_t len;
	char msg[256];

	*out = NULL;
	*n = 0;
	if (json_get_array(doc, NULL, "items", 0, &items, &jerr))
		goto bad;
	len = json_object_array_length(items);
	*out = xcalloc(len + 1, sizeof **out);
	for (size_t i = 0; i < len; i++) {
		json_object *o = json_object_array_get_idx(items, i);
		const char *status;
		if (json_get_string(o, "transfers", "status", 0, 31, &status, &jerr))
			goto bad;
		if (strcmp(status, "scheduled"))
			continue;
		if (!decode_one(o, &(*out)[*n], &jerr))
			goto bad;
		(*n)++;
	}
	/* RFC 3339 in UTC sorts as text. */
	qsort(*out, *n, sizeof **out, by_next_run);
	return true;
bad:
	free(*out);
	*out = NULL;
	*n = 0;
	json_error_message(&jerr, msg, sizeof msg);
	memset(err, 0, sizeof *err);
	/* L10N: what was being read, in "the bank's answer about %s cannot be read". */
	api_error_decode(err, _("the scheduled transfers"), msg);
	return false;
}

void transfers_destination(const struct scheduled *t, const struct api_account *accounts, size_t naccounts,
			   const struct api_payee *payees, size_t npayees, char *out, size_t len)
{
	for (size_t i = 0; *t->to_account && i < naccounts; i++)
		if (!strcmp(accounts[i].id, t->to_account)) {
			snprintf(out, len, "%s", accounts[i].name);
			return;
		}
	for (size_t i = 0; *t->payee_id && i < npayees; i++)
		if (!strcmp(payees[i].id, t->payee_id)) {
			snprintf(out, len, "%s", payees[i].name);
			return;
		}
	snprintf(out, len, "%s", *t->to_account ? t->to_account : t->payee_id);
}

const char *transfers_rule(const struct scheduled *t)
{
	if (!strcmp(t->recurrence, "weekly"))
		return _("every week");
	if (!strcmp(t->recurrence, "monthly"))
		return _("every month");
	return _("once");
}

bool transfers_find(const struct scheduled *list, size_t n, const char *typed, size_t *index, char *msg,
		    size_t msglen)
{
	size_t len = strlen(typed), hits = 0;
	char *safe = text_sanitize(typed, len, 0);

	for (size_t i = 0; i < n; i++) {
		if (!strcmp(list[i].id, typed)) {
			*index = i;
			free(safe);
			return true;
		}
		if (len >= 8 && !strncmp(list[i].id, typed, len) && !hits++)
			*index = i;
	}
	if (hits != 1)
		snprintf(msg, msglen,
			 hits ? _("several scheduled transfers start with '%s': give more of the ID")
			      /* L10N: %s is what was typed; then the command that lists them. */
			      : _("no scheduled transfer has the ID '%s' (see '%s transfers')"),
			 safe, PACKAGE);
	free(safe);
	return hits == 1;
}

bool transfers_cancel_op(const struct scheduled *t, const char *dest, const struct numfmt *nf, struct op *op)
{
	char amount[MONEY_FMT_MAX];

	op_clear(op);
	op_money(&t->amount, nf, amount, sizeof amount);
	/* L10N: cancelling a scheduled transfer: the amount, where it goes, its next day, and its rule ("every month"). */
	snprintf(op->summary, sizeof op->summary, _("Cancel the transfer of %s to %s, next on %.10s (%s)"), amount,
		 dest, t->next_run, transfers_rule(t));
	if (*t->reference && strlen(op->summary) < sizeof op->summary)
		snprintf(op->summary + strlen(op->summary), sizeof op->summary - strlen(op->summary),
			 _(", reference \"%s\""), t->reference);
	return op_set(op, "DELETE", "/transfers/%s", t->id);
}

bool transfers_create_op(const struct transfer_request *t, const struct numfmt *nf, struct op *op)
{
	json_object *body = json_object_new_object();
	const char *first = t->date && *t->date ? t->date : _("today");
	char amount[MONEY_FMT_MAX], when[160];
	size_t used;

	op_clear(op);
	json_object_object_add(body, "from_account", json_object_new_string(t->from->id));
	json_object_object_add(body, t->to_payee ? "payee_id" : "to_account", json_object_new_string(t->to_id));
	json_object_object_add(body, "amount", json_new_money(&t->amount));
	if (t->reference && *t->reference)
		json_object_object_add(body, "reference", json_object_new_string(t->reference));
	if (t->when != TRANSFER_NOW && t->date && *t->date)
		json_object_object_add(body, "execute_on", json_object_new_string(t->date));
	if (t->when == TRANSFER_WEEKLY || t->when == TRANSFER_MONTHLY)
		json_object_object_add(body, "recurrence",
				       json_object_new_string(t->when == TRANSFER_WEEKLY ? "weekly" : "monthly"));
	if (t->quote)
		json_object_object_add(body, "quote_id", json_object_new_string(t->quote->id));
	if (t->to_payee && t->vop_check && *t->vop_check)
		json_object_object_add(body, "vop_check", json_object_new_string(t->vop_check));
	if (t->to_payee && t->vop_warned)
		json_object_object_add(body, "vop_warned", json_object_new_boolean(1));
	op_set(op, "POST", "/transfers");
	op_body(op, body);
	op->moves_money = true;

	switch (t->when) {
	case TRANSFER_ON:
		/* L10N: when a scheduled transfer runs. */
		snprintf(when, sizeof when, _("on %s"), t->date);
		break;
	case TRANSFER_WEEKLY:
		snprintf(when, sizeof when, _("every week from %s"), first);
		break;
	case TRANSFER_MONTHLY:
		snprintf(when, sizeof when, _("every month from %s"), first);
		break;
	case TRANSFER_NOW:
	default:
		snprintf(when, sizeof when, "%s", _("now"));
		break;
	}
	op_money(&t->amount, nf, amount, sizeof amount);
	if (t->quote) {
		char buy[MONEY_FMT_MAX], fee[MONEY_FMT_MAX];
		op_money(&t->quote->buy, nf, buy, sizeof buy);
		op_money(&t->quote->fee, nf, fee, sizeof fee);
		/* L10N: Send AMOUNT from ACCOUNT to NAME, which receives AMOUNT (rate R, fee F), WHEN. */
		snprintf(op->summary, sizeof op->summary, _("Send %s from %s to %s, which receives %s (rate %s, fee %s), %s"),
			 amount, t->from->name, t->to_name, buy, t->quote->rate, fee, when);
	} else {
		/* L10N: Send AMOUNT from ACCOUNT to NAME, WHEN ("now", "on 2026-12-01", ...). */
		snprintf(op->summary, sizeof op->summary, _("Send %s from %s to %s, %s"), amount, t->from->name, t->to_name,
			 when);
	}
	used = strlen(op->summary);
	if (t->reference && *t->reference && used < sizeof op->summary)
		snprintf(op->summary + used, sizeof op->summary - used, _(", reference \"%s\""), t->reference);
	used = strlen(op->summary);
	/* Said in the review, and kept with the payment's intent. */
	if (t->to_payee && t->vop == PAYEE_NO_MATCH && used < sizeof op->summary)
		/* L10N: added to a payment's summary when the payee's name did not match its account. */
		snprintf(op->summary + used, sizeof op->summary - used, "%s",
			 _(", although the name does not match the account's holder"));
	return true;
}

bool transfers_affordable(const struct api_account *from, const struct money *amount, const struct numfmt *nf,
			  bool privacy, char *msg, size_t msglen)
{
	char avail[MONEY_FMT_MAX];

	if (strcmp(from->available.currency, amount->currency) || amount->minor <= from->available.minor)
		return true;
	op_money(&from->available, nf, avail, sizeof avail);
	if (privacy)
		/* L10N: the account's name; no amount is shown in privacy mode. */
		snprintf(msg, msglen, _("there is not enough money in %s for this"), from->name);
	else
		/* L10N: the account's name, then what is available in it. */
		snprintf(msg, msglen, _("there is not enough money in %s: %s is available"), from->name, avail);
	return false;
}

bool transfers_quote_op(const struct money *sell, const char *buy_currency, struct op *op)
{
	json_object *body = json_object_new_object();

	op_clear(op);
	json_object_object_add(body, "sell", json_new_money(sell));
	json_object_object_add(body, "buy_currency", json_object_new_string(buy_currency));
	op_set(op, "POST", "/fx/quotes");
	op_body(op, body);
	/* L10N: the currency sold, then the currency bought. */
	snprintf(op->summary, sizeof op->summary, _("An exchange quote from %s to %s"), sell->currency, buy_currency);
	return true;
}
