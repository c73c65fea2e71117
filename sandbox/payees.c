/* payees.c: the people and companies a customer pays.  Adding one needs a
 * step-up code (a new payee is how fraud moves money out); removing one is
 * immediate, unless transfers to it are still scheduled.  A removed payee is
 * kept, marked removed, so past transfers still name it. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "iban.h"
#include "handlers.h"
#include "sandbox.h"
#include "vop.h"

#define NAME_MAX_LEN 70

bool payee_owned(sqlite3 *db, const char *customer, const char *payee, char name[128],
		 char currency[4])
{
	sqlite3_stmt *st = db_prepare(db, "SELECT name, currency FROM payees WHERE id = ?1 AND "
					  "customer_id = ?2 AND removed_at IS NULL");
	bool ok = false;

	sqlite3_bind_text(st, 1, payee, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, customer, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(name, 128, "%s", sqlite3_column_text(st, 0));
		snprintf(currency, 4, "%s", sqlite3_column_text(st, 1));
		ok = true;
	}
	db_done(st);
	return ok;
}

#define PAYEE_COLUMNS "id, name, iban, currency, created_at, vop_outcome, vop_warned"

static json_object *payee_json(sqlite3_stmt *st)
{
	json_object *p = json_object_new_object();

	json_object_object_add(p, "id", sb_column_string(st, 0));
	json_object_object_add(p, "name", sb_column_string(st, 1));
	json_object_object_add(p, "iban", sb_column_string(st, 2));
	json_object_object_add(p, "currency", sb_column_string(st, 3));
	json_object_object_add(p, "created_at", sb_column_time(st, 4));
	/* The name check it was saved or first paid with: null when never checked. */
	json_object_object_add(p, "vop_outcome", sb_column_string(st, 5));
	json_object_object_add(p, "vop_warned", json_object_new_boolean(sqlite3_column_int(st, 6)));
	return p;
}

void payees_list(struct sb_ctx *c)
{
	sqlite3_stmt *st = db_prepare(c->db, "SELECT " PAYEE_COLUMNS " FROM payees WHERE "
					     "customer_id = ?1 AND removed_at IS NULL ORDER BY name, id");
	json_object *items = json_object_new_array(), *o = json_object_new_object();

	sqlite3_bind_text(st, 1, c->customer, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW)
		json_object_array_add(items, payee_json(st));
	db_done(st);
	json_object_object_add(o, "items", items);
	sb_reply(c, 200, o);
}

struct new_payee {
	const char *name, *currency, *vop_check;
	char iban[IBAN_MAX + 1];
	int vop_warned;
};

