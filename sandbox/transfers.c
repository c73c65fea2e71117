/* transfers.c: moving money between a customer's own accounts and to saved
 * payees, and the payee list.  A transfer is one database transaction: the
 * idempotency check, the postings, the transfer record and the stored reply
 * commit together or not at all. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "handlers.h"
#include "iban.h"
#include "sandbox.h"
#include "vop.h"

/* No single transfer moves more than this many minor units (10 billion USD):
 * far past any customer's balance, far below where sums could overflow. */
#define TRANSFER_MAX 1000000000000LL
#define REFERENCE_MAX 140

#define TRANSFER_COLUMNS                                                                       \
	"t.id, t.status, t.from_account, t.to_account, t.payee_id, t.amount, t.currency, "    \
	"t.reference, t.created_at, t.movement_id, t.next_run, t.recurrence, t.runs, "        \
	"t.last_outcome, t.quote_id, t.credit_amount, t.credit_currency, t.vop_outcome, t.vop_warned"

static json_object *transfer_json(sqlite3_stmt *st)
{
	json_object *o = json_object_new_object();
	struct money m = { sqlite3_column_int64(st, 5), "" };
	char when[32];

	snprintf(m.currency, sizeof m.currency, "%s", sqlite3_column_text(st, 6));
	sb_rfc3339(sqlite3_column_int64(st, 8), when);
	json_object_object_add(o, "id", sb_column_string(st, 0));
	json_object_object_add(o, "status", sb_column_string(st, 1));
	json_object_object_add(o, "from_account", sb_column_string(st, 2));
	json_object_object_add(o, "to_account", sb_column_string(st, 3));
	json_object_object_add(o, "payee_id", sb_column_string(st, 4));
	json_object_object_add(o, "amount", json_new_money(&m));
	json_object_object_add(o, "reference", sb_column_string(st, 7));
	json_object_object_add(o, "created_at", json_object_new_string(when));
	json_object_object_add(o, "movement_id", sb_column_string(st, 9));
	if (sqlite3_column_type(st, 10) == SQLITE_NULL) {
		json_object_object_add(o, "next_run", NULL);
	} else {
		sb_rfc3339(sqlite3_column_int64(st, 10), when);
		json_object_object_add(o, "next_run", json_object_new_string(when));
	}
	json_object_object_add(o, "recurrence", sb_column_string(st, 11));
	json_object_object_add(o, "runs", json_object_new_int(sqlite3_column_int(st, 12)));
	json_object_object_add(o, "last_outcome", sb_column_string(st, 13));
	json_object_object_add(o, "quote_id", sb_column_string(st, 14));
	/* What reaches the other side: another currency after a conversion. */
	if (sqlite3_column_type(st, 15) == SQLITE_NULL)
		json_object_object_add(o, "credit_amount", json_new_money(&m));
	else
		json_object_object_add(o, "credit_amount", sb_money(sqlite3_column_int64(st, 15),
								     (const char *)sqlite3_column_text(st, 16)));
	/* The payee's name check it relied on (null: none, or an own account),
	 * and whether the customer was warned and went on. */
	json_object_object_add(o, "vop_outcome", sb_column_string(st, 17));
	json_object_object_add(o, "vop_warned", json_object_new_boolean(sqlite3_column_int(st, 18)));
	return o;
}

/* Replies with one transfer of this customer, or false when there is none. */
static bool reply_transfer(struct sb_ctx *c, unsigned status, const char *id)
{
	sqlite3_stmt *st = db_prepare(c->db, "SELECT " TRANSFER_COLUMNS " FROM transfers t "
					     "WHERE t.id = ?1 AND t.customer_id = ?2");
	bool found = false;

	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->customer, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		sb_reply(c, status, transfer_json(st));
		found = true;
	}
	db_done(st);
	return found;
}

static void account_name(sqlite3 *db, const char *id, char out[128])
{
	sqlite3_stmt *st = db_prepare(db, "SELECT name FROM accounts WHERE id = ?1");
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	snprintf(out, 128, "%s", sqlite3_step(st) == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : "");
	db_done(st);
}

