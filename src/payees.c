/* payees.c: payee and account names, and the payee operations (payees.h). */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "iban.h"
#include "json.h"
#include "payees.h"
#include "text.h"
#include "xalloc.h"

bool payees_find(const struct api_payee *list, size_t n, const char *typed, size_t *index, char *msg, size_t msglen)
{
	return op_find_fields(list, n, sizeof *list, offsetof(struct api_payee, id), offsetof(struct api_payee, name), typed, index,
			      /* L10N: %s is what the person typed; then the command that lists the payees. */
			      _("no payee has the ID or name '%s' (see '%s payees')"),
			      /* L10N: the first %s is what was typed; the list is each payee as "name (ID)". */
			      _("several payees are called '%s': %s; give the ID"), msg, msglen);
}

bool accounts_find(const struct api_account *list, size_t n, const char *typed, size_t *index, char *msg,
		   size_t msglen)
{
	return op_find_fields(list, n, sizeof *list, offsetof(struct api_account, id), offsetof(struct api_account, name), typed, index,
			      /* L10N: %s is what the person typed; then the command that lists the accounts. */
			      _("no account has the ID or name '%s' (see '%s accounts')"),
			      /* L10N: the first %s is what was typed; the list is each account as "name (ID)". */
			      _("several accounts are called '%s': %s; give the ID"), msg, msglen);
}

bool payee_fields_ok(const char *name, int name_max, const char *iban, char electronic[IBAN_MAX + 1], char *msg,
		     size_t msglen)
{
	enum iban_err ie = iban_normalize(iban, electronic);

	if (ie != IBAN_OK) {
		char *safe = text_sanitize(iban, strlen(iban), 0);
		/* L10N: %s is the IBAN typed, then why it is wrong. */
		snprintf(msg, msglen, _("'%s' is not an IBAN: %s"), safe, iban_strerror(ie));
		free(safe);
		return false;
	}
	if (!*name || text_chars(name) > (size_t)name_max) {
		/* L10N: the payee's name was empty or too long; %d is the longest it may be. */
		snprintf(msg, msglen, _("a payee's name is 1 to %d characters"), name_max);
		return false;
	}
	return true;
}

bool payees_add_op(const char *name, const char *iban, const char *currency, const char *check, bool warned,
		   struct op *op, char *msg, size_t msglen)
{
	char electronic[IBAN_MAX + 1];
	json_object *body;

	op_clear(op);
	if (!payee_fields_ok(name, PAYEE_NAME_MAX, iban, electronic, msg, msglen))
		return false;
	body = json_object_new_object();
	json_object_object_add(body, "name", json_object_new_string(name));
	json_object_object_add(body, "iban", json_object_new_string(electronic));
	json_object_object_add(body, "currency", json_object_new_string(currency));
	if (check && *check)
		json_object_object_add(body, "vop_check", json_object_new_string(check));
	if (warned)
		json_object_object_add(body, "vop_warned", json_object_new_boolean(1));
	op_set(op, "POST", "/payees");
	op_body(op, body);
	/* L10N: a new payee's name, then its IBAN. */
	snprintf(op->summary, sizeof op->summary, _("Save %s (IBAN %s) as a payee"), name, electronic);
	return true;
}

bool payees_remove_op(const struct api_payee *p, struct op *op)
{
	op_clear(op);
	/* L10N: the payee's name. */
	snprintf(op->summary, sizeof op->summary, _("Remove the payee %s"), p->name);
	return op_set(op, "DELETE", "/payees/%s", p->id);
}

bool payees_saved(const struct api_payee *list, size_t n, const char *iban, const char *currency, char *msg,
		  size_t msglen)
{
	char electronic[IBAN_MAX + 1];

	if (iban_normalize(iban, electronic) != IBAN_OK)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(list[i].iban, electronic) && !strcmp(list[i].currency, currency)) {
			char *safe = text_sanitize(list[i].name, strlen(list[i].name), 0);
			/* L10N: a new payee's IBAN and currency are saved already, as the payee %s. */
			snprintf(msg, msglen, _("this account is a payee already, in %s: %s"), currency, safe);
			free(safe);
			return true;
		}
	return false;
}
