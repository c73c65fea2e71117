/* journal.h: transactions as a plain-text accounting journal, for ledger
 * and hledger, or for beancount.
 *
 * Each account of the bank is an asset (a credit card a liability); a
 * payment's other side is Expenses:CATEGORY, money in is Income:CATEGORY,
 * and money between two of the customer's own accounts is one transaction
 * between the two, in both currencies when it was converted.  An account's
 * balance before its first row comes from Equity:Opening Balances.  Every
 * account, commodity and tag is declared, as hledger check --strict,
 * ledger --pedantic and bean-check ask.  Each transaction carries its key
 * (the bank's id, or the transfer's id both sides share), so a journal
 * exported again into the same file gains only what it lacks.
 *
 * The rows wait in a file of their own until the end, when the declarations
 * they need are known: memory does not grow with the history. */
#ifndef BANKTERM_JOURNAL_H
#define BANKTERM_JOURNAL_H

#include <stdbool.h>
#include <stdio.h>

#include "api.h"

struct journal;

/* A journal for ledger (beancount false) or beancount; all[0..n) are the
 * customer's accounts, which name the other side of a transfer between
 * them.  NULL when no spool file can be made (errno says why). */
struct journal *journal_new(bool beancount, const struct api_account *all, size_t n);
/* all[0..n): the customer's accounts, in place of those given to journal_new. */
void journal_accounts(struct journal *j, const struct api_account *all, size_t n);
/* A journal already in the file the export goes into: its keys and
 * declarations, so that what it holds is not written again.  Returns the
 * keys found, or -1 when it is not a journal of this format. */
long journal_known(struct journal *j, FILE *existing);
/* The rows that follow are acc's, oldest first. */
void journal_account(struct journal *j, const struct api_account *acc);
void journal_row(struct journal *j, const struct api_transaction *t);
/* acc's rows are done; complete: they ran to today, so its balance before
 * the first of them (its booked balance less their sum) is known. */
void journal_account_end(struct journal *j, bool complete);
/* Writes the declarations the transactions need (those the existing
 * journal lacks), then the transactions; header: a new file's first lines
 * too.  0, or -1 when writing failed. */
int journal_write(struct journal *j, FILE *to, bool header);
/* Transactions written by journal_write, and rows left out as already there. */
size_t journal_count(const struct journal *j, size_t *skipped);
void journal_free(struct journal **j);

#endif
