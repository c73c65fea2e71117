/* journal.c: the ledger and beancount journals (see journal.h).  Text from
 * the bank is sanitized, then made safe for each syntax: in a ledger
 * journal no ';' (a comment), tab or double space (the end of an account
 * name); in beancount, strings without quotes or backslashes and account
 * names of the letters, digits and '-' it allows. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "journal.h"
#include "money.h"
#include "text.h"
#include "xalloc.h"

/* --- a set of strings ----------------------------------------------------------------- */

struct strset {
	char **slot;
	size_t cap, n;
};

static size_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (size_t)h;
}

static bool set_has(const struct strset *s, const char *k)
{
	if (!s->cap)
		return false;
	for (size_t i = hash(k) & (s->cap - 1);; i = (i + 1) & (s->cap - 1)) {
		if (!s->slot[i])
			return false;
		if (!strcmp(s->slot[i], k))
			return true;
	}
}

/* true when k was not there yet. */
static bool set_add(struct strset *s, const char *k)
{
	if (set_has(s, k))
		return false;
	if ((s->n + 1) * 2 > s->cap) {
		struct strset g = { xcalloc(s->cap ? s->cap * 2 : 64, sizeof *g.slot), s->cap ? s->cap * 2 : 64, 0 };
		for (size_t i = 0; i < s->cap; i++)
			if (s->slot[i]) {
				size_t j = hash(s->slot[i]) & (g.cap - 1);
				while (g.slot[j])
					j = (j + 1) & (g.cap - 1);
				g.slot[j] = s->slot[i];
				g.n++;
			}
		free(s->slot);
		*s = g;
	}
	{
		size_t i = hash(k) & (s->cap - 1);
		while (s->slot[i])
			i = (i + 1) & (s->cap - 1);
		s->slot[i] = xstrdup(k);
		s->n++;
	}
	return true;
}

static void set_free(struct strset *s)
{
	for (size_t i = 0; i < s->cap; i++)
		free(s->slot[i]);
	free(s->slot);
	memset(s, 0, sizeof *s);
}

/* --- the journal ------------------------------------------------------------------------ */

/* What the transactions use: an account or a commodity, with the first day
 * it is used (a beancount account is opened on it). */
struct decl {
	char *name;
	char day[11];
	bool commodity;
};

struct journal {
	bool bean;
	const struct api_account *all;
	char **names; /* all[i]'s journal name, worked out once */
	size_t nall;
	const struct api_account *acc; /* the account whose rows come */
	char *acc_name;                /* its journal name */
	FILE *spool;
	struct strset keys;     /* transactions there already, or written in this run */
	struct strset old;      /* ... those there already */
	struct strset declared; /* declarations the existing journal has */
	struct strset used;     /* names in decls */
	struct decl *decls;
	size_t ndecl;
	int64_t walked;   /* the sum of acc's rows, written or not */
	bool overflow;    /* ... too large to be one */
	char first[11];   /* the day of acc's first row */
	size_t written, skipped;
};

static char *clean(const char *s)
{
	return text_sanitize(s, strlen(s), 0);
}

/* Text for a ledger journal: no ';' (a comment), no tab or double space
 * (the end of an account name), no ':' in an account name part; never empty. */
static char *ledger_text(const char *raw, bool account_part)
{
	char *s = clean(raw), *out = xmalloc(strlen(s) + 2);
	size_t j = 0;

	for (const char *p = s; *p; p++) {
		char ch = *p;
		/* A leading * ! ( marks a status or code in a transaction line. */
		if (!account_part && j == 0 && strchr("*!(", ch))
			continue;
		if (ch == ';' || ch == '\t' || (account_part && strchr(":()[]", ch)))
			ch = account_part ? '-' : ',';
		if (ch == ' ' && (j == 0 || out[j - 1] == ' '))
			continue;
		out[j++] = ch;
	}
	while (j && out[j - 1] == ' ')
		j--;
	if (!j)
		out[j++] = '?';
	out[j] = '\0';
	free(s);
	return out;
}

/* A beancount string's contents: no quote or backslash. */
static char *bean_text(const char *raw)
{
	char *s = clean(raw);

	for (char *p = s; *p; p++)
		if (*p == '"')
			*p = '\'';
		else if (*p == '\\')
			*p = '/';
	return s;
}

