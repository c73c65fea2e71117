/* secretsvc.c: the Secret Service on the session bus, without libsecret
 * (secretsvc.h).  libsecret's lookup loads GLib, GIO and libgcrypt (4.7 ms
 * here), and makes eleven bus calls where four are needed (Hello,
 * OpenSession, SearchItems, GetSecrets); a start in a new login session
 * spent 23 ms in it.  The calls below go in two round trips: the first
 * three written at once, then GetSecrets.
 *
 * The session: a Diffie-Hellman exchange in the 1024-bit MODP group of
 * RFC 2409 (generator 2), the shared secret padded to the prime's length,
 * HKDF-SHA256 of it (no salt, no info) giving an AES-128 key, and each
 * secret in AES-128-CBC with PKCS#7 padding under a fresh IV.  That is the
 * Secret Service API's "dh-ietf1024-sha256-aes128-cbc-pkcs7", which
 * libsecret uses; libcrypto does all of it. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/dh.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>

#include "dbus.h"
#include "i18n.h"
#include "secretsvc.h"
#include "xalloc.h"

#define SERVICE            "org.freedesktop.secrets"
#define SERVICE_PATH       "/org/freedesktop/secrets"
#define SERVICE_IFACE      "org.freedesktop.Secret.Service"
#define DEFAULT_COLLECTION "/org/freedesktop/secrets/aliases/default"
#define ALGORITHM          "dh-ietf1024-sha256-aes128-cbc-pkcs7"
/* libsecret's own wait for a D-Bus reply (GDBus's default). */
#define TIMEOUT_MS 25000

/* One connection and one session for the process, used under `lock`. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	int fd;
	uint32_t serial;
	bool authed, hello;
	unsigned char *in; /* what was read and not yet used */
	size_t n, cap;
	char session[256]; /* the session's object path, "" before OpenSession */
	unsigned char key[16];
	bool dead; /* a failure: nothing more is asked on this connection */
	/* Replies that came before the one awaited (a service may answer
	 * calls written together in any order), kept until asked for. */
	struct {
		uint32_t serial;
		unsigned char *msg;
		size_t len;
	} early[4];
} bus = {-1, 0, false, false, NULL, 0, 0, "", {0}, false, {{0, NULL, 0}}};

/* --- the address --------------------------------------------------------------------- */

static int unhex(int c)
{
	return c >= '0' && c <= '9'   ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
	                              : -1;
}

/* Copies value (up to , or ; or its end) into out, %XX decoded. */
static bool value_of(const char *v, char *out, size_t outlen)
{
	size_t n = 0;

	for (; *v && *v != ',' && *v != ';'; v++) {
		int c = (unsigned char)*v;
		if (c == '%') {
			int h = unhex(v[1]), l = h < 0 ? -1 : unhex(v[2]);
			if (l < 0)
				return false;
			c = h * 16 + l;
			v += 2;
		}
		if (c == 0 || n + 1 >= outlen)
			return false;
		out[n++] = (char)c;
	}
	out[n] = '\0';
	return n > 0;
}

bool secretsvc_address(const char *env, const char *runtime_dir, char *out, size_t outlen)
{
	if (!env || !*env)
		return runtime_dir && *runtime_dir &&
		       (size_t)snprintf(out, outlen, "%s/bus", runtime_dir) < outlen;
	/* Addresses separated by ';', each "unix:key=value,...". */
	for (const char *a = env; *a;) {
		const char *end = strchr(a, ';');
		if (!end)
			end = a + strlen(a);
		if (!strncmp(a, "unix:", 5))
			for (const char *k = a + 5; k < end;) {
				const char *comma = memchr(k, ',', (size_t)(end - k));
				if (!strncmp(k, "path=", 5) && value_of(k + 5, out, outlen))
					return true;
				if (!strncmp(k, "abstract=", 9) && outlen > 1 &&
				    value_of(k + 9, out + 1, outlen - 1)) {
					out[0] = '@';
					return true;
				}
				k = comma ? comma + 1 : end;
			}
		a = *end ? end + 1 : end;
	}
	return false;
}

