/* server.c: HTTP for the sandbox: libmicrohttpd glue, the route table,
 * JSON and problem+json replies, fault injection for tests, and shutdown on
 * SIGTERM/SIGINT. */
#include "config.h"

#include <arpa/inet.h>
#include <stdatomic.h>
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>
#include <openssl/crypto.h>
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
	{ "POST", "/v1/payees", payees_create, true },
	{ "DELETE", "/v1/payees/{}", payees_delete, true },
	{ "GET", "/v1/limits", limits_get, true },
	{ "PUT", "/v1/limits", limits_put, true },
	{ "POST", "/v1/fx/quotes", fx_quotes_create, true },
	{ "GET", "/v1/transfers", transfers_list, true },
	{ "POST", "/v1/transfers", transfers_create, true },
	{ "GET", "/v1/transfers/{}", transfers_get, true },
	{ "DELETE", "/v1/transfers/{}", transfers_cancel, true },
	{ "GET", "/v1/idempotency-keys/{}", idem_status, true },
	{ "GET", "/v1/billers", billers_list, true },
	{ "GET", "/v1/bills", bills_list, true },
	{ "POST", "/v1/bills/{}/payments", bills_pay, true },
	{ "PUT", "/v1/bills/{}/autopay", bills_autopay, true },
	{ "GET", "/v1/wallet", wallet_get, true },
	{ "POST", "/v1/wallet/top-ups", wallet_top_up, true },
	{ "POST", "/v1/wallet/withdrawals", wallet_withdraw, true },
	{ "GET", "/v1/rewards", rewards_get, true },
	{ "GET", "/v1/rewards/ledger", rewards_ledger, true },
	{ "GET", "/v1/rewards/catalog", rewards_catalog, true },
	{ "POST", "/v1/rewards/redemptions", rewards_redeem, true },
	{ "GET", "/v1/offers", offers_list, true },
	{ "POST", "/v1/offers/{}/activation", offers_activate, true },
	{ "POST", "/v1/offers/{}/dismissal", offers_dismiss, true },
	{ "GET", "/v1/insights/spending", insights_spending, true },
	{ "GET", "/v1/notifications", notifications_list, true },
	{ "POST", "/v1/notifications/{}/read", notifications_read, true },
	{ "POST", "/v1/feedback", feedback_create, true },
	{ "GET", "/v1/sandbox/clock", clock_get, false },
	{ "POST", "/v1/sandbox/clock", clock_advance, false },
	{ "POST", "/v1/sandbox/reset", sandbox_reset, false },
	{ "POST", "/v1/sandbox/card-payments", sandbox_card_payment, true },
	{ "POST", "/v1/sandbox/faults", sandbox_faults, false },
	{ "POST", "/v1/sandbox/expire-access-tokens", sandbox_expire_tokens, false },
	{ "GET", "/v1/sandbox/stats", sandbox_stats, false },
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
	{ "idempotency_key_unknown", "No request under this Idempotency-Key reached the bank" },
	{ "rate_limited", "Too many attempts" },
	{ "payload_too_large", "The request body is too large" },
	{ "currency_mismatch", "The currencies do not match" },
	{ "not_cancellable", "This transfer can no longer be cancelled" },
	{ "step_up_failed", "The one-time code is not valid" },
	{ "already_exists", "It exists already" },
	{ "payee_in_use", "The payee has scheduled transfers" },
	{ "quote_expired", "The exchange quote has expired or was used" },
	{ "insufficient_points", "Not enough points" },
	{ "already_paid", "The bill is paid already" },
	{ "server_error", "Internal server error" },
	{ "unavailable", "Service unavailable" },
};

struct upload {
	char *buf;
	size_t len;
	bool too_large;
	int64_t wait_until; /* a parked long-poll's deadline, monotonic ms */
};

static const struct sb_config *config;
static volatile sig_atomic_t stopping;

/* Parked long-polls: resumed when their deadline passes or a notification arrives. */
static pthread_mutex_t waiters_lock = PTHREAD_MUTEX_INITIALIZER;
static struct waiter {
	struct MHD_Connection *conn;
	int64_t deadline;
} *waiters;
static size_t nwaiters;

int64_t sb_mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

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
	sqlite3 *w = db_begin();

	if (w) {
		c->db = w;
		return true;
	}
	sb_problem(c, 503, "unavailable", "the bank is busy; nothing was changed, please retry", NULL);
	return false;
}

