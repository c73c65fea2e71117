/* session.c: the sign-in life: password and one-time code, the refresh token
 * in the keyring, refreshing on 401, step-up codes, and signing out.  Tokens
 * live in memory only as long as the process, and are wiped when dropped. */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"
#include "intent.h"
#include "kernkey.h"
#include "session.h"
#include "xalloc.h"

static void drop(char **secret)
{
	if (*secret)
		xfree_secret(*secret, strlen(*secret));
	*secret = NULL;
}

static void transport_error(struct api_error *err, enum http_err e, const char *msg)
{
	memset(err, 0, sizeof *err);
	err->status = API_ERR_TRANSPORT;
	err->transport = e;
	snprintf(err->message, sizeof err->message, "%s", msg);
}

bool session_open(struct session *s, const char *server, const char *user, const char *cacert,
		  const struct secret_store *store, struct api_error *err)
{
	struct http_options opt = { 0 };
	char msg[512];
	enum http_err e;

	memset(s, 0, sizeof *s);
	snprintf(s->server, sizeof s->server, "%s", server);
	snprintf(s->user, sizeof s->user, "%s", user);
	s->store = store;
	opt.base_url = server;
	opt.cacert = cacert;
	if ((e = http_open(&opt, &s->http, msg, sizeof msg)) != HTTP_OK) {
		transport_error(err, e, msg);
		return false;
	}
	return true;
}

void session_close(struct session *s)
{
	drop(&s->access);
	drop(&s->refresh);
	http_close(&s->http);
}

/* Sends a request and reads a 2xx body with read (NULL: the body is not
 * wanted), or fills err. */
static bool send_read(struct session *s, const struct http_request *rq, session_reader read, void *ctx,
		      struct api_error *err)
{
	struct http_response rs;
	char msg[512];
	enum http_err e = s->transport ? s->transport->send(s->transport->ctx, rq, &rs, msg, sizeof msg)
				       : http_send(s->http, rq, &rs, msg, sizeof msg);
	bool ok = true;

	if (e != HTTP_OK) {
		transport_error(err, e, msg);
		return false;
	}
	if (rs.status < 200 || rs.status > 299) {
		api_error_from_response(&rs, err);
		http_response_clear(&rs);
		return false;
	}
	/* A 2xx that cannot be read was still carried out: the status says so. */
	if (read && !(ok = read(ctx, &rs, err)))
		err->http_status = rs.status;
	http_response_clear(&rs);
	return ok;
}

/* session_call's reader: the body as a JSON object. */
static bool read_object(void *ctx, const struct http_response *rs, struct api_error *err)
{
	return api_parse(rs, ctx, err);
}

static bool send_json(struct session *s, const struct http_request *rq, json_object **out,
		      struct api_error *err)
{
	if (out)
		*out = NULL;
	return send_read(s, rq, out ? read_object : NULL, out, err);
}

/* The access token and its end (EXPIRES, seconds since the epoch) are kept
 * in the kernel's keyring (kernkey.h), and the store holds the refresh token
 * alone; where the kernel would not keep them, the store holds
 * "REFRESH\nACCESS\nEXPIRES".  Either way a start within the access
 * token's life needs neither a refresh nor a keyring write: it goes
 * straight to its first request.  Splits `stored` (wiping it): returns the refresh token, and puts
 * in *access (unless access is NULL) the access token when it is still
 * good for a minute, else NULL.  Both malloc'd. */
#define ACCESS_MARGIN 60

static char *unpack(char *stored, char **access)
{
	char *nl = strchr(stored, '\n'), *nl2 = nl ? strchr(nl + 1, '\n') : NULL;
	char *refresh = xstrndup(stored, nl ? (size_t)(nl - stored) : strlen(stored));
	long long exp;

	if (access)
		*access = nl2 && nl2 > nl + 1 && sscanf(nl2 + 1, "%lld", &exp) == 1 &&
				  exp > (long long)time(NULL) + ACCESS_MARGIN
				  ? xstrndup(nl + 1, (size_t)(nl2 - nl - 1))
				  : NULL;
	xfree_secret(stored, strlen(stored));
	return refresh;
}

