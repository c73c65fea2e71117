/* tui.h: what the files of the curses layer share (private to ui/).
 *
 * One UI thread runs app.c's loop; every request to the bank is a `struct
 * req` run by the worker thread (src/worker.c) and handed back to the
 * screen that asked, through a pipe the loop polls with the terminal.
 * Screens are small vtables (see struct screen); keys become named actions
 * through the bindings table (keys.c) before a screen sees them. */
#ifndef BANKTERM_TUI_H
#define BANKTERM_TUI_H

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <stdbool.h>
#include <stdint.h>
#include <wchar.h>

#include <json-c/json.h>

#include "api.h"
#include "intent.h"
#include "json.h"
#include "op.h"
#include "pay.h"
#include "bankterm.h"
#include "cli.h"
#include "run.h"
#include "ui.h"
#include "worker.h"

/* --- actions and keys (keys.c) ---------------------------------------------- */

enum action {
	ACT_NONE,
	ACT_QUIT, ACT_BACK, ACT_HELP, ACT_COMMAND, ACT_SEARCH, ACT_REFRESH, ACT_REDRAW,
	ACT_UP, ACT_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_FIRST, ACT_LAST, ACT_OPEN, ACT_NEXT_FIELD,
	ACT_PRIVACY, ACT_LOCK, ACT_CLOCK_DAY, ACT_CLOCK_MONTH,
	ACT_NEW, ACT_PAY, ACT_AUTOPAY, ACT_REDEEM, ACT_ACTIVATE, ACT_DISMISS,
	ACT_PREV, ACT_NEXT, ACT_READ, ACT_CANCEL_ITEM, ACT_FILTER, ACT_SWITCH, ACT_EDIT,
	ACT_ASK, ACT_WRITE, ACT_ANSWERS, ACT_CLOSE,
	ACT_COUNT
};

struct action_info {
	const char *name;  /* as written in the config file: "page-down" */
	const char *label; /* N_(): for the help overlay and the status line */
};

const struct action_info *action_info(enum action a);
/* The action named name, or ACT_NONE. */
enum action action_by_name(const char *name);

/* A key as get_wch returned it: a character, or a KEY_ code when is_key. */
struct key {
	wint_t ch;
	bool is_key;
};

/* "j", "Enter", "Esc", "PgDn", "C-l", "F1": false when not a key name. */
bool key_parse(const char *name, struct key *out);
/* The name of a key, as key_parse reads it; into out. */
void key_describe(const struct key *k, char *out, size_t len);
/* Enter, however the terminal sends it: CR, LF or KEY_ENTER. */
bool key_is_enter(const struct key *k);
/* Esc. */
bool key_is_esc(const struct key *k);

struct keymap;
/* The defaults (written in the config file's syntax), then the user's [keys]
 * sections; broken lines are reported through warn. */
struct keymap *keymap_new(const struct config *cfg, void (*warn)(void *ctx, const char *msg), void *ctx);
void keymap_free(struct keymap **km);
/* The action key k does on screen (its own bindings, then the global ones). */
enum action keymap_lookup(const struct keymap *km, const char *screen, const struct key *k);
/* The first key bound to action on screen, named into out ("" when none). */
void keymap_key_for(const struct keymap *km, const char *screen, enum action a, char *out, size_t len);
/* Calls fn for each binding that applies on screen (its own first). */
void keymap_each(const struct keymap *km, const char *screen,
		 void (*fn)(void *ctx, const char *key, enum action a, bool global), void *ctx);

/* --- requests to the bank (net.c) --------------------------------------------- */

struct app;

