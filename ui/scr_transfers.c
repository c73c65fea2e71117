/* scr_transfers.c: moving money, a step at a time.
 *
 * The list shows scheduled and recurring transfers (x cancels one) and any
 * payment whose outcome was lost (Enter checks it with the bank, never
 * paying twice).  n opens the form: from, to (own account, saved payee or a
 * new payee), amount (checked as it is typed), reference, when, an FX quote
 * when the currencies differ, a review that says it all in words, then the
 * result with the bank's reference.  A one-time code, when the bank asks,
 * is the shell's prompt (app.c). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "namecheck.h"
#include "payees.h"
#include "transfers.h"
#include "tui.h"
#include "words.h"
#include "view.h"

enum { T_LIST, T_PAYEES, T_QUOTE, T_SEND, T_CANCEL, T_CHECK, T_RESEND, T_DROP, T_NEWPAYEE, T_NAMECHECK, T_RENAME };

/* S_NAMECHECK: the bank's check of a payee's name (namecheck.h), before a
 * new payee is saved or an unchecked one first paid, and before each
 * payment to one whose name did not match. */
enum step { S_LIST, S_FROM, S_TO, S_NEWPAYEE, S_NAMECHECK, S_AMOUNT, S_REF, S_WHEN, S_DATE, S_QUOTE, S_REVIEW, S_SENDING,
	    S_RESULT };

enum when { W_NOW, W_ON, W_WEEKLY, W_MONTHLY, W_COUNT };

static const char *when_label[W_COUNT] = { N_("Now"), N_("On a day"), N_("Every week"), N_("Every month") };

static const struct view_column transfer_cols[] = {
	{ "id", V_TEXT, "", false },        { "status", V_TEXT, "", false },
	{ "amount", V_MONEY, "", false },   { "next_run", V_TIME, "", true },
	{ "recurrence", V_TEXT, "", true }, { "reference", V_TEXT, "", false },
};
static const struct view_column quote_cols[] = {
	{ "id", V_TEXT, "", false },   { "rate", V_TEXT, "", false },       { "sell", V_MONEY, "", false },
	{ "buy", V_MONEY, "", false }, { "fee", V_MONEY, "", false },       { "expires_at", V_TIME, "", false },
};

struct dest {
	char id[API_ID_MAX], name[API_NAME_MAX], currency[4];
	bool payee, create; /* create: "New payee…" */
	/* a payee's: its IBAN, its name check, the check a first payment cites,
	 * and whether the person was warned of its outcome and went on */
	char iban[40], vop_check[API_ID_MAX];
	enum payee_check vop;
	bool warned;
};

struct transfers_state {
	enum step step;
	json_object *list;  /* scheduled transfers */
	bool list_failed;
	struct intent *intents;
	size_t nintents;
	struct scheduled *sched; /* the core's decoding of st->list: scheduled only, soonest first */
	size_t nsched;
	bool *unsent;       /* per intent: the bank said it never arrived */
	char asked[UUID_STR_LEN]; /* the intent a question is about */
	struct list l;      /* over intents, then scheduled transfers */
	/* the form */
	struct list pick;
	size_t from;
	struct dest *dests;
	size_t ndests;
	struct dest to;
	struct api_payee *payees;
	size_t npayees;
	bool payees_loaded;
	struct field amount, ref, date, pname, piban;
	int pfocus;
	/* the name check: for a new payee (pname, piban) or st->to */
	bool nc_new, nc_waiting;
	/* The name check, rename or save the form waits for (its request's arg),
	 * or 0: an answer to one the form has left (Esc, another payee) moves
	 * nothing.  serial numbers them. */
	long awaited, serial;
	struct namecheck nc;
	struct field again;   /* no match: the payee's name typed again */
	char nc_payee[API_ID_MAX]; /* the saved payee st->nc is about ("" for a new one) */
	struct list nc_pick;  /* a close match: the bank's name, or the one typed */
	struct money money;
	enum when when;
	json_object *quote;
	bool quote_failed;
	json_object *done;  /* the bank's answer */
	bool unknown;
	char error[512];
	bool feedback_offered; /* asked after the first transfer of a run */
	bool requoted;         /* the quote expired at Send: the new one is said to be new */
	/* The cancellation the question named, built when asked: a refresh of
	 * the list while it is open must not change which transfer a yes cancels. */
	struct op cancel;
};

/* This screen's state, kept by the app (a->state). */
static struct transfers_state *state(struct app *a)
{
	return a->state[SCR_TRANSFERS];
}

static void load_intents(struct app *a)
{
	struct transfers_state *st = state(a);

	intent_list_free(st->intents, st->nintents);
	free(st->unsent);
	st->intents = intent_pending(a->c->server, a->c->user, &st->nintents);
	st->unsent = xcalloc(st->nintents + 1, sizeof *st->unsent);
}

static struct intent *intent_by_key(struct transfers_state *st, const char *key)
{
	for (size_t i = 0; i < st->nintents; i++)
		if (!strcmp(st->intents[i].key, key))
			return &st->intents[i];
	return NULL;
}

/* Rows of the list: intents first, then the scheduled transfers (soonest first). */
static long list_rows(struct transfers_state *st)
{
	return (long)st->nintents + (long)st->nsched;
}

static const struct scheduled *scheduled_at(struct transfers_state *st, long i)
{
	i -= (long)st->nintents;
	return i >= 0 && i < (long)st->nsched ? &st->sched[i] : NULL;
}

/* Where a scheduled transfer goes, in words (the core's rule). */
static void sched_dest(struct app *a, const struct scheduled *t, char *out, size_t len)
{
	struct transfers_state *st = state(a);

	transfers_destination(t, a->accounts, a->naccounts, st->payees, st->npayees, out, len);
}

static void enter(struct app *a)
{
	struct transfers_state *st = state(a);

	if (st->step != S_LIST && st->step != S_RESULT)
		return; /* a form in progress stays as it was */
	st->step = S_LIST;
	if (st->list)
		json_object_put(st->list);
	st->list = NULL;
	st->list_failed = false;
	load_intents(a);
	app_get(a, T_LIST, 0, "/transfers");
	/* A payee's name, for where a scheduled transfer goes. */
	app_get(a, T_PAYEES, 0, "/payees");
}

/* The account money goes from; an empty one if the list changed under the form. */
static const struct api_account *from_acc(struct app *a)
{
	struct transfers_state *st = state(a);
	static const struct api_account none;
	return st->from < a->naccounts ? &a->accounts[st->from] : &none;
}

