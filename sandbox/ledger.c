/* ledger.c: the double-entry core.  A movement is a set of postings that sum
 * to zero; each posting changes one account's balance, and a balance may
 * never fall below the account's floor.  Callers hold the transaction; a
 * refused movement leaves no trace in it (a savepoint is rolled back). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "sandbox.h"

void ledger_clearing_account(const char *currency, char out[40])
{
	snprintf(out, 40, "clr_%s", currency);
}

void ledger_house_account(sqlite3 *db, const char *purpose, const char *currency, int64_t at,
			  char out[40])
{
	sqlite3_stmt *st;

	snprintf(out, 40, "%s_%s", purpose, currency);
	/* The bank's own books have no floor: they stand for its whole balance sheet. */
	st = db_prepare(db, "INSERT OR IGNORE INTO accounts (id, customer_id, kind, name, currency, "
			    "floor, opened_at) VALUES (?1, NULL, 'clearing', ?2, ?3, "
			    "-9223372036854775807, ?4)");
	sqlite3_bind_text(st, 1, out, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, !strcmp(purpose, "clr")   ? "Clearing"
				 : !strcmp(purpose, "fx") ? "Currency exchange"
							  : "Rewards paid out",
			  -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, currency, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, at);
	sqlite3_step(st);
	db_done(st);
}

