/* text.c: the terminal-safety filter and display-width helpers.
 *
 * The filter is locale independent (it works on bytes and code points); the
 * width helpers follow wcwidth() and so the user's LC_CTYPE, as the terminal
 * does. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "text.h"
#include "xalloc.h"

#define ESC 0x1b
#define BEL 0x07

size_t utf8_decode(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t c, min;
	size_t len;

	if (n == 0)
		return 0;
	c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		c &= 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		c &= 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		c &= 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	/* Overlong forms, UTF-16 surrogates and code points past Unicode. */
	if (c < min || (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	*cp = c;
	return len;
}

/* Bidi formatting characters: they can make a line read in another order than
 * it is stored (Trojan Source), so a name could disguise an amount or account. */
static bool is_bidi_control(uint32_t c)
{
	return c == 0x061c || c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e) ||
	       (c >= 0x2066 && c <= 0x2069);
}

/* True at s when an 8-bit or 7-bit String Terminator (or BEL, which ends OSC
 * in practice) starts there; *len gets its length. */
static bool at_string_end(const unsigned char *s, size_t n, size_t *len)
{
	if (s[0] == BEL) {
		*len = 1;
		return true;
	}
	if (s[0] == ESC && n >= 2 && s[1] == '\\') {
		*len = 2;
		return true;
	}
	if (s[0] == 0xc2 && n >= 2 && s[1] == 0x9c) {
		*len = 2;
		return true;
	}
	return false;
}

/* Skips a control string body (after OSC/DCS/SOS/PM/APC) and its terminator.
 * An unterminated string runs to the end of the input, as a terminal would take it. */
static size_t skip_string(const unsigned char *s, size_t n)
{
	size_t i = 0, t;

	while (i < n) {
		if (at_string_end(s + i, n - i, &t))
			return i + t;
		i++;
	}
	return n;
}

/* Skips CSI parameters and intermediates and the final byte.  The sequence
 * stops early at any byte that cannot belong to it; that byte is not eaten. */
static size_t skip_csi(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n && s[i] >= 0x20 && s[i] <= 0x3f)
		i++;
	if (i < n && s[i] >= 0x40 && s[i] <= 0x7e)
		i++;
	return i;
}

/* Length of the escape sequence that starts with ESC at s[0]. */
static size_t skip_escape(const unsigned char *s, size_t n)
{
	size_t i = 1;

	if (n < 2)
		return 1;
	switch (s[1]) {
	case '[':
		return 2 + skip_csi(s + 2, n - 2);
	case ']':
	case 'P':
	case 'X':
	case '^':
	case '_':
		return 2 + skip_string(s + 2, n - 2);
	default:
		break;
	}
	while (i < n && s[i] >= 0x20 && s[i] <= 0x2f)
		i++;
	if (i < n && s[i] >= 0x30 && s[i] <= 0x7e)
		i++;
	return i;
}

char *text_sanitize(const char *in, size_t len, unsigned flags)
{
	const unsigned char *s = (const unsigned char *)in;
	char *out, *o;
	size_t i = 0;

	if (!in)
		len = 0;
	/* Every input byte yields at most 3 output bytes (a stray byte -> U+FFFD). */
	out = o = xmalloc(len * 3 + 1);
	while (i < len) {
		unsigned char b = s[i];
		uint32_t c;
		size_t n;

		if (b == ESC) {
			i += skip_escape(s + i, len - i);
			continue;
		}
		if (b < 0x20 || b == 0x7f) {
			if (b == '\n' && (flags & TEXT_MULTILINE))
				*o++ = '\n';
			else if (b == '\t' || b == '\n' || b == '\v' || b == '\f')
				*o++ = ' ';
			i++;
			continue;
		}
		if (b < 0x80) {
			*o++ = (char)b;
			i++;
			continue;
		}
		n = utf8_decode(in + i, len - i, &c);
		if (n == 0) {
			memcpy(o, TEXT_REPLACEMENT, 3);
			o += 3;
			i++;
			continue;
		}
		i += n;
		if (c == 0x9b) {
			i += skip_csi(s + i, len - i);
		} else if (c == 0x90 || c == 0x98 || c == 0x9d || c == 0x9e || c == 0x9f) {
			i += skip_string(s + i, len - i);
		} else if (c < 0xa0 || is_bidi_control(c) || c == 0xfeff) {
			/* other C1 controls, bidi controls, byte order mark: dropped */
		} else if (c == 0x2028 || c == 0x2029) {
			*o++ = (flags & TEXT_MULTILINE) ? '\n' : ' ';
		} else if (c == 0xfffe || c == 0xffff) {
			memcpy(o, TEXT_REPLACEMENT, 3);
			o += 3;
		} else {
			memcpy(o, in + i - n, n);
			o += n;
		}
	}
	*o = '\0';
	return out;
}

