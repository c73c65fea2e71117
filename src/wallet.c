/* wallet.c: the wallet operations of the core (see wallet.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "json.h"
#include "text.h"
#include "wallet.h"

bool wallet_decode(json_object *doc, struct wallet *out, struct api_error *err)
{
	struct json_error jerr = { 0 };
	json_object *cards = NULL;
	const char *id;
	char msg[256];

	memset(out, 0, sizeof *out);
	if (json_get_string(doc, NULL, "account_id", 0, API_ID_MAX - 1, &id, &jerr) ||
	    json_get_money(doc, NULL, "balance", 0, &out->balance, &jerr) ||
	    json_get_array(doc, NULL, "cards", 0, &cards, &jerr))
		goto bad;
	snprintf(out->account_id, sizeof out->account_id, "%s", id);
	for (size_t i = 0; i < json_object_array_length(cards) && out->ncards < WALLET_CARDS_MAX; i++) {
		json_object *c = json_object_array_get_idx(cards, i);
		struct wallet_card *wc = &out->cards[out->ncards];
		const char *cid, *label, *cur;
		if (json_get_string(c, "cards", "id", 0, API_ID_MAX - 1, &cid, &jerr) ||
		    json_get_string(c, "cards", "label", 0, API_NAME_MAX - 1, &label, &jerr) ||
		    json_get_string(c, "cards", "currency", 0, 3, &cur, &jerr))
			goto bad;
		snprintf(wc->id, sizeof wc->id, "%s", cid);
		snprintf(wc->label, sizeof wc->label, "%s", label);
		snprintf(wc->currency, sizeof wc->currency, "%s", cur);
		out->ncards++;
	}
	return true;
bad:
	json_error_message(&jerr, msg, sizeof msg);
	memset(err, 0, sizeof *err);
	/* L10N: what was being read, in "the bank's answer about %s cannot be read". */
	api_error_decode(err, _("the wallet"), msg);
	return false;
}

bool wallet_find_card(const struct wallet *w, const char *typed, size_t *index, char *msg, size_t msglen)
{
	size_t hits = 0;
	char *safe;

	for (size_t i = 0; i < w->ncards; i++)
		if (!strcmp(w->cards[i].id, typed)) {
			*index = i;
			return true;
		}
	for (size_t i = 0; *typed && i < w->ncards; i++)
		if (strcasestr(w->cards[i].label, typed) && !hits++)
			*index = i;
	if (hits == 1)
		return true;
	safe = text_sanitize(typed, strlen(typed), 0);
	snprintf(msg, msglen,
		 /* L10N: %s is what was typed to name a linked card. */
		 hits ? _("several linked cards match '%s': give more of it, or the ID")
		      /* L10N: %s is what was typed; then the command that lists the cards. */
		      : _("no linked card matches '%s' (see '%s wallet')"),
		 safe, PACKAGE);
	free(safe);
	return false;
}

/* A movement of the wallet: path, whose counterpart goes in key (card_id or account_id). */
static void movement(const char *path, const char *key, const char *id, const struct money *amount, struct op *op)
{
	json_object *body = json_object_new_object();

	op_clear(op);
	json_object_object_add(body, key, json_object_new_string(id));
	json_object_object_add(body, "amount", json_new_money(amount));
	op_set(op, "POST", path);
	op_body(op, body);
	op->moves_money = true;
}

bool wallet_top_up_op(const struct wallet *w, const struct wallet_card *card, const struct money *amount,
		      const struct numfmt *nf, struct op *op)
{
	char shown[MONEY_FMT_MAX];

	(void)w;
	movement("/wallet/top-ups", "card_id", card->id, amount, op);
	op_money(amount, nf, shown, sizeof shown);
	/* L10N: AMOUNT, then the card's label. */
	snprintf(op->summary, sizeof op->summary, _("Top the wallet up with %s from %s"), shown, card->label);
	return true;
}

bool wallet_withdraw_op(const struct wallet *w, const struct api_account *to, const struct money *amount,
			const struct numfmt *nf, struct op *op)
{
	char shown[MONEY_FMT_MAX];

	(void)w;
	movement("/wallet/withdrawals", "account_id", to->id, amount, op);
	op_money(amount, nf, shown, sizeof shown);
	/* L10N: AMOUNT, then an account's name. */
	snprintf(op->summary, sizeof op->summary, _("Move %s from the wallet to %s"), shown, to->name);
	return true;
}
