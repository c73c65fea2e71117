/* controls.c: what a demo or a test drives from outside, and what the bank
 * runs as time passes.  The sandbox clock only moves forward, as a bank's
 * books cannot go back; moving it runs everything that fell due in between:
 * scheduled transfers, bills, autopay, expiring points. */
#include "config.h"

#include <string.h>

#include "handlers.h"
#include "sandbox.h"

/* Five years: far enough for any demo, short enough to stay a small loop. */
#define ADVANCE_MAX (5LL * 366 * 86400)
#define CARD_PAYMENT_MAX 10000000

int bank_run_due(sqlite3 *db, int64_t now, struct bills_news *news)
{
	int n = transfers_run_due(db, now);

	bills_run_due(db, now, news);
	rewards_expire(db, now);
	return n;
}

static json_object *clock_json(sqlite3 *db)
{
	json_object *o = json_object_new_object();
	char when[32];

	sb_rfc3339(db_now(db), when);
	json_object_object_add(o, "now", json_object_new_string(when));
	json_object_object_add(o, "offset_seconds",
			       json_object_new_int64(db_int(db, "SELECT value FROM meta WHERE key = 'clock_offset'", NULL, 0)));
	return o;
}

void clock_get(struct sb_ctx *c)
{
	sb_reply(c, 200, clock_json(c->db));
}

void clock_advance(struct sb_ctx *c)
{
	json_object *body = sb_body(c), *o;
	struct json_error err = { 0 };
	int64_t secs = 0, before;
	sqlite3_stmt *st;
	int ran;
	struct bills_news news = { 0 };

	if (!body)
		return;
	if (json_get_int64(body, NULL, "advance_seconds", 0, 0, ADVANCE_MAX, &secs, &err)) {
		sb_bad_field(c, &err);
		goto out;
	}
	/* Signed in (the demo is): the answer also says what it did to this
	 * customer's bills.  A token that is no longer good is refused before
	 * the clock moves, so the client refreshes it and asks once more (the
	 * news would otherwise be lost); no token at all is no news. */
	if (sb_header(c, "Authorization") && !auth_check(c))
		goto out;
	if (!sb_begin(c))
		goto out;
	before = db_now(c->db);
	st = db_prepare(c->db, "UPDATE meta SET value = value + ?1 WHERE key = 'clock_offset'");
	sqlite3_bind_int64(st, 1, secs);
	sqlite3_step(st);
	db_done(st);
	sb_commit(c);
	if (c->status)
		goto out;
	news.customer = c->customer;
	ran = bank_run_due(c->db, db_now(c->db), &news);
	o = clock_json(c->db);
	json_object_object_add(o, "transfers_run", json_object_new_int(ran));
	if (*c->customer) {
		/* Bills whose due day passed in the move, still unpaid. */
		st = db_prepare(c->db, "SELECT COUNT(*) FROM bills WHERE customer_id = ?1 AND status != 'paid' "
				       "AND due_at > ?2 AND due_at <= ?3");
		sqlite3_bind_text(st, 1, c->customer, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, before);
		sqlite3_bind_int64(st, 3, db_now(c->db));
		json_object_object_add(o, "bills_overdue",
				       json_object_new_int(sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0));
		db_done(st);
		json_object_object_add(o, "bills_issued", json_object_new_int(news.issued));
		json_object_object_add(o, "bills_paid", json_object_new_int(news.paid));
		json_object_object_add(o, "autopay_failed", json_object_new_int(news.failed));
	}
	sb_reply(c, 200, o);
out:
	json_object_put(body);
}

void sandbox_reset(struct sb_ctx *c)
{
	json_object *o;

	if (seed_reset(c->db)) {
		sb_problem(c, 503, "unavailable", "the bank is busy; nothing was changed, please retry", NULL);
		return;
	}
	o = clock_json(c->db);
	json_object_object_add(o, "customers", json_object_new_int64(db_int(c->db, "SELECT count(*) FROM customers", NULL, 0)));
	sb_reply(c, 200, o);
}

struct card_payment {
	const char *account, *merchant, *category;
	struct money amount;
};

static void card_pay(struct sb_ctx *c, void *arg)
{
	struct card_payment *cp = arg;
	char cur[4], mid[40], clearing[40];
	int64_t now = db_now(c->db);
	struct posting p[2];
	enum ledger_err err;
	struct money out = cp->amount;
	json_object *o;

	if (!account_owned(c->db, c->customer, cp->account, cur) ||
	    !db_int(c->db, "SELECT kind IN ('current', 'credit', 'wallet') FROM accounts WHERE id = ?1", cp->account, 0)) {
		sb_problem(c, 404, "not_found", "no such account with a card", NULL);
		return;
	}
	if (strcmp(cur, cp->amount.currency)) {
		sb_problem(c, 422, "currency_mismatch", "the amount must be in the account's currency", NULL);
		return;
	}
	db_new_id("mov", mid);
	ledger_clearing_account(cur, clearing);
	p[0] = (struct posting){ cp->account, -cp->amount.minor, cp->merchant, cp->merchant, cp->category, NULL, NULL, 0, NULL };
	p[1] = (struct posting){ clearing, cp->amount.minor, cp->merchant, cp->merchant, cp->category, NULL, NULL, 0, NULL };
	err = ledger_post(c->db, mid, "card", now, cur, p, 2);
	if (err == LEDGER_INSUFFICIENT) {
		sb_problem(c, 422, "insufficient_funds", "the card payment was declined: not enough money", NULL);
		return;
	}
	if (err) {
		sb_problem(c, 500, "server_error", "the ledger refused the movement", NULL);
		return;
	}
	rewards_earn(c->db, c->customer, now, &cp->amount, cp->category, cp->merchant);
	out.minor = -out.minor;
	notify_movement(c->db, c->customer, now, cp->account, &out, cp->merchant, cp->category, false);
	o = json_object_new_object();
	json_object_object_add(o, "movement_id", json_object_new_string(mid));
	json_object_object_add(o, "amount", json_new_money(&cp->amount));
	sb_reply(c, 201, o);
}

void sandbox_card_payment(struct sb_ctx *c)
{
	json_object *body = sb_body(c);
	struct json_error err = { 0 };
	struct card_payment cp = { 0 };

	if (!body)
		return;
	if (json_get_string(body, NULL, "account_id", 0, 40, &cp.account, &err) ||
	    json_get_string(body, NULL, "merchant", 0, 80, &cp.merchant, &err) ||
	    json_get_string(body, NULL, "category", 0, 32, &cp.category, &err) ||
	    json_get_money(body, NULL, "amount", 0, &cp.amount, &err))
		sb_bad_field(c, &err);
	else if (cp.amount.minor <= 0 || cp.amount.minor > CARD_PAYMENT_MAX)
		sb_field_problem(c, "amount.minor", "the amount must be more than zero");
	else if (!*cp.merchant || !*cp.category)
		sb_field_problem(c, *cp.merchant ? "category" : "merchant", "it must not be empty");
	else
		idem_run(c, card_pay, &cp);
	json_object_put(body);
}
