/* reply.c: the toolkit of the handlers (reply.h): answers in JSON and as
 * problem documents, the request's body and query parameters read strictly,
 * transactions, hashes, times.  What reads the connection itself (sb_query,
 * sb_header) is the server's (server.c). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>

#include "sandbox.h"
#include "text.h"
#include "xalloc.h"

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
	{ "code_used", "The one-time code was used already" },
	{ "already_exists", "It exists already" },
	{ "payee_in_use", "The payee has scheduled transfers" },
	{ "quote_expired", "The exchange quote has expired or was used" },
	{ "insufficient_points", "Not enough points" },
	{ "already_paid", "The bill is paid already" },
	{ "server_error", "Internal server error" },
	{ "unavailable", "Service unavailable" },
};

int64_t sb_mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
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

void sb_json_string(sqlite3_str *doc, const char *text)
{
	const unsigned char *p = (const unsigned char *)(text ? text : ""), *run = p;

	sqlite3_str_appendchar(doc, 1, '"');
	for (; *p; p++) {
		const char *esc = NULL;
		char u[8];
		if (*p >= 0x20 && *p != '"' && *p != '\\')
			continue;
		sqlite3_str_append(doc, (const char *)run, (int)(p - run));
		switch (*p) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\b': esc = "\\b"; break;
		case '\f': esc = "\\f"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		default:
			snprintf(u, sizeof u, "\\u%04x", *p);
			esc = u;
		}
		sqlite3_str_appendall(doc, esc);
		run = p + 1;
	}
	sqlite3_str_append(doc, (const char *)run, (int)(p - run));
	sqlite3_str_appendchar(doc, 1, '"');
}

void sb_reply_str(struct sb_ctx *c, unsigned status, sqlite3_str *doc)
{
	int len = sqlite3_str_length(doc);
	char *text = sqlite3_str_finish(doc);

	free(c->resp);
	c->resp_len = text ? (size_t)len : 0;
	c->resp = xstrndup(text ? text : "", c->resp_len);
	sqlite3_free(text);
	c->status = status;
	c->content_type = "application/json";
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
	/* An answer read from writers' work that was then lost (a shared
	 * transaction whose commit failed) is not given. */
	if (db_rollback(c->db))
		sb_problem(c, 503, "unavailable", "the bank is busy; nothing was changed, please retry", NULL);
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
	int year, f[5];

	/* By hand, not strftime: a page of a thousand rows writes a thousand of these. */
	gmtime_r(&tt, &tm);
	year = tm.tm_year + 1900;
	if (year < 0 || year > 9999) {
		strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
		return;
	}
	f[0] = tm.tm_mon + 1, f[1] = tm.tm_mday, f[2] = tm.tm_hour, f[3] = tm.tm_min, f[4] = tm.tm_sec;
	out[0] = (char)('0' + year / 1000), out[1] = (char)('0' + year / 100 % 10);
	out[2] = (char)('0' + year / 10 % 10), out[3] = (char)('0' + year % 10);
	for (int i = 0; i < 5; i++) {
		out[4 + 3 * i] = "--T::"[i];
		out[5 + 3 * i] = (char)('0' + f[i] / 10);
		out[6 + 3 * i] = (char)('0' + f[i] % 10);
	}
	out[19] = 'Z';
	out[20] = '\0';
}

bool sb_parse_date(const char *s, int64_t *out)
{
	struct tm tm = { 0 };

	/* A day that exists, by the client's own rule (text_is_day), and not
	 * before the epoch the bank counts from. */
	if (!text_is_day(s) || atoi(s) < 1970)
		return false;
	tm.tm_year = atoi(s) - 1900;
	tm.tm_mon = atoi(s + 5) - 1;
	tm.tm_mday = atoi(s + 8);
	*out = (int64_t)timegm(&tm);
	return true;
}

/* Characters in s, or -1 when it is not plain text (invalid UTF-8, or a
 * control character other than a newline or a tab). */
static long plain_chars(const char *s, bool lines)
{
	const unsigned char *p = (const unsigned char *)s;
	long n = 0;

	while (*p) {
		unsigned c = *p;
		int more = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : -1;
		unsigned cp = more == 0 ? c : more == 1 ? c & 0x1F : more == 2 ? c & 0x0F : c & 0x07;
		if (more < 0)
			return -1;
		for (int i = 1; i <= more; i++) {
			if ((p[i] & 0xC0) != 0x80)
				return -1;
			cp = cp << 6 | (p[i] & 0x3F);
		}
		if ((more == 1 && cp < 0x80) || (more == 2 && cp < 0x800) || (more == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return -1;
		if ((cp < 0x20 && !(lines && (cp == '\n' || cp == '\t'))) || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
			return -1;
		p += more + 1;
		n++;
	}
	return n;
}

bool sb_plain_field(struct sb_ctx *c, json_object *body, const char *name, long max, bool lines, const char **out)
{
	struct json_error err = { 0 };
	long n;

	if (json_get_string(body, NULL, name, 0, (size_t)max * 4, out, &err)) {
		sb_bad_field(c, &err);
		return false;
	}
	n = plain_chars(*out, lines);
	if (n < 0) {
		sb_field_problem(c, name, lines ? "plain text only: valid UTF-8, no control characters but new lines" : "plain text only: valid UTF-8, one line, no control characters");
		return false;
	}
	if (n == 0 || strspn(*out, " \t\n") == strlen(*out)) {
		sb_field_problem(c, name, "it is empty");
		return false;
	}
	if (n > max) {
		char msg[80];
		snprintf(msg, sizeof msg, "at most %ld characters", max);
		sb_field_problem(c, name, msg);
		return false;
	}
	return true;
}
