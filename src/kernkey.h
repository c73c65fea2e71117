/* kernkey.h: the short-lived access token in the Linux kernel's keyring, so
 * that a start within its life needs neither the Secret Service (a D-Bus
 * exchange, and the libraries behind it) nor a round trip to the bank.
 *
 * The key lives in the login session's keyring where there is one, else in
 * the user's keyring; in memory only, never on a disk, and the kernel drops
 * it when the token's life ends (its timeout).  The long-lived refresh token
 * stays in the Secret Service (secret.h).  Where the kernel has no keyrings
 * (another system, a container that filters the calls) every call fails
 * quietly and the Secret Service does it all, as before. */
#ifndef BANKTERM_KERNKEY_H
#define BANKTERM_KERNKEY_H

#include <stdbool.h>
#include <time.h>

/* The access token kept for (server, user), malloc'd (free with
 * xfree_secret), and in *expires its end (seconds since the epoch); NULL
 * when there is none, it has expired, or what is there is not ours. */
char *kernkey_lookup(const char *server, const char *user, long long *expires);
/* Keeps it until expires (seconds since the epoch); false when the kernel would not. */
bool kernkey_store(const char *server, const char *user, const char *access, long long expires);
/* Forgets it (signing out, or a token the bank refused). */
void kernkey_clear(const char *server, const char *user);

#endif
