/* vop.c: Verification of Payee, the bank's side.  Before a customer saves
 * a payee or pays one for the first time, the bank checks the name typed
 * against the holder of the IBAN: the sandbox's own customers by their
 * accounts, and a directory of accounts at other banks (people and
 * businesses, names with accents and legal forms, a few at banks that do
 * not answer).  vop_match.c compares the names.
 *
 * The answer says as little as the scheme allows: the holder's name only
 * for a close match, so the check cannot be used to learn who holds an
 * IBAN; and each customer may ask VOP_PER_MINUTE times a minute and
 * VOP_PER_DAY times a day (a person adding payees needs a handful;
 * harvesting the names behind IBANs needs thousands).  Every check is kept
 * (payee_checks), which the limits count and a payee or payment may cite. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "handlers.h"
#include "iban.h"
#include "sandbox.h"
#include "vop.h"
#include "vop_match.h"

#define VOP_PER_MINUTE 10
#define VOP_PER_DAY 60

/* The directory of account holders at other banks.  reachable 0: their
 * bank does not answer, so no check is possible. */
static const struct {
	const char *cc, *bban, *name, *kind;
	int reachable;
} directory[] = {
	/* the demo customers' payees */
	{ "DE", "500105170420004711", "Omar Haddad", "person", 1 },
	{ "GB", "BARC20005512345678", "Jamie Chen", "person", 1 },
	{ "DE", "370400440532013000", "Emma Whitfield", "person", 1 },
	{ "DE", "100500001234567890", "St. Marien Gemeinde", "business", 1 },
	{ "TR", "0006100519786457841326", "Anatolia Textiles Ltd", "business", 1 },
	{ "GB", "NWBK60161331926819", "Port Freight Co", "business", 1 },
	{ "DE", "500105170001234567", "Keller GmbH", "business", 1 },
	{ "GB", "HBUK40127612345678", "Mei Wei", "person", 1 },
	/* people */
	{ "DE", "120300000012345678", "Zoë Müller", "person", 1 },
	{ "DE", "200411330123456789", "Jürgen Weiß", "person", 1 },
	{ "DE", "430609671234567800", "Lena Schröder", "person", 1 },
	{ "GB", "LOYD30963812345678", "Priya Natarajan", "person", 1 },
	{ "GB", "MIDL40051512345678", "Siobhan O'Brien", "person", 1 },
	{ "GB", "NWBK56001122334455", "Thomas Wright", "person", 1 },
	{ "NL", "ABNA0417164300", "Jan de Vries", "person", 1 },
	{ "NL", "INGB0001234567", "Sanne van den Berg", "person", 1 },
	{ "BE", "539007547034", "François Lefèvre", "person", 1 },
	{ "BE", "063123456789", "Élodie Durand", "person", 1 },
	{ "AT", "1904300234573201", "Lukas Gruber", "person", 1 },
	{ "AT", "2011182221219800", "Ana Kovačević", "person", 1 },
	{ "ES", "21000418450200051332", "María José García López", "person", 1 },
	{ "ES", "00491500051234567892", "Javier Núñez Ortega", "person", 1 },
	{ "FR", "30006000011234567890189", "Chloé Martin", "person", 1 },
	{ "IT", "X0542811101000000123456", "Giulia Bianchi", "person", 1 },
	{ "PL", "109010140000071219812874", "Łukasz Wiśniewski", "person", 1 },
	{ "GB", "BARC20031847123456", "Aisha Bello", "person", 1 },
	{ "DE", "760100850123456789", "Chen Jamie", "person", 1 },
	/* businesses */
	{ "DE", "700202700012345678", "Bäckerei Schäfer GmbH", "business", 1 },
	{ "DE", "370501980012345679", "Müller & Söhne GmbH & Co. KG", "business", 1 },
	{ "DE", "370501981900012345", "Stadtwerke Köln GmbH", "business", 1 },
	{ "GB", "HBUK40051587654321", "Harrow & Finch Solicitors LLP", "business", 1 },
	{ "GB", "LOYD30005098765432", "Oakridge Dental Ltd", "business", 1 },
	{ "GB", "BUKB20201555555555", "Brightwave Inc", "business", 1 },
	{ "NL", "RABO0123456789", "Van der Berg Installatie BV", "business", 1 },
	{ "BE", "310123456789", "Chocolaterie Dupont SA", "business", 1 },
	{ "FR", "10107001180006210123489", "Boulangerie Lefèvre SARL", "business", 1 },
	{ "ES", "01821234561234567890", "Talleres Núñez SL", "business", 1 },
	{ "AT", "3200000012345678", "Alpenblick Hotel GmbH", "business", 1 },
	{ "IT", "Y0300203280000400162854", "Ferramenta Rossi SRL", "business", 1 },
	{ "GB", "MIDL40051599887766", "Verizon Wireless Inc", "business", 1 },
	{ "DE", "500105170099887766", "Nordlicht Energie AG", "business", 1 },
	/* at banks that do not answer */
	{ "IT", "Z0306909606100000063849", "Marco Esposito", "person", 0 },
	{ "ES", "20381234561234567890", "Lucía Fernández", "person", 0 },
	{ "FR", "20041010050500013402606", "Atelier Moreau SAS", "business", 0 },
	{ "PL", "249000040000004600981234", "Kowalski Transport", "business", 0 },
};