/* Columns of one code point; what wcwidth cannot place takes one column. */
static int cp_width(uint32_t c)
{
	int w = wcwidth((wchar_t)c);
	return w < 0 ? 1 : w;
}

/* Decodes the next character of s, counting an invalid byte as U+FFFD. */
static size_t next_char(const char *s, uint32_t *c)
{
	size_t n = utf8_decode(s, strnlen(s, 4), c);
	if (n == 0) {
		*c = 0xfffd;
		n = 1;
	}
	return n;
}

int text_width(const char *s)
{
	int w = 0;
	uint32_t c;

	if (!s)
		return 0;
	while (*s) {
		s += next_char(s, &c);
		w += cp_width(c);
	}
	return w;
}

/* Punctuation a line must not start with (Chinese and Japanese): 。、，．！？：；）」』】… */
static bool no_line_start(uint32_t c)
{
	static const uint32_t closing[] = { 0x3002, 0x3001, 0xFF0C, 0xFF0E, 0xFF01, 0xFF1F, 0xFF1A, 0xFF1B,
					    0xFF09, 0x300D, 0x300F, 0x3011, 0x2026, 0x30FC };
	for (size_t i = 0; i < sizeof closing / sizeof closing[0]; i++)
		if (c == closing[i])
			return true;
	return false;
}

size_t text_wrap(const char *s, int cols, const char **next)
{
	const char *p = s, *space = NULL, *wide = NULL;
	int w = 0, prev_w = 1;
	uint32_t c;

	while (*p && *p != '\n') {
		size_t n = next_char(p, &c);
		int cw = cp_width(c);
		if (c == ' ')
			space = p;
		/* Chinese and Japanese break between any two characters, beside a
		 * wide one, but never inside a word of Latin letters nor before a
		 * closing mark: "使用bankterm命令" breaks before or after "bankterm". */
		else if (p > s && (cw == 2 || prev_w == 2) && !no_line_start(c))
			wide = p;
		if (w + cw > cols && p > s) {
			const char *end = p, *after;
			if (space && space > s && (!wide || space >= wide))
				end = space;
			else if (wide)
				end = wide;
			after = end;
			while (*after == ' ')
				after++;
			if (*after == '\n')
				after++;
			*next = *after ? after : NULL;
			return (size_t)(end - s);
		}
		w += cw;
		prev_w = cw;
		p += n;
	}
	*next = *p == '\n' && p[1] ? p + 1 : NULL;
	return (size_t)(p - s);
}

/* A terminal whose locale is not UTF-8 gets ASCII (text_set_ascii). */
static bool ascii_only;

void text_set_ascii(bool on)
{
	ascii_only = on;
}

static const char *default_ellipsis(void)
{
	return ascii_only ? "..." : "\xe2\x80\xa6";
}

/* ASCII for a character: the marks this program draws, and the Latin-1
 * letters without their accents; NULL for the rest. */
