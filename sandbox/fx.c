/* fx.c: currency conversion.  A quote fixes the rate, the fee and what will
 * arrive for 60 seconds of the sandbox clock; a transfer that names it
 * converts at exactly those figures, once.  All arithmetic is integer: rates
 * are kept in millionths, amounts in minor units, and rounding always favours
 * neither side more than one minor unit (down for what is bought, up for the
 * fee). */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "handlers.h"
#include "sandbox.h"

#define QUOTE_TTL 60
#define SPREAD_BP 50   /* 0.50% below the mid rate */
#define FEE_BP 25      /* 0.25% of what is sold, rounded up */
#define SELL_MAX 100000000000LL

/* Units of each currency per US dollar, in millionths (a fixed sandbox table). */
static const struct {
	const char *code;
	int64_t per_usd;
} rates[] = {
	{ "USD", 1000000 },   { "EUR", 921500 },    { "GBP", 787400 },  { "CHF", 884000 },
	{ "HKD", 7812000 },   { "CNY", 7245000 },   { "JPY", 151230000 }, { "CAD", 1372000 },
	{ "AUD", 1523000 },   { "SGD", 1341000 },   { "TWD", 32150000 },
};

static int64_t per_usd(const char *code)
{
	for (size_t i = 0; i < sizeof rates / sizeof rates[0]; i++)
		if (!strcmp(rates[i].code, code))
			return rates[i].per_usd;
	return 0;
}

static int64_t ten_to(int e)
{
	int64_t v = 1;
	while (e-- > 0)
		v *= 10;
	return v;
}

/* minor of `from` in minor of `to`, at mid * (10000 - spread_bp) / 10000, rounded down. */
static int64_t convert(int64_t minor, const char *from, const char *to, int spread_bp)
{
	const struct currency *cf = currency_find(from), *ct = currency_find(to);
	int64_t rf = per_usd(from), rt = per_usd(to);
	__int128 num, den;

	if (!cf || !ct || !rf || !rt || minor < 0)
		return -1;
	num = (__int128)minor * rt * ten_to(ct->exponent) * (10000 - spread_bp);
	den = (__int128)rf * ten_to(cf->exponent) * 10000;
	num /= den;
	return num > INT64_MAX ? -1 : (int64_t)num;
}

int64_t fx_mid(int64_t minor, const char *from, const char *to)
{
	return !strcmp(from, to) ? minor : convert(minor, from, to, 0);
}

/* The customer's rate (to per from, in millionths of major units), for display. */
static int64_t rate_micro(const char *from, const char *to)
{
	return (int64_t)((__int128)per_usd(to) * 1000000 * (10000 - SPREAD_BP) /
			 ((__int128)per_usd(from) * 10000));
}

static json_object *quote_json(sqlite3_stmt *st)
{
	json_object *o = json_object_new_object();
	const char *sc = (const char *)sqlite3_column_text(st, 2), *bc = (const char *)sqlite3_column_text(st, 4);
	int64_t r = sqlite3_column_int64(st, 6);
	char rate[32];

	snprintf(rate, sizeof rate, "%" PRId64 ".%06" PRId64, r / 1000000, r % 1000000);
	json_object_object_add(o, "id", sb_column_string(st, 0));
	json_object_object_add(o, "sell", sb_money(sqlite3_column_int64(st, 1), sc));
	json_object_object_add(o, "buy", sb_money(sqlite3_column_int64(st, 3), bc));
	json_object_object_add(o, "fee", sb_money(sqlite3_column_int64(st, 5), sc));
	/* A decimal string, for people: the amounts are what count. */
	json_object_object_add(o, "rate", json_object_new_string(rate));
	json_object_object_add(o, "created_at", sb_column_time(st, 7));
	json_object_object_add(o, "expires_at", sb_column_time(st, 8));
	return o;
}

struct quote_req {
	struct money sell;
	const char *buy_currency;
};

