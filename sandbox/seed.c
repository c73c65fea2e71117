/* seed.c: the demo bank's customers, the four personas of the bank's research,
 * with 13 months of history.  The history is deterministic (a fixed PRNG
 * seed), dated relative to the sandbox's "now", and booked through the real
 * ledger, so every balance equals its postings from the first request on. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "iban.h"
#include "sandbox.h"
#include "totp.h"

#define DAY 86400
#define HISTORY_DAYS 396 /* 13 months */

/* Grace's authenticator secret: fixed, so demos and tests can compute codes. */
static const char grace_totp[] = "grace-demo-totp-key!";

struct persona {
	const char *username, *display_name, *email, *tier, *locale, *about;
};

static const struct persona personas[] = {
	{ "alex", "Alex Morgan", "alex@example.com", "gold", "en_US",
	  "young professional: many small card payments, wants offers and points" },
	{ "grace", "Grace Whitfield", "grace@example.com", "silver", "en_GB",
	  "retiree: security-minded (TOTP enrolled), pays bills, simple steps" },
	{ "omar", "Omar Haddad", "omar@haddad-trading.example", "platinum", "en_US",
	  "business owner: large transfers, USD/EUR/GBP accounts, payroll" },
	{ "lin", "Lin Wei", "lin.wei@example.com", "gold", "zh_CN",
	  "investor: several accounts incl. savings, dividends and interest" },
};

struct seeder {
	sqlite3 *db;
	uint64_t rng;
	int64_t start; /* midnight UTC, HISTORY_DAYS before now */
	int64_t now;
	unsigned serial;
};

static uint64_t next(struct seeder *s)
{
	/* xorshift64*: small, fast, and the same sequence on every machine */
	s->rng ^= s->rng >> 12;
	s->rng ^= s->rng << 25;
	s->rng ^= s->rng >> 27;
	return s->rng * 2685821657736338717ULL;
}

/* A number in [lo, hi]. */
static int64_t range(struct seeder *s, int64_t lo, int64_t hi)
{
	return lo + (int64_t)(next(s) % (uint64_t)(hi - lo + 1));
}

static void seed_id(struct seeder *s, const char *prefix, char out[40])
{
	snprintf(out, 40, "%s_%016" PRIx64, prefix, next(s));
}

static void customer(struct seeder *s, const struct persona *p, const char *hash, char id[40])
{
	sqlite3_stmt *st = db_prepare(s->db, "INSERT INTO customers (id, username, display_name, "
					     "password_hash, totp_secret, tier, locale, email, created_at) "
					     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
	seed_id(s, "cus", id);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, p->username, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, p->display_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, hash, -1, SQLITE_STATIC);
	if (!strcmp(p->username, "grace"))
		sqlite3_bind_blob(st, 5, grace_totp, (int)strlen(grace_totp), SQLITE_STATIC);
	sqlite3_bind_text(st, 6, p->tier, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, p->locale, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, p->email, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 9, s->start);
	sqlite3_step(st);
	sqlite3_finalize(st);
}

static void account(struct seeder *s, const char *cust, const char *kind, const char *name,
		    const char *currency, int64_t floor, char id[40])
{
	sqlite3_stmt *st = db_prepare(s->db, "INSERT INTO accounts (id, customer_id, kind, name, "
					     "currency, iban, floor, opened_at) VALUES "
					     "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
	char bban[24], iban[IBAN_MAX + 1];

	seed_id(s, "acc", id);
	/* The sandbox bank's German IBANs: bank code 50010517, a 10-digit account number. */
	snprintf(bban, sizeof bban, "50010517%010u", 4200000000u + ++s->serial * 7919u);
	iban_make("DE", bban, iban);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, cust, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, currency, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, iban, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, floor);
	sqlite3_bind_int64(st, 8, s->start);
	sqlite3_step(st);
	sqlite3_finalize(st);
}

