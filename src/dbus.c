/* dbus.c: the D-Bus wire format, as much as secretsvc.c needs (dbus.h).
 * The D-Bus Specification, "Message Protocol": a 12-byte fixed header, an
 * array of header fields, padding to 8, the body; every value aligned to
 * its type's size from the message's start. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "dbus.h"
#include "xalloc.h"

/* Far above anything a Secret Service answers a lookup with. */
#define MSG_MAX (1u << 20)

/* --- writing ---------------------------------------------------------------------- */

void dbus_out_free(struct dbus_out *o)
{
	if (o->p)
		xfree_secret(o->p, o->cap);
	memset(o, 0, sizeof *o);
}

static void put(struct dbus_out *o, const void *p, size_t n)
{
	if (o->bad)
		return;
	if (n > MSG_MAX || o->n + n > MSG_MAX) {
		o->bad = true;
		return;
	}
	if (o->n + n > o->cap) {
		size_t cap = o->cap ? o->cap : 256;
		while (cap < o->n + n)
			cap *= 2;
		o->p = xrealloc_secret(o->p, o->n, o->cap, cap);
		o->cap = cap;
	}
	if (n)
		memcpy(o->p + o->n, p, n);
	o->n += n;
}

void dbus_put_raw(struct dbus_out *o, const void *p, size_t n)
{
	put(o, p, n);
}

void dbus_align(struct dbus_out *o, size_t a)
{
	static const unsigned char zeros[8];
	put(o, zeros, (a - o->n % a) % a);
}

static void le32_put(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

void dbus_put_u32(struct dbus_out *o, uint32_t v)
{
	unsigned char b[4];
	le32_put(b, v);
	dbus_align(o, 4);
	put(o, b, 4);
}

void dbus_put_bool(struct dbus_out *o, bool v)
{
	dbus_put_u32(o, v ? 1 : 0);
}

void dbus_put_str(struct dbus_out *o, const char *s)
{
	size_t n = strlen(s);
	dbus_put_u32(o, (uint32_t)n);
	put(o, s, n + 1);
}

void dbus_put_sig(struct dbus_out *o, const char *s)
{
	size_t n = strlen(s);
	unsigned char len = (unsigned char)n;
	if (n > 255) {
		o->bad = true;
		return;
	}
	put(o, &len, 1);
	put(o, s, n + 1);
}

void dbus_put_bytes(struct dbus_out *o, const void *p, size_t n)
{
	dbus_put_u32(o, (uint32_t)n);
	put(o, p, n);
}

struct dbus_arr dbus_array_open(struct dbus_out *o, size_t elem_align)
{
	struct dbus_arr a;

	dbus_put_u32(o, 0);
	a.len_at = o->n - 4;
	dbus_align(o, elem_align); /* this padding is not in the length */
	a.start = o->n;
	return a;
}

void dbus_array_close(struct dbus_out *o, struct dbus_arr a)
{
	size_t len = o->n - a.start;

	if (o->bad || a.len_at + 4 > o->n)
		return;
	le32_put(o->p + a.len_at, (uint32_t)len);
}

/* A header field: (code, variant of one basic type). */
static void field(struct dbus_out *o, unsigned char code, const char *type, const char *value)
{
	dbus_align(o, 8);
	put(o, &code, 1);
	dbus_put_sig(o, type);
	if (*type == 'g')
		dbus_put_sig(o, value);
	else
		dbus_put_str(o, value);
}

void dbus_call(struct dbus_out *msg, uint32_t serial, const char *dest, const char *path,
               const char *iface, const char *member, const char *sig, const struct dbus_out *body)
{
	struct dbus_out h = {NULL, 0, 0, false};
	struct dbus_arr fields;
	unsigned char fixed[4] = {'l', DBUS_CALL, 0, 1};
	size_t body_len = body ? body->n : 0;

	put(&h, fixed, 4);
	dbus_put_u32(&h, (uint32_t)body_len);
	dbus_put_u32(&h, serial);
	fields = dbus_array_open(&h, 8);
	field(&h, 1, "o", path);
	if (iface)
		field(&h, 2, "s", iface);
	field(&h, 3, "s", member);
	if (dest)
		field(&h, 6, "s", dest);
	if (sig && *sig)
		field(&h, 8, "g", sig);
	dbus_array_close(&h, fields);
	dbus_align(&h, 8);
	if (h.bad || (body && body->bad))
		msg->bad = true;
	else {
		put(msg, h.p, h.n);
		if (body_len)
			put(msg, body->p, body_len);
	}
	dbus_out_free(&h);
}

/* --- reading ---------------------------------------------------------------------- */

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

long dbus_msg_size(const unsigned char *buf, size_t have)
{
	uint32_t body, fields;
	size_t n;

	if (have < 16)
		return 0;
	if (buf[0] != 'l' || buf[3] != 1)
		return -1;
	body = le32(buf + 4);
	fields = le32(buf + 12);
	if (body > MSG_MAX || fields > MSG_MAX)
		return -1;
	n = 16 + (size_t)fields;
	n += (8 - n % 8) % 8;
	n += body;
	return n > MSG_MAX ? -1 : (long)n;
}

void dbus_get_align(struct dbus_in *in, size_t a)
{
	size_t pad = (a - in->at % a) % a;

	if (in->bad || pad > in->n - in->at) {
		in->bad = true;
		return;
	}
	for (size_t i = 0; i < pad; i++)
		if (in->p[in->at + i]) /* padding is zeros */
			in->bad = true;
	in->at += pad;
}

/* A value of `size` bytes (1, 2, 4 or 8), aligned to its size: where it
 * starts, or NULL when it does not fit. */
static const unsigned char *take(struct dbus_in *in, size_t size)
{
	const unsigned char *p;

	dbus_get_align(in, size);
	if (in->bad || in->n - in->at < size) {
		in->bad = true;
		return NULL;
	}
	p = in->p + in->at;
	in->at += size;
	return p;
}

uint32_t dbus_get_u32(struct dbus_in *in)
{
	const unsigned char *p = take(in, 4);
	return p ? le32(p) : 0;
}

/* n bytes and a NUL, none inside them. */
static const char *get_chars(struct dbus_in *in, size_t n)
{
	const char *s;

	if (in->bad || n >= in->n - in->at || in->p[in->at + n] != 0 ||
	    memchr(in->p + in->at, 0, n)) {
		in->bad = true;
		return "";
	}
	s = (const char *)in->p + in->at;
	in->at += n + 1;
	return s;
}

const char *dbus_get_str(struct dbus_in *in)
{
	uint32_t n = dbus_get_u32(in);
	return in->bad ? "" : get_chars(in, n);
}

/* "/" or "/a/b_c": elements of [A-Za-z0-9_], no empty one, no trailing "/". */
static bool path_ok(const char *s)
{
	if (*s != '/')
		return false;
	if (!s[1])
		return true;
	for (const char *p = s + 1;; p++) {
		if (*p == '/' || !*p) {
			if (p[-1] == '/')
				return false;
			if (!*p)
				return true;
		} else if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		             (*p >= '0' && *p <= '9') || *p == '_'))
			return false;
	}
}