struct req {
	struct job job; /* first: the worker hands it back as this */
	struct run *c;
	/* A request of the API, or signing in again at the lock: the password
	 * (in secret, wiped when freed), then the code for its challenge. */
	enum { REQ_API, REQ_PASSWORD, REQ_CODE, REQ_CHECK, REQ_RESEND, REQ_COMMAND } kind;
	char *secret;
	int screen, tag;
	long arg;           /* the screen's own: which row, which page */
	char method[8];
	char *path, *body;
	bool move;          /* moves money: written down as an intent first */
	char summary[512];  /* for a move: the words the user confirmed */
	char challenge[48], code[16];
	struct intent intent;          /* REQ_CHECK, REQ_RESEND: the pending payment (its body owned) */
	enum pay_verdict verdict;      /* REQ_CHECK: what the bank said became of it */
	char idem_key[UUID_STR_LEN];   /* every request but a GET: the bank does it once */
	long extra_timeout_ms;
	long long submitted_us; /* --trace: when the screen asked */
	char *line;             /* REQ_COMMAND: the command line, as typed */
	struct app *app;        /* REQ_COMMAND: where its questions go */
	int status;             /* REQ_COMMAND: its exit status */
	char *output;           /* REQ_COMMAND: what it wrote, data and messages in order */
	/* the answer */
	bool ok, unknown; /* unknown: the outcome of a move is not known */
	bool with_code;   /* sent again with a one-time code ("Checking the code…" until it answers) */
	json_object *doc;
	struct api_error err;
};

/* The shell's own tags (the app's, not a screen's), below zero. */
enum { T_ACCOUNTS = -1, T_POLL = -2, T_CLOCK = -3, T_UNLOCK = -4, T_CLOCK_NOW = -5, T_COMMAND = -6, T_RATE = -7 };

/* Queues a request made whole by the caller; returns its job id. */
uint64_t app_submit(struct app *a, struct req *r);
/* A command line of the CLI, run on the worker (command.c). */
uint64_t app_command(struct app *a, int tag, const char *line);
/* Splits a command line into words; "..." and '...' keep spaces.  Returns the count. */
int app_split(char *line, char **argv, int max);
/* Queues a request for the current screen; returns its job id. */
uint64_t app_get(struct app *a, int tag, long arg, const char *path);
/* Stops the requests of screen with tag still in flight or queued: their
 * answers come back cancelled (a search retyped makes the last one moot). */
void app_cancel(struct app *a, int screen, int tag);
/* Calls screen's wake hook once ms from now (again: the new time stands);
 * ms < 0 forgets it.  The loop sleeps until then, and draws nothing for it. */
void app_wake_in(struct app *a, int screen, long ms);
/* A GET whose answer goes to another screen than the current one; a
 * long-poll adds how long the bank may hold it to the timeout. */
uint64_t app_get_for(struct app *a, int screen, int tag, long arg, const char *path, long extra_timeout_ms);
/* An operation of the core (op.h): a payment through the exactly-once
 * protocol, anything else once per Idempotency-Key. */
uint64_t app_op(struct app *a, int tag, const struct op *op);
/* The same, with arg for the screen (it comes back in the answer, and in
 * the answer to the request sent again with a one-time code). */
uint64_t app_op_arg(struct app *a, int tag, long arg, const struct op *op);
/* The same request again with the one-time code the bank asked for. */
uint64_t app_resend(struct app *a, struct req *old, const char *code);
/* Asks the bank what became of a pending payment, sending nothing (pay.h):
 * the answer's verdict, and err.message the sentence to show. */
uint64_t app_check(struct app *a, int tag, long arg, const struct intent *in);
/* Sends a pending payment that never reached the bank, after the person said yes. */
uint64_t app_resend_intent(struct app *a, int tag, const struct intent *in);
/* Rates a flow ("transfer", "bill_payment", "general") 1 to 5, with a comment or NULL. */
uint64_t app_send_feedback(struct app *a, int tag, int rating, const char *flow, const char *comment);
/* The answer to app_send_feedback: thanks, or why it failed, on the status line. */
void app_feedback_done(struct app *a, const struct req *r);
/* Signs in again (the lock): the password; or the one-time code for challenge. */
uint64_t app_sign_in(struct app *a, int tag, const char *password, const char *challenge, const char *code);
void req_free(struct req **r);

