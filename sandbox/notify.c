/* notify.c: what the bank tells a customer: money in and out, large or
 * unusual amounts, new payees, sign-ins, bills due, offers.  Clients
 * long-poll: GET /notifications?after=ID&wait=SECONDS answers at once when
 * there is something newer than ID, or parks the request (without holding a
 * thread) until something arrives or the wait ends. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"
#include "sandbox.h"
#include "lang.h"

#define WAIT_MAX 60
#define PAGE_MAX 100
/* An amount this many times the customer's usual for its category is unusual. */
#define ANOMALY_FACTOR 4
#define ANOMALY_DAYS 90

void notify(sqlite3 *db, const char *customer, int64_t at, const char *kind, const char *title,
	    const char *tpl, const char *const *args, const struct money *amount, const char *ref)
{
	sqlite3_stmt *st = db_prepare(db, "INSERT INTO notifications (customer_id, at, kind, title, "
					  "body, amount, currency, ref, tpl, args) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
	char *body = lang_render(LANG_EN, tpl, args);
	json_object *a = json_object_new_array();

	for (int i = 0; args && args[i]; i++)
		json_object_array_add(a, json_object_new_string(args[i]));
	sqlite3_bind_text(st, 1, customer, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, at);
	sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, title, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, body, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, tpl, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, json_object_to_json_string_ext(a, JSON_C_TO_STRING_PLAIN), -1, SQLITE_TRANSIENT);
	if (amount) {
		sqlite3_bind_int64(st, 6, amount->minor);
		sqlite3_bind_text(st, 7, amount->currency, -1, SQLITE_TRANSIENT);
	}
	if (ref)
		sqlite3_bind_text(st, 8, ref, -1, SQLITE_STATIC);
	sqlite3_step(st);
	db_done(st);
	json_object_put(a);
	free(body);
}

/* The customer's usual spending per payment in a category: the mean over
 * the 90 days (UTC) before the payment's day, and how many payments it rests
 * on.  Today's payments, this one among them, are not part of the usual. */
static void usual(sqlite3 *db, const char *account, const char *category, int64_t at,
		  int64_t *mean, int64_t *n)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT coalesce(sum(s.n), 0), coalesce(sum(s.total), 0) "
					  "FROM spending s JOIN accounts a ON a.id = ?1 "
					  "WHERE s.customer_id = a.customer_id AND s.currency = a.currency "
					  "AND s.category = ?2 AND s.day >= ?3 AND s.day < ?4");
	int64_t today = at / 86400;

	sqlite3_bind_text(st, 1, account, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, category, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, today - ANOMALY_DAYS);
	sqlite3_bind_int64(st, 4, today);
	*n = 0;
	*mean = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		*n = sqlite3_column_int64(st, 0);
		*mean = *n ? sqlite3_column_int64(st, 1) / *n : 0;
	}
	db_done(st);
}

void notify_movement(sqlite3 *db, const char *customer, int64_t at, const char *account,
		     const struct money *amount, const char *what, const char *category, bool transfer)
{
	char money[64];
	struct money abs = *amount;
	struct limit lim;
	int64_t mean, n;
	const char *args[4] = { what, money, NULL, NULL };

	if (abs.minor < 0)
		abs.minor = -abs.minor;
	lang_money_arg(amount, money, sizeof money);
	/* A transfer names where it went ("Transfer to Savings", in the customer's language). */
	notify(db, customer, at, "transaction", amount->minor < 0 ? "Money out" : "Money in",
	       transfer ? "Transfer to {1}: {2}" : "{1}: {2}", args, amount,
	       account);
	if (amount->minor >= 0)
		return;
	limits_read(db, customer, amount->currency, at, &lim);
	if (lim.step_up_above && abs.minor > lim.step_up_above) {
		notify(db, customer, at, "large_transaction", "Large payment", "{1}: {2}", args, amount, account);
		return;
	}
	/* The usual is measured before this payment: it is already booked at `at`. */
	usual(db, account, category, at, &mean, &n);
	if (n >= 3 && mean > 0 && abs.minor > ANOMALY_FACTOR * mean) {
		char usual_money[64], word[64];
		struct money usual_m = { mean, "" };
		const char *uargs[5] = { what, money, usual_money, word, NULL };
		snprintf(word, sizeof word, LANG_WORD "%s", category);
		snprintf(usual_m.currency, sizeof usual_m.currency, "%s", amount->currency);
		lang_money_arg(&usual_m, usual_money, sizeof usual_money);
		notify(db, customer, at, "anomaly", "Unusual payment",
		       "{1}: {2} is far above your usual {3} for {4}. Was it you?", uargs, amount, account);
	}
}

/* One notification in language l: its title from the table, its body from
 * its template and arguments (an older one, kept as text, reads in English). */
