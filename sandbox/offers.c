/* offers.c: personalized offers and spending insights, both drawn from the
 * customer's own postings.  Offers are ranked by what the customer spent in
 * their category over the last 90 days (in US dollars' worth, so currencies
 * compare), by tier, and by when they spend; each says why in plain words.
 * A dismissed offer never comes back and lowers the rank of its category. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "handlers.h"
#include "sandbox.h"
#include "lang.h"

#define DAY 86400
#define WINDOW (90 * DAY)

/* What counts as spending: money out, except moves between own accounts,
 * conversions and paying off the customer's own card. */
#define SPENDING_WHERE                                                                        \
	"a.customer_id = ?1 AND p.amount < 0 AND p.category NOT IN "                          \
	"('transfer', 'exchange', 'income', 'rewards', '') AND p.booked_at >= ?2 AND p.booked_at < ?3"

static const char *const month_names[] = { "January", "February", "March", "April", "May", "June",
					   "July", "August", "September", "October", "November", "December" };

/* Midnight UTC on the first of the month holding t, moved by `delta` months. */
static int64_t month_start(int64_t t, int delta)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	tm.tm_mday = 1;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_mon += delta;
	return (int64_t)timegm(&tm);
}

static int month_of(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	return tm.tm_mon;
}

/* --- offers -------------------------------------------------------------------- */

enum basis { BY_CATEGORY, BY_WEEKENDS, BY_CURRENCIES, BY_TIER };

static const struct offer {
	const char *id, *category, *title, *description;
	enum basis basis;
	const char *min_tier;
} offers[] = {
	{ "off_groceries_5", "groceries", "5% back at grocery stores",
	  "Get 5% back on grocery purchases with your card, up to 25 US dollars a month.", BY_CATEGORY, NULL },
	{ "off_dining_3x", "dining", "Triple points when you eat out",
	  "Earn three times the points on restaurants and cafés this month.", BY_CATEGORY, NULL },
	{ "off_weekend_brunch", "dining", "20% back on weekend brunch",
	  "20% back at cafés and restaurants on Saturdays and Sundays until noon.", BY_WEEKENDS, NULL },
	{ "off_transport_10", "transport", "10% back on rides and transit",
	  "10% back on taxis, ride-hailing and public transport.", BY_CATEGORY, NULL },
	{ "off_streaming", "entertainment", "Streaming at half price",
	  "Three months of a streaming service at half price when paid with your card.", BY_CATEGORY, NULL },
	{ "off_pharmacy_15", "health", "15% off at pharmacies",
	  "15% back at partner pharmacies.", BY_CATEGORY, NULL },
	{ "off_autopay_1", "utilities", "1% back on bills with autopay",
	  "1% back on every bill paid by autopay.", BY_CATEGORY, NULL },
	{ "off_shopping_points", "shopping", "Double points online",
	  "Double points on online shopping this month.", BY_CATEGORY, NULL },
	{ "off_fx_free", "exchange", "Fee-free currency exchange",
	  "No fee on currency exchange for 30 days.", BY_CURRENCIES, NULL },
	{ "off_business_fx", "business", "Better rates for supplier payments",
	  "A quarter point better exchange rate on supplier payments over 5,000 US dollars.", BY_CATEGORY,
	  "platinum" },
	{ "off_lounge", "travel", "Airport lounge access",
	  "Two free airport lounge visits this year.", BY_TIER, "platinum" },
};

static int tier_rank(const char *tier)
{
	return !strcmp(tier, "platinum") ? 2 : !strcmp(tier, "gold") ? 1 : 0;
}

/* The customer's spending in a category over [from, to): the currency with
 * the most, its total there, that total in US cents, and how much of the
 * category's payments fell on weekends (percent). */
struct spent {
	char currency[4];
	int64_t minor, usd, count, weekend;
};

