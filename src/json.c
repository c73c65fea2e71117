/* json.c: strict typed access to json-c documents.
 *
 * json-c is lenient where a bank cannot be: it turns a string into 0 when an
 * integer is asked for, and clamps huge numbers.  Every reader here checks the
 * type first and the range second, and names the field when either fails. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "json.h"
#include "text.h"

/* "prefix.name" (or just name) into out, cut to fit: it only names a field. */
static void join_path(char *out, size_t size, const char *prefix, const char *name)
{
	const char *parts[3] = { "", "", name ? name : "" };
	size_t n = 0;

	if (prefix && *prefix) {
		parts[0] = prefix;
		parts[1] = ".";
	}
	for (int i = 0; i < 3; i++)
		for (const char *c = parts[i]; *c && n + 1 < size; c++)
			out[n++] = *c;
	out[n] = '\0';
}

static enum json_err fail(struct json_error *err, enum json_err code, const char *prefix,
			  const char *name, const char *detail)
{
	if (err) {
		err->code = code;
		join_path(err->field, sizeof err->field, prefix, name);
		err->detail = detail;
	}
	return code;
}

/* What json-c lets through even in strict mode and a bank must not: NaN and
 * Infinity, single-quoted strings, overlong or surrogate UTF-8.  Outside
 * strings only JSON's punctuation, number characters and the literals true,
 * false and null may appear; every byte must be strict UTF-8. */
static const char *prescan(const char *buf, size_t len)
{
	static const char *const literals[] = { "true", "false", "null" };
	size_t i = 0;
	bool in_string = false;

	while (i < len) {
		unsigned char b = (unsigned char)buf[i];
		uint32_t cp;
		size_t n;

		if (b >= 0x80) {
			if (!in_string || !(n = utf8_decode(buf + i, len - i, &cp)))
				return N_("invalid UTF-8");
			i += n;
			continue;
		}
		if (in_string) {
			if (b == '\\')
				i++;
			else if (b == '"')
				in_string = false;
			i++;
			continue;
		}
		if (b == '"') {
			in_string = true;
		} else if (isalpha(b)) {
			size_t k, lit_len = 0;
			for (k = 0; k < 3; k++) {
				lit_len = strlen(literals[k]);
				if (len - i >= lit_len && !memcmp(buf + i, literals[k], lit_len) &&
				    (len - i == lit_len || !isalnum((unsigned char)buf[i + lit_len])))
					break;
			}
			if (k == 3 && !(b == 'e' || b == 'E'))
				return N_("a word that is not true, false or null");
			if (k < 3) {
				i += lit_len;
				continue;
			}
		} else if (!strchr(" \t\r\n{}[]:,-+.0123456789", b) || b == 0) {
			return N_("a character that JSON does not allow here");
		}
		i++;
	}
	return NULL;
}

enum json_err json_parse(const char *buf, size_t len, size_t max_len, json_object **out,
			 struct json_error *err)
{
	json_tokener *tok;
	json_object *obj;
	enum json_tokener_error jerr;
	enum json_type type;
	const char *why;

	*out = NULL;
	if (max_len == 0 || max_len > JSON_MAX_BYTES)
		max_len = JSON_MAX_BYTES;
	if (len > max_len)
		return fail(err, JSON_ERR_SIZE, NULL, NULL, NULL);
	if (!buf || len == 0)
		return fail(err, JSON_ERR_SYNTAX, NULL, NULL, N_("empty document"));
	if ((why = prescan(buf, len)))
		return fail(err, JSON_ERR_SYNTAX, NULL, NULL, why);
	tok = json_tokener_new_ex(JSON_MAX_DEPTH);
	if (!tok)
		return fail(err, JSON_ERR_SYNTAX, NULL, NULL, N_("out of memory"));
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	obj = json_tokener_parse_ex(tok, buf, (int)len);
	jerr = json_tokener_get_error(tok);
	if (!obj || jerr != json_tokener_success) {
		why = jerr == json_tokener_continue ? N_("truncated document")
						   : json_tokener_error_desc(jerr);
		json_object_put(obj);
		json_tokener_free(tok);
		return fail(err, JSON_ERR_SYNTAX, NULL, NULL, why);
	}
	/* Only blanks may follow the document. */
	for (size_t i = json_tokener_get_parse_end(tok); i < len; i++) {
		if (!strchr(" \t\r\n", buf[i])) {
			json_object_put(obj);
			json_tokener_free(tok);
			return fail(err, JSON_ERR_SYNTAX, NULL, NULL, N_("data after the document"));
		}
	}
	json_tokener_free(tok);
	type = json_object_get_type(obj);
	if (type != json_type_object && type != json_type_array) {
		json_object_put(obj);
		return fail(err, JSON_ERR_TYPE, NULL, NULL, N_("expected an object or array"));
	}
	*out = obj;
	return JSON_OK;
}