static void payee(struct seeder *s, const char *cust, const char *name, const char *cc,
		  const char *bban, const char *currency)
{
	sqlite3_stmt *st = db_prepare(s->db, "INSERT INTO payees (id, customer_id, name, iban, "
					     "currency, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	char id[40], iban[IBAN_MAX + 1];

	seed_id(s, "pay", id);
	iban_make(cc, bban, iban);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, cust, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, iban, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, currency, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, s->start);
	sqlite3_step(st);
	sqlite3_finalize(st);
}

/* Money from or to the world outside: the account against its currency's
 * clearing account.  Spending that would break a floor is simply skipped. */
static void outside(struct seeder *s, int64_t at, const char *kind, const char *acct,
		    const char *currency, int64_t amount, const char *desc, const char *cp,
		    const char *category)
{
	char mid[40], clearing[40];
	struct posting p[2];

	if (at > s->now)
		return;
	seed_id(s, "mov", mid);
	ledger_clearing_account(currency, clearing);
	p[0] = (struct posting){ acct, amount, desc, cp, category };
	p[1] = (struct posting){ clearing, -amount, desc, cp, category };
	ledger_post(s->db, mid, kind, at, currency, p, 2);
}

static void internal(struct seeder *s, int64_t at, const char *from, const char *to,
		     const char *currency, int64_t amount, const char *desc, const char *from_name,
		     const char *to_name)
{
	char mid[40];
	struct posting p[2];

	if (at > s->now)
		return;
	seed_id(s, "mov", mid);
	p[0] = (struct posting){ from, -amount, desc, to_name, "transfer" };
	p[1] = (struct posting){ to, amount, desc, from_name, "transfer" };
	ledger_post(s->db, mid, "transfer", at, currency, p, 2);
}

/* A merchant a persona pays, how often, and how much. */
struct spend {
	const char *merchant, *category;
	int per_100_days; /* expected visits per 100 days */
	int64_t lo, hi;   /* minor units */
};

static void spend(struct seeder *s, int64_t day, const char *acct, const char *currency,
		  const struct spend *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (range(s, 0, 99) >= list[i].per_100_days)
			continue;
		outside(s, day + range(s, 8 * 3600, 21 * 3600), "card", acct, currency,
			-range(s, list[i].lo, list[i].hi), list[i].merchant, list[i].merchant,
			list[i].category);
	}
}

/* Seconds into the month's day d (1-based) for a day that starts at `day`. */
static int mday(int64_t day)
{
	time_t t = (time_t)day;
	struct tm tm;
	gmtime_r(&t, &tm);
	return tm.tm_mday;
}

