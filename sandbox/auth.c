/* auth.c: logins, one-time codes, tokens and the profile.
 *
 * Passwords are stored as scrypt hashes; tokens are 256 random bits handed out
 * once and stored only as SHA-256 hashes.  A refresh token works once: using
 * it returns a new pair, and presenting a spent one again revokes the whole
 * login (it was stolen, or replayed).  Failed passwords are counted per user
 * and per address, failed one-time codes per user apart; each has a budget a
 * minute, an hour and a day, so slow guessing runs out as surely as fast.
 * Past a budget, answers are 429 for a lockout that doubles with each one of
 * the day (5 minutes, 10, 20... at most a day), and the customer is told.  A
 * completed sign-in forgives wrong passwords, never wrong codes: a stolen
 * session cannot buy itself more guesses.  Security timings use the real
 * clock, never the movable sandbox clock. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>

#include "handlers.h"
#include "sandbox.h"
#include "totp.h"
#include "xalloc.h"

#define ACCESS_TTL 900               /* 15 minutes */
#define REFRESH_TTL (30 * 24 * 3600) /* 30 days */
#define CHALLENGE_TTL 300
#define LOCKOUT 300                  /* seconds: the first lockout of a day */

/* How many failures a key may have in a minute, an hour and a day. */
struct budget {
	int minute, hour, day;
};
static const struct budget USER_BUDGET = { 5, 20, 50 }; /* wrong passwords of a user */
static const struct budget ADDR_BUDGET = { 20, 100, 300 }; /* wrong anything from an address */
static const struct budget CODE_BUDGET = { 5, 10, 20 }; /* wrong one-time codes of a user */

/* Every window and lockout divided by this (--auth-scale, for tests only). */
static int64_t time_scale = 1;

void auth_set_time_scale(int64_t divisor)
{
	time_scale = divisor > 0 ? divisor : 1;
}

/* seconds / time_scale, never below one. */
static int64_t scaled(int64_t seconds)
{
	return seconds / time_scale > 0 ? seconds / time_scale : 1;
}

#define SCRYPT_N 16384
#define SCRYPT_R 8
#define SCRYPT_P 1

static int unhex(const char *s, unsigned char *out, size_t n)
{
	if (strlen(s) != 2 * n)
		return -1;
	for (size_t i = 0; i < n; i++) {
		unsigned v;
		if (sscanf(s + 2 * i, "%2x", &v) != 1)
			return -1;
		out[i] = (unsigned char)v;
	}
	return 0;
}

static int scrypt(const char *pw, const unsigned char *salt, size_t saltlen, unsigned char key[32])
{
	return EVP_PBE_scrypt(pw, strlen(pw), salt, saltlen, SCRYPT_N, SCRYPT_R, SCRYPT_P,
			      64u << 20, key, 32) == 1
		       ? 0
		       : -1;
}

int auth_hash_password(const char *password, char out[200])
{
	unsigned char salt[16], key[32];
	char salthex[33], keyhex[65];

	if (getrandom(salt, sizeof salt, 0) != (ssize_t)sizeof salt || scrypt(password, salt, 16, key))
		return -1;
	sb_hex(salt, 16, salthex);
	sb_hex(key, 32, keyhex);
	snprintf(out, 200, "scrypt$%d$%d$%d$%s$%s", SCRYPT_N, SCRYPT_R, SCRYPT_P, salthex, keyhex);
	OPENSSL_cleanse(key, sizeof key);
	return 0;
}

static bool password_ok(const char *password, const char *stored)
{
	unsigned char salt[16], want[32], got[32];
	char salthex[33], keyhex[65];
	int n, r, p;
	bool ok;

	if (sscanf(stored, "scrypt$%d$%d$%d$%32[0-9a-f]$%64[0-9a-f]", &n, &r, &p, salthex, keyhex) != 5 ||
	    n != SCRYPT_N || r != SCRYPT_R || p != SCRYPT_P || unhex(salthex, salt, 16) ||
	    unhex(keyhex, want, 32) || scrypt(password, salt, 16, got))
		return false;
	ok = CRYPTO_memcmp(want, got, 32) == 0;
	OPENSSL_cleanse(got, sizeof got);
	return ok;
}

