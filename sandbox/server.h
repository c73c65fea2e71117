/* server.h: the HTTP server of the sandbox (libmicrohttpd), for main.c. */
#ifndef BANKTERM_SANDBOX_SERVER_H
#define BANKTERM_SANDBOX_SERVER_H

#include <stdbool.h>
#include <stdio.h>

struct sb_config {
	const char *listen;  /* "127.0.0.1:0" */
	const char *db_path; /* a file, or ":memory:" */
	unsigned threads;
	bool faults;         /* honour the X-Sandbox-Fault request header */
	FILE *log;           /* one line per request; never bodies or secrets */
	const char *tls_cert, *tls_key; /* PEM files: serve HTTPS */
	bool controls;                  /* serve the demo's controls, /v1/sandbox/ (--demo-controls) */
	unsigned per_address;           /* open connections one address may hold (0: the default) */
	unsigned idle_timeout;          /* seconds an idle connection lives (0: the default) */
};

/* Serves until SIGINT or SIGTERM; returns the exit status. */
int server_run(const struct sb_config *cfg);

#endif
