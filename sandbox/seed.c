/* seed.c: the demo bank's customers, the four personas of the bank's research,
 * with 13 months of history.  The history is deterministic (a fixed PRNG
 * seed), dated relative to the sandbox's "now", and booked through the real
 * ledger, so every balance equals its postings from the first request on. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "iban.h"
#include "sandbox.h"
#include "totp.h"

#define DAY 86400
#define HISTORY_DAYS 396 /* 13 months */

/* Every persona has an authenticator app for step-up confirmations; grace
 * also answers it at every sign-in.  The secrets are fixed (20 bytes, as
 * RFC 6238 uses), so demos and tests can compute codes. */
struct persona {
	const char *username, *display_name, *email, *tier, *locale, *about, *totp;
	bool login_mfa;
	bool staff; /* the bank's support staff: answers conversations, no banking */
};

static const struct persona personas[] = {
	{ "alex", "Alex Morgan", "alex@example.com", "gold", "en_US",
	  "young professional: many small card payments, wants offers and points",
	  "alex-demo-totp-key!!", false, false },
	{ "grace", "Grace Whitfield", "grace@example.com", "silver", "en_GB",
	  "retiree: security-minded (code at every sign-in), pays bills, simple steps",
	  "grace-demo-totp-key!", true, false },
	{ "omar", "Omar Haddad", "omar@haddad-trading.example", "platinum", "en_US",
	  "business owner: large transfers, USD/EUR/GBP accounts, payroll",
	  "omar-demo-totp-key!!", false, false },
	{ "lin", "Lin Wei", "lin.wei@example.com", "gold", "zh_CN",
	  "investor: several accounts incl. savings, dividends and interest",
	  "lin-demo-totp-key!!!", false, false },
	{ "sam", "Sam Okafor", "sam.okafor@bank.example", "silver", "en_GB",
	  "the bank's support staff: answers the customers' conversations (bankterm staff)",
	  "sam-demo-totp-key!!!", false, true },
};

struct seeder {
	sqlite3 *db;
	uint64_t rng;
	int64_t start; /* midnight UTC, HISTORY_DAYS before now */
	int64_t now;
	unsigned serial;
	char customer[40]; /* the persona being seeded */
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
					     "password_hash, totp_secret, tier, locale, email, created_at, "
					     "login_mfa, role) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
	seed_id(s, "cus", id);
	snprintf(s->customer, sizeof s->customer, "%s", id);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, p->username, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, p->display_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, hash, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 5, p->totp, (int)strlen(p->totp), SQLITE_STATIC);
	sqlite3_bind_int(st, 10, p->login_mfa);
	sqlite3_bind_text(st, 6, p->tier, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, p->locale, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, p->email, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 9, s->start);
	sqlite3_bind_text(st, 11, p->staff ? "staff" : "customer", -1, SQLITE_STATIC);
	sqlite3_step(st);
	db_done(st);
}