/* 256 random bits as 43 base64url characters. */
static void new_token(char out[48])
{
	static const char alphabet[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	unsigned char b[32];
	if (getrandom(b, sizeof b, 0) != (ssize_t)sizeof b)
		abort();
	for (int i = 0; i < 43; i++) {
		/* 6 bits from the byte stream at bit offset 6*i */
		int bit = 6 * i, byte = bit / 8, shift = bit % 8;
		unsigned v = (unsigned)b[byte] << 8 | (byte + 1 < 32 ? b[byte + 1] : 0);
		out[i] = alphabet[(v >> (10 - shift)) & 0x3f];
	}
	out[43] = '\0';
	OPENSSL_cleanse(b, sizeof b);
}

static void store_token(sqlite3 *db, const char *token, const char *customer, const char *kind,
			int64_t expires, const char *family)
{
	char h[65];
	sqlite3_stmt *st = db_prepare(db, "INSERT INTO tokens (hash, customer_id, kind, expires_at, "
					  "family) VALUES (?1, ?2, ?3, ?4, ?5)");
	sb_sha256_hex(token, strlen(token), h);
	sqlite3_bind_text(st, 1, h, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, customer, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, expires);
	sqlite3_bind_text(st, 5, family, -1, SQLITE_STATIC);
	sqlite3_step(st);
	db_done(st);
}

/* Issues an access + refresh pair in a login family and replies 200 with it. */
static void issue_tokens(struct sb_ctx *c, const char *customer, const char *family)
{
	char access[48], refresh[48];
	int64_t now = time(NULL);
	json_object *o = json_object_new_object();

	new_token(access);
	new_token(refresh);
	store_token(c->db, access, customer, "access", now + ACCESS_TTL, family);
	store_token(c->db, refresh, customer, "refresh", now + REFRESH_TTL, family);
	json_object_object_add(o, "access_token", json_object_new_string(access));
	json_object_object_add(o, "token_type", json_object_new_string("Bearer"));
	json_object_object_add(o, "expires_in", json_object_new_int(ACCESS_TTL));
	json_object_object_add(o, "refresh_token", json_object_new_string(refresh));
	json_object_object_add(o, "customer_id", json_object_new_string(customer));
	OPENSSL_cleanse(access, sizeof access);
	OPENSSL_cleanse(refresh, sizeof refresh);
	sb_reply(c, 200, o);
}

/* A completed sign-in forgives the user's earlier failures.  Only a completed
 * one: a right password with the code still to come must not reset the count,
 * or it would buy unlimited guesses at the code. */
static void clear_failures(sqlite3 *db, const char *ukey)
{
	sqlite3_stmt *st = db_prepare(db, "DELETE FROM login_failures WHERE key = ?1");
	sqlite3_bind_text(st, 1, ukey, -1, SQLITE_STATIC);
	sqlite3_step(st);
	db_done(st);
}

/* A completed sign-in: the earlier failures are forgiven and a new login
 * (token family) begins. */
static void complete_sign_in(struct sb_ctx *c, const char *customer, const char *ukey)
{
	char family[40];

	clear_failures(c->db, ukey);
	notify(c->db, customer, db_now(c->db), "login", "New sign-in",
	       "Your account was signed in to. If this was not you, change your password.", NULL, NULL, NULL);
	db_new_id("fam", family);
	issue_tokens(c, customer, family);
}

/* Seconds left of a lockout on key, or 0. */
static int64_t locked_for(sqlite3 *db, const char *key, int64_t now)
{
	int64_t until = db_int(db, "SELECT until FROM lockouts WHERE key = ?1", key, 0);
	return until > now ? until - now : 0;
}

static int64_t failures_since(sqlite3 *db, const char *key, int64_t since)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT count(*) FROM login_failures WHERE key = ?1 AND at > ?2");
	int64_t n;

	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, since);
	n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	db_done(st);
	return n;
}

/* One more failure of key; past any of its budgets, a lockout that doubles
 * with each of the day.  Returns its length in seconds, or 0 when none began. */