static void create(struct sb_ctx *c, void *arg)
{
	struct new_payee *np = arg;
	char id[40];
	int64_t now = db_now(c->db);
	sqlite3_stmt *st = db_prepare(c->db, "SELECT 1 FROM payees WHERE customer_id = ?1 AND "
					     "iban = ?2 AND currency = ?3 AND removed_at IS NULL");
	bool exists;
	char outcome[16] = "";

	sqlite3_bind_text(st, 1, c->customer, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, np->iban, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, np->currency, -1, SQLITE_STATIC);
	exists = sqlite3_step(st) == SQLITE_ROW;
	db_done(st);
	if (exists) {
		sb_problem(c, 409, "already_exists", "a payee with this IBAN and currency is saved already", NULL);
		return;
	}
	/* The name check it cites, before the code is asked: a refusal costs no code. */
	if (np->vop_check && !vop_cited(c, np->vop_check, np->iban, np->name, outcome))
		return;
	if (!vop_heeded(c, outcome, np->vop_warned))
		return;
	if (!stepup_granted(c, "add a payee"))
		return;
	db_new_id("pay", id);
	st = db_prepare(c->db, "INSERT INTO payees (id, customer_id, name, iban, currency, created_at, "
			       "vop_outcome, vop_check, vop_warned) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->customer, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, np->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, np->iban, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, np->currency, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, now);
	if (*outcome) {
		sqlite3_bind_text(st, 7, outcome, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 8, np->vop_check, -1, SQLITE_STATIC);
	}
	sqlite3_bind_int(st, 9, np->vop_warned && *outcome && strcmp(outcome, "match"));
	sqlite3_step(st);
	db_done(st);
	{
		const char *args[2] = { np->name, NULL };
		notify(c->db, c->customer, now, "new_payee", "New payee", "{1} was added to your payees.", args, NULL, id);
	}
	st = db_prepare(c->db, "SELECT " PAYEE_COLUMNS " FROM payees WHERE id = ?1");
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		sb_reply(c, 201, payee_json(st));
	else
		sb_problem(c, 500, "server_error", "the payee was not saved", NULL);
	db_done(st);
}

/* Printable text without control characters. */
static bool plain_text(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

void payees_create(struct sb_ctx *c)
{
	json_object *body = sb_body(c);
	struct json_error err = { 0 };
	struct new_payee np = { 0 };
	const char *iban = NULL;
	enum iban_err ierr;

	if (!body)
		return;
	if (json_get_string(body, NULL, "name", 0, NAME_MAX_LEN, &np.name, &err) ||
	    json_get_string(body, NULL, "iban", 0, 64, &iban, &err) ||
	    json_get_string(body, NULL, "currency", 0, 3, &np.currency, &err) ||
	    json_get_string(body, NULL, "vop_check", JSON_OPTIONAL, 40, &np.vop_check, &err) ||
	    json_get_bool(body, NULL, "vop_warned", JSON_OPTIONAL, &np.vop_warned, &err)) {
		sb_bad_field(c, &err);
		goto out;
	}
	if (!*np.name || !plain_text(np.name)) {
		sb_field_problem(c, "name", "the name must be 1 to 70 printable characters");
		goto out;
	}
	if ((ierr = iban_normalize(iban, np.iban)) != IBAN_OK) {
		char msg[160];
		snprintf(msg, sizeof msg, "the IBAN is not valid: %s", iban_strerror(ierr));
		sb_field_problem(c, "iban", msg);
		goto out;
	}
	if (!currency_find(np.currency) || strlen(np.currency) != 3) {
		sb_field_problem(c, "currency", "currency must be an ISO 4217 code such as EUR");
		goto out;
	}
	idem_run(c, create, &np);
out:
	json_object_put(body);
}

void payees_delete(struct sb_ctx *c)
{
	char name[128], cur[4];
	sqlite3_stmt *st;

	if (!sb_begin(c))
		return;
	if (!payee_owned(c->db, c->customer, c->params[0], name, cur)) {
		sb_problem(c, 404, "not_found", "no such payee", NULL);
	} else if (db_int(c->db, "SELECT count(*) FROM transfers WHERE payee_id = ?1 AND status = 'scheduled'",
			  c->params[0], 0) > 0) {
		sb_problem(c, 409, "payee_in_use", "cancel the scheduled transfers to this payee first", NULL);
	} else {
		st = db_prepare(c->db, "UPDATE payees SET removed_at = ?2 WHERE id = ?1");
		sqlite3_bind_text(st, 1, c->params[0], -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, db_now(c->db));
		sqlite3_step(st);
		db_done(st);
		sb_reply(c, 200, json_object_new_object());
	}
	sb_commit(c);
}

/* PUT /payees/{id}/name {name, vop_check}: after a close match at its first
 * payment, the payee takes the name the bank holds for its account, as the
 * check offered it (then a match).  No other name: a rename is no way
 * around the check. */
void payees_rename(struct sb_ctx *c)
{
	json_object *body = sb_body(c);
	struct json_error err = { 0 };
	const char *name = NULL, *check = NULL;
	char old[128], cur[4], iban[IBAN_MAX + 1] = "", outcome[16] = "";
	sqlite3_stmt *st;

	if (!body)
		return;
	if (json_get_string(body, NULL, "name", 0, NAME_MAX_LEN, &name, &err) ||
	    json_get_string(body, NULL, "vop_check", 0, 40, &check, &err)) {
		sb_bad_field(c, &err);
		goto out;
	}
	if (!*name || !plain_text(name)) {
		sb_field_problem(c, "name", "the name must be 1 to 70 printable characters");
		goto out;
	}
	if (!sb_begin(c))
		goto out;
	if (!payee_owned(c->db, c->customer, c->params[0], old, cur)) {
		sb_problem(c, 404, "not_found", "no such payee", NULL);
		goto done;
	}
	st = db_prepare(c->db, "SELECT iban FROM payees WHERE id = ?1");
	sqlite3_bind_text(st, 1, c->params[0], -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(iban, sizeof iban, "%s", sqlite3_column_text(st, 0));
	db_done(st);
	if (!vop_cited(c, check, iban, name, outcome))
		goto done;
	if (strcmp(outcome, "match")) {
		sb_field_problem(c, "name", "a payee is renamed only to the name the bank holds for its account");
		goto done;
	}
	st = db_prepare(c->db, "UPDATE payees SET name = ?2, vop_outcome = 'match', vop_check = ?3, vop_warned = 0 "
			       "WHERE id = ?1");
	sqlite3_bind_text(st, 1, c->params[0], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, check, -1, SQLITE_STATIC);
	sqlite3_step(st);
	db_done(st);
	st = db_prepare(c->db, "SELECT " PAYEE_COLUMNS " FROM payees WHERE id = ?1");
	sqlite3_bind_text(st, 1, c->params[0], -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		sb_reply(c, 200, payee_json(st));
	db_done(st);
done:
	sb_commit(c);
out:
	json_object_put(body);
}
