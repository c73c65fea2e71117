/* keys.c: actions have names; keys are bound to them per screen, with the
 * global [keys] section as the fallback.  The defaults below are written in
 * the config file's own syntax and read by the same parser as the user's
 * file, whose bindings come after them and so win. */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conf.h"
#include "tui.h"

static const struct action_info actions[ACT_COUNT] = {
	[ACT_NONE] = { "none", N_("nothing") },
	[ACT_QUIT] = { "quit", N_("quit") },
	[ACT_BACK] = { "back", N_("back") },
	[ACT_HELP] = { "help", N_("help") },
	[ACT_COMMAND] = { "command", N_("command line") },
	[ACT_SEARCH] = { "search", N_("search") },
	[ACT_REFRESH] = { "refresh", N_("refresh") },
	[ACT_REDRAW] = { "redraw", N_("redraw the screen") },
	[ACT_UP] = { "up", N_("previous row") },
	[ACT_DOWN] = { "down", N_("next row") },
	[ACT_PAGE_UP] = { "page-up", N_("page up") },
	[ACT_PAGE_DOWN] = { "page-down", N_("page down") },
	[ACT_FIRST] = { "first", N_("first row") },
	[ACT_LAST] = { "last", N_("last row") },
	[ACT_OPEN] = { "open", N_("open") },
	[ACT_NEXT_FIELD] = { "next-field", N_("next field") },
	[ACT_PRIVACY] = { "privacy", N_("privacy mode: hide balances") },
	[ACT_LOCK] = { "lock", N_("lock the screen now") },
	[ACT_CLOCK_DAY] = { "clock-day", N_("demo: move the bank's clock a day on") },
	[ACT_CLOCK_MONTH] = { "clock-month", N_("demo: move the bank's clock a month on") },
	[ACT_NEW] = { "new", N_("new transfer") },
	[ACT_PAY] = { "pay", N_("pay") },
	[ACT_AUTOPAY] = { "autopay", N_("autopay on or off") },
	[ACT_REDEEM] = { "redeem", N_("redeem") },
	[ACT_ACTIVATE] = { "activate", N_("activate") },
	[ACT_DISMISS] = { "dismiss", N_("dismiss") },
	[ACT_PREV] = { "previous", N_("previous") },
	[ACT_NEXT] = { "next", N_("next") },
	[ACT_READ] = { "read", N_("mark read") },
	[ACT_CANCEL_ITEM] = { "cancel-item", N_("cancel the scheduled transfer") },
	[ACT_FILTER] = { "filter", N_("filter") },
	[ACT_SWITCH] = { "switch", N_("switch list") },
	[ACT_EDIT] = { "edit", N_("change") },
	[ACT_ASK] = { "ask", N_("ask the bank about this") },
	[ACT_WRITE] = { "write", N_("write to the bank") },
	[ACT_ANSWERS] = { "answers", N_("find an answer") },
	[ACT_CLOSE] = { "close", N_("close the conversation") },
};

/* The defaults, in bankterm.conf(5) syntax. */
static const char default_keys[] =
	"[keys]\n"
	"q = quit\nEsc = back\n? = help\nF1 = help\n: = command\nr = refresh\nC-l = redraw\n"
	"Up = up\nk = up\nDown = down\nj = down\nPgUp = page-up\nPgDn = page-down\nHome = first\n"
	"End = last\nG = last\ng = first\nEnter = open\nTab = next-field\n"
	"p = privacy\nL = lock\n/ = search\n> = clock-day\nM = clock-month\n"
	"[keys accounts]\nf = filter\nA = ask\n"
	"[keys transfers]\nn = new\nx = cancel-item\nDelete = cancel-item\nA = ask\n"
	"[keys bills]\nEnter = pay\na = autopay\nA = ask\n"
	"[keys points]\nEnter = redeem\nTab = switch\n"
	"[keys offers]\na = activate\nd = dismiss\n"
	"[keys insights]\nLeft = previous\nh = previous\nRight = next\nl = next\n"
	"[keys alerts]\nEnter = read\nm = read\n"
	"[keys settings]\nEnter = edit\n"
	"[keys support]\nw = write\nn = write\nf = answers\nx = close\n";

struct kbind {
	char screen[16];
	struct key key;
	enum action act;
};

struct keymap {
	struct kbind *b;
	size_t n;
};

const struct action_info *action_info(enum action a)
{
	/* Going to a screen: named and labelled after it (the registry's). */
	static struct action_info go[SCR_COUNT];

	if (ACT_IS_GOTO(a)) {
		const struct screen *s = ui_screens[ACT_GOTO_SCREEN(a)].screen;
		go[ACT_GOTO_SCREEN(a)] = (struct action_info){ s->name, s->title };
		return &go[ACT_GOTO_SCREEN(a)];
	}
	return &actions[a >= 0 && a < ACT_COUNT ? a : ACT_NONE];
}

