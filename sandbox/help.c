/* help.c: the bank's help articles (help.h): kept in the database with a
 * full-text index (FTS5, ranked by bm25), searched in the language the
 * request asks for, and read one by one.
 *
 * The index is contentless (the texts stay in help_articles) and tokenized
 * by unicode61, which folds case and diacritics.  Chinese and Japanese are
 * written without spaces, so each ideograph, kana and hangul syllable is
 * indexed as a word of its own, and a query's runs of them are searched as
 * pairs of neighbours: "积分过期" asks for "积分", "分过" and "过期", and the
 * article that holds most of them ranks first.  A word of a spaced language
 * is searched as a prefix ("expir" finds "expiry" and "expired").  Each
 * article's language is a word of its own column, so the language is part
 * of the match, not a filter over every language's results. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"
#include "help.h"
#include "lang.h"
#include "sandbox.h"

#define QUERY_MAX 200   /* characters of a question that are searched */
#define TERMS_MAX 32    /* words and pairs of a query */
#define SUMMARY_MAX 260 /* bytes of an article's first paragraph in a list */

static const struct help_article *const tables[LANG_COUNT] = {
	[LANG_EN] = help_en, [LANG_DE] = help_de,       [LANG_ES] = help_es,       [LANG_FR] = help_fr,
	[LANG_JA] = help_ja, [LANG_ZH_CN] = help_zh_CN, [LANG_ZH_TW] = help_zh_TW,
};

/* The language's word in the index's lang column ("zh-CN" would be two words). */
static void lang_word(enum sb_lang l, char out[8])
{
	const char *tag = lang_tag(l);
	size_t j = 0;

	for (; *tag && j < 7; tag++)
		if (*tag != '-')
			out[j++] = (char)(*tag | 0x20);
	out[j] = '\0';
}

/* The next code point of s (advancing *s); invalid UTF-8 gives 0xFFFD for one byte. */
static uint32_t next_cp(const char **s)
{
	const unsigned char *p = (const unsigned char *)*s;
	uint32_t cp;
	int n;

	if (p[0] < 0x80) {
		*s += 1;
		return p[0];
	}
	if ((p[0] & 0xE0) == 0xC0)
		cp = p[0] & 0x1F, n = 1;
	else if ((p[0] & 0xF0) == 0xE0)
		cp = p[0] & 0x0F, n = 2;
	else if ((p[0] & 0xF8) == 0xF0)
		cp = p[0] & 0x07, n = 3;
	else {
		*s += 1;
		return 0xFFFD;
	}
	for (int i = 1; i <= n; i++) {
		if ((p[i] & 0xC0) != 0x80) {
			*s += 1;
			return 0xFFFD;
		}
		cp = cp << 6 | (p[i] & 0x3F);
	}
	*s += n + 1;
	return cp;
}

/* Ideographs, kana and hangul: each a word by itself. */
static bool cjk(uint32_t cp)
{
	return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
	       (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2FFFF);
}

/* A character of a spaced language's word: letters and digits (anything
 * past ASCII that is not punctuation, a symbol or a space of its own). */
