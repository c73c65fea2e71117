/* accounts.c: a customer's accounts and their transactions.  Another
 * customer's account answers 404, exactly like one that does not exist. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "handlers.h"
#include "sandbox.h"
#include "lang.h"
#include "xalloc.h"

#define PAGE_DEFAULT 50
/* The most rows a page may hold: said in every page (max_limit), so a client
 * walking a long history asks for as many as it may. */
#define PAGE_MAX 1000

bool account_owned(sqlite3 *db, const char *customer, const char *account, char currency[4])
{
	sqlite3_stmt *st = db_prepare(db, "SELECT currency FROM accounts WHERE id = ?1 AND "
					  "customer_id = ?2");
	bool ok = false;

	sqlite3_bind_text(st, 1, account, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, customer, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		if (currency)
			snprintf(currency, 4, "%s", sqlite3_column_text(st, 0));
		ok = true;
	}
	db_done(st);
	return ok;
}


#define ACCOUNT_COLUMNS "id, kind, name, currency, iban, balance, floor, opened_at"

static json_object *account_json(sqlite3_stmt *st)
{
	json_object *o = json_object_new_object();
	const char *cur = (const char *)sqlite3_column_text(st, 3);
	int64_t balance = sqlite3_column_int64(st, 5), floor = sqlite3_column_int64(st, 6);
	char when[32];

	json_object_object_add(o, "id", json_object_new_string((const char *)sqlite3_column_text(st, 0)));
	json_object_object_add(o, "kind", json_object_new_string((const char *)sqlite3_column_text(st, 1)));
	json_object_object_add(o, "name", json_object_new_string((const char *)sqlite3_column_text(st, 2)));
	json_object_object_add(o, "currency", json_object_new_string(cur));
	json_object_object_add(o, "iban", sqlite3_column_type(st, 4) == SQLITE_NULL
						  ? NULL
						  : json_object_new_string((const char *)sqlite3_column_text(st, 4)));
	json_object_object_add(o, "booked_balance", sb_money(balance, cur));
	/* What can be spent: down to the floor (an overdraft or a credit line). */
	json_object_object_add(o, "available_balance", sb_money(balance - floor, cur));
	json_object_object_add(o, "credit_limit", sb_money(floor < 0 ? -floor : 0, cur));
	sb_rfc3339(sqlite3_column_int64(st, 7), when);
	json_object_object_add(o, "opened_at", json_object_new_string(when));
	return o;
}

void accounts_list(struct sb_ctx *c)
{
	sqlite3_stmt *st = db_prepare(c->db, "SELECT " ACCOUNT_COLUMNS " FROM accounts WHERE "
					     "customer_id = ?1 ORDER BY opened_at, rowid");
	json_object *items = json_object_new_array(), *o = json_object_new_object();

	sqlite3_bind_text(st, 1, c->customer, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW)
		json_object_array_add(items, account_json(st));
	db_done(st);
	json_object_object_add(o, "items", items);
	sb_reply(c, 200, o);
}

