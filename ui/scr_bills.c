/* scr_bills.c: bills due, soonest first; overdue said in words; pay one
 * (from an account in its currency, after a question that names both), and
 * autopay on or off. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bills.h"
#include "tui.h"
#include "view.h"

enum { T_LIST, T_PAY, T_AUTOPAY, T_AUTOPAY_PAY };

static const struct view_column bill_cols[] = {
	{ "id", V_TEXT, "", false },       { "biller.name", V_TEXT, "", false }, { "biller.category", V_TEXT, "", false },
	{ "amount", V_MONEY, "", false },  { "due_date", V_TEXT, "", false },    { "status", V_TEXT, "", false },
	{ "autopay", V_BOOL, "", false },
};

struct bills_state {
	json_object *doc;
	bool failed;
	struct list l;
	bool picking;           /* choosing the account to pay from */
	struct list pick;
	size_t choices[16];
	int nchoices;
	size_t from;
	bool rated_once;        /* feedback is asked after the first payment of a run */
	bool for_autopay;       /* the account picked pays an overdue bill autopay was switched on for */
	bool autopay_after;     /* once the payment is in, autopay goes on from st->from */
	struct bill autopay_bill;
	/* What a question asked about, copied when asked: a refresh of the list
	 * while it is open must not change which bill, or which account, a yes pays. */
	struct bill asked;
	struct api_account asked_from;
};

/* This screen's state, kept by the app (a->state). */
static struct bills_state *state(struct app *a)
{
	return a->state[SCR_BILLS];
}

static json_object *bill_at(struct bills_state *st, long i)
{
	return jat(jarr(st->doc, "items"), i);
}

static void enter(struct app *a)
{
	struct bills_state *st = state(a);

	st->picking = false;
	st->failed = false;
	app_get(a, T_LIST, 0, "/bills?status=open");
}

/* Money moved (autopay, a payment elsewhere): the list again, unless an account is being picked. */
static void reload(struct app *a)
{
	if (!state(a)->picking)
		app_get(a, T_LIST, 0, "/bills?status=open");
}

static void result(struct app *a, struct req *r)
{
	struct bills_state *st = state(a);

	switch (r->tag) {
	case T_LIST:
		if (!ui_accept(a, r, bill_cols, 7, N_("the bills"), "items", &st->doc)) {
			st->failed = true;
			return;
		}
		st->l.count = (long)json_object_array_length(jarr(st->doc, "items"));
		list_clamp(&st->l);
		break;
	case T_PAY:
		/* The payment of the bill autopay was asked for (its id is in the path):
		 * paid, autopay goes on from the account that paid; refused, it stays off. */
		if (st->autopay_after && r->path && strstr(r->path, st->autopay_bill.id)) {
			st->autopay_after = false;
			if (r->ok) {
				struct op op = { 0 };
				if (bills_autopay_op(&st->autopay_bill, true, &st->asked_from, &op))
					app_op(a, T_AUTOPAY, &op);
				op_clear(&op);
			}
		}
		if (r->ok) {
			char lead[200];
			/* L10N: %s is the bill's biller. */
			snprintf(lead, sizeof lead, _("Paid: %s."), jstr(r->doc, "biller.name"));
			/* Asked once a run: the question holds the keys until answered or skipped. */
			if (!st->rated_once) {
				st->rated_once = true;
				app_ask_rating(a, "bill_payment", lead);
			} else {
				app_say(a, "%s", lead);
			}
			app_reload_accounts(a);
			app_get(a, T_LIST, 0, "/bills?status=open");
		} else if (r->unknown) {
			app_say(a, _("The bank's answer was lost (%s); bankterm will check it without paying twice."),
				r->err.message);
		} else {
			app_error(a, &r->err);
		}
		break;
	case T_AUTOPAY:
		if (r->ok) {
			app_say(a, jbool(r->doc, "autopay") ? _("Autopay is on for %s.") : _("Autopay is off for %s."),
				jstr(r->doc, "biller.name"));
			app_get(a, T_LIST, 0, "/bills?status=open");
		} else {
			app_error(a, &r->err);
		}
		break;
	}
}

