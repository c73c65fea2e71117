/* scr_support.c: talking to the bank.  The customer's conversations, unread
 * said in words; one conversation read line by line (each message its
 * sender and time, then its text, then the articles the bank suggests),
 * with a reply of several lines under it; a new conversation, about a
 * transaction, a transfer or a bill when asked from there ("ask the bank
 * about this"); and "find an answer": the bank's help articles, which follow
 * the typing, one opened in a pager that wraps.
 *
 * A reply from the bank arrives through the live alerts: the conversation
 * is fetched again, and what the person is typing, and where, stays as it
 * was (the reply field is this screen's own; only a key edits it). */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"
#include "text.h"
#include "tui.h"
#include "view.h"
#include "xalloc.h"

enum { T_LIST, T_THREAD, T_NEW, T_REPLY, T_CLOSE, T_FIND, T_ARTICLE, T_LEAVE, T_CLOSE_Q };

enum mode { M_LIST, M_THREAD, M_NEW, M_FIND, M_ARTICLE };

/* Where the keys go in a conversation, and in a new one. */
enum { F_PAGER, F_REPLY, F_SEND };
enum { N_SUBJECT, N_MESSAGE, N_SEND, N_COUNT };

/* A line of a pager: text drawn as it is (already wrapped), and what Enter does on it. */
struct pline {
	char *text;
	int indent;
	enum { PL_TEXT, PL_HEAD, PL_ARTICLE, PL_RATE } kind;
	char article[HELP_ID_MAX];
};

struct pager {
	struct pline *lines;
	int n, cap;
	int width; /* what the lines were wrapped for; 0: build again */
	struct list l;
};

static const struct view_column hit_cols[] = {
	{ "id", V_TEXT, "", false },
	{ "title", V_TEXT, "", false },
	{ "summary", V_TEXT, "", true },
};

struct support_state {
	enum mode mode;
	enum mode article_from; /* where Esc leaves an article for */
	/* the list */
	struct support_thread *threads;
	size_t nthreads;
	bool loaded, failed;
	struct list l;
	/* a conversation */
	struct support_thread t;
	bool t_loaded, t_failed;
	char open_id[SUPPORT_ID_MAX];
	struct pager tp;
	int focus;
	struct area reply;
	bool sending;
	bool rated;       /* the rating was asked for this run */
	bool opened_news; /* the conversation was unread when opened */
	enum { FOLLOW_NONE, FOLLOW_END, FOLLOW_NEWEST } follow; /* where the pager goes when next built */
	/* a new conversation */
	struct field subject;
	struct area body;
	char about[SUPPORT_ID_MAX];
	char about_words[300];
	int nfocus;
	enum mode new_from;
	int return_to; /* asked about from another screen: Esc goes back there (-1: none) */
	/* find an answer */
	struct field q;
	char asked[sizeof ((struct field *)0)->buf];
	json_object *hits;
	bool hits_failed, in_hits;
	struct list hl;
	enum mode find_from;
	/* an article */
	struct help_doc art;
	bool art_loaded, art_failed;
	struct pager ap;
};

static struct support_state *state(struct app *a)
{
	return a->state[SCR_SUPPORT];
}

/* --- pagers ----------------------------------------------------------------------------- */

static void pager_clear(struct pager *p)
{
	for (int i = 0; i < p->n; i++)
		free(p->lines[i].text);
	p->n = 0;
	p->width = 0;
}

static struct pline *pager_add(struct pager *p, const char *s, size_t n, int indent, int kind)
{
	struct pline *l;

	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->lines = xrealloc(p->lines, (size_t)p->cap * sizeof *p->lines);
	}
	l = &p->lines[p->n++];
	*l = (struct pline){ xstrndup(s, n), indent, kind, "" };
	return l;
}

/* text wrapped to w columns less indent, each row a line; a row of a list
 * item ("- ") after its first hangs under its text. */
static void pager_wrap(struct pager *p, const char *text, int w, int indent, int kind, const char *article)
{
	const char *s = text;

	while (s) {
		const char *next;
		bool item = !strncmp(s, "- ", 2);
		size_t n = text_wrap(s, w - indent, &next);
		struct pline *l = pager_add(p, s, n, indent, kind);
		if (article)
			snprintf(l->article, sizeof l->article, "%s", article);
		while (item && next && s[n] != '\n' && s[n]) {
			s = next;
			n = text_wrap(s, w - indent - 2, &next);
			l = pager_add(p, s, n, indent + 2, kind);
			if (article)
				snprintf(l->article, sizeof l->article, "%s", article);
		}
		s = next;
	}
}

static void pager_row(struct app *a, void *ctx, long i, int y, int x, int w, bool sel)
{
	struct pager *p = ctx;
	const struct pline *l = &p->lines[i];

	(void)sel;
	if (l->kind == PL_HEAD)
		ui_on(a, ROLE_HEADING);
	ui_text(y, x + l->indent, w - l->indent, l->text, 0);
	if (l->kind == PL_HEAD)
		ui_off(a, ROLE_HEADING);
}

/* --- the conversation as lines ------------------------------------------------------------ */

