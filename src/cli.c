/* cli.c: every feature as a command.  Data goes to stdout (an aligned table,
 * or --json), messages to stderr; the exit status says what kind of failure
 * it was.  Secrets come from the terminal with echo off, or from standard
 * input with --password-stdin: never from argv or the environment. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <ftw.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "api.h"
#include "bankterm.h"
#include "cli.h"
#include "words.h"
#include "cmd.h"
#include "complete.h"
#include "conf.h"
#include "export.h"
#include "cli_private.h"
#include "intent.h"
#include "pay.h"
#include "payees.h"
#include "transfers.h"
#include "json.h"
#include "secret.h"
#include "text.h"
#include "session.h"
#include "table.h"

/* --- prompts ------------------------------------------------------------------- */

/* One line from fd, without its newline; NULL at end of input.  Read a
 * byte at a time with read(2), into a buffer of ours that is wiped as it
 * grows: a secret never sits in stdio's buffer, and nothing past the line
 * is taken from the file (the one-time code may be the next line). */
static char *read_line(int fd)
{
	size_t cap = 64, n = 0;
	char *line = xmalloc(cap), ch;
	ssize_t got;

	while ((got = read(fd, &ch, 1)) == 1 || (got < 0 && errno == EINTR)) {
		if (got < 0)
			continue;
		if (ch == '\n')
			break;
		if (n + 1 == cap) {
			line = xrealloc_secret(line, n, cap, cap * 2);
			cap *= 2;
		}
		line[n++] = ch;
	}
	if (got <= 0 && !n) {
		xfree_secret(line, cap);
		return NULL;
	}
	while (n > 0 && line[n - 1] == '\r')
		n--;
	line[n] = '\0';
	return line;
}

/* While a hidden answer is typed, the terminal's settings to put back when
 * a signal (Ctrl-C) ends bankterm there: echo comes back, not left off. */
static volatile sig_atomic_t tty_saved_fd = -1;
static struct termios tty_saved;

