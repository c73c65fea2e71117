/* bills.c: billers, the bills they send each month, paying them by hand or
 * by autopay.  As the sandbox clock passes a bill's issue day the next bill
 * arrives; three days before it is due the customer is reminded; on the due
 * day autopay pays it (or says why it could not). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "handlers.h"
#include "sandbox.h"
#include "lang.h"
#include "xalloc.h"

#define DAY 86400
#define DUE_AFTER (14 * DAY)
#define REMIND_BEFORE (3 * DAY)

static const struct {
	const char *id, *name, *category, *currency;
} billers[] = {
	{ "bil_coned", "Con Edison", "utilities", "USD" },
	{ "bil_verizon", "Verizon Wireless", "utilities", "USD" },
	{ "bil_geico", "GEICO Insurance", "insurance", "USD" },
	{ "bil_nyc_water", "NYC Water Board", "utilities", "USD" },
	{ "bil_wasser", "Stadtwerke Wasser", "utilities", "EUR" },
	{ "bil_strom", "Stromversorger Nord", "utilities", "EUR" },
	{ "bil_telefonica", "Telefonica", "utilities", "EUR" },
	{ "bil_kabel", "Kabel Netz", "utilities", "EUR" },
	{ "bil_office", "Harbor Office Lets", "housing", "USD" },
	{ "bil_clp", "CLP Power", "utilities", "HKD" },
	{ "bil_hkbn", "HKBN Broadband", "utilities", "HKD" },
	{ "bil_octopus", "Octopus Energy", "utilities", "GBP" },
};

void bills_seed_billers(sqlite3 *db)
{
	sqlite3_stmt *st = db_prepare(db, "INSERT OR IGNORE INTO billers VALUES (?1, ?2, ?3, ?4)");

	for (size_t i = 0; i < sizeof billers / sizeof billers[0]; i++) {
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, billers[i].id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, billers[i].name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, billers[i].category, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, billers[i].currency, -1, SQLITE_STATIC);
		sqlite3_step(st);
	}
	db_done(st);
}

void bills_subscribe(sqlite3 *db, const char *customer, const char *biller, const char *account,
		     int64_t lo, int64_t hi, int64_t first_issue, bool autopay)
{
	sqlite3_stmt *st = db_prepare(db, "INSERT INTO subscriptions VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");

	sqlite3_bind_text(st, 1, customer, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, biller, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, account, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, lo);
	sqlite3_bind_int64(st, 5, hi);
	sqlite3_bind_int64(st, 6, first_issue);
	sqlite3_bind_int(st, 7, autopay);
	sqlite3_step(st);
	db_done(st);
}

static int64_t add_month(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	tm.tm_mon++;
	if (tm.tm_mday > 28)
		tm.tm_mday = 28; /* every month has the 28th */
	return (int64_t)timegm(&tm);
}

/* Issues every bill whose issue day has come, each subscription once a month. */
/* Whether news is about customer. */
static bool news_for(const struct bills_news *news, const char *customer)
{
	return news && news->customer && *news->customer && customer && !strcmp(news->customer, customer);
}

