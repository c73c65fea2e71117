/* scr_home.c: the first screen: what the customer has (a total per
 * currency and each account), what is due next, points and tier, unread
 * alerts, and the shortcuts the user pinned in the config file, each run
 * in one key.  Enter on an account opens it on the Accounts screen. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "words.h"
#include "view.h"

enum { T_BILLS, T_REWARDS, T_ALERTS };

static const struct view_column bill_cols[] = {
	{ "id", V_TEXT, "", false },      { "biller.name", V_TEXT, "", false }, { "amount", V_MONEY, "", false },
	{ "due_date", V_TEXT, "", false }, { "status", V_TEXT, "", false },
};
static const struct view_column reward_cols[] = {
	{ "balance", V_INT, "", false },         { "tier", V_TEXT, "", false },
	{ "expiring_points", V_INT, "", false }, { "expiring_by", V_DATE, "", false },
};
static const struct view_column alert_head[] = {
	{ "last_id", V_INT, "", false },
	{ "unread", V_INT, "", false },
};

struct home_state {
	struct list l;
	json_object *bills, *rewards;
	bool bills_failed, rewards_failed;
};

/* This screen's state, kept by the app (a->state). */
static struct home_state *state(struct app *a)
{
	return a->state[SCR_HOME];
}

static void enter(struct app *a)
{
	struct home_state *st = state(a);

	if (st->bills)
		json_object_put(st->bills);
	if (st->rewards)
		json_object_put(st->rewards);
	st->bills = st->rewards = NULL;
	st->bills_failed = st->rewards_failed = false;
	app_get(a, T_BILLS, 0, "/bills?status=open");
	app_get(a, T_REWARDS, 0, "/rewards");
	app_get(a, T_ALERTS, 0, "/notifications?limit=1");
}

/* Money moved: the bills and points again, the rows kept until they come. */
static void reload(struct app *a)
{
	app_get(a, T_BILLS, 0, "/bills?status=open");
	app_get(a, T_REWARDS, 0, "/rewards");
	app_get(a, T_ALERTS, 0, "/notifications?limit=1");
}

static void result(struct app *a, struct req *r)
{
	struct home_state *st = state(a);
	json_object *head = NULL;

	switch (r->tag) {
	case T_BILLS:
		st->bills_failed = !ui_accept(a, r, bill_cols, 5, N_("the bills"), "items", &st->bills);
		break;
	case T_REWARDS:
		st->rewards_failed = !ui_accept(a, r, reward_cols, 4, N_("the points"), NULL, &st->rewards);
		break;
	case T_ALERTS:
		if (!ui_accept(a, r, alert_head, 2, N_("the alerts"), NULL, &head))
			break;
		a->unread = (long)jint(head, "unread");
		app_poll_from(a, jint(head, "last_id"));
		json_object_put(head);
		break;
	default: /* the accounts: the shell keeps them, a failure is said here */
		if (!r->ok && r->err.transport != HTTP_ERR_CANCELLED)
			app_error(a, &r->err);
		break;
	}
}

static void account_row(struct app *a, void *ctx, long i, int y, int x, int w, bool sel)
{
	const struct api_account *acc = &a->accounts[i];
	/* The kind's column fits the widest kind in this language. */
	int mw = w > 60 ? 24 : 18, kw = words_widest(WORDS_KIND) + 1;
	(void)ctx;
	(void)sel;
	ui_name(y, x, w - mw - kw - 2, acc->name);
	ui_text(y, x + w - mw - kw - 1, kw, words_of(WORDS_KIND, acc->kind), 0);
	ui_money(a, y, x + w - mw, mw, &acc->booked, 0);
}

