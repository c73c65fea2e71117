/* http.h: the session's one HTTP connection to the bank (libcurl, reused
 * with keep-alive).  Certificates are always verified; plain http is allowed
 * only to a loopback address.  Safe requests, and requests that carry an
 * Idempotency-Key, are retried with jittered backoff after network errors
 * and 502/503/504; a response larger than the cap is refused; a request can
 * be cancelled from another thread. */
#ifndef BANKTERM_HTTP_H
#define BANKTERM_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum http_err {
	HTTP_OK = 0,
	HTTP_ERR_URL,       /* not an http(s) URL */
	HTTP_ERR_INSECURE,  /* plain http to a host that is not loopback */
	HTTP_ERR_CONNECT,   /* nobody answers there */
	HTTP_ERR_TIMEOUT,
	HTTP_ERR_TLS,       /* certificate not trusted, or the TLS handshake failed */
	HTTP_ERR_TOO_LARGE, /* the response passed the size cap */
	HTTP_ERR_CANCELLED,
	HTTP_ERR_NETWORK,   /* the connection dropped, or another transport error */
};

struct http_options {
	const char *base_url;     /* "https://bank.example/v1" */
	const char *cacert;       /* a PEM file of trusted CAs, or NULL for the system's */
	long connect_timeout_ms;  /* 0: 10 s */
	long total_timeout_ms;    /* 0: 30 s (a long-poll adds its wait) */
	size_t max_response;      /* 0: 8 MiB */
	int max_attempts;         /* 0: 3 */
};

struct http_request {
	const char *method;          /* "GET", "POST", ... */
	const char *path;            /* "/accounts?limit=50": appended to the base URL */
	const char *body;            /* JSON, or NULL */
	const char *bearer;          /* an access token, or NULL */
	const char *idempotency_key; /* makes a POST safe to retry */
	const char *step_up_challenge, *step_up_code;
	long extra_timeout_ms;       /* added to the total timeout (long-polls) */
};

struct http_response {
	long status;
	char *body; /* NUL-terminated; owned by the response */
	size_t len;
	char content_type[96];
};

struct http;

/* Opens a session for base_url; on error fills msg with a translated sentence. */
enum http_err http_open(const struct http_options *opt, struct http **out, char *msg, size_t msglen);
/* Sends one request (retrying when that is safe); on a transport error fills msg. */
enum http_err http_send(struct http *h, const struct http_request *rq, struct http_response *rs,
			char *msg, size_t msglen);
/* Makes the request in progress, and every later one until
 * http_cancel_clear, give up soon.  Any thread, and signal handlers: it only
 * stores to an atomic flag. */
void http_cancel(struct http *h);
/* Like http_cancel, and wakes the request in flight at once by shutting its
 * socket (the connection is then opened afresh).  Threads only, not signal handlers. */
void http_interrupt(struct http *h);
void http_cancel_clear(struct http *h);
/* From now on each request gives up after total_ms, at its first failure
 * (for a caller that must not keep a person waiting: completion on TAB). */
void http_limit(struct http *h, long total_ms);
/* How many TCP connections this session opened (1 when keep-alive works). */
long http_connections(const struct http *h);
/* --trace: a JSON line per request into f (method, path without query,
 * status, microseconds, bytes, connections so far); NULL stops.  Costs one
 * pointer test when off. */
void http_trace(struct http *h, FILE *f);
void http_response_clear(struct http_response *rs);
void http_close(struct http **h);

#endif
