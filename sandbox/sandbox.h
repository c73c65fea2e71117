/* sandbox.h: what the parts of bankterm's reference bank share: the database,
 * and the pieces of the bank one handler uses of another's (auth, ledger,
 * idempotency, limits, notifications ...).  The reply toolkit is reply.h; the
 * handlers are listed in handlers.h, for the route table.  The program is a
 * reference bank: an HTTP/JSON API (libmicrohttpd) over a double-entry ledger
 * in SQLite.  It links only the pure modules of src/ (money, json, iban, totp,
 * uuid, xalloc), never the client's network code. */
#ifndef BANKTERM_SANDBOX_H
#define BANKTERM_SANDBOX_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <json-c/json.h>
#include <sqlite3.h>

#include "json.h"
#include "lang.h"
#include "money.h"
#include "reply.h"

/* --- database (db.c) ------------------------------------------------------------ */

/* Opens (creating if needed) the database and its schema; keeps one anchor
 * connection for the life of the program. */
int db_init(const char *path, char *err, size_t errlen);
void db_shutdown(void);
/* This thread's own connection (each worker thread has one). */
sqlite3 *db_conn(void);
/* The sandbox clock: real time plus the offset that POST /sandbox/clock adds. */
int64_t db_now(sqlite3 *db);
/* --date: the bank's clock reads `start` (seconds since the epoch) now, and
 * a reset brings it back to `start` (kept in meta as start_at). */
int db_set_start(sqlite3 *db, int64_t start);
/* A reset's clock: back to start_at where the bank has one, else real time. */
int db_clock_restart(sqlite3 *db);
int db_exec(sqlite3 *db, const char *sql);
/* Prepares sql or aborts: every statement is a literal of this program, so a
 * failure is a bug, not bad input.  The statement may come from the
 * connection's cache: give it back with db_done, never sqlite3_finalize. */
sqlite3_stmt *db_prepare(sqlite3 *db, const char *sql);
/* Resets st for its next use (or finalizes one that is not cached);
 * returns what sqlite3_finalize would.  NULL is fine. */
int db_done(sqlite3_stmt *st);
/* Runs a single-value query; returns def when it yields no row. */
int64_t db_int(sqlite3 *db, const char *sql, const char *arg, int64_t def);
/* Starts this thread's turn to write and returns the connection to write
 * and read on until db_commit or db_rollback; NULL when the database stays
 * busy or a turn is already open.  Once the bank serves, the turn may be a
 * part of a transaction other writers share (db.c).  db_commit returns 0
 * once the work is committed and on disk; on failure it was rolled back. */
sqlite3 *db_begin(void);
/* Seeding is over: writes keep their statement journals in memory. */
void db_serve(void);
int db_commit(sqlite3 *db);
/* Returns -1 when the transaction the turn was a part of was lost after
 * it read a part before it: an answer read there does not stand. */
int db_rollback(sqlite3 *db);
/* --faults' hold=MS: this thread's next turn to write, in this request, is
 * held that long once it has begun; with fail, its transaction's COMMIT
 * fails.  db_holding: how many turns are held so now. */
void db_hold_turn(long ms, bool fail);
int db_holding(void);
/* Sleeps ms milliseconds, whatever signals come. */
void sb_sleep_ms(long ms);
/* Writers' parts committed, and the commits that held them, since the start. */
void db_write_stats(uint64_t *parts_committed, uint64_t *commits);
/* After each request, before its answer: rolls back a turn left open (a
 * bug), and waits until everything the request could have read is on disk. */
void db_end_request(void);
/* Sums the spending summary (customers' payments per currency, category and
 * day) from the postings again, inside the caller's transaction. */
int db_spending_rebuild(sqlite3 *db);
/* A fresh random id with a prefix: "acc_3f9a1c2b7d4e5f60". */
void db_new_id(const char *prefix, char out[40]);

/* --- the bank's parts, which handlers share ------------------------------------------------------------------- */

