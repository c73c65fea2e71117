/* scr_offers.c: offers chosen for this customer, best first, each with the
 * bank's reason in plain words; activate (a) or dismiss (d, asked first). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "offers.h"
#include "tui.h"
#include "view.h"

enum { T_LIST, T_ACTIVATE, T_DISMISS };

static const struct view_column offer_cols[] = {
	{ "id", V_TEXT, "", false },       { "title", V_TEXT, "", false },  { "description", V_TEXT, "", false },
	{ "category", V_TEXT, "", false }, { "reason", V_TEXT, "", false }, { "status", V_TEXT, "", false },
	{ "expires_at", V_DATE, "", false },
};

struct offers_state {
	json_object *doc;
	bool failed;
	struct list l;
};

/* This screen's state, kept by the app (a->state). */
static struct offers_state *state(struct app *a)
{
	return a->state[SCR_OFFERS];
}

static json_object *offer_at(struct offers_state *st, long i)
{
	return jat(jarr(st->doc, "items"), i);
}

/* The selected offer as the core knows it; false when the row is not one. */
static bool selected_offer(struct offers_state *st, struct offer *out)
{
	json_object *o = offer_at(st, st->l.sel);
	struct api_error err;

	return o && offers_decode_one(o, out, &err);
}

static void enter(struct app *a)
{
	struct offers_state *st = state(a);

	st->failed = false;
	app_get(a, T_LIST, 0, "/offers");
}

static void result(struct app *a, struct req *r)
{
	struct offers_state *st = state(a);

	if (r->tag == T_LIST) {
		st->failed = !ui_accept(a, r, offer_cols, 7, N_("the offers"), "items", &st->doc);
		return;
	}
	if (!r->ok) {
		app_error(a, &r->err);
		return;
	}
	/* L10N: %s is the offer's title. */
	app_say(a, r->tag == T_ACTIVATE ? _("Activated: %s.") : _("Dismissed: %s."), jstr(r->doc, "title"));
	app_get(a, T_LIST, 0, "/offers");
}

/* An offer's state; for a screen reader in words alone (a box is not heard). */
static const char *status_word(const struct app *a, const char *status)
{
	if (!strcmp(status, "activated"))
		return a->reader ? _("active") : _("[x] active");
	if (!strcmp(status, "dismissed"))
		return _("dismissed");
	return a->reader ? _("available") : _("[ ] available");
}

static void offer_row(struct app *a, void *ctx, long i, int y, int x, int w, bool sel)
{
	struct offers_state *st = state(a);
	json_object *o = offer_at(st, i);
	(void)ctx;
	(void)sel;
	ui_text(y, x, w - 16, jstr(o, "title"), 0);
	ui_label(y, x + w - 15, 15, status_word(a, jstr(o, "status")), 0);
}

static void draw(struct app *a, int top, int h)
{
	struct offers_state *st = state(a);
	static const enum action hints[] = { ACT_ACTIVATE, ACT_DISMISS, ACT_BACK };
	int y = top + 1, w = a->cols - 4, bottom = top + h, rows;
	json_object *o;
	char line[600], day[UI_DAY_MAX];

	app_hints(a, hints, 3);
	ui_on(a, ROLE_HEADING);
	ui_label(y++, 2, w, _("Offers for you"), 0);
	ui_off(a, ROLE_HEADING);
	if (!st->doc) {
		ui_label(y, 4, w, st->failed ? _("The offers could not be loaded (r to try again).") : _("Loading…"), 0);
		ui_focus(a, y, 4);
		return;
	}
	st->l.count = (long)json_object_array_length(jarr(st->doc, "items"));
	if (!st->l.count) {
		ui_label(y, 4, w, _("No offers right now."), 0);
		ui_focus(a, y, 4);
		return;
	}
	rows = bottom - y - 7;
	if (rows > st->l.count)
		rows = (int)st->l.count;
	if (rows < 2)
		rows = 2;
	{
		int fy, fx;
		list_draw(a, &st->l, y, 2, rows, w, offer_row, NULL);
		fy = a->cur_y;
		fx = a->cur_x;
		y += rows;
		ui_rule(a, y++, 2, w);
		o = offer_at(st, st->l.sel);
		y += ui_wrap(y, 2, w, 2, jstr(o, "description"));
		/* L10N: why the bank shows this offer; %s is its reason. */
		snprintf(line, sizeof line, _("Why you see this: %s"), jstr(o, "reason"));
		y += ui_wrap(y, 2, w, 2, line);
		ui_day(jstr(o, "expires_at"), day);
		snprintf(line, sizeof line, _("Until %s"), day);
		if (y < bottom)
			ui_label(y, 2, w, line, 0);
		ui_focus(a, fy, fx);
	}
}

static int key(struct app *a, enum action act, const struct key *k)
{
	struct offers_state *st = state(a);
	json_object *o;
	char q[600];

	(void)k;
	if (list_key(&st->l, act))
		return R_REDRAW;
	o = offer_at(st, st->l.sel);
	if (!o || (act != ACT_ACTIVATE && act != ACT_DISMISS))
		return R_UNHANDLED;
	if (act == ACT_ACTIVATE) {
		struct offer off;
		struct op op = { 0 };
		if (selected_offer(st, &off) && offers_activate_op(&off, &op))
			app_op(a, T_ACTIVATE, &op);
		op_clear(&op);
		return R_REDRAW;
	}
	/* L10N: asked before dismissing an offer for good. */
	snprintf(q, sizeof q, _("Dismiss \"%s\" for good?"), jstr(o, "title"));
	app_confirm(a, T_DISMISS, q);
	return R_REDRAW;
}

static void confirmed(struct app *a, int tag, bool yes)
{
	struct offers_state *st = state(a);
	struct offer off;
	struct op op = { 0 };

	if (tag != T_DISMISS || !yes || !selected_offer(st, &off))
		return;
	if (offers_dismiss_op(&off, &op))
		app_op(a, T_DISMISS, &op);
	op_clear(&op);
}

static bool offer_holds(struct app *a, long i, const char *needle)
{
	struct offers_state *st = state(a);

	return ui_json_holds(a, jat(jarr(st->doc, "items"), i), needle);
}

static bool find(struct app *a, const char *needle)
{
	struct offers_state *st = state(a);

	return list_find(&st->l, offer_holds, a, needle);
}

static void forget(void *state)
{
	struct offers_state *st = state;

	json_object_put(st->doc);
}

struct screen screen_offers = {
	.name = "offers",
	.title = N_("Offers"),
	.enter = enter,
	.draw = draw,
	.key = key,
	.result = result,
	.confirmed = confirmed,
	.find = find,
	.state_size = sizeof(struct offers_state),
	.forget = forget,
};
