/* vop_match.h: Verification of Payee, the bank's side: does the name a
 * customer typed for a payee match the name of the IBAN's account holder?
 * Pure (no database): the directory of holders is the caller's.
 *
 * The rules (doc/api.yaml says them to clients):
 *
 * - Both names are read as words: letters and digits, case folded, accents
 *   gone ("é" is "e"); "ä", "ö", "ü" may be written "ae", "oe", "ue" and
 *   "ß" "ss" (both spellings are tried); punctuation and spacing do not count
 *   ("O'Brien" is "obrien", "Smith-Jones" is "smith jones").
 * - Legal forms (GmbH, Ltd, Limited, SARL, SA, Inc, LLC, PLC, AG, BV, ...)
 *   are set apart: one left out is still the name; two different ones make
 *   it at best a close match.
 * - Word order does not count ("Chen Jamie" is "Jamie Chen").
 * - An initial stands for a word it starts ("J. Chen" for "Jamie Chen"), and
 *   makes a close match, never a match.
 * - Otherwise the two names' similarity, from 0 to 1, is 1 less their edit
 *   distance (Levenshtein, by letters) over the longer's length, on the words
 *   sorted; VOP_CLOSE_AT (0.80) or more is a close match, below is none.  A
 *   typo of one letter in a name of seven or more is close; a different
 *   surname is none.
 * - A business name with a legal form is never a match for a person's name
 *   without one unless the words themselves match.
 */
#ifndef SANDBOX_VOP_MATCH_H
#define SANDBOX_VOP_MATCH_H

#include <stdbool.h>
#include <stddef.h>

enum vop_outcome {
	VOP_MATCH,     /* the names are the same */
	VOP_CLOSE,     /* nearly: the bank shows the holder's name */
	VOP_NO_MATCH,  /* a different name */
};

/* At or above this similarity, a close match. */
#define VOP_CLOSE_AT 0.80
/* The longest name the API takes, in characters; past it (in bytes, four
 * to a character) vop_match reads no further. */
#define VOP_NAME_MAX 140

/* How typed compares with the holder's registered name; *similarity (may
 * be NULL) gets the measure of the last rule. */
enum vop_outcome vop_match(const char *typed, const char *registered, double *similarity);

/* The words of name as the rules read them, joined by one space (for
 * logs and tests); ascii_umlauts picks "ue" (true) or "u" (false) for "ü". */
void vop_normalise(const char *name, bool ascii_umlauts, char *out, size_t len);

#endif