/* What a transfer moves, from where to where. */
struct spec {
	const char *customer, *from, *to, *payee, *reference, *quote_id;
	struct money amount;
	char to_currency[4];
	char to_name[128];
	/* the name check: cited by the request, else the payee's own */
	const char *vop_cite;
	int vop_warned;
	char vop_outcome[16], vop_check[40];
	bool vop_adopt; /* the payee had no check: it takes this one once the payment is made */
};

/* Checks ownership and currencies, filling to_currency and to_name; replies
 * (and returns false) when refused. */
static bool validate(struct sb_ctx *c, struct spec *t)
{
	char from_cur[4];

	if (!account_owned(c->db, c->customer, t->from, from_cur)) {
		sb_problem(c, 404, "not_found", "no such account to send from", NULL);
		return false;
	}
	if (t->to && !account_owned(c->db, c->customer, t->to, t->to_currency)) {
		sb_problem(c, 404, "not_found", "no such account to send to", NULL);
		return false;
	}
	if (t->to && !strcmp(t->to, t->from)) {
		sb_problem(c, 400, "invalid_request", "the two accounts are the same", NULL);
		return false;
	}
	if (t->payee && !payee_owned(c->db, c->customer, t->payee, t->to_name, t->to_currency)) {
		sb_problem(c, 404, "not_found", "no such payee", NULL);
		return false;
	}
	if (t->to)
		account_name(c->db, t->to, t->to_name);
	if (strcmp(t->amount.currency, from_cur)) {
		sb_problem(c, 422, "currency_mismatch", "the amount must be in the currency of the account sent from",
			   NULL);
		return false;
	}
	if (!t->quote_id && strcmp(t->amount.currency, t->to_currency)) {
		sb_problem(c, 422, "currency_mismatch",
			   "the other side holds another currency: get a quote (POST /fx/quotes) and send its quote_id",
			   NULL);
		return false;
	}
	if (t->quote_id && !strcmp(t->amount.currency, t->to_currency)) {
		sb_field_problem(c, "quote_id", "both sides hold the same currency: nothing to convert");
		return false;
	}
	return true;
}

/* The name check a payment to a payee relies on: the one it cites, else the
 * payee's own, else (a payee never checked, and no client's check cited)
 * one the bank makes now.  A payee whose name did not match stays so
 * whatever a later check says; no match goes ahead only after a warning.
 * Replies and returns false when refused. */
static bool verified(struct sb_ctx *c, struct spec *t)
{
	sqlite3_stmt *st;
	char iban[IBAN_MAX + 1] = "", stored[16] = "", holder[256];

	if (!t->payee) {
		if (t->vop_cite) {
			sb_field_problem(c, "vop_check", "a name check is for a payment to a payee");
			return false;
		}
		return true;
	}
	st = db_prepare(c->db, "SELECT iban, coalesce(vop_outcome, ''), coalesce(vop_check, '') FROM payees WHERE id = ?1");
	sqlite3_bind_text(st, 1, t->payee, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(iban, sizeof iban, "%s", sqlite3_column_text(st, 0));
		snprintf(stored, sizeof stored, "%s", sqlite3_column_text(st, 1));
		snprintf(t->vop_check, sizeof t->vop_check, "%s", sqlite3_column_text(st, 2));
	}
	db_done(st);
	snprintf(t->vop_outcome, sizeof t->vop_outcome, "%s", stored);
	if (t->vop_cite) {
		if (!vop_cited(c, t->vop_cite, iban, t->to_name, t->vop_outcome))
			return false;
		snprintf(t->vop_check, sizeof t->vop_check, "%s", t->vop_cite);
		if (!strcmp(stored, "no_match"))
			snprintf(t->vop_outcome, sizeof t->vop_outcome, "no_match");
	} else if (!*stored) {
		/* A client that did not check: the bank does, so no payment skips it. */
		if (!vop_check_now(c, iban, t->to_name, t->vop_check, t->vop_outcome, holder, sizeof holder))
			return false;
	}
	t->vop_adopt = !*stored;
	return vop_heeded(c, t->vop_outcome, t->vop_warned);
}