static void spent_in(sqlite3 *db, const char *customer, const char *category, int64_t from,
		     int64_t to, struct spent *out)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT a.currency, sum(-p.amount), count(*), "
					  "sum(strftime('%w', p.booked_at, 'unixepoch') IN ('0', '6')) "
					  "FROM postings p JOIN accounts a ON a.id = p.account_id WHERE " SPENDING_WHERE
					  " AND p.category = ?4 GROUP BY a.currency");

	memset(out, 0, sizeof *out);
	sqlite3_bind_text(st, 1, customer, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, from);
	sqlite3_bind_int64(st, 3, to);
	sqlite3_bind_text(st, 4, category, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *cur = (const char *)sqlite3_column_text(st, 0);
		int64_t minor = sqlite3_column_int64(st, 1), usd = fx_mid(minor, cur, "USD");
		if (usd > out->usd) {
			snprintf(out->currency, sizeof out->currency, "%s", cur);
			out->minor = minor;
		}
		if (usd > 0)
			out->usd += usd;
		out->count += sqlite3_column_int64(st, 2);
		out->weekend += sqlite3_column_int64(st, 3);
	}
	db_done(st);
}

/* An offer ranked for a customer; its reason is a template of lang.c with
 * its arguments, written in the customer's language when it is answered. */
struct ranked {
	const struct offer *offer;
	int64_t score;
	const char *why;        /* "You spent {1} on {2} in {3}" */
	char args[3][128];
	char state[16];
};

static int by_score(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	return x->score < y->score ? 1 : x->score > y->score ? -1 : strcmp(x->offer->id, y->offer->id);
}

/* Scores every offer for the customer; returns how many are shown. */
static size_t rank(sqlite3 *db, const char *customer, struct ranked *out)
{
	int64_t now = db_now(db), last_month = month_start(now, -1), this_month = month_start(now, 0);
	char tier[16];
	size_t n = 0;
	sqlite3_stmt *st;
	int64_t currencies = 0;

	customer_tier(db, customer, tier);
	currencies = db_int(db, "SELECT count(DISTINCT currency) FROM accounts WHERE customer_id = ?1", customer, 0);

	for (size_t i = 0; i < sizeof offers / sizeof offers[0]; i++) {
		const struct offer *o = &offers[i];
		struct ranked *r = &out[n];
		struct spent s, m;
		struct money mm;

		if (o->min_tier && tier_rank(tier) < tier_rank(o->min_tier))
			continue;
		st = db_prepare(db, "SELECT state FROM offer_states WHERE customer_id = ?1 AND offer_id = ?2");
		sqlite3_bind_text(st, 1, customer, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, o->id, -1, SQLITE_STATIC);
		snprintf(r->state, sizeof r->state, "%s",
			 sqlite3_step(st) == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : "available");
		db_done(st);
		if (!strcmp(r->state, "dismissed"))
			continue;
		r->offer = o;
		r->score = 0;
		memset(r->args, 0, sizeof r->args);
		switch (o->basis) {
		case BY_CATEGORY:
			spent_in(db, customer, o->category, now - WINDOW, now, &s);
			if (s.usd <= 0)
				continue;
			r->score = s.usd;
			/* Name the last full month when it had spending there: it reads best. */
			spent_in(db, customer, o->category, last_month, this_month, &m);
			if (m.minor > 0)
				s = m;
			mm.minor = s.minor;
			snprintf(mm.currency, sizeof mm.currency, "%s", s.currency);
			lang_money_arg(&mm, r->args[0], sizeof r->args[0]);
			snprintf(r->args[1], sizeof r->args[1], LANG_WORD "%s", o->category);
			snprintf(r->args[2], sizeof r->args[2], LANG_WORD "%s", month_names[month_of(last_month)]);
			r->why = m.minor > 0 ? "You spent {1} on {2} in {3}" : "You spent {1} on {2} in the last 90 days";
			break;
		case BY_WEEKENDS:
			spent_in(db, customer, o->category, now - WINDOW, now, &s);
			/* Only for those who eat out on weekends more than the 2 days in 7 alone would give. */
			if (s.count < 5 || s.weekend * 100 < s.count * 35)
				continue;
			r->score = s.usd * s.weekend / s.count;
			snprintf(r->args[0], sizeof r->args[0], "%" PRId64, s.weekend);
			snprintf(r->args[1], sizeof r->args[1], "%" PRId64, s.count);
			snprintf(r->args[2], sizeof r->args[2], LANG_WORD "%s", o->category);
			r->why = "{1} of your {2} {3} payments in the last 90 days were on weekends";
			break;
		case BY_CURRENCIES:
			if (currencies < 2)
				continue;
			r->score = 5000 * currencies;
			snprintf(r->args[0], sizeof r->args[0], "%" PRId64, currencies);
			r->why = "You hold accounts in {1} currencies";
			break;
		case BY_TIER:
			r->score = 20000;
			snprintf(r->args[0], sizeof r->args[0], LANG_WORD "%s", tier);
			r->why = "You are a {1} customer";
			break;
		}
		/* Dismissals in a category say "less of this": halve its other offers. */
		for (size_t j = 0; j < sizeof offers / sizeof offers[0]; j++) {
			if (j == i || strcmp(offers[j].category, o->category))
				continue;
			st = db_prepare(db, "SELECT 1 FROM offer_states WHERE customer_id = ?1 AND offer_id = ?2 "
					    "AND state = 'dismissed'");
			sqlite3_bind_text(st, 1, customer, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 2, offers[j].id, -1, SQLITE_STATIC);
			if (sqlite3_step(st) == SQLITE_ROW)
				r->score /= 2;
			db_done(st);
		}
		n++;
	}
	qsort(out, n, sizeof *out, by_score);
	return n;
}

