/* scr_accounts.c: the accounts, and one account's transactions.
 *
 * The history scrolls virtually over the bank's pages: a page is fetched
 * when the view comes near it, and only the pages near the view are kept
 * (each page remembers the cursor that fetches it again), so a million
 * transactions cost a few pages of memory.  The list grows from both ends:
 * down from the newest transaction, page after page, and up from the
 * oldest once End has asked the bank how many there are, so End on a long
 * history is two requests, not one per page.  Search (/) and filters (f)
 * are the bank's own query parameters; Enter shows one transaction in full. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "words.h"

#define PAGE 50
#define KEEP_PAGES 6 /* pages kept on each side of the view */

enum { T_PAGE, T_COUNT, T_TOTAL };

/* Page i holds rows i*PAGE to i*PAGE + PAGE - 1, newest first.  It is
 * fetched newest first after `down` (the first page after ""), or oldest
 * first after `up` and turned round; the oldest page of a counted list is
 * the oldest rows by themselves.  A cursor is known (not NULL) only for
 * pages next to ones fetched: a million rows are 20,000 pages, and most
 * are never seen. */
struct tpage {
	char *down, *up;
	struct api_transaction *items;
	size_t n;
	bool loaded, loading, fetched_up;
};

enum filter_field { F_FROM, F_TO, F_MIN, F_MAX, F_CATEGORY, F_COUNT };

struct accounts_state {
	bool open;          /* an account is open */
	struct list al;     /* the accounts */
	size_t acc;         /* the open one */
	struct tpage *pages;
	size_t npages;
	bool end;           /* the last page is known */
	long total;         /* rows, once the bank has counted them; else -1 */
	long rows;          /* rows as counted for the position ("1,234 of 20,000"); -1 until known */
	bool counting;
	bool failed;
	unsigned gen;       /* answers for an older query are dropped */
	struct list tl;
	bool detail;
	bool detail_just_opened; /* until the next key, the cursor is on the detail, not the row */
	bool searching, filtering;
	struct field search;
	struct field filter[F_COUNT];
	int ffocus;
	char q[128];
	char q_before[128]; /* the search before "/" opened the field: Esc goes back to it */
	bool to_end;        /* End pressed: select the oldest row once it is in */
};

/* This screen's state, kept by the app (a->state). */
static struct accounts_state *state(struct app *a)
{
	return a->state[SCR_ACCOUNTS];
}

/* L10N: End pressed on a history not yet fully loaded. */
static const char going_msg[] = N_("Going to the oldest transaction…");
/* L10N: said while one or two letters are typed in the history's search. */
static const char type_more_msg[] = N_("Type 3 letters to search as you type, or press Enter.");
/* How long the typing of a search pauses before its count is asked (see start()). */
#define COUNT_AFTER_MS 400
/* How wide the search's text is before each key asks the bank (see key()). */
#define SEARCH_AS_YOU_TYPE_COLS 3

static const char *filter_label[F_COUNT] = {
	N_("From day (YYYY-MM-DD)"), N_("To day (YYYY-MM-DD)"), N_("Smallest amount"),
	N_("Largest amount"), N_("Category"),
};

/* A page's rows go; how many it had stays (known(st) counts them), so an
 * evicted page has n rows and no items. */
static void page_evict(struct tpage *p)
{
	if (!p->items)
		return;
	for (size_t j = 0; j < p->n; j++)
		api_transaction_clear(&p->items[j]);
	free(p->items);
	p->items = NULL;
}

static void page_free(struct tpage *p)
{
	page_evict(p);
	free(p->down);
	free(p->up);
}

static void drop_pages(struct accounts_state *st)
{
	for (size_t i = 0; i < st->npages; i++)
		page_free(&st->pages[i]);
	free(st->pages);
	st->pages = NULL;
	st->npages = 0;
	st->end = st->failed = st->counting = false;
	st->total = -1;
	st->tl = (struct list){ 0 };
	st->to_end = false; /* End was for the list that goes */
	st->gen++;
}

