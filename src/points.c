/* points.c: the rewards operations of the core (see points.h). */
#include "config.h"

#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "json.h"
#include "points.h"
#include "text.h"
#include "xalloc.h"

static bool decode_item(json_object *o, void *v, struct json_error *jerr)
{
	struct catalog_item *it = v;
	const char *id, *name, *kind;
	int needs = 0;

	if (json_get_string(o, "catalog", "id", 0, API_ID_MAX - 1, &id, jerr) ||
	    json_get_string(o, "catalog", "name", 0, API_NAME_MAX - 1, &name, jerr) ||
	    json_get_string(o, "catalog", "kind", 0, sizeof it->kind - 1, &kind, jerr) ||
	    json_get_int64(o, "catalog", "points", 0, 1, INT64_C(1000000000000), &it->points, jerr) ||
	    json_get_bool(o, "catalog", "needs_account", 0, &needs, jerr))
		return false;
	snprintf(it->id, sizeof it->id, "%s", id);
	snprintf(it->name, sizeof it->name, "%s", name);
	snprintf(it->kind, sizeof it->kind, "%s", kind);
	it->needs_account = needs;
	return true;
}

bool points_decode_item(json_object *o, struct catalog_item *out, struct api_error *err)
{
	struct json_error jerr = { 0 };

	memset(out, 0, sizeof *out);
	if (decode_item(o, out, &jerr))
		return true;
	/* L10N: what was being read, in "the bank's answer about %s cannot be read". */
	op_decode_error(&jerr, _("the catalogue"), err);
	return false;
}

bool points_decode_catalog(json_object *doc, struct catalog_item **out, size_t *n, struct api_error *err)
{
	return op_decode_items(doc, sizeof **out, decode_item, (void **)out, n, _("the catalogue"), err);
}

bool points_find(const struct catalog_item *list, size_t n, const char *typed, size_t *index, char *msg,
		 size_t msglen)
{
	return op_find_fields(list, n, sizeof *list, offsetof(struct catalog_item, id), offsetof(struct catalog_item, name), typed, index,
			      /* L10N: %s is what the person typed; then the command that lists the catalogue. */
			      _("nothing in the catalogue has the ID or name '%s' (see '%s points catalog')"),
			      /* L10N: the first %s is what was typed; the list is each item as "name (ID)". */
			      _("several items are called '%s': %s; give the ID"), msg, msglen);
}

const struct api_account *points_credit_account(const struct api_account *accounts, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(accounts[i].kind, "current") || !strcmp(accounts[i].kind, "checking"))
			return &accounts[i];
	for (size_t i = 0; i < n; i++)
		if (strcmp(accounts[i].kind, "wallet"))
			return &accounts[i];
	return NULL;
}

bool points_redeem_op(const struct catalog_item *item, const struct api_account *to, struct op *op)
{
	json_object *body = json_object_new_object();

	op_clear(op);
	op_set(op, "POST", "/rewards/redemptions");
	json_object_object_add(body, "item_id", json_object_new_string(item->id));
	if (item->needs_account && to)
		json_object_object_add(body, "account_id", json_object_new_string(to->id));
	op_body(op, body);
	if (item->needs_account && to)
		/* L10N: the points, the catalogue item, the account it is paid into. */
		snprintf(op->summary, sizeof op->summary,
			 ngettext("Redeem %lld point for %s, paid into %s", "Redeem %lld points for %s, paid into %s",
				  (unsigned long)item->points),
			 (long long)item->points, item->name, to->name);
	else
		snprintf(op->summary, sizeof op->summary,
			 ngettext("Redeem %lld point for %s", "Redeem %lld points for %s", (unsigned long)item->points),
			 (long long)item->points, item->name);
	/* A statement credit moves money: written down like a payment. */
	op->moves_money = item->needs_account;
	return !item->needs_account || to;
}
