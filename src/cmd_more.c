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
#include <time.h>
#include <unistd.h>

#include "bankterm.h"
#include "cli_private.h"
#include "export.h"
#include "json.h"
#include "view.h"
#include "bills.h"
#include "offers.h"
#include "points.h"

/* Options of every command here; parse() reads them and leaves the words. */
struct args {
	const char *from, *to, *card, *status, *month, *flow, *comment, *currency;
	long limit, rating;
	bool yes, follow;
	int nwords;
	char **words;
};

enum { O_FROM = 256, O_TO, O_CARD, O_STATUS, O_MONTH, O_FLOW, O_COMMENT, O_LIMIT, O_RATING, O_YES, O_FOLLOW,
       O_CSV };

/* Parses the options; returns -1 to go on, or an exit status (help, error). */
static int parse(struct cli *c, int argc, char **argv, const char *usage, struct args *a)
{
	static const struct option opts[] = {
		COMMON_OPTIONS,
		{ "csv", no_argument, NULL, O_CSV },
		{ "from", required_argument, NULL, O_FROM },
		{ "to", required_argument, NULL, O_TO },
		{ "card", required_argument, NULL, O_CARD },
		{ "status", required_argument, NULL, O_STATUS },
		{ "month", required_argument, NULL, O_MONTH },
		{ "flow", required_argument, NULL, O_FLOW },
		{ "comment", required_argument, NULL, O_COMMENT },
		{ "limit", required_argument, NULL, O_LIMIT },
		{ "rating", required_argument, NULL, O_RATING },
		{ "yes", no_argument, NULL, O_YES },
		{ "follow", no_argument, NULL, O_FOLLOW },
		{ NULL, 0, NULL, 0 },
	};
	const char *cmd = argv[0];
	char *end;
	int o;

	memset(a, 0, sizeof *a);
	a->limit = 50;
	while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (o) {
		case 'h':
			fputs(usage, stdout);
			return EXIT_OK;
		case 'j':
			c->json = true;
			break;
		case O_CSV:
			c->csv = true;
			break;
		case O_FROM:
			a->from = optarg;
			break;
		case O_TO:
			a->to = optarg;
			break;
		case O_CARD:
			a->card = optarg;
			break;
		case O_STATUS:
			a->status = optarg;
			break;
		case O_MONTH:
			a->month = optarg;
			break;
		case O_FLOW:
			a->flow = optarg;
			break;
		case O_COMMENT:
			a->comment = optarg;
			break;
		case O_LIMIT:
		case O_RATING:
			errno = 0;
			*(o == O_LIMIT ? &a->limit : &a->rating) = strtol(optarg, &end, 10);
			if (*end || errno || (o == O_LIMIT ? a->limit < 1 || a->limit > 200 : a->rating < 1 || a->rating > 5))
				return cli_usage_error(cmd, o == O_LIMIT ? _("--limit wants 1 to 200")
									 : _("--rating wants 1 to 5"));
			break;
		case O_YES:
			a->yes = true;
			break;
		case O_FOLLOW:
			a->follow = true;
			break;
		default:
			return cli_usage_error(cmd, _("unknown option"));
		}
	}
	a->nwords = argc - optind;
	a->words = argv + optind;
	return -1;
}

static enum view_format format_of(const struct cli *c)
{
	return c->json ? VIEW_JSON : c->csv ? VIEW_CSV : VIEW_TABLE;
}

/* GET path and show doc[array] with cols. */
static int show(struct cli *c, const char *path, const char *array, const struct view_column *cols, int ncols,
		const char *what)
{
	json_object *doc = NULL;
	struct api_error err = { 0 };
	struct view v = { cols, ncols, what, &c->nf, format_of(c) };
	int rc = cli_call(c, "GET", path, NULL, NULL, &doc);

	if (!rc && !view_print(&v, doc, array, &err))
		rc = cli_report(&err);
	json_object_put(doc);
	return rc;
}

/* Shows one object the bank answered (201/200) with cols, or as JSON. */
static int show_doc(struct cli *c, json_object *doc, const struct view_column *cols, int ncols, const char *what)
{
	struct api_error err = { 0 };
	struct view v = { cols, ncols, what, &c->nf, format_of(c) };

	if (!view_print(&v, doc, NULL, &err))
		return cli_report(&err);
	return EXIT_OK;
}