/* Pages [0, n): new ones empty, ones past n gone. */
static void pages_resize(struct accounts_state *st, size_t n)
{
	for (size_t i = n; i < st->npages; i++)
		page_free(&st->pages[i]);
	st->pages = xrealloc(st->pages, n * sizeof *st->pages);
	if (n > st->npages)
		memset(&st->pages[st->npages], 0, (n - st->npages) * sizeof *st->pages);
	st->npages = n;
}

static void query_add(char *q, size_t len, const char *name, const char *value)
{
	if (*value)
		op_query_add(q, len, name, value);
}

/* "/accounts/ID/transactions?limit=N" with the search, filters and extra. */
static void query_path(struct app *a, long limit, const char *extra, char *path, size_t len)
{
	struct accounts_state *st = state(a);
	char q[768] = "?";
	struct api_account *acc = &a->accounts[st->acc];

	query_add(q, sizeof q, "q", st->q);
	query_add(q, sizeof q, "from", st->filter[F_FROM].buf);
	query_add(q, sizeof q, "to", st->filter[F_TO].buf);
	query_add(q, sizeof q, "category", st->filter[F_CATEGORY].buf);
	for (int f = F_MIN; f <= F_MAX; f++) {
		struct money m;
		char minor[32];
		if (!*st->filter[f].buf || money_parse(st->filter[f].buf, acc->booked.currency, &a->c->nf, &m))
			continue;
		snprintf(minor, sizeof minor, "%lld", (long long)(m.minor < 0 ? -m.minor : m.minor));
		query_add(q, sizeof q, f == F_MIN ? "min_amount" : "max_amount", minor);
	}
	/* q starts with "?" so each parameter adds "&name=value". */
	/* The bank's id goes in the path escaped, whatever it holds. */
	op_path(path, len, "/accounts/%s/transactions", acc->id);
	snprintf(path + strlen(path), len - strlen(path), "?limit=%ld%s%s", limit, q + 1, extra);
}

static bool is_oldest(struct accounts_state *st, size_t page)
{
	return st->total >= 0 && page == st->npages - 1;
}

static bool fetchable(struct accounts_state *st, size_t page)
{
	const struct tpage *p = &st->pages[page];
	return p->down || p->up || is_oldest(st, page);
}

static void fetch(struct app *a, size_t page)
{
	struct accounts_state *st = state(a);
	struct tpage *p = &st->pages[page];
	char path[1024], extra[192] = "?"; /* "?" so each parameter adds "&name=value" */
	long limit = PAGE;

	if (p->loading || !fetchable(st, page))
		return;
	p->loading = true;
	p->fetched_up = !p->down;
	if (p->down) {
		query_add(extra, sizeof extra, "cursor", p->down);
	} else {
		snprintf(extra, sizeof extra, "?&order=oldest");
		if (p->up)
			query_add(extra, sizeof extra, "cursor", p->up);
		else
			limit = st->total - (long)page * PAGE; /* the oldest page: its own rows */
	}
	query_path(a, limit, extra + 1, path, sizeof path);
	app_get_for(a, SCR_ACCOUNTS, T_PAGE, (long)(((unsigned long)st->gen << 24) | page), path, 0);
}

/* End: how many rows there are, so the oldest page can be fetched at once. */
static void count_rows(struct app *a)
{
	struct accounts_state *st = state(a);
	char path[1024];

	if (st->counting)
		return;
	st->counting = true;
	query_path(a, 1, "&total=true", path, sizeof path);
	app_get_for(a, SCR_ACCOUNTS, T_COUNT, (long)((unsigned long)st->gen << 24), path, 0);
}

/* How many rows there are, for the position only: the paging is not changed by it. */
static void ask_total(struct app *a)
{
	struct accounts_state *st = state(a);
	char path[1024];

	app_wake_in(a, SCR_ACCOUNTS, -1);
	query_path(a, 1, "&total=true", path, sizeof path);
	app_get_for(a, SCR_ACCOUNTS, T_TOTAL, (long)((unsigned long)st->gen << 24), path, 0);
}

/* The typing paused: the search's count, asked now. */
static void wake(struct app *a)
{
	if (state(a)->open)
		ask_total(a);
}

