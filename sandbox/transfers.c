/* transfers.c: moving money between a customer's own accounts and to saved
 * payees, and the payee list.  A transfer is one database transaction: the
 * idempotency check, the postings, the transfer record and the stored reply
 * commit together or not at all. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "sandbox.h"

/* No single transfer moves more than this many minor units (10 billion USD):
 * far past any customer's balance, far below where sums could overflow. */
#define TRANSFER_MAX 1000000000000LL
#define REFERENCE_MAX 140

#define TRANSFER_COLUMNS                                                                       \
	"t.id, t.status, t.from_account, t.to_account, t.payee_id, t.amount, t.currency, "    \
	"t.reference, t.created_at, t.movement_id, t.next_run, t.recurrence, t.runs, "        \
	"t.last_outcome"

static json_object *opt_string(sqlite3_stmt *st, int col)
{
	return sqlite3_column_type(st, col) == SQLITE_NULL
		       ? NULL
		       : json_object_new_string((const char *)sqlite3_column_text(st, col));
}

static json_object *transfer_json(sqlite3_stmt *st)
{
	json_object *o = json_object_new_object();
	struct money m = { sqlite3_column_int64(st, 5), "" };
	char when[32];

	snprintf(m.currency, sizeof m.currency, "%s", sqlite3_column_text(st, 6));
	sb_rfc3339(sqlite3_column_int64(st, 8), when);
	json_object_object_add(o, "id", opt_string(st, 0));
	json_object_object_add(o, "status", opt_string(st, 1));
	json_object_object_add(o, "from_account", opt_string(st, 2));
	json_object_object_add(o, "to_account", opt_string(st, 3));
	json_object_object_add(o, "payee_id", opt_string(st, 4));
	json_object_object_add(o, "amount", json_new_money(&m));
	json_object_object_add(o, "reference", opt_string(st, 7));
	json_object_object_add(o, "created_at", json_object_new_string(when));
	json_object_object_add(o, "movement_id", opt_string(st, 9));
	if (sqlite3_column_type(st, 10) == SQLITE_NULL) {
		json_object_object_add(o, "next_run", NULL);
	} else {
		sb_rfc3339(sqlite3_column_int64(st, 10), when);
		json_object_object_add(o, "next_run", json_object_new_string(when));
	}
	json_object_object_add(o, "recurrence", opt_string(st, 11));
	json_object_object_add(o, "runs", json_object_new_int(sqlite3_column_int(st, 12)));
	json_object_object_add(o, "last_outcome", opt_string(st, 13));
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
	sqlite3_finalize(st);
	return found;
}

/* Name and currency of a customer's payee. */
static bool payee_owned(sqlite3 *db, const char *customer, const char *payee, char name[128],
			char currency[4])
{
	sqlite3_stmt *st = db_prepare(db, "SELECT name, currency FROM payees WHERE id = ?1 AND "
					  "customer_id = ?2");
	bool ok = false;

	sqlite3_bind_text(st, 1, payee, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, customer, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(name, 128, "%s", sqlite3_column_text(st, 0));
		snprintf(currency, 4, "%s", sqlite3_column_text(st, 1));
		ok = true;
	}
	sqlite3_finalize(st);
	return ok;
}

static void account_name(sqlite3 *db, const char *id, char out[128])
{
	sqlite3_stmt *st = db_prepare(db, "SELECT name FROM accounts WHERE id = ?1");
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	snprintf(out, 128, "%s", sqlite3_step(st) == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : "");
	sqlite3_finalize(st);
}

/* What a transfer moves, from where to where. */
struct spec {
	const char *customer, *from, *to, *payee, *reference;
	struct money amount;
};

/* Checks ownership and currencies; replies (and returns false) when refused. */
static bool validate(struct sb_ctx *c, const struct spec *t)
{
	char from_cur[4], to_cur[4], name[128];

	if (!account_owned(c->db, c->customer, t->from, from_cur)) {
		sb_problem(c, 404, "not_found", "no such account to send from", NULL);
		return false;
	}
	if (t->to && !account_owned(c->db, c->customer, t->to, to_cur)) {
		sb_problem(c, 404, "not_found", "no such account to send to", NULL);
		return false;
	}
	if (t->to && !strcmp(t->to, t->from)) {
		sb_problem(c, 400, "invalid_request", "the two accounts are the same", NULL);
		return false;
	}
	if (t->payee && !payee_owned(c->db, c->customer, t->payee, name, to_cur)) {
		sb_problem(c, 404, "not_found", "no such payee", NULL);
		return false;
	}
	if (strcmp(t->amount.currency, from_cur) || strcmp(t->amount.currency, to_cur)) {
		sb_problem(c, 422, "currency_mismatch",
			   "the amount, the account sent from and the one sent to must be in the same currency",
			   NULL);
		return false;
	}
	return true;
}

