/* app.c: the full-screen interface's shell and its one loop.
 *
 * The loop polls two things: the terminal and the worker's pipe.  Keys
 * become actions (keys.c) and go to the current screen; answers from the
 * bank go to the screen that asked.  Nothing here waits on the network:
 * while an answer is out, the screen says "Loading…" and Esc cancels it.
 * The shell draws the top bar of numbered screens, the status line with
 * the current screen's keys, and the modal layers: help, a yes/no question,
 * the one-time code the bank asks for, the quit question. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "demo.h"
#include "tui.h"


/* Requests the shell makes for everyone (screens use tags >= 0). */

#define MIN_COLS 60
#define MIN_ROWS 16
/* --screen-reader: the pause between a change of screen's empty frame and
 * the screen (a screen reader must see two updates), and how long the new
 * screen may wait for its data. */
#define READER_GAP_MS 60
#define READER_HOLD_MS 600

/* --- messages -------------------------------------------------------------------- */

/* A message stays until a key is pressed (read): one that comes before
 * joins it rather than replacing it, unless the first was only progress
 * ("Paying…"), whose cause is over once the answer is in. */
static void put_message(struct app *a, const char *text, bool error, bool refusal)
{
	size_t n = strlen(a->message);
	bool progress = n >= 3 && !strcmp(a->message + n - 3, "\u2026");

	/* An empty message clears the line. */
	if (a->message_fresh && n && !progress && *text && strcmp(a->message, text) && n + 2 + strlen(text) < sizeof a->message) {
		memcpy(a->message + n, "  ", 2);
		memcpy(a->message + n + 2, text, strlen(text) + 1); /* room checked above */
		a->message_error |= error;
		a->message_refusal |= refusal;
	} else {
		snprintf(a->message, sizeof a->message, "%s", text);
		a->message_error = error;
		a->message_refusal = refusal;
	}
	a->message_fresh = true;
	a->dirty = true;
}