static const char *ascii_for(uint32_t c)
{
	static const char latin[] = "AAAAAAACEEEEIIIIDNOOOOOxOUUUUYTsaaaaaaaceeeeiiiidnooooo/ouuuuyty";
	switch (c) {
	case 0x2026: return "...";
	case 0x2022: case 0x00B7: return "*";
	case 0x2500: case 0x2013: case 0x2014: case 0x2212: return "-";
	case 0x2588: return "#";
	case 0x2018: case 0x2019: return "'";
	case 0x201C: case 0x201D: case 0x00AB: case 0x00BB: return "\"";
	case 0x2192: return "->";
	case 0x2190: return "<-";
	case 0x00A0: case 0x202F: return " ";
	case 0x00DF: return "ss";
	}
	if (c >= 0xC0 && c <= 0xFF) {
		static char one[2];
		one[0] = latin[c - 0xC0];
		return one;
	}
	return NULL;
}

char *text_ascii(const char *s)
{
	size_t len = s ? strlen(s) : 0, o = 0;
	char *out = xmalloc(len * 3 + 1);

	for (size_t i = 0; i < len;) {
		uint32_t c;
		size_t n = utf8_decode(s + i, len - i, &c);
		const char *a;
		if (!n) {
			out[o++] = '?';
			i++;
			continue;
		}
		if (c < 0x80) {
			out[o++] = (char)c;
		} else if ((a = ascii_for(c))) {
			memcpy(out + o, a, strlen(a));
			o += strlen(a);
		} else {
			out[o++] = '?';
		}
		i += n;
	}
	out[o] = '\0';
	return out;
}

int text_truncate(const char *s, int cols, const char *ellipsis, char *out, size_t outlen)
{
	int ew, used = 0, room, whole;
	size_t o = 0, elen;
	uint32_t c;

	if (!out || outlen == 0)
		return 0;
	out[0] = '\0';
	if (!s || cols <= 0)
		return 0;
	if (!ellipsis)
		ellipsis = default_ellipsis();
	elen = strlen(ellipsis);
	ew = text_width(ellipsis);
	/* The whole string, when it fits in both columns and bytes. */
	whole = text_width(s);
	if (whole <= cols && strlen(s) < outlen) {
		memcpy(out, s, strlen(s) + 1);
		return whole;
	}
	if (ew > cols || elen >= outlen) {
		ew = 0;
		elen = 0;
	}
	room = cols - ew;
	while (*s) {
		size_t n = next_char(s, &c);
		int w = cp_width(c);
		if (used + w > room || o + n + elen >= outlen)
			break;
		memcpy(out + o, s, n);
		o += n;
		used += w;
		s += n;
	}
	memcpy(out + o, ellipsis, elen);
	out[o + elen] = '\0';
	return used + ew;
}

int text_fit(const char *s, int cols, int align_right, char *out, size_t outlen)
{
	int w, pad;
	size_t len;

	if (!out || outlen == 0)
		return 0;
	w = text_truncate(s, cols, NULL, out, outlen);
	len = strlen(out);
	pad = cols - w;
	if (pad <= 0)
		return w;
	if ((size_t)pad + len >= outlen)
		pad = (int)(outlen - len - 1);
	if (align_right) {
		memmove(out + pad, out, len + 1);
		memset(out, ' ', (size_t)pad);
	} else {
		memset(out + len, ' ', (size_t)pad);
		out[len + pad] = '\0';
	}
	return w + pad;
}

/* hay as lower-case code points (invalid bytes as 0x110000 + byte, which no
 * character equals); the count in *n. */
static uint32_t *fold(const char *s, size_t *n)
{
	size_t len = strlen(s), k = 0;
	uint32_t *out = xmalloc((len + 1) * sizeof *out);

	while (*s) {
		uint32_t cp;
		size_t step = utf8_decode(s, len, &cp);
		if (!step) {
			cp = 0x110000u + (unsigned char)*s;
			step = 1;
		} else {
			cp = (uint32_t)towlower((wint_t)cp);
		}
		out[k++] = cp;
		s += step;
		len -= step;
	}
	*n = k;
	return out;
}

bool text_contains(const char *hay, const char *needle)
{
	uint32_t *h, *nd;
	size_t hn, nn;
	bool found = false;

	if (!hay || !needle)
		return false;
	if (!*needle)
		return true;
	h = fold(hay, &hn);
	nd = fold(needle, &nn);
	for (size_t i = 0; !found && i + nn <= hn; i++)
		found = !memcmp(h + i, nd, nn * sizeof *h);
	free(h);
	free(nd);
	return found;
}