static void start(struct app *a)
{
	struct accounts_state *st = state(a);

	drop_pages(st);
	pages_resize(st, 1);
	st->pages[0].down = xstrdup(""); /* the first page: after nothing */
	fetch(a, 0);
	st->rows = -1;
	/* While a search is typed, each key asks for the first page only; the
	 * count, which reads every match (0.3 s of the bank's time for three
	 * letters on a million rows), waits until the typing pauses or Enter.
	 * Asked at each key, the counts of the words typed before went on at
	 * the bank beside the new ones, and on two cores the screen waited. */
	if (st->searching)
		app_wake_in(a, SCR_ACCOUNTS, COUNT_AFTER_MS);
	else
		ask_total(a);
}

/* The search changed while the history was open: the requests for the one
 * before are stopped (the worker is not kept busy with them), and any
 * answer of theirs that still comes is of an older generation, dropped. */
static void search_again(struct app *a)
{
	app_cancel(a, SCR_ACCOUNTS, T_PAGE);
	app_cancel(a, SCR_ACCOUNTS, T_TOTAL);
	app_cancel(a, SCR_ACCOUNTS, T_COUNT);
	start(a);
}

void accounts_open(struct app *a, size_t index)
{
	struct accounts_state *st = state(a);

	a->cur = SCR_ACCOUNTS;
	st->open = true;
	st->acc = index;
	st->al.sel = (long)index;
	st->detail = st->searching = st->filtering = false;
	st->q[0] = '\0';
	for (int f = 0; f < F_COUNT; f++)
		field_clear(&st->filter[f]);
	start(a);
}

static void enter(struct app *a)
{
	struct accounts_state *st = state(a);

	if (st->open && st->acc < a->naccounts)
		start(a);
	else
		st->open = false;
}

/* Money moved: an open history at its top is fetched again (new rows come
 * first); scrolled down, it stays as it is until it is opened again. */
static void reload(struct app *a)
{
	struct accounts_state *st = state(a);

	if (st->open && !st->searching && !st->filtering && st->tl.top == 0 && st->acc < a->naccounts)
		start(a);
}

/* Rows known so far: full pages, and the last one as long as it is. */
static long known(struct accounts_state *st)
{
	if (!st->npages)
		return 0;
	return (long)(st->npages - 1) * PAGE + (st->pages[st->npages - 1].loaded ? (long)st->pages[st->npages - 1].n : 0);
}

/* Keeps a bounded window of pages around the view, and fetches the pages
 * in it and one on each side. */
static void window(struct app *a)
{
	struct accounts_state *st = state(a);
	size_t first = (size_t)(st->tl.top / PAGE), last = (size_t)((st->tl.top + st->tl.height) / PAGE);

	for (size_t i = 0; i < st->npages; i++) {
		struct tpage *p = &st->pages[i];
		bool near = i + KEEP_PAGES >= first && i <= last + KEEP_PAGES;
		if (!near && p->items)
			page_evict(p);
		else if (i + 1 >= first && i <= last + 1 && !p->items && !p->loading)
			fetch(a, i);
	}
}

/* The page after the last one known is wanted when the view nears it (or
 * End is walking there, when the bank could not count). */
static bool want_tail(struct accounts_state *st)
{
	long h = st->tl.height ? st->tl.height : 20;
	return !st->end && st->npages && !st->pages[st->npages - 1].loaded && !st->pages[st->npages - 1].loading &&
	       ((st->to_end && !st->counting) || st->tl.top + 2 * h + PAGE / 2 >= (long)(st->npages - 1) * PAGE);
}

static void show_end(struct accounts_state *st)
{
	st->tl.count = known(st);
	if (st->to_end) {
		st->tl.sel = st->tl.count - 1;
		if (st->end && st->pages[st->npages - 1].loaded)
			st->to_end = false;
	}
	list_clamp(&st->tl);
}

static void counted(struct app *a, long total)
{
	struct accounts_state *st = state(a);
	size_t last;

	st->counting = false;
	if (total < 0) {
		/* This bank does not count: End walks there page by page. */
		if (want_tail(st))
			fetch(a, st->npages - 1);
		return;
	}
	if (total == 0) {
		st->end = true;
		st->to_end = false;
		return;
	}
	last = (size_t)((total - 1) / PAGE);
	pages_resize(st, last + 1);
	st->total = total;
	st->end = true;
	fetch(a, last);
	show_end(st);
}

