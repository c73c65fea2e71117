/* text.h: untrusted text made safe for a terminal, and measured in columns.
 *
 * Everything the server sends (names, references, descriptions) goes through
 * text_sanitize() before it is drawn: a payee called "\e]52;c;..." must not
 * write the user's clipboard, and a name with U+202E must not reverse a
 * line of amounts. */
#ifndef BANKTERM_TEXT_H
#define BANKTERM_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* text_sanitize flags */
#define TEXT_MULTILINE 0x1 /* keep "\n" (for descriptions); other controls still go */

/* What invalid bytes become. */
#define TEXT_REPLACEMENT "\xef\xbf\xbd"

/**
 * Returns a newly allocated copy of in[0..len) that is valid UTF-8 without
 * control characters: C0 and C1 controls and DEL are removed; whole
 * ESC/CSI/OSC/DCS/SOS/PM/APC sequences are removed, in 7-bit and 8-bit form;
 * bidi embedding, override, isolate and mark characters are removed; tabs,
 * newlines and line separators become a space; invalid UTF-8 (stray bytes,
 * overlong forms, surrogates, truncated sequences) becomes U+FFFD.  Valid text,
 * CJK and emoji included, is kept byte for byte.  in may be NULL.
 */
char *text_sanitize(const char *in, size_t len, unsigned flags);

/**
 * Decodes one UTF-8 character at s (at most n bytes).
 * @return its length (1-4), or 0 when the bytes there are not valid UTF-8
 */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Characters (not bytes) in the UTF-8 string s; an invalid byte counts as one. */
size_t text_chars(const char *s);

/* The next line of s for a width of cols columns, for text read in a pager
 * or printed wrapped: returns how many bytes of s it holds, up to the last
 * space that fits (the space left out), or as many characters as fit when a
 * word is longer than the line or the script has no spaces (Chinese,
 * Japanese).  A newline ends a line.  *next is where the line after it
 * starts, or NULL at the end of s.  A line holds at least one character. */
size_t text_wrap(const char *s, int cols, const char **next);

/* Terminal columns the UTF-8 string takes, by wcwidth() (needs a UTF-8
 * LC_CTYPE).  A character wcwidth cannot place counts as one column. */
int text_width(const char *s);

/**
 * Copies the longest prefix of s that fits in cols columns into out; if s
 * was cut, the prefix is followed by the ellipsis (NULL means "…").  A wide
 * character never straddles the edge.  out is always NUL-terminated and
 * never holds a partial character.
 * @return the columns the result takes (may be less than cols)
 */
int text_truncate(const char *s, int cols, const char *ellipsis, char *out, size_t outlen);

/* Truncates like text_truncate, then pads with spaces to exactly cols columns,
 * on the right (align 0) or on the left (align 1, for amounts). */
int text_fit(const char *s, int cols, int align_right, char *out, size_t outlen);

/* Whether hay holds needle, letter case aside (towlower, per character);
 * invalid bytes match only themselves.  An empty needle is in everything;
 * NULL is in nothing. */
bool text_contains(const char *hay, const char *needle);
/* Like text_truncate, but the cut is in the middle ("Haddad…ng GBP"): names
 * that start alike stay apart by their ends.  Returns the columns used. */
int text_truncate_middle(const char *s, int cols, char *out, size_t outlen);

/* For a terminal whose locale is not UTF-8: from now on the ellipsis that
 * text_truncate and text_truncate_middle add is "...". */
void text_set_ascii(bool on);
/* A newly allocated ASCII copy of the UTF-8 text s, for such a terminal:
 * "…" is "...", "•" "*", "─" "-", "█" "#", a Latin-1 letter loses its accent
 * ("Café" is "Cafe"), and any other character or invalid byte is "?". */
char *text_ascii(const char *s);
/* s with every amount of money in it replaced by mask, for privacy mode:
 * a number with two decimals ("-311.93", "1.234,56") or one next to a
 * currency ("1200 JPY", "$5", "5 €"), sign included.  Days ("30.11.2026"),
 * times, counts and percentages without decimals stay.  Returns a new string. */
char *text_mask_amounts(const char *s, const char *mask);
/* s with the signs a screen reader drops said in words: "-311.93" gives
 * minus + " 311.93", "+4850" plus + " 4850", "5%" "5" + percent (each
 * word as given, translated by the caller).  Returns a new string. */
char *text_speakable(const char *s, const char *minus, const char *plus, const char *percent);
/* Whether s is a day that exists, written YYYY-MM-DD (2026-02-30 is not). */
bool text_is_day(const char *s);

#endif
