/* db.c: the sandbox's SQLite database: schema, one connection per worker
 * thread, the movable clock and transaction helpers.
 *
 * A file database runs in WAL mode with synchronous=FULL, so an answered
 * transfer survives a power cut.  ":memory:" becomes a named in-memory
 * database (SQLite's memdb VFS) that every thread's connection shares. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <wctype.h>

#include "help.h"
#include "vop.h"
#include "sandbox.h"
#include "walwrite.h"
#include "xalloc.h"

static char db_uri[512];
/* The WAL file ("" in memory), and a descriptor on it for fdatasync. */
static char wal_path[1024];
static int wal_fd = -1;
static sqlite3 *anchor;

/* Each connection keeps the statements it has prepared, reset for the
 * next use: a transfer runs about twenty statements, and compiling them
 * anew on every call was half of SQLite's CPU under load.  A cached
 * statement is lent out by db_prepare and given back by db_done; a second
 * use of the same SQL while the first is out gets a statement of its own. */
struct cached {
	char *sql;
	uint32_t hash;
	bool lent;
	sqlite3_stmt *st;
};

struct conn {
	sqlite3 *db;
	struct cached *c;
	size_t n, cap;
};

enum { CACHE_MAX = 256 };

static _Thread_local struct conn *thread_conn;

/* Every connection opened, so shutdown can close them. */
static pthread_mutex_t conns_lock = PTHREAD_MUTEX_INITIALIZER;
static struct conn **conns;
static size_t nconns;

/* Verification of Payee (vop.c), kept with a payee and with each payment
 * to one: the outcome its name had (NULL: never checked), the check that
 * said so, and whether the customer was warned and went on. */
#define VOP_COLUMNS                                                                                          \
	" vop_outcome TEXT CHECK (vop_outcome IN ('match','close_match','no_match','not_possible')),"        \
	" vop_check TEXT, vop_warned INTEGER NOT NULL DEFAULT 0"

/* Two tables a transfer writes to, kept with their key alone (no rowid
 * beside it, so no second tree to write).  A database from before has
 * them rebuilt once (one_tree). */
#define MOVEMENTS_COLUMNS                                                                                    \
	" id TEXT PRIMARY KEY, kind TEXT NOT NULL, currency TEXT NOT NULL, created_at INTEGER NOT NULL"
#define IDEMPOTENCY_COLUMNS                                                                                  \
	" customer_id TEXT NOT NULL, key TEXT NOT NULL, request_hash TEXT NOT NULL,"                         \
	" status INTEGER NOT NULL, body BLOB NOT NULL, created_at INTEGER NOT NULL,"                         \
	" PRIMARY KEY (customer_id, key)"
/* AUTOINCREMENT: a reset of the demo bank deletes every notification, and
 * the ids after it must still be above those a client has seen (it asks
 * for the ones after the last it has). */
#define NOTIFICATIONS_COLUMNS                                                                                \
	" id INTEGER PRIMARY KEY AUTOINCREMENT, customer_id TEXT NOT NULL, at INTEGER NOT NULL,"             \
	" kind TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL, amount INTEGER,"                      \
	" currency TEXT, ref TEXT, read INTEGER NOT NULL DEFAULT 0, tpl TEXT, args TEXT"
#define NOTIFICATIONS_INDEX "notifications_customer ON notifications(customer_id, id)"