/* --- the connection ------------------------------------------------------------------ */

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void bus_close(void)
{
	if (bus.fd >= 0)
		close(bus.fd);
	if (bus.in)
		xfree_secret(bus.in, bus.cap);
	OPENSSL_cleanse(bus.key, sizeof bus.key);
	bus.fd = -1;
	bus.in = NULL;
	bus.n = bus.cap = 0;
	bus.authed = bus.hello = false;
	bus.session[0] = '\0';
	for (size_t i = 0; i < sizeof bus.early / sizeof *bus.early; i++) {
		if (bus.early[i].msg)
			xfree_secret(bus.early[i].msg, bus.early[i].len);
		bus.early[i].msg = NULL;
	}
}

/* At exit the session key is wiped, unless another thread is using it
 * (then exit does not wait for that thread's call to end). */
static void wipe_at_exit(void)
{
	if (pthread_mutex_trylock(&lock))
		return;
	bus_close();
	pthread_mutex_unlock(&lock);
}

static bool bus_open(void)
{
	struct sockaddr_un sa;
	char addr[sizeof sa.sun_path + 1];
	socklen_t len;
	static bool registered;

	if (bus.fd >= 0)
		return true;
	if (!secretsvc_address(getenv("DBUS_SESSION_BUS_ADDRESS"), getenv("XDG_RUNTIME_DIR"), addr,
	                       sizeof addr))
		return false;
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	if (addr[0] == '@') { /* abstract: a NUL, then the name, no terminator */
		size_t n = strlen(addr + 1);
		if (n + 1 > sizeof sa.sun_path)
			return false;
		memcpy(sa.sun_path + 1, addr + 1, n);
		len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n);
	} else {
		if (strlen(addr) >= sizeof sa.sun_path)
			return false;
		strcpy(sa.sun_path, addr);
		len = (socklen_t)sizeof sa;
	}
	bus.fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (bus.fd < 0)
		return false;
	if (connect(bus.fd, (struct sockaddr *)&sa, len)) {
		bus_close();
		return false;
	}
	if (!registered) {
		registered = true;
		atexit(wipe_at_exit);
	}
	return true;
}

/* Waits until fd is ready for events or the deadline; false when it is
 * not (*late when the deadline came). */
static bool wait_for(short events, long long deadline, bool *late)
{
	struct pollfd pf = {bus.fd, events, 0};

	for (;;) {
		long long left = deadline - now_ms();
		int r = left > 0 ? poll(&pf, 1, (int)left) : 0;
		if (r > 0)
			return true;
		if (r == 0) {
			*late = true;
			return false;
		}
		if (errno != EINTR)
			return false;
	}
}