static char *body_of(json_object *o)
{
	char *s = xstrdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
	return s;
}

/* Asks before something happens, unless --yes; false when not confirmed. */
static bool agreed(const struct args *a, const char *cmd, const char *summary, int *rc)
{
	char *safe, q[800];

	if (a->yes)
		return true;
	if (!isatty(STDIN_FILENO)) {
		*rc = cli_usage_error(cmd, _("no terminal to confirm on: add --yes"));
		return false;
	}
	safe = text_sanitize(summary, strlen(summary), 0);
	snprintf(q, sizeof q, _("%s?\nConfirm [y/N]: "), safe);
	free(safe);
	if (!cli_confirm(q)) {
		fprintf(stderr, _("Nothing was done.\n"));
		*rc = EXIT_ERROR;
		return false;
	}
	return true;
}

/* An amount typed in the currency given; usage error otherwise. */
static int amount_in(const struct cli *c, const char *cmd, const char *text, const char *currency, struct money *m)
{
	enum money_err e = money_parse(text, currency, &c->nf, m);
	char msg[256];

	if (e == MONEY_OK && strcmp(m->currency, currency))
		e = MONEY_ERR_MISMATCH;
	if (e == MONEY_OK && m->minor <= 0) {
		snprintf(msg, sizeof msg, _("'%s' is not an amount: %s"), text, _("it must be more than zero"));
		return cli_usage_error(cmd, msg);
	}
	if (e != MONEY_OK) {
		snprintf(msg, sizeof msg, _("'%s' is not an amount: %s"), text, money_strerror(e));
		return cli_usage_error(cmd, msg);
	}
	return EXIT_OK;
}

/* --- payees ----------------------------------------------------------------------- */

static const struct view_column payee_cols[] = {
	{ "name", V_TEXT, N_("Payee"), false },
	{ "iban", V_TEXT, N_("IBAN"), false },
	{ "currency", V_TEXT, N_("Currency"), false },
	{ "id", V_TEXT, N_("ID"), false },
};

int cmd_payees(struct cli *c, int argc, char **argv)
{
	struct args a;
	int rc = parse(c, argc, argv,
		       _("Usage: bankterm payees [list] [--json|--csv]\n"
			 "       bankterm payees add NAME IBAN CURRENCY\n"
			 "       bankterm payees remove PAYEE\n"
			 "Saved payees.  Adding one is confirmed with a one-time code.\n"),
		       &a);
	const char *sub = a.nwords ? a.words[0] : "list";

	if (rc >= 0)
		return rc;
	if (!strcmp(sub, "list") && a.nwords <= 1) {
		if ((rc = cli_signed_in(c)))
			return rc;
		return show(c, "/payees", "items", payee_cols, 4, N_("the payees"));
	}
	if (!strcmp(sub, "add") && a.nwords == 4) {
		json_object *o = json_object_new_object(), *doc = NULL;
		char key[UUID_STR_LEN], *body;
		json_object_object_add(o, "name", json_object_new_string(a.words[1]));
		json_object_object_add(o, "iban", json_object_new_string(a.words[2]));
		json_object_object_add(o, "currency", json_object_new_string(a.words[3]));
		body = body_of(o);
		uuid_v4(key);
		if (!(rc = cli_signed_in(c)) && !(rc = cli_call(c, "POST", "/payees", body, key, &doc))) {
			rc = show_doc(c, doc, payee_cols, 4, N_("the payee"));
			json_object_put(doc);
		}
		free(body);
		return rc;
	}
	if (!strcmp(sub, "remove") && a.nwords == 2) {
		struct api_payee *list = NULL;
		size_t n = 0, hits = 0;
		char path[128] = "";
		if ((rc = cli_signed_in(c)) || (rc = cli_fetch_payees(c, &list, &n)))
			return rc;
		for (size_t i = 0; i < n; i++)
			if (!strcmp(list[i].id, a.words[1]) || !strcasecmp(list[i].name, a.words[1])) {
				snprintf(path, sizeof path, "/payees/%s", list[i].id);
				hits++;
			}
		free(list);
		if (hits != 1)
			return cli_usage_error("payees", hits ? _("more than one payee has that name: use its ID")
							      : _("no such payee"));
		if (!(rc = cli_call(c, "DELETE", path, NULL, NULL, NULL)))
			fprintf(stderr, _("Payee removed.\n"));
		return rc;
	}
	return cli_usage_error("payees", _("use list, add NAME IBAN CURRENCY, or remove PAYEE"));
}