static bool word_cp(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
	if (cp == 0xFFFD || cp < 0xC0 || cp == 0xD7 || cp == 0xF7)
		return false;
	if ((cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
	    (cp >= 0xFF00 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0xFF3B && cp <= 0xFF40) ||
	    (cp >= 0xFF5B && cp <= 0xFF65))
		return false;
	return !cjk(cp);
}

/* text as the index reads it: each CJK character set apart by spaces. */
static char *index_text(const char *text)
{
	sqlite3_str *out = sqlite3_str_new(NULL);

	for (const char *s = text; *s;) {
		const char *at = s;
		uint32_t cp = next_cp(&s);
		if (cjk(cp))
			sqlite3_str_appendf(out, " %.*s ", (int)(s - at), at);
		else
			sqlite3_str_appendf(out, "%.*s", (int)(s - at), at);
	}
	return sqlite3_str_finish(out);
}

/* Words of a question that answer nothing by themselves ("how", "my", "¿cómo"),
 * per language: a title that starts "How you..." must not outrank the article
 * that answers.  Compared in lower case, as typed and without accents. */
static const char *const stop_words[LANG_COUNT] = {
	[LANG_EN] = " how what when where why who which can could do does did is are was were the and for my me "
		    "you your with from this that there get much many any about it to of in on an be have has "
		    "should would will not no ",
	[LANG_DE] = " wie was wann wo warum wer welche welcher welches kann ich mein meine meinen meiner meines "
		    "der die das den dem des ein eine einen einer und oder ist sind mit von fur zu auf es sie wird "
		    "werden bei im in am an man mir mich ",
	[LANG_ES] = " como que cuando donde por porque cual cuales puedo mi mis una un unos unas el la los las de "
		    "del en y o es son se me con para lo al le hay ",
	[LANG_FR] = " comment quand pourquoi ou quel quelle quels quelles est ce que qui je mon ma mes un une le la "
		    "les de des du en et au aux pour avec peux puis il elle on sur ne pas se me ",
};

/* The word w (n bytes) lower-cased, a Latin-1 letter with an accent read as
 * its base letter (as the index's unicode61 reads it), into out; other
 * characters are kept as they are.  false when it does not fit. */
static bool fold(const char *w, size_t n, char *out, size_t len)
{
	static const char folded[] = "aaaaaaaceeeeiiiidnooooo/ouuuuyty"; /* U+00E0..U+00FF */
	size_t k = 0;
	const char *s = w;

	while (s < w + n) {
		const char *at = s;
		uint32_t cp = next_cp(&s);
		if (cp >= 'A' && cp <= 'Z')
			cp |= 0x20;
		else if (cp >= 0xC0 && cp <= 0xDE)
			cp += 0x20;
		if (cp >= 0xE0 && cp <= 0xFF)
			cp = (uint32_t)folded[cp - 0xE0];
		if (cp < 0x80) {
			if (k + 1 >= len)
				return false;
			out[k++] = (char)cp;
		} else {
			if (k + (size_t)(s - at) >= len)
				return false;
			memcpy(out + k, at, (size_t)(s - at));
			k += (size_t)(s - at);
		}
	}
	out[k] = '\0';
	return true;
}

/* Whether the word w (n bytes) is one of stop_words[l], folded. */
static bool stop_word(const char *w, size_t n, enum sb_lang l)
{
	char low[40], pad[44];

	if (!stop_words[l] || !fold(w, n, low, sizeof low))
		return false;
	snprintf(pad, sizeof pad, " %s ", low);
	return strstr(stop_words[l], pad) != NULL;
}

/* A query's terms, folded: a word's prefix, or a pair of CJK characters. */
struct terms {
	char t[TERMS_MAX][64];
	bool pair[TERMS_MAX];
	int n;
};

static void term_add(struct terms *tm, const char *s, size_t n, bool pair)
{
	if (tm && tm->n < TERMS_MAX && fold(s, n, tm->t[tm->n], sizeof tm->t[0]))
		tm->pair[tm->n++] = pair;
}

/* The FTS5 query for a question in language l, or NULL when it holds no
 * word to search for.  Every term is quoted: what the user typed is never
 * read as the query language's syntax. */
static char *match_of(const char *question, enum sb_lang l, struct terms *tm)
{
	sqlite3_str *q = sqlite3_str_new(NULL);
	char lw[8];
	int terms = 0, chars = 0;
	const char *s = question, *prev_cjk = NULL, *prev_end = NULL;

	lang_word(l, lw);
	sqlite3_str_appendf(q, "lang : \"%s\" AND {title body} : (", lw);
	while (*s && terms < TERMS_MAX && chars < QUERY_MAX) {
		const char *at = s;
		uint32_t cp = next_cp(&s);
		chars++;
		if (cjk(cp)) {
			/* A pair with the character before it; a lone one stands by itself. */
			const char *peek = s;
			if (prev_cjk) {
				sqlite3_str_appendf(q, "%s\"%.*s %.*s\"", terms ? " OR " : "", (int)(prev_end - prev_cjk),
						    prev_cjk, (int)(s - at), at);
				term_add(tm, prev_cjk, (size_t)(s - prev_cjk), true);
				terms++;
			} else if (!*peek || !cjk(next_cp(&peek))) {
				sqlite3_str_appendf(q, "%s\"%.*s\"", terms ? " OR " : "", (int)(s - at), at);
				term_add(tm, at, (size_t)(s - at), true);
				terms++;
			}
			prev_cjk = at;
			prev_end = s;
			continue;
		}
		prev_cjk = NULL;
		if (word_cp(cp)) {
			const char *end = s, *t = s;
			int n = 1;
			while (*t) {
				const char *before = t;
				uint32_t c2 = next_cp(&t);
				if (!word_cp(c2)) {
					t = before;
					break;
				}
				end = t;
				n++;
			}
			s = end;
			chars += n - 1;
			/* One letter is no word to search, nor a word that asks
			 * nothing; three or more letters are a prefix, and a word of
			 * four or more loses its last letter: "pago" finds "pagar",
			 * "expire" "expiry", "points" "point". */
			if (n >= 2 && !stop_word(at, (size_t)(end - at), l)) {
				const char *cut = end;
				if (n >= 4) {
					cut--;
					while (cut > at && ((unsigned char)*cut & 0xC0) == 0x80)
						cut--;
				}
				sqlite3_str_appendf(q, "%s\"%.*s\"%s", terms ? " OR " : "", (int)(cut - at), at, n >= 3 ? "*" : "");
				term_add(tm, at, (size_t)(cut - at), false);
				terms++;
			}
		}
	}
	sqlite3_str_appendall(q, ")");
	if (!terms) {
		sqlite3_free(sqlite3_str_finish(q));
		return NULL;
	}
	return sqlite3_str_finish(q);
}

/* A fingerprint of every article in every language (FNV-1a): the database
 * holds the articles of this build once it holds this number. */
static int64_t fingerprint(void)
{
	uint64_t h = 1469598103934665603ULL;

	for (int l = 0; l < LANG_COUNT; l++)
		for (const struct help_article *a = tables[l]; a->slug; a++)
			for (const char *f[3] = { a->slug, a->title, a->body }, **p = f; p < f + 3; p++)
				for (const unsigned char *c = (const unsigned char *)*p;; c++) {
					h = (h ^ *c) * 1099511628211ULL;
					if (!*c)
						break;
				}
	return (int64_t)(h >> 1);
}

int help_installed_query(char *out, size_t len)
{
	return snprintf(out, len, "SELECT count(*) FROM meta WHERE key = 'help_articles' AND value = %lld",
			(long long)fingerprint()) >= (int)len ? -1 : 0;
}

int help_install(sqlite3 *db)
{
	sqlite3_stmt *art, *idx, *meta;
	int rc = 0;

	if (db_exec(db, "DELETE FROM help_articles") ||
	    db_exec(db, "INSERT INTO help_search (help_search) VALUES ('delete-all')"))
		return -1;
	art = db_prepare(db, "INSERT INTO help_articles (slug, lang, title, body) VALUES (?1, ?2, ?3, ?4)");
	idx = db_prepare(db, "INSERT INTO help_search (rowid, lang, title, body) VALUES (?1, ?2, ?3, ?4)");
	for (int l = 0; l < LANG_COUNT && !rc; l++) {
		char lw[8];
		lang_word((enum sb_lang)l, lw);
		for (const struct help_article *a = tables[l]; a->slug && !rc; a++) {
			char *title = index_text(a->title), *body = index_text(a->body);
			sqlite3_bind_text(art, 1, a->slug, -1, SQLITE_STATIC);
			sqlite3_bind_text(art, 2, lang_tag((enum sb_lang)l), -1, SQLITE_STATIC);
			sqlite3_bind_text(art, 3, a->title, -1, SQLITE_STATIC);
			sqlite3_bind_text(art, 4, a->body, -1, SQLITE_STATIC);
			rc = sqlite3_step(art) == SQLITE_DONE ? 0 : -1;
			sqlite3_reset(art);
			sqlite3_bind_int64(idx, 1, sqlite3_last_insert_rowid(db));
			sqlite3_bind_text(idx, 2, lw, -1, SQLITE_STATIC);
			sqlite3_bind_text(idx, 3, title, -1, SQLITE_STATIC);
			sqlite3_bind_text(idx, 4, body, -1, SQLITE_STATIC);
			rc = rc || sqlite3_step(idx) != SQLITE_DONE ? -1 : 0;
			sqlite3_reset(idx);
			sqlite3_free(title);
			sqlite3_free(body);
		}
	}
	db_done(art);
	db_done(idx);
	meta = db_prepare(db, "INSERT OR REPLACE INTO meta VALUES ('help_articles', ?1)");
	sqlite3_bind_int64(meta, 1, fingerprint());
	rc = rc || sqlite3_step(meta) != SQLITE_DONE ? -1 : 0;
	db_done(meta);
	return rc;
}

/* Whether the bytes before body + n end a sentence: ". ", "? ", "! " (the
 * space at n), or a Chinese or Japanese full stop, question or exclamation mark. */
static bool sentence_end(const char *body, size_t n)
{
	static const char *const marks[] = { "\xe3\x80\x82", "\xef\xbc\x9f", "\xef\xbc\x81" }; /* 。？！ */

	if (n >= 1 && body[n] == ' ' && strchr(".?!", body[n - 1]))
		return true;
	for (size_t i = 0; i < 3; i++)
		if (n >= 3 && !memcmp(body + n - 3, marks[i], 3))
			return true;
	return false;
}

/* The first paragraph, at most SUMMARY_MAX bytes: whole sentences where the
 * first fits, else cut at a word's end (between characters in Chinese and
 * Japanese) with "…". */
static json_object *summary_of(const char *body)
{
	size_t n = strcspn(body, "\n");
	char buf[SUMMARY_MAX + 4];

	if (n > SUMMARY_MAX) {
		size_t m;
		n = SUMMARY_MAX;
		while (n && ((unsigned char)body[n] & 0xC0) == 0x80)
			n--;
		for (m = n; m > 0 && !sentence_end(body, m); m--)
			;
		if (m > 0)
			return json_object_new_string_len(body, (int)m);
		/* At a word's end where there is one (Japanese and Chinese have
		 * none: the cut stays between characters). */
		m = n;
		while (m > SUMMARY_MAX / 2 && body[m - 1] != ' ')
			m--;
		if (m > SUMMARY_MAX / 2)
			n = m;
		while (n && body[n - 1] == ' ')
			n--;
		snprintf(buf, sizeof buf, "%.*s…", (int)n, body);
		return json_object_new_string(buf);
	}
	return json_object_new_string_len(body, (int)n);
}

/* How much of the title the question's terms cover, from 0 to 1: of its
 * words (stop words aside) and CJK pairs, those a term matches (a word by
 * its prefix, a pair exactly).  "Paying a bill" answers "how do I pay a
 * bill" more squarely than "Paying bills automatically with autopay",
 * though the longer article says "pay" and "bill" more often. */
static double coverage(const char *title, enum sb_lang l, const struct terms *tm)
{
	int units = 0, hits = 0;
	const char *s = title, *prev = NULL;

	while (*s) {
		const char *at = s;
		uint32_t cp = next_cp(&s);
		if (cjk(cp)) {
			if (prev) {
				char pair[16];
				units++;
				if (fold(prev, (size_t)(s - prev), pair, sizeof pair))
					for (int i = 0; i < tm->n; i++)
						if (tm->pair[i] && !strcmp(tm->t[i], pair)) {
							hits++;
							break;
						}
			}
			prev = at;
			continue;
		}
		prev = NULL;
		if (word_cp(cp)) {
			const char *end = s;
			char w[64];
			while (*end) {
				const char *t = end;
				if (!word_cp(next_cp(&t)))
					break;
				end = t;
			}
			s = end;
			if (end - at < 2 || stop_word(at, (size_t)(end - at), l) || !fold(at, (size_t)(end - at), w, sizeof w))
				continue;
			units++;
			for (int i = 0; i < tm->n; i++)
				if (!tm->pair[i] && !strncmp(w, tm->t[i], strlen(tm->t[i]))) {
					hits++;
					break;
				}
		}
	}
	return units ? (double)hits / units : 0.0;
}

struct hit {
	int64_t id;
	double score;
};

static int by_score(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;

	return x->score < y->score ? -1 : x->score > y->score ? 1 : x->id < y->id ? -1 : x->id > y->id;
}

#define CANDIDATES 20 /* the best by bm25, ranked again by their titles */

/* The articles (help_articles.id) that answer the question, best first:
 * the CANDIDATES best by bm25 (titles weigh four times the body), each
 * score then raised by the share of its title the question covers.  At
 * most max into ids; -1 when the question holds no word to search for. */
static int ranked(sqlite3 *db, const char *question, enum sb_lang l, int64_t *ids, int max)
{
	struct terms tm = { .n = 0 };
	char *match = match_of(question, l, &tm);
	struct hit hits[CANDIDATES];
	sqlite3_stmt *st;
	int n = 0;

	if (!match)
		return -1;
	st = db_prepare(db, "SELECT a.id, a.title, bm25(help_search, 0.0, 4.0, 1.0) FROM help_search s "
			    "JOIN help_articles a ON a.id = s.rowid WHERE help_search MATCH ?1 "
			    "ORDER BY 3, a.id LIMIT ?2");
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, CANDIDATES);
	while (n < CANDIDATES && sqlite3_step(st) == SQLITE_ROW) {
		hits[n].id = sqlite3_column_int64(st, 0);
		/* bm25 is negative, the better the lower: a covered title lowers it more. */
		hits[n].score = sqlite3_column_double(st, 2) *
				(1.0 + coverage((const char *)sqlite3_column_text(st, 1), l, &tm));
		n++;
	}
	db_done(st);
	sqlite3_free(match);
	qsort(hits, (size_t)n, sizeof hits[0], by_score);
	for (int i = 0; i < n && i < max; i++)
		ids[i] = hits[i].id;
	return n < max ? n : max;
}

