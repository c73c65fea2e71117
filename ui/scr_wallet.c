/* scr_wallet.c: the wallet: its balance, then one row for each way money
 * moves: top it up from a linked card, or withdraw to one of your accounts.
 * Enter on a row asks the amount, then the core's summary is asked about
 * (y or n) before anything is sent, as a transfer's review is; the result
 * says what happened.  The operations and their words are the core's
 * (src/wallet.h), as `bankterm wallet` uses them. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "wallet.h"

enum { T_WALLET, T_MOVE };
enum step { W_LIST, W_AMOUNT, W_SENDING };

struct wallet_state {
	struct wallet w;
	bool loaded, failed, none; /* none: this customer has no wallet */
	struct list l;      /* the cards, then the accounts money can go to */
	enum step step;
	long row;           /* the row the amount is for */
	struct field amount;
	struct money money;
	char result[600];   /* the last movement, in words, until the next one */
};

/* This screen's state, kept by the app (a->state). */
static struct wallet_state *state(struct app *a)
{
	return a->state[SCR_WALLET];
}

/* The accounts money can be withdrawn to: own ones in the wallet's currency, not the wallet. */
static const struct api_account *target_at(struct app *a, long i)
{
	struct wallet_state *st = state(a);

	for (size_t k = 0; k < a->naccounts; k++) {
		const struct api_account *acc = &a->accounts[k];
		if (!strcmp(acc->id, st->w.account_id) || strcmp(acc->currency, st->w.balance.currency))
			continue;
		if (i-- == 0)
			return acc;
	}
	return NULL;
}

static long targets(struct app *a)
{
	long n = 0;

	while (target_at(a, n))
		n++;
	return n;
}

static void enter(struct app *a)
{
	struct wallet_state *st = state(a);

	if (st->step == W_AMOUNT)
		return; /* an amount half typed stays as it was */
	st->step = W_LIST;
	st->failed = st->none = false;
	app_get(a, T_WALLET, 0, "/wallet");
}

/* Money moved: the wallet again, unless an amount is being typed. */
static void reload(struct app *a)
{
	if (state(a)->step == W_LIST)
		app_get(a, T_WALLET, 0, "/wallet");
}

/* The operation for the row and the amount typed (the core builds it). */
static bool move_op(struct app *a, struct op *op)
{
	struct wallet_state *st = state(a);
	const struct api_account *to;

	if (st->row < (long)st->w.ncards)
		return wallet_top_up_op(&st->w, &st->w.cards[st->row], &st->money, &a->c->nf, op);
	to = target_at(a, st->row - (long)st->w.ncards);
	return to && wallet_withdraw_op(&st->w, to, &st->money, &a->c->nf, op);
}

static void result(struct app *a, struct req *r)
{
	struct wallet_state *st = state(a);
	struct api_error err = { 0 };

	if (r->tag == T_WALLET) {
		if (!r->ok && r->err.status == API_ERR_PROBLEM && !strcmp(r->err.code, "not_found")) {
			st->none = true;
		} else if (!r->ok) {
			st->failed = true;
			if (r->err.transport != HTTP_ERR_CANCELLED)
				app_error(a, &r->err);
		} else if (!wallet_decode(r->doc, &st->w, &err)) {
			st->failed = true;
			app_error(a, &err);
		} else {
			st->loaded = true;
		}
		return;
	}
	st->step = W_LIST;
	if (r->ok) {
		/* L10N: after a wallet movement: what was done, in the words asked about. */
		snprintf(st->result, sizeof st->result, _("Done: %s."), r->summary);
		app_say(a, "%s", st->result);
		app_reload_accounts(a);
		app_get(a, T_WALLET, 0, "/wallet");
	} else if (r->unknown) {
		snprintf(st->result, sizeof st->result,
			 _("The bank's answer was lost (%s); bankterm will check it without paying twice."),
			 r->err.message);
		app_say(a, "%s", st->result);
	} else {
		snprintf(st->result, sizeof st->result, "%s", r->err.message);
		app_error(a, &r->err);
	}
}

static void row(struct app *a, void *ctx, long i, int y, int x, int w, bool sel)
{
	struct wallet_state *st = state(a);
	char line[400];
	(void)ctx;
	(void)sel;
	if (i < (long)st->w.ncards) {
		/* L10N: a row of the wallet screen: a linked card's label. */
		snprintf(line, sizeof line, _("Top up from %s"), st->w.cards[i].label);
	} else {
		const struct api_account *to = target_at(a, i - (long)st->w.ncards);
		/* L10N: a row of the wallet screen: an account's name. */
		snprintf(line, sizeof line, _("Withdraw to %s"), to ? to->name : "");
	}
	ui_text(y, x, w, line, 0);
}

