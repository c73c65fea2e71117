/* namecheck.c: Verification of Payee, the question, the answer and its words (namecheck.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "i18n.h"
#include "iban.h"
#include "json.h"
#include "namecheck.h"
#include "payees.h"
#include "text.h"

bool namecheck_op(const char *name, const char *iban, struct op *op, char *msg, size_t msglen)
{
	char electronic[IBAN_MAX + 1];
	json_object *body;
	char *safe;

	op_clear(op);
	if (!payee_fields_ok(name, NAMECHECK_NAME_MAX, iban, electronic, msg, msglen))
		return false;
	body = json_object_new_object();
	json_object_object_add(body, "iban", json_object_new_string(electronic));
	json_object_object_add(body, "name", json_object_new_string(name));
	op_set(op, "POST", "/payees/verify");
	op_body(op, body);
	safe = text_sanitize(name, strlen(name), 0);
	/* L10N: the name check's summary: the name typed, then the IBAN. */
	snprintf(op->summary, sizeof op->summary, _("Check that %s holds the account %s"), safe, electronic);
	free(safe);
	return true;
}

bool namecheck_decode(json_object *doc, struct namecheck *out, struct api_error *err)
{
	struct json_error jerr = { 0 };
	const char *id = NULL, *outcome = NULL, *holder = NULL;

	memset(out, 0, sizeof *out);
	memset(err, 0, sizeof *err);
	if (json_get_string(doc, NULL, "id", 0, sizeof out->id - 1, &id, &jerr) ||
	    json_get_string(doc, NULL, "outcome", 0, 16, &outcome, &jerr)) {
		op_decode_error(&jerr, _("the name check"), err);
		return false;
	}
	if (!api_payee_check_parse(outcome, &out->outcome)) {
		jerr.code = JSON_ERR_RANGE;
		snprintf(jerr.field, sizeof jerr.field, "outcome");
		op_decode_error(&jerr, _("the name check"), err);
		return false;
	}
	snprintf(out->id, sizeof out->id, "%s", id);
	if (out->outcome == PAYEE_CLOSE_MATCH) {
		char *safe;
		/* The name the bank offers: a close match without one is no answer. */
		if (json_get_string(doc, NULL, "name", 0, sizeof out->holder - 1, &holder, &jerr) || !*holder) {
			if (!jerr.code) {
				jerr.code = JSON_ERR_MISSING;
				snprintf(jerr.field, sizeof jerr.field, "name");
			}
			op_decode_error(&jerr, _("the name check"), err);
			return false;
		}
		safe = text_sanitize(holder, strlen(holder), 0);
		snprintf(out->holder, sizeof out->holder, "%s", safe);
		free(safe);
		/* Nothing printable is no name to offer. */
		if (!out->holder[strspn(out->holder, " ")]) {
			jerr.code = JSON_ERR_RANGE;
			snprintf(jerr.field, sizeof jerr.field, "name");
			op_decode_error(&jerr, _("the name check"), err);
			return false;
		}
	}
	return true;
}

bool namecheck_rename_op(const struct api_payee *p, const struct namecheck *r, struct op *op)
{
	json_object *body;
	char *from, *to;

	op_clear(op);
	if (r->outcome != PAYEE_CLOSE_MATCH || !*r->holder || !*r->id)
		return false;
	body = json_object_new_object();
	json_object_object_add(body, "name", json_object_new_string(r->holder));
	json_object_object_add(body, "vop_check", json_object_new_string(r->id));
	if (!op_set(op, "PUT", "/payees/%s/name", p->id)) {
		json_object_put(body);
		return false;
	}
	op_body(op, body);
	from = text_sanitize(p->name, strlen(p->name), 0);
	to = text_sanitize(r->holder, strlen(r->holder), 0);
	/* L10N: a payee's name as saved, then the holder's name as the bank has it. */
	snprintf(op->summary, sizeof op->summary, _("Rename the payee %s to %s, as the bank holds the account"), from, to);
	free(from);
	free(to);
	return true;
}