/* A persona's id, by username. */
static void persona_id(sqlite3 *db, const char *username, char id[40])
{
	sqlite3_stmt *st = db_prepare(db, "SELECT id FROM customers WHERE username = ?1");

	id[0] = '\0';
	sqlite3_bind_text(st, 1, username, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(id, 40, "%s", sqlite3_column_text(st, 0));
	db_done(st);
}

/* The support staff, and the conversations the personas have had with
 * them: alex's answered and closed, grace's answered and not yet read,
 * lin's in Chinese, answered in Chinese, and omar's waiting for an answer
 * (what the staff side finds first in a demo). */
static void seed_support(struct seeder *s, const char *hash)
{
	char sam[40], cus[40], thr[40];
	int64_t day = s->now / DAY * DAY;

	customer(s, &personas[4], hash, sam);
	persona_id(s->db, "alex", cus);
	support_open(s->db, cus, "Setting up autopay for my phone bill",
		     "Hi, I would like my Verizon bill to be paid automatically every month. How do I turn that on, "
		     "and can I choose which account it comes from?", NULL, NULL, LANG_EN, day - 20 * DAY + 9 * 3600, thr);
	support_seed_reply(s->db, thr, "sam",
			   "Hello Alex, thank you for asking. Open Bills (4), move to the Verizon Wireless bill and press a: "
			   "autopay then pays each new bill on its due day from the account you choose. On the command line "
			   "it is: bankterm bills autopay BILL on --from ACCOUNT. I hope this helps. Sam",
			   day - 20 * DAY + 11 * 3600);
	support_seed_close(s->db, thr, day - 19 * DAY + 10 * 3600);
	persona_id(s->db, "grace", cus);
	support_open(s->db, cus, "A text message asking for my code",
		     "This morning I had a text message saying it was from the bank. It asked me to read back a "
		     "six-digit code to stop a payment. I did not answer. Was it you?", NULL, NULL, LANG_EN,
		     day - 2 * DAY + 8 * 3600, thr);
	support_seed_reply(s->db, thr, "sam",
			   "Dear Mrs Whitfield, you were right not to answer: that message was not from us. The bank never "
			   "asks for a one-time code, a password or your card details, by text, by phone or by email. Nothing "
			   "has left your accounts. If you receive another one, you can tell us here. Kind regards, Sam",
			   day - 2 * DAY + 10 * 3600);
	persona_id(s->db, "lin", cus);
	support_open(s->db, cus, "股息到账时间", "请问股息一般在什么时候到账？上个月的股息我还没有看到。", NULL, NULL,
		     LANG_ZH_CN, day - 6 * DAY + 14 * 3600, thr);
	support_seed_reply(s->db, thr, "sam",
			   "林女士您好：股息通常在发放日后一到两个工作日内到账，入账后会出现在您的储蓄账户记录中。"
			   "上个月的股息已于本月三日入账，您可以在“账户”中打开储蓄账户查看。祝好！Sam",
			   day - 5 * DAY + 9 * 3600);
	support_seed_close(s->db, thr, day - 4 * DAY + 9 * 3600);
	persona_id(s->db, "omar", cus);
	support_open(s->db, cus, "Paying payroll in one day",
		     "Hello, I pay my six employees on the last working day of each month. The daily limit on payments "
		     "to payees stops me paying them all on the same day. Can the limit be higher on that day only?",
		     NULL, NULL, LANG_EN, day - 1 * DAY + 16 * 3600, thr);
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
	if (iban_make("DE", bban, iban) != IBAN_OK)
		abort();
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, cust, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, currency, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, iban, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, floor);
	sqlite3_bind_int64(st, 8, s->start);
	sqlite3_step(st);
	db_done(st);
}

