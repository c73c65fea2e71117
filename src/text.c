/* text.c: the terminal-safety filter and display-width helpers.
 *
 * The filter is locale independent (it works on bytes and code points); the
 * width helpers follow wcwidth() and so the user's LC_CTYPE, as the terminal
 * does. */
#include "config.h"

#include <stdbool.h>
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
		ellipsis = "\xe2\x80\xa6";
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