static void put_formatted(struct app *a, bool refusal, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
static void put_formatted(struct app *a, bool refusal, const char *fmt, va_list ap)
{
	char text[sizeof a->message];

	vsnprintf(text, sizeof text, fmt, ap);
	put_message(a, text, refusal, refusal);
}

void app_say(struct app *a, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	put_formatted(a, false, fmt, ap);
	va_end(ap);
}

void app_refuse(struct app *a, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	put_formatted(a, true, fmt, ap);
	va_end(ap);
}

void app_error(struct app *a, const struct api_error *err)
{
	put_message(a, err->message, true, false);
}

/* Held keys not used: said after whatever the answer said, without taking
 * the cursor from it (a warning, a question: what needs reading). */
static void drop_typeahead(struct app *a)
{
	char note[300];
	size_t n = strlen(a->message);

	if (!a->nheld)
		return;
	snprintf(note, sizeof note,
		 /* L10N: keys typed while the bank checked something; its answer asks first. */
		 ngettext("The key typed before the bank answered was not used: read its answer first.",
			  "The %d keys typed before the bank answered were not used: read its answer first.",
			  (unsigned long)a->nheld),
		 a->nheld);
	if (n) {
		/* After the answer's words, cut at a character's start if the line is full. */
		size_t keep = sizeof a->message - 3 - strlen(note);
		if (n > keep) {
			n = keep;
			while (n && ((unsigned char)a->message[n] & 0xC0) == 0x80)
				n--;
		}
		memcpy(a->message + n, "  ", 2);
		memcpy(a->message + n + 2, note, strlen(note) + 1); /* room made above */
	} else {
		snprintf(a->message, sizeof a->message, "%s", note);
		a->message_error = a->message_fresh = a->message_refusal = false;
	}
	a->nheld = 0;
	a->dirty = true;
}

void app_release_typeahead(struct app *a)
{
	a->ahead_go = true;
}

void app_fresh_view(struct app *a)
{
	if (a->reader && !a->snapshot)
		a->blank_frame = true;
}

void app_confirm(struct app *a, int tag, const char *question)
{
	snprintf(a->question, sizeof a->question, "%s", question);
	a->confirm_tag = tag;
	a->confirm_screen = a->cur;
	a->modal = MODAL_CONFIRM;
	a->dirty = true;
}

bool app_loading(const struct app *a, int screen)
{
	for (int i = 0; i < a->npending; i++)
		if (a->pending[i]->screen == screen && a->pending[i]->tag != T_POLL)
			return true;
	return false;
}

void app_hints(struct app *a, const enum action *acts, int n)
{
	a->nhints = n < 16 ? n : 16;
	memcpy(a->hints, acts, (size_t)a->nhints * sizeof *acts);
}

bool app_account_holds(struct app *a, long i, const char *needle)
{
	return text_contains(a->accounts[i].name, needle) || text_contains(a->accounts[i].kind, needle);
}

void app_reload_accounts(struct app *a)
{
	app_get_for(a, SCR_HOME, T_ACCOUNTS, 0, "/accounts", 0);
}

void app_stale(struct app *a)
{
	struct screen *s = a->screens[a->cur];

	app_reload_accounts(a);
	if (a->modal != MODAL_NONE) {
		a->stale = true;
		return;
	}
	a->stale = false;
	if (s->reload)
		s->reload(a);
}

void app_show(struct app *a, int screen)
{
	if (screen < 0 || screen >= SCR_COUNT || !a->screens[screen])
		return;
	if (a->reader && !a->snapshot && screen != a->cur)
		a->blank_frame = true;
	if (screen != a->cur)
		a->nheld = 0; /* keys held for the screen left */
	a->cur = screen;
	a->screens[screen]->enter(a);
	a->dirty = true;
}

/* --- the frame ------------------------------------------------------------------------ */

/* Item i of the top bar: its key and title, the title cut to at most cut
 * columns (-1: whole; 0: the key alone), with the unread alerts in words. */
static void top_item(struct app *a, int i, int cut, char *out, size_t len)
{
	char title[96];

	text_truncate(_(a->screens[i]->title), cut < 0 ? 1000 : cut, "", title, sizeof title);
	snprintf(out, len, "%s%s%s", ui_screens[i].key, *title ? " " : "", title);
	/* For a screen reader the bar never changes, so it is never read again:
	 * the screen's heading says where one is, Home counts the alerts. */
	if (i == SCR_ALERTS && a->unread > 0 && !a->reader) {
		char n[48];
		/* L10N: unread alerts beside the Alerts screen's name in the top bar. */
		snprintf(n, sizeof n, ngettext("%ld new", "%ld new", a->unread), a->unread);
		snprintf(out + strlen(out), len - strlen(out), " (%s)", n);
	}
	if (i == a->cur && !a->reader) {
		/* The current screen is marked in text, not only in reverse video. */
		char marked[200];
		snprintf(marked, sizeof marked, "[%s]", out);
		snprintf(out, len, "%s", marked);
	}
}

/* Lays the bar out in rows of cols columns (the first one short of the
 * badge's room bw), titles cut to cut; draws it when draw.  Returns whether
 * it fits in the rows given. */
static bool top_layout(struct app *a, int cut, int bw, int rows, bool draw)
{
	char item[200];
	int x = 0, y = 0;

	for (int i = 0; i < SCR_COUNT; i++) {
		int room = (y == 0 ? a->cols - bw : a->cols), iw;
		top_item(a, i, i == a->cur ? -1 : cut, item, sizeof item);
		iw = text_width(item);
		if (x && x + iw > room) {
			if (++y >= rows)
				return false;
			x = 0;
			room = a->cols;
		}
		if (iw > room)
			return false;
		if (draw) {
			if (i == a->cur)
				ui_on(a, ROLE_CURRENT);
			ui_label(y, x, iw, item, 0);
			if (i == a->cur)
				ui_off(a, ROLE_CURRENT);
		}
		x += iw + 1;
	}
	return true;
}

/* The numbered screens, each with its name, so a first look says what each
 * number opens.  Screens leave the row under the bar empty: when one row is
 * not enough the bar takes it, and titles are cut only when two are not. */
static void draw_top(struct app *a)
{
	char badge[96] = "";
	int bw = 0, cut = -1;

	if (a->c->demo)
		/* L10N: the badge of demo mode, with the persona's name. */
		snprintf(badge, sizeof badge, _("DEMO %s"), a->c->demo->persona);
	if (a->privacy)
		snprintf(badge + strlen(badge), sizeof badge - strlen(badge), "%s%s", *badge ? " " : "",
			 _("PRIVATE"));
	bw = *badge ? text_width(badge) + 1 : 0;
	if (!top_layout(a, -1, bw, 2, false))
		for (cut = 12; cut > 0 && !top_layout(a, cut, bw, 2, false); cut--)
			;
	top_layout(a, cut, bw, 2, true);
	if (*badge) {
		ui_on(a, ROLE_BADGE);
		ui_label(0, a->cols - bw + 1, bw - 1, badge, 1);
		ui_off(a, ROLE_BADGE);
	}
}

struct help_key_ctx {
	char *out;
	size_t len;
	bool typing;
};

static void help_key_one(void *ctx, const char *key, enum action act, bool global)
{
	struct help_key_ctx *h = ctx;

	(void)global;
	/* In a field a printable key is text ("?" types "?"): only a key like F1 opens help. */
	if (act != ACT_HELP || *h->out || (h->typing && text_width(key) <= 1))
		return;
	snprintf(h->out, h->len, "%s", key);
}

/* The key that opens help here, as the status line names it ("" when none works). */
static void help_key(struct app *a, char *out, size_t len)
{
	struct screen *s = a->screens[a->cur];
	struct help_key_ctx h = { out, len, s->typing && s->typing(a) };

	*out = '\0';
	keymap_each(a->km, s->name, help_key_one, &h);
}

/* A question's own keys, for the status line while it holds them; NULL when none is open. */
static const char *modal_hint(const struct app *a)
{
	/* A screen reader hears the box, which says its answers: a changed
	 * status line would only repeat them. */
	if (a->reader)
		return NULL;
	switch (a->modal) {
	case MODAL_RATE:
		return rate_hint(a);
	case MODAL_CONFIRM:
	case MODAL_QUIT:
		/* L10N: the status line while a yes/no question is open. */
		return _("y yes  n no");
	case MODAL_CODE:
		/* L10N: the status line while the one-time code is asked. */
		return _("Enter send  Esc cancel");
	case MODAL_HELP:
		/* L10N: the status line while help is shown. */
		return _("Up/Down/PgUp/PgDn scroll  Esc close");
	default:
		return NULL;
	}
}

/* The status line's message, ending on row bottom in w columns: a long one
 * wraps upwards over up to maxrows rows, never cut short of them. */
static void draw_message(struct app *a, int bottom, int w, int maxrows)
{
	int n = 1;

	if (text_width(a->message) > w) {
		n = text_width(a->message) / (w - 8) + 1;
		n = n > maxrows ? maxrows : n;
	}
	a->message_y = bottom - n + 1;
	/* Rows above the last are cleared of the screen behind; a one-row message
	 * on the last row is drawn over it, beside --presenter's key at its end. */
	for (int r = a->message_y; (n > 1 || bottom < a->rows - 1) && r <= bottom; r++) {
		move(r, 0);
		clrtoeol();
	}
	if (a->message_error)
		ui_on(a, ROLE_ERROR);
	/* Untrusted: a message may quote the bank. */
	if (n == 1)
		ui_text(bottom, 0, w, a->message, 0);
	else
		ui_wrap(a->message_y, 0, w, n, a->message);
	if (a->message_error)
		ui_off(a, ROLE_ERROR);
}

static void draw_status(struct app *a)
{
	int y = a->rows - 1, kw = 0;
	char line[1024] = "", key[32];

	if (a->presenter && *a->last_key) {
		char shown[64];
		/* L10N: --presenter shows the last key pressed in the corner. */
		snprintf(shown, sizeof shown, _("key: %s"), a->last_key);
		kw = text_width(shown) + 1;
		ui_on(a, ROLE_BADGE);
		ui_label(y, a->cols - kw + 1, kw - 1, shown, 1);
		ui_off(a, ROLE_BADGE);
	}
	a->message_y = y;
	/* A question holds the keys: the last row gives its keys, a message goes above. */
	if (modal_hint(a)) {
		if (*a->message)
			draw_message(a, y - 1, a->cols, 1);
		ui_label(y, 0, a->cols - kw, modal_hint(a), 0);
		return;
	}
	if (*a->message) {
		draw_message(a, y, a->cols - kw, 3);
		return;
	}
	/* Help first: in a long language the line is cut at its end, and help must stay. */
	help_key(a, key, sizeof key);
	if (*key)
		snprintf(line, sizeof line, "%s %s", key, _(action_info(ACT_HELP)->label));
	/* Whole hints only: one that would be cut is left out, never shown cut. */
	for (int i = 0; i < a->nhints; i++) {
		char hint[200];
		keymap_key_for(a->km, a->screens[a->cur]->name, a->hints[i], key, sizeof key);
		if (!*key)
			continue;
		snprintf(hint, sizeof hint, "%s%s %s", *line ? "  " : "", key, _(action_info(a->hints[i])->label));
		if (text_width(line) + text_width(hint) > a->cols - kw)
			break;
		snprintf(line + strlen(line), sizeof line - strlen(line), "%s", hint);
	}
	ui_label(y, 0, a->cols - kw, line, 0);
}

struct help_ctx {
	struct app *a;
	int y, row, skip, bottom;
	bool typing; /* a field has the keys: its keys first, and no printable key (it is text) */
	bool screens; /* the pass for the keys that open screens (last: the top bar names them too) */
};

static void help_row(struct help_ctx *h, const char *key, const char *label)
{
	if (h->row++ < h->skip || h->y >= h->bottom)
		return;
	ui_label(h->y, 4, 12, key, 0);
	ui_label(h->y, 17, h->a->cols - 21, label, 0);
	h->y++;
}

/* A field's own keys: what help shows first while one has the keys. */
static const struct {
	const char *key, *label;
} field_keys[] = {
	{ "Enter", N_("done: go on to the next step") },
	{ "Esc", N_("back a step") },
	{ "Left Right", N_("move in the text") },
	{ "Backspace", N_("delete before the cursor") },
	{ "C-u", N_("clear the field") },
};

static void help_line(void *ctx, const char *key, enum action act, bool global)
{
	struct help_ctx *h = ctx;
	const char *label = _(action_info(act)->label);

	(void)global;
	if (ACT_IS_GOTO(act) != h->screens)
		return;
	/* In a field, printable keys are text and the screen's keys wait: its own keys are listed first. */
	if (h->typing && (text_width(key) <= 1 || !global || act == ACT_BACK))
		return;
	/* The demo's clock is the demo's alone. */
	if ((act == ACT_CLOCK_DAY || act == ACT_CLOCK_MONTH) && !h->a->c->demo)
		return;
	/* q quits from Home only; elsewhere it goes Home. */
	if (act == ACT_QUIT && h->a->cur != SCR_HOME)
		label = _("back to Home (quits from Home)");
	help_row(h, key, label);
}

/* How many key lines the help shows at once: rows 3 to rows - 3. */
static int help_page(const struct app *a)
{
	return a->rows - 5 > 1 ? a->rows - 5 : 1;
}

/* A blank box from row top to row bottom, ruled above and below. */
static void draw_box(struct app *a, int top, int bottom, int x, int w)
{
	/* Whole rows: nothing of the screen behind is left beside the box, where
	 * a screen reader reading the row would speak it with the question. */
	for (int r = top; r <= bottom; r++) {
		move(r, 0);
		clrtoeol();
	}
	ui_rule(a, top, x, w);
	ui_rule(a, bottom, x, w);
}

static void draw_modal(struct app *a)
{
	int w = a->cols - 8 > 70 ? 70 : a->cols - 8, x = (a->cols - w) / 2, y = a->rows / 2 - 2;
	char line[600];

	switch (a->modal) {
	case MODAL_NONE:
		return;
	case MODAL_ASK:
	case MODAL_OUTPUT:
		command_draw(a);
		return;
	case MODAL_HELP: {
		struct screen *s = a->screens[a->cur];
		struct help_ctx h = { a, 3, 0, a->help_top, a->rows - 2, s->typing && s->typing(a), false };
		for (int r = 1; r < a->rows - 1; r++) {
			move(r, 0);
			clrtoeol();
		}
		if (h.typing)
			/* L10N: the help overlay's title while a text field has the keys; %s is the screen's name. */
			snprintf(line, sizeof line, _("Keys in this field, on %s (Esc closes, arrows scroll)"), _(s->title));
		else
			/* L10N: the help overlay's title; %s is the screen's name. */
			snprintf(line, sizeof line, _("Keys on %s (Esc closes, arrows scroll)"), _(s->title));
		for (size_t i = 0; h.typing && i < sizeof field_keys / sizeof field_keys[0]; i++)
			help_row(&h, field_keys[i].key, _(field_keys[i].label));
		ui_on(a, ROLE_HEADING);
		ui_label(1, 2, a->cols - 4, line, 0);
		ui_off(a, ROLE_HEADING);
		/* The title when it opens; scrolled, the first line shown: what changed. */
		ui_focus(a, a->help_top ? 3 : 1, a->help_top ? 4 : 2);
		keymap_each(a->km, a->screens[a->cur]->name, help_line, &h);
		h.screens = true;
		keymap_each(a->km, a->screens[a->cur]->name, help_line, &h);
		return;
	}
	case MODAL_CONFIRM:
	case MODAL_QUIT:
		draw_box(a, y - 1, y + 3, x, w);
		ui_on(a, ROLE_HEADING);
		ui_wrap(y, x + 1, w - 2, 2, a->modal == MODAL_QUIT ? _("Quit bankterm?") : a->question);
		ui_off(a, ROLE_HEADING);
		/* L10N: the answers of a yes/no question; keep y and n as the keys. */
		ui_label(y + 2, x + 1, w - 2, _("y yes   n no"), 0);
		ui_focus(a, y, x + 1);
		return;
	case MODAL_RATE: {
		/* At the bottom: the outcome it follows (a reference, say) stays in sight above it. */
		int top = a->rows - 3 - rate_rows(a);
		draw_box(a, top - 1, top + rate_rows(a), x, w);
		rate_draw(a, top, x + 1, w - 2);
		return;
	}
	case MODAL_COMMAND:
	case MODAL_FIND:
		move(a->rows - 1, 0);
		clrtoeol();
		mvaddstr(a->rows - 1, 0, a->modal == MODAL_FIND ? "/" : ":");
		field_draw(a, a->modal == MODAL_FIND ? &a->find : &a->cmdline, a->rows - 1, 1, a->cols - 2);
		return;
	case MODAL_CODE:
		draw_box(a, y - 1, y + 4, x, w);
		ui_wrap(y, x + 1, w - 2, 2, api_problem_text("step_up_required"));
		/* L10N: label of the one-time code field. */
		snprintf(line, sizeof line, "%s %.*s", _("Code:"), (int)a->code_len, "********");
		ui_label(y + 2, x + 1, w - 2, line, 0);
		ui_label(y + 3, x + 1, w - 2, a->code_hint, 0);
		ui_focus(a, y + 2, x + 1 + text_width(_("Code:")) + 1 + (int)a->code_len);
		return;
	}
}

/* --- --trace ------------------------------------------------------------------------ */

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Each key drawn: from its reading to the end of the frame that shows it. */
static void trace_frame(struct app *a)
{
	long long now = now_us();

	/* The worker writes its requests' lines to the same file (see http.c). */
	flockfile(a->trace);
	for (int i = 0; i < a->ntraced; i++)
		fprintf(a->trace, "{\"t\":\"key\",\"key\":\"%s\",\"screen\":\"%s\",\"us\":%lld}\n", a->traced[i].name,
			a->screens[a->cur]->name, now - a->traced[i].read_us);
	for (int i = 0; i < a->nanswered; i++)
		fprintf(a->trace, "{\"t\":\"answer\",\"screen\":\"%s\",\"path\":\"%s\",\"us\":%lld}\n",
			a->answered[i].screen, a->answered[i].path, now - a->answered[i].submitted_us);
	if (a->ntraced || a->nanswered)
		fflush(a->trace);
	funlockfile(a->trace);
	a->ntraced = 0;
	a->nanswered = 0;
}

/* An answer in: from the screen's asking to the end of the frame that shows it. */
static void trace_answer(struct app *a, const struct req *r)
{
	int n = a->nanswered;

	if (n == (int)(sizeof a->answered / sizeof a->answered[0]))
		return;
	snprintf(a->answered[n].screen, sizeof a->answered[0].screen, "%s",
		 r->screen >= 0 && r->screen < SCR_COUNT ? a->screens[r->screen]->name : "shell");
	/* The path without its query (what was searched for stays out), IDs as they are. */
	snprintf(a->answered[n].path, sizeof a->answered[0].path, "%.*s", (int)strcspn(r->path, "?\"\\"), r->path);
	a->answered[n].submitted_us = r->submitted_us;
	a->nanswered++;
}

static void trace_key(struct app *a, enum action act)
{
	const struct screen *s = a->screens[a->cur];

	if (a->ntraced == (int)(sizeof a->traced / sizeof a->traced[0]))
		return;
	/* The action, never the character: what is typed into a field (an
	 * amount, a name, a password at the lock) stays out of the file.  A
	 * key typed into a field is "text" even when it has an action
	 * elsewhere, or the action's name would say which key it was. */
	snprintf(a->traced[a->ntraced].name, sizeof a->traced[0].name, "%s",
		 a->locked || a->modal != MODAL_NONE ? "modal"
		 : act == ACT_NONE || (s->typing && s->typing(a)) ? "text"
								   : action_info(act)->name);
	a->traced[a->ntraced++].read_us = now_us();
}

/* --- the idle lock -------------------------------------------------------------------- */

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void lock_hint(struct app *a)
{
	char code[8];

	a->lock_hint[0] = '\0';
	if (!a->c->demo)
		return;
	if (!*a->lock_challenge)
		/* L10N: on the lock screen of the demo, whose password is public. */
		snprintf(a->lock_hint, sizeof a->lock_hint, "%s", _("(demo password: demo)"));
	else if (demo_code(a->c->demo, code))
		snprintf(a->lock_hint, sizeof a->lock_hint, _("(demo code: %s)"), code);
}

static void lock(struct app *a, int why)
{
	if (a->locked)
		return;
	a->locked = true;
	a->lock_why = why;
	a->nheld = 0;
	a->unlocking = false;
	a->lock_challenge[0] = '\0';
	field_clear(&a->lock_field);
	lock_hint(a);
	/* No live alerts behind the lock: they wait for the user. */
	if (a->poll_id)
		worker_cancel(a->worker, a->poll_id);
	a->message[0] = '\0';
	a->dirty = true;
	/* The demo's password is public: after a reset of its bank it signs in again itself. */
	if (why == LOCK_ENDED && a->c->demo) {
		app_sign_in(a, T_UNLOCK, "demo", NULL, NULL);
		a->unlocking = true;
	}
}

/* Nothing of the customer's shows: no balance, no name but the user's. */
static void draw_lock(struct app *a)
{
	int w = a->cols - 8 > 70 ? 70 : a->cols - 8, x = (a->cols - w) / 2, y = a->rows / 2 - 4, fx;
	char line[600];
	const char *label = *a->lock_challenge ? _("One-time code:") : _("Password:");
	size_t shown = 0;

	ui_on(a, ROLE_HEADING);
	/* L10N: the lock screen's title. */
	ui_label(y, x, w, _("bankterm is locked"), 0);
	ui_off(a, ROLE_HEADING);
	if (a->lock_why == LOCK_SIGNED_OUT)
		/* L10N: why the sign-in screen shows: the person signed out. */
		snprintf(line, sizeof line, "%s", _("You signed out."));
	else if (a->lock_why == LOCK_ENDED)
		/* L10N: why the sign-in screen shows: a request was refused for want of a session. */
		snprintf(line, sizeof line, "%s", _("Your session has ended (you signed out, or the bank ended it)."));
	else if (a->lock_why == LOCK_ASKED)
		/* L10N: why the screen is locked: the user asked. */
		snprintf(line, sizeof line, "%s", _("Locked at your request."));
	else if (a->idle_lock % 60)
		/* L10N: why the screen is locked: seconds without a key. */
		snprintf(line, sizeof line, ngettext("Locked after %ld second without a key.",
						     "Locked after %ld seconds without a key.", (unsigned long)a->idle_lock),
			 a->idle_lock);
	else
		snprintf(line, sizeof line, ngettext("Locked after %ld minute without a key.",
						     "Locked after %ld minutes without a key.",
						     (unsigned long)(a->idle_lock / 60)),
			 a->idle_lock / 60);
	/* Each text as many rows as it needs (two at most), the field after them. */
	y += 2;
	y += ui_wrap(y, x, w, 2, line);
	if (*a->lock_challenge)
		y += ui_wrap(y, x, w, 2, api_problem_text("mfa_required"));
	else {
		/* L10N: %s is the user's name: whose password unlocks. */
		snprintf(line, sizeof line, _("Sign in again as %s to continue; Ctrl-C quits."), a->c->user);
		y += ui_wrap(y, x, w, 2, line);
	}
	y++;
	ui_label(y, x, w, label, 0);
	fx = x + text_width(label) + 1;
	/* One star per character typed, never the characters. */
	for (size_t i = 0; i < a->lock_field.len; i++)
		if ((a->lock_field.buf[i] & 0xc0) != 0x80 && fx + (int)shown < a->cols - 1)
			mvaddch(y, fx + (int)shown++, '*');
	ui_label(y + 1, x, w, a->lock_hint, 0);
	if (a->unlocking)
		/* L10N: the lock screen while the bank checks the password or code. */
		ui_label(y + 2, x, w, _("Checking…"), 0);
	ui_focus(a, y, fx + (int)shown);
}

static void lock_key(struct app *a, const struct key *k)
{
	bool enter = key_is_enter(k);

	if (!k->is_key && k->ch == 3) { /* Ctrl-C: raw mode makes it a key */
		a->quit = true;
		return;
	}
	if (a->unlocking)
		return;
	if (!k->is_key && k->ch == 27) {
		field_clear(&a->lock_field);
		return;
	}
	if (!enter) {
		field_key(&a->lock_field, k);
		return;
	}
	if (!a->lock_field.len)
		return;
	if (*a->lock_challenge)
		app_sign_in(a, T_UNLOCK, NULL, a->lock_challenge, a->lock_field.buf);
	else
		app_sign_in(a, T_UNLOCK, a->lock_field.buf, NULL, NULL);
	explicit_bzero(a->lock_field.buf, sizeof a->lock_field.buf);
	field_clear(&a->lock_field);
	a->unlocking = true;
}

static void lock_result(struct app *a, struct req *r)
{
	a->unlocking = false;
	if (r->ok) {
		a->locked = false;
		a->lock_challenge[0] = '\0';
		/* L10N: the lock screen opened again. */
		app_say(a, "%s", a->lock_why >= LOCK_ENDED ? _("Signed in again.") : _("Welcome back."));
		/* The balances may have moved while the lock was on.  The screen
		 * itself is left as it was: a half-typed transfer is not lost
		 * (r loads the rest again); after an ended session, what failed
		 * for want of it is asked again. */
		app_reload_accounts(a);
		if (a->lock_why >= LOCK_ENDED)
			app_stale(a);
		return;
	}
	if (!strcmp(r->err.code, "mfa_required") && *r->err.challenge) {
		char code[8];
		snprintf(a->lock_challenge, sizeof a->lock_challenge, "%s", r->err.challenge);
		lock_hint(a);
		if (a->lock_why == LOCK_ENDED && a->c->demo && demo_code(a->c->demo, code)) {
			app_sign_in(a, T_UNLOCK, NULL, a->lock_challenge, code);
			a->unlocking = true;
		}
		return;
	}
	/* A wrong code starts again from the password: the challenge is spent. */
	if (r->err.status == API_ERR_PROBLEM && !strcmp(r->err.code, "unauthorized"))
		snprintf(r->err.message, sizeof r->err.message, "%s",
			 *a->lock_challenge ? _("The code was not accepted: type your password again.")
					    : _("The password was not accepted: try again."));
	a->lock_challenge[0] = '\0';
	lock_hint(a);
	app_error(a, &r->err);
}

static void draw(struct app *a)
{
	getmaxyx(stdscr, a->rows, a->cols);
	erase();
	ui_privacy(a->privacy ? ui_mask(a) : NULL);
	ui_speech(a->reader);
	a->cur_y = 1;
	a->cur_x = 0;
	if (a->cols < MIN_COLS || a->rows < MIN_ROWS) {
		char msg[256];
		/* L10N: the window is below the smallest size; the numbers are columns and rows. */
		snprintf(msg, sizeof msg, _("This window is too small: bankterm needs %dx%d, it has %dx%d."), MIN_COLS,
			 MIN_ROWS, a->cols, a->rows);
		ui_wrap(0, 0, a->cols, a->rows, msg);
		ui_focus(a, 0, 0);
	} else if (a->locked) {
		draw_lock(a);
		if (*a->message) {
			ui_on(a, ROLE_ERROR);
			ui_text(a->rows - 1, 0, a->cols, a->message, 0);
			ui_off(a, ROLE_ERROR);
		}
	} else if (a->blank_frame) {
		/* The screen changed, for a screen reader: the bar alone first (see struct app). */
		draw_top(a);
		a->blank_frame = false;
		a->gap_until = now_ms() + READER_GAP_MS;
		a->hold_until = now_ms() + READER_HOLD_MS;
		move(1, 0);
		refresh();
		return; /* still dirty: the screen follows */
	} else {
		draw_top(a);
		a->nhints = 0;
		a->screens[a->cur]->draw(a, 1, a->rows - 2);
		draw_status(a);
		draw_modal(a);
	}
	/* A message just shown is where a screen reader should look, unless a
	 * question or a field is waiting for the user (a field's own refusal
	 * excepted: it is about what was typed, and the next key goes back). */
	if (*a->message && a->message_fresh && a->modal == MODAL_NONE && !a->locked &&
	    (a->message_refusal || !(a->screens[a->cur]->typing && a->screens[a->cur]->typing(a))) && a->cols >= MIN_COLS &&
	    a->rows >= MIN_ROWS) {
		a->cur_y = a->message_y;
		a->cur_x = 0;
	}
	if (a->cur_y >= a->rows)
		a->cur_y = a->rows - 1;
	if (a->cur_x >= a->cols)
		a->cur_x = a->cols - 1;
	move(a->cur_y, a->cur_x);
	refresh();
	a->dirty = false;
	if (a->trace)
		trace_frame(a);
}

/* --- answers from the bank ----------------------------------------------------------- */

static void forget_pending(struct app *a, struct req *r)
{
	for (int i = 0; i < a->npending; i++)
		if (a->pending[i] == r) {
			a->pending[i] = a->pending[--a->npending];
			return;
		}
}

static void shell_result(struct app *a, struct req *r)
{
	if (r->tag == T_RATE) {
		app_feedback_done(a, r);
	} else if (r->tag == T_ACCOUNTS) {
		struct api_account *list = NULL;
		size_t n = 0;
		struct api_error err = { 0 };
		if (r->ok && api_decode_accounts(r->doc, &list, &n, &err)) {
			free(a->accounts);
			a->accounts = list;
			a->naccounts = n;
			a->accounts_loaded = true;
		} else if (r->ok) {
			app_error(a, &err);
		}
	} else if (r->tag == T_CLOCK_NOW) {
		/* A calendar month from the bank's own date (the core's rule, as `demo clock +1m`). */
		struct json_error jerr = { 0 };
		const char *now = NULL;
		long long seconds;
		char msg[256];
		struct op op = { 0 };
		if (!r->ok) {
			app_error(a, &r->err);
		} else if (json_get_string(r->doc, NULL, "now", 0, 40, &now, &jerr) ||
			   !demo_clock_seconds("+1m", now, &seconds, msg, sizeof msg)) {
			app_say(a, "%s", _("the bank's date could not be read"));
		} else {
			demo_clock_op(seconds, &op);
			app_op(a, T_CLOCK, &op);
			op_clear(&op);
		}
	} else if (r->tag == T_CLOCK) {
		if (r->ok) {
			char day[UI_DAY_MAX], said[800];
			ui_day(jstr(r->doc, "now"), day);
			if (demo_clock_said(r->doc, day, said, sizeof said))
				app_say(a, "%s", said);
			else
				app_say(a, _("The bank's answer could not be read: %s"), said);
			app_stale(a);
			/* Offers, insights and the rest may have changed with the date too. */
			if (!a->screens[a->cur]->reload && a->modal == MODAL_NONE)
				app_show(a, a->cur);
		} else {
			app_error(a, &r->err);
		}
	}
}

static void on_key(struct app *a, const struct key *k);

/* An answer for the screen shown is in: if it ended the hold, the held
 * keys go to the screen, in order, as if typed now, when it said they may
 * (app_release_typeahead), and only as long as it is typing into a field
 * (an amount, a reference): never into a list, a question or the review,
 * where a key would choose or send.  What is left is dropped, and said.
 * What the answer said stays on the status line, and the cursor stays
 * where the keys put it. */
static void typeahead_settle(struct app *a)
{
	struct screen *s = a->screens[a->cur];
	struct key keys[sizeof a->ahead / sizeof a->ahead[0]];
	char said[sizeof a->message];
	bool error = a->message_error, go = a->ahead_go;
	int n = a->nheld, i = 0;

	if (!n || (s->holds_keys && s->holds_keys(a)))
		return;
	a->ahead_go = false;
	if (!go || n > (int)(sizeof keys / sizeof keys[0])) {
		drop_typeahead(a);
		return;
	}
	memcpy(keys, a->ahead, (size_t)n * sizeof keys[0]);
	a->nheld = 0;
	snprintf(said, sizeof said, "%s", a->message);
	for (; i < n; i++) {
		if (a->quit || a->locked || a->modal != MODAL_NONE || !(s->typing && s->typing(a)) ||
		    (s->holds_keys && s->holds_keys(a)))
			break;
		on_key(a, &keys[i]);
		if (a->message_refusal) {
			i++; /* refused (an amount too large): what follows is not typed after it */
			break;
		}
	}
	if (!a->message[0] && said[0]) {
		snprintf(a->message, sizeof a->message, "%s", said);
		a->message_error = error;
		a->message_fresh = a->message_refusal = false;
	}
	a->nheld = n - i;
	drop_typeahead(a);
}

static void dispatch(struct app *a, struct req *r)
{
	forget_pending(a, r);
	if (a->trace && r->tag != T_POLL && r->ok)
		trace_answer(a, r);
	if (r->tag == T_UNLOCK) {
		lock_result(a, r);
		a->dirty = true;
		req_free(&r);
		return;
	}
	/* Refused for want of a session (signed out, or the bank reset): the
	 * sign-in screen, which says so and signs in again.  Not a ":" command:
	 * it asks for the password itself. */
	bool ended = !r->ok && r->err.status == API_ERR_PROBLEM && !strcmp(r->err.code, "unauthorized") &&
		     r->tag != T_COMMAND && !a->snapshot;

	if (ended)
		lock(a, LOCK_ENDED);
	/* A staff login (the demo's sam) has no accounts, and no screen here is
	 * for it: rather than a Home that never loads, the full screen ends and
	 * says so, as the command line does (its side is `bankterm staff`). */
	if (!r->ok && r->err.status == API_ERR_PROBLEM && !strcmp(r->err.code, "customers_only") &&
	    r->tag == T_ACCOUNTS && !a->snapshot) {
		a->ended_by = r->err;
		a->quit = true;
		req_free(&r);
		return;
	}
	if (r->tag == T_POLL) {
		a->poll_id = 0;
		if (r->ok) {
			a->poll_after = jint(r->doc, "last_id");
			a->screens[SCR_ALERTS]->result(a, r);
			/* An alert is news from the bank (money in or out, a bill paid or due). */
			if (json_object_array_length(jarr(r->doc, "items")))
				app_stale(a);
		}
		/* A cancelled poll (another request needed the line) is simply asked again later. */
		req_free(&r);
		return;
	}
	if (!r->ok && r->err.status == API_ERR_PROBLEM && !strcmp(r->err.code, "step_up_required") &&
	    *r->err.challenge && !a->snapshot) {
		/* The bank wants a one-time code: ask, then send the same request again. */
		req_free(&a->stepup);
		a->stepup = r;
		a->code_len = 0;
		memset(a->code, 0, sizeof a->code);
		a->code_hint[0] = '\0';
		/* Once, when asked: each demo code is a fresh one (demo_code moves on). */
		if (a->c->demo) {
			char code[8];
			if (demo_code(a->c->demo, code))
				/* L10N: the demo shows the persona's current one-time code. */
				snprintf(a->code_hint, sizeof a->code_hint, _("(demo code: %s)"), code);
		}
		a->modal = MODAL_CODE;
		a->dirty = true;
		/* A question first: what was typed before it is not an answer to it. */
		if (r->screen == a->cur)
			drop_typeahead(a);
		return;
	}
	if (r->tag == T_COMMAND) {
		bool signed_out = r->status == 0 && r->line && !strncmp(r->line, "logout", 6) &&
				  (!r->line[6] || r->line[6] == ' ');
		command_done(a, r);
		req_free(&r);
		/* Signed out on purpose: the sign-in screen, without signing in for the person. */
		if (signed_out) {
			a->modal = MODAL_NONE; /* its output is what the sign-in screen says */
			lock(a, LOCK_SIGNED_OUT);
			return;
		}
		/* A command may have moved money. */
		app_stale(a);
		return;
	}
	/* The code has been answered: "Checking the code…" is over, whatever the
	 * screen says of the result now. */
	if (r->with_code && !strcmp(a->message, _("Checking the code…")))
		a->message[0] = '\0';
	if (r->tag < 0)
		shell_result(a, r);
	if (r->screen >= 0 && r->screen < SCR_COUNT && (r->tag >= 0 || r->tag == T_ACCOUNTS))
		a->screens[r->screen]->result(a, r);
	if (r->screen == a->cur)
		typeahead_settle(a);
	a->ahead_go = false;
	/* Your own payment, done: what shows balances is fetched again. */
	if (r->ok && r->move)
		app_stale(a);
	/* The sign-in screen says why; the screen's "not signed in" would only repeat it. */
	if (ended && a->locked)
		a->message[0] = '\0';
	a->dirty = true;
	req_free(&r);
}

static void drain(struct app *a)
{
	struct job *j;

	while ((j = worker_take(a->worker))) {
		a->busy_ms = now_ms();
		dispatch(a, (struct req *)j);
	}
}

/* Live alerts: a long-poll while nothing else needs the connection, once
 * it has been quiet for POLL_QUIET_MS.  Whatever needs the connection
 * while the poll waits has to cut it off, and that costs a new TCP
 * connection (HTTP/1.1 cannot call a request back): scrolling a long
 * history cut it for every page, and each fetch waited for it.  Returns
 * the milliseconds until the poll would start, or -1. */
#define POLL_QUIET_MS 1000
static int maybe_poll(struct app *a)
{
	char path[96];
	long long wait;

	if (a->snapshot || !a->live_alerts || a->locked || a->poll_id || a->npending || a->poll_after < 0)
		return -1;
	if ((wait = a->busy_ms + POLL_QUIET_MS - now_ms()) > 0)
		return (int)wait;
	snprintf(path, sizeof path, "/notifications?after=%lld&wait=25", a->poll_after);
	a->poll_id = app_get_for(a, SCR_ALERTS, T_POLL, 0, path, 30000);
	return -1;
}

/* Something else needs the connection: the long-poll steps aside. */
static void yield_poll(struct app *a)
{
	if (a->poll_id && a->npending > 1)
		worker_cancel(a->worker, a->poll_id);
}

void app_poll_from(struct app *a, long long after)
{
	if (a->poll_after < after)
		a->poll_after = after;
}

/* Waits (without a terminal) until every answer is in: for --snapshot. */
static void settle(struct app *a)
{
	struct pollfd p = { worker_fd(a->worker), POLLIN, 0 };
	int rounds = 0;

	while (a->npending > 0 && rounds++ < 300) {
		if (poll(&p, 1, 100) > 0)
			drain(a);
	}
}

/* --- keys --------------------------------------------------------------------------------- */

void app_cancel(struct app *a, int screen, int tag)
{
	for (int i = 0; i < a->npending; i++)
		if (a->pending[i]->screen == screen && a->pending[i]->tag == tag)
			worker_cancel(a->worker, a->pending[i]->job.id);
}

void app_wake_in(struct app *a, int screen, long ms)
{
	a->wake_ms[screen] = ms < 0 ? 0 : now_ms() + ms;
}

/* The screens whose time has come; returns ms until the next (-1: none).
 * Behind the lock none wakes: what it would ask for waits for the unlock. */
static int wake_due(struct app *a)
{
	long long now = now_ms(), next = -1;

	if (a->locked)
		return -1;
	for (int i = 0; i < SCR_COUNT; i++) {
		if (!a->wake_ms[i] || !a->screens[i]->wake)
			continue;
		if (a->wake_ms[i] <= now) {
			a->wake_ms[i] = 0;
			a->screens[i]->wake(a);
			continue;
		}
		if (next < 0 || a->wake_ms[i] - now < next)
			next = a->wake_ms[i] - now;
	}
	return next > INT_MAX ? INT_MAX : (int)next;
}

static void cancel_screen(struct app *a)
{
	for (int i = 0; i < a->npending; i++)
		if (a->pending[i]->screen == a->cur && a->pending[i]->tag != T_POLL)
			worker_cancel(a->worker, a->pending[i]->job.id);
	/* L10N: after Esc stopped a request that was under way. */
	app_say(a, "%s", _("Cancelled."));
}

/* The demo's clock keys: a day on, or a calendar month (from the bank's date, asked first). */
static void move_clock(struct app *a, bool month)
{
	struct op op = { 0 };
	long long seconds;
	char msg[256];

	if (!a->c->demo) {
		app_say(a, "%s", _("Only the demo bank's clock can be moved."));
		return;
	}
	if (month) {
		app_get_for(a, a->cur, T_CLOCK_NOW, 0, "/sandbox/clock", 0);
		return;
	}
	if (demo_clock_seconds("+1d", NULL, &seconds, msg, sizeof msg) && demo_clock_op(seconds, &op))
		app_op(a, T_CLOCK, &op);
	op_clear(&op);
}

/* Splits a command line into words; "..." and '...' keep spaces.  Returns the count. */
int app_split(char *line, char **argv, int max)
{
	int argc = 0;
	char *p = line, *out;

	while (*p && argc < max - 1) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		argv[argc++] = out = p;
		while (*p && *p != ' ' && *p != '\t') {
			if (*p == '"' || *p == '\'') {
				char q = *p++;
				while (*p && *p != q)
					*out++ = *p++;
				if (*p)
					p++;
			} else {
				*out++ = *p++;
			}
		}
		if (*p)
			p++;
		*out = '\0';
	}
	argv[argc] = NULL;
	return argc;
}