static void bill_row(struct app *a, void *ctx, long i, int y, int x, int w, bool sel)
{
	struct bills_state *st = state(a);
	json_object *b = bill_at(st, i);
	struct money m;
	const char *status;
	char day[UI_DAY_MAX];
	int dw = ui_day_width(), sw, aw, mw = w < 70 ? 11 : 18;
	const char *on, *off;
	(void)ctx;
	(void)sel;
	if (!b)
		return;
	jmoney(b, "amount", &m);
	status = jstr(b, "status");
	/* The state's column is as wide as its longest word in this language. */
	sw = text_width(_("OVERDUE")) > text_width(_("due")) ? text_width(_("OVERDUE")) : text_width(_("due"));
	/* Autopay on and off in words for a screen reader: "[x]" and "[ ]" sound alike. */
	on = a->reader ? _("autopay on") : _("[x] auto");
	off = a->reader ? _("autopay off") : _("[ ] auto");
	aw = text_width(on) > text_width(off) ? text_width(on) : text_width(off);
	ui_day(jstr(b, "due_date"), day);
	ui_text(y, x, dw, day, 0);
	ui_name(y, x + dw + 1, w - dw - 1 - mw - 1 - sw - 1 - aw - 1, jstr(b, "biller.name"));
	ui_money(a, y, x + w - aw - sw - 2 - mw, mw, &m, 0);
	/* State in words: overdue, due, and autopay. */
	if (!strcmp(status, "overdue"))
		ui_on(a, ROLE_WARNING);
	ui_label(y, x + w - aw - sw - 1, sw, !strcmp(status, "overdue") ? _("OVERDUE") : _("due"), 0);
	ui_off(a, ROLE_WARNING);
	ui_label(y, x + w - aw, aw, jbool(b, "autopay") ? on : off, 0);
}

static void pick_row(struct app *a, void *ctx, long i, int y, int x, int w, bool sel)
{
	struct bills_state *st = state(a);
	const struct api_account *acc = &a->accounts[st->choices[i]];
	(void)ctx;
	(void)sel;
	ui_name(y, x, w - 22, acc->name);
	ui_money(a, y, x + w - 20, 20, &acc->available, 0);
}

static void draw(struct app *a, int top, int h)
{
	struct bills_state *st = state(a);
	static const enum action hints[] = { ACT_PAY, ACT_AUTOPAY, ACT_ASK, ACT_REFRESH, ACT_BACK };
	int y = top + 1, w = a->cols - 4, bottom = top + h;

	app_hints(a, hints, 5);
	ui_on(a, ROLE_HEADING);
	ui_label(y++, 2, w, _("Bills due"), 0);
	ui_off(a, ROLE_HEADING);
	if (!st->doc) {
		if (st->failed)
			ui_label(y, 4, w, _("The bills could not be loaded (r to try again)."), 0);
		else
			ui_loading(a, y, 4);
		ui_focus(a, y, 4);
		return;
	}
	st->l.count = (long)json_object_array_length(jarr(st->doc, "items"));
	if (!st->l.count) {
		ui_label(y, 4, w, _("No bills are due."), 0);
		ui_focus(a, y, 4);
		return;
	}
	if (st->picking) {
		int n = st->l.count < bottom - y - 6 ? (int)st->l.count : bottom - y - 6;
		list_draw(a, &st->l, y, 2, n > 1 ? n : 1, w, bill_row, NULL);
		y += (n > 1 ? n : 1) + 1;
		ui_label(y++, 2, w, _("Pay from which account? (Enter choose, Esc back)"), 0);
		st->pick.count = st->nchoices;
		list_draw(a, &st->pick, y, 2, bottom - y, w, pick_row, NULL);
		return;
	}
	list_draw(a, &st->l, y, 2, bottom - y, w, bill_row, NULL);
}

