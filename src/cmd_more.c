/* cmd_more.c: the commands beyond accounts and transfers: payees, quotes,
 * bills, the wallet, points, offers, insights, notifications, limits and
 * feedback.  Lists go through view.c (checked, then a table, --csv or
 * --json); anything that moves money goes through cli_move_money (an
 * intent first) and asks for confirmation unless --yes. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bankterm.h"
#include "cli_private.h"
#include "export.h"
#include "json.h"
#include "view.h"
#include "bills.h"
#include "cmd.h"
#include "offers.h"
#include "points.h"
#include "alerts.h"
#include "feedback.h"
#include "limit.h"
#include "payees.h"
#include "transfers.h"
#include "wallet.h"

/* Options of every command here; parse() reads them and leaves the words. */
struct args {
	const char *from, *to, *card, *status, *month, *flow, *comment, *currency;
	long limit, rating;
	bool yes, follow, every;
	int nwords;
	char **words;
};

/* A declared option's value, or NULL (also when the command has no such option). */
static const char *opt(const struct cmd_args *ca, const char *name)
{
	return cmd_declares(ca->entry, name) ? cmd_value(ca, name) : NULL;
}

/* This command's own options, as the fields below; -1 to go on, or an exit status. */
static int parse(struct run *c, struct cmd_args *ca, struct args *a)
{
	const char *cmd = ca->entry->name, *v;
	char *end;

	memset(a, 0, sizeof *a);
	a->limit = 50;
	a->from = opt(ca, "from");
	a->to = opt(ca, "to");
	a->card = opt(ca, "card");
	a->status = opt(ca, "status");
	a->month = opt(ca, "month");
	a->flow = opt(ca, "flow");
	a->comment = opt(ca, "comment");
	a->yes = opt(ca, "yes") != NULL;
	a->follow = opt(ca, "follow") != NULL;
	a->every = opt(ca, "all") != NULL;
	if ((v = opt(ca, "limit"))) {
		errno = 0;
		a->limit = strtol(v, &end, 10);
		if (*end || errno || a->limit < 1 || a->limit > 200)
			return cli_usage_error(c, cmd, _("--limit wants 1 to 200"));
	}
	if ((v = opt(ca, "rating"))) {
		errno = 0;
		a->rating = strtol(v, &end, 10);
		if (*end || errno || a->rating < 1 || a->rating > 5)
			return cli_usage_error(c, cmd, _("--rating wants 1 to 5"));
	}
	a->nwords = ca->argc;
	a->words = ca->argv;
	return -1;
}

static enum view_format format_of(const struct run *c)
{
	return c->json ? VIEW_JSON : c->csv ? VIEW_CSV : VIEW_TABLE;
}

/* GET path and show doc[array] with cols. */
static int show(struct run *c, const char *path, const char *array, const struct view_column *cols, int ncols,
		const char *what)
{
	json_object *doc = NULL;
	struct api_error err = { 0 };
	struct view v = { cols, ncols, what, &c->nf, format_of(c), c->out };
	int rc = cli_call(c, "GET", path, NULL, NULL, &doc);

	if (!rc && !view_print(&v, doc, array, &err))
		rc = cli_report(c, &err);
	json_object_put(doc);
	return rc;
}

/* Shows one object the bank answered (201/200) with cols, or as JSON. */
static int show_doc(struct run *c, json_object *doc, const struct view_column *cols, int ncols, const char *what)
{
	struct api_error err = { 0 };
	struct view v = { cols, ncols, what, &c->nf, format_of(c), c->out };

	if (!view_print(&v, doc, NULL, &err))
		return cli_report(c, &err);
	return EXIT_OK;
}



/* An amount typed in the currency given; usage error otherwise. */
static int amount_in(const struct run *c, const char *cmd, const char *text, const char *currency, struct money *m)
{
	enum money_err e = money_parse(text, currency, &c->nf, m);
	char msg[256];

	if (e == MONEY_OK && strcmp(m->currency, currency))
		e = MONEY_ERR_MISMATCH;
	if (e == MONEY_OK && m->minor <= 0) {
		snprintf(msg, sizeof msg, _("'%s' is not an amount: %s"), text, _("it must be more than zero"));
		return cli_usage_error(c, cmd, msg);
	}
	if (e != MONEY_OK) {
		snprintf(msg, sizeof msg, _("'%s' is not an amount: %s"), text, money_strerror(e));
		return cli_usage_error(c, cmd, msg);
	}
	return EXIT_OK;
}

/* --- payees ----------------------------------------------------------------------- */

static const struct view_column payee_cols[] = {
	{ "name", V_TEXT, N_("Payee"), false },
	{ "iban", V_TEXT, N_("IBAN"), false },
	{ "currency", V_TEXT, N_("Currency"), false },
	{ "id", V_TEXT, N_("ID"), false },
	{ "vop_outcome", V_NAMECHECK, N_("Name check"), true },
};
#define PAYEE_NCOLS 5

static int cmd_payees(struct run *c, struct cmd_args *ca)
{
	struct args a;
	int rc = parse(c, ca, &a);
	const char *sub = a.nwords ? a.words[0] : "list";

	if (rc >= 0)
		return rc;
	if (!strcmp(sub, "list") && a.nwords <= 1) {
		if ((rc = cli_signed_in(c)))
			return rc;
		return show(c, "/payees", "items", payee_cols, PAYEE_NCOLS, N_("the payees"));
	}
	if (!strcmp(sub, "add") && a.nwords == 4) {
		struct op op = { 0 };
		json_object *doc = NULL;
		struct name_decision nd;
		char msg[256];
		char electronic[IBAN_MAX + 1];
		/* What was typed, checked before anyone is asked anything; saved
		 * already, said before the bank is asked to check the name. */
		if (!payee_fields_ok(a.words[1], PAYEE_NAME_MAX, a.words[2], electronic, msg, sizeof msg)) {
			fprintf(c->err, "%s payees: %s\n", PACKAGE, msg);
			return EXIT_ERROR;
		}
		if ((rc = cli_signed_in(c)) || (rc = cli_payee_saved(c, "payees", a.words[2], a.words[3])))
			return rc;
		if ((rc = cli_name_check(c, ca, "payees", a.words[1], a.words[2], NULL, false, &nd)))
			return rc;
		if (!payees_add_op(nd.name, a.words[2], a.words[3], nd.r.id, nd.warned, &op, msg, sizeof msg)) {
			fprintf(c->err, "%s payees: %s\n", PACKAGE, msg);
			return EXIT_ERROR;
		}
		if (!(rc = cli_send_op(c, &op, &doc)))
			rc = show_doc(c, doc, payee_cols, PAYEE_NCOLS, N_("the payee"));
		json_object_put(doc);
		op_clear(&op);
		return rc;
	}
	if (!strcmp(sub, "remove") && a.nwords == 2) {
		struct api_payee *list = NULL;
		size_t n = 0, i;
		struct op op = { 0 };
		char msg[640];
		if ((rc = cli_signed_in(c)) || (rc = cli_fetch_payees(c, &list, &n)))
			return rc;
		if (!payees_find(list, n, a.words[1], &i, msg, sizeof msg)) {
			free(list);
			fprintf(c->err, "%s payees: %s\n", PACKAGE, msg);
			return EXIT_ERROR;
		}
		if (payees_remove_op(&list[i], &op) && !(rc = cli_send_op(c, &op, NULL))) {
			if (c->json) {
				json_object *o = json_object_new_object();
				json_object_object_add(o, "removed", json_object_new_string(list[i].id));
				json_object_object_add(o, "name", json_object_new_string(list[i].name));
				cli_print_json(c, o);
				json_object_put(o);
			} else {
				fprintf(c->err, _("Payee removed.\n"));
			}
		}
		op_clear(&op);
		free(list);
		return rc;
	}
	return cli_usage_error(c, "payees", _("use list, add NAME IBAN CURRENCY, or remove PAYEE"));
}

