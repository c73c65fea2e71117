/* words.c: the bank's stable codes, translated (see words.h). */
#include "config.h"

#include <string.h>

#include "i18n.h"
#include "text.h"
#include "words.h"

struct word {
	const char *code, *text;
};

/* L10N: an account's kind, as the bank codes it. */
static const struct word kinds[] = {
	{ "current", N_("current") }, { "savings", N_("savings") }, { "credit", N_("credit") },
	{ "wallet", N_("wallet") },   { NULL, NULL },
};
/* L10N: a loyalty tier. */
static const struct word tiers[] = {
	{ "silver", N_("silver") }, { "gold", N_("gold") }, { "platinum", N_("platinum") }, { NULL, NULL },
};
/* L10N: a spending category. */
static const struct word categories[] = {
	{ "groceries", N_("groceries") }, { "dining", N_("dining") },       { "transport", N_("transport") },
	{ "shopping", N_("shopping") },   { "utilities", N_("utilities") }, { "travel", N_("travel") },
	{ "health", N_("health") },       { "insurance", N_("insurance") }, { "entertainment", N_("entertainment") },
	{ "fees", N_("fees") },           { "income", N_("income") },       { "salary", N_("salary") },
	{ "transfer", N_("transfer") },   { "rent", N_("rent") },           { "cash", N_("cash") },
	{ "other", N_("other") },         { "housing", N_("housing") },     { "business", N_("business") },
	{ "exchange", N_("currency exchange") }, { "rewards", N_("rewards") }, { "opening", N_("opening balance") },
	{ NULL, NULL },
};
/* L10N: a status of a bill, a transfer, an offer or a conversation with the bank. */
static const struct word statuses[] = {
	{ "due", N_("due") },           { "overdue", N_("overdue") },     { "paid", N_("paid") },
	{ "completed", N_("completed") }, { "scheduled", N_("scheduled") }, { "failed", N_("failed") },
	{ "cancelled", N_("cancelled") }, { "available", N_("available") }, { "activated", N_("activated") },
	{ "dismissed", N_("dismissed") }, { "open", NC_("state", "open") },           { "closed", N_("closed") },
	{ NULL, NULL },
};

static const struct word *table(enum words_set set)
{
	return set == WORDS_KIND ? kinds : set == WORDS_TIER ? tiers : set == WORDS_CATEGORY ? categories : statuses;
}

int words_widest(enum words_set set)
{
	int most = 0;

	for (const struct word *w = table(set); w->code; w++)
		if (text_width(_(w->text)) > most)
			most = text_width(_(w->text));
	return most;
}

const char *words_of(enum words_set set, const char *code)
{
	const struct word *w = table(set);

	if (!code)
		return "";
	for (; w->code; w++)
		if (!strcmp(w->code, code))
			return i18n_ctx(w->text);
	return code;
}