static void seed_alex(struct seeder *s, const char *hash)
{
	static const struct spend daily[] = {
		{ "Blue Bottle Coffee", "dining", 70, 450, 675 },
		{ "Sweetgreen", "dining", 45, 1195, 1850 },
		{ "Whole Foods Market", "groceries", 30, 2500, 12000 },
		{ "Lyft", "transport", 35, 900, 3500 },
		{ "Amazon", "shopping", 15, 1500, 15000 },
		{ "The Smith", "dining", 10, 3500, 9500 },
		{ "Apple Store", "shopping", 1, 2900, 129900 },
	};
	char cus[40], cur[40], sav[40], card[40], wal[40];

	customer(s, &personas[0], hash, cus);
	account(s, cus, "current", "Everyday", "USD", -50000, cur);
	account(s, cus, "savings", "Savings", "USD", 0, sav);
	account(s, cus, "credit", "Visa Credit", "USD", -500000, card);
	account(s, cus, "wallet", "Wallet", "USD", 0, wal);
	payee(s, cus, "Omar Haddad", "DE", "50010517420004711", "USD");
	payee(s, cus, "Jamie Chen", "GB", "BARC20005512345678", "USD");
	outside(s, s->start + 9 * 3600, "deposit", cur, "USD", 620000, "Opening balance", "Opening balance", "income");
	outside(s, s->start + 9 * 3600, "deposit", sav, "USD", 1250000, "Opening balance", "Opening balance", "income");
	outside(s, s->start + 9 * 3600, "deposit", wal, "USD", 4000, "Opening balance", "Opening balance", "income");
	for (int64_t day = s->start; day <= s->now; day += DAY) {
		int d = mday(day);
		if (d == 1)
			outside(s, day + 6 * 3600, "salary", cur, "USD", 485000, "Salary Brightwave Inc",
				"Brightwave Inc", "income");
		if (d == 2)
			outside(s, day + 10 * 3600, "transfer", cur, "USD", -165000, "Rent",
				"Omar Haddad", "housing");
		if (d == 3)
			internal(s, day + 11 * 3600, cur, sav, "USD", 30000, "Monthly savings", "Everyday", "Savings");
		if (d == 5) {
			outside(s, day + 7 * 3600, "card", card, "USD", -1549, "Netflix", "Netflix", "entertainment");
			outside(s, day + 7 * 3600, "card", card, "USD", -1099, "Spotify", "Spotify", "entertainment");
		}
		if (d == 8)
			outside(s, day + 7 * 3600, "card", card, "USD", -18500, "Equinox", "Equinox", "health");
		if (d == 25) {
			/* Pay off the card from the current account. */
			int64_t owed = -db_int(s->db, "SELECT balance FROM accounts WHERE id = ?1", card, 0);
			if (owed > 0)
				internal(s, day + 9 * 3600, cur, card, "USD", owed, "Card payment", "Everyday", "Visa Credit");
		}
		if (d == 15)
			internal(s, day + 12 * 3600, cur, wal, "USD", 5000, "Wallet top-up", "Everyday", "Wallet");
		spend(s, day, card, "USD", daily, sizeof daily / sizeof daily[0]);
		if (range(s, 0, 99) < 20)
			outside(s, day + range(s, 8 * 3600, 20 * 3600), "card", wal, "USD", -range(s, 300, 1500),
				"Vending and transit", "City Transit", "transport");
	}
}

static void seed_grace(struct seeder *s, const char *hash)
{
	static const struct spend weekly[] = {
		{ "REWE", "groceries", 30, 1800, 7500 },
		{ "Apotheke am Markt", "health", 8, 500, 4200 },
		{ "Buchhandlung Lesezeit", "shopping", 3, 1200, 3500 },
		{ "Café Anna", "dining", 6, 650, 1800 },
	};
	char cus[40], cur[40], sav[40];

	customer(s, &personas[1], hash, cus);
	account(s, cus, "current", "Pension Account", "EUR", 0, cur);
	account(s, cus, "savings", "Rainy Day Savings", "EUR", 0, sav);
	payee(s, cus, "Emma Whitfield", "DE", "37040044053201300", "EUR");
	payee(s, cus, "St. Marien Gemeinde", "DE", "10050000123456789", "EUR");
	outside(s, s->start + 9 * 3600, "deposit", cur, "EUR", 310000, "Opening balance", "Opening balance", "income");
	outside(s, s->start + 9 * 3600, "deposit", sav, "EUR", 2840000, "Opening balance", "Opening balance", "income");
	for (int64_t day = s->start; day <= s->now; day += DAY) {
		int d = mday(day);
		if (d == 1)
			outside(s, day + 6 * 3600, "pension", cur, "EUR", 214000, "Pension",
				"Deutsche Rentenversicherung", "income");
		if (d == 4)
			outside(s, day + 8 * 3600, "bill", cur, "EUR", -range(s, 4200, 6100), "Water",
				"Stadtwerke Wasser", "utilities");
		if (d == 6)
			outside(s, day + 8 * 3600, "bill", cur, "EUR", -range(s, 7800, 11900), "Electricity",
				"Stromversorger Nord", "utilities");
		if (d == 12)
			outside(s, day + 8 * 3600, "bill", cur, "EUR", -2999, "Phone", "Telefonica", "utilities");
		if (d == 14)
			outside(s, day + 8 * 3600, "bill", cur, "EUR", -3499, "Internet", "Kabel Netz", "utilities");
		if (d == 20)
			outside(s, day + 10 * 3600, "transfer", cur, "EUR", -5000, "Pocket money",
				"Emma Whitfield", "family");
		spend(s, day, cur, "EUR", weekly, sizeof weekly / sizeof weekly[0]);
	}
}

