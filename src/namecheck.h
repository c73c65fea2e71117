/* namecheck.h: Verification of Payee as the core knows it.  Before a payee
 * is saved, and before the first payment to a payee whose name was never
 * checked, the bank is asked whether the name matches the holder of the
 * IBAN.  Its answer is one of four outcomes (api.h: enum payee_check); this
 * module builds the question, decodes the answer, and says each outcome in
 * words both faces show the same way, with the rules of going on:
 *
 * - a match goes on;
 * - a close match names the holder as the bank has it, which a face offers
 *   to use instead of the name typed;
 * - no match warns of a scam, and going on takes a deliberate act (the
 *   name typed again, or --accept-name-mismatch), never the key or flag of a
 *   normal confirmation; the bank is told the person was warned;
 * - not possible warns, and the person may go on (also recorded as warned). */
#ifndef BANKTERM_NAMECHECK_H
#define BANKTERM_NAMECHECK_H

#include <stdbool.h>
#include <stddef.h>

#include <json-c/json.h>

#include "api.h"
#include "op.h"

/* The longest name the bank checks (characters, as its API says). */
#define NAMECHECK_NAME_MAX 140

/* The bank's answer to one check. */
struct namecheck {
	char id[API_ID_MAX];              /* the check, which the payee or payment cites */
	enum payee_check outcome;
	char holder[API_NAME_MAX];        /* the holder's name, on a close match only (safe for a terminal) */
};

/* The question: does name match the holder of iban?  false, with msg in
 * words, when iban is not an IBAN or name is empty or too long. */
bool namecheck_op(const char *name, const char *iban, struct op *op, char *msg, size_t msglen);
/* The answer: false, with err, when it is not a check's answer. */
bool namecheck_decode(json_object *doc, struct namecheck *out, struct api_error *err);

/* After a close match at a payee's first payment: the payee renamed to the
 * holder's name the check offered (then a match).  false when r is no close
 * match. */
bool namecheck_rename_op(const struct api_payee *p, const struct namecheck *r, struct op *op);

/* The bank's word for an outcome ("no_match"); NULL when unchecked. */
const char *namecheck_code(enum payee_check c);
/* A payee's state in a list, in words ("name matches the account"). */
const char *namecheck_state(enum payee_check c);
/* The outcome said whole, for the name the person typed: what the bank
 * found, and for no match and not possible, what a scam looks like and
 * what to do.  Safe for a terminal. */
void namecheck_explain(const struct namecheck *r, const char *typed, char *out, size_t len);
/* What a payment to a saved payee needs first, by its stored check: the
 * bank asked (never checked), its warning said again (no match), or
 * nothing.  Both faces follow it. */
enum namecheck_need { NAMECHECK_NONE, NAMECHECK_ASK, NAMECHECK_WARN_AGAIN };
enum namecheck_need namecheck_needed(enum payee_check stored);

/* Whether going on after this outcome records that the person was warned. */
bool namecheck_warns(enum payee_check c);
/* Whether going on after this outcome takes a deliberate act. */
bool namecheck_blocks(enum payee_check c);
/* The deliberate act: the payee's name typed again, in any case and spacing. */
bool namecheck_retyped(const char *again, const char *name);

#endif
