/* support.c: conversations between a customer and the bank.
 *
 * A customer opens a thread (a subject, a first message, and what it is
 * about, if anything: one of their transactions, transfers or bills).  The
 * bank answers at once with an automatic reply, labelled as such, that
 * suggests the three help articles that best match; a member of staff
 * answers later in the same thread, and the customer hears of it on the
 * notifications' long-poll.  Staff (customers.role 'staff') use the same
 * routes: they see every customer's threads, and what a thread is about in
 * full; a customer sees only their own (404 for any other).  When staff
 * close a thread the customer is asked to rate the help (feedback, flow
 * "support").
 *
 * Messages are plain text: at most MESSAGE_MAX characters of valid UTF-8,
 * no control characters but newlines and tabs.  Posts go through the
 * Idempotency-Key (idem_run); a customer may post RATE_MAX messages in
 * RATE_WINDOW seconds, so a script gone wrong cannot bury the staff. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"
#include "help.h"
#include "lang.h"
#include "sandbox.h"

#define SUBJECT_MAX 120  /* characters */
#define MESSAGE_MAX 4000 /* characters */
#define RATE_MAX 6       /* a customer's messages (a new thread is one) ... */
#define RATE_WINDOW 60   /* ... in this many seconds */
#define SUGGESTED 3

/* The automatic reply, kept as English templates and read in the reader's language. */
static const char auto_with_articles[] =
	"Thank you for your message. A member of our support team will answer here, usually within one "
	"working day, and you will get an alert when they do. These articles may answer your question now:";
static const char auto_without[] =
	"Thank you for your message. A member of our support team will answer here, usually within one "
	"working day, and you will get an alert when they do.";

/* Whether the customer may post one more message now; false after a 429. */
static bool within_rate(struct sb_ctx *c)
{
	sqlite3_stmt *st = db_prepare(c->db, "SELECT count(*) FROM support_messages m JOIN support_threads t "
					     "ON t.id = m.thread_id WHERE t.customer_id = ?1 AND m.sender = 'customer' "
					     "AND m.at > ?2");
	int64_t n;

	sqlite3_bind_text(st, 1, c->customer, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, db_now(c->db) - RATE_WINDOW);
	n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	db_done(st);
	if (n < RATE_MAX)
		return true;
	c->retry_after = RATE_WINDOW;
	sb_problem(c, 429, "rate_limited", "too many messages in a minute: wait a minute and send it again", NULL);
	return false;
}

/* What id names among the customer's own: a transaction ("txn_N"), a
 * transfer or a bill; NULL when it is none of theirs. */
static const char *about_kind(sqlite3 *db, const char *customer, const char *id)
{
	sqlite3_stmt *st;
	const char *kind = NULL;

	if (!strncmp(id, "txn_", 4)) {
		char *end;
		long long n = strtoll(id + 4, &end, 10);
		if (*end || end == id + 4 || n <= 0)
			return NULL;
		st = db_prepare(db, "SELECT 1 FROM postings p JOIN accounts a ON a.id = p.account_id "
				    "WHERE p.id = ?1 AND a.customer_id = ?2");
		sqlite3_bind_int64(st, 1, n);
		kind = "transaction";
	} else if (!strncmp(id, "trf_", 4)) {
		st = db_prepare(db, "SELECT 1 FROM transfers WHERE id = ?3 AND customer_id = ?2");
		kind = "transfer";
	} else if (!strncmp(id, "bill_", 5)) {
		st = db_prepare(db, "SELECT 1 FROM bills WHERE id = ?3 AND customer_id = ?2");
		kind = "bill";
	} else {
		return NULL;
	}
	sqlite3_bind_text(st, 2, customer, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW)
		kind = NULL;
	db_done(st);
	return kind;
}

/* What a thread is about, in full, for staff: the transaction, transfer
 * or bill as the customer sees it. */