static void restore_tty_and_die(int sig)
{
	if (tty_saved_fd >= 0) {
		tcsetattr(tty_saved_fd, TCSAFLUSH, &tty_saved);
		(void)!write(tty_saved_fd, "\n", 1);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Asks on the terminal; hidden input for secrets.  NULL without a terminal. */
static char *ask_tty(const char *question, bool hidden)
{
	FILE *tty = fopen("/dev/tty", "r+");
	struct termios old, quiet;
	bool restored = true;
	char *answer;

	if (!tty)
		return NULL;
	fputs(question, tty);
	fflush(tty);
	void (*old_int)(int) = SIG_DFL, (*old_term)(int) = SIG_DFL, (*old_hup)(int) = SIG_DFL;
	if (hidden && tcgetattr(fileno(tty), &old) == 0) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tty_saved = old;
		tty_saved_fd = fileno(tty);
		old_int = signal(SIGINT, restore_tty_and_die);
		old_term = signal(SIGTERM, restore_tty_and_die);
		old_hup = signal(SIGHUP, restore_tty_and_die);
		restored = tcsetattr(fileno(tty), TCSAFLUSH, &quiet) != 0;
	}
	fflush(tty);
	answer = read_line(fileno(tty));
	if (hidden && !restored) {
		tcsetattr(fileno(tty), TCSAFLUSH, &old);
		fputc('\n', tty);
	}
	if (tty_saved_fd >= 0) {
		tty_saved_fd = -1;
		signal(SIGINT, old_int);
		signal(SIGTERM, old_term);
		signal(SIGHUP, old_hup);
	}
	fclose(tty);
	return answer;
}

/* password_command (as msmtp's passwordeval): run by /bin/sh with nothing
 * on its standard input; the first line it prints is the password.  The
 * line never passes through stdio's buffers.  NULL, said, when it fails. */
static char *run_password_command(struct run *c, const char *command)
{
	int out[2], status = 0;
	char *line;
	pid_t pid;

	if (pipe2(out, O_CLOEXEC))
		return NULL;
	pid = fork();
	if (pid < 0) {
		close(out[0]);
		close(out[1]);
		return NULL;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
		if (null < 0 || dup2(null, STDIN_FILENO) < 0 || dup2(out[1], STDOUT_FILENO) < 0)
			_exit(127);
		execl("/bin/sh", "sh", "-c", command, (char *)NULL);
		_exit(127);
	}
	close(out[1]);
	line = read_line(out[0]);
	/* What it prints after the first line (pass show's other lines) is read
	 * to its end and wiped, so the command ends as it would, not on SIGPIPE. */
	{
		char rest[256];
		ssize_t got;
		while ((got = read(out[0], rest, sizeof rest)) > 0 || (got < 0 && errno == EINTR))
			;
		explicit_bzero(rest, sizeof rest);
	}
	close(out[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) || !line || !*line) {
		/* L10N: the config's password_command failed; %d is its exit status. */
		fprintf(c->err, _("%s: password_command gave no password (exit status %d)\n"), PACKAGE,
			WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
		if (line)
			xfree_secret(line, strlen(line));
		return NULL;
	}
	return line;
}

/* --password-stdin: the password is its first line whether or not the
 * keyring holds a session, so a one-time code is always the next line. */
static void read_stdin_password(struct run *c)
{
	if (c->password_stdin && !c->demo && !c->stdin_read) {
		c->stdin_password = read_line(STDIN_FILENO);
		c->stdin_read = true;
	}
}

/* Once signed in, the password read from standard input is wiped: it is
 * in no memory of the process for the rest of the run. */
static void drop_stdin_password(struct run *c)
{
	if (c->stdin_password)
		xfree_secret(c->stdin_password, strlen(c->stdin_password));
	c->stdin_password = NULL;
}

/* The profile's password_command, or NULL when it has none. */
static const char *password_command(const struct run *c)
{
	return c->profile && c->profile->password_command && *c->profile->password_command ? c->profile->password_command
												 : NULL;
}

/* Whether a password can be had without a terminal. */
static bool password_without_asking(const struct run *c)
{
	return c->password_stdin || c->demo || password_command(c);
}

static char *prompt_password(void *ctx, const char *user, const char *server)
{
	struct run *c = ctx;
	char q[640];

	/* The demo personas' password is public. */
	if (c->demo)
		return xstrdup("demo");
	if (c->password_stdin)
		return c->stdin_password ? xstrdup(c->stdin_password) : NULL;
	if (password_command(c))
		return run_password_command(c, password_command(c));
	/* L10N: asked on the terminal; %s are the username and the server address. */
	snprintf(q, sizeof q, _("Password for %s at %s: "), user, server);
	return c->asker ? c->asker->secret(c->asker->ctx, q) : ask_tty(q, true);
}

static char *prompt_code(void *ctx, const char *why)
{
	struct run *c = ctx;
	char q[640], code[8];

	if (c->demo && demo_code(c->demo, code)) {
		/* L10N: %s says why a code is needed; the demo types it itself. */
		fprintf(c->err, _("%s: %s; the demo enters it for you\n"), PACKAGE, why);
		return xstrdup(code);
	}
	if (c->password_stdin) {
		/* L10N: %s says why a code is needed; the code is then read from standard input. */
		fprintf(c->err, _("%s: %s; reading the code from standard input\n"), PACKAGE, why);
		return read_line(STDIN_FILENO);
	}
	if (c->asker)
		return c->asker->code(c->asker->ctx, why);
	/* L10N: %s says why a code is asked for; then the one-time code is typed. */
	snprintf(q, sizeof q, _("%s.\nOne-time code: "), why);
	return ask_tty(q, false);
}

/* --- errors --------------------------------------------------------------------- */

int cli_report(const struct run *c, const struct api_error *err)
{
	char *safe = text_sanitize(err->message, strlen(err->message), 0);

	fprintf(c->err, "%s: %s\n", PACKAGE, safe);
	free(safe);
	switch (err->status) {
	case API_ERR_TRANSPORT:
		return EXIT_NETWORK;
	case API_ERR_DECODE:
		return EXIT_DECODE;
	default:
		return !strcmp(err->code, "unauthorized") || !strcmp(err->code, "mfa_required") ||
				       !strcmp(err->code, "rate_limited") || !strcmp(err->code, "code_used")
			       ? EXIT_AUTH
			       : EXIT_ERROR;
	}
}

int cli_usage_error(const struct run *c, const char *cmd, const char *what)
{
	/* L10N: "bankterm transactions: <what is wrong>" */
	fprintf(c->err, "%s %s: %s\n", PACKAGE, cmd, what);
	fprintf(c->err, _("Try '%s %s --help'.\n"), PACKAGE, cmd);
	return EXIT_USAGE;
}

bool cli_can_ask(const struct run *c)
{
	return c->asker || (!c->password_stdin && isatty(STDIN_FILENO));
}

/* --- the session --------------------------------------------------------------- */

static bool need_server(struct run *c)
{
	if (c->server && c->user)
		return true;
	fprintf(c->err, "%s: %s\n", PACKAGE,
		!c->server ? _("which bank? give --server URL") : _("who? give --user NAME"));
	return false;
}

/* A bank's address with no path ("http://127.0.0.1:8080", as the sandbox
 * prints it) means its API at /v1, where this API lives. */
static void server_with_path(struct run *c)
{
	const char *host = strstr(c->server, "://");
	const char *slash = host ? strchr(host + 3, '/') : NULL;

	if (!host || (slash && slash[1]) || c->server == c->server_url)
		return;
	snprintf(c->server_url, sizeof c->server_url, "%.*s/v1", slash ? (int)(slash - c->server) : (int)strlen(c->server),
		 c->server);
	c->server = c->server_url;
}

static int open_session(struct run *c)
{
	struct api_error err = { 0 };
	char note[256] = "";
	const struct secret_store *store;

	if (c->open)
		return EXIT_OK;
	if (!need_server(c))
		return EXIT_USAGE;
	server_with_path(c);
	/* A demo never touches the user's keyring. */
	store = c->demo ? &secret_nowhere : secret_store_open(note, sizeof note);
	if (!session_open(&c->s, c->server, c->user, c->cacert, store, &err))
		return cli_report(c, &err);
	snprintf(c->s.store_note, sizeof c->s.store_note, "%s", note);
	c->open = true;
	if (c->trace)
		http_trace(c->s.http, c->trace);
	return EXIT_OK;
}

/* Says once why nothing is remembered between runs. */
static void say_store_note(struct run *c)
{
	if (*c->s.store_note) {
		if (c->password_stdin || password_command(c))
			/* L10N: %s explains why no keyring can be used; nobody is asked (a script, or password_command). */
			fprintf(c->err, _("%s: %s; each run signs in anew.\n"), PACKAGE, c->s.store_note);
		else
			/* L10N: %s explains why no keyring can be used. */
			fprintf(c->err, _("%s: %s; you will be asked for your password each time.\n"), PACKAGE,
				c->s.store_note);
		c->s.store_note[0] = '\0';
	}
}

/* Where the person can be asked: a terminal on both ends, and no answers
 * coming from standard input. */
static bool can_ask(const struct run *c)
{
	return c->asker || (!c->password_stdin && isatty(STDIN_FILENO) && isatty(STDERR_FILENO));
}

/* Does answer (any case) match one of words ("y|yes")? */
static bool answer_is(const char *answer, const char *words)
{
	char low[64];
	size_t i;

	for (i = 0; answer[i] && i < sizeof low - 1; i++)
		low[i] = (char)(answer[i] >= 'A' && answer[i] <= 'Z' ? answer[i] - 'A' + 'a' : answer[i]);
	low[i] = '\0';
	for (const char *w = words; *w && *low;) {
		size_t len = strcspn(w, "|");
		if (strlen(low) == len && !strncmp(low, w, len))
			return true;
		w += len + (w[len] == '|');
	}
	return false;
}

/* Sends a payment that never reached the bank, under its own key. */
int cli_resend_intent(struct run *c, const struct intent *in)
{
	struct session_prompt p = { prompt_password, prompt_code, c };
	struct api_error err = { 0 };
	char *summary = text_sanitize(in->summary, strlen(in->summary), 0);
	int rc = EXIT_OK;

	switch (pay_resend(&c->s, &p, in, NULL, &err)) {
	case PAY_DONE:
		/* L10N: %s is the payment as it was confirmed. */
		fprintf(c->err, _("%s: sent: %s\n"), PACKAGE, summary);
		break;
	case PAY_UNKNOWN:
		cli_report(c, &err);
		fprintf(c->err, _("%s: the outcome is unknown; bankterm will check it the next time it runs, "
				  "without paying twice\n"),
			PACKAGE);
		rc = EXIT_UNKNOWN;
		break;
	case PAY_REFUSED:
	default:
		rc = cli_report(c, &err);
		break;
	}
	free(summary);
	return rc;
}

/* Asks whether to send a payment that never reached the bank: yes sends
 * it, no drops it, anything else keeps it for the next time. */
static void settle_one(struct run *c, const struct intent *in)
{
	char *answer;

	/* In the full screen: yes sends it, no keeps it for the Transfers list to decide. */
	if (c->asker) {
		if (c->asker->confirm(c->asker->ctx, _("Send it now?")))
			cli_resend_intent(c, in);
		else
			fprintf(c->err, _("%s: kept unsent; you will be asked again\n"), PACKAGE);
		return;
	}
	/* L10N: asked after "a payment from 3 hours ago never reached the bank ...". */
	answer = ask_tty(_("Send it now? y sends it, n drops it, Enter asks again next time: "), false);

	/* L10N: the answers that mean yes, lowercase, separated by "|": "y|yes" */
	if (answer && answer_is(answer, _("y|yes"))) {
		cli_resend_intent(c, in);
	/* L10N: the answers that mean no, lowercase, separated by "|": "n|no" */
	} else if (answer && answer_is(answer, _("n|no"))) {
		pay_drop(in);
		fprintf(c->err, _("%s: dropped; it was not sent\n"), PACKAGE);
	} else {
		fprintf(c->err, _("%s: kept unsent; you will be asked again\n"), PACKAGE);
	}
	free(answer);
}

/* Every payment whose answer was lost is settled by asking the bank what
 * became of it (pay.h).  One that never arrived is sent only when the
 * person says so now: a yes given to today's command is not a yes to it. */
static void settle_intents(struct run *c)
{
	size_t n = 0;
	struct intent *list = intent_pending(c->server, c->user, &n);
	char msg[1024];

	for (size_t i = 0; i < n; i++) {
		enum pay_verdict v = pay_check(&c->s, &list[i], (long long)time(NULL), msg, sizeof msg);

		fprintf(c->err, "%s: %s\n", PACKAGE, msg);
		if (v != PAY_NEVER_RECEIVED)
			continue;
		if (!can_ask(c)) {
			/* L10N: after "a payment ... never reached the bank"; %s is the program's name. */
			fprintf(c->err, _("%s: it is kept unsent; run '%s pending' to send it or to drop it\n"), PACKAGE,
				PACKAGE);
			continue;
		}
		settle_one(c, &list[i]);
	}
	intent_list_free(list, n);
}

/* Signed in from the keyring, or (with a way to ask) by password. */
int cli_signed_in_unsettled(struct run *c)
{
	struct session_prompt p = { prompt_password, prompt_code, c };
	struct api_error err = { 0 };
	int rc = open_session(c);

	if (rc)
		return rc;
	read_stdin_password(c);
	/* Signed in already in this run (the full screen's ":" commands): no second sign-in. */
	if (c->s.access)
		return EXIT_OK;
	if (session_resume(&c->s, &err)) {
		drop_stdin_password(c);
		say_store_note(c);
		return EXIT_OK;
	}
	if (err.status != API_ERR_PROBLEM || strcmp(err.code, "unauthorized"))
		return cli_report(c, &err);
	say_store_note(c);
	if (!password_without_asking(c) && !cli_can_ask(c)) {
		fprintf(c->err, _("%s: not signed in: run '%s login' first\n"), PACKAGE, PACKAGE);
		return EXIT_AUTH;
	}
	rc = session_login(&c->s, &p, &err) ? EXIT_OK : cli_report(c, &err);
	drop_stdin_password(c);
	return rc;
}

int cli_signed_in(struct run *c)
{
	int rc = cli_signed_in_unsettled(c);

	if (!rc)
		settle_intents(c);
	return rc;
}

int cli_call(struct run *c, const char *method, const char *path, const char *body,
		const char *idem_key, json_object **out)
{
	struct session_prompt p = { prompt_password, prompt_code, c };
	struct http_request rq = { method, path, body, NULL, idem_key, NULL, NULL, 0 };
	struct api_error err = { 0 };

	if (!session_call(&c->s, &rq, &p, out, &err))
		return cli_report(c, &err);
	return EXIT_OK;
}

/* --- completion ------------------------------------------------------------------- */

/* The names of accounts or payees, for completion on TAB: only when they are
 * cheap, from a session the keyring holds for the bank and user the words
 * typed (or the config) name, within two seconds.  Never a password asked,
 * never --demo's bank; a name the terminal could not be shown as it is
 * (text_sanitize would change it) is left out. */
static int apply_profile(struct run *c, const char *name);

static char **complete_names(void *ctx, const char *what, int nwords, char **words)
{
	struct run *c = ctx;
	const char *profile = NULL;
	const bool accounts = !strcmp(what, "ACCOUNT");
	const struct secret_store *store;
	struct session s = { 0 };
	struct api_error err = { 0 };
	struct http_request rq = { "GET", accounts ? "/accounts" : "/payees", NULL, NULL, NULL, NULL, NULL, 0 };
	json_object *doc = NULL;
	char note[256], **names = NULL;
	size_t n = 0;

	if (!accounts && strcmp(what, "PAYEE"))
		return NULL;
	for (int i = 0; i + 1 < nwords; i++) {
		if (!strcmp(words[i], "--demo"))
			return NULL;
		if (i + 2 < nwords || words[i + 1][0]) {
			if (!strcmp(words[i], "--server"))
				c->server = words[i + 1];
			else if (!strcmp(words[i], "--user"))
				c->user = words[i + 1];
			else if (!strcmp(words[i], "--profile"))
				profile = words[i + 1];
		}
	}
	if (apply_profile(c, profile) || !c->server || !c->user)
		return NULL;
	server_with_path(c);
	store = secret_store_open(note, sizeof note);
	if (store == &secret_nowhere || !session_open(&s, c->server, c->user, c->cacert, store, &err))
		return NULL;
	http_limit(s.http, 2000);
	if (session_resume(&s, &err) && session_call(&s, &rq, NULL, &doc, &err)) {
		struct api_account *acc = NULL;
		struct api_payee *pay = NULL;
		size_t count = 0;
		if (accounts ? api_decode_accounts(doc, &acc, &count, &err) : api_decode_payees(doc, &pay, &count, &err)) {
			names = xcalloc(count + 1, sizeof *names);
			for (size_t i = 0; i < count; i++) {
				const char *name = accounts ? acc[i].name : pay[i].name;
				/* What the terminal would be shown otherwise: such a name is left out. */
				char *safe = text_sanitize(name, strlen(name), 0);
				if (*name && !strcmp(safe, name))
					names[n++] = safe;
				else
					free(safe);
			}
		}
		free(acc);
		free(pay);
	}
	json_object_put(doc);
	session_close(&s);
	return names;
}

/* --- output helpers -------------------------------------------------------------- */

void cli_print_json(struct run *c, json_object *o)
{
	json_write_safe(c->out, o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
	fputc('\n', c->out);
}

int cli_print_json_view(struct run *c, json_object *doc, const struct view_column *cols, int ncols, const char *what)
{
	struct api_error err = { 0 };
	struct view v = { cols, ncols, what, &c->nf, VIEW_JSON, c->out };

	return view_print(&v, doc, NULL, &err) ? EXIT_OK : cli_report(c, &err);
}

void cli_format_money(const struct run *c, const struct money *m, char *out, size_t len)
{
	if (money_format(m, &c->nf, MONEY_FMT_CODE, out, len) != MONEY_OK)
		snprintf(out, len, "%" PRId64 " %s", m->minor, m->currency);
}

static json_object *account_json(const struct api_account *a)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "id", json_object_new_string(a->id));
	json_object_object_add(o, "kind", json_object_new_string(a->kind));
	json_object_object_add(o, "name", json_object_new_string(a->name));
	json_object_object_add(o, "currency", json_object_new_string(a->currency));
	json_object_object_add(o, "iban", *a->iban ? json_object_new_string(a->iban) : NULL);
	json_object_object_add(o, "booked_balance", json_new_money(&a->booked));
	json_object_object_add(o, "available_balance", json_new_money(&a->available));
	return o;
}


/* --- commands ------------------------------------------------------------------- */

/* login and logout --json: {what: true, "user", "server"}. */
static void print_session_json(struct run *c, const char *what)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, what, json_object_new_boolean(1));
	json_object_object_add(o, "user", json_object_new_string(c->user));
	json_object_object_add(o, "server", json_object_new_string(c->server));
	cli_print_json(c, o);
	json_object_put(o);
}