static void build_dests(struct app *a)
{
	struct transfers_state *st = state(a);
	size_t n = 0;

	free(st->dests);
	st->dests = xcalloc(a->naccounts + st->npayees + 1, sizeof *st->dests);
	for (size_t i = 0; i < a->naccounts; i++) {
		if (i == st->from)
			continue;
		snprintf(st->dests[n].id, sizeof st->dests[n].id, "%s", a->accounts[i].id);
		snprintf(st->dests[n].name, sizeof st->dests[n].name, "%s", a->accounts[i].name);
		snprintf(st->dests[n].currency, sizeof st->dests[n].currency, "%s", a->accounts[i].booked.currency);
		n++;
	}
	for (size_t i = 0; i < st->npayees; i++) {
		snprintf(st->dests[n].id, sizeof st->dests[n].id, "%s", st->payees[i].id);
		snprintf(st->dests[n].name, sizeof st->dests[n].name, "%s", st->payees[i].name);
		snprintf(st->dests[n].currency, sizeof st->dests[n].currency, "%s", st->payees[i].currency);
		snprintf(st->dests[n].iban, sizeof st->dests[n].iban, "%s", st->payees[i].iban);
		st->dests[n].vop = st->payees[i].check;
		st->dests[n].payee = true;
		n++;
	}
	st->dests[n].create = true;
	/* L10N: the last choice in the list of where money can go. */
	snprintf(st->dests[n].name, sizeof st->dests[n].name, "%s", _("New payee…"));
	n++;
	st->ndests = n;
}

/* Builds the destinations anew (the accounts or payees reloaded), the
 * selection kept on the same one: false when it is gone. */
static bool rebuild_dests(struct app *a)
{
	struct transfers_state *st = state(a);
	char id[API_ID_MAX] = "";
	bool create = true;

	if (st->dests && st->pick.sel >= 0 && st->pick.sel < (long)st->ndests) {
		snprintf(id, sizeof id, "%s", st->dests[st->pick.sel].id);
		create = st->dests[st->pick.sel].create;
	}
	build_dests(a);
	for (size_t i = 0; i < st->ndests; i++)
		if (create ? st->dests[i].create : !strcmp(st->dests[i].id, id)) {
			st->pick.sel = (long)i;
			return true;
		}
	st->pick.sel = 0;
	return false;
}

static void start_form(struct app *a)
{
	struct transfers_state *st = state(a);

	st->step = S_FROM;
	st->pick = (struct list){ 0 };
	st->nc_waiting = false;
	st->awaited = 0;
	field_clear(&st->amount);
	field_clear(&st->ref);
	field_clear(&st->date);
	field_clear(&st->pname);
	field_clear(&st->piban);
	st->when = W_NOW;
	st->error[0] = '\0';
	if (st->quote)
		json_object_put(st->quote);
	st->quote = NULL;
	if (st->done)
		json_object_put(st->done);
	st->done = NULL;
	st->unknown = false;
	st->payees_loaded = false;
	app_get(a, T_PAYEES, 0, "/payees");
}

/* --- the name check (namecheck.h) ------------------------------------------------------ */

/* The name the check is about: the new payee's as typed, or the payee's. */
static const char *nc_name(struct transfers_state *st)
{
	return st->nc_new ? st->pname.buf : st->to.name;
}

/* The check's outcome, shown as its own step: for a screen reader read
 * whole, from the heading down. */
static void show_namecheck(struct app *a)
{
	struct transfers_state *st = state(a);

	field_clear(&st->again);
	st->nc_pick = (struct list){ 0 };
	st->step = S_NAMECHECK;
	app_fresh_view(a);
}

/* Asks the bank whether name matches the holder of iban: for a new payee
 * (fresh) or before the first payment to st->to. */
static void ask_namecheck(struct app *a, const char *name, const char *iban, bool fresh)
{
	struct transfers_state *st = state(a);
	struct op op = { 0 };
	char msg[256];

	if (!namecheck_op(name, iban, &op, msg, sizeof msg)) {
		app_refuse(a, "%s", msg);
		return;
	}
	memset(&st->nc, 0, sizeof st->nc);
	snprintf(st->nc_payee, sizeof st->nc_payee, "%s", fresh ? "" : st->to.id);
	st->nc_new = fresh;
	st->nc_waiting = true;
	show_namecheck(a);
	st->awaited = ++st->serial;
	app_op_arg(a, T_NAMECHECK, st->awaited, &op);
	op_clear(&op);
}

/* Goes on after the check: a new payee is saved as name, citing the check;
 * a payment to a payee goes on to the amount, citing it (its first). */
static void namecheck_go_on(struct app *a, const char *name, bool quiet)
{
	struct transfers_state *st = state(a);
	bool warned = namecheck_warns(st->nc.outcome);

	if (st->nc_new) {
		struct op op = { 0 };
		char msg[256], chosen[sizeof st->pname.buf];
		snprintf(chosen, sizeof chosen, "%s", name);
		field_set(&st->pname, chosen);
		st->step = S_NEWPAYEE;
		if (payees_add_op(chosen, st->piban.buf, from_acc(a)->booked.currency, st->nc.id, warned, &op, msg,
				  sizeof msg)) {
			st->awaited = ++st->serial;
			app_op_arg(a, T_NEWPAYEE, st->awaited, &op);
			if (!quiet)
				app_say(a, "%s", _("Adding the payee…"));
		} else {
			app_refuse(a, "%s", msg);
		}
		op_clear(&op);
		return;
	}
	snprintf(st->to.vop_check, sizeof st->to.vop_check, "%s", st->nc.id);
	st->to.vop = st->nc.outcome;
	st->to.warned = warned;
	st->step = S_AMOUNT;
}

/* A close match at a payee's first payment, the bank's name taken: the
 * payee renamed to it, then on to the amount. */
static void rename_payee(struct app *a)
{
	struct transfers_state *st = state(a);
	struct api_payee p = { 0 };
	struct op op = { 0 };

	snprintf(p.id, sizeof p.id, "%s", st->to.id);
	snprintf(p.name, sizeof p.name, "%s", st->to.name);
	if (namecheck_rename_op(&p, &st->nc, &op)) {
		st->nc_waiting = true;
		st->awaited = ++st->serial;
		app_op_arg(a, T_RENAME, st->awaited, &op);
	}
	op_clear(&op);
}

static void describe_account(struct app *a, const struct api_account *acc, char *out, size_t len)
{
	char masked[64];
	ui_account_number(a, acc->iban, masked, sizeof masked);
	snprintf(out, len, "%s (%s)", acc->name, masked);
}


/* The transfer as the core builds it: the request, and the summary the review shows and the intent keeps. */
static void transfer_op(struct app *a, struct op *op)
{
	struct transfers_state *st = state(a);
	struct api_quote quote;
	struct api_error err;
	struct transfer_request t = { from_acc(a), st->to.id, st->to.name, st->to.payee, st->money, st->ref.buf,
				      TRANSFER_NOW, st->date.buf, NULL, st->to.vop_check, st->to.vop, st->to.warned };
	static const enum transfer_when whens[W_COUNT] = { TRANSFER_NOW, TRANSFER_ON, TRANSFER_WEEKLY,
							   TRANSFER_MONTHLY };

	t.when = whens[st->when];
	if (st->quote && api_decode_quote(st->quote, &quote, &err))
		t.quote = &quote;
	transfers_create_op(&t, &a->c->nf, op);
}

static void summary(struct app *a, char *out, size_t len)
{
	struct op op = { 0 };

	transfer_op(a, &op);
	/* L10N: a sentence ends: the transfer as confirmed, then a full stop (ja, zh: "。"). */
	snprintf(out, len, _("%s."), op.summary);
	op_clear(&op);
}