static const struct cmd_option payees_options[] = { OPT_JSON, OPT_CSV, OPT_USE_BANK_NAME, OPT_ACCEPT_MISMATCH,
						    { NULL, 0, NULL, NULL } };
const struct cmd_entry cmd_payees_entry = {
	"payees",
	"[list] [--json|--csv]\nadd NAME IBAN CURRENCY [--use-bank-name] [--accept-name-mismatch]\nremove PAYEE",
	N_("Saved payees, with the bank's check of each name against its account.\nAdding one checks the name first "
	   "(Verification of Payee), then is confirmed\nwith a one-time code."),
	N_("list, add (with a one-time code) and remove payees"),
	payees_options,
	cmd_payees,
};

/* --- quote ----------------------------------------------------------------------- */

static const struct view_column quote_cols[] = {
	{ "sell", V_MONEY, N_("You send"), false },
	{ "fee", V_MONEY, N_("Fee"), false },
	{ "rate", V_TEXT, N_("Rate"), false },
	{ "buy", V_MONEY, N_("They receive"), false },
	{ "expires_at", V_TIME, N_("Valid until (UTC)"), false },
};

static int cmd_quote(struct run *c, struct cmd_args *ca)
{
	struct args a;
	int rc = parse(c, ca, &a);
	struct money m;
	json_object *doc = NULL;
	struct op op = { 0 };

	if (rc >= 0)
		return rc;
	if (a.nwords != 1 || !a.to)
		return cli_usage_error(c, "quote", _("give AMOUNT and --to CURRENCY"));
	if (money_parse(a.words[0], NULL, &c->nf, &m) != MONEY_OK || m.minor <= 0)
		return cli_usage_error(c, "quote", _("give the amount with its currency, such as \"100 USD\""));
	transfers_quote_op(&m, a.to, &op);
	if (!(rc = cli_signed_in(c)) && !(rc = cli_send_op(c, &op, &doc))) {
		rc = show_doc(c, doc, quote_cols, 5, N_("the exchange quote"));
		json_object_put(doc);
	}
	op_clear(&op);
	return rc;
}

static const struct cmd_option quote_options[] = {
	{ "to", 0, "CURRENCY", N_("the currency to buy") },
	OPT_JSON,
	{ NULL, 0, NULL, NULL },
};
const struct cmd_entry cmd_quote_entry = {
	"quote",
	"AMOUNT --to CURRENCY",
	N_("What AMOUNT (with its currency, such as \"100 USD\") buys in CURRENCY,\nwith the rate and fee; a quote holds for a minute."),
	N_("what an amount buys in another currency"),
	quote_options,
	cmd_quote,
};

/* --- bills ---------------------------------------------------------------------- */

static const struct view_column bill_cols[] = {
	{ "due_date", V_TEXT, N_("Due"), false },
	{ "biller.name", V_TEXT, N_("Biller"), false },
	{ "amount", V_MONEY, N_("Amount"), false },
	{ "status", V_STATUS, N_("Status"), false },
	{ "autopay", V_BOOL, N_("Autopay"), false },
	{ "id", V_TEXT, N_("ID"), false },
};

/* Autopay on for an overdue bill pays it: asked as a payment, paid now from
 * the account named, and autopay switched on once it is paid. */
static int autopay_overdue(struct run *c, const struct bill *b, const struct api_account *from, bool yes)
{
	char summary[600];
	struct op op = { 0 };
	json_object *doc = NULL;
	int rc;

	if (!from)
		return cli_usage_error(c, "bills", _("this bill is overdue, so autopay on pays it now: name the account with --from"));
	bills_autopay_pay_summary(b, from, &c->nf, summary, sizeof summary);
	if (!cli_agreed(c, yes, "bills", summary, &rc))
		return rc;
	if (bills_pay_op(b, from, &c->nf, &op) && !(rc = cli_send_op(c, &op, &doc))) {
		json_object_put(doc);
		doc = NULL;
		if (bills_autopay_op(b, true, from, &op) && !(rc = cli_send_op(c, &op, &doc)))
			rc = show_doc(c, doc, bill_cols, 6, N_("the bill"));
	}
	json_object_put(doc);
	op_clear(&op);
	return rc;
}

static int cmd_bills(struct run *c, struct cmd_args *ca)
{
	struct args a;
	int rc = parse(c, ca, &a);
	const char *sub = a.nwords ? a.words[0] : "list";
	char path[256];

	if (rc >= 0)
		return rc;
	if (!strcmp(sub, "list") && a.nwords <= 1) {
		snprintf(path, sizeof path, "/bills");
		if (a.status)
			op_query_add(path, sizeof path, "status", a.status);
		if ((rc = cli_signed_in(c)))
			return rc;
		return show(c, path, "items", bill_cols, 6, N_("the bills"));
	}
	if ((!strcmp(sub, "pay") && a.nwords == 2 && a.from) ||
	    (!strcmp(sub, "autopay") && a.nwords == 3 && (!strcmp(a.words[2], "on") || !strcmp(a.words[2], "off")))) {
		struct api_account acc;
		struct bill *list = NULL, *b;
		size_t n = 0, i;
		struct op op = { 0 };
		json_object *doc = NULL;
		char msg[640];
		if ((rc = cli_signed_in(c)) || (a.from && (rc = cli_find_account(c, "bills", a.from, &acc))) ||
		    (rc = cli_fetch_bills(c, &list, &n)))
			return rc;
		if (!bills_find(list, n, a.words[1], &i, msg, sizeof msg)) {
			free(list);
			fprintf(c->err, "%s bills: %s\n", PACKAGE, msg);
			return EXIT_ERROR;
		}
		b = &list[i];
		if (!strcmp(sub, "autopay") && bills_autopay_pays(b, !strcmp(a.words[2], "on"))) {
			rc = autopay_overdue(c, b, a.from ? &acc : NULL, a.yes);
			free(list);
			return rc;
		}
		if (!strcmp(sub, "pay") ? !bills_pay_op(b, &acc, &c->nf, &op)
					: !bills_autopay_op(b, !strcmp(a.words[2], "on"), a.from ? &acc : NULL, &op)) {
			free(list);
			return cli_usage_error(c, "bills", _("that ID is too long"));
		}
		if ((strcmp(sub, "pay") || cli_agreed(c, a.yes, "bills", op.summary, &rc)) && !(rc = cli_send_op(c, &op, &doc)))
			rc = show_doc(c, doc, bill_cols, 6, N_("the bill"));
		json_object_put(doc);
		op_clear(&op);
		free(list);
		return rc;
	}
	return cli_usage_error(c, "bills", _("use list, pay BILL --from ACCOUNT, or autopay BILL on|off"));
}