const char *dbus_get_path(struct dbus_in *in)
{
	const char *s = dbus_get_str(in);
	if (!in->bad && !path_ok(s))
		in->bad = true;
	return in->bad ? "" : s;
}

const char *dbus_get_sig(struct dbus_in *in)
{
	if (in->bad || in->at >= in->n) {
		in->bad = true;
		return "";
	}
	return get_chars(in, in->p[in->at++]);
}

const unsigned char *dbus_get_bytes(struct dbus_in *in, size_t *n)
{
	uint32_t len = dbus_get_u32(in);
	const unsigned char *p;

	*n = 0;
	if (in->bad || len > in->n - in->at) {
		in->bad = true;
		return NULL;
	}
	p = in->p + in->at;
	in->at += len;
	*n = len;
	return p;
}

size_t dbus_get_array(struct dbus_in *in, size_t elem_align)
{
	uint32_t len = dbus_get_u32(in);

	dbus_get_align(in, elem_align);
	if (in->bad || len > in->n - in->at) {
		in->bad = true;
		return in->at;
	}
	return in->at + len;
}

/* Skips one value of a basic type (header fields hold nothing else). */
static void skip_basic(struct dbus_in *in, char t)
{
	switch (t) {
	case 'y':
		take(in, 1);
		break;
	case 'n':
	case 'q':
		take(in, 2);
		break;
	case 'b':
	case 'i':
	case 'u':
	case 'h':
		take(in, 4);
		break;
	case 'x':
	case 't':
	case 'd':
		take(in, 8);
		break;
	case 's':
	case 'o':
		dbus_get_str(in);
		break;
	case 'g':
		dbus_get_sig(in);
		break;
	default:
		in->bad = true;
	}
}

bool dbus_parse(const unsigned char *buf, size_t len, struct dbus_msg *m)
{
	struct dbus_in in = {buf, len, 12, false};
	long size = dbus_msg_size(buf, len);
	size_t end;
	bool has_reply = false;

	memset(m, 0, sizeof *m);
	m->sig = "";
	if (size <= 0 || (size_t)size != len)
		return false;
	m->type = buf[1];
	m->serial = le32(buf + 8);
	m->body_len = le32(buf + 4);
	if (m->type < DBUS_CALL || m->type > DBUS_SIGNAL || m->serial == 0)
		return false;
	end = dbus_get_array(&in, 8);
	while (!in.bad && in.at < end) {
		unsigned char code;
		const char *t;

		dbus_get_align(&in, 8);
		if (in.bad || in.at >= end)
			return false;
		code = buf[in.at++];
		if (code == 0) /* INVALID, says the spec */
			return false;
		t = dbus_get_sig(&in);
		if (in.bad || strlen(t) != 1)
			return false;
		/* path, interface, member, error name, reply serial,
		 * destination, sender, signature, unix fds: their types are
		 * fixed by the spec; unknown fields are passed over. */
		if (code <= 9 && *t != "\0osssussgu"[code])
			return false;
		if (code == 5) {
			m->reply_serial = dbus_get_u32(&in);
			has_reply = true;
		} else if (code == 8)
			m->sig = dbus_get_sig(&in);
		else
			skip_basic(&in, *t);
	}
	if (in.bad || in.at != end)
		return false;
	dbus_get_align(&in, 8);
	if (in.bad || in.n - in.at != m->body_len)
		return false;
	if ((m->type == DBUS_RETURN || m->type == DBUS_ERROR) && !has_reply)
		return false;
	m->body = buf + in.at;
	return true;
}