static void send(struct app *a)
{
	struct transfers_state *st = state(a);
	struct op op = { 0 };

	transfer_op(a, &op);
	st->step = S_SENDING;
	st->error[0] = '\0';
	app_op(a, T_SEND, &op);
	op_clear(&op);
}

/* Money moved: the scheduled list again (one may have run), not a form in progress. */
static void reload(struct app *a)
{
	if (state(a)->step == S_LIST)
		app_get(a, T_LIST, 0, "/transfers");
}

/* The outcome of the transfer just sent, in words ("Sent.", "Scheduled: it runs on …"). */
static void outcome(struct transfers_state *st, char *line, size_t len)
{
	const char *status = jstr(st->done, "status");
	char day[UI_DAY_MAX];

	ui_day(jstr(st->done, "next_run"), day);
	if (!strcmp(status, "scheduled"))
		snprintf(line, len, _("Scheduled: it runs on %s."), day);
	else if (!strcmp(status, "completed"))
		snprintf(line, len, "%s", _("Sent."));
	else
		snprintf(line, len, _("The bank says: %s."), words_of(WORDS_STATUS, status));
}

static void result(struct app *a, struct req *r)
{
	struct transfers_state *st = state(a);
	struct api_error err = { 0 };

	switch (r->tag) {
	case T_LIST:
		st->list_failed = !ui_accept(a, r, transfer_cols, 6, N_("the transfers"), "items", &st->list);
		free(st->sched);
		st->sched = NULL;
		st->nsched = 0;
		if (!st->list_failed && !transfers_decode_scheduled(st->list, &st->sched, &st->nsched, &err)) {
			app_error(a, &err);
			st->list_failed = true;
		}
		break;
	case T_PAYEES:
		free(st->payees);
		st->payees = NULL;
		st->npayees = 0;
		if (!r->ok || !api_decode_payees(r->doc, &st->payees, &st->npayees, &err)) {
			if (r->err.transport != HTTP_ERR_CANCELLED)
				app_error(a, r->ok ? &err : &r->err);
		}
		st->payees_loaded = true;
		/* The list shown is the list chosen from: built anew, the selection
		 * kept.  Past it, the list is built anew for a step back, and the
		 * selection (the "when?" list's by then) is left alone. */
		if (st->step == S_TO && st->dests)
			rebuild_dests(a);
		else if (st->step > S_TO && st->step != S_LIST && st->dests)
			build_dests(a);
		break;
	case T_NEWPAYEE: {
		struct api_payee p;
		bool awaited = st->awaited && r->arg == st->awaited && st->step == S_NEWPAYEE;
		if (awaited)
			st->awaited = 0;
		if (!r->ok || !api_decode_payee(r->doc, NULL, &p, &err)) {
			if (awaited)
				st->step = S_NEWPAYEE;
			if (r->ok || r->err.transport != HTTP_ERR_CANCELLED)
				app_error(a, r->ok ? &err : &r->err);
			return;
		}
		if (!awaited) {
			/* Saved after the form went elsewhere: said, listed, nothing else moves. */
			char *safe = text_sanitize(p.name, strlen(p.name), 0);
			/* L10N: %s is the payee's name. */
			app_say(a, _("%s is now a payee."), safe);
			free(safe);
			app_get_for(a, SCR_TRANSFERS, T_PAYEES, 0, "/payees", 0);
			return;
		}
		snprintf(st->to.id, sizeof st->to.id, "%s", p.id);
		snprintf(st->to.name, sizeof st->to.name, "%s", p.name);
		snprintf(st->to.currency, sizeof st->to.currency, "%s", p.currency);
		snprintf(st->to.iban, sizeof st->to.iban, "%s", p.iban);
		/* Saved with its check: the payment cites none, and says the warning heeded. */
		st->to.vop = p.check;
		st->to.warned = p.warned;
		st->to.vop_check[0] = '\0';
		st->to.payee = true;
		st->to.create = false;
		/* L10N: %s is the payee's name. */
		app_say(a, _("%s is now a payee."), st->to.name);
		app_get_for(a, SCR_TRANSFERS, T_PAYEES, 0, "/payees", 0); /* the list holds it from now on */
		st->step = S_AMOUNT;
		app_release_typeahead(a); /* on to the amount: what was typed meanwhile goes there */
		break;
	}
	case T_NAMECHECK:
		if (!st->awaited || r->arg != st->awaited)
			break; /* a check the form has left */
		st->awaited = 0;
		st->nc_waiting = false;
		if (st->step != S_NAMECHECK)
			break; /* gone back meanwhile */
		if (!r->ok || !namecheck_decode(r->doc, &st->nc, &err)) {
			st->step = st->nc_new ? S_NEWPAYEE : S_TO;
			if (r->ok)
				app_error(a, &err);
			else if (r->err.transport != HTTP_ERR_CANCELLED) /* Esc: the shell said so */
				app_error(a, &r->err);
			break;
		}
		app_fresh_view(a);
		if (st->nc.outcome == PAYEE_MATCH) {
			/* Said, and the flow goes on. */
			char said[1200];
			namecheck_explain(&st->nc, nc_name(st), said, sizeof said);
			app_say(a, "%s", said);
			namecheck_go_on(a, nc_name(st), true);
			/* On to the amount: what was typed meanwhile goes there.  (A new
			 * payee is saved first: its answer lets them go on.) */
			if (!st->nc_new)
				app_release_typeahead(a);
		}
		/* Any other outcome is read before anything goes on: the held keys are dropped. */
		break;
	case T_RENAME: {
		struct api_payee p;
		if (!st->awaited || r->arg != st->awaited)
			break; /* a rename the form has left */
		st->awaited = 0;
		st->nc_waiting = false;
		if (st->step != S_NAMECHECK)
			break;
		if (!r->ok || !api_decode_payee(r->doc, NULL, &p, &err)) {
			if (r->ok || r->err.transport != HTTP_ERR_CANCELLED)
				app_error(a, r->ok ? &err : &r->err);
			break;
		}
		snprintf(st->to.name, sizeof st->to.name, "%s", p.name);
		app_get_for(a, SCR_TRANSFERS, T_PAYEES, 0, "/payees", 0); /* the list names it anew */
		st->to.vop = p.check;
		st->to.vop_check[0] = '\0';
		st->to.warned = false;
		/* L10N: %s is the payee's new name, as the bank holds the account. */
		app_say(a, _("The payee is now called %s."), p.name);
		st->step = S_AMOUNT;
		app_release_typeahead(a);
		break;
	}
	case T_QUOTE:
		st->step = ui_accept(a, r, quote_cols, 6, N_("the quote"), NULL, &st->quote) ? S_REVIEW : S_WHEN;
		if (st->step == S_REVIEW && st->requoted)
			/* L10N: an expired exchange quote was replaced; the person answers again. */
			snprintf(st->error, sizeof st->error, "%s",
				 _("the quote had expired; this is a new one: check what arrives, then answer again"));
		st->requoted = false;
		break;
	case T_SEND:
		if (r->ok) {
			st->done = json_object_get(r->doc);
			st->step = S_RESULT;
			app_reload_accounts(a);
			/* Asked once a run, after the outcome it follows. */
			if (!st->feedback_offered) {
				char lead[200];
				st->feedback_offered = true;
				outcome(st, lead, sizeof lead);
				app_ask_rating(a, "transfer", lead);
			}
		} else if (r->unknown) {
			st->unknown = true;
			st->step = S_RESULT;
			snprintf(st->error, sizeof st->error, "%s", r->err.message);
		} else if (!strcmp(r->err.code, "quote_expired") && st->quote) {
			/* Nothing was sent: a new quote is fetched at once, and asked about again. */
			struct op op = { 0 };
			json_object_put(st->quote);
			st->quote = NULL;
			st->requoted = true;
			transfers_quote_op(&st->money, st->to.currency, &op);
			st->step = S_QUOTE;
			app_op(a, T_QUOTE, &op);
			op_clear(&op);
		} else {
			st->step = S_REVIEW;
			snprintf(st->error, sizeof st->error, "%s", r->err.message);
			if (r->err.transport == HTTP_ERR_CANCELLED)
				snprintf(st->error, sizeof st->error, "%s", _("Cancelled before the bank answered: nothing was sent."));
		}
		break;
	case T_CANCEL:
		if (r->ok) {
			app_say(a, "%s", _("The scheduled transfer is cancelled."));
			enter(a);
		} else {
			app_error(a, &r->err);
		}
		break;
	case T_CHECK: {
		struct intent *in = intent_by_key(st, r->intent.key);
		char q[1200];
		if (r->verdict != PAY_NEVER_RECEIVED) {
			/* Settled, or the bank could not be asked (kept): the sentence says which. */
			if (r->ok)
				app_say(a, "%s", r->err.message);
			else
				app_error(a, &r->err);
			load_intents(a);
			app_reload_accounts(a);
			break;
		}
		if (in)
			st->unsent[in - st->intents] = true;
		snprintf(st->asked, sizeof st->asked, "%s", r->intent.key);
		/* L10N: after "a payment from 3 hours ago never reached the bank ...: <payment>". */
		snprintf(q, sizeof q, r->arg ? _("%s. Drop it, unsent?") : _("%s. Send it now?"), r->err.message);
		app_confirm(a, r->arg ? T_DROP : T_RESEND, q);
		break;
	}
	case T_RESEND:
		if (r->ok)
			/* L10N: %s is the payment as it was confirmed. */
			app_say(a, _("Sent: %s"), r->summary);
		else if (r->unknown)
			app_say(a, _("Still unknown; it will be checked again: %s"), r->summary);
		else
			app_error(a, &r->err);
		load_intents(a);
		app_reload_accounts(a);
		break;
	}
}

