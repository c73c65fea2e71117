/* server.c: HTTP for the sandbox: libmicrohttpd glue, the route table,
 * JSON and problem+json replies, fault injection for tests, and shutdown on
 * SIGTERM/SIGINT. */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>
#include <openssl/evp.h>

#include "sandbox.h"
#include "xalloc.h"

/* Request bodies past this are refused: no request of the API comes near it. */
#define BODY_MAX (64 * 1024)

struct route {
	const char *method;
	const char *pattern; /* "{}" matches one path segment */
	sb_handler *fn;
	bool auth;
};

static const struct route routes[] = {
	{ "POST", "/v1/auth/token", auth_token, false },
	{ "POST", "/v1/auth/mfa", auth_mfa, false },
	{ "POST", "/v1/auth/refresh", auth_refresh, false },
	{ "POST", "/v1/auth/logout", auth_logout, false },
	{ "GET", "/v1/me", auth_me, true },
	{ "GET", "/v1/accounts", accounts_list, true },
	{ "GET", "/v1/accounts/{}", accounts_get, true },
	{ "GET", "/v1/accounts/{}/transactions", accounts_transactions, true },
	{ "GET", "/v1/payees", payees_list, true },
	{ "GET", "/v1/transfers", transfers_list, true },
	{ "POST", "/v1/transfers", transfers_create, true },
	{ "GET", "/v1/transfers/{}", transfers_get, true },
	{ "DELETE", "/v1/transfers/{}", transfers_cancel, true },
	{ "GET", "/v1/sandbox/clock", clock_get, false },
	{ "POST", "/v1/sandbox/clock", clock_advance, false },
};

void server_print_routes(FILE *to)
{
	for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
		fprintf(to, "%s ", routes[i].method);
		/* "{}" is printed as OpenAPI's "{id}" */
		for (const char *p = routes[i].pattern; *p; p++) {
			if (!strncmp(p, "{}", 2)) {
				fputs("{id}", to);
				p++;
			} else {
				fputc(*p, to);
			}
		}
		fputc('\n', to);
	}
}

/* Short titles for the stable problem codes. */
static const struct {
	const char *code;
	const char *title;
} titles[] = {
	{ "invalid_request", "The request is not valid" },
	{ "unauthorized", "Authentication is required" },
	{ "mfa_required", "A one-time code is required" },
	{ "forbidden", "Not allowed" },
	{ "not_found", "Not found" },
	{ "method_not_allowed", "Method not allowed" },
	{ "insufficient_funds", "Insufficient funds" },
	{ "limit_exceeded", "Limit exceeded" },
	{ "step_up_required", "Confirmation with a one-time code is required" },
	{ "idempotency_conflict", "Idempotency key reused with another request" },
	{ "idempotency_key_required", "An Idempotency-Key header is required" },
	{ "rate_limited", "Too many attempts" },
	{ "payload_too_large", "The request body is too large" },
	{ "currency_mismatch", "The currencies do not match" },
	{ "not_cancellable", "This transfer can no longer be cancelled" },
	{ "server_error", "Internal server error" },
	{ "unavailable", "Service unavailable" },
};

struct upload {
	char *buf;
	size_t len;
	bool too_large;
};

static const struct sb_config *config;

const char *sb_query(struct sb_ctx *c, const char *name)
{
	return MHD_lookup_connection_value(c->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *sb_header(struct sb_ctx *c, const char *name)
{
	return MHD_lookup_connection_value(c->conn, MHD_HEADER_KIND, name);
}

void sb_reply(struct sb_ctx *c, unsigned status, json_object *obj)
{
	const char *s = json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PLAIN |
								    JSON_C_TO_STRING_NOSLASHESCAPE);
	free(c->resp);
	c->resp_len = strlen(s);
	c->resp = xstrndup(s, c->resp_len);
	c->status = status;
	c->content_type = "application/json";
	json_object_put(obj);
}

void sb_problem(struct sb_ctx *c, unsigned status, const char *code, const char *detail,
		json_object *extra)
{
	json_object *o = json_object_new_object();
	char type[96];
	const char *title = "Error";

	for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++)
		if (!strcmp(titles[i].code, code))
			title = titles[i].title;
	snprintf(type, sizeof type, "/problems/%s", code);
	json_object_object_add(o, "type", json_object_new_string(type));
	json_object_object_add(o, "title", json_object_new_string(title));
	json_object_object_add(o, "status", json_object_new_int((int)status));
	json_object_object_add(o, "detail", json_object_new_string(detail ? detail : title));
	json_object_object_add(o, "code", json_object_new_string(code));
	if (extra) {
		json_object_object_foreach(extra, k, v)
		{
			json_object_object_add(o, k, json_object_get(v));
		}
		json_object_put(extra);
	}
	sb_reply(c, status, o);
	c->content_type = "application/problem+json";
}

