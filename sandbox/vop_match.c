/* vop_match.c: Verification of Payee's name matching (vop_match.h has the
 * rules).  A name becomes a list of words, each folded to plain letters;
 * legal forms at its end are set apart; then the rules are tried from the
 * strictest: the same words, the same words with initials, the
 * similarity of the words sorted. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "vop_match.h"

#define WORDS_MAX 16
#define WORD_MAX 64

struct name {
	char w[WORDS_MAX][WORD_MAX];
	int n;
	char legal[WORD_MAX]; /* the legal forms set apart, joined ("gmbh co kg"); "" when none */
};

/* Latin Extended-A (U+0100..U+017F) without its marks. */
static const char ext_a[] = "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllllnnnnnnnnnoooooooorrrrrrssssssss"
			    "ttttttuuuuuuuuuuuuwwyyyzzzzzzs";

/* What code point cp is written as among a name's letters ("" when it
 * separates words, NULL when it is dropped, as an apostrophe is). */
static const char *fold(uint32_t cp, bool umlauts, char buf[8])
{
	static const char latin1[] = "aaaaaaaceeeeiiiidnooooo ouuuuyty"; /* U+00E0..U+00FF */

	if (cp >= 'A' && cp <= 'Z')
		cp |= 0x20;
	if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
		buf[0] = (char)cp;
		buf[1] = '\0';
		return buf;
	}
	if (cp == '\'' || cp == 0x2019 || cp == 0x2018 || cp == 0x60 || cp == 0xB4)
		return NULL;
	if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
		cp += 0x20;
	switch (cp) {
	case 0xE4: return umlauts ? "ae" : "a";
	case 0xF6: return umlauts ? "oe" : "o";
	case 0xFC: return umlauts ? "ue" : "u";
	case 0xDF: return "ss";
	case 0xE6: return "ae";
	case 0xF8: return "o";
	case 0xFE: return "th";
	case 0x152: case 0x153: return "oe";
	case 0x132: case 0x133: return "ij";
	default: break;
	}
	if (cp >= 0xE0 && cp <= 0xFF && cp != 0xF7) {
		buf[0] = latin1[cp - 0xE0];
		buf[1] = '\0';
		return buf;
	}
	if (cp >= 0x100 && cp <= 0x17F) {
		buf[0] = ext_a[cp - 0x100];
		buf[1] = '\0';
		return buf;
	}
	/* Letters of other scripts stay as they are written; marks, symbols and spaces part words. */
	if (cp >= 0x370 && !(cp >= 0x2000 && cp <= 0x2BFF) && !(cp >= 0x3000 && cp <= 0x303F) &&
	    !(cp >= 0xFF00 && cp <= 0xFF20)) {
		int n = 0;
		if (cp < 0x800) {
			buf[n++] = (char)(0xC0 | cp >> 6);
		} else if (cp < 0x10000) {
			buf[n++] = (char)(0xE0 | cp >> 12);
			buf[n++] = (char)(0x80 | (cp >> 6 & 0x3F));
		} else {
			buf[n++] = (char)(0xF0 | cp >> 18);
			buf[n++] = (char)(0x80 | (cp >> 12 & 0x3F));
			buf[n++] = (char)(0x80 | (cp >> 6 & 0x3F));
		}
		buf[n++] = (char)(0x80 | (cp & 0x3F));
		buf[n] = '\0';
		return buf;
	}
	return "";
}

/* Legal forms, and the spelling each is read as. */
static const char *const legal_forms[][2] = {
	{ "gmbh", "gmbh" }, { "ltd", "ltd" }, { "limited", "ltd" }, { "sarl", "sarl" }, { "sa", "sa" },
	{ "sas", "sas" }, { "inc", "inc" }, { "incorporated", "inc" }, { "llc", "llc" }, { "plc", "plc" },
	{ "ag", "ag" }, { "bv", "bv" }, { "nv", "nv" }, { "srl", "srl" }, { "spa", "spa" }, { "corp", "corp" },
	{ "corporation", "corp" }, { "co", "co" }, { "kg", "kg" }, { "ug", "ug" }, { "oy", "oy" }, { "llp", "llp" },
	{ "pty", "pty" }, { "se", "se" }, { "ohg", "ohg" }, { "sl", "sl" }, { "ab", "ab" },
};

static const char *legal_form(const char *w)
{
	for (size_t i = 0; i < sizeof legal_forms / sizeof legal_forms[0]; i++)
		if (!strcmp(w, legal_forms[i][0]))
			return legal_forms[i][1];
	return NULL;
}

