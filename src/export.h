/* export.h: an account's transactions written out for other programs: CSV
 * (RFC 4180), JSON, OFX 1.6 (the bank statement format money programs
 * import, with the header that names its UTF-8), and a journal for ledger
 * and hledger or for beancount (journal.h).  Pure: it writes
 * to a FILE and never touches the network. */
#ifndef BANKTERM_EXPORT_H
#define BANKTERM_EXPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "api.h"

enum export_format { EXPORT_CSV, EXPORT_JSON, EXPORT_OFX, EXPORT_LEDGER, EXPORT_BEANCOUNT };

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
	size_t skipped;  /* journals: rows left out as already in the journal added to */
	FILE *spool;     /* OFX: the rows, until their first and last times are known */
	char first[32], last[32];
	struct journal *journal; /* ledger, beancount (journal.h) */
	bool complete;           /* journals: the rows run to today */
	bool header;             /* journals: a new file */
	bool cut;                /* rows are missing: a JSON is left unclosed, so no reader takes it as whole */
};
int export_begin(struct export *e, FILE *to, enum export_format fmt, const struct api_account *acc, long long now);
/* A journal's (after export_begin): all[0..nall), the customer's accounts,
 * which name the other side of a transfer between them (kept, not copied);
 * existing, a journal of the same format the export is added to (only what
 * it lacks is written), or NULL; complete: the rows run to today, so the
 * opening balances are known.  0, or -1 when existing is not such a journal. */
int export_journal(struct export *e, const struct api_account *all, size_t nall, FILE *existing, bool complete);
/* A journal's: the rows that follow are acc's (export --all). */
void export_next_account(struct export *e, const struct api_account *acc);
int export_row(struct export *e, const struct api_transaction *t);
int export_end(struct export *e);

/* The CSV export's header line and one row, for listings that stream. */
/* One CSV cell (RFC 4180), made safe for a terminal; text that a spreadsheet
 * would run as a formula is prefixed with a quote when text is set. */
void export_csv_cell(FILE *to, const char *raw, bool text);
void export_csv_header(FILE *to);
void export_csv_row(FILE *to, const struct api_transaction *t);
/* A transaction as JSON, the same in --json lists and in the export. */
json_object *export_txn_json(const struct api_transaction *t);

#endif