/* The selected bill as the core knows it; false when the row is not one. */
static bool selected_bill(struct app *a, struct bill *out)
{
	struct bills_state *st = state(a);
	json_object *b = bill_at(st, st->l.sel);
	struct api_error err;

	return b && bills_decode_one(b, out, &err);
}

static void ask_pay(struct app *a)
{
	struct bills_state *st = state(a);
	const struct api_account *acc = &a->accounts[st->from];
	struct bill bill;
	struct op op = { 0 };
	char q[700], masked[64];

	if (!selected_bill(a, &bill) || !bills_pay_op(&bill, acc, &a->c->nf, &op))
		return;
	st->asked = bill;
	st->asked_from = *acc;
	ui_account_number(a, acc->iban, masked, sizeof masked);
	/* L10N: the question before paying a bill: the payment in words ("Pay 85.00 USD to ... from
	 * Everyday"), then the account's masked number. */
	snprintf(q, sizeof q, _("%s (%s)?"), op.summary, masked);
	op_clear(&op);
	app_confirm(a, T_PAY, q);
}

/* Autopay on for an overdue bill: asked as the payment it is. */
static void ask_autopay_pay(struct app *a)
{
	struct bills_state *st = state(a);
	const struct api_account *acc = &a->accounts[st->from];
	char q[800], summary[600], masked[64];

	if (!selected_bill(a, &st->autopay_bill))
		return;
	st->asked_from = *acc;
	bills_autopay_pay_summary(&st->autopay_bill, acc, &a->c->nf, summary, sizeof summary);
	ui_account_number(a, acc->iban, masked, sizeof masked);
	snprintf(q, sizeof q, _("%s (%s)?"), summary, masked);
	app_confirm(a, T_AUTOPAY_PAY, q);
}

/* The accounts that can pay an amount (its currency; not the wallet), into st->choices. */
static void find_payers(struct app *a, const struct money *amount)
{
	struct bills_state *st = state(a);

	st->nchoices = 0;
	for (size_t i = 0; i < a->naccounts && st->nchoices < 16; i++)
		if (!strcmp(a->accounts[i].available.currency, amount->currency) && strcmp(a->accounts[i].kind, "wallet"))
			st->choices[st->nchoices++] = i;
}

/* The question for the account chosen: a payment, or autopay on for an overdue bill. */
static void ask_chosen(struct app *a)
{
	if (state(a)->for_autopay)
		ask_autopay_pay(a);
	else
		ask_pay(a);
}

/* Who pays an amount: said when no account can; asked at once when one can;
 * otherwise the accounts that can are offered to pick from. */
static void choose_payer(struct app *a, const struct money *amount, bool for_autopay)
{
	struct bills_state *st = state(a);

	find_payers(a, amount);
	if (!st->nchoices) {
		/* L10N: %s is a currency code. */
		app_refuse(a, _("No account in %s to pay it from."), amount->currency);
		return;
	}
	st->for_autopay = for_autopay;
	if (st->nchoices == 1) {
		st->from = st->choices[0];
		ask_chosen(a);
	} else {
		st->picking = true;
		st->pick = (struct list){ 0 };
	}
}