/* --- quote ----------------------------------------------------------------------- */

static const struct view_column quote_cols[] = {
	{ "sell", V_MONEY, N_("You send"), false },
	{ "fee", V_MONEY, N_("Fee"), false },
	{ "rate", V_TEXT, N_("Rate"), false },
	{ "buy", V_MONEY, N_("They receive"), false },
	{ "expires_at", V_TIME, N_("Valid until (UTC)"), false },
};

int cmd_quote(struct cli *c, int argc, char **argv)
{
	struct args a;
	int rc = parse(c, argc, argv,
		       _("Usage: bankterm quote AMOUNT --to CURRENCY\n"
			 "What AMOUNT (with its currency, such as \"100 USD\") buys in CURRENCY,\n"
			 "with the rate and fee; a quote holds for a minute.\n"),
		       &a);
	struct money m;
	json_object *o, *doc = NULL;
	char key[UUID_STR_LEN], *body;

	if (rc >= 0)
		return rc;
	if (a.nwords != 1 || !a.to)
		return cli_usage_error("quote", _("give AMOUNT and --to CURRENCY"));
	if (money_parse(a.words[0], NULL, &c->nf, &m) != MONEY_OK || m.minor <= 0)
		return cli_usage_error("quote", _("give the amount with its currency, such as \"100 USD\""));
	o = json_object_new_object();
	json_object_object_add(o, "sell", json_new_money(&m));
	json_object_object_add(o, "buy_currency", json_object_new_string(a.to));
	body = body_of(o);
	uuid_v4(key);
	if (!(rc = cli_signed_in(c)) && !(rc = cli_call(c, "POST", "/fx/quotes", body, key, &doc))) {
		rc = show_doc(c, doc, quote_cols, 5, N_("the exchange quote"));
		json_object_put(doc);
	}
	free(body);
	return rc;
}

/* --- bills ---------------------------------------------------------------------- */

static const struct view_column bill_cols[] = {
	{ "due_date", V_TEXT, N_("Due"), false },
	{ "biller.name", V_TEXT, N_("Biller"), false },
	{ "amount", V_MONEY, N_("Amount"), false },
	{ "status", V_TEXT, N_("Status"), false },
	{ "autopay", V_BOOL, N_("Autopay"), false },
	{ "id", V_TEXT, N_("ID"), false },
};

int cmd_bills(struct cli *c, int argc, char **argv)
{
	struct args a;
	int rc = parse(c, argc, argv,
		       _("Usage: bankterm bills [list] [--status open|paid|all] [--json|--csv]\n"
			 "       bankterm bills pay BILL --from ACCOUNT [--yes]\n"
			 "       bankterm bills autopay BILL on|off [--from ACCOUNT]\n"
			 "Bills due, paying them, and autopay.\n"),
		       &a);
	const char *sub = a.nwords ? a.words[0] : "list";
	char path[256];

	if (rc >= 0)
		return rc;
	if (!strcmp(sub, "list") && a.nwords <= 1) {
		snprintf(path, sizeof path, "/bills");
		if (a.status)
			cli_query_add(path, sizeof path, "status", a.status);
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
			fprintf(stderr, "%s bills: %s\n", PACKAGE, msg);
			return EXIT_ERROR;
		}
		b = &list[i];
		if (!strcmp(sub, "pay") ? !bills_pay_op(b, &acc, &c->nf, &op)
					: !bills_autopay_op(b, !strcmp(a.words[2], "on"), a.from ? &acc : NULL, &op)) {
			free(list);
			return cli_usage_error("bills", _("that ID is too long"));
		}
		if ((strcmp(sub, "pay") || agreed(&a, "bills", op.summary, &rc)) && !(rc = cli_send_op(c, &op, &doc)))
			rc = show_doc(c, doc, bill_cols, 6, N_("the bill"));
		json_object_put(doc);
		op_clear(&op);
		free(list);
		return rc;
	}
	return cli_usage_error("bills", _("use list, pay BILL --from ACCOUNT, or autopay BILL on|off"));
}

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