/* A beancount account name's part: ASCII letters, digits and '-', starting
 * with a capital ("Café Anna" is "Cafe-Anna"); fallback when nothing is left
 * of it (a name in Chinese). */
static char *bean_part(const char *raw, const char *fallback)
{
	char *s = clean(raw), *a = text_ascii(s), *out = xmalloc(strlen(a) + strlen(fallback) + 3);
	size_t j = 0;

	for (int pass = 0; pass < 2 && !j; pass++) {
		/* The name, else the fallback, through the same filter. */
		for (const char *p = pass ? fallback : a; *p; p++) {
			unsigned char ch = (unsigned char)*p;
			bool alnum = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
			if (alnum)
				out[j++] = (char)ch;
			else if (j && out[j - 1] != '-')
				out[j++] = '-';
		}
		while (j && out[j - 1] == '-')
			j--;
	}
	out[j] = '\0';
	/* A capital first (ASCII, whatever the locale). */
	if (out[0] >= 'a' && out[0] <= 'z') {
		out[0] = (char)(out[0] - 'a' + 'A');
	} else if (!(out[0] >= 'A' && out[0] <= 'Z')) {
		memmove(out + 1, out, strlen(out) + 1);
		out[0] = 'X';
	}
	free(a);
	free(s);
	return out;
}

static const char *opening_name(const struct journal *j)
{
	return j->bean ? "Equity:Opening-Balances" : "Equity:Opening Balances";
}

/* An account's name in the journal, before collisions are seen to. */
static char *plain_account_name(const struct journal *j, const struct api_account *a)
{
	const char *top = !strcmp(a->kind, "credit") ? "Liabilities:Credit" : "Assets:Bank";
	char *part, *name;
	size_t len;

	if (j->bean) {
		char fallback[64];
		const char *id = a->id + strlen(a->id) - (strlen(a->id) > 8 ? 8 : strlen(a->id));
		snprintf(fallback, sizeof fallback, "Account-%s", id);
		part = bean_part(a->name, fallback);
	} else {
		part = ledger_text(a->name, true);
	}
	len = strlen(top) + strlen(part) + 2;
	name = xmalloc(len);
	snprintf(name, len, "%s:%s", top, part);
	free(part);
	return name;
}

/* The journal name of one of the customer's accounts: two accounts whose
 * names come out the same ("Café" and "Cafe") are told apart by their ids. */
static char *account_name(const struct journal *j, const struct api_account *a)
{
	char *name = plain_account_name(j, a);

	for (size_t i = 0; i < j->nall; i++) {
		char *other;
		bool same;
		if (!strcmp(j->all[i].id, a->id))
			continue;
		other = plain_account_name(j, &j->all[i]);
		same = !strcmp(other, name);
		free(other);
		if (same) {
			struct api_account named = *a;
			const char *id = a->id + strlen(a->id) - (strlen(a->id) > 8 ? 8 : strlen(a->id));
			snprintf(named.name, sizeof named.name, "%.*s %.8s", (int)(sizeof named.name - 12), a->name, id);
			free(name);
			return plain_account_name(j, &named);
		}
	}
	return name;
}

/* The other side of a row: Expenses:groceries, Income:salary, or the
 * opening balances for the bank's own opening of the account. */
static char *category_name(const struct journal *j, const struct api_transaction *t)
{
	const char *cat = *t->category ? t->category : "uncategorized";
	char *part, *name;
	size_t len;

	if (!strcmp(cat, "opening"))
		return xstrdup(opening_name(j));
	part = j->bean ? bean_part(cat, "Other") : ledger_text(cat, true);
	len = strlen(part) + 16;
	name = xmalloc(len);
	snprintf(name, len, "%s:%s", t->amount.minor < 0 ? "Expenses" : "Income", part);
	free(part);
	return name;
}