static void command_key(struct app *a, const struct key *k)
{
	if (!k->is_key && k->ch == 27) {
		a->modal = MODAL_NONE;
		return;
	}
	if (key_is_enter(k)) {
		char text[sizeof a->cmdline.buf];
		snprintf(text, sizeof text, "%s", a->cmdline.buf);
		a->modal = MODAL_NONE;
		if (*text) {
			if (a->nhistory == 50) {
				free(a->history[0]);
				memmove(a->history, a->history + 1, 49 * sizeof *a->history);
				a->nhistory--;
			}
			a->history[a->nhistory++] = xstrdup(text);
			app_run_command(a, text);
		}
		return;
	}
	if (k->is_key && (k->ch == KEY_UP || k->ch == KEY_DOWN)) {
		a->hpos += k->ch == KEY_UP ? -1 : 1;
		if (a->hpos < 0)
			a->hpos = 0;
		if (a->hpos >= a->nhistory) {
			a->hpos = a->nhistory;
			field_clear(&a->cmdline);
		} else {
			field_set(&a->cmdline, a->history[a->hpos]);
		}
		return;
	}
	if (!k->is_key && k->ch == '\t') {
		/* Completes the command's name: the one that starts so, or the common part. */
		const char *only = NULL, *name;
		int matches = 0;
		if (strchr(a->cmdline.buf, ' '))
			return;
		for (size_t i = 0; (name = cli_command_name(i)); i++)
			if (!strncmp(name, a->cmdline.buf, a->cmdline.len)) {
				only = name;
				matches++;
			}
		if (matches == 1) {
			char done[128];
			snprintf(done, sizeof done, "%s ", only);
			field_set(&a->cmdline, done);
		} else if (matches > 1) {
			char list[512] = "";
			for (size_t i = 0; (name = cli_command_name(i)); i++)
				if (!strncmp(name, a->cmdline.buf, a->cmdline.len))
					snprintf(list + strlen(list), sizeof list - strlen(list), "%s ", name);
			app_say(a, "%s", list);
		}
		return;
	}
	field_key(&a->cmdline, k);
}

