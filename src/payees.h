/* payees.h: saved payees as the core knows them: found by name or id, and
 * the operations that add one (confirmed with a one-time code by the bank)
 * and remove one.  The decoder is api_decode_payees (api.h). */
#ifndef BANKTERM_PAYEES_H
#define BANKTERM_PAYEES_H

#include <stdbool.h>
#include <stddef.h>

#include "api.h"
#include "iban.h"
#include "op.h"

/* The payee typed names: its id, or its name in any case. */
bool payees_find(const struct api_payee *list, size_t n, const char *typed, size_t *index, char *msg, size_t msglen);
/* The own account typed names: its id, or its name in any case. */
bool accounts_find(const struct api_account *list, size_t n, const char *typed, size_t *index, char *msg,
		   size_t msglen);
/* Saves a payee; the IBAN is checked and written in its electronic form
 * first: false, with msg in words, when it is not an IBAN. */
/* The longest name the bank saves for a payee, in characters. */
#define PAYEE_NAME_MAX 70

/* Whether iban is an IBAN (its electronic form in electronic) and name 1
 * to name_max characters; else msg says which is wrong, in words. */
bool payee_fields_ok(const char *name, int name_max, const char *iban, char electronic[IBAN_MAX + 1], char *msg,
		     size_t msglen);

/* check is the name check it cites (namecheck.h: its id, or NULL), and
 * warned whether the person was warned of its outcome and went on. */
bool payees_add_op(const char *name, const char *iban, const char *currency, const char *check, bool warned,
		   struct op *op, char *msg, size_t msglen);
bool payees_remove_op(const struct api_payee *p, struct op *op);
/* Whether a payee of iban (any spacing) and currency is saved already: true,
 * with msg naming it, so a face says so before the bank checks its name. */
bool payees_saved(const struct api_payee *list, size_t n, const char *iban, const char *currency, char *msg,
		  size_t msglen);

#endif