/* Says that name (an account, or a commodity) is used from day on. */
static void use(struct journal *j, const char *name, const char *day, bool commodity)
{
	char key[300];

	snprintf(key, sizeof key, "%c%s", commodity ? 'c' : 'a', name);
	if (set_add(&j->used, key)) {
		j->decls = xrealloc(j->decls, (j->ndecl + 1) * sizeof *j->decls);
		j->decls[j->ndecl].name = xstrdup(name);
		snprintf(j->decls[j->ndecl].day, sizeof j->decls[j->ndecl].day, "%s", day);
		j->decls[j->ndecl++].commodity = commodity;
		return;
	}
	for (size_t i = 0; i < j->ndecl; i++)
		if (j->decls[i].commodity == commodity && !strcmp(j->decls[i].name, name) &&
		    strcmp(day, j->decls[i].day) < 0)
			snprintf(j->decls[i].day, sizeof j->decls[i].day, "%s", day);
}

/* The customer's accounts, each with its journal name (unique among them). */
static void set_accounts(struct journal *j, const struct api_account *all, size_t n)
{
	for (size_t i = 0; i < j->nall; i++)
		free(j->names[i]);
	free(j->names);
	j->all = all;
	j->nall = n;
	j->names = xcalloc(n ? n : 1, sizeof *j->names);
	for (size_t i = 0; i < n; i++)
		j->names[i] = account_name(j, &all[i]);
}

/* a's journal name: worked out once for the customer's accounts. */
static char *name_of(const struct journal *j, const struct api_account *a)
{
	for (size_t i = 0; i < j->nall; i++)
		if (!strcmp(j->all[i].id, a->id))
			return xstrdup(j->names[i]);
	return account_name(j, a);
}

struct journal *journal_new(bool beancount, const struct api_account *all, size_t n)
{
	struct journal *j = xcalloc(1, sizeof *j);

	j->bean = beancount;
	if (!(j->spool = tmpfile())) {
		free(j);
		return NULL;
	}
	set_accounts(j, all, n);
	return j;
}

void journal_accounts(struct journal *j, const struct api_account *all, size_t n)
{
	set_accounts(j, all, n);
}

/* The value of a key in a journal line, "id:txn_1" (ledger) or
 * 'id: "txn_1"' (beancount), into out; false when the line holds none. */
static bool line_key(const struct journal *j, const char *line, char *out, size_t len)
{
	static const char *const names[] = { "id", "transfer", "opening" };
	const char *p = line + strspn(line, " \t");

	if (!j->bean) {
		if (*p != ';')
			return false;
		p++;
		p += strspn(p, " ");
	}
	for (size_t i = 0; i < 3; i++) {
		size_t n = strlen(names[i]);
		const char *v = p + n;
		if (strncmp(p, names[i], n) || *v != ':')
			continue;
		v++;
		if (j->bean) {
			v += strspn(v, " ");
			if (*v++ != '"')
				return false;
		}
		snprintf(out, len, "%s:%.*s", names[i], (int)strcspn(v, "\" \r\n"), v);
		return true;
	}
	return false;
}

/* Which journal a line is of, by what only one of them writes: a ledger
 * transaction's key comment, or a beancount transaction line. */
static int line_format(const char *line)
{
	if (!strncmp(line, "    ; id:", 9) || !strncmp(line, "    ; transfer:", 15) || !strncmp(line, "    ; opening:", 14))
		return 1;
	if (strlen(line) > 13 && isdigit((unsigned char)line[0]) && line[4] == '-' && line[7] == '-' &&
	    !strncmp(line + 10, " * \"", 4))
		return 2;
	return 0;
}

long journal_known(struct journal *j, FILE *f)
{
	char line[4096], key[512];
	long keys = 0, lines = 0;
	bool other = false, ours = false;

	while (fgets(line, sizeof line, f)) {
		const char *p = line;
		int format = line_format(line);
		lines++;
		if (format)
			other |= format != (j->bean ? 2 : 1);
		if (!strncmp(line, "; exported by " PACKAGE, sizeof "; exported by " PACKAGE - 1))
			ours = true;
		if (line_key(j, line, key, sizeof key)) {
			set_add(&j->keys, key);
			set_add(&j->old, key);
			keys++;
			continue;
		}
		/* Declarations: "account NAME", "commodity CUR" and "tag NAME";
		 * beancount's "DAY open NAME" and "DAY commodity CUR". */
		if (j->bean && isdigit((unsigned char)*p) && strlen(p) > 11)
			p += 11;
		if (!strncmp(p, j->bean ? "open " : "account ", j->bean ? 5 : 8) || !strncmp(p, "commodity ", 10) ||
		    (!j->bean && !strncmp(p, "tag ", 4))) {
			char kind = *p == 'c' ? 'c' : *p == 't' ? 't' : 'a';
			char name[300];
			p += kind == 'c' ? 10 : kind == 't' ? 4 : j->bean ? 5 : 8;
			snprintf(name, sizeof name, "%c%.*s", kind, (int)strcspn(p, "\r\n"), p);
			/* beancount's open may name currencies after the account. */
			if (j->bean && kind == 'a')
				name[1 + strcspn(name + 1, " ")] = '\0';
			set_add(&j->declared, name);
		}
	}
	/* Only a journal of this format is added to: never a file of anything
	 * else, nor a journal of an earlier bankterm, whose transfers between
	 * one's own accounts were an expense and an income (its keys without
	 * the tag declarations this one writes): adding to it would count them
	 * twice. */
	if (ferror(f) || other || (lines && !keys && !ours) || (!j->bean && keys && !set_has(&j->declared, "tid")))
		return -1;
	return keys;
}