static json_object *about_detail(sqlite3 *db, const char *kind, const char *id)
{
	sqlite3_stmt *st;
	json_object *o = json_object_new_object();

	if (!strcmp(kind, "transaction")) {
		st = db_prepare(db, "SELECT p.booked_at, p.amount, a.currency, p.description, p.counterparty, p.category, "
				    "a.name FROM postings p JOIN accounts a ON a.id = p.account_id WHERE p.id = ?1");
		sqlite3_bind_int64(st, 1, strtoll(id + 4, NULL, 10));
		if (sqlite3_step(st) == SQLITE_ROW) {
			json_object_object_add(o, "booked_at", sb_column_time(st, 0));
			json_object_object_add(o, "amount", sb_money(sqlite3_column_int64(st, 1),
								     (const char *)sqlite3_column_text(st, 2)));
			json_object_object_add(o, "description", sb_column_string(st, 3));
			json_object_object_add(o, "counterparty", sb_column_string(st, 4));
			json_object_object_add(o, "category", sb_column_string(st, 5));
			json_object_object_add(o, "account", sb_column_string(st, 6));
		}
	} else if (!strcmp(kind, "transfer")) {
		st = db_prepare(db, "SELECT t.created_at, t.amount, t.currency, t.reference, t.status, f.name, "
				    "coalesce(a.name, p.name) FROM transfers t JOIN accounts f ON f.id = t.from_account "
				    "LEFT JOIN accounts a ON a.id = t.to_account LEFT JOIN payees p ON p.id = t.payee_id "
				    "WHERE t.id = ?1");
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW) {
			json_object_object_add(o, "created_at", sb_column_time(st, 0));
			json_object_object_add(o, "amount", sb_money(sqlite3_column_int64(st, 1),
								     (const char *)sqlite3_column_text(st, 2)));
			json_object_object_add(o, "reference", sb_column_string(st, 3));
			json_object_object_add(o, "status", sb_column_string(st, 4));
			json_object_object_add(o, "from", sb_column_string(st, 5));
			json_object_object_add(o, "to", sb_column_string(st, 6));
		}
	} else {
		st = db_prepare(db, "SELECT b.due_at, b.amount, b.currency, b.status, r.name FROM bills b "
				    "JOIN billers r ON r.id = b.biller_id WHERE b.id = ?1");
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW) {
			json_object_object_add(o, "due_at", sb_column_time(st, 0));
			json_object_object_add(o, "amount", sb_money(sqlite3_column_int64(st, 1),
								     (const char *)sqlite3_column_text(st, 2)));
			json_object_object_add(o, "status", sb_column_string(st, 3));
			json_object_object_add(o, "biller", sb_column_string(st, 4));
		}
	}
	db_done(st);
	return o;
}

/* The thread, if the caller may see it (staff: any; a customer: their own). */
static bool visible(struct sb_ctx *c, const char *id)
{
	sqlite3_stmt *st = db_prepare(c->db, "SELECT 1 FROM support_threads WHERE id = ?1 AND (?3 OR customer_id = ?2)");
	bool found;

	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->customer, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, c->staff);
	found = sqlite3_step(st) == SQLITE_ROW;
	db_done(st);
	if (!found)
		sb_problem(c, 404, "not_found", "no such conversation", NULL);
	return found;
}