static void build_thread(struct app *a, int w)
{
	struct support_state *st = state(a);
	struct pager *p = &st->tp;
	char line[1024];

	pager_clear(p);
	p->width = w;
	w -= 2; /* the list's marker column */
	for (size_t i = 0; i < st->t.nmessages; i++) {
		const struct support_message *m = &st->t.messages[i];
		char who[API_NAME_MAX + 64], when[17];
		support_sender_words(m, &st->t, false, who, sizeof who);
		support_when(m->at, when);
		if (i)
			pager_add(p, "", 0, 0, PL_TEXT);
		/* A message is one unit: who, when, then its text. */
		snprintf(line, sizeof line, "%s, %s", who, when);
		pager_wrap(p, line, w, 0, PL_HEAD, NULL);
		pager_wrap(p, m->body, w, 2, PL_TEXT, NULL);
		for (size_t k = 0; k < m->narticles; k++) {
			/* L10N: an article the bank suggests, in a conversation on the full screen; Enter opens it. */
			snprintf(line, sizeof line, _("- %s (Enter to read)"), m->articles[k].title);
			pager_wrap(p, line, w, 2, PL_ARTICLE, m->articles[k].id);
		}
	}
	if (!st->t.open) {
		pager_add(p, "", 0, 0, PL_TEXT);
		pager_wrap(p, _("This conversation is closed."), w, 0, PL_TEXT, NULL);
		if (st->t.closed_by_staff)
			/* L10N: a line of a conversation the bank closed; Enter on it asks for a rating. */
			pager_wrap(p, _("How did we do? Press Enter here to rate the help."), w, 0, PL_RATE, NULL);
	}
}

static void build_article(struct app *a, int w)
{
	struct pager *p = &state(a)->ap;

	pager_clear(p);
	p->width = w;
	w -= 2; /* the list's marker column */
	pager_wrap(p, state(a)->art.title, w, 0, PL_HEAD, NULL);
	pager_add(p, "", 0, 0, PL_TEXT);
	pager_wrap(p, state(a)->art.body, w, 0, PL_TEXT, NULL);
}

/* --- requests -------------------------------------------------------------------------- */

static void load_list(struct app *a)
{
	char path[64];

	support_threads_path(NULL, path, sizeof path);
	app_get(a, T_LIST, 0, path);
}

static void load_thread(struct app *a)
{
	char path[128], msg[200];

	if (support_thread_path(state(a)->open_id, path, sizeof path, msg, sizeof msg))
		app_get(a, T_THREAD, 0, path);
}

static void open_thread(struct app *a, const char *id, bool unread)
{
	struct support_state *st = state(a);

	if (strcmp(st->open_id, id)) {
		support_thread_clear(&st->t);
		st->t_loaded = false;
		pager_clear(&st->tp);
		st->tp.l = (struct list){ 0 };
		area_clear(&st->reply);
	}
	snprintf(st->open_id, sizeof st->open_id, "%s", id);
	app_fresh_view(a);
	st->opened_news = unread;
	st->t_failed = false;
	st->focus = F_PAGER;
	st->mode = M_THREAD;
	load_thread(a);
}

/* Searches the help for what is typed now, stopping the search before it. */
static void search(struct app *a)
{
	struct support_state *st = state(a);
	char path[SUPPORT_PATH_MAX], msg[200];

	snprintf(st->asked, sizeof st->asked, "%s", st->q.buf);
	app_cancel(a, SCR_SUPPORT, T_FIND);
	if (!support_help_path(st->q.buf, path, sizeof path, msg, sizeof msg)) {
		app_refuse(a, "%s", msg);
		return;
	}
	st->hits_failed = false;
	app_get(a, T_FIND, 0, path);
}

static void open_article(struct app *a, const char *id)
{
	struct support_state *st = state(a);
	char path[128], msg[200];

	if (!support_article_path(id, path, sizeof path, msg, sizeof msg))
		return;
	support_article_clear(&st->art);
	st->art_loaded = st->art_failed = false;
	pager_clear(&st->ap);
	st->ap.l = (struct list){ 0 };
	st->article_from = st->mode;
	st->mode = M_ARTICLE;
	app_fresh_view(a);
	app_get(a, T_ARTICLE, 0, path);
}

static void start_new(struct app *a, const char *about, const char *about_words, const char *subject)
{
	struct support_state *st = state(a);

	st->new_from = st->mode == M_NEW ? M_LIST : st->mode;
	st->mode = M_NEW;
	snprintf(st->about, sizeof st->about, "%s", about ? about : "");
	snprintf(st->about_words, sizeof st->about_words, "%s", about_words ? about_words : "");
	field_set(&st->subject, subject ? subject : "");
	area_clear(&st->body);
	st->nfocus = subject && *subject ? N_MESSAGE : N_SUBJECT;
	st->return_to = -1;
}

/* Leaves a new conversation: for the screen it was asked from, or the view before. */
static void leave_new(struct app *a)
{
	struct support_state *st = state(a);

	area_clear(&st->body);
	st->mode = st->new_from;
	if (st->return_to >= 0 && st->return_to != SCR_SUPPORT) {
		int to = st->return_to;
		st->return_to = -1;
		st->mode = M_LIST;
		app_show(a, to);
		return;
	}
	if (st->mode == M_LIST)
		load_list(a);
}

