/* scr_insights.c: a month's spending by category as a bar chart drawn with
 * text: each row has the category, a bar, the amount and its share, and
 * the change from the month before; Left/Right move a month. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "words.h"
#include "view.h"

enum { T_MONTH };

static const struct view_column head_cols[] = {
	{ "month", V_TEXT, "", false },
	{ "previous_month", V_TEXT, "", false },
};
static const struct view_column cur_cols[] = {
	{ "currency", V_TEXT, "", false },       { "total", V_MONEY, "", false },
	{ "previous_total", V_MONEY, "", false }, { "change_percent", V_INT, "", true },
};
static const struct view_column cat_cols[] = {
	{ "category", V_TEXT, "", false }, { "amount", V_MONEY, "", false }, { "previous", V_MONEY, "", false },
	{ "change_percent", V_INT, "", true }, { "share_percent", V_INT, "", false },
};

struct insights_state {
	json_object *doc;
	bool failed;
	char month[8]; /* "" until the bank says which month is current */
	int scroll;
	/* The row the cursor reads: -1 the title, then the categories' rows in
	 * order (Down and Up move it, so a screen reader reaches each). */
	int row, nrows;
};

/* This screen's state, kept by the app (a->state). */
static struct insights_state *state(struct app *a)
{
	return a->state[SCR_INSIGHTS];
}

static void load(struct app *a)
{
	struct insights_state *st = state(a);
	char path[64];

	if (st->doc)
		json_object_put(st->doc);
	st->doc = NULL;
	st->failed = false;
	st->scroll = 0;
	if (*st->month)
		snprintf(path, sizeof path, "/insights/spending?month=%s", st->month);
	else
		snprintf(path, sizeof path, "/insights/spending");
	app_get(a, T_MONTH, 0, path);
}

static void enter(struct app *a)
{
	state(a)->row = -1;
	load(a);
}

static bool check(json_object *doc, struct api_error *err)
{
	json_object *curs;

	if (!view_check(head_cols, 2, N_("the spending"), doc, NULL, err) ||
	    !view_check(cur_cols, 4, N_("the spending"), doc, "currencies", err))
		return false;
	curs = jarr(doc, "currencies");
	for (size_t i = 0; i < json_object_array_length(curs); i++)
		if (!view_check(cat_cols, 5, N_("the spending"), json_object_array_get_idx(curs, i), "categories", err))
			return false;
	return true;
}

static void result(struct app *a, struct req *r)
{
	struct insights_state *st = state(a);
	struct api_error err = { 0 };

	if (!r->ok || !check(r->doc, &err)) {
		st->failed = true;
		if (r->err.transport != HTTP_ERR_CANCELLED)
			app_error(a, r->ok ? &err : &r->err);
		return;
	}
	st->doc = json_object_get(r->doc);
	snprintf(st->month, sizeof st->month, "%.7s", jstr(r->doc, "month"));
}

static void change_text(json_object *o, char *out, size_t len)
{
	json_object *v = NULL;
	int64_t c;

	if (!json_object_object_get_ex(o, "change_percent", &v) || !v) {
		/* L10N: no spending in this category the month before. */
		snprintf(out, len, "%s", _("new"));
		return;
	}
	c = json_object_get_int64(v);
	/* L10N: month-over-month change, e.g. "+12%"; the sign is always written. */
	snprintf(out, len, _("%+lld%%"), (long long)c);
}

