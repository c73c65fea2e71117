/* dbus.h: just enough of the D-Bus wire protocol for a client to call a
 * few methods on the session bus (secretsvc.c): write a method call, read
 * its reply.  Little-endian messages only (what the bus forwards on this
 * host); anything else a reply holds is refused, never guessed at.
 *
 * The readers (dbus_msg_size, dbus_parse, dbus_get_*) take outside data
 * and check every length, alignment and terminator against the buffer:
 * tests/fuzz/fuzz_dbus.c runs them on anything. */
#ifndef BANKTERM_DBUS_H
#define BANKTERM_DBUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* --- writing ---------------------------------------------------------------------- */

/* A growing buffer; `bad` once an allocation failed or a value did not fit. */
struct dbus_out {
	unsigned char *p;
	size_t n, cap;
	bool bad;
};

void dbus_out_free(struct dbus_out *o); /* wipes what it held */
void dbus_put_u32(struct dbus_out *o, uint32_t v);
void dbus_put_bool(struct dbus_out *o, bool v);
void dbus_put_str(struct dbus_out *o, const char *s); /* 's' and 'o' */
void dbus_put_sig(struct dbus_out *o, const char *s); /* 'g', and a variant's signature */
void dbus_put_bytes(struct dbus_out *o, const void *p, size_t n); /* 'ay' */
void dbus_align(struct dbus_out *o, size_t a);
void dbus_put_raw(struct dbus_out *o, const void *p, size_t n); /* as is: the SASL lines */
/* An array: open it (its elements' alignment), write them, close it. */
struct dbus_arr {
	size_t len_at, start;
};
struct dbus_arr dbus_array_open(struct dbus_out *o, size_t elem_align);
void dbus_array_close(struct dbus_out *o, struct dbus_arr a);

/* Appends to msg a method call with the body `body` (written with the
 * above from offset 0) of signature sig (NULL for none).  Each message is
 * aligned from its own start: messages follow each other unpadded. */
void dbus_call(struct dbus_out *msg, uint32_t serial, const char *dest, const char *path,
               const char *iface, const char *member, const char *sig, const struct dbus_out *body);

/* --- reading ---------------------------------------------------------------------- */

enum { DBUS_CALL = 1, DBUS_RETURN = 2, DBUS_ERROR = 3, DBUS_SIGNAL = 4 };

/* The whole size of the message that starts buf (have bytes of it): 0 when
 * fewer than 16 bytes are in, -1 when it cannot be one we read. */
long dbus_msg_size(const unsigned char *buf, size_t have);

struct dbus_msg {
	int type;
	uint32_t serial, reply_serial;
	const char *sig; /* "" when the message has none */
	const unsigned char *body;
	size_t body_len;
};

/* Reads the header of the message of exactly len bytes; false when it is
 * not well formed.  m points into buf. */
bool dbus_parse(const unsigned char *buf, size_t len, struct dbus_msg *m);

/* A cursor over a body; `bad` once a read did not fit or was malformed,
 * after which every read returns 0, NULL or an empty value. */
struct dbus_in {
	const unsigned char *p;
	size_t n, at;
	bool bad;
};

uint32_t dbus_get_u32(struct dbus_in *in);
/* 's', 'o' (strict: a path the spec allows) and 'g': a NUL-terminated
 * string inside the buffer, with no NUL before its end. */
const char *dbus_get_str(struct dbus_in *in);
const char *dbus_get_path(struct dbus_in *in);
const char *dbus_get_sig(struct dbus_in *in);
const unsigned char *dbus_get_bytes(struct dbus_in *in, size_t *n); /* 'ay' */
/* Enters an array of elements aligned to elem_align: returns the offset
 * where it ends (read while in->at < end). */
size_t dbus_get_array(struct dbus_in *in, size_t elem_align);
void dbus_get_align(struct dbus_in *in, size_t a);

#endif