void support_ask_about(struct app *a, const char *about, const char *about_words, const char *subject)
{
	int from = a->cur;

	app_show(a, SCR_SUPPORT);
	start_new(a, about, about_words, subject);
	state(a)->return_to = from;
	a->dirty = true;
}

static void enter(struct app *a)
{
	struct support_state *st = state(a);

	st->mode = M_LIST;
	st->failed = false;
	load_list(a);
}

/* News from the bank (a reply, a close): what is shown is fetched again;
 * a field being typed in keeps its text and its place. */
static void reload(struct app *a)
{
	struct support_state *st = state(a);

	if (st->mode == M_THREAD)
		load_thread(a);
	else if (st->mode == M_LIST)
		load_list(a);
}

/* A conversation came in whole (opened, fetched again, or the answer to a post). */
static bool take_thread(struct app *a, json_object *doc)
{
	struct support_state *st = state(a);
	struct support_thread t = { 0 };
	struct api_error err = { 0 };
	bool was_open = st->t_loaded && st->t.open;

	if (!support_thread_decode(doc, &t, &err)) {
		app_error(a, &err);
		return false;
	}
	/* At the end of the conversation, the pager stays at its end: what came in is in sight. */
	/* Opened: the pager starts at the newest message's heading (who, when). */
	st->follow = !st->t_loaded ? FOLLOW_NEWEST : st->tp.l.sel >= st->tp.n - 1 || st->focus != F_PAGER ? FOLLOW_END
													  : FOLLOW_NONE;
	support_thread_clear(&st->t);
	st->t = t;
	st->t_loaded = true;
	st->tp.width = 0; /* its lines again, at the next frame */
	snprintf(st->open_id, sizeof st->open_id, "%s", t.id);
	if (!t.open && st->focus != F_PAGER)
		st->focus = F_PAGER;
	/* Asked when the close is news: seen closing, or unread when opened (an
	 * old conversation read again is not asked about; its last line asks). */
	if (!t.open && t.closed_by_staff && !st->rated && st->mode == M_THREAD && (was_open || st->opened_news)) {
		st->rated = true;
		/* Closed while read, with a reply being written: said, not asked (a
		 * question would take the keys); the line at the end asks. */
		if (was_open && area_chars(&st->reply))
			app_say(a, "%s", _("The bank closed this conversation. How did we do? Rate the help at its end."));
		else
			/* L10N: the lead of the rating question after the bank closed a conversation. */
			app_ask_rating(a, "support", _("The bank closed this conversation."));
	}
	return true;
}

static void result(struct app *a, struct req *r)
{
	struct support_state *st = state(a);
	struct api_error err = { 0 };

	switch (r->tag) {
	case T_LIST:
		if (!r->ok) {
			st->failed = !st->loaded;
			app_error(a, &r->err);
			return;
		}
		{
			struct support_thread *list = NULL;
			size_t n = 0;
			if (!support_threads_decode(r->doc, &list, &n, &err)) {
				st->failed = !st->loaded;
				app_error(a, &err);
				return;
			}
			support_threads_free(st->threads, st->nthreads);
			st->threads = list;
			st->nthreads = n;
			st->loaded = true;
			st->l.count = (long)n;
			list_clamp(&st->l);
		}
		break;
	case T_THREAD:
		if (!r->ok) {
			st->t_failed = !st->t_loaded;
			app_error(a, &r->err);
			return;
		}
		take_thread(a, r->doc);
		break;
	case T_NEW:
		st->sending = false;
		if (!r->ok) {
			app_error(a, &r->err);
			return;
		}
		area_clear(&st->body);
		field_clear(&st->subject);
		st->return_to = -1;
		st->mode = M_THREAD;
		st->focus = F_PAGER;
		support_thread_clear(&st->t);
		st->tp.l = (struct list){ 0 };
		area_clear(&st->reply);
		if (take_thread(a, r->doc))
			app_say(a, "%s", _("Sent. The bank will answer here; you will get an alert when it does."));
		load_list(a);
		break;
	case T_REPLY:
		st->sending = false;
		if (!r->ok) {
			app_error(a, &r->err);
			return;
		}
		area_clear(&st->reply);
		st->focus = F_REPLY;
		take_thread(a, r->doc);
		st->tp.l.sel = LONG_MAX; /* the new message, at the end */
		app_say(a, "%s", _("Your message is sent."));
		break;
	case T_CLOSE:
		if (!r->ok) {
			app_error(a, &r->err);
			return;
		}
		take_thread(a, r->doc);
		app_say(a, "%s", _("The conversation is closed."));
		break;
	case T_FIND:
		if (!ui_accept(a, r, hit_cols, 3, N_("the help articles"), "items", &st->hits)) {
			st->hits_failed = !st->hits && !r->job.cancelled;
			return;
		}
		st->hl = (struct list){ 0 };
		st->hl.count = (long)json_object_array_length(jarr(st->hits, "items"));
		if (!st->hl.count && st->in_hits)
			st->in_hits = false;
		break;
	case T_ARTICLE:
		if (!r->ok) {
			st->art_failed = true;
			app_error(a, &r->err);
			return;
		}
		if (!support_article_decode(r->doc, &st->art, &err)) {
			st->art_failed = true;
			app_error(a, &err);
			return;
		}
		st->art_loaded = true;
		st->ap.width = 0;
		break;
	}
}

