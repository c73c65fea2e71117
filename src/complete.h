/* complete.h: the candidates the shells' completions offer. */
#ifndef BANKTERM_COMPLETE_H
#define BANKTERM_COMPLETE_H

#include <getopt.h>
#include <stdio.h>

struct config;

struct complete_globals {
	const struct option *options; /* the global options, ended by { NULL } */
	const char *screens;          /* the full screen's names, space-separated */
	const struct config *config;  /* for profile names, or NULL */
	/* The names of the bank's things a placeholder stands for ("ACCOUNT",
	 * "PAYEE"), given the words typed (for the bank and user they name): a
	 * NULL-ended list to free (each entry and the list), or NULL when they
	 * cannot be had cheaply.  NULL: none asked. */
	char **(*names)(void *ctx, const char *placeholder, int nwords, char **words);
	void *ctx;
};

/* Writes, one a line, what may stand in place of the last of words (the
 * words after "bankterm", the last one being completed, "" for a new one). */
void complete_words(FILE *out, int nwords, char **words, const struct complete_globals *g);

#endif