static int cmd_login(struct run *c, struct cmd_args *ca)
{
	struct session_prompt p = { prompt_password, prompt_code, c };
	struct api_error err = { 0 };
	int rc;

	if (ca->argc)
		return cli_usage_error(c, "login", _("this command takes no arguments"));
	if ((rc = open_session(c)))
		return rc;
	read_stdin_password(c);
	if (!password_without_asking(c) && !cli_can_ask(c)) {
		fprintf(c->err, _("%s: no terminal to ask for the password: use --password-stdin\n"), PACKAGE);
		return EXIT_USAGE;
	}
	rc = session_login(&c->s, &p, &err);
	drop_stdin_password(c);
	if (!rc)
		return cli_report(c, &err);
	say_store_note(c);
	if (c->json)
		print_session_json(c, "signed_in");
	else
		/* L10N: %s are the username and the server. */
		fprintf(c->err, _("Signed in as %s at %s.\n"), c->user, c->server);
	return EXIT_OK;
}

/* As scripts write it (docker login --password-stdin): after the command too. */
static const struct cmd_option login_options[] = {
	{ "password-stdin", 0, NULL, N_("read the password (and any one-time code) from standard input") },
	OPT_JSON,
	{ NULL, 0, NULL, NULL },
};
static const struct cmd_entry login_entry = {
	"login", "[--password-stdin] [--json]",
	N_("Sign in (password, then a one-time code when the bank asks) and keep\nthe session in the keyring."),
	N_("sign in and keep the session in the keyring"), login_options, cmd_login,
};

static int cmd_logout(struct run *c, struct cmd_args *ca)
{
	struct api_error err = { 0 };
	int rc;

	if (ca->argc)
		return cli_usage_error(c, "logout", _("this command takes no arguments"));
	if ((rc = open_session(c)))
		return rc;
	if (!session_logout(&c->s, &err))
		return cli_report(c, &err);
	if (c->json)
		print_session_json(c, "signed_out");
	else
		fprintf(c->err, _("Signed out.\n"));
	return EXIT_OK;
}

static const struct cmd_option logout_options[] = { OPT_JSON, { NULL, 0, NULL, NULL } };
static const struct cmd_entry logout_entry = {
	"logout", "[--json]", N_("End the session at the bank and delete it from the keyring."),
	N_("end the session and delete it from the keyring"), logout_options, cmd_logout,
};

/* Fetches the accounts (signed in already). */
int cli_fetch_accounts(struct run *c, struct api_account **list, size_t *n)
{
	json_object *o = NULL;
	struct api_error err = { 0 };
	int rc = cli_call(c, "GET", "/accounts", NULL, NULL, &o);

	if (rc)
		return rc;
	if (!api_decode_accounts(o, list, n, &err)) {
		json_object_put(o);
		return cli_report(c, &err);
	}
	json_object_put(o);
	return EXIT_OK;
}

static int cmd_accounts(struct run *c, struct cmd_args *ca)
{
	struct api_account *list = NULL;
	size_t n = 0;
	int rc;

	if (ca->argc)
		return cli_usage_error(c, "accounts", _("this command takes no arguments"));
	if ((rc = cli_signed_in(c)) || (rc = cli_fetch_accounts(c, &list, &n)))
		return rc;
	if (c->json) {
		json_object *out = json_object_new_object(), *items = json_object_new_array();
		for (size_t i = 0; i < n; i++)
			json_object_array_add(items, account_json(&list[i]));
		json_object_object_add(out, "items", items);
		cli_print_json(c, out);
		json_object_put(out);
	} else if (c->csv) {
		fputs("id,kind,name,currency,available,booked\r\n", c->out);
		for (size_t i = 0; i < n; i++) {
			char avail[MONEY_FMT_MAX], booked[MONEY_FMT_MAX];
			/* Every field from the bank through the one CSV writer (sanitized, quoted, formula-guarded). */
			const char *text[] = { list[i].id, list[i].kind, list[i].name, list[i].currency };
			money_format_plain(&list[i].available, avail, sizeof avail);
			money_format_plain(&list[i].booked, booked, sizeof booked);
			for (size_t k = 0; k < sizeof text / sizeof text[0]; k++) {
				export_csv_cell(c->out, text[k], true);
				fputc(',', c->out);
			}
			fprintf(c->out, "%s,%s\r\n", avail, booked);
		}
	} else {
		const char *h[] = { _("Account"), _("Kind"), _("Available"), _("Balance"), _("ID") };
		const bool right[] = { false, false, true, true, false };
		struct table *t = table_new(5, h, right);
		for (size_t i = 0; i < n; i++) {
			char avail[MONEY_FMT_MAX], booked[MONEY_FMT_MAX];
			const char *row[5];
			cli_format_money(c, &list[i].available, avail, sizeof avail);
			cli_format_money(c, &list[i].booked, booked, sizeof booked);
			row[0] = list[i].name;
			row[1] = words_of(WORDS_KIND, list[i].kind);
			row[2] = avail;
			row[3] = booked;
			row[4] = list[i].id;
			table_add(t, row);
		}
		table_print(t, c->out);
		table_free(&t);
	}
	free(list);
	return EXIT_OK;
}

static const struct cmd_option list_options[] = { OPT_JSON, OPT_CSV, { NULL, 0, NULL, NULL } };
static const struct cmd_entry accounts_entry = {
	"accounts", "[--json|--csv]", N_("List your accounts with their balances."),
	N_("list your accounts and balances"), list_options, cmd_accounts,
};

/* An account named by id or by its name (any case). */
int cli_find_account(struct run *c, const char *cmd, const char *which, struct api_account *out)
{
	struct api_account *list = NULL;
	size_t n = 0, i;
	char msg[640];
	int rc = cli_fetch_accounts(c, &list, &n);

	if (rc)
		return rc;
	if (accounts_find(list, n, which, &i, msg, sizeof msg)) {
		*out = list[i];
	} else {
		fprintf(c->err, "%s %s: %s\n", PACKAGE, cmd, msg);
		rc = EXIT_ERROR;
	}
	free(list);
	return rc;
}

/* Appends "&name=value" (URL-escaped) to a query. */

int cli_txn_days(struct run *c, const char *cmd, const char *from, const char *to)
{
	/* Checked before signing in: a day that does not exist is the user's slip, said at once. */
	if ((from && !text_is_day(from)) || (to && !text_is_day(to)))
		return cli_usage_error(c, cmd, _("a day is written YYYY-MM-DD and must exist, for example 2026-02-28"));
	return EXIT_OK;
}

int cli_txn_path(struct run *c, const char *cmd, const struct api_account *acc, const char *from, const char *to,
		 char *base, size_t len)
{
	/* The bank's id goes in the path escaped, whatever it holds. */
	if (!op_path(base, len, "/accounts/%s/transactions", acc->id))
		return cli_usage_error(c, cmd, _("that ID is too long"));
	if (from)
		op_query_add(base, len, "from", from);
	if (to)
		op_query_add(base, len, "to", to);
	return EXIT_OK;
}

int cli_txn_base(struct run *c, const char *cmd, const char *account, const char *from, const char *to,
		 struct api_account *acc, char *base, size_t len)
{
	int rc;

	if ((rc = cli_txn_days(c, cmd, from, to)) || (rc = cli_signed_in(c)) ||
	    (rc = cli_find_account(c, cmd, account, acc)))
		return rc;
	return cli_txn_path(c, cmd, acc, from, to, base, len);
}

/* session_call_read's reader for a page of transactions. */
static bool read_txn_page(void *ctx, const struct http_response *rs, struct api_error *err)
{
	return api_parse_txn_page(rs->body, rs->len, ctx, err);
}

int cli_fetch_txn_page(struct run *c, const char *base, long limit, const char *cursor, struct walk *w,
		       struct api_txn_page *page)
{
	struct session_prompt p = { prompt_password, prompt_code, c };
	struct http_request rq = { "GET", NULL, NULL, NULL, NULL, NULL, NULL, 0 };
	char path[1400], num[24], why[256];
	struct api_error err = { 0 };

