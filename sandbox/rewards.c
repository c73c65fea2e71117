/* rewards.c: loyalty points.  Card and bill payments earn points per US
 * dollar's worth spent, times the category's multiplier, times the tier's.
 * Points expire a year after they were earned; redemptions use the oldest
 * points first, so what is about to expire is known exactly. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"
#include "sandbox.h"
#include "lang.h"
#include "xalloc.h"

#define DAY 86400
#define POINTS_LIFE (365 * DAY)
#define EXPIRING_WINDOW (30 * DAY)
#define PAGE_DEFAULT 50
#define PAGE_MAX 200

static const struct {
	const char *category;
	int multiplier;
} categories[] = {
	{ "dining", 3 }, { "groceries", 2 }, { "transport", 2 }, { "entertainment", 2 },
	{ "utilities", 1 }, { "shopping", 1 }, { "health", 1 }, { "insurance", 1 },
};

/* Tier multipliers in percent. */
static const struct {
	const char *tier;
	int percent;
	int64_t next_at; /* points earned over 12 months that reach the next tier */
} tiers[] = {
	{ "silver", 100, 25000 },
	{ "gold", 125, 100000 },
	{ "platinum", 150, 0 },
};

static int category_multiplier(const char *category)
{
	for (size_t i = 0; i < sizeof categories / sizeof categories[0]; i++)
		if (!strcmp(categories[i].category, category))
			return categories[i].multiplier;
	return 1;
}

static size_t tier_index(const char *tier)
{
	for (size_t i = 0; i < sizeof tiers / sizeof tiers[0]; i++)
		if (!strcmp(tiers[i].tier, tier))
			return i;
	return 0;
}

void customer_tier(sqlite3 *db, const char *customer, char out[16])
{
	sqlite3_stmt *st = db_prepare(db, "SELECT tier FROM customers WHERE id = ?1");

	sqlite3_bind_text(st, 1, customer, -1, SQLITE_STATIC);
	snprintf(out, 16, "%s", sqlite3_step(st) == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : "silver");
	db_done(st);
}

void rewards_earn(sqlite3 *db, const char *customer, int64_t at, const struct money *spent,
		  const char *category, const char *description)
{
	int64_t usd = fx_mid(spent->minor, spent->currency, "USD"), pts;
	char tier[16];
	sqlite3_stmt *st;

	customer_tier(db, customer, tier);
	/* One point per whole dollar, then the multipliers. */
	pts = usd / 100 * category_multiplier(category) * tiers[tier_index(tier)].percent / 100;
	if (usd <= 0 || pts <= 0)
		return;
	st = db_prepare(db, "INSERT INTO points (customer_id, at, points, kind, description, category, "
			    "expires_at) VALUES (?1, ?2, ?3, 'earn', ?4, ?5, ?6)");
	sqlite3_bind_text(st, 1, customer, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, at);
	sqlite3_bind_int64(st, 3, pts);
	sqlite3_bind_text(st, 4, description, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, category, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, at + POINTS_LIFE);
	sqlite3_step(st);
	db_done(st);
}

/* Points still unspent out of those earned with expiry in (from, to]: the
 * spent points (redeemed or expired) are taken from the oldest earnings. */
static int64_t unspent_expiring(sqlite3 *db, const char *customer, int64_t from, int64_t to)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT points, expires_at FROM points WHERE customer_id = ?1 "
					  "AND kind = 'earn' ORDER BY at, id");
	int64_t spent = -db_int(db, "SELECT coalesce(sum(points), 0) FROM points WHERE customer_id = ?1 "
				    "AND kind != 'earn'", customer, 0);
	int64_t left = 0;

	sqlite3_bind_text(st, 1, customer, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t p = sqlite3_column_int64(st, 0), exp = sqlite3_column_int64(st, 1);
		int64_t used = spent < p ? spent : p;
		spent -= used;
		if (exp > from && exp <= to)
			left += p - used;
	}
	db_done(st);
	return left;
}