/* --- drawing ---------------------------------------------------------------------------- */

static void list_row(struct app *a, void *ctx, long i, int y, int x, int w, bool sel)
{
	struct transfers_state *st = state(a);
	char line[600], amount[MONEY_FMT_MAX + 16], day[UI_DAY_MAX];
	(void)ctx;
	(void)sel;
	if (i < (long)st->nintents) {
		if (st->unsent[i])
			/* L10N: a payment that never reached the bank, in the transfers list; it waits for a yes. */
			snprintf(line, sizeof line, _("NOT SENT: %s"), st->intents[i].summary);
		else
			/* L10N: a payment whose answer was lost, in the transfers list. */
			snprintf(line, sizeof line, _("OUTCOME UNKNOWN: %s"), st->intents[i].summary);
		ui_on(a, ROLE_WARNING);
		ui_text(y, x, w, line, 0);
		ui_off(a, ROLE_WARNING);
		return;
	}
	const struct scheduled *t = scheduled_at(st, i);
	char to[API_NAME_MAX];
	int dw = ui_day_width();
	if (!t)
		return;
	app_format_money(a, &t->amount, 0, amount, sizeof amount);
	ui_day(t->next_run, day);
	sched_dest(a, t, to, sizeof to);
	/* Day, how often, where it goes, and how much. */
	ui_text(y, x, dw, day, 0);
	ui_text(y, x + dw + 1, 12, transfers_rule(t), 0);
	ui_text(y, x + dw + 14, w - dw - 14 - 22, to, 0);
	ui_label(y, x + w - 20, 20, amount, 1);
}

/* The column that says what a destination is: as wide as its widest word
 * in this language, and at most half the row. */
static int dest_kind_width(int w)
{
	static const enum payee_check all[] = { PAYEE_UNCHECKED, PAYEE_MATCH, PAYEE_CLOSE_MATCH, PAYEE_NO_MATCH,
						PAYEE_NOT_POSSIBLE };
	int most = text_width(_("own account"));

	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		if (text_width(namecheck_state(all[i])) > most)
			most = text_width(namecheck_state(all[i]));
	return most < w / 2 ? most : w / 2;
}

static void pick_row(struct app *a, void *ctx, long i, int y, int x, int w, bool sel)
{
	struct transfers_state *st = state(a);

	(void)ctx;
	(void)sel;
	if (st->step == S_FROM) {
		const struct api_account *acc = &a->accounts[i];
		ui_name(y, x, w - 22, acc->name);
		ui_money(a, y, x + w - 20, 20, &acc->available, 0);
	} else if (st->step == S_TO) {
		const struct dest *d = &st->dests[i];
		/* Name, then what it is (an own account, or a payee's name check in
		 * words), then its currency: the widest of those words sets the column. */
		int kw = dest_kind_width(w);
		ui_name(y, x, w - kw - 7, d->name);
		if (!d->create) {
			ui_label(y, x + w - kw - 5, kw, d->payee ? namecheck_state(d->vop) : _("own account"), 0);
			ui_label(y, x + w - 3, 3, d->currency, 0);
		}
	} else if (st->step == S_WHEN) {
		ui_label(y, x, w, _(when_label[i]), 0);
	} else if (st->step == S_NAMECHECK) {
		char line[400];
		if (i == 0 && !st->nc_new)
			/* L10N: a close match's first choice for a saved payee, which is renamed; %s is the bank's name. */
			snprintf(line, sizeof line, _("Rename the payee to %s, as the bank holds it"), st->nc.holder);
		else if (i == 0)
			/* L10N: a close match's first choice; %s is the holder's name as the bank has it. */
			snprintf(line, sizeof line, _("Use %s, as the bank holds it"), st->nc.holder);
		else if (st->nc_new)
			/* L10N: a close match's second choice; %s is the name as typed. */
			snprintf(line, sizeof line, _("Keep %s, as typed"), st->pname.buf);
		else
			/* L10N: a close match's second choice for a saved payee; %s is its name as saved. */
			snprintf(line, sizeof line, _("Keep %s, as saved"), st->to.name);
		ui_text(y, x, w, line, 0);
	}
}