/* A payment made (or scheduled) on a payee's first check: the payee keeps it. */
static void adopt_check(struct sb_ctx *c, const struct spec *t)
{
	sqlite3_stmt *st;

	if (!t->payee || !t->vop_adopt || !*t->vop_outcome)
		return;
	st = db_prepare(c->db, "UPDATE payees SET vop_outcome = ?2, vop_check = ?3, vop_warned = ?4 "
			       "WHERE id = ?1 AND vop_outcome IS NULL");
	sqlite3_bind_text(st, 1, t->payee, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, t->vop_outcome, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, t->vop_check, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, t->vop_warned && strcmp(t->vop_outcome, "match"));
	sqlite3_step(st);
	db_done(st);
}

/* Books the movement of a validated transfer at time `at`. */
static enum ledger_err book(sqlite3 *db, const struct spec *t, int64_t at, char mid[40])
{
	char from_name[128], clearing[40];
	const char *desc = *t->reference ? t->reference : "Transfer";
	struct posting p[2];

	account_name(db, t->from, from_name);
	db_new_id("mov", mid);
	p[0] = (struct posting){ t->from, -t->amount.minor, desc, t->to_name, "transfer", NULL, NULL, 0, NULL };
	if (t->to) {
		p[1] = (struct posting){ t->to, t->amount.minor, desc, from_name, "transfer", NULL, NULL, 0, NULL };
	} else {
		ledger_clearing_account(t->amount.currency, clearing);
		p[1] = (struct posting){ clearing, t->amount.minor, desc, from_name, "transfer", NULL, NULL, 0, NULL };
	}
	return ledger_post(db, mid, "transfer", at, t->amount.currency, p, 2);
}

/* A conversion: two movements, one per currency, each summing to zero, with
 * the bank's exchange books in between; all in the caller's transaction. */
static enum ledger_err book_fx(sqlite3 *db, const struct spec *t, const struct fx_quote *q,
			       int64_t at, char mid[40])
{
	char from_name[128], fx_sell[40], fx_buy[40], dest[40], mid2[40];
	const char *desc = *t->reference ? t->reference : "Transfer";
	struct posting p[2];
	enum ledger_err err;

	account_name(db, t->from, from_name);
	ledger_house_account(db, "fx", q->sell.currency, at, fx_sell);
	ledger_house_account(db, "fx", q->buy.currency, at, fx_buy);
	db_new_id("mov", mid);
	p[0] = (struct posting){ t->from, -q->sell.minor, desc, t->to_name, "transfer", NULL, NULL, 0, NULL };
	if (t->to) /* between the customer's own accounts: each side names the other */
		p[0] = (struct posting){ t->from, -q->sell.minor, desc, t->to_name, "transfer",
					 mid, t->to, q->buy.minor, q->buy.currency };
	p[1] = (struct posting){ fx_sell, q->sell.minor, desc, from_name, "exchange", NULL, NULL, 0, NULL };
	if ((err = ledger_post(db, mid, "exchange", at, q->sell.currency, p, 2)))
		return err;
	if (t->to)
		snprintf(dest, sizeof dest, "%s", t->to);
	else
		ledger_clearing_account(q->buy.currency, dest);
	db_new_id("mov", mid2);
	p[0] = (struct posting){ fx_buy, -q->buy.minor, desc, t->to_name, "exchange", NULL, NULL, 0, NULL };
	p[1] = (struct posting){ dest, q->buy.minor, desc, from_name, "transfer", NULL, NULL, 0, NULL };
	if (t->to)
		p[1] = (struct posting){ dest, q->buy.minor, desc, from_name, "transfer",
					 mid, t->from, -q->sell.minor, q->sell.currency };
	err = ledger_post(db, mid2, "exchange", at, q->buy.currency, p, 2);
	/* The first movement stands: the caller rolls the transaction back. */
	return err == LEDGER_OK ? LEDGER_OK : LEDGER_DB;
}

