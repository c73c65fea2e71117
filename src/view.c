/* view.c: checked, declarative output of lists: an aligned table for
 * people, RFC 4180 CSV and JSON for programs. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "json.h"
#include "table.h"
#include "text.h"
#include "export.h"
#include "view.h"
#include "namecheck.h"
#include "words.h"
#include "xalloc.h"

/* Walks "a.b.c" down to the object holding c; false (and jerr) when a step is missing. */
static bool walk(json_object *o, const char *prefix, const char *field, json_object **holder,
		 const char **leaf, char *path, size_t pathlen, bool optional, struct json_error *jerr)
{
	char step[64];
	const char *dot;

	snprintf(path, pathlen, "%s", prefix);
	*holder = o;
	*leaf = field;
	while ((dot = strchr(*leaf, '.'))) {
		json_object *next = NULL;
		snprintf(step, sizeof step, "%.*s", (int)(dot - *leaf), *leaf);
		if (json_get_object(*holder, path, step, optional ? JSON_OPTIONAL : 0, &next, jerr))
			return false;
		if (!next) {
			*holder = NULL;
			return true;
		}
		snprintf(path + strlen(path), pathlen - strlen(path), ".%s", step);
		*holder = next;
		*leaf = dot + 1;
	}
	return true;
}

/* Checks one cell; fills text (for people), csv (for programs) and value (a
 * new reference, for JSON).  false when the field is wrong. */
/* Between an amount's number and its currency in a cell's CSV text: the
 * writer makes them two cells. */
#define CSV_MONEY_SEP '\x1f'

static bool cell(const struct view *v, const struct view_column *col, json_object *item, const char *prefix,
		 char *text, size_t tlen, char *csv, size_t clen, json_object **value, struct json_error *jerr)
{
	json_object *holder;
	const char *leaf;
	char path[160];
	unsigned flags = col->optional ? JSON_OPTIONAL : 0;

	*text = *csv = '\0';
	*value = NULL;
	if (!walk(item, prefix, col->field, &holder, &leaf, path, sizeof path, col->optional, jerr))
		return false;
	if (!holder)
		return true;
	switch (col->type) {
	case V_TEXT:
	case V_KIND:
	case V_TIER:
	case V_CATEGORY:
	case V_STATUS:
	case V_DATE:
	case V_TIME: {
		const char *s = NULL;
		if (json_get_string(holder, path, leaf, flags, 4096, &s, jerr))
			return false;
		if (!s)
			return true;
		if (col->type == V_TEXT)
			snprintf(text, tlen, "%s", s);
		else if (col->type >= V_KIND)
			snprintf(text, tlen, "%s",
				 words_of(col->type == V_KIND ? WORDS_KIND : col->type == V_TIER ? WORDS_TIER
								  : col->type == V_CATEGORY ? WORDS_CATEGORY : WORDS_STATUS, s));
		else if (strlen(s) < 16 || s[4] != '-' || s[10] != 'T') {
			jerr->code = JSON_ERR_RANGE;
			snprintf(jerr->field, sizeof jerr->field, "%s.%s", path, leaf);
			jerr->detail = N_("not a date and time");
			return false;
		} else if (col->type == V_DATE)
			snprintf(text, tlen, "%.10s", s);
		else
			snprintf(text, tlen, "%.10s %.5s", s, s + 11);
		snprintf(csv, clen, "%s", s);
		*value = json_object_new_string(s);
		return true;
	}
	case V_NAMECHECK: {
		const char *s = NULL;
		enum payee_check pc = PAYEE_UNCHECKED;
		if (json_get_string(holder, path, leaf, JSON_OPTIONAL, 16, &s, jerr))
			return false;
		if (s && !api_payee_check_parse(s, &pc)) {
			jerr->code = JSON_ERR_RANGE;
			snprintf(jerr->field, sizeof jerr->field, "%s.%s", path, leaf);
			jerr->detail = N_("not an outcome of a name check");
			return false;
		}
		snprintf(text, tlen, "%s", namecheck_state(pc));
		if (s) {
			snprintf(csv, clen, "%s", s);
			*value = json_object_new_string(s);
		}
		return true;
	}
	case V_MONEY: {
		struct money m = { 0, "" };
		json_object *present = NULL;
		json_object_object_get_ex(holder, leaf, &present);
		if (json_get_money(holder, path, leaf, flags, &m, jerr))
			return false;
		if (!present)
			return true;
		if (money_format(&m, v->nf, MONEY_FMT_CODE, text, tlen) != MONEY_OK)
			snprintf(text, tlen, "%" PRId64 " %s", m.minor, m.currency);
		/* Two CSV cells, the plain number and the code: see CSV_MONEY_SEP. */
		money_format_plain(&m, csv, clen);
		snprintf(csv + strlen(csv), clen - strlen(csv), "%c%s", CSV_MONEY_SEP, m.currency);
		*value = json_new_money(&m);
		return true;
	}
	case V_INT: {
		int64_t n = 0;
		json_object *present = NULL;
		json_object_object_get_ex(holder, leaf, &present);
		if (json_get_int64(holder, path, leaf, flags, INT64_MIN, INT64_MAX, &n, jerr))
			return false;
		if (!present)
			return true;
		snprintf(text, tlen, "%" PRId64, n);
		snprintf(csv, clen, "%" PRId64, n);
		*value = json_object_new_int64(n);
		return true;
	}
	case V_BOOL: {
		int b = -1;
		if (json_get_bool(holder, path, leaf, flags, &b, jerr))
			return false;
		if (b < 0)
			return true;
		/* L10N: how a yes/no field is shown in tables. */
		snprintf(text, tlen, "%s", b ? _("yes") : _("no"));
		snprintf(csv, clen, "%s", b ? "true" : "false");
		*value = json_object_new_boolean(b);
		return true;
	}
	}
	return false;
}

