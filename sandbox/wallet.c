/* wallet.c: the customer's wallet account: topped up from a linked card (a
 * card of another bank: the money comes from outside), and emptied into one
 * of the customer's own accounts in the same currency. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "handlers.h"
#include "sandbox.h"
#include "lang.h"

#define WALLET_MAX 1000000 /* no single top-up or withdrawal above 10,000.00 */

/* The customer's wallet: its id and currency; false when they have none. */
static bool find_wallet(sqlite3 *db, const char *customer, char id[40], char currency[4])
{
	sqlite3_stmt *st = db_prepare(db, "SELECT id, currency FROM accounts WHERE customer_id = ?1 "
					  "AND kind = 'wallet' ORDER BY opened_at, id LIMIT 1");
	bool ok = false;

	sqlite3_bind_text(st, 1, customer, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(id, 40, "%s", sqlite3_column_text(st, 0));
		snprintf(currency, 4, "%s", sqlite3_column_text(st, 1));
		ok = true;
	}
	db_done(st);
	return ok;
}

/* A card's label ("Mastercard ending 4417") in the customer's language:
 * the network's name and the digits stay. */
static const char *card_label(struct sb_ctx *c, const char *label)
{
	static __thread char out[160];
	const char *end = label ? strstr(label, " ending ") : NULL;
	char network[64];
	const char *args[3] = { network, NULL, NULL };
	char *said;

	if (!end || end - label >= (ptrdiff_t)sizeof network)
		return label ? label : "";
	snprintf(network, sizeof network, "%.*s", (int)(end - label), label);
	args[1] = end + 8;
	said = lang_render(lang_pick(sb_header(c, "Accept-Language")), "{1} ending {2}", args);
	snprintf(out, sizeof out, "%s", said);
	free(said);
	return out;
}

void wallet_get(struct sb_ctx *c)
{
	char wallet[40], cur[4];
	json_object *o, *cards, *accounts;
	sqlite3_stmt *st;

	if (!find_wallet(c->db, c->customer, wallet, cur)) {
		sb_problem(c, 404, "not_found", "this customer has no wallet", NULL);
		return;
	}
	o = json_object_new_object();
	cards = json_object_new_array();
	accounts = json_object_new_array();
	json_object_object_add(o, "account_id", json_object_new_string(wallet));
	json_object_object_add(o, "balance", sb_money(db_int(c->db, "SELECT balance FROM accounts WHERE id = ?1",
							     wallet, 0), cur));
	st = db_prepare(c->db, "SELECT id, label, currency FROM cards WHERE customer_id = ?1 ORDER BY label");
	sqlite3_bind_text(st, 1, c->customer, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		json_object *e = json_object_new_object();
		json_object_object_add(e, "id", sb_column_string(st, 0));
		json_object_object_add(e, "label", json_object_new_string(card_label(c, (const char *)sqlite3_column_text(st, 1))));
		json_object_object_add(e, "currency", sb_column_string(st, 2));
		json_object_array_add(cards, e);
	}
	db_done(st);
	/* Where a withdrawal can go: own accounts in the wallet's currency. */
	st = db_prepare(c->db, "SELECT id, name FROM accounts WHERE customer_id = ?1 AND currency = ?2 "
			       "AND kind IN ('current', 'savings') ORDER BY opened_at, id");
	sqlite3_bind_text(st, 1, c->customer, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, cur, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		json_object *e = json_object_new_object();
		json_object_object_add(e, "id", sb_column_string(st, 0));
		json_object_object_add(e, "name", sb_column_string(st, 1));
		json_object_array_add(accounts, e);
	}
	db_done(st);
	json_object_object_add(o, "cards", cards);
	json_object_object_add(o, "linked_accounts", accounts);
	sb_reply(c, 200, o);
}

struct wallet_move {
	bool top_up;
	const char *source; /* a card id (top-up) or an own account id (withdrawal) */
	struct money amount;
};