static void payee(struct seeder *s, const char *cust, const char *name, const char *cc,
		  const char *bban, const char *currency)
{
	sqlite3_stmt *st = db_prepare(s->db, "INSERT INTO payees (id, customer_id, name, iban, "
					     "currency, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	char id[40], iban[IBAN_MAX + 1];

	seed_id(s, "pay", id);
	/* Seed data is ours: a BBAN of the wrong shape is a bug, caught at once. */
	if (iban_make(cc, bban, iban) != IBAN_OK) {
		fprintf(stderr, "bankterm-sandbox: seed payee %s has a bad BBAN %s\n", name, bban);
		abort();
	}
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, cust, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, iban, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, currency, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, s->start);
	sqlite3_step(st);
	db_done(st);
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
	p[0] = (struct posting){ acct, amount, desc, cp, category, NULL, NULL, 0, NULL };
	p[1] = (struct posting){ clearing, -amount, desc, cp, category, NULL, NULL, 0, NULL };
	if (ledger_post(s->db, mid, kind, at, currency, p, 2) == LEDGER_OK && amount < 0 &&
	    (!strcmp(kind, "card") || !strcmp(kind, "bill"))) {
		struct money m = { -amount, "" };
		snprintf(m.currency, sizeof m.currency, "%s", currency);
		rewards_earn(s->db, s->customer, at, &m, category, desc);
	}
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
	p[0] = (struct posting){ from, -amount, desc, to_name, "transfer", NULL, NULL, 0, NULL };
	p[1] = (struct posting){ to, amount, desc, from_name, "transfer", NULL, NULL, 0, NULL };
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
		/* One draw at a time: the order of a call's arguments is the
		 * compiler's, and the history must not depend on it. */
		int64_t amount = range(s, list[i].lo, list[i].hi), at = day + range(s, 8 * 3600, 21 * 3600);
		outside(s, at, "card", acct, currency, -amount, list[i].merchant, list[i].merchant, list[i].category);
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

/* 08:00 UTC, `days` days ago: when a current bill was issued. */
static int64_t bill_day(const struct seeder *s, int days)
{
	return (s->now / DAY - days) * DAY + 8 * 3600;
}

static void linked_card(struct seeder *s, const char *cust, const char *label, const char *currency)
{
	sqlite3_stmt *st = db_prepare(s->db, "INSERT INTO cards VALUES (?1, ?2, ?3, ?4)");
	char id[40];

	seed_id(s, "crd", id);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, cust, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, label, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, currency, -1, SQLITE_STATIC);
	sqlite3_step(st);
	db_done(st);
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
	payee(s, cus, "Omar Haddad", "DE", "500105170420004711", "USD");
	payee(s, cus, "Jamie Chen", "GB", "BARC20005512345678", "USD");
	outside(s, s->start + 9 * 3600, "deposit", cur, "USD", 620000, "Opening balance", "Opening balance", "opening");
	outside(s, s->start + 9 * 3600, "deposit", sav, "USD", 1250000, "Opening balance", "Opening balance", "opening");
	outside(s, s->start + 9 * 3600, "deposit", wal, "USD", 4000, "Opening balance", "Opening balance", "opening");
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
		if (range(s, 0, 99) < 20) {
			int64_t amount = range(s, 300, 1500), at = day + range(s, 8 * 3600, 20 * 3600);
			outside(s, at, "card", wal, "USD", -amount, "Vending and transit", "City Transit", "transport");
		}
	}
	bills_subscribe(s->db, cus, "bil_coned", cur, 6500, 11000, bill_day(s, 10), false);
	bills_subscribe(s->db, cus, "bil_verizon", cur, 8500, 8500, bill_day(s, 20), false);
	bills_subscribe(s->db, cus, "bil_geico", cur, 14200, 14200, bill_day(s, 5), true);
	linked_card(s, cus, "Mastercard ending 4417", "USD");
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
	payee(s, cus, "Emma Whitfield", "DE", "370400440532013000", "EUR");
	payee(s, cus, "St. Marien Gemeinde", "DE", "100500001234567890", "EUR");
	outside(s, s->start + 9 * 3600, "deposit", cur, "EUR", 310000, "Opening balance", "Opening balance", "opening");
	outside(s, s->start + 9 * 3600, "deposit", sav, "EUR", 2840000, "Opening balance", "Opening balance", "opening");
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
	bills_subscribe(s->db, cus, "bil_wasser", cur, 4200, 6100, bill_day(s, 9), true);
	bills_subscribe(s->db, cus, "bil_strom", cur, 7800, 11900, bill_day(s, 8), false);
	bills_subscribe(s->db, cus, "bil_telefonica", cur, 2999, 2999, bill_day(s, 12), false);
	bills_subscribe(s->db, cus, "bil_kabel", cur, 3499, 3499, bill_day(s, 3), true);
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
	payee(s, cus, "Anatolia Textiles", "TR", "0006100519786457841326", "USD");
	payee(s, cus, "Port Freight Co", "GB", "NWBK60161331926819", "GBP");
	payee(s, cus, "Keller GmbH", "DE", "500105170001234567", "EUR");
	/* Saved with spellings the bank's name check finds close (it holds "Lukas", "Wright"). */
	payee(s, cus, "Lucas Gruber", "AT", "1904300234573201", "EUR");
	payee(s, cus, "Thomas Wrigt", "GB", "NWBK56001122334455", "GBP");
	outside(s, s->start + 9 * 3600, "deposit", usd, "USD", 8450000, "Opening balance", "Opening balance", "opening");
	outside(s, s->start + 9 * 3600, "deposit", eur, "EUR", 2210000, "Opening balance", "Opening balance", "opening");
	outside(s, s->start + 9 * 3600, "deposit", gbp, "GBP", 965000, "Opening balance", "Opening balance", "opening");
	outside(s, s->start + 9 * 3600, "deposit", tax, "USD", 3100000, "Opening balance", "Opening balance", "opening");
	for (int64_t day = s->start; day <= s->now; day += DAY) {
		int d = mday(day);
		/* One draw at a time (see spend). */
		if (range(s, 0, 99) < 22) {
			const char *who = clients[range(s, 0, 4)];
			int64_t amount = range(s, 500000, 4000000), at = day + range(s, 9 * 3600, 17 * 3600);
			outside(s, at, "receipt", usd, "USD", amount, "Invoice payment", who, "income");
		}
		if (range(s, 0, 99) < 8) {
			int64_t amount = range(s, 300000, 2500000), at = day + range(s, 9 * 3600, 17 * 3600);
			outside(s, at, "receipt", eur, "EUR", amount, "Invoice payment", "Keller GmbH", "income");
		}
		if (range(s, 0, 99) < 15) {
			const char *who = suppliers[range(s, 0, 3)];
			int64_t amount = range(s, 200000, 2500000), at = day + range(s, 9 * 3600, 17 * 3600);
			outside(s, at, "transfer", usd, "USD", -amount, "Supplier invoice", who, "business");
		}
		if (range(s, 0, 99) < 5) {
			int64_t amount = range(s, 80000, 600000), at = day + range(s, 9 * 3600, 17 * 3600);
			outside(s, at, "transfer", gbp, "GBP", -amount, "Freight", "Port Freight Co", "business");
		}
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
	bills_subscribe(s->db, cus, "bil_office", usd, 450000, 450000, bill_day(s, 3), false);
	bills_subscribe(s->db, cus, "bil_octopus", gbp, 18000, 26000, bill_day(s, 11), true);
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
	outside(s, s->start + 9 * 3600, "deposit", hkd, "HKD", 5600000, "Opening balance", "Opening balance", "opening");
	outside(s, s->start + 9 * 3600, "deposit", cny, "CNY", 18800000, "Opening balance", "Opening balance", "opening");
	outside(s, s->start + 9 * 3600, "deposit", usd, "USD", 4250000, "Opening balance", "Opening balance", "opening");
	outside(s, s->start + 9 * 3600, "deposit", hys, "USD", 12000000, "Opening balance", "Opening balance", "opening");
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
	bills_subscribe(s->db, cus, "bil_clp", hkd, 60000, 120000, bill_day(s, 7), false);
	bills_subscribe(s->db, cus, "bil_hkbn", hkd, 29800, 29800, bill_day(s, 13), true);
}