static bool send_all(const unsigned char *p, size_t n, long long deadline, bool *late)
{
	while (n) {
		ssize_t w = send(bus.fd, p, n, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (w > 0) {
			p += w;
			n -= (size_t)w;
		} else if (w < 0 && errno == EAGAIN) {
			if (!wait_for(POLLOUT, deadline, late))
				return false;
		} else if (!(w < 0 && errno == EINTR))
			return false;
	}
	return true;
}

/* Reads more into bus.in; false on end, error or the deadline (*late). */
static bool read_more(long long deadline, bool *late)
{
	ssize_t r;

	if (bus.cap - bus.n < 4096) {
		size_t cap = bus.cap ? bus.cap * 2 : 8192;
		if (cap > (2u << 20))
			return false;
		bus.in = xrealloc_secret(bus.in, bus.n, bus.cap, cap);
		bus.cap = cap;
	}
	if (!wait_for(POLLIN, deadline, late))
		return false;
	do
		r = recv(bus.fd, bus.in + bus.n, bus.cap - bus.n, MSG_DONTWAIT);
	while (r < 0 && errno == EINTR);
	if (r <= 0)
		return r < 0 && errno == EAGAIN;
	bus.n += (size_t)r;
	return true;
}

static void consume(size_t n)
{
	memmove(bus.in, bus.in + n, bus.n - n);
	OPENSSL_cleanse(bus.in + bus.n - n, n);
	bus.n -= n;
}

/* Takes the reply to `serial` out of bus.early, if it came early. */
static bool early_reply(uint32_t serial, unsigned char **copy, size_t *len)
{
	for (size_t i = 0; i < sizeof bus.early / sizeof *bus.early; i++)
		if (bus.early[i].msg && bus.early[i].serial == serial) {
			*copy = bus.early[i].msg;
			*len = bus.early[i].len;
			bus.early[i].msg = NULL;
			return true;
		}
	return false;
}

/* Keeps a reply to a later call of ours; false when there is no room. */
static bool keep_early(uint32_t serial, const unsigned char *msg, size_t len)
{
	for (size_t i = 0; i < sizeof bus.early / sizeof *bus.early; i++)
		if (!bus.early[i].msg) {
			bus.early[i].msg = xmalloc(len);
			memcpy(bus.early[i].msg, msg, len);
			bus.early[i].len = len;
			bus.early[i].serial = serial;
			return true;
		}
	return false;
}

/* Waits, until the deadline, for the reply to `serial`: a copy of the
 * message in *copy (free with xfree_secret(*copy, *len)), m pointing into
 * it.  Signals are passed over, replies to our other calls kept for
 * later.  False when the bus said something unreadable, went away, or the
 * deadline came (*late). */
static bool await(uint32_t serial, long long deadline, unsigned char **copy, size_t *len,
                  struct dbus_msg *m, bool *late)
{
	if (early_reply(serial, copy, len))
		return dbus_parse(*copy, *len, m);
	for (;;) {
		if (!bus.authed) {
			/* The bus's answer to AUTH: "OK <guid>\r\n". */
			unsigned char *crlf = bus.n ? memchr(bus.in, '\n', bus.n) : NULL;
			if (crlf) {
				size_t line = (size_t)(crlf - bus.in) + 1;
				if (line < 5 || memcmp(bus.in, "OK ", 3) || crlf[-1] != '\r')
					return false;
				consume(line);
				bus.authed = true;
				continue;
			}
			if (bus.n > 512)
				return false;
		} else {
			long size = dbus_msg_size(bus.in, bus.n);
			if (size < 0)
				return false;
			if (size > 0 && bus.n >= (size_t)size) {
				bool reply;
				if (!dbus_parse(bus.in, (size_t)size, m))
					return false;
				reply = m->type == DBUS_RETURN || m->type == DBUS_ERROR;
				if (reply && m->reply_serial == serial) {
					*copy = xmalloc((size_t)size);
					memcpy(*copy, bus.in, (size_t)size);
					*len = (size_t)size;
					consume((size_t)size);
					return dbus_parse(*copy, *len, m);
				}
				if (reply && m->reply_serial > serial &&
				    m->reply_serial <= bus.serial &&
				    !keep_early(m->reply_serial, bus.in, (size_t)size))
					return false;
				consume((size_t)size);
				continue;
			}
		}
		if (!read_more(deadline, late))
			return false;
	}
}

/* --- the session's cryptography -------------------------------------------------------- */

/* The group's parameters, with a public key when pub is given. */
static EVP_PKEY *dh_pkey(const unsigned char *pub, size_t publen)
{
	OSSL_PARAM_BLD *b = OSSL_PARAM_BLD_new();
	BIGNUM *p = BN_get_rfc2409_prime_1024(NULL), *g = BN_new(),
	       *y = pub ? BN_bin2bn(pub, (int)publen, NULL) : NULL;
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "DH", NULL);
	EVP_PKEY *k = NULL;

	if (b && p && g && BN_set_word(g, 2) && (!pub || y) && ctx &&
	    OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_FFC_P, p) &&
	    OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_FFC_G, g) &&
	    (!pub || OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_PUB_KEY, y)) &&
	    (params = OSSL_PARAM_BLD_to_param(b)) && EVP_PKEY_fromdata_init(ctx) > 0)
		EVP_PKEY_fromdata(ctx, &k, pub ? EVP_PKEY_PUBLIC_KEY : EVP_PKEY_KEY_PARAMETERS,
		                  params);
	OSSL_PARAM_free(params);
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_BLD_free(b);
	BN_free(p);
	BN_free(g);
	BN_free(y);
	return k;
}