/* auth.c */
/* Checks a one-time code for a signed-in customer (step-up), under the same
 * lockout as sign-in: true when right; otherwise replies fail_status with
 * fail_code, or 429 when locked out. */
bool auth_second_factor(struct sb_ctx *c, const char *customer, const char *code,
			unsigned fail_status, const char *fail_code);
/* Sets c->customer from the bearer token; false (and a 401 reply) when absent or invalid. */
bool auth_check(struct sb_ctx *c);
/* Divides every lockout window and length by divisor (--auth-scale): tests
 * see a day's budget run out in seconds.  1 is the bank as it ships. */
void auth_set_time_scale(int64_t divisor);
/* Verifies a customer's TOTP code (for login and step-up), refusing reuse of a code. */
enum totp_verdict { TOTP_RIGHT, TOTP_WRONG, TOTP_USED };
enum totp_verdict auth_verify_totp(sqlite3 *db, const char *customer, const char *code);
/* scrypt with a fresh salt, in "scrypt$N$r$p$salt$hash" form. */
int auth_hash_password(const char *password, char out[200]);

/* accounts.c */
/* The account if it belongs to the customer: fills currency and returns true. */
bool account_owned(sqlite3 *db, const char *customer, const char *account, char currency[4]);

/* transfers.c */
/* Runs every scheduled transfer due at `now`, each exactly once; returns how many ran. */
int transfers_run_due(sqlite3 *db, int64_t now);

/* payees.c */
/* Name and currency of a customer's (not removed) payee. */
bool payee_owned(sqlite3 *db, const char *customer, const char *payee, char name[128],
		 char currency[4]);

/* stepup.c: confirming one request with a one-time code.  True when the
 * request carries a valid answer to a challenge issued for exactly it;
 * otherwise replies 403 step_up_required with a new challenge (or
 * step_up_failed, or 429) and marks the reply transient. */
bool stepup_granted(struct sb_ctx *c, const char *reason);

/* limits.c: daily limits on money leaving the bank, per currency */
struct limit {
	int64_t daily, step_up_above, max_daily, used_today;
};
/* The customer's limit in currency for the day holding `at` (creating the defaults). */
void limits_read(sqlite3 *db, const char *customer, const char *currency, int64_t at,
		 struct limit *out);
/* Counts amount against the day's limit (call once the money moved). */
void limits_use(sqlite3 *db, const char *customer, const char *currency, int64_t at,
		int64_t amount);

/* fx.c: currency conversion */
struct fx_quote {
	char id[40];
	struct money sell, buy;
	int64_t fee;
};
/* Takes (marks used) a live quote of the customer; false when unknown, used or expired. */
bool fx_quote_take(sqlite3 *db, const char *customer, const char *id, int64_t now,
		   struct fx_quote *q);
/* amount in `from` at the mid rate, in `to` minor units (rounded down); -1 when unknown. */
int64_t fx_mid(int64_t minor, const char *from, const char *to);

/* notify.c: the customer's notifications, and long-polling for new ones.
 * title and tpl are English, from lang.c's table; tpl's {1}.. are args
 * (NULL-terminated, or NULL).  They are kept as such and read in the
 * customer's language (Accept-Language). */
void notify(sqlite3 *db, const char *customer, int64_t at, const char *kind, const char *title,
	    const char *tpl, const char *const *args, const struct money *amount, const char *ref);
/* After money left or reached one of the customer's accounts: "transaction",
 * and "large_transaction" or "anomaly" when the amount calls for it. */
void notify_movement(sqlite3 *db, const char *customer, int64_t at, const char *account,
		     const struct money *amount, const char *what, const char *category, bool transfer);

/* bills.c */
/* What running the bills did for one customer, for the clock's answer. */
struct bills_news {
	const char *customer; /* whose news; NULL or "": nobody's */
	int issued, paid, failed;
};
/* Issues the month's bills, reminds of bills due soon, runs autopay; counts
 * what it did for news->customer (news may be NULL). */