void rewards_expire(sqlite3 *db, int64_t now)
{
	sqlite3_stmt *st;
	char (*ids)[40] = NULL;
	size_t n = 0;

	if (!(db = db_begin()))
		return;
	st = db_prepare(db, "SELECT DISTINCT customer_id FROM points WHERE kind = 'earn' AND expires_at <= ?1");
	sqlite3_bind_int64(st, 1, now);
	while (sqlite3_step(st) == SQLITE_ROW) {
		ids = xrealloc(ids, (n + 1) * sizeof *ids);
		snprintf(ids[n++], 40, "%s", sqlite3_column_text(st, 0));
	}
	db_done(st);
	for (size_t i = 0; i < n; i++) {
		int64_t gone = unspent_expiring(db, ids[i], INT64_MIN, now);
		if (gone <= 0)
			continue;
		st = db_prepare(db, "INSERT INTO points (customer_id, at, points, kind, description) "
				    "VALUES (?1, ?2, ?3, 'expire', 'Points expired')");
		sqlite3_bind_text(st, 1, ids[i], -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, now);
		sqlite3_bind_int64(st, 3, -gone);
		sqlite3_step(st);
		db_done(st);
	}
	free(ids);
	if (db_commit(db))
		db_rollback(db);
}

static int64_t balance(sqlite3 *db, const char *customer)
{
	return db_int(db, "SELECT coalesce(sum(points), 0) FROM points WHERE customer_id = ?1", customer, 0);
}

void rewards_get(struct sb_ctx *c)
{
	json_object *o = json_object_new_object();
	int64_t now = db_now(c->db);
	char tier[16], by[32];
	sqlite3_stmt *st;
	size_t t;
	int64_t year;

	customer_tier(c->db, c->customer, tier);
	t = tier_index(tier);
	st = db_prepare(c->db, "SELECT coalesce(sum(points), 0) FROM points WHERE customer_id = ?1 AND "
			       "kind = 'earn' AND at > ?2");
	sqlite3_bind_text(st, 1, c->customer, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now - 365 * DAY);
	year = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	db_done(st);
	sb_rfc3339(now + EXPIRING_WINDOW, by);
	json_object_object_add(o, "balance", json_object_new_int64(balance(c->db, c->customer)));
	json_object_object_add(o, "tier", json_object_new_string(tier));
	json_object_object_add(o, "tier_multiplier_percent", json_object_new_int(tiers[t].percent));
	json_object_object_add(o, "earned_last_12_months", json_object_new_int64(year));
	json_object_object_add(o, "next_tier", t + 1 < sizeof tiers / sizeof tiers[0]
						       ? json_object_new_string(tiers[t + 1].tier)
						       : NULL);
	json_object_object_add(o, "points_to_next_tier",
			       tiers[t].next_at ? json_object_new_int64(year < tiers[t].next_at ? tiers[t].next_at - year : 0)
						: NULL);
	json_object_object_add(o, "expiring_points",
			       json_object_new_int64(unspent_expiring(c->db, c->customer, now, now + EXPIRING_WINDOW)));
	json_object_object_add(o, "expiring_by", json_object_new_string(by));
	sb_reply(c, 200, o);
}

