/* http.c: the libcurl side of talking to the bank.  One easy handle per
 * session keeps the connection alive between requests.  Nothing here logs:
 * request bodies and tokens pass through and are wiped from the header
 * buffers that held them. */
#include "config.h"

#include <dlfcn.h>
#include <malloc.h>
#include <pthread.h>
#include <stdarg.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include <curl/curl.h>

#include "http.h"
#include "i18n.h"
#include "xalloc.h"

#define CONNECT_TIMEOUT_MS 10000
#define TOTAL_TIMEOUT_MS 30000
#define MAX_RESPONSE (8u << 20)
#define MAX_ATTEMPTS 3
#define BACKOFF_MS 250

struct http {
	CURL *curl;
	char *base;
	char *cacert;
	long connect_timeout_ms, total_timeout_ms;
	size_t max_response;
	int max_attempts;
	atomic_bool cancel;
	long connections;
	/* The socket in use, so a cancel from another thread can wake curl at
	 * once (shutdown) instead of at its next progress call, up to a second on. */
	pthread_mutex_t sock_lock;
	curl_socket_t sock;
	FILE *trace; /* --trace: one line per request, or NULL */
	bool plain;  /* http://: only to a loopback address (on_open) */
	char host[256];
	char refused[INET6_ADDRSTRLEN]; /* the address plain http was refused, for the message */
};

struct sink {
	struct http_response *rs;
	size_t cap, max;
	bool too_large;
};

static void set_msg(char *msg, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void set_msg(char *msg, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (!msg || !len)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, len, fmt, ap);
	va_end(ap);
}

/* Loopback: 127.0.0.0/8, ::1, and 127.0.0.0/8 mapped into IPv6.  Plain
 * http goes nowhere else, decided on the address about to be connected to
 * (on_open), never on how the host's name is spelled: "127.0.0.1.evil.test"
 * is a name like any other. */
static bool loopback_address(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET)
		return (ntohl(((const struct sockaddr_in *)(const void *)sa)->sin_addr.s_addr) >> 24) == 127;
	if (sa->sa_family == AF_INET6) {
		const struct in6_addr *a = &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
		return IN6_IS_ADDR_LOOPBACK(a) || (IN6_IS_ADDR_V4MAPPED(a) && a->s6_addr[12] == 127);
	}
	return false;
}

/* libcurl starts each library it was built with.  Debian's brings libssh2,
 * whose start fills OpenSSL's tables of every cipher and digest: over a
 * megabyte of memory and a millisecond, at each start, for a protocol
 * bankterm never speaks (only http and https are allowed, CURLOPT_PROTOCOLS).
 * So libssh2 is started first without its cryptography (its documented
 * LIBSSH2_INIT_NO_CRYPTO), and libcurl's own start finds it started.  Looked
 * up at run time: a libcurl without libssh2 has nothing to skip. */
/* libcurl's memory is wiped as it is given back: the request it built
 * around a password, a token or a code does not stay in freed memory. */
static void wiping_free(void *p)
{
	if (p) {
		explicit_bzero(p, malloc_usable_size(p));
		free(p);
	}
}

static void *wiping_realloc(void *p, size_t n)
{
	size_t old;
	void *q;

	if (!p)
		return malloc(n);
	if (!n) {
		wiping_free(p);
		return NULL;
	}
	old = malloc_usable_size(p);
	if (!(q = malloc(n)))
		return NULL;
	memcpy(q, p, old < n ? old : n);
	wiping_free(p);
	return q;
}

static char *plain_strdup(const char *s)
{
	return strdup(s);
}

static void start_ssh_without_crypto(void)
{
	int (*ssh_init)(int);

	*(void **)&ssh_init = dlsym(RTLD_DEFAULT, "libssh2_init");
	if (ssh_init)
		ssh_init(0x0001 /* LIBSSH2_INIT_NO_CRYPTO */);
}

void http_limit(struct http *h, long total_ms)
{
	h->connect_timeout_ms = total_ms;
	h->total_timeout_ms = total_ms;
	h->max_attempts = 1;
}

enum http_err http_open(const struct http_options *opt, struct http **out, char *msg, size_t msglen)
{
	static int global_done;
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL;
	enum http_err err = HTTP_OK;
	struct http *h;