int vop_install(sqlite3 *db)
{
	sqlite3_stmt *st;
	int rc = 0;

	if (db_exec(db, "DELETE FROM payee_directory"))
		return -1;
	st = db_prepare(db, "INSERT INTO payee_directory (iban, name, kind, reachable) VALUES (?1, ?2, ?3, ?4)");
	for (size_t i = 0; i < sizeof directory / sizeof directory[0] && !rc; i++) {
		char iban[IBAN_MAX + 1];
		/* The directory is ours: an IBAN of the wrong shape is a bug, caught at once. */
		if (iban_make(directory[i].cc, directory[i].bban, iban) != IBAN_OK) {
			fprintf(stderr, "bankterm-sandbox: the payee directory's %s has a bad BBAN\n", directory[i].name);
			rc = -1;
			break;
		}
		sqlite3_bind_text(st, 1, iban, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, directory[i].name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, directory[i].kind, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 4, directory[i].reachable);
		rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
		sqlite3_reset(st);
	}
	db_done(st);
	return rc || db_exec(db, "INSERT OR REPLACE INTO meta VALUES ('payee_directory', " VOP_DIRECTORY_VERSION ")");
}

/* The customer's checks since `since`. */
static int64_t checks_since(struct sb_ctx *c, int64_t since)
{
	sqlite3_stmt *st = db_prepare(c->db, "SELECT count(*) FROM payee_checks WHERE customer_id = ?1 AND at > ?2");
	int64_t n;

	sqlite3_bind_text(st, 1, c->customer, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, since);
	n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	db_done(st);
	return n;
}

/* The holder of iban: ours (a customer's account) or the directory's.
 * false when nobody the bank can ask holds it, or their bank does not answer. */
static bool holder(struct sb_ctx *c, const char *iban, char *name, size_t len)
{
	sqlite3_stmt *st = db_prepare(c->db, "SELECT c.display_name, 1 FROM accounts a JOIN customers c "
					     "ON c.id = a.customer_id WHERE a.iban = ?1 "
					     "UNION ALL SELECT name, reachable FROM payee_directory WHERE iban = ?1 LIMIT 1");
	bool found = false;

	sqlite3_bind_text(st, 1, iban, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 1)) {
		snprintf(name, len, "%s", (const char *)sqlite3_column_text(st, 0));
		found = true;
	}
	db_done(st);
	return found;
}

static const char *outcome_code(enum vop_outcome o)
{
	return o == VOP_MATCH ? "match" : o == VOP_CLOSE ? "close_match" : "no_match";
}