/* Sets value at "a.b.c" in out, making the objects on the way. */
static void put(json_object *out, const char *field, json_object *value)
{
	const char *dot;
	char step[64];

	while ((dot = strchr(field, '.'))) {
		json_object *next = NULL;
		snprintf(step, sizeof step, "%.*s", (int)(dot - field), field);
		if (!json_object_object_get_ex(out, step, &next)) {
			next = json_object_new_object();
			json_object_object_add(out, step, next);
		}
		out = next;
		field = dot + 1;
	}
	json_object_object_add(out, field, value);
}


/* Row r of doc[array] (doc itself when array is NULL) checked and shaped:
 * the object --json prints of it (its declared fields only), with each
 * cell's text for a table and for CSV in texts[i] and csvs[i]; NULL and jerr
 * (naming the row, "items[3]") when a field is missing or mistyped. */
static json_object *row_of(const struct view *v, json_object *doc, json_object *items, const char *array, size_t r,
			   char (*texts)[512], char (*csvs)[512], struct json_error *jerr)
{
	json_object *item = array ? json_object_array_get_idx(items, r) : doc, *out;
	char prefix[32];

	if (array)
		snprintf(prefix, sizeof prefix, "%s[%zu]", array, r);
	else
		prefix[0] = '\0';
	if (!json_object_is_type(item, json_type_object)) {
		jerr->code = JSON_ERR_TYPE;
		snprintf(jerr->field, sizeof jerr->field, "%s", prefix);
		return NULL;
	}
	out = json_object_new_object();
	for (int i = 0; i < v->ncols; i++) {
		json_object *value = NULL;
		if (!cell(v, &v->cols[i], item, prefix, texts[i], sizeof texts[i], csvs[i], sizeof csvs[i], &value, jerr)) {
			json_object_put(out);
			return NULL;
		}
		put(out, v->cols[i].field, value);
	}
	return out;
}