/* One message, in the reader's language (an automatic reply is a template). */
static json_object *message_json(sqlite3 *db, sqlite3_stmt *st, enum sb_lang l)
{
	json_object *o = json_object_new_object(), *arts = json_object_new_array();
	const char *sender = (const char *)sqlite3_column_text(st, 1);
	const char *body = (const char *)sqlite3_column_text(st, 3);
	const char *slugs = (const char *)sqlite3_column_text(st, 5);
	bool automatic = sqlite3_column_int(st, 4);

	json_object_object_add(o, "id", json_object_new_int64(sqlite3_column_int64(st, 0)));
	json_object_object_add(o, "sender", json_object_new_string(sender));
	if (!strcmp(sender, "staff"))
		json_object_object_add(o, "author", sb_column_string(st, 2));
	json_object_object_add(o, "automatic", json_object_new_boolean(automatic));
	json_object_object_add(o, "body", json_object_new_string(automatic ? lang_text(l, body) : body));
	json_object_object_add(o, "at", sb_column_time(st, 6));
	/* The suggested articles: their ids, and titles in the reader's language. */
	while (slugs && *slugs) {
		size_t n = strcspn(slugs, ",");
		char slug[HELP_SLUG_MAX];
		sqlite3_stmt *t = db_prepare(db, "SELECT title FROM help_articles WHERE slug = ?1 AND lang IN (?2, 'en') "
						 "ORDER BY lang = ?2 DESC LIMIT 1");
		snprintf(slug, sizeof slug, "%.*s", (int)(n < sizeof slug ? n : sizeof slug - 1), slugs);
		sqlite3_bind_text(t, 1, slug, -1, SQLITE_STATIC);
		sqlite3_bind_text(t, 2, lang_tag(l), -1, SQLITE_STATIC);
		if (sqlite3_step(t) == SQLITE_ROW) {
			json_object *a = json_object_new_object();
			json_object_object_add(a, "id", json_object_new_string(slug));
			json_object_object_add(a, "title", sb_column_string(t, 0));
			json_object_array_add(arts, a);
		}
		db_done(t);
		slugs += n + (slugs[n] == ',');
	}
	json_object_object_add(o, "articles", arts);
	return o;
}

#define THREAD_COLUMNS                                                                                       \
	"t.id, t.subject, t.status, t.about_kind, t.about_id, t.created_at, t.updated_at, c.id, c.display_name, " \
	"(SELECT max(id) FROM support_messages m WHERE m.thread_id = t.id AND m.sender != ?9), "               \
	"CASE WHEN ?10 THEN t.staff_read ELSE t.customer_read END, t.closed_at, t.closed_by"

/* A thread's summary: unread when the other side wrote after the reader last read. */
static json_object *thread_json(struct sb_ctx *c, sqlite3_stmt *st)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "id", sb_column_string(st, 0));
	json_object_object_add(o, "subject", sb_column_string(st, 1));
	json_object_object_add(o, "status", sb_column_string(st, 2));
	if (sqlite3_column_type(st, 3) != SQLITE_NULL) {
		json_object *about = json_object_new_object();
		json_object_object_add(about, "kind", sb_column_string(st, 3));
		json_object_object_add(about, "id", sb_column_string(st, 4));
		json_object_object_add(o, "about", about);
	} else {
		json_object_object_add(o, "about", NULL);
	}
	json_object_object_add(o, "created_at", sb_column_time(st, 5));
	json_object_object_add(o, "updated_at", sb_column_time(st, 6));
	json_object_object_add(o, "closed_at", sb_column_time(st, 11));
	json_object_object_add(o, "closed_by", sqlite3_column_type(st, 12) == SQLITE_NULL ? NULL : sb_column_string(st, 12));
	json_object_object_add(o, "unread", json_object_new_boolean(sqlite3_column_int64(st, 9) > sqlite3_column_int64(st, 10)));
	if (c->staff) {
		json_object *who = json_object_new_object();
		json_object_object_add(who, "id", sb_column_string(st, 7));
		json_object_object_add(who, "name", sb_column_string(st, 8));
		json_object_object_add(o, "customer", who);
	}
	return o;
}

static void bind_reader(struct sb_ctx *c, sqlite3_stmt *st)
{
	/* The reader's own messages never count as unread. */
	sqlite3_bind_text(st, 9, c->staff ? "staff" : "customer", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 10, c->staff);
}

/* GET /support/threads[?status=open|closed|all]: a customer's own, newest
 * first (all by default); staff see every customer's (open by default). */