bool vop_check_now(struct sb_ctx *c, const char *iban, const char *name, char id[40], char outcome[16],
		   char *registered, size_t reglen)
{
	enum vop_outcome o = VOP_NO_MATCH;
	bool possible = holder(c, iban, registered, reglen);
	sqlite3_stmt *st;
	bool kept;

	if (possible)
		o = vop_match(name, registered, NULL);
	snprintf(outcome, 16, "%s", possible ? outcome_code(o) : "not_possible");
	if (!possible)
		*registered = '\0';
	db_new_id("vop", id);
	st = db_prepare(c->db, "INSERT INTO payee_checks (id, customer_id, iban, name, outcome, at) "
			       "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->customer, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, iban, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, outcome, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, db_now(c->db));
	kept = sqlite3_step(st) == SQLITE_DONE;
	db_done(st);
	if (!kept)
		sb_problem(c, 503, "unavailable", "the check could not be kept; ask again", NULL);
	return kept;
}

/* POST /payees/verify {iban, name}: the outcome, and the holder's name on a close match only. */
void payees_verify(struct sb_ctx *c)
{
	json_object *body = sb_body(c), *o;
	struct json_error err = { 0 };
	const char *typed_iban, *name;
	char iban[IBAN_MAX + 1], registered[256], id[40], code[16];
	int64_t now, last_minute;

	if (!body)
		return;
	if (json_get_string(body, NULL, "iban", 0, 64, &typed_iban, &err)) {
		sb_bad_field(c, &err);
		goto out;
	}
	if (iban_normalize(typed_iban, iban) != IBAN_OK) {
		sb_field_problem(c, "iban", "not a valid IBAN (its length, letters or check digits)");
		goto out;
	}
	if (!sb_plain_field(c, body, "name", VOP_NAME_MAX, false, &name))
		goto out;
	now = db_now(c->db);
	last_minute = checks_since(c, now - 60);
	if (last_minute >= VOP_PER_MINUTE || checks_since(c, now - 86400) >= VOP_PER_DAY) {
		c->retry_after = last_minute >= VOP_PER_MINUTE ? 60 : 3600;
		sb_problem(c, 429, "rate_limited", "too many payee checks: wait and check again", NULL);
		goto out;
	}
	if (!vop_check_now(c, iban, name, id, code, registered, sizeof registered))
		goto out;
	o = json_object_new_object();
	json_object_object_add(o, "id", json_object_new_string(id));
	json_object_object_add(o, "iban", json_object_new_string(iban));
	json_object_object_add(o, "outcome", json_object_new_string(code));
	/* The holder's name for a close match only: no more than the scheme needs. */
	if (!strcmp(code, "close_match"))
		json_object_object_add(o, "name", json_object_new_string(registered));
	sb_reply(c, 200, o);
out:
	json_object_put(body);
}

/* A check a payee or payment cites: this customer's, for this IBAN, at most
 * VOP_CITE_AGE old, and for this name; or, when it was a close match, for
 * the holder's name it offered (taken: a match).  The outcome is the bank's,
 * never the client's word.  A check nobody could answer stays not_possible. */
bool vop_cited(struct sb_ctx *c, const char *check, const char *iban, const char *name, char outcome[16])
{
	sqlite3_stmt *st = db_prepare(c->db, "SELECT name, outcome FROM payee_checks WHERE id = ?1 AND "
					     "customer_id = ?2 AND iban = ?3 AND at > ?4");
	char registered[256];
	bool ok = false;

	sqlite3_bind_text(st, 1, check, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->customer, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, iban, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, db_now(c->db) - VOP_CITE_AGE);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *checked = (const char *)sqlite3_column_text(st, 0), *was = (const char *)sqlite3_column_text(st, 1);
		if (!strcmp(checked, name)) {
			snprintf(outcome, 16, "%s", was);
			ok = true;
		} else if (!strcmp(was, "close_match") && holder(c, iban, registered, sizeof registered) &&
			   !strcmp(registered, name)) {
			snprintf(outcome, 16, "match");
			ok = true;
		}
	}
	db_done(st);
	if (!ok)
		sb_field_problem(c, "vop_check", "no name check of yours for this IBAN and name in the last day: "
						 "check the name again (POST /payees/verify)");
	return ok;
}

/* No match goes ahead only when the customer was warned and went on. */
bool vop_heeded(struct sb_ctx *c, const char *outcome, bool warned)
{
	if (outcome && !strcmp(outcome, "no_match") && !warned) {
		sb_problem(c, 409, "name_mismatch",
			   "the name does not match the account holder's: go ahead only after warning the customer "
			   "(vop_warned: true)",
			   NULL);
		return false;
	}
	return true;
}
