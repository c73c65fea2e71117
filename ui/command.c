/* command.c: the ":" line and the Home shortcuts run a command of the
 * command line on the worker thread, never on the UI thread: the screen
 * stays alive while it runs, Esc cancels it, and its output (data and
 * messages, in the order written) is shown when it ends.
 *
 * A command that must ask (a yes before money moves, a password, a
 * one-time code) asks through the run's asker (src/run.h).  Here that
 * asker puts the question to the UI thread, through a pipe the main loop
 * polls, and waits on a condition variable until the person answers. */
#include "config.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tui.h"

enum ask_kind { ASK_CONFIRM, ASK_SECRET, ASK_CODE, ASK_LINE };

struct command_state {
	uint64_t job;              /* the running command's job, or 0 */
	char line[256];            /* what runs, for the status line and the output's title */
	/* the question channel */
	int pipe[2];
	pthread_mutex_t lock;
	pthread_cond_t answered_cond;
	bool waiting, answered;    /* under lock */
	enum ask_kind kind;
	char question[600];
	bool yes;
	char *text;                /* a password, code or line answered (wiped when taken) */
	struct field field;        /* what is typed for a password, a code or a line */
	struct run_asker asker;
	/* the output, when it ends */
	char **lines;
	size_t nlines;
	long top;
	int status;
	bool closing;              /* under lock: the app ends; no question waits */
};

/* --- the worker's side: asking and waiting ---------------------------------------- */

static bool ask(struct app *a, enum ask_kind kind, const char *question, char **text)
{
	struct command_state *cs = a->command;
	bool yes;

	pthread_mutex_lock(&cs->lock);
	if (cs->closing) {
		pthread_mutex_unlock(&cs->lock);
		return false;
	}
	cs->kind = kind;
	snprintf(cs->question, sizeof cs->question, "%s", question);
	cs->waiting = true;
	cs->answered = false;
	cs->yes = false;
	cs->text = NULL;
	pthread_mutex_unlock(&cs->lock);
	if (write(cs->pipe[1], "?", 1) != 1) {
		pthread_mutex_lock(&cs->lock);
		cs->waiting = false;
		pthread_mutex_unlock(&cs->lock);
		return false;
	}
	pthread_mutex_lock(&cs->lock);
	while (!cs->answered && !cs->closing)
		pthread_cond_wait(&cs->answered_cond, &cs->lock);
	cs->waiting = false;
	yes = cs->yes;
	if (text) {
		*text = cs->text;
		cs->text = NULL;
	}
	pthread_mutex_unlock(&cs->lock);
	return yes;
}

static bool ask_confirm(void *ctx, const char *question)
{
	return ask(ctx, ASK_CONFIRM, question, NULL);
}

static char *ask_secret(void *ctx, const char *prompt)
{
	char *text = NULL;

	ask(ctx, ASK_SECRET, prompt, &text);
	return text;
}

static char *ask_code(void *ctx, const char *why)
{
	char *text = NULL;

	ask(ctx, ASK_CODE, why, &text);
	return text;
}

/* A line shown as it is typed: the payee's name typed again, after a name
 * check found no match. */
static char *ask_line(void *ctx, const char *prompt)
{
	char *text = NULL;

	ask(ctx, ASK_LINE, prompt, &text);
	return text;
}

void command_run(struct req *r)
{
	struct run *c = r->c;
	char *buf = NULL, *copy = xstrdup(r->line), *argv[64];
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len), *old_out = c->out, *old_err = c->err;
	const struct run_asker *old_asker = c->asker;
	int argc = app_split(copy, argv, 64);

	if (!out) {
		free(copy);
		r->status = EXIT_ERROR;
		r->output = xstrdup(_("There is no memory to run the command."));
		return;
	}
	/* One stream: messages and data stay in the order they were written. */
	c->out = c->err = out;
	c->asker = &r->app->command->asker;
	r->status = argc ? cli_run_command(c, argc, argv) : EXIT_OK;
	c->out = old_out;
	c->err = old_err;
	c->asker = old_asker;
	fclose(out);
	r->output = buf;
	free(copy);
}

/* --- the UI thread's side ----------------------------------------------------------------- */

void command_init(struct app *a)
{
	struct command_state *cs = xcalloc(1, sizeof *cs);

	cs->pipe[0] = cs->pipe[1] = -1;
	if (pipe2(cs->pipe, O_CLOEXEC) != 0)
		cs->pipe[0] = cs->pipe[1] = -1;
	pthread_mutex_init(&cs->lock, NULL);
	pthread_cond_init(&cs->answered_cond, NULL);
	cs->asker = (struct run_asker){ ask_confirm, ask_secret, ask_code, ask_line, a };
	a->command = cs;
}

