/* jscan.c: a strict JSON reader over a buffer, without a tree (jscan.h). */
#include "config.h"

#include <string.h>

#include "i18n.h"
#include "json.h"
#include "jscan.h"
#include "text.h"

static bool bad(struct jscan *s, const char *why)
{
	if (!s->why)
		s->why = why;
	s->p = s->end;
	return false;
}

static void blanks(struct jscan *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
		s->p++;
}

void jscan_init(struct jscan *s, const char *buf, size_t len)
{
	s->p = buf;
	s->end = buf + len;
	s->depth = 0;
	s->why = NULL;
}

char jscan_peek(struct jscan *s)
{
	blanks(s);
	return s->p < s->end ? *s->p : '\0';
}

/* Takes c (after blanks), or fails. */
static bool take(struct jscan *s, char c)
{
	if (jscan_peek(s) != c)
		return bad(s, s->p < s->end ? N_("a character that JSON does not allow here")
					    : N_("truncated document"));
	s->p++;
	return true;
}

bool jscan_open(struct jscan *s, char open)
{
	if (!take(s, open))
		return false;
	if (++s->depth > JSON_MAX_DEPTH)
		return bad(s, N_("nested too deep"));
	return true;
}

/* The separator before the next item of a container, or its end. */
static bool next_item(struct jscan *s, bool *first, char close)
{
	char c = jscan_peek(s);

	if (s->why)
		return false;
	if (c == close && *first) {
		s->p++;
		s->depth--;
		return false;
	}
	if (!*first) {
		if (c == close) {
			s->p++;
			s->depth--;
			return false;
		}
		if (!take(s, ','))
			return false;
	}
	/* As json-c counts: the deepest container it takes must be empty. */
	if (s->depth >= JSON_MAX_DEPTH)
		return bad(s, N_("nested too deep"));
	*first = false;
	return true;
}