static void result(struct app *a, struct req *r)
{
	struct accounts_state *st = state(a);
	struct api_txn_page page = { 0 };
	struct api_error err = { 0 };
	unsigned gen = (unsigned)((unsigned long)r->arg >> 24);
	size_t pi = (size_t)(r->arg & 0xFFFFFF);
	struct tpage *p;

	if (gen != (st->gen & 0xFFFFFFFFu))
		return; /* an answer for a search or account no longer shown */
	if (r->tag == T_PAGE && pi >= st->npages)
		return;
	if (r->tag == T_PAGE)
		st->pages[pi].loading = false;
	else if (r->tag == T_COUNT)
		st->counting = false;
	if (r->tag == T_TOTAL) {
		/* Without a count the position says what is known so far; no error for it. */
		if (r->ok && api_decode_txn_page(r->doc, &page, &err))
			st->rows = (long)page.total;
		api_txn_page_clear(&page);
		return;
	}
	if (!r->ok) {
		if (r->err.transport != HTTP_ERR_CANCELLED) {
			st->failed = true;
			st->to_end = false;
			app_error(a, &r->err);
		}
		return;
	}
	if (!api_decode_txn_page(r->doc, &page, &err)) {
		st->failed = true;
		st->to_end = false;
		app_error(a, &err);
		return;
	}
	if (r->tag == T_COUNT) {
		long total = (long)page.total;
		api_txn_page_clear(&page);
		counted(a, total);
		return;
	}
	p = &st->pages[pi];
	if (p->fetched_up) /* oldest first: turned round, newest first */
		for (size_t i = 0; i < page.n / 2; i++) {
			struct api_transaction t = page.items[i];
			page.items[i] = page.items[page.n - 1 - i];
			page.items[page.n - 1 - i] = t;
		}
	page_evict(p);
	p->items = page.items;
	p->n = page.n;
	p->loaded = true;
	page.items = NULL;
	page.n = 0;
	if (!p->fetched_up) {
		if (!*page.next_cursor) {
			if (pi == st->npages - 1)
				st->end = true;
		} else if (pi + 1 == st->npages && !st->end) {
			pages_resize(st, st->npages + 1);
		}
		if (*page.next_cursor && pi + 1 < st->npages && !st->pages[pi + 1].down)
			st->pages[pi + 1].down = xstrdup(page.next_cursor);
	} else if (*page.next_cursor && pi > 0 && !st->pages[pi - 1].up) {
		st->pages[pi - 1].up = xstrdup(page.next_cursor);
	}
	api_txn_page_clear(&page);
	{
		bool going = st->to_end;
		show_end(st);
		/* There: the cursor goes back from the message to the row. */
		if (going && !st->to_end && !strcmp(a->message, _(going_msg))) {
			a->message[0] = '\0';
			a->message_fresh = false;
		}
	}
	/* Keep the window moving (the next page, when the view is near it). */
	if (want_tail(st))
		fetch(a, st->npages - 1);
}

static const struct api_transaction *txn_at(struct accounts_state *st, long i)
{
	size_t pi = (size_t)(i / PAGE), j = (size_t)(i % PAGE);

	if (pi >= st->npages || !st->pages[pi].items || j >= st->pages[pi].n)
		return NULL;
	return &st->pages[pi].items[j];
}

/* How wide an account number's column is: its masked form ("•••• 7919"). */
static const char *iban_hint(struct app *a)
{
	static char hint[64];

	ui_account_number(a, "XX00000000000000", hint, sizeof hint);
	return hint;
}