static const char *step_title(struct transfers_state *st)
{
	switch (st->step) {
	case S_FROM:
		return _("Step 1 of 5: from which account?");
	case S_TO:
		return _("Step 2 of 5: to whom?");
	case S_NEWPAYEE:
		return _("Step 2 of 5: a new payee");
	case S_NAMECHECK:
		/* L10N: the step in which the bank checks the payee's name against the account. */
		return _("Step 2 of 5: the payee's name");
	case S_AMOUNT:
		return _("Step 3 of 5: how much?");
	case S_REF:
		return _("Step 4 of 5: a reference (optional)");
	case S_WHEN:
	case S_DATE:
		return _("Step 5 of 5: when?");
	case S_QUOTE:
		return _("Getting an exchange rate…");
	case S_REVIEW:
	case S_SENDING:
		return _("Review");
	case S_RESULT:
		return _("Done");
	default:
		return _("Transfers");
	}
}

static void draw_list(struct app *a, int y, int bottom, int w)
{
	struct transfers_state *st = state(a);
	static const enum action hints[] = { ACT_NEW, ACT_CANCEL_ITEM, ACT_OPEN, ACT_BACK, ACT_ASK };

	app_hints(a, hints, 5);
	ui_on(a, ROLE_HEADING);
	ui_label(y++, 2, w, _("Scheduled transfers"), 0);
	ui_off(a, ROLE_HEADING);
	if (!st->list && !st->list_failed) {
		ui_loading(a, y, 4);
		ui_focus(a, y, 4);
		return;
	}
	st->l.count = list_rows(st);
	if (!st->l.count) {
		char key[32], line[256];
		keymap_key_for(a->km, "transfers", ACT_NEW, key, sizeof key);
		/* L10N: %s is the key that starts a new transfer. */
		snprintf(line, sizeof line, _("Nothing scheduled. Press %s for a new transfer."), key);
		ui_label(y, 4, w - 2, line, 0);
		ui_focus(a, y, 4);
		return;
	}
	list_draw(a, &st->l, y, 2, bottom - y, w, list_row, NULL);
}

/* Reads the amount field; false with why (into why) when it is no amount to send. */
static bool amount_of(struct app *a, struct money *m, char *why, size_t len)
{
	struct transfers_state *st = state(a);
	const char *currency = from_acc(a)->booked.currency;
	enum money_err e = money_parse(st->amount.buf, currency, &a->c->nf, m);

	if (e)
		snprintf(why, len, "%s", money_strerror(e));
	else if (strcmp(m->currency, currency))
		snprintf(why, len, _("The account holds %s: the amount is sent in it."), currency);
	else if (m->minor <= 0)
		snprintf(why, len, "%s", _("The amount must be more than zero."));
	else
		return true;
	return false;
}

static void draw_amount_check(struct app *a, int y, int w)
{
	struct transfers_state *st = state(a);
	struct money m;
	char shown[MONEY_FMT_MAX + 64];

	if (!st->amount.len)
		return;
	if (amount_of(a, &m, shown, sizeof shown)) {
		char amount[MONEY_FMT_MAX];
		money_format(&m, &a->c->nf, MONEY_FMT_CODE, amount, sizeof amount);
		/* L10N: the amount as understood, shown while it is typed. */
		snprintf(shown, sizeof shown, _("= %s"), amount);
	}
	/* Two rows: a reason is read whole, not cut at the edge. */
	ui_wrap(y, 4, w - 2, 2, shown);
}

/* The check's outcome in words, whole (a warning drawn as one), then what
 * going on takes: a choice of names, the name typed again, or Enter. */
static void draw_namecheck(struct app *a, int y, int bottom, int w)
{
	struct transfers_state *st = state(a);
	char said[1200];
	bool warns;
	int fy, need, rows;

	if (st->nc_waiting) {
		/* The check, or (after a close match) the payee's rename. */
		ui_label(y, 2, w, st->nc.outcome == PAYEE_CLOSE_MATCH ? _("Renaming the payee…") : _("Checking the name with the bank…"), 0);
		ui_focus(a, y, 2);
		return;
	}
	warns = namecheck_warns(st->nc.outcome);
	namecheck_explain(&st->nc, nc_name(st), said, sizeof said);
	/* Whole: after it come two rows (a choice of two, or the question and
	 * its field) or one; where the rows are few (60x16, a long language),
	 * it takes the blank row under the heading, then the one after it. */
	need = st->nc.outcome == PAYEE_NOT_POSSIBLE ? 1 : 2;
	rows = ui_wrap_rows(w, said);
	if (y + rows + need > bottom)
		y--;
	if (warns)
		ui_on(a, ROLE_WARNING);
	y += ui_wrap(y, 2, w, bottom - y - need > 1 ? bottom - y - need : 1, said);
	if (warns)
		ui_off(a, ROLE_WARNING);
	if (y + need < bottom)
		y++;
	switch (st->nc.outcome) {
	case PAYEE_CLOSE_MATCH: {
		static const enum action hints[] = { ACT_OPEN, ACT_BACK };
		app_hints(a, hints, 2);
		st->nc_pick.count = 2;
		list_draw(a, &st->nc_pick, y, 2, 2, w, pick_row, NULL);
		return;
	}
	case PAYEE_NO_MATCH:
		/* L10N: the deliberate act after no match: never a key of a normal yes. */
		ui_label(y, 2, w, _("To go on anyway, type the payee's name again:"), 0);
		fy = y + 1;
		field_draw(a, &st->again, fy, 2, w < 40 ? w : 40);
		return;
	case PAYEE_NOT_POSSIBLE:
	default:
		/* L10N: after a check that could not be made. */
		ui_label(y, 2, w, _("Enter goes on anyway, Esc goes back."), 0);
		ui_focus(a, y, 2);
		return;
	}
}

