/* fuzz_dbus.c: any bytes as what the session bus sends back (dbus.c).
 * Properties: a message is read only when its size says it is whole;
 * every body it declares is walked by its signature, as secretsvc.c reads
 * its replies, without a read outside it; a call written by dbus_call
 * reads back as written. */
#include "config.h"

#include "fuzz.h"

#include "dbus.h"

/* Where the complete type that starts s ends, in the signature. */
static const char *type_end(const char *s)
{
	if (*s == 'a')
		return type_end(s + 1);
	if (*s == '(' || *s == '{') {
		char close = *s == '(' ? ')' : '}';
		for (s++; *s && *s != close;) {
			const char *e = type_end(s);
			if (e == s)
				return s;
			s = e;
		}
		return *s ? s + 1 : s;
	}
	return *s ? s + 1 : s;
}

static size_t align_of(char t)
{
	return t == '(' || t == '{' ? 8 : t == 'g' || t == 'v' ? 1 : 4;
}

/* Reads one value of the complete type at s, as secretsvc.c reads its
 * replies; false on a type it never reads, or a body that does not fit. */
static bool walk(struct dbus_in *in, const char *s, const char **end, int depth)
{
	if (depth > 32 || !*s)
		return false;
	*end = type_end(s);
	switch (*s) {
	case 'u':
	case 'i':
	case 'b':
	case 'h':
		dbus_get_u32(in);
		break;
	case 's':
		dbus_get_str(in);
		break;
	case 'o':
		dbus_get_path(in);
		break;
	case 'g':
		dbus_get_sig(in);
		break;
	case 'v': {
		const char *vs = dbus_get_sig(in), *ve;
		if (in->bad || !walk(in, vs, &ve, depth + 1) || *ve)
			return false;
		break;
	}
	case '(':
	case '{': {
		const char *p = s + 1;
		dbus_get_align(in, 8);
		while (!in->bad && *p && *p != ')' && *p != '}')
			if (!walk(in, p, &p, depth + 1))
				return false;
		break;
	}
	case 'a': {
		const char *x;
		size_t e, n;
		if (s[1] == 'y') {
			dbus_get_bytes(in, &n);
			break;
		}
		e = dbus_get_array(in, align_of(s[1]));
		while (!in->bad && in->at < e) {
			size_t before = in->at;
			/* An element of nothing ("a()") would never end the array. */
			if (!walk(in, s + 1, &x, depth + 1) || in->at == before)
				return false;
		}
		if (in->at != e)
			return false;
		break;
	}
	default:
		return false;
	}
	return !in->bad && in->at <= in->n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	long whole = dbus_msg_size(data, size);
	struct dbus_msg m;

	if (whole > 0 && (size_t)whole <= size && dbus_parse(data, (size_t)whole, &m)) {
		struct dbus_in in = {m.body, m.body_len, 0, false};
		const char *s = m.sig;
		FUZZ_REQUIRE(m.body >= data && m.body + m.body_len <= data + whole);
		while (*s && walk(&in, s, &s, 0))
			;
		FUZZ_REQUIRE(in.at <= in.n);
	}
	/* A message of anything: dbus_parse refuses any size but its own. */
	if (whole > 0 && (size_t)whole < size)
		FUZZ_REQUIRE(!dbus_parse(data, size, &m));

	/* A call written from the input's text reads back as written. */
	{
		char *text = fuzz_string(data, size > 200 ? 200 : size);
		struct dbus_out body = {NULL, 0, 0, false}, msg = {NULL, 0, 0, false};
		struct dbus_in in;
		size_t n;

		dbus_put_str(&body, text);
		dbus_put_bytes(&body, data, size > 64 ? 64 : size);
		dbus_call(&msg, 7, "org.example", "/a/b", "org.example.I", "M", "say", &body);
		FUZZ_REQUIRE(!msg.bad);
		FUZZ_REQUIRE(dbus_msg_size(msg.p, msg.n) == (long)msg.n);
		FUZZ_REQUIRE(dbus_parse(msg.p, msg.n, &m));
		FUZZ_REQUIRE(m.type == DBUS_CALL && m.serial == 7 && !strcmp(m.sig, "say"));
		in = (struct dbus_in){m.body, m.body_len, 0, false};
		FUZZ_REQUIRE(!strcmp(dbus_get_str(&in), text));
		FUZZ_REQUIRE(dbus_get_bytes(&in, &n) && n == (size > 64 ? 64 : size) && !in.bad &&
		             in.at == in.n);
		dbus_out_free(&body);
		dbus_out_free(&msg);
		free(text);
	}
	return 0;
}