/* The "/" line: Enter selects the next row that holds the text. */
static void find_key(struct app *a, const struct key *k)
{
	struct screen *s = a->screens[a->cur];

	if (!k->is_key && k->ch == 27) {
		a->modal = MODAL_NONE;
		return;
	}
	if (!key_is_enter(k)) {
		field_key(&a->find, k);
		return;
	}
	a->modal = MODAL_NONE;
	/* An empty line looks for the last text again: the next row holding it. */
	if (a->find.len)
		snprintf(a->find_last, sizeof a->find_last, "%s", a->find.buf);
	if (!*a->find_last)
		return;
	if (app_loading(a, a->cur))
		/* L10N: "/" while the screen's list is still arriving. */
		app_say(a, "%s", _("The list is still loading: search again in a moment."));
	else if (!s->find(a, a->find_last))
		/* L10N: "/" found no row; %s is what was looked for. */
		app_say(a, _("No row here holds \"%s\"."), a->find_last);
}

static void modal_key(struct app *a, enum action act, const struct key *k)
{
	switch (a->modal) {
	case MODAL_ASK:
	case MODAL_OUTPUT:
		command_modal_key(a, act, k);
		return;
	case MODAL_HELP:
		/* A page down shows the line after the last one shown: none skipped. */
		if (act == ACT_DOWN || act == ACT_PAGE_DOWN)
			a->help_top += act == ACT_DOWN ? 1 : help_page(a);
		else if ((act == ACT_UP || act == ACT_PAGE_UP) && a->help_top > 0)
			a->help_top -= act == ACT_UP ? 1 : a->help_top < help_page(a) ? a->help_top : help_page(a);
		else
			a->modal = MODAL_NONE;
		return;
	case MODAL_CONFIRM:
	case MODAL_QUIT: {
		bool yes = !k->is_key && (k->ch == 'y' || k->ch == 'Y');
		bool no = !k->is_key && (k->ch == 'n' || k->ch == 'N' || k->ch == 27);
		if (!yes && !no) {
			/* L10N: a yes/no question got another key. */
			app_say(a, "%s", _("Answer y or n."));
			return;
		}
		if (a->modal == MODAL_QUIT) {
			a->modal = MODAL_NONE;
			a->quit = yes;
			return;
		}
		a->modal = MODAL_NONE;
		if (a->screens[a->confirm_screen]->confirmed)
			a->screens[a->confirm_screen]->confirmed(a, a->confirm_tag, yes);
		return;
	}
	case MODAL_RATE:
		rate_key(a, k);
		return;
	case MODAL_COMMAND:
		command_key(a, k);
		return;
	case MODAL_FIND:
		find_key(a, k);
		return;
	case MODAL_CODE:
		if (!k->is_key && k->ch >= '0' && k->ch <= '9' && a->code_len < 8) {
			a->code[a->code_len++] = (char)k->ch;
		} else if ((k->is_key && k->ch == KEY_BACKSPACE) || (!k->is_key && (k->ch == 127 || k->ch == 8))) {
			if (a->code_len)
				a->code[--a->code_len] = '\0';
		} else if (key_is_enter(k)) {
			struct req *r = a->stepup;
			a->modal = MODAL_NONE;
			a->stepup = NULL;
			app_resend(a, r, a->code); /* answered to r's own screen */
			explicit_bzero(a->code, sizeof a->code);
			a->code_len = 0;
			req_free(&r);
			/* L10N: the one-time code was sent; waiting for the bank. */
			app_say(a, "%s", _("Checking the code…"));
		} else if (!k->is_key && k->ch == 27) {
			struct req *r = a->stepup;
			a->modal = MODAL_NONE;
			a->stepup = NULL;
			explicit_bzero(a->code, sizeof a->code);
			a->code_len = 0;
			snprintf(r->err.message, sizeof r->err.message, "%s",
				 _("Not confirmed: nothing was done."));
			snprintf(r->err.code, sizeof r->err.code, "step_up_cancelled");
			a->screens[r->screen]->result(a, r);
			app_say(a, "%s", _("Not confirmed: nothing was done."));
			req_free(&r);
		}
		return;
	case MODAL_NONE:
		return;
	}
}