bool sb_begin(struct sb_ctx *c)
{
	if (db_begin(c->db) == 0)
		return true;
	sb_problem(c, 503, "unavailable", "the bank is busy; nothing was changed, please retry", NULL);
	return false;
}

void sb_commit(struct sb_ctx *c)
{
	if (db_commit(c->db) == 0)
		return;
	db_rollback(c->db);
	sb_problem(c, 503, "unavailable", "the bank is busy; nothing was changed, please retry", NULL);
}

void sb_field_problem(struct sb_ctx *c, const char *field, const char *detail)
{
	json_object *extra = json_object_new_object();

	if (field && *field)
		json_object_object_add(extra, "field", json_object_new_string(field));
	sb_problem(c, 400, "invalid_request", detail, extra);
}

void sb_bad_field(struct sb_ctx *c, const struct json_error *err)
{
	char msg[256];

	json_error_message(err, msg, sizeof msg);
	sb_field_problem(c, err->field, msg);
}

void sb_hex(const unsigned char *b, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", b[i]);
}

void sb_sha256_hex(const void *data, size_t len, char out[65])
{
	unsigned char md[32];
	unsigned int mdlen = 0;

	EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL);
	sb_hex(md, sizeof md, out);
}

json_object *sb_body(struct sb_ctx *c)
{
	json_object *obj = NULL;
	struct json_error err = { 0 };

	if (json_parse(c->body, c->body_len, BODY_MAX, &obj, &err) != JSON_OK ||
	    !json_object_is_type(obj, json_type_object)) {
		json_object_put(obj);
		if (err.code == JSON_OK)
			err.code = JSON_ERR_TYPE;
		sb_bad_field(c, &err);
		return NULL;
	}
	return obj;
}

void sb_rfc3339(int64_t t, char out[32])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

bool sb_parse_date(const char *s, int64_t *out)
{
	struct tm tm = { 0 };
	int y, m, d;
	char tail;
	time_t t;

	if (!s || strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || y < 1970 ||
	    y > 9999 || m < 1 || m > 12 || d < 1 || d > 31)
		return false;
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	t = timegm(&tm);
	/* timegm normalizes 2026-02-30 to March: refuse dates that moved. */
	gmtime_r(&t, &tm);
	if (tm.tm_mday != d || tm.tm_mon != m - 1)
		return false;
	*out = (int64_t)t;
	return true;
}

/* Matches path against pattern, capturing "{}" segments into params. */
static bool match(const char *pattern, const char *path, const char *params[4], char *store,
		  size_t storelen)
{
	size_t np = 0, used = 0;

	while (*pattern && *path) {
		if (!strncmp(pattern, "{}", 2)) {
			size_t n = strcspn(path, "/");
			if (n == 0 || np == 4 || used + n + 1 > storelen)
				return false;
			memcpy(store + used, path, n);
			store[used + n] = '\0';
			params[np++] = store + used;
			used += n + 1;
			pattern += 2;
			path += n;
		} else if (*pattern == *path) {
			pattern++;
			path++;
		} else {
			return false;
		}
	}
	return !*pattern && !*path;
}

/* X-Sandbox-Fault: drop-before | drop-after | delay=MS | status=500 | status=503 */
enum fault { FAULT_NONE, FAULT_DROP_BEFORE, FAULT_DROP_AFTER, FAULT_STATUS };

static enum fault read_fault(struct sb_ctx *c, unsigned *status)
{
	const char *f;

