/* check.c: `bankterm-sandbox --check DB`: every invariant of the ledger,
 * verified from the database alone.  Exits non-zero on any breach. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "iban.h"
#include "sandbox.h"

/* iban_ok(text): 1 when text is a valid IBAN in its compact form. */
static void iban_ok(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	char norm[IBAN_MAX + 1];

	(void)argc;
	sqlite3_result_int(ctx, s && iban_normalize(s, norm) == IBAN_OK && !strcmp(norm, s));
}

struct invariant {
	const char *what;
	const char *sql; /* rows returned are breaches; columns are printed */
};

static const struct invariant invariants[] = {
	{ "movement postings do not sum to zero per currency",
	  "SELECT p.movement_id, a.currency, sum(p.amount) FROM postings p "
	  "JOIN accounts a ON a.id = p.account_id GROUP BY p.movement_id, a.currency "
	  "HAVING sum(p.amount) != 0" },
	{ "account balance differs from the sum of its postings",
	  "SELECT a.id, a.balance, coalesce(sum(p.amount), 0) FROM accounts a "
	  "LEFT JOIN postings p ON p.account_id = a.id GROUP BY a.id "
	  "HAVING a.balance != coalesce(sum(p.amount), 0)" },
	{ "account's count of postings differs from its postings",
	  "SELECT a.id, a.postings, count(p.id) FROM accounts a "
	  "LEFT JOIN postings p ON p.account_id = a.id GROUP BY a.id "
	  "HAVING a.postings != count(p.id)" },
	{ "account balance below its floor",
	  "SELECT id, balance, floor FROM accounts WHERE balance < floor" },
	{ "posting on an account of another currency than its movement",
	  "SELECT p.id, a.currency, m.currency FROM postings p JOIN accounts a ON a.id = p.account_id "
	  "JOIN movements m ON m.id = p.movement_id WHERE a.currency != m.currency" },
	{ "posting without its account or movement",
	  "SELECT p.id, p.account_id, p.movement_id FROM postings p "
	  "LEFT JOIN accounts a ON a.id = p.account_id LEFT JOIN movements m ON m.id = p.movement_id "
	  "WHERE a.id IS NULL OR m.id IS NULL" },
	{ "movement with fewer than two postings",
	  "SELECT m.id, count(p.id), '' FROM movements m LEFT JOIN postings p ON p.movement_id = m.id "
	  "GROUP BY m.id HAVING count(p.id) < 2" },
	{ "completed transfer without its movement",
	  "SELECT t.id, t.status, coalesce(t.movement_id, '') FROM transfers t "
	  "LEFT JOIN movements m ON m.id = t.movement_id "
	  "WHERE t.status = 'completed' AND m.id IS NULL" },
	{ "points balance below zero",
	  "SELECT customer_id, sum(points), '' FROM points GROUP BY customer_id HAVING sum(points) < 0" },
	{ "paid bill without its movement",
	  "SELECT b.id, b.status, coalesce(b.movement_id, '') FROM bills b "
	  "LEFT JOIN movements m ON m.id = b.movement_id WHERE b.status = 'paid' AND m.id IS NULL" },
	{ "exchange quote used by more than one transfer",
	  "SELECT quote_id, count(*), '' FROM transfers WHERE quote_id IS NOT NULL "
	  "GROUP BY quote_id HAVING count(*) > 1" },
	{ "payee or account with an IBAN that fails its check digits",
	  "SELECT id, iban, '' FROM payees WHERE NOT iban_ok(iban) "
	  "UNION ALL SELECT id, iban, '' FROM accounts WHERE iban IS NOT NULL AND NOT iban_ok(iban)" },
	{ "spending summary differs from the customer's payments",
	  "SELECT coalesce(s.customer_id, p.customer_id), coalesce(s.total, 0), coalesce(p.total, 0) FROM "
	  "(SELECT customer_id, currency, category, day, n, total FROM spending) s FULL JOIN "
	  "(SELECT a.customer_id, a.currency, p.category, p.booked_at / 86400 AS day, count(*) AS n, "
	  " -sum(p.amount) AS total FROM postings p JOIN accounts a ON a.id = p.account_id "
	  " WHERE p.amount < 0 AND a.customer_id IS NOT NULL GROUP BY 1, 2, 3, 4) p "
	  "ON s.customer_id = p.customer_id AND s.currency = p.currency AND s.category = p.category "
	  "AND s.day = p.day WHERE s.n IS NOT p.n OR s.total IS NOT p.total" },
	{ "customer's posting missing from the search index",
	  "SELECT p.id, p.account_id, '' FROM postings p JOIN accounts a ON a.id = p.account_id "
	  "WHERE a.kind != 'clearing' AND p.id NOT IN (SELECT rowid FROM posting_search)" },
	{ "search index entry of no customer's posting",
	  "SELECT s.rowid, '', '' FROM posting_search s WHERE s.rowid NOT IN "
	  "(SELECT p.id FROM postings p JOIN accounts a ON a.id = p.account_id WHERE a.kind != 'clearing')" },
	/* The index holds no text to compare: every 997th posting is looked up by its own description. */
	{ "search index does not find a posting by its own description",
	  "SELECT p.id, p.description, '' FROM postings p JOIN accounts a ON a.id = p.account_id "
	  "WHERE a.kind != 'clearing' AND p.id % 997 = 0 AND length(p.description) >= 3 AND p.id NOT IN "
	  "(SELECT rowid FROM posting_search WHERE posting_search MATCH '\"' || replace(p.description, '\"', '\"\"') || '\"')" },
	{ "payee or payment with a name check outcome not one of the four",
	  "SELECT id, vop_outcome, 'payee' FROM payees WHERE vop_outcome IS NOT NULL AND vop_outcome NOT IN "
	  "('match','close_match','no_match','not_possible') UNION ALL SELECT id, vop_outcome, 'transfer' FROM "
	  "transfers WHERE vop_outcome IS NOT NULL AND vop_outcome NOT IN "
	  "('match','close_match','no_match','not_possible')" },
	{ "payee or payment citing a name check that is not its customer's, for its IBAN",
	  "SELECT p.id, p.vop_check, 'payee' FROM payees p WHERE p.vop_check IS NOT NULL AND NOT EXISTS "
	  "(SELECT 1 FROM payee_checks k WHERE k.id = p.vop_check AND k.customer_id = p.customer_id "
	  "AND k.iban = p.iban) UNION ALL SELECT t.id, t.vop_check, 'transfer' FROM transfers t "
	  "LEFT JOIN payees p ON p.id = t.payee_id WHERE t.vop_check IS NOT NULL AND NOT EXISTS "
	  "(SELECT 1 FROM payee_checks k WHERE k.id = t.vop_check AND k.customer_id = t.customer_id "
	  "AND k.iban IS p.iban)" },
	{ "payment to a payee whose name did not match, without the customer warned",
	  "SELECT id, coalesce(payee_id, ''), vop_warned FROM transfers WHERE vop_outcome = 'no_match' "
	  "AND vop_warned = 0" },
	{ "support conversation of no customer, or of a member of staff",
	  "SELECT t.id, t.customer_id, coalesce(c.role, '') FROM support_threads t "
	  "LEFT JOIN customers c ON c.id = t.customer_id WHERE c.id IS NULL OR c.role = 'staff'" },
	{ "support conversation without its first message",
	  "SELECT t.id, t.subject, '' FROM support_threads t WHERE NOT EXISTS "
	  "(SELECT 1 FROM support_messages m WHERE m.thread_id = t.id AND m.sender = 'customer')" },
	{ "support message without its conversation",
	  "SELECT m.id, m.thread_id, '' FROM support_messages m "
	  "LEFT JOIN support_threads t ON t.id = m.thread_id WHERE t.id IS NULL" },
	{ "support message from staff by someone not staff, or from the customer or the bank by staff",
	  "SELECT m.id, m.sender, coalesce(m.staff_id, '') FROM support_messages m "
	  "LEFT JOIN customers s ON s.id = m.staff_id "
	  "WHERE (m.sender = 'staff') != (s.role IS 'staff') OR (m.sender != 'staff' AND m.staff_id IS NOT NULL)" },
	{ "support conversation closed without its close, or open with one",
	  "SELECT id, status, coalesce(closed_by, '') FROM support_threads "
	  "WHERE (status = 'closed') != (closed_at IS NOT NULL AND closed_by IN ('customer', 'staff'))" },
	{ "help article missing in a language the bank writes",
	  "SELECT slug, count(*), group_concat(lang) FROM help_articles GROUP BY slug HAVING count(*) != "
	  "(SELECT count(DISTINCT lang) FROM help_articles)" },
	{ "help article missing from the help's search index",
	  "SELECT a.slug, a.lang, '' FROM help_articles a WHERE a.id NOT IN (SELECT rowid FROM help_search)" },
	{ "customer account that belongs to nobody",
	  "SELECT a.id, a.kind, coalesce(a.customer_id, '') FROM accounts a "
	  "LEFT JOIN customers c ON c.id = a.customer_id "
	  "WHERE a.kind != 'clearing' AND c.id IS NULL" },
};