static void free_lines(struct command_state *cs)
{
	for (size_t i = 0; i < cs->nlines; i++)
		free(cs->lines[i]);
	free(cs->lines);
	cs->lines = NULL;
	cs->nlines = 0;
}

void command_close(struct app *a)
{
	struct command_state *cs = a->command;

	if (!cs)
		return;
	/* A command waiting for an answer gets "no", so the worker can be joined. */
	pthread_mutex_lock(&cs->lock);
	cs->closing = true;
	pthread_cond_signal(&cs->answered_cond);
	pthread_mutex_unlock(&cs->lock);
}

void command_free(struct app *a)
{
	struct command_state *cs = a->command;

	if (!cs)
		return;
	free_lines(cs);
	if (cs->pipe[0] >= 0) {
		close(cs->pipe[0]);
		close(cs->pipe[1]);
	}
	pthread_mutex_destroy(&cs->lock);
	pthread_cond_destroy(&cs->answered_cond);
	explicit_bzero(&cs->field, sizeof cs->field);
	free(cs);
	a->command = NULL;
}

int command_fd(const struct app *a)
{
	return a->command ? a->command->pipe[0] : -1;
}

bool command_running(const struct app *a)
{
	return a->command && a->command->job;
}

/* Gives the worker its answer; text (may be NULL) is the password or code. */
static void answer(struct app *a, bool yes, const char *text)
{
	struct command_state *cs = a->command;

	pthread_mutex_lock(&cs->lock);
	if (cs->waiting && !cs->answered) {
		cs->yes = yes;
		cs->text = text ? xstrdup(text) : NULL;
		cs->answered = true;
		pthread_cond_signal(&cs->answered_cond);
	}
	pthread_mutex_unlock(&cs->lock);
	field_clear(&cs->field);
	explicit_bzero(&cs->field, sizeof cs->field);
	a->modal = MODAL_NONE;
	a->dirty = true;
}

void command_asked(struct app *a)
{
	struct command_state *cs = a->command;
	char byte;

	if (read(cs->pipe[0], &byte, 1) != 1)
		return;
	pthread_mutex_lock(&cs->lock);
	if (cs->waiting && !cs->answered) {
		field_clear(&cs->field);
		a->modal = MODAL_ASK;
	}
	pthread_mutex_unlock(&cs->lock);
	a->dirty = true;
}

void app_run_command(struct app *a, const char *text)
{
	struct command_state *cs = a->command;

	if (!*text)
		return;
	if (cs->job) {
		app_say(a, "%s", _("A command is still running: Esc cancels it."));
		return;
	}
	/* The live alerts' long-poll would hold the connection for half a minute. */
	if (a->poll_id)
		worker_cancel(a->worker, a->poll_id);
	snprintf(cs->line, sizeof cs->line, "%s", text);
	cs->job = app_command(a, T_COMMAND, text);
	/* L10N: while a ":" command runs; %s is the command as typed. */
	app_say(a, _("Running '%s %s'… Esc cancels."), PACKAGE, text);
}

void command_cancel(struct app *a)
{
	struct command_state *cs = a->command;

	if (!cs->job)
		return;
	worker_cancel(a->worker, cs->job);
	app_say(a, "%s", _("Cancelling…"));
}

void command_done(struct app *a, struct req *r)
{
	struct command_state *cs = a->command;
	char *safe;
	const char *p;

	cs->job = 0;
	free_lines(cs);
	cs->top = 0;
	cs->status = r->job.ran ? r->status : EXIT_ERROR;
	if (!r->job.ran) {
		/* Cancelled before it started: nothing was done. */
		free(r->output);
		r->output = xstrdup(_("Cancelled before it started: nothing was done."));
	}
	/* What a command prints holds the bank's text: made safe, line by line. */
	safe = text_sanitize(r->output ? r->output : "", r->output ? strlen(r->output) : 0, TEXT_MULTILINE);
	for (p = safe; *p;) {
		size_t n = strcspn(p, "\n");
		cs->lines = xrealloc(cs->lines, (cs->nlines + 1) * sizeof *cs->lines);
		cs->lines[cs->nlines] = xmalloc(n + 1);
		memcpy(cs->lines[cs->nlines], p, n);
		cs->lines[cs->nlines++][n] = '\0';
		p += n + (p[n] == '\n');
	}
	free(safe);
	a->modal = MODAL_OUTPUT;
	app_say(a, "%s", "");
	/* What the command changed shows on return: balances, lists. */
	app_reload_accounts(a);
	a->dirty = true;
}

