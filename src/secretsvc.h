/* secretsvc.h: the Secret Service (freedesktop.org's keyring API) spoken
 * directly on the session bus, for the two calls a start makes: find the
 * refresh token, keep its successor.  Same security as libsecret: an
 * encrypted session (dh-ietf1024-sha256-aes128-cbc-pkcs7, by libcrypto),
 * so no secret crosses the bus in clear.  Only the plain case is handled
 * here (the collection unlocked, no prompt); secret.c asks libsecret for
 * everything else, and for deleting. */
#ifndef BANKTERM_SECRETSVC_H
#define BANKTERM_SECRETSVC_H

#include <stddef.h>

enum secretsvc_result {
	SECRETSVC_OK,       /* done (lookup: *out set) */
	SECRETSVC_NONE,     /* lookup: the keyring answered that it holds none */
	SECRETSVC_FALLBACK, /* not handled here: ask libsecret */
	SECRETSVC_FAILED,   /* the keyring did not answer in time: msg says so */
};

/* Attributes: the item's schema name (libsecret's "xdg:schema"), server
 * and username.  *out is malloc'd (free with xfree_secret). */
enum secretsvc_result secretsvc_lookup(const char *schema, const char *server, const char *user,
                                       char **out, char *msg, size_t msglen);
enum secretsvc_result secretsvc_store(const char *schema, const char *server, const char *user,
                                      const char *label, const char *secret, char *msg,
                                      size_t msglen);

/* The bus address to use, from DBUS_SESSION_BUS_ADDRESS (or
 * $XDG_RUNTIME_DIR/bus): a unix socket path, or an abstract name with a
 * leading '@'.  False when none this code can reach.  For tests. */
#include <stdbool.h>
bool secretsvc_address(const char *env, const char *runtime_dir, char *out, size_t outlen);

#endif