void journal_account(struct journal *j, const struct api_account *acc)
{
	free(j->acc_name);
	j->acc = acc;
	j->acc_name = name_of(j, acc);
	j->walked = 0;
	j->overflow = false;
	j->first[0] = '\0';
}

/* The bank's id as a key's value: in a comment, or a string, it ends at a
 * space or quote, so those are '_' (the same in the file and in memory). */
static char *key_value(const char *raw)
{
	char *v = clean(raw);

	for (char *p = v; *p; p++)
		if (*p == ' ' || *p == '"' || *p == ';' || *p == '\\')
			*p = '_';
	return v;
}

static void head(struct journal *j, const char *day, const char *what, const char *key, const char *value)
{
	char *text = j->bean ? bean_text(what) : ledger_text(what, false);
	char *v = key_value(value);

	if (j->bean)
		fprintf(j->spool, "%s * \"%s\"\n  %s: \"%s\"\n", day, text, key, v);
	else
		fprintf(j->spool, "%s %s\n    ; %s:%s\n", day, text, key, v);
	free(v);
	free(text);
}

/* A posting: name, and the amount (NULL: the one that balances), with a
 * conversion's price ("@@", its total in the other currency). */
static void posting(struct journal *j, const char *name, const struct money *m, const struct money *price)
{
	char amount[MONEY_FMT_MAX], other[MONEY_FMT_MAX];

	fprintf(j->spool, j->bean ? "  %s" : "    %s", name);
	if (m) {
		if (money_format_plain(m, amount, sizeof amount) != MONEY_OK)
			snprintf(amount, sizeof amount, "0");
		fprintf(j->spool, "  %s %s", amount, m->currency);
		if (price && money_format_plain(price, other, sizeof other) == MONEY_OK)
			fprintf(j->spool, " @@ %s %s", other[0] == '-' ? other + 1 : other, price->currency);
	}
	fputc('\n', j->spool);
}

void journal_row(struct journal *j, const struct api_transaction *t)
{
	char day[11], key[300];
	const char *what = *t->description ? t->description : t->counterparty;

	snprintf(day, sizeof day, "%.10s", t->booked_at);
	if (!*j->first)
		snprintf(j->first, sizeof j->first, "%s", day);
	if (__builtin_add_overflow(j->walked, t->amount.minor, &j->walked))
		j->overflow = true;
	{
		char *v = key_value(t->transfer_id ? t->transfer_id : t->id);
		snprintf(key, sizeof key, "%s:%s", t->transfer_id ? "transfer" : "id", v);
		free(v);
	}
	if (!set_add(&j->keys, key)) {
		/* There already; or the other side of a transfer written in this run. */
		j->skipped += set_has(&j->old, key);
		return;
	}
	use(j, j->acc_name, day, false);
	use(j, t->amount.currency, day, true);
	if (t->transfer_id) {
		/* Between two of the customer's own accounts: one transaction, both sides. */
		char *name = NULL;
		bool fx = strcmp(t->transfer_amount.currency, t->amount.currency) != 0;
		for (size_t i = 0; i < j->nall && !name; i++)
			if (!strcmp(j->all[i].id, t->transfer_account))
				name = xstrdup(j->names[i]);
		if (!name) {
			/* An account the bank no longer lists: named by its id. */
			struct api_account gone = { 0 };
			snprintf(gone.id, sizeof gone.id, "%s", t->transfer_account);
			snprintf(gone.name, sizeof gone.name, "%s", t->transfer_account);
			snprintf(gone.kind, sizeof gone.kind, "current");
			name = account_name(j, &gone);
		}
		use(j, name, day, false);
		use(j, t->transfer_amount.currency, day, true);
		head(j, day, what, "transfer", t->transfer_id);
		posting(j, j->acc_name, &t->amount, fx ? &t->transfer_amount : NULL);
		posting(j, name, &t->transfer_amount, NULL);
		free(name);
	} else {
		char *cat = category_name(j, t);
		use(j, cat, day, false);
		head(j, day, what, "id", t->id);
		posting(j, j->acc_name, &t->amount, NULL);
		posting(j, cat, NULL, NULL);
		free(cat);
	}
	fputc('\n', j->spool);
	j->written++;
}

