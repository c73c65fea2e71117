/* api_page.c: a page of transactions, read from the bank's bytes as they
 * are (jscan), without building a tree: a history of 100,000 rows is read a
 * thousand at a time, and the tree was most of the reading's cost.
 *
 * Its rules are those of every other decoder here (json.c): a field named
 * twice counts as the last one (each must be of the right type, though: a
 * stricter rule than the tree's), null counts as absent, a missing or
 * mistyped field is an error that names it. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "i18n.h"
#include "jscan.h"
#include "json.h"
#include "money.h"
#include "text.h"
#include "xalloc.h"

/* Names a field "items[ROW].SUB.NAME" (ROW < 0: a field of the page itself). */
static bool field_fail(struct json_error *jerr, enum json_err code, long row, const char *sub,
		       const char *name, const char *detail)
{
	char head[32] = "";

	if (row >= 0)
		snprintf(head, sizeof head, "items[%ld]", row);
	snprintf(jerr->field, sizeof jerr->field, "%s%s%s%s%s", head, *head && *sub ? "." : "", sub,
		 (*head || *sub) && *name ? "." : "", name);
	jerr->code = code;
	jerr->detail = detail;
	return false;
}

/* What a typed read found, as a reader says it: true when the value (or
 * null: *have false) was read. */
static bool got(enum jscan_got g, bool *have, struct json_error *jerr, long row, const char *sub,
		const char *name, const char *type_why)
{
	switch (g) {
	case JSCAN_VALUE:
		*have = true;
		return true;
	case JSCAN_NULL:
		*have = false;
		return true;
	case JSCAN_OTHER:
		return field_fail(jerr, JSON_ERR_TYPE, row, sub, name, type_why);
	case JSCAN_LONG:
		return field_fail(jerr, JSON_ERR_RANGE, row, sub, name, N_("string too long"));
	case JSCAN_NUL:
		return field_fail(jerr, JSON_ERR_RANGE, row, sub, name, N_("a NUL character in a string"));
	case JSCAN_BIG:
		return field_fail(jerr, JSON_ERR_RANGE, row, sub, name, N_("number too large"));
	case JSCAN_BAD:
		break;
	}
	jerr->code = JSON_ERR_SYNTAX;
	return false;
}

static bool str(struct jscan *s, char *slot, size_t max, bool *have, struct json_error *jerr, long row,
		const char *sub, const char *name)
{
	return got(jscan_string(s, slot, max, NULL), have, jerr, row, sub, name, N_("expected a string"));
}

/* {"minor": <integer>, "currency": "<ISO 4217 code>"}, or null. */
static bool money_at(struct jscan *s, struct money *m, bool *have, struct json_error *jerr, long row,
		     const char *sub)
{
	char key[16], code[4];
	bool first = true, has_minor = false, has_code = false;
	int64_t minor = 0;

	if (!got(jscan_open_or(s, '{'), have, jerr, row, "", sub, N_("expected an object")))
		return false;
	if (!*have)
		return true;
	while (jscan_member(s, &first, key, sizeof key)) {
		bool ok;
		if (!strcmp(key, "minor"))
			ok = got(jscan_int64(s, &minor), &has_minor, jerr, row, sub, "minor",
				 N_("expected an integer"));
		else if (!strcmp(key, "currency"))
			ok = str(s, code, 3, &has_code, jerr, row, sub, "currency");
		else
			ok = jscan_skip(s);
		if (!ok)
			return false;
	}
	if (s->why)
		return false;
	if (!has_minor)
		return field_fail(jerr, JSON_ERR_MISSING, row, sub, "minor", NULL);
	if (!has_code)
		return field_fail(jerr, JSON_ERR_MISSING, row, sub, "currency", NULL);
	if (!currency_find(code))
		return field_fail(jerr, JSON_ERR_RANGE, row, sub, "currency", N_("not an ISO 4217 code"));
	m->minor = minor;
	memcpy(m->currency, code, 4);
	return true;
}

/* One row as read, before it is kept. */
struct row {
	char id[API_ID_MAX], booked_at[32], description[API_TEXT_MAX], counterparty[API_NAME_MAX],
		category[48], tid[API_ID_MAX], tacc[API_ID_MAX];
	bool has_id, has_booked, has_desc, has_cp, has_cat, has_tid, has_tacc, has_amount, has_tamount,
		transfer;
	struct money amount, tamount;
};

