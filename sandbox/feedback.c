/* feedback.c: what customers tell the bank about a flow: a rating and, if
 * they like, a comment.  Stored as given; never echoed into logs. */
#include "config.h"

#include <string.h>

#include "handlers.h"
#include "sandbox.h"

#define COMMENT_MAX 2000

static const char *const flows[] = { "transfer", "bill_payment", "redemption", "offers", "login",
				     "support", "general" };

struct feedback {
	int64_t rating;
	const char *flow, *comment;
};

static void store(struct sb_ctx *c, void *arg)
{
	struct feedback *f = arg;
	char id[40];
	json_object *o = json_object_new_object();
	sqlite3_stmt *st = db_prepare(c->db, "INSERT INTO feedback VALUES (?1, ?2, ?3, ?4, ?5, ?6)");

	db_new_id("fbk", id);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->customer, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, db_now(c->db));
	sqlite3_bind_int64(st, 4, f->rating);
	sqlite3_bind_text(st, 5, f->flow, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, f->comment, -1, SQLITE_STATIC);
	sqlite3_step(st);
	db_done(st);
	json_object_object_add(o, "id", json_object_new_string(id));
	json_object_object_add(o, "rating", json_object_new_int64(f->rating));
	json_object_object_add(o, "flow", json_object_new_string(f->flow));
	sb_reply(c, 201, o);
}

void feedback_create(struct sb_ctx *c)
{
	json_object *body = sb_body(c);
	struct json_error err = { 0 };
	struct feedback f = { 0, NULL, "" };
	bool known = false;

	if (!body)
		return;
	if (json_get_int64(body, NULL, "rating", 0, 1, 5, &f.rating, &err) ||
	    json_get_string(body, NULL, "flow", 0, 32, &f.flow, &err) ||
	    json_get_string(body, NULL, "comment", JSON_OPTIONAL, COMMENT_MAX, &f.comment, &err)) {
		sb_bad_field(c, &err);
		goto out;
	}
	for (size_t i = 0; i < sizeof flows / sizeof flows[0]; i++)
		known |= !strcmp(flows[i], f.flow);
	if (!known)
		sb_field_problem(c, "flow", "flow is transfer, bill_payment, redemption, offers, login, support or general");
	else
		idem_run(c, store, &f);
out:
	json_object_put(body);
}