void accounts_get(struct sb_ctx *c)
{
	sqlite3_stmt *st = db_prepare(c->db, "SELECT " ACCOUNT_COLUMNS " FROM accounts WHERE id = ?1 "
					     "AND customer_id = ?2");

	sqlite3_bind_text(st, 1, c->params[0], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->customer, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		sb_reply(c, 200, account_json(st));
	else
		sb_problem(c, 404, "not_found", "no such account", NULL);
	db_done(st);
}

/* Reads an optional integer query parameter; false (and a 400) when malformed. */
/* The cursor is the (booked_at, id) of the last row sent, in hex: opaque to clients. */
static bool parse_cursor(const char *s, int64_t *at, int64_t *id)
{
	unsigned long long a, b;
	int n = 0;

	if (!s || strlen(s) > 40 || sscanf(s, "%llx.%llx%n", &a, &b, &n) != 2 || s[n] ||
	    a > INT64_MAX || b > INT64_MAX)
		return false;
	*at = (int64_t)a;
	*id = (int64_t)b;
	return true;
}

/* A posting's columns, of postings AS p (a search through the index joins another table). */
#define TXN_COLUMNS                                                                              \
	"p.id, p.booked_at, p.amount, p.description, p.counterparty, p.category, p.movement_id, p.link, " \
	"p.counter_account, p.counter_minor, p.counter_currency"
/* The query's own filters, parameters 4 to 9.  The history index holds
 * the dates and texts; amount and category are read from the posting only
 * when they are filtered on (a million postings counted in 0.1 s, not 0.5). */
#define TXN_FILTER_WITH(text)                                                                    \
	"booked_at BETWEEN ?4 AND ?5 "                                                              \
	"AND ((?6 = 0 AND ?7 = 9223372036854775807) OR abs(amount) BETWEEN ?6 AND ?7) "            \
	"AND " text " "                                                                             \
	"AND (?9 IS NULL OR category = ?9)"
/* The search's text read in each posting on the way (a frequent word: its
 * matches come soon, newest first), or looked up in the search index (its
 * matches are few: the cost is theirs, not the history's). */
#define TXN_FILTER TXN_FILTER_WITH("(?8 IS NULL OR contains(description, ?8) OR contains(counterparty, ?8))")
/* Through the index the matches come first (CROSS JOIN keeps that order),
 * and each is looked up by its id: the history's own index is not walked. */
#define TXN_INDEXED(what)                                                                       \
	"SELECT " what " FROM posting_search AS s CROSS JOIN postings AS p ON p.id = s.rowid "    \
	"WHERE s.posting_search MATCH ?8 AND p.account_id = ?1 AND "                              \
	TXN_FILTER_WITH("1")
/* ... or read from the account's history. */
#define TXN_SCANNED(what) "SELECT " what " FROM postings AS p WHERE p.account_id = ?1 AND " TXN_FILTER
/* A page after the cursor's row (?2, ?3), in either order. */
#define TXN_OLDEST " AND (booked_at > ?2 OR (booked_at = ?2 AND p.id > ?3)) ORDER BY booked_at, p.id LIMIT ?10"
#define TXN_NEWEST " AND (booked_at < ?2 OR (booked_at = ?2 AND p.id < ?3)) ORDER BY booked_at DESC, p.id DESC LIMIT ?10"

/* A history query's account and filters; phrase, when the page's search
 * goes through the index, count_phrase when the count's does. */
struct txn_filter {
	const char *account, *q, *category;
	int64_t from, to, min, max;
	const char *phrase, *count_phrase;
};

/* Past this many postings matching anywhere, a search walks the history
 * instead: its first page is found within its newest rows. */
#define INDEX_MAX_MATCHES 2000

/* How q can go through the index, with its phrase (q quoted for FTS5) in
 * phrase: a trigram index matches texts of three characters or more.
 * INDEX_FEW: its matches are few, and a page is made of them; INDEX_MANY: a
 * page is found sooner reading the history, but a count is still cheaper
 * through the index (125,000 of a million postings: 0.1 s against 0.66). */
enum index_use { INDEX_NONE, INDEX_FEW, INDEX_MANY };

static enum index_use use_index(sqlite3 *db, const char *q, char *phrase, size_t len)
{
	size_t chars = 0, o = 0;
	sqlite3_stmt *st;
	int64_t n = INDEX_MAX_MATCHES + 1;

	for (const unsigned char *p = (const unsigned char *)q; *p; p++)
		chars += (*p & 0xc0) != 0x80;
	if (chars < 3 || 2 * strlen(q) + 3 > len)
		return INDEX_NONE;
	phrase[o++] = '"';
	for (const char *p = q; *p; p++) {
		if (*p == '"')
			phrase[o++] = '"';
		phrase[o++] = *p;
	}
	phrase[o++] = '"';
	phrase[o] = '\0';
	st = db_prepare(db, "SELECT count(*) FROM (SELECT 1 FROM posting_search WHERE posting_search MATCH ?1 LIMIT ?2)");
	sqlite3_bind_text(st, 1, phrase, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, INDEX_MAX_MATCHES + 1);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	db_done(st);
	return n <= INDEX_MAX_MATCHES ? INDEX_FEW : INDEX_MANY;
}

/* Binds ?1 and the filters' ?4 to ?9; ?8 is phrase when the statement reads the index. */
static void bind_filter(sqlite3_stmt *st, const struct txn_filter *f, const char *phrase)
{
	sqlite3_bind_text(st, 1, f->account, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, f->from);
	sqlite3_bind_int64(st, 5, f->to);
	sqlite3_bind_int64(st, 6, f->min);
	sqlite3_bind_int64(st, 7, f->max);
	if (f->q)
		sqlite3_bind_text(st, 8, phrase ? phrase : f->q, -1, SQLITE_STATIC);
	if (f->category)
		sqlite3_bind_text(st, 9, f->category, -1, SQLITE_STATIC);
}

/* How many postings pass the filters, for total=true. */
static int64_t count_matching(sqlite3 *db, const struct txn_filter *f)
{
	sqlite3_stmt *st = db_prepare(db, f->count_phrase ? TXN_INDEXED("count(*)") : TXN_SCANNED("count(*)"));
	int64_t n = 0;

	bind_filter(st, f, f->count_phrase);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	db_done(st);
	return n;
}

void accounts_transactions(struct sb_ctx *c)
{
	enum sb_lang lang = lang_pick(sb_header(c, "Accept-Language"));
	const char *q = sb_query(c, "q"), *category = sb_query(c, "category"),
		   *cursor = sb_query(c, "cursor"), *inm = sb_header(c, "If-None-Match"),
		   *order = sb_query(c, "order"), *total = sb_query(c, "total");
	bool oldest = order && !strcmp(order, "oldest"), counted = total && !strcmp(total, "true");
	int64_t from = INT64_MIN, to = INT64_MAX, min = 0, max = INT64_MAX, limit = PAGE_DEFAULT;
	int64_t cur_at = INT64_MAX, cur_id = INT64_MAX, last_at = 0, last_id = 0, version;
	char currency[4], when[32], etag[80];
	sqlite3_stmt *st;
	sqlite3_str *doc;
	int n = 0;
	bool more = false;

	if (!account_owned(c->db, c->customer, c->params[0], currency)) {
		sb_problem(c, 404, "not_found", "no such account", NULL);
		return;
	}
	if (!sb_query_date(c, "from", &from) || !sb_query_date(c, "to", &to) ||
	    !sb_query_int(c, "min_amount", 0, INT64_MAX, &min) ||
	    !sb_query_int(c, "max_amount", 0, INT64_MAX, &max) ||
	    !sb_query_int(c, "limit", 1, PAGE_MAX, &limit))
		return;
	if (to != INT64_MAX)
		to += 86400 - 1; /* "to" is inclusive: the whole day */
	if (order && !oldest && strcmp(order, "newest")) {
		sb_field_problem(c, "order", "order is newest or oldest");
		return;
	}
	if (total && !counted && strcmp(total, "false")) {
		sb_field_problem(c, "total", "total is true or false");
		return;
	}
	if (oldest)
		cur_at = cur_id = INT64_MIN;
	if (cursor && !parse_cursor(cursor, &cur_at, &cur_id)) {
		sb_problem(c, 400, "invalid_request", "'cursor' is not one this server gave out", NULL);
		return;
	}
	if ((q && strlen(q) > 100) || (category && strlen(category) > 40)) {
		sb_problem(c, 400, "invalid_request", "search text is limited to 100 characters", NULL);
		return;
	}

	/* The ETag changes whenever the account gets a posting, and with the query. */
	version = db_int(c->db, "SELECT postings FROM accounts WHERE id = ?1", c->params[0], 0);
	{
		char hash[65];
		char *key = sqlite3_mprintf("%s|%lld|%s|%s|%lld|%lld|%lld|%lld|%lld|%s|%d|%d", c->params[0],
					    (long long)version, q ? q : "", category ? category : "",
					    (long long)from, (long long)to, (long long)min,
					    (long long)max, (long long)limit, cursor ? cursor : "",
					    oldest, counted);
		sb_sha256_hex(key, strlen(key), hash);
		sqlite3_free(key);
		snprintf(etag, sizeof etag, "\"%.24s\"", hash);
	}
	snprintf(c->etag, sizeof c->etag, "%s", etag);
	if (inm && !strcmp(inm, etag)) {
		c->status = 304;
		c->resp = xstrdup("");
		c->resp_len = 0;
		c->content_type = "application/json";
		return;
	}

	/* Newest first, or oldest first (the end of a long history in one
	 * request); a cursor continues after its row in the same order. */
	char phrase[256];
	enum index_use how = q ? use_index(c->db, q, phrase, sizeof phrase) : INDEX_NONE;
	struct txn_filter f = { c->params[0], q, category, from, to, min, max, how == INDEX_FEW ? phrase : NULL,
				how != INDEX_NONE ? phrase : NULL };
	if (f.phrase)
		st = db_prepare(c->db, oldest ? TXN_INDEXED(TXN_COLUMNS) TXN_OLDEST : TXN_INDEXED(TXN_COLUMNS) TXN_NEWEST);
	else
		st = db_prepare(c->db, oldest ? TXN_SCANNED(TXN_COLUMNS) TXN_OLDEST : TXN_SCANNED(TXN_COLUMNS) TXN_NEWEST);
	bind_filter(st, &f, f.phrase);
	sqlite3_bind_int64(st, 2, cur_at);
	sqlite3_bind_int64(st, 3, cur_id);
	/* The cursor's time bounds the range the index is searched in: a page
	 * starts where the last ended, not at the top (the cursor's own
	 * condition only settles rows of the same second).  Page 100 of a
	 * history cost a hundred times page 1 before. */
	if (oldest && cur_at > from)
		sqlite3_bind_int64(st, 4, cur_at);
	else if (!oldest && cur_at < to)
		sqlite3_bind_int64(st, 5, cur_at);
	sqlite3_bind_int64(st, 10, limit + 1);

	/* Written as it goes, no object per value: a page of a thousand rows
	 * costs a third of what json-c's objects did. */
	doc = sqlite3_str_new(c->db);
	sqlite3_str_appendall(doc, "{\"items\":[");
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n == limit) {
			more = true;
			break;
		}
		last_id = sqlite3_column_int64(st, 0);
		last_at = sqlite3_column_int64(st, 1);
		sb_rfc3339(last_at, when);
		sqlite3_str_appendf(doc, "%s{\"id\":\"txn_%lld\",\"booked_at\":\"%s\",\"amount\":{\"minor\":%lld,\"currency\":",
				    n ? "," : "", (long long)last_id, when, (long long)sqlite3_column_int64(st, 2));
		sb_json_string(doc, currency);
		/* The bank's own words (not a merchant's or a person's name) in the customer's language. */
		sqlite3_str_appendall(doc, "},\"description\":");
		sb_json_string(doc, lang_history(lang, (const char *)sqlite3_column_text(st, 3)));
		sqlite3_str_appendall(doc, ",\"counterparty\":");
		sb_json_string(doc, lang_history(lang, (const char *)sqlite3_column_text(st, 4)));
		sqlite3_str_appendall(doc, ",\"category\":");
		sb_json_string(doc, (const char *)sqlite3_column_text(st, 5));
		sqlite3_str_appendall(doc, ",\"movement_id\":");
		sb_json_string(doc, (const char *)sqlite3_column_text(st, 6));
		if (sqlite3_column_type(st, 7) != SQLITE_NULL) {
			/* Money between two of the customer's own accounts: the other side. */
			sqlite3_str_appendall(doc, ",\"transfer\":{\"id\":");
			sb_json_string(doc, (const char *)sqlite3_column_text(st, 7));
			sqlite3_str_appendall(doc, ",\"account_id\":");
			sb_json_string(doc, (const char *)sqlite3_column_text(st, 8));
			sqlite3_str_appendf(doc, ",\"amount\":{\"minor\":%lld,\"currency\":",
					    (long long)sqlite3_column_int64(st, 9));
			sb_json_string(doc, (const char *)sqlite3_column_text(st, 10));
			sqlite3_str_appendall(doc, "}}");
		}
		sqlite3_str_appendall(doc, "}");
		n++;
	}
	db_done(st);
	sqlite3_str_appendf(doc, "],\"max_limit\":%d", PAGE_MAX);
	if (counted)
		sqlite3_str_appendf(doc, ",\"total\":%lld", (long long)count_matching(c->db, &f));
	if (more)
		sqlite3_str_appendf(doc, ",\"next_cursor\":\"%llx.%llx\"}", (unsigned long long)last_at,
				    (unsigned long long)last_id);
	else
		sqlite3_str_appendall(doc, ",\"next_cursor\":null}");
	sb_reply_str(c, 200, doc);
}
