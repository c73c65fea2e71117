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

struct demo {
	pid_t pid;
	char url[128];        /* "http://127.0.0.1:PORT/v1" */
	char persona[32];
	char totp_secret[64]; /* base32, from --list-personas: demo codes are public */
	int codes_used;
	char state_dir[256];  /* a private $XDG_STATE_HOME for this run's intents */
};

/* Starts the sandbox and learns the persona's TOTP secret; false and msg on failure. */
bool demo_start(struct demo *d, const char *persona, char *msg, size_t msglen);
/* Stops the sandbox and waits for it (idempotent). */
void demo_stop(struct demo *d);
/* The persona's one-time code now, into out[7]. */
bool demo_code(struct demo *d, char out[8]);

#endif
