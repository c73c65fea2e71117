/* wallet.h: the wallet as the core knows it: its balance and linked cards,
 * decoded; a card found by id or part of its label; topping it up from a
 * card and withdrawing to an account, each a payment with its summary. */
#ifndef BANKTERM_WALLET_H
#define BANKTERM_WALLET_H

#include <stdbool.h>
#include <stddef.h>

#include <json-c/json.h>

#include "api.h"
#include "money.h"
#include "op.h"

#define WALLET_CARDS_MAX 16

struct wallet_card {
	char id[API_ID_MAX], label[API_NAME_MAX], currency[4];
};

struct wallet {
	char account_id[API_ID_MAX];
	struct money balance;
	struct wallet_card cards[WALLET_CARDS_MAX];
	size_t ncards;
};

/* GET /wallet, strictly. */
bool wallet_decode(json_object *doc, struct wallet *out, struct api_error *err);
/* The card typed names: its id, or a part of its label (in any case) that only one label holds. */
bool wallet_find_card(const struct wallet *w, const char *typed, size_t *index, char *msg, size_t msglen);
/* Tops the wallet up with amount (in the wallet's currency) from a linked card. */
bool wallet_top_up_op(const struct wallet *w, const struct wallet_card *card, const struct money *amount,
		      const struct numfmt *nf, struct op *op);
/* Moves amount from the wallet to an own account. */
bool wallet_withdraw_op(const struct wallet *w, const struct api_account *to, const struct money *amount,
			const struct numfmt *nf, struct op *op);

#endif
