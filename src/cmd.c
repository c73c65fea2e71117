/* cmd.c: reading a command's words against its own option table (cmd.h).
 * getopt_long is built from the table each time, so its state and the
 * values it found belong to this run of this command only. */
#include "config.h"

#include <assert.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd.h"
#include "i18n.h"
#include "text.h"

static int option_count(const struct cmd_entry *e)
{
	int n = 0;

	while (e->options && e->options[n].name)
		n++;
	assert(n < CMD_MAX_OPTIONS);
	return n;
}

static const char *longname(const struct cmd_entry *e, int letter)
{
	for (int i = 0; e->options && e->options[i].name; i++)
		if (e->options[i].letter == letter)
			return e->options[i].name;
	return "?";
}

static void usage_error(const struct cmd_entry *e, const char *what, FILE *err)
{
	/* L10N: "bankterm transactions: <what is wrong>" */
	fprintf(err, "%s %s: %s\n", PACKAGE, e->name, what);
	fprintf(err, _("Try '%s %s --help'.\n"), PACKAGE, e->name);
}

int cmd_parse(const struct cmd_entry *e, int argc, char **argv, struct cmd_args *a, FILE *out, FILE *err)
{
	struct option longopts[CMD_MAX_OPTIONS + 2];
	char shortopts[2 * CMD_MAX_OPTIONS + 4] = ":h";
	int n = option_count(e), o, idx;
	size_t s = strlen(shortopts);
	char what[160];

	memset(a, 0, sizeof *a);
	a->entry = e;
	for (int i = 0; i < n; i++) {
		const struct cmd_option *op = &e->options[i];
		longopts[i] = (struct option){ op->name, op->arg ? required_argument : no_argument, NULL, 256 + i };
		if (op->letter) {
			shortopts[s++] = op->letter;
			if (op->arg)
				shortopts[s++] = ':';
		}
	}
	shortopts[s] = '\0';
	longopts[n] = (struct option){ "help", no_argument, NULL, 'h' };
	longopts[n + 1] = (struct option){ NULL, 0, NULL, 0 };
	/* Silent: the message below names the command and the way to its help. */
	opterr = 0;
	optind = 0;
	while ((o = getopt_long(argc, argv, shortopts, longopts, &idx)) != -1) {
		if (o == 'h') {
			cmd_usage(e, out);
			return EXIT_OK;
		}
		if (o == ':') {
			/* L10N: %s is an option's name, typed without the value it needs. */
			snprintf(what, sizeof what, _("--%s needs a value"),
				 optopt >= 256 ? e->options[optopt - 256].name : longname(e, optopt));
			usage_error(e, what, err);
			return EXIT_USAGE;
		}
		if (o == '?') {
			if (optopt)
				/* L10N: %c is the one-letter option typed. */
				snprintf(what, sizeof what, _("-%c is not an option of this command"), optopt);
			else
				/* L10N: %s is what was typed where an option was expected. */
				snprintf(what, sizeof what, _("%s is not an option of this command"), argv[optind - 1]);
			usage_error(e, what, err);
			return EXIT_USAGE;
		}
		for (int i = 0; i < n; i++)
			if (o == 256 + i || (e->options[i].letter && o == e->options[i].letter))
				a->value[i] = e->options[i].arg ? optarg : "";
	}
	a->argc = argc - optind;
	a->argv = argv + optind;
	return -1;
}

static int index_of(const struct cmd_args *a, const char *name)
{
	int n = option_count(a->entry);

	for (int i = 0; i < n; i++)
		if (!strcmp(a->entry->options[i].name, name))
			return i;
	/* A command asking for an option it does not declare is a bug, not input. */
	assert(!"the command does not declare this option");
	return -1;
}

const struct cmd_option *cmd_option_named(const struct cmd_entry *e, const char *name)
{
	for (int i = 0; e && e->options && e->options[i].name; i++)
		if (!strcmp(e->options[i].name, name))
			return &e->options[i];
	return NULL;
}

bool cmd_declares(const struct cmd_entry *e, const char *name)
{
	return cmd_option_named(e, name) != NULL;
}

const char *cmd_value(const struct cmd_args *a, const char *name)
{
	int i = index_of(a, name);

	return i < 0 ? NULL : a->value[i];
}

bool cmd_has(const struct cmd_args *a, const char *name)
{
	return cmd_value(a, name) != NULL;
}

void cmd_usage(const struct cmd_entry *e, FILE *to)
{
	const char *syn = e->synopsis;
	int n = option_count(e), widest = 0;
	char left[CMD_MAX_OPTIONS + 1][96];

	/* L10N: starts a command's help: "Usage: bankterm bills [list]". */
	const char *prefix = _("Usage:");
	int indent = text_width(prefix);
	bool first = true;

	for (const char *p = syn; *p;) {
		size_t len = strcspn(p, "\n");
		fprintf(to, "%*s %s %s %.*s\n", first ? 0 : indent, first ? prefix : "", PACKAGE, e->name, (int)len, p);
		first = false;
		p += len + (p[len] == '\n');
	}
	fprintf(to, "%s\n", _(e->about));
	for (int i = 0; i <= n; i++) {
		const struct cmd_option *op = i < n ? &e->options[i] : NULL;
		const char *name = op ? op->name : "help";
		int w;
		snprintf(left[i], sizeof left[i], "  %c%c%s --%s%s%s", op && op->letter ? '-' : ' ',
			 op && op->letter ? op->letter : ' ', op && op->letter ? "," : " ", name,
			 op && op->arg ? " " : "", op && op->arg ? op->arg : "");
		if ((w = text_width(left[i])) > widest)
			widest = w;
	}
	fprintf(to, "\n%s\n", _("Options:"));
	for (int i = 0; i <= n; i++) {
		const char *help = i < n ? _(e->options[i].help) : _("show this help and exit");
		fprintf(to, "%s%*s  %s\n", left[i], widest - text_width(left[i]), "", help);
	}
}
