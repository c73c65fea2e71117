/* complete.c: what the shells' completions offer (`bankterm __complete
 * WORD...`), drawn from the tables the command line itself runs on: the
 * commands, their options and forms, and the global options.  The scripts
 * under data/completion/ only ask; nothing here can drift from them. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli_private.h"
#include "cmd.h"
#include "complete.h"
#include "conf.h"

/* The values some placeholders stand for, as the commands parse them. */
static const struct {
	const char *arg;
	const char *values;
} choices[] = {
	{ "STATUS", "open paid all" },
	{ "FORMAT", "csv json ofx ledger beancount" },
	{ "PERIOD", "weekly monthly" },
	{ "FLOW", "general transfer bill_payment redemption offers login support" },
};

static void offer(FILE *out, const char *cand, size_t n, const char *cur)
{
	if (n >= strlen(cur) && !strncmp(cand, cur, strlen(cur)))
		fprintf(out, "%.*s\n", (int)n, cand);
}

/* Each space-separated word of list that starts with cur. */
static void offer_words(FILE *out, const char *list, const char *cur)
{
	while (*list) {
		size_t n = strcspn(list, " ");
		offer(out, list, n, cur);
		list += n + (list[n] == ' ');
	}
}

/* A whole option word ("--from", not "--from=X") as the global options or
 * the command's own name it. */
static const struct option *global(const struct complete_globals *g, const char *word)
{
	return strchr(word, '=') ? NULL : cli_global_named(g->options, word);
}

static const struct cmd_option *command_option(const struct cmd_entry *e, const char *word)
{
	return strncmp(word, "--", 2) || strchr(word, '=') ? NULL : cmd_option_named(e, word + 2);
}

static void offer_values(FILE *out, const struct complete_globals *g, const char *arg, const char *name,
			 const char *cur)
{
	if (!strcmp(name, "persona")) {
		offer_words(out, "alex grace omar lin", cur);
	} else if (!strcmp(name, "snapshot")) {
		offer_words(out, g->screens, cur);
	} else if (!strcmp(name, "profile") && g->config) {
		for (size_t i = 0; i < g->config->nprofiles; i++)
			offer(out, g->config->profiles[i].name, strlen(g->config->profiles[i].name), cur);
	} else if (arg) {
		for (size_t i = 0; i < sizeof choices / sizeof choices[0]; i++)
			if (!strcmp(choices[i].arg, arg))
				offer_words(out, choices[i].values, cur);
	}
	/* Anything else (a file, an address, an amount): nothing, and the
	 * shell offers file names. */
}

/* The index'th placeholder of one synopsis line, counted after its form
 * word when it has one: upper-case words outside brackets that are no
 * option's value ("ACCOUNT" of "ACCOUNT [OPTION]...", "PAYEE" of "remove
 * PAYEE").  *form and *optional say what the line starts with. */
static void line_placeholder(const char *line, int index, char form[32], bool *optional, char *out, size_t len)
{
	char copy[256], *tok, *save = NULL;
	int depth = 0, k = 0;
	bool first = true, value = false;

	*form = '\0';
	*optional = false;
	*out = '\0';
	snprintf(copy, sizeof copy, "%s", line);
	for (tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save), first = false) {
		char word[64];
		size_t n = 0;
		int at = depth;
		for (const char *c = tok; *c; c++) {
			if (*c == '[' || *c == '(')
				depth++, at += c == tok;
			else if (*c == ']' || *c == ')')
				depth--;
			else if (*c != '|' && *c != '.' && n + 1 < sizeof word)
				word[n++] = *c;
		}
		word[n] = '\0';
		if (first && word[0] >= 'a' && word[0] <= 'z') {
			snprintf(form, 32, "%.31s", word);
			*optional = at > 0;
		} else if (value) {
			value = false;
		} else if (!strncmp(word, "--", 2)) {
			value = true;
		} else if (!at && depth == 0 && word[0] >= 'A' && word[0] <= 'Z' && k++ == index) {
			snprintf(out, len, "%s", word);
		}
	}
}

/* The next line of a synopsis, in line; false after the last. */
static bool next_line(const char **p, char *line, size_t len)
{
	size_t n;

	if (!*p || !**p)
		return false;
	n = strcspn(*p, "\n");
	snprintf(line, len, "%.*s", (int)n, *p);
	*p += n + ((*p)[n] == '\n');
	return true;
}

/* The form each line of the synopsis starts with ("list" of "[list]
 * [--json]", "pay" of "pay BILL --from ACCOUNT"). */
