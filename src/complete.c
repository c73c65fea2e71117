/* complete.c: what the shells' completions offer (`bankterm __complete
 * WORD...`), drawn from the tables the command line itself runs on: the
 * commands, their options and forms, and the global options.  The scripts
 * under data/completion/ only ask; nothing here can drift from them. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

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
	{ "FLOW", "general transfer bills points offers" },
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

static const struct option *global(const struct complete_globals *g, const char *word)
{
	if (strncmp(word, "--", 2) || strchr(word, '='))
		return NULL;
	for (const struct option *o = g->options; o->name; o++)
		if (!strcmp(o->name, word + 2))
			return o;
	return NULL;
}

static const struct cmd_option *command_option(const struct cmd_entry *e, const char *word)
{
	if (!e || strncmp(word, "--", 2) || strchr(word, '='))
		return NULL;
	for (const struct cmd_option *o = e->options; o && o->name; o++)
		if (!strcmp(o->name, word + 2))
			return o;
	return NULL;
}

/* The first word of each form of the synopsis that is a word ("list" of
 * "[list] [--json]", "pay" of "pay BILL --from ACCOUNT"). */
static void offer_forms(FILE *out, const struct cmd_entry *e, const char *cur)
{
	for (const char *p = e->synopsis; p && *p;) {
		size_t len = strcspn(p, "\n"), n;
		const char *w = p + (*p == '[');
		n = strspn(w, "abcdefghijklmnopqrstuvwxyz-");
		if (n && (w[n] == ' ' || w[n] == ']' || w[n] == '\n' || !w[n]) && *w != '-')
			offer(out, w, n, cur);
		p += len + (p[len] == '\n');
	}
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

void complete_words(FILE *out, int nwords, char **words, const struct complete_globals *g)
{
	const char *cur = nwords ? words[nwords - 1] : "";
	const char *prev = nwords > 1 ? words[nwords - 2] : "";
	const struct cmd_entry *e = NULL;
	const struct option *go;
	const struct cmd_option *co;
	int positional = 0;

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
			for (size_t k = 0; cli_command_entry(k); k++)
				if (!strcmp(cli_command_entry(k)->name, w))
					e = cli_command_entry(k);
			if (!e)
				return; /* not a command: nothing to offer */
		} else {
			positional++;
		}
	}
	/* The value of an option. */
	if ((co = command_option(e, prev)) && co->arg) {
		offer_values(out, g, co->arg, co->name, cur);
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
	} else if (!positional) {
		offer_forms(out, e, cur);
	}
}