bool text_is_day(const char *s)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d;

	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (y < 1 || m < 1 || m > 12 || d < 1)
		return false;
	if (m == 2 && d == 29)
		return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= days[m - 1];
}

/* Separators inside a written number: . , ' and the spaces locales group with. */
static size_t number_sep(const char *p)
{
	if (*p == '.' || *p == ',' || *p == '\'' || *p == ' ')
		return 1;
	if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0)
		return 2; /* no-break space */
	if ((unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0xAF)
		return 3; /* narrow no-break space */
	return 0;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A currency sign that may stand before or after an amount. */
static size_t currency_sign(const char *p)
{
	static const char *signs[] = { "$", "\u20ac", "\u00a3", "\u00a5", "\uffe5", "\u20a9", "\u20b9", "\u5143", "\u5186" };

	for (size_t i = 0; i < sizeof signs / sizeof signs[0]; i++)
		if (!strncmp(p, signs[i], strlen(signs[i])))
			return strlen(signs[i]);
	return 0;
}

/* Three capital letters standing as a word: an ISO 4217 code. */
static bool currency_code(const char *p, const char *start)
{
	for (int i = 0; i < 3; i++)
		if (p[i] < 'A' || p[i] > 'Z')
			return false;
	return (p == start || !((p[-1] >= 'A' && p[-1] <= 'Z') || (p[-1] >= 'a' && p[-1] <= 'z'))) &&
	       !((p[3] >= 'A' && p[3] <= 'Z') || (p[3] >= 'a' && p[3] <= 'z'));
}

char *text_mask_amounts(const char *s, const char *mask)
{
	size_t len = s ? strlen(s) : 0, cap = len * 2 + strlen(mask) * 4 + 16, o = 0;
	char *out = xmalloc(cap);
	const char *p = s ? s : "";

	while (*p) {
		const char *run = p, *end, *before = p;
		bool money = false;
		int tail = 0; /* digits after the last separator */
		bool had_sep = false;

		if (!is_digit(*p) || (p > s && (is_digit(p[-1]) || (p[-1] >= 'a' && p[-1] <= 'z') ||
						 (p[-1] >= 'A' && p[-1] <= 'Z' && !(p - s >= 3 && currency_code(p - 3, s)))))) {
			goto copy;
		}
		/* The run: digits, and separators that have a digit after them. */
		end = p;
		while (*end) {
			size_t n;
			if (is_digit(*end)) {
				end++;
				tail++;
			} else if ((n = number_sep(end)) && is_digit(end[n]) &&
				   /* a space only groups thousands: "1 234", never "30 14" */
				   (*end == '.' || *end == ',' || *end == '\'' ||
				    (is_digit(end[n + 1]) && is_digit(end[n + 2]) && !is_digit(end[n + 3])))) {
				end += n;
				tail = 0;
				had_sep = true;
			} else {
				break;
			}
		}
		/* A day or a version ("30.11.2026", "1.2.3"): two separators of one kind with no grouping. */
		{
			int dots = 0;
			for (const char *q = run; q < end; q++)
				dots += *q == '.';
			if (dots >= 2 && tail != 3) {
				/* "1.234.567" groups by three; "30.11.2026" does not. */
				bool grouped = true;
				int since = -1;
				for (const char *q = run; q < end; q++) {
					if (*q == '.') {
						if (since >= 0 && since != 3)
							grouped = false;
						since = 0;
					} else if (since >= 0 && is_digit(*q)) {
						since++;
					}
				}
				if (!grouped)
					goto copy_run;
			}
		}
		money = had_sep && tail == 2;
		/* Next to a currency: "1200 JPY", "JPY 1200", "$5", "5 €". */
		{
			const char *a = end;
			if (*a == ' ')
				a++;
			else if (number_sep(a) > 1)
				a += number_sep(a);
			if (currency_code(a, s) || currency_sign(a))
				money = true;
			a = run;
			if (a > s && (a[-1] == ' '))
				a--;
			if (a - s >= 3 && currency_code(a - 3, s))
				money = true;
			for (const char *q = a - 1; q >= s && a - q <= 3; q--)
				if (currency_sign(q) == (size_t)(a - q))
					money = true;
		}
		if (!money)
			goto copy_run;
		/* The sign goes with the amount; it is dropped from what was copied. */
		if (o > 0 && (out[o - 1] == '-' || out[o - 1] == '+'))
			o--;
		else if (o >= 3 && !memcmp(out + o - 3, "\u2212", 3))
			o -= 3;
		if (o + strlen(mask) + 1 > cap) {
			cap = (o + strlen(mask)) * 2 + 16;
			out = xrealloc(out, cap);
		}
		memcpy(out + o, mask, strlen(mask));
		o += strlen(mask);
		p = end;
		continue;
copy_run:
		p = end;
		if (o + (size_t)(end - before) + 1 > cap) {
			cap = (o + (size_t)(end - before)) * 2 + 16;
			out = xrealloc(out, cap);
		}
		memcpy(out + o, before, (size_t)(end - before));
		o += (size_t)(end - before);
		continue;
copy:
		if (o + 2 > cap) {
			cap = o * 2 + 16;
			out = xrealloc(out, cap);
		}
		out[o++] = *p++;
	}
	out[o] = '\0';
	return out;
}

int text_truncate_middle(const char *s, int cols, char *out, size_t outlen)
{
	const char *tail, *el = default_ellipsis();
	char head[512];
	int tail_cols, hw, tw, ew = text_width(el);
	size_t n;

	if (!out || !outlen)
		return 0;
	*out = '\0';
	if (!s || cols <= 0)
		return 0;
	if (text_width(s) <= cols || cols < 4 + ew)
		return text_truncate(s, cols, el, out, outlen);
	/* The end gets the larger half: it is where similar names differ. */
	tail_cols = (cols - ew + 2) / 2;
	tail = s + strlen(s);
	tw = 0;
	while (tail > s) {
		const char *p = tail - 1;
		int w;
		while (p > s && ((unsigned char)*p & 0xC0) == 0x80)
			p--;
		w = text_width(p) - tw;
		if (tw + w > tail_cols)
			break;
		tw += w;
		tail = p;
	}
	hw = text_truncate(s, cols - ew - tw, "", head, sizeof head);
	n = (size_t)snprintf(out, outlen, "%s%s%s", head, el, tail);
	if (n >= outlen)
		return text_truncate(s, cols, el, out, outlen);
	return hw + ew + tw;
}

char *text_speakable(const char *s, const char *minus, const char *plus, const char *percent)
{
	size_t len = s ? strlen(s) : 0, cap = len + 1, o = 0;
	size_t wl = strlen(minus) + strlen(plus) + strlen(percent) + 2;
	char *out;

	/* Each character grows into one word at most. */
	cap += len * wl;
	out = xmalloc(cap);
	for (size_t i = 0; i < len; i++) {
		const char *word = NULL;
		bool before_digit = i + 1 < len && s[i + 1] >= '0' && s[i + 1] <= '9';
		bool at_start = i == 0 || s[i - 1] == ' ' || s[i - 1] == '(' || s[i - 1] == ':';
		/* A sign before a number (not a hyphen inside a word or a day). */
		if ((s[i] == '-' || s[i] == '+') && before_digit && at_start)
			word = s[i] == '-' ? minus : plus;
		if (word) {
			o += (size_t)snprintf(out + o, cap - o, "%s ", word);
			continue;
		}
		if (s[i] == '%' && i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9') {
			o += (size_t)snprintf(out + o, cap - o, " %s", percent);
			continue;
		}
		out[o++] = s[i];
	}
	out[o] = '\0';
	return out;
}

size_t text_chars(const char *s)
{
	size_t n = 0, len = strlen(s);

	while (len) {
		uint32_t cp;
		size_t step = utf8_decode(s, len, &cp);
		if (!step)
			step = 1;
		s += step;
		len -= step;
		n++;
	}
	return n;
}