void journal_account_end(struct journal *j, bool complete)
{
	struct money opening;
	char key[300], day[11];

	if (!j->acc || !complete || j->overflow)
		return;
	snprintf(opening.currency, sizeof opening.currency, "%s", j->acc->booked.currency);
	if (__builtin_sub_overflow(j->acc->booked.minor, j->walked, &opening.minor) || !opening.minor)
		return;
	{
		char *v = key_value(j->acc->id);
		snprintf(key, sizeof key, "opening:%s", v);
		free(v);
	}
	if (!set_add(&j->keys, key))
		return;
	/* The day of the first row: the balance before it (today with none). */
	snprintf(day, sizeof day, "%s", *j->first ? j->first : "1970-01-01");
	use(j, j->acc_name, day, false);
	use(j, opening.currency, day, true);
	use(j, opening_name(j), day, false);
	head(j, day, "Opening balance", "opening", j->acc->id);
	posting(j, j->acc_name, &opening, NULL);
	posting(j, opening_name(j), NULL, NULL);
	fputc('\n', j->spool);
	j->written++;
}

int journal_write(struct journal *j, FILE *to, bool header)
{
	static const char *const tags[] = { "id", "transfer", "opening" };
	char buf[8192], key[300];
	size_t got;
	bool any = false;

	if (header)
		fputs("; exported by " PACKAGE " " VERSION "\n\n", to);
	/* ledger --pedantic wants the tags declared too. */
	for (size_t i = 0; !j->bean && i < 3; i++) {
		snprintf(key, sizeof key, "t%s", tags[i]);
		if (!set_has(&j->declared, key) && (header || j->written)) {
			fprintf(to, "tag %s\n", tags[i]);
			set_add(&j->declared, key);
			any = true;
		}
	}
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < j->ndecl; i++) {
			struct decl *d = &j->decls[i];
			if (d->commodity != (pass == 0))
				continue;
			snprintf(key, sizeof key, "%c%s", d->commodity ? 'c' : 'a', d->name);
			if (set_has(&j->declared, key))
				continue;
			if (j->bean)
				fprintf(to, "%s %s %s\n", d->day, d->commodity ? "commodity" : "open", d->name);
			else
				fprintf(to, "%s %s\n", d->commodity ? "commodity" : "account", d->name);
			any = true;
		}
	if (any)
		fputc('\n', to);
	if (fflush(j->spool) || ferror(j->spool))
		return -1;
	rewind(j->spool);
	while ((got = fread(buf, 1, sizeof buf, j->spool)) > 0)
		fwrite(buf, 1, got, to);
	return ferror(j->spool) || ferror(to) ? -1 : 0;
}

size_t journal_count(const struct journal *j, size_t *skipped)
{
	if (skipped)
		*skipped = j->skipped;
	return j->written;
}

void journal_free(struct journal **jp)
{
	struct journal *j = *jp;

	if (!j)
		return;
	if (j->spool)
		fclose(j->spool);
	set_free(&j->keys);
	set_free(&j->old);
	set_free(&j->declared);
	set_free(&j->used);
	for (size_t i = 0; i < j->ndecl; i++)
		free(j->decls[i].name);
	free(j->decls);
	for (size_t i = 0; i < j->nall; i++)
		free(j->names[i]);
	free(j->names);
	free(j->acc_name);
	free(j);
	*jp = NULL;
}
