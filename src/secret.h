/* secret.h: where the refresh token lives between runs.  Two stores: the OS
 * keyring through libsecret (the Secret Service), and "nowhere", for when no
 * keyring is reachable (over SSH, in a container): then bankterm asks for
 * the password on each start.  No secret is ever written to a file. */
#ifndef BANKTERM_SECRET_H
#define BANKTERM_SECRET_H

#include <stdbool.h>
#include <stddef.h>

struct secret_store {
	const char *name;
	/* The secret for (server, user), malloc'd (free with xfree_secret), or
	 * NULL: with msg empty when there is none, set when the store failed. */
	char *(*lookup)(const char *server, const char *user, char *msg, size_t msglen);
	bool (*store)(const char *server, const char *user, const char *secret, char *msg, size_t msglen);
	/* Deletes it; true also when there was none. */
	bool (*clear)(const char *server, const char *user, char *msg, size_t msglen);
};

extern const struct secret_store secret_keyring;
extern const struct secret_store secret_nowhere;

/* The keyring when a D-Bus session is reachable, else secret_nowhere (msg
 * says why).  A keyring that is not there after all fails at its first
 * lookup or store, with msg set (session.c says it once). */
const struct secret_store *secret_store_open(char *msg, size_t msglen);

#endif