static void draw(struct app *a, int top, int h)
{
	struct transfers_state *st = state(a);
	int y = top + 1, w = a->cols - 4, bottom = top + h;
	char line[700];

	if (st->step == S_LIST) {
		draw_list(a, y, bottom, w);
		return;
	}
	ui_on(a, ROLE_HEADING);
	ui_label(y++, 2, w, step_title(st), 0);
	ui_off(a, ROLE_HEADING);
	y++;
	if (st->step == S_NAMECHECK) {
		draw_namecheck(a, y, bottom, w);
		return;
	}
	if (st->step > S_FROM && from_acc(a)) {
		char from[256];
		describe_account(a, from_acc(a), from, sizeof from);
		snprintf(line, sizeof line, _("From: %s"), from);
		ui_text(y++, 2, w, line, 0);
	}
	if (st->step > S_NEWPAYEE && *st->to.name) {
		snprintf(line, sizeof line, _("To: %s"), st->to.name);
		ui_text(y++, 2, w, line, 0);
	}
	if (st->step > S_AMOUNT) {
		char amount[MONEY_FMT_MAX];
		money_format(&st->money, &a->c->nf, MONEY_FMT_CODE, amount, sizeof amount);
		snprintf(line, sizeof line, _("Amount: %s"), amount);
		ui_label(y++, 2, w, line, 0);
	}
	if (st->step > S_REF && *st->ref.buf) {
		snprintf(line, sizeof line, _("Reference: %s"), st->ref.buf);
		ui_text(y++, 2, w, line, 0);
	}
	if (st->step > S_FROM)
		y++;
	switch (st->step) {
	case S_FROM: {
		static const enum action hints[] = { ACT_OPEN, ACT_BACK };
		app_hints(a, hints, 2);
		st->pick.count = (long)a->naccounts;
		list_draw(a, &st->pick, y, 2, bottom - y, w, pick_row, NULL);
		break;
	}
	case S_TO: {
		static const enum action hints[] = { ACT_OPEN, ACT_BACK };
		app_hints(a, hints, 2);
		if (!st->payees_loaded) {
			ui_loading(a, y, 4);
			ui_focus(a, y, 4);
			break;
		}
		st->pick.count = (long)st->ndests;
		list_draw(a, &st->pick, y, 2, bottom - y, w, pick_row, NULL);
		break;
	}
	case S_NEWPAYEE: {
		int fx = 3 + ui_wider(_("Name:"), _("IBAN:"));
		ui_label(y, 2, fx - 3, _("Name:"), 0);
		ui_label(y + 1, 2, fx - 3, _("IBAN:"), 0);
		field_draw(a, &st->piban, y + 1, fx, w - fx + 2);
		field_draw(a, &st->pname, y, fx, w - fx + 2);
		if (st->pfocus == 1)
			field_draw(a, &st->piban, y + 1, fx, w - fx + 2);
		ui_label(y + 3, 2, w, _("Tab next field, Enter add (the bank asks for a one-time code)"), 0);
		break;
	}
	case S_AMOUNT: {
		int fx, fy;
		snprintf(line, sizeof line, _("Amount in %s:"), from_acc(a)->booked.currency);
		field_draw(a, &st->amount, y, ui_field_label(y, 2, line), 24);
		fy = a->cur_y;
		fx = a->cur_x;
		draw_amount_check(a, y + 1, w);
		{
			char avail[MONEY_FMT_MAX + 16];
			app_format_money(a, &from_acc(a)->available, 0, avail, sizeof avail);
			snprintf(line, sizeof line, _("Available: %s"), avail);
			ui_label(y + 3, 2, w, line, 0);
		}
		ui_focus(a, fy, fx);
		break;
	}
	case S_REF:
		{
			int fx = ui_field_label(y, 2, _("Reference:"));
			field_draw(a, &st->ref, y, fx, w - fx + 2);
		}
		break;
	case S_WHEN:
		st->pick.count = W_COUNT;
		list_draw(a, &st->pick, y, 2, W_COUNT, w, pick_row, NULL);
		break;
	case S_DATE:
		snprintf(line, sizeof line, "%s:", _(when_label[st->when]));
		field_draw(a, &st->date, y, ui_field_label(y, 2, line), 12);
		{
			int fy = a->cur_y, fx = a->cur_x;
			ui_label(y + 1, 2, w,
				 st->when == W_ON ? _("The day, as YYYY-MM-DD.") : _("The first day, as YYYY-MM-DD (empty: today)."),
				 0);
			ui_focus(a, fy, fx);
		}
		break;
	case S_QUOTE:
		ui_loading(a, y, 2);
		ui_focus(a, y, 2);
		break;
	case S_REVIEW:
	case S_SENDING: {
		int qy;
		summary(a, line, sizeof line);
		y += ui_wrap(y, 2, w, 4, line) + 1;
		if (st->quote) {
			struct money sell, buy, fee;
			char s1[MONEY_FMT_MAX], s2[MONEY_FMT_MAX], s3[MONEY_FMT_MAX], when[32];
			jmoney(st->quote, "sell", &sell);
			jmoney(st->quote, "buy", &buy);
			jmoney(st->quote, "fee", &fee);
			money_format(&sell, &a->c->nf, MONEY_FMT_CODE, s1, sizeof s1);
			money_format(&buy, &a->c->nf, MONEY_FMT_CODE, s2, sizeof s2);
			money_format(&fee, &a->c->nf, MONEY_FMT_CODE, s3, sizeof s3);
			snprintf(when, sizeof when, "%.5s", strlen(jstr(st->quote, "expires_at")) > 11 ? jstr(st->quote, "expires_at") + 11 : "");
			/* L10N: an FX quote: what is paid, what arrives, the rate, the fee, and until when (UTC). */
			snprintf(line, sizeof line, _("You pay %s; %s arrives. Rate %s, fee %s. Good until %s UTC."), s1, s2,
				 jstr(st->quote, "rate"), s3, when);
			y += ui_wrap(y, 2, w, 3, line) + 1;
		}
		if (*st->error) {
			ui_on(a, ROLE_ERROR);
			/* L10N: the bank refused the transfer; %s says why. */
			snprintf(line, sizeof line, _("Not sent: %s"), st->error);
			y += ui_wrap(y, 2, w, 3, line) + 1;
			ui_off(a, ROLE_ERROR);
		}
		qy = y;
		if (st->step == S_SENDING) {
			ui_label(qy, 2, w, _("Sending…"), 0);
		} else {
			/* L10N: the review's question; y and n are the keys. */
			ui_label(qy, 2, w, _("Send it?  y yes, n or Esc to go back"), 0);
		}
		ui_focus(a, qy, 2);
		break;
	}
	case S_RESULT: {
		if (st->unknown) {
			snprintf(line, sizeof line,
				 _("The bank's answer was lost (%s). Whether the money moved is unknown; bankterm will ask the "
				   "bank again, and it will never be paid twice."),
				 st->error);
			ui_wrap(y, 2, w, 4, line);
			ui_focus(a, y, 2);
			break;
		}
		{
			outcome(st, line, sizeof line);
			ui_on(a, ROLE_HEADING);
			ui_text(y, 2, w, line, 0);
			ui_off(a, ROLE_HEADING);
			ui_focus(a, y, 2);
			y++;
			snprintf(line, sizeof line, _("Reference: %s"), jstr(st->done, "id"));
			ui_text(y++, 2, w, line, 0);
		}
		{
			static const enum action hints[] = { ACT_OPEN, ACT_ASK };
			app_hints(a, hints, 2);
		}
		break;
	}
	case S_LIST:
	case S_NAMECHECK: /* drawn above */
		break;
	}
}

/* --- keys ------------------------------------------------------------------------------ */

static bool is_enter(enum action act, const struct key *k)
{
	return act == ACT_OPEN || key_is_enter(k);
}

static bool is_esc(const struct key *k)
{
	return !k->is_key && k->ch == 27;
}

static void choose_when(struct app *a)
{
	struct transfers_state *st = state(a);
	struct dest *d = &st->to;
	if (strcmp(d->currency, from_acc(a)->booked.currency)) {
		if (st->when != W_NOW) {
			app_refuse(a, "%s", _("A transfer into another currency runs now only."));
			st->step = S_WHEN;
			return;
		}
		struct op op = { 0 };
		transfers_quote_op(&st->money, d->currency, &op);
		st->step = S_QUOTE;
		app_op(a, T_QUOTE, &op);
		op_clear(&op);
		return;
	}
	st->step = S_REVIEW;
}

/* "Ask the bank about this": a conversation about transfer id, named by words. */
static void ask_transfer(struct app *a, const char *id, const char *words)
{
	/* L10N: the subject written for a conversation about a transfer. */
	support_ask_about(a, id, words, _("Question about a transfer"));
}

