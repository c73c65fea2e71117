/* scr_settings.c: who is signed in where; the interface's own settings
 * (theme, screen-reader mode, idle lock, live alerts, language), each
 * changed with Enter and kept in the profile of the config file; the daily
 * payment limits at the bank (Enter changes one: lowering is immediate,
 * raising asks for a one-time code); and the feedback question (rate.c). */
#include "config.h"

#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "limit.h"
#include "tui.h"
#include "view.h"

enum { T_LIMITS, T_SET };

static const struct view_column limit_cols[] = {
	{ "currency", V_TEXT, "", false },   { "daily", V_MONEY, "", false },
	{ "used_today", V_MONEY, "", false }, { "max_daily", V_MONEY, "", false },
};

struct settings_state {
	json_object *limits;
	bool failed;
	struct list l;   /* the limits, then the feedback row */
	bool editing;
	struct field value;
	const char *language; /* chosen here: applies at the next start */
};

/* This screen's state, kept by the app (a->state). */
static struct settings_state *state(struct app *a)
{
	return a->state[SCR_SETTINGS];
}

/* The list's rows: these first, then the limits, then the feedback form. */
enum { P_THEME, P_READER, P_IDLE, P_ALERTS, P_LANG, P_COUNT };

/* The languages bankterm has catalogs for; "" follows the environment. */
static const char *const languages[] = { "", "zh_CN.UTF-8", "zh_TW.UTF-8", "ja_JP.UTF-8", "es_ES.UTF-8",
					 "fr_FR.UTF-8", "de_DE.UTF-8", "en_US.UTF-8" };
static const long idle_steps[] = { 0, 60, 300, 900, 1800, 3600 };
static const char *const pref_labels[P_COUNT] = { N_("Theme"), N_("Screen-reader mode"), N_("Idle lock"),
						 N_("Live alerts"), N_("Language") };

static long nlimits(struct settings_state *st)
{
	return st->limits ? (long)json_object_array_length(jarr(st->limits, "items")) : 0;
}

static void idle_text(long secs, char *out, size_t len)
{
	if (secs <= 0)
		snprintf(out, len, "%s", _("off"));
	else if (secs % 60)
		snprintf(out, len, ngettext("after %ld second", "after %ld seconds", (unsigned long)secs), secs);
	else
		snprintf(out, len, ngettext("after %ld minute", "after %ld minutes", (unsigned long)(secs / 60)),
			 secs / 60);
}

static const char *language_now(const struct app *a)
{
	const char *l = a->c->profile ? a->c->profile->language : NULL;
	return l ? l : "";
}

static void pref_row(struct app *a, long i, int y, int x, int w)
{
	struct settings_state *st = state(a);
	char value[128];

	switch (i) {
	case P_THEME:
		snprintf(value, sizeof value, "%s", theme_label(a->theme));
		break;
	case P_READER:
		snprintf(value, sizeof value, "%s", a->reader ? _("on") : _("off"));
		break;
	case P_IDLE:
		idle_text(a->idle_lock, value, sizeof value);
		break;
	case P_ALERTS:
		snprintf(value, sizeof value, "%s", a->live_alerts ? _("on") : _("off"));
		break;
	case P_LANG: {
		const char *l = st->language ? st->language : language_now(a);
		if (*l)
			snprintf(value, sizeof value, "%s", l);
		else
			/* L10N: the language setting when none is chosen; %s is the locale in use. */
			snprintf(value, sizeof value, _("from the environment (%s)"), setlocale(LC_MESSAGES, NULL));
		if (st->language)
			/* L10N: a language chosen in Settings applies when bankterm starts again. */
			snprintf(value + strlen(value), sizeof value - strlen(value), " %s", _("(at the next start)"));
		break;
	}
	}
	/* The labels' column is as wide as the widest label in this language. */
	int lw = 0;
	for (int p = 0; p < P_COUNT; p++)
		if (text_width(_(pref_labels[p])) > lw)
			lw = text_width(_(pref_labels[p]));
	ui_label(y, x, lw, _(pref_labels[i]), 0);
	ui_text(y, x + lw + 2, w - lw - 2, value, 0);
}