	*out = NULL;
	if (!global_done) {
		start_ssh_without_crypto();
		curl_global_init_mem(CURL_GLOBAL_DEFAULT, malloc, wiping_free, wiping_realloc, plain_strdup, calloc);
		global_done = 1;
	}
	if (!u || curl_url_set(u, CURLUPART_URL, opt->base_url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
	    (strcmp(scheme, "https") && strcmp(scheme, "http"))) {
		/* L10N: %s is the server address the user gave. */
		set_msg(msg, msglen, _("'%s' is not a server address (it should start with https://)"),
			opt->base_url);
		err = HTTP_ERR_URL;
		goto out;
	}
	h = xcalloc(1, sizeof *h);
	h->curl = curl_easy_init();
	if (!h->curl) {
		free(h);
		set_msg(msg, msglen, "%s", _("cannot start the network library"));
		err = HTTP_ERR_NETWORK;
		goto out;
	}
	h->plain = !strcmp(scheme, "http");
	snprintf(h->host, sizeof h->host, "%s", host);
	h->base = xstrdup(opt->base_url);
	/* "https://bank/v1/" and "https://bank/v1" mean the same. */
	if (*h->base && h->base[strlen(h->base) - 1] == '/')
		h->base[strlen(h->base) - 1] = '\0';
	h->cacert = opt->cacert ? xstrdup(opt->cacert) : NULL;
	h->connect_timeout_ms = opt->connect_timeout_ms ? opt->connect_timeout_ms : CONNECT_TIMEOUT_MS;
	h->total_timeout_ms = opt->total_timeout_ms ? opt->total_timeout_ms : TOTAL_TIMEOUT_MS;
	h->max_response = opt->max_response ? opt->max_response : MAX_RESPONSE;
	h->max_attempts = opt->max_attempts ? opt->max_attempts : MAX_ATTEMPTS;
	atomic_init(&h->cancel, false);
	pthread_mutex_init(&h->sock_lock, NULL);
	h->sock = CURL_SOCKET_BAD;
	*out = h;
out:
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(u);
	return err;
}

static size_t on_data(char *data, size_t size, size_t n, void *arg)
{
	struct sink *s = arg;
	size_t add = size * n;

	if (s->rs->len + add > s->max) {
		s->too_large = true;
		return 0; /* aborts the transfer */
	}
	if (s->rs->len + add + 1 > s->cap) {
		s->cap = (s->rs->len + add + 1) * 2;
		s->rs->body = xrealloc(s->rs->body, s->cap);
	}
	memcpy(s->rs->body + s->rs->len, data, add);
	s->rs->len += add;
	s->rs->body[s->rs->len] = '\0';
	return add;
}

static curl_socket_t on_open(void *arg, curlsocktype purpose, struct curl_sockaddr *addr)
{
	struct http *h = arg;
	curl_socket_t fd;

	(void)purpose;
	/* Nothing unencrypted leaves this machine: no socket, nothing sent. */
	if (h->plain && !loopback_address(&addr->addr)) {
		const void *a = addr->family == AF_INET6 ? (const void *)&((struct sockaddr_in6 *)(void *)&addr->addr)->sin6_addr
							 : (const void *)&((struct sockaddr_in *)(void *)&addr->addr)->sin_addr;
		if (!inet_ntop(addr->family, a, h->refused, sizeof h->refused))
			snprintf(h->refused, sizeof h->refused, "?");
		return CURL_SOCKET_BAD;
	}
	fd = socket(addr->family, addr->socktype | SOCK_CLOEXEC, addr->protocol);
	pthread_mutex_lock(&h->sock_lock);
	h->sock = fd;
	pthread_mutex_unlock(&h->sock_lock);
	return fd;
}

static int on_close(void *arg, curl_socket_t fd)
{
	struct http *h = arg;

	pthread_mutex_lock(&h->sock_lock);
	if (h->sock == fd)
		h->sock = CURL_SOCKET_BAD;
	close(fd);
	pthread_mutex_unlock(&h->sock_lock);
	return 0;
}

static int on_progress(void *arg, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
	struct http *h = arg;
	(void)dt;
	(void)dn;
	(void)ut;
	(void)un;
	return atomic_load(&h->cancel) ? 1 : 0;
}

/* Sleeps ms milliseconds, in slices, giving up early when cancelled. */
static bool backoff(struct http *h, int attempt)
{
	unsigned r = 0;
	long ms = BACKOFF_MS << attempt;

	/* Full jitter: many clients retrying at once spread out. */
	if (getrandom(&r, sizeof r, 0) == (ssize_t)sizeof r)
		ms = ms / 2 + (long)(r % (unsigned)(ms / 2 + 1));
	while (ms > 0 && !atomic_load(&h->cancel)) {
		struct timespec ts = { 0, (ms > 50 ? 50 : ms) * 1000000L };
		nanosleep(&ts, NULL);
		ms -= 50;
	}
	return !atomic_load(&h->cancel);
}

static bool retry_safe(const struct http_request *rq)
{
	return !strcmp(rq->method, "GET") || !strcmp(rq->method, "PUT") ||
	       !strcmp(rq->method, "DELETE") || rq->idempotency_key;
}

static struct curl_slist *add_header(struct curl_slist *l, const char *name, const char *value)
{
	size_t n = strlen(name) + strlen(value) + 3;
	char *line = xmalloc(n);
	struct curl_slist *r;