int cmd_wallet(struct cli *c, int argc, char **argv)
{
	struct args a;
	int rc = parse(c, argc, argv,
		       _("Usage: bankterm wallet [show]\n"
			 "       bankterm wallet top-up AMOUNT --card CARD [--yes]\n"
			 "       bankterm wallet withdraw AMOUNT --to ACCOUNT [--yes]\n"
			 "The wallet: its balance and linked cards, topping it up, emptying it.\n"),
		       &a);
	const char *sub = a.nwords ? a.words[0] : "show";
	json_object *doc = NULL, *o, *cards = NULL, *res = NULL;
	struct api_error err = { 0 };
	struct json_error jerr = { 0 };
	const char *wallet_cur = NULL;
	bool top_up = !strcmp(sub, "top-up");

	if (rc >= 0)
		return rc;
	if ((rc = cli_signed_in(c)) || (rc = cli_call(c, "GET", "/wallet", NULL, NULL, &doc)))
		return rc;
	if (!strcmp(sub, "show") && a.nwords <= 1) {
		struct view v = { wallet_cols, 2, N_("the wallet"), &c->nf, format_of(c) };
		struct view vc = { card_cols, 3, N_("the wallet"), &c->nf, format_of(c) };
		if (c->json)
			cli_print_json(doc);
		else if (!view_print(&v, doc, NULL, &err) || (putchar('\n'), !view_print(&vc, doc, "cards", &err)))
			rc = cli_report(&err);
		json_object_put(doc);
		return rc;
	}
	if ((top_up || !strcmp(sub, "withdraw")) && a.nwords == 2 && (top_up ? a.card != NULL : a.to != NULL)) {
		struct money m;
		json_object *bal = NULL;
		char shown[MONEY_FMT_MAX], summary[512], *body;
		struct api_account acc;
		const char *card_id = NULL;

		if (json_get_object(doc, NULL, "balance", 0, &bal, &jerr) ||
		    json_get_string(bal, "balance", "currency", 0, 3, &wallet_cur, &jerr) ||
		    json_get_array(doc, NULL, "cards", 0, &cards, &jerr)) {
			char msg[256];
			json_error_message(&jerr, msg, sizeof msg);
			api_error_decode(&err, _("the wallet"), msg);
			json_object_put(doc);
			return cli_report(&err);
		}
		if ((rc = amount_in(c, "wallet", a.words[1], wallet_cur, &m))) {
			json_object_put(doc);
			return rc;
		}
		cli_format_money(c, &m, shown, sizeof shown);
		o = json_object_new_object();
		if (top_up) {
			for (size_t i = 0; i < json_object_array_length(cards); i++) {
				const char *id = NULL, *label = NULL;
				json_object *card = json_object_array_get_idx(cards, i);
				if (json_object_is_type(card, json_type_object) &&
				    !json_get_string(card, NULL, "id", 0, 64, &id, &jerr) &&
				    !json_get_string(card, NULL, "label", 0, 128, &label, &jerr) &&
				    (!strcmp(id, a.card) || strcasestr(label, a.card))) {
					card_id = id;
					/* L10N: AMOUNT, then the card's label. */
					snprintf(summary, sizeof summary, _("Top the wallet up with %s from %s"), shown, label);
				}
			}
			if (!card_id) {
				json_object_put(o);
				json_object_put(doc);
				return cli_usage_error("wallet", _("no such linked card (see 'bankterm wallet')"));
			}
			json_object_object_add(o, "card_id", json_object_new_string(card_id));
		} else {
			if ((rc = cli_find_account(c, "wallet", a.to, &acc))) {
				json_object_put(o);
				json_object_put(doc);
				return rc;
			}
			/* L10N: AMOUNT, then an account's name. */
			snprintf(summary, sizeof summary, _("Move %s from the wallet to %s"), shown, acc.name);
			json_object_object_add(o, "account_id", json_object_new_string(acc.id));
		}
		json_object_object_add(o, "amount", json_new_money(&m));
		body = body_of(o);
		json_object_put(doc);
		if (agreed(&a, "wallet", summary, &rc) &&
		    !(rc = cli_move_money(c, "POST", top_up ? "/wallet/top-ups" : "/wallet/withdrawals", body, summary, &res))) {
			rc = show_doc(c, res, move_cols, 3, N_("the wallet"));
			json_object_put(res);
		}
		free(body);
		return rc;
	}
	json_object_put(doc);
	return cli_usage_error("wallet", _("use show, top-up AMOUNT --card CARD, or withdraw AMOUNT --to ACCOUNT"));
}