/* Keeps a new token pair: both in memory, and in the store (see unpack). */
static bool keep(struct session *s, json_object *o, struct api_error *err)
{
	struct api_tokens t;
	char msg[256], *packed;
	size_t len;
	long long expires;
	bool stored, in_kernel;

	if (!api_decode_tokens(o, &t, err))
		return false;
	drop(&s->access);
	drop(&s->refresh);
	s->access = t.access;
	s->refresh = t.refresh;
	len = strlen(t.refresh) + strlen(t.access) + 32;
	packed = xmalloc(len);
	expires = (long long)time(NULL) + (long long)t.expires_in;
	/* Without a keyring nothing is kept between runs, in the kernel neither. */
	in_kernel = s->store != &secret_nowhere && kernkey_store(s->server, s->user, t.access, expires);
	if (in_kernel)
		snprintf(packed, len, "%s", t.refresh);
	else
		snprintf(packed, len, "%s\n%s\n%lld", t.refresh, t.access, expires);
	stored = s->store->store(s->server, s->user, packed, msg, sizeof msg);
	xfree_secret(packed, len);
	/* No older access token of the kernel's may be taken for this one, nor
	 * one whose refresh token the store could not keep. */
	if (!in_kernel || !stored)
		kernkey_clear(s->server, s->user);
	if (!stored) {
		/* Signed in all the same; the next start will ask again. */
		snprintf(s->store_note, sizeof s->store_note, "%s", msg);
		s->store = &secret_nowhere;
	}
	return true;
}

/* {"key": "value", ...} as a JSON text; values are wiped from the returned copy's source by the caller. */
/* Appends s to out (at n) as a JSON string, quoted and escaped. */
static size_t put_json_string(char *out, size_t n, const char *s)
{
	out[n++] = '"';
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\') {
			out[n++] = '\\';
			out[n++] = (char)*p;
		} else if (*p < 0x20 || *p == 0x7f) {
			static const char hex[] = "0123456789abcdef";
			memcpy(out + n, "\\u00", 4);
			out[n + 4] = hex[*p >> 4];
			out[n + 5] = hex[*p & 15];
			n += 6;
		} else {
			out[n++] = (char)*p;
		}
	}
	out[n++] = '"';
	return n;
}

/* {k1: v1, k2: v2} as JSON, written straight into one buffer of ours (wiped
 * by the caller with xfree_secret): no library's objects or buffers ever
 * hold the password, a token or a code. */
static char *body2(const char *k1, const char *v1, const char *k2, const char *v2)
{
	/* Each character escaped takes at most six. */
	size_t cap = 6 * (strlen(k1) + strlen(v1) + (k2 ? strlen(k2) + strlen(v2) : 0)) + 16, n = 0;
	char *out = xmalloc(cap);

	out[n++] = '{';
	n = put_json_string(out, n, k1);
	out[n++] = ':';
	n = put_json_string(out, n, v1);
	if (k2) {
		out[n++] = ',';
		n = put_json_string(out, n, k2);
		out[n++] = ':';
		n = put_json_string(out, n, v2);
	}
	out[n++] = '}';
	out[n] = '\0';
	return out;
}

/* POSTs {k1: v1, k2: v2} to path and keeps the tokens of the answer. */
static bool sign_in(struct session *s, const char *path, const char *k1, const char *v1, const char *k2,
		    const char *v2, struct api_error *err)
{
	struct http_request rq = { "POST", path, NULL, NULL, NULL, NULL, NULL, 0 };
	json_object *o = NULL;
	char *body = body2(k1, v1, k2, v2);
	bool ok;

	rq.body = body;
	ok = send_json(s, &rq, &o, err);
	xfree_secret(body, strlen(body));
	if (ok)
		ok = keep(s, o, err);
	else if (err->status == API_ERR_PROBLEM && !strcmp(err->code, "unauthorized"))
		/* Refused at sign-in, a 401 is the password or the code, not a session that ended. */
		snprintf(err->message, sizeof err->message, "%s",
			 strcmp(path, "/auth/token") ? _("the one-time code is not right")
						     : _("the username or the password is not right"));
	json_object_put(o);
	return ok;
}

