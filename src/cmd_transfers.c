/* cmd_transfers.c: `bankterm transfers`: the scheduled and recurring
 * transfers, soonest first, with where each goes and its rule; and
 * cancelling one.  The rules are the core's (transfers.h), as in the full
 * screen's Transfers list. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bankterm.h"
#include "cli_private.h"
#include "cmd.h"
#include "export.h"
#include "json.h"
#include "table.h"
#include "transfers.h"

/* Everything a list needs: the transfers and the names they point to. */
struct listing {
	struct scheduled *list;
	size_t n;
	struct api_account *accounts;
	size_t naccounts;
	struct api_payee *payees;
	size_t npayees;
};

static void listing_free(struct listing *l)
{
	free(l->list);
	free(l->accounts);
	free(l->payees);
}

static int fetch(struct run *c, struct listing *l)
{
	json_object *o = NULL;
	struct api_error err = { 0 };
	int rc;

	memset(l, 0, sizeof *l);
	if ((rc = cli_signed_in(c)) || (rc = cli_call(c, "GET", "/transfers", NULL, NULL, &o)))
		return rc;
	if (!transfers_decode_scheduled(o, &l->list, &l->n, &err))
		rc = cli_report(c, &err);
	json_object_put(o);
	if (!rc)
		rc = cli_fetch_accounts(c, &l->accounts, &l->naccounts);
	if (!rc)
		rc = cli_fetch_payees(c, &l->payees, &l->npayees);
	return rc;
}

static void dest(const struct listing *l, const struct scheduled *t, char *out, size_t len)
{
	transfers_destination(t, l->accounts, l->naccounts, l->payees, l->npayees, out, len);
}

static int show(struct run *c, const struct listing *l)
{
	char to[API_NAME_MAX], amount[MONEY_FMT_MAX], plain[MONEY_FMT_MAX];

	if (c->json) {
		json_object *out = json_object_new_object(), *items = json_object_new_array();
		for (size_t i = 0; i < l->n; i++) {
			const struct scheduled *t = &l->list[i];
			json_object *it = json_object_new_object();
			dest(l, t, to, sizeof to);
			json_object_object_add(it, "id", json_object_new_string(t->id));
			json_object_object_add(it, "next_run", json_object_new_string(t->next_run));
			json_object_object_add(it, "amount", json_new_money(&t->amount));
			json_object_object_add(it, "from_account", json_object_new_string(t->from_account));
			json_object_object_add(it, "to", json_object_new_string(to));
			json_object_object_add(it, "recurrence", *t->recurrence ? json_object_new_string(t->recurrence) : NULL);
			json_object_object_add(it, "reference", json_object_new_string(t->reference));
			json_object_array_add(items, it);
		}
		json_object_object_add(out, "items", items);
		cli_print_json(c, out);
		json_object_put(out);
		return EXIT_OK;
	}
	if (c->csv) {
		fputs("id,next_run,amount,currency,to,recurrence,reference\r\n", c->out);
		for (size_t i = 0; i < l->n; i++) {
			const struct scheduled *t = &l->list[i];
			const char *cells[3];
			dest(l, t, to, sizeof to);
			money_format_plain(&t->amount, plain, sizeof plain);
			{
				char day[11];
				snprintf(day, sizeof day, "%.10s", t->next_run);
				export_csv_cell(c->out, t->id, true);
				fputc(',', c->out);
				export_csv_cell(c->out, day, true);
				fprintf(c->out, ",%s,", plain);
				export_csv_cell(c->out, t->amount.currency, true);
				fputc(',', c->out);
			}
			cells[0] = to;
			cells[1] = t->recurrence;
			cells[2] = t->reference;
			for (int k = 0; k < 3; k++) {
				export_csv_cell(c->out, cells[k], true);
				fputs(k < 2 ? "," : "\r\n", c->out);
			}
		}
		return EXIT_OK;
	}
	if (!l->n) {
		fprintf(c->err, "%s\n", _("No transfer is scheduled."));
		return EXIT_OK;
	}
	{
		const char *headers[] = { _("Next"), _("Amount"), _("To"), _("Repeats"), _("Reference"), _("ID") };
		static const bool right[] = { false, true, false, false, false, false };
		struct table *tb = table_new(6, headers, right);
		for (size_t i = 0; i < l->n; i++) {
			const struct scheduled *t = &l->list[i];
			char day[11];
			const char *cells[6];
			dest(l, t, to, sizeof to);
			cli_format_money(c, &t->amount, amount, sizeof amount);
			snprintf(day, sizeof day, "%.10s", t->next_run);
			cells[0] = day;
			cells[1] = amount;
			cells[2] = to;
			cells[3] = transfers_rule(t);
			cells[4] = t->reference;
			cells[5] = t->id;
			table_add(tb, cells);
		}
		table_print(tb, c->out);
		table_free(&tb);
	}
	return EXIT_OK;
}

static int cancel(struct run *c, const struct listing *l, const char *typed, bool yes)
{
	char msg[512], to[API_NAME_MAX], *safe;
	struct op op = { 0 };
	json_object *doc = NULL;
	size_t i;
	int rc = EXIT_OK;

	if (!transfers_find(l->list, l->n, typed, &i, msg, sizeof msg)) {
		fprintf(c->err, "%s transfers: %s\n", PACKAGE, msg);
		return EXIT_ERROR;
	}
	dest(l, &l->list[i], to, sizeof to);
	if (!transfers_cancel_op(&l->list[i], to, &c->nf, &op))
		return cli_usage_error(c, "transfers", _("that ID is too long"));
	if (!cli_agreed(c, yes, "transfers", op.summary, &rc)) {
		op_clear(&op);
		return rc;
	}
	if (!(rc = cli_send_op(c, &op, &doc))) {
		safe = text_sanitize(op.summary, strlen(op.summary), 0);
		if (c->json)
			rc = cli_print_json_view(c, doc, transfers_json_cols, TRANSFERS_JSON_NCOLS, N_("the transfer"));
		else
			/* L10N: %s is what was asked ("Cancel the transfer of ..."), now done. */
			fprintf(c->err, _("%s: done.\n"), safe);
		free(safe);
	}
	json_object_put(doc);
	op_clear(&op);
	return rc;
}

static int cmd_transfers(struct run *c, struct cmd_args *ca)
{
	const char *sub = ca->argc ? ca->argv[0] : "list";
	struct listing l;
	int rc;

	if (!strcmp(sub, "list") && ca->argc <= 1 && !cmd_has(ca, "yes")) {
		if (!(rc = fetch(c, &l)))
			rc = show(c, &l);
	} else if (!strcmp(sub, "cancel") && ca->argc == 2 && !cmd_has(ca, "csv")) {
		if (!(rc = fetch(c, &l)))
			rc = cancel(c, &l, ca->argv[1], cmd_has(ca, "yes"));
	} else {
		return cli_usage_error(c, "transfers", _("use list, or cancel ID"));
	}
	listing_free(&l);
	return rc;
}

static const struct cmd_option transfers_options[] = { OPT_YES, OPT_JSON, OPT_CSV, { NULL, 0, NULL, NULL } };
const struct cmd_entry cmd_transfers_entry = {
	"transfers",
	"[list] [--json|--csv]\ncancel ID [--yes]",
	N_("Scheduled and recurring transfers, soonest first, with where each goes and\nhow often; cancelling one (runs already made stay made)."),
	N_("scheduled and recurring transfers; cancel one"),
	transfers_options,
	cmd_transfers,
};