/* Books the movement of a validated transfer at time `at`. */
static enum ledger_err book(sqlite3 *db, const struct spec *t, int64_t at, char mid[40])
{
	char to_name[128] = "", from_name[128], clearing[40], cur[4];
	const char *desc = *t->reference ? t->reference : "Transfer";
	struct posting p[2];

	account_name(db, t->from, from_name);
	if (t->to)
		account_name(db, t->to, to_name);
	else
		payee_owned(db, t->customer, t->payee, to_name, cur);
	db_new_id("mov", mid);
	p[0] = (struct posting){ t->from, -t->amount.minor, desc, to_name, "transfer" };
	if (t->to) {
		p[1] = (struct posting){ t->to, t->amount.minor, desc, from_name, "transfer" };
	} else {
		ledger_clearing_account(t->amount.currency, clearing);
		p[1] = (struct posting){ clearing, t->amount.minor, desc, from_name, "transfer" };
	}
	return ledger_post(db, mid, "transfer", at, t->amount.currency, p, 2);
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
	struct spec t;
	char id[40], customer[40], from[40], to[40], payee[40], reference[REFERENCE_MAX + 1];
	char recurrence[16] = "", mid[40] = "";
	int64_t run_at, next = 0;
	int anchor = 1;
	enum ledger_err err;
	const char *outcome;
	bool found = false;

	if (db_begin(db))
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
	sqlite3_finalize(st);
	if (!found) {
		db_rollback(db);
		return false;
	}
	t.customer = customer;
	t.from = from;
	t.to = *to ? to : NULL;
	t.payee = *payee ? payee : NULL;
	t.reference = reference;
	err = book(db, &t, run_at, mid);
	outcome = err == LEDGER_OK ? "completed" : err == LEDGER_INSUFFICIENT ? "insufficient_funds" : "failed";
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
	sqlite3_finalize(st);
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
	sqlite3_finalize(st);
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
		   const char *mid, int64_t next_run, const char *recurrence, int anchor)
{
	sqlite3_stmt *st = db_prepare(c->db, "INSERT INTO transfers (id, customer_id, from_account, "
					     "to_account, payee_id, amount, currency, reference, status, "
					     "movement_id, created_at, next_run, recurrence, anchor_day, runs, "
					     "last_outcome) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
					     "?11, ?12, ?13, ?14, ?15, ?16)");
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
	sqlite3_step(st);
	sqlite3_finalize(st);
}

/* The work of a transfer, inside the caller's transaction; sets the reply. */
static void execute(struct sb_ctx *c, const struct spec *t, const char *execute_on,
		    const char *recurrence)
{
	char tid[40], mid[40];
	int64_t now = db_now(c->db), day = 0;
	enum ledger_err lerr;

	if (!validate(c, t))
		return;
	db_new_id("trf", tid);
	if (execute_on || recurrence) {
		time_t tt;
		struct tm tm;
		if (!execute_on)
			day = now - now % 86400;
		else if (!sb_parse_date(execute_on, &day) || day < now - now % 86400) {
			sb_field_problem(c, "execute_on", "execute_on must be today or a later date");
			return;
		}
		tt = (time_t)day;
		gmtime_r(&tt, &tm);
		record(c, t, tid, "scheduled", NULL, day, recurrence, tm.tm_mday);
		if (!reply_transfer(c, 201, tid))
			sb_problem(c, 500, "server_error", "the transfer was not recorded", NULL);
		return;
	}
	lerr = book(c->db, t, now, mid);
	if (lerr == LEDGER_INSUFFICIENT) {
		sb_problem(c, 422, "insufficient_funds",
			   "the account does not have enough money for this transfer", NULL);
		return;
	}
	if (lerr) {
		sb_problem(c, 500, "server_error", "the ledger refused the movement", NULL);
		return;
	}
	record(c, t, tid, "completed", mid, 0, NULL, 0);
	if (!reply_transfer(c, 201, tid))
		sb_problem(c, 500, "server_error", "the transfer was not recorded", NULL);
}

