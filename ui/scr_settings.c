/* scr_settings.c: who is signed in where, the language and theme in use,
 * the daily payment limits (Enter changes one: lowering is immediate,
 * raising asks for a one-time code), and a feedback form.  Language,
 * theme and idle lock are set in the config file, bankterm.conf(5). */
#include "config.h"

#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "view.h"

enum { T_LIMITS, T_SET, T_FEEDBACK };

static const struct view_column limit_cols[] = {
	{ "currency", V_TEXT, "", false },   { "daily", V_MONEY, "", false },
	{ "used_today", V_MONEY, "", false }, { "max_daily", V_MONEY, "", false },
};

static struct {
	json_object *limits;
	bool failed;
	struct list l;   /* the limits, then the feedback row */
	bool editing;
	struct field value;
	bool feedback;   /* the feedback form is open */
	int rating;
	struct field comment;
} st;

static long nlimits(void)
{
	return st.limits ? (long)json_object_array_length(jarr(st.limits, "items")) : 0;
}

static void enter(struct app *a)
{
	st.failed = false;
	st.editing = st.feedback = false;
	app_get(a, T_LIMITS, 0, "/limits");
}

static void result(struct app *a, struct req *r)
{
	switch (r->tag) {
	case T_LIMITS:
		st.failed = !ui_accept(a, r, limit_cols, 4, N_("the limits"), "items", &st.limits);
		break;
	case T_SET:
		if (r->ok) {
			app_say(a, "%s", _("The daily limit is changed."));
			app_get(a, T_LIMITS, 0, "/limits");
		} else {
			app_error(a, &r->err);
		}
		break;
	case T_FEEDBACK:
		if (r->ok)
			app_say(a, "%s", _("Thank you for your feedback."));
		else
			app_error(a, &r->err);
		break;
	}
}

static void limit_row(struct app *a, void *ctx, long i, int y, int x, int w, bool sel)
{
	char line[300], d[MONEY_FMT_MAX + 16], u[MONEY_FMT_MAX + 16];
	json_object *it;
	struct money daily, used;
	(void)ctx;
	(void)sel;
	if (i == nlimits()) {
		ui_label(y, x, w, _("Send feedback to the bank…"), 0);
		return;
	}
	it = json_object_array_get_idx(jarr(st.limits, "items"), (size_t)i);
	jmoney(it, "daily", &daily);
	jmoney(it, "used_today", &used);
	app_format_money(a, &daily, 0, d, sizeof d);
	app_format_money(a, &used, 0, u, sizeof u);
	/* L10N: a daily limit and how much of it was used today. */
	snprintf(line, sizeof line, _("Daily limit %s: %s (used today: %s)"), jstr(it, "currency"), d, u);
	ui_label(y, x, w, line, 0);
}

static void draw(struct app *a, int top, int h)
{
	static const enum action hints[] = { ACT_EDIT, ACT_BACK };
	const struct profile *p = a->c->profile;
	int y = top + 1, w = a->cols - 4, bottom = top + h;
	char line[700], idle[64];
	const char *lang = setlocale(LC_MESSAGES, NULL);

	app_hints(a, hints, 2);
	ui_on(a, ROLE_HEADING);
	ui_label(y++, 2, w, _("Settings"), 0);
	ui_off(a, ROLE_HEADING);
	/* L10N: who is signed in, and at which bank address. */
	snprintf(line, sizeof line, _("Signed in as %s at %s"), a->c->user, a->c->server);
	ui_text(y++, 2, w, line, 0);
	if (a->idle_lock <= 0)
		snprintf(idle, sizeof idle, "%s", _("off"));
	else if (a->idle_lock % 60)
		snprintf(idle, sizeof idle, ngettext("after %ld second", "after %ld seconds", (unsigned long)a->idle_lock),
			 a->idle_lock);
	else
		snprintf(idle, sizeof idle, ngettext("after %ld minute", "after %ld minutes",
						     (unsigned long)(a->idle_lock / 60)),
			 a->idle_lock / 60);
	/* L10N: the language (a locale name), the theme, then when the screen locks ("after 5 minutes", "off"). */
	snprintf(line, sizeof line, _("Language: %s   Theme: %s   Idle lock: %s"), lang ? lang : "C",
		 p && p->theme ? p->theme : "default", idle);
	ui_text(y++, 2, w, line, 0);
	ui_label(y++, 2, w, _("These three are set in the config file: see bankterm.conf(5)."), 0);
	y++;
	if (st.feedback) {
		ui_label(y++, 2, w, _("Feedback: press 1 (poor) to 5 (great), then a comment and Enter; Esc closes."), 0);
		snprintf(line, sizeof line, _("Rating: %d"), st.rating);
		ui_label(y++, 2, w, st.rating ? line : _("Rating: none yet"), 0);
		ui_label(y, 2, 10, _("Comment:"), 0);
		if (st.rating)
			field_draw(a, &st.comment, y, 12, w - 10);
		else
			ui_focus(a, y - 1, 2);
		return;
	}
	if (!st.limits) {
		ui_label(y, 4, w, st.failed ? _("The limits could not be loaded (r to try again).") : _("Loading…"), 0);
		ui_focus(a, y, 4);
		return;
	}
	st.l.count = nlimits() + 1;
	list_draw(a, &st.l, y, 2, bottom - y - 2, w, limit_row, NULL);
	if (st.editing) {
		int fy = bottom - 1;
		ui_label(fy, 2, 22, _("New daily limit:"), 0);
		field_draw(a, &st.value, fy, 24, 20);
	}
}