bool session_password(struct session *s, const char *password, struct api_error *err)
{
	return sign_in(s, "/auth/token", "username", s->user, "password", password, err);
}

bool session_code(struct session *s, const char *challenge, const char *code, struct api_error *err)
{
	return sign_in(s, "/auth/mfa", "challenge", challenge, "code", code, err);
}

bool session_login(struct session *s, const struct session_prompt *p, struct api_error *err)
{
	char *password = p && p->password ? p->password(p->ctx, s->user, s->server) : NULL;
	char challenge[sizeof err->challenge], *code;
	bool ok;

	if (!password) {
		memset(err, 0, sizeof *err);
		err->status = API_ERR_PROBLEM;
		snprintf(err->code, sizeof err->code, "unauthorized");
		snprintf(err->message, sizeof err->message, "%s", _("no password was given"));
		return false;
	}
	ok = session_password(s, password, err);
	xfree_secret(password, strlen(password));
	if (ok || strcmp(err->code, "mfa_required") || !*err->challenge)
		return ok;
	code = p->code ? p->code(p->ctx, api_problem_text("mfa_required")) : NULL;
	if (!code)
		return false;
	snprintf(challenge, sizeof challenge, "%s", err->challenge);
	ok = session_code(s, challenge, code, err);
	xfree_secret(code, strlen(code));
	return ok;
}

/* Trades the refresh token for a new pair.  Several bankterm processes may
 * share one login through the keyring, and a refresh token works once: so
 * the trade happens under a lock, with the token the keyring holds now
 * (another process may have rotated it), or the bank would see a spent
 * token and end the login for all of them.  When resuming, an access token
 * the keyring holds that is still good is taken instead, and nothing is
 * traded (no round trip, no keyring write); a 401 on it refreshes in
 * session_call. */
