/* run.h: the run context both faces share: the command line (cli.c) and the
 * full screen (ui/) are handed one, signed in, and read it; neither owns it.
 * Part of the core's public interface (bankterm.h). */
#ifndef BANKTERM_RUN_H
#define BANKTERM_RUN_H

#include <stdbool.h>
#include <stdio.h>

#include "conf.h"
#include "demo.h"
#include "money.h"
#include "session.h"

/* Asking the person, from a command that runs where there is no terminal
 * of its own.  Each returns NULL (or false) when the person will not say. */
struct run_asker {
	bool (*confirm)(void *ctx, const char *question);
	char *(*secret)(void *ctx, const char *prompt); /* a password: wiped and freed by the caller */
	char *(*code)(void *ctx, const char *prompt);   /* a one-time code */
	char *(*line)(void *ctx, const char *prompt);   /* a line of text, shown as typed */
	void *ctx;
};

/* The context of one run of bankterm: which bank and who, the config, the
 * session, how numbers are written, the demo; and the output format of the
 * command running now (set afresh for each command from its own options). */
struct run {
	const char *server, *user, *cacert;
	char cacert_path[1024];
	char server_url[1100]; /* --server with the API's path added, when it had none */
	struct config cfg;
	/* Where the interface's own preferences come from (theme, idle lock):
	 * the chosen profile; with --demo, the default one.  May be NULL. */
	const struct profile *profile;
	bool password_stdin;
	/* --password-stdin: its first line, read once when the run signs in
	 * (the same lines in the same order, whether a keyring holds a session
	 * or not); wiped when the run ends. */
	char *stdin_password;
	bool stdin_read;
	bool json, csv; /* this command's --json, --csv */
	struct session s;
	bool open;
	struct numfmt nf;
	struct demo *demo; /* --demo: a private bank for this run, or NULL */
	FILE *trace;       /* --trace, or NULL */
	/* Where a command writes: its data, and its messages.  stdout and
	 * stderr on the command line; the full screen's own while a ":"
	 * command runs on its worker. */
	FILE *out, *err;
	/* How the person is asked for a yes, a password or a code: NULL for
	 * the terminal; the full screen's own while a ":" command runs. */
	const struct run_asker *asker;
	/* The config file's problems, each also said on stderr as it loads:
	 * how many, and the first (the full screen says them on start). */
	int config_problems;
	char config_first[600];
};

#endif