/* --- points ---------------------------------------------------------------------- */

static const struct view_column rewards_cols[] = {
	{ "balance", V_INT, N_("Points"), false },
	{ "tier", V_TEXT, N_("Tier"), false },
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

int cmd_points(struct cli *c, int argc, char **argv)
{
	struct args a;
	int rc = parse(c, argc, argv,
		       _("Usage: bankterm points [balance]\n"
			 "       bankterm points history [--limit N]\n"
			 "       bankterm points catalog\n"
			 "       bankterm points redeem ITEM [--to ACCOUNT] [--yes]\n"
			 "Loyalty points: balance and tier, history, what they buy, redeeming.\n"),
		       &a);
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
			fprintf(stderr, "%s points: %s\n", PACKAGE, msg);
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
				rc = cli_usage_error("points", _("no account to pay the credit into: give --to ACCOUNT"));
			to = &acc;
		} else if (a.to) {
			rc = cli_usage_error("points", _("only a statement credit is paid into an account: leave out --to"));
		}
		free(accounts);
		if (!rc && points_redeem_op(&items[i], to, &op) && agreed(&a, "points", op.summary, &rc) &&
		    !(rc = cli_send_op(c, &op, &doc)))
			rc = show_doc(c, doc, redemption_cols, 4, N_("the redemption"));
		json_object_put(doc);
		op_clear(&op);
		free(items);
		return rc;
	}
	return cli_usage_error("points", _("use balance, history, catalog, or redeem ITEM"));
}

/* --- offers ----------------------------------------------------------------------- */

static const struct view_column offer_cols[] = {
	{ "title", V_TEXT, N_("Offer"), false },
	{ "reason", V_TEXT, N_("Why you see it"), false },
	{ "status", V_TEXT, N_("Status"), false },
	{ "id", V_TEXT, N_("ID"), false },
};

int cmd_offers(struct cli *c, int argc, char **argv)
{
	struct args a;
	int rc = parse(c, argc, argv,
		       _("Usage: bankterm offers [list]\n"
			 "       bankterm offers activate OFFER\n"
			 "       bankterm offers dismiss OFFER\n"
			 "Offers chosen from your own spending, each with the reason.\n"),
		       &a);
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
			fprintf(stderr, "%s offers: %s\n", PACKAGE, msg);
			return EXIT_ERROR;
		}
		if (!strcmp(sub, "activate") ? offers_activate_op(&list[i], &op) : offers_dismiss_op(&list[i], &op)) {
			if (!(rc = cli_send_op(c, &op, &doc)))
				rc = show_doc(c, doc, offer_cols, 4, N_("the offer"));
		} else {
			rc = cli_usage_error("offers", _("that ID is too long"));
		}
		json_object_put(doc);
		op_clear(&op);
		free(list);
		return rc;
	}
	return cli_usage_error("offers", _("use list, activate OFFER, or dismiss OFFER"));
}

/* --- insights --------------------------------------------------------------------- */

static const struct view_column insight_cols[] = {
	{ "category", V_TEXT, N_("Category"), false },
	{ "amount", V_MONEY, N_("Spent"), false },
	{ "share_percent", V_INT, N_("Share %"), false },
	{ "previous", V_MONEY, N_("Month before"), false },
	{ "change_percent", V_INT, N_("Change %"), true },
};