static const struct cmd_option bills_options[] = {
	{ "status", 0, "STATUS", N_("list open, paid or all bills (default: open)") },
	{ "from", 0, "ACCOUNT", N_("the account to pay from (name or ID)") },
	OPT_YES,
	OPT_JSON,
	OPT_CSV,
	{ NULL, 0, NULL, NULL },
};
const struct cmd_entry cmd_bills_entry = {
	"bills",
	"[list] [--status open|paid|all] [--json|--csv]\npay BILL --from ACCOUNT [--yes]\nautopay BILL on|off [--from ACCOUNT]",
	N_("Bills due, paying them, and autopay.  BILL is its ID or its biller's name."),
	N_("bills due; pay them; autopay on or off"),
	bills_options,
	cmd_bills,
};

/* --- wallet ---------------------------------------------------------------------- */

static const struct view_column wallet_cols[] = {
	{ "account_id", V_TEXT, N_("Wallet"), false },
	{ "balance", V_MONEY, N_("Balance"), false },
};
static const struct view_column card_cols[] = {
	{ "label", V_TEXT, N_("Linked card"), false },
	{ "currency", V_TEXT, N_("Currency"), false },
	{ "id", V_TEXT, N_("ID"), false },
};
static const struct view_column move_cols[] = {
	{ "amount", V_MONEY, N_("Amount"), false },
	{ "wallet_balance", V_MONEY, N_("Wallet balance"), false },
	{ "movement_id", V_TEXT, N_("Reference"), false },
};

/* CSV is one table: a row for the wallet, then one a linked card. */
static const struct view_column wallet_csv_cols[] = {
	{ "kind", V_TEXT, N_("Kind"), false },
	{ "id", V_TEXT, N_("ID"), false },
	{ "label", V_TEXT, N_("Name"), true },
	{ "balance", V_MONEY, N_("Balance"), true },
	{ "currency", V_TEXT, N_("Currency"), false },
};

static int wallet_csv(struct run *c, json_object *doc)
{
	struct view v = { wallet_csv_cols, 5, N_("the wallet"), &c->nf, VIEW_CSV, c->out };
	json_object *rows = json_object_new_array(), *t = json_object_new_object(), *w = json_object_new_object();
	json_object *bal = NULL, *cur = NULL, *cards = NULL;
	struct api_error err = { 0 };
	int rc = EXIT_OK;

	json_object_object_add(w, "kind", json_object_new_string("wallet"));
	json_object_object_add(w, "id", json_object_get(json_object_object_get_ex(doc, "account_id", &cur) ? cur : NULL));
	if (json_object_object_get_ex(doc, "balance", &bal)) {
		json_object_object_add(w, "balance", json_object_get(bal));
		if (json_object_object_get_ex(bal, "currency", &cur))
			json_object_object_add(w, "currency", json_object_get(cur));
	}
	json_object_array_add(rows, w);
	if (!json_object_object_get_ex(doc, "cards", &cards) || !json_object_is_type(cards, json_type_array))
		cards = NULL;
	for (size_t i = 0; cards && i < json_object_array_length(cards); i++) {
		json_object *card = json_object_array_get_idx(cards, i), *row = json_object_new_object(), *f;
		json_object_object_add(row, "kind", json_object_new_string("card"));
		static const char *const keep[] = { "id", "label", "currency" };
		for (size_t k = 0; k < 3; k++)
			if (json_object_is_type(card, json_type_object) && json_object_object_get_ex(card, keep[k], &f))
				json_object_object_add(row, keep[k], json_object_get(f));
		json_object_array_add(rows, row);
	}
	json_object_object_add(t, "rows", rows);
	if (!view_print(&v, t, "rows", &err))
		rc = cli_report(c, &err);
	json_object_put(t);
	return rc;
}

static int cmd_wallet(struct run *c, struct cmd_args *ca)
{
	struct args a;
	int rc = parse(c, ca, &a);
	const char *sub = a.nwords ? a.words[0] : "show";
	json_object *doc = NULL, *res = NULL;
	struct api_error err = { 0 };
	struct wallet w;
	bool top_up = !strcmp(sub, "top-up");

	if (rc >= 0)
		return rc;
	if ((rc = cli_signed_in(c)) || (rc = cli_call(c, "GET", "/wallet", NULL, NULL, &doc)))
		return rc;
	if (!strcmp(sub, "show") && a.nwords <= 1) {
		struct view v = { wallet_cols, 2, N_("the wallet"), &c->nf, format_of(c), c->out };
		struct view vc = { card_cols, 3, N_("the wallet"), &c->nf, format_of(c), c->out };
		if (c->json)
			cli_print_json(c, doc);
		else if (c->csv)
			rc = wallet_csv(c, doc);
		else if (!view_print(&v, doc, NULL, &err) || (fputc('\n', c->out), !view_print(&vc, doc, "cards", &err)))
			rc = cli_report(c, &err);
		json_object_put(doc);
		return rc;
	}
	if ((top_up || !strcmp(sub, "withdraw")) && a.nwords == 2 && (top_up ? a.card != NULL : a.to != NULL)) {
		struct money m;
		struct api_account acc;
		struct op op = { 0 };
		char msg[640];
		size_t i;

		if (!wallet_decode(doc, &w, &err)) {
			json_object_put(doc);
			return cli_report(c, &err);
		}
		json_object_put(doc);
		if ((rc = amount_in(c, "wallet", a.words[1], w.balance.currency, &m)))
			return rc;
		if (top_up) {
			if (!wallet_find_card(&w, a.card, &i, msg, sizeof msg))
				return cli_usage_error(c, "wallet", msg);
			wallet_top_up_op(&w, &w.cards[i], &m, &c->nf, &op);
		} else {
			if ((rc = cli_find_account(c, "wallet", a.to, &acc)))
				return rc;
			wallet_withdraw_op(&w, &acc, &m, &c->nf, &op);
		}
		if (cli_agreed(c, a.yes, "wallet", op.summary, &rc) && !(rc = cli_send_op(c, &op, &res))) {
			rc = show_doc(c, res, move_cols, 3, N_("the wallet"));
			json_object_put(res);
		}
		op_clear(&op);
		return rc;
	}
	json_object_put(doc);
	return cli_usage_error(c, "wallet", _("use show, top-up AMOUNT --card CARD, or withdraw AMOUNT --to ACCOUNT"));
}

static const struct cmd_option wallet_options[] = {
	{ "card", 0, "CARD", N_("the linked card to top up from (its ID or part of its label)") },
	{ "to", 0, "ACCOUNT", N_("the account to withdraw to (name or ID)") },
	OPT_YES,
	OPT_JSON,
	OPT_CSV,
	{ NULL, 0, NULL, NULL },
};
const struct cmd_entry cmd_wallet_entry = {
	"wallet",
	"[show]\ntop-up AMOUNT --card CARD [--yes]\nwithdraw AMOUNT --to ACCOUNT [--yes]",
	N_("The wallet: its balance and linked cards, topping it up, emptying it."),
	N_("the wallet: top it up from a card, or withdraw"),
	wallet_options,
	cmd_wallet,
};

