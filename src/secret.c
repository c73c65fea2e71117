/* secret.c: the refresh token in the OS keyring (libsecret), under a schema
 * keyed by server URL and username, and the store that keeps nothing. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <libsecret/secret.h>

#include "i18n.h"
#include "secret.h"
#include "xalloc.h"

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
	g_clear_error(e);
}

static char *keyring_lookup(const char *server, const char *user, char *msg, size_t msglen)
{
	GError *e = NULL;
	gchar *s = secret_password_lookup_nonpageable_sync(&schema, NULL, &e, "server", server,
							   "username", user, NULL);
	char *out = NULL;

	*msg = '\0';
	if (e) {
		take_error(&e, msg, msglen);
		return NULL;
	}
	if (s) {
		out = xstrdup(s);
		secret_password_free(s);
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
	if (!secret_password_store_sync(&schema, SECRET_COLLECTION_DEFAULT, label, secret, NULL, &e,
					"server", server, "username", user, NULL)) {
		take_error(&e, msg, msglen);
		return false;
	}
	return true;
}

static bool keyring_clear(const char *server, const char *user, char *msg, size_t msglen)
{
	GError *e = NULL;

	secret_password_clear_sync(&schema, NULL, &e, "server", server, "username", user, NULL);
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
	if (!g_getenv("DBUS_SESSION_BUS_ADDRESS") && !g_getenv("XDG_RUNTIME_DIR")) {
		snprintf(msg, msglen, "%s", _("no keyring is reachable (no D-Bus session)"));
		return &secret_nowhere;
	}
	*msg = '\0';
	return &secret_keyring;
}