/* A new key pair; its public half (big-endian, unpadded) in pub. */
static EVP_PKEY *dh_generate(unsigned char pub[128], size_t *publen)
{
	EVP_PKEY *dom = dh_pkey(NULL, 0), *k = NULL;
	EVP_PKEY_CTX *ctx = dom ? EVP_PKEY_CTX_new_from_pkey(NULL, dom, NULL) : NULL;
	BIGNUM *y = NULL;

	if (ctx && EVP_PKEY_keygen_init(ctx) > 0 && EVP_PKEY_generate(ctx, &k) > 0 &&
	    EVP_PKEY_get_bn_param(k, OSSL_PKEY_PARAM_PUB_KEY, &y) && BN_num_bytes(y) <= 128)
		*publen = (size_t)BN_bn2bin(y, pub);
	else {
		EVP_PKEY_free(k);
		k = NULL;
	}
	BN_free(y);
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(dom);
	return k;
}

/* The session key from our key pair and the service's public key. */
static bool dh_session_key(EVP_PKEY *mine, const unsigned char *peer_pub, size_t peer_len,
                           unsigned char key[16])
{
	EVP_PKEY *peer = peer_len && peer_len <= 128 ? dh_pkey(peer_pub, peer_len) : NULL;
	EVP_PKEY_CTX *ctx = peer ? EVP_PKEY_CTX_new_from_pkey(NULL, mine, NULL) : NULL;
	EVP_KDF *kdf = NULL;
	EVP_KDF_CTX *kctx = NULL;
	unsigned char shared[128];
	size_t n = sizeof shared;
	bool ok = false;

	/* Checks the peer's key (1 < y < p - 1); the secret padded to 128 bytes. */
	if (ctx && EVP_PKEY_derive_init(ctx) > 0 && EVP_PKEY_CTX_set_dh_pad(ctx, 1) > 0 &&
	    EVP_PKEY_derive_set_peer_ex(ctx, peer, 1) > 0 && EVP_PKEY_derive(ctx, shared, &n) > 0 &&
	    n == sizeof shared && (kdf = EVP_KDF_fetch(NULL, "HKDF", NULL)) &&
	    (kctx = EVP_KDF_CTX_new(kdf))) {
		OSSL_PARAM ps[] = {
		        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, (char *)"SHA256",
		                                         0),
		        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, shared, n),
		        OSSL_PARAM_construct_end(),
		};
		ok = EVP_KDF_derive(kctx, key, 16, ps) > 0;
	}
	OPENSSL_cleanse(shared, sizeof shared);
	EVP_KDF_CTX_free(kctx);
	EVP_KDF_free(kdf);
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(peer);
	return ok;
}

/* AES-128-CBC with PKCS#7 under the session key; out holds n + 16. */
static bool aes(bool enc, const unsigned char iv[16], const unsigned char *in, size_t n,
                unsigned char *out, size_t *outlen)
{
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int a = 0, b = 0;
	bool ok = c && n < (1u << 20) &&
	          EVP_CipherInit_ex(c, EVP_aes_128_cbc(), NULL, bus.key, iv, enc ? 1 : 0) &&
	          EVP_CipherUpdate(c, out, &a, in, (int)n) && EVP_CipherFinal_ex(c, out + a, &b);

	EVP_CIPHER_CTX_free(c);
	*outlen = ok ? (size_t)(a + b) : 0;
	return ok;
}

/* --- the calls -------------------------------------------------------------------------- */

/* The attributes as a{ss}: the schema's name (as libsecret keeps it),
 * server and username. */
static void put_attributes(struct dbus_out *o, const char *schema, const char *server,
                           const char *user)
{
	const char *kv[] = {"server", server, "username", user, "xdg:schema", schema};
	struct dbus_arr a = dbus_array_open(o, 8);

	for (size_t i = 0; i < 6; i += 2) {
		dbus_align(o, 8);
		dbus_put_str(o, kv[i]);
		dbus_put_str(o, kv[i + 1]);
	}
	dbus_array_close(o, a);
}

/* Queues AUTH, Hello and OpenSession when this connection has no session
 * yet; *open_serial and *mine (the key pair) say what to await. */