static void on_key(struct app *a, const struct key *k)
{
	struct screen *s = a->screens[a->cur];
	enum action act = keymap_lookup(a->km, s->name, k);
	int flags;

	/* Typed ahead of an answer that decides where keys go: kept until it
	 * comes (typeahead_settle), and traced when used, as what it did then.
	 * Esc is not kept: it goes back, and what was typed for the step after
	 * goes with it. */
	if (!a->locked && a->modal == MODAL_NONE && !(k->is_key && k->ch == KEY_RESIZE) && act != ACT_REDRAW &&
	    s->holds_keys && s->holds_keys(a)) {
		if (act != ACT_BACK) {
			if (a->nheld < (int)(sizeof a->ahead / sizeof a->ahead[0]))
				a->ahead[a->nheld] = *k;
			a->nheld++;
			a->last_key_ms = a->busy_ms = now_ms(); /* typing: not idle */
			return;
		}
		a->nheld = 0;
	}
	if (a->trace)
		trace_key(a, act);
	/* A password's characters are never shown, not even by --presenter. */
	if (a->locked)
		a->last_key[0] = '\0';
	else
		key_describe(k, a->last_key, sizeof a->last_key);
	a->message[0] = '\0';
	a->message_fresh = a->message_refusal = false;
	a->dirty = true;
	if (k->is_key && k->ch == KEY_RESIZE)
		return;
	a->last_key_ms = a->busy_ms = now_ms();
	if (act == ACT_REDRAW) {
		clearok(curscr, TRUE);
		return;
	}
	if (a->locked) {
		lock_key(a, k);
		return;
	}
	if (a->modal != MODAL_NONE) {
		modal_key(a, act, k);
		if (a->modal == MODAL_NONE && a->stale)
			app_stale(a);
		return;
	}
	/* Esc while a ":" command runs stops it (the screen's own keys wait). */
	if (act == ACT_BACK && command_running(a) && !(s->typing && s->typing(a))) {
		command_cancel(a);
		return;
	}
	if (act == ACT_BACK && app_loading(a, a->cur) && !(s->typing && s->typing(a))) {
		cancel_screen(a);
		return;
	}
	flags = s->key(a, act, k);
	if (!(flags & (R_UNHANDLED | R_BACK)))
		return;
	if (flags & R_BACK)
		act = ACT_BACK;
	if (ACT_IS_GOTO(act)) {
		app_show(a, ACT_GOTO_SCREEN(act));
		return;
	}
	switch (act) {
	case ACT_QUIT:
	case ACT_BACK:
		if (a->cur != SCR_HOME)
			app_show(a, SCR_HOME);
		else
			a->modal = MODAL_QUIT;
		break;
	case ACT_HELP:
		a->modal = MODAL_HELP;
		a->help_top = 0;
		break;
	case ACT_SEARCH:
		if (s->find) {
			a->modal = MODAL_FIND;
			field_clear(&a->find);
		} else
			app_say(a, "%s", _("There is no list to search on this screen."));
		break;
	case ACT_COMMAND:
		a->modal = MODAL_COMMAND;
		field_clear(&a->cmdline);
		a->hpos = a->nhistory;
		break;
	case ACT_REFRESH:
		app_reload_accounts(a);
		app_show(a, a->cur);
		break;
	case ACT_PRIVACY:
		a->privacy = !a->privacy;
		app_say(a, "%s", a->privacy ? _("Privacy mode on: balances and account numbers are hidden.")
					    : _("Privacy mode off."));
		break;
	case ACT_LOCK:
		lock(a, LOCK_ASKED);
		break;
	case ACT_CLOCK_DAY:
		move_clock(a, false);
		break;
	case ACT_CLOCK_MONTH:
		move_clock(a, true);
		break;
	default:
		break;
	}
}