enum action action_by_name(const char *name)
{
	for (int i = 1; i < ACT_COUNT; i++)
		if (!strcmp(actions[i].name, name))
			return (enum action)i;
	for (int s = 0; s < SCR_COUNT; s++)
		if (!strcmp(ui_screens[s].screen->name, name))
			return ACT_GOTO(s);
	return ACT_NONE;
}

static const struct {
	const char *name;
	int code;
	bool is_key;
} named[] = {
	{ "Enter", '\n', false }, { "Esc", 27, false },   { "Tab", '\t', false },
	{ "Space", ' ', false },  { "Up", KEY_UP, true }, { "Down", KEY_DOWN, true },
	{ "Left", KEY_LEFT, true }, { "Right", KEY_RIGHT, true }, { "PgUp", KEY_PPAGE, true },
	{ "PgDn", KEY_NPAGE, true }, { "Home", KEY_HOME, true }, { "End", KEY_END, true },
	{ "Backspace", KEY_BACKSPACE, true }, { "Delete", KEY_DC, true }, { "Insert", KEY_IC, true },
	{ "BTab", KEY_BTAB, true },
};

bool key_parse(const char *name, struct key *out)
{
	uint32_t cp;
	size_t len = strlen(name);

	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
		if (!strcasecmp(named[i].name, name)) {
			out->ch = (wint_t)named[i].code;
			out->is_key = named[i].is_key;
			return true;
		}
	if ((name[0] == 'F' || name[0] == 'f') && name[1] >= '1' && name[1] <= '9') {
		int n = atoi(name + 1);
		if (n >= 1 && n <= 12 && strspn(name + 1, "0123456789") == len - 1) {
			out->ch = (wint_t)KEY_F(n);
			out->is_key = true;
			return true;
		}
	}
	if (len == 3 && (name[0] == 'C' || name[0] == 'c') && name[1] == '-' && name[2] >= 'a' && name[2] <= 'z') {
		out->ch = (wint_t)(name[2] - 'a' + 1);
		out->is_key = false;
		return true;
	}
	if (len && utf8_decode(name, len, &cp) == len && cp > ' ' && cp != 127) {
		out->ch = (wint_t)cp;
		out->is_key = false;
		return true;
	}
	return false;
}

bool key_is_enter(const struct key *k)
{
	return (!k->is_key && (k->ch == '\n' || k->ch == '\r')) || (k->is_key && k->ch == KEY_ENTER);
}

bool key_is_esc(const struct key *k)
{
	return !k->is_key && k->ch == 27;
}

void key_describe(const struct key *k, char *out, size_t len)
{
	char mb[MB_LEN_MAX + 1];
	int n;

	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
		if ((wint_t)named[i].code == k->ch && named[i].is_key == k->is_key) {
			snprintf(out, len, "%s", named[i].name);
			return;
		}
	/* Enter, as a terminal in raw mode sends it (CR), is named so, not "C-m". */
	if (key_is_enter(k)) {
		snprintf(out, len, "Enter");
		return;
	}
	if (k->is_key && k->ch >= (wint_t)KEY_F(1) && k->ch <= (wint_t)KEY_F(12)) {
		snprintf(out, len, "F%d", (int)(k->ch - KEY_F0));
		return;
	}
	if (!k->is_key && k->ch >= 1 && k->ch <= 26) {
		snprintf(out, len, "C-%c", (char)('a' + k->ch - 1));
		return;
	}
	if (!k->is_key && (n = wctomb(mb, (wchar_t)k->ch)) > 0 && k->ch > ' ') {
		mb[n] = '\0';
		snprintf(out, len, "%s", mb);
		return;
	}
	snprintf(out, len, k->is_key ? "key-%u" : "U+%04X", (unsigned)k->ch);
}