/* The demo bank, inside the caller's transaction. */
static int seed_body(sqlite3 *db, int64_t now)
{
	struct seeder s = { db, 0x62616e6b7465726dULL /* "bankterm" */, 0, now, 0, "" };
	char hash[200];

	s.start = (now / DAY - HISTORY_DAYS) * DAY;
	/* The personas share the published password "demo"; hashing it once keeps
	 * a demo start well under a second (each scrypt costs tens of ms). */
	if (auth_hash_password("demo", hash))
		return -1;
	bills_seed_billers(db);
	seed_alex(&s, hash);
	seed_grace(&s, hash);
	seed_omar(&s, hash);
	seed_lin(&s, hash);
	seed_support(&s, hash);
	for (size_t i = 0; i < sizeof personas / sizeof personas[0] && !personas[i].staff; i++) {
		sqlite3_stmt *st = db_prepare(db, "SELECT id FROM customers WHERE username = ?1");
		sqlite3_bind_text(st, 1, personas[i].username, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			notify(db, (const char *)sqlite3_column_text(st, 0), now - DAY, "offer_available",
			       "New offers for you", "New offers chosen from your spending are waiting under Offers.",
			       NULL, NULL, NULL);
		db_done(st);
	}
	return db_exec(db, "INSERT OR REPLACE INTO meta VALUES ('seeded', 1)");
}

/* n transactions on a new account of alex's, written straight to the tables
 * with statements prepared once: a million take seconds, not minutes. */
static int seed_large_body(sqlite3 *db, int64_t now, long n)
{
	static const struct {
		const char *merchant, *category;
	} shops[] = { { "Whole Foods Market", "groceries" }, { "Blue Bottle Coffee", "dining" },
		      { "Lyft", "transport" },               { "Amazon", "shopping" },
		      { "Con Edison", "utilities" },         { "The Smith", "dining" },
		      { "Trader Joe's", "groceries" },       { "MTA", "transport" } };
	struct seeder s = { db, 0x6c61726765ULL, 0, now, 1000, "" };
	sqlite3_stmt *mv, *ps;
	char acc[40], clearing[40], mid[40];
	int64_t start = now - HISTORY_DAYS * (int64_t)DAY, total = 0;
	sqlite3_stmt *st;
	int rc = 0;

	st = db_prepare(db, "SELECT id FROM customers WHERE username = 'alex'");
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_done(st);
		return -1;
	}
	snprintf(s.customer, sizeof s.customer, "%s", sqlite3_column_text(st, 0));
	db_done(st);
	s.start = start + 1; /* opened after the persona's own accounts: listed last */
	account(&s, s.customer, "current", "Archive Checking", "USD", 0, acc);
	ledger_house_account(db, "clr", "USD", start, clearing);
	mv = db_prepare(db, "INSERT INTO movements (id, kind, currency, created_at) VALUES (?1, ?2, 'USD', ?3)");
	ps = db_prepare(db, "INSERT INTO postings (movement_id, account_id, amount, booked_at, description, "
			    "counterparty, category) VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)");
	for (long i = 0; i < n && !rc; i++) {
		int64_t at = start + (int64_t)((__int128)i * HISTORY_DAYS * DAY / n);
		bool income = i % 20 == 0;
		int64_t amount = income ? 250000 : -range(&s, 150, 9000);
		const char *what = income ? "Salary Brightwave Inc" : shops[i % 8].merchant;
		const char *cat = income ? "income" : shops[i % 8].category;

		snprintf(mid, sizeof mid, "mov_large_%010ld", i);
		sqlite3_reset(mv);
		sqlite3_bind_text(mv, 1, mid, -1, SQLITE_STATIC);
		sqlite3_bind_text(mv, 2, income ? "salary" : "card", -1, SQLITE_STATIC);
		sqlite3_bind_int64(mv, 3, at);
		rc |= sqlite3_step(mv) != SQLITE_DONE;
		for (int side = 0; side < 2; side++) {
			sqlite3_reset(ps);
			sqlite3_bind_text(ps, 1, mid, -1, SQLITE_STATIC);
			sqlite3_bind_text(ps, 2, side ? clearing : acc, -1, SQLITE_STATIC);
			sqlite3_bind_int64(ps, 3, side ? -amount : amount);
			sqlite3_bind_int64(ps, 4, at);
			sqlite3_bind_text(ps, 5, what, -1, SQLITE_STATIC);
			sqlite3_bind_text(ps, 6, cat, -1, SQLITE_STATIC);
			rc |= sqlite3_step(ps) != SQLITE_DONE;
		}
		total += amount;
	}
	db_done(mv);
	db_done(ps);
	st = db_prepare(db, "UPDATE accounts SET balance = balance + ?2, postings = postings + ?3 WHERE id = ?1");
	sqlite3_bind_int64(st, 3, n);
	sqlite3_bind_text(st, 1, acc, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, total);
	rc |= sqlite3_step(st) != SQLITE_DONE;
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, clearing, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, -total);
	rc |= sqlite3_step(st) != SQLITE_DONE;
	db_done(st);
	/* The spending summary that ledger_post keeps, in one pass. */
	rc |= db_spending_rebuild(db);
	st = db_prepare(db, "INSERT OR REPLACE INTO meta VALUES ('seed_large', ?1)");
	sqlite3_bind_int64(st, 1, n);
	rc |= sqlite3_step(st) != SQLITE_DONE;
	db_done(st);
	return rc ? -1 : 0;
}