void command_draw(struct app *a)
{
	struct command_state *cs = a->command;
	int w = a->cols - 4, y;
	char line[700];

	if (a->modal == MODAL_ASK) {
		int bw = a->cols - 8 > 70 ? 70 : a->cols - 8, x = (a->cols - bw) / 2;
		/* The question whole, on as many rows as it takes (a review in
		 * Spanish at 60 columns takes three), as far as the screen has them. */
		int qn = ui_wrap_rows(bw - 2, cs->question), top;
		if (qn < 2)
			qn = 2;
		if (qn > a->rows - 7)
			qn = a->rows - 7 < 1 ? 1 : a->rows - 7;
		top = (a->rows - qn) / 2 - 1;
		if (top < 2)
			top = 2;
		/* Whole rows: nothing of the screen below shows through beside the box. */
		for (int r = top - 1; r <= top + qn + 2 && r < a->rows - 1; r++) {
			move(r, 0);
			clrtoeol();
		}
		ui_rule(a, top - 1, x, bw);
		ui_on(a, ROLE_HEADING);
		ui_wrap(top, x + 1, bw - 2, qn, cs->question);
		ui_off(a, ROLE_HEADING);
		if (cs->kind == ASK_CONFIRM)
			ui_focus(a, top, x + 1); /* the question's first row */
		top += qn - 2; /* the rows under the question, as they were for two */
		if (cs->kind == ASK_CONFIRM) {
			/* L10N: the answers of a yes/no question; keep y and n as the keys. */
			ui_label(top + 2, x + 1, bw - 2, _("y yes   n no"), 0);
		} else if (cs->kind == ASK_LINE) {
			/* Shown as typed, the cursor at the insertion point (field_draw). */
			int fx = ui_field_label(top + 2, x + 1, _("Name:"));
			ui_label(top + 3, x + 1, bw - 2, _("Enter sends it, Esc answers nothing."), 0);
			field_draw(a, &cs->field, top + 2, fx, bw - (fx - x) - 1);
		} else {
			int fx = ui_field_label(top + 2, x + 1, cs->kind == ASK_SECRET ? _("Password:") : _("Code:"));
			/* Stars, never the typed characters. */
			snprintf(line, sizeof line, "%.*s", (int)(cs->field.len < 64 ? cs->field.len : 64),
				 "****************************************************************");
			ui_label(top + 2, fx, bw - fx + x, line, 0);
			ui_label(top + 3, x + 1, bw - 2, _("Enter sends it, Esc answers nothing."), 0);
			ui_focus(a, top + 2, fx + (int)(cs->field.len < 64 ? cs->field.len : 64));
		}
		ui_rule(a, top + 4, x, bw);
		return;
	}
	for (int r = 1; r < a->rows - 1; r++) {
		move(r, 0);
		clrtoeol();
	}
	snprintf(line, sizeof line, "$ %s %s", PACKAGE, cs->line);
	ui_on(a, ROLE_HEADING);
	ui_label(1, 2, w, line, 0);
	ui_off(a, ROLE_HEADING);
	y = 3;
	for (long i = cs->top; i < (long)cs->nlines && y < a->rows - 2; i++, y++)
		ui_text(y, 2, w, cs->lines[i], 0);
	/* L10N: under a ":" command's output: its exit status, then the keys. */
	snprintf(line, sizeof line, _("Exit status %d.  Up and Down scroll; Enter or Esc goes back."), cs->status);
	ui_label(a->rows - 2, 2, w, line, 0);
	/* The reader starts at the first line of what the command said. */
	ui_focus(a, cs->nlines ? 3 : 1, 2);
}

void command_modal_key(struct app *a, enum action act, const struct key *k)
{
	struct command_state *cs = a->command;
	bool esc = !k->is_key && k->ch == 27;
	bool enter = key_is_enter(k);

	if (a->modal == MODAL_ASK) {
		if (cs->kind == ASK_CONFIRM) {
			bool yes = !k->is_key && (k->ch == 'y' || k->ch == 'Y');
			if (yes || esc || (!k->is_key && (k->ch == 'n' || k->ch == 'N')))
				answer(a, yes, NULL);
			else
				app_say(a, "%s", _("Answer y or n."));
		} else if (esc) {
			answer(a, false, NULL);
		} else if (enter) {
			answer(a, true, cs->field.buf);
		} else {
			field_key(&cs->field, k);
		}
		return;
	}
	/* MODAL_OUTPUT */
	if (act == ACT_DOWN || act == ACT_PAGE_DOWN) {
		long step = act == ACT_DOWN ? 1 : a->rows - 6;
		if (cs->top + step < (long)cs->nlines)
			cs->top += step;
	} else if (act == ACT_UP || act == ACT_PAGE_UP) {
		cs->top -= act == ACT_UP ? 1 : a->rows - 6;
		if (cs->top < 0)
			cs->top = 0;
	} else if (enter || esc || act == ACT_BACK || act == ACT_OPEN || act == ACT_QUIT) {
		a->modal = MODAL_NONE;
		app_show(a, a->cur);
	}
	a->dirty = true;
}