/* --- screens ------------------------------------------------------------------ */

/* What a key handler tells the loop. */
enum {
	R_NONE = 0,
	R_REDRAW = 1,
	R_BACK = 2,      /* leave this view: the screen had nothing to go back to */
	R_UNHANDLED = 4, /* the key means nothing here: the global meaning applies */
};

struct screen {
	const char *name;  /* "home": for bindings, --snapshot, :commands */
	const char *title; /* N_() */
	void (*enter)(struct app *a);                /* shown: load what it needs */
	void (*draw)(struct app *a, int top, int h); /* rows [top, top+h) */
	int (*key)(struct app *a, enum action act, const struct key *k);
	void (*result)(struct app *a, struct req *r); /* an answer for this screen */
	void (*confirmed)(struct app *a, int tag, bool yes);
	bool (*typing)(struct app *a); /* a text field has the keys */
	/* An answer is awaited that decides where the next keys go (the bank's
	 * check of a payee's name, before the amount): the shell keeps the keys
	 * typed meanwhile (all but Esc).  When the screen stops holding them,
	 * they go to it only if it said so (app_release_typeahead), and only
	 * while it is typing into a field; otherwise they are dropped and that
	 * is said.  NULL: keys are never held. */
	bool (*holds_keys)(struct app *a);
	/* The time app_wake_in asked for has come (NULL: never asked). */
	void (*wake)(struct app *a);
	/* Money moved at the bank (an action, an alert, the clock): fetch what it
	 * shows again in the background, keeping the rows shown and the selection
	 * until the answer comes.  NULL: what it shows is fetched at enter only. */
	void (*reload)(struct app *a);
	/* "/" on a list the screen holds whole: selects the next row (after the
	 * selected one, wrapping) whose text holds needle; false when none. */
	bool (*find)(struct app *a, const char *needle);
	/* Its state, in a->state[its id]: state_size zeroed bytes from the
	 * start, and forget frees what they hold when the app ends. */
	size_t state_size;
	void (*forget)(void *state);
};

/* The screens, in the order of the top bar (ui/screens.c registers each). */
enum screen_id {
	SCR_HOME, SCR_ACCOUNTS, SCR_TRANSFERS, SCR_BILLS, SCR_POINTS,
	SCR_OFFERS, SCR_INSIGHTS, SCR_ALERTS, SCR_SETTINGS, SCR_WALLET, SCR_SUPPORT, SCR_COUNT
};

/* The registry: each screen and the key that opens it by default.  Going to
 * a screen is an action of its own, named after it ("wallet"), numbered
 * after the named actions: a new screen needs a row here, no new action. */
struct screen_entry {
	struct screen *screen;
	const char *key; /* in bankterm.conf(5) key syntax */
};
extern const struct screen_entry ui_screens[SCR_COUNT];
#define ACT_GOTO(s) ((enum action)(ACT_COUNT + (s)))
#define ACT_IS_GOTO(act) ((int)(act) >= ACT_COUNT && (int)(act) < ACT_COUNT + SCR_COUNT)
#define ACT_GOTO_SCREEN(act) ((int)(act) - ACT_COUNT)

/* Opens account index of the list on the Accounts screen (from Home). */
void accounts_open(struct app *a, size_t index);

extern struct screen screen_home, screen_accounts, screen_transfers, screen_bills, screen_points,
	screen_offers, screen_insights, screen_alerts, screen_settings, screen_wallet, screen_support;

/* "Ask the bank about this": the Support screen opens a new conversation
 * about the transaction, transfer or bill about (its id), which about_words
 * names for the person, with subject written for them (they may change it). */
void support_ask_about(struct app *a, const char *about, const char *about_words, const char *subject);

/* --- a one-line text field (field.c) ---------------------------------------------- */

struct field {
	size_t len, pos; /* bytes; pos is the insertion point */
	/* Not the first member: GCC's -fsanitize=undefined would take &f->buf
	 * for a possibly-null pointer and fail the -Werror build. */
	char buf[256];
};