/* --- points ---------------------------------------------------------------------- */

static const struct view_column rewards_cols[] = {
	{ "balance", V_INT, N_("Points"), false },
	{ "tier", V_TIER, N_("Tier"), false },
	{ "expiring_points", V_INT, N_("Expiring soon"), false },
	{ "expiring_by", V_DATE, N_("By"), false },
	{ "points_to_next_tier", V_INT, N_("To next tier"), true },
};
static const struct view_column ledger_cols[] = {
	{ "at", V_DATE, N_("Date"), false },
	{ "points", V_INT, N_("Points"), false },
	{ "kind", V_TEXT, N_("Kind"), false },
	{ "description", V_TEXT, N_("Description"), false },
};
static const struct view_column catalog_cols[] = {
	{ "name", V_TEXT, N_("Item"), false },
	{ "points", V_INT, N_("Points"), false },
	{ "id", V_TEXT, N_("ID"), false },
};
static const struct view_column redemption_cols[] = {
	{ "name", V_TEXT, N_("Redeemed"), false },
	{ "points", V_INT, N_("Points"), false },
	{ "balance_after", V_INT, N_("Points left"), false },
	{ "credit", V_MONEY, N_("Credited"), true },
};

static int cmd_points(struct run *c, struct cmd_args *ca)
{
	struct args a;
	int rc = parse(c, ca, &a);
	const char *sub = a.nwords ? a.words[0] : "balance";
	char path[128];

	if (rc >= 0)
		return rc;
	if ((rc = cli_signed_in(c)))
		return rc;
	if (!strcmp(sub, "balance") && a.nwords <= 1) {
		json_object *doc = NULL;
		if ((rc = cli_call(c, "GET", "/rewards", NULL, NULL, &doc)))
			return rc;
		rc = show_doc(c, doc, rewards_cols, 5, N_("your points"));
		json_object_put(doc);
		return rc;
	}
	if (!strcmp(sub, "history") && a.nwords == 1) {
		snprintf(path, sizeof path, "/rewards/ledger?limit=%ld", a.limit);
		return show(c, path, "items", ledger_cols, 4, N_("the points history"));
	}
	if (!strcmp(sub, "catalog") && a.nwords == 1)
		return show(c, "/rewards/catalog", "items", catalog_cols, 3, N_("the catalogue"));
	if (!strcmp(sub, "redeem") && a.nwords == 2) {
		struct catalog_item *items = NULL;
		struct api_account *accounts = NULL, acc;
		const struct api_account *to = NULL;
		size_t nitems = 0, naccounts = 0, i;
		struct op op = { 0 };
		json_object *doc = NULL;
		char msg[640];
		if ((rc = cli_fetch_catalog(c, &items, &nitems)))
			return rc;
		if (!points_find(items, nitems, a.words[1], &i, msg, sizeof msg)) {
			free(items);
			fprintf(c->err, "%s points: %s\n", PACKAGE, msg);
			return EXIT_ERROR;
		}
		if (items[i].needs_account) {
			/* The account named, or the one the full screen would pay it into. */
			if (a.to)
				rc = cli_find_account(c, "points", a.to, &acc);
			else if (!(rc = cli_fetch_accounts(c, &accounts, &naccounts)) &&
				 points_credit_account(accounts, naccounts))
				acc = *points_credit_account(accounts, naccounts);
			else if (!rc)
				rc = cli_usage_error(c, "points", _("no account to pay the credit into: give --to ACCOUNT"));
			to = &acc;
		} else if (a.to) {
			rc = cli_usage_error(c, "points", _("only a statement credit is paid into an account: leave out --to"));
		}
		free(accounts);
		if (!rc && points_redeem_op(&items[i], to, &op) && cli_agreed(c, a.yes, "points", op.summary, &rc) &&
		    !(rc = cli_send_op(c, &op, &doc)))
			rc = show_doc(c, doc, redemption_cols, 4, N_("the redemption"));
		json_object_put(doc);
		op_clear(&op);
		free(items);
		return rc;
	}
	return cli_usage_error(c, "points", _("use balance, history, catalog, or redeem ITEM"));
}

static const struct cmd_option points_options[] = {
	{ "limit", 0, "N", N_("at most N entries of the history (default 50)") },
	{ "to", 0, "ACCOUNT", N_("the account a statement credit is paid into") },
	OPT_YES,
	OPT_JSON,
	OPT_CSV,
	{ NULL, 0, NULL, NULL },
};
const struct cmd_entry cmd_points_entry = {
	"points",
	"[balance]\nhistory [--limit N]\ncatalog\nredeem ITEM [--to ACCOUNT] [--yes]",
	N_("Loyalty points: balance and tier, history, what they buy, redeeming.\nITEM is its ID or name."),
	N_("loyalty points: balance, history, catalogue, redeem"),
	points_options,
	cmd_points,
};

/* --- offers ----------------------------------------------------------------------- */

static const struct view_column offer_cols[] = {
	{ "title", V_TEXT, N_("Offer"), false },
	{ "reason", V_TEXT, N_("Why you see it"), false },
	{ "status", V_STATUS, N_("Status"), false },
	{ "id", V_TEXT, N_("ID"), false },
};

static int cmd_offers(struct run *c, struct cmd_args *ca)
{
	struct args a;
	int rc = parse(c, ca, &a);
	const char *sub = a.nwords ? a.words[0] : "list";

	if (rc >= 0)
		return rc;
	if ((rc = cli_signed_in(c)))
		return rc;
	if (!strcmp(sub, "list") && a.nwords <= 1)
		return show(c, "/offers", "items", offer_cols, 4, N_("the offers"));
	if ((!strcmp(sub, "activate") || !strcmp(sub, "dismiss")) && a.nwords == 2) {
		struct offer *list = NULL;
		size_t n = 0, i;
		struct op op = { 0 };
		json_object *doc = NULL;
		char msg[640];
		if ((rc = cli_fetch_offers(c, &list, &n)))
			return rc;
		if (!offers_find(list, n, a.words[1], &i, msg, sizeof msg)) {
			free(list);
			fprintf(c->err, "%s offers: %s\n", PACKAGE, msg);
			return EXIT_ERROR;
		}
		if (!strcmp(sub, "activate") ? offers_activate_op(&list[i], &op) : offers_dismiss_op(&list[i], &op)) {
			if (!(rc = cli_send_op(c, &op, &doc)))
				rc = show_doc(c, doc, offer_cols, 4, N_("the offer"));
		} else {
			rc = cli_usage_error(c, "offers", _("that ID is too long"));
		}
		json_object_put(doc);
		op_clear(&op);
		free(list);
		return rc;
	}
	return cli_usage_error(c, "offers", _("use list, activate OFFER, or dismiss OFFER"));
}