static int64_t record_failure(sqlite3 *db, const char *key, const struct budget *b, int64_t now)
{
	sqlite3_stmt *st = db_prepare(db, "INSERT INTO login_failures VALUES (?1, ?2)");
	int64_t day = scaled(86400), length, strikes;

	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_step(st);
	db_done(st);
	/* A day is the longest memory: older failures go. */
	st = db_prepare(db, "DELETE FROM login_failures WHERE key = ?1 AND at <= ?2");
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now - day);
	sqlite3_step(st);
	db_done(st);
	if (failures_since(db, key, now - scaled(60)) < b->minute && failures_since(db, key, now - scaled(3600)) < b->hour &&
	    failures_since(db, key, now - day) < b->day)
		return 0;
	st = db_prepare(db, "SELECT count(*) FROM lockout_log WHERE key = ?1 AND at > ?2");
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now - day);
	strikes = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	db_done(st);
	length = scaled(LOCKOUT) << (strikes < 12 ? strikes : 12);
	if (length > day)
		length = day;
	st = db_prepare(db, "INSERT OR REPLACE INTO lockouts VALUES (?1, ?2)");
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now + length);
	sqlite3_step(st);
	db_done(st);
	st = db_prepare(db, "INSERT INTO lockout_log VALUES (?1, ?2)");
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_step(st);
	db_done(st);
	return length;
}

/* Checks the lockouts of these keys (NULL-ended); replies 429 when one holds. */
static bool rate_limited(struct sb_ctx *c, int64_t now, const char *const *keys)
{
	int64_t wait = 0;

	for (; *keys; keys++) {
		int64_t w = locked_for(c->db, *keys, now);
		if (w > wait)
			wait = w;
	}
	if (!wait)
		return false;
	c->retry_after = (unsigned)wait;
	sb_problem(c, 429, "rate_limited", "too many failed attempts; try again later", NULL);
	return true;
}

/* Tells the customer (if there is one) that signing in is paused, and for how long. */
static void tell_locked(sqlite3 *db, const char *customer, int64_t seconds, int64_t now)
{
	char minutes[24];
	const char *args[2] = { minutes, NULL };

	if (!customer || !*customer)
		return;
	snprintf(minutes, sizeof minutes, "%" PRId64, (seconds + 59) / 60);
	notify(db, customer, now, "security", "Sign-in paused",
	       "Several wrong passwords or codes were tried: signing in and one-time codes are paused for {1} "
	       "minutes. If this was not you, change your password.",
	       args, NULL, NULL);
}

/* A wrong password or code: counted against the user (its passwords, or its
 * codes: ukey) and the address, refused, and the customer told of a lockout. */
static void fail_login(struct sb_ctx *c, const char *customer, const char *ukey, const struct budget *ub,
		       const char *akey, int64_t now, unsigned status, const char *code, const char *detail)
{
	int64_t locked = record_failure(c->db, ukey, ub, now);

	record_failure(c->db, akey, &ADDR_BUDGET, now);
	if (locked)
		tell_locked(c->db, customer, locked, now);
	sb_problem(c, status, code, detail, NULL);
}

