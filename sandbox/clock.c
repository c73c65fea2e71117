/* clock.c: the sandbox clock.  Demos and tests move it forward so scheduled
 * and recurring transfers run as a bank would run them; it never goes back,
 * as a bank's books cannot. */
#include "config.h"

#include "sandbox.h"

/* Five years: far enough for any demo, short enough to stay a small loop. */
#define ADVANCE_MAX (5LL * 366 * 86400)

static json_object *clock_json(sqlite3 *db)
{
	json_object *o = json_object_new_object();
	char when[32];

	sb_rfc3339(db_now(db), when);
	json_object_object_add(o, "now", json_object_new_string(when));
	json_object_object_add(o, "offset_seconds",
			       json_object_new_int64(db_int(db, "SELECT value FROM meta WHERE key = 'clock_offset'", NULL, 0)));
	return o;
}

void clock_get(struct sb_ctx *c)
{
	sb_reply(c, 200, clock_json(c->db));
}

void clock_advance(struct sb_ctx *c)
{
	json_object *body = sb_body(c), *o;
	struct json_error err = { 0 };
	int64_t secs = 0;
	sqlite3_stmt *st;
	int ran;

	if (!body)
		return;
	if (json_get_int64(body, NULL, "advance_seconds", 0, 0, ADVANCE_MAX, &secs, &err)) {
		sb_bad_field(c, &err);
		goto out;
	}
	if (!sb_begin(c))
		goto out;
	st = db_prepare(c->db, "UPDATE meta SET value = value + ?1 WHERE key = 'clock_offset'");
	sqlite3_bind_int64(st, 1, secs);
	sqlite3_step(st);
	sqlite3_finalize(st);
	sb_commit(c);
	if (c->status)
		goto out;
	ran = transfers_run_due(c->db, db_now(c->db));
	o = clock_json(c->db);
	json_object_object_add(o, "transfers_run", json_object_new_int(ran));
	sb_reply(c, 200, o);
out:
	json_object_put(body);
}
