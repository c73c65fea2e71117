/* cmd.h: a command of the command line as data, as tmux declares its
 * cmd_entry: its name, what it does, its synopsis and its own options.  One
 * parser reads a command's words against its own table, so a command
 * cannot take another's option, and --help is printed from the same table.
 * Each run of a command starts from fresh arguments: nothing one command
 * was given stays for the next (the full screen's ":" runs many). */
#ifndef BANKTERM_CMD_H
#define BANKTERM_CMD_H

#include <stdbool.h>
#include <stdio.h>

struct run;

struct cmd_option {
	const char *name; /* the long name: "from" */
	char letter;      /* a one-letter name ('q'), or 0 */
	const char *arg;  /* "ACCOUNT" when it takes a value (syntax: not translated); NULL for a flag */
	const char *help; /* N_() */
};

#define CMD_MAX_OPTIONS 16

struct cmd_args;

struct cmd_entry {
	const char *name;
	const char *synopsis; /* the words after "bankterm NAME", one line per form (syntax: not translated) */
	const char *about;    /* N_(): what it does, for --help */
	const char *summary;  /* N_(): its line in the list of commands */
	const struct cmd_option *options; /* its own, ended by { NULL }; --help is every command's */
	int (*exec)(struct run *c, struct cmd_args *a);
};

struct cmd_args {
	const struct cmd_entry *entry;
	const char *value[CMD_MAX_OPTIONS]; /* per option: its value, "" for a flag given, NULL if absent */
	int argc;                           /* the words after the options */
	char **argv;
};

/* Reads argv (argv[0] is the command's name) against e's options; --help
 * goes to out, a mistake to err.
 * @return -1 to run it; 0 after --help (printed); 2 after a usage error
 *         (said on stderr, with the way to --help) */
int cmd_parse(const struct cmd_entry *e, int argc, char **argv, struct cmd_args *a, FILE *out, FILE *err);
/* The value of option name (one of the entry's), or NULL when not given. */
const char *cmd_value(const struct cmd_args *a, const char *name);
/* Whether e has an option of that name. */
bool cmd_declares(const struct cmd_entry *e, const char *name);
/* e's option of that name, or NULL (e may be NULL). */
const struct cmd_option *cmd_option_named(const struct cmd_entry *e, const char *name);
/* Whether option name (one of the entry's) was given. */
bool cmd_has(const struct cmd_args *a, const char *name);
/* The --help text: usage lines, what it does, and every option with its help. */
void cmd_usage(const struct cmd_entry *e, FILE *to);

#endif
