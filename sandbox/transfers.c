/* transfers.c: moving money between a customer's own accounts and to saved
 * payees, and the payee list.  A transfer is one database transaction: the
 * idempotency check, the postings, the transfer record and the stored reply
 * commit together or not at all. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "sandbox.h"

/* No single transfer moves more than this many minor units (10 billion USD):
 * far past any customer's balance, far below where sums could overflow. */
#define TRANSFER_MAX 1000000000000LL
#define REFERENCE_MAX 140

#define TRANSFER_COLUMNS                                                                       \
	"t.id, t.status, t.from_account, t.to_account, t.payee_id, t.amount, t.currency, "    \
	"t.reference, t.created_at, t.movement_id"

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

/* Name, IBAN and currency of a customer's payee. */
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

/* The work of a transfer, inside the caller's transaction; sets the reply. */
static void execute(struct sb_ctx *c, const char *from, const char *to, const char *payee,
		    const struct money *amount, const char *reference)
{
	char from_cur[4], to_cur[4], to_name[128], from_name[128], tid[40], mid[40], clearing[40];
	char desc_out[200], desc_in[200];
	int64_t now = db_now(c->db);
	struct posting p[2];
	enum ledger_err lerr;
	sqlite3_stmt *st;

	if (!account_owned(c->db, c->customer, from, from_cur)) {
		sb_problem(c, 404, "not_found", "no such account to send from", NULL);
		return;
	}
	if (to && !account_owned(c->db, c->customer, to, to_cur)) {
		sb_problem(c, 404, "not_found", "no such account to send to", NULL);
		return;
	}
	if (to && !strcmp(to, from)) {
		sb_problem(c, 400, "invalid_request", "the two accounts are the same", NULL);
		return;
	}
	if (payee && !payee_owned(c->db, c->customer, payee, to_name, to_cur)) {
		sb_problem(c, 404, "not_found", "no such payee", NULL);
		return;
	}
	if (strcmp(amount->currency, from_cur) || strcmp(amount->currency, to_cur)) {
		sb_problem(c, 422, "currency_mismatch",
			   "the amount, the account sent from and the one sent to must be in the same currency",
			   NULL);
		return;
	}
	account_name(c->db, from, from_name);
	if (to)
		account_name(c->db, to, to_name);

	db_new_id("trf", tid);
	db_new_id("mov", mid);
	snprintf(desc_out, sizeof desc_out, "%s", *reference ? reference : "Transfer");
	snprintf(desc_in, sizeof desc_in, "%s", *reference ? reference : "Transfer");
	p[0] = (struct posting){ from, -amount->minor, desc_out, to_name, "transfer" };
	if (to) {
		p[1] = (struct posting){ to, amount->minor, desc_in, from_name, "transfer" };
	} else {
		ledger_clearing_account(amount->currency, clearing);
		p[1] = (struct posting){ clearing, amount->minor, desc_in, from_name, "transfer" };
	}
	lerr = ledger_post(c->db, mid, "transfer", now, amount->currency, p, 2);
	if (lerr == LEDGER_INSUFFICIENT) {
		sb_problem(c, 422, "insufficient_funds",
			   "the account does not have enough money for this transfer", NULL);
		return;
	}
	if (lerr) {
		sb_problem(c, 500, "server_error", "the ledger refused the movement", NULL);
		return;
	}
	st = db_prepare(c->db, "INSERT INTO transfers (id, customer_id, from_account, to_account, "
			       "payee_id, amount, currency, reference, status, movement_id, created_at) "
			       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'completed', ?9, ?10)");
	sqlite3_bind_text(st, 1, tid, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->customer, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, from, -1, SQLITE_STATIC);
	if (to)
		sqlite3_bind_text(st, 4, to, -1, SQLITE_STATIC);
	if (payee)
		sqlite3_bind_text(st, 5, payee, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, amount->minor);
	sqlite3_bind_text(st, 7, amount->currency, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, reference, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, mid, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 10, now);
	sqlite3_step(st);
	sqlite3_finalize(st);
	if (!reply_transfer(c, 201, tid))
		sb_problem(c, 500, "server_error", "the transfer was not recorded", NULL);
}

void transfers_create(struct sb_ctx *c)
{
	json_object *body = sb_body(c);
	struct json_error err = { 0 };
	const char *from = NULL, *to = NULL, *payee = NULL, *reference = "";
	struct money amount;
	char key[80];

	if (!body)
		return;
	if (json_get_string(body, NULL, "from_account", 0, 40, &from, &err) ||
	    json_get_string(body, NULL, "to_account", JSON_OPTIONAL, 40, &to, &err) ||
	    json_get_string(body, NULL, "payee_id", JSON_OPTIONAL, 40, &payee, &err) ||
	    json_get_money(body, NULL, "amount", 0, &amount, &err) ||
	    json_get_string(body, NULL, "reference", JSON_OPTIONAL, REFERENCE_MAX, &reference, &err)) {
		sb_bad_field(c, &err);
		goto out;
	}
	if (!to == !payee) {
		sb_problem(c, 400, "invalid_request", "give exactly one of to_account and payee_id", NULL);
		goto out;
	}
	if (amount.minor <= 0 || amount.minor > TRANSFER_MAX) {
		json_object *extra = json_object_new_object();
		json_object_object_add(extra, "field", json_object_new_string("amount.minor"));
		sb_problem(c, 400, "invalid_request", "the amount must be more than zero", extra);
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
	execute(c, from, to, payee, &amount, reference);
	if (c->status >= 500) {
		db_rollback(c->db);
		goto out;
	}
	idem_store(c, key);
	sb_commit(c);
out:
	json_object_put(body);
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