/* Looks up name; absent and null are the same ("missing") to a reader. */
static enum json_err lookup(json_object *obj, const char *prefix, const char *name,
			    unsigned flags, json_object **val, struct json_error *err)
{
	*val = NULL;
	if (!obj || !json_object_is_type(obj, json_type_object))
		return fail(err, JSON_ERR_TYPE, NULL, prefix, N_("expected an object"));
	if (!json_object_object_get_ex(obj, name, val) || !*val) {
		*val = NULL;
		return (flags & JSON_OPTIONAL) ? JSON_OK : fail(err, JSON_ERR_MISSING, prefix, name, NULL);
	}
	return JSON_OK;
}

enum json_err json_get_string(json_object *obj, const char *prefix, const char *name,
			      unsigned flags, size_t max_len, const char **out,
			      struct json_error *err)
{
	json_object *v;
	enum json_err rc = lookup(obj, prefix, name, flags, &v, err);
	const char *s;
	size_t len;

	if (rc || !v)
		return rc;
	if (!json_object_is_type(v, json_type_string))
		return fail(err, JSON_ERR_TYPE, prefix, name, N_("expected a string"));
	s = json_object_get_string(v);
	len = (size_t)json_object_get_string_len(v);
	if (strlen(s) != len)
		return fail(err, JSON_ERR_RANGE, prefix, name, N_("a NUL character in a string"));
	if (max_len && len > max_len)
		return fail(err, JSON_ERR_RANGE, prefix, name, N_("string too long"));
	*out = s;
	return JSON_OK;
}

enum json_err json_get_int64(json_object *obj, const char *prefix, const char *name,
			     unsigned flags, int64_t min, int64_t max, int64_t *out,
			     struct json_error *err)
{
	json_object *v;
	enum json_err rc = lookup(obj, prefix, name, flags, &v, err);
	int64_t n;

	if (rc || !v)
		return rc;
	if (!json_object_is_type(v, json_type_int))
		return fail(err, JSON_ERR_TYPE, prefix, name, N_("expected an integer"));
	/* json-c clamps values past int64 to INT64_MAX; those are out of range. */
	errno = 0;
	n = json_object_get_int64(v);
	if (errno == ERANGE || (n == INT64_MAX && json_object_get_uint64(v) != (uint64_t)INT64_MAX))
		return fail(err, JSON_ERR_RANGE, prefix, name, N_("number too large"));
	if (n < min || n > max)
		return fail(err, JSON_ERR_RANGE, prefix, name, N_("number out of range"));
	*out = n;
	return JSON_OK;
}

enum json_err json_get_bool(json_object *obj, const char *prefix, const char *name,
			    unsigned flags, int *out, struct json_error *err)
{
	json_object *v;
	enum json_err rc = lookup(obj, prefix, name, flags, &v, err);

	if (rc || !v)
		return rc;
	if (!json_object_is_type(v, json_type_boolean))
		return fail(err, JSON_ERR_TYPE, prefix, name, N_("expected true or false"));
	*out = json_object_get_boolean(v);
	return JSON_OK;
}