int help_suggest(sqlite3 *db, enum sb_lang l, const char *question, char slugs[][HELP_SLUG_MAX], int max)
{
	int64_t ids[CANDIDATES];
	int n = ranked(db, question, l, ids, max < CANDIDATES ? max : CANDIDATES);

	for (int i = 0; i < n; i++) {
		sqlite3_stmt *st = db_prepare(db, "SELECT slug FROM help_articles WHERE id = ?1");
		sqlite3_bind_int64(st, 1, ids[i]);
		if (sqlite3_step(st) == SQLITE_ROW)
			snprintf(slugs[i], HELP_SLUG_MAX, "%s", (const char *)sqlite3_column_text(st, 0));
		db_done(st);
	}
	return n < 0 ? 0 : n;
}

/* A hit of the list: its id, title and summary. */
static json_object *item_json(sqlite3_stmt *st)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "id", sb_column_string(st, 0));
	json_object_object_add(o, "title", sb_column_string(st, 1));
	json_object_object_add(o, "summary", summary_of((const char *)sqlite3_column_text(st, 2)));
	return o;
}

/* GET /v1/help/articles[?q=...&limit=N]: the articles of the request's
 * language, ranked by how well they answer q (all of them, in the bank's
 * order, without q). */
void help_articles(struct sb_ctx *c)
{
	enum sb_lang l = lang_pick(sb_header(c, "Accept-Language"));
	const char *q = sb_query(c, "q");
	int64_t limit = 10;
	sqlite3_stmt *st;
	json_object *doc, *items;

	if (!sb_query_int(c, "limit", 1, 50, &limit))
		return;
	if (q && strlen(q) > 4 * QUERY_MAX) {
		sb_field_problem(c, "q", "a question is at most 200 characters");
		return;
	}
	doc = json_object_new_object();
	items = json_object_new_array();
	json_object_object_add(doc, "lang", json_object_new_string(lang_tag(l)));
	json_object_object_add(doc, "items", items);
	if (q) {
		int64_t ids[CANDIDATES];
		int n = ranked(c->db, q, l, ids, (int)(limit < CANDIDATES ? limit : CANDIDATES));
		/* No word to search for (n < 0): no article answers it. */
		for (int i = 0; i < n; i++) {
			st = db_prepare(c->db, "SELECT slug, title, body FROM help_articles WHERE id = ?1");
			sqlite3_bind_int64(st, 1, ids[i]);
			if (sqlite3_step(st) == SQLITE_ROW)
				json_object_array_add(items, item_json(st));
			db_done(st);
		}
		sb_reply(c, 200, doc);
		return;
	}
	st = db_prepare(c->db, "SELECT slug, title, body FROM help_articles WHERE lang = ?1 ORDER BY id LIMIT ?2");
	sqlite3_bind_text(st, 1, lang_tag(l), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, limit > 0 && sb_query(c, "limit") ? limit : 1000);
	while (sqlite3_step(st) == SQLITE_ROW)
		json_object_array_add(items, item_json(st));
	db_done(st);
	sb_reply(c, 200, doc);
}

/* GET /v1/help/articles/{id}: one article, in the request's language. */
void help_article(struct sb_ctx *c)
{
	enum sb_lang l = lang_pick(sb_header(c, "Accept-Language"));
	sqlite3_stmt *st = db_prepare(c->db, "SELECT slug, title, body, lang FROM help_articles "
					     "WHERE slug = ?1 AND lang IN (?2, 'en') ORDER BY lang = ?2 DESC LIMIT 1");
	json_object *o;

	sqlite3_bind_text(st, 1, c->params[0], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, lang_tag(l), -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_done(st);
		sb_problem(c, 404, "not_found", "There is no help article with that id.", NULL);
		return;
	}
	o = json_object_new_object();
	json_object_object_add(o, "id", sb_column_string(st, 0));
	json_object_object_add(o, "title", sb_column_string(st, 1));
	json_object_object_add(o, "body", sb_column_string(st, 2));
	json_object_object_add(o, "lang", sb_column_string(st, 3));
	db_done(st);
	sb_reply(c, 200, o);
}