static const char schema[] =
	"CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);"
	"INSERT OR IGNORE INTO meta VALUES ('clock_offset', 0);"
	"CREATE TABLE IF NOT EXISTS customers ("
	"  id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL,"
	"  password_hash TEXT NOT NULL, totp_secret BLOB, tier TEXT NOT NULL DEFAULT 'silver',"
	/* login_mfa: the code is asked at every sign-in, not only for step-up. */
	"  login_mfa INTEGER NOT NULL DEFAULT 0,"
	"  locale TEXT NOT NULL DEFAULT 'en_US', email TEXT NOT NULL DEFAULT '',"
	/* role: 'staff' answers customers' support threads and has no banking. */
	"  created_at INTEGER NOT NULL, role TEXT NOT NULL DEFAULT 'customer' CHECK (role IN ('customer','staff')));"
	/* floor: the lowest balance allowed (negative for overdrafts and credit
	 * lines); clearing accounts, customer_id NULL, stand for other banks. */
	"CREATE TABLE IF NOT EXISTS accounts ("
	"  id TEXT PRIMARY KEY, customer_id TEXT REFERENCES customers(id),"
	"  kind TEXT NOT NULL CHECK (kind IN ('current','savings','credit','wallet','clearing')),"
	"  name TEXT NOT NULL, currency TEXT NOT NULL, iban TEXT,"
	"  balance INTEGER NOT NULL DEFAULT 0, floor INTEGER NOT NULL DEFAULT 0,"
	"  opened_at INTEGER NOT NULL,"
	/* How many postings it has, kept with the balance: the history's
	 * version in its ETag.  An index on (account_id, id) answered that
	 * with max(id), and cost two index entries in every transfer's commit. */
	"  postings INTEGER NOT NULL DEFAULT 0);"
	"CREATE INDEX IF NOT EXISTS accounts_customer ON accounts(customer_id);"
	"CREATE TABLE IF NOT EXISTS movements (" MOVEMENTS_COLUMNS ") WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS postings ("
	"  id INTEGER PRIMARY KEY, movement_id TEXT NOT NULL REFERENCES movements(id),"
	"  account_id TEXT NOT NULL REFERENCES accounts(id), amount INTEGER NOT NULL,"
	"  booked_at INTEGER NOT NULL, description TEXT NOT NULL DEFAULT '',"
	"  counterparty TEXT NOT NULL DEFAULT '', category TEXT NOT NULL DEFAULT '',"
	/* Money between two of the customer's own accounts: the transfer both
	 * sides share (link), and the other side's account and amount. */
	"  link TEXT, counter_account TEXT, counter_minor INTEGER, counter_currency TEXT);"
	/* An account's history in its order, with the texts a search reads: a
	 * search walks this index alone and visits a posting only when its
	 * texts match (a million postings in under 200 ms), where the row
	 * behind every entry took 650 ms.  It replaces postings_account. */
	"DROP INDEX IF EXISTS postings_account;"
	"CREATE INDEX IF NOT EXISTS postings_history ON postings(account_id, booked_at DESC, id DESC, "
	"  description, counterparty);"
	/* No index on postings(movement_id): only --check joins by it, and
	 * each transfer paid two entries at random places in it. */
	"DROP INDEX IF EXISTS postings_movement;"
	/* The search index: the texts of the customers' postings (not the
	 * bank's own clearing side) in trigrams, so a search costs what its
	 * matches cost, not the history's length.  Contentless: the texts stay
	 * in postings; a match gives the posting's id.  Kept by a trigger, in
	 * the transaction that books the posting. */
	"CREATE VIRTUAL TABLE IF NOT EXISTS posting_search USING fts5(description, counterparty, content='', "
	"  tokenize='trigram');"
	"CREATE TRIGGER IF NOT EXISTS posting_search_add AFTER INSERT ON postings "
	"  WHEN (SELECT kind FROM accounts WHERE id = new.account_id) != 'clearing' BEGIN "
	"  INSERT INTO posting_search (rowid, description, counterparty) "
	"  VALUES (new.id, new.description, new.counterparty); END;"
	/* Support: a customer's conversations with the bank (support.c).  A
	 * thread may be about one of the customer's transactions, transfers or
	 * bills; each side's last message read is kept for "unread".  A
	 * message is from the customer, the bank's automatic reply (a template
	 * read in the reader's language, with the articles it suggests), or a
	 * member of staff. */
	"CREATE TABLE IF NOT EXISTS support_threads ("
	"  id TEXT PRIMARY KEY, customer_id TEXT NOT NULL REFERENCES customers(id), subject TEXT NOT NULL,"
	"  about_kind TEXT CHECK (about_kind IN ('transaction','transfer','bill')), about_id TEXT,"
	"  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed')),"
	"  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, closed_at INTEGER, closed_by TEXT,"
	"  customer_read INTEGER NOT NULL DEFAULT 0, staff_read INTEGER NOT NULL DEFAULT 0);"
	"CREATE INDEX IF NOT EXISTS support_threads_customer ON support_threads(customer_id, updated_at);"
	"CREATE INDEX IF NOT EXISTS support_threads_status ON support_threads(status, updated_at);"
	"CREATE TABLE IF NOT EXISTS support_messages ("
	"  id INTEGER PRIMARY KEY, thread_id TEXT NOT NULL REFERENCES support_threads(id),"
	"  sender TEXT NOT NULL CHECK (sender IN ('customer','bank','staff')), staff_id TEXT REFERENCES customers(id),"
	"  body TEXT NOT NULL, automatic INTEGER NOT NULL DEFAULT 0, articles TEXT NOT NULL DEFAULT '',"
	"  at INTEGER NOT NULL);"
	"CREATE INDEX IF NOT EXISTS support_messages_thread ON support_messages(thread_id, id);"
	/* Verification of Payee (vop.c): the holders of accounts at other banks
	 * (reachable 0: their bank does not answer), and every check a
	 * customer made, which the rate limits count. */
	"CREATE TABLE IF NOT EXISTS payee_directory ("
	"  iban TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('person','business')),"
	"  reachable INTEGER NOT NULL DEFAULT 1);"
	"CREATE TABLE IF NOT EXISTS payee_checks ("
	"  id TEXT PRIMARY KEY, customer_id TEXT NOT NULL REFERENCES customers(id), iban TEXT NOT NULL,"
	"  name TEXT NOT NULL, outcome TEXT NOT NULL CHECK (outcome IN ('match','close_match','no_match','not_possible')),"
	"  at INTEGER NOT NULL);"
	"CREATE INDEX IF NOT EXISTS payee_checks_customer ON payee_checks(customer_id, at);"
	/* The bank's help articles, each in every language it writes (help.c):
	 * the texts, and their index, ranked by bm25.  Filled on start from the
	 * articles built in; a reset leaves them. */
	"CREATE TABLE IF NOT EXISTS help_articles ("
	"  id INTEGER PRIMARY KEY, slug TEXT NOT NULL, lang TEXT NOT NULL, title TEXT NOT NULL,"
	"  body TEXT NOT NULL, UNIQUE (slug, lang));"
	"CREATE VIRTUAL TABLE IF NOT EXISTS help_search USING fts5(lang, title, body, content='', "
	"  tokenize='unicode61 remove_diacritics 2');"
	/* Each customer's payments per currency, category and UTC day, kept by
	 * ledger_post (and summed by --seed-large): the unusual-payment check
	 * reads at most 90 rows instead of every posting of the last 90 days
	 * (0.6 ms and growing per payment).  A trigger kept it too, but made
	 * seeding a million postings four times slower. */
	"CREATE TABLE IF NOT EXISTS spending ("
	"  customer_id TEXT NOT NULL, currency TEXT NOT NULL, category TEXT NOT NULL,"
	"  day INTEGER NOT NULL, n INTEGER NOT NULL, total INTEGER NOT NULL,"
	"  PRIMARY KEY (customer_id, currency, category, day)) WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS payees ("
	"  id TEXT PRIMARY KEY, customer_id TEXT NOT NULL REFERENCES customers(id),"
	"  name TEXT NOT NULL, iban TEXT NOT NULL, currency TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL, removed_at INTEGER," VOP_COLUMNS ");"
	"CREATE TABLE IF NOT EXISTS transfers ("
	"  id TEXT PRIMARY KEY, customer_id TEXT NOT NULL REFERENCES customers(id),"
	"  from_account TEXT NOT NULL, to_account TEXT, payee_id TEXT,"
	"  amount INTEGER NOT NULL, currency TEXT NOT NULL, reference TEXT NOT NULL DEFAULT '',"
	"  status TEXT NOT NULL, movement_id TEXT, created_at INTEGER NOT NULL,"
	/* Scheduled and recurring transfers: the next run, the rule, the day of
	 * month a monthly one keeps to, and how many runs have been made. */
	"  next_run INTEGER, recurrence TEXT, anchor_day INTEGER, runs INTEGER NOT NULL DEFAULT 0,"
	"  last_outcome TEXT, quote_id TEXT, credit_amount INTEGER, credit_currency TEXT," VOP_COLUMNS ");"
	/* The scheduler's queue: scheduled transfers only, so a transfer made
	 * at once (nearly all) adds nothing to it. */
	"DROP INDEX IF EXISTS transfers_due;"
	"CREATE INDEX IF NOT EXISTS transfers_scheduled ON transfers(next_run, id) "
	"  WHERE status = 'scheduled';"
	"CREATE TABLE IF NOT EXISTS transfer_runs ("
	"  transfer_id TEXT NOT NULL REFERENCES transfers(id), run_at INTEGER NOT NULL,"
	"  outcome TEXT NOT NULL, movement_id TEXT, PRIMARY KEY (transfer_id, run_at));"
	"CREATE INDEX IF NOT EXISTS transfers_customer ON transfers(customer_id, created_at DESC);"
	"CREATE TABLE IF NOT EXISTS tokens ("
	"  hash TEXT PRIMARY KEY, customer_id TEXT NOT NULL, kind TEXT NOT NULL,"
	"  expires_at INTEGER NOT NULL, revoked INTEGER NOT NULL DEFAULT 0,"
	"  family TEXT NOT NULL);"
	"CREATE TABLE IF NOT EXISTS mfa_challenges ("
	"  id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, expires_at INTEGER NOT NULL,"
	"  used INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE IF NOT EXISTS totp_used (customer_id TEXT NOT NULL, step INTEGER NOT NULL,"
	"  PRIMARY KEY (customer_id, step));"
	"CREATE TABLE IF NOT EXISTS login_failures (key TEXT NOT NULL, at INTEGER NOT NULL);"
	"CREATE INDEX IF NOT EXISTS login_failures_key ON login_failures(key, at);"
	"CREATE TABLE IF NOT EXISTS lockouts (key TEXT PRIMARY KEY, until INTEGER NOT NULL);"
	"CREATE TABLE IF NOT EXISTS lockout_log (key TEXT NOT NULL, at INTEGER NOT NULL);"
	"CREATE INDEX IF NOT EXISTS lockout_log_key ON lockout_log(key, at);"
	"CREATE TABLE IF NOT EXISTS idempotency (" IDEMPOTENCY_COLUMNS ") WITHOUT ROWID;"
	/* Step-up challenges are bound to the one request they confirm. */
	"CREATE TABLE IF NOT EXISTS step_ups ("
	"  id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, request_hash TEXT NOT NULL,"
	"  expires_at INTEGER NOT NULL, used INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE IF NOT EXISTS limits ("
	"  customer_id TEXT NOT NULL, currency TEXT NOT NULL, daily INTEGER NOT NULL,"
	"  step_up_above INTEGER NOT NULL, max_daily INTEGER NOT NULL,"
	"  PRIMARY KEY (customer_id, currency));"
	"CREATE TABLE IF NOT EXISTS limit_usage ("
	"  customer_id TEXT NOT NULL, currency TEXT NOT NULL, day INTEGER NOT NULL,"
	"  used INTEGER NOT NULL, PRIMARY KEY (customer_id, currency, day));"
	"CREATE TABLE IF NOT EXISTS fx_quotes ("
	"  id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, sell INTEGER NOT NULL,"
	"  sell_currency TEXT NOT NULL, buy INTEGER NOT NULL, buy_currency TEXT NOT NULL,"
	"  fee INTEGER NOT NULL, rate_micro INTEGER NOT NULL, created_at INTEGER NOT NULL,"
	"  expires_at INTEGER NOT NULL, used INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE IF NOT EXISTS notifications (" NOTIFICATIONS_COLUMNS ");"
	"CREATE INDEX IF NOT EXISTS " NOTIFICATIONS_INDEX ";"
	"CREATE TABLE IF NOT EXISTS billers ("
	"  id TEXT PRIMARY KEY, name TEXT NOT NULL, category TEXT NOT NULL, currency TEXT NOT NULL);"
	/* A customer's standing relation with a biller: a bill each month, paid
	 * by hand or automatically from an account. */
	"CREATE TABLE IF NOT EXISTS subscriptions ("
	"  customer_id TEXT NOT NULL, biller_id TEXT NOT NULL REFERENCES billers(id),"
	"  account_id TEXT NOT NULL, lo INTEGER NOT NULL, hi INTEGER NOT NULL,"
	"  next_issue INTEGER NOT NULL, autopay INTEGER NOT NULL DEFAULT 0,"
	"  PRIMARY KEY (customer_id, biller_id));"
	"CREATE TABLE IF NOT EXISTS bills ("
	"  id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, biller_id TEXT NOT NULL,"
	"  amount INTEGER NOT NULL, currency TEXT NOT NULL, issued_at INTEGER NOT NULL,"
	"  due_at INTEGER NOT NULL, status TEXT NOT NULL DEFAULT 'due', paid_at INTEGER,"
	"  movement_id TEXT, reminded INTEGER NOT NULL DEFAULT 0, autopay_failed INTEGER NOT NULL DEFAULT 0);"
	"CREATE INDEX IF NOT EXISTS bills_customer ON bills(customer_id, due_at);"
	"CREATE TABLE IF NOT EXISTS cards ("
	"  id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, label TEXT NOT NULL, currency TEXT NOT NULL);"
	"CREATE TABLE IF NOT EXISTS points ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT, customer_id TEXT NOT NULL, at INTEGER NOT NULL,"
	"  points INTEGER NOT NULL, kind TEXT NOT NULL, description TEXT NOT NULL,"
	"  category TEXT NOT NULL DEFAULT '', expires_at INTEGER);"
	"CREATE INDEX IF NOT EXISTS points_customer ON points(customer_id, id);"
	"CREATE TABLE IF NOT EXISTS redemptions ("
	"  id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, item_id TEXT NOT NULL,"
	"  points INTEGER NOT NULL, at INTEGER NOT NULL, movement_id TEXT);"
	"CREATE TABLE IF NOT EXISTS offer_states ("
	"  customer_id TEXT NOT NULL, offer_id TEXT NOT NULL, state TEXT NOT NULL,"
	"  at INTEGER NOT NULL, PRIMARY KEY (customer_id, offer_id));"
	"CREATE TABLE IF NOT EXISTS feedback ("
	"  id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, at INTEGER NOT NULL,"
	"  rating INTEGER NOT NULL, flow TEXT NOT NULL, comment TEXT NOT NULL);";

