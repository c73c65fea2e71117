/* scr_alerts.c: the bank's notifications, newest first, with new ones
 * arriving while bankterm runs (the shell long-polls when the connection is
 * free, and hands what arrives here); Enter marks one read.  A new alert is
 * announced once on the status line, not redrawn over and over. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alerts.h"
#include "tui.h"
#include "view.h"

enum { T_LIST, T_READ };

static const struct view_column head_cols[] = {
	{ "last_id", V_INT, "", false },
	{ "unread", V_INT, "", false },
};
static const struct view_column note_cols[] = {
	{ "id", V_INT, "", false },    { "created_at", V_TIME, "", false }, { "kind", V_TEXT, "", false },
	{ "title", V_TEXT, "", false }, { "body", V_TEXT, "", false },      { "read", V_BOOL, "", false },
};

struct alerts_state {
	json_object *items; /* an array, newest first */
	bool failed;
	struct list l;
	bool body_first; /* Enter was the last key: the cursor is on the body, not the row */
	bool reload_on_key; /* the list changed while its body is read: fetched at the next key */
};

/* This screen's state, kept by the app (a->state). */
static struct alerts_state *state(struct app *a)
{
	return a->state[SCR_ALERTS];
}

static void enter(struct app *a)
{
	struct alerts_state *st = state(a);

	st->failed = false;
	app_get(a, T_LIST, 0, "/notifications?limit=100");
}

static void result(struct app *a, struct req *r)
{
	struct alerts_state *st = state(a);
	struct api_error err = { 0 };
	json_object *items;

	if (r->tag == T_READ) {
		if (!r->ok)
			app_error(a, &r->err);
		else if (a->reader && st->body_first)
			/* The body the cursor is on is being read out: the row and the
			 * count change at the next key, not under the reader's voice. */
			st->reload_on_key = true;
		else
			app_get(a, T_LIST, 0, "/notifications?limit=100");
		return;
	}
	if (!r->ok || !view_check(head_cols, 2, N_("the alerts"), r->doc, NULL, &err) ||
	    !view_check(note_cols, 6, N_("the alerts"), r->doc, "items", &err)) {
		if (r->tag == T_LIST)
			st->failed = true;
		if (r->err.transport != HTTP_ERR_CANCELLED)
			app_error(a, r->ok ? &err : &r->err);
		return;
	}
	a->unread = (long)jint(r->doc, "unread");
	app_poll_from(a, jint(r->doc, "last_id"));
	items = jarr(r->doc, "items");
	if (r->tag == T_LIST) {
		if (st->items)
			json_object_put(st->items);
		st->items = json_object_get(items);
		return;
	}
	/* A long-poll's news (oldest first): put on top, newest first; said once,
	 * every one of a burst (never over a message the user has not yet seen). */
	{
		json_object *merged = json_object_new_array();
		size_t n = json_object_array_length(items);
		char titles[400] = "";
		for (size_t i = n; i-- > 0;)
			json_object_array_add(merged, json_object_get(json_object_array_get_idx(items, i)));
		for (size_t i = 0; i < n; i++)
			snprintf(titles + strlen(titles), sizeof titles - strlen(titles), "%s%s", i ? ", " : "",
				 jstr(json_object_array_get_idx(items, i), "title"));
		if (n && !*a->message) {
			if (n == 1)
				/* L10N: a live alert, announced once on the status line. */
				app_say(a, _("New alert: %s"), titles);
			else
				/* L10N: a burst of live alerts, oldest first: "3 new alerts: Money out, Large payment". */
				app_say(a, ngettext("%zu new alert: %s", "%zu new alerts: %s", n), n, titles);
		}
		for (size_t i = 0; st->items && i < json_object_array_length(st->items); i++)
			json_object_array_add(merged, json_object_get(json_object_array_get_idx(st->items, i)));
		if (st->items && st->l.count)
			st->l.sel += (long)n;
		if (st->items)
			json_object_put(st->items);
		st->items = merged;
	}
}

static json_object *note_at(struct alerts_state *st, long i)
{
	return jat(st->items, i);
}

