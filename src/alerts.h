/* alerts.h: the bank's alerts (notifications) as the core knows them:
 * decoded, and marked read, one or all.  Both faces use these. */
#ifndef BANKTERM_ALERTS_H
#define BANKTERM_ALERTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#include "api.h"
#include "op.h"

struct alert {
	int64_t id;
	char title[API_NAME_MAX];
	bool read;
};

/* One alert object. */
bool alerts_decode_one(json_object *o, struct alert *out, struct api_error *err);
/* doc["items"] of GET /notifications; *out is malloc'd. */
bool alerts_decode(json_object *doc, struct alert **out, size_t *n, struct api_error *err);
/* Marks al read. */
bool alerts_read_op(const struct alert *al, struct op *op);

#endif