static bool db_has_table(sqlite3 *db, const char *name)
{
	sqlite3_stmt *st;
	bool yes = false;

	if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1", -1, &st,
			       NULL) != SQLITE_OK)
		return false;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	yes = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return yes;
}

int check_db(const char *path, FILE *to)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st;
	int breaches = 0;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		fprintf(to, "cannot open %s: %s\n", path, db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return 2;
	}
	sqlite3_create_function(db, "iban_ok", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, iban_ok, NULL, NULL);
	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK) {
		fprintf(to, "%s is not a sandbox database: %s\n", path, sqlite3_errmsg(db));
		sqlite3_close(db);
		return 2;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *r = (const char *)sqlite3_column_text(st, 0);
		if (r && strcmp(r, "ok")) {
			fprintf(to, "BREACH: database integrity: %s\n", r);
			breaches++;
		}
	}
	sqlite3_finalize(st);
	for (size_t i = 0; i < sizeof invariants / sizeof invariants[0]; i++) {
		if (sqlite3_prepare_v2(db, invariants[i].sql, -1, &st, NULL) != SQLITE_OK) {
			/* A sandbox's own database, from before a column was added,
			 * is brought up to date by the sandbox, not by --check (it
			 * only reads). */
			char why[256];
			snprintf(why, sizeof why, "%s", sqlite3_errmsg(db));
			if (db_has_table(db, "postings"))
				fprintf(to, "%s is from an older bankterm-sandbox (%s): start the sandbox on it once "
					    "to bring it up to date, then check it\n", path, why);
			else
				fprintf(to, "%s is not a sandbox database: %s\n", path, why);
			sqlite3_close(db);
			return 2;
		}
		while (sqlite3_step(st) == SQLITE_ROW) {
			fprintf(to, "BREACH: %s: %s %s %s\n", invariants[i].what,
				sqlite3_column_text(st, 0), sqlite3_column_text(st, 1),
				sqlite3_column_text(st, 2));
			breaches++;
		}
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	if (breaches)
		fprintf(to, "%d breach%s found\n", breaches, breaches == 1 ? "" : "es");
	else
		fprintf(to, "ok: %zu invariants hold\n", sizeof invariants / sizeof invariants[0] + 1);
	return breaches ? 1 : 0;
}