void auth_token(struct sb_ctx *c)
{
	json_object *body = sb_body(c), *extra;
	struct json_error err = { 0 };
	const char *user = NULL, *pw = NULL, *hash = "";
	char ukey[96], akey[96], customer[40] = "", challenge[40];
	int64_t now = time(NULL);
	sqlite3_stmt *st;
	bool has_totp = false, ok;

	if (!body)
		return;
	if (json_get_string(body, NULL, "username", 0, 64, &user, &err) ||
	    json_get_string(body, NULL, "password", 0, 256, &pw, &err)) {
		sb_bad_field(c, &err);
		goto out;
	}
	snprintf(ukey, sizeof ukey, "user:%s", user);
	snprintf(akey, sizeof akey, "addr:%s", c->remote);
	if (!sb_begin(c))
		goto out;
	{
		const char *keys[] = { ukey, akey, NULL };
		if (rate_limited(c, now, keys))
			goto commit;
	}

	st = db_prepare(c->db, "SELECT id, password_hash, login_mfa AND totp_secret IS NOT NULL FROM customers "
			       "WHERE username = ?1");
	sqlite3_bind_text(st, 1, user, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(customer, sizeof customer, "%s", sqlite3_column_text(st, 0));
		hash = xstrdup((const char *)sqlite3_column_text(st, 1));
		has_totp = sqlite3_column_int(st, 2);
	}
	db_done(st);
	/* An unknown user costs the same scrypt as a known one: no user enumeration by timing. */
	ok = password_ok(pw, *hash ? hash : "scrypt$16384$8$1$00000000000000000000000000000000$"
					    "0000000000000000000000000000000000000000000000000000000000000000");
	if (*hash)
		free((char *)hash);
	if (!customer[0] || !ok) {
		fail_login(c, customer, ukey, &USER_BUDGET, akey, now, 401, "unauthorized", "wrong username or password");
		goto commit;
	}
	if (has_totp) {
		/* Its codes locked, a code is not asked for: no sign-in lifts that lock. */
		char ckey[100];
		const char *keys[] = { ckey, NULL };
		snprintf(ckey, sizeof ckey, "code:%s", user);
		if (rate_limited(c, now, keys))
			goto commit;
		db_new_id("mfa", challenge);
		st = db_prepare(c->db, "INSERT INTO mfa_challenges (id, customer_id, expires_at) "
				       "VALUES (?1, ?2, ?3)");
		sqlite3_bind_text(st, 1, challenge, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, customer, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, now + CHALLENGE_TTL);
		sqlite3_step(st);
		db_done(st);
		extra = json_object_new_object();
		json_object_object_add(extra, "challenge", json_object_new_string(challenge));
		json_object_object_add(extra, "expires_in", json_object_new_int(CHALLENGE_TTL));
		sb_problem(c, 401, "mfa_required", "enter the code from your authenticator app", extra);
		goto commit;
	}
	complete_sign_in(c, customer, ukey);
commit:
	sb_commit(c);
out:
	json_object_put(body);
}

enum totp_verdict auth_verify_totp(sqlite3 *db, const char *customer, const char *code)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT totp_secret FROM customers WHERE id = ?1");
	unsigned char key[64];
	int keylen = 0;
	uint64_t step = 0;
	enum totp_verdict v = TOTP_WRONG;

	sqlite3_bind_text(st, 1, customer, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_BLOB) {
		keylen = sqlite3_column_bytes(st, 0);
		if (keylen > 0 && keylen <= (int)sizeof key)
			memcpy(key, sqlite3_column_blob(st, 0), (size_t)keylen);
		else
			keylen = 0;
	}
	db_done(st);
	if (keylen && totp_verify(key, (size_t)keylen, TOTP_SHA1, (uint64_t)time(NULL), 30, 6, code,
				  1, &step)) {
		st = db_prepare(db, "INSERT OR IGNORE INTO totp_used VALUES (?1, ?2)");
		sqlite3_bind_text(st, 1, customer, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, (int64_t)step);
		sqlite3_step(st);
		v = sqlite3_changes(db) == 1 ? TOTP_RIGHT : TOTP_USED; /* a code works once */
		db_done(st);
	}
	OPENSSL_cleanse(key, sizeof key);
	return v;
}

/* The lockout key of a customer: the same as for their password failures. */
static void user_key(sqlite3 *db, const char *customer, char out[96])
{
	sqlite3_stmt *st = db_prepare(db, "SELECT 'user:' || username FROM customers WHERE id = ?1");

	sqlite3_bind_text(st, 1, customer, -1, SQLITE_STATIC);
	snprintf(out, 96, "%s", sqlite3_step(st) == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : "user:?");
	db_done(st);
}

