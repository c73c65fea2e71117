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

static bool decode(json_object *o, struct alert *out, struct json_error *jerr)
{
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

static void decode_error(const struct json_error *jerr, struct api_error *err)
{
	char msg[256];

	json_error_message(jerr, msg, sizeof msg);
	memset(err, 0, sizeof *err);
	/* L10N: what was being read, in "the bank's answer about %s cannot be read". */
	api_error_decode(err, _("the notifications"), msg);
}

bool alerts_decode_one(json_object *o, struct alert *out, struct api_error *err)
{
	struct json_error jerr = { 0 };

	if (decode(o, out, &jerr))
		return true;
	decode_error(&jerr, err);
	return false;
}

bool alerts_decode(json_object *doc, struct alert **out, size_t *n, struct api_error *err)
{
	struct json_error jerr = { 0 };
	json_object *items = NULL;
	size_t len = 0;

	*out = NULL;
	*n = 0;
	if (json_get_array(doc, NULL, "items", 0, &items, &jerr))
		goto bad;
	len = json_object_array_length(items);
	*out = xcalloc(len + 1, sizeof **out);
	for (size_t i = 0; i < len; i++)
		if (!decode(json_object_array_get_idx(items, i), &(*out)[i], &jerr))
			goto bad;
	*n = len;
	return true;
bad:
	free(*out);
	*out = NULL;
	decode_error(&jerr, err);
	return false;
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