/* --- drawing --------------------------------------------------------------------------- */

static void heading(struct app *a, int y, int w, const char *text)
{
	ui_on(a, ROLE_HEADING);
	ui_text(y, 2, w, text, 0);
	ui_off(a, ROLE_HEADING);
}

static void thread_row(struct app *a, void *ctx, long i, int y, int x, int w, bool sel)
{
	const struct support_thread *t = &state(a)->threads[i];
	char when[17];
	const char *status = t->open ? C_("state", "open") : _("closed"), *unread = support_state_words(t);
	int sw = ui_wider(C_("state", "open"), _("closed")), uw = text_width(_("unread")), ww = w >= 70 ? 16 : 10;

	(void)ctx;
	(void)sel;
	support_when(t->updated, when);
	/* Narrow: the day alone. */
	if (ww < 16)
		when[10] = '\0';
	ui_text(y, x, ww, when, 0);
	ui_text(y, x + ww + 1, w - ww - 1 - sw - 1 - uw - 1, t->subject, 0);
	ui_label(y, x + w - uw - 1 - sw, sw, status, 0);
	if (*unread)
		ui_on(a, ROLE_BADGE);
	ui_label(y, x + w - uw, uw, unread, 0);
	ui_off(a, ROLE_BADGE);
}

static void hit_row(struct app *a, void *ctx, long i, int y, int x, int w, bool sel)
{
	(void)ctx;
	(void)sel;
	ui_text(y, x, w, jstr(jat(jarr(state(a)->hits, "items"), i), "title"), 0);
}

/* The button that sends, focused or not ("[ Send ]"). */
static void send_button(struct app *a, int y, int x, bool focused)
{
	char b[64];

	/* L10N: the button under a message to the bank. */
	snprintf(b, sizeof b, "[ %s ]", _("Send"));
	if (focused)
		ui_on(a, ROLE_SELECTED);
	ui_label(y, x, text_width(b), b, 0);
	if (focused) {
		ui_off(a, ROLE_SELECTED);
		ui_focus(a, y, x);
	}
}

/* What a message may still hold, under the field: "3,990 characters left". */
static void chars_left(struct app *a, int y, int x, int w, const struct area *ar)
{
	char s[96];
	long left = SUPPORT_MESSAGE_MAX - area_chars(ar);

	(void)a;
	/* L10N: under a message being written: how many characters it may still take. */
	snprintf(s, sizeof s, ngettext("%ld character left", "%ld characters left", left), left);
	ui_label(y, x, w, s, 1);
}

static void draw_list(struct app *a, int y, int bottom, int w)
{
	struct support_state *st = state(a);
	static const enum action hints[] = { ACT_OPEN, ACT_WRITE, ACT_ANSWERS, ACT_BACK };

	app_hints(a, hints, 4);
	heading(a, y++, w, _("Support: your conversations with the bank"));
	if (!st->loaded) {
		if (st->failed)
			ui_label(y, 4, w, _("The conversations could not be loaded (r to try again)."), 0);
		else
			ui_loading(a, y, 4);
		ui_focus(a, y, 4);
		return;
	}
	st->l.count = (long)st->nthreads;
	if (!st->nthreads) {
		char k1[32], k2[32], s[300];
		keymap_key_for(a->km, "support", ACT_WRITE, k1, sizeof k1);
		keymap_key_for(a->km, "support", ACT_ANSWERS, k2, sizeof k2);
		/* L10N: the Support screen with no conversation yet; %1$s and %2$s are keys. */
		snprintf(s, sizeof s, _("No conversations yet. Press %1$s to write to the bank, or %2$s to find an answer."),
			 k1, k2);
		ui_wrap(y, 4, w - 2, bottom - y, s);
		ui_focus(a, y, 4);
		return;
	}
	list_draw(a, &st->l, y, 2, bottom - y - 1, w, thread_row, NULL);
	list_more(a, &st->l, bottom - 1, 2, w);
}