/* A signal that ends bankterm (SIGINT, SIGTERM, SIGHUP): the loop ends and
 * the terminal is given back (no raw mode, no alternate screen, no balances
 * left showing); the demo bank is stopped as on a quit. */
static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig)
{
	stop_signal = sig;
}

/* Ctrl-Z: the terminal back to the shell until fg, then the screen whole again. */
static void suspend(struct app *a)
{
	endwin();
	fflush(stdout);
	raise(SIGTSTP);
	/* Continued. */
	refresh();
	clearok(curscr, TRUE);
	a->dirty = true;
}

/* Ctrl-C: what was open is let go (a question answered no), and quitting is
 * asked, as q asks on Home; Ctrl-C at that question quits.  On the lock
 * screen (lock_key) it quits at once: nothing is shown there to lose. */
static void interrupt(struct app *a)
{
	if (a->modal == MODAL_QUIT) {
		a->modal = MODAL_NONE;
		a->quit = true;
		return;
	}
	if (a->modal != MODAL_NONE) {
		/* Esc, as each of them takes it: a question is answered no, a code or a command cancelled. */
		struct key esc = { 27, false };
		on_key(a, &esc);
	}
	/* What would not let go (a command still finishing) is left to finish. */
	if (a->modal == MODAL_NONE)
		a->modal = MODAL_QUIT;
	a->dirty = true;
}