static void account_row(struct app *a, void *ctx, long i, int y, int x, int w, bool sel)
{
	const struct api_account *acc = &a->accounts[i];
	char iban[64];
	/* Narrow: the number and the amount take what they need, the name the rest. */
	int mw = w < 70 ? 16 : 20, nw = w < 70 ? text_width(iban_hint(a)) + 1 : 27;
	(void)ctx;
	(void)sel;
	ui_account_number(a, acc->iban, iban, sizeof iban);
	ui_name(y, x, w - mw - nw - 1, acc->name);
	ui_text(y, x + w - mw - nw, nw - 1, iban, 0);
	ui_money(a, y, x + w - mw, mw, &acc->booked, 0);
}

static void txn_row(struct app *a, void *ctx, long i, int y, int x, int w, bool sel)
{
	struct accounts_state *st = state(a);
	const struct api_transaction *t = txn_at(st, i);
	char day[UI_DAY_MAX];
	int mw = 18, cw = w > 90 ? 16 : 0, dw = ui_day_width();
	(void)ctx;
	(void)sel;
	if (!t) {
		ui_loading(a, y, x);
		return;
	}
	ui_day(t->booked_at, day);
	ui_text(y, x, dw, day, 0);
	ui_text(y, x + dw + 1, w - dw - 2 - mw - cw, *t->counterparty ? t->counterparty : t->description, 0);
	if (cw)
		ui_text(y, x + w - mw - cw, cw - 1, words_of(WORDS_CATEGORY, t->category), 0);
	ui_money(a, y, x + w - mw, mw, &t->amount, MONEY_FMT_PLUS);
}

static void draw_detail(struct app *a, int y, int w)
{
	struct accounts_state *st = state(a);
	const struct api_transaction *t = txn_at(st, st->tl.sel);
	char line[600], amount[MONEY_FMT_MAX + 16];

	if (!t)
		return;
	ui_rule(a, y++, 2, w);
	app_format_money(a, &t->amount, MONEY_FMT_PLUS, amount, sizeof amount);
	/* L10N: the transaction detail pane: labels before values. */
	{
		char day[UI_DAY_MAX];
		ui_day(t->booked_at, day);
		/* L10N: the transaction detail pane: labels before values; the day, then the time (UTC). */
		snprintf(line, sizeof line, _("Amount: %s   Booked: %s %.5s"), amount, day,
			 strlen(t->booked_at) > 11 ? t->booked_at + 11 : "");
	}
	ui_text(y++, 2, w, line, 0);
	snprintf(line, sizeof line, _("Description: %s"), t->description);
	ui_text(y++, 2, w, line, 0);
	snprintf(line, sizeof line, _("Counterparty: %s   Category: %s"), t->counterparty, words_of(WORDS_CATEGORY, t->category));
	ui_text(y++, 2, w, line, 0);
	snprintf(line, sizeof line, _("Reference: %s"), t->id);
	ui_text(y, 2, w, line, 0);
}

/* What the history is narrowed to, in words, naming only what is set:
 * 'Showing: "salary", from 2026-01-01, amounts 10.00 to 50.00'. */
static void showing(struct accounts_state *st, char *line, size_t len)
{
	const char *from = st->filter[F_FROM].buf, *to = st->filter[F_TO].buf;
	const char *min = st->filter[F_MIN].buf, *max = st->filter[F_MAX].buf, *cat = st->filter[F_CATEGORY].buf;
	char part[300];

	/* L10N: the start of the line that says how the history is narrowed; parts follow. */
	snprintf(line, len, "%s", _("Showing:"));
#define PART(...)                                                                  \
	do {                                                                       \
		snprintf(part, sizeof part, __VA_ARGS__);                          \
		snprintf(line + strlen(line), len - strlen(line), "%s %s", sep, part); \
		sep = ",";                                                         \
	} while (0)
	{
		const char *sep = "";
		if (*st->q)
			PART("\"%s\"", st->q);
		if (*from && *to)
			/* L10N: a filter of days. */
			PART(_("from %s to %s"), from, to);
		else if (*from)
			PART(_("from %s"), from);
		else if (*to)
			PART(_("up to %s"), to);
		if (*min && *max)
			/* L10N: a filter of amounts. */
			PART(_("amounts %s to %s"), min, max);
		else if (*min)
			PART(_("amounts from %s"), min);
		else if (*max)
			PART(_("amounts up to %s"), max);
		if (*cat)
			/* L10N: a filter of one spending category. */
			PART(_("category %s"), cat);
	}
#undef PART
}

