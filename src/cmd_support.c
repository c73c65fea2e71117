/* cmd_support.c: `bankterm support`: finding an answer in the bank's help
 * articles, in the language bankterm speaks, and reading one, wrapped to
 * the terminal; and the conversations with the bank's support: list, read,
 * open one (about a transaction, transfer or bill), reply, close.
 * `bankterm staff` is the same conversations from the bank's side, for its
 * support staff.  The requests and their checks are the core's (support.c). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <json-c/json.h>

#include "bankterm.h"
#include "cli_private.h"
#include "cmd.h"
#include "i18n.h"
#include "json.h"
#include "support.h"
#include "text.h"

static enum view_format format_of(const struct run *c)
{
	return c->json ? VIEW_JSON : c->csv ? VIEW_CSV : VIEW_TABLE;
}

static const struct view_column hit_cols[] = {
	{ "title", V_TEXT, N_("Article"), false },
	{ "id", V_TEXT, N_("ID"), false },
};

static const struct view_column article_cols[] = {
	{ "id", V_TEXT, N_("ID"), false },
	{ "title", V_TEXT, N_("Article"), false },
	{ "body", V_TEXT, N_("Text"), false },
};

/* The words of the question, as one line. */
static char *joined(int n, char **words)
{
	size_t len = 1;
	char *s;

	for (int i = 0; i < n; i++)
		len += strlen(words[i]) + 1;
	s = calloc(1, len);
	if (!s)
		abort();
	for (int i = 0; i < n; i++) {
		if (i)
			strcat(s, " ");
		strcat(s, words[i]);
	}
	return s;
}

static int help(struct run *c, const char *path)
{
	json_object *doc = NULL, *items = NULL;
	struct api_error err = { 0 };
	struct view v = { hit_cols, 2, N_("the help articles"), &c->nf, format_of(c), c->out };
	int rc = cli_call(c, "GET", path, NULL, NULL, &doc);

	if (rc)
		return rc;
	if (v.format == VIEW_TABLE && json_object_object_get_ex(doc, "items", &items) &&
	    json_object_is_type(items, json_type_array) && !json_object_array_length(items))
		/* L10N: 'support help' found no article for the question. */
		fprintf(c->err, _("No help article answers that. Try other words, or ask the bank.\n"));
	else if (!view_print(&v, doc, "items", &err))
		rc = cli_report(c, &err);
	json_object_put(doc);
	return rc;
}

/* Columns to wrap at: the terminal's, or 80 when the output is not one. */
static int width_of(FILE *out)
{
	struct winsize ws;

	if (isatty(fileno(out)) && !ioctl(fileno(out), TIOCGWINSZ, &ws) && ws.ws_col >= 20)
		return ws.ws_col > 100 ? 100 : ws.ws_col;
	return 80;
}

/* The article's text wrapped to cols; a list item ("- ") hangs under its dash. */
static void print_wrapped(FILE *out, const char *body, int cols)
{
	const char *s = body;

	while (s) {
		const char *next;
		bool item = !strncmp(s, "- ", 2);
		size_t n = text_wrap(s, cols, &next);
		fprintf(out, "%.*s\n", (int)n, s);
		/* The rest of a list item's paragraph, indented by two. */
		while (item && next && s[n] != '\n' && s[n]) {
			s = next;
			n = text_wrap(s, cols - 2, &next);
			fprintf(out, "  %.*s\n", (int)n, s);
		}
		s = next;
	}
}

static int article(struct run *c, const char *path)
{
	json_object *doc = NULL;
	struct help_doc d;
	struct api_error err = { 0 };
	int rc = cli_call(c, "GET", path, NULL, NULL, &doc);

	if (rc)
		return rc;
	if (c->json || c->csv) {
		struct view v = { article_cols, 3, N_("the help article"), &c->nf, format_of(c), c->out };
		if (!view_print(&v, doc, NULL, &err))
			rc = cli_report(c, &err);
	} else if (!support_article_decode(doc, &d, &err)) {
		rc = cli_report(c, &err);
	} else {
		fprintf(c->out, "%s\n\n", d.title);
		print_wrapped(c->out, d.body, width_of(c->out));
		support_article_clear(&d);
	}
	json_object_put(doc);
	return rc;
}

/* --- conversations ----------------------------------------------------------------- */

