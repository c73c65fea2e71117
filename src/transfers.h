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
#include "view.h"

/* A transfer the bank answered (made, scheduled, or cancelled) as --json
 * prints it: these fields, each checked, and nothing else the bank sent
 * (doc/json/transfer.schema.json). */
extern const struct view_column transfers_json_cols[];
#define TRANSFERS_JSON_NCOLS 13

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
enum transfer_when { TRANSFER_NOW, TRANSFER_ON, TRANSFER_WEEKLY, TRANSFER_MONTHLY };

/* A new transfer, as a face gathered it. */
struct transfer_request {
	const struct api_account *from;
	const char *to_id, *to_name; /* an own account's, or a saved payee's */
	bool to_payee;
	struct money amount;
	const char *reference;      /* "" or NULL for none */
	enum transfer_when when;
	const char *date;           /* YYYY-MM-DD: the day (TRANSFER_ON), or the first (weekly, monthly: "" is today) */
	const struct api_quote *quote; /* into another currency: the quote it converts at, or NULL */
	/* To a payee: the name check it relies on (namecheck.h): the check's id
	 * when this payment cites one (the payee's first), its outcome, and
	 * whether the person was warned of it and went on. */
	const char *vop_check;
	enum payee_check vop;
	bool vop_warned;
};

/* The transfer, with its summary ("Send 25.00 USD from Everyday to Savings, now"):
 * a payment, through the exactly-once protocol. */
bool transfers_create_op(const struct transfer_request *t, const struct numfmt *nf, struct op *op);
/* Whether from holds amount (in its currency) available now; false with msg
 * in words (with the amount available unless privacy).  The bank decides
 * at the end; this says so before the person reviews anything. */
bool transfers_affordable(const struct api_account *from, const struct money *amount, const struct numfmt *nf,
			  bool privacy, char *msg, size_t msglen);
/* An exchange quote: what sell buys in buy_currency. */
bool transfers_quote_op(const struct money *sell, const char *buy_currency, struct op *op);
/* Cancels t; dest is transfers_destination's words. */
bool transfers_cancel_op(const struct scheduled *t, const char *dest, const struct numfmt *nf, struct op *op);

#endif