void transfers_create(struct sb_ctx *c)
{
	json_object *body = sb_body(c);
	struct json_error err = { 0 };
	struct spec t = { c->customer, NULL, NULL, NULL, "", { 0, "" } };
	const char *execute_on = NULL, *recurrence = NULL;
	char key[80];

	if (!body)
		return;
	if (json_get_string(body, NULL, "from_account", 0, 40, &t.from, &err) ||
	    json_get_string(body, NULL, "to_account", JSON_OPTIONAL, 40, &t.to, &err) ||
	    json_get_string(body, NULL, "payee_id", JSON_OPTIONAL, 40, &t.payee, &err) ||
	    json_get_money(body, NULL, "amount", 0, &t.amount, &err) ||
	    json_get_string(body, NULL, "reference", JSON_OPTIONAL, REFERENCE_MAX, &t.reference, &err) ||
	    json_get_string(body, NULL, "execute_on", JSON_OPTIONAL, 10, &execute_on, &err) ||
	    json_get_string(body, NULL, "recurrence", JSON_OPTIONAL, 10, &recurrence, &err)) {
		sb_bad_field(c, &err);
		goto out;
	}
	if (!t.to == !t.payee) {
		sb_problem(c, 400, "invalid_request", "give exactly one of to_account and payee_id", NULL);
		goto out;
	}
	if (recurrence && strcmp(recurrence, "weekly") && strcmp(recurrence, "monthly")) {
		sb_field_problem(c, "recurrence", "recurrence is weekly or monthly");
		goto out;
	}
	if (t.amount.minor <= 0 || t.amount.minor > TRANSFER_MAX) {
		sb_field_problem(c, "amount.minor", "the amount must be more than zero");
		goto out;
	}
	if (!sb_begin(c))
		goto out;
	switch (idem_begin(c, key)) {
	case IDEM_MISSING_KEY:
		sb_problem(c, 400, "idempotency_key_required",
			   "send an Idempotency-Key header (1 to 64 printable characters)", NULL);
		db_rollback(c->db);
		goto out;
	case IDEM_CONFLICT:
		sb_problem(c, 409, "idempotency_conflict",
			   "this Idempotency-Key was used for a different request", NULL);
		db_rollback(c->db);
		goto out;
	case IDEM_REPLAYED:
		db_rollback(c->db);
		goto out;
	case IDEM_NEW:
		break;
	}
	execute(c, &t, execute_on, recurrence);
	if (c->status >= 500) {
		db_rollback(c->db);
		goto out;
	}
	idem_store(c, key);
	sb_commit(c);
	/* One due today runs at once, in its own transaction. */
	if ((execute_on || recurrence) && c->status == 201)
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
	sqlite3_finalize(st);
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
	sqlite3_finalize(st);
	json_object_object_add(o, "items", items);
	sb_reply(c, 200, o);
}

void transfers_get(struct sb_ctx *c)
{
	if (!reply_transfer(c, 200, c->params[0]))
		sb_problem(c, 404, "not_found", "no such transfer", NULL);
}

void payees_list(struct sb_ctx *c)
{
	sqlite3_stmt *st = db_prepare(c->db, "SELECT id, name, iban, currency, created_at FROM payees "
					     "WHERE customer_id = ?1 ORDER BY name, id");
	json_object *items = json_object_new_array(), *o = json_object_new_object();
	char when[32];

	sqlite3_bind_text(st, 1, c->customer, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		json_object *p = json_object_new_object();
		json_object_object_add(p, "id", opt_string(st, 0));
		json_object_object_add(p, "name", opt_string(st, 1));
		json_object_object_add(p, "iban", opt_string(st, 2));
		json_object_object_add(p, "currency", opt_string(st, 3));
		sb_rfc3339(sqlite3_column_int64(st, 4), when);
		json_object_object_add(p, "created_at", json_object_new_string(when));
		json_object_array_add(items, p);
	}
	sqlite3_finalize(st);
	json_object_object_add(o, "items", items);
	sb_reply(c, 200, o);
}