static struct conn *remember(sqlite3 *db)
{
	struct conn *k = xcalloc(1, sizeof *k);

	k->db = db;
	pthread_mutex_lock(&conns_lock);
	conns = xrealloc(conns, (nconns + 1) * sizeof *conns);
	conns[nconns++] = k;
	pthread_mutex_unlock(&conns_lock);
	return k;
}

static void forget(struct conn *k)
{
	for (size_t i = 0; i < k->n; i++) {
		sqlite3_finalize(k->c[i].st);
		free(k->c[i].sql);
	}
	free(k->c);
	sqlite3_close_v2(k->db);
	free(k);
}

/* contains(text, words): whether words occur in text, letters of any
 * script in either case, as the search index (its trigram tokenizer) folds
 * them: the two ways a search is answered agree.  ASCII is folded at once;
 * the rest through the C.UTF-8 locale's case map. */
static locale_t utf8_locale;
static pthread_once_t utf8_once = PTHREAD_ONCE_INIT;

static void utf8_init(void)
{
	utf8_locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
}

/* The next character of s[0..n) folded, and its length in *len (1 for a byte that is no UTF-8). */
static uint32_t next_folded(const unsigned char *s, int n, int *len)
{
	uint32_t cp = s[0];
	int k = 1;

	if (cp < 0x80) {
		*len = 1;
		return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
	}
	if ((cp & 0xe0) == 0xc0 && n >= 2)
		k = 2, cp &= 0x1f;
	else if ((cp & 0xf0) == 0xe0 && n >= 3)
		k = 3, cp &= 0x0f;
	else if ((cp & 0xf8) == 0xf0 && n >= 4)
		k = 4, cp &= 0x07;
	else {
		*len = 1;
		return 0x80000000u | s[0];
	}
	for (int i = 1; i < k; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*len = 1;
			return 0x80000000u | s[0];
		}
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	*len = k;
	return utf8_locale ? (uint32_t)towlower_l((wint_t)cp, utf8_locale) : cp;
}