/* Whether a payment to a payee fits the day's limit; the notification after one. */
static bool within_limit(sqlite3 *db, const struct spec *t, int64_t at, int64_t *left)
{
	struct limit lim;

	limits_read(db, t->customer, t->amount.currency, at, &lim);
	*left = lim.daily - lim.used_today;
	return t->amount.minor <= *left;
}

static void after_booking(sqlite3 *db, const struct spec *t, int64_t at)
{
	char what[200];
	struct money out = t->amount;

	if (t->payee)
		limits_use(db, t->customer, t->amount.currency, at, t->amount.minor);
	/* A name, the same in every language (the alert says "Money out" in the customer's). */
	snprintf(what, sizeof what, "%s", t->to_name);
	out.minor = -out.minor;
	notify_movement(db, t->customer, at, t->from, &out, what, "transfer", true);
}

/* Midnight UTC of the day a month after t's, on anchor_day or the month's last day. */
static int64_t next_month(int64_t t, int anchor_day)
{
	time_t tt = (time_t)t;
	struct tm tm;
	int y, m, last;
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	gmtime_r(&tt, &tm);
	y = tm.tm_year + 1900 + (tm.tm_mon == 11);
	m = (tm.tm_mon + 1) % 12;
	last = days[m] + (m == 1 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = m;
	tm.tm_mday = anchor_day < last ? anchor_day : last;
	return (int64_t)timegm(&tm);
}

/* Runs one due scheduled transfer in its own transaction: books it (or notes
 * why not) and moves its schedule on, together, so no run happens twice. */
static bool run_one(sqlite3 *db, int64_t now)
{
	sqlite3_stmt *st;
	struct spec t = { 0 };
	char id[40], customer[40], from[40], to[40], payee[40], reference[REFERENCE_MAX + 1];
	char recurrence[16] = "", mid[40] = "", cur[4];
	int64_t run_at = 0, next = 0, left = 0;
	int anchor = 1;
	enum ledger_err err = LEDGER_DB;
	const char *outcome;
	bool found = false, gone = false;

	if (!(db = db_begin()))
		return false;
	st = db_prepare(db, "SELECT id, customer_id, from_account, coalesce(to_account, ''), "
			    "coalesce(payee_id, ''), amount, currency, reference, next_run, "
			    "coalesce(recurrence, ''), coalesce(anchor_day, 1) FROM transfers "
			    "WHERE status = 'scheduled' AND next_run <= ?1 ORDER BY next_run, id LIMIT 1");
	sqlite3_bind_int64(st, 1, now);
	if (sqlite3_step(st) == SQLITE_ROW) {
		found = true;
		snprintf(id, sizeof id, "%s", sqlite3_column_text(st, 0));
		snprintf(customer, sizeof customer, "%s", sqlite3_column_text(st, 1));
		snprintf(from, sizeof from, "%s", sqlite3_column_text(st, 2));
		snprintf(to, sizeof to, "%s", sqlite3_column_text(st, 3));
		snprintf(payee, sizeof payee, "%s", sqlite3_column_text(st, 4));
		t.amount.minor = sqlite3_column_int64(st, 5);
		snprintf(t.amount.currency, sizeof t.amount.currency, "%s", sqlite3_column_text(st, 6));
		snprintf(reference, sizeof reference, "%s", sqlite3_column_text(st, 7));
		run_at = sqlite3_column_int64(st, 8);
		snprintf(recurrence, sizeof recurrence, "%s", sqlite3_column_text(st, 9));
		anchor = sqlite3_column_int(st, 10);
	}
	db_done(st);
	if (!found) {
		db_rollback(db);
		return false;
	}
	t.customer = customer;
	t.from = from;
	t.to = *to ? to : NULL;
	t.payee = *payee ? payee : NULL;
	t.reference = reference;
	if (t.to)
		account_name(db, t.to, t.to_name);
	else
		gone = !payee_owned(db, customer, t.payee, t.to_name, cur);
	if (gone)
		outcome = "failed";
	else if (t.payee && !within_limit(db, &t, run_at, &left))
		outcome = "limit_exceeded";
	else {
		err = book(db, &t, run_at, mid);
		outcome = err == LEDGER_OK ? "completed" : err == LEDGER_INSUFFICIENT ? "insufficient_funds" : "failed";
	}
	if (err == LEDGER_OK)
		after_booking(db, &t, run_at);
	else
		notify(db, customer, run_at, "transfer_failed", "A scheduled transfer did not run",
		       !strcmp(outcome, "insufficient_funds")
			       ? "There was not enough money in the account."
		       : !strcmp(outcome, "limit_exceeded") ? "It was above your daily limit."
							    : "The transfer could not be made.",
		       NULL, &t.amount, id);
	if (!strcmp(recurrence, "weekly"))
		next = run_at + 7 * 86400;
	else if (!strcmp(recurrence, "monthly"))
		next = next_month(run_at, anchor);

	st = db_prepare(db, "INSERT INTO transfer_runs VALUES (?1, ?2, ?3, ?4)");
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, run_at);
	sqlite3_bind_text(st, 3, outcome, -1, SQLITE_STATIC);
	if (err == LEDGER_OK)
		sqlite3_bind_text(st, 4, mid, -1, SQLITE_STATIC);
	sqlite3_step(st);
	db_done(st);
	/* A one-off ends with its run; a recurring one waits for its next. */
	st = db_prepare(db, "UPDATE transfers SET runs = runs + 1, last_outcome = ?2, "
			    "movement_id = coalesce(?3, movement_id), "
			    "next_run = CASE WHEN ?4 > 0 THEN ?4 ELSE NULL END, "
			    "status = CASE WHEN ?4 > 0 THEN 'scheduled' WHEN ?2 = 'completed' THEN 'completed' "
			    "ELSE 'failed' END WHERE id = ?1");
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, outcome, -1, SQLITE_STATIC);
	if (err == LEDGER_OK)
		sqlite3_bind_text(st, 3, mid, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, next);
	sqlite3_step(st);
	db_done(st);
	if (db_commit(db)) {
		db_rollback(db);
		return false;
	}
	return true;
}

