/* feedback.c: the feedback operation of the core (feedback.h). */
#include "config.h"

#include <stdio.h>

#include "feedback.h"
#include "i18n.h"
#include "json.h"

bool feedback_op(int rating, const char *flow, const char *comment, struct op *op)
{
	json_object *body = json_object_new_object();

	op_clear(op);
	if (rating < 1 || rating > 5) {
		json_object_put(body);
		return false;
	}
	json_object_object_add(body, "rating", json_object_new_int(rating));
	json_object_object_add(body, "flow", json_object_new_string(flow && *flow ? flow : "general"));
	if (comment && *comment)
		json_object_object_add(body, "comment", json_object_new_string(comment));
	op_set(op, "POST", "/feedback");
	op_body(op, body);
	/* L10N: the rating given, from 1 to 5. */
	snprintf(op->summary, sizeof op->summary, _("Rate it %d of 5"), rating);
	return true;
}