void rewards_ledger(struct sb_ctx *c)
{
	int64_t limit = PAGE_DEFAULT, before = INT64_MAX, last = 0, n = 0;
	const char *cursor = sb_query(c, "cursor");
	json_object *items, *o;
	enum sb_lang lang;
	sqlite3_stmt *st;
	char *end;

	if (!sb_query_int(c, "limit", 1, PAGE_MAX, &limit))
		return;
	if (cursor) {
		before = strtoll(cursor, &end, 10);
		if (!*cursor || *end || before <= 0) {
			sb_field_problem(c, "cursor", "'cursor' is not one this server gave out");
			return;
		}
	}
	lang = lang_pick(sb_header(c, "Accept-Language"));
	items = json_object_new_array();
	o = json_object_new_object();
	st = db_prepare(c->db, "SELECT id, at, points, kind, description, category, expires_at FROM points "
			       "WHERE customer_id = ?1 AND id < ?2 ORDER BY id DESC LIMIT ?3");
	sqlite3_bind_text(st, 1, c->customer, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, before);
	sqlite3_bind_int64(st, 3, limit);
	while (sqlite3_step(st) == SQLITE_ROW) {
		json_object *e = json_object_new_object();
		last = sqlite3_column_int64(st, 0);
		json_object_object_add(e, "id", json_object_new_int64(last));
		json_object_object_add(e, "at", sb_column_time(st, 1));
		json_object_object_add(e, "points", json_object_new_int64(sqlite3_column_int64(st, 2)));
		json_object_object_add(e, "kind", sb_column_string(st, 3));
		{
			/* The bank's own words and the catalogue's names in the customer's language; a shop's name as it is. */
			const char *kind = (const char *)sqlite3_column_text(st, 3), *d = (const char *)sqlite3_column_text(st, 4);
			d = kind && !strcmp(kind, "redeem") ? lang_text(lang, d) : lang_history(lang, d);
			json_object_object_add(e, "description", d ? json_object_new_string(d) : json_object_new_string(""));
		}
		json_object_object_add(e, "category", sb_column_string(st, 5));
		json_object_object_add(e, "expires_at", sb_column_time(st, 6));
		json_object_array_add(items, e);
		n++;
	}
	db_done(st);
	json_object_object_add(o, "items", items);
	if (n == limit) {
		char next[24];
		snprintf(next, sizeof next, "%" PRId64, last);
		json_object_object_add(o, "next_cursor", json_object_new_string(next));
	} else {
		json_object_object_add(o, "next_cursor", NULL);
	}
	sb_reply(c, 200, o);
}

/* The catalogue.  A statement credit pays `usd` (in cents, converted to the
 * chosen account's currency) into an account; other items are delivered
 * outside the bank and only cost points. */
static const struct item {
	const char *id, *name, *kind;
	int64_t points, usd;
} catalog[] = {
	{ "cat_credit_10", "Statement credit worth 10 US dollars", "statement_credit", 1000, 1000 },
	{ "cat_credit_50", "Statement credit worth 50 US dollars", "statement_credit", 4800, 5000 },
	{ "cat_coffee_25", "Blue Bottle Coffee gift card, 25 US dollars", "gift_card", 2600, 0 },
	{ "cat_books_20", "Bookshop gift card, 20 euros", "gift_card", 2300, 0 },
	{ "cat_miles_1000", "1,000 airline miles", "miles", 1250, 0 },
	{ "cat_donate_10", "Donation of 10 US dollars to the Red Cross", "donation", 1000, 0 },
};

void rewards_catalog(struct sb_ctx *c)
{
	json_object *items = json_object_new_array(), *o = json_object_new_object();

	for (size_t i = 0; i < sizeof catalog / sizeof catalog[0]; i++) {
		json_object *e = json_object_new_object();
		json_object_object_add(e, "id", json_object_new_string(catalog[i].id));
		json_object_object_add(e, "name", json_object_new_string(lang_text(lang_pick(sb_header(c, "Accept-Language")),
										   catalog[i].name)));
		json_object_object_add(e, "kind", json_object_new_string(catalog[i].kind));
		json_object_object_add(e, "points", json_object_new_int64(catalog[i].points));
		json_object_object_add(e, "needs_account",
				       json_object_new_boolean(!strcmp(catalog[i].kind, "statement_credit")));
		json_object_array_add(items, e);
	}
	json_object_object_add(o, "items", items);
	sb_reply(c, 200, o);
}

struct redemption {
	const struct item *item;
	const char *account;
};