static int issue(sqlite3 *db, int64_t now, struct bills_news *news)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT s.customer_id, s.biller_id, s.lo, s.hi, s.next_issue, "
					  "b.currency, b.name FROM subscriptions s JOIN billers b ON "
					  "b.id = s.biller_id WHERE s.next_issue <= ?1");
	sqlite3_stmt *ins = db_prepare(db, "INSERT INTO bills (id, customer_id, biller_id, amount, "
					   "currency, issued_at, due_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	sqlite3_stmt *upd = db_prepare(db, "UPDATE subscriptions SET next_issue = ?3 WHERE "
					   "customer_id = ?1 AND biller_id = ?2");
	int n = 0;

	sqlite3_bind_int64(st, 1, now);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t lo = sqlite3_column_int64(st, 2), hi = sqlite3_column_int64(st, 3);
		int64_t at = sqlite3_column_int64(st, 4);
		char id[40];
		struct money m;

		/* Months missed by a clock jump each get their bill. */
		for (; at <= now && n < 10000; at = add_month(at), n++) {
			/* The amount varies from month to month, the same on every run. */
			uint64_t h = 1469598103934665603ULL ^ (uint64_t)at;
			for (const unsigned char *p = sqlite3_column_text(st, 1); *p; p++)
				h = (h ^ *p) * 1099511628211ULL;
			db_new_id("bill", id);
			m.minor = lo + (hi > lo ? (int64_t)(h % (uint64_t)(hi - lo + 1)) : 0);
			snprintf(m.currency, sizeof m.currency, "%s", sqlite3_column_text(st, 5));
			sqlite3_reset(ins);
			sqlite3_bind_text(ins, 1, id, -1, SQLITE_STATIC);
			sqlite3_bind_text(ins, 2, (const char *)sqlite3_column_text(st, 0), -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(ins, 3, (const char *)sqlite3_column_text(st, 1), -1, SQLITE_TRANSIENT);
			sqlite3_bind_int64(ins, 4, m.minor);
			sqlite3_bind_text(ins, 5, m.currency, -1, SQLITE_STATIC);
			sqlite3_bind_int64(ins, 6, at);
			sqlite3_bind_int64(ins, 7, at + DUE_AFTER);
			sqlite3_step(ins);
			{
				const char *args[2] = { (const char *)sqlite3_column_text(st, 6), NULL };
				notify(db, (const char *)sqlite3_column_text(st, 0), at, "bill_issued", "New bill",
				       "A new bill from {1} has arrived.", args, &m, id);
			}
			if (news_for(news, (const char *)sqlite3_column_text(st, 0)))
				news->issued++;
		}
		sqlite3_reset(upd);
		sqlite3_bind_text(upd, 1, (const char *)sqlite3_column_text(st, 0), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(upd, 2, (const char *)sqlite3_column_text(st, 1), -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(upd, 3, at);
		sqlite3_step(upd);
	}
	db_done(st);
	db_done(ins);
	db_done(upd);
	return n;
}

enum pay_result { PAY_OK, PAY_NOT_FOUND, PAY_PAID, PAY_ACCOUNT, PAY_CURRENCY, PAY_FUNDS, PAY_DB };

/* Pays a bill of the customer from one of their accounts, at `at`. */
static enum pay_result pay(sqlite3 *db, const char *customer, const char *bill, const char *account,
			   int64_t at)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT b.amount, b.currency, b.status, r.name, r.category "
					  "FROM bills b JOIN billers r ON r.id = b.biller_id "
					  "WHERE b.id = ?1 AND b.customer_id = ?2");
	char status[16] = "", name[128] = "", category[32] = "", cur[4], mid[40], clearing[40];
	struct money m = { 0, "" };
	struct posting p[2];
	enum ledger_err err;

	sqlite3_bind_text(st, 1, bill, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, customer, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		m.minor = sqlite3_column_int64(st, 0);
		snprintf(m.currency, sizeof m.currency, "%s", sqlite3_column_text(st, 1));
		snprintf(status, sizeof status, "%s", sqlite3_column_text(st, 2));
		snprintf(name, sizeof name, "%s", sqlite3_column_text(st, 3));
		snprintf(category, sizeof category, "%s", sqlite3_column_text(st, 4));
	}
	db_done(st);
	if (!*status)
		return PAY_NOT_FOUND;
	if (!strcmp(status, "paid"))
		return PAY_PAID;
	if (!account_owned(db, customer, account, cur))
		return PAY_ACCOUNT;
	if (strcmp(cur, m.currency))
		return PAY_CURRENCY;
	db_new_id("mov", mid);
	ledger_clearing_account(m.currency, clearing);
	p[0] = (struct posting){ account, -m.minor, name, name, category, NULL, NULL, 0, NULL };
	p[1] = (struct posting){ clearing, m.minor, name, name, category, NULL, NULL, 0, NULL };
	err = ledger_post(db, mid, "bill", at, m.currency, p, 2);
	if (err)
		return err == LEDGER_INSUFFICIENT ? PAY_FUNDS : PAY_DB;
	st = db_prepare(db, "UPDATE bills SET status = 'paid', paid_at = ?2, movement_id = ?3 WHERE id = ?1");
	sqlite3_bind_text(st, 1, bill, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, at);
	sqlite3_bind_text(st, 3, mid, -1, SQLITE_STATIC);
	sqlite3_step(st);
	db_done(st);
	rewards_earn(db, customer, at, &m, category, name);
	m.minor = -m.minor;
	notify_movement(db, customer, at, account, &m, name, category, false);
	return PAY_OK;
}

