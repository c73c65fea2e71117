/* stepup.c: confirming one sensitive request with a one-time code.
 *
 * The first attempt is answered 403 step_up_required with a challenge bound
 * to that exact request (method, path and body).  The client asks the
 * customer for a code and sends the same request again with the headers
 *   X-Step-Up-Challenge: <challenge>
 *   X-Step-Up-Code: <6 digits>
 * A wrong code counts against the same lockout as sign-in; a challenge works
 * once, for five minutes, and only for the request it was issued for. */
#include "config.h"

#include <string.h>
#include <time.h>

#include "sandbox.h"

#define STEP_UP_TTL 300

static void challenge(struct sb_ctx *c, const char *reason, const char *hash)
{
	char id[40];
	json_object *extra = json_object_new_object();
	sqlite3_stmt *st = db_prepare(c->db, "INSERT INTO step_ups (id, customer_id, request_hash, "
					     "expires_at) VALUES (?1, ?2, ?3, ?4)");

	db_new_id("stp", id);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->customer, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (int64_t)time(NULL) + STEP_UP_TTL);
	sqlite3_step(st);
	db_done(st);
	json_object_object_add(extra, "challenge", json_object_new_string(id));
	json_object_object_add(extra, "expires_in", json_object_new_int(STEP_UP_TTL));
	json_object_object_add(extra, "reason", json_object_new_string(reason));
	sb_problem(c, 403, "step_up_required", "confirm this with the code from your authenticator app",
		   extra);
}

bool stepup_granted(struct sb_ctx *c, const char *reason)
{
	const char *id = sb_header(c, "X-Step-Up-Challenge"), *code = sb_header(c, "X-Step-Up-Code");
	char hash[65];
	sqlite3_stmt *st;
	bool live = false;

	c->transient = true;
	sb_request_hash(c, hash);
	if (db_int(c->db, "SELECT totp_secret IS NULL FROM customers WHERE id = ?1", c->customer, 1)) {
		sb_problem(c, 403, "forbidden",
			   "this needs an authenticator app, and none is set up for this customer", NULL);
		return false;
	}
	if (id && code) {
		st = db_prepare(c->db, "SELECT 1 FROM step_ups WHERE id = ?1 AND customer_id = ?2 AND "
				       "request_hash = ?3 AND used = 0 AND expires_at > ?4");
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, c->customer, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, hash, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, (int64_t)time(NULL));
		live = sqlite3_step(st) == SQLITE_ROW;
		db_done(st);
	}
	if (!live) {
		/* No answer, or one to a challenge that is spent, expired or for another request. */
		challenge(c, reason, hash);
		return false;
	}
	if (!auth_second_factor(c, c->customer, code, 403, "step_up_failed"))
		return false;
	st = db_prepare(c->db, "UPDATE step_ups SET used = 1 WHERE id = ?1");
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_step(st);
	db_done(st);
	c->transient = false;
	return true;
}
