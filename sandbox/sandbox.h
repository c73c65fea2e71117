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
 * failure is a bug, not bad input. */
sqlite3_stmt *db_prepare(sqlite3 *db, const char *sql);
/* Runs a single-value query; returns def when it yields no row. */
int64_t db_int(sqlite3 *db, const char *sql, const char *arg, int64_t def);
/* BEGIN IMMEDIATE, retrying while another writer holds the lock. */
int db_begin(sqlite3 *db);
int db_commit(sqlite3 *db);
void db_rollback(sqlite3 *db);
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
/* Replies 400 invalid_request with a `field` member naming what is wrong. */
void sb_field_problem(struct sb_ctx *c, const char *field, const char *detail);
/* Replies 400 naming the bad field of a JSON body. */
void sb_bad_field(struct sb_ctx *c, const struct json_error *err);
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

/* clock.c: the sandbox clock, for demos and tests */
sb_handler clock_get, clock_advance;
sb_handler payees_list;

/* Idempotency (idem.c): call inside the transaction of a money movement. */
enum idem_state { IDEM_NEW, IDEM_REPLAYED, IDEM_CONFLICT, IDEM_MISSING_KEY };
enum idem_state idem_begin(struct sb_ctx *c, char key_out[80]);
/* Stores the reply already set on c under the key (same transaction). */
void idem_store(struct sb_ctx *c, const char *key);

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

/* seed.c */
int seed_demo(sqlite3 *db, int64_t now);
void seed_list_personas(FILE *to);

/* check.c: every invariant of the ledger; prints breaches to `to`. */
int check_db(const char *path, FILE *to);

#endif