static void draw_thread(struct app *a, int y, int bottom, int w)
{
	struct support_state *st = state(a);
	static const enum action hints[] = { ACT_NEXT_FIELD, ACT_OPEN, ACT_CLOSE, ACT_BACK };
	static const enum action closed_hints[] = { ACT_OPEN, ACT_BACK };
	char line[SUPPORT_SUBJECT_MAX * 4 + 64];
	int ah = bottom - y >= 18 ? 4 : 2, ph, cy = 0, cx = 0;
	bool reply = st->t_loaded && st->t.open;

	if (!st->t_loaded) {
		app_hints(a, closed_hints + 1, 1);
		heading(a, y++, w, _("Conversation"));
		if (st->t_failed)
			ui_label(y, 4, w, _("The conversation could not be loaded (r to try again)."), 0);
		else
			ui_loading(a, y, 4);
		ui_focus(a, y, 4);
		return;
	}
	app_hints(a, reply ? hints : closed_hints, reply ? 4 : 2);
	/* L10N: a conversation's heading: its subject, then its state in words. */
	snprintf(line, sizeof line, _("%s (%s)"), st->t.subject, st->t.open ? C_("state", "open") : _("closed"));
	heading(a, y++, w, line);
	ph = bottom - y - (reply ? ah + 2 : 0);
	if (ph < 1)
		ph = 1;
	if (st->tp.width != w) {
		build_thread(a, w);
		if (st->follow == FOLLOW_END)
			st->tp.l.sel = st->tp.n - 1;
		else if (st->follow == FOLLOW_NEWEST)
			for (int i = st->tp.n - 1; i >= 0; i--)
				if (st->tp.lines[i].kind == PL_HEAD) {
					st->tp.l.sel = i;
					/* Its heading at the top, unless the end would leave rows empty. */
					st->tp.l.top = st->tp.n - i < ph ? (st->tp.n > ph ? st->tp.n - ph : 0) : i;
					break;
				}
		st->follow = FOLLOW_NONE;
	}
	st->tp.l.count = st->tp.n;
	list_clamp(&st->tp.l);
	list_draw(a, &st->tp.l, y, 2, ph, w, pager_row, &st->tp);
	if (st->focus == F_PAGER) {
		cy = a->cur_y;
		cx = a->cur_x;
	}
	if (!reply)
		return;
	y += ph;
	/* L10N: the label of the field for a reply; Tab moves to Send. */
	ui_label(y, 2, w, _("Your reply (Tab: Send):"), 0);
	y++;
	area_draw(a, &st->reply, y, 2, w, ah, st->focus == F_REPLY);
	y += ah;
	send_button(a, y, 2, st->focus == F_SEND);
	chars_left(a, y, 14, w - 12, &st->reply);
	if (st->focus == F_REPLY) {
		/* area_draw put the focus at the insertion point. */
	} else if (st->focus == F_PAGER) {
		ui_focus(a, cy, cx);
	} else {
		ui_focus(a, y, 2);
	}
}

static void draw_new(struct app *a, int y, int bottom, int w)
{
	struct support_state *st = state(a);
	static const enum action hints[] = { ACT_NEXT_FIELD, ACT_BACK };
	char line[400];
	int fx, ah, fy = 0;

	app_hints(a, hints, 2);
	heading(a, y++, w, _("New conversation with the bank"));
	fx = ui_field_label(y, 2, _("Subject:"));
	field_draw(a, &st->subject, y, fx + 1, w + 2 - fx - 1);
	if (st->nfocus == N_SUBJECT)
		fy = y;
	y++;
	if (*st->about) {
		/* L10N: what a new conversation is about: a transaction, transfer or bill, in words. */
		snprintf(line, sizeof line, _("About: %s"), st->about_words);
		ui_text(y++, 2, w, line, 0);
	}
	ui_label(y++, 2, w, _("Message (Tab: Send):"), 0);
	ah = bottom - y - 1;
	if (ah < 1)
		ah = 1;
	area_draw(a, &st->body, y, 2, w, ah, st->nfocus == N_MESSAGE);
	y += ah;
	send_button(a, y, 2, st->nfocus == N_SEND);
	chars_left(a, y, 14, w - 12, &st->body);
	if (st->nfocus == N_SUBJECT)
		field_draw(a, &st->subject, fy, fx + 1, w + 2 - fx - 1); /* the focus back in the subject */
	else if (st->nfocus == N_SEND)
		ui_focus(a, y, 2);
}

static void draw_find(struct app *a, int y, int bottom, int w)
{
	struct support_state *st = state(a);
	static const enum action hints[] = { ACT_DOWN, ACT_OPEN, ACT_BACK };
	int fx, fy = y + 1, lh;
	json_object *hit;

	app_hints(a, hints, 3);
	heading(a, y++, w, _("Find an answer in the bank's help"));
	fx = ui_field_label(y, 2, _("Question:"));
	field_draw(a, &st->q, y, fx + 1, w + 2 - fx - 1);
	y += 2;
	if (!st->hits) {
		if (st->hits_failed)
			ui_label(y, 4, w, _("The help could not be searched (r to try again)."), 0);
		else
			ui_loading(a, y, 4);
		if (!st->in_hits)
			field_draw(a, &st->q, fy, fx + 1, w + 2 - fx - 1);
		return;
	}
	st->hl.count = (long)json_object_array_length(jarr(st->hits, "items"));
	if (!st->hl.count) {
		ui_label(y, 4, w, _("No help article answers that. Try other words, or write to the bank."), 0);
		field_draw(a, &st->q, fy, fx + 1, w + 2 - fx - 1);
		return;
	}
	/* The titles, then the selected article's first lines under them, whole
	 * when the rows allow (the list gives up rows for them, down to three). */
	hit = jat(jarr(st->hits, "items"), st->hl.sel);
	{
		int need = 0;
		const char *s = hit ? jstr(hit, "summary") : NULL, *next;
		for (; s && *s; s = next, need++)
			if (!text_wrap(s, w - 2, &next) && !next)
				break;
		lh = bottom - y - 1 - need;
		if (lh > st->hl.count)
			lh = (int)st->hl.count;
		if (lh < 3)
			lh = st->hl.count < 3 ? (int)st->hl.count : 3;
		if (lh < 1)
			lh = 1;
	}
	list_draw(a, &st->hl, y, 2, lh, w, hit_row, NULL);
	{
		int cy = a->cur_y, cx = a->cur_x;
		if (hit && bottom - (y + lh) >= 2)
			ui_wrap(y + lh + 1, 4, w - 2, bottom - (y + lh) - 1, jstr(hit, "summary"));
		ui_focus(a, cy, cx);
	}
	if (!st->in_hits)
		field_draw(a, &st->q, fy, fx + 1, w + 2 - fx - 1);
}