static void move(struct sb_ctx *c, void *arg)
{
	struct wallet_move *w = arg;
	char wallet[40], cur[4], other[40], label[128] = "", mid[40];
	int64_t now = db_now(c->db);
	struct posting p[2];
	enum ledger_err err;
	sqlite3_stmt *st;
	json_object *o;
	struct money signed_amount = w->amount;

	if (!find_wallet(c->db, c->customer, wallet, cur)) {
		sb_problem(c, 404, "not_found", "this customer has no wallet", NULL);
		return;
	}
	if (w->top_up) {
		char card_cur[4] = "";
		st = db_prepare(c->db, "SELECT label, currency FROM cards WHERE id = ?1 AND customer_id = ?2");
		sqlite3_bind_text(st, 1, w->source, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, c->customer, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW) {
			snprintf(label, sizeof label, "%s", sqlite3_column_text(st, 0));
			snprintf(card_cur, sizeof card_cur, "%s", sqlite3_column_text(st, 1));
		}
		db_done(st);
		if (!*label) {
			sb_problem(c, 404, "not_found", "no such linked card", NULL);
			return;
		}
		if (strcmp(card_cur, cur)) {
			sb_problem(c, 422, "currency_mismatch", "the card and the wallet hold different currencies", NULL);
			return;
		}
		ledger_clearing_account(cur, other);
	} else {
		char acc_cur[4];
		if (!account_owned(c->db, c->customer, w->source, acc_cur) || !strcmp(w->source, wallet)) {
			sb_problem(c, 404, "not_found", "no such account to withdraw to", NULL);
			return;
		}
		if (strcmp(acc_cur, cur)) {
			sb_problem(c, 422, "currency_mismatch", "withdraw to an account in the wallet's currency", NULL);
			return;
		}
		snprintf(other, sizeof other, "%s", w->source);
		st = db_prepare(c->db, "SELECT name FROM accounts WHERE id = ?1");
		sqlite3_bind_text(st, 1, other, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			snprintf(label, sizeof label, "%s", sqlite3_column_text(st, 0));
		db_done(st);
	}
	if (strcmp(w->amount.currency, cur)) {
		sb_problem(c, 422, "currency_mismatch", "the amount must be in the wallet's currency", NULL);
		return;
	}
	db_new_id("mov", mid);
	if (w->top_up) {
		p[0] = (struct posting){ other, -w->amount.minor, "Wallet top-up", label, "wallet", NULL, NULL, 0, NULL };
		p[1] = (struct posting){ wallet, w->amount.minor, "Wallet top-up", label, "transfer", NULL, NULL, 0, NULL };
	} else {
		p[0] = (struct posting){ wallet, -w->amount.minor, "Wallet withdrawal", label, "transfer", NULL, NULL, 0, NULL };
		p[1] = (struct posting){ other, w->amount.minor, "Wallet withdrawal", "Wallet", "transfer", NULL, NULL, 0, NULL };
	}
	err = ledger_post(c->db, mid, w->top_up ? "top_up" : "withdrawal", now, cur, p, 2);
	if (err == LEDGER_INSUFFICIENT) {
		sb_problem(c, 422, "insufficient_funds", "the wallet does not hold that much", NULL);
		return;
	}
	if (err) {
		sb_problem(c, 500, "server_error", "the ledger refused the movement", NULL);
		return;
	}
	if (!w->top_up)
		signed_amount.minor = -signed_amount.minor;
	notify_movement(c->db, c->customer, now, wallet, &signed_amount,
			w->top_up ? "Wallet top-up" : "Wallet withdrawal", "transfer", false);
	o = json_object_new_object();
	json_object_object_add(o, "movement_id", json_object_new_string(mid));
	json_object_object_add(o, "amount", json_new_money(&w->amount));
	json_object_object_add(o, w->top_up ? "card_id" : "account_id", json_object_new_string(w->source));
	json_object_object_add(o, "wallet_balance",
			       sb_money(db_int(c->db, "SELECT balance FROM accounts WHERE id = ?1", wallet, 0), cur));
	sb_reply(c, 201, o);
}

static void wallet_request(struct sb_ctx *c, bool top_up)
{
	json_object *body = sb_body(c);
	struct json_error err = { 0 };
	struct wallet_move w = { .top_up = top_up };

	if (!body)
		return;
	if (json_get_string(body, NULL, top_up ? "card_id" : "account_id", 0, 40, &w.source, &err) ||
	    json_get_money(body, NULL, "amount", 0, &w.amount, &err))
		sb_bad_field(c, &err);
	else if (w.amount.minor <= 0 || w.amount.minor > WALLET_MAX)
		sb_field_problem(c, "amount.minor", "the amount must be more than zero and at most 10,000.00");
	else
		idem_run(c, move, &w);
	json_object_put(body);
}

void wallet_top_up(struct sb_ctx *c)
{
	wallet_request(c, true);
}

void wallet_withdraw(struct sb_ctx *c)
{
	wallet_request(c, false);
}