const char *namecheck_code(enum payee_check c)
{
	switch (c) {
	case PAYEE_MATCH:
		return "match";
	case PAYEE_CLOSE_MATCH:
		return "close_match";
	case PAYEE_NO_MATCH:
		return "no_match";
	case PAYEE_NOT_POSSIBLE:
		return "not_possible";
	case PAYEE_UNCHECKED:
	default:
		return NULL;
	}
}

const char *namecheck_state(enum payee_check c)
{
	switch (c) {
	case PAYEE_MATCH:
		/* L10N: a payee's name check, in the payee list. */
		return _("name matches");
	case PAYEE_CLOSE_MATCH:
		/* L10N: a payee's name check, in the payee list. */
		return _("close match");
	case PAYEE_NO_MATCH:
		/* L10N: a payee's name check, in the payee list: a warning. */
		return _("name does not match");
	case PAYEE_NOT_POSSIBLE:
		/* L10N: a payee's name check, in the payee list. */
		return _("check not possible");
	case PAYEE_UNCHECKED:
	default:
		/* L10N: a payee's name check, in the payee list: checked at the first payment. */
		return _("not checked yet");
	}
}

void namecheck_explain(const struct namecheck *r, const char *typed, char *out, size_t len)
{
	char *name = text_sanitize(typed, strlen(typed), 0);

	switch (r->outcome) {
	case PAYEE_MATCH:
		/* L10N: the bank's name check found the name typed (%s). */
		snprintf(out, len, _("Name check: %s matches the name the bank holds for this account."), name);
		break;
	case PAYEE_CLOSE_MATCH:
		/* L10N: a close match: first the holder's name as the bank has it, then the name typed. */
		snprintf(out, len, _("Name check: a close match. The bank holds this account as %1$s, not %2$s."),
			 r->holder, name);
		break;
	case PAYEE_NO_MATCH:
		/* L10N: no match, said whole before anything is saved or paid; %s is the name typed. */
		snprintf(out, len,
			 _("Warning: %s does not match the name of this account's holder. If someone told you to pay "
			   "this account, changed the details at short notice or is rushing you, stop: that is how "
			   "payment scams work. Check the details with the payee on a number you already know. Money "
			   "sent to the wrong account may not come back."),
			 name);
		break;
	case PAYEE_NOT_POSSIBLE:
	default:
		/* L10N: the other bank did not answer; %s is the name typed. */
		snprintf(out, len,
			 _("Warning: the name %s could not be checked: the account's bank did not answer. Make sure "
			   "the details are right: money sent to the wrong account may not come back."),
			 name);
		break;
	}
	free(name);
}

enum namecheck_need namecheck_needed(enum payee_check stored)
{
	return stored == PAYEE_UNCHECKED ? NAMECHECK_ASK : namecheck_blocks(stored) ? NAMECHECK_WARN_AGAIN : NAMECHECK_NONE;
}

bool namecheck_warns(enum payee_check c)
{
	return c == PAYEE_NO_MATCH || c == PAYEE_NOT_POSSIBLE;
}

bool namecheck_blocks(enum payee_check c)
{
	return c == PAYEE_NO_MATCH;
}

/* The next letter of s after spaces, folded to lower case; 0 at the end. */
static wint_t next_folded(const char **s)
{
	uint32_t cp;
	size_t n;

	while (**s == ' ' || **s == '\t')
		(*s)++;
	if (!**s)
		return 0;
	n = utf8_decode(*s, strlen(*s), &cp);
	if (!n) {
		(*s)++;
		return 0xfffd;
	}
	*s += n;
	return towlower((wint_t)cp);
}

bool namecheck_retyped(const char *again, const char *name)
{
	wint_t a, b;

	if (!again || !name)
		return false;
	do {
		a = next_folded(&again);
		b = next_folded(&name);
		if (a != b)
			return false;
	} while (a);
	return true;
}
