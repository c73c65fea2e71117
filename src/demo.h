/* demo.h: a private demo bank for one run.  `bankterm --demo` starts a
 * bankterm-sandbox (found beside this program, in the build tree, or in
 * PATH) on a free loopback port with a fresh in-memory database, signs in as
 * a persona, and stops the sandbox when bankterm ends: normally, on a
 * signal, or when it is killed (the kernel tells the sandbox). */
#ifndef BANKTERM_DEMO_H
#define BANKTERM_DEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include "view.h"

struct demo {
	pid_t pid;
	char url[128];        /* "http://127.0.0.1:PORT/v1" */
	char persona[32];
	char totp_secret[64]; /* base32, from --list-personas: demo codes are public */
	/* The 30-second steps whose codes demo_code handed out lately (the bank takes each once). */
	uint64_t handed[4];
	unsigned nhanded;
	char state_dir[256];  /* a private $XDG_STATE_HOME for this run's intents */
};

/* Starts the sandbox and learns the persona's TOTP secret; false and msg on
 * failure.  date: the bank's day, YYYY-MM-DD (its --date), or NULL for today. */
bool demo_start(struct demo *d, const char *persona, const char *date, char *msg, size_t msglen);
/* Stops the sandbox and waits for it (idempotent). */
void demo_stop(struct demo *d);
/* The persona's one-time code now, into out[7]. */
bool demo_code(struct demo *d, char out[8]);

/* --- the demo bank's controls, as both faces use them ------------------------ */

struct op;

/**
 * How far "+Nd" (days), "+Nh" (hours) or "+Nm" (calendar months: the same
 * day N months on, or that month's last day) moves the demo bank's clock
 * from bank_now (its RFC 3339 time, from GET /sandbox/clock).  false and
 * msg, in words, when spec is none of those or goes past five years.
 */
bool demo_clock_seconds(const char *spec, const char *bank_now, long long *seconds, char *msg, size_t msglen);
/* Moves the demo bank's clock on by seconds: everything due in between runs. */
bool demo_clock_op(long long seconds, struct op *op);
/* The bank's answers to both, as --json prints them (never a table). */
extern const struct view_column demo_clock_json_cols[];
#define DEMO_CLOCK_JSON_NCOLS 7
extern const struct view_column demo_reset_json_cols[];
#define DEMO_RESET_JSON_NCOLS 3
/* Empties the demo bank and seeds it again as it started. */
bool demo_reset_op(struct op *op);
/* What a clock move did, in words, from the bank's answer doc (POST
 * /sandbox/clock): day is its new day as the face shows it; then the
 * scheduled transfers run, bills paid by autopay, new bills, bills now
 * overdue, autopay that failed.  false (and why, in out) when doc is malformed. */
typedef struct json_object json_object;
bool demo_clock_said(json_object *doc, const char *day, char *out, size_t len);

#endif