static void row(struct app *a, void *ctx, long i, int y, int x, int w, bool sel)
{
	struct alerts_state *st = state(a);
	json_object *n = note_at(st, i);
	char when[UI_DAY_MAX + 8], day[UI_DAY_MAX];
	const char *at = jstr(n, "created_at");
	/* The marker's column is as wide as the word in this language ("NOUV." stays apart from the day). */
	int ww = ui_day_width() + 6, nw = text_width(_("NEW")) + 1;
	(void)ctx;
	(void)sel;
	ui_day(at, day);
	snprintf(when, sizeof when, "%s %.5s", day, strlen(at) > 11 ? at + 11 : "");
	/* Unread in words, not only in bold. */
	ui_on(a, ROLE_WARNING);
	ui_label(y, x, nw, jbool(n, "read") ? "" : _("NEW"), 0);
	ui_off(a, ROLE_WARNING);
	ui_text(y, x + nw, ww, when, 0);
	ui_text(y, x + nw + 1 + ww, w - nw - 1 - ww, jstr(n, "title"), 0);
}

static void draw(struct app *a, int top, int h)
{
	struct alerts_state *st = state(a);
	static const enum action hints[] = { ACT_READ, ACT_BACK };
	int y = top + 1, w = a->cols - 4, bottom = top + h, rows;
	char line[128];

	app_hints(a, hints, 2);
	ui_on(a, ROLE_HEADING);
	snprintf(line, sizeof line, ngettext("Alerts (%ld unread)", "Alerts (%ld unread)", (unsigned long)a->unread),
		 a->unread);
	ui_label(y++, 2, w, line, 0);
	ui_off(a, ROLE_HEADING);
	if (!st->items) {
		ui_label(y, 4, w, st->failed ? _("The alerts could not be loaded (r to try again).") : _("Loading…"), 0);
		ui_focus(a, y, 4);
		return;
	}
	st->l.count = (long)json_object_array_length(st->items);
	if (!st->l.count) {
		ui_label(y, 4, w, _("No alerts."), 0);
		ui_focus(a, y, 4);
		return;
	}
	rows = bottom - y - 4;
	if (rows < 2)
		rows = 2;
	{
		int fy, fx;
		list_draw(a, &st->l, y, 2, rows, w, row, NULL);
		fy = a->cur_y;
		fx = a->cur_x;
		y += rows;
		ui_rule(a, y++, 2, w);
		ui_wrap(y, 2, w, bottom - y, jstr(note_at(st, st->l.sel), "body"));
		if (st->body_first)
			ui_focus(a, y, 2);
		else
			ui_focus(a, fy, fx);
	}
}

static int key(struct app *a, enum action act, const struct key *k)
{
	struct alerts_state *st = state(a);
	json_object *n;
	struct alert al;
	struct api_error err;
	struct op op = { 0 };

	(void)k;
	st->body_first = false;
	if (st->reload_on_key) {
		st->reload_on_key = false;
		app_get(a, T_LIST, 0, "/notifications?limit=100");
	}
	if (list_key(&st->l, act))
		return R_REDRAW;
	if (act != ACT_READ && act != ACT_OPEN)
		return R_UNHANDLED;
	/* What Enter opens is read first: the cursor goes to the body until the next key. */
	st->body_first = true;
	n = note_at(st, st->l.sel);
	if (!n || !alerts_decode_one(n, &al, &err) || al.read)
		return R_REDRAW;
	if (alerts_read_op(&al, &op))
		app_op(a, T_READ, &op);
	op_clear(&op);
	return R_REDRAW;
}

static bool alert_holds(struct app *a, long i, const char *needle)
{
	struct alerts_state *st = state(a);

	return ui_json_holds(a, jat(st->items, i), needle);
}

static bool find(struct app *a, const char *needle)
{
	struct alerts_state *st = state(a);

	return list_find(&st->l, alert_holds, a, needle);
}

static void forget(void *state)
{
	struct alerts_state *st = state;

	json_object_put(st->items);
}

struct screen screen_alerts = {
	.name = "alerts",
	.title = N_("Alerts"),
	.enter = enter,
	.draw = draw,
	.key = key,
	.result = result,
	.find = find,
	.state_size = sizeof(struct alerts_state),
	.forget = forget,
};