static const struct cmd_option offers_options[] = { OPT_JSON, OPT_CSV, { NULL, 0, NULL, NULL } };
const struct cmd_entry cmd_offers_entry = {
	"offers",
	"[list]\nactivate OFFER\ndismiss OFFER",
	N_("Offers chosen from your own spending, each with the reason.  OFFER is its\nID or title."),
	N_("offers chosen for you; activate or dismiss them"),
	offers_options,
	cmd_offers,
};

/* --- insights --------------------------------------------------------------------- */

static const struct view_column insight_cols[] = {
	{ "category", V_CATEGORY, N_("Category"), false },
	{ "amount", V_MONEY, N_("Spent"), false },
	{ "share_percent", V_INT, N_("Share %"), false },
	{ "previous", V_MONEY, N_("Month before"), false },
	{ "change_percent", V_INT, N_("Change %"), true },
};

/* insights --json: these fields only, each checked, as the list of each currency's categories. */
static const struct view_column insight_month_cols[] = {
	{ "month", V_TEXT, NULL, false },
	{ "previous_month", V_TEXT, NULL, false },
};
static const struct view_column insight_currency_cols[] = {
	{ "currency", V_TEXT, NULL, false },
	{ "total", V_MONEY, NULL, false },
	{ "previous_total", V_MONEY, NULL, false },
	{ "change_percent", V_INT, NULL, true },
};

static json_object *insights_json(json_object *doc, struct api_error *err)
{
	json_object *out = view_json(insight_month_cols, 2, N_("the insights"), doc, NULL, err), *curs = NULL, *groups = NULL;

	if (out && !(curs = view_json(insight_currency_cols, 4, N_("the insights"), doc, "currencies", err))) {
		json_object_put(out);
		return NULL;
	}
	/* There, an array: view_json checked it. */
	json_object_object_get_ex(doc, "currencies", &groups);
	for (size_t i = 0; out && i < json_object_array_length(curs); i++) {
		json_object *cats = view_json(insight_cols, 5, N_("the insights"), json_object_array_get_idx(groups, i),
					      "categories", err);
		if (!cats) {
			json_object_put(out);
			out = NULL;
			break;
		}
		json_object_object_add(json_object_array_get_idx(curs, i), "categories", cats);
	}
	if (out)
		json_object_object_add(out, "currencies", json_object_get(curs));
	json_object_put(curs);
	return out;
}

static int cmd_insights(struct run *c, struct cmd_args *ca)
{
	struct args a;
	int rc = parse(c, ca, &a);
	char path[128] = "/insights/spending";
	json_object *doc = NULL, *groups = NULL;
	struct json_error jerr = { 0 };
	struct api_error err = { 0 };

	if (rc >= 0)
		return rc;
	if (a.nwords)
		return cli_usage_error(c, "insights", _("this command takes no arguments"));
	if (a.month)
		op_query_add(path, sizeof path, "month", a.month);
	if ((rc = cli_signed_in(c)) || (rc = cli_call(c, "GET", path, NULL, NULL, &doc)))
		return rc;
	if (c->json) {
		json_object *out = insights_json(doc, &err);
		json_object_put(doc);
		if (!out)
			return cli_report(c, &err);
		cli_print_json(c, out);
		json_object_put(out);
		return EXIT_OK;
	}
	if (json_get_array(doc, NULL, "currencies", 0, &groups, &jerr)) {
		char msg[256];
		json_error_message(&jerr, msg, sizeof msg);
		api_error_decode(&err, _("the insights"), msg);
		json_object_put(doc);
		return cli_report(c, &err);
	}
	for (size_t i = 0; i < json_object_array_length(groups); i++) {
		json_object *g = json_object_array_get_idx(groups, i);
		struct view v = { insight_cols, 5, N_("the insights"), &c->nf, format_of(c), c->out };
		struct money total;
		char shown[MONEY_FMT_MAX];
		if (!json_object_is_type(g, json_type_object) || json_get_money(g, NULL, "total", 0, &total, &jerr)) {
			api_error_decode(&err, _("the insights"), _("a currency group is malformed"));
			rc = cli_report(c, &err);
			break;
		}
		if (!c->csv && !total.minor) {
			/* Not a table of zeros, each "-100%": the month had nothing (or has nothing yet). */
			struct money prev;
			if (json_get_money(g, NULL, "previous_total", 0, &prev, &jerr)) {
				api_error_decode(&err, _("the insights"), _("a currency group is malformed"));
				rc = cli_report(c, &err);
				break;
			}
			cli_format_money(c, &prev, shown, sizeof shown);
			fputs(i ? "\n" : "", c->out);
			/* L10N: a month without spending in one currency; %s is the month before's total. */
			fprintf(c->out, _("Nothing spent (the month before: %s)."), shown);
			fputc('\n', c->out);
			continue;
		}
		if (!c->csv) {
			cli_format_money(c, &total, shown, sizeof shown);
			/* L10N: the total spent in one currency, as a heading above its categories. */
			fprintf(c->out, _("%sSpent in total: %s\n"), i ? "\n" : "", shown);
		}
		if (!view_print(&v, g, "categories", &err)) {
			rc = cli_report(c, &err);
			break;
		}
	}
	json_object_put(doc);
	return rc;
}

static const struct cmd_option insights_options[] = {
	{ "month", 0, "YYYY-MM", N_("this month (default: the current one)") },
	OPT_JSON,
	OPT_CSV,
	{ NULL, 0, NULL, NULL },
};
const struct cmd_entry cmd_insights_entry = {
	"insights",
	"[--month YYYY-MM] [--json|--csv]",
	N_("A month's spending by category, per currency, beside the month before."),
	N_("a month's spending by category"),
	insights_options,
	cmd_insights,
};

/* --- notifications ----------------------------------------------------------------------- */

static const struct view_column note_cols[] = {
	{ "id", V_INT, N_("ID"), false },
	{ "created_at", V_TIME, N_("When (UTC)"), false },
	{ "title", V_TEXT, N_("Alert"), false },
	{ "body", V_TEXT, N_("Details"), false },
	{ "read", V_BOOL, N_("Read"), false },
};

static volatile sig_atomic_t stop_following;

static long long mono_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Waits ms, or until Ctrl-C (the signal ends the sleep; stop_following says so). */
static void pause_ms(long ms)
{
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };

	if (!stop_following)
		nanosleep(&t, NULL);
}
static struct http *following;

/* Ctrl-C ends --follow at once: the long-poll in flight is cancelled
 * (http_cancel only stores to an atomic flag: safe in a handler). */
static void on_stop(int sig)
{
	(void)sig;
	stop_following = 1;
	if (following)
		http_cancel(following);
}