bool auth_second_factor(struct sb_ctx *c, const char *customer, const char *code,
			unsigned fail_status, const char *fail_code)
{
	char ukey[96], ckey[100], akey[96];
	int64_t now = time(NULL);
	const char *keys[] = { ukey, ckey, akey, NULL };

	/* The user's lockout covers both factors; codes have their own budget,
	 * at sign-in and at step-up alike, which no sign-in resets. */
	user_key(c->db, customer, ukey);
	snprintf(ckey, sizeof ckey, "code:%s", ukey + 5);
	snprintf(akey, sizeof akey, "addr:%s", c->remote);
	if (rate_limited(c, now, keys))
		return false;
	switch (auth_verify_totp(c->db, customer, code)) {
	case TOTP_RIGHT:
		return true;
	case TOTP_USED:
		/* Right, but spent: the person waits for the next one (it still counts as a failure). */
		fail_login(c, customer, ckey, &CODE_BUDGET, akey, now, fail_status, "code_used",
			   "this code was used already: wait for the next one");
		return false;
	case TOTP_WRONG:
		break;
	}
	fail_login(c, customer, ckey, &CODE_BUDGET, akey, now, fail_status, fail_code, "the code is not valid");
	return false;
}

void auth_mfa(struct sb_ctx *c)
{
	json_object *body = sb_body(c);
	struct json_error err = { 0 };
	const char *challenge = NULL, *code = NULL;
	char customer[40] = "", ukey[96];
	sqlite3_stmt *st;

	if (!body)
		return;
	if (json_get_string(body, NULL, "challenge", 0, 40, &challenge, &err) ||
	    json_get_string(body, NULL, "code", 0, 8, &code, &err)) {
		sb_bad_field(c, &err);
		goto out;
	}
	if (!sb_begin(c))
		goto out;
	st = db_prepare(c->db, "SELECT customer_id FROM mfa_challenges WHERE id = ?1 AND used = 0 "
			       "AND expires_at > ?2");
	sqlite3_bind_text(st, 1, challenge, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (int64_t)time(NULL));
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(customer, sizeof customer, "%s", sqlite3_column_text(st, 0));
	db_done(st);
	if (!customer[0]) {
		sb_problem(c, 401, "unauthorized", "the login has expired; sign in again", NULL);
		goto commit;
	}
	if (!auth_second_factor(c, customer, code, 401, "unauthorized"))
		goto commit;
	st = db_prepare(c->db, "UPDATE mfa_challenges SET used = 1 WHERE id = ?1");
	sqlite3_bind_text(st, 1, challenge, -1, SQLITE_STATIC);
	sqlite3_step(st);
	db_done(st);
	user_key(c->db, customer, ukey);
	complete_sign_in(c, customer, ukey);
commit:
	sb_commit(c);
out:
	json_object_put(body);
}

static void revoke_family(sqlite3 *db, const char *family)
{
	sqlite3_stmt *st = db_prepare(db, "UPDATE tokens SET revoked = 1 WHERE family = ?1");
	sqlite3_bind_text(st, 1, family, -1, SQLITE_STATIC);
	sqlite3_step(st);
	db_done(st);
}

/* Looks up a refresh token: its customer, family and state. */
static bool find_refresh(sqlite3 *db, const char *token, char customer[40], char family[40],
			 bool *revoked, int64_t *expires, char hash[65])
{
	sqlite3_stmt *st = db_prepare(db, "SELECT customer_id, family, revoked, expires_at FROM tokens "
					  "WHERE hash = ?1 AND kind = 'refresh'");
	bool found = false;

	sb_sha256_hex(token, strlen(token), hash);
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(customer, 40, "%s", sqlite3_column_text(st, 0));
		snprintf(family, 40, "%s", sqlite3_column_text(st, 1));
		*revoked = sqlite3_column_int(st, 2);
		*expires = sqlite3_column_int64(st, 3);
		found = true;
	}
	db_done(st);
	return found;
}