static void draw_article(struct app *a, int y, int bottom, int w)
{
	struct support_state *st = state(a);
	static const enum action hints[] = { ACT_DOWN, ACT_PAGE_DOWN, ACT_BACK };

	app_hints(a, hints, 3);
	if (!st->art_loaded) {
		heading(a, y++, w, _("Help article"));
		if (st->art_failed)
			ui_label(y, 4, w, _("The article could not be loaded."), 0);
		else
			ui_loading(a, y, 4);
		ui_focus(a, y, 4);
		return;
	}
	if (st->ap.width != w)
		build_article(a, w);
	st->ap.l.count = st->ap.n;
	list_clamp(&st->ap.l);
	list_draw(a, &st->ap.l, y, 2, bottom - y - 1, w, pager_row, &st->ap);
	{
		int cy = a->cur_y, cx = a->cur_x;
		list_more(a, &st->ap.l, bottom - 1, 2, w);
		ui_focus(a, cy, cx);
	}
}

static void draw(struct app *a, int top, int h)
{
	struct support_state *st = state(a);
	int y = top + 1, w = a->cols - 4, bottom = top + h;

	switch (st->mode) {
	case M_LIST:
		draw_list(a, y, bottom, w);
		break;
	case M_THREAD:
		draw_thread(a, y, bottom, w);
		break;
	case M_NEW:
		draw_new(a, y, bottom, w);
		break;
	case M_FIND:
		draw_find(a, y, bottom, w);
		break;
	case M_ARTICLE:
		draw_article(a, y, bottom, w);
		break;
	}
}

/* --- keys ------------------------------------------------------------------------------ */

static bool is_tab(const struct key *k)
{
	return !k->is_key && k->ch == '\t';
}

static bool is_btab(const struct key *k)
{
	return k->is_key && k->ch == KEY_BTAB;
}

static bool is_esc(const struct key *k)
{
	return key_is_esc(k);
}

/* The width the message fields wrap at (the screen's, as draw uses). */
static int area_width(const struct app *a)
{
	return a->cols - 4;
}

static void send_reply(struct app *a)
{
	struct support_state *st = state(a);
	struct op op = { 0 };
	char msg[256];

	if (st->sending)
		return;
	if (!support_reply_op(st->t.id, st->reply.buf, &op, msg, sizeof msg)) {
		st->focus = F_REPLY;
		app_refuse(a, "%s", msg);
		return;
	}
	st->sending = true;
	app_op(a, T_REPLY, &op);
	app_say(a, "%s", _("Sending…"));
	op_clear(&op);
}

static void send_new(struct app *a)
{
	struct support_state *st = state(a);
	struct op op = { 0 };
	char msg[256];

	if (st->sending)
		return;
	if (!support_new_op(st->subject.buf, *st->about ? st->about : NULL, st->body.buf, &op, msg, sizeof msg)) {
		/* The field the refusal is about takes the keys again. */
		char subject_ok[256];
		st->nfocus = support_text_ok(st->subject.buf, SUPPORT_SUBJECT_MAX, _("the subject"), subject_ok,
					     sizeof subject_ok)
				     ? N_MESSAGE
				     : N_SUBJECT;
		app_refuse(a, "%s", msg);
		return;
	}
	st->sending = true;
	app_op(a, T_NEW, &op);
	app_say(a, "%s", _("Sending…"));
	op_clear(&op);
}

/* A key a full message field did not take: said once it is full. */
static void maybe_full(struct app *a, const struct area *ar, const struct key *k)
{
	if (!k->is_key && k->ch >= ' ' && area_chars(ar) >= SUPPORT_MESSAGE_MAX)
		/* L10N: %d is the most characters a message to the bank may have. */
		app_refuse(a, _("A message is at most %d characters."), SUPPORT_MESSAGE_MAX);
}

