/* limits.c: how much may leave a customer's accounts for payees each day, per
 * currency, and above which amount a single transfer needs a step-up code.
 * Lowering a limit is immediate; raising it needs a step-up code; no limit
 * goes above the bank's ceiling for the customer (max_daily).  Days are UTC
 * days of the sandbox clock. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "handlers.h"
#include "sandbox.h"

#define DAY 86400

/* Defaults in US dollars (minor units), scaled to each currency at the mid rate. */
static const struct {
	const char *tier;
	int64_t daily, step_up_above;
} defaults[] = {
	{ "silver", 500000, 100000 },   /* 5,000 a day; step-up above 1,000 */
	{ "gold", 1000000, 200000 },
	{ "platinum", 5000000, 1000000 },
};

/* Rounds a converted default to a whole hundred of major units. */
static int64_t round_hundred(int64_t minor, const char *currency)
{
	const struct currency *cur = currency_find(currency);
	int64_t unit = 100;

	for (int i = 0; cur && i < cur->exponent; i++)
		unit *= 10;
	return minor < unit ? unit : minor / unit * unit;
}

/* Creates the default limits for every currency the customer holds, once. */
static void ensure_defaults(sqlite3 *db, const char *customer)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT DISTINCT a.currency, c.tier FROM accounts a JOIN "
					  "customers c ON c.id = a.customer_id WHERE a.customer_id = ?1 "
					  "AND a.currency NOT IN (SELECT currency FROM limits WHERE customer_id = ?1)");
	sqlite3_stmt *ins = db_prepare(db, "INSERT OR IGNORE INTO limits VALUES (?1, ?2, ?3, ?4, ?5)");

	sqlite3_bind_text(st, 1, customer, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *cur = (const char *)sqlite3_column_text(st, 0),
			   *tier = (const char *)sqlite3_column_text(st, 1);
		size_t t = 0;
		int64_t daily, above;

		for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; i++)
			if (!strcmp(defaults[i].tier, tier))
				t = i;
		daily = round_hundred(fx_mid(defaults[t].daily, "USD", cur), cur);
		above = round_hundred(fx_mid(defaults[t].step_up_above, "USD", cur), cur);
		sqlite3_reset(ins);
		sqlite3_bind_text(ins, 1, customer, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 2, cur, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(ins, 3, daily);
		sqlite3_bind_int64(ins, 4, above);
		sqlite3_bind_int64(ins, 5, daily * 5);
		sqlite3_step(ins);
	}
	db_done(st);
	db_done(ins);
}

void limits_read(sqlite3 *db, const char *customer, const char *currency, int64_t at,
		 struct limit *out)
{
	sqlite3_stmt *st;

	ensure_defaults(db, customer);
	memset(out, 0, sizeof *out);
	st = db_prepare(db, "SELECT l.daily, l.step_up_above, l.max_daily, coalesce(u.used, 0) "
			    "FROM limits l LEFT JOIN limit_usage u ON u.customer_id = l.customer_id "
			    "AND u.currency = l.currency AND u.day = ?3 "
			    "WHERE l.customer_id = ?1 AND l.currency = ?2");
	sqlite3_bind_text(st, 1, customer, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, currency, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, at - at % DAY);
	if (sqlite3_step(st) == SQLITE_ROW) {
		out->daily = sqlite3_column_int64(st, 0);
		out->step_up_above = sqlite3_column_int64(st, 1);
		out->max_daily = sqlite3_column_int64(st, 2);
		out->used_today = sqlite3_column_int64(st, 3);
	}
	db_done(st);
}

void limits_use(sqlite3 *db, const char *customer, const char *currency, int64_t at,
		int64_t amount)
{
	sqlite3_stmt *st = db_prepare(db, "INSERT INTO limit_usage VALUES (?1, ?2, ?3, ?4) "
					  "ON CONFLICT DO UPDATE SET used = used + excluded.used");

	sqlite3_bind_text(st, 1, customer, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, currency, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, at - at % DAY);
	sqlite3_bind_int64(st, 4, amount);
	sqlite3_step(st);
	db_done(st);
}

static void reply_limits(struct sb_ctx *c, unsigned status)
{
	json_object *items = json_object_new_array(), *o = json_object_new_object();
	int64_t now = db_now(c->db);
	sqlite3_stmt *st;

	ensure_defaults(c->db, c->customer);
	st = db_prepare(c->db, "SELECT currency FROM limits WHERE customer_id = ?1 ORDER BY currency");
	sqlite3_bind_text(st, 1, c->customer, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *cur = (const char *)sqlite3_column_text(st, 0);
		json_object *l = json_object_new_object();
		struct limit lim;
		int64_t left;

		limits_read(c->db, c->customer, cur, now, &lim);
		left = lim.daily - lim.used_today;
		json_object_object_add(l, "currency", json_object_new_string(cur));
		json_object_object_add(l, "daily", sb_money(lim.daily, cur));
		json_object_object_add(l, "used_today", sb_money(lim.used_today, cur));
		json_object_object_add(l, "remaining_today", sb_money(left > 0 ? left : 0, cur));
		json_object_object_add(l, "max_daily", sb_money(lim.max_daily, cur));
		json_object_object_add(l, "step_up_above", sb_money(lim.step_up_above, cur));
		json_object_array_add(items, l);
	}
	db_done(st);
	json_object_object_add(o, "items", items);
	sb_reply(c, status, o);
}

void limits_get(struct sb_ctx *c)
{
	if (!sb_begin(c))
		return;
	reply_limits(c, 200);
	sb_commit(c);
}

void limits_put(struct sb_ctx *c)
{
	json_object *body = sb_body(c);
	struct json_error err = { 0 };
	struct money daily;
	struct limit lim;
	sqlite3_stmt *st;

	if (!body)
		return;
	if (json_get_money(body, NULL, "daily", 0, &daily, &err)) {
		sb_bad_field(c, &err);
		goto out;
	}
	if (daily.minor < 0) {
		sb_field_problem(c, "daily.minor", "a limit cannot be negative");
		goto out;
	}
	if (!sb_begin(c))
		goto out;
	limits_read(c->db, c->customer, daily.currency, db_now(c->db), &lim);
	if (!lim.max_daily) {
		sb_problem(c, 404, "not_found", "there is no account in that currency", NULL);
	} else if (daily.minor > lim.max_daily) {
		sb_problem(c, 422, "limit_exceeded", "this is above the highest daily limit the bank allows",
			   NULL);
	} else if (daily.minor <= lim.daily || stepup_granted(c, "raise a daily limit")) {
		st = db_prepare(c->db, "UPDATE limits SET daily = ?3 WHERE customer_id = ?1 AND currency = ?2");
		sqlite3_bind_text(st, 1, c->customer, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, daily.currency, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, daily.minor);
		sqlite3_step(st);
		db_done(st);
		reply_limits(c, 200);
	}
	sb_commit(c);
out:
	json_object_put(body);
}
