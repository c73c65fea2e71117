/* jscan.h: a strict JSON reader that walks a document in place, for the
 * pages a client reads by the thousand (a history's transactions): no tree
 * is built, and a value the reader does not want is checked and passed over.
 *
 * It is stricter than json_parse: RFC 8259 exactly (no raw control
 * characters in strings, no "1." or "-01", no lone surrogates), strict
 * UTF-8, at most JSON_MAX_DEPTH levels.  A document jscan takes, json_parse
 * takes too (tests/fuzz/fuzz_page.c holds it to that).
 *
 *   struct jscan s;
 *   jscan_init(&s, buf, len);
 *   bool first = true;
 *   char key[32];
 *   if (jscan_open(&s, '{'))
 *       while (jscan_member(&s, &first, key, sizeof key))
 *           ... read or jscan_skip the value ...
 *   if (s.why) ... not JSON: s.why says why (N_() text)
 */
#ifndef BANKTERM_JSCAN_H
#define BANKTERM_JSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct jscan {
	const char *p, *end;
	int depth;
	const char *why; /* set on the first syntax error (N_() text); the scan then stops */
};

/* What a typed read found. */
enum jscan_got {
	JSCAN_VALUE,   /* the value, read */
	JSCAN_NULL,    /* null (a reader takes it as absent) */
	JSCAN_OTHER,   /* another type, passed over */
	JSCAN_LONG,    /* a string longer than asked, passed over */
	JSCAN_NUL,     /* a string holding U+0000, passed over */
	JSCAN_BIG,     /* an integer past int64 */
	JSCAN_BAD,     /* not JSON: s->why says why */
};

void jscan_init(struct jscan *s, const char *buf, size_t len);
/* The next non-blank character, not taken; '\0' at the end. */
char jscan_peek(struct jscan *s);
/* Takes '{' or '[' (open), entering a level.  False (and a why) on anything else. */
bool jscan_open(struct jscan *s, char open);
/* The same for a value that may also be null or of another type: JSCAN_VALUE
 * when entered, else JSCAN_NULL, JSCAN_OTHER (passed over) or JSCAN_BAD. */
enum jscan_got jscan_open_or(struct jscan *s, char open);
/* In an object entered by jscan_open: true with the next member's name in
 * key (cut to keysize - 1 bytes; a longer name is given as "", so no
 * reader's field can match it) and its ':' taken; false at the object's end
 * (leaving the level) or on a syntax error.  *first starts true. */
bool jscan_member(struct jscan *s, bool *first, char *key, size_t keysize);
/* In an array: true when an element follows; false at its end or on an error. */
bool jscan_element(struct jscan *s, bool *first);
/* A string of at most max bytes (UTF-8, decoded) into out (max + 1 bytes). */
enum jscan_got jscan_string(struct jscan *s, char *out, size_t max, size_t *len);
/* An integer (no fraction, no exponent). */
enum jscan_got jscan_int64(struct jscan *s, int64_t *out);
/* Passes over one value of any type, checking it. */
bool jscan_skip(struct jscan *s);
/* True when only blanks are left. */
bool jscan_done(struct jscan *s);

#endif
