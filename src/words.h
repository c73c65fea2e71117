/* words.h: the bank's stable codes in the user's language.  The bank sends
 * codes for what it names from a fixed set (an account's kind, a tier, a
 * spending category, a status); both faces show them through here, so a
 * German user reads "Girokonto", not "current".  A code this version does
 * not know is shown as the bank wrote it (the caller still sanitizes it). */
#ifndef BANKTERM_WORDS_H
#define BANKTERM_WORDS_H

enum words_set {
	WORDS_KIND,     /* an account's kind: current, savings, credit, wallet */
	WORDS_TIER,     /* a loyalty tier: silver, gold, platinum */
	WORDS_CATEGORY, /* a spending category: groceries, dining, ... */
	WORDS_STATUS,   /* a status of a bill, transfer or offer: due, overdue, scheduled, ... */
};

/* code as words of set, translated; code itself when unknown ("" for NULL). */
const char *words_of(enum words_set set, const char *code);
/* The display width of the widest word of set in this language: a column
 * that shows them is this wide, so no translated word is cut. */
int words_widest(enum words_set set);

#endif