static void draw(struct app *a, int top, int h)
{
	struct accounts_state *st = state(a);
	int w = a->cols - 4, y = top + 1, bottom = top + h;
	char line[512];

	if (!st->open) {
		static const enum action hints[] = { ACT_OPEN, ACT_BACK };
		app_hints(a, hints, 2);
		ui_on(a, ROLE_HEADING);
		ui_label(y++, 2, w, _("Accounts"), 0);
		ui_off(a, ROLE_HEADING);
		if (!a->accounts_loaded) {
			ui_loading(a, y, 4);
			ui_focus(a, y, 4);
			return;
		}
		st->al.count = (long)a->naccounts;
		list_draw(a, &st->al, y, 2, bottom - y, w, account_row, NULL);
		return;
	}
	{
		static const enum action hints[] = { ACT_SEARCH, ACT_FILTER, ACT_OPEN, ACT_BACK, ACT_ASK };
		const struct api_account *acc = &a->accounts[st->acc];
		char avail[MONEY_FMT_MAX + 16], booked[MONEY_FMT_MAX + 16], iban[64];
		int list_h;

		/* "Ask the bank" once a transaction is opened: the detail names what it is about. */
		app_hints(a, hints, st->detail ? 5 : 4);
		app_format_money(a, &acc->booked, 0, booked, sizeof booked);
		app_format_money(a, &acc->available, 0, avail, sizeof avail);
		if (a->privacy)
			snprintf(iban, sizeof iban, "%s", ui_mask(a));
		else
			iban_format(acc->iban, iban);
		ui_on(a, ROLE_HEADING);
		ui_name(y, 2, w / 2, acc->name);
		ui_off(a, ROLE_HEADING);
		ui_text(y++, 2 + w / 2, w - w / 2, iban, 1);
		/* L10N: an open account's balances. */
		snprintf(line, sizeof line, _("Balance %s   Available %s"), booked, avail);
		ui_label(y++, 2, w, line, 0);
		if (st->searching) {
			/* L10N: the search field's label (searches descriptions and counterparties). */
			int fx = ui_field_label(y, 2, _("Search:"));
			field_draw(a, &st->search, y, fx, w - fx + 2);
			y++;
		} else if (*st->q || *st->filter[F_FROM].buf || *st->filter[F_TO].buf || *st->filter[F_MIN].buf ||
			   *st->filter[F_MAX].buf || *st->filter[F_CATEGORY].buf) {
			showing(st, line, sizeof line);
			ui_text(y++, 2, w, line, 0);
		} else {
			y++;
		}
		if (st->filtering) {
			int fx = 0;
			for (int f = 0; f < F_COUNT; f++)
				fx = ui_wider(_(filter_label[f]), "") > fx ? ui_wider(_(filter_label[f]), "") : fx;
			fx += 3;
			for (int f = 0; f < F_COUNT && y < bottom; f++, y++) {
				ui_label(y, 2, fx - 3, _(filter_label[f]), 0);
				field_draw(a, &st->filter[f], y, fx, w - fx + 2);
			}
			{
				int fy = y - F_COUNT + st->ffocus;
				field_draw(a, &st->filter[st->ffocus], fy, fx, w - fx + 2);
			}
			ui_label(y, 2, w, _("Tab next field, Enter apply, Esc cancel"), 0);
			return;
		}
		ui_rule(a, y, 2, w);
		if (known(st)) {
			char pos[96];
			long total = st->rows >= 0 ? st->rows : st->total;
			if (total >= known(st))
				/* L10N: where the selection is in a long history: "1,234 of 20,000". */
				snprintf(pos, sizeof pos, _(" %'ld of %'ld "), st->tl.sel + 1, total);
			else if (st->end)
				snprintf(pos, sizeof pos, _(" %'ld of %'ld "), st->tl.sel + 1, known(st));
			else
				/* L10N: the position while the bank has not said how many rows there are. */
				snprintf(pos, sizeof pos, _(" %'ld of %'ld so far "), st->tl.sel + 1, known(st));
			ui_label(y, 2 + w - text_width(pos) - 2, text_width(pos), pos, 0);
		}
		y++;
		list_h = bottom - y - (st->detail ? 5 : 0);
		if (list_h < 2)
			list_h = 2;
		st->tl.count = known(st);
		if (!st->tl.count) {
			if (st->failed)
				ui_label(y, 4, w, _("The transactions could not be loaded (r to try again)."), 0);
			else if (st->end)
				ui_label(y, 4, w, _("No transactions."), 0);
			else
				ui_loading(a, y, 4);
			if (!st->searching)
				ui_focus(a, y, 4);
			return;
		}
		{
			int cy = a->cur_y, cx = a->cur_x;
			list_draw(a, &st->tl, y, 2, list_h, w, txn_row, NULL);
			if (st->searching)
				ui_focus(a, cy, cx);
		}
		window(a);
		if (want_tail(st))
			fetch(a, st->npages - 1);
		if (st->detail) {
			draw_detail(a, y + list_h, w);
			/* What Enter opened is read first; a move goes back to the rows. */
			if (st->detail_just_opened && txn_at(st, st->tl.sel))
				ui_focus(a, y + list_h + 1, 2);
		}
	}
}