static int form_key(struct app *a, enum action act, const struct key *k)
{
	struct transfers_state *st = state(a);

	switch (st->step) {
	case S_FROM:
		if (list_key(&st->pick, act))
			return R_REDRAW;
		if (is_enter(act, k) && a->naccounts) {
			st->from = (size_t)st->pick.sel;
			build_dests(a);
			st->pick = (struct list){ 0 };
			st->step = S_TO;
		} else if (is_esc(k)) {
			st->step = S_LIST;
		} else {
			return R_UNHANDLED;
		}
		return R_REDRAW;
	case S_TO:
		if (list_key(&st->pick, act))
			return R_REDRAW;
		if (is_enter(act, k) && st->payees_loaded) {
			if (st->pick.sel == (long)st->ndests - 1 && st->dests[st->pick.sel].create) {
				st->step = S_NEWPAYEE;
				st->pfocus = 0;
				field_clear(&st->pname);
				field_clear(&st->piban);
				memset(&st->to, 0, sizeof st->to);
			} else if (!rebuild_dests(a)) {
				/* The one chosen left the list (reloaded meanwhile): nothing is guessed. */
				app_refuse(a, "%s", _("That one is no longer in the list: choose again."));
			} else {
				st->to = st->dests[st->pick.sel];
				enum namecheck_need need = st->to.payee ? namecheck_needed(st->to.vop) : NAMECHECK_NONE;
				if (need == NAMECHECK_ASK && !strcmp(st->nc_payee, st->to.id) && *st->nc.id) {
					/* Checked a moment ago (the bank keeps a check for a day): shown again, not asked again. */
					st->nc_new = false;
					st->nc_waiting = false;
					show_namecheck(a);
					if (st->nc.outcome == PAYEE_MATCH)
						namecheck_go_on(a, st->to.name, true);
				} else if (need == NAMECHECK_ASK) {
					/* Its first payment: the name is checked before anything else. */
					ask_namecheck(a, st->to.name, st->to.iban, false);
				} else if (need == NAMECHECK_WARN_AGAIN) {
					/* Said again before each payment, and gone past deliberately. */
					memset(&st->nc, 0, sizeof st->nc);
					st->nc_payee[0] = '\0';
					st->nc.outcome = PAYEE_NO_MATCH;
					st->nc_new = false;
					st->nc_waiting = false;
					show_namecheck(a);
				} else {
					st->step = S_AMOUNT;
				}
			}
		} else if (is_esc(k)) {
			st->pick = (struct list){ 0 };
			st->step = S_FROM;
		} else {
			return R_UNHANDLED;
		}
		return R_REDRAW;
	case S_NEWPAYEE:
		if (is_esc(k)) {
			/* A save under way goes on; its answer no longer moves the form. */
			st->awaited = 0;
			st->step = S_TO;
		} else if ((!k->is_key && k->ch == '\t') || (k->is_key && (k->ch == KEY_DOWN || k->ch == KEY_UP || k->ch == KEY_BTAB))) {
			st->pfocus = !st->pfocus;
		} else if (is_enter(act, k)) {
			char iban[IBAN_MAX + 1];
			enum iban_err e;
			if (!*st->pname.buf) {
				st->pfocus = 0;
				app_refuse(a, "%s", _("The payee needs a name."));
			} else if ((e = iban_normalize(st->piban.buf, iban))) {
				st->pfocus = 1;
				app_refuse(a, "%s", iban_strerror(e));
			} else {
				char msg[400], electronic[IBAN_MAX + 1];
				/* A name the bank would not save, or a payee saved already: said before the name is checked. */
				if (!payee_fields_ok(st->pname.buf, PAYEE_NAME_MAX, iban, electronic, msg, sizeof msg)) {
					st->pfocus = 0;
					app_refuse(a, "%s", msg);
				} else if (payees_saved(st->payees, st->npayees, iban, from_acc(a)->booked.currency, msg,
							sizeof msg)) {
					app_refuse(a, "%s", msg);
				} else {
					ask_namecheck(a, st->pname.buf, iban, true);
				}
			}
		} else {
			if (!field_key(st->pfocus ? &st->piban : &st->pname, k))
				return R_UNHANDLED; /* F1 and the like: the shell's */
		}
		return R_REDRAW;
	case S_NAMECHECK:
		if (is_esc(k)) {
			st->step = st->nc_new ? S_NEWPAYEE : S_TO;
			return R_REDRAW;
		}
		if (st->nc_waiting)
			return R_REDRAW;
		switch (st->nc.outcome) {
		case PAYEE_CLOSE_MATCH:
			if (list_key(&st->nc_pick, act))
				return R_REDRAW;
			if (!is_enter(act, k))
				return R_UNHANDLED;
			if (!st->nc_new && st->nc_pick.sel == 0)
				rename_payee(a);
			else
				namecheck_go_on(a, st->nc_new && st->nc_pick.sel == 0 ? st->nc.holder : nc_name(st), false);
			return R_REDRAW;
		case PAYEE_NO_MATCH:
			if (!is_enter(act, k))
				return field_key(&st->again, k) ? R_REDRAW : R_UNHANDLED;
			if (namecheck_retyped(st->again.buf, nc_name(st)))
				namecheck_go_on(a, nc_name(st), false);
			else
				/* L10N: the name typed again was not the payee's: nothing goes on. */
				app_refuse(a, "%s", _("That is not the payee's name: nothing goes on. Type it as before, or Esc to go back."));
			return R_REDRAW;
		case PAYEE_NOT_POSSIBLE:
		default:
			if (!is_enter(act, k))
				return R_UNHANDLED;
			namecheck_go_on(a, nc_name(st), false);
			return R_REDRAW;
		}
	case S_AMOUNT:
		if (is_esc(k)) {
			st->step = S_TO;
		} else if (is_enter(act, k)) {
			struct money m;
			char why[256];
			if (!amount_of(a, &m, why, sizeof why)) {
				app_refuse(a, "%s", why);
			} else if (!transfers_affordable(from_acc(a), &m, &a->c->nf, a->privacy, why, sizeof why)) {
				/* Said at the amount, not first at Send. */
				app_refuse(a, "%s", why);
			} else {
				st->money = m;
				st->step = S_REF;
			}
		} else {
			if (!field_key(&st->amount, k))
				return R_UNHANDLED; /* F1 and the like: the shell's */
		}
		return R_REDRAW;
	case S_REF:
		if (is_esc(k))
			st->step = S_AMOUNT;
		else if (is_enter(act, k)) {
			st->step = S_WHEN;
			st->pick = (struct list){ 0 };
		} else if (!field_key(&st->ref, k)) {
			return R_UNHANDLED; /* F1 and the like: the shell's */
		}
		return R_REDRAW;
	case S_WHEN:
		if (list_key(&st->pick, act))
			return R_REDRAW;
		if (is_esc(k))
			st->step = S_REF;
		else if (is_enter(act, k)) {
			st->when = (enum when)st->pick.sel;
			if (st->when == W_NOW)
				choose_when(a);
			else
				st->step = S_DATE;
		} else
			return R_UNHANDLED;
		return R_REDRAW;
	case S_DATE:
		if (is_esc(k))
			st->step = S_WHEN;
		else if (is_enter(act, k)) {
			if ((*st->date.buf || st->when == W_ON) && !text_is_day(st->date.buf))
				app_refuse(a, "%s", _("Write a day that exists, as YYYY-MM-DD, for example 2026-12-01."));
			else
				choose_when(a);
		} else if (!field_key(&st->date, k)) {
			return R_UNHANDLED; /* F1 and the like: the shell's */
		}
		return R_REDRAW;
	case S_REVIEW:
		if (!k->is_key && (k->ch == 'y' || k->ch == 'Y'))
			send(a);
		else if (is_esc(k) || (!k->is_key && (k->ch == 'n' || k->ch == 'N'))) {
			if (st->quote)
				json_object_put(st->quote);
			st->quote = NULL;
			st->error[0] = '\0';
			st->step = S_WHEN;
		} else
			return R_UNHANDLED; /* other keys keep their meaning: the question stays */
		return R_REDRAW;
	case S_SENDING:
		return R_REDRAW; /* Esc is the shell's: it cancels the request */
	case S_RESULT:
		if (act == ACT_ASK && !st->unknown && *jstr(st->done, "id")) {
			char words[700];
			outcome(st, words, sizeof words);
			ask_transfer(a, jstr(st->done, "id"), words);
			return R_REDRAW;
		}
		if (is_esc(k) || is_enter(act, k)) {
			st->step = S_LIST;
			enter(a);
			return R_REDRAW;
		}
		return R_UNHANDLED;
	default:
		return R_UNHANDLED;
	}
}