	snprintf(path, sizeof path, "%s", base);
	snprintf(num, sizeof num, "%ld", limit);
	op_query_add(path, sizeof path, "limit", num);
	if (*cursor)
		op_query_add(path, sizeof path, "cursor", cursor);
	/* The first page says how many rows there are: the walk holds the bank to it. */
	if (!w->pages)
		op_query_add(path, sizeof path, "total", "true");
	rq.path = path;
	memset(page, 0, sizeof *page);
	if (!session_call_read(&c->s, &rq, &p, read_txn_page, page, &err))
		return cli_report(c, &err);
	if (!walk_next(w, page, why, sizeof why)) {
		api_error_decode(&err, _("the transactions"), why);
		api_txn_page_clear(page);
		return cli_report(c, &err);
	}
	return EXIT_OK;
}

int cli_parse_amount(const struct run *c, const char *cmd, const char *text, const char *currency,
			int64_t *out)
{
	struct money m;
	enum money_err e = money_parse(text, currency, &c->nf, &m);

	if (e == MONEY_OK && strcmp(m.currency, currency))
		e = MONEY_ERR_MISMATCH;
	if (e != MONEY_OK) {
		char msg[256];
		/* L10N: %s is the amount typed, then why it is wrong. */
		snprintf(msg, sizeof msg, _("'%s' is not an amount: %s"), text, money_strerror(e));
		return cli_usage_error(c, cmd, msg);
	}
	*out = m.minor < 0 ? -m.minor : m.minor;
	return EXIT_OK;
}

static int cmd_transactions(struct run *c, struct cmd_args *ca)
{
	const char *search = cmd_value(ca, "search"), *from = cmd_value(ca, "from"), *to = cmd_value(ca, "to");
	const char *min = cmd_value(ca, "min"), *max = cmd_value(ca, "max"), *cat = cmd_value(ca, "category");
	long limit = 50;
	bool all = cmd_has(ca, "all");
	struct api_account acc;
	char base[1024], *end;
	struct table *t = NULL;
	struct export e;
	bool json = false;
	long shown = 0;
	int rc;

	if (cmd_has(ca, "limit")) {
		errno = 0;
		limit = strtol(cmd_value(ca, "limit"), &end, 10);
		if (*end || errno || limit < 1 || limit > 1000000)
			return cli_usage_error(c, "transactions", _("--limit wants a number from 1 to 1000000"));
	}
	if (ca->argc != 1)
		return cli_usage_error(c, "transactions", _("name one account"));
	if ((rc = cli_txn_base(c, "transactions", ca->argv[0], from, to, &acc, base, sizeof base)))
		return rc;
	if (search)
		op_query_add(base, sizeof base, "q", search);
	if (cat)
		op_query_add(base, sizeof base, "category", cat);
	if (min || max) {
		int64_t v;
		char num[32];
		if (min) {
			if ((rc = cli_parse_amount(c, "transactions", min, acc.currency, &v)))
				return rc;
			snprintf(num, sizeof num, "%" PRId64, v);
			op_query_add(base, sizeof base, "min_amount", num);
		}
		if (max) {
			if ((rc = cli_parse_amount(c, "transactions", max, acc.currency, &v)))
				return rc;
			snprintf(num, sizeof num, "%" PRId64, v);
			op_query_add(base, sizeof base, "max_amount", num);
		}
	}
	if (c->json) {
		/* The export's JSON, written as the pages come: one shape for both. */
		json = true;
		export_begin(&e, c->out, EXPORT_JSON, &acc, (long long)time(NULL));
	} else if (c->csv) {
		export_csv_header(c->out);
	} else {
		const char *h[] = { _("Date"), _("Amount"), _("Description"), _("Category") };
		const bool right[] = { false, true, false, false };
		t = table_new(4, h, right);
	}
	{
		char cursor[128] = "";
		struct walk w;
		walk_start(&w, all || limit > 200 ? 200 : limit);
		do {
			struct api_txn_page page;
			long want = all ? WALK_PAGE_MAX : limit - shown;

			if ((rc = cli_fetch_txn_page(c, base, walk_limit(&w, want), cursor, &w, &page)))
				break;
			for (size_t i = 0; i < page.n; i++) {
				struct api_transaction *x = &page.items[i];
				if (json) {
					export_row(&e, x);
				} else if (c->csv) {
					export_csv_row(c->out, x);
				} else {
					char amount[MONEY_FMT_MAX], day[16];
					const char *row[4];
					snprintf(day, sizeof day, "%.10s", x->booked_at);
					if (money_format(&x->amount, &c->nf, MONEY_FMT_CODE | MONEY_FMT_PLUS, amount,
							 sizeof amount) != MONEY_OK)
						snprintf(amount, sizeof amount, "?");
					row[0] = day;
					row[1] = amount;
					row[2] = x->description;
					row[3] = words_of(WORDS_CATEGORY, x->category);
					table_add(t, row);
				}
				shown++;
			}
			snprintf(cursor, sizeof cursor, "%s", page.next_cursor);
			api_txn_page_clear(&page);
		} while (*cursor && (all || shown < limit));
		walk_end(&w);
	}
	/* A JSON cut short by an error stays unclosed: a reader cannot take it for the whole list. */
	if (json && !rc)
		export_end(&e);
	else if (t && !rc)
		table_print(t, c->out);
	table_free(&t);
	return rc;
}

static const struct cmd_option transactions_options[] = {
	{ "search", 'q', "TEXT", N_("only those whose description or counterparty holds TEXT") },
	{ "from", 0, "DATE", N_("from this day (YYYY-MM-DD)") },
	{ "to", 0, "DATE", N_("up to this day") },
	{ "min", 0, "AMOUNT", N_("only amounts of at least this much (either sign)") },
	{ "max", 0, "AMOUNT", N_("only amounts of at most this much") },
	{ "category", 0, "NAME", N_("only this category") },
	{ "limit", 0, "N", N_("at most N transactions (default 50)") },
	{ "all", 0, NULL, N_("every one, page after page") },
	OPT_JSON,
	OPT_CSV,
	{ NULL, 0, NULL, NULL },
};
static const struct cmd_entry transactions_entry = {
	"transactions", "ACCOUNT [OPTION]...",
	N_("List an account's transactions, newest first.  ACCOUNT is its name or ID."),
	N_("list, search and page through an account's transactions"), transactions_options, cmd_transactions,
};

bool cli_agreed(struct run *c, bool yes, const char *cmd, const char *summary, int *rc)
{
	char *safe, q[800];

	if (yes)
		return true;
	if (!cli_can_ask(c)) {
		*rc = cli_usage_error(c, cmd, _("no terminal to confirm on: add --yes"));
		return false;
	}
	safe = text_sanitize(summary, strlen(summary), 0);
	snprintf(q, sizeof q, _("%s?\nConfirm [y/N]: "), safe);
	free(safe);
	if (!cli_confirm(c, q)) {
		fprintf(c->err, _("Nothing was done.\n"));
		*rc = EXIT_ERROR;
		return false;
	}
	return true;
}

/* Asks a yes-or-no question on the terminal; false for anything but yes. */
bool cli_confirm(struct run *c, const char *question)
{
	char *answer;
	bool ok;

	if (c->asker) {
		/* The question alone: the full screen says how to answer it. */
		char q[700];
		snprintf(q, sizeof q, "%.*s", (int)strcspn(question, "\n"), question);
		return c->asker->confirm(c->asker->ctx, q);
	}
	answer = ask_tty(question, false);
	/* L10N: the answers that mean yes, lowercase, separated by "|": "y|yes" */
	ok = answer && answer_is(answer, _("y|yes"));
	free(answer);
	return ok;
}

int cli_fetch_payees(struct run *c, struct api_payee **list, size_t *n)
{
	json_object *o = NULL;
	struct api_error err = { 0 };
	int rc = cli_call(c, "GET", "/payees", NULL, NULL, &o);

	if (rc)
		return rc;
	if (!api_decode_payees(o, list, n, &err))
		rc = cli_report(c, &err);
	json_object_put(o);
	return rc;
}

int cli_payee_saved(struct run *c, const char *cmd, const char *iban, const char *currency)
{
	struct api_payee *list = NULL;
	size_t n = 0;
	char msg[400];
	bool saved;
	int rc = cli_fetch_payees(c, &list, &n);

	if (rc)
		return rc;
	saved = payees_saved(list, n, iban, currency, msg, sizeof msg);
	free(list);
	if (!saved)
		return 0;
	fprintf(c->err, "%s %s: %s\n", PACKAGE, cmd, msg);
	return EXIT_ERROR;
}