int cmd_insights(struct cli *c, int argc, char **argv)
{
	struct args a;
	int rc = parse(c, argc, argv,
		       _("Usage: bankterm insights [--month YYYY-MM] [--json|--csv]\n"
			 "A month's spending by category, per currency, beside the month before.\n"),
		       &a);
	char path[128] = "/insights/spending";
	json_object *doc = NULL, *groups = NULL;
	struct json_error jerr = { 0 };
	struct api_error err = { 0 };

	if (rc >= 0)
		return rc;
	if (a.nwords)
		return cli_usage_error("insights", _("this command takes no arguments"));
	if (a.month)
		cli_query_add(path, sizeof path, "month", a.month);
	if ((rc = cli_signed_in(c)) || (rc = cli_call(c, "GET", path, NULL, NULL, &doc)))
		return rc;
	if (c->json) {
		cli_print_json(doc);
		json_object_put(doc);
		return EXIT_OK;
	}
	if (json_get_array(doc, NULL, "currencies", 0, &groups, &jerr)) {
		char msg[256];
		json_error_message(&jerr, msg, sizeof msg);
		api_error_decode(&err, _("the insights"), msg);
		json_object_put(doc);
		return cli_report(&err);
	}
	for (size_t i = 0; i < json_object_array_length(groups); i++) {
		json_object *g = json_object_array_get_idx(groups, i);
		struct view v = { insight_cols, 5, N_("the insights"), &c->nf, format_of(c) };
		struct money total;
		char shown[MONEY_FMT_MAX];
		if (!json_object_is_type(g, json_type_object) || json_get_money(g, NULL, "total", 0, &total, &jerr)) {
			api_error_decode(&err, _("the insights"), _("a currency group is malformed"));
			rc = cli_report(&err);
			break;
		}
		if (!c->csv) {
			cli_format_money(c, &total, shown, sizeof shown);
			/* L10N: the total spent in one currency, as a heading above its categories. */
			printf(_("%sSpent in total: %s\n"), i ? "\n" : "", shown);
		}
		if (!view_print(&v, g, "categories", &err)) {
			rc = cli_report(&err);
			break;
		}
	}
	json_object_put(doc);
	return rc;
}

/* --- notifications ----------------------------------------------------------------------- */

static const struct view_column note_cols[] = {
	{ "created_at", V_TIME, N_("When (UTC)"), false },
	{ "title", V_TEXT, N_("Alert"), false },
	{ "body", V_TEXT, N_("Details"), false },
	{ "read", V_BOOL, N_("Read"), false },
};

static volatile sig_atomic_t stop_following;
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

int cmd_notifications(struct cli *c, int argc, char **argv)
{
	struct args a;
	int rc = parse(c, argc, argv,
		       _("Usage: bankterm notifications [--limit N] [--follow] [--json|--csv]\n"
			 "Your alerts, newest first; with --follow, new ones as they arrive\n"
			 "(one a line, oldest first) until interrupted.\n"),
		       &a);
	char path[128];
	json_object *doc = NULL;
	int64_t last = 0;
	void (*old_int)(int), (*old_term)(int);

	if (rc >= 0)
		return rc;
	if (a.nwords)
		return cli_usage_error("notifications", _("this command takes no arguments"));
	if ((rc = cli_signed_in(c)))
		return rc;
	if (!a.follow) {
		snprintf(path, sizeof path, "/notifications?limit=%ld", a.limit);
		return show(c, path, "items", note_cols, 4, N_("the notifications"));
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
			return cli_report(&err);
		}
	}
	json_object_put(doc);
	following = c->s.http;
	old_int = signal(SIGINT, on_stop);
	old_term = signal(SIGTERM, on_stop);
	setvbuf(stdout, NULL, _IOLBF, 0);
	while (!stop_following) {
		struct http_request rq = { "GET", path, NULL, NULL, NULL, NULL, NULL, 30000 };
		struct api_error err = { 0 };
		struct json_error jerr = { 0 };
		struct view v = { note_cols, 4, N_("the notifications"), &c->nf, format_of(c) };
		json_object *items = NULL;
		int64_t next = last;

		snprintf(path, sizeof path, "/notifications?after=%" PRId64 "&wait=25", last);
		doc = NULL;
		if (!session_call(&c->s, &rq, NULL, &doc, &err)) {
			if (stop_following)
				break;
			following = NULL;
			return cli_report(&err);
		}
		if (json_get_int64(doc, NULL, "last_id", 0, 0, INT64_MAX, &next, &jerr) ||
		    json_get_array(doc, NULL, "items", 0, &items, &jerr)) {
			char msg[256];
			json_error_message(&jerr, msg, sizeof msg);
			api_error_decode(&err, _("the notifications"), msg);
			json_object_put(doc);
			following = NULL;
			return cli_report(&err);
		}
		if (json_object_array_length(items)) {
			if (c->json) {
				for (size_t i = 0; i < json_object_array_length(items); i++)
					puts(json_object_to_json_string_ext(json_object_array_get_idx(items, i),
									    JSON_C_TO_STRING_PLAIN));
			} else if (!view_print(&v, doc, "items", &err)) {
				json_object_put(doc);
				following = NULL;
				return cli_report(&err);
			}
		}
		last = next;
		json_object_put(doc);
	}
	/* The handler must not reach the connection once it is gone. */
	signal(SIGINT, old_int);
	signal(SIGTERM, old_term);
	following = NULL;
	return EXIT_OK;
}