void sb_commit(struct sb_ctx *c)
{
	int rc = db_commit(c->db);

	c->db = db_conn();
	if (rc)
		sb_problem(c, 503, "unavailable", "the bank is busy; nothing was changed, please retry", NULL);
}

void sb_rollback(struct sb_ctx *c)
{
	db_rollback(c->db);
	c->db = db_conn();
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

void sb_request_hash(struct sb_ctx *c, char out[65])
{
	size_t m = strlen(c->method) + 1, p = strlen(c->path) + 1;
	char *buf = xmalloc(m + p + c->body_len);

	memcpy(buf, c->method, m);
	memcpy(buf + m, c->path, p);
	memcpy(buf + m + p, c->body, c->body_len);
	sb_sha256_hex(buf, m + p + c->body_len, out);
	free(buf);
}

json_object *sb_money(int64_t minor, const char *currency)
{
	struct money m = { minor, "" };

	snprintf(m.currency, sizeof m.currency, "%s", currency);
	return json_new_money(&m);
}

json_object *sb_column_string(sqlite3_stmt *st, int col)
{
	return sqlite3_column_type(st, col) == SQLITE_NULL
		       ? NULL
		       : json_object_new_string((const char *)sqlite3_column_text(st, col));
}

json_object *sb_column_time(sqlite3_stmt *st, int col)
{
	char when[32];

	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return NULL;
	sb_rfc3339(sqlite3_column_int64(st, col), when);
	return json_object_new_string(when);
}

bool sb_query_int(struct sb_ctx *c, const char *name, int64_t min, int64_t max, int64_t *out)
{
	const char *s = sb_query(c, name);
	char *end;
	long long v;
	char msg[128];

	if (!s)
		return true;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (!*s || *end || errno || v < min || v > max) {
		snprintf(msg, sizeof msg, "'%s' must be a whole number from %" PRId64 " to %" PRId64, name,
			 min, max);
		sb_field_problem(c, name, msg);
		return false;
	}
	*out = v;
	return true;
}

bool sb_query_date(struct sb_ctx *c, const char *name, int64_t *out)
{
	const char *s = sb_query(c, name);
	char msg[128];

	if (!s)
		return true;
	if (!sb_parse_date(s, out)) {
		snprintf(msg, sizeof msg, "'%s' must be a date written YYYY-MM-DD", name);
		sb_field_problem(c, name, msg);
		return false;
	}
	return true;
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

/* Faults armed through POST /sandbox/faults, for clients that cannot send
 * the header (bankterm itself): the next `count` requests to method and path. */
static pthread_mutex_t armed_lock = PTHREAD_MUTEX_INITIALIZER;
static struct armed {
	char method[8], path[160], fault[24];
	int count;
} armed[8];

static bool fault_known(const char *f)
{
	return !strcmp(f, "drop-before") || !strcmp(f, "drop-after") || !strcmp(f, "status=500") ||
	       !strcmp(f, "status=503") || !strncmp(f, "delay=", 6);
}

/* Copies the fault armed for this request into out (and spends one), or returns false. */
static bool take_armed(struct sb_ctx *c, char out[24])
{
	bool hit = false;

	pthread_mutex_lock(&armed_lock);
	for (size_t i = 0; i < sizeof armed / sizeof armed[0] && !hit; i++) {
		if (armed[i].count > 0 && !strcmp(armed[i].method, c->method) && !strcmp(armed[i].path, c->path)) {
			memcpy(out, armed[i].fault, 24);
			armed[i].count--;
			hit = true;
		}
	}
	pthread_mutex_unlock(&armed_lock);
	return hit;
}

void sandbox_faults(struct sb_ctx *c)
{
	json_object *body;
	struct json_error err = { 0 };
	const char *method = NULL, *path = NULL, *fault = NULL;
	int64_t count = 1;
	size_t slot = sizeof armed / sizeof armed[0];

	if (!config->faults) {
		sb_problem(c, 404, "not_found", "fault injection is off: start the sandbox with --faults", NULL);
		return;
	}
	if (!(body = sb_body(c)))
		return;
	if (json_get_string(body, NULL, "method", 0, 7, &method, &err) ||
	    json_get_string(body, NULL, "path", 0, 159, &path, &err) ||
	    json_get_string(body, NULL, "fault", 0, 23, &fault, &err) ||
	    json_get_int64(body, NULL, "count", JSON_OPTIONAL, 0, 100, &count, &err)) {
		sb_bad_field(c, &err);
	} else if (!fault_known(fault)) {
		sb_field_problem(c, "fault", "fault is drop-before, drop-after, delay=MS, status=500 or status=503");
	} else {
		pthread_mutex_lock(&armed_lock);
		/* The slot already armed for this request, else the first free one. */
		for (size_t i = 0; i < sizeof armed / sizeof armed[0]; i++)
			if (!strcmp(armed[i].method, method) && !strcmp(armed[i].path, path))
				slot = i;
		for (size_t i = 0; i < sizeof armed / sizeof armed[0] && slot == sizeof armed / sizeof armed[0]; i++)
			if (armed[i].count <= 0)
				slot = i;
		if (slot < sizeof armed / sizeof armed[0]) {
			snprintf(armed[slot].method, sizeof armed[slot].method, "%s", method);
			snprintf(armed[slot].path, sizeof armed[slot].path, "%s", path);
			snprintf(armed[slot].fault, sizeof armed[slot].fault, "%s", fault);
			armed[slot].count = (int)count;
		}
		pthread_mutex_unlock(&armed_lock);
		if (slot < sizeof armed / sizeof armed[0])
			sb_reply(c, 200, json_object_get(body));
		else
			sb_problem(c, 503, "unavailable", "eight faults are armed already", NULL);
	}
	json_object_put(body);
}

/* POST /sandbox/expire-access-tokens: every access token expires now, so a
 * test can watch a client refresh on its 401.  Only with --faults. */
void sandbox_expire_tokens(struct sb_ctx *c)
{
	json_object *o;

	if (!config->faults) {
		sb_problem(c, 404, "not_found", "test controls are off: start the sandbox with --faults", NULL);
		return;
	}
	if (!sb_begin(c))
		return;
	db_exec(c->db, "UPDATE tokens SET expires_at = 0 WHERE kind = 'access'");
	o = json_object_new_object();
	json_object_object_add(o, "expired", json_object_new_int(sqlite3_changes(c->db)));
	sb_reply(c, 200, o);
	sb_commit(c);
}

/* X-Sandbox-Fault: drop-before | drop-after | delay=MS | status=500 | status=503 */
enum fault { FAULT_NONE, FAULT_DROP_BEFORE, FAULT_DROP_AFTER, FAULT_STATUS };

static enum fault read_fault(struct sb_ctx *c, unsigned *status)
{
	const char *f;
	char armed_fault[24];

	if (!config->faults)
		return FAULT_NONE;
	if (!(f = sb_header(c, "X-Sandbox-Fault"))) {
		if (!take_armed(c, armed_fault))
			return FAULT_NONE;
		f = armed_fault;
	}
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

/* What the benchmarks count at the bank's side: connections and requests. */
static atomic_long stat_connections, stat_requests;

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
			  enum MHD_ConnectionNotificationCode toe)
{
	(void)cls;
	(void)conn;
	(void)socket_context;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED)
		atomic_fetch_add(&stat_connections, 1);
}

void sandbox_stats(struct sb_ctx *c)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "connections", json_object_new_int64(atomic_load(&stat_connections)));
	json_object_object_add(o, "requests", json_object_new_int64(atomic_load(&stat_requests)));
	sb_reply(c, 200, o);
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
	atomic_fetch_add(&stat_requests, 1);
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
	c.wait_until = &up->wait_until;

	if (up->too_large)
		sb_problem(&c, 413, "payload_too_large", "request bodies are limited to 64 KiB", NULL);
	else
		dispatch(&c);
	db_end_request();

	/* A parked request's reply is already built: it is sent when stopping. */
	if (c.suspend && !stopping) {
		free(c.resp);
		pthread_mutex_lock(&waiters_lock);
		waiters = xrealloc(waiters, (nwaiters + 1) * sizeof *waiters);
		waiters[nwaiters++] = (struct waiter){ conn, up->wait_until };
		MHD_suspend_connection(conn);
		pthread_mutex_unlock(&waiters_lock);
		return MHD_YES;
	}
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