static void offer_forms(FILE *out, const struct cmd_entry *e, const char *cur)
{
	char line[256], form[32], none[8];
	bool optional;

	for (const char *p = e->synopsis; next_line(&p, line, sizeof line);) {
		line_placeholder(line, -1, form, &optional, none, sizeof none);
		if (*form)
			offer(out, form, strlen(form), cur);
	}
}

/* What the word being completed stands for in e's synopsis, or "": positional
 * words come before it, the first of them typed (form) when there is one.
 * The line of the form typed ("remove" of "payees remove PAYEE") says, or
 * else the first line that needs no form word ("ACCOUNT [OPTION]...", "[list]"). */
static void placeholder(const struct cmd_entry *e, const char *form, int positional, char *out, size_t len)
{
	char line[256], lform[32], here[64], fallback[64] = "";
	bool optional, fell_back = false;

	for (const char *p = e->synopsis; next_line(&p, line, sizeof line);) {
		line_placeholder(line, positional - 1, lform, &optional, here, sizeof here);
		if (form && *lform && !strcmp(lform, form)) {
			snprintf(out, len, "%s", here);
			return;
		}
		if (!fell_back && (!*lform || optional)) {
			line_placeholder(line, positional, lform, &optional, fallback, sizeof fallback);
			fell_back = true;
		}
	}
	snprintf(out, len, "%s", fallback);
}

/* The bank's names for a placeholder that match what is typed (in any
 * case; a shell's quotes and backslashes left out). */
static void offer_names(FILE *out, const struct complete_globals *g, const char *what, int nwords, char **words,
			const char *cur)
{
	char plain[256], **names;
	size_t n = 0;

	if (!g->names || !*what)
		return;
	for (const char *c = cur; *c && n + 1 < sizeof plain; c++)
		if (*c != '\\' && *c != '\'' && *c != '"')
			plain[n++] = *c;
	plain[n] = '\0';
	if (!(names = g->names(g->ctx, what, nwords, words)))
		return;
	for (char **name = names; *name; name++) {
		if (!strncasecmp(*name, plain, n))
			fprintf(out, "%s\n", *name);
		free(*name);
	}
	free(names);
}

void complete_words(FILE *out, int nwords, char **words, const struct complete_globals *g)
{
	const char *cur = nwords ? words[nwords - 1] : "";
	const char *prev = nwords > 1 ? words[nwords - 2] : "";
	const struct cmd_entry *e = NULL;
	const struct option *go;
	const struct cmd_option *co;
	const char *form = NULL;
	int positional = 0;
	char what[64];

	/* What was typed before the word being completed: the command, and
	 * how many of its own words follow it. */
	for (int i = 0; i < nwords - 1; i++) {
		const char *w = words[i];
		if (!strcmp(w, "--"))
			return;
		if ((go = global(g, w)) && !command_option(e, w)) {
			i += go->has_arg == required_argument;
			continue;
		}
		if ((co = command_option(e, w))) {
			i += co->arg != NULL;
			continue;
		}
		if (*w == '-')
			continue;
		if (!e) {
			if (!(e = cli_command_named(w)))
				return; /* not a command: nothing to offer */
		} else {
			if (!positional++)
				form = w;
		}
	}
	/* The value of an option. */
	if ((co = command_option(e, prev)) && co->arg) {
		offer_values(out, g, co->arg, co->name, cur);
		offer_names(out, g, co->arg, nwords, words, cur);
		return;
	}
	if ((go = global(g, prev)) && go->has_arg == required_argument) {
		offer_values(out, g, NULL, go->name, cur);
		return;
	}
	if (*cur == '-') {
		/* Options as "--name": the command's own, then the global ones. */
		for (const struct cmd_option *o = e ? e->options : NULL; o && o->name; o++) {
			char opt[64];
			snprintf(opt, sizeof opt, "--%s", o->name);
			offer(out, opt, strlen(opt), cur);
		}
		for (const struct option *o = g->options; o->name; o++) {
			char opt[64];
			snprintf(opt, sizeof opt, "--%s", o->name);
			/* After a command: --help is its own; --version is the program's. */
			if (e && (!strcmp(o->name, "version") || command_option(e, opt)))
				continue;
			offer(out, opt, strlen(opt), cur);
		}
		return;
	}
	if (!e) {
		for (size_t k = 0; cli_command_entry(k); k++)
			offer(out, cli_command_entry(k)->name, strlen(cli_command_entry(k)->name), cur);
	} else {
		if (!positional)
			offer_forms(out, e, cur);
		/* A positional word: what the synopsis says stands there (after the form, if one was typed). */
		placeholder(e, form, positional, what, sizeof what);
		offer_names(out, g, what, nwords, words, cur);
	}
}