/* Keeps a changed setting in the profile, or says why it is for this run only. */
static void save(struct app *a, const char *name, const char *value, const char *shown)
{
	char msg[600];

	if (!a->c->profile || !a->c->cfg.path) {
		/* L10N: a setting changed with no profile to keep it in; %s is its new value. */
		app_say(a, _("Now %s, for this run: there is no profile in the config file to keep it in."), shown);
		return;
	}
	if (!config_set(a->c->cfg.path, a->c->profile->name, name, value, msg, sizeof msg)) {
		app_say(a, _("Now %s, for this run; it could not be kept: %s"), shown, msg);
		return;
	}
	/* L10N: a setting changed and kept; the new value, then the config file. */
	app_say(a, _("Now %s; kept in %s."), shown, a->c->cfg.path);
}

/* Flips an on/off preference, keeps it as yes or no, and says its new state. */
static void toggle(struct app *a, bool *flag, const char *name, const char *on, const char *off)
{
	*flag = !*flag;
	save(a, name, *flag ? "yes" : "no", *flag ? on : off);
}

static void change(struct app *a, long i)
{
	struct settings_state *st = state(a);
	char value[64], shown[160];

	switch (i) {
	case P_THEME:
		theme_set(a, theme_name(a->theme + 1) ? a->theme + 1 : 0);
		/* L10N: the new theme, as said after changing it. */
		snprintf(shown, sizeof shown, _("theme %s"), theme_label(a->theme));
		save(a, "theme", theme_name(a->theme), shown);
		if (a->theme != 2 && !a->colour)
			app_say(a, "%s", theme_colour_allowed() ? _("This terminal has no colours: the theme uses bold and reverse only.")
								 : _("NO_COLOR is set: the theme uses bold and reverse only."));
		break;
	case P_READER:
		toggle(a, &a->reader, "screen_reader", _("screen-reader mode on"), _("screen-reader mode off"));
		break;
	case P_IDLE: {
		size_t k = 0;
		while (k < sizeof idle_steps / sizeof idle_steps[0] && idle_steps[k] <= a->idle_lock)
			k++;
		a->idle_lock = k < sizeof idle_steps / sizeof idle_steps[0] ? idle_steps[k] : 0;
		snprintf(value, sizeof value, "%ld", a->idle_lock / 60);
		idle_text(a->idle_lock, shown, sizeof shown);
		{
			char said[200];
			/* L10N: the new idle lock, as said after changing it ("after 5 minutes", "off"). */
			snprintf(said, sizeof said, _("idle lock %s"), shown);
			save(a, "idle_lock", value, said);
		}
		break;
	}
	case P_ALERTS:
		toggle(a, &a->live_alerts, "live_alerts", _("live alerts on"), _("live alerts off"));
		break;
	case P_LANG: {
		const char *now = st->language ? st->language : language_now(a);
		size_t k = 0, n = sizeof languages / sizeof languages[0];
		while (k < n && strcmp(languages[k], now))
			k++;
		st->language = languages[k < n ? (k + 1) % n : 0];
		/* L10N: the new language setting; it applies at the next start. */
		snprintf(shown, sizeof shown, _("language %s at the next start"), *st->language ? st->language : _("from the environment"));
		save(a, "language", st->language, shown);
		break;
	}
	}
}

static void enter(struct app *a)
{
	struct settings_state *st = state(a);

	st->failed = false;
	st->editing = false;
	app_get(a, T_LIMITS, 0, "/limits");
}

static void result(struct app *a, struct req *r)
{
	struct settings_state *st = state(a);

	switch (r->tag) {
	case T_LIMITS:
		st->failed = !ui_accept(a, r, limit_cols, 4, N_("the limits"), "items", &st->limits);
		break;
	case T_SET:
		if (r->ok) {
			app_say(a, "%s", _("The daily limit is changed."));
			app_get(a, T_LIMITS, 0, "/limits");
		} else {
			app_error(a, &r->err);
		}
		break;
	}
}