int seed_demo(sqlite3 *db, int64_t now)
{
	sqlite3 *w = db_begin();

	if (!w)
		return -1;
	if (seed_body(w, now) || db_commit(w)) {
		db_rollback(w);
		return -1;
	}
	bank_run_due(db, now, NULL);
	return 0;
}

int seed_large(sqlite3 *db, int64_t now, long n)
{
	sqlite3 *w = db_begin();

	if (!w)
		return -1;
	if (seed_large_body(w, now, n) || db_commit(w)) {
		db_rollback(w);
		return -1;
	}
	/* Into the database file, and the WAL back to nothing: until then every
	 * read of the new history looked its pages up among half a gigabyte of
	 * WAL frames (a search took twice as long). */
	sqlite3_wal_checkpoint_v2(db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	return 0;
}

int seed_reset(sqlite3 *db)
{
	int64_t seeded = db_int(db, "SELECT value FROM meta WHERE key = 'seeded'", NULL, 0);
	int64_t large = db_int(db, "SELECT value FROM meta WHERE key = 'seed_large'", NULL, 0);
	sqlite3 *r = db;
	sqlite3_stmt *st;
	int rc = 0;

	if (!(db = db_begin()))
		return -1;
	/* Tables refer to each other: check the references at commit, not per table. */
	db_exec(db, "PRAGMA defer_foreign_keys = ON");
	/* The search index is emptied its own way: its tables are its own
	 * business.  The help articles are the bank's, not its customers': kept. */
	rc = db_exec(db, "INSERT INTO posting_search (posting_search) VALUES ('delete-all')");
	st = db_prepare(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'meta' "
			    "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'posting_search%' AND name NOT LIKE 'help_%'");
	while (sqlite3_step(st) == SQLITE_ROW && !rc) {
		char *sql = sqlite3_mprintf("DELETE FROM \"%w\"", (const char *)sqlite3_column_text(st, 0));
		rc = db_exec(db, sql);
		sqlite3_free(sql);
	}
	db_done(st);
	rc = rc || db_clock_restart(db);
	if (!rc && seeded)
		rc = seed_body(db, db_now(db));
	if (!rc && large)
		rc = seed_large_body(db, db_now(db), (long)large);
	/* Checked here, not at commit: the transaction may be shared with
	 * other writers (db.c), whose work a violation of the reset's would
	 * take down with it, and whose own must not be deferred. */
	if (!rc && db_int(db, "SELECT count(*) FROM pragma_foreign_key_check", NULL, 0))
		rc = -1;
	db_exec(db, "PRAGMA defer_foreign_keys = OFF");
	if (rc || db_commit(db)) {
		db_rollback(db);
		return -1;
	}
	bank_run_due(r, db_now(r), NULL);
	return 0;
}

void seed_list_personas(FILE *to)
{
	char b32[64];

	fprintf(to, "%-8s %-10s %-34s %s\n", "USERNAME", "PASSWORD", "TOTP SECRET (base32)", "WHO");
	for (size_t i = 0; i < sizeof personas / sizeof personas[0]; i++) {
		base32_encode((const unsigned char *)personas[i].totp, strlen(personas[i].totp), b32);
		fprintf(to, "%-8s %-10s %-34s %s, %s%s\n", personas[i].username, "demo", b32,
			personas[i].display_name, personas[i].about,
			personas[i].login_mfa ? "; asked for a code at sign-in" : "");
	}
}