/* Reminders for bills due within three days, and autopay for those due now. */
static int remind_and_autopay(sqlite3 *db, int64_t now, struct bills_news *news)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT b.id, b.customer_id, b.amount, b.currency, r.name, "
					  "b.due_at, b.reminded, s.autopay, s.account_id FROM bills b "
					  "JOIN billers r ON r.id = b.biller_id JOIN subscriptions s ON "
					  "s.customer_id = b.customer_id AND s.biller_id = b.biller_id "
					  "WHERE b.status = 'due' AND b.autopay_failed = 0 AND b.due_at <= ?1 + ?2 "
					  "ORDER BY b.due_at LIMIT 1000");
	struct todo {
		char id[40], customer[40], account[40], name[128];
		struct money m;
		int64_t due;
		bool remind, autopay;
	} *list = NULL;
	size_t n = 0;
	int done = 0;

	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, REMIND_BEFORE);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct todo *t;
		list = xrealloc(list, (n + 1) * sizeof *list);
		t = &list[n++];
		snprintf(t->id, sizeof t->id, "%s", sqlite3_column_text(st, 0));
		snprintf(t->customer, sizeof t->customer, "%s", sqlite3_column_text(st, 1));
		t->m.minor = sqlite3_column_int64(st, 2);
		snprintf(t->m.currency, sizeof t->m.currency, "%s", sqlite3_column_text(st, 3));
		snprintf(t->name, sizeof t->name, "%s", sqlite3_column_text(st, 4));
		t->due = sqlite3_column_int64(st, 5);
		t->remind = !sqlite3_column_int(st, 6);
		t->autopay = sqlite3_column_int(st, 7) && t->due <= now;
		snprintf(t->account, sizeof t->account, "%s", sqlite3_column_text(st, 8));
	}
	db_done(st);
	for (size_t i = 0; i < n; i++) {
		struct todo *t = &list[i];
		char body[256];
		if (t->remind && !t->autopay) {
			char day[16];
			time_t due = (time_t)t->due;
			struct tm tm;
			gmtime_r(&due, &tm);
			strftime(day, sizeof day, LANG_DAY "%Y-%m-%d", &tm);
			const char *args[4] = { t->name, body, day, NULL };
			lang_money_arg(&t->m, body, sizeof body);
			/* What, how much and when: a reminder is read away from the bill. */
			if (t->due <= now)
				notify(db, t->customer, now, "bill_due", "Bill overdue",
				       "Your bill from {1} for {2} was due on {3} and is not paid.", args, &t->m, t->id);
			else
				notify(db, t->customer, now, "bill_due", "Bill due soon", "Your bill from {1} for {2} is due on {3}.",
				       args, &t->m, t->id);
			st = db_prepare(db, "UPDATE bills SET reminded = 1 WHERE id = ?1");
			sqlite3_bind_text(st, 1, t->id, -1, SQLITE_STATIC);
			sqlite3_step(st);
			db_done(st);
		}
		if (t->autopay) {
			enum pay_result r = pay(db, t->customer, t->id, t->account, t->due);
			if (news_for(news, t->customer)) {
				if (r == PAY_OK)
					news->paid++;
				else
					news->failed++;
			}
			if (r != PAY_OK) {
				const char *args[2] = { t->name, NULL };
				notify(db, t->customer, now, "autopay_failed", "Autopay failed",
				       r == PAY_FUNDS ? "Autopay could not pay your bill from {1}: not enough money in the account."
						      : "Autopay could not pay your bill from {1}: the account cannot pay it.",
				       args, &t->m, t->id);
				st = db_prepare(db, "UPDATE bills SET autopay_failed = 1 WHERE id = ?1");
				sqlite3_bind_text(st, 1, t->id, -1, SQLITE_STATIC);
				sqlite3_step(st);
				db_done(st);
			}
			done++;
		}
	}
	free(list);
	return done;
}

int bills_run_due(sqlite3 *db, int64_t now, struct bills_news *news)
{
	int n;

	if (!(db = db_begin()))
		return 0;
	n = issue(db, now, news);
	n += remind_and_autopay(db, now, news);
	if (db_commit(db)) {
		db_rollback(db);
		return 0;
	}
	return n;
}