static bool queue_session(struct dbus_out *msg, uint32_t *hello, uint32_t *open_serial,
                          EVP_PKEY **mine)
{
	unsigned char pub[128];
	size_t publen = 0;
	struct dbus_out body = {NULL, 0, 0, false};

	*hello = *open_serial = 0;
	*mine = NULL;
	if (bus.session[0])
		return true;
	if (!bus.hello && !bus.authed) {
		char auth[64];
		char uid[24];
		int n = snprintf(uid, sizeof uid, "%u", (unsigned)getuid()), k;
		/* AUTH EXTERNAL, the uid's decimal digits in hex; BEGIN at once. */
		k = snprintf(auth, sizeof auth, "%cAUTH EXTERNAL ", 0);
		for (int i = 0; i < n; i++)
			k += snprintf(auth + k, sizeof auth - (size_t)k, "%02x",
			              (unsigned char)uid[i]);
		k += snprintf(auth + k, sizeof auth - (size_t)k, "\r\nBEGIN\r\n");
		dbus_put_raw(msg, auth, (size_t)k);
	}
	if (!bus.hello) {
		*hello = ++bus.serial;
		dbus_call(msg, *hello, "org.freedesktop.DBus", "/org/freedesktop/DBus",
		          "org.freedesktop.DBus", "Hello", NULL, NULL);
	}
	if (!(*mine = dh_generate(pub, &publen)))
		return false;
	dbus_put_str(&body, ALGORITHM);
	dbus_put_sig(&body, "ay"); /* the variant */
	dbus_put_bytes(&body, pub, publen);
	*open_serial = ++bus.serial;
	dbus_call(msg, *open_serial, SERVICE, SERVICE_PATH, SERVICE_IFACE, "OpenSession", "sv",
	          &body);
	dbus_out_free(&body);
	return !msg->bad;
}

/* Reads the replies queue_session asked for: the session is open after. */
static enum secretsvc_result finish_session(uint32_t hello, uint32_t open_serial, EVP_PKEY *mine,
                                            long long deadline, bool *late)
{
	unsigned char *copy = NULL;
	size_t len = 0;
	struct dbus_msg m;
	enum secretsvc_result r = SECRETSVC_FALLBACK;

	if (!open_serial)
		return SECRETSVC_OK;
	if (hello) {
		if (!await(hello, deadline, &copy, &len, &m, late) || m.type != DBUS_RETURN)
			goto out;
		bus.hello = true;
		xfree_secret(copy, len);
		copy = NULL;
	}
	if (await(open_serial, deadline, &copy, &len, &m, late) && m.type == DBUS_RETURN &&
	    !strcmp(m.sig, "vo")) {
		struct dbus_in in = {m.body, m.body_len, 0, false};
		const char *vsig = dbus_get_sig(&in);
		size_t n = 0;
		const unsigned char *peer = !strcmp(vsig, "ay") ? dbus_get_bytes(&in, &n) : NULL;
		const char *path = peer ? dbus_get_path(&in) : "";

		if (peer && !in.bad && in.at == in.n && strlen(path) < sizeof bus.session &&
		    dh_session_key(mine, peer, n, bus.key)) {
			snprintf(bus.session, sizeof bus.session, "%s", path);
			r = SECRETSVC_OK;
		}
	}
out:
	if (copy)
		xfree_secret(copy, len);
	return r;
}

/* What one call holds: the messages written, the reply read, the key pair. */
struct exchange {
	struct dbus_out q, body;
	unsigned char *copy;
	size_t len;
	struct dbus_msg m;
	EVP_PKEY *mine;
	bool late;
	long long deadline; /* for the whole operation */
};

static void exchange_end(struct exchange *x)
{
	EVP_PKEY_free(x->mine);
	if (x->copy)
		xfree_secret(x->copy, x->len);
	dbus_out_free(&x->q);
	dbus_out_free(&x->body);
	pthread_mutex_unlock(&lock);
}