static void draw_shortcuts(struct app *a, int y, int bottom, int w)
{
	if (y >= bottom)
		return;
	if (!a->nshortcuts) {
		ui_wrap(y, 2, w, bottom - y, _("No shortcuts pinned: add a [shortcut KEY] to the config file (bankterm.conf(5))."));
		return;
	}
	ui_on(a, ROLE_HEADING);
	ui_label(y++, 2, w, _("Shortcuts"), 0);
	ui_off(a, ROLE_HEADING);
	for (int i = 0; i < a->nshortcuts && y < bottom; i++, y++) {
		const struct shortcut *sc = a->shortcuts[i].sc;
		char name[32];
		key_describe(&a->shortcuts[i].k, name, sizeof name);
		ui_label(y, 4, 8, name, 0);
		/* The user's own words, still sanitized: the config is outside data. */
		ui_text(y, 13, w - 11, sc->label ? sc->label : sc->run, 0);
	}
}

/* The main tasks and the keys that start them, on Home's last row. */
static void draw_tasks(struct app *a, int y, int w)
{
	static const struct {
		int screen;
		const char *label;
	} tasks[] = {
		{ SCR_TRANSFERS, N_("send money") },
		{ SCR_BILLS, N_("pay a bill") },
		{ SCR_POINTS, N_("use points") },
		{ SCR_ALERTS, N_("read alerts") },
	};
	char line[400] = "", key[32];

	for (size_t i = 0; i < sizeof tasks / sizeof tasks[0]; i++) {
		keymap_key_for(a->km, "home", ACT_GOTO(tasks[i].screen), key, sizeof key);
		if (*key)
			snprintf(line + strlen(line), sizeof line - strlen(line), "%s%s %s", *line ? "  " : "", key,
				 _(tasks[i].label));
	}
	ui_label(y, 2, w, line, 0);
}

