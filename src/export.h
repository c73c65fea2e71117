/* export.h: an account's transactions written out for other programs: CSV
 * (RFC 4180), JSON, OFX 2.2 (the bank statement format money programs
 * import) and a ledger journal (for ledger and hledger).  Pure: it writes
 * to a FILE and never touches the network. */
#ifndef BANKTERM_EXPORT_H
#define BANKTERM_EXPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "api.h"

enum export_format { EXPORT_CSV, EXPORT_JSON, EXPORT_OFX, EXPORT_LEDGER };

bool export_format_parse(const char *name, enum export_format *out);

/* An export written as its rows come (oldest first), holding none of them:
 * a history of any length takes the memory of a row.  Each returns 0, or -1
 * when writing failed (errno says why). */
struct export {
	FILE *to;
	enum export_format fmt;
	const struct api_account *acc;
	long long now;   /* the statement's time (Unix seconds) */
	size_t n;        /* rows written */
	FILE *spool;     /* OFX: the rows, until their first and last times are known */
	char first[32], last[32];
	char *ledger_name; /* ledger: the account's name as a journal's account part */
};
int export_begin(struct export *e, FILE *to, enum export_format fmt, const struct api_account *acc, long long now);
int export_row(struct export *e, const struct api_transaction *t);
int export_end(struct export *e);

/* Writes the transactions t[0..n) (as the bank lists them, newest first) of
 * acc, oldest first.  now is the statement's time (Unix seconds).  Returns
 * 0, or -1 when writing failed (errno says why). */
int export_write(FILE *to, enum export_format fmt, const struct api_account *acc,
		 const struct api_transaction *t, size_t n, long long now);

/* The CSV export's header line and one row, for listings that stream. */
/* One CSV cell (RFC 4180), made safe for a terminal; text that a spreadsheet
 * would run as a formula is prefixed with a quote when text is set. */
void export_csv_cell(FILE *to, const char *raw, bool text);
void export_csv_header(FILE *to);
void export_csv_row(FILE *to, const struct api_transaction *t);
/* A transaction as JSON, the same in --json lists and in the export. */
json_object *export_txn_json(const struct api_transaction *t);

#endif
