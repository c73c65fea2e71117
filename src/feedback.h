/* feedback.h: the customer's rating of a flow, as the core sends it. */
#ifndef BANKTERM_FEEDBACK_H
#define BANKTERM_FEEDBACK_H

#include <stdbool.h>

#include "op.h"

/* Rates a flow ("transfer", "bill_payment", ...) 1 to 5, with a comment or
 * NULL; false for a rating out of range. */
bool feedback_op(int rating, const char *flow, const char *comment, struct op *op);

#endif
