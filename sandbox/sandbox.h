/* sandbox.h: what the parts of bankterm-sandbox share.  The program is a
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
#include "money.h"

/* --- configuration ---------------------------------------------------------- */

struct sb_config {
	const char *listen;  /* "127.0.0.1:0" */
	const char *db_path; /* a file, or ":memory:" */
	unsigned threads;
	bool faults;         /* honour the X-Sandbox-Fault request header */
	FILE *log;           /* one line per request; never bodies or secrets */
	const char *tls_cert, *tls_key; /* PEM files: serve HTTPS */
};

/* --- database (db.c) ------------------------------------------------------------ */

/* Opens (creating if needed) the database and its schema; keeps one anchor
 * connection for the life of the program. */
int db_init(const char *path, char *err, size_t errlen);
void db_shutdown(void);
/* This thread's own connection (each worker thread has one). */
sqlite3 *db_conn(void);
/* The sandbox clock: real time plus the offset that POST /sandbox/clock adds. */
int64_t db_now(sqlite3 *db);
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
/* Starts this thread's turn to write (BEGIN IMMEDIATE) and returns the
 * connection to write and read on until db_commit or db_rollback; NULL
 * when the database stays busy or a turn is already open.  db_commit
 * returns 0 once the transaction is on disk; on failure it has rolled back. */
sqlite3 *db_begin(void);
int db_commit(sqlite3 *db);
void db_rollback(sqlite3 *db);
/* After each request, before its answer: rolls back a turn left open (a
 * bug), and waits until everything the request could have read is on disk. */
void db_end_request(void);
/* Sums the spending summary (customers' payments per currency, category and
 * day) from the postings again, inside the caller's transaction. */
int db_spending_rebuild(sqlite3 *db);
/* A fresh random id with a prefix: "acc_3f9a1c2b7d4e5f60". */
void db_new_id(const char *prefix, char out[40]);

/* --- requests and responses (server.c) ------------------------------------------ */

struct sb_ctx {
	/* request */
	const char *method;
	const char *path;
	const char *params[4];      /* the {id} parts of the route, in order */
	const char *body;
	size_t body_len;
	const char *remote;         /* the client's address, for rate limiting */
	void *conn;                 /* struct MHD_Connection */
	sqlite3 *db;
	char customer[40];          /* the authenticated customer's id, or "" */
	char access_hash[65];       /* hash of the bearer token used */
	/* response */
	unsigned status;
	char *resp;                 /* the body, malloc'd */
	size_t resp_len;
	const char *content_type;
	char etag[80];
	unsigned retry_after;
	bool drop;                  /* close the connection without answering */
	/* The reply is not final (a step-up challenge): it is committed but not
	 * stored under the Idempotency-Key, so the confirmed retry runs. */
	bool transient;
	/* Long-poll: park the connection until *wait_until (monotonic ms) or
	 * until something new arrives; the handler runs again then. */
	bool suspend;
	int64_t *wait_until;
};

/* Query-string and header values, or NULL. */
const char *sb_query(struct sb_ctx *c, const char *name);
const char *sb_header(struct sb_ctx *c, const char *name);
/* Replies with a JSON document; takes the reference to obj. */
void sb_reply(struct sb_ctx *c, unsigned status, json_object *obj);
/* Replies with an RFC 9457 problem document; extra (may be NULL) adds members. */
void sb_problem(struct sb_ctx *c, unsigned status, const char *code, const char *detail,
		json_object *extra);
/* Parses the request body as a JSON object; replies 400 and returns NULL when it is not one. */
json_object *sb_body(struct sb_ctx *c);
/* BEGIN IMMEDIATE for a handler; false (and a 503 reply) when the database stays busy. */
bool sb_begin(struct sb_ctx *c);
/* COMMIT; when it fails, rolls back and replies 503: nothing changed, retry. */
void sb_commit(struct sb_ctx *c);
/* ROLLBACK of what the handler wrote since sb_begin. */
void sb_rollback(struct sb_ctx *c);
/* Replies 400 invalid_request with a `field` member naming what is wrong. */
void sb_field_problem(struct sb_ctx *c, const char *field, const char *detail);
/* Replies 400 naming the bad field of a JSON body. */
void sb_bad_field(struct sb_ctx *c, const struct json_error *err);
/* Optional query parameters: true when absent (out untouched) or valid;
 * false, with a 400 reply naming the parameter, when malformed. */
bool sb_query_int(struct sb_ctx *c, const char *name, int64_t min, int64_t max, int64_t *out);
bool sb_query_date(struct sb_ctx *c, const char *name, int64_t *out);
/* SHA-256 over method, path and body: what "the same request" means. */
void sb_request_hash(struct sb_ctx *c, char out[65]);
/* {"minor": .., "currency": ..} */
json_object *sb_money(int64_t minor, const char *currency);
/* A text column as a JSON string, or JSON null for SQL NULL. */
json_object *sb_column_string(sqlite3_stmt *st, int col);
/* A time column as an RFC 3339 JSON string, or null. */
json_object *sb_column_time(sqlite3_stmt *st, int col);
/* Milliseconds of the monotonic clock (for long-poll deadlines). */
int64_t sb_mono_ms(void);
/* n bytes as 2n lowercase hex digits and a NUL. */
void sb_hex(const unsigned char *b, size_t n, char *out);
/* SHA-256 of data as 64 lowercase hex digits. */
void sb_sha256_hex(const void *data, size_t len, char out[65]);

int server_run(const struct sb_config *cfg);