static void draw(struct app *a, int top, int h)
{
	struct home_state *st = state(a);
	static const enum action hints[] = { ACT_OPEN, ACT_PRIVACY, ACT_REFRESH, ACT_QUIT };
	int y = top + 1, w = a->cols - 4, bottom = top + h;
	char line[512];

	app_hints(a, hints, 4);
	ui_on(a, ROLE_HEADING);
	/* L10N: Home's heading over the totals, one per currency. */
	/* For a screen reader the heading names the screen too: it is read first. */
	ui_label(y++, 2, w, a->reader ? _("Home: total") : _("Total"), 0);
	ui_off(a, ROLE_HEADING);
	if (!a->accounts_loaded) {
		ui_loading(a, y, 4);
		ui_focus(a, y, 4);
		return;
	}
	/* One total per currency, in the order they first appear: never mixed. */
	for (size_t i = 0; i < a->naccounts && y < bottom; i++) {
		struct money total = a->accounts[i].booked;
		bool seen = false;
		for (size_t j = 0; j < i; j++)
			seen |= !strcmp(a->accounts[j].booked.currency, total.currency);
		if (seen)
			continue;
		for (size_t j = i + 1; j < a->naccounts; j++)
			if (!strcmp(a->accounts[j].booked.currency, total.currency))
				money_add(&total, &total, &a->accounts[j].booked);
		ui_money(a, y++, 4, 24, &total, 0);
	}
	y++;
	ui_on(a, ROLE_HEADING);
	ui_label(y++, 2, w, _("Accounts"), 0);
	ui_off(a, ROLE_HEADING);
	st->l.count = (long)a->naccounts;
	{
		int rows = (int)a->naccounts;
		int room = bottom - y - 7;
		if (rows > room) {
			/* What does not fit is counted under the list, on a row of its own. */
			rows = room > 3 ? room - 1 : 2;
			list_draw(a, &st->l, y, 2, rows, w, account_row, NULL);
			list_more(a, &st->l, y + rows, 4, w - 2);
			y += rows + 2;
		} else {
			list_draw(a, &st->l, y, 2, rows, w, account_row, NULL);
			y += rows + 1;
		}
	}
	if (y >= bottom)
		return;
	ui_on(a, ROLE_HEADING);
	ui_label(y++, 2, w, _("Next bills due"), 0);
	ui_off(a, ROLE_HEADING);
	if (st->bills) {
		json_object *items = jarr(st->bills, "items");
		size_t n = json_object_array_length(items);
		if (n == 0 && y < bottom)
			ui_label(y++, 4, w - 2, _("Nothing is due."), 0);
		for (size_t i = 0; i < n && i < 3 && y < bottom - 2; i++) {
			json_object *b = json_object_array_get_idx(items, i);
			struct money m;
			bool overdue = !strcmp(jstr(b, "status"), "overdue");
			jmoney(b, "amount", &m);
			char day[UI_DAY_MAX];
			/* The biller's name takes what the day, the amount and the state leave. */
			int dw = ui_day_width(), mw = w < 70 ? 13 : 18, ow = text_width(_("OVERDUE"));
			int nw = w + 2 - 4 - dw - 2 - mw - 1 - ow;
			ui_day(jstr(b, "due_date"), day);
			ui_text(y, 4, dw, day, 0);
			ui_name(y, 6 + dw, nw - 1, jstr(b, "biller.name"));
			ui_money(a, y, 6 + dw + nw, mw, &m, 0);
			/* Overdue is said in words, not only in colour. */
			ui_on(a, ROLE_WARNING);
			ui_label(y, 6 + dw + nw + mw + 1, ow, overdue ? _("OVERDUE") : "", 0);
			ui_off(a, ROLE_WARNING);
			y++;
		}
	} else if (y < bottom) {
		if (st->bills_failed)
			ui_label(y++, 4, w - 2, _("Bills could not be loaded (r to try again)."), 0);
		else
			ui_loading(a, y++, 4);
	}
	if (y >= bottom - 1)
		return;
	y++;
	if (st->rewards) {
		char day[UI_DAY_MAX];
		int64_t exp = jint(st->rewards, "expiring_points");
		ui_day(jstr(st->rewards, "expiring_by"), day);
		if (exp > 0)
			/* L10N: Home's points line: balance, tier, points expiring and the day. */
			snprintf(line, sizeof line, _("Points: %lld, %s tier; %lld expire by %s"),
				 (long long)jint(st->rewards, "balance"), words_of(WORDS_TIER, jstr(st->rewards, "tier")), (long long)exp, day);
		else
			snprintf(line, sizeof line, _("Points: %lld, %s tier"), (long long)jint(st->rewards, "balance"),
				 words_of(WORDS_TIER, jstr(st->rewards, "tier")));
		ui_text(y++, 2, w, line, 0);
	} else if (st->rewards_failed) {
		ui_label(y++, 2, w, _("Points could not be loaded (r to try again)."), 0);
	} else {
		ui_loading(a, y++, 2);
	}
	if (y < bottom - 1) {
		snprintf(line, sizeof line, ngettext("Alerts: %ld unread", "Alerts: %ld unread", (unsigned long)a->unread),
			 a->unread);
		ui_label(y++, 2, w, line, 0);
	}
	draw_shortcuts(a, y + 1, bottom - 1, w);
	draw_tasks(a, bottom - 1, w);
}

static int key(struct app *a, enum action act, const struct key *k)
{
	struct home_state *st = state(a);

	for (int i = 0; i < a->nshortcuts; i++)
		if (a->shortcuts[i].k.ch == k->ch && a->shortcuts[i].k.is_key == k->is_key) {
			app_run_command(a, a->shortcuts[i].sc->run);
			return R_REDRAW;
		}
	if (list_key(&st->l, act))
		return R_REDRAW;
	if (act == ACT_OPEN && a->naccounts > 0) {
		accounts_open(a, (size_t)st->l.sel);
		return R_REDRAW;
	}
	return R_UNHANDLED;
}

static bool find(struct app *a, const char *needle)
{
	struct home_state *st = state(a);

	return list_find(&st->l, app_account_holds, a, needle);
}

static void forget(void *state)
{
	struct home_state *st = state;

	json_object_put(st->bills);
	json_object_put(st->rewards);
}

struct screen screen_home = {
	.name = "home",
	.title = N_("Home"),
	.enter = enter,
	.draw = draw,
	.key = key,
	.result = result,
	.reload = reload,
	.find = find,
	.state_size = sizeof(struct home_state),
	.forget = forget,
};
