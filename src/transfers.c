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
	if (money_format(&t->amount, nf, MONEY_FMT_CODE, amount, sizeof amount) != MONEY_OK)
		snprintf(amount, sizeof amount, "%s", t->amount.currency);
	/* L10N: cancelling a scheduled transfer: the amount, where it goes, its next day, and its rule ("every month"). */
	snprintf(op->summary, sizeof op->summary, _("Cancel the transfer of %s to %s, next on %.10s (%s)"), amount,
		 dest, t->next_run, transfers_rule(t));
	return op_set(op, "DELETE", "/transfers/%s", t->id);
}