static void parse(const char *s, bool umlauts, struct name *out)
{
	size_t len = s ? strlen(s) : 0, at = 0, k = 0;
	char *w;

	memset(out, 0, sizeof *out);
	if (len > VOP_NAME_MAX * 4)
		len = VOP_NAME_MAX * 4;
	w = out->w[0];
	while (at < len) {
		uint32_t cp;
		char buf[8];
		size_t n = utf8_decode(s + at, len - at, &cp);
		const char *f;
		if (!n) {
			n = 1;
			cp = ' ';
		}
		at += n;
		f = fold(cp, umlauts, buf);
		if (!f)
			continue;
		if (!*f) {
			if (k) {
				if (++out->n == WORDS_MAX)
					break;
				w = out->w[out->n];
				k = 0;
			}
			continue;
		}
		if (k + strlen(f) < WORD_MAX) {
			memcpy(w + k, f, strlen(f) + 1);
			k += strlen(f);
		}
	}
	if (k && out->n < WORDS_MAX)
		out->n++;
	/* Legal forms at the end, set apart (a name is never only its legal form). */
	while (out->n > 1 && legal_form(out->w[out->n - 1])) {
		char joined[2 * WORD_MAX + 2];
		snprintf(joined, sizeof joined, "%s%s%s", legal_form(out->w[out->n - 1]), *out->legal ? " " : "",
			 out->legal);
		snprintf(out->legal, sizeof out->legal, "%.*s", WORD_MAX - 1, joined);
		out->n--;
	}
}

static int by_text(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* The words sorted, joined by spaces. */
static void sorted(const struct name *nm, char *out, size_t len)
{
	char w[WORDS_MAX][WORD_MAX];
	size_t at = 0;

	memcpy(w, nm->w, sizeof w);
	qsort(w, (size_t)nm->n, WORD_MAX, by_text);
	out[0] = '\0';
	for (int i = 0; i < nm->n && at < len; i++)
		at += (size_t)snprintf(out + at, len - at, "%s%s", i ? " " : "", w[i]);
}

/* Levenshtein distance of a and b (bytes; the words are plain letters). */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), *row = calloc(lb + 1, sizeof *row), d;

	if (!row)
		abort();
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	d = row[lb];
	free(row);
	return d;
}

/* Every typed word is a registered word or its initial, each registered
 * word used once, at most one registered word left over (a middle name not
 * typed), and at least two typed words: how many initials that took, or -1. */
static int with_initials(const struct name *t, const struct name *r)
{
	bool used[WORDS_MAX] = { false }, done[WORDS_MAX] = { false };
	int initials = 0, matched = 0;

	if (t->n < 2 || t->n > r->n || r->n - t->n > 1)
		return -1;
	for (int i = 0; i < t->n; i++)
		for (int j = 0; j < r->n; j++)
			if (!used[j] && !strcmp(t->w[i], r->w[j])) {
				used[j] = done[i] = true;
				matched++;
				break;
			}
	for (int i = 0; i < t->n; i++) {
		if (done[i])
			continue;
		if (strlen(t->w[i]) != 1)
			return -1;
		for (int j = 0; j < r->n && !done[i]; j++)
			if (!used[j] && r->w[j][0] == t->w[i][0]) {
				used[j] = done[i] = true;
				initials++;
			}
		if (!done[i])
			return -1;
	}
	return matched ? initials : -1;
}

static enum vop_outcome compare(const struct name *t, const struct name *r, double *sim)
{
	char a[WORDS_MAX * WORD_MAX], b[WORDS_MAX * WORD_MAX];
	size_t d, longer;
	/* Two different legal forms, or one typed for a holder that has none
	 * (a business named for a person): never more than close. */
	bool legal_differs = (*t->legal && *r->legal && strcmp(t->legal, r->legal)) || (*t->legal && !*r->legal);

	*sim = 0;
	if (!t->n || !r->n)
		return VOP_NO_MATCH;
	sorted(t, a, sizeof a);
	sorted(r, b, sizeof b);
	if (!strcmp(a, b)) {
		*sim = 1;
		return legal_differs ? VOP_CLOSE : VOP_MATCH;
	}
	if (with_initials(t, r) >= 0) {
		*sim = 1;
		return VOP_CLOSE;
	}
	d = distance(a, b);
	longer = strlen(a) > strlen(b) ? strlen(a) : strlen(b);
	*sim = longer ? 1.0 - (double)d / (double)longer : 0;
	return *sim >= VOP_CLOSE_AT ? VOP_CLOSE : VOP_NO_MATCH;
}

enum vop_outcome vop_match(const char *typed, const char *registered, double *similarity)
{
	enum vop_outcome best = VOP_NO_MATCH;
	double best_sim = 0;

	/* "ü" as "ue" and as "u", on each side: the spelling that matches best counts. */
	for (int tu = 0; tu < 2; tu++)
		for (int ru = 0; ru < 2; ru++) {
			struct name t, r;
			double sim;
			enum vop_outcome o;
			parse(typed, tu, &t);
			parse(registered, ru, &r);
			o = compare(&t, &r, &sim);
			if (o < best || (o == best && sim > best_sim)) {
				best = o;
				best_sim = sim;
			}
		}
	if (similarity)
		*similarity = best_sim;
	return best;
}

void vop_normalise(const char *name, bool ascii_umlauts, char *out, size_t len)
{
	struct name nm;
	size_t at = 0;

	parse(name, ascii_umlauts, &nm);
	out[0] = '\0';
	for (int i = 0; i < nm.n && at < len; i++)
		at += (size_t)snprintf(out + at, len - at, "%s%s", i ? " " : "", nm.w[i]);
	if (*nm.legal && at < len)
		snprintf(out + at, len - at, " [%s]", nm.legal);
}