static json_object *offer_json(const struct ranked *r, int64_t now, int position, enum sb_lang l)
{
	json_object *o = json_object_new_object();
	const char *args[4] = { r->args[0], r->args[1], r->args[2], NULL };
	char until[32], *reason = lang_render(l, r->why, args);

	sb_rfc3339(month_start(now, 2) - 1, until);
	json_object_object_add(o, "id", json_object_new_string(r->offer->id));
	json_object_object_add(o, "title", json_object_new_string(lang_text(l, r->offer->title)));
	json_object_object_add(o, "description", json_object_new_string(lang_text(l, r->offer->description)));
	json_object_object_add(o, "category", json_object_new_string(r->offer->category));
	json_object_object_add(o, "reason", json_object_new_string(reason));
	free(reason);
	json_object_object_add(o, "status", json_object_new_string(r->state));
	json_object_object_add(o, "rank", json_object_new_int(position));
	json_object_object_add(o, "expires_at", json_object_new_string(until));
	return o;
}

void offers_list(struct sb_ctx *c)
{
	struct ranked r[sizeof offers / sizeof offers[0]];
	size_t n = rank(c->db, c->customer, r);
	json_object *items = json_object_new_array(), *o = json_object_new_object();
	int64_t now = db_now(c->db);

	for (size_t i = 0; i < n; i++)
		json_object_array_add(items, offer_json(&r[i], now, (int)i + 1, lang_pick(sb_header(c, "Accept-Language"))));
	json_object_object_add(o, "items", items);
	sb_reply(c, 200, o);
}

/* Activation and dismissal: only of an offer the customer is shown now. */
static void set_state(struct sb_ctx *c, void *arg)
{
	const char *state = arg;
	struct ranked r[sizeof offers / sizeof offers[0]];
	size_t n = rank(c->db, c->customer, r);
	sqlite3_stmt *st;

	for (size_t i = 0; i < n; i++) {
		if (strcmp(r[i].offer->id, c->params[0]))
			continue;
		st = db_prepare(c->db, "INSERT INTO offer_states VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO "
				       "UPDATE SET state = excluded.state, at = excluded.at");
		sqlite3_bind_text(st, 1, c->customer, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, c->params[0], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, state, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, db_now(c->db));
		sqlite3_step(st);
		db_done(st);
		snprintf(r[i].state, sizeof r[i].state, "%s", state);
		sb_reply(c, 201, offer_json(&r[i], db_now(c->db), (int)i + 1, lang_pick(sb_header(c, "Accept-Language"))));
		return;
	}
	sb_problem(c, 404, "not_found", "no such offer for this customer", NULL);
}

void offers_activate(struct sb_ctx *c)
{
	idem_run(c, set_state, "activated");
}

void offers_dismiss(struct sb_ctx *c)
{
	idem_run(c, set_state, "dismissed");
}

/* --- insights ------------------------------------------------------------------ */

static json_object *percent_change(int64_t now_v, int64_t before)
{
	if (before <= 0)
		return NULL;
	/* Rounded half away from zero, in whole percent. */
	int64_t d = (now_v - before) * 100;
	return json_object_new_int64(d >= 0 ? (d + before / 2) / before : -((-d + before / 2) / before));
}

