/* bills.h: bills, as the core knows them: decoded from the bank, found by
 * the biller's name or the bill's id, paid, and put on autopay.  Both faces
 * use these; neither builds a bill's request itself. */
#ifndef BANKTERM_BILLS_H
#define BANKTERM_BILLS_H

#include <stdbool.h>
#include <stddef.h>

#include <json-c/json.h>

#include "api.h"
#include "money.h"
#include "op.h"

struct bill {
	char id[API_ID_MAX], biller[API_NAME_MAX], status[16], due_date[16];
	struct money amount;
	bool autopay;
};

/* doc["items"] of GET /bills, strictly; *out is malloc'd. */
bool bills_decode(json_object *doc, struct bill **out, size_t *n, struct api_error *err);
/* One bill object (the answer to a payment or an autopay change). */
bool bills_decode_one(json_object *o, struct bill *out, struct api_error *err);
/* True for a bill still to pay (due or overdue). */
bool bills_open(const struct bill *b);
/**
 * The bill typed names: its id, or its biller's name in any case (among
 * several from one biller, the one still open).  msg says why not, in words.
 */
bool bills_find(const struct bill *list, size_t n, const char *typed, size_t *index, char *msg, size_t msglen);
/* Pays b from the account: a payment, confirmed first. */
bool bills_pay_op(const struct bill *b, const struct api_account *from, const struct numfmt *nf, struct op *op);
/* Autopay on or off; from (may be NULL) the account it pays from. */
bool bills_autopay_op(const struct bill *b, bool on, const struct api_account *from, struct op *op);
/* Whether switching autopay on (on) for b is a payment: an overdue bill is
 * paid at the bank's next run.  Both faces then ask as for a payment, from
 * an account the person names, pay it now (bills_pay_op) and switch autopay
 * on once it is paid; nothing is paid unasked. */
bool bills_autopay_pays(const struct bill *b, bool on);
/* The question for that: "Con Edison is overdue: pay 85.00 USD (due
 * 2026-11-24) from Everyday now, and pay it automatically from then on". */
void bills_autopay_pay_summary(const struct bill *b, const struct api_account *from, const struct numfmt *nf,
			       char *out, size_t len);

#endif