static bool refresh(struct session *s, bool resume, struct api_error *err)
{
	struct http_request rq = { "POST", "/auth/refresh", NULL, NULL, NULL, NULL, NULL, 0 };
	json_object *o = NULL;
	char *body, *stored, msg[256], lockpath[1100];
	int lock = -1;
	bool ok;

	if (resume && s->store != &secret_nowhere) {
		/* The kernel's copy: no D-Bus, no lock, no round trip. */
		long long expires = 0;
		char *access = kernkey_lookup(s->server, s->user, &expires);
		if (access && expires > (long long)time(NULL) + ACCESS_MARGIN) {
			drop(&s->access);
			s->access = access;
			return true;
		}
		drop(&access);
	}
	if (s->store != &secret_nowhere) {
		/* Without a state directory there is no lock, but the keyring still counts. */
		if (state_dir("", lockpath, sizeof lockpath - 16, true)) {
			strcat(lockpath, "/refresh.lock");
			lock = open(lockpath, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
			if (lock >= 0)
				flock(lock, LOCK_EX);
		}
		stored = s->store->lookup(s->server, s->user, msg, sizeof msg);
		if (!stored && *msg) {
			/* A store that fails (no Secret Service behind the bus) is said
			 * once; from then on nothing is kept. */
			snprintf(s->store_note, sizeof s->store_note, "%s", msg);
			s->store = &secret_nowhere;
		}
		if (stored) {
			char *access = NULL;
			drop(&s->refresh);
			s->refresh = unpack(stored, resume ? &access : NULL);
			if (access) {
				drop(&s->access);
				s->access = access;
				ok = true;
				goto out;
			}
		}
	}
	if (!s->refresh) {
		memset(err, 0, sizeof *err);
		err->status = API_ERR_PROBLEM;
		snprintf(err->code, sizeof err->code, "unauthorized");
		snprintf(err->message, sizeof err->message, "%s", api_problem_text("unauthorized"));
		ok = false;
		goto out;
	}
	body = body2("refresh_token", s->refresh, NULL, NULL);
	rq.body = body;
	ok = send_json(s, &rq, &o, err);
	xfree_secret(body, strlen(body));
	if (ok)
		ok = keep(s, o, err);
	else if (err->status == API_ERR_PROBLEM && !strcmp(err->code, "unauthorized")) {
		/* Spent, revoked or expired: it will never work again. */
		drop(&s->refresh);
		s->store->clear(s->server, s->user, msg, sizeof msg);
		kernkey_clear(s->server, s->user);
	}
	json_object_put(o);
out:
	if (lock >= 0)
		close(lock); /* releases the lock */
	return ok;
}

/* The access token the bank refused: when the kernel's copy is that one, no
 * later start may take it (another process may have put a new one there). */
static void forget_refused(struct session *s)
{
	long long expires;
	char *kept = s->access ? kernkey_lookup(s->server, s->user, &expires) : NULL;

	if (kept && !strcmp(kept, s->access))
		kernkey_clear(s->server, s->user);
	drop(&kept);
}

bool session_resume(struct session *s, struct api_error *err)
{
	/* refresh() reads the keyring's tokens itself, under its lock. */
	drop(&s->access);
	drop(&s->refresh);
	return refresh(s, true, err);
}

bool session_logout(struct session *s, struct api_error *err)
{
	struct http_request rq = { "POST", "/auth/logout", NULL, NULL, NULL, NULL, NULL, 0 };
	char msg[256], *stored = s->refresh ? NULL : s->store->lookup(s->server, s->user, msg, sizeof msg);
	const char *token;
	bool ok = true;

	if (stored)
		stored = unpack(stored, NULL);
	token = s->refresh ? s->refresh : stored;
	if (token) {
		char *body = body2("refresh_token", token, NULL, NULL);
		rq.body = body;
		ok = send_json(s, &rq, NULL, err);
		xfree_secret(body, strlen(body));
	}
	if (stored)
		xfree_secret(stored, strlen(stored));
	/* The stored tokens go even when the bank could not be told. */
	kernkey_clear(s->server, s->user);
	if (!s->store->clear(s->server, s->user, msg, sizeof msg) && ok) {
		memset(err, 0, sizeof *err);
		err->status = API_ERR_PROBLEM;
		snprintf(err->message, sizeof err->message, "%s", msg);
		ok = false;
	}
	drop(&s->access);
	drop(&s->refresh);
	return ok;
}

bool session_call(struct session *s, const struct http_request *rq, const struct session_prompt *p,
		  json_object **out, struct api_error *err)
{
	if (out)
		*out = NULL;
	return session_call_read(s, rq, p, out ? read_object : NULL, out, err);
}

bool session_call_read(struct session *s, const struct http_request *rq, const struct session_prompt *p,
		       session_reader read, void *ctx, struct api_error *err)
{
	struct http_request r = *rq;
	bool refreshed = false;
	char *code = NULL;
	char challenge[sizeof err->challenge];
	bool ok = false;

	for (int round = 0; round < 4; round++) {
		r.bearer = s->access;
		if ((ok = send_read(s, &r, read, ctx, err)))
			break;
		if (err->status != API_ERR_PROBLEM)
			break;
		/* The refresh token is in memory, or in the store (a start that took
		 * the kernel's access token has not read it). */
		if (!strcmp(err->code, "unauthorized") && !refreshed &&
		    (s->refresh || s->store != &secret_nowhere)) {
			refreshed = true;
			forget_refused(s);
			if (!refresh(s, false, err))
				break;
			continue;
		}
		if (!strcmp(err->code, "step_up_required") && *err->challenge && p && p->code && !code) {
			code = p->code(p->ctx, api_problem_text("step_up_required"));
			if (!code)
				break;
			snprintf(challenge, sizeof challenge, "%s", err->challenge);
			r.step_up_challenge = challenge;
			r.step_up_code = code;
			continue;
		}
		break;
	}
	if (code)
		xfree_secret(code, strlen(code));
	return ok;
}

void session_cancel(struct session *s)
{
	if (s->http)
		http_cancel(s->http);
}

void session_interrupt(struct session *s)
{
	if (s->http)
		http_interrupt(s->http);
}

void session_cancel_clear(struct session *s)
{
	if (s->http)
		http_cancel_clear(s->http);
}