	if (!config->faults || !(f = sb_header(c, "X-Sandbox-Fault")))
		return FAULT_NONE;
	if (!strcmp(f, "drop-before"))
		return FAULT_DROP_BEFORE;
	if (!strcmp(f, "drop-after"))
		return FAULT_DROP_AFTER;
	if (!strncmp(f, "delay=", 6)) {
		long ms = strtol(f + 6, NULL, 10);
		if (ms > 0 && ms <= 60000) {
			struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
			while (nanosleep(&ts, &ts) == -1)
				;
		}
		return FAULT_NONE;
	}
	if (!strcmp(f, "status=500") || !strcmp(f, "status=503")) {
		*status = (unsigned)atoi(f + 7);
		return FAULT_STATUS;
	}
	return FAULT_NONE;
}

static void dispatch(struct sb_ctx *c)
{
	char store[256];
	bool path_known = false;
	unsigned fault_status = 0;
	enum fault fault = read_fault(c, &fault_status);

	if (fault == FAULT_DROP_BEFORE) {
		c->drop = true;
		return;
	}
	if (fault == FAULT_STATUS) {
		sb_problem(c, fault_status, fault_status == 503 ? "unavailable" : "server_error",
			   "fault injected by X-Sandbox-Fault", NULL);
		return;
	}
	for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
		const char *params[4] = { 0 };
		if (!match(routes[i].pattern, c->path, params, store, sizeof store))
			continue;
		path_known = true;
		if (strcmp(routes[i].method, c->method))
			continue;
		memcpy(c->params, params, sizeof params);
		c->db = db_conn();
		if (routes[i].auth && !auth_check(c))
			return;
		routes[i].fn(c);
		if (fault == FAULT_DROP_AFTER)
			c->drop = true;
		return;
	}
	if (path_known)
		sb_problem(c, 405, "method_not_allowed", "this path does not take that method", NULL);
	else
		sb_problem(c, 404, "not_found", "no such endpoint", NULL);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *data,
				  size_t *data_size, void **con_cls)
{
	struct upload *up = *con_cls;
	struct sb_ctx c;
	struct MHD_Response *resp;
	const union MHD_ConnectionInfo *ci;
	char addr[INET6_ADDRSTRLEN] = "?";
	struct timespec t0, t1;
	enum MHD_Result ret;

	(void)cls;
	(void)version;
	if (!up) {
		*con_cls = xcalloc(1, sizeof *up);
		return MHD_YES;
	}
	if (*data_size) {
		if (up->len + *data_size > BODY_MAX) {
			up->too_large = true;
		} else {
			up->buf = xrealloc(up->buf, up->len + *data_size + 1);
			memcpy(up->buf + up->len, data, *data_size);
			up->len += *data_size;
			up->buf[up->len] = '\0';
		}
		*data_size = 0;
		return MHD_YES;
	}

	clock_gettime(CLOCK_MONOTONIC, &t0);
	memset(&c, 0, sizeof c);
	c.method = method;
	c.path = url;
	c.body = up->buf ? up->buf : "";
	c.body_len = up->len;
	c.conn = conn;
	ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
				  addr, sizeof addr);
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
				  addr, sizeof addr);
	}
	c.remote = addr;

	if (up->too_large)
		sb_problem(&c, 413, "payload_too_large", "request bodies are limited to 64 KiB", NULL);
	else
		dispatch(&c);

	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (config->log) {
		/* The path only: never bodies, never query strings, never headers. */
		fprintf(config->log, "%s %s %u %ldms%s\n", method, url, c.drop ? 0 : c.status,
			(long)((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000),
			c.drop ? " dropped" : "");
		fflush(config->log);
	}
	if (c.drop) {
		free(c.resp);
		return MHD_NO;
	}
	resp = MHD_create_response_from_buffer(c.resp_len, c.resp, MHD_RESPMEM_MUST_FREE);
	MHD_add_response_header(resp, "Content-Type", c.content_type);
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	if (c.etag[0])
		MHD_add_response_header(resp, "ETag", c.etag);
	if (c.retry_after) {
		char ra[16];
		snprintf(ra, sizeof ra, "%u", c.retry_after);
		MHD_add_response_header(resp, "Retry-After", ra);
	}
	ret = MHD_queue_response(conn, c.status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct upload *up = *con_cls;
	(void)cls;
	(void)conn;
	(void)toe;
	if (up) {
		free(up->buf);
		free(up);
		*con_cls = NULL;
	}
}

/* Parses "ADDR:PORT" or "[ADDR6]:PORT". */
static int parse_listen(const char *spec, struct sockaddr_storage *ss, bool *v6)
{
	char host[INET6_ADDRSTRLEN + 2];
	const char *colon = strrchr(spec, ':');
	char *end;
	long port;
	size_t hl;

	if (!colon)
		return -1;
	port = strtol(colon + 1, &end, 10);
	if (*end || port < 0 || port > 65535 || colon == spec)
		return -1;
	hl = (size_t)(colon - spec);
	if (spec[0] == '[') {
		if (hl < 3 || spec[hl - 1] != ']' || hl - 2 >= sizeof host)
			return -1;
		memcpy(host, spec + 1, hl - 2);
		host[hl - 2] = '\0';
	} else {
		if (hl >= sizeof host)
			return -1;
		memcpy(host, spec, hl);
		host[hl] = '\0';
	}
	memset(ss, 0, sizeof *ss);
	if (!strcmp(host, "localhost"))
		strcpy(host, "127.0.0.1");
	{
		struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
		struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
		if (inet_pton(AF_INET, host, &a4->sin_addr) == 1) {
			a4->sin_family = AF_INET;
			a4->sin_port = htons((uint16_t)port);
			*v6 = false;
			return 0;
		}
		if (inet_pton(AF_INET6, host, &a6->sin6_addr) == 1) {
			a6->sin6_family = AF_INET6;
			a6->sin6_port = htons((uint16_t)port);
			*v6 = true;
			return 0;
		}
	}
	return -1;
}

static volatile sig_atomic_t stopping;

/* Runs scheduled transfers as the (real) time passes, every 30 seconds. */
static void *scheduler(void *arg)
{
	(void)arg;
	while (!stopping) {
		sqlite3 *db = db_conn();
		transfers_run_due(db, db_now(db));
		for (int i = 0; i < 30 && !stopping; i++)
			sleep(1);
	}
	return NULL;
}

int server_run(const struct sb_config *cfg)
{
	pthread_t sched;
	struct sockaddr_storage ss;
	struct MHD_Daemon *d;
	const union MHD_DaemonInfo *info;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
	bool v6 = false;
	sigset_t set;
	int sig;
	char host[INET6_ADDRSTRLEN];

	config = cfg;
	if (parse_listen(cfg->listen, &ss, &v6)) {
		fprintf(stderr, "bankterm-sandbox: --listen wants ADDR:PORT, not '%s'\n", cfg->listen);
		return 2;
	}
	if (v6)
		flags |= MHD_USE_IPv6;
	flags |= cfg->threads > 1 ? MHD_USE_EPOLL : MHD_USE_AUTO;

	/* Signals are taken by sigwait() below; worker threads inherit the mask. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, NULL, MHD_OPTION_SOCK_ADDR,
			     (struct sockaddr *)&ss, MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
			     MHD_OPTION_THREAD_POOL_SIZE, cfg->threads > 1 ? cfg->threads : 0,
			     MHD_OPTION_CONNECTION_TIMEOUT, 120u, MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "bankterm-sandbox: cannot listen on %s\n", cfg->listen);
		return 1;
	}
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	if (v6)
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, host, sizeof host);
	else
		inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, host, sizeof host);
	/* The first line of stdout is the URL, so a parent process can read it. */
	printf(v6 ? "http://[%s]:%u\n" : "http://%s:%u\n", host, info ? info->port : 0);
	fflush(stdout);

	if (pthread_create(&sched, NULL, scheduler, NULL) != 0) {
		MHD_stop_daemon(d);
		return 1;
	}
	while (sigwait(&set, &sig) != 0)
		;
	stopping = 1;
	pthread_join(sched, NULL);
	MHD_stop_daemon(d);
	return 0;
}