static void seed_omar(struct seeder *s, const char *hash)
{
	static const char *const clients[] = { "Keller GmbH", "Northwind Traders", "Atlas Retail",
					       "Meridian Foods", "Cobalt Logistics" };
	static const char *const suppliers[] = { "Anatolia Textiles", "Port Freight Co",
						 "Delta Packaging", "Sunrise Imports" };
	char cus[40], usd[40], eur[40], gbp[40], tax[40];

	customer(s, &personas[2], hash, cus);
	account(s, cus, "current", "Haddad Trading USD", "USD", -2000000, usd);
	account(s, cus, "current", "Haddad Trading EUR", "EUR", 0, eur);
	account(s, cus, "current", "Haddad Trading GBP", "GBP", 0, gbp);
	account(s, cus, "savings", "Tax Reserve", "USD", 0, tax);
	payee(s, cus, "Anatolia Textiles", "TR", "000610519786457841326", "USD");
	payee(s, cus, "Port Freight Co", "GB", "NWBK60161331926819", "GBP");
	payee(s, cus, "Keller GmbH", "DE", "50010517000123456", "EUR");
	outside(s, s->start + 9 * 3600, "deposit", usd, "USD", 8450000, "Opening balance", "Opening balance", "income");
	outside(s, s->start + 9 * 3600, "deposit", eur, "EUR", 2210000, "Opening balance", "Opening balance", "income");
	outside(s, s->start + 9 * 3600, "deposit", gbp, "GBP", 965000, "Opening balance", "Opening balance", "income");
	outside(s, s->start + 9 * 3600, "deposit", tax, "USD", 3100000, "Opening balance", "Opening balance", "income");
	for (int64_t day = s->start; day <= s->now; day += DAY) {
		int d = mday(day);
		if (range(s, 0, 99) < 22)
			outside(s, day + range(s, 9 * 3600, 17 * 3600), "receipt", usd, "USD",
				range(s, 500000, 4000000), "Invoice payment",
				clients[range(s, 0, 4)], "income");
		if (range(s, 0, 99) < 8)
			outside(s, day + range(s, 9 * 3600, 17 * 3600), "receipt", eur, "EUR",
				range(s, 300000, 2500000), "Invoice payment", "Keller GmbH", "income");
		if (range(s, 0, 99) < 15)
			outside(s, day + range(s, 9 * 3600, 17 * 3600), "transfer", usd, "USD",
				-range(s, 200000, 2500000), "Supplier invoice",
				suppliers[range(s, 0, 3)], "business");
		if (range(s, 0, 99) < 5)
			outside(s, day + range(s, 9 * 3600, 17 * 3600), "transfer", gbp, "GBP",
				-range(s, 80000, 600000), "Freight", "Port Freight Co", "business");
		if (d == 1)
			outside(s, day + 10 * 3600, "receipt", usd, "USD", 165000, "Rent Alex Morgan",
				"Alex Morgan", "income");
		if (d == 28) {
			outside(s, day + 8 * 3600, "payroll", usd, "USD", -1425000, "Payroll (3 employees)",
				"Gusto Payroll", "payroll");
			internal(s, day + 9 * 3600, usd, tax, "USD", 600000, "Tax reserve",
				 "Haddad Trading USD", "Tax Reserve");
		}
		if (d == 10)
			outside(s, day + 8 * 3600, "fee", usd, "USD", -4500, "Account fee", "Sandbox Bank", "fees");
	}
}

