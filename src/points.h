/* points.h: the rewards catalogue, as the core knows it: decoded, found by
 * name or id, and redeemed.  A statement credit is paid into an account:
 * the one named, or else the first current account (points_credit_account),
 * the same in both faces. */
#ifndef BANKTERM_POINTS_H
#define BANKTERM_POINTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#include "api.h"
#include "op.h"

struct catalog_item {
	char id[API_ID_MAX], name[API_NAME_MAX], kind[32];
	int64_t points;
	bool needs_account; /* a statement credit: paid into an account */
};

/* doc["items"] of GET /rewards/catalog, strictly; *out is malloc'd. */
bool points_decode_catalog(json_object *doc, struct catalog_item **out, size_t *n, struct api_error *err);
/* One catalogue item. */
bool points_decode_item(json_object *o, struct catalog_item *out, struct api_error *err);
/* The item typed names: its id, or its name in any case. */
bool points_find(const struct catalog_item *list, size_t n, const char *typed, size_t *index, char *msg,
		 size_t msglen);
/* Where a statement credit goes when no account is named: the first
 * current account, else the first that is not the wallet; NULL if none. */
const struct api_account *points_credit_account(const struct api_account *accounts, size_t n);
/* Redeems item; to is the account a statement credit goes into (NULL for other kinds). */
bool points_redeem_op(const struct catalog_item *item, const struct api_account *to, struct op *op);

#endif