void support_threads_list(struct sb_ctx *c)
{
	const char *status = sb_query(c, "status");
	sqlite3_stmt *st;
	json_object *doc = json_object_new_object(), *items = json_object_new_array();

	if (!status)
		status = c->staff ? "open" : "all";
	if (strcmp(status, "open") && strcmp(status, "closed") && strcmp(status, "all")) {
		json_object_put(doc);
		json_object_put(items);
		sb_field_problem(c, "status", "status is open, closed or all");
		return;
	}
	st = db_prepare(c->db, "SELECT " THREAD_COLUMNS " FROM support_threads t JOIN customers c ON c.id = t.customer_id "
			       "WHERE (?10 OR t.customer_id = ?1) AND (?2 = 'all' OR t.status = ?2) "
			       "ORDER BY t.updated_at DESC, t.rowid DESC LIMIT 200");
	sqlite3_bind_text(st, 1, c->customer, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
	bind_reader(c, st);
	while (sqlite3_step(st) == SQLITE_ROW)
		json_object_array_add(items, thread_json(c, st));
	db_done(st);
	json_object_object_add(doc, "items", items);
	sb_reply(c, 200, doc);
}

/* The thread with its messages, in the request's language; marks it read
 * by the reader's side when `mark`. */
static json_object *thread_full(struct sb_ctx *c, const char *id, bool mark)
{
	enum sb_lang l = lang_pick(sb_header(c, "Accept-Language"));
	sqlite3_stmt *st = db_prepare(c->db, "SELECT " THREAD_COLUMNS " FROM support_threads t JOIN customers c "
					     "ON c.id = t.customer_id WHERE t.id = ?1");
	json_object *o = NULL, *msgs = json_object_new_array();
	int64_t last = 0;

	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	bind_reader(c, st);
	if (sqlite3_step(st) == SQLITE_ROW) {
		o = thread_json(c, st);
		if (c->staff && sqlite3_column_type(st, 3) != SQLITE_NULL) {
			json_object *about = json_object_object_get(o, "about");
			json_object_object_add(about, "detail", about_detail(c->db, (const char *)sqlite3_column_text(st, 3),
									       (const char *)sqlite3_column_text(st, 4)));
		}
	}
	db_done(st);
	if (!o) {
		json_object_put(msgs);
		return NULL;
	}
	st = db_prepare(c->db, "SELECT m.id, m.sender, coalesce(s.display_name, ''), m.body, m.automatic, m.articles, m.at "
			       "FROM support_messages m LEFT JOIN customers s ON s.id = m.staff_id "
			       "WHERE m.thread_id = ?1 ORDER BY m.id");
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		last = sqlite3_column_int64(st, 0);
		json_object_array_add(msgs, message_json(c->db, st, l));
	}
	db_done(st);
	json_object_object_add(o, "messages", msgs);
	if (mark) {
		st = db_prepare(c->db, c->staff ? "UPDATE support_threads SET staff_read = ?2 WHERE id = ?1"
						: "UPDATE support_threads SET customer_read = ?2 WHERE id = ?1");
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, last);
		sqlite3_step(st);
		db_done(st);
		json_object_object_add(o, "unread", json_object_new_boolean(false));
	}
	return o;
}

/* GET /support/threads/{id}: the thread and its messages; read from now on. */
void support_threads_get(struct sb_ctx *c)
{
	json_object *o;

	if (!visible(c, c->params[0]) || !sb_begin(c))
		return;
	o = thread_full(c, c->params[0], true);
	sb_commit(c);
	if (c->status >= 500) {
		json_object_put(o);
		return;
	}
	sb_reply(c, 200, o);
}