/* `notifications read ID` or `read --all`: each through the core's operation. */
static int read_alerts(struct run *c, const struct args *a)
{
	json_object *doc = NULL, *marked = json_object_new_array();
	struct alert *list = NULL;
	struct api_error err = { 0 };
	size_t n = 0, done = 0, named = 0;
	int rc;

	if (a->every == (a->nwords == 2) || a->nwords > 2 || a->follow) {
		json_object_put(marked);
		return cli_usage_error(c, "notifications", _("use read ID, or read --all"));
	}
	/* Every alert, a page at a time from the oldest (after=...). */
	for (int64_t after = 0;;) {
		struct alert *page = NULL;
		size_t np = 0;
		char path[96];
		snprintf(path, sizeof path, "/notifications?after=%" PRId64 "&limit=100", after);
		if ((rc = cli_call(c, "GET", path, NULL, NULL, &doc)))
			break;
		if (!alerts_decode(doc, &page, &np, &err)) {
			rc = cli_report(c, &err);
			break;
		}
		json_object_put(doc);
		doc = NULL;
		list = xrealloc(list, (n + np + 1) * sizeof *list);
		memcpy(list + n, page, np * sizeof *page);
		n += np;
		free(page);
		if (np < 100 || list[n - 1].id <= after)
			break;
		after = list[n - 1].id;
	}
	json_object_put(doc);
	if (rc) {
		free(list);
		json_object_put(marked);
		return rc;
	}
	for (size_t i = 0; i < n && !rc; i++) {
		struct op op = { 0 };
		char id[24];
		snprintf(id, sizeof id, "%" PRId64, list[i].id);
		if (a->every ? list[i].read : strcmp(id, a->words[1]))
			continue;
		named++;
		if (!list[i].read && alerts_read_op(&list[i], &op) && !(rc = cli_send_op(c, &op, NULL))) {
			done++;
			json_object_array_add(marked, json_object_new_int64(list[i].id));
		}
		op_clear(&op);
	}
	free(list);
	if (!rc && !a->every && !named) {
		char what[160];
		/* L10N: %s is the ID typed. */
		snprintf(what, sizeof what, _("no alert has the ID '%s'"), a->words[1]);
		json_object_put(marked);
		return cli_usage_error(c, "notifications", what);
	}
	if (!rc && c->json) {
		/* {"marked_read": [IDs]}: the alerts marked read now (none when already read). */
		json_object *o = json_object_new_object();
		json_object_object_add(o, "marked_read", json_object_get(marked));
		cli_print_json(c, o);
		json_object_put(o);
	}
	if (!rc) {
		/* L10N: how many alerts were marked read now. */
		fprintf(c->err, ngettext("%zu alert marked read.\n", "%zu alerts marked read.\n", done), done);
	}
	json_object_put(marked);
	return rc;
}

static int cmd_notifications(struct run *c, struct cmd_args *ca)
{
	struct args a;
	int rc = parse(c, ca, &a);
	char path[128];
	json_object *doc = NULL;
	int64_t last = 0;
	long backoff = 0; /* ms: see the loop */
	void (*old_int)(int), (*old_term)(int);

	if (rc >= 0)
		return rc;
	if (a.nwords && strcmp(a.words[0], "read"))
		return cli_usage_error(c, "notifications", _("use read ID, or read --all"));
	if ((rc = cli_signed_in(c)))
		return rc;
	if (a.nwords)
		return read_alerts(c, &a);
	if (a.every)
		return cli_usage_error(c, "notifications", _("--all goes with read"));
	if (!a.follow) {
		snprintf(path, sizeof path, "/notifications?limit=%ld", a.limit);
		return show(c, path, "items", note_cols, 5, N_("the notifications"));
	}
	/* Follow: start after the newest, then long-poll, printing each batch. */
	if ((rc = cli_call(c, "GET", "/notifications?limit=1", NULL, NULL, &doc)))
		return rc;
	{
		struct json_error jerr = { 0 };
		if (json_get_int64(doc, NULL, "last_id", 0, 0, INT64_MAX, &last, &jerr)) {
			struct api_error err = { 0 };
			char msg[256];
			json_error_message(&jerr, msg, sizeof msg);
			api_error_decode(&err, _("the notifications"), msg);
			json_object_put(doc);
			return cli_report(c, &err);
		}
	}
	json_object_put(doc);
	following = c->s.http;
	old_int = signal(SIGINT, on_stop);
	old_term = signal(SIGTERM, on_stop);
	setvbuf(c->out, NULL, _IOLBF, 0);
	while (!stop_following) {
		struct http_request rq = { "GET", path, NULL, NULL, NULL, NULL, NULL, 30000 };
		long long asked = mono_ms();
		struct api_error err = { 0 };
		struct json_error jerr = { 0 };
		/* --json: one alert a line, checked and shaped as in the list. */
		struct view v = { note_cols, 5, N_("the notifications"), &c->nf,
				  c->json ? VIEW_JSON_LINES : format_of(c), c->out };
		json_object *items = NULL;
		int64_t next = last;

		snprintf(path, sizeof path, "/notifications?after=%" PRId64 "&wait=25", last);
		doc = NULL;
		if (!session_call(&c->s, &rq, NULL, &doc, &err)) {
			if (stop_following)
				break;
			following = NULL;
			return cli_report(c, &err);
		}
		if (json_get_int64(doc, NULL, "last_id", 0, 0, INT64_MAX, &next, &jerr) ||
		    json_get_array(doc, NULL, "items", 0, &items, &jerr)) {
			char msg[256];
			json_error_message(&jerr, msg, sizeof msg);
			api_error_decode(&err, _("the notifications"), msg);
			json_object_put(doc);
			following = NULL;
			return cli_report(c, &err);
		}
		if (json_object_array_length(items)) {
			if (!view_print(&v, doc, "items", &err)) {
				json_object_put(doc);
				following = NULL;
				return cli_report(c, &err);
			}
		}
		/* A long-poll is answered when there is news or after its wait: one
		 * answered at once with nothing new is a bank that does not wait, and
		 * asking again at once would be a storm.  Back off, 1 s doubling to
		 * 30 s, until it waits or has news again. */
		if ((!json_object_array_length(items) && mono_ms() - asked < 1000) || next < last ||
		    (json_object_array_length(items) && next == last)) {
			backoff = backoff ? (backoff * 2 > 30000 ? 30000 : backoff * 2) : 1000;
			pause_ms(backoff);
		} else {
			backoff = 0;
		}
		if (next > last)
			last = next;
		json_object_put(doc);
	}
	/* The handler must not reach the connection once it is gone. */
	signal(SIGINT, old_int);
	signal(SIGTERM, old_term);
	following = NULL;
	return EXIT_OK;
}

static const struct cmd_option notifications_options[] = {
	{ "limit", 0, "N", N_("at most N alerts (default 50)") },
	{ "all", 0, NULL, N_("with read: every unread alert") },
	{ "follow", 0, NULL, N_("then new ones as they arrive, until interrupted") },
	OPT_JSON,
	OPT_CSV,
	{ NULL, 0, NULL, NULL },
};
const struct cmd_entry cmd_notifications_entry = {
	"notifications",
	"[--limit N] [--follow] [--json|--csv]\nread ID | read --all",
	N_("Your alerts, newest first; with --follow, new ones as they arrive\n(one a line, oldest first) until interrupted."),
	N_("your alerts; --follow to watch for new ones"),
	notifications_options,
	cmd_notifications,
};

/* --- limits ----------------------------------------------------------------------- */