/* What a piece of text is; each theme says how it looks (never colour alone). */
enum role {
	ROLE_HEADING, ROLE_CURRENT, ROLE_BADGE, ROLE_SELECTED, ROLE_FIELD,
	ROLE_ERROR, ROLE_WARNING, ROLE_NEGATIVE, ROLE_CHART, ROLE_COUNT
};

/* --- the application (app.c) ---------------------------------------------------- */

struct app {
	struct run *c;
	struct worker *worker;
	struct keymap *km;
	struct screen *screens[SCR_COUNT];
	void *state[SCR_COUNT]; /* each screen's own (struct screen.state_size) */
	int cur;
	int rows, cols;
	bool privacy, presenter, snapshot;
	char last_key[32];  /* --presenter: the last key's name */
	char message[512];  /* the status line's message, until the next key */
	bool message_error;
	int message_y;      /* the message's first row (a long one wraps upwards) */
	int cur_y, cur_x;   /* where the hardware cursor goes: the focused item */
	long unread;        /* alerts not yet read, for the top bar */
	enum action hints[16]; /* the current screen's keys, for the status line */
	int nhints;
	uint64_t poll_id;      /* the live alerts' long-poll, when one is out */
	/* The last key or answer: the long-poll starts after a quiet moment, so
	 * a user moving about is not cut off from the connection by it. */
	long long busy_ms;
	long long poll_after;  /* the last alert seen; -1 before any */
	struct req *pending[32];
	int npending;
	/* modal layers */
	enum { MODAL_NONE, MODAL_HELP, MODAL_CONFIRM, MODAL_CODE, MODAL_QUIT, MODAL_COMMAND, MODAL_FIND, MODAL_ASK,
	       MODAL_OUTPUT, MODAL_RATE } modal;
	/* The feedback question (rate.c): which flow, the outcome it follows. */
	struct {
		char flow[24];
		char lead[200];
		int rating;
		struct field comment;
	} rate;
	/* A ":" command running on the worker (command.c): its job, what it
	 * asks the person (the worker waits for the answer), and its output. */
	struct command_state *command;
	struct field cmdline;    /* the ":" line */
	struct field find;       /* the "/" line */
	char find_last[256];     /* what it last looked for: "/" Enter looks again */
	char *history[50];       /* its lines, oldest first */
	int nhistory, hpos;
	char question[512];
	int confirm_tag, confirm_screen;
	struct req *stepup;      /* a request waiting for its one-time code */
	char code[16];
	size_t code_len;
	char code_hint[64];      /* the demo's code for it, chosen when asked */
	int help_top;
	/* the idle lock: after idle_lock seconds without a key, the screen is
	 * hidden until the user signs in again (password, then code if asked) */
	long idle_lock;
	long long last_key_ms;
	long long wake_ms[SCR_COUNT]; /* app_wake_in: when (0: none) */
	bool locked, unlocking;
	/* ENDED: the bank ended the session; SIGNED_OUT: the person did (":logout") */
	enum { LOCK_IDLE, LOCK_ASKED, LOCK_ENDED, LOCK_SIGNED_OUT } lock_why;
	struct field lock_field; /* the password or the code, wiped once sent */
	char lock_challenge[48]; /* set when the bank wants a code next */
	char lock_hint[64];      /* the demo's public password or code */
	/* [shortcut KEY]s of the config whose key could be read: Home runs them */
	struct {
		struct key k;
		const struct shortcut *sc;
	} shortcuts[16];
	int nshortcuts;
	/* accounts, shared by screens that pick one */
	struct api_account *accounts;
	size_t naccounts;
	bool accounts_loaded;
	/* how it looks, and the screen-reader mode */
	int theme;
	bool colour, colour_started;
	attr_t attrs[ROLE_COUNT];
	bool reader;       /* --screen-reader: text for everything, quiet when idle */
	bool live_alerts;  /* the long-poll runs (config: live_alerts) */
	bool message_fresh; /* a message arrived since the last key: the cursor goes to it */
	bool message_refusal; /* it says why a field's Enter was refused: it takes the cursor from the field */
	/* Keys typed while the screen held them (struct screen.holds_keys): how
	 * many, the first of them in order, and whether the answer they waited
	 * for lets them go on (app_release_typeahead). */
	struct key ahead[64];
	int nheld;
	bool ahead_go;
	/* --trace: keys read and not yet drawn, with when they were read */
	FILE *trace;
	struct {
		char name[32];
		long long read_us;
	} traced[64];
	int ntraced;
	struct {
		char screen[16];
		char path[48];
		long long submitted_us;
	} answered[32]; /* answers in, not yet drawn */
	int nanswered;
	bool stale;        /* money moved while a question was open: refresh once it closes */
	/* --screen-reader, after a change of screen: one frame with the body
	 * empty, then the new screen whole once its data is in (or after a
	 * moment), so a screen reader reads it from its heading down instead of
	 * what differs from the screen before. */
	bool blank_frame;
	long long gap_until, hold_until;
	bool quit;
	/* Why the full screen ended on its own (a staff login, which has no
	 * banking): said on the terminal once it is given back. */
	struct api_error ended_by;
	bool dirty;
};