static void limit_row(struct app *a, void *ctx, long i, int y, int x, int w, bool sel)
{
	struct settings_state *st = state(a);
	char line[300], d[MONEY_FMT_MAX + 16], u[MONEY_FMT_MAX + 16];
	json_object *it;
	struct money daily, used;
	(void)ctx;
	(void)sel;
	if (i < P_COUNT) {
		pref_row(a, i, y, x, w);
		return;
	}
	i -= P_COUNT;
	if (i == nlimits(st)) {
		ui_label(y, x, w, _("Send feedback to the bank…"), 0);
		return;
	}
	it = json_object_array_get_idx(jarr(st->limits, "items"), (size_t)i);
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
	struct settings_state *st = state(a);
	static const enum action hints[] = { ACT_EDIT, ACT_BACK };
	int y = top + 1, w = a->cols - 4, bottom = top + h;
	char line[700];

	app_hints(a, hints, 2);
	ui_on(a, ROLE_HEADING);
	ui_label(y++, 2, w, _("Settings"), 0);
	ui_off(a, ROLE_HEADING);
	/* L10N: who is signed in, and at which bank address. */
	snprintf(line, sizeof line, _("Signed in as %s at %s"), a->c->user, a->c->server);
	/* Wrapped, not cut: two rows at most each (a long path or a long language). */
	y += ui_wrap(y, 2, w, 2, line);
	if (a->c->demo)
		/* L10N: in the demo, how a support person reaches the same bank as staff from
		 * another terminal; %s is the demo bank's address.  The command is not translated. */
		snprintf(line, sizeof line, _("Staff side, in another terminal: bankterm --server %s --user sam staff list"),
			 a->c->demo->url);
	else if (a->c->profile)
		/* L10N: the profile in use and the config file it is in. */
		snprintf(line, sizeof line, _("Profile %s in %s"), a->c->profile->name, a->c->cfg.path);
	else
		snprintf(line, sizeof line, "%s", _("No profile: changes here last for this run."));
	y += ui_wrap(y, 2, w, 2, line);
	y++;
	st->l.count = P_COUNT + (st->limits ? nlimits(st) + 1 : 0);
	if (!st->limits) {
		list_draw(a, &st->l, y, 2, P_COUNT, w, limit_row, NULL);
		ui_label(y + P_COUNT + 1, 4, w, st->failed ? _("The limits could not be loaded (r to try again).") : _("Loading…"), 0);
		return;
	}
	list_draw(a, &st->l, y, 2, bottom - y - 2, w, limit_row, NULL);
	if (st->editing) {
		int fy = bottom - 1;
		field_draw(a, &st->value, fy, ui_field_label(fy, 2, _("New daily limit:")), 20);
	}
}

static int key(struct app *a, enum action act, const struct key *k)
{
	struct settings_state *st = state(a);
	bool esc = key_is_esc(k), enter_key = key_is_enter(k);

	if (st->editing) {
		if (esc) {
			st->editing = false;
		} else if (enter_key) {
			json_object *it = jat(jarr(st->limits, "items"), st->l.sel - P_COUNT);
			struct money m;
			enum money_err e = money_parse(st->value.buf, jstr(it, "currency"), &a->c->nf, &m);
			if (e) {
				app_refuse(a, "%s", money_strerror(e));
			} else if (strcmp(m.currency, jstr(it, "currency")) || m.minor < 0) {
				app_refuse(a, _("The limit is an amount in %s, zero or more."), jstr(it, "currency"));
			} else {
				struct op op = { 0 };
				limit_set_op(&m, &a->c->nf, &op);
				app_op(a, T_SET, &op);
				op_clear(&op);
				st->editing = false;
			}
		} else if (!field_key(&st->value, k)) {
			return R_UNHANDLED; /* F1 and the like: the shell's */
		}
		return R_REDRAW;
	}
	if (list_key(&st->l, act))
		return R_REDRAW;
	if (act == ACT_EDIT || act == ACT_OPEN) {
		if (st->l.sel < P_COUNT) {
			change(a, st->l.sel);
		} else if (st->l.sel - P_COUNT == nlimits(st)) {
			app_ask_rating(a, "general", NULL);
		} else if (st->limits) {
			st->editing = true;
			field_clear(&st->value);
		}
		return R_REDRAW;
	}
	return R_UNHANDLED;
}

static bool typing(struct app *a)
{
	struct settings_state *st = state(a);

	return st->editing;
}

static bool limit_holds(struct app *a, long i, const char *needle)
{
	struct settings_state *st = state(a);

	if (i < P_COUNT)
		return text_contains(_(pref_labels[i]), needle);
	i -= P_COUNT;
	/* The last row is the feedback form's. */
	if (i >= nlimits(st))
		return text_contains(_("Send feedback to the bank…"), needle);
	return ui_json_holds(a, jat(jarr(st->limits, "items"), i), needle);
}

static bool find(struct app *a, const char *needle)
{
	struct settings_state *st = state(a);

	return !st->editing && list_find(&st->l, limit_holds, a, needle);
}

static void forget(void *state)
{
	struct settings_state *st = state;

	json_object_put(st->limits);
	explicit_bzero(st, sizeof *st); /* what was typed */
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
	.state_size = sizeof(struct settings_state),
	.forget = forget,
};