int bills_run_due(sqlite3 *db, int64_t now, struct bills_news *news);
/* seed: a customer's standing bill from biller, paid from account. */
void bills_subscribe(sqlite3 *db, const char *customer, const char *biller, const char *account,
		     int64_t lo, int64_t hi, int64_t first_issue, bool autopay);
void bills_seed_billers(sqlite3 *db);

/* rewards.c */
/* The customer's tier ("silver" when unknown). */
void customer_tier(sqlite3 *db, const char *customer, char out[16]);
/* Points for a card or bill payment of `spent` (positive minor units). */
void rewards_earn(sqlite3 *db, const char *customer, int64_t at, const struct money *spent,
		  const char *category, const char *description);
/* Books the expiry of points earned a year ago. */
void rewards_expire(sqlite3 *db, int64_t now);

/* offers.c and insights */

/* wallet.c */

/* feedback.c */

/* support.c: a customer's new conversation, with the bank's automatic reply
 * (the articles that answer it in l); its id in id.  For the handler and
 * the seed. */
int support_open(sqlite3 *db, const char *customer, const char *subject, const char *message, const char *kind,
		 const char *about, enum sb_lang l, int64_t at, char id[40]);
/* seed: staff's reply in a thread (their username), and closing it. */
void support_seed_reply(sqlite3 *db, const char *thread, const char *staff, const char *body, int64_t at);
void support_seed_close(sqlite3 *db, const char *thread, int64_t at);

/* controls.c: the sandbox clock and other controls, for demos and tests */
/* Everything a bank runs as time passes: scheduled transfers, bills, expiring
 * points; returns how many transfer runs were made. */
int bank_run_due(sqlite3 *db, int64_t now, struct bills_news *news);

/* Idempotency (idem.c): call inside the transaction of a money movement. */
enum idem_state { IDEM_NEW, IDEM_REPLAYED, IDEM_CONFLICT, IDEM_MISSING_KEY };
enum idem_state idem_begin(struct sb_ctx *c, char key_out[80]);
/* Stores the reply already set on c under the key (same transaction). */
void idem_store(struct sb_ctx *c, const char *key);
/* The whole life of a POST that creates or moves something: one transaction,
 * the key checked (400/409/replay), fn run, its reply stored with its effects
 * (a 5xx rolls everything back). */
typedef void sb_action(struct sb_ctx *c, void *arg);
void idem_run(struct sb_ctx *c, sb_action *fn, void *arg);

/* ledger.c: one movement, its postings summing to zero per currency. */
enum ledger_err { LEDGER_OK = 0, LEDGER_INSUFFICIENT, LEDGER_CURRENCY, LEDGER_DB };
struct posting {
	const char *account;
	int64_t amount; /* signed minor units */
	const char *description;
	const char *counterparty;
	const char *category;
	/* Money between two of a customer's own accounts: the transfer's id,
	 * and the other side's account and amount.  ledger_post fills them in
	 * for a movement of two postings on one customer's accounts; a
	 * conversion's two movements set them. */
	const char *link, *counter_account;
	int64_t counter_minor;
	const char *counter_currency;
};
enum ledger_err ledger_post(sqlite3 *db, const char *movement_id, const char *kind,
			    int64_t at, const char *currency, const struct posting *p, int n);
/* The clearing account that stands for the world outside the bank, per currency. */
void ledger_clearing_account(const char *currency, char out[40]);
/* The bank's own books per currency: "fx" (conversions), "rwd" (rewards paid out). */
void ledger_house_account(sqlite3 *db, const char *purpose, const char *currency, int64_t at,
			  char out[40]);

/* seed.c */
int seed_demo(sqlite3 *db, int64_t now);
/* An account of `alex` with n transactions, for benchmarks. */
int seed_large(sqlite3 *db, int64_t now, long n);
/* Empties the bank and seeds it again as it was started, in one transaction. */
int seed_reset(sqlite3 *db);
void seed_list_personas(FILE *to);

/* check.c: every invariant of the ledger; prints breaches to `to`. */
int check_db(const char *path, FILE *to);

#endif
