/* table.h: aligned text tables for the command line, measured in display
 * columns (CJK text takes two), every cell sanitized for the terminal. */
#ifndef BANKTERM_TABLE_H
#define BANKTERM_TABLE_H

#include <stdbool.h>
#include <stdio.h>

struct table;

/* ncols headers (translated by the caller); right[i] aligns column i right. */
struct table *table_new(int ncols, const char *const *headers, const bool *right);
/* Adds a row of ncols cells (untrusted text is fine: it is sanitized). */
void table_add(struct table *t, const char *const *cells);
/* Writes the table; the last column is not padded. */
void table_print(const struct table *t, FILE *to);
void table_free(struct table **t);

#endif