	snprintf(line, n, "%s: %s", name, value);
	r = curl_slist_append(l, line);
	/* curl copied it; the copy is wiped in free_headers. */
	explicit_bzero(line, n);
	free(line);
	if (!r)
		abort();
	return r;
}

static void free_headers(struct curl_slist *l)
{
	for (struct curl_slist *p = l; p; p = p->next)
		explicit_bzero(p->data, strlen(p->data));
	curl_slist_free_all(l);
}

static enum http_err classify(CURLcode rc, bool too_large, const char *url, char *msg, size_t msglen)
{
	switch (rc) {
	case CURLE_OK:
		return HTTP_OK;
	case CURLE_ABORTED_BY_CALLBACK:
		set_msg(msg, msglen, "%s", _("cancelled"));
		return HTTP_ERR_CANCELLED;
	case CURLE_OPERATION_TIMEDOUT:
		/* L10N: %s is the server address. */
		set_msg(msg, msglen, _("the bank at %s did not answer in time"), url);
		return HTTP_ERR_TIMEOUT;
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		set_msg(msg, msglen, _("cannot reach the bank at %s: is it running, and is the address right?"), url);
		return HTTP_ERR_CONNECT;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CERTPROBLEM:
		set_msg(msg, msglen,
			_("the bank at %s could not prove who it is (its certificate is not trusted); "
			  "if it uses a private authority, name it with --cacert FILE"),
			url);
		return HTTP_ERR_TLS;
	case CURLE_WRITE_ERROR:
		if (too_large) {
			set_msg(msg, msglen, _("the bank at %s sent an answer too large to accept"), url);
			return HTTP_ERR_TOO_LARGE;
		}
		/* fall through */
	default:
		set_msg(msg, msglen, _("the connection to the bank at %s broke off"), url);
		return HTTP_ERR_NETWORK;
	}
}

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* One JSON line per request: what, how long, how many bytes.  Never a body
 * or a header (they hold tokens), and the path without its query (it may
 * hold what the user searched for). */
static void trace_request(struct http *h, const struct http_request *rq, const struct http_response *rs,
			  enum http_err err, long long started)
{
	size_t plen = strcspn(rq->path, "?");