static void contains_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *t = sqlite3_value_text(argv[0]), *w = sqlite3_value_text(argv[1]);
	int tn = sqlite3_value_bytes(argv[0]), wn = sqlite3_value_bytes(argv[1]);

	(void)argc;
	if (!t || !w) {
		sqlite3_result_null(ctx);
		return;
	}
	pthread_once(&utf8_once, utf8_init);
	for (int i = 0, step; i < tn; i += step) {
		int a = i, b = 0, la, lb;
		next_folded(t + i, tn - i, &step);
		while (b < wn && a < tn && next_folded(t + a, tn - a, &la) == next_folded(w + b, wn - b, &lb))
			a += la, b += lb;
		if (b == wn) {
			sqlite3_result_int(ctx, 1);
			return;
		}
	}
	sqlite3_result_int(ctx, wn == 0);
}

static sqlite3 *open_conn(char *err, size_t errlen)
{
	sqlite3 *db = NULL;
	/* Each WAL frame in one write (walwrite.c); the memory database's
	 * URI names its own VFS, which wins. */
	int rc = sqlite3_open_v2(db_uri, &db,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI |
					 SQLITE_OPEN_NOMUTEX,
				 walwrite_register());
	if (rc != SQLITE_OK) {
		if (err)
			snprintf(err, errlen, "%s", db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, 10000);
	sqlite3_create_function(db, "contains", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
				NULL, contains_fn, NULL, NULL);
	/* No memory map (mmap_size): each connection mapped the file again
	 * whenever a checkpoint grew it, two munmaps per transfer, each a TLB
	 * shootdown on every core.  Without it, durable transfers went from
	 * 36-48 % to 46-50 % of the commit ceiling (three alternating pairs),
	 * and 100k rows of history still read in 0.20 s. */
	sqlite3_exec(db, "PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;", NULL, NULL, NULL);
	return db;
}

/* A database from before accounts.postings: count them once, and drop the
 * index the count replaces. */
static int count_postings(sqlite3 *db)
{
	return db_exec(db, "ALTER TABLE accounts ADD COLUMN postings INTEGER NOT NULL DEFAULT 0") ||
	       db_exec(db, "UPDATE accounts SET postings = (SELECT count(*) FROM postings p "
			   "WHERE p.account_id = accounts.id)") ||
	       db_exec(db, "DROP INDEX IF EXISTS postings_account_id");
}

/* A database from before notifications were kept as templates: theirs read in English. */
static int add_templates(sqlite3 *db)
{
	return db_exec(db, "ALTER TABLE notifications ADD COLUMN tpl TEXT") ||
	       db_exec(db, "ALTER TABLE notifications ADD COLUMN args TEXT");
}

/* A database from before postings named their own transfers: the
 * transfers between two accounts of one customer in one currency get
 * theirs (a conversion's two movements are not paired afterwards). */
static int add_links(sqlite3 *db)
{
	/* An index for this once (the live database has none on movement_id:
	 * see the schema), so the pairing is not a scan a posting. */
	return db_exec(db, "ALTER TABLE postings ADD COLUMN link TEXT") ||
	       db_exec(db, "ALTER TABLE postings ADD COLUMN counter_account TEXT") ||
	       db_exec(db, "ALTER TABLE postings ADD COLUMN counter_minor INTEGER") ||
	       db_exec(db, "ALTER TABLE postings ADD COLUMN counter_currency TEXT") ||
	       db_exec(db, "CREATE INDEX postings_link_once ON postings(movement_id)") ||
	       db_exec(db, "UPDATE postings AS p SET link = p.movement_id, counter_account = o.account_id, "
			   "counter_minor = o.amount, counter_currency = a.currency "
			   "FROM postings AS o, accounts AS a, accounts AS b "
			   "WHERE o.movement_id = p.movement_id AND o.id != p.id AND a.id = o.account_id "
			   "AND b.id = p.account_id AND a.customer_id = b.customer_id "
			   "AND (SELECT count(*) FROM postings c WHERE c.movement_id = p.movement_id) = 2") ||
	       db_exec(db, "DROP INDEX postings_link_once");
}

/* A database from before the search index: its postings indexed once. */
static int index_postings(sqlite3 *db)
{
	return db_exec(db, "INSERT INTO posting_search (posting_search) VALUES ('delete-all')") ||
	       db_exec(db, "INSERT INTO posting_search (rowid, description, counterparty) "
			   "SELECT p.id, p.description, p.counterparty FROM postings p "
			   "JOIN accounts a ON a.id = p.account_id WHERE a.kind != 'clearing'") ||
	       db_exec(db, "INSERT OR REPLACE INTO meta VALUES ('search_index', 1)");
}

/* A database from before support: everyone in it is a customer. */
static int add_roles(sqlite3 *db)
{
	return db_exec(db, "ALTER TABLE customers ADD COLUMN role TEXT NOT NULL DEFAULT 'customer' "
			   "CHECK (role IN ('customer','staff'))");
}

/* A database from before Verification of Payee: nothing in it was checked. */
static int add_vop(sqlite3 *db)
{
	static const char *const tables[] = { "payees", "transfers" };
	static const char *const columns[] = {
		"vop_outcome TEXT CHECK (vop_outcome IN ('match','close_match','no_match','not_possible'))",
		"vop_check TEXT", "vop_warned INTEGER NOT NULL DEFAULT 0",
	};
	char sql[200];

	for (size_t t = 0; t < 2; t++)
		for (size_t i = 0; i < 3; i++) {
			snprintf(sql, sizeof sql, "ALTER TABLE %s ADD COLUMN %s", tables[t], columns[i]);
			if (db_exec(db, sql))
				return -1;
		}
	return 0;
}

/* A database from before one_tree (movements and stored replies kept by
 * their key alone), or from the commit that also took notifications'
 * AUTOINCREMENT: each table not as the schema says is rebuilt once, its
 * rows copied (explicit ids keep sqlite_sequence above them).  Foreign
 * keys are off around it (db_init): postings name movements. */
static const char *upgrade_why; /* set by a step that fails a check of its own */

static const struct {
	const char *table, *columns, *names, *index, *shape;
} one_tree_tables[] = {
	{ "movements", MOVEMENTS_COLUMNS ") WITHOUT ROWID", "id, kind, currency, created_at", NULL, "%WITHOUT ROWID%" },
	{ "idempotency", IDEMPOTENCY_COLUMNS ") WITHOUT ROWID",
	  "customer_id, key, request_hash, status, body, created_at", NULL, "%WITHOUT ROWID%" },
	{ "notifications", NOTIFICATIONS_COLUMNS ")",
	  "id, customer_id, at, kind, title, body, amount, currency, ref, read, tpl, args", NOTIFICATIONS_INDEX,
	  "%AUTOINCREMENT%" },
};

static bool shaped(sqlite3 *db, size_t i)
{
	char *sql = sqlite3_mprintf("SELECT sql LIKE '%q' FROM sqlite_schema WHERE name = '%q'", one_tree_tables[i].shape,
				    one_tree_tables[i].table);
	bool ok = db_int(db, sql, NULL, 0) != 0;

	sqlite3_free(sql);
	return ok;
}

static int one_tree_done(sqlite3 *db)
{
	for (size_t i = 0; i < sizeof one_tree_tables / sizeof one_tree_tables[0]; i++)
		if (!shaped(db, i))
			return 0;
	return 1;
}

static int one_tree(sqlite3 *db)
{
	for (size_t i = 0; i < sizeof one_tree_tables / sizeof one_tree_tables[0]; i++) {
		const char *t = one_tree_tables[i].table, *names = one_tree_tables[i].names;
		char *sql;
		int rc;

		if (shaped(db, i))
			continue;
		sql = sqlite3_mprintf("CREATE TABLE %s_new (%s; INSERT INTO %s_new (%s) SELECT %s FROM %s; "
				      "DROP TABLE %s; ALTER TABLE %s_new RENAME TO %s;",
				      t, one_tree_tables[i].columns, t, names, names, t, t, t, t);
		rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
		sqlite3_free(sql);
		if (rc == SQLITE_OK && one_tree_tables[i].index) {
			sql = sqlite3_mprintf("CREATE INDEX %s", one_tree_tables[i].index);
			rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
			sqlite3_free(sql);
		}
		if (rc != SQLITE_OK)
			return -1;
	}
	/* Nothing the copy lost: every posting still names its movement. */
	if (db_int(db, "SELECT count(*) FROM pragma_foreign_key_check('postings')", NULL, 1)) {
		upgrade_why = "a posting names a movement the database does not hold";
		return -1;
	}
	return 0;
}

/* A database from before the spending table: sum its history once. */
static int sum_spending(sqlite3 *db)
{
	return db_spending_rebuild(db) || db_exec(db, "INSERT INTO meta VALUES ('spending', 1)");
}

/* Brings an older database up to date in one transaction, unless `done`
 * (a count) says it is already. */
static int upgrade(const char *done, int (*step)(sqlite3 *), const char *what, char *err, size_t errlen)
{
	if (db_int(anchor, done, NULL, 0))
		return 0;
	upgrade_why = NULL;
	if (db_exec(anchor, "BEGIN IMMEDIATE") || step(anchor) || db_exec(anchor, "COMMIT")) {
		snprintf(err, errlen, "%s failed: %s", what, upgrade_why ? upgrade_why : sqlite3_errmsg(anchor));
		db_exec(anchor, "ROLLBACK");
		return -1;
	}
	return 0;
}

int db_init(const char *path, char *err, size_t errlen)
{
	char *msg = NULL, installed[160];

	if (!strcmp(path, ":memory:"))
		snprintf(db_uri, sizeof db_uri, "file:/bankterm-sandbox-%ld?vfs=memdb", (long)getpid());
	else {
		char *q = sqlite3_mprintf("file:%s", path);
		snprintf(db_uri, sizeof db_uri, "%s", q);
		sqlite3_free(q);
	}
	anchor = open_conn(err, errlen);
	if (!anchor)
		return -1;
	if (strcmp(path, ":memory:")) {
		const char *wal;
		sqlite3_exec(anchor, "PRAGMA journal_mode=WAL;", NULL, NULL, NULL);
		wal = sqlite3_filename_wal(sqlite3_db_filename(anchor, "main"));
		snprintf(wal_path, sizeof wal_path, "%s", wal ? wal : "");
	}
	if (sqlite3_exec(anchor, schema, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, errlen, "%s", msg ? msg : "schema failed");
		sqlite3_free(msg);
		return -1;
	}
	if (upgrade("SELECT count(*) FROM pragma_table_info('accounts') WHERE name = 'postings'",
		    count_postings, "counting the postings", err, errlen) ||
	    upgrade("SELECT count(*) FROM meta WHERE key = 'spending'", sum_spending,
		    "summing the spending", err, errlen) ||
	    upgrade("SELECT count(*) FROM pragma_table_info('notifications') WHERE name = 'tpl'", add_templates,
		    "keeping notifications as templates", err, errlen) ||
	    upgrade("SELECT count(*) FROM pragma_table_info('postings') WHERE name = 'link'", add_links,
		    "linking the transfers between own accounts", err, errlen) ||
	    upgrade("SELECT count(*) FROM meta WHERE key = 'search_index'", index_postings,
		    "indexing the postings for search", err, errlen))
		return -1;
	if (upgrade("SELECT count(*) FROM pragma_table_info('customers') WHERE name = 'role'", add_roles,
		    "giving the customers a role", err, errlen))
		return -1;
	/* The help articles of this build, where the database holds others (or none). */
	if (help_installed_query(installed, sizeof installed) ||
	    upgrade(installed, help_install, "putting in the help articles", err, errlen))
		return -1;
	if (upgrade("SELECT count(*) FROM meta WHERE key = 'payee_directory' AND value = " VOP_DIRECTORY_VERSION,
		    vop_install, "putting in the payee directory", err, errlen) ||
	    upgrade("SELECT count(*) FROM pragma_table_info('payees') WHERE name = 'vop_outcome'", add_vop,
		    "keeping name checks with payees and payments", err, errlen))
		return -1;
	if (!one_tree_done(anchor)) {
		int failed;
		/* Off outside the transaction (PRAGMA foreign_keys cannot change
		 * inside one), and only for the rebuild; "SELECT 0": one_tree_done
		 * has said it is needed. */
		db_exec(anchor, "PRAGMA foreign_keys=OFF");
		failed = upgrade("SELECT 0", one_tree, "keeping movements and stored replies by their key alone", err,
				 errlen);
		db_exec(anchor, "PRAGMA foreign_keys=ON");
		if (failed)
			return -1;
	}
	thread_conn = remember(anchor);
	return 0;
}

void db_shutdown(void)
{
	pthread_mutex_lock(&conns_lock);
	for (size_t i = 0; i < nconns; i++)
		forget(conns[i]);
	free(conns);
	conns = NULL;
	nconns = 0;
	pthread_mutex_unlock(&conns_lock);
	anchor = NULL;
	thread_conn = NULL;
}

sqlite3 *db_conn(void)
{
	if (!thread_conn) {
		sqlite3 *db = open_conn(NULL, 0);
		if (!db) {
			fprintf(stderr, "bankterm-sandbox: cannot open the database\n");
			abort();
		}
		thread_conn = remember(db);
	}
	return thread_conn->db;
}

static struct conn *wconn;      /* the writers' connection (below) */
static _Thread_local bool writing;

/* The cache of db, when this thread may use it: its own connection's, or
 * the writers' during its turn. */
static struct conn *cache_of(sqlite3 *db)
{
	if (thread_conn && db == thread_conn->db)
		return thread_conn;
	if (wconn && db == wconn->db && writing)
		return wconn;
	return NULL;
}

static uint32_t sql_hash(const char *s)
{
	uint32_t h = 2166136261u;
	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static sqlite3_stmt *compile(sqlite3 *db, const char *sql, unsigned flags)
{
	sqlite3_stmt *st = NULL;
	int rc, tries = 0;

	/* Reading the schema can meet a lock held by another process: wait, as
	 * for any busy database; only a statement that cannot compile is a bug. */
	while ((rc = sqlite3_prepare_v3(db, sql, -1, flags, &st, NULL)) != SQLITE_OK &&
	       ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) && tries++ < 1000)
		usleep(10000);
	if (rc != SQLITE_OK) {
		fprintf(stderr, "bankterm-sandbox: bad statement: %s\n  %s\n", sqlite3_errmsg(db), sql);
		abort();
	}
	return st;
}

sqlite3_stmt *db_prepare(sqlite3 *db, const char *sql)
{
	struct conn *k = cache_of(db);
	uint32_t h;

	if (!k)
		return compile(db, sql, 0);
	h = sql_hash(sql);
	for (size_t i = 0; i < k->n; i++) {
		struct cached *e = &k->c[i];
		if (e->hash == h && !strcmp(e->sql, sql)) {
			if (e->lent)
				return compile(db, sql, 0);
			e->lent = true;
			return e->st;
		}
	}
	if (k->n == CACHE_MAX)
		return compile(db, sql, 0);
	if (k->n == k->cap) {
		k->cap = k->cap ? 2 * k->cap : 32;
		k->c = xrealloc(k->c, k->cap * sizeof *k->c);
	}
	k->c[k->n] = (struct cached){ xstrdup(sql), h, true,
				      compile(db, sql, SQLITE_PREPARE_PERSISTENT) };
	return k->c[k->n++].st;
}

int db_done(sqlite3_stmt *st)
{
	struct conn *k;
	int rc;

	if (!st)
		return SQLITE_OK;
	k = cache_of(sqlite3_db_handle(st));
	if (!k && wconn && sqlite3_db_handle(st) == wconn->db) {
		/* The turn has ended: the statement may be cached, and the
		 * connection is another writer's now. */
		fprintf(stderr, "bankterm-sandbox: a statement outlived its write turn\n");
		abort();
	}
	for (size_t i = 0; k && i < k->n; i++)
		if (k->c[i].st == st) {
			rc = sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			k->c[i].lent = false;
			return rc;
		}
	return sqlite3_finalize(st);
}

int db_exec(sqlite3 *db, const char *sql)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

int64_t db_int(sqlite3 *db, const char *sql, const char *arg, int64_t def)
{
	sqlite3_stmt *st = db_prepare(db, sql);
	int64_t v = def;
	if (arg)
		sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	db_done(st);
	return v;
}

int db_spending_rebuild(sqlite3 *db)
{
	if (db_exec(db, "DELETE FROM spending"))
		return -1;
	return db_exec(db, "INSERT INTO spending SELECT a.customer_id, a.currency, p.category, "
			   "p.booked_at / 86400, count(*), -sum(p.amount) FROM postings p "
			   "JOIN accounts a ON a.id = p.account_id "
			   "WHERE p.amount < 0 AND a.customer_id IS NOT NULL GROUP BY 1, 2, 3, 4");
}

int64_t db_now(sqlite3 *db)
{
	return (int64_t)time(NULL) + db_int(db, "SELECT value FROM meta WHERE key='clock_offset'", NULL, 0);
}

int db_set_start(sqlite3 *db, int64_t start)
{
	sqlite3_stmt *st = db_prepare(db, "INSERT OR REPLACE INTO meta VALUES ('start_at', ?1)");
	int rc;

	sqlite3_bind_int64(st, 1, start);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
	db_done(st);
	return rc || db_clock_restart(db);
}

int db_clock_restart(sqlite3 *db)
{
	int64_t start = db_int(db, "SELECT value FROM meta WHERE key = 'start_at'", NULL, 0);
	sqlite3_stmt *st = db_prepare(db, "UPDATE meta SET value = ?1 WHERE key = 'clock_offset'");
	int rc;

	sqlite3_bind_int64(st, 1, start ? start - (int64_t)time(NULL) : 0);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
	db_done(st);
	return rc;
}

/* Writes: one connection, writers sharing a transaction, and fsyncs
 * shared between commits.
 *
 * Each writer takes a turn on `writer` and works on `wdb`, the writers'
 * connection (its page cache stays warm).  Once the bank serves, a writer
 * whose turn ends while others wait for theirs leaves the transaction open
 * for them: each writer's part is a savepoint of it (a part rolled back
 * undoes that writer's work alone), and the last writer in the queue, or
 * the 16th, commits for all.  Every writer waits for that commit, and is
 * told whether it was made; a transaction SQLite rolled back on its own
 * (out of memory, a full disk) is made by nobody.  So what a transfer
 * pays once a commit (its pages written to the WAL: an account's balance,
 * the history's newest leaf, the search index's structure) is paid once
 * for several: with 8 clients the transfers' rate went 1558-1609 ->
 * 1889-1946 a second, when the writer's serial turn had become the bound.
 *
 * wdb commits with synchronous=NORMAL: COMMIT writes the WAL but does not
 * wait for the disk.  The writers then wait until an fdatasync of the WAL
 * that began after their COMMIT has ended; the first to wait runs it, and
 * one fsync makes every commit before it durable (group commit).  So no
 * answer goes out before its transfer is on disk, as with
 * synchronous=FULL, while the next writers already work.  Requests that
 * only read wait the same way (db_end_request), so nobody is shown what a
 * crash could still undo.  Left to SQLite, 8 writers each waited for their
 * own fsync, and those that met the lock slept in the busy handler (1, 2,
 * 5, 10 ms...) while it went free: a fifth of the disk's commit rate.
 * Another process still meets SQLite's own lock. */
#define BATCH_MAX 16

static pthread_mutex_t writer = PTHREAD_MUTEX_INITIALIZER;
static sqlite3 *wdb;              /* used only by the writer whose turn it is */

/* A writer's part of the open transaction. */
struct part {
	struct part *next;
	bool after_kept; /* parts kept before it: it may have read their work */
	bool kept;       /* released, not rolled back */
	bool over;       /* the transaction has ended (sync_lock) */
	bool made;       /* ... and was committed (sync_lock) */
	uint64_t commit; /* that commit's number, for wait_durable */
};
static struct part *parts;        /* of the open transaction (writer) */
static unsigned nparts;
static atomic_uint queued;        /* writers waiting for their turn */
static pthread_cond_t parts_over = PTHREAD_COND_INITIALIZER;
static _Thread_local struct part mine;
static _Thread_local bool shared; /* this turn's part is a savepoint */
static _Thread_local long hold_ms; /* --faults' hold=MS, for this request */
static _Thread_local bool hold_fails; /* ... and its transaction's COMMIT fails */
static bool fail_commit;           /* the next COMMIT fails (writer) */
static atomic_int holding;         /* turns held by hold=MS now */

/* --faults' hold-fail=MS: the COMMIT fails as on a full disk, and SQLite
 * rolls the transaction back. */
static int commit_hook(void *arg)
{
	(void)arg;
	if (!fail_commit)
		return 0;
	fail_commit = false;
	return 1;
}

static pthread_mutex_t sync_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t sync_done = PTHREAD_COND_INITIALIZER;
static uint64_t committed;        /* commits made on wdb */
static uint64_t synced;           /* commits known to be on disk */
static bool syncing;              /* an fdatasync is running */
static atomic_ulong parts_made;   /* writers' parts committed (stats) */

/* Opens (again, if SQLite made a new file) the WAL file for syncing. */
static int wal_open(void)
{
	struct stat a, b;

	if (wal_fd >= 0 && (fstat(wal_fd, &a) || stat(wal_path, &b) || a.st_ino != b.st_ino)) {
		close(wal_fd);
		wal_fd = -1;
	}
	if (wal_fd < 0)
		wal_fd = open(wal_path, O_RDONLY | O_CLOEXEC);
	return wal_fd;
}

/* Returns once every commit up to `upto` is on disk. */
static void wait_durable(uint64_t upto)
{
	pthread_mutex_lock(&sync_lock);
	while (synced < upto) {
		if (syncing) {
			pthread_cond_wait(&sync_done, &sync_lock);
			continue;
		}
		uint64_t target = committed;
		syncing = true;
		pthread_mutex_unlock(&sync_lock);
		/* A bank that cannot make its ledger durable must stop, not answer
		 * as though it had: on restart the WAL holds what was synced. */
		if (wal_open() < 0 || fdatasync(wal_fd)) {
			fprintf(stderr, "bankterm-sandbox: cannot sync the database: %s\n", strerror(errno));
			abort();
		}
		pthread_mutex_lock(&sync_lock);
		syncing = false;
		if (target > synced)
			synced = target;
		pthread_cond_broadcast(&sync_done);
	}
	pthread_mutex_unlock(&sync_lock);
}

static uint64_t committed_now(void)
{
	uint64_t n;

	pthread_mutex_lock(&sync_lock);
	n = committed;
	pthread_mutex_unlock(&sync_lock);
	return n;
}

/* Statement journals in memory once the bank serves.  A statement that
 * writes the search index merges its segments as it goes and can journal
 * more than 64 KiB, SQLite's default before a statement's journal goes to
 * a file: each such statement created, wrote and deleted a file in
 * /var/tmp, on the disk that commits (553 of 800 transfers).  Not while
 * seeding: sorts in memory took seeding a million rows from 29 to 89 MB.
 * (SQLITE_CONFIG_STMTJRNL_SPILL at 1 MiB did the same, but allocates 1 MiB
 * for each statement that journals: seeding 20,000 rows went from 3.7 to
 * 55 s under AddressSanitizer, each allocation a mapping of its own.) */
static bool serving, journals_in_memory;

void db_serve(void)
{
	pthread_mutex_lock(&writer);
	serving = true;
	pthread_mutex_unlock(&writer);
}

/* With the turn held: ends the open transaction, committing it when a
 * part was kept and SQLite has not rolled it back, and tells each part. */
static void parts_end(void)
{
	bool keep = false, ok = false;
	uint64_t n = 0;

	for (struct part *p = parts; p; p = p->next)
		keep |= p->kept;
	if (!sqlite3_get_autocommit(wdb) && keep)
		ok = sqlite3_exec(wdb, "COMMIT", NULL, NULL, NULL) == SQLITE_OK;
	if (!sqlite3_get_autocommit(wdb))
		sqlite3_exec(wdb, "ROLLBACK", NULL, NULL, NULL);
	pthread_mutex_lock(&sync_lock);
	if (ok)
		n = ++committed;
	for (struct part *p = parts; p; p = p->next) {
		p->over = true;
		p->made = ok;
		p->commit = n;
		if (ok && p->kept)
			atomic_fetch_add(&parts_made, 1);
	}
	pthread_cond_broadcast(&parts_over);
	pthread_mutex_unlock(&sync_lock);
	parts = NULL;
	nparts = 0;
}

sqlite3 *db_begin(void)
{
	if (writing)
		return NULL; /* no nested transactions */
	atomic_fetch_add(&queued, 1);
	pthread_mutex_lock(&writer);
	atomic_fetch_sub(&queued, 1);
	if (!wdb) {
		wdb = open_conn(NULL, 0);
		if (wdb) {
			wconn = remember(wdb);
			if (wal_path[0])
				sqlite3_exec(wdb, "PRAGMA synchronous=NORMAL", NULL, NULL, NULL);
			sqlite3_commit_hook(wdb, commit_hook, NULL);
		}
	}
	if (wdb && serving && !journals_in_memory)
		journals_in_memory = sqlite3_exec(wdb, "PRAGMA temp_store=MEMORY", NULL, NULL, NULL) == SQLITE_OK;
	/* Rolled back under the parts before: they are told, and a new one starts. */
	if (parts && sqlite3_get_autocommit(wdb))
		parts_end();
	for (int tries = 0; wdb && !parts && tries < 100; tries++) {
		int rc = sqlite3_exec(wdb, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			break;
		if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
			break;
		usleep(1000 * (unsigned)(1 + tries % 10));
	}
	if (!wdb || sqlite3_get_autocommit(wdb)) {
		if (parts)
			parts_end();
		pthread_mutex_unlock(&writer);
		return NULL;
	}
	shared = serving;
	if (shared && sqlite3_exec(wdb, "SAVEPOINT part", NULL, NULL, NULL) != SQLITE_OK) {
		parts_end(); /* the others' parts are committed; this writer is refused */
		pthread_mutex_unlock(&writer);
		return NULL;
	}
	mine = (struct part){ .next = parts };
	for (struct part *p = parts; p; p = p->next)
		mine.after_kept |= p->kept;
	parts = &mine;
	nparts++;
	writing = true;
	if (hold_ms > 0) {
		fail_commit |= hold_fails;
		atomic_fetch_add(&holding, 1);
		sb_sleep_ms(hold_ms);
		hold_ms = 0;
		atomic_fetch_sub(&holding, 1);
	}
	return wdb;
}

void sb_sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) == -1)
		;
}