#define BILL_SELECT                                                                            \
	"SELECT b.id, b.biller_id, r.name, r.category, b.amount, b.currency, b.issued_at, "   \
	"b.due_at, b.status, b.paid_at, b.movement_id, s.autopay, s.account_id FROM bills b " \
	"JOIN billers r ON r.id = b.biller_id LEFT JOIN subscriptions s ON "                   \
	"s.customer_id = b.customer_id AND s.biller_id = b.biller_id "

static json_object *bill_json(sqlite3_stmt *st, int64_t now)
{
	json_object *o = json_object_new_object(), *biller = json_object_new_object();
	const char *status = (const char *)sqlite3_column_text(st, 8);
	time_t due = (time_t)sqlite3_column_int64(st, 7);
	struct tm tm;
	char day[16];

	gmtime_r(&due, &tm);
	strftime(day, sizeof day, "%Y-%m-%d", &tm);
	json_object_object_add(o, "id", sb_column_string(st, 0));
	json_object_object_add(biller, "id", sb_column_string(st, 1));
	json_object_object_add(biller, "name", sb_column_string(st, 2));
	json_object_object_add(biller, "category", sb_column_string(st, 3));
	json_object_object_add(o, "biller", biller);
	json_object_object_add(o, "amount", sb_money(sqlite3_column_int64(st, 4),
						     (const char *)sqlite3_column_text(st, 5)));
	json_object_object_add(o, "issued_at", sb_column_time(st, 6));
	json_object_object_add(o, "due_date", json_object_new_string(day));
	/* Overdue: unpaid after the end of its due day. */
	json_object_object_add(o, "status", json_object_new_string(
		!strcmp(status, "due") && (int64_t)due + DAY <= now ? "overdue" : status));
	json_object_object_add(o, "paid_at", sb_column_time(st, 9));
	json_object_object_add(o, "movement_id", sb_column_string(st, 10));
	json_object_object_add(o, "autopay", json_object_new_boolean(sqlite3_column_int(st, 11)));
	json_object_object_add(o, "autopay_account", sb_column_string(st, 12));
	return o;
}

static bool reply_bill(struct sb_ctx *c, unsigned status, const char *id)
{
	sqlite3_stmt *st = db_prepare(c->db, BILL_SELECT "WHERE b.id = ?1 AND b.customer_id = ?2");
	bool found = false;

	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->customer, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		sb_reply(c, status, bill_json(st, db_now(c->db)));
		found = true;
	}
	db_done(st);
	return found;
}

void billers_list(struct sb_ctx *c)
{
	sqlite3_stmt *st = db_prepare(c->db, "SELECT id, name, category, currency FROM billers ORDER BY name");
	json_object *items = json_object_new_array(), *o = json_object_new_object();

	while (sqlite3_step(st) == SQLITE_ROW) {
		json_object *b = json_object_new_object();
		json_object_object_add(b, "id", sb_column_string(st, 0));
		json_object_object_add(b, "name", sb_column_string(st, 1));
		json_object_object_add(b, "category", sb_column_string(st, 2));
		json_object_object_add(b, "currency", sb_column_string(st, 3));
		json_object_array_add(items, b);
	}
	db_done(st);
	json_object_object_add(o, "items", items);
	sb_reply(c, 200, o);
}

void bills_list(struct sb_ctx *c)
{
	const char *status = sb_query(c, "status");
	json_object *items = json_object_new_array(), *o = json_object_new_object();
	sqlite3_stmt *st;
	int64_t now = db_now(c->db);

	if (!status)
		status = "open";
	if (strcmp(status, "open") && strcmp(status, "paid") && strcmp(status, "all")) {
		json_object_put(items);
		json_object_put(o);
		sb_field_problem(c, "status", "status is open, paid or all");
		return;
	}
	/* Open bills soonest due first; paid ones most recent first. */
	st = db_prepare(c->db, !strcmp(status, "open")
				       ? BILL_SELECT "WHERE b.customer_id = ?1 AND b.status = 'due' ORDER BY b.due_at, b.id"
			       : !strcmp(status, "paid")
				       ? BILL_SELECT "WHERE b.customer_id = ?1 AND b.status = 'paid' "
						     "ORDER BY b.due_at DESC, b.id LIMIT 200"
				       : BILL_SELECT "WHERE b.customer_id = ?1 ORDER BY b.due_at DESC, b.id LIMIT 200");
	sqlite3_bind_text(st, 1, c->customer, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW)
		json_object_array_add(items, bill_json(st, now));
	db_done(st);
	json_object_object_add(o, "items", items);
	sb_reply(c, 200, o);
}