int transfers_run_due(sqlite3 *db, int64_t now)
{
	int n = 0;
	/* Bounded: even years of weekly runs after a big clock jump end. */
	while (n < 100000 && run_one(db, now))
		n++;
	return n;
}

/* Inserts the transfer row; status 'completed' with its movement, or 'scheduled'. */
static void record(struct sb_ctx *c, const struct spec *t, const char *tid, const char *status,
		   const char *mid, int64_t next_run, const char *recurrence, int anchor,
		   const struct fx_quote *q)
{
	sqlite3_stmt *st = db_prepare(c->db, "INSERT INTO transfers (id, customer_id, from_account, "
					     "to_account, payee_id, amount, currency, reference, status, "
					     "movement_id, created_at, next_run, recurrence, anchor_day, runs, "
					     "last_outcome, quote_id, credit_amount, credit_currency, vop_outcome, "
					     "vop_check, vop_warned) VALUES "
					     "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
					     "?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)");
	bool done = !strcmp(status, "completed");

	sqlite3_bind_text(st, 1, tid, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->customer, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, t->from, -1, SQLITE_STATIC);
	if (t->to)
		sqlite3_bind_text(st, 4, t->to, -1, SQLITE_STATIC);
	if (t->payee)
		sqlite3_bind_text(st, 5, t->payee, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, t->amount.minor);
	sqlite3_bind_text(st, 7, t->amount.currency, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, t->reference, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, status, -1, SQLITE_STATIC);
	if (mid)
		sqlite3_bind_text(st, 10, mid, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 11, db_now(c->db));
	if (!done)
		sqlite3_bind_int64(st, 12, next_run);
	if (recurrence)
		sqlite3_bind_text(st, 13, recurrence, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 14, anchor);
	sqlite3_bind_int(st, 15, done ? 1 : 0);
	if (done)
		sqlite3_bind_text(st, 16, "completed", -1, SQLITE_STATIC);
	if (q) {
		sqlite3_bind_text(st, 17, q->id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 18, q->buy.minor);
		sqlite3_bind_text(st, 19, q->buy.currency, -1, SQLITE_STATIC);
	}
	if (*t->vop_outcome) {
		sqlite3_bind_text(st, 20, t->vop_outcome, -1, SQLITE_STATIC);
		if (*t->vop_check)
			sqlite3_bind_text(st, 21, t->vop_check, -1, SQLITE_STATIC);
	}
	sqlite3_bind_int(st, 22, t->vop_warned && *t->vop_outcome && strcmp(t->vop_outcome, "match"));
	sqlite3_step(st);
	db_done(st);
}