void db_hold_turn(long ms, bool fail)
{
	hold_ms = ms;
	hold_fails = fail;
}

/* Ends this writer's part: kept, or rolled back.  The transaction goes on
 * when another writer waits for its turn, else it ends here.  Returns 0
 * once a kept part is committed and on disk, or once what a part rolled
 * back may have read (the parts kept before it) is: its answer stands. */
static int part_end(bool keep)
{
	bool asked = keep, made;
	uint64_t n;

	writing = false;
	if (shared) {
		if (keep && sqlite3_exec(wdb, "RELEASE part", NULL, NULL, NULL) != SQLITE_OK)
			keep = false;
		if (!keep && !sqlite3_get_autocommit(wdb)) {
			sqlite3_exec(wdb, "ROLLBACK TO part", NULL, NULL, NULL);
			sqlite3_exec(wdb, "RELEASE part", NULL, NULL, NULL);
		}
	}
	mine.kept = keep;
	if (!shared || atomic_load(&queued) == 0 || nparts >= BATCH_MAX || sqlite3_get_autocommit(wdb))
		parts_end();
	pthread_mutex_unlock(&writer);
	pthread_mutex_lock(&sync_lock);
	while (!mine.over)
		pthread_cond_wait(&parts_over, &sync_lock);
	made = mine.made;
	n = mine.commit;
	pthread_mutex_unlock(&sync_lock);
	if (!keep) /* a commit refused, or an answer read from a lost part */
		return asked || (mine.after_kept && !made) ? -1 : 0;
	if (!made)
		return -1;
	if (wal_path[0])
		wait_durable(n);
	return 0;
}