static void seed_lin(struct seeder *s, const char *hash)
{
	static const struct spend daily[] = {
		{ "MTR", "transport", 80, 500, 2400 },
		{ "Maxim's Caterers", "dining", 25, 3800, 12000 },
		{ "ParknShop", "groceries", 25, 8000, 45000 },
		{ "Tim Ho Wan", "dining", 8, 9000, 26000 },
		{ "Apple Store Causeway Bay", "shopping", 1, 99900, 1299900 },
	};
	char cus[40], hkd[40], cny[40], usd[40], hys[40];

	customer(s, &personas[3], hash, cus);
	account(s, cus, "current", "Everyday HKD", "HKD", 0, hkd);
	account(s, cus, "savings", "人民币储蓄", "CNY", 0, cny);
	account(s, cus, "savings", "Investment Cash USD", "USD", 0, usd);
	account(s, cus, "savings", "High-Yield Savings", "USD", 0, hys);
	payee(s, cus, "Wei Mei", "GB", "HBUK40127612345678", "HKD");
	outside(s, s->start + 9 * 3600, "deposit", hkd, "HKD", 5600000, "Opening balance", "Opening balance", "income");
	outside(s, s->start + 9 * 3600, "deposit", cny, "CNY", 18800000, "Opening balance", "Opening balance", "income");
	outside(s, s->start + 9 * 3600, "deposit", usd, "USD", 4250000, "Opening balance", "Opening balance", "income");
	outside(s, s->start + 9 * 3600, "deposit", hys, "USD", 12000000, "Opening balance", "Opening balance", "income");
	for (int64_t day = s->start; day <= s->now; day += DAY) {
		int d = mday(day);
		if (d == 25)
			outside(s, day + 6 * 3600, "salary", hkd, "HKD", 6800000, "Salary Harbourview Capital",
				"Harbourview Capital", "income");
		if (d == 1) {
			outside(s, day + 6 * 3600, "interest", hys, "USD", range(s, 40000, 52000),
				"Interest", "Sandbox Bank", "interest");
			outside(s, day + 6 * 3600, "interest", cny, "CNY", range(s, 28000, 36000),
				"利息", "Sandbox Bank", "interest");
		}
		if (d == 15 && range(s, 0, 2) == 0)
			outside(s, day + 14 * 3600, "dividend", usd, "USD", range(s, 60000, 240000),
				"Dividend", "Vanguard Total World ETF", "investment");
		if (d == 27)
			outside(s, day + 10 * 3600, "transfer", hkd, "HKD", -2200000, "Rent",
				"Pacific Place Properties", "housing");
		spend(s, day, hkd, "HKD", daily, sizeof daily / sizeof daily[0]);
	}
}

int seed_demo(sqlite3 *db, int64_t now)
{
	struct seeder s = { db, 0x62616e6b7465726dULL /* "bankterm" */, 0, now, 0 };
	char hash[200];

	s.start = (now / DAY - HISTORY_DAYS) * DAY;
	if (db_begin(db))
		return -1;
	/* The personas share the published password "demo"; hashing it once keeps
	 * a demo start well under a second (each scrypt costs tens of ms). */
	if (auth_hash_password("demo", hash)) {
		db_rollback(db);
		return -1;
	}
	seed_alex(&s, hash);
	seed_grace(&s, hash);
	seed_omar(&s, hash);
	seed_lin(&s, hash);
	return db_commit(db);
}

void seed_list_personas(FILE *to)
{
	char b32[64];

	base32_encode((const unsigned char *)grace_totp, strlen(grace_totp), b32);
	fprintf(to, "%-8s %-10s %-34s %s\n", "USERNAME", "PASSWORD", "TOTP SECRET (base32)", "WHO");
	for (size_t i = 0; i < sizeof personas / sizeof personas[0]; i++)
		fprintf(to, "%-8s %-10s %-34s %s, %s\n", personas[i].username, "demo",
			strcmp(personas[i].username, "grace") ? "-" : b32, personas[i].display_name,
			personas[i].about);
}