int cli_name_check(struct run *c, struct cmd_args *ca, const char *cmd, const char *typed, const char *iban,
		   const struct api_payee *payee, bool yes, struct name_decision *d)
{
	char said[1200], msg[400];
	int rc;

	memset(d, 0, sizeof *d);
	snprintf(d->name, sizeof d->name, "%s", typed);
	if (payee && namecheck_needed(payee->check) != NAMECHECK_ASK) {
		/* Checked when it was saved or first paid: no match is said again at each payment. */
		d->r.outcome = payee->check;
		if (namecheck_needed(payee->check) == NAMECHECK_NONE)
			return EXIT_OK;
	} else {
		struct op op = { 0 };
		json_object *doc = NULL;
		struct api_error err = { 0 };
		if (!namecheck_op(typed, iban, &op, msg, sizeof msg))
			return cli_usage_error(c, cmd, msg);
		rc = cli_send_op(c, &op, &doc);
		op_clear(&op);
		if (!rc && !namecheck_decode(doc, &d->r, &err))
			rc = cli_report(c, &err);
		json_object_put(doc);
		if (rc) {
			fprintf(c->err, "%s\n", payee ? _("Nothing was sent.") : _("Nothing was saved."));
			return rc;
		}
	}
	namecheck_explain(&d->r, typed, said, sizeof said);
	fprintf(c->err, "%s\n", said);
	switch (d->r.outcome) {
	case PAYEE_CLOSE_MATCH:
		if (payee) {
			/* Saved already: renamed to the bank's name when asked to, else paid as saved. */
			struct op op = { 0 };
			json_object *doc = NULL;
			struct api_payee renamed;
			struct api_error err = { 0 };
			char q[600];
			bool use = cmd_has(ca, "use-bank-name");
			if (!use && !yes && cli_can_ask(c)) {
				/* L10N: after a close match at a saved payee's first payment; %s is the bank's name. */
				snprintf(q, sizeof q, _("Rename the payee to %s, as the bank holds it? [y/N]: "), d->r.holder);
				use = cli_confirm(c, q);
			}
			if (!use || !namecheck_rename_op(payee, &d->r, &op))
				return EXIT_OK;
			rc = cli_send_op(c, &op, &doc);
			op_clear(&op);
			if (!rc && !api_decode_payee(doc, NULL, &renamed, &err))
				rc = cli_report(c, &err);
			json_object_put(doc);
			if (rc) {
				fprintf(c->err, "%s\n", _("Nothing was sent."));
				return rc;
			}
			snprintf(d->name, sizeof d->name, "%s", renamed.name);
			{
				char *safe = text_sanitize(renamed.name, strlen(renamed.name), 0);
				/* L10N: %s is the payee's new name, as the bank holds the account. */
				fprintf(c->err, _("The payee is now called %s.\n"), safe);
				free(safe);
			}
			return EXIT_OK;
		}
		if (cmd_has(ca, "use-bank-name")) {
			snprintf(d->name, sizeof d->name, "%s", d->r.holder);
		} else if (!yes && cli_can_ask(c)) {
			char q[600];
			/* L10N: after a close match; %s is the holder's name as the bank has it. */
			snprintf(q, sizeof q, _("Save the payee as %s, as the bank holds it? [y/N]: "), d->r.holder);
			if (cli_confirm(c, q))
				snprintf(d->name, sizeof d->name, "%s", d->r.holder);
		} else {
			fprintf(c->err, "%s\n", _("The name typed is kept; --use-bank-name saves the bank's."));
		}
		return EXIT_OK;
	case PAYEE_NOT_POSSIBLE:
		d->warned = namecheck_warns(d->r.outcome);
		return EXIT_OK;
	case PAYEE_NO_MATCH:
		d->warned = namecheck_warns(d->r.outcome);
		if (cmd_has(ca, "accept-name-mismatch"))
			return EXIT_OK;
		if (!yes && cli_can_ask(c)) {
			/* Never the key of a normal yes: the name itself, typed again
			 * (at the terminal, or in the full screen's question). */
			const char *q = _("To go on anyway, type the payee's name again (anything else stops): ");
			char *again = c->asker ? c->asker->line(c->asker->ctx, q) : ask_tty(q, false);
			bool same = again && namecheck_retyped(again, typed);
			free(again);
			if (same)
				return EXIT_OK;
			fprintf(c->err, "%s\n", payee ? _("Nothing was sent.") : _("Nothing was saved."));
			return EXIT_ERROR;
		}
		/* L10N: no match, and no way to type the name again: what would go on. */
		snprintf(msg, sizeof msg, "%s",
			 payee ? _("the payee's name does not match the account's holder: nothing was sent; add "
				   "--accept-name-mismatch (with --yes) to pay anyway")
			       : _("the payee's name does not match the account's holder: nothing was saved; add "
				   "--accept-name-mismatch to save it anyway"));
		fprintf(c->err, "%s %s: %s\n", PACKAGE, cmd, msg);
		return EXIT_ERROR;
	case PAYEE_MATCH:
	case PAYEE_UNCHECKED:
	default:
		return EXIT_OK;
	}
}

/* Where money goes: an own account, or a saved payee; by ID or name. */
struct destination {
	char id[API_ID_MAX], name[API_NAME_MAX], currency[4];
	bool payee;
	struct api_payee saved; /* the payee, when it is one */
};

static int find_destination(struct run *c, const char *to, const char *payee, struct destination *d)
{
	int rc;

	memset(d, 0, sizeof *d);
	if (to) {
		struct api_account a;
		if ((rc = cli_find_account(c, "transfer", to, &a)))
			return rc;
		snprintf(d->id, sizeof d->id, "%s", a.id);
		snprintf(d->name, sizeof d->name, "%s", a.name);
		snprintf(d->currency, sizeof d->currency, "%s", a.currency);
		return EXIT_OK;
	}
	{
		struct api_payee *list = NULL;
		size_t n = 0, i;
		char msg[640];
		if ((rc = cli_fetch_payees(c, &list, &n)))
			return rc;
		if (!payees_find(list, n, payee, &i, msg, sizeof msg)) {
			free(list);
			fprintf(c->err, "%s transfer: %s\n", PACKAGE, msg);
			return EXIT_ERROR;
		}
		snprintf(d->id, sizeof d->id, "%s", list[i].id);
		snprintf(d->name, sizeof d->name, "%s", list[i].name);
		snprintf(d->currency, sizeof d->currency, "%s", list[i].currency);
		d->payee = true;
		d->saved = list[i];
		free(list);
	}
	return EXIT_OK;
}

/* Sends a money movement through the exactly-once protocol (pay.h); *out gets the 2xx JSON. */
int cli_move_money(struct run *c, const char *method, const char *path, const char *body, const char *summary,
		   json_object **out)
{
	struct session_prompt p = { prompt_password, prompt_code, c };
	struct pay_request rq = { method, path, body, summary, NULL, NULL, "" };
	struct api_error err = { 0 };

	switch (pay_send(&c->s, &p, &rq, out, &err)) {
	case PAY_DONE:
		return EXIT_OK;
	case PAY_UNKNOWN:
		cli_report(c, &err);
		fprintf(c->err, _("%s: the outcome is unknown; bankterm will check it the next time it runs, "
				  "without paying twice\n"),
			PACKAGE);
		return EXIT_UNKNOWN;
	case PAY_REFUSED:
	default:
		return cli_report(c, &err);
	}
}

int cli_send_op(struct run *c, const struct op *op, json_object **out)
{
	char key[UUID_STR_LEN] = "";

	if (op->moves_money)
		return cli_move_money(c, op->method, op->path, op->body, op->summary, out);
	/* Everything that changes something is done once per key. */
	if (strcmp(op->method, "GET"))
		uuid_v4(key);
	return cli_call(c, op->method, op->path, op->body, *key ? key : NULL, out);
}

int cli_fetch_bills(struct run *c, struct bill **list, size_t *n)
{
	json_object *o = NULL;
	struct api_error err = { 0 };
	/* All of them: a bill paid already is named, and the bank says so. */
	int rc = cli_call(c, "GET", "/bills?status=all", NULL, NULL, &o);

	if (rc)
		return rc;
	if (!bills_decode(o, list, n, &err))
		rc = cli_report(c, &err);
	json_object_put(o);
	return rc;
}

int cli_fetch_offers(struct run *c, struct offer **list, size_t *n)
{
	json_object *o = NULL;
	struct api_error err = { 0 };
	int rc = cli_call(c, "GET", "/offers", NULL, NULL, &o);

	if (rc)
		return rc;
	if (!offers_decode(o, list, n, &err))
		rc = cli_report(c, &err);
	json_object_put(o);
	return rc;
}

int cli_fetch_catalog(struct run *c, struct catalog_item **list, size_t *n)
{
	json_object *o = NULL;
	struct api_error err = { 0 };
	int rc = cli_call(c, "GET", "/rewards/catalog", NULL, NULL, &o);

	if (rc)
		return rc;
	if (!points_decode_catalog(o, list, n, &err))
		rc = cli_report(c, &err);
	json_object_put(o);
	return rc;
}

