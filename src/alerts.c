/* alerts.c: the alert operations of the core (see alerts.h). */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alerts.h"
#include "i18n.h"
#include "json.h"
#include "xalloc.h"

static bool decode(json_object *o, void *v, struct json_error *jerr)
{
	struct alert *out = v;
	const char *title;
	int read = 0;

	memset(out, 0, sizeof *out);
	if (json_get_int64(o, "notifications", "id", 0, 1, INT64_MAX, &out->id, jerr) ||
	    json_get_string(o, "notifications", "title", 0, API_NAME_MAX - 1, &title, jerr) ||
	    json_get_bool(o, "notifications", "read", 0, &read, jerr))
		return false;
	snprintf(out->title, sizeof out->title, "%s", title);
	out->read = read;
	return true;
}

bool alerts_decode_one(json_object *o, struct alert *out, struct api_error *err)
{
	struct json_error jerr = { 0 };

	if (decode(o, out, &jerr))
		return true;
	/* L10N: what was being read, in "the bank's answer about %s cannot be read". */
	op_decode_error(&jerr, _("the notifications"), err);
	return false;
}

bool alerts_decode(json_object *doc, struct alert **out, size_t *n, struct api_error *err)
{
	return op_decode_items(doc, sizeof **out, decode, (void **)out, n, _("the notifications"), err);
}

bool alerts_read_op(const struct alert *al, struct op *op)
{
	char id[24];

	op_clear(op);
	snprintf(id, sizeof id, "%" PRId64, al->id);
	/* L10N: the alert's title. */
	snprintf(op->summary, sizeof op->summary, _("Mark the alert %s read"), al->title);
	return op_set(op, "POST", "/notifications/%s/read", id);
}