static const struct view_column thread_cols[] = {
	{ "updated_at", V_TIME, N_("Updated"), false },
	{ "subject", V_TEXT, N_("Subject"), false },
	{ "status", V_STATUS, N_("Status"), false },
	{ "unread", V_BOOL, N_("Unread"), false },
	{ "id", V_TEXT, N_("ID"), false },
};

static const struct view_column staff_thread_cols[] = {
	{ "updated_at", V_TIME, N_("Updated"), false },
	{ "customer.name", V_TEXT, N_("Customer"), false },
	{ "subject", V_TEXT, N_("Subject"), false },
	{ "status", V_STATUS, N_("Status"), false },
	{ "unread", V_BOOL, N_("Unread"), false },
	{ "id", V_TEXT, N_("ID"), false },
};

/* The staff commands under a customer's login: the bank shows them their own. */
static int not_staff(struct run *c)
{
	fprintf(c->err, "%s: %s\n", PACKAGE, _("this login is a customer's: the staff commands need a staff login"));
	return EXIT_USAGE;
}

static int list(struct run *c, bool staff, const char *status)
{
	char path[128];
	json_object *doc = NULL;
	struct support_thread *threads = NULL;
	size_t n = 0;
	struct api_error err = { 0 };
	struct view v = { staff ? staff_thread_cols : thread_cols, staff ? 6 : 5, N_("the conversations"), &c->nf,
			  format_of(c), c->out };
	int rc;

	support_threads_path(status, path, sizeof path);
	if ((rc = cli_call(c, "GET", path, NULL, NULL, &doc)))
		return rc;
	/* Every thread checked first: a list the bank got wrong shows nothing. */
	if (!support_threads_decode(doc, &threads, &n, &err))
		rc = cli_report(c, &err);
	else if (staff && n && !threads[0].customer[0])
		rc = not_staff(c);
	else if (v.format == VIEW_TABLE && !n)
		fprintf(c->err, "%s\n", staff ? _("No conversation is waiting.")
					      /* L10N: 'support list' when the customer never wrote to the bank. */
					      : _("No conversation with the bank yet. 'support new' starts one."));
	else if (!view_print(&v, doc, "items", &err))
		rc = cli_report(c, &err);
	support_threads_free(threads, n);
	json_object_put(doc);
	return rc;
}

/* The text of a message, wrapped and indented under its heading. */
static void print_indented(FILE *out, const char *body, int cols)
{
	const char *s = body;

	while (s) {
		const char *next;
		size_t n = text_wrap(s, cols - 2, &next);
		fprintf(out, n ? "  %.*s\n" : "%.*s\n", (int)n, s);
		s = next;
	}
}

/* A list item ("- ...") indented by two, its next lines hanging under its text. */
static void print_item(FILE *out, const char *item, int cols)
{
	const char *s = item, *next;
	size_t n = text_wrap(s, cols - 2, &next);

	fprintf(out, "  %.*s\n", (int)n, s);
	while ((s = next)) {
		n = text_wrap(s, cols - 4, &next);
		fprintf(out, "    %.*s\n", (int)n, s);
	}
}

/* What a thread is about, in full, as the bank's staff see it. */
static void print_detail(struct run *c, json_object *doc)
{
	json_object *about = NULL, *detail = NULL;

	if (!json_object_object_get_ex(doc, "about", &about) || !json_object_is_type(about, json_type_object) ||
	    !json_object_object_get_ex(about, "detail", &detail) || !json_object_is_type(detail, json_type_object))
		return;
	json_object_object_foreach(detail, key, val)
	{
		const char *label = support_detail_label(key);
		char value[400] = "";
		if (!label)
			continue;
		if (json_object_is_type(val, json_type_object)) {
			struct money m;
			struct json_error jerr = { 0 };
			if (json_get_money(detail, "about.detail", key, 0, &m, &jerr))
				continue;
			cli_format_money(c, &m, value, sizeof value);
		} else if (json_object_is_type(val, json_type_string)) {
			const char *s = json_object_get_string(val);
			char *safe = text_sanitize(s, strlen(s), 0);
			if (strlen(key) > 3 && !strcmp(key + strlen(key) - 3, "_at"))
				support_when(safe, value);
			else
				text_truncate(safe, 200, NULL, value, sizeof value);
			free(safe);
		} else {
			continue;
		}
		fprintf(c->out, "  %s: %s\n", label, value);
	}
}