/* Resumes parked long-polls whose deadline passed, or all of them when
 * stopping (MHD cannot stop with connections suspended) or when a new
 * notification was committed; each then answers or parks again. */
static void wake_waiters(bool all)
{
	int64_t now = sb_mono_ms();
	size_t kept = 0;

	pthread_mutex_lock(&waiters_lock);
	for (size_t i = 0; i < nwaiters; i++) {
		if (all || waiters[i].deadline <= now)
			MHD_resume_connection(waiters[i].conn);
		else
			waiters[kept++] = waiters[i];
	}
	nwaiters = kept;
	pthread_mutex_unlock(&waiters_lock);
}

static void *waker(void *arg)
{
	int64_t last = -1;
	sqlite3 *db = db_conn();

	(void)arg;
	while (!stopping) {
		struct timespec ts = { 0, 100 * 1000000L };
		int64_t top;
		bool any;

		nanosleep(&ts, NULL);
		pthread_mutex_lock(&waiters_lock);
		any = nwaiters > 0;
		pthread_mutex_unlock(&waiters_lock);
		if (!any)
			continue;
		top = db_int(db, "SELECT coalesce(max(id), 0) FROM notifications", NULL, 0);
		wake_waiters(last >= 0 && top != last);
		last = top;
	}
	return NULL;
}

