/* scr_points.c: loyalty points: balance, tier, what expires and when; the
 * catalogue (Enter redeems, after a question that says the cost) and the
 * history, switched with Tab. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "points.h"
#include "tui.h"
#include "words.h"
#include "view.h"

enum { T_SUMMARY, T_CATALOG, T_LEDGER, T_REDEEM };

static const struct view_column summary_cols[] = {
	{ "balance", V_INT, "", false },          { "tier", V_TEXT, "", false },
	{ "expiring_points", V_INT, "", false },  { "expiring_by", V_DATE, "", false },
	{ "next_tier", V_TEXT, "", true },        { "points_to_next_tier", V_INT, "", true },
};
static const struct view_column catalog_cols[] = {
	{ "id", V_TEXT, "", false }, { "name", V_TEXT, "", false }, { "kind", V_TEXT, "", false },
	{ "points", V_INT, "", false }, { "needs_account", V_BOOL, "", false },
};
static const struct view_column ledger_cols[] = {
	{ "at", V_DATE, "", false }, { "points", V_INT, "", false }, { "kind", V_TEXT, "", false },
	{ "description", V_TEXT, "", false },
};

struct points_state {
	json_object *summary, *catalog, *ledger;
	bool failed;
	bool history; /* the history is shown instead of the catalogue */
	struct list cl, hl;
};

/* This screen's state, kept by the app (a->state). */
static struct points_state *state(struct app *a)
{
	return a->state[SCR_POINTS];
}

static void load(struct app *a)
{
	app_get(a, T_SUMMARY, 0, "/rewards");
	app_get(a, T_CATALOG, 0, "/rewards/catalog");
	app_get(a, T_LEDGER, 0, "/rewards/ledger?limit=100");
}

static void enter(struct app *a)
{
	struct points_state *st = state(a);

	st->failed = false;
	load(a);
}

static void reload(struct app *a)
{
	load(a);
}

static void result(struct app *a, struct req *r)
{
	struct points_state *st = state(a);
	bool ok = true;

	switch (r->tag) {
	case T_SUMMARY:
		ok = ui_accept(a, r, summary_cols, 6, N_("the points"), NULL, &st->summary);
		break;
	case T_CATALOG:
		ok = ui_accept(a, r, catalog_cols, 5, N_("the catalogue"), "items", &st->catalog);
		break;
	case T_LEDGER:
		ok = ui_accept(a, r, ledger_cols, 4, N_("the points history"), "items", &st->ledger);
		break;
	case T_REDEEM:
		if (r->ok) {
			/* L10N: after a redemption: what was redeemed and the points left. */
			app_say(a, ngettext("Redeemed: %s. %lld point left.", "Redeemed: %s. %lld points left.",
					    (unsigned long)jint(r->doc, "balance_after")),
				jstr(r->doc, "name"), (long long)jint(r->doc, "balance_after"));
			app_reload_accounts(a);
			load(a);
		} else if (r->unknown) {
			app_say(a, _("The bank's answer was lost (%s); bankterm will check it without redeeming twice."),
				r->err.message);
		} else if (r->err.transport != HTTP_ERR_CANCELLED) {
			app_error(a, &r->err);
		}
		break;
	}
	if (!ok)
		st->failed = true;
}

static json_object *item(json_object *doc, long i)
{
	return jat(jarr(doc, "items"), i);
}

static const char *kind_name(const char *kind)
{
	if (!strcmp(kind, "statement_credit"))
		return _("statement credit");
	if (!strcmp(kind, "gift_card"))
		return _("gift card");
	if (!strcmp(kind, "miles"))
		return _("air miles");
	if (!strcmp(kind, "donation"))
		return _("donation");
	if (!strcmp(kind, "earn"))
		return _("earned");
	if (!strcmp(kind, "redeem"))
		return _("redeemed");
	if (!strcmp(kind, "expire"))
		return _("expired");
	return kind;
}

/* The widest catalogue kind in this language. */
static int kinds_widest(void)
{
	static const char *const kinds[] = { "statement_credit", "gift_card", "miles", "donation" };
	int most = 0;

	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (text_width(kind_name(kinds[i])) > most)
			most = text_width(kind_name(kinds[i]));
	return most;
}