void auth_refresh(struct sb_ctx *c)
{
	json_object *body = sb_body(c);
	struct json_error err = { 0 };
	const char *token = NULL;
	char customer[40], family[40], hash[65];
	bool revoked = false;
	int64_t expires = 0;
	sqlite3_stmt *st;

	if (!body)
		return;
	if (json_get_string(body, NULL, "refresh_token", 0, 64, &token, &err)) {
		sb_bad_field(c, &err);
		goto out;
	}
	if (!sb_begin(c))
		goto out;
	if (!find_refresh(c->db, token, customer, family, &revoked, &expires, hash)) {
		sb_problem(c, 401, "unauthorized", "the session has ended; sign in again", NULL);
	} else if (revoked || expires <= time(NULL)) {
		/* A spent token shown again: end the whole login. */
		if (revoked)
			revoke_family(c->db, family);
		sb_problem(c, 401, "unauthorized", "the session has ended; sign in again", NULL);
	} else {
		st = db_prepare(c->db, "UPDATE tokens SET revoked = 1 WHERE hash = ?1");
		sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
		sqlite3_step(st);
		db_done(st);
		issue_tokens(c, customer, family);
	}
	sb_commit(c);
out:
	json_object_put(body);
}

void auth_logout(struct sb_ctx *c)
{
	json_object *body = sb_body(c);
	struct json_error err = { 0 };
	const char *token = NULL;
	char customer[40], family[40], hash[65];
	bool revoked;
	int64_t expires;

	if (!body)
		return;
	if (json_get_string(body, NULL, "refresh_token", 0, 64, &token, &err)) {
		sb_bad_field(c, &err);
		goto out;
	}
	/* Logging out twice, or with an unknown token, is still a logout. */
	if (find_refresh(c->db, token, customer, family, &revoked, &expires, hash))
		revoke_family(c->db, family);
	sb_reply(c, 200, json_object_new_object());
out:
	json_object_put(body);
}

bool auth_check(struct sb_ctx *c)
{
	const char *h = sb_header(c, "Authorization");
	sqlite3_stmt *st;

	c->customer[0] = '\0';
	if (h && !strncmp(h, "Bearer ", 7) && strlen(h + 7) <= 64) {
		sb_sha256_hex(h + 7, strlen(h + 7), c->access_hash);
		st = db_prepare(c->db, "SELECT t.customer_id, c.role = 'staff' FROM tokens t JOIN customers c "
				       "ON c.id = t.customer_id WHERE t.hash = ?1 AND t.kind = "
				       "'access' AND t.revoked = 0 AND t.expires_at > ?2");
		sqlite3_bind_text(st, 1, c->access_hash, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, time(NULL));
		if (sqlite3_step(st) == SQLITE_ROW) {
			snprintf(c->customer, sizeof c->customer, "%s", sqlite3_column_text(st, 0));
			c->staff = sqlite3_column_int(st, 1);
		}
		db_done(st);
	}
	if (!c->customer[0]) {
		sb_problem(c, 401, "unauthorized", "sign in first, or your session has expired", NULL);
		return false;
	}
	return true;
}

void auth_me(struct sb_ctx *c)
{
	sqlite3_stmt *st = db_prepare(c->db, "SELECT id, username, display_name, email, tier, locale, "
					     "totp_secret IS NOT NULL, login_mfa FROM customers WHERE id = ?1");
	json_object *o, *prefs;

	sqlite3_bind_text(st, 1, c->customer, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_done(st);
		sb_problem(c, 404, "not_found", "no such customer", NULL);
		return;
	}
	o = json_object_new_object();
	json_object_object_add(o, "id", json_object_new_string((const char *)sqlite3_column_text(st, 0)));
	json_object_object_add(o, "username", json_object_new_string((const char *)sqlite3_column_text(st, 1)));
	json_object_object_add(o, "display_name", json_object_new_string((const char *)sqlite3_column_text(st, 2)));
	json_object_object_add(o, "email", json_object_new_string((const char *)sqlite3_column_text(st, 3)));
	json_object_object_add(o, "tier", json_object_new_string((const char *)sqlite3_column_text(st, 4)));
	json_object_object_add(o, "mfa_enrolled", json_object_new_boolean(sqlite3_column_int(st, 6)));
	json_object_object_add(o, "mfa_at_login", json_object_new_boolean(sqlite3_column_int(st, 7)));
	prefs = json_object_new_object();
	json_object_object_add(prefs, "locale", json_object_new_string((const char *)sqlite3_column_text(st, 5)));
	json_object_object_add(o, "preferences", prefs);
	db_done(st);
	sb_reply(c, 200, o);
}