static int cmd_transfer(struct run *c, struct cmd_args *ca)
{
	const char *from = cmd_value(ca, "from"), *to = cmd_value(ca, "to"), *payee = cmd_value(ca, "payee");
	const char *ref = cmd_has(ca, "reference") ? cmd_value(ca, "reference") : "", *on = cmd_value(ca, "on");
	const char *every = cmd_value(ca, "every");
	const char *new_payee = cmd_value(ca, "new-payee"), *new_iban = cmd_value(ca, "iban");
	bool yes = cmd_has(ca, "yes"), fx = false;
	struct api_account src;
	struct destination dst;
	struct money amount;
	struct api_quote quote = { 0 };
	char summary[512];
	struct transfer_request tr = { 0 };
	struct name_decision nd = { 0 };
	struct op op = { 0 };
	json_object *result = NULL;
	enum money_err me;
	int rc;

	if (every && strcmp(every, "weekly") && strcmp(every, "monthly"))
		return cli_usage_error(c, "transfer", _("--every is weekly or monthly"));
	if (ca->argc != 1)
		return cli_usage_error(c, "transfer", _("give the amount, once"));
	if (!from)
		return cli_usage_error(c, "transfer", _("--from is required"));
	if (on && !text_is_day(on))
		return cli_usage_error(c, "transfer", _("a day is written YYYY-MM-DD and must exist, for example 2026-02-28"));
	if ((to != NULL) + (payee != NULL) + (new_payee != NULL) != 1)
		return cli_usage_error(c, "transfer", _("give one of --to, --payee and --new-payee"));
	if (!new_payee != !new_iban)
		return cli_usage_error(c, "transfer", _("--new-payee NAME goes with --iban IBAN"));
	if (!yes && !cli_can_ask(c))
		return cli_usage_error(c, "transfer", _("no terminal to confirm on: add --yes"));
	if ((rc = cli_signed_in(c)) || (rc = cli_find_account(c, "transfer", from, &src)))
		return rc;
	if (new_payee) {
		char iban[IBAN_MAX + 1], msg[400];
		/* Not an IBAN, a name the bank would not save, or saved already:
		 * said before its name is checked. */
		if (!payee_fields_ok(new_payee, PAYEE_NAME_MAX, new_iban, iban, msg, sizeof msg))
			return cli_usage_error(c, "transfer", msg);
		if ((rc = cli_payee_saved(c, "transfer", new_iban, src.currency)))
			return rc;
		/* Saved (with a one-time code) once confirmed; it takes the sending account's currency. */
		memset(&dst, 0, sizeof dst);
		/* L10N: a new payee's name, then its IBAN, as the confirmation names them. */
		snprintf(dst.name, sizeof dst.name, _("%s (a new payee, IBAN %s)"), new_payee, iban);
		snprintf(dst.currency, sizeof dst.currency, "%s", src.currency);
		dst.payee = true;
	} else if ((rc = find_destination(c, to, payee, &dst))) {
		return rc;
	}
	me = money_parse(ca->argv[0], src.currency, &c->nf, &amount);
	if (me == MONEY_OK && strcmp(amount.currency, src.currency)) {
		char msg[256];
		/* L10N: %s is a currency code such as USD. */
		snprintf(msg, sizeof msg, _("the amount must be in %s, the currency of the account it comes from"),
			 src.currency);
		return cli_usage_error(c, "transfer", msg);
	}
	if (me != MONEY_OK || amount.minor <= 0) {
		char msg[256];
		snprintf(msg, sizeof msg, _("'%s' is not an amount: %s"), ca->argv[0],
			 me != MONEY_OK ? money_strerror(me) : _("it must be more than zero"));
		return cli_usage_error(c, "transfer", msg);
	}
	{
		char msg[256];
		if (!transfers_affordable(&src, &amount, &c->nf, false, msg, sizeof msg)) {
			fprintf(c->err, "%s transfer: %s\n", PACKAGE, msg);
			return EXIT_ERROR;
		}
	}
	/* The payee's name against its account, before the review (namecheck.h). */
	if (dst.payee) {
		char iban[IBAN_MAX + 1];
		if (new_payee && iban_normalize(new_iban, iban) == IBAN_OK &&
		    (rc = cli_name_check(c, ca, "transfer", new_payee, new_iban, NULL, yes, &nd)))
			return rc;
		if (!new_payee && (rc = cli_name_check(c, ca, "transfer", dst.saved.name, dst.saved.iban, &dst.saved, yes, &nd)))
			return rc;
		if (new_payee)
			/* L10N: a new payee's name, then its IBAN, as the confirmation names them. */
			snprintf(dst.name, sizeof dst.name, _("%s (a new payee, IBAN %s)"), nd.name, iban);
		else
			snprintf(dst.name, sizeof dst.name, "%s", nd.name); /* renamed to the bank's, perhaps */
		tr.vop_check = nd.r.id;
		tr.vop = nd.r.outcome;
		tr.vop_warned = nd.warned;
	}
	/* Another currency on the other side: the bank's quote, shown before confirming. */
	if (strcmp(dst.currency, src.currency)) {
		struct api_error err = { 0 };
		struct op qop = { 0 };
		json_object *doc = NULL;
		if (on || every)
			return cli_usage_error(c, "transfer", _("a transfer into another currency runs at once: drop --on and --every"));
		transfers_quote_op(&amount, dst.currency, &qop);
		rc = cli_send_op(c, &qop, &doc);
		op_clear(&qop);
		if (rc)
			return rc;
		if (!api_decode_quote(doc, &quote, &err)) {
			json_object_put(doc);
			return cli_report(c, &err);
		}
		json_object_put(doc);
		fx = true;
	}
	tr.from = &src;
	tr.to_id = dst.id;
	tr.to_name = dst.name;
	tr.to_payee = dst.payee;
	tr.amount = amount;
	tr.reference = ref;
	tr.when = every ? (!strcmp(every, "weekly") ? TRANSFER_WEEKLY : TRANSFER_MONTHLY) : on ? TRANSFER_ON : TRANSFER_NOW;
	tr.date = on ? on : "";
	tr.quote = fx ? &quote : NULL;
	transfers_create_op(&tr, &c->nf, &op);
	snprintf(summary, sizeof summary, "%s", op.summary);
	if (!yes) {
		char *safe = text_sanitize(summary, strlen(summary), 0), q[700];
		/* L10N: the question before money moves; the answer is typed after it. */
		snprintf(q, sizeof q, _("%s?\nConfirm [y/N]: "), safe);
		free(safe);
		if (!cli_confirm(c, q)) {
			op_clear(&op);
			fprintf(c->err, _("Nothing was sent.\n"));
			return EXIT_ERROR;
		}
	}
	if (new_payee) {
		struct op pop = { 0 };
		json_object *doc = NULL;
		struct json_error jerr = { 0 };
		const char *id = NULL;
		char msg[256];
		if (!payees_add_op(nd.name, new_iban, src.currency, nd.r.id, nd.warned, &pop, msg, sizeof msg)) {
			op_clear(&op);
			return cli_usage_error(c, "transfer", msg);
		}
		rc = cli_send_op(c, &pop, &doc);
		op_clear(&pop);
		if (!rc && json_get_string(doc, NULL, "id", 0, sizeof dst.id - 1, &id, &jerr)) {
			struct api_error err = { 0 };
			api_error_decode(&err, _("the payee"), _("it has no ID"));
			rc = cli_report(c, &err);
		}
		if (rc) {
			json_object_put(doc);
			op_clear(&op);
			return rc;
		}
		snprintf(dst.id, sizeof dst.id, "%s", id);
		json_object_put(doc);
		/* L10N: %s is the new payee's name. */
		{
			char *safe = text_sanitize(nd.name, strlen(nd.name), 0);
			fprintf(c->err, _("%s was saved as a payee.\n"), safe);
			free(safe);
		}
		/* The transfer goes to the payee just made. */
		transfers_create_op(&tr, &c->nf, &op);
	}
	rc = cli_move_money(c, op.method, op.path, op.body, summary, &result);
	op_clear(&op);
	if (rc)
		return rc;
	if (c->json) {
		rc = cli_print_json_view(c, result, transfers_json_cols, TRANSFERS_JSON_NCOLS, N_("the transfer"));
	} else {
		struct api_transfer t;
		struct api_error err = { 0 };
		if (!api_decode_transfer(result, &t, &err)) {
			json_object_put(result);
			return cli_report(c, &err);
		}
		/* The bank's id, day and status: filtered for the terminal like any text of its. */
		char *id = text_sanitize(t.id, strlen(t.id), 0), *next = text_sanitize(t.next_run, strnlen(t.next_run, 10), 0),
		     *status = text_sanitize(t.status, strlen(t.status), 0);
		if (!strcmp(t.status, "scheduled"))
			/* L10N: %s is the transfer's reference, then the date it runs. */
			fprintf(c->out, _("Scheduled: reference %s, first on %s.\n"), id, next);
		else
			/* L10N: %s is the transfer's reference, then its status word. */
			fprintf(c->out, _("Done: reference %s (%s).\n"), id, status);
		free(id);
		free(next);
		free(status);
	}
	json_object_put(result);
	return EXIT_OK;
}

static const struct cmd_option transfer_options[] = {
	{ "from", 0, "ACCOUNT", N_("the account to send from (name or ID)") },
	{ "to", 0, "ACCOUNT", N_("one of your accounts to send to") },
	{ "payee", 0, "PAYEE", N_("a saved payee to pay (name or ID)") },
	{ "new-payee", 0, "NAME", N_("save a new payee (with a one-time code) and pay it; with --iban") },
	{ "iban", 0, "IBAN", N_("the new payee's IBAN") },
	{ "reference", 0, "TEXT", N_("a reference the other side sees") },
	{ "on", 0, "DATE", N_("on this day (YYYY-MM-DD), not now") },
	{ "every", 0, "PERIOD", N_("repeat: weekly or monthly (from --on, or today)") },
	OPT_YES,
	OPT_USE_BANK_NAME,
	OPT_ACCEPT_MISMATCH,
	{ "json", 0, NULL, N_("print the transfer as JSON") },
	{ NULL, 0, NULL, NULL },
};
static const struct cmd_entry transfer_entry = {
	"transfer", "AMOUNT --from ACCOUNT (--to ACCOUNT | --payee PAYEE) [OPTION]...",
	N_("Move money to one of your accounts or to a saved payee, after confirming.\nWhen the other side holds another currency, an exchange quote is shown\nand the transfer converts at exactly its rate."),
	N_("move money to an own account or a saved payee"), transfer_options, cmd_transfer,
};

/* The commands declared in files of their own (cmd.h). */
extern const struct cmd_entry cmd_payees_entry, cmd_quote_entry, cmd_bills_entry, cmd_wallet_entry,
	cmd_points_entry, cmd_offers_entry, cmd_insights_entry, cmd_notifications_entry, cmd_limits_entry,
	cmd_feedback_entry, cmd_export_entry, cmd_transfers_entry, cmd_pending_entry, cmd_demo_entry,
	cmd_support_entry, cmd_staff_entry;

/* Every command, in the order --help lists them: one row each. */
static const struct cmd_entry *const commands[] = {
	&login_entry,
	&logout_entry,
	&accounts_entry,
	&transactions_entry,
	&transfer_entry,
	&cmd_payees_entry,
	&cmd_quote_entry,
	&cmd_bills_entry,
	&cmd_wallet_entry,
	&cmd_points_entry,
	&cmd_offers_entry,
	&cmd_insights_entry,
	&cmd_notifications_entry,
	&cmd_limits_entry,
	&cmd_feedback_entry,
	&cmd_support_entry,
	&cmd_export_entry,
	&cmd_transfers_entry,
	&cmd_pending_entry,
	&cmd_demo_entry,
	&cmd_staff_entry,
};