static int key_thread(struct app *a, enum action act, const struct key *k)
{
	struct support_state *st = state(a);
	bool reply = st->t_loaded && st->t.open;

	if (st->focus == F_REPLY) {
		if (is_tab(k)) {
			st->focus = F_SEND;
			return R_REDRAW;
		}
		if (is_btab(k) || is_esc(k)) {
			st->focus = F_PAGER;
			return R_REDRAW;
		}
		if (area_key(&st->reply, k, area_width(a), SUPPORT_MESSAGE_MAX)) {
			maybe_full(a, &st->reply, k);
			return R_REDRAW;
		}
		/* Up from the first row: back to the messages. */
		if (k->is_key && k->ch == KEY_UP) {
			st->focus = F_PAGER;
			return R_REDRAW;
		}
		return R_UNHANDLED; /* F1 and the like */
	}
	if (st->focus == F_SEND) {
		if (act == ACT_OPEN || key_is_enter(k)) {
			send_reply(a);
			return R_REDRAW;
		}
		if (is_tab(k) || is_esc(k)) {
			st->focus = F_PAGER;
			return R_REDRAW;
		}
		if (is_btab(k) || (k->is_key && k->ch == KEY_UP)) {
			st->focus = F_REPLY;
			return R_REDRAW;
		}
		return R_UNHANDLED;
	}
	if ((is_tab(k) || act == ACT_WRITE) && reply) {
		st->focus = F_REPLY;
		return R_REDRAW;
	}
	if (is_btab(k) && reply) {
		st->focus = F_SEND;
		return R_REDRAW;
	}
	if (list_key(&st->tp.l, act))
		return R_REDRAW;
	switch (act) {
	case ACT_OPEN: {
		const struct pline *l = st->tp.l.sel < st->tp.n ? &st->tp.lines[st->tp.l.sel] : NULL;
		if (l && l->kind == PL_ARTICLE)
			open_article(a, l->article);
		else if (l && l->kind == PL_RATE)
			app_ask_rating(a, "support", NULL);
		else if (reply)
			st->focus = F_REPLY;
		return R_REDRAW;
	}
	case ACT_CLOSE:
		if (!reply)
			return R_UNHANDLED;
		/* L10N: the question before the customer closes a conversation. */
		app_confirm(a, T_CLOSE_Q, _("Close this conversation? You can start a new one at any time."));
		return R_REDRAW;
	case ACT_BACK:
		if (area_chars(&st->reply)) {
			app_confirm(a, T_LEAVE, _("Leave without sending your reply? What you wrote is lost."));
			return R_REDRAW;
		}
		st->mode = M_LIST;
		load_list(a);
		return R_REDRAW;
	case ACT_REFRESH:
		load_thread(a);
		return R_REDRAW;
	default:
		return R_UNHANDLED;
	}
}

static int key_new(struct app *a, enum action act, const struct key *k)
{
	struct support_state *st = state(a);

	if (is_tab(k) || is_btab(k)) {
		st->nfocus = (st->nfocus + (is_tab(k) ? 1 : N_COUNT - 1)) % N_COUNT;
		return R_REDRAW;
	}
	if (act == ACT_REFRESH && st->nfocus == N_SEND)
		return R_REDRAW; /* nothing to fetch: what is written stays */
	if (is_esc(k)) {
		if (area_chars(&st->body)) {
			app_confirm(a, T_LEAVE, _("Leave without sending your message? What you wrote is lost."));
			return R_REDRAW;
		}
		leave_new(a);
		return R_REDRAW;
	}
	switch (st->nfocus) {
	case N_SUBJECT:
		if (key_is_enter(k) || (k->is_key && k->ch == KEY_DOWN)) {
			st->nfocus = N_MESSAGE;
			return R_REDRAW;
		}
		return field_key(&st->subject, k) ? R_REDRAW : R_UNHANDLED;
	case N_MESSAGE:
		if (area_key(&st->body, k, area_width(a), SUPPORT_MESSAGE_MAX)) {
			maybe_full(a, &st->body, k);
			return R_REDRAW;
		}
		if (k->is_key && k->ch == KEY_UP) {
			st->nfocus = N_SUBJECT;
			return R_REDRAW;
		}
		if (k->is_key && k->ch == KEY_DOWN) {
			st->nfocus = N_SEND;
			return R_REDRAW;
		}
		return R_UNHANDLED;
	default:
		if (act == ACT_OPEN || key_is_enter(k)) {
			send_new(a);
			return R_REDRAW;
		}
		if (k->is_key && k->ch == KEY_UP) {
			st->nfocus = N_MESSAGE;
			return R_REDRAW;
		}
		return R_UNHANDLED;
	}
}