static const struct view_column limit_cols[] = {
	{ "currency", V_TEXT, N_("Currency"), false },
	{ "daily", V_MONEY, N_("Daily limit"), false },
	{ "used_today", V_MONEY, N_("Used today"), false },
	{ "remaining_today", V_MONEY, N_("Left today"), false },
	{ "step_up_above", V_MONEY, N_("Code needed above"), false },
};

static int cmd_limits(struct run *c, struct cmd_args *ca)
{
	struct args a;
	int rc = parse(c, ca, &a);
	const char *sub = a.nwords ? a.words[0] : "show";

	if (rc >= 0)
		return rc;
	if ((rc = cli_signed_in(c)))
		return rc;
	if (!strcmp(sub, "show") && a.nwords <= 1)
		return show(c, "/limits", "items", limit_cols, 5, N_("your limits"));
	if (!strcmp(sub, "set") && a.nwords == 2) {
		struct money m;
		json_object *doc = NULL;
		struct op op = { 0 };
		if (money_parse(a.words[1], NULL, &c->nf, &m) != MONEY_OK || m.minor < 0)
			return cli_usage_error(c, "limits", _("give the amount with its currency, such as \"5000 USD\""));
		limit_set_op(&m, &c->nf, &op);
		rc = cli_send_op(c, &op, &doc);
		op_clear(&op);
		if (!rc) {
			struct view v = { limit_cols, 5, N_("your limits"), &c->nf, format_of(c), c->out };
			struct api_error err = { 0 };
			if (!view_print(&v, doc, "items", &err))
				rc = cli_report(c, &err);
		}
		json_object_put(doc);
		return rc;
	}
	return cli_usage_error(c, "limits", _("use show, or set AMOUNT"));
}

static const struct cmd_option limits_options[] = { OPT_JSON, OPT_CSV, { NULL, 0, NULL, NULL } };
const struct cmd_entry cmd_limits_entry = {
	"limits",
	"[show]\nset AMOUNT",
	N_("Daily limits on payments to payees.  Lowering one is immediate; raising\none is confirmed with a one-time code.  AMOUNT carries its currency."),
	N_("daily payment limits; lower or raise them"),
	limits_options,
	cmd_limits,
};

/* --- feedback ----------------------------------------------------------------------- */

static int cmd_feedback(struct run *c, struct cmd_args *ca)
{
	struct args a;
	int rc = parse(c, ca, &a);
	json_object *doc = NULL;
	struct op op = { 0 };

	if (rc >= 0)
		return rc;
	if (!a.rating || a.nwords)
		return cli_usage_error(c, "feedback", _("give --rating 1 to 5"));
	feedback_op((int)a.rating, a.flow, a.comment, &op);
	if (!(rc = cli_signed_in(c)) && !(rc = cli_send_op(c, &op, &doc))) {
		if (c->json)
			cli_print_json(c, doc);
		else
			fprintf(c->err, _("Thank you for your feedback.\n"));
	}
	json_object_put(doc);
	op_clear(&op);
	return rc;
}

static const struct cmd_option feedback_options[] = {
	{ "rating", 0, "1-5", N_("how it went, from 1 (poor) to 5 (great)") },
	{ "flow", 0, "FLOW", N_("what it is about (default: general)") },
	{ "comment", 0, "TEXT", N_("why, in your words") },
	OPT_JSON,
	{ NULL, 0, NULL, NULL },
};
const struct cmd_entry cmd_feedback_entry = {
	"feedback",
	"--rating 1-5 [--flow FLOW] [--comment TEXT]",
	N_("Tell the bank how a flow went: transfer, bill_payment, redemption, offers,\nlogin, support or general (the default)."),
	N_("rate a flow and tell the bank why"),
	feedback_options,
	cmd_feedback,
};

/* --- export -------------------------------------------------------------------------- */

/* The path a symbolic link names, followed to its end when it exists, else
 * its text (beside the link when relative).  Allocated. */
static char *link_target(const char *link)
{
	char *real = realpath(link, NULL), text[4096];
	ssize_t n;

	if (real)
		return real;
	n = readlink(link, text, sizeof text - 1);
	if (n < 0)
		return xstrdup(link);
	text[n] = '\0';
	if (text[0] != '/' && strrchr(link, '/')) {
		size_t dir = (size_t)(strrchr(link, '/') - link) + 1;
		char *joined = xmalloc(dir + (size_t)n + 1);
		memcpy(joined, link, dir);
		memcpy(joined + dir, text, (size_t)n + 1);
		return joined;
	}
	return xstrdup(text);
}

/* One account's rows, page by page as the bank sends them, into e. */
static int export_walk(struct run *c, struct export *e, const char *base)
{
	char cursor[128] = "";
	struct walk w;
	int rc = EXIT_OK;

	walk_start(&w, 200);
	while (!rc) {
		struct api_txn_page page;

		if ((rc = cli_fetch_txn_page(c, base, walk_limit(&w, WALK_PAGE_MAX), cursor, &w, &page)))
			break;
		for (size_t i = 0; !rc && i < page.n; i++)
			if (export_row(e, &page.items[i])) {
				fprintf(c->err, _("%s: cannot write the export: %s\n"), PACKAGE, strerror(errno));
				rc = EXIT_ERROR;
			}
		snprintf(cursor, sizeof cursor, "%s", page.next_cursor);
		api_txn_page_clear(&page);
		if (!*cursor)
			break;
	}
	walk_end(&w);
	return rc;
}