/* The kind's column in a catalogue row w wide: as wide as the widest kind in
 * this language; the names come first: when one would not fit beside it,
 * the kind (which the name repeats) gives way (0). */
static int kind_width(struct points_state *st, int w)
{
	int kw = kinds_widest() + 1, names = 0;

	for (long j = 0; j < (long)json_object_array_length(jarr(st->catalog, "items")); j++)
		if (text_width(jstr(item(st->catalog, j), "name")) > names)
			names = text_width(jstr(item(st->catalog, j), "name"));
	return names > w - kw - 18 ? 0 : kw;
}

static void catalog_row(struct app *a, void *ctx, long i, int y, int x, int w, bool sel)
{
	struct points_state *st = state(a);
	json_object *it = item(st->catalog, i);
	char pts[64];
	int kw = *(const int *)ctx; /* the kind's column, the same for every row (kind_width) */
	(void)sel;
	ui_name(y, x, w - kw - 18, jstr(it, "name"));
	if (kw)
		ui_label(y, x + w - kw - 17, kw, kind_name(jstr(it, "kind")), 0);
	/* L10N: a catalogue item's price in points. */
	snprintf(pts, sizeof pts, ngettext("%lld point", "%lld points", (unsigned long)jint(it, "points")),
		 (long long)jint(it, "points"));
	ui_label(y, x + w - 16, 16, pts, 1);
}

static void ledger_row(struct app *a, void *ctx, long i, int y, int x, int w, bool sel)
{
	struct points_state *st = state(a);
	json_object *it = item(st->ledger, i);
	char day[UI_DAY_MAX], pts[32];
	int dw = ui_day_width();
	(void)ctx;
	(void)sel;
	ui_day(jstr(it, "at"), day);
	ui_text(y, x, dw, day, 0);
	ui_label(y, x + dw + 1, 10, kind_name(jstr(it, "kind")), 0);
	ui_text(y, x + dw + 12, w - dw - 12 - 12, jstr(it, "description"), 0);
	snprintf(pts, sizeof pts, "%+lld", (long long)jint(it, "points"));
	ui_label(y, x + w - 10, 10, pts, 1);
}

static void draw(struct app *a, int top, int h)
{
	struct points_state *st = state(a);
	static const enum action hints[] = { ACT_REDEEM, ACT_SWITCH, ACT_BACK };
	int y = top + 1, w = a->cols - 4, bottom = top + h;
	char line[512], day[UI_DAY_MAX];

	app_hints(a, hints, 3);
	ui_on(a, ROLE_HEADING);
	ui_label(y++, 2, w, _("Points"), 0);
	ui_off(a, ROLE_HEADING);
	if (!st->summary) {
		if (st->failed)
			ui_label(y, 4, w, _("The points could not be loaded (r to try again)."), 0);
		else
			ui_loading(a, y, 4);
		ui_focus(a, y, 4);
		return;
	}
	/* L10N: the points balance and the tier. */
	snprintf(line, sizeof line,
		 ngettext("Balance: %lld point   Tier: %s", "Balance: %lld points   Tier: %s",
			  (unsigned long)jint(st->summary, "balance")),
		 (long long)jint(st->summary, "balance"), words_of(WORDS_TIER, jstr(st->summary, "tier")));
	ui_text(y++, 2, w, line, 0);
	ui_day(jstr(st->summary, "expiring_by"), day);
	if (jint(st->summary, "expiring_points") > 0)
		snprintf(line, sizeof line,
			 ngettext("Expiring: %lld point by %s", "Expiring: %lld points by %s",
				  (unsigned long)jint(st->summary, "expiring_points")),
			 (long long)jint(st->summary, "expiring_points"), day);
	else
		snprintf(line, sizeof line, _("Nothing expires before %s."), day);
	ui_text(y++, 2, w, line, 0);
	if (*jstr(st->summary, "next_tier")) {
		snprintf(line, sizeof line,
			 ngettext("%lld more point this year reaches %s.", "%lld more points this year reach %s.",
				  (unsigned long)jint(st->summary, "points_to_next_tier")),
			 (long long)jint(st->summary, "points_to_next_tier"),
			 words_of(WORDS_TIER, jstr(st->summary, "next_tier")));
		ui_text(y++, 2, w, line, 0);
	}
	y++;
	ui_on(a, ROLE_HEADING);
	ui_label(y++, 2, w, st->history ? _("History (Tab: catalogue)") : _("Catalogue (Tab: history)"), 0);
	ui_off(a, ROLE_HEADING);
	if (st->history) {
		if (!st->ledger) {
			ui_loading(a, y, 4);
			ui_focus(a, y, 4);
			return;
		}
		st->hl.count = (long)json_object_array_length(jarr(st->ledger, "items"));
		list_draw(a, &st->hl, y, 2, bottom - y, w, ledger_row, NULL);
		if (!st->hl.count) {
			ui_label(y, 4, w, _("No points yet."), 0);
			ui_focus(a, y, 4);
		}
	} else {
		if (!st->catalog) {
			ui_loading(a, y, 4);
			ui_focus(a, y, 4);
			return;
		}
		st->cl.count = (long)json_object_array_length(jarr(st->catalog, "items"));
		int kw = kind_width(st, w - 2);
		list_draw(a, &st->cl, y, 2, bottom - y, w, catalog_row, &kw);
	}
}

