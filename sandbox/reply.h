/* reply.h: the toolkit a handler of the sandbox works with: the request it
 * was given (struct sb_ctx), and the ways to read it and to answer.  Handlers
 * depend on this, never on the server that calls them (server.c) nor on the
 * route table (routes.c). */
#ifndef BANKTERM_SANDBOX_REPLY_H
#define BANKTERM_SANDBOX_REPLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>
#include <sqlite3.h>

#include "json.h"

/* Request bodies past this are refused: no request of the API comes near it. */
#define BODY_MAX (64 * 1024)

struct sb_ctx {
	/* request */
	const char *method;
	const char *path;
	const char *params[4];      /* the {id} parts of the route, in order */
	const char *body;
	size_t body_len;
	const char *remote;         /* the client's address, for rate limiting */
	void *conn;                 /* struct MHD_Connection */
	sqlite3 *db;
	char customer[40];          /* the authenticated customer's id, or "" */
	bool staff;                 /* ... who is the bank's staff, not a customer */
	char access_hash[65];       /* hash of the bearer token used */
	/* response */
	unsigned status;
	char *resp;                 /* the body, malloc'd */
	size_t resp_len;
	const char *content_type;
	char etag[80];
	unsigned retry_after;
	bool drop;                  /* close the connection without answering */
	/* The reply is not final (a step-up challenge): it is committed but not
	 * stored under the Idempotency-Key, so the confirmed retry runs. */
	bool transient;
	/* Long-poll: park the connection until *wait_until (monotonic ms) or
	 * until something new arrives; the handler runs again then. */
	bool suspend;
	int64_t *wait_until;
};

/* Query-string and header values, or NULL. */
const char *sb_query(struct sb_ctx *c, const char *name);
const char *sb_header(struct sb_ctx *c, const char *name);
/* Replies with a JSON document; takes the reference to obj. */
void sb_reply(struct sb_ctx *c, unsigned status, json_object *obj);
/* A long list's document written as it goes, without an object per value
 * (a page of a thousand transactions): a JSON string, quoted and escaped as
 * json-c writes one, appended to doc; and the reply of doc (taken). */
void sb_json_string(sqlite3_str *doc, const char *text);
void sb_reply_str(struct sb_ctx *c, unsigned status, sqlite3_str *doc);
/* Replies with an RFC 9457 problem document; extra (may be NULL) adds members. */
void sb_problem(struct sb_ctx *c, unsigned status, const char *code, const char *detail,
		json_object *extra);
/* Parses the request body as a JSON object; replies 400 and returns NULL when it is not one. */
json_object *sb_body(struct sb_ctx *c);
/* BEGIN IMMEDIATE for a handler; false (and a 503 reply) when the database stays busy. */
bool sb_begin(struct sb_ctx *c);
/* COMMIT; when it fails, rolls back and replies 503: nothing changed, retry. */
void sb_commit(struct sb_ctx *c);
/* ROLLBACK of what the handler wrote since sb_begin. */
void sb_rollback(struct sb_ctx *c);
/* Replies 400 invalid_request with a `field` member naming what is wrong. */
void sb_field_problem(struct sb_ctx *c, const char *field, const char *detail);
/* Replies 400 naming the bad field of a JSON body. */
void sb_bad_field(struct sb_ctx *c, const struct json_error *err);
/* A text field of the body checked as plain text of 1 to max characters
 * (valid UTF-8, no control character; new lines and tabs only when lines);
 * false after a 400 naming it. */
bool sb_plain_field(struct sb_ctx *c, json_object *body, const char *name, long max, bool lines, const char **out);
/* Optional query parameters: true when absent (out untouched) or valid;
 * false, with a 400 reply naming the parameter, when malformed. */
bool sb_query_int(struct sb_ctx *c, const char *name, int64_t min, int64_t max, int64_t *out);
bool sb_query_date(struct sb_ctx *c, const char *name, int64_t *out);
/* SHA-256 over method, path and body: what "the same request" means. */
void sb_request_hash(struct sb_ctx *c, char out[65]);
/* {"minor": .., "currency": ..} */
json_object *sb_money(int64_t minor, const char *currency);
/* A text column as a JSON string, or JSON null for SQL NULL. */
json_object *sb_column_string(sqlite3_stmt *st, int col);
/* A time column as an RFC 3339 JSON string, or null. */
json_object *sb_column_time(sqlite3_stmt *st, int col);
/* Milliseconds of the monotonic clock (for long-poll deadlines). */
int64_t sb_mono_ms(void);
/* n bytes as 2n lowercase hex digits and a NUL. */
void sb_hex(const unsigned char *b, size_t n, char *out);
/* SHA-256 of data as 64 lowercase hex digits. */
void sb_sha256_hex(const void *data, size_t len, char out[65]);

/* "2026-11-22T19:50:00Z" */
void sb_rfc3339(int64_t t, char out[32]);
/* Parses "YYYY-MM-DD" (UTC midnight); false when it is not a real date. */
bool sb_parse_date(const char *s, int64_t *out);


#endif