/* Every route as "METHOD /v1/path/{id}", one a line (for tests and docs). */
void server_print_routes(FILE *to);

/* "2026-11-22T19:50:00Z" */
void sb_rfc3339(int64_t t, char out[32]);
/* Parses "YYYY-MM-DD" (UTC midnight); false when it is not a real date. */
bool sb_parse_date(const char *s, int64_t *out);

/* --- handlers ---------------------------------------------------------------------- */

typedef void sb_handler(struct sb_ctx *c);

/* auth.c */
sb_handler auth_token, auth_mfa, auth_refresh, auth_logout, auth_me;
/* Checks a one-time code for a signed-in customer (step-up), under the same
 * lockout as sign-in: true when right; otherwise replies fail_status with
 * fail_code, or 429 when locked out. */
bool auth_second_factor(struct sb_ctx *c, const char *customer, const char *code,
			unsigned fail_status, const char *fail_code);
/* Sets c->customer from the bearer token; false (and a 401 reply) when absent or invalid. */
bool auth_check(struct sb_ctx *c);
/* Verifies a customer's TOTP code (for login and step-up), refusing reuse of a code. */
bool auth_verify_totp(sqlite3 *db, const char *customer, const char *code);
/* scrypt with a fresh salt, in "scrypt$N$r$p$salt$hash" form. */
int auth_hash_password(const char *password, char out[200]);

/* accounts.c */
sb_handler accounts_list, accounts_get, accounts_transactions;
/* The account if it belongs to the customer: fills currency and returns true. */
bool account_owned(sqlite3 *db, const char *customer, const char *account, char currency[4]);

/* transfers.c */
sb_handler transfers_create, transfers_list, transfers_get, transfers_cancel;
/* Runs every scheduled transfer due at `now`, each exactly once; returns how many ran. */
int transfers_run_due(sqlite3 *db, int64_t now);

/* payees.c */
sb_handler payees_list, payees_create, payees_delete;
/* Name and currency of a customer's (not removed) payee. */
bool payee_owned(sqlite3 *db, const char *customer, const char *payee, char name[128],
		 char currency[4]);

/* stepup.c: confirming one request with a one-time code.  True when the
 * request carries a valid answer to a challenge issued for exactly it;
 * otherwise replies 403 step_up_required with a new challenge (or
 * step_up_failed, or 429) and marks the reply transient. */
bool stepup_granted(struct sb_ctx *c, const char *reason);

/* limits.c: daily limits on money leaving the bank, per currency */
sb_handler limits_get, limits_put;
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
sb_handler fx_quotes_create;
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

/* notify.c: the customer's notifications, and long-polling for new ones */
sb_handler notifications_list, notifications_read;
void notify(sqlite3 *db, const char *customer, int64_t at, const char *kind, const char *title,
	    const char *body, const struct money *amount, const char *ref);
/* After money left or reached one of the customer's accounts: "transaction",
 * and "large_transaction" or "anomaly" when the amount calls for it. */
void notify_movement(sqlite3 *db, const char *customer, int64_t at, const char *account,
		     const struct money *amount, const char *what, const char *category);

/* bills.c */
sb_handler billers_list, bills_list, bills_pay, bills_autopay;
/* Issues the month's bills, reminds of bills due soon, runs autopay. */
int bills_run_due(sqlite3 *db, int64_t now);
/* seed: a customer's standing bill from biller, paid from account. */
void bills_subscribe(sqlite3 *db, const char *customer, const char *biller, const char *account,
		     int64_t lo, int64_t hi, int64_t first_issue, bool autopay);
void bills_seed_billers(sqlite3 *db);

/* rewards.c */
sb_handler rewards_get, rewards_ledger, rewards_catalog, rewards_redeem;
/* The customer's tier ("silver" when unknown). */
void customer_tier(sqlite3 *db, const char *customer, char out[16]);
/* Points for a card or bill payment of `spent` (positive minor units). */
void rewards_earn(sqlite3 *db, const char *customer, int64_t at, const struct money *spent,
		  const char *category, const char *description);
/* Books the expiry of points earned a year ago. */
void rewards_expire(sqlite3 *db, int64_t now);

/* offers.c and insights */
sb_handler offers_list, offers_activate, offers_dismiss, insights_spending;

/* wallet.c */
sb_handler wallet_get, wallet_top_up, wallet_withdraw;

/* feedback.c */
sb_handler feedback_create;

/* controls.c: the sandbox clock and other controls, for demos and tests */
sb_handler clock_get, clock_advance, sandbox_reset, sandbox_card_payment;
/* POST /sandbox/faults (server.c): arms a fault for the next requests to a path. */
sb_handler sandbox_faults, sandbox_expire_tokens;
/* GET /sandbox/stats (server.c): TCP connections accepted and requests
 * answered since the start, for benchmarks that count round trips. */
sb_handler sandbox_stats;
/* Everything a bank runs as time passes: scheduled transfers, bills, expiring
 * points; returns how many transfer runs were made. */
int bank_run_due(sqlite3 *db, int64_t now);

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
/* GET /idempotency-keys/{key}: what became of a request, without running it. */
sb_handler idem_status;

/* ledger.c: one movement, its postings summing to zero per currency. */
enum ledger_err { LEDGER_OK = 0, LEDGER_INSUFFICIENT, LEDGER_CURRENCY, LEDGER_DB };
struct posting {
	const char *account;
	int64_t amount; /* signed minor units */
	const char *description;
	const char *counterparty;
	const char *category;
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
