/* transfers.h: scheduled and recurring transfers as the core knows them:
 * decoded (the scheduled ones, by next date), named in words (where the
 * money goes), found by id, and cancelled.  Both faces list and cancel
 * them through these. */
#ifndef BANKTERM_TRANSFERS_H
#define BANKTERM_TRANSFERS_H

#include <stdbool.h>
#include <stddef.h>

#include <json-c/json.h>

#include "api.h"
#include "money.h"
#include "op.h"

struct scheduled {
	char id[API_ID_MAX], from_account[API_ID_MAX], to_account[API_ID_MAX], payee_id[API_ID_MAX];
	char next_run[32], recurrence[16], reference[API_TEXT_MAX];
	struct money amount;
};

/* The scheduled transfers of doc["items"] (GET /transfers), soonest first. */
bool transfers_decode_scheduled(json_object *doc, struct scheduled **out, size_t *n, struct api_error *err);
/* Where t's money goes, in words: an own account's name, a payee's name, or its id. */
void transfers_destination(const struct scheduled *t, const struct api_account *accounts, size_t naccounts,
			   const struct api_payee *payees, size_t npayees, char *out, size_t len);
/* The rule in words: "once", "every week", "every month". */
const char *transfers_rule(const struct scheduled *t);
/* The one scheduled transfer typed names (its id, or a unique start of it of 8 or more characters). */
bool transfers_find(const struct scheduled *list, size_t n, const char *typed, size_t *index, char *msg,
		    size_t msglen);
/* Cancels t; dest is transfers_destination's words. */
bool transfers_cancel_op(const struct scheduled *t, const char *dest, const struct numfmt *nf, struct op *op);

#endif
