/* walk.h: walking a history page by page without trusting the bank's
 * pacing.  A bank that gives a cursor it gave before, more rows than the
 * total it reported, or empty pages that say more follow, would keep a
 * client asking for ever: the walk stops it with a reason in words. */
#ifndef BANKTERM_WALK_H
#define BANKTERM_WALK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api.h"

struct walk {
	long limit;        /* rows asked for a page */
	long pages;        /* pages taken so far */
	long long rows;    /* rows in them */
	int empty;         /* empty pages in a row */
	int64_t total;     /* the total the first page reported, or -1 */
	long max;          /* the largest page the bank takes, as it said (0: it did not) */
	char **seen;       /* the cursors given so far (a hash set) */
	size_t nseen, cap;
};

/* The most rows a page is asked for, whatever a bank says it takes. */
#define WALK_PAGE_MAX 1000

/* Starts a walk of pages of limit rows. */
void walk_start(struct walk *w, long limit);
/* How many rows to ask the next page for, when want more are wanted: the
 * first page's size until the bank has said the largest it takes (a long
 * history then comes in pages of up to WALK_PAGE_MAX, not 200). */
long walk_limit(struct walk *w, long want);
/* Takes a page in: true when the walk may go on to page->next_cursor (or
 * has ended, next_cursor ""); false, with why (in words, translated), when
 * the bank's paging cannot be right. */
bool walk_next(struct walk *w, const struct api_txn_page *page, char *why, size_t len);
void walk_end(struct walk *w);

#endif
