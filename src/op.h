/* op.h: what every banking operation of the core hands a face to send.
 *
 * An operation is built once, here in src/: the method, the path (every
 * segment percent-encoded, whatever the bank or the person put in it), the
 * JSON body, and the plain-words summary shown before the person confirms
 * (and kept with the intent of a payment).  The command line sends it on its
 * own thread, the full screen through its worker; neither builds one itself.
 *
 * op_find is how a face turns what the person typed into one thing: its id,
 * or its name in any case.  Two things of that name is an error that lists
 * them, never a guess. */
#ifndef BANKTERM_OP_H
#define BANKTERM_OP_H

#include <stdbool.h>
#include <stddef.h>

#include <json-c/json.h>

#include "money.h"

struct op {
	char method[8];
	char path[256];
	char *body;        /* JSON, or NULL */
	char summary[512]; /* what it does, in words */
	bool moves_money;  /* sent through pay_send (pay.h): written down first */
};

/* Sets op's method and path from fmt, in which each %s is one path segment
 * (percent-encoded here) and nothing else is a conversion.  false when the
 * path would not fit (op->path is then ""). */
bool op_set(struct op *op, const char *method, const char *fmt, ...);
/* Adds "?name=value" (or "&name=value") to the path or query q, the value
 * percent-encoded; what does not fit in len is left out whole. */
void op_query_add(char *q, size_t len, const char *name, const char *value);
/* A path as op_set makes it (each %s one escaped segment), for reads. */
bool op_path(char *out, size_t len, const char *fmt, ...);
/* The body (takes the reference; NULL for none). */
void op_body(struct op *op, json_object *body);
void op_clear(struct op *op);

/* An amount in a summary's words ("25.00 USD"); its currency alone if it
 * cannot be written (a code with no exponent known). */
void op_money(const struct money *m, const struct numfmt *nf, char *out, size_t len);

/* One path segment, percent-encoded (RFC 3986: all but unreserved characters);
 * false when it does not fit in len. */
bool op_escape(const char *segment, char *out, size_t len);

/* The things a name may pick from: id and name of each. */
struct op_named {
	const char *id, *name;
	bool preferred; /* among several of one name, the only preferred one wins (an unpaid bill) */
};

enum op_found {
	OP_FOUND,
	OP_NONE,      /* nothing has that id or name */
	OP_AMBIGUOUS, /* several have that name: msg lists them */
};

/**
 * Finds typed among items: an exact id, else a name equal in any case
 * (letters of any script).  Several of that name: the one preferred, when
 * exactly one is; else OP_AMBIGUOUS, with msg listing "name (id)" of each,
 * made safe for a terminal.  *index gets the one found.
 */
enum op_found op_find(const char *typed, const struct op_named *items, size_t n, size_t *index, char *msg,
		      size_t msglen);

/* op_find, and when it fails, the sentence saying so: none is given (typed,
 * the program's name), many (typed, the list of "name (id)"); both are
 * translated formats of the caller's. */
bool op_find_said(const char *typed, const struct op_named *items, size_t n, size_t *index, const char *none,
		  const char *many, char *msg, size_t msglen);

/* op_find_said over n structs of stride bytes, each with its id and name in
 * char arrays at those offsets (offsetof), none of them preferred. */
bool op_find_fields(const void *items, size_t n, size_t stride, size_t id_at, size_t name_at, const char *typed,
		    size_t *index, const char *none, const char *many, char *msg, size_t msglen);

/* --- decoding the bank's lists ------------------------------------------------- */

struct api_error;
struct json_error;

/* err, for the json_error jerr met while reading what (translated: "the offers"). */
void op_decode_error(const struct json_error *jerr, const char *what, struct api_error *err);
/**
 * doc["items"], each element decoded by one into an array of size-byte
 * entries (malloc'd, *n of them); false and err (naming what) when the list
 * or any element is not as it should be.
 */
bool op_decode_items(json_object *doc, size_t size, bool (*one)(json_object *o, void *out, struct json_error *jerr),
		     void **out, size_t *n, const char *what, struct api_error *err);

#endif