bool view_print(const struct view *v, json_object *doc, const char *array, struct api_error *err)
{
	struct json_error jerr = { 0 };
	json_object *items = NULL, *out_items = json_object_new_array();
	size_t n;
	struct table *t = NULL;
	char **csv_rows = NULL;
	bool ok = true;

	if (array) {
		if (json_get_array(doc, NULL, array, 0, &items, &jerr))
			ok = false;
	}
	n = array ? (ok ? json_object_array_length(items) : 0) : 1;
	if (ok && v->format == VIEW_TABLE) {
		const char **h = xcalloc((size_t)v->ncols, sizeof *h);
		bool *right = xcalloc((size_t)v->ncols, sizeof *right);
		for (int i = 0; i < v->ncols; i++) {
			h[i] = _(v->cols[i].header);
			right[i] = v->cols[i].type == V_MONEY || v->cols[i].type == V_INT;
		}
		t = table_new(v->ncols, h, right);
		free(h);
		free(right);
	}
	csv_rows = xcalloc(n ? n : 1, sizeof *csv_rows);
	for (size_t r = 0; ok && r < n; r++) {
		const char **row = xcalloc((size_t)v->ncols, sizeof *row);
		char (*texts)[512] = xcalloc((size_t)v->ncols, sizeof *texts);
		char (*csvs)[512] = xcalloc((size_t)v->ncols, sizeof *csvs);
		json_object *out = row_of(v, doc, items, array, r, texts, csvs, &jerr);

		ok = out != NULL;
		for (int i = 0; i < v->ncols; i++)
			row[i] = texts[i];
		if (ok) {
			if (t)
				table_add(t, row);
			json_object_array_add(out_items, out);
			if (v->format == VIEW_CSV) {
				/* Stored until every row checked out: nothing is printed from a bad answer. */
				size_t cap = (size_t)v->ncols * 1100, used = 0;
				char *line = xmalloc(cap);
				FILE *mem = fmemopen(line, cap, "w");
				/* One CSV writer for every list (export.c): sanitized, quoted,
				 * and a text that a spreadsheet would run as a formula guarded. */
				for (int i = 0; i < v->ncols; i++) {
					enum view_type ty = v->cols[i].type;
					char *sep = ty == V_MONEY ? strchr(csvs[i], CSV_MONEY_SEP) : NULL;
					if (i)
						fputc(',', mem);
					if (ty == V_MONEY) {
						/* An amount is a plain number, then its currency's code. */
						if (sep)
							*sep = '\0';
						export_csv_cell(mem, csvs[i], false);
						fputc(',', mem);
						export_csv_cell(mem, sep ? sep + 1 : "", true);
						continue;
					}
					export_csv_cell(mem, csvs[i], ty != V_INT && ty != V_BOOL);
				}
				fclose(mem);
				(void)used;
				csv_rows[r] = line;
			}
		}
		free(row);
		free(texts);
		free(csvs);
	}
	if (ok) {
		if (v->format == VIEW_TABLE) {
			table_print(t, v->out);
		} else if (v->format == VIEW_CSV) {
			for (int i = 0; i < v->ncols; i++) {
				if (i)
					fputc(',', v->out);
				export_csv_cell(v->out, v->cols[i].field, true);
				if (v->cols[i].type == V_MONEY) {
					fputc(',', v->out);
					fprintf(v->out, "%s_currency", v->cols[i].field);
				}
			}
			fputs("\r\n", v->out);
			for (size_t r = 0; r < n; r++)
				fprintf(v->out, "%s\r\n", csv_rows[r]);
		} else if (v->format == VIEW_JSON_LINES) {
			for (size_t r = 0; r < n; r++) {
				json_write_safe(v->out, json_object_array_get_idx(out_items, r),
						JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
				fputc('\n', v->out);
			}
		} else {
			json_object *wrap = array ? json_object_new_object() : json_object_array_get_idx(out_items, 0);
			if (array)
				json_object_object_add(wrap, "items", json_object_get(out_items));
			json_write_safe(v->out, wrap, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
			fputc('\n', v->out);
			if (array)
				json_object_put(wrap);
		}
	} else {
		char msg[256];
		json_error_message(&jerr, msg, sizeof msg);
		memset(err, 0, sizeof *err);
		api_error_decode(err, _(v->what), msg);
	}
	for (size_t r = 0; r < n; r++)
		free(csv_rows[r]);
	free(csv_rows);
	table_free(&t);
	json_object_put(out_items);
	return ok;
}

json_object *view_json(const struct view_column *cols, int ncols, const char *what, json_object *doc,
		       const char *array, struct api_error *err)
{
	struct json_error jerr = { 0 };
	struct view v = { cols, ncols, what, NULL, VIEW_JSON, NULL };
	json_object *items = NULL, *out = array ? json_object_new_array() : NULL, *row = NULL;
	char (*texts)[512] = xcalloc((size_t)(ncols ? ncols : 1), sizeof *texts);
	char (*csvs)[512] = xcalloc((size_t)(ncols ? ncols : 1), sizeof *csvs);
	size_t n = 1;
	bool ok = true;

	if (array) {
		ok = json_get_array(doc, NULL, array, 0, &items, &jerr) == JSON_OK;
		n = ok ? json_object_array_length(items) : 0;
	}
	for (size_t r = 0; ok && r < n; r++) {
		row = row_of(&v, doc, items, array, r, texts, csvs, &jerr);
		if (!(ok = row != NULL))
			break;
		if (array)
			json_object_array_add(out, row);
		else
			out = row;
	}
	free(texts);
	free(csvs);
	if (!ok) {
		char msg[256];
		json_error_message(&jerr, msg, sizeof msg);
		memset(err, 0, sizeof *err);
		api_error_decode(err, _(what), msg);
		json_object_put(out);
		return NULL;
	}
	return out;
}

bool view_check(const struct view_column *cols, int ncols, const char *what, json_object *doc,
		const char *array, struct api_error *err)
{
	json_object *checked = view_json(cols, ncols, what, doc, array, err);

	json_object_put(checked);
	return checked != NULL;
}