static enum secretsvc_result failed(bool late, char *msg, size_t msglen)
{
	bus.dead = true;
	bus_close();
	if (!late)
		return SECRETSVC_FALLBACK;
	snprintf(msg, msglen, "%s", _("the keyring failed: it did not answer within 25 seconds"));
	return SECRETSVC_FAILED;
}

/* The first unlocked item's secret, from GetSecrets' a{o(oayays)}. */
static char *secret_of(const struct dbus_msg *m, const char *item)
{
	struct dbus_in in = {m->body, m->body_len, 0, false};
	size_t end = dbus_get_array(&in, 8);
	char *out = NULL;

	while (!in.bad && in.at < end && !out) {
		const char *path, *session;
		const unsigned char *iv, *value;
		size_t ivlen, vlen, n;

		dbus_get_align(&in, 8);
		path = dbus_get_path(&in);
		dbus_get_align(&in, 8); /* the struct */
		session = dbus_get_path(&in);
		iv = dbus_get_bytes(&in, &ivlen);
		value = dbus_get_bytes(&in, &vlen);
		dbus_get_str(&in); /* content type */
		if (in.bad || strcmp(path, item) || strcmp(session, bus.session) || ivlen != 16 ||
		    !vlen || vlen % 16)
			continue;
		out = xmalloc(vlen + 17);
		if (!aes(false, iv, value, vlen, (unsigned char *)out, &n) || memchr(out, 0, n)) {
			xfree_secret(out, vlen + 17);
			return NULL;
		}
		out[n] = '\0';
	}
	return out;
}

enum secretsvc_result secretsvc_lookup(const char *schema, const char *server, const char *user,
                                       char **out, char *msg, size_t msglen)
{
	struct exchange x = {{NULL, 0, 0, false},  {NULL, 0, 0, false}, NULL, 0, {0}, NULL, false,
	                     now_ms() + TIMEOUT_MS};
	uint32_t hello, open_serial, search;
	enum secretsvc_result r = SECRETSVC_FALLBACK;
	char item[256] = "";

	*out = NULL;
	*msg = '\0';
	pthread_mutex_lock(&lock);
	if (bus.dead || !bus_open())
		goto out;
	/* Hello, OpenSession and SearchItems in one write: one round trip. */
	if (!queue_session(&x.q, &hello, &open_serial, &x.mine))
		goto fail;
	put_attributes(&x.body, schema, server, user);
	search = ++bus.serial;
	dbus_call(&x.q, search, SERVICE, SERVICE_PATH, SERVICE_IFACE, "SearchItems", "a{ss}",
	          &x.body);
	dbus_out_free(&x.body);
	if (x.q.bad || !send_all(x.q.p, x.q.n, x.deadline, &x.late))
		goto fail;
	if ((r = finish_session(hello, open_serial, x.mine, x.deadline, &x.late)) != SECRETSVC_OK)
		goto fail;
	r = SECRETSVC_FALLBACK;
	if (!await(search, x.deadline, &x.copy, &x.len, &x.m, &x.late))
		goto fail;
	if (x.m.type == DBUS_RETURN && !strcmp(x.m.sig, "aoao")) {
		struct dbus_in in = {x.m.body, x.m.body_len, 0, false};
		size_t end = dbus_get_array(&in, 4);
		size_t locked;
		if (!in.bad && in.at < end)
			snprintf(item, sizeof item, "%s", dbus_get_path(&in));
		in.at = end;
		locked = dbus_get_array(&in, 4);
		if (in.bad)
			goto out;
		/* None unlocked: none at all, or only locked ones (libsecret
		 * asks the user to unlock them). */
		if (!*item) {
			r = locked == in.at ? SECRETSVC_NONE : SECRETSVC_FALLBACK;
			goto out;
		}
	} else
		goto out; /* an error: libsecret says it in its words */
	xfree_secret(x.copy, x.len);
	x.copy = NULL;
	dbus_out_free(&x.q);
	{
		struct dbus_arr a = dbus_array_open(&x.body, 4);
		dbus_put_str(&x.body, item);
		dbus_array_close(&x.body, a);
		dbus_put_str(&x.body, bus.session);
	}
	{
		uint32_t get = ++bus.serial;
		dbus_call(&x.q, get, SERVICE, SERVICE_PATH, SERVICE_IFACE, "GetSecrets", "aoo",
		          &x.body);
		dbus_out_free(&x.body);
		if (x.q.bad || !send_all(x.q.p, x.q.n, x.deadline, &x.late) ||
		    !await(get, x.deadline, &x.copy, &x.len, &x.m, &x.late))
			goto fail;
		if (x.m.type == DBUS_RETURN && !strcmp(x.m.sig, "a{o(oayays)}") &&
		    (*out = secret_of(&x.m, item)))
			r = SECRETSVC_OK;
	}
	goto out;
fail:
	r = failed(x.late, msg, msglen);
out:
	exchange_end(&x);
	return r;
}

