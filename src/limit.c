/* limit.c: the daily payment limit, as the core sets it (limit.h). */
#include "config.h"

#include <stdio.h>

#include "i18n.h"
#include "json.h"
#include "limit.h"

bool limit_set_op(const struct money *daily, const struct numfmt *nf, struct op *op)
{
	json_object *body = json_object_new_object();
	char amount[MONEY_FMT_MAX];

	op_clear(op);
	json_object_object_add(body, "daily", json_new_money(daily));
	op_set(op, "PUT", "/limits");
	op_body(op, body);
	op_money(daily, nf, amount, sizeof amount);
	/* L10N: the new daily limit, with its currency. */
	snprintf(op->summary, sizeof op->summary, _("Set the daily limit to %s"), amount);
	return true;
}