static int key(struct app *a, enum action act, const struct key *k)
{
	bool esc = !k->is_key && k->ch == 27, enter_key = !k->is_key && (k->ch == '\n' || k->ch == '\r');

	if (st.feedback) {
		if (esc) {
			st.feedback = false;
		} else if (!st.rating && !k->is_key && k->ch >= '1' && k->ch <= '5') {
			st.rating = (int)(k->ch - '0');
			field_clear(&st.comment);
		} else if (st.rating && enter_key) {
			json_object *body = json_object_new_object();
			json_object_object_add(body, "rating", json_object_new_int(st.rating));
			json_object_object_add(body, "flow", json_object_new_string("general"));
			if (*st.comment.buf)
				json_object_object_add(body, "comment", json_object_new_string(st.comment.buf));
			app_send(a, T_FEEDBACK, "POST", "/feedback", body);
			st.feedback = false;
		} else if (st.rating) {
			field_key(&st.comment, k);
		}
		return R_REDRAW;
	}
	if (st.editing) {
		if (esc) {
			st.editing = false;
		} else if (enter_key) {
			json_object *it = json_object_array_get_idx(jarr(st.limits, "items"), (size_t)st.l.sel);
			struct money m;
			enum money_err e = money_parse(st.value.buf, jstr(it, "currency"), &a->c->nf, &m);
			if (e) {
				app_say(a, "%s", money_strerror(e));
			} else if (strcmp(m.currency, jstr(it, "currency")) || m.minor < 0) {
				app_say(a, _("The limit is an amount in %s, zero or more."), jstr(it, "currency"));
			} else {
				json_object *body = json_object_new_object();
				json_object_object_add(body, "daily", json_new_money(&m));
				app_send(a, T_SET, "PUT", "/limits", body);
				st.editing = false;
			}
		} else {
			field_key(&st.value, k);
		}
		return R_REDRAW;
	}
	if (list_key(&st.l, act))
		return R_REDRAW;
	if (act == ACT_EDIT || act == ACT_OPEN) {
		if (st.l.sel == nlimits()) {
			st.feedback = true;
			st.rating = 0;
		} else if (st.limits) {
			st.editing = true;
			field_clear(&st.value);
		}
		return R_REDRAW;
	}
	return R_UNHANDLED;
}

static bool typing(struct app *a)
{
	(void)a;
	return st.editing || st.feedback;
}

static bool limit_holds(struct app *a, long i, const char *needle)
{
	/* The last row is the feedback form's. */
	if (i >= nlimits())
		return text_contains(_("Send feedback to the bank…"), needle);
	return ui_json_holds(a, jat(jarr(st.limits, "items"), i), needle);
}

static bool find(struct app *a, const char *needle)
{
	return !st.feedback && !st.editing && list_find(&st.l, limit_holds, a, needle);
}

struct screen screen_settings = {
	.name = "settings",
	.title = N_("Settings"),
	.enter = enter,
	.draw = draw,
	.key = key,
	.result = result,
	.typing = typing,
	.find = find,
};
