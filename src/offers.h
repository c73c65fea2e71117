/* offers.h: the bank's personal offers, as the core knows them: decoded,
 * found by title or id, activated and dismissed. */
#ifndef BANKTERM_OFFERS_H
#define BANKTERM_OFFERS_H

#include <stdbool.h>
#include <stddef.h>

#include <json-c/json.h>

#include "api.h"
#include "op.h"

struct offer {
	char id[API_ID_MAX], title[API_NAME_MAX], status[16];
};

/* doc["items"] of GET /offers, strictly; *out is malloc'd. */
bool offers_decode(json_object *doc, struct offer **out, size_t *n, struct api_error *err);
/* One offer object. */
bool offers_decode_one(json_object *o, struct offer *out, struct api_error *err);
/* The offer typed names: its id, or its title in any case. */
bool offers_find(const struct offer *list, size_t n, const char *typed, size_t *index, char *msg, size_t msglen);
/* Activates (on) or dismisses (off) the offer. */
bool offers_activate_op(const struct offer *o, struct op *op);
bool offers_dismiss_op(const struct offer *o, struct op *op);

#endif