static int hex4(const char *p)
{
	int v = 0;

	for (int i = 0; i < 4; i++) {
		char c = p[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

static size_t utf8_put(uint32_t cp, char *o)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xC0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xE0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* One escape after its backslash, into u (up to 4 bytes); its length, 0 on an error. */
static size_t escape(struct jscan *s, char *u, bool *nul)
{
	static const char plain[] = "\"\\/bfnrt", meant[] = "\"\\/\b\f\n\r\t";
	const char *hit;
	int hi, lo;

	if (s->p >= s->end)
		return bad(s, N_("truncated document")), 0;
	if (*s->p != 'u') {
		if (!(hit = memchr(plain, *s->p, sizeof plain - 1)))
			return bad(s, N_("invalid string sequence")), 0;
		s->p++;
		u[0] = meant[hit - plain];
		return 1;
	}
	if (s->end - s->p < 5 || (hi = hex4(s->p + 1)) < 0)
		return bad(s, N_("invalid string sequence")), 0;
	s->p += 5;
	if (hi >= 0xDC00 && hi <= 0xDFFF)
		return bad(s, N_("invalid string sequence")), 0;
	if (hi >= 0xD800 && hi <= 0xDBFF) {
		if (s->end - s->p < 6 || s->p[0] != '\\' || s->p[1] != 'u' || (lo = hex4(s->p + 2)) < 0 ||
		    lo < 0xDC00 || lo > 0xDFFF)
			return bad(s, N_("invalid string sequence")), 0;
		s->p += 6;
		return utf8_put(0x10000 + (((uint32_t)hi - 0xD800) << 10) + ((uint32_t)lo - 0xDC00), u);
	}
	if (hi == 0)
		*nul = true;
	return utf8_put((uint32_t)hi, u);
}

/* A string at s->p (its quote next): decoded into out when out is given and
 * it fits in max bytes. */
static enum jscan_got string_at(struct jscan *s, char *out, size_t max, size_t *len)
{
	size_t n = 0;
	bool nul = false, fits = true;

	if (!take(s, '"'))
		return JSCAN_BAD;
	for (;;) {
		const char *run = s->p;
		size_t k;
		char u[4];

		/* The plain run up to the next quote, backslash, control or non-ASCII byte. */
		while (s->p < s->end) {
			unsigned char b = (unsigned char)*s->p;
			if (b == '"' || b == '\\' || b < 0x20 || b >= 0x80)
				break;
			s->p++;
		}
		k = (size_t)(s->p - run);
		if (k) {
			if (out && fits && n + k <= max)
				memcpy(out + n, run, k);
			else
				fits = false;
			n += k;
		}
		if (s->p >= s->end)
			return bad(s, N_("truncated document")), JSCAN_BAD;
		unsigned char b = (unsigned char)*s->p;
		if (b == '"') {
			s->p++;
			break;
		}
		if (b < 0x20)
			return bad(s, N_("a control character in a string")), JSCAN_BAD;
		if (b == '\\') {
			s->p++;
			if (!(k = escape(s, u, &nul)))
				return JSCAN_BAD;
			run = u;
		} else {
			uint32_t cp;
			if (!(k = utf8_decode(s->p, (size_t)(s->end - s->p), &cp)))
				return bad(s, N_("invalid UTF-8")), JSCAN_BAD;
			run = s->p;
			s->p += k;
		}
		if (out && fits && n + k <= max)
			memcpy(out + n, run, k);
		else
			fits = false;
		n += k;
	}
	if (out && fits)
		out[n] = '\0';
	if (len)
		*len = n;
	return nul ? JSCAN_NUL : (!fits && out) ? JSCAN_LONG : JSCAN_VALUE;
}

bool jscan_member(struct jscan *s, bool *first, char *key, size_t keysize)
{
	if (!next_item(s, first, '}'))
		return false;
	if (jscan_peek(s) != '"')
		return bad(s, s->p < s->end ? N_("expected a name in quotes") : N_("truncated document"));
	switch (string_at(s, key, keysize - 1, NULL)) {
	case JSCAN_BAD:
		return false;
	case JSCAN_NUL:
		/* json-c would cut the name there ("id\u0000x" as "id"): refused. */
		return bad(s, N_("a NUL character in a string"));
	case JSCAN_VALUE:
		break;
	default:
		key[0] = '\0'; /* too long: no field of ours */
	}
	return take(s, ':');
}

bool jscan_element(struct jscan *s, bool *first)
{
	return next_item(s, first, ']');
}

static bool digits(struct jscan *s)
{
	const char *p0 = s->p;

	while (s->p < s->end && *s->p >= '0' && *s->p <= '9')
		s->p++;
	return s->p > p0 ? true : bad(s, s->p < s->end ? N_("number expected") : N_("truncated document"));
}

/* A number at s->p: *integer says whether it had neither fraction nor
 * exponent, and *mag (when it is one) its magnitude, saturated. */
static bool number_at(struct jscan *s, bool *neg, bool *integer, uint64_t *mag, bool *big)
{
	*neg = *big = false;
	*integer = true;
	*mag = 0;
	if (s->p < s->end && *s->p == '-') {
		*neg = true;
		s->p++;
	}
	if (s->p < s->end && *s->p == '0') {
		s->p++;
	} else {
		const char *p0 = s->p;
		if (!digits(s))
			return false;
		for (const char *d = p0; d < s->p; d++) {
			unsigned v = (unsigned)(*d - '0');
			if (*mag > (UINT64_MAX - v) / 10)
				*big = true;
			else
				*mag = *mag * 10 + v;
		}
	}
	if (s->p < s->end && *s->p == '.') {
		s->p++;
		*integer = false;
		if (!digits(s))
			return false;
	}
	if (s->p < s->end && (*s->p == 'e' || *s->p == 'E')) {
		s->p++;
		*integer = false;
		if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
			s->p++;
		if (!digits(s))
			return false;
	}
	return true;
}

static bool literal(struct jscan *s, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(s->end - s->p) < n || memcmp(s->p, word, n))
		return bad(s, (size_t)(s->end - s->p) < n && !memcmp(s->p, word, (size_t)(s->end - s->p))
				      ? N_("truncated document")
				      : N_("a word that is not true, false or null"));
	s->p += n;
	return true;
}

bool jscan_skip(struct jscan *s)
{
	bool first = true, neg, integer, big;
	uint64_t mag;
	char key[2];

	switch (jscan_peek(s)) {
	case '{':
		if (!jscan_open(s, '{'))
			return false;
		while (jscan_member(s, &first, key, sizeof key))
			if (!jscan_skip(s))
				return false;
		return !s->why;
	case '[':
		if (!jscan_open(s, '['))
			return false;
		while (jscan_element(s, &first))
			if (!jscan_skip(s))
				return false;
		return !s->why;
	case '"':
		return string_at(s, NULL, 0, NULL) != JSCAN_BAD;
	case 't':
		return literal(s, "true");
	case 'f':
		return literal(s, "false");
	case 'n':
		return literal(s, "null");
	case '\0':
		return bad(s, N_("truncated document"));
	default:
		if (*s->p == '-' || (*s->p >= '0' && *s->p <= '9'))
			return number_at(s, &neg, &integer, &mag, &big);
		return bad(s, N_("a character that JSON does not allow here"));
	}
}

/* null, or another type passed over: what a typed read found instead. */
static enum jscan_got not_wanted(struct jscan *s)
{
	if (jscan_peek(s) == 'n')
		return literal(s, "null") ? JSCAN_NULL : JSCAN_BAD;
	return jscan_skip(s) ? JSCAN_OTHER : JSCAN_BAD;
}

enum jscan_got jscan_open_or(struct jscan *s, char open)
{
	if (jscan_peek(s) != open)
		return not_wanted(s);
	return jscan_open(s, open) ? JSCAN_VALUE : JSCAN_BAD;
}

enum jscan_got jscan_string(struct jscan *s, char *out, size_t max, size_t *len)
{
	if (jscan_peek(s) != '"')
		return not_wanted(s);
	return string_at(s, out, max, len);
}

enum jscan_got jscan_int64(struct jscan *s, int64_t *out)
{
	bool neg, integer, big;
	uint64_t mag;
	char c = jscan_peek(s);

	if (c != '-' && (c < '0' || c > '9'))
		return not_wanted(s);
	if (!number_at(s, &neg, &integer, &mag, &big))
		return JSCAN_BAD;
	if (!integer)
		return JSCAN_OTHER;
	if (big || mag > (neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX))
		return JSCAN_BIG;
	*out = neg ? (mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)mag) : (int64_t)mag;
	return JSCAN_VALUE;
}

bool jscan_done(struct jscan *s)
{
	if (s->why)
		return false;
	blanks(s);
	return s->p == s->end ? true : bad(s, N_("data after the document"));
}