static void confirmed(struct app *a, int tag, bool yes)
{
	struct transfers_state *st = state(a);

	if (tag == T_RESEND || tag == T_DROP) {
		struct intent *in = intent_by_key(st, st->asked);
		if (!in)
			return;
		if (!yes) {
			app_say(a, "%s", tag == T_RESEND ? _("Kept unsent: Enter asks again, x drops it.")
							 : _("Nothing was done; it is still waiting."));
		} else if (tag == T_RESEND) {
			app_resend_intent(a, T_RESEND, in);
			/* L10N: a payment that never reached the bank is being sent after a yes. */
			app_say(a, "%s", _("Sending…"));
		} else {
			pay_drop(in);
			load_intents(a);
			app_say(a, "%s", _("Dropped; it was not sent."));
		}
		return;
	}
	if (tag == T_CANCEL && yes && st->cancel.method[0])
		app_op(a, T_CANCEL, &st->cancel);
	if (tag == T_CANCEL)
		op_clear(&st->cancel);
}

static int key(struct app *a, enum action act, const struct key *k)
{
	struct transfers_state *st = state(a);

	if (st->step == S_LIST && act == ACT_ASK && scheduled_at(st, st->l.sel)) {
		const struct scheduled *t = scheduled_at(st, st->l.sel);
		char words[600], to[API_NAME_MAX], amount[MONEY_FMT_MAX + 16], day[UI_DAY_MAX];
		sched_dest(a, t, to, sizeof to);
		app_format_money(a, &t->amount, 0, amount, sizeof amount);
		ui_day(t->next_run, day);
		/* L10N: what a conversation is about: a scheduled transfer's amount, where it goes, and its next day. */
		snprintf(words, sizeof words, _("the transfer of %1$s to %2$s, next on %3$s"), amount, to, day);
		ask_transfer(a, t->id, words);
		return R_REDRAW;
	}
	if (st->step != S_LIST)
		return form_key(a, act, k);
	if (list_key(&st->l, act))
		return R_REDRAW;
	switch (act) {
	case ACT_NEW:
		if (!a->accounts_loaded) {
			app_say(a, "%s", _("The accounts are still loading."));
			return R_REDRAW;
		}
		start_form(a);
		return R_REDRAW;
	case ACT_CANCEL_ITEM:
	case ACT_OPEN:
		if (st->l.sel < (long)st->nintents && st->nintents) {
			/* Enter: ask the bank, then offer to send it if it never arrived;
			 * x: the same, then offer to drop it.  Nothing is sent unasked. */
			app_check(a, T_CHECK, act == ACT_CANCEL_ITEM, &st->intents[st->l.sel]);
			app_say(a, "%s", _("Asking the bank what happened…"));
			return R_REDRAW;
		}
		/* Enter on a scheduled transfer shows it whole (amount, where it
		 * goes, how often, its reference) and offers to cancel it; x too. */
		if (scheduled_at(st, st->l.sel)) {
			const struct scheduled *t = scheduled_at(st, st->l.sel);
			char q[700], to[API_NAME_MAX];
			sched_dest(a, t, to, sizeof to);
			if (transfers_cancel_op(t, to, &a->c->nf, &st->cancel)) {
				snprintf(q, sizeof q, _("%s?"), st->cancel.summary);
				app_confirm(a, T_CANCEL, q);
			}
			return R_REDRAW;
		}
		return R_UNHANDLED;
	default:
		return R_UNHANDLED;
	}
}

static bool typing(struct app *a)
{
	struct transfers_state *st = state(a);

	return st->step == S_NEWPAYEE || st->step == S_AMOUNT || st->step == S_REF || st->step == S_DATE ||
	       (st->step == S_NAMECHECK && !st->nc_waiting && st->nc.outcome == PAYEE_NO_MATCH);
}

/* Keys typed while the bank checks a name, or saves the payee after it,
 * wait for its answer: on a match they go to the amount. */
static bool holds_keys(struct app *a)
{
	struct transfers_state *st = state(a);

	/* (And only while a request is out: keys are never held for an answer that cannot come.) */
	return st->awaited && (st->step == S_NAMECHECK || st->step == S_NEWPAYEE) && app_loading(a, SCR_TRANSFERS);
}

static bool row_holds(struct app *a, long i, const char *needle)
{
	struct transfers_state *st = state(a);

	if (i < (long)st->nintents)
		return text_contains(st->intents[i].summary, needle);
	{
		const struct scheduled *t = scheduled_at(st, i);
		char to[API_NAME_MAX];
		if (!t)
			return false;
		sched_dest(a, t, to, sizeof to);
		return text_contains(to, needle) || text_contains(t->reference, needle);
	}
}

static bool find(struct app *a, const char *needle)
{
	struct transfers_state *st = state(a);

	/* The list only: the form's steps have their own few choices. */
	return st->step == S_LIST && list_find(&st->l, row_holds, a, needle);
}

static void forget(void *state)
{
	struct transfers_state *st = state;

	json_object_put(st->list);
	json_object_put(st->quote);
	json_object_put(st->done);
	op_clear(&st->cancel);
	intent_list_free(st->intents, st->nintents);
	free(st->unsent);
	free(st->sched);
	free(st->dests);
	free(st->payees);
	explicit_bzero(st, sizeof *st); /* the form: amount, payee, reference */
}

struct screen screen_transfers = {
	.name = "transfers",
	.title = N_("Transfers"),
	.enter = enter,
	.draw = draw,
	.key = key,
	.result = result,
	.reload = reload,
	.confirmed = confirmed,
	.typing = typing,
	.holds_keys = holds_keys,
	.find = find,
	.state_size = sizeof(struct transfers_state),
	.forget = forget,
};