static int key(struct app *a, enum action act, const struct key *k)
{
	struct bills_state *st = state(a);
	json_object *b;

	if (st->picking) {
		if (list_key(&st->pick, act))
			return R_REDRAW;
		if (!k->is_key && k->ch == 27) {
			st->picking = false;
			return R_REDRAW;
		}
		if (act == ACT_OPEN || act == ACT_PAY) {
			st->from = st->choices[st->pick.sel];
			st->picking = false;
			ask_chosen(a);
			return R_REDRAW;
		}
		return R_UNHANDLED;
	}
	if (list_key(&st->l, act))
		return R_REDRAW;
	b = bill_at(st, st->l.sel);
	switch (act) {
	case ACT_PAY:
	case ACT_OPEN: {
		struct money m;
		if (!b)
			return R_UNHANDLED;
		jmoney(b, "amount", &m);
		choose_payer(a, &m, false);
		return R_REDRAW;
	}
	case ACT_ASK: {
		/* "Ask the bank about this": a conversation about the selected bill. */
		struct bill bill;
		char words[300], subject[200], day[UI_DAY_MAX], amount[MONEY_FMT_MAX + 16];
		if (!selected_bill(a, &bill))
			return R_UNHANDLED;
		ui_day(bill.due_date, day);
		app_format_money(a, &bill.amount, 0, amount, sizeof amount);
		/* L10N: what a conversation is about: a bill's biller, its amount and the day it is due. */
		snprintf(words, sizeof words, _("the bill from %1$s, %2$s, due %3$s"), bill.biller, amount, day);
		/* L10N: the subject written for a conversation about a bill; %s is the biller. */
		snprintf(subject, sizeof subject, _("Question about a bill: %s"), bill.biller);
		support_ask_about(a, bill.id, words, subject);
		return R_REDRAW;
	}
	case ACT_AUTOPAY: {
		struct bill bill;
		struct op op = { 0 };
		if (!selected_bill(a, &bill))
			return R_UNHANDLED;
		/* On for an overdue bill is a payment: asked as one, from an account chosen. */
		if (bills_autopay_pays(&bill, !bill.autopay)) {
			choose_payer(a, &bill.amount, true);
			return R_REDRAW;
		}
		/* Turned on: autopay pays from the first account that could pay it now. */
		find_payers(a, &bill.amount);
		if (bills_autopay_op(&bill, !bill.autopay,
				     !bill.autopay && st->nchoices ? &a->accounts[st->choices[0]] : NULL, &op))
			app_op(a, T_AUTOPAY, &op);
		op_clear(&op);
		return R_REDRAW;
	}
	default:
		return R_UNHANDLED;
	}
}

static void confirmed(struct app *a, int tag, bool yes)
{
	struct bills_state *st = state(a);
	struct op op = { 0 };

	if (tag == T_AUTOPAY_PAY) {
		if (!yes) {
			/* L10N: autopay for an overdue bill was not confirmed. */
			app_say(a, "%s", _("Autopay is unchanged, and the bill is not paid."));
		} else if (bills_pay_op(&st->autopay_bill, &st->asked_from, &a->c->nf, &op)) {
			st->autopay_after = true;
			app_op(a, T_PAY, &op);
			app_say(a, "%s", _("Paying…"));
		}
		op_clear(&op);
		return;
	}
	if (tag != T_PAY || !yes)
		return;
	/* The bill and account the question named, not the row selected now. */
	if (bills_pay_op(&st->asked, &st->asked_from, &a->c->nf, &op)) {
		app_op(a, T_PAY, &op);
		app_say(a, "%s", _("Paying…"));
	}
	op_clear(&op);
}

static bool bill_holds(struct app *a, long i, const char *needle)
{
	struct bills_state *st = state(a);

	return ui_json_holds(a, jat(jarr(st->doc, "items"), i), needle);
}

static bool find(struct app *a, const char *needle)
{
	struct bills_state *st = state(a);

	/* While an account is being picked, the bills are not what is shown. */
	return !st->picking && list_find(&st->l, bill_holds, a, needle);
}

static void forget(void *state)
{
	struct bills_state *st = state;

	json_object_put(st->doc);
}

struct screen screen_bills = {
	.name = "bills",
	.title = N_("Bills"),
	.enter = enter,
	.draw = draw,
	.key = key,
	.result = result,
	.reload = reload,
	.confirmed = confirmed,
	.find = find,
	.state_size = sizeof(struct bills_state),
	.forget = forget,
};