/* Runs what falls due as the (real) time passes, every 30 seconds. */
static void *scheduler(void *arg)
{
	(void)arg;
	while (!stopping) {
		sqlite3 *db = db_conn();
		bank_run_due(db, db_now(db));
		for (int i = 0; i < 30 && !stopping; i++)
			sleep(1);
	}
	return NULL;
}

/* A whole PEM file in memory (MHD wants the text), or NULL. */
static char *read_pem(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!f)
		return NULL;
	do {
		if (len + 4096 + 1 > cap)
			buf = xrealloc(buf, cap = cap ? cap * 2 : 8192);
		n = fread(buf + len, 1, 4096, f);
		len += n;
	} while (n > 0 && len < (1u << 20));
	fclose(f);
	buf[len] = '\0';
	return buf;
}

int server_run(const struct sb_config *cfg)
{
	pthread_t sched, wake;
	char *cert = NULL, *key = NULL;
	struct sockaddr_storage ss;
	struct MHD_Daemon *d;
	const union MHD_DaemonInfo *info;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG |
			 MHD_ALLOW_SUSPEND_RESUME;
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

	if (cfg->tls_cert) {
		cert = read_pem(cfg->tls_cert);
		key = read_pem(cfg->tls_key);
		if (!cert || !key) {
			fprintf(stderr, "bankterm-sandbox: cannot read %s\n", cert ? cfg->tls_key : cfg->tls_cert);
			free(cert);
			free(key);
			return 1;
		}
		flags |= MHD_USE_TLS;
	}
	d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, NULL, MHD_OPTION_SOCK_ADDR,
			     (struct sockaddr *)&ss, MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
			     MHD_OPTION_NOTIFY_CONNECTION, on_connection, NULL,
			     MHD_OPTION_THREAD_POOL_SIZE, cfg->threads > 1 ? cfg->threads : 0,
			     MHD_OPTION_CONNECTION_TIMEOUT, 120u,
			     cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, cert,
			     MHD_OPTION_HTTPS_MEM_KEY, key, MHD_OPTION_END);
	if (!d) {
		free(cert);
		free(key);
		fprintf(stderr, "bankterm-sandbox: cannot listen on %s\n", cfg->listen);
		return 1;
	}
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	if (v6)
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, host, sizeof host);
	else
		inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, host, sizeof host);
	/* The first line of stdout is the URL, so a parent process can read it. */
	printf(v6 ? "%s://[%s]:%u\n" : "%s://%s:%u\n", cert ? "https" : "http", host,
	       info ? info->port : 0);
	fflush(stdout);

	if (pthread_create(&sched, NULL, scheduler, NULL) != 0 ||
	    pthread_create(&wake, NULL, waker, NULL) != 0) {
		fprintf(stderr, "bankterm-sandbox: cannot start its threads\n");
		abort();
	}
	while (sigwait(&set, &sig) != 0)
		;
	stopping = 1;
	pthread_join(sched, NULL);
	pthread_join(wake, NULL);
	wake_waiters(true);
	MHD_stop_daemon(d);
	free(waiters);
	/* MHD copies nothing: the PEM texts live until the daemon stops. */
	if (key)
		OPENSSL_cleanse(key, strlen(key));
	free(cert);
	free(key);
	return 0;
}
