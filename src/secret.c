/* secret.c: the refresh token in the OS keyring (the Secret Service), under
 * a schema keyed by server URL and username, and the store that keeps
 * nothing.  A lookup and a store go straight to the service (secretsvc.c)
 * when its collection is unlocked; libsecret does the rest (a prompt to
 * unlock, a missing default collection, deleting).
 *
 * libsecret is loaded when it is first asked (dlopen), not when bankterm
 * starts: it brings GLib, GIO and libgcrypt, a dozen libraries and 3 ms and
 * 2.8 MB of a start that the kernel's keyring (kernkey.h) mostly spares. */
#include "config.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsecret/secret.h> /* its types only: the calls go through lib below */

#include "i18n.h"
#include "secret.h"
#include "secretsvc.h"
#include "xalloc.h"

/* The soname libsecret has had since 0.16 (2013). */
#define LIBSECRET_SONAME "libsecret-1.so.0"

static struct {
	gchar *(*lookup)(const SecretSchema *, GCancellable *, GError **, ...);
	gboolean (*store)(const SecretSchema *, const gchar *, const gchar *, const gchar *, GCancellable *,
			  GError **, ...);
	gboolean (*clear)(const SecretSchema *, GCancellable *, GError **, ...);
	void (*free)(gchar *);
	void (*error_free)(GError *);
	char why[256]; /* empty when loaded */
} lib;
static pthread_once_t lib_once = PTHREAD_ONCE_INIT;

static void lib_load(void)
{
	void *h = dlopen(LIBSECRET_SONAME, RTLD_NOW | RTLD_LOCAL);
	const char *err;

	if (!h) {
		err = dlerror();
		snprintf(lib.why, sizeof lib.why, "%s", err ? err : LIBSECRET_SONAME);
		return;
	}
	/* dlsym looks through the libraries it brought too (g_error_free is GLib's). */
	*(void **)&lib.lookup = dlsym(h, "secret_password_lookup_nonpageable_sync");
	*(void **)&lib.store = dlsym(h, "secret_password_store_sync");
	*(void **)&lib.clear = dlsym(h, "secret_password_clear_sync");
	*(void **)&lib.free = dlsym(h, "secret_password_free");
	*(void **)&lib.error_free = dlsym(h, "g_error_free");
	if (!lib.lookup || !lib.store || !lib.clear || !lib.free || !lib.error_free) {
		err = dlerror(); /* "undefined symbol: ..." */
		snprintf(lib.why, sizeof lib.why, "%s: %s", LIBSECRET_SONAME, err ? err : "dlsym");
	}
	/* Never closed: GLib cannot be unloaded. */
}

/* libsecret, loaded once; false with msg set (translated) when it cannot be. */
static bool lib_ready(char *msg, size_t msglen)
{
	pthread_once(&lib_once, lib_load);
	if (!*lib.why)
		return true;
	/* L10N: %s is the system's own explanation. */
	snprintf(msg, msglen, _("the keyring failed: libsecret could not be loaded: %s"), lib.why);
	return false;
}

static const SecretSchema schema = {
	"org.bankterm.RefreshToken",
	SECRET_SCHEMA_NONE,
	{
		{ "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
		{ "username", SECRET_SCHEMA_ATTRIBUTE_STRING },
		{ NULL, 0 },
	},
	0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
};

static void take_error(GError **e, char *msg, size_t msglen)
{
	/* L10N: %s is the keyring's own explanation. */
	snprintf(msg, msglen, _("the keyring failed: %s"), *e && (*e)->message ? (*e)->message : "?");
	if (*e)
		lib.error_free(*e);
	*e = NULL;
}

static char *keyring_lookup(const char *server, const char *user, char *msg, size_t msglen)
{
	GError *e = NULL;
	gchar *s;
	char *out = NULL;

	*msg = '\0';
	switch (secretsvc_lookup(schema.name, server, user, &out, msg, msglen)) {
	case SECRETSVC_OK:
		return out;
	case SECRETSVC_NONE:
	case SECRETSVC_FAILED:
		return NULL;
	case SECRETSVC_FALLBACK:
		break;
	}
	if (!lib_ready(msg, msglen))
		return NULL;
	s = lib.lookup(&schema, NULL, &e, "server", server, "username", user, NULL);
	if (e) {
		take_error(&e, msg, msglen);
		return NULL;
	}
	if (s) {
		out = xstrdup(s);
		lib.free(s);
	}
	return out;
}

static bool keyring_store(const char *server, const char *user, const char *secret, char *msg,
			  size_t msglen)
{
	GError *e = NULL;
	char label[256];

	/* L10N: the keyring entry's label; %s are the username and the server. */
	snprintf(label, sizeof label, _("bankterm sign-in for %s at %s"), user, server);
	switch (secretsvc_store(schema.name, server, user, label, secret, msg, msglen)) {
	case SECRETSVC_OK:
		return true;
	case SECRETSVC_FAILED:
		return false;
	case SECRETSVC_NONE:
	case SECRETSVC_FALLBACK:
		break;
	}
	if (!lib_ready(msg, msglen))
		return false;
	if (!lib.store(&schema, SECRET_COLLECTION_DEFAULT, label, secret, NULL, &e, "server", server,
		       "username", user, NULL)) {
		take_error(&e, msg, msglen);
		return false;
	}
	return true;
}

static bool keyring_clear(const char *server, const char *user, char *msg, size_t msglen)
{
	GError *e = NULL;

	if (!lib_ready(msg, msglen))
		return false;
	lib.clear(&schema, NULL, &e, "server", server, "username", user, NULL);
	if (e) {
		take_error(&e, msg, msglen);
		return false;
	}
	return true;
}

const struct secret_store secret_keyring = { "keyring", keyring_lookup, keyring_store, keyring_clear };

static char *nowhere_lookup(const char *server, const char *user, char *msg, size_t msglen)
{
	(void)server;
	(void)user;
	(void)msglen;
	*msg = '\0';
	return NULL;
}

static bool nowhere_store(const char *server, const char *user, const char *secret, char *msg,
			  size_t msglen)
{
	(void)server;
	(void)user;
	(void)secret;
	(void)msg;
	(void)msglen;
	return true;
}

static bool nowhere_clear(const char *server, const char *user, char *msg, size_t msglen)
{
	(void)server;
	(void)user;
	(void)msg;
	(void)msglen;
	return true;
}

const struct secret_store secret_nowhere = { "nowhere", nowhere_lookup, nowhere_store, nowhere_clear };

const struct secret_store *secret_store_open(char *msg, size_t msglen)
{
	/* Without a session bus libsecret would try to start one: not over SSH.
	 * With one, the keyring is not asked here whether it is there: the first
	 * lookup or store asks, and a failure then is said once and nothing is
	 * kept (session.c).  Asking twice cost a start half a dozen D-Bus round
	 * trips, as libsecret keeps no service between its calls. */
	if (!getenv("DBUS_SESSION_BUS_ADDRESS") && !getenv("XDG_RUNTIME_DIR")) {
		snprintf(msg, msglen, "%s", _("no keyring is reachable (no D-Bus session)"));
		return &secret_nowhere;
	}
	*msg = '\0';
	return &secret_keyring;
}