	/* The full screen writes its own lines from another thread: one line at a time. */
	flockfile(h->trace);
	fprintf(h->trace, "{\"t\":\"api\",\"method\":\"");
	for (const char *p = rq->method; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			fputc(*p, h->trace);
	fprintf(h->trace, "\",\"path\":\"");
	for (size_t i = 0; i < plen; i++) {
		unsigned char c = (unsigned char)rq->path[i];
		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
			fputc(c, h->trace);
	}
	fprintf(h->trace, "\",\"status\":%ld,\"ok\":%s,\"us\":%lld,\"bytes_in\":%zu,\"bytes_out\":%zu,\"connections\":%ld}\n",
		rs->status, err == HTTP_OK ? "true" : "false", now_us() - started, rs->len,
		rq->body ? strlen(rq->body) : 0, h->connections);
	fflush(h->trace);
	funlockfile(h->trace);
}

void http_trace(struct http *h, FILE *f)
{
	h->trace = f;
}

enum http_err http_send(struct http *h, const struct http_request *rq, struct http_response *rs,
			char *msg, size_t msglen)
{
	size_t n = strlen(h->base) + strlen(rq->path) + 1;
	char *url = xmalloc(n);
	struct curl_slist *hdr = NULL;
	enum http_err err = HTTP_OK;
	int attempts = retry_safe(rq) ? h->max_attempts : 1;
	long long started = 0;

	memset(rs, 0, sizeof *rs);
	if (h->trace)
		started = now_us();
	snprintf(url, n, "%s%s", h->base, rq->path);
	hdr = add_header(hdr, "Accept", "application/json, application/problem+json");
	{
		/* The bank writes its alerts in the user's language when it can. */
		/* L10N: your language's tag, sent to the bank as Accept-Language: de, es, fr, ja, zh-CN or zh-TW. */
		const char *tag = _("en");
		char lang[64];
		snprintf(lang, sizeof lang, "%s%s", tag, strcmp(tag, "en") ? ", en;q=0.5" : "");
		hdr = add_header(hdr, "Accept-Language", lang);
	}
	/* Every request that changes something says it is JSON, with a body or
	 * without: the bank refuses one that does not (a web page's form would
	 * not). */
	if (rq->body || strcmp(rq->method, "GET"))
		hdr = add_header(hdr, "Content-Type", "application/json");
	if (rq->bearer) {
		size_t bn = strlen(rq->bearer) + 8;
		char *b = xmalloc(bn);
		snprintf(b, bn, "Bearer %s", rq->bearer);
		hdr = add_header(hdr, "Authorization", b);
		explicit_bzero(b, bn);
		free(b);
	}
	if (rq->idempotency_key)
		hdr = add_header(hdr, "Idempotency-Key", rq->idempotency_key);
	if (rq->step_up_challenge && rq->step_up_code) {
		hdr = add_header(hdr, "X-Step-Up-Challenge", rq->step_up_challenge);
		hdr = add_header(hdr, "X-Step-Up-Code", rq->step_up_code);
	}
	/* No "Expect: 100-continue" round trip before a body. */
	hdr = curl_slist_append(hdr, "Expect:");

	for (int attempt = 0; attempt < attempts; attempt++) {
		struct sink sink = { rs, 0, h->max_response, false };
		CURLcode rc;
		long conns = 0;
		char *ct = NULL;

		http_response_clear(rs);
		curl_easy_reset(h->curl);
		curl_easy_setopt(h->curl, CURLOPT_URL, url);
		curl_easy_setopt(h->curl, CURLOPT_CUSTOMREQUEST, rq->method);
		if (!strcmp(rq->method, "GET"))
			curl_easy_setopt(h->curl, CURLOPT_HTTPGET, 1L);
		if (rq->body) {
			curl_easy_setopt(h->curl, CURLOPT_POSTFIELDS, rq->body);
			curl_easy_setopt(h->curl, CURLOPT_POSTFIELDSIZE, (long)strlen(rq->body));
		} else if (strcmp(rq->method, "GET")) {
			curl_easy_setopt(h->curl, CURLOPT_POSTFIELDS, "");
			curl_easy_setopt(h->curl, CURLOPT_POSTFIELDSIZE, 0L);
		}
		curl_easy_setopt(h->curl, CURLOPT_HTTPHEADER, hdr);
		curl_easy_setopt(h->curl, CURLOPT_WRITEFUNCTION, on_data);
		curl_easy_setopt(h->curl, CURLOPT_WRITEDATA, &sink);
		curl_easy_setopt(h->curl, CURLOPT_NOPROGRESS, 0L);
		curl_easy_setopt(h->curl, CURLOPT_XFERINFOFUNCTION, on_progress);
		curl_easy_setopt(h->curl, CURLOPT_XFERINFODATA, h);
		curl_easy_setopt(h->curl, CURLOPT_OPENSOCKETFUNCTION, on_open);
		curl_easy_setopt(h->curl, CURLOPT_OPENSOCKETDATA, h);
		curl_easy_setopt(h->curl, CURLOPT_CLOSESOCKETFUNCTION, on_close);
		curl_easy_setopt(h->curl, CURLOPT_CLOSESOCKETDATA, h);
		curl_easy_setopt(h->curl, CURLOPT_CONNECTTIMEOUT_MS, h->connect_timeout_ms);
		curl_easy_setopt(h->curl, CURLOPT_TIMEOUT_MS, h->total_timeout_ms + rq->extra_timeout_ms);
		curl_easy_setopt(h->curl, CURLOPT_NOSIGNAL, 1L);
		/* No proxy for plain http: a proxy on this machine would carry it on in clear. */
		if (h->plain)
			curl_easy_setopt(h->curl, CURLOPT_PROXY, "");
		curl_easy_setopt(h->curl, CURLOPT_SSL_VERIFYPEER, 1L);
		curl_easy_setopt(h->curl, CURLOPT_SSL_VERIFYHOST, 2L);
		if (h->cacert)
			curl_easy_setopt(h->curl, CURLOPT_CAINFO, h->cacert);
#if LIBCURL_VERSION_NUM >= 0x075500
		curl_easy_setopt(h->curl, CURLOPT_PROTOCOLS_STR, "http,https");
#else
		curl_easy_setopt(h->curl, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
		curl_easy_setopt(h->curl, CURLOPT_USERAGENT, PACKAGE "/" VERSION);
		h->refused[0] = '\0';
		rc = curl_easy_perform(h->curl);
		curl_easy_getinfo(h->curl, CURLINFO_NUM_CONNECTS, &conns);
		h->connections += conns;
		err = classify(rc, sink.too_large, h->base, msg, msglen);
		/* Refused at every address it leads to (one that was loopback would have answered). */
		if (*h->refused && err != HTTP_OK) {
			/* L10N: the first %s is the server's host name, the second the address it
			 * leads to.  Unencrypted connections go to this computer only. */
			if (strcmp(h->host, h->refused))
				set_msg(msg, msglen,
					_("refusing plain http to %s (%s): only this computer (127.0.0.1) may "
					  "be reached without encryption; use https://"),
					h->host, h->refused);
			else
				/* L10N: %s is a host name.  Unencrypted connections are refused. */
				set_msg(msg, msglen,
					_("refusing plain http to %s: only this computer (127.0.0.1) may be reached "
					  "without encryption; use https://"),
					h->host);
			err = HTTP_ERR_INSECURE;
			break;
		}
		if (err == HTTP_OK) {
			curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &rs->status);
			if (curl_easy_getinfo(h->curl, CURLINFO_CONTENT_TYPE, &ct) == CURLE_OK && ct)
				snprintf(rs->content_type, sizeof rs->content_type, "%s", ct);
			if (!rs->body)
				rs->body = xstrdup("");
			if (rs->status != 502 && rs->status != 503 && rs->status != 504)
				break;
		} else if (err == HTTP_ERR_CANCELLED || err == HTTP_ERR_TLS || err == HTTP_ERR_TOO_LARGE) {
			break;
		}
		if (attempt + 1 < attempts && !backoff(h, attempt)) {
			err = classify(CURLE_ABORTED_BY_CALLBACK, false, h->base, msg, msglen);
			break;
		}
	}
	if (err != HTTP_OK)
		http_response_clear(rs);
	if (h->trace)
		trace_request(h, rq, rs, err, started);
	free_headers(hdr);
	free(url);
	return err;
}

void http_cancel(struct http *h)
{
	atomic_store(&h->cancel, true);
}

void http_interrupt(struct http *h)
{
	atomic_store(&h->cancel, true);
	pthread_mutex_lock(&h->sock_lock);
	if (h->sock != CURL_SOCKET_BAD)
		shutdown(h->sock, SHUT_RDWR);
	pthread_mutex_unlock(&h->sock_lock);
}

void http_cancel_clear(struct http *h)
{
	atomic_store(&h->cancel, false);
}

long http_connections(const struct http *h)
{
	return h->connections;
}

void http_response_clear(struct http_response *rs)
{
	if (rs->body) {
		explicit_bzero(rs->body, rs->len);
		free(rs->body);
	}
	memset(rs, 0, sizeof *rs);
}

void http_close(struct http **h)
{
	if (!*h)
		return;
	curl_easy_cleanup((*h)->curl);
	pthread_mutex_destroy(&(*h)->sock_lock);
	free((*h)->base);
	free((*h)->cacert);
	free(*h);
	*h = NULL;
}