static void print_thread(struct run *c, const struct support_thread *t, json_object *doc, bool staff)
{
	int cols = width_of(c->out);
	char when[17];

	/* L10N: the heading of a conversation: its subject. */
	fprintf(c->out, _("Subject: %s\n"), t->subject);
	/* L10N: a conversation's ID, as 'support reply' and 'support close' take it. */
	fprintf(c->out, _("ID: %s\n"), t->id);
	if (staff)
		/* L10N: whose conversation it is, for the bank's staff. */
		fprintf(c->out, _("Customer: %s\n"), t->customer);
	/* L10N: a conversation's state: open or closed, in words. */
	fprintf(c->out, _("Status: %s\n"), t->open ? C_("state", "open") : _("closed"));
	if (t->about_kind[0]) {
		const char *kind = !strcmp(t->about_kind, "transaction") ? _("a transaction")
				   : !strcmp(t->about_kind, "transfer")  ? _("a transfer")
				   : !strcmp(t->about_kind, "bill")      ? _("a bill")
									 : t->about_kind;
		/* L10N: what a conversation is about: "a transaction" and its ID. */
		fprintf(c->out, _("About: %s, %s\n"), kind, t->about_id);
		if (staff)
			print_detail(c, doc);
	}
	for (size_t i = 0; i < t->nmessages; i++) {
		const struct support_message *m = &t->messages[i];
		char who[API_NAME_MAX + 64];
		support_sender_words(m, t, staff, who, sizeof who);
		support_when(m->at, when);
		/* A message is one unit: who, when, then its text. */
		fprintf(c->out, "\n%s, %s\n", who, when);
		print_indented(c->out, m->body, cols);
		for (size_t k = 0; k < m->narticles; k++) {
			char line[sizeof m->articles[k].title + sizeof m->articles[k].id + 64];
			/* L10N: an article the automatic reply suggests: its title, then its ID for 'support article'. */
			snprintf(line, sizeof line, _("- %s (support article %s)"), m->articles[k].title, m->articles[k].id);
			print_item(c->out, line, cols);
		}
	}
	if (!staff && t->closed_by_staff)
		/* L10N: after a conversation the bank closed; the command is not translated. */
		fprintf(c->out, "\n%s\n  bankterm feedback --flow support --rating 1-5\n",
			_("The bank closed this conversation. How did we do? Rate the help from 1 (poor) to 5 (great):"));
	else if (!t->open)
		fprintf(c->out, "\n%s\n", _("This conversation is closed."));
}

/* A thread the bank answered with (doc), shown or printed as JSON. */
static int show_doc(struct run *c, json_object *doc, bool staff)
{
	struct support_thread t;
	struct api_error err = { 0 };

	if (!support_thread_decode(doc, &t, &err))
		return cli_report(c, &err);
	if (staff && !t.customer[0]) {
		support_thread_clear(&t);
		return not_staff(c);
	}
	if (c->json)
		cli_print_json(c, doc);
	else
		print_thread(c, &t, doc, staff);
	support_thread_clear(&t);
	return EXIT_OK;
}

static int show(struct run *c, const char *path, bool staff)
{
	json_object *doc = NULL;
	int rc = cli_call(c, "GET", path, NULL, NULL, &doc);

	if (!rc)
		rc = show_doc(c, doc, staff);
	json_object_put(doc);
	return rc;
}

/* The message: the words after the command, or standard input when there
 * are none or the one word is "-" (after --password-stdin's password line).
 * NULL, after saying why, when it cannot be had. */
static char *message_of(struct run *c, const char *cmd, int n, char **words)
{
	if (n && !(n == 1 && !strcmp(words[0], "-")))
		return joined(n, words);
	if (isatty(STDIN_FILENO)) {
		cli_usage_error(c, cmd, _("give the message, or '-' and write it on standard input"));
		return NULL;
	}
	{
		size_t cap = SUPPORT_MESSAGE_MAX * 4 + 2, len = 0;
		char *s = calloc(1, cap + 1);
		ssize_t got;
		if (!s)
			abort();
		while (len < cap && ((got = read(STDIN_FILENO, s + len, cap - len)) > 0 || (got < 0 && errno == EINTR)))
			if (got > 0)
				len += (size_t)got;
		/* The newline that ends a file is not part of the message. */
		while (len && (s[len - 1] == '\n' || s[len - 1] == '\r'))
			s[--len] = '\0';
		if (memchr(s, '\0', len)) {
			free(s);
			cli_usage_error(c, cmd, _("the message on standard input holds a NUL byte: write plain text"));
			return NULL;
		}
		return s;
	}
}