static void read_keys(struct app *a)
{
	wint_t ch;
	int rc;

	while ((rc = get_wch(&ch)) != ERR) {
		struct key k = { ch, rc == KEY_CODE_YES };
		/* Raw mode reads Ctrl-C and Ctrl-Z as keys: they do what a terminal user expects. */
		if (rc == OK && ch == 3 && !a->locked) {
			interrupt(a);
			if (a->quit)
				return;
			continue;
		}
		if (rc == OK && ch == 26) {
			suspend(a);
			continue;
		}
		on_key(a, &k);
		if (a->quit)
			return;
	}
}

/* --- setup ------------------------------------------------------------------------------------ */

static void on_cancel(void *ctx)
{
	struct run *c = ctx;
	session_interrupt(&c->s);
}

static void warn_key(void *ctx, const char *msg)
{
	struct app *a = ctx;
	if (!*a->message)
		app_say(a, "%s", msg);
}

static void free_job(struct job *j)
{
	struct req *r = (struct req *)j;
	req_free(&r);
}

/* The config's shortcuts whose keys can be read; a key that hides one of
 * Home's own is said (the shortcut wins: the user chose it). */
static void load_shortcuts(struct app *a)
{
	const struct config *cfg = &a->c->cfg;
	char msg[512];

	for (size_t i = 0; i < cfg->nshortcuts; i++) {
		const struct shortcut *sc = &cfg->shortcuts[i];
		struct key k;
		enum action hidden;
		if (!key_parse(sc->key, &k)) {
			/* L10N: the config file, its line, then what was written as a key. */
			snprintf(msg, sizeof msg, _("%s:%d: '%s' is not a key name"), cfg->path ? cfg->path : "config",
				 sc->line, sc->key);
			warn_key(a, msg);
			continue;
		}
		if (a->nshortcuts == (int)(sizeof a->shortcuts / sizeof a->shortcuts[0])) {
			snprintf(msg, sizeof msg, _("%s:%d: Home has room for %d shortcuts; this one is left out"),
				 cfg->path ? cfg->path : "config", sc->line, a->nshortcuts);
			warn_key(a, msg);
			break;
		}
		if ((hidden = keymap_lookup(a->km, "home", &k)) != ACT_NONE) {
			/* L10N: the config file and line, a key, then what that key did before. */
			snprintf(msg, sizeof msg, _("%s:%d: the shortcut on %s hides '%s' on Home"),
				 cfg->path ? cfg->path : "config", sc->line, sc->key, action_info(hidden)->name);
			warn_key(a, msg);
		}
		a->shortcuts[a->nshortcuts].k = k;
		a->shortcuts[a->nshortcuts++].sc = sc;
	}
}

static int find_screen(struct app *a, const char *name)
{
	for (int i = 0; i < SCR_COUNT; i++)
		if (!strcmp(a->screens[i]->name, name))
			return i;
	return -1;
}

