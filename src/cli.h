/* cli.h: the command line: `bankterm [global options] COMMAND [options]`. */
#ifndef BANKTERM_CLI_H
#define BANKTERM_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Documented in bankterm(1), EXIT STATUS. */
enum exit_code {
	EXIT_OK = 0,
	EXIT_ERROR = 1,   /* the bank refused, or another failure */
	EXIT_USAGE = 2,   /* a mistake on the command line */
	EXIT_AUTH = 3,    /* not signed in, or the sign-in failed */
	EXIT_NETWORK = 4, /* the bank could not be reached, or not trusted */
	EXIT_DECODE = 5,  /* the bank's answer could not be read */
	EXIT_UNKNOWN = 6, /* a payment's outcome is unknown: checked on the next run */
};

struct run;

/* What the command line asks of the full-screen interface. */
struct cli_ui_options {
	const char *snapshot; /* a screen's name: render it as text and exit */
	int cols, rows;       /* the snapshot's size */
	bool presenter;       /* show pressed keys; privacy mode on */
	bool screen_reader;   /* --screen-reader or ACCESSIBLE=1 (the profile may say so too) */
	FILE *trace;          /* --trace: key-to-frame times go here too, or NULL */
	bool check;           /* only say whether this terminal can hold the full
	                         screen (before any sign-in); EXIT_OK when it can */
};

/* The full-screen interface lives in ui/, above this layer: the program
 * hands it in (NULL in programs without one). */
typedef int cli_ui_fn(struct run *c, const struct cli_ui_options *o);

/* Runs the program; returns its exit status. */
int cli_main(int argc, char **argv, cli_ui_fn *ui);

/* Runs one command line's command (argv[0] is its name) in this run's
 * session, as `bankterm COMMAND ...` would: the full screen's ":" line. */
int cli_run_command(struct run *c, int argc, char **argv);
/* The i-th command's name, NULL past the last (for completion). */
const char *cli_command_name(size_t i);

#endif