/* Adds the bindings of cfg; a bad key or action is reported, and skipped. */
static void add_bindings(struct keymap *km, const struct config *cfg, void (*warn)(void *, const char *),
			 void *ctx)
{
	char msg[512];

	for (size_t i = 0; i < cfg->nbindings; i++) {
		const struct binding *b = &cfg->bindings[i];
		struct kbind kb = { 0 };
		bool known_screen = !strcmp(b->screen, "global");
		for (int s = 0; s < SCR_COUNT && !known_screen; s++)
			known_screen = !strcmp(b->screen, ui_screens[s].screen->name);
		if (!known_screen) {
			/* L10N: the file and line, then the screen name from [keys NAME]. */
			snprintf(msg, sizeof msg, _("%s:%d: no screen called '%s'"), cfg->path ? cfg->path : "config",
				 b->line, b->screen);
			warn(ctx, msg);
			continue;
		}
		if (!key_parse(b->key, &kb.key)) {
			snprintf(msg, sizeof msg, _("%s:%d: '%s' is not a key name (see bankterm.conf(5))"),
				 cfg->path ? cfg->path : "config", b->line, b->key);
			warn(ctx, msg);
			continue;
		}
		kb.act = action_by_name(b->action);
		if (kb.act == ACT_NONE && strcmp(b->action, "none")) {
			snprintf(msg, sizeof msg, _("%s:%d: no action called '%s'"), cfg->path ? cfg->path : "config",
				 b->line, b->action);
			warn(ctx, msg);
			continue;
		}
		snprintf(kb.screen, sizeof kb.screen, "%s", b->screen);
		km->b = xrealloc(km->b, (km->n + 1) * sizeof *km->b);
		km->b[km->n++] = kb;
	}
}

static void ignore(void *ctx, const char *msg)
{
	(void)ctx;
	(void)msg;
}

struct keymap *keymap_new(const struct config *cfg, void (*warn)(void *ctx, const char *msg), void *ctx)
{
	struct keymap *km = xcalloc(1, sizeof *km);
	struct config defaults = { 0 };
	char screens[SCR_COUNT * 48 + 8] = "[keys]\n";

	/* Each screen's key, from the registry, in the same syntax. */
	for (int i = 0; i < SCR_COUNT; i++)
		snprintf(screens + strlen(screens), sizeof screens - strlen(screens), "%s = %s\n", ui_screens[i].key,
			 ui_screens[i].screen->name);
	config_parse("screens", screens, strlen(screens), &defaults, ignore, NULL);
	add_bindings(km, &defaults, ignore, NULL);
	config_free(&defaults);
	memset(&defaults, 0, sizeof defaults);
	config_parse("defaults", default_keys, sizeof default_keys - 1, &defaults, ignore, NULL);
	add_bindings(km, &defaults, ignore, NULL);
	config_free(&defaults);
	if (cfg)
		add_bindings(km, cfg, warn ? warn : ignore, ctx);
	return km;
}

void keymap_free(struct keymap **km)
{
	if (!*km)
		return;
	free((*km)->b);
	free(*km);
	*km = NULL;
}

static bool same_key(const struct key *a, const struct key *b)
{
	/* Enter arrives as '\n', '\r' or KEY_ENTER; Backspace as KEY_BACKSPACE, DEL or ^H. */
	wint_t x = a->ch, y = b->ch;
	if ((a->is_key && x == KEY_ENTER) || (!a->is_key && x == '\r'))
		x = '\n';
	if ((b->is_key && y == KEY_ENTER) || (!b->is_key && y == '\r'))
		y = '\n';
	if (x == '\n' && y == '\n')
		return true;
	return x == y && a->is_key == b->is_key;
}

static enum action find(const struct keymap *km, const char *screen, const struct key *k, bool *found)
{
	/* Later lines win: the user's file comes after the defaults. */
	for (size_t i = km->n; i-- > 0;)
		if (!strcmp(km->b[i].screen, screen) && same_key(&km->b[i].key, k)) {
			*found = true;
			return km->b[i].act;
		}
	*found = false;
	return ACT_NONE;
}

enum action keymap_lookup(const struct keymap *km, const char *screen, const struct key *k)
{
	bool found;
	enum action a = find(km, screen, k, &found);

	return found ? a : find(km, "global", k, &found);
}

void keymap_key_for(const struct keymap *km, const char *screen, enum action a, char *out, size_t len)
{
	const char *scopes[2] = { screen, "global" };

	*out = '\0';
	for (int s = 0; s < 2; s++)
		for (size_t i = 0; i < km->n; i++) {
			if (km->b[i].act != a || strcmp(km->b[i].screen, scopes[s]))
				continue;
			/* Only a key that still does this here (not rebound by a later line). */
			if (keymap_lookup(km, screen, &km->b[i].key) != a)
				continue;
			key_describe(&km->b[i].key, out, len);
			return;
		}
}

void keymap_each(const struct keymap *km, const char *screen,
		 void (*fn)(void *ctx, const char *key, enum action a, bool global), void *ctx)
{
	const char *scopes[2] = { screen, "global" };
	char name[32];

	for (int s = 0; s < 2; s++)
		for (size_t i = 0; i < km->n; i++) {
			if (strcmp(km->b[i].screen, scopes[s]) || km->b[i].act == ACT_NONE)
				continue;
			if (keymap_lookup(km, screen, &km->b[i].key) != km->b[i].act)
				continue; /* overridden */
			key_describe(&km->b[i].key, name, sizeof name);
			fn(ctx, name, km->b[i].act, s == 1);
		}
}