static int64_t add_message(sqlite3 *db, const char *thread, const char *sender, const char *staff, const char *body,
			   bool automatic, const char *articles, int64_t at)
{
	sqlite3_stmt *st = db_prepare(db, "INSERT INTO support_messages (thread_id, sender, staff_id, body, automatic, "
					  "articles, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	int64_t id;

	sqlite3_bind_text(st, 1, thread, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, sender, -1, SQLITE_STATIC);
	if (staff)
		sqlite3_bind_text(st, 3, staff, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, body, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, automatic);
	sqlite3_bind_text(st, 6, articles ? articles : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, at);
	sqlite3_step(st);
	db_done(st);
	id = sqlite3_last_insert_rowid(db);
	st = db_prepare(db, "UPDATE support_threads SET updated_at = ?2 WHERE id = ?1");
	sqlite3_bind_text(st, 1, thread, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, at);
	sqlite3_step(st);
	db_done(st);
	return id;
}

int support_open(sqlite3 *db, const char *customer, const char *subject, const char *message, const char *kind,
		 const char *about, enum sb_lang l, int64_t at, char id[40])
{
	char slugs[SUGGESTED][HELP_SLUG_MAX], list[SUGGESTED * (HELP_SLUG_MAX + 1) + 1] = "";
	char *question = sqlite3_mprintf("%s %s", subject, message);
	sqlite3_stmt *st = db_prepare(db, "INSERT INTO support_threads (id, customer_id, subject, about_kind, about_id, "
					  "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)");
	int n, rc;
	int64_t mine;

	db_new_id("thr", id);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, customer, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, subject, -1, SQLITE_STATIC);
	if (kind) {
		sqlite3_bind_text(st, 4, kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, about, -1, SQLITE_STATIC);
	}
	sqlite3_bind_int64(st, 6, at);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
	db_done(st);
	mine = add_message(db, id, "customer", NULL, message, false, NULL, at);
	/* The articles that best answer it, in the language it was asked in. */
	n = help_suggest(db, l, question, slugs, SUGGESTED);
	sqlite3_free(question);
	for (int i = 0; i < n; i++)
		snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? "," : "", slugs[i]);
	add_message(db, id, "bank", NULL, n ? auto_with_articles : auto_without, true, list, at);
	/* The customer has read their own message; the automatic reply is news. */
	st = db_prepare(db, "UPDATE support_threads SET customer_read = ?2 WHERE id = ?1");
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, mine);
	sqlite3_step(st);
	db_done(st);
	return rc;
}

struct new_thread {
	const char *subject, *message, *kind, *about;
	enum sb_lang lang;
};

static void create(struct sb_ctx *c, void *arg)
{
	struct new_thread *t = arg;
	char id[40];
	json_object *o;

	if (!within_rate(c))
		return;
	if (support_open(c->db, c->customer, t->subject, t->message, t->kind, t->about, t->lang, db_now(c->db), id)) {
		sb_problem(c, 503, "unavailable", "the conversation could not be stored; send it again", NULL);
		return;
	}
	o = thread_full(c, id, false);
	sb_reply(c, 201, o);
}

/* POST /support/threads {subject, message, about?}: a new conversation. */
void support_threads_create(struct sb_ctx *c)
{
	json_object *body = sb_body(c);
	struct json_error err = { 0 };
	struct new_thread t = { 0 };

	if (!body)
		return;
	t.lang = lang_pick(sb_header(c, "Accept-Language"));
	if (!sb_plain_field(c, body, "subject", SUBJECT_MAX, true, &t.subject) ||
	    !sb_plain_field(c, body, "message", MESSAGE_MAX, true, &t.message))
		goto out;
	if (json_get_string(body, NULL, "about", JSON_OPTIONAL, 40, &t.about, &err)) {
		sb_bad_field(c, &err);
		goto out;
	}
	if (t.about && !(t.kind = about_kind(c->db, c->customer, t.about))) {
		sb_field_problem(c, "about", "about names none of your transactions, transfers or bills");
		goto out;
	}
	idem_run(c, create, &t);
out:
	json_object_put(body);
}

struct reply {
	const char *thread, *message;
};

static void post(struct sb_ctx *c, void *arg)
{
	struct reply *r = arg;
	sqlite3_stmt *st;
	char customer[40] = "", subject[SUBJECT_MAX * 4 + 1] = "", status[8] = "";
	int64_t at = db_now(c->db), id;
	json_object *o;

	st = db_prepare(c->db, "SELECT customer_id, subject, status FROM support_threads WHERE id = ?1");
	sqlite3_bind_text(st, 1, r->thread, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(customer, sizeof customer, "%s", sqlite3_column_text(st, 0));
		snprintf(subject, sizeof subject, "%s", sqlite3_column_text(st, 1));
		snprintf(status, sizeof status, "%s", sqlite3_column_text(st, 2));
	}
	db_done(st);
	if (strcmp(status, "open")) {
		sb_problem(c, 409, "thread_closed", "this conversation is closed: start a new one", NULL);
		return;
	}
	if (!c->staff && !within_rate(c))
		return;
	id = add_message(c->db, r->thread, c->staff ? "staff" : "customer", c->staff ? c->customer : NULL, r->message,
			 false, NULL, at);
	/* The writer has read up to their own message. */
	st = db_prepare(c->db, c->staff ? "UPDATE support_threads SET staff_read = ?2 WHERE id = ?1"
					: "UPDATE support_threads SET customer_read = ?2 WHERE id = ?1");
	sqlite3_bind_text(st, 1, r->thread, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, id);
	sqlite3_step(st);
	db_done(st);
	if (c->staff) {
		const char *args[] = { subject, NULL };
		notify(c->db, customer, at, "support_reply", "New reply from the bank",
		       "The bank answered your message \"{1}\". Read it under Support.", args, NULL, r->thread);
	}
	o = thread_full(c, r->thread, false);
	sb_reply(c, 201, o);
}

