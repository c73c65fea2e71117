/* support.h: talking to the bank, as the core knows it: finding an answer
 * in the bank's help articles, in the customer's language, and the
 * conversations with the bank's support (a customer's own threads; staff
 * see every customer's).  The requests are built, what the person wrote
 * checked, and the answers read here, once, for both faces. */
#ifndef BANKTERM_SUPPORT_H
#define BANKTERM_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#include "api.h"
#include "op.h"

/* The longest question searched, in characters (the bank's own limit). */
#define SUPPORT_QUESTION_MAX 200
/* Room for a search's path: a question's every byte escaped, and more. */
#define SUPPORT_PATH_MAX (SUPPORT_QUESTION_MAX * 4 * 3 + 64)
/* The longest id of an article (the bank's are shorter). */
#define HELP_ID_MAX 48
/* The longest article the client reads, in bytes. */
#define HELP_BODY_MAX 20000

struct help_doc {
	char id[HELP_ID_MAX];
	char *title; /* sanitized for a terminal */
	char *body;  /* sanitized, its paragraphs' newlines kept */
};

/* The path (out holds SUPPORT_PATH_MAX) that searches the help for
 * question (NULL or "": every article);
 * false, with why in msg, when the question is longer than the bank reads. */
bool support_help_path(const char *question, char *out, size_t len, char *msg, size_t msglen);
/* The path of the article id; false, with why in msg, when id cannot be
 * one (an article's id is lower-case letters, digits and '-'). */
bool support_article_path(const char *id, char *out, size_t len, char *msg, size_t msglen);
/* GET /help/articles/ID's answer, checked; *out is cleared first. */
bool support_article_decode(json_object *doc, struct help_doc *out, struct api_error *err);
void support_article_clear(struct help_doc *d);

/* --- conversations ----------------------------------------------------------------- */

/* The bank's limits, in characters. */
#define SUPPORT_SUBJECT_MAX 120
#define SUPPORT_MESSAGE_MAX 4000
/* The longest id of a thread, or of what a thread is about. */
#define SUPPORT_ID_MAX 48
/* The articles an automatic reply suggests, at most. */
#define SUPPORT_ARTICLES 3

enum support_sender {
	SUPPORT_CUSTOMER, /* the customer */
	SUPPORT_BANK,     /* the bank itself: an automatic reply */
	SUPPORT_STAFF,    /* a person of the bank's support */
};

struct support_article_ref {
	char id[HELP_ID_MAX];
	char title[256]; /* sanitized */
};

struct support_message {
	int64_t id;
	enum support_sender sender;
	bool automatic;
	char author[API_NAME_MAX]; /* staff: their name, sanitized; else "" */
	char *body;   /* sanitized, its newlines kept */
	char at[32];  /* RFC 3339, checked: support_when() writes it */
	struct support_article_ref articles[SUPPORT_ARTICLES];
	size_t narticles;
};

struct support_thread {
	char id[SUPPORT_ID_MAX];
	char subject[SUPPORT_SUBJECT_MAX * 4 + 1]; /* sanitized */
	bool open, unread;
	bool closed_by_staff; /* the bank closed it: the customer is asked to rate the help */
	char about_kind[16]; /* "transaction", "transfer", "bill", or "" */
	char about_id[SUPPORT_ID_MAX];
	char customer[API_NAME_MAX]; /* staff's view: whose thread, sanitized; else "" */
	char updated[32]; /* RFC 3339, checked */
	struct support_message *messages; /* a thread fetched whole; NULL in a list */
	size_t nmessages;
};

/**
 * Whether text may be sent as a subject (max SUPPORT_SUBJECT_MAX) or a
 * message (SUPPORT_MESSAGE_MAX): the bank's own rule, checked before
 * anything is sent.  Plain text of 1 to max characters, valid UTF-8, no
 * control characters but new lines and tabs.  false with why in msg; what
 * names the field in the person's words.
 */
bool support_text_ok(const char *text, long max, const char *what, char *msg, size_t msglen);
/* The path of the threads: a customer's own, or (staff) those of status
 * ("open", "closed" or "all"; NULL: the bank's default). */
void support_threads_path(const char *status, char *out, size_t len);
/* The path of thread id; false, with why in msg, when id cannot be one. */
bool support_thread_path(const char *id, char *out, size_t len, char *msg, size_t msglen);
/* A new thread: subject, the first message, and what it is about (NULL:
 * nothing; else the id of a transaction, transfer or bill). */
bool support_new_op(const char *subject, const char *about, const char *message, struct op *op, char *msg,
		    size_t msglen);
bool support_reply_op(const char *thread, const char *message, struct op *op, char *msg, size_t msglen);
bool support_close_op(const char *thread, struct op *op, char *msg, size_t msglen);

/* doc["items"] of GET /support/threads; *out is malloc'd (no messages). */
bool support_threads_decode(json_object *doc, struct support_thread **out, size_t *n, struct api_error *err);
/* GET /support/threads/ID's answer, its messages too; *out is cleared first. */
bool support_thread_decode(json_object *doc, struct support_thread *out, struct api_error *err);
void support_thread_clear(struct support_thread *t);
void support_threads_free(struct support_thread *list, size_t n);
/* Who wrote m, in words, as both faces head a message: "You", "The bank
 * (automatic reply)", "Sam Okafor (the bank)", or from staff's side the
 * customer's name. */
void support_sender_words(const struct support_message *m, const struct support_thread *t, bool staff, char *out,
			  size_t len);
/* An RFC 3339 time as both faces show it: "YYYY-MM-DD HH:MM" (UTC). */
void support_when(const char *rfc3339, char out[17]);
/* The label of a field of what a thread is about, as staff see it in full
 * ("amount": "Amount"), translated; NULL for a field not shown. */
const char *support_detail_label(const char *field);
/* Whether it is in words "unread", for lists and screen readers. */
const char *support_state_words(const struct support_thread *t);

#endif