struct request {
	struct spec t;
	const char *execute_on, *recurrence;
};

/* The work of a transfer, inside idem_run's transaction; sets the reply. */
static void execute(struct sb_ctx *c, void *arg)
{
	struct request *r = arg;
	struct spec *t = &r->t;
	struct fx_quote q, *qp = NULL;
	char tid[40], mid[40], msg[200];
	int64_t now = db_now(c->db), day = 0, left;
	struct limit lim = { 0 };
	enum ledger_err lerr;

	if (!validate(c, t) || !verified(c, t))
		return;
	if (t->quote_id && (r->execute_on || r->recurrence)) {
		sb_field_problem(c, "quote_id", "a conversion runs at once: it cannot be dated or repeated");
		return;
	}
	if (r->execute_on && (!sb_parse_date(r->execute_on, &day) || day < now - now % 86400)) {
		sb_field_problem(c, "execute_on", "execute_on must be today or a later date");
		return;
	}
	if (t->payee) {
		limits_read(c->db, c->customer, t->amount.currency, now, &lim);
		if (t->amount.minor > lim.daily) {
			sb_problem(c, 422, "limit_exceeded", "the amount is above your daily limit", NULL);
			return;
		}
		if (t->amount.minor > lim.step_up_above && !stepup_granted(c, "send a large amount"))
			return;
	}
	db_new_id("trf", tid);
	if (r->execute_on || r->recurrence) {
		time_t tt;
		struct tm tm;
		if (!r->execute_on)
			day = now - now % 86400;
		tt = (time_t)day;
		gmtime_r(&tt, &tm);
		record(c, t, tid, "scheduled", NULL, day, r->recurrence, tm.tm_mday, NULL);
		adopt_check(c, t);
		if (!reply_transfer(c, 201, tid))
			sb_problem(c, 500, "server_error", "the transfer was not recorded", NULL);
		return;
	}
	/* The limit read above still holds: the same transaction, nothing used since. */
	left = lim.daily - lim.used_today;
	if (t->payee && t->amount.minor > left) {
		struct money m = { left > 0 ? left : 0, "" };
		char amount[MONEY_FMT_MAX];
		snprintf(m.currency, sizeof m.currency, "%s", t->amount.currency);
		money_format_plain(&m, amount, sizeof amount);
		snprintf(msg, sizeof msg, "this would pass your daily limit: %s %s left today", amount,
			 m.currency);
		sb_problem(c, 422, "limit_exceeded", msg, NULL);
		return;
	}
	if (t->quote_id) {
		if (!fx_quote_take(c->db, c->customer, t->quote_id, now, &q)) {
			sb_problem(c, 422, "quote_expired", "the quote has expired or was used: get a new one", NULL);
			return;
		}
		if (q.sell.minor != t->amount.minor || strcmp(q.sell.currency, t->amount.currency) ||
		    strcmp(q.buy.currency, t->to_currency)) {
			sb_field_problem(c, "quote_id", "the quote is for another amount or currency");
			return;
		}
		qp = &q;
		lerr = book_fx(c->db, t, qp, now, mid);
	} else {
		lerr = book(c->db, t, now, mid);
	}
	if (lerr == LEDGER_INSUFFICIENT) {
		sb_problem(c, 422, "insufficient_funds",
			   "the account does not have enough money for this transfer", NULL);
		return;
	}
	if (lerr) {
		sb_problem(c, 500, "server_error", "the ledger refused the movement", NULL);
		return;
	}
	after_booking(c->db, t, now);
	record(c, t, tid, "completed", mid, 0, NULL, 0, qp);
	adopt_check(c, t);
	if (!reply_transfer(c, 201, tid))
		sb_problem(c, 500, "server_error", "the transfer was not recorded", NULL);
}