/* One command, read against its own options; what it was given lasts for this run of it only. */
static int run_entry(struct run *c, const struct cmd_entry *e, int argc, char **argv)
{
	struct cmd_args a;
	int rc = cmd_parse(e, argc, argv, &a, c->out, c->err);

	if (rc >= 0)
		return rc;
	c->json = cmd_declares(e, "json") && cmd_has(&a, "json");
	c->csv = cmd_declares(e, "csv") && cmd_has(&a, "csv");
	if (cmd_declares(e, "password-stdin") && cmd_has(&a, "password-stdin"))
		c->password_stdin = true;
	rc = e->exec(c, &a);
	c->json = c->csv = false;
	/* What was printed must have been written: a full disk or a closed pipe is an error. */
	if ((fflush(c->out) || ferror(c->out)) && rc == EXIT_OK) {
		/* L10N: the system's reason why the output could not be written. */
		fprintf(c->err, _("%s: cannot write the output: %s\n"), PACKAGE, strerror(errno));
		rc = EXIT_ERROR;
	}
	return rc;
}

const struct cmd_entry *cli_command_named(const char *name)
{
	for (size_t i = 0; name && i < sizeof commands / sizeof commands[0]; i++)
		if (!strcmp(commands[i]->name, name))
			return commands[i];
	return NULL;
}

int cli_run_command(struct run *c, int argc, char **argv)
{
	const struct cmd_entry *e = cli_command_named(argc > 0 ? argv[0] : NULL);

	if (e)
		return run_entry(c, e, argc, argv);
	/* L10N: %s is what was typed where a command was expected. */
	fprintf(c->err, _("%s: unknown command '%s'\n"), PACKAGE, argc > 0 ? argv[0] : "");
	return EXIT_USAGE;
}

const char *cli_command_name(size_t i)
{
	return i < sizeof commands / sizeof commands[0] ? commands[i]->name : NULL;
}

const struct cmd_entry *cli_command_entry(size_t i)
{
	return i < sizeof commands / sizeof commands[0] ? commands[i] : NULL;
}

/* The demo bank goes when bankterm goes: on a signal too.  (When bankterm
 * is killed outright, the kernel tells the sandbox: see demo.c.) */
static volatile pid_t demo_pid;

static void on_fatal_signal(int sig)
{
	if (demo_pid > 0)
		kill(demo_pid, SIGTERM);
	signal(sig, SIG_DFL);
	raise(sig);
}

static int start_demo(struct run *c, struct demo *d, const char *persona, const char *date)
{
	char msg[256];
	static char user[32];

	if (c->server || c->user) {
		fprintf(c->err, _("%s: --demo brings its own bank: drop --server and --user\n"), PACKAGE);
		return EXIT_USAGE;
	}
	/* Handlers first: a signal while the bank starts must still end it
	 * (before its pid is known, the kernel's death signal does). */
	signal(SIGINT, on_fatal_signal);
	signal(SIGTERM, on_fatal_signal);
	signal(SIGHUP, on_fatal_signal);
	if (!demo_start(d, persona, date, msg, sizeof msg)) {
		fprintf(c->err, "%s: %s\n", PACKAGE, msg);
		return EXIT_ERROR;
	}
	demo_pid = d->pid;
	/* The demo's payments are written down apart from the user's own. */
	{
		const char *tmp = getenv("TMPDIR");
		snprintf(d->state_dir, sizeof d->state_dir, "%s/bankterm-demo-XXXXXX",
			 tmp && *tmp == '/' && strlen(tmp) < 200 ? tmp : "/tmp");
	}
	if (mkdtemp(d->state_dir))
		setenv("XDG_STATE_HOME", d->state_dir, 1);
	else
		d->state_dir[0] = '\0';
	snprintf(user, sizeof user, "%s", persona);
	c->server = d->url;
	c->user = user;
	c->demo = d;
	return EXIT_OK;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path) ? 0 : 0; /* best effort: carry on past what will not go */
}

