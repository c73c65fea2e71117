/* session.h: signing in and staying signed in.  The refresh token (never the
 * password) is kept in the secret store; each start trades it for a fresh
 * pair (and stores the new one at once: a refresh token works once).  An
 * access token that has expired is refreshed once, on a 401. */
#ifndef BANKTERM_SESSION_H
#define BANKTERM_SESSION_H

#include <stdbool.h>

#include <json-c/json.h>

#include "api.h"
#include "http.h"
#include "secret.h"

/* How to ask the person at the keyboard; each returns a malloc'd string
 * (wiped and freed by the caller) or NULL when they cannot or will not say. */
struct session_prompt {
	char *(*password)(void *ctx, const char *user, const char *server);
	/* why: a translated sentence ("please confirm this with a one-time code ...") */
	char *(*code)(void *ctx, const char *why);
	void *ctx;
};

/* How a request reaches the bank: libcurl (http_send on the session's
 * connection) in the programs, a scripted double in the protocol's tests. */
struct session_transport {
	enum http_err (*send)(void *ctx, const struct http_request *rq, struct http_response *rs, char *msg,
			      size_t msglen);
	void *ctx;
};

struct session {
	struct http *http;
	const struct session_transport *transport; /* NULL: http_send on http */
	char server[512];
	char user[72];
	char *access, *refresh; /* wiped when dropped */
	const struct secret_store *store;
	char store_note[256]; /* why there is no keyring, to say once */
};

/* Opens the connection (no request yet); err->message says what is wrong. */
bool session_open(struct session *s, const char *server, const char *user, const char *cacert,
		  const struct secret_store *store, struct api_error *err);
void session_close(struct session *s);

/* Password, then a one-time code when the bank asks; stores the refresh token. */
bool session_login(struct session *s, const struct session_prompt *p, struct api_error *err);
/* The two steps of session_login, for a caller that asks in between (the
 * full screen's lock): the password, which fails with err->code
 * "mfa_required" and err->challenge when a code must follow; then the code. */
bool session_password(struct session *s, const char *password, struct api_error *err);
bool session_code(struct session *s, const char *challenge, const char *code, struct api_error *err);
/* Signs in from the stored refresh token; false with err->code "unauthorized"
 * when there is none or it no longer works. */
bool session_resume(struct session *s, struct api_error *err);
/* Revokes the login at the bank and deletes the stored token. */
bool session_logout(struct session *s, struct api_error *err);

/* Makes the request in flight, and the next ones until session_cancel_clear,
 * give up soon; session_interrupt also wakes it at once (threads only). */
void session_cancel(struct session *s);
void session_interrupt(struct session *s);
void session_cancel_clear(struct session *s);

/* One API request with the access token: on a 401 the token is refreshed
 * once and the request repeated; when the bank asks for a step-up code and
 * p can ask for one, the request is sent again with it.  *out (may be NULL)
 * receives the 2xx JSON object. */
bool session_call(struct session *s, const struct http_request *rq, const struct session_prompt *p,
		  json_object **out, struct api_error *err);
/* The same, with the 2xx body read by read (NULL: not wanted): true, or
 * false with err filled.  For bodies read without a tree (api_parse_txn_page). */
typedef bool (*session_reader)(void *ctx, const struct http_response *rs, struct api_error *err);
bool session_call_read(struct session *s, const struct http_request *rq, const struct session_prompt *p,
		       session_reader read, void *ctx, struct api_error *err);

#endif