static int snapshot(struct app *a, const struct cli_ui_options *o)
{
	FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
	SCREEN *scr;
	char num[16];
	int i = find_screen(a, o->snapshot);

	if (i < 0) {
		fprintf(stderr, _("%s: no screen called '%s'; the screens are:"), PACKAGE, o->snapshot);
		for (int s = 0; s < SCR_COUNT; s++)
			fprintf(stderr, " %s", a->screens[s]->name);
		fputc('\n', stderr);
		if (out)
			fclose(out);
		if (in)
			fclose(in);
		return EXIT_USAGE;
	}
	/* The size comes from the environment: curses reads LINES and COLUMNS first. */
	snprintf(num, sizeof num, "%d", o->rows);
	setenv("LINES", num, 1);
	snprintf(num, sizeof num, "%d", o->cols);
	setenv("COLUMNS", num, 1);
	if (!out || !in || !(scr = newterm("xterm", out, in))) {
		fprintf(stderr, _("%s: cannot set up a screen to draw into\n"), PACKAGE);
		if (out)
			fclose(out);
		if (in)
			fclose(in);
		return EXIT_ERROR;
	}
	a->snapshot = true;
	theme_set(a, a->theme);
	app_reload_accounts(a);
	app_show(a, i);
	settle(a);
	draw(a);
	for (int y = 0; y < a->rows; y++) {
		wchar_t line[1024];
		char mb[4096];
		int n = mvinnwstr(y, 0, line, a->cols < 1023 ? a->cols : 1023);
		size_t len;
		if (n < 0)
			n = 0;
		line[n] = L'\0';
		len = wcstombs(mb, line, sizeof mb - 1);
		if (len == (size_t)-1)
			len = 0;
		mb[len] = '\0';
		while (len > 0 && mb[len - 1] == ' ')
			mb[--len] = '\0';
		puts(mb);
	}
	endwin();
	delscreen(scr);
	fclose(out);
	fclose(in);
	return EXIT_OK;
}

/* The new screen waits (see struct app): at least a gap the screen reader
 * sees as two updates, then until its data is in or the hold is over. */
static bool holding(struct app *a)
{
	long long now = now_ms();

	if (!a->reader || !a->hold_until)
		return false;
	if (now < a->gap_until || (now < a->hold_until && app_loading(a, a->cur)))
		return true;
	a->hold_until = 0;
	return false;
}

static int run(struct app *a)
{
	struct pollfd p[3];

	/* ncurses 6.4 sends what it has after every cursor move until the
	 * screen has once been left and taken back: a frame of the history
	 * was a hundred writes, each waking the terminal (3 to 5 ms a frame
	 * under tmux).  Left and taken back at once, before the terminal's
	 * modes are set, a frame is one write.  Harmless where ncurses has no
	 * such habit. */
	initscr();
	refresh();
	endwin();
	refresh();
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	/* The hardware cursor is where a screen reader and a braille display read. */
	curs_set(1);
	leaveok(stdscr, FALSE);
	theme_set(a, a->theme);
	app_reload_accounts(a);
	app_show(a, SCR_HOME);
	a->last_key_ms = now_ms();
	signal(SIGINT, on_stop_signal);
	signal(SIGTERM, on_stop_signal);
	signal(SIGHUP, on_stop_signal);
	while (!a->quit && !stop_signal) {
		int timeout, wake;
		if (a->idle_lock > 0 && !a->locked && a->last_key_ms + a->idle_lock * 1000 <= now_ms())
			lock(a, LOCK_IDLE);
		wake = wake_due(a);
		if (a->dirty && !holding(a))
			draw(a);
		/* After the frame, so what it asked for (the history fetches pages
		 * as the view nears them) goes first: the long-poll starts only
		 * when nothing is pending, and steps aside when something is. */
		timeout = maybe_poll(a);
		yield_poll(a);
		if (wake >= 0 && wake < INT_MAX && (timeout < 0 || wake + 1 < timeout))
			timeout = wake + 1;
		if (a->dirty && holding(a)) {
			long long left = (now_ms() < a->gap_until ? a->gap_until : a->hold_until) - now_ms();
			if (timeout < 0 || left + 1 < timeout)
				timeout = left < 1 ? 1 : (int)left + 1;
		}
		if (a->idle_lock > 0 && !a->locked) {
			long long left = a->last_key_ms + a->idle_lock * 1000 - now_ms();
			if (left < 1)
				left = 1;
			if (timeout < 0 || left < timeout)
				timeout = left > INT_MAX ? INT_MAX : (int)left;
		}
		p[0] = (struct pollfd){ STDIN_FILENO, POLLIN, 0 };
		p[1] = (struct pollfd){ worker_fd(a->worker), POLLIN, 0 };
		p[2] = (struct pollfd){ command_fd(a), POLLIN, 0 };
		if (poll(p, 3, timeout) < 0) {
			if (errno == EINTR) {
				if (stop_signal)
					break;
				read_keys(a); /* a resize arrives as KEY_RESIZE */
				continue;
			}
			break;
		}
		if (p[1].revents)
			drain(a);
		if (p[2].revents)
			command_asked(a);
		if (p[0].revents & (POLLHUP | POLLERR))
			break;
		if (p[0].revents)
			read_keys(a);
	}
	/* The shell's prompt comes back on a line of its own, after the screen:
	 * the cursor on the last line, then a newline (read by a screen reader). */
	move(LINES - 1, 0);
	clrtoeol();
	refresh();
	endwin();
	fputc('\n', stdout);
	fflush(stdout);
	/* Ended by a signal: the status says so, as the shell expects (128 + its number). */
	if (stop_signal)
		return 128 + (int)stop_signal;
	if (*a->ended_by.code) {
		char *safe = text_sanitize(a->ended_by.message, strlen(a->ended_by.message), 0);
		fprintf(stderr, "%s: %s\n", PACKAGE, safe);
		free(safe);
		return EXIT_ERROR;
	}
	return EXIT_OK;
}

int ui_main(struct run *c, const struct cli_ui_options *o)
{
	struct app a = { 0 };
	int rc;

	if (o->check)
		return ui_terminal_check();

	a.c = c;
	a.poll_after = -1; /* until the first answer says where the alerts are */
	a.presenter = o->presenter;
	a.trace = o->trace;
	a.privacy = o->presenter;
	a.idle_lock = c->profile ? c->profile->idle_lock : 300;
	a.reader = o->screen_reader || (c->profile && c->profile->screen_reader);
	a.live_alerts = !c->profile || c->profile->live_alerts;
	a.theme = c->profile ? theme_find(c->profile->theme) : 0;
	if (a.theme < 0)
		a.theme = 0;
	for (int i = 0; i < SCR_COUNT; i++)
		a.screens[i] = ui_screens[i].screen;
	/* The config's problems were said on the terminal before the screen
	 * took it: said here too, or they would be seen only after quitting. */
	if (c->config_problems)
		app_say(&a,
			ngettext("The config file has %d problem: %s", "The config file has %d problems; the first: %s",
				 (unsigned long)c->config_problems),
			c->config_problems, c->config_first);
	a.km = keymap_new(&c->cfg, warn_key, &a);
	load_shortcuts(&a);
	a.worker = worker_new(on_cancel, c);
	command_init(&a);
	if (!a.worker) {
		fprintf(stderr, _("%s: cannot start the network thread\n"), PACKAGE);
		keymap_free(&a.km);
		return EXIT_ERROR;
	}
	for (int i = 0; i < SCR_COUNT; i++)
		a.state[i] = xcalloc(1, a.screens[i]->state_size);
	if (o->snapshot) {
		rc = snapshot(&a, o);
	} else if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, _("%s: the full-screen interface needs a terminal; give a command, or --snapshot\n"),
			PACKAGE);
		rc = EXIT_USAGE;
	} else {
		rc = run(&a);
	}
	command_close(&a);
	worker_free(&a.worker, free_job);
	command_free(&a);
	req_free(&a.stepup);
	for (int i = 0; i < a.nhistory; i++)
		free(a.history[i]);
	keymap_free(&a.km);
	free(a.accounts);
	for (int i = 0; i < SCR_COUNT; i++) {
		if (a.screens[i]->forget)
			a.screens[i]->forget(a.state[i]);
		free(a.state[i]);
	}
	return rc;
}