enum ledger_err ledger_post(sqlite3 *db, const char *movement_id, const char *kind, int64_t at,
			    const char *currency, const struct posting *p, int n)
{
	sqlite3_stmt *mv, *upd, *ins = NULL, *spend = NULL;
	int64_t sum = 0;
	enum ledger_err err = LEDGER_OK;
	char owner[2][40] = { "", "" };
	bool own;

	for (int i = 0; i < n; i++)
		if (__builtin_add_overflow(sum, p[i].amount, &sum))
			return LEDGER_DB;
	if (sum != 0 || n < 2)
		return LEDGER_DB;
	{
		char clearing[40];
		ledger_house_account(db, "clr", currency, at, clearing);
	}
	/* All or nothing, even inside the caller's larger transaction. */
	if (db_exec(db, "SAVEPOINT ledger_post"))
		return LEDGER_DB;

	mv = db_prepare(db, "INSERT INTO movements (id, kind, currency, created_at) VALUES (?1, ?2, ?3, ?4)");
	sqlite3_bind_text(mv, 1, movement_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(mv, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(mv, 3, currency, -1, SQLITE_STATIC);
	sqlite3_bind_int64(mv, 4, at);
	if (sqlite3_step(mv) != SQLITE_DONE)
		err = LEDGER_DB;
	db_done(mv);
	if (err)
		goto out;

	/* The floor check and the update are one statement: no read-then-write race. */
	upd = db_prepare(db, "UPDATE accounts SET balance = balance + ?1, postings = postings + 1 WHERE id = ?2 "
			     "AND currency = ?3 AND balance + ?1 >= floor RETURNING customer_id");
	for (int i = 0; i < n && !err; i++) {
		sqlite3_reset(upd);
		sqlite3_bind_int64(upd, 1, p[i].amount);
		sqlite3_bind_text(upd, 2, p[i].account, -1, SQLITE_STATIC);
		sqlite3_bind_text(upd, 3, currency, -1, SQLITE_STATIC);
		int rc = sqlite3_step(upd);
		if (rc == SQLITE_ROW && i < 2)
			snprintf(owner[i], sizeof owner[i], "%s",
				 sqlite3_column_type(upd, 0) == SQLITE_NULL ? "" : (const char *)sqlite3_column_text(upd, 0));
		if (rc == SQLITE_ROW && p[i].amount < 0 && sqlite3_column_type(upd, 0) != SQLITE_NULL) {
			/* A customer's payment: into the spending summary. */
			if (!spend)
				spend = db_prepare(db, "INSERT INTO spending VALUES (?1, ?2, ?3, ?4, 1, ?5) "
						       "ON CONFLICT (customer_id, currency, category, day) "
						       "DO UPDATE SET n = n + 1, total = total + excluded.total");
			sqlite3_reset(spend);
			sqlite3_bind_text(spend, 1, (const char *)sqlite3_column_text(upd, 0), -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(spend, 2, currency, -1, SQLITE_STATIC);
			sqlite3_bind_text(spend, 3, p[i].category ? p[i].category : "", -1, SQLITE_STATIC);
			sqlite3_bind_int64(spend, 4, at / 86400);
			sqlite3_bind_int64(spend, 5, -p[i].amount);
			if (sqlite3_step(spend) != SQLITE_DONE) {
				err = LEDGER_DB;
				break;
			}
		}
		if (rc == SQLITE_ROW)
			rc = sqlite3_step(upd);
		if (rc != SQLITE_DONE) {
			err = LEDGER_DB;
			break;
		}
		if (sqlite3_changes(db) == 0) {
			/* Either the account is in another currency, or it would go below its floor. */
			sqlite3_stmt *q = db_prepare(db, "SELECT currency FROM accounts WHERE id = ?1");
			sqlite3_bind_text(q, 1, p[i].account, -1, SQLITE_STATIC);
			if (sqlite3_step(q) != SQLITE_ROW ||
			    strcmp((const char *)sqlite3_column_text(q, 0), currency))
				err = LEDGER_CURRENCY;
			else
				err = LEDGER_INSUFFICIENT;
			db_done(q);
			break;
		}
	}
	/* Two postings on one customer's accounts: money between their own accounts. */
	own = !err && n == 2 && *owner[0] && !strcmp(owner[0], owner[1]);
	/* The postings in one statement.  The search index (FTS5, kept by the
	 * trigger posting_search_add) writes what it holds at the end of each
	 * statement: a segment with its own leaf, %_idx entry and structure
	 * record.  A statement a posting made two segments a transfer, and
	 * merged twice as many; one statement a movement makes one (a
	 * transfer's commit: 23.1 WAL pages, was 25.3).  The rows' parameters
	 * are numbered in order: the i-th posting's are 11 i + 1 to 11 i + 11. */
	if (!err) {
		char *sql = sqlite3_mprintf("INSERT INTO postings (movement_id, account_id, amount, "
					    "booked_at, description, counterparty, category, link, "
					    "counter_account, counter_minor, counter_currency) "
					    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
		for (int i = 1; i < n && sql; i++) {
			char *more = sqlite3_mprintf("%s, (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", sql);
			sqlite3_free(sql);
			sql = more;
		}
		if (!sql)
			err = LEDGER_DB;
		else
			ins = db_prepare(db, sql);
		sqlite3_free(sql);
	}
	for (int i = 0; i < n && !err; i++) {
		const struct posting *o = own ? &p[1 - i] : NULL;
		const char *link = p[i].link ? p[i].link : own ? movement_id : NULL;
		int b = 11 * i;
		sqlite3_bind_text(ins, b + 1, movement_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, b + 2, p[i].account, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, b + 3, p[i].amount);
		sqlite3_bind_int64(ins, b + 4, at);
		sqlite3_bind_text(ins, b + 5, p[i].description ? p[i].description : "", -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, b + 6, p[i].counterparty ? p[i].counterparty : "", -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, b + 7, p[i].category ? p[i].category : "", -1, SQLITE_STATIC);
		if (link && (p[i].link || o)) {
			sqlite3_bind_text(ins, b + 8, link, -1, SQLITE_STATIC);
			sqlite3_bind_text(ins, b + 9, p[i].link ? p[i].counter_account : o->account, -1, SQLITE_STATIC);
			sqlite3_bind_int64(ins, b + 10, p[i].link ? p[i].counter_minor : o->amount);
			sqlite3_bind_text(ins, b + 11, p[i].link ? p[i].counter_currency : currency, -1, SQLITE_STATIC);
		} else {
			for (int k = 8; k <= 11; k++)
				sqlite3_bind_null(ins, b + k);
		}
	}
	if (!err && sqlite3_step(ins) != SQLITE_DONE)
		err = LEDGER_DB;
	db_done(upd);
	db_done(ins);
	db_done(spend);
out:
	if (err)
		db_exec(db, "ROLLBACK TO ledger_post");
	db_exec(db, "RELEASE ledger_post");
	return err;
}
