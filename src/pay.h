/* pay.h: the exactly-once protocol, the one way anything that moves money
 * (or changes something once at the bank) is sent, by either face.
 *
 * Sending: the request is written down as an intent (intent.h) with a fresh
 * Idempotency-Key, then sent.  Every outcome falls into one of three kinds
 * (pay_classify): done, refused (nothing happened), or unknown (the answer
 * was lost: the intent stays).
 *
 * Settling an unknown one (pay_check): the bank is asked whether a request
 * under that key arrived, through a read-only route; nothing is sent again.
 * - It arrived: its answer says whether it went through; the intent goes.
 * - It never arrived: the person is asked, with its age, whether to send it
 *   now (pay_resend) or not (pay_drop).  Nothing is sent without that yes.
 * - It is older than the bank keeps keys (PAY_KEY_DAYS): said, never resent.
 * - The bank cannot be asked (no network, signed out): the intent stays. */
#ifndef BANKTERM_PAY_H
#define BANKTERM_PAY_H

#include <stdbool.h>
#include <stddef.h>

#include <json-c/json.h>

#include "api.h"
#include "intent.h"
#include "session.h"

/* How long the bank keeps an Idempotency-Key and its answer (doc/api.yaml). */
#define PAY_KEY_DAYS 7

enum pay_outcome {
	PAY_DONE,    /* the bank carried it out */
	PAY_REFUSED, /* the bank said no, or it never left: nothing happened */
	PAY_UNKNOWN, /* the answer was lost: it may have happened; the intent stays */
};

/* The one place that says what an answer means for the money. */
enum pay_outcome pay_classify(bool ok, const struct api_error *err);

struct pay_request {
	const char *method, *path, *body;
	const char *summary;          /* the words the person confirmed; kept with the intent */
	const char *challenge, *code; /* a step-up's, when the same request goes again with a code */
	char key[UUID_STR_LEN];       /* "": a new key, filled in; set: the same request again */
};

/**
 * Writes the intent, sends the request, and classifies the answer.  The
 * intent is forgotten unless the outcome is unknown.  p (may be NULL) asks
 * for a step-up code in place; without it a step-up comes back refused, with
 * err->challenge, for the caller to send again with the code and the same key.
 * *out (may be NULL) gets the 2xx JSON object.
 */
enum pay_outcome pay_send(struct session *s, const struct session_prompt *p, struct pay_request *rq,
			  json_object **out, struct api_error *err);

enum pay_verdict {
	PAY_WENT_THROUGH,   /* the bank had it and carried it out: forgotten */
	PAY_NOT_MADE,       /* the bank had it and refused it: forgotten */
	PAY_NEVER_RECEIVED, /* the bank never had it: ask before sending it (kept until then) */
	PAY_TOO_OLD,        /* older than the bank keeps keys: cannot be checked, never sent again; forgotten */
	PAY_STILL_UNKNOWN,  /* the bank could not be asked: kept */
};

/**
 * Asks the bank what became of an intent, without sending it.  msg gets a
 * translated sentence for the person (the intent's summary in it is made
 * safe for a terminal).  now is the current Unix time.
 */
enum pay_verdict pay_check(struct session *s, const struct intent *in, long long now, char *msg, size_t msglen);
/* Sends a never-received intent under its own key, after the person said yes. */
enum pay_outcome pay_resend(struct session *s, const struct session_prompt *p, const struct intent *in,
			    json_object **out, struct api_error *err);
/* The person said not to send it: it is forgotten. */
void pay_drop(const struct intent *in);
/* "5 minutes ago", "3 hours ago", "2 days ago": when something was, translated. */
void pay_age_text(long long seconds, char *out, size_t len);

#endif