/* Says something on the status line until the next key. */
void app_say(struct app *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Says why what was typed in a field is refused: unlike app_say, the cursor
 * leaves the field for the message until the next key (a screen reader reads
 * it), and it is drawn as an error. */
void app_refuse(struct app *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The answer the held keys waited for is in, and they may go on (the name
 * matched: on to the amount).  Any other answer that ends the hold drops them. */
void app_release_typeahead(struct app *a);
void app_error(struct app *a, const struct api_error *err);
/* A view of its own (a conversation, an article, a warning): for a screen
 * reader, drawn as a new screen is (the body empty, then whole once its data
 * is in), so it is read from its heading down, not as what differs from the
 * view before. */
void app_fresh_view(struct app *a);
/* Opens a yes/no question; the screen's confirmed(tag, yes) gets the answer. */
void app_confirm(struct app *a, int tag, const char *question);
/* Whether the current screen waits for an answer. */
bool app_loading(const struct app *a, int screen);
/* --- ":" commands (command.c) ------------------------------------------------------ */

/* Runs a command line of the CLI on the worker: the screen stays alive, a
 * question it asks is put here, its output is shown when it ends, and Esc
 * cancels it. */
void app_run_command(struct app *a, const char *text);
/* Sets up and frees what commands need (the question channel). */
void command_init(struct app *a);
/* Before the worker is joined: a command waiting for an answer gets "no". */
void command_close(struct app *a);
void command_free(struct app *a);
/* The file descriptor that wakes the loop when a command asks something. */
int command_fd(const struct app *a);
/* The loop was woken by it: opens the question. */
void command_asked(struct app *a);
/* The worker side of a REQ_COMMAND request. */
void command_run(struct req *r);
/* Its answer came back: the output, shown whole. */
void command_done(struct app *a, struct req *r);
/* Whether a command runs now. */
bool command_running(const struct app *a);
/* Esc while it runs: cancels it. */
void command_cancel(struct app *a);
/* MODAL_ASK and MODAL_OUTPUT: drawing and keys. */
void command_draw(struct app *a);
void command_modal_key(struct app *a, enum action act, const struct key *k);
/* --- the feedback question (rate.c) ------------------------------------------------ */

/* Asks how flow ("transfer", "bill_payment", "general") went, after lead
 * (the outcome, "Sent.", or NULL): a question that holds the keys until
 * answered or skipped, then sends the rating through the core. */
void app_ask_rating(struct app *a, const char *flow, const char *lead);
const char *rate_hint(const struct app *a);
int rate_rows(const struct app *a);
void rate_draw(struct app *a, int top, int x, int w);
void rate_key(struct app *a, const struct key *k);

/* Switches screen (entering it). */
void app_show(struct app *a, int screen);
void app_reload_accounts(struct app *a);
/* Money moved at the bank: the accounts and the current screen's data are
 * fetched again in the background and redrawn when they come, without a key
 * (not under an open question: its answer must act on what it asked about). */
void app_stale(struct app *a);
/* For "/" over the shared accounts: whether account i's name or kind holds needle. */
bool app_account_holds(struct app *a, long i, const char *needle);
/* Live alerts are long-polled from after this notification id on. */
void app_poll_from(struct app *a, long long after);
void app_format_money(const struct app *a, const struct money *m, unsigned flags, char *out, size_t len);
/* The hint text for the status line: "key label" pairs for these actions. */
void app_hints(struct app *a, const enum action *acts, int n);

/* --- themes (theme.c) ------------------------------------------------------------- */

/* Theme i's name ("default", "high-contrast", "monochrome"), or NULL past the last. */
const char *theme_name(int i);
/* Its name in the user's language, for the screen (theme_name is the config's). */
const char *theme_label(int i);
/* The theme called name, or -1. */
int theme_find(const char *name);
/* False when NO_COLOR asks for no colour. */
bool theme_colour_allowed(void);
/* Uses theme i from now on (colours only where allowed and possible). */
void theme_set(struct app *a, int theme);
void ui_on(struct app *a, enum role role);
void ui_off(struct app *a, enum role role);

/* --- drawing (draw.c) ------------------------------------------------------------- */

/* Untrusted text, sanitized and fitted to w columns at (y, x). */
void ui_text(int y, int x, int w, const char *s, int align_right);
/* From now on, text drawn by ui_text and ui_wrap has its amounts replaced
 * by mask (privacy mode), or not (NULL).  Set at the start of each frame;
 * returns the mask it replaces. */
const char *ui_privacy(const char *mask);
/* A name from the bank (an account, a biller) in w columns: cut in the
 * middle when too long, so names that start alike stay apart. */
void ui_name(int y, int x, int w, const char *s);
/* Screen-reader mode for this frame: signs, "%" and days written to be
 * heard ("minus 318.55 USD", "24 November 2026").  Set with ui_privacy. */
bool ui_speech(bool on);
/* Like ui_text for text we wrote ourselves (already safe): still fitted. */
#define ui_label ui_text
/* A form's label at (y, x); returns the column its field starts in, after
 * the label's display width (so a longer word in another language moves the
 * field, never covers it). */
int ui_field_label(int y, int x, const char *label);
/* The widest of two labels, for fields that line up under each other. */
int ui_wider(const char *a, const char *b);
/* Puts the hardware cursor's place: the focused item's start. */
void ui_focus(struct app *a, int y, int x);
/* A horizontal rule (ACS line, or '-' where line drawing is unsafe). */
void ui_rule(struct app *a, int y, int x, int w);
/* Whether the locale is UTF-8 (asked once; ASCII stands in for "…", "─", "█" otherwise). */
bool ui_utf8(void);
/* What stands for a hidden value in privacy mode: dots, or a word for a screen reader. */
const char *ui_mask(const struct app *a);
/* An account number for a row: its last four ("•••• 7919", or "ending 7919"
 * for a screen reader), or only the mask in privacy mode. */
void ui_account_number(const struct app *a, const char *iban, char *out, size_t len);
/* "Loading…" where data will appear. */
void ui_loading(struct app *a, int y, int x);
/* Wraps untrusted text over at most maxrows rows of w columns; returns rows used. */
int ui_wrap(int y, int x, int w, int maxrows, const char *s);
/* The rows ui_wrap would take for s at width w, with no limit. */
int ui_wrap_rows(int w, const char *s);
/* The money, or its mask in privacy mode, right-aligned in w columns. */
void ui_money(struct app *a, int y, int x, int w, const struct money *m, unsigned flags);
/* The day of an RFC 3339 time as the locale writes it ("22.11.2026",
 * "2026年11月22日"; "2026-11-22" in the C locale), into out. */
#define UI_DAY_MAX 48
void ui_day(const char *rfc3339, char out[UI_DAY_MAX]);
/* A month ("2026-11") as the locale writes it ("November 2026", "2026年11月"). */
void ui_month(const char *yyyy_mm, char out[UI_DAY_MAX]);
/* The columns a day takes in this locale, for the date column of a table. */
int ui_day_width(void);

/* --- the list widget (list.c) ----------------------------------------------------- */

struct list {
	long count; /* rows known */
	long sel, top;
	int height; /* rows shown, set by list_draw */
};

/* Moves the selection for a navigation action; true when it is one. */
bool list_key(struct list *l, enum action act);
/* Keeps sel inside [0, count) and visible. */
void list_clamp(struct list *l);
/* Draws rows [top, top+h) of the list through draw_row; the focus goes to
 * the selected row's start (x). */
void list_draw(struct app *a, struct list *l, int y, int x, int h, int w,
	       void (*draw_row)(struct app *a, void *ctx, long i, int y, int x, int w, bool sel), void *ctx);
/* On row y, under a list drawn by list_draw: how many rows are out of sight
 * above and below ("2 more below"); nothing when all are shown. */
void list_more(struct app *a, const struct list *l, int y, int x, int w);
/* Selects the next row after sel (wrapping) for which holds(a, i, needle); false when none. */
bool list_find(struct list *l, bool (*holds)(struct app *a, long i, const char *needle), struct app *a,
	       const char *needle);

/* Edits f with k; true when k was an editing key (the text may have changed). */
bool field_key(struct field *f, const struct key *k);
void field_set(struct field *f, const char *s);
/* Draws f in w columns at (y, x) and puts the focus at the insertion point. */
void field_draw(struct app *a, struct field *f, int y, int x, int w);
void field_clear(struct field *f);

/* A text field of several lines (area.c): a message of up to 4,000
 * characters of any script. */
#define AREA_MAX (4000 * 4 + 4)
struct area {
	size_t len, pos; /* bytes; pos is the insertion point */
	int top;         /* the first row shown */
	char buf[AREA_MAX];
};
void area_clear(struct area *ar);
/* The characters (code points) it holds. */
long area_chars(const struct area *ar);
/* Edits ar with k, wrapping at w columns, holding at most max_chars; true
 * when k was an editing key.  Up on the first row and Down on the last are
 * not: the screen moves the focus out. */
bool area_key(struct area *ar, const struct key *k, int w, long max_chars);
/* Draws its rows in h rows of w columns at (y, x); the focus at the
 * insertion point when focused. */
void area_draw(struct app *a, struct area *ar, int y, int x, int w, int h, bool focused);

/* Small checked readers for screens: a field of an item, "" or 0 when the
 * bank left an optional one out; a mistyped field fails the whole answer. */
const char *jstr(json_object *o, const char *name);
int64_t jint(json_object *o, const char *name);
bool jmoney(json_object *o, const char *name, struct money *out);
bool jbool(json_object *o, const char *name);
/* The array under name, or NULL. */
json_object *jarr(json_object *o, const char *name);
/* Whether any text of o (strings, numbers and amounts, at any depth) holds
 * needle, letter case aside. */
bool ui_json_holds(struct app *a, json_object *o, const char *needle);
/* Item i of array (which may be NULL); NULL outside it. */
json_object *jat(json_object *array, long i);

struct view_column;
/* A screen's answer r, checked against cols (each of doc[array], or doc):
 * kept in *slot, the old one released.  Otherwise false, having said why on
 * the status line (not for a request the user cancelled); *slot stays. */
bool ui_accept(struct app *a, struct req *r, const struct view_column *cols, int ncols, const char *what,
	       const char *array, json_object **slot);

/* Whether this terminal can hold the full screen (a terminal that can move
 * its cursor); says why not on stderr.  EXIT_OK, or EXIT_USAGE. */
int ui_terminal_check(void);

#endif
