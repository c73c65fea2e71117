/* op.c: operations as data (see op.h): paths whose segments are escaped
 * whatever they hold, and finding what a person named. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "api.h"
#include "i18n.h"
#include "json.h"
#include "op.h"
#include "text.h"
#include "xalloc.h"

bool op_escape(const char *segment, char *out, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = 0;

	for (const unsigned char *p = (const unsigned char *)segment; *p; p++) {
		bool plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
			     *p == '-' || *p == '.' || *p == '_' || *p == '~';
		if (o + (plain ? 1 : 3) >= len)
			return false;
		if (plain) {
			out[o++] = (char)*p;
		} else {
			out[o++] = '%';
			out[o++] = hex[*p >> 4];
			out[o++] = hex[*p & 15];
		}
	}
	if (o >= len)
		return false;
	out[o] = '\0';
	return true;
}

static bool vpath(char *out, size_t len, const char *fmt, va_list ap)
{
	size_t o = 0;
	bool ok = true;

	for (const char *f = fmt; *f && ok; f++) {
		if (f[0] == '%' && f[1] == 's') {
			ok = op_escape(va_arg(ap, const char *), out + o, len - o);
			o += ok ? strlen(out + o) : 0;
			f++;
		} else if (o + 1 < len) {
			out[o++] = *f;
		} else {
			ok = false;
		}
	}
	if (len)
		out[ok ? o : 0] = '\0';
	return ok;
}

bool op_path(char *out, size_t len, const char *fmt, ...)
{
	va_list ap;
	bool ok;

	va_start(ap, fmt);
	ok = vpath(out, len, fmt, ap);
	va_end(ap);
	return ok;
}

bool op_set(struct op *op, const char *method, const char *fmt, ...)
{
	va_list ap;
	bool ok;

	snprintf(op->method, sizeof op->method, "%s", method);
	va_start(ap, fmt);
	ok = vpath(op->path, sizeof op->path, fmt, ap);
	va_end(ap);
	return ok;
}

void op_money(const struct money *m, const struct numfmt *nf, char *out, size_t len)
{
	if (money_format(m, nf, MONEY_FMT_CODE, out, len) != MONEY_OK)
		snprintf(out, len, "%s", m->currency);
}

void op_query_add(char *q, size_t len, const char *name, const char *value)
{
	size_t used = strlen(q);
	char *v = xmalloc(3 * strlen(value) + 1);

	if (op_escape(value, v, 3 * strlen(value) + 1) &&
	    used + strlen(name) + strlen(v) + 2 < len)
		snprintf(q + used, len - used, "%s%s=%s", strchr(q, '?') ? "&" : "?", name, v);
	free(v);
}

void op_body(struct op *op, json_object *body)
{
	free(op->body);
	op->body = body ? xstrdup(json_object_to_json_string_ext(body, JSON_C_TO_STRING_PLAIN)) : NULL;
	json_object_put(body);
}

void op_clear(struct op *op)
{
	free(op->body);
	memset(op, 0, sizeof *op);
}

/* Equal in any case, letter by letter (UTF-8; invalid bytes compare as bytes). */
static bool same_name(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	while (la && lb) {
		uint32_t ca, cb;
		size_t na = utf8_decode(a, la, &ca), nb = utf8_decode(b, lb, &cb);
		if (!na || !nb) {
			if (na != nb || *a != *b)
				return false;
			na = nb = 1;
		} else if (ca != cb && towlower((wint_t)ca) != towlower((wint_t)cb)) {
			return false;
		}
		a += na, la -= na;
		b += nb, lb -= nb;
	}
	return !la && !lb;
}

enum op_found op_find(const char *typed, const struct op_named *items, size_t n, size_t *index, char *msg,
		      size_t msglen)
{
	size_t hits = 0, preferred = 0, pick = 0, used = 0;

	if (msglen)
		*msg = '\0';
	for (size_t i = 0; i < n; i++) {
		if (items[i].id && !strcmp(items[i].id, typed)) {
			*index = i;
			return OP_FOUND;
		}
	}
	for (size_t i = 0; i < n; i++) {
		if (!items[i].name || !same_name(items[i].name, typed))
			continue;
		if (!hits++)
			pick = i;
		if (items[i].preferred && !preferred++)
			pick = i;
	}
	if (hits == 1 || (hits > 1 && preferred == 1)) {
		*index = pick;
		return OP_FOUND;
	}
	if (!hits)
		return OP_NONE;
	/* Each of them, so the person can give the id. */
	for (size_t i = 0; i < n && used + 1 < msglen; i++) {
		char *name, *id;
		if (!items[i].name || !same_name(items[i].name, typed) || (preferred > 1 && !items[i].preferred))
			continue;
		name = text_sanitize(items[i].name, strlen(items[i].name), 0);
		id = text_sanitize(items[i].id ? items[i].id : "", items[i].id ? strlen(items[i].id) : 0, 0);
		used += (size_t)snprintf(msg + used, msglen - used, "%s%s (%s)", used ? ", " : "", name, id);
		free(name);
		free(id);
	}
	if (used >= msglen && msglen > 4)
		strcpy(msg + msglen - 4, "...");
	return OP_AMBIGUOUS;
}

bool op_find_said(const char *typed, const struct op_named *items, size_t n, size_t *index, const char *none,
		  const char *many, char *msg, size_t msglen)
{
	char list[400];
	char *safe;
	enum op_found f = op_find(typed, items, n, index, list, sizeof list);

	if (f == OP_FOUND)
		return true;
	safe = text_sanitize(typed, strlen(typed), 0);
	/* The formats are the caller's translated sentences, with two %s each. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	if (f == OP_NONE)
		snprintf(msg, msglen, none, safe, PACKAGE);
	else
		snprintf(msg, msglen, many, safe, list);
#pragma GCC diagnostic pop
	free(safe);
	return false;
}

bool op_find_fields(const void *items, size_t n, size_t stride, size_t id_at, size_t name_at, const char *typed,
		    size_t *index, const char *none, const char *many, char *msg, size_t msglen)
{
	struct op_named *names = xcalloc(n + 1, sizeof *names);
	const char *base = items;
	bool found;

	for (size_t i = 0; i < n; i++)
		names[i] = (struct op_named){ base + i * stride + id_at, base + i * stride + name_at, false };
	found = op_find_said(typed, names, n, index, none, many, msg, msglen);
	free(names);
	return found;
}

void op_decode_error(const struct json_error *jerr, const char *what, struct api_error *err)
{
	char msg[256];

	json_error_message(jerr, msg, sizeof msg);
	memset(err, 0, sizeof *err);
	api_error_decode(err, what, msg);
}

bool op_decode_items(json_object *doc, size_t size, bool (*one)(json_object *o, void *out, struct json_error *jerr),
		     void **out, size_t *n, const char *what, struct api_error *err)
{
	struct json_error jerr = { 0 };
	json_object *items = NULL;
	size_t len;
	char *list;

	*out = NULL;
	*n = 0;
	if (json_get_array(doc, NULL, "items", 0, &items, &jerr)) {
		op_decode_error(&jerr, what, err);
		return false;
	}
	len = json_object_array_length(items);
	list = xcalloc(len + 1, size);
	for (size_t i = 0; i < len; i++) {
		if (!one(json_object_array_get_idx(items, i), list + i * size, &jerr)) {
			free(list);
			op_decode_error(&jerr, what, err);
			return false;
		}
	}
	*out = list;
	*n = len;
	return true;
}