/* POST /support/threads/{id}/messages {message}: the customer or staff write. */
void support_messages_create(struct sb_ctx *c)
{
	json_object *body;
	struct reply r = { c->params[0], NULL };

	if (!visible(c, c->params[0]) || !(body = sb_body(c)))
		return;
	if (sb_plain_field(c, body, "message", MESSAGE_MAX, true, &r.message))
		idem_run(c, post, &r);
	json_object_put(body);
}

static void close_thread(struct sb_ctx *c, void *arg)
{
	const char *id = arg;
	sqlite3_stmt *st;
	char customer[40] = "", subject[SUBJECT_MAX * 4 + 1] = "";
	int64_t at = db_now(c->db);
	bool was_open = false;

	st = db_prepare(c->db, "SELECT customer_id, subject, status = 'open' FROM support_threads WHERE id = ?1");
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(customer, sizeof customer, "%s", sqlite3_column_text(st, 0));
		snprintf(subject, sizeof subject, "%s", sqlite3_column_text(st, 1));
		was_open = sqlite3_column_int(st, 2);
	}
	db_done(st);
	if (was_open) {
		/* Closed by staff, the close is news to the customer: the thread is
		 * unread for them until they read it again. */
		st = db_prepare(c->db, "UPDATE support_threads SET status = 'closed', closed_at = ?2, updated_at = ?2, "
				       "closed_by = ?3, customer_read = CASE WHEN ?3 = 'staff' THEN 0 ELSE customer_read END "
				       "WHERE id = ?1");
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, at);
		sqlite3_bind_text(st, 3, c->staff ? "staff" : "customer", -1, SQLITE_STATIC);
		sqlite3_step(st);
		db_done(st);
		/* Staff closed it: the customer is asked how the help was. */
		if (c->staff) {
			const char *args[] = { subject, NULL };
			notify(c->db, customer, at, "support_closed", "How did we do?",
			       "Your conversation \"{1}\" is closed. Please rate the help from 1 to 5.", args, NULL, id);
		}
	}
	sb_reply(c, 200, thread_full(c, id, false));
}

/* POST /support/threads/{id}/close: either side ends the conversation
 * (closing a closed one answers it as it is). */
void support_threads_close(struct sb_ctx *c)
{
	if (visible(c, c->params[0]))
		idem_run(c, close_thread, (void *)c->params[0]);
}

void support_seed_reply(sqlite3 *db, const char *thread, const char *staff, const char *body, int64_t at)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT id FROM customers WHERE username = ?1 AND role = 'staff'");
	char id[40] = "";

	sqlite3_bind_text(st, 1, staff, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(id, sizeof id, "%s", sqlite3_column_text(st, 0));
	db_done(st);
	add_message(db, thread, "staff", id, body, false, NULL, at);
}

void support_seed_close(sqlite3 *db, const char *thread, int64_t at)
{
	sqlite3_stmt *st = db_prepare(db, "UPDATE support_threads SET status = 'closed', closed_at = ?2, updated_at = ?2, "
					  "closed_by = 'staff', customer_read = (SELECT max(id) FROM support_messages "
					  "WHERE thread_id = ?1) WHERE id = ?1");

	sqlite3_bind_text(st, 1, thread, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, at);
	sqlite3_step(st);
	db_done(st);
}