static void do_pay(struct sb_ctx *c, void *arg)
{
	const char *account = arg;

	switch (pay(c->db, c->customer, c->params[0], account, db_now(c->db))) {
	case PAY_OK:
		if (!reply_bill(c, 201, c->params[0]))
			sb_problem(c, 500, "server_error", "the bill was lost", NULL);
		break;
	case PAY_NOT_FOUND:
		sb_problem(c, 404, "not_found", "no such bill", NULL);
		break;
	case PAY_PAID:
		sb_problem(c, 409, "already_paid", "this bill is paid already", NULL);
		break;
	case PAY_ACCOUNT:
		sb_problem(c, 404, "not_found", "no such account to pay from", NULL);
		break;
	case PAY_CURRENCY:
		sb_problem(c, 422, "currency_mismatch", "pay a bill from an account in its currency", NULL);
		break;
	case PAY_FUNDS:
		sb_problem(c, 422, "insufficient_funds", "the account does not have enough money for this bill",
			   NULL);
		break;
	case PAY_DB:
		sb_problem(c, 500, "server_error", "the ledger refused the payment", NULL);
		break;
	}
}

void bills_pay(struct sb_ctx *c)
{
	json_object *body = sb_body(c);
	struct json_error err = { 0 };
	const char *account = NULL;

	if (!body)
		return;
	if (json_get_string(body, NULL, "account_id", 0, 40, &account, &err))
		sb_bad_field(c, &err);
	else
		idem_run(c, do_pay, (void *)account);
	json_object_put(body);
}

void bills_autopay(struct sb_ctx *c)
{
	json_object *body = sb_body(c);
	struct json_error err = { 0 };
	const char *account = NULL;
	char cur[4], bill_cur[4] = "";
	int enabled = 0;
	sqlite3_stmt *st;

	if (!body)
		return;
	if (json_get_bool(body, NULL, "enabled", 0, &enabled, &err) ||
	    json_get_string(body, NULL, "account_id", JSON_OPTIONAL, 40, &account, &err)) {
		sb_bad_field(c, &err);
		goto out;
	}
	if (!sb_begin(c))
		goto out;
	st = db_prepare(c->db, "SELECT currency FROM bills WHERE id = ?1 AND customer_id = ?2");
	sqlite3_bind_text(st, 1, c->params[0], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->customer, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(bill_cur, sizeof bill_cur, "%s", sqlite3_column_text(st, 0));
	db_done(st);
	if (!*bill_cur) {
		sb_problem(c, 404, "not_found", "no such bill", NULL);
	} else if (account && !account_owned(c->db, c->customer, account, cur)) {
		sb_problem(c, 404, "not_found", "no such account to pay from", NULL);
	} else if (account && strcmp(cur, bill_cur)) {
		sb_problem(c, 422, "currency_mismatch", "autopay needs an account in the bill's currency", NULL);
	} else {
		/* Autopay belongs to the biller: this bill and the ones after it. */
		st = db_prepare(c->db, "UPDATE subscriptions SET autopay = ?3, account_id = coalesce(?4, account_id) "
				       "WHERE customer_id = ?1 AND biller_id = "
				       "(SELECT biller_id FROM bills WHERE id = ?2)");
		sqlite3_bind_text(st, 1, c->customer, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, c->params[0], -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, enabled);
		if (account)
			sqlite3_bind_text(st, 4, account, -1, SQLITE_STATIC);
		sqlite3_step(st);
		db_done(st);
		st = db_prepare(c->db, "UPDATE bills SET autopay_failed = 0 WHERE id = ?1");
		sqlite3_bind_text(st, 1, c->params[0], -1, SQLITE_STATIC);
		sqlite3_step(st);
		db_done(st);
		reply_bill(c, 200, c->params[0]);
	}
	sb_commit(c);
out:
	json_object_put(body);
}