static int key_find(struct app *a, enum action act, const struct key *k)
{
	struct support_state *st = state(a);

	if (is_esc(k)) {
		app_cancel(a, SCR_SUPPORT, T_FIND);
		st->mode = st->find_from;
		if (st->mode == M_LIST)
			load_list(a);
		return R_REDRAW;
	}
	if (st->in_hits) {
		if (k->is_key && k->ch == KEY_UP && st->hl.sel == 0) {
			st->in_hits = false;
			return R_REDRAW;
		}
		if (list_key(&st->hl, act))
			return R_REDRAW;
		if (act == ACT_REFRESH) {
			search(a);
			return R_REDRAW;
		}
		if (act == ACT_OPEN || key_is_enter(k)) {
			json_object *hit = jat(jarr(st->hits, "items"), st->hl.sel);
			if (hit)
				open_article(a, jstr(hit, "id"));
			return R_REDRAW;
		}
		if (is_tab(k) || is_btab(k)) {
			st->in_hits = false;
			return R_REDRAW;
		}
		/* Typing again: back in the question. */
		if (!k->is_key && k->ch >= ' ' && k->ch != 127) {
			st->in_hits = false;
		} else {
			return R_UNHANDLED;
		}
	}
	if ((k->is_key && k->ch == KEY_DOWN) || is_tab(k) || key_is_enter(k)) {
		if (key_is_enter(k) && strcmp(st->asked, st->q.buf))
			search(a);
		else if (st->hl.count)
			st->in_hits = true;
		return R_REDRAW;
	}
	if (!field_key(&st->q, k))
		return R_UNHANDLED;
	/* As the user types: each change asks again, and stops the search before it. */
	if (strcmp(st->asked, st->q.buf)) {
		if (text_width(st->q.buf) > SUPPORT_QUESTION_MAX) {
			/* L10N: %d is the most characters a question to the help may have. */
			app_refuse(a, _("A question is at most %d characters."), SUPPORT_QUESTION_MAX);
			return R_REDRAW;
		}
		search(a);
	}
	return R_REDRAW;
}

static int key_article(struct app *a, enum action act, const struct key *k)
{
	struct support_state *st = state(a);

	if (is_esc(k) || act == ACT_BACK) {
		st->mode = st->article_from;
		return R_REDRAW;
	}
	if (act == ACT_REFRESH)
		return R_REDRAW;
	if (list_key(&st->ap.l, act))
		return R_REDRAW;
	return R_UNHANDLED;
}

static void start_find(struct app *a)
{
	struct support_state *st = state(a);

	st->find_from = st->mode;
	st->mode = M_FIND;
	st->in_hits = false;
	field_clear(&st->q);
	st->asked[0] = '\0';
	st->hl = (struct list){ 0 };
	json_object_put(st->hits);
	st->hits = NULL;
	search(a); /* every article, until a question narrows them */
}

static int key(struct app *a, enum action act, const struct key *k)
{
	struct support_state *st = state(a);

	switch (st->mode) {
	case M_THREAD:
		return key_thread(a, act, k);
	case M_NEW:
		return key_new(a, act, k);
	case M_FIND:
		return key_find(a, act, k);
	case M_ARTICLE:
		return key_article(a, act, k);
	case M_LIST:
		break;
	}
	if (list_key(&st->l, act))
		return R_REDRAW;
	switch (act) {
	case ACT_OPEN:
		if (st->l.sel < (long)st->nthreads)
			open_thread(a, st->threads[st->l.sel].id, st->threads[st->l.sel].unread);
		return R_REDRAW;
	case ACT_WRITE:
		start_new(a, NULL, NULL, NULL);
		return R_REDRAW;
	case ACT_ANSWERS:
		start_find(a);
		return R_REDRAW;
	default:
		return R_UNHANDLED;
	}
}

static void confirmed(struct app *a, int tag, bool yes)
{
	struct support_state *st = state(a);
	struct op op = { 0 };
	char msg[200];

	if (!yes)
		return;
	if (tag == T_LEAVE) {
		if (st->mode == M_NEW) {
			leave_new(a);
			return;
		}
		area_clear(&st->reply);
		st->mode = M_LIST;
		load_list(a);
	} else if (tag == T_CLOSE_Q && support_close_op(st->t.id, &op, msg, sizeof msg)) {
		app_op(a, T_CLOSE, &op);
	}
	op_clear(&op);
}

static bool typing(struct app *a)
{
	struct support_state *st = state(a);

	return (st->mode == M_THREAD && st->focus == F_REPLY) ||
	       (st->mode == M_NEW && st->nfocus != N_SEND) || (st->mode == M_FIND && !st->in_hits);
}

static bool thread_holds(struct app *a, long i, const char *needle)
{
	const struct support_thread *t = &state(a)->threads[i];

	return text_contains(t->subject, needle);
}

static bool find(struct app *a, const char *needle)
{
	struct support_state *st = state(a);

	return st->mode == M_LIST && list_find(&st->l, thread_holds, a, needle);
}

static void forget(void *state)
{
	struct support_state *st = state;

	support_threads_free(st->threads, st->nthreads);
	support_thread_clear(&st->t);
	pager_clear(&st->tp);
	free(st->tp.lines);
	pager_clear(&st->ap);
	free(st->ap.lines);
	json_object_put(st->hits);
	support_article_clear(&st->art);
	area_clear(&st->reply);
	area_clear(&st->body);
}

struct screen screen_support = {
	.name = "support",
	.title = N_("Support"),
	.enter = enter,
	.draw = draw,
	.key = key,
	.result = result,
	.reload = reload,
	.confirmed = confirmed,
	.typing = typing,
	.find = find,
	.state_size = sizeof(struct support_state),
	.forget = forget,
};