int db_commit(sqlite3 *db)
{
	if (!writing || db != wdb)
		return -1;
	return part_end(true);
}

int db_rollback(sqlite3 *db)
{
	if (!writing || db != wdb)
		return 0; /* the turn has ended already (a failed commit) */
	return part_end(false);
}

int db_holding(void)
{
	return atomic_load(&holding);
}

void db_write_stats(uint64_t *parts_committed, uint64_t *commits)
{
	*parts_committed = atomic_load(&parts_made);
	pthread_mutex_lock(&sync_lock);
	*commits = committed;
	pthread_mutex_unlock(&sync_lock);
}

void db_end_request(void)
{
	hold_ms = 0;
	if (writing) {
		fprintf(stderr, "bankterm-sandbox: a request left its transaction open; rolled back\n");
		db_rollback(wdb);
	}
	if (wal_path[0])
		wait_durable(committed_now());
}

void db_new_id(const char *prefix, char out[40])
{
	unsigned char b[8];
	if (getrandom(b, sizeof b, 0) != (ssize_t)sizeof b)
		abort();
	snprintf(out, 40, "%s_%02x%02x%02x%02x%02x%02x%02x%02x", prefix, b[0], b[1], b[2], b[3], b[4],
		 b[5], b[6], b[7]);
}