static void redeem(struct sb_ctx *c, void *arg)
{
	struct redemption *r = arg;
	int64_t now = db_now(c->db), have = balance(c->db, c->customer);
	char id[40], mid[40] = "", cur[4], house[40];
	json_object *o;
	sqlite3_stmt *st;
	struct money credit = { 0, "" };

	if (r->account && !account_owned(c->db, c->customer, r->account, cur)) {
		sb_problem(c, 404, "not_found", "no such account to credit", NULL);
		return;
	}
	if (have < r->item->points) {
		sb_problem(c, 422, "insufficient_points", "there are not enough points for this item", NULL);
		return;
	}
	if (r->account) {
		struct posting p[2];
		credit.minor = fx_mid(r->item->usd, "USD", cur);
		snprintf(credit.currency, sizeof credit.currency, "%s", cur);
		if (credit.minor <= 0) {
			sb_problem(c, 422, "currency_mismatch", "the bank cannot credit that account's currency", NULL);
			return;
		}
		ledger_house_account(c->db, "rwd", cur, now, house);
		db_new_id("mov", mid);
		p[0] = (struct posting){ house, -credit.minor, r->item->name, c->customer, "rewards", NULL, NULL, 0, NULL };
		p[1] = (struct posting){ r->account, credit.minor, r->item->name, "Rewards", "rewards", NULL, NULL, 0, NULL };
		if (ledger_post(c->db, mid, "reward", now, cur, p, 2)) {
			sb_problem(c, 500, "server_error", "the ledger refused the credit", NULL);
			return;
		}
	}
	db_new_id("rdm", id);
	st = db_prepare(c->db, "INSERT INTO points (customer_id, at, points, kind, description) VALUES "
			       "(?1, ?2, ?3, 'redeem', ?4)");
	sqlite3_bind_text(st, 1, c->customer, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, -r->item->points);
	sqlite3_bind_text(st, 4, r->item->name, -1, SQLITE_STATIC);
	sqlite3_step(st);
	db_done(st);
	st = db_prepare(c->db, "INSERT INTO redemptions VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->customer, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, r->item->id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, r->item->points);
	sqlite3_bind_int64(st, 5, now);
	if (*mid)
		sqlite3_bind_text(st, 6, mid, -1, SQLITE_STATIC);
	sqlite3_step(st);
	db_done(st);
	o = json_object_new_object();
	json_object_object_add(o, "id", json_object_new_string(id));
	json_object_object_add(o, "item_id", json_object_new_string(r->item->id));
	json_object_object_add(o, "name", json_object_new_string(r->item->name));
	json_object_object_add(o, "points", json_object_new_int64(r->item->points));
	json_object_object_add(o, "balance_after", json_object_new_int64(have - r->item->points));
	json_object_object_add(o, "credit", *mid ? json_new_money(&credit) : NULL);
	json_object_object_add(o, "movement_id", *mid ? json_object_new_string(mid) : NULL);
	sb_reply(c, 201, o);
}

void rewards_redeem(struct sb_ctx *c)
{
	json_object *body = sb_body(c);
	struct json_error err = { 0 };
	const char *item = NULL;
	struct redemption r = { 0 };

	if (!body)
		return;
	if (json_get_string(body, NULL, "item_id", 0, 40, &item, &err) ||
	    json_get_string(body, NULL, "account_id", JSON_OPTIONAL, 40, &r.account, &err)) {
		sb_bad_field(c, &err);
		goto out;
	}
	for (size_t i = 0; i < sizeof catalog / sizeof catalog[0]; i++)
		if (!strcmp(catalog[i].id, item))
			r.item = &catalog[i];
	if (!r.item)
		sb_problem(c, 404, "not_found", "no such item in the catalogue", NULL);
	else if (!strcmp(r.item->kind, "statement_credit") != !!r.account)
		sb_field_problem(c, "account_id", r.account ? "only a statement credit goes to an account"
							     : "a statement credit needs the account_id to credit");
	else
		idem_run(c, redeem, &r);
out:
	json_object_put(body);
}