static int send_op(struct run *c, const struct op *op, bool staff, const char *said)
{
	json_object *doc = NULL;
	int rc = cli_send_op(c, op, &doc);

	if (!rc) {
		if (said && !c->json)
			fprintf(c->err, "%s\n", said);
		rc = show_doc(c, doc, staff);
	}
	json_object_put(doc);
	return rc;
}

static int new_thread(struct run *c, struct cmd_args *a)
{
	const char *subject = cmd_value(a, "subject"), *about = cmd_value(a, "about");
	struct op op = { 0 };
	char msg[256], *text = NULL;
	int rc;

	if (!subject)
		return cli_usage_error(c, "support", _("give the --subject of the conversation"));
	/* What was typed is checked before signing in, the message too when it is words. */
	if (a->argc > 1 && !(a->argc == 2 && !strcmp(a->argv[1], "-"))) {
		text = joined(a->argc - 1, a->argv + 1);
		if (!support_new_op(subject, about, text, &op, msg, sizeof msg)) {
			free(text);
			return cli_usage_error(c, "support", msg);
		}
	}
	if ((rc = cli_signed_in(c))) {
		free(text);
		op_clear(&op);
		return rc;
	}
	if (!text) {
		if (!(text = message_of(c, "support", 0, NULL)))
			return 2;
		if (!support_new_op(subject, about, text, &op, msg, sizeof msg)) {
			free(text);
			return cli_usage_error(c, "support", msg);
		}
	}
	rc = send_op(c, &op, false, _("Sent. The bank will answer here; you will get an alert when it does."));
	free(text);
	op_clear(&op);
	return rc;
}

static int reply(struct run *c, struct cmd_args *a, const char *cmd, bool staff)
{
	struct op op = { 0 };
	char msg[256], *text = NULL;
	int rc;

	if (a->argc < 2)
		return cli_usage_error(c, cmd, _("give the conversation's ID, then the message"));
	if (!(a->argc == 3 && !strcmp(a->argv[2], "-")) && a->argc > 2) {
		text = joined(a->argc - 2, a->argv + 2);
		if (!support_reply_op(a->argv[1], text, &op, msg, sizeof msg)) {
			free(text);
			return cli_usage_error(c, cmd, msg);
		}
	} else if (!support_reply_op(a->argv[1], "-", &op, msg, sizeof msg)) {
		/* The ID checked before signing in; the message is read after. */
		return cli_usage_error(c, cmd, msg);
	}
	if ((rc = cli_signed_in(c))) {
		free(text);
		op_clear(&op);
		return rc;
	}
	if (!text) {
		if (!(text = message_of(c, cmd, 0, NULL))) {
			op_clear(&op);
			return 2;
		}
		if (!support_reply_op(a->argv[1], text, &op, msg, sizeof msg)) {
			free(text);
			return cli_usage_error(c, cmd, msg);
		}
	}
	rc = send_op(c, &op, staff, _("Your message is sent."));
	free(text);
	op_clear(&op);
	return rc;
}

static int close_thread(struct run *c, const char *id, const char *cmd, bool staff)
{
	struct op op = { 0 };
	char msg[256];
	int rc;

	if (!support_close_op(id, &op, msg, sizeof msg))
		return cli_usage_error(c, cmd, msg);
	if (!(rc = cli_signed_in(c)))
		rc = send_op(c, &op, staff, _("The conversation is closed."));
	op_clear(&op);
	return rc;
}

/* The forms both sides share: list, show ID, reply ID MESSAGE, close ID. */
static int thread_forms(struct run *c, struct cmd_args *a, const char *cmd, bool staff, bool *known)
{
	const char *sub = a->argc ? a->argv[0] : "";
	char path[256], msg[256];
	int rc;

	*known = true;
	if (!strcmp(sub, "list")) {
		const char *status = staff ? cmd_value(a, "status") : NULL;
		if (a->argc != 1)
			return cli_usage_error(c, cmd, _("'list' takes no arguments"));
		if (status && strcmp(status, "open") && strcmp(status, "closed") && strcmp(status, "all"))
			return cli_usage_error(c, cmd, _("--status is open, closed or all"));
		return (rc = cli_signed_in(c)) ? rc : list(c, staff, status);
	}
	if (!strcmp(sub, "show")) {
		if (a->argc != 2)
			return cli_usage_error(c, cmd, _("give the ID of one conversation"));
		if (!support_thread_path(a->argv[1], path, sizeof path, msg, sizeof msg))
			return cli_usage_error(c, cmd, msg);
		return (rc = cli_signed_in(c)) ? rc : show(c, path, staff);
	}
	if (!strcmp(sub, "reply"))
		return reply(c, a, cmd, staff);
	if (!strcmp(sub, "close")) {
		if (a->argc != 2)
			return cli_usage_error(c, cmd, _("give the ID of one conversation"));
		return close_thread(c, a->argv[1], cmd, staff);
	}
	*known = false;
	return 0;
}

