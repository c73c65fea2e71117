/* bills.c: the bill operations of the core (see bills.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bills.h"
#include "i18n.h"
#include "json.h"
#include "text.h"
#include "xalloc.h"

static void copy(char *out, size_t len, const char *s)
{
	snprintf(out, len, "%s", s);
}

static bool decode_one(json_object *o, void *v, struct json_error *jerr)
{
	struct bill *out = v;
	json_object *biller = NULL;
	const char *id, *name, *status, *due;
	int autopay = 0;

	memset(out, 0, sizeof *out);
	if (json_get_string(o, "bill", "id", 0, API_ID_MAX - 1, &id, jerr) ||
	    json_get_object(o, "bill", "biller", 0, &biller, jerr) ||
	    json_get_string(biller, "bill.biller", "name", 0, API_NAME_MAX - 1, &name, jerr) ||
	    json_get_string(o, "bill", "status", 0, sizeof out->status - 1, &status, jerr) ||
	    json_get_string(o, "bill", "due_date", 0, sizeof out->due_date - 1, &due, jerr) ||
	    json_get_money(o, "bill", "amount", 0, &out->amount, jerr) ||
	    json_get_bool(o, "bill", "autopay", 0, &autopay, jerr))
		return false;
	copy(out->id, sizeof out->id, id);
	copy(out->biller, sizeof out->biller, name);
	copy(out->status, sizeof out->status, status);
	copy(out->due_date, sizeof out->due_date, due);
	out->autopay = autopay;
	return true;
}

bool bills_decode_one(json_object *o, struct bill *out, struct api_error *err)
{
	struct json_error jerr = { 0 };

	if (decode_one(o, out, &jerr))
		return true;
	/* L10N: what was being read, in "the bank's answer about %s cannot be read". */
	op_decode_error(&jerr, _("the bills"), err);
	return false;
}

bool bills_decode(json_object *doc, struct bill **out, size_t *n, struct api_error *err)
{
	return op_decode_items(doc, sizeof **out, decode_one, (void **)out, n, _("the bills"), err);
}

bool bills_open(const struct bill *b)
{
	return !strcmp(b->status, "due") || !strcmp(b->status, "overdue");
}

bool bills_find(const struct bill *list, size_t n, const char *typed, size_t *index, char *msg, size_t msglen)
{
	struct op_named *names = xcalloc(n + 1, sizeof *names);
	bool found;

	for (size_t i = 0; i < n; i++)
		names[i] = (struct op_named){ list[i].id, list[i].biller, bills_open(&list[i]) };
	found = op_find_said(typed, names, n, index,
			     /* L10N: %s is what the person typed; then the command that lists the bills. */
			     _("no bill has the ID or biller '%s' (see '%s bills')"),
			     /* L10N: %s is what was typed; the list is each bill as "biller (ID)". */
			     _("several bills are from '%s': %s; give the ID"), msg, msglen);
	free(names);
	return found;
}

bool bills_pay_op(const struct bill *b, const struct api_account *from, const struct numfmt *nf, struct op *op)
{
	json_object *body = json_object_new_object();
	char amount[MONEY_FMT_MAX];

	op_clear(op);
	if (!op_set(op, "POST", "/bills/%s/payments", b->id)) {
		json_object_put(body);
		return false;
	}
	json_object_object_add(body, "account_id", json_object_new_string(from->id));
	op_body(op, body);
	op_money(&b->amount, nf, amount, sizeof amount);
	/* L10N: the payment as confirmed: the amount, the biller, the due day, the account paid from. */
	snprintf(op->summary, sizeof op->summary, _("Pay %s to %s (due %s) from %s"), amount, b->biller, b->due_date,
		 from->name);
	op->moves_money = true;
	return true;
}

bool bills_autopay_op(const struct bill *b, bool on, const struct api_account *from, struct op *op)
{
	json_object *body = json_object_new_object();

	op_clear(op);
	if (!op_set(op, "PUT", "/bills/%s/autopay", b->id)) {
		json_object_put(body);
		return false;
	}
	json_object_object_add(body, "enabled", json_object_new_boolean(on));
	if (from)
		json_object_object_add(body, "account_id", json_object_new_string(from->id));
	op_body(op, body);
	if (on && from)
		/* L10N: the biller, then the account autopay pays from. */
		snprintf(op->summary, sizeof op->summary, _("Pay %s automatically from %s"), b->biller, from->name);
	else
		/* L10N: the biller. */
		snprintf(op->summary, sizeof op->summary, on ? _("Pay %s automatically") : _("Stop paying %s automatically"),
			 b->biller);
	return true;
}

bool bills_autopay_pays(const struct bill *b, bool on)
{
	return on && !b->autopay && !strcmp(b->status, "overdue");
}

void bills_autopay_pay_summary(const struct bill *b, const struct api_account *from, const struct numfmt *nf,
			       char *out, size_t len)
{
	char amount[MONEY_FMT_MAX];

	op_money(&b->amount, nf, amount, sizeof amount);
	/* L10N: autopay switched on for an overdue bill: the biller, the amount, the due day, the account. */
	snprintf(out, len, _("%s is overdue: pay %s (due %s) from %s now, and pay it automatically from then on"),
		 b->biller, amount, b->due_date, from->name);
}
