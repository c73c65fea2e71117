/* limit.h: the daily payment limit, as the core sets it.  (Not "limits.h":
 * that name is the C library's.) */
#ifndef BANKTERM_LIMIT_H
#define BANKTERM_LIMIT_H

#include <stdbool.h>

#include "money.h"
#include "op.h"

/* Sets the daily limit on payments to payees in daily's currency (raising
 * it is confirmed with a one-time code by the bank). */
bool limit_set_op(const struct money *daily, const struct numfmt *nf, struct op *op);

#endif
