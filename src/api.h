/* api.h: the bank's API in typed C.  Every response is decoded strictly:
 * a missing or mistyped field is an error that names it, never a silent
 * zero.  Errors from the bank (problem+json) become translated sentences
 * chosen by their stable `code`, not by the server's English text. */
#ifndef BANKTERM_API_H
#define BANKTERM_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#include "http.h"
#include "money.h"

enum api_status {
	API_OK = 0,
	API_ERR_TRANSPORT, /* no answer: see http_err */
	API_ERR_DECODE,    /* an answer we cannot read: malformed, truncated, mistyped */
	API_ERR_PROBLEM,   /* the bank said no: see code */
};

struct api_error {
	enum api_status status;
	enum http_err transport;
	long http_status;
	char code[48];      /* "insufficient_funds", "step_up_required", ... */
	char field[96];     /* the request field the bank refused, if it said */
	char challenge[48]; /* with mfa_required and step_up_required */
	char message[512];  /* translated, for people */
};

/* The translated sentence for a problem code ("" codes get a generic one). */
const char *api_problem_text(const char *code);
/* Fills err from a response that is not 2xx. */
void api_error_from_response(const struct http_response *rs, struct api_error *err);
/* Fills err for a response whose JSON did not decode. */
void api_error_decode(struct api_error *err, const char *what, const char *detail);

/* Parses a 2xx response body as a JSON object; false (and err) when it is not one. */
bool api_parse(const struct http_response *rs, json_object **out, struct api_error *err);

/* --- types -------------------------------------------------------------------- */

#define API_ID_MAX 48
#define API_NAME_MAX 160
#define API_TEXT_MAX 512
/* The most transactions a list is asked to hold: row numbers stay small. */
#define API_TOTAL_MAX 100000000

struct api_tokens {
	char *access, *refresh; /* wiped on free */
	int64_t expires_in;
};

struct api_profile {
	char id[API_ID_MAX], username[72], display_name[API_NAME_MAX], email[API_NAME_MAX];
	char tier[16], locale[24];
	bool mfa_enrolled;
};

struct api_account {
	char id[API_ID_MAX], kind[16], name[API_NAME_MAX], currency[4], iban[40];
	struct money booked, available;
};

/* Strings on the heap, sized to fit: a long history (a million rows for
 * the benchmarks) must not cost a kilobyte a row. */
struct api_transaction {
	char *id, *description, *counterparty, *category, *booked_at;
	struct money amount;
	/* Money between two of the customer's own accounts (the bank's
	 * "transfer"): the id both sides share, the other account, and what it
	 * booked.  transfer_id is NULL on any other transaction. */
	char *transfer_id, *transfer_account;
	struct money transfer_amount;
};

struct api_txn_page {
	struct api_transaction *items;
	size_t n;
	char next_cursor[128]; /* "" on the last page */
	int64_t total;         /* how many match, when asked (total=true); else -1 */
	int64_t max_limit;     /* the largest page the bank takes, when it says; else 0 */
};

/* A payee's name check (Verification of Payee, namecheck.h): never
 * checked, or the bank's outcome for the name it is saved under. */
enum payee_check { PAYEE_UNCHECKED, PAYEE_MATCH, PAYEE_CLOSE_MATCH, PAYEE_NO_MATCH, PAYEE_NOT_POSSIBLE };

struct api_payee {
	char id[API_ID_MAX], name[API_NAME_MAX], iban[40], currency[4];
	enum payee_check check;
	bool warned; /* the customer was warned of the check's outcome and went on */
};

/* The bank's word for an outcome ("close_match"); false when it is none of the four. */
bool api_payee_check_parse(const char *code, enum payee_check *out);

struct api_quote {
	char id[API_ID_MAX], rate[24], expires_at[32];
	struct money sell, buy, fee;
};

struct api_transfer {
	char id[API_ID_MAX], status[16], next_run[32], recurrence[16];
	struct money amount, credit;
};

bool api_decode_payees(json_object *o, struct api_payee **out, size_t *n, struct api_error *err);
/* One payee object (prefix names it in errors; may be NULL). */
bool api_decode_payee(json_object *o, const char *prefix, struct api_payee *out, struct api_error *err);
bool api_decode_quote(json_object *o, struct api_quote *out, struct api_error *err);
bool api_decode_transfer(json_object *o, struct api_transfer *out, struct api_error *err);
bool api_decode_tokens(json_object *o, struct api_tokens *out, struct api_error *err);
void api_tokens_clear(struct api_tokens *t);
bool api_decode_profile(json_object *o, struct api_profile *out, struct api_error *err);
bool api_decode_accounts(json_object *o, struct api_account **out, size_t *n, struct api_error *err);
bool api_decode_account(json_object *o, const char *prefix, struct api_account *out, struct api_error *err);
/* A page of transactions from the bank's bytes, read without a tree
 * (api_page.c); api_decode_txn_page reads one already parsed, the same way. */
bool api_parse_txn_page(const char *buf, size_t len, struct api_txn_page *out, struct api_error *err);
bool api_decode_txn_page(json_object *o, struct api_txn_page *out, struct api_error *err);
void api_txn_page_clear(struct api_txn_page *p);
/* Frees one transaction's strings (for items moved out of a page).  A
 * decoded transaction's strings share one allocation, owned by id. */
void api_transaction_clear(struct api_transaction *t);

#endif
