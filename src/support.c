/* support.c: the bank's help articles, as the core reads them (support.h). */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "json.h"
#include "op.h"
#include "support.h"
#include "text.h"
#include "xalloc.h"

bool support_help_path(const char *question, char *out, size_t len, char *msg, size_t msglen)
{
	size_t chars = 0;

	snprintf(out, len, "/help/articles");
	if (!question || !*question)
		return true;
	for (const char *p = question; *p; p++)
		chars += ((unsigned char)*p & 0xC0) != 0x80;
	if (chars > SUPPORT_QUESTION_MAX || len < SUPPORT_PATH_MAX) {
		/* L10N: %d is the most characters a question to the help may have. */
		snprintf(msg, msglen, _("a question is at most %d characters"), SUPPORT_QUESTION_MAX);
		return false;
	}
	op_query_add(out, len, "q", question);
	return true;
}

bool support_article_path(const char *id, char *out, size_t len, char *msg, size_t msglen)
{
	size_t n = strlen(id);

	if (!n || n >= HELP_ID_MAX || strspn(id, "abcdefghijklmnopqrstuvwxyz0123456789-") != n) {
		/* L10N: %s is what was typed; 'support help' lists the articles' IDs. */
		snprintf(msg, msglen, _("'%s' is not the ID of a help article (see 'support help')"), id);
		return false;
	}
	return op_path(out, len, "/help/articles/%s", id);
}

void support_article_clear(struct help_doc *d)
{
	free(d->title);
	free(d->body);
	memset(d, 0, sizeof *d);
}

bool support_article_decode(json_object *doc, struct help_doc *out, struct api_error *err)
{
	struct json_error jerr = { 0 };
	const char *id, *title, *body;

	memset(out, 0, sizeof *out);
	if (json_get_string(doc, NULL, "id", 0, HELP_ID_MAX - 1, &id, &jerr) ||
	    json_get_string(doc, NULL, "title", 0, 400, &title, &jerr) ||
	    json_get_string(doc, NULL, "body", 0, HELP_BODY_MAX, &body, &jerr)) {
		/* L10N: what was being read, in "the bank's answer about %s cannot be read". */
		op_decode_error(&jerr, _("the help article"), err);
		return false;
	}
	snprintf(out->id, sizeof out->id, "%s", id);
	out->title = text_sanitize(title, strlen(title), 0);
	out->body = text_sanitize(body, strlen(body), TEXT_MULTILINE);
	return true;
}

/* --- conversations ----------------------------------------------------------------- */

bool support_text_ok(const char *text, long max, const char *what, char *msg, size_t msglen)
{
	size_t len = text ? strlen(text) : 0, at = 0;
	long chars = 0;
	bool blank = true;

	while (at < len) {
		uint32_t cp;
		size_t n = utf8_decode(text + at, len - at, &cp);
		if (!n) {
			/* L10N: %s names the field: "the message" or "the subject". */
			snprintf(msg, msglen, _("%s is not valid text (UTF-8)"), what);
			return false;
		}
		if ((cp < 0x20 && cp != '\n' && cp != '\t') || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
			/* L10N: %s names the field: "the message" or "the subject". */
			snprintf(msg, msglen, _("%s holds a control character: write plain text"), what);
			return false;
		}
		blank &= cp == ' ' || cp == '\n' || cp == '\t';
		chars++;
		at += n;
	}
	if (blank) {
		/* L10N: %s names the field: "the message" or "the subject". */
		snprintf(msg, msglen, _("%s is empty"), what);
		return false;
	}
	if (chars > max) {
		/* L10N: %1$s names the field ("the message"); %2$ld is the most
		   characters it may have, %3$ld how many it has. */
		snprintf(msg, msglen, _("%1$s is at most %2$ld characters (it has %3$ld)"), what, max, chars);
		return false;
	}
	return true;
}

void support_threads_path(const char *status, char *out, size_t len)
{
	snprintf(out, len, "/support/threads");
	if (status && *status)
		op_query_add(out, len, "status", status);
}