static int cmd_export(struct run *c, struct cmd_args *ca)
{
	enum export_format fmt = EXPORT_CSV;
	const char *from = cmd_value(ca, "from"), *to = cmd_value(ca, "to"), *output = cmd_value(ca, "output");
	bool all = cmd_has(ca, "all"), journal;
	struct api_account acc, *list = NULL;
	size_t nlist = 0;
	struct export e;
	char base[512], tmpname[4200], *target = NULL;
	struct stat sb;
	FILE *out = c->out, *existing = NULL;
	bool direct = false; /* a pipe or a device: written into, not replaced */
	int rc;

	if (cmd_has(ca, "format") && !export_format_parse(cmd_value(ca, "format"), &fmt))
		return cli_usage_error(c, "export", _("--format is csv, json, ofx, ledger or beancount"));
	/* --json, as every command takes it: the JSON export. */
	if (c->json) {
		if (cmd_has(ca, "format") && fmt != EXPORT_JSON)
			return cli_usage_error(c, "export", _("--json and --format name two formats: give one"));
		fmt = EXPORT_JSON;
	}
	journal = fmt == EXPORT_LEDGER || fmt == EXPORT_BEANCOUNT;
	if (all && !journal)
		return cli_usage_error(c, "export", _("--all writes one journal: give --format ledger or beancount"));
	if (ca->argc != (all ? 0 : 1))
		return cli_usage_error(c, "export", all ? _("--all takes no account") : _("name one account"));
	if (all) {
		if ((rc = cli_txn_days(c, "export", from, to)) || (rc = cli_signed_in(c)))
			return rc;
	} else {
		if ((rc = cli_txn_base(c, "export", ca->argv[0], from, to, &acc, base, sizeof base)))
			return rc;
		op_query_add(base, sizeof base, "order", "oldest");
	}
	/* A journal names the other side of a transfer between two accounts by the account's name. */
	if (journal && (rc = cli_fetch_accounts(c, &list, &nlist)))
		return rc;
	if (all && !nlist) {
		free(list);
		fprintf(c->err, _("%s: the bank lists no account to export\n"), PACKAGE);
		return EXIT_ERROR;
	}
	/* "-" is standard output, as everywhere. */
	if (output && !strcmp(output, "-"))
		output = NULL;
	/* A link is followed (the file it names is what is replaced, the link
	 * stays); a pipe or a device (/dev/stdout) is written into; anything
	 * else that is not a file is refused. */
	if (output && !lstat(output, &sb)) {
		if (S_ISLNK(sb.st_mode)) {
			target = link_target(output);
			output = target;
			/* A link to nothing yet: the file it names is made. */
			if (stat(target, &sb))
				sb.st_mode = S_IFREG;
		}
		if (S_ISFIFO(sb.st_mode) || S_ISCHR(sb.st_mode)) {
			direct = true;
		} else if (!S_ISREG(sb.st_mode)) {
			/* L10N: %s is the file name given to --output. */
			fprintf(c->err, _("%s: %s is not a file to write an export into\n"), PACKAGE, output);
			free(target);
			free(list);
			return EXIT_USAGE;
		} else if (journal) {
			/* A journal there already: only what it lacks is added.  One that
			 * cannot be read is not replaced by a new one. */
			if (!(existing = fopen(output, "re"))) {
				fprintf(c->err, _("%s: cannot read %s: %s\n"), PACKAGE, output, strerror(errno));
				free(target);
				free(list);
				return EXIT_ERROR;
			}
		}
	}
	if (output && direct) {
		int fd = open(output, O_WRONLY | O_NOCTTY | O_CLOEXEC);
		if (fd < 0 || !(out = fdopen(fd, "w"))) {
			fprintf(c->err, _("%s: cannot write %s: %s\n"), PACKAGE, output, strerror(errno));
			if (fd >= 0)
				close(fd);
			free(target);
			free(list);
			return EXIT_ERROR;
		}
	} else if (output) {
		int fd;
		/* Written beside the target and renamed: a reader never sees half a file. */
		snprintf(tmpname, sizeof tmpname, "%s.XXXXXX", output);
		fd = mkstemp(tmpname);
		if (fd < 0 || !(out = fdopen(fd, "w"))) {
			/* L10N: a file name, then the system's reason. */
			fprintf(c->err, _("%s: cannot write %s: %s\n"), PACKAGE, output, strerror(errno));
			if (fd >= 0) {
				close(fd);
				unlink(tmpname);
			}
			if (existing)
				fclose(existing);
			free(target);
			free(list);
			return EXIT_ERROR;
		}
	}
	rc = EXIT_OK;
	if (export_begin(&e, out, fmt, all ? &list[0] : &acc, (long long)time(NULL))) {
		fprintf(c->err, _("%s: cannot write the export: %s\n"), PACKAGE, strerror(errno));
		rc = EXIT_ERROR;
	} else if (journal && export_journal(&e, list, nlist, existing, !from && !to)) {
		/* L10N: %s is the file given to --output. */
		fprintf(c->err, _("%s: %s holds something other than a journal of this format; it is left as it was\n"),
			PACKAGE, output);
		rc = EXIT_USAGE;
	} else if (existing) {
		/* The journal as it was, then what it lacks. */
		char buf[8192], last = '\n';
		size_t got;
		rewind(existing);
		while ((got = fread(buf, 1, sizeof buf, existing)) > 0) {
			fwrite(buf, 1, got, out);
			last = buf[got - 1];
		}
		/* What is added starts on a line of its own. */
		if (last != '\n')
			fputc('\n', out);
		if (ferror(existing)) {
			fprintf(c->err, _("%s: cannot read %s: %s\n"), PACKAGE, output, strerror(errno));
			rc = EXIT_ERROR;
		}
	}
	for (size_t i = 0; !rc && i < (all ? nlist : 1); i++) {
		if (all) {
			if ((rc = cli_txn_path(c, "export", &list[i], from, to, base, sizeof base)))
				break;
			/* Oldest first, as an export is written: each page goes out as it comes. */
			op_query_add(base, sizeof base, "order", "oldest");
			if (i)
				export_next_account(&e, &list[i]);
		}
		rc = export_walk(c, &e, base);
	}
	/* Rows missing: an opening balance would be the balance less a part of them. */
	if (rc) {
		e.complete = false;
		e.cut = true;
	}
	if (export_end(&e) && !rc) {
		fprintf(c->err, _("%s: cannot write the export: %s\n"), PACKAGE, strerror(errno));
		rc = EXIT_ERROR;
	}
	if (existing)
		fclose(existing);
	if (output && direct) {
		if (fclose(out) && !rc) {
			fprintf(c->err, _("%s: cannot write %s: %s\n"), PACKAGE, output, strerror(errno));
			rc = EXIT_ERROR;
		}
	} else if (output) {
		/* Half an export is no export: the file is there whole, or not at all. */
		if (fclose(out) || rc || rename(tmpname, output)) {
			if (!rc)
				fprintf(c->err, _("%s: cannot write %s: %s\n"), PACKAGE, output, strerror(errno));
			unlink(tmpname);
			rc = rc ? rc : EXIT_ERROR;
		} else if (existing) {
			/* L10N: a count of new transactions, the file, then how many were there already. */
			fprintf(c->err, ngettext("%zu new transaction added to %s (%zu there already).\n",
						 "%zu new transactions added to %s (%zu there already).\n", e.n),
				e.n, output, e.skipped);
		} else {
			/* L10N: a count of transactions, then the file name. */
			fprintf(c->err, ngettext("%zu transaction written to %s.\n", "%zu transactions written to %s.\n", e.n),
				e.n, output);
		}
	}
	free(target);
	free(list);
	return rc;
}

static const struct cmd_option export_options[] = {
	{ "format", 0, "FORMAT", N_("csv (the default), json, ofx, ledger or beancount") },
	{ "all", 0, NULL, N_("every account, in one journal (ledger or beancount)") },
	{ "from", 0, "DATE", N_("from this day (YYYY-MM-DD)") },
	{ "to", 0, "DATE", N_("up to this day") },
	{ "output", 'o', "FILE", N_("write to FILE (whole, readable by you only), not standard output") },
	{ "json", 0, NULL, N_("the same as --format json") },
	{ NULL, 0, NULL, NULL },
};
const struct cmd_entry cmd_export_entry = {
	"export",
	"ACCOUNT [--format csv|json|ofx|ledger|beancount|--json] [--from DATE] [--to DATE] [--output FILE]\n"
	"--all --format ledger|beancount [--from DATE] [--to DATE] [--output FILE]",
	N_("Write an account's transactions, oldest first, for other programs: CSV (the\ndefault), JSON, an OFX "
	   "statement, or a journal for ledger or beancount.  --all\nwrites one journal of every account.  A journal "
	   "exported into a file that\nholds one adds only the transactions it lacks."),
	N_("write transactions as CSV, JSON, OFX or a journal"),
	export_options,
	cmd_export,
};
