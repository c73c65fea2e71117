/* view.h: lists from the bank shown as a table, CSV or JSON, through one
 * declarative description of their columns.  Every field a column names is
 * checked (present, of its type) before anything is printed: an answer that
 * lies about a field is an error naming it, never a blank or a zero. */
#ifndef BANKTERM_VIEW_H
#define BANKTERM_VIEW_H

#include <stdbool.h>
#include <stdio.h>

#include <json-c/json.h>

#include "api.h"
#include "money.h"

enum view_type {
	V_TEXT,  /* a string */
	V_MONEY, /* {"minor", "currency"} */
	V_INT,
	V_BOOL,  /* shown as a word */
	V_DATE,  /* an RFC 3339 time, shown as its day */
	V_TIME,  /* an RFC 3339 time, shown as day and minute */
	/* Codes of the bank (words.h): shown to people in their language, to
	 * programs (CSV, JSON) as the code. */
	V_KIND, V_TIER, V_CATEGORY, V_STATUS,
	/* A payee's name check (namecheck.h): in words for people, null
	 * ("not checked yet") or the bank's code for programs. */
	V_NAMECHECK,
};

struct view_column {
	const char *field;  /* "name", or a path "biller.name" */
	enum view_type type;
	const char *header; /* N_() */
	bool optional;      /* null or absent is fine (shown empty) */
};

/* VIEW_JSON_LINES: each row one line of JSON, no wrapper (a stream, as --follow prints). */
enum view_format { VIEW_TABLE, VIEW_CSV, VIEW_JSON, VIEW_JSON_LINES };

struct view {
	const struct view_column *cols;
	int ncols;
	const char *what; /* N_("the bills"): for error messages */
	const struct numfmt *nf;
	enum view_format format;
	FILE *out; /* where view_print writes */
};

/* Checks and prints doc[array] (or doc itself when array is NULL, as one
 * row); false and err when a field is missing or mistyped. */
bool view_print(const struct view *v, json_object *doc, const char *array, struct api_error *err);

/* doc[array] (or doc itself when array is NULL) as --json prints it: an
 * array of objects (or one object) holding cols' fields only, each checked;
 * NULL and err when one is missing or mistyped.  For a JSON made of parts. */
json_object *view_json(const struct view_column *cols, int ncols, const char *what, json_object *doc,
		       const char *array, struct api_error *err);

/* Checks doc[array] (or doc) against cols without printing: the full-screen
 * interface reads the fields afterwards knowing each is there, typed. */
bool view_check(const struct view_column *cols, int ncols, const char *what, json_object *doc,
		const char *array, struct api_error *err);

#endif