static void stop_demo(struct run *c)
{
	if (!c->demo)
		return;
	demo_stop(c->demo);
	demo_pid = 0;
	/* Intents for a bank that no longer exists mean nothing: the tree goes. */
	if (*c->demo->state_dir)
		nftw(c->demo->state_dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
	c->demo = NULL;
}

/* The global option argv[i] names ("--profile" or "--profile=work"), or NULL. */
const struct option *cli_global_named(const struct option *longopts, const char *arg)
{
	size_t n;

	if (strncmp(arg, "--", 2) || !arg[2])
		return NULL;
	arg += 2;
	n = strcspn(arg, "=");
	for (const struct option *o = longopts; o->name; o++)
		if (strlen(o->name) == n && !strncmp(o->name, arg, n))
			return o;
	return NULL;
}

/* Global options written after the command, as scripts write them
 * ("bankterm accounts --profile work"), move before it; not --help or
 * --version (the command's own), not one the command has itself, and
 * nothing after "--". */
static void hoist_globals(int argc, char **argv, const struct option *longopts)
{
	const struct cmd_entry *e = NULL;
	const struct option *o;
	char **moved, **rest;
	int cmd = 1, nm = 0, nr = 0, i;

	while (cmd < argc && argv[cmd][0] == '-' && strcmp(argv[cmd], "--")) {
		o = cli_global_named(longopts, argv[cmd]);
		if (o && o->has_arg == required_argument && !strchr(argv[cmd], '='))
			cmd++;
		cmd++;
	}
	if (cmd >= argc)
		return;
	if (!(e = cli_command_named(argv[cmd])))
		return;
	moved = xcalloc((size_t)argc, sizeof *moved);
	rest = xcalloc((size_t)argc, sizeof *rest);
	for (i = cmd + 1; i < argc; i++) {
		if (!strcmp(argv[i], "--")) {
			while (i < argc)
				rest[nr++] = argv[i++];
			break;
		}
		o = cli_global_named(longopts, argv[i]);
		/* One that lacks its value is left where it is, for the command to refuse. */
		if (o && strcmp(o->name, "help") && strcmp(o->name, "version") && !cmd_declares(e, o->name) &&
		    !(o->has_arg == required_argument && !strchr(argv[i], '=') && i + 1 >= argc)) {
			moved[nm++] = argv[i];
			if (o->has_arg == required_argument && !strchr(argv[i], '=') && i + 1 < argc)
				moved[nm++] = argv[++i];
			continue;
		}
		rest[nr++] = argv[i];
	}
	if (nm) {
		char *name = argv[cmd];
		memcpy(argv + cmd, moved, (size_t)nm * sizeof *argv);
		argv[cmd + nm] = name;
		memcpy(argv + cmd + nm + 1, rest, (size_t)nr * sizeof *argv);
	}
	free(moved);
	free(rest);
}

static void warn_config(void *ctx, const char *msg)
{
	struct run *c = ctx;

	fprintf(stderr, "%s: %s\n", PACKAGE, msg);
	if (!c->config_problems++)
		snprintf(c->config_first, sizeof c->config_first, "%s", msg);
}

/* The config file: --config FILE, else BANKTERM_CONFIG, else the default
 * place.  One given by name must be there; the default one may not be. */
static bool config_path(const char *given, char *out, size_t len, bool *required)
{
	const char *env = getenv("BANKTERM_CONFIG");

	*required = true;
	if (!given && env && *env)
		given = env;
	if (given) {
		snprintf(out, len, "%s", given);
		return true;
	}
	*required = false;
	return config_default_path(out, len);
}

/* EXIT_OK, or EXIT_USAGE when the file named (--config, BANKTERM_CONFIG) is not there. */
static int load_config(struct run *c, const char *given)
{
	char path[1024];
	bool required;

	if (!config_path(given, path, sizeof path, &required))
		return EXIT_OK;
	if (required && access(path, F_OK) != 0) {
		/* L10N: a file name, then the system's reason. */
		fprintf(c->err, _("%s: the config file %s: %s\n"), PACKAGE, path, strerror(errno));
		return EXIT_USAGE;
	}
	config_load(path, &c->cfg, warn_config, c);
	return EXIT_OK;
}

/* Fills what the command line left open from the profile (named, or the default). */
static int apply_profile(struct run *c, const char *name)
{
	const struct profile *p = config_profile(&c->cfg, name);

	if (name && !p) {
		/* L10N: a profile name, then the config file's path. */
		fprintf(c->err, _("%s: no profile '%s' in %s\n"), PACKAGE, name,
			c->cfg.path ? c->cfg.path : "config");
		return EXIT_USAGE;
	}
	if (!p)
		return EXIT_OK;
	c->profile = p;
	if (!c->server)
		c->server = p->server;
	if (!c->user)
		c->user = p->user;
	if (!c->cacert && p->cacert) {
		const char *home = getenv("HOME");
		if (!strncmp(p->cacert, "~/", 2) && home)
			snprintf(c->cacert_path, sizeof c->cacert_path, "%s/%s", home, p->cacert + 2);
		else
			snprintf(c->cacert_path, sizeof c->cacert_path, "%s", p->cacert);
		c->cacert = c->cacert_path;
	}
	return EXIT_OK;
}

/* The profile's language, chosen once at the start (never swapped while
 * running): messages, dates and amounts follow it. */
static void use_language(struct run *c)
{
	const char *lang = c->profile ? c->profile->language : NULL;

	if (!lang || !*lang)
		return;
	if (!setlocale(LC_ALL, lang)) {
		/* L10N: the config's language is not installed; %s is its locale name. */
		fprintf(c->err, _("%s: the language %s is not installed on this computer; keeping %s\n"), PACKAGE, lang,
			setlocale(LC_MESSAGES, NULL));
		setlocale(LC_ALL, "");
		return;
	}
	numfmt_from_locale(&c->nf);
}

/* The end of a run: what cli_main opened, closed. */
static void finish(struct run *c)
{
	drop_stdin_password(c);
	if (c->open)
		session_close(&c->s);
	config_free(&c->cfg);
	stop_demo(c);
	if (c->trace)
		fclose(c->trace);
	c->trace = NULL;
}

static void usage(FILE *to)
{
	fprintf(to, _("Usage: %s [OPTION]... [COMMAND [ARG]...]\n"), PACKAGE);
	fputs(_("Without a command, the full-screen interface starts.\n"), to);
	fputs(_("A terminal client for a bank's HTTP/JSON API.\n\n"), to);
	fputs(_("Options:\n"
		"      --demo            run against a private demo bank (started and stopped here)\n"
		"      --persona NAME    the demo customer: alex (default), grace, omar or lin\n"
		"      --demo-date DAY   the demo bank's day (YYYY-MM-DD): the same amounts every run\n"
		"      --profile NAME    use this profile of the config file\n"
		"      --config FILE     read the config from FILE (default: $BANKTERM_CONFIG,\n"
		"                        or ~/.config/bankterm/config)\n"
		"      --server URL      the bank's API address (https://..., or http:// on this computer)\n"
		"      --user NAME       your username at the bank\n"
		"      --cacert FILE     trust the certificate authority in FILE (PEM)\n"
		"      --password-stdin  read the password (and any one-time code) from standard input\n"
		"      --presenter       (full screen) show each key pressed; hide balances\n"
		"      --screen-reader   (full screen) text for everything, no redraw when idle\n"
		"      --trace FILE      write the time of each key and request to FILE (for benchmarks)\n"
		"      --snapshot SCREEN print one screen as plain text and exit\n"
		"      --cols N, --rows N  the snapshot's size (default 80x24)\n"
		"  -h, --help            show this help and exit\n"
		"  -V, --version         show the version and exit\n\n"
		"Commands:\n"),
	      to);
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(to, "  %-14s %s\n", commands[i]->name, _(commands[i]->summary));
	fprintf(to, _("\nEach command has --help.  See %s(1) for the full manual.\n"), PACKAGE);
}

/* No command: the full-screen interface, signed in first (a password is
 * asked on the plain terminal, before the screen is taken). */
static int run_ui(struct run *c, cli_ui_fn *ui, const struct cli_ui_options *o)
{
	int rc;

	if (!c->server && !c->user && !o->snapshot) {
		usage(c->out);
		return EXIT_OK;
	}
	if (!ui) {
		fprintf(c->err, _("%s: this build has no full-screen interface; give a command\n"), PACKAGE);
		return EXIT_USAGE;
	}
	/* A terminal that cannot hold the full screen is said before a password is asked. */
	if (!o->snapshot) {
		struct cli_ui_options check = *o;
		check.check = true;
		if ((rc = ui(c, &check)))
			return rc;
	}
	if ((rc = cli_signed_in(c)))
		return rc;
	return ui(c, o);
}

static bool parse_size(const char *text, int min, int max, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(text, &end, 10);
	if (errno || end == text || *end || v < min || v > max)
		return false;
	*out = (int)v;
	return true;
}

int cli_main(int argc, char **argv, cli_ui_fn *ui)
{
	enum { O_SERVER = 256, O_USER, O_CACERT, O_PWSTDIN, O_PROFILE, O_DEMO, O_PERSONA, O_SNAPSHOT, O_COLS,
	       O_ROWS, O_PRESENTER, O_READER, O_TRACE, O_DEMO_DATE, O_CONFIG };
	static const struct option longopts[] = {
		{ "snapshot", required_argument, NULL, O_SNAPSHOT },
		{ "cols", required_argument, NULL, O_COLS },
		{ "rows", required_argument, NULL, O_ROWS },
		{ "presenter", no_argument, NULL, O_PRESENTER },
		{ "screen-reader", no_argument, NULL, O_READER },
		{ "trace", required_argument, NULL, O_TRACE },
		{ "demo", no_argument, NULL, O_DEMO },
		{ "persona", required_argument, NULL, O_PERSONA },
		{ "demo-date", required_argument, NULL, O_DEMO_DATE },
		{ "profile", required_argument, NULL, O_PROFILE },
		{ "config", required_argument, NULL, O_CONFIG },
		{ "server", required_argument, NULL, O_SERVER },
		{ "user", required_argument, NULL, O_USER },
		{ "cacert", required_argument, NULL, O_CACERT },
		{ "password-stdin", no_argument, NULL, O_PWSTDIN },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct run c = { 0 };
	struct demo demo;
	bool want_demo = false;
	const char *persona = "alex", *demo_date = NULL;
	const char *profile = NULL, *config_file = NULL;
	struct cli_ui_options uo = { NULL, 80, 24, false, false, NULL, false };
	const char *accessible = getenv("ACCESSIBLE");
	int o, rc = EXIT_USAGE;

	c.out = stdout;
	c.err = stderr;
	numfmt_from_locale(&c.nf);
	/* The convention of accessible command-line programs: set and not "0". */
	uo.screen_reader = accessible && *accessible && strcmp(accessible, "0");
	/* The shells' completions ask here (data/completion/). */
	if (argc >= 2 && !strcmp(argv[1], "__complete")) {
		/* The full screen's screens, as --snapshot takes them (tui.sh checks the list). */
		struct complete_globals g = { longopts,
					      "home accounts transfers bills points offers insights alerts "
					      "settings wallet support",
					      NULL, complete_names, &c };
		char path[1024];
		bool required;
		if (config_path(NULL, path, sizeof path, &required)) {
			config_load(path, &c.cfg, NULL, NULL);
			g.config = &c.cfg;
		}
		complete_words(stdout, argc - 2, argv + 2, &g);
		config_free(&c.cfg);
		return EXIT_OK;
	}
	hoist_globals(argc, argv, longopts);
	/* "+": options stop at the command, whose own options follow it. */
	while ((o = getopt_long(argc, argv, "+hV", longopts, NULL)) != -1) {
		switch (o) {
		case O_SERVER:
			c.server = optarg;
			break;
		case O_USER:
			c.user = optarg;
			break;
		case O_CACERT:
			c.cacert = optarg;
			break;
		case O_PWSTDIN:
			c.password_stdin = true;
			break;
		case O_PROFILE:
			profile = optarg;
			break;
		case O_CONFIG:
			config_file = optarg;
			break;
		case O_DEMO:
			want_demo = true;
			break;
		case O_PERSONA:
			persona = optarg;
			break;
		case O_DEMO_DATE:
			if (!text_is_day(optarg)) {
				/* L10N: %s is what was given after --demo-date. */
				fprintf(stderr, _("%s: --demo-date needs a day that exists, YYYY-MM-DD, not '%s'\n"),
					PACKAGE, optarg);
				return EXIT_USAGE;
			}
			demo_date = optarg;
			break;
		case O_SNAPSHOT:
			uo.snapshot = optarg;
			break;
		case O_COLS:
		case O_ROWS:
			/* Every size the full screen takes: below 60x16 it says it is too small. */
			if (!parse_size(optarg, 1, 1000, o == O_COLS ? &uo.cols : &uo.rows)) {
				/* L10N: the option's name, then what was given. */
				fprintf(stderr, _("%s: --%s needs a number from 1 to 1000, not '%s'\n"), PACKAGE,
					o == O_COLS ? "cols" : "rows", optarg);
				return EXIT_USAGE;
			}
			break;
		case O_PRESENTER:
			uo.presenter = true;
			break;
		case O_READER:
			uo.screen_reader = true;
			break;
		case O_TRACE: {
			/* Timings only (see http_trace): still, for the user's eyes alone. */
			int fd = open(optarg, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
			if (fd < 0 || !(c.trace = fdopen(fd, "w"))) {
				/* L10N: --trace's file could not be made; the file, then why. */
				fprintf(stderr, _("%s: cannot write %s: %s\n"), PACKAGE, optarg, strerror(errno));
				if (fd >= 0)
					close(fd);
				return EXIT_USAGE;
			}
			uo.trace = c.trace;
			break;
		}
		case 'h':
			usage(stdout);
			return EXIT_OK;
		case 'V':
			printf("%s %s\n", PACKAGE, VERSION);
			/* Not translated: a licence's own words. */
			puts("Copyright (c) 2026 The bankterm authors\n"
			     "License: MIT <https://opensource.org/licenses/MIT>\n"
			     "This is free software: you are free to change and redistribute it.\n"
			     "There is NO WARRANTY, to the extent permitted by law.");
			return EXIT_OK;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (demo_date && !want_demo) {
		fprintf(stderr, _("%s: --demo-date goes with --demo\n"), PACKAGE);
		return EXIT_USAGE;
	}
	if (want_demo) {
		if ((rc = start_demo(&c, &demo, persona, demo_date))) {
			finish(&c);
			return rc;
		}
		/* The demo's bank is its own, but the keys, shortcuts and look are the user's. */
		if ((optind >= argc || config_file) && (rc = load_config(&c, config_file))) {
			finish(&c);
			return rc;
		}
		c.profile = config_profile(&c.cfg, NULL);
	} else {
		if ((rc = load_config(&c, config_file)) || (rc = apply_profile(&c, profile))) {
			finish(&c);
			return rc;
		}
		/* At once, not at sign-in: what is kept per bank (the payments whose
		 * answer was lost) is found under the same address either way. */
		if (c.server)
			server_with_path(&c);
	}
	use_language(&c);
	if (optind >= argc) {
		rc = run_ui(&c, ui, &uo);
		finish(&c);
		return rc;
	}
	const struct cmd_entry *entry = cli_command_named(argv[optind]);
	if (entry) {
		rc = run_entry(&c, entry, argc - optind, argv + optind);
		finish(&c);
		return rc;
	}
	finish(&c);
	/* L10N: %s is what the user typed where a command was expected. */
	fprintf(stderr, _("%s: unknown command '%s'\n"), PACKAGE, argv[optind]);
	usage(stderr);
	return EXIT_USAGE;
}