enum secretsvc_result secretsvc_store(const char *schema, const char *server, const char *user,
                                      const char *label, const char *secret, char *msg,
                                      size_t msglen)
{
	struct exchange x = {{NULL, 0, 0, false},  {NULL, 0, 0, false}, NULL, 0, {0}, NULL, false,
	                     now_ms() + TIMEOUT_MS};
	unsigned char iv[16], *enc = NULL;
	size_t n = strlen(secret), enclen = 0;
	uint32_t hello, open_serial, create;
	enum secretsvc_result r = SECRETSVC_FALLBACK;

	*msg = '\0';
	pthread_mutex_lock(&lock);
	if (bus.dead || !bus_open())
		goto out;
	if (!queue_session(&x.q, &hello, &open_serial, &x.mine))
		goto fail;
	if (open_serial) {
		if (x.q.bad || !send_all(x.q.p, x.q.n, x.deadline, &x.late))
			goto fail;
		dbus_out_free(&x.q);
		if (finish_session(hello, open_serial, x.mine, x.deadline, &x.late) != SECRETSVC_OK)
			goto fail;
	}
	enc = xmalloc(n + 16);
	if (RAND_bytes(iv, sizeof iv) != 1 ||
	    !aes(true, iv, (const unsigned char *)secret, n, enc, &enclen))
		goto out;
	/* CreateItem(a{sv} properties, (oayays) secret, b replace) */
	{
		struct dbus_arr props = dbus_array_open(&x.body, 8);
		dbus_align(&x.body, 8);
		dbus_put_str(&x.body, "org.freedesktop.Secret.Item.Label");
		dbus_put_sig(&x.body, "s");
		dbus_put_str(&x.body, label);
		dbus_align(&x.body, 8);
		dbus_put_str(&x.body, "org.freedesktop.Secret.Item.Attributes");
		dbus_put_sig(&x.body, "a{ss}");
		put_attributes(&x.body, schema, server, user);
		dbus_array_close(&x.body, props);
	}
	dbus_align(&x.body, 8);
	dbus_put_str(&x.body, bus.session);
	dbus_put_bytes(&x.body, iv, sizeof iv);
	dbus_put_bytes(&x.body, enc, enclen);
	dbus_put_str(&x.body, "text/plain");
	dbus_put_bool(&x.body, true);
	create = ++bus.serial;
	dbus_call(&x.q, create, SERVICE, DEFAULT_COLLECTION, "org.freedesktop.Secret.Collection",
	          "CreateItem", "a{sv}(oayays)b", &x.body);
	if (x.q.bad || !send_all(x.q.p, x.q.n, x.deadline, &x.late) ||
	    !await(create, x.deadline, &x.copy, &x.len, &x.m, &x.late))
		goto fail;
	if (x.m.type == DBUS_RETURN && !strcmp(x.m.sig, "oo")) {
		struct dbus_in in = {x.m.body, x.m.body_len, 0, false};
		const char *item = dbus_get_path(&in), *prompt = dbus_get_path(&in);
		/* A prompt (a locked collection): libsecret shows it. */
		if (!in.bad && strcmp(item, "/") && !strcmp(prompt, "/"))
			r = SECRETSVC_OK;
	}
	goto out;
fail:
	r = failed(x.late, msg, msglen);
out:
	OPENSSL_cleanse(iv, sizeof iv);
	if (enc)
		xfree_secret(enc, n + 16);
	exchange_end(&x);
	return r;
}