/* --- limits ----------------------------------------------------------------------- */

static const struct view_column limit_cols[] = {
	{ "currency", V_TEXT, N_("Currency"), false },
	{ "daily", V_MONEY, N_("Daily limit"), false },
	{ "used_today", V_MONEY, N_("Used today"), false },
	{ "remaining_today", V_MONEY, N_("Left today"), false },
	{ "step_up_above", V_MONEY, N_("Code needed above"), false },
};

int cmd_limits(struct cli *c, int argc, char **argv)
{
	struct args a;
	int rc = parse(c, argc, argv,
		       _("Usage: bankterm limits [show]\n"
			 "       bankterm limits set AMOUNT\n"
			 "Daily limits on payments to payees.  Lowering one is immediate; raising\n"
			 "one is confirmed with a one-time code.  AMOUNT carries its currency.\n"),
		       &a);
	const char *sub = a.nwords ? a.words[0] : "show";

	if (rc >= 0)
		return rc;
	if ((rc = cli_signed_in(c)))
		return rc;
	if (!strcmp(sub, "show") && a.nwords <= 1)
		return show(c, "/limits", "items", limit_cols, 5, N_("your limits"));
	if (!strcmp(sub, "set") && a.nwords == 2) {
		struct money m;
		json_object *o, *doc = NULL;
		char *body;
		if (money_parse(a.words[1], NULL, &c->nf, &m) != MONEY_OK || m.minor < 0)
			return cli_usage_error("limits", _("give the amount with its currency, such as \"5000 USD\""));
		o = json_object_new_object();
		json_object_object_add(o, "daily", json_new_money(&m));
		body = body_of(o);
		if (!(rc = cli_call(c, "PUT", "/limits", body, NULL, &doc))) {
			struct view v = { limit_cols, 5, N_("your limits"), &c->nf, format_of(c) };
			struct api_error err = { 0 };
			if (!view_print(&v, doc, "items", &err))
				rc = cli_report(&err);
		}
		json_object_put(doc);
		free(body);
		return rc;
	}
	return cli_usage_error("limits", _("use show, or set AMOUNT"));
}

/* --- feedback ----------------------------------------------------------------------- */

int cmd_feedback(struct cli *c, int argc, char **argv)
{
	struct args a;
	int rc = parse(c, argc, argv,
		       _("Usage: bankterm feedback --rating 1-5 [--flow FLOW] [--comment TEXT]\n"
			 "Tell the bank how a flow went: transfer, bill_payment, redemption, offers,\n"
			 "login or general (the default).\n"),
		       &a);
	json_object *o, *doc = NULL;
	char key[UUID_STR_LEN], *body;

	if (rc >= 0)
		return rc;
	if (!a.rating || a.nwords)
		return cli_usage_error("feedback", _("give --rating 1 to 5"));
	o = json_object_new_object();
	json_object_object_add(o, "rating", json_object_new_int64(a.rating));
	json_object_object_add(o, "flow", json_object_new_string(a.flow ? a.flow : "general"));
	if (a.comment)
		json_object_object_add(o, "comment", json_object_new_string(a.comment));
	body = body_of(o);
	uuid_v4(key);
	if (!(rc = cli_signed_in(c)) && !(rc = cli_call(c, "POST", "/feedback", body, key, &doc))) {
		if (c->json)
			cli_print_json(doc);
		else
			fprintf(stderr, _("Thank you for your feedback.\n"));
	}
	json_object_put(doc);
	free(body);
	return rc;
}