static void create(struct sb_ctx *c, void *arg)
{
	struct quote_req *q = arg;
	int64_t now = db_now(c->db), fee, buy;
	bool free_fx = db_int(c->db, "SELECT tier = 'platinum' FROM customers WHERE id = ?1", c->customer, 0);
	char id[40];
	sqlite3_stmt *st;

	/* Platinum customers convert without a fee. */
	fee = free_fx ? 0 : (q->sell.minor * FEE_BP + 9999) / 10000;
	buy = convert(q->sell.minor - fee, q->sell.currency, q->buy_currency, SPREAD_BP);
	if (buy <= 0) {
		sb_field_problem(c, "sell.minor", "the amount is too small to convert");
		return;
	}
	db_new_id("fxq", id);
	st = db_prepare(c->db, "INSERT INTO fx_quotes (id, customer_id, sell, sell_currency, buy, "
			       "buy_currency, fee, rate_micro, created_at, expires_at) "
			       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->customer, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, q->sell.minor);
	sqlite3_bind_text(st, 4, q->sell.currency, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, buy);
	sqlite3_bind_text(st, 6, q->buy_currency, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, fee);
	sqlite3_bind_int64(st, 8, rate_micro(q->sell.currency, q->buy_currency));
	sqlite3_bind_int64(st, 9, now);
	sqlite3_bind_int64(st, 10, now + QUOTE_TTL);
	sqlite3_step(st);
	db_done(st);
	st = db_prepare(c->db, "SELECT id, sell, sell_currency, buy, buy_currency, fee, rate_micro, "
			       "created_at, expires_at FROM fx_quotes WHERE id = ?1");
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		sb_reply(c, 201, quote_json(st));
	else
		sb_problem(c, 500, "server_error", "the quote was not saved", NULL);
	db_done(st);
}

void fx_quotes_create(struct sb_ctx *c)
{
	json_object *body = sb_body(c);
	struct json_error err = { 0 };
	struct quote_req q;

	if (!body)
		return;
	if (json_get_money(body, NULL, "sell", 0, &q.sell, &err) ||
	    json_get_string(body, NULL, "buy_currency", 0, 3, &q.buy_currency, &err)) {
		sb_bad_field(c, &err);
		goto out;
	}
	if (q.sell.minor <= 0 || q.sell.minor > SELL_MAX) {
		sb_field_problem(c, "sell.minor", "the amount must be more than zero");
	} else if (!per_usd(q.sell.currency)) {
		sb_field_problem(c, "sell.currency", "the bank does not exchange this currency");
	} else if (!per_usd(q.buy_currency)) {
		sb_field_problem(c, "buy_currency", "the bank does not exchange this currency");
	} else if (!strcmp(q.sell.currency, q.buy_currency)) {
		sb_field_problem(c, "buy_currency", "the two currencies are the same");
	} else {
		idem_run(c, create, &q);
	}
out:
	json_object_put(body);
}

bool fx_quote_take(sqlite3 *db, const char *customer, const char *id, int64_t now,
		   struct fx_quote *q)
{
	sqlite3_stmt *st = db_prepare(db, "UPDATE fx_quotes SET used = 1 WHERE id = ?1 AND "
					  "customer_id = ?2 AND used = 0 AND expires_at > ?3 "
					  "RETURNING sell, sell_currency, buy, buy_currency, fee");
	bool ok = false;

	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, customer, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(q->id, sizeof q->id, "%s", id);
		q->sell.minor = sqlite3_column_int64(st, 0);
		snprintf(q->sell.currency, sizeof q->sell.currency, "%s", sqlite3_column_text(st, 1));
		q->buy.minor = sqlite3_column_int64(st, 2);
		snprintf(q->buy.currency, sizeof q->buy.currency, "%s", sqlite3_column_text(st, 3));
		q->fee = sqlite3_column_int64(st, 4);
		ok = true;
	}
	/* RETURNING rows are all computed at the first step: finish the statement. */
	while (sqlite3_step(st) == SQLITE_ROW)
		;
	db_done(st);
	return ok;
}
