/* json.h: strict reading of JSON documents from outside (server responses,
 * request bodies), on json-c.  A missing or mistyped field is an error that
 * names the field; nothing is ever read as a silent zero. */
#ifndef BANKTERM_JSON_H
#define BANKTERM_JSON_H

#include <stddef.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>

#include <json-c/json.h>

#include "money.h"

/* Largest document json_parse() accepts, and how deep it may nest. */
#define JSON_MAX_BYTES (8u << 20)
#define JSON_MAX_DEPTH 32

enum json_err {
	JSON_OK = 0,
	JSON_ERR_SYNTAX,  /* not JSON, truncated, bad UTF-8, too deep */
	JSON_ERR_SIZE,    /* larger than the caller allows */
	JSON_ERR_MISSING, /* a required field is absent or null */
	JSON_ERR_TYPE,    /* a field has another type than expected */
	JSON_ERR_RANGE,   /* a number or string outside what is allowed */
};

/* What went wrong, and where: field holds a path like "accounts[3].balance". */
struct json_error {
	enum json_err code;
	char field[96];
	const char *detail; /* a static string marked N_(), or json-c's own text; may be NULL */
};

/* Field flags. */
#define JSON_OPTIONAL 0x1 /* absent or null is fine: the output is left as it was */

/**
 * Parses a whole document that must be one JSON object or array, valid
 * UTF-8, with nothing after it.  On success *out holds a new reference.
 */
enum json_err json_parse(const char *buf, size_t len, size_t max_len, json_object **out,
			 struct json_error *err);

/* Typed field readers.  prefix (may be NULL) names the enclosing object in the
 * error path.  Strings must be valid UTF-8 without NUL; *out points into obj. */
enum json_err json_get_string(json_object *obj, const char *prefix, const char *name,
			      unsigned flags, size_t max_len, const char **out,
			      struct json_error *err);
enum json_err json_get_int64(json_object *obj, const char *prefix, const char *name,
			     unsigned flags, int64_t min, int64_t max, int64_t *out,
			     struct json_error *err);
enum json_err json_get_bool(json_object *obj, const char *prefix, const char *name,
			    unsigned flags, int *out, struct json_error *err);
enum json_err json_get_object(json_object *obj, const char *prefix, const char *name,
			      unsigned flags, json_object **out, struct json_error *err);
enum json_err json_get_array(json_object *obj, const char *prefix, const char *name,
			     unsigned flags, json_object **out, struct json_error *err);
/* An amount: {"minor": <integer>, "currency": "<ISO 4217 code>"}. */
enum json_err json_get_money(json_object *obj, const char *prefix, const char *name,
			     unsigned flags, struct money *out, struct json_error *err);
/* Builds that same object for an amount. */
json_object *json_new_money(const struct money *m);

/* "field 'balance.minor': expected an integer" and the like, translated. */
void json_error_message(const struct json_error *err, char *buf, size_t len);

/* Writes o as JSON (json-c's flags) with every character a reader could be
 * fooled by escaped, not only C0: DEL, the C1 controls, bidi controls and
 * the line and paragraph separators as \uXXXX, and invalid UTF-8 as
 * \ufffd.  What the bank sent cannot reorder or hide what a terminal, a pager
 * or an editor shows of our output.  Returns false on a write error. */
bool json_write_safe(FILE *to, json_object *o, int flags);

#endif
