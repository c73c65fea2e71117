/* offers.c: the offer operations of the core (see offers.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "json.h"
#include "offers.h"
#include "text.h"
#include "xalloc.h"

static bool decode_one(json_object *o, void *v, struct json_error *jerr)
{
	struct offer *out = v;
	const char *id, *title, *status;

	if (json_get_string(o, "offers", "id", 0, API_ID_MAX - 1, &id, jerr) ||
	    json_get_string(o, "offers", "title", 0, API_NAME_MAX - 1, &title, jerr) ||
	    json_get_string(o, "offers", "status", 0, sizeof out->status - 1, &status, jerr))
		return false;
	snprintf(out->id, sizeof out->id, "%s", id);
	snprintf(out->title, sizeof out->title, "%s", title);
	snprintf(out->status, sizeof out->status, "%s", status);
	return true;
}

bool offers_decode_one(json_object *o, struct offer *out, struct api_error *err)
{
	struct json_error jerr = { 0 };

	memset(out, 0, sizeof *out);
	if (decode_one(o, out, &jerr))
		return true;
	/* L10N: what was being read, in "the bank's answer about %s cannot be read". */
	op_decode_error(&jerr, _("the offers"), err);
	return false;
}

bool offers_decode(json_object *doc, struct offer **out, size_t *n, struct api_error *err)
{
	return op_decode_items(doc, sizeof **out, decode_one, (void **)out, n, _("the offers"), err);
}

bool offers_find(const struct offer *list, size_t n, const char *typed, size_t *index, char *msg, size_t msglen)
{
	struct op_named *names = xcalloc(n + 1, sizeof *names);
	bool found;

	for (size_t i = 0; i < n; i++)
		names[i] = (struct op_named){ list[i].id, list[i].title, strcmp(list[i].status, "dismissed") != 0 };
	found = op_find_said(typed, names, n, index,
			     /* L10N: %s is what the person typed; then the command that lists the offers. */
			     _("no offer has the ID or title '%s' (see '%s offers')"),
			     /* L10N: %s is what was typed; the list is each offer as "title (ID)". */
			     _("several offers are called '%s': %s; give the ID"), msg, msglen);
	free(names);
	return found;
}

bool offers_activate_op(const struct offer *o, struct op *op)
{
	op_clear(op);
	/* L10N: the offer's title. */
	snprintf(op->summary, sizeof op->summary, _("Activate the offer %s"), o->title);
	return op_set(op, "POST", "/offers/%s/activation", o->id);
}

bool offers_dismiss_op(const struct offer *o, struct op *op)
{
	op_clear(op);
	/* L10N: the offer's title. */
	snprintf(op->summary, sizeof op->summary, _("Dismiss the offer %s"), o->title);
	return op_set(op, "POST", "/offers/%s/dismissal", o->id);
}