static const struct api_account *credit_account(struct app *a)
{
	return points_credit_account(a->accounts, a->naccounts);
}

/* The selected catalogue item as the core knows it, and its redemption. */
static bool selected_op(struct app *a, struct catalog_item *ci, struct op *op)
{
	struct points_state *st = state(a);
	json_object *it = item(st->catalog, st->cl.sel);
	struct api_error err;

	return it && points_decode_item(it, ci, &err) &&
	       points_redeem_op(ci, ci->needs_account ? credit_account(a) : NULL, op);
}

static int key(struct app *a, enum action act, const struct key *k)
{
	struct points_state *st = state(a);

	(void)k;
	if (list_key(st->history ? &st->hl : &st->cl, act))
		return R_REDRAW;
	if (act == ACT_SWITCH) {
		st->history = !st->history;
		return R_REDRAW;
	}
	if ((act == ACT_REDEEM || act == ACT_OPEN) && !st->history) {
		json_object *it = item(st->catalog, st->cl.sel);
		char q[600];
		if (!it)
			return R_UNHANDLED;
		if (jint(it, "points") > jint(st->summary, "balance")) {
			app_refuse(a, ngettext("%s needs %lld point; you have %lld.", "%s needs %lld points; you have %lld.",
					    (unsigned long)jint(it, "points")),
				jstr(it, "name"), (long long)jint(it, "points"),
				(long long)jint(st->summary, "balance"));
			return R_REDRAW;
		}
		if (jbool(it, "needs_account") && !credit_account(a)) {
			app_say(a, "%s", _("No account to pay the credit into."));
			return R_REDRAW;
		}
		{
			struct catalog_item ci;
			struct op op = { 0 };
			if (!selected_op(a, &ci, &op))
				return R_UNHANDLED;
			/* L10N: the question before a redemption: the redemption in words. */
			snprintf(q, sizeof q, _("%s?"), op.summary);
			op_clear(&op);
		}
		app_confirm(a, T_REDEEM, q);
		return R_REDRAW;
	}
	return R_UNHANDLED;
}

static void confirmed(struct app *a, int tag, bool yes)
{
	struct catalog_item ci;
	struct op op = { 0 };

	if (tag != T_REDEEM || !yes)
		return;
	if (selected_op(a, &ci, &op)) {
		app_op(a, T_REDEEM, &op);
		app_say(a, "%s", _("Redeeming…"));
	}
	op_clear(&op);
}

static bool item_holds(struct app *a, long i, const char *needle)
{
	struct points_state *st = state(a);

	return ui_json_holds(a, jat(jarr(st->history ? st->ledger : st->catalog, "items"), i), needle);
}

static bool find(struct app *a, const char *needle)
{
	struct points_state *st = state(a);

	return list_find(st->history ? &st->hl : &st->cl, item_holds, a, needle);
}

static void forget(void *state)
{
	struct points_state *st = state;

	json_object_put(st->summary);
	json_object_put(st->catalog);
	json_object_put(st->ledger);
}

struct screen screen_points = {
	.name = "points",
	.title = N_("Points"),
	.enter = enter,
	.draw = draw,
	.key = key,
	.result = result,
	.reload = reload,
	.confirmed = confirmed,
	.find = find,
	.state_size = sizeof(struct points_state),
	.forget = forget,
};