static int filter_key(struct app *a, enum action act, const struct key *k)
{
	struct accounts_state *st = state(a);

	if (!k->is_key && k->ch == 27) {
		st->filtering = false;
		return R_REDRAW;
	}
	if ((!k->is_key && k->ch == '\t') || (k->is_key && (k->ch == KEY_DOWN || k->ch == KEY_BTAB || k->ch == KEY_UP))) {
		int dir = (k->is_key && (k->ch == KEY_BTAB || k->ch == KEY_UP)) ? F_COUNT - 1 : 1;
		st->ffocus = (st->ffocus + dir) % F_COUNT;
		return R_REDRAW;
	}
	if (act == ACT_OPEN || key_is_enter(k)) {
		for (int f = F_FROM; f <= F_TO; f++)
			if (*st->filter[f].buf && !text_is_day(st->filter[f].buf)) {
				st->ffocus = f;
				app_refuse(a, "%s", _("Write a day that exists, as YYYY-MM-DD, for example 2026-12-01."));
				return R_REDRAW;
			}
		for (int f = F_MIN; f <= F_MAX; f++) {
			struct money m;
			enum money_err e;
			if (*st->filter[f].buf &&
			    (e = money_parse(st->filter[f].buf, a->accounts[st->acc].booked.currency, &a->c->nf, &m))) {
				st->ffocus = f;
				app_refuse(a, "%s", money_strerror(e));
				return R_REDRAW;
			}
		}
		st->filtering = false;
		start(a);
		return R_REDRAW;
	}
	if (!field_key(&st->filter[st->ffocus], k))
		return R_UNHANDLED; /* F1 and the like: the shell's */
	return R_REDRAW;
}