void insights_spending(struct sb_ctx *c)
{
	const char *month = sb_query(c, "month");
	int64_t now = db_now(c->db), start, end, prev;
	json_object *o, *groups;
	sqlite3_stmt *st;
	char label[8], prev_label[8];
	time_t tt;
	struct tm tm;

	if (month) {
		char day[16];
		if (strlen(month) != 7 || (snprintf(day, sizeof day, "%s-01", month), !sb_parse_date(day, &start))) {
			sb_field_problem(c, "month", "month must be written YYYY-MM");
			return;
		}
	} else {
		start = month_start(now, 0);
	}
	end = month_start(start, 1);
	prev = month_start(start, -1);
	tt = (time_t)start;
	gmtime_r(&tt, &tm);
	strftime(label, sizeof label, "%Y-%m", &tm);
	tt = (time_t)prev;
	gmtime_r(&tt, &tm);
	strftime(prev_label, sizeof prev_label, "%Y-%m", &tm);

	/* Both months per currency and category in one pass. */
	st = db_prepare(c->db, "SELECT a.currency, p.category, "
			       "sum(CASE WHEN p.booked_at >= ?4 THEN -p.amount ELSE 0 END), "
			       "sum(CASE WHEN p.booked_at < ?4 THEN -p.amount ELSE 0 END) "
			       "FROM postings p JOIN accounts a ON a.id = p.account_id WHERE " SPENDING_WHERE
			       " GROUP BY a.currency, p.category ORDER BY a.currency, 3 DESC, p.category");
	sqlite3_bind_text(st, 1, c->customer, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, prev);
	sqlite3_bind_int64(st, 3, end);
	sqlite3_bind_int64(st, 4, start);
	groups = json_object_new_array();
	{
		json_object *g = NULL, *cats = NULL;
		char cur[4] = "";
		int64_t total = 0, ptotal = 0;
		bool more = sqlite3_step(st) == SQLITE_ROW;

		for (;;) {
			const char *rc = more ? (const char *)sqlite3_column_text(st, 0) : "";
			if (g && (!more || strcmp(rc, cur))) {
				/* Close the group: totals, then each category's share. */
				size_t k = json_object_array_length(cats);
				for (size_t i = 0; i < k; i++) {
					json_object *e = json_object_array_get_idx(cats, i), *amt;
					int64_t a = 0;
					json_object_object_get_ex(e, "amount", &amt);
					json_object_object_get_ex(amt, "minor", &amt);
					a = json_object_get_int64(amt);
					json_object_object_add(e, "share_percent",
							       json_object_new_int64(total ? (a * 100 + total / 2) / total : 0));
				}
				json_object_object_add(g, "total", sb_money(total, cur));
				json_object_object_add(g, "previous_total", sb_money(ptotal, cur));
				json_object_object_add(g, "change_percent", percent_change(total, ptotal));
				json_object_object_add(g, "categories", cats);
				json_object_array_add(groups, g);
				g = NULL;
			}
			if (!more)
				break;
			if (!g) {
				g = json_object_new_object();
				cats = json_object_new_array();
				snprintf(cur, sizeof cur, "%s", rc);
				json_object_object_add(g, "currency", json_object_new_string(cur));
				total = ptotal = 0;
			}
			{
				int64_t a = sqlite3_column_int64(st, 2), p = sqlite3_column_int64(st, 3);
				json_object *e = json_object_new_object();
				total += a;
				ptotal += p;
				json_object_object_add(e, "category", sb_column_string(st, 1));
				json_object_object_add(e, "amount", sb_money(a, cur));
				json_object_object_add(e, "previous", sb_money(p, cur));
				json_object_object_add(e, "change_percent", percent_change(a, p));
				json_object_array_add(cats, e);
			}
			more = sqlite3_step(st) == SQLITE_ROW;
		}
	}
	db_done(st);
	o = json_object_new_object();
	json_object_object_add(o, "month", json_object_new_string(label));
	json_object_object_add(o, "previous_month", json_object_new_string(prev_label));
	json_object_object_add(o, "currencies", groups);
	sb_reply(c, 200, o);
}