static bool transfer_at(struct jscan *s, struct row *r, struct json_error *jerr, long row)
{
	char key[16];
	bool first = true;

	r->has_tid = r->has_tacc = r->has_tamount = false;
	if (!got(jscan_open_or(s, '{'), &r->transfer, jerr, row, "", "transfer", N_("expected an object")))
		return false;
	if (!r->transfer)
		return true;
	while (jscan_member(s, &first, key, sizeof key)) {
		bool ok;
		if (!strcmp(key, "id"))
			ok = str(s, r->tid, API_ID_MAX - 1, &r->has_tid, jerr, row, "transfer", "id");
		else if (!strcmp(key, "account_id"))
			ok = str(s, r->tacc, API_ID_MAX - 1, &r->has_tacc, jerr, row, "transfer", "account_id");
		else if (!strcmp(key, "amount"))
			ok = money_at(s, &r->tamount, &r->has_tamount, jerr, row, "transfer.amount");
		else
			ok = jscan_skip(s);
		if (!ok)
			return false;
	}
	return !s->why;
}

/* The row's strings in one allocation, owned by its id (api_transaction_clear). */
static void keep_row(const struct row *r, struct api_transaction *x)
{
	const char *from[7] = { r->id, r->booked_at, r->description, r->counterparty, r->category,
				r->transfer ? r->tid : NULL, r->transfer ? r->tacc : NULL };
	char **to[7] = { &x->id, &x->booked_at, &x->description, &x->counterparty, &x->category,
			 &x->transfer_id, &x->transfer_account };
	size_t len[7], total = 0;
	char *block;

	for (int i = 0; i < 7; i++)
		total += (len[i] = from[i] ? strlen(from[i]) + 1 : 0);
	block = xmalloc(total);
	for (int i = 0; i < 7; i++) {
		*to[i] = from[i] ? memcpy(block, from[i], len[i]) : NULL;
		block += len[i];
	}
	x->amount = r->amount;
	if (r->transfer)
		x->transfer_amount = r->tamount;
}

static bool row_at(struct jscan *s, struct row *r, struct json_error *jerr, long row)
{
	static const char *const required[] = { "id", "booked_at", "amount", "description", "counterparty",
						"category" };
	char key[16], day[11];
	bool first = true, is_object;
	bool *have[6] = { &r->has_id, &r->has_booked, &r->has_amount, &r->has_desc, &r->has_cp, &r->has_cat };

	if (!got(jscan_open_or(s, '{'), &is_object, jerr, row, "", "", N_("expected an object")))
		return false;
	if (!is_object) /* null, where a row must be */
		return field_fail(jerr, JSON_ERR_TYPE, row, "", "", N_("expected an object"));
	for (int i = 0; i < 6; i++)
		*have[i] = false;
	r->transfer = false;
	while (jscan_member(s, &first, key, sizeof key)) {
		bool ok;
		if (!strcmp(key, "id"))
			ok = str(s, r->id, API_ID_MAX - 1, &r->has_id, jerr, row, "", "id");
		else if (!strcmp(key, "booked_at"))
			ok = str(s, r->booked_at, 31, &r->has_booked, jerr, row, "", "booked_at");
		else if (!strcmp(key, "amount"))
			ok = money_at(s, &r->amount, &r->has_amount, jerr, row, "amount");
		else if (!strcmp(key, "description"))
			ok = str(s, r->description, API_TEXT_MAX - 1, &r->has_desc, jerr, row, "", "description");
		else if (!strcmp(key, "counterparty"))
			ok = str(s, r->counterparty, API_NAME_MAX - 1, &r->has_cp, jerr, row, "", "counterparty");
		else if (!strcmp(key, "category"))
			ok = str(s, r->category, 47, &r->has_cat, jerr, row, "", "category");
		else if (!strcmp(key, "transfer"))
			ok = transfer_at(s, r, jerr, row);
		else
			ok = jscan_skip(s);
		if (!ok)
			return false;
	}
	if (s->why)
		return false;
	for (int i = 0; i < 6; i++)
		if (!*have[i])
			return field_fail(jerr, JSON_ERR_MISSING, row, "", required[i], NULL);
	if (r->transfer) {
		if (!r->has_tid)
			return field_fail(jerr, JSON_ERR_MISSING, row, "transfer", "id", NULL);
		if (!r->has_tacc)
			return field_fail(jerr, JSON_ERR_MISSING, row, "transfer", "account_id", NULL);
		if (!r->has_tamount)
			return field_fail(jerr, JSON_ERR_MISSING, row, "transfer", "amount", NULL);
	}
	/* An id is what tells rows apart (a journal's keys): never empty. */
	if (!*r->id)
		return field_fail(jerr, JSON_ERR_RANGE, row, "", "id", NULL);
	if (r->transfer && !*r->tid)
		return field_fail(jerr, JSON_ERR_RANGE, row, "transfer", "id", NULL);
	if (r->transfer && !*r->tacc)
		return field_fail(jerr, JSON_ERR_RANGE, row, "transfer", "account_id", NULL);
	/* A time that starts with a day that exists: it goes into journals and
	 * statements as their date, where anything else could be a new line. */
	snprintf(day, sizeof day, "%.10s", r->booked_at);
	if (!text_is_day(day) || (r->booked_at[10] && r->booked_at[10] != 'T'))
		return field_fail(jerr, JSON_ERR_RANGE, row, "", "booked_at", NULL);
	return true;
}