static void draw(struct app *a, int top, int h)
{
	struct wallet_state *st = state(a);
	static const enum action hints[] = { ACT_OPEN, ACT_REFRESH, ACT_BACK };
	int y = top + 1, w = a->cols - 4, bottom = top + h, rows;
	char line[600], amount[MONEY_FMT_MAX + 16];

	app_hints(a, hints, 3);
	ui_on(a, ROLE_HEADING);
	ui_label(y++, 2, w, _("Wallet"), 0);
	ui_off(a, ROLE_HEADING);
	if (!st->loaded) {
		ui_label(y, 4, w,
			 st->none     ? _("You have no wallet at this bank.")
			 : st->failed ? _("The wallet could not be loaded (r to try again).")
				      : _("Loading…"),
			 0);
		ui_focus(a, y, 4);
		return;
	}
	app_format_money(a, &st->w.balance, 0, amount, sizeof amount);
	/* L10N: the wallet's balance (hidden in privacy mode). */
	snprintf(line, sizeof line, _("Balance: %s"), amount);
	ui_label(y++, 4, w, line, 0);
	y++;
	st->l.count = (long)st->w.ncards + targets(a);
	if (!st->l.count) {
		ui_label(y, 4, w, _("No linked card and no account to move money to."), 0);
		ui_focus(a, y, 4);
		return;
	}
	rows = bottom - y - 4;
	if (rows > st->l.count)
		rows = (int)st->l.count;
	if (rows < 1)
		rows = 1;
	list_draw(a, &st->l, y, 2, rows, w, row, NULL);
	y += rows + 1;
	if (st->step == W_AMOUNT && y < bottom) {
		int fy = y, fx;
		/* L10N: the amount asked for a wallet movement, with its currency. */
		snprintf(line, sizeof line, _("Amount (%s):"), st->w.balance.currency);
		fx = ui_field_label(fy, 2, line);
		field_draw(a, &st->amount, fy, fx, 20);
		if (fy + 1 < bottom)
			ui_label(fy + 1, 2, w, _("Enter to review, Esc to go back."), 0);
	} else if (st->step == W_SENDING && y < bottom) {
		ui_label(y, 2, w, _("Sending…"), 0);
	} else if (*st->result && y < bottom) {
		ui_wrap(y, 2, w, bottom - y, st->result);
	}
}

static bool enter_key(enum action act, const struct key *k)
{
	return act == ACT_OPEN || key_is_enter(k);
}

static int key(struct app *a, enum action act, const struct key *k)
{
	struct wallet_state *st = state(a);

	if (st->step == W_AMOUNT) {
		if (!k->is_key && k->ch == 27) {
			st->step = W_LIST;
		} else if (enter_key(act, k)) {
			enum money_err e = money_parse(st->amount.buf, st->w.balance.currency, &a->c->nf, &st->money);
			struct op op = { 0 };
			char q[700];
			if (e != MONEY_OK) {
				app_refuse(a, "%s", money_strerror(e));
			} else if (strcmp(st->money.currency, st->w.balance.currency) || st->money.minor <= 0) {
				/* L10N: %s is the wallet's currency. */
				app_refuse(a, _("The amount is in %s, more than zero."), st->w.balance.currency);
			} else if (move_op(a, &op)) {
				snprintf(q, sizeof q, _("%s?"), op.summary);
				app_confirm(a, T_MOVE, q);
			}
			op_clear(&op);
		} else if (!field_key(&st->amount, k)) {
			return R_UNHANDLED; /* F1 and the like: the shell's */
		}
		return R_REDRAW;
	}
	if (st->step == W_SENDING)
		return R_UNHANDLED;
	if (list_key(&st->l, act))
		return R_REDRAW;
	if (act == ACT_OPEN && st->loaded && st->l.count) {
		st->row = st->l.sel;
		field_clear(&st->amount);
		st->result[0] = '\0';
		st->step = W_AMOUNT;
		return R_REDRAW;
	}
	return R_UNHANDLED;
}

static void confirmed(struct app *a, int tag, bool yes)
{
	struct wallet_state *st = state(a);
	struct op op = { 0 };

	if (tag != T_MOVE)
		return;
	if (!yes) {
		st->step = W_AMOUNT;
		return;
	}
	if (move_op(a, &op)) {
		st->step = W_SENDING;
		app_op(a, T_MOVE, &op);
	}
	op_clear(&op);
}

static bool typing(struct app *a)
{
	return state(a)->step == W_AMOUNT;
}

static bool row_holds(struct app *a, long i, const char *needle)
{
	struct wallet_state *st = state(a);
	const struct api_account *to;

	if (i < (long)st->w.ncards)
		return text_contains(st->w.cards[i].label, needle);
	to = target_at(a, i - (long)st->w.ncards);
	return to && text_contains(to->name, needle);
}

static bool find(struct app *a, const char *needle)
{
	return list_find(&state(a)->l, row_holds, a, needle);
}

static void forget(void *state)
{
	struct wallet_state *st = state;

	explicit_bzero(st, sizeof *st); /* the amount typed */
}

struct screen screen_wallet = {
	.name = "wallet",
	.title = N_("Wallet"),
	.enter = enter,
	.draw = draw,
	.key = key,
	.result = result,
	.reload = reload,
	.confirmed = confirmed,
	.typing = typing,
	.find = find,
	.state_size = sizeof(struct wallet_state),
	.forget = forget,
};