static json_object *notification_json(sqlite3_stmt *st, enum sb_lang l)
{
	json_object *o = json_object_new_object(), *args = NULL;
	const char *title = (const char *)sqlite3_column_text(st, 3), *tpl = (const char *)sqlite3_column_text(st, 9);

	json_object_object_add(o, "id", json_object_new_int64(sqlite3_column_int64(st, 0)));
	json_object_object_add(o, "created_at", sb_column_time(st, 1));
	json_object_object_add(o, "kind", sb_column_string(st, 2));
	json_object_object_add(o, "title", json_object_new_string(lang_text(l, title ? title : "")));
	if (tpl && sqlite3_column_text(st, 10) && (args = json_tokener_parse((const char *)sqlite3_column_text(st, 10))) &&
	    json_object_is_type(args, json_type_array) && json_object_array_length(args) < 9) {
		const char *a[10] = { 0 };
		char *body;
		for (size_t i = 0; i < json_object_array_length(args); i++)
			a[i] = json_object_get_string(json_object_array_get_idx(args, i));
		body = lang_render(l, tpl, a);
		json_object_object_add(o, "body", json_object_new_string(body));
		free(body);
	} else {
		json_object_object_add(o, "body", sb_column_string(st, 4));
	}
	json_object_put(args);
	json_object_object_add(o, "amount", sqlite3_column_type(st, 5) == SQLITE_NULL
						    ? NULL
						    : sb_money(sqlite3_column_int64(st, 5),
							       (const char *)sqlite3_column_text(st, 6)));
	json_object_object_add(o, "ref", sb_column_string(st, 7));
	json_object_object_add(o, "read", json_object_new_boolean(sqlite3_column_int(st, 8)));
	return o;
}

void notifications_list(struct sb_ctx *c)
{
	int64_t after = 0, wait = 0, limit = 50, last = 0, n = 0;
	json_object *items = json_object_new_array(), *o = json_object_new_object();
	sqlite3_stmt *st;

	if (!sb_query_int(c, "after", 0, INT64_MAX, &after) ||
	    !sb_query_int(c, "wait", 0, WAIT_MAX, &wait) ||
	    !sb_query_int(c, "limit", 1, PAGE_MAX, &limit)) {
		json_object_put(items);
		json_object_put(o);
		return;
	}
	/* Newest first without `after`; oldest first with it (after=0: from the
	 * first), so a follower keeps order and a client can page through all. */
	st = db_prepare(c->db, sb_query(c, "after") ? "SELECT id, at, kind, title, body, amount, currency, ref, read, tpl, args "
				       "FROM notifications WHERE customer_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3"
				     : "SELECT id, at, kind, title, body, amount, currency, ref, read, tpl, args "
				       "FROM notifications WHERE customer_id = ?1 ORDER BY at DESC, id DESC LIMIT ?3");
	sqlite3_bind_text(st, 1, c->customer, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, after);
	sqlite3_bind_int64(st, 3, limit);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		if (id > last)
			last = id;
		json_object_array_add(items, notification_json(st, lang_pick(sb_header(c, "Accept-Language"))));
		n++;
	}
	db_done(st);
	json_object_object_add(o, "items", items);
	/* Newest first is by time, which ids need not follow (a bill issued for an
	 * earlier day comes later): the next poll starts after the highest id. */
	if (!sb_query(c, "after"))
		last = db_int(c->db, "SELECT coalesce(max(id), 0) FROM notifications WHERE customer_id = ?1", c->customer, 0);
	json_object_object_add(o, "last_id", json_object_new_int64(last > after ? last : after));
	json_object_object_add(o, "unread", json_object_new_int64(db_int(
		c->db, "SELECT count(*) FROM notifications WHERE customer_id = ?1 AND read = 0", c->customer, 0)));
	sb_reply(c, 200, o);
	if (n == 0 && wait > 0) {
		/* Park until something arrives or the wait ends; the reply above is
		 * what is sent if the server stops meanwhile. */
		int64_t now = sb_mono_ms();
		if (!*c->wait_until)
			*c->wait_until = now + wait * 1000;
		if (now < *c->wait_until)
			c->suspend = true;
	}
}

void notifications_read(struct sb_ctx *c)
{
	sqlite3_stmt *st;
	char *end;
	long long id = strtoll(c->params[0], &end, 10);

	if (*end || id <= 0) {
		sb_problem(c, 404, "not_found", "no such notification", NULL);
		return;
	}
	st = db_prepare(c->db, "UPDATE notifications SET read = 1 WHERE id = ?1 AND customer_id = ?2");
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, c->customer, -1, SQLITE_STATIC);
	sqlite3_step(st);
	db_done(st);
	if (sqlite3_changes(c->db) == 0)
		sb_problem(c, 404, "not_found", "no such notification", NULL);
	else
		sb_reply(c, 200, json_object_new_object());
}