static void draw(struct app *a, int top, int h)
{
	struct insights_state *st = state(a);
	static const enum action hints[] = { ACT_PREV, ACT_NEXT, ACT_BACK };
	int y = top + 1, w = a->cols - 4, bottom = top + h, nrow = 0;
	char line[600];
	json_object *curs;
	/* A full block where the terminal speaks UTF-8; '#' elsewhere. */
	const char *glyph = ui_utf8() ? "█" : "#";

	app_hints(a, hints, 3);
	ui_on(a, ROLE_HEADING);
	/* L10N: the chart's title; %s is the month, YYYY-MM. */
	{
		char month[UI_DAY_MAX];
		ui_month(st->month, month);
		snprintf(line, sizeof line, _("Spending in %s"), *st->month ? month : "…");
	}
	ui_label(y, 2, w, line, 0);
	ui_off(a, ROLE_HEADING);
	ui_focus(a, y, 2);
	y += 2;
	if (!st->doc) {
		ui_label(y, 4, w, st->failed ? _("The spending could not be loaded (r to try again).") : _("Loading…"), 0);
		return;
	}
	curs = jarr(st->doc, "currencies");
	if (!json_object_array_length(curs)) {
		ui_label(y, 4, w, _("No spending this month."), 0);
		return;
	}
	for (size_t i = 0; i < json_object_array_length(curs) && y < bottom; i++) {
		json_object *cu = json_object_array_get_idx(curs, i), *cats = jarr(cu, "categories");
		struct money total, prev;
		char t1[MONEY_FMT_MAX + 16], t2[MONEY_FMT_MAX + 16], ch[32];
		int64_t most = 1;
		int namew = w >= 100 ? 18 : 14, amountw = 16, tailw = 14;
		int barw = w - namew - amountw - tailw - 3;

		jmoney(cu, "total", &total);
		jmoney(cu, "previous_total", &prev);
		app_format_money(a, &total, 0, t1, sizeof t1);
		app_format_money(a, &prev, 0, t2, sizeof t2);
		if (!total.minor) {
			/* No rows of zeros, each "-100%": the month had nothing (or has nothing yet). */
			/* L10N: a month without spending in one currency; %s is the month before's total. */
			snprintf(line, sizeof line, _("Nothing spent (the month before: %s)."), t2);
			y += ui_wrap(y, 2, w, bottom - y, line) + 1;
			continue;
		}
		change_text(cu, ch, sizeof ch);
		/* L10N: a currency's total, the change, and last month's total. */
		snprintf(line, sizeof line, _("Total %s (%s from %s)"), t1, ch, t2);
		ui_label(y++, 2, w, line, 0);
		/* The names' column is as wide as the widest translated name shown (a bar keeps 10). */
		namew = 4;
		for (size_t j = 0; j < json_object_array_length(cats); j++) {
			struct money m;
			int nw = text_width(words_of(WORDS_CATEGORY, jstr(json_object_array_get_idx(cats, j), "category")));
			jmoney(json_object_array_get_idx(cats, j), "amount", &m);
			if (m.minor > most)
				most = m.minor;
			if (nw > namew)
				namew = nw;
		}
		if (namew > w - amountw - tailw - 13)
			namew = w - amountw - tailw - 13;
		barw = w - namew - amountw - tailw - 3;
		for (size_t j = 0; j < json_object_array_length(cats) && y < bottom; j++) {
			json_object *c = json_object_array_get_idx(cats, j);
			struct money m;
			char bar[1024] = "", tail[64];
			int len;
			jmoney(c, "amount", &m);
			len = barw > 0 ? (int)((m.minor * barw + most / 2) / most) : 0;
			if (len < 1 && m.minor > 0)
				len = 1;
			for (int b = 0; b < len && strlen(bar) + 4 < sizeof bar; b++)
				strcat(bar, glyph);
			if (a->reader) {
				/* A sentence, not a picture: "groceries: 312.40 USD, 24 percent, +5% on the month before". */
				char amount[MONEY_FMT_MAX + 16];
				app_format_money(a, &m, 0, amount, sizeof amount);
				change_text(c, ch, sizeof ch);
				/* L10N: screen-reader mode's chart row: category, amount, share of the month, change. */
				snprintf(line, sizeof line, _("%s: %s, %lld percent, %s on the month before"),
					 words_of(WORDS_CATEGORY, jstr(c, "category")), amount, (long long)jint(c, "share_percent"), ch);
				if (nrow++ == st->row)
					ui_focus(a, y, 4);
				ui_text(y++, 4, w - 2, line, 0);
				continue;
			}
			if (nrow++ == st->row)
				ui_focus(a, y, 2);
			ui_text(y, 2, namew, words_of(WORDS_CATEGORY, jstr(c, "category")), 0);
			ui_on(a, ROLE_CHART);
			if (!a->privacy)
				ui_label(y, 3 + namew, barw, bar, 0);
			ui_off(a, ROLE_CHART);
			ui_money(a, y, 3 + namew + barw, amountw, &m, 0);
			change_text(c, ch, sizeof ch);
			snprintf(tail, sizeof tail, "%3lld%% %s", (long long)jint(c, "share_percent"), ch);
			ui_label(y, 4 + namew + barw + amountw, tailw, tail, 0);
			y++;
		}
		y++;
	}
	st->nrows = nrow;
	if (st->row >= nrow)
		st->row = nrow - 1;
}

/* The month before or after "YYYY-MM". */
static void step_month(struct insights_state *st, int dir)
{
	int yy, mm;

	if (sscanf(st->month, "%4d-%2d", &yy, &mm) != 2)
		return;
	mm += dir;
	if (mm < 1) {
		mm = 12;
		yy--;
	} else if (mm > 12) {
		mm = 1;
		yy++;
	}
	snprintf(st->month, sizeof st->month, "%04d-%02d", yy, mm);
}

static int key(struct app *a, enum action act, const struct key *k)
{
	struct insights_state *st = state(a);

	(void)k;
	if ((act == ACT_PREV || act == ACT_NEXT) && *st->month) {
		step_month(st, act == ACT_PREV ? -1 : 1);
		st->row = -1;
		load(a);
		return R_REDRAW;
	}
	if (act == ACT_DOWN || act == ACT_UP) {
		st->row += act == ACT_DOWN ? 1 : -1;
		if (st->row >= st->nrows)
			st->row = st->nrows - 1;
		if (st->row < -1)
			st->row = -1;
		return R_REDRAW;
	}
	return R_UNHANDLED;
}

static void forget(void *state)
{
	struct insights_state *st = state;

	json_object_put(st->doc);
}

struct screen screen_insights = {
	.name = "insights",
	.title = N_("Insights"),
	.enter = enter,
	.draw = draw,
	.key = key,
	.result = result,
	.state_size = sizeof(struct insights_state),
	.forget = forget,
};