static void drop_rows(struct api_txn_page *p)
{
	for (size_t i = 0; i < p->n; i++)
		api_transaction_clear(&p->items[i]);
	p->n = 0;
}

/* The "items" array: its rows appended to out (a second "items" replaces the first). */
static bool items_at(struct jscan *s, struct api_txn_page *out, size_t *cap, bool *have,
		     struct json_error *jerr)
{
	struct row *r;
	bool first = true;

	drop_rows(out);
	if (!got(jscan_open_or(s, '['), have, jerr, -1, "", "items", N_("expected an array")))
		return false;
	if (!*have)
		return true;
	r = xmalloc(sizeof *r);
	while (jscan_element(s, &first)) {
		if (!row_at(s, r, jerr, (long)out->n)) {
			free(r);
			return false;
		}
		if (out->n == *cap) {
			*cap = *cap ? *cap * 2 : 64;
			out->items = xrealloc(out->items, *cap * sizeof *out->items);
		}
		memset(&out->items[out->n], 0, sizeof *out->items);
		keep_row(r, &out->items[out->n++]);
	}
	free(r);
	return !s->why;
}

bool api_parse_txn_page(const char *buf, size_t len, struct api_txn_page *out, struct api_error *err)
{
	struct json_error jerr = { 0 };
	struct jscan s;
	char key[16], msg[256];
	size_t cap = 0;
	bool first = true, has_items = false, has = false, ok = true;

	memset(out, 0, sizeof *out);
	out->total = -1;
	jscan_init(&s, buf, len);
	if (len > JSON_MAX_BYTES) {
		jerr.code = JSON_ERR_SIZE;
		ok = false;
	} else if (jscan_peek(&s) != '{') {
		if (jscan_skip(&s) && jscan_done(&s))
			field_fail(&jerr, JSON_ERR_TYPE, -1, "", "", N_("expected an object"));
		ok = false;
	} else if (jscan_open(&s, '{')) {
		while (ok && jscan_member(&s, &first, key, sizeof key)) {
			int64_t n;
			if (!strcmp(key, "items")) {
				ok = items_at(&s, out, &cap, &has_items, &jerr);
			} else if (!strcmp(key, "next_cursor")) {
				ok = str(&s, out->next_cursor, sizeof out->next_cursor - 1, &has, &jerr, -1, "",
					 "next_cursor");
				if (ok && !has)
					out->next_cursor[0] = '\0';
			} else if (!strcmp(key, "total") || !strcmp(key, "max_limit")) {
				bool total = key[0] == 't';
				ok = got(jscan_int64(&s, &n), &has, &jerr, -1, "", key, N_("expected an integer"));
				if (ok && has && (total ? n < 0 || n > API_TOTAL_MAX : n < 1 || n > INT32_MAX))
					ok = field_fail(&jerr, JSON_ERR_RANGE, -1, "", key, N_("number out of range"));
				if (ok)
					*(total ? &out->total : &out->max_limit) = has ? n : total ? -1 : 0;
			} else {
				ok = jscan_skip(&s);
			}
		}
		ok = ok && !s.why && jscan_done(&s);
		if (ok && !has_items)
			ok = field_fail(&jerr, JSON_ERR_MISSING, -1, "", "items", NULL);
	} else {
		ok = false;
	}
	if (ok)
		return true;
	if (s.why) {
		memset(&jerr, 0, sizeof jerr);
		jerr.code = JSON_ERR_SYNTAX;
		jerr.detail = s.why;
	}
	api_txn_page_clear(out);
	json_error_message(&jerr, msg, sizeof msg);
	memset(err, 0, sizeof *err);
	api_error_decode(err, _("the transactions"), msg);
	return false;
}

bool api_decode_txn_page(json_object *o, struct api_txn_page *out, struct api_error *err)
{
	size_t len = 0;
	const char *text = json_object_to_json_string_length(o, JSON_C_TO_STRING_PLAIN, &len);

	return api_parse_txn_page(text ? text : "null", text ? len : 4, out, err);
}

void api_transaction_clear(struct api_transaction *t)
{
	free(t->id); /* the block of all its strings (keep_row) */
	memset(t, 0, sizeof *t);
}

void api_txn_page_clear(struct api_txn_page *p)
{
	drop_rows(p);
	free(p->items);
	memset(p, 0, sizeof *p);
}
