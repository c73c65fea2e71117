/* idem.c: Idempotency-Key handling.  The first response to a key (status and
 * body) is stored in the same database transaction as the movement it made,
 * so a retry after a dropped connection replays it byte for byte and never
 * moves money twice; the same key with another request is a 409. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"
#include "sandbox.h"
#include "xalloc.h"

static bool key_ok(const char *k)
{
	size_t n = k ? strlen(k) : 0;
	if (n == 0 || n > 64)
		return false;
	for (size_t i = 0; i < n; i++)
		if (k[i] < 0x21 || k[i] > 0x7e)
			return false;
	return true;
}

enum idem_state idem_begin(struct sb_ctx *c, char key_out[80])
{
	const char *key = sb_header(c, "Idempotency-Key");
	char hash[65];
	sqlite3_stmt *st;
	enum idem_state state = IDEM_NEW;

	if (!key_ok(key))
		return IDEM_MISSING_KEY;
	snprintf(key_out, 80, "%s", key);
	sb_request_hash(c, hash);
	st = db_prepare(c->db, "SELECT request_hash, status, body FROM idempotency "
			       "WHERE customer_id = ?1 AND key = ?2");
	sqlite3_bind_text(st, 1, c->customer, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		if (strcmp((const char *)sqlite3_column_text(st, 0), hash)) {
			state = IDEM_CONFLICT;
		} else {
			free(c->resp);
			c->resp_len = (size_t)sqlite3_column_bytes(st, 2);
			c->resp = xmalloc(c->resp_len + 1);
			memcpy(c->resp, sqlite3_column_blob(st, 2), c->resp_len);
			c->resp[c->resp_len] = '\0';
			c->status = (unsigned)sqlite3_column_int(st, 1);
			c->content_type = c->status >= 400 ? "application/problem+json"
							   : "application/json";
			state = IDEM_REPLAYED;
		}
	}
	db_done(st);
	return state;
}

void idem_store(struct sb_ctx *c, const char *key)
{
	char hash[65];
	sqlite3_stmt *st;

	/* Server errors are not final: a retry should run again. */
	if (c->status >= 500)
		return;
	sb_request_hash(c, hash);
	st = db_prepare(c->db, "INSERT INTO idempotency VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	sqlite3_bind_text(st, 1, c->customer, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, (int)c->status);
	sqlite3_bind_blob(st, 5, c->resp, (int)c->resp_len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, db_now(c->db));
	sqlite3_step(st);
	db_done(st);
}

void idem_run(struct sb_ctx *c, sb_action *fn, void *arg)
{
	char key[80];

	if (!sb_begin(c))
		return;
	switch (idem_begin(c, key)) {
	case IDEM_MISSING_KEY:
		sb_problem(c, 400, "idempotency_key_required",
			   "send an Idempotency-Key header (1 to 64 printable characters)", NULL);
		sb_rollback(c);
		return;
	case IDEM_CONFLICT:
		sb_problem(c, 409, "idempotency_conflict",
			   "this Idempotency-Key was used for a different request", NULL);
		sb_rollback(c);
		return;
	case IDEM_REPLAYED:
		sb_rollback(c);
		return;
	case IDEM_NEW:
		break;
	}
	fn(c, arg);
	if (c->status >= 500) {
		sb_rollback(c);
		return;
	}
	if (!c->transient)
		idem_store(c, key);
	sb_commit(c);
}

/* GET /idempotency-keys/{key}: whether a request under this key reached the
 * bank, and the answer it was given.  Runs nothing: it is how a client whose
 * answer was lost finds out what happened without sending the request again.
 * Answers that were not final (5xx, step-up challenges) were never stored, so
 * for them the key is unknown, as it is for a request that never arrived. */
void idem_status(struct sb_ctx *c)
{
	sqlite3_stmt *st;
	json_object *o, *body = NULL;
	char at[32];

	st = db_prepare(c->db, "SELECT status, body, created_at FROM idempotency "
			       "WHERE customer_id = ?1 AND key = ?2");
	sqlite3_bind_text(st, 1, c->customer, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->params[0], -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_done(st);
		sb_problem(c, 404, "idempotency_key_unknown", "no request under this key reached the bank", NULL);
		return;
	}
	o = json_object_new_object();
	json_object_object_add(o, "key", json_object_new_string(c->params[0]));
	json_object_object_add(o, "status", json_object_new_int(sqlite3_column_int(st, 0)));
	body = json_tokener_parse((const char *)sqlite3_column_text(st, 1));
	json_object_object_add(o, "response", body ? body : json_object_new_object());
	sb_rfc3339(sqlite3_column_int64(st, 2), at);
	json_object_object_add(o, "received_at", json_object_new_string(at));
	db_done(st);
	sb_reply(c, 200, o);
}