/* Whether id can name a thread, or what one is about: letters, digits, '_'. */
static bool plain_id(const char *id)
{
	size_t n = id ? strlen(id) : 0;

	return n && n < SUPPORT_ID_MAX &&
	       strspn(id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") == n;
}

static bool thread_id_ok(const char *id, char *msg, size_t msglen)
{
	if (plain_id(id))
		return true;
	/* L10N: %s is what was typed; 'support list' lists the conversations' IDs. */
	snprintf(msg, msglen, _("'%s' is not the ID of a conversation (see 'support list')"), id ? id : "");
	return false;
}

bool support_thread_path(const char *id, char *out, size_t len, char *msg, size_t msglen)
{
	return thread_id_ok(id, msg, msglen) && op_path(out, len, "/support/threads/%s", id);
}

bool support_new_op(const char *subject, const char *about, const char *message, struct op *op, char *msg,
		    size_t msglen)
{
	json_object *body;

	op_clear(op);
	if (!support_text_ok(subject, SUPPORT_SUBJECT_MAX, _("the subject"), msg, msglen) ||
	    !support_text_ok(message, SUPPORT_MESSAGE_MAX, _("the message"), msg, msglen))
		return false;
	if (about && !plain_id(about)) {
		/* L10N: %s is what was typed after --about. */
		snprintf(msg, msglen, _("'%s' is not the ID of a transaction, a transfer or a bill"), about);
		return false;
	}
	body = json_object_new_object();
	json_object_object_add(body, "subject", json_object_new_string(subject));
	json_object_object_add(body, "message", json_object_new_string(message));
	if (about)
		json_object_object_add(body, "about", json_object_new_string(about));
	op_set(op, "POST", "/support/threads");
	op_body(op, body);
	{
		char *safe = text_sanitize(subject, strlen(subject), 0);
		/* L10N: %s is the subject of the new conversation. */
		snprintf(op->summary, sizeof op->summary, _("Send the bank a message: %s"), safe);
		free(safe);
	}
	return true;
}

bool support_reply_op(const char *thread, const char *message, struct op *op, char *msg, size_t msglen)
{
	json_object *body;

	op_clear(op);
	if (!thread_id_ok(thread, msg, msglen) ||
	    !support_text_ok(message, SUPPORT_MESSAGE_MAX, _("the message"), msg, msglen))
		return false;
	body = json_object_new_object();
	json_object_object_add(body, "message", json_object_new_string(message));
	op_set(op, "POST", "/support/threads/%s/messages", thread);
	op_body(op, body);
	/* L10N: %s is the ID of a conversation with the bank. */
	snprintf(op->summary, sizeof op->summary, _("Reply in the conversation %s"), thread);
	return true;
}

bool support_close_op(const char *thread, struct op *op, char *msg, size_t msglen)
{
	op_clear(op);
	if (!thread_id_ok(thread, msg, msglen))
		return false;
	op_set(op, "POST", "/support/threads/%s/close", thread);
	/* L10N: %s is the ID of a conversation with the bank. */
	snprintf(op->summary, sizeof op->summary, _("Close the conversation %s"), thread);
	return true;
}

/* src made safe for a terminal into out, cut at a character when too long. */
static void put_safe(char *out, size_t len, const char *src, unsigned flags)
{
	char *safe = text_sanitize(src, strlen(src), flags);
	size_t n = strlen(safe);

	if (n >= len) {
		n = len - 1;
		while (n && ((unsigned char)safe[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(out, safe, n);
	out[n] = '\0';
	free(safe);
}

/* An RFC 3339 time, checked, into out[32]. */
static bool get_time(json_object *o, const char *prefix, const char *name, char out[32], struct json_error *jerr)
{
	const char *s;

	if (json_get_string(o, prefix, name, 0, 31, &s, jerr))
		return false;
	if (strlen(s) < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
	    strspn(s, "0123456789") != 4 || strspn(s, "0123456789-T:.Z+") != strlen(s)) {
		jerr->code = JSON_ERR_RANGE;
		snprintf(jerr->field, sizeof jerr->field, "%s.%s", prefix, name);
		jerr->detail = N_("not a date and time");
		return false;
	}
	snprintf(out, 32, "%s", s);
	return true;
}

void support_when(const char *rfc3339, char out[17])
{
	snprintf(out, 17, "%.10s %.5s", rfc3339, strlen(rfc3339) >= 16 ? rfc3339 + 11 : "");
}

const char *support_detail_label(const char *field)
{
	static const struct {
		const char *field, *label;
	} labels[] = {
		/* L10N: the fields of a transaction, transfer or bill that a
		   conversation is about, as the bank's staff see them. */
		{ "booked_at", N_("Booked") },   { "created_at", N_("Created") }, { "due_at", N_("Due") },
		{ "amount", N_("Amount") },      { "description", N_("Description") },
		{ "counterparty", N_("Counterparty") }, { "category", N_("Category") },
		{ "account", N_("Account") },    { "reference", N_("Reference") }, { "status", N_("Status") },
		{ "from", N_("From") },          { "to", N_("To") },               { "biller", N_("Biller") },
	};

	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (!strcmp(labels[i].field, field))
			return _(labels[i].label);
	return NULL;
}

static bool decode_thread(json_object *o, void *v, struct json_error *jerr)
{
	struct support_thread *t = v;
	const char *id, *subject, *status, *s, *by = NULL;
	json_object *about = NULL, *who = NULL;
	int unread = 0;

	memset(t, 0, sizeof *t);
	if (json_get_string(o, "threads", "id", 0, SUPPORT_ID_MAX - 1, &id, jerr) ||
	    json_get_string(o, "threads", "subject", 0, SUPPORT_SUBJECT_MAX * 4, &subject, jerr) ||
	    json_get_string(o, "threads", "status", 0, 16, &status, jerr) ||
	    json_get_bool(o, "threads", "unread", 0, &unread, jerr) ||
	    !get_time(o, "threads", "updated_at", t->updated, jerr) ||
	    json_get_object(o, "threads", "about", JSON_OPTIONAL, &about, jerr) ||
	    json_get_object(o, "threads", "customer", JSON_OPTIONAL, &who, jerr) ||
	    json_get_string(o, "threads", "closed_by", JSON_OPTIONAL, 16, &by, jerr))
		return false;
	if (strcmp(status, "open") && strcmp(status, "closed")) {
		jerr->code = JSON_ERR_RANGE;
		snprintf(jerr->field, sizeof jerr->field, "threads.status");
		jerr->detail = N_("not open or closed");
		return false;
	}
	if (!plain_id(id)) {
		jerr->code = JSON_ERR_RANGE;
		snprintf(jerr->field, sizeof jerr->field, "threads.id");
		jerr->detail = N_("not an ID");
		return false;
	}
	snprintf(t->id, sizeof t->id, "%s", id);
	put_safe(t->subject, sizeof t->subject, subject, 0);
	t->open = !strcmp(status, "open");
	t->closed_by_staff = !t->open && by && !strcmp(by, "staff");
	t->unread = unread;
	if (about) {
		const char *kind;
		if (json_get_string(about, "threads.about", "kind", 0, sizeof t->about_kind - 1, &kind, jerr) ||
		    json_get_string(about, "threads.about", "id", 0, SUPPORT_ID_MAX - 1, &s, jerr))
			return false;
		put_safe(t->about_kind, sizeof t->about_kind, kind, 0);
		put_safe(t->about_id, sizeof t->about_id, s, 0);
	}
	if (who) {
		if (json_get_string(who, "threads.customer", "name", 0, API_NAME_MAX - 1, &s, jerr))
			return false;
		put_safe(t->customer, sizeof t->customer, s, 0);
	}
	return true;
}

static bool decode_message(json_object *o, struct support_message *m, struct json_error *jerr)
{
	const char *sender, *body, *author = NULL;
	json_object *arts = NULL;
	int automatic = 0;

	if (json_get_int64(o, "messages", "id", 0, 1, INT64_MAX, &m->id, jerr) ||
	    json_get_string(o, "messages", "sender", 0, 16, &sender, jerr) ||
	    json_get_bool(o, "messages", "automatic", 0, &automatic, jerr) ||
	    json_get_string(o, "messages", "body", 0, SUPPORT_MESSAGE_MAX * 4, &body, jerr) ||
	    json_get_string(o, "messages", "author", JSON_OPTIONAL, API_NAME_MAX - 1, &author, jerr) ||
	    !get_time(o, "messages", "at", m->at, jerr) ||
	    json_get_array(o, "messages", "articles", JSON_OPTIONAL, &arts, jerr))
		return false;
	if (!strcmp(sender, "customer"))
		m->sender = SUPPORT_CUSTOMER;
	else if (!strcmp(sender, "bank"))
		m->sender = SUPPORT_BANK;
	else if (!strcmp(sender, "staff"))
		m->sender = SUPPORT_STAFF;
	else {
		jerr->code = JSON_ERR_RANGE;
		snprintf(jerr->field, sizeof jerr->field, "messages.sender");
		jerr->detail = N_("not customer, bank or staff");
		return false;
	}
	m->automatic = automatic;
	if (author)
		put_safe(m->author, sizeof m->author, author, 0);
	for (size_t i = 0; arts && i < json_object_array_length(arts) && m->narticles < SUPPORT_ARTICLES; i++) {
		json_object *a = json_object_array_get_idx(arts, i);
		const char *aid, *title;
		if (json_get_string(a, "messages.articles", "id", 0, HELP_ID_MAX - 1, &aid, jerr) ||
		    json_get_string(a, "messages.articles", "title", 0, 400, &title, jerr))
			return false;
		put_safe(m->articles[m->narticles].id, HELP_ID_MAX, aid, 0);
		put_safe(m->articles[m->narticles].title, sizeof m->articles[0].title, title, 0);
		m->narticles++;
	}
	m->body = text_sanitize(body, strlen(body), TEXT_MULTILINE);
	return true;
}

bool support_threads_decode(json_object *doc, struct support_thread **out, size_t *n, struct api_error *err)
{
	return op_decode_items(doc, sizeof **out, decode_thread, (void **)out, n, _("the conversations"), err);
}

bool support_thread_decode(json_object *doc, struct support_thread *out, struct api_error *err)
{
	struct json_error jerr = { 0 };
	json_object *msgs = NULL;

	if (!decode_thread(doc, out, &jerr) || json_get_array(doc, "threads", "messages", 0, &msgs, &jerr)) {
		memset(out, 0, sizeof *out);
		/* L10N: what was being read, in "the bank's answer about %s cannot be read". */
		op_decode_error(&jerr, _("the conversation"), err);
		return false;
	}
	out->messages = xcalloc(json_object_array_length(msgs) + 1, sizeof *out->messages);
	for (size_t i = 0; i < json_object_array_length(msgs); i++) {
		if (!decode_message(json_object_array_get_idx(msgs, i), &out->messages[i], &jerr)) {
			support_thread_clear(out);
			op_decode_error(&jerr, _("the conversation"), err);
			return false;
		}
		out->nmessages++;
	}
	return true;
}

void support_thread_clear(struct support_thread *t)
{
	for (size_t i = 0; i < t->nmessages; i++)
		free(t->messages[i].body);
	free(t->messages);
	memset(t, 0, sizeof *t);
}

void support_threads_free(struct support_thread *list, size_t n)
{
	(void)n; /* a list holds no messages */
	free(list);
}

void support_sender_words(const struct support_message *m, const struct support_thread *t, bool staff, char *out,
			  size_t len)
{
	if (m->sender == SUPPORT_BANK)
		/* L10N: who wrote a message: the bank's automatic answer. */
		snprintf(out, len, "%s", m->automatic ? _("The bank (automatic reply)") : _("The bank"));
	else if (m->sender == SUPPORT_STAFF && staff)
		/* L10N: who wrote a message, seen by the bank's staff: %s is the staff member. */
		snprintf(out, len, _("%s (staff)"), m->author[0] ? m->author : _("Staff"));
	else if (m->sender == SUPPORT_STAFF)
		/* L10N: who wrote a message: %s is the bank's staff member who answered. */
		snprintf(out, len, _("%s (the bank)"), m->author[0] ? m->author : _("The bank"));
	else if (staff)
		/* L10N: who wrote a message, seen by staff: %s is the customer. */
		snprintf(out, len, _("%s (customer)"), t->customer[0] ? t->customer : _("The customer"));
	else
		/* L10N: who wrote a message: the customer reading it. */
		snprintf(out, len, "%s", _("You"));
}

const char *support_state_words(const struct support_thread *t)
{
	/* L10N: a conversation with a message the reader has not read. */
	return t->unread ? _("unread") : "";
}