static int cmd_support(struct run *c, struct cmd_args *a)
{
	const char *sub = a->argc ? a->argv[0] : "";
	char path[SUPPORT_PATH_MAX], msg[256];
	bool known;
	int rc;

	/* What was typed is checked before signing in: a mistake costs no password. */
	if (!strcmp(sub, "help")) {
		char *question = joined(a->argc - 1, a->argv + 1);
		bool fine = support_help_path(question, path, sizeof path, msg, sizeof msg);
		free(question);
		if (!fine)
			return cli_usage_error(c, "support", msg);
		return (rc = cli_signed_in(c)) ? rc : help(c, path);
	}
	if (!strcmp(sub, "article")) {
		if (a->argc != 2)
			return cli_usage_error(c, "support", _("give the ID of one article (see 'support help')"));
		if (!support_article_path(a->argv[1], path, sizeof path, msg, sizeof msg))
			return cli_usage_error(c, "support", msg);
		return (rc = cli_signed_in(c)) ? rc : article(c, path);
	}
	if (!strcmp(sub, "new"))
		return new_thread(c, a);
	if ((cmd_has(a, "subject") || cmd_has(a, "about")) && strcmp(sub, "new"))
		return cli_usage_error(c, "support", _("--subject and --about go with 'new'"));
	rc = thread_forms(c, a, "support", false, &known);
	if (known)
		return rc;
	return cli_usage_error(c, "support", _("use help, article, list, show, new, reply or close"));
}

static const struct cmd_option support_options[] = {
	{ "subject", 0, "TEXT", N_("the subject of a new conversation") },
	{ "about", 0, "ID", N_("the transaction, transfer or bill a new conversation is about") },
	OPT_JSON,
	OPT_CSV,
	{ NULL, 0, NULL, NULL },
};
const struct cmd_entry cmd_support_entry = {
	"support",
	"help [QUESTION]\narticle ID\nlist\nshow ID\nnew --subject TEXT [--about ID] [MESSAGE|-]\nreply ID [MESSAGE|-]\nclose ID",
	N_("Talk to the bank.  'help' lists the help articles that best answer\nQUESTION (all of them without one), in your language, and 'article' shows\none.  'list' shows your conversations with the bank, 'show' one with its\nmessages (it is read from then on), 'new' starts one (the bank answers at\nonce with articles that may help, and its staff later), 'reply' writes in\none, 'close' ends it.  A message is the words after the command, or\nstandard input when there are none or '-' (with --password-stdin, the\nlines after the password)."),
	N_("ask the bank; find an answer in its help"),
	support_options,
	cmd_support,
};

/* --- staff ------------------------------------------------------------------------- */

static int cmd_staff(struct run *c, struct cmd_args *a)
{
	bool known;
	int rc = thread_forms(c, a, "staff", true, &known);

	if (known)
		return rc;
	return cli_usage_error(c, "staff", _("use list, show, reply or close"));
}

static const struct cmd_option staff_options[] = {
	{ "status", 0, "STATUS", N_("list: open (the default), closed or all") },
	OPT_JSON,
	OPT_CSV,
	{ NULL, 0, NULL, NULL },
};
const struct cmd_entry cmd_staff_entry = {
	"staff",
	"list [--status open|closed|all]\nshow ID\nreply ID [MESSAGE|-]\nclose ID",
	N_("The bank's side of the conversations, for its support staff (signed in\nwith a staff login, such as the demo bank's sam): every customer's\nconversations, open ones first; one in full, with what it is about;\nanswer it; close it (the customer is then asked to rate the help)."),
	N_("the bank's support staff: answer the customers"),
	staff_options,
	cmd_staff,
};