/* --- export -------------------------------------------------------------------------- */

int cmd_export(struct cli *c, int argc, char **argv)
{
	enum { E_FORMAT = 300, E_OUTPUT };
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "format", required_argument, NULL, E_FORMAT },
		{ "from", required_argument, NULL, O_FROM },
		{ "to", required_argument, NULL, O_TO },
		{ "output", required_argument, NULL, E_OUTPUT },
		{ NULL, 0, NULL, 0 },
	};
	enum export_format fmt = EXPORT_CSV;
	const char *from = NULL, *to = NULL, *output = NULL;
	struct api_account acc;
	struct api_transaction *all = NULL;
	size_t n = 0, cap = 0;
	char base[512], cursor[128] = "", tmpname[4200];
	FILE *out = stdout;
	int o, rc;

	while ((o = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (o) {
		case 'h':
			fputs(_("Usage: bankterm export ACCOUNT [--format csv|json|ofx|ledger] [--from DATE]\n"
				"                       [--to DATE] [--output FILE]\n"
				"Write an account's transactions, oldest first, for other programs: CSV (the\n"
				"default), JSON, an OFX statement, or a ledger journal.  To standard output\n"
				"unless --output names a file (written whole, readable by you only).\n"),
			      stdout);
			return EXIT_OK;
		case E_FORMAT:
			if (!export_format_parse(optarg, &fmt))
				return cli_usage_error("export", _("--format is csv, json, ofx or ledger"));
			break;
		case O_FROM:
			from = optarg;
			break;
		case O_TO:
			to = optarg;
			break;
		case 'o':
		case E_OUTPUT:
			output = optarg;
			break;
		default:
			return cli_usage_error("export", _("unknown option"));
		}
	}
	if (optind + 1 != argc)
		return cli_usage_error("export", _("name one account"));
	if ((rc = cli_txn_base(c, "export", argv[optind], from, to, &acc, base, sizeof base)))
		return rc;
	do {
		struct api_txn_page page;

		if ((rc = cli_fetch_txn_page(c, base, 200, cursor, &page)))
			break;
		if (n + page.n > cap) {
			cap = (n + page.n) * 2;
			all = xrealloc(all, cap * sizeof *all);
		}
		/* The rows (and their strings) move to the list; the page keeps nothing. */
		memcpy(all + n, page.items, page.n * sizeof *all);
		n += page.n;
		page.n = 0;
		snprintf(cursor, sizeof cursor, "%s", page.next_cursor);
		api_txn_page_clear(&page);
	} while (*cursor);
	if (!rc && output) {
		int fd;
		/* Written beside the target and renamed: a reader never sees half a file. */
		snprintf(tmpname, sizeof tmpname, "%s.XXXXXX", output);
		fd = mkstemp(tmpname);
		if (fd < 0 || !(out = fdopen(fd, "w"))) {
			/* L10N: a file name, then the system's reason. */
			fprintf(stderr, _("%s: cannot write %s: %s\n"), PACKAGE, output, strerror(errno));
			if (fd >= 0)
				close(fd);
			rc = EXIT_ERROR;
			out = NULL;
		}
	}
	if (!rc) {
		if (export_write(out, fmt, &acc, all, n, (long long)time(NULL))) {
			fprintf(stderr, _("%s: cannot write the export: %s\n"), PACKAGE, strerror(errno));
			rc = EXIT_ERROR;
		}
		if (output) {
			if (fclose(out) || rc || rename(tmpname, output)) {
				if (!rc)
					fprintf(stderr, _("%s: cannot write %s: %s\n"), PACKAGE, output, strerror(errno));
				unlink(tmpname);
				rc = EXIT_ERROR;
			} else {
				/* L10N: a count of transactions, then the file name. */
				fprintf(stderr, ngettext("%zu transaction written to %s.\n",
							 "%zu transactions written to %s.\n", n),
					n, output);
			}
		}
	}
	for (size_t i = 0; i < n; i++)
		api_transaction_clear(&all[i]);
	free(all);
	return rc;
}