static int key(struct app *a, enum action act, const struct key *k)
{
	struct accounts_state *st = state(a);

	st->detail_just_opened = false;
	if (!st->open) {
		if (list_key(&st->al, act))
			return R_REDRAW;
		if (act == ACT_OPEN && a->naccounts) {
			accounts_open(a, (size_t)st->al.sel);
			return R_REDRAW;
		}
		return R_UNHANDLED;
	}
	if (st->filtering)
		return filter_key(a, act, k);
	if (st->searching) {
		if (!k->is_key && k->ch == 27) {
			/* The search as it was before the field opened. */
			st->searching = false;
			if (strcmp(st->q, st->q_before)) {
				snprintf(st->q, sizeof st->q, "%s", st->q_before);
				search_again(a);
			}
			return R_REDRAW;
		}
		if (key_is_enter(k)) {
			st->searching = false;
			/* Enter searches for what is typed, however short. */
			if (strncmp(st->q, st->search.buf, sizeof st->q - 1)) {
				snprintf(st->q, sizeof st->q, "%.127s", st->search.buf);
				search_again(a);
			} else if (a->wake_ms[SCR_ACCOUNTS])
				ask_total(a);
			return R_REDRAW;
		}
		if (!field_key(&st->search, k))
			return R_UNHANDLED;
		/* As the user types: each change asks again, and what was asked before
		 * is stopped.  From three columns (three letters, or two Chinese or
		 * Japanese characters): one or two letters match most of a history,
		 * or, when they match little, have the bank read all of it (0.3 s on
		 * a million rows); Enter still searches for them. */
		if (strncmp(st->q, st->search.buf, sizeof st->q - 1)) {
			if (!st->search.buf[0] || text_width(st->search.buf) >= SEARCH_AS_YOU_TYPE_COLS) {
				snprintf(st->q, sizeof st->q, "%.127s", st->search.buf);
				search_again(a);
			}
		}
		/* Said while the text is that short (each key clears the line; the
		 * same words on it again are not news to a screen reader). */
		if (st->search.buf[0] && text_width(st->search.buf) < SEARCH_AS_YOU_TYPE_COLS &&
		    strcmp(st->q, st->search.buf))
			app_say(a, "%s", _(type_more_msg));
		return R_REDRAW;
	}
	if (list_key(&st->tl, act)) {
		if (act == ACT_LAST && !(st->end && st->pages[st->npages - 1].loaded)) {
			st->to_end = true;
			if (!st->end)
				count_rows(a);
			app_say(a, "%s", _(going_msg));
		}
		return R_REDRAW;
	}
	switch (act) {
	case ACT_OPEN:
		st->detail = st->detail_just_opened = !st->detail;
		return R_REDRAW;
	case ACT_SEARCH:
		st->searching = true;
		snprintf(st->q_before, sizeof st->q_before, "%s", st->q);
		field_set(&st->search, st->q);
		return R_REDRAW;
	case ACT_FILTER:
		st->filtering = true;
		st->ffocus = 0;
		return R_REDRAW;
	case ACT_ASK: {
		/* "Ask the bank about this": a conversation about the selected transaction. */
		const struct api_transaction *t = txn_at(st, st->tl.sel);
		char words[300], subject[200], day[UI_DAY_MAX], amount[MONEY_FMT_MAX + 16];
		const char *name;
		if (!t)
			return R_UNHANDLED;
		name = *t->counterparty ? t->counterparty : t->description;
		ui_day(t->booked_at, day);
		app_format_money(a, &t->amount, MONEY_FMT_PLUS, amount, sizeof amount);
		/* L10N: what a conversation is about: a transaction's day, its description and its amount. */
		snprintf(words, sizeof words, _("the transaction of %1$s, %2$s, %3$s"), day, t->description, amount);
		/* L10N: the subject written for a conversation about a transaction; %s is who it was with. */
		snprintf(subject, sizeof subject, _("Question about a payment: %s"), name);
		support_ask_about(a, t->id, words, subject);
		return R_REDRAW;
	}
	case ACT_BACK:
		if (st->detail) {
			st->detail = false;
			return R_REDRAW;
		}
		if (*st->q) {
			st->q[0] = '\0';
			start(a);
			return R_REDRAW;
		}
		st->open = false;
		drop_pages(st);
		return R_REDRAW;
	case ACT_REFRESH:
		return R_UNHANDLED; /* the shell reloads, and enter() starts the history again */
	default:
		return R_UNHANDLED;
	}
}

static bool typing(struct app *a)
{
	struct accounts_state *st = state(a);

	return st->searching || st->filtering;
}

static bool find(struct app *a, const char *needle)
{
	struct accounts_state *st = state(a);

	/* An open account's history is searched at the bank (see key()). */
	return !st->open && list_find(&st->al, app_account_holds, a, needle);
}

static void forget(void *state)
{
	struct accounts_state *st = state;

	drop_pages(st);
	explicit_bzero(st, sizeof *st); /* what was searched for */
}

struct screen screen_accounts = {
	.name = "accounts",
	.title = N_("Accounts"),
	.enter = enter,
	.draw = draw,
	.key = key,
	.result = result,
	.reload = reload,
	.typing = typing,
	.wake = wake,
	.find = find,
	.state_size = sizeof(struct accounts_state),
	.forget = forget,
};