void transfers_create(struct sb_ctx *c)
{
	json_object *body = sb_body(c);
	struct json_error err = { 0 };
	struct request r = { .t = { .customer = c->customer, .reference = "" } };

	if (!body)
		return;
	if (json_get_string(body, NULL, "from_account", 0, 40, &r.t.from, &err) ||
	    json_get_string(body, NULL, "to_account", JSON_OPTIONAL, 40, &r.t.to, &err) ||
	    json_get_string(body, NULL, "payee_id", JSON_OPTIONAL, 40, &r.t.payee, &err) ||
	    json_get_money(body, NULL, "amount", 0, &r.t.amount, &err) ||
	    json_get_string(body, NULL, "reference", JSON_OPTIONAL, REFERENCE_MAX, &r.t.reference, &err) ||
	    json_get_string(body, NULL, "quote_id", JSON_OPTIONAL, 40, &r.t.quote_id, &err) ||
	    json_get_string(body, NULL, "execute_on", JSON_OPTIONAL, 10, &r.execute_on, &err) ||
	    json_get_string(body, NULL, "recurrence", JSON_OPTIONAL, 10, &r.recurrence, &err) ||
	    json_get_string(body, NULL, "vop_check", JSON_OPTIONAL, 40, &r.t.vop_cite, &err) ||
	    json_get_bool(body, NULL, "vop_warned", JSON_OPTIONAL, &r.t.vop_warned, &err)) {
		sb_bad_field(c, &err);
		goto out;
	}
	if (!r.t.to == !r.t.payee) {
		sb_problem(c, 400, "invalid_request", "give exactly one of to_account and payee_id", NULL);
		goto out;
	}
	if (r.recurrence && strcmp(r.recurrence, "weekly") && strcmp(r.recurrence, "monthly")) {
		sb_field_problem(c, "recurrence", "recurrence is weekly or monthly");
		goto out;
	}
	if (r.t.amount.minor <= 0 || r.t.amount.minor > TRANSFER_MAX) {
		sb_field_problem(c, "amount.minor", "the amount must be more than zero");
		goto out;
	}
	idem_run(c, execute, &r);
	/* One due today runs at once, in its own transaction. */
	if ((r.execute_on || r.recurrence) && c->status == 201)
		transfers_run_due(c->db, db_now(c->db));
out:
	json_object_put(body);
}

void transfers_cancel(struct sb_ctx *c)
{
	sqlite3_stmt *st;
	int changed;

	if (!sb_begin(c))
		return;
	st = db_prepare(c->db, "UPDATE transfers SET status = 'cancelled', next_run = NULL "
			       "WHERE id = ?1 AND customer_id = ?2 AND status = 'scheduled'");
	sqlite3_bind_text(st, 1, c->params[0], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->customer, -1, SQLITE_STATIC);
	sqlite3_step(st);
	db_done(st);
	changed = sqlite3_changes(c->db);
	if (!reply_transfer(c, 200, c->params[0]))
		sb_problem(c, 404, "not_found", "no such transfer", NULL);
	else if (!changed)
		sb_problem(c, 409, "not_cancellable", "only a scheduled transfer can be cancelled", NULL);
	sb_commit(c);
}

void transfers_list(struct sb_ctx *c)
{
	sqlite3_stmt *st = db_prepare(c->db, "SELECT " TRANSFER_COLUMNS " FROM transfers t WHERE "
					     "t.customer_id = ?1 ORDER BY t.created_at DESC, t.rowid DESC "
					     "LIMIT 200");
	json_object *items = json_object_new_array(), *o = json_object_new_object();

	sqlite3_bind_text(st, 1, c->customer, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW)
		json_object_array_add(items, transfer_json(st));
	db_done(st);
	json_object_object_add(o, "items", items);
	sb_reply(c, 200, o);
}

void transfers_get(struct sb_ctx *c)
{
	if (!reply_transfer(c, 200, c->params[0]))
		sb_problem(c, 404, "not_found", "no such transfer", NULL);
}