static enum json_err get_typed(json_object *obj, const char *prefix, const char *name,
			       unsigned flags, enum json_type type, const char *what,
			       json_object **out, struct json_error *err)
{
	json_object *v;
	enum json_err rc = lookup(obj, prefix, name, flags, &v, err);

	if (rc || !v)
		return rc;
	if (!json_object_is_type(v, type))
		return fail(err, JSON_ERR_TYPE, prefix, name, what);
	*out = v;
	return JSON_OK;
}

enum json_err json_get_object(json_object *obj, const char *prefix, const char *name,
			      unsigned flags, json_object **out, struct json_error *err)
{
	return get_typed(obj, prefix, name, flags, json_type_object, N_("expected an object"), out,
			 err);
}

enum json_err json_get_array(json_object *obj, const char *prefix, const char *name,
			     unsigned flags, json_object **out, struct json_error *err)
{
	return get_typed(obj, prefix, name, flags, json_type_array, N_("expected an array"), out, err);
}

enum json_err json_get_money(json_object *obj, const char *prefix, const char *name,
			     unsigned flags, struct money *out, struct json_error *err)
{
	json_object *m = NULL;
	char path[96];
	const char *code = NULL;
	int64_t minor = 0;
	enum json_err rc = json_get_object(obj, prefix, name, flags, &m, err);

	if (rc || !m)
		return rc;
	join_path(path, sizeof path, prefix, name);
	if ((rc = json_get_int64(m, path, "minor", 0, INT64_MIN, INT64_MAX, &minor, err)))
		return rc;
	if ((rc = json_get_string(m, path, "currency", 0, 3, &code, err)))
		return rc;
	if (!currency_find(code))
		return fail(err, JSON_ERR_RANGE, path, "currency", N_("not an ISO 4217 code"));
	out->minor = minor;
	memcpy(out->currency, code, 4);
	return JSON_OK;
}

json_object *json_new_money(const struct money *m)
{
	json_object *o = json_object_new_object();
	json_object_object_add(o, "minor", json_object_new_int64(m->minor));
	json_object_object_add(o, "currency", json_object_new_string(m->currency));
	return o;
}

void json_error_message(const struct json_error *err, char *buf, size_t len)
{
	const char *what;

	switch (err->code) {
	case JSON_OK:
		what = _("no error");
		break;
	case JSON_ERR_SYNTAX:
		what = _("the response is not valid JSON");
		break;
	case JSON_ERR_SIZE:
		what = _("the response is too large");
		break;
	case JSON_ERR_MISSING:
		what = _("a required field is missing");
		break;
	case JSON_ERR_TYPE:
		what = _("a field has the wrong type");
		break;
	case JSON_ERR_RANGE:
		what = _("a field has a value out of range");
		break;
	default:
		what = _("unknown error");
		break;
	}
	if (err->field[0] && err->detail)
		/* L10N: "<what went wrong> (field 'name': <technical detail>)" */
		snprintf(buf, len, _("%s (field '%s': %s)"), what, err->field, _(err->detail));
	else if (err->field[0])
		snprintf(buf, len, _("%s (field '%s')"), what, err->field);
	else if (err->detail)
		snprintf(buf, len, "%s (%s)", what, _(err->detail));
	else
		snprintf(buf, len, "%s", what);
}

/* Characters escaped beyond what json-c escapes (see json_write_safe). */
static bool needs_escape(uint32_t cp)
{
	return cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) || cp == 0x061c || cp == 0x200e || cp == 0x200f ||
	       (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

bool json_write_safe(FILE *to, json_object *o, int flags)
{
	const char *p = json_object_to_json_string_ext(o, flags);
	size_t n = strlen(p);

	/* Structural JSON is ASCII: whatever is escaped here is inside a string. */
	while (n) {
		uint32_t cp = (unsigned char)*p;
		size_t len = cp < 0x80 ? 1 : utf8_decode(p, n, &cp);
		if (!len) {
			fputs("\\ufffd", to);
			p++;
			n--;
			continue;
		}
		if (needs_escape(cp))
			fprintf(to, "\\u%04x", (unsigned)cp);
		else
			fwrite(p, 1, len, to);
		p += len;
		n -= len;
	}
	return !ferror(to);
}
