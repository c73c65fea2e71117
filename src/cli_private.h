/* cli_private.h: what the command files (cli.c, cmd_*.c) share: the
 * context of one run and the helpers every command uses.  Not part of the
 * core's public interface (bankterm.h). */
#ifndef BANKTERM_CLI_PRIVATE_H
#define BANKTERM_CLI_PRIVATE_H

#include <stdbool.h>
#include <stdio.h>

#include <json-c/json.h>

#include "api.h"
#include "namecheck.h"
#include "bills.h"
#include "cmd.h"
#include "offers.h"
#include "points.h"
#include "op.h"
#include "cli.h"
#include "conf.h"
#include "demo.h"
#include "intent.h"
#include "money.h"
#include "run.h"
#include "session.h"
#include "view.h"
#include "walk.h"


/* Options many commands declare, each in its own table (cmd.h). */
#define OPT_JSON { "json", 0, NULL, N_("JSON instead of a table") }
#define OPT_CSV { "csv", 0, NULL, N_("CSV (RFC 4180) instead of a table") }
#define OPT_YES { "yes", 0, NULL, N_("do not ask for confirmation") }

/* Says what went wrong on stderr; returns the exit status it calls for. */
int cli_report(const struct run *c, const struct api_error *err);
int cli_usage_error(const struct run *c, const char *cmd, const char *what);
/* Whether a question can be put to the person (a terminal, or the full screen's asker). */
bool cli_can_ask(const struct run *c);
/* Signed in (keyring, or password when it can ask); settles pending intents. */
int cli_signed_in(struct run *c);
/* Signed in, leaving pending intents alone (the pending command's own). */
int cli_signed_in_unsettled(struct run *c);
/* Sends a payment that never reached the bank, under its own key; an exit status. */
int cli_resend_intent(struct run *c, const struct intent *in);
/* One request; *out (may be NULL) gets the 2xx JSON object. */
int cli_call(struct run *c, const char *method, const char *path, const char *body, const char *idem_key,
	     json_object **out);
/* A money movement, through the exactly-once protocol (pay.h). */
int cli_move_money(struct run *c, const char *method, const char *path, const char *body, const char *summary,
		   json_object **out);
/* Sends an operation of the core (op.h): a payment through the protocol,
 * anything else once per Idempotency-Key. */
int cli_send_op(struct run *c, const struct op *op, json_object **out);
/* Every bill, decoded. */
int cli_fetch_bills(struct run *c, struct bill **list, size_t *n);
int cli_fetch_offers(struct run *c, struct offer **list, size_t *n);
int cli_fetch_catalog(struct run *c, struct catalog_item **list, size_t *n);
bool cli_confirm(struct run *c, const char *question);
/* Asks before summary happens, unless yes; false (and *rc) when it may not
 * (no way to ask: a usage error; not confirmed: "Nothing was done."). */
bool cli_agreed(struct run *c, bool yes, const char *cmd, const char *summary, int *rc);
void cli_print_json(struct run *c, json_object *o);
/* One object the bank answered, as --json prints it: cols' fields, checked
 * (an error naming the field otherwise), and nothing else it sent. */
int cli_print_json_view(struct run *c, json_object *doc, const struct view_column *cols, int ncols, const char *what);
void cli_format_money(const struct run *c, const struct money *m, char *out, size_t len);
int cli_fetch_accounts(struct run *c, struct api_account **list, size_t *n);
int cli_find_account(struct run *c, const char *cmd, const char *which, struct api_account *out);
int cli_fetch_payees(struct run *c, struct api_payee **list, size_t *n);
/* Whether a payee of this IBAN and currency is saved already: 0 when not;
 * else says so on stderr as "PACKAGE cmd: ..." and returns EXIT_ERROR
 * (or the error of fetching the list). */
int cli_payee_saved(struct run *c, const char *cmd, const char *iban, const char *currency);

/* The options of a name check (Verification of Payee), in the commands that run one. */
#define OPT_USE_BANK_NAME                                                                                   \
	{ "use-bank-name", 0, NULL, N_("on a close match of the name, name the payee as the bank holds it") }
#define OPT_ACCEPT_MISMATCH                                                                                 \
	{ "accept-name-mismatch", 0, NULL,                                                                  \
	  N_("go on although the payee's name does not match the account's holder (a scam's sign)") }

/* What the person decided after a name check. */
struct name_decision {
	struct namecheck r;      /* the bank's answer (r.id "" when the payee's stored outcome was used) */
	char name[API_NAME_MAX]; /* the name to save: the one typed, or the bank's on a close match taken */
	bool warned;             /* went on past a warning */
};

/**
 * The name check before a payee is saved (payee NULL) or first paid: asks
 * the bank whether typed matches the holder of iban (or, for a payee checked
 * before, takes its stored outcome), says the outcome on stderr, and applies
 * the rules of going on (namecheck.h): a close match offers the bank's name
 * for a new payee (a question, or --use-bank-name); no match needs the name
 * typed again, or --accept-name-mismatch (with yes, only that); not possible
 * warns.  EXIT_OK with d filled, or the exit status when nothing may go on.
 */
int cli_name_check(struct run *c, struct cmd_args *ca, const char *cmd, const char *typed, const char *iban,
		   const struct api_payee *payee, bool yes, struct name_decision *d);
/* Signed in, the account found, and base set to its transactions path with the date range. */
int cli_txn_base(struct run *c, const char *cmd, const char *account, const char *from, const char *to,
		 struct api_account *acc, char *base, size_t len);
/* Its two parts: the days checked (a usage error for one that does not
 * exist), and acc's transactions path with them. */
int cli_txn_days(struct run *c, const char *cmd, const char *from, const char *to);
int cli_txn_path(struct run *c, const char *cmd, const struct api_account *acc, const char *from, const char *to,
		 char *base, size_t len);
/* One page of transactions from base (".../transactions?filters"), after cursor ("" first),
 * held to the walk w (see walk.h): a bank whose paging cannot be right is an error. */
int cli_fetch_txn_page(struct run *c, const char *base, long limit, const char *cursor, struct walk *w,
		       struct api_txn_page *page);
int cli_parse_amount(const struct run *c, const char *cmd, const char *text, const char *currency,
		     int64_t *out);


/* The i-th command of the command line, NULL past the last. */
const struct cmd_entry *cli_command_entry(size_t i);
/* The command of that name, or NULL (name may be NULL). */
const struct cmd_entry *cli_command_named(const char *name);
/* The global option "--name" or "--name=value" names, or NULL. */
struct option;
const struct option *cli_global_named(const struct option *longopts, const char *arg);

#endif
