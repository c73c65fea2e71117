/* kernkey.c: the access token in the kernel's keyring (kernkey.h), through
 * add_key(2) and keyctl(2) themselves: glibc has no wrappers, and libkeyutils
 * would be one more library to load before the first frame. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/keyctl.h>

#include "kernkey.h"
#include "xalloc.h"

/* The possessor (this login's processes) may do anything; the user's other
 * processes may only see that the key is there. */
#define KEY_PERM 0x3f010000

static long keyctl4(int op, long a, long b, long c)
{
	return syscall(SYS_keyctl, op, a, b, c, 0L);
}

/* The login session's keyring, or the user's when the session has none of
 * its own (the session keyring is then the user's session keyring). */
static long keyring(void)
{
	long ses = keyctl4(KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 0, 0);
	long user_ses = keyctl4(KEYCTL_GET_KEYRING_ID, KEY_SPEC_USER_SESSION_KEYRING, 0, 0);

	if (ses < 0)
		return -1;
	return ses != user_ses ? ses : keyctl4(KEYCTL_GET_KEYRING_ID, KEY_SPEC_USER_KEYRING, 0, 0);
}

/* "bankterm:access:LEN:SERVER:USER": the server's length makes the pair unambiguous. */
static char *description(const char *server, const char *user)
{
	size_t len = strlen(server) + strlen(user) + 48;
	char *d = xmalloc(len);

	snprintf(d, len, "bankterm:access:%zu:%s:%s", strlen(server), server, user);
	return d;
}

static long find(const char *server, const char *user)
{
	char *d = description(server, user);
	long ring = keyring(), id = ring < 0 ? -1 : keyctl4(KEYCTL_SEARCH, ring, (long)"user", (long)d);

	free(d);
	return id;
}

char *kernkey_lookup(const char *server, const char *user, long long *expires)
{
	long id = find(server, user), n;
	char buf[4096], *nl, *end, *token = NULL;
	long long exp;

	if (id < 0)
		return NULL;
	n = keyctl4(KEYCTL_READ, id, (long)buf, (long)sizeof buf - 1);
	if (n > 0 && n < (long)sizeof buf) {
		buf[n] = '\0';
		/* "ACCESS\nEXPIRES", and nothing else: what is not that is not ours. */
		nl = strchr(buf, '\n');
		if (nl && nl > buf && nl[1] != '-') {
			errno = 0;
			exp = strtoll(nl + 1, &end, 10);
			if (!errno && end > nl + 1 && !*end && exp > (long long)time(NULL)) {
				token = xstrndup(buf, (size_t)(nl - buf));
				*expires = exp;
			}
		}
	}
	explicit_bzero(buf, sizeof buf);
	return token;
}

bool kernkey_store(const char *server, const char *user, const char *access, long long expires)
{
	long long life = expires - (long long)time(NULL);
	size_t len = strlen(access) + 32;
	char *payload, *d;
	long ring = keyring(), id;

	if (ring < 0 || life <= 0 || strchr(access, '\n'))
		return false;
	payload = xmalloc(len);
	snprintf(payload, len, "%s\n%lld", access, expires);
	d = description(server, user);
	/* add_key replaces a key of that description in the keyring. */
	id = syscall(SYS_add_key, "user", d, payload, strlen(payload), ring);
	free(d);
	explicit_bzero(payload, len);
	free(payload);
	if (id < 0)
		return false;
	if (keyctl4(KEYCTL_SETPERM, id, KEY_PERM, 0) < 0 ||
	    keyctl4(KEYCTL_SET_TIMEOUT, id, (long)(life > 0xFFFFFFFFLL ? 0xFFFFFFFFLL : life), 0) < 0) {
		keyctl4(KEYCTL_INVALIDATE, id, 0, 0);
		return false;
	}
	return true;
}

void kernkey_clear(const char *server, const char *user)
{
	long id;

	/* The session's keyring links the user's: a copy may be in each. */
	for (int i = 0; i < 4 && (id = find(server, user)) >= 0; i++)
		keyctl4(KEYCTL_INVALIDATE, id, 0, 0);
}
